//! `:findings`: the findings of every ACTIVE revision in the region. Revisions are listed,
//! described a chunk at a time (bounded concurrency); the awslogs groups, ECR images and task
//! roles they name are looked up once each for the whole scan (most revisions of a family share
//! them), and each chunk's findings are handed on as soon as it is done.

use std::collections::HashMap;

use futures::StreamExt;

use super::errors::classify;
use super::resources::lookup;
use super::task_definitions::describe;
pub use crate::domain::findings::RevisionFindings;
use crate::domain::findings::{Context, check, ecr_images, log_groups, task_role};
use crate::model::AwsError;
use crate::model::resources::{Lookup, LookupAnswer, Presence};

/// Revisions described at once (DescribeTaskDefinition takes one revision per call).
pub const DESCRIBE_AT_ONCE: usize = 8;
/// Log groups, images and roles looked up at once (a role takes several IAM calls in a row).
const LOOKUPS_AT_ONCE: usize = 4;

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

/// What one lookup tells the rules.
#[derive(Debug, Clone, Default, PartialEq)]
struct Verdict {
    /// The log group, image or role does not exist.
    missing: bool,
    /// A role's `*` actions (`policy (kind): action`).
    stars: Vec<String>,
    /// Why it (or part of it) could not be told: then no finding is made from what is unknown.
    unknown: Option<String>,
}

/// A lookup's answer as a verdict.
fn verdict(what: &Lookup, answer: Result<LookupAnswer, AwsError>) -> Verdict {
    let of = match what {
        Lookup::Role { .. } => "task role",
        Lookup::Image { .. } => "image",
        Lookup::LogGroup { .. } => "log group",
        Lookup::Network { .. } => "network",
        Lookup::TargetGroup { .. } => "target group",
    };
    let presence = |missing: bool, denied: Option<&String>| Verdict {
        missing,
        stars: Vec::new(),
        unknown: denied.map(|action| format!("{action} denied")),
    };
    match answer {
        Err(e) => Verdict {
            unknown: Some(format!("{of}: {e}")),
            ..Verdict::default()
        },
        Ok(LookupAnswer::Role(Presence::Present(info))) => Verdict {
            missing: false,
            stars: info.star_statements(),
            unknown: info
                .policies
                .iter()
                .find_map(|p| p.unreadable.as_ref())
                .map(|why| format!("task role policies: {why}")),
        },
        Ok(
            LookupAnswer::Role(Presence::Missing(_))
            | LookupAnswer::Image(Presence::Missing(_))
            | LookupAnswer::LogGroup(Presence::Missing(_)),
        ) => presence(true, None),
        Ok(
            LookupAnswer::Role(Presence::Denied(a))
            | LookupAnswer::Image(Presence::Denied(a))
            | LookupAnswer::LogGroup(Presence::Denied(a)),
        ) => presence(false, Some(&a)),
        Ok(_) => Verdict::default(),
    }
}

/// The lookups a revision's rules need: its log groups, ECR images and task role.
fn lookups_of(td: &serde_json::Value, region: &str) -> Vec<Lookup> {
    let mut out: Vec<Lookup> = log_groups(td, region)
        .into_iter()
        .map(|name| Lookup::LogGroup { name })
        .collect();
    out.extend(
        ecr_images(td, region)
            .into_iter()
            .map(|(registry, repository, tag)| Lookup::Image {
                registry,
                repository,
                tag,
            }),
    );
    out.extend(task_role(td).map(|arn| Lookup::Role {
        arn: arn.to_string(),
    }));
    out
}

/// Checks `arns`, handing each chunk's results to `on_chunk` in list order. Returns how many
/// revisions were checked. Every log group, image and role is looked up once per scan.
pub async fn scan(
    clients: &super::Clients,
    arns: Vec<String>,
    mut on_chunk: impl FnMut(Vec<RevisionFindings>),
) -> usize {
    let mut known: HashMap<Lookup, Verdict> = HashMap::new();
    let total = arns.len();
    for chunk in arns.chunks(DESCRIBE_AT_ONCE) {
        let described: Vec<_> = futures::stream::iter(chunk.iter().cloned())
            .map(|arn| async move {
                let td = describe(&clients.ecs, &arn).await;
                // What its rules need looked up, worked out once per revision.
                let wanted = td
                    .as_ref()
                    .map(|td| lookups_of(&td.json, region_of(&td.arn)))
                    .unwrap_or_default();
                (arn, td, wanted)
            })
            .buffered(DESCRIBE_AT_ONCE)
            .collect()
            .await;
        // Each new lookup once, in the revisions' order.
        let mut todo: Vec<Lookup> = Vec::new();
        for l in described.iter().flat_map(|(_, _, wanted)| wanted) {
            if !known.contains_key(l) && !todo.contains(l) {
                todo.push(l.clone());
            }
        }
        let found: Vec<(Lookup, Verdict)> = futures::stream::iter(todo)
            .map(|l| async move {
                let v = verdict(&l, lookup(clients, &l).await);
                (l, v)
            })
            .buffer_unordered(LOOKUPS_AT_ONCE)
            .collect()
            .await;
        known.extend(found);
        let results = described
            .into_iter()
            .map(|(arn, td, wanted)| {
                let label = crate::model::service::revision_label(&arn);
                match td {
                    Ok(td) => {
                        let mut context = Context::default();
                        let mut unchecked = Vec::new();
                        for l in wanted {
                            let Some(v) = known.get(&l) else { continue };
                            unchecked.extend(v.unknown.clone());
                            match l {
                                Lookup::LogGroup { name } if v.missing => {
                                    context.missing_log_groups.push(name);
                                }
                                Lookup::Image {
                                    repository, tag, ..
                                } if v.missing => {
                                    context.missing_images.push(format!("{repository}:{tag}"));
                                }
                                Lookup::Role { .. } => context.star_actions.extend(v.stars.clone()),
                                _ => {}
                            }
                        }
                        unchecked.sort();
                        unchecked.dedup();
                        RevisionFindings {
                            arn,
                            label,
                            findings: check(&td.json, &context),
                            error: None,
                            unchecked,
                        }
                    }
                    Err(e) => RevisionFindings {
                        arn,
                        label,
                        findings: Vec::new(),
                        error: Some(e.to_string()),
                        unchecked: Vec::new(),
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

#[cfg(test)]
#[path = "findings_tests.rs"]
mod tests;
