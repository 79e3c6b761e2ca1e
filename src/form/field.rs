//! A form field: its label, one-line help (the console's "Info"), value and current messages.

use super::choice::{ChoiceField, ChoiceOption};
use super::combo::ComboField;
use super::multi::MultiField;
use super::text::TextField;

/// The kinds of field the forms need.
#[derive(Debug, Clone)]
pub enum FieldKind {
    Text(TextField),
    Choice(ChoiceField),
    Toggle(bool),
    Combo(ComboField),
    /// Several of a filterable list (subnets, security groups).
    Multi(MultiField),
}

/// One field.
#[derive(Debug, Clone)]
pub struct Field {
    /// Stable name the owner reads the value by (`family`, `image`).
    pub id: &'static str,
    pub label: String,
    /// Shown while the field is focused.
    pub help: String,
    pub kind: FieldKind,
    /// What is wrong with the value now (set by the owner after each edit).
    pub error: Option<String>,
    /// Something to know that does not block (e.g. "family exists: new revision").
    pub warning: Option<String>,
    /// What the value turns into (e.g. the JSON array of a command line).
    pub preview: Option<String>,
    /// Not shown and skipped by navigation (e.g. host-only fields in another mode).
    pub hidden: bool,
    /// Edited by the operator since the form opened; errors of untouched fields wait for review.
    pub touched: bool,
}

impl Field {
    fn with(id: &'static str, label: &str, help: &str, kind: FieldKind) -> Self {
        Self {
            id,
            label: label.to_string(),
            help: help.to_string(),
            kind,
            error: None,
            warning: None,
            preview: None,
            hidden: false,
            touched: false,
        }
    }

    pub fn text(id: &'static str, label: &str, help: &str, value: &str, placeholder: &str) -> Self {
        Self::with(
            id,
            label,
            help,
            FieldKind::Text(TextField::new(value, placeholder)),
        )
    }

    pub fn choice(
        id: &'static str,
        label: &str,
        help: &str,
        options: Vec<ChoiceOption>,
        value: &str,
    ) -> Self {
        Self::with(
            id,
            label,
            help,
            FieldKind::Choice(ChoiceField::new(options, value)),
        )
    }

    pub fn toggle(id: &'static str, label: &str, help: &str, on: bool) -> Self {
        Self::with(id, label, help, FieldKind::Toggle(on))
    }

    pub fn combo(
        id: &'static str,
        label: &str,
        help: &str,
        value: &str,
        placeholder: &str,
    ) -> Self {
        Self::with(
            id,
            label,
            help,
            FieldKind::Combo(ComboField::new(value, placeholder)),
        )
    }

    /// A multi-select of `noun`s (`subnet`), nothing picked, options unknown until set.
    pub fn multi(id: &'static str, label: &str, help: &str, noun: &str, placeholder: &str) -> Self {
        Self::with(
            id,
            label,
            help,
            FieldKind::Multi(MultiField::new(noun, placeholder)),
        )
    }

    /// Names a combo's suggestions (`Auto Scaling group`) in its messages; other kinds ignore it.
    pub fn with_noun(mut self, noun: &str) -> Self {
        if let FieldKind::Combo(c) = &mut self.kind {
            c.noun = noun.to_string();
        }
        self
    }

    /// The value as text: the text, the choice's value, `true`/`false`.
    pub fn value(&self) -> &str {
        match &self.kind {
            FieldKind::Text(t) => t.value(),
            FieldKind::Choice(c) => c.value(),
            FieldKind::Toggle(true) => "true",
            FieldKind::Toggle(false) => "false",
            FieldKind::Combo(c) => c.value(),
            FieldKind::Multi(m) => m.value(),
        }
    }

    /// Sets a text, combo or choice value, or a toggle from `true`/`false`.
    pub fn set_value(&mut self, value: &str) {
        match &mut self.kind {
            FieldKind::Text(t) => t.set(value),
            FieldKind::Choice(c) => {
                c.select_value(value);
            }
            FieldKind::Toggle(on) => *on = value == "true",
            FieldKind::Combo(c) => {
                c.text.set(value);
                c.filter.clear();
            }
            FieldKind::Multi(m) => m.set_picked(
                value
                    .split([',', ' '])
                    .map(str::to_string)
                    .collect::<Vec<_>>(),
            ),
        }
    }

    /// Whether typed characters go to this field.
    pub fn takes_text(&self) -> bool {
        matches!(
            self.kind,
            FieldKind::Text(_) | FieldKind::Combo(_) | FieldKind::Multi(_)
        )
    }
}
