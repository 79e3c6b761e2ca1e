//! New revisions edited as JSON in $EDITOR: the draft page (its checks and diff), the register
//! confirmation, and what happens on success or refusal. A draft is kept until it is registered or
//! discarded explicitly, so nothing typed is lost to an invalid edit or a refused call.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

use super::common;
use super::cx::{Cx, Notice};
use super::revision_detail::RevisionDetailScreen;
use super::revisions::actions;
use super::{Keys, Route, Screen, View};
use crate::domain::registerable;
use crate::effect::{Effect, Job, Outcome, Ticket};
use crate::keymap::Command;
use crate::model::TaskDefinition;
use crate::model::task_definition::registerable_json;
use crate::state::drafts::{Attempt, Draft, line_diff};
use crate::state::{Confirm, PendingOp, Scroll, Shared};

use crate::widgets::text::styled_line;

/// A family's pending edit (the draft itself lives in `Shared::drafts`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DraftScreen {
    pub family: String,
    pub scroll: Scroll,
}

impl DraftScreen {
    pub fn new(family: &str) -> Self {
        Self {
            family: family.to_string(),
            scroll: Scroll::default(),
        }
    }
}

/// Pretty registerable JSON of a revision (what the editor starts from, and the diff's left side).
fn base_text(td: &TaskDefinition) -> String {
    serde_json::to_string_pretty(&registerable_json(&td.json, &td.tags)).unwrap_or_default()
}

/// Opens the family's draft in the editor if there is one (nothing typed is lost), else the base
/// revision's registerable JSON.
pub fn edit(cx: &mut Cx, base: &TaskDefinition) {
    let family = base.family.clone();
    let text = match cx.shared.drafts.get(&family) {
        Some(draft) => draft.text.clone(),
        None => base_text(base),
    };
    let ticket = cx.ticket();
    cx.effect(Effect::EditText {
        ticket,
        family,
        base_arn: base.arn.clone(),
        text,
    });
}

/// The editor closed: check the text, diff it against the base, and ask before registering (on
/// the draft page, which opens unless it is where the edit started).
pub fn on_editor_closed(
    cx: &mut Cx,
    family: String,
    base_arn: String,
    result: Result<String, String>,
    on_draft_page: bool,
) -> Option<usize> {
    cx.app.dirty = true;
    let text = match result {
        Ok(text) => text,
        Err(e) => {
            cx.error(format!("the editor failed: {e}"));
            return None;
        }
    };
    let base = cx
        .shared
        .drafts
        .get(&family)
        .map_or(base_arn, |d| d.base_arn.clone());
    let base = cx.shared.taskdefs.get(&base).cloned();
    let Some(base) = base else {
        cx.error(format!("the base revision of {family} is no longer known"));
        return None;
    };
    let original = base_text(&base);
    if text.trim() == original.trim() && !cx.shared.drafts.contains_key(&family) {
        cx.info("no changes: nothing to register");
        return None;
    }
    // Checked as AWS would check it, before anything is sent: explicit nulls, the 64 KiB limit,
    // describe-only fields (dropped) and the describe shape (unwrapped), each with a note.
    let (parsed, problems, notes) = match registerable::prepare(&text) {
        Ok(p) => (Some(p.json), p.problems, p.notes),
        Err(e) => (None, vec![e], Vec::new()),
    };
    let diff = match &parsed {
        Some(json) => line_diff(
            &original,
            &serde_json::to_string_pretty(json).unwrap_or_default(),
        ),
        None => Vec::new(),
    };
    let ready = problems.is_empty();
    let draft = Draft {
        family: family.clone(),
        base_arn: base.arn.clone(),
        base_label: base.label(),
        text,
        problems,
        parsed,
        diff,
        submitting: false,
        failure: None,
        notes,
        ask: ready && !on_draft_page,
    };
    // Open the page at the first change, with a little context above it.
    let first_change = draft
        .page_lines()
        .iter()
        .skip(2)
        .position(|l| l.starts_with("+ ") || l.starts_with("- "));
    let scroll = first_change.map_or(0, |i| (i + 2).saturating_sub(3));
    cx.shared.drafts.insert(family.clone(), draft);
    if on_draft_page {
        if ready {
            ask_register(cx, &family);
        }
    } else {
        let page = DraftScreen::new(&family);
        page.scroll.set(scroll);
        cx.push(Route::Draft(page));
    }
    if !ready {
        cx.error("the edit has problems: e edits again, X discards; the text is kept");
    }
    Some(scroll)
}

fn ask_register(cx: &mut Cx, family: &str) {
    if cx.refuse_read_only("register") {
        return;
    }
    let Some(draft) = cx.shared.drafts.get(family) else {
        return;
    };
    let changed = draft.diff.iter().filter(|l| !l.starts_with("  ")).count();
    let lines = vec![
        format!(
            "Register a new revision of {family} from this edit of {}?",
            draft.base_label
        ),
        String::new(),
        format!("{changed} changed line(s); the diff is on the page behind this dialog."),
        "Running tasks and services keep their revision until they are updated.".into(),
    ];
    let mut lines = lines;
    if let Some(failed) = draft.failure.as_ref().filter(|f| !f.changed_nothing) {
        lines.push(String::new());
        lines.push(format!(
            "The last attempt may have registered a revision already ({}): registering again \
             can make a duplicate.",
            failed.line
        ));
    }
    cx.confirm(Confirm::new(
        "Register new revision",
        lines,
        "Register",
        PendingOp::RegisterDraft {
            family: family.to_string(),
        },
    ));
}

impl DraftScreen {
    /// Enter on the page: ask to register the draft when it is ready, else say why not.
    fn register(&self, cx: &mut Cx) {
        match cx.shared.drafts.get(&self.family) {
            Some(d) if d.submitting => cx.info("registering…"),
            Some(d) if d.is_ready() => ask_register(cx, &self.family),
            Some(d) => {
                let first = d.problems.first().cloned().unwrap_or_default();
                cx.error(format!("cannot register yet: {first}"));
            }
            None => {}
        }
    }

    /// `X`: discarding is explicit and confirmed.
    fn ask_discard(&self, cx: &mut Cx) {
        cx.confirm(Confirm::new(
            "Discard draft",
            vec![format!(
                "Discard your edit of {}? The text you typed is lost.",
                self.family
            )],
            "Discard",
            PendingOp::DiscardDraft {
                family: self.family.clone(),
            },
        ));
    }

    /// Registered: land on the new revision. Refused: the draft stays, with the API's reason.
    fn on_registered(
        &self,
        cx: &mut Cx,
        result: Result<Box<TaskDefinition>, crate::model::AwsError>,
    ) {
        cx.app.dirty = true;
        match result {
            Ok(td) => {
                cx.shared.drafts.remove(&self.family);
                cx.close();
                land_on_new_revision(cx, *td);
            }
            Err(e) => {
                let line = e.write_failure("register");
                if let Some(d) = cx.shared.drafts.get_mut(&self.family) {
                    d.submitting = false;
                    d.failure = Some(Attempt {
                        line: line.clone(),
                        changed_nothing: e.changed_nothing(),
                    });
                }
                if !e.changed_nothing() {
                    // A revision may exist: the family's lists must be read again.
                    cx.shared.family_summaries.remove(&self.family);
                }
                cx.error(format!(
                    "{line} — the draft is kept (e edits, enter retries)"
                ));
            }
        }
    }
}

/// A new revision was registered: show it, put it at the top of its family's list, cache it.
pub fn land_on_new_revision(cx: &mut Cx, td: TaskDefinition) {
    let label = td.label();
    let arn = td.arn.clone();
    cx.shared.family_summaries.remove(&td.family);
    cx.notify(Notice::RevisionRegistered {
        family: td.family.clone(),
        arn: arn.clone(),
        status: td.status.clone(),
    });
    cx.shared.taskdefs.insert(arn.clone(), td);
    cx.push(Route::RevisionDetail(RevisionDetailScreen::of(
        arn,
        label.clone(),
    )));
    cx.info(format!("registered {label}"));
}

impl Screen for DraftScreen {
    fn crumb(&self) -> String {
        format!("{} draft", self.family)
    }

    fn keys(&self) -> Keys {
        Keys::Scroll
    }

    fn supports(&self, command: Command, _shared: &Shared) -> bool {
        common::moving(command)
            || matches!(command, Command::Edit | Command::Open | Command::Delete)
    }

    fn on_command(&mut self, command: Command, cx: &mut Cx) {
        match command {
            Command::Edit => {
                let draft = cx
                    .shared
                    .drafts
                    .get(&self.family)
                    .map(|d| (d.text.clone(), d.base_arn.clone()));
                match draft {
                    Some((text, base_arn)) => {
                        let ticket = cx.ticket();
                        cx.effect(Effect::EditText {
                            ticket,
                            family: self.family.clone(),
                            base_arn,
                            text,
                        });
                    }
                    None => cx.info("this draft was registered or discarded"),
                }
            }
            Command::Open => self.register(cx),
            Command::Delete => self.ask_discard(cx),
            _ => {}
        }
    }

    fn on_outcome(&mut self, _ticket: Ticket, outcome: Outcome, cx: &mut Cx) {
        match outcome {
            Outcome::Registered { result, .. } => self.on_registered(cx, result),
            Outcome::Edited {
                family,
                base_arn,
                result,
            } => {
                if let Some(scroll) = on_editor_closed(cx, family, base_arn, result, true) {
                    self.scroll.set(scroll);
                }
            }
            other => actions::on_outcome(other, cx, true),
        }
    }

    fn on_confirm(&mut self, op: PendingOp, yes: bool, _picked: Option<String>, cx: &mut Cx) {
        if !yes {
            return;
        }
        match op {
            PendingOp::RegisterDraft { family } => match cx.shared.drafts.get_mut(&family) {
                Some(d) if d.is_ready() => {
                    d.submitting = true;
                    let json = d.parsed.clone().unwrap_or_default();
                    cx.info(format!("registering a new revision of {family}…"));
                    cx.run(Job::RegisterTaskDefinition { family, json });
                }
                _ => {}
            },
            PendingOp::DiscardDraft { family } => {
                cx.shared.drafts.remove(&family);
                cx.close();
                cx.info(format!("discarded the draft of {family}"));
            }
            _ => {}
        }
    }

    /// The page opened after an edit that is ready: ask to register it at once.
    fn load(&mut self, cx: &mut Cx) {
        let ask = cx
            .shared
            .drafts
            .get_mut(&self.family)
            .map(|d| std::mem::take(&mut d.ask))
            .unwrap_or(false);
        if ask {
            ask_register(cx, &self.family);
        }
    }

    fn scroll(&self) -> Option<&Scroll> {
        Some(&self.scroll)
    }

    fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let block = Block::default().borders(Borders::ALL).title(Line::styled(
            format!(" {} draft ", self.family),
            theme.title(),
        ));
        let Some(draft) = view.shared.drafts.get(&self.family) else {
            frame.render_widget(
                Paragraph::new("This draft was registered or discarded.").block(block),
                area,
            );
            return;
        };
        let height = usize::from(area.height.saturating_sub(2));
        let page = draft.page_lines();
        let scroll = self.scroll.layout(page.len(), height);
        let lines: Vec<Line> = page
            .into_iter()
            .enumerate()
            .skip(scroll)
            .take(height)
            .map(|(i, text)| match i {
                0 => Line::styled(text, theme.dim()),
                1 if draft.problems.is_empty() => Line::styled(text, theme.ok()),
                1 => Line::styled(text, theme.error()),
                _ if text.starts_with("  ✗") => Line::styled(text, theme.error()),
                _ => styled_line(text, true, "", theme),
            })
            .collect();
        frame.render_widget(Paragraph::new(lines).block(block), area);
    }
}
