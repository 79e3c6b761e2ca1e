//! Settling a write whose answer was lost (issue #9.3): after a timeout, a reset, a 5xx or an
//! unreadable reply the change may have happened, so tecs reads the resource back before it says
//! anything. A change found done becomes a success; one found missing says "nothing changed"; a
//! read-back that fails too leaves the outcome unknown, and says so.
//!
//! Each `*_done` function answers `Ok(Some(value))` when the change is there, `Ok(None)` when it
//! is not, and `Err` when it could not tell.

use std::future::Future;
use std::time::{Duration, SystemTime};

use serde_json::Value;

use super::{clusters, namespace_admin, services, task_definitions, tasks};
use crate::domain::json_diff;
use crate::model::error::ReadBack;
use crate::model::service::{NewService, Service, ServiceUpdate};
use crate::model::task::Task;
use crate::model::{AwsError, Cluster, Delivery, ErrorKind, TaskDefinition};

/// `result` as the operator should see it: a failure whose delivery is [`Delivery::Unknown`] is
/// read back with `read_back`; found done → `Ok`, found missing → the error marked
/// [`ReadBack::NotDone`], unreadable → marked [`ReadBack::Failed`]. Other results pass through.
pub async fn settle<T, Fut>(
    what: &str,
    result: Result<T, AwsError>,
    read_back: impl FnOnce() -> Fut,
) -> Result<T, AwsError>
where
    Fut: Future<Output = Result<Option<T>, AwsError>>,
{
    match result {
        Err(e) if e.delivery() == Delivery::Unknown => match read_back().await {
            Ok(Some(done)) => {
                tracing::warn!(what, error = %e, "the answer was lost; reading back shows it done");
                Ok(done)
            }
            Ok(None) => {
                tracing::warn!(what, error = %e, "the answer was lost; reading back shows it not done");
                Err(e.read_back(ReadBack::NotDone))
            }
            Err(r) => {
                tracing::warn!(what, error = %e, read_back = %r, "outcome unknown; read-back failed");
                Err(e.read_back(ReadBack::Failed(r.message)))
            }
        },
        other => other,
    }
}

/// The newest ACTIVE revision of the family in `sent`, when it holds everything `sent` asked for
/// (RegisterTaskDefinition input; `tags` are not part of a description and are not compared).
pub async fn registered(
    ecs: &aws_sdk_ecs::Client,
    sent: &Value,
) -> Result<Option<TaskDefinition>, AwsError> {
    let Some(family) = sent.get("family").and_then(Value::as_str) else {
        return Ok(None);
    };
    let latest = match task_definitions::describe(ecs, family).await {
        Ok(td) => td,
        // A family with no ACTIVE revision: nothing was registered.
        Err(e) if e.code.is_some() && e.kind == ErrorKind::InvalidRequest => return Ok(None),
        Err(e) => return Err(e),
    };
    let mut wanted = sent.clone();
    if let Some(o) = wanted.as_object_mut() {
        o.remove("tags");
    }
    Ok(json_diff::contains(&latest.json, &wanted).then_some(latest))
}

/// Whether the revision is INACTIVE (deregistered) or on its way out (DELETE_IN_PROGRESS).
pub async fn deregistered(ecs: &aws_sdk_ecs::Client, arn: &str) -> Result<Option<()>, AwsError> {
    let td = task_definitions::describe(ecs, arn).await?;
    Ok((td.status != "ACTIVE").then_some(()))
}

/// Whether the revision is being deleted or gone.
pub async fn revision_deleted(
    ecs: &aws_sdk_ecs::Client,
    arn: &str,
) -> Result<Option<()>, AwsError> {
    match task_definitions::describe(ecs, arn).await {
        Ok(td) => Ok((td.status == "DELETE_IN_PROGRESS").then_some(())),
        Err(e) if e.code.is_some() && e.kind == ErrorKind::InvalidRequest => Ok(Some(())),
        Err(e) => Err(e),
    }
}

/// The cluster as it is now, when `done` says the change is in it. A cluster that is missing
/// counts as INACTIVE (DescribeClusters reports a deleted cluster as MISSING after a while).
pub async fn cluster_done(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
    done: impl Fn(&Cluster) -> bool,
) -> Result<Option<Cluster>, AwsError> {
    match clusters::describe_cluster(ecs, cluster).await {
        Ok(c) => Ok(done(&c).then_some(c)),
        Err(e) if e.kind == ErrorKind::NotFound => {
            let mut gone = Cluster::named(cluster);
            gone.status = "INACTIVE".to_string();
            Ok(done(&gone).then_some(gone))
        }
        Err(e) => Err(e),
    }
}

/// Whether the Cloud Map namespace is gone (GetNamespace answers NamespaceNotFound).
pub async fn namespace_deleted(
    sd: &aws_sdk_servicediscovery::Client,
    id: &str,
) -> Result<Option<()>, AwsError> {
    match namespace_admin::get_namespace(sd, id).await {
        Ok(_) => Ok(None),
        Err(e) if e.kind == ErrorKind::NotFound => Ok(Some(())),
        Err(e) => Err(e),
    }
}

/// The service as it is now, when it shows `update`: the desired count and revision asked for,
/// and for a forced deployment a PRIMARY deployment started after `sent_at` (less a minute for
/// clock skew between here and AWS).
pub async fn service_updated(
    ecs: &aws_sdk_ecs::Client,
    update: &ServiceUpdate,
    sent_at: SystemTime,
) -> Result<Option<Service>, AwsError> {
    let s = services::describe_service(ecs, &update.cluster, &update.service).await?;
    let count = update.desired_count.is_none_or(|n| s.desired == n);
    let revision = update.task_definition.as_deref().is_none_or(|want| {
        // `family:revision` or an ARN; the service always holds the ARN.
        s.task_definition == want || s.task_definition.ends_with(&format!("/{want}"))
    });
    let skew = sent_at
        .checked_sub(Duration::from_secs(60))
        .unwrap_or(sent_at);
    let deployed = !update.force_new_deployment
        || s.deployments
            .iter()
            .any(|d| d.status == "PRIMARY" && d.created_at.is_some_and(|at| at >= skew));
    let exec = update
        .enable_execute_command
        .is_none_or(|e| s.enable_execute_command == e);
    Ok((count && revision && deployed && exec).then_some(s))
}

/// The service as it is now, when it exists ACTIVE with the revision `spec` asked for.
pub async fn service_created(
    ecs: &aws_sdk_ecs::Client,
    spec: &NewService,
) -> Result<Option<Service>, AwsError> {
    match services::describe_service(ecs, &spec.cluster, &spec.name).await {
        Ok(s) => {
            let want = spec.task_definition.as_str();
            let same =
                s.task_definition == want || s.task_definition.ends_with(&format!("/{want}"));
            Ok((s.status == "ACTIVE" && same).then_some(s))
        }
        Err(e) if e.kind == ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Whether the service is DRAINING or INACTIVE (or gone).
pub async fn service_deleted(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
    service: &str,
) -> Result<Option<()>, AwsError> {
    match services::describe_service(ecs, cluster, service).await {
        Ok(s) => Ok((s.status != "ACTIVE").then_some(())),
        Err(e) if e.kind == ErrorKind::NotFound => Ok(Some(())),
        Err(e) => Err(e),
    }
}

/// The task as it is now, when it is stopping (desired status STOPPED).
pub async fn task_stopping(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
    task: &str,
) -> Result<Option<Task>, AwsError> {
    let t = tasks::describe_task(ecs, cluster, task).await?;
    Ok((t.desired_status == "STOPPED").then_some(t))
}

#[cfg(test)]
#[path = "read_back_tests.rs"]
mod tests;
