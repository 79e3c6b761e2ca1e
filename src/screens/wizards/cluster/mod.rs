//! The "Create cluster" wizard, as in the console: name, infrastructure (Fargate, an EC2 Auto
//! Scaling group, or ECS Anywhere), Container Insights, the default Service Connect namespace and
//! tags; a review with every request of the plan and its CLI line; then progress and the result
//! (the ECS Anywhere registration command). Pure state: the app fetches the Auto Scaling groups,
//! runs [`WizardOutcome::Submit`] and feeds back progress, errors and the result.

mod screen;
mod view;

use crossterm::event::KeyEvent;

use super::Problem;
use super::ReviewLine;
use super::parse::parse_pairs;
use crate::domain::cluster::{
    ContainerInsights, CreateClusterSpec, DefaultNamespace, Infrastructure, MAX_REGISTRATION_LIMIT,
    RESERVED_CAPACITY_PROVIDER_PREFIXES,
};
use crate::form::flow::{self, CreateWizard, Flow, Stage, WizardOutcome};
use crate::form::{ChoiceOption, Field, FieldKind, Form, Section, Suggestion};
use crate::keymap::{FormCommand, Keymap};
use crate::model::cluster::AutoScalingGroupSummary;

/// Field ids; unique across the form, so a value is found by id alone.
pub mod ids {
    pub const NAME: &str = "name";
    pub const INFRASTRUCTURE: &str = "infrastructure";
    pub const FARGATE_SPOT: &str = "fargate_spot";
    pub const AUTO_SCALING_GROUP: &str = "auto_scaling_group";
    pub const CAPACITY_PROVIDER: &str = "capacity_provider";
    pub const MANAGED_SCALING: &str = "managed_scaling";
    pub const ANYWHERE_ROLE: &str = "anywhere_role";
    pub const REGISTRATION_LIMIT: &str = "registration_limit";
    pub const INSIGHTS: &str = "container_insights";
    pub const NAMESPACE: &str = "namespace";
    pub const EXISTING_NAMESPACE: &str = "existing_namespace";
    pub const NEW_NAMESPACE: &str = "new_namespace";
    pub const NAMESPACE_DESCRIPTION: &str = "namespace_description";
    pub const TAGS: &str = "tags";
}

/// Section kinds.
pub mod kinds {
    pub const CLUSTER: &str = "cluster";
    pub const INFRASTRUCTURE: &str = "infrastructure";
    pub const MONITORING: &str = "monitoring";
    pub const NAMESPACE: &str = "namespace";
    pub const TAGS: &str = "tags";
}

/// Values of the infrastructure choice.
pub mod infrastructure {
    pub const FARGATE: &str = "FARGATE";
    pub const EC2: &str = "EC2";
    pub const EXTERNAL: &str = "EXTERNAL";
}

/// Values of the default namespace choice.
pub mod namespace_choice {
    pub const NONE: &str = "none";
    pub const EXISTING: &str = "existing";
    pub const NEW: &str = "new";
}

/// Fields shown only for one infrastructure or namespace choice.
const EC2_FIELDS: [&str; 3] = [
    ids::AUTO_SCALING_GROUP,
    ids::CAPACITY_PROVIDER,
    ids::MANAGED_SCALING,
];
const EXTERNAL_FIELDS: [&str; 2] = [ids::ANYWHERE_ROLE, ids::REGISTRATION_LIMIT];
const NEW_NAMESPACE_FIELDS: [&str; 2] = [ids::NEW_NAMESPACE, ids::NAMESPACE_DESCRIPTION];

/// The wizard's state.
#[derive(Debug, Clone)]
pub struct ClusterWizard {
    pub form: Form,
    pub flow: Flow,
    /// The list the wizard needs was asked for (once).
    pub(crate) groups_asked: bool,
    existing_cluster_names: Vec<String>,
    namespaces: Vec<String>,
    /// `None` until [`ClusterWizard::set_auto_scaling_groups`]; the error when listing failed.
    auto_scaling_groups: Option<Result<Vec<AutoScalingGroupSummary>, String>>,
    spec: CreateClusterSpec,
    /// The tags text could not be read; the spec then has no tags.
    tags_error: Option<String>,
    problems: Vec<Problem>,
    /// The shown values when the form opened; `is_changed` compares with them.
    baseline: Vec<(&'static str, String)>,
}

/// The capacity provider name offered for a cluster, until the operator types one. AWS keeps the
/// `aws`, `ecs` and `fargate` prefixes, so a cluster named like that gets a `cp-` prefix instead.
pub fn default_capacity_provider(cluster: &str) -> String {
    let lower = cluster.to_ascii_lowercase();
    if cluster.is_empty() {
        String::new()
    } else if RESERVED_CAPACITY_PROVIDER_PREFIXES
        .iter()
        .any(|p| lower.starts_with(p))
    {
        format!("cp-{cluster}")
    } else {
        format!("{cluster}-ec2")
    }
}

fn sections(namespaces: &[String]) -> Vec<Section> {
    let infrastructure_options = vec![
        ChoiceOption::new(infrastructure::FARGATE, "AWS Fargate"),
        ChoiceOption::new(infrastructure::EC2, "Amazon EC2"),
        ChoiceOption::new(infrastructure::EXTERNAL, "External (ECS Anywhere)"),
    ];
    let insights_options = ContainerInsights::ALL
        .into_iter()
        .map(|v| ChoiceOption::new(v.as_api(), v.as_api()))
        .collect();
    let namespace_options = vec![
        ChoiceOption::new(namespace_choice::NONE, "none"),
        ChoiceOption::new(namespace_choice::EXISTING, "existing namespace").disabled(
            namespaces
                .is_empty()
                .then(|| "no Cloud Map namespace in this region".to_string()),
        ),
        ChoiceOption::new(namespace_choice::NEW, "new HTTP namespace"),
    ];
    let mut existing = Field::combo(
        ids::EXISTING_NAMESPACE,
        "Namespace",
        "A Cloud Map namespace of this region: pick one, or type its name or ARN.",
        "",
        "choose a namespace",
    )
    .with_noun("namespace");
    if let FieldKind::Combo(c) = &mut existing.kind {
        c.suggestions = Some(
            namespaces
                .iter()
                .map(|n| Suggestion {
                    label: n.clone(),
                    value: n.clone(),
                })
                .collect(),
        );
    }
    vec![
        Section::new(
            kinds::CLUSTER,
            "Cluster",
            vec![Field::text(
                ids::NAME,
                "Cluster name",
                "1-255 letters, digits, hyphens and underscores; no other cluster of this region may have it.",
                "",
                "e.g. shop-prod",
            )],
        ),
        Section::new(
            kinds::INFRASTRUCTURE,
            "Infrastructure",
            vec![
                Field::choice(
                    ids::INFRASTRUCTURE,
                    "Infrastructure",
                    "Fargate: serverless, nothing to manage. EC2: instances of an Auto Scaling group. External: your own servers.",
                    infrastructure_options,
                    infrastructure::FARGATE,
                ),
                Field::toggle(
                    ids::FARGATE_SPOT,
                    "Fargate Spot",
                    "Also offer FARGATE_SPOT (cheaper, may be interrupted); the default strategy stays on FARGATE.",
                    true,
                ),
                Field::combo(
                    ids::AUTO_SCALING_GROUP,
                    "Auto Scaling group",
                    "An existing group whose instances run the tasks: pick one of the region's, or type a name or ARN.",
                    "",
                    "choose a group",
                )
                .with_noun("Auto Scaling group"),
                Field::text(
                    ids::CAPACITY_PROVIDER,
                    "Capacity provider",
                    "Name of the new capacity provider wrapping the group: letters, digits, - and _; not aws…, ecs… or fargate….",
                    "",
                    "e.g. shop-prod-ec2",
                ),
                Field::toggle(
                    ids::MANAGED_SCALING,
                    "Managed scaling",
                    "Let ECS scale the group to what the tasks need (target capacity 100%); off leaves scaling to you.",
                    true,
                ),
                Field::text(
                    ids::ANYWHERE_ROLE,
                    "Instance role",
                    "IAM role the servers assume through SSM; it needs AmazonSSMManagedInstanceCore and AmazonEC2ContainerServiceforEC2Role.",
                    crate::domain::cluster::DEFAULT_ANYWHERE_ROLE,
                    "e.g. ecsAnywhereRole",
                ),
                Field::text(
                    ids::REGISTRATION_LIMIT,
                    "Instances",
                    "How many servers the SSM activation may register (1-1000); it expires after 24 hours.",
                    "1",
                    "1",
                ),
            ],
        ),
        Section::new(
            kinds::MONITORING,
            "Monitoring",
            vec![Field::choice(
                ids::INSIGHTS,
                "Container Insights",
                "CloudWatch Container Insights: CPU, memory, task, storage and network metrics. It costs extra.",
                insights_options,
                ContainerInsights::default().as_api(),
            )],
        ),
        Section::new(
            kinds::NAMESPACE,
            "Service Connect",
            vec![
                Field::choice(
                    ids::NAMESPACE,
                    "Default namespace",
                    "Namespace new services join for Service Connect: none, an existing Cloud Map namespace, or a new one.",
                    namespace_options,
                    namespace_choice::NONE,
                ),
                existing,
                Field::text(
                    ids::NEW_NAMESPACE,
                    "Namespace name",
                    "Name of the new HTTP namespace: printable ASCII without spaces, none of < > \" /.",
                    "",
                    "e.g. shop",
                ),
                Field::text(
                    ids::NAMESPACE_DESCRIPTION,
                    "Description",
                    "Optional description of the new namespace, up to 1024 characters.",
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

/// A combo's meaning: the chosen suggestion's value (an ARN), else the text as typed.
fn combo_value(form: &Form, id: &str) -> String {
    match field(form, id).map(|f| &f.kind) {
        Some(FieldKind::Combo(c)) => c
            .chosen()
            .map_or_else(|| c.value().trim().to_string(), |s| s.value.clone()),
        _ => String::new(),
    }
}

fn section_index(form: &Form, kind: &str) -> usize {
    form.sections
        .iter()
        .position(|s| s.kind == kind)
        .unwrap_or(0)
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Reads the form into the spec; the tags' parse error separately (the spec then has none).
fn read(form: &Form) -> (CreateClusterSpec, Option<String>) {
    let infrastructure = match value(form, ids::INFRASTRUCTURE) {
        infrastructure::EC2 => Infrastructure::Ec2 {
            asg_arn: combo_value(form, ids::AUTO_SCALING_GROUP),
            capacity_provider_name: value(form, ids::CAPACITY_PROVIDER).trim().to_string(),
            managed_scaling: value(form, ids::MANAGED_SCALING) == "true",
        },
        infrastructure::EXTERNAL => Infrastructure::External {
            iam_role: value(form, ids::ANYWHERE_ROLE).trim().to_string(),
            // Not a number reads as 0, which validation refuses with the allowed range.
            registration_limit: value(form, ids::REGISTRATION_LIMIT)
                .trim()
                .parse()
                .unwrap_or(0),
        },
        _ => Infrastructure::Fargate {
            spot: value(form, ids::FARGATE_SPOT) == "true",
        },
    };
    let namespace = match value(form, ids::NAMESPACE) {
        namespace_choice::EXISTING => {
            DefaultNamespace::Existing(combo_value(form, ids::EXISTING_NAMESPACE))
        }
        namespace_choice::NEW => {
            let description = value(form, ids::NAMESPACE_DESCRIPTION).trim();
            DefaultNamespace::NewHttp {
                name: value(form, ids::NEW_NAMESPACE).trim().to_string(),
                description: (!description.is_empty()).then(|| description.to_string()),
            }
        }
        _ => DefaultNamespace::None,
    };
    let (tags, tags_error) = match parse_pairs(value(form, ids::TAGS), "tag") {
        Ok(tags) => (tags, None),
        Err(e) => (Vec::new(), Some(e)),
    };
    let spec = CreateClusterSpec {
        name: value(form, ids::NAME).trim().to_string(),
        infrastructure,
        monitoring: ContainerInsights::from_api(value(form, ids::INSIGHTS)).unwrap_or_default(),
        namespace,
        tags,
    };
    (spec, tags_error)
}

/// Each field's messages. They come from [`CreateClusterSpec::validate`] itself, run on a spec
/// where only that field can be wrong, so the messages beside the fields are exactly those the
/// review lists and cannot drift from the domain's rules.
fn field_messages(
    spec: &CreateClusterSpec,
    existing_cluster_names: &[String],
) -> Vec<(&'static str, Vec<String>)> {
    let alone = |change: &dyn Fn(&mut CreateClusterSpec)| {
        let mut s = CreateClusterSpec {
            name: "x".to_string(),
            ..CreateClusterSpec::default()
        };
        change(&mut s);
        s.validate(&[])
    };
    let name_only = CreateClusterSpec {
        name: spec.name.clone(),
        ..CreateClusterSpec::default()
    };
    let mut out = vec![(ids::NAME, name_only.validate(existing_cluster_names))];
    match &spec.infrastructure {
        Infrastructure::Fargate { .. } => {}
        Infrastructure::Ec2 {
            asg_arn,
            capacity_provider_name,
            managed_scaling,
        } => {
            let ec2 = |asg: &str, cp: &str| Infrastructure::Ec2 {
                asg_arn: asg.to_string(),
                capacity_provider_name: cp.to_string(),
                managed_scaling: *managed_scaling,
            };
            out.push((
                ids::AUTO_SCALING_GROUP,
                alone(&|s| s.infrastructure = ec2(asg_arn, "x")),
            ));
            out.push((
                ids::CAPACITY_PROVIDER,
                alone(&|s| s.infrastructure = ec2("x", capacity_provider_name)),
            ));
        }
        Infrastructure::External {
            iam_role,
            registration_limit,
        } => {
            let external = |role: &str, limit: i32| Infrastructure::External {
                iam_role: role.to_string(),
                registration_limit: limit,
            };
            out.push((
                ids::ANYWHERE_ROLE,
                alone(&|s| s.infrastructure = external(iam_role, 1)),
            ));
            out.push((
                ids::REGISTRATION_LIMIT,
                alone(&|s| s.infrastructure = external("x", *registration_limit)),
            ));
        }
    }
    match &spec.namespace {
        DefaultNamespace::None => {}
        DefaultNamespace::Existing(ns) => out.push((
            ids::EXISTING_NAMESPACE,
            alone(&|s| s.namespace = DefaultNamespace::Existing(ns.clone())),
        )),
        DefaultNamespace::NewHttp { name, description } => {
            out.push((
                ids::NEW_NAMESPACE,
                alone(&|s| {
                    s.namespace = DefaultNamespace::NewHttp {
                        name: name.clone(),
                        description: None,
                    }
                }),
            ));
            out.push((
                ids::NAMESPACE_DESCRIPTION,
                alone(&|s| {
                    s.namespace = DefaultNamespace::NewHttp {
                        name: "x".to_string(),
                        description: description.clone(),
                    }
                }),
            ));
        }
    }
    out.push((ids::TAGS, alone(&|s| s.tags = spec.tags.clone())));
    out
}

/// `FARGATE, FARGATE_SPOT · default strategy FARGATE (weight 1)`.
fn capacity_summary(spec: &CreateClusterSpec) -> String {
    let (providers, strategy) = spec.capacity();
    let strategy: Vec<String> = strategy
        .iter()
        .map(|s| {
            if s.base > 0 {
                format!("{} (weight {}, base {})", s.provider, s.weight, s.base)
            } else {
                format!("{} (weight {})", s.provider, s.weight)
            }
        })
        .collect();
    format!(
        "Capacity providers {} · default strategy {}",
        providers.join(", "),
        strategy.join(", ")
    )
}

impl ClusterWizard {
    /// An empty form: Fargate with Fargate Spot, Container Insights off, no default namespace.
    /// `existing_cluster_names` are refused as names; `namespaces` are offered as defaults.
    pub fn new(existing_cluster_names: Vec<String>, namespaces: Vec<String>) -> Self {
        let mut wizard = Self {
            form: Form::new(sections(&namespaces)),
            flow: Flow::default(),
            existing_cluster_names,
            namespaces,
            auto_scaling_groups: None,
            groups_asked: false,
            spec: CreateClusterSpec::default(),
            tags_error: None,
            problems: Vec::new(),
            baseline: Vec::new(),
        };
        wizard.sync();
        wizard.baseline = wizard.shown_values();
        wizard
    }

    /// The region's Auto Scaling groups, or why they could not be listed.
    pub fn set_auto_scaling_groups(
        &mut self,
        groups: Result<Vec<AutoScalingGroupSummary>, String>,
    ) {
        let status = match &groups {
            Ok(list) if list.is_empty() => Some(
                "no Auto Scaling group in this region: create one first, or type a name or ARN"
                    .to_string(),
            ),
            Ok(_) => None,
            Err(e) => Some(format!(
                "Auto Scaling groups could not be listed ({e}): type a name or ARN"
            )),
        };
        if let Some(FieldKind::Combo(c)) =
            field_mut(&mut self.form, ids::AUTO_SCALING_GROUP).map(|f| &mut f.kind)
        {
            c.suggestions = groups.as_ref().ok().map(|list| {
                list.iter()
                    .map(|g| Suggestion {
                        label: g.name.clone(),
                        value: g.arn.clone(),
                    })
                    .collect()
            });
            c.status = status;
            // A typed ARN shows as the group's name once the list is known.
            if let Some(s) = c.chosen().cloned() {
                c.text.set(&s.label);
            }
        }
        self.auto_scaling_groups = Some(groups);
        self.sync();
    }

    /// Whether the app should list the Auto Scaling groups now: EC2 is chosen and no list was
    /// given yet. Stays true until [`ClusterWizard::set_auto_scaling_groups`].
    pub fn wants_auto_scaling_groups(&self) -> bool {
        value(&self.form, ids::INFRASTRUCTURE) == infrastructure::EC2
            && self.auto_scaling_groups.is_none()
    }

    /// Creating failed: keep everything as typed and show the error above the review.
    pub fn set_submit_error(&mut self, message: String) {
        self.flow.set_submit_error(message);
    }

    /// Progress of the running plan, one line per request (the app formats its step progress).
    pub fn set_progress(&mut self, lines: Vec<String>) {
        self.flow.set_progress(lines);
    }

    /// The plan ran: show the outcome. The copy key copies the selected line, the last non-empty
    /// one at first, so put a command to run (the ECS Anywhere registration) last.
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

    /// The spec as the form stands.
    pub fn spec(&self) -> &CreateClusterSpec {
        &self.spec
    }

    /// The problems blocking submit, in form order.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// The wizard's frame title.
    pub fn title(&self) -> &'static str {
        "Create cluster"
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

    /// Re-reads the form after an edit: shown fields, defaults, the spec, problems and messages.
    fn sync(&mut self) {
        self.refresh();
        let (spec, tags_error) = read(&self.form);
        self.spec = spec;
        self.tags_error = tags_error;
        let by_field = field_messages(&self.spec, &self.existing_cluster_names);
        let place = |message: &str| {
            by_field
                .iter()
                .find(|(_, messages)| messages.iter().any(|m| m == message))
                .map(|(id, _)| *id)
        };
        let mut messages = self.spec.validate(&self.existing_cluster_names);
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
                    place(&message)
                };
                let section = id
                    .and_then(|id| {
                        self.form
                            .sections
                            .iter()
                            .position(|s| s.field(id).is_some())
                    })
                    // Not tied to a field: shown in the review without a place.
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

    /// Shows the fields of the chosen infrastructure and namespace kind, keeps the capacity
    /// provider name following the cluster name until edited, and writes the section notes.
    fn refresh(&mut self) {
        let infra = value(&self.form, ids::INFRASTRUCTURE).to_string();
        let ns = value(&self.form, ids::NAMESPACE).to_string();
        let name = value(&self.form, ids::NAME).trim().to_string();
        let hide = |form: &mut Form, id: &str, hidden: bool| {
            if let Some(f) = field_mut(form, id) {
                f.hidden = hidden;
            }
        };
        hide(
            &mut self.form,
            ids::FARGATE_SPOT,
            infra != infrastructure::FARGATE,
        );
        for id in EC2_FIELDS {
            hide(&mut self.form, id, infra != infrastructure::EC2);
        }
        for id in EXTERNAL_FIELDS {
            hide(&mut self.form, id, infra != infrastructure::EXTERNAL);
        }
        hide(
            &mut self.form,
            ids::EXISTING_NAMESPACE,
            ns != namespace_choice::EXISTING,
        );
        for id in NEW_NAMESPACE_FIELDS {
            hide(&mut self.form, id, ns != namespace_choice::NEW);
        }
        if let Some(f) = field_mut(&mut self.form, ids::CAPACITY_PROVIDER)
            && !f.touched
        {
            f.set_value(&default_capacity_provider(&name));
        }
        self.form.fix_focus();
    }

    /// Writes errors, warnings, previews and section notes into the form.
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
            && !self.spec.tags.is_empty()
        {
            let n = self.spec.tags.len();
            f.preview = Some(format!("{n} tag{}", plural(n)));
        }

        let infra_note = match &self.spec.infrastructure {
            Infrastructure::Ec2 {
                capacity_provider_name,
                ..
            } if capacity_provider_name.is_empty() => {
                "A new capacity provider wraps the group and becomes the default strategy."
                    .to_string()
            }
            Infrastructure::Fargate { .. } | Infrastructure::Ec2 { .. } => {
                capacity_summary(&self.spec)
            }
            Infrastructure::External { .. } => {
                "After creation tecs makes an SSM activation and shows the command each server \
                 runs to register. The activation code is shown once: copy it then."
                    .to_string()
            }
        };
        let i = section_index(&self.form, kinds::INFRASTRUCTURE);
        if let Some(s) = self.form.sections.get_mut(i) {
            s.note = Some(infra_note);
        }
        if let Infrastructure::Ec2 { asg_arn, .. } = &self.spec.infrastructure {
            let chosen = match &self.auto_scaling_groups {
                Some(Ok(list)) => Some(list.iter().find(|g| &g.arn == asg_arn)),
                _ => None,
            };
            if let Some(f) = field_mut(&mut self.form, ids::AUTO_SCALING_GROUP) {
                match chosen {
                    Some(Some(g)) => {
                        f.preview = Some(format!(
                            "{} instance{} · min {} / desired {} / max {}",
                            g.instances,
                            plural(g.instances),
                            g.min,
                            g.desired,
                            g.max
                        ));
                    }
                    Some(None) if !asg_arn.is_empty() => {
                        f.warning = Some(
                            "not among the region's Auto Scaling groups: sent as typed".to_string(),
                        );
                    }
                    _ => {}
                }
            }
        }
        if let Infrastructure::External {
            registration_limit, ..
        } = &self.spec.infrastructure
            && let Some(f) = field_mut(&mut self.form, ids::REGISTRATION_LIMIT)
            && (1..=MAX_REGISTRATION_LIMIT).contains(registration_limit)
        {
            f.preview = Some(format!(
                "up to {registration_limit} server{}",
                plural(usize::try_from(*registration_limit).unwrap_or(0))
            ));
        }

        let i = section_index(&self.form, kinds::MONITORING);
        let insights = self.spec.monitoring;
        if let Some(s) = self.form.sections.get_mut(i) {
            s.note = Some(match insights {
                ContainerInsights::Disabled => {
                    "Off: no Container Insights metrics and no extra cost.".to_string()
                }
                _ => format!("Costs extra: {}.", insights.note()),
            });
        }

        let i = section_index(&self.form, kinds::NAMESPACE);
        let note = match &self.spec.namespace {
            DefaultNamespace::None => Some(
                "New services get no Service Connect namespace unless they name one.".to_string(),
            ),
            DefaultNamespace::Existing(_) => None,
            DefaultNamespace::NewHttp { .. } => Some(
                "Created in AWS Cloud Map before the cluster; Cloud Map works asynchronously, so \
                 this takes a few seconds."
                    .to_string(),
            ),
        };
        if let Some(s) = self.form.sections.get_mut(i) {
            s.note = note;
        }
        if let DefaultNamespace::Existing(ns) = &self.spec.namespace
            && !ns.is_empty()
            && !self.namespaces.contains(ns)
            && let Some(f) = field_mut(&mut self.form, ids::EXISTING_NAMESPACE)
        {
            f.warning = Some("not among the region's namespaces: sent as typed".to_string());
        }
    }

    /// Handles a key (Ctrl-C is the app's). Keys come from the keymap's `form` context.
    pub fn handle_key(
        &mut self,
        key: KeyEvent,
        keymap: &Keymap,
    ) -> WizardOutcome<CreateClusterSpec> {
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

    /// The plan's CLI lines, one per line, in the order they run.
    pub fn cli_script(&self) -> String {
        self.spec
            .plan()
            .iter()
            .map(|r| r.cli.clone())
            .collect::<Vec<_>>()
            .join("\n")
    }

    /// Where a problem is, `Section › Field`, or "" when it is not tied to a field.
    fn place(&self, p: &Problem) -> String {
        let section = self.form.sections.get(p.section);
        match (
            section,
            p.field.and_then(|id| section.and_then(|s| s.field(id))),
        ) {
            (Some(s), Some(f)) if s.title == f.label => s.title.clone(),
            (Some(s), Some(f)) => format!("{} › {}", s.title, f.label),
            (Some(s), None) => s.title.clone(),
            _ => String::new(),
        }
    }

    /// The review: progress (while creating), problems (or ready), then each request of the plan
    /// with its note, CLI line and exact JSON.
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
                "No problems: the cluster can be created.".to_string(),
            ));
        } else {
            let n = self.problems.len();
            out.push(ReviewLine::Heading(format!(
                "{n} problem{} — create is blocked until they are fixed",
                plural(n)
            )));
            for p in &self.problems {
                let place = self.place(p);
                out.push(ReviewLine::Problem(if place.is_empty() {
                    p.message.clone()
                } else {
                    format!("{place}: {}", p.message)
                }));
            }
        }
        out.push(ReviewLine::Blank);
        out.push(ReviewLine::Info(format!(
            "{} · Container Insights {} · {}",
            self.spec.infrastructure.label(),
            self.spec.monitoring.as_api(),
            match &self.spec.namespace {
                DefaultNamespace::None => "no default namespace".to_string(),
                DefaultNamespace::Existing(ns) if ns.is_empty() =>
                    "an existing namespace".to_string(),
                DefaultNamespace::Existing(ns) => format!("default namespace {ns}"),
                DefaultNamespace::NewHttp { name, .. } if name.is_empty() => {
                    "a new default namespace".to_string()
                }
                DefaultNamespace::NewHttp { name, .. } => format!("new default namespace {name}"),
            }
        )));
        if matches!(self.spec.infrastructure, Infrastructure::External { .. }) {
            out.push(ReviewLine::Info(
                "After creation: the registration command with the activation code, which is \
                 shown only once."
                    .to_string(),
            ));
        }
        let plan = self.spec.plan();
        let total = plan.len();
        for (i, request) in plan.iter().enumerate() {
            out.push(ReviewLine::Blank);
            out.push(ReviewLine::Heading(format!(
                "{} of {total} · {}",
                i.saturating_add(1),
                request.title
            )));
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
        }
        out
    }

    /// What follows the result lines once done: the activation warning and each step's outcome.
    pub fn done_lines(&self) -> Vec<ReviewLine> {
        let mut out = Vec::new();
        if matches!(self.spec.infrastructure, Infrastructure::External { .. }) {
            out.push(ReviewLine::Info(
                "The activation code is shown only once and expires after 24 hours: copy the \
                 registration command now."
                    .to_string(),
            ));
            out.push(ReviewLine::Blank);
        }
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

impl CreateWizard for ClusterWizard {
    type Spec = CreateClusterSpec;

    fn form_and_flow(&mut self) -> (&mut Form, &mut Flow) {
        (&mut self.form, &mut self.flow)
    }

    fn review_len(&self) -> usize {
        self.review_lines().len()
    }

    fn problem_count(&self) -> usize {
        self.problems.len()
    }

    fn spec(&self) -> CreateClusterSpec {
        self.spec.clone()
    }

    fn review_copy(&self) -> String {
        self.cli_script()
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
