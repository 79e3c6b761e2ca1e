//! A text field with suggestions: typing filters them, left/right picks one into the text, and
//! anything else may still be typed (a role ARN that is not in the list).

use crossterm::event::KeyEvent;

use super::text::TextField;

/// One suggestion: what is shown and typed (`name`) and what it stands for (`value`, an ARN).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suggestion {
    pub label: String,
    pub value: String,
}

/// A combo field.
#[derive(Debug, Clone, Default)]
pub struct ComboField {
    pub text: TextField,
    /// `None` while the suggestions are not known (loading, or failed: see `status`).
    pub suggestions: Option<Vec<Suggestion>>,
    /// Why there are no suggestions (`loading roles…`, the error).
    pub status: Option<String>,
    /// What the operator typed last; picking a suggestion does not change it, so cycling stays
    /// within the filtered list.
    pub filter: String,
    /// What the suggestions are, singular, for `loading roles…` and `no role matches`. `role`
    /// unless set: the task definition wizard's role fields were the first combos.
    pub noun: String,
}

impl ComboField {
    pub fn new(value: &str, placeholder: &str) -> Self {
        Self {
            text: TextField::new(value, placeholder),
            suggestions: None,
            status: None,
            filter: String::new(),
            noun: "role".to_string(),
        }
    }

    /// The same combo naming its suggestions `noun` (singular) in its messages.
    pub fn with_noun(mut self, noun: &str) -> Self {
        self.noun = noun.to_string();
        self
    }

    pub fn value(&self) -> &str {
        self.text.value()
    }

    /// Suggestions whose label or value contains the filter (case-insensitive).
    pub fn matches(&self) -> Vec<&Suggestion> {
        let filter = self.filter.trim().to_lowercase();
        self.suggestions
            .iter()
            .flatten()
            .filter(|s| {
                filter.is_empty()
                    || s.label.to_lowercase().contains(&filter)
                    || s.value.to_lowercase().contains(&filter)
            })
            .collect()
    }

    /// The suggestion the text names exactly (by label or value).
    pub fn chosen(&self) -> Option<&Suggestion> {
        let text = self.text.value().trim();
        self.suggestions
            .iter()
            .flatten()
            .find(|s| s.label == text || s.value == text)
    }

    /// Types a key; returns whether the value changed.
    pub fn edit(&mut self, key: &KeyEvent) -> bool {
        let changed = self.text.edit(key);
        if changed {
            self.filter = self.text.value().to_string();
        }
        changed
    }

    /// Puts the next (or previous) matching suggestion into the text; returns whether it changed.
    pub fn cycle(&mut self, forward: bool) -> bool {
        let matches = self.matches();
        let n = matches.len();
        if n == 0 {
            return false;
        }
        let text = self.text.value().trim();
        let current = matches
            .iter()
            .position(|s| s.label == text || s.value == text);
        let next = match (current, forward) {
            (None, true) => 0,
            (None, false) => n - 1,
            (Some(i), true) => (i + 1) % n,
            (Some(i), false) => (i + n - 1) % n,
        };
        let label = matches[next].label.clone();
        let changed = label != self.text.value();
        self.text.set(&label);
        changed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn combo() -> ComboField {
        let mut c = ComboField::new("", "none");
        c.suggestions = Some(
            ["ecsTaskExecutionRole", "web-task", "worker-task"]
                .iter()
                .map(|n| Suggestion {
                    label: n.to_string(),
                    value: format!("arn:aws:iam::123456789012:role/{n}"),
                })
                .collect(),
        );
        c
    }

    #[test]
    fn typing_filters_and_cycling_stays_in_the_filter() {
        let mut c = combo();
        for ch in "task".chars() {
            c.edit(&KeyEvent::new(KeyCode::Char(ch), KeyModifiers::NONE));
        }
        assert_eq!(
            c.matches().len(),
            3,
            "TaskExecution matches case-insensitively"
        );
        c.filter = "-task".into();
        assert_eq!(c.matches().len(), 2);
        assert!(c.cycle(true));
        assert_eq!(c.value(), "web-task");
        assert!(c.cycle(true));
        assert_eq!(c.value(), "worker-task");
        assert!(c.cycle(true));
        assert_eq!(c.value(), "web-task");
        assert!(c.cycle(false));
        assert_eq!(c.value(), "worker-task");
        assert_eq!(
            c.chosen().map(|s| s.value.as_str()),
            Some("arn:aws:iam::123456789012:role/worker-task")
        );
    }

    #[test]
    fn nothing_to_pick_without_suggestions() {
        let mut c = ComboField::new("arn:aws:iam::1:role/x", "");
        assert!(!c.cycle(true));
        assert!(c.chosen().is_none());
        assert!(c.matches().is_empty());
    }
}
