//! The bodies every remote list draws before it has rows: loading, failed, empty.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph, Wrap};

use super::format::{elapsed, spinner};
use super::theme::Theme;
use crate::model::AwsError;
use crate::state::loadable::InFlight;

/// "⠋ Loading clusters… 3s".
pub fn loading(
    frame: &mut Frame,
    area: Rect,
    block: Block,
    what: &str,
    in_flight: Option<InFlight>,
    now: std::time::Instant,
    theme: &Theme,
) {
    let text = match in_flight {
        Some(f) => format!(
            "{} Loading {what}… {}",
            spinner(now, f.started),
            elapsed(now, f.started)
        ),
        None => format!("Loading {what}…"),
    };
    let lines = vec![Line::raw(""), Line::styled(text, theme.dim())];
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .block(block),
        area,
    );
}

/// The error, its hint, and how to retry.
pub fn failed(
    frame: &mut Frame,
    area: Rect,
    block: Block,
    what: &str,
    error: Option<&AwsError>,
    retry_key: &str,
    theme: &Theme,
) {
    let mut lines = vec![
        Line::raw(""),
        Line::styled(format!("Could not load {what}"), theme.error()),
    ];
    if let Some(e) = error {
        lines.push(Line::raw(e.message.clone()));
        if let Some(hint) = &e.hint {
            lines.push(Line::styled(hint.clone(), theme.warning()));
        }
        let retry = if e.is_transient() {
            format!("Retrying automatically with backoff; press {retry_key} to retry now.")
        } else {
            format!("Press {retry_key} to retry.")
        };
        lines.push(Line::raw(""));
        lines.push(Line::styled(retry, theme.dim()));
    }
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .block(block),
        area,
    );
}

/// A friendly empty state with a hint.
pub fn empty(
    frame: &mut Frame,
    area: Rect,
    block: Block,
    message: &str,
    hint: &str,
    theme: &Theme,
) {
    let lines = vec![
        Line::raw(""),
        Line::styled(message.to_string(), theme.title()),
        Line::styled(hint.to_string(), theme.dim()),
    ];
    frame.render_widget(
        Paragraph::new(lines)
            .alignment(Alignment::Center)
            .wrap(Wrap { trim: true })
            .block(block),
        area,
    );
}
