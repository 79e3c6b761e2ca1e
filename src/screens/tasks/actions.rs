//! Stopping a task, from the list or its page: the reason is typed (it is recorded in the task and
//! shows in its stopped reason), then a confirmation that says what happens next.

use crate::effect::{Job, Outcome};
use crate::model::task::Task;
use crate::screens::cx::{Cx, Notice};
use crate::state::{Confirm, InputKind, PendingOp};

/// The reason offered when the operator types none of their own: the console's wording, so the
/// stop explains itself later (a user stop), with where it came from.
pub const DEFAULT_REASON: &str = "Task stopped by user from tecs";

/// `ctrl-k`: ask why (pre-filled), unless it is stopped already or tecs is read-only.
pub fn ask_stop(cx: &mut Cx, task: &Task) {
    if cx.refuse_read_only("stopping a task") {
        return;
    }
    if task.last_status == "STOPPED" {
        cx.info(format!("task {} has stopped already", task.id()));
        return;
    }
    cx.open_input(
        InputKind::StopReason,
        DEFAULT_REASON.to_string(),
        Some(task.arn.clone()),
    );
}

/// The longest reason StopTask records (ECS API reference, StopTask `reason`).
const MAX_REASON: usize = 255;

/// The reason is typed: ask before sending StopTask.
pub fn confirm_stop(cx: &mut Cx, task: &Task, reason: &str) {
    let reason = if reason.trim().is_empty() {
        DEFAULT_REASON.to_string()
    } else {
        reason.trim().to_string()
    };
    // StopTask takes at most 255 characters of reason; the dialog says when it was cut.
    let typed = reason.chars().count();
    let reason: String = reason.chars().take(MAX_REASON).collect();
    let mut lines = vec![format!("Stop task {}?", task.id())];
    match task.service() {
        Some(service) => lines.push(format!(
            "It belongs to service {service}: the service starts a replacement to keep its desired count."
        )),
        None => lines.push("It is a standalone task: nothing replaces it.".into()),
    }
    lines.push(format!("Reason (recorded in the task): {reason}"));
    if typed > MAX_REASON {
        lines.push(format!(
            "(cut from {typed} to {MAX_REASON} characters, the most StopTask keeps)"
        ));
    }
    lines.push(String::new());
    lines.push(format!(
        "aws ecs stop-task --cluster {} --task {} --reason {}",
        task.cluster_arn
            .rsplit('/')
            .next()
            .unwrap_or(&task.cluster_arn),
        task.id(),
        crate::form::shell::quote(&reason)
    ));
    cx.confirm(Confirm::new(
        "Stop task",
        lines,
        "Stop",
        PendingOp::StopTask {
            cluster: task.cluster_arn.clone(),
            task: task.arn.clone(),
            reason,
        },
    ));
}

pub fn on_confirm(op: PendingOp, yes: bool, cx: &mut Cx) {
    if let (
        true,
        PendingOp::StopTask {
            cluster,
            task,
            reason,
        },
    ) = (yes, op)
    {
        cx.run(Job::StopTask {
            cluster,
            task,
            reason,
        });
    }
}

/// StopTask answered; true when the screen should reload.
pub fn on_outcome(outcome: Outcome, cx: &mut Cx) -> bool {
    match outcome {
        Outcome::TaskStopped(Ok(task)) => {
            cx.info(format!(
                "stopping task {} ({}): {}",
                task.id(),
                task.last_status,
                task.stopped_reason.as_deref().unwrap_or("-")
            ));
            cx.notify(Notice::TaskStopped(task));
            true
        }
        Outcome::TaskStopped(Err(e)) => {
            cx.error(e.write_failure("stop the task"));
            // When it may have happened, show the task as it is now.
            !e.changed_nothing()
        }
        _ => false,
    }
}
