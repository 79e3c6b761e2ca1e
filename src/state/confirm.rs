//! The one confirmation dialog every destructive action goes through: `y` confirms, `n`/Esc cancel,
//! Enter takes the highlighted choice, which starts on No.

/// What runs if the operator says yes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PendingOp {
    DeregisterTaskDefinitions {
        arns: Vec<String>,
    },
    DeleteTaskDefinitions {
        arns: Vec<String>,
    },
    RegisterDraft {
        family: String,
    },
    DiscardDraft {
        family: String,
    },
    /// Delete a cluster (after a precheck found nothing in the way).
    DeleteCluster {
        cluster: String,
    },
    /// Set Container Insights to the picker's value.
    SetInsights {
        cluster: String,
    },
    /// Set the default namespace to the picker's value (the first value means none).
    SetDefaultNamespace {
        cluster: String,
    },
    DeleteNamespace {
        id: String,
        name: String,
    },
    /// Close the wizard, dropping what was typed.
    DiscardWizard,
    PutCapacityProviders {
        cluster: String,
        providers: Vec<String>,
        strategy: Vec<crate::model::StrategyItem>,
    },
    /// UpdateService with exactly these fields.
    UpdateService(Box<crate::model::service::ServiceUpdate>),
    /// Scale to 0, then delete.
    DeleteService {
        cluster: String,
        service: String,
    },
    StopTask {
        cluster: String,
        task: String,
        reason: String,
    },
    /// Move the service to the picker's revision.
    UpdateRevision {
        cluster: String,
        service: String,
    },
    /// ECS Exec into the picker's container of this task; for each container, why it cannot
    /// take a shell now, if it cannot.
    Exec {
        task: String,
        problems: Vec<(String, Option<String>)>,
    },
}

/// A value chosen inside the dialog (j/k or ↑/↓).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Picker {
    pub label: String,
    pub values: Vec<String>,
    pub index: usize,
}

impl Picker {
    pub fn value(&self) -> &str {
        self.values
            .get(self.index)
            .map(String::as_str)
            .unwrap_or("")
    }
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
    /// A value to choose before confirming.
    pub picker: Option<Picker>,
    /// Text the operator must type (the resource's name) before Yes can be chosen.
    pub typed: Option<(String, String)>,
    /// The screen the answer goes to (set when the dialog opens).
    pub owner: Option<crate::effect::ScreenId>,
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
            picker: None,
            typed: None,
            owner: None,
        }
    }

    /// Whether Yes may be chosen now (a typed confirmation must match).
    pub fn can_confirm(&self) -> bool {
        self.typed
            .as_ref()
            .is_none_or(|(expected, typed)| expected == typed)
    }
}
