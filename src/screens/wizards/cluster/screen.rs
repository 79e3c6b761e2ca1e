//! The create-cluster wizard under the wizard contract: keys go to the form, the Auto Scaling groups are fetched
//! when EC2 is chosen, and the create run reports its steps here.

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::ClusterWizard;
use crate::domain::cluster::CreateClusterSpec;
use crate::effect::{Job, Outcome};
use crate::keymap::Keymap;
use crate::model::AwsError;
use crate::model::cluster::CreatedCluster;
use crate::screens::Cx;
use crate::screens::wizards::{Wizard, WizardOutcome};
use crate::widgets::theme::Theme;

impl Wizard for ClusterWizard {
    type Spec = CreateClusterSpec;

    fn title(&self) -> String {
        ClusterWizard::title(self).to_string()
    }

    fn handle_key(&mut self, key: KeyEvent, keymap: &Keymap) -> WizardOutcome<Self::Spec> {
        ClusterWizard::handle_key(self, key, keymap)
    }

    fn hints(&self, keymap: &Keymap) -> Vec<(String, String)> {
        ClusterWizard::hints(self, keymap)
    }

    fn set_submit_error(&mut self, message: String) {
        ClusterWizard::set_submit_error(self, message);
    }

    fn cancel_discard(&mut self) {
        ClusterWizard::cancel_discard(self);
    }

    fn take_wanted(&mut self) -> Option<Job> {
        if self.groups_asked || !self.wants_auto_scaling_groups() {
            return None;
        }
        self.groups_asked = true;
        Some(Job::AutoScalingGroups)
    }

    fn submit_job(spec: Self::Spec) -> Job {
        Job::CreateCluster {
            spec: Box::new(spec),
        }
    }

    fn submitted(&mut self, _cx: &mut Cx) {
        self.flow.set_progress(Vec::new());
    }

    fn on_outcome(&mut self, outcome: Outcome, cx: &mut Cx) {
        match outcome {
            Outcome::AutoScalingGroups(result) => {
                self.set_auto_scaling_groups(result.map_err(|e| e.to_string()));
            }
            Outcome::Progress { step, line } => self.flow.set_step(step, line),
            Outcome::ClusterCreated(result) => self.on_created(cx, result),
            _ => {}
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, theme: &Theme, read_only: bool) {
        super::view::render(frame, area, self, theme, read_only);
    }
}

impl ClusterWizard {
    fn on_created(&mut self, cx: &mut Cx, result: Result<Box<CreatedCluster>, AwsError>) {
        match result {
            Ok(created) => {
                let mut lines = vec![format!(
                    "Created cluster {} ({}).",
                    created.cluster.name, created.cluster.arn
                )];
                if let Some(ns) = &created.namespace {
                    lines.push(format!(
                        "Created namespace {} ({}) as its default.",
                        ns.name, ns.id
                    ));
                }
                if let Some(cp) = &created.capacity_provider_arn {
                    lines.push(format!("Created capacity provider {cp}."));
                }
                match &created.activation {
                    Some(Ok(a)) => {
                        lines.push(String::new());
                        lines.push(format!("ECS Anywhere activation {} in {}.", a.id, a.region));
                        lines.push("The activation code is shown only now: copy the command (ctrl-y) and run it on each".into());
                        lines.push("external instance (it installs the agent and registers it with the cluster).".into());
                        lines.push(String::new());
                        lines.push(a.registration_command.clone());
                    }
                    Some(Err(e)) => {
                        lines.push(format!(
                            "The cluster exists, but the SSM activation failed: {e}"
                        ));
                        lines.push("Create one later with `aws ssm create-activation`.".into());
                    }
                    None => {}
                }
                let name = created.cluster.name.clone();
                self.set_result(lines);
                cx.info(format!("created cluster {name}"));
            }
            Err(e) => {
                // A retry runs the preflight again, which finds a cluster this attempt made.
                let line = e.write_failure("create the cluster");
                cx.error(format!("{line} — the form is kept"));
                self.set_submit_error(line);
            }
        }
    }
}
