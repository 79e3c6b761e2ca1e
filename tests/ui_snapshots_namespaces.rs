//! Render snapshots of the Cloud Map namespace list and detail at 80x24 and 120x40. The views are
//! drawn straight into the whole frame (not through `tecs::ui::render`), so these snapshots show
//! the view alone, without header and footer. Times are fixed so snapshots are stable.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use tecs::aws::errors::{AwsError, ErrorKind};
use tecs::model::Cluster;
use tecs::model::namespace::{
    CloudMapService, EcsServiceRef, EcsServicesSource, Namespace, NamespaceKind,
};
use tecs::state::namespaces::{NamespaceDetailState, NamespaceListState};
use tecs::ui::theme::Theme;
use tecs::ui::views::namespaces::ViewEnv;
use tecs::ui::views::{namespace_detail, namespaces};

const SIZES: &[(u16, u16)] = &[(80, 24), (120, 40)];
const REGION: &str = "eu-west-1";

fn at() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_764_085_815) // 2025-11-25 15:50:15Z
}

fn ns_arn(id: &str) -> String {
    format!("arn:aws:servicediscovery:eu-west-1:123456789012:namespace/{id}")
}

fn demo_namespaces() -> Vec<Namespace> {
    let mut http = Namespace::named("staging.local", NamespaceKind::Http);
    http.id = "ns-e4anhexample0004".into();
    http.arn = ns_arn(&http.id);
    http.description = Some("Service Connect namespace of the staging cluster".into());
    http.created = Some(UNIX_EPOCH + Duration::from_secs(1_763_000_000));
    http.service_count = Some(2);
    http.http_name = Some("staging.local".into());

    let mut dns = Namespace::named("internal.corp", NamespaceKind::DnsPrivate);
    dns.id = "ns-kzvq3example0007".into();
    dns.arn = ns_arn(&dns.id);
    dns.description = Some("Private DNS for the legacy EC2 services".into());
    dns.created = Some(UNIX_EPOCH + Duration::from_secs(1_700_000_000));
    dns.service_count = Some(1);
    dns.hosted_zone_id = Some("Z0123456789ABCDEFGHIJ".into());

    let mut public = Namespace::named("example.com", NamespaceKind::DnsPublic);
    public.id = "ns-pub1cexample0001".into();
    public.arn = ns_arn(&public.id);
    public.service_count = Some(0);
    vec![http, dns, public]
}

fn demo_clusters() -> Vec<Cluster> {
    let http = ns_arn("ns-e4anhexample0004");
    let mut staging = Cluster::named("staging");
    staging.default_namespace = Some(http.clone());
    let mut prod = Cluster::named("prod-fargate");
    prod.default_namespace = Some(http);
    vec![prod, staging, Cluster::named("legacy-ec2")]
}

fn loaded_list() -> NamespaceListState {
    let mut list = NamespaceListState::default();
    list.data.data = Some(demo_namespaces());
    list.data.loaded_at = Some(at());
    let rows = list.rows(&demo_clusters());
    list.table.reconcile(&rows);
    list
}

fn cloud_map_services() -> Vec<CloudMapService> {
    vec![
        CloudMapService {
            id: "srv-aaaaexample00001".into(),
            arn: "arn:aws:servicediscovery:eu-west-1:123456789012:service/srv-aaaaexample00001"
                .into(),
            name: "api".into(),
            kind: Some("HTTP".into()),
            description: Some("Service Connect: api port 8080".into()),
            instance_count: Some(3),
            created: Some(UNIX_EPOCH + Duration::from_secs(1_763_100_000)),
        },
        CloudMapService {
            id: "srv-bbbbexample00002".into(),
            arn: "arn:aws:servicediscovery:eu-west-1:123456789012:service/srv-bbbbexample00002"
                .into(),
            name: "web".into(),
            kind: Some("HTTP".into()),
            description: None,
            instance_count: None,
            created: Some(UNIX_EPOCH + Duration::from_secs(1_763_200_000)),
        },
    ]
}

fn ecs_refs() -> Vec<EcsServiceRef> {
    vec![
        EcsServiceRef::from_arn("arn:aws:ecs:eu-west-1:123456789012:service/prod-fargate/api"),
        EcsServiceRef::from_arn("arn:aws:ecs:eu-west-1:123456789012:service/staging/web"),
    ]
}

fn env(now: Instant) -> ViewEnv<'static> {
    ViewEnv {
        now,
        region: REGION,
        retry_key: "r",
    }
}

fn draw_list(size: (u16, u16), list: &NamespaceListState, now: Instant) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).expect("terminal");
    let clusters = demo_clusters();
    terminal
        .draw(|f| namespaces::render(f, f.area(), list, &clusters, env(now), &Theme::new(false)))
        .expect("draw");
    terminal
}

fn draw_detail(
    size: (u16, u16),
    detail: &NamespaceDetailState,
    now: Instant,
) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).expect("terminal");
    let clusters = demo_clusters();
    terminal
        .draw(|f| {
            namespace_detail::render(f, f.area(), detail, &clusters, env(now), &Theme::new(false))
        })
        .expect("draw");
    terminal
}

fn snap_list(name: &str, make: impl Fn(Instant) -> NamespaceListState) {
    for &(w, h) in SIZES {
        let now = Instant::now();
        let terminal = draw_list((w, h), &make(now), now);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
    }
}

fn snap_detail(name: &str, make: impl Fn(Instant) -> NamespaceDetailState) {
    for &(w, h) in SIZES {
        let now = Instant::now();
        let terminal = draw_detail((w, h), &make(now), now);
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
    }
}

#[test]
fn namespace_list_loading() {
    snap_list("namespaces_loading", |now| {
        let mut list = NamespaceListState::default();
        list.data.start(1, now);
        list
    });
}

#[test]
fn namespace_list_empty() {
    snap_list("namespaces_empty", |_| {
        let mut list = NamespaceListState::default();
        list.data.data = Some(Vec::new());
        list.data.loaded_at = Some(at());
        list
    });
}

#[test]
fn namespace_list_loaded() {
    snap_list("namespaces_loaded", |_| loaded_list());
}

#[test]
fn namespace_list_failed() {
    snap_list("namespaces_failed", |_| {
        let mut list = NamespaceListState::default();
        list.data.error = Some(AwsError {
            kind: ErrorKind::AccessDenied {
                action: Some("servicediscovery:ListNamespaces".into()),
            },
            code: Some("AccessDeniedException".into()),
            message: "servicediscovery:ListNamespaces failed: AccessDeniedException: not authorized to perform: servicediscovery:ListNamespaces".into(),
            hint: Some("your role needs the IAM permission servicediscovery:ListNamespaces".into()),
        });
        list.data.failures = 1;
        list
    });
}

#[test]
fn namespace_list_filtered_on_default_for() {
    snap_list("namespaces_filtered", |_| {
        let mut list = loaded_list();
        list.table.filter = "prod".into();
        let rows = list.rows(&demo_clusters());
        list.table.reconcile(&rows);
        list
    });
}

#[test]
fn namespace_detail_loaded() {
    snap_detail("namespace_detail", |_| {
        let mut d = NamespaceDetailState::new(demo_namespaces()[0].clone());
        d.services.data = Some(cloud_map_services());
        d.services.loaded_at = Some(at());
        d.ecs_services.data = Some((ecs_refs(), EcsServicesSource::ListServicesByNamespace));
        d.ecs_services.loaded_at = Some(at());
        d
    });
}

#[test]
fn namespace_detail_scanned_while_services_load() {
    snap_detail("namespace_detail_scan", |now| {
        let mut d = NamespaceDetailState::new(demo_namespaces()[1].clone());
        d.services.start(4, now);
        d.ecs_services.data = Some((Vec::new(), EcsServicesSource::ClusterScan { clusters: 3 }));
        d.ecs_services.loaded_at = Some(at());
        d
    });
}

fn ecs_failed_detail(now: Instant) -> NamespaceDetailState {
    let mut d = NamespaceDetailState::new(demo_namespaces()[2].clone());
    d.services.data = Some(Vec::new());
    d.services.loaded_at = Some(at());
    d.ecs_services.start(5, now);
    d.ecs_services.finish(
        5,
        Err(AwsError {
            kind: ErrorKind::Throttled,
            code: Some("ThrottlingException".into()),
            message: "ListServicesByNamespace failed: ThrottlingException: Rate exceeded".into(),
            hint: Some("AWS is throttling this account; tecs backs off and retries".into()),
        }),
        at(),
    );
    d
}

#[test]
fn namespace_detail_ecs_failed_and_no_services() {
    snap_detail("namespace_detail_failed", ecs_failed_detail);
}

#[test]
fn namespace_detail_ecs_loading() {
    snap_detail("namespace_detail_loading", |now| {
        let mut d = NamespaceDetailState::new(demo_namespaces()[0].clone());
        d.services.start(6, now);
        d.ecs_services.start(7, now);
        d
    });
}

#[test]
fn the_ecs_failure_is_drawn_in_red() {
    let now = Instant::now();
    let terminal = draw_detail((80, 24), &ecs_failed_detail(now), now);
    let buf = terminal.backend().buffer();
    let (x, y) = (0..24u16)
        .find_map(|y| {
            let line: String = (0..80u16).map(|x| buf[(x, y)].symbol()).collect();
            // Every cell on that line is one column wide, so the char index is the column.
            let x = line
                .chars()
                .collect::<Vec<_>>()
                .windows(5)
                .position(|w| w.iter().collect::<String>() == "could")?;
            Some((u16::try_from(x).ok()?, y))
        })
        .expect("failure line");
    assert_eq!(buf[(x, y)].fg, Color::Red);
    assert_eq!(buf[(2, y)].fg, Color::Reset, "the label is not red");
}

#[test]
fn tiny_sizes_never_panic() {
    let now = Instant::now();
    let mut detail = NamespaceDetailState::new(demo_namespaces()[0].clone());
    detail.services.data = Some(cloud_map_services());
    detail.ecs_services.data = Some((ecs_refs(), EcsServicesSource::ClusterScan { clusters: 1 }));
    for size in [(1, 1), (2, 1), (10, 3), (39, 9), (30, 50), (200, 5)] {
        draw_list(size, &loaded_list(), now);
        draw_detail(size, &detail, now);
    }
}
