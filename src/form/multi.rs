//! A filterable list of options of which several may be picked (subnets, security groups): typing
//! filters the list, left/right move the cursor within what matches, space picks or unpicks the
//! option under the cursor. The value is the picked values in the order they were picked.

use crossterm::event::KeyEvent;

use super::text::TextField;

/// One option: what is shown (`subnet-0a1 (app-a, us-east-1a)`) and what it stands for (its id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MultiOption {
    pub value: String,
    pub label: String,
}

impl MultiOption {
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Self {
        Self {
            value: value.into(),
            label: label.into(),
        }
    }
}

/// A multi-select field.
#[derive(Debug, Clone, Default)]
pub struct MultiField {
    /// `None` while the options are not known (loading, or failed: see `status`).
    pub options: Option<Vec<MultiOption>>,
    /// Why there are no options (the listing failed, nothing to pick).
    pub status: Option<String>,
    /// What the operator typed to narrow the list.
    pub filter: TextField,
    /// Position of the cursor among the options that match the filter.
    pub cursor: usize,
    /// What the options are, singular, for `loading subnets…` and `no subnet matches`.
    pub noun: String,
    /// Shown dimmed while nothing is picked.
    pub placeholder: String,
    picked: Vec<String>,
    /// `picked` joined with `, `: what [`MultiField::value`] lends out.
    joined: String,
    /// Picked values that are not among the options (typed ids), listed after them so they can be
    /// reached and unpicked like any other.
    typed: Vec<MultiOption>,
}

impl MultiField {
    pub fn new(noun: &str, placeholder: &str) -> Self {
        Self {
            noun: noun.to_string(),
            placeholder: placeholder.to_string(),
            ..Self::default()
        }
    }

    /// The picked values joined with `, `.
    pub fn value(&self) -> &str {
        &self.joined
    }

    /// The picked values, in the order they were picked.
    pub fn picked(&self) -> &[String] {
        &self.picked
    }

    pub fn is_picked(&self, value: &str) -> bool {
        self.picked.iter().any(|v| v == value)
    }

    /// Replaces what is picked (duplicates and blanks dropped).
    pub fn set_picked(&mut self, values: Vec<String>) {
        self.picked.clear();
        for v in values {
            let v = v.trim().to_string();
            if !v.is_empty() && !self.picked.contains(&v) {
                self.picked.push(v);
            }
        }
        self.joined = self.picked.join(", ");
        self.sync_typed();
    }

    /// Rebuilds [`MultiField::typed`] from what is picked and what is listed.
    fn sync_typed(&mut self) {
        let listed = |v: &str| self.options.iter().flatten().any(|o| o.value == v);
        self.typed = self
            .picked
            .iter()
            .filter(|v| !listed(v))
            .map(|v| MultiOption::new(v.clone(), format!("{v} (typed)")))
            .collect();
    }

    /// The label of a picked value when it is among the options, else the value itself.
    pub fn label_of<'a>(&'a self, value: &'a str) -> &'a str {
        self.options
            .iter()
            .flatten()
            .find(|o| o.value == value)
            .map_or(value, |o| o.label.as_str())
    }

    /// Options whose label or value contains the filter (case-insensitive), then the typed values
    /// that are picked but not listed.
    pub fn matches(&self) -> Vec<&MultiOption> {
        let filter = self.filter.value().trim().to_lowercase();
        self.options
            .iter()
            .flatten()
            .chain(&self.typed)
            .filter(|o| {
                filter.is_empty()
                    || o.label.to_lowercase().contains(&filter)
                    || o.value.to_lowercase().contains(&filter)
            })
            .collect()
    }

    /// The option under the cursor.
    pub fn current(&self) -> Option<&MultiOption> {
        let matches = self.matches();
        let i = self.cursor.min(matches.len().saturating_sub(1));
        matches.get(i).copied()
    }

    /// Replaces the options; what is picked stays picked (the owner says when a value is not
    /// among them).
    pub fn set_options(&mut self, options: Option<Vec<MultiOption>>) {
        self.options = options;
        self.sync_typed();
        self.cursor = self.cursor.min(self.matches().len().saturating_sub(1));
    }

    /// Types into the filter; returns whether the filter changed (the value never does).
    pub fn edit(&mut self, key: &KeyEvent) -> bool {
        let changed = self.filter.edit(key);
        if changed {
            self.cursor = 0;
        }
        changed
    }

    /// Moves the cursor to the next (or previous) matching option, wrapping; returns whether it
    /// moved.
    pub fn move_cursor(&mut self, forward: bool) -> bool {
        let n = self.matches().len();
        if n < 2 {
            return false;
        }
        let i = self.cursor.min(n - 1);
        self.cursor = if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        };
        true
    }

    /// Picks the option under the cursor, or unpicks it; returns whether the value changed. With
    /// nothing under the cursor, what was typed is picked as it is (an id the list does not have,
    /// or any id when the list could not be fetched) and the filter is cleared. A typed value,
    /// once picked, is listed after the options (marked "typed") and unpicked the same way.
    pub fn toggle(&mut self) -> bool {
        let Some(value) = self.current().map(|o| o.value.clone()) else {
            let typed = self.filter.value().trim().to_string();
            if typed.is_empty() {
                return false;
            }
            let mut picked = self.picked.clone();
            picked.push(typed);
            self.set_picked(picked);
            self.filter.set("");
            self.cursor = 0;
            return true;
        };
        let mut picked = self.picked.clone();
        match picked.iter().position(|v| *v == value) {
            Some(i) => {
                picked.remove(i);
            }
            None => picked.push(value),
        }
        self.set_picked(picked);
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::{KeyCode, KeyModifiers};

    fn field() -> MultiField {
        let mut m = MultiField::new("subnet", "none");
        m.set_options(Some(vec![
            MultiOption::new("subnet-a", "subnet-a (us-east-1a)"),
            MultiOption::new("subnet-b", "subnet-b (us-east-1b)"),
            MultiOption::new("subnet-c", "subnet-c (us-east-1c, private)"),
        ]));
        m
    }

    #[test]
    fn space_picks_and_unpicks_in_order() {
        let mut m = field();
        assert!(m.toggle());
        assert!(m.move_cursor(true));
        assert!(m.move_cursor(true));
        assert!(m.toggle());
        assert_eq!(m.value(), "subnet-a, subnet-c");
        assert!(m.move_cursor(true), "wraps to the first");
        assert!(m.toggle());
        assert_eq!(m.picked(), ["subnet-c"]);
    }

    #[test]
    fn typing_filters_and_the_cursor_stays_within_the_matches() {
        let mut m = field();
        assert!(
            !MultiField::new("subnet", "").toggle(),
            "nothing typed, nothing listed"
        );
        for c in "PRIV".chars() {
            m.edit(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        assert_eq!(m.matches().len(), 1);
        assert!(!m.move_cursor(true), "one match: nothing to move to");
        assert!(m.toggle());
        assert_eq!(m.value(), "subnet-c");
        m.filter.set("subnet-zzz");
        assert!(
            m.toggle(),
            "an id the list does not have is picked as typed"
        );
        assert_eq!(m.value(), "subnet-c, subnet-zzz");
        assert_eq!(m.filter.value(), "");
    }

    #[test]
    fn a_typed_id_is_listed_after_the_options_and_can_be_unpicked() {
        let mut m = field();
        m.filter.set("subnet-zzz");
        assert!(m.toggle());
        assert_eq!(m.picked(), ["subnet-zzz"]);
        // It is reachable: listed last, marked as typed, and space unpicks it.
        assert_eq!(m.matches().len(), 4);
        assert_eq!(m.matches()[3].label, "subnet-zzz (typed)");
        m.filter.set("zzz");
        assert_eq!(m.current().map(|o| o.value.as_str()), Some("subnet-zzz"));
        assert!(m.toggle());
        assert!(m.picked().is_empty());
        assert_eq!(m.matches().len(), 0, "unpicked, it is no longer listed");
        // When the list arrives with it, it is an option like the others.
        m.set_picked(vec!["subnet-b".into(), "subnet-new".into()]);
        m.set_options(Some(vec![MultiOption::new(
            "subnet-new",
            "subnet-new (1a)",
        )]));
        m.filter.set("");
        assert_eq!(
            m.matches()
                .iter()
                .map(|o| o.label.as_str())
                .collect::<Vec<_>>(),
            ["subnet-new (1a)", "subnet-b (typed)"]
        );
    }

    #[test]
    fn picked_values_survive_new_options_and_duplicates_are_dropped() {
        let mut m = field();
        m.set_picked(vec!["subnet-b".into(), "subnet-b".into(), " ".into()]);
        assert_eq!(m.picked(), ["subnet-b"]);
        m.set_options(None);
        assert_eq!(m.value(), "subnet-b");
        assert_eq!(m.label_of("subnet-b"), "subnet-b");
        assert_eq!(
            m.current().map(|o| o.label.as_str()),
            Some("subnet-b (typed)"),
            "with no list, what is picked can still be reached and unpicked"
        );
    }
}
