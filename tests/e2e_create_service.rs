//! End to end: creating a Fargate service through the wizard, in the seeded demo account, through
//! the built binary in a pseudo-terminal against the emulator. Keys in, screen text out, then the
//! service checked through the SDK. The emulator drops deploymentConfiguration,
//! enableExecuteCommand and serviceConnectConfiguration on create (docs/emulator-findings.md), so
//! only what it keeps is asserted here; the exact request body is covered by the unit tests.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

mod common;

use std::time::Duration;

use common::moto::{fresh_clients, moto_url};
use common::pty::TuiSession;

const WAIT: Duration = Duration::from_secs(30);

fn seed(clients: &tecs::aws::Clients) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(tecs::demo::seed_demo(clients))
        .expect("demo seed");
}

/// The default VPC's subnets and its `default` security group, as the wizard should preselect.
fn default_network(clients: &tecs::aws::Clients) -> (Vec<String>, String) {
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let vpc = rt
        .block_on(tecs::demo::network::default_vpc(&clients.ec2))
        .expect("default VPC");
    (vpc.subnets, vpc.security_group)
}

#[test]
fn the_wizard_creates_a_fargate_service_from_the_cluster_page() {
    let (account, clients) = fresh_clients();
    seed(&clients);
    let (subnets, group) = default_network(&clients);
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
            "--cluster",
            "prod-fargate",
        ],
        &[
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
            ("TECS_EMULATOR_ACCOUNT_ID", &account),
        ],
        100,
        30,
    );
    tui.wait_for("services (2)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("c");
    tui.wait_for("Create service", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    // The cluster is preset; the name, then the family (its latest ACTIVE revision is picked).
    tui.key_down();
    tui.send("shop-api");
    tui.key_down();
    tui.send("web");
    tui.wait_for("3 (latest)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    // The default VPC's subnets and group are preselected once EC2 has answered.
    tui.wait_for(&format!("{} picked", subnets.len()), WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("\x13"); // ctrl-s: review
    let review = tui
        .wait_for("No problems: the service can be created", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        review.contains("aws ecs create-service --cli-input-json"),
        "{review}"
    );
    tui.key_enter();
    // The wizard closes and the new service's page opens.
    let page = tui
        .wait_for("created service shop-api", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        !page.contains("Create service"),
        "the wizard closed:\n{page}"
    );
    tui.wait_for("Deployments", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("q");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));
    tui.assert_terminal_restored();

    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let out = clients
            .ecs
            .describe_services()
            .cluster("prod-fargate")
            .services("shop-api")
            .send()
            .await
            .expect("describe");
        let service = out.services().first().expect("the service was created");
        assert_eq!(service.service_name(), Some("shop-api"));
        let td = service.task_definition().unwrap_or_default();
        assert!(
            td == "web:3" || td.ends_with("task-definition/web:3"),
            "the latest ACTIVE revision: {td}"
        );
        assert_eq!(service.desired_count(), 1);
        assert_eq!(service.launch_type().map(|l| l.as_str()), Some("FARGATE"));
        let awsvpc = service
            .network_configuration()
            .and_then(|n| n.awsvpc_configuration())
            .expect("an awsvpc configuration");
        let mut sent = awsvpc.subnets().to_vec();
        sent.sort();
        assert_eq!(sent, subnets, "every subnet of the default VPC");
        assert_eq!(awsvpc.security_groups(), [group]);
        assert_eq!(
            awsvpc.assign_public_ip().map(|a| a.as_str()),
            Some("ENABLED")
        );
    });
}

#[test]
fn the_wizard_runs_a_task_of_a_revision_and_opens_the_clusters_tasks() {
    let (account, clients) = fresh_clients();
    seed(&clients);
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
            "--cluster",
            "prod-fargate",
        ],
        &[
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
            ("TECS_EMULATOR_ACCOUNT_ID", &account),
        ],
        100,
        30,
    );
    // The cluster looked at last is the one the wizard presets.
    tui.wait_for("services (2)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send(":taskdefs");
    tui.key_enter();
    // The column header is drawn with the rows, not while the list is loading: Enter must not
    // reach an empty list.
    tui.wait_for("LATEST ACTIVE", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("/web");
    tui.key_enter();
    tui.key_enter();
    // The rows must be in before R acts on the selected one (web:3, the newest).
    tui.wait_for("3 ACTIVE", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("R");
    tui.wait_for("Run task · web:3", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.wait_for("picked", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    // Task → Compute → Networking → Overrides (container), then down to started-by.
    tui.send("\t\t\t");
    tui.key_down();
    tui.key_down();
    tui.send("e2e-run");
    tui.send("\x13"); // ctrl-s: review
    tui.wait_for("No problems: the tasks can be started", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.key_enter();
    tui.wait_for("Started 1 of 1 task of web:3 in prod-fargate", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.key_enter();
    tui.wait_for("RUNNING tasks", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("q");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));
    tui.assert_terminal_restored();

    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let arns = clients
            .ecs
            .list_tasks()
            .cluster("prod-fargate")
            .started_by("e2e-run")
            .send()
            .await
            .expect("list")
            .task_arns()
            .to_vec();
        assert_eq!(arns.len(), 1, "{arns:?}");
        let out = clients
            .ecs
            .describe_tasks()
            .cluster("prod-fargate")
            .set_tasks(Some(arns))
            .send()
            .await
            .expect("describe");
        let task = &out.tasks()[0];
        assert!(
            task.task_definition_arn()
                .is_some_and(|a| a.ends_with("task-definition/web:3")),
            "{:?}",
            task.task_definition_arn()
        );
        assert_eq!(task.started_by(), Some("e2e-run"));
    });
}
