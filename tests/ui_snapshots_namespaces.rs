//! Render snapshots of the Cloud Map namespace list and detail at 80x24 and 120x40. The screens
//! are drawn straight into the whole frame (not through `tecs::ui::render`), so these snapshots
//! show the screen alone, without header and footer. Times are fixed so snapshots are stable.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use tecs::effect::{Owner, ScreenId, Ticket};
use tecs::keymap::Keymap;
use tecs::model::namespace::{
    CloudMapService, EcsServiceRef, EcsServicesSource, Namespace, NamespaceKind,
};
use tecs::model::{AwsError, Cluster, ErrorKind};
use tecs::screens::namespace_detail::NamespaceDetailScreen;
use tecs::screens::namespaces::NamespacesScreen;
use tecs::screens::{Entry, Route, View};
use tecs::state::{AppConfig, State};
use tecs::widgets::theme::Theme;

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

/// The app as the namespace screens see it: the region, the clock, the default keymap (its retry
/// key is `r`) and the cluster list (for DEFAULT FOR).
fn base_state(now: Instant) -> State {
    let config = AppConfig {
        region: REGION.into(),
        ..Default::default()
    };
    let mut s = State::new(config, Keymap::default_keymap(), (80, 24));
    s.app.now = now;
    s.shared.clusters.data = Some(demo_clusters());
    s
}

/// A ticket of the screen on top, for a load in flight.
fn ticket(id: u64) -> Ticket {
    Ticket {
        id,
        owner: Owner::Screen(ScreenId(100)),
    }
}

/// The namespace list as the only screen, its rows built from the shared lists.
fn list_state(now: Instant, make: impl FnOnce(&mut State)) -> State {
    let mut s = base_state(now);
    make(&mut s);
    let mut list = NamespacesScreen::default();
    list.sync(&s.shared);
    s.routes
        .replace(Entry::new(ScreenId(100), Route::Namespaces(list)));
    s
}

fn loaded_list(now: Instant) -> State {
    list_state(now, |s| {
        s.shared.namespaces.data = Some(demo_namespaces());
        s.shared.namespaces.loaded_at = Some(at());
    })
}

/// A namespace page as the only screen, its rows built from its services.
fn detail_state(now: Instant, mut detail: NamespaceDetailScreen) -> State {
    let mut s = base_state(now);
    detail.sync();
    s.routes.replace(Entry::new(
        ScreenId(100),
        Route::NamespaceDetail(Box::new(detail)),
    ));
    s
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

/// Draws the screen on top into the whole frame.
fn draw(size: (u16, u16), state: &State) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).expect("terminal");
    let theme = Theme::new(false);
    let view = View {
        app: &state.app,
        shared: &state.shared,
        theme: &theme,
    };
    terminal
        .draw(|f| state.route().screen().render(f, f.area(), &view))
        .expect("draw");
    terminal
}

fn snap_list(name: &str, make: impl Fn(Instant) -> State) {
    for &(w, h) in SIZES {
        let terminal = draw((w, h), &make(Instant::now()));
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
    }
}

fn snap_detail(name: &str, make: impl Fn(Instant) -> NamespaceDetailScreen) {
    for &(w, h) in SIZES {
        let now = Instant::now();
        let terminal = draw((w, h), &detail_state(now, make(now)));
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
    }
}

#[test]
fn namespace_list_loading() {
    snap_list("namespaces_loading", |now| {
        list_state(now, |s| {
            s.shared.namespaces.start(ticket(1), now);
        })
    });
}

#[test]
fn namespace_list_empty() {
    snap_list("namespaces_empty", |now| {
        list_state(now, |s| {
            s.shared.namespaces.data = Some(Vec::new());
            s.shared.namespaces.loaded_at = Some(at());
        })
    });
}

#[test]
fn namespace_list_loaded() {
    snap_list("namespaces_loaded", loaded_list);
}

#[test]
fn namespace_list_failed() {
    snap_list("namespaces_failed", |now| {
        list_state(now, |s| {
            s.shared.namespaces.error = Some(AwsError {
            kind: ErrorKind::AccessDenied {
                action: Some("servicediscovery:ListNamespaces".into()),
            },
            code: Some("AccessDeniedException".into()),
            message: "servicediscovery:ListNamespaces failed: AccessDeniedException: not authorized to perform: servicediscovery:ListNamespaces".into(),
            hint: Some("your role needs the IAM permission servicediscovery:ListNamespaces".into()),
            read_back: None,
        });
            s.shared.namespaces.failures = 1;
        })
    });
}

#[test]
fn namespace_list_filtered_on_default_for() {
    snap_list("namespaces_filtered", |now| {
        let mut s = loaded_list(now);
        if let Route::Namespaces(list) = &mut s.routes.top_mut().route {
            list.table.set_filter("prod");
        }
        s
    });
}

#[test]
fn namespace_detail_loaded() {
    snap_detail("namespace_detail", |_| {
        let mut d = NamespaceDetailScreen::new(demo_namespaces()[0].clone());
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
        let mut d = NamespaceDetailScreen::new(demo_namespaces()[1].clone());
        d.services.start(ticket(4), now);
        d.ecs_services.data = Some((Vec::new(), EcsServicesSource::ClusterScan { clusters: 3 }));
        d.ecs_services.loaded_at = Some(at());
        d
    });
}

fn ecs_failed_detail(now: Instant) -> NamespaceDetailScreen {
    let mut d = NamespaceDetailScreen::new(demo_namespaces()[2].clone());
    d.services.data = Some(Vec::new());
    d.services.loaded_at = Some(at());
    d.ecs_services.start(ticket(5), now);
    d.ecs_services.finish(
        5,
        Err(AwsError {
            kind: ErrorKind::Throttled,
            code: Some("ThrottlingException".into()),
            message: "ListServicesByNamespace failed: ThrottlingException: Rate exceeded".into(),
            hint: Some("AWS is throttling this account; tecs backs off and retries".into()),
            read_back: None,
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
        let mut d = NamespaceDetailScreen::new(demo_namespaces()[0].clone());
        d.services.start(ticket(6), now);
        d.ecs_services.start(ticket(7), now);
        d
    });
}

#[test]
fn the_ecs_failure_is_drawn_in_red() {
    let now = Instant::now();
    let terminal = draw((80, 24), &detail_state(now, ecs_failed_detail(now)));
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
    let mut detail = NamespaceDetailScreen::new(demo_namespaces()[0].clone());
    detail.services.data = Some(cloud_map_services());
    detail.ecs_services.data = Some((ecs_refs(), EcsServicesSource::ClusterScan { clusters: 1 }));
    let detail = detail_state(now, detail);
    for size in [(1, 1), (2, 1), (10, 3), (39, 9), (30, 50), (200, 5)] {
        draw(size, &loaded_list(now));
        draw(size, &detail);
    }
}
