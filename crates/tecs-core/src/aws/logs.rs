//! CloudWatch Logs calls tecs makes on the operator's behalf: creating a task definition's log
//! group, and the reads behind log tails (see [`super::log_tail`] for how they are combined).
//!
//! AWS sources (CloudWatch Logs API reference):
//! - FilterLogEvents: `logStreamNames` up to 100; `limit` up to 10,000 events (and at most 1 MB)
//!   a page; pages with `nextToken` (a page can be empty and still carry a token); the events of
//!   one group are interleaved in timestamp order; `startTime`/`endTime` in ms since the epoch.
//!   Quota: 5 requests/s per account and region (adjustable).
//! - GetLogEvents: one stream; `limit` up to 10,000 (and 1 MB); with `startFromHead=false` the
//!   first answer holds the stream's newest events, oldest first. Quota: 25 requests/s.
//! - DescribeLogStreams: `logStreamNamePrefix`; names sort lexicographically.

use aws_sdk_cloudwatchlogs::types::{FilteredLogEvent, OutputLogEvent};

use super::errors::{AwsError, classify};

/// FilterLogEvents takes at most 100 stream names a call.
pub const FILTER_MAX_STREAMS: usize = 100;
/// FilterLogEvents and GetLogEvents return at most 10,000 events a page.
pub const MAX_EVENTS_PER_PAGE: usize = 10_000;

/// Creates `group` unless it exists already (which is fine: the revision just logs there).
pub async fn ensure_log_group(
    logs: &aws_sdk_cloudwatchlogs::Client,
    group: &str,
) -> Result<(), AwsError> {
    match logs.create_log_group().log_group_name(group).send().await {
        Ok(_) => Ok(()),
        Err(e) => {
            let err = classify("logs:CreateLogGroup", &e);
            if err.code.as_deref() == Some("ResourceAlreadyExistsException") {
                Ok(())
            } else {
                Err(err)
            }
        }
    }
}

/// One event as the read calls return it, before it is tied to a tail's source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StreamEvent {
    pub stream: String,
    pub timestamp: i64,
    pub ingestion_time: Option<i64>,
    pub message: String,
}

/// One page of FilterLogEvents.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FilterPage {
    pub events: Vec<StreamEvent>,
    /// More to read with this token (a page may be empty and still have one).
    pub next_token: Option<String>,
}

/// What a missing resource in a read was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// "The specified log group does not exist."
    Group,
    /// "The specified log stream does not exist."
    Stream,
}

/// Whether `err` says a log group or stream does not exist (ResourceNotFoundException; the
/// message tells which, a bare code is taken as the group).
pub fn missing(err: &AwsError) -> Option<Missing> {
    if err.code.as_deref() != Some("ResourceNotFoundException") {
        return None;
    }
    if err.message.to_ascii_lowercase().contains("log stream") {
        Some(Missing::Stream)
    } else {
        Some(Missing::Group)
    }
}

/// One page of FilterLogEvents over `streams` (at most [`FILTER_MAX_STREAMS`]; empty means the
/// whole group) of `group`, from `start` to `end` (ms, inclusive), with a filter pattern.
pub async fn filter_page(
    logs: &aws_sdk_cloudwatchlogs::Client,
    group: &str,
    streams: &[String],
    start: Option<i64>,
    end: Option<i64>,
    pattern: Option<&str>,
    token: Option<String>,
) -> Result<FilterPage, AwsError> {
    let out = logs
        .filter_log_events()
        .log_group_name(group)
        .set_log_stream_names((!streams.is_empty()).then(|| streams.to_vec()))
        .set_start_time(start)
        .set_end_time(end)
        .set_filter_pattern(pattern.map(str::to_string))
        .set_next_token(token)
        .limit(MAX_EVENTS_PER_PAGE as i32)
        .send()
        .await
        .map_err(|e| classify("logs:FilterLogEvents", &e))?;
    Ok(FilterPage {
        events: out.events().iter().map(filtered_event).collect(),
        next_token: out.next_token().map(str::to_string),
    })
}

fn filtered_event(e: &FilteredLogEvent) -> StreamEvent {
    StreamEvent {
        stream: e.log_stream_name().unwrap_or_default().to_string(),
        timestamp: e.timestamp().unwrap_or_default(),
        ingestion_time: e.ingestion_time(),
        message: e.message().unwrap_or_default().to_string(),
    }
}

/// The newest `limit` events of one stream (GetLogEvents with `startFromHead=false`), oldest
/// first. "Roughly": the service stops at 1 MB, and may answer with fewer.
pub async fn last_events(
    logs: &aws_sdk_cloudwatchlogs::Client,
    group: &str,
    stream: &str,
    limit: usize,
) -> Result<Vec<StreamEvent>, AwsError> {
    let limit = limit.clamp(1, MAX_EVENTS_PER_PAGE) as i32;
    let out = logs
        .get_log_events()
        .log_group_name(group)
        .log_stream_name(stream)
        .start_from_head(false)
        .limit(limit)
        .send()
        .await
        .map_err(|e| classify("logs:GetLogEvents", &e))?;
    let mut events: Vec<StreamEvent> = out
        .events()
        .iter()
        .map(|e: &OutputLogEvent| StreamEvent {
            stream: stream.to_string(),
            timestamp: e.timestamp().unwrap_or_default(),
            ingestion_time: e.ingestion_time(),
            message: e.message().unwrap_or_default().to_string(),
        })
        .collect();
    // Oldest first as documented; sorted anyway so a merge can rely on it.
    events.sort_by_key(|e| e.timestamp);
    Ok(events)
}

/// Which of `streams` exist in `group` (one DescribeLogStreams by name prefix each, in order).
/// Used when FilterLogEvents refuses a stream list because one of the streams does not exist yet.
pub async fn existing_streams(
    logs: &aws_sdk_cloudwatchlogs::Client,
    group: &str,
    streams: &[String],
) -> Result<Vec<String>, AwsError> {
    let mut existing = Vec::new();
    for stream in streams {
        let out = logs
            .describe_log_streams()
            .log_group_name(group)
            .log_stream_name_prefix(stream)
            .limit(1)
            .send()
            .await
            .map_err(|e| classify("logs:DescribeLogStreams", &e))?;
        // The prefix also matches longer names; names sort lexicographically, so an exact
        // match comes first.
        if out.log_streams().first().and_then(|s| s.log_stream_name()) == Some(stream.as_str()) {
            existing.push(stream.clone());
        }
    }
    Ok(existing)
}
