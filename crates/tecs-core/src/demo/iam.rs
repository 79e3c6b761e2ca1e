//! The two IAM roles every ECS task definition of the demo refers to.

use color_eyre::Result;
use color_eyre::eyre::{WrapErr, eyre};

/// Lets ECS tasks (agent and containers) assume a role: both roles below need it.
const ECS_TASKS_TRUST_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

/// AWS's managed policy for the task execution role (image pulls, awslogs).
const EXECUTION_POLICY_ARN: &str =
    "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy";

/// What the application containers themselves may do: a realistic, narrow inline policy.
const APP_POLICY: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sqs:ReceiveMessage","sqs:DeleteMessage","sqs:SendMessage"],"Resource":"arn:aws:sqs:*:*:shop-*"},{"Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],"Resource":"arn:aws:s3:::shop-assets/*"}]}"#;

pub(crate) const EXECUTION_ROLE_NAME: &str = "ecsTaskExecutionRole";
pub(crate) const TASK_ROLE_NAME: &str = "shopAppTaskRole";

/// ARNs of the demo's roles, and the account they live in (taken from the ARN).
#[derive(Debug, Clone)]
pub(crate) struct DemoRoles {
    pub execution_role_arn: String,
    pub task_role_arn: String,
    pub account_id: String,
}

/// Creates (or reuses) the execution role and the application task role.
pub(crate) async fn ensure_roles(iam: &aws_sdk_iam::Client) -> Result<DemoRoles> {
    let execution_role_arn = ensure_role(
        iam,
        EXECUTION_ROLE_NAME,
        "Lets the ECS agent pull images and write awslogs on behalf of tasks",
    )
    .await?;
    // The managed policy is what the console attaches; a missing managed policy in the emulator
    // should not stop the demo, since nothing in the emulator enforces IAM.
    if let Err(err) = iam
        .attach_role_policy()
        .role_name(EXECUTION_ROLE_NAME)
        .policy_arn(EXECUTION_POLICY_ARN)
        .send()
        .await
    {
        tracing::debug!(error = ?err, "could not attach {EXECUTION_POLICY_ARN}");
    }

    let task_role_arn = ensure_role(
        iam,
        TASK_ROLE_NAME,
        "Lets the shop containers use their queues and bucket",
    )
    .await?;
    iam.put_role_policy()
        .role_name(TASK_ROLE_NAME)
        .policy_name("shop-app")
        .policy_document(APP_POLICY)
        .send()
        .await
        .wrap_err_with(|| format!("putting the inline policy of role {TASK_ROLE_NAME}"))?;

    let account_id = account_of(&execution_role_arn)
        .ok_or_else(|| eyre!("unexpected role ARN {execution_role_arn}"))?
        .to_string();
    Ok(DemoRoles {
        execution_role_arn,
        task_role_arn,
        account_id,
    })
}

/// Creates a role trusting ecs-tasks.amazonaws.com, or returns the existing one's ARN.
async fn ensure_role(iam: &aws_sdk_iam::Client, name: &str, description: &str) -> Result<String> {
    let created = iam
        .create_role()
        .role_name(name)
        .description(description)
        .assume_role_policy_document(ECS_TASKS_TRUST_POLICY)
        .send()
        .await;
    let role = match created {
        Ok(out) => out.role,
        Err(err)
            if err
                .as_service_error()
                .is_some_and(|e| e.is_entity_already_exists_exception()) =>
        {
            iam.get_role()
                .role_name(name)
                .send()
                .await
                .wrap_err_with(|| format!("reading existing role {name}"))?
                .role
        }
        Err(err) => return Err(err).wrap_err_with(|| format!("creating role {name}")),
    };
    role.map(|r| r.arn)
        .ok_or_else(|| eyre!("IAM returned no role for {name}"))
}

/// `arn:aws:iam::123456789012:role/x` → `123456789012`.
fn account_of(arn: &str) -> Option<&str> {
    arn.split(':').nth(4).filter(|a| !a.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn account_comes_from_the_fifth_arn_field() {
        assert_eq!(
            account_of("arn:aws:iam::123456789012:role/ecsTaskExecutionRole"),
            Some("123456789012")
        );
        assert_eq!(account_of("not-an-arn"), None);
    }
}
