//! The generic resource table: draws only the rows in view, with the sort marker and the selection.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Row, Table};

use super::theme::Theme;
use crate::state::table::{Column, TableRow, TableState};

/// What a view hands the table: its columns, its rows, and the table state.
pub struct TableView<'a> {
    pub columns: &'a [Column],
    pub rows: &'a [TableRow],
    pub state: &'a TableState,
    /// A column whose cells are coloured by status.
    pub status_column: Option<usize>,
}

/// Draws the view's rows through the table state's filter, sort and selection.
pub fn render(frame: &mut Frame, area: Rect, block: Block, view: TableView, theme: &Theme) {
    let TableView {
        columns,
        rows,
        state,
        status_column,
    } = view;
    let visible = state.visible(rows);
    let height = usize::from(area.height.saturating_sub(3));
    let offset = state
        .scroll_into_view(height)
        .min(visible.len().saturating_sub(1));
    let header = Row::new(columns.iter().enumerate().map(|(i, c)| {
        let marker = match state.sort {
            Some(s) if s.column == i && s.descending => " ▼",
            Some(s) if s.column == i => " ▲",
            _ => "",
        };
        let title = format!("{}{marker}", c.title);
        let line = if c.numeric {
            Line::from(title).right_aligned()
        } else {
            Line::from(title)
        };
        Cell::from(line)
    }))
    .style(theme.column_header());
    let body: Vec<Row> = visible
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(pos, idx)| {
            let row = &rows[*idx];
            let cells = row.cells.iter().enumerate().map(|(ci, text)| {
                let numeric = columns.get(ci).is_some_and(|c| c.numeric);
                let style = if Some(ci) == status_column {
                    theme.status(text)
                } else {
                    Default::default()
                };
                let line = Line::from(Span::styled(text.as_str(), style));
                Cell::from(if numeric { line.right_aligned() } else { line })
            });
            let r = Row::new(cells);
            if pos == state.selected {
                r.style(theme.selected())
            } else {
                r
            }
        })
        .collect();
    let widths: Vec<Constraint> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| {
            // Room for the sort marker so the title is not cut.
            let sorted = state.sort.is_some_and(|s| s.column == i);
            let width = if sorted {
                c.width.max(c.title.len() as u16 + 2)
            } else {
                c.width
            };
            if c.flex {
                Constraint::Min(width)
            } else {
                Constraint::Length(width)
            }
        })
        .collect();
    let table = Table::new(body, widths)
        .header(header)
        .block(block)
        .column_spacing(1);
    frame.render_widget(table, area);
}

/// "12 of 340" when filtered, "340" otherwise, for block titles.
pub fn count_label(state: &TableState, rows: &[TableRow], loaded: bool) -> String {
    if !loaded {
        "…".to_string()
    } else if state.filter.is_empty() {
        rows.len().to_string()
    } else {
        format!("{} of {}", state.visible(rows).len(), rows.len())
    }
}
