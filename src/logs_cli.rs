//! `tecs logs`: a service's or a task's container logs as plain lines on stdout, for pipes on a
//! bastion (no terminal needed, nothing of the console is started).
//!
//! The same resolution and merge as the logs screen: each task's own task definition revision
//! names its containers' awslogs streams (`tecs_core::domain::log_sources`), the tail merges them
//! in time order and follows with Live Tail or polling (`tecs_core::aws::log_tail`). Lines are
//! `HH:MM:SS.mmm task-id container | message` (UTC, the task id's first 8 characters). Everything
//! else — containers without CloudWatch logs, the follow mode, retries — goes to stderr.
//!
//! Exit codes: 0 done (also when the reader closes the pipe), 1 an AWS failure or nothing to
//! show, 2 a usage error, 130 interrupted (Ctrl-C).

use std::collections::BTreeMap;
use std::io::Write;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::aws::Clients;
use crate::aws::log_tail::{LogSource, Since, TailMode, TailOptions, TailUpdate, tail};
use crate::cli::LogsArgs;
use crate::domain::log_sources::resolve;
use crate::model::AwsError;
use crate::model::logs::Resolution;
use crate::model::task::{DesiredStatus, Task};

/// Exit code of a usage error (as clap's own).
pub const EXIT_USAGE: u8 = 2;
/// Exit code of an AWS failure, or of nothing to show.
pub const EXIT_FAILED: u8 = 1;
/// Exit code after Ctrl-C (128 + SIGINT, as shells report it).
pub const EXIT_INTERRUPTED: u8 = 130;
/// Without `--since` or `--lines`.
const DEFAULT_SINCE: Duration = Duration::from_secs(10 * 60);
/// A service with no running task shows its most recently stopped ones, at most this many.
const STOPPED_TASKS_SHOWN: usize = 5;

/// What `tecs logs` was pointed at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Service { cluster: String, name: String },
    Task { cluster: String, task: String },
}

/// Runs `tecs logs`; returns the exit code. `default_cluster` is the global `--cluster`.
pub async fn run(clients: &Clients, args: &LogsArgs, default_cluster: Option<&str>) -> u8 {
    let since = match since_of(args, now_ms()) {
        Ok(s) => s,
        Err(e) => return usage(&e),
    };
    if let Some(Err(e)) = args
        .filter
        .as_deref()
        .map(crate::domain::filter_pattern::check)
    {
        return usage(&format!("--filter: {e}"));
    }
    let cluster = args.cluster.as_deref().or(default_cluster);
    let target = match parse_target(&args.target, cluster) {
        Ok(t) => t,
        Err(e) => return usage(&e),
    };
    let resolution = match resolve_target(clients, &target).await {
        Ok(r) => r,
        Err(e) => {
            say(&format!("tecs: {e}"));
            return EXIT_FAILED;
        }
    };
    for problem in &resolution.problems {
        say(&format!("tecs: {problem}"));
    }
    if resolution.sources.is_empty() {
        say("tecs: no container of these tasks logs to CloudWatch Logs at a place tecs can name");
        return EXIT_FAILED;
    }
    let options = TailOptions {
        since,
        filter: args.filter.clone().filter(|f| !f.trim().is_empty()),
        follow: args.follow,
    };
    print_tail(clients, resolution.sources, options).await
}

fn usage(message: &str) -> u8 {
    say(&format!("tecs logs: {message}"));
    EXIT_USAGE
}

/// A line on stderr; a closed stderr is no reason to fail.
fn say(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// Where the tail starts, from `--since` / `--lines`.
pub fn since_of(args: &LogsArgs, now_ms: i64) -> Result<Since, String> {
    match (&args.since, args.lines) {
        (Some(_), Some(_)) => Err("give --since or --lines, not both".to_string()),
        (Some(s), None) => parse_since(s, now_ms),
        (None, Some(0)) => Err("--lines must be at least 1".to_string()),
        (None, Some(n)) => Ok(Since::Lines(n)),
        (None, None) => Ok(Since::Duration(DEFAULT_SINCE)),
    }
}

/// `30s`, `10m`, `1h`, `2d`, `1w` → a duration; an RFC 3339 time (`2025-11-30T10:00:00Z`) → a
/// timestamp.
pub fn parse_since(text: &str, now_ms: i64) -> Result<Since, String> {
    let text = text.trim();
    parse_start(text, now_ms).map_err(|e| match e {
        StartError::Future => format!("--since {text}: that time is in the future"),
        StartError::Malformed => format!(
            "--since {text:?}: give an age such as 30s, 10m, 1h or 2d, or a time such as \
             2025-11-30T10:00:00Z"
        ),
    })
}

/// Why a start point could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartError {
    /// Neither an age nor a time.
    Malformed,
    /// A time after `now`: nothing has been logged there yet.
    Future,
}

/// Where a tail starts, as the command line's `--since` and the log view's `S` both read it: an
/// age (`30s`, `10m`, `1h`, `2d`, `1w`), an RFC 3339 time with `Z` or an offset, or (for the
/// view's own shorter form) `2025-11-30 10:00` in UTC. `now_ms`: milliseconds since the epoch.
pub fn parse_start(text: &str, now_ms: i64) -> Result<Since, StartError> {
    let text = text.trim();
    if let Some(unit) = text.chars().last().filter(char::is_ascii_alphabetic)
        && text.len() > 1
        && text[..text.len() - 1].chars().all(|c| c.is_ascii_digit())
    {
        let n: u64 = text[..text.len() - 1]
            .parse()
            .map_err(|_| StartError::Malformed)?;
        let secs = match unit {
            's' => Some(n),
            'm' => n.checked_mul(60),
            'h' => n.checked_mul(3_600),
            'd' => n.checked_mul(86_400),
            'w' => n.checked_mul(7 * 86_400),
            _ => None,
        }
        .ok_or(StartError::Malformed)?;
        return Ok(Since::Duration(Duration::from_secs(secs)));
    }
    // RFC 3339 with `Z`, or with an offset (`+02:00`), which the SDK's parser does not take.
    let (utc, offset_ms) = match split_offset(text) {
        Some((base, offset_ms)) => (format!("{base}Z"), offset_ms),
        None => (text.to_string(), 0),
    };
    let rfc3339 =
        aws_smithy_types::DateTime::from_str(&utc, aws_smithy_types::date_time::Format::DateTime)
            .ok()
            .and_then(|t| t.to_millis().ok())
            .map(|ms| ms - offset_ms);
    let ms = rfc3339
        .or_else(|| parse_time(text))
        .ok_or(StartError::Malformed)?;
    if ms > now_ms {
        return Err(StartError::Future);
    }
    Ok(Since::Timestamp(ms))
}

/// Milliseconds since the epoch of `2026-11-30T10:00:00Z` (UTC, `Z` or no zone).
pub fn parse_time(text: &str) -> Option<i64> {
    let t = text.trim().trim_end_matches('Z');
    let (date, time) = t.split_once(['T', ' '])?;
    // Every part a number, nothing left over (an offset or a fraction here is not read as 0).
    let number = |p: &str| -> Option<i64> {
        (!p.is_empty() && p.len() <= 4 && p.chars().all(|c| c.is_ascii_digit()))
            .then(|| p.parse().ok())
            .flatten()
    };
    let mut d = date.split('-').map(number);
    let (y, m, day) = (d.next()??, d.next()??, d.next()??);
    let mut h = time.split(':').map(number);
    let (hh, mm) = (h.next()??, h.next()??);
    let ss = match h.next() {
        Some(ss) => ss?,
        None => 0,
    };
    if d.next().is_some() || h.next().is_some() {
        return None;
    }
    if !(1..=12).contains(&m) || !(1..=31).contains(&day) || hh > 23 || mm > 59 || ss > 60 {
        return None;
    }
    // Howard Hinnant's days_from_civil.
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    Some(((days * 86_400) + hh * 3600 + mm * 60 + ss) * 1000)
}

/// `…T10:00:00+02:00` → (`…T10:00:00`, +2 h in ms).
fn split_offset(text: &str) -> Option<(&str, i64)> {
    let at = text.len().checked_sub(6)?;
    let (base, offset) = (text.get(..at)?, text.get(at..)?);
    let sign = match offset.as_bytes().first()? {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let (h, m) = offset.get(1..)?.split_once(':')?;
    if !base.contains('T') || h.len() != 2 || m.len() != 2 {
        return None;
    }
    let (h, m): (i64, i64) = (h.parse().ok()?, m.parse().ok()?);
    Some((base, sign * (h * 3_600_000 + m * 60_000)))
}

/// What `target` names: a service or task ARN (which names its cluster, except old-format task
/// ARNs), a task id (32 hex digits, or the older 36-character UUID), or else a service name.
pub fn parse_target(target: &str, cluster: Option<&str>) -> Result<Target, String> {
    let target = target.trim();
    if target.is_empty() {
        return Err("name a service or a task".to_string());
    }
    let need_cluster = |what: &str| {
        cluster
            .map(str::to_string)
            .ok_or_else(|| format!("{what} {target}: which cluster? Pass --cluster NAME"))
    };
    if target.starts_with("arn:") {
        let resource = target.splitn(6, ':').nth(5).unwrap_or_default();
        let parts: Vec<&str> = resource.split('/').collect();
        return match parts.as_slice() {
            ["task", cluster_name, id] => Ok(Target::Task {
                cluster: cluster.map_or_else(|| cluster_name.to_string(), str::to_string),
                task: (*id).to_string(),
            }),
            ["task", id] => Ok(Target::Task {
                cluster: need_cluster("task")?,
                task: (*id).to_string(),
            }),
            ["service", cluster_name, name] => Ok(Target::Service {
                cluster: cluster.map_or_else(|| cluster_name.to_string(), str::to_string),
                name: (*name).to_string(),
            }),
            ["service", name] => Ok(Target::Service {
                cluster: need_cluster("service")?,
                name: (*name).to_string(),
            }),
            _ => Err(format!("{target} is neither a service nor a task ARN")),
        };
    }
    if looks_like_task_id(target) {
        return Ok(Target::Task {
            cluster: need_cluster("task")?,
            task: target.to_string(),
        });
    }
    Ok(Target::Service {
        cluster: need_cluster("service")?,
        name: target.to_string(),
    })
}

/// ECS task ids: 32 hex digits, or a UUID (36 characters with dashes) for old tasks.
fn looks_like_task_id(s: &str) -> bool {
    let hex = |c: char| c.is_ascii_hexdigit();
    (s.len() == 32 && s.chars().all(hex))
        || (s.len() == 36
            && s.chars().enumerate().all(|(i, c)| {
                if [8, 13, 18, 23].contains(&i) {
                    c == '-'
                } else {
                    hex(c)
                }
            }))
}

/// The tasks' log sources: a service's running tasks (or, when none runs, its most recently
/// stopped ones), or one task; each by its own task definition revision.
async fn resolve_target(clients: &Clients, target: &Target) -> Result<Resolution, AwsError> {
    let tasks = match target {
        Target::Task { cluster, task } => {
            vec![crate::aws::tasks::describe_task(&clients.ecs, cluster, task).await?]
        }
        Target::Service { cluster, name } => {
            let running = crate::aws::tasks::list_tasks(
                &clients.ecs,
                cluster,
                Some(name),
                DesiredStatus::Running,
            )
            .await?;
            if running.is_empty() {
                let mut stopped = crate::aws::tasks::list_tasks(
                    &clients.ecs,
                    cluster,
                    Some(name),
                    DesiredStatus::Stopped,
                )
                .await?;
                if stopped.is_empty() {
                    return Err(AwsError {
                        kind: crate::model::ErrorKind::NotFound,
                        code: None,
                        message: format!(
                            "service {name} in cluster {cluster} has no running or recently \
                             stopped tasks"
                        ),
                        hint: Some(
                            "check the names (tecs logs SERVICE --cluster CLUSTER), or pass a \
                             task id"
                                .to_string(),
                        ),
                        read_back: None,
                    });
                }
                stopped.truncate(STOPPED_TASKS_SHOWN);
                say(&format!(
                    "tecs: service {name} has no running tasks: showing its {} most recently \
                     stopped",
                    stopped.len()
                ));
                stopped
            } else {
                running
            }
        }
    };
    // Tasks by revision, in first-seen order of the revisions.
    let mut by_revision: BTreeMap<String, Vec<Task>> = BTreeMap::new();
    let mut order: Vec<String> = Vec::new();
    for task in tasks {
        if !by_revision.contains_key(&task.task_definition) {
            order.push(task.task_definition.clone());
        }
        by_revision
            .entry(task.task_definition.clone())
            .or_default()
            .push(task);
    }
    let mut resolution = Resolution::default();
    for revision in order {
        let td = crate::aws::task_definitions::describe(&clients.ecs, &revision).await?;
        let tasks = by_revision.remove(&revision).unwrap_or_default();
        let r = resolve(&td.json, &tasks, &clients.region);
        resolution.sources.extend(r.sources);
        for p in r.problems {
            if !resolution.problems.contains(&p) {
                resolution.problems.push(p);
            }
        }
    }
    Ok(resolution)
}

/// Runs the tail and prints it; the exit code.
async fn print_tail(clients: &Clients, sources: Vec<LogSource>, options: TailOptions) -> u8 {
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let tail_clients = clients.clone();
    let tail_sources = sources.clone();
    let handle = tokio::spawn(async move {
        tail(&tail_clients, tail_sources, options, move |u| {
            let _ = tx.send(u);
        })
        .await;
    });
    let ctrl_c = tokio::signal::ctrl_c();
    tokio::pin!(ctrl_c);
    let stdout = std::io::stdout();
    let code = loop {
        let update = tokio::select! {
            _ = &mut ctrl_c => break EXIT_INTERRUPTED,
            update = rx.recv() => update,
        };
        match update {
            // The tail ended without saying so: nothing more will come.
            None => break 0,
            Some(TailUpdate::Events(events)) => {
                let mut out = stdout.lock();
                let written = events
                    .iter()
                    .try_for_each(|e| match sources.get(e.source) {
                        Some(s) => writeln!(out, "{}", format_line(e.timestamp, s, &e.message)),
                        None => Ok(()),
                    })
                    .and_then(|()| out.flush());
                match written {
                    Ok(()) => {}
                    // The reader is gone (`| head`): that is how a pipe says "enough".
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => break 0,
                    Err(e) => {
                        say(&format!("tecs: cannot write to standard output: {e}"));
                        break EXIT_FAILED;
                    }
                }
            }
            Some(TailUpdate::Mode(TailMode::Live)) => {
                say("tecs: following with CloudWatch Logs Live Tail");
            }
            Some(TailUpdate::Mode(TailMode::Polling { why })) => {
                say(&format!("tecs: following by polling: {why}"));
            }
            Some(TailUpdate::Sampled) => say(
                "tecs: Live Tail sampled this second (more than 500 events/s matched): some \
                 lines are missing; a --filter pattern narrows it",
            ),
            Some(TailUpdate::Retrying(e)) => say(&format!("tecs: {e} (retrying)")),
            Some(TailUpdate::Notice(n)) => say(&format!("tecs: {n}")),
            Some(TailUpdate::Failed(e)) => {
                say(&format!("tecs: {e}"));
                break EXIT_FAILED;
            }
            Some(TailUpdate::Done) => break 0,
        }
    };
    // Stops polling or closes the Live Tail session (billed per minute) at once.
    handle.abort();
    code
}

/// `HH:MM:SS.mmm task-id container | message` (UTC; the message's trailing newline dropped).
///
/// A multi-line event (a stack trace sent as one event) gives one output line per line, each
/// with the same prefix, so `grep`/`cut` on the output never see a line without its task and
/// container.
pub fn format_line(timestamp_ms: i64, source: &LogSource, message: &str) -> String {
    let day_ms = timestamp_ms.rem_euclid(86_400_000);
    let (h, m, s, ms) = (
        day_ms / 3_600_000,
        day_ms / 60_000 % 60,
        day_ms / 1_000 % 60,
        day_ms % 1_000,
    );
    let prefix = format!(
        "{h:02}:{m:02}:{s:02}.{ms:03} {} {} | ",
        source.short_task_id(),
        source.container,
    );
    message
        .trim_end_matches(['\n', '\r'])
        .split('\n')
        .map(|line| format!("{prefix}{}", line.trim_end_matches('\r')))
        .collect::<Vec<_>>()
        .join("\n")
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(since: Option<&str>, lines: Option<usize>) -> LogsArgs {
        LogsArgs {
            target: "web".to_string(),
            cluster: None,
            since: since.map(str::to_string),
            lines,
            follow: false,
            filter: None,
        }
    }

    #[test]
    fn short_times_are_utc() {
        assert_eq!(parse_time("2026-11-30T10:00:00Z"), Some(1_796_032_800_000));
        assert_eq!(parse_time("1970-01-01 00:00"), Some(0));
        assert_eq!(parse_time("2026-13-01T00:00Z"), None);
        // What is not read is refused, not taken as 0.
        assert_eq!(parse_time("2026-11-30 10:00:00+02:00"), None);
        assert_eq!(parse_time("2026-11-30T10:00:00.5"), None);
        assert_eq!(parse_time("99999999999-01-01T00:00Z"), None);
    }

    #[test]
    fn since_takes_ages_times_or_lines() {
        let now = 1_764_496_800_000; // 2025-11-30T10:00:00Z
        assert_eq!(
            parse_since("10m", now),
            Ok(Since::Duration(Duration::from_secs(600)))
        );
        assert_eq!(
            parse_since("1h", now),
            Ok(Since::Duration(Duration::from_secs(3600)))
        );
        assert_eq!(
            parse_since("30s", now),
            Ok(Since::Duration(Duration::from_secs(30)))
        );
        assert_eq!(
            parse_since("2d", now),
            Ok(Since::Duration(Duration::from_secs(172_800)))
        );
        assert_eq!(
            parse_since("2025-11-30T09:00:00Z", now),
            Ok(Since::Timestamp(now - 3_600_000))
        );
        assert_eq!(
            parse_since("2025-11-30T09:00:00.5+00:00", now),
            Ok(Since::Timestamp(now - 3_600_000 + 500))
        );
        assert_eq!(
            parse_since("2025-11-30T11:00:00+02:00", now),
            Ok(Since::Timestamp(now - 3_600_000))
        );
        assert_eq!(
            parse_since("2025-11-30T04:30:00-05:00", now),
            Ok(Since::Timestamp(now - 30 * 60_000))
        );
        for bad in ["", "10", "m", "10x", "ten minutes", "-5m", "2025-11-30"] {
            assert!(parse_since(bad, now).is_err(), "{bad:?}");
        }
        assert!(
            parse_since("2025-12-30T09:00:00Z", now)
                .expect_err("future")
                .contains("future")
        );
        assert_eq!(
            since_of(&args(None, None), now),
            Ok(Since::Duration(Duration::from_secs(600)))
        );
        assert_eq!(since_of(&args(None, Some(50)), now), Ok(Since::Lines(50)));
        assert!(since_of(&args(None, Some(0)), now).is_err());
        assert!(since_of(&args(Some("1h"), Some(5)), now).is_err());
    }

    #[test]
    fn targets_are_services_tasks_or_arns() {
        let id = "0123456789abcdef0123456789abcdef";
        assert_eq!(
            parse_target("web", Some("prod")),
            Ok(Target::Service {
                cluster: "prod".into(),
                name: "web".into()
            })
        );
        assert_eq!(
            parse_target(id, Some("prod")),
            Ok(Target::Task {
                cluster: "prod".into(),
                task: id.into()
            })
        );
        assert_eq!(
            parse_target(
                &format!("arn:aws:ecs:us-east-1:123456789012:task/prod-fargate/{id}"),
                None
            ),
            Ok(Target::Task {
                cluster: "prod-fargate".into(),
                task: id.into()
            })
        );
        assert_eq!(
            parse_target(
                "arn:aws:ecs:us-east-1:123456789012:service/staging/web",
                None
            ),
            Ok(Target::Service {
                cluster: "staging".into(),
                name: "web".into()
            })
        );
        // An old-format task ARN (no cluster) needs --cluster.
        let old = "arn:aws:ecs:us-east-1:123456789012:task/2a8b6a8c-0fd1-4d36-9c3e-5f1a2b3c4d5e";
        assert!(
            parse_target(old, None)
                .expect_err("no cluster")
                .contains("--cluster")
        );
        assert_eq!(
            parse_target(old, Some("legacy")),
            Ok(Target::Task {
                cluster: "legacy".into(),
                task: "2a8b6a8c-0fd1-4d36-9c3e-5f1a2b3c4d5e".into()
            })
        );
        let err = parse_target("web", None).expect_err("no cluster");
        assert_eq!(err, "service web: which cluster? Pass --cluster NAME");
        assert!(parse_target("arn:aws:ecs:us-east-1:1:cluster/prod", None).is_err());
        assert!(parse_target("  ", Some("prod")).is_err());
    }

    #[test]
    fn lines_carry_time_short_task_id_and_container() {
        let source = LogSource {
            group: "/ecs/web".into(),
            region: None,
            stream: "ecs/app/0123456789abcdef".into(),
            task_id: "0123456789abcdef".into(),
            container: "app".into(),
        };
        // 2025-11-30T10:04:05.007Z
        let ts = 1_764_496_800_000 + 4 * 60_000 + 5_000 + 7;
        assert_eq!(
            format_line(ts, &source, "GET / 200\n"),
            "10:04:05.007 01234567 app | GET / 200"
        );
        assert_eq!(
            format_line(0, &source, "x"),
            "00:00:00.000 01234567 app | x"
        );
        assert_eq!(
            format_line(0, &source, "ERROR failed\r\nTraceback:\n  File x\n"),
            "00:00:00.000 01234567 app | ERROR failed\n\
             00:00:00.000 01234567 app | Traceback:\n\
             00:00:00.000 01234567 app |   File x"
        );
    }
}
