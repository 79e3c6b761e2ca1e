//! A one-line text field (tui-input does the editing) and the readline-style editing keys.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::{Input, InputRequest};

/// A text field's value and cursor.
#[derive(Debug, Clone, Default)]
pub struct TextField {
    pub input: Input,
    /// Shown dimmed while the value is empty, e.g. `none` or `8080/tcp, 80:8080`.
    pub placeholder: String,
}

impl TextField {
    pub fn new(value: &str, placeholder: &str) -> Self {
        Self {
            input: Input::new(value.to_string()),
            placeholder: placeholder.to_string(),
        }
    }

    pub fn value(&self) -> &str {
        self.input.value()
    }

    /// Replaces the value, cursor at the end.
    pub fn set(&mut self, value: &str) {
        if self.input.value() != value {
            self.input = Input::new(value.to_string());
        }
    }

    /// Applies an editing key; returns whether the value changed (cursor moves do not count).
    pub fn edit(&mut self, key: &KeyEvent) -> bool {
        let Some(request) = input_request(key) else {
            return false;
        };
        self.input.handle(request).is_some_and(|r| r.value)
    }
}

/// Editing keys for text fields (readline-style, as in the filter and command line).
pub fn input_request(key: &KeyEvent) -> Option<InputRequest> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    Some(match key.code {
        KeyCode::Char('a') if ctrl => InputRequest::GoToStart,
        KeyCode::Char('e') if ctrl => InputRequest::GoToEnd,
        KeyCode::Char('w') if ctrl => InputRequest::DeletePrevWord,
        KeyCode::Char('u') if ctrl => InputRequest::DeleteLine,
        KeyCode::Char(_) if ctrl => return None,
        KeyCode::Char(c) => InputRequest::InsertChar(c),
        KeyCode::Backspace => InputRequest::DeletePrevChar,
        KeyCode::Delete => InputRequest::DeleteNextChar,
        KeyCode::Left => InputRequest::GoToPrevChar,
        KeyCode::Right => InputRequest::GoToNextChar,
        KeyCode::Home => InputRequest::GoToStart,
        KeyCode::End => InputRequest::GoToEnd,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    #[test]
    fn typing_edits_and_cursor_moves_do_not_count_as_changes() {
        let mut t = TextField::new("ab", "");
        assert!(t.edit(&key(KeyCode::Char('c'))));
        assert_eq!(t.value(), "abc");
        assert!(!t.edit(&key(KeyCode::Left)));
        assert!(t.edit(&key(KeyCode::Backspace)));
        assert_eq!(t.value(), "ac");
        assert!(t.edit(&KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)));
        assert_eq!(t.value(), "");
        assert!(!t.edit(&key(KeyCode::Tab)));
        t.set("xyz");
        assert_eq!((t.value(), t.input.cursor()), ("xyz", 3));
    }
}
