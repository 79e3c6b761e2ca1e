//! Draws one cluster's page: its settings, then its services.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

use super::ClusterDetailScreen;
use crate::model::Cluster;
use crate::screens::View;
use crate::widgets::remote_list::{self, RemoteList};
use crate::widgets::theme::Theme;
use crate::widgets::{list_block, phase};

pub fn render(frame: &mut Frame, area: Rect, detail: &ClusterDetailScreen, view: &View) {
    let theme = view.theme;
    let retry = view.retry_key();
    let settings = detail
        .cluster
        .data
        .as_ref()
        .map(|c| settings_lines(c, theme));
    let wanted = settings.as_ref().map_or(3, |l| l.len() as u16 + 2);
    let [top, bottom] = area.layout(&Layout::vertical([
        Constraint::Length(wanted.min(area.height.saturating_mul(3) / 5).max(3)),
        Constraint::Min(3),
    ]));
    let block = list_block(
        format!("cluster {}", detail.name),
        &detail.cluster,
        view.now(),
        theme,
    );
    match settings {
        Some(lines) => frame.render_widget(
            Paragraph::new(lines).wrap(Wrap { trim: true }).block(block),
            top,
        ),
        None if detail.cluster.error.is_some() && !detail.cluster.is_loading() => phase::failed(
            frame,
            top,
            block,
            "the cluster",
            detail.cluster.error.as_ref(),
            &retry,
            theme,
        ),
        None => phase::loading(
            frame,
            top,
            block,
            "the cluster",
            detail.cluster.in_flight,
            view.now(),
            theme,
        ),
    }

    remote_list::render(
        frame,
        bottom,
        RemoteList {
            title: "services".into(),
            extra: String::new(),
            what: "services",
            data: &detail.services,
            empty: (
                "No services in this cluster.".into(),
                "Standalone tasks are not services.",
            ),
            table: &detail.table,
            status_column: Some(1),
        },
        view,
    );
}

fn field<'a>(name: &'a str, value: String, theme: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{name:<20}"), theme.dim()),
        Span::raw(value),
    ])
}

/// The settings block's lines.
pub fn settings_lines<'a>(c: &Cluster, theme: &Theme) -> Vec<Line<'a>> {
    let strategy = if c.default_strategy.is_empty() {
        "-".to_string()
    } else {
        c.default_strategy
            .iter()
            .map(|s| format!("{} weight {} base {}", s.provider, s.weight, s.base))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let tags = if c.tags.is_empty() {
        "-".to_string()
    } else {
        c.tags
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    vec![
        Line::from(vec![
            Span::styled(format!("{:<20}", "status"), theme.dim()),
            Span::styled(c.status.clone(), theme.status(&c.status)),
            Span::styled("   container insights ", theme.dim()),
            Span::styled(
                c.insights_label().to_string(),
                theme.status(c.insights_label()),
            ),
        ]),
        field("arn", c.arn.clone(), theme),
        field(
            "tasks",
            format!(
                "{} running · {} pending · {} services · {} instances",
                c.running_tasks, c.pending_tasks, c.active_services, c.container_instances
            ),
            theme,
        ),
        field(
            "capacity providers",
            if c.capacity_providers.is_empty() {
                "-".to_string()
            } else {
                c.capacity_providers.join(", ")
            },
            theme,
        ),
        field("default strategy", strategy, theme),
        field(
            "default namespace",
            c.default_namespace.clone().unwrap_or_else(|| "-".into()),
            theme,
        ),
        field("tags", tags, theme),
    ]
}
