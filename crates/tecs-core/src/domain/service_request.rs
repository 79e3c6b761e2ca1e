//! The requests tecs sends to create a service, run a task and update a service, as plain data:
//! the exact JSON bodies (the AWS layer sends these very bodies) and their CLI lines. Pure functions,
//! so the wizards' reviews can show them without touching the AWS layer.

use serde_json::{Map, Value, json};

use super::request::{Operation, PlannedRequest, shell_quote};
use crate::model::StrategyItem;
use crate::model::service::{NetworkConfig, NewService, ServiceUpdate};
use crate::model::task::NewTask;

/// The UpdateService body for `update`: `cluster`, `service` and only the members that are set.
/// A desired count alone is `{"cluster", "service", "desiredCount"}`, which needs no
/// `iam:PassRole`: an operator who may only scale can scale.
pub fn update_service_request(update: &ServiceUpdate) -> Value {
    let mut m = Map::new();
    m.insert("cluster".into(), json!(update.cluster));
    m.insert("service".into(), json!(update.service));
    if let Some(n) = update.desired_count {
        m.insert("desiredCount".into(), json!(n));
    }
    if let Some(td) = &update.task_definition {
        m.insert("taskDefinition".into(), json!(td));
    }
    if update.force_new_deployment {
        m.insert("forceNewDeployment".into(), json!(true));
    }
    if let Some(exec) = update.enable_execute_command {
        m.insert("enableExecuteCommand".into(), json!(exec));
    }
    Value::Object(m)
}

/// [`update_service_request`] as an `aws` command line (the cluster by name).
pub fn update_service_cli(update: &ServiceUpdate) -> String {
    let mut cli = format!(
        "aws ecs update-service --cluster {} --service {}",
        update.cluster.rsplit('/').next().unwrap_or(&update.cluster),
        update.service
    );
    if let Some(n) = update.desired_count {
        cli.push_str(&format!(" --desired-count {n}"));
    }
    if let Some(td) = &update.task_definition {
        cli.push_str(&format!(" --task-definition {td}"));
    }
    if update.force_new_deployment {
        cli.push_str(" --force-new-deployment");
    }
    match update.enable_execute_command {
        Some(true) => cli.push_str(" --enable-execute-command"),
        Some(false) => cli.push_str(" --disable-execute-command"),
        None => {}
    }
    cli
}

/// `awsvpcConfiguration` as the API takes it; empty security groups are left out (the VPC's
/// default group applies), as is an unset public IP choice.
fn network_request(n: &NetworkConfig) -> Value {
    let mut awsvpc = Map::new();
    awsvpc.insert("subnets".into(), json!(n.subnets));
    if !n.security_groups.is_empty() {
        awsvpc.insert("securityGroups".into(), json!(n.security_groups));
    }
    if let Some(ip) = &n.assign_public_ip {
        awsvpc.insert("assignPublicIp".into(), json!(ip));
    }
    json!({ "awsvpcConfiguration": awsvpc })
}

fn strategy_request(items: &[StrategyItem]) -> Value {
    Value::Array(
        items
            .iter()
            .map(|s| json!({"capacityProvider": s.provider, "weight": s.weight, "base": s.base}))
            .collect(),
    )
}

/// A launch type, or a capacity provider strategy, or neither (the cluster's default strategy).
fn put_capacity(m: &mut Map<String, Value>, launch_type: Option<&str>, strategy: &[StrategyItem]) {
    if let Some(lt) = launch_type {
        m.insert("launchType".into(), json!(lt));
    } else if !strategy.is_empty() {
        m.insert(
            "capacityProviderStrategy".into(),
            strategy_request(strategy),
        );
    }
}

/// The exact CreateService body for `spec`, in the order the console's JSON shows it. Members
/// with API defaults tecs does not change (scheduling strategy REPLICA, exec off) are left out.
pub fn create_service_request(spec: &NewService) -> Value {
    let mut m = Map::new();
    m.insert("cluster".into(), json!(spec.cluster));
    m.insert("serviceName".into(), json!(spec.name));
    m.insert("taskDefinition".into(), json!(spec.task_definition));
    m.insert("desiredCount".into(), json!(spec.desired_count));
    put_capacity(
        &mut m,
        spec.launch_type.as_deref(),
        &spec.capacity_provider_strategy,
    );
    if let Some(n) = &spec.network {
        m.insert("networkConfiguration".into(), network_request(n));
    }
    if let Some(lb) = &spec.load_balancer {
        let mut l = Map::new();
        if let Some(tg) = &lb.target_group_arn {
            l.insert("targetGroupArn".into(), json!(tg));
        }
        if let Some(name) = &lb.load_balancer_name {
            l.insert("loadBalancerName".into(), json!(name));
        }
        if let Some(c) = &lb.container_name {
            l.insert("containerName".into(), json!(c));
        }
        if let Some(p) = lb.container_port {
            l.insert("containerPort".into(), json!(p));
        }
        m.insert("loadBalancers".into(), json!([l]));
    }
    if let Some((namespace, port_name)) = &spec.service_connect {
        let mut sc = Map::new();
        sc.insert("enabled".into(), json!(true));
        sc.insert("namespace".into(), json!(namespace));
        // A server publishes its named port; a client-only service publishes nothing.
        if let Some(port) = port_name {
            sc.insert("services".into(), json!([{ "portName": port }]));
        }
        m.insert("serviceConnectConfiguration".into(), Value::Object(sc));
    }
    m.insert(
        "deploymentConfiguration".into(),
        json!({
            "deploymentCircuitBreaker": {"enable": spec.circuit_breaker, "rollback": spec.rollback},
            "maximumPercent": spec.maximum_percent,
            "minimumHealthyPercent": spec.minimum_healthy_percent,
        }),
    );
    if spec.enable_execute_command {
        m.insert("enableExecuteCommand".into(), json!(true));
    }
    if !spec.tags.is_empty() {
        m.insert("tags".into(), tags_request(&spec.tags));
    }
    Value::Object(m)
}

fn tags_request(tags: &[(String, String)]) -> Value {
    Value::Array(
        tags.iter()
            .map(|(k, v)| json!({"key": k, "value": v}))
            .collect(),
    )
}

/// [`create_service_request`] as a planned request for a review step.
pub fn plan_create_service(spec: &NewService) -> PlannedRequest {
    PlannedRequest::new(
        Operation::CreateService,
        format!("Create service {} in cluster {}", spec.name, spec.cluster),
        create_service_request(spec),
    )
}

/// The exact RunTask body for `spec`.
pub fn run_task_request(spec: &NewTask) -> Value {
    let mut m = Map::new();
    m.insert("cluster".into(), json!(spec.cluster));
    m.insert("taskDefinition".into(), json!(spec.task_definition));
    m.insert("count".into(), json!(spec.count));
    put_capacity(
        &mut m,
        spec.launch_type.as_deref(),
        &spec.capacity_provider_strategy,
    );
    if let Some(n) = &spec.network {
        m.insert("networkConfiguration".into(), network_request(n));
    }
    if let Some((container, command)) = &spec.command_override {
        m.insert(
            "overrides".into(),
            json!({"containerOverrides": [{"name": container, "command": command}]}),
        );
    }
    if let Some(by) = &spec.started_by {
        m.insert("startedBy".into(), json!(by));
    }
    if spec.enable_execute_command {
        m.insert("enableExecuteCommand".into(), json!(true));
    }
    Value::Object(m)
}

/// [`run_task_request`] as a planned request for a review step.
pub fn plan_run_task(spec: &NewTask) -> PlannedRequest {
    PlannedRequest::new(
        Operation::RunTask,
        format!(
            "Run {} task(s) of {} in cluster {}",
            spec.count, spec.task_definition, spec.cluster
        ),
        run_task_request(spec),
    )
}

/// `aws ecs create-service --cli-input-json '{…}'`: the request as one CLI line that sends
/// exactly this body.
pub fn cli_input_json(operation: Operation, request: &Value) -> String {
    format!(
        "aws {} --cli-input-json {}",
        operation.cli_command(),
        shell_quote(&request.to_string())
    )
}
