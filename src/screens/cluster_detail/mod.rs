//! One cluster: its settings, then its services with desired/running counts.

mod view;

pub use view::settings_lines;

use super::clusters::admin;
use super::common;
use super::cx::{Cx, Notice};
use super::{Screen, View};
use crate::effect::{Job, Outcome, Ticket};
use crate::keymap::Command;
use crate::model::{Cluster, ServiceSummary};
use crate::state::{Column, InputKind, ListTable, Loadable, PendingOp, Shared, TableRow};

/// Columns of a cluster's services.
pub const SERVICE_COLUMNS: &[Column] = &[
    Column::flex("SERVICE", 12),
    Column::text("STATUS", 8),
    Column::number("DESIRED", 7),
    Column::number("RUNNING", 7),
    Column::number("PENDING", 7),
    Column::text("LAUNCH", 8),
    Column::flex("TASK DEFINITION", 12),
];

/// One cluster's page: its settings and its services.
#[derive(Debug, Clone)]
pub struct ClusterDetailScreen {
    pub name: String,
    pub arn: String,
    pub cluster: Loadable<Cluster>,
    pub services: Loadable<Vec<ServiceSummary>>,
    pub table: ListTable,
}

impl ClusterDetailScreen {
    /// A page seeded with what the list already knows, so it draws at once.
    pub fn from_list(cluster: &Cluster) -> Self {
        Self {
            name: cluster.name.clone(),
            arn: cluster.arn.clone(),
            cluster: Loadable::with(cluster.clone()),
            services: Loadable::default(),
            table: ListTable::new(SERVICE_COLUMNS),
        }
    }

    /// A page for a cluster known only by name (`--cluster NAME`): it loads everything.
    pub fn named(name: &str) -> Self {
        Self {
            name: name.to_string(),
            arn: name.to_string(),
            cluster: Loadable::default(),
            services: Loadable::default(),
            table: ListTable::new(SERVICE_COLUMNS),
        }
    }

    /// Rebuilds the service rows (after they changed).
    pub fn sync(&mut self) {
        let rows = self
            .services
            .data
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|s| TableRow {
                key: s.arn.clone(),
                cells: vec![
                    s.name.clone(),
                    s.status.clone(),
                    s.desired.to_string(),
                    s.running.to_string(),
                    s.pending.to_string(),
                    s.launch_type.clone(),
                    s.task_definition.clone(),
                ],
            })
            .collect();
        self.table.set_rows(rows);
    }

    /// Once both loads are done, the next refresh is scheduled.
    fn settle(&self, cx: &mut Cx) {
        let done = !self.cluster.is_loading() && !self.services.is_loading();
        let outcome = self.cluster.outcome().and(self.services.outcome());
        cx.settle(outcome, done);
    }
}

impl Screen for ClusterDetailScreen {
    fn crumb(&self) -> String {
        self.name.clone()
    }

    fn supports(&self, command: Command, _shared: &Shared) -> bool {
        common::list(command)
            || matches!(
                command,
                Command::Describe | Command::Delete | Command::Insights | Command::DefaultNamespace
            )
    }

    fn on_command(&mut self, command: Command, cx: &mut Cx) {
        if command == Command::Delete {
            // Deleting needs only the name, known before the description arrives.
            admin::ask_delete(cx, &self.name);
            return;
        }
        admin::on_command(command, self.cluster.data.clone(), cx);
    }

    fn on_outcome(&mut self, ticket: Ticket, outcome: Outcome, cx: &mut Cx) {
        let at = cx.wall_clock();
        match outcome {
            Outcome::Cluster(result) => {
                if !self.cluster.finish(ticket.id, result.map(|c| *c), at) {
                    return;
                }
                if let Some(c) = &self.cluster.data {
                    self.name = c.name.clone();
                    self.arn = c.arn.clone();
                }
                self.settle(cx);
            }
            Outcome::Services(result) => {
                if !self.services.finish(ticket.id, result, at) {
                    return;
                }
                self.sync();
                self.settle(cx);
            }
            Outcome::Namespaces(result) => {
                cx.app.dirty = true;
                cx.shared.namespaces.finish(ticket.id, result, at);
            }
            other => {
                if admin::on_outcome(other, cx) {
                    self.load(cx);
                }
            }
        }
    }

    fn on_confirm(&mut self, op: PendingOp, yes: bool, picked: Option<String>, cx: &mut Cx) {
        admin::on_confirm(op, yes, picked, cx);
    }

    fn on_input(&mut self, kind: InputKind, value: &str, target: Option<String>, cx: &mut Cx) {
        if kind == InputKind::CapacityProviders {
            admin::ask_capacity(cx, target, value);
        }
    }

    fn on_notice(&mut self, notice: &Notice, cx: &mut Cx) {
        if let Notice::ClusterDeleted { cluster } = notice
            && (*cluster == self.name || *cluster == self.arn)
        {
            cx.close();
        }
    }

    fn load(&mut self, cx: &mut Cx) {
        cx.load_into(
            &mut self.cluster,
            Job::Cluster {
                cluster: self.arn.clone(),
            },
        );
        cx.load_into(
            &mut self.services,
            Job::Services {
                cluster: self.arn.clone(),
            },
        );
    }

    fn is_loading(&self, _shared: &Shared) -> bool {
        self.cluster.is_loading() || self.services.is_loading()
    }

    fn table(&self) -> Option<&ListTable> {
        Some(&self.table)
    }

    fn table_mut(&mut self) -> Option<&mut ListTable> {
        Some(&mut self.table)
    }

    fn render(&self, frame: &mut ratatui::Frame, area: ratatui::layout::Rect, view: &View) {
        view::render(frame, area, self, view);
    }
}
