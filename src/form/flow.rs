//! What a create wizard does around its form, whatever it creates: the review step, one submit at
//! a time, the submit error kept beside the form as typed, progress lines while the requests run,
//! and the result (with one line picked for copying, e.g. a registration command). The wizard
//! owns the form and the request; the flow owns where the operator is.

use crossterm::event::KeyEvent;

use super::{FieldKind, Form, Handled};
use crate::keymap::{Bound, Context, FormCommand, Keymap};

/// Lines the review scrolls by with page up/down.
const PAGE: usize = 10;

/// Where a create wizard is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Stage {
    /// Filling in the form.
    #[default]
    Edit,
    /// Reading the requests and problems; submitting from here.
    Review,
    /// The requests ran: the result, with the steps that led to it.
    Done,
}

/// What a key did in the review or result stage, for the wizard to finish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlowKey {
    /// Handled here (scrolled, went back, refused with a notice), or nothing to do.
    Handled,
    /// Send the request: the flow is now submitting.
    Submit,
    /// Copy what the review shows (the wizard decides what that is).
    CopyReview,
    /// Copy this result line.
    CopyText(String),
    /// Close the wizard: it is done.
    Close,
}

/// What a create wizard asks the app for; `S` is what it creates.
#[derive(Debug, Clone, PartialEq)]
pub enum WizardOutcome<S> {
    None,
    /// Create this; answer with `set_progress`, then `set_result` or `set_submit_error`.
    Submit(S),
    /// Close the wizard (nothing was changed, or it is done).
    Cancel,
    /// Esc on a changed form: ask before discarding; call the wizard's `cancel_discard` on No.
    AskDiscard,
    /// Put this text on the clipboard (OSC 52).
    Copy(String),
    /// Write `contents` to `path` (relative to the working directory; never overwriting).
    Save {
        path: String,
        contents: String,
    },
}

/// What [`handle_key`] needs from a create wizard besides its form and flow.
pub trait CreateWizard {
    /// What a submit hands the app.
    type Spec;
    /// The form and the flow, both to change.
    fn form_and_flow(&mut self) -> (&mut Form, &mut Flow);
    /// How many lines the review has (for clamping its scroll).
    fn review_len(&self) -> usize;
    /// How many problems block submit.
    fn problem_count(&self) -> usize;
    /// What to create, as the form stands.
    fn spec(&self) -> Self::Spec;
    /// What the copy key copies in the review (e.g. the CLI lines).
    fn review_copy(&self) -> String;
    /// A value changed: re-read the form.
    fn edited(&mut self);
    /// Whether Esc must ask before discarding the form.
    fn changed(&self) -> bool;
}

/// A key of a create wizard (Ctrl-C is the app's), from the keymap's `form` context: the flow's
/// while reviewing or done; the form's while editing, where Enter moves on, like in most forms.
pub fn handle_key<W: CreateWizard>(
    wizard: &mut W,
    key: KeyEvent,
    keymap: &Keymap,
) -> WizardOutcome<W::Spec> {
    wizard.form_and_flow().1.clear_notice();
    let command = keymap.lookup_form(&key);
    if wizard.form_and_flow().1.stage() != Stage::Edit {
        let len = wizard.review_len();
        return match wizard.form_and_flow().1.handle(command, len) {
            FlowKey::Handled => WizardOutcome::None,
            FlowKey::Submit => {
                let problems = wizard.problem_count();
                if wizard.form_and_flow().1.try_submit(problems) {
                    WizardOutcome::Submit(wizard.spec())
                } else {
                    WizardOutcome::None
                }
            }
            FlowKey::CopyReview => WizardOutcome::Copy(wizard.review_copy()),
            FlowKey::CopyText(text) => WizardOutcome::Copy(text),
            FlowKey::Close => WizardOutcome::Cancel,
        };
    }
    let (form, flow) = wizard.form_and_flow();
    match form.handle(command, &key) {
        Handled::Edited => {
            wizard.edited();
            WizardOutcome::None
        }
        Handled::Moved | Handled::Nothing => WizardOutcome::None,
        Handled::Pass(FormCommand::Review) => {
            flow.review(form);
            WizardOutcome::None
        }
        Handled::Pass(FormCommand::Submit) => {
            form.move_focus(1);
            WizardOutcome::None
        }
        Handled::Pass(FormCommand::Cancel) => {
            if wizard.changed() {
                WizardOutcome::AskDiscard
            } else {
                WizardOutcome::Cancel
            }
        }
        Handled::Pass(_) => WizardOutcome::None,
    }
}

/// Whether a form command does something right now in a create wizard (keeps footer hints
/// honest): the flow decides while reviewing or done, the focused field while editing.
pub fn applies(flow: &Flow, form: &Form, command: FormCommand, problems: usize) -> bool {
    use FormCommand as C;
    if flow.stage() != Stage::Edit {
        return flow.applies(command, problems);
    }
    let focused = form.focused().map(|f| &f.kind);
    // A list with nothing to pick from offers no "next choice" (issue #10.7).
    let has_choices = match focused {
        Some(FieldKind::Combo(c)) => !c.matches().is_empty(),
        Some(FieldKind::Multi(m)) => !m.matches().is_empty(),
        _ => false,
    };
    match command {
        C::Toggle => {
            matches!(
                focused,
                Some(FieldKind::Choice(_) | FieldKind::Toggle(_) | FieldKind::Multi(_))
            ) || has_choices
        }
        C::NextOption | C::PrevOption => has_choices,
        C::AddItem | C::RemoveItem | C::MoveItemUp | C::MoveItemDown => false,
        C::Submit | C::Copy | C::Save => false,
        _ => true,
    }
}

/// A create wizard's footer hints for its stage: [`hints`] in a create wizard's words.
pub fn create_hints(
    keymap: &Keymap,
    stage: Stage,
    applies: impl Fn(FormCommand) -> bool,
) -> Vec<(String, String)> {
    hints(keymap, applies, |c| match (stage, c) {
        (Stage::Review, FormCommand::Submit) => Some("create"),
        (Stage::Review, FormCommand::Copy) => Some("copy CLI"),
        (Stage::Done, FormCommand::Copy) => Some("copy line"),
        (Stage::Done, FormCommand::Cancel) => Some("close"),
        _ => None,
    })
}

/// The flow's state.
#[derive(Debug, Clone, Default)]
pub struct Flow {
    stage: Stage,
    /// First review line on screen (clamped when drawn).
    pub scroll: usize,
    progress: Vec<String>,
    result: Vec<String>,
    /// The result line the copy key copies.
    selected: usize,
    submit_error: Option<String>,
    /// A submit is out; a second one waits for its result.
    submitting: bool,
    /// A one-off message, cleared by the next key.
    notice: Option<String>,
}

impl Flow {
    /// Where the wizard is.
    pub fn stage(&self) -> Stage {
        self.stage
    }

    /// Why the last submit failed, until the next one.
    pub fn submit_error(&self) -> Option<&str> {
        self.submit_error.as_deref()
    }

    /// A submit is out and its result not back yet.
    pub fn is_submitting(&self) -> bool {
        self.submitting
    }

    /// A one-off message for the banner.
    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    /// Shows a one-off message until the next key.
    pub fn set_notice(&mut self, notice: impl Into<String>) {
        self.notice = Some(notice.into());
    }

    /// Drops the one-off message.
    pub fn clear_notice(&mut self) {
        self.notice = None;
    }

    /// Progress lines of the running (or last) submit.
    pub fn progress(&self) -> &[String] {
        &self.progress
    }

    /// The outcome lines, once done.
    pub fn result(&self) -> &[String] {
        &self.result
    }

    /// Index of the result line the copy key copies.
    pub fn selected(&self) -> usize {
        self.selected
    }

    /// Goes to the review; every field's error shows from now on, touched or not.
    pub fn review(&mut self, form: &mut super::Form) {
        self.stage = Stage::Review;
        self.scroll = 0;
        form.reveal_errors = true;
    }

    /// Starts a submit when none is out and nothing blocks it; otherwise says why not.
    pub fn try_submit(&mut self, problems: usize) -> bool {
        if self.submitting {
            return false;
        }
        if problems > 0 {
            self.notice = Some(format!(
                "fix the {problems} problem{} first",
                if problems == 1 { "" } else { "s" }
            ));
            return false;
        }
        self.submitting = true;
        self.submit_error = None;
        self.progress.clear();
        // Progress is drawn at the top of the review: show it.
        self.scroll = 0;
        true
    }

    /// The submit failed: back to the review with the message; the form keeps what was typed.
    pub fn set_submit_error(&mut self, message: String) {
        self.submitting = false;
        self.submit_error = Some(message);
        if self.stage == Stage::Done {
            self.stage = Stage::Review;
        }
    }

    /// Replaces the progress lines (one per request of the plan).
    pub fn set_progress(&mut self, lines: Vec<String>) {
        self.progress = lines;
    }

    /// One step moved on (step number from 1): the latest line per step is shown.
    pub fn set_step(&mut self, step: usize, line: String) {
        let i = step.saturating_sub(1);
        if self.progress.len() <= i {
            self.progress.resize(i + 1, String::new());
        }
        if let Some(slot) = self.progress.get_mut(i) {
            *slot = line;
        }
    }

    /// The requests ran: show the outcome. The copy key starts on the last non-empty line, where
    /// a command to run belongs.
    pub fn set_result(&mut self, lines: Vec<String>) {
        self.submitting = false;
        self.stage = Stage::Done;
        self.scroll = 0;
        self.selected = lines
            .iter()
            .rposition(|l| !l.trim().is_empty())
            .unwrap_or(0);
        self.result = lines;
    }

    /// Handles a key of the review (`review_len` lines) or result stage.
    pub fn handle(&mut self, command: Option<FormCommand>, review_len: usize) -> FlowKey {
        use FormCommand as C;
        match self.stage {
            Stage::Edit => FlowKey::Handled,
            Stage::Review => {
                match command {
                    // Leaving while requests run would hide their outcome (an activation code
                    // is shown once), so the review stays until the result or error arrives.
                    Some(C::Cancel) if self.submitting => {
                        self.notice = Some("wait for the requests to finish".to_string());
                    }
                    Some(C::Cancel) => self.stage = Stage::Edit,
                    Some(C::NextField) => self.scroll = self.scroll.saturating_add(1),
                    Some(C::PrevField) => self.scroll = self.scroll.saturating_sub(1),
                    Some(C::PageDown) => self.scroll = self.scroll.saturating_add(PAGE),
                    Some(C::PageUp) => self.scroll = self.scroll.saturating_sub(PAGE),
                    Some(C::Submit) => return FlowKey::Submit,
                    Some(C::Copy) => return FlowKey::CopyReview,
                    _ => {}
                }
                self.scroll = self.scroll.min(review_len);
                FlowKey::Handled
            }
            Stage::Done => match command {
                Some(C::NextField) => {
                    let last = self.result.len().saturating_sub(1);
                    self.selected = self.selected.saturating_add(1).min(last);
                    FlowKey::Handled
                }
                Some(C::PrevField) => {
                    self.selected = self.selected.saturating_sub(1);
                    FlowKey::Handled
                }
                Some(C::Copy) => match self.result.get(self.selected) {
                    Some(line) if !line.trim().is_empty() => FlowKey::CopyText(line.clone()),
                    _ => FlowKey::Handled,
                },
                Some(C::Cancel | C::Submit) => FlowKey::Close,
                _ => FlowKey::Handled,
            },
        }
    }

    /// Whether a command does something in the review or result stage (`problems` block submit).
    pub fn applies(&self, command: FormCommand, problems: usize) -> bool {
        use FormCommand as C;
        match self.stage {
            Stage::Edit => false,
            Stage::Review => match command {
                C::Submit => problems == 0 && !self.submitting,
                C::Cancel => !self.submitting,
                C::Copy | C::NextField | C::PrevField | C::PageUp | C::PageDown => true,
                _ => false,
            },
            Stage::Done => match command {
                C::Copy => self
                    .result
                    .get(self.selected)
                    .is_some_and(|l| !l.trim().is_empty()),
                C::NextField | C::PrevField => self.result.len() > 1,
                C::Cancel => true,
                _ => false,
            },
        }
    }
}

/// Footer hints of the `form` context for the commands that apply, with the wizard's own words
/// where the keymap's describe the task definition wizard (`register`, `copy JSON`). The keys
/// still come from the keymap, so hints cannot drift from the bindings.
pub fn hints(
    keymap: &Keymap,
    applies: impl Fn(FormCommand) -> bool,
    relabel: impl Fn(FormCommand) -> Option<&'static str>,
) -> Vec<(String, String)> {
    keymap
        .bindings_in(Context::Form)
        .filter(|b| b.footer && !b.keys.is_empty())
        .filter_map(|b| match b.command {
            Bound::Form(c) if applies(c) => {
                let desc = relabel(c).map_or_else(|| b.desc.clone(), str::to_string);
                Some((b.keys[0].label(), desc))
            }
            _ => None,
        })
        .collect()
}

/// The labels of the keys that submit a form (as [`hints`] shows them), for hiding them where
/// nothing may be sent (`--read-only`).
pub fn submit_keys(keymap: &Keymap) -> Vec<String> {
    keymap
        .bindings_in(Context::Form)
        .filter(|b| matches!(b.command, Bound::Form(FormCommand::Submit)))
        .filter_map(|b| b.keys.first().map(|k| k.label()))
        .collect()
}

/// One line of the review step, with what it is so the view can style it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewLine {
    Heading(String),
    Problem(String),
    Ok(String),
    Info(String),
    Code(String),
    Blank,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::Form;

    #[test]
    fn submit_waits_for_no_problems_and_one_at_a_time() {
        let mut f = Flow::default();
        f.review(&mut Form::default());
        assert!(!f.try_submit(2));
        assert_eq!(f.notice(), Some("fix the 2 problems first"));
        assert!(f.try_submit(0));
        assert!(!f.try_submit(0), "one submit at a time");
        assert_eq!(
            f.handle(Some(FormCommand::Cancel), 10),
            FlowKey::Handled,
            "esc waits while submitting"
        );
        assert_eq!(f.stage(), Stage::Review);
        f.set_submit_error("boom".into());
        assert_eq!(f.submit_error(), Some("boom"));
        assert!(f.try_submit(0), "retry after an error");
        assert!(f.submit_error().is_none());
    }

    #[test]
    fn the_result_selects_the_last_line_for_copying_and_closes() {
        let mut f = Flow::default();
        f.set_result(vec!["created".into(), "curl x".into(), "".into()]);
        assert_eq!(f.stage(), Stage::Done);
        assert_eq!(
            f.handle(Some(FormCommand::Copy), 0),
            FlowKey::CopyText("curl x".into())
        );
        f.handle(Some(FormCommand::PrevField), 0);
        assert_eq!(
            f.handle(Some(FormCommand::Copy), 0),
            FlowKey::CopyText("created".into())
        );
        assert_eq!(f.handle(Some(FormCommand::Cancel), 0), FlowKey::Close);
    }

    #[test]
    fn review_scroll_is_clamped() {
        let mut f = Flow::default();
        f.review(&mut Form::default());
        for _ in 0..5 {
            f.handle(Some(FormCommand::PageDown), 12);
        }
        assert_eq!(f.scroll, 12);
        f.handle(Some(FormCommand::Cancel), 12);
        assert_eq!(f.stage(), Stage::Edit);
    }
}
