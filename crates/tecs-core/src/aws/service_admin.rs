//! Writes on services and tasks: CreateService, UpdateService, DeleteService, RunTask and
//! StopTask. Create, update and run send the JSON body their `*_request` function returns (the
//! wizard's review shows that same JSON and an `aws ecs … --cli-input-json` line), so what the
//! operator approved is what goes out.
//!
//! AWS sources: ECS API reference, CreateService, UpdateService ("only the parameters you
//! specify are changed"; changing the task definition needs `iam:PassRole` for its roles, a
//! desired count alone does not), DeleteService ("you must scale the service down to zero
//! before you can delete it", unless `force`), RunTask (at most 10 tasks per call; placement
//! problems come back in `failures`), StopTask (`reason` shows up as the task's
//! `stoppedReason`, up to 255 characters).

use serde_json::Value;

use super::errors::{AwsError, ErrorKind, classify};
use super::raw_request::ReplaceBody;
use super::services::{describe_service, map_service};
use super::tasks::map_task;
pub use crate::domain::service_request::{
    cli_input_json, create_service_request, plan_create_service, plan_run_task, run_task_request,
    update_service_request,
};
use crate::model::service::{NewService, Service, ServiceUpdate};
use crate::model::task::{NewTask, Task};

/// RunTask starts at most 10 tasks per call.
pub const RUN_TASK_MAX_COUNT: i32 = 10;
/// StopTask allows up to 255 characters of reason (AWS SDK documentation of StopTaskRequest).
pub const STOP_REASON_MAX: usize = 255;

/// Sends [`update_service_request`]; returns the service as UpdateService answers it. An update
/// that changes nothing is refused before any call.
pub async fn update_service(
    ecs: &aws_sdk_ecs::Client,
    update: &ServiceUpdate,
) -> Result<Service, AwsError> {
    let request = update_service_request(update);
    if request.as_object().is_some_and(|m| m.len() <= 2) {
        return Err(invalid(format!(
            "nothing to change on service {}",
            update.service
        )));
    }
    // The typed builder only has to pass the SDK's required-field checks; the body is replaced.
    let out = ecs
        .update_service()
        .cluster(&update.cluster)
        .service(&update.service)
        .customize()
        .config_override(ecs_body(&request)?)
        .send()
        .await
        .map_err(|e| classify("UpdateService", &e))?;
    out.service()
        .map(map_service)
        .ok_or_else(|| AwsError::other("UpdateService returned no service"))
}

/// Deletes a service the way AWS asks: when its desired count is above 0, an UpdateService with
/// `desiredCount: 0` only first, then DeleteService without `force` (which would also skip the
/// scale-down's draining). Returns the service as DeleteService answers it (DRAINING, then
/// INACTIVE).
pub async fn delete_service(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
    service: &str,
) -> Result<Service, AwsError> {
    let current = describe_service(ecs, cluster, service).await?;
    if current.desired > 0 {
        update_service(
            ecs,
            &ServiceUpdate {
                cluster: cluster.to_string(),
                service: service.to_string(),
                desired_count: Some(0),
                ..ServiceUpdate::default()
            },
        )
        .await?;
    }
    let out = ecs
        .delete_service()
        .cluster(cluster)
        .service(service)
        .customize()
        .config_override(super::write_once::ecs())
        .send()
        .await
        .map_err(|e| classify("DeleteService", &e))?;
    out.service()
        .map(map_service)
        .ok_or_else(|| AwsError::other("DeleteService returned no service"))
}

/// Sends [`create_service_request`]; returns the service as CreateService answers it.
pub async fn create_service(
    ecs: &aws_sdk_ecs::Client,
    spec: &NewService,
) -> Result<Service, AwsError> {
    let request = create_service_request(spec);
    let out = ecs
        .create_service()
        .cluster(&spec.cluster)
        .service_name(&spec.name)
        .customize()
        .config_override(ecs_body(&request)?)
        .send()
        .await
        .map_err(|e| classify("CreateService", &e))?;
    out.service()
        .map(map_service)
        .ok_or_else(|| AwsError::other("CreateService returned no service"))
}

/// Sends [`run_task_request`]: the tasks started, and each `failures[]` entry as
/// `arn: reason` (with the detail when AWS gives one). A count outside 1-10 is refused before
/// any call.
pub async fn run_task(
    ecs: &aws_sdk_ecs::Client,
    spec: &NewTask,
) -> Result<(Vec<Task>, Vec<String>), AwsError> {
    if !(1..=RUN_TASK_MAX_COUNT).contains(&spec.count) {
        return Err(invalid(format!(
            "RunTask starts 1 to {RUN_TASK_MAX_COUNT} tasks per call ({} asked)",
            spec.count
        )));
    }
    let request = run_task_request(spec);
    let out = ecs
        .run_task()
        .cluster(&spec.cluster)
        .task_definition(&spec.task_definition)
        .customize()
        .config_override(ecs_body(&request)?)
        .send()
        .await
        .map_err(|e| classify("RunTask", &e))?;
    let tasks = out.tasks().iter().map(map_task).collect();
    let failures = out
        .failures()
        .iter()
        .map(|f| {
            let mut line = format!(
                "{}: {}",
                f.arn().unwrap_or("-"),
                f.reason().unwrap_or("no reason given")
            );
            if let Some(detail) = f.detail().filter(|d| !d.is_empty()) {
                line.push_str(&format!(" ({detail})"));
            }
            line
        })
        .collect();
    Ok((tasks, failures))
}

/// Stops a task, recording `reason` as its `stoppedReason` (cut to the API's 255 characters);
/// returns the task as StopTask answers it.
pub async fn stop_task(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
    task: &str,
    reason: &str,
) -> Result<Task, AwsError> {
    let reason: String = reason.chars().take(STOP_REASON_MAX).collect();
    let out = ecs
        .stop_task()
        .cluster(cluster)
        .task(task)
        .reason(reason)
        .customize()
        .config_override(super::write_once::ecs())
        .send()
        .await
        .map_err(|e| classify("StopTask", &e))?;
    out.task()
        .map(map_task)
        .ok_or_else(|| AwsError::other("StopTask returned no task"))
}

/// An override that sends `request` as the body of the call it is attached to.
fn ecs_body(request: &Value) -> Result<aws_sdk_ecs::config::Builder, AwsError> {
    let body = serde_json::to_vec(request)
        .map_err(|e| AwsError::invalid(format!("cannot encode the request: {e}")))?;
    Ok(super::write_once::ecs().interceptor(ReplaceBody::new(body)))
}

fn invalid(message: String) -> AwsError {
    AwsError {
        kind: ErrorKind::InvalidRequest,
        code: None,
        message,
        hint: None,
        read_back: None,
    }
}

#[cfg(test)]
#[path = "service_admin_tests.rs"]
mod tests;
