//! update() for the create task definition wizard: it owns the keyboard while open; its outcomes
//! become effects (roles, submit, copy, save) and its results come back here.

use crossterm::event::KeyEvent;

use crate::action::Effect;
use crate::aws::errors::AwsError;
use crate::aws::iam::Role;
use crate::model::TaskDefinition;
use crate::state::{Confirm, Level, Overlay, PendingOp, RevisionsState, Route, State};
use crate::wizard::{TaskDefWizard, WizardOutcome};

/// `c`: a new definition from scratch on the families list, or pre-filled from the selected
/// revision (a new revision of it) on the revisions list.
pub(super) fn open(state: &mut State) -> Vec<Effect> {
    let families = state.families.data.data.clone().unwrap_or_default();
    let region = state.config.region.clone();
    let wizard = match state.route() {
        Route::Revisions(r) => {
            let rows = r.rows(&state.taskdef_cache);
            let base = r
                .table
                .selected_row(&rows)
                .and_then(|row| state.taskdef_cache.get(&row.key));
            match base {
                Some(td) => TaskDefWizard::from_revision(td, &region, families),
                None => {
                    state.set_status(Level::Info, "still describing this revision…");
                    return Vec::new();
                }
            }
        }
        _ => TaskDefWizard::new(&region, families),
    };
    state.routes.push(Route::TaskDefWizard(Box::new(wizard)));
    vec![Effect::LoadRoles]
}

fn wizard_mut(state: &mut State) -> Option<&mut TaskDefWizard> {
    match state.routes.last_mut() {
        Some(Route::TaskDefWizard(w)) => Some(w),
        _ => None,
    }
}

/// Every key but Ctrl-C goes to the wizard while it is on top.
pub(super) fn on_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let keymap = state.keymap.clone();
    let read_only = state.config.read_only;
    let Some(wizard) = wizard_mut(state) else {
        return Vec::new();
    };
    match wizard.handle_key(key, &keymap) {
        WizardOutcome::None => Vec::new(),
        WizardOutcome::Submit(request) => {
            if read_only {
                wizard.set_submit_error(
                    "read-only mode: registering is disabled (tecs was started with --read-only)"
                        .into(),
                );
                return Vec::new();
            }
            state.set_status(Level::Info, "registering…");
            vec![Effect::SubmitTaskDefinition {
                json: request.json,
                log_groups: request.create_log_groups,
            }]
        }
        WizardOutcome::Cancel => {
            state.routes.pop();
            Vec::new()
        }
        WizardOutcome::AskDiscard => {
            state.overlay = Some(Overlay::confirm(Confirm::new(
                "Discard the form",
                vec!["Discard everything typed in this form?".into()],
                "Discard",
                PendingOp::DiscardWizard,
            )));
            Vec::new()
        }
        WizardOutcome::Copy(text) => {
            state.set_status(Level::Info, "copied to the clipboard (OSC 52)");
            vec![Effect::Clipboard { text }]
        }
        WizardOutcome::Save { path, contents } => vec![Effect::SaveFile { path, contents }],
    }
}

/// The discard dialog's answer.
pub(super) fn on_discard(state: &mut State, discard: bool) {
    if discard {
        if matches!(state.route(), Route::TaskDefWizard(_)) {
            state.routes.pop();
        }
    } else if let Some(w) = wizard_mut(state) {
        w.cancel_discard();
    }
}

pub(super) fn on_roles(state: &mut State, result: Result<Vec<Role>, AwsError>) {
    state.dirty = true;
    if let Some(w) = wizard_mut(state) {
        w.set_roles(result.map_err(|e| e.to_string()));
    }
}

/// Registered: land on the new revision, selected in its family's revisions. Refused: the form
/// stays as typed with the error.
pub(super) fn on_submitted(
    state: &mut State,
    result: Result<Box<TaskDefinition>, AwsError>,
) -> Vec<Effect> {
    state.dirty = true;
    match result {
        Ok(td) => {
            if matches!(state.route(), Route::TaskDefWizard(_)) {
                state.routes.pop();
            }
            let family = td.family.clone();
            let arn = td.arn.clone();
            let label = td.label();
            state.families.summaries.remove(&family);
            state.taskdef_cache.insert(arn.clone(), *td);
            if !matches!(state.route(), Route::Revisions(r) if r.family == family) {
                state
                    .routes
                    .push(Route::Revisions(Box::new(RevisionsState::new(&family))));
            }
            if let Some(Route::Revisions(r)) = state.routes.last_mut() {
                // Selected as soon as the list (reloaded below) contains it.
                r.table.selected_key = Some(arn);
                r.data.in_flight = None;
            }
            state.set_status(Level::Info, format!("registered {label}"));
            return super::load_current(state);
        }
        Err(e) => {
            state.set_status(
                Level::Error,
                format!("register failed: {e} — the form is kept"),
            );
            if let Some(w) = wizard_mut(state) {
                w.set_submit_error(e.to_string());
            }
        }
    }
    Vec::new()
}

pub(super) fn on_saved(state: &mut State, path: String, result: Result<(), String>) {
    state.dirty = true;
    match result {
        Ok(()) => state.set_status(Level::Info, format!("saved {path}")),
        Err(e) => state.set_status(Level::Error, e),
    }
}
