//! End to end for issue 9 ("Trust"): one test per example, the built binary in a pseudo-terminal
//! against moto, some of it through a fault-injecting proxy (`common::fault_proxy`) that loses
//! answers, answers 500 after the change happened, or never answers. Writes are checked in moto
//! through the SDK afterwards.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

mod common;

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use aws_sdk_ecs::types::{Compatibility, ContainerDefinition, NetworkMode};
use common::fault_proxy::{Fault, FaultProxy, ecs};
use common::moto::{fresh_clients, moto_url};
use common::pty::TuiSession;

const WAIT: Duration = Duration::from_secs(30);
/// A silent link is reported after tecs's operation timeout (60 s: three 20 s attempts).
const SILENT_WAIT: Duration = Duration::from_secs(150);
/// Nothing listens on the discard port of this machine (checked by [`assert_closed`]).
const CLOSED: &str = "http://127.0.0.1:9";

/// Text that must never reach the screen or stdout: Rust type names and `Debug` output.
const DEBUG_MARKS: &[&str] = &[
    "{",
    "}",
    "Some(",
    "None,",
    "Error {",
    "kind:",
    "Unknown } }",
    "DispatchFailure",
    "ConnectorError",
    "ProviderError",
    "(os error",
];

fn assert_no_debug(text: &str, what: &str) {
    for mark in DEBUG_MARKS {
        assert!(!text.contains(mark), "{what}: {mark:?} in:\n{text}");
    }
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Runtime::new().expect("runtime").block_on(f)
}

fn log_path(tag: &str) -> PathBuf {
    let path =
        std::env::temp_dir().join(format!("tecs-e2e-trust-{tag}-{}.log", std::process::id()));
    let _ = std::fs::remove_file(&path);
    path
}

/// tecs at `endpoint` (moto or the proxy in front of it) as `account`, with fake credentials.
fn spawn_tecs(
    endpoint: &str,
    account: &str,
    extra: &[&str],
    env: &[(&str, &str)],
    cols: u16,
    rows: u16,
) -> TuiSession {
    let log = log_path(account);
    let log = log.to_string_lossy().to_string();
    let mut args = vec![
        "--endpoint-url",
        endpoint,
        "--region",
        "us-east-1",
        "--log-file",
        log.as_str(),
    ];
    args.extend_from_slice(extra);
    let mut all_env = vec![
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
        ("TECS_EMULATOR_ACCOUNT_ID", account),
    ];
    all_env.extend_from_slice(env);
    TuiSession::spawn(env!("CARGO_BIN_EXE_tecs"), &args, &all_env, cols, rows)
}

fn assert_closed(url: &str) {
    let addr = url.trim_start_matches("http://");
    assert!(
        std::net::TcpStream::connect(addr).is_err(),
        "something listens at {addr}; these tests need it closed"
    );
}

fn create_clusters(clients: &tecs::aws::Clients, names: &[&str]) {
    block_on(async {
        for name in names {
            clients
                .ecs
                .create_cluster()
                .cluster_name(*name)
                .send()
                .await
                .expect("create cluster");
        }
    });
}

// ---- Example 3: a write whose outcome is unknown is never reported as "nothing was sent" ----

/// web:1..3, one container `app` with image `img:N` and 128 MiB.
fn seed_web(clients: &tecs::aws::Clients) {
    block_on(async {
        for i in 1..=3 {
            clients
                .ecs
                .register_task_definition()
                .family("web")
                .container_definitions(
                    ContainerDefinition::builder()
                        .name("app")
                        .image(format!("img:{i}"))
                        .memory(128)
                        .build(),
                )
                .send()
                .await
                .expect("register");
        }
    });
}

/// The ACTIVE revisions of web in moto, as `web:N`, oldest first.
fn web_revisions(clients: &tecs::aws::Clients) -> Vec<String> {
    block_on(async {
        clients
            .ecs
            .list_task_definitions()
            .family_prefix("web")
            .send()
            .await
            .expect("list")
            .task_definition_arns()
            .iter()
            .map(|a| a.rsplit('/').next().unwrap_or_default().to_string())
            .collect()
    })
}

fn image_of(clients: &tecs::aws::Clients, revision: &str) -> Option<String> {
    block_on(async {
        let d = clients
            .ecs
            .describe_task_definition()
            .task_definition(revision)
            .send()
            .await
            .ok()?;
        d.task_definition()
            .and_then(|t| t.container_definitions().first())
            .and_then(|c| c.image())
            .map(str::to_string)
    })
}

/// An editor that changes web:3's image without any terminal interaction.
const EDIT_IMAGE: &str = "sed -i s/img:3/img:30/";

fn open_web(tui: &TuiSession) {
    tui.wait_for("clusters", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send(":taskdefs");
    tui.key_enter();
    tui.wait_for("task definition families ACTIVE", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.wait_for("web", WAIT).unwrap_or_else(|e| panic!("{e}"));
    tui.send("/web");
    tui.key_enter();
    tui.key_enter();
    tui.wait_for("web revisions (", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    // The lazy describes fill the rows; the newest (web:3) is selected.
    tui.wait_for("img:3", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
}

/// `e` on web:3 with `editor`, then `y` in the register dialog; returns the screen once tecs has
/// said how it ended.
fn edit_and_register(tui: &TuiSession) -> String {
    open_web(tui);
    tui.send("e");
    tui.wait_for("Register a new revision of web", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("y");
    tui.wait_until(
        |s| {
            s.contains("registered web:")
                || s.contains("nothing changed")
                || s.contains("outcome unknown")
                || s.contains("refused")
        },
        WAIT,
    )
    .unwrap_or_else(|s| panic!("registering never ended; screen:\n{s}"))
}

/// Registering through the proxy with `fault` on RegisterTaskDefinition (applied after moto has
/// registered the revision): tecs must read the family back, find web:4 and land on it; moto
/// must hold exactly one new revision.
fn register_with_lost_answer(fault: Fault) {
    let (account, clients) = fresh_clients();
    seed_web(&clients);
    let proxy = FaultProxy::start(&moto_url());
    proxy.set(&ecs("RegisterTaskDefinition"), fault);
    let tui = spawn_tecs(
        &proxy.url(),
        &account,
        &[],
        &[("EDITOR", EDIT_IMAGE), ("VISUAL", EDIT_IMAGE)],
        160,
        40,
    );
    let screen = edit_and_register(&tui);
    let sent = proxy.requests(&ecs("RegisterTaskDefinition"));
    let revisions = web_revisions(&clients);
    assert!(
        !screen.contains("nothing changed")
            && !screen.contains("nothing was sent")
            && !screen.contains("refused"),
        "{fault:?}: the revision was registered, yet tecs says nothing changed \
         (RegisterTaskDefinition requests through the proxy: {sent}; moto now has {revisions:?}):\n{screen}"
    );
    assert!(
        screen.contains("registered web:4"),
        "{fault:?}: tecs should read the family back and land on web:4 \
         (RegisterTaskDefinition requests through the proxy: {sent}; moto now has {revisions:?}):\n{screen}"
    );
    tui.wait_for("web:4", WAIT)
        .unwrap_or_else(|e| panic!("the new revision's page: {e}"));
    tui.send("q");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));
    tui.assert_terminal_restored();

    assert_eq!(
        revisions,
        ["web:1", "web:2", "web:3", "web:4"],
        "{fault:?}: exactly one new revision, no duplicate \
         (RegisterTaskDefinition requests through the proxy: {sent})"
    );
    assert_eq!(image_of(&clients, "web:4").as_deref(), Some("img:30"));
}

#[test]
fn a_registration_whose_answer_is_garbage_lands_on_the_new_revision_once() {
    register_with_lost_answer(Fault::Garbage);
}

#[test]
fn a_registration_answered_500_after_it_happened_lands_on_the_new_revision_once() {
    register_with_lost_answer(Fault::ServerError);
}

#[test]
fn a_registration_moto_refuses_says_refused_nothing_changed() {
    let (account, clients) = fresh_clients();
    seed_web(&clients);
    // Passes tecs's own checks (an unknown key is not one of them); moto answers ClientException
    // "At least one of 'memory' or 'memoryReservation' must be specified".
    let editor = r#"sed -i -e s/img:3/img:30/ -e 's/"memory": 128/"memoryTypo": 128/'"#;
    let tui = spawn_tecs(
        &moto_url(),
        &account,
        &[],
        &[("EDITOR", editor), ("VISUAL", editor)],
        200,
        40,
    );
    let screen = edit_and_register(&tui);
    assert!(
        screen.contains("refused, nothing changed"),
        "a 4xx from the service is a definite refusal:\n{screen}"
    );
    assert!(!screen.contains("registered web:"), "{screen}");
    assert!(!screen.contains("outcome unknown"), "{screen}");
    let line = screen
        .lines()
        .find(|l| l.contains("refused, nothing changed"))
        .unwrap_or_default();
    assert!(line.contains("memory"), "names moto's reason: {line}");
    assert_no_debug(line, "the refusal");
    assert!(
        !line.contains("endpoint-url"),
        "a refusal does not blame the endpoint: {line}"
    );
    tui.send("q");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));
    tui.assert_terminal_restored();
    assert_eq!(web_revisions(&clients), ["web:1", "web:2", "web:3"]);
}

// ---- Example 1: error text is the cause, never an internal dump ----

/// Answers 403 to everything: the instance-metadata address of a host where it is blocked.
fn forbidden_server() -> std::net::SocketAddr {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut buf = [0u8; 16 * 1024];
                let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
                let _ = stream.read(&mut buf);
                let _ = stream.write_all(
                    b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                );
            });
        }
    });
    addr
}

/// The environment of a machine with no AWS credentials anywhere, whose instance-metadata
/// address answers 403 (the issue's host). Kept alive for the test (the home directory).
struct NoCredentials {
    home: PathBuf,
    imds: String,
}

impl NoCredentials {
    fn new(tag: &str) -> Self {
        let home = std::env::temp_dir().join(format!(
            "tecs-e2e-trust-nocreds-{tag}-{}",
            std::process::id()
        ));
        std::fs::create_dir_all(&home).expect("home");
        Self {
            imds: format!("http://{}", forbidden_server()),
            home,
        }
    }

    fn env(&self) -> Vec<(&'static str, String)> {
        let h = self.home.to_string_lossy().to_string();
        vec![
            ("HOME", h.clone()),
            ("XDG_CONFIG_HOME", format!("{h}/.config")),
            ("XDG_STATE_HOME", format!("{h}/.local/state")),
            ("AWS_CONFIG_FILE", format!("{h}/no-config")),
            ("AWS_SHARED_CREDENTIALS_FILE", format!("{h}/no-credentials")),
            ("AWS_EC2_METADATA_DISABLED", "false".to_string()),
            ("AWS_EC2_METADATA_SERVICE_ENDPOINT", self.imds.clone()),
        ]
    }
}

impl Drop for NoCredentials {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.home);
    }
}

fn spawn_without_credentials(nocreds: &NoCredentials, log: &str, extra: &[&str]) -> TuiSession {
    let mut args = vec![
        "--endpoint-url",
        CLOSED,
        "--region",
        "us-east-1",
        "--log-file",
        log,
    ];
    args.extend_from_slice(extra);
    let env = nocreds.env();
    let env: Vec<(&str, &str)> = env.iter().map(|(k, v)| (*k, v.as_str())).collect();
    TuiSession::spawn(env!("CARGO_BIN_EXE_tecs"), &args, &env, 160, 30)
}

#[test]
fn no_credentials_and_a_closed_port_says_no_credentials_not_a_network_problem() {
    assert_closed(CLOSED);
    let nocreds = NoCredentials::new("list");
    let log = log_path("nocreds-list");
    let tui = spawn_without_credentials(&nocreds, &log.to_string_lossy(), &[]);
    tui.wait_for("Could not load clusters", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    let screen = tui
        .wait_until(|s| s.contains("unknown ("), WAIT)
        .unwrap_or_else(|s| panic!("the header never says why the account is unknown:\n{s}"));
    assert!(screen.contains("Could not load clusters"), "{screen}");
    assert!(
        screen.contains("no AWS credentials found"),
        "names the cause:\n{screen}"
    );
    assert!(
        screen.contains("unknown (no credentials)"),
        "the header says why the account is unknown:\n{screen}"
    );
    for wrong in [
        "could not reach",
        "check the network",
        "nothing is listening",
    ] {
        assert!(
            !screen.contains(wrong),
            "blames the network ({wrong:?}):\n{screen}"
        );
    }
    assert_no_debug(&screen, "the cluster list without credentials");
    tui.send("q");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));
    tui.assert_terminal_restored();
}

#[test]
fn fake_credentials_and_a_closed_port_names_the_address() {
    assert_closed(CLOSED);
    let account = common::moto::unique_account_id();
    let tui = spawn_tecs(CLOSED, &account, &[], &[], 160, 30);
    tui.wait_for("Could not load clusters", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    let screen = tui
        .wait_until(|s| s.contains("unknown ("), WAIT)
        .unwrap_or_else(|s| panic!("the header never says why the account is unknown:\n{s}"));
    assert!(
        screen.contains("nothing is listening at 127.0.0.1:9"),
        "names the cause and the address:\n{screen}"
    );
    assert!(
        screen.contains("unknown (endpoint unreachable)"),
        "the header says why the account is unknown:\n{screen}"
    );
    assert!(screen.contains("Retrying automatically"), "{screen}");
    assert_no_debug(&screen, "the cluster list at a closed port");
    tui.send("q");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));
    tui.assert_terminal_restored();
}

// ---- Example 9: a silent link is a failure, not a spinner ----

#[test]
fn a_silent_link_becomes_a_timeout_error_and_the_view_recovers_by_itself() {
    let (account, clients) = fresh_clients();
    create_clusters(&clients, &["quiet"]);
    let proxy = FaultProxy::start(&moto_url());
    proxy.set(&ecs("ListClusters"), Fault::Silent);
    proxy.set("GetCallerIdentity", Fault::Silent);
    let tui = spawn_tecs(&proxy.url(), &account, &[], &[], 160, 30);

    let screen = tui
        .wait_for("Could not load clusters", SILENT_WAIT)
        .unwrap_or_else(|e| panic!("a stuck request must become an error: {e}"));
    // Back on at once: the view's own retry (2 s later) then goes through.
    proxy.set(&ecs("ListClusters"), Fault::Pass);
    assert!(
        screen.contains("no answer from the endpoint"),
        "a timeout, said as such:\n{screen}"
    );
    assert!(
        screen.contains("link may be dropping traffic"),
        "with a hint:\n{screen}"
    );
    assert_no_debug(&screen, "the timeout");

    let screen = tui
        .wait_for("unknown (", SILENT_WAIT)
        .unwrap_or_else(|e| panic!("the header says why the account is unknown: {e}"));
    proxy.set("GetCallerIdentity", Fault::Pass);
    assert!(screen.contains("unknown (timed out)"), "{screen}");

    // No key pressed: the list and the header recover on their own.
    tui.wait_for("quiet", SILENT_WAIT)
        .unwrap_or_else(|e| panic!("the list recovers by itself once the link is back: {e}"));
    tui.wait_for(&account, SILENT_WAIT)
        .unwrap_or_else(|e| panic!("the account lookup is retried: {e}"));
    tui.send("q");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));
    tui.assert_terminal_restored();
}

#[test]
fn r_cancels_a_stuck_refresh_and_starts_again() {
    let (account, clients) = fresh_clients();
    create_clusters(&clients, &["first"]);
    let proxy = FaultProxy::start(&moto_url());
    let list = ecs("ListClusters");
    let tui = spawn_tecs(&proxy.url(), &account, &[], &[], 160, 30);
    tui.wait_for("clusters (1)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));

    proxy.set(&list, Fault::Silent);
    create_clusters(&clients, &["second"]);
    let before = proxy.requests(&list);
    tui.send("r");
    let deadline = Instant::now() + WAIT;
    while proxy.requests(&list) == before {
        assert!(Instant::now() < deadline, "r sent no ListClusters");
        std::thread::sleep(Duration::from_millis(50));
    }
    tui.wait_for("refreshing", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));

    // The link is back, but the request in flight is lost; `r` must not wait for it (20 s until
    // its attempt times out).
    proxy.set(&list, Fault::Pass);
    tui.send("r");
    tui.wait_for("second", Duration::from_secs(10))
        .unwrap_or_else(|e| panic!("r restarts the load at once: {e}"));
    tui.send("q");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));
    tui.assert_terminal_restored();
}

// ---- Example 2: no failure becomes another failure (tecs deregister) ----

fn assert_logged(log: &PathBuf, what: &str) {
    let text = std::fs::read_to_string(log).unwrap_or_default();
    assert!(
        text.lines()
            .any(|l| l.contains("web:1") && (l.contains("WARN") || l.contains("ERROR"))),
        "{what}: no warning or error about web:1 in the log {}:\n{text}",
        log.display()
    );
}

#[test]
fn quick_deregister_at_a_closed_port_exits_1_with_the_cause_and_logs_it() {
    assert_closed(CLOSED);
    let log = log_path("deregister-closed");
    let tui = TuiSession::spawn(
        env!("CARGO_BIN_EXE_tecs"),
        &[
            "--endpoint-url",
            CLOSED,
            "--region",
            "us-east-1",
            "--log-file",
            &log.to_string_lossy(),
            "deregister",
            "web:1",
        ],
        &[
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
        ],
        160,
        30,
    );
    let code = tui.wait_for_exit(WAIT);
    let out = tui.screen_text();
    assert_eq!(
        code,
        Some(1),
        "a failure exits 1 (3 would mean the operator answered No):\n{out}"
    );
    tui.assert_terminal_restored();
    assert!(out.contains("web:1: FAILED"), "{out}");
    assert!(
        out.contains("nothing is listening at 127.0.0.1:9"),
        "the classified cause:\n{out}"
    );
    assert!(
        !out.contains("no such task definition revision"),
        "a failure to reach AWS is not a missing revision:\n{out}"
    );
    assert_no_debug(&out, "tecs deregister's report");
    assert_logged(&log, "closed port");

    // No credentials at all: the same path, its own cause.
    let nocreds = NoCredentials::new("deregister");
    let log = log_path("deregister-nocreds");
    let tui = spawn_without_credentials(&nocreds, &log.to_string_lossy(), &["deregister", "web:1"]);
    let code = tui.wait_for_exit(WAIT);
    let out = tui.screen_text();
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("web:1: FAILED"), "{out}");
    assert!(out.contains("no AWS credentials found"), "{out}");
    assert!(!out.contains("no such task definition revision"), "{out}");
    assert_no_debug(&out, "tecs deregister's report without credentials");
    assert_logged(&log, "no credentials");
}

// ---- Example 8: no terminal is an error, not a crash ----

#[test]
fn without_a_terminal_tecs_says_so_and_exits_2() {
    let log = log_path("noterminal");
    for extra in [&[][..], &["deregister", "web:1"][..]] {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_tecs"));
        for (key, _) in std::env::vars_os() {
            if key.to_string_lossy().starts_with("AWS_") {
                cmd.env_remove(key);
            }
        }
        let out = cmd
            .args([
                "--endpoint-url",
                CLOSED,
                "--region",
                "us-east-1",
                "--log-file",
                &log.to_string_lossy(),
            ])
            .args(extra)
            .env("AWS_ACCESS_KEY_ID", "test")
            .env("AWS_SECRET_ACCESS_KEY", "test")
            .env("RUST_BACKTRACE", "1")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .expect("run tecs");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        let all = format!("{stdout}{stderr}");
        assert_eq!(out.status.code(), Some(2), "tecs {extra:?}:\n{all}");
        assert!(
            all.contains("needs an interactive terminal"),
            "{extra:?}:\n{all}"
        );
        for crash in [
            "panicked",
            "crashed",
            "backtrace",
            "Backtrace",
            "RUST_BACKTRACE",
        ] {
            assert!(!all.contains(crash), "{extra:?}: {crash:?} in:\n{all}");
        }
        if !extra.is_empty() {
            assert!(
                all.contains("aws ecs deregister-task-definition --task-definition web:1"),
                "says what to use instead:\n{all}"
            );
        }
    }
}

// ---- Example 5: nothing stops refreshing ----

#[test]
fn discarding_each_wizard_and_dialog_keeps_the_cluster_list_refreshing() {
    let (account, clients) = fresh_clients();
    create_clusters(&clients, &["base"]);
    // A namespace to offer, so that N opens its dialog (with none, it says there is no choice).
    block_on(async {
        clients
            .discovery
            .create_http_namespace()
            .name("refresh-test")
            .send()
            .await
            .expect("create namespace");
    });
    // A short interval, so that each refresh falls due while the wizard or dialog is open.
    let tui = spawn_tecs(&moto_url(), &account, &["--refresh", "2"], &[], 120, 45);
    tui.wait_for("clusters (1)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    let hold = || std::thread::sleep(Duration::from_secs(3));
    let wait = |text: &str, what: &str| {
        tui.wait_for(text, WAIT)
            .unwrap_or_else(|e| panic!("{what}: {e}"))
    };

    type Step<'a> = (&'a str, Box<dyn Fn() + 'a>);
    let steps: Vec<Step> = vec![
        (
            "the cluster wizard, Esc on the untouched form",
            Box::new(|| {
                tui.send("c");
                wait("Create cluster", "c");
                hold();
                tui.key_esc();
            }),
        ),
        (
            "the cluster wizard, typed into, Esc, y (discard)",
            Box::new(|| {
                tui.send("c");
                wait("Create cluster", "c");
                tui.send("scratch");
                hold();
                tui.key_esc();
                wait("Discard everything typed", "Esc on a changed form");
                tui.send("y");
            }),
        ),
        (
            "the cluster wizard's EC2 path (c, Tab, →, ↓, Esc, y)",
            Box::new(|| {
                tui.send("c");
                wait("Create cluster", "c");
                tui.key_tab();
                std::thread::sleep(Duration::from_millis(300));
                tui.key_right();
                wait("Amazon EC2", "→ on infrastructure");
                tui.key_down();
                wait("Auto Scaling group", "↓ to the group");
                hold();
                tui.key_esc();
                wait("Discard everything typed", "Esc on a changed form");
                tui.send("y");
            }),
        ),
        (
            "the Container Insights dialog",
            Box::new(|| {
                tui.send("I");
                wait("Container Insights (now", "I");
                hold();
                tui.key_esc();
            }),
        ),
        (
            "the default namespace dialog",
            Box::new(|| {
                tui.send("N");
                std::thread::sleep(Duration::from_secs(1));
                tui.send("N");
                wait("Default namespace (now", "N");
                hold();
                tui.key_esc();
            }),
        ),
        (
            "the capacity providers line",
            Box::new(|| {
                tui.send("P");
                hold();
                tui.key_esc();
            }),
        ),
        (
            "the delete dialog (after its precheck)",
            Box::new(|| {
                tui.send("X");
                wait("Type the cluster name", "X");
                hold();
                tui.key_esc();
            }),
        ),
        (
            "the JSON page",
            Box::new(|| {
                tui.send("d");
                wait("\"clusterName\"", "d");
                hold();
                tui.key_esc();
            }),
        ),
        (
            "the help overlay",
            Box::new(|| {
                tui.send("?");
                wait("All keys, by where they apply", "?");
                hold();
                tui.key_esc();
            }),
        ),
        (
            "the filter line",
            Box::new(|| {
                tui.send("/");
                hold();
                tui.key_esc();
            }),
        ),
        (
            "the command line",
            Box::new(|| {
                tui.send(":");
                hold();
                tui.key_esc();
            }),
        ),
    ];

    for (i, (what, step)) in steps.iter().enumerate() {
        step();
        tui.wait_until(|s| s.contains("clusters (") && s.contains("updated"), WAIT)
            .unwrap_or_else(|s| panic!("after {what}: back on the list?\n{s}"));
        // Added behind tecs's back: only a refresh can show it.
        let name = format!("after-{i}");
        create_clusters(&clients, &[&name]);
        tui.wait_for(&name, WAIT).unwrap_or_else(|e| {
            panic!("after {what}, the cluster list stopped refreshing (r not pressed): {e}")
        });
    }
    tui.send("q");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));
    tui.assert_terminal_restored();
}

// ---- Example 7: do not offer what AWS would refuse ----

/// A line of the help overlay: the key padded to 18 columns, then what it does.
fn key_line(key: &str, desc: &str) -> String {
    format!("{key:<18}{desc}")
}

/// Esc until the wizard asks before discarding (from its review, the first Esc goes back to the
/// form), then `y`.
fn discard_wizard(tui: &TuiSession) {
    for _ in 0..3 {
        tui.key_esc();
        if tui
            .wait_for("Discard everything typed", Duration::from_secs(2))
            .is_ok()
        {
            tui.send("y");
            return;
        }
    }
    panic!("Esc never asked to discard:\n{}", tui.screen_text());
}

/// The "On this screen" part of the help overlay.
fn keys_here(tui: &TuiSession) -> String {
    tui.send("?");
    let screen = tui
        .wait_for("All keys, by where they apply", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.key_esc();
    tui.wait_until(|s| !s.contains("All keys, by where they apply"), WAIT)
        .unwrap_or_else(|s| panic!("help did not close:\n{s}"));
    let start = screen.find("On this screen").unwrap_or(0);
    let end = screen
        .find("All keys, by where they apply")
        .unwrap_or(screen.len());
    screen[start..end].to_string()
}

#[test]
fn an_inactive_cluster_offers_no_changes_and_says_why() {
    let (account, clients) = fresh_clients();
    create_clusters(&clients, &["gone", "live"]);
    block_on(async {
        clients
            .ecs
            .delete_cluster()
            .cluster("gone")
            .send()
            .await
            .expect("delete");
    });
    let tui = spawn_tecs(&moto_url(), &account, &[], &[], 140, 60);
    tui.wait_for("clusters (2)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    let why = "cluster gone is INACTIVE (deleted): nothing about it can be changed";

    // A live cluster offers them (the control): I opens its dialog.
    tui.send("/live\r");
    tui.wait_for("clusters (1 of 2) /live", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    let here = keys_here(&tui);
    assert!(
        here.contains(&key_line("I", "Container Insights")),
        "{here}"
    );
    tui.send("I");
    tui.wait_for("Container Insights (now", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.key_esc();
    tui.wait_until(|s| !s.contains("Container Insights (now"), WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    tui.key_esc(); // clear the filter
    tui.wait_for("clusters (2)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));

    tui.send("/gone\r");
    tui.wait_for("clusters (1 of 2) /gone", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.wait_for("INACTIVE", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    let check_refusals = |place: &str| {
        let here = keys_here(&tui);
        for (key, desc) in [
            ("I", "Container Insights"),
            ("N", "default namespace"),
            ("P", "capacity providers"),
            ("X", "delete"),
        ] {
            let offered = key_line(key, desc);
            assert!(
                !here.contains(&offered),
                "{place}: {offered:?} is offered on an INACTIVE cluster:\n{here}"
            );
        }
        for key in ["I", "N", "P", "X"] {
            tui.send(key);
            let screen = tui
                .wait_for(why, WAIT)
                .unwrap_or_else(|e| panic!("{place}: {key} must say why not: {e}"));
            for opened in [
                "Container Insights (now",
                "Default namespace (now",
                "Type the cluster name",
                "checking what is in",
            ] {
                assert!(!screen.contains(opened), "{place}: {key} opened {opened:?}");
            }
            // Any movement key clears the line, so the next key's answer is its own.
            tui.send("j");
            tui.wait_until(|s| !s.contains(why), WAIT)
                .unwrap_or_else(|s| panic!("{place}: the line stays:\n{s}"));
        }
    };
    check_refusals("the cluster list");

    tui.key_enter();
    tui.wait_for("clusters › gone", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    check_refusals("the cluster's page");

    tui.send("q");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));
    tui.assert_terminal_restored();
    let status = block_on(async {
        clients
            .ecs
            .describe_clusters()
            .clusters("gone")
            .send()
            .await
            .expect("describe")
            .clusters()
            .first()
            .and_then(|c| c.status().map(str::to_string))
    });
    assert_eq!(status.as_deref(), Some("INACTIVE"));
}

/// Each create wizard's review with `--read-only` (cluster, namespace, task definition from a
/// revision): `(which, the review screen, the screen after Enter)`. Checks afterwards that
/// nothing was created.
fn read_only_reviews() -> Vec<(&'static str, String, String)> {
    let (account, clients) = fresh_clients();
    block_on(async {
        clients
            .ecs
            .register_task_definition()
            .family("ro")
            .requires_compatibilities(Compatibility::Fargate)
            .network_mode(NetworkMode::Awsvpc)
            .cpu("256")
            .memory("512")
            .container_definitions(
                ContainerDefinition::builder()
                    .name("app")
                    .image("nginx:1.27")
                    .essential(true)
                    .build(),
            )
            .send()
            .await
            .expect("register");
    });
    let tui = spawn_tecs(&moto_url(), &account, &["--read-only"], &[], 140, 45);
    tui.wait_for("No clusters in us-east-1", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    let mut out = Vec::new();
    let mut review = |what: &'static str| {
        tui.send("\x13"); // ctrl-s: review
        let screen = tui
            .wait_for("read-only: review only", WAIT)
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        tui.key_enter();
        let after = tui
            .wait_for("read-only mode:", WAIT)
            .unwrap_or_else(|e| panic!("{what}: Enter must say it is read-only: {e}"));
        out.push((what, screen, after));
    };

    tui.send("c");
    tui.wait_for("Create cluster", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("ro-cluster");
    review("the cluster wizard");
    discard_wizard(&tui);
    tui.wait_for("No clusters in us-east-1", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));

    tui.send(":namespaces\r");
    tui.wait_for("namespaces (", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("c");
    tui.wait_for("Create namespace", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("ro.local");
    review("the namespace wizard");
    discard_wizard(&tui);

    tui.send(":taskdefs\r");
    tui.wait_for("task definition families ACTIVE (1)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.key_enter();
    tui.wait_for("ro revisions (", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.wait_for("nginx:1.27", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("c");
    tui.wait_for("New revision from ro:1", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    review("the task definition wizard");

    tui.ctrl_c();
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));
    tui.assert_terminal_restored();

    block_on(async {
        let clusters = clients.ecs.list_clusters().send().await.expect("clusters");
        assert!(clusters.cluster_arns().is_empty(), "{clusters:?}");
        let namespaces = clients
            .discovery
            .list_namespaces()
            .send()
            .await
            .expect("namespaces");
        assert!(namespaces.namespaces().is_empty(), "{namespaces:?}");
        let revisions = clients
            .ecs
            .list_task_definitions()
            .family_prefix("ro")
            .send()
            .await
            .expect("revisions");
        assert_eq!(revisions.task_definition_arns().len(), 1, "{revisions:?}");
    });
    out
}

#[test]
fn read_only_wizard_reviews_say_review_only() {
    for (what, screen, after) in read_only_reviews() {
        assert!(
            !screen.contains("ready to create") && !screen.contains("ready to register"),
            "{what}: the review offers to create in read-only mode:\n{screen}"
        );
        assert!(
            after.contains("is disabled (tecs was started with --read-only)"),
            "{what}:\n{after}"
        );
    }
}

#[test]
fn read_only_wizard_reviews_do_not_offer_enter_create() {
    let offending: Vec<String> = read_only_reviews()
        .into_iter()
        .filter_map(|(what, screen, _)| {
            let footer = screen.lines().last().unwrap_or_default().trim().to_string();
            (footer.contains("enter create") || footer.contains("enter register"))
                .then(|| format!("{what}: {footer:?}"))
        })
        .collect();
    assert!(
        offending.is_empty(),
        "the review's footer offers Enter to create in read-only mode:\n{}",
        offending.join("\n")
    );
}
