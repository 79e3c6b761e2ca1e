//! ECS services in full: ListServices (100 a page) + DescribeServices (10 a call, with tags) for a
//! cluster's service list, one service's description for its page, and the service's Application
//! Auto Scaling target and policies.
//!
//! AWS sources: ECS API reference, ListServices (maxResults 1-100), DescribeServices ("up to 10
//! services"; `include=TAGS`; the most recent events, at most 100); Application Auto Scaling API
//! reference, DescribeScalableTargets / DescribeScalingPolicies (resource id
//! `service/CLUSTER/SERVICE`, dimension `ecs:service:DesiredCount`).

use std::time::SystemTime;

use aws_sdk_applicationautoscaling::types::{ScalableDimension, ScalingPolicy, ServiceNamespace};
use aws_sdk_ecs::types::{self as ecs, ServiceField};
use aws_smithy_types::DateTime;
use aws_smithy_types::date_time::Format;
use serde_json::{Map, Value, json};

use super::clusters::DESCRIBE_SERVICES_CHUNK;
use super::errors::{AwsError, ErrorKind, classify};
use super::progressive::{describe_as_listed, pages};
use crate::model::StrategyItem;
pub use crate::model::service::sort_services;
use crate::model::service::{
    Autoscaling, Deployment, DeploymentConfig, LoadBalancer, NetworkConfig, Service,
    ServiceConnect, ServiceEvent,
};

/// ListServices returns at most 100 ARNs a page.
pub const LIST_SERVICES_PAGE: i32 = 100;

/// The ARNs of every service of `cluster` (name or ARN): ListServices, all pages of 100.
pub async fn list_service_arns(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
) -> Result<Vec<String>, AwsError> {
    ecs.list_services()
        .cluster(cluster)
        .max_results(LIST_SERVICES_PAGE)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| classify("ListServices", &e))
}

/// Every service of `cluster` (name or ARN), described with tags, sorted by name. Services that
/// vanish between the list and the describe come back in `failures` and are left out.
pub async fn list_services(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
) -> Result<Vec<Service>, AwsError> {
    list_services_progressively(ecs, cluster, |_| {}).await
}

/// [`list_services`], handing each described chunk (up to 10 services, in list order) to
/// `on_rows` as soon as it and every chunk before it are in, so a screen can show the first
/// services while the rest load. Each ListServices page (100) is described while the next is
/// listed, at most [`super::progressive::MAX_CONCURRENCY`] DescribeServices at once.
pub async fn list_services_progressively(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
    on_rows: impl FnMut(&[Service]),
) -> Result<Vec<Service>, AwsError> {
    let paginator = ecs
        .list_services()
        .cluster(cluster)
        .max_results(LIST_SERVICES_PAGE)
        .into_paginator()
        .send();
    let pages = pages(paginator, "ListServices", |o| o.service_arns().to_vec());
    let describe = |arns: Vec<String>| {
        let (ecs, cluster) = (ecs.clone(), cluster.to_string());
        async move { describe_services(&ecs, &cluster, arns).await }
    };
    let mut services =
        describe_as_listed(pages, DESCRIBE_SERVICES_CHUNK, describe, on_rows).await?;
    sort_services(&mut services);
    Ok(services)
}

/// One service by name or ARN, with tags; NotFound when DescribeServices reports it in
/// `failures` (reason `MISSING`).
pub async fn describe_service(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
    service: &str,
) -> Result<Service, AwsError> {
    describe_services(ecs, cluster, vec![service.to_string()])
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| AwsError {
            kind: ErrorKind::NotFound,
            code: Some("ServiceNotFoundException".to_string()),
            message: format!("service {service} not found in cluster {cluster}"),
            hint: Some("it may have been deleted; refresh the service list".to_string()),
            read_back: None,
        })
}

/// Describes up to 10 services (the API's limit per call).
async fn describe_services(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
    services: Vec<String>,
) -> Result<Vec<Service>, AwsError> {
    if services.is_empty() {
        return Ok(Vec::new());
    }
    let out = ecs
        .describe_services()
        .cluster(cluster)
        .set_services(Some(services))
        .include(ServiceField::Tags)
        .send()
        .await
        .map_err(|e| classify("DescribeServices", &e))?;
    for failure in out.failures() {
        tracing::debug!(arn = ?failure.arn(), reason = ?failure.reason(), "service not described");
    }
    Ok(out.services().iter().map(map_service).collect())
}

/// The Application Auto Scaling target of a service (`service/CLUSTER/SERVICE`, dimension
/// `ecs:service:DesiredCount`) and its policies; `Ok(None)` when the service has no target.
/// `cluster_name` must be the cluster's name, not its ARN: the resource id uses names.
pub async fn service_autoscaling(
    aas: &aws_sdk_applicationautoscaling::Client,
    cluster_name: &str,
    service_name: &str,
) -> Result<Option<Autoscaling>, AwsError> {
    let resource_id = format!(
        "service/{}/{}",
        last_segment(cluster_name),
        last_segment(service_name)
    );
    let targets = aas
        .describe_scalable_targets()
        .service_namespace(ServiceNamespace::Ecs)
        .resource_ids(&resource_id)
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .send()
        .await
        .map_err(|e| classify("application-autoscaling:DescribeScalableTargets", &e))?;
    let Some(target) = targets
        .scalable_targets()
        .iter()
        .find(|t| t.resource_id() == resource_id)
    else {
        return Ok(None);
    };
    let policies: Vec<ScalingPolicy> = aas
        .describe_scaling_policies()
        .service_namespace(ServiceNamespace::Ecs)
        .resource_id(&resource_id)
        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| classify("application-autoscaling:DescribeScalingPolicies", &e))?;
    Ok(Some(Autoscaling {
        min: Some(target.min_capacity()),
        max: Some(target.max_capacity()),
        policies: policies.iter().map(policy_line).collect(),
    }))
}

/// `cpu60: TargetTrackingScaling ECSServiceAverageCPUUtilization 60`,
/// `scale-out: StepScaling ChangeInCapacity`.
fn policy_line(p: &ScalingPolicy) -> String {
    let mut line = format!("{}: {}", p.policy_name(), p.policy_type().as_str());
    if let Some(tt) = p.target_tracking_scaling_policy_configuration() {
        let metric = tt
            .predefined_metric_specification()
            .map(|m| m.predefined_metric_type().as_str().to_string())
            .or_else(|| {
                tt.customized_metric_specification()
                    .and_then(|m| m.metric_name())
                    .map(str::to_string)
            })
            .unwrap_or_else(|| "custom metric".to_string());
        line.push_str(&format!(" {metric} {}", number(tt.target_value())));
    } else if let Some(step) = p.step_scaling_policy_configuration()
        && let Some(adjustment) = step.adjustment_type()
    {
        line.push_str(&format!(" {}", adjustment.as_str()));
    }
    line
}

/// `60` rather than `60.0`; other values as they are.
fn number(v: f64) -> String {
    if v.fract() == 0.0 && v.abs() < 1e15 {
        format!("{v:.0}")
    } else {
        v.to_string()
    }
}

/// `arn:…:cluster/prod` → `prod`; a plain name stays as it is.
fn last_segment(name_or_arn: &str) -> &str {
    name_or_arn.rsplit('/').next().unwrap_or(name_or_arn)
}

/// Maps DescribeServices' service into ours, with the description as API-shaped JSON.
pub fn map_service(s: &ecs::Service) -> Service {
    let mut deployments: Vec<Deployment> = s.deployments().iter().map(map_deployment).collect();
    // Newest first; on equal times (or none) PRIMARY leads, as the console shows it.
    deployments.sort_by(|a, b| {
        b.created_at
            .cmp(&a.created_at)
            .then_with(|| (b.status == "PRIMARY").cmp(&(a.status == "PRIMARY")))
    });
    let mut events: Vec<ServiceEvent> = s
        .events()
        .iter()
        .map(|e| ServiceEvent {
            id: e.id().unwrap_or_default().to_string(),
            created_at: system_time(e.created_at()),
            message: e.message().unwrap_or_default().to_string(),
        })
        .collect();
    // The API already lists events newest first; a stable sort keeps that order on equal times.
    events.sort_by_key(|e| std::cmp::Reverse(e.created_at));
    let primary = s
        .deployments()
        .iter()
        .find(|d| d.status() == Some("PRIMARY"))
        .or_else(|| s.deployments().first());
    let deployment_config = s
        .deployment_configuration()
        .map(|c| DeploymentConfig {
            minimum_healthy_percent: c.minimum_healthy_percent(),
            maximum_percent: c.maximum_percent(),
            circuit_breaker: c.deployment_circuit_breaker().is_some_and(|b| b.enable()),
            rollback: c.deployment_circuit_breaker().is_some_and(|b| b.rollback()),
        })
        .unwrap_or_default();
    Service {
        name: s.service_name().unwrap_or_default().to_string(),
        arn: s.service_arn().unwrap_or_default().to_string(),
        cluster_arn: s.cluster_arn().unwrap_or_default().to_string(),
        status: s.status().unwrap_or_default().to_string(),
        desired: s.desired_count(),
        running: s.running_count(),
        pending: s.pending_count(),
        task_definition: s
            .task_definition()
            .or_else(|| primary.and_then(|d| d.task_definition()))
            .unwrap_or_default()
            .to_string(),
        launch_type: s
            .launch_type()
            .map(|l| l.as_str().to_string())
            .unwrap_or_default(),
        capacity_provider_strategy: strategy(s.capacity_provider_strategy()),
        platform_version: s.platform_version().map(str::to_string),
        deployment_controller: s
            .deployment_controller()
            .map(|d| d.r#type().as_str().to_string())
            .unwrap_or_else(|| "ECS".to_string()),
        deployment_config,
        deployments,
        events,
        load_balancers: s
            .load_balancers()
            .iter()
            .map(|lb| LoadBalancer {
                target_group_arn: lb.target_group_arn().map(str::to_string),
                load_balancer_name: lb.load_balancer_name().map(str::to_string),
                container_name: lb.container_name().map(str::to_string),
                container_port: lb.container_port(),
            })
            .collect(),
        network: s.network_configuration().and_then(network_config),
        service_connect: primary
            .and_then(|d| d.service_connect_configuration())
            .map(service_connect),
        placement: placement_lines(s.placement_constraints(), s.placement_strategy()),
        scheduling_strategy: s
            .scheduling_strategy()
            .map(|x| x.as_str().to_string())
            .unwrap_or_else(|| "REPLICA".to_string()),
        enable_execute_command: s.enable_execute_command(),
        health_check_grace_period: s.health_check_grace_period_seconds(),
        role_arn: s.role_arn().map(str::to_string),
        created_at: system_time(s.created_at()),
        created_by: s.created_by().map(str::to_string),
        tags: tags(s.tags()),
        json: crate::model::CompactJson::new(&service_json(s)),
    }
}

fn map_deployment(d: &ecs::Deployment) -> Deployment {
    Deployment {
        id: d.id().unwrap_or_default().to_string(),
        status: d.status().unwrap_or_default().to_string(),
        task_definition: d.task_definition().unwrap_or_default().to_string(),
        desired: d.desired_count(),
        running: d.running_count(),
        pending: d.pending_count(),
        failed: d.failed_tasks(),
        rollout_state: d.rollout_state().map(|r| r.as_str().to_string()),
        rollout_state_reason: d.rollout_state_reason().map(str::to_string),
        created_at: system_time(d.created_at()),
        updated_at: system_time(d.updated_at()),
        launch_type: d.launch_type().map(|l| l.as_str().to_string()),
    }
}

pub(crate) fn strategy(items: &[ecs::CapacityProviderStrategyItem]) -> Vec<StrategyItem> {
    items
        .iter()
        .map(|i| StrategyItem {
            provider: i.capacity_provider().to_string(),
            weight: i.weight(),
            base: i.base(),
        })
        .collect()
}

fn network_config(n: &ecs::NetworkConfiguration) -> Option<NetworkConfig> {
    n.awsvpc_configuration().map(|a| NetworkConfig {
        subnets: a.subnets().to_vec(),
        security_groups: a.security_groups().to_vec(),
        assign_public_ip: a.assign_public_ip().map(|p| p.as_str().to_string()),
    })
}

fn service_connect(c: &ecs::ServiceConnectConfiguration) -> ServiceConnect {
    let services = c
        .services()
        .iter()
        .flat_map(|s| {
            let port = s.port_name();
            // Without a discovery name, Service Connect uses the port name.
            let discovery = s.discovery_name().unwrap_or(port);
            if s.client_aliases().is_empty() {
                vec![format!("{port} → {discovery}")]
            } else {
                s.client_aliases()
                    .iter()
                    .map(|a| {
                        format!(
                            "{port} → {}:{}",
                            a.dns_name().unwrap_or(discovery),
                            a.port()
                        )
                    })
                    .collect()
            }
        })
        .collect();
    ServiceConnect {
        enabled: c.enabled(),
        namespace: c.namespace().map(str::to_string),
        services,
    }
}

/// `memberOf attribute:ecs.instance-type =~ t3.*`, `distinctInstance`, `spread
/// attribute:ecs.availability-zone`, `binpack memory`: constraints first, then the strategy.
fn placement_lines(
    constraints: &[ecs::PlacementConstraint],
    strategy: &[ecs::PlacementStrategy],
) -> Vec<String> {
    let line = |kind: Option<&str>, detail: Option<&str>| {
        let kind = kind.unwrap_or("?");
        match detail {
            Some(d) if !d.is_empty() => format!("{kind} {d}"),
            _ => kind.to_string(),
        }
    };
    constraints
        .iter()
        .map(|c| line(c.r#type().map(|t| t.as_str()), c.expression()))
        .chain(
            strategy
                .iter()
                .map(|s| line(s.r#type().map(|t| t.as_str()), s.field())),
        )
        .collect()
}

pub(crate) fn system_time(t: Option<&DateTime>) -> Option<SystemTime> {
    t.and_then(|t| SystemTime::try_from(*t).ok())
}

/// A timestamp as the JSON view shows it: ISO 8601 (`2024-05-01T10:00:00Z`), like the CLI.
pub(crate) fn iso(t: Option<&DateTime>) -> Value {
    t.and_then(|t| t.fmt(Format::DateTime).ok())
        .map_or(Value::Null, Value::String)
}

pub(crate) fn tags(tags: &[ecs::Tag]) -> Vec<(String, String)> {
    tags.iter()
        .map(|t| {
            (
                t.key().unwrap_or_default().to_string(),
                t.value().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// A JSON object that leaves out nulls, as the CLI's output does.
#[derive(Default)]
pub(crate) struct Obj(Map<String, Value>);

impl Obj {
    pub(crate) fn put(mut self, key: &str, value: Value) -> Self {
        if !value.is_null() {
            self.0.insert(key.to_string(), value);
        }
        self
    }

    /// Puts a list only when it has items (for members AWS leaves out when unset).
    pub(crate) fn put_list(self, key: &str, items: Vec<Value>) -> Self {
        if items.is_empty() {
            self
        } else {
            self.put(key, Value::Array(items))
        }
    }

    pub(crate) fn build(self) -> Value {
        Value::Object(self.0)
    }
}

pub(crate) fn tags_json(tags: &[ecs::Tag]) -> Value {
    Value::Array(
        tags.iter()
            .map(|t| json!({"key": t.key(), "value": t.value()}))
            .collect(),
    )
}

pub(crate) fn strategy_json(items: &[ecs::CapacityProviderStrategyItem]) -> Vec<Value> {
    items
        .iter()
        .map(|i| json!({"capacityProvider": i.capacity_provider(), "weight": i.weight(), "base": i.base()}))
        .collect()
}

pub(crate) fn network_json(n: Option<&ecs::NetworkConfiguration>) -> Value {
    let Some(a) = n.and_then(|n| n.awsvpc_configuration()) else {
        return Value::Null;
    };
    json!({
        "awsvpcConfiguration": Obj::default()
            .put("subnets", json!(a.subnets()))
            .put("securityGroups", json!(a.security_groups()))
            .put("assignPublicIp", json!(a.assign_public_ip().map(|p| p.as_str())))
            .build()
    })
}

fn service_connect_json(c: &ecs::ServiceConnectConfiguration) -> Value {
    let services: Vec<Value> = c
        .services()
        .iter()
        .map(|s| {
            Obj::default()
                .put("portName", json!(s.port_name()))
                .put("discoveryName", json!(s.discovery_name()))
                .put_list(
                    "clientAliases",
                    s.client_aliases()
                        .iter()
                        .map(|a| {
                            Obj::default()
                                .put("port", json!(a.port()))
                                .put("dnsName", json!(a.dns_name()))
                                .build()
                        })
                        .collect(),
                )
                .put("ingressPortOverride", json!(s.ingress_port_override()))
                .build()
        })
        .collect();
    Obj::default()
        .put("enabled", json!(c.enabled()))
        .put("namespace", json!(c.namespace()))
        .put_list("services", services)
        .build()
}

fn deployment_json(d: &ecs::Deployment) -> Value {
    Obj::default()
        .put("id", json!(d.id()))
        .put("status", json!(d.status()))
        .put("taskDefinition", json!(d.task_definition()))
        .put("desiredCount", json!(d.desired_count()))
        .put("pendingCount", json!(d.pending_count()))
        .put("runningCount", json!(d.running_count()))
        .put("failedTasks", json!(d.failed_tasks()))
        .put("createdAt", iso(d.created_at()))
        .put("updatedAt", iso(d.updated_at()))
        .put_list(
            "capacityProviderStrategy",
            strategy_json(d.capacity_provider_strategy()),
        )
        .put("launchType", json!(d.launch_type().map(|l| l.as_str())))
        .put("platformVersion", json!(d.platform_version()))
        .put("platformFamily", json!(d.platform_family()))
        .put(
            "networkConfiguration",
            network_json(d.network_configuration()),
        )
        .put("rolloutState", json!(d.rollout_state().map(|r| r.as_str())))
        .put("rolloutStateReason", json!(d.rollout_state_reason()))
        .put(
            "serviceConnectConfiguration",
            d.service_connect_configuration()
                .map_or(Value::Null, service_connect_json),
        )
        .build()
}

/// The service in the shape `aws ecs describe-services` prints, for the JSON view; unset members
/// are left out.
fn service_json(s: &ecs::Service) -> Value {
    let deployment_configuration = s.deployment_configuration().map(|c| {
        Obj::default()
            .put(
                "deploymentCircuitBreaker",
                c.deployment_circuit_breaker().map_or(
                    Value::Null,
                    |b| json!({"enable": b.enable(), "rollback": b.rollback()}),
                ),
            )
            .put("maximumPercent", json!(c.maximum_percent()))
            .put("minimumHealthyPercent", json!(c.minimum_healthy_percent()))
            .build()
    });
    Obj::default()
        .put("serviceArn", json!(s.service_arn()))
        .put("serviceName", json!(s.service_name()))
        .put("clusterArn", json!(s.cluster_arn()))
        .put(
            "loadBalancers",
            Value::Array(
                s.load_balancers()
                    .iter()
                    .map(|lb| {
                        Obj::default()
                            .put("targetGroupArn", json!(lb.target_group_arn()))
                            .put("loadBalancerName", json!(lb.load_balancer_name()))
                            .put("containerName", json!(lb.container_name()))
                            .put("containerPort", json!(lb.container_port()))
                            .build()
                    })
                    .collect(),
            ),
        )
        .put(
            "serviceRegistries",
            Value::Array(
                s.service_registries()
                    .iter()
                    .map(|r| {
                        Obj::default()
                            .put("registryArn", json!(r.registry_arn()))
                            .put("port", json!(r.port()))
                            .put("containerName", json!(r.container_name()))
                            .put("containerPort", json!(r.container_port()))
                            .build()
                    })
                    .collect(),
            ),
        )
        .put("status", json!(s.status()))
        .put("desiredCount", json!(s.desired_count()))
        .put("runningCount", json!(s.running_count()))
        .put("pendingCount", json!(s.pending_count()))
        .put("launchType", json!(s.launch_type().map(|l| l.as_str())))
        .put_list(
            "capacityProviderStrategy",
            strategy_json(s.capacity_provider_strategy()),
        )
        .put("platformVersion", json!(s.platform_version()))
        .put("platformFamily", json!(s.platform_family()))
        .put("taskDefinition", json!(s.task_definition()))
        .put(
            "deploymentConfiguration",
            deployment_configuration.unwrap_or(Value::Null),
        )
        .put(
            "deployments",
            Value::Array(s.deployments().iter().map(deployment_json).collect()),
        )
        .put("roleArn", json!(s.role_arn()))
        .put(
            "events",
            Value::Array(
                s.events()
                    .iter()
                    .map(|e| {
                        Obj::default()
                            .put("id", json!(e.id()))
                            .put("createdAt", iso(e.created_at()))
                            .put("message", json!(e.message()))
                            .build()
                    })
                    .collect(),
            ),
        )
        .put("createdAt", iso(s.created_at()))
        .put(
            "placementConstraints",
            Value::Array(
                s.placement_constraints()
                    .iter()
                    .map(|c| {
                        Obj::default()
                            .put("type", json!(c.r#type().map(|t| t.as_str())))
                            .put("expression", json!(c.expression()))
                            .build()
                    })
                    .collect(),
            ),
        )
        .put(
            "placementStrategy",
            Value::Array(
                s.placement_strategy()
                    .iter()
                    .map(|p| {
                        Obj::default()
                            .put("type", json!(p.r#type().map(|t| t.as_str())))
                            .put("field", json!(p.field()))
                            .build()
                    })
                    .collect(),
            ),
        )
        .put(
            "networkConfiguration",
            network_json(s.network_configuration()),
        )
        .put(
            "healthCheckGracePeriodSeconds",
            json!(s.health_check_grace_period_seconds()),
        )
        .put(
            "schedulingStrategy",
            json!(s.scheduling_strategy().map(|x| x.as_str())),
        )
        .put(
            "deploymentController",
            s.deployment_controller()
                .map_or(Value::Null, |d| json!({"type": d.r#type().as_str()})),
        )
        .put("tags", tags_json(s.tags()))
        .put("createdBy", json!(s.created_by()))
        .put("enableECSManagedTags", json!(s.enable_ecs_managed_tags()))
        .put(
            "propagateTags",
            json!(s.propagate_tags().map(|p| p.as_str())),
        )
        .put("enableExecuteCommand", json!(s.enable_execute_command()))
        .put(
            "availabilityZoneRebalancing",
            json!(s.availability_zone_rebalancing().map(|a| a.as_str())),
        )
        .build()
}

#[cfg(test)]
#[path = "services_tests.rs"]
mod tests;
