//! One file per screen.

pub mod cluster_detail;
pub mod cluster_wizard;
pub mod clusters;
pub mod draft;
pub mod json;
pub mod namespace_detail;
pub mod namespace_wizard;
pub mod namespaces;
pub mod revision_detail;
pub mod task_definitions;
pub mod taskdef_wizard;

use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders};

use super::format::{clock, spinner};
use super::theme::Theme;
use crate::keymap::{Command, Context};
use crate::state::{Loadable, State};
use crate::ui::remote_list::ListEnv;

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

/// The key bound to refresh, for "press r to retry" (the keymap decides it).
pub fn retry_key(state: &State) -> String {
    state
        .keymap
        .key_for(Context::Global, Command::Refresh)
        .unwrap_or_else(|| "r".into())
}

/// The clock and retry key for [`crate::ui::remote_list::render`].
pub fn env<'a>(state: &State, retry_key: &'a str) -> ListEnv<'a> {
    ListEnv {
        now: state.now,
        retry_key,
    }
}
