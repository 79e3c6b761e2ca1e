//! Draws one namespace's page.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::NamespaceDetailScreen;
use crate::model::Cluster;
use crate::model::namespace::{EcsServicesSource, Namespace};
use crate::screens::View;
use crate::screens::namespaces::default_for;
use crate::widgets::format::{elapsed, spinner, utc_date_time};
use crate::widgets::list_block;
use crate::widgets::remote_list::{self, RemoteList};
use crate::widgets::theme::Theme;

/// Width of the field names in the summary block.
const LABEL_WIDTH: usize = 14;

/// Draws the page; the shared cluster list says which clusters default to this namespace.
pub fn render(frame: &mut Frame, area: Rect, detail: &NamespaceDetailScreen, view: &View) {
    let theme = view.theme;
    let clusters = view.shared.clusters.data.as_deref().unwrap_or_default();
    let mut lines = summary_lines(&detail.namespace, clusters, theme);
    lines.extend(ecs_lines(detail, view.now(), theme));
    // The ARN and long service lists wrap: size the block for the wrapped text, but leave the
    // services table at least two fifths of the page.
    let inner_width = usize::from(area.width.saturating_sub(2)).max(1);
    let wrapped: usize = lines
        .iter()
        .map(|l| l.width().max(1).div_ceil(inner_width))
        .sum();
    let wanted = u16::try_from(wrapped.saturating_add(2)).unwrap_or(u16::MAX);
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
    );
    frame.render_widget(
        // Untrimmed, so a hint under a value keeps its indent.
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
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

fn field<'a>(name: &str, value: impl Into<Span<'a>>, theme: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{name:<LABEL_WIDTH$}"), theme.dim()),
        value.into(),
    ])
}

/// What ListNamespaces told us, and the clusters that default to the namespace.
pub fn summary_lines<'a>(ns: &Namespace, clusters: &[Cluster], theme: &Theme) -> Vec<Line<'a>> {
    let mut lines = vec![
        field("id", ns.id.clone(), theme),
        field("arn", ns.arn.clone(), theme),
        field("type", ns.kind.label().to_string(), theme),
        field(
            "created",
            ns.created.map_or_else(|| "-".to_string(), utc_date_time),
            theme,
        ),
        field(
            "description",
            ns.description.clone().unwrap_or_else(|| "-".to_string()),
            theme,
        ),
    ];
    if let Some(zone) = &ns.hosted_zone_id {
        lines.push(field("hosted zone", zone.clone(), theme));
    }
    if let Some(name) = &ns.http_name {
        lines.push(field("http name", name.clone(), theme));
    }
    lines.push(field("default for", default_for(&ns.arn, clusters), theme));
    lines
}

/// The ECS services attached to the namespace, and which way the list was built.
fn ecs_lines<'a>(
    detail: &NamespaceDetailScreen,
    now: std::time::Instant,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let ecs = &detail.ecs_services;
    match &ecs.data {
        Some((services, source)) => {
            let listed = if services.is_empty() {
                "none".to_string()
            } else {
                let names: Vec<String> = services.iter().map(|s| s.label()).collect();
                format!("{}: {}", services.len(), names.join(", "))
            };
            vec![
                field("ecs services", listed, theme),
                field(
                    "listed",
                    Span::styled(source_label(*source), theme.dim()),
                    theme,
                ),
            ]
        }
        None if ecs.error.is_some() && !ecs.is_loading() => {
            let mut lines = Vec::new();
            if let Some(e) = &ecs.error {
                lines.push(field(
                    "ecs services",
                    Span::styled(format!("could not list: {}", e.message), theme.error()),
                    theme,
                ));
                if let Some(hint) = &e.hint {
                    lines.push(field(
                        "",
                        Span::styled(hint.clone(), theme.warning()),
                        theme,
                    ));
                }
            }
            lines
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
            vec![field(
                "ecs services",
                Span::styled(text, theme.dim()),
                theme,
            )]
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
