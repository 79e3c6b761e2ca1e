//! One remote list, whatever its phase: the bordered block with count, filter and freshness, then
//! loading, failed, empty, "nothing matches the filter" or the table. Every list view goes through it.

use std::time::Instant;

use ratatui::Frame;
use ratatui::layout::Rect;

use super::theme::Theme;
use super::{phase, table};
use crate::state::{Loadable, Phase};

/// What a list view hands over.
pub struct RemoteList<'a, T> {
    /// The block title before the count, e.g. `clusters`.
    pub title: String,
    /// Shown after the count, before the filter (e.g. ` · 2 marked`).
    pub extra: String,
    /// The noun in "Loading …", "Could not load …", "No … match".
    pub what: &'a str,
    pub data: &'a Loadable<Vec<T>>,
    /// Message and hint when the list is empty.
    pub empty: (String, &'a str),
    pub view: table::TableView<'a>,
}

/// The clock and retry key every list needs.
#[derive(Debug, Clone, Copy)]
pub struct ListEnv<'a> {
    pub now: Instant,
    pub retry_key: &'a str,
}

pub fn render<T>(frame: &mut Frame, area: Rect, list: RemoteList<T>, env: ListEnv, theme: &Theme) {
    let table_state = list.view.state;
    let rows = list.view.rows;
    let mut title = format!(
        "{} ({}){}",
        list.title,
        table::count_label(table_state, rows, list.data.data.is_some()),
        list.extra
    );
    if !table_state.filter.is_empty() {
        title.push_str(&format!(" /{}", table_state.filter));
    }
    let block = super::views::list_block(title, list.data, env.now, theme);
    match list.data.phase() {
        Phase::Loading => phase::loading(
            frame,
            area,
            block,
            list.what,
            list.data.in_flight,
            env.now,
            theme,
        ),
        Phase::Failed => phase::failed(
            frame,
            area,
            block,
            list.what,
            list.data.error.as_ref(),
            env.retry_key,
            theme,
        ),
        Phase::Empty => phase::empty(frame, area, block, &list.empty.0, list.empty.1, theme),
        Phase::Loaded if table_state.visible(rows).is_empty() => phase::empty(
            frame,
            area,
            block,
            &format!("No {} match /{}.", list.what, table_state.filter),
            "esc clears the filter.",
            theme,
        ),
        Phase::Loaded => table::render(frame, area, block, list.view, theme),
    }
}
