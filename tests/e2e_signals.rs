//! End to end: the terminal is restored after SIGTERM, SIGHUP and SIGINT sent to the tecs process,
//! and tecs leaves when its pseudo-terminal goes away (an SSH session that drops).
//!
//! Each signal is sent with `kill(1)` to the tecs process only (not its process group), in several
//! states: a loaded list, a dialog or wizard open, a request that never gets an answer, and
//! `$EDITOR` running (the UI suspended). tecs must exit on its own (exit code 0, the signal named
//! in its log: its handler ran, the signal did not kill it), off the alternate screen, with the
//! cursor shown and the line discipline back in cooked mode.
//!
//! The closed-terminal case drives its own pseudo-terminal (`common::pty` keeps the master open
//! for the life of a session): it waits for the first frame, closes every handle on the master
//! side, and checks that tecs exits within a generous timeout (it does not spin or hang on a
//! terminal that is gone).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

mod common;

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use aws_sdk_ecs::types::ContainerDefinition;
use common::moto::{fresh_clients, moto_url};
use common::pty::TuiSession;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const WAIT: Duration = Duration::from_secs(30);
/// How long tecs may take to leave after a signal or a hang-up: generous, for a loaded machine.
const EXIT_WAIT: Duration = Duration::from_secs(30);

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Runtime::new().expect("runtime").block_on(f)
}

fn log_path(tag: &str) -> PathBuf {
    let path =
        std::env::temp_dir().join(format!("tecs-e2e-signals-{tag}-{}.log", std::process::id()));
    let _ = std::fs::remove_file(&path);
    path
}

/// A fresh account with one cluster (`alpha`) and one task definition (`web:1`).
fn account() -> String {
    let (account, clients) = fresh_clients();
    block_on(async {
        clients
            .ecs
            .create_cluster()
            .cluster_name("alpha")
            .send()
            .await
            .expect("create cluster");
        clients
            .ecs
            .register_task_definition()
            .family("web")
            .container_definitions(
                ContainerDefinition::builder()
                    .name("app")
                    .image("img:1")
                    .memory(128)
                    .build(),
            )
            .send()
            .await
            .expect("register");
    });
    account
}

fn spawn_tecs(endpoint: &str, account: &str, log: &Path, env: &[(&str, &str)]) -> TuiSession {
    let log = log.to_string_lossy().to_string();
    let args = [
        "--endpoint-url",
        endpoint,
        "--region",
        "us-east-1",
        "--log-file",
        log.as_str(),
    ];
    let mut all_env = vec![
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
        ("TECS_EMULATOR_ACCOUNT_ID", account),
    ];
    all_env.extend_from_slice(env);
    TuiSession::spawn(env!("CARGO_BIN_EXE_tecs"), &args, &all_env, 100, 30)
}

/// Sends `signal` (`TERM`, `HUP`, `INT`) to the process `pid` only.
fn send_signal(pid: u32, signal: &str) {
    let status = std::process::Command::new("kill")
        .args([&format!("-{signal}"), &pid.to_string()])
        .status()
        .expect("run kill");
    assert!(status.success(), "kill -{signal} {pid} failed");
}

/// Sends `signal` and checks that tecs left by itself and restored the terminal.
fn assert_leaves_on(tui: &TuiSession, signal: &str, log: &Path, state: &str) {
    assert!(
        tui.in_alternate_screen(),
        "{state}: tecs should be drawing in the alternate screen before SIG{signal}:\n{}",
        tui.screen_text()
    );
    send_signal(tui.pid(), signal);
    let code = tui.wait_for_exit(EXIT_WAIT);
    let logged = std::fs::read_to_string(log).unwrap_or_default();
    assert!(
        code.is_some(),
        "{state}: tecs is still running {EXIT_WAIT:?} after SIG{signal}; screen:\n{}",
        tui.screen_text()
    );
    assert_eq!(
        code,
        Some(0),
        "{state}: after SIG{signal} tecs should leave through its handler with 0 \
         (1 is also what a process killed by the signal reports); log {}:\n{logged}",
        log.display()
    );
    assert!(
        logged.contains(&format!("SIG{signal}")),
        "{state}: the log does not say SIG{signal} was handled ({}):\n{logged}",
        log.display()
    );
    tui.assert_terminal_restored();
}

fn on_the_cluster_list(signal: &str) {
    let account = account();
    let log = log_path(&format!("{signal}-list"));
    let tui = spawn_tecs(&moto_url(), &account, &log, &[]);
    tui.wait_for("clusters (1)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.wait_for("alpha", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_leaves_on(&tui, signal, &log, "the cluster list");
}

#[test]
fn sigterm_on_the_cluster_list_restores_the_terminal() {
    on_the_cluster_list("TERM");
}

#[test]
fn sighup_on_the_cluster_list_restores_the_terminal() {
    on_the_cluster_list("HUP");
}

#[test]
fn sigint_on_the_cluster_list_restores_the_terminal() {
    on_the_cluster_list("INT");
}

#[test]
fn sigterm_with_the_help_overlay_open_restores_the_terminal() {
    let account = account();
    let log = log_path("TERM-help");
    let tui = spawn_tecs(&moto_url(), &account, &log, &[]);
    tui.wait_for("clusters (1)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("?");
    tui.wait_for("All keys, by where they apply", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_leaves_on(&tui, "TERM", &log, "the help overlay");
}

#[test]
fn sighup_with_a_typed_wizard_open_restores_the_terminal() {
    let account = account();
    let log = log_path("HUP-wizard");
    let tui = spawn_tecs(&moto_url(), &account, &log, &[]);
    tui.wait_for("clusters (1)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("c");
    tui.wait_for("Create cluster", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("half-typed");
    tui.wait_for("half-typed", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    // A changed form asks before it is discarded; a hang-up does not wait for an answer.
    assert_leaves_on(&tui, "HUP", &log, "the create-cluster wizard, typed into");
}

#[test]
fn sigint_with_a_confirmation_dialog_open_restores_the_terminal() {
    let account = account();
    let log = log_path("INT-dialog");
    let tui = spawn_tecs(&moto_url(), &account, &log, &[]);
    tui.wait_for("clusters (1)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("I");
    tui.wait_for("Container Insights (now", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_leaves_on(&tui, "INT", &log, "the Container Insights dialog");
}

/// A listener that accepts connections and reads them, and never answers (a silent link).
fn silent_endpoint() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut buf = [0u8; 16 * 1024];
                while matches!(stream.read(&mut buf), Ok(n) if n > 0) {}
            });
        }
    });
    format!("http://{addr}")
}

#[test]
fn sigterm_while_every_request_hangs_restores_the_terminal() {
    let log = log_path("TERM-silent");
    let account = common::moto::unique_account_id();
    let tui = spawn_tecs(&silent_endpoint(), &account, &log, &[]);
    // The list is loading (its spinner ticks) and no answer will come for 60 s.
    tui.wait_for("clusters", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        !tui.screen_text().contains("Could not load"),
        "the request should still be in flight:\n{}",
        tui.screen_text()
    );
    assert_leaves_on(&tui, "TERM", &log, "a request in flight on a silent link");
}

#[test]
fn sigterm_while_the_editor_runs_restores_the_terminal_once_it_returns() {
    let account = account();
    let log = log_path("TERM-editor");
    // An editor that changes nothing and takes a few seconds: the UI is suspended meanwhile.
    let editor = "sleep 3; true";
    let tui = spawn_tecs(
        &moto_url(),
        &account,
        &log,
        &[("EDITOR", editor), ("VISUAL", editor)],
    );
    tui.wait_for("clusters (1)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send(":taskdefs\r");
    tui.wait_for("task definition families ACTIVE (1)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.key_enter();
    tui.wait_for("web revisions (", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.wait_for("img:1", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("e");
    // tecs leaves the alternate screen and cooked mode is back while the editor runs.
    let deadline = Instant::now() + WAIT;
    while tui.in_alternate_screen() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        !tui.in_alternate_screen(),
        "the editor never started:\n{}",
        tui.screen_text()
    );
    send_signal(tui.pid(), "TERM");
    let code = tui.wait_for_exit(EXIT_WAIT);
    let logged = std::fs::read_to_string(&log).unwrap_or_default();
    assert_eq!(
        code,
        Some(0),
        "tecs should leave through its handler once the editor returns; log:\n{logged}"
    );
    assert!(logged.contains("SIGTERM"), "{logged}");
    tui.assert_terminal_restored();
}

// ---- the pseudo-terminal closed under tecs (an SSH session that drops) ----

const CURSOR_POSITION_QUERY: &[u8] = b"\x1b[6n";
const DEVICE_ATTRIBUTES_QUERIES: &[&[u8]] = &[b"\x1b[c", b"\x1b[0c"];

fn occurrences(haystack: &[u8], needle: &[u8]) -> usize {
    haystack
        .windows(needle.len())
        .filter(|w| *w == needle)
        .count()
}

/// Today tecs gets SIGHUP and leaves its loop, then dies of SIGABRT: `ratatui::restore()`
/// (src/app/mod.rs) `eprintln!`s "Failed to restore terminal" to the dead terminal, `eprintln!`
/// panics on EIO, and ratatui's panic hook calls `restore()` again, which panics inside the hook.
#[test]
fn closing_the_pseudo_terminal_ends_tecs() {
    let account = account();
    let log = log_path("closed-pty");
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 30,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .expect("open a pty");
    let url = moto_url();
    let log_arg = log.to_string_lossy().to_string();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_tecs"));
    cmd.args([
        "--endpoint-url",
        url.as_str(),
        "--region",
        "us-east-1",
        "--log-file",
        log_arg.as_str(),
    ]);
    for (key, _) in std::env::vars_os() {
        if key.to_string_lossy().starts_with("AWS_") {
            cmd.env_remove(key);
        }
    }
    cmd.env("TERM", "xterm-256color");
    cmd.env("AWS_ACCESS_KEY_ID", "test");
    cmd.env("AWS_SECRET_ACCESS_KEY", "test");
    cmd.env("TECS_EMULATOR_ACCOUNT_ID", &account);
    let mut child = pair.slave.spawn_command(cmd).expect("spawn tecs");
    drop(pair.slave);
    let writer = Arc::new(Mutex::new(pair.master.take_writer().expect("writer")));

    // Read (and answer startup queries) until the first frame shows the cluster, then stop
    // reading: the reader's handle on the master is dropped when its thread ends.
    let mut reader = pair.master.try_clone_reader().expect("reader");
    let answers = Arc::clone(&writer);
    let first_frame = std::thread::spawn(move || {
        let mut parser = vt100::Parser::new(30, 100, 0);
        let mut buf = [0u8; 16 * 1024];
        let deadline = Instant::now() + WAIT;
        loop {
            let n = match reader.read(&mut buf) {
                Ok(0) | Err(_) => return (false, parser.screen().contents()),
                Ok(n) => n,
            };
            let chunk = &buf[..n];
            parser.process(chunk);
            let (row, col) = parser.screen().cursor_position();
            let mut reply = Vec::new();
            for _ in 0..occurrences(chunk, CURSOR_POSITION_QUERY) {
                reply.extend_from_slice(format!("\x1b[{};{}R", row + 1, col + 1).as_bytes());
            }
            for query in DEVICE_ATTRIBUTES_QUERIES {
                for _ in 0..occurrences(chunk, query) {
                    reply.extend_from_slice(b"\x1b[?62c");
                }
            }
            if !reply.is_empty() {
                let mut w = answers.lock().unwrap_or_else(|p| p.into_inner());
                let _ = w.write_all(&reply);
                let _ = w.flush();
            }
            let screen = parser.screen().contents();
            if screen.contains("clusters (1)") && screen.contains("alpha") {
                return (true, screen);
            }
            if Instant::now() > deadline {
                return (false, screen);
            }
        }
    });
    let (shown, screen) = first_frame.join().expect("reader thread");
    assert!(shown, "tecs never showed the cluster list:\n{screen}");

    // Close the master side: every handle (the writer, the master itself; the reader is gone).
    drop(writer);
    drop(pair.master);

    let deadline = Instant::now() + EXIT_WAIT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("try_wait") {
            break Some(status);
        }
        if Instant::now() >= deadline {
            break None;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let logged = std::fs::read_to_string(&log).unwrap_or_default();
    let Some(status) = status else {
        let _ = child.kill();
        let _ = child.wait();
        panic!(
            "tecs is still running {EXIT_WAIT:?} after its terminal was closed; log {}:\n{logged}",
            log.display()
        );
    };
    // Leaving through the handler (SIGHUP, or the input stream's end) exits with 0; a panic while
    // writing to the dead terminal would exit with 101.
    assert!(
        status.signal().is_none(),
        "tecs was killed by {:?} instead of leaving on its own; log:\n{logged}",
        status.signal()
    );
    assert_ne!(
        status.exit_code(),
        101,
        "tecs panicked after its terminal closed; log:\n{logged}"
    );
    assert!(
        !logged.contains("panicked"),
        "tecs panicked after its terminal closed; log:\n{logged}"
    );
}
