//! A detail page: fields as `label  value` with long values wrapped under the value (a hanging
//! indent), section headings, and a box that scrolls with a position mark when the page is taller
//! than it — nothing is hidden without a sign.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::state::Scroll;

/// Builds a page's lines for a given inner width.
pub struct Page<'t> {
    width: usize,
    label_width: usize,
    theme: &'t Theme,
    lines: Vec<Line<'static>>,
}

impl<'t> Page<'t> {
    /// A page `width` columns wide (inside the box) whose labels take `label_width` columns.
    pub fn new(width: u16, label_width: usize, theme: &'t Theme) -> Self {
        Self {
            width: usize::from(width).max(20),
            label_width,
            theme,
            lines: Vec::new(),
        }
    }

    /// A section title (a blank line before it unless it is the first).
    pub fn heading(&mut self, text: &str) {
        if !self.lines.is_empty() {
            self.lines.push(Line::raw(""));
        }
        self.lines
            .push(Line::styled(text.to_string(), self.theme.title()));
    }

    /// `label  value`, the value wrapped under itself.
    pub fn field(&mut self, label: &str, value: &str) {
        self.field_styled(label, value, Style::default());
    }

    /// `label  value` in a style (a status colour).
    pub fn field_styled(&mut self, label: &str, value: &str, style: Style) {
        let indent = self.label_width.min(self.width / 2);
        let room = self.width.saturating_sub(indent).max(10);
        let label_text = format!("{label:<indent$}");
        for (i, part) in wrap(value, room).into_iter().enumerate() {
            let lead = if i == 0 {
                Span::styled(label_text.clone(), self.theme.dim())
            } else {
                Span::raw(" ".repeat(indent))
            };
            self.lines
                .push(Line::from(vec![lead, Span::styled(part, style)]));
        }
    }

    /// Free text indented by `indent`, wrapped with continuation lines indented two more.
    pub fn text(&mut self, indent: usize, text: &str, style: Style) {
        let first = " ".repeat(indent);
        let rest = " ".repeat(indent + 2);
        let options = textwrap::Options::new(self.width.max(indent + 10))
            .initial_indent(&first)
            .subsequent_indent(&rest)
            .word_separator(textwrap::WordSeparator::Custom(path_words))
            .break_words(true);
        for part in textwrap::wrap(text, options) {
            self.lines.push(Line::styled(part.into_owned(), style));
        }
    }

    /// A line made by the caller (already fitting).
    pub fn line(&mut self, line: Line<'static>) {
        self.lines.push(line);
    }

    pub fn blank(&mut self) {
        self.lines.push(Line::raw(""));
    }

    /// The theme the page draws with.
    pub fn theme(&self) -> &'t Theme {
        self.theme
    }

    pub fn into_lines(self) -> Vec<Line<'static>> {
        self.lines
    }
}

/// Words for wrapping: what spaces separate, and also the parts of a URL, path or ARN after each
/// `/`, so a long URL breaks at a slash (`…/ecs-task-stopped` on the next row) rather than in
/// the middle of a name. Only a part longer than a whole row is still cut.
fn path_words(line: &str) -> Box<dyn Iterator<Item = textwrap::core::Word<'_>> + '_> {
    let mut words = Vec::new();
    let mut start = 0;
    let bytes = line.as_bytes();
    for (i, b) in bytes.iter().enumerate() {
        let next = bytes.get(i + 1).copied();
        let ends = match *b {
            b' ' => next.is_some_and(|n| n != b' '),
            b'/' => next.is_some_and(|n| n != b'/' && n != b' '),
            _ => false,
        };
        if ends {
            words.push(textwrap::core::Word::from(&line[start..=i]));
            start = i + 1;
        }
    }
    if start < line.len() {
        words.push(textwrap::core::Word::from(&line[start..]));
    }
    Box::new(words.into_iter())
}

/// Wraps `text` to `width` columns, breaking words longer than a line (ARNs).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    if text.is_empty() {
        return vec![String::new()];
    }
    let options = textwrap::Options::new(width.max(1))
        .word_separator(textwrap::WordSeparator::Custom(path_words))
        .break_words(true);
    textwrap::wrap(text, options)
        .into_iter()
        .map(|c| c.into_owned())
        .collect()
}

/// `lines` in a box of `room` rows that does not scroll (a block above a list): when they do not
/// fit, the last row says how many more there are and where to see them, so nothing is hidden
/// without a sign.
pub fn fixed(
    mut lines: Vec<Line<'static>>,
    room: usize,
    where_: &str,
    theme: &Theme,
) -> Vec<Line<'static>> {
    if lines.len() <= room || room == 0 {
        return lines;
    }
    let hidden = lines.len() - (room - 1);
    lines.truncate(room - 1);
    lines.push(Line::styled(
        format!("… {hidden} more line(s): {where_}"),
        theme.warning(),
    ));
    lines
}

/// Draws a page in a bordered box titled `title`; `lines` scroll by `scroll`, and the position
/// (`lines 12-30 of 80`) shows when the page is taller than the box.
pub fn render(
    frame: &mut Frame,
    area: Rect,
    title: Line<'static>,
    right: Option<Line<'static>>,
    lines: Vec<Line<'static>>,
    scroll: &Scroll,
    theme: &Theme,
) {
    let height = usize::from(area.height.saturating_sub(2));
    let total = lines.len();
    let offset = scroll.layout(total, height);
    let right = if total > height {
        let last = offset.saturating_add(height).min(total);
        Some(Line::styled(
            format!(" lines {}-{last} of {total} ", offset.saturating_add(1)),
            theme.dim(),
        ))
    } else {
        right
    };
    let block = super::titled_block(title, right, area.width);
    let visible: Vec<Line> = lines.into_iter().skip(offset).take(height).collect();
    frame.render_widget(Paragraph::new(visible).block(block), area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_break_at_a_slash_not_inside_a_name() {
        let url = "see https://repost.aws/knowledge-center/ecs-task-stopped for more";
        let rows = wrap(url, 40);
        assert_eq!(
            rows,
            [
                "see https://repost.aws/knowledge-center/",
                "ecs-task-stopped for more"
            ]
        );
        // Bytes that are not ASCII are left whole.
        assert_eq!(wrap("café/crème brûlée", 8), ["café/", "crème", "brûlée"]);
    }

    #[test]
    fn long_values_wrap_under_the_value_and_break_long_words() {
        let theme = Theme::new(true);
        let mut page = Page::new(40, 12, &theme);
        page.field(
            "arn",
            "arn:aws:ecs:us-east-1:123456789012:service/prod/a-very-long-service-name",
        );
        let lines: Vec<String> = page
            .into_lines()
            .iter()
            .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
            .collect();
        assert!(lines.len() >= 3, "{lines:?}");
        assert!(lines[0].starts_with("arn         arn:aws:ecs"));
        assert!(
            lines[1].starts_with("            "),
            "hanging indent: {lines:?}"
        );
        assert!(lines.iter().all(|l| l.chars().count() <= 40), "{lines:?}");
        let joined: String = lines.iter().map(|l| l.trim()).collect::<Vec<_>>().join("");
        assert!(joined.contains("a-very-long-service-name"));
    }
}
