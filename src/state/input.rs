//! The one-line text inputs: the `/` filter and the `:` command line (tui-input does the editing).

use tui_input::Input;

/// Which line is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputKind {
    Filter,
    Command,
    /// Server-side family prefix on `:taskdefs`.
    Prefix,
    /// Search in a text page.
    Search,
    /// "Deregister all but the newest N": the N.
    KeepNewest,
}

/// An open input line.
#[derive(Debug, Clone)]
pub struct InputLine {
    pub kind: InputKind,
    pub input: Input,
    /// The filter as it was before `/`, restored by Esc.
    pub previous: String,
}

/// The views `:` can open, and `:q`.
pub const COMMANDS: &[(&str, &str)] = &[
    ("clusters", "the cluster list"),
    ("namespaces", "Cloud Map namespaces"),
    ("taskdefs", "task definition families"),
    ("help", "the key bindings"),
    ("q", "quit"),
    ("quit", "quit"),
];

/// Commands starting with what is typed, in table order.
pub fn completions(typed: &str) -> Vec<&'static str> {
    let typed = typed.trim();
    COMMANDS
        .iter()
        .map(|(name, _)| *name)
        .filter(|name| name.starts_with(typed))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn completes_prefixes() {
        assert_eq!(completions("cl"), vec!["clusters"]);
        assert_eq!(completions("q"), vec!["q", "quit"]);
        assert!(completions("zz").is_empty());
        assert_eq!(completions("").len(), COMMANDS.len());
    }
}
