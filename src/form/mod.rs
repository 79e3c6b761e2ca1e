//! A small generic form: sections of fields (text, choice, toggle, combo), repeated sections for
//! groups (containers), focus and navigation. The owner reads values by field id, validates, and
//! writes errors back; `ui::form` draws it. Keys come from the keymap's `form` context.
//! [`flow`] adds what create wizards share around a form: review, submit, progress and result.

pub mod choice;
pub mod combo;
pub mod field;
pub mod flow;
pub mod multi;
pub mod shell;
pub mod text;

use crossterm::event::KeyEvent;

pub use choice::{ChoiceField, ChoiceOption};
pub use combo::{ComboField, Suggestion};
pub use field::{Field, FieldKind};
pub use flow::{Flow, FlowKey, Stage};
pub use multi::{MultiField, MultiOption};
pub use text::TextField;

use crate::keymap::FormCommand;

/// Fields moved by page up/down.
const PAGE_FIELDS: usize = 8;

/// A titled group of fields.
#[derive(Debug, Clone)]
pub struct Section {
    /// What the section is, for the owner (`roles`, `container`).
    pub kind: &'static str,
    pub title: String,
    /// One of a repeated group (add, remove, reorder).
    pub repeated: bool,
    /// Identifies a repeated section across reorders, for data the owner keeps beside it.
    pub key: u64,
    pub fields: Vec<Field>,
    /// A problem of the section as a whole (e.g. "no essential container").
    pub error: Option<String>,
    /// A line of information under the title.
    pub note: Option<String>,
}

impl Section {
    pub fn new(kind: &'static str, title: &str, fields: Vec<Field>) -> Self {
        Self {
            kind,
            title: title.to_string(),
            repeated: false,
            key: 0,
            fields,
            error: None,
            note: None,
        }
    }

    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }

    pub fn field_mut(&mut self, id: &str) -> Option<&mut Field> {
        self.fields.iter_mut().find(|f| f.id == id)
    }

    /// A field's value as text, "" when there is no such field.
    pub fn value(&self, id: &str) -> &str {
        self.field(id).map(Field::value).unwrap_or("")
    }

    fn first_visible(&self) -> Option<usize> {
        self.fields.iter().position(|f| !f.hidden)
    }
}

/// Which field has the keyboard.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Focus {
    pub section: usize,
    pub field: usize,
}

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Handled {
    /// A value changed: the owner revalidates.
    Edited,
    /// Only the focus or cursor moved.
    Moved,
    /// Nothing happened.
    Nothing,
    /// A command the form leaves to its owner (review, add item, cancel, ...).
    Pass(FormCommand),
}

/// The form.
#[derive(Debug, Clone, Default)]
pub struct Form {
    pub sections: Vec<Section>,
    pub focus: Focus,
    /// Show every field's error, not only those of touched fields (after the review step).
    pub reveal_errors: bool,
}

impl Form {
    pub fn new(sections: Vec<Section>) -> Self {
        let mut form = Self {
            sections,
            focus: Focus::default(),
            reveal_errors: false,
        };
        form.fix_focus();
        form
    }

    /// Whether the operator has changed anything yet, or asked for the review: until then the
    /// form lists no problems (a fresh form is not wrong, only empty).
    pub fn started(&self) -> bool {
        self.reveal_errors
            || self
                .sections
                .iter()
                .any(|s| s.fields.iter().any(|f| f.touched))
    }

    pub fn focused(&self) -> Option<&Field> {
        self.sections
            .get(self.focus.section)
            .and_then(|s| s.fields.get(self.focus.field))
    }

    pub fn focused_mut(&mut self) -> Option<&mut Field> {
        self.sections
            .get_mut(self.focus.section)
            .and_then(|s| s.fields.get_mut(self.focus.field))
    }

    /// Visible fields in order, as focus positions.
    fn positions(&self) -> Vec<Focus> {
        self.sections
            .iter()
            .enumerate()
            .flat_map(|(si, s)| {
                s.fields
                    .iter()
                    .enumerate()
                    .filter(|(_, f)| !f.hidden)
                    .map(move |(fi, _)| Focus {
                        section: si,
                        field: fi,
                    })
            })
            .collect()
    }

    /// Moves the focus by `delta` visible fields, stopping at the ends.
    pub fn move_focus(&mut self, delta: isize) -> bool {
        let positions = self.positions();
        let Some(current) = positions.iter().position(|p| *p == self.focus) else {
            self.fix_focus();
            return true;
        };
        let last = positions.len().saturating_sub(1);
        let target = if delta < 0 {
            current.saturating_sub(delta.unsigned_abs())
        } else {
            current.saturating_add(delta.unsigned_abs()).min(last)
        };
        match positions.get(target) {
            Some(p) if *p != self.focus => {
                self.focus = *p;
                true
            }
            _ => false,
        }
    }

    /// Focuses the first field of the next (or previous) section that shows a field, wrapping.
    pub fn move_section(&mut self, forward: bool) -> bool {
        let n = self.sections.len();
        if n == 0 {
            return false;
        }
        let start = self.focus.section.min(n - 1);
        // Backwards from inside a section first goes to that section's start.
        if !forward
            && let Some(first) = self.sections[start].first_visible()
            && self.focus.field > first
        {
            self.focus.field = first;
            return true;
        }
        for step in 1..=n {
            let si = if forward {
                (start + step) % n
            } else {
                (start + n - step) % n
            };
            if let Some(fi) = self.sections[si].first_visible() {
                let target = Focus {
                    section: si,
                    field: fi,
                };
                let moved = target != self.focus;
                self.focus = target;
                return moved;
            }
        }
        false
    }

    /// Focuses a section's first visible field.
    pub fn focus_section(&mut self, section: usize) {
        if let Some(fi) = self.sections.get(section).and_then(Section::first_visible) {
            self.focus = Focus { section, field: fi };
        }
    }

    /// Keeps the focus on a visible field after fields were hidden or sections removed: the
    /// next visible field after it, else the previous one.
    pub fn fix_focus(&mut self) {
        let positions = self.positions();
        if positions.contains(&self.focus) {
            return;
        }
        let after = positions
            .iter()
            .find(|p| (p.section, p.field) > (self.focus.section, self.focus.field));
        self.focus = after.or(positions.last()).copied().unwrap_or_default();
    }

    /// Applies a key: form commands first; keys not bound, and commands that mean nothing for a
    /// text field (space, left/right), are typed into the focused text field.
    pub fn handle(&mut self, command: Option<FormCommand>, key: &KeyEvent) -> Handled {
        use FormCommand as C;
        let takes_text = self.focused().is_some_and(Field::takes_text);
        let moved = |m: bool| if m { Handled::Moved } else { Handled::Nothing };
        match command {
            Some(C::NextField) => moved(self.move_focus(1)),
            Some(C::PrevField) => moved(self.move_focus(-1)),
            Some(C::PageDown) => moved(self.move_focus(PAGE_FIELDS as isize)),
            Some(C::PageUp) => moved(self.move_focus(-(PAGE_FIELDS as isize))),
            Some(C::NextSection) => moved(self.move_section(true)),
            Some(C::PrevSection) => moved(self.move_section(false)),
            Some(c @ (C::NextOption | C::PrevOption | C::Toggle)) => {
                let forward = c != C::PrevOption;
                let Some(field) = self.focused_mut() else {
                    return Handled::Nothing;
                };
                let changed = match &mut field.kind {
                    // Left/right move the cursor through the list; space picks.
                    FieldKind::Multi(multi) if c != C::Toggle => {
                        return moved(multi.move_cursor(forward));
                    }
                    FieldKind::Multi(multi) => multi.toggle(),
                    FieldKind::Choice(choice) => choice.cycle(forward),
                    FieldKind::Toggle(on) => {
                        *on = !*on;
                        true
                    }
                    // Space picks in a combo as → does (no name or ARN it takes has spaces).
                    FieldKind::Combo(combo) if c != C::Toggle || !combo.matches().is_empty() => {
                        combo.cycle(forward)
                    }
                    FieldKind::Combo(_) | FieldKind::Text(_) => return self.type_key(key),
                };
                if changed {
                    field.touched = true;
                    Handled::Edited
                } else {
                    Handled::Nothing
                }
            }
            Some(other) => Handled::Pass(other),
            None if takes_text => self.type_key(key),
            None => Handled::Nothing,
        }
    }

    fn type_key(&mut self, key: &KeyEvent) -> Handled {
        let Some(field) = self.focused_mut() else {
            return Handled::Nothing;
        };
        let changed = match &mut field.kind {
            FieldKind::Text(t) => t.edit(key),
            FieldKind::Combo(c) => c.edit(key),
            // Typing narrows the list; what is picked stays as it was.
            FieldKind::Multi(m) => {
                m.edit(key);
                return Handled::Moved;
            }
            _ => false,
        };
        if changed {
            field.touched = true;
            Handled::Edited
        } else {
            Handled::Moved
        }
    }

    /// Sections of a repeated kind, as indices.
    pub fn group(&self, kind: &str) -> Vec<usize> {
        self.sections
            .iter()
            .enumerate()
            .filter(|(_, s)| s.repeated && s.kind == kind)
            .map(|(i, _)| i)
            .collect()
    }

    /// Inserts a section and focuses it.
    pub fn insert_section(&mut self, at: usize, section: Section) {
        let at = at.min(self.sections.len());
        self.sections.insert(at, section);
        self.focus_section(at);
    }

    /// Removes a section; the focus moves to the section that takes its place.
    pub fn remove_section(&mut self, index: usize) -> Option<Section> {
        if index >= self.sections.len() {
            return None;
        }
        let removed = self.sections.remove(index);
        let next = index.min(self.sections.len().saturating_sub(1));
        // The sections after it moved up by one; keep the focus on the same field there.
        if self.focus.section > index {
            self.focus.section -= 1;
        } else if self.focus.section == index {
            self.focus = Focus {
                section: next,
                field: 0,
            };
            self.focus_section(next);
        }
        self.fix_focus();
        Some(removed)
    }

    /// Swaps two sections; a focus in either follows its section.
    pub fn swap_sections(&mut self, a: usize, b: usize) {
        if a >= self.sections.len() || b >= self.sections.len() {
            return;
        }
        self.sections.swap(a, b);
        if self.focus.section == a {
            self.focus.section = b;
        } else if self.focus.section == b {
            self.focus.section = a;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn form() -> Form {
        let mut hidden = Field::text("hidden", "Hidden", "", "", "");
        hidden.hidden = true;
        Form::new(vec![
            Section::new(
                "a",
                "A",
                vec![
                    Field::text("name", "Name", "", "", ""),
                    hidden,
                    Field::choice(
                        "mode",
                        "Mode",
                        "",
                        vec![ChoiceOption::new("x", "x"), ChoiceOption::new("y", "y")],
                        "x",
                    ),
                ],
            ),
            Section::new("b", "B", vec![Field::toggle("on", "On", "", true)]),
        ])
    }

    #[test]
    fn navigation_skips_hidden_fields_and_stops_at_the_ends() {
        let mut f = form();
        assert!(!f.move_focus(-1));
        assert!(f.move_focus(1));
        assert_eq!(f.focused().map(|x| x.id), Some("mode"));
        assert!(f.move_focus(5));
        assert_eq!(f.focused().map(|x| x.id), Some("on"));
        assert!(!f.move_focus(1));
        assert!(f.move_section(true), "wraps to the first section");
        assert_eq!(f.focus, Focus::default());
        assert!(f.move_section(false));
        assert_eq!(f.focused().map(|x| x.id), Some("on"));
    }

    #[test]
    fn keys_type_into_text_and_cycle_choices() {
        let mut f = form();
        assert_eq!(f.handle(None, &key(KeyCode::Char('w'))), Handled::Edited);
        assert_eq!(
            f.handle(Some(FormCommand::Toggle), &key(KeyCode::Char(' '))),
            Handled::Edited,
            "space types a space in a text field"
        );
        assert_eq!(f.sections[0].value("name"), "w ");
        assert!(f.sections[0].fields[0].touched);
        f.move_focus(1);
        assert_eq!(
            f.handle(Some(FormCommand::NextOption), &key(KeyCode::Right)),
            Handled::Edited
        );
        assert_eq!(f.sections[0].value("mode"), "y");
        assert_eq!(f.handle(None, &key(KeyCode::Char('q'))), Handled::Nothing);
        f.move_focus(1);
        assert_eq!(
            f.handle(Some(FormCommand::Toggle), &key(KeyCode::Char(' '))),
            Handled::Edited
        );
        assert_eq!(f.sections[1].value("on"), "false");
        assert_eq!(
            f.handle(Some(FormCommand::Review), &key(KeyCode::Char('s'))),
            Handled::Pass(FormCommand::Review)
        );
    }

    #[test]
    fn hiding_the_focused_field_moves_the_focus_on() {
        let mut f = form();
        f.sections[0].fields[0].hidden = true;
        f.fix_focus();
        assert_eq!(f.focused().map(|x| x.id), Some("mode"));
    }

    #[test]
    fn repeated_sections_insert_remove_and_swap() {
        let mut f = form();
        let mut c = Section::new("c", "C1", vec![Field::text("x", "X", "", "1", "")]);
        c.repeated = true;
        f.insert_section(1, c.clone());
        assert_eq!(f.focus.section, 1);
        c.title = "C2".into();
        f.insert_section(2, c);
        assert_eq!(f.group("c"), [1, 2]);
        f.swap_sections(1, 2);
        assert_eq!(f.focus.section, 1, "focus follows C2");
        assert_eq!(f.sections[1].title, "C2");
        f.remove_section(1);
        assert_eq!(f.sections[f.focus.section].title, "C1");
        f.focus_section(2);
        f.remove_section(1);
        assert_eq!(f.sections[f.focus.section].kind, "b", "focus stays on B");
    }
}
