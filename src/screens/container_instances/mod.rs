//! The container instances of an EC2 (or External) cluster: which host is connected, how busy it is,
//! and what room it has left for tasks.

use crate::domain::console_url::ConsoleTarget;
use crate::widgets::format::count;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::common;
use super::cx::Cx;
use super::{Screen, View};
use crate::effect::{Job, Outcome, Ticket};
use crate::keymap::Command;
use crate::model::task::ContainerInstance;
use crate::state::{Column, ListTable, Loadable, Shared, TableRow};
use crate::widgets::remote_list::{self, RemoteList};

pub const INSTANCE_COLUMNS: &[Column] = &[
    Column::ident("INSTANCE", 10),
    Column::ident("EC2", 10),
    Column::text("STATUS", 8),
    Column::text("AGENT", 5),
    Column::number("TASKS", 5),
    Column::number("CPU LEFT", 8),
    Column::number("MEM LEFT", 8),
    Column::text("VERSION", 7),
];

/// A cluster's container instances.
#[derive(Debug, Clone)]
pub struct ContainerInstancesScreen {
    pub cluster: String,
    pub data: Loadable<Vec<ContainerInstance>>,
    pub table: ListTable,
}

impl ContainerInstancesScreen {
    pub fn new(cluster: &str) -> Self {
        Self {
            cluster: cluster.to_string(),
            data: Loadable::default(),
            table: ListTable::new(INSTANCE_COLUMNS),
        }
    }

    pub fn sync(&mut self) {
        let rows = self
            .data
            .data
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|ci| TableRow {
                key: ci.arn.clone(),
                cells: vec![
                    ci.id().to_string(),
                    ci.ec2_instance_id.clone().unwrap_or_else(|| "-".into()),
                    ci.status.clone(),
                    if ci.agent_connected { "yes" } else { "NO" }.to_string(),
                    count(ci.running_tasks),
                    ci.remaining_cpu.map_or("-".into(), |v| v.to_string()),
                    ci.remaining_memory.map_or("-".into(), |v| v.to_string()),
                    ci.agent_version.clone().unwrap_or_else(|| "-".into()),
                ],
            })
            .collect();
        self.table.set_rows(rows);
    }

    fn selected(&self) -> Option<&ContainerInstance> {
        let key = self.table.selected_row()?.key.as_str();
        self.data.data.as_ref()?.iter().find(|c| c.arn == key)
    }

    fn cluster_name(&self) -> &str {
        self.cluster.rsplit('/').next().unwrap_or(&self.cluster)
    }
}

impl Screen for ContainerInstancesScreen {
    fn console_target(&self, _shared: &Shared) -> Option<ConsoleTarget> {
        Some(ConsoleTarget::ContainerInstances {
            cluster: self.cluster.clone(),
        })
    }

    fn crumb(&self) -> String {
        format!("{} instances", self.cluster_name())
    }

    fn supports(&self, command: Command, _shared: &Shared) -> bool {
        common::list(command) || matches!(command, Command::Copy)
    }

    fn on_command(&mut self, command: Command, cx: &mut Cx) {
        if command == Command::Copy
            && let Some(ci) = self.selected()
        {
            cx.copy("ARN", ci.arn.clone());
        }
    }

    fn on_outcome(&mut self, ticket: Ticket, outcome: Outcome, cx: &mut Cx) {
        if let Outcome::ContainerInstances(result) = outcome {
            let at = cx.wall_clock();
            if self.data.finish(ticket.id, result, at) {
                self.sync();
                let outcome = self.data.outcome();
                cx.settle(outcome, true);
            }
        }
    }

    fn load(&mut self, cx: &mut Cx) {
        cx.load_into(
            &mut self.data,
            Job::ContainerInstances {
                cluster: self.cluster.clone(),
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
        remote_list::render(
            frame,
            area,
            RemoteList {
                title: format!("container instances of {}", self.cluster_name()),
                extra: String::new(),
                what: "container instances",
                data: &self.data,
                empty: (
                    format!("No container instances in {}.", self.cluster_name()),
                    "Fargate clusters have none: EC2 and External clusters register their hosts.",
                ),
                table: &self.table,
                status_column: Some(2),
            },
            view,
        );
    }
}
