//! Measures the services and tasks lists against the emulator with one cluster of 1,000 services
//! and 5,000 RUNNING tasks: time from launch (`--cluster`) to the services list filled, time from
//! `:tasks` to the task list filled, the AWS calls of one refresh (`r`) of each, resident memory
//! after each, keypress-to-frame while each list loads, and bytes written per scroll step.
//!
//! Run: `cargo bench --bench services_tasks` (release build; needs the emulator venv:
//! scripts/moto-venv.sh). `TECS_BENCH_SERVICES` (default 1000) and `TECS_BENCH_TASKS` (default
//! 5000) change the sizes. Calls are counted from tecs's own log (`TECS_LOG=tecs::aws::calls=debug`).
//! Prints numbers (and `BENCH name=value unit` lines for scripts/bench); asserts nothing about time.
//!
//! Keypress-to-frame is measured two ways, because a list that has no rows yet shows nothing for
//! `j`: during the first load, `:` (the command line opens in the footer, the list's title still
//! says `(…)`); during a refresh (`r`, the rows stay on screen), `j` (the reversed row moves down).
//! The screen is sampled every millisecond, so the numbers include up to 1 ms of polling.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

#[path = "../tests/common/mod.rs"]
mod common;
mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use aws_sdk_ecs::types::{Compatibility, ContainerDefinition, LaunchType, NetworkMode};
use common::moto::{fresh_clients, moto_url};
use common::pty::TuiSession;
use futures::{StreamExt, TryStreamExt};
use support::{
    bench, by_operation, calls, calls_settled, env_num, formatted, median, ms, rss_kib,
    selected_row, spin_until, summary,
};

const CLUSTER: &str = "bench-svc";
const FAMILY: &str = "bench-web";
/// Requests in flight while seeding: fast against the emulator without flooding it.
const SEED_CONCURRENCY: usize = 16;
/// RunTask starts at most 10 tasks a call.
const RUN_TASK_MAX: usize = 10;
const WAIT: Duration = Duration::from_secs(300);
/// Keypress samples per list and phase.
const PROBES: usize = 5;

/// One cluster, one Fargate family, `services` services (the first `tasks / 10` want 10 tasks, the
/// others are scaled to 0) and `tasks` RUNNING tasks started 10 a call with `group: service:NAME`,
/// as ECS tags a service's tasks (the emulator schedules nothing itself).
async fn seed(clients: &tecs::aws::Clients, services: usize, tasks: usize) {
    let ecs = &clients.ecs;
    ecs.create_cluster()
        .cluster_name(CLUSTER)
        .send()
        .await
        .expect("create cluster");
    let network = support::default_network(&clients.ec2).await;
    ecs.register_task_definition()
        .family(FAMILY)
        .requires_compatibilities(Compatibility::Fargate)
        .network_mode(NetworkMode::Awsvpc)
        .cpu("256")
        .memory("512")
        .container_definitions(
            ContainerDefinition::builder()
                .name("app")
                .image("public.ecr.aws/nginx/nginx:1.27")
                // The emulator refuses Fargate RunTask unless every container sets memory.
                .memory(512)
                .essential(true)
                .build(),
        )
        .send()
        .await
        .expect("register task definition");

    let with_tasks = tasks.div_ceil(RUN_TASK_MAX);
    futures::stream::iter(1..=services)
        .map(|i| {
            let (ecs, network) = (ecs.clone(), network.clone());
            async move {
                let desired = if i <= with_tasks { RUN_TASK_MAX } else { 0 };
                ecs.create_service()
                    .cluster(CLUSTER)
                    .service_name(service_name(i))
                    .task_definition(format!("{FAMILY}:1"))
                    .desired_count(desired as i32)
                    .launch_type(LaunchType::Fargate)
                    .platform_version("LATEST")
                    .network_configuration(network)
                    .send()
                    .await
                    .map(|_| ())
            }
        })
        .buffer_unordered(SEED_CONCURRENCY)
        .try_collect::<Vec<()>>()
        .await
        .expect("create services");

    let started: Vec<usize> = futures::stream::iter(0..with_tasks)
        .map(|k| {
            let (ecs, network) = (ecs.clone(), network.clone());
            let count = RUN_TASK_MAX.min(tasks - k * RUN_TASK_MAX);
            async move {
                let out = ecs
                    .run_task()
                    .cluster(CLUSTER)
                    .task_definition(format!("{FAMILY}:1"))
                    .count(count as i32)
                    .group(format!("service:{}", service_name(k + 1)))
                    .started_by("ecs-svc/0000000000000000001")
                    .launch_type(LaunchType::Fargate)
                    .platform_version("1.4.0")
                    .network_configuration(network)
                    .send()
                    .await?;
                Ok::<usize, aws_sdk_ecs::Error>(out.tasks().len())
            }
        })
        .buffer_unordered(SEED_CONCURRENCY)
        .try_collect()
        .await
        .expect("run tasks");
    let started: usize = started.iter().sum();
    assert_eq!(started, tasks, "the emulator started every task asked for");
}

fn service_name(i: usize) -> String {
    format!("svc-{i:04}")
}

fn spawn(account: &str, log: &Path) -> TuiSession {
    let url = moto_url();
    let log = log.to_string_lossy().to_string();
    TuiSession::spawn(
        env!("CARGO_BIN_EXE_tecs"),
        &[
            "--endpoint-url",
            &url,
            "--region",
            "us-east-1",
            "--refresh",
            "0",
            "--log-file",
            &log,
            "--cluster",
            CLUSTER,
        ],
        &[
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
            ("TECS_EMULATOR_ACCOUNT_ID", account),
            ("TECS_LOG", "tecs::aws::calls=debug"),
        ],
        120,
        40,
    )
}

/// Keypress-to-frame during a first load: `:` until the command line shows, then `Esc`, while the
/// title still shows `loading` (e.g. `services (…)`). Samples taken after the list filled are not
/// counted.
fn probe_first_load(tui: &TuiSession, loading: &str) -> Vec<Duration> {
    let mut samples = Vec::new();
    for _ in 0..PROBES {
        if !tui.screen_text().contains(loading) {
            break;
        }
        let t = Instant::now();
        tui.send(":");
        if !spin_until(Duration::from_secs(10), || {
            tui.screen_text().contains("(tab completes)")
        }) {
            println!("  `:` got no frame within 10 s");
            break;
        }
        let took = t.elapsed();
        let still_loading = tui.screen_text().contains(loading);
        tui.key_esc();
        spin_until(Duration::from_secs(10), || {
            !tui.screen_text().contains("(tab completes)")
        });
        if !still_loading {
            break;
        }
        samples.push(took);
        std::thread::sleep(Duration::from_millis(50));
    }
    samples
}

/// Keypress-to-frame during a refresh: `j` until the reversed (selected) row moves, while the title
/// says `refreshing`. Starts from the top row (`g`).
fn probe_refresh(tui: &TuiSession, col: u16) -> Vec<Duration> {
    tui.send("g");
    std::thread::sleep(Duration::from_millis(200));
    tui.send("r");
    spin_until(Duration::from_secs(10), || {
        tui.screen_text().contains("refreshing")
    });
    let mut samples = Vec::new();
    for _ in 0..PROBES {
        let Some(before) = selected_row(tui, col) else {
            break;
        };
        let t = Instant::now();
        tui.send("j");
        if !spin_until(Duration::from_secs(10), || {
            selected_row(tui, col) != Some(before)
        }) {
            println!("  `j` moved nothing within 10 s");
            break;
        }
        let took = t.elapsed();
        if !tui.screen_text().contains("refreshing") {
            break;
        }
        samples.push(took);
        std::thread::sleep(Duration::from_millis(30));
    }
    samples
}

fn report_probes(name: &str, what: &str, mut samples: Vec<Duration>) {
    if samples.is_empty() {
        println!("  {what}: no sample (the load ended before a key could be timed)");
        return;
    }
    let max = samples.iter().max().copied().unwrap_or_default();
    let med = median(&mut samples).unwrap_or_default();
    println!(
        "  {what}: median {med:.1?}, max {max:.1?} over {} key(s)",
        samples.len()
    );
    bench(name, ms(med), "ms");
}

/// `r`, then the calls it made once the log is quiet; also how long until it was quiet.
fn refresh_calls(tui: &TuiSession, log: &Path, name: &str) {
    let before = calls_settled(log, Duration::from_secs(1), WAIT);
    let t = Instant::now();
    tui.send("r");
    spin_until(Duration::from_secs(10), || calls(log).len() > before);
    spin_until(Duration::from_secs(2), || {
        tui.screen_text().contains("refreshing")
    });
    tui.wait_until(|s| !s.contains("refreshing"), WAIT)
        .unwrap_or_else(|s| panic!("the refresh never ended; screen:\n{s}"));
    let took = t.elapsed();
    calls_settled(log, Duration::from_secs(1), WAIT);
    let ops = calls(log);
    let mine = &ops[before..];
    println!(
        "  one refresh (r): {} calls ({}), done in {took:.0?}",
        mine.len(),
        summary(mine)
    );
    bench(&format!("{name}_refresh_calls"), mine.len(), "calls");
    for (op, n) in by_operation(mine) {
        bench(&format!("{name}_refresh_calls_{op}"), n, "calls");
    }
}

/// Bytes written to the terminal for one `j` and one PgDn on a loaded, idle list.
fn scroll_bytes(tui: &TuiSession, col: u16) {
    tui.send("g");
    std::thread::sleep(Duration::from_millis(300));
    let mut total = 0;
    let steps = 10;
    for _ in 0..steps {
        let before = (selected_row(tui, col), tui.bytes_received());
        tui.send("j");
        spin_until(Duration::from_secs(5), || {
            selected_row(tui, col) != before.0
        });
        std::thread::sleep(Duration::from_millis(150));
        total += tui.bytes_received() - before.1;
    }
    let per_step = total / steps;
    let mut page_total = 0;
    let pages = 5;
    for _ in 0..pages {
        let before = (formatted(tui), tui.bytes_received());
        tui.send("\x1b[6~");
        spin_until(Duration::from_secs(5), || formatted(tui) != before.0);
        std::thread::sleep(Duration::from_millis(150));
        page_total += tui.bytes_received() - before.1;
    }
    let per_page = page_total / pages;
    println!("  bytes to the terminal: {per_step} per j, {per_page} per PgDn");
    bench("scroll_step_bytes", per_step, "bytes");
    bench("scroll_page_bytes", per_page, "bytes");
}

fn main() {
    let services = env_num("TECS_BENCH_SERVICES", 1000);
    let tasks = env_num("TECS_BENCH_TASKS", 5000);
    let (account, clients) = fresh_clients();
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let seeded = Instant::now();
    rt.block_on(seed(&clients, services, tasks));
    println!(
        "seeded 1 cluster with {services} services and {tasks} RUNNING tasks in {:.1?}",
        seeded.elapsed()
    );
    bench("services_count", services, "services");
    bench("tasks_count", tasks, "tasks");
    // Warm the emulator's ECS code paths so their lazy imports are not charged to tecs.
    rt.block_on(async {
        let ecs = &clients.ecs;
        ecs.describe_services()
            .cluster(CLUSTER)
            .services(service_name(1))
            .send()
            .await
            .expect("warm up describe services");
        let one = ecs
            .list_tasks()
            .cluster(CLUSTER)
            .max_results(1)
            .send()
            .await
            .expect("warm up list tasks");
        ecs.describe_tasks()
            .cluster(CLUSTER)
            .set_tasks(Some(one.task_arns().iter().take(1).cloned().collect()))
            .send()
            .await
            .expect("warm up describe tasks");
    });

    let log = std::env::temp_dir().join(format!("tecs-bench-svc-{account}.log"));
    let _ = std::fs::remove_file(&log);
    // The table spans the width; its selected row is reversed in every column.
    let col = 60;

    // Services: launch on the cluster's page.
    let services_title = format!("services ({services})");
    let start = Instant::now();
    let tui = spawn(&account, &log);
    spin_until(Duration::from_secs(30), || {
        tui.screen_text().contains("services (")
    });
    let first_load_keys = probe_first_load(&tui, "services (…)");
    tui.wait_for(&services_title, WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    let to_services = start.elapsed();
    let settled = calls_settled(&log, Duration::from_secs(1), WAIT);
    let rss = rss_kib(tui.pid());
    println!("launch to {services} services listed: {to_services:.2?}; RSS {rss} KiB");
    println!(
        "  calls of the launch: {} ({})",
        settled,
        summary(&calls(&log))
    );
    bench("launch_to_services_ms", ms(to_services), "ms");
    bench("services_rss_kib", rss, "KiB");
    report_probes(
        "services_first_load_key_ms",
        "keypress to frame during the first load (`:`)",
        first_load_keys,
    );
    refresh_calls(&tui, &log, "services");
    report_probes(
        "services_refresh_key_ms",
        "keypress to frame during a refresh (`j`)",
        probe_refresh(&tui, col),
    );
    tui.wait_until(|s| !s.contains("refreshing"), WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    scroll_bytes(&tui, col);

    // Tasks: `:tasks` on the same cluster.
    let tasks_title = format!("RUNNING tasks of cluster {CLUSTER} ({tasks})");
    calls_settled(&log, Duration::from_secs(1), WAIT);
    let t = Instant::now();
    tui.send(":tasks\r");
    spin_until(Duration::from_secs(30), || {
        tui.screen_text().contains("tasks of cluster")
    });
    let first_load_keys = probe_first_load(&tui, &format!("tasks of cluster {CLUSTER} (…)"));
    tui.wait_for(&tasks_title, WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    let to_tasks = t.elapsed();
    std::thread::sleep(Duration::from_millis(500));
    let rss = rss_kib(tui.pid());
    println!("`:tasks` to {tasks} tasks listed: {to_tasks:.2?}; RSS {rss} KiB");
    bench("tasks_list_ms", ms(to_tasks), "ms");
    bench("tasks_rss_kib", rss, "KiB");
    report_probes(
        "tasks_first_load_key_ms",
        "keypress to frame during the first load (`:`)",
        first_load_keys,
    );
    refresh_calls(&tui, &log, "tasks");
    report_probes(
        "tasks_refresh_key_ms",
        "keypress to frame during a refresh (`j`)",
        probe_refresh(&tui, col),
    );
    tui.wait_until(|s| !s.contains("refreshing"), WAIT)
        .unwrap_or_else(|s| panic!("{s}"));
    println!("RSS at the end {} KiB", rss_kib(tui.pid()));
    tui.send("q");
    tui.wait_for_exit(Duration::from_secs(10));
    let _ = std::fs::remove_file(&log);
}
