//! Clusters: fully paginated ListClusters, DescribeClusters in chunks of 100 with bounded concurrency,
//! and the services of one cluster (ListServices + DescribeServices in chunks of 10).

use aws_sdk_ecs::types::{self as ecs, ClusterField};
use futures::{StreamExt, TryStreamExt};
use serde_json::{Map, Value, json};

use super::errors::{AwsError, classify};
use super::progressive::{describe_as_listed, pages};
use crate::model::{Cluster, ServiceSummary, StrategyItem};

/// DescribeClusters takes at most 100 clusters per call.
pub const DESCRIBE_CLUSTERS_CHUNK: usize = 100;
/// DescribeServices takes at most 10 services per call.
pub const DESCRIBE_SERVICES_CHUNK: usize = 10;
pub use super::progressive::MAX_CONCURRENCY;

/// Every cluster in the region, described. Each ListClusters page is described as soon as it arrives,
/// so the describe calls overlap with the remaining pages.
pub async fn load_clusters(client: &aws_sdk_ecs::Client) -> Result<Vec<Cluster>, AwsError> {
    load_clusters_progressively(client, |_| {}).await
}

/// [`load_clusters`], handing each described chunk (up to 100 clusters) to `on_rows` as soon as it
/// and every chunk before it are described, so a screen can show the first page while the rest
/// loads (1,003 clusters: 11 ListClusters pages, the first rows after two round trips).
///
/// The describe calls are spawned (their answers decode on both worker threads) and aborted when
/// this future is dropped (the screen was left).
/// At most [`MAX_CONCURRENCY`] describe calls at once; ListClusters pages are sequential (each
/// needs the previous page's `nextToken`). The first failure ends the load.
pub async fn load_clusters_progressively(
    client: &aws_sdk_ecs::Client,
    on_rows: impl FnMut(&[Cluster]),
) -> Result<Vec<Cluster>, AwsError> {
    let paginator = client
        .list_clusters()
        .max_results(100)
        .into_paginator()
        .send();
    let pages = pages(paginator, "ListClusters", |o| o.cluster_arns().to_vec());
    let describe = |arns: Vec<String>| {
        let client = client.clone();
        async move { describe_clusters(&client, &arns).await }
    };
    describe_as_listed(pages, DESCRIBE_CLUSTERS_CHUNK, describe, on_rows).await
}

/// Describes up to 100 clusters with their settings and tags. Clusters that vanished between the
/// list and the describe come back as `failures` and are left out.
pub async fn describe_clusters(
    client: &aws_sdk_ecs::Client,
    arns: &[String],
) -> Result<Vec<Cluster>, AwsError> {
    if arns.is_empty() {
        return Ok(Vec::new());
    }
    let out = client
        .describe_clusters()
        .set_clusters(Some(arns.to_vec()))
        .include(ClusterField::Settings)
        .include(ClusterField::Tags)
        .include(ClusterField::Configurations)
        .send()
        .await
        .map_err(|e| classify("DescribeClusters", &e))?;
    for failure in out.failures() {
        tracing::debug!(arn = ?failure.arn(), reason = ?failure.reason(), "cluster not described");
    }
    Ok(out.clusters().iter().map(map_cluster).collect())
}

/// One cluster by name or ARN, or NotFound.
pub async fn describe_cluster(
    client: &aws_sdk_ecs::Client,
    name: &str,
) -> Result<Cluster, AwsError> {
    describe_clusters(client, &[name.to_string()])
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| AwsError {
            kind: super::errors::ErrorKind::NotFound,
            code: Some("ClusterNotFoundException".to_string()),
            message: format!("cluster {name} not found"),
            hint: Some("it may have been deleted; refresh the cluster list".to_string()),
            read_back: None,
        })
}

/// Every service of a cluster with desired/running counts, sorted by name.
pub async fn load_services(
    client: &aws_sdk_ecs::Client,
    cluster: &str,
) -> Result<Vec<ServiceSummary>, AwsError> {
    let arns = super::services::list_service_arns(client, cluster).await?;
    let chunks: Vec<Vec<String>> = arns
        .chunks(DESCRIBE_SERVICES_CHUNK)
        .map(<[String]>::to_vec)
        .collect();
    let described: Vec<Vec<ServiceSummary>> = futures::stream::iter(chunks)
        .map(|chunk| describe_services(client, cluster, chunk))
        .buffered(MAX_CONCURRENCY)
        .try_collect()
        .await?;
    let mut services: Vec<ServiceSummary> = described.into_iter().flatten().collect();
    services.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(services)
}

async fn describe_services(
    client: &aws_sdk_ecs::Client,
    cluster: &str,
    arns: Vec<String>,
) -> Result<Vec<ServiceSummary>, AwsError> {
    let out = client
        .describe_services()
        .cluster(cluster)
        .set_services(Some(arns))
        .send()
        .await
        .map_err(|e| classify("DescribeServices", &e))?;
    Ok(out.services().iter().map(map_service).collect())
}

fn map_service(s: &ecs::Service) -> ServiceSummary {
    ServiceSummary {
        name: s.service_name().unwrap_or_default().to_string(),
        arn: s.service_arn().unwrap_or_default().to_string(),
        status: s.status().unwrap_or_default().to_string(),
        desired: s.desired_count(),
        running: s.running_count(),
        pending: s.pending_count(),
        launch_type: s
            .launch_type()
            .map(|l| l.as_str().to_string())
            .or_else(|| {
                s.capacity_provider_strategy()
                    .first()
                    .map(|c| c.capacity_provider().to_string())
            })
            .unwrap_or_default(),
        task_definition: s
            .task_definition()
            .map(short_task_definition)
            .unwrap_or_default(),
    }
}

/// `arn:...:task-definition/web:3` → `web:3`; other forms are kept as they are.
pub fn short_task_definition(arn: &str) -> String {
    arn.rsplit_once("task-definition/")
        .map(|(_, rest)| rest.to_string())
        .unwrap_or_else(|| arn.to_string())
}

/// Maps the SDK's cluster into ours, keeping the full description as API-shaped JSON.
pub fn map_cluster(c: &ecs::Cluster) -> Cluster {
    let settings: Vec<(String, String)> = c
        .settings()
        .iter()
        .map(|s| {
            (
                s.name().map(|n| n.as_str().to_string()).unwrap_or_default(),
                s.value().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let container_insights = settings
        .iter()
        .find(|(name, _)| name == "containerInsights")
        .map(|(_, value)| value.clone());
    let tags: Vec<(String, String)> = c
        .tags()
        .iter()
        .map(|t| {
            (
                t.key().unwrap_or_default().to_string(),
                t.value().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let default_strategy = c
        .default_capacity_provider_strategy()
        .iter()
        .map(|s| StrategyItem {
            provider: s.capacity_provider().to_string(),
            weight: s.weight(),
            base: s.base(),
        })
        .collect();
    Cluster {
        name: c.cluster_name().unwrap_or_default().to_string(),
        arn: c.cluster_arn().unwrap_or_default().to_string(),
        status: c.status().unwrap_or_default().to_string(),
        active_services: c.active_services_count(),
        running_tasks: c.running_tasks_count(),
        pending_tasks: c.pending_tasks_count(),
        container_instances: c.registered_container_instances_count(),
        capacity_providers: c.capacity_providers().to_vec(),
        default_strategy,
        container_insights,
        default_namespace: c
            .service_connect_defaults()
            .and_then(|d| d.namespace())
            .map(str::to_string),
        settings,
        tags,
        json: cluster_json(c),
    }
}

/// The cluster in the shape `aws ecs describe-clusters` prints, for the JSON view.
fn cluster_json(c: &ecs::Cluster) -> Value {
    let mut m = Map::new();
    let mut put = |k: &str, v: Value| {
        if !v.is_null() {
            m.insert(k.to_string(), v);
        }
    };
    put("clusterArn", json!(c.cluster_arn()));
    put("clusterName", json!(c.cluster_name()));
    put("status", json!(c.status()));
    put(
        "registeredContainerInstancesCount",
        json!(c.registered_container_instances_count()),
    );
    put("runningTasksCount", json!(c.running_tasks_count()));
    put("pendingTasksCount", json!(c.pending_tasks_count()));
    put("activeServicesCount", json!(c.active_services_count()));
    put(
        "statistics",
        Value::Array(
            c.statistics()
                .iter()
                .map(|s| json!({"name": s.name(), "value": s.value()}))
                .collect(),
        ),
    );
    put(
        "tags",
        Value::Array(
            c.tags()
                .iter()
                .map(|t| json!({"key": t.key(), "value": t.value()}))
                .collect(),
        ),
    );
    put(
        "settings",
        Value::Array(
            c.settings()
                .iter()
                .map(|s| json!({"name": s.name().map(|n| n.as_str()), "value": s.value()}))
                .collect(),
        ),
    );
    put("capacityProviders", json!(c.capacity_providers()));
    put(
        "defaultCapacityProviderStrategy",
        Value::Array(
            c.default_capacity_provider_strategy()
                .iter()
                .map(|s| {
                    json!({"capacityProvider": s.capacity_provider(), "weight": s.weight(), "base": s.base()})
                })
                .collect(),
        ),
    );
    if let Some(cfg) = c.configuration() {
        let exec = cfg.execute_command_configuration().map(|e| {
            json!({
                "kmsKeyId": e.kms_key_id(),
                "logging": e.logging().map(|l| l.as_str()),
            })
        });
        put(
            "configuration",
            json!({ "executeCommandConfiguration": exec }),
        );
    }
    put(
        "attachments",
        Value::Array(
            c.attachments()
                .iter()
                .map(|a| json!({"id": a.id(), "type": a.r#type(), "status": a.status()}))
                .collect(),
        ),
    );
    put("attachmentsStatus", json!(c.attachments_status()));
    if let Some(d) = c.service_connect_defaults() {
        put(
            "serviceConnectDefaults",
            json!({"namespace": d.namespace()}),
        );
    }
    Value::Object(m)
}

#[cfg(test)]
#[path = "clusters_tests.rs"]
mod tests;
