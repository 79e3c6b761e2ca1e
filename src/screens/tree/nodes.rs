//! The resource tree as data: nodes in one vector (children by index), what each shows and
//! loads, and the findings of the revision, recomputed as lookups tell more (a log group that
//! is missing, an image tag that is not in ECR, a task role allowing `*`).

use crate::domain::console_url::ConsoleTarget;
use crate::domain::findings::{self, Context};
use crate::domain::images::ecr_in_region;
use crate::model::resources::{Lookup, LookupAnswer, Presence};
use crate::model::service::{Service, revision_label};
use crate::model::{AwsError, TaskDefinition};
use crate::widgets::format::utc_date_time;

/// Whether a node's resource is there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NodeState {
    /// Text, not a resource (a policy statement, a rule's fix).
    Info,
    Loading,
    Present,
    Missing(String),
    /// Not readable: the IAM action that was denied.
    Denied(String),
    /// The lookup failed (throttled, a dropped link): `r` tries again.
    Failed(String),
}

/// The tecs view Enter opens for a node.
#[derive(Debug, Clone, PartialEq)]
pub enum Jump {
    Revision { arn: String },
    Service(Box<Service>),
    Cluster { name: String },
    ServiceLogs { cluster: String, service: String },
    Namespaces,
}

/// One node.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub depth: u16,
    /// What it is: `task role`, `container`, `image`, …
    pub kind: String,
    pub name: String,
    /// One line after the name.
    pub detail: String,
    pub state: NodeState,
    pub expanded: bool,
    pub children: Vec<usize>,
    /// What expanding it loads (once).
    pub lookup: Option<Lookup>,
    /// The lookup in flight.
    pub ticket: Option<u64>,
    pub jump: Option<Jump>,
    /// What `y` copies.
    pub arn: Option<String>,
    pub console: Option<ConsoleTarget>,
    /// The task role of the revision (its policies feed the findings).
    pub task_role: bool,
}

impl Node {
    pub fn new(kind: &str, name: impl Into<String>) -> Self {
        Self {
            depth: 0,
            kind: kind.to_string(),
            name: name.into(),
            detail: String::new(),
            state: NodeState::Present,
            expanded: false,
            children: Vec::new(),
            lookup: None,
            ticket: None,
            jump: None,
            arn: None,
            console: None,
            task_role: false,
        }
    }

    pub fn info(text: impl Into<String>) -> Self {
        Self {
            state: NodeState::Info,
            ..Self::new("", text)
        }
    }

    fn loading(mut self, lookup: Lookup) -> Self {
        self.state = NodeState::Loading;
        self.lookup = Some(lookup);
        self
    }

    /// Whether it has (or will have) children to show.
    pub fn expandable(&self) -> bool {
        !self.children.is_empty() || self.state == NodeState::Loading
    }
}

/// The whole tree.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Tree {
    pub nodes: Vec<Node>,
    /// The revision's JSON, once described (for the findings).
    revision: Option<serde_json::Value>,
    findings_node: Option<usize>,
    /// What the lookups told the findings.
    pub context: Context,
    /// The service whose tree this is (its cluster and name): a log group opens its logs.
    service: Option<(String, String)>,
}

impl Tree {
    /// A tree with one root.
    pub fn with_root(root: Node) -> Self {
        let mut tree = Tree::default();
        let mut root = root;
        root.expanded = true;
        tree.nodes.push(root);
        tree
    }

    /// Adds `node` under `parent`; returns its index.
    pub fn add(&mut self, parent: usize, mut node: Node) -> usize {
        let index = self.nodes.len();
        node.depth = self
            .nodes
            .get(parent)
            .map_or(0, |p| p.depth.saturating_add(1));
        self.nodes.push(node);
        if let Some(p) = self.nodes.get_mut(parent) {
            p.children.push(index);
        }
        index
    }

    /// The rows on screen: every node whose ancestors are all expanded, depth first.
    pub fn visible(&self) -> Vec<usize> {
        let mut out = Vec::new();
        let mut stack = vec![0usize];
        while let Some(i) = stack.pop() {
            let Some(node) = self.nodes.get(i) else {
                continue;
            };
            out.push(i);
            if node.expanded {
                stack.extend(node.children.iter().rev());
            }
        }
        out
    }

    /// Lookups of visible nodes that have not started: what to load now.
    pub fn due(&self) -> Vec<(usize, Lookup)> {
        self.visible()
            .into_iter()
            .filter_map(|i| {
                let n = self.nodes.get(i)?;
                (n.state == NodeState::Loading && n.ticket.is_none())
                    .then(|| n.lookup.clone().map(|l| (i, l)))?
            })
            .collect()
    }

    /// The service's nodes under `parent`: its cluster, revision (expanded once described),
    /// network, role, load balancers and namespace.
    pub fn add_service(&mut self, parent: usize, s: &Service) {
        let cluster = s.cluster_arn.rsplit('/').next().unwrap_or(&s.cluster_arn);
        let mut c = Node::new("cluster", cluster);
        c.jump = Some(Jump::Cluster {
            name: cluster.to_string(),
        });
        c.arn = Some(s.cluster_arn.clone());
        c.console = Some(ConsoleTarget::Cluster {
            cluster: cluster.to_string(),
        });
        self.add(parent, c);

        let mut td = Node::new("task definition", revision_label(&s.task_definition));
        td.state = NodeState::Loading;
        td.expanded = true;
        td.jump = Some(Jump::Revision {
            arn: s.task_definition.clone(),
        });
        td.arn = Some(s.task_definition.clone());
        td.console = crate::model::RevisionRef::from_arn(&s.task_definition, "").map(|r| {
            ConsoleTarget::Revision {
                family: r.family,
                revision: r.revision,
            }
        });
        self.add(parent, td);

        match &s.network {
            Some(net) => {
                let mut n = Node::new(
                    "network",
                    format!(
                        "{}, {}",
                        plural(net.subnets.len(), "subnet"),
                        plural(net.security_groups.len(), "security group")
                    ),
                )
                .loading(Lookup::Network {
                    subnets: net.subnets.clone(),
                    groups: net.security_groups.clone(),
                });
                n.detail = format!(
                    "public IP {}",
                    net.assign_public_ip.as_deref().unwrap_or("DISABLED")
                );
                self.add(parent, n);
            }
            None => {
                self.add(
                    parent,
                    Node::info("network: not awsvpc (the host's or the bridge network)"),
                );
            }
        }

        let role_arn = s.role_arn.clone().unwrap_or_else(|| {
            let account = s.arn.split(':').nth(4).unwrap_or("ACCOUNT");
            format!(
                "arn:aws:iam::{account}:role/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS"
            )
        });
        let role_name = role_arn.rsplit('/').next().unwrap_or("").to_string();
        let mut role = Node::new("service role", &role_name).loading(Lookup::Role {
            arn: role_arn.clone(),
        });
        role.arn = Some(role_arn);
        role.console = Some(ConsoleTarget::Role { name: role_name });
        self.add(parent, role);

        if s.load_balancers.is_empty() {
            self.add(parent, Node::info("load balancers: none"));
        }
        for lb in &s.load_balancers {
            let target = format!(
                "{}:{}",
                lb.container_name.as_deref().unwrap_or("?"),
                lb.container_port.map_or("?".into(), |p| p.to_string())
            );
            match &lb.target_group_arn {
                Some(arn) => {
                    let name = arn.split('/').nth(1).unwrap_or(arn);
                    let mut n = Node::new("target group", name)
                        .loading(Lookup::TargetGroup { arn: arn.clone() });
                    n.detail = format!("→ {target}");
                    n.arn = Some(arn.clone());
                    n.console = Some(ConsoleTarget::TargetGroup { arn: arn.clone() });
                    self.add(parent, n);
                }
                None => {
                    let mut n = Node::new(
                        "classic load balancer",
                        lb.load_balancer_name.clone().unwrap_or_default(),
                    );
                    n.detail = format!("→ {target}");
                    self.add(parent, n);
                }
            }
        }
        match &s.service_connect {
            Some(sc) if sc.enabled => {
                let mut n = Node::new(
                    "namespace",
                    sc.namespace
                        .clone()
                        .unwrap_or_else(|| "(the cluster's default)".into()),
                );
                n.jump = Some(Jump::Namespaces);
                let i = self.add(parent, n);
                for line in &sc.services {
                    self.add(i, Node::info(format!("discovery: {line}")));
                }
            }
            _ => {
                self.add(parent, Node::info("namespace: Service Connect is off"));
            }
        }
        // Cloud Map service discovery (registries), beside or instead of Service Connect.
        let registries = s
            .json
            .value()
            .get("serviceRegistries")
            .and_then(|r| r.as_array())
            .cloned()
            .unwrap_or_default();
        for r in registries {
            let Some(arn) = r.get("registryArn").and_then(|v| v.as_str()) else {
                continue;
            };
            let mut n = Node::new("discovery service", arn.rsplit('/').next().unwrap_or(arn));
            n.arn = Some(arn.to_string());
            n.jump = Some(Jump::Namespaces);
            if let Some(port) = r.get("containerPort").and_then(|v| v.as_i64()) {
                n.detail = format!(
                    "→ {}:{port}",
                    r.get("containerName")
                        .and_then(|v| v.as_str())
                        .unwrap_or("?")
                );
            }
            self.add(parent, n);
        }
        self.context.load_balanced = Some(!s.load_balancers.is_empty());
        self.service = Some((s.cluster_arn.clone(), s.name.clone()));
        self.refresh_findings();
    }

    /// The revision's nodes under `parent` (its roles, containers with image and log group,
    /// findings).
    pub fn add_revision(&mut self, parent: usize, td: &TaskDefinition) {
        if let Some(p) = self.nodes.get_mut(parent) {
            p.state = NodeState::Present;
            p.detail = format!(
                "{} · {} · {}",
                td.status,
                td.network_mode.as_deref().unwrap_or("bridge"),
                td.platform()
            );
        }
        for (kind, arn, is_task) in [
            ("task role", &td.task_role, true),
            ("execution role", &td.execution_role, false),
        ] {
            match arn {
                Some(arn) => {
                    let name = arn.rsplit('/').next().unwrap_or(arn);
                    let mut n = Node::new(kind, name).loading(Lookup::Role { arn: arn.clone() });
                    n.arn = Some(arn.clone());
                    n.console = Some(ConsoleTarget::Role {
                        name: name.to_string(),
                    });
                    n.task_role = is_task;
                    self.add(parent, n);
                }
                None => {
                    self.add(parent, Node::info(format!("{kind}: none")));
                }
            }
        }
        let containers = td
            .json
            .get("containerDefinitions")
            .and_then(|v| v.as_array())
            .cloned()
            .unwrap_or_default();
        for c in &containers {
            let name = c.get("name").and_then(|v| v.as_str()).unwrap_or("?");
            let mut node = Node::new("container", name);
            node.expanded = true;
            if c.get("essential").and_then(|v| v.as_bool()) == Some(false) {
                node.detail = "not essential".into();
            }
            let ci = self.add(parent, node);
            let image = c.get("image").and_then(|v| v.as_str()).unwrap_or_default();
            let image_node = match ecr_in_region(image, region_of(&td.arn)) {
                Some((registry, repository, tag)) => {
                    // The registry host is the same for every image of the account: the
                    // repository and tag are what tell them apart (`y` copies the whole).
                    let console = registry
                        .clone()
                        .map(|registry| ConsoleTarget::EcrRepository {
                            registry,
                            repository: repository.clone(),
                        });
                    let mut n =
                        Node::new("image", format!("{repository}:{tag}")).loading(Lookup::Image {
                            registry,
                            repository,
                            tag,
                        });
                    n.arn = Some(image.to_string());
                    n.console = console;
                    n
                }
                _ => {
                    let mut n = Node::new("image", image);
                    n.state = NodeState::Info;
                    n.detail = "not in this region's ECR: not looked up".into();
                    // `y` copies any image's reference, looked up or not.
                    n.arn = Some(image.to_string());
                    n
                }
            };
            self.add(ci, image_node);
            let log = c.get("logConfiguration");
            let driver = log
                .and_then(|l| l.get("logDriver"))
                .and_then(|v| v.as_str());
            let group = log
                .and_then(|l| l.get("options"))
                .and_then(|o| o.get("awslogs-group"))
                .and_then(|v| v.as_str());
            let log_region = log
                .and_then(|l| l.get("options"))
                .and_then(|o| o.get("awslogs-region"))
                .and_then(|v| v.as_str())
                .filter(|r| *r != region_of(&td.arn));
            match (driver, group) {
                (Some("awslogs"), Some(group)) if log_region.is_some() => {
                    let mut n = Node::new("log group", group);
                    n.state = NodeState::Info;
                    n.detail = format!(
                        "in {}: not looked up from this region",
                        log_region.unwrap_or_default()
                    );
                    self.add(ci, n);
                }
                (Some("awslogs"), Some(group)) => {
                    let mut n = Node::new("log group", group).loading(Lookup::LogGroup {
                        name: group.to_string(),
                    });
                    n.console = Some(ConsoleTarget::LogGroup {
                        group: group.to_string(),
                    });
                    n.jump = self
                        .service
                        .clone()
                        .map(|(cluster, service)| Jump::ServiceLogs { cluster, service });
                    self.add(ci, n);
                }
                (Some(driver), _) => {
                    self.add(ci, Node::info(format!("logs: the {driver} driver")));
                }
                (None, _) => {
                    self.add(ci, Node::info("logs: no log configuration"));
                }
            }
        }
        let mut f = Node::new("findings", "");
        f.expanded = true;
        f.state = NodeState::Info;
        let fi = self.add(parent, f);
        self.findings_node = Some(fi);
        self.revision = Some(td.json.clone());
        self.refresh_findings();
    }

    /// A lookup answered: the node's state, detail and children; then the findings again.
    pub fn apply(&mut self, node: usize, result: Result<LookupAnswer, AwsError>) {
        let Some(n) = self.nodes.get_mut(node) else {
            return;
        };
        n.ticket = None;
        let answer = match result {
            Ok(a) => a,
            Err(e) => {
                n.state = NodeState::Failed(e.to_string());
                return;
            }
        };
        let task_role = n.task_role;
        let mut children: Vec<Node> = Vec::new();
        let name = n.name.clone();
        let state = |p: &Presence<()>| match p {
            Presence::Present(()) => NodeState::Present,
            Presence::Missing(why) => NodeState::Missing(why.clone()),
            Presence::Denied(action) => NodeState::Denied(action.clone()),
        };
        let (new_state, detail) = match answer {
            LookupAnswer::Role(p) => match p {
                Presence::Present(info) => {
                    let stars = info.star_statements();
                    for policy in &info.policies {
                        let mut pn = Node::new("policy", &policy.name);
                        pn.detail = policy.kind.to_string();
                        if let Some(why) = &policy.unreadable {
                            pn.state = NodeState::Failed(why.clone());
                        }
                        children.push(pn);
                        for st in &policy.statements {
                            children.push(Node::info(format!("  {st}")));
                        }
                    }
                    if task_role {
                        self.context.star_actions = stars;
                    }
                    n.arn = Some(info.arn.clone());
                    (
                        NodeState::Present,
                        match info.policies.len() {
                            1 => "1 policy".to_string(),
                            n => format!("{n} policies"),
                        },
                    )
                }
                other => (state(&erase(&other)), String::new()),
            },
            LookupAnswer::Image(p) => match p {
                Presence::Present(info) => {
                    let mut parts = Vec::new();
                    if let Some(at) = info.pushed_at {
                        parts.push(format!("pushed {}", utc_date_time(at)));
                    }
                    if let Some(size) = info.size_bytes {
                        parts.push(format!("{:.1} MB", size as f64 / 1_000_000.0));
                    }
                    if let Some(d) = &info.digest {
                        children.push(Node::info(format!("digest {d}")));
                    }
                    children.push(Node::info(format!(
                        "scan: {}",
                        info.scan.as_deref().unwrap_or("no scan results")
                    )));
                    self.context
                        .missing_images
                        .retain(|m| m != &format!("{}:{}", info.repository, info.tag));
                    (NodeState::Present, parts.join(" · "))
                }
                Presence::Missing(why) => {
                    if let Some(Lookup::Image {
                        repository, tag, ..
                    }) = &n.lookup
                    {
                        let key = format!("{repository}:{tag}");
                        if !self.context.missing_images.contains(&key) {
                            self.context.missing_images.push(key);
                        }
                    }
                    (NodeState::Missing(why), String::new())
                }
                Presence::Denied(a) => (NodeState::Denied(a), String::new()),
            },
            LookupAnswer::LogGroup(p) => match p {
                Presence::Present(info) => {
                    self.context.missing_log_groups.retain(|g| g != &info.name);
                    let mut parts = vec![match info.retention_days {
                        Some(d) => format!("retention {d} days"),
                        None => "kept forever".to_string(),
                    }];
                    if let Some(b) = info.stored_bytes {
                        parts.push(format!("{:.1} MB stored", b as f64 / 1_000_000.0));
                    }
                    parts.push(match info.last_event {
                        Some(at) => format!("last event {}", utc_date_time(at)),
                        None => "no events yet".into(),
                    });
                    (NodeState::Present, parts.join(" · "))
                }
                Presence::Missing(why) => {
                    if !self.context.missing_log_groups.contains(&name) {
                        self.context.missing_log_groups.push(name.clone());
                    }
                    (NodeState::Missing(why), String::new())
                }
                Presence::Denied(a) => (NodeState::Denied(a), String::new()),
            },
            LookupAnswer::Network(items) => {
                for (id, p) in items {
                    match p {
                        Presence::Present(item) => {
                            let mut c = Node::new(item.kind, &id);
                            c.detail = item.summary.clone();
                            c.console = Some(if item.kind == "subnet" {
                                ConsoleTarget::Subnet { id: id.clone() }
                            } else {
                                ConsoleTarget::SecurityGroup { id: id.clone() }
                            });
                            children.push(c);
                            for rule in &item.inbound {
                                children.push(Node::info(format!("  inbound {rule}")));
                            }
                            if item.kind == "security group" && item.inbound.is_empty() {
                                children
                                    .push(Node::info("  no inbound rules: nothing can connect"));
                            }
                        }
                        other => {
                            let mut c = Node::new("", &id);
                            c.state = state(&erase(&other));
                            children.push(c);
                        }
                    }
                }
                (NodeState::Present, String::new())
            }
            LookupAnswer::TargetGroup(p) => match p {
                Presence::Present(info) => {
                    if info.listeners.is_empty() {
                        children.push(Node::info("no load balancer uses it"));
                    }
                    for l in &info.listeners {
                        children.push(Node::info(format!("listener {l}")));
                    }
                    if info.targets.is_empty() {
                        children.push(Node::info("no targets registered"));
                    }
                    for t in &info.targets {
                        children.push(Node::info(format!("target {t}")));
                    }
                    (
                        NodeState::Present,
                        format!("{} · {}", info.summary, n.detail),
                    )
                }
                other => (state(&erase(&other)), String::new()),
            },
        };
        if let Some(n) = self.nodes.get_mut(node) {
            n.state = new_state;
            if !detail.is_empty() {
                n.detail = detail;
            }
        }
        for child in children {
            // Indented info lines are the previous node's: put them one level deeper.
            let parent = if child.state == NodeState::Info && child.name.starts_with("  ") {
                self.nodes
                    .get(node)
                    .and_then(|n| n.children.last().copied())
                    .unwrap_or(node)
            } else {
                node
            };
            let mut child = child;
            child.name = child.name.trim_start().to_string();
            self.add(parent, child);
        }
        self.refresh_findings();
    }

    /// Rebuilds the findings node's children from the revision and what is known now.
    fn refresh_findings(&mut self) {
        let (Some(fi), Some(json)) = (self.findings_node, &self.revision) else {
            return;
        };
        let found = findings::check(json, &self.context);
        // The old finding rows are dropped from the tree (their slots stay, unreachable).
        if let Some(f) = self.nodes.get_mut(fi) {
            f.children.clear();
            f.name = match found.len() {
                0 => "none".into(),
                1 => "1 to fix".into(),
                n => format!("{n} to fix"),
            };
        }
        for finding in found {
            let mut n = Node::new(finding.rule.severity.label(), finding.rule.title);
            n.detail = match &finding.container {
                Some(c) => format!("{c} · {}", finding.detail),
                None => finding.detail.clone(),
            };
            n.state = NodeState::Info;
            let i = self.add(fi, n);
            self.add(i, Node::info(format!("field: {}", finding.field)));
            self.add(i, Node::info(format!("fix: {}", finding.rule.fix)));
        }
    }
}

/// The presence without its value, for the state.
fn erase<T>(p: &Presence<T>) -> Presence<()> {
    match p {
        Presence::Present(_) => Presence::Present(()),
        Presence::Missing(w) => Presence::Missing(w.clone()),
        Presence::Denied(a) => Presence::Denied(a.clone()),
    }
}

/// The region of an ARN (`arn:aws:ecs:REGION:…`).
fn region_of(arn: &str) -> &str {
    arn.split(':').nth(3).unwrap_or_default()
}

/// `1 subnet`, `2 subnets`.
fn plural(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}
