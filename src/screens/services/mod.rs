//! A cluster's services: the list on the cluster's page and on `:services`. ListServices fully
//! paginated, DescribeServices in chunks of 10 (the AWS layer); each row says whether the service is
//! where it should be (running/desired, pending), what it runs (family:revision), on what capacity,
//! and how its latest deployment stands.

pub mod actions;

use crate::domain::console_url::ConsoleTarget;
use crate::widgets::format::count;
use std::time::SystemTime;

use ratatui::Frame;
use ratatui::layout::Rect;

use super::common;
use super::cx::{Cx, Notice};
use super::logs::LogsScreen;
use super::service::ServiceScreen;
use super::tasks::TasksScreen;
use super::{Route, Screen, View};
use crate::effect::{Job, Outcome, Ticket};
use crate::keymap::Command;
use crate::model::AwsError;
use crate::model::service::Service;
use crate::state::{Column, InputKind, ListTable, Loadable, PendingOp, Shared, TableRow};
use crate::widgets::format::age;
use crate::widgets::remote_list::{self, RemoteList};

/// Columns of a services list.
pub const SERVICE_COLUMNS: &[Column] = &[
    Column::ident("SERVICE", 12),
    Column::text("STATUS", 8),
    Column::number("RUN/WANT", 8),
    Column::number("PEND", 4),
    Column::ident("TASK DEFINITION", 10),
    Column::text("CAPACITY", 8),
    Column::text("ROLLOUT", 11),
    Column::number("AGE", 4),
];

/// A cluster's services with their table: shared by the cluster page and `:services`.
#[derive(Debug, Clone)]
pub struct ServiceList {
    /// The cluster's ARN (or name until it is known).
    pub cluster: String,
    pub data: Loadable<Vec<Service>>,
    pub table: ListTable,
}

impl ServiceList {
    pub fn new(cluster: &str) -> Self {
        Self {
            cluster: cluster.to_string(),
            data: Loadable::default(),
            table: ListTable::new(SERVICE_COLUMNS),
        }
    }

    /// Rebuilds the rows (ages are as of `now`, refreshed with the data).
    pub fn sync(&mut self, now: SystemTime) {
        let rows = self
            .data
            .data
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|s| TableRow {
                key: s.arn.clone(),
                cells: vec![
                    s.name.clone(),
                    s.status.clone(),
                    format!("{}/{}", count(s.running), count(s.desired)),
                    count(s.pending),
                    s.revision_label(),
                    s.capacity_label(),
                    s.rollout_label(),
                    age(now, s.created_at),
                ],
            })
            .collect();
        self.table.set_rows(rows);
    }

    /// The service under the cursor.
    pub fn selected(&self) -> Option<&Service> {
        let key = self.table.selected_row()?.key.as_str();
        self.data.data.as_ref()?.iter().find(|s| s.arn == key)
    }

    pub fn load(&mut self, cx: &mut Cx) {
        let cluster = self.cluster.clone();
        cx.load_into(&mut self.data, Job::Services { cluster });
    }

    /// Services described so far on a first load: shown (by name) while the rest load. False
    /// when stale, or when the list was loaded before (a refresh keeps the old rows until its
    /// whole answer).
    pub fn apply_so_far(&mut self, ticket: Ticket, rows: Vec<Service>, cx: &mut Cx) -> bool {
        if !self.data.extend_so_far(ticket.id, rows) {
            return false;
        }
        if let Some(services) = self.data.data.as_mut() {
            crate::model::service::sort_services(services);
        }
        self.sync(cx.wall_clock());
        cx.app.dirty = true;
        true
    }

    /// Applies the list's answer; false when it is stale (a newer load is out).
    pub fn apply(
        &mut self,
        ticket: Ticket,
        result: Result<Vec<Service>, AwsError>,
        cx: &mut Cx,
    ) -> bool {
        let at = cx.wall_clock();
        if !self.data.finish(ticket.id, result, at) {
            return false;
        }
        self.sync(at);
        true
    }

    /// Commands on the selected service, shared by the cluster page and `:services`.
    pub fn on_command(&mut self, command: Command, cx: &mut Cx) -> bool {
        // Creating needs no selected service (the list may be empty).
        if command == Command::Create {
            let cluster = self.cluster.clone();
            crate::screens::wizards::service::open_in_cluster(
                cx,
                &cluster,
                self.data.data.as_deref(),
            );
            return true;
        }
        let Some(service) = self.selected().cloned() else {
            return false;
        };
        match command {
            Command::Open => cx.push(Route::Service(Box::new(ServiceScreen::from_list(&service)))),
            Command::Tasks => cx.push(Route::Tasks(Box::new(TasksScreen::of_service(
                &service.cluster_arn,
                &service.name,
            )))),
            Command::Describe => common::open_json(
                cx,
                format!("{} json", service.name),
                &service.json.value(),
                Some(service.arn.clone()),
            ),
            Command::Copy => cx.copy(
                &format!("ARN of service {}", service.name),
                service.arn.clone(),
            ),
            Command::Logs => cx.push(Route::Logs(Box::new(LogsScreen::of_service(
                &service.cluster_arn,
                &service.name,
            )))),
            Command::Tree => cx.push(Route::Tree(Box::new(
                crate::screens::tree::TreeScreen::of_service(&service),
            ))),
            other => return actions::on_command(other, &service, cx),
        }
        true
    }

    /// The list's rows after a change to one service (an update answered with it).
    pub fn on_notice(&mut self, notice: &Notice, cx: &mut Cx) {
        if let Notice::ServiceChanged(service) = notice
            && let Some(list) = self.data.data.as_mut()
            && let Some(row) = list.iter_mut().find(|s| s.arn == service.arn)
        {
            *row = (**service).clone();
            let now = cx.wall_clock();
            self.sync(now);
        }
    }

    pub fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        remote_list::render(
            frame,
            area,
            RemoteList {
                title: "services".into(),
                extra: String::new(),
                what: "services",
                data: &self.data,
                empty: (
                    "No services in this cluster.".into(),
                    "Standalone tasks are not services: t lists the cluster's tasks.",
                ),
                table: &self.table,
                status_column: Some(1),
            },
            view,
        );
    }
}

/// The commands a services list supports.
pub fn supports(command: Command) -> bool {
    common::list(command)
        || matches!(
            command,
            Command::Open
                | Command::Tasks
                | Command::Logs
                | Command::Describe
                | Command::Copy
                | Command::Create
                | Command::Tree
        )
        || actions::supports(command)
}

/// `:services`: one cluster's services on a full page.
#[derive(Debug, Clone)]
pub struct ServicesScreen {
    /// The cluster's name, for the crumb.
    pub cluster_name: String,
    pub list: ServiceList,
}

impl ServicesScreen {
    pub fn new(cluster: &str) -> Self {
        Self {
            cluster_name: cluster.rsplit('/').next().unwrap_or(cluster).to_string(),
            list: ServiceList::new(cluster),
        }
    }
}

impl Screen for ServicesScreen {
    fn console_target(&self, _shared: &Shared) -> Option<ConsoleTarget> {
        self.list.selected().map(|s| ConsoleTarget::Service {
            cluster: s.cluster_arn.clone(),
            service: s.name.clone(),
        })
    }

    fn crumb(&self) -> String {
        format!("{} services", self.cluster_name)
    }

    fn relabel(&self, command: Command) -> Option<&'static str> {
        match command {
            Command::Create => Some("create a service in this cluster"),
            Command::Copy => Some("copy the selected service's ARN (OSC 52)"),
            _ => None,
        }
    }

    fn supports(&self, command: Command, _shared: &Shared) -> bool {
        supports(command)
    }

    fn on_command(&mut self, command: Command, cx: &mut Cx) {
        self.list.on_command(command, cx);
    }

    fn on_outcome(&mut self, ticket: Ticket, outcome: Outcome, cx: &mut Cx) {
        match outcome {
            Outcome::ServicesSoFar(rows) => {
                self.list.apply_so_far(ticket, rows, cx);
            }
            Outcome::Services(result) => {
                if self.list.apply(ticket, result, cx) {
                    let result = self.list.data.outcome();
                    cx.settle(result, true);
                }
            }
            Outcome::ActiveRevisions(result) => {
                if let Some(service) = self.list.selected().cloned() {
                    actions::on_revisions(cx, &service, result);
                }
            }
            other => {
                if actions::on_outcome(other, cx) {
                    self.load(cx);
                }
            }
        }
    }

    fn on_confirm(&mut self, op: PendingOp, yes: bool, picked: Option<String>, cx: &mut Cx) {
        actions::on_confirm(op, yes, picked, cx);
    }

    fn on_input(&mut self, kind: InputKind, value: &str, target: Option<String>, cx: &mut Cx) {
        actions::on_input(kind, value, target, self.list.data.data.as_deref(), cx);
    }

    fn on_notice(&mut self, notice: &Notice, cx: &mut Cx) {
        self.list.on_notice(notice, cx);
    }

    fn load(&mut self, cx: &mut Cx) {
        cx.app.current_cluster = Some(self.list.cluster.clone());
        self.list.load(cx);
    }

    fn is_loading(&self, _shared: &Shared) -> bool {
        self.list.data.is_loading()
    }

    fn table(&self) -> Option<&ListTable> {
        Some(&self.list.table)
    }

    fn table_mut(&mut self) -> Option<&mut ListTable> {
        Some(&mut self.list.table)
    }

    fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        self.list.render(frame, area, view);
    }
}
