//! The compact syntaxes of the wizard's list fields: port mappings, `KEY=value` pairs (environment,
//! secrets, tags), and the checks on log settings.

use crate::form::shell;

/// Application protocols a port mapping may name (Service Connect).
pub const APP_PROTOCOLS: &[&str] = &["http", "http2", "grpc"];
/// Most tags a resource takes.
pub const MAX_TAGS: usize = 50;

/// One port mapping as typed: `[HOST:]CONTAINER[/PROTO] [name=NAME] [app=PROTO]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortSpec {
    pub container: u16,
    pub host: Option<u16>,
    /// `tcp` or `udp`.
    pub protocol: String,
    pub name: Option<String>,
    pub app_protocol: Option<String>,
}

impl PortSpec {
    /// How the spec is typed (the form's text for a prefilled mapping).
    pub fn text(&self) -> String {
        let mut out = match self.host {
            Some(h) => format!("{h}:{}/{}", self.container, self.protocol),
            None => format!("{}/{}", self.container, self.protocol),
        };
        if let Some(n) = &self.name {
            out.push_str(&format!(" name={n}"));
        }
        if let Some(a) = &self.app_protocol {
            out.push_str(&format!(" app={a}"));
        }
        out
    }
}

fn port(text: &str, what: &str, zero_ok: bool) -> Result<u16, String> {
    let value: u16 = text
        .parse()
        .map_err(|_| format!("{what} {text:?} is not a port (1-65535)"))?;
    if value == 0 && !zero_ok {
        return Err(format!("{what} must be 1-65535"));
    }
    Ok(value)
}

/// Port mapping names: 1-64 lowercase letters, digits, `_` and `-`, not starting with `-`.
pub fn validate_port_name(name: &str) -> Result<(), String> {
    let ok = !name.is_empty()
        && name.len() <= 64
        && !name.starts_with('-')
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "port name {name:?}: 1-64 lowercase letters, digits, _ and -, not starting with -"
        ))
    }
}

/// Parses comma-separated port mappings.
pub fn parse_ports(text: &str) -> Result<Vec<PortSpec>, String> {
    let mut out: Vec<PortSpec> = Vec::new();
    for entry in text.split(',').map(str::trim).filter(|e| !e.is_empty()) {
        let mut tokens = entry.split_whitespace();
        let Some(first) = tokens.next() else {
            continue;
        };
        let (ports, protocol) = match first.split_once('/') {
            Some((p, proto)) => (p, proto.to_ascii_lowercase()),
            None => (first, "tcp".to_string()),
        };
        if protocol != "tcp" && protocol != "udp" {
            return Err(format!("{entry}: protocol must be tcp or udp"));
        }
        let (host, container) = match ports.split_once(':') {
            Some((h, c)) => (
                Some(port(h, "host port", true).map_err(|e| format!("{entry}: {e}"))?),
                c,
            ),
            None => (None, ports),
        };
        let container =
            port(container, "container port", false).map_err(|e| format!("{entry}: {e}"))?;
        let mut spec = PortSpec {
            container,
            host,
            protocol,
            name: None,
            app_protocol: None,
        };
        for token in tokens {
            match token.split_once('=') {
                Some(("name", n)) => {
                    validate_port_name(n).map_err(|e| format!("{entry}: {e}"))?;
                    spec.name = Some(n.to_string());
                }
                Some(("app", a)) => {
                    let a = a.to_ascii_lowercase();
                    if !APP_PROTOCOLS.contains(&a.as_str()) {
                        return Err(format!("{entry}: app protocol must be http, http2 or grpc"));
                    }
                    spec.app_protocol = Some(a);
                }
                _ => {
                    return Err(format!(
                        "{entry}: unexpected {token:?} (write name=NAME or app=http|http2|grpc)"
                    ));
                }
            }
        }
        if out
            .iter()
            .any(|p| p.container == spec.container && p.protocol == spec.protocol)
        {
            return Err(format!(
                "{}/{} is mapped twice",
                spec.container, spec.protocol
            ));
        }
        if let Some(n) = &spec.name
            && out.iter().any(|p| p.name.as_ref() == Some(n))
        {
            return Err(format!("port name {n} is used twice"));
        }
        out.push(spec);
    }
    Ok(out)
}

/// Parses `KEY=value` words (shell quoting); `what` names them in messages (`variable`, `tag`).
pub fn parse_pairs(text: &str, what: &str) -> Result<Vec<(String, String)>, String> {
    let mut out: Vec<(String, String)> = Vec::new();
    for word in shell::split(text)? {
        let Some((key, value)) = word.split_once('=') else {
            return Err(format!("{word:?} is not KEY=value"));
        };
        if key.is_empty() {
            return Err(format!("{word:?}: the {what} needs a name before ="));
        }
        if out.iter().any(|(k, _)| k == key) {
            return Err(format!("{what} {key} is set twice"));
        }
        out.push((key.to_string(), value.to_string()));
    }
    Ok(out)
}

/// `KEY=value` words, quoted so [`parse_pairs`] reads them back.
pub fn format_pairs(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| shell::quote(&format!("{k}={v}")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Tags: `key=value` pairs, keys 1-128 and values 0-256 characters, no `aws:` prefix, at most 50.
pub fn parse_tags(text: &str) -> Result<Vec<(String, String)>, String> {
    let tags = parse_pairs(text, "tag")?;
    if tags.len() > MAX_TAGS {
        return Err(format!("{} tags: at most {MAX_TAGS}", tags.len()));
    }
    for (k, v) in &tags {
        if k.chars().count() > 128 {
            return Err(format!("tag key {k:?} is longer than 128 characters"));
        }
        if v.chars().count() > 256 {
            return Err(format!(
                "the value of tag {k} is longer than 256 characters"
            ));
        }
        if k.to_ascii_lowercase().starts_with("aws:") {
            return Err(format!("tag key {k}: the aws: prefix is reserved"));
        }
    }
    Ok(tags)
}

/// Secrets: `NAME=arn-or-parameter` pairs, both sides required.
pub fn parse_secrets(text: &str) -> Result<Vec<(String, String)>, String> {
    let secrets = parse_pairs(text, "secret")?;
    if let Some((name, _)) = secrets.iter().find(|(_, v)| v.is_empty()) {
        return Err(format!(
            "secret {name} needs the ARN or parameter name after ="
        ));
    }
    Ok(secrets)
}

/// CloudWatch Logs group names: 1-512 of letters, digits, `_ - / . #`.
pub fn validate_log_group(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("the log group is required".to_string());
    }
    if name.len() > 512 {
        return Err("the log group name is longer than 512 characters".to_string());
    }
    match name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "_-/.#".contains(*c)))
    {
        Some(bad) => Err(format!(
            "log group names may contain letters, digits and _-/.# (not {bad:?})"
        )),
        None => Ok(()),
    }
}

/// A region name such as `us-east-1` or `us-gov-west-1`.
pub fn validate_region(region: &str) -> Result<(), String> {
    let parts: Vec<&str> = region.split('-').collect();
    let ok = parts.len() >= 3
        && parts[0].len() == 2
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
        && parts
            .last()
            .is_some_and(|n| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit()));
    if ok {
        Ok(())
    } else {
        Err(format!("{region:?} is not a region name (like us-east-1)"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_in_every_form() {
        let ports = parse_ports("8080, 80:8080/udp name=web-1 app=http ,9090/TCP app=grpc")
            .expect("parses");
        assert_eq!(ports.len(), 3);
        assert_eq!(
            ports[0],
            PortSpec {
                container: 8080,
                host: None,
                protocol: "tcp".into(),
                name: None,
                app_protocol: None
            }
        );
        assert_eq!(ports[1].host, Some(80));
        assert_eq!(ports[1].protocol, "udp");
        assert_eq!(ports[1].name.as_deref(), Some("web-1"));
        assert_eq!(ports[1].app_protocol.as_deref(), Some("http"));
        assert_eq!(ports[2].protocol, "tcp");
        assert_eq!(parse_ports("0:80").expect("dynamic")[0].host, Some(0));
        assert!(parse_ports("").expect("empty").is_empty());
        assert!(parse_ports(" , ").expect("blank entries").is_empty());
        for p in &ports {
            assert_eq!(
                parse_ports(&p.text()).expect("round trip"),
                std::slice::from_ref(p)
            );
        }
    }

    #[test]
    fn bad_ports_say_which_entry() {
        let cases = [
            ("0", "1-65535"),
            ("65536", "not a port"),
            ("http", "not a port"),
            ("80/sctp", "tcp or udp"),
            ("x:80", "not a port"),
            ("80 app=ftp", "http, http2 or grpc"),
            ("80 name=Web", "lowercase"),
            ("80 name=-web", "lowercase"),
            ("80 colour=blue", "unexpected"),
            ("80, 80/tcp", "mapped twice"),
            ("80 name=a, 81 name=a", "used twice"),
        ];
        for (text, reason) in cases {
            let err = parse_ports(text).expect_err(text);
            assert!(err.contains(reason), "{text}: {err}");
        }
        assert!(
            parse_ports("80, 80/udp").is_ok(),
            "tcp and udp may share a port"
        );
    }

    #[test]
    fn pairs_with_quotes() {
        let pairs = parse_pairs("A=1 B='two words' C= D=x=y", "variable").expect("parses");
        assert_eq!(
            pairs,
            [
                ("A".to_string(), "1".to_string()),
                ("B".into(), "two words".into()),
                ("C".into(), "".into()),
                ("D".into(), "x=y".into())
            ]
        );
        assert_eq!(
            parse_pairs(&format_pairs(&pairs), "variable").expect("round trip"),
            pairs
        );
        assert!(
            parse_pairs("A", "variable")
                .unwrap_err()
                .contains("KEY=value")
        );
        assert!(
            parse_pairs("=1", "variable")
                .unwrap_err()
                .contains("needs a name")
        );
        assert!(
            parse_pairs("A=1 A=2", "variable")
                .unwrap_err()
                .contains("set twice")
        );
        assert!(
            parse_pairs("A='1", "variable")
                .unwrap_err()
                .contains("not closed")
        );
    }

    #[test]
    fn tag_rules() {
        assert_eq!(parse_tags("team=web env=").expect("ok").len(), 2);
        assert!(parse_tags("aws:x=1").unwrap_err().contains("reserved"));
        assert!(parse_tags("AWS:x=1").is_err());
        assert!(parse_tags(&format!("{}=1", "k".repeat(129))).is_err());
        assert!(parse_tags(&format!("k={}", "v".repeat(257))).is_err());
        let many: Vec<String> = (0..51).map(|i| format!("k{i}=v")).collect();
        assert!(
            parse_tags(&many.join(" "))
                .unwrap_err()
                .contains("at most 50")
        );
        let fifty: Vec<String> = (0..50).map(|i| format!("k{i}=v")).collect();
        assert!(parse_tags(&fifty.join(" ")).is_ok());
    }

    #[test]
    fn secrets_need_a_source() {
        assert!(parse_secrets("DB=arn:aws:secretsmanager:us-east-1:1:secret:db").is_ok());
        assert!(parse_secrets("DB=").unwrap_err().contains("after ="));
    }

    #[test]
    fn log_groups_and_regions() {
        assert!(validate_log_group("/ecs/web-api_v2.x#1").is_ok());
        assert!(validate_log_group("").is_err());
        assert!(validate_log_group("/ecs/web api").is_err());
        assert!(validate_log_group(&"a".repeat(513)).is_err());
        for ok in [
            "us-east-1",
            "eu-central-2",
            "us-gov-west-1",
            "cn-north-1",
            "ap-southeast-5",
        ] {
            assert!(validate_region(ok).is_ok(), "{ok}");
        }
        for bad in [
            "",
            "us-east",
            "useast1",
            "US-EAST-1",
            "us--1",
            "us-east-x",
            "u-east-1",
        ] {
            assert!(validate_region(bad).is_err(), "{bad}");
        }
    }
}
