//! End to end: ECS Exec and port forwarding from a task's page, with the built binary in a
//! pseudo-terminal. The emulator knows nothing of ECS Exec, so the fault proxy answers what it
//! lacks in the API reference's shape (ExecuteCommand, SSM StartSession and TerminateSession,
//! and DescribeTasks marked exec-enabled with runtime ids); `session-manager-plugin` is a script
//! on PATH that records its arguments. Checked: the plugin's command line is the AWS CLI's, the
//! terminal is handed over and taken back, the forwarded port shows on the page, and leaving
//! the page kills the plugin and terminates the session.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::fault_proxy::{Fault, FaultProxy, ecs};
use common::moto::{fresh_clients, moto_url};
use common::pty::TuiSession;

const WAIT: Duration = Duration::from_secs(30);

const EXECUTE_COMMAND: &str = r#"{"clusterArn":"arn:aws:ecs:us-east-1:123456789012:cluster/prod-fargate","containerArn":"arn:aws:ecs:us-east-1:123456789012:container/prod-fargate/fake/app","containerName":"app","interactive":true,"session":{"sessionId":"ecs-execute-command-fake","streamUrl":"wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/ecs-execute-command-fake?role=publish_subscribe","tokenValue":"fake-token"},"taskArn":"arn:aws:ecs:us-east-1:123456789012:task/prod-fargate/fake"}"#;
const START_SESSION: &str = r#"{"SessionId":"ops-forward-fake","StreamUrl":"wss://ssmmessages.us-east-1.amazonaws.com/v1/data-channel/ops-forward-fake?role=publish_subscribe","TokenValue":"fake-token"}"#;
const TERMINATE_SESSION: &str = r#"{"SessionId":"ops-forward-fake"}"#;

/// A directory with a fake `session-manager-plugin`: it writes its arguments (one per line) and
/// its pid next to `record`, then acts as a shell (reads a line) or, for port forwarding, says
/// what the real plugin says and waits to be killed.
fn fake_plugin(name: &str) -> (PathBuf, PathBuf) {
    let dir = std::env::temp_dir().join(format!("tecs-e2e-exec-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("bin")).expect("dir");
    let record = dir.join("record");
    let script = format!(
        r#"#!/bin/sh
kind=exec
case "$5" in *PortForwarding*) kind=forward ;; esac
printf '%s\n' "$@" > "{record}.$kind.args"
echo $$ > "{record}.$kind.pid"
if [ "$kind" = forward ]; then
  echo "Starting session with SessionId: ops-forward-fake"
  echo "Waiting for connections..."
  exec sleep 600
fi
echo "fake shell in the container: type exit"
read line
echo "bye"
"#,
        record = record.display()
    );
    let plugin = dir.join("bin/session-manager-plugin");
    std::fs::write(&plugin, script).expect("script");
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&plugin, std::fs::Permissions::from_mode(0o755)).expect("chmod");
    (dir, record)
}

fn spawn(proxy: &FaultProxy, account: &str, dir: &Path) -> TuiSession {
    // Only the fake (or none) and the system's own tools: a plugin installed on the machine
    // must not stand in.
    let path = format!("{}:/usr/bin:/bin", dir.join("bin").display());
    let log = dir.join("tecs.log").to_string_lossy().to_string();
    let url = proxy.url();
    TuiSession::spawn(
        env!("CARGO_BIN_EXE_tecs"),
        &[
            "--endpoint-url",
            &url,
            "--region",
            "us-east-1",
            "--log-file",
            &log,
            "--cluster",
            "prod-fargate",
        ],
        &[
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
            ("TECS_EMULATOR_ACCOUNT_ID", account),
            ("PATH", &path),
        ],
        100,
        30,
    )
}

fn proxy_with_exec() -> FaultProxy {
    let proxy = FaultProxy::start(&moto_url());
    proxy.set(&ecs("DescribeTasks"), Fault::ExecEnabled);
    proxy.set(&ecs("ExecuteCommand"), Fault::Answer(EXECUTE_COMMAND));
    proxy.set("AmazonSSM.StartSession", Fault::Answer(START_SESSION));
    proxy.set(
        "AmazonSSM.TerminateSession",
        Fault::Answer(TERMINATE_SESSION),
    );
    proxy
}

fn seed(clients: &tecs::aws::Clients) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(tecs::demo::seed_demo(clients))
        .expect("demo seed");
}

/// From the cluster page to the page of one of web's tasks.
fn open_a_web_task(tui: &TuiSession) {
    tui.wait_for("prod-fargate", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("t");
    tui.wait_for("RUNNING tasks", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("/web");
    tui.key_enter();
    tui.wait_for("web:2", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.key_enter();
    tui.wait_for("Containers", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

fn wait_file(path: &Path) -> String {
    let start = Instant::now();
    while start.elapsed() < WAIT {
        let text = read(path);
        if !text.is_empty() {
            return text;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{} never written", path.display())
}

#[test]
fn s_hands_the_terminal_to_the_plugin_and_takes_it_back() {
    let (account, clients) = fresh_clients();
    seed(&clients);
    let (dir, record) = fake_plugin("shell");
    let proxy = proxy_with_exec();
    let tui = spawn(&proxy, &account, &dir);
    open_a_web_task(&tui);

    // The emulator's web task has one container: no dialog to choose (unit tests cover it).
    tui.send("s");
    tui.wait_for("fake shell in the container", WAIT)
        .unwrap_or_else(|e| panic!("the plugin has the terminal: {e}"));
    assert!(
        !tui.in_alternate_screen(),
        "tecs left the alternate screen for the shell"
    );
    tui.send("exit\r");
    tui.wait_for("the session ended", WAIT)
        .unwrap_or_else(|e| panic!("tecs is back: {e}"));
    assert!(tui.in_alternate_screen());

    let args: Vec<String> = read(&record.with_extension("exec.args"))
        .lines()
        .map(str::to_string)
        .collect();
    assert_eq!(args.len(), 6, "{args:?}");
    let session: serde_json::Value = serde_json::from_str(&args[0]).expect("session json");
    assert_eq!(session["SessionId"], "ecs-execute-command-fake");
    assert_eq!(&args[1..3], ["us-east-1", "StartSession"]);
    let request: serde_json::Value = serde_json::from_str(&args[4]).expect("request json");
    let target = request["Target"].as_str().expect("target");
    assert!(
        target.starts_with("ecs:prod-fargate_") && target.ends_with("-0"),
        "ecs:CLUSTER_TASK_RUNTIMEID: {target}"
    );
    assert_eq!(proxy.requests(&ecs("ExecuteCommand")), 1);

    tui.send("q");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));
    tui.assert_terminal_restored();
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn p_forwards_a_port_until_the_page_is_left_then_the_session_is_closed() {
    let (account, clients) = fresh_clients();
    seed(&clients);
    let (dir, record) = fake_plugin("forward");
    let proxy = proxy_with_exec();
    let tui = spawn(&proxy, &account, &dir);
    open_a_web_task(&tui);

    let local = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    tui.send("P");
    tui.wait_for("forward to app: port [local port]: 8080", WAIT)
        .unwrap_or_else(|e| panic!("the app's port is offered: {e}"));
    tui.send(&format!(" {local}"));
    tui.key_enter();
    let screen = tui
        .wait_for(&format!("localhost:{local} → app:8080"), WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(screen.contains("ops-forward-fake"), "{screen}");
    let args = wait_file(&record.with_extension("forward.args"));
    assert!(args.contains("AWS-StartPortForwardingSession"), "{args}");
    assert!(
        args.contains(&format!("\"localPortNumber\":[\"{local}\"]")),
        "{args}"
    );
    let pid: i32 = wait_file(&record.with_extension("forward.pid"))
        .trim()
        .parse()
        .expect("pid");

    // Esc leaves the page: the plugin is killed and the session terminated.
    tui.key_esc();
    tui.wait_until(|s| !s.contains("Containers"), WAIT)
        .unwrap_or_else(|s| panic!("back on the list:\n{s}"));
    let start = Instant::now();
    while start.elapsed() < WAIT
        && (proxy.requests("AmazonSSM.TerminateSession") == 0 || alive(pid))
    {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(proxy.requests("AmazonSSM.TerminateSession"), 1);
    assert!(!alive(pid), "the plugin was killed");

    tui.send("q");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn quitting_while_forwarding_closes_the_session() {
    let (account, clients) = fresh_clients();
    seed(&clients);
    let (dir, record) = fake_plugin("quit");
    let proxy = proxy_with_exec();
    let tui = spawn(&proxy, &account, &dir);
    open_a_web_task(&tui);
    let local = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        l.local_addr().expect("addr").port()
    };
    tui.send("P");
    tui.wait_for("forward to app", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send(&format!(" {local}\r"));
    tui.wait_for(&format!("localhost:{local} → app:8080"), WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    let pid: i32 = wait_file(&record.with_extension("forward.pid"))
        .trim()
        .parse()
        .expect("pid");
    tui.send("q");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));
    assert_eq!(
        proxy.requests("AmazonSSM.TerminateSession"),
        1,
        "tecs waits for the session to close before it exits"
    );
    let start = Instant::now();
    while start.elapsed() < WAIT && alive(pid) {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(!alive(pid), "the plugin does not outlive tecs");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn without_the_plugin_exec_says_how_to_install_it() {
    let (account, clients) = fresh_clients();
    seed(&clients);
    let dir = std::env::temp_dir().join(format!("tecs-e2e-exec-none-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("bin")).expect("dir");
    let proxy = proxy_with_exec();
    let tui = spawn(&proxy, &account, &dir);
    open_a_web_task(&tui);
    tui.send("s");
    tui.wait_for("session-manager-plugin is not installed", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        proxy.requests(&ecs("ExecuteCommand")),
        0,
        "no session is opened for nothing"
    );
    tui.send("q");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Whether a process is still there (and not a zombie).
fn alive(pid: i32) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .is_ok_and(|stat| stat.split_whitespace().nth(2).is_none_or(|s| s != "Z"))
}
