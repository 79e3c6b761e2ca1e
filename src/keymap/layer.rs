//! Who owns the keyboard, decided in one place for both dispatch (`update`) and the footer hints:
//! a confirmation dialog, then help, then an open input line, then the screen — a form takes every
//! key; lists and pages read their keymap contexts. Ctrl-C quits before any of them.

use super::Context;
use crate::state::{AppState, Overlay};

/// Which keys a screen reads when nothing else owns the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keys {
    /// Lists: the `list` then `global` contexts.
    List,
    /// Pages of text: the `scroll` then `global` contexts.
    Scroll,
    /// Forms take every key (the `form` context; other keys type into the focused field).
    Form,
}

/// The owner of the next key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layer {
    Confirm,
    Help,
    Input,
    Form,
    /// The screen's commands, looked up in these contexts in order.
    Screen(&'static [Context]),
}

/// Who takes the next key, given the screen on top reads `keys`.
pub fn layer(app: &AppState, keys: Keys) -> Layer {
    match (&app.overlay, &app.input, keys) {
        (Some(Overlay::Confirm(_)), _, _) => Layer::Confirm,
        (Some(Overlay::Help { .. }), _, _) => Layer::Help,
        (None, Some(_), _) => Layer::Input,
        (None, None, Keys::Form) => Layer::Form,
        (None, None, Keys::List) => Layer::Screen(&[Context::List, Context::Global]),
        (None, None, Keys::Scroll) => Layer::Screen(&[Context::Scroll, Context::Global]),
    }
}
