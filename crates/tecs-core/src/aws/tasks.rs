//! Tasks: ListTasks (100 a page) + DescribeTasks (100 a call) for a cluster or one service, and
//! one task's description with its containers, network attachments and lifecycle timestamps.
//!
//! AWS sources: ECS API reference, ListTasks (maxResults 1-100; `desiredStatus` defaults to
//! RUNNING; `serviceName` filters to one service's tasks; stopped tasks stay listed for about an
//! hour), DescribeTasks ("up to 100 tasks"; `include=TAGS`).

use aws_sdk_ecs::types::{self as ecs, DesiredStatus as SdkDesiredStatus, TaskField};
use serde_json::{Value, json};

use super::errors::{AwsError, ErrorKind, classify};
use super::progressive::{describe_as_listed, pages};
use super::services::{Obj, iso, system_time, tags_json};
pub use crate::model::task::sort_tasks;
use crate::model::task::{Attachment, Container, DesiredStatus, Task, TaskTimestamps};

/// ListTasks returns at most 100 ARNs a page.
pub const LIST_TASKS_PAGE: i32 = 100;
/// DescribeTasks takes at most 100 tasks per call.
pub const DESCRIBE_TASKS_CHUNK: usize = 100;

/// The tasks of `cluster` (name or ARN) with `status` as their desired status, or only those of
/// `service` (its name), described. RUNNING tasks come newest started first, STOPPED ones newest
/// stopped first.
///
/// AWS filters by `serviceName` itself; tecs also keeps only tasks whose `group` is
/// `service:NAME` (the emulator ignores the filter) and whose cluster is `cluster` (the emulator
/// matches cluster names as substrings). Neither drops anything AWS returns.
pub async fn list_tasks(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
    service: Option<&str>,
    status: DesiredStatus,
) -> Result<Vec<Task>, AwsError> {
    list_tasks_progressively(ecs, cluster, service, status, |_| {}).await
}

/// [`list_tasks`], handing each described chunk (up to 100 tasks, sorted as the list sorts them,
/// filtered as [`list_tasks`] filters) to `on_rows` as soon as it and every chunk before it are
/// in, so a screen shows the first tasks while the rest load.
pub async fn list_tasks_progressively(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
    service: Option<&str>,
    status: DesiredStatus,
    mut on_rows: impl FnMut(&[Task]),
) -> Result<Vec<Task>, AwsError> {
    let desired = match status {
        DesiredStatus::Running => SdkDesiredStatus::Running,
        DesiredStatus::Stopped => SdkDesiredStatus::Stopped,
    };
    // ListTasks takes the service's name; the group is `service:NAME` too.
    let service = service.map(|s| s.rsplit('/').next().unwrap_or(s));
    let paginator = ecs
        .list_tasks()
        .cluster(cluster)
        .set_service_name(service.map(str::to_string))
        .desired_status(desired)
        .max_results(LIST_TASKS_PAGE)
        .into_paginator()
        .send();
    let pages = pages(paginator, "ListTasks", |o| o.task_arns().to_vec());
    let group = service.map(|s| format!("service:{s}"));
    let keep =
        |t: &Task| (group.is_none() || t.group == group) && in_cluster(&t.cluster_arn, cluster);
    let describe = |arns: Vec<String>| {
        let (ecs, cluster) = (ecs.clone(), cluster.to_string());
        async move { describe_tasks(&ecs, &cluster, arns).await }
    };
    let tasks = describe_as_listed(pages, DESCRIBE_TASKS_CHUNK, describe, |rows| {
        let mut rows: Vec<Task> = rows.iter().filter(|t| keep(t)).cloned().collect();
        // A chunk of other services' tasks (the emulator ignores the filter) shows nothing yet.
        if !rows.is_empty() {
            sort_tasks(&mut rows, status);
            on_rows(&rows);
        }
    })
    .await?;
    let mut tasks: Vec<Task> = tasks.into_iter().filter(|t| keep(t)).collect();
    sort_tasks(&mut tasks, status);
    Ok(tasks)
}

/// One task by id or ARN; NotFound when DescribeTasks reports it in `failures`.
pub async fn describe_task(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
    task: &str,
) -> Result<Task, AwsError> {
    describe_tasks(ecs, cluster, vec![task.to_string()])
        .await?
        .into_iter()
        .next()
        .ok_or_else(|| AwsError {
            kind: ErrorKind::NotFound,
            code: Some("TaskNotFoundException".to_string()),
            message: format!("task {task} not found in cluster {cluster}"),
            hint: Some(
                "stopped tasks are only listed for about an hour; refresh the task list"
                    .to_string(),
            ),
            read_back: None,
        })
}

/// Describes up to 100 tasks with their tags; tasks in `failures` are logged and left out.
async fn describe_tasks(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
    arns: Vec<String>,
) -> Result<Vec<Task>, AwsError> {
    if arns.is_empty() {
        return Ok(Vec::new());
    }
    let out = ecs
        .describe_tasks()
        .cluster(cluster)
        .set_tasks(Some(arns))
        .include(TaskField::Tags)
        .send()
        .await
        .map_err(|e| classify("DescribeTasks", &e))?;
    for failure in out.failures() {
        tracing::debug!(arn = ?failure.arn(), reason = ?failure.reason(), "task not described");
    }
    Ok(out.tasks().iter().map(map_task).collect())
}

/// Whether a task's cluster ARN is `cluster` (a name or an ARN). An unknown ARN is kept.
fn in_cluster(task_cluster_arn: &str, cluster: &str) -> bool {
    if task_cluster_arn.is_empty() || cluster.is_empty() {
        return true;
    }
    if cluster.starts_with("arn:") {
        task_cluster_arn == cluster
    } else {
        task_cluster_arn.rsplit('/').next() == Some(cluster)
    }
}

/// Maps DescribeTasks' task into ours, with the description as API-shaped JSON.
pub fn map_task(t: &ecs::Task) -> Task {
    Task {
        arn: t.task_arn().unwrap_or_default().to_string(),
        cluster_arn: t.cluster_arn().unwrap_or_default().to_string(),
        task_definition: t.task_definition_arn().unwrap_or_default().to_string(),
        last_status: t.last_status().unwrap_or_default().to_string(),
        desired_status: t.desired_status().unwrap_or_default().to_string(),
        health: t.health_status().map(|h| h.as_str().to_string()),
        launch_type: t.launch_type().map(|l| l.as_str().to_string()),
        capacity_provider: t.capacity_provider_name().map(str::to_string),
        availability_zone: t.availability_zone().map(str::to_string),
        group: t.group().map(str::to_string),
        started_by: t.started_by().map(str::to_string),
        cpu: t.cpu().map(str::to_string),
        memory: t.memory().map(str::to_string),
        platform_version: t.platform_version().map(str::to_string),
        container_instance_arn: t.container_instance_arn().map(str::to_string),
        enable_execute_command: t.enable_execute_command(),
        stop_code: t.stop_code().map(|c| c.as_str().to_string()),
        // The emulator answers an empty reason for tasks nobody stopped.
        stopped_reason: t
            .stopped_reason()
            .filter(|r| !r.is_empty())
            .map(str::to_string),
        timestamps: TaskTimestamps {
            created: system_time(t.created_at()),
            pull_started: system_time(t.pull_started_at()),
            pull_stopped: system_time(t.pull_stopped_at()),
            started: system_time(t.started_at()),
            stopping: system_time(t.stopping_at()),
            execution_stopped: system_time(t.execution_stopped_at()),
            stopped: system_time(t.stopped_at()),
        },
        containers: t.containers().iter().map(map_container).collect(),
        attachments: t.attachments().iter().map(map_attachment).collect(),
        json: crate::model::CompactJson::new(&task_json(t)),
    }
}

fn map_container(c: &ecs::Container) -> Container {
    Container {
        name: c.name().unwrap_or_default().to_string(),
        image: c.image().unwrap_or_default().to_string(),
        image_digest: c.image_digest().map(str::to_string),
        last_status: c.last_status().unwrap_or_default().to_string(),
        exit_code: c.exit_code(),
        reason: c.reason().filter(|r| !r.is_empty()).map(str::to_string),
        health: c.health_status().map(|h| h.as_str().to_string()),
        ports: c.network_bindings().iter().map(port_label).collect(),
        cpu: c.cpu().map(str::to_string),
        memory: c.memory().map(str::to_string),
        private_ip: c
            .network_interfaces()
            .iter()
            .find_map(|n| n.private_ipv4_address())
            .map(str::to_string),
        runtime_id: c.runtime_id().map(str::to_string),
        exec_agent: c
            .managed_agents()
            .iter()
            .find(|a| {
                a.name()
                    .is_some_and(|n| n.as_str() == "ExecuteCommandAgent")
            })
            .and_then(|a| a.last_status())
            .map(str::to_string),
    }
}

/// `80->8080/tcp` with a host port, `8080/tcp` without; ranges as `8000-8010->8000-8010/tcp`.
pub fn port_label(b: &ecs::NetworkBinding) -> String {
    let protocol = b.protocol().map_or("tcp", |p| p.as_str());
    let container = b
        .container_port()
        .map(|p| p.to_string())
        .or_else(|| b.container_port_range().map(str::to_string))
        .unwrap_or_else(|| "?".to_string());
    let host = b
        .host_port()
        .map(|p| p.to_string())
        .or_else(|| b.host_port_range().map(str::to_string));
    match host {
        Some(host) => format!("{host}->{container}/{protocol}"),
        None => format!("{container}/{protocol}"),
    }
}

fn map_attachment(a: &ecs::Attachment) -> Attachment {
    let detail = |name: &str| {
        a.details()
            .iter()
            .find(|d| d.name() == Some(name))
            .and_then(|d| d.value())
            .map(str::to_string)
    };
    Attachment {
        id: a.id().unwrap_or_default().to_string(),
        kind: a.r#type().unwrap_or_default().to_string(),
        status: a.status().unwrap_or_default().to_string(),
        eni: detail("networkInterfaceId"),
        private_ip: detail("privateIPv4Address"),
        subnet: detail("subnetId"),
    }
}

fn key_values(pairs: &[ecs::KeyValuePair]) -> Value {
    Value::Array(
        pairs
            .iter()
            .map(|p| {
                Obj::default()
                    .put("name", json!(p.name()))
                    .put("value", json!(p.value()))
                    .build()
            })
            .collect(),
    )
}

fn container_json(c: &ecs::Container) -> Value {
    Obj::default()
        .put("containerArn", json!(c.container_arn()))
        .put("taskArn", json!(c.task_arn()))
        .put("name", json!(c.name()))
        .put("image", json!(c.image()))
        .put("imageDigest", json!(c.image_digest()))
        .put("runtimeId", json!(c.runtime_id()))
        .put("lastStatus", json!(c.last_status()))
        .put("exitCode", json!(c.exit_code()))
        .put("reason", json!(c.reason()))
        .put(
            "networkBindings",
            Value::Array(
                c.network_bindings()
                    .iter()
                    .map(|b| {
                        Obj::default()
                            .put("bindIP", json!(b.bind_ip()))
                            .put("containerPort", json!(b.container_port()))
                            .put("hostPort", json!(b.host_port()))
                            .put("protocol", json!(b.protocol().map(|p| p.as_str())))
                            .put("containerPortRange", json!(b.container_port_range()))
                            .put("hostPortRange", json!(b.host_port_range()))
                            .build()
                    })
                    .collect(),
            ),
        )
        .put(
            "networkInterfaces",
            Value::Array(
                c.network_interfaces()
                    .iter()
                    .map(|n| {
                        Obj::default()
                            .put("attachmentId", json!(n.attachment_id()))
                            .put("privateIpv4Address", json!(n.private_ipv4_address()))
                            .put("ipv6Address", json!(n.ipv6_address()))
                            .build()
                    })
                    .collect(),
            ),
        )
        .put("healthStatus", json!(c.health_status().map(|h| h.as_str())))
        .put("cpu", json!(c.cpu()))
        .put("memory", json!(c.memory()))
        .put("memoryReservation", json!(c.memory_reservation()))
        .build()
}

fn overrides_json(o: &ecs::TaskOverride) -> Value {
    Obj::default()
        .put(
            "containerOverrides",
            Value::Array(
                o.container_overrides()
                    .iter()
                    .map(|c| {
                        Obj::default()
                            .put("name", json!(c.name()))
                            .put_list("command", c.command().iter().map(|s| json!(s)).collect())
                            .put_list(
                                "environment",
                                key_values(c.environment())
                                    .as_array()
                                    .cloned()
                                    .unwrap_or_default(),
                            )
                            .put("cpu", json!(c.cpu()))
                            .put("memory", json!(c.memory()))
                            .put("memoryReservation", json!(c.memory_reservation()))
                            .build()
                    })
                    .collect(),
            ),
        )
        .put("cpu", json!(o.cpu()))
        .put("memory", json!(o.memory()))
        .put("taskRoleArn", json!(o.task_role_arn()))
        .put("executionRoleArn", json!(o.execution_role_arn()))
        .build()
}

/// The task in the shape `aws ecs describe-tasks` prints, for the JSON view; unset members are
/// left out.
fn task_json(t: &ecs::Task) -> Value {
    Obj::default()
        .put(
            "attachments",
            Value::Array(
                t.attachments()
                    .iter()
                    .map(|a| {
                        Obj::default()
                            .put("id", json!(a.id()))
                            .put("type", json!(a.r#type()))
                            .put("status", json!(a.status()))
                            .put("details", key_values(a.details()))
                            .build()
                    })
                    .collect(),
            ),
        )
        .put(
            "attributes",
            Value::Array(
                t.attributes()
                    .iter()
                    .map(|a| {
                        Obj::default()
                            .put("name", json!(a.name()))
                            .put("value", json!(a.value()))
                            .build()
                    })
                    .collect(),
            ),
        )
        .put("availabilityZone", json!(t.availability_zone()))
        .put("capacityProviderName", json!(t.capacity_provider_name()))
        .put("clusterArn", json!(t.cluster_arn()))
        .put("connectivity", json!(t.connectivity().map(|c| c.as_str())))
        .put("connectivityAt", iso(t.connectivity_at()))
        .put("containerInstanceArn", json!(t.container_instance_arn()))
        .put(
            "containers",
            Value::Array(t.containers().iter().map(container_json).collect()),
        )
        .put("cpu", json!(t.cpu()))
        .put("createdAt", iso(t.created_at()))
        .put("desiredStatus", json!(t.desired_status()))
        .put("enableExecuteCommand", json!(t.enable_execute_command()))
        .put("executionStoppedAt", iso(t.execution_stopped_at()))
        .put("group", json!(t.group()))
        .put("healthStatus", json!(t.health_status().map(|h| h.as_str())))
        .put("lastStatus", json!(t.last_status()))
        .put("launchType", json!(t.launch_type().map(|l| l.as_str())))
        .put("memory", json!(t.memory()))
        .put(
            "overrides",
            t.overrides().map_or(Value::Null, overrides_json),
        )
        .put("platformVersion", json!(t.platform_version()))
        .put("platformFamily", json!(t.platform_family()))
        .put("pullStartedAt", iso(t.pull_started_at()))
        .put("pullStoppedAt", iso(t.pull_stopped_at()))
        .put("startedAt", iso(t.started_at()))
        .put("startedBy", json!(t.started_by()))
        .put("stopCode", json!(t.stop_code().map(|c| c.as_str())))
        .put("stoppedAt", iso(t.stopped_at()))
        .put("stoppedReason", json!(t.stopped_reason()))
        .put("stoppingAt", iso(t.stopping_at()))
        .put("tags", tags_json(t.tags()))
        .put("taskArn", json!(t.task_arn()))
        .put("taskDefinitionArn", json!(t.task_definition_arn()))
        .put("version", json!(t.version()))
        .put(
            "ephemeralStorage",
            t.ephemeral_storage()
                .map_or(Value::Null, |e| json!({"sizeInGiB": e.size_in_gib()})),
        )
        .build()
}

#[cfg(test)]
#[path = "tasks_tests.rs"]
mod tests;
