//! update() for the task definition screens: families, revisions, one revision, and the
//! deregister/delete flows through the confirmation dialog.

use std::time::SystemTime;

use super::settle;
use crate::action::Effect;
use crate::aws::errors::AwsError;
use crate::model::{RevisionRef, TaskDefinition};
use crate::state::{
    Confirm, Level, Overlay, PendingOp, RevisionDetailState, RevisionsState, Route, State, TextPage,
};

/// Starts the families load for the current status toggle and prefix.
pub(super) fn load_families(state: &mut State) -> Vec<Effect> {
    if state.families.data.is_loading() {
        return Vec::new();
    }
    let id = state.request_id();
    state.families.data.start(id, state.now);
    let prefix = Some(state.families.prefix.clone()).filter(|p| !p.is_empty());
    vec![Effect::LoadFamilies {
        request: id,
        status: state.families.status,
        prefix,
    }]
}

/// Reloads families with new parameters: a load in flight for the old ones is abandoned (its
/// result no longer matches the request id and is dropped).
pub(super) fn reload_families(state: &mut State) -> Vec<Effect> {
    state.families.data.in_flight = None;
    state.families.data.data = None;
    state.refresh_generation = state.refresh_generation.wrapping_add(1);
    load_families(state)
}

/// Starts the revisions load of the family on top of the stack.
pub(super) fn load_revisions(state: &mut State) -> Vec<Effect> {
    let id = state.request_id();
    let now = state.now;
    match state.routes.last_mut() {
        Some(Route::Revisions(r)) if !r.data.is_loading() => {
            r.data.start(id, now);
            vec![Effect::LoadRevisions {
                request: id,
                family: r.family.clone(),
            }]
        }
        _ => Vec::new(),
    }
}

pub(super) fn on_families_loaded(
    state: &mut State,
    request: u64,
    result: Result<Vec<String>, AwsError>,
) -> Vec<Effect> {
    if !state
        .families
        .data
        .finish(request, result, SystemTime::now())
    {
        return Vec::new();
    }
    state.dirty = true;
    let rows = state.families.rows();
    state.families.table.reconcile(&rows);
    let on_screen = matches!(state.route(), Route::TaskDefFamilies);
    let mut effects = lazy_describe(state);
    effects.extend(settle(state, state.families.data.outcome(), on_screen));
    effects
}

pub(super) fn on_revisions_loaded(
    state: &mut State,
    request: u64,
    result: Result<Vec<RevisionRef>, AwsError>,
) -> Vec<Effect> {
    let Some(Route::Revisions(r)) = state.routes.last_mut() else {
        return Vec::new();
    };
    if !r.data.finish(request, result, SystemTime::now()) {
        return Vec::new();
    }
    // Marks of revisions that are gone (deleted elsewhere) are dropped.
    let present: Vec<String> = r
        .data
        .data
        .as_deref()
        .unwrap_or_default()
        .iter()
        .map(|x| x.arn.clone())
        .collect();
    r.marked.retain(|a| present.contains(a));
    let outcome = r.data.outcome();
    state.dirty = true;
    reconcile_revisions(state);
    let mut effects = lazy_describe(state);
    effects.extend(settle(state, outcome, true));
    effects
}

fn reconcile_revisions(state: &mut State) {
    let cache = &state.taskdef_cache;
    if let Some(Route::Revisions(r)) = state.routes.last_mut() {
        let rows = r.rows(cache);
        r.table.reconcile(&rows);
    }
}

/// Describes what is on screen and not cached yet: visible revision rows, or the open revision;
/// on the families list, the summaries of the families on screen.
pub(super) fn lazy_describe(state: &mut State) -> Vec<Effect> {
    if matches!(state.route(), Route::TaskDefFamilies) {
        let height = state.page_height();
        let families = state.families.unsummarized_visible(height);
        if families.is_empty() {
            return Vec::new();
        }
        state.families.summarizing.extend(families.iter().cloned());
        return vec![Effect::SummarizeFamilies { families }];
    }
    let height = state.page_height();
    let wanted: Vec<String> = match state.route() {
        Route::Revisions(r) => r.visible_arns(&state.taskdef_cache, height),
        Route::RevisionDetail(d) => vec![d.arn.clone()],
        _ => Vec::new(),
    };
    let missing: Vec<String> = wanted
        .into_iter()
        .filter(|a| !state.taskdef_cache.contains_key(a) && !state.describing.contains(a))
        .collect();
    if missing.is_empty() {
        return Vec::new();
    }
    state.describing.extend(missing.iter().cloned());
    vec![Effect::DescribeTaskDefs { arns: missing }]
}

pub(super) fn on_summarized(
    state: &mut State,
    results: Vec<(String, crate::aws::task_definitions::FamilySummaryResult)>,
) {
    for (family, result) in results {
        state.families.summarizing.remove(&family);
        match result {
            Ok((summary, latest)) => {
                state.families.summaries.insert(family, summary);
                if let Some(td) = latest {
                    state.taskdef_cache.insert(td.arn.clone(), td);
                }
            }
            Err(e) => state.set_status(Level::Error, e.to_string()),
        }
    }
    state.dirty = true;
}

pub(super) fn on_described(
    state: &mut State,
    results: Vec<(String, Result<TaskDefinition, AwsError>)>,
) {
    for (arn, result) in results {
        state.describing.remove(&arn);
        match result {
            // Keyed by the real ARN: the request may have named `family:rev`.
            Ok(td) => {
                state.taskdef_cache.insert(td.arn.clone(), td);
            }
            Err(e) => state.set_status(Level::Error, e.to_string()),
        }
    }
    state.dirty = true;
    reconcile_revisions(state);
}

/// Enter on a family: its revisions.
pub(super) fn open_family(state: &mut State) -> Vec<Effect> {
    let Some(family) = state.families.selected() else {
        return Vec::new();
    };
    state
        .routes
        .push(Route::Revisions(Box::new(RevisionsState::new(&family))));
    load_revisions(state)
}

/// Enter on a revision: its page.
pub(super) fn open_revision(state: &mut State) -> Vec<Effect> {
    let Route::Revisions(r) = state.route().clone() else {
        return Vec::new();
    };
    let rows = r.rows(&state.taskdef_cache);
    let Some(row) = r.table.selected_row(&rows) else {
        return Vec::new();
    };
    let label = r
        .data
        .data
        .as_deref()
        .unwrap_or_default()
        .iter()
        .find(|x| x.arn == row.key)
        .map(RevisionRef::label)
        .unwrap_or_else(|| row.key.clone());
    state
        .routes
        .push(Route::RevisionDetail(RevisionDetailState {
            arn: row.key.clone(),
            label,
            scroll: 0,
        }));
    lazy_describe(state)
}

/// `d` on a revision (row or page): its JSON exactly as the API returned it.
pub(super) fn describe_revision(state: &mut State) {
    let arn = match state.route() {
        Route::Revisions(r) => {
            let rows = r.rows(&state.taskdef_cache);
            r.table.selected_row(&rows).map(|row| row.key.clone())
        }
        Route::RevisionDetail(d) => Some(d.arn.clone()),
        _ => None,
    };
    let Some(td) = arn.and_then(|a| state.taskdef_cache.get(&a)) else {
        state.set_status(Level::Info, "still describing this revision…");
        return;
    };
    let text = serde_json::to_string_pretty(&td.json)
        .unwrap_or_else(|e| format!("(cannot show JSON: {e})"));
    let title = format!("{} json", td.label());
    state.routes.push(Route::Json(TextPage::new(
        title,
        &text,
        Some(td.arn.clone()),
    )));
}

/// Space: mark or unmark the revision under the cursor, then move down.
pub(super) fn toggle_mark(state: &mut State) {
    let cache = &state.taskdef_cache;
    if let Some(Route::Revisions(r)) = state.routes.last_mut() {
        let rows = r.rows(cache);
        if let Some(row) = r.table.selected_row(&rows) {
            let arn = row.key.clone();
            if !r.marked.remove(&arn) {
                r.marked.insert(arn);
            }
            let rows = r.rows(cache);
            r.table.move_by(&rows, 1);
        }
    }
}

/// The revisions a deregister/delete applies to, from the list or the open revision page.
fn targets(state: &State) -> Vec<RevisionRef> {
    match state.route() {
        Route::Revisions(r) => r.targets(&state.taskdef_cache),
        Route::RevisionDetail(d) => {
            let status = state
                .taskdef_cache
                .get(&d.arn)
                .map(|t| t.status.clone())
                .unwrap_or_else(|| "ACTIVE".into());
            RevisionRef::from_arn(&d.arn, &status).into_iter().collect()
        }
        _ => Vec::new(),
    }
}

fn refuse_read_only(state: &mut State, what: &str) -> bool {
    if state.config.read_only {
        state.set_status(
            Level::Error,
            format!("read-only mode: {what} is disabled (tecs was started with --read-only)"),
        );
    }
    state.config.read_only
}

/// `D`: asks before deregistering the marked revisions (or the selected one).
pub(super) fn ask_deregister(state: &mut State) {
    if refuse_read_only(state, "deregister") {
        return;
    }
    let targets: Vec<RevisionRef> = targets(state)
        .into_iter()
        .filter(|r| r.status == "ACTIVE")
        .collect();
    if targets.is_empty() {
        state.set_status(
            Level::Error,
            "nothing to deregister: only ACTIVE revisions can be deregistered",
        );
        return;
    }
    let mut lines = vec![format!(
        "Are you sure you want to deregister the following task definition:revision{}?",
        if targets.len() > 1 { "s" } else { "" }
    )];
    lines.push(String::new());
    lines.extend(targets.iter().map(|r| format!("  {}", r.label())));
    lines.push(String::new());
    lines.push(
        "Running tasks and services that use them keep running; new tasks and services".into(),
    );
    lines.push("cannot be started from an INACTIVE revision.".into());
    state.overlay = Some(Overlay::confirm(Confirm::new(
        "Deregister task definition",
        lines,
        format!("Deregister {}", targets.len()),
        PendingOp::DeregisterTaskDefinitions {
            arns: targets.iter().map(|r| r.arn.clone()).collect(),
        },
    )));
}

/// `X`: asks before deleting INACTIVE revisions; ACTIVE ones are refused with the reason.
pub(super) fn ask_delete(state: &mut State) {
    if refuse_read_only(state, "delete") {
        return;
    }
    let all = targets(state);
    let (inactive, active): (Vec<RevisionRef>, Vec<RevisionRef>) =
        all.into_iter().partition(|r| r.status == "INACTIVE");
    if inactive.is_empty() {
        state.set_status(
            Level::Error,
            "only INACTIVE revisions can be deleted: deregister them first (D)",
        );
        return;
    }
    let mut lines = vec![
        "Permanently delete these INACTIVE task definition revisions?".to_string(),
        String::new(),
    ];
    lines.extend(inactive.iter().map(|r| format!("  {}", r.label())));
    if !active.is_empty() {
        lines.push(String::new());
        lines.push(format!(
            "Skipped (still ACTIVE, deregister first): {}",
            active
                .iter()
                .map(RevisionRef::label)
                .collect::<Vec<_>>()
                .join(", ")
        ));
    }
    lines.push(String::new());
    lines.push("Deletion cannot be undone.".into());
    state.overlay = Some(Overlay::confirm(Confirm::new(
        "Delete task definitions",
        lines,
        format!("Delete {}", inactive.len()),
        PendingOp::DeleteTaskDefinitions {
            arns: inactive.iter().map(|r| r.arn.clone()).collect(),
        },
    )));
}

/// Per-revision results; the list updates in place.
pub(super) fn on_deregistered(state: &mut State, results: Vec<(String, Result<(), AwsError>)>) {
    apply_results(state, results, "deregistered", |state, arn| {
        if let Some(td) = state.taskdef_cache.get_mut(arn) {
            td.status = "INACTIVE".into();
        }
        for route in state.routes.iter_mut() {
            if let Route::Revisions(r) = route {
                r.set_status(arn, "INACTIVE");
                r.marked.remove(arn);
            }
        }
    });
}

pub(super) fn on_deleted(state: &mut State, results: Vec<(String, Result<(), AwsError>)>) {
    apply_results(state, results, "deleted", |state, arn| {
        state.taskdef_cache.remove(arn);
        for route in state.routes.iter_mut() {
            if let Route::Revisions(r) = route {
                r.set_status(arn, "DELETE_IN_PROGRESS");
                r.marked.remove(arn);
            }
        }
    });
}

fn apply_results(
    state: &mut State,
    results: Vec<(String, Result<(), AwsError>)>,
    verb: &str,
    mut on_ok: impl FnMut(&mut State, &str),
) {
    let mut done = Vec::new();
    let mut failed = Vec::new();
    for (arn, result) in results {
        let label = RevisionRef::from_arn(&arn, "")
            .map(|r| r.label())
            .unwrap_or_else(|| arn.clone());
        match result {
            Ok(()) => {
                on_ok(state, &arn);
                // The family's ACTIVE count changed: fetch its summary again when shown.
                if let Some(r) = RevisionRef::from_arn(&arn, "") {
                    state.families.summaries.remove(&r.family);
                }
                done.push(label);
            }
            Err(e) => failed.push(format!("{label}: {}", e.message)),
        }
    }
    reconcile_revisions(state);
    state.dirty = true;
    if failed.is_empty() {
        state.set_status(Level::Info, format!("{verb} {}", done.join(", ")));
    } else {
        state.set_status(
            Level::Error,
            format!(
                "{verb} {} of {}; failed: {}",
                done.len(),
                done.len() + failed.len(),
                failed.join("; ")
            ),
        );
    }
}

/// `v`: the registerable JSON of two marked revisions, or of the selected one against its
/// predecessor, as a line diff.
pub(super) fn diff(state: &mut State) -> Vec<Effect> {
    let pair = match state.route() {
        Route::Revisions(r) => {
            let all = r.data.data.as_deref().unwrap_or_default();
            if r.marked.len() == 2 {
                let marked: Vec<&RevisionRef> =
                    all.iter().filter(|x| r.marked.contains(&x.arn)).collect();
                // Newest first in the list: the older one is the left side.
                marked
                    .get(1)
                    .zip(marked.first())
                    .map(|(a, b)| (a.arn.clone(), b.arn.clone()))
            } else {
                let rows = r.rows(&state.taskdef_cache);
                let key = r.table.selected_row(&rows).map(|row| row.key.clone());
                let pos = all.iter().position(|x| Some(&x.arn) == key.as_ref());
                pos.and_then(|p| {
                    all.get(p + 1)
                        .map(|older| (older.arn.clone(), all[p].arn.clone()))
                })
            }
        }
        Route::RevisionDetail(d) => state.routes.iter().rev().find_map(|route| match route {
            Route::Revisions(r) => {
                let all = r.data.data.as_deref().unwrap_or_default();
                let p = all.iter().position(|x| x.arn == d.arn)?;
                all.get(p + 1)
                    .map(|older| (older.arn.clone(), d.arn.clone()))
            }
            _ => None,
        }),
        _ => None,
    };
    let Some((old, new)) = pair else {
        state.set_status(
            Level::Info,
            "mark two revisions (space), or select one that has a predecessor",
        );
        return Vec::new();
    };
    let missing: Vec<String> = [&old, &new]
        .into_iter()
        .filter(|a| !state.taskdef_cache.contains_key(*a) && !state.describing.contains(*a))
        .cloned()
        .collect();
    let (Some(a), Some(b)) = (state.taskdef_cache.get(&old), state.taskdef_cache.get(&new)) else {
        state.set_status(
            Level::Info,
            "describing the revisions… press v again in a moment",
        );
        state.describing.extend(missing.iter().cloned());
        return if missing.is_empty() {
            Vec::new()
        } else {
            vec![Effect::DescribeTaskDefs { arns: missing }]
        };
    };
    let left = serde_json::to_string_pretty(&crate::model::task_definition::registerable_json(
        &a.json, &a.tags,
    ))
    .unwrap_or_default();
    let right = serde_json::to_string_pretty(&crate::model::task_definition::registerable_json(
        &b.json, &b.tags,
    ))
    .unwrap_or_default();
    let mut page = TextPage::new(format!("{} → {} diff", a.label(), b.label()), "", None);
    page.lines = crate::state::drafts::line_diff(&left, &right);
    page.diff = true;
    // Open at the first change, with a little context above it.
    let first = page
        .lines
        .iter()
        .position(|l| l.starts_with("+ ") || l.starts_with("- "));
    page.scroll = first.map_or(0, |i| i.saturating_sub(3));
    if first.is_none() {
        state.set_status(Level::Info, "the two revisions register the same JSON");
    }
    state.routes.push(Route::Json(page));
    Vec::new()
}

/// "Deregister all but the newest N": marks every other ACTIVE revision and asks.
pub(super) fn keep_newest(state: &mut State, n: &str) {
    let Ok(n) = n.trim().parse::<usize>() else {
        state.set_status(
            Level::Error,
            format!("{n:?} is not a number of revisions to keep"),
        );
        return;
    };
    let cache = &state.taskdef_cache;
    let Some(Route::Revisions(r)) = state.routes.last_mut() else {
        return;
    };
    let active: Vec<String> = r
        .data
        .data
        .as_deref()
        .unwrap_or_default()
        .iter()
        .filter(|x| x.status == "ACTIVE")
        .map(|x| x.arn.clone())
        .collect();
    let family = r.family.clone();
    if active.len() <= n {
        state.set_status(
            Level::Info,
            format!(
                "{family} has {} ACTIVE revision(s): nothing to deregister",
                active.len()
            ),
        );
        return;
    }
    r.marked = active.into_iter().skip(n).collect();
    let rows = r.rows(cache);
    r.table.reconcile(&rows);
    ask_deregister(state);
}

/// `y` / `Y`: the ARN or the JSON of what is on screen, to the clipboard with OSC 52.
pub(super) fn copy(state: &mut State, json: bool) -> Vec<Effect> {
    let (what, text) = match (state.route(), json) {
        (Route::Json(page), true) => ("JSON", Some(page.lines.join("\n"))),
        (Route::Json(page), false) => ("ARN", page.arn.clone()),
        (Route::RevisionDetail(d), true) => (
            "JSON",
            state
                .taskdef_cache
                .get(&d.arn)
                .map(|t| serde_json::to_string_pretty(&t.json).unwrap_or_default()),
        ),
        (Route::RevisionDetail(d), false) => ("ARN", Some(d.arn.clone())),
        (Route::Revisions(r), _) => {
            let rows = r.rows(&state.taskdef_cache);
            (
                "ARN",
                r.table.selected_row(&rows).map(|row| row.key.clone()),
            )
        }
        _ => ("", None),
    };
    match text {
        Some(text) => {
            state.set_status(
                Level::Info,
                format!("copied the {what} to the clipboard (OSC 52)"),
            );
            vec![Effect::Clipboard { text }]
        }
        None => Vec::new(),
    }
}

/// `R` / `C` on a revision: an INACTIVE revision is refused with the reason; the run-task and
/// create-service flows themselves come with the services work.
pub(super) fn deploy(state: &mut State, what: &str) {
    let Some(target) = targets(state).into_iter().next() else {
        return;
    };
    if target.status != "ACTIVE" {
        state.set_status(
            Level::Error,
            format!(
                "{} is {}: an INACTIVE revision cannot {what}",
                target.label(),
                target.status
            ),
        );
    } else {
        state.set_status(
            Level::Info,
            format!("{what} from {}: this flow is not built yet (services and tasks issue); nothing was started", target.label()),
        );
    }
}
