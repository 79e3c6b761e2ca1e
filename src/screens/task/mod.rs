//! One task: why it stopped (the stop code, stopped reason and container exit codes translated into
//! a sentence and the usual fix), its containers (image and digest, status, exit code, reason,
//! health, ports, cpu/memory), its network interfaces, and when each lifecycle step happened.

pub mod exec;

use crate::domain::console_url::ConsoleTarget;
use std::time::SystemTime;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

use super::Route;
use super::common;
use super::cx::{Cx, Notice};
use super::logs::LogsScreen;
use super::tasks::actions;
use super::{Keys, Screen, View};
use crate::domain::stop_reasons;
use crate::effect::{Job, Outcome, Ticket};
use crate::keymap::Command;
use crate::model::service::revision_label;
use crate::model::task::Task;
use crate::state::{InputKind, Loadable, PendingOp, Scroll, Shared};
use crate::widgets::format::{ago, utc_date_time};
use crate::widgets::page::{self, Page};
use crate::widgets::theme::Theme;
use crate::widgets::{list_block, phase};

/// Width of the field names.
const LABEL: usize = 17;

/// A task's page.
#[derive(Debug, Clone)]
pub struct TaskScreen {
    pub cluster: String,
    pub arn: String,
    pub task: Loadable<Task>,
    pub scroll: Scroll,
    /// Port forwarding started from this page (closed when the page is left).
    pub forward: Option<exec::Forward>,
}

impl TaskScreen {
    /// A page seeded with what the list knows.
    pub fn from_list(task: &Task) -> Self {
        Self {
            cluster: task.cluster_arn.clone(),
            arn: task.arn.clone(),
            task: Loadable::with(task.clone()),
            scroll: Scroll::default(),
            forward: None,
        }
    }

    fn id(&self) -> &str {
        crate::model::task::task_id(&self.arn)
    }
}

impl Screen for TaskScreen {
    fn console_target(&self, _shared: &Shared) -> Option<ConsoleTarget> {
        Some(ConsoleTarget::Task {
            cluster: self.cluster.clone(),
            task: self.arn.clone(),
        })
    }

    fn crumb(&self) -> String {
        format!("task {}", self.id())
    }

    fn keys(&self) -> Keys {
        Keys::Scroll
    }

    fn supports(&self, command: Command, _shared: &Shared) -> bool {
        common::moving(command)
            || matches!(
                command,
                Command::Refresh
                    | Command::Describe
                    | Command::Copy
                    | Command::Logs
                    | Command::StopTask
                    | Command::Exec
                    | Command::PortForward
            )
    }

    fn relabel(&self, command: Command) -> Option<&'static str> {
        match command {
            Command::Exec => Some("a shell (/bin/sh) in a container of this task (ECS Exec)"),
            Command::PortForward => {
                Some("forward a local port to a container port of this task (again: stop it)")
            }
            _ => None,
        }
    }

    fn on_command(&mut self, command: Command, cx: &mut Cx) {
        let Some(task) = self.task.data.clone() else {
            return;
        };
        match command {
            Command::Describe => common::open_json(
                cx,
                format!("task {} json", task.id()),
                &task.json.value(),
                Some(task.arn.clone()),
            ),
            Command::Copy => cx.copy("ARN", task.arn.clone()),
            Command::StopTask => actions::ask_stop(cx, &task),
            Command::Exec => exec::start(cx, &task),
            Command::PortForward if exec::ask_ports(cx, &task, self.forward.as_ref()) => {
                self.forward = Some(exec::Forward::Ended("stopped".into()));
            }
            Command::Logs => cx.push(Route::Logs(Box::new(LogsScreen::of_task(
                &task.cluster_arn,
                &task.arn,
            )))),
            _ => {}
        }
    }

    fn on_outcome(&mut self, ticket: Ticket, outcome: Outcome, cx: &mut Cx) {
        match outcome {
            Outcome::Task(result) => {
                let at = cx.wall_clock();
                if self.task.finish(ticket.id, result.map(|t| *t), at) {
                    let outcome = self.task.outcome();
                    cx.settle(outcome, true);
                }
            }
            // The revision, for exec's checks and the port to offer (cached for the session).
            Outcome::Described(results) => {
                crate::screens::revisions::actions::on_described(cx, results);
            }
            Outcome::Forwarding {
                local,
                remote,
                container,
                session_id,
            } if self.forward.as_ref().and_then(exec::Forward::ticket) == Some(ticket.id) => {
                cx.info(format!(
                    "forwarding localhost:{local} to {container}:{remote}: connect to 127.0.0.1:{local}"
                ));
                self.forward = Some(exec::Forward::Active {
                    ticket: ticket.id,
                    container,
                    remote,
                    local,
                    session_id,
                });
            }
            Outcome::ForwardEnded(result)
                if self.forward.as_ref().and_then(exec::Forward::ticket) == Some(ticket.id) =>
            {
                let why = match result {
                    Ok(text) => text,
                    Err(e) => {
                        cx.error(format!("port forwarding: {e}"));
                        e.to_string()
                    }
                };
                self.forward = Some(exec::Forward::Ended(why));
            }
            other => {
                if exec::on_outcome(&other, cx) {
                    return;
                }
                if actions::on_outcome(other, cx) {
                    self.load(cx);
                }
            }
        }
    }

    fn on_input(&mut self, kind: InputKind, value: &str, target: Option<String>, cx: &mut Cx) {
        let Some(task) = self.task.data.clone() else {
            return;
        };
        match kind {
            InputKind::StopReason => actions::confirm_stop(cx, &task, value),
            InputKind::PortForward => {
                if let Some(forward) = exec::start_forward(cx, &task, value, target) {
                    self.forward = Some(forward);
                }
            }
            _ => {}
        }
    }

    fn on_confirm(&mut self, op: PendingOp, yes: bool, picked: Option<String>, cx: &mut Cx) {
        if let Some(task) = &self.task.data {
            exec::on_confirm(&op, yes, picked.as_deref(), task, cx);
        }
        actions::on_confirm(op, yes, cx);
    }

    fn on_notice(&mut self, notice: &Notice, _cx: &mut Cx) {
        if let Notice::TaskStopped(task) = notice
            && task.arn == self.arn
        {
            self.task.data = Some((**task).clone());
        }
    }

    fn load(&mut self, cx: &mut Cx) {
        if let Some(task) = &self.task.data {
            crate::screens::revisions::actions::describe(cx, vec![task.task_definition.clone()]);
        }
        cx.load_into(
            &mut self.task,
            Job::Task {
                cluster: self.cluster.clone(),
                task: self.arn.clone(),
            },
        );
    }

    fn is_loading(&self, _shared: &Shared) -> bool {
        self.task.is_loading()
    }

    fn scroll(&self) -> Option<&Scroll> {
        Some(&self.scroll)
    }

    fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let Some(task) = &self.task.data else {
            let block = list_block(
                format!("task {}", self.id()),
                &self.task,
                view.now(),
                theme,
                area.width,
            );
            if self.task.error.is_some() && !self.task.is_loading() {
                phase::failed(
                    frame,
                    area,
                    block,
                    "the task",
                    self.task.error.as_ref(),
                    &view.retry_key(),
                    theme,
                );
            } else {
                phase::loading(
                    frame,
                    area,
                    block,
                    "the task",
                    self.task.in_flight,
                    view.now(),
                    theme,
                );
            }
            return;
        };
        let width = area.width.saturating_sub(2);
        let mut lines = page_lines(task, SystemTime::now(), width, theme);
        if let Some(forward) = &self.forward {
            // Above everything: it is what this page is holding open.
            let mut p = Page::new(width, LABEL, theme);
            p.field("port forward", &forward.line());
            let mut top = p.into_lines();
            top.append(&mut lines);
            lines = top;
        }
        page::render(
            frame,
            area,
            Line::styled(format!(" task {} ", task.id()), theme.title()),
            None,
            lines,
            &self.scroll,
            theme,
        );
    }
}

/// The page's lines at `width` columns.
pub fn page_lines(t: &Task, now: SystemTime, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let mut p = Page::new(width, LABEL, theme);
    p.line(Line::from(vec![
        Span::styled(format!("{:<LABEL$}", "status"), theme.dim()),
        Span::styled(t.last_status.clone(), theme.status(&t.last_status)),
        Span::styled(format!("  (desired {})", t.desired_status), theme.dim()),
    ]));
    if let Some(h) = &t.health {
        p.field_styled("health", h, theme.status(h));
    }

    let explanations = stop_reasons::explain_task(t);
    if !explanations.is_empty() || t.stop_code.is_some() {
        p.heading("Why it stopped");
        if let Some(code) = &t.stop_code {
            p.field("stop code", code);
        }
        if let Some(reason) = &t.stopped_reason {
            p.field("stopped reason", reason);
        }
        for e in &explanations {
            p.text(
                0,
                &format!("→ {}", stop_reasons::sentence(e)),
                theme.warning(),
            );
            p.text(2, &format!("fix: {}", e.reason.fix), Style::default());
            if e.read_logs() != Some(false) {
                p.text(2, "its own log says more: l opens it", theme.ok());
            }
            if let Some(source) = e.reason.sources.first() {
                p.text(2, &format!("see {source}"), theme.dim());
            }
        }
    }

    p.heading("Task");
    p.field("task definition", &revision_label(&t.task_definition));
    if let Some(service) = t.service() {
        p.field("service", service);
    }
    if let Some(by) = &t.started_by {
        p.field("started by", by);
    }
    let mut capacity = t.capacity_label();
    if let Some(pv) = &t.platform_version {
        capacity.push_str(&format!(" (platform {pv})"));
    }
    p.field("capacity", &capacity);
    p.field("zone", t.availability_zone.as_deref().unwrap_or("-"));
    p.field(
        "cpu / memory",
        &format!(
            "{} / {}",
            t.cpu.as_deref().unwrap_or("-"),
            t.memory.as_deref().unwrap_or("-")
        ),
    );
    p.field(
        "ECS Exec",
        if t.enable_execute_command {
            "on"
        } else {
            "off"
        },
    );
    if let Some(ci) = &t.container_instance_arn {
        p.field("instance", ci);
    }
    p.field("arn", &t.arn);

    p.heading(&format!("Containers ({})", t.containers.len()));
    for c in &t.containers {
        p.line(Line::from(vec![
            Span::styled(format!("  {}  ", c.name), theme.title()),
            Span::styled(c.last_status.clone(), theme.status(&c.last_status)),
            Span::styled(
                c.exit_code
                    .map(|code| format!("  exit {code}"))
                    .unwrap_or_default(),
                if c.exit_code.is_some_and(|code| code != 0) {
                    theme.error()
                } else {
                    theme.dim()
                },
            ),
        ]));
        p.field("    image", &c.image);
        if let Some(d) = &c.image_digest {
            p.field("    digest", d);
        }
        if let Some(r) = &c.reason {
            p.field_styled("    reason", r, theme.error());
        }
        if let Some(h) = &c.health {
            p.field_styled("    health", h, theme.status(h));
        }
        if !c.ports.is_empty() {
            p.field("    ports", &c.ports.join(", "));
        }
        if c.cpu.is_some() || c.memory.is_some() {
            p.field(
                "    cpu / memory",
                &format!(
                    "{} / {}",
                    c.cpu.as_deref().unwrap_or("-"),
                    c.memory.as_deref().unwrap_or("-")
                ),
            );
        }
    }

    p.heading("Network");
    if t.attachments.is_empty() {
        p.text(
            2,
            "no network interface of its own (bridge or host mode)",
            theme.dim(),
        );
    }
    for a in &t.attachments {
        let kind = if a.kind == "ElasticNetworkInterface" {
            "ENI"
        } else {
            a.kind.as_str()
        };
        p.field(
            &format!("  {kind}"),
            &format!(
                "{} {} · {} · subnet {}",
                a.eni.as_deref().unwrap_or(&a.id),
                a.status,
                a.private_ip.as_deref().unwrap_or("no IP"),
                a.subnet.as_deref().unwrap_or("-")
            ),
        );
    }

    p.heading("Timeline (UTC)");
    let ts = &t.timestamps;
    if ts == &crate::model::task::TaskTimestamps::default() {
        p.text(2, "no timestamps reported yet", theme.dim());
    }
    for (label, at) in [
        ("created", ts.created),
        ("pull started", ts.pull_started),
        ("pull stopped", ts.pull_stopped),
        ("started", ts.started),
        ("stopping", ts.stopping),
        ("execution stopped", ts.execution_stopped),
        ("stopped", ts.stopped),
    ] {
        if let Some(at) = at {
            p.field(
                label,
                &format!("{}  ({})", utc_date_time(at), ago(now, Some(at))),
            );
        }
    }
    p.into_lines()
}
