//! Name rules for clusters and task definition families: 1-255 letters, digits, `-` and `_`.

/// Longest cluster or family name.
pub const MAX_NAME: usize = 255;

/// Checks a cluster or family name; the error says what is wrong, for display next to the field.
pub fn validate_name(kind: &str, name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err(format!("{kind} name is required"));
    }
    if name.chars().count() > MAX_NAME {
        return Err(format!("{kind} name is longer than {MAX_NAME} characters"));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(format!(
            "{kind} name may contain only letters, digits, hyphens and underscores (not {bad:?})"
        ));
    }
    Ok(())
}

/// A cluster name.
pub fn validate_cluster_name(name: &str) -> Result<(), String> {
    validate_name("cluster", name)
}

/// A task definition family name.
pub fn validate_family_name(name: &str) -> Result<(), String> {
    validate_name("family", name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_the_allowed_characters_up_to_255() {
        assert!(validate_cluster_name("a").is_ok());
        assert!(validate_cluster_name("Prod_web-01").is_ok());
        assert!(validate_family_name(&"x".repeat(255)).is_ok());
    }

    #[test]
    fn refuses_empty_long_and_other_characters() {
        assert_eq!(
            validate_cluster_name(""),
            Err("cluster name is required".into())
        );
        assert!(validate_family_name(&"x".repeat(256)).is_err());
        for bad in ["a b", "a.b", "a/b", "a:b", "é", "a*"] {
            assert!(validate_cluster_name(bad).is_err(), "{bad}");
        }
        assert!(validate_family_name("web:1").unwrap_err().contains("':'"));
    }
}
