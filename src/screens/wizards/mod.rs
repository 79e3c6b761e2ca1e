//! Wizards: multi-section forms that build an API request, validated before AWS sees it. All three
//! (task definition, cluster, namespace) implement one contract, [`Wizard`]; [`on_key`] turns what a
//! wizard asks for into effects, the same way for each.

pub mod cluster;
pub mod launch;
pub mod namespace;
pub mod parse;
pub mod run_task;
pub mod service;
pub mod task_definition;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::{Keys, Screen, View};
use crate::effect::{Job, Outcome, Ticket};
pub use crate::form::flow::{ReviewLine, WizardOutcome};
use crate::keymap::{Command, Keymap};
use crate::screens::cx::Cx;
use crate::state::{Confirm, PendingOp, Shared};
use crate::widgets::theme::Theme;

/// What every wizard is to the app.
pub trait Wizard {
    /// What a submit hands over.
    type Spec;

    /// The title in the header and the form's frame.
    fn title(&self) -> String;

    /// Handles a key (Ctrl-C is the app's); keys come from the keymap's `form` context.
    fn handle_key(&mut self, key: KeyEvent, keymap: &Keymap) -> WizardOutcome<Self::Spec>;

    /// Footer hints for the focused field and the stage.
    fn hints(&self, keymap: &Keymap) -> Vec<(String, String)>;

    /// A submit failed (or was refused before sending): keep the form, show why.
    fn set_submit_error(&mut self, message: String);

    /// The operator said No to discarding the form.
    fn cancel_discard(&mut self);

    /// A background list the wizard needs now (IAM roles, Auto Scaling groups, VPCs). Asked once:
    /// the wizard notes that it asked. Asked again until it answers `None` (several lists may be
    /// due at once).
    fn take_wanted(&mut self) -> Option<Job>;

    /// The job that carries out a submit.
    fn submit_job(spec: Self::Spec) -> Job;

    /// A submit went out (say so, reset progress).
    fn submitted(&mut self, _cx: &mut Cx) {}

    /// The answer to the wizard's work: its lists, progress, the create or register result.
    fn on_outcome(&mut self, outcome: Outcome, cx: &mut Cx);

    /// After each key: act on what the key asked beyond the form (open a page once done).
    fn after_key(&mut self, _cx: &mut Cx) {}

    /// What a submit does, for the `--read-only` refusal ("creating", "running a task").
    fn submit_verb(&self) -> &'static str {
        "creating"
    }

    /// Draws the form, review, progress or result. With `read_only` the review says it is for
    /// reading only (submitting is refused).
    fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme, read_only: bool);
}

/// Every wizard is a screen that takes every key.
impl<W: Wizard> Screen for W {
    fn crumb(&self) -> String {
        self.title()
    }

    fn keys(&self) -> Keys {
        Keys::Form
    }

    fn supports(&self, _command: Command, _shared: &Shared) -> bool {
        false
    }

    fn on_command(&mut self, _command: Command, _cx: &mut Cx) {}

    fn on_key(&mut self, key: KeyEvent, cx: &mut Cx) {
        if on_key(self, key, cx) {
            self.submitted(cx);
        }
        self.after_key(cx);
    }

    fn on_outcome(&mut self, _ticket: Ticket, outcome: Outcome, cx: &mut Cx) {
        cx.app.dirty = true;
        Wizard::on_outcome(self, outcome, cx);
        // An answer may make the next list due (a VPC's subnets once the VPCs are known).
        while let Some(job) = self.take_wanted() {
            cx.run(job);
        }
    }

    fn on_confirm(&mut self, op: PendingOp, yes: bool, _picked: Option<String>, cx: &mut Cx) {
        if op == PendingOp::DiscardWizard {
            on_discard(self, yes, cx);
        }
    }

    /// Opening: fetch what the wizard needs from the start (the task definition wizard's roles).
    fn load(&mut self, cx: &mut Cx) {
        while let Some(job) = self.take_wanted() {
            cx.run(job);
        }
    }

    fn hints(&self, keymap: &Keymap) -> Option<Vec<(String, String)>> {
        Some(Wizard::hints(self, keymap))
    }

    fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        self.draw(frame, area, view.theme, view.app.config.read_only);
    }
}

/// One key for a wizard screen: the wizard's outcome becomes effects (submit, copy, save), a
/// discard dialog, or closing the screen. `--read-only` keeps the form and says why nothing is
/// sent. Then the list the wizard asks for, if any, is fetched.
pub fn on_key<W: Wizard>(wizard: &mut W, key: KeyEvent, cx: &mut Cx) -> bool {
    let keymap = cx.app.keymap.clone();
    let mut submitted = false;
    match wizard.handle_key(key, &keymap) {
        WizardOutcome::None => {}
        WizardOutcome::Submit(spec) => {
            if cx.app.config.read_only {
                let verb = wizard.submit_verb();
                wizard.set_submit_error(crate::update::guard::read_only_message(verb));
            } else {
                cx.run(W::submit_job(spec));
                submitted = true;
            }
        }
        WizardOutcome::Cancel => cx.close(),
        WizardOutcome::AskDiscard => ask_discard(cx),
        WizardOutcome::Copy(text) => {
            cx.info("copied to the clipboard (OSC 52)");
            cx.effect(crate::effect::Effect::Clipboard { text });
        }
        WizardOutcome::Save { path, contents } => {
            cx.run(Job::SaveFile { path, contents });
        }
    }
    while let Some(job) = wizard.take_wanted() {
        cx.run(job);
    }
    submitted
}

/// Esc on a changed form asks first.
fn ask_discard(cx: &mut Cx) {
    cx.confirm(Confirm::new(
        "Discard the form",
        vec!["Discard everything typed in this form?".into()],
        "Discard",
        PendingOp::DiscardWizard,
    ));
}

/// The discard dialog's answer: close the wizard, or go back to it as it was.
pub fn on_discard<W: Wizard>(wizard: &mut W, discard: bool, cx: &mut Cx) {
    if discard {
        cx.close();
    } else {
        wizard.cancel_discard();
    }
}

/// One problem: where it is and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub section: usize,
    /// The field, or `None` for the section as a whole.
    pub field: Option<&'static str>,
    pub message: String,
}
