//! One service: its deployments (with rollout state, circuit breaker and why a rollout failed), its
//! events newest first, load balancers, network, Service Connect, placement, deployment settings,
//! Application Auto Scaling and tags. While a deployment is in progress the page refreshes every few
//! seconds, so an update can be followed live; leaving the page stops that (its timer is its own).

mod view;

use crate::domain::console_url::ConsoleTarget;
use std::time::Duration;

use ratatui::Frame;
use ratatui::layout::Rect;

use super::common;
use super::cx::{Cx, Notice};
use super::logs::LogsScreen;
use super::services::actions;
use super::tasks::TasksScreen;
use super::{Keys, Route, Screen, View};
use crate::effect::{Job, Outcome, Ticket};
use crate::keymap::Command;
use crate::model::service::{Autoscaling, Service};
use crate::state::{InputKind, Loadable, PendingOp, Scroll, Shared};

/// How often a page with a deployment in progress refreshes.
pub const FOLLOW_EVERY: Duration = Duration::from_secs(5);

/// A service's page.
#[derive(Debug, Clone)]
pub struct ServiceScreen {
    pub cluster: String,
    pub name: String,
    pub service: Loadable<Service>,
    pub autoscaling: Loadable<Option<Autoscaling>>,
    pub scroll: Scroll,
}

impl ServiceScreen {
    /// A page seeded with what the list knows, so it draws at once.
    pub fn from_list(service: &Service) -> Self {
        Self {
            cluster: service.cluster_arn.clone(),
            name: service.name.clone(),
            service: Loadable::with(service.clone()),
            autoscaling: Loadable::default(),
            scroll: Scroll::default(),
        }
    }

    /// Whether the newest deployment is still rolling out.
    pub fn deploying(&self) -> bool {
        self.service
            .data
            .as_ref()
            .and_then(|s| s.primary())
            .is_some_and(|d| d.rollout_state.as_deref() == Some("IN_PROGRESS"))
    }

    fn settle(&self, cx: &mut Cx) {
        let done = !self.service.is_loading() && !self.autoscaling.is_loading();
        let outcome = self.service.outcome().and(self.autoscaling.outcome());
        let healthy = outcome.error.is_none();
        cx.settle(outcome, done);
        if done && healthy && self.deploying() {
            // Follow the rollout: sooner than the normal interval.
            cx.schedule_refresh(FOLLOW_EVERY);
        }
    }
}

impl Screen for ServiceScreen {
    fn console_target(&self, _shared: &Shared) -> Option<ConsoleTarget> {
        Some(ConsoleTarget::Service {
            cluster: self.cluster.clone(),
            service: self.name.clone(),
        })
    }

    fn crumb(&self) -> String {
        self.name.clone()
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
                    | Command::Tasks
                    | Command::Logs
                    | Command::Copy
                    | Command::Tree
            )
            || actions::supports(command)
    }

    fn on_command(&mut self, command: Command, cx: &mut Cx) {
        let Some(service) = self.service.data.clone() else {
            cx.info("still describing this service…");
            return;
        };
        match command {
            Command::Describe => common::open_json(
                cx,
                format!("{} json", service.name),
                &service.json.value(),
                Some(service.arn.clone()),
            ),
            Command::Tasks => cx.push(Route::Tasks(Box::new(TasksScreen::of_service(
                &self.cluster,
                &self.name,
            )))),
            Command::Copy => cx.copy("ARN", service.arn.clone()),
            Command::Tree => cx.push(Route::Tree(Box::new(
                crate::screens::tree::TreeScreen::of_service(&service),
            ))),
            Command::Logs => cx.push(Route::Logs(Box::new(LogsScreen::of_service(
                &self.cluster,
                &self.name,
            )))),
            other => {
                actions::on_command(other, &service, cx);
            }
        }
    }

    fn on_outcome(&mut self, ticket: Ticket, outcome: Outcome, cx: &mut Cx) {
        let at = cx.wall_clock();
        match outcome {
            Outcome::Service(result) => {
                if self.service.finish(ticket.id, result.map(|s| *s), at) {
                    self.settle(cx);
                }
            }
            Outcome::Autoscaling(result) => {
                if self.autoscaling.finish(ticket.id, result, at) {
                    self.settle(cx);
                }
            }
            Outcome::ActiveRevisions(result) => {
                if let Some(service) = self.service.data.clone() {
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
        let known = self.service.data.clone().map(|s| vec![s]);
        actions::on_input(kind, value, target, known.as_deref(), cx);
    }

    fn on_notice(&mut self, notice: &Notice, cx: &mut Cx) {
        match notice {
            Notice::ServiceChanged(service) if service.arn == self.arn() => {
                self.service.data = Some((**service).clone());
            }
            Notice::ServiceDeleted { service } if *service == self.name => cx.close(),
            _ => {}
        }
    }

    fn load(&mut self, cx: &mut Cx) {
        let (cluster, service) = (self.cluster.clone(), self.name.clone());
        cx.load_into(
            &mut self.service,
            Job::Service {
                cluster: cluster.clone(),
                service: service.clone(),
            },
        );
        cx.load_into(&mut self.autoscaling, Job::Autoscaling { cluster, service });
    }

    fn is_loading(&self, _shared: &Shared) -> bool {
        self.service.is_loading() || self.autoscaling.is_loading()
    }

    fn scroll(&self) -> Option<&Scroll> {
        Some(&self.scroll)
    }

    fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        view::render(frame, area, self, view);
    }
}

impl ServiceScreen {
    /// The service's ARN, when known.
    fn arn(&self) -> String {
        self.service
            .data
            .as_ref()
            .map(|s| s.arn.clone())
            .unwrap_or_default()
    }
}
