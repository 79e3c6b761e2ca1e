//! Tasks of a service (from its row or page) or of a whole cluster (`:tasks`), RUNNING or STOPPED
//! (`t` toggles): ListTasks paginated, DescribeTasks in chunks of 100 (the AWS layer). Stopped
//! tasks show their stop code and reason; Enter explains why.

pub mod actions;

use crate::domain::console_url::ConsoleTarget;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::common;
use super::cx::{Cx, Notice};
use super::logs::LogsScreen;
use super::task::TaskScreen;
use super::{Route, Screen, View};
use crate::effect::{Effect, Job, Outcome, Ticket};
use crate::keymap::Command;
use crate::model::service::revision_label;
use crate::model::task::{DesiredStatus, Task};
use crate::state::{Column, InputKind, ListTable, Loadable, PendingOp, Shared, TableRow};
use crate::widgets::format::age;
use crate::widgets::remote_list::{self, RemoteList};

/// Columns of running tasks.
pub const RUNNING_COLUMNS: &[Column] = &[
    Column::ident("TASK", 10),
    Column::text("LAST", 8),
    Column::text("WANT", 7),
    Column::ident("TASK DEFINITION", 10),
    Column::number("UP", 4),
    Column::text("HEALTH", 7),
    Column::text("AZ", 10),
    // An IPv4 address whole (at most 15 characters).
    Column::text("IP", 15),
    Column::text("CAPACITY", 8),
];

/// Columns of stopped tasks: why they stopped takes the room.
pub const STOPPED_COLUMNS: &[Column] = &[
    Column::ident("TASK", 10),
    Column::ident("TASK DEFINITION", 10),
    Column::number("AGO", 4),
    Column::text("STOP CODE", 17),
    Column::flex("REASON", 16),
];

/// A list of tasks.
#[derive(Debug, Clone)]
pub struct TasksScreen {
    /// The cluster's ARN or name.
    pub cluster: String,
    /// Only this service's tasks (its name), or the whole cluster's.
    pub service: Option<String>,
    pub status: DesiredStatus,
    pub data: Loadable<Vec<Task>>,
    pub table: ListTable,
}

impl TasksScreen {
    /// The tasks of a cluster.
    pub fn of_cluster(cluster: &str) -> Self {
        Self {
            cluster: cluster.to_string(),
            service: None,
            status: DesiredStatus::Running,
            data: Loadable::default(),
            table: ListTable::new(RUNNING_COLUMNS),
        }
    }

    /// The tasks of one service.
    pub fn of_service(cluster: &str, service: &str) -> Self {
        Self {
            service: Some(service.to_string()),
            ..Self::of_cluster(cluster)
        }
    }

    /// Rebuilds the rows (ages as of `now`).
    pub fn sync(&mut self, now: std::time::SystemTime) {
        let stopped = self.status == DesiredStatus::Stopped;
        let rows = self
            .data
            .data
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|t| TableRow {
                key: t.arn.clone(),
                cells: if stopped {
                    vec![
                        t.id().to_string(),
                        revision_label(&t.task_definition),
                        age(now, t.timestamps.stopped.or(t.timestamps.stopping)),
                        t.stop_code.clone().unwrap_or_else(|| "-".into()),
                        t.stopped_reason.clone().unwrap_or_else(|| "-".into()),
                    ]
                } else {
                    vec![
                        t.id().to_string(),
                        t.last_status.clone(),
                        t.desired_status.clone(),
                        revision_label(&t.task_definition),
                        age(now, t.timestamps.started),
                        t.health.clone().unwrap_or_else(|| "-".into()),
                        t.availability_zone.clone().unwrap_or_else(|| "-".into()),
                        t.private_ip().unwrap_or("-").to_string(),
                        t.capacity_label(),
                    ]
                },
            })
            .collect();
        self.table.set_rows(rows);
    }

    /// The task under the cursor.
    pub fn selected(&self) -> Option<&Task> {
        let key = self.table.selected_row()?.key.as_str();
        self.data.data.as_ref()?.iter().find(|t| t.arn == key)
    }

    /// `t`: RUNNING ↔ STOPPED, with the columns that matter for each.
    fn toggle(&mut self, cx: &mut Cx) {
        self.status = self.status.toggled();
        if let Some(old) = self.data.reset() {
            cx.effect(Effect::CancelTicket(old));
        }
        self.table = ListTable::new(match self.status {
            DesiredStatus::Running => RUNNING_COLUMNS,
            DesiredStatus::Stopped => STOPPED_COLUMNS,
        });
        self.load(cx);
    }

    fn cluster_name(&self) -> &str {
        self.cluster.rsplit('/').next().unwrap_or(&self.cluster)
    }
}

impl Screen for TasksScreen {
    fn console_target(&self, _shared: &Shared) -> Option<ConsoleTarget> {
        self.selected().map(|t| ConsoleTarget::Task {
            cluster: self.cluster.clone(),
            task: t.arn.clone(),
        })
    }

    fn crumb(&self) -> String {
        match &self.service {
            Some(s) => format!("{s} tasks"),
            None => format!("{} tasks", self.cluster_name()),
        }
    }

    fn supports(&self, command: Command, _shared: &Shared) -> bool {
        common::list(command)
            || matches!(
                command,
                Command::Open
                    | Command::ToggleStatus
                    | Command::Describe
                    | Command::Copy
                    | Command::Logs
                    | Command::StopTask
                    | Command::Exec
            )
    }

    fn on_command(&mut self, command: Command, cx: &mut Cx) {
        if command == Command::ToggleStatus {
            self.toggle(cx);
            return;
        }
        let Some(task) = self.selected().cloned() else {
            return;
        };
        match command {
            Command::Open => cx.push(Route::Task(Box::new(TaskScreen::from_list(&task)))),
            Command::Describe => common::open_json(
                cx,
                format!("task {} json", task.id()),
                &task.json.value(),
                Some(task.arn.clone()),
            ),
            Command::Copy => cx.copy("ARN", task.arn.clone()),
            Command::StopTask => actions::ask_stop(cx, &task),
            Command::Exec => crate::screens::task::exec::start(cx, &task),
            Command::Logs => cx.push(Route::Logs(Box::new(LogsScreen::of_task(
                &task.cluster_arn,
                &task.arn,
            )))),
            _ => {}
        }
    }

    fn relabel(&self, command: Command) -> Option<&'static str> {
        (command == Command::Exec)
            .then_some("a shell (/bin/sh) in a container of the selected task (ECS Exec)")
    }

    fn on_outcome(&mut self, ticket: Ticket, outcome: Outcome, cx: &mut Cx) {
        if crate::screens::task::exec::on_outcome(&outcome, cx) {
            return;
        }
        match outcome {
            Outcome::TasksSoFar(rows) => {
                // A first load shows the tasks described so far, in the list's order.
                if self.data.extend_so_far(ticket.id, rows) {
                    if let Some(tasks) = self.data.data.as_mut() {
                        crate::model::task::sort_tasks(tasks, self.status);
                    }
                    self.sync(cx.wall_clock());
                    cx.app.dirty = true;
                }
            }
            Outcome::Tasks(result) => {
                let at = cx.wall_clock();
                if !self.data.finish(ticket.id, result, at) {
                    return;
                }
                self.sync(at);
                let outcome = self.data.outcome();
                cx.settle(outcome, true);
            }
            other => {
                if actions::on_outcome(other, cx) {
                    self.load(cx);
                }
            }
        }
    }

    fn on_input(&mut self, kind: InputKind, value: &str, target: Option<String>, cx: &mut Cx) {
        if kind == InputKind::StopReason
            && let Some(task) = self
                .data
                .data
                .as_deref()
                .unwrap_or_default()
                .iter()
                .find(|t| Some(&t.arn) == target.as_ref())
        {
            actions::confirm_stop(cx, task, value);
        }
    }

    fn on_confirm(&mut self, op: PendingOp, yes: bool, picked: Option<String>, cx: &mut Cx) {
        if let PendingOp::Exec { task, .. } = &op
            && let Some(task) = self
                .data
                .data
                .as_deref()
                .unwrap_or_default()
                .iter()
                .find(|t| t.arn == *task)
        {
            crate::screens::task::exec::on_confirm(&op, yes, picked.as_deref(), task, cx);
        }
        actions::on_confirm(op, yes, cx);
    }

    fn on_notice(&mut self, notice: &Notice, cx: &mut Cx) {
        if let Notice::TaskStopped(task) = notice
            && let Some(list) = self.data.data.as_mut()
            && let Some(row) = list.iter_mut().find(|t| t.arn == task.arn)
        {
            *row = (**task).clone();
            let now = cx.wall_clock();
            self.sync(now);
        }
    }

    fn load(&mut self, cx: &mut Cx) {
        cx.app.current_cluster = Some(self.cluster.clone());
        cx.load_into(
            &mut self.data,
            Job::Tasks {
                cluster: self.cluster.clone(),
                service: self.service.clone(),
                status: self.status,
            },
        );
    }

    fn is_loading(&self, _shared: &Shared) -> bool {
        self.data.is_loading()
    }

    fn table(&self) -> Option<&ListTable> {
        Some(&self.table)
    }

    fn table_mut(&mut self) -> Option<&mut ListTable> {
        Some(&mut self.table)
    }

    fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        let status = self.status.as_api();
        let whose = match &self.service {
            Some(s) => format!("service {s}"),
            None => format!("cluster {}", self.cluster_name()),
        };
        let empty = match self.status {
            DesiredStatus::Running => format!("No RUNNING tasks in {whose}."),
            DesiredStatus::Stopped => {
                format!("No STOPPED tasks in {whose} (they stay listed for about an hour).")
            }
        };
        remote_list::render(
            frame,
            area,
            RemoteList {
                title: format!("{status} tasks of {whose}"),
                extra: String::new(),
                what: "tasks",
                data: &self.data,
                empty: (empty, "t switches RUNNING / STOPPED."),
                table: &self.table,
                status_column: match self.status {
                    DesiredStatus::Running => Some(1),
                    DesiredStatus::Stopped => None,
                },
            },
            view,
        );
    }
}
