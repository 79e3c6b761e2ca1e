//! Creating and deleting Cloud Map namespaces as plain data: name rules and the exact requests.

use serde_json::{Map, Value, json};

use super::request::{Operation, PlannedRequest, validate_tags};
use crate::model::namespace::{Namespace, NamespaceKind};

/// Longest HTTP namespace name (Cloud Map's pattern `[!-~]{1,1024}`).
pub const MAX_HTTP_NAME: usize = 1024;
/// Longest DNS namespace name: a DNS name.
pub const MAX_DNS_NAME: usize = 253;
/// Longest DNS label.
pub const MAX_DNS_LABEL: usize = 63;
/// Longest namespace description.
pub const MAX_DESCRIPTION: usize = 1024;

/// The kind of namespace to create.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NewNamespaceKind {
    /// Discovery through API calls only; what Service Connect uses.
    Http,
    /// A Route 53 private hosted zone in `vpc_id`, plus API discovery.
    DnsPrivate { vpc_id: String },
}

/// Everything the create-namespace form collects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewNamespace {
    pub name: String,
    pub kind: NewNamespaceKind,
    pub description: Option<String>,
    pub tags: Vec<(String, String)>,
}

impl NewNamespace {
    /// Every problem with the form, empty when it can be sent. An HTTP namespace name must be
    /// unique in the region, so one that `existing` already holds is refused before the call.
    pub fn validate(&self, existing: &[Namespace]) -> Vec<String> {
        let mut errors = Vec::new();
        let dns = matches!(self.kind, NewNamespaceKind::DnsPrivate { .. });
        if let Err(e) = validate_namespace_name(&self.name, dns) {
            errors.push(e);
        } else if !dns && existing.iter().any(|n| n.name == self.name) {
            errors.push(format!(
                "a namespace named {} already exists in this region",
                self.name
            ));
        } else if dns
            && existing
                .iter()
                .any(|n| n.name == self.name && n.kind == NamespaceKind::Http)
        {
            errors.push(format!(
                "an HTTP namespace named {} already exists in this region",
                self.name
            ));
        }
        if let NewNamespaceKind::DnsPrivate { vpc_id } = &self.kind
            && vpc_id.trim().is_empty()
        {
            errors.push("choose the VPC for the private DNS namespace".to_string());
        }
        if let Some(e) = self.description.as_deref().and_then(validate_description) {
            errors.push(e);
        }
        errors.extend(validate_tags(&self.tags));
        errors
    }

    /// The create request this form sends.
    pub fn request(&self) -> PlannedRequest {
        match &self.kind {
            NewNamespaceKind::Http => {
                create_http_namespace_request(&self.name, self.description.as_deref(), &self.tags)
            }
            NewNamespaceKind::DnsPrivate { vpc_id } => create_private_dns_namespace_request(
                &self.name,
                vpc_id,
                self.description.as_deref(),
                &self.tags,
            ),
        }
    }
}

/// Checks a namespace name. HTTP: 1-1024 printable ASCII characters without spaces, and none of
/// `< > " /`, which Service Connect refuses in namespace names. Private DNS: a DNS name of at
/// most 253 characters, labels of 1-63 letters, digits, `-` and `_`, not starting or ending with
/// `-`.
pub fn validate_namespace_name(name: &str, dns: bool) -> Result<(), String> {
    if name.is_empty() {
        return Err("namespace name is required".to_string());
    }
    if dns {
        let name = name.strip_suffix('.').unwrap_or(name);
        if name.len() > MAX_DNS_NAME {
            return Err(format!(
                "a DNS namespace name is at most {MAX_DNS_NAME} characters"
            ));
        }
        for label in name.split('.') {
            if label.is_empty() {
                return Err("a DNS namespace name has no empty labels (..)".to_string());
            }
            if label.len() > MAX_DNS_LABEL {
                return Err(format!(
                    "each part of a DNS name is at most {MAX_DNS_LABEL} characters ({label})"
                ));
            }
            if let Some(bad) = label
                .chars()
                .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
            {
                return Err(format!(
                    "a DNS namespace name may contain only letters, digits, '-', '_' and dots (not {bad:?})"
                ));
            }
            if label.starts_with('-') || label.ends_with('-') {
                return Err(format!(
                    "a part of a DNS name may not start or end with '-' ({label})"
                ));
            }
        }
        return Ok(());
    }
    if name.chars().count() > MAX_HTTP_NAME {
        return Err(format!(
            "a namespace name is at most {MAX_HTTP_NAME} characters"
        ));
    }
    if let Some(bad) = name.chars().find(|c| !matches!(c, '!'..='~')) {
        return Err(format!(
            "a namespace name may contain only printable ASCII without spaces (not {bad:?})"
        ));
    }
    if let Some(bad) = name.chars().find(|c| matches!(c, '<' | '>' | '"' | '/')) {
        return Err(format!(
            "Service Connect refuses {bad:?} in namespace names"
        ));
    }
    Ok(())
}

/// A description over the limit, as an error line.
pub fn validate_description(description: &str) -> Option<String> {
    (description.chars().count() > MAX_DESCRIPTION)
        .then(|| format!("the description is longer than {MAX_DESCRIPTION} characters"))
}

/// Cloud Map spells tag members with capitals.
fn cloud_map_tags(tags: &[(String, String)]) -> Value {
    Value::Array(
        tags.iter()
            .map(|(k, v)| json!({"Key": k, "Value": v}))
            .collect(),
    )
}

fn namespace_body(
    name: &str,
    vpc: Option<&str>,
    description: Option<&str>,
    tags: &[(String, String)],
) -> Value {
    let mut body = Map::new();
    body.insert("Name".into(), json!(name));
    if let Some(vpc) = vpc {
        body.insert("Vpc".into(), json!(vpc));
    }
    if let Some(d) = description.filter(|d| !d.is_empty()) {
        body.insert("Description".into(), json!(d));
    }
    if !tags.is_empty() {
        body.insert("Tags".into(), cloud_map_tags(tags));
    }
    Value::Object(body)
}

const ASYNC_NOTE: &str = "Cloud Map creates namespaces asynchronously: tecs follows the operation until it succeeds or fails";

/// CreateHttpNamespace.
pub fn create_http_namespace_request(
    name: &str,
    description: Option<&str>,
    tags: &[(String, String)],
) -> PlannedRequest {
    PlannedRequest::new(
        Operation::CreateHttpNamespace,
        format!("Create HTTP namespace {name} (AWS Cloud Map)"),
        namespace_body(name, None, description, tags),
    )
    .with_note(ASYNC_NOTE)
}

/// CreatePrivateDnsNamespace in `vpc`.
pub fn create_private_dns_namespace_request(
    name: &str,
    vpc: &str,
    description: Option<&str>,
    tags: &[(String, String)],
) -> PlannedRequest {
    PlannedRequest::new(
        Operation::CreatePrivateDnsNamespace,
        format!("Create private DNS namespace {name} in {vpc} (AWS Cloud Map)"),
        namespace_body(name, Some(vpc), description, tags),
    )
    .with_note(format!(
        "{ASYNC_NOTE}; it also creates a Route 53 private hosted zone, which can take minutes"
    ))
}

/// DeleteNamespace by id; `name` is for the title.
pub fn delete_namespace_request(id: &str, name: &str) -> PlannedRequest {
    PlannedRequest::new(
        Operation::DeleteNamespace,
        format!("Delete namespace {name}"),
        json!({"Id": id}),
    )
    .with_note("refused while the namespace has Cloud Map services")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn http(name: &str) -> NewNamespace {
        NewNamespace {
            name: name.to_string(),
            kind: NewNamespaceKind::Http,
            description: None,
            tags: Vec::new(),
        }
    }

    fn dns(name: &str, vpc: &str) -> NewNamespace {
        NewNamespace {
            kind: NewNamespaceKind::DnsPrivate {
                vpc_id: vpc.to_string(),
            },
            ..http(name)
        }
    }

    #[test]
    fn http_names_are_printable_ascii_without_service_connect_specials() {
        for ok in ["shop", "shop.local", "a", "x_y-z!~", &"n".repeat(1024)] {
            assert_eq!(validate_namespace_name(ok, false), Ok(()), "{ok}");
        }
        assert_eq!(
            validate_namespace_name("", false),
            Err("namespace name is required".into())
        );
        assert!(validate_namespace_name(&"n".repeat(1025), false).is_err());
        for bad in ["a b", "é", "a\tb"] {
            assert!(
                validate_namespace_name(bad, false)
                    .unwrap_err()
                    .contains("printable ASCII"),
                "{bad}"
            );
        }
        for bad in ["a/b", "a<b", "a>b", "a\"b"] {
            assert!(
                validate_namespace_name(bad, false)
                    .unwrap_err()
                    .contains("Service Connect"),
                "{bad}"
            );
        }
    }

    #[test]
    fn dns_names_follow_dns_rules() {
        for ok in [
            "corp.internal",
            "a",
            "a-b.c_d",
            "corp.internal.",
            &"a".repeat(63),
        ] {
            assert_eq!(validate_namespace_name(ok, true), Ok(()), "{ok}");
        }
        let long = vec!["a".repeat(63); 4].join("."); // 255 characters
        assert!(validate_namespace_name(&long, true).is_err());
        assert!(validate_namespace_name(&"a".repeat(64), true).is_err());
        for bad in ["a..b", ".a", "-a.b", "a-.b", "a b", "a!b", "a/b"] {
            assert!(validate_namespace_name(bad, true).is_err(), "{bad}");
        }
    }

    #[test]
    fn duplicate_names_are_refused_before_the_call() {
        let existing = [
            Namespace::named("shop.local", NamespaceKind::Http),
            Namespace::named("corp.internal", NamespaceKind::DnsPrivate),
        ];
        assert_eq!(
            http("shop.local").validate(&existing),
            ["a namespace named shop.local already exists in this region"]
        );
        assert_eq!(
            http("corp.internal").validate(&existing),
            ["a namespace named corp.internal already exists in this region"]
        );
        assert!(http("new.local").validate(&existing).is_empty());
        // The same private DNS name may exist in another VPC; an HTTP one of that name may not.
        assert!(dns("corp.internal", "vpc-1").validate(&existing).is_empty());
        assert_eq!(
            dns("shop.local", "vpc-1").validate(&existing),
            ["an HTTP namespace named shop.local already exists in this region"]
        );
    }

    #[test]
    fn private_dns_needs_a_vpc_and_descriptions_and_tags_are_checked() {
        assert_eq!(
            dns("corp.internal", " ").validate(&[]),
            ["choose the VPC for the private DNS namespace"]
        );
        let mut ns = http("shop");
        ns.description = Some("d".repeat(1025));
        ns.tags = vec![("aws:x".into(), "y".into())];
        assert_eq!(
            ns.validate(&[]),
            [
                "the description is longer than 1024 characters",
                "tag aws:x: keys starting with aws: are reserved"
            ]
        );
    }

    #[test]
    fn http_request_is_exact() {
        let mut ns = http("shop.local");
        ns.description = Some("for the shop".into());
        ns.tags = vec![("team".into(), "web".into())];
        let req = ns.request();
        assert_eq!(req.operation, Operation::CreateHttpNamespace);
        assert_eq!(
            req.request,
            json!({"Name": "shop.local", "Description": "for the shop",
                   "Tags": [{"Key": "team", "Value": "web"}]})
        );
        assert_eq!(
            req.cli,
            "aws servicediscovery create-http-namespace --name shop.local \
             --description 'for the shop' --tags Key=team,Value=web"
        );
        assert_eq!(
            req.title,
            "Create HTTP namespace shop.local (AWS Cloud Map)"
        );
        assert!(req.note.is_some());
        // An empty description is left out rather than sent as "".
        let mut bare = http("shop.local");
        bare.description = Some(String::new());
        assert_eq!(bare.request().request, json!({"Name": "shop.local"}));
    }

    #[test]
    fn private_dns_request_is_exact() {
        let req = dns("corp.internal", "vpc-123").request();
        assert_eq!(req.operation, Operation::CreatePrivateDnsNamespace);
        assert_eq!(
            req.request,
            json!({"Name": "corp.internal", "Vpc": "vpc-123"})
        );
        assert_eq!(
            req.cli,
            "aws servicediscovery create-private-dns-namespace --name corp.internal --vpc vpc-123"
        );
    }

    #[test]
    fn delete_request_is_exact() {
        let req = delete_namespace_request("ns-abc", "shop.local");
        assert_eq!(req.request, json!({"Id": "ns-abc"}));
        assert_eq!(req.cli, "aws servicediscovery delete-namespace --id ns-abc");
        assert_eq!(req.title, "Delete namespace shop.local");
    }
}
