//! update() for the create cluster and create namespace wizards: open them, hand them the keys,
//! fetch the lists they ask for (Auto Scaling groups, VPCs), run the create with progress, and show
//! the result (for ECS Anywhere, the registration command, whose code is shown only once).

use crossterm::event::KeyEvent;

use crate::action::Effect;
use crate::aws::cluster_admin::{AutoScalingGroupSummary, CreatedCluster};
use crate::aws::errors::AwsError;
use crate::aws::namespace_admin::VpcSummary;
use crate::form::flow::CreateOutcome;
use crate::model::namespace::Namespace;
use crate::state::{Confirm, Level, Overlay, PendingOp, Route, State};
use crate::wizard::cluster::ClusterWizard;
use crate::wizard::namespace::NamespaceWizard;

/// `c` on the clusters: the wizard offers the region's namespaces, so they are fetched first.
pub(super) fn open_cluster_wizard(state: &mut State) -> Vec<Effect> {
    let Some(namespaces) = state.namespaces.data.data.as_ref() else {
        state.open_cluster_wizard = true;
        state.set_status(Level::Info, "loading the namespaces for the wizard…");
        if state.namespaces.data.is_loading() {
            return Vec::new();
        }
        let id = state.request_id();
        state.namespaces.data.start(id, state.now);
        return vec![Effect::LoadNamespaces { request: id }];
    };
    let names: Vec<String> = namespaces.iter().map(|n| n.name.clone()).collect();
    let existing: Vec<String> = state
        .clusters
        .data
        .data
        .as_deref()
        .unwrap_or_default()
        .iter()
        .filter(|c| c.status != "INACTIVE")
        .map(|c| c.name.clone())
        .collect();
    state.open_cluster_wizard = false;
    state
        .routes
        .push(Route::ClusterWizard(Box::new(ClusterWizard::new(
            existing, names,
        ))));
    Vec::new()
}

/// After the namespaces arrive: open the wizard if `c` was waiting for them.
pub(super) fn after_namespaces(state: &mut State) -> Vec<Effect> {
    if state.open_cluster_wizard && state.namespaces.data.data.is_some() {
        state.status = None;
        return open_cluster_wizard(state);
    }
    state.open_cluster_wizard = false;
    Vec::new()
}

/// `c` on the namespaces.
pub(super) fn open_namespace_wizard(state: &mut State) -> Vec<Effect> {
    let existing: Vec<Namespace> = state.namespaces.data.data.clone().unwrap_or_default();
    state
        .routes
        .push(Route::NamespaceWizard(Box::new(NamespaceWizard::new(
            existing,
        ))));
    Vec::new()
}

fn ask_discard(state: &mut State) {
    state.overlay = Some(Overlay::confirm(Confirm::new(
        "Discard the form",
        vec!["Discard everything typed in this form?".into()],
        "Discard",
        PendingOp::DiscardWizard,
    )));
}

fn read_only_refusal(state: &State) -> Option<String> {
    state.config.read_only.then(|| {
        "read-only mode: creating is disabled (tecs was started with --read-only)".to_string()
    })
}

/// Keys for whichever create wizard is on top.
pub(super) fn on_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let keymap = state.keymap.clone();
    let refusal = read_only_refusal(state);
    let mut effects = Vec::new();
    match state.routes.last_mut() {
        Some(Route::ClusterWizard(w)) => match w.handle_key(key, &keymap) {
            CreateOutcome::None => {}
            CreateOutcome::Submit(spec) => match refusal {
                Some(text) => w.set_submit_error(text),
                None => effects.push(Effect::CreateCluster {
                    spec: Box::new(spec),
                }),
            },
            CreateOutcome::Cancel => {
                state.routes.pop();
                return super::load_current(state);
            }
            CreateOutcome::AskDiscard => ask_discard(state),
            CreateOutcome::Copy(text) => effects.push(Effect::Clipboard { text }),
        },
        Some(Route::NamespaceWizard(w)) => match w.handle_key(key, &keymap) {
            CreateOutcome::None => {}
            CreateOutcome::Submit(spec) => match refusal {
                Some(text) => w.set_submit_error(text),
                None => effects.push(Effect::CreateNamespace {
                    spec: Box::new(spec),
                }),
            },
            CreateOutcome::Cancel => {
                state.routes.pop();
                return super::load_current(state);
            }
            CreateOutcome::AskDiscard => ask_discard(state),
            CreateOutcome::Copy(text) => effects.push(Effect::Clipboard { text }),
        },
        _ => {}
    }
    if effects.iter().any(|e| {
        matches!(
            e,
            Effect::CreateCluster { .. } | Effect::CreateNamespace { .. }
        )
    }) {
        state.progress.clear();
    }
    effects.extend(fetch_lists(state));
    effects
}

/// Fetches the list a wizard now asks for, once.
fn fetch_lists(state: &mut State) -> Vec<Effect> {
    if state.wizard_list_loading {
        return Vec::new();
    }
    let effect = match state.route() {
        Route::ClusterWizard(w) if w.wants_auto_scaling_groups() => Effect::LoadAutoScalingGroups,
        Route::NamespaceWizard(w) if w.wants_vpcs() => Effect::LoadVpcs,
        _ => return Vec::new(),
    };
    state.wizard_list_loading = true;
    vec![effect]
}

pub(super) fn on_auto_scaling_groups(
    state: &mut State,
    result: Result<Vec<AutoScalingGroupSummary>, AwsError>,
) {
    state.wizard_list_loading = false;
    state.dirty = true;
    if let Some(Route::ClusterWizard(w)) = state.routes.last_mut() {
        w.set_auto_scaling_groups(result.map_err(|e| e.to_string()));
    }
}

pub(super) fn on_vpcs(state: &mut State, result: Result<Vec<VpcSummary>, AwsError>) {
    state.wizard_list_loading = false;
    state.dirty = true;
    if let Some(Route::NamespaceWizard(w)) = state.routes.last_mut() {
        w.set_vpcs(result.map_err(|e| e.to_string()));
    }
}

/// A step moved on: the latest line per step is shown.
pub(super) fn on_progress(state: &mut State, step: usize, line: String) {
    state.dirty = true;
    let i = step.saturating_sub(1);
    if state.progress.len() <= i {
        state.progress.resize(i + 1, String::new());
    }
    state.progress[i] = line;
    let lines = state.progress.clone();
    match state.routes.last_mut() {
        Some(Route::ClusterWizard(w)) => w.set_progress(lines),
        Some(Route::NamespaceWizard(w)) => w.set_progress(lines),
        _ => {}
    }
}

pub(super) fn on_cluster_created(state: &mut State, result: Result<Box<CreatedCluster>, AwsError>) {
    state.dirty = true;
    let Some(Route::ClusterWizard(w)) = state.routes.last_mut() else {
        return;
    };
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
            w.set_result(lines);
            state.set_status(Level::Info, format!("created cluster {name}"));
            // The list underneath shows it on return.
            state.clusters.data.in_flight = None;
        }
        Err(e) => {
            w.set_submit_error(e.to_string());
            state.set_status(
                Level::Error,
                format!("create failed: {e} — the form is kept"),
            );
        }
    }
}

pub(super) fn on_namespace_created(state: &mut State, result: Result<Box<Namespace>, AwsError>) {
    state.dirty = true;
    let Some(Route::NamespaceWizard(w)) = state.routes.last_mut() else {
        return;
    };
    match result {
        Ok(ns) => {
            w.set_result(vec![format!(
                "Created namespace {} ({}, {}).",
                ns.name,
                ns.id,
                ns.kind.label()
            )]);
            state.set_status(Level::Info, format!("created namespace {}", ns.name));
            state.namespaces.data.in_flight = None;
        }
        Err(e) => {
            w.set_submit_error(e.to_string());
            state.set_status(
                Level::Error,
                format!("create failed: {e} — the form is kept"),
            );
        }
    }
}

/// The discard dialog's answer for these wizards.
pub(super) fn on_discard(state: &mut State, discard: bool) -> bool {
    match state.routes.last_mut() {
        Some(Route::ClusterWizard(w)) if !discard => w.cancel_discard(),
        Some(Route::NamespaceWizard(w)) if !discard => w.cancel_discard(),
        Some(Route::ClusterWizard(_) | Route::NamespaceWizard(_)) => {
            state.routes.pop();
        }
        _ => return false,
    }
    true
}
