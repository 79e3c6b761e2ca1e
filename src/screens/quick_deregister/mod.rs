//! `tecs deregister family:rev…`: describe the revisions, look for services using them where that
//! is cheap, ask once, deregister, quit; the results are printed after the terminal is restored.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::cx::Cx;
use super::revisions::actions;
use super::text_page::TextPage;
use super::{Keys, Screen, View};
use crate::effect::{Job, Outcome, PerItem, Ticket};
use crate::keymap::Command;
use crate::model::AwsError;
use crate::model::RevisionRef;
use crate::model::task_definition::ServiceUsage;
use crate::state::{Confirm, ExitReport, PendingOp, Shared};

/// The quick path's progress.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuickDeregister {
    /// As typed (`web:3`), in order.
    pub targets: Vec<String>,
    /// Which services use each revision (by ARN); `None` inside when the region has too many
    /// clusters to check cheaply; the outer `None` while still looking.
    pub usage: Option<Result<ServiceUsage, String>>,
    /// Per-target outcome once done: `Ok` or the reason it failed.
    pub results: Vec<(String, Result<String, String>)>,
    /// The operator answered No.
    pub cancelled: bool,
    /// The dialog has been shown.
    pub asked: bool,
    /// Why a target could not be described (as typed → the classified error), so a failure to
    /// reach AWS is never reported as "no such revision".
    pub describe_errors: Vec<(String, String)>,
}

impl QuickDeregister {
    /// The exit code for the shell: 0 when everything asked for was deregistered, 3 when the
    /// operator answered No (nothing changed), 1 when anything failed or was refused.
    pub fn exit_code(&self) -> u8 {
        if self.cancelled {
            crate::run::EXIT_DECLINED
        } else if self.results.is_empty() || self.results.iter().any(|(_, r)| r.is_err()) {
            1
        } else {
            0
        }
    }

    /// Why `target` is not there: the describe failure when there was one.
    fn missing(&self, target: &str) -> String {
        self.describe_errors
            .iter()
            .find(|(t, _)| t == target)
            .map(|(_, e)| format!("could not be described: {e}"))
            .unwrap_or_else(|| "no such task definition revision".to_string())
    }

    /// What is printed after the terminal is restored.
    pub fn report(&self) -> String {
        if self.cancelled {
            return "cancelled: nothing was deregistered\n".to_string();
        }
        let mut out = String::new();
        let mut results: Vec<&(String, Result<String, String>)> = self.results.iter().collect();
        // In the order the operator typed them.
        results.sort_by_key(|(t, _)| {
            self.targets
                .iter()
                .position(|x| x == t)
                .unwrap_or(usize::MAX)
        });
        for (target, result) in results {
            match result {
                Ok(msg) => out.push_str(&format!("{target}: {msg}\n")),
                Err(e) => out.push_str(&format!("{target}: FAILED: {e}\n")),
            }
        }
        if out.is_empty() {
            out.push_str("nothing was deregistered\n");
        }
        out
    }
}

/// The screen: a page saying what is going on, under the one dialog.
#[derive(Debug, Clone)]
pub struct QuickDeregisterScreen {
    pub page: TextPage,
    pub quick: QuickDeregister,
}

impl QuickDeregisterScreen {
    pub fn new(targets: Vec<String>) -> Self {
        Self {
            page: TextPage::new(
                "tecs deregister",
                &format!("Describing {}…", targets.join(", ")),
                None,
            ),
            quick: QuickDeregister {
                targets,
                ..Default::default()
            },
        }
    }

    /// Described targets, as typed → ARN. `None` until every target is described or failed.
    fn resolved(&self, shared: &Shared) -> Option<Vec<(String, Option<String>)>> {
        if self
            .quick
            .targets
            .iter()
            .any(|t| shared.describing.contains_key(t))
        {
            return None;
        }
        Some(
            self.quick
                .targets
                .iter()
                .map(|t| {
                    let arn = shared
                        .taskdefs
                        .values()
                        .find(|td| &td.label() == t || &td.arn == t)
                        .map(|td| td.arn.clone());
                    (t.clone(), arn)
                })
                .collect(),
        )
    }

    /// After descriptions arrive: once all are in, look for services using them.
    fn after_described(&mut self, cx: &mut Cx) {
        let Some(targets) = self.resolved(cx.shared) else {
            return;
        };
        if self.quick.usage.is_some() || self.quick.asked {
            return;
        }
        let arns: Vec<String> = targets.into_iter().filter_map(|(_, a)| a).collect();
        if arns.is_empty() {
            self.quick.results = self
                .quick
                .targets
                .iter()
                .map(|t| (t.clone(), Err(self.quick.missing(t))))
                .collect();
            self.finish(cx);
            return;
        }
        cx.run(Job::FindServiceUsage { arns });
    }

    fn on_usage(&mut self, cx: &mut Cx, result: Result<ServiceUsage, AwsError>) {
        cx.app.dirty = true;
        let Some(targets) = self.resolved(cx.shared) else {
            return;
        };
        let quick = &mut self.quick;
        if let Err(e) = &result {
            tracing::warn!(error = %e, "service usage not checked");
        }
        quick.usage = Some(result.map_err(|e| e.to_string()));
        quick.asked = true;
        let usage = quick.usage.clone();
        let mut lines = vec![
            "Are you sure you want to deregister the following task definition:revision(s)?"
                .to_string(),
            String::new(),
        ];
        let mut arns = Vec::new();
        let mut page = Vec::new();
        for (typed, arn) in &targets {
            let Some(td) = arn.as_ref().and_then(|a| cx.shared.taskdefs.get(a)) else {
                let why = quick.missing(typed);
                page.push(format!("{typed}: {why}"));
                quick.results.push((typed.clone(), Err(why)));
                continue;
            };
            if td.status != "ACTIVE" {
                quick
                    .results
                    .push((typed.clone(), Err(format!("already {}", td.status))));
                page.push(format!("{typed}: already {}", td.status));
                continue;
            }
            let images: Vec<&str> = td.containers.iter().map(|c| c.image.as_str()).collect();
            let used = match &usage {
                Some(Ok(Some(map))) => match map.get(&td.arn) {
                    Some(services) => format!("used by {}", services.join(", ")),
                    None => "no service in this region uses it".to_string(),
                },
                Some(Ok(None)) => "service use not checked (more than 20 clusters)".to_string(),
                Some(Err(e)) => format!("service use unknown ({e})"),
                None => String::new(),
            };
            lines.push(format!(
                "  {}   registered {}",
                td.label(),
                td.registered_at.clone().unwrap_or_else(|| "-".into())
            ));
            lines.push(format!("      images: {}", images.join(", ")));
            if !used.is_empty() {
                lines.push(format!("      {used}"));
            }
            page.push(format!("{}: {} · {used}", td.label(), images.join(", ")));
            arns.push(td.arn.clone());
        }
        lines.push(String::new());
        lines.push("Running tasks and services that use them keep running.".into());
        self.page.lines = page;
        if arns.is_empty() {
            self.finish(cx);
            return;
        }
        let count = arns.len();
        cx.confirm(Confirm::new(
            "Deregister task definition",
            lines,
            format!("Deregister {count}"),
            PendingOp::DeregisterTaskDefinitions { arns },
        ));
    }

    /// Deregister results: record them and leave.
    fn on_results(&mut self, cx: &mut Cx, results: &PerItem<()>) {
        let quick = &mut self.quick;
        for (arn, result) in results {
            let label = RevisionRef::from_arn(arn, "")
                .map(|r| r.label())
                .unwrap_or_else(|| arn.clone());
            let typed = quick
                .targets
                .iter()
                .find(|t| **t == label || **t == *arn)
                .cloned()
                .unwrap_or(label);
            if let Err(e) = result {
                tracing::warn!(revision = %typed, error = %e, "deregister failed");
            }
            quick.results.push((
                typed,
                result
                    .clone()
                    .map(|()| "deregistered (now INACTIVE)".to_string())
                    .map_err(|e| e.write_failure("deregister")),
            ));
        }
        cx.info("done");
        self.finish(cx);
    }
}

impl QuickDeregisterScreen {
    /// Leaves tecs with the report and the exit code.
    fn finish(&self, cx: &mut Cx) {
        cx.app.exit = Some(ExitReport {
            text: self.quick.report(),
            code: self.quick.exit_code(),
        });
        cx.app.should_quit = true;
    }
}

impl Screen for QuickDeregisterScreen {
    fn crumb(&self) -> String {
        self.page.title.clone()
    }

    fn keys(&self) -> Keys {
        Keys::Scroll
    }

    fn supports(&self, command: Command, shared: &Shared) -> bool {
        self.page.supports(command, shared)
    }

    fn on_command(&mut self, command: Command, cx: &mut Cx) {
        self.page.on_command(command, cx);
    }

    fn on_outcome(&mut self, _ticket: Ticket, outcome: Outcome, cx: &mut Cx) {
        match outcome {
            Outcome::Described(results) => {
                for (asked, result) in &results {
                    if let Err(e) = result {
                        tracing::warn!(revision = %asked, error = %e, "describe failed");
                        self.quick
                            .describe_errors
                            .push((asked.clone(), e.to_string()));
                    }
                }
                actions::on_described(cx, results);
                self.after_described(cx);
            }
            Outcome::ServiceUsage(result) => self.on_usage(cx, result),
            Outcome::Deregistered(results) => self.on_results(cx, &results),
            _ => {}
        }
    }

    fn on_confirm(&mut self, op: PendingOp, yes: bool, _picked: Option<String>, cx: &mut Cx) {
        if yes {
            actions::on_confirm(op, yes, cx);
        } else {
            self.quick.cancelled = true;
            self.finish(cx);
        }
    }

    /// Describes the targets once (as typed: `family:rev` or an ARN).
    fn load(&mut self, cx: &mut Cx) {
        let started = self
            .quick
            .targets
            .iter()
            .any(|t| cx.shared.describing.contains_key(t));
        if started || self.quick.asked || !self.quick.results.is_empty() {
            return;
        }
        let owner = cx.owner();
        let targets = self.quick.targets.clone();
        for t in &targets {
            cx.shared.describing.insert(t.clone(), owner);
        }
        cx.run(Job::DescribeTaskDefs { arns: targets });
    }

    fn scroll(&self) -> Option<&crate::state::Scroll> {
        Some(&self.page.scroll)
    }

    fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        self.page.render(frame, area, view);
    }
}
