//! The "Create service" wizard, as in the console: the cluster and a name; a task definition family
//! (searched) and one of its ACTIVE revisions; the capacity and how many tasks; for awsvpc
//! revisions the VPC, subnets and security groups picked from EC2 and the public IP; optionally a
//! load balancer's target group (with the container and port it sends to) and Service Connect;
//! the rolling update's bounds and circuit breaker; ECS Exec and tags. The review shows every
//! problem, the exact CreateService JSON and the `aws ecs create-service --cli-input-json` line.
//! Pure state: the app fetches the lists it wants and sends the request.

mod screen;
mod view;

pub use screen::{open_from_revision, open_in_cluster};

use std::collections::HashMap;

use serde_json::Value;

use super::launch::{
    self, Capacity, Fetched, Lists, Start, Wants, combo_value, field_mut, place_errors, problem,
    set_note, set_suggestions, show, value,
};
use super::parse::parse_pairs;
use super::{Problem, ReviewLine};
use crate::domain::names::validate_family_name;
use crate::domain::request::{Operation, validate_tags};
use crate::domain::service::{self as rules, DEFAULT_MAX_PERCENT, DEFAULT_MIN_HEALTHY_PERCENT};
use crate::effect::{Job, Outcome};
use crate::form::flow::{self, CreateWizard, Flow, Stage, WizardOutcome};
use crate::form::{ChoiceOption, Field, FieldKind, Form, Section, Suggestion};
use crate::keymap::{FormCommand, Keymap};
use crate::model::namespace::Namespace;
use crate::model::network::TargetGroup;
use crate::model::service::{LoadBalancer, NewService};
use crate::model::task_definition::FamilyFilter;
use crate::model::{RevisionRef, TaskDefinition};

/// Field ids of this wizard (the shared ones are in [`launch::ids`]).
pub mod ids {
    pub use crate::screens::wizards::launch::ids::*;
    pub const NAME: &str = "name";
    pub const FAMILY: &str = "family";
    pub const REVISION: &str = "revision";
    pub const DESIRED: &str = "desired";
    pub const LOAD_BALANCER: &str = "load_balancer";
    pub const TARGET_GROUP: &str = "target_group";
    pub const LB_CONTAINER: &str = "lb_container";
    pub const LB_PORT: &str = "lb_port";
    pub const SERVICE_CONNECT: &str = "service_connect";
    pub const NAMESPACE: &str = "namespace";
    pub const PORT_NAME: &str = "port_name";
    pub const MIN_HEALTHY: &str = "min_healthy";
    pub const MAX_PERCENT: &str = "max_percent";
    pub const CIRCUIT_BREAKER: &str = "circuit_breaker";
    pub const ROLLBACK: &str = "rollback";
    pub const EXEC: &str = "exec";
    pub const TAGS: &str = "tags";
}

/// Section kinds.
pub mod kinds {
    pub use crate::screens::wizards::launch::kinds::*;
    pub const SERVICE: &str = "service";
    pub const TASK_DEFINITION: &str = "task_definition";
    pub const LOAD_BALANCER: &str = "load_balancer";
    pub const SERVICE_CONNECT: &str = "service_connect";
    pub const DEPLOYMENT: &str = "deployment";
    pub const OPTIONS: &str = "options";
}

/// One port mapping of a container: its port and, for Service Connect, its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PortMapping {
    pub container: String,
    pub port: i32,
    pub protocol: String,
    pub name: Option<String>,
}

/// The port mappings of every container of a revision, from its JSON as the API returned it.
pub fn port_mappings(td: &TaskDefinition) -> Vec<PortMapping> {
    let mut out = Vec::new();
    let containers = td
        .json
        .get("containerDefinitions")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for c in &containers {
        let container = c.get("name").and_then(Value::as_str).unwrap_or_default();
        for m in c
            .get("portMappings")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let Some(port) = m
                .get("containerPort")
                .and_then(Value::as_i64)
                .and_then(|p| i32::try_from(p).ok())
            else {
                continue;
            };
            out.push(PortMapping {
                container: container.to_string(),
                port,
                protocol: m
                    .get("protocol")
                    .and_then(Value::as_str)
                    .unwrap_or("tcp")
                    .to_string(),
                name: m.get("name").and_then(Value::as_str).map(str::to_string),
            });
        }
    }
    out
}

/// The wizard's state.
#[derive(Debug, Clone)]
pub struct ServiceWizard {
    pub form: Form,
    pub flow: Flow,
    wants: Wants,
    lists: Lists,
    families: Fetched<Vec<String>>,
    /// ACTIVE revisions by family, newest first.
    revisions: HashMap<String, Result<Vec<RevisionRef>, String>>,
    /// The revision the wizard was opened on; kept in the picker even when not ACTIVE, so the
    /// problem shows instead of the revision vanishing.
    preset: Option<RevisionRef>,
    /// Described revisions by ARN.
    described: HashMap<String, Result<TaskDefinition, String>>,
    target_groups: Fetched<Vec<TargetGroup>>,
    namespaces: Fetched<Vec<Namespace>>,
    /// Service names by cluster (name and ARN both lead to them).
    services: HashMap<String, Vec<String>>,
    spec: NewService,
    problems: Vec<Problem>,
}

fn sections(start: &Start) -> Vec<Section> {
    let mut compute = launch::capacity_fields(launch::preferred_capacity(start.described.as_ref()));
    compute.push(Field::text(
        ids::DESIRED,
        "Desired tasks",
        "How many tasks the service keeps running (0 creates it without starting any).",
        "1",
        "1",
    ));
    vec![
        Section::new(
            kinds::SERVICE,
            "Service",
            vec![
                launch::cluster_field(start.cluster.as_deref().unwrap_or("")),
                Field::text(
                    ids::NAME,
                    "Service name",
                    "1-255 letters, digits, hyphens and underscores; unique in the cluster.",
                    "",
                    "e.g. web",
                ),
            ],
        ),
        Section::new(
            kinds::TASK_DEFINITION,
            "Task definition",
            vec![
                Field::combo(
                    ids::FAMILY,
                    "Family",
                    "Type to search the families with ACTIVE revisions; ←/→ pick one.",
                    start.revision.as_ref().map_or("", |r| r.family.as_str()),
                    "choose a family",
                )
                .with_noun("family"),
                Field::choice(
                    ids::REVISION,
                    "Revision",
                    "One of the family's ACTIVE revisions, newest first (←/→).",
                    Vec::new(),
                    "",
                ),
            ],
        ),
        Section::new(kinds::COMPUTE, "Compute", compute),
        Section::new(kinds::NETWORK, "Networking", launch::network_fields()),
        Section::new(
            kinds::LOAD_BALANCER,
            "Load balancing",
            vec![
                Field::toggle(
                    ids::LOAD_BALANCER,
                    "Load balancer",
                    "Register the tasks with an Elastic Load Balancing target group.",
                    false,
                ),
                Field::combo(
                    ids::TARGET_GROUP,
                    "Target group",
                    "A target group already attached to a load balancer: pick one or type its ARN.",
                    "",
                    "choose a target group",
                )
                .with_noun("target group"),
                Field::choice(
                    ids::LB_CONTAINER,
                    "Container",
                    "The container the load balancer sends traffic to.",
                    Vec::new(),
                    "",
                ),
                Field::choice(
                    ids::LB_PORT,
                    "Container port",
                    "The container's port mapping that receives the traffic.",
                    Vec::new(),
                    "",
                ),
            ],
        ),
        Section::new(
            kinds::SERVICE_CONNECT,
            "Service Connect",
            vec![
                Field::toggle(
                    ids::SERVICE_CONNECT,
                    "Service Connect",
                    "Join a Cloud Map namespace so services find each other by name.",
                    false,
                ),
                Field::combo(
                    ids::NAMESPACE,
                    "Namespace",
                    "A Cloud Map namespace of this region (the cluster's default first).",
                    "",
                    "choose a namespace",
                )
                .with_noun("namespace"),
                Field::choice(
                    ids::PORT_NAME,
                    "Port name",
                    "A named port mapping to publish (server), or none to only call others (client).",
                    Vec::new(),
                    "",
                ),
            ],
        ),
        Section::new(
            kinds::DEPLOYMENT,
            "Deployment",
            vec![
                Field::text(
                    ids::MIN_HEALTHY,
                    "Min healthy %",
                    "Tasks that must stay RUNNING during a deployment, in % of the desired count (0-100).",
                    &DEFAULT_MIN_HEALTHY_PERCENT.to_string(),
                    "100",
                ),
                Field::text(
                    ids::MAX_PERCENT,
                    "Max %",
                    "Tasks allowed RUNNING or PENDING during a deployment, in % of the desired count (100 or more).",
                    &DEFAULT_MAX_PERCENT.to_string(),
                    "200",
                ),
                Field::toggle(
                    ids::CIRCUIT_BREAKER,
                    "Circuit breaker",
                    "Fail a deployment whose tasks keep failing to start, instead of retrying forever.",
                    true,
                ),
                Field::toggle(
                    ids::ROLLBACK,
                    "Rollback",
                    "When the circuit breaker trips, go back to the last deployment that completed.",
                    true,
                ),
            ],
        ),
        Section::new(
            kinds::OPTIONS,
            "Options",
            vec![
                Field::toggle(
                    ids::EXEC,
                    "ECS Exec",
                    "Allow `aws ecs execute-command` into the tasks (the task role needs the SSM permissions).",
                    false,
                ),
                Field::text(
                    ids::TAGS,
                    "Tags",
                    "key=value pairs separated by spaces; quote values with spaces. At most 50; aws: is reserved.",
                    "",
                    "e.g. team=shop env=prod",
                ),
            ],
        ),
    ]
}

/// The revision picker's options: the family's ACTIVE revisions, newest first, and the preset
/// one when it is of this family; or one disabled line saying why there are none.
fn revision_options(
    family: &str,
    settled: bool,
    list: Option<&Result<Vec<RevisionRef>, String>>,
    preset: Option<&RevisionRef>,
) -> Vec<ChoiceOption> {
    let mut revisions: Vec<RevisionRef> = match list {
        Some(Ok(list)) => list.clone(),
        _ => Vec::new(),
    };
    if let Some(p) = preset.filter(|p| p.family == family)
        && !revisions.iter().any(|r| r.arn == p.arn)
    {
        revisions.push(p.clone());
    }
    revisions.sort_by_key(|r| std::cmp::Reverse(r.revision));
    if revisions.is_empty() {
        let (label, why) = match list {
            _ if !settled => ("choose a family first", "no family"),
            None => ("loading revisions…", "loading"),
            Some(Err(_)) => ("revisions could not be listed", "not listed"),
            Some(Ok(_)) => ("no ACTIVE revision", "none"),
        };
        return vec![ChoiceOption::new("", label).disabled(Some(why.to_string()))];
    }
    let newest_active = revisions
        .iter()
        .find(|r| r.status == "ACTIVE")
        .map(|r| r.arn.clone());
    revisions
        .iter()
        .map(|r| {
            let mut label = r.revision.to_string();
            if Some(&r.arn) == newest_active.as_ref() {
                label.push_str(" (latest)");
            }
            let disabled = (r.status != "ACTIVE").then(|| {
                format!(
                    "{}: only ACTIVE revisions start services",
                    if r.status.is_empty() {
                        "not ACTIVE"
                    } else {
                        &r.status
                    }
                )
            });
            if disabled.is_some() {
                label.push_str(&format!(" {}", r.status));
            }
            ChoiceOption::new(r.arn.clone(), label).disabled(disabled)
        })
        .collect()
}

impl ServiceWizard {
    /// A form preset from `start` (a cluster, or a revision); it asks for the lists it needs.
    pub fn new(start: Start) -> Self {
        let mut wizard = Self {
            form: Form::new(sections(&start)),
            flow: Flow::default(),
            wants: Wants::default(),
            lists: Lists::default(),
            families: None,
            revisions: HashMap::new(),
            preset: start.revision.clone(),
            described: HashMap::new(),
            target_groups: None,
            namespaces: None,
            services: HashMap::new(),
            spec: NewService {
                cluster: String::new(),
                name: String::new(),
                task_definition: String::new(),
                desired_count: 1,
                launch_type: None,
                capacity_provider_strategy: Vec::new(),
                network: None,
                load_balancer: None,
                service_connect: None,
                minimum_healthy_percent: DEFAULT_MIN_HEALTHY_PERCENT,
                maximum_percent: DEFAULT_MAX_PERCENT,
                circuit_breaker: true,
                rollback: true,
                enable_execute_command: false,
                tags: Vec::new(),
            },
            problems: Vec::new(),
        };
        match start.clusters {
            Some(list) => wizard.lists.set_clusters(&mut wizard.form, Ok(list)),
            None => wizard.wants.want(Job::Clusters),
        }
        if !start.families.is_empty() {
            wizard.set_families(Ok(start.families.clone()));
            wizard.families = None;
        }
        wizard.wants.want(Job::Families {
            status: FamilyFilter::Active,
            prefix: None,
        });
        if let Some(list) = start.namespaces {
            wizard.set_namespaces(Ok(list));
        }
        if let (Some(cluster), Some(names)) = (&start.cluster, start.services) {
            wizard.services.insert(cluster.clone(), names);
        }
        if let Some(td) = start.described {
            wizard.described.insert(td.arn.clone(), Ok(td));
        }
        if let Some(r) = &start.revision
            && let Some(f) = field_mut(&mut wizard.form, ids::REVISION)
            && let FieldKind::Choice(c) = &mut f.kind
        {
            c.set_options(revision_options(&r.family, true, None, Some(r)));
            c.select_value(&r.arn);
        }
        wizard.sync();
        wizard
    }

    /// The wizard's frame title.
    pub fn title(&self) -> &'static str {
        "Create service"
    }

    /// The request as the form stands.
    pub fn spec(&self) -> &NewService {
        &self.spec
    }

    /// The problems blocking submit, in form order.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    /// Whether the operator changed anything (lists arriving and presets do not count).
    pub fn is_changed(&self) -> bool {
        self.form
            .sections
            .iter()
            .flat_map(|s| &s.fields)
            .any(|f| f.touched)
    }

    /// The next list to fetch.
    pub fn take_wanted(&mut self) -> Option<Job> {
        self.wants.take()
    }

    /// The exact CreateService body.
    pub fn request(&self) -> Value {
        crate::domain::service_request::create_service_request(&self.spec)
    }

    /// `aws ecs create-service --cli-input-json '…'`.
    pub fn cli(&self) -> String {
        launch::cli_line(Operation::CreateService, &self.request())
    }

    fn set_families(&mut self, result: Result<Vec<String>, String>) {
        let suggestions = result.clone().map(|list| {
            list.iter()
                .map(|f| Suggestion {
                    label: f.clone(),
                    value: f.clone(),
                })
                .collect()
        });
        set_suggestions(&mut self.form, ids::FAMILY, suggestions);
        self.families = Some(result);
    }

    fn set_namespaces(&mut self, result: Result<Vec<Namespace>, String>) {
        let suggestions = result.clone().map(|list| {
            list.iter()
                .map(|n| Suggestion {
                    label: n.name.clone(),
                    value: n.arn.clone(),
                })
                .collect()
        });
        set_suggestions(&mut self.form, ids::NAMESPACE, suggestions);
        self.namespaces = Some(result);
    }

    fn set_target_groups(&mut self, result: Result<Vec<TargetGroup>, String>) {
        let suggestions = result.clone().map(|list| {
            list.iter()
                .map(|t| Suggestion {
                    label: t.name.clone(),
                    value: t.arn.clone(),
                })
                .collect()
        });
        set_suggestions(&mut self.form, ids::TARGET_GROUP, suggestions);
        self.target_groups = Some(result);
    }

    /// A list or description arrived; other outcomes are not for the form.
    pub fn absorb(&mut self, outcome: Outcome) {
        let Some(outcome) = self.lists.absorb(&mut self.form, outcome) else {
            self.sync();
            return;
        };
        match outcome {
            Outcome::Families(result) => self.set_families(result.map_err(|e| e.to_string())),
            Outcome::ActiveRevisions(Ok(list)) => {
                // Keyed by the family the revisions say they belong to; an empty answer is for
                // the family asked last.
                let family = list
                    .first()
                    .map(|r| r.family.clone())
                    .unwrap_or_else(|| self.family());
                self.revisions.insert(family, Ok(list));
            }
            Outcome::ActiveRevisions(Err(e)) => {
                let family = self.family();
                self.revisions.insert(family, Err(e.to_string()));
            }
            Outcome::Described(results) => {
                for (asked, result) in results {
                    self.described
                        .insert(asked, result.map_err(|e| e.to_string()));
                }
            }
            Outcome::TargetGroups(result) => {
                self.set_target_groups(result.map_err(|e| e.to_string()))
            }
            Outcome::Namespaces(result) => self.set_namespaces(result.map_err(|e| e.to_string())),
            Outcome::Services(Ok(list)) => {
                if let Some(first) = list.first() {
                    let names: Vec<String> = list
                        .iter()
                        .filter(|s| s.status != "INACTIVE")
                        .map(|s| s.name.clone())
                        .collect();
                    let arn = first.cluster_arn.clone();
                    let name = arn.rsplit('/').next().unwrap_or(&arn).to_string();
                    self.services.insert(name, names.clone());
                    self.services.insert(arn, names);
                } else if let Some(c) = self.lists.cluster(&self.form) {
                    // No services: nothing to clash with.
                    let (name, arn) = (c.name.clone(), c.arn.clone());
                    self.services.insert(name, Vec::new());
                    self.services.insert(arn, Vec::new());
                }
            }
            _ => {}
        }
        self.sync();
    }

    fn family(&self) -> String {
        value(&self.form, ids::FAMILY).trim().to_string()
    }

    /// The picked revision, from the family's list or the preset.
    pub fn revision(&self) -> Option<RevisionRef> {
        let arn = value(&self.form, ids::REVISION);
        if arn.is_empty() {
            return None;
        }
        self.revisions
            .get(&self.family())
            .and_then(|r| r.as_ref().ok())
            .and_then(|list| list.iter().find(|r| r.arn == arn))
            .or(self.preset.as_ref().filter(|p| p.arn == arn))
            .cloned()
    }

    /// The picked revision's description, when it has arrived.
    pub fn described(&self) -> Option<&TaskDefinition> {
        self.revision()
            .and_then(|r| self.described.get(&r.arn))
            .and_then(|r| r.as_ref().ok())
    }

    /// Whether the family as typed is one to list revisions of: a known family, or any valid
    /// name when the families could not be listed (the preset family while they load).
    fn family_settled(&self, family: &str) -> bool {
        if family.is_empty() {
            return false;
        }
        match &self.families {
            Some(Ok(list)) => list.iter().any(|f| f == family),
            Some(Err(_)) => validate_family_name(family).is_ok(),
            None => self.preset.as_ref().is_some_and(|p| p.family == family),
        }
    }

    /// Re-reads the form: wants what is now needed, refreshes pickers, notes and every problem.
    fn sync(&mut self) {
        let family = self.family();
        let settled = self.family_settled(&family);
        if settled {
            self.wants.want(Job::ActiveRevisions {
                family: family.clone(),
            });
        }
        let options = revision_options(
            &family,
            settled || self.revisions.contains_key(&family),
            self.revisions.get(&family),
            self.preset.as_ref(),
        );
        if let Some(FieldKind::Choice(c)) =
            field_mut(&mut self.form, ids::REVISION).map(|f| &mut f.kind)
        {
            c.set_options(options);
        }
        if let Some(r) = self.revision()
            && !self.described.contains_key(&r.arn)
        {
            self.wants.want(Job::DescribeTaskDefs {
                arns: vec![r.arn.clone()],
            });
        }
        let td = self.described().cloned();
        // The capacity follows the revision until the operator chooses one.
        if let Some(f) = field_mut(&mut self.form, ids::CAPACITY)
            && !f.touched
        {
            f.set_value(launch::preferred_capacity(td.as_ref()));
        }
        let cluster = self.lists.cluster(&self.form).cloned();
        if let Some(c) = &cluster
            && !self.services.contains_key(&c.arn)
            && !self.services.contains_key(&c.name)
        {
            self.wants.want(Job::Services {
                cluster: c.arn.clone(),
            });
        }
        let cap = launch::read_capacity(&self.form, cluster.as_ref());
        let awsvpc = td
            .as_ref()
            .map(|t| t.network_mode.as_deref() == Some("awsvpc"));
        let mode = td
            .as_ref()
            .and_then(|t| t.network_mode.clone())
            .unwrap_or_else(|| "bridge".to_string());
        self.lists.want(&mut self.form, &mut self.wants, awsvpc);
        let unknown = match (self.revision(), &td) {
            (None, _) => {
                "Choose a revision first: its network mode decides what is asked here.".to_string()
            }
            (Some(r), _) => match self.described.get(&r.arn) {
                Some(Err(_)) => format!(
                    "{} could not be described: its network mode is not known.",
                    r.label()
                ),
                _ => format!("Describing {} to learn its network mode…", r.label()),
            },
        };
        launch::sync_fields(&mut self.form, &self.lists, &cap, awsvpc, &mode, &unknown);
        self.sync_load_balancer(td.as_ref());
        self.sync_service_connect(td.as_ref(), cluster.as_ref());
        let breaker = value(&self.form, ids::CIRCUIT_BREAKER) == "true";
        show(&mut self.form, &[ids::ROLLBACK], breaker);
        self.check(&cap, awsvpc, td.as_ref());
        place_errors(&mut self.form, &self.problems);
        self.form.fix_focus();
    }

    fn sync_load_balancer(&mut self, td: Option<&TaskDefinition>) {
        let on = value(&self.form, ids::LOAD_BALANCER) == "true";
        show(
            &mut self.form,
            &[ids::TARGET_GROUP, ids::LB_CONTAINER, ids::LB_PORT],
            on,
        );
        if !on {
            set_note(
                &mut self.form,
                kinds::LOAD_BALANCER,
                Some("No load balancer: tasks are reached by their own addresses.".to_string()),
            );
            return;
        }
        set_note(&mut self.form, kinds::LOAD_BALANCER, None);
        if self.target_groups.is_none() {
            self.wants.want(Job::TargetGroups);
        }
        let ports = td.map(port_mappings).unwrap_or_default();
        let mut containers: Vec<ChoiceOption> = td
            .map(|t| {
                t.containers
                    .iter()
                    .map(|c| {
                        let none = (!ports.iter().any(|p| p.container == c.name))
                            .then(|| "no port mapping".to_string());
                        ChoiceOption::new(c.name.clone(), c.name.clone()).disabled(none)
                    })
                    .collect()
            })
            .unwrap_or_default();
        if containers.is_empty() {
            containers.push(
                ChoiceOption::new("", "the revision's containers")
                    .disabled(Some("waiting for the revision's description".to_string())),
            );
        }
        if let Some(FieldKind::Choice(c)) =
            field_mut(&mut self.form, ids::LB_CONTAINER).map(|f| &mut f.kind)
        {
            c.set_options(containers);
        }
        let container = value(&self.form, ids::LB_CONTAINER).to_string();
        let mut port_options: Vec<ChoiceOption> = ports
            .iter()
            .filter(|p| p.container == container)
            .map(|p| {
                let label = match &p.name {
                    Some(n) => format!("{}/{} ({n})", p.port, p.protocol),
                    None => format!("{}/{}", p.port, p.protocol),
                };
                ChoiceOption::new(p.port.to_string(), label)
            })
            .collect();
        if port_options.is_empty() {
            port_options.push(
                ChoiceOption::new("", "no port").disabled(Some("no port mapping".to_string())),
            );
        }
        if let Some(FieldKind::Choice(c)) =
            field_mut(&mut self.form, ids::LB_PORT).map(|f| &mut f.kind)
        {
            c.set_options(port_options);
        }
        let tg_arn = combo_value(&self.form, ids::TARGET_GROUP);
        let chosen = match &self.target_groups {
            Some(Ok(list)) => list.iter().find(|t| t.arn == tg_arn).cloned(),
            _ => None,
        };
        if let Some(f) = field_mut(&mut self.form, ids::TARGET_GROUP) {
            f.preview = chosen.as_ref().map(TargetGroup::label);
            f.warning = (chosen.is_none()
                && !tg_arn.is_empty()
                && matches!(self.target_groups, Some(Ok(_))))
            .then(|| "not among the region's target groups: sent as typed".to_string());
        }
    }

    fn sync_service_connect(
        &mut self,
        td: Option<&TaskDefinition>,
        cluster: Option<&crate::model::Cluster>,
    ) {
        let on = value(&self.form, ids::SERVICE_CONNECT) == "true";
        show(&mut self.form, &[ids::NAMESPACE, ids::PORT_NAME], on);
        if !on {
            set_note(&mut self.form, kinds::SERVICE_CONNECT, None);
            return;
        }
        if self.namespaces.is_none() {
            self.wants.want(Job::Namespaces);
        }
        // The cluster's default namespace first, as the console does.
        if let Some(default) = cluster.and_then(|c| c.default_namespace.clone())
            && let Some(f) = field_mut(&mut self.form, ids::NAMESPACE)
            && !f.touched
            && f.value().trim().is_empty()
        {
            let name = match &self.namespaces {
                Some(Ok(list)) => list
                    .iter()
                    .find(|n| n.arn == default)
                    .map(|n| n.name.clone()),
                _ => None,
            };
            if let Some(name) = name {
                f.set_value(&name);
            }
        }
        let mut options = vec![ChoiceOption::new("", "none (client only)")];
        options.extend(
            td.map(port_mappings)
                .unwrap_or_default()
                .into_iter()
                .filter_map(|p| {
                    p.name.map(|n| {
                        ChoiceOption::new(n.clone(), format!("{n} ({}:{})", p.container, p.port))
                    })
                }),
        );
        if let Some(FieldKind::Choice(c)) =
            field_mut(&mut self.form, ids::PORT_NAME).map(|f| &mut f.kind)
        {
            c.set_options(options);
        }
        let note = if value(&self.form, ids::PORT_NAME).is_empty() {
            "Client only: the service calls others in the namespace but publishes no port."
        } else {
            "Server: other services of the namespace reach the named port by its discovery name."
        };
        set_note(
            &mut self.form,
            kinds::SERVICE_CONNECT,
            Some(note.to_string()),
        );
    }

    /// Reads the form into the request and lists every problem, in form order.
    fn check(&mut self, cap: &Capacity, awsvpc: Option<bool>, td: Option<&TaskDefinition>) {
        let form = &self.form;
        let mut problems: Vec<Problem> = Vec::new();
        let mut add = |id: &'static str, message: String| problems.push(problem(form, id, message));

        let (cluster_name, name) = self.check_service(&mut add);
        let revision = self.revision();
        let label = revision
            .as_ref()
            .map(RevisionRef::label)
            .unwrap_or_default();
        self.check_task_definition(revision.as_ref(), &label, td, &mut add);

        // Compute
        for (id, e) in launch::check_capacity(form, cap, td, &label) {
            add(id, e);
        }
        let desired = match rules::parse_count(value(form, ids::DESIRED), "desired count") {
            Ok(n) => {
                if let Err(e) = rules::validate_desired_count(n) {
                    add(ids::DESIRED, e);
                }
                n
            }
            Err(e) => {
                add(ids::DESIRED, e);
                0
            }
        };

        // Networking
        let network = launch::check_network(form, &self.lists, awsvpc, cap.fargate);
        for (id, e) in network.problems {
            add(id, e);
        }

        let load_balancer = self.check_load_balancer(awsvpc, td, &mut add);

        // Service Connect
        let service_connect = (value(form, ids::SERVICE_CONNECT) == "true").then(|| {
            let port = value(form, ids::PORT_NAME).to_string();
            (
                combo_value(form, ids::NAMESPACE),
                (!port.is_empty()).then_some(port),
            )
        });
        if let Some((ns, _)) = &service_connect
            && ns.is_empty()
        {
            add(ids::NAMESPACE, "choose a namespace".to_string());
        }

        let (min, max) = check_deployment(form, &mut add);
        let circuit_breaker = value(form, ids::CIRCUIT_BREAKER) == "true";
        let tags = check_tags(form, &mut add);

        let spec = NewService {
            cluster: cluster_name,
            name,
            task_definition: label,
            desired_count: desired,
            launch_type: cap.launch_type.clone(),
            capacity_provider_strategy: cap.strategy.clone(),
            network: network.config,
            load_balancer,
            service_connect,
            minimum_healthy_percent: min,
            maximum_percent: max,
            circuit_breaker,
            rollback: circuit_breaker && value(form, ids::ROLLBACK) == "true",
            enable_execute_command: value(form, ids::EXEC) == "true",
            tags,
        };
        // Form order: problems were added field by field, section by section.
        problems.sort_by_key(|p| p.section);
        self.problems = problems;
        self.spec = spec;
    }

    /// The Service section: the cluster (ACTIVE) and a name not taken in it. Returns the
    /// cluster's name and the service name.
    fn check_service(&self, add: &mut impl FnMut(&'static str, String)) -> (String, String) {
        let form = &self.form;
        let cluster_text = value(form, ids::CLUSTER).trim().to_string();
        let cluster = self.lists.cluster(form);
        if let Some(e) = self.lists.cluster_problem(form, "services") {
            add(ids::CLUSTER, e);
        }
        let cluster_name = cluster.map_or(cluster_text.clone(), |c| c.name.clone());
        let existing = cluster
            .and_then(|c| {
                self.services
                    .get(&c.arn)
                    .or_else(|| self.services.get(&c.name))
            })
            .or_else(|| self.services.get(&cluster_text))
            .cloned()
            .unwrap_or_default();
        let name = value(form, ids::NAME).trim().to_string();
        if let Err(e) = rules::validate_service_name(&name, &existing) {
            add(ids::NAME, e);
        }

        (cluster_name, name)
    }

    /// The Task definition section: a family with ACTIVE revisions and a described ACTIVE
    /// revision of it.
    fn check_task_definition(
        &self,
        revision: Option<&RevisionRef>,
        label: &str,
        td: Option<&TaskDefinition>,
        add: &mut impl FnMut(&'static str, String),
    ) {
        let form = &self.form;
        let family = value(form, ids::FAMILY).trim().to_string();
        if family.is_empty() {
            add(ids::FAMILY, "choose a task definition family".to_string());
        } else if let Err(e) = validate_family_name(&family) {
            add(ids::FAMILY, e);
        } else if self.families.is_none() && !self.family_settled(&family) {
            add(ids::FAMILY, "the families are loading…".to_string());
        } else if let Some(Ok(list)) = &self.families
            && !list.contains(&family)
        {
            add(
                ids::FAMILY,
                format!("no family with ACTIVE revisions is named {family}"),
            );
        }
        match revision {
            None if !family.is_empty() => {
                let why = match self.revisions.get(&family) {
                    // The family's own problem says why its revisions are not asked for.
                    None if !self.family_settled(&family) => String::new(),
                    None => format!("the revisions of {family} are loading"),
                    Some(Err(e)) => format!("the revisions of {family} could not be listed: {e}"),
                    Some(Ok(l)) if l.is_empty() => format!("{family} has no ACTIVE revision"),
                    Some(Ok(_)) => "choose an ACTIVE revision".to_string(),
                };
                if !why.is_empty() {
                    add(ids::REVISION, why);
                }
            }
            None => {}
            Some(r) => {
                let status = td.map_or(r.status.as_str(), |t| t.status.as_str());
                if let Err(e) = rules::validate_revision_status(label, status) {
                    add(ids::REVISION, e);
                }
                match self.described.get(&r.arn) {
                    None => add(
                        ids::REVISION,
                        format!("describing {label} (its network mode and containers)…"),
                    ),
                    Some(Err(e)) => add(
                        ids::REVISION,
                        format!("{label} could not be described: {e}"),
                    ),
                    Some(Ok(_)) => {}
                }
            }
        }
    }

    /// The Load balancing section: a target group attached to a load balancer, of the right
    /// target type, and the container and port it sends to.
    fn check_load_balancer(
        &self,
        awsvpc: Option<bool>,
        td: Option<&TaskDefinition>,
        add: &mut impl FnMut(&'static str, String),
    ) -> Option<LoadBalancer> {
        let form = &self.form;
        let load_balancer = (value(form, ids::LOAD_BALANCER) == "true").then(|| {
            let tg = combo_value(form, ids::TARGET_GROUP);
            let container = value(form, ids::LB_CONTAINER).to_string();
            let port = value(form, ids::LB_PORT).parse::<i32>().ok();
            LoadBalancer {
                target_group_arn: (!tg.is_empty()).then_some(tg),
                load_balancer_name: None,
                container_name: (!container.is_empty()).then_some(container),
                container_port: port,
            }
        });
        if let Some(lb) = &load_balancer {
            match &lb.target_group_arn {
                None => add(ids::TARGET_GROUP, "choose a target group".to_string()),
                Some(arn) => {
                    if let Some(Ok(list)) = &self.target_groups
                        && let Some(tg) = list.iter().find(|t| &t.arn == arn)
                    {
                        if tg.load_balancer_arns.is_empty() {
                            add(
                                ids::TARGET_GROUP,
                                format!(
                                    "{} is not attached to a load balancer: ECS refuses it (add it to a listener first)",
                                    tg.name
                                ),
                            );
                        }
                        if awsvpc == Some(true) && tg.target_type.as_deref() == Some("instance") {
                            add(
                                ids::TARGET_GROUP,
                                format!(
                                    "awsvpc tasks register by IP address, but {} has target type instance: use an ip target group",
                                    tg.name
                                ),
                            );
                        }
                    }
                }
            }
            if td.is_some() && lb.container_name.is_none() {
                add(
                    ids::LB_CONTAINER,
                    "no container of the revision has a port mapping".to_string(),
                );
            } else if td.is_some() && lb.container_port.is_none() {
                add(ids::LB_PORT, "choose the container's port".to_string());
            }
        }

        load_balancer
    }

    /// Creating failed: keep everything as typed and show the error above the review.
    pub fn set_submit_error(&mut self, message: String) {
        self.flow.set_submit_error(message);
    }

    /// The operator said No to discarding: keep editing.
    pub fn cancel_discard(&mut self) {
        self.flow.clear_notice();
    }

    /// Handles a key (Ctrl-C is the app's). Keys come from the keymap's `form` context.
    pub fn handle_key(
        &mut self,
        key: crossterm::event::KeyEvent,
        keymap: &Keymap,
    ) -> WizardOutcome<NewService> {
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

    /// One line on what runs where, for the review.
    fn summary(&self) -> Vec<String> {
        let s = &self.spec;
        let mut out = vec![format!(
            "Service {} in {} · {} · {} task{}",
            if s.name.is_empty() {
                "(no name)"
            } else {
                &s.name
            },
            if s.cluster.is_empty() {
                "(no cluster)"
            } else {
                &s.cluster
            },
            if s.task_definition.is_empty() {
                "(no revision)"
            } else {
                &s.task_definition
            },
            s.desired_count,
            launch::plural(usize::try_from(s.desired_count).unwrap_or(0))
        )];
        let capacity = match (&s.launch_type, s.capacity_provider_strategy.is_empty()) {
            (Some(lt), _) => format!("launch type {lt}"),
            (None, false) => format!(
                "strategy {}",
                launch::format_strategy(&s.capacity_provider_strategy)
            ),
            (None, true) => "the cluster's default strategy".to_string(),
        };
        let network = match &s.network {
            Some(n) => format!(
                "awsvpc: {} subnet{}, {} security group{}{}",
                n.subnets.len(),
                launch::plural(n.subnets.len()),
                n.security_groups.len(),
                launch::plural(n.security_groups.len()),
                match n.assign_public_ip.as_deref() {
                    Some("ENABLED") => ", public IP",
                    _ => "",
                }
            ),
            None => "no network configuration".to_string(),
        };
        out.push(format!("{capacity} · {network}"));
        if let Some(lb) = &s.load_balancer {
            out.push(format!(
                "Load balancer: {} → {}:{}",
                lb.target_group_arn
                    .as_deref()
                    .map(|a| a.rsplit(':').next().unwrap_or(a))
                    .unwrap_or("?"),
                lb.container_name.as_deref().unwrap_or("?"),
                lb.container_port.map_or("?".to_string(), |p| p.to_string())
            ));
        }
        if let Some((ns, port)) = &s.service_connect {
            out.push(format!(
                "Service Connect: {} ({})",
                ns.rsplit('/').next().unwrap_or(ns),
                port.as_deref().unwrap_or("client only")
            ));
        }
        out.push(format!(
            "Deployment: min {} % / max {} % · circuit breaker {} · ECS Exec {}",
            s.minimum_healthy_percent,
            s.maximum_percent,
            match (s.circuit_breaker, s.rollback) {
                (true, true) => "on, with rollback",
                (true, false) => "on",
                _ => "off",
            },
            if s.enable_execute_command {
                "on"
            } else {
                "off"
            }
        ));
        out.push("Once created, the service's page opens and follows the deployment.".to_string());
        out
    }

    /// The review: problems (or ready), what runs where, the CLI line and the exact JSON.
    pub fn review_lines(&self) -> Vec<ReviewLine> {
        launch::review(
            &self.form,
            &self.problems,
            "No problems: the service can be created.",
            "create",
            self.summary(),
            Operation::CreateService,
            &self.request(),
        )
    }

    /// The lines the view shows for the current stage (none while editing).
    pub fn stage_lines(&self) -> Vec<ReviewLine> {
        match self.flow.stage() {
            Stage::Edit => Vec::new(),
            Stage::Review | Stage::Done => self.review_lines(),
        }
    }
}

impl CreateWizard for ServiceWizard {
    type Spec = NewService;

    fn form_and_flow(&mut self) -> (&mut Form, &mut Flow) {
        (&mut self.form, &mut self.flow)
    }

    fn review_len(&self) -> usize {
        self.review_lines().len()
    }

    fn problem_count(&self) -> usize {
        self.problems.len()
    }

    fn spec(&self) -> NewService {
        self.spec.clone()
    }

    fn review_copy(&self) -> String {
        self.cli()
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

/// The Deployment section: minimum healthy and maximum percent, parsed and checked together.
fn check_deployment(form: &Form, add: &mut impl FnMut(&'static str, String)) -> (i32, i32) {
    let min = rules::parse_count(value(form, ids::MIN_HEALTHY), "minimum healthy percent");
    let max = rules::parse_count(value(form, ids::MAX_PERCENT), "maximum percent");
    if let Err(e) = &min {
        add(ids::MIN_HEALTHY, e.clone());
    }
    if let Err(e) = &max {
        add(ids::MAX_PERCENT, e.clone());
    }
    let (min, max) = (
        min.unwrap_or(DEFAULT_MIN_HEALTHY_PERCENT),
        max.unwrap_or(DEFAULT_MAX_PERCENT),
    );
    for e in rules::validate_percents(min, max) {
        let id = if e.contains("minimum healthy percent must") {
            ids::MIN_HEALTHY
        } else {
            ids::MAX_PERCENT
        };
        add(id, e);
    }
    (min, max)
}

/// The Options section: tags as `key=value` pairs, within AWS's limits.
fn check_tags(form: &Form, add: &mut impl FnMut(&'static str, String)) -> Vec<(String, String)> {
    match parse_pairs(value(form, ids::TAGS), "tag") {
        Ok(tags) => {
            for e in validate_tags(&tags) {
                add(ids::TAGS, e);
            }
            tags
        }
        Err(e) => {
            add(ids::TAGS, e);
            Vec::new()
        }
    }
}
