//! Measures the cluster list against the seeded emulator: time from launch to the list filled with
//! 1,000 clusters, resident memory then, and CPU time and bytes written to the terminal while idle.
//!
//! Then the same list through the fault proxy, paged like AWS (100 a page) with a round trip of
//! `TECS_BENCH_RTT_MS` (default 50 ms, as from a bastion to its region): the time to the first
//! rows, to the whole list, and what the round trips cost against the fewest the API allows.
//!
//! Run: `cargo bench --bench cluster_list` (release build; needs the emulator venv: scripts/moto-venv.sh).
//! `TECS_BENCH_CLUSTERS` (default 1000) and `TECS_BENCH_IDLE_SECS` (default 60) change the sizes.
//! Prints numbers; asserts nothing about time.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

#[path = "../tests/common/mod.rs"]
mod common;
mod support;

use std::time::{Duration, Instant};

use common::fault_proxy::{FaultProxy, ecs};
use common::moto::{fresh_clients, moto_url};
use common::pty::TuiSession;
use support::{bench, cpu_ticks, env_num, ms, rss_kib, spawn_at, spin_until};

fn spawn(account: &str, refresh: &str) -> TuiSession {
    spawn_at(&moto_url(), account, refresh)
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
        assert!(
            spin_until(Duration::from_secs(120), || tui
                .screen_text()
                .contains(&expected)),
            "the list never completed"
        );
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

    paged(&account, n, median);

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

/// The list through the proxy with AWS's page size and a round-trip time. ListClusters pages are
/// sequential (each needs the previous page's `nextToken`) and the last page's describe follows
/// it: `pages + 1` round trips is the fewest the API allows. `direct` is the median time to the
/// same list without the proxy, so `all - direct` is what the round trips cost.
fn paged(account: &str, n: usize, direct: Duration) {
    let rtt = Duration::from_millis(env_num("TECS_BENCH_RTT_MS", 50) as u64);
    let proxy = FaultProxy::start(&moto_url());
    proxy.set_paging(true);
    proxy.set_latency(rtt);
    let pages = n.div_ceil(100);
    let fewest = rtt * u32::try_from(pages + 1).unwrap_or(u32::MAX);
    let tui = spawn_at(&proxy.url(), account, "0");
    let start = Instant::now();
    let timeout = Duration::from_secs(120);
    let shown = spin_until(timeout, || tui.screen_text().contains("so far…"));
    let first = start.elapsed();
    let expected = format!("clusters ({n})");
    assert!(
        spin_until(timeout, || tui.screen_text().contains(&expected)),
        "the paged list never completed"
    );
    let all = start.elapsed();
    let cost = all.saturating_sub(direct);
    println!(
        "paged ({pages} pages of 100, RTT {rtt:?}): first rows {} ({first:.2?}), whole list {all:.2?}; \
         {cost:.2?} more than without the proxy, for {fewest:.2?} of unavoidable round trips; \
         ListClusters {}, DescribeClusters {}",
        if shown {
            "shown early"
        } else {
            "never shown early"
        },
        proxy.requests(&ecs("ListClusters")),
        proxy.requests(&ecs("DescribeClusters")),
    );
    bench("paged_rtt_ms", ms(rtt), "ms");
    bench("paged_first_rows_ms", ms(first), "ms");
    bench("paged_all_ms", ms(all), "ms");
    bench("paged_rtt_cost_ms", ms(cost), "ms");
    bench("paged_fewest_rtt_ms", ms(fewest), "ms");
    tui.send("q");
    tui.wait_for_exit(Duration::from_secs(10));
}
