//! Log tails: where a container's logs are (a [`LogSource`]), what a tail is asked for
//! ([`TailOptions`]) and what it reports ([`TailUpdate`]).
//!
//! The rules behind the types (ECS awslogs stream names, Live Tail limits) are in
//! `domain::log_sources` and `aws::log_tail`.

use std::hash::{Hash, Hasher};

use super::error::AwsError;

/// One container's awslogs stream of one task:
/// `<awslogs-stream-prefix>/<container-name>/<task-id>` in group `awslogs-group` of region
/// `awslogs-region`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct LogSource {
    /// The log group name (`awslogs-group`), e.g. `/ecs/web`.
    pub group: String,
    /// `awslogs-region`, or the default region when the option is missing; `None` only when
    /// neither is known (then the tail uses its client's region).
    pub region: Option<String>,
    /// The stream name, `prefix/container/task-id`.
    pub stream: String,
    /// The task id (the last part of the task ARN).
    pub task_id: String,
    /// The container name, as in the task definition.
    pub container: String,
}

impl LogSource {
    /// The first 8 characters of the task id, as log lines are prefixed.
    pub fn short_task_id(&self) -> &str {
        self.task_id.get(..8).unwrap_or(&self.task_id)
    }
}

/// The containers' log sources of some tasks, and a sentence for each container whose logs are
/// not in CloudWatch Logs at a place tecs can know.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Resolution {
    pub sources: Vec<LogSource>,
    /// Plain sentences, one per container (not per task) that has no usable awslogs stream.
    pub problems: Vec<String>,
}

/// One log event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogEvent {
    /// Milliseconds since the Unix epoch: the event's own time, as the container reported it.
    pub timestamp: i64,
    /// When CloudWatch Logs ingested it (ms since the epoch), when the API says.
    pub ingestion_time: Option<i64>,
    pub message: String,
    /// Index into the tail's sources.
    pub source: usize,
}

/// The identity of an event for de-duplication: its group, stream, timestamp and message.
///
/// Neither Live Tail nor GetLogEvents gives event ids (FilterLogEvents does, but the modes must
/// agree), so an event is known by what it says and where and when. Two identical lines in the
/// same stream in the same millisecond have the same key; the tail tells them apart by their
/// order within one answer (see `aws::log_tail`).
pub fn dedupe_key(e: &LogEvent, sources: &[LogSource]) -> u64 {
    // DefaultHasher::new() has fixed keys: stable within a process, which is all a tail needs.
    let mut h = std::collections::hash_map::DefaultHasher::new();
    match sources.get(e.source) {
        Some(s) => {
            s.group.hash(&mut h);
            s.stream.hash(&mut h);
        }
        None => e.source.hash(&mut h),
    }
    e.timestamp.hash(&mut h);
    e.message.hash(&mut h);
    h.finish()
}

/// Where a tail starts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Since {
    /// Roughly the last N events of each stream (GetLogEvents `limit`, at most 10,000; with a
    /// filter pattern, the last N matching events of the last day at most).
    Lines(usize),
    /// Events from this long ago on.
    Duration(std::time::Duration),
    /// Events from this time on (ms since the epoch).
    Timestamp(i64),
}

/// What a tail is asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TailOptions {
    pub since: Since,
    /// A CloudWatch Logs filter pattern, applied by the service (FilterLogEvents and Live Tail
    /// take the same syntax).
    pub filter: Option<String>,
    /// Keep following new events after the backlog.
    pub follow: bool,
}

/// How a following tail gets new events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TailMode {
    /// A CloudWatch Logs Live Tail session (StartLiveTail): events within about a second.
    Live,
    /// FilterLogEvents every 2 s; `why` says why Live Tail is not used, for the operator.
    Polling { why: String },
}

/// What a running tail reports.
#[derive(Debug, Clone, PartialEq)]
pub enum TailUpdate {
    /// The follow mode in use, sent when following starts and whenever it changes.
    Mode(TailMode),
    /// New events, sorted by timestamp within the batch. A later batch can hold events older
    /// than the newest of an earlier one (late ingestion, a backfill after a reconnect); no event
    /// is ever sent twice.
    Events(Vec<LogEvent>),
    /// Live Tail sampled this batch: more than 500 events/s matched and some were left out.
    Sampled,
    /// A failure; the tail goes on by itself after a backoff (2, 4, … 60 s).
    Retrying(AwsError),
    /// Something the operator should know that is not a failure, e.g. a stream that does not
    /// exist (yet): the container has not logged anything.
    Notice(String),
    /// A failure waiting cannot fix (a filter pattern the service rejects; with `follow` off,
    /// any failure that is not transient): the tail has ended. `Done` does not follow.
    Failed(AwsError),
    /// Only when `follow` is false: the backlog is sent and the tail has ended.
    Done,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(group: &str, stream: &str) -> LogSource {
        LogSource {
            group: group.to_string(),
            region: Some("us-east-1".to_string()),
            stream: stream.to_string(),
            task_id: "0123456789abcdef".to_string(),
            container: "app".to_string(),
        }
    }

    fn event(ts: i64, message: &str, source: usize) -> LogEvent {
        LogEvent {
            timestamp: ts,
            ingestion_time: None,
            message: message.to_string(),
            source,
        }
    }

    #[test]
    fn the_key_depends_on_stream_time_and_message_not_on_the_index_or_ingestion() {
        let sources = [
            source("/ecs/web", "ecs/app/1"),
            source("/ecs/web", "ecs/app/1"),
        ];
        let a = event(1, "hello", 0);
        let mut b = event(1, "hello", 1);
        b.ingestion_time = Some(5);
        // The same stream listed twice: the same event.
        assert_eq!(dedupe_key(&a, &sources), dedupe_key(&b, &sources));
        let others = [
            source("/ecs/web", "ecs/app/2"),
            source("/ecs/api", "ecs/app/1"),
        ];
        assert_ne!(dedupe_key(&a, &sources), dedupe_key(&a, &others[..1]));
        assert_ne!(
            dedupe_key(&a, &sources),
            dedupe_key(&event(1, "hello", 1), &others)
        );
        assert_ne!(
            dedupe_key(&a, &sources),
            dedupe_key(&event(2, "hello", 0), &sources)
        );
        assert_ne!(
            dedupe_key(&a, &sources),
            dedupe_key(&event(1, "hello!", 0), &sources)
        );
    }

    #[test]
    fn short_task_id_is_eight_characters_or_the_whole_id() {
        assert_eq!(source("g", "s").short_task_id(), "01234567");
        let mut s = source("g", "s");
        s.task_id = "abc".to_string();
        assert_eq!(s.short_task_id(), "abc");
    }
}
