//! Measures the views that fan out over many calls, through the fault proxy at a round-trip time
//! like a regional endpoint's (`TECS_BENCH_RTT_MS`, default 50): `:findings` over
//! `TECS_BENCH_FINDINGS_REVISIONS` ACTIVE revisions (default 500; each names an awslogs group,
//! half of which exist), `:overview` over the 17 regions every account has (clusters in 5 of
//! them), and `T` on a service (its first level loaded). For each: time to the first rows and to
//! the whole answer, the requests it took, and how fast `?` answers while it loads.
//!
//! Run: `cargo bench --bench context` (release build; needs the emulator venv). Prints numbers and
//! `BENCH name=value unit` lines for scripts/bench; asserts nothing about time.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

#[path = "../tests/common/mod.rs"]
mod common;
mod support;

use std::time::{Duration, Instant};

use aws_sdk_ecs::types::{ContainerDefinition, LogConfiguration, LogDriver};
use common::fault_proxy::FaultProxy;
use common::moto::{fresh_clients, moto_url};
use common::pty::TuiSession;
use futures::StreamExt;
use support::{bench, env_num, ms, spin_until};

const WAIT: Duration = Duration::from_secs(600);

fn spawn(url: &str, account: &str, extra: &[&str]) -> TuiSession {
    let mut args = vec![
        "--endpoint-url",
        url,
        "--region",
        "us-east-1",
        "--refresh",
        "0",
        "--log-file",
        "/dev/null",
    ];
    args.extend_from_slice(extra);
    let dir = std::env::temp_dir().join(format!("tecs-bench-context-{}", std::process::id()));
    let config = dir.join("config");
    std::fs::create_dir_all(config.join("tecs")).expect("config dir");
    // The 17 regions every account has (the emulator's DescribeRegions lists more).
    let regions: Vec<String> = tecs::domain::regions::enabled_by_default()
        .iter()
        .map(|r| format!("\"{r}\""))
        .collect();
    std::fs::write(
        config.join("tecs/config.toml"),
        format!("overview_regions = [{}]\n", regions.join(", ")),
    )
    .expect("config file");
    let config = config.to_string_lossy().to_string();
    TuiSession::spawn(
        env!("CARGO_BIN_EXE_tecs"),
        &args,
        &[
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
            ("TECS_EMULATOR_ACCOUNT_ID", account),
            ("XDG_CONFIG_HOME", &config),
        ],
        120,
        40,
    )
}

/// `?` pressed while something loads: time until the help overlay is drawn, then closed again.
fn help_answer(tui: &TuiSession) -> Duration {
    let start = Instant::now();
    tui.send("?");
    spin_until(Duration::from_secs(10), || {
        tui.screen_text().contains("Keys —")
    });
    let took = start.elapsed();
    tui.key_esc();
    spin_until(Duration::from_secs(10), || {
        !tui.screen_text().contains("Keys —")
    });
    took
}

fn main() {
    let revisions = env_num("TECS_BENCH_FINDINGS_REVISIONS", 500);
    let rtt = Duration::from_millis(env_num("TECS_BENCH_RTT_MS", 50) as u64);
    let (account, clients) = fresh_clients();
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let start = Instant::now();
    rt.block_on(async {
        // Revisions of a family register in order; families run concurrently.
        let families = revisions.div_ceil(10);
        futures::stream::iter(0..families)
            .map(|f| {
                let (ecs, logs) = (clients.ecs.clone(), clients.logs.clone());
                async move {
                    let group = format!("/ecs/bench-{f:03}");
                    if f % 2 == 0 {
                        logs.create_log_group()
                            .log_group_name(&group)
                            .send()
                            .await
                            .expect("log group");
                    }
                    for r in 0..10 {
                        ecs.register_task_definition()
                            .family(format!("bench-{f:03}"))
                            .container_definitions(
                                ContainerDefinition::builder()
                                    .name("app")
                                    .image(format!("public.ecr.aws/nginx/nginx:1.{r}"))
                                    .memory(128)
                                    .log_configuration(
                                        LogConfiguration::builder()
                                            .log_driver(LogDriver::Awslogs)
                                            .options("awslogs-group", &group)
                                            .options("awslogs-region", "us-east-1")
                                            .build()
                                            .expect("log configuration"),
                                    )
                                    .build(),
                            )
                            .send()
                            .await
                            .expect("register");
                    }
                }
            })
            .buffer_unordered(16)
            .collect::<Vec<_>>()
            .await;
        for (i, region) in [
            "us-east-1",
            "eu-west-1",
            "ap-south-1",
            "sa-east-1",
            "ca-central-1",
        ]
        .iter()
        .enumerate()
        {
            clients
                .ecs_in(region)
                .create_cluster()
                .cluster_name(format!("bench-{i}"))
                .send()
                .await
                .expect("cluster");
        }
        tecs::demo::seed_demo(&clients).await.expect("demo");
    });
    println!(
        "seeded {revisions} revisions, 5 regions' clusters and the demo in {}",
        ms(start.elapsed())
    );
    bench("findings_revisions", revisions, "revisions");
    bench("context_rtt_ms", rtt.as_millis(), "ms");

    let proxy = FaultProxy::start(&moto_url());
    proxy.set_paging(true);
    proxy.set_latency(rtt);
    let url = proxy.url();

    // :findings
    let tui = spawn(&url, &account, &[]);
    spin_until(WAIT, || tui.screen_text().contains("clusters ("));
    let before = proxy.total_requests();
    let start = Instant::now();
    tui.send(":findings\r");
    spin_until(WAIT, || tui.screen_text().contains("HIGH"));
    let first = start.elapsed();
    let key = help_answer(&tui);
    // Loaded: the title says when, and no longer "so far".
    spin_until(WAIT, || {
        let s = tui.screen_text();
        s.contains("revisions checked") && s.contains("updated") && !s.contains("so far")
    });
    let all = start.elapsed();
    let requests = proxy.total_requests() - before;
    println!(
        ":findings over {revisions} revisions at {} RTT: first rows {}, all {}, {requests} requests; ? answered in {}",
        ms(rtt),
        ms(first),
        ms(all),
        ms(key)
    );
    bench("findings_first_ms", ms(first), "ms");
    bench("findings_all_ms", ms(all), "ms");
    bench("findings_requests", requests, "requests");
    bench("findings_key_ms", ms(key), "ms");

    // :overview
    let before = proxy.total_requests();
    let start = Instant::now();
    tui.send(":overview\r");
    spin_until(WAIT, || {
        let s = tui.screen_text();
        s.contains("clusters in") && s.contains("bench-")
    });
    let first = start.elapsed();
    let key = help_answer(&tui);
    spin_until(WAIT, || tui.screen_text().contains("in 17 of 17 regions"));
    let all = start.elapsed();
    let requests = proxy.total_requests() - before;
    println!(
        ":overview of 17 regions: first cluster {}, all {}, {requests} requests; ? answered in {}",
        ms(first),
        ms(all),
        ms(key)
    );
    bench("overview_first_ms", ms(first), "ms");
    bench("overview_all_ms", ms(all), "ms");
    bench("overview_requests", requests, "requests");
    bench("overview_key_ms", ms(key), "ms");
    tui.send("q");
    tui.wait_for_exit(Duration::from_secs(10));

    // T on the demo's web service
    let tui = spawn(&url, &account, &["--cluster", "prod-fargate"]);
    spin_until(WAIT, || tui.screen_text().contains("web:2"));
    let before = proxy.total_requests();
    let start = Instant::now();
    tui.send("T");
    spin_until(WAIT, || tui.screen_text().contains("web tree"));
    spin_until(WAIT, || {
        let s = tui.screen_text();
        s.contains("findings") && !s.contains("loading…")
    });
    let all = start.elapsed();
    let requests = proxy.total_requests() - before;
    println!(
        "T on a service: every first-level node answered in {}, {requests} requests",
        ms(all)
    );
    bench("tree_all_ms", ms(all), "ms");
    bench("tree_requests", requests, "requests");
    tui.send("q");
    tui.wait_for_exit(Duration::from_secs(10));
}
