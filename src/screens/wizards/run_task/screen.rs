//! The run-task wizard under the wizard contract: keys go to the form, the lists it wants are
//! fetched, RunTask's answer becomes the result, and Enter on the result opens the cluster's
//! tasks.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::RunTaskWizard;
use crate::effect::{Job, Outcome};
use crate::keymap::Keymap;
use crate::model::RevisionRef;
use crate::model::task::NewTask;
use crate::screens::tasks::TasksScreen;
use crate::screens::wizards::launch::{self, Start};
use crate::screens::wizards::{Wizard, WizardOutcome};
use crate::screens::{Cx, Route};
use crate::widgets::theme::Theme;

impl Wizard for RunTaskWizard {
    type Spec = NewTask;

    fn title(&self) -> String {
        RunTaskWizard::title(self)
    }

    fn handle_key(&mut self, key: KeyEvent, keymap: &Keymap) -> WizardOutcome<Self::Spec> {
        RunTaskWizard::handle_key(self, key, keymap)
    }

    fn hints(&self, keymap: &Keymap) -> Vec<(String, String)> {
        RunTaskWizard::hints(self, keymap)
    }

    fn set_submit_error(&mut self, message: String) {
        RunTaskWizard::set_submit_error(self, message);
    }

    fn cancel_discard(&mut self) {
        RunTaskWizard::cancel_discard(self);
    }

    fn take_wanted(&mut self) -> Option<Job> {
        RunTaskWizard::take_wanted(self)
    }

    fn submit_job(spec: Self::Spec) -> Job {
        Job::RunTask(Box::new(spec))
    }

    fn submit_verb(&self) -> &'static str {
        "running a task"
    }

    fn after_key(&mut self, cx: &mut Cx) {
        // The wizard has asked to close (Enter on the result); the tasks open on top of what
        // was below it.
        if self.take_open_tasks() {
            let cluster = self.cluster();
            cx.push(Route::Tasks(Box::new(TasksScreen::of_cluster(&cluster))));
        }
    }

    fn on_outcome(&mut self, outcome: Outcome, cx: &mut Cx) {
        match outcome {
            Outcome::TasksStarted(Ok(started)) => {
                let (n, failed) = (started.0.len(), started.1.len());
                self.set_started(started);
                if failed > 0 {
                    cx.error(format!("started {n} task(s); {failed} failed to start"));
                } else {
                    cx.info(format!("started {n} task(s)"));
                }
            }
            Outcome::TasksStarted(Err(e)) => {
                // Tasks started by a lost RunTask cannot be told from others: the operator looks
                // (the message says where) before running again.
                let mut line = e.write_failure("run the task");
                if !e.changed_nothing() {
                    line.push_str(" (the cluster's tasks show what started)");
                }
                cx.error(format!("{line} — the form is kept"));
                self.set_submit_error(line);
            }
            Outcome::Described(results) => {
                for td in results.iter().filter_map(|(_, r)| r.as_ref().ok()) {
                    cx.shared.taskdefs.insert(td.arn.clone(), td.clone());
                }
                self.absorb(Outcome::Described(results));
            }
            Outcome::Clusters(result) => {
                launch::share_clusters(cx, &result);
                self.absorb(Outcome::Clusters(result));
            }
            other => self.absorb(other),
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme, read_only: bool) {
        super::view::render(frame, area, self, theme, read_only);
    }
}

/// `R` on an ACTIVE revision: the wizard for it; the cluster is the one being looked at last
/// (`:services`, a cluster's page), else chosen from the region's.
pub fn open_from_revision(cx: &mut Cx, revision: &RevisionRef) {
    let mut start = Start::from_shared(cx.shared).with_revision(revision, cx.shared);
    start.cluster = cx
        .app
        .current_cluster
        .as_deref()
        .map(|c| c.rsplit('/').next().unwrap_or(c).to_string());
    cx.push(Route::RunTaskWizard(Box::new(RunTaskWizard::new(
        revision.clone(),
        start,
    ))));
}
