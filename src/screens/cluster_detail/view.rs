//! Draws one cluster's page: its settings, then its services.

use crate::widgets::format::count;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::ClusterDetailScreen;
use crate::model::Cluster;
use crate::model::namespace::Namespace;
use crate::screens::View;
use crate::widgets::page::{self, Page};
use crate::widgets::theme::Theme;
use crate::widgets::{list_block, phase};

pub fn render(frame: &mut Frame, area: Rect, detail: &ClusterDetailScreen, view: &View) {
    let theme = view.theme;
    let retry = view.retry_key();
    let width = area.width.saturating_sub(2);
    let namespaces = view.shared.namespaces.data.as_deref().unwrap_or_default();
    let settings = detail
        .cluster
        .data
        .as_ref()
        .map(|c| settings_lines(c, namespaces, width, theme));
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
        top.width,
    );
    match settings {
        Some(lines) => {
            let room = usize::from(top.height.saturating_sub(2));
            frame.render_widget(
                Paragraph::new(page::fixed(
                    lines,
                    room,
                    "d shows the whole cluster as JSON",
                    theme,
                ))
                .block(block),
                top,
            );
        }
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

    detail.list.render(frame, bottom, view);
}

/// The settings block's lines at `width` columns. The default namespace shows by name and id
/// (from the region's namespaces when they are known), not as an ARN.
pub fn settings_lines(
    c: &Cluster,
    namespaces: &[Namespace],
    width: u16,
    theme: &Theme,
) -> Vec<Line<'static>> {
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
    let namespace = match &c.default_namespace {
        None => "-".to_string(),
        Some(arn) => match namespaces.iter().find(|n| &n.arn == arn || &n.name == arn) {
            Some(ns) => format!("{} ({})", ns.name, ns.id),
            None => c.default_namespace_id().unwrap_or(arn).to_string(),
        },
    };
    let mut p = Page::new(width, 20, theme);
    p.line(Line::from(vec![
        Span::styled(format!("{:<20}", "status"), theme.dim()),
        Span::styled(c.status.clone(), theme.status(&c.status)),
        Span::styled("   container insights ", theme.dim()),
        Span::styled(
            c.insights_label().to_string(),
            theme.status(c.insights_label()),
        ),
    ]));
    p.field("arn", &c.arn);
    p.field(
        "tasks",
        &format!(
            "{} running · {} pending · {} services · {} instances",
            count(c.running_tasks),
            count(c.pending_tasks),
            count(c.active_services),
            count(c.container_instances)
        ),
    );
    p.field(
        "capacity providers",
        &if c.capacity_providers.is_empty() {
            "-".to_string()
        } else {
            c.capacity_providers.join(", ")
        },
    );
    p.field("default strategy", &strategy);
    p.field("default namespace", &namespace);
    p.field("tags", &tags);
    p.into_lines()
}
