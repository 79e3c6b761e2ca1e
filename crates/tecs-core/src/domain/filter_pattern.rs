//! The shape of a CloudWatch Logs filter pattern, checked before FilterLogEvents sees it.
//!
//! CloudWatch Logs "Filter pattern syntax": terms (`ERROR`, `-DEBUG`, `?WARN`), quoted phrases
//! (`"request failed"`), JSON patterns (`{ $.level = "error" }`) and space-delimited patterns
//! (`[ip, user, status = 5*]`). FilterLogEvents takes at most 1,024 characters and refuses an
//! unbalanced pattern with a bare `InvalidParameterException`; tecs says which part is open.

/// The longest pattern FilterLogEvents accepts (`filterPattern`, 0-1024 characters).
pub const MAX_LEN: usize = 1024;

/// Why `pattern` would be refused: too long, a quote, brace or bracket left open or closed
/// without opening, or a JSON pattern without a `$` selector. `Ok` does not promise CloudWatch
/// takes it; it catches the mistakes a typed line usually has.
pub fn check(pattern: &str) -> Result<(), String> {
    let len = pattern.chars().count();
    if len > MAX_LEN {
        return Err(format!(
            "a filter pattern has at most {MAX_LEN} characters ({len} given)"
        ));
    }
    let mut open: Vec<char> = Vec::new();
    let mut in_quote = false;
    let mut in_regex = false;
    let mut escaped = false;
    let mut prev: Option<char> = None;
    for c in pattern.chars() {
        let term_start = prev.is_none_or(|p| p.is_whitespace() || p == '-' || p == '?');
        prev = Some(c);
        // `%…%` is a regular expression term: its brackets and braces are its own.
        if in_regex {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '%' => in_regex = false,
                _ => {}
            }
            continue;
        }
        if in_quote {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_quote = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_quote = true,
            // Only at the start of a term (`%ERROR%`, `-%x%`); `100%` is a plain word.
            '%' if term_start => in_regex = true,
            '{' | '[' => open.push(c),
            '}' | ']' => {
                let wanted = if c == '}' { '{' } else { '[' };
                if open.pop() != Some(wanted) {
                    return Err(format!("{c} closes nothing that is open"));
                }
            }
            _ => {}
        }
    }
    if in_quote {
        return Err("a double quote is left open".to_string());
    }
    if in_regex {
        return Err("a %regular expression% is left open: end it with %".to_string());
    }
    if let Some(c) = open.last() {
        let (name, close) = if *c == '{' {
            ("JSON pattern", '}')
        } else {
            ("space-delimited pattern", ']')
        };
        return Err(format!("the {name} is not closed: end it with {close}"));
    }
    let trimmed = pattern.trim();
    if trimmed.starts_with('{') && !trimmed.contains('$') {
        return Err("a JSON pattern selects with $, e.g. { $.level = \"error\" }".to_string());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn well_formed_patterns_pass() {
        for p in [
            "",
            "ERROR",
            "ERROR -healthcheck ?WARN",
            "\"request failed\"",
            "\"say \\\"hi\\\" {\"",
            "{ $.level = \"error\" }",
            "{ ($.status = 5*) && ($.path != \"/health\") }",
            "[ip, user, status = 5*, ...]",
            "%\\[ERROR%",
            "%a{2}b% -%[0-9]+ms%",
            "CPU 100%",
        ] {
            assert_eq!(check(p), Ok(()), "{p}");
        }
    }

    #[test]
    fn open_or_stray_parts_are_named() {
        for (p, why) in [
            ("\"request failed", "double quote is left open"),
            ("{ $.level = \"error\"", "JSON pattern is not closed"),
            ("[ip, user", "space-delimited pattern is not closed"),
            ("ERROR }", "} closes nothing"),
            ("[a}", "} closes nothing"),
            ("{ level = error }", "selects with $"),
            ("%ERROR", "regular expression% is left open"),
        ] {
            let err = check(p).expect_err(p);
            assert!(err.contains(why), "{p}: {err}");
        }
        let long = "x".repeat(MAX_LEN + 1);
        assert!(check(&long).is_err_and(|e| e.contains("at most 1024")));
        assert_eq!(check(&"x".repeat(MAX_LEN)), Ok(()));
    }
}
