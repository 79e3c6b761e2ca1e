//! One cluster: its settings, then its services with desired/running counts.

mod view;

pub use view::settings_lines;

use super::clusters::admin;
use super::common;
use super::container_instances::ContainerInstancesScreen;
use super::cx::{Cx, Notice};
use super::services::{self, ServiceList};
use super::tasks::TasksScreen;
use super::{Route, Screen, View};
use crate::domain::console_url::ConsoleTarget;
use crate::effect::{Job, Outcome, Ticket};
use crate::keymap::Command;
use crate::model::Cluster;
use crate::state::{InputKind, ListTable, Loadable, PendingOp, Shared};

/// One cluster's page: its settings and its services.
#[derive(Debug, Clone)]
pub struct ClusterDetailScreen {
    pub name: String,
    pub arn: String,
    pub cluster: Loadable<Cluster>,
    /// Its services, with the service actions (the same list as `:services`).
    pub list: ServiceList,
}

impl ClusterDetailScreen {
    /// A page seeded with what the list already knows, so it draws at once.
    pub fn from_list(cluster: &Cluster) -> Self {
        Self {
            name: cluster.name.clone(),
            arn: cluster.arn.clone(),
            cluster: Loadable::with(cluster.clone()),
            list: ServiceList::new(&cluster.arn),
        }
    }

    /// A page for a cluster known only by name (`--cluster NAME`): it loads everything.
    pub fn named(name: &str) -> Self {
        Self {
            name: name.to_string(),
            arn: name.to_string(),
            cluster: Loadable::default(),
            list: ServiceList::new(name),
        }
    }

    /// Once both loads are done, the next refresh is scheduled.
    fn settle(&self, cx: &mut Cx) {
        let done = !self.cluster.is_loading() && !self.list.data.is_loading();
        let outcome = self.cluster.outcome().and(self.list.data.outcome());
        cx.settle(outcome, done);
    }
}

impl Screen for ClusterDetailScreen {
    fn console_target(&self, _shared: &Shared) -> Option<ConsoleTarget> {
        Some(match self.list.selected() {
            Some(s) => ConsoleTarget::Service {
                cluster: self.name.clone(),
                service: s.name.clone(),
            },
            None => ConsoleTarget::Cluster {
                cluster: self.name.clone(),
            },
        })
    }

    fn crumb(&self) -> String {
        self.name.clone()
    }

    fn supports(&self, command: Command, _shared: &Shared) -> bool {
        if admin::why_not(command, self.cluster.data.as_ref()).is_some() {
            return false;
        }
        common::list(command)
            || matches!(
                command,
                Command::Describe
                    | Command::Delete
                    | Command::Insights
                    | Command::DefaultNamespace
                    | Command::CapacityProviders
                    | Command::Instances
                    | Command::Tasks
            )
            || services::supports(command)
    }

    fn why_not(&self, command: Command, _shared: &Shared) -> Option<String> {
        admin::why_not(command, self.cluster.data.as_ref())
    }

    fn relabel(&self, command: Command) -> Option<&'static str> {
        match command {
            Command::Tasks => Some("the cluster's tasks"),
            Command::Instances => Some("the cluster's container instances"),
            Command::Delete => Some("delete the cluster"),
            Command::Describe => Some("the cluster's JSON"),
            Command::Open => Some("open the selected service"),
            Command::Logs => Some("the selected service's logs"),
            Command::Create => Some("create a service in this cluster"),
            Command::Copy => Some("copy the selected service's ARN (OSC 52)"),
            _ => None,
        }
    }

    /// Cluster commands (`d`, `X`, `I`, `N`, `t`, `i`) act on the cluster; the others on the
    /// selected service.
    fn on_command(&mut self, command: Command, cx: &mut Cx) {
        match command {
            Command::Delete => admin::ask_delete(cx, &self.name),
            Command::Describe
            | Command::Insights
            | Command::DefaultNamespace
            | Command::CapacityProviders => {
                admin::on_command(command, self.cluster.data.clone(), cx);
            }
            Command::Instances => cx.push(Route::ContainerInstances(Box::new(
                ContainerInstancesScreen::new(&self.arn),
            ))),
            // On the cluster's page, its tasks (of every service and standalone); a service's
            // own tasks are `t` on the services list or the service's page.
            Command::Tasks => cx.push(Route::Tasks(Box::new(TasksScreen::of_cluster(&self.arn)))),
            other => {
                self.list.on_command(other, cx);
            }
        }
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
            Outcome::ServicesSoFar(rows) => {
                self.list.apply_so_far(ticket, rows, cx);
            }
            Outcome::Services(result) => {
                if self.list.apply(ticket, result, cx) {
                    self.settle(cx);
                }
            }
            Outcome::ActiveRevisions(result) => {
                if let Some(service) = self.list.selected().cloned() {
                    services::actions::on_revisions(cx, &service, result);
                }
            }
            Outcome::Namespaces(result) => {
                cx.app.dirty = true;
                cx.shared.namespaces.finish(ticket.id, result, at);
            }
            other => {
                let changed = match other {
                    Outcome::ServiceUpdated(_) | Outcome::ServiceDeleted { .. } => {
                        services::actions::on_outcome(other, cx)
                    }
                    other => admin::on_outcome(other, cx),
                };
                if changed {
                    self.load(cx);
                }
            }
        }
    }

    fn on_confirm(&mut self, op: PendingOp, yes: bool, picked: Option<String>, cx: &mut Cx) {
        match op {
            PendingOp::UpdateService(_)
            | PendingOp::UpdateRevision { .. }
            | PendingOp::DeleteService { .. } => services::actions::on_confirm(op, yes, picked, cx),
            op => admin::on_confirm(op, yes, picked, cx),
        }
    }

    fn on_input(&mut self, kind: InputKind, value: &str, target: Option<String>, cx: &mut Cx) {
        match kind {
            InputKind::CapacityProviders => admin::ask_capacity(cx, target, value),
            kind => {
                services::actions::on_input(kind, value, target, self.list.data.data.as_deref(), cx)
            }
        }
    }

    fn on_notice(&mut self, notice: &Notice, cx: &mut Cx) {
        if let Notice::ClusterDeleted { cluster } = notice
            && (*cluster == self.name || *cluster == self.arn)
        {
            cx.close();
        }
        self.list.on_notice(notice, cx);
    }

    fn load(&mut self, cx: &mut Cx) {
        cx.app.current_cluster = Some(self.arn.clone());
        cx.load_into(
            &mut self.cluster,
            Job::Cluster {
                cluster: self.arn.clone(),
            },
        );
        self.list.cluster = self.arn.clone();
        self.list.load(cx);
    }

    fn is_loading(&self, _shared: &Shared) -> bool {
        self.cluster.is_loading() || self.list.data.is_loading()
    }

    fn table(&self) -> Option<&ListTable> {
        Some(&self.list.table)
    }

    fn table_mut(&mut self) -> Option<&mut ListTable> {
        Some(&mut self.list.table)
    }

    fn render(&self, frame: &mut ratatui::Frame, area: ratatui::layout::Rect, view: &View) {
        view::render(frame, area, self, view);
    }
}
