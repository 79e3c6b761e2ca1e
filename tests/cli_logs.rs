//! `tecs logs` end to end: the built binary against a seeded demo account on the emulator, with
//! no terminal (stdout is a pipe). A service's lines from all its tasks and containers, merged;
//! a task by ARN; following new events and leaving quietly when the reader goes away; usage
//! errors.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

mod common;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Output, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use common::moto::{REGION, clients, moto_url, unique_account_id};
use tecs::demo::SeedSummary;

const WAIT: Duration = Duration::from_secs(60);

fn command(account: &str, args: &[&str]) -> Command {
    let log = std::env::temp_dir().join(format!("tecs-cli-logs-{account}.log"));
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tecs"));
    cmd.args([
        "--endpoint-url",
        &moto_url(),
        "--region",
        REGION,
        "--log-file",
    ])
    .arg(log)
    .args(args)
    .env("AWS_ACCESS_KEY_ID", "test")
    .env("AWS_SECRET_ACCESS_KEY", "test")
    .env("AWS_EC2_METADATA_DISABLED", "true")
    .env("TECS_EMULATOR_ACCOUNT_ID", account)
    .env_remove("AWS_PROFILE")
    .stdin(Stdio::null());
    cmd
}

fn run(account: &str, args: &[&str]) -> Output {
    command(account, args).output().expect("run tecs")
}

async fn seeded() -> (String, tecs::aws::Clients, SeedSummary) {
    let account = unique_account_id();
    let clients = clients(&account);
    let summary = tecs::demo::seed_demo(&clients).await.expect("seed");
    (account, clients, summary)
}

/// `HH:MM:SS.mmm task8 container | message` → (time, task, container, message).
fn parse(line: &str) -> (String, String, String, String) {
    let (head, message) = line
        .split_once(" | ")
        .unwrap_or_else(|| panic!("no ` | `: {line}"));
    let parts: Vec<&str> = head.split(' ').collect();
    assert_eq!(parts.len(), 3, "{line}");
    let time = parts[0];
    assert_eq!(time.len(), 12, "{line}");
    assert_eq!(&time[2..3], ":");
    assert_eq!(&time[8..9], ".");
    (
        time.to_string(),
        parts[1].to_string(),
        parts[2].to_string(),
        message.to_string(),
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn a_services_logs_are_printed_merged_with_task_ids_and_container_names() {
    let (account, _clients, summary) = seeded().await;
    let out = run(
        &account,
        &["logs", "web", "--cluster", "prod-fargate", "--since", "1h"],
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "stderr: {stderr}");

    let tasks: BTreeSet<String> = summary
        .tasks
        .iter()
        .filter(|t| t.cluster == "prod-fargate" && t.service.as_deref() == Some("web"))
        .map(|t| t.task_id[..8].to_string())
        .collect();
    assert_eq!(tasks.len(), 3, "{summary}");
    let lines: Vec<(String, String, String, String)> = stdout.lines().map(parse).collect();
    let seen_tasks: BTreeSet<String> = lines.iter().map(|l| l.1.clone()).collect();
    assert_eq!(
        seen_tasks, tasks,
        "every running task of the service, nothing else"
    );
    let containers: BTreeSet<&str> = lines.iter().map(|l| l.2.as_str()).collect();
    assert_eq!(containers, BTreeSet::from(["app", "nginx"]));
    // 6 streams of 40+ events each.
    assert!(lines.len() >= 6 * 40, "{} lines", lines.len());
    // Merged in time order (the half-hour of history may cross midnight UTC once).
    let wraps = lines.windows(2).filter(|w| w[1].0 < w[0].0).count();
    assert!(wraps <= 1, "not in time order:\n{stdout}");
    // Nothing but lines on stdout; nothing alarming on stderr.
    assert!(
        !stderr.contains("retrying") && !stderr.contains("Failed"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_task_by_arn_needs_no_cluster_and_lines_limit_the_backlog() {
    let (account, _clients, summary) = seeded().await;
    let task = summary
        .tasks
        .iter()
        .find(|t| t.cluster == "prod-fargate" && t.service.as_deref() == Some("worker"))
        .expect("a worker task");
    let out = run(&account, &["logs", &task.task_arn, "--lines", "5"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines: Vec<_> = stdout.lines().map(parse).collect();
    assert!(!lines.is_empty());
    assert!(lines.iter().all(|l| l.1 == task.task_id[..8]), "{stdout}");
    // One event per timestamp in the demo; a multi-line event (a traceback) prints several
    // lines with the same prefix, so count events, not lines.
    let per_container: BTreeSet<&str> = lines
        .iter()
        .filter(|l| l.2 == lines[0].2)
        .map(|l| l.0.as_str())
        .collect();
    assert_eq!(
        per_container.len(),
        5,
        "the last 5 of each stream:\n{stdout}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn follow_prints_new_events_and_exits_quietly_when_the_reader_goes() {
    let (account, clients, summary) = seeded().await;
    let mut child: Child = command(
        &account,
        &[
            "logs",
            "web",
            "--cluster",
            "staging",
            "--since",
            "1m",
            "--follow",
        ],
    )
    .stdout(Stdio::piped())
    .stderr(Stdio::piped())
    .spawn()
    .expect("spawn tecs");

    let (tx, rx) = mpsc::channel::<String>();
    let stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut lines = BufReader::new(stdout).lines();
        // Read until the test is satisfied, then drop the pipe's read end.
        while let Some(Ok(line)) = lines.next() {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut stderr = child.stderr.take().expect("stderr");
    let (etx, erx) = mpsc::channel::<String>();
    std::thread::spawn(move || {
        let mut text = String::new();
        let mut buf = [0u8; 1024];
        while let Ok(n) = stderr.read(&mut buf) {
            if n == 0 {
                break;
            }
            text.push_str(&String::from_utf8_lossy(&buf[..n]));
            let _ = etx.send(text.clone());
        }
    });
    // Following has started once the mode is said (the emulator's Live Tail ends: polling).
    let deadline = Instant::now() + WAIT;
    let mut errors = String::new();
    while !errors.contains("following by polling") {
        match erx.recv_timeout(deadline.saturating_duration_since(Instant::now())) {
            Ok(text) => errors = text,
            Err(_) => panic!("no follow mode on stderr: {errors}"),
        }
    }
    assert!(
        errors.contains("Live Tail ended right after it started"),
        "{errors}"
    );
    while rx.try_recv().is_ok() {}

    // New events appear within a few polls.
    let fed = tecs::demo::feed_logs_once(&clients, &summary)
        .await
        .expect("feed");
    assert!(fed > 0);
    let line = rx.recv_timeout(WAIT).expect("a new line");
    let (_, task, container, _) = parse(&line);
    let staging: Vec<&str> = summary
        .tasks
        .iter()
        .filter(|t| t.cluster == "staging")
        .map(|t| &t.task_id[..8])
        .collect();
    assert!(staging.contains(&task.as_str()), "{line}");
    assert!(["app", "nginx"].contains(&container.as_str()), "{line}");

    // The reader goes away; the next write ends tecs with 0.
    drop(rx);
    let deadline = Instant::now() + WAIT;
    let status = loop {
        tecs::demo::feed_logs_once(&clients, &summary)
            .await
            .expect("feed");
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "tecs kept running after its reader left"
        );
        tokio::time::sleep(Duration::from_millis(500)).await;
    };
    assert_eq!(status.code(), Some(0));
    let _ = reader.join();
}

#[test]
fn usage_errors_exit_2_with_a_sentence() {
    let account = unique_account_id();
    let out = run(&account, &["logs", "web"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("which cluster? Pass --cluster NAME"),
        "{stderr}"
    );

    let out = run(
        &account,
        &["logs", "web", "--cluster", "c", "--since", "yesterday"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--since"));

    // A filter pattern left open is refused before CloudWatch sees it.
    let out = run(
        &account,
        &["logs", "web", "--cluster", "c", "--filter", "{ $.level = 1"],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("--filter: the JSON pattern is not closed"),
        "{stderr}"
    );

    // clap refuses both at once.
    let out = run(
        &account,
        &[
            "logs",
            "web",
            "--cluster",
            "c",
            "--since",
            "1h",
            "--lines",
            "5",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_unknown_service_is_an_aws_failure_exit_1() {
    let account = unique_account_id();
    let out = run(&account, &["logs", "nope", "--cluster", "nowhere"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(out.stdout.is_empty());
}
