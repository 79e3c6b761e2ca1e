//! Log tails: which streams (from each task's own task definition), and the tail itself, which
//! answers many times until its screen is left (the runner aborts it; dropping it closes a Live
//! Tail session).

use std::collections::HashMap;

use super::{Ctx, Reply};
use crate::aws::{log_tail, task_definitions, tasks};
use crate::domain::log_sources;
use crate::effect::Outcome;
use crate::model::AwsError;
use crate::model::logs::{LogSource, Resolution, TailOptions};
use crate::model::task::{DesiredStatus, Task};

/// The streams of a service's running tasks, or of one task (running or stopped: a stopped task's
/// logs are still there).
pub async fn sources(c: &Ctx, cluster: &str, service: Option<&str>, task: Option<&str>) -> Outcome {
    Outcome::LogSources(c.fix(resolve(c, cluster, service, task).await))
}

async fn resolve(
    c: &Ctx,
    cluster: &str,
    service: Option<&str>,
    task: Option<&str>,
) -> Result<Resolution, AwsError> {
    let ecs = &c.clients.ecs;
    let list: Vec<Task> = match (service, task) {
        (_, Some(task)) => vec![tasks::describe_task(ecs, cluster, task).await?],
        (Some(service), None) => {
            tasks::list_tasks(ecs, cluster, Some(service), DesiredStatus::Running).await?
        }
        (None, None) => tasks::list_tasks(ecs, cluster, None, DesiredStatus::Running).await?,
    };
    // One describe per revision in use (a deployment runs two), then each task's own.
    let mut by_revision: HashMap<String, Vec<Task>> = HashMap::new();
    for t in list {
        by_revision
            .entry(t.task_definition.clone())
            .or_default()
            .push(t);
    }
    let revisions: Vec<String> = by_revision.keys().cloned().collect();
    let described = task_definitions::describe_many(ecs, revisions).await;
    let mut resolution = Resolution::default();
    for (arn, result) in described {
        let td = result?;
        let tasks = by_revision.get(&arn).map(Vec::as_slice).unwrap_or_default();
        let part = log_sources::resolve(&td.json, tasks, &c.clients.region);
        resolution.sources.extend(part.sources);
        resolution.problems.extend(part.problems);
    }
    resolution
        .sources
        .sort_by(|a, b| (&a.task_id, &a.container).cmp(&(&b.task_id, &b.container)));
    resolution.problems.sort();
    resolution.problems.dedup();
    Ok(resolution)
}

/// The tail: every update goes to the screen as it happens.
pub async fn tail(
    c: &Ctx,
    sources: Vec<LogSource>,
    options: TailOptions,
    reply: &Reply,
) -> Outcome {
    log_tail::tail(&c.clients, sources, options, |update| {
        reply.send(Outcome::Tail(update));
    })
    .await;
    Outcome::TailEnded
}
