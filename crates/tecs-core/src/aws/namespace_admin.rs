//! Creating and deleting Cloud Map namespaces. Cloud Map answers both with an operation id and
//! does the work in the background, so each call is followed by GetOperation polls on a bounded
//! backoff schedule until SUCCESS or FAIL. Also the VPC list the private DNS choice needs.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime};

use aws_sdk_servicediscovery::types::{
    FilterCondition, OperationStatus, ServiceFilter, ServiceFilterName,
};
use futures::{StreamExt, TryStreamExt};
use serde_json::Value;

use super::clusters::MAX_CONCURRENCY;
use super::errors::{AwsError, ErrorKind, classify};
use super::namespaces::CLOUD_MAP_PAGE;
use super::raw_request::ReplaceBody;
pub use crate::domain::namespace::{NewNamespace, NewNamespaceKind};
use crate::domain::request::{Operation, PlannedRequest};
use crate::model::namespace::{Namespace, NamespaceKind};
pub use crate::model::namespace::{OperationProgress, VpcSummary};

/// When to poll an asynchronous operation: at once, then after `initial`, doubling up to `max`
/// between polls, until `budget` has been spent waiting. No jitter: one operator follows one
/// operation, so there is no herd of pollers to spread out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PollSchedule {
    pub initial: Duration,
    pub max: Duration,
    pub budget: Duration,
}

impl PollSchedule {
    /// For Cloud Map: HTTP namespaces finish in seconds, private DNS ones (a Route 53 hosted
    /// zone) can take minutes; five minutes of waiting covers both without polling forever.
    pub const CLOUD_MAP: Self = Self {
        initial: Duration::from_millis(500),
        max: Duration::from_secs(5),
        budget: Duration::from_secs(300),
    };

    /// The wait before each poll, first one zero; the sum never exceeds the budget.
    pub fn delays(&self) -> PollDelays {
        PollDelays {
            schedule: *self,
            next: None,
            spent: Duration::ZERO,
        }
    }
}

impl Default for PollSchedule {
    fn default() -> Self {
        Self::CLOUD_MAP
    }
}

/// Iterator over a [`PollSchedule`]'s waits.
#[derive(Debug, Clone)]
pub struct PollDelays {
    schedule: PollSchedule,
    /// The wait after the one just given; `None` before the first poll.
    next: Option<Duration>,
    spent: Duration,
}

impl Iterator for PollDelays {
    type Item = Duration;

    fn next(&mut self) -> Option<Duration> {
        let delay = match self.next {
            None => {
                // A zero initial delay would never advance; a millisecond keeps the loop bounded.
                self.next = Some(self.schedule.initial.max(Duration::from_millis(1)));
                return Some(Duration::ZERO);
            }
            Some(d) => d.min(self.schedule.max.max(Duration::from_millis(1))),
        };
        let spent = self.spent.saturating_add(delay);
        if spent > self.schedule.budget {
            return None;
        }
        self.spent = spent;
        self.next = Some(delay.saturating_mul(2));
        Some(delay)
    }
}

/// A finished operation and what it worked on (`NAMESPACE` → `ns-...`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompletedOperation {
    pub operation_id: String,
    pub targets: HashMap<String, String>,
}

impl CompletedOperation {
    /// The namespace id the operation created or deleted.
    pub fn namespace_id(&self) -> Option<&str> {
        self.targets.get("NAMESPACE").map(String::as_str)
    }
}

/// Polls GetOperation on `schedule` until SUCCESS (returned) or FAIL (an error with Cloud Map's
/// reason). Transient failures of GetOperation itself are polled through; running out of budget
/// is an error that says the operation may still finish.
pub async fn wait_for_operation(
    sd: &aws_sdk_servicediscovery::Client,
    operation_id: &str,
    schedule: &PollSchedule,
    on_progress: &mut (dyn FnMut(&OperationProgress) + Send),
) -> Result<CompletedOperation, AwsError> {
    let started = Instant::now();
    let mut polls = 0usize;
    let mut last_status = String::from("SUBMITTED");
    for delay in schedule.delays() {
        if !delay.is_zero() {
            tokio::time::sleep(delay).await;
        }
        polls = polls.saturating_add(1);
        let out = match sd.get_operation().operation_id(operation_id).send().await {
            Ok(out) => out,
            Err(e) => {
                let e = classify("servicediscovery:GetOperation", &e);
                if e.is_transient() {
                    tracing::debug!(error = %e, "GetOperation failed; polling again");
                    continue;
                }
                return Err(e);
            }
        };
        let Some(op) = out.operation() else {
            return Err(AwsError::other(format!(
                "GetOperation returned no operation for {operation_id}"
            )));
        };
        last_status = op.status().map_or("SUBMITTED", |s| s.as_str()).to_string();
        on_progress(&OperationProgress {
            operation_id: operation_id.to_string(),
            status: last_status.clone(),
            polls,
            elapsed: started.elapsed(),
        });
        match op.status() {
            Some(OperationStatus::Success) => {
                let targets = op
                    .targets()
                    .map(|t| {
                        t.iter()
                            .map(|(k, v)| (k.as_str().to_string(), v.clone()))
                            .collect()
                    })
                    .unwrap_or_default();
                return Ok(CompletedOperation {
                    operation_id: operation_id.to_string(),
                    targets,
                });
            }
            Some(OperationStatus::Fail) => {
                let reason = op.error_message().unwrap_or("no reason given");
                return Err(AwsError {
                    kind: ErrorKind::InvalidRequest,
                    code: op.error_code().map(str::to_string),
                    message: format!("Cloud Map operation {operation_id} failed: {reason}"),
                    hint: None,
                    read_back: None,
                });
            }
            _ => {}
        }
    }
    Err(AwsError {
        kind: ErrorKind::Other,
        code: None,
        message: format!(
            "Cloud Map operation {operation_id} was still {last_status} after {}s",
            schedule.budget.as_secs()
        ),
        hint: Some(
            "it may still finish: refresh the namespaces list later (aws servicediscovery get-operation)"
                .to_string(),
        ),
        read_back: None,
    })
}

/// A token Cloud Map uses to recognise a retried create as the same request. Unique per call,
/// never derived from the name: recreating a deleted namespace must not be taken for a retry.
fn creator_request_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!("tecs-{nanos:x}-{:x}-{n:x}", std::process::id())
}

/// The body of a planned Cloud Map create, with a fresh CreatorRequestId so the SDK's retries
/// cannot create the namespace twice.
fn create_body(planned: &PlannedRequest) -> Result<Vec<u8>, AwsError> {
    let mut request = planned.request.clone();
    if let Value::Object(members) = &mut request {
        members.insert(
            "CreatorRequestId".to_string(),
            Value::String(creator_request_id()),
        );
    }
    serde_json::to_vec(&request)
        .map_err(|e| AwsError::invalid(format!("cannot encode the request: {e}")))
}

fn with_body(body: Vec<u8>) -> aws_sdk_servicediscovery::config::Builder {
    super::write_once::cloud_map().interceptor(ReplaceBody::new(body))
}

/// Sends a planned CreateHttpNamespace or CreatePrivateDnsNamespace exactly as planned and
/// returns the operation id.
pub async fn send_create_namespace(
    sd: &aws_sdk_servicediscovery::Client,
    planned: &PlannedRequest,
) -> Result<String, AwsError> {
    let name = planned
        .request
        .get("Name")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    let body = create_body(planned)?;
    // The typed builders only have to pass the SDK's required-field checks; the body is replaced.
    let operation_id = match planned.operation {
        Operation::CreateHttpNamespace => sd
            .create_http_namespace()
            .name(&name)
            .customize()
            .config_override(with_body(body))
            .send()
            .await
            .map_err(|e| classify("servicediscovery:CreateHttpNamespace", &e))?
            .operation_id()
            .map(str::to_string),
        Operation::CreatePrivateDnsNamespace => {
            let vpc = planned
                .request
                .get("Vpc")
                .and_then(Value::as_str)
                .unwrap_or_default();
            sd.create_private_dns_namespace()
                .name(&name)
                .vpc(vpc)
                .customize()
                .config_override(with_body(body))
                .send()
                .await
                .map_err(|e| classify("servicediscovery:CreatePrivateDnsNamespace", &e))?
                .operation_id()
                .map(str::to_string)
        }
        other => {
            return Err(AwsError::other(format!(
                "{} is not a namespace create",
                other.api_name()
            )));
        }
    };
    operation_id.ok_or_else(|| {
        AwsError::other(format!(
            "{} returned no operation id",
            planned.operation.api_name()
        ))
    })
}

/// Creates a namespace, follows the operation to the end, and returns the namespace as the
/// namespaces view shows it.
pub async fn create_namespace(
    sd: &aws_sdk_servicediscovery::Client,
    spec: &NewNamespace,
    schedule: &PollSchedule,
    on_progress: &mut (dyn FnMut(&OperationProgress) + Send),
) -> Result<Namespace, AwsError> {
    let errors = spec.validate(&[]);
    if !errors.is_empty() {
        return Err(invalid(errors.join("; ")));
    }
    let operation_id = send_create_namespace(sd, &spec.request()).await?;
    let done = wait_for_operation(sd, &operation_id, schedule, on_progress).await?;
    let id = done.namespace_id().ok_or_else(|| {
        AwsError::other(format!(
            "operation {operation_id} succeeded without naming its namespace"
        ))
    })?;
    get_namespace(sd, id).await
}

/// One namespace by id.
pub async fn get_namespace(
    sd: &aws_sdk_servicediscovery::Client,
    id: &str,
) -> Result<Namespace, AwsError> {
    let out = sd
        .get_namespace()
        .id(id)
        .send()
        .await
        .map_err(|e| classify("servicediscovery:GetNamespace", &e))?;
    let n = out
        .namespace()
        .ok_or_else(|| AwsError::other(format!("GetNamespace returned nothing for {id}")))?;
    let properties = n.properties();
    Ok(Namespace {
        id: n.id().unwrap_or(id).to_string(),
        arn: n.arn().unwrap_or_default().to_string(),
        name: n.name().unwrap_or_default().to_string(),
        kind: n
            .r#type()
            .map(|t| NamespaceKind::from_api(t.as_str()))
            .unwrap_or_else(|| NamespaceKind::Other("-".to_string())),
        description: n
            .description()
            .filter(|d| !d.is_empty())
            .map(str::to_string),
        created: n.create_date().and_then(|t| SystemTime::try_from(*t).ok()),
        service_count: n.service_count(),
        hosted_zone_id: properties
            .and_then(|p| p.dns_properties())
            .and_then(|d| d.hosted_zone_id())
            .map(|z| z.trim_start_matches("/hostedzone/").to_string()),
        http_name: properties
            .and_then(|p| p.http_properties())
            .and_then(|h| h.http_name())
            .map(str::to_string),
    })
}

/// Names of the Cloud Map services in namespace `id`, sorted. ListServices is filtered by
/// namespace, and every listed service is then confirmed with GetService, because an endpoint
/// that ignores the filter (the emulator does) would otherwise make every namespace look busy,
/// and the list summaries do not carry the namespace id to check against.
pub async fn namespace_service_names(
    sd: &aws_sdk_servicediscovery::Client,
    id: &str,
) -> Result<Vec<String>, AwsError> {
    let filter = ServiceFilter::builder()
        .name(ServiceFilterName::NamespaceId)
        .values(id)
        .condition(FilterCondition::Eq)
        .build()
        .map_err(|e| AwsError::invalid(format!("building the ListServices filter: {e}")))?;
    let mut service_ids: Vec<String> = Vec::new();
    let mut pages = sd
        .list_services()
        .filters(filter)
        .max_results(CLOUD_MAP_PAGE)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| classify("servicediscovery:ListServices", &e))?;
        service_ids.extend(
            page.services()
                .iter()
                .filter_map(|s| s.id().map(str::to_string)),
        );
    }
    let confirmed: Vec<Option<String>> = futures::stream::iter(service_ids)
        .map(|service_id: String| async move {
            match sd.get_service().id(&service_id).send().await {
                Ok(out) => Ok(out
                    .service()
                    .filter(|s| s.namespace_id() == Some(id))
                    .map(|s| s.name().unwrap_or(&service_id).to_string())),
                // Deleted between the list and the get: not in the namespace any more.
                Err(e) => match classify("servicediscovery:GetService", &e) {
                    // Cloud Map spells it ServiceNotFound, which the generic rules do not know.
                    e if e.kind == ErrorKind::NotFound
                        || e.code.as_deref() == Some("ServiceNotFound") =>
                    {
                        Ok(None)
                    }
                    e => Err(e),
                },
            }
        })
        .buffered(MAX_CONCURRENCY)
        .try_collect()
        .await?;
    let mut names: Vec<String> = confirmed.into_iter().flatten().collect();
    names.sort();
    Ok(names)
}

/// Deletes namespace `id` and follows the operation to the end. Refused while the namespace has
/// Cloud Map services, as AWS refuses it (ResourceInUse); the emulator would delete anyway.
pub async fn delete_namespace(
    sd: &aws_sdk_servicediscovery::Client,
    id: &str,
    schedule: &PollSchedule,
    on_progress: &mut (dyn FnMut(&OperationProgress) + Send),
) -> Result<CompletedOperation, AwsError> {
    let services = namespace_service_names(sd, id).await?;
    if !services.is_empty() {
        let n = services.len();
        return Err(AwsError {
            kind: ErrorKind::InvalidRequest,
            code: Some("ResourceInUse".to_string()),
            message: format!(
                "namespace {id} still has {n} Cloud Map service{}: {}",
                if n == 1 { "" } else { "s" },
                services.join(", ")
            ),
            hint: Some(
                "delete those services first (deleting an ECS service that uses Service Connect \
                 removes its Cloud Map service)"
                    .to_string(),
            ),
            read_back: None,
        });
    }
    let out = sd
        .delete_namespace()
        .id(id)
        .customize()
        .config_override(super::write_once::cloud_map())
        .send()
        .await
        .map_err(|e| classify("servicediscovery:DeleteNamespace", &e))?;
    let operation_id = out
        .operation_id()
        .ok_or_else(|| AwsError::other("DeleteNamespace returned no operation id"))?;
    wait_for_operation(sd, operation_id, schedule, on_progress).await
}

/// Every VPC of the region, the default first, then by id.
pub async fn list_vpcs(ec2: &aws_sdk_ec2::Client) -> Result<Vec<VpcSummary>, AwsError> {
    let vpcs: Vec<aws_sdk_ec2::types::Vpc> = ec2
        .describe_vpcs()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| classify("ec2:DescribeVpcs", &e))?;
    let mut out: Vec<VpcSummary> = vpcs
        .iter()
        .map(|v| VpcSummary {
            id: v.vpc_id().unwrap_or_default().to_string(),
            cidr: v.cidr_block().map(str::to_string),
            is_default: v.is_default().unwrap_or(false),
            name: v
                .tags()
                .iter()
                .find(|t| t.key() == Some("Name"))
                .and_then(|t| t.value())
                .map(str::to_string),
        })
        .collect();
    out.sort_by(|a, b| (!a.is_default, &a.id).cmp(&(!b.is_default, &b.id)));
    Ok(out)
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
#[path = "namespace_admin_tests.rs"]
pub(crate) mod tests;
