//! Task definition families and revisions: list, describe, summarize, register, deregister,
//! delete; the IAM roles the wizard offers.

use super::{Ctx, Reply};
use crate::aws::{iam, logs, read_back, task_definitions};
use crate::effect::Outcome;
use crate::model::task_definition::FamilyFilter;

pub async fn families(c: &Ctx, status: FamilyFilter, prefix: Option<&str>) -> Outcome {
    let result = task_definitions::list_families(&c.clients.ecs, status, prefix).await;
    Outcome::Families(c.fix(result))
}

/// A family's revisions; each page is sent as it arrives (`RevisionsSoFar`).
pub async fn revisions(c: &Ctx, family: &str, reply: &Reply) -> Outcome {
    let result = task_definitions::list_revisions_progressively(&c.clients.ecs, family, |rows| {
        reply.send(Outcome::RevisionsSoFar(rows.to_vec()));
    })
    .await;
    Outcome::Revisions(c.fix(result))
}

pub async fn describe(c: &Ctx, arns: Vec<String>) -> Outcome {
    Outcome::Described(c.fix_each(task_definitions::describe_many(&c.clients.ecs, arns).await))
}

pub async fn summarize(c: &Ctx, families: Vec<String>) -> Outcome {
    let results = task_definitions::summarize_families(&c.clients.ecs, families).await;
    Outcome::Summarized(
        results
            .into_iter()
            .map(|(family, r)| (family, c.fix(r)))
            .collect(),
    )
}

/// Which services use these revisions: a few calls per cluster, so only where the region has at
/// most 20 clusters.
pub async fn service_usage(c: &Ctx, arns: &[String]) -> Outcome {
    let result = task_definitions::services_using(&c.clients.ecs, arns, 20).await;
    Outcome::ServiceUsage(c.fix(result))
}

pub async fn roles(c: &Ctx) -> Outcome {
    Outcome::Roles(c.fix(iam::list_task_roles(&c.clients.iam).await))
}

/// Deregisters; a revision whose answer was lost is read back (INACTIVE means it happened).
pub async fn deregister(c: &Ctx, arns: &[String]) -> Outcome {
    let ecs = &c.clients.ecs;
    let mut results = Vec::new();
    for (arn, r) in task_definitions::deregister(ecs, arns).await {
        let r = read_back::settle("deregister", r, || read_back::deregistered(ecs, &arn)).await;
        results.push((arn, r));
    }
    Outcome::Deregistered(c.fix_each(results))
}

/// Deletes; a revision whose answer was lost is read back (DELETE_IN_PROGRESS or gone).
pub async fn delete(c: &Ctx, arns: &[String]) -> Outcome {
    let ecs = &c.clients.ecs;
    let mut results = Vec::new();
    for (arn, r) in task_definitions::delete(ecs, arns).await {
        let r = read_back::settle("delete", r, || read_back::revision_deleted(ecs, &arn)).await;
        results.push((arn, r));
    }
    Outcome::Deleted(c.fix_each(results))
}

/// Registers; when the answer is lost, the family's newest revision is read back and taken as
/// the result if it holds what was sent (a retry would register a duplicate).
pub async fn register(c: &Ctx, family: String, json: &serde_json::Value) -> Outcome {
    let ecs = &c.clients.ecs;
    let result = registered(ecs, json).await.map(Box::new);
    Outcome::Registered {
        family,
        result: c.fix(result),
    }
}

/// Creates the wizard's log groups when missing, then registers its JSON.
pub async fn submit(c: &Ctx, json: &serde_json::Value, log_groups: &[(String, String)]) -> Outcome {
    let result = async {
        for (group, _region) in log_groups {
            logs::ensure_log_group(&c.clients.logs, group).await?;
        }
        registered(&c.clients.ecs, json).await
    }
    .await
    .map(Box::new);
    Outcome::Submitted(c.fix(result))
}

/// RegisterTaskDefinition, settled by reading the family back when the answer is lost.
async fn registered(
    ecs: &aws_sdk_ecs::Client,
    json: &serde_json::Value,
) -> Result<crate::model::TaskDefinition, crate::model::AwsError> {
    let result = task_definitions::register_json(ecs, json).await;
    read_back::settle("register", result, || read_back::registered(ecs, json)).await
}
