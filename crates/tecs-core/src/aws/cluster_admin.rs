//! Creating, changing and deleting clusters. Every write sends the JSON body of the request the
//! operator reviewed (`domain::cluster` builds it), so the review and the call cannot drift.
//! Also the Auto Scaling groups the EC2 choice lists, and the delete precheck the emulator needs
//! (it deletes clusters that AWS would refuse to).

use aws_sdk_ecs::types::{
    AutoScalingGroupProvider, ClusterServiceConnectDefaultsRequest, ClusterSetting,
    ClusterSettingName, DesiredStatus,
};
use futures::{StreamExt, TryStreamExt};
use serde_json::Value;

use super::Clients;
use super::clusters::{DESCRIBE_SERVICES_CHUNK, MAX_CONCURRENCY, describe_clusters, map_cluster};
use super::errors::{AwsError, ErrorKind, classify};
use super::namespace_admin::{
    OperationProgress, PollSchedule, get_namespace, send_create_namespace, wait_for_operation,
};
use super::namespaces::load_namespaces;
use super::raw_request::ReplaceBody;
pub use crate::domain::cluster::{
    ContainerInsights, CreateClusterSpec, DefaultNamespace, DeletePrecheck, Infrastructure,
    capacity_providers_update, default_namespace_update, delete_cluster_request, insights_update,
    insights_update_via_update_cluster, registration_command, validate_capacity_providers,
};
use crate::domain::request::{Operation, PlannedRequest};
pub use crate::model::cluster::{
    Activation, AutoScalingGroupSummary, CreatedCluster, StepProgress, StepState,
};
use crate::model::namespace::Namespace;
use crate::model::{Cluster, StrategyItem};

/// ListServices / ListTasks / ListContainerInstances return at most 100 per page.
const ECS_PAGE: i32 = 100;
/// DescribeAutoScalingGroups returns at most 100 per page.
const ASG_PAGE: i32 = 100;

/// Creates the cluster `spec` describes, running its plan in order and reporting each step to
/// `on_progress`. Before any change it checks what the emulator would silently overwrite and AWS
/// would refuse or reuse: a live cluster of that name, a namespace or capacity provider of the new
/// names, a missing ECS Anywhere role. If a step fails after earlier ones made something, the
/// error's hint lists what was made.
pub async fn create_cluster(
    clients: &Clients,
    spec: &CreateClusterSpec,
    schedule: &PollSchedule,
    on_progress: &mut (dyn FnMut(&StepProgress) + Send),
) -> Result<CreatedCluster, AwsError> {
    let errors = spec.validate(&[]);
    if !errors.is_empty() {
        return Err(invalid(errors.join("; ")));
    }
    preflight(clients, spec).await?;

    let plan = spec.plan();
    let total = plan.len();
    // What this run made, and what the operator should do about it before retrying.
    let mut created: Vec<(String, String)> = Vec::new();
    let mut steps: Vec<StepProgress> = Vec::new();
    let mut namespace: Option<Namespace> = None;
    let mut capacity_provider_arn = None;
    let mut cluster: Option<Cluster> = None;
    let mut activation = None;

    for (i, planned) in plan.iter().enumerate() {
        let step = |state: StepState| StepProgress {
            index: i.saturating_add(1),
            total,
            title: planned.title.clone(),
            state,
        };
        on_progress(&step(StepState::Running));
        let outcome: Result<String, AwsError> = match planned.operation {
            Operation::CreateHttpNamespace => {
                let mut waiting = |p: &OperationProgress| {
                    on_progress(&step(StepState::Waiting {
                        status: p.status.clone(),
                        elapsed: p.elapsed,
                    }));
                };
                create_planned_namespace(&clients.discovery, planned, schedule, &mut waiting)
                    .await
                    .map(|ns| {
                        let detail = format!("namespace {} ({}) created", ns.name, ns.id);
                        created.push((
                            format!("namespace {} ({})", ns.name, ns.id),
                            format!("choose {} as the existing namespace", ns.name),
                        ));
                        namespace = Some(ns);
                        detail
                    })
            }
            Operation::CreateCapacityProvider => {
                send_create_capacity_provider(&clients.ecs, planned)
                    .await
                    .map(|arn| {
                        let name = planned.request["name"].as_str().unwrap_or_default();
                        created.push((
                            format!("capacity provider {name}"),
                            "choose another capacity provider name or delete it".to_string(),
                        ));
                        let detail = format!("capacity provider {arn} created");
                        capacity_provider_arn = Some(arn);
                        detail
                    })
            }
            Operation::CreateCluster => {
                let mut request = planned.clone();
                if let Some(ns) = &namespace {
                    // The plan names the new namespace; its ARN is now known and is what the
                    // emulator needs to link them (AWS accepts either).
                    request.request["serviceConnectDefaults"] =
                        serde_json::json!({"namespace": ns.arn});
                }
                send_create_cluster(&clients.ecs, &request).await.map(|c| {
                    let detail = format!("cluster {} is {}", c.arn, c.status);
                    cluster = Some(c);
                    detail
                })
            }
            Operation::CreateActivation => {
                let made = send_create_activation(&clients.ssm, planned)
                    .await
                    .map(|(id, code)| Activation {
                        registration_command: registration_command(
                            &id,
                            &code,
                            &clients.region,
                            &spec.name,
                        ),
                        id,
                        code,
                        region: clients.region.clone(),
                        cluster: spec.name.clone(),
                    });
                let report = match &made {
                    Ok(a) => Ok(format!("activation {} created", a.id)),
                    Err(e) => Err(e.clone()),
                };
                activation = Some(made);
                match report {
                    Ok(detail) => Ok(detail),
                    Err(e) => {
                        // The cluster is made; report the failed activation and finish.
                        let failed = step(StepState::Failed {
                            message: e.to_string(),
                        });
                        on_progress(&failed);
                        steps.push(failed);
                        continue;
                    }
                }
            }
            other => Err(AwsError::other(format!(
                "{} is not part of creating a cluster",
                other.api_name()
            ))),
        };
        match outcome {
            Ok(detail) => {
                let done = step(StepState::Done { detail });
                on_progress(&done);
                steps.push(done);
            }
            Err(e) => {
                on_progress(&step(StepState::Failed {
                    message: e.to_string(),
                }));
                return Err(with_created(e, &created));
            }
        }
    }
    let cluster =
        cluster.ok_or_else(|| AwsError::other("the plan had no CreateCluster request"))?;
    Ok(CreatedCluster {
        cluster,
        namespace,
        capacity_provider_arn,
        activation,
        steps,
    })
}

/// Checks, before any change, what would otherwise be overwritten (emulator) or reused (AWS).
/// A check the role may not perform is skipped rather than blocking: the create itself will
/// say what is wrong.
async fn preflight(clients: &Clients, spec: &CreateClusterSpec) -> Result<(), AwsError> {
    let live = describe_clusters(&clients.ecs, std::slice::from_ref(&spec.name)).await?;
    if let Some(c) = live.iter().find(|c| c.status != "INACTIVE") {
        return Err(invalid(format!(
            "a cluster named {} already exists in this region ({})",
            c.name, c.status
        )));
    }
    if let DefaultNamespace::NewHttp { name, .. } = &spec.namespace {
        match load_namespaces(&clients.discovery).await {
            Ok(namespaces) => {
                if let Some(ns) = namespaces.iter().find(|n| &n.name == name) {
                    let mut e = invalid(format!(
                        "a namespace named {name} already exists ({})",
                        ns.id
                    ));
                    e.hint = Some("choose it as the existing namespace instead".to_string());
                    return Err(e);
                }
            }
            Err(e) if matches!(e.kind, ErrorKind::AccessDenied { .. }) => {
                tracing::debug!(error = %e, "cannot list namespaces; skipping the name check");
            }
            Err(e) => return Err(e),
        }
    }
    match &spec.infrastructure {
        Infrastructure::Ec2 {
            capacity_provider_name,
            ..
        } => {
            let described = clients
                .ecs
                .describe_capacity_providers()
                .capacity_providers(capacity_provider_name)
                .send()
                .await
                .map_err(|e| classify("DescribeCapacityProviders", &e));
            match described {
                Ok(out) => {
                    if out
                        .capacity_providers()
                        .iter()
                        .any(|p| p.status().is_none_or(|s| s.as_str() != "INACTIVE"))
                    {
                        return Err(invalid(format!(
                            "a capacity provider named {capacity_provider_name} already exists"
                        )));
                    }
                }
                Err(e) if matches!(e.kind, ErrorKind::AccessDenied { .. }) => {
                    tracing::debug!(error = %e, "cannot describe capacity providers; skipping");
                }
                Err(e) => return Err(e),
            }
        }
        Infrastructure::External { iam_role, .. } => {
            match clients.iam.get_role().role_name(iam_role).send().await {
                Ok(_) => {}
                Err(e) => {
                    let e = classify("iam:GetRole", &e);
                    if e.code.as_deref() == Some("NoSuchEntity") {
                        let mut err = invalid(format!("the IAM role {iam_role} does not exist"));
                        err.hint = Some(anywhere_role_hint(iam_role));
                        return Err(err);
                    }
                    if !matches!(e.kind, ErrorKind::AccessDenied { .. }) {
                        return Err(e);
                    }
                    tracing::debug!(error = %e, "cannot read the role; skipping the check");
                }
            }
        }
        Infrastructure::Fargate { .. } => {}
    }
    Ok(())
}

/// How to make the ECS Anywhere role, as the ECS documentation does it.
fn anywhere_role_hint(role: &str) -> String {
    format!(
        "create it first: aws iam create-role --role-name {role} --assume-role-policy-document \
         '{{\"Version\":\"2012-10-17\",\"Statement\":[{{\"Effect\":\"Allow\",\"Principal\":\
         {{\"Service\":\"ssm.amazonaws.com\"}},\"Action\":\"sts:AssumeRole\"}}]}}' && aws iam \
         attach-role-policy --role-name {role} --policy-arn \
         arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore && aws iam attach-role-policy \
         --role-name {role} --policy-arn \
         arn:aws:iam::aws:policy/service-role/AmazonEC2ContainerServiceforEC2Role"
    )
}

async fn create_planned_namespace(
    sd: &aws_sdk_servicediscovery::Client,
    planned: &PlannedRequest,
    schedule: &PollSchedule,
    on_progress: &mut (dyn FnMut(&OperationProgress) + Send),
) -> Result<Namespace, AwsError> {
    let operation_id = send_create_namespace(sd, planned).await?;
    let done = wait_for_operation(sd, &operation_id, schedule, on_progress).await?;
    let id = done.namespace_id().ok_or_else(|| {
        AwsError::other(format!(
            "operation {operation_id} succeeded without naming its namespace"
        ))
    })?;
    get_namespace(sd, id).await
}

fn encode(request: &Value) -> Result<Vec<u8>, AwsError> {
    serde_json::to_vec(request)
        .map_err(|e| AwsError::invalid(format!("cannot encode the request: {e}")))
}

/// An override that sends `request` as the body of the call it is attached to.
fn ecs_body(request: &Value) -> Result<aws_sdk_ecs::config::Builder, AwsError> {
    Ok(super::write_once::ecs().interceptor(ReplaceBody::new(encode(request)?)))
}

fn str_member<'a>(request: &'a Value, key: &str) -> &'a str {
    request.get(key).and_then(Value::as_str).unwrap_or_default()
}

/// Sends a planned CreateCapacityProvider; returns the provider's ARN.
async fn send_create_capacity_provider(
    ecs: &aws_sdk_ecs::Client,
    planned: &PlannedRequest,
) -> Result<String, AwsError> {
    let name = str_member(&planned.request, "name");
    let asg = planned.request["autoScalingGroupProvider"]["autoScalingGroupArn"]
        .as_str()
        .unwrap_or_default();
    // The typed builder only has to pass the SDK's required-field checks; the body is replaced.
    let provider = AutoScalingGroupProvider::builder()
        .auto_scaling_group_arn(asg)
        .build()
        .map_err(|e| AwsError::invalid(format!("building CreateCapacityProvider: {e}")))?;
    let out = ecs
        .create_capacity_provider()
        .name(name)
        .auto_scaling_group_provider(provider)
        .customize()
        .config_override(ecs_body(&planned.request)?)
        .send()
        .await
        .map_err(|e| classify("CreateCapacityProvider", &e))?;
    Ok(out
        .capacity_provider()
        .and_then(|p| p.capacity_provider_arn())
        .unwrap_or(name)
        .to_string())
}

/// Sends a planned CreateCluster; returns the cluster as created.
async fn send_create_cluster(
    ecs: &aws_sdk_ecs::Client,
    planned: &PlannedRequest,
) -> Result<Cluster, AwsError> {
    let out = ecs
        .create_cluster()
        .cluster_name(str_member(&planned.request, "clusterName"))
        .customize()
        .config_override(ecs_body(&planned.request)?)
        .send()
        .await
        .map_err(|e| classify("CreateCluster", &e))?;
    out.cluster()
        .map(map_cluster)
        .ok_or_else(|| AwsError::other("CreateCluster returned no cluster"))
}

/// Sends a planned SSM CreateActivation; returns its id and code.
async fn send_create_activation(
    ssm: &aws_sdk_ssm::Client,
    planned: &PlannedRequest,
) -> Result<(String, String), AwsError> {
    let body = encode(&planned.request)?;
    let out = ssm
        .create_activation()
        .iam_role(str_member(&planned.request, "IamRole"))
        .customize()
        .config_override(super::write_once::ssm().interceptor(ReplaceBody::new(body)))
        .send()
        .await
        .map_err(|e| classify("ssm:CreateActivation", &e))?;
    match (out.activation_id(), out.activation_code()) {
        (Some(id), Some(code)) => Ok((id.to_string(), code.to_string())),
        _ => Err(AwsError::other(
            "CreateActivation returned no activation id or code",
        )),
    }
}

/// Adds "already created: …" to a failure that came after earlier steps made something, with
/// what to change before retrying (a retry as typed would be refused by the preflight).
fn with_created(mut e: AwsError, created: &[(String, String)]) -> AwsError {
    if created.is_empty() {
        return e;
    }
    let made: Vec<&str> = created.iter().map(|(what, _)| what.as_str()).collect();
    let advice: Vec<&str> = created.iter().map(|(_, todo)| todo.as_str()).collect();
    let note = format!(
        "already created by this run: {}. Before retrying, {}",
        made.join(", "),
        advice.join("; ")
    );
    e.hint = Some(match e.hint.take() {
        Some(h) => format!("{h}; {note}"),
        None => note,
    });
    e
}

/// The result of a settings change, and which call made it.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterUpdate {
    pub cluster: Cluster,
    /// The call that succeeded.
    pub via: Operation,
    /// Why a fallback was used, when one was.
    pub note: Option<String>,
}

/// Turns Container Insights to `value` with UpdateClusterSettings. Where that call is missing or
/// refused (the emulator answers it with an HTML 500; a role may allow only ecs:UpdateCluster),
/// the same settings go through UpdateCluster, and the result says so.
pub async fn update_insights(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
    value: ContainerInsights,
) -> Result<ClusterUpdate, AwsError> {
    let setting = ClusterSetting::builder()
        .name(ClusterSettingName::ContainerInsights)
        .value(value.as_api())
        .build();
    let planned = insights_update(cluster, value);
    let first = ecs
        .update_cluster_settings()
        .cluster(cluster)
        .settings(setting.clone())
        .customize()
        .config_override(ecs_body(&planned.request)?)
        .send()
        .await
        .map_err(|e| classify("UpdateClusterSettings", &e));
    match first {
        Ok(out) => Ok(ClusterUpdate {
            cluster: returned_cluster(out.cluster(), "UpdateClusterSettings")?,
            via: Operation::UpdateClusterSettings,
            note: None,
        }),
        Err(e) if falls_back_to_update_cluster(&e) => {
            tracing::debug!(error = %e, "UpdateClusterSettings unavailable; using UpdateCluster");
            let fallback = insights_update_via_update_cluster(cluster, value);
            let out = ecs
                .update_cluster()
                .cluster(cluster)
                .settings(setting)
                .customize()
                .config_override(ecs_body(&fallback.request)?)
                .send()
                .await
                .map_err(|e| classify("UpdateCluster", &e))?;
            Ok(ClusterUpdate {
                cluster: returned_cluster(out.cluster(), "UpdateCluster")?,
                via: Operation::UpdateCluster,
                note: Some(format!(
                    "UpdateClusterSettings failed ({}); the setting was sent with UpdateCluster",
                    e.message
                )),
            })
        }
        Err(e) => Err(e),
    }
}

/// Whether an UpdateClusterSettings failure means "this call is not available here" rather than
/// "this change is wrong" (which UpdateCluster would refuse too) or a condition it would share.
pub fn falls_back_to_update_cluster(e: &AwsError) -> bool {
    matches!(
        e.kind,
        ErrorKind::ServerError
            | ErrorKind::BadResponse
            | ErrorKind::AccessDenied { .. }
            | ErrorKind::Other
    )
}

/// Sets the cluster's default Service Connect namespace (ARN or name); `None` removes it.
pub async fn set_default_namespace(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
    namespace: Option<&str>,
) -> Result<ClusterUpdate, AwsError> {
    let planned = default_namespace_update(cluster, namespace);
    let defaults = ClusterServiceConnectDefaultsRequest::builder()
        .namespace(namespace.unwrap_or(""))
        .build()
        .map_err(|e| AwsError::invalid(format!("building UpdateCluster: {e}")))?;
    let out = ecs
        .update_cluster()
        .cluster(cluster)
        .service_connect_defaults(defaults)
        .customize()
        .config_override(ecs_body(&planned.request)?)
        .send()
        .await
        .map_err(|e| classify("UpdateCluster", &e))?;
    Ok(ClusterUpdate {
        cluster: returned_cluster(out.cluster(), "UpdateCluster")?,
        via: Operation::UpdateCluster,
        note: None,
    })
}

/// Replaces the cluster's capacity providers and default strategy, after checking them.
pub async fn put_capacity_providers(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
    providers: &[String],
    strategy: &[StrategyItem],
) -> Result<ClusterUpdate, AwsError> {
    let errors = validate_capacity_providers(providers, strategy);
    if !errors.is_empty() {
        return Err(invalid(errors.join("; ")));
    }
    let planned = capacity_providers_update(cluster, providers, strategy);
    let out = ecs
        .put_cluster_capacity_providers()
        .cluster(cluster)
        .set_capacity_providers(Some(providers.to_vec()))
        .set_default_capacity_provider_strategy(Some(Vec::new()))
        .customize()
        .config_override(ecs_body(&planned.request)?)
        .send()
        .await
        .map_err(|e| classify("PutClusterCapacityProviders", &e))?;
    Ok(ClusterUpdate {
        cluster: returned_cluster(out.cluster(), "PutClusterCapacityProviders")?,
        via: Operation::PutClusterCapacityProviders,
        note: None,
    })
}

fn returned_cluster(
    c: Option<&aws_sdk_ecs::types::Cluster>,
    operation: &str,
) -> Result<Cluster, AwsError> {
    c.map(map_cluster)
        .ok_or_else(|| AwsError::other(format!("{operation} returned no cluster")))
}

/// What is in `cluster` and whether that blocks a delete. The services are described, because
/// ListServices on the emulator keeps deleted (INACTIVE) services listed; the three lists run
/// at once.
pub async fn delete_cluster_precheck(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
) -> Result<DeletePrecheck, AwsError> {
    let (services, tasks, instances) = futures::try_join!(
        live_service_names(ecs, cluster),
        count_running_tasks(ecs, cluster),
        count_container_instances(ecs, cluster),
    )?;
    Ok(DeletePrecheck::new(cluster, services, tasks, instances))
}

async fn live_service_names(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
) -> Result<Vec<String>, AwsError> {
    let arns: Vec<String> = ecs
        .list_services()
        .cluster(cluster)
        .max_results(ECS_PAGE)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| classify("ListServices", &e))?;
    let chunks: Vec<Vec<String>> = arns
        .chunks(DESCRIBE_SERVICES_CHUNK)
        .map(<[String]>::to_vec)
        .collect();
    let described: Vec<Vec<String>> = futures::stream::iter(chunks)
        .map(|chunk| async move {
            let out = ecs
                .describe_services()
                .cluster(cluster)
                .set_services(Some(chunk))
                .send()
                .await
                .map_err(|e| classify("DescribeServices", &e))?;
            Ok::<_, AwsError>(
                out.services()
                    .iter()
                    // DRAINING services still block DeleteCluster; only INACTIVE ones are gone.
                    .filter(|s| s.status() != Some("INACTIVE"))
                    .map(|s| s.service_name().unwrap_or_default().to_string())
                    .collect(),
            )
        })
        .buffered(MAX_CONCURRENCY)
        .try_collect()
        .await?;
    let mut names: Vec<String> = described.into_iter().flatten().collect();
    names.sort();
    Ok(names)
}

async fn count_running_tasks(ecs: &aws_sdk_ecs::Client, cluster: &str) -> Result<usize, AwsError> {
    let arns: Vec<String> = ecs
        .list_tasks()
        .cluster(cluster)
        .desired_status(DesiredStatus::Running)
        .max_results(ECS_PAGE)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| classify("ListTasks", &e))?;
    Ok(arns.len())
}

async fn count_container_instances(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
) -> Result<usize, AwsError> {
    let arns: Vec<String> = ecs
        .list_container_instances()
        .cluster(cluster)
        .max_results(ECS_PAGE)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| classify("ListContainerInstances", &e))?;
    Ok(arns.len())
}

/// Deletes `cluster` after running the precheck again (the cluster may have changed since the
/// dialog opened); refuses with the reasons while anything blocks. Returns the cluster as
/// DeleteCluster left it (INACTIVE).
pub async fn delete_cluster(ecs: &aws_sdk_ecs::Client, cluster: &str) -> Result<Cluster, AwsError> {
    let precheck = delete_cluster_precheck(ecs, cluster).await?;
    if !precheck.allows_delete() {
        // Not sent: the operator's line says "nothing changed" (AwsError::write_failure).
        return Err(invalid(format!(
            "cluster {cluster} cannot be deleted: {}",
            precheck.blockers.join("; ")
        )));
    }
    let out = ecs
        .delete_cluster()
        .cluster(cluster)
        .customize()
        .config_override(super::write_once::ecs())
        .send()
        .await
        .map_err(|e| classify("DeleteCluster", &e))?;
    returned_cluster(out.cluster(), "DeleteCluster")
}

/// Every Auto Scaling group of the region, sorted by name.
pub async fn list_auto_scaling_groups(
    autoscaling: &aws_sdk_autoscaling::Client,
) -> Result<Vec<AutoScalingGroupSummary>, AwsError> {
    let groups: Vec<aws_sdk_autoscaling::types::AutoScalingGroup> = autoscaling
        .describe_auto_scaling_groups()
        .max_records(ASG_PAGE)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| classify("autoscaling:DescribeAutoScalingGroups", &e))?;
    let mut out: Vec<AutoScalingGroupSummary> = groups
        .iter()
        .map(|g| AutoScalingGroupSummary {
            name: g.auto_scaling_group_name().unwrap_or_default().to_string(),
            arn: g.auto_scaling_group_arn().unwrap_or_default().to_string(),
            min: g.min_size().unwrap_or_default(),
            max: g.max_size().unwrap_or_default(),
            desired: g.desired_capacity().unwrap_or_default(),
            instances: g.instances().len(),
        })
        .collect();
    out.sort_by(|a, b| a.name.cmp(&b.name));
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
#[path = "cluster_admin_tests.rs"]
mod tests;
