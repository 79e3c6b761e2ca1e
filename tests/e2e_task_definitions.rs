//! End to end: deregister two revisions through the dialog in a pseudo-terminal, then check AWS.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

mod common;

use std::time::Duration;

use aws_sdk_ecs::types::ContainerDefinition;
use common::moto::{fresh_clients, moto_url};
use common::pty::TuiSession;

const WAIT: Duration = Duration::from_secs(30);

fn seed(clients: &tecs::aws::Clients) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        for (family, n) in [("web", 3), ("db", 1)] {
            for i in 1..=n {
                clients
                    .ecs
                    .register_task_definition()
                    .family(family)
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
        }
    });
}

fn statuses(clients: &tecs::aws::Clients) -> Vec<(String, String)> {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let mut out = Vec::new();
        for td in ["web:1", "web:2", "web:3", "db:1"] {
            let d = clients
                .ecs
                .describe_task_definition()
                .task_definition(td)
                .send()
                .await
                .expect("describe");
            let status = d
                .task_definition()
                .and_then(|t| t.status())
                .map(|s| s.as_str().to_string())
                .unwrap_or_default();
            out.push((td.to_string(), status));
        }
        out
    })
}

fn spawn(account: &str, extra: &[&str]) -> TuiSession {
    let url = moto_url();
    let mut args = vec![
        "--endpoint-url",
        url.as_str(),
        "--region",
        "us-east-1",
        "--log-file",
        "/dev/null",
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
        100,
        30,
    )
}

fn open_web(tui: &TuiSession) {
    tui.wait_for("clusters", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send(":taskdefs");
    tui.key_enter();
    tui.wait_for("task definition families ACTIVE (2)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("/web");
    tui.key_enter();
    tui.key_enter();
    tui.wait_for("web revisions (", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    // Wait for the lazy describes to fill the rows.
    tui.wait_for("img:3", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn mark_two_revisions_and_deregister_them_through_the_dialog() {
    let (account, clients) = fresh_clients();
    seed(&clients);
    let tui = spawn(&account, &[]);
    open_web(&tui);
    // Rows are newest first: mark web:3 and web:2.
    tui.send("  ");
    tui.wait_for("2 marked", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("D");
    let dialog = tui
        .wait_for("Are you sure you want to deregister", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        dialog.contains("web:3") && dialog.contains("web:2"),
        "{dialog}"
    );
    assert!(dialog.contains("[ No ]"), "No is highlighted: {dialog}");
    tui.send("y");
    tui.wait_for("deregistered web:3, web:2", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("q");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));
    tui.assert_terminal_restored();

    assert_eq!(
        statuses(&clients),
        [
            ("web:1".to_string(), "ACTIVE".to_string()),
            ("web:2".to_string(), "INACTIVE".to_string()),
            ("web:3".to_string(), "INACTIVE".to_string()),
            ("db:1".to_string(), "ACTIVE".to_string()),
        ]
    );
}

#[test]
fn answering_no_changes_nothing_and_read_only_refuses() {
    let (account, clients) = fresh_clients();
    seed(&clients);
    let tui = spawn(&account, &[]);
    open_web(&tui);
    tui.send("D");
    tui.wait_for("Are you sure", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.key_enter(); // Enter on the highlighted No
    tui.wait_for("cancelled: nothing was changed", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("q");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));

    let tui = spawn(&account, &["--read-only"]);
    open_web(&tui);
    tui.send("D");
    tui.wait_for("read-only mode: deregister is disabled", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("q");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));

    assert!(
        statuses(&clients).iter().all(|(_, s)| s == "ACTIVE"),
        "{:?}",
        statuses(&clients)
    );
}

#[test]
fn new_revision_through_a_scripted_editor_then_an_invalid_edit_sends_nothing() {
    let (account, clients) = fresh_clients();
    seed(&clients);
    let url = moto_url();
    let args = [
        "--endpoint-url",
        url.as_str(),
        "--region",
        "us-east-1",
        "--log-file",
        "/dev/null",
    ];
    let base_env = [
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
        ("TECS_EMULATOR_ACCOUNT_ID", account.as_str()),
    ];

    // An editor that changes the image of web:3 without any terminal interaction.
    let mut env = base_env.to_vec();
    env.push(("EDITOR", "sed -i s/img:3/img:30/"));
    let tui = TuiSession::spawn(env!("CARGO_BIN_EXE_tecs"), &args, &env, 100, 30);
    open_web(&tui);
    tui.send("e");
    tui.wait_for("Register a new revision of web", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    let screen = tui.screen_text();
    assert!(screen.contains("[ No ]"), "{screen}");
    tui.send("y");
    tui.wait_for("registered web:4", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("q");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));
    tui.assert_terminal_restored();

    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let image = rt.block_on(async {
        let d = clients
            .ecs
            .describe_task_definition()
            .task_definition("web:4")
            .send()
            .await
            .expect("web:4 exists");
        d.task_definition()
            .and_then(|t| t.container_definitions().first())
            .and_then(|c| c.image())
            .map(str::to_string)
    });
    assert_eq!(image.as_deref(), Some("img:30"));

    // An editor that breaks the JSON: tecs shows the syntax error and registers nothing.
    let mut env = base_env.to_vec();
    env.push(("EDITOR", "sed -i 1d"));
    let tui = TuiSession::spawn(env!("CARGO_BIN_EXE_tecs"), &args, &env, 100, 30);
    open_web(&tui);
    tui.send("e");
    tui.wait_for("JSON syntax error at line", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("X");
    tui.wait_for("Discard your edit", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("y");
    tui.wait_for("discarded the draft of web", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("q");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));
    let revisions = rt.block_on(async {
        clients
            .ecs
            .list_task_definitions()
            .family_prefix("web")
            .send()
            .await
            .expect("list")
            .task_definition_arns()
            .len()
    });
    assert_eq!(
        revisions, 4,
        "web:1-3 and the one registered above; nothing from the broken edit"
    );
}

#[test]
fn quick_path_deregisters_on_yes_and_leaves_everything_on_no() {
    let (account, clients) = fresh_clients();
    seed(&clients);
    let url = moto_url();
    let env = [
        ("AWS_ACCESS_KEY_ID", "test"),
        ("AWS_SECRET_ACCESS_KEY", "test"),
        ("TECS_EMULATOR_ACCOUNT_ID", account.as_str()),
    ];
    let args = [
        "--endpoint-url",
        url.as_str(),
        "--region",
        "us-east-1",
        "--log-file",
        "/dev/null",
        "deregister",
        "web:1",
        "db:1",
    ];

    let tui = TuiSession::spawn(env!("CARGO_BIN_EXE_tecs"), &args, &env, 100, 30);
    let dialog = tui
        .wait_for("Are you sure you want to deregister", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        dialog.contains("web:1") && dialog.contains("db:1") && dialog.contains("images: img:1"),
        "{dialog}"
    );
    tui.send("n");
    assert_eq!(
        tui.wait_for_exit(WAIT),
        Some(3),
        "No exits 3: nothing changed, and not a failure (1)"
    );
    tui.assert_terminal_restored();
    assert!(
        tui.screen_text()
            .contains("cancelled: nothing was deregistered")
    );
    assert!(statuses(&clients).iter().all(|(_, s)| s == "ACTIVE"));

    let tui = TuiSession::spawn(env!("CARGO_BIN_EXE_tecs"), &args, &env, 100, 30);
    tui.wait_for("Are you sure you want to deregister", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("y");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0), "all deregistered exits 0");
    tui.assert_terminal_restored();
    let out = tui.screen_text();
    assert!(
        out.contains("web:1: deregistered (now INACTIVE)") && out.contains("db:1: deregistered"),
        "{out}"
    );
    assert_eq!(
        statuses(&clients),
        [
            ("web:1".to_string(), "INACTIVE".to_string()),
            ("web:2".to_string(), "ACTIVE".to_string()),
            ("web:3".to_string(), "ACTIVE".to_string()),
            ("db:1".to_string(), "INACTIVE".to_string()),
        ]
    );
}
