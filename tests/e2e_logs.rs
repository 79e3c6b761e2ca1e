//! End to end: a seeded service's logs through the built binary in a pseudo-terminal against the
//! emulator. An event appended through the SDK shows up on screen while following; leaving the
//! view stops the tail (no more log calls in tecs's own call log).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

mod common;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_sdk_cloudwatchlogs::types::InputLogEvent;
use common::moto::{fresh_clients, moto_url};
use common::pty::TuiSession;

const WAIT: Duration = Duration::from_secs(30);

fn spawn(account: &str, log: &str) -> TuiSession {
    let url = moto_url();
    TuiSession::spawn(
        env!("CARGO_BIN_EXE_tecs"),
        &[
            "--endpoint-url",
            &url,
            "--region",
            "us-east-1",
            "--log-file",
            log,
            "--cluster",
            "prod-fargate",
        ],
        &[
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
            ("TECS_EMULATOR_ACCOUNT_ID", account),
            ("TECS_LOG", "info,tecs::aws::calls=debug"),
        ],
        100,
        30,
    )
}

/// How many CloudWatch Logs reads tecs has made so far, from its call log.
fn log_reads(log: &str) -> usize {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .filter(|l| l.contains("aws call"))
        .filter(|l| {
            ["FilterLogEvents", "GetLogEvents", "StartLiveTail"]
                .iter()
                .any(|op| l.contains(&format!("operation=\"{op}\"")))
        })
        .count()
}

#[test]
fn a_services_logs_follow_new_events_and_stop_when_left() {
    let (account, clients) = fresh_clients();
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let summary = rt
        .block_on(tecs::demo::seed_demo(&clients))
        .expect("demo seed");
    let web_task = summary
        .tasks
        .iter()
        .find(|t| t.cluster == "prod-fargate" && t.service.as_deref() == Some("web"))
        .expect("a web task");
    let stream = summary
        .log_streams
        .iter()
        .find(|s| s.task_id == web_task.task_id)
        .expect("a stream of that task")
        .clone();

    let log = std::env::temp_dir().join(format!("tecs-e2e-logs-{account}.log"));
    let log = log.to_string_lossy().to_string();
    let tui = spawn(&account, &log);
    tui.wait_for("services (2)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("l"); // the selected service: web
    // The emulator ends Live Tail at once, so tecs says it polls, and why.
    tui.wait_for("polling", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));

    let marker = format!("e2e marker {account}");
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .expect("clock")
        .as_millis();
    rt.block_on(
        clients
            .logs
            .put_log_events()
            .log_group_name(&stream.group)
            .log_stream_name(&stream.stream)
            .log_events(
                InputLogEvent::builder()
                    .timestamp(i64::try_from(now).expect("millis"))
                    .message(&marker)
                    .build()
                    .expect("event"),
            )
            .send(),
    )
    .expect("put");
    let screen = tui
        .wait_for(&marker, WAIT)
        .unwrap_or_else(|e| panic!("the appended event shows while following: {e}"));
    assert!(
        screen.contains(&stream.container),
        "each line names its container:\n{screen}"
    );
    assert!(log_reads(&log) > 0, "the tail read through the SDK");

    // Leaving the view cancels the tail: no log call after that.
    tui.key_esc();
    tui.wait_for("services (2)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    std::thread::sleep(Duration::from_millis(500));
    let after_leaving = log_reads(&log);
    // The poll interval is 2 s; three intervals would show a tail still running.
    std::thread::sleep(Duration::from_secs(6));
    assert_eq!(
        log_reads(&log),
        after_leaving,
        "no CloudWatch Logs call after the view was left (log {log})"
    );
    tui.send("q");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));
    tui.assert_terminal_restored();
}
