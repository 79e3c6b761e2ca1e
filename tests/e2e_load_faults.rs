//! Proof under load and faults (issue 13, the short versions): tecs against the emulator through
//! the fault proxy (`common::fault_proxy`), which serves ECS List* calls in AWS's page sizes with
//! `nextToken`, adds a round-trip time, injects throttling, 5xx and resets at set rates, and takes
//! the link down. The long versions (1,003 clusters, 2 s latency) are in `benches/` and
//! `scripts/bench`.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

mod common;

use std::time::Duration;

use common::fault_proxy::{FaultProxy, Link, Rates, ecs};
use common::moto::{fresh_clients, moto_url};
use common::pty::TuiSession;

const WAIT: Duration = Duration::from_secs(60);
/// Throttling and 5xx on 40 % of the calls: loads take several rounds of backoff.
const FAULTY_WAIT: Duration = Duration::from_secs(150);

fn block_on<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Runtime::new().expect("runtime").block_on(f)
}

fn spawn_tecs(endpoint: &str, account: &str, extra: &[&str]) -> TuiSession {
    let log = std::env::temp_dir().join(format!("tecs-e2e-load-faults-{account}.log"));
    let log = log.to_string_lossy().to_string();
    let mut args = vec![
        "--endpoint-url",
        endpoint,
        "--region",
        "us-east-1",
        "--log-file",
        log.as_str(),
    ];
    args.extend_from_slice(extra);
    TuiSession::spawn(
        env!("CARGO_BIN_EXE_tecs"),
        &args,
        &[
            ("AWS_ACCESS_KEY_ID", "test"),
            ("AWS_SECRET_ACCESS_KEY", "test"),
            ("TECS_EMULATOR_ACCOUNT_ID", account),
        ],
        120,
        40,
    )
}

fn quit(tui: &TuiSession) {
    tui.send("q");
    assert_eq!(tui.wait_for_exit(WAIT), Some(0));
    tui.assert_terminal_restored();
}

/// 250 clusters in pages of 100 with a 50 ms round trip: the first page's rows are on screen
/// (the title says "so far") before the last page is listed, and the whole list takes the fewest
/// calls the API allows: 3 ListClusters pages and 3 DescribeClusters of 100.
#[test]
fn paged_like_aws_the_first_rows_show_before_the_last_page() {
    let (account, clients) = fresh_clients();
    block_on(tecs::demo::seed_clusters(&clients, 250, "paged")).expect("seed clusters");
    let proxy = FaultProxy::start(&moto_url());
    proxy.set_paging(true);
    proxy.set_latency(Duration::from_millis(50));
    let tui = spawn_tecs(&proxy.url(), &account, &["--refresh", "0"]);

    let screen = tui
        .wait_for("so far…", WAIT)
        .unwrap_or_else(|e| panic!("the first rows show while the rest loads: {e}"));
    assert!(screen.contains("paged-0001"), "{screen}");
    tui.wait_for("clusters (250)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(proxy.requests(&ecs("ListClusters")), 3, "pages of 100");
    assert_eq!(proxy.requests(&ecs("DescribeClusters")), 3, "chunks of 100");
    quit(&tui);
}

/// Registers `n` revisions of `family` and creates `services` services (desired 0) in a new
/// cluster `cluster`, `concurrency` calls at a time.
async fn seed_family_and_services(
    clients: &tecs::aws::Clients,
    cluster: &str,
    family: &str,
    revisions: usize,
    services: usize,
) {
    use aws_sdk_ecs::types::ContainerDefinition;
    use futures::StreamExt;
    clients
        .ecs
        .create_cluster()
        .cluster_name(cluster)
        .send()
        .await
        .expect("cluster");
    for _ in 0..revisions {
        clients
            .ecs
            .register_task_definition()
            .family(family)
            .container_definitions(
                ContainerDefinition::builder()
                    .name("app")
                    .image("nginx:1.27")
                    .memory(128)
                    .build(),
            )
            .send()
            .await
            .expect("revision");
    }
    futures::stream::iter(0..services)
        .map(|i| {
            let ecs = clients.ecs.clone();
            async move {
                ecs.create_service()
                    .cluster(cluster)
                    .service_name(format!("svc-{i:03}"))
                    .task_definition(format!("{family}:1"))
                    .desired_count(0)
                    .send()
                    .await
                    .expect("service")
            }
        })
        .buffer_unordered(8)
        .collect::<Vec<_>>()
        .await;
}

/// Services and revisions paged like AWS with a 300 ms round trip: a cluster's first services and
/// a family's newest revisions are on screen ("so far") before the last page is in, and the whole
/// lists follow.
#[test]
fn services_and_revisions_show_their_first_page_before_the_last() {
    let (account, clients) = fresh_clients();
    block_on(seed_family_and_services(
        &clients,
        "paged",
        "paged-app",
        230,
        130,
    ));
    let proxy = FaultProxy::start(&moto_url());
    proxy.set_paging(true);
    proxy.set_latency(Duration::from_millis(300));
    let tui = spawn_tecs(
        &proxy.url(),
        &account,
        &["--refresh", "0", "--cluster", "paged"],
    );
    let screen = tui
        .wait_for("so far…", WAIT)
        .unwrap_or_else(|e| panic!("the first services show while the rest load: {e}"));
    assert!(screen.contains("svc-0"), "{screen}");
    tui.wait_for("services (130)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(proxy.requests(&ecs("ListServices")), 2, "pages of 100");

    tui.send(":taskdefs\r");
    tui.wait_for("task definition families ACTIVE (1)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.key_enter();
    let screen = tui
        .wait_for("so far…", WAIT)
        .unwrap_or_else(|e| panic!("the newest revisions show while the rest load: {e}"));
    assert!(screen.contains(" 230 "), "newest first:\n{screen}");
    tui.wait_for("revisions (230)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(tui.screen_text().contains(" 230 "));
    quit(&tui);
}

/// A key pressed while a slow request (3 s) is in flight is drawn at once: the help overlay is on
/// screen while the cluster list's request has not been answered yet.
#[test]
fn a_key_answers_while_a_slow_request_is_in_flight() {
    let (account, _clients) = fresh_clients();
    let proxy = FaultProxy::start(&moto_url());
    proxy.set_latency(Duration::from_secs(3));
    let tui = spawn_tecs(&proxy.url(), &account, &["--refresh", "0"]);
    tui.wait_for("Loading clusters", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    tui.send("?");
    tui.wait_for("All keys, by where they apply", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        proxy.answered(&ecs("ListClusters")),
        0,
        "the help was drawn while ListClusters was still in flight"
    );
    tui.key_esc();
    tui.wait_for("No clusters in us-east-1", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));
    quit(&tui);
}

/// 30 % throttling and 10 % 5xx on every ECS, Cloud Map and Logs call, with a 200 ms round trip:
/// the cluster list, a cluster's services, a service's page and its tasks all load in the end,
/// without a key pressed, and no call is repeated sooner than a second after itself.
#[test]
fn throttling_and_server_errors_are_retried_with_backoff_until_every_view_loads() {
    let (account, clients) = fresh_clients();
    block_on(tecs::demo::seed_demo(&clients)).expect("demo seed");
    let proxy = FaultProxy::start(&moto_url());
    proxy.set_paging(true);
    proxy.set_latency(Duration::from_millis(200));
    proxy.set_rates(
        Rates {
            throttle: 0.3,
            server_error: 0.1,
            reset: 0.0,
        },
        0x5eed_0013,
    );
    let tui = spawn_tecs(&proxy.url(), &account, &[]);
    let wait = |text: &str| {
        tui.wait_for(text, FAULTY_WAIT)
            .unwrap_or_else(|e| panic!("{text}: {e}"))
    };
    wait("prod-fargate");
    tui.send("/prod-fargate\r");
    wait("clusters (1 of");
    tui.key_enter();
    wait("services (");
    wait("worker");
    tui.send("/web\r");
    wait("1 of");
    tui.key_enter();
    wait("Deployments");
    let (operation, gap) = proxy.shortest_repeat().expect("some calls were retried");
    assert!(
        gap >= Duration::from_secs(1),
        "{operation} was sent again {gap:?} after itself"
    );
    quit(&tui);
}

/// The link refuses connections for a while, then comes back: the list keeps its rows and says
/// what failed, keys answer meanwhile, and the view recovers by itself.
#[test]
fn a_refused_link_is_shown_and_the_view_recovers_by_itself() {
    let (account, clients) = fresh_clients();
    block_on(tecs::demo::seed_clusters(&clients, 2, "link")).expect("seed clusters");
    let proxy = FaultProxy::start(&moto_url());
    let tui = spawn_tecs(&proxy.url(), &account, &["--refresh", "1"]);
    tui.wait_for("clusters (2)", WAIT)
        .unwrap_or_else(|e| panic!("{e}"));

    proxy.set_link(Link::Refused);
    let screen = tui
        .wait_for("refused", WAIT)
        .unwrap_or_else(|e| panic!("the failure is shown: {e}"));
    assert!(screen.contains("link-0001"), "the rows stay:\n{screen}");
    tui.send("?");
    tui.wait_for("All keys, by where they apply", WAIT)
        .unwrap_or_else(|e| panic!("keys answer while the link is down: {e}"));
    tui.key_esc();

    block_on(tecs::demo::seed_clusters(&clients, 3, "link")).expect("one more cluster");
    proxy.set_link(Link::Up);
    tui.wait_for("clusters (3)", WAIT)
        .unwrap_or_else(|e| panic!("the list recovers by itself: {e}"));
    let screen = tui.screen_text();
    assert!(!screen.contains("refused"), "{screen}");
    quit(&tui);
}
