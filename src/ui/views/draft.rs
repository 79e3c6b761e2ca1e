//! A pending task definition edit: whether it can be registered, its problems, and its diff.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

use super::json::styled_line;
use crate::state::drafts::Draft;
use crate::ui::theme::Theme;

pub fn render(frame: &mut Frame, area: Rect, draft: Option<&Draft>, family: &str, theme: &Theme) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Line::styled(format!(" {family} draft "), theme.title()));
    let Some(draft) = draft else {
        frame.render_widget(
            Paragraph::new("This draft was registered or discarded.").block(block),
            area,
        );
        return;
    };
    let height = usize::from(area.height.saturating_sub(2));
    let lines: Vec<Line> = draft
        .page_lines()
        .into_iter()
        .enumerate()
        .skip(draft.scroll)
        .take(height)
        .map(|(i, text)| match i {
            0 => Line::styled(text, theme.dim()),
            1 if draft.problems.is_empty() => Line::styled(text, theme.ok()),
            1 => Line::styled(text, theme.error()),
            _ if text.starts_with("  ✗") => Line::styled(text, theme.error()),
            _ => styled_line(text, true, "", theme),
        })
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
