//! Measures the log tail (issue 12's "Measure and report"):
//!
//! 1. headless, through tecs's public API: lines/s ingested into the ring buffer
//!    ([`tecs::screens::logs::buffer::LogBuffer`] directly, and through `update` as the app loop
//!    delivers a tail's events), and the time to draw a frame (`tecs::ui::render` on ratatui's
//!    `TestBackend`, 120x40) while 10,000 lines/s arrive in batches of 100 every 10 ms, with the
//!    buffer already full (100,000 lines);
//! 2. the release binary against the emulator: one task's log stream holding 110,000 events, its
//!    logs opened with `S` `2h`; the time until the newest line shows, then VmRSS (and the peak,
//!    VmHWM) with the buffer full; `g` shows the oldest line held, which proves the buffer holds
//!    exactly the last 100,000;
//! 3. the binary following another stream that receives 100 lines/s: bytes written to the
//!    terminal per second (and CPU), and the same with nothing arriving.
//!
//! Run: `cargo bench --bench logs` (release; needs the emulator venv: scripts/moto-venv.sh).
//! `TECS_BENCH_LOG_EVENTS` (default 110000) and `TECS_BENCH_FOLLOW_SECS` (default 30) change the
//! sizes. Prints numbers (and `BENCH name=value unit` lines for scripts/bench); asserts nothing
//! about time.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

#[path = "../tests/common/mod.rs"]
mod common;
mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use aws_sdk_cloudwatchlogs::types::InputLogEvent;
use aws_sdk_ecs::types::{
    Compatibility, ContainerDefinition, LaunchType, LogConfiguration, LogDriver,
    NetworkConfiguration, NetworkMode,
};
use common::moto::{fresh_clients, moto_url};
use common::pty::TuiSession;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use support::{bench, cpu_ticks, env_num, hwm_kib, ms, percentile, rss_kib, spin_until};
use tecs::action::Action;
use tecs::effect::{Effect, Job, Outcome, Ticket};
use tecs::keymap::Keymap;
use tecs::model::logs::{LogEvent, LogSource, Resolution, TailMode, TailUpdate};
use tecs::screens::logs::LogsScreen;
use tecs::screens::logs::buffer::{LogBuffer, LogLine, line_key};
use tecs::screens::{Nav, Route};
use tecs::state::DEFAULT_LOG_LINES as DEFAULT_CAPACITY;
use tecs::state::{AppConfig, State};

const WAIT: Duration = Duration::from_secs(300);
const REGION: &str = "us-east-1";
const FAMILY: &str = "bench-logs";
const GROUP: &str = "/ecs/bench-logs";
const PREFIX: &str = "ecs";
const CONTAINER: &str = "app";
/// The cluster whose task holds the big stream, and the one whose task is followed.
const BIG: &str = "bench-logs-big";
const FOLLOW: &str = "bench-logs-follow";
/// PutLogEvents limits: 10,000 events and 1,048,576 bytes (message bytes + 26 per event) a call.
const PUT_MAX_EVENTS: usize = 10_000;
const PUT_MAX_BYTES: usize = 1_048_576;
const PUT_EVENT_OVERHEAD: usize = 26;

// ---------------------------------------------------------------------------------------------
// Lines that look like an application's
// ---------------------------------------------------------------------------------------------

/// The `seq`-th line: an access log line, now and then a JSON document or a longer warning, about
/// 100 bytes on average. Starts with `seq=NNNNNN` so a bench finds it on screen (the end of a long
/// line is cut at the edge).
fn message(seq: usize) -> String {
    let id = seq.wrapping_mul(2_654_435_761) % 100_000;
    match seq % 10 {
        0 => format!(
            r#"seq={seq:06} {{"level":"info","msg":"order placed","order":{id},"items":{},"ms":{}}}"#,
            seq % 7 + 1,
            seq % 300
        ),
        1 => format!(
            "seq={seq:06} WARN [pool-2-thread-{}] c.e.payments.Retry - upstream slow, retrying in {} ms (attempt {})",
            seq % 8,
            100 + seq % 900,
            seq % 3 + 1
        ),
        _ => format!(
            "seq={seq:06} INFO [http-nio-8080-exec-{}] GET /api/orders/{id} 200 {} ms ua=Mozilla/5.0",
            seq % 16,
            seq % 250
        ),
    }
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis() as i64)
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------------
// 1. Headless
// ---------------------------------------------------------------------------------------------

/// Six streams: three tasks of a service, two containers each.
fn sources() -> Vec<LogSource> {
    (0..6)
        .map(|i| {
            let task_id = format!("{:032x}", 0x5eed_0000_u64 + (i / 2) as u64);
            let container = if i % 2 == 0 { "app" } else { "envoy" }.to_string();
            LogSource {
                group: GROUP.into(),
                region: Some(REGION.into()),
                stream: format!("{PREFIX}/{container}/{task_id}"),
                task_id,
                container,
            }
        })
        .collect()
}

fn events(from: usize, n: usize, t0: i64, sources: usize) -> Vec<LogEvent> {
    (from..from + n)
        .map(|seq| LogEvent {
            timestamp: t0 + seq as i64,
            ingestion_time: None,
            message: message(seq),
            source: seq % sources,
        })
        .collect()
}

/// A state on a service's logs screen whose tail is running (the tail's ticket), as the app would
/// have it after the streams were resolved and polling started.
fn logs_state() -> (State, Ticket, usize) {
    let config = AppConfig {
        region: REGION.into(),
        ..AppConfig::default()
    };
    let mut state = State::new(config, Keymap::default_keymap(), (120, 40));
    let root = state.routes.top().id;
    let screen = LogsScreen::of_service("bench", "web");
    let effects =
        tecs::update::router::navigate(&mut state, root, Nav::Push(Route::Logs(Box::new(screen))));
    let resolve = effects
        .iter()
        .find_map(|e| match e {
            Effect::Run {
                ticket,
                job: Job::LogSources { .. },
            } => Some(*ticket),
            _ => None,
        })
        .expect("the logs screen resolves its streams");
    let sources = sources();
    let n = sources.len();
    let effects = tecs::update::update(
        &mut state,
        Action::Done {
            ticket: resolve,
            outcome: Outcome::LogSources(Ok(Resolution {
                sources,
                problems: Vec::new(),
            })),
        },
    );
    let tail = effects
        .iter()
        .find_map(|e| match e {
            Effect::Run {
                ticket,
                job: Job::TailLogs { .. },
            } => Some(*ticket),
            _ => None,
        })
        .expect("the streams start a tail");
    tecs::update::update(
        &mut state,
        Action::Done {
            ticket: tail,
            outcome: Outcome::Tail(TailUpdate::Mode(TailMode::Polling {
                why: "benchmark".into(),
            })),
        },
    );
    (state, tail, n)
}

fn held(state: &State) -> usize {
    match state.route() {
        Route::Logs(screen) => screen.buffer.len(),
        _ => 0,
    }
}

fn deliver(state: &mut State, tail: Ticket, events: Vec<LogEvent>) {
    tecs::update::update(
        state,
        Action::Done {
            ticket: tail,
            outcome: Outcome::Tail(TailUpdate::Events(events)),
        },
    );
}

fn headless() {
    const BATCH: usize = 1_000;
    const LINES: usize = 500_000;
    let t0 = now_ms() - 86_400_000;

    // The ring buffer alone: key + extend, as the screen does per line; 5x its capacity, so most
    // of the run is at capacity (every line in drops one out).
    let mut buffer = LogBuffer::new(DEFAULT_CAPACITY);
    let mut spent = Duration::ZERO;
    for from in (0..LINES).step_by(BATCH) {
        let batch: Vec<(String, i64, String)> = (from..from + BATCH)
            .map(|seq| {
                (
                    format!("ecs/app/{}", seq % 6),
                    t0 + seq as i64,
                    message(seq),
                )
            })
            .collect();
        let t = Instant::now();
        buffer.extend(batch.into_iter().map(|(stream, ts, msg)| {
            (
                line_key(&stream, ts, &msg),
                LogLine {
                    timestamp: ts,
                    origin: 0,
                    message: msg,
                },
            )
        }));
        spent += t.elapsed();
    }
    assert_eq!(buffer.len(), DEFAULT_CAPACITY);
    let raw_rate = LINES as f64 / spent.as_secs_f64();
    println!(
        "LogBuffer::extend: {LINES} lines in batches of {BATCH}: {spent:.0?} ({raw_rate:.0} lines/s), {} held",
        buffer.len()
    );
    bench(
        "logs_buffer_ingest_lines_per_s",
        format!("{raw_rate:.0}"),
        "lines/s",
    );
    drop(buffer);

    // Through update(): what the app loop does with each answer of the tail.
    let (mut state, tail, n) = logs_state();
    let mut spent = Duration::ZERO;
    for from in (0..LINES).step_by(BATCH) {
        let batch = events(from, BATCH, t0, n);
        let t = Instant::now();
        deliver(&mut state, tail, batch);
        spent += t.elapsed();
    }
    assert_eq!(
        held(&state),
        DEFAULT_CAPACITY,
        "the tail's lines reach the buffer"
    );
    let rate = LINES as f64 / spent.as_secs_f64();
    println!(
        "update(Outcome::Tail(Events)): {LINES} lines in batches of {BATCH}: {spent:.0?} ({rate:.0} lines/s)"
    );
    bench(
        "logs_update_ingest_lines_per_s",
        format!("{rate:.0}"),
        "lines/s",
    );

    // Frames while 10,000 lines/s arrive: 100 lines every 10 ms, a draw after each batch (the
    // app draws once per burst of answers, so this is its worst case), buffer full.
    for wrap in [false, true] {
        if wrap {
            tecs::update::update(
                &mut state,
                Action::Key(KeyEvent::new(KeyCode::Char('w'), KeyModifiers::NONE)),
            );
        }
        let mut terminal = Terminal::new(TestBackend::new(120, 40)).expect("test terminal");
        let per_batch = 100;
        let period = Duration::from_millis(10);
        let secs = 10;
        let mut draws = Vec::new();
        let mut updates = Duration::ZERO;
        let mut seq = LINES;
        let start = Instant::now();
        let mut next = start;
        for _ in 0..secs * 100 {
            let batch = events(seq, per_batch, t0, n);
            seq += per_batch;
            let t = Instant::now();
            deliver(&mut state, tail, batch);
            updates += t.elapsed();
            state.app.now = Instant::now();
            let t = Instant::now();
            terminal
                .draw(|frame| tecs::ui::render(frame, &state))
                .expect("draw");
            draws.push(t.elapsed());
            next += period;
            if let Some(wait) = next.checked_duration_since(Instant::now()) {
                std::thread::sleep(wait);
            }
        }
        let wall = start.elapsed();
        let screen = format!("{:?}", terminal.backend().buffer());
        assert!(
            screen.contains(&format!("seq={:06}", seq - 1)),
            "the newest line is on screen"
        );
        draws.sort();
        let total: Duration = draws.iter().sum();
        let mean = total / draws.len() as u32;
        let busy = (total + updates).as_secs_f64() / wall.as_secs_f64() * 100.0;
        let label = if wrap { "wrap on" } else { "wrap off" };
        println!(
            "10,000 lines/s for {wall:.1?} ({label}, {} held): frame p50 {:.2?}, p99 {:.2?}, max {:.2?}, mean {mean:.2?}; update {:.1?} in all; {busy:.1}% of one core",
            held(&state),
            percentile(&draws, 50.0),
            percentile(&draws, 99.0),
            draws.last().copied().unwrap_or_default(),
            updates
        );
        let key = if wrap {
            "logs_frame_wrap"
        } else {
            "logs_frame"
        };
        bench(&format!("{key}_p50_ms"), ms(percentile(&draws, 50.0)), "ms");
        bench(&format!("{key}_p99_ms"), ms(percentile(&draws, 99.0)), "ms");
        bench(
            &format!("{key}_max_ms"),
            ms(*draws.last().expect("draws")),
            "ms",
        );
        bench(
            &format!("{key}_busy_pct"),
            format!("{busy:.1}"),
            "% of one core",
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 2. and 3. The binary against the emulator
// ---------------------------------------------------------------------------------------------

/// A cluster with one service running one task of the awslogs family; returns the task's stream.
async fn one_task(
    clients: &tecs::aws::Clients,
    network: &NetworkConfiguration,
    cluster: &str,
) -> String {
    let ecs = &clients.ecs;
    ecs.create_cluster()
        .cluster_name(cluster)
        .send()
        .await
        .expect("create cluster");
    ecs.create_service()
        .cluster(cluster)
        .service_name("web")
        .task_definition(format!("{FAMILY}:1"))
        .desired_count(1)
        .launch_type(LaunchType::Fargate)
        .network_configuration(network.clone())
        .send()
        .await
        .expect("create service");
    let out = ecs
        .run_task()
        .cluster(cluster)
        .task_definition(format!("{FAMILY}:1"))
        .count(1)
        .group("service:web")
        .started_by("ecs-svc/0000000000000000001")
        .launch_type(LaunchType::Fargate)
        .platform_version("1.4.0")
        .network_configuration(network.clone())
        .send()
        .await
        .expect("run task");
    let arn = out.tasks()[0].task_arn().expect("task arn");
    let task_id = arn.rsplit('/').next().unwrap_or(arn);
    let stream = format!("{PREFIX}/{CONTAINER}/{task_id}");
    clients
        .logs
        .create_log_stream()
        .log_group_name(GROUP)
        .log_stream_name(&stream)
        .send()
        .await
        .expect("create log stream");
    stream
}

/// Writes `events` (timestamp, message) in as few PutLogEvents calls as the limits allow.
async fn put(logs: &aws_sdk_cloudwatchlogs::Client, stream: &str, events: Vec<(i64, String)>) {
    let mut batch: Vec<InputLogEvent> = Vec::new();
    let mut bytes = 0;
    let mut batches = Vec::new();
    for (ts, msg) in events {
        let size = msg.len() + PUT_EVENT_OVERHEAD;
        if batch.len() == PUT_MAX_EVENTS || bytes + size > PUT_MAX_BYTES {
            batches.push(std::mem::take(&mut batch));
            bytes = 0;
        }
        bytes += size;
        batch.push(
            InputLogEvent::builder()
                .timestamp(ts)
                .message(msg)
                .build()
                .expect("event"),
        );
    }
    batches.push(batch);
    for batch in batches.into_iter().filter(|b| !b.is_empty()) {
        let out = logs
            .put_log_events()
            .log_group_name(GROUP)
            .log_stream_name(stream)
            .set_log_events(Some(batch))
            .send()
            .await
            .expect("put log events");
        assert!(
            out.rejected_log_events_info().is_none(),
            "no event rejected: {:?}",
            out.rejected_log_events_info()
        );
    }
}

async fn seed(clients: &tecs::aws::Clients, big_events: usize) -> (String, String) {
    let network = support::default_network(&clients.ec2).await;
    clients
        .logs
        .create_log_group()
        .log_group_name(GROUP)
        .send()
        .await
        .expect("create log group");
    clients
        .ecs
        .register_task_definition()
        .family(FAMILY)
        .requires_compatibilities(Compatibility::Fargate)
        .network_mode(NetworkMode::Awsvpc)
        .cpu("256")
        .memory("512")
        .container_definitions(
            ContainerDefinition::builder()
                .name(CONTAINER)
                .image("public.ecr.aws/nginx/nginx:1.27")
                .memory(512)
                .essential(true)
                .log_configuration(
                    LogConfiguration::builder()
                        .log_driver(LogDriver::Awslogs)
                        .options("awslogs-group", GROUP)
                        .options("awslogs-region", REGION)
                        .options("awslogs-stream-prefix", PREFIX)
                        .build()
                        .expect("log configuration"),
                )
                .build(),
        )
        .send()
        .await
        .expect("register task definition");
    let big = one_task(clients, &network, BIG).await;
    let follow = one_task(clients, &network, FOLLOW).await;

    // The big stream: `big_events` events over the last 100 minutes, oldest first.
    let span = 100 * 60 * 1000;
    let start = now_ms() - span;
    let events = (0..big_events)
        .map(|seq| {
            let ts = start + (seq as i64 * span) / big_events as i64;
            (ts, message(seq))
        })
        .collect();
    put(&clients.logs, &big, events).await;
    // The followed stream: a little history.
    let now = now_ms();
    let events = (0..20)
        .map(|seq| (now - 60_000 + seq as i64 * 1000, message(seq)))
        .collect();
    put(&clients.logs, &follow, events).await;
    (big, follow)
}

fn spawn(account: &str, cluster: &str, log: &str) -> TuiSession {
    let url = moto_url();
    TuiSession::spawn(
        env!("CARGO_BIN_EXE_tecs"),
        &[
            "--endpoint-url",
            &url,
            "--region",
            REGION,
            "--refresh",
            "0",
            "--log-file",
            log,
            "--cluster",
            cluster,
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

fn big_stream(account: &str, big_events: usize) {
    let log = std::env::temp_dir().join(format!("tecs-bench-logs-big-{account}.log"));
    let log = log.to_string_lossy().to_string();
    let tui = spawn(account, BIG, &log);
    tui.wait_for("services (1)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    let base = rss_kib(tui.pid());
    // `t` on a cluster's page lists the cluster's tasks (the service's one is the only one).
    tui.send("t");
    tui.wait_for(&format!("RUNNING tasks of cluster {BIG} (1)"), WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("l");
    tui.wait_for("1 stream(s)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("S");
    tui.wait_for("start from (", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("2h");
    let newest = format!("seq={:06}", big_events - 1);
    let t = Instant::now();
    tui.key_enter();
    spin_until(WAIT, || tui.screen_text().contains(&newest));
    let loaded = t.elapsed();
    // Let the emulator's one-off Live Tail replay and the switch to polling pass.
    tui.wait_for("POLLING", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    std::thread::sleep(Duration::from_secs(5));
    let (rss, hwm) = (rss_kib(tui.pid()), hwm_kib(tui.pid()));
    // The oldest line held: with 110,000 events and 100,000 lines kept, seq=010000.
    tui.send("g");
    let oldest = big_events.saturating_sub(DEFAULT_CAPACITY);
    let oldest_text = format!("seq={oldest:06}");
    let full = tui.wait_for(&oldest_text, Duration::from_secs(10)).is_ok();
    let before_oldest = format!("seq={:06}", oldest.saturating_sub(1));
    let exact = full && !tui.screen_text().contains(&before_oldest);
    std::thread::sleep(Duration::from_secs(10));
    let rss_later = rss_kib(tui.pid());
    println!(
        "{big_events}-event stream, `S 2h`: newest line on screen after {loaded:.2?}; \
         oldest line held {} (buffer of exactly {DEFAULT_CAPACITY}: {})",
        if full { &oldest_text } else { "not seen" },
        if exact { "yes" } else { "not proven" }
    );
    println!(
        "  RSS {base} KiB on the services page; {rss} KiB with the buffer full (peak {hwm} KiB); {rss_later} KiB 10 s later"
    );
    bench("logs_backlog_load_ms", ms(loaded), "ms");
    bench("logs_100k_rss_kib", rss, "KiB");
    bench("logs_100k_peak_rss_kib", hwm, "KiB");
    bench("logs_base_rss_kib", base, "KiB");
    tui.send("q");
    tui.wait_for_exit(Duration::from_secs(10));
    let _ = std::fs::remove_file(&log);
}

fn follow(account: &str, clients: &tecs::aws::Clients, stream: &str, secs: u64) {
    let log = std::env::temp_dir().join(format!("tecs-bench-logs-follow-{account}.log"));
    let log = log.to_string_lossy().to_string();
    let tui = spawn(account, FOLLOW, &log);
    tui.wait_for("services (1)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("l");
    tui.wait_for("POLLING", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    std::thread::sleep(Duration::from_secs(3));

    // Nothing arriving: polling goes on, the screen should not change.
    let quiet = Duration::from_secs(10);
    let (b0, c0) = (tui.bytes_received(), cpu_ticks(tui.pid()));
    std::thread::sleep(quiet);
    let (b1, c1) = (tui.bytes_received(), cpu_ticks(tui.pid()));
    let idle_rate = (b1 - b0) as f64 / quiet.as_secs_f64();
    println!(
        "following a quiet stream for {quiet:?}: {} bytes ({idle_rate:.0} bytes/s), {} ms CPU",
        b1 - b0,
        (c1 - c0) * 10
    );
    bench(
        "logs_follow_quiet_bytes_per_s",
        format!("{idle_rate:.0}"),
        "bytes/s",
    );

    // 100 lines/s: 10 events every 100 ms, from another thread.
    let stop = Arc::new(AtomicBool::new(false));
    let written = Arc::new(AtomicU64::new(0));
    let feeder = {
        let (stop, written) = (Arc::clone(&stop), Arc::clone(&written));
        let logs = clients.logs.clone();
        let stream = stream.to_string();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Runtime::new().expect("runtime");
            let mut seq = 1_000_000;
            let mut next = Instant::now();
            while !stop.load(Ordering::Relaxed) {
                let now = now_ms();
                let events = (0..10)
                    .map(|i| (now - 9 + i, message(seq + i as usize)))
                    .collect();
                rt.block_on(put(&logs, &stream, events));
                seq += 10;
                written.fetch_add(10, Ordering::Relaxed);
                next += Duration::from_millis(100);
                if let Some(wait) = next.checked_duration_since(Instant::now()) {
                    std::thread::sleep(wait);
                }
            }
        })
    };
    std::thread::sleep(Duration::from_secs(5));
    let measured = Duration::from_secs(secs);
    let (b0, c0, w0) = (
        tui.bytes_received(),
        cpu_ticks(tui.pid()),
        written.load(Ordering::Relaxed),
    );
    std::thread::sleep(measured);
    let (b1, c1, w1) = (
        tui.bytes_received(),
        cpu_ticks(tui.pid()),
        written.load(Ordering::Relaxed),
    );
    stop.store(true, Ordering::Relaxed);
    feeder.join().expect("feeder");
    let lines_per_s = (w1 - w0) as f64 / measured.as_secs_f64();
    let rate = (b1 - b0) as f64 / measured.as_secs_f64();
    let cpu_ms = (c1 - c0) * 10;
    println!(
        "following {lines_per_s:.0} lines/s for {measured:?}: {} bytes to the terminal ({rate:.0} bytes/s), {cpu_ms} ms CPU ({:.1}% of one core)",
        b1 - b0,
        cpu_ms as f64 / measured.as_secs_f64() / 10.0
    );
    bench(
        "logs_follow_100_bytes_per_s",
        format!("{rate:.0}"),
        "bytes/s",
    );
    bench(
        "logs_follow_100_cpu_pct",
        format!("{:.1}", cpu_ms as f64 / measured.as_secs_f64() / 10.0),
        "% of one core",
    );
    tui.send("q");
    tui.wait_for_exit(Duration::from_secs(10));
    let _ = std::fs::remove_file(&log);
}

fn main() {
    headless();

    let big_events = env_num("TECS_BENCH_LOG_EVENTS", 110_000);
    let follow_secs = env_num("TECS_BENCH_FOLLOW_SECS", 30) as u64;
    let (account, clients) = fresh_clients();
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let seeded = Instant::now();
    let (_, follow_stream) = rt.block_on(seed(&clients, big_events));
    println!(
        "seeded a stream of {big_events} events and a followed stream in {:.1?}",
        seeded.elapsed()
    );
    big_stream(&account, big_events);
    follow(&account, &clients, &follow_stream, follow_secs);
}
