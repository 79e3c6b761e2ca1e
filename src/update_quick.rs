//! update() for `tecs deregister family:rev…`: describe the revisions, look for services using
//! them where that is cheap, ask once, deregister, quit; the results are printed after exit.

use crate::action::Effect;
use crate::aws::errors::AwsError;
use crate::model::RevisionRef;
use crate::state::quick::{QuickDeregister, ServiceUsage};
use crate::state::{Confirm, Level, Overlay, PendingOp, Route, State, TextPage};

/// The first effects of the quick path.
pub(super) fn init(state: &mut State, targets: Vec<String>) -> Vec<Effect> {
    state.routes = vec![Route::Json(TextPage::new(
        "tecs deregister",
        &format!("Describing {}…", targets.join(", ")),
        None,
    ))];
    state.describing.extend(targets.iter().cloned());
    state.quick = Some(QuickDeregister {
        targets: targets.clone(),
        ..Default::default()
    });
    vec![Effect::DescribeTaskDefs { arns: targets }]
}

/// Described targets, as typed → ARN. `None` until every target is described or failed.
fn resolved(state: &State) -> Option<Vec<(String, Option<String>)>> {
    let quick = state.quick.as_ref()?;
    if quick.targets.iter().any(|t| state.describing.contains(t)) {
        return None;
    }
    Some(
        quick
            .targets
            .iter()
            .map(|t| {
                let arn = state
                    .taskdef_cache
                    .values()
                    .find(|td| &td.label() == t || &td.arn == t)
                    .map(|td| td.arn.clone());
                (t.clone(), arn)
            })
            .collect(),
    )
}

/// After descriptions arrive: once all are in, look for services using them.
pub(super) fn after_described(state: &mut State) -> Vec<Effect> {
    let Some(targets) = resolved(state) else {
        return Vec::new();
    };
    let Some(quick) = state.quick.as_mut() else {
        return Vec::new();
    };
    if quick.usage.is_some() || quick.asked {
        return Vec::new();
    }
    let arns: Vec<String> = targets.into_iter().filter_map(|(_, a)| a).collect();
    if arns.is_empty() {
        quick.results = quick
            .targets
            .iter()
            .map(|t| {
                (
                    t.clone(),
                    Err("no such task definition revision".to_string()),
                )
            })
            .collect();
        state.should_quit = true;
        return Vec::new();
    }
    vec![Effect::FindServiceUsage { arns }]
}

pub(super) fn on_usage(state: &mut State, result: Result<ServiceUsage, AwsError>) {
    state.dirty = true;
    let Some(targets) = resolved(state) else {
        return;
    };
    let Some(quick) = state.quick.as_mut() else {
        return;
    };
    quick.usage = Some(result.map_err(|e| e.to_string()));
    quick.asked = true;
    let usage = quick.usage.clone();
    let mut lines = vec![
        "Are you sure you want to deregister the following task definition:revision(s)?"
            .to_string(),
        String::new(),
    ];
    let mut arns = Vec::new();
    let mut page = Vec::new();
    for (typed, arn) in &targets {
        let Some(td) = arn.as_ref().and_then(|a| state.taskdef_cache.get(a)) else {
            quick.results.push((
                typed.clone(),
                Err("no such task definition revision".into()),
            ));
            page.push(format!("{typed}: not found"));
            continue;
        };
        if td.status != "ACTIVE" {
            quick
                .results
                .push((typed.clone(), Err(format!("already {}", td.status))));
            page.push(format!("{typed}: already {}", td.status));
            continue;
        }
        let images: Vec<&str> = td.containers.iter().map(|c| c.image.as_str()).collect();
        let used = match &usage {
            Some(Ok(Some(map))) => match map.get(&td.arn) {
                Some(services) => format!("used by {}", services.join(", ")),
                None => "no service in this region uses it".to_string(),
            },
            Some(Ok(None)) => "service use not checked (more than 20 clusters)".to_string(),
            Some(Err(e)) => format!("service use unknown ({e})"),
            None => String::new(),
        };
        lines.push(format!(
            "  {}   registered {}",
            td.label(),
            td.registered_at.clone().unwrap_or_else(|| "-".into())
        ));
        lines.push(format!("      images: {}", images.join(", ")));
        if !used.is_empty() {
            lines.push(format!("      {used}"));
        }
        page.push(format!("{}: {} · {used}", td.label(), images.join(", ")));
        arns.push(td.arn.clone());
    }
    lines.push(String::new());
    lines.push("Running tasks and services that use them keep running.".into());
    if let Some(Route::Json(p)) = state.routes.last_mut() {
        p.lines = page;
    }
    if arns.is_empty() {
        state.should_quit = true;
        return;
    }
    let count = arns.len();
    state.overlay = Some(Overlay::confirm(Confirm::new(
        "Deregister task definition",
        lines,
        format!("Deregister {count}"),
        PendingOp::DeregisterTaskDefinitions { arns },
    )));
}

/// The dialog was answered No: leave.
pub(super) fn on_cancelled(state: &mut State) {
    if let Some(quick) = state.quick.as_mut() {
        quick.cancelled = true;
        state.should_quit = true;
    }
}

/// Deregister results: record them and leave.
pub(super) fn on_results(state: &mut State, results: &[(String, Result<(), AwsError>)]) {
    let Some(quick) = state.quick.as_mut() else {
        return;
    };
    for (arn, result) in results {
        let label = RevisionRef::from_arn(arn, "")
            .map(|r| r.label())
            .unwrap_or_else(|| arn.clone());
        let typed = quick
            .targets
            .iter()
            .find(|t| **t == label || **t == *arn)
            .cloned()
            .unwrap_or(label);
        quick.results.push((
            typed,
            result
                .clone()
                .map(|()| "deregistered (now INACTIVE)".to_string())
                .map_err(|e| e.to_string()),
        ));
    }
    state.set_status(Level::Info, "done");
    state.should_quit = true;
}
