//! The long versions of the fault checks (issue 13): tecs through the fault proxy
//! (`tests/common/fault_proxy.rs`) against the seeded emulator.
//!
//! 1. **Every view under faults**: 30 % throttling and 10 % 5xx on every ECS, Cloud Map and Logs
//!    call, a round trip of `TECS_BENCH_FAULT_LATENCY_MS` (default 2,000 ms) and AWS's page sizes.
//!    The cluster list, a cluster's services, a service's page, its tasks, a task's page, the
//!    service's logs, the task definition families, a family's revisions and the namespaces are
//!    opened in turn. For each: the time until it shows its data, and the time from a key (`?`)
//!    to the frame that answers it while the view is still loading. Then the shortest time
//!    between two sends of the same call (no retry sooner than a second) and the calls made.
//! 2. **The link down** for `TECS_BENCH_LINK_SECS` (default 60 s), refused and then silent
//!    (requests accepted and never answered), on the cluster list refreshing every 5 s: the time
//!    until the failure is shown, a key's answer while the link is down, the requests sent
//!    during the outage (a tight loop would send thousands), and the time from the link's return
//!    to the list showing a cluster added meanwhile.
//!
//! Run: `cargo bench --bench faults` (release build; needs the emulator venv:
//! scripts/moto-venv.sh). Prints numbers; a view that never loads is reported as such and the
//! bench exits non-zero. About 5 minutes with the defaults.
#![allow(clippy::unwrap_used, clippy::expect_used)] // benches may panic on a broken fixture

#[path = "../tests/common/mod.rs"]
mod common;
mod support;

use std::time::{Duration, Instant};

use common::fault_proxy::{FaultProxy, Link, Rates, ecs};
use common::moto::{fresh_clients, moto_url};
use common::pty::TuiSession;
use support::{bench, env_num, ms, spawn_at, spin_until};

/// How long a view may take to load under faults before the bench calls it stuck.
const VIEW_LIMIT: Duration = Duration::from_secs(600);
const HELP: &str = "All keys, by where they apply";

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Runtime::new().expect("runtime").block_on(f)
}

/// Polls the screen every 20 ms until `done` holds (the loads take seconds; 1 ms polling would
/// take CPU from tecs and the emulator on a small machine).
fn wait_screen(tui: &TuiSession, timeout: Duration, done: impl Fn(&str) -> bool) -> bool {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if done(&tui.screen_text()) {
            return true;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    false
}

/// `?` then the help on screen: how long the key took to answer; Esc closes it again.
fn key_latency(tui: &TuiSession) -> Option<Duration> {
    let sent = Instant::now();
    tui.send("?");
    let shown = spin_until(Duration::from_secs(10), || tui.screen_text().contains(HELP));
    let took = sent.elapsed();
    tui.key_esc();
    spin_until(Duration::from_secs(10), || {
        !tui.screen_text().contains(HELP)
    });
    shown.then_some(took)
}

/// One view of the walk: the keys that open it, a text that says it is on screen (`arrived`:
/// its title or path, so the previous view's data is not mistaken for it) and a test that it
/// shows its data (`loaded`).
struct Step {
    name: &'static str,
    keys: &'static str,
    arrived: &'static str,
    loaded: fn(&str) -> bool,
}

/// Sends the step's keys, measures a key's answer while the view loads, then waits for its data.
/// Returns false (and says so) when the view never showed it.
fn view(tui: &TuiSession, step: &Step, worst_key: &mut Duration) -> bool {
    let sent = Instant::now();
    if !step.keys.is_empty() {
        tui.send(step.keys);
    }
    let name = step.name;
    if !wait_screen(tui, Duration::from_secs(30), |s| s.contains(step.arrived)) {
        eprintln!(
            "faults: {name}: {:?} never came; screen:\n{}",
            step.arrived,
            tui.screen_text()
        );
        return false;
    }
    match key_latency(tui) {
        Some(took) => {
            bench(&format!("faults_{name}_key"), ms(took), "ms");
            *worst_key = (*worst_key).max(took);
        }
        None => eprintln!("faults: {name}: ? did not open help within 10 s"),
    }
    let ok = wait_screen(tui, VIEW_LIMIT, |s| (step.loaded)(s));
    if ok {
        bench(&format!("faults_{name}_loaded"), ms(sent.elapsed()), "ms");
    } else {
        eprintln!(
            "faults: {name} never showed its data; screen:\n{}",
            tui.screen_text()
        );
    }
    ok
}

/// A list title with its count: `NAME (12)`, not `NAME (…)` while loading.
fn counted(screen: &str, title: &str) -> bool {
    screen
        .split(title)
        .nth(1)
        .and_then(|rest| rest.chars().next())
        .is_some_and(|c| c.is_ascii_digit())
}

fn every_view_under_faults() -> bool {
    let (account, clients) = fresh_clients();
    block_on(tecs::demo::seed_demo(&clients)).expect("demo seed");
    let proxy = FaultProxy::start(&moto_url());
    proxy.set_paging(true);
    let latency = env_num("TECS_BENCH_FAULT_LATENCY_MS", 2000);
    proxy.set_latency(Duration::from_millis(latency as u64));
    proxy.set_rates(
        Rates {
            throttle: 0.3,
            server_error: 0.1,
            reset: 0.0,
        },
        0x5eed_0013,
    );
    bench("faults_latency", latency, "ms");
    let tui = spawn_at(&proxy.url(), &account, "0");
    let started = Instant::now();
    let mut worst_key = Duration::ZERO;
    let steps = [
        Step {
            name: "clusters",
            keys: "",
            arrived: "clusters (",
            loaded: |s| s.contains("prod-fargate"),
        },
        Step {
            name: "services",
            keys: "/prod-fargate\r\r",
            arrived: "clusters › prod-fargate",
            loaded: |s| s.contains("worker"),
        },
        Step {
            name: "service",
            keys: "/web\r\r",
            arrived: "prod-fargate › web",
            loaded: |s| s.contains("Deployments") && s.contains("updated"),
        },
        Step {
            name: "tasks",
            keys: "t",
            arrived: "tasks of service web",
            loaded: |s| s.contains("RUNNING RUNNING"),
        },
        Step {
            name: "task",
            keys: "\r",
            arrived: "Task",
            loaded: |s| s.contains("Containers ("),
        },
        Step {
            name: "logs",
            keys: "\x1b\x1bl",
            arrived: "logs",
            loaded: |s| s.contains("polling"),
        },
        Step {
            name: "families",
            keys: "\x1b:taskdefs\r",
            arrived: "task definition families",
            loaded: |s| s.contains("legacy-api"),
        },
        Step {
            name: "revisions",
            keys: "\r",
            arrived: " revisions (",
            loaded: |s| counted(s, " revisions ("),
        },
        Step {
            name: "namespaces",
            keys: ":namespaces\r",
            arrived: "namespaces (",
            loaded: |s| s.contains("staging.local"),
        },
    ];
    let mut all = true;
    for step in &steps {
        if !view(&tui, step, &mut worst_key) {
            all = false;
            break;
        }
    }
    bench("faults_all_views", ms(started.elapsed()), "ms");
    bench("faults_worst_key", ms(worst_key), "ms");
    bench("faults_requests", proxy.total_requests(), "requests");
    bench(
        "faults_list_clusters",
        proxy.requests(&ecs("ListClusters")),
        "requests",
    );
    match proxy.shortest_repeat() {
        Some((operation, gap)) => {
            bench("faults_shortest_retry", ms(gap), "ms");
            eprintln!("faults: the quickest resend was {operation}, {gap:?} after itself");
        }
        None => eprintln!("faults: no call was sent twice"),
    }
    tui.send("q");
    tui.wait_for_exit(Duration::from_secs(30));
    all
}

/// The link goes `down` for `secs`, on a cluster list that refreshes every 5 s; a cluster is
/// added meanwhile, and the list must show it after the link is back, without a key.
fn link_down(down: Link, label: &str, secs: u64) -> bool {
    let (account, clients) = fresh_clients();
    block_on(tecs::demo::seed_clusters(&clients, 2, "link")).expect("seed clusters");
    let proxy = FaultProxy::start(&moto_url());
    let tui = spawn_at(&proxy.url(), &account, "5");
    if tui
        .wait_for("clusters (2)", Duration::from_secs(60))
        .is_err()
    {
        eprintln!("faults: {label}: the list did not load before the outage");
        return false;
    }
    let before = proxy.total_requests();
    let went_down = Instant::now();
    proxy.set_link(down);
    // A silent link is reported when an attempt times out (20 s) and the retries give up.
    let failure = ["refused", "no answer", "timed out"];
    let shown = wait_screen(&tui, Duration::from_secs(secs.max(1)), |screen| {
        failure.iter().any(|f| screen.contains(f))
    });
    if shown {
        bench(
            &format!("link_{label}_failure_shown"),
            ms(went_down.elapsed()),
            "ms",
        );
    } else {
        eprintln!("faults: {label}: no failure shown within {secs} s");
    }
    if let Some(took) = key_latency(&tui) {
        bench(&format!("link_{label}_key"), ms(took), "ms");
    }
    let rows_kept = tui.screen_text().contains("link-0001");
    bench(
        &format!("link_{label}_rows_kept"),
        u8::from(rows_kept),
        "(1 = yes)",
    );
    block_on(tecs::demo::seed_clusters(&clients, 3, "link")).expect("one more cluster");
    let rest = Duration::from_secs(secs).saturating_sub(went_down.elapsed());
    std::thread::sleep(rest);
    let during = proxy.total_requests() - before;
    bench(&format!("link_{label}_requests_down"), during, "requests");
    let up = Instant::now();
    proxy.set_link(Link::Up);
    let back = wait_screen(&tui, Duration::from_secs(180), |screen| {
        screen.contains("clusters (3)")
    });
    if back {
        bench(&format!("link_{label}_recovered"), ms(up.elapsed()), "ms");
    } else {
        eprintln!(
            "faults: {label}: the list did not recover within 180 s:\n{}",
            tui.screen_text()
        );
    }
    tui.send("q");
    tui.wait_for_exit(Duration::from_secs(60));
    shown && back
}

fn main() {
    let secs = env_num("TECS_BENCH_LINK_SECS", 60) as u64;
    bench("link_down_for", secs, "s");
    let views = every_view_under_faults();
    let refused = link_down(Link::Refused, "refused", secs);
    let silent = link_down(Link::Silent, "silent", secs);
    if !(views && refused && silent) {
        std::process::exit(1);
    }
}
