//! Screen-agnostic drawing: the chrome around every screen, the table, the remote list in its
//! phases, forms, the confirmation dialog, help, the theme.

pub mod chrome;
pub mod confirm;
pub mod form;
pub mod format;
pub mod help;
pub mod page;
pub mod phase;
pub mod remote_list;
pub mod table;
pub mod text;
pub mod theme;

use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use crate::state::Loadable;
use format::{clock, spinner};
use theme::Theme;

/// How long a request may go unanswered before a list says so (AWS answers list and describe
/// calls in well under a second; the SDK gives up on an attempt after 20 s).
pub const SLOW_ANSWER: std::time::Duration = std::time::Duration::from_secs(5);

/// A bordered block titled `name (count)` with the freshness on the right:
/// a spinner while loading, otherwise "updated HH:MM:SSZ".
/// `width` is the block's width in columns: a title that does not fit beside the freshness is cut
/// with an ellipsis.
pub fn list_block<'a, T>(
    title: String,
    data: &Loadable<T>,
    now: std::time::Instant,
    theme: &Theme,
    width: u16,
) -> Block<'a> {
    let freshness = match (data.in_flight, data.loaded_at) {
        // A refresh that has waited this long is worth naming: a silent link looks like this
        // until the request times out, and the rows are from the last answer.
        // (Not while a first load's pages are arriving: those are answers.)
        (Some(f), at)
            if !data.partial && now.saturating_duration_since(f.started) >= SLOW_ANSWER =>
        {
            format!(
                " {} no answer for {}{} ",
                spinner(now, f.started),
                format::human_duration(now.saturating_duration_since(f.started)),
                at.map(|at| format!(" · rows from {}", clock(at)))
                    .unwrap_or_default()
            )
        }
        (Some(f), _) => format!(" {} refreshing ", spinner(now, f.started)),
        (None, Some(at)) => format!(" updated {} ", clock(at)),
        (None, None) => String::new(),
    };
    let mut right = vec![Span::styled(freshness, theme.dim())];
    if data.error.is_some() && data.data.is_some() {
        right.insert(0, Span::styled(" refresh failed ", theme.error()));
    }
    titled_block(
        Line::styled(format!(" {title} "), theme.title()),
        Some(Line::from(right)),
        width,
    )
}

/// A bordered block `width` columns wide with `left` and `right` titles on its top edge: the
/// left gives way to the right and, when cut, ends in an ellipsis (ratatui would cut it bare).
pub fn titled_block<'a>(
    left: Line<'static>,
    right: Option<Line<'static>>,
    width: u16,
) -> Block<'a> {
    let right_width = right.as_ref().map_or(0, Line::width);
    let room = usize::from(width).saturating_sub(2 + right_width);
    let style = left.style;
    let left = text::fit_spans(left.spans, room).style(style);
    let block = Block::default().borders(Borders::ALL).title(left);
    match right {
        Some(right) => block.title(right.right_aligned()),
        None => block,
    }
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, Instant, UNIX_EPOCH};

    use super::*;
    use crate::effect::{Owner, Ticket};
    use crate::state::loadable::InFlight;

    fn title_of(data: &Loadable<Vec<u8>>, now: Instant) -> String {
        titled("clusters (2)", data, now, 100)
    }

    fn titled(title: &str, data: &Loadable<Vec<u8>>, now: Instant, width: u16) -> String {
        let theme = Theme::new(true);
        let block = list_block(title.into(), data, now, &theme, width);
        let mut terminal =
            ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, 3)).expect("terminal");
        terminal
            .draw(|f| f.render_widget(block, f.area()))
            .expect("draw");
        (0..width)
            .map(|x| terminal.backend().buffer()[(x, 0)].symbol().to_string())
            .collect()
    }

    #[test]
    fn a_title_too_long_for_its_width_is_cut_with_an_ellipsis_and_the_freshness_stays() {
        let data = Loadable {
            data: Some(vec![1]),
            loaded_at: Some(UNIX_EPOCH + Duration::from_secs(3_723)),
            ..Loadable::default()
        };
        let line = titled(
            "findings (2) · 500 revisions checked · not checked: iam:GetRole denied",
            &data,
            Instant::now(),
            60,
        );
        assert!(line.contains('…'), "{line}");
        assert!(line.contains("updated 01:02:03Z"), "{line}");
        let wide = titled("findings (2)", &data, Instant::now(), 60);
        assert!(!wide.contains('…'), "{wide}");
    }

    #[test]
    fn a_refresh_without_an_answer_for_a_while_says_so() {
        let started = Instant::now();
        let data = Loadable {
            data: Some(vec![1, 2]),
            loaded_at: Some(UNIX_EPOCH + Duration::from_secs(86_400 + 3_723)),
            in_flight: Some(InFlight {
                ticket: Ticket {
                    id: 1,
                    owner: Owner::App,
                },
                started,
            }),
            error: None,
            failures: 0,
            partial: false,
        };
        let quick = title_of(&data, started + Duration::from_secs(1));
        assert!(quick.contains("refreshing"), "{quick}");
        let slow = title_of(&data, started + Duration::from_secs(12));
        assert!(
            slow.contains("no answer for 12s · rows from 01:02:03Z"),
            "{slow}"
        );
    }
}
