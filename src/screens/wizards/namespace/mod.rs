//! The "Create namespace" wizard: an AWS Cloud Map namespace, HTTP or private DNS in a chosen VPC,
//! with description and tags; a review with the exact request and its CLI line; then the progress
//! of the asynchronous Cloud Map operation. Pure state: the app lists the VPCs, runs
//! [`WizardOutcome::Submit`] and feeds back progress, errors and the result.

mod screen;
mod view;

use crossterm::event::KeyEvent;

use super::Problem;
use super::ReviewLine;
use super::parse::parse_pairs;
use crate::domain::namespace::{NewNamespace, NewNamespaceKind};
use crate::form::flow::{self, CreateWizard, Flow, Stage, WizardOutcome};
use crate::form::{ChoiceOption, Field, FieldKind, Form, Section, Suggestion};
use crate::keymap::{FormCommand, Keymap};
use crate::model::namespace::VpcSummary;
use crate::model::namespace::{Namespace, NamespaceKind};

/// Field ids.
pub mod ids {
    pub const NAME: &str = "name";
    pub const KIND: &str = "kind";
    pub const VPC: &str = "vpc";
    pub const DESCRIPTION: &str = "description";
    pub const TAGS: &str = "tags";
}

/// Section kinds.
pub mod kinds {
    pub const NAMESPACE: &str = "namespace";
    pub const TAGS: &str = "tags";
}

/// Values of the namespace type choice, as the API spells the types.
pub mod kind_choice {
    pub const HTTP: &str = "HTTP";
    pub const DNS_PRIVATE: &str = "DNS_PRIVATE";
}

/// The wizard's state.
#[derive(Debug, Clone)]
pub struct NamespaceWizard {
    pub form: Form,
    pub flow: Flow,
    /// The list the wizard needs was asked for (once).
    pub(crate) vpcs_asked: bool,
    existing: Vec<Namespace>,
    /// `None` until [`NamespaceWizard::set_vpcs`]; the error when listing failed.
    vpcs: Option<Result<Vec<VpcSummary>, String>>,
    namespace: NewNamespace,
    tags_error: Option<String>,
    problems: Vec<Problem>,
    /// The shown values when the form opened; `is_changed` compares with them.
    baseline: Vec<(&'static str, String)>,
}

fn sections() -> Vec<Section> {
    vec![
        Section::new(
            kinds::NAMESPACE,
            "Namespace",
            vec![
                Field::text(
                    ids::NAME,
                    "Name",
                    "HTTP: printable ASCII without spaces or < > \" /. Private DNS: a domain name such as corp.internal.",
                    "",
                    "e.g. shop",
                ),
                Field::choice(
                    ids::KIND,
                    "Type",
                    "HTTP: found by API calls only, all Service Connect needs. Private DNS: also a Route 53 zone in a VPC.",
                    vec![
                        ChoiceOption::new(kind_choice::HTTP, "HTTP"),
                        ChoiceOption::new(kind_choice::DNS_PRIVATE, "private DNS"),
                    ],
                    kind_choice::HTTP,
                ),
                Field::combo(
                    ids::VPC,
                    "VPC",
                    "The VPC whose resources resolve the namespace's DNS names: pick one, or type its ID.",
                    "",
                    "choose a VPC",
                )
                .with_noun("VPC"),
                Field::text(
                    ids::DESCRIPTION,
                    "Description",
                    "Optional, up to 1024 characters.",
                    "",
                    "none",
                ),
            ],
        ),
        Section::new(
            kinds::TAGS,
            "Tags",
            vec![Field::text(
                ids::TAGS,
                "Tags",
                "key=value pairs separated by spaces; quote values with spaces. At most 50; aws: is reserved.",
                "",
                "e.g. team=shop env=prod",
            )],
        ),
    ]
}

fn field<'a>(form: &'a Form, id: &str) -> Option<&'a Field> {
    form.sections.iter().find_map(|s| s.field(id))
}

fn field_mut<'a>(form: &'a mut Form, id: &str) -> Option<&'a mut Field> {
    form.sections.iter_mut().find_map(|s| s.field_mut(id))
}

fn value<'a>(form: &'a Form, id: &str) -> &'a str {
    field(form, id).map(Field::value).unwrap_or("")
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Reads the form; the tags' parse error separately (the namespace then has none).
fn read(form: &Form) -> (NewNamespace, Option<String>) {
    let kind = if value(form, ids::KIND) == kind_choice::DNS_PRIVATE {
        let vpc_id = match field(form, ids::VPC).map(|f| &f.kind) {
            Some(FieldKind::Combo(c)) => c
                .chosen()
                .map_or_else(|| c.value().trim().to_string(), |s| s.value.clone()),
            _ => String::new(),
        };
        NewNamespaceKind::DnsPrivate { vpc_id }
    } else {
        NewNamespaceKind::Http
    };
    let description = value(form, ids::DESCRIPTION).trim();
    let (tags, tags_error) = match parse_pairs(value(form, ids::TAGS), "tag") {
        Ok(tags) => (tags, None),
        Err(e) => (Vec::new(), Some(e)),
    };
    let namespace = NewNamespace {
        name: value(form, ids::NAME).trim().to_string(),
        kind,
        description: (!description.is_empty()).then(|| description.to_string()),
        tags,
    };
    (namespace, tags_error)
}

/// Each field's messages, from [`NewNamespace::validate`] run on a namespace where only that
/// field can be wrong, so the form and the review say the same.
fn field_messages(ns: &NewNamespace, existing: &[Namespace]) -> Vec<(&'static str, Vec<String>)> {
    let valid_kind = match &ns.kind {
        NewNamespaceKind::Http => NewNamespaceKind::Http,
        NewNamespaceKind::DnsPrivate { .. } => NewNamespaceKind::DnsPrivate {
            vpc_id: "x".to_string(),
        },
    };
    let base = NewNamespace {
        name: "x".to_string(),
        kind: valid_kind.clone(),
        description: None,
        tags: Vec::new(),
    };
    let mut out = vec![(
        ids::NAME,
        NewNamespace {
            name: ns.name.clone(),
            ..base.clone()
        }
        .validate(existing),
    )];
    if let NewNamespaceKind::DnsPrivate { .. } = &ns.kind {
        out.push((
            ids::VPC,
            NewNamespace {
                kind: ns.kind.clone(),
                ..base.clone()
            }
            .validate(&[]),
        ));
    }
    out.push((
        ids::DESCRIPTION,
        NewNamespace {
            description: ns.description.clone(),
            ..base.clone()
        }
        .validate(&[]),
    ));
    out.push((
        ids::TAGS,
        NewNamespace {
            tags: ns.tags.clone(),
            ..base
        }
        .validate(&[]),
    ));
    out
}

impl NamespaceWizard {
    /// An empty form for an HTTP namespace. `existing` are the region's namespaces: a name an
    /// HTTP namespace already has is refused.
    pub fn new(existing: Vec<Namespace>) -> Self {
        let mut wizard = Self {
            form: Form::new(sections()),
            flow: Flow::default(),
            existing,
            vpcs: None,
            vpcs_asked: false,
            namespace: NewNamespace {
                name: String::new(),
                kind: NewNamespaceKind::Http,
                description: None,
                tags: Vec::new(),
            },
            tags_error: None,
            problems: Vec::new(),
            baseline: Vec::new(),
        };
        wizard.sync();
        wizard.baseline = wizard.shown_values();
        wizard
    }

    /// The region's VPCs, or why they could not be listed.
    pub fn set_vpcs(&mut self, vpcs: Result<Vec<VpcSummary>, String>) {
        let status = match &vpcs {
            Ok(list) if list.is_empty() => {
                Some("no VPC in this region: private DNS needs one; type an ID".to_string())
            }
            Ok(_) => None,
            Err(e) => Some(format!("VPCs could not be listed ({e}): type a VPC ID")),
        };
        if let Some(FieldKind::Combo(c)) = field_mut(&mut self.form, ids::VPC).map(|f| &mut f.kind)
        {
            c.suggestions = vpcs.as_ref().ok().map(|list| {
                list.iter()
                    .map(|v| Suggestion {
                        label: v.label(),
                        value: v.id.clone(),
                    })
                    .collect()
            });
            c.status = status;
            // A typed ID shows as the VPC's label once the list is known.
            if let Some(s) = c.chosen().cloned() {
                c.text.set(&s.label);
            }
        }
        self.vpcs = Some(vpcs);
        self.sync();
    }

    /// Whether the app should list the VPCs now: private DNS is chosen and no list was given yet.
    /// Stays true until [`NamespaceWizard::set_vpcs`].
    pub fn wants_vpcs(&self) -> bool {
        value(&self.form, ids::KIND) == kind_choice::DNS_PRIVATE && self.vpcs.is_none()
    }

    /// Creating failed: keep everything as typed and show the error above the review.
    pub fn set_submit_error(&mut self, message: String) {
        self.flow.set_submit_error(message);
    }

    /// Progress of the create call and the Cloud Map operation it started.
    pub fn set_progress(&mut self, lines: Vec<String>) {
        self.flow.set_progress(lines);
    }

    /// The namespace exists (or the operation ended): show the outcome. The copy key copies the
    /// selected line, the last non-empty one at first.
    pub fn set_result(&mut self, lines: Vec<String>) {
        self.flow.set_result(lines);
    }

    /// The operator said No to discarding: keep editing.
    pub fn cancel_discard(&mut self) {
        self.flow.clear_notice();
    }

    /// Whether any shown value differs from what the form opened with.
    pub fn is_changed(&self) -> bool {
        self.shown_values() != self.baseline
    }

    /// The namespace as the form stands.
    pub fn namespace(&self) -> &NewNamespace {
        &self.namespace
    }

    /// The problems blocking submit, in form order.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The wizard's frame title.
    pub fn title(&self) -> &'static str {
        "Create namespace"
    }

    fn shown_values(&self) -> Vec<(&'static str, String)> {
        self.form
            .sections
            .iter()
            .flat_map(|s| s.fields.iter())
            .filter(|f| !f.hidden)
            .map(|f| (f.id, f.value().to_string()))
            .collect()
    }

    /// Re-reads the form after an edit: shown fields, the namespace, problems and messages.
    fn sync(&mut self) {
        let dns = value(&self.form, ids::KIND) == kind_choice::DNS_PRIVATE;
        if let Some(f) = field_mut(&mut self.form, ids::VPC) {
            f.hidden = !dns;
        }
        self.form.fix_focus();
        let (namespace, tags_error) = read(&self.form);
        self.namespace = namespace;
        self.tags_error = tags_error;
        let by_field = field_messages(&self.namespace, &self.existing);
        let mut messages = self.namespace.validate(&self.existing);
        if let Some(e) = &self.tags_error {
            messages.push(e.clone());
        }
        let tags_error = self.tags_error.clone();
        self.problems = messages
            .into_iter()
            .map(|message| {
                let id = if tags_error.as_deref() == Some(message.as_str()) {
                    Some(ids::TAGS)
                } else {
                    by_field
                        .iter()
                        .find(|(_, m)| m.contains(&message))
                        .map(|(id, _)| *id)
                };
                let section = id
                    .and_then(|id| {
                        self.form
                            .sections
                            .iter()
                            .position(|s| s.field(id).is_some())
                    })
                    .unwrap_or(self.form.sections.len());
                Problem {
                    section,
                    field: id,
                    message,
                }
            })
            .collect();
        self.annotate(by_field);
    }

    fn annotate(&mut self, by_field: Vec<(&'static str, Vec<String>)>) {
        for section in &mut self.form.sections {
            section.error = None;
            section.note = None;
            for f in &mut section.fields {
                f.error = None;
                f.warning = None;
                f.preview = None;
            }
        }
        for (id, messages) in by_field {
            if let Some(f) = field_mut(&mut self.form, id)
                && !messages.is_empty()
            {
                f.error = Some(messages.join("; "));
            }
        }
        if let (Some(e), Some(f)) = (&self.tags_error, field_mut(&mut self.form, ids::TAGS)) {
            f.error = Some(e.clone());
        }
        if let Some(f) = field_mut(&mut self.form, ids::TAGS)
            && !self.namespace.tags.is_empty()
        {
            let n = self.namespace.tags.len();
            f.preview = Some(format!("{n} tag{}", plural(n)));
        }
        let name = &self.namespace.name;
        let note = match &self.namespace.kind {
            NewNamespaceKind::Http => {
                "Found through Cloud Map API calls only, which is all Service Connect needs."
                    .to_string()
            }
            NewNamespaceKind::DnsPrivate { .. } => {
                "Also creates a Route 53 private hosted zone for the name in the VPC, which can \
                 take minutes."
                    .to_string()
            }
        };
        if let Some(s) = self.form.sections.first_mut() {
            s.note = Some(note);
        }
        // A private DNS namespace may share its name with one in another VPC: worth a word.
        if matches!(self.namespace.kind, NewNamespaceKind::DnsPrivate { .. })
            && self
                .existing
                .iter()
                .any(|n| &n.name == name && n.kind == NamespaceKind::DnsPrivate)
            && let Some(f) = field_mut(&mut self.form, ids::NAME)
        {
            f.warning = Some(format!(
                "a private DNS namespace named {name} exists: allowed only in another VPC"
            ));
        }
        if let NewNamespaceKind::DnsPrivate { vpc_id } = &self.namespace.kind
            && let Some(Ok(list)) = &self.vpcs
            && !vpc_id.is_empty()
            && !list.iter().any(|v| &v.id == vpc_id)
            && let Some(f) = field_mut(&mut self.form, ids::VPC)
        {
            f.warning = Some("not among the region's VPCs: sent as typed".to_string());
        }
    }

    /// Handles a key (Ctrl-C is the app's). Keys come from the keymap's `form` context.
    pub fn handle_key(&mut self, key: KeyEvent, keymap: &Keymap) -> WizardOutcome<NewNamespace> {
        flow::handle_key(self, key, keymap)
    }

    /// Whether a form command does something right now (keeps footer hints honest).
    pub fn applies(&self, command: FormCommand) -> bool {
        flow::applies(&self.flow, &self.form, command, self.problems.len())
    }

    /// Footer hints for the stage and the focused field.
    pub fn hints(&self, keymap: &Keymap) -> Vec<(String, String)> {
        flow::create_hints(keymap, self.flow.stage(), |c| self.applies(c))
    }

    /// The review: progress (while creating), problems (or ready), the request's note, CLI line
    /// and exact JSON.
    pub fn review_lines(&self) -> Vec<ReviewLine> {
        let mut out = Vec::new();
        if !self.flow.progress().is_empty() {
            out.push(ReviewLine::Heading("Progress".to_string()));
            out.extend(
                self.flow
                    .progress()
                    .iter()
                    .map(|l| ReviewLine::Info(l.clone())),
            );
            out.push(ReviewLine::Blank);
        }
        if self.problems.is_empty() {
            out.push(ReviewLine::Ok(
                "No problems: the namespace can be created.".to_string(),
            ));
        } else {
            let n = self.problems.len();
            out.push(ReviewLine::Heading(format!(
                "{n} problem{} — create is blocked until they are fixed",
                plural(n)
            )));
            for p in &self.problems {
                let label = p
                    .field
                    .and_then(|id| field(&self.form, id))
                    .map(|f| f.label.clone());
                out.push(ReviewLine::Problem(match label {
                    Some(l) => format!("{l}: {}", p.message),
                    None => p.message.clone(),
                }));
            }
        }
        let request = self.namespace.request();
        out.push(ReviewLine::Blank);
        out.push(ReviewLine::Heading(request.title.clone()));
        if let Some(note) = &request.note {
            out.push(ReviewLine::Info(format!("Note: {note}.")));
        }
        out.push(ReviewLine::Info("AWS CLI:".to_string()));
        out.push(ReviewLine::Code(request.cli.clone()));
        out.push(ReviewLine::Info(format!(
            "{} request:",
            request.operation.iam_action()
        )));
        out.extend(
            request
                .request_pretty()
                .lines()
                .map(|l| ReviewLine::Code(l.to_string())),
        );
        out
    }

    /// What follows the result lines once done: each step's outcome.
    pub fn done_lines(&self) -> Vec<ReviewLine> {
        let mut out = Vec::new();
        if !self.flow.progress().is_empty() {
            out.push(ReviewLine::Heading("Steps".to_string()));
            out.extend(
                self.flow
                    .progress()
                    .iter()
                    .map(|l| ReviewLine::Info(l.clone())),
            );
        }
        out
    }

    /// The lines the view shows for the current stage (none while editing).
    pub fn stage_lines(&self) -> Vec<ReviewLine> {
        match self.flow.stage() {
            Stage::Edit => Vec::new(),
            Stage::Review => self.review_lines(),
            Stage::Done => self.done_lines(),
        }
    }
}

impl CreateWizard for NamespaceWizard {
    type Spec = NewNamespace;

    fn form_and_flow(&mut self) -> (&mut Form, &mut Flow) {
        (&mut self.form, &mut self.flow)
    }

    fn review_len(&self) -> usize {
        self.review_lines().len()
    }

    fn problem_count(&self) -> usize {
        self.problems.len()
    }

    fn spec(&self) -> NewNamespace {
        self.namespace.clone()
    }

    fn review_copy(&self) -> String {
        self.namespace.request().cli
    }

    fn edited(&mut self) {
        self.sync();
    }

    fn changed(&self) -> bool {
        self.is_changed()
    }
}

#[cfg(test)]
mod tests;
