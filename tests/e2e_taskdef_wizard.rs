//! End to end: the create task definition wizard in a pseudo-terminal against moto. A Fargate
//! definition with two containers and awslogs is registered and checked through the SDK; an
//! invalid size is blocked and nothing is sent.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

mod common;

use std::time::Duration;

use common::moto::{fresh_clients, moto_url};
use common::pty::TuiSession;

const WAIT: Duration = Duration::from_secs(30);

fn spawn(account: &str) -> TuiSession {
    let url = moto_url();
    TuiSession::spawn(
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
            ("TECS_EMULATOR_ACCOUNT_ID", account),
        ],
        100,
        30,
    )
}

fn open_wizard(tui: &TuiSession) {
    tui.wait_for("clusters", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send(":taskdefs\r");
    tui.wait_for("task definition families ACTIVE", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("c");
    tui.wait_for("Create task definition", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
}

fn create_execution_role(clients: &tecs::aws::Clients) {
    let trust = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        clients
            .iam
            .create_role()
            .role_name("ecsTaskExecutionRole")
            .assume_role_policy_document(trust)
            .send()
            .await
            .expect("role");
    });
}

#[test]
fn a_fargate_definition_with_two_containers_and_awslogs_is_registered() {
    let (account, clients) = fresh_clients();
    create_execution_role(&clients);
    let tui = spawn(&account);
    open_wizard(&tui);
    // Wait until the roles are in: the execution role is picked from them.
    tui.wait_for("ecsTaskExecutionRole", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("shop");
    // Sections: task definition, infrastructure, task size, roles, then the first container.
    tui.send("\t\t\t\t");
    tui.wait_for("Container 1 of 1", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("app");
    tui.send("\x1b[B"); // down: the image field
    tui.send("nginx:1.27");
    tui.send("\x0e"); // ctrl-n: add a container, focused on its name
    tui.wait_for("Container 2 of 2", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("sidecar");
    tui.send("\x1b[B");
    tui.send("busybox:1");
    tui.send("\x13"); // ctrl-s: review
    tui.wait_for("ready to register", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.key_enter();
    tui.wait_for("registered shop:1", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("q");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));
    tui.assert_terminal_restored();

    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let d = clients
            .ecs
            .describe_task_definition()
            .task_definition("shop:1")
            .send()
            .await
            .expect("registered");
        let td = d.task_definition().expect("definition");
        assert_eq!(td.requires_compatibilities()[0].as_str(), "FARGATE");
        assert_eq!(td.network_mode().map(|m| m.as_str()), Some("awsvpc"));
        assert_eq!((td.cpu(), td.memory()), (Some("512"), Some("1024")));
        assert!(
            td.execution_role_arn()
                .is_some_and(|a| a.ends_with("role/ecsTaskExecutionRole"))
        );
        let names: Vec<&str> = td
            .container_definitions()
            .iter()
            .filter_map(|c| c.name())
            .collect();
        assert_eq!(names, ["app", "sidecar"]);
        let images: Vec<&str> = td
            .container_definitions()
            .iter()
            .filter_map(|c| c.image())
            .collect();
        assert_eq!(images, ["nginx:1.27", "busybox:1"]);
        for c in td.container_definitions() {
            let log = c.log_configuration().expect("awslogs");
            assert_eq!(log.log_driver().as_str(), "awslogs");
            let options = log.options().expect("options");
            assert_eq!(
                options.get("awslogs-group").map(String::as_str),
                Some("/ecs/shop")
            );
            assert_eq!(
                options.get("awslogs-region").map(String::as_str),
                Some("us-east-1")
            );
            assert_eq!(
                options.get("awslogs-stream-prefix").map(String::as_str),
                Some("ecs")
            );
        }
        let groups = clients
            .logs
            .describe_log_groups()
            .log_group_name_prefix("/ecs/shop")
            .send()
            .await
            .expect("groups");
        assert_eq!(
            groups.log_groups().len(),
            1,
            "the log group was created first"
        );
    });
}

#[test]
fn an_invalid_size_blocks_submit_and_nothing_is_sent() {
    let (account, clients) = fresh_clients();
    let tui = spawn(&account);
    open_wizard(&tui);
    tui.send("bad");
    tui.send("\t"); // infrastructure: launch type
    tui.send(" "); // EC2
    tui.wait_for("Amazon EC2 instances", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("\t"); // task size: cpu
    tui.send("\x15"); // ctrl-u
    tui.send("50");
    tui.wait_for("not 50", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("\x13"); // ctrl-s: review
    tui.wait_for("submit is blocked", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.key_enter();
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        !tui.screen_text().contains("registered"),
        "{}",
        tui.screen_text()
    );
    tui.ctrl_c();
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));

    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let families = rt.block_on(async {
        clients
            .ecs
            .list_task_definition_families()
            .send()
            .await
            .expect("families")
            .families()
            .to_vec()
    });
    assert!(families.is_empty(), "nothing was registered: {families:?}");
}
