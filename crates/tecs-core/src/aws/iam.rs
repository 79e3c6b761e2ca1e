//! IAM roles a task can use: ListRoles (paginated), keeping the roles whose trust policy lets
//! `ecs-tasks.amazonaws.com` assume them (both the task role and the execution role need that).

use serde_json::Value;

use super::errors::{AwsError, classify};
pub use crate::model::iam::Role;

/// The service principal of task and execution roles.
pub const ECS_TASKS_PRINCIPAL: &str = "ecs-tasks.amazonaws.com";

/// Every role trusting `ecs-tasks.amazonaws.com`, sorted by name.
pub async fn list_task_roles(iam: &aws_sdk_iam::Client) -> Result<Vec<Role>, AwsError> {
    let roles: Vec<aws_sdk_iam::types::Role> = iam
        .list_roles()
        .max_items(1000)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| classify("ListRoles", &e))?;
    let mut out: Vec<Role> = roles
        .iter()
        .filter(|r| {
            r.assume_role_policy_document()
                .is_some_and(trusts_ecs_tasks)
        })
        .map(|r| Role {
            name: r.role_name().to_string(),
            arn: r.arn().to_string(),
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(out)
}

/// Whether a trust policy (URL-encoded as IAM returns it, or plain) allows
/// `ecs-tasks.amazonaws.com` to assume the role.
pub fn trusts_ecs_tasks(document: &str) -> bool {
    let decoded = percent_decode(document);
    let parsed = serde_json::from_str::<Value>(&decoded)
        .or_else(|_| serde_json::from_str::<Value>(&decoded.replace('+', " ")));
    match parsed {
        Ok(policy) => statements(&policy).any(allows_ecs_tasks),
        // A document IAM returned but we cannot read: offer the role rather than hide it.
        Err(_) => decoded.contains(ECS_TASKS_PRINCIPAL),
    }
}

fn statements(policy: &Value) -> impl Iterator<Item = &Value> {
    let list: Vec<&Value> = match policy.get("Statement") {
        Some(Value::Array(items)) => items.iter().collect(),
        Some(one @ Value::Object(_)) => vec![one],
        _ => Vec::new(),
    };
    list.into_iter()
}

/// String-or-array values of a policy element.
fn strings(value: Option<&Value>) -> Vec<&str> {
    match value {
        Some(Value::String(s)) => vec![s.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

fn allows_ecs_tasks(statement: &Value) -> bool {
    let allow = statement
        .get("Effect")
        .and_then(Value::as_str)
        .is_some_and(|e| e.eq_ignore_ascii_case("allow"));
    let assume = strings(statement.get("Action")).iter().any(|a| {
        matches!(
            a.to_ascii_lowercase().as_str(),
            "sts:assumerole" | "sts:*" | "*"
        )
    });
    let principal = strings(statement.get("Principal").and_then(|p| p.get("Service")))
        .contains(&ECS_TASKS_PRINCIPAL);
    allow && assume && principal
}

/// Decodes `%XX` escapes; malformed escapes are kept as they are.
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes.get(i), bytes.get(i + 1), bytes.get(i + 2)) {
            (Some(b'%'), Some(h), Some(l)) if hex(*h).is_some() && hex(*l).is_some() => {
                let value = hex(*h).unwrap_or(0) * 16 + hex(*l).unwrap_or(0);
                out.push(u8::try_from(value).unwrap_or(b'?'));
                i += 3;
            }
            (Some(b), _, _) => {
                out.push(*b);
                i += 1;
            }
            (None, _, _) => break,
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    const ECS: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("%7B%22a%22%3A%201%7D"), r#"{"a": 1}"#);
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%zz%4"), "%zz%4");
        assert_eq!(percent_decode("%C3%A9"), "é");
    }

    #[test]
    fn finds_the_ecs_tasks_principal_encoded_or_not() {
        assert!(trusts_ecs_tasks(ECS));
        let encoded: String = ECS
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        assert!(trusts_ecs_tasks(&encoded));
        let single = r#"{"Statement":{"Effect":"Allow","Principal":{"Service":["ec2.amazonaws.com","ecs-tasks.amazonaws.com"]},"Action":["sts:AssumeRole","sts:TagSession"]}}"#;
        assert!(trusts_ecs_tasks(single));
    }

    #[test]
    fn other_principals_denies_and_other_actions_do_not_count() {
        let ec2 = ECS.replace("ecs-tasks", "ec2");
        assert!(!trusts_ecs_tasks(&ec2));
        assert!(!trusts_ecs_tasks(&ECS.replace("Allow", "Deny")));
        assert!(!trusts_ecs_tasks(
            &ECS.replace("sts:AssumeRole", "sts:TagSession")
        ));
        assert!(!trusts_ecs_tasks(r#"{"Statement":[]}"#));
        // The principal as an AWS account, not a service.
        assert!(!trusts_ecs_tasks(
            r#"{"Statement":[{"Effect":"Allow","Principal":{"AWS":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#
        ));
    }
}
