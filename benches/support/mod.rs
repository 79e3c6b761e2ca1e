//! Helpers shared by the benchmarks that drive the release binary: process readings from /proc,
//! tecs's own AWS call log, the selected table row on the pseudo-terminal's screen, and the
//! `BENCH name=value unit` lines `scripts/bench` collects. Each bench uses part of it.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use crate::common::pty::TuiSession;

/// A number from the environment, or `default`.
pub fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// One line for `scripts/bench`: `BENCH name=value unit`.
pub fn bench(name: &str, value: impl std::fmt::Display, unit: &str) {
    println!("BENCH {name}={value} {unit}");
}

/// Milliseconds with one decimal, for BENCH lines.
pub fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

/// Resident memory of a process, from /proc/PID/status.
pub fn rss_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// utime + stime in clock ticks (100 Hz on Linux), from /proc/PID/stat.
pub fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name, which is in parentheses and may contain spaces.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let utime: u64 = fields.get(11).and_then(|v| v.parse().ok()).unwrap_or(0);
    let stime: u64 = fields.get(12).and_then(|v| v.parse().ok()).unwrap_or(0);
    utime + stime
}

/// The operation of every `aws call` line in tecs's log (`TECS_LOG=tecs::aws::calls=debug`).
pub fn calls(log: &Path) -> Vec<String> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .filter(|l| l.contains("aws call"))
        .filter_map(|l| {
            l.split("operation=\"")
                .nth(1)
                .and_then(|r| r.split('"').next())
                .map(str::to_string)
        })
        .collect()
}

/// Calls counted by operation.
pub fn by_operation(ops: &[String]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for op in ops {
        *counts.entry(op.clone()).or_insert(0) += 1;
    }
    counts
}

/// `DescribeServices 100, ListServices 1`.
pub fn summary(ops: &[String]) -> String {
    by_operation(ops)
        .iter()
        .map(|(k, v)| format!("{k} {v}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Waits until the call log has not grown for `quiet`; returns the number of calls then.
pub fn calls_settled(log: &Path, quiet: Duration, timeout: Duration) -> usize {
    let deadline = Instant::now() + timeout;
    let mut last = calls(log).len();
    let mut since = Instant::now();
    while Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(100));
        let now = calls(log).len();
        if now != last {
            last = now;
            since = Instant::now();
        } else if since.elapsed() >= quiet {
            break;
        }
    }
    last
}

/// The screen row of the selected table row (the only reversed cells on a list screen), looking at
/// column `col`.
pub fn selected_row(tui: &TuiSession, col: u16) -> Option<u16> {
    tui.with_screen(|s| {
        let (rows, _) = s.size();
        (0..rows).find(|&r| s.cell(r, col).is_some_and(|c| c.inverse()))
    })
}

/// The screen with its colours and attributes, to see changes that keep the text.
pub fn formatted(tui: &TuiSession) -> Vec<u8> {
    tui.with_screen(|s| s.contents_formatted())
}

/// Median of some durations (sorted in place).
pub fn median(values: &mut [Duration]) -> Option<Duration> {
    values.sort();
    values.get(values.len() / 2).copied()
}

/// Nearest-rank percentile of sorted durations.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// Peak resident memory of a process so far (VmHWM).
pub fn hwm_kib(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

/// Polls every millisecond until `done` holds; false on timeout. The benches' screen waits use
/// this rather than the harness's 50 ms poll when the time itself is the measurement.
pub fn spin_until(timeout: Duration, mut done: impl FnMut() -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if done() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(1));
    }
    false
}

/// An awsvpc configuration in the account's default VPC: its first two subnets (sorted) and its
/// `default` security group, no public IP.
pub async fn default_network(
    ec2: &aws_sdk_ec2::Client,
) -> aws_sdk_ecs::types::NetworkConfiguration {
    use aws_sdk_ecs::types::{AssignPublicIp, AwsVpcConfiguration, NetworkConfiguration};
    let vpc = tecs::demo::network::default_vpc(ec2)
        .await
        .expect("default VPC");
    NetworkConfiguration::builder()
        .awsvpc_configuration(
            AwsVpcConfiguration::builder()
                .set_subnets(Some(vpc.subnets.into_iter().take(2).collect()))
                .security_groups(vpc.security_group)
                .assign_public_ip(AssignPublicIp::Disabled)
                .build()
                .expect("awsvpc"),
        )
        .build()
}

/// The release binary in a 120x40 pseudo-terminal against `url` (the emulator or the fault proxy),
/// isolated in `account`, refreshing every `refresh` seconds, logging nowhere.
pub fn spawn_at(url: &str, account: &str, refresh: &str) -> TuiSession {
    TuiSession::spawn(
        env!("CARGO_BIN_EXE_tecs"),
        &[
            "--endpoint-url",
            url,
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
