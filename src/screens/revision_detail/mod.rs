//! One revision: a readable summary (size, roles, network, platform, each container).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use super::common;
use super::cx::Cx;
use super::revisions::actions;
use super::{Keys, Screen, View};
use crate::effect::{Outcome, Ticket};
use crate::keymap::Command;
use crate::model::{RevisionRef, TaskDefinition};
use crate::state::{PendingOp, Scroll, Shared};
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
            Command::RunTask => actions::deploy(cx, target.as_ref(), "run a task"),
            Command::CreateService => actions::deploy(cx, target.as_ref(), "create a service"),
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
        let lines = summary_lines(td, theme);
        let height = usize::from(area.height.saturating_sub(2));
        let scroll = self.scroll.layout(lines.len(), height);
        let scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
        frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
    }
}

fn field<'a>(name: &str, value: String, theme: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{name:<16}"), theme.dim()),
        Span::raw(value),
    ])
}

/// The summary as lines.
pub fn summary_lines<'a>(td: &TaskDefinition, theme: &Theme) -> Vec<Line<'a>> {
    let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("{:<16}", "status"), theme.dim()),
            Span::styled(td.status.clone(), theme.status(&td.status)),
        ]),
        field("arn", td.arn.clone(), theme),
        field("registered", dash(&td.registered_at), theme),
        field(
            "launch types",
            if td.launch_types.is_empty() {
                "-".into()
            } else {
                td.launch_types.join(", ")
            },
            theme,
        ),
        field(
            "size",
            format!("cpu {} · memory {}", dash(&td.cpu), dash(&td.memory)),
            theme,
        ),
        field("network mode", dash(&td.network_mode), theme),
        field("platform", td.platform(), theme),
        field("task role", dash(&td.task_role), theme),
        field("execution role", dash(&td.execution_role), theme),
    ];
    if !td.tags.is_empty() {
        lines.push(field(
            "tags",
            td.tags
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(", "),
            theme,
        ));
    }
    for c in &td.containers {
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled("container ", theme.dim()),
            Span::styled(c.name.clone(), theme.title()),
            Span::styled(
                if c.essential { "  (essential)" } else { "" }.to_string(),
                theme.dim(),
            ),
        ]));
        lines.push(field("  image", c.image.clone(), theme));
        if !c.ports.is_empty() {
            lines.push(field("  ports", c.ports.join(", "), theme));
        }
        if !c.entry_point.is_empty() {
            lines.push(field(
                "  entry point",
                format!("{:?}", c.entry_point),
                theme,
            ));
        }
        if !c.command.is_empty() {
            lines.push(field("  command", format!("{:?}", c.command), theme));
        }
        for (k, v) in &c.environment {
            lines.push(field("  env", format!("{k}={v}"), theme));
        }
        lines.push(field(
            "  logs",
            c.log.clone().unwrap_or_else(|| "none".into()),
            theme,
        ));
    }
    lines
}
