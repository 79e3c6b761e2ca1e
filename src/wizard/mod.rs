//! Wizards: multi-section forms that build an API request, validated before AWS sees it.

pub mod annotate;
pub mod cluster;
pub mod draft;
pub mod fields;
pub mod json;
pub mod namespace;
pub mod options;
pub mod parse;
pub mod prefill;
pub mod shell;
pub mod task_definition;
pub mod validate;

pub use task_definition::{ReviewLine, Step, SubmitRequest, TaskDefWizard, WizardOutcome};
