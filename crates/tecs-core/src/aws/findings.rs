//! `:findings`: the findings of every ACTIVE revision in the region. Revisions are listed,
//! described a chunk at a time (bounded concurrency), the awslogs groups they name are looked up
//! once each, and each chunk's findings are handed on as soon as it is done.

use std::collections::HashMap;

use futures::StreamExt;

use super::errors::classify;
use super::resources::{Presence, log_group};
use super::task_definitions::describe;
pub use crate::domain::findings::RevisionFindings;
use crate::domain::findings::{Context, check, log_groups};
use crate::model::AwsError;

/// Revisions described at once (DescribeTaskDefinition takes one revision per call).
pub const DESCRIBE_AT_ONCE: usize = 8;
/// Log groups looked up at once.
const GROUPS_AT_ONCE: usize = 4;

/// Every ACTIVE revision's ARN (ListTaskDefinitions, every page).
pub async fn active_revisions(ecs: &aws_sdk_ecs::Client) -> Result<Vec<String>, AwsError> {
    let mut arns = Vec::new();
    let mut pages = ecs
        .list_task_definitions()
        .status(aws_sdk_ecs::types::TaskDefinitionStatus::Active)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| classify("ListTaskDefinitions", &e))?;
        arns.extend(page.task_definition_arns().iter().cloned());
    }
    Ok(arns)
}

/// Checks `arns`, handing each chunk's results to `on_chunk` in list order. Returns how many
/// revisions were checked.
pub async fn scan(
    ecs: &aws_sdk_ecs::Client,
    logs: &aws_sdk_cloudwatchlogs::Client,
    arns: Vec<String>,
    mut on_chunk: impl FnMut(Vec<RevisionFindings>),
) -> usize {
    // Whether each log group exists (`None`: could not be told, so no finding).
    let mut groups: HashMap<String, Option<bool>> = HashMap::new();
    let total = arns.len();
    for chunk in arns.chunks(DESCRIBE_AT_ONCE) {
        let described: Vec<_> = futures::stream::iter(chunk.iter().cloned())
            .map(|arn| async move {
                let td = describe(ecs, &arn).await;
                (arn, td)
            })
            .buffered(DESCRIBE_AT_ONCE)
            .collect()
            .await;
        let unknown: Vec<String> = described
            .iter()
            .filter_map(|(_, td)| td.as_ref().ok())
            .flat_map(|td| log_groups(&td.json, region_of(&td.arn)))
            .filter(|g| !groups.contains_key(g))
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        let found: Vec<(String, Option<bool>)> = futures::stream::iter(unknown)
            .map(|g| async move {
                let exists = match log_group(logs, &g).await {
                    Ok(Presence::Present(_)) => Some(true),
                    Ok(Presence::Missing(_)) => Some(false),
                    Ok(Presence::Denied(_)) | Err(_) => None,
                };
                (g, exists)
            })
            .buffer_unordered(GROUPS_AT_ONCE)
            .collect()
            .await;
        groups.extend(found);
        let results = described
            .into_iter()
            .map(|(arn, td)| {
                let label = crate::model::service::revision_label(&arn);
                match td {
                    Ok(td) => {
                        let context = Context {
                            missing_log_groups: log_groups(&td.json, region_of(&td.arn))
                                .into_iter()
                                .filter(|g| groups.get(g) == Some(&Some(false)))
                                .collect(),
                            ..Context::default()
                        };
                        RevisionFindings {
                            arn,
                            label,
                            findings: check(&td.json, &context),
                            error: None,
                        }
                    }
                    Err(e) => RevisionFindings {
                        arn,
                        label,
                        findings: Vec::new(),
                        error: Some(e.to_string()),
                    },
                }
            })
            .collect();
        on_chunk(results);
    }
    total
}

/// The region of an ARN (`arn:aws:ecs:REGION:…`).
fn region_of(arn: &str) -> &str {
    arn.split(':').nth(3).unwrap_or_default()
}
