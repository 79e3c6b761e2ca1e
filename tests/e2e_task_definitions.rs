//! End to end: deregister two revisions through the dialog in a pseudo-terminal, then check AWS.

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
    tui.wait_for("web revisions (3)", WAIT)
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
