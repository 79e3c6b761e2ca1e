//! Changes to a cluster, from the list or the cluster's page: delete (after a precheck, with the
//! typed name), Container Insights, the default namespace (each showing the exact request first)
//! and capacity providers.

use crate::domain::cluster::{self as rules, ContainerInsights, DeletePrecheck};
use crate::effect::{Change, Job, Outcome};
use crate::keymap::Command;
use crate::model::{AwsError, Cluster};
use crate::screens::common;
use crate::screens::cx::{Cx, Notice};
use crate::state::{Confirm, InputKind, PendingOp, Picker};

/// The first value of the namespace picker: no default namespace.
const NO_NAMESPACE: &str = "(none)";

/// Commands that change a cluster: AWS refuses them on an INACTIVE (deleted) cluster.
pub fn changes(command: Command) -> bool {
    matches!(
        command,
        Command::Delete
            | Command::Insights
            | Command::DefaultNamespace
            | Command::CapacityProviders
    )
}

/// Why a change is not offered on `cluster`, if it is not.
pub fn why_not(command: Command, cluster: Option<&Cluster>) -> Option<String> {
    let c = cluster?;
    (changes(command) && c.status == "INACTIVE").then(|| {
        format!(
            "cluster {} is INACTIVE (deleted): nothing about it can be changed",
            c.name
        )
    })
}

/// The cluster commands of the list and the cluster's page, on `cluster` (the selected row or the
/// page's cluster). False when `command` is not one of them.
pub fn on_command(command: Command, cluster: Option<Cluster>, cx: &mut Cx) -> bool {
    let Some(c) = cluster else {
        return matches!(
            command,
            Command::Describe
                | Command::Delete
                | Command::Insights
                | Command::DefaultNamespace
                | Command::CapacityProviders
        );
    };
    match command {
        Command::Describe => {
            common::open_json(cx, format!("{} json", c.name), &c.json, Some(c.arn.clone()))
        }
        Command::Delete => ask_delete(cx, &c.name),
        Command::Insights => ask_insights(cx, &c),
        Command::DefaultNamespace => ask_default_namespace(cx, &c),
        Command::CapacityProviders => open_capacity_line(cx, &c),
        _ => return false,
    }
    true
}

/// `X` on a cluster: find out what is in it first; the emulator would delete anything.
pub fn ask_delete(cx: &mut Cx, cluster: &str) {
    if cx.refuse_read_only("delete") {
        return;
    }
    cx.info(format!("checking what is in {cluster}…"));
    cx.run(Job::DeletePrecheck {
        cluster: cluster.to_string(),
    });
}

fn on_precheck(cx: &mut Cx, cluster: String, result: Result<DeletePrecheck, AwsError>) {
    cx.app.dirty = true;
    let check = match result {
        Ok(c) => c,
        Err(e) => {
            cx.error(format!("cannot check {cluster}: {e}"));
            return;
        }
    };
    if !check.allows_delete() {
        cx.error(format!(
            "{cluster} cannot be deleted: {}",
            check.blockers.join("; ")
        ));
        return;
    }
    let planned = rules::delete_cluster_request(&cluster);
    let mut lines = vec![
        format!("Delete cluster {cluster}? It holds {}.", check.summary()),
        "This cannot be undone.".to_string(),
        String::new(),
    ];
    lines.extend(planned.cli.lines().map(str::to_string));
    lines.push(String::new());
    lines.push(format!(
        "Type the cluster name ({cluster}) and press enter to delete it:"
    ));
    let mut dialog = Confirm::new(
        "Delete cluster",
        lines,
        "Delete",
        PendingOp::DeleteCluster {
            cluster: cluster.clone(),
        },
    );
    dialog.typed = Some((cluster, String::new()));
    cx.confirm(dialog);
}

/// `I`: choose Container Insights; the dialog shows the request for the chosen value.
pub fn ask_insights(cx: &mut Cx, cluster: &Cluster) {
    if cx.refuse_read_only("changing Container Insights") {
        return;
    }
    let current = cluster
        .container_insights
        .clone()
        .unwrap_or_else(|| "disabled".into());
    // The current value is not offered: it would send a request that changes nothing.
    let values: Vec<String> = ContainerInsights::ALL
        .iter()
        .map(|v| v.as_api().to_string())
        .filter(|v| *v != current)
        .collect();
    let at = 0;
    let mut dialog = Confirm::new(
        "Container Insights",
        Vec::new(),
        "Apply",
        PendingOp::SetInsights {
            cluster: cluster.name.clone(),
        },
    );
    dialog.picker = Some(Picker {
        label: format!("Container Insights (now {current})"),
        values,
        index: at,
    });
    refresh_dialog(&mut dialog);
    cx.confirm(dialog);
}

/// `N`: choose the default Service Connect namespace from the region's namespaces.
pub fn ask_default_namespace(cx: &mut Cx, cluster: &Cluster) {
    if cx.refuse_read_only("changing the default namespace") {
        return;
    }
    let Some(namespaces) = cx.shared.namespaces.data.clone() else {
        // The picker needs the namespaces; fetch them and ask to press N again.
        cx.info("loading the namespaces… press N again in a moment");
        if !cx.shared.namespaces.is_loading() {
            cx.load_shared(|s| &mut s.namespaces, Job::Namespaces);
        }
        return;
    };
    // An empty value is no namespace (the emulator answers a cleared one as "").
    let current = cluster.default_namespace.clone().filter(|c| !c.is_empty());
    // The current value is not offered: it would send a request that changes nothing.
    let mut values = Vec::new();
    if current.is_some() {
        values.push(NO_NAMESPACE.to_string());
    }
    values.extend(
        namespaces
            .iter()
            .filter(|n| {
                current.as_deref() != Some(n.arn.as_str())
                    && current.as_deref() != Some(n.name.as_str())
            })
            .map(|n| n.name.clone()),
    );
    if values.is_empty() {
        cx.info("there is no other namespace to choose: create one with c on :namespaces");
        return;
    }
    let at = 0;
    let now = current
        .and_then(|arn| {
            namespaces
                .iter()
                .find(|n| n.arn == arn)
                .map(|n| n.name.clone())
                .or(Some(arn))
        })
        .unwrap_or_else(|| "none".into());
    let mut dialog = Confirm::new(
        "Default namespace",
        Vec::new(),
        "Apply",
        PendingOp::SetDefaultNamespace {
            cluster: cluster.name.clone(),
        },
    );
    dialog.picker = Some(Picker {
        label: format!("Default namespace (now {now})"),
        values,
        index: at,
    });
    refresh_dialog(&mut dialog);
    cx.confirm(dialog);
}

/// Rebuilds a picker dialog's text for its current value: the exact request and the CLI line.
pub fn refresh_dialog(dialog: &mut Confirm) {
    let Some(picker) = &dialog.picker else {
        return;
    };
    let value = picker.value().to_string();
    let planned = match &dialog.op {
        PendingOp::SetInsights { cluster } => {
            ContainerInsights::from_api(&value).map(|v| rules::insights_update(cluster, v))
        }
        PendingOp::SetDefaultNamespace { cluster } => Some(rules::default_namespace_update(
            cluster,
            Some(value.as_str()).filter(|v| *v != NO_NAMESPACE),
        )),
        _ => None,
    };
    let mut lines = vec![
        format!("{}:  ◀ {value} ▶   (j/k to choose)", picker.label),
        String::new(),
    ];
    if let Some(p) = planned {
        lines.push(format!("{}:", p.title));
        lines.extend(p.request_pretty().lines().map(str::to_string));
        lines.push(String::new());
        lines.extend(p.cli.lines().map(str::to_string));
        if let Some(note) = p.note {
            lines.push(note);
        }
    }
    dialog.lines = lines;
}

/// `P`: the capacity line, pre-filled with what the cluster has now.
pub fn open_capacity_line(cx: &mut Cx, cluster: &Cluster) {
    if cx.refuse_read_only("changing capacity providers") {
        return;
    }
    let line = crate::state::input::format_capacity(
        &cluster.capacity_providers,
        &cluster.default_strategy,
    );
    cx.open_input(
        InputKind::CapacityProviders,
        line,
        Some(cluster.name.clone()),
    );
}

/// After the capacity line is typed: check it, then show the PutClusterCapacityProviders request.
pub fn ask_capacity(cx: &mut Cx, cluster: Option<String>, line: &str) {
    let Some(cluster) = cluster else {
        return;
    };
    let (providers, strategy) = match crate::state::input::parse_capacity(line) {
        Ok(parsed) => parsed,
        Err(e) => {
            cx.error(e);
            return;
        }
    };
    let problems = rules::validate_capacity_providers(&providers, &strategy);
    if !problems.is_empty() {
        cx.error(format!("nothing sent: {}", problems.join("; ")));
        return;
    }
    let planned = rules::capacity_providers_update(&cluster, &providers, &strategy);
    let mut lines = vec![format!("{}:", planned.title)];
    lines.extend(planned.request_pretty().lines().map(str::to_string));
    lines.push(String::new());
    lines.extend(planned.cli.lines().map(str::to_string));
    cx.confirm(Confirm::new(
        "Capacity providers",
        lines,
        "Apply",
        PendingOp::PutCapacityProviders {
            cluster,
            providers,
            strategy,
        },
    ));
}

/// The confirmed cluster operations.
pub fn on_confirm(op: PendingOp, yes: bool, picked: Option<String>, cx: &mut Cx) {
    if !yes {
        return;
    }
    let change = match op {
        PendingOp::DeleteCluster { cluster } => Change::DeleteCluster { cluster },
        PendingOp::SetInsights { cluster } => {
            match picked.as_deref().and_then(ContainerInsights::from_api) {
                Some(value) => Change::Insights { cluster, value },
                None => return,
            }
        }
        PendingOp::SetDefaultNamespace { cluster } => {
            let name = picked.filter(|v| v != NO_NAMESPACE);
            // The API takes the namespace's ARN or name; the ARN is unambiguous.
            let namespace = name.map(|n| {
                cx.shared
                    .namespaces
                    .data
                    .as_deref()
                    .unwrap_or_default()
                    .iter()
                    .find(|ns| ns.name == n)
                    .map(|ns| ns.arn.clone())
                    .unwrap_or(n)
            });
            Change::DefaultNamespace { cluster, namespace }
        }
        PendingOp::PutCapacityProviders {
            cluster,
            providers,
            strategy,
        } => Change::CapacityProviders {
            cluster,
            providers,
            strategy,
        },
        _ => return,
    };
    cx.run(Job::Change(change));
}

/// Results of cluster work; true when the cluster changed and the screen should reload.
pub fn on_outcome(outcome: Outcome, cx: &mut Cx) -> bool {
    match outcome {
        Outcome::Precheck { cluster, result } => {
            on_precheck(cx, cluster, result);
            false
        }
        Outcome::Changed { change, result } => on_changed(cx, change, result),
        _ => false,
    }
}

/// A change finished: say so, tell the screens that show it, and reload.
fn on_changed(cx: &mut Cx, change: Change, result: Result<Option<String>, AwsError>) -> bool {
    cx.app.dirty = true;
    match result {
        Ok(note) => {
            let what = change.done();
            cx.info(match note {
                Some(n) => format!("{what} ({n})"),
                None => what,
            });
            match change {
                Change::DeleteCluster { cluster } => cx.notify(Notice::ClusterDeleted { cluster }),
                Change::DeleteNamespace { id, .. } => cx.notify(Notice::NamespaceDeleted { id }),
                _ => {}
            }
            true
        }
        Err(e) => {
            cx.error(e.write_failure(&change.describe()));
            // When it may have happened, show the resource as it is now.
            !e.changed_nothing()
        }
    }
}
