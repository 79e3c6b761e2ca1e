//! Task definitions: families (paginated, status and prefix), revisions of a family (ACTIVE and
//! INACTIVE listed concurrently, newest first), descriptions with the raw JSON, deregister, delete.

use aws_sdk_ecs::types::{
    ContainerDefinition, SortOrder, TaskDefinitionFamilyStatus, TaskDefinitionField,
    TaskDefinitionStatus,
};
use futures::StreamExt;

use super::errors::{AwsError, classify};
use super::raw_json::CaptureBody;
pub use crate::model::task_definition::{FamilyFilter, FamilySummaryResult};
use crate::model::{ContainerSummary, RevisionRef, TaskDefinition};

/// DeleteTaskDefinitions takes at most 10 revisions per call.
pub const DELETE_CHUNK: usize = 10;
/// Concurrent describe calls.
pub const MAX_CONCURRENCY: usize = 4;

/// Every family name (server-side prefix search for very large accounts), sorted.
pub async fn list_families(
    ecs: &aws_sdk_ecs::Client,
    filter: FamilyFilter,
    prefix: Option<&str>,
) -> Result<Vec<String>, AwsError> {
    let status = match filter {
        FamilyFilter::Active => TaskDefinitionFamilyStatus::Active,
        FamilyFilter::Inactive => TaskDefinitionFamilyStatus::Inactive,
        FamilyFilter::All => TaskDefinitionFamilyStatus::All,
    };
    let mut families: Vec<String> = ecs
        .list_task_definition_families()
        .status(status)
        .set_family_prefix(prefix.filter(|p| !p.is_empty()).map(str::to_string))
        .max_results(100)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| classify("ListTaskDefinitionFamilies", &e))?;
    families.sort();
    families.dedup();
    Ok(families)
}

/// Every revision of exactly `family` (the API's familyPrefix also matches `web-api` for `web`),
/// ACTIVE and INACTIVE, newest first.
pub async fn list_revisions(
    ecs: &aws_sdk_ecs::Client,
    family: &str,
) -> Result<Vec<RevisionRef>, AwsError> {
    list_revisions_progressively(ecs, family, |_| {}).await
}

/// [`list_revisions`], handing each ListTaskDefinitions page (up to 100 revisions of the family,
/// newest first within the page) to `on_rows` as it arrives, so a family of 1,000 revisions shows
/// its newest after one round trip instead of ten. ACTIVE and INACTIVE are listed at once, each
/// newest first (`sort DESC`).
pub async fn list_revisions_progressively(
    ecs: &aws_sdk_ecs::Client,
    family: &str,
    mut on_rows: impl FnMut(&[RevisionRef]),
) -> Result<Vec<RevisionRef>, AwsError> {
    let pages = |status: TaskDefinitionStatus| {
        let label = status.as_str().to_string();
        let paginator = ecs
            .list_task_definitions()
            .family_prefix(family)
            .status(status)
            .sort(SortOrder::Desc)
            .max_results(100)
            .into_paginator()
            .send();
        futures::stream::unfold(paginator, |mut p| async move {
            p.next().await.map(|page| (page, p))
        })
        .map(move |page| {
            page.map(|o| {
                o.task_definition_arns()
                    .iter()
                    .filter_map(|arn| RevisionRef::from_arn(arn, &label))
                    .filter(|r| r.family == family)
                    .collect::<Vec<_>>()
            })
            .map_err(|e| classify("ListTaskDefinitions", &e))
        })
    };
    let mut both = std::pin::pin!(futures::stream::select(
        pages(TaskDefinitionStatus::Active),
        pages(TaskDefinitionStatus::Inactive)
    ));
    let mut revisions: Vec<RevisionRef> = Vec::new();
    while let Some(page) = both.next().await {
        let mut page = page?;
        page.sort_by_key(|r| std::cmp::Reverse(r.revision));
        on_rows(&page);
        revisions.extend(page);
    }
    revisions.sort_by_key(|r| std::cmp::Reverse(r.revision));
    revisions.dedup_by(|a, b| a.arn == b.arn);
    Ok(revisions)
}

/// Describes revisions (bounded concurrency); each result stands alone so one failure does not
/// hide the others.
pub async fn describe_many(
    ecs: &aws_sdk_ecs::Client,
    arns: Vec<String>,
) -> Vec<(String, Result<TaskDefinition, AwsError>)> {
    futures::stream::iter(arns)
        .map(|arn| async move {
            let result = describe(ecs, &arn).await;
            (arn, result)
        })
        .buffer_unordered(MAX_CONCURRENCY)
        .collect()
        .await
}

/// One revision with its tags and the raw `taskDefinition` JSON.
pub async fn describe(ecs: &aws_sdk_ecs::Client, arn: &str) -> Result<TaskDefinition, AwsError> {
    let capture = CaptureBody::default();
    let out = ecs
        .describe_task_definition()
        .task_definition(arn)
        .include(TaskDefinitionField::Tags)
        .customize()
        .config_override(aws_sdk_ecs::config::Config::builder().interceptor(capture.clone()))
        .send()
        .await
        .map_err(|e| classify("DescribeTaskDefinition", &e))?;
    let td = out.task_definition().ok_or_else(|| {
        AwsError::other(format!(
            "DescribeTaskDefinition returned no task definition for {arn}"
        ))
    })?;
    let json = capture
        .json()
        .and_then(|v| v.get("taskDefinition").cloned())
        .unwrap_or(serde_json::Value::Null);
    let tags = out
        .tags()
        .iter()
        .map(|t| {
            (
                t.key().unwrap_or_default().to_string(),
                t.value().unwrap_or_default().to_string(),
            )
        })
        .collect();
    Ok(TaskDefinition {
        arn: td.task_definition_arn().unwrap_or(arn).to_string(),
        family: td.family().unwrap_or_default().to_string(),
        revision: td.revision(),
        status: td
            .status()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default(),
        registered_at: td
            .registered_at()
            .and_then(|t| t.fmt(aws_smithy_types::date_time::Format::DateTime).ok())
            .map(|s| s.replace('T', " ")),
        cpu: td.cpu().map(str::to_string),
        memory: td.memory().map(str::to_string),
        launch_types: td
            .requires_compatibilities()
            .iter()
            .map(|c| c.as_str().to_string())
            .collect(),
        network_mode: td.network_mode().map(|m| m.as_str().to_string()),
        os: td
            .runtime_platform()
            .and_then(|p| p.operating_system_family())
            .map(|o| o.as_str().to_string()),
        arch: td
            .runtime_platform()
            .and_then(|p| p.cpu_architecture())
            .map(|a| a.as_str().to_string()),
        task_role: td.task_role_arn().map(str::to_string),
        execution_role: td.execution_role_arn().map(str::to_string),
        containers: td
            .container_definitions()
            .iter()
            .map(container_summary)
            .collect(),
        tags,
        json,
    })
}

fn container_summary(c: &ContainerDefinition) -> ContainerSummary {
    ContainerSummary {
        name: c.name().unwrap_or_default().to_string(),
        image: c.image().unwrap_or_default().to_string(),
        essential: c.essential().unwrap_or(true),
        ports: c
            .port_mappings()
            .iter()
            .map(|p| {
                let proto = p.protocol().map(|x| x.as_str()).unwrap_or("tcp");
                match (p.host_port(), p.container_port()) {
                    (Some(h), Some(cp)) if h != cp && h != 0 => format!("{h}->{cp}/{proto}"),
                    (_, Some(cp)) => format!("{cp}/{proto}"),
                    _ => format!("?/{proto}"),
                }
            })
            .collect(),
        command: c.command().to_vec(),
        entry_point: c.entry_point().to_vec(),
        environment: c
            .environment()
            .iter()
            .map(|kv| {
                (
                    kv.name().unwrap_or_default().to_string(),
                    kv.value().unwrap_or_default().to_string(),
                )
            })
            .collect(),
        log: c.log_configuration().map(|l| {
            let mut text = l.log_driver().as_str().to_string();
            let mut options: Vec<_> = l.options().map(|o| o.iter().collect()).unwrap_or_default();
            options.sort();
            for (k, v) in options {
                let key = k.strip_prefix("awslogs-").unwrap_or(k);
                text.push_str(&format!(" {key}={v}"));
            }
            text
        }),
    }
}

/// Deregisters each revision; one result per ARN, in order.
pub async fn deregister(
    ecs: &aws_sdk_ecs::Client,
    arns: &[String],
) -> Vec<(String, Result<(), AwsError>)> {
    futures::stream::iter(arns.to_vec())
        .map(|arn| async move {
            let result = ecs
                .deregister_task_definition()
                .task_definition(&arn)
                .customize()
                .config_override(super::write_once::ecs())
                .send()
                .await
                .map(|_| ())
                .map_err(|e| classify("DeregisterTaskDefinition", &e));
            (arn, result)
        })
        .buffered(MAX_CONCURRENCY)
        .collect()
        .await
}

/// Deletes INACTIVE revisions, 10 per call; one result per ARN (the API reports refusals in
/// `failures`).
pub async fn delete(
    ecs: &aws_sdk_ecs::Client,
    arns: &[String],
) -> Vec<(String, Result<(), AwsError>)> {
    let mut results = Vec::new();
    for chunk in arns.chunks(DELETE_CHUNK) {
        match ecs
            .delete_task_definitions()
            .set_task_definitions(Some(chunk.to_vec()))
            .customize()
            .config_override(super::write_once::ecs())
            .send()
            .await
        {
            Ok(out) => {
                for arn in chunk {
                    let failure = out
                        .failures()
                        .iter()
                        .find(|f| f.arn() == Some(arn.as_str()));
                    // A failure entry is AWS's answer for that revision: a refusal.
                    let result = match failure {
                        Some(f) => Err(AwsError {
                            kind: crate::model::ErrorKind::InvalidRequest,
                            code: Some(f.reason().unwrap_or("refused").to_string()),
                            message: format!(
                                "{}{}",
                                f.reason().unwrap_or("refused"),
                                f.detail().map(|d| format!(": {d}")).unwrap_or_default()
                            ),
                            hint: None,
                            read_back: None,
                        }),
                        None => Ok(()),
                    };
                    results.push((arn.clone(), result));
                }
            }
            Err(e) => {
                let err = classify("DeleteTaskDefinitions", &e);
                results.extend(chunk.iter().map(|arn| (arn.clone(), Err(err.clone()))));
            }
        }
    }
    results
}

/// Registers a new revision from registerable JSON (RegisterTaskDefinition's input shape, tags
/// included). Returns the new revision, described.
pub async fn register_json(
    ecs: &aws_sdk_ecs::Client,
    json: &serde_json::Value,
) -> Result<TaskDefinition, AwsError> {
    let family = json
        .get("family")
        .and_then(|f| f.as_str())
        .ok_or_else(|| AwsError::invalid("the JSON has no \"family\""))?;
    let body = serde_json::to_vec(json)
        .map_err(|e| AwsError::invalid(format!("cannot encode the JSON: {e}")))?;
    // The builder only has to pass the SDK's own required-field checks; its body is replaced.
    let out = ecs
        .register_task_definition()
        .family(family)
        .container_definitions(ContainerDefinition::builder().name("placeholder").build())
        .customize()
        .config_override(
            super::write_once::ecs().interceptor(super::raw_request::ReplaceBody::new(body)),
        )
        .send()
        .await
        .map_err(|e| classify("RegisterTaskDefinition", &e))?;
    let arn = out
        .task_definition()
        .and_then(|t| t.task_definition_arn())
        .ok_or_else(|| AwsError::other("RegisterTaskDefinition returned no ARN"))?
        .to_string();
    describe(ecs, &arn).await
}

/// Which services use each of `arns`, found by scanning every cluster's services. Only done when
/// the region has at most `max_clusters` clusters (it costs a few calls per cluster); `None` when
/// there are more.
pub async fn services_using(
    ecs: &aws_sdk_ecs::Client,
    arns: &[String],
    max_clusters: usize,
) -> Result<crate::model::task_definition::ServiceUsage, AwsError> {
    let clusters: Vec<String> = ecs
        .list_clusters()
        .max_results(100)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| classify("ListClusters", &e))?;
    if clusters.len() > max_clusters {
        return Ok(None);
    }
    let mut usage: std::collections::HashMap<String, Vec<String>> =
        std::collections::HashMap::new();
    for cluster in &clusters {
        let cluster_name = cluster.rsplit('/').next().unwrap_or(cluster);
        for service in super::clusters::load_services(ecs, cluster).await? {
            if service.status != "ACTIVE" {
                continue;
            }
            if let Some(arn) = arns
                .iter()
                .find(|a| super::clusters::short_task_definition(a) == service.task_definition)
            {
                usage
                    .entry(arn.clone())
                    .or_default()
                    .push(format!("{cluster_name}/{}", service.name));
            }
        }
    }
    Ok(Some(usage))
}

/// A family's newest ACTIVE revision (described) and how many ACTIVE revisions it has.
pub async fn summarize_family(ecs: &aws_sdk_ecs::Client, family: &str) -> FamilySummaryResult {
    let arns: Vec<String> = ecs
        .list_task_definitions()
        .family_prefix(family)
        .status(TaskDefinitionStatus::Active)
        .max_results(100)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| classify("ListTaskDefinitions", &e))?;
    let active: Vec<RevisionRef> = arns
        .iter()
        .filter_map(|a| RevisionRef::from_arn(a, "ACTIVE"))
        .filter(|r| r.family == family)
        .collect();
    let latest = active.iter().max_by_key(|r| r.revision);
    let described = match latest {
        Some(r) => Some(describe(ecs, &r.arn).await?),
        None => None,
    };
    let summary = crate::model::task_definition::FamilySummary {
        latest: latest.map(|r| r.revision),
        active: active.len(),
        launch_types: described
            .as_ref()
            .map(|d| d.launch_types.clone())
            .unwrap_or_default(),
    };
    Ok((summary, described))
}

/// Summaries of several families, at most [`MAX_CONCURRENCY`] at a time.
pub async fn summarize_families(
    ecs: &aws_sdk_ecs::Client,
    families: Vec<String>,
) -> Vec<(String, FamilySummaryResult)> {
    futures::stream::iter(families)
        .map(|family| async move {
            let result = summarize_family(ecs, &family).await;
            (family, result)
        })
        .buffer_unordered(MAX_CONCURRENCY)
        .collect()
        .await
}
