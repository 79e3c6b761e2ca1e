//! End to end: the built tecs binary in a pseudo-terminal against moto. Keys in, screen text out,
//! and the terminal checked afterwards.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

mod common;

use std::time::Duration;

use common::moto::{fresh_clients, moto_url};
use common::pty::TuiSession;

const WAIT: Duration = Duration::from_secs(30);

fn create_clusters(clients: &tecs::aws::Clients, names: &[&str]) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
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

fn spawn_tecs(account: &str, extra: &[&str], cols: u16, rows: u16) -> TuiSession {
    let url = moto_url();
    let log = std::env::temp_dir().join(format!("tecs-e2e-{account}.log"));
    let log = log.to_string_lossy().to_string();
    let mut args = vec![
        "--endpoint-url",
        url.as_str(),
        "--region",
        "us-east-1",
        "--log-file",
        log.as_str(),
    ];
    args.extend_from_slice(extra);
    TuiSession::spawn(
        env!("CARGO_BIN_EXE_tecs"),
        &args,
        &[
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
            ("TECS_EMULATOR_ACCOUNT_ID", account),
        ],
        cols,
        rows,
    )
}

#[test]
fn cluster_list_appears_filters_and_q_quits_cleanly() {
    let (account, clients) = fresh_clients();
    create_clusters(&clients, &["alpha-prod", "beta-staging", "gamma-prod"]);
    let tui = spawn_tecs(&account, &[], 80, 24);

    let screen = tui
        .wait_for("clusters (3)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    for name in ["alpha-prod", "beta-staging", "gamma-prod"] {
        assert!(screen.contains(name), "{name} missing:\n{screen}");
    }
    // The identity call runs beside the cluster list; either may land first.
    tui.wait_for(&account, WAIT)
        .unwrap_or_else(|e| panic!("the header shows the account: {e}"));

    tui.send("/prod");
    let screen = tui
        .wait_for("clusters (2 of 3) /prod", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!screen.contains("beta-staging"), "filtered out:\n{screen}");
    assert!(screen.contains("alpha-prod") && screen.contains("gamma-prod"));
    tui.key_enter();
    tui.wait_until(|s| !s.contains("enter keeps"), WAIT)
        .unwrap_or_else(|s| panic!("input still open:\n{s}"));

    tui.send("q");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0), "q exits with 0");
    assert!(tui.entered_alternate_screen());
    tui.assert_terminal_restored();
}

#[test]
fn enter_shows_services_and_d_shows_json() {
    let (account, clients) = fresh_clients();
    create_clusters(&clients, &["shop"]);
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        clients
            .ecs
            .register_task_definition()
            .family("cart")
            .container_definitions(
                aws_sdk_ecs::types::ContainerDefinition::builder()
                    .name("cart")
                    .image("nginx:1.27")
                    .memory(256)
                    .build(),
            )
            .send()
            .await
            .expect("register");
        clients
            .ecs
            .create_service()
            .cluster("shop")
            .service_name("cart-svc")
            .task_definition("cart")
            .desired_count(2)
            .send()
            .await
            .expect("service");
    });
    let tui = spawn_tecs(&account, &[], 100, 30);
    tui.wait_for("shop", WAIT).unwrap_or_else(|e| panic!("{e}"));
    tui.key_enter();
    let screen = tui
        .wait_for("cart-svc", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(screen.contains("clusters › shop"), "breadcrumb:\n{screen}");
    assert!(
        screen.contains("cart:1"),
        "task definition column:\n{screen}"
    );
    tui.send("d");
    let screen = tui
        .wait_for("\"clusterName\": \"shop\"", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(screen.contains("shop json"));
    tui.key_esc();
    tui.wait_for("cart-svc", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.ctrl_c();
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));
    tui.assert_terminal_restored();
}

#[test]
fn empty_region_says_so_and_command_line_quits() {
    let (account, _clients) = fresh_clients();
    let tui = spawn_tecs(&account, &[], 80, 24);
    tui.wait_for("No clusters in us-east-1.", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send(":q");
    tui.key_enter();
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));
    tui.assert_terminal_restored();
}

#[test]
fn sigterm_and_sighup_restore_the_terminal() {
    for signal in ["TERM", "HUP"] {
        let (account, clients) = fresh_clients();
        create_clusters(&clients, &["one"]);
        let tui = spawn_tecs(&account, &[], 80, 24);
        tui.wait_for("clusters (1)", WAIT)
            .unwrap_or_else(|e| panic!("{e}"));
        std::process::Command::new("kill")
            .args([format!("-{signal}"), tui.pid().to_string()])
            .status()
            .expect("kill");
        assert!(tui.wait_for_exit(WAIT).is_some(), "exits on SIG{signal}");
        tui.assert_terminal_restored();
    }
}

#[test]
fn an_unreachable_endpoint_shows_a_failure_and_stays_responsive() {
    let account = common::moto::unique_account_id();
    // A port nothing listens on: connection refused at once.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let url = format!("http://{}", listener.local_addr().expect("addr"));
    drop(listener);
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
        ],
        80,
        24,
    );
    let screen = tui
        .wait_for("Could not load clusters", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(screen.contains("Retrying automatically"), "{screen}");
    tui.send("?");
    tui.wait_for("Keys", WAIT)
        .unwrap_or_else(|e| panic!("help opens while failing: {e}"));
    tui.send("q");
    tui.send("q");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));
    tui.assert_terminal_restored();
}

#[test]
fn no_region_is_refused_before_the_ui_starts() {
    let home = std::env::temp_dir().join(format!("tecs-noregion-{}", std::process::id()));
    std::fs::create_dir_all(&home).expect("home");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tecs"))
        .env_clear()
        .env("HOME", &home)
        .env("AWS_CONFIG_FILE", home.join("none"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("none"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .expect("run tecs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no AWS region configured"), "{err}");
    assert!(err.contains("--region"), "{err}");
}

/// A `--profile` that exists nowhere is the cause, not the region it would have supplied.
#[test]
fn a_missing_profile_without_a_region_names_the_profile() {
    let home = std::env::temp_dir().join(format!("tecs-noprofile-{}", std::process::id()));
    std::fs::create_dir_all(&home).expect("home");
    std::fs::write(home.join("config"), "[profile dev]\nregion = eu-west-1\n").expect("config");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tecs"))
        .args(["--profile", "prod-typo"])
        .env_clear()
        .env("HOME", &home)
        .env("AWS_CONFIG_FILE", home.join("config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("none"))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .output()
        .expect("run tecs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("the profile prod-typo does not exist") && err.contains("profiles there: dev"),
        "{err}"
    );
    assert!(!err.contains("no AWS region"), "{err}");
}
