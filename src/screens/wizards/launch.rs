//! Where tasks run, shared by the create-service and run-task wizards: the cluster, the capacity
//! (a launch type, a capacity provider strategy, or the cluster's default strategy) and the awsvpc
//! network (VPC, subnets, security groups, public IP) picked from EC2's lists. Also the lists both
//! wizards fetch, the queue of what they still want fetched, and the review's shape.

use std::collections::{HashMap, VecDeque};

use super::{Problem, ReviewLine};
use crate::domain::request::Operation;
use crate::domain::service as rules;
use crate::effect::{Job, Outcome};
use crate::form::{ChoiceOption, Field, FieldKind, Form, MultiOption, Section, Suggestion};
use crate::model::namespace::{Namespace, VpcSummary};
use crate::model::network::{SecurityGroup, Subnet};
use crate::model::service::NetworkConfig;
use crate::model::{Cluster, StrategyItem, TaskDefinition};
use crate::state::Shared;

/// Field ids both wizards use; unique across each form.
pub mod ids {
    pub const CLUSTER: &str = "cluster";
    pub const CAPACITY: &str = "capacity";
    pub const STRATEGY: &str = "strategy";
    pub const VPC: &str = "vpc";
    pub const SUBNETS: &str = "subnets";
    pub const SECURITY_GROUPS: &str = "security_groups";
    pub const PUBLIC_IP: &str = "public_ip";
}

/// Section kinds both wizards use.
pub mod kinds {
    pub const COMPUTE: &str = "compute";
    pub const NETWORK: &str = "network";
}

/// Values of the capacity choice.
pub mod capacity {
    pub const FARGATE: &str = "FARGATE";
    pub const EC2: &str = "EC2";
    pub const EXTERNAL: &str = "EXTERNAL";
    /// A capacity provider strategy typed in the strategy field.
    pub const STRATEGY: &str = "strategy";
    /// Neither: the cluster's default strategy applies.
    pub const DEFAULT: &str = "default";
}

/// What a wizard opens with, taken from the screen that opens it and the shared caches.
#[derive(Debug, Clone, Default)]
pub struct Start {
    /// The cluster to preset (its name or ARN).
    pub cluster: Option<String>,
    /// The revision to preset (opened from a revision).
    pub revision: Option<crate::model::RevisionRef>,
    /// Its description, when the cache has it.
    pub described: Option<TaskDefinition>,
    /// The region's clusters, when loaded.
    pub clusters: Option<Vec<Cluster>>,
    /// The region's namespaces, when loaded.
    pub namespaces: Option<Vec<Namespace>>,
    /// Family names known from the last families list.
    pub families: Vec<String>,
    /// Service names of the preset cluster, when its list is loaded.
    pub services: Option<Vec<String>>,
}

impl Start {
    /// What the shared caches already hold; the wizard fetches the rest.
    pub fn from_shared(shared: &Shared) -> Self {
        Self {
            // Rows of a load still paging are not the region's list.
            clusters: shared
                .clusters
                .data
                .clone()
                .filter(|_| !shared.clusters.is_partial()),
            namespaces: shared.namespaces.data.clone(),
            families: shared.known_families.clone(),
            ..Self::default()
        }
    }

    /// Preset to a revision, with its description when cached.
    pub fn with_revision(mut self, revision: &crate::model::RevisionRef, shared: &Shared) -> Self {
        self.described = shared.taskdefs.get(&revision.arn).cloned();
        self.revision = Some(revision.clone());
        self
    }
}

/// The region's clusters a wizard fetched also fill the shared list when nothing else has (other
/// screens and the command line's completion use it).
pub fn share_clusters(
    cx: &mut crate::screens::Cx,
    result: &Result<Vec<Cluster>, crate::model::AwsError>,
) {
    if let Ok(list) = result
        && cx.shared.clusters.data.is_none()
        && !cx.shared.clusters.is_loading()
    {
        cx.shared.clusters = crate::state::Loadable::with(list.clone());
    }
}

/// Lists a wizard still wants fetched: each job once, in the order they were wanted.
#[derive(Debug, Clone, Default)]
pub struct Wants {
    queue: VecDeque<Job>,
    asked: Vec<Job>,
}

impl Wants {
    /// Queues `job` unless it was wanted before.
    pub fn want(&mut self, job: Job) {
        if !self.asked.contains(&job) {
            self.asked.push(job.clone());
            self.queue.push_back(job);
        }
    }

    /// The next job to run.
    pub fn take(&mut self) -> Option<Job> {
        self.queue.pop_front()
    }

    /// Whether `job` was ever wanted.
    pub fn asked(&self, job: &Job) -> bool {
        self.asked.contains(job)
    }
}

/// A list as fetched: `None` until it arrives, else the items or why they could not be listed.
pub type Fetched<T> = Option<Result<T, String>>;

/// What both wizards pick from.
#[derive(Debug, Clone, Default)]
pub struct Lists {
    pub clusters: Fetched<Vec<Cluster>>,
    pub vpcs: Fetched<Vec<VpcSummary>>,
    /// Subnets by VPC (`None`: the region's, when the VPCs could not be listed).
    pub subnets: HashMap<Option<String>, Result<Vec<Subnet>, String>>,
    pub security_groups: HashMap<Option<String>, Result<Vec<SecurityGroup>, String>>,
    /// The VPC the subnet and group picks were preset for; another VPC presets them again.
    preset_for: Option<Option<String>>,
}

pub fn field<'a>(form: &'a Form, id: &str) -> Option<&'a Field> {
    form.sections.iter().find_map(|s| s.field(id))
}

pub fn field_mut<'a>(form: &'a mut Form, id: &str) -> Option<&'a mut Field> {
    form.sections.iter_mut().find_map(|s| s.field_mut(id))
}

/// A field's value as text, "" without such a field.
pub fn value<'a>(form: &'a Form, id: &str) -> &'a str {
    field(form, id).map(Field::value).unwrap_or("")
}

/// A multi-select's picked values.
pub fn picked(form: &Form, id: &str) -> Vec<String> {
    match field(form, id).map(|f| &f.kind) {
        Some(FieldKind::Multi(m)) => m.picked().to_vec(),
        _ => Vec::new(),
    }
}

/// A combo's meaning: the chosen suggestion's value, else the text as typed.
pub fn combo_value(form: &Form, id: &str) -> String {
    match field(form, id).map(|f| &f.kind) {
        Some(FieldKind::Combo(c)) => c
            .chosen()
            .map_or_else(|| c.value().trim().to_string(), |s| s.value.clone()),
        _ => String::new(),
    }
}

pub fn section_index(form: &Form, kind: &str) -> usize {
    form.sections
        .iter()
        .position(|s| s.kind == kind)
        .unwrap_or(0)
}

/// Sets a section's note.
pub fn set_note(form: &mut Form, kind: &str, note: Option<String>) {
    let i = section_index(form, kind);
    if let Some(s) = form.sections.get_mut(i) {
        s.note = note;
    }
}

/// Shows or hides fields.
pub fn show(form: &mut Form, ids: &[&str], visible: bool) {
    for id in ids {
        if let Some(f) = field_mut(form, id) {
            f.hidden = !visible;
        }
    }
}

/// Replaces a combo's suggestions (or says why there are none).
pub fn set_suggestions(form: &mut Form, id: &str, list: Result<Vec<Suggestion>, String>) {
    if let Some(FieldKind::Combo(c)) = field_mut(form, id).map(|f| &mut f.kind) {
        match list {
            Ok(list) => {
                c.status = list
                    .is_empty()
                    .then(|| format!("no {} to pick: type one", c.noun));
                c.suggestions = Some(list);
            }
            Err(e) => {
                c.status = Some(format!("could not list them ({e}): type one"));
                c.suggestions = None;
            }
        }
    }
}

pub fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// The cluster combo: the region's clusters as suggestions once known.
pub fn cluster_field(preset: &str) -> Field {
    Field::combo(
        ids::CLUSTER,
        "Cluster",
        "The cluster that runs the tasks: pick one of the region's (←/→) or type its name.",
        preset,
        "choose a cluster",
    )
    .with_noun("cluster")
}

/// The capacity choice, the strategy it may need, and nothing else (the count comes after).
pub fn capacity_fields(preset: &str) -> Vec<Field> {
    vec![
        Field::choice(
            ids::CAPACITY,
            "Capacity",
            "A launch type, a capacity provider strategy, or the cluster's default strategy.",
            capacity_options(None),
            preset,
        ),
        Field::text(
            ids::STRATEGY,
            "Strategy",
            "NAME[:weight[:base]] entries, e.g. FARGATE:1:1 FARGATE_SPOT:3 (a bare name weighs 1).",
            "",
            "e.g. FARGATE:1:1 FARGATE_SPOT:3",
        ),
    ]
}

/// The capacity options; the default strategy only when the cluster has one (or is not known).
fn capacity_options(cluster: Option<&Cluster>) -> Vec<ChoiceOption> {
    let no_default = cluster
        .filter(|c| c.default_strategy.is_empty())
        .map(|c| format!("{} has no default capacity provider strategy", c.name));
    vec![
        ChoiceOption::new(capacity::FARGATE, "Fargate"),
        ChoiceOption::new(capacity::EC2, "EC2"),
        ChoiceOption::new(capacity::EXTERNAL, "External"),
        ChoiceOption::new(capacity::STRATEGY, "Strategy"),
        ChoiceOption::new(capacity::DEFAULT, "Cluster default").disabled(no_default),
    ]
}

/// The launch type a revision is made for: Fargate unless it names only EC2 or EXTERNAL.
pub fn preferred_capacity(td: Option<&TaskDefinition>) -> &'static str {
    let compat = td.map(|t| t.launch_types.as_slice()).unwrap_or_default();
    if compat.is_empty() || compat.iter().any(|c| c == "FARGATE") {
        capacity::FARGATE
    } else if compat.iter().any(|c| c == "EC2") {
        capacity::EC2
    } else {
        capacity::EXTERNAL
    }
}

/// The network fields: VPC, subnets and security groups of it, public IP.
pub fn network_fields() -> Vec<Field> {
    vec![
        Field::combo(
            ids::VPC,
            "VPC",
            "The VPC of the tasks' network interfaces (the default VPC first): pick one or type its id.",
            "",
            "choose a VPC",
        )
        .with_noun("VPC"),
        Field::multi(
            ids::SUBNETS,
            "Subnets",
            "1-16 subnets of the VPC: type to filter, ←/→ move, space picks or unpicks (or adds a typed id).",
            "subnet",
            "none picked",
        ),
        Field::multi(
            ids::SECURITY_GROUPS,
            "Security groups",
            "Up to 5 groups of the VPC: type to filter, ←/→ move, space picks or unpicks.",
            "security group",
            "none: the VPC's default group",
        ),
        Field::toggle(
            ids::PUBLIC_IP,
            "Public IP",
            "Give each Fargate task a public IPv4 address: needed to pull images from a public subnet without a NAT gateway.",
            true,
        ),
    ]
}

/// What the capacity fields say.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Capacity {
    /// Sent as `launchType`.
    pub launch_type: Option<String>,
    /// Sent as `capacityProviderStrategy` (empty with a launch type or the cluster default).
    pub strategy: Vec<StrategyItem>,
    /// Whether the tasks land on Fargate (the cluster default included).
    pub fargate: bool,
    /// Why the strategy cannot be read.
    pub error: Option<String>,
}

/// Reads the capacity fields against the cluster (its providers and default strategy), when known.
pub fn read_capacity(form: &Form, cluster: Option<&Cluster>) -> Capacity {
    let choice = value(form, ids::CAPACITY);
    match choice {
        capacity::STRATEGY => {
            let known = cluster
                .map(|c| c.capacity_providers.as_slice())
                .filter(|p| !p.is_empty());
            match rules::parse_strategy(value(form, ids::STRATEGY), known) {
                Ok(strategy) => Capacity {
                    fargate: rules::runs_on_fargate(None, &strategy),
                    launch_type: None,
                    strategy,
                    error: None,
                },
                Err(e) => Capacity {
                    error: Some(e),
                    ..Capacity::default()
                },
            }
        }
        capacity::DEFAULT => {
            let strategy = cluster
                .map(|c| c.default_strategy.clone())
                .unwrap_or_default();
            let error = cluster
                .filter(|c| c.default_strategy.is_empty())
                .map(|c| format!("{} has no default capacity provider strategy", c.name));
            Capacity {
                fargate: rules::runs_on_fargate(None, &strategy),
                launch_type: None,
                strategy: Vec::new(),
                error,
            }
        }
        lt => Capacity {
            launch_type: Some(lt.to_string()),
            strategy: Vec::new(),
            fargate: lt == capacity::FARGATE,
            error: None,
        },
    }
}

/// `FARGATE:1:1 FARGATE_SPOT:3:0`.
pub fn format_strategy(items: &[StrategyItem]) -> String {
    items
        .iter()
        .map(|s| format!("{}:{}:{}", s.provider, s.weight, s.base))
        .collect::<Vec<_>>()
        .join(" ")
}

impl Lists {
    /// The cluster the field names, when the region's list has it.
    pub fn cluster(&self, form: &Form) -> Option<&Cluster> {
        let wanted = combo_value(form, ids::CLUSTER);
        let wanted = wanted.trim();
        if wanted.is_empty() {
            return None;
        }
        self.clusters
            .as_ref()?
            .as_ref()
            .ok()?
            .iter()
            .find(|c| c.name == wanted || c.arn == wanted)
    }

    /// What is wrong with the cluster field for starting `what` ("tasks", "services"): nothing
    /// chosen, a name the region's list does not have (when the list is loaded; otherwise ECS
    /// judges it), or a cluster that is not ACTIVE.
    pub fn cluster_problem(&self, form: &Form, what: &str) -> Option<String> {
        let typed = value(form, ids::CLUSTER).trim().to_string();
        if typed.is_empty() {
            return Some("choose the cluster".to_string());
        }
        match (self.cluster(form), &self.clusters) {
            (Some(c), _) if c.status != "ACTIVE" => Some(format!(
                "{} is {}: {what} need an ACTIVE cluster",
                c.name, c.status
            )),
            (None, Some(Ok(_))) => Some(format!(
                "no cluster named {typed} in this region: pick one (←/→)"
            )),
            _ => None,
        }
    }

    /// The VPC the network fields are for: one of the region's (picked or typed by id); when the
    /// VPCs could not be listed, a typed `vpc-` id, or `None` (nothing typed) for the region's
    /// subnets and groups. A VPC still being typed is none yet, so no list is asked per key.
    pub fn vpc(&self, form: &Form) -> Option<Option<String>> {
        let typed = combo_value(form, ids::VPC);
        match &self.vpcs {
            Some(Ok(list)) => list
                .iter()
                .find(|v| v.id == typed || v.label() == typed)
                .map(|v| Some(v.id.clone())),
            Some(Err(_)) if typed.is_empty() => Some(None),
            // A full id: `vpc-` and 8 or 17 hex digits.
            Some(Err(_)) => {
                let hex = typed.strip_prefix("vpc-").unwrap_or_default();
                ((hex.len() == 8 || hex.len() == 17) && hex.chars().all(|c| c.is_ascii_hexdigit()))
                    .then_some(Some(typed))
            }
            None => None,
        }
    }

    /// The picked ids of a subnets or security groups field that the VPC's list does not have
    /// (typed by the operator), or every picked id when there is no list to compare with.
    pub fn typed_ids(&self, form: &Form, id: &str) -> Typed {
        let vpc = self.vpc(form);
        let known: Option<Vec<&str>> = vpc.as_ref().and_then(|v| {
            if id == ids::SUBNETS {
                self.subnets_of(v)
                    .and_then(|r| r.as_ref().ok())
                    .map(|l| l.iter().map(|s| s.id.as_str()).collect())
            } else {
                self.groups_of(v)
                    .and_then(|r| r.as_ref().ok())
                    .map(|l| l.iter().map(|g| g.id.as_str()).collect())
            }
        });
        let picked = picked(form, id);
        match known {
            Some(known) => Typed::NotListed(
                picked
                    .into_iter()
                    .filter(|p| !known.contains(&p.as_str()))
                    .collect(),
            ),
            None => Typed::NoList(picked),
        }
    }

    /// The subnets of the VPC the fields are for, when fetched.
    fn subnets_of(&self, vpc: &Option<String>) -> Option<&Result<Vec<Subnet>, String>> {
        self.subnets.get(vpc)
    }

    fn groups_of(&self, vpc: &Option<String>) -> Option<&Result<Vec<SecurityGroup>, String>> {
        self.security_groups.get(vpc)
    }

    /// The region's clusters (ACTIVE ones offered), or why they could not be listed.
    pub fn set_clusters(&mut self, form: &mut Form, result: Result<Vec<Cluster>, String>) {
        let suggestions = result.clone().map(|list| {
            list.iter()
                .filter(|c| c.status == "ACTIVE")
                .map(|c| Suggestion {
                    label: c.name.clone(),
                    value: c.arn.clone(),
                })
                .collect()
        });
        set_suggestions(form, ids::CLUSTER, suggestions);
        self.clusters = Some(result);
    }

    /// Takes a list both wizards use; gives back any other outcome.
    pub fn absorb(&mut self, form: &mut Form, outcome: Outcome) -> Option<Outcome> {
        match outcome {
            Outcome::Clusters(result) => {
                self.set_clusters(form, result.map_err(|e| e.to_string()));
            }
            Outcome::Vpcs(result) => {
                let result = result.map_err(|e| e.to_string());
                let suggestions = result.clone().map(|list| {
                    list.iter()
                        .map(|v| Suggestion {
                            label: v.label(),
                            value: v.id.clone(),
                        })
                        .collect()
                });
                set_suggestions(form, ids::VPC, suggestions);
                // The default VPC first, as the console does.
                if let (Ok(list), Some(f)) = (&result, field_mut(form, ids::VPC))
                    && f.value().trim().is_empty()
                    && let Some(default) = list.iter().find(|v| v.is_default)
                {
                    f.set_value(&default.label());
                }
                self.vpcs = Some(result);
            }
            Outcome::Subnets { vpc, result } => {
                self.subnets.insert(vpc, result.map_err(|e| e.to_string()));
            }
            Outcome::SecurityGroups { vpc, result } => {
                self.security_groups
                    .insert(vpc, result.map_err(|e| e.to_string()));
            }
            other => return Some(other),
        }
        self.fill_network(form);
        None
    }

    /// Puts the current VPC's subnets and groups into the pickers; the first time for a VPC, picks
    /// what the console picks (every subnet, up to 16, and the `default` group).
    fn fill_network(&mut self, form: &mut Form) {
        let Some(vpc) = self.vpc(form) else {
            for id in [ids::SUBNETS, ids::SECURITY_GROUPS] {
                if let Some(FieldKind::Multi(m)) = field_mut(form, id).map(|f| &mut f.kind) {
                    m.set_options(None);
                    m.status = Some("choose a VPC first".to_string());
                }
            }
            return;
        };
        let subnets = self.subnets_of(&vpc).cloned();
        let groups = self.groups_of(&vpc).cloned();
        let preset = self.preset_for.as_ref() != Some(&vpc)
            && subnets.as_ref().is_some_and(|r| r.is_ok())
            && groups.as_ref().is_some_and(|r| r.is_ok());
        if let Some(FieldKind::Multi(m)) = field_mut(form, ids::SUBNETS).map(|f| &mut f.kind) {
            fill(m, subnets.as_ref(), |s| MultiOption::new(&s.id, s.label()));
            if preset {
                let all: Vec<String> = subnets
                    .iter()
                    .flatten()
                    .flatten()
                    .take(rules::MAX_SUBNETS)
                    .map(|s| s.id.clone())
                    .collect();
                m.set_picked(all);
            }
        }
        if let Some(FieldKind::Multi(m)) =
            field_mut(form, ids::SECURITY_GROUPS).map(|f| &mut f.kind)
        {
            fill(m, groups.as_ref(), |g| MultiOption::new(&g.id, g.label()));
            if preset {
                let default: Vec<String> = groups
                    .iter()
                    .flatten()
                    .flatten()
                    .filter(|g| g.name == "default")
                    .map(|g| g.id.clone())
                    .collect();
                m.set_picked(default);
            }
        }
        if preset {
            self.preset_for = Some(vpc);
        }
    }

    /// Wants what the form now needs: the VPCs, and the current VPC's subnets and groups.
    pub fn want(&mut self, form: &mut Form, wants: &mut Wants, awsvpc: Option<bool>) {
        if awsvpc == Some(false) {
            return;
        }
        wants.want(Job::Vpcs);
        if let Some(vpc) = self.vpc(form) {
            wants.want(Job::Subnets { vpc: vpc.clone() });
            wants.want(Job::SecurityGroups { vpc });
        }
        self.fill_network(form);
    }
}

/// Fills a multi-select from a fetched list.
fn fill<T>(
    m: &mut crate::form::MultiField,
    list: Option<&Result<Vec<T>, String>>,
    option: impl Fn(&T) -> MultiOption,
) {
    match list {
        None => {
            m.set_options(None);
            m.status = None;
        }
        Some(Ok(items)) => {
            m.set_options(Some(items.iter().map(option).collect()));
            m.status = items
                .is_empty()
                .then(|| format!("the VPC has no {}: type an id, then space", m.noun));
        }
        Some(Err(e)) => {
            m.set_options(None);
            m.status = Some(format!(
                "{}s could not be listed ({e}): type an id, then space",
                m.noun
            ));
        }
    }
}

/// What the network fields say, checked: the configuration to send (awsvpc only) and each
/// field's problems.
pub struct NetworkCheck {
    pub config: Option<NetworkConfig>,
    pub problems: Vec<(&'static str, String)>,
}

/// Problems of the capacity choice: the launch type or strategy as typed (on the field it came
/// from), and whether revision `td` (`label`) can run there (its network mode and
/// compatibilities). Shared by the create-service and run-task wizards.
pub fn check_capacity(
    form: &Form,
    cap: &Capacity,
    td: Option<&TaskDefinition>,
    label: &str,
) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    if let Some(e) = &cap.error {
        let id = if value(form, ids::CAPACITY) == capacity::STRATEGY {
            ids::STRATEGY
        } else {
            ids::CAPACITY
        };
        out.push((id, e.clone()));
    }
    if let Some(t) = td {
        for e in rules::validate_placement(
            label,
            t.network_mode.as_deref(),
            &t.launch_types,
            cap.launch_type.as_deref(),
            cap.fargate,
        ) {
            out.push((ids::CAPACITY, e));
        }
    }
    out
}

/// Picked network ids that did not come from a list.
pub enum Typed {
    /// The VPC's list is known and does not have these.
    NotListed(Vec<String>),
    /// There is no list (loading or failed): every picked id is as typed.
    NoList(Vec<String>),
}

impl Typed {
    fn ids(&self) -> &[String] {
        match self {
            Typed::NotListed(ids) | Typed::NoList(ids) => ids,
        }
    }
}

/// Reads and checks the network fields. `awsvpc`: the revision's mode is awsvpc (`None` while
/// it is not known: nothing is sent, the revision's own problem says why).
pub fn check_network(
    form: &Form,
    lists: &Lists,
    awsvpc: Option<bool>,
    fargate: bool,
) -> NetworkCheck {
    if awsvpc != Some(true) {
        return NetworkCheck {
            config: None,
            problems: Vec::new(),
        };
    }
    let subnets = picked(form, ids::SUBNETS);
    let groups = picked(form, ids::SECURITY_GROUPS);
    let (subnet_errors, group_errors) = rules::validate_awsvpc(&subnets, &groups);
    let mut problems: Vec<(&'static str, String)> = Vec::new();
    if lists.vpc(form).is_none() {
        let message = match &lists.vpcs {
            None => "the VPCs are loading…",
            Some(_) if value(form, ids::VPC).trim().is_empty() => "choose the tasks' VPC",
            Some(Ok(_)) => "not one of the region's VPCs: pick one (←/→)",
            Some(Err(_)) => "type a VPC id such as vpc-0123456789abcdef0",
        };
        problems.push((ids::VPC, message.to_string()));
    }
    problems.extend(subnet_errors.into_iter().map(|e| (ids::SUBNETS, e)));
    problems.extend(group_errors.into_iter().map(|e| (ids::SECURITY_GROUPS, e)));
    // A typed id is checked for its shape; listed ones came from EC2.
    for (id, prefix, noun) in [
        (ids::SUBNETS, "subnet", "subnet"),
        (ids::SECURITY_GROUPS, "sg", "security group"),
    ] {
        if let Some(message) = rules::malformed_ids(prefix, noun, lists.typed_ids(form, id).ids()) {
            problems.push((id, message));
        }
    }
    NetworkCheck {
        config: Some(NetworkConfig {
            subnets,
            security_groups: groups,
            assign_public_ip: fargate.then(|| {
                if value(form, ids::PUBLIC_IP) == "true" {
                    "ENABLED".to_string()
                } else {
                    "DISABLED".to_string()
                }
            }),
        }),
        problems,
    }
}

/// Shows the fields the capacity and network mode call for; notes and warnings that do not block.
/// `mode` is the revision's network mode; `unknown` the note while it is not known.
pub fn sync_fields(
    form: &mut Form,
    lists: &Lists,
    cap: &Capacity,
    awsvpc: Option<bool>,
    mode: &str,
    unknown: &str,
) {
    let cluster = lists.cluster(form).cloned();
    if let Some(FieldKind::Choice(c)) = field_mut(form, ids::CAPACITY).map(|f| &mut f.kind) {
        let before = c.value().to_string();
        c.set_options(capacity_options(cluster.as_ref()));
        // A value the cluster does not offer stays shown; the capacity problem explains it.
        c.select_value(&before);
    }
    let strategy = value(form, ids::CAPACITY) == capacity::STRATEGY;
    show(form, &[ids::STRATEGY], strategy);
    if let Some(f) = field_mut(form, ids::STRATEGY) {
        f.preview = (!cap.strategy.is_empty()).then(|| {
            cap.strategy
                .iter()
                .map(|s| format!("{} weight {} base {}", s.provider, s.weight, s.base))
                .collect::<Vec<_>>()
                .join(" · ")
        });
    }
    let compute_note = match (value(form, ids::CAPACITY), &cluster) {
        (capacity::DEFAULT, Some(c)) if !c.default_strategy.is_empty() => Some(format!(
            "{}'s default strategy: {}",
            c.name,
            format_strategy(&c.default_strategy)
        )),
        (capacity::STRATEGY, Some(c)) if !c.capacity_providers.is_empty() => Some(format!(
            "{}'s capacity providers: {}",
            c.name,
            c.capacity_providers.join(", ")
        )),
        _ => None,
    };
    set_note(form, kinds::COMPUTE, compute_note);

    show(
        form,
        &[ids::VPC, ids::SUBNETS, ids::SECURITY_GROUPS],
        awsvpc != Some(false),
    );
    show(
        form,
        &[ids::PUBLIC_IP],
        awsvpc != Some(false) && cap.fargate,
    );
    let note = match awsvpc {
        Some(false) => Some(format!(
            "The revision uses {mode} networking: tasks use their instance's network, so there is nothing to choose."
        )),
        None => Some(unknown.to_string()),
        Some(true) => None,
    };
    set_note(form, kinds::NETWORK, note);
    // Picked ids the VPC does not have go out as typed, with a warning (a malformed one is a
    // problem, see `check_network`).
    let typed_subnets = lists.typed_ids(form, ids::SUBNETS);
    let typed_groups = lists.typed_ids(form, ids::SECURITY_GROUPS);
    for (id, typed, noun) in [
        (ids::SUBNETS, typed_subnets, "subnets"),
        (ids::SECURITY_GROUPS, typed_groups, "security groups"),
    ] {
        // Only the VPC's list can say an id is not the VPC's.
        let unknown: Vec<String> = match typed {
            Typed::NotListed(ids) => ids,
            Typed::NoList(_) => Vec::new(),
        };
        if let Some(f) = field_mut(form, id) {
            f.warning = (!unknown.is_empty()).then(|| {
                format!(
                    "not among the VPC's {noun}: {} (sent as typed)",
                    unknown.join(", ")
                )
            });
            let n = match &f.kind {
                FieldKind::Multi(m) => m.picked().len(),
                _ => 0,
            };
            f.preview = (n > 0).then(|| format!("{n} picked"));
        }
    }
}

/// Puts each problem's message on its field (joined when several) and clears the others.
pub fn place_errors(form: &mut Form, problems: &[Problem]) {
    for section in &mut form.sections {
        section.error = None;
        for f in &mut section.fields {
            f.error = None;
        }
    }
    for p in problems {
        let Some(section) = form.sections.get_mut(p.section) else {
            continue;
        };
        let slot = match p.field.and_then(|id| section.field_mut(id)) {
            Some(f) => &mut f.error,
            None => &mut section.error,
        };
        *slot = Some(match slot.take() {
            Some(before) => format!("{before}; {}", p.message),
            None => p.message.clone(),
        });
    }
}

/// `Section › Field` for a problem, or the section alone.
pub fn place(form: &Form, p: &Problem) -> String {
    let section = form.sections.get(p.section);
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

/// A problem on field `id` of the section that holds it.
pub fn problem(form: &Form, id: &'static str, message: String) -> Problem {
    let section = form
        .sections
        .iter()
        .position(|s| s.field(id).is_some())
        .unwrap_or(0);
    Problem {
        section,
        field: Some(id),
        message,
    }
}

/// The review both wizards show: the problems (or that all is well), summary lines, the CLI line
/// that sends exactly this request, and the request's JSON.
pub fn review(
    form: &Form,
    problems: &[Problem],
    ok: &str,
    blocked: &str,
    summary: Vec<String>,
    operation: Operation,
    request: &serde_json::Value,
) -> Vec<ReviewLine> {
    let mut out = Vec::new();
    if problems.is_empty() {
        out.push(ReviewLine::Ok(ok.to_string()));
    } else {
        let n = problems.len();
        out.push(ReviewLine::Heading(format!(
            "{n} problem{} — {blocked} is blocked until they are fixed",
            plural(n)
        )));
        for p in problems {
            let at = place(form, p);
            out.push(ReviewLine::Problem(if at.is_empty() {
                p.message.clone()
            } else {
                format!("{at}: {}", p.message)
            }));
        }
    }
    out.push(ReviewLine::Blank);
    out.extend(summary.into_iter().map(ReviewLine::Info));
    out.push(ReviewLine::Blank);
    out.push(ReviewLine::Info("AWS CLI:".to_string()));
    out.push(ReviewLine::Code(cli_line(operation, request)));
    out.push(ReviewLine::Blank);
    out.push(ReviewLine::Info(format!(
        "{} request:",
        operation.iam_action()
    )));
    let pretty = serde_json::to_string_pretty(request).unwrap_or_else(|_| request.to_string());
    out.extend(pretty.lines().map(|l| ReviewLine::Code(l.to_string())));
    out
}

/// `aws ecs create-service --cli-input-json '{…}'`: sends exactly the reviewed body.
pub fn cli_line(operation: Operation, request: &serde_json::Value) -> String {
    crate::domain::service_request::cli_input_json(operation, request)
}

/// A section of fields, for the wizards' section lists.
pub fn section(kind: &'static str, title: &str, fields: Vec<Field>) -> Section {
    Section::new(kind, title, fields)
}

#[cfg(test)]
#[path = "launch_fixtures.rs"]
pub(crate) mod fixtures;
