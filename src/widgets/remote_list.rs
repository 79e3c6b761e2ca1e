//! One remote list, whatever its phase: the bordered block with count, filter and freshness, then
//! loading, failed, empty, "nothing matches the filter" or the table. Every list screen goes through it.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::{list_block, phase, table};
use crate::screens::View;
use crate::state::{ListTable, Loadable, Phase};

/// What a list screen hands over.
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
    pub table: &'a ListTable,
    /// A column whose cells are coloured by status.
    pub status_column: Option<usize>,
}

pub fn render<T>(frame: &mut Frame, area: Rect, list: RemoteList<T>, view: &View) {
    let theme = view.theme;
    let table = list.table;
    let so_far = if list.data.is_partial() {
        " so far…"
    } else {
        ""
    };
    // The filter before the extra: when the title is cut, what narrows the rows stays.
    let filter = if table.filter().is_empty() {
        String::new()
    } else {
        format!(" /{}", table.filter())
    };
    let title = format!(
        "{} ({}{so_far}){filter}{}",
        list.title,
        table::count_label(table, list.data.data.is_some()),
        list.extra
    );
    let block = list_block(title, list.data, view.now(), theme, area.width);
    match list.data.phase() {
        Phase::Loading => phase::loading(
            frame,
            area,
            block,
            list.what,
            list.data.in_flight,
            view.now(),
            theme,
        ),
        Phase::Failed => phase::failed(
            frame,
            area,
            block,
            list.what,
            list.data.error.as_ref(),
            &view.retry_key(),
            theme,
        ),
        Phase::Empty => phase::empty(frame, area, block, &list.empty.0, list.empty.1, theme),
        Phase::Loaded if table.visible_len() == 0 => phase::empty(
            frame,
            area,
            block,
            &format!("No {} match /{}.", list.what, table.filter()),
            "esc clears the filter.",
            theme,
        ),
        Phase::Loaded => table::render(frame, area, block, table, list.status_column, theme),
    }
}
