//! update() for changes to clusters and namespaces: delete (with a precheck and the typed name),
//! Container Insights and the default namespace (each showing the exact request first).

use crate::action::Effect;
use crate::aws::errors::AwsError;
use crate::domain::cluster::{self as rules, ContainerInsights, DeletePrecheck};
use crate::state::{Confirm, Level, Overlay, PendingOp, Picker, Route, State};

/// The first value of the namespace picker: no default namespace.
const NO_NAMESPACE: &str = "(none)";

/// The cluster the command applies to: the selected row or the open cluster page.
pub(super) fn target_cluster(state: &State) -> Option<String> {
    match state.route() {
        Route::Clusters => state.clusters.selected().map(|c| c.name.clone()),
        Route::ClusterDetail(d) => Some(d.name.clone()),
        _ => None,
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

/// `X` on a cluster: find out what is in it first; the emulator would delete anything.
pub(super) fn ask_delete_cluster(state: &mut State) -> Vec<Effect> {
    if refuse_read_only(state, "delete") {
        return Vec::new();
    }
    let Some(cluster) = target_cluster(state) else {
        return Vec::new();
    };
    state.set_status(Level::Info, format!("checking what is in {cluster}…"));
    vec![Effect::DeletePrecheck { cluster }]
}

pub(super) fn on_precheck(
    state: &mut State,
    cluster: String,
    result: Result<DeletePrecheck, AwsError>,
) {
    state.dirty = true;
    let check = match result {
        Ok(c) => c,
        Err(e) => {
            state.set_status(Level::Error, format!("cannot check {cluster}: {e}"));
            return;
        }
    };
    if !check.allows_delete() {
        state.set_status(
            Level::Error,
            format!("{cluster} cannot be deleted: {}", check.blockers.join("; ")),
        );
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
        "Type the cluster name ({cluster}) to confirm, then tab to Delete and press enter:"
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
    state.overlay = Some(Overlay::confirm(dialog));
}

/// `I`: choose Container Insights; the dialog shows the request for the chosen value.
pub(super) fn ask_insights(state: &mut State) {
    if refuse_read_only(state, "changing Container Insights") {
        return;
    }
    let Some(cluster) = target_cluster(state) else {
        return;
    };
    let current = find_cluster(state, &cluster)
        .and_then(|c| c.container_insights.clone())
        .unwrap_or_else(|| "disabled".into());
    let values: Vec<String> = ContainerInsights::ALL
        .iter()
        .map(|v| v.as_api().to_string())
        .collect();
    // Start on the next value: the current one would change nothing.
    let at = values
        .iter()
        .position(|v| *v == current)
        .map_or(0, |i| (i + 1) % values.len());
    let mut dialog = Confirm::new(
        "Container Insights",
        Vec::new(),
        "Apply",
        PendingOp::SetInsights { cluster },
    );
    dialog.picker = Some(Picker {
        label: format!("Container Insights (now {current})"),
        values,
        index: at,
    });
    refresh_dialog(&mut dialog);
    state.overlay = Some(Overlay::confirm(dialog));
}

/// `N`: choose the default Service Connect namespace from the region's namespaces.
pub(super) fn ask_default_namespace(state: &mut State) -> Vec<Effect> {
    if refuse_read_only(state, "changing the default namespace") {
        return Vec::new();
    }
    let Some(cluster) = target_cluster(state) else {
        return Vec::new();
    };
    let Some(namespaces) = state.namespaces.data.data.clone() else {
        // The picker needs the namespaces; fetch them and ask to press N again.
        state.set_status(
            Level::Info,
            "loading the namespaces… press N again in a moment",
        );
        if state.namespaces.data.is_loading() {
            return Vec::new();
        }
        let id = state.request_id();
        state.namespaces.data.start(id, state.now);
        return vec![Effect::LoadNamespaces { request: id }];
    };
    let current = find_cluster(state, &cluster).and_then(|c| c.default_namespace.clone());
    let mut values = vec![NO_NAMESPACE.to_string()];
    values.extend(namespaces.iter().map(|n| n.name.clone()));
    let at = current
        .as_ref()
        .and_then(|arn| {
            namespaces
                .iter()
                .position(|n| &n.arn == arn || &n.name == arn)
        })
        .map_or(0, |i| i + 1);
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
        PendingOp::SetDefaultNamespace { cluster },
    );
    dialog.picker = Some(Picker {
        label: format!("Default namespace (now {now})"),
        values,
        index: at,
    });
    refresh_dialog(&mut dialog);
    state.overlay = Some(Overlay::confirm(dialog));
    Vec::new()
}

fn find_cluster<'a>(state: &'a State, name: &str) -> Option<&'a crate::model::Cluster> {
    if let Route::ClusterDetail(d) = state.route()
        && d.name == name
    {
        return d.cluster.data.as_ref();
    }
    state
        .clusters
        .data
        .data
        .as_deref()
        .unwrap_or_default()
        .iter()
        .find(|c| c.name == name)
}

/// Rebuilds a picker dialog's text for its current value: the exact request and the CLI line.
pub(super) fn refresh_dialog(dialog: &mut Confirm) {
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

/// `X` on a namespace: refused by the AWS layer while it has services; Cloud Map then deletes it
/// asynchronously and tecs follows the operation.
pub(super) fn ask_delete_namespace(state: &mut State) {
    if refuse_read_only(state, "delete") {
        return;
    }
    let clusters = state.clusters.data.data.clone().unwrap_or_default();
    let Some(ns) = state.namespaces.selected(&clusters).cloned() else {
        return;
    };
    let users = crate::aws::namespaces::clusters_using(&ns.arn, &clusters);
    let mut lines = vec![format!(
        "Delete the Cloud Map namespace {} ({})?",
        ns.name, ns.id
    )];
    if !users.is_empty() {
        lines.push(format!(
            "It is the default namespace of: {}.",
            users.join(", ")
        ));
    }
    lines.push("Namespaces that still have services are refused.".into());
    state.overlay = Some(Overlay::confirm(Confirm::new(
        "Delete namespace",
        lines,
        "Delete",
        PendingOp::DeleteNamespace {
            id: ns.id.clone(),
            name: ns.name.clone(),
        },
    )));
}

/// The capacity line pre-filled with what the cluster has now.
pub(super) fn capacity_line(state: &State, cluster: &str) -> String {
    find_cluster(state, cluster)
        .map(|c| crate::state::input::format_capacity(&c.capacity_providers, &c.default_strategy))
        .unwrap_or_default()
}

/// `P`, after the line is typed: check it, then show the PutClusterCapacityProviders request.
pub(super) fn ask_capacity(state: &mut State, cluster: Option<String>, line: &str) {
    let Some(cluster) = cluster else {
        return;
    };
    let (providers, strategy) = match crate::state::input::parse_capacity(line) {
        Ok(parsed) => parsed,
        Err(e) => {
            state.set_status(Level::Error, e);
            return;
        }
    };
    let problems = rules::validate_capacity_providers(&providers, &strategy);
    if !problems.is_empty() {
        state.set_status(
            Level::Error,
            format!("nothing sent: {}", problems.join("; ")),
        );
        return;
    }
    let planned = rules::capacity_providers_update(&cluster, &providers, &strategy);
    let mut lines = vec![format!("{}:", planned.title)];
    lines.extend(planned.request_pretty().lines().map(str::to_string));
    lines.push(String::new());
    lines.extend(planned.cli.lines().map(str::to_string));
    state.overlay = Some(Overlay::confirm(Confirm::new(
        "Capacity providers",
        lines,
        "Apply",
        PendingOp::PutCapacityProviders {
            cluster,
            providers,
            strategy,
        },
    )));
}

/// The confirmed cluster and namespace operations.
pub(super) fn run_op(state: &mut State, op: PendingOp, picked: Option<String>) -> Vec<Effect> {
    match op {
        PendingOp::DeleteCluster { cluster } => vec![Effect::DeleteCluster { cluster }],
        PendingOp::SetInsights { cluster } => {
            match picked.as_deref().and_then(ContainerInsights::from_api) {
                Some(value) => vec![Effect::UpdateInsights { cluster, value }],
                None => Vec::new(),
            }
        }
        PendingOp::SetDefaultNamespace { cluster } => {
            let name = picked.filter(|v| v != NO_NAMESPACE);
            // The API takes the namespace's ARN or name; the ARN is unambiguous.
            let namespace = name.map(|n| {
                state
                    .namespaces
                    .data
                    .data
                    .as_deref()
                    .unwrap_or_default()
                    .iter()
                    .find(|ns| ns.name == n)
                    .map(|ns| ns.arn.clone())
                    .unwrap_or(n)
            });
            vec![Effect::SetDefaultNamespace { cluster, namespace }]
        }
        PendingOp::DeleteNamespace { id, name } => vec![Effect::DeleteNamespace { id, name }],
        PendingOp::PutCapacityProviders {
            cluster,
            providers,
            strategy,
        } => {
            vec![Effect::PutCapacityProviders {
                cluster,
                providers,
                strategy,
            }]
        }
        _ => Vec::new(),
    }
}

/// A change finished: say so, and reload what shows it.
pub(super) fn on_change_done(
    state: &mut State,
    what: String,
    result: Result<Option<String>, AwsError>,
) -> Vec<Effect> {
    state.dirty = true;
    match result {
        Ok(note) => {
            let text = match note {
                Some(n) => format!("{what} ({n})"),
                None => what.clone(),
            };
            state.set_status(Level::Info, text);
            // A deleted cluster's page has nothing left to show.
            if what.starts_with("deleted cluster")
                && matches!(state.route(), Route::ClusterDetail(_))
            {
                state.routes.pop();
            }
            if what.starts_with("deleted namespace")
                && matches!(state.route(), Route::NamespaceDetail(_))
            {
                state.routes.pop();
            }
            // Reload the list underneath too: it holds the changed resource.
            state.clusters.data.in_flight = None;
            state.namespaces.data.in_flight = None;
            super::load_current(state)
        }
        Err(e) => {
            state.set_status(Level::Error, format!("failed: {e}"));
            Vec::new()
        }
    }
}
