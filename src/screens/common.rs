//! Pieces several screens share: which commands a list or a page supports, and opening JSON.

use serde_json::Value;

use super::Route;
use super::cx::Cx;
use super::text_page::TextPage;
use crate::keymap::Command;

/// Moving the cursor or the page.
pub fn moving(command: Command) -> bool {
    matches!(
        command,
        Command::Up
            | Command::Down
            | Command::PageUp
            | Command::PageDown
            | Command::Top
            | Command::Bottom
    )
}

/// What every list supports: moving, filtering, sorting, refreshing.
pub fn list(command: Command) -> bool {
    moving(command)
        || matches!(
            command,
            Command::Filter | Command::SortNext | Command::SortReverse | Command::Refresh
        )
}

/// Opens `json` pretty-printed on a text page titled `title`; `arn` is what `y` copies.
pub fn open_json(cx: &mut Cx, title: String, json: &Value, arn: Option<String>) {
    let text =
        serde_json::to_string_pretty(json).unwrap_or_else(|e| format!("(cannot show JSON: {e})"));
    cx.push(Route::Text(Box::new(TextPage::new(title, &text, arn))));
}
