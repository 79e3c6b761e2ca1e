//! One Cloud Map namespace: its summary and the ECS services using it, then its Cloud Map services.

mod view;

pub use view::source_label;

use super::common;
use super::cx::{Cx, Notice};
use super::{Screen, View};
use crate::domain::console_url::ConsoleTarget;
use crate::effect::{EcsServicesInNamespace, Job, Outcome, Ticket};
use crate::keymap::Command;
use crate::model::namespace::{CloudMapService, Namespace};
use crate::state::{Column, ListTable, Loadable, Shared, TableRow};
use crate::widgets::format::utc_date;

/// Columns of a namespace's Cloud Map services.
pub const CLOUD_MAP_SERVICE_COLUMNS: &[Column] = &[
    Column::ident("SERVICE", 12),
    Column::ident("ID", 10),
    Column::text("TYPE", 8),
    Column::number("INSTANCES", 9),
    Column::text("CREATED", 10),
    Column::flex("DESCRIPTION", 10).optional(),
];

/// One namespace's page: its summary, its Cloud Map services, and the ECS services using it.
#[derive(Debug, Clone)]
pub struct NamespaceDetailScreen {
    /// From the list: ListNamespaces already says everything the page shows about it.
    pub namespace: Namespace,
    pub services: Loadable<Vec<CloudMapService>>,
    pub ecs_services: Loadable<EcsServicesInNamespace>,
    pub table: ListTable,
}

impl NamespaceDetailScreen {
    /// A page for a namespace picked in the list; both collections still to load.
    pub fn new(namespace: Namespace) -> Self {
        Self {
            namespace,
            services: Loadable::default(),
            ecs_services: Loadable::default(),
            table: ListTable::new(CLOUD_MAP_SERVICE_COLUMNS),
        }
    }

    /// Rebuilds the rows: one per Cloud Map service, keyed by ARN (the id when a summary lacks it).
    pub fn sync(&mut self) {
        let rows = self
            .services
            .data
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|s| TableRow {
                key: service_key(s).to_string(),
                cells: vec![
                    s.name.clone(),
                    s.id.clone(),
                    s.kind.clone().unwrap_or_else(|| "-".to_string()),
                    s.instance_count
                        .map_or_else(|| "-".to_string(), |n| n.to_string()),
                    s.created.map_or_else(|| "-".to_string(), utc_date),
                    s.description.clone().unwrap_or_else(|| "-".to_string()),
                ],
            })
            .collect();
        self.table.set_rows(rows);
    }

    /// The Cloud Map service under the cursor.
    pub fn selected(&self) -> Option<&CloudMapService> {
        let key = self.table.selected_row()?.key.as_str();
        self.services
            .data
            .as_ref()?
            .iter()
            .find(|s| service_key(s) == key)
    }

    fn settle(&self, cx: &mut Cx) {
        let done = !self.services.is_loading() && !self.ecs_services.is_loading();
        let outcome = self.services.outcome().and(self.ecs_services.outcome());
        cx.settle(outcome, done);
    }
}

fn service_key(s: &CloudMapService) -> &str {
    if s.arn.is_empty() { &s.id } else { &s.arn }
}

impl Screen for NamespaceDetailScreen {
    fn console_target(&self, _shared: &Shared) -> Option<ConsoleTarget> {
        Some(ConsoleTarget::Namespace {
            id: self.namespace.id.clone(),
        })
    }

    fn crumb(&self) -> String {
        self.namespace.name.clone()
    }

    fn supports(&self, command: Command, _shared: &Shared) -> bool {
        common::list(command)
    }

    /// Only list commands, which the router handles.
    fn on_command(&mut self, _command: Command, _cx: &mut Cx) {}

    fn on_outcome(&mut self, ticket: Ticket, outcome: Outcome, cx: &mut Cx) {
        let at = cx.wall_clock();
        let applied = match outcome {
            Outcome::NamespaceServices(result) => self.services.finish(ticket.id, result, at),
            Outcome::NamespaceEcsServices(result) => {
                self.ecs_services.finish(ticket.id, result, at)
            }
            _ => false,
        };
        if applied {
            self.sync();
            self.settle(cx);
        }
    }

    fn on_notice(&mut self, notice: &Notice, cx: &mut Cx) {
        if let Notice::NamespaceDeleted { id } = notice
            && *id == self.namespace.id
        {
            cx.close();
        }
    }

    /// The Cloud Map services and the ECS services attached (by the clusters known).
    fn load(&mut self, cx: &mut Cx) {
        let cluster_arns: Vec<String> = cx
            .shared
            .clusters
            .data
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|c| c.arn.clone())
            .collect();
        cx.load_into(
            &mut self.services,
            Job::NamespaceServices {
                namespace_id: self.namespace.id.clone(),
            },
        );
        cx.load_into(
            &mut self.ecs_services,
            Job::NamespaceEcsServices {
                namespace: Box::new(self.namespace.clone()),
                cluster_arns,
            },
        );
    }

    fn is_loading(&self, _shared: &Shared) -> bool {
        self.services.is_loading() || self.ecs_services.is_loading()
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
