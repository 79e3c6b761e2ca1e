//! ECS Exec (ExecuteCommand) and SSM port forwarding (StartSession with
//! `AWS-StartPortForwardingSession`): opening the session, and saying why it could not be opened
//! in the terms of the fix. The session itself is `session-manager-plugin`'s (see
//! [`crate::domain::exec`]).

use aws_sdk_ecs::Client as Ecs;
use aws_sdk_ssm::Client as Ssm;

use super::errors::classify;
use crate::domain::exec::{OpenedSession, PORT_FORWARD_DOCUMENT, SSM_MESSAGES_ACTIONS};
use crate::model::AwsError;

/// ExecuteCommand, interactive (the only mode ECS supports), running `command` in `container`.
///
/// Errors name the fix: a task started without exec, an agent that cannot reach Systems Manager
/// (`TargetNotConnectedException`: the task role or the network), a denied `ecs:ExecuteCommand`.
pub async fn execute_command(
    ecs: &Ecs,
    cluster: &str,
    task: &str,
    container: &str,
    command: &str,
) -> Result<OpenedSession, AwsError> {
    let out = ecs
        .execute_command()
        .cluster(cluster)
        .task(task)
        .container(container)
        .interactive(true)
        .command(command)
        .send()
        .await
        .map_err(|e| diagnose(classify("ExecuteCommand", &e)))?;
    let session = out
        .session()
        .ok_or_else(|| AwsError::other("ExecuteCommand answered without a session"))?;
    Ok(OpenedSession {
        session_id: session.session_id().unwrap_or_default().to_string(),
        stream_url: session.stream_url().unwrap_or_default().to_string(),
        token_value: session.token_value().unwrap_or_default().to_string(),
    })
}

/// StartSession with the port forwarding document: `local` on this machine to `remote` in the
/// target container.
pub async fn start_port_forward(
    ssm: &Ssm,
    target: &str,
    remote: u16,
    local: u16,
) -> Result<OpenedSession, AwsError> {
    let out = ssm
        .start_session()
        .target(target)
        .document_name(PORT_FORWARD_DOCUMENT)
        .parameters("portNumber", vec![remote.to_string()])
        .parameters("localPortNumber", vec![local.to_string()])
        .send()
        .await
        .map_err(|e| diagnose(classify("StartSession", &e)))?;
    Ok(OpenedSession {
        session_id: out.session_id().unwrap_or_default().to_string(),
        stream_url: out.stream_url().unwrap_or_default().to_string(),
        token_value: out.token_value().unwrap_or_default().to_string(),
    })
}

/// TerminateSession: the session ends at once instead of idling until its timeout.
pub async fn terminate_session(ssm: &Ssm, session_id: &str) -> Result<(), AwsError> {
    ssm.terminate_session()
        .session_id(session_id)
        .send()
        .await
        .map(|_| ())
        .map_err(|e| classify("TerminateSession", &e))
}

/// Replaces the generic hint where the error says which prerequisite is missing.
fn diagnose(mut e: AwsError) -> AwsError {
    let code = e.code.clone().unwrap_or_default();
    let message = e.message.to_ascii_lowercase();
    if code == "TargetNotConnectedException" || message.contains("target is not connected") {
        e.hint = Some(format!(
            "the task's exec agent is not connected to Systems Manager: the task role must allow {SSM_MESSAGES_ACTIONS}, and the task must reach the ssmmessages endpoint (a NAT gateway or a VPC endpoint)"
        ));
    } else if message.contains("execute command was not enabled")
        || message.contains("execute command is not enabled")
    {
        e.hint = Some(
            "turn ECS Exec on for the service (E on its page) and start new tasks (F); a standalone task must be run again with it".to_string(),
        );
    }
    e
}

#[cfg(test)]
mod tests {
    use super::*;
    use aws_sdk_ecs::operation::execute_command::{ExecuteCommandError, ExecuteCommandOutput};
    use aws_sdk_ecs::types::Session;
    use aws_smithy_mocks::{RuleMode, mock, mock_client};

    #[tokio::test]
    async fn the_request_is_interactive_and_the_session_comes_back() {
        let rule = mock!(aws_sdk_ecs::Client::execute_command)
            .match_requests(|r| {
                r.cluster() == Some("prod")
                    && r.task() == Some("arn:aws:ecs:eu-west-1:1:task/prod/abc")
                    && r.container() == Some("web")
                    && r.interactive() == Some(true)
                    && r.command() == Some("/bin/sh")
            })
            .then_output(|| {
                ExecuteCommandOutput::builder()
                    .session(
                        Session::builder()
                            .session_id("ecs-execute-command-1")
                            .stream_url("wss://ssmmessages/x")
                            .token_value("tok")
                            .build(),
                    )
                    .build()
            });
        let ecs = mock_client!(aws_sdk_ecs, RuleMode::MatchAny, [&rule]);
        let session = execute_command(
            &ecs,
            "prod",
            "arn:aws:ecs:eu-west-1:1:task/prod/abc",
            "web",
            "/bin/sh",
        )
        .await
        .expect("session");
        assert_eq!(session.session_id, "ecs-execute-command-1");
        assert_eq!(rule.num_calls(), 1);
    }

    fn failing(code: &'static str, message: &'static str) -> Ecs {
        let rule = mock!(aws_sdk_ecs::Client::execute_command).then_error(move || {
            ExecuteCommandError::generic(
                aws_smithy_types::error::ErrorMetadata::builder()
                    .code(code)
                    .message(message)
                    .build(),
            )
        });
        mock_client!(aws_sdk_ecs, RuleMode::MatchAny, [&rule])
    }

    #[tokio::test]
    async fn a_disconnected_agent_names_the_task_role_permissions() {
        let ecs = failing(
            "TargetNotConnectedException",
            "The execute command failed due to an internal error. Try again later.",
        );
        let e = execute_command(&ecs, "c", "t", "web", "/bin/sh")
            .await
            .expect_err("fails");
        let text = e.to_string();
        assert!(text.contains("ssmmessages:CreateControlChannel"), "{text}");
        assert!(text.contains("task role"), "{text}");
    }

    #[tokio::test]
    async fn a_task_without_exec_says_to_enable_it_and_start_new_tasks() {
        let ecs = failing(
            "InvalidParameterException",
            "The execute command failed because execute command was not enabled when the task was run or the execute command agent isn't running.",
        );
        let e = execute_command(&ecs, "c", "t", "web", "/bin/sh")
            .await
            .expect_err("fails");
        assert!(e.to_string().contains("turn ECS Exec on"), "{e}");
    }

    #[tokio::test]
    async fn port_forwarding_asks_for_the_document_with_both_ports() {
        use aws_sdk_ssm::operation::start_session::StartSessionOutput;
        let rule = mock!(aws_sdk_ssm::Client::start_session)
            .match_requests(|r| {
                let p = r.parameters();
                r.target() == Some("ecs:prod_abc_abc-1")
                    && r.document_name() == Some(PORT_FORWARD_DOCUMENT)
                    && p.and_then(|p| p.get("portNumber")) == Some(&vec!["80".to_string()])
                    && p.and_then(|p| p.get("localPortNumber")) == Some(&vec!["8080".to_string()])
            })
            .then_output(|| {
                StartSessionOutput::builder()
                    .session_id("ops-0a1b")
                    .stream_url("wss://ssmmessages/y")
                    .token_value("tok")
                    .build()
            });
        let ssm = mock_client!(aws_sdk_ssm, RuleMode::MatchAny, [&rule]);
        let session = start_port_forward(&ssm, "ecs:prod_abc_abc-1", 80, 8080)
            .await
            .expect("session");
        assert_eq!(session.session_id, "ops-0a1b");
        assert_eq!(rule.num_calls(), 1);
    }

    #[tokio::test]
    async fn a_denied_call_names_the_action() {
        let ecs = failing(
            "AccessDeniedException",
            "User: arn:aws:iam::1:user/x is not authorized to perform: ecs:ExecuteCommand on resource: arn:aws:ecs:eu-west-1:1:task/prod/abc",
        );
        let e = execute_command(&ecs, "c", "t", "web", "/bin/sh")
            .await
            .expect_err("fails");
        assert!(e.to_string().contains("ecs:ExecuteCommand"), "{e}");
    }
}
