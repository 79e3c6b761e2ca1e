//! Draws the log lines on screen, and only those: in follow mode the newest lines fill the box from
//! the bottom; paused, the window keeps the cursor's line in view. Each line is prefixed with a
//! short task id and the container, in the colour of that task's container.

use std::time::{SystemTime, UNIX_EPOCH};

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::buffer::LogLine;
use super::{LogsScreen, short_id};
use crate::model::logs::{Since, TailMode};
use crate::screens::View;
use crate::widgets::format::cut_end;
use crate::widgets::phase;
use crate::widgets::theme::Theme;

/// `HH:MM:SS.mmm` (UTC) of a timestamp in milliseconds.
pub fn timestamp(ms: i64) -> String {
    let secs = ms.div_euclid(1000);
    let day = secs.rem_euclid(86_400);
    format!(
        "{:02}:{:02}:{:02}.{:03}",
        day / 3600,
        (day % 3600) / 60,
        day % 60,
        ms.rem_euclid(1000)
    )
}

/// `20261130T101500Z` for file names.
pub fn file_stamp(at: SystemTime) -> String {
    let date = crate::widgets::format::utc_date_time(at);
    // "2026-11-30 10:15:00Z" → "20261130T101500Z"
    date.chars()
        .filter(|c| c.is_ascii_digit() || *c == 'Z' || *c == ' ')
        .map(|c| if c == ' ' { 'T' } else { c })
        .collect()
}

fn since_label(since: &Since) -> String {
    match since {
        Since::Lines(n) => format!("last {n} lines"),
        Since::Duration(d) => {
            let s = d.as_secs();
            if s % 3600 == 0 {
                format!("last {}h", s / 3600)
            } else if s % 60 == 0 {
                format!("last {}m", s / 60)
            } else {
                format!("last {s}s")
            }
        }
        Since::Timestamp(ms) => {
            let at = UNIX_EPOCH + std::time::Duration::from_millis(u64::try_from(*ms).unwrap_or(0));
            format!("since {}", crate::widgets::format::utc_date_time(at))
        }
    }
}

pub fn render(frame: &mut Frame, area: Rect, screen: &LogsScreen, view: &View) {
    let theme = view.theme;
    let title = format!(" {} logs ", screen.target.name());
    let mut right: Vec<Span> = Vec::new();
    match &screen.mode {
        Some(TailMode::Live) => right.push(Span::styled(" LIVE TAIL ", theme.ok())),
        Some(TailMode::Polling { .. }) => right.push(Span::styled(" POLLING ", theme.warning())),
        None => {}
    }
    if screen.sampled {
        right.push(Span::styled(" SAMPLED (>500/s) ", theme.warning()));
    }
    if screen.follow {
        right.push(Span::styled(" following ", theme.dim()));
    } else {
        right.push(Span::styled(
            format!(" paused · {} new ", screen.unseen),
            theme.warning(),
        ));
    }
    let block = crate::widgets::titled_block(
        Line::styled(title, theme.title()),
        Some(Line::from(right)),
        area.width,
    );

    // Before any stream is known: resolving, or why it failed.
    let Some(resolution) = &screen.resolution.data else {
        if screen.resolution.error.is_some() && !screen.resolution.is_loading() {
            phase::failed(
                frame,
                area,
                block,
                "the log streams",
                screen.resolution.error.as_ref(),
                &view.retry_key(),
                theme,
            );
        } else {
            phase::loading(
                frame,
                area,
                block,
                "the log streams (tasks and their task definitions)",
                screen.resolution.in_flight,
                view.now(),
                theme,
            );
        }
        return;
    };
    let inner = block.inner(area);
    frame.render_widget(block, area);

    // What the tail is doing and what it cannot show, above the lines.
    let mut notes: Vec<Line> = Vec::new();
    let mut about = format!(
        "{} stream(s) · {}",
        resolution.sources.len(),
        since_label(&screen.since)
    );
    if let Some(f) = &screen.filter {
        about.push_str(&format!(" · filter {f}"));
    }
    if let Some(c) = &screen.container {
        about.push_str(&format!(" · container {c} only"));
    }
    if screen.buffer.dropped > 0 {
        // The ring is full: say so, or the first lines seem to be all there is.
        about.push_str(&format!(
            " · keeps the last {} lines, {} older dropped",
            screen.buffer.capacity(),
            screen.buffer.dropped
        ));
    }
    let mut pieces: Vec<(String, ratatui::style::Style)> = vec![(about, theme.dim())];
    if let Some(TailMode::Polling { why }) = &screen.mode {
        pieces.push((format!("polling: {why}"), theme.dim()));
    }
    for problem in &resolution.problems {
        pieces.push((problem.clone(), theme.warning()));
    }
    if let Some(n) = &screen.notice {
        pieces.push((n.clone(), theme.dim()));
    }
    if let Some(e) = &screen.tail_error {
        pieces.push((format!("retrying: {e}"), theme.error()));
    }
    // Notes wrap rather than lose their end; they take at most half the box, and a last row says
    // when some are left out.
    let width = usize::from(inner.width).max(1);
    for (text, style) in pieces {
        for row in crate::widgets::page::wrap(&text, width) {
            notes.push(Line::styled(row, style));
        }
    }
    let room = usize::from(inner.height / 2).max(1);
    if notes.len() > room {
        let hidden = notes.len() - (room - 1);
        notes.truncate(room - 1);
        notes.push(Line::styled(
            cut_end(
                &format!("… {hidden} more note row(s): a taller terminal shows them"),
                width,
            ),
            theme.dim(),
        ));
    }
    let notes_height = u16::try_from(notes.len()).unwrap_or(u16::MAX);
    let [notes_area, lines_area] = inner.layout(&Layout::vertical([
        Constraint::Length(notes_height),
        Constraint::Min(1),
    ]));
    frame.render_widget(Paragraph::new(notes), notes_area);

    let height = usize::from(lines_area.height);
    screen.height.set(height);
    if screen.buffer.is_empty() {
        let text = if resolution.sources.is_empty() {
            "No CloudWatch log stream to tail (see above)."
        } else {
            "No log lines yet; new ones appear here as they are written."
        };
        frame.render_widget(Paragraph::new(Line::styled(text, theme.dim())), lines_area);
        return;
    }
    let rows = visible_rows(screen, usize::from(lines_area.width), height, theme);
    frame.render_widget(Paragraph::new(rows), lines_area);
}

/// The rows on screen: in follow mode the newest lines, bottom-aligned; paused, a window around the
/// cursor. Only these lines are formatted.
fn visible_rows(
    screen: &LogsScreen,
    width: usize,
    height: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let buffer = &screen.buffer;
    let anchor = if screen.follow {
        buffer.len().saturating_sub(1)
    } else {
        screen.cursor.min(buffer.len().saturating_sub(1))
    };
    // Walk back from the anchor until the box is full.
    let mut blocks: Vec<Vec<Line<'static>>> = Vec::new();
    let mut used = 0;
    let mut i = anchor as isize;
    while i >= 0 && used < height {
        let idx = i as usize;
        if let Some(line) = buffer.get(idx)
            && screen.shown(line)
        {
            let rows = format_line(screen, line, idx == anchor && !screen.follow, width, theme);
            used += rows.len();
            blocks.push(rows);
        }
        i -= 1;
    }
    blocks.reverse();
    let mut rows: Vec<Line<'static>> = blocks.into_iter().flatten().collect();
    if rows.len() > height {
        // The anchor line is last: drop what overflows at the top.
        rows.drain(..rows.len() - height);
    } else {
        // The top of the buffer came first (the cursor is near the oldest line): fill the rest
        // of the box with the lines after the anchor, as a pager would.
        let mut idx = anchor + 1;
        while rows.len() < height && idx < buffer.len() {
            if let Some(line) = buffer.get(idx)
                && screen.shown(line)
            {
                rows.extend(format_line(screen, line, false, width, theme));
            }
            idx += 1;
        }
        rows.truncate(height);
    }
    rows
}

/// One log line as rows: prefix, then the message (pretty JSON on demand), wrapped or cut.
fn format_line(
    screen: &LogsScreen,
    line: &LogLine,
    is_cursor: bool,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'static>> {
    let origin = screen.origins.get(line.origin);
    let mut prefix = Vec::new();
    if screen.timestamps {
        prefix.push(Span::styled(
            format!("{} ", timestamp(line.timestamp)),
            theme.dim(),
        ));
    }
    // Container names padded to the longest, so the messages line up.
    let pad = screen
        .origins
        .iter()
        .map(|o| o.container.width())
        .max()
        .unwrap_or(0);
    let many_tasks = screen
        .origins
        .iter()
        .any(|o| origin.is_some_and(|mine| mine.task_id != o.task_id));
    let who = match origin {
        Some(o) if many_tasks => {
            format!("{} {:<pad$} │ ", short_id(&o.task_id), o.container)
        }
        Some(o) => format!("{:<pad$} │ ", o.container),
        None => String::new(),
    };
    prefix.push(Span::styled(who, theme.source(line.origin)));
    let prefix_width: usize = prefix.iter().map(|s| s.content.width()).sum();
    let room = width.saturating_sub(prefix_width).max(10);
    let text = if screen.pretty_json {
        match serde_json::from_str::<serde_json::Value>(&line.message) {
            Ok(json) if json.is_object() => {
                serde_json::to_string_pretty(&json).unwrap_or_else(|_| line.message.clone())
            }
            _ => line.message.clone(),
        }
    } else {
        line.message.clone()
    };
    let needle = screen.search.to_lowercase();
    let hit = !needle.is_empty() && line.message.to_lowercase().contains(&needle);
    let mut style = Style::default();
    if hit {
        style = style.add_modifier(Modifier::UNDERLINED | Modifier::BOLD);
    }
    if is_cursor {
        style = style.add_modifier(Modifier::REVERSED);
    }
    let mut parts: Vec<String> = Vec::new();
    for logical in text.lines() {
        if screen.wrap {
            parts.extend(crate::widgets::page::wrap(logical, room));
        } else {
            parts.push(cut_end(logical, room));
        }
    }
    if parts.is_empty() {
        parts.push(String::new());
    }
    let indent = " ".repeat(prefix_width);
    parts
        .into_iter()
        .enumerate()
        .map(|(i, part)| {
            let mut spans = if i == 0 {
                prefix.clone()
            } else {
                vec![Span::raw(indent.clone())]
            };
            spans.push(Span::styled(part, style));
            Line::from(spans)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_round_trip() {
        assert_eq!(timestamp(1_796_032_800_123), "10:00:00.123");
        assert_eq!(
            file_stamp(UNIX_EPOCH + std::time::Duration::from_secs(1_796_032_800)),
            "20261130T100000Z"
        );
    }
}
