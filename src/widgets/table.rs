//! The generic resource table: draws only the rows in view, with the sort marker and the selection.
//! Column widths come from the content ([`allocate`]): identifiers are never cut while another column
//! has room, and whatever is cut shows an ellipsis (identifiers in the middle, so both ends show).

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Cell, Row, Table};
use unicode_width::UnicodeWidthStr;

use super::format::{cut_end, cut_images, cut_middle};
use super::theme::Theme;
use crate::state::{Column, ListTable};

/// Columns between cells.
const GAP: usize = 1;

/// Widths for `columns` in `available` cells (0 = hidden), given what each would like (`want`:
/// its widest cell or title).
///
/// When everything fits, each column gets what it wants and the spare room goes to the flexible
/// columns. When it does not, room is taken first from text that is not an identifier (down to its
/// minimum, from the right), then from identifiers (the widest first, down to their minimum), then columns are
/// hidden from the right (identifiers and the first column last), and only then is the first
/// identifier cut below its minimum.
pub fn allocate(columns: &[Column], want: &[usize], available: usize) -> Vec<usize> {
    let n = columns.len();
    let mut width: Vec<usize> = (0..n)
        .map(|i| want.get(i).copied().unwrap_or(0).max(1))
        .collect();
    let min: Vec<usize> = (0..n)
        .map(|i| {
            let c = &columns[i];
            let floor = if c.numeric {
                width[i]
            } else {
                usize::from(c.width).max(3)
            };
            floor.min(width[i])
        })
        .collect();
    let mut shown = vec![true; n];
    let used = |width: &[usize], shown: &[bool]| -> usize {
        let count = shown.iter().filter(|s| **s).count();
        width
            .iter()
            .zip(shown)
            .filter(|(_, s)| **s)
            .map(|(w, _)| *w)
            .sum::<usize>()
            + GAP * count.saturating_sub(1)
    };
    let finish = |width: Vec<usize>, shown: &[bool]| -> Vec<usize> {
        width
            .into_iter()
            .zip(shown)
            .map(|(w, s)| if *s { w } else { 0 })
            .collect()
    };
    let total = used(&width, &shown);
    if total <= available {
        // Spare room to the flexible columns, evenly.
        let spare = available - total;
        let flexible: Vec<usize> = (0..n).filter(|i| columns[*i].flex).collect();
        if !flexible.is_empty() {
            let share = spare / flexible.len();
            let mut rest = spare % flexible.len();
            for i in flexible {
                width[i] += share;
                if rest > 0 {
                    width[i] += 1;
                    rest -= 1;
                }
            }
        }
        return width;
    }
    // 1. Shrink text that is not an identifier, from the right.
    for i in (0..n).rev() {
        if columns[i].ident || columns[i].numeric {
            continue;
        }
        let over = used(&width, &shown).saturating_sub(available);
        width[i] -= (width[i] - min[i]).min(over);
    }
    // 2. Hide optional columns (descriptions) rather than cut an identifier.
    for i in (1..n).rev() {
        if used(&width, &shown) > available && columns[i].optional {
            shown[i] = false;
        }
    }
    // 3. Shrink identifiers, the widest first (a 36-character task id gives way before a
    // `family:revision` or an instance id is cut at all); on a tie the rightmost, as the first
    // column is usually the name the row is about.
    while used(&width, &shown) > available {
        let widest = (0..n)
            .filter(|i| shown[*i] && columns[*i].ident && width[*i] > min[*i])
            .max_by_key(|i| (width[*i], *i));
        let mut moved = false;
        if let Some(i) = widest {
            width[i] -= 1;
            moved = true;
        }
        if !moved {
            break;
        }
    }
    // 4. Hide columns from the right: plain ones first, identifiers next; never the first column.
    for pass_ident in [false, true] {
        for i in (1..n).rev() {
            if used(&width, &shown) > available && shown[i] && columns[i].ident == pass_ident {
                shown[i] = false;
            }
        }
    }
    // 4b. Room a hidden column freed goes back to the identifiers cut in step 3, up to what they
    // want, so a cut name never sits next to empty cells.
    for i in 0..n {
        let spare = available.saturating_sub(used(&width, &shown));
        if shown[i] && columns[i].ident && width[i] < want.get(i).copied().unwrap_or(0) {
            width[i] += spare.min(want[i] - width[i]);
        }
    }
    // 5. Whatever is left: cut the first column.
    let over = used(&width, &shown).saturating_sub(available);
    width[0] = width[0].saturating_sub(over).max(1);
    finish(width, &shown)
}

/// `text` cut to `width` as its column cuts: identifiers in the middle, the rest at the end.
fn fit(text: &str, width: usize, column: Option<&Column>) -> String {
    if text.width() <= width {
        text.to_string()
    } else if column.is_some_and(|c| c.image) {
        cut_images(text, width)
    } else if column.is_some_and(|c| c.ident) {
        cut_middle(text, width)
    } else {
        cut_end(text, width)
    }
}

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
    let want: Vec<usize> = table
        .natural_widths()
        .iter()
        .enumerate()
        .map(|(i, w)| {
            // Room for the sort marker so the title is not cut.
            let sorted = sort.is_some_and(|s| s.column == i);
            if sorted {
                (*w).max(columns[i].title.width() + 2)
            } else {
                *w
            }
        })
        .collect();
    let inner = usize::from(area.width.saturating_sub(2));
    let widths = allocate(columns, &want, inner);
    let shown: Vec<usize> = (0..columns.len()).filter(|i| widths[*i] > 0).collect();
    let header = Row::new(shown.iter().map(|&i| {
        let c = &columns[i];
        let marker = match sort {
            Some(s) if s.column == i && s.descending => " ▼",
            Some(s) if s.column == i => " ▲",
            _ => "",
        };
        let title = fit(&format!("{}{marker}", c.title), widths[i], None);
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
            let cells = shown.iter().map(|&ci| {
                let text = row.cells.get(ci).map(String::as_str).unwrap_or("");
                let column = columns.get(ci);
                let style = if Some(ci) == status_column {
                    theme.status(text)
                } else {
                    Default::default()
                };
                let line = Line::from(Span::styled(fit(text, widths[ci], column), style));
                Cell::from(if column.is_some_and(|c| c.numeric) {
                    line.right_aligned()
                } else {
                    line
                })
            });
            let r = Row::new(cells);
            if pos == selected {
                r.style(theme.selected())
            } else {
                r
            }
        })
        .collect();
    let constraints: Vec<Constraint> = shown
        .iter()
        .map(|&i| Constraint::Length(u16::try_from(widths[i]).unwrap_or(u16::MAX)))
        .collect();
    let widget = Table::new(body, constraints)
        .header(header)
        .block(block)
        .column_spacing(GAP as u16);
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

#[cfg(test)]
mod tests {
    use super::*;

    const COLS: &[Column] = &[
        Column::ident("NAME", 8),
        Column::text("STATUS", 6),
        Column::number("N", 3),
        Column::flex("DESCRIPTION", 5),
    ];

    #[test]
    fn the_widest_identifier_gives_way_first() {
        // A task id (36) and its family:revision (12) in 60 columns: the revision stays whole.
        const TASKS: &[Column] = &[
            Column::ident("TASK", 10),
            Column::text("LAST", 7),
            Column::ident("TASK DEFINITION", 10),
            Column::text("IP", 15),
        ];
        let widths = allocate(TASKS, &[36, 7, 12, 15], 60);
        assert_eq!(widths, [23, 7, 12, 15]);
        assert!(widths.iter().sum::<usize>() + 3 <= 60);
    }

    #[test]
    fn everything_fits_and_the_spare_room_goes_to_flexible_columns() {
        let w = allocate(COLS, &[10, 6, 3, 11], 60);
        assert_eq!(w[1..3], [6, 3]);
        assert_eq!(w.iter().sum::<usize>() + 3, 60, "{w:?}");
        assert!(w[0] > 10 && w[3] > 11);
    }

    #[test]
    fn text_shrinks_before_identifiers_are_cut() {
        // NAME wants 30, the description 40; 50 columns: the description gives way first.
        let w = allocate(COLS, &[30, 6, 3, 40], 50);
        assert_eq!(w[0], 30, "the identifier keeps its width: {w:?}");
        assert_eq!(w.iter().sum::<usize>() + 3, 50);
    }

    #[test]
    fn identifiers_shrink_only_when_nothing_else_can_then_columns_hide() {
        let w = allocate(COLS, &[60, 6, 3, 40], 40);
        assert!(w[0] < 60 && w[0] >= 8, "{w:?}");
        assert_eq!(w[3], 5, "the description is at its minimum");
        let w = allocate(COLS, &[60, 6, 3, 40], 14);
        assert_eq!(w[3], 0, "hidden before the name is cut to nothing: {w:?}");
        assert!(w[0] >= 8);
        let total: usize =
            w.iter().filter(|w| **w > 0).sum::<usize>() + w.iter().filter(|w| **w > 0).count() - 1;
        assert!(total <= 14, "{w:?}");
    }

    #[test]
    fn cut_cells_show_an_ellipsis_and_identifiers_keep_their_end() {
        let name = Column::ident("NAME", 4);
        assert_eq!(fit("acc-checkout-web:12", 12, Some(&name)), "acc-c…web:12");
        let status = Column::text("X", 2);
        assert_eq!(fit("CAPACITY PROVIDERS", 10, Some(&status)), "CAPACITY …");
        assert_eq!(fit("short", 10, Some(&status)), "short");
    }
}
