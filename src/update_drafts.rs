//! update() for new revisions edited as JSON in $EDITOR: the draft, its checks and diff, the
//! register confirmation, and what happens on success or refusal. A draft is kept until it is
//! registered or discarded explicitly.

use crate::action::Effect;
use crate::aws::errors::AwsError;
use crate::domain::registerable;
use crate::model::task_definition::registerable_json;
use crate::model::{RevisionRef, TaskDefinition};
use crate::state::drafts::{Draft, line_diff};
use crate::state::{Confirm, Level, Overlay, PendingOp, RevisionDetailState, Route, State};

/// The revision a new revision starts from: the selected row or the open revision page.
fn base_revision(state: &State) -> Option<&TaskDefinition> {
    let arn = match state.route() {
        Route::Revisions(r) => {
            let rows = r.rows(&state.taskdef_cache);
            r.table.selected_row(&rows).map(|row| row.key.clone())
        }
        Route::RevisionDetail(d) => Some(d.arn.clone()),
        Route::Draft(family) => state.drafts.get(family).map(|d| d.base_arn.clone()),
        _ => None,
    }?;
    state.taskdef_cache.get(&arn)
}

/// Pretty registerable JSON of a revision (what the editor starts from, and the diff's left side).
fn base_text(td: &TaskDefinition) -> String {
    serde_json::to_string_pretty(&registerable_json(&td.json, &td.tags)).unwrap_or_default()
}

/// `e`: open the family's draft if there is one (nothing typed is lost), else the base revision's
/// registerable JSON.
pub(super) fn start_edit(state: &mut State) -> Vec<Effect> {
    if let Route::Draft(family) = state.route()
        && let Some(draft) = state.drafts.get(family)
    {
        return vec![Effect::EditText {
            family: family.clone(),
            text: draft.text.clone(),
        }];
    }
    let Some(base) = base_revision(state) else {
        state.set_status(Level::Info, "still describing this revision…");
        return Vec::new();
    };
    let family = base.family.clone();
    let text = match state.drafts.get(&family) {
        Some(draft) => draft.text.clone(),
        None => base_text(base),
    };
    vec![Effect::EditText { family, text }]
}

/// The editor closed: check the text, diff it against the base, and ask before registering.
pub(super) fn on_editor_closed(
    state: &mut State,
    family: String,
    result: Result<String, String>,
) -> Vec<Effect> {
    state.dirty = true;
    let text = match result {
        Ok(text) => text,
        Err(e) => {
            state.set_status(Level::Error, format!("the editor failed: {e}"));
            return Vec::new();
        }
    };
    let base = state
        .drafts
        .get(&family)
        .and_then(|d| state.taskdef_cache.get(&d.base_arn))
        .or_else(|| base_revision(state).filter(|b| b.family == family))
        .cloned();
    let Some(base) = base else {
        state.set_status(
            Level::Error,
            format!("the base revision of {family} is no longer known"),
        );
        return Vec::new();
    };
    let original = base_text(&base);
    if text.trim() == original.trim() && !state.drafts.contains_key(&family) {
        state.set_status(Level::Info, "no changes: nothing to register");
        return Vec::new();
    }
    let (parsed, problems) = match registerable::parse(&text) {
        Ok(json) => {
            let problems = registerable::problems(&json);
            (Some(json), problems)
        }
        Err(e) => (None, vec![e]),
    };
    let diff = match &parsed {
        Some(json) => line_diff(
            &original,
            &serde_json::to_string_pretty(json).unwrap_or_default(),
        ),
        None => Vec::new(),
    };
    let ready = problems.is_empty();
    let mut draft = Draft {
        family: family.clone(),
        base_arn: base.arn.clone(),
        base_label: base.label(),
        text,
        problems,
        parsed,
        diff,
        submitting: false,
        scroll: 0,
    };
    // Open the page at the first change, with a little context above it.
    let first_change = draft
        .page_lines()
        .iter()
        .skip(2)
        .position(|l| l.starts_with("+ ") || l.starts_with("- "));
    draft.scroll = first_change.map_or(0, |i| (i + 2).saturating_sub(3));
    state.drafts.insert(family.clone(), draft);
    if !matches!(state.route(), Route::Draft(f) if *f == family) {
        state.routes.push(Route::Draft(family.clone()));
    }
    if ready {
        ask_register(state, &family);
    } else {
        state.set_status(
            Level::Error,
            "the edit has problems: e edits again, X discards; the text is kept",
        );
    }
    Vec::new()
}

fn ask_register(state: &mut State, family: &str) {
    if state.config.read_only {
        state.set_status(
            Level::Error,
            "read-only mode: register is disabled (tecs was started with --read-only); the draft is kept",
        );
        return;
    }
    let Some(draft) = state.drafts.get(family) else {
        return;
    };
    let changed = draft.diff.iter().filter(|l| !l.starts_with("  ")).count();
    state.overlay = Some(Overlay::confirm(Confirm::new(
        "Register new revision",
        vec![
            format!(
                "Register a new revision of {family} from this edit of {}?",
                draft.base_label
            ),
            String::new(),
            format!("{changed} changed line(s); the diff is on the page behind this dialog."),
            "Running tasks and services keep their revision until they are updated.".into(),
        ],
        "Register",
        PendingOp::RegisterDraft {
            family: family.to_string(),
        },
    )));
}

/// Enter on a draft page: ask to register it when it is ready, else say why not.
pub(super) fn register_current(state: &mut State) {
    let Route::Draft(family) = state.route().clone() else {
        return;
    };
    match state.drafts.get(&family) {
        Some(d) if d.submitting => state.set_status(Level::Info, "registering…"),
        Some(d) if d.is_ready() => ask_register(state, &family),
        Some(d) => {
            let first = d.problems.first().cloned().unwrap_or_default();
            state.set_status(Level::Error, format!("cannot register yet: {first}"));
        }
        None => {}
    }
}

/// `X` on a draft page: discarding is explicit and confirmed.
pub(super) fn ask_discard(state: &mut State) {
    let Route::Draft(family) = state.route().clone() else {
        return;
    };
    state.overlay = Some(Overlay::confirm(Confirm::new(
        "Discard draft",
        vec![format!(
            "Discard your edit of {family}? The text you typed is lost."
        )],
        "Discard",
        PendingOp::DiscardDraft { family },
    )));
}

/// The confirmed draft operations.
pub(super) fn run_op(state: &mut State, op: PendingOp) -> Vec<Effect> {
    match op {
        PendingOp::RegisterDraft { family } => match state.drafts.get_mut(&family) {
            Some(d) if d.is_ready() => {
                d.submitting = true;
                let json = d.parsed.clone().unwrap_or_default();
                state.set_status(
                    Level::Info,
                    format!("registering a new revision of {family}…"),
                );
                vec![Effect::RegisterTaskDefinition { family, json }]
            }
            _ => Vec::new(),
        },
        PendingOp::DiscardDraft { family } => {
            state.drafts.remove(&family);
            if matches!(state.route(), Route::Draft(f) if *f == family) {
                state.routes.pop();
            }
            state.set_status(Level::Info, format!("discarded the draft of {family}"));
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Registered: land on the new revision. Refused: the draft stays, with the API's reason.
pub(super) fn on_registered(
    state: &mut State,
    family: String,
    result: Result<Box<TaskDefinition>, AwsError>,
) -> Vec<Effect> {
    state.dirty = true;
    match result {
        Ok(td) => {
            if matches!(state.route(), Route::Draft(f) if *f == family) {
                state.routes.pop();
            }
            state.drafts.remove(&family);
            land_on_new_revision(state, *td);
        }
        Err(e) => {
            if let Some(d) = state.drafts.get_mut(&family) {
                d.submitting = false;
                d.problems = vec![format!("the API refused it: {e}")];
            }
            state.set_status(
                Level::Error,
                format!("register failed: {e} — the draft is kept (e edits, enter retries)"),
            );
        }
    }
    Vec::new()
}

/// A new revision was registered: show it, put it at the top of its family's list, cache it.
pub(super) fn land_on_new_revision(state: &mut State, td: TaskDefinition) {
    let family = td.family.clone();
    let label = td.label();
    let arn = td.arn.clone();
    state.families.summaries.remove(&family);
    for route in state.routes.iter_mut() {
        if let Route::Revisions(r) = route
            && r.family == family
            && let Some(list) = r.data.data.as_mut()
            && let Some(new) = RevisionRef::from_arn(&arn, &td.status)
        {
            list.insert(0, new);
        }
    }
    state.taskdef_cache.insert(arn.clone(), td);
    state
        .routes
        .push(Route::RevisionDetail(RevisionDetailState {
            arn,
            label: label.clone(),
            scroll: 0,
        }));
    state.set_status(Level::Info, format!("registered {label}"));
}
