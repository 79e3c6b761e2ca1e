//! Changes to a service, from its row or its page: scale (desiredCount only, so an operator
//! without iam:PassRole can do it), move to another ACTIVE revision, force a new deployment, ECS Exec
//! on/off, delete (scale to 0, then delete, after typing the name). Each shows the exact request and
//! its CLI line before anything is sent; `--read-only` refuses before asking.

use crate::domain::service_request::{update_service_cli, update_service_request};
use crate::effect::{Job, Outcome};
use crate::keymap::Command;
use crate::model::service::{Service, ServiceUpdate, revision_label};
use crate::model::{AwsError, RevisionRef};
use crate::screens::cx::{Cx, Notice};
use crate::state::{Confirm, InputKind, PendingOp, Picker};

/// The service commands.
pub fn supports(command: Command) -> bool {
    matches!(
        command,
        Command::Scale
            | Command::UpdateRevision
            | Command::ForceDeploy
            | Command::ToggleExec
            | Command::Delete
    )
}

/// A service command on `service`; false when `command` is not one.
pub fn on_command(command: Command, service: &Service, cx: &mut Cx) -> bool {
    match command {
        Command::Scale => ask_scale(cx, service),
        Command::UpdateRevision => ask_revision(cx, service),
        Command::ForceDeploy => ask_force(cx, service),
        Command::ToggleExec => ask_exec(cx, service),
        Command::Delete => ask_delete(cx, service),
        _ => return false,
    }
    true
}

/// The last part of an ARN (a cluster's name).
fn short(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

fn update_for(service: &Service) -> ServiceUpdate {
    ServiceUpdate {
        cluster: service.cluster_arn.clone(),
        service: service.name.clone(),
        ..ServiceUpdate::default()
    }
}

/// The dialog that shows `update` as a request before it is sent.
fn confirm_update(cx: &mut Cx, title: &str, mut lines: Vec<String>, update: ServiceUpdate) {
    lines.push(String::new());
    lines.push("UpdateService request:".into());
    let body = serde_json::to_string_pretty(&update_service_request(&update)).unwrap_or_default();
    lines.extend(body.lines().map(str::to_string));
    lines.push(String::new());
    lines.push(update_service_cli(&update));
    cx.confirm(Confirm::new(
        title,
        lines,
        "Update",
        PendingOp::UpdateService(Box::new(update)),
    ));
}

/// `+`: the desired count, typed (pre-filled with the current one).
fn ask_scale(cx: &mut Cx, service: &Service) {
    if cx.refuse_read_only("scaling a service") {
        return;
    }
    cx.open_input(
        InputKind::DesiredCount,
        service.desired.to_string(),
        Some(service.arn.clone()),
    );
}

/// After the count is typed: check it, then show the request (desiredCount only).
fn on_desired_count(cx: &mut Cx, service: &Service, value: &str) {
    let count = match value.trim().parse::<i32>() {
        Ok(n) if n >= 0 => n,
        _ => {
            cx.error(format!(
                "nothing sent: the desired count must be a whole number from 0, not {value:?}"
            ));
            return;
        }
    };
    if count == service.desired {
        cx.info(format!(
            "{} already wants {count} task(s): nothing to change",
            service.name
        ));
        return;
    }
    let update = ServiceUpdate {
        desired_count: Some(count),
        ..update_for(service)
    };
    confirm_update(
        cx,
        "Scale service",
        vec![
            format!(
                "Scale {} from {} to {count} task(s)?",
                service.name, service.desired
            ),
            "Only desiredCount is sent, so this needs no iam:PassRole.".into(),
        ],
        update,
    );
}

/// `U`: fetch the family's ACTIVE revisions, then a picker.
fn ask_revision(cx: &mut Cx, service: &Service) {
    if cx.refuse_read_only("updating a service") {
        return;
    }
    if let Err(why) = service.revision_changes_allowed() {
        cx.error(why);
        return;
    }
    let label = service.revision_label();
    let family = label.split(':').next().unwrap_or(&label).to_string();
    cx.info(format!("listing the ACTIVE revisions of {family}…"));
    cx.run(Job::ActiveRevisions { family });
}

/// The ACTIVE revisions arrived: pick one (the dialog shows the request for the chosen value).
pub fn on_revisions(cx: &mut Cx, service: &Service, result: Result<Vec<RevisionRef>, AwsError>) {
    let revisions = match result {
        Ok(r) => r,
        Err(e) => {
            cx.error(format!("cannot list the revisions: {e}"));
            return;
        }
    };
    let current = service.revision_label();
    let values: Vec<String> = revisions
        .iter()
        .map(RevisionRef::label)
        .filter(|l| *l != current)
        .collect();
    if values.is_empty() {
        cx.info(format!(
            "{current} is the only ACTIVE revision of its family: register a new one first (e on a revision)"
        ));
        return;
    }
    let mut dialog = Confirm::new(
        "Update the task definition",
        Vec::new(),
        "Update",
        PendingOp::UpdateRevision {
            cluster: service.cluster_arn.clone(),
            service: service.name.clone(),
        },
    );
    dialog.picker = Some(Picker {
        label: format!("Revision (now {current})"),
        values,
        index: 0,
    });
    refresh_revision_dialog(&mut dialog);
    cx.confirm(dialog);
}

/// The revision picker's text for its current value.
pub fn refresh_revision_dialog(dialog: &mut Confirm) {
    let (Some(picker), PendingOp::UpdateRevision { cluster, service }) =
        (&dialog.picker, &dialog.op)
    else {
        return;
    };
    let value = picker.value().to_string();
    let update = ServiceUpdate {
        cluster: cluster.clone(),
        service: service.clone(),
        task_definition: Some(value.clone()),
        ..ServiceUpdate::default()
    };
    let mut lines = vec![
        format!("{}:  ◀ {value} ▶   (j/k to choose)", picker.label),
        String::new(),
        format!(
            "{service} starts a rolling deployment of {value}; its current tasks keep running until replaced."
        ),
        "Sending a task definition needs iam:PassRole for the roles it names.".into(),
        String::new(),
        "UpdateService request:".into(),
    ];
    let body = serde_json::to_string_pretty(&update_service_request(&update)).unwrap_or_default();
    lines.extend(body.lines().map(str::to_string));
    lines.push(String::new());
    lines.push(update_service_cli(&update));
    dialog.lines = lines;
}

/// `F`: a new deployment with the current settings (new tasks, e.g. to pull a moved tag).
fn ask_force(cx: &mut Cx, service: &Service) {
    if cx.refuse_read_only("deploying a service") {
        return;
    }
    let update = ServiceUpdate {
        force_new_deployment: true,
        ..update_for(service)
    };
    confirm_update(
        cx,
        "Force a new deployment",
        vec![
            format!(
                "Start a new deployment of {} with {}?",
                service.name,
                service.revision_label()
            ),
            "Every task is replaced by a new one, within the deployment's min/max percent.".into(),
        ],
        update,
    );
}

/// `E`: ECS Exec on or off; only tasks started afterwards have it, so offer a new deployment.
fn ask_exec(cx: &mut Cx, service: &Service) {
    if cx.refuse_read_only("changing ECS Exec") {
        return;
    }
    let on = !service.enable_execute_command;
    let update = ServiceUpdate {
        enable_execute_command: Some(on),
        force_new_deployment: true,
        ..update_for(service)
    };
    confirm_update(
        cx,
        "ECS Exec",
        vec![
            format!(
                "Turn ECS Exec {} for {}?",
                if on { "on" } else { "off" },
                service.name
            ),
            "Running tasks keep their setting: a new deployment is started so every task gets it.".into(),
            "Exec also needs the task role's ssmmessages permissions and the session-manager-plugin.".into(),
        ],
        update,
    );
}

/// `X`: delete after typing the name; a service with tasks is scaled to 0 first.
fn ask_delete(cx: &mut Cx, service: &Service) {
    if cx.refuse_read_only("delete") {
        return;
    }
    let mut lines = vec![format!(
        "Delete service {} ({} running, {} desired)?",
        service.name, service.running, service.desired
    )];
    if service.desired > 0 {
        lines.push(format!(
            "It is scaled to 0 first (UpdateService desiredCount 0), then deleted: its {} task(s) stop.",
            service.desired
        ));
    }
    lines.push("The service stays listed as INACTIVE for a while after it is deleted.".into());
    lines.push(String::new());
    lines.push(format!(
        "aws ecs delete-service --cluster {} --service {}",
        short(&service.cluster_arn),
        service.name
    ));
    lines.push(String::new());
    lines.push(format!(
        "Type the service name ({}) and press enter to delete it:",
        service.name
    ));
    let mut dialog = Confirm::new(
        "Delete service",
        lines,
        "Delete",
        PendingOp::DeleteService {
            cluster: service.cluster_arn.clone(),
            service: service.name.clone(),
        },
    );
    dialog.typed = Some((service.name.clone(), String::new()));
    cx.confirm(dialog);
}

/// A submitted input line of a service screen (the desired count). `services` are those the
/// screen knows, to find the target by ARN.
pub fn on_input(
    kind: InputKind,
    value: &str,
    target: Option<String>,
    services: Option<&[Service]>,
    cx: &mut Cx,
) {
    if kind != InputKind::DesiredCount {
        return;
    }
    let service = services
        .unwrap_or_default()
        .iter()
        .find(|s| Some(&s.arn) == target.as_ref())
        .cloned();
    if let Some(service) = service {
        on_desired_count(cx, &service, value);
    }
}

/// The confirmed service changes.
pub fn on_confirm(op: PendingOp, yes: bool, picked: Option<String>, cx: &mut Cx) {
    if !yes {
        return;
    }
    match op {
        PendingOp::UpdateService(update) => {
            cx.run(Job::UpdateService(update));
        }
        PendingOp::UpdateRevision { cluster, service } => {
            let Some(revision) = picked else {
                return;
            };
            cx.run(Job::UpdateService(Box::new(ServiceUpdate {
                cluster,
                service,
                task_definition: Some(revision),
                ..ServiceUpdate::default()
            })));
        }
        PendingOp::DeleteService { cluster, service } => {
            cx.run(Job::DeleteService { cluster, service });
        }
        _ => {}
    }
}

/// Answers to service changes; true when the screen should reload.
pub fn on_outcome(outcome: Outcome, cx: &mut Cx) -> bool {
    cx.app.dirty = true;
    match outcome {
        Outcome::ServiceUpdated(Ok(service)) => {
            let p = service.primary();
            cx.info(format!(
                "updated {}: {} desired, {}{}",
                service.name,
                service.desired,
                revision_label(&service.task_definition),
                p.and_then(|d| d.rollout_state.as_deref())
                    .map(|r| format!(", deployment {r}"))
                    .unwrap_or_default()
            ));
            cx.notify(Notice::ServiceChanged(service));
            true
        }
        Outcome::ServiceUpdated(Err(e)) => {
            cx.error(e.write_failure("update the service"));
            // When it may have happened, show the service as it is now.
            !e.changed_nothing()
        }
        Outcome::ServiceDeleted { service, result } => match result {
            Ok(()) => {
                cx.info(format!("deleted service {service}"));
                cx.notify(Notice::ServiceDeleted { service });
                true
            }
            Err(e) => {
                cx.error(e.write_failure(&format!("delete service {service}")));
                true
            }
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scaling_sends_only_the_desired_count() {
        let update = ServiceUpdate {
            cluster: "arn:aws:ecs:us-east-1:1:cluster/prod".into(),
            service: "web".into(),
            desired_count: Some(3),
            ..ServiceUpdate::default()
        };
        assert_eq!(
            update_service_request(&update),
            json!({"cluster": "arn:aws:ecs:us-east-1:1:cluster/prod", "service": "web", "desiredCount": 3})
        );
        assert_eq!(
            update_service_cli(&update),
            "aws ecs update-service --cluster prod --service web --desired-count 3"
        );
    }

    #[test]
    fn exec_and_force_spell_their_flags() {
        let update = ServiceUpdate {
            cluster: "prod".into(),
            service: "web".into(),
            enable_execute_command: Some(false),
            force_new_deployment: true,
            ..ServiceUpdate::default()
        };
        assert_eq!(
            update_service_cli(&update),
            "aws ecs update-service --cluster prod --service web --force-new-deployment --disable-execute-command"
        );
        assert_eq!(
            update_service_request(&update)["enableExecuteCommand"],
            json!(false)
        );
    }
}
