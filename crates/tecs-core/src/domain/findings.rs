//! Findings: what an operator should fix in a task definition revision, each with its reason and
//! the field it comes from. The rules are one table ([`RULES`]) of data; each has a check over the
//! revision's JSON (as DescribeTaskDefinition returns it) and, for what the JSON alone cannot say
//! (a missing log group or image tag, a task role allowing `*`, a load balancer in front), the
//! [`Context`] lookups found.
//!
//! Sources: Amazon ECS Developer Guide — "Pass sensitive data to an Amazon ECS container"
//! (`secrets` instead of `environment`), "Amazon ECS task execution IAM role" (awslogs, private
//! ECR and secrets need it), "Health checks for Amazon ECS tasks" and the Elastic Load Balancing
//! guide (a target's container health), "Task definition parameters" (`privileged`,
//! `logConfiguration`), the ECS security best practices (immutable image tags, least privilege).

use std::sync::LazyLock;

use serde_json::Value;

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Will fail or leak now (a missing log group stops the task from starting; a plaintext
    /// secret is readable by anyone who can describe the revision).
    High,
    /// Works, but is a risk or hides trouble.
    Medium,
    Low,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::High => "HIGH",
            Severity::Medium => "MEDIUM",
            Severity::Low => "LOW",
        }
    }
}

/// One rule of the table.
#[derive(Debug, PartialEq, Eq)]
pub struct Rule {
    /// Stable id (`plaintext-secret`), for filters and tests.
    pub id: &'static str,
    pub severity: Severity,
    /// What is wrong, in a few words.
    pub title: &'static str,
    /// What to do.
    pub fix: &'static str,
}

/// Every rule, in the order findings are listed.
pub const RULES: &[Rule] = &[
    Rule {
        id: "plaintext-secret",
        severity: Severity::High,
        title: "a secret-looking value in plaintext environment",
        fix: "move it to `secrets` (Secrets Manager or SSM Parameter Store): environment values are readable by anyone who can describe the revision",
    },
    Rule {
        id: "missing-log-group",
        severity: Severity::High,
        title: "the awslogs log group does not exist",
        fix: "create the log group (or set awslogs-create-group=true with logs:CreateLogGroup on the execution role): tasks fail to start without it",
    },
    Rule {
        id: "missing-image",
        severity: Severity::High,
        title: "the ECR image tag does not exist",
        fix: "push the tag, or point the image at one that exists: tasks fail with CannotPullContainerError",
    },
    Rule {
        id: "execution-role-missing",
        severity: Severity::High,
        title: "no execution role, but something needs one",
        fix: "set executionRoleArn to a role with AmazonECSTaskExecutionRolePolicy (plus secretsmanager/ssm reads for secrets)",
    },
    Rule {
        id: "task-role-star",
        severity: Severity::Medium,
        title: "the task role allows `*` actions",
        fix: "grant the actions the application calls, on its resources (least privilege)",
    },
    Rule {
        id: "privileged",
        severity: Severity::Medium,
        title: "a privileged container",
        fix: "drop privileged; add only the Linux capabilities the container needs (linuxParameters.capabilities)",
    },
    Rule {
        id: "no-health-check-behind-lb",
        severity: Severity::Medium,
        title: "an essential container with no health check behind a load balancer",
        fix: "add a container healthCheck, so a container that is up but broken is replaced rather than left in service",
    },
    Rule {
        id: "image-latest",
        severity: Severity::Medium,
        title: "an image by the `latest` tag, or without a tag",
        fix: "use an immutable tag (a version) or a digest: `latest` changes under running services and makes rollbacks guesswork",
    },
    Rule {
        id: "no-log-configuration",
        severity: Severity::Low,
        title: "a container with no log configuration",
        fix: "add logConfiguration (awslogs or FireLens): without it the container's output is lost",
    },
];

fn rule(id: &str) -> &'static Rule {
    RULES
        .iter()
        .find(|r| r.id == id)
        .unwrap_or(&RULES[RULES.len() - 1])
}

/// What lookups found beyond the revision itself; `None`/empty where nothing was looked up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Context {
    /// A service running this revision has a load balancer (`None`: unknown).
    pub load_balanced: Option<bool>,
    /// awslogs groups the revision names that do not exist.
    pub missing_log_groups: Vec<String>,
    /// ECR images (`repository:tag`) the revision names that do not exist.
    pub missing_images: Vec<String>,
    /// Task role policy statements allowing `*` actions: `policy name: action`.
    pub star_actions: Vec<String>,
}

/// One finding: the rule, the container it is about (if any), the field and what was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static Rule,
    pub container: Option<String>,
    /// The JSON path of the field (`containerDefinitions[0].environment[2]`).
    pub field: String,
    /// What was found there (a variable's name, never its value).
    pub detail: String,
}

/// One revision's findings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionFindings {
    pub arn: String,
    /// `family:revision`.
    pub label: String,
    pub findings: Vec<Finding>,
    /// Why the revision could not be checked (described), if it could not.
    pub error: Option<String>,
    /// Lookups that could not be made, so their rules were not applied
    /// (`iam:GetRole denied`): the findings are what could be checked.
    pub unchecked: Vec<String>,
}

static SECRET_NAME: LazyLock<Option<regex::Regex>> = LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)(PASSWORD|PASSWD|PWD$|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|CREDENTIAL|AUTH_?KEY)",
    )
    .ok()
});

/// Names that say what a setting is *about* a secret rather than the secret (`TOKEN_TTL`,
/// `PASSWORD_MIN_LENGTH`, `API_KEY_FILE`, `DB_PASSWORD_ARN`).
static ABOUT_A_SECRET: LazyLock<Option<regex::Regex>> = LazyLock::new(|| {
    regex::Regex::new(
        r"(?i)(_TTL|_LENGTH|_LEN|_FILE|_PATH|_ARN|_NAME|_ID|_TIMEOUT|_EXPIRY|_SECONDS|_ENABLED|_HEADER|_ENDPOINT|_URL|_REGION)$",
    )
    .ok()
});

/// A URL with a user and password in it (`postgres://app:hunter2@db:5432/shop`).
static URL_WITH_PASSWORD: LazyLock<Option<regex::Regex>> =
    LazyLock::new(|| regex::Regex::new(r"://[^/\s:@]+:[^/\s@]+@").ok());

/// AWS access key ids (`AKIA…`, `ASIA…`: 20 upper-case letters and digits).
static AWS_KEY_ID: LazyLock<Option<regex::Regex>> =
    LazyLock::new(|| regex::Regex::new(r"\b(AKIA|ASIA)[0-9A-Z]{16}\b").ok());

/// A value shaped like an AWS secret access key: 40 base64 characters with a `/` or `+`, mixed
/// case and a digit (a 40-character path is not one).
fn looks_like_secret_key(value: &str) -> bool {
    value.len() == 40
        && !value.starts_with('/')
        && !value.contains("//")
        && value
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '/' || c == '+')
        && value.contains(['/', '+'])
        && value.chars().any(|c| c.is_ascii_digit())
        && value.chars().any(|c| c.is_ascii_uppercase())
        && value.chars().any(|c| c.is_ascii_lowercase())
}

/// Values that name where a secret is rather than holding it (`arn:…`, a path, a flag).
fn is_harmless_value(value: &str) -> bool {
    let v = value.trim();
    v.is_empty()
        || v.starts_with("arn:")
        || v.starts_with('/')
        // A number (a port, a size, a count) is a setting, not a secret.
        || (v.len() < 8 && v.chars().all(|c| c.is_ascii_digit()))
        || matches!(
            v.to_ascii_lowercase().as_str(),
            "true" | "false" | "yes" | "no" | "0" | "1" | "none" | "disabled" | "enabled"
        )
}

/// Why an `environment` variable looks like a secret in plaintext (its name, or a value shaped
/// like an AWS key or a URL with a password), or `None`. The `plaintext-secret` rule, and what
/// the revision page hides.
pub fn plaintext_secret(name: &str, value: &str) -> Option<&'static str> {
    let url_with_password = URL_WITH_PASSWORD
        .as_ref()
        .is_some_and(|re| re.is_match(value));
    let by_name = SECRET_NAME.as_ref().is_some_and(|re| re.is_match(name))
        && !ABOUT_A_SECRET.as_ref().is_some_and(|re| re.is_match(name))
        && !is_harmless_value(value);
    let by_value = !is_harmless_value(value)
        && (AWS_KEY_ID.as_ref().is_some_and(|re| re.is_match(value))
            || looks_like_secret_key(value)
            || url_with_password);
    if by_value {
        Some(if url_with_password {
            "its value is a URL with a password"
        } else {
            "its value looks like an AWS key"
        })
    } else if by_name {
        Some("its name says it is a secret")
    } else {
        None
    }
}

/// Whether `image` names the `latest` tag or no tag (and no digest).
pub fn is_latest_or_untagged(image: &str) -> bool {
    if image.contains('@') {
        return false;
    }
    // The tag is after the last `:` of the last path part (a registry port is before a `/`).
    let last = image.rsplit('/').next().unwrap_or(image);
    match last.rsplit_once(':') {
        Some((_, tag)) => tag == "latest",
        None => true,
    }
}

/// Whether `image` is in a private ECR registry (`ACCOUNT.dkr.ecr.REGION.amazonaws.com/…`).
pub fn is_private_ecr(image: &str) -> bool {
    let host = image.split('/').next().unwrap_or_default();
    host.contains(".dkr.ecr.")
        && (host.ends_with(".amazonaws.com") || host.ends_with(".amazonaws.com.cn"))
}

/// A revision's `containerDefinitions` (none when the JSON has no such list).
fn containers_of(td: &Value) -> &[Value] {
    td.get("containerDefinitions")
        .and_then(Value::as_array)
        .map(Vec::as_slice)
        .unwrap_or_default()
}

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// The findings of a revision (its DescribeTaskDefinition JSON), in [`RULES`] order.
pub fn check(td: &Value, ctx: &Context) -> Vec<Finding> {
    let mut out = Vec::new();
    let containers = containers_of(td);
    let has_execution_role = str_of(td, "executionRoleArn").is_some_and(|s| !s.is_empty());
    // On EC2 the container instance's role pulls from ECR and writes awslogs; on Fargate only
    // the execution role can (secrets and registry credentials need it everywhere).
    let fargate = ["requiresCompatibilities", "compatibilities"]
        .iter()
        .any(|k| {
            td.get(*k)
                .and_then(Value::as_array)
                .is_some_and(|a| a.iter().any(|v| v.as_str() == Some("FARGATE")))
        });
    let mut needs_execution_role = Vec::new();

    for (i, c) in containers.iter().enumerate() {
        let name = str_of(c, "name").unwrap_or("?").to_string();
        let at = |field: &str| format!("containerDefinitions[{i}].{field}");
        let found = |id, field: String, detail: String| Finding {
            rule: rule(id),
            container: Some(name.clone()),
            field,
            detail,
        };
        for (j, var) in c
            .get("environment")
            .and_then(Value::as_array)
            .map(Vec::as_slice)
            .unwrap_or_default()
            .iter()
            .enumerate()
        {
            let var_name = str_of(var, "name").unwrap_or_default();
            let value = str_of(var, "value").unwrap_or_default();
            if let Some(why) = plaintext_secret(var_name, value) {
                out.push(found(
                    "plaintext-secret",
                    at(&format!("environment[{j}]")),
                    format!("{var_name} ({why})"),
                ));
            }
        }
        let image = str_of(c, "image").unwrap_or_default();
        if is_latest_or_untagged(image) {
            out.push(found("image-latest", at("image"), image.to_string()));
        }
        if fargate && is_private_ecr(image) {
            needs_execution_role.push(format!("{name}: a private ECR image"));
        }
        let log = c.get("logConfiguration");
        match log.and_then(|l| str_of(l, "logDriver")) {
            None => out.push(found(
                "no-log-configuration",
                at("logConfiguration"),
                "none".into(),
            )),
            Some("awslogs") => {
                if fargate {
                    needs_execution_role.push(format!("{name}: the awslogs driver"));
                }
                let options = log.and_then(|l| l.get("options"));
                // With awslogs-create-group the agent creates it at the first start.
                let creates = options
                    .and_then(|o| str_of(o, "awslogs-create-group"))
                    .is_some_and(|v| v.eq_ignore_ascii_case("true"));
                if let Some(group) = options.and_then(|o| str_of(o, "awslogs-group"))
                    && !creates
                    && ctx.missing_log_groups.iter().any(|g| g == group)
                {
                    out.push(found(
                        "missing-log-group",
                        at("logConfiguration.options.awslogs-group"),
                        group.to_string(),
                    ));
                }
            }
            Some(_) => {}
        }
        if c.get("secrets")
            .and_then(Value::as_array)
            .is_some_and(|s| !s.is_empty())
        {
            needs_execution_role.push(format!("{name}: secrets"));
        }
        if c.get("repositoryCredentials").is_some() {
            needs_execution_role.push(format!("{name}: private registry credentials"));
        }
        // The same repository and tag, not a name that merely ends the same.
        let reference = crate::domain::images::ecr_reference(image)
            .map(|(repository, tag)| format!("{repository}:{tag}"));
        if reference.is_some_and(|r| ctx.missing_images.contains(&r)) {
            out.push(found("missing-image", at("image"), image.to_string()));
        }
        if c.get("privileged").and_then(Value::as_bool) == Some(true) {
            out.push(found("privileged", at("privileged"), "true".into()));
        }
        let essential = c.get("essential").and_then(Value::as_bool).unwrap_or(true);
        if ctx.load_balanced == Some(true) && essential && c.get("healthCheck").is_none() {
            out.push(found(
                "no-health-check-behind-lb",
                at("healthCheck"),
                "none".into(),
            ));
        }
    }
    if !has_execution_role && !needs_execution_role.is_empty() {
        out.push(Finding {
            rule: rule("execution-role-missing"),
            container: None,
            field: "executionRoleArn".into(),
            detail: needs_execution_role.join("; "),
        });
    }
    for statement in &ctx.star_actions {
        out.push(Finding {
            rule: rule("task-role-star"),
            container: None,
            field: "taskRoleArn".into(),
            detail: statement.clone(),
        });
    }
    out.sort_by_key(|f| RULES.iter().position(|r| std::ptr::eq(r, f.rule)));
    out
}

/// The task role a revision names (`taskRoleArn`), whose policies the `task-role-star` rule
/// reads.
pub fn task_role(td: &Value) -> Option<&str> {
    str_of(td, "taskRoleArn").filter(|r| !r.is_empty())
}

/// The ECR images of `region` a revision's containers name, as `(registry, repository, tag)`,
/// each once (to look up which exist).
pub fn ecr_images(td: &Value, region: &str) -> Vec<(Option<String>, String, String)> {
    let mut images: Vec<_> = containers_of(td)
        .iter()
        .filter_map(|c| crate::domain::images::ecr_in_region(str_of(c, "image")?, region))
        .collect();
    images.sort();
    images.dedup();
    images
}

/// The awslogs groups a revision names in `region` (to look up which exist): a group of
/// another `awslogs-region` is not this region's to judge.
pub fn log_groups(td: &Value, region: &str) -> Vec<String> {
    let mut groups: Vec<String> = containers_of(td)
        .iter()
        .filter_map(|c| {
            let log = c.get("logConfiguration")?;
            let options = log.get("options")?;
            let elsewhere = str_of(options, "awslogs-region").is_some_and(|r| r != region);
            (str_of(log, "logDriver")? == "awslogs" && !elsewhere)
                .then(|| str_of(options, "awslogs-group").map(str::to_string))?
        })
        .collect();
    groups.sort();
    groups.dedup();
    groups
}

/// Whether a policy document (JSON) allows `*` actions: the statements, as `Action` values.
pub fn star_actions(document: &Value) -> Vec<String> {
    let statements = match document.get("Statement") {
        Some(Value::Array(list)) => list.clone(),
        Some(one) => vec![one.clone()],
        None => Vec::new(),
    };
    let mut out = Vec::new();
    for s in statements {
        if str_of(&s, "Effect") != Some("Allow") {
            continue;
        }
        let words = |v: Option<&Value>| -> Vec<String> {
            match v {
                Some(Value::String(a)) => vec![a.clone()],
                Some(Value::Array(list)) => list
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_string)
                    .collect(),
                _ => Vec::new(),
            }
        };
        // Allow with NotAction allows every action but those named.
        let not = words(s.get("NotAction"));
        if !not.is_empty() {
            out.push(format!("NotAction {} (every other action)", not.join(", ")));
        }
        let actions = words(s.get("Action"));
        out.extend(
            actions
                .into_iter()
                .filter(|a| a == "*" || a.ends_with(":*")),
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A minimal revision that triggers nothing.
    fn clean() -> Value {
        json!({
            "family": "web",
            "executionRoleArn": "arn:aws:iam::1:role/exec",
            "taskRoleArn": "arn:aws:iam::1:role/web",
            "containerDefinitions": [{
                "name": "app",
                "image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:2.5.0",
                "essential": true,
                "environment": [
                    {"name": "PORT", "value": "8080"},
                    {"name": "DB_PASSWORD_ARN", "value": "arn:aws:secretsmanager:eu-west-1:1:secret:db"}
                ],
                "secrets": [{"name": "DB_PASSWORD", "valueFrom": "arn:aws:secretsmanager:eu-west-1:1:secret:db"}],
                "healthCheck": {"command": ["CMD-SHELL", "curl -f http://localhost:8080/ || exit 1"]},
                "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/web", "awslogs-region": "eu-west-1", "awslogs-stream-prefix": "ecs"}}
            }]
        })
    }

    fn ids(td: &Value, ctx: &Context) -> Vec<&'static str> {
        check(td, ctx).iter().map(|f| f.rule.id).collect()
    }

    fn with(mut td: Value, f: impl FnOnce(&mut Value)) -> Value {
        f(&mut td["containerDefinitions"][0]);
        td
    }

    #[test]
    fn a_clean_revision_has_no_findings_even_behind_a_load_balancer() {
        let ctx = Context {
            load_balanced: Some(true),
            ..Context::default()
        };
        assert_eq!(ids(&clean(), &ctx), Vec::<&str>::new());
    }

    #[test]
    fn plaintext_secrets_by_name_or_by_value() {
        let td = with(clean(), |c| {
            c["environment"] = json!([
                {"name": "DB_PASSWORD", "value": "hunter2"},
                {"name": "SOME_ID", "value": "AKIAIOSFODNN7EXAMPLE"},
                {"name": "BLOB", "value": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"},
                {"name": "API_TOKEN_FILE", "value": "/run/secrets/token"},
                {"name": "FEATURE_FLAG", "value": "on"}
            ]);
        });
        let found = check(&td, &Context::default());
        let details: Vec<&str> = found.iter().map(|f| f.detail.as_str()).collect();
        assert_eq!(
            details,
            [
                "DB_PASSWORD (its name says it is a secret)",
                "SOME_ID (its value looks like an AWS key)",
                "BLOB (its value looks like an AWS key)"
            ]
        );
        assert_eq!(found[0].field, "containerDefinitions[0].environment[0]");
        assert!(
            found.iter().all(|f| !f.detail.contains("hunter2")),
            "a value is never repeated"
        );
    }

    #[test]
    fn settings_about_secrets_are_not_secrets_and_urls_with_passwords_are() {
        let td = with(clean(), |c| {
            c["environment"] = json!([
                {"name": "TOKEN_TTL", "value": "3600"},
                {"name": "PASSWORD_MIN_LENGTH", "value": "12"},
                {"name": "API_KEY_FILE", "value": "/run/secrets/api"},
                {"name": "SESSION_SECRET", "value": "1234"},
                {"name": "LOG_PATH", "value": "/var/log/app/some/deep/path/of/forty/ch"},
                {"name": "DATABASE_URL", "value": "postgres://app:hunter2@db:5432/shop"}
            ]);
        });
        let found = check(&td, &Context::default());
        let details: Vec<&str> = found.iter().map(|f| f.detail.as_str()).collect();
        assert_eq!(
            details,
            ["DATABASE_URL (its value is a URL with a password)"]
        );
    }

    #[test]
    fn latest_and_untagged_images() {
        for image in [
            "nginx",
            "nginx:latest",
            "registry:5000/team/app",
            "ghcr.io/o/app:latest",
        ] {
            assert!(is_latest_or_untagged(image), "{image}");
            let td = with(clean(), |c| c["image"] = json!(image));
            assert!(
                ids(&td, &Context::default()).contains(&"image-latest"),
                "{image}"
            );
        }
        for image in ["nginx:1.27", "registry:5000/app:2", "app@sha256:abc"] {
            assert!(!is_latest_or_untagged(image), "{image}");
        }
    }

    #[test]
    fn no_log_configuration() {
        let td = with(clean(), |c| {
            c.as_object_mut().map(|o| o.remove("logConfiguration"));
        });
        assert_eq!(ids(&td, &Context::default()), ["no-log-configuration"]);
    }

    #[test]
    fn no_health_check_only_matters_behind_a_load_balancer_and_for_essential_containers() {
        let td = with(clean(), |c| {
            c.as_object_mut().map(|o| o.remove("healthCheck"));
        });
        assert!(
            ids(&td, &Context::default()).is_empty(),
            "unknown: not flagged"
        );
        let lb = Context {
            load_balanced: Some(true),
            ..Context::default()
        };
        assert_eq!(ids(&td, &lb), ["no-health-check-behind-lb"]);
        let sidecar = with(td, |c| c["essential"] = json!(false));
        assert!(ids(&sidecar, &lb).is_empty());
    }

    #[test]
    fn an_execution_role_is_needed_for_awslogs_private_ecr_and_secrets() {
        let mut td = clean();
        td.as_object_mut().map(|o| o.remove("executionRoleArn"));
        // On EC2 the instance role pulls and logs: only the secrets need the execution role.
        let found = check(&td, &Context::default());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].detail, "app: secrets");
        td["requiresCompatibilities"] = json!(["FARGATE"]);
        let found = check(&td, &Context::default());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rule.id, "execution-role-missing");
        assert!(found[0].detail.contains("awslogs"), "{}", found[0].detail);
        assert!(
            found[0].detail.contains("private ECR"),
            "{}",
            found[0].detail
        );
        assert!(found[0].detail.contains("secrets"), "{}", found[0].detail);
        // A public image, no awslogs, no secrets: no role needed.
        let td = with(td, |c| {
            c["image"] = json!("public.ecr.aws/nginx/nginx:1.27");
            c["logConfiguration"] = json!({"logDriver": "json-file"});
            c.as_object_mut().map(|o| o.remove("secrets"));
        });
        assert!(ids(&td, &Context::default()).is_empty());
    }

    #[test]
    fn missing_log_groups_and_images_come_from_the_lookups() {
        let ctx = Context {
            missing_log_groups: vec!["/ecs/web".into()],
            missing_images: vec!["shop/web:2.5.0".into()],
            ..Context::default()
        };
        assert_eq!(ids(&clean(), &ctx), ["missing-log-group", "missing-image"]);
        // The agent creates a group marked awslogs-create-group; another repository whose name
        // ends the same is another image.
        let creates = with(clean(), |c| {
            c["logConfiguration"]["options"]["awslogs-create-group"] = json!("true");
            c["image"] = json!("123456789012.dkr.ecr.eu-west-1.amazonaws.com/myshop/web:2.5.0");
        });
        assert_eq!(ids(&creates, &ctx), Vec::<&str>::new());
        let other = Context {
            missing_log_groups: vec!["/ecs/other".into()],
            ..Context::default()
        };
        assert!(ids(&clean(), &other).is_empty());
    }

    #[test]
    fn privileged_containers() {
        let td = with(clean(), |c| c["privileged"] = json!(true));
        assert_eq!(ids(&td, &Context::default()), ["privileged"]);
        let td = with(clean(), |c| c["privileged"] = json!(false));
        assert!(ids(&td, &Context::default()).is_empty());
    }

    #[test]
    fn star_actions_in_allow_statements_only() {
        let doc = json!({"Statement": [
            {"Effect": "Allow", "Action": "*", "Resource": "*"},
            {"Effect": "Allow", "Action": ["s3:*", "s3:GetObject"], "Resource": "*"},
            {"Effect": "Deny", "Action": "*", "Resource": "*"}
        ]});
        assert_eq!(star_actions(&doc), ["*", "s3:*"]);
        let not = json!({"Statement": {"Effect": "Allow", "NotAction": "iam:*", "Resource": "*"}});
        assert_eq!(star_actions(&not), ["NotAction iam:* (every other action)"]);
        let one = json!({"Statement": {"Effect": "Allow", "Action": "dynamodb:GetItem"}});
        assert!(star_actions(&one).is_empty());
        let ctx = Context {
            star_actions: vec!["inline web-policy: s3:*".into()],
            ..Context::default()
        };
        assert_eq!(ids(&clean(), &ctx), ["task-role-star"]);
    }

    #[test]
    fn every_rule_is_triggered_by_some_test_and_ids_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for r in RULES {
            assert!(seen.insert(r.id), "{} twice", r.id);
        }
        assert_eq!(log_groups(&clean(), "eu-west-1"), ["/ecs/web"]);
        assert!(
            log_groups(&clean(), "us-east-1").is_empty(),
            "a group in another awslogs-region is not looked up here"
        );
    }
}
