//! The Cloud Map namespace list.

use std::time::Instant;

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::model::Cluster;
use crate::state::Phase;
use crate::state::namespaces::{NAMESPACE_COLUMNS, NamespaceListState};
use crate::ui::theme::Theme;
use crate::ui::{phase, table};

/// What the namespace views need from the app besides their own state; taken as values so the
/// views do not depend on how `State` is laid out.
#[derive(Debug, Clone, Copy)]
pub struct ViewEnv<'a> {
    /// The frame's clock, for spinners and elapsed times.
    pub now: Instant,
    /// The region the clients talk to, for the empty message.
    pub region: &'a str,
    /// The key bound to refresh, for "press r to retry" (the keymap decides it).
    pub retry_key: &'a str,
}

/// Draws the namespace list; `clusters` fills the DEFAULT FOR column.
pub fn render(
    frame: &mut Frame,
    area: Rect,
    list: &NamespaceListState,
    clusters: &[Cluster],
    env: ViewEnv,
    theme: &Theme,
) {
    let rows = list.rows(clusters);
    let mut title = format!(
        "namespaces ({})",
        table::count_label(&list.table, &rows, list.data.data.is_some())
    );
    if !list.table.filter.is_empty() {
        title.push_str(&format!(" /{}", list.table.filter));
    }
    let block = super::list_block(title, &list.data, env.now, theme);
    match list.data.phase() {
        Phase::Loading => phase::loading(
            frame,
            area,
            block,
            "namespaces",
            list.data.in_flight,
            env.now,
            theme,
        ),
        Phase::Failed => phase::failed(
            frame,
            area,
            block,
            "namespaces",
            list.data.error.as_ref(),
            env.retry_key,
            theme,
        ),
        Phase::Empty => phase::empty(
            frame,
            area,
            block,
            &format!("No Cloud Map namespaces in {}.", env.region),
            "Namespaces are per region and account: try --region REGION or --profile NAME.",
            theme,
        ),
        Phase::Loaded if list.table.visible(&rows).is_empty() => phase::empty(
            frame,
            area,
            block,
            &format!("No namespaces match /{}.", list.table.filter),
            "esc clears the filter.",
            theme,
        ),
        Phase::Loaded => {
            let view = table::TableView {
                columns: NAMESPACE_COLUMNS,
                rows: &rows,
                state: &list.table,
                status_column: None,
            };
            table::render(frame, area, block, view, theme)
        }
    }
}
