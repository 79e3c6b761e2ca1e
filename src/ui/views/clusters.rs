//! The cluster list, the root screen.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::keymap::{Command, Context};
use crate::state::clusters::CLUSTER_COLUMNS;
use crate::state::{Phase, State};
use crate::ui::theme::Theme;
use crate::ui::{phase, table};

pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let list = &state.clusters;
    let rows = list.rows();
    let mut title = format!(
        "clusters ({})",
        table::count_label(&list.table, &rows, list.data.data.is_some())
    );
    if !list.table.filter.is_empty() {
        title.push_str(&format!(" /{}", list.table.filter));
    }
    let block = super::list_block(title, &list.data, state.now, theme);
    let retry = state
        .keymap
        .key_for(Context::Global, Command::Refresh)
        .unwrap_or_else(|| "r".into());
    match list.data.phase() {
        Phase::Loading => phase::loading(
            frame,
            area,
            block,
            "clusters",
            list.data.in_flight,
            state.now,
            theme,
        ),
        Phase::Failed => phase::failed(
            frame,
            area,
            block,
            "clusters",
            list.data.error.as_ref(),
            &retry,
            theme,
        ),
        Phase::Empty => phase::empty(
            frame,
            area,
            block,
            &format!("No clusters in {}.", state.config.region),
            "Clusters are per region and account: try --region REGION or --profile NAME.",
            theme,
        ),
        Phase::Loaded if list.table.visible(&rows).is_empty() => phase::empty(
            frame,
            area,
            block,
            &format!("No clusters match /{}.", list.table.filter),
            "esc clears the filter.",
            theme,
        ),
        Phase::Loaded => {
            let view = table::TableView {
                columns: CLUSTER_COLUMNS,
                rows: &rows,
                state: &list.table,
                status_column: Some(1),
            };
            table::render(frame, area, block, view, theme)
        }
    }
}
