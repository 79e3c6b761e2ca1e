//! The create-namespace wizard under the wizard contract: keys go to the form, the VPCs are fetched when private
//! DNS is chosen, and the create run (a Cloud Map operation) reports its progress here.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::NamespaceWizard;
use crate::domain::namespace::NewNamespace;
use crate::effect::{Job, Outcome};
use crate::keymap::Keymap;
use crate::screens::Cx;
use crate::screens::wizards::{Wizard, WizardOutcome};
use crate::widgets::theme::Theme;

impl Wizard for NamespaceWizard {
    type Spec = NewNamespace;

    fn title(&self) -> String {
        NamespaceWizard::title(self).to_string()
    }

    fn handle_key(&mut self, key: KeyEvent, keymap: &Keymap) -> WizardOutcome<Self::Spec> {
        NamespaceWizard::handle_key(self, key, keymap)
    }

    fn hints(&self, keymap: &Keymap) -> Vec<(String, String)> {
        NamespaceWizard::hints(self, keymap)
    }

    fn set_submit_error(&mut self, message: String) {
        NamespaceWizard::set_submit_error(self, message);
    }

    fn cancel_discard(&mut self) {
        NamespaceWizard::cancel_discard(self);
    }

    fn take_wanted(&mut self) -> Option<Job> {
        if self.vpcs_asked || !self.wants_vpcs() {
            return None;
        }
        self.vpcs_asked = true;
        Some(Job::Vpcs)
    }

    fn submit_job(spec: Self::Spec) -> Job {
        Job::CreateNamespace {
            spec: Box::new(spec),
        }
    }

    fn submitted(&mut self, _cx: &mut Cx) {
        self.flow.set_progress(Vec::new());
    }

    fn on_outcome(&mut self, outcome: Outcome, cx: &mut Cx) {
        match outcome {
            Outcome::Vpcs(result) => self.set_vpcs(result.map_err(|e| e.to_string())),
            Outcome::Progress { step, line } => self.flow.set_step(step, line),
            Outcome::NamespaceCreated(result) => match result {
                Ok(ns) => {
                    self.set_result(vec![format!(
                        "Created namespace {} ({}, {}).",
                        ns.name,
                        ns.id,
                        ns.kind.label()
                    )]);
                    cx.info(format!("created namespace {}", ns.name));
                }
                Err(e) => {
                    let line = e.write_failure("create the namespace");
                    cx.error(format!("{line} — the form is kept"));
                    self.set_submit_error(line);
                }
            },
            _ => {}
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme, read_only: bool) {
        super::view::render(frame, area, self, theme, read_only);
    }
}
