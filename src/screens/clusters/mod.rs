//! The cluster list, the root screen: every cluster of the region with its counts, capacity
//! providers and Container Insights. Enter opens a cluster; the cluster actions live in `admin`.

pub mod admin;
mod view;

use super::cluster_detail::ClusterDetailScreen;
use super::common;
use super::cx::Cx;
use super::wizards::cluster::ClusterWizard;
use super::{Route, Screen};
use crate::domain::console_url::ConsoleTarget;
use crate::effect::{Job, Outcome, Ticket};
use crate::keymap::Command;
use crate::model::Cluster;
use crate::state::{Column, InputKind, ListTable, PendingOp, Shared, TableRow};
use crate::widgets::format::count;

/// Columns of the cluster list.
pub const CLUSTER_COLUMNS: &[Column] = &[
    Column::ident("NAME", 12),
    Column::text("STATUS", 8),
    Column::number("SVC", 4),
    Column::number("RUNNING", 7),
    Column::number("PENDING", 7),
    Column::number("INST", 4),
    Column::flex("CAPACITY PROVIDERS", 10),
    Column::text("INSIGHTS", 8),
];

/// The cluster list. Its data is the shared cluster list, so other screens (namespaces) see it too.
#[derive(Debug, Clone)]
pub struct ClustersScreen {
    pub table: ListTable,
    /// `c` was pressed before the namespaces were known: open the wizard when they arrive.
    wizard_waits_for: Option<u64>,
}

impl Default for ClustersScreen {
    fn default() -> Self {
        Self {
            table: ListTable::new(CLUSTER_COLUMNS),
            wizard_waits_for: None,
        }
    }
}

impl ClustersScreen {
    /// Rebuilds the rows from the shared list (after it changed).
    pub fn sync(&mut self, shared: &Shared) {
        let rows = shared
            .clusters
            .data
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(cluster_row)
            .collect();
        self.table.set_rows(rows);
    }

    /// The cluster under the cursor.
    pub fn selected<'a>(&self, shared: &'a Shared) -> Option<&'a Cluster> {
        let key = self.table.selected_row()?.key.as_str();
        shared.clusters.data.as_ref()?.iter().find(|c| c.arn == key)
    }

    fn open_wizard(&mut self, cx: &mut Cx) {
        let Some(namespaces) = cx.shared.namespaces.data.as_ref() else {
            cx.info("loading the namespaces for the wizard…");
            if !cx.shared.namespaces.is_loading() {
                cx.load_shared(|s| &mut s.namespaces, Job::Namespaces);
            }
            self.wizard_waits_for = cx.shared.namespaces.in_flight.map(|f| f.ticket.id);
            return;
        };
        let names: Vec<String> = namespaces.iter().map(|n| n.name.clone()).collect();
        let existing: Vec<String> = cx
            .shared
            .clusters
            .data
            .as_deref()
            .unwrap_or_default()
            .iter()
            .filter(|c| c.status != "INACTIVE")
            .map(|c| c.name.clone())
            .collect();
        self.wizard_waits_for = None;
        cx.push(Route::ClusterWizard(Box::new(ClusterWizard::new(
            existing, names,
        ))));
    }
}

/// One row per cluster, keyed by ARN.
pub fn cluster_row(c: &Cluster) -> TableRow {
    TableRow {
        key: c.arn.clone(),
        cells: vec![
            c.name.clone(),
            c.status.clone(),
            count(c.active_services),
            count(c.running_tasks),
            count(c.pending_tasks),
            count(c.container_instances),
            if c.capacity_providers.is_empty() {
                "-".to_string()
            } else {
                c.capacity_providers.join(",")
            },
            c.insights_label().to_string(),
        ],
    }
}

impl Screen for ClustersScreen {
    fn console_target(&self, shared: &Shared) -> Option<ConsoleTarget> {
        Some(match self.selected(shared) {
            Some(c) => ConsoleTarget::Cluster {
                cluster: c.name.clone(),
            },
            None => ConsoleTarget::Clusters,
        })
    }

    fn crumb(&self) -> String {
        "clusters".to_string()
    }

    fn supports(&self, command: Command, shared: &Shared) -> bool {
        if admin::why_not(command, self.selected(shared)).is_some() {
            return false;
        }
        common::list(command)
            || matches!(
                command,
                Command::Open
                    | Command::Describe
                    | Command::Delete
                    | Command::Insights
                    | Command::DefaultNamespace
                    | Command::CapacityProviders
                    | Command::Create
            )
    }

    fn why_not(&self, command: Command, shared: &Shared) -> Option<String> {
        admin::why_not(command, self.selected(shared))
    }

    fn on_command(&mut self, command: Command, cx: &mut Cx) {
        let selected = self.selected(cx.shared).cloned();
        match command {
            Command::Create => self.open_wizard(cx),
            Command::Open => {
                if let Some(cluster) = selected {
                    cx.push(Route::ClusterDetail(Box::new(
                        ClusterDetailScreen::from_list(&cluster),
                    )));
                }
            }
            other => {
                admin::on_command(other, selected, cx);
            }
        }
    }

    fn on_outcome(&mut self, ticket: Ticket, outcome: Outcome, cx: &mut Cx) {
        match outcome {
            Outcome::ClustersSoFar(rows) => {
                if cx.shared.clusters.extend_so_far(ticket.id, rows) {
                    self.sync(cx.shared);
                    cx.app.dirty = true;
                }
            }
            Outcome::Clusters(result) => {
                let at = cx.wall_clock();
                if !cx.shared.clusters.finish(ticket.id, result, at) {
                    return;
                }
                self.sync(cx.shared);
                let outcome = cx.shared.clusters.outcome();
                cx.settle(outcome, true);
            }
            Outcome::Namespaces(result) => {
                let at = cx.wall_clock();
                cx.app.dirty = true;
                let applied = cx.shared.namespaces.finish(ticket.id, result, at);
                if applied && self.wizard_waits_for == Some(ticket.id) {
                    if cx.shared.namespaces.data.is_some() {
                        cx.app.status = None;
                        self.open_wizard(cx);
                    } else if let Some(e) = cx.shared.namespaces.error.clone() {
                        self.wizard_waits_for = None;
                        cx.error(e.to_string());
                    }
                }
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

    fn load(&mut self, cx: &mut Cx) {
        // Rows from what is known already (another screen may have refreshed the list).
        self.sync(cx.shared);
        cx.load_shared(|s| &mut s.clusters, Job::Clusters);
    }

    fn is_loading(&self, shared: &Shared) -> bool {
        shared.clusters.is_loading()
    }

    fn table(&self) -> Option<&ListTable> {
        Some(&self.table)
    }

    fn table_mut(&mut self) -> Option<&mut ListTable> {
        Some(&mut self.table)
    }

    fn render(&self, frame: &mut ratatui::Frame, area: ratatui::layout::Rect, view: &super::View) {
        view::render(frame, area, self, view);
    }
}
