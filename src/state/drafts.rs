//! Edited task definition JSON waiting to be registered. Kept until registered or discarded
//! explicitly, so nothing typed is lost to an invalid edit or a refused API call.

use serde_json::Value;

/// One family's pending edit.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    pub family: String,
    /// The revision the edit started from (for the diff and the tags).
    pub base_arn: String,
    pub base_label: String,
    /// Exactly what the operator saved.
    pub text: String,
    /// Why it cannot be registered yet (parse errors with line and column, rule violations).
    /// Empty when it is ready; nothing is sent while there are any.
    pub problems: Vec<String>,
    /// How the last register attempt failed, when it did; it does not block a retry.
    pub failure: Option<Attempt>,
    /// The parsed JSON when it parsed.
    pub parsed: Option<Value>,
    /// `+`/`-`/` ` lines of the registerable JSON against the base revision.
    pub diff: Vec<String>,
    /// A register call is in flight.
    pub submitting: bool,
    /// What tecs changed in the edit before checking it (fields dropped, a wrapper unwrapped).
    pub notes: Vec<String>,
    /// The edit is ready and the draft page should ask to register it when it opens.
    pub ask: bool,
}

/// A register attempt that failed: the operator's line and whether anything can have changed
/// (issue #9.3: only a refusal, or a read-back that found nothing, means nothing changed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attempt {
    pub line: String,
    pub changed_nothing: bool,
}

impl Draft {
    pub fn is_ready(&self) -> bool {
        self.problems.is_empty() && self.parsed.is_some() && !self.submitting
    }

    /// The draft page: its state, the problems, then the diff (or the text when it did not parse).
    pub fn page_lines(&self) -> Vec<String> {
        let mut lines = vec![format!(
            "edit of {} — e edits again · enter registers · X discards",
            self.base_label
        )];
        if self.submitting {
            lines.push("registering…".into());
        } else if let (true, Some(failed)) = (self.problems.is_empty(), &self.failure) {
            lines.push(if failed.changed_nothing {
                "the last attempt changed nothing; enter tries again".into()
            } else {
                "the last attempt may have registered a revision: look at the family's \
                 revisions (esc) before trying again"
                    .into()
            });
            lines.push(format!("  ✗ {}", failed.line));
        } else if self.problems.is_empty() {
            lines.push("ready to register".into());
        } else {
            lines.push(format!(
                "{} problem(s), nothing was sent:",
                self.problems.len()
            ));
            lines.extend(self.problems.iter().map(|p| format!("  ✗ {p}")));
        }
        lines.extend(self.notes.iter().map(|n| format!("  note: {n}")));
        lines.push(String::new());
        if self.parsed.is_some() {
            lines.extend(self.diff.iter().cloned());
        } else {
            lines.extend(self.text.lines().map(|l| format!("  {l}")));
        }
        lines
    }
}

/// Line diff of two texts as `+ `, `- ` and `  ` prefixed lines.
pub fn line_diff(old: &str, new: &str) -> Vec<String> {
    similar::TextDiff::from_lines(old, new)
        .iter_all_changes()
        .map(|change| {
            let sign = match change.tag() {
                similar::ChangeTag::Delete => "- ",
                similar::ChangeTag::Insert => "+ ",
                similar::ChangeTag::Equal => "  ",
            };
            format!("{sign}{}", change.value().trim_end_matches('\n'))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn diff_marks_changed_lines() {
        let d = line_diff("a\nb\nc\n", "a\nB\nc\n");
        assert_eq!(d, ["  a", "- b", "+ B", "  c"]);
    }
}
