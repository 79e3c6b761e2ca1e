//! A scrollable read-only text page: JSON (`d`), diffs (`v`), with `/` search and `n`.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};

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

    /// Scrolls to the first line matching the search, from the top (`from_top`) or after the
    /// current position; wraps around. False when nothing matches.
    pub fn search_next(&mut self, from_top: bool) -> bool {
        let needle = self.search.to_lowercase();
        if needle.is_empty() {
            return true;
        }
        let n = self.lines.len().max(1);
        // End parks the offset at "the bottom" (usize::MAX) until the next draw clamps it:
        // bound it by the line count so the wrap-around arithmetic cannot overflow.
        let start = if from_top {
            0
        } else {
            self.scroll.offset().saturating_add(1).min(n)
        };
        let hit = (0..self.lines.len()).map(|i| (start + i) % n).find(|i| {
            self.lines
                .get(*i)
                .is_some_and(|l| l.to_lowercase().contains(&needle))
        });
        match hit {
            Some(i) => {
                self.scroll.set(i);
                true
            }
            None => false,
        }
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
                Command::Filter | Command::SearchNext | Command::CopyJson
            )
            || (command == Command::Copy && self.arn.is_some())
    }

    fn on_command(&mut self, command: Command, cx: &mut Cx) {
        match command {
            Command::Filter => cx.open_input(InputKind::Search, self.search.clone(), None),
            Command::SearchNext if !self.search_next(false) => {
                cx.info(format!("no match for /{}", self.search));
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
        let width = usize::from(area.width.saturating_sub(2)).max(1);
        let rows = |line: &str| wrapped(line, width);
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
        let block = Block::default()
            .borders(Borders::ALL)
            .title(Line::styled(format!(" {} ", self.title), theme.title()))
            .title(Line::styled(position, theme.dim()).right_aligned());
        frame.render_widget(Paragraph::new(lines).block(block), area);
    }
}

/// A line cut into pieces of at most `width` columns, at spaces where it can.
fn wrapped(line: &str, width: usize) -> Vec<String> {
    if unicode_width::UnicodeWidthStr::width(line) <= width {
        return vec![line.to_string()];
    }
    textwrap::wrap(line, textwrap::Options::new(width))
        .into_iter()
        .map(std::borrow::Cow::into_owned)
        .collect()
}
