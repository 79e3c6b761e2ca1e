//! Measures the task definition views against the emulator with 200 families × 50 revisions:
//! time to the families list, time to a family's revisions (rows described), the AWS calls made to
//! open a family twice (the second must hit the description cache), and memory.
//!
//! Run: `cargo bench --bench task_definitions` (release). `TECS_BENCH_FAMILIES` / `TECS_BENCH_REVISIONS`
//! change the sizes. Calls are counted from tecs's own log (`TECS_LOG=tecs::aws::calls=debug`).
//! Prints numbers; asserts nothing about time.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

#[path = "../tests/common/mod.rs"]
mod common;
mod support;

use std::time::{Duration, Instant};

use aws_sdk_ecs::types::ContainerDefinition;
use common::moto::{fresh_clients, moto_url};
use common::pty::TuiSession;
use futures::StreamExt;
use support::{calls, env_num, rss_kib, summary};

fn main() {
    let families = env_num("TECS_BENCH_FAMILIES", 200);
    let revisions = env_num("TECS_BENCH_REVISIONS", 50);
    let (account, clients) = fresh_clients();
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let start = Instant::now();
    rt.block_on(async {
        // Revisions of one family must register in order; families run concurrently.
        futures::stream::iter(0..families)
            .map(|f| {
                let ecs = clients.ecs.clone();
                async move {
                    for r in 0..revisions {
                        ecs.register_task_definition()
                            .family(format!("fam-{f:03}"))
                            .container_definitions(
                                ContainerDefinition::builder()
                                    .name("app")
                                    .image(format!("img:{r}"))
                                    .memory(128)
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
    });
    println!(
        "seeded {families} families x {revisions} revisions in {:.1?}",
        start.elapsed()
    );

    let log = std::env::temp_dir().join(format!("tecs-bench-td-{account}.log"));
    let _ = std::fs::remove_file(&log);
    let url = moto_url();
    let log_arg = log.to_string_lossy().to_string();
    let tui = TuiSession::spawn(
        env!("CARGO_BIN_EXE_tecs"),
        &[
            "--endpoint-url",
            &url,
            "--region",
            "us-east-1",
            "--refresh",
            "0",
            "--log-file",
            &log_arg,
        ],
        &[
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
            ("TECS_EMULATOR_ACCOUNT_ID", &account),
            ("TECS_LOG", "tecs::aws::calls=debug"),
        ],
        120,
        40,
    );
    tui.wait_for("clusters", Duration::from_secs(60))
        .unwrap_or_else(|e| panic!("{e}"));
    let before = calls(&log).len();
    let t = Instant::now();
    tui.send(":taskdefs\r");
    tui.wait_for(
        &format!("task definition families ACTIVE ({families})"),
        Duration::from_secs(120),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let families_list = t.elapsed();
    println!("families list ({families}): {families_list:.0?}");
    // For scripts/bench.
    println!("BENCH taskdefs_families={families} families");
    println!("BENCH taskdefs_revisions={revisions} revisions");
    println!(
        "BENCH families_list_ms={:.1} ms",
        families_list.as_secs_f64() * 1000.0
    );
    // Let the background summaries of the rows on screen finish before counting the family open.
    std::thread::sleep(Duration::from_secs(3));
    let after_families = calls(&log);
    println!("  calls: {}", summary(&after_families[before..]));

    for attempt in ["first", "second"] {
        let before = calls(&log).len();
        let t = Instant::now();
        tui.send("\r");
        tui.wait_for(
            &format!("fam-000 revisions ({revisions})"),
            Duration::from_secs(60),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        tui.wait_until(|s| !s.contains('…'), Duration::from_secs(60))
            .unwrap_or_else(|s| panic!("{s}"));
        let elapsed = t.elapsed();
        std::thread::sleep(Duration::from_millis(500));
        let ops = calls(&log);
        println!(
            "{attempt} open of fam-000: {:.0?} to rows described; {} calls ({})",
            elapsed,
            ops.len() - before,
            summary(&ops[before..])
        );
        println!(
            "BENCH family_open_{attempt}_ms={:.1} ms",
            elapsed.as_secs_f64() * 1000.0
        );
        println!(
            "BENCH family_open_{attempt}_calls={} calls",
            ops.len() - before
        );
        tui.send("\x1b");
        tui.wait_for("task definition families", Duration::from_secs(30))
            .unwrap_or_else(|e| panic!("{e}"));
        std::thread::sleep(Duration::from_millis(300));
    }
    let rss = rss_kib(tui.pid());
    println!("RSS {rss} KiB");
    println!("BENCH taskdefs_rss_kib={rss} KiB");
    tui.send("q");
    tui.wait_for_exit(Duration::from_secs(10));
}
