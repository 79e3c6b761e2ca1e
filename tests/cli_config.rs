//! The config file, `tecs config`, shell completions and the man page, end to end: the built
//! binary with its config directory pointed at a temporary one (`XDG_CONFIG_HOME`), and the
//! console in a pseudo-terminal starting despite a config file it cannot use.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use common::moto::{fresh_clients, moto_url};
use common::pty::TuiSession;

/// A config directory of its own, with `config.toml` holding `text` (none when `None`).
fn config_home(name: &str, text: Option<&str>) -> PathBuf {
    let home = std::env::temp_dir().join(format!("tecs-cli-config-{name}-{}", std::process::id()));
    let dir = home.join("tecs");
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("config.toml");
    match text {
        Some(text) => std::fs::write(&file, text).unwrap(),
        None => {
            let _ = std::fs::remove_file(&file);
        }
    }
    home
}

fn tecs(home: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tecs"));
    cmd.args(args)
        .env("XDG_CONFIG_HOME", home)
        // What tecs remembers lives here too, never in the real home.
        .env("XDG_STATE_HOME", home.join("state"))
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_REGION")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null());
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run tecs")
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[test]
fn tecs_config_shows_each_setting_and_where_it_came_from() {
    let home = config_home(
        "good",
        Some("region = \"eu-west-1\"\nrefresh = 10\ntheme = \"high-contrast\"\nread_only = true\n"),
    );
    let out = tecs(&home, &["config"], &[]);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let text = stdout(&out);
    assert!(text.contains("config.toml: read"), "{text}");
    assert!(
        text.contains("region = eu-west-1   (config file)"),
        "{text}"
    );
    assert!(text.contains("refresh = 10   (config file)"), "{text}");
    assert!(
        text.contains("theme = high-contrast   (config file)"),
        "{text}"
    );
    assert!(text.contains("read_only = true   (config file)"), "{text}");
    assert!(text.contains("log_lines = 100000   (default)"), "{text}");

    // The region last chosen inside tecs (:region) wins over the file, and says so.
    let state = home.join("state/tecs");
    std::fs::create_dir_all(&state).unwrap();
    std::fs::write(
        state.join("last-used.toml"),
        "region = \"ap-south-1\"\nrecent_regions = [\"ap-south-1\"]\n",
    )
    .unwrap();
    let text = stdout(&tecs(&home, &["config"], &[]));
    assert!(
        text.contains("region = ap-south-1   (last chosen in tecs)"),
        "{text}"
    );
    std::fs::remove_file(state.join("last-used.toml")).unwrap();

    // A flag or the environment wins over the file.
    let out = tecs(
        &home,
        &["--refresh", "0", "--read-write", "config"],
        &[("AWS_REGION", "us-west-2")],
    );
    let text = stdout(&out);
    assert!(
        text.contains("region = us-west-2   (command line or environment)"),
        "{text}"
    );
    assert!(
        text.contains("refresh = 0   (command line or environment)"),
        "{text}"
    );
    assert!(
        text.contains("read_only = false   (command line or environment)"),
        "{text}"
    );
}

#[test]
fn a_config_file_tecs_cannot_use_is_named_with_its_line() {
    let home = config_home("bad", Some("refresh = 30\nregion = eu-west-1\n"));
    let out = tecs(&home, &["config"], &[]);
    assert_eq!(out.status.code(), Some(1), "a problem to fix");
    let text = stdout(&out);
    assert!(text.contains("not used:"), "{text}");
    assert!(text.contains("line 2"), "{text}");
    assert!(
        text.contains("refresh = 30   (default)"),
        "the defaults: {text}"
    );

    // A file that asks for read-only but cannot be used still gets it: the safe side.
    let home = config_home("bad-ro", Some("read_only = \"true\"\n"));
    let text = stdout(&tecs(&home, &["config"], &[]));
    assert!(text.contains("read_only = true   (config file)"), "{text}");
    assert!(text.contains("starts read-only as the file asks"), "{text}");
    assert!(text.contains("starts read-only as the file asks"), "{text}");

    let out = tecs(&home, &["--theme", "neon", "config"], &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("neon") && stderr.contains("high-contrast"),
        "{stderr}"
    );
}

#[test]
fn completions_and_the_man_page_come_from_the_command_line_definition() {
    let home = config_home("gen", None);
    let bash = tecs(&home, &["completions", "bash"], &[]);
    assert_eq!(bash.status.code(), Some(0));
    let bash = stdout(&bash);
    assert!(
        bash.contains("_tecs()") && bash.contains("--read-only"),
        "{bash}"
    );
    assert!(
        bash.contains("high-contrast"),
        "--theme completes its values"
    );
    for shell in ["zsh", "fish"] {
        let out = tecs(&home, &["completions", shell], &[]);
        assert_eq!(out.status.code(), Some(0), "{shell}");
        assert!(stdout(&out).contains("deregister"), "{shell}");
    }
    let man = tecs(&home, &["man"], &[]);
    assert_eq!(man.status.code(), Some(0));
    let man = stdout(&man);
    assert!(
        man.contains(".TH tecs") && man.contains("read\\-only"),
        "{man}"
    );
}

/// The console starts with its defaults when the config file is wrong, and says why in the
/// status line.
#[test]
fn the_console_starts_despite_a_bad_config_file_and_says_why() {
    let home = config_home("tui", Some("refresh = \"often\"\n"));
    let (account, _clients) = fresh_clients();
    let url = moto_url();
    let home_text = home.to_string_lossy().to_string();
    let tui = TuiSession::spawn(
        env!("CARGO_BIN_EXE_tecs"),
        &[
            "--endpoint-url",
            &url,
            "--region",
            "us-east-1",
            "--log-file",
            "/dev/null",
        ],
        &[
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
            ("TECS_EMULATOR_ACCOUNT_ID", &account),
            ("XDG_CONFIG_HOME", &home_text),
        ],
        120,
        30,
    );
    let screen = tui
        .wait_for("line 1, column 11", Duration::from_secs(60))
        .unwrap_or_else(|e| panic!("the problem is shown: {e}"));
    assert!(screen.contains("clusters"), "{screen}");
    tui.send("q");
    assert_eq!(tui.wait_for_exit(Duration::from_secs(30)), Some(0));
    tui.assert_terminal_restored();
}
