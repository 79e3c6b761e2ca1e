//! The generic resource table: rows as text cells with a stable key, filter, sort and a selection that
//! follows its row across refreshes. Every list view uses it; a view only supplies rows and columns.

use std::cmp::Ordering;

/// One row: a stable key (usually the ARN) and its cells, in column order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    pub key: String,
    pub cells: Vec<String>,
}

/// A column's title and how wide it wants to be.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    pub title: &'static str,
    /// Fixed width, or the minimum width of a flexible column.
    pub width: u16,
    /// Flexible columns share the space the fixed ones leave.
    pub flex: bool,
    /// Right-aligned numbers.
    pub numeric: bool,
}

impl Column {
    pub const fn text(title: &'static str, width: u16) -> Self {
        Self {
            title,
            width,
            flex: false,
            numeric: false,
        }
    }
    pub const fn flex(title: &'static str, width: u16) -> Self {
        Self {
            title,
            width,
            flex: true,
            numeric: false,
        }
    }
    pub const fn number(title: &'static str, width: u16) -> Self {
        Self {
            title,
            width,
            flex: false,
            numeric: true,
        }
    }
}

/// Sort order chosen by the operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Sort {
    pub column: usize,
    pub descending: bool,
}

/// Selection, scroll, filter and sort of one table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TableState {
    /// Index into the visible (filtered, sorted) rows.
    pub selected: usize,
    /// Key of the selected row, to find it again after a refresh or re-sort.
    pub selected_key: Option<String>,
    pub filter: String,
    pub sort: Option<Sort>,
    /// First visible row, kept by the renderer's last page size.
    pub offset: usize,
}

impl TableState {
    /// Indices of `rows` that pass the filter, in sort order.
    pub fn visible(&self, rows: &[TableRow]) -> Vec<usize> {
        let needle = self.filter.to_lowercase();
        let mut idx: Vec<usize> = rows
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                needle.is_empty() || r.cells.iter().any(|c| c.to_lowercase().contains(&needle))
            })
            .map(|(i, _)| i)
            .collect();
        if let Some(sort) = self.sort {
            idx.sort_by(|a, b| {
                let ca = rows[*a]
                    .cells
                    .get(sort.column)
                    .map(String::as_str)
                    .unwrap_or("");
                let cb = rows[*b]
                    .cells
                    .get(sort.column)
                    .map(String::as_str)
                    .unwrap_or("");
                let ord = compare_cells(ca, cb);
                if sort.descending { ord.reverse() } else { ord }
            });
        }
        idx
    }

    /// After the rows changed: put the selection back on the same key if it is still visible,
    /// otherwise clamp it.
    pub fn reconcile(&mut self, rows: &[TableRow]) {
        let visible = self.visible(rows);
        if let Some(key) = &self.selected_key
            && let Some(pos) = visible.iter().position(|i| &rows[*i].key == key)
        {
            self.selected = pos;
            return;
        }
        self.selected = self.selected.min(visible.len().saturating_sub(1));
        self.selected_key = visible.get(self.selected).map(|i| rows[*i].key.clone());
    }

    /// Moves the selection by `delta` rows within `len` visible rows.
    pub fn move_by(&mut self, rows: &[TableRow], delta: isize) {
        let visible = self.visible(rows);
        if visible.is_empty() {
            self.selected = 0;
            self.selected_key = None;
            return;
        }
        let last = visible.len() - 1;
        let target = if delta.is_negative() {
            self.selected.saturating_sub(delta.unsigned_abs())
        } else {
            self.selected.saturating_add(delta as usize).min(last)
        };
        self.select_index(rows, &visible, target);
    }

    /// Selects the first (`false`) or last (`true`) visible row.
    pub fn jump(&mut self, rows: &[TableRow], to_end: bool) {
        let visible = self.visible(rows);
        let target = if to_end {
            visible.len().saturating_sub(1)
        } else {
            0
        };
        self.select_index(rows, &visible, target);
    }

    fn select_index(&mut self, rows: &[TableRow], visible: &[usize], target: usize) {
        self.selected = target.min(visible.len().saturating_sub(1));
        self.selected_key = visible.get(self.selected).map(|i| rows[*i].key.clone());
    }

    /// The key of the selected row, if any row is visible.
    pub fn selected_row<'a>(&self, rows: &'a [TableRow]) -> Option<&'a TableRow> {
        let visible = self.visible(rows);
        visible.get(self.selected).map(|i| &rows[*i])
    }

    /// Cycles the sort column: none → 0 → 1 → ... → none.
    pub fn sort_next(&mut self, columns: usize) {
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
    }

    /// Keeps the selected row inside a window of `height` rows; returns the first row to draw.
    pub fn scroll_into_view(&self, height: usize) -> usize {
        if height == 0 {
            return self.offset;
        }
        if self.selected < self.offset {
            self.selected
        } else if self.selected >= self.offset.saturating_add(height) {
            self.selected.saturating_sub(height - 1)
        } else {
            self.offset
        }
    }
}

/// Numbers compare as numbers, everything else case-insensitively.
pub fn compare_cells(a: &str, b: &str) -> Ordering {
    match (a.parse::<f64>(), b.parse::<f64>()) {
        (Ok(x), Ok(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        _ => a.to_lowercase().cmp(&b.to_lowercase()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(names: &[(&str, &str)]) -> Vec<TableRow> {
        names
            .iter()
            .map(|(k, n)| TableRow {
                key: k.to_string(),
                cells: vec![k.to_string(), n.to_string()],
            })
            .collect()
    }

    #[test]
    fn filter_sort_and_numeric_compare() {
        let r = rows(&[("alpha", "10"), ("beta", "9"), ("gamma", "100")]);
        let mut t = TableState {
            sort: Some(Sort {
                column: 1,
                descending: false,
            }),
            ..Default::default()
        };
        assert_eq!(t.visible(&r), vec![1, 0, 2]);
        t.filter = "A".into();
        assert_eq!(t.visible(&r), vec![1, 0, 2], "all contain an a");
        t.filter = "gam".into();
        assert_eq!(t.visible(&r), vec![2]);
    }

    #[test]
    fn selection_follows_key_across_refresh() {
        let r = rows(&[("a", "1"), ("b", "2"), ("c", "3")]);
        let mut t = TableState::default();
        t.move_by(&r, 2);
        assert_eq!(t.selected_key.as_deref(), Some("c"));
        let r2 = rows(&[("c", "3"), ("a", "1")]);
        t.reconcile(&r2);
        assert_eq!(t.selected, 0);
        let r3 = rows(&[("a", "1")]);
        t.reconcile(&r3);
        assert_eq!((t.selected, t.selected_key.as_deref()), (0, Some("a")));
    }

    #[test]
    fn moves_saturate_at_both_ends() {
        let r = rows(&[("a", "1"), ("b", "2")]);
        let mut t = TableState::default();
        t.move_by(&r, -5);
        assert_eq!(t.selected, 0);
        t.move_by(&r, 50);
        assert_eq!(t.selected, 1);
        t.move_by(&[], 1);
        assert_eq!((t.selected, t.selected_key.clone()), (0, None));
    }

    #[test]
    fn sort_cycles_through_columns_then_off() {
        let mut t = TableState::default();
        t.sort_next(2);
        assert_eq!(
            t.sort,
            Some(Sort {
                column: 0,
                descending: false
            })
        );
        t.sort_next(2);
        assert_eq!(
            t.sort,
            Some(Sort {
                column: 1,
                descending: false
            })
        );
        t.sort_reverse();
        assert_eq!(
            t.sort,
            Some(Sort {
                column: 1,
                descending: true
            })
        );
        t.sort_next(2);
        assert_eq!(t.sort, None);
    }

    #[test]
    fn scroll_keeps_selection_visible() {
        let t = TableState {
            selected: 30,
            offset: 0,
            ..Default::default()
        };
        assert_eq!(t.scroll_into_view(10), 21);
        let t = TableState {
            selected: 3,
            offset: 10,
            ..Default::default()
        };
        assert_eq!(t.scroll_into_view(10), 3);
    }
}
