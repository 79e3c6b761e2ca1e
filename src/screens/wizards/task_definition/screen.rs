//! The task definition wizard under the wizard contract: keys go to the form, the IAM roles are fetched when it
//! opens, and a registered revision lands in its family's revisions.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::{SubmitRequest, TaskDefWizard};
use crate::effect::{Job, Outcome};
use crate::keymap::Keymap;
use crate::model::{AwsError, TaskDefinition};
use crate::screens::cx::Notice;
use crate::screens::revisions::RevisionsScreen;
use crate::screens::wizards::{Wizard, WizardOutcome};
use crate::screens::{Cx, Route};
use crate::widgets::theme::Theme;

impl Wizard for TaskDefWizard {
    type Spec = SubmitRequest;

    fn title(&self) -> String {
        TaskDefWizard::title(self)
    }

    fn handle_key(&mut self, key: KeyEvent, keymap: &Keymap) -> WizardOutcome<Self::Spec> {
        TaskDefWizard::handle_key(self, key, keymap)
    }

    fn hints(&self, keymap: &Keymap) -> Vec<(String, String)> {
        TaskDefWizard::hints(self, keymap)
    }

    fn set_submit_error(&mut self, message: String) {
        TaskDefWizard::set_submit_error(self, message);
    }

    fn cancel_discard(&mut self) {
        TaskDefWizard::cancel_discard(self);
    }

    fn take_wanted(&mut self) -> Option<Job> {
        if self.roles_asked {
            return None;
        }
        self.roles_asked = true;
        Some(Job::Roles)
    }

    fn submit_job(spec: Self::Spec) -> Job {
        Job::SubmitTaskDefinition {
            json: spec.json,
            log_groups: spec.create_log_groups,
        }
    }

    fn submitted(&mut self, cx: &mut Cx) {
        cx.info("registering…");
    }

    fn on_outcome(&mut self, outcome: Outcome, cx: &mut Cx) {
        match outcome {
            Outcome::Roles(result) => self.set_roles(result.map_err(|e| e.to_string())),
            Outcome::Submitted(result) => self.on_submitted(cx, result),
            Outcome::Saved { path, result } => match result {
                Ok(()) => cx.info(format!("saved {path}")),
                Err(e) => cx.error(e),
            },
            _ => {}
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme, read_only: bool) {
        super::view::render(frame, area, self, theme, read_only);
    }
}

impl TaskDefWizard {
    /// Registered: land on the new revision, selected in its family's revisions. Refused: the form
    /// stays as typed with the error.
    fn on_submitted(&mut self, cx: &mut Cx, result: Result<Box<TaskDefinition>, AwsError>) {
        match result {
            Ok(td) => {
                let family = td.family.clone();
                let arn = td.arn.clone();
                let label = td.label();
                cx.shared.family_summaries.remove(&family);
                cx.notify(Notice::RevisionRegistered {
                    family: family.clone(),
                    arn: arn.clone(),
                    status: td.status.clone(),
                });
                cx.shared.taskdefs.insert(arn.clone(), *td);
                cx.close();
                if self.opened_from.as_deref() != Some(family.as_str()) {
                    // Selected as soon as the list (loaded when it opens) contains it.
                    let mut revisions = RevisionsScreen::new(&family);
                    revisions.table.select_key(arn);
                    cx.push(Route::Revisions(Box::new(revisions)));
                }
                cx.info(format!("registered {label}"));
            }
            Err(e) => {
                let line = e.write_failure("register");
                cx.error(format!("{line} — the form is kept"));
                self.set_submit_error(line);
            }
        }
    }
}
