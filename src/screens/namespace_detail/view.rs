//! Draws one namespace's page.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Paragraph;

use super::NamespaceDetailScreen;
use crate::model::Cluster;
use crate::model::namespace::{EcsServicesSource, Namespace};
use crate::screens::View;
use crate::screens::namespaces::default_for;
use crate::widgets::format::{elapsed, spinner, utc_date_time};
use crate::widgets::list_block;
use crate::widgets::page::{self, Page};
use crate::widgets::remote_list::{self, RemoteList};

/// Width of the field names in the summary block.
const LABEL_WIDTH: usize = 14;

/// Draws the page; the shared cluster list says which clusters default to this namespace.
pub fn render(frame: &mut Frame, area: Rect, detail: &NamespaceDetailScreen, view: &View) {
    let theme = view.theme;
    let clusters = view.shared.clusters.data.as_deref().unwrap_or_default();
    let mut page = Page::new(area.width.saturating_sub(2), LABEL_WIDTH, theme);
    summary(&mut page, &detail.namespace, clusters, detail, view.now());
    let lines = page.into_lines();
    let wanted = u16::try_from(lines.len().saturating_add(2)).unwrap_or(u16::MAX);
    let [top, bottom] = area.layout(&Layout::vertical([
        Constraint::Length(wanted.min(area.height.saturating_mul(3) / 5).max(3)),
        Constraint::Min(3),
    ]));
    // The summary itself came with the list; its only remote part is the ECS services line.
    let block = list_block(
        format!("namespace {}", detail.namespace.name),
        &detail.ecs_services,
        view.now(),
        theme,
        top.width,
    );
    let room = usize::from(top.height.saturating_sub(2));
    frame.render_widget(
        Paragraph::new(page::fixed(
            lines,
            room,
            "a taller terminal shows them",
            theme,
        ))
        .block(block),
        top,
    );

    remote_list::render(
        frame,
        bottom,
        RemoteList {
            title: "cloud map services".into(),
            extra: String::new(),
            what: "Cloud Map services",
            data: &detail.services,
            empty: (
                "No Cloud Map services in this namespace.".into(),
                "ECS creates them when a service joins through Service Connect or service discovery.",
            ),
            table: &detail.table,
            status_column: None,
        },
        view,
    );
}

/// What ListNamespaces told us, the ECS services using it (first: the usual reason to open the
/// page), and the clusters that default to the namespace.
fn summary(
    p: &mut Page,
    ns: &Namespace,
    clusters: &[Cluster],
    detail: &NamespaceDetailScreen,
    now: std::time::Instant,
) {
    p.field("id", &ns.id);
    p.field("type", ns.kind.label());
    ecs_lines(p, detail, now);
    p.field("default for", &default_for(&ns.arn, clusters));
    p.field("arn", &ns.arn);
    p.field(
        "created",
        &ns.created.map_or_else(|| "-".to_string(), utc_date_time),
    );
    p.field("description", ns.description.as_deref().unwrap_or("-"));
    if let Some(zone) = &ns.hosted_zone_id {
        p.field("hosted zone", zone);
    }
    if let Some(name) = &ns.http_name {
        p.field("http name", name);
    }
}

/// The ECS services attached to the namespace, and which way the list was built.
fn ecs_lines(p: &mut Page, detail: &NamespaceDetailScreen, now: std::time::Instant) {
    let theme = p.theme();
    let ecs = &detail.ecs_services;
    match &ecs.data {
        Some((services, source)) => {
            let listed = if services.is_empty() {
                "none".to_string()
            } else {
                let names: Vec<String> = services.iter().map(|s| s.label()).collect();
                format!("{}: {}", services.len(), names.join(", "))
            };
            p.field("ecs services", &listed);
            p.field_styled("listed", &source_label(*source), theme.dim());
        }
        None if ecs.error.is_some() && !ecs.is_loading() => {
            if let Some(e) = &ecs.error {
                p.field_styled(
                    "ecs services",
                    &format!("could not list: {}", e.message),
                    theme.error(),
                );
                if let Some(hint) = &e.hint {
                    p.field_styled("", hint, theme.warning());
                }
            }
        }
        None => {
            let text = match ecs.in_flight {
                Some(f) => format!(
                    "{} listing… {}",
                    spinner(now, f.started),
                    elapsed(now, f.started)
                ),
                None => "listing…".to_string(),
            };
            p.field_styled("ecs services", &text, theme.dim());
        }
    }
}

/// "via ListServicesByNamespace" or "by scanning 3 clusters' Service Connect configuration".
pub fn source_label(source: EcsServicesSource) -> String {
    match source {
        EcsServicesSource::ListServicesByNamespace => "via ListServicesByNamespace".to_string(),
        EcsServicesSource::ClusterScan { clusters: 1 } => {
            "by scanning 1 cluster's Service Connect configuration".to_string()
        }
        EcsServicesSource::ClusterScan { clusters } => {
            format!("by scanning {clusters} clusters' Service Connect configuration")
        }
    }
}
