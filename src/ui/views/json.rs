//! A scrollable read-only text page (the `d` describe views).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::state::TextPage;
use crate::ui::theme::Theme;

pub fn render(frame: &mut Frame, area: Rect, page: &TextPage, theme: &Theme) {
    let height = usize::from(area.height.saturating_sub(2));
    let last = page.scroll.saturating_add(height).min(page.lines.len());
    let position = format!(
        " lines {}-{} of {} ",
        page.scroll.saturating_add(1).min(last),
        last,
        page.lines.len()
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Line::styled(format!(" {} ", page.title), theme.title()))
        .title(Line::styled(position, theme.dim()).right_aligned());
    let lines: Vec<Line> = page
        .lines
        .iter()
        .skip(page.scroll)
        .take(height)
        .map(|l| Line::raw(l.as_str()))
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
