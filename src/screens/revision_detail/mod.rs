//! One revision: a readable summary (size, roles, network, platform, each container).

use crate::domain::console_url::ConsoleTarget;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use super::common;
use super::cx::Cx;
use super::revisions::actions;
use super::{Keys, Screen, View};
use crate::effect::{Outcome, Ticket};
use crate::keymap::Command;
use crate::model::{RevisionRef, TaskDefinition};
use crate::state::{PendingOp, Scroll, Shared};
use crate::widgets::page::{self, Page};
use crate::widgets::phase;
use crate::widgets::theme::Theme;

/// One revision's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionDetailScreen {
    pub arn: String,
    pub label: String,
    pub scroll: Scroll,
    /// The family's revisions when the page was opened (for the diff against the predecessor).
    pub siblings: Vec<RevisionRef>,
}

impl RevisionDetailScreen {
    /// The page of `revision`, opened from its family's list.
    pub fn new(revision: &RevisionRef, siblings: Vec<RevisionRef>) -> Self {
        Self {
            arn: revision.arn.clone(),
            label: revision.label(),
            scroll: Scroll::default(),
            siblings,
        }
    }

    /// The page of a revision known only by ARN and label (just registered).
    pub fn of(arn: String, label: String) -> Self {
        Self {
            arn,
            label,
            scroll: Scroll::default(),
            siblings: Vec::new(),
        }
    }

    /// The revision as a deregister/delete target; ACTIVE until described otherwise.
    fn target(&self, shared: &Shared) -> Option<RevisionRef> {
        let status = shared
            .taskdefs
            .get(&self.arn)
            .map(|t| t.status.clone())
            .unwrap_or_else(|| "ACTIVE".into());
        RevisionRef::from_arn(&self.arn, &status)
    }
}

impl Screen for RevisionDetailScreen {
    fn console_target(&self, _shared: &Shared) -> Option<ConsoleTarget> {
        crate::model::RevisionRef::from_arn(&self.arn, "").map(|r| ConsoleTarget::Revision {
            family: r.family,
            revision: r.revision,
        })
    }

    fn crumb(&self) -> String {
        self.label.clone()
    }

    fn keys(&self) -> Keys {
        Keys::Scroll
    }

    fn supports(&self, command: Command, _shared: &Shared) -> bool {
        common::moving(command)
            || matches!(
                command,
                Command::Describe
                    | Command::Deregister
                    | Command::Delete
                    | Command::Edit
                    | Command::Diff
                    | Command::Copy
                    | Command::CopyJson
                    | Command::Tree
                    | Command::RunTask
                    | Command::CreateService
                    | Command::Refresh
            )
    }

    fn on_command(&mut self, command: Command, cx: &mut Cx) {
        let target = self.target(cx.shared);
        match command {
            Command::Describe => actions::describe_json(cx, Some(self.arn.clone())),
            Command::Deregister => actions::ask_deregister(cx, target.into_iter().collect()),
            Command::Delete => actions::ask_delete(cx, target.into_iter().collect()),
            Command::Edit => actions::start_edit(cx, Some(self.arn.clone())),
            Command::Diff => {
                let pair = actions::predecessor(&self.siblings, &self.arn)
                    .map(|old| (old, self.arn.clone()));
                actions::diff(cx, pair);
            }
            Command::Copy => cx.copy("ARN", self.arn.clone()),
            Command::Tree => cx.push(crate::screens::Route::Tree(Box::new(
                crate::screens::tree::TreeScreen::of_revision(&self.arn),
            ))),
            Command::CopyJson => {
                let json = cx
                    .shared
                    .taskdefs
                    .get(&self.arn)
                    .map(|t| serde_json::to_string_pretty(&t.json).unwrap_or_default());
                if let Some(json) = json {
                    cx.copy("JSON", json);
                }
            }
            Command::RunTask => actions::deploy(cx, target.as_ref(), actions::Deploy::RunTask),
            Command::CreateService => {
                actions::deploy(cx, target.as_ref(), actions::Deploy::CreateService)
            }
            _ => {}
        }
    }

    fn on_outcome(&mut self, _ticket: Ticket, outcome: Outcome, cx: &mut Cx) {
        actions::on_outcome(outcome, cx, false);
    }

    fn on_confirm(&mut self, op: PendingOp, yes: bool, _picked: Option<String>, cx: &mut Cx) {
        actions::on_confirm(op, yes, cx);
    }

    fn load(&mut self, cx: &mut Cx) {
        actions::describe(cx, vec![self.arn.clone()]);
    }

    fn is_loading(&self, shared: &Shared) -> bool {
        shared.describing.contains_key(&self.arn)
    }

    fn scroll(&self) -> Option<&Scroll> {
        Some(&self.scroll)
    }

    fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Line::styled(format!(" {} ", self.label), theme.title()));
        let Some(td) = view.shared.taskdefs.get(&self.arn) else {
            phase::loading(frame, area, block, "the revision", None, view.now(), theme);
            return;
        };
        let lines = summary_lines(td, area.width.saturating_sub(2), theme);
        page::render(
            frame,
            area,
            Line::styled(format!(" {} ", self.label), theme.title()),
            None,
            lines,
            &self.scroll,
            theme,
        );
    }
}

/// The summary at `width` columns: long values (ARNs, images, commands) wrap under themselves.
pub fn summary_lines(td: &TaskDefinition, width: u16, theme: &Theme) -> Vec<Line<'static>> {
    let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    let mut p = Page::new(width, 16, theme);
    p.field_styled("status", &td.status, theme.status(&td.status));
    p.field("arn", &td.arn);
    p.field("registered", &dash(&td.registered_at));
    p.field(
        "launch types",
        &if td.launch_types.is_empty() {
            "-".into()
        } else {
            td.launch_types.join(", ")
        },
    );
    p.field(
        "size",
        &format!("cpu {} · memory {}", dash(&td.cpu), dash(&td.memory)),
    );
    p.field("network mode", &dash(&td.network_mode));
    p.field("platform", &td.platform());
    p.field("task role", &dash(&td.task_role));
    p.field("execution role", &dash(&td.execution_role));
    if !td.tags.is_empty() {
        p.field(
            "tags",
            &td.tags
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(", "),
        );
    }
    // What the revision alone shows (the tree, `T`, also looks up its log groups, images and
    // task role). Problems first, where they are seen; none is one line at the end.
    let found = crate::domain::findings::check(&td.json, &Default::default());
    if !found.is_empty() {
        p.blank();
        p.heading(&format!("Findings ({})", found.len()));
    }
    for f in &found {
        let severity = f.rule.severity.label();
        let style = if severity == "HIGH" {
            theme.error()
        } else {
            theme.warning()
        };
        let about = match &f.container {
            Some(c) => format!("{c} · {}", f.detail),
            None => f.detail.clone(),
        };
        p.text(0, &format!("{severity} {}: {about}", f.rule.title), style);
        p.text(
            2,
            &format!("{} · fix: {}", f.field, f.rule.fix),
            theme.dim(),
        );
    }
    for c in &td.containers {
        p.blank();
        p.line(Line::from(vec![
            Span::styled("container ", theme.dim()),
            Span::styled(c.name.clone(), theme.title()),
            Span::styled(
                if c.essential { "  (essential)" } else { "" }.to_string(),
                theme.dim(),
            ),
        ]));
        p.field("  image", &c.image);
        if !c.ports.is_empty() {
            p.field("  ports", &c.ports.join(", "));
        }
        if !c.entry_point.is_empty() {
            p.field("  entry point", &json_array(&c.entry_point));
        }
        if !c.command.is_empty() {
            p.field("  command", &json_array(&c.command));
        }
        for (k, v) in &c.environment {
            // A plaintext secret is named, not shown (a page is read over shoulders and shared
            // screens); the finding says so, and `d` shows the revision's JSON whole.
            if crate::domain::findings::plaintext_secret(k, v).is_some() {
                p.field(
                    "  env",
                    &format!("{k}=•••••• (hidden: a plaintext secret; d shows it)"),
                );
            } else {
                p.field("  env", &format!("{k}={v}"));
            }
        }
        p.field("  logs", c.log.as_deref().unwrap_or("none"));
    }
    if found.is_empty() {
        p.blank();
        p.field(
            "findings",
            "none in the revision (T also checks its log groups, images and task role)",
        );
    }
    p.into_lines()
}

/// `["a","b"]`: an argument list as the task definition writes it.
fn json_array(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_default()
}
