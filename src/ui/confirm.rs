//! The confirmation dialog: a centred box listing what will happen, with No highlighted first.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use super::theme::Theme;
use crate::state::Confirm;

pub fn render(frame: &mut Frame, area: Rect, dialog: &Confirm, theme: &Theme) {
    let width = area.width.saturating_sub(4).min(84);
    let wanted = u16::try_from(dialog.lines.len())
        .unwrap_or(u16::MAX)
        .saturating_add(5);
    let height = wanted.min(area.height.saturating_sub(2));
    let popup = Rect {
        x: area.x + area.width.saturating_sub(width) / 2,
        y: area.y + area.height.saturating_sub(height) / 2,
        width,
        height,
    };
    frame.render_widget(Clear, popup);
    let mut lines: Vec<Line> = dialog.lines.iter().map(|l| Line::raw(l.as_str())).collect();
    lines.push(Line::raw(""));
    let button = |label: String, on: bool| {
        if on {
            Span::styled(format!("[ {label} ]"), theme.selected())
        } else {
            Span::raw(format!("  {label}  "))
        }
    };
    lines.push(
        Line::from(vec![
            button("No".to_string(), !dialog.yes_highlighted),
            Span::raw("   "),
            button(dialog.yes_label.clone(), dialog.yes_highlighted),
        ])
        .centered(),
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme.warning())
        .title(Line::styled(format!(" {} ", dialog.title), theme.warning()))
        .title_bottom(
            Line::styled(
                " y yes · n/esc no · tab switch · enter choose ",
                theme.dim(),
            )
            .right_aligned(),
        );
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        popup,
    );
}
