//! Log tails against the emulator: the backlog (FilterLogEvents and GetLogEvents), the polling
//! path end to end (events appended after the tail started arrive, each once), and StartLiveTail
//! through the endpoint-prefix fix falling back to polling with a reason.
//!
//! moto 5.2.5 sends the existing events of a Live Tail once and ends the stream, and ignores
//! pagination: the Live Tail state machine, reconnects, sampling and paging are covered by the
//! mock and pure tests in `crates/tecs-core/src/aws/log_tail_tests.rs`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

mod common;

use std::collections::HashMap;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use aws_sdk_cloudwatchlogs::types::InputLogEvent;
use common::moto::{REGION, fresh_clients};
use tecs::aws::Clients;
use tecs::aws::log_tail::{LogSource, Since, TailMode, TailOptions, TailUpdate, tail};
use tokio::sync::mpsc;

const GROUP: &str = "/ecs/shop";
const TASK: &str = "0123456789abcdef0123456789abcdef";
/// Generous: polling every 2 s plus a loaded machine.
const ARRIVAL: Duration = Duration::from_secs(30);

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64
}

fn source(container: &str) -> LogSource {
    LogSource {
        group: GROUP.to_string(),
        region: Some(REGION.to_string()),
        stream: format!("ecs/{container}/{TASK}"),
        task_id: TASK.to_string(),
        container: container.to_string(),
    }
}

async fn create_streams(clients: &Clients, containers: &[&str]) {
    clients
        .logs
        .create_log_group()
        .log_group_name(GROUP)
        .send()
        .await
        .expect("create group");
    for c in containers {
        clients
            .logs
            .create_log_stream()
            .log_group_name(GROUP)
            .log_stream_name(format!("ecs/{c}/{TASK}"))
            .send()
            .await
            .expect("create stream");
    }
}

async fn put(clients: &Clients, container: &str, events: &[(i64, &str)]) {
    let events = events
        .iter()
        .map(|(ts, m)| {
            InputLogEvent::builder()
                .timestamp(*ts)
                .message(*m)
                .build()
                .unwrap()
        })
        .collect();
    clients
        .logs
        .put_log_events()
        .log_group_name(GROUP)
        .log_stream_name(format!("ecs/{container}/{TASK}"))
        .set_log_events(Some(events))
        .send()
        .await
        .expect("put events");
}

/// Starts a tail in its own task; updates arrive on the channel.
fn start(
    clients: &Clients,
    sources: Vec<LogSource>,
    options: TailOptions,
) -> (
    tokio::task::JoinHandle<()>,
    mpsc::UnboundedReceiver<TailUpdate>,
) {
    let (tx, rx) = mpsc::unbounded_channel();
    let clients = clients.clone();
    let handle = tokio::spawn(async move {
        tail(&clients, sources, options, move |u| {
            let _ = tx.send(u);
        })
        .await;
    });
    (handle, rx)
}

/// Everything received so far, and more until `done` says so or the time is up.
async fn collect_until(
    rx: &mut mpsc::UnboundedReceiver<TailUpdate>,
    seen: &mut Vec<TailUpdate>,
    within: Duration,
    done: impl Fn(&[TailUpdate]) -> bool,
) -> bool {
    let deadline = Instant::now() + within;
    while !done(seen) {
        let left = deadline.saturating_duration_since(Instant::now());
        match tokio::time::timeout(left, rx.recv()).await {
            Ok(Some(u)) => seen.push(u),
            Ok(None) | Err(_) => return done(seen),
        }
    }
    true
}

/// The messages received, in order, with their container.
fn lines(updates: &[TailUpdate], sources: &[LogSource]) -> Vec<(String, String)> {
    updates
        .iter()
        .filter_map(|u| match u {
            TailUpdate::Events(events) => Some(events),
            _ => None,
        })
        .flatten()
        .map(|e| (sources[e.source].container.clone(), e.message.clone()))
        .collect()
}

#[tokio::test]
async fn polling_follows_new_events_once_each_after_live_tail_falls_back() {
    let (_account, clients) = fresh_clients();
    create_streams(&clients, &["app", "sidecar"]).await;
    let t0 = now_ms() - 60_000;
    put(&clients, "app", &[(t0, "app 1"), (t0 + 2_000, "app 2")]).await;
    put(&clients, "sidecar", &[(t0 + 1_000, "sidecar 1")]).await;

    let sources = vec![source("app"), source("sidecar")];
    let (handle, mut rx) = start(
        &clients,
        sources.clone(),
        TailOptions {
            since: Since::Duration(Duration::from_secs(10 * 60)),
            filter: None,
            follow: true,
        },
    );
    let mut seen = Vec::new();
    let polling = collect_until(&mut rx, &mut seen, ARRIVAL, |s| {
        s.iter()
            .any(|u| matches!(u, TailUpdate::Mode(TailMode::Polling { .. })))
    })
    .await;
    assert!(polling, "no polling mode: {seen:#?}");
    assert_eq!(
        lines(&seen, &sources),
        [
            ("app".to_string(), "app 1".to_string()),
            ("sidecar".to_string(), "sidecar 1".to_string()),
            ("app".to_string(), "app 2".to_string()),
        ],
        "the backlog, merged in time order, and nothing repeated by the emulator's Live Tail \
         replay: {seen:#?}"
    );
    let why = seen
        .iter()
        .find_map(|u| match u {
            TailUpdate::Mode(TailMode::Polling { why }) => Some(why.clone()),
            _ => None,
        })
        .unwrap();
    assert!(
        why.contains("Live Tail ended right after it started"),
        "StartLiveTail reached the emulator (the endpoint prefix was removed) and its early end \
         is the reason: {why}"
    );

    // New events, written after the tail started, arrive by polling.
    let t1 = now_ms();
    put(&clients, "app", &[(t1, "app 3"), (t1 + 1, "app 4")]).await;
    put(&clients, "sidecar", &[(t1 + 2, "sidecar 2")]).await;
    let arrived = collect_until(&mut rx, &mut seen, ARRIVAL, |s| {
        lines(s, &sources).iter().any(|(_, m)| m == "sidecar 2")
    })
    .await;
    assert!(arrived, "new events never arrived: {seen:#?}");
    // A few more polls: the look-back reads them again, and they must not repeat.
    collect_until(&mut rx, &mut seen, Duration::from_secs(5), |_| false).await;
    handle.abort();

    let all = lines(&seen, &sources);
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for (_, m) in &all {
        *counts.entry(m.as_str()).or_default() += 1;
    }
    for m in ["app 1", "app 2", "sidecar 1", "app 3", "app 4", "sidecar 2"] {
        assert_eq!(counts.get(m), Some(&1), "{m} once: {all:?}");
    }
    assert_eq!(all.len(), 6, "{all:?}");
    assert!(
        !seen.iter().any(|u| matches!(
            u,
            TailUpdate::Retrying(_) | TailUpdate::Failed(_) | TailUpdate::Done
        )),
        "{seen:#?}"
    );
}

#[tokio::test]
async fn backlog_of_the_last_lines_is_merged_and_done() {
    let (_account, clients) = fresh_clients();
    create_streams(&clients, &["app", "sidecar"]).await;
    let t0 = now_ms() - 3_600_000;
    let app: Vec<(i64, String)> = (0..10)
        .map(|i| (t0 + i * 1_000, format!("app {i}")))
        .collect();
    let app_refs: Vec<(i64, &str)> = app.iter().map(|(t, m)| (*t, m.as_str())).collect();
    put(&clients, "app", &app_refs).await;
    put(&clients, "sidecar", &[(t0 + 8_500, "sidecar 0")]).await;

    let sources = vec![source("app"), source("sidecar"), source("missing")];
    let (handle, mut rx) = start(
        &clients,
        sources.clone(),
        TailOptions {
            since: Since::Lines(3),
            filter: None,
            follow: false,
        },
    );
    let mut seen = Vec::new();
    let done = collect_until(&mut rx, &mut seen, ARRIVAL, |s| {
        s.iter().any(|u| matches!(u, TailUpdate::Done))
    })
    .await;
    handle.abort();
    assert!(done, "{seen:#?}");
    let messages: Vec<String> = lines(&seen, &sources).into_iter().map(|(_, m)| m).collect();
    assert_eq!(messages, ["app 7", "app 8", "sidecar 0", "app 9"]);
    // The stream that does not exist is explained, not an error.
    assert!(
        seen.iter()
            .any(|u| matches!(u, TailUpdate::Notice(n) if n.contains("container missing"))),
        "{seen:#?}"
    );
    assert!(
        !seen
            .iter()
            .any(|u| matches!(u, TailUpdate::Retrying(_) | TailUpdate::Failed(_))),
        "{seen:#?}"
    );
}

#[tokio::test]
async fn a_filter_pattern_is_applied_by_the_service_in_the_backlog() {
    let (_account, clients) = fresh_clients();
    create_streams(&clients, &["app"]).await;
    let t0 = now_ms() - 120_000;
    put(
        &clients,
        "app",
        &[
            (t0, "GET /health 200"),
            (t0 + 1, "POST /orders 500"),
            (t0 + 2, "GET /orders 200"),
        ],
    )
    .await;
    let sources = vec![source("app")];
    for (since, label) in [
        (Since::Duration(Duration::from_secs(600)), "duration"),
        (Since::Lines(10), "lines"),
    ] {
        let (handle, mut rx) = start(
            &clients,
            sources.clone(),
            TailOptions {
                since,
                filter: Some("orders".to_string()),
                follow: false,
            },
        );
        let mut seen = Vec::new();
        collect_until(&mut rx, &mut seen, ARRIVAL, |s| {
            s.iter().any(|u| matches!(u, TailUpdate::Done))
        })
        .await;
        handle.abort();
        let messages: Vec<String> = lines(&seen, &sources).into_iter().map(|(_, m)| m).collect();
        assert_eq!(
            messages,
            ["POST /orders 500", "GET /orders 200"],
            "{label}: {seen:#?}"
        );
    }
}

#[tokio::test]
async fn start_live_tail_reaches_the_emulator_only_with_the_prefix_fix() {
    let (_account, clients) = fresh_clients();
    create_streams(&clients, &["app"]).await;
    put(&clients, "app", &[(now_ms() - 1_000, "hello")]).await;
    let arn = format!("arn:aws:logs:{REGION}:123456789012:log-group:{GROUP}");

    // Without the fix the SDK asks stream-127.0.0.1, which does not resolve.
    let without = clients
        .logs
        .start_live_tail()
        .log_group_identifiers(&arn)
        .send()
        .await;
    assert!(without.is_err(), "expected a dispatch failure");

    let mut output = clients
        .logs
        .start_live_tail()
        .log_group_identifiers(&arn)
        .customize()
        .config_override(
            aws_sdk_cloudwatchlogs::Config::builder()
                .interceptor(tecs::aws::emulator::LiveTailEndpointPrefixFix),
        )
        .send()
        .await
        .expect("StartLiveTail with the fix");
    // The emulator starts a session, replays what exists in one update and ends the stream.
    let started = Instant::now();
    let mut items = Vec::new();
    while let Some(item) = output.response_stream.recv().await.expect("stream item") {
        items.push(item);
        assert!(items.len() < 100);
    }
    assert!(started.elapsed() < Duration::from_secs(10));
    assert!(items[0].is_session_start(), "{items:?}");
    let replayed: Vec<&str> = items
        .iter()
        .filter_map(|i| i.as_session_update().ok())
        .flat_map(|u| u.session_results())
        .filter_map(|e| e.message())
        .collect();
    assert_eq!(replayed, ["hello"]);
}
