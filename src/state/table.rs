//! The generic resource table: rows as text cells with a stable key, filter, sort and a selection that
//! follows its row across refreshes. Every list screen uses it; a screen only supplies rows.
//!
//! Rows are computed when the data changes ([`ListTable::set_rows`]) and the filtered, sorted order
//! when the filter or sort changes, never per frame. The scroll offset and the page height belong to
//! the renderer, which records them as it draws (`Cell`s), so paging moves by what is really on screen.

use std::cell::Cell;
use std::cmp::Ordering;
use std::ops::Range;

use unicode_width::UnicodeWidthStr;

/// One row: a stable key (usually the ARN) and its cells, in column order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    pub key: String,
    pub cells: Vec<String>,
}

/// A column: its title, the narrowest it may become, and what kind of text it holds. How wide it
/// is drawn comes from its content (see `widgets::table::allocate`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Column {
    pub title: &'static str,
    /// The narrowest the column may be cut to before it is hidden.
    pub width: u16,
    /// Free text that takes the room left over (descriptions, reasons).
    pub flex: bool,
    /// Right-aligned numbers.
    pub numeric: bool,
    /// An identifier (a name, an id, family:revision): cut last, in the middle, so both ends show.
    pub ident: bool,
    /// Worth less than an identifier's full width (a description): hidden before any identifier
    /// is cut.
    pub optional: bool,
    /// Container image references (`registry/repository:tag`, comma-separated): cut by dropping
    /// the registry host first, so the repository and tag stay readable.
    pub image: bool,
}

impl Column {
    /// Short text (a status, a zone).
    pub const fn text(title: &'static str, width: u16) -> Self {
        Self {
            title,
            width,
            flex: false,
            numeric: false,
            ident: false,
            optional: false,
            image: false,
        }
    }
    /// Free text that takes the room left over.
    pub const fn flex(title: &'static str, width: u16) -> Self {
        Self {
            title,
            width,
            flex: true,
            numeric: false,
            ident: false,
            optional: false,
            image: false,
        }
    }
    /// An identifier: never cut while another column has room.
    pub const fn ident(title: &'static str, width: u16) -> Self {
        Self {
            title,
            width,
            flex: true,
            numeric: false,
            ident: true,
            optional: false,
            image: false,
        }
    }
    pub const fn number(title: &'static str, width: u16) -> Self {
        Self {
            title,
            width,
            flex: false,
            numeric: true,
            ident: false,
            optional: false,
            image: false,
        }
    }

    /// Container images: an identifier whose registry host goes first when it must be cut.
    pub const fn image(title: &'static str, width: u16) -> Self {
        let mut c = Self::ident(title, width);
        c.image = true;
        c
    }

    /// The same column, hidden before identifiers are cut.
    pub const fn optional(mut self) -> Self {
        self.optional = true;
        self
    }
}

/// Sort order chosen by the operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub column: usize,
    pub descending: bool,
}

/// Rows, filter, sort, selection and scroll of one list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListTable {
    columns: &'static [Column],
    rows: Vec<TableRow>,
    /// Indices of `rows` that pass the filter, in sort order.
    visible: Vec<usize>,
    /// Index into `visible`.
    selected: usize,
    /// Key of the selected row, to find it again after a refresh or re-sort.
    selected_key: Option<String>,
    filter: String,
    sort: Option<Sort>,
    /// A row asked for before it is listed (a revision just registered): selected when it appears,
    /// unless the operator moves first.
    wanted: Option<String>,
    /// The widest cell (or title) of each column, over every row: what the column would like.
    natural: Vec<usize>,
    /// First visible row and rows that fit, as last drawn.
    offset: Cell<usize>,
    height: Cell<usize>,
}

impl ListTable {
    /// An empty table with these columns.
    pub fn new(columns: &'static [Column]) -> Self {
        Self {
            columns,
            rows: Vec::new(),
            visible: Vec::new(),
            selected: 0,
            selected_key: None,
            filter: String::new(),
            sort: None,
            wanted: None,
            natural: columns.iter().map(|c| c.title.width()).collect(),
            offset: Cell::new(0),
            height: Cell::new(0),
        }
    }

    pub fn columns(&self) -> &'static [Column] {
        self.columns
    }

    /// Replaces the rows (the data changed); the selection stays on its key when it is still there.
    pub fn set_rows(&mut self, rows: Vec<TableRow>) {
        self.natural = self.columns.iter().map(|c| c.title.width()).collect();
        for row in &rows {
            for (n, cell) in self.natural.iter_mut().zip(&row.cells) {
                *n = (*n).max(cell.width());
            }
        }
        self.rows = rows;
        self.recompute();
    }

    /// The widest cell or title of each column.
    pub fn natural_widths(&self) -> &[usize] {
        &self.natural
    }

    /// Every row, unfiltered.
    pub fn rows(&self) -> &[TableRow] {
        &self.rows
    }

    /// The rows that pass the filter, in sort order.
    pub fn visible_rows(&self) -> impl Iterator<Item = &TableRow> {
        self.visible.iter().filter_map(|i| self.rows.get(*i))
    }

    pub fn visible_len(&self) -> usize {
        self.visible.len()
    }

    pub fn filter(&self) -> &str {
        &self.filter
    }

    pub fn sort(&self) -> Option<Sort> {
        self.sort
    }

    /// Position of the selection among the visible rows.
    pub fn selected_index(&self) -> usize {
        self.selected
    }

    /// The key the selection follows (or the row asked for that is not listed yet).
    pub fn selected_key(&self) -> Option<&str> {
        self.wanted.as_deref().or(self.selected_key.as_deref())
    }

    /// A row asked for that is not listed yet.
    pub fn wanted(&self) -> Option<&str> {
        self.wanted.as_deref()
    }

    /// Selects the row with this key as soon as it is there.
    pub fn select_key(&mut self, key: impl Into<String>) {
        self.wanted = Some(key.into());
        self.recompute();
    }

    pub fn set_filter(&mut self, filter: impl Into<String>) {
        self.filter = filter.into();
        self.recompute();
    }

    /// The row under the cursor.
    pub fn selected_row(&self) -> Option<&TableRow> {
        self.visible
            .get(self.selected)
            .and_then(|i| self.rows.get(*i))
    }

    /// Moves the selection by `delta` rows.
    pub fn move_by(&mut self, delta: isize) {
        let target = if delta.is_negative() {
            self.selected.saturating_sub(delta.unsigned_abs())
        } else {
            self.selected.saturating_add(delta.unsigned_abs())
        };
        self.select_index(target);
    }

    /// Moves by a page of what is on screen (one row before the first draw).
    pub fn page(&mut self, down: bool) {
        let page = self.height.get().max(1);
        let delta = isize::try_from(page).unwrap_or(isize::MAX);
        self.move_by(if down { delta } else { -delta });
    }

    /// Selects the first (`false`) or last (`true`) visible row.
    pub fn jump(&mut self, to_end: bool) {
        let target = if to_end {
            self.visible.len().saturating_sub(1)
        } else {
            0
        };
        self.select_index(target);
    }

    /// Cycles the sort column: none → 0 → 1 → ... → none.
    pub fn sort_next(&mut self) {
        let columns = self.columns.len();
        self.sort = match self.sort {
            None if columns > 0 => Some(Sort {
                column: 0,
                descending: false,
            }),
            Some(s) if s.column + 1 < columns => Some(Sort {
                column: s.column + 1,
                descending: false,
            }),
            _ => None,
        };
        self.recompute();
    }

    /// Flips the sort direction (sorting by the first column if none is chosen).
    pub fn sort_reverse(&mut self) {
        self.sort = Some(match self.sort {
            Some(s) => Sort {
                column: s.column,
                descending: !s.descending,
            },
            None => Sort {
                column: 0,
                descending: true,
            },
        });
        self.recompute();
    }

    /// Sets the sort directly (tests and screens that open sorted).
    pub fn set_sort(&mut self, sort: Option<Sort>) {
        self.sort = sort;
        self.recompute();
    }

    /// The window of visible positions on screen: `offset..offset+height` as last drawn (the first
    /// `fallback` rows before the first draw). Screens fetch details for these rows only.
    pub fn window(&self, fallback: usize) -> Range<usize> {
        let height = match self.height.get() {
            0 => fallback,
            h => h,
        };
        let offset = scroll_into_view(self.selected, self.offset.get(), height);
        let end = offset.saturating_add(height).min(self.visible.len());
        offset.min(end)..end
    }

    /// Keys of the rows in [`ListTable::window`].
    pub fn window_keys(&self, fallback: usize) -> Vec<String> {
        self.window(fallback)
            .filter_map(|pos| self.visible.get(pos))
            .filter_map(|i| self.rows.get(*i))
            .map(|r| r.key.clone())
            .collect()
    }

    /// Called by the renderer: the rows that fit now; returns the first visible position to draw,
    /// keeping the selection on screen.
    pub fn layout(&self, height: usize) -> usize {
        self.height.set(height);
        // The window stays full: after a resize or the end of the list moving up, no rows are
        // left hidden above empty lines.
        let offset = scroll_into_view(self.selected, self.offset.get(), height)
            .min(self.visible.len().saturating_sub(height));
        self.offset.set(offset);
        offset
    }

    fn select_index(&mut self, target: usize) {
        self.wanted = None;
        self.selected = target.min(self.visible.len().saturating_sub(1));
        self.selected_key = self
            .visible
            .get(self.selected)
            .and_then(|i| self.rows.get(*i))
            .map(|r| r.key.clone());
    }

    /// Filters and sorts, then puts the selection back on its key if it is still visible.
    fn recompute(&mut self) {
        let needle = self.filter.to_lowercase();
        let mut idx: Vec<usize> = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                needle.is_empty() || r.cells.iter().any(|c| c.to_lowercase().contains(&needle))
            })
            .map(|(i, _)| i)
            .collect();
        if let Some(sort) = self.sort {
            let rows = &self.rows;
            let cell = |i: usize| {
                rows.get(i)
                    .and_then(|r| r.cells.get(sort.column))
                    .map(String::as_str)
                    .unwrap_or("")
            };
            idx.sort_by(|a, b| {
                let ord = compare_cells(cell(*a), cell(*b));
                if sort.descending { ord.reverse() } else { ord }
            });
        }
        self.visible = idx;
        if let Some(key) = &self.wanted
            && let Some(pos) = self
                .visible
                .iter()
                .position(|i| self.rows.get(*i).is_some_and(|r| &r.key == key))
        {
            self.selected = pos;
            self.selected_key = self.wanted.take();
            return;
        }
        if let Some(key) = &self.selected_key
            && let Some(pos) = self
                .visible
                .iter()
                .position(|i| self.rows.get(*i).is_some_and(|r| &r.key == key))
        {
            self.selected = pos;
            return;
        }
        let wanted = self.wanted.take();
        self.select_index(self.selected);
        self.wanted = wanted;
    }
}

/// Keeps `selected` inside a window of `height` rows starting at `offset`; returns the new offset.
pub fn scroll_into_view(selected: usize, offset: usize, height: usize) -> usize {
    if height == 0 {
        offset
    } else if selected < offset {
        selected
    } else if selected >= offset.saturating_add(height) {
        selected.saturating_sub(height - 1)
    } else {
        offset
    }
}

/// Numbers compare as numbers, everything else case-insensitively.
pub fn compare_cells(a: &str, b: &str) -> Ordering {
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        _ => a.to_lowercase().cmp(&b.to_lowercase()),
    }
}

/// The scroll position of a text page, owned by what draws it: commands move it freely and the
/// renderer clamps it to the text it has.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scroll {
    offset: Cell<usize>,
    height: Cell<usize>,
}

impl Scroll {
    /// First line shown.
    pub fn offset(&self) -> usize {
        self.offset.get()
    }

    pub fn set(&self, offset: usize) {
        self.offset.set(offset);
    }

    /// Moves by `delta` lines (clamped to the text when drawn).
    pub fn by(&self, delta: isize) {
        let now = self.offset.get();
        self.offset.set(if delta.is_negative() {
            now.saturating_sub(delta.unsigned_abs())
        } else {
            now.saturating_add(delta.unsigned_abs())
        });
    }

    /// Moves by a page of what is on screen.
    pub fn page(&self, down: bool) {
        let page = isize::try_from(self.height.get().max(1)).unwrap_or(isize::MAX);
        self.by(if down { page } else { -page });
    }

    /// To the top or (clamped when drawn) the bottom.
    pub fn jump(&self, to_end: bool) {
        self.offset.set(if to_end { usize::MAX } else { 0 });
    }

    /// Called by the renderer: `total` lines in a box of `height`; returns the first line to draw.
    pub fn layout(&self, total: usize, height: usize) -> usize {
        self.height.set(height);
        let offset = self.offset.get().min(total.saturating_sub(height));
        self.offset.set(offset);
        offset
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: &[Column] = &[Column::text("NAME", 4), Column::number("N", 3)];

    fn table(names: &[(&str, &str)]) -> ListTable {
        let mut t = ListTable::new(COLUMNS);
        t.set_rows(rows(names));
        t
    }

    fn rows(names: &[(&str, &str)]) -> Vec<TableRow> {
        names
            .iter()
            .map(|(k, n)| TableRow {
                key: k.to_string(),
                cells: vec![k.to_string(), n.to_string()],
            })
            .collect()
    }

    fn keys(t: &ListTable) -> Vec<&str> {
        t.visible_rows().map(|r| r.key.as_str()).collect()
    }

    #[test]
    fn filter_sort_and_numeric_compare() {
        let mut t = table(&[("alpha", "10"), ("beta", "9"), ("gamma", "100")]);
        t.set_sort(Some(Sort {
            column: 1,
            descending: false,
        }));
        assert_eq!(keys(&t), ["beta", "alpha", "gamma"]);
        t.set_filter("A");
        assert_eq!(keys(&t), ["beta", "alpha", "gamma"], "all contain an a");
        t.set_filter("gam");
        assert_eq!(keys(&t), ["gamma"]);
    }

    #[test]
    fn selection_follows_key_across_refresh() {
        let mut t = table(&[("a", "1"), ("b", "2"), ("c", "3")]);
        t.move_by(2);
        assert_eq!(t.selected_key(), Some("c"));
        t.set_rows(rows(&[("c", "3"), ("a", "1")]));
        assert_eq!(t.selected_index(), 0);
        t.set_rows(rows(&[("a", "1")]));
        assert_eq!((t.selected_index(), t.selected_key()), (0, Some("a")));
    }

    #[test]
    fn a_wanted_key_waits_for_its_row() {
        let mut t = ListTable::new(COLUMNS);
        t.select_key("b");
        assert_eq!(t.selected_key(), Some("b"));
        t.set_rows(rows(&[("a", "1"), ("b", "2")]));
        assert_eq!(t.selected_row().map(|r| r.key.as_str()), Some("b"));
        // Asked for while other rows are listed: it waits through a refresh that lacks it.
        t.select_key("c");
        t.set_rows(rows(&[("a", "1"), ("b", "2")]));
        assert_eq!(t.selected_key(), Some("c"));
        t.set_rows(rows(&[("a", "1"), ("b", "2"), ("c", "3")]));
        assert_eq!(t.selected_row().map(|r| r.key.as_str()), Some("c"));
        // Moving first wins over a row that never came.
        t.select_key("zzz");
        t.move_by(-1);
        assert_eq!(t.selected_key(), Some("b"));
    }

    #[test]
    fn moves_saturate_at_both_ends() {
        let mut t = table(&[("a", "1"), ("b", "2")]);
        t.move_by(-5);
        assert_eq!(t.selected_index(), 0);
        t.move_by(50);
        assert_eq!(t.selected_index(), 1);
        t.set_rows(Vec::new());
        t.move_by(1);
        assert_eq!(t.selected_index(), 0);
        assert!(t.selected_row().is_none());
    }

    #[test]
    fn sort_cycles_through_columns_then_off() {
        let mut t = table(&[]);
        t.sort_next();
        assert_eq!(
            t.sort(),
            Some(Sort {
                column: 0,
                descending: false
            })
        );
        t.sort_next();
        t.sort_reverse();
        assert_eq!(
            t.sort(),
            Some(Sort {
                column: 1,
                descending: true
            })
        );
        t.sort_next();
        assert_eq!(t.sort(), None);
    }

    #[test]
    fn the_renderer_owns_the_window_and_paging_uses_it() {
        let names: Vec<(String, String)> = (0..50)
            .map(|i| (format!("r{i:02}"), i.to_string()))
            .collect();
        let refs: Vec<(&str, &str)> = names
            .iter()
            .map(|(a, b)| (a.as_str(), b.as_str()))
            .collect();
        let mut t = table(&refs);
        assert_eq!(t.window(5), 0..5, "before the first draw: the fallback");
        assert_eq!(t.layout(10), 0);
        t.page(true);
        assert_eq!(t.selected_index(), 10);
        assert_eq!(t.layout(10), 1, "the selection is kept on screen");
        assert_eq!(t.window(5), 1..11);
        t.jump(true);
        assert_eq!(t.layout(10), 40);
    }

    #[test]
    fn scroll_is_clamped_where_it_is_drawn() {
        let s = Scroll::default();
        s.jump(true);
        assert_eq!(s.layout(100, 20), 80);
        s.page(false);
        assert_eq!(s.layout(100, 20), 60);
        s.by(-1000);
        assert_eq!(s.layout(100, 20), 0);
        s.by(5);
        assert_eq!(s.layout(3, 20), 0, "short text never scrolls");
    }
}
