//! The log tail: de-duplication and ordering, the choice of Live Tail or polling, and the Live
//! Tail session as a state machine (pure); then the calls against aws-smithy-mocks — backlog
//! paging with `nextToken`, GetLogEvents tails, and Live Tail event streams (the mocks answer
//! StartLiveTail with an HTTP body of real event-stream frames, which the SDK decodes as it would
//! AWS's): session start, updates, sampling, the 3-hour timeout and reconnect with backfill,
//! stream errors, denial, the emulator's replay-and-end, and polling.

use std::sync::Arc;

use aws_sdk_cloudwatchlogs::Client as LogsClient;
use aws_sdk_cloudwatchlogs::operation::describe_log_streams::{
    DescribeLogStreamsInput, DescribeLogStreamsOutput,
};
use aws_sdk_cloudwatchlogs::operation::filter_log_events::{
    FilterLogEventsInput, FilterLogEventsOutput,
};
use aws_sdk_cloudwatchlogs::operation::get_log_events::{GetLogEventsInput, GetLogEventsOutput};
use aws_sdk_cloudwatchlogs::types::{FilteredLogEvent, LogStream, OutputLogEvent};
use aws_sdk_sts::operation::get_caller_identity::GetCallerIdentityOutput;
use aws_smithy_mocks::{MockResponse, Rule, mock};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;
use serde_json::{Value, json};
use tokio::sync::mpsc;

use super::*;
use crate::aws::namespace_admin::tests::{Capture, mocked};

const REGION: &str = "us-east-1";
const ACCOUNT: &str = "123456789012";

/// Pauses shrunk for tests; `quick_end` as in production unless a test changes it.
const FAST: Timing = Timing {
    poll_interval: Duration::from_millis(5),
    per_call_interval: Duration::from_millis(1),
    backoff_start: Duration::from_millis(1),
    backoff_max: Duration::from_millis(4),
    quick_end: Duration::from_secs(10),
    live_idle: Duration::from_secs(5),
    missing_recheck: Duration::from_millis(50),
};

fn src(group: &str, container: &str, task: &str) -> LogSource {
    LogSource {
        group: group.to_string(),
        region: Some(REGION.to_string()),
        stream: format!("ecs/{container}/{task}"),
        task_id: task.to_string(),
        container: container.to_string(),
    }
}

fn ev(ts: i64, message: &str, source: usize) -> LogEvent {
    LogEvent {
        timestamp: ts,
        ingestion_time: None,
        message: message.to_string(),
        source,
    }
}

fn messages(events: &[LogEvent]) -> Vec<&str> {
    events.iter().map(|e| e.message.as_str()).collect()
}

// ---------------------------------------------------------------------------------------------
// Pure: de-duplication and ordering.

#[test]
fn the_recent_keys_set_is_bounded_and_forgets_the_oldest() {
    let mut keys = RecentKeys::new(3);
    assert!(keys.is_empty());
    assert!(keys.insert(1));
    assert!(!keys.insert(1), "a repeat is not new");
    assert!(keys.insert(2));
    assert!(keys.insert(3));
    assert!(keys.insert(4));
    assert_eq!(keys.len(), 3, "never more than the capacity");
    assert!(!keys.contains(1), "the oldest went");
    assert!(keys.contains(2) && keys.contains(3) && keys.contains(4));
    assert!(keys.insert(1), "forgotten, so new again");
    assert!(!keys.contains(2));

    let mut big = RecentKeys::new(DEDUPE_CAPACITY);
    for k in 0..(DEDUPE_CAPACITY as u64 + 5_000) {
        big.insert(k);
    }
    assert_eq!(big.len(), DEDUPE_CAPACITY);
}

#[test]
fn a_batch_is_merged_in_time_order_keeping_each_streams_order_within_a_millisecond() {
    let sources = vec![src("/ecs/web", "app", "t1"), src("/ecs/web", "nginx", "t1")];
    let mut d = Dedupe::new(sources, 100);
    let out = d.admit(vec![
        ev(30, "app c", 0),
        ev(10, "nginx a", 1),
        ev(20, "app trace 1", 0),
        ev(20, "app trace 2", 0),
        ev(20, "app trace 3", 0),
        ev(15, "nginx b", 1),
        ev(20, "nginx same ms", 1),
    ]);
    assert_eq!(
        messages(&out),
        [
            "nginx a",
            "nginx b",
            "app trace 1",
            "app trace 2",
            "app trace 3",
            "nginx same ms",
            "app c"
        ]
    );
    assert_eq!(d.newest(), Some(30));
}

#[test]
fn the_same_events_across_a_reconnect_are_sent_once() {
    let sources = vec![src("/ecs/web", "app", "t1")];
    let mut d = Dedupe::new(sources, 100);
    // The session before the reconnect.
    let first = d.admit(vec![ev(1, "a", 0), ev(2, "b", 0), ev(3, "c", 0)]);
    assert_eq!(messages(&first), ["a", "b", "c"]);
    // The backfill after it re-reads with a look-back: only the gap is new.
    let backfill = d.admit(vec![
        ev(2, "b", 0),
        ev(3, "c", 0),
        ev(4, "d", 0),
        ev(5, "e", 0),
    ]);
    assert_eq!(messages(&backfill), ["d", "e"]);
    // And the new session repeats some of the backfill.
    let session = d.admit(vec![ev(5, "e", 0), ev(6, "f", 0)]);
    assert_eq!(messages(&session), ["f"]);
    // Fed exactly the same again: nothing.
    assert!(d.admit(vec![ev(5, "e", 0), ev(6, "f", 0)]).is_empty());
}

#[test]
fn the_same_events_across_a_switch_from_live_to_polling_are_sent_once() {
    let sources = vec![src("/ecs/web", "app", "t1"), src("/ecs/web", "app", "t2")];
    let mut d = Dedupe::new(sources, 100);
    let live = d.admit(vec![ev(100, "x", 0), ev(101, "y", 1)]);
    assert_eq!(live.len(), 2);
    // Polling starts from the newest minus the look-back: everything again, plus one new.
    let poll = d.admit(vec![
        ev(90, "old", 0),
        ev(100, "x", 0),
        ev(101, "y", 1),
        ev(102, "z", 1),
    ]);
    assert_eq!(
        messages(&poll),
        ["old", "z"],
        "a late event the session never had is new"
    );
    // The same text in another stream is another event.
    let other = d.admit(vec![ev(100, "x", 1)]);
    assert_eq!(messages(&other), ["x"]);
}

#[test]
fn identical_lines_in_one_answer_are_kept_and_a_rereading_is_not_repeated() {
    let mut d = Dedupe::new(vec![src("/ecs/web", "app", "t1")], 100);
    let out = d.admit(vec![ev(7, "", 0), ev(7, "", 0), ev(7, "at x", 0)]);
    assert_eq!(
        out.len(),
        3,
        "two blank lines of a stack trace are two lines"
    );
    // A poll reading the same millisecond again, now with a third blank line.
    let again = d.admit(vec![
        ev(7, "", 0),
        ev(7, "", 0),
        ev(7, "at x", 0),
        ev(7, "", 0),
    ]);
    assert_eq!(messages(&again), [""], "only the third one is new");
}

#[test]
fn events_before_what_was_asked_are_dropped() {
    let mut d = Dedupe::new(vec![src("g", "a", "t"), src("g", "b", "t")], 100);
    d.set_floor_all(50);
    d.set_floor(1, 80);
    let out = d.admit(vec![
        ev(49, "too old", 0),
        ev(50, "edge", 0),
        ev(79, "b old", 1),
        ev(80, "b ok", 1),
    ]);
    assert_eq!(messages(&out), ["edge", "b ok"]);
}

#[test]
fn the_dedupe_set_stays_bounded_over_a_long_tail() {
    let mut d = Dedupe::new(vec![src("g", "a", "t")], 1_000);
    for batch in 0..50 {
        let events = (0..100)
            .map(|i| ev(batch * 100 + i, &format!("line {batch}/{i}"), 0))
            .collect();
        assert_eq!(d.admit(events).len(), 100);
    }
    assert_eq!(d.seen.len(), 1_000);
    // A re-read of recent events is still caught.
    assert!(d.admit(vec![ev(4_999, "line 49/99", 0)]).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Pure: Live Tail or polling; ARNs.

#[test]
fn one_group_passes_its_stream_names_several_groups_pass_none() {
    let one = vec![src("/ecs/web", "app", "t1"), src("/ecs/web", "nginx", "t1")];
    let plan = live_plan(&one).expect("live");
    assert_eq!(plan.groups, ["/ecs/web"]);
    assert_eq!(
        plan.streams,
        Some(vec!["ecs/app/t1".to_string(), "ecs/nginx/t1".to_string()])
    );
    assert_eq!(plan.region.as_deref(), Some(REGION));

    let two = vec![
        src("/ecs/web", "app", "t1"),
        src("/ecs/side", "envoy", "t1"),
    ];
    let plan = live_plan(&two).expect("live");
    assert_eq!(plan.groups, ["/ecs/web", "/ecs/side"]);
    assert_eq!(plan.streams, None, "filtered client-side");
}

#[test]
fn live_tail_limits_send_the_tail_to_polling_with_a_reason() {
    let eleven: Vec<LogSource> = (0..11)
        .map(|i| src(&format!("/g{i}"), "app", "t"))
        .collect();
    let why = live_plan(&eleven).expect_err("11 groups");
    assert!(
        why.contains("11 log groups") && why.contains("at most 10"),
        "{why}"
    );
    assert!(live_plan(&eleven[..10]).is_ok(), "10 groups are fine");

    let many: Vec<LogSource> = (0..101)
        .map(|i| src("/ecs/web", "app", &format!("t{i}")))
        .collect();
    let why = live_plan(&many).expect_err("101 streams");
    assert!(
        why.contains("101 log streams") && why.contains("at most 100"),
        "{why}"
    );
    assert!(live_plan(&many[..100]).is_ok());

    let mut regions = vec![src("/ecs/web", "app", "t1"), src("/ecs/web", "app", "t2")];
    regions[1].region = Some("eu-west-1".to_string());
    let why = live_plan(&regions).expect_err("two regions");
    assert!(
        why.contains("2 regions") && why.contains("eu-west-1"),
        "{why}"
    );

    // The same stream twice counts once.
    let twice = vec![src("/ecs/web", "app", "t1"), src("/ecs/web", "app", "t1")];
    assert_eq!(
        live_plan(&twice).expect("live").streams.map(|s| s.len()),
        Some(1)
    );
}

#[test]
fn log_group_arns_and_identifiers() {
    assert_eq!(
        log_group_arn("aws", "us-east-1", ACCOUNT, "/ecs/web"),
        "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web"
    );
    assert_eq!(
        log_group_arn("aws-cn", "cn-north-1", ACCOUNT, "g"),
        "arn:aws-cn:logs:cn-north-1:123456789012:log-group:g"
    );
    for id in [
        "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web",
        "arn:aws:logs:us-east-1:123456789012:log-group:/ecs/web:*",
        "/ecs/web",
    ] {
        assert_eq!(group_name_of(id), "/ecs/web", "{id}");
    }
    // A group name with a colon survives.
    assert_eq!(
        group_name_of("arn:aws:logs:us-east-1:1:log-group:a:b:*"),
        "a:b"
    );
}

// ---------------------------------------------------------------------------------------------
// Pure: the Live Tail state machine.

fn err(kind: ErrorKind, message: &str) -> AwsError {
    AwsError {
        kind,
        code: None,
        message: message.to_string(),
        hint: None,
        read_back: None,
    }
}

#[test]
fn a_session_starts_streams_and_ends_by_timeout_or_closing() {
    let t = FAST;
    let s = Duration::from_secs(1);
    let mut session = LiveSession::default();
    assert_eq!(session.on_item(LiveItem::Started, s, &t), LiveStep::Started);
    assert_eq!(
        session.on_item(LiveItem::Started, s, &t),
        LiveStep::Nothing,
        "one start a session"
    );
    assert!(!session.updated());
    let update = LiveItem::Update {
        sampled: true,
        events: vec![ev(1, "a", 0)],
    };
    assert_eq!(
        session.on_item(update, s, &t),
        LiveStep::Events {
            sampled: true,
            events: vec![ev(1, "a", 0)],
            first: false
        }
    );
    assert!(session.updated());
    assert_eq!(session.on_item(LiveItem::Unknown, s, &t), LiveStep::Nothing);
    assert_eq!(
        session.on_item(LiveItem::Timeout, s, &t),
        LiveStep::Ended(SessionEnd::Expired)
    );
    // Closing: early means the endpoint never streamed; late is an ordinary end.
    assert_eq!(
        LiveSession::default().on_item(LiveItem::Closed, Duration::from_millis(30), &t),
        LiveStep::Ended(SessionEnd::ClosedEarly)
    );
    assert_eq!(
        LiveSession::default().on_item(LiveItem::Closed, Duration::from_secs(3 * 3600), &t),
        LiveStep::Ended(SessionEnd::Expired)
    );
    assert_eq!(
        LiveSession::default().on_item(LiveItem::Idle, s, &t),
        LiveStep::Ended(SessionEnd::Stalled)
    );
    let e = err(ErrorKind::ServerError, "boom");
    assert_eq!(
        LiveSession::default().on_item(LiveItem::Failed(e.clone()), s, &t),
        LiveStep::Ended(SessionEnd::Failed(e))
    );
    // An update without a start is the start too.
    let mut session = LiveSession::default();
    assert!(matches!(
        session.on_item(
            LiveItem::Update {
                sampled: false,
                events: vec![]
            },
            s,
            &t
        ),
        LiveStep::Events { first: true, .. }
    ));
    assert_eq!(session.on_item(LiveItem::Started, s, &t), LiveStep::Nothing);
}

#[test]
fn after_a_session_reconnect_or_poll() {
    let NextMove::Poll { why } = after_session(SessionEnd::ClosedEarly, 0) else {
        panic!("an early clean end polls");
    };
    assert!(why.contains("ended right after it started"), "{why}");
    assert_eq!(
        after_session(SessionEnd::Expired, 0),
        NextMove::Reconnect { report: None },
        "the 3-hour timeout reconnects at once, silently"
    );
    let e = err(ErrorKind::ServerError, "stream broke");
    assert_eq!(
        after_session(SessionEnd::Failed(e.clone()), 1),
        NextMove::Reconnect {
            report: Some(e.clone())
        }
    );
    assert_eq!(
        after_session(SessionEnd::Failed(e.clone()), 2),
        NextMove::Reconnect {
            report: Some(e.clone())
        }
    );
    let NextMove::Poll { why } = after_session(SessionEnd::Failed(e), 3) else {
        panic!("three in a row poll");
    };
    assert!(
        why.contains("failed 3 times in a row") && why.contains("stream broke"),
        "{why}"
    );
    assert!(matches!(
        after_session(SessionEnd::Stalled, 1),
        NextMove::Reconnect {
            report: Some(AwsError {
                kind: ErrorKind::Timeout { .. },
                ..
            })
        }
    ));
    assert!(matches!(
        after_session(SessionEnd::Stalled, 3),
        NextMove::Poll { .. }
    ));
    let denied = err(ErrorKind::AccessDenied { action: None }, "denied");
    assert!(matches!(
        after_session(SessionEnd::Failed(denied), 1),
        NextMove::Poll { .. }
    ));
}

#[test]
fn after_a_failed_start_retry_transient_failures_only() {
    let NextMove::Poll { why } = after_start_failure(
        err(
            ErrorKind::AccessDenied {
                action: Some("logs:StartLiveTail".into()),
            },
            "StartLiveTail failed: AccessDeniedException",
        ),
        1,
    ) else {
        panic!("denied polls at once");
    };
    assert!(why.contains("not allowed"), "{why}");
    let throttled = err(ErrorKind::Throttled, "slow down");
    assert_eq!(
        after_start_failure(throttled.clone(), 1),
        NextMove::Reconnect {
            report: Some(throttled.clone())
        }
    );
    assert!(matches!(
        after_start_failure(throttled, 3),
        NextMove::Poll { .. }
    ));
    let NextMove::Poll { why } = after_start_failure(
        err(ErrorKind::InvalidRequest, "InvalidOperationException"),
        1,
    ) else {
        panic!("unsupported polls");
    };
    assert!(
        why.contains("could not start") && why.contains("InvalidOperation"),
        "{why}"
    );
}

#[test]
fn backoff_doubles_to_its_maximum_and_resets() {
    let mut b = Backoff::new(&Timing::default());
    let secs: Vec<u64> = (0..7).map(|_| b.next().as_secs()).collect();
    assert_eq!(secs, [2, 4, 8, 16, 32, 60, 60]);
    b.reset();
    assert_eq!(b.next().as_secs(), 2);
}

// ---------------------------------------------------------------------------------------------
// Mocks: helpers.

/// Clients whose logs and STS answer from `logs` and `sts` rules; everything else is unmocked.
fn clients(logs: Vec<&Rule>, sts: Vec<&Rule>) -> (Clients, Capture) {
    let capture = Capture::default();
    let none: [&Rule; 0] = [];
    let clients = Clients {
        ecs: mocked!(aws_sdk_ecs, none, capture),
        logs: mocked!(aws_sdk_cloudwatchlogs, logs, capture),
        discovery: mocked!(aws_sdk_servicediscovery, none, capture),
        sts: mocked!(aws_sdk_sts, sts, capture),
        ec2: mocked!(aws_sdk_ec2, none, capture),
        iam: mocked!(aws_sdk_iam, none, capture),
        autoscaling: mocked!(aws_sdk_autoscaling, none, capture),
        ssm: mocked!(aws_sdk_ssm, none, capture),
        aas: mocked!(aws_sdk_applicationautoscaling, none, capture),
        elbv2: mocked!(aws_sdk_elasticloadbalancingv2, none, capture),
        ecr: mocked!(aws_sdk_ecr, none, capture),
        region: REGION.to_string(),
        sdk_config: aws_config::SdkConfig::builder().build(),
        emulator_account: None,
    };
    (clients, capture)
}

fn identity() -> Rule {
    mock!(aws_sdk_sts::Client::get_caller_identity).then_output(|| {
        GetCallerIdentityOutput::builder()
            .account(ACCOUNT)
            .arn(format!("arn:aws:sts::{ACCOUNT}:assumed-role/dev/me"))
            .build()
    })
}

/// Runs a tail in its own task (which also proves its future is `Send`) until `done` holds for
/// the updates so far, or 10 s pass; then stops it as a screen would (abort).
async fn run_until(
    clients: &Clients,
    sources: Vec<LogSource>,
    options: TailOptions,
    timing: Timing,
    done: impl Fn(&[TailUpdate]) -> bool,
) -> Vec<TailUpdate> {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let clients = clients.clone();
    let handle = tokio::spawn(async move {
        tail_with(&clients, sources, options, timing, move |u| {
            let _ = tx.send(u);
        })
        .await;
    });
    let mut seen = Vec::new();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    // `done` may look at more than the updates (a call counter): ask it every 10 ms too.
    while !done(&seen) && tokio::time::Instant::now() < deadline {
        match tokio::time::timeout(Duration::from_millis(10), rx.recv()).await {
            Ok(Some(u)) => seen.push(u),
            Ok(None) => break,
            Err(_) => {}
        }
    }
    handle.abort();
    seen
}

fn all_events(updates: &[TailUpdate]) -> Vec<LogEvent> {
    updates
        .iter()
        .filter_map(|u| match u {
            TailUpdate::Events(e) => Some(e.clone()),
            _ => None,
        })
        .flatten()
        .collect()
}

fn all_messages(updates: &[TailUpdate]) -> Vec<String> {
    all_events(updates).into_iter().map(|e| e.message).collect()
}

fn has_done(u: &[TailUpdate]) -> bool {
    u.iter()
        .any(|u| matches!(u, TailUpdate::Done | TailUpdate::Failed(_)))
}

fn polling_why(updates: &[TailUpdate]) -> Option<String> {
    updates.iter().find_map(|u| match u {
        TailUpdate::Mode(TailMode::Polling { why }) => Some(why.clone()),
        _ => None,
    })
}

fn filtered(stream: &str, ts: i64, message: &str) -> FilteredLogEvent {
    FilteredLogEvent::builder()
        .log_stream_name(stream)
        .timestamp(ts)
        .ingestion_time(ts + 1)
        .message(message)
        .build()
}

fn http(status: u16, body: impl Into<SdkBody>) -> HttpResponse {
    let mut response =
        HttpResponse::new(StatusCode::try_from(status).expect("status"), body.into());
    response
        .headers_mut()
        .insert("content-type", "application/x-amz-json-1.1");
    response
}

fn service_error(status: u16, code: &str, message: &str) -> HttpResponse {
    http(
        status,
        json!({"__type": code, "message": message}).to_string(),
    )
}

fn now() -> i64 {
    now_ms()
}

// ---------------------------------------------------------------------------------------------
// Mocks: event-stream frames (the AWS event stream encoding: prelude with lengths and CRC32,
// string headers, JSON payload, message CRC32).

fn crc32(data: &[u8]) -> u32 {
    let mut crc = 0xFFFF_FFFFu32;
    for &byte in data {
        crc ^= u32::from(byte);
        for _ in 0..8 {
            let mask = (crc & 1).wrapping_neg();
            crc = (crc >> 1) ^ (0xEDB8_8320 & mask);
        }
    }
    !crc
}

fn frame(headers: &[(&str, &str)], payload: &[u8]) -> Vec<u8> {
    let mut h = Vec::new();
    for (name, value) in headers {
        h.push(name.len() as u8);
        h.extend_from_slice(name.as_bytes());
        h.push(7); // string
        h.extend_from_slice(&(value.len() as u16).to_be_bytes());
        h.extend_from_slice(value.as_bytes());
    }
    let total = 12 + h.len() + payload.len() + 4;
    let mut m = Vec::new();
    m.extend_from_slice(&(total as u32).to_be_bytes());
    m.extend_from_slice(&(h.len() as u32).to_be_bytes());
    let prelude = crc32(&m);
    m.extend_from_slice(&prelude.to_be_bytes());
    m.extend_from_slice(&h);
    m.extend_from_slice(payload);
    let message = crc32(&m);
    m.extend_from_slice(&message.to_be_bytes());
    m
}

fn session_start() -> Vec<u8> {
    frame(
        &[
            (":message-type", "event"),
            (":event-type", "sessionStart"),
            (":content-type", "application/json"),
        ],
        json!({"requestId": "r-1", "sessionId": "s-1"})
            .to_string()
            .as_bytes(),
    )
}

/// A session update; events are `(group, stream, timestamp, message)`.
fn session_update(sampled: bool, events: &[(&str, &str, i64, &str)]) -> Vec<u8> {
    let results: Vec<Value> = events
        .iter()
        .map(|(group, stream, ts, message)| {
            json!({
                "logGroupIdentifier": format!("arn:aws:logs:{REGION}:{ACCOUNT}:log-group:{group}"),
                "logStreamName": stream,
                "timestamp": ts,
                "ingestionTime": ts + 5,
                "message": message,
            })
        })
        .collect();
    frame(
        &[
            (":message-type", "event"),
            (":event-type", "sessionUpdate"),
            (":content-type", "application/json"),
        ],
        json!({"sessionMetadata": {"sampled": sampled}, "sessionResults": results})
            .to_string()
            .as_bytes(),
    )
}

fn stream_exception(code: &str, message: &str) -> Vec<u8> {
    frame(
        &[
            (":message-type", "exception"),
            (":exception-type", code),
            (":content-type", "application/json"),
        ],
        json!({"message": message}).to_string().as_bytes(),
    )
}

/// A StartLiveTail answer carrying these frames, then the end of the stream.
fn live_body(frames: Vec<Vec<u8>>) -> HttpResponse {
    let mut response = HttpResponse::new(
        StatusCode::try_from(200).expect("status"),
        SdkBody::from(frames.concat()),
    );
    response
        .headers_mut()
        .insert("content-type", "application/vnd.amazon.eventstream");
    response
}

/// StartLiveTail answering with each body in turn, the last one for every further call.
fn live_sessions(bodies: Vec<Vec<Vec<u8>>>) -> Rule {
    let bodies = Arc::new(bodies);
    let mut builder = mock!(LogsClient::start_live_tail).sequence();
    for i in 0..bodies.len() {
        let bodies = bodies.clone();
        builder = builder.http_response(move || live_body(bodies[i].clone()));
    }
    builder.repeatedly().build()
}

fn follow_since(d: Duration) -> TailOptions {
    TailOptions {
        since: Since::Duration(d),
        filter: None,
        follow: true,
    }
}

// ---------------------------------------------------------------------------------------------
// Mocks: backlog.

#[tokio::test]
async fn the_backlog_pages_with_next_token_and_merges_calls_of_100_streams_in_time_order() {
    // 101 streams in one group: two FilterLogEvents calls (100 + 1).
    let sources: Vec<LogSource> = (0..101)
        .map(|i| src("/ecs/web", "app", &format!("t{i:03}")))
        .collect();
    let base = now() - 60_000;
    let filter = mock!(LogsClient::filter_log_events).then_compute_output(
        move |r: &FilterLogEventsInput| {
            let streams = r.log_stream_names();
            let (events, next): (Vec<(i64, &str)>, Option<&str>) = if streams.len() == 100 {
                match r.next_token() {
                    None => (vec![(10, "a 10"), (30, "a 30")], Some("a2")),
                    // A page can be empty and still carry a token.
                    Some("a2") => (vec![], Some("a3")),
                    Some(_) => (vec![(50, "a 50"), (70, "a 70")], None),
                }
            } else {
                (vec![(20, "b 20"), (60, "b 60")], None)
            };
            let stream = streams[0].clone();
            FilterLogEventsOutput::builder()
                .set_events(Some(
                    events
                        .into_iter()
                        .map(|(t, m)| filtered(&stream, base + t, m))
                        .collect(),
                ))
                .set_next_token(next.map(str::to_string))
                .build()
        },
    );
    let (clients, capture) = clients(vec![&filter], vec![]);
    let updates = run_until(
        &clients,
        sources,
        TailOptions {
            since: Since::Duration(Duration::from_secs(3600)),
            filter: None,
            follow: false,
        },
        FAST,
        has_done,
    )
    .await;
    assert_eq!(
        all_messages(&updates),
        ["a 10", "b 20", "a 30", "a 50", "b 60", "a 70"]
    );
    assert!(
        matches!(updates.last(), Some(TailUpdate::Done)),
        "{updates:?}"
    );
    // Sent as pages arrive: the first batch could not wait for the second page.
    let batches: Vec<Vec<LogEvent>> = updates
        .iter()
        .filter_map(|u| match u {
            TailUpdate::Events(e) => Some(e.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(batches.len(), 2, "{batches:?}");
    assert_eq!(messages(&batches[0]), ["a 10", "b 20", "a 30"]);
    let bodies = capture.bodies("FilterLogEvents");
    assert_eq!(bodies.len(), 4, "three pages and one call");
    for body in &bodies {
        let names = body["logStreamNames"].as_array().map(Vec::len).unwrap_or(0);
        assert!((1..=100).contains(&names), "{body}");
        assert!(
            body["startTime"].is_i64() && body["endTime"].is_i64(),
            "{body}"
        );
        assert_eq!(body["logGroupName"], "/ecs/web");
    }
    assert_eq!(filter.num_calls(), 4);
}

#[tokio::test]
async fn the_last_lines_come_from_get_log_events_per_stream_merged() {
    let sources = vec![src("/ecs/web", "app", "t1"), src("/ecs/web", "nginx", "t1")];
    let base = now() - 60_000;
    let get =
        mock!(LogsClient::get_log_events).then_compute_output(move |r: &GetLogEventsInput| {
            let events: Vec<(i64, &str)> = if r.log_stream_name() == Some("ecs/app/t1") {
                vec![(1, "app 1"), (5, "app 5")]
            } else {
                vec![(3, "nginx 3"), (4, "nginx 4")]
            };
            GetLogEventsOutput::builder()
                .set_events(Some(
                    events
                        .into_iter()
                        .map(|(t, m)| {
                            OutputLogEvent::builder()
                                .timestamp(base + t)
                                .message(m)
                                .build()
                        })
                        .collect(),
                ))
                .build()
        });
    let (clients, capture) = clients(vec![&get], vec![]);
    let updates = run_until(
        &clients,
        sources,
        TailOptions {
            since: Since::Lines(2),
            filter: None,
            follow: false,
        },
        FAST,
        has_done,
    )
    .await;
    assert_eq!(
        all_messages(&updates),
        ["app 1", "nginx 3", "nginx 4", "app 5"]
    );
    assert!(matches!(updates.last(), Some(TailUpdate::Done)));
    for body in capture.bodies("GetLogEvents") {
        assert_eq!(body["startFromHead"], false, "{body}");
        assert_eq!(body["limit"], 2, "{body}");
    }
}

#[tokio::test]
async fn a_missing_stream_narrows_the_call_and_is_a_notice() {
    let sources = vec![
        src("/ecs/web", "app", "t1"),
        src("/ecs/web", "sidecar", "t1"),
    ];
    let base = now() - 1_000;
    let filter = mock!(LogsClient::filter_log_events).then_compute_response(
        move |r: &FilterLogEventsInput| {
            if r.log_stream_names().len() > 1 {
                MockResponse::Http(service_error(
                    400,
                    "ResourceNotFoundException",
                    "The specified log stream does not exist.",
                ))
            } else {
                MockResponse::Output(
                    FilterLogEventsOutput::builder()
                        .events(filtered("ecs/app/t1", base, "hello"))
                        .build(),
                )
            }
        },
    );
    let describe = mock!(LogsClient::describe_log_streams).then_compute_output(
        |r: &DescribeLogStreamsInput| {
            let mut out = DescribeLogStreamsOutput::builder();
            if r.log_stream_name_prefix() == Some("ecs/app/t1") {
                out = out.log_streams(LogStream::builder().log_stream_name("ecs/app/t1").build());
            } else {
                // Only a longer name with that prefix: the stream itself does not exist.
                out = out.log_streams(
                    LogStream::builder()
                        .log_stream_name("ecs/sidecar/t1-other")
                        .build(),
                );
            }
            out.build()
        },
    );
    let (clients, _) = clients(vec![&filter, &describe], vec![]);
    let updates = run_until(
        &clients,
        sources,
        TailOptions {
            since: Since::Duration(Duration::from_secs(60)),
            filter: None,
            follow: false,
        },
        FAST,
        has_done,
    )
    .await;
    assert_eq!(all_messages(&updates), ["hello"]);
    let notices: Vec<&String> = updates
        .iter()
        .filter_map(|u| match u {
            TailUpdate::Notice(n) => Some(n),
            _ => None,
        })
        .collect();
    assert_eq!(
        notices,
        [
            "log stream ecs/sidecar/t1 of /ecs/web does not exist (yet): container sidecar of task \
          t1 has not logged anything"
        ]
    );
    assert!(matches!(updates.last(), Some(TailUpdate::Done)));
}

#[tokio::test]
async fn a_missing_group_is_a_notice_and_failures_retry_or_end_the_tail() {
    let sources = vec![src("/ecs/gone", "app", "t1")];
    let filter = mock!(LogsClient::filter_log_events).then_http_response(|| {
        service_error(
            400,
            "ResourceNotFoundException",
            "The specified log group does not exist.",
        )
    });
    let (c, _) = clients(vec![&filter], vec![]);
    let options = TailOptions {
        since: Since::Duration(Duration::from_secs(60)),
        filter: None,
        follow: false,
    };
    let updates = run_until(&c, sources.clone(), options.clone(), FAST, has_done).await;
    assert!(
        matches!(&updates[..], [TailUpdate::Notice(n), TailUpdate::Done] if n.contains("log group /ecs/gone does not exist in us-east-1")),
        "{updates:?}"
    );

    // A server error is retried after a backoff, then the backlog arrives.
    let flaky = mock!(LogsClient::filter_log_events)
        .sequence()
        .http_response(|| service_error(500, "ServiceUnavailableException", "try later"))
        .output(|| {
            FilterLogEventsOutput::builder()
                .events(filtered("ecs/app/t1", now() - 10, "after the retry"))
                .build()
        })
        .repeatedly()
        .build();
    let (c, _) = clients(vec![&flaky], vec![]);
    let updates = run_until(&c, sources.clone(), options.clone(), FAST, has_done).await;
    assert!(matches!(updates[0], TailUpdate::Retrying(_)), "{updates:?}");
    assert_eq!(all_messages(&updates), ["after the retry"]);
    assert!(matches!(updates.last(), Some(TailUpdate::Done)));

    // A filter pattern the service rejects ends the tail: Failed, and no Done.
    let invalid = mock!(LogsClient::filter_log_events).then_http_response(|| {
        service_error(400, "InvalidParameterException", "Invalid filter pattern")
    });
    let (c, _) = clients(vec![&invalid], vec![]);
    let mut bad = options.clone();
    bad.filter = Some("{ $.x = ".to_string());
    bad.follow = true;
    let updates = run_until(&c, sources.clone(), bad, FAST, has_done).await;
    assert!(
        matches!(&updates[..], [TailUpdate::Failed(e)] if e.kind == ErrorKind::InvalidRequest),
        "{updates:?}"
    );

    // Without follow, access denied ends the tail too; with follow it is retried.
    let denied = mock!(LogsClient::filter_log_events).then_http_response(|| {
        service_error(
            400,
            "AccessDeniedException",
            "not authorized to perform logs:FilterLogEvents",
        )
    });
    let (c, _) = clients(vec![&denied], vec![]);
    let updates = run_until(&c, sources.clone(), options.clone(), FAST, has_done).await;
    assert!(
        matches!(&updates[..], [TailUpdate::Failed(_)]),
        "{updates:?}"
    );
    let updates = run_until(
        &c,
        sources,
        follow_since(Duration::from_secs(60)),
        FAST,
        |u| {
            u.iter()
                .filter(|u| matches!(u, TailUpdate::Retrying(_)))
                .count()
                >= 3
        },
    )
    .await;
    assert!(
        updates.iter().all(|u| matches!(u, TailUpdate::Retrying(_))),
        "{updates:?}"
    );
}

// ---------------------------------------------------------------------------------------------
// Mocks: Live Tail.

#[tokio::test]
async fn a_live_session_streams_reports_sampling_and_reconnects_after_the_timeout_without_repeats()
{
    let sources = vec![src("/ecs/web", "app", "t1"), src("/ecs/web", "nginx", "t1")];
    let t = now();
    let (app, nginx) = ("ecs/app/t1", "ecs/nginx/t1");
    // The backlog (with endTime), and the backfills and polls (without).
    let filter = mock!(LogsClient::filter_log_events).then_compute_output(
        move |r: &FilterLogEventsInput| {
            let events = if r.end_time().is_some() {
                vec![filtered(app, t - 5_000, "backlog")]
            } else {
                // What a backfill finds: one event of the first session, one the sessions missed.
                vec![filtered(app, t + 2, "e2"), filtered(nginx, t + 3, "gap")]
            };
            FilterLogEventsOutput::builder()
                .set_events(Some(events))
                .build()
        },
    );
    let first = vec![
        session_start(),
        session_update(
            false,
            &[
                ("/ecs/web", app, t + 1, "e1"),
                ("/ecs/web", app, t + 2, "e2"),
            ],
        ),
        session_update(false, &[]),
        // A stream of another task in the group: not ours.
        session_update(
            true,
            &[
                ("/ecs/web", nginx, t + 4, "e3"),
                ("/ecs/web", "ecs/app/other", t + 4, "foreign"),
            ],
        ),
        stream_exception(
            "SessionTimeoutException",
            "the session timed out after 3 hours",
        ),
    ];
    let second = vec![
        session_start(),
        session_update(
            false,
            &[
                ("/ecs/web", nginx, t + 4, "e3"),
                ("/ecs/web", app, t + 6, "e4"),
            ],
        ),
    ];
    let live = live_sessions(vec![first, second]);
    let sts = identity();
    let (clients, capture) = clients(vec![&filter, &live], vec![&sts]);
    let updates = run_until(
        &clients,
        sources,
        follow_since(Duration::from_secs(600)),
        FAST,
        |u| polling_why(u).is_some(),
    )
    .await;

    let messages = all_messages(&updates);
    let mut sorted = messages.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(sorted.len(), messages.len(), "nothing twice: {messages:?}");
    for m in ["backlog", "e1", "e2", "gap", "e3", "e4"] {
        assert!(
            messages.contains(&m.to_string()),
            "{m} missing: {messages:?}"
        );
    }
    assert!(!messages.contains(&"foreign".to_string()));
    assert_eq!(messages[0], "backlog");
    assert!(updates.contains(&TailUpdate::Sampled), "{updates:?}");
    let sampled_at = updates.iter().position(|u| *u == TailUpdate::Sampled);
    assert!(
        matches!(sampled_at.and_then(|i| updates.get(i + 1)), Some(TailUpdate::Events(e)) if messages_of(e) == ["e3"]),
        "Sampled precedes its batch: {updates:?}"
    );
    let modes: Vec<&TailUpdate> = updates
        .iter()
        .filter(|u| matches!(u, TailUpdate::Mode(_)))
        .collect();
    assert_eq!(
        modes.len(),
        2,
        "Live once across the reconnect, then polling: {modes:?}"
    );
    assert_eq!(*modes[0], TailUpdate::Mode(TailMode::Live));
    // The timeout is not a failure.
    assert!(
        !updates.iter().any(|u| matches!(u, TailUpdate::Retrying(_))),
        "{updates:?}"
    );
    // Two sessions, each for the group's ARN and our streams.
    let starts = capture.bodies("StartLiveTail");
    assert_eq!(starts.len(), 2);
    assert_eq!(
        starts[0]["logGroupIdentifiers"],
        json!([format!(
            "arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/ecs/web"
        )])
    );
    assert_eq!(starts[0]["logStreamNames"], json!([app, nginx]));
    // The account is asked once a tail.
    assert_eq!(sts.num_calls(), 1);
    // The second session ended at once without an error: polling, saying why.
    let why = polling_why(&updates).unwrap_or_default();
    assert!(why.contains("ended right after it started"), "{why}");
}

fn messages_of(events: &[LogEvent]) -> Vec<&str> {
    messages(events)
}

#[tokio::test]
async fn a_stream_error_is_retried_and_three_failed_sessions_in_a_row_poll() {
    let sources = vec![src("/ecs/web", "app", "t1")];
    let t = now();
    let filter = mock!(LogsClient::filter_log_events)
        .then_compute_output(|_r: &FilterLogEventsInput| FilterLogEventsOutput::builder().build());
    // A session that works and then breaks, then sessions that break before any update.
    let working = vec![
        session_start(),
        session_update(
            false,
            &[("/ecs/web", "ecs/app/t1", t + 1, "before the error")],
        ),
        stream_exception("SessionStreamingException", "internal error"),
    ];
    let broken = vec![
        session_start(),
        stream_exception("SessionStreamingException", "internal error"),
    ];
    let live = live_sessions(vec![working, broken.clone(), broken.clone(), broken]);
    let sts = identity();
    let (clients, capture) = clients(vec![&filter, &live], vec![&sts]);
    let mut timing = FAST;
    // Sessions here end at once; count them as ended late so only the errors decide.
    timing.quick_end = Duration::ZERO;
    let updates = run_until(
        &clients,
        sources,
        follow_since(Duration::from_secs(60)),
        timing,
        |u| polling_why(u).is_some(),
    )
    .await;
    let retries: Vec<&AwsError> = updates
        .iter()
        .filter_map(|u| match u {
            TailUpdate::Retrying(e) => Some(e),
            _ => None,
        })
        .collect();
    // The working session's error is the first failure in a row, the first broken session the
    // second: both retried; the second broken one is the third and gives up.
    assert_eq!(retries.len(), 2, "{updates:?}");
    for e in &retries {
        assert!(e.message.contains("SessionStreamingException"), "{e:?}");
        assert!(e.is_transient());
    }
    assert_eq!(capture.bodies("StartLiveTail").len(), 3);
    let why = polling_why(&updates).unwrap_or_default();
    assert!(why.contains("failed 3 times in a row"), "{why}");
    assert_eq!(all_messages(&updates), ["before the error"]);
}

#[tokio::test]
async fn live_tail_denied_falls_back_to_polling_which_sends_new_events_once() {
    let sources = vec![src("/ecs/web", "app", "t1")];
    let t = now();
    let polls = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = polls.clone();
    let filter = mock!(LogsClient::filter_log_events).then_compute_output(
        move |r: &FilterLogEventsInput| {
            if r.end_time().is_some() {
                return FilterLogEventsOutput::builder()
                    .events(filtered("ecs/app/t1", t - 100, "old"))
                    .build();
            }
            // Each poll sees everything from its start time: a growing stream.
            let n = counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst) as i64;
            let events = (0..=n.min(4))
                .map(|i| filtered("ecs/app/t1", t + i, &format!("new {i}")))
                .filter(|e| e.timestamp().unwrap_or_default() >= r.start_time().unwrap_or_default())
                .collect();
            FilterLogEventsOutput::builder()
                .set_events(Some(events))
                .build()
        },
    );
    let live = mock!(LogsClient::start_live_tail).then_http_response(|| {
        service_error(
            400,
            "AccessDeniedException",
            "User: arn:aws:sts::123456789012:assumed-role/dev/me is not authorized to perform: \
             logs:StartLiveTail",
        )
    });
    let sts = identity();
    let (clients, _) = clients(vec![&filter, &live], vec![&sts]);
    let updates = run_until(
        &clients,
        sources,
        follow_since(Duration::from_secs(60)),
        FAST,
        |u| {
            all_messages(u).contains(&"new 4".to_string())
                && polls.load(std::sync::atomic::Ordering::SeqCst) > 8
        },
    )
    .await;
    let why = polling_why(&updates).expect("polling");
    assert!(
        why.contains("not allowed") && why.contains("logs:StartLiveTail"),
        "{why}"
    );
    assert_eq!(
        all_messages(&updates),
        ["old", "new 0", "new 1", "new 2", "new 3", "new 4"]
    );
    assert!(
        !updates
            .iter()
            .any(|u| matches!(u, TailUpdate::Mode(TailMode::Live)))
    );
}

#[tokio::test]
async fn the_emulators_replay_and_end_is_dropped_and_falls_back_to_polling() {
    let sources = vec![src("/ecs/web", "app", "t1")];
    let t = now();
    let filter = mock!(LogsClient::filter_log_events).then_compute_output(
        move |r: &FilterLogEventsInput| {
            if r.end_time().is_some() {
                FilterLogEventsOutput::builder()
                    .events(filtered("ecs/app/t1", t - 1_000, "in the backlog"))
                    .build()
            } else {
                FilterLogEventsOutput::builder().build()
            }
        },
    );
    // What moto sends: every existing event once, then the end of the stream.
    let replay = vec![
        session_start(),
        session_update(
            false,
            &[
                ("/ecs/web", "ecs/app/t1", t - 7_200_000, "before the window"),
                ("/ecs/web", "ecs/app/t1", t - 1_000, "in the backlog"),
            ],
        ),
    ];
    let live = live_sessions(vec![replay]);
    let sts = identity();
    let (clients, _) = clients(vec![&filter, &live], vec![&sts]);
    let updates = run_until(
        &clients,
        sources,
        follow_since(Duration::from_secs(600)),
        FAST,
        |u| polling_why(u).is_some(),
    )
    .await;
    assert_eq!(all_messages(&updates), ["in the backlog"]);
    assert!(polling_why(&updates).is_some_and(|w| w.contains("ended right after it started")));
}

#[tokio::test]
async fn several_groups_tail_the_whole_groups_and_keep_only_our_streams() {
    let sources = vec![
        src("/ecs/web", "app", "t1"),
        src("/ecs/envoy", "envoy", "t1"),
    ];
    let t = now();
    let filter = mock!(LogsClient::filter_log_events)
        .then_compute_output(|_r: &FilterLogEventsInput| FilterLogEventsOutput::builder().build());
    let session = vec![
        session_start(),
        session_update(
            false,
            &[
                ("/ecs/web", "ecs/app/t1", t + 1, "ours"),
                ("/ecs/envoy", "ecs/envoy/t1", t + 2, "ours too"),
                ("/ecs/web", "ecs/app/t2", t + 3, "another task's"),
                (
                    "/ecs/envoy",
                    "ecs/app/t1",
                    t + 4,
                    "same stream name, other group",
                ),
            ],
        ),
    ];
    let live = live_sessions(vec![session]);
    let sts = identity();
    let (clients, capture) = clients(vec![&filter, &live], vec![&sts]);
    let updates = run_until(
        &clients,
        sources,
        follow_since(Duration::from_secs(60)),
        FAST,
        |u| polling_why(u).is_some(),
    )
    .await;
    assert_eq!(all_messages(&updates), ["ours", "ours too"]);
    let events = all_events(&updates);
    assert_eq!(events[1].source, 1);
    let start = &capture.bodies("StartLiveTail")[0];
    assert_eq!(
        start["logGroupIdentifiers"],
        json!([
            format!("arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/ecs/web"),
            format!("arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/ecs/envoy"),
        ])
    );
    assert!(start.get("logStreamNames").is_none(), "{start}");
    // The backlog and backfill still ask for our streams only, per group.
    for body in capture.bodies("FilterLogEvents") {
        assert_eq!(
            body["logStreamNames"].as_array().map(Vec::len),
            Some(1),
            "{body}"
        );
    }
}

#[tokio::test]
async fn more_than_100_streams_poll_and_say_so_and_no_sources_are_done_at_once() {
    let sources: Vec<LogSource> = (0..150)
        .map(|i| src("/ecs/web", "app", &format!("t{i}")))
        .collect();
    let filter = mock!(LogsClient::filter_log_events)
        .then_compute_output(|_r: &FilterLogEventsInput| FilterLogEventsOutput::builder().build());
    let (c, capture) = clients(vec![&filter], vec![]);
    let updates = run_until(
        &c,
        sources,
        follow_since(Duration::from_secs(60)),
        FAST,
        |u| polling_why(u).is_some(),
    )
    .await;
    let why = polling_why(&updates).unwrap_or_default();
    assert!(why.contains("150 log streams"), "{why}");
    assert!(capture.bodies("StartLiveTail").is_empty());

    let (c, _) = clients(vec![], vec![]);
    let updates = run_until(
        &c,
        vec![],
        follow_since(Duration::from_secs(60)),
        FAST,
        has_done,
    )
    .await;
    assert_eq!(updates, [TailUpdate::Done]);
}

#[tokio::test]
async fn the_prefix_fix_leaves_aws_endpoints_alone() {
    // Without an endpoint override the interceptor must keep `stream-`: check it through the
    // endpoint the mock client is asked to call.
    use aws_smithy_runtime_api::client::interceptors::Intercept;
    use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextRef;
    use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
    use aws_smithy_types::config_bag::ConfigBag;
    use std::sync::Mutex;

    #[derive(Debug, Clone, Default)]
    struct Host(Arc<Mutex<Vec<String>>>);
    impl Intercept for Host {
        fn name(&self) -> &'static str {
            "Host"
        }
        fn read_before_transmit(
            &self,
            context: &BeforeTransmitInterceptorContextRef<'_>,
            _rc: &RuntimeComponents,
            _cfg: &mut ConfigBag,
        ) -> Result<(), aws_smithy_runtime_api::box_error::BoxError> {
            self.0
                .lock()
                .map_err(|_| "lock")?
                .push(context.request().uri().to_string());
            Ok(())
        }
    }

    for endpoint in [None, Some("http://127.0.0.1:4566")] {
        let rule = mock!(LogsClient::start_live_tail).then_http_response(|| live_body(vec![]));
        let host = Host::default();
        let interceptor = aws_smithy_mocks::MockResponseInterceptor::new().with_rule(&rule);
        let mut conf = aws_sdk_cloudwatchlogs::Config::builder()
            .behavior_version(aws_sdk_cloudwatchlogs::config::BehaviorVersion::latest())
            .region(aws_sdk_cloudwatchlogs::config::Region::new(REGION))
            .credentials_provider(aws_sdk_cloudwatchlogs::config::Credentials::new(
                "test", "test", None, None, "mock",
            ))
            .http_client(aws_smithy_mocks::create_mock_http_client())
            .interceptor(interceptor)
            .interceptor(host.clone());
        if let Some(url) = endpoint {
            conf = conf.endpoint_url(url);
        }
        let client = LogsClient::from_conf(conf.build());
        client
            .start_live_tail()
            .log_group_identifiers("arn:aws:logs:us-east-1:123456789012:log-group:g")
            .customize()
            .config_override(
                aws_sdk_cloudwatchlogs::Config::builder().interceptor(LiveTailEndpointPrefixFix),
            )
            .send()
            .await
            .expect("mocked");
        let uri = host.0.lock().expect("lock")[0].clone();
        match endpoint {
            None => assert!(
                uri.starts_with("https://stream-logs.us-east-1.amazonaws.com"),
                "{uri}"
            ),
            Some(url) => assert!(uri.starts_with(url), "{uri}"),
        }
    }
}
