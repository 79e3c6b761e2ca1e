//! A scrollable read-only text page: JSON (`d`), diffs (`v`), with `/` search and `n`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

use super::common;
use super::cx::Cx;
use super::{Keys, Screen, View};
use crate::keymap::Command;
use crate::state::{InputKind, Scroll, Shared};
use crate::widgets::text::styled_line;

/// A page of text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextPage {
    pub title: String,
    pub lines: Vec<String>,
    pub scroll: Scroll,
    /// The `/` search text; matches are highlighted and `n` jumps to the next one.
    pub search: String,
    /// Lines are a diff (`+`/`-` prefixed) and are coloured as one.
    pub diff: bool,
    /// The ARN `y` copies, when the page is about one resource.
    pub arn: Option<String>,
    /// Long lines are cut at the width exactly, with nothing added, so that an address
    /// selected with the mouse across rows is the address (a console URL).
    pub hard_wrap: bool,
}

impl TextPage {
    /// A plain page.
    pub fn new(title: impl Into<String>, text: &str, arn: Option<String>) -> Self {
        Self {
            title: title.into(),
            lines: text.lines().map(str::to_string).collect(),
            arn,
            ..Self::default()
        }
    }

    /// A page of text to select and copy: long lines break at the width, not at words.
    pub fn copyable(title: impl Into<String>, text: &str, arn: Option<String>) -> Self {
        Self {
            hard_wrap: true,
            ..Self::new(title, text, arn)
        }
    }

    /// Scrolls to the first line matching the search, from the top (`from_top`) or after the
    /// current position; wraps around. False when nothing matches.
    pub fn search_next(&mut self, from_top: bool) -> bool {
        self.search_step(true, from_top)
    }

    /// Scrolls to the next (`forward`) or previous line matching the search, wrapping around;
    /// `from_top` starts at the first line. False when nothing matches.
    pub fn search_step(&mut self, forward: bool, from_top: bool) -> bool {
        let needle = self.search.to_lowercase();
        if needle.is_empty() {
            return true;
        }
        let n = self.lines.len().max(1);
        // End parks the offset at "the bottom" (usize::MAX) until the next draw clamps it:
        // bound it by the line count so the wrap-around arithmetic cannot overflow.
        let here = self.scroll.offset().min(n - 1);
        let candidates: Vec<usize> = if from_top {
            (0..n).collect()
        } else if forward {
            (1..=n).map(|i| (here + i) % n).collect()
        } else {
            (1..=n).map(|i| (here + n - i) % n).collect()
        };
        let hit = candidates.into_iter().find(|i| self.matches(*i, &needle));
        match hit {
            Some(i) => {
                self.scroll.set(i);
                true
            }
            None => false,
        }
    }

    fn matches(&self, i: usize, needle: &str) -> bool {
        self.lines
            .get(i)
            .is_some_and(|l| l.to_lowercase().contains(needle))
    }

    /// Which match the page is on, of how many: `/image: match 2 of 5`.
    pub fn match_label(&self) -> String {
        let needle = self.search.to_lowercase();
        let here = self.scroll.offset().min(self.lines.len().saturating_sub(1));
        let total = (0..self.lines.len())
            .filter(|i| self.matches(*i, &needle))
            .count();
        let before = (0..here).filter(|i| self.matches(*i, &needle)).count();
        format!("/{}: match {} of {total}", self.search, before + 1)
    }
}

impl Screen for TextPage {
    fn crumb(&self) -> String {
        self.title.clone()
    }

    fn keys(&self) -> Keys {
        Keys::Scroll
    }

    fn supports(&self, command: Command, _shared: &Shared) -> bool {
        common::moving(command)
            || matches!(
                command,
                Command::Filter | Command::SearchNext | Command::SearchPrev | Command::CopyJson
            )
            || (command == Command::Copy && self.arn.is_some())
    }

    fn on_command(&mut self, command: Command, cx: &mut Cx) {
        match command {
            Command::Filter => cx.open_input(InputKind::Search, self.search.clone(), None),
            Command::SearchNext | Command::SearchPrev => {
                if self.search_step(command == Command::SearchNext, false) {
                    if !self.search.is_empty() {
                        cx.info(self.match_label());
                    }
                } else {
                    cx.info(format!("no match for /{}", self.search));
                }
            }
            Command::CopyJson => cx.copy("JSON", self.lines.join("\n")),
            Command::Copy => {
                if let Some(arn) = self.arn.clone() {
                    cx.copy("ARN", arn);
                }
            }
            _ => {}
        }
    }

    fn on_input(&mut self, kind: InputKind, value: &str, _target: Option<String>, cx: &mut Cx) {
        if kind == InputKind::Search {
            self.search = value.to_string();
            if !self.search_next(true) {
                cx.info(format!("no match for /{}", self.search));
            } else if !self.search.is_empty() {
                cx.info(self.match_label());
            }
        }
    }

    fn scroll(&self) -> Option<&Scroll> {
        Some(&self.scroll)
    }

    /// Long lines wrap (a log line, a long JSON string): nothing is cut without a sign. The scroll
    /// position is a line of the text; the bottom is where the text's end fills the box.
    fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        let theme = view.theme;
        let height = usize::from(area.height.saturating_sub(2));
        // A page to select from has no side borders: rows selected with the mouse are the text
        // and nothing else.
        let sides = if self.hard_wrap { 0 } else { 2 };
        let width = usize::from(area.width.saturating_sub(sides)).max(1);
        let rows = |line: &str| {
            if self.hard_wrap {
                cut_at(line, width)
            } else {
                wrapped(line, width, self.diff)
            }
        };
        // The first line from which the rest of the text fits: the furthest scroll can go.
        let mut tail = self.lines.len();
        let mut used = 0;
        while tail > 0 {
            let n = rows(&self.lines[tail - 1]).len();
            if used + n > height {
                break;
            }
            used += n;
            tail -= 1;
        }
        let scroll = self.scroll.layout(tail.saturating_add(height), height);
        let needle = self.search.to_lowercase();
        let mut lines: Vec<Line> = Vec::with_capacity(height);
        let mut last = scroll;
        for line in self.lines.iter().skip(scroll) {
            if lines.len() >= height {
                break;
            }
            for piece in rows(line) {
                if lines.len() < height {
                    lines.push(styled_line(piece, self.diff, &needle, theme));
                }
            }
            last += 1;
        }
        let mut position = format!(
            " lines {}-{} of {} ",
            scroll.saturating_add(1).min(last),
            last,
            self.lines.len()
        );
        if !self.search.is_empty() {
            position = format!(" /{} ·{position}", self.search);
        }
        let mut block = crate::widgets::titled_block(
            Line::styled(format!(" {} ", self.title), theme.title()),
            Some(Line::styled(position, theme.dim())),
            area.width,
        );
        if self.hard_wrap {
            block =
                block.borders(ratatui::widgets::Borders::TOP | ratatui::widgets::Borders::BOTTOM);
        }
        frame.render_widget(Paragraph::new(lines).block(block), area);
    }
}

/// A line cut into pieces of exactly `width` columns (the last shorter), nothing added.
fn cut_at(line: &str, width: usize) -> Vec<String> {
    use unicode_width::UnicodeWidthChar;
    let mut out = vec![String::new()];
    let mut used = 0;
    for c in line.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > width && used > 0 {
            out.push(String::new());
            used = 0;
        }
        if let Some(last) = out.last_mut() {
            last.push(c);
        }
        used += w;
    }
    out
}

/// A line cut into pieces of at most `width` columns, at spaces where it can. The pieces after
/// the first keep the line's indentation, and in a diff its `+`/`-` gutter, so a wrapped piece
/// still reads (and is coloured) as part of its line.
fn wrapped(line: &str, width: usize, diff: bool) -> Vec<String> {
    if unicode_width::UnicodeWidthStr::width(line) <= width {
        return vec![line.to_string()];
    }
    let body = if diff {
        line.get(2..).unwrap_or_default()
    } else {
        line
    };
    let gutter = if diff {
        line.get(..2).unwrap_or_default()
    } else {
        ""
    };
    let indent: String = body.chars().take_while(|c| *c == ' ').collect();
    let hanging = format!("{gutter}{indent}  ");
    // A hanging indent that leaves too little room is dropped rather than wrapping one letter
    // a row.
    let hanging = if hanging.len() + 8 > width {
        gutter.to_string()
    } else {
        hanging
    };
    textwrap::wrap(
        line,
        textwrap::Options::new(width).subsequent_indent(&hanging),
    )
    .into_iter()
    .map(std::borrow::Cow::into_owned)
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copyable_line_breaks_at_the_width_with_nothing_added() {
        let url = "https://us-east-1.console.aws.amazon.com/ecr/repositories/private/123456789012/shop/web?region=us-east-1";
        let rows = cut_at(url, 78);
        assert_eq!(
            rows.concat(),
            url,
            "selected across rows, it is the address"
        );
        assert!(rows.iter().all(|r| r.chars().count() <= 78));
        assert_eq!(rows[0].chars().count(), 78);
    }

    #[test]
    fn wrapped_pieces_keep_the_indent_and_the_diff_gutter() {
        let json = r#"    "command": ["sh", "-c", "echo hello from a rather long command line"]"#;
        let rows = wrapped(json, 40, false);
        assert!(rows.len() > 1);
        assert!(
            rows[1..].iter().all(|r| r.starts_with("      ")),
            "{rows:?}"
        );
        let diff =
            "+   \"image\": \"123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:4 next\"";
        let rows = wrapped(diff, 40, true);
        assert!(rows.len() > 1);
        assert!(rows.iter().all(|r| r.starts_with("+ ")), "{rows:?}");
        assert!(rows.iter().all(|r| r.chars().count() <= 40), "{rows:?}");
        assert_eq!(wrapped("- short", 40, true), ["- short"]);
    }
}
