//! ECS Exec (`s` on a task's page, `x` on the task list) and port forwarding (`P` on a task's
//! page). What DescribeTasks already says is checked first (exec enabled, the agent running, a
//! runtime id), so the operator learns the fix before any call; the job then checks the plugin
//! and opens the session.

use crate::domain::exec::{exec_problem, offered_port, parse_ports, ssm_target, task_role_problem};
use crate::effect::{Effect, Job, Outcome};
use crate::model::task::{Container, Task};
use crate::screens::cx::Cx;
use crate::state::{Confirm, InputKind, PendingOp, Picker};

/// The shell ECS Exec starts: `/bin/sh` is in nearly every image (bash often is not).
pub const SHELL: &str = "/bin/sh";

/// `s`/`x`: a shell in the task's only container, or a dialog to choose one.
pub fn start(cx: &mut Cx, task: &Task) {
    if cx.refuse_read_only("opening a shell in a container (ECS Exec)") {
        return;
    }
    match task.containers.as_slice() {
        [] => cx.error(format!("task {} has no containers to exec into", task.id())),
        [only] => connect(cx, task, only),
        many => {
            let names: Vec<String> = many.iter().map(|c| c.name.clone()).collect();
            // Start on one that can take a shell, if any.
            let index = many
                .iter()
                .position(|c| exec_problem(task, c).is_none())
                .unwrap_or(0);
            let mut dialog = Confirm::new(
                "ECS Exec",
                Vec::new(),
                "Connect",
                PendingOp::Exec {
                    task: task.arn.clone(),
                    problems: many
                        .iter()
                        .map(|c| (c.name.clone(), exec_problem(task, c)))
                        .collect(),
                },
            );
            dialog.picker = Some(Picker {
                label: "container".into(),
                values: names,
                index,
            });
            refresh_dialog(&mut dialog);
            cx.confirm(dialog);
        }
    }
}

/// The dialog's lines for the container now chosen.
pub fn refresh_dialog(dialog: &mut Confirm) {
    let (Some(picker), PendingOp::Exec { task, problems }) = (&dialog.picker, &dialog.op) else {
        return;
    };
    let name = picker.value();
    let mut lines = vec![
        format!("{}:  ◀ {name} ▶   (j/k to choose)", picker.label),
        String::new(),
        format!(
            "Open {SHELL} in container {name} of task {}.",
            crate::model::task::task_id(task)
        ),
    ];
    if let Some((_, Some(problem))) = problems.iter().find(|(n, _)| n == name) {
        lines.push(format!("Not possible now: {problem}"));
    }
    dialog.lines = lines;
}

/// The dialog's answer, with the task as the screen knows it now.
pub fn on_confirm(op: &PendingOp, yes: bool, picked: Option<&str>, task: &Task, cx: &mut Cx) {
    if let (true, PendingOp::Exec { task: arn, .. }, Some(name)) = (yes, op, picked)
        && *arn == task.arn
        && let Some(container) = task.containers.iter().find(|c| c.name == name)
    {
        connect(cx, task, container);
    }
}

/// Why the task's definition (when described) rules ECS Exec out.
fn definition_problem(cx: &Cx, task: &Task) -> Option<String> {
    cx.shared
        .taskdefs
        .get(&task.task_definition)
        .and_then(task_role_problem)
}

fn connect(cx: &mut Cx, task: &Task, container: &Container) {
    if let Some(problem) = exec_problem(task, container).or_else(|| definition_problem(cx, task)) {
        cx.error(problem);
        return;
    }
    let Some(target) = ssm_target(task, container) else {
        return;
    };
    cx.info(format!(
        "opening {SHELL} in container {} (ECS Exec)…",
        container.name
    ));
    cx.run(Job::Exec {
        cluster: task.cluster_arn.clone(),
        task: task.arn.clone(),
        container: container.name.clone(),
        target,
    });
}

/// ExecuteCommand's answer and the shell's end; true when the outcome was one of these.
pub fn on_outcome(outcome: &Outcome, cx: &mut Cx) -> bool {
    match outcome {
        Outcome::ExecReady {
            container,
            result: Ok(command),
        } => {
            let ticket = cx.ticket();
            cx.effect(Effect::RunPlugin {
                ticket,
                program: command.program.clone(),
                args: command.args.clone(),
                what: format!("{SHELL} in container {container}"),
            });
        }
        Outcome::ExecReady {
            container,
            result: Err(e),
        } => cx.error(format!("ECS Exec into {container}: {e}")),
        Outcome::PluginEnded(Ok(text)) => cx.info(text.clone()),
        Outcome::PluginEnded(Err(text)) => cx.error(text.clone()),
        _ => return false,
    }
    true
}

/// A port forwarding of the task's page, from asked to ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Forward {
    Starting {
        ticket: u64,
        container: String,
        remote: u16,
        local: u16,
    },
    Active {
        ticket: u64,
        container: String,
        remote: u16,
        local: u16,
        session_id: String,
    },
    /// Why it ended (kept on the page).
    Ended(String),
}

impl Forward {
    /// The job while it runs.
    pub fn ticket(&self) -> Option<u64> {
        match self {
            Forward::Starting { ticket, .. } | Forward::Active { ticket, .. } => Some(*ticket),
            Forward::Ended(_) => None,
        }
    }

    /// The line the page shows.
    pub fn line(&self) -> String {
        match self {
            Forward::Starting {
                container,
                remote,
                local,
                ..
            } => format!("starting: localhost:{local} → {container}:{remote}…"),
            Forward::Active {
                container,
                remote,
                local,
                session_id,
                ..
            } => format!(
                "localhost:{local} → {container}:{remote} (session {session_id}; P or leaving this page closes it)"
            ),
            Forward::Ended(why) => format!("ended: {why}"),
        }
    }
}

/// `P`: stop the forwarding that runs, else ask for the ports (the container's first published
/// port offered).
pub fn ask_ports(cx: &mut Cx, task: &Task, running: Option<&Forward>) -> bool {
    if let Some(ticket) = running.and_then(Forward::ticket) {
        cx.effect(Effect::CancelTicket(ticket));
        cx.info("port forwarding stopped: the session is being closed");
        return true;
    }
    // Forwarding rides on the exec agent: what stops exec is said before any port is asked.
    let problem = task
        .containers
        .iter()
        .find_map(|c| exec_problem(task, c))
        .filter(|_| {
            task.containers
                .iter()
                .all(|c| exec_problem(task, c).is_some())
        })
        .or_else(|| definition_problem(cx, task));
    if let Some(problem) = problem {
        cx.error(format!(
            "port forwarding uses the ECS Exec agent: {problem}"
        ));
        return false;
    }
    let td = cx.shared.taskdefs.get(&task.task_definition);
    let Some(container) = task
        .containers
        .iter()
        .find(|c| offered_port(c, td).is_some())
        .or_else(|| task.containers.first())
    else {
        cx.error(format!("task {} has no containers", task.id()));
        return false;
    };
    let offered = offered_port(container, td)
        .map(|p| p.to_string())
        .unwrap_or_default();
    cx.open_input(
        InputKind::PortForward,
        offered,
        Some(container.name.clone()),
    );
    false
}

/// The ports were typed (`[CONTAINER:]PORT [LOCAL]`): check, then start. Returns the new state.
pub fn start_forward(
    cx: &mut Cx,
    task: &Task,
    typed: &str,
    container: Option<String>,
) -> Option<Forward> {
    let (name, ports) = match typed.trim().split_once(':') {
        Some((name, rest)) if !name.contains(' ') => (Some(name.to_string()), rest),
        _ => (container, typed),
    };
    let Some(c) = task
        .containers
        .iter()
        .find(|c| Some(&c.name) == name.as_ref())
    else {
        cx.error(format!(
            "no container {} in this task (its containers: {})",
            name.unwrap_or_default(),
            task.containers
                .iter()
                .map(|c| c.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ));
        return None;
    };
    let (remote, local) = match parse_ports(ports) {
        Ok(p) => p,
        Err(e) => {
            cx.error(e);
            return None;
        }
    };
    if let Some(problem) = exec_problem(task, c) {
        cx.error(format!(
            "port forwarding uses the ECS Exec agent: {problem}"
        ));
        return None;
    }
    let target = ssm_target(task, c)?;
    cx.info(format!(
        "forwarding localhost:{local} to {}:{remote}…",
        c.name
    ));
    let ticket = cx.run(Job::PortForward {
        target,
        container: c.name.clone(),
        remote,
        local,
    });
    Some(Forward::Starting {
        ticket: ticket.id,
        container: c.name.clone(),
        remote,
        local,
    })
}
