//! ECS Exec and port forwarding: what must hold before ExecuteCommand or StartSession is worth
//! calling, the SSM target of a container, and the command line of `session-manager-plugin`
//! (the program the AWS CLI runs for `aws ecs execute-command` and `aws ssm start-session`).
//!
//! Sources: Amazon ECS Developer Guide, "Monitor Amazon ECS containers with ECS Exec" (the
//! prerequisites: `enableExecuteCommand`, the task role's `ssmmessages` permissions, the
//! `ExecuteCommandAgent` managed agent); AWS CLI `customizations/ecs/executecommand.py` and
//! `customizations/sessionmanager.py` (how the plugin is invoked); Systems Manager's
//! `AWS-StartPortForwardingSession` document.

use std::path::{Path, PathBuf};

use crate::model::task::{Container, Task};

/// The Session Manager plugin's executable name.
pub const PLUGIN: &str = "session-manager-plugin";

/// Where the plugin's installation is described.
pub const PLUGIN_INSTALL_URL: &str = "https://docs.aws.amazon.com/systems-manager/latest/userguide/session-manager-working-with-install-plugin.html";

/// The SSM document that forwards a local port to a port of the target.
pub const PORT_FORWARD_DOCUMENT: &str = "AWS-StartPortForwardingSession";

/// What the task role must allow for the exec agent to reach Systems Manager.
pub const SSM_MESSAGES_ACTIONS: &str = "ssmmessages:CreateControlChannel, ssmmessages:CreateDataChannel, ssmmessages:OpenControlChannel and ssmmessages:OpenDataChannel";

/// The message when the plugin is not on `PATH`.
pub fn plugin_missing() -> String {
    format!(
        "{PLUGIN} is not installed (not found on PATH): ECS Exec and port forwarding run it, as the AWS CLI does. Install it: {PLUGIN_INSTALL_URL} (Debian/Ubuntu: the .deb from that page, then sudo dpkg -i session-manager-plugin.deb)"
    )
}

/// The plugin's path, searched in `path` (the `PATH` variable's value).
pub fn find_plugin(path: Option<&std::ffi::OsStr>) -> Option<PathBuf> {
    std::env::split_paths(path?)
        .map(|dir| dir.join(PLUGIN))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Why ECS Exec cannot reach `container` of `task` now, or `None` when it is worth trying. The
/// checks read only what DescribeTasks already said; what they cannot see (the task role's
/// permissions, the network path to SSM) is diagnosed from ExecuteCommand's own error.
pub fn exec_problem(task: &Task, container: &Container) -> Option<String> {
    if task.last_status != "RUNNING" {
        return Some(format!(
            "the task is {}: ECS Exec needs a RUNNING task",
            task.last_status
        ));
    }
    if !task.enable_execute_command {
        let how = match task.service() {
            Some(service) => format!(
                "start new tasks of service {service} with it on (E on the service's page turns it on if it is off; F forces a new deployment)"
            ),
            None => "run the task again with execute command enabled".to_string(),
        };
        return Some(format!(
            "ECS Exec is not enabled on this task (it is set when a task starts): {how}"
        ));
    }
    if container.last_status != "RUNNING" {
        return Some(format!(
            "container {} is {}: ECS Exec needs it RUNNING",
            container.name, container.last_status
        ));
    }
    match container.exec_agent.as_deref() {
        Some("RUNNING") | None => {}
        Some(status) => {
            return Some(format!(
                "the ECS Exec agent of container {} is {status}, not RUNNING: {}",
                container.name,
                if status == "PENDING" {
                    "it is still starting; try again in a few seconds"
                } else {
                    "the task role may lack the SSM permissions, or the task cannot reach the Systems Manager endpoints (a NAT gateway or ssmmessages VPC endpoint)"
                }
            ));
        }
    }
    if container.runtime_id.is_none() {
        return Some(format!(
            "container {} has no runtime id yet (the agent has not reported it): try again when the task has been running for a moment",
            container.name
        ));
    }
    None
}

/// Why the task's definition rules ECS Exec out, when it is known: the exec agent authenticates
/// to Systems Manager with the task role, so a task without one cannot take a shell.
pub fn task_role_problem(td: &crate::model::TaskDefinition) -> Option<String> {
    td.task_role.is_none().then(|| {
        format!(
            "task definition {} has no task role: ECS Exec needs one that allows {SSM_MESSAGES_ACTIONS}",
            td.label()
        )
    })
}

/// The container's first port from its task definition (what a Fargate task's containers
/// publish: awsvpc tasks report no network bindings), else from its network bindings.
pub fn offered_port(
    container: &Container,
    td: Option<&crate::model::TaskDefinition>,
) -> Option<u16> {
    let from_definition = td
        .and_then(|td| td.containers.iter().find(|c| c.name == container.name))
        .and_then(|c| {
            c.ports
                .iter()
                .find_map(|p| p.split("->").last()?.split('/').next()?.parse().ok())
        });
    from_definition.or_else(|| first_port(container))
}

/// The SSM target of a container: `ecs:CLUSTER_TASKID_RUNTIMEID`, as the AWS CLI builds it.
pub fn ssm_target(task: &Task, container: &Container) -> Option<String> {
    let cluster = task.cluster_arn.rsplit('/').next()?;
    let runtime = container.runtime_id.as_deref()?;
    Some(format!("ecs:{cluster}_{}_{runtime}", task.id()))
}

/// A session Systems Manager opened (from ExecuteCommand or StartSession).
#[derive(Clone, PartialEq, Eq)]
pub struct OpenedSession {
    pub session_id: String,
    pub stream_url: String,
    /// A short-lived credential for the stream: never logged, never shown.
    pub token_value: String,
}

// The token is a credential: debug output (logs) shows the session id only.
impl std::fmt::Debug for OpenedSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("OpenedSession")
            .field("session_id", &self.session_id)
            .finish_non_exhaustive()
    }
}

/// The plugin's arguments: the session (JSON), the region, `StartSession`, the profile (empty
/// for none), the request (JSON: the target, and the document and its parameters for port
/// forwarding), and the endpoint of the service that opened the session.
pub fn plugin_args(
    session: &OpenedSession,
    region: &str,
    profile: Option<&str>,
    request: &serde_json::Value,
    endpoint: &str,
) -> Vec<String> {
    let session = serde_json::json!({
        "SessionId": session.session_id,
        "StreamUrl": session.stream_url,
        "TokenValue": session.token_value,
    });
    vec![
        session.to_string(),
        region.to_string(),
        "StartSession".to_string(),
        profile.unwrap_or_default().to_string(),
        request.to_string(),
        endpoint.to_string(),
    ]
}

/// The request part for an interactive exec session.
pub fn exec_request(target: &str) -> serde_json::Value {
    serde_json::json!({ "Target": target })
}

/// The request part for port forwarding (the document's parameters are lists of strings).
pub fn port_forward_request(target: &str, remote: u16, local: u16) -> serde_json::Value {
    serde_json::json!({
        "Target": target,
        "DocumentName": PORT_FORWARD_DOCUMENT,
        "Parameters": {
            "portNumber": [remote.to_string()],
            "localPortNumber": [local.to_string()],
        },
    })
}

/// Parses `REMOTE [LOCAL]` ("80", "80 8080"): ports 1 to 65535. Without a local port, the remote
/// one is used when it is above 1023 (a port below needs root), else 8000 plus it (80 → 8080).
pub fn parse_ports(text: &str) -> Result<(u16, u16), String> {
    let mut words = text.split_whitespace();
    let port = |w: Option<&str>, what: &str| -> Result<Option<u16>, String> {
        w.map(|w| {
            w.parse::<u16>()
                .ok()
                .filter(|p| *p > 0)
                .ok_or_else(|| format!("{what} port {w:?} is not a port (1 to 65535)"))
        })
        .transpose()
    };
    let remote = port(words.next(), "the container")?
        .ok_or("type the container's port, and a local port after it if you want another")?;
    let local = port(words.next(), "the local")?;
    if words.next().is_some() {
        return Err("two ports at most: the container's, then the local one".into());
    }
    let local = local.unwrap_or(if remote > 1023 {
        remote
    } else {
        remote.saturating_add(8000)
    });
    Ok((remote, local))
}

/// The first container port a container publishes (`8080/tcp`, `80->8080/tcp`), to offer.
pub fn first_port(container: &Container) -> Option<u16> {
    container.ports.iter().find_map(|p| {
        let container_side = p.split("->").last()?;
        container_side.split('/').next()?.parse().ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task() -> Task {
        let mut t = Task {
            arn: "arn:aws:ecs:eu-west-1:123456789012:task/prod/0123abcd".into(),
            cluster_arn: "arn:aws:ecs:eu-west-1:123456789012:cluster/prod".into(),
            last_status: "RUNNING".into(),
            enable_execute_command: true,
            group: Some("service:web".into()),
            ..Task::default()
        };
        t.containers = vec![container()];
        t
    }

    fn container() -> Container {
        Container {
            name: "web".into(),
            last_status: "RUNNING".into(),
            runtime_id: Some("0123abcd-1527".into()),
            exec_agent: Some("RUNNING".into()),
            ports: vec!["8080/tcp".into()],
            ..Container::default()
        }
    }

    #[test]
    fn a_ready_task_has_no_problem_and_the_target_is_the_clis() {
        let t = task();
        assert_eq!(exec_problem(&t, &t.containers[0]), None);
        assert_eq!(
            ssm_target(&t, &t.containers[0]).as_deref(),
            Some("ecs:prod_0123abcd_0123abcd-1527")
        );
    }

    #[test]
    fn each_missing_prerequisite_says_what_to_do() {
        let mut t = task();
        t.enable_execute_command = false;
        let p = exec_problem(&t, &t.containers[0]).expect("problem");
        assert!(
            p.contains("not enabled") && p.contains("service web"),
            "{p}"
        );
        t.group = None;
        let p = exec_problem(&t, &t.containers[0]).expect("problem");
        assert!(p.contains("run the task again"), "{p}");

        let t = task();
        let mut c = container();
        c.exec_agent = Some("STOPPED".into());
        let p = exec_problem(&t, &c).expect("problem");
        assert!(
            p.contains("STOPPED") && p.contains("SSM permissions"),
            "{p}"
        );
        c.exec_agent = Some("PENDING".into());
        assert!(
            exec_problem(&t, &c)
                .expect("problem")
                .contains("still starting")
        );
        c.exec_agent = None;
        c.runtime_id = None;
        assert!(
            exec_problem(&t, &c)
                .expect("problem")
                .contains("runtime id")
        );

        let mut t = task();
        t.last_status = "STOPPED".into();
        assert!(
            exec_problem(&t, &t.containers[0])
                .expect("p")
                .contains("RUNNING task")
        );
    }

    #[test]
    fn plugin_arguments_are_the_aws_clis() {
        let session = OpenedSession {
            session_id: "ecs-execute-command-1".into(),
            stream_url: "wss://ssmmessages.eu-west-1.amazonaws.com/v1/data-channel/x".into(),
            token_value: "tok".into(),
        };
        let args = plugin_args(
            &session,
            "eu-west-1",
            None,
            &exec_request("ecs:prod_1_2"),
            "https://ecs.eu-west-1.amazonaws.com",
        );
        assert_eq!(args.len(), 6);
        let s: serde_json::Value = serde_json::from_str(&args[0]).expect("json");
        assert_eq!(s["SessionId"], "ecs-execute-command-1");
        assert_eq!(&args[1..4], ["eu-west-1", "StartSession", ""]);
        assert_eq!(args[4], r#"{"Target":"ecs:prod_1_2"}"#);
        let pf = port_forward_request("ecs:prod_1_2", 80, 8080);
        assert_eq!(pf["DocumentName"], PORT_FORWARD_DOCUMENT);
        assert_eq!(pf["Parameters"]["portNumber"][0], "80");
        assert_eq!(pf["Parameters"]["localPortNumber"][0], "8080");
    }

    #[test]
    fn ports_parse_with_a_sensible_local_default() {
        assert_eq!(parse_ports("80"), Ok((80, 8080)));
        assert_eq!(parse_ports("8080"), Ok((8080, 8080)));
        assert_eq!(parse_ports(" 5432  15432 "), Ok((5432, 15432)));
        for bad in ["", "0", "65536", "http", "80 x", "1 2 3"] {
            assert!(parse_ports(bad).is_err(), "{bad}");
        }
        assert_eq!(first_port(&container()), Some(8080));
        let mut c = container();
        c.ports = vec!["32768->80/tcp".into()];
        assert_eq!(first_port(&c), Some(80));
    }

    #[test]
    fn the_definition_offers_the_port_and_a_missing_task_role_is_a_problem() {
        let mut c = container();
        c.ports.clear(); // awsvpc: no network bindings
        assert_eq!(offered_port(&c, None), None);
        let td = crate::model::TaskDefinition {
            arn: "arn:aws:ecs:eu-west-1:1:task-definition/web:2".into(),
            family: "web".into(),
            revision: 2,
            containers: vec![crate::model::ContainerSummary {
                name: "web".into(),
                ports: vec!["80/tcp".into()],
                ..Default::default()
            }],
            ..Default::default()
        };
        assert_eq!(offered_port(&c, Some(&td)), Some(80));
        let p = task_role_problem(&td).expect("no task role");
        assert!(p.contains("web:2 has no task role"), "{p}");
        let td = crate::model::TaskDefinition {
            task_role: Some("arn:aws:iam::1:role/web".into()),
            ..td
        };
        assert_eq!(task_role_problem(&td), None);
    }

    #[test]
    fn the_plugin_is_found_only_when_executable() {
        let dir = std::env::temp_dir().join(format!("tecs-plugin-{}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("dir");
        let plugin = dir.join(PLUGIN);
        std::fs::write(&plugin, "#!/bin/sh\n").expect("write");
        let path = std::env::join_paths([Path::new("/nonexistent"), &dir]).expect("path");
        assert_eq!(find_plugin(Some(&path)), None, "not executable yet");
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&plugin, std::fs::Permissions::from_mode(0o755)).expect("chmod");
        assert_eq!(find_plugin(Some(&path)), Some(plugin));
        assert_eq!(find_plugin(None), None);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
