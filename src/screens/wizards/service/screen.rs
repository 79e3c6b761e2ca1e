//! The create-service wizard under the wizard contract: keys go to the form, the lists it wants
//! are fetched, and a created service closes the wizard and opens the service's page, which
//! follows the deployment.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::ServiceWizard;
use crate::effect::{Job, Outcome};
use crate::keymap::Keymap;
use crate::model::RevisionRef;
use crate::model::service::NewService;
use crate::screens::Cx;
use crate::screens::Route;
use crate::screens::service::ServiceScreen;
use crate::screens::wizards::launch::{self, Start};
use crate::screens::wizards::{Wizard, WizardOutcome};
use crate::widgets::theme::Theme;

impl Wizard for ServiceWizard {
    type Spec = NewService;

    fn title(&self) -> String {
        ServiceWizard::title(self).to_string()
    }

    fn handle_key(&mut self, key: KeyEvent, keymap: &Keymap) -> WizardOutcome<Self::Spec> {
        ServiceWizard::handle_key(self, key, keymap)
    }

    fn hints(&self, keymap: &Keymap) -> Vec<(String, String)> {
        ServiceWizard::hints(self, keymap)
    }

    fn set_submit_error(&mut self, message: String) {
        ServiceWizard::set_submit_error(self, message);
    }

    fn cancel_discard(&mut self) {
        ServiceWizard::cancel_discard(self);
    }

    fn take_wanted(&mut self) -> Option<Job> {
        ServiceWizard::take_wanted(self)
    }

    fn submit_job(spec: Self::Spec) -> Job {
        Job::CreateService(Box::new(spec))
    }

    fn submit_verb(&self) -> &'static str {
        "creating a service"
    }

    fn on_outcome(&mut self, outcome: Outcome, cx: &mut Cx) {
        match outcome {
            Outcome::ServiceCreated(Ok(service)) => {
                cx.info(format!(
                    "created service {} in {}: following its deployment",
                    service.name,
                    self.spec().cluster
                ));
                // Closing reveals the page below, which reloads and lists the new service.
                cx.close();
                cx.push(Route::Service(Box::new(ServiceScreen::from_list(&service))));
            }
            Outcome::ServiceCreated(Err(e)) => {
                let line = e.write_failure("create the service");
                cx.error(format!("{line} — the form is kept"));
                self.set_submit_error(line);
            }
            Outcome::Described(results) => {
                // The shared cache learns the descriptions too (the revision pages use them).
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

/// `c` on a cluster's page or its services: the wizard preset to that cluster, knowing its
/// services' names (a new one must differ).
pub fn open_in_cluster(
    cx: &mut Cx,
    cluster: &str,
    services: Option<&[crate::model::service::Service]>,
) {
    let mut start = Start::from_shared(cx.shared);
    start.cluster = Some(cluster.rsplit('/').next().unwrap_or(cluster).to_string());
    start.services = services.map(|list| {
        list.iter()
            .filter(|s| s.status != "INACTIVE")
            .map(|s| s.name.clone())
            .collect()
    });
    cx.push(Route::ServiceWizard(Box::new(ServiceWizard::new(start))));
}

/// `C` on an ACTIVE revision: the wizard preset to it; the cluster is chosen from the region's
/// (the one looked at last preset).
pub fn open_from_revision(cx: &mut Cx, revision: &RevisionRef) {
    let mut start = Start::from_shared(cx.shared).with_revision(revision, cx.shared);
    // The cluster looked at last is the likely one; the picker offers the region's.
    start.cluster = cx
        .app
        .current_cluster
        .as_deref()
        .map(|c| c.rsplit('/').next().unwrap_or(c).to_string());
    cx.push(Route::ServiceWizard(Box::new(ServiceWizard::new(start))));
}
