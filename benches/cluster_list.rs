//! Measures the cluster list against the seeded emulator: time from launch to the list filled with
//! 1,000 clusters, resident memory then, and CPU time and bytes written to the terminal while idle.
//!
//! Run: `cargo bench --bench cluster_list` (release build; needs the emulator venv: scripts/moto-venv.sh).
//! `TECS_BENCH_CLUSTERS` (default 1000) and `TECS_BENCH_IDLE_SECS` (default 60) change the sizes.
//! Prints numbers; asserts nothing about time.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use common::moto::{fresh_clients, moto_url};
use common::pty::TuiSession;

fn env_num(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// utime + stime in clock ticks (100 Hz on Linux), from /proc/PID/stat.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name, which is in parentheses and may contain spaces.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: u64 = fields.get(11).and_then(|v| v.parse().ok()).unwrap_or(0);
    let stime: u64 = fields.get(12).and_then(|v| v.parse().ok()).unwrap_or(0);
    utime + stime
}

fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

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
    let n = env_num("TECS_BENCH_CLUSTERS", 1000) as usize;
    let idle = Duration::from_secs(env_num("TECS_BENCH_IDLE_SECS", 60));
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
    for run in 0..3 {
        let tui = spawn(&account, "0");
        let start = Instant::now();
        tui.wait_for(&expected, Duration::from_secs(120))
            .unwrap_or_else(|e| panic!("{e}"));
        let first = start.elapsed();
        firsts.push(first);
        println!(
            "run {run}: launch to {n} clusters listed: {first:.2?}; RSS {} KiB",
            rss_kib(tui.pid())
        );
        tui.send("q");
        tui.wait_for_exit(Duration::from_secs(10));
    }
    firsts.sort();
    println!("median launch to list: {:.2?}", firsts[firsts.len() / 2]);

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
        tui.send("q");
        tui.wait_for_exit(Duration::from_secs(10));
    }
}
