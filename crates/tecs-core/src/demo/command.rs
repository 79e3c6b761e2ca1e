//! `tecs demo-seed`: seed the emulator for the demo or a benchmark, optionally keep logs flowing.

use std::io::Write;
use std::time::Duration;

use color_eyre::Result;
use color_eyre::eyre::eyre;

use super::bulk::seed_clusters;
use super::logs::feed_logs_once;
use super::seed::seed_demo;
use super::summary::SeedSummary;
use crate::aws::Clients;

/// How often follow mode appends log events: often enough to look live in the log view.
const FOLLOW_INTERVAL: Duration = Duration::from_secs(2);
/// Consecutive failed rounds after which follow mode gives up (the emulator is gone).
const MAX_FOLLOW_FAILURES: u32 = 5;
const BULK_PREFIX: &str = "bulk";

/// What `demo-seed` should do besides seeding the demo account.
#[derive(Debug, Clone, Default)]
pub struct SeedOptions {
    /// Extra clusters `bulk-0001`… to create, for benchmarks.
    pub extra_clusters: usize,
    /// Keep appending log events to the demo streams until SIGINT/SIGTERM.
    pub follow_logs: bool,
}

/// Seeds the account, prints a summary, and in follow mode feeds logs until interrupted.
/// The last line printed before following starts with `seeded`: scripts wait for it.
pub async fn run_seed_command(clients: &Clients, opts: SeedOptions) -> Result<()> {
    let summary = seed_demo(clients).await?;
    let mut out = std::io::stdout().lock();
    writeln!(out, "{summary}")?;
    let mut bulk = 0;
    if opts.extra_clusters > 0 {
        let names = seed_clusters(clients, opts.extra_clusters, BULK_PREFIX).await?;
        bulk = names.len();
        writeln!(
            out,
            "  bulk clusters: {bulk} ({} .. {})",
            names.first().map(String::as_str).unwrap_or_default(),
            names.last().map(String::as_str).unwrap_or_default()
        )?;
    }
    writeln!(
        out,
        "seeded {} clusters, {} services, {} tasks, {} log streams",
        summary.clusters.len() + bulk,
        summary.services.len(),
        summary.tasks.len(),
        summary.log_streams.len()
    )?;
    out.flush()?;
    drop(out);

    if opts.follow_logs {
        follow(clients, &summary).await?;
    }
    Ok(())
}

/// Feeds logs every [`FOLLOW_INTERVAL`] until SIGINT or SIGTERM, which end it quietly.
async fn follow(clients: &Clients, summary: &SeedSummary) -> Result<()> {
    let mut interval = tokio::time::interval(FOLLOW_INTERVAL);
    interval.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    let stop = shutdown_signal();
    tokio::pin!(stop);
    let mut failures = 0;
    loop {
        tokio::select! {
            _ = &mut stop => return Ok(()),
            _ = interval.tick() => {
                match feed_logs_once(clients, summary).await {
                    Ok(_) => failures = 0,
                    Err(err) => {
                        failures += 1;
                        eprintln!("demo-seed: feeding logs failed: {err:#}");
                        if failures >= MAX_FOLLOW_FAILURES {
                            return Err(eyre!("giving up feeding logs after {failures} failures in a row"));
                        }
                    }
                }
            }
        }
    }
}

/// Resolves on SIGINT or SIGTERM (or SIGHUP: the demo's terminal went away).
async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let (Ok(mut term), Ok(mut hup)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
        ) else {
            // Without handlers the default action (exit) still ends follow mode.
            let _ = tokio::signal::ctrl_c().await;
            return;
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term.recv() => {}
            _ = hup.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
