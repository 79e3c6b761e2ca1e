//! Clusters and the service summaries shown in a cluster's detail.

use std::time::Duration;

use serde_json::Value;

use super::error::AwsError;
use super::namespace::Namespace;

/// One capacity provider entry of a default strategy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StrategyItem {
    pub provider: String,
    pub weight: i32,
    pub base: i32,
}

/// An ECS cluster as described by DescribeClusters.
#[derive(Debug, Clone, PartialEq)]
pub struct Cluster {
    pub name: String,
    pub arn: String,
    pub status: String,
    pub active_services: i32,
    pub running_tasks: i32,
    pub pending_tasks: i32,
    pub container_instances: i32,
    pub capacity_providers: Vec<String>,
    pub default_strategy: Vec<StrategyItem>,
    /// `enabled`, `enhanced`, `disabled`, or `None` when the setting is absent.
    pub container_insights: Option<String>,
    /// ARN of the default Service Connect namespace.
    pub default_namespace: Option<String>,
    pub settings: Vec<(String, String)>,
    pub tags: Vec<(String, String)>,
    /// The full description in the API's JSON shape, for the JSON view.
    pub json: Value,
}

impl Cluster {
    /// A cluster with just a name, for tests and placeholders.
    pub fn named(name: &str) -> Self {
        Self {
            name: name.to_string(),
            arn: format!("arn:aws:ecs:us-east-1:123456789012:cluster/{name}"),
            status: "ACTIVE".to_string(),
            active_services: 0,
            running_tasks: 0,
            pending_tasks: 0,
            container_instances: 0,
            capacity_providers: Vec::new(),
            default_strategy: Vec::new(),
            container_insights: None,
            default_namespace: None,
            settings: Vec::new(),
            tags: Vec::new(),
            json: Value::Null,
        }
    }

    /// Container Insights as a short label for the list.
    pub fn insights_label(&self) -> &str {
        self.container_insights.as_deref().unwrap_or("disabled")
    }

    /// The namespace's short name when the ARN is Cloud Map's (`.../namespace/ns-xxx` gives the id).
    pub fn default_namespace_id(&self) -> Option<&str> {
        self.default_namespace
            .as_deref()
            .map(|arn| arn.rsplit('/').next().unwrap_or(arn))
    }
}

/// A service row in a cluster's detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceSummary {
    pub name: String,
    pub arn: String,
    pub status: String,
    pub desired: i32,
    pub running: i32,
    pub pending: i32,
    pub launch_type: String,
    /// `family:revision` of the task definition.
    pub task_definition: String,
}

/// Where a create run is, for the progress view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepProgress {
    /// 1-based position in the plan.
    pub index: usize,
    pub total: usize,
    /// The planned request's title.
    pub title: String,
    pub state: StepState,
}

/// The state of one step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StepState {
    /// The request is being sent.
    Running,
    /// Sent; Cloud Map is still working on it (its status as the API spells it).
    Waiting { status: String, elapsed: Duration },
    /// Finished; what it made.
    Done { detail: String },
    /// Failed; the rest of the plan did not run, except where said otherwise.
    Failed { message: String },
}

/// The ECS Anywhere activation made for an External cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Activation {
    pub id: String,
    /// Shown once: SSM never returns it again.
    pub code: String,
    pub region: String,
    pub cluster: String,
    /// What to run on each external instance.
    pub registration_command: String,
}

/// What a create run made.
#[derive(Debug, Clone, PartialEq)]
pub struct CreatedCluster {
    pub cluster: Cluster,
    /// The new HTTP namespace, when the spec asked for one.
    pub namespace: Option<Namespace>,
    /// ARN of the new capacity provider (EC2).
    pub capacity_provider_arn: Option<String>,
    /// External only. The cluster exists either way, so a failed activation does not fail the
    /// run: the operator can make one later (`aws ssm create-activation`).
    pub activation: Option<Result<Activation, AwsError>>,
    /// Every step's final state, in plan order.
    pub steps: Vec<StepProgress>,
}

/// An Auto Scaling group for the EC2 infrastructure choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AutoScalingGroupSummary {
    pub name: String,
    pub arn: String,
    pub min: i32,
    pub max: i32,
    pub desired: i32,
    pub instances: usize,
}

impl AutoScalingGroupSummary {
    /// `web-asg (2 instances, min 1 / desired 2 / max 4)` for the picker.
    pub fn label(&self) -> String {
        format!(
            "{} ({} instance{}, min {} / desired {} / max {})",
            self.name,
            self.instances,
            if self.instances == 1 { "" } else { "s" },
            self.min,
            self.desired,
            self.max
        )
    }
}

/// One region's answer.
#[derive(Debug, Clone)]
pub struct RegionClusters {
    pub region: String,
    /// The region's clusters, described (counts included), or why they could not be listed
    /// (a disabled region, an SCP denying it, a dropped link).
    pub result: Result<Vec<Cluster>, super::AwsError>,
}
