//! A scrollable read-only text page: JSON (`d`), diffs (`v`), with `/` search.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::state::TextPage;
use crate::ui::theme::Theme;

pub fn render(frame: &mut Frame, area: Rect, page: &TextPage, theme: &Theme) {
    let height = usize::from(area.height.saturating_sub(2));
    let last = page.scroll.saturating_add(height).min(page.lines.len());
    let mut position = format!(
        " lines {}-{} of {} ",
        page.scroll.saturating_add(1).min(last),
        last,
        page.lines.len()
    );
    if !page.search.is_empty() {
        position = format!(" /{} ·{position}", page.search);
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Line::styled(format!(" {} ", page.title), theme.title()))
        .title(Line::styled(position, theme.dim()).right_aligned());
    let needle = page.search.to_lowercase();
    let lines: Vec<Line> = page
        .lines
        .iter()
        .skip(page.scroll)
        .take(height)
        .map(|l| styled_line(l.clone(), page.diff, &needle, theme))
        .collect();
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

/// One line: diff lines coloured by their sign, search matches underlined.
pub fn styled_line<'a>(text: String, diff: bool, needle: &str, theme: &Theme) -> Line<'a> {
    let hit = !needle.is_empty() && text.to_lowercase().contains(needle);
    let style = match (diff, text.get(..2)) {
        (true, Some("+ ")) => theme.ok(),
        (true, Some("- ")) => theme.error(),
        _ => Default::default(),
    };
    let style = if hit {
        style.add_modifier(Modifier::UNDERLINED | Modifier::BOLD)
    } else {
        style
    };
    Line::styled(text, style)
}
