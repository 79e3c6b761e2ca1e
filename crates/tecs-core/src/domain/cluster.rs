//! Creating, changing and deleting clusters as plain data: the create-cluster form's spec, its
//! validation, the plan of exact requests the review step shows (and the AWS layer sends), the
//! settings-change requests, and what blocks a delete.

use serde_json::{Map, Value, json};

use super::names::validate_cluster_name;
use super::namespace::{create_http_namespace_request, validate_namespace_name};
use super::request::{Operation, PlannedRequest, shell_quote, validate_tags};
use crate::model::StrategyItem;

/// Longest capacity provider name.
pub const MAX_CAPACITY_PROVIDER_NAME: usize = 255;
/// Prefixes AWS reserves for its own capacity providers (checked without regard to case).
pub const RESERVED_CAPACITY_PROVIDER_PREFIXES: [&str; 3] = ["aws", "ecs", "fargate"];
/// The IAM role the console proposes for ECS Anywhere instances.
pub const DEFAULT_ANYWHERE_ROLE: &str = "ecsAnywhereRole";
/// SSM's own limit on how many instances one activation may register.
pub const MAX_REGISTRATION_LIMIT: i32 = 1000;
/// Managed scaling aims at this cluster utilisation; 100 is the console's default (no spare room).
pub const MANAGED_SCALING_TARGET: i32 = 100;
/// A capacity provider strategy holds at most this many providers.
pub const MAX_STRATEGY_PROVIDERS: usize = 20;
/// Strategy weight range.
pub const MAX_STRATEGY_WEIGHT: i32 = 1000;
/// Strategy base range.
pub const MAX_STRATEGY_BASE: i32 = 100_000;

/// Where the cluster's tasks run, as the console offers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Infrastructure {
    /// AWS Fargate: nothing to manage. `spot` adds FARGATE_SPOT next to FARGATE.
    Fargate { spot: bool },
    /// EC2 instances of an existing Auto Scaling group, wrapped in a new capacity provider.
    Ec2 {
        /// ARN (or name) of the Auto Scaling group.
        asg_arn: String,
        capacity_provider_name: String,
        /// Let ECS scale the group to the tasks' needs.
        managed_scaling: bool,
    },
    /// ECS Anywhere: servers register themselves with an SSM activation made after the cluster.
    External {
        /// Role the registered instances assume (`ecsAnywhereRole` by default).
        iam_role: String,
        /// How many instances the activation may register.
        registration_limit: i32,
    },
}

impl Default for Infrastructure {
    fn default() -> Self {
        Self::Fargate { spot: true }
    }
}

impl Infrastructure {
    /// External instances with the console's defaults (ecsAnywhereRole, one instance).
    pub fn external_default() -> Self {
        Self::External {
            iam_role: DEFAULT_ANYWHERE_ROLE.to_string(),
            registration_limit: 1,
        }
    }

    /// What the wizard and review show.
    pub fn label(&self) -> &'static str {
        match self {
            Self::Fargate { .. } => "AWS Fargate",
            Self::Ec2 { .. } => "Amazon EC2 instances",
            Self::External { .. } => "External instances (ECS Anywhere)",
        }
    }
}

/// CloudWatch Container Insights (`containerInsights` cluster setting).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ContainerInsights {
    #[default]
    Disabled,
    Enabled,
    /// Container Insights with enhanced observability (per-container metrics).
    Enhanced,
}

impl ContainerInsights {
    /// Every choice, in the order the wizard lists them.
    pub const ALL: [Self; 3] = [Self::Disabled, Self::Enabled, Self::Enhanced];

    /// The setting's value as the API spells it.
    pub fn as_api(self) -> &'static str {
        match self {
            Self::Disabled => "disabled",
            Self::Enabled => "enabled",
            Self::Enhanced => "enhanced",
        }
    }

    /// From the API's value; unknown values are `None`.
    pub fn from_api(value: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|v| v.as_api() == value)
    }

    /// Why the choice matters, for the wizard: it is billed separately.
    pub fn note(self) -> &'static str {
        match self {
            Self::Disabled => "no Container Insights metrics",
            Self::Enabled => {
                "CloudWatch collects cluster, service and task metrics; billed as custom metrics and logs"
            }
            Self::Enhanced => {
                "adds per-container metrics and curated dashboards; costs more than enabled"
            }
        }
    }
}

/// The cluster's default Service Connect namespace.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum DefaultNamespace {
    #[default]
    None,
    /// A Cloud Map namespace that already exists, by ARN or name.
    Existing(String),
    /// A new HTTP namespace created just before the cluster.
    NewHttp {
        name: String,
        description: Option<String>,
    },
}

/// Everything the create-cluster wizard collects.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CreateClusterSpec {
    pub name: String,
    pub infrastructure: Infrastructure,
    pub monitoring: ContainerInsights,
    pub namespace: DefaultNamespace,
    pub tags: Vec<(String, String)>,
}

impl CreateClusterSpec {
    /// Every problem with the spec, in form order; empty when it can be sent.
    /// `existing_cluster_names` are the region's clusters: CreateCluster on an existing name would
    /// silently return (AWS) or replace (the emulator) that cluster, so it is refused here.
    pub fn validate(&self, existing_cluster_names: &[String]) -> Vec<String> {
        let mut errors = Vec::new();
        if let Err(e) = validate_cluster_name(&self.name) {
            errors.push(e);
        } else if existing_cluster_names.iter().any(|n| n == &self.name) {
            errors.push(format!(
                "a cluster named {} already exists in this region",
                self.name
            ));
        }
        match &self.infrastructure {
            Infrastructure::Fargate { .. } => {}
            Infrastructure::Ec2 {
                asg_arn,
                capacity_provider_name,
                ..
            } => {
                if asg_arn.trim().is_empty() {
                    errors.push("choose an Auto Scaling group for the EC2 capacity".to_string());
                }
                if let Err(e) = validate_capacity_provider_name(capacity_provider_name) {
                    errors.push(e);
                }
            }
            Infrastructure::External {
                iam_role,
                registration_limit,
            } => {
                if let Err(e) = validate_role_name(iam_role) {
                    errors.push(e);
                }
                if !(1..=MAX_REGISTRATION_LIMIT).contains(registration_limit) {
                    errors.push(format!(
                        "the number of instances must be 1 to {MAX_REGISTRATION_LIMIT}"
                    ));
                }
            }
        }
        match &self.namespace {
            DefaultNamespace::None => {}
            DefaultNamespace::Existing(ns) => {
                if ns.trim().is_empty() {
                    errors.push("choose the existing namespace".to_string());
                }
            }
            DefaultNamespace::NewHttp { name, description } => {
                if let Err(e) = validate_namespace_name(name, false) {
                    errors.push(e);
                }
                if let Some(e) = description
                    .as_deref()
                    .and_then(super::namespace::validate_description)
                {
                    errors.push(e);
                }
            }
        }
        errors.extend(validate_tags(&self.tags));
        errors
    }

    /// The requests that create this cluster, in the order they are sent: the new namespace and
    /// capacity provider first (CreateCluster refers to them), the SSM activation last (it
    /// registers instances into the cluster).
    pub fn plan(&self) -> Vec<PlannedRequest> {
        let mut plan = Vec::new();
        if let DefaultNamespace::NewHttp { name, description } = &self.namespace {
            plan.push(create_http_namespace_request(
                name,
                description.as_deref(),
                &[],
            ));
        }
        if let Infrastructure::Ec2 {
            asg_arn,
            capacity_provider_name,
            managed_scaling,
        } = &self.infrastructure
        {
            plan.push(create_capacity_provider_request(
                capacity_provider_name,
                asg_arn,
                *managed_scaling,
            ));
        }
        plan.push(self.create_cluster_request());
        if let Infrastructure::External {
            iam_role,
            registration_limit,
        } = &self.infrastructure
        {
            plan.push(create_activation_request(
                &self.name,
                iam_role,
                *registration_limit,
            ));
        }
        plan
    }

    /// The capacity providers and default strategy the cluster starts with.
    pub fn capacity(&self) -> (Vec<String>, Vec<StrategyItem>) {
        let item = |provider: &str| StrategyItem {
            provider: provider.to_string(),
            weight: 1,
            base: 0,
        };
        match &self.infrastructure {
            // FARGATE_SPOT is made available to services, but the default stays on-demand: Spot
            // tasks can be interrupted, which must be a deliberate choice per service.
            Infrastructure::Fargate { spot } => {
                let mut providers = vec!["FARGATE".to_string()];
                if *spot {
                    providers.push("FARGATE_SPOT".to_string());
                }
                (providers, vec![item("FARGATE")])
            }
            Infrastructure::Ec2 {
                capacity_provider_name,
                ..
            } => (
                vec![capacity_provider_name.clone()],
                vec![item(capacity_provider_name)],
            ),
            // External instances use the EXTERNAL launch type, not capacity providers.
            Infrastructure::External { .. } => (Vec::new(), Vec::new()),
        }
    }

    /// The CreateCluster request. A new namespace is named by its name, as the CLI would have
    /// to; the AWS layer sends the ARN it got back instead (see the request's note).
    pub fn create_cluster_request(&self) -> PlannedRequest {
        let mut body = Map::new();
        body.insert("clusterName".into(), json!(self.name));
        body.insert(
            "settings".into(),
            json!([{"name": "containerInsights", "value": self.monitoring.as_api()}]),
        );
        let (providers, strategy) = self.capacity();
        if !providers.is_empty() {
            body.insert("capacityProviders".into(), json!(providers));
            body.insert(
                "defaultCapacityProviderStrategy".into(),
                strategy_json(&strategy),
            );
        }
        let namespace = match &self.namespace {
            DefaultNamespace::None => None,
            DefaultNamespace::Existing(ns) => Some(ns.as_str()),
            DefaultNamespace::NewHttp { name, .. } => Some(name.as_str()),
        };
        if let Some(ns) = namespace {
            body.insert("serviceConnectDefaults".into(), json!({"namespace": ns}));
        }
        if !self.tags.is_empty() {
            body.insert("tags".into(), ecs_tags(&self.tags));
        }
        let request = PlannedRequest::new(
            Operation::CreateCluster,
            format!("Create cluster {}", self.name),
            Value::Object(body),
        );
        match &self.namespace {
            DefaultNamespace::NewHttp { name, .. } => request.with_note(format!(
                "tecs sends the ARN of the namespace {name} created by the step before; AWS \
                 treats the name and the ARN alike"
            )),
            _ => request,
        }
    }
}

/// Checks a capacity provider name: 1-255 letters, digits, `-` and `_`, not starting with `aws`,
/// `ecs` or `fargate` in any case (AWS keeps those for its own providers).
pub fn validate_capacity_provider_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("capacity provider name is required".to_string());
    }
    if name.chars().count() > MAX_CAPACITY_PROVIDER_NAME {
        return Err(format!(
            "capacity provider name is longer than {MAX_CAPACITY_PROVIDER_NAME} characters"
        ));
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || *c == '-' || *c == '_'))
    {
        return Err(format!(
            "capacity provider name may contain only letters, digits, hyphens and underscores (not {bad:?})"
        ));
    }
    let lower = name.to_ascii_lowercase();
    if let Some(prefix) = RESERVED_CAPACITY_PROVIDER_PREFIXES
        .iter()
        .find(|p| lower.starts_with(*p))
    {
        return Err(format!(
            "capacity provider name may not start with {prefix:?} (reserved by AWS)"
        ));
    }
    Ok(())
}

/// Checks an IAM role name: 1-64 letters, digits and `+ = , . @ _ -`.
pub fn validate_role_name(name: &str) -> Result<(), String> {
    if name.is_empty() {
        return Err("IAM role name is required".to_string());
    }
    if name.chars().count() > 64 {
        return Err("IAM role name is longer than 64 characters".to_string());
    }
    if let Some(bad) = name
        .chars()
        .find(|c| !(c.is_ascii_alphanumeric() || "+=,.@_-".contains(*c)))
    {
        return Err(format!("IAM role name may not contain {bad:?}"));
    }
    Ok(())
}

/// Checks a cluster's capacity providers and default strategy before PutClusterCapacityProviders:
/// every strategy entry must name one of the providers, once; weights 0-1000 with at least one
/// above 0; bases 0-100000 on at most one entry; Fargate and Auto Scaling group providers cannot
/// be mixed in one strategy.
pub fn validate_capacity_providers(providers: &[String], strategy: &[StrategyItem]) -> Vec<String> {
    let mut errors = Vec::new();
    for (i, p) in providers.iter().enumerate() {
        if p.is_empty() {
            errors.push("a capacity provider name is empty".to_string());
        } else if providers[..i].contains(p) {
            errors.push(format!("capacity provider {p} is listed twice"));
        }
    }
    if strategy.len() > MAX_STRATEGY_PROVIDERS {
        errors.push(format!(
            "a strategy holds at most {MAX_STRATEGY_PROVIDERS} capacity providers"
        ));
    }
    for (i, item) in strategy.iter().enumerate() {
        if !providers.contains(&item.provider) {
            errors.push(format!(
                "the strategy uses {}, which is not one of the cluster's capacity providers",
                item.provider
            ));
        }
        if strategy[..i].iter().any(|s| s.provider == item.provider) {
            errors.push(format!("{} appears twice in the strategy", item.provider));
        }
        if !(0..=MAX_STRATEGY_WEIGHT).contains(&item.weight) {
            errors.push(format!(
                "{}: weight must be 0 to {MAX_STRATEGY_WEIGHT}",
                item.provider
            ));
        }
        if !(0..=MAX_STRATEGY_BASE).contains(&item.base) {
            errors.push(format!(
                "{}: base must be 0 to {MAX_STRATEGY_BASE}",
                item.provider
            ));
        }
    }
    if !strategy.is_empty() && strategy.iter().all(|s| s.weight == 0) {
        errors.push("at least one strategy entry needs a weight above 0".to_string());
    }
    if strategy.iter().filter(|s| s.base > 0).count() > 1 {
        errors.push("only one strategy entry may have a base above 0".to_string());
    }
    let is_fargate = |p: &str| p == "FARGATE" || p == "FARGATE_SPOT";
    if strategy.iter().any(|s| is_fargate(&s.provider))
        && strategy.iter().any(|s| !is_fargate(&s.provider))
    {
        errors.push(
            "a strategy cannot mix FARGATE/FARGATE_SPOT with Auto Scaling group providers"
                .to_string(),
        );
    }
    errors
}

/// The CreateCapacityProvider request for an existing Auto Scaling group. Managed termination
/// protection stays off: it requires scale-in protection on the group, which tecs does not set.
pub fn create_capacity_provider_request(
    name: &str,
    asg_arn: &str,
    managed_scaling: bool,
) -> PlannedRequest {
    let scaling = if managed_scaling {
        json!({"status": "ENABLED", "targetCapacity": MANAGED_SCALING_TARGET})
    } else {
        json!({"status": "DISABLED"})
    };
    PlannedRequest::new(
        Operation::CreateCapacityProvider,
        format!("Create capacity provider {name} for the Auto Scaling group"),
        json!({
            "name": name,
            "autoScalingGroupProvider": {
                "autoScalingGroupArn": asg_arn,
                "managedScaling": scaling,
                "managedTerminationProtection": "DISABLED",
            },
        }),
    )
}

/// The SSM CreateActivation request for ECS Anywhere instances of `cluster`.
pub fn create_activation_request(
    cluster: &str,
    iam_role: &str,
    registration_limit: i32,
) -> PlannedRequest {
    PlannedRequest::new(
        Operation::CreateActivation,
        format!("Create an SSM activation for ECS Anywhere instances of {cluster}"),
        json!({
            "Description": format!("ECS Anywhere instances for cluster {cluster}"),
            "IamRole": iam_role,
            "RegistrationLimit": registration_limit,
        }),
    )
    .with_note(
        "the activation code is shown once and expires after 24 hours; copy the registration \
         command when it appears",
    )
}

/// The ECS Anywhere install command an external instance runs to join `cluster`.
pub fn registration_command(
    activation_id: &str,
    activation_code: &str,
    region: &str,
    cluster: &str,
) -> String {
    format!(
        "curl --proto \"https\" -o \"/tmp/ecs-anywhere-install.sh\" \
         \"https://amazon-ecs-agent.s3.amazonaws.com/ecs-anywhere-install-latest.sh\" \
         && bash /tmp/ecs-anywhere-install.sh --region {} --cluster {} --activation-id {} \
         --activation-code {}",
        shell_quote(region),
        shell_quote(cluster),
        shell_quote(activation_id),
        shell_quote(activation_code)
    )
}

fn insights_settings(value: ContainerInsights) -> Value {
    json!([{"name": "containerInsights", "value": value.as_api()}])
}

/// UpdateClusterSettings turning Container Insights to `value`.
pub fn insights_update(cluster: &str, value: ContainerInsights) -> PlannedRequest {
    PlannedRequest::new(
        Operation::UpdateClusterSettings,
        format!("Set Container Insights of {cluster} to {}", value.as_api()),
        json!({"cluster": cluster, "settings": insights_settings(value)}),
    )
    .with_note(value.note())
}

/// The same change through UpdateCluster, for endpoints without UpdateClusterSettings.
pub fn insights_update_via_update_cluster(
    cluster: &str,
    value: ContainerInsights,
) -> PlannedRequest {
    PlannedRequest::new(
        Operation::UpdateCluster,
        format!("Set Container Insights of {cluster} to {}", value.as_api()),
        json!({"cluster": cluster, "settings": insights_settings(value)}),
    )
    .with_note(value.note())
}

/// UpdateCluster setting the default Service Connect namespace (ARN or name); `None` removes it,
/// which the API spells as an empty namespace.
pub fn default_namespace_update(cluster: &str, namespace: Option<&str>) -> PlannedRequest {
    let title = match namespace {
        Some(ns) => format!("Set the default namespace of {cluster} to {ns}"),
        None => format!("Remove the default namespace of {cluster}"),
    };
    PlannedRequest::new(
        Operation::UpdateCluster,
        title,
        json!({"cluster": cluster, "serviceConnectDefaults": {"namespace": namespace.unwrap_or("")}}),
    )
    .with_note("services keep their current namespace until they are redeployed")
}

/// PutClusterCapacityProviders replacing the cluster's providers and default strategy.
pub fn capacity_providers_update(
    cluster: &str,
    providers: &[String],
    strategy: &[StrategyItem],
) -> PlannedRequest {
    PlannedRequest::new(
        Operation::PutClusterCapacityProviders,
        format!("Set the capacity providers of {cluster}"),
        json!({
            "cluster": cluster,
            "capacityProviders": providers,
            "defaultCapacityProviderStrategy": strategy_json(strategy),
        }),
    )
    .with_note(
        "replaces the whole list: a provider left out is removed from the cluster, which fails \
         while tasks or services use it",
    )
}

/// DeleteCluster, for the confirmation dialog.
pub fn delete_cluster_request(cluster: &str) -> PlannedRequest {
    PlannedRequest::new(
        Operation::DeleteCluster,
        format!("Delete cluster {cluster}"),
        json!({"cluster": cluster}),
    )
    .with_note("capacity providers, namespaces and task definitions are kept")
}

fn strategy_json(strategy: &[StrategyItem]) -> Value {
    Value::Array(
        strategy
            .iter()
            .map(|s| json!({"capacityProvider": s.provider, "weight": s.weight, "base": s.base}))
            .collect(),
    )
}

/// ECS spells tag members in lower case.
fn ecs_tags(tags: &[(String, String)]) -> Value {
    Value::Array(
        tags.iter()
            .map(|(k, v)| json!({"key": k, "value": v}))
            .collect(),
    )
}

/// What is still in a cluster, and whether that blocks deleting it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DeletePrecheck {
    pub cluster: String,
    /// Services not yet INACTIVE (ACTIVE or DRAINING), by name.
    pub active_services: Vec<String>,
    /// Tasks whose desired status is RUNNING (running or on their way).
    pub running_tasks: usize,
    /// Registered container instances (EC2 or external), of any status but INACTIVE.
    pub container_instances: usize,
    /// Why DeleteCluster would fail, one line each; empty when it can go ahead.
    pub blockers: Vec<String>,
}

impl DeletePrecheck {
    /// Works out the blockers from what was found, with the fix for each. AWS refuses
    /// DeleteCluster for each of these (ClusterContainsServices/Tasks/ContainerInstances).
    pub fn new(
        cluster: &str,
        active_services: Vec<String>,
        running_tasks: usize,
        container_instances: usize,
    ) -> Self {
        let mut blockers = Vec::new();
        if !active_services.is_empty() {
            let n = active_services.len();
            blockers.push(format!(
                "{n} active service{}: {} (scale to 0 and delete {} first)",
                plural(n),
                active_services.join(", "),
                if n == 1 { "it" } else { "them" }
            ));
        }
        if running_tasks > 0 {
            blockers.push(format!(
                "{running_tasks} task{} running (stop {} first)",
                plural(running_tasks),
                if running_tasks == 1 { "it" } else { "them" }
            ));
        }
        if container_instances > 0 {
            blockers.push(format!(
                "{container_instances} container instance{} registered (deregister {} first)",
                plural(container_instances),
                if container_instances == 1 {
                    "it"
                } else {
                    "them"
                }
            ));
        }
        Self {
            cluster: cluster.to_string(),
            active_services,
            running_tasks,
            container_instances,
            blockers,
        }
    }

    /// Whether DeleteCluster can go ahead.
    pub fn allows_delete(&self) -> bool {
        self.blockers.is_empty()
    }

    /// One line for the dialog: what is in the cluster.
    pub fn summary(&self) -> String {
        format!(
            "{} active service{}, {} running task{}, {} container instance{}",
            self.active_services.len(),
            plural(self.active_services.len()),
            self.running_tasks,
            plural(self.running_tasks),
            self.container_instances,
            plural(self.container_instances)
        )
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

#[cfg(test)]
#[path = "cluster_tests.rs"]
mod tests;
