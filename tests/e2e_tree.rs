//! End to end: the resource tree (`T`) and `:findings` on the seeded demo account, in a
//! pseudo-terminal against the emulator: nodes present and missing as the emulator's state says,
//! and findings from the revisions and the lookups.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

mod common;

use std::time::Duration;

use common::moto::{fresh_clients, moto_url};
use common::pty::TuiSession;

const WAIT: Duration = Duration::from_secs(30);

fn spawn(account: &str, cols: u16, rows: u16) -> TuiSession {
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
            "--cluster",
            "prod-fargate",
        ],
        &[
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
            ("TECS_EMULATOR_ACCOUNT_ID", account),
        ],
        cols,
        rows,
    )
}

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Runtime::new().expect("runtime").block_on(f)
}

#[test]
fn the_tree_shows_what_is_there_and_what_is_missing_and_the_findings_follow() {
    let (account, clients) = fresh_clients();
    block_on(tecs::demo::seed_demo(&clients)).expect("seed");
    let tui = spawn(&account, 100, 30);
    tui.wait_for("web", WAIT).unwrap_or_else(|e| panic!("{e}"));
    tui.send("T");
    let screen = tui
        .wait_until(
            |s| s.contains("MISSING: no repository shop/web") && s.contains("log group /ecs/web ✓"),
            WAIT,
        )
        .unwrap_or_else(|s| panic!("the image is not in the emulator's ECR:\n{s}"));
    assert!(screen.contains("task role shopAppTaskRole ✓"), "{screen}");
    assert!(
        screen.contains("HIGH the ECR image tag does not exist"),
        "{screen}"
    );
    assert!(screen.contains("findings 1 to fix"), "{screen}");
    tui.key_esc();

    // The image pushed: the node is there and the finding gone (r loads the tree again).
    block_on(async {
        clients
            .ecr
            .create_repository()
            .repository_name("shop/web")
            .send()
            .await
            .expect("repository");
        clients
            .ecr
            .put_image()
            .repository_name("shop/web")
            .image_tag("2.4.1")
            .image_manifest(r#"{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":7023,"digest":"sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7"},"layers":[]}"#)
            .send()
            .await
            .expect("image");
    });
    tui.send("T");
    let screen = tui
        .wait_for("image shop/web:2.4.1 ✓", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(!screen.contains("MISSING: no repository"), "{screen}");
    tui.wait_for("findings none", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("q");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));
}

#[test]
fn findings_lists_every_active_revision_and_enter_opens_one() {
    let (account, clients) = fresh_clients();
    block_on(tecs::demo::seed_demo(&clients)).expect("seed");
    // A revision whose log group does not exist and whose task role allows every action.
    block_on(async {
        clients
            .iam
            .create_role()
            .role_name("ghostTaskRole")
            .assume_role_policy_document(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
            )
            .send()
            .await
            .expect("role");
        clients
            .iam
            .put_role_policy()
            .role_name("ghostTaskRole")
            .policy_name("ghost-admin")
            .policy_document(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"#,
            )
            .send()
            .await
            .expect("policy");
        clients
            .ecs
            .register_task_definition()
            .family("ghost")
            .container_definitions(
                aws_sdk_ecs::types::ContainerDefinition::builder()
                    .name("ghost")
                    .image("public.ecr.aws/nginx/nginx:1.27")
                    .memory(128)
                    .log_configuration(
                        aws_sdk_ecs::types::LogConfiguration::builder()
                            .log_driver(aws_sdk_ecs::types::LogDriver::Awslogs)
                            .options("awslogs-group", "/ecs/ghost")
                            .options("awslogs-region", "us-east-1")
                            .build()
                            .expect("log configuration"),
                    )
                    .build(),
            )
            .execution_role_arn("arn:aws:iam::123456789012:role/ecsTaskExecutionRole")
            .task_role_arn("arn:aws:iam::123456789012:role/ghostTaskRole")
            .send()
            .await
            .expect("register");
    });
    let tui = spawn(&account, 80, 24);
    tui.wait_for("web", WAIT).unwrap_or_else(|e| panic!("{e}"));
    tui.send(":findings\r");
    let screen = tui
        .wait_until(
            |s| {
                s.contains("ghost:1")
                    && s.contains("legacy-api")
                    && !s.contains("so far")
                    && !s.contains("Loading")
            },
            WAIT,
        )
        .unwrap_or_else(|s| panic!("{s}"));
    assert!(screen.contains("legacy-api"), "{screen}");
    assert!(
        screen.contains("DB_PASSWORD"),
        "the variable is named:\n{screen}"
    );
    assert!(
        !screen.contains("changeme"),
        "its value is never shown:\n{screen}"
    );
    assert!(screen.contains("ghost:1"), "{screen}");
    // The demo's web image is not in the emulator's ECR: looked up, as the tree does.
    assert!(screen.contains("missing-image"), "{screen}");
    tui.send("/ghost\r");
    let screen = tui
        .wait_for("missing-log-group", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(
        screen.contains("task-role-star") && screen.contains("ghost-admin"),
        "the task role's policies are read:\n{screen}"
    );
    tui.key_enter();
    // Its page: the revision's own fields have nothing to fix (the missing log group takes a
    // lookup, which `:findings` and `T` make).
    let screen = tui
        .wait_for("none in the revision", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(screen.contains("ghost:1"), "{screen}");
    tui.send("q");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));
}
