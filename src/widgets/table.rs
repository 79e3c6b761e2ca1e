//! The generic resource table: draws only the rows in view, with the sort marker and the selection.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Row, Table};

use super::theme::Theme;
use crate::state::ListTable;

/// Draws the table's visible rows; records the page height and scroll offset in the table.
pub fn render(
    frame: &mut Frame,
    area: Rect,
    block: Block,
    table: &ListTable,
    status_column: Option<usize>,
    theme: &Theme,
) {
    let columns = table.columns();
    let height = usize::from(area.height.saturating_sub(3));
    let offset = table.layout(height);
    let sort = table.sort();
    let header = Row::new(columns.iter().enumerate().map(|(i, c)| {
        let marker = match sort {
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
    let selected = table.selected_index();
    let body: Vec<Row> = table
        .visible_rows()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(pos, row)| {
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
            if pos == selected {
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
            let sorted = sort.is_some_and(|s| s.column == i);
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
    let widget = Table::new(body, widths)
        .header(header)
        .block(block)
        .column_spacing(1);
    frame.render_widget(widget, area);
}

/// "12 of 340" when filtered, "340" otherwise, for block titles.
pub fn count_label(table: &ListTable, loaded: bool) -> String {
    if !loaded {
        "…".to_string()
    } else if table.filter().is_empty() {
        table.rows().len().to_string()
    } else {
        format!("{} of {}", table.visible_len(), table.rows().len())
    }
}
