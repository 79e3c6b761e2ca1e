//! ECS services as tecs shows them: the list row, and the full description for a service's page
//! (deployments, events, load balancers, network, Service Connect, placement, autoscaling).

use std::time::SystemTime;

use super::cluster::StrategyItem;

/// A service as DescribeServices returns it, mapped to what tecs draws.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub name: String,
    pub arn: String,
    pub cluster_arn: String,
    /// ACTIVE, DRAINING or INACTIVE.
    pub status: String,
    pub desired: i32,
    pub running: i32,
    pub pending: i32,
    /// The service's task definition ARN (the PRIMARY deployment's).
    pub task_definition: String,
    /// FARGATE, EC2, EXTERNAL, or empty when a capacity provider strategy is used.
    pub launch_type: String,
    pub capacity_provider_strategy: Vec<StrategyItem>,
    /// Fargate platform version (`LATEST`, `1.4.0`), when set.
    pub platform_version: Option<String>,
    /// ECS (rolling update), CODE_DEPLOY or EXTERNAL.
    pub deployment_controller: String,
    pub deployment_config: DeploymentConfig,
    /// Newest first (PRIMARY, then ACTIVE ones being replaced).
    pub deployments: Vec<Deployment>,
    /// Newest first; DescribeServices returns at most the last 100.
    pub events: Vec<ServiceEvent>,
    pub load_balancers: Vec<LoadBalancer>,
    pub network: Option<NetworkConfig>,
    /// Service Connect namespace and its port mappings, when enabled.
    pub service_connect: Option<ServiceConnect>,
    /// Placement constraints and strategy, as `type expression` / `type field` lines.
    pub placement: Vec<String>,
    pub scheduling_strategy: String,
    pub enable_execute_command: bool,
    pub health_check_grace_period: Option<i32>,
    pub role_arn: Option<String>,
    pub created_at: Option<SystemTime>,
    pub created_by: Option<String>,
    pub tags: Vec<(String, String)>,
    /// The description in the API's JSON shape, for the JSON view.
    pub json: super::CompactJson,
}

impl Service {
    /// A service with just a name, for tests and placeholders.
    pub fn named(cluster: &str, name: &str) -> Self {
        Self {
            name: name.to_string(),
            arn: format!("arn:aws:ecs:us-east-1:123456789012:service/{cluster}/{name}"),
            cluster_arn: format!("arn:aws:ecs:us-east-1:123456789012:cluster/{cluster}"),
            status: "ACTIVE".to_string(),
            desired: 0,
            running: 0,
            pending: 0,
            task_definition: String::new(),
            launch_type: String::new(),
            capacity_provider_strategy: Vec::new(),
            platform_version: None,
            deployment_controller: "ECS".to_string(),
            deployment_config: DeploymentConfig::default(),
            deployments: Vec::new(),
            events: Vec::new(),
            load_balancers: Vec::new(),
            network: None,
            service_connect: None,
            placement: Vec::new(),
            scheduling_strategy: "REPLICA".to_string(),
            enable_execute_command: false,
            health_check_grace_period: None,
            role_arn: None,
            created_at: None,
            created_by: None,
            tags: Vec::new(),
            json: super::CompactJson::default(),
        }
    }

    /// `family:revision` of the service's task definition.
    pub fn revision_label(&self) -> String {
        revision_label(&self.task_definition)
    }

    /// `FARGATE`, or the capacity provider strategy as `FARGATE:1:1 FARGATE_SPOT:3`.
    pub fn capacity_label(&self) -> String {
        if !self.launch_type.is_empty() {
            return self.launch_type.clone();
        }
        if self.capacity_provider_strategy.is_empty() {
            return "-".to_string();
        }
        self.capacity_provider_strategy
            .iter()
            .map(|s| format!("{}:{}:{}", s.provider, s.weight, s.base))
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The PRIMARY deployment (the newest one).
    pub fn primary(&self) -> Option<&Deployment> {
        self.deployments
            .iter()
            .find(|d| d.status == "PRIMARY")
            .or_else(|| self.deployments.first())
    }

    /// The rollout state of the primary deployment (`COMPLETED`, `IN_PROGRESS`, `FAILED`), or `-`.
    pub fn rollout_label(&self) -> String {
        self.primary()
            .and_then(|d| d.rollout_state.clone())
            .unwrap_or_else(|| "-".to_string())
    }

    /// Whether the task definition can change through UpdateService (the ECS controller only).
    pub fn revision_changes_allowed(&self) -> Result<(), String> {
        match self.deployment_controller.as_str() {
            "ECS" | "" => Ok(()),
            "CODE_DEPLOY" => Err(format!(
                "{} uses CodeDeploy blue/green deployments: the task definition changes through a CodeDeploy deployment, not UpdateService",
                self.name
            )),
            other => Err(format!(
                "{} uses the {other} deployment controller: the task definition changes through that controller (task sets), not UpdateService",
                self.name
            )),
        }
    }
}

/// `arn:…:task-definition/web:3` → `web:3`; other forms are kept as they are.
pub fn revision_label(task_definition: &str) -> String {
    task_definition
        .rsplit_once("task-definition/")
        .map(|(_, rest)| rest.to_string())
        .unwrap_or_else(|| task_definition.to_string())
}

/// Rolling update settings and the circuit breaker.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeploymentConfig {
    pub minimum_healthy_percent: Option<i32>,
    pub maximum_percent: Option<i32>,
    /// The deployment circuit breaker is on.
    pub circuit_breaker: bool,
    /// It rolls back to the last COMPLETED deployment when it trips.
    pub rollback: bool,
}

/// One deployment of a service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deployment {
    pub id: String,
    /// PRIMARY, ACTIVE or INACTIVE.
    pub status: String,
    pub task_definition: String,
    pub desired: i32,
    pub running: i32,
    pub pending: i32,
    pub failed: i32,
    /// IN_PROGRESS, COMPLETED or FAILED.
    pub rollout_state: Option<String>,
    pub rollout_state_reason: Option<String>,
    pub created_at: Option<SystemTime>,
    pub updated_at: Option<SystemTime>,
    pub launch_type: Option<String>,
}

/// One service event (placement, health checks, steady state, circuit breaker).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceEvent {
    pub id: String,
    pub created_at: Option<SystemTime>,
    pub message: String,
}

/// A load balancer the service registers its tasks with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadBalancer {
    pub target_group_arn: Option<String>,
    /// Classic load balancers are named instead.
    pub load_balancer_name: Option<String>,
    pub container_name: Option<String>,
    pub container_port: Option<i32>,
}

/// `awsvpcConfiguration`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NetworkConfig {
    pub subnets: Vec<String>,
    pub security_groups: Vec<String>,
    /// ENABLED or DISABLED (Fargate).
    pub assign_public_ip: Option<String>,
}

/// Service Connect settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceConnect {
    pub enabled: bool,
    pub namespace: Option<String>,
    /// `port-name → discovery-name:port` lines.
    pub services: Vec<String>,
}

/// Application Auto Scaling for a service: the scalable target and its policies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Autoscaling {
    pub min: Option<i32>,
    pub max: Option<i32>,
    /// One line a policy: `name: TargetTrackingScaling ECSServiceAverageCPUUtilization 60`.
    pub policies: Vec<String>,
}

/// What UpdateService should change. Only what is set is sent: scaling alone sends only
/// `desiredCount`, so an operator without `iam:PassRole` can scale.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceUpdate {
    pub cluster: String,
    pub service: String,
    pub desired_count: Option<i32>,
    /// A task definition `family:revision` or ARN (ACTIVE only).
    pub task_definition: Option<String>,
    pub force_new_deployment: bool,
    pub enable_execute_command: Option<bool>,
}

/// A new service (CreateService), already validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewService {
    pub cluster: String,
    pub name: String,
    pub task_definition: String,
    pub desired_count: i32,
    /// FARGATE, EC2 or EXTERNAL; `None` with a capacity provider strategy.
    pub launch_type: Option<String>,
    pub capacity_provider_strategy: Vec<StrategyItem>,
    pub network: Option<NetworkConfig>,
    pub load_balancer: Option<LoadBalancer>,
    /// Service Connect: the namespace and, for a server, `port-name` (client only without it).
    pub service_connect: Option<(String, Option<String>)>,
    pub minimum_healthy_percent: i32,
    pub maximum_percent: i32,
    pub circuit_breaker: bool,
    pub rollback: bool,
    pub enable_execute_command: bool,
    pub tags: Vec<(String, String)>,
}

/// Services in the order lists show them: by name (then ARN, for two clusters' same name).
pub fn sort_services(services: &mut [Service]) {
    services.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.arn.cmp(&b.arn)));
}
