//! CloudWatch Logs for the demo tasks: one group per family, one stream per container per task,
//! named exactly as the awslogs driver names them (`<prefix>/<container>/<task-id>`).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_sdk_cloudwatchlogs::types::InputLogEvent;
use color_eyre::Result;
use color_eyre::eyre::WrapErr;
use futures::{StreamExt, TryStreamExt};

use super::loglines::{LogKind, Rng, line, startup_lines};
use super::summary::{SeedSummary, SeededLogStream, SeededTask};
use super::task_definitions::{STREAM_PREFIX, SeededFamily, log_group};
use crate::aws::Clients;

/// Enough history to scroll and filter, small enough to seed in well under a second.
const EVENTS_PER_STREAM: usize = 40;
/// The history spans the last half hour, so "last 15 minutes" style views have something.
const HISTORY: Duration = Duration::from_secs(30 * 60);
/// Streams written at once; the emulator is fine with more, AWS's PutLogEvents quota too.
const CONCURRENCY: usize = 8;
const RETENTION_DAYS: i32 = 30;

/// Creates `/ecs/<family>` for every family, with a retention policy as teams usually set.
pub(crate) async fn create_groups(
    logs: &aws_sdk_cloudwatchlogs::Client,
    families: &[SeededFamily],
) -> Result<()> {
    for family in families {
        let group = log_group(&family.family);
        logs.create_log_group()
            .log_group_name(&group)
            .send()
            .await
            .wrap_err_with(|| format!("creating log group {group}"))?;
        logs.put_retention_policy()
            .log_group_name(&group)
            .retention_in_days(RETENTION_DAYS)
            .send()
            .await
            .wrap_err_with(|| format!("setting retention of {group}"))?;
    }
    Ok(())
}

/// The awslogs streams the running tasks would write: one per container of each task.
pub(crate) fn streams_for(tasks: &[SeededTask], families: &[SeededFamily]) -> Vec<SeededLogStream> {
    let mut streams = Vec::new();
    for task in tasks {
        let family_name = task
            .task_definition
            .split(':')
            .next()
            .unwrap_or(&task.task_definition);
        let Some(family) = families.iter().find(|f| f.family == family_name) else {
            continue;
        };
        for container in &family.containers {
            streams.push(SeededLogStream {
                group: log_group(family_name),
                stream: format!("{STREAM_PREFIX}/{container}/{}", task.task_id),
                container: container.clone(),
                task_id: task.task_id.clone(),
            });
        }
    }
    streams
}

/// Creates each stream and fills it with a startup sequence and half an hour of history.
/// Returns the number of events written.
pub(crate) async fn seed_streams(
    logs: &aws_sdk_cloudwatchlogs::Client,
    streams: &[SeededLogStream],
) -> Result<usize> {
    let now = now_millis();
    let counts: Vec<usize> = futures::stream::iter(streams.iter())
        .map(|stream| async move {
            logs.create_log_stream()
                .log_group_name(&stream.group)
                .log_stream_name(&stream.stream)
                .send()
                .await
                .wrap_err_with(|| format!("creating log stream {}", stream.stream))?;
            let events = history(stream, now)?;
            let count = events.len();
            put(logs, stream, events).await?;
            Ok::<usize, color_eyre::Report>(count)
        })
        .buffer_unordered(CONCURRENCY)
        .try_collect()
        .await?;
    Ok(counts.iter().sum())
}

/// Appends one to three fresh events to every demo stream, as if the tasks were still working.
/// Returns the number of events written.
pub async fn feed_logs_once(clients: &Clients, summary: &SeedSummary) -> Result<usize> {
    let now = now_millis();
    let counts: Vec<usize> = futures::stream::iter(summary.log_streams.iter())
        .map(|stream| async move {
            let mut rng = Rng::seeded_by(&stream.stream, now as u64);
            let kind = LogKind::for_container(&stream.container);
            let n = 1 + rng.below(3) as usize;
            let events = (0..n)
                .map(|i| {
                    let ts = now - (n - 1 - i) as i64 * 150;
                    event(ts, line(kind, &mut rng, ts))
                })
                .collect::<Result<Vec<_>>>()?;
            put(&clients.logs, stream, events).await?;
            Ok::<usize, color_eyre::Report>(n)
        })
        .buffer_unordered(CONCURRENCY)
        .try_collect()
        .await?;
    Ok(counts.iter().sum())
}

/// Startup lines at the beginning of the window, then ordinary lines spread over it with jitter,
/// in timestamp order as PutLogEvents requires.
fn history(stream: &SeededLogStream, now: i64) -> Result<Vec<InputLogEvent>> {
    let mut rng = Rng::seeded_by(&stream.stream, 0);
    let kind = LogKind::for_container(&stream.container);
    let span = HISTORY.as_millis() as i64;
    let start = now - span;
    let mut events: Vec<Result<InputLogEvent>> = startup_lines(kind, start)
        .into_iter()
        .enumerate()
        .map(|(i, message)| event(start + i as i64 * 40, message))
        .collect();
    let step = span / EVENTS_PER_STREAM as i64;
    for i in 1..EVENTS_PER_STREAM as i64 {
        let ts = start + i * step + rng.below((step / 2).max(1) as u64) as i64;
        events.push(event(ts, line(kind, &mut rng, ts)));
    }
    events.into_iter().collect()
}

fn event(timestamp: i64, message: String) -> Result<InputLogEvent> {
    Ok(InputLogEvent::builder()
        .timestamp(timestamp)
        .message(message)
        .build()?)
}

async fn put(
    logs: &aws_sdk_cloudwatchlogs::Client,
    stream: &SeededLogStream,
    events: Vec<InputLogEvent>,
) -> Result<()> {
    let out = logs
        .put_log_events()
        .log_group_name(&stream.group)
        .log_stream_name(&stream.stream)
        .set_log_events(Some(events))
        .send()
        .await
        .wrap_err_with(|| format!("writing events to {} {}", stream.group, stream.stream))?;
    if let Some(rejected) = out.rejected_log_events_info() {
        tracing::warn!(?rejected, stream = %stream.stream, "some demo log events were rejected");
    }
    Ok(())
}

fn now_millis() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}
