//! Measures the cluster list against the seeded emulator: time from launch to the list filled with
//! 1,000 clusters, resident memory then, and CPU time and bytes written to the terminal while idle.
//!
//! Run: `cargo bench --bench cluster_list` (release build; needs the emulator venv: scripts/moto-venv.sh).
//! `TECS_BENCH_CLUSTERS` (default 1000) and `TECS_BENCH_IDLE_SECS` (default 60) change the sizes.
//! Prints numbers; asserts nothing about time.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

#[path = "../tests/common/mod.rs"]
mod common;
mod support;

use std::time::{Duration, Instant};

use common::moto::{fresh_clients, moto_url};
use common::pty::TuiSession;
use support::{cpu_ticks, env_num, rss_kib};

fn spawn(account: &str, refresh: &str) -> TuiSession {
    let url = moto_url();
    TuiSession::spawn(
        env!("CARGO_BIN_EXE_tecs"),
        &[
            "--endpoint-url",
            &url,
            "--region",
            "us-east-1",
            "--refresh",
            refresh,
            "--log-file",
            "/dev/null",
        ],
        &[
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
            ("TECS_EMULATOR_ACCOUNT_ID", account),
        ],
        120,
        40,
    )
}

fn main() {
    let n = env_num("TECS_BENCH_CLUSTERS", 1000);
    let idle = Duration::from_secs(env_num("TECS_BENCH_IDLE_SECS", 60) as u64);
    let (account, clients) = fresh_clients();
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let seeded = Instant::now();
    rt.block_on(tecs::demo::seed_clusters(&clients, n, "bench"))
        .expect("seed clusters");
    println!("seeded {n} clusters in {:.1?}", seeded.elapsed());

    // Warm the emulator's ECS code path so its lazy import is not charged to tecs.
    rt.block_on(clients.ecs.list_clusters().send())
        .expect("warm up");

    let expected = format!("clusters ({n})");
    let mut firsts = Vec::new();
    let mut rss = Vec::new();
    for run in 0..3 {
        let tui = spawn(&account, "0");
        let start = Instant::now();
        tui.wait_for(&expected, Duration::from_secs(120))
            .unwrap_or_else(|e| panic!("{e}"));
        let first = start.elapsed();
        firsts.push(first);
        rss.push(rss_kib(tui.pid()));
        println!(
            "run {run}: launch to {n} clusters listed: {first:.2?}; RSS {} KiB",
            rss[run]
        );
        tui.send("q");
        tui.wait_for_exit(Duration::from_secs(10));
    }
    firsts.sort();
    rss.sort();
    let median = firsts[firsts.len() / 2];
    println!("median launch to list: {median:.2?}");
    // For scripts/bench.
    println!("BENCH clusters_count={n} clusters");
    println!(
        "BENCH launch_to_clusters_ms={:.1} ms",
        median.as_secs_f64() * 1000.0
    );
    println!("BENCH clusters_rss_kib={} KiB", rss[rss.len() / 2]);

    for refresh in ["0", "30"] {
        let tui = spawn(&account, refresh);
        tui.wait_for(&expected, Duration::from_secs(120))
            .unwrap_or_else(|e| panic!("{e}"));
        std::thread::sleep(Duration::from_secs(1));
        let (bytes0, cpu0) = (tui.bytes_received(), cpu_ticks(tui.pid()));
        std::thread::sleep(idle);
        let (bytes1, cpu1) = (tui.bytes_received(), cpu_ticks(tui.pid()));
        println!(
            "idle {idle:?} with --refresh {refresh}: {} bytes to the terminal, {} ms CPU, RSS {} KiB",
            bytes1 - bytes0,
            (cpu1 - cpu0) * 10,
            rss_kib(tui.pid())
        );
        let secs = idle.as_secs();
        println!(
            "BENCH idle_bytes_refresh_{refresh}={} bytes/{secs}s",
            bytes1 - bytes0
        );
        println!(
            "BENCH idle_cpu_ms_refresh_{refresh}={} ms/{secs}s",
            (cpu1 - cpu0) * 10
        );
        tui.send("q");
        tui.wait_for_exit(Duration::from_secs(10));
    }
}
