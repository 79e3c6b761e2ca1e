//! End to end: services and tasks in a seeded demo account, through the built binary in a
//! pseudo-terminal against the emulator. Keys in, screen text out, AWS state (and the fields tecs
//! sent, from its own call log) checked afterwards.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

mod common;

use std::time::Duration;

use common::moto::{fresh_clients, moto_url};
use common::pty::TuiSession;

const WAIT: Duration = Duration::from_secs(30);

fn spawn(account: &str, log: &str, cols: u16, rows: u16) -> TuiSession {
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
        cols,
        rows,
    )
}

fn seed(clients: &tecs::aws::Clients) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(tecs::demo::seed_demo(clients))
        .expect("demo seed");
}

fn service_desired(clients: &tecs::aws::Clients, cluster: &str, service: &str) -> (i32, String) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let out = clients
            .ecs
            .describe_services()
            .cluster(cluster)
            .services(service)
            .send()
            .await
            .expect("describe");
        let s = &out.services()[0];
        (
            s.desired_count(),
            s.task_definition().unwrap_or_default().to_string(),
        )
    })
}

/// The field names tecs logged for each call of `operation`.
fn sent_fields(log: &str, operation: &str) -> Vec<String> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .filter(|l| l.contains("aws call") && l.contains(&format!("operation=\"{operation}\"")))
        .filter_map(|l| l.split("fields=").nth(1))
        .map(|f| f.split_whitespace().next().unwrap_or("").to_string())
        .collect()
}

#[test]
fn scaling_a_service_sends_only_the_desired_count() {
    let (account, clients) = fresh_clients();
    seed(&clients);
    let (before, before_td) = service_desired(&clients, "prod-fargate", "worker");
    assert_eq!(before, 2, "the demo's worker wants 2");
    let log = std::env::temp_dir().join(format!("tecs-e2e-scale-{account}.log"));
    let log = log.to_string_lossy().to_string();
    let tui = spawn(&account, &log, 100, 30);
    tui.wait_for("services (2)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    // The cluster page lists its services: web, then worker.
    tui.send("j");
    tui.send("+");
    tui.wait_for("desired count:", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("\x15"); // ctrl-u: clear the pre-filled count
    tui.send("3");
    tui.key_enter();
    let dialog = tui
        .wait_for("Scale service", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(dialog.contains("--desired-count 3"), "{dialog}");
    assert!(dialog.contains("no iam:PassRole"), "{dialog}");
    tui.send("y");
    tui.wait_for("updated worker: 3 desired", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("q");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));
    tui.assert_terminal_restored();

    let (desired, td) = service_desired(&clients, "prod-fargate", "worker");
    assert_eq!(desired, 3);
    assert_eq!(td, before_td, "the task definition was left alone");
    let sent = sent_fields(&log, "UpdateService");
    assert_eq!(
        sent,
        ["cluster,desiredCount,service"],
        "exactly one UpdateService, with only desiredCount (log {log})"
    );
}

#[test]
fn a_stopped_task_explains_why_it_stopped() {
    let (account, clients) = fresh_clients();
    seed(&clients);
    let log = std::env::temp_dir().join(format!("tecs-e2e-stop-{account}.log"));
    let log = log.to_string_lossy().to_string();
    let tui = spawn(&account, &log, 100, 30);
    tui.wait_for("services (2)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.key_enter(); // the selected service (web)
    tui.wait_for("service web", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("t"); // its tasks
    tui.wait_for("RUNNING tasks of service web (3)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("\x0b"); // ctrl-k: stop
    tui.wait_for("reason for stopping", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.key_enter(); // the offered reason
    let dialog = tui
        .wait_for("Stop task", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        dialog.contains("the service starts a replacement"),
        "{dialog}"
    );
    tui.send("y");
    tui.wait_for("stopping task", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    // Its page explains the stop.
    tui.send("t"); // RUNNING → STOPPED
    tui.wait_for("STOPPED tasks of service web (1)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.key_enter();
    let page = tui
        .wait_for("Why it stopped", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        page.contains("Task stopped by user from tecs"),
        "the reason typed is recorded:\n{page}"
    );
    assert!(
        page.contains("someone stopped the task"),
        "and explained:\n{page}"
    );
    tui.send("q");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));

    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let stopped = rt.block_on(async {
        let arns = clients
            .ecs
            .list_tasks()
            .cluster("prod-fargate")
            .desired_status(aws_sdk_ecs::types::DesiredStatus::Stopped)
            .send()
            .await
            .expect("list")
            .task_arns()
            .to_vec();
        clients
            .ecs
            .describe_tasks()
            .cluster("prod-fargate")
            .set_tasks(Some(arns))
            .send()
            .await
            .expect("describe")
            .tasks()
            .iter()
            .filter_map(|t| t.stopped_reason().map(str::to_string))
            .collect::<Vec<_>>()
    });
    assert!(
        stopped
            .iter()
            .any(|r| r == "Task stopped by user from tecs"),
        "{stopped:?}"
    );
}
