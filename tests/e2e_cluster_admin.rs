//! End to end: deleting clusters through the UI, against moto (which would delete anything, so
//! the refusal is tecs's own), then the clusters checked through the SDK.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

mod common;

use std::time::Duration;

use aws_sdk_ecs::types::ContainerDefinition;
use common::moto::{fresh_clients, moto_url};
use common::pty::TuiSession;

const WAIT: Duration = Duration::from_secs(30);

fn cluster_status(clients: &tecs::aws::Clients, name: &str) -> String {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let out = clients
            .ecs
            .describe_clusters()
            .clusters(name)
            .send()
            .await
            .expect("describe");
        out.clusters()
            .first()
            .and_then(|c| c.status())
            .unwrap_or("MISSING")
            .to_string()
    })
}

#[test]
fn a_cluster_with_services_is_refused_and_an_empty_one_is_deleted_after_typing_its_name() {
    let (account, clients) = fresh_clients();
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        for name in ["busy", "spare"] {
            clients
                .ecs
                .create_cluster()
                .cluster_name(name)
                .send()
                .await
                .expect("cluster");
        }
        clients
            .ecs
            .register_task_definition()
            .family("app")
            .container_definitions(
                ContainerDefinition::builder()
                    .name("app")
                    .image("nginx")
                    .memory(128)
                    .build(),
            )
            .send()
            .await
            .expect("register");
        clients
            .ecs
            .create_service()
            .cluster("busy")
            .service_name("web")
            .task_definition("app")
            .desired_count(1)
            .send()
            .await
            .expect("service");
    });
    let url = moto_url();
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
        100,
        30,
    );
    tui.wait_for("clusters (2)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    // Rows are in API order; select "busy" by filtering.
    tui.send("/busy\r");
    tui.send("X");
    tui.wait_for("busy cannot be deleted", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        tui.screen_text().contains("web"),
        "names the service: {}",
        tui.screen_text()
    );

    tui.key_esc();
    // Esc clears the filter (wait for it: ESC followed at once by `/` would read as Alt-/).
    tui.wait_for("clusters (2)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("/spare\r");
    tui.send("X");
    tui.wait_for("Type the cluster name (spare)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    // `y` is text in a typed confirmation, and Delete refuses a name that does not match.
    tui.send("y");
    tui.key_tab();
    tui.key_enter();
    tui.wait_for("type the name exactly", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        tui.screen_text().contains("Type the cluster name"),
        "the dialog stays open"
    );
    tui.send("\x7f"); // backspace
    tui.send("spare");
    tui.key_enter();
    tui.wait_for("deleted cluster spare", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("q");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));
    tui.assert_terminal_restored();

    assert_eq!(
        cluster_status(&clients, "busy"),
        "ACTIVE",
        "the refused cluster is still there"
    );
    assert_eq!(cluster_status(&clients, "spare"), "INACTIVE");
}

#[test]
fn the_wizard_creates_a_fargate_cluster_with_insights_and_a_new_namespace() {
    let (account, clients) = fresh_clients();
    let url = moto_url();
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
        100,
        30,
    );
    tui.wait_for("No clusters in us-east-1", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("c");
    tui.wait_for("Create cluster", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("shop-prod");
    tui.send("\t\t "); // monitoring: Container Insights → enabled
    tui.wait_for("‹ enabled ›", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    // Service connect: none → new HTTP namespace ("existing" is disabled: the region has none).
    tui.send("\t ");
    tui.wait_for("‹ new HTTP namespace ›", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("\x1b[B"); // down: the namespace name
    tui.send("shop.local");
    tui.send("\x13"); // ctrl-s: review
    tui.wait_for("ready to create", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.key_enter();
    tui.wait_for("Created cluster shop-prod", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.key_esc();
    tui.wait_for("clusters (1)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("q");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));
    tui.assert_terminal_restored();

    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let namespaces = clients
            .discovery
            .list_namespaces()
            .send()
            .await
            .expect("namespaces");
        let ns = namespaces
            .namespaces()
            .iter()
            .find(|n| n.name() == Some("shop.local"))
            .expect("the namespace was created");
        assert_eq!(ns.r#type().map(|t| t.as_str()), Some("HTTP"));
        let out = clients
            .ecs
            .describe_clusters()
            .clusters("shop-prod")
            .include(aws_sdk_ecs::types::ClusterField::Settings)
            .send()
            .await
            .expect("describe");
        let cluster = out.clusters().first().expect("the cluster was created");
        let insights = cluster
            .settings()
            .iter()
            .find(|s| s.name().map(|n| n.as_str()) == Some("containerInsights"));
        assert_eq!(insights.and_then(|s| s.value()), Some("enabled"));
        assert_eq!(cluster.capacity_providers(), ["FARGATE", "FARGATE_SPOT"]);
        let default_ns = cluster
            .service_connect_defaults()
            .and_then(|d| d.namespace())
            .unwrap_or_default();
        assert!(
            default_ns == ns.arn().unwrap_or_default() || default_ns == "shop.local",
            "{default_ns}"
        );
    });
}
