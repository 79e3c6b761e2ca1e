//! A request tecs is about to send, as plain data: the API operation, the exact JSON body, and the
//! equivalent AWS CLI command. Review steps and confirmation dialogs show these; the AWS layer sends
//! the same JSON, so what the operator approved is what goes out.

use serde_json::Value;

/// The write operations tecs plans ahead of time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Operation {
    CreateHttpNamespace,
    CreatePrivateDnsNamespace,
    DeleteNamespace,
    CreateCapacityProvider,
    CreateCluster,
    UpdateClusterSettings,
    UpdateCluster,
    PutClusterCapacityProviders,
    DeleteCluster,
    CreateActivation,
    CreateService,
    UpdateService,
    DeleteService,
    RunTask,
    StopTask,
}

impl Operation {
    /// The API's own name for the call (`CreateCluster`).
    pub fn api_name(self) -> &'static str {
        match self {
            Self::CreateHttpNamespace => "CreateHttpNamespace",
            Self::CreatePrivateDnsNamespace => "CreatePrivateDnsNamespace",
            Self::DeleteNamespace => "DeleteNamespace",
            Self::CreateCapacityProvider => "CreateCapacityProvider",
            Self::CreateCluster => "CreateCluster",
            Self::UpdateClusterSettings => "UpdateClusterSettings",
            Self::UpdateCluster => "UpdateCluster",
            Self::PutClusterCapacityProviders => "PutClusterCapacityProviders",
            Self::DeleteCluster => "DeleteCluster",
            Self::CreateActivation => "CreateActivation",
            Self::CreateService => "CreateService",
            Self::UpdateService => "UpdateService",
            Self::DeleteService => "DeleteService",
            Self::RunTask => "RunTask",
            Self::StopTask => "StopTask",
        }
    }

    /// The CLI's service name, which is also the IAM action prefix.
    pub fn service(self) -> &'static str {
        match self {
            Self::CreateHttpNamespace | Self::CreatePrivateDnsNamespace | Self::DeleteNamespace => {
                "servicediscovery"
            }
            Self::CreateActivation => "ssm",
            Self::CreateCapacityProvider
            | Self::CreateCluster
            | Self::UpdateClusterSettings
            | Self::UpdateCluster
            | Self::PutClusterCapacityProviders
            | Self::DeleteCluster
            | Self::CreateService
            | Self::UpdateService
            | Self::DeleteService
            | Self::RunTask
            | Self::StopTask => "ecs",
        }
    }

    /// `service:Operation`, the IAM action, which error hints must name.
    pub fn iam_action(self) -> String {
        format!("{}:{}", self.service(), self.api_name())
    }

    /// `ecs create-cluster`: the CLI spells operations in kebab case.
    pub fn cli_command(self) -> String {
        format!("{} {}", self.service(), kebab(self.api_name()))
    }
}

/// One request of a plan, ready to show and to send.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedRequest {
    pub operation: Operation,
    /// What the step does, for people ("Create cluster demo").
    pub title: String,
    /// The exact API request body.
    pub request: Value,
    /// The same request as an `aws` command line.
    pub cli: String,
    /// Anything the operator should know that the JSON does not say.
    pub note: Option<String>,
}

impl PlannedRequest {
    /// A request whose CLI line is derived from its JSON, so the two cannot disagree.
    pub fn new(operation: Operation, title: impl Into<String>, request: Value) -> Self {
        let cli = cli_line(operation, &request);
        Self {
            operation,
            title: title.into(),
            request,
            cli,
            note: None,
        }
    }

    /// Adds a note for the review step.
    pub fn with_note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }

    /// The body as the review step shows it.
    pub fn request_pretty(&self) -> String {
        serde_json::to_string_pretty(&self.request).unwrap_or_else(|_| self.request.to_string())
    }
}

/// `CreateCluster` → `create-cluster`, `clusterName` → `cluster-name`, `IamRole` → `iam-role`.
pub fn kebab(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// The AWS CLI line for `request`: each top-level member becomes `--kebab-name value`. Scalars and
/// string lists are written as they are; flat structures use the CLI's shorthand
/// (`name=containerInsights,value=enabled`) when every value is plain, and JSON otherwise, because
/// shorthand has no escape for `,` `=` or spaces.
pub fn cli_line(operation: Operation, request: &Value) -> String {
    let mut line = format!("aws {}", operation.cli_command());
    let Some(members) = request.as_object() else {
        return line;
    };
    for (key, value) in members {
        let flag = kebab(key);
        match value {
            Value::Bool(true) => line.push_str(&format!(" --{flag}")),
            Value::Bool(false) => line.push_str(&format!(" --no-{flag}")),
            Value::Null => {}
            other => {
                line.push_str(&format!(" --{flag} {}", cli_value(other)));
            }
        }
    }
    line
}

fn cli_value(value: &Value) -> String {
    match value {
        Value::String(s) => shell_quote(s),
        Value::Number(n) => n.to_string(),
        Value::Array(items) if !items.is_empty() && items.iter().all(Value::is_string) => items
            .iter()
            .filter_map(Value::as_str)
            .map(shell_quote)
            .collect::<Vec<_>>()
            .join(" "),
        Value::Array(items) if !items.is_empty() => {
            let shorthand: Option<Vec<String>> = items.iter().map(shorthand).collect();
            match shorthand {
                Some(parts) => parts.join(" "),
                None => shell_quote(&value.to_string()),
            }
        }
        Value::Object(_) => shorthand(value).unwrap_or_else(|| shell_quote(&value.to_string())),
        other => shell_quote(&other.to_string()),
    }
}

/// `{"name":"a","value":"b"}` → `name=a,value=b`, or `None` when shorthand cannot say it exactly.
fn shorthand(value: &Value) -> Option<String> {
    let members = value.as_object()?;
    if members.is_empty() {
        return None;
    }
    let mut parts = Vec::with_capacity(members.len());
    for (key, v) in members {
        let text = match v {
            Value::String(s) if !s.is_empty() && s.chars().all(is_shorthand_safe) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            _ => return None,
        };
        parts.push(format!("{key}={text}"));
    }
    Some(parts.join(","))
}

fn is_shorthand_safe(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':' | '/' | '@' | '+')
}

/// Quotes `s` for a POSIX shell only when it needs it, so ordinary names stay readable.
pub fn shell_quote(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '-' | '_' | '.' | ':' | '/' | '@' | '+' | '=' | ',')
        });
    if plain {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

/// Most tags per resource, for ECS, Cloud Map and SSM alike.
pub const MAX_TAGS: usize = 50;
/// Longest tag key.
pub const MAX_TAG_KEY: usize = 128;
/// Longest tag value.
pub const MAX_TAG_VALUE: usize = 256;

/// Checks tags against the rules ECS, Cloud Map and SSM share: at most 50, keys 1-128 and values
/// 0-256 characters of letters, digits, spaces and `_ . : / = + - @`, keys unique and not in the
/// reserved `aws:` prefix.
pub fn validate_tags(tags: &[(String, String)]) -> Vec<String> {
    let mut errors = Vec::new();
    if tags.len() > MAX_TAGS {
        errors.push(format!(
            "at most {MAX_TAGS} tags are allowed ({} given)",
            tags.len()
        ));
    }
    let allowed = |c: char| c.is_alphanumeric() || c == ' ' || "_.:/=+-@".contains(c);
    for (i, (key, value)) in tags.iter().enumerate() {
        if key.is_empty() {
            errors.push(format!("tag {}: the key is empty", i + 1));
        } else if key.chars().count() > MAX_TAG_KEY {
            errors.push(format!(
                "tag {key}: the key is longer than {MAX_TAG_KEY} characters"
            ));
        } else if key.to_ascii_lowercase().starts_with("aws:") {
            errors.push(format!("tag {key}: keys starting with aws: are reserved"));
        }
        if let Some(bad) = key.chars().find(|c| !allowed(*c)) {
            errors.push(format!("tag {key}: the key may not contain {bad:?}"));
        }
        if value.chars().count() > MAX_TAG_VALUE {
            errors.push(format!(
                "tag {key}: the value is longer than {MAX_TAG_VALUE} characters"
            ));
        }
        if let Some(bad) = value.chars().find(|c| !allowed(*c)) {
            errors.push(format!("tag {key}: the value may not contain {bad:?}"));
        }
        if tags[..i].iter().any(|(k, _)| k == key) {
            errors.push(format!("tag {key}: the key is given twice"));
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn operations_name_their_api_cli_and_iam_action() {
        assert_eq!(Operation::CreateCluster.cli_command(), "ecs create-cluster");
        assert_eq!(
            Operation::PutClusterCapacityProviders.cli_command(),
            "ecs put-cluster-capacity-providers"
        );
        assert_eq!(
            Operation::CreateHttpNamespace.cli_command(),
            "servicediscovery create-http-namespace"
        );
        assert_eq!(
            Operation::CreateActivation.iam_action(),
            "ssm:CreateActivation"
        );
        assert_eq!(
            Operation::DeleteNamespace.iam_action(),
            "servicediscovery:DeleteNamespace"
        );
    }

    #[test]
    fn kebab_case_follows_the_cli() {
        assert_eq!(kebab("clusterName"), "cluster-name");
        assert_eq!(
            kebab("defaultCapacityProviderStrategy"),
            "default-capacity-provider-strategy"
        );
        assert_eq!(kebab("IamRole"), "iam-role");
        assert_eq!(kebab("Name"), "name");
        assert_eq!(kebab("cluster"), "cluster");
    }

    #[test]
    fn shell_quoting_leaves_plain_words_alone() {
        assert_eq!(shell_quote("demo-1"), "demo-1");
        assert_eq!(
            shell_quote("arn:aws:ecs:us-east-1:1:cluster/x"),
            "arn:aws:ecs:us-east-1:1:cluster/x"
        );
        assert_eq!(shell_quote("two words"), "'two words'");
        assert_eq!(shell_quote("it's"), r"'it'\''s'");
        assert_eq!(shell_quote(""), "''");
        assert_eq!(shell_quote("$HOME"), "'$HOME'");
    }

    #[test]
    fn cli_lines_use_shorthand_when_exact_and_json_otherwise() {
        let body = json!({
            "clusterName": "demo",
            "settings": [{"name": "containerInsights", "value": "enabled"}],
            "capacityProviders": ["FARGATE", "FARGATE_SPOT"],
            "serviceConnectDefaults": {"namespace": "shop.local"},
            "tags": [{"key": "team", "value": "the web"}],
        });
        assert_eq!(
            cli_line(Operation::CreateCluster, &body),
            "aws ecs create-cluster --cluster-name demo \
             --settings name=containerInsights,value=enabled \
             --capacity-providers FARGATE FARGATE_SPOT \
             --service-connect-defaults namespace=shop.local \
             --tags '[{\"key\":\"team\",\"value\":\"the web\"}]'"
        );
    }

    #[test]
    fn cli_lines_handle_numbers_booleans_empty_lists_and_nesting() {
        let body = json!({
            "cluster": "demo",
            "capacityProviders": [],
            "weight": 3,
            "force": true,
            "dryRun": false,
            "gone": null,
            "nested": {"a": {"b": 1}},
            "empty": "",
        });
        assert_eq!(
            cli_line(Operation::PutClusterCapacityProviders, &body),
            "aws ecs put-cluster-capacity-providers --cluster demo --capacity-providers '[]' \
             --weight 3 --force --no-dry-run --nested '{\"a\":{\"b\":1}}' --empty ''"
        );
        assert_eq!(
            cli_line(Operation::DeleteCluster, &json!("not an object")),
            "aws ecs delete-cluster"
        );
    }

    #[test]
    fn planned_requests_derive_their_cli_and_pretty_json() {
        let p = PlannedRequest::new(
            Operation::DeleteCluster,
            "Delete cluster demo",
            json!({"cluster": "demo"}),
        )
        .with_note("irreversible");
        assert_eq!(p.cli, "aws ecs delete-cluster --cluster demo");
        assert_eq!(p.request_pretty(), "{\n  \"cluster\": \"demo\"\n}");
        assert_eq!(p.note.as_deref(), Some("irreversible"));
    }

    fn tag(k: &str, v: &str) -> (String, String) {
        (k.to_string(), v.to_string())
    }

    #[test]
    fn tags_follow_the_shared_rules() {
        assert!(validate_tags(&[]).is_empty());
        assert!(
            validate_tags(&[tag("team", "web"), tag("cost center", "a/b:c=d+e-f@g_h.i")])
                .is_empty()
        );
        assert!(
            validate_tags(&[tag("k", "")]).is_empty(),
            "empty values are allowed"
        );
        assert!(validate_tags(&[tag(&"k".repeat(128), &"v".repeat(256))]).is_empty());

        let errs = validate_tags(&[tag("", "v")]);
        assert_eq!(errs, ["tag 1: the key is empty"]);
        assert_eq!(validate_tags(&[tag(&"k".repeat(129), "")]).len(), 1);
        assert_eq!(validate_tags(&[tag("k", &"v".repeat(257))]).len(), 1);
        assert_eq!(
            validate_tags(&[tag("AWS:owner", "x")]),
            ["tag AWS:owner: keys starting with aws: are reserved"]
        );
        assert_eq!(
            validate_tags(&[tag("a", "1"), tag("a", "2")]),
            ["tag a: the key is given twice"]
        );
        assert_eq!(
            validate_tags(&[tag("a*", "1")]),
            ["tag a*: the key may not contain '*'"]
        );
        assert_eq!(
            validate_tags(&[tag("a", "1;")]),
            ["tag a: the value may not contain ';'"]
        );
        let many: Vec<(String, String)> = (0..51).map(|i| tag(&format!("k{i}"), "v")).collect();
        assert_eq!(
            validate_tags(&many),
            ["at most 50 tags are allowed (51 given)"]
        );
    }
}
