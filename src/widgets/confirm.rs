//! The confirmation dialog: a centred box listing what will happen, with No highlighted first.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::theme::Theme;
use crate::state::Confirm;

pub fn render(frame: &mut Frame, area: Rect, dialog: &Confirm, theme: &Theme) {
    let width = area.width.saturating_sub(4).min(84);
    let lines: Vec<Line> = dialog.lines.iter().map(|l| Line::raw(l.as_str())).collect();
    // What the operator types has a row of its own above the buttons, so it stays on screen however
    // long the text above it is.
    let typed_line = dialog.typed.as_ref().map(|(expected, typed)| {
        let style = if typed == expected {
            theme.ok()
        } else {
            theme.warning()
        };
        Line::from(vec![
            Span::styled(format!("  type {expected}: "), theme.dim()),
            Span::styled(format!("{typed}▏"), style),
        ])
    });
    let typed_rows: u16 = if typed_line.is_some() { 1 } else { 0 };
    let text = Paragraph::new(lines).wrap(Wrap { trim: false });
    // Long lines wrap: size the box by the rows they take; borders 2, blank + buttons 2.
    let rows = text.line_count(width.saturating_sub(2));
    let wanted = u16::try_from(rows)
        .unwrap_or(u16::MAX)
        .saturating_add(4 + typed_rows);
    let height = wanted.min(area.height.saturating_sub(2));
    let popup = Rect {
        x: area.x + area.width.saturating_sub(width) / 2,
        y: area.y + area.height.saturating_sub(height) / 2,
        width,
        height,
    };
    frame.render_widget(Clear, popup);
    let button = |label: String, on: bool| {
        if on {
            Span::styled(format!("[ {label} ]"), theme.selected())
        } else {
            Span::raw(format!("  {label}  "))
        }
    };
    let buttons = Line::from(vec![
        button("No".to_string(), !dialog.yes_highlighted),
        Span::raw("   "),
        if dialog.can_confirm() {
            button(dialog.yes_label.clone(), dialog.yes_highlighted)
        } else {
            Span::styled(
                format!("  {} (type the name first)  ", dialog.yes_label),
                theme.dim(),
            )
        },
    ])
    .centered();
    // Titles on the border: what fits inside the corners.
    let room = usize::from(width).saturating_sub(2);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.warning())
        .title(super::text::fit_spans(
            vec![Span::styled(format!(" {} ", dialog.title), theme.warning())],
            room,
        ))
        .title_bottom(
            // Cut at the end with an ellipsis: the first keys (y, n) are the ones that matter.
            super::text::fit_spans(
                vec![Span::styled(
                    if dialog.typed.is_some() {
                        " type the name · tab switch · enter choose · esc cancel "
                    } else if dialog.picker.is_some() {
                        " j/k choose · y yes · n/esc no · tab switch · enter choose "
                    } else {
                        " y yes · n/esc no · tab switch · enter choose "
                    },
                    theme.dim(),
                )],
                room,
            )
            .right_aligned(),
        );
    let inner_area = block.inner(popup);
    frame.render_widget(block, popup);
    // The buttons keep the last rows and the typed name the row above them, whatever the text's
    // length; the text takes the rest (its start: the question comes first).
    let [text_area, typed_area, buttons_area] = inner_area.layout(&Layout::vertical([
        Constraint::Min(0),
        Constraint::Length(typed_rows),
        Constraint::Length(2),
    ]));
    frame.render_widget(text, text_area);
    if let Some(line) = typed_line {
        frame.render_widget(Paragraph::new(line), typed_area);
    }
    frame.render_widget(Paragraph::new(vec![Line::raw(""), buttons]), buttons_area);
}
