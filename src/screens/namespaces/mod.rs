//! The Cloud Map namespaces of the region: name, id, type, created, services, and which clusters
//! use each as their default. Enter opens one; `c` creates one; `X` deletes one.

mod view;

pub use view::render_list;

use super::common;
use super::cx::Cx;
use super::namespace_detail::NamespaceDetailScreen;
use super::wizards::namespace::NamespaceWizard;
use super::{Route, Screen, View};
use crate::domain::console_url::ConsoleTarget;
use crate::effect::{Change, Job, Outcome, Ticket};
use crate::keymap::Command;
use crate::model::Cluster;
use crate::model::namespace::clusters_using;
use crate::model::namespace::{Namespace, NamespaceKind};
use crate::state::{Column, Confirm, ListTable, PendingOp, Shared, TableRow};
use crate::widgets::format::utc_date;

/// Columns of the namespace list. The fixed ones plus the flexible minimums fill exactly the 78
/// cells inside an 80-column frame, so there DESCRIPTION (also on the detail page) gets no room
/// and NAME and DEFAULT FOR get all of it; wider terminals share the extra room among the three.
/// Ids are `ns-` plus 16 characters on AWS.
pub const NAMESPACE_COLUMNS: &[Column] = &[
    Column::ident("NAME", 10),
    Column::ident("ID", 10),
    Column::text("TYPE", 11),
    Column::text("CREATED", 10),
    Column::number("SVC", 4),
    Column::flex("DEFAULT FOR", 14),
    Column::flex("DESCRIPTION", 0).optional(),
];

/// Columns of a namespace's Cloud Map services.
pub const CLOUD_MAP_SERVICE_COLUMNS: &[Column] = &[
    Column::ident("SERVICE", 12),
    Column::ident("ID", 10),
    Column::text("TYPE", 8),
    Column::number("INSTANCES", 9),
    Column::text("CREATED", 10),
    Column::flex("DESCRIPTION", 10).optional(),
];

/// The namespace list; its data is the shared namespace list (the cluster wizard offers it too).
#[derive(Debug, Clone)]
pub struct NamespacesScreen {
    pub table: ListTable,
}

impl Default for NamespacesScreen {
    fn default() -> Self {
        Self {
            table: ListTable::new(NAMESPACE_COLUMNS),
        }
    }
}

impl NamespacesScreen {
    /// Rebuilds the rows from the shared lists (after either changed).
    pub fn sync(&mut self, shared: &Shared) {
        let clusters = shared.clusters.data.as_deref().unwrap_or_default();
        let rows = shared
            .namespaces
            .data
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|ns| namespace_row(ns, clusters))
            .collect();
        self.table.set_rows(rows);
    }

    /// The namespace under the cursor.
    pub fn selected<'a>(&self, shared: &'a Shared) -> Option<&'a Namespace> {
        let key = self.table.selected_row()?.key.as_str();
        shared
            .namespaces
            .data
            .as_ref()?
            .iter()
            .find(|n| n.arn == key)
    }

    /// `X`: refused by the AWS layer while the namespace has services; Cloud Map then deletes it
    /// asynchronously and tecs follows the operation.
    fn ask_delete(&self, cx: &mut Cx) {
        if cx.refuse_read_only("delete") {
            return;
        }
        let clusters = cx.shared.clusters.data.clone().unwrap_or_default();
        let Some(ns) = self.selected(cx.shared).cloned() else {
            return;
        };
        let users = clusters_using(&ns.arn, &clusters);
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
        cx.confirm(Confirm::new(
            "Delete namespace",
            lines,
            "Delete",
            PendingOp::DeleteNamespace {
                id: ns.id.clone(),
                name: ns.name.clone(),
            },
        ));
    }
}

pub fn namespace_row(ns: &Namespace, clusters: &[Cluster]) -> TableRow {
    TableRow {
        key: ns.arn.clone(),
        cells: vec![
            ns.name.clone(),
            ns.id.clone(),
            ns.kind.label().to_string(),
            ns.created.map_or_else(|| "-".to_string(), utc_date),
            ns.service_count
                .map_or_else(|| "-".to_string(), |n| n.to_string()),
            default_for(&ns.arn, clusters),
            ns.description.clone().unwrap_or_else(|| "-".to_string()),
        ],
    }
}

/// Cluster names whose default namespace this is, comma-separated, or `-`.
pub fn default_for(namespace_arn: &str, clusters: &[Cluster]) -> String {
    let names = clusters_using(namespace_arn, clusters);
    if names.is_empty() {
        "-".to_string()
    } else {
        names.join(", ")
    }
}

impl Screen for NamespacesScreen {
    fn console_target(&self, shared: &Shared) -> Option<ConsoleTarget> {
        Some(match self.selected(shared) {
            Some(ns) => ConsoleTarget::Namespace { id: ns.id.clone() },
            None => ConsoleTarget::Namespaces,
        })
    }

    fn crumb(&self) -> String {
        "namespaces".to_string()
    }

    fn supports(&self, command: Command, _shared: &Shared) -> bool {
        common::list(command)
            || matches!(
                command,
                Command::Open | Command::Delete | Command::Create | Command::Describe
            )
    }

    fn on_command(&mut self, command: Command, cx: &mut Cx) {
        match command {
            Command::Open => {
                if let Some(ns) = self.selected(cx.shared).cloned() {
                    cx.push(Route::NamespaceDetail(Box::new(
                        NamespaceDetailScreen::new(ns),
                    )));
                }
            }
            Command::Delete => self.ask_delete(cx),
            Command::Describe => {
                if let Some(ns) = self.selected(cx.shared).cloned() {
                    let json = namespace_json(&ns);
                    common::open_json(cx, format!("{} json", ns.name), &json, Some(ns.arn));
                }
            }
            Command::Create => {
                let existing = cx.shared.namespaces.data.clone().unwrap_or_default();
                cx.push(Route::NamespaceWizard(Box::new(NamespaceWizard::new(
                    existing,
                ))));
            }
            _ => {}
        }
    }

    fn on_outcome(&mut self, ticket: Ticket, outcome: Outcome, cx: &mut Cx) {
        let at = cx.wall_clock();
        match outcome {
            Outcome::Namespaces(result) => {
                if !cx.shared.namespaces.finish(ticket.id, result, at) {
                    return;
                }
                self.sync(cx.shared);
                let outcome = cx.shared.namespaces.outcome();
                cx.settle(outcome, true);
            }
            Outcome::Clusters(result) => {
                if !cx.shared.clusters.finish(ticket.id, result, at) {
                    return;
                }
                self.sync(cx.shared);
                let outcome = cx.shared.clusters.outcome();
                cx.settle(outcome, false);
            }
            Outcome::Progress { line, .. } => {
                cx.app.dirty = true;
                cx.info(line);
            }
            other => {
                if super::clusters::admin::on_outcome(other, cx) {
                    self.load(cx);
                }
            }
        }
    }

    fn on_confirm(&mut self, op: PendingOp, yes: bool, _picked: Option<String>, cx: &mut Cx) {
        if let (true, PendingOp::DeleteNamespace { id, name }) = (yes, op) {
            cx.run(Job::Change(Change::DeleteNamespace { id, name }));
        }
    }

    fn load(&mut self, cx: &mut Cx) {
        self.sync(cx.shared);
        // The DEFAULT FOR column needs the clusters: both load together.
        cx.load_shared(|s| &mut s.namespaces, Job::Namespaces);
        cx.load_shared(|s| &mut s.clusters, Job::Clusters);
    }

    fn is_loading(&self, shared: &Shared) -> bool {
        shared.namespaces.is_loading() || shared.clusters.is_loading()
    }

    fn table(&self) -> Option<&ListTable> {
        Some(&self.table)
    }

    fn table_mut(&mut self) -> Option<&mut ListTable> {
        Some(&mut self.table)
    }

    fn render(&self, frame: &mut ratatui::Frame, area: ratatui::layout::Rect, view: &View) {
        render_list(frame, area, self, view);
    }
}

/// The namespace in GetNamespace's shape (field names as the API spells them), for `d`.
fn namespace_json(ns: &Namespace) -> serde_json::Value {
    let kind = match &ns.kind {
        NamespaceKind::Http => "HTTP",
        NamespaceKind::DnsPrivate => "DNS_PRIVATE",
        NamespaceKind::DnsPublic => "DNS_PUBLIC",
        NamespaceKind::Other(other) => other.as_str(),
    };
    let mut o = serde_json::Map::new();
    o.insert("Id".into(), ns.id.clone().into());
    o.insert("Arn".into(), ns.arn.clone().into());
    o.insert("Name".into(), ns.name.clone().into());
    o.insert("Type".into(), kind.into());
    if let Some(d) = &ns.description {
        o.insert("Description".into(), d.clone().into());
    }
    if let Some(n) = ns.service_count {
        o.insert("ServiceCount".into(), n.into());
    }
    let mut props = serde_json::Map::new();
    if let Some(z) = &ns.hosted_zone_id {
        props.insert(
            "DnsProperties".into(),
            serde_json::json!({ "HostedZoneId": z }),
        );
    }
    if let Some(h) = &ns.http_name {
        props.insert(
            "HttpProperties".into(),
            serde_json::json!({ "HttpName": h }),
        );
    }
    if !props.is_empty() {
        o.insert("Properties".into(), props.into());
    }
    if let Some(at) = ns.created {
        let secs = at
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs())
            .unwrap_or_default();
        o.insert("CreateDate".into(), secs.into());
    }
    serde_json::Value::Object(o)
}
