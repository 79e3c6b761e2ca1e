//! The one confirmation dialog every destructive action goes through: `y` confirms, `n`/Esc cancel,
//! Enter takes the highlighted choice, which starts on No.

/// What runs if the operator says yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PendingOp {
    DeregisterTaskDefinitions { arns: Vec<String> },
    DeleteTaskDefinitions { arns: Vec<String> },
}

/// An open dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirm {
    pub title: String,
    /// The question and the list of what it applies to.
    pub lines: Vec<String>,
    /// What the Yes button says ("Deregister 2").
    pub yes_label: String,
    /// Whether Yes is highlighted; starts false.
    pub yes_highlighted: bool,
    pub op: PendingOp,
}

impl Confirm {
    pub fn new(
        title: impl Into<String>,
        lines: Vec<String>,
        yes_label: impl Into<String>,
        op: PendingOp,
    ) -> Self {
        Self {
            title: title.into(),
            lines,
            yes_label: yes_label.into(),
            yes_highlighted: false,
            op,
        }
    }
}
