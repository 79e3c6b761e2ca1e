//! The Cloud Map namespace list.

use std::time::Instant;

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::model::Cluster;
use crate::state::namespaces::{NAMESPACE_COLUMNS, NamespaceListState};
use crate::ui::remote_list::{self, ListEnv, RemoteList};
use crate::ui::table;
use crate::ui::theme::Theme;

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
    remote_list::render(
        frame,
        area,
        RemoteList {
            title: "namespaces".into(),
            extra: String::new(),
            what: "namespaces",
            data: &list.data,
            empty: (
                format!("No Cloud Map namespaces in {}.", env.region),
                "Namespaces are per region and account: try --region REGION or --profile NAME.",
            ),
            view: table::TableView {
                columns: NAMESPACE_COLUMNS,
                rows: &rows,
                state: &list.table,
                status_column: None,
            },
        },
        ListEnv {
            now: env.now,
            retry_key: env.retry_key,
        },
        theme,
    );
}
