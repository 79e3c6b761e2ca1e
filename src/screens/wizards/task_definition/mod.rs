//! The "Create new task definition" wizard: the form, its validation as it is edited, the review
//! step with the exact RegisterTaskDefinition JSON, and what the app should do next
//! ([`WizardOutcome`]). Pure state: no I/O here; the app runs the outcome.

pub mod annotate;
pub mod fields;
pub mod json;
pub mod options;
pub mod prefill;
mod screen;
pub mod validate;
pub mod values;
mod view;

use std::collections::BTreeMap;

use crossterm::event::KeyEvent;

use super::WizardOutcome;
use serde_json::Value;

use crate::form::{FieldKind, Form, Handled, Suggestion};
use crate::keymap::{FormCommand, Keymap};
use crate::model::TaskDefinition;
use crate::model::iam::Role;
pub use crate::screens::wizards::ReviewLine;
use annotate::annotate;
use fields::{container_section, ids, kinds, task_sections};
use json::Extras;
use options::refresh;
use validate::Problem;
use values::{LogValues, TaskValues};

/// Lines the review scrolls by with page up/down.
const REVIEW_PAGE: usize = 10;
/// The role most accounts have for the execution role; preselected when it exists.
const DEFAULT_EXECUTION_ROLE: &str = "ecsTaskExecutionRole";

/// Where the wizard is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    Edit,
    Review,
}

/// What submitting sends.
#[derive(Debug, Clone, PartialEq)]
pub struct SubmitRequest {
    /// The RegisterTaskDefinition input, for `aws::task_definitions::register_json`.
    pub json: Value,
    /// `(group, region)` to create before registering, when missing.
    pub create_log_groups: Vec<(String, String)>,
}

/// The wizard's state.
#[derive(Debug, Clone)]
pub struct TaskDefWizard {
    pub form: Form,
    pub step: Step,
    /// First review line on screen (clamped when drawn).
    pub review_scroll: usize,
    region: String,
    existing_families: Vec<String>,
    /// `None` until [`TaskDefWizard::set_roles`]; the error when listing failed.
    roles: Option<Result<Vec<Role>, String>>,
    extras: Extras,
    /// `family:revision` the form was prefilled from.
    source: Option<String>,
    next_key: u64,
    /// The JSON when the form opened; `is_changed` compares with it.
    baseline: Value,
    json: Value,
    problems: Vec<Problem>,
    values: Option<TaskValues>,
    submit_error: Option<String>,
    /// A submit is out; a second one waits for its result.
    submitting: bool,
    /// A one-off message (e.g. "a task definition needs a container").
    notice: Option<String>,
    /// The container section Ctrl-X was pressed on once: a second Ctrl-X removes it, any other
    /// key keeps it (a filled-in container is never lost to one key).
    remove_armed: Option<u64>,
    /// The family whose revisions list opened the wizard (it is below, and shows the result).
    pub opened_from: Option<String>,
    /// The IAM roles were asked for.
    roles_asked: bool,
}

impl TaskDefWizard {
    /// An empty form: Fargate, Linux/X86_64, .5 vCPU / 1 GB, one essential container with awslogs.
    pub fn new(region: &str, existing_families: Vec<String>) -> Self {
        let (mut sections, tags) = task_sections();
        sections.push(container_section(1, "", region));
        sections.push(tags);
        let mut wizard = Self {
            form: Form::new(sections),
            step: Step::Edit,
            review_scroll: 0,
            region: region.to_string(),
            existing_families,
            roles: None,
            extras: Extras::default(),
            source: None,
            next_key: 2,
            baseline: Value::Null,
            json: Value::Null,
            problems: Vec::new(),
            values: None,
            submit_error: None,
            submitting: false,
            notice: None,
            remove_armed: None,
            opened_from: None,
            roles_asked: false,
        };
        wizard.sync();
        wizard.baseline = wizard.json.clone();
        wizard
    }

    /// A form prefilled from a revision's raw JSON, to register a new revision from it. Fields the
    /// form does not show (volumes, health checks, ...) are kept.
    pub fn from_revision(
        td: &TaskDefinition,
        region: &str,
        existing_families: Vec<String>,
    ) -> Self {
        let mut wizard = Self::new(region, existing_families);
        let mut next_key = wizard.next_key;
        // Without the raw description (it could not be captured) the family is still known.
        let fallback = serde_json::json!({ "family": td.family });
        let source = if td.json.is_object() {
            &td.json
        } else {
            &fallback
        };
        wizard.extras = prefill::apply(&mut wizard.form, source, &td.tags, region, &mut next_key);
        wizard.next_key = next_key;
        wizard.source = Some(td.label());
        wizard.sync();
        wizard.baseline = wizard.json.clone();
        wizard
    }

    /// The roles trusting ecs-tasks.amazonaws.com, or why they could not be listed.
    pub fn set_roles(&mut self, roles: Result<Vec<Role>, String>) {
        let untouched = !self.is_changed();
        let ix = values::SectionIndex::of(&self.form);
        let suggestions: Option<Vec<Suggestion>> = roles.as_ref().ok().map(|list| {
            list.iter()
                .map(|r| Suggestion {
                    label: r.name.clone(),
                    value: r.arn.clone(),
                })
                .collect()
        });
        let status = match &roles {
            Ok(list) if list.is_empty() => {
                Some("no role trusts ecs-tasks.amazonaws.com: type an ARN".to_string())
            }
            Ok(_) => None,
            Err(e) => Some(format!("roles could not be listed ({e}): type an ARN")),
        };
        if let Some(section) = self.form.sections.get_mut(ix.roles) {
            for field in &mut section.fields {
                if let FieldKind::Combo(combo) = &mut field.kind {
                    combo.suggestions = suggestions.clone();
                    combo.status = status.clone();
                    // A prefilled ARN shows as the role's name once the list is known.
                    if let Some(s) = combo.chosen().cloned() {
                        combo.text.set(&s.label);
                    }
                }
            }
            // Most accounts have the console's default execution role: offer it for a new form.
            if self.source.is_none()
                && let Some(field) = section.field_mut(ids::EXECUTION_ROLE)
                && !field.touched
                && field.value().is_empty()
                && roles
                    .as_ref()
                    .is_ok_and(|l| l.iter().any(|r| r.name == DEFAULT_EXECUTION_ROLE))
            {
                field.set_value(DEFAULT_EXECUTION_ROLE);
            }
        }
        self.roles = Some(roles);
        self.sync();
        if untouched {
            self.baseline = self.json.clone();
        }
    }

    /// The register call failed: keep everything as typed and show the error at the top.
    pub fn set_submit_error(&mut self, message: String) {
        self.submitting = false;
        self.submit_error = Some(message);
    }

    /// The operator said No to discarding: keep editing.
    pub fn cancel_discard(&mut self) {
        self.notice = None;
    }

    /// Whether the JSON differs from what the form opened with.
    pub fn is_changed(&self) -> bool {
        self.json != self.baseline
    }

    /// The problems blocking submit, in form order.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The RegisterTaskDefinition input as it stands.
    pub fn json(&self) -> &Value {
        &self.json
    }

    pub fn json_pretty(&self) -> String {
        serde_json::to_string_pretty(&self.json).unwrap_or_default()
    }

    /// `<family>.json`, the file the review's CLI line reads.
    pub fn file_name(&self) -> String {
        let family = self.family();
        // The name goes on a command line: only a valid family is safe there unquoted.
        if crate::domain::names::validate_family_name(&family).is_err() {
            "task-definition.json".to_string()
        } else {
            format!("{family}.json")
        }
    }

    /// The equivalent AWS CLI command.
    pub fn cli_line(&self) -> String {
        format!(
            "aws ecs register-task-definition --cli-input-json file://{}",
            self.file_name()
        )
    }

    pub fn family(&self) -> String {
        self.values
            .as_ref()
            .map(|d| d.family.clone())
            .unwrap_or_default()
    }

    /// `Create task definition` / `New revision from web:3`.
    pub fn title(&self) -> String {
        match &self.source {
            Some(label) => format!("New revision from {label}"),
            None => "Create task definition".to_string(),
        }
    }

    pub fn submit_error(&self) -> Option<&str> {
        self.submit_error.as_deref()
    }

    pub fn notice(&self) -> Option<&str> {
        self.notice.as_deref()
    }

    pub fn is_submitting(&self) -> bool {
        self.submitting
    }

    /// `3 of 7 · Task size`, for the frame.
    pub fn position(&self) -> String {
        let n = self.form.sections.len();
        let i = self.form.focus.section.min(n.saturating_sub(1));
        let title = self
            .form
            .sections
            .get(i)
            .map(|s| s.title.as_str())
            .unwrap_or("");
        format!("section {} of {n} · {title}", i.saturating_add(1))
    }

    /// Re-reads the form after an edit: dependent choices, validation, messages and the JSON.
    fn sync(&mut self) {
        refresh(&mut self.form);
        let values = values::read(&self.form);
        let extra_needs: Vec<_> = values
            .containers
            .iter()
            .filter_map(|c| self.extras.containers.get(&c.key).map(|e| e.needs(&c.name)))
            .collect();
        self.problems = validate::problems(&values, &extra_needs);
        self.json = json::build(&values, &self.extras);
        annotate(
            &mut self.form,
            &values,
            &self.problems,
            &extra_needs,
            &self.existing_families,
            self.roles.as_ref(),
        );
        self.values = Some(values);
    }

    /// Handles a key (Ctrl-C is the app's). Keys come from the keymap's `form` context.
    pub fn handle_key(&mut self, key: KeyEvent, keymap: &Keymap) -> WizardOutcome<SubmitRequest> {
        self.notice = None;
        let command = keymap.lookup_form(&key);
        if command != Some(FormCommand::RemoveItem) {
            self.remove_armed = None;
        }
        match self.step {
            Step::Review => self.review_key(command),
            Step::Edit => match self.form.handle(command, &key) {
                Handled::Edited => {
                    self.sync();
                    WizardOutcome::None
                }
                Handled::Moved | Handled::Nothing => WizardOutcome::None,
                Handled::Pass(c) => self.edit_command(c),
            },
        }
    }

    fn edit_command(&mut self, command: FormCommand) -> WizardOutcome<SubmitRequest> {
        use FormCommand as C;
        match command {
            C::Review => {
                self.step = Step::Review;
                self.review_scroll = 0;
                self.form.reveal_errors = true;
            }
            // Enter while editing moves on, like in most forms.
            C::Submit => {
                self.form.move_focus(1);
            }
            C::AddItem => self.add_container(),
            C::RemoveItem => self.remove_container(),
            C::MoveItemUp => self.move_container(false),
            C::MoveItemDown => self.move_container(true),
            C::Cancel => {
                return if self.is_changed() {
                    WizardOutcome::AskDiscard
                } else {
                    WizardOutcome::Cancel
                };
            }
            C::Copy => return WizardOutcome::Copy(self.json_pretty()),
            C::Save => return self.save(),
            // The app opens help before the form sees the key.
            C::Help => {}
            C::NextField
            | C::PrevField
            | C::NextSection
            | C::PrevSection
            | C::NextOption
            | C::PrevOption
            | C::Toggle
            | C::PageUp
            | C::PageDown => {}
        }
        WizardOutcome::None
    }

    fn review_key(&mut self, command: Option<FormCommand>) -> WizardOutcome<SubmitRequest> {
        use FormCommand as C;
        match command {
            Some(C::Cancel) => self.step = Step::Edit,
            Some(C::NextField) => self.review_scroll = self.review_scroll.saturating_add(1),
            Some(C::PrevField) => self.review_scroll = self.review_scroll.saturating_sub(1),
            Some(C::PageDown) => {
                self.review_scroll = self.review_scroll.saturating_add(REVIEW_PAGE)
            }
            Some(C::PageUp) => self.review_scroll = self.review_scroll.saturating_sub(REVIEW_PAGE),
            Some(C::Submit) => return self.submit(),
            Some(C::Copy) => return WizardOutcome::Copy(self.json_pretty()),
            Some(C::Save) => return self.save(),
            _ => {}
        }
        self.review_scroll = self.review_scroll.min(self.review_lines().len());
        WizardOutcome::None
    }

    fn save(&self) -> WizardOutcome<SubmitRequest> {
        WizardOutcome::Save {
            path: self.file_name(),
            contents: format!("{}\n", self.json_pretty()),
        }
    }

    fn submit(&mut self) -> WizardOutcome<SubmitRequest> {
        if self.submitting {
            return WizardOutcome::None;
        }
        if !self.problems.is_empty() {
            self.notice = Some(format!(
                "fix the {} problem{} first",
                self.problems.len(),
                if self.problems.len() == 1 { "" } else { "s" }
            ));
            return WizardOutcome::None;
        }
        self.submitting = true;
        self.submit_error = None;
        let create_log_groups = self
            .values
            .as_ref()
            .map(json::log_groups_to_create)
            .unwrap_or_default();
        WizardOutcome::Submit(SubmitRequest {
            json: self.json.clone(),
            create_log_groups,
        })
    }

    /// The container section the focus is in, if any.
    fn focused_container(&self) -> Option<usize> {
        let i = self.form.focus.section;
        self.form
            .sections
            .get(i)
            .filter(|s| s.repeated && s.kind == kinds::CONTAINER)
            .map(|_| i)
    }

    fn add_container(&mut self) {
        let group = self.form.group(kinds::CONTAINER);
        let at = match self.focused_container() {
            Some(i) => i.saturating_add(1),
            None => group
                .last()
                .map(|i| i.saturating_add(1))
                .unwrap_or(self.form.sections.len()),
        };
        let key = self.next_key;
        self.next_key = self.next_key.saturating_add(1);
        let family = self.family();
        self.form
            .insert_section(at, container_section(key, &family, &self.region));
        self.sync();
    }

    fn remove_container(&mut self) {
        let Some(i) = self.focused_container() else {
            self.notice = Some("move to a container to remove it".to_string());
            return;
        };
        if self.form.group(kinds::CONTAINER).len() <= 1 {
            self.notice = Some("a task definition needs at least one container".to_string());
            return;
        }
        let section = &self.form.sections[i];
        let filled = section.fields.iter().any(|f| !f.value().trim().is_empty());
        if filled && self.remove_armed != Some(section.key) {
            self.remove_armed = Some(section.key);
            self.notice = Some(format!(
                "ctrl-x again removes {} and everything in it; any other key keeps it",
                section.title
            ));
            return;
        }
        self.remove_armed = None;
        if let Some(removed) = self.form.remove_section(i) {
            self.extras.containers.remove(&removed.key);
        }
        self.sync();
    }

    fn move_container(&mut self, down: bool) {
        let Some(i) = self.focused_container() else {
            return;
        };
        let group = self.form.group(kinds::CONTAINER);
        let Some(pos) = group.iter().position(|g| *g == i) else {
            return;
        };
        let other = if down {
            group.get(pos.saturating_add(1))
        } else {
            pos.checked_sub(1).and_then(|p| group.get(p))
        };
        if let Some(&j) = other {
            self.form.swap_sections(i, j);
            self.sync();
        }
    }

    /// Whether a form command does something right now (keeps footer hints honest).
    pub fn applies(&self, command: FormCommand) -> bool {
        use FormCommand as C;
        let focused = self.form.focused().map(|f| &f.kind);
        match self.step {
            Step::Review => match command {
                C::Submit => self.problems.is_empty() && !self.submitting,
                C::Copy
                | C::Save
                | C::Cancel
                | C::NextField
                | C::PrevField
                | C::PageUp
                | C::PageDown => true,
                _ => false,
            },
            Step::Edit => match command {
                // Space on a choice or toggle; the arrows pick roles in a combo (on a choice they
                // work too, but one hint per field keeps the footer short).
                C::Toggle => matches!(focused, Some(FieldKind::Choice(_) | FieldKind::Toggle(_))),
                C::NextOption | C::PrevOption => matches!(focused, Some(FieldKind::Combo(_))),
                C::RemoveItem => {
                    self.focused_container().is_some()
                        && self.form.group(kinds::CONTAINER).len() > 1
                }
                C::MoveItemUp | C::MoveItemDown => {
                    self.focused_container().is_some()
                        && self.form.group(kinds::CONTAINER).len() > 1
                }
                C::Submit => false,
                C::Copy | C::Save => false,
                _ => true,
            },
        }
    }

    /// Footer hints for the step and the focused field.
    pub fn hints(&self, keymap: &Keymap) -> Vec<(String, String)> {
        keymap.form_hints(|c| self.applies(c))
    }

    /// The review step's content: problems (or ready), what happens on submit, the CLI line and
    /// the JSON.
    pub fn review_lines(&self) -> Vec<ReviewLine> {
        let mut out = Vec::new();
        if self.problems.is_empty() {
            out.push(ReviewLine::Ok(
                "No problems: the revision can be registered.".to_string(),
            ));
        } else {
            out.push(ReviewLine::Heading(format!(
                "{} problem{} — submit is blocked until they are fixed",
                self.problems.len(),
                if self.problems.len() == 1 { "" } else { "s" }
            )));
            for p in &self.problems {
                let section = self.form.sections.get(p.section);
                let place = match (
                    section,
                    p.field.and_then(|id| section.and_then(|s| s.field(id))),
                ) {
                    (Some(s), Some(f)) => format!("{} › {}", s.title, f.label),
                    (Some(s), None) => s.title.clone(),
                    _ => String::new(),
                };
                out.push(ReviewLine::Problem(format!("{place}: {}", p.message)));
            }
        }
        out.push(ReviewLine::Blank);
        let family = self.family();
        if !family.is_empty() {
            out.push(ReviewLine::Info(
                if self.existing_families.contains(&family) {
                    format!("Registers a new revision of the existing family {family}.")
                } else {
                    format!("Registers {family}:1, a new family.")
                },
            ));
        }
        if let Some(d) = &self.values {
            for (group, region) in json::log_groups_to_create(d) {
                out.push(ReviewLine::Info(format!(
                    "Creates log group {group} in {region} first, if missing."
                )));
            }
            if d.containers.iter().any(|c| c.log == LogValues::Keep) {
                out.push(ReviewLine::Info(
                    "Keeps the revision's log drivers as they were.".to_string(),
                ));
            }
            let names: BTreeMap<u64, String> = d
                .containers
                .iter()
                .map(|c| (c.key, c.name.clone()))
                .collect();
            let kept = self.extras.summary(&names);
            if !kept.is_empty() {
                let from = self.source.clone().unwrap_or_default();
                out.push(ReviewLine::Info(format!(
                    "Kept from {from} as they were (not in this form): {}",
                    kept.join(" · ")
                )));
            }
        }
        out.push(ReviewLine::Blank);
        out.push(ReviewLine::Heading("AWS CLI equivalent".to_string()));
        out.push(ReviewLine::Code(self.cli_line()));
        out.push(ReviewLine::Blank);
        out.push(ReviewLine::Heading(format!(
            "{} (the RegisterTaskDefinition input)",
            self.file_name()
        )));
        out.extend(
            self.json_pretty()
                .lines()
                .map(|l| ReviewLine::Code(l.to_string())),
        );
        out
    }
}

#[cfg(test)]
mod tests;
