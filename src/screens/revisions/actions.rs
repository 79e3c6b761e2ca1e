//! What the revision list and a revision's page both do: describe revisions for the cache, show
//! the JSON, deregister and delete through the confirmation dialog, diff, edit, and the deploy
//! entry points.

use crate::domain::json_diff;
use crate::effect::{Job, Outcome, PerItem};
use crate::model::task_definition::ServiceUsage;
use crate::model::{RevisionRef, TaskDefinition};
use crate::screens::Route;
use crate::screens::common;
use crate::screens::cx::{Cx, Notice};
use crate::screens::draft;
use crate::screens::text_page::TextPage;
use crate::state::{Confirm, PendingOp};

/// Describes the revisions in `wanted` that are neither cached nor being described.
pub fn describe(cx: &mut Cx, wanted: Vec<String>) {
    let missing: Vec<String> = wanted
        .into_iter()
        .filter(|a| !cx.shared.taskdefs.contains_key(a) && !cx.shared.describing.contains_key(a))
        .collect();
    if missing.is_empty() {
        return;
    }
    let owner = cx.owner();
    for arn in &missing {
        cx.shared.describing.insert(arn.clone(), owner);
    }
    cx.run(Job::DescribeTaskDefs { arns: missing });
}

/// Descriptions arrived: into the cache, keyed by the real ARN (the request may have named
/// `family:rev`).
pub fn on_described(cx: &mut Cx, results: PerItem<TaskDefinition>) {
    for (asked, result) in results {
        cx.shared.describing.remove(&asked);
        match result {
            Ok(td) => {
                cx.shared.taskdefs.insert(td.arn.clone(), td);
            }
            Err(e) => cx.error(e.to_string()),
        }
    }
    cx.app.dirty = true;
}

/// The revision just older than `arn` in a newest-first list.
pub fn predecessor(all: &[RevisionRef], arn: &str) -> Option<String> {
    let p = all.iter().position(|x| x.arn == arn)?;
    all.get(p + 1).map(|older| older.arn.clone())
}

/// `d` on a revision (row or page): its JSON exactly as the API returned it.
pub fn describe_json(cx: &mut Cx, arn: Option<String>) {
    let Some(td) = arn.and_then(|a| cx.shared.taskdefs.get(&a)).cloned() else {
        cx.info("still describing this revision…");
        return;
    };
    common::open_json(cx, format!("{} json", td.label()), &td.json, Some(td.arn));
}

/// `D`: asks before deregistering the ACTIVE ones of `targets`.
pub fn ask_deregister(cx: &mut Cx, targets: Vec<RevisionRef>) {
    ask_deregister_used(cx, targets, None);
}

/// Asks before deregistering the ACTIVE ones of `targets`, saying for each which services use
/// it when `usage` was looked up (`K`). Services that use a deregistered revision keep running
/// (ECS DeregisterTaskDefinition), so this informs the answer rather than refusing it.
pub fn ask_deregister_used(
    cx: &mut Cx,
    targets: Vec<RevisionRef>,
    usage: Option<&Result<ServiceUsage, String>>,
) {
    if cx.refuse_read_only("deregister") {
        return;
    }
    let targets: Vec<RevisionRef> = targets
        .into_iter()
        .filter(|r| r.status == "ACTIVE")
        .collect();
    if targets.is_empty() {
        cx.error("nothing to deregister: only ACTIVE revisions can be deregistered");
        return;
    }
    let mut lines = vec![format!(
        "Are you sure you want to deregister the following task definition:revision{}?",
        if targets.len() > 1 { "s" } else { "" }
    )];
    lines.push(String::new());
    for r in &targets {
        let used = match usage {
            None => String::new(),
            Some(Ok(Some(map))) => match map.get(&r.arn) {
                Some(services) => format!("   used by {}", services.join(", ")),
                None => "   no service uses it".to_string(),
            },
            Some(Ok(None)) => "   service use not checked (more than 20 clusters)".to_string(),
            Some(Err(e)) => format!("   service use unknown ({e})"),
        };
        lines.push(format!("  {}{used}", r.label()));
    }
    lines.push(String::new());
    lines.push(
        "Running tasks and services that use them keep running; new tasks and services".into(),
    );
    lines.push("cannot be started from an INACTIVE revision.".into());
    cx.confirm(Confirm::new(
        "Deregister task definition",
        lines,
        format!("Deregister {}", targets.len()),
        PendingOp::DeregisterTaskDefinitions {
            arns: targets.iter().map(|r| r.arn.clone()).collect(),
        },
    ));
}

/// `X`: asks before deleting INACTIVE revisions; ACTIVE ones are refused with the reason.
pub fn ask_delete(cx: &mut Cx, targets: Vec<RevisionRef>) {
    if cx.refuse_read_only("delete") {
        return;
    }
    let (inactive, active): (Vec<RevisionRef>, Vec<RevisionRef>) =
        targets.into_iter().partition(|r| r.status == "INACTIVE");
    if inactive.is_empty() {
        cx.error("only INACTIVE revisions can be deleted: deregister them first (D)");
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
    cx.confirm(Confirm::new(
        "Delete task definitions",
        lines,
        format!("Delete {}", inactive.len()),
        PendingOp::DeleteTaskDefinitions {
            arns: inactive.iter().map(|r| r.arn.clone()).collect(),
        },
    ));
}

/// The confirmed deregister and delete.
pub fn on_confirm(op: PendingOp, yes: bool, cx: &mut Cx) {
    if !yes {
        return;
    }
    match op {
        PendingOp::DeregisterTaskDefinitions { arns } => {
            cx.run(Job::DeregisterTaskDefs { arns });
        }
        PendingOp::DeleteTaskDefinitions { arns } => {
            cx.run(Job::DeleteTaskDefs { arns });
        }
        _ => {}
    }
}

/// Deregister, delete and editor results for a revision screen (`on_draft`: the owner is the
/// family's draft page, which handles its own edits).
pub fn on_outcome(outcome: Outcome, cx: &mut Cx, on_draft: bool) {
    match outcome {
        Outcome::Deregistered(results) => apply_results(cx, results, "deregistered", "INACTIVE"),
        Outcome::Deleted(results) => {
            apply_results(cx, results, "deleted", "DELETE_IN_PROGRESS");
        }
        Outcome::Edited {
            family,
            base_arn,
            result,
        } => {
            draft::on_editor_closed(cx, family, base_arn, result, on_draft);
        }
        Outcome::Described(results) => on_described(cx, results),
        _ => {}
    }
}

/// Per-revision results; the lists update in place (through a notice to every screen).
fn apply_results(cx: &mut Cx, results: PerItem<()>, verb: &str, status: &str) {
    let mut done = Vec::new();
    let mut ok_arns = Vec::new();
    let mut failed = Vec::new();
    for (arn, result) in results {
        let label = RevisionRef::from_arn(&arn, "")
            .map(|r| r.label())
            .unwrap_or_else(|| arn.clone());
        match result {
            Ok(()) => {
                if status == "INACTIVE" {
                    if let Some(td) = cx.shared.taskdefs.get_mut(&arn) {
                        td.status = status.to_string();
                    }
                } else {
                    cx.shared.taskdefs.remove(&arn);
                }
                // The family's ACTIVE count changed: fetch its summary again when shown.
                if let Some(r) = RevisionRef::from_arn(&arn, "") {
                    cx.shared.family_summaries.remove(&r.family);
                }
                ok_arns.push(arn);
                done.push(label);
            }
            Err(e) if e.changed_nothing() => {
                failed.push(format!("{label}: {} (nothing changed)", e.message))
            }
            Err(e) => failed.push(format!(
                "{label}: outcome unknown, it may have happened — {} (r shows its status)",
                e.message
            )),
        }
    }
    cx.notify(Notice::RevisionStatus {
        arns: ok_arns,
        status: status.to_string(),
    });
    cx.app.dirty = true;
    if failed.is_empty() {
        cx.info(format!("{verb} {}", done.join(", ")));
    } else {
        cx.error(format!(
            "{verb} {} of {}; failed: {}",
            done.len(),
            done.len() + failed.len(),
            failed.join("; ")
        ));
    }
}

/// A line diff of the registerable JSON of two described revisions (older, newer); asks for
/// descriptions that are missing.
pub fn diff(cx: &mut Cx, pair: Option<(String, String)>) {
    let Some((old, new)) = pair else {
        cx.info("mark two revisions (space), or select one that has a predecessor");
        return;
    };
    let (Some(a), Some(b)) = (
        cx.shared.taskdefs.get(&old).cloned(),
        cx.shared.taskdefs.get(&new).cloned(),
    ) else {
        cx.info("describing the revisions… press v again in a moment");
        describe(cx, vec![old, new]);
        return;
    };
    let old_json = crate::model::task_definition::registerable_json(&a.json, &a.tags);
    let new_json = crate::model::task_definition::registerable_json(&b.json, &b.tags);
    // Name-keyed lists (environment, secrets, ports, mounts) are compared by name: a reordering
    // is said once, not shown as changed values.
    let left = serde_json::to_string_pretty(&json_diff::normalized(&old_json)).unwrap_or_default();
    let right = serde_json::to_string_pretty(&json_diff::normalized(&new_json)).unwrap_or_default();
    let mut page = TextPage::new(format!("{} → {} diff", a.label(), b.label()), "", None);
    let reordered = json_diff::order_only_changes(&old_json, &new_json);
    page.lines = reordered
        .iter()
        .map(|path| format!("  order changed (same entries): {path}"))
        .collect();
    page.lines
        .extend(crate::state::drafts::line_diff(&left, &right));
    page.diff = true;
    // Open at the first change, with a little context above it.
    let first = page
        .lines
        .iter()
        .position(|l| l.starts_with("+ ") || l.starts_with("- "));
    page.scroll.set(first.map_or(0, |i| i.saturating_sub(3)));
    if first.is_none() {
        cx.info(if reordered.is_empty() {
            "the two revisions register the same JSON"
        } else {
            "the two revisions differ only in the order of some lists"
        });
    }
    cx.push(Route::Text(Box::new(page)));
}

/// `e`: a new revision from `base` (the family's draft if there is one: nothing typed is lost).
pub fn start_edit(cx: &mut Cx, base: Option<String>) {
    let Some(base) = base.and_then(|a| cx.shared.taskdefs.get(&a)).cloned() else {
        cx.info("still describing this revision…");
        return;
    };
    draft::edit(cx, &base);
}

/// What `R` and `C` start from a revision.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Deploy {
    RunTask,
    CreateService,
}

impl Deploy {
    /// "run a task", for "an INACTIVE revision cannot run a task".
    pub fn verb(self) -> &'static str {
        match self {
            Deploy::RunTask => "run a task",
            Deploy::CreateService => "create a service",
        }
    }
}

/// `R` / `C` on a revision: an INACTIVE revision is refused with the reason; an ACTIVE one opens
/// the run-task or create-service wizard preset to it.
pub fn deploy(cx: &mut Cx, target: Option<&RevisionRef>, what: Deploy) {
    let Some(target) = target else {
        return;
    };
    if target.status != "ACTIVE" {
        cx.error(format!(
            "{} is {}: an INACTIVE revision cannot {}",
            target.label(),
            target.status,
            what.verb()
        ));
        return;
    }
    match what {
        Deploy::RunTask => crate::screens::wizards::run_task::open_from_revision(cx, target),
        Deploy::CreateService => crate::screens::wizards::service::open_from_revision(cx, target),
    }
}
