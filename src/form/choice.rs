//! A choice among options, some of which may be shown but disabled with the reason why.

/// One option of a choice field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChoiceOption {
    /// What the form reads back (`FARGATE`, `1024`).
    pub value: String,
    /// What the operator sees (`AWS Fargate`, `1 vCPU`).
    pub label: String,
    /// Why the option cannot be chosen now; disabled options are shown but skipped.
    pub disabled: Option<String>,
}

impl ChoiceOption {
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Self {
        Self {
            value: value.into(),
            label: label.into(),
            disabled: None,
        }
    }

    pub fn disabled(mut self, reason: Option<String>) -> Self {
        self.disabled = reason;
        self
    }
}

/// A choice field: left/right or space cycles through the enabled options.
#[derive(Debug, Clone, Default)]
pub struct ChoiceField {
    pub options: Vec<ChoiceOption>,
    pub selected: usize,
}

impl ChoiceField {
    pub fn new(options: Vec<ChoiceOption>, value: &str) -> Self {
        let mut field = Self {
            options,
            selected: 0,
        };
        if !field.select_value(value) {
            field.selected = field.first_enabled().unwrap_or(0);
        }
        field
    }

    /// The selected option's value, or "" without options.
    pub fn value(&self) -> &str {
        self.current().map(|o| o.value.as_str()).unwrap_or("")
    }

    pub fn current(&self) -> Option<&ChoiceOption> {
        self.options.get(self.selected)
    }

    /// Selects the option with this value (disabled or not: a prefilled value is shown as it is
    /// and validation explains it); returns whether it exists.
    pub fn select_value(&mut self, value: &str) -> bool {
        match self.options.iter().position(|o| o.value == value) {
            Some(i) => {
                self.selected = i;
                true
            }
            None => false,
        }
    }

    fn first_enabled(&self) -> Option<usize> {
        self.options.iter().position(|o| o.disabled.is_none())
    }

    /// Moves to the next (or previous) enabled option, wrapping; returns whether it changed.
    pub fn cycle(&mut self, forward: bool) -> bool {
        let n = self.options.len();
        if n == 0 {
            return false;
        }
        let start = self.selected.min(n - 1);
        for step in 1..n {
            let i = if forward {
                (start + step) % n
            } else {
                (start + n - step) % n
            };
            if self.options[i].disabled.is_none() {
                self.selected = i;
                return true;
            }
        }
        false
    }

    /// Replaces the options, keeping the current value when it is still offered, else the first
    /// enabled option; returns whether the value changed.
    pub fn set_options(&mut self, options: Vec<ChoiceOption>) -> bool {
        let before = self.value().to_string();
        self.options = options;
        if !self.select_value(&before) {
            self.selected = self.first_enabled().unwrap_or(0);
        }
        self.value() != before
    }

    /// Position among all options, for `3 of 23`.
    pub fn position(&self) -> (usize, usize) {
        (self.selected.saturating_add(1), self.options.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field() -> ChoiceField {
        ChoiceField::new(
            vec![
                ChoiceOption::new("awsvpc", "awsvpc"),
                ChoiceOption::new("bridge", "bridge").disabled(Some("Fargate".into())),
                ChoiceOption::new("host", "host"),
            ],
            "awsvpc",
        )
    }

    #[test]
    fn cycling_skips_disabled_options_and_wraps() {
        let mut f = field();
        assert!(f.cycle(true));
        assert_eq!(f.value(), "host");
        assert!(f.cycle(true));
        assert_eq!(f.value(), "awsvpc");
        assert!(f.cycle(false));
        assert_eq!(f.value(), "host");
    }

    #[test]
    fn only_one_enabled_option_does_not_move() {
        let mut f = ChoiceField::new(
            vec![
                ChoiceOption::new("a", "a"),
                ChoiceOption::new("b", "b").disabled(Some("no".into())),
            ],
            "a",
        );
        assert!(!f.cycle(true));
        assert_eq!(f.value(), "a");
        assert!(!ChoiceField::default().cycle(true));
    }

    #[test]
    fn new_options_keep_the_value_when_offered() {
        let mut f = field();
        f.select_value("host");
        assert!(!f.set_options(vec![
            ChoiceOption::new("host", "h"),
            ChoiceOption::new("x", "x")
        ]));
        assert_eq!(f.value(), "host");
        assert!(f.set_options(vec![
            ChoiceOption::new("y", "y").disabled(Some("no".into())),
            ChoiceOption::new("z", "z")
        ]));
        assert_eq!(f.value(), "z");
        assert_eq!(f.position(), (2, 2));
    }

    #[test]
    fn unknown_initial_value_picks_the_first_enabled() {
        let f = ChoiceField::new(
            vec![
                ChoiceOption::new("a", "a").disabled(Some("no".into())),
                ChoiceOption::new("b", "b"),
            ],
            "zzz",
        );
        assert_eq!(f.value(), "b");
    }
}
