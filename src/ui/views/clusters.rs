//! The cluster list, the root screen.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::state::State;
use crate::state::clusters::CLUSTER_COLUMNS;
use crate::ui::remote_list::{self, RemoteList};
use crate::ui::table::TableView;
use crate::ui::theme::Theme;

pub fn render(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let list = &state.clusters;
    let rows = list.rows();
    let retry = super::retry_key(state);
    remote_list::render(
        frame,
        area,
        RemoteList {
            title: "clusters".into(),
            extra: String::new(),
            what: "clusters",
            data: &list.data,
            empty: (
                format!("No clusters in {}.", state.config.region),
                "Clusters are per region and account: try --region REGION or --profile NAME.",
            ),
            view: TableView {
                columns: CLUSTER_COLUMNS,
                rows: &rows,
                state: &list.table,
                status_column: Some(1),
            },
        },
        super::env(state, &retry),
        theme,
    );
}
