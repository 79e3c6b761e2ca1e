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

/// A bordered block titled `name (count)` with the freshness on the right:
/// a spinner while loading, otherwise "updated HH:MM:SSZ".
pub fn list_block<'a, T>(
    title: String,
    data: &Loadable<T>,
    now: std::time::Instant,
    theme: &Theme,
) -> Block<'a> {
    let freshness = match (data.in_flight, data.loaded_at) {
        (Some(f), _) => format!(" {} refreshing ", spinner(now, f.started)),
        (None, Some(at)) => format!(" updated {} ", clock(at)),
        (None, None) => String::new(),
    };
    let mut right = vec![Span::styled(freshness, theme.dim())];
    if data.error.is_some() && data.data.is_some() {
        right.insert(0, Span::styled(" refresh failed ", theme.error()));
    }
    Block::default()
        .borders(Borders::ALL)
        .title(Line::styled(format!(" {title} "), theme.title()))
        .title(Line::from(right).right_aligned())
}
