//! Lines of a text page: diff lines coloured by their sign, search matches underlined.

use ratatui::style::Modifier;
use ratatui::text::Line;

use super::theme::Theme;

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

/// The spans in `width` columns; what does not fit is cut with an ellipsis.
pub fn fit_spans(spans: Vec<ratatui::text::Span<'static>>, width: usize) -> Line<'static> {
    use unicode_width::UnicodeWidthStr;
    let mut left = width;
    let mut out = Vec::new();
    for span in spans {
        let w = span.content.width();
        if w <= left {
            left -= w;
            out.push(span);
            continue;
        }
        let cut = crate::widgets::format::cut_end(&span.content, left);
        out.push(ratatui::text::Span::styled(cut, span.style));
        break;
    }
    Line::from(out)
}
