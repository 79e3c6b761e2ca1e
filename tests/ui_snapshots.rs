//! Render snapshots of every screen state at 80x24 and 120x40 (TestBackend + insta).
//! Times are fixed so snapshots are stable; colours are asserted on the buffer where they carry meaning.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;
use tecs::effect::{Owner, ScreenId, Ticket};
use tecs::keymap::Keymap;
use tecs::model::service::{Deployment, Service};
use tecs::model::{AwsError, Cluster, ErrorKind, Identity, StrategyItem};
use tecs::screens::cluster_detail::ClusterDetailScreen;
use tecs::screens::clusters::ClustersScreen;
use tecs::screens::text_page::TextPage;
use tecs::screens::{Entry, Route};
use tecs::state::{AppConfig, Overlay, State};

const SIZES: &[(u16, u16)] = &[(80, 24), (120, 40)];

fn at() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_764_085_815) // 15:50:15Z
}

fn base_state(size: (u16, u16)) -> State {
    let config = AppConfig {
        profile: Some("prod-admin".into()),
        region: "eu-west-1".into(),
        refresh: Some(Duration::from_secs(30)),
        ..Default::default()
    };
    let mut s = State::new(config, Keymap::default_keymap(), size);
    s.app.now = Instant::now();
    s.app.identity.data = Some(Identity {
        account: "123456789012".into(),
        arn: "arn:aws:iam::123456789012:user/ops".into(),
    });
    s
}

fn demo_clusters() -> Vec<Cluster> {
    let mut prod = Cluster::named("prod-fargate");
    prod.running_tasks = 5;
    prod.active_services = 2;
    prod.capacity_providers = vec!["FARGATE".into(), "FARGATE_SPOT".into()];
    prod.default_strategy = vec![
        StrategyItem {
            provider: "FARGATE".into(),
            weight: 1,
            base: 1,
        },
        StrategyItem {
            provider: "FARGATE_SPOT".into(),
            weight: 3,
            base: 0,
        },
    ];
    prod.container_insights = Some("enabled".into());
    prod.tags = vec![
        ("team".into(), "payments".into()),
        ("env".into(), "prod".into()),
    ];
    let mut staging = Cluster::named("staging");
    staging.running_tasks = 1;
    staging.default_namespace =
        Some("arn:aws:servicediscovery:eu-west-1:123456789012:namespace/ns-abc123".into());
    let mut legacy = Cluster::named("legacy-ec2");
    legacy.running_tasks = 6;
    legacy.pending_tasks = 1;
    legacy.container_instances = 3;
    legacy.container_insights = Some("disabled".into());
    let mut old = Cluster::named("old-batch");
    old.status = "INACTIVE".into();
    vec![prod, staging, legacy, old]
}

/// The cluster list at the root of the stack (the top in every state built here before a push).
fn clusters_screen(s: &mut State) -> &mut ClustersScreen {
    match &mut s.routes.top_mut().route {
        Route::Clusters(c) => c,
        _ => panic!("the cluster list is not on top"),
    }
}

/// A ticket of the root screen, for a load in flight.
fn ticket(id: u64) -> Ticket {
    Ticket {
        id,
        owner: Owner::Screen(ScreenId(1)),
    }
}

/// Pushes `route` as a new screen with an unused id.
fn push(s: &mut State, route: Route) {
    let id = ScreenId(100 + s.routes.len() as u64);
    s.routes.push(Entry::new(id, route));
}

fn loaded_state(size: (u16, u16)) -> State {
    let mut s = base_state(size);
    s.shared.clusters.data = Some(demo_clusters());
    s.shared.clusters.loaded_at = Some(at());
    if let Route::Clusters(c) = &mut s.routes.top_mut().route {
        c.sync(&s.shared);
    }
    s
}

fn draw(state: &State) -> Terminal<TestBackend> {
    let (w, h) = state.app.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal.draw(|f| tecs::ui::render(f, state)).expect("draw");
    terminal
}

fn snap(name: &str, make: impl Fn((u16, u16)) -> State) {
    for &(w, h) in SIZES {
        let terminal = draw(&make((w, h)));
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
    }
}

#[test]
fn cluster_list_loading() {
    snap("clusters_loading", |size| {
        let mut s = base_state(size);
        s.shared.clusters.start(ticket(1), s.app.now);
        s
    });
}

#[test]
fn cluster_list_empty() {
    snap("clusters_empty", |size| {
        let mut s = base_state(size);
        s.shared.clusters.data = Some(Vec::new());
        s.shared.clusters.loaded_at = Some(at());
        s
    });
}

#[test]
fn cluster_list_loaded() {
    snap("clusters_loaded", loaded_state);
}

#[test]
fn cluster_list_failed() {
    snap("clusters_failed", |size| {
        let mut s = base_state(size);
        s.shared.clusters.error = Some(AwsError {
            kind: ErrorKind::AccessDenied { action: Some("ecs:ListClusters".into()) },
            code: Some("AccessDeniedException".into()),
            message: "ListClusters failed: AccessDeniedException: not authorized to perform: ecs:ListClusters".into(),
            hint: Some("your role needs the IAM permission ecs:ListClusters".into()),
            read_back: None,
        });
        s.shared.clusters.failures = 1;
        s
    });
}

#[test]
fn cluster_list_throttled_refresh_keeps_rows() {
    snap("clusters_refresh_failed", |size| {
        let mut s = loaded_state(size);
        let e = AwsError {
            kind: ErrorKind::Throttled,
            code: Some("ThrottlingException".into()),
            message: "ListClusters failed: ThrottlingException: Rate exceeded".into(),
            hint: Some("AWS is throttling this account; tecs backs off and retries".into()),
            read_back: None,
        };
        s.app.status = Some(tecs::state::Status {
            level: tecs::state::Level::Error,
            text: e.to_string(),
        });
        s.shared.clusters.error = Some(e);
        s
    });
}

#[test]
fn cluster_list_filtered_and_sorted() {
    snap("clusters_filtered", |size| {
        let mut s = loaded_state(size);
        let table = &mut clusters_screen(&mut s).table;
        table.set_filter("g");
        table.set_sort(Some(tecs::state::Sort {
            column: 3,
            descending: true,
        }));
        s
    });
}

#[test]
fn help_overlay() {
    snap("help", |size| {
        let mut s = loaded_state(size);
        s.app.overlay = Some(Overlay::Help { scroll: 0 });
        s
    });
}

#[test]
fn command_line_with_completion() {
    snap("command_line", |size| {
        let mut s = loaded_state(size);
        s.app.input = Some(tecs::state::InputLine {
            kind: tecs::state::InputKind::Command,
            input: tui_input_value("cl"),
            previous: String::new(),
            target: None,
            owner: None,
            completing: None,
        });
        s
    });
}

fn tui_input_value(v: &str) -> tui_input::Input {
    tui_input::Input::new(v.to_string())
}

fn deployment(status: &str, revision: &str, rollout: &str) -> Deployment {
    Deployment {
        id: format!("ecs-svc/{revision}"),
        status: status.into(),
        task_definition: revision.into(),
        desired: 1,
        running: 1,
        pending: 0,
        failed: 0,
        rollout_state: Some(rollout.into()),
        rollout_state_reason: None,
        created_at: None,
        updated_at: None,
        launch_type: None,
    }
}

#[test]
fn cluster_detail_with_services() {
    snap("cluster_detail", |size| {
        let mut s = loaded_state(size);
        let clusters = demo_clusters();
        let mut d = ClusterDetailScreen::from_list(&clusters[0]);
        d.cluster.loaded_at = Some(at());
        let mut web = Service::named("prod-fargate", "web");
        web.desired = 3;
        web.running = 3;
        web.launch_type = "FARGATE".into();
        web.task_definition = "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:2".into();
        web.created_at = Some(at() - Duration::from_secs(3 * 86_400));
        web.deployments = vec![deployment("PRIMARY", "web:2", "COMPLETED")];
        let mut worker = Service::named("prod-fargate", "worker");
        worker.status = "DRAINING".into();
        worker.desired = 2;
        worker.running = 1;
        worker.pending = 1;
        worker.capacity_provider_strategy = vec![StrategyItem {
            provider: "FARGATE_SPOT".into(),
            weight: 1,
            base: 0,
        }];
        worker.task_definition = "worker:7".into();
        worker.created_at = Some(at() - Duration::from_secs(5 * 3600));
        worker.deployments = vec![deployment("PRIMARY", "worker:7", "IN_PROGRESS")];
        d.list.data.data = Some(vec![web, worker]);
        d.list.data.loaded_at = Some(at());
        d.list.sync(at());
        push(&mut s, Route::ClusterDetail(Box::new(d)));
        s
    });
}

#[test]
fn cluster_detail_services_loading() {
    snap("cluster_detail_loading", |size| {
        let mut s = loaded_state(size);
        let mut d = ClusterDetailScreen::from_list(&demo_clusters()[1]);
        d.list.data.start(
            Ticket {
                id: 9,
                owner: Owner::Screen(ScreenId(101)),
            },
            s.app.now,
        );
        push(&mut s, Route::ClusterDetail(Box::new(d)));
        s
    });
}

#[test]
fn json_page() {
    snap("json", |size| {
        let mut s = loaded_state(size);
        let text = serde_json::to_string_pretty(&serde_json::json!({
            "clusterArn": "arn:aws:ecs:eu-west-1:123456789012:cluster/prod-fargate",
            "clusterName": "prod-fargate",
            "status": "ACTIVE",
            "settings": [{"name": "containerInsights", "value": "enabled"}],
            "capacityProviders": ["FARGATE", "FARGATE_SPOT"],
        }))
        .expect("json");
        push(
            &mut s,
            Route::Text(Box::new(TextPage::new("prod-fargate json", &text, None))),
        );
        s
    });
}

#[test]
fn too_small_and_tiny_sizes_never_panic() {
    for (w, h) in [
        (1, 1),
        (2, 1),
        (10, 3),
        (39, 9),
        (40, 10),
        (30, 50),
        (200, 5),
    ] {
        let mut s = loaded_state((w, h));
        s.app.overlay = Some(Overlay::Help { scroll: 99 });
        draw(&s);
        s.app.overlay = None;
        push(
            &mut s,
            Route::ClusterDetail(Box::new(ClusterDetailScreen::from_list(
                &demo_clusters()[0],
            ))),
        );
        draw(&s);
    }
    let terminal = draw(&loaded_state((30, 8)));
    insta::assert_snapshot!("too_small_30x8", terminal.backend());
}

#[test]
fn active_status_is_green_and_no_color_has_no_colours() {
    let s = loaded_state((80, 24));
    let terminal = draw(&s);
    let buf = terminal.backend().buffer();
    // Row 4 is the first cluster (prod-fargate, ACTIVE); find the cell with "A" of ACTIVE.
    let y = 4;
    let x = (0..80)
        .find(|x| buf[(*x, y)].symbol() == "A")
        .expect("ACTIVE on row");
    assert_eq!(buf[(x, y)].fg, Color::Green);

    let mut s = loaded_state((80, 24));
    s.app.config.no_color = true;
    let terminal = draw(&s);
    let buf = terminal.backend().buffer();
    for cell in buf.content() {
        assert_eq!(cell.fg, Color::Reset, "NO_COLOR draws without colours");
        assert_eq!(cell.bg, Color::Reset, "never a background colour");
    }
}

#[test]
fn selected_row_is_reversed() {
    let mut s = loaded_state((80, 24));
    clusters_screen(&mut s).table.move_by(1);
    let terminal = draw(&s);
    let buf = terminal.backend().buffer();
    let staging_row = 5;
    assert!(
        buf[(2, staging_row)]
            .modifier
            .contains(ratatui::style::Modifier::REVERSED)
    );
    assert!(
        !buf[(2, 4)]
            .modifier
            .contains(ratatui::style::Modifier::REVERSED)
    );
}

fn revisions_state(size: (u16, u16)) -> State {
    use tecs::model::{ContainerSummary, RevisionRef, TaskDefinition};
    use tecs::screens::families::FamiliesScreen;
    use tecs::screens::revisions::RevisionsScreen;
    let mut s = loaded_state(size);
    let mut families = FamiliesScreen::default();
    families.data.data = Some(vec!["web".into()]);
    s.routes.replace(Entry::new(
        ScreenId(100),
        Route::Families(Box::new(families)),
    ));
    push(
        &mut s,
        Route::Revisions(Box::new(RevisionsScreen::new("web"))),
    );
    let refs: Vec<RevisionRef> = [(3, "ACTIVE"), (2, "ACTIVE"), (1, "INACTIVE")]
        .iter()
        .filter_map(|(n, st)| {
            RevisionRef::from_arn(
                &format!("arn:aws:ecs:eu-west-1:123456789012:task-definition/web:{n}"),
                st,
            )
        })
        .collect();
    for r in &refs {
        s.shared.taskdefs.insert(
            r.arn.clone(),
            TaskDefinition {
                arn: r.arn.clone(),
                family: "web".into(),
                revision: r.revision,
                status: r.status.clone(),
                registered_at: Some("2026-11-20 10:00:00Z".into()),
                cpu: Some("512".into()),
                memory: Some("1024".into()),
                launch_types: vec!["FARGATE".into()],
                network_mode: Some("awsvpc".into()),
                os: Some("LINUX".into()),
                arch: Some("ARM64".into()),
                task_role: None,
                execution_role: Some("arn:aws:iam::123456789012:role/ecsTaskExecutionRole".into()),
                containers: vec![ContainerSummary {
                    name: "app".into(),
                    image: format!(
                        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:{}-alpine",
                        r.revision
                    ),
                    essential: true,
                    ports: vec!["8080/tcp".into()],
                    command: vec!["serve".into(), "--port=8080".into()],
                    entry_point: Vec::new(),
                    environment: vec![("MODE".into(), "prod".into())],
                    log: Some("awslogs group=/ecs/web region=eu-west-1 stream-prefix=ecs".into()),
                }],
                tags: vec![("team".into(), "shop".into())],
                json: serde_json::Value::Null,
            },
        );
    }
    if let Route::Revisions(r) = &mut s.routes.top_mut().route {
        r.data.data = Some(refs.clone());
        r.data.loaded_at = Some(at());
        r.marked.insert(refs[0].arn.clone());
        r.marked.insert(refs[1].arn.clone());
        r.sync(&s.shared);
    }
    s
}

#[test]
fn revisions_with_marks() {
    snap("revisions", revisions_state);
}

#[test]
fn deregister_dialog() {
    snap("deregister_dialog", |size| {
        let mut s = revisions_state(size);
        s.app.overlay = Some(Overlay::confirm(tecs::state::Confirm::new(
            "Deregister task definition",
            vec![
                "Are you sure you want to deregister the following task definition:revisions?"
                    .into(),
                String::new(),
                "  web:3".into(),
                "  web:2".into(),
                String::new(),
                "Running tasks and services that use them keep running.".into(),
            ],
            "Deregister 2",
            tecs::state::PendingOp::DeregisterTaskDefinitions { arns: vec![] },
        )));
        s
    });
}

#[test]
fn revision_page() {
    snap("revision_detail", |size| {
        let mut s = revisions_state(size);
        use tecs::screens::revision_detail::RevisionDetailScreen;
        let arn = "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3".to_string();
        push(
            &mut s,
            Route::RevisionDetail(RevisionDetailScreen::of(arn, "web:3".into())),
        );
        s
    });
}

#[test]
fn families_with_summaries() {
    snap("families", |size| {
        use tecs::model::task_definition::FamilySummary;
        use tecs::screens::families::FamiliesScreen;
        let mut s = loaded_state(size);
        let mut families = FamiliesScreen::default();
        families.data.data = Some(vec!["api".into(), "web".into(), "worker".into()]);
        families.data.loaded_at = Some(at());
        s.shared.family_summaries.insert(
            "web".into(),
            FamilySummary {
                latest: Some(12),
                active: 3,
                launch_types: vec!["FARGATE".into()],
            },
        );
        s.shared.family_summaries.insert(
            "api".into(),
            FamilySummary {
                latest: Some(4),
                active: 1,
                launch_types: vec!["EC2".into(), "FARGATE".into()],
            },
        );
        families.sync(&s.shared);
        s.routes.replace(Entry::new(
            ScreenId(100),
            Route::Families(Box::new(families)),
        ));
        s
    });
}

#[test]
fn draft_with_problems_and_ready_draft() {
    use tecs::screens::draft::DraftScreen;
    use tecs::state::drafts::{Draft, line_diff};
    let draft = |problems: Vec<String>| Draft {
        family: "web".into(),
        base_arn: "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3".into(),
        base_label: "web:3".into(),
        text: "{}".into(),
        problems,
        parsed: Some(serde_json::json!({})),
        diff: line_diff(
            "{\n  \"family\": \"web\",\n  \"cpu\": \"256\",\n  \"memory\": \"512\"\n}\n",
            "{\n  \"family\": \"web\",\n  \"cpu\": \"256\",\n  \"memory\": \"3000\"\n}\n",
        ),
        submitting: false,
        failure: None,
        notes: Vec::new(),
        ask: false,
    };
    snap("draft_problems", |size| {
        let mut s = revisions_state(size);
        s.shared.drafts.insert(
            "web".into(),
            draft(vec![
                "Fargate cpu 256 takes memory 512, 1024 or 2048 MiB, not 3000".into(),
            ]),
        );
        push(&mut s, Route::Draft(DraftScreen::new("web")));
        s
    });
    snap("draft_ready", |size| {
        let mut s = revisions_state(size);
        s.shared.drafts.insert("web".into(), draft(Vec::new()));
        push(&mut s, Route::Draft(DraftScreen::new("web")));
        s
    });
}

#[test]
fn diff_page_colours_changes() {
    let mut s = loaded_state((80, 24));
    let mut page = TextPage::new("web:2 → web:3 diff", "", None);
    page.lines = tecs::state::drafts::line_diff("a\nimage: 1\nc\n", "a\nimage: 2\nc\n");
    page.diff = true;
    push(&mut s, Route::Text(Box::new(page)));
    let terminal = draw(&s);
    insta::assert_snapshot!("diff_80x24", terminal.backend());
    let buf = terminal.backend().buffer();
    let row = |y: u16| {
        (0..80)
            .map(|x| buf[(x, y)].symbol().to_string())
            .collect::<String>()
    };
    let minus = (0..24)
        .find(|y| row(*y).contains("- image: 1"))
        .expect("removed line");
    let plus = (0..24)
        .find(|y| row(*y).contains("+ image: 2"))
        .expect("added line");
    assert_eq!(buf[(2, minus)].fg, Color::Red);
    assert_eq!(buf[(2, plus)].fg, Color::Green);
}
