//! Clusters and the service summaries shown in a cluster's detail.

use serde_json::Value;

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
