//! ECS Exec and port forwarding: the AWS half (ExecuteCommand, StartSession) and, for port
//! forwarding, the plugin kept running in the background until the job is cancelled.

use std::process::Stdio;

use tokio::io::{AsyncBufReadExt, BufReader};

use super::{Ctx, Reply};
use crate::aws::exec;
use crate::domain::exec::{
    exec_request, find_plugin, plugin_args, plugin_missing, port_forward_request,
};
use crate::effect::{Outcome, PluginCommand};
use crate::model::AwsError;

/// The endpoint the plugin is told about: the override (the emulator), else the service's
/// regional endpoint.
fn endpoint(c: &Ctx, service: &str) -> String {
    let region = &c.clients.region;
    c.endpoint.clone().unwrap_or_else(|| {
        let suffix = if region.starts_with("cn-") {
            "amazonaws.com.cn"
        } else {
            "amazonaws.com"
        };
        format!("https://{service}.{region}.{suffix}")
    })
}

fn plugin() -> Result<String, AwsError> {
    find_plugin(std::env::var_os("PATH").as_deref())
        .map(|p| p.to_string_lossy().to_string())
        .ok_or_else(|| AwsError::invalid(plugin_missing()))
}

/// Checks the plugin first (no session is opened for nothing), then ExecuteCommand.
pub async fn exec(c: &Ctx, cluster: &str, task: &str, container: &str, target: &str) -> Outcome {
    let result = async {
        let program = plugin()?;
        let session = c.fix(
            exec::execute_command(&c.clients.ecs, cluster, task, container, "/bin/sh").await,
        )?;
        let args = plugin_args(
            &session,
            &c.clients.region,
            c.profile.as_deref(),
            &exec_request(target),
            &endpoint(c, "ecs"),
        );
        Ok(PluginCommand {
            program,
            args,
            session_id: session.session_id,
        })
    }
    .await;
    Outcome::ExecReady {
        container: container.to_string(),
        result,
    }
}

/// Terminates the session when dropped (the job finished or was cancelled): on a task of its
/// own, handed to the runner so that quitting waits for it briefly.
struct SessionGuard {
    ctx: Ctx,
    session_id: String,
}

impl Drop for SessionGuard {
    fn drop(&mut self) {
        let Ok(handle) = tokio::runtime::Handle::try_current() else {
            return;
        };
        let ssm = self.ctx.clients.ssm.clone();
        let id = std::mem::take(&mut self.session_id);
        let task = handle.spawn(async move {
            match exec::terminate_session(&ssm, &id).await {
                Ok(()) => tracing::info!(session = %id, "port forwarding session terminated"),
                Err(e) => {
                    tracing::warn!(session = %id, error = %e, "could not terminate the session")
                }
            }
        });
        let _ = self.ctx.cleanups.send(task);
    }
}

pub async fn port_forward(
    c: &Ctx,
    target: &str,
    container: &str,
    remote: u16,
    local: u16,
    reply: &Reply,
) -> Outcome {
    let program = match plugin() {
        Ok(p) => p,
        Err(e) => return Outcome::ForwardEnded(Err(e)),
    };
    // The plugin would fail later and less clearly on a port in use.
    if let Err(e) = std::net::TcpListener::bind(("127.0.0.1", local)) {
        return Outcome::ForwardEnded(Err(AwsError::invalid(format!(
            "local port {local} cannot be used ({e}): choose another (P, then the container's port and a free local one)"
        ))));
    }
    let session = match exec::start_port_forward(&c.clients.ssm, target, remote, local).await {
        Ok(s) => s,
        Err(e) => return Outcome::ForwardEnded(Err(c.err(e))),
    };
    let _guard = SessionGuard {
        ctx: c.clone(),
        session_id: session.session_id.clone(),
    };
    let args = plugin_args(
        &session,
        &c.clients.region,
        c.profile.as_deref(),
        &port_forward_request(target, remote, local),
        &endpoint(c, "ssm"),
    );
    // Its output is not for the terminal tecs draws on: logged, and the last lines kept.
    let child = tokio::process::Command::new(&program)
        .args(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .kill_on_drop(true)
        // Its own process group: a Ctrl-C typed while the terminal is handed to a shell or an
        // editor must not end the forwarding too.
        .process_group(0)
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) => {
            return Outcome::ForwardEnded(Err(AwsError::invalid(format!(
                "cannot run {program}: {e}"
            ))));
        }
    };
    reply.send(Outcome::Forwarding {
        local,
        remote,
        container: container.to_string(),
        session_id: session.session_id.clone(),
    });
    let mut last = std::collections::VecDeque::new();
    let mut out = child.stdout.take().map(|s| BufReader::new(s).lines());
    let mut err = child.stderr.take().map(|s| BufReader::new(s).lines());
    loop {
        let line = tokio::select! {
            Some(Ok(Some(line))) = async { match out.as_mut() { Some(o) => Some(o.next_line().await), None => None } } => line,
            Some(Ok(Some(line))) = async { match err.as_mut() { Some(e) => Some(e.next_line().await), None => None } } => line,
            else => break,
        };
        tracing::info!(plugin = %line, "port forwarding");
        last.push_back(line);
        if last.len() > 3 {
            last.pop_front();
        }
    }
    let status = child.wait().await;
    let said = Vec::from(last).join(" / ");
    Outcome::ForwardEnded(match status {
        Ok(s) if s.success() => Ok(format!("the plugin ended: {said}")),
        Ok(s) => Err(AwsError::other(format!(
            "the plugin exited with {s}: {said}"
        ))),
        Err(e) => Err(AwsError::other(format!(
            "the plugin could not be waited for: {e}"
        ))),
    })
}
