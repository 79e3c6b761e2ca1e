//! Container instances of an EC2 (or External) cluster: ListContainerInstances (100 a page) +
//! DescribeContainerInstances (100 a call).
//!
//! AWS sources: ECS API reference, ListContainerInstances (maxResults 1-100),
//! DescribeContainerInstances ("up to 100 container instances"); `registeredResources` /
//! `remainingResources` carry CPU (units) and MEMORY (MiB) as INTEGER resources.

use aws_sdk_ecs::types::{self as ecs, ContainerInstanceField};
use futures::{StreamExt, TryStreamExt};

use super::clusters::MAX_CONCURRENCY;
use super::errors::{AwsError, classify};
use crate::model::task::ContainerInstance;

/// ListContainerInstances returns at most 100 ARNs a page.
pub const LIST_CONTAINER_INSTANCES_PAGE: i32 = 100;
/// DescribeContainerInstances takes at most 100 instances per call.
pub const DESCRIBE_CONTAINER_INSTANCES_CHUNK: usize = 100;

/// Every container instance of `cluster` (name or ARN), described, sorted by EC2 instance id
/// (External instances, which have none, by ARN after them).
pub async fn list_container_instances(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
) -> Result<Vec<ContainerInstance>, AwsError> {
    let arns: Vec<String> = ecs
        .list_container_instances()
        .cluster(cluster)
        .max_results(LIST_CONTAINER_INSTANCES_PAGE)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| classify("ListContainerInstances", &e))?;
    let chunks: Vec<Vec<String>> = arns
        .chunks(DESCRIBE_CONTAINER_INSTANCES_CHUNK)
        .map(<[String]>::to_vec)
        .collect();
    // At most MAX_CONCURRENCY describes in flight: ECS read buckets are small and shared.
    let described: Vec<Vec<ContainerInstance>> = futures::stream::iter(chunks)
        .map(|chunk| describe_container_instances(ecs, cluster, chunk))
        .buffer_unordered(MAX_CONCURRENCY)
        .try_collect()
        .await?;
    let mut instances: Vec<ContainerInstance> = described.into_iter().flatten().collect();
    instances.sort_by(|a, b| {
        (a.ec2_instance_id.is_none(), &a.ec2_instance_id, &a.arn).cmp(&(
            b.ec2_instance_id.is_none(),
            &b.ec2_instance_id,
            &b.arn,
        ))
    });
    Ok(instances)
}

async fn describe_container_instances(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
    arns: Vec<String>,
) -> Result<Vec<ContainerInstance>, AwsError> {
    if arns.is_empty() {
        return Ok(Vec::new());
    }
    let out = ecs
        .describe_container_instances()
        .cluster(cluster)
        .set_container_instances(Some(arns))
        .include(ContainerInstanceField::Tags)
        .send()
        .await
        .map_err(|e| classify("DescribeContainerInstances", &e))?;
    for failure in out.failures() {
        tracing::debug!(arn = ?failure.arn(), reason = ?failure.reason(), "container instance not described");
    }
    Ok(out
        .container_instances()
        .iter()
        .map(map_container_instance)
        .collect())
}

/// The INTEGER value of resource `name` (`CPU`, `MEMORY`) in a resources list.
fn resource(resources: &[ecs::Resource], name: &str) -> Option<i32> {
    resources
        .iter()
        .find(|r| r.name() == Some(name))
        .map(ecs::Resource::integer_value)
}

/// Maps DescribeContainerInstances' instance into ours.
pub fn map_container_instance(c: &ecs::ContainerInstance) -> ContainerInstance {
    ContainerInstance {
        arn: c.container_instance_arn().unwrap_or_default().to_string(),
        ec2_instance_id: c.ec2_instance_id().map(str::to_string),
        status: c.status().unwrap_or_default().to_string(),
        agent_connected: c.agent_connected(),
        running_tasks: c.running_tasks_count(),
        pending_tasks: c.pending_tasks_count(),
        remaining_cpu: resource(c.remaining_resources(), "CPU"),
        remaining_memory: resource(c.remaining_resources(), "MEMORY"),
        registered_cpu: resource(c.registered_resources(), "CPU"),
        registered_memory: resource(c.registered_resources(), "MEMORY"),
        agent_version: c
            .version_info()
            .and_then(|v| v.agent_version())
            .map(str::to_string),
        docker_version: c
            .version_info()
            .and_then(|v| v.docker_version())
            .map(str::to_string),
        capacity_provider: c.capacity_provider_name().map(str::to_string),
    }
}

#[cfg(test)]
#[path = "container_instances_tests.rs"]
mod tests;
