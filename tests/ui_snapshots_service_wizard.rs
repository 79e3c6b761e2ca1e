//! Render snapshots of the create-service and run-task wizards: each section, the review with and
//! without problems, a failed submit and the run-task result, at 80x24 and 120x40. The wizards are
//! drawn in the body between a fixed header and the footer hints they generate, as the app lays
//! them out; the lists they ask for are answered from a small fixed region.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use serde_json::json;
use tecs::effect::{Job, Outcome};
use tecs::form::{Focus, Form};
use tecs::keymap::Keymap;
use tecs::model::namespace::{Namespace, NamespaceKind, VpcSummary};
use tecs::model::network::{SecurityGroup, Subnet, TargetGroup};
use tecs::model::service::Service;
use tecs::model::task::Task;
use tecs::model::task_definition::ContainerSummary;
use tecs::model::{Cluster, RevisionRef, StrategyItem, TaskDefinition};
use tecs::screens::wizards::launch::{Start, capacity};
use tecs::screens::wizards::run_task::RunTaskWizard;
use tecs::screens::wizards::service::ServiceWizard;
use tecs::screens::wizards::{run_task, service};
use tecs::screens::{Screen, View};
use tecs::state::{AppConfig, State};
use tecs::widgets::chrome::hint_line;
use tecs::widgets::theme::Theme;

const SIZES: &[(u16, u16)] = &[(80, 24), (120, 40)];
const VPC: &str = "vpc-0def";

fn km() -> &'static Keymap {
    static KEYMAP: std::sync::OnceLock<Keymap> = std::sync::OnceLock::new();
    KEYMAP.get_or_init(Keymap::default_keymap)
}

// ---- the region ----

fn clusters() -> Vec<Cluster> {
    let mut prod = Cluster::named("prod-fargate");
    prod.capacity_providers = vec!["FARGATE".into(), "FARGATE_SPOT".into()];
    prod.default_strategy = vec![StrategyItem {
        provider: "FARGATE".into(),
        weight: 1,
        base: 0,
    }];
    prod.default_namespace = Some(namespaces()[0].arn.clone());
    vec![prod, Cluster::named("legacy-ec2"), Cluster::named("batch")]
}

fn namespaces() -> Vec<Namespace> {
    vec![
        Namespace::named("shop", NamespaceKind::Http),
        Namespace::named("corp.internal", NamespaceKind::DnsPrivate),
    ]
}

fn vpcs() -> Vec<VpcSummary> {
    vec![
        VpcSummary {
            id: VPC.into(),
            cidr: Some("172.31.0.0/16".into()),
            is_default: true,
            name: None,
        },
        VpcSummary {
            id: "vpc-0app".into(),
            cidr: Some("10.0.0.0/16".into()),
            is_default: false,
            name: Some("app".into()),
        },
    ]
}

fn subnets() -> Vec<Subnet> {
    ["a", "b", "c", "d", "e", "f"]
        .iter()
        .enumerate()
        .map(|(i, az)| Subnet {
            id: format!("subnet-0{az}1e2d3c4b5a6f7"),
            vpc_id: VPC.into(),
            availability_zone: format!("us-east-1{az}"),
            cidr: format!("172.31.{}.0/20", i * 16),
            name: None,
            available_ips: Some(4091),
            default_for_az: true,
            map_public_ip: true,
        })
        .collect()
}

fn groups() -> Vec<SecurityGroup> {
    vec![
        SecurityGroup {
            id: "sg-0def1e2d3c4b5a6f7".into(),
            name: "default".into(),
            vpc_id: VPC.into(),
            description: "default VPC security group".into(),
        },
        SecurityGroup {
            id: "sg-0web1e2d3c4b5a6f7".into(),
            name: "web".into(),
            vpc_id: VPC.into(),
            description: "HTTP from the load balancer".into(),
        },
    ]
}

fn target_groups() -> Vec<TargetGroup> {
    let tg = |name: &str, kind: &str, lb: bool| TargetGroup {
        arn: format!(
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/{name}/0123456789abcdef"
        ),
        name: name.into(),
        port: Some(80),
        protocol: Some("HTTP".into()),
        target_type: Some(kind.into()),
        vpc_id: Some(VPC.into()),
        load_balancer_arns: if lb {
            vec![
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/shop/1"
                    .into(),
            ]
        } else {
            Vec::new()
        },
    };
    vec![tg("web-tg", "ip", true), tg("orphan-tg", "ip", false)]
}

fn rev(family: &str, n: i32) -> RevisionRef {
    RevisionRef {
        arn: format!("arn:aws:ecs:us-east-1:123456789012:task-definition/{family}:{n}"),
        family: family.into(),
        revision: n,
        status: "ACTIVE".into(),
    }
}

fn container(name: &str, image: &str, command: &[&str]) -> ContainerSummary {
    ContainerSummary {
        name: name.into(),
        image: image.into(),
        essential: true,
        ports: Vec::new(),
        command: command.iter().map(|c| c.to_string()).collect(),
        entry_point: Vec::new(),
        environment: Vec::new(),
        log: None,
    }
}

fn web(n: i32) -> TaskDefinition {
    let r = rev("web", n);
    TaskDefinition {
        arn: r.arn.clone(),
        family: "web".into(),
        revision: n,
        status: "ACTIVE".into(),
        registered_at: None,
        cpu: Some("512".into()),
        memory: Some("1024".into()),
        launch_types: vec!["FARGATE".into()],
        network_mode: Some("awsvpc".into()),
        os: None,
        arch: None,
        task_role: None,
        execution_role: None,
        containers: vec![
            container("app", "shop/web:2.5.0", &[]),
            container(
                "nginx",
                "nginx:1.27-alpine",
                &["nginx", "-g", "daemon off;"],
            ),
        ],
        tags: Vec::new(),
        json: json!({
            "taskDefinitionArn": r.arn, "family": "web", "revision": n, "status": "ACTIVE",
            "networkMode": "awsvpc", "requiresCompatibilities": ["FARGATE"],
            "containerDefinitions": [
                {"name": "app", "portMappings": [{"containerPort": 8080, "protocol": "tcp", "name": "app-8080-tcp"}]},
                {"name": "nginx", "portMappings": [{"containerPort": 80, "protocol": "tcp", "name": "nginx-80-tcp"}]}
            ]
        }),
    }
}

fn api() -> TaskDefinition {
    let r = rev("api", 1);
    TaskDefinition {
        arn: r.arn.clone(),
        family: "api".into(),
        revision: 1,
        status: "ACTIVE".into(),
        registered_at: None,
        cpu: None,
        memory: Some("512".into()),
        launch_types: vec!["EC2".into()],
        network_mode: Some("bridge".into()),
        os: None,
        arch: None,
        task_role: None,
        execution_role: None,
        containers: vec![container("api", "shop/api:1.0", &["./api", "--serve"])],
        tags: Vec::new(),
        json: json!({
            "taskDefinitionArn": r.arn, "family": "api", "revision": 1, "status": "ACTIVE",
            "networkMode": "bridge", "requiresCompatibilities": ["EC2"],
            "containerDefinitions": [{"name": "api", "portMappings": [{"containerPort": 8080, "hostPort": 0}]}]
        }),
    }
}

/// The region's answer to a job a wizard wants.
fn answer(job: &Job) -> Option<Outcome> {
    Some(match job {
        Job::Clusters => Outcome::Clusters(Ok(clusters())),
        Job::Vpcs => Outcome::Vpcs(Ok(vpcs())),
        Job::Subnets { vpc } => Outcome::Subnets {
            vpc: vpc.clone(),
            result: Ok(subnets()),
        },
        Job::SecurityGroups { vpc } => Outcome::SecurityGroups {
            vpc: vpc.clone(),
            result: Ok(groups()),
        },
        Job::TargetGroups => Outcome::TargetGroups(Ok(target_groups())),
        Job::Namespaces => Outcome::Namespaces(Ok(namespaces())),
        Job::Families { .. } => Outcome::Families(Ok(vec![
            "api".into(),
            "web".into(),
            "worker".into(),
            "web-admin".into(),
        ])),
        Job::ActiveRevisions { family } => Outcome::ActiveRevisions(Ok(match family.as_str() {
            "web" => vec![rev("web", 3), rev("web", 2)],
            "api" => vec![rev("api", 1)],
            _ => Vec::new(),
        })),
        Job::DescribeTaskDefs { arns } => Outcome::Described(
            arns.iter()
                .map(|a| {
                    let td = if a.contains("/api:") {
                        api()
                    } else {
                        web(a
                            .rsplit(':')
                            .next()
                            .and_then(|n| n.parse().ok())
                            .unwrap_or(3))
                    };
                    (a.clone(), Ok(td))
                })
                .collect(),
        ),
        Job::Services { .. } => Outcome::Services(Ok(vec![
            Service::named("prod-fargate", "web"),
            Service::named("prod-fargate", "worker"),
        ])),
        _ => return None,
    })
}

// ---- driving the wizards ----

/// The two wizards, driven alike.
trait Drive {
    fn key(&mut self, key: KeyEvent);
    fn form(&mut self) -> &mut Form;
    fn wanted(&mut self) -> Option<Job>;
    fn give(&mut self, outcome: Outcome);
}

impl Drive for ServiceWizard {
    fn key(&mut self, key: KeyEvent) {
        self.handle_key(key, km());
    }
    fn form(&mut self) -> &mut Form {
        &mut self.form
    }
    fn wanted(&mut self) -> Option<Job> {
        self.take_wanted()
    }
    fn give(&mut self, outcome: Outcome) {
        self.absorb(outcome);
    }
}

impl Drive for RunTaskWizard {
    fn key(&mut self, key: KeyEvent) {
        self.handle_key(key, km());
    }
    fn form(&mut self) -> &mut Form {
        &mut self.form
    }
    fn wanted(&mut self) -> Option<Job> {
        self.take_wanted()
    }
    fn give(&mut self, outcome: Outcome) {
        self.absorb(outcome);
    }
}

/// Answers every list the wizard wants.
fn settle(w: &mut impl Drive) {
    for _ in 0..50 {
        let Some(job) = w.wanted() else {
            return;
        };
        if let Some(o) = answer(&job) {
            w.give(o);
        }
    }
}

fn press(w: &mut impl Drive, code: KeyCode) {
    w.key(KeyEvent::new(code, KeyModifiers::NONE));
    settle(w);
}

fn ctrl(w: &mut impl Drive, c: char) {
    w.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
    settle(w);
}

fn type_text(w: &mut impl Drive, text: &str) {
    for c in text.chars() {
        press(w, KeyCode::Char(c));
    }
}

fn focus(w: &mut impl Drive, id: &str) {
    w.form().focus = Focus::default();
    for _ in 0..60 {
        if w.form().focused().map(|f| f.id) == Some(id) {
            return;
        }
        press(w, KeyCode::Down);
    }
    panic!("no visible field {id}");
}

fn set_text(w: &mut impl Drive, id: &str, text: &str) {
    focus(w, id);
    ctrl(w, 'u');
    type_text(w, text);
}

fn choose(w: &mut impl Drive, id: &str, value: &str) {
    focus(w, id);
    for _ in 0..8 {
        if w.form().focused().map(|f| f.value().to_string()).as_deref() == Some(value) {
            return;
        }
        press(w, KeyCode::Right);
    }
    panic!("{id} cannot be {value}");
}

/// `c` on prod-fargate's page.
fn in_prod() -> ServiceWizard {
    let mut w = ServiceWizard::new(Start {
        cluster: Some("prod-fargate".into()),
        clusters: Some(clusters()),
        services: Some(vec!["web".into(), "worker".into()]),
        ..Start::default()
    });
    settle(&mut w);
    w
}

/// A valid Fargate service of web:3.
fn filled() -> ServiceWizard {
    let mut w = in_prod();
    set_text(&mut w, service::ids::NAME, "shop-api");
    set_text(&mut w, service::ids::FAMILY, "web");
    w
}

/// `R` on web:3 while prod-fargate was the cluster looked at.
fn run_web() -> RunTaskWizard {
    let mut w = RunTaskWizard::new(
        rev("web", 3),
        Start {
            cluster: Some("prod-fargate".into()),
            ..Start::default()
        },
    );
    settle(&mut w);
    w
}

// ---- drawing ----

fn draw_with(
    (width, height): (u16, u16),
    body: impl Fn(&mut ratatui::Frame, Rect, &View),
    hints: &[(String, String)],
    crumb: &str,
) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
    let theme = Theme::new(false);
    let state = State::new(AppConfig::default(), km().clone(), (width, height));
    let view = View {
        app: &state.app,
        shared: &state.shared,
        theme: &theme,
    };
    terminal
        .draw(|f| {
            let [header, main, footer] = f.area().layout(&Layout::vertical([
                Constraint::Length(2),
                Constraint::Min(1),
                Constraint::Length(2),
            ]));
            f.render_widget(
                Paragraph::new(vec![
                    Line::raw(" tecs profile prod-admin  region us-east-1  account 123456789012"),
                    Line::raw(format!(" {crumb}")),
                ]),
                header,
            );
            body(f, main, &view);
            let [_, hint_row] = footer.layout(&Layout::vertical([
                Constraint::Length(1),
                Constraint::Length(1),
            ]));
            f.render_widget(Paragraph::new(hint_line(hints, &theme)), hint_row);
        })
        .expect("draw");
    terminal
}

fn snap(name: &str, make: impl Fn() -> ServiceWizard) {
    for &(w, h) in SIZES {
        let wizard = make();
        let terminal = draw_with(
            (w, h),
            |f, area, view| wizard.render(f, area, view),
            &wizard.hints(km()),
            "clusters › prod-fargate › create service",
        );
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
    }
}

fn snap_run(name: &str, make: impl Fn() -> RunTaskWizard) {
    for &(w, h) in SIZES {
        let wizard = make();
        let terminal = draw_with(
            (w, h),
            |f, area, view| wizard.render(f, area, view),
            &wizard.hints(km()),
            "families › web › revisions › run task",
        );
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
    }
}

// ---- create service ----

#[test]
fn service_section_on_open() {
    snap("service_new", in_prod);
}

#[test]
fn service_family_search() {
    snap("service_family", || {
        let mut w = in_prod();
        set_text(&mut w, service::ids::NAME, "shop-api");
        set_text(&mut w, service::ids::FAMILY, "we");
        w
    });
}

#[test]
fn service_revision_picker() {
    snap("service_revision", || {
        let mut w = filled();
        focus(&mut w, service::ids::REVISION);
        w
    });
}

#[test]
fn service_compute() {
    snap("service_compute", || {
        let mut w = filled();
        focus(&mut w, service::ids::CAPACITY);
        w
    });
}

#[test]
fn service_strategy_with_an_error() {
    snap("service_strategy_error", || {
        let mut w = filled();
        choose(&mut w, service::ids::CAPACITY, capacity::STRATEGY);
        set_text(&mut w, service::ids::STRATEGY, "FARGATE:1:1 FARGATE_SPOT:x");
        w
    });
}

#[test]
fn service_subnets_picker() {
    snap("service_subnets", || {
        let mut w = filled();
        focus(&mut w, service::ids::SUBNETS);
        press(&mut w, KeyCode::Right);
        press(&mut w, KeyCode::Char(' '));
        w
    });
}

#[test]
fn service_security_groups_filtered() {
    snap("service_security_groups", || {
        let mut w = filled();
        focus(&mut w, service::ids::SECURITY_GROUPS);
        type_text(&mut w, "web");
        press(&mut w, KeyCode::Char(' '));
        w
    });
}

#[test]
fn service_bridge_revision_needs_no_network() {
    snap("service_network_bridge", || {
        let mut w = in_prod();
        set_text(&mut w, service::ids::CLUSTER, "legacy-ec2");
        set_text(&mut w, service::ids::NAME, "api");
        set_text(&mut w, service::ids::FAMILY, "api");
        focus(&mut w, service::ids::DESIRED);
        press(&mut w, KeyCode::Tab);
        w
    });
}

#[test]
fn service_load_balancer() {
    snap("service_load_balancer", || {
        let mut w = filled();
        focus(&mut w, service::ids::LOAD_BALANCER);
        press(&mut w, KeyCode::Char(' '));
        set_text(&mut w, service::ids::TARGET_GROUP, "orphan-tg");
        w
    });
}

#[test]
fn service_service_connect() {
    snap("service_service_connect", || {
        let mut w = filled();
        focus(&mut w, service::ids::SERVICE_CONNECT);
        press(&mut w, KeyCode::Char(' '));
        choose(&mut w, service::ids::PORT_NAME, "app-8080-tcp");
        w
    });
}

#[test]
fn service_deployment() {
    snap("service_deployment", || {
        let mut w = filled();
        set_text(&mut w, service::ids::MIN_HEALTHY, "50");
        focus(&mut w, service::ids::MAX_PERCENT);
        w
    });
}

#[test]
fn service_options() {
    snap("service_options", || {
        let mut w = filled();
        focus(&mut w, service::ids::EXEC);
        press(&mut w, KeyCode::Char(' '));
        set_text(&mut w, service::ids::TAGS, "team=shop env=prod");
        w
    });
}

#[test]
fn service_review_ready() {
    snap("service_review_ok", || {
        let mut w = filled();
        ctrl(&mut w, 's');
        w
    });
}

#[test]
fn service_review_with_problems() {
    snap("service_review_problems", || {
        let mut w = in_prod();
        set_text(&mut w, service::ids::NAME, "web");
        set_text(&mut w, service::ids::FAMILY, "api");
        choose(&mut w, service::ids::CAPACITY, capacity::FARGATE);
        set_text(&mut w, service::ids::DESIRED, "-1");
        ctrl(&mut w, 's');
        press(&mut w, KeyCode::Enter);
        w
    });
}

#[test]
fn service_submit_failed_keeps_the_review() {
    snap("service_submit_failed", || {
        let mut w = filled();
        ctrl(&mut w, 's');
        press(&mut w, KeyCode::Enter);
        w.set_submit_error(
            "CreateService failed: InvalidParameterException: The target group does not have an associated load balancer.".into(),
        );
        w
    });
}

// ---- run task ----

#[test]
fn run_task_on_open() {
    snap_run("run_task_new", run_web);
}

#[test]
fn run_task_compute() {
    snap_run("run_task_compute", || {
        let mut w = run_web();
        set_text(&mut w, run_task::ids::COUNT, "12");
        w
    });
}

#[test]
fn run_task_network() {
    snap_run("run_task_network", || {
        let mut w = run_web();
        focus(&mut w, run_task::ids::SUBNETS);
        w
    });
}

#[test]
fn run_task_overrides() {
    snap_run("run_task_overrides", || {
        let mut w = run_web();
        choose(&mut w, run_task::ids::CONTAINER, "nginx");
        set_text(
            &mut w,
            run_task::ids::COMMAND,
            r#"sh -c 'nginx -t && echo "config ok"'"#,
        );
        w
    });
}

#[test]
fn run_task_options() {
    snap_run("run_task_options", || {
        let mut w = run_web();
        set_text(&mut w, run_task::ids::STARTED_BY, "ops/check");
        focus(&mut w, run_task::ids::EXEC);
        w
    });
}

#[test]
fn run_task_review_ready() {
    snap_run("run_task_review_ok", || {
        let mut w = run_web();
        choose(&mut w, run_task::ids::CONTAINER, "nginx");
        set_text(&mut w, run_task::ids::COMMAND, "nginx -t");
        ctrl(&mut w, 's');
        w
    });
}

#[test]
fn run_task_review_with_problems() {
    snap_run("run_task_review_problems", || {
        let mut w = run_web();
        set_text(&mut w, run_task::ids::CLUSTER, "");
        set_text(&mut w, run_task::ids::COUNT, "0");
        set_text(&mut w, run_task::ids::COMMAND, "sh -c 'oops");
        ctrl(&mut w, 's');
        w
    });
}

fn started(id: &str) -> Task {
    Task {
        arn: format!("arn:aws:ecs:us-east-1:123456789012:task/prod-fargate/{id}"),
        cluster_arn: clusters()[0].arn.clone(),
        task_definition: rev("web", 3).arn,
        last_status: "PROVISIONING".into(),
        desired_status: "RUNNING".into(),
        health: None,
        launch_type: Some("FARGATE".into()),
        capacity_provider: None,
        availability_zone: None,
        group: Some("family:web".into()),
        started_by: None,
        cpu: None,
        memory: None,
        platform_version: None,
        container_instance_arn: None,
        enable_execute_command: false,
        stop_code: None,
        stopped_reason: None,
        timestamps: Default::default(),
        containers: Vec::new(),
        attachments: Vec::new(),
        json: tecs::model::CompactJson::default(),
    }
}

#[test]
fn run_task_result_lists_the_tasks_and_failures() {
    snap_run("run_task_result", || {
        let mut w = run_web();
        set_text(&mut w, run_task::ids::COUNT, "3");
        ctrl(&mut w, 's');
        press(&mut w, KeyCode::Enter);
        w.set_started((
            vec![
                started("5f0c3a9e8b7d4c1e9f2a6b3c4d5e6f70"),
                started("0a1b2c3d4e5f60718293a4b5c6d7e8f9"),
            ],
            vec![
                "arn:aws:ecs:us-east-1:123456789012:container-instance/prod-fargate/9f8e7d6c: RESOURCE:ENI (no free network interface in us-east-1a)".into(),
            ],
        ));
        w
    });
}
