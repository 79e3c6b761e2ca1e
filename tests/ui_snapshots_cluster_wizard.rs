//! Render snapshots of the create-cluster and create-namespace wizards: each step, the review with
//! and without problems, progress, a failed submit and the result, at 80x24 and 120x40. The wizard
//! is drawn in the body between a fixed header and the footer hints it generates, as the app
//! lays it out.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Color;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use tecs::form::{Focus, Form};
use tecs::keymap::Keymap;
use tecs::model::cluster::AutoScalingGroupSummary;
use tecs::model::namespace::{Namespace, NamespaceKind, VpcSummary};
use tecs::screens::wizards::cluster::{ClusterWizard, infrastructure, namespace_choice};
use tecs::screens::wizards::namespace::NamespaceWizard;
use tecs::screens::wizards::{cluster, namespace};
use tecs::screens::{Screen, View};
use tecs::state::{AppConfig, State};
use tecs::widgets::chrome::hint_line;
use tecs::widgets::theme::Theme;

const SIZES: &[(u16, u16)] = &[(80, 24), (120, 40)];

fn km() -> &'static Keymap {
    static KEYMAP: std::sync::OnceLock<Keymap> = std::sync::OnceLock::new();
    KEYMAP.get_or_init(Keymap::default_keymap)
}

/// The two wizards, driven alike.
trait Keys {
    fn key(&mut self, key: KeyEvent);
    fn form(&mut self) -> &mut Form;
}

impl Keys for ClusterWizard {
    fn key(&mut self, key: KeyEvent) {
        self.handle_key(key, km());
    }
    fn form(&mut self) -> &mut Form {
        &mut self.form
    }
}

impl Keys for NamespaceWizard {
    fn key(&mut self, key: KeyEvent) {
        self.handle_key(key, km());
    }
    fn form(&mut self) -> &mut Form {
        &mut self.form
    }
}

fn press(w: &mut impl Keys, code: KeyCode) {
    w.key(KeyEvent::new(code, KeyModifiers::NONE));
}

fn ctrl(w: &mut impl Keys, c: char) {
    w.key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

fn type_text(w: &mut impl Keys, text: &str) {
    for c in text.chars() {
        press(w, KeyCode::Char(c));
    }
}

/// Focuses field `id` with the arrow keys, from the top.
fn focus(w: &mut impl Keys, id: &str) {
    w.form().focus = Focus::default();
    for _ in 0..40 {
        if w.form().focused().map(|f| f.id) == Some(id) {
            return;
        }
        press(w, KeyCode::Down);
    }
    panic!("no visible field {id}");
}

fn set_text(w: &mut impl Keys, id: &str, text: &str) {
    focus(w, id);
    ctrl(w, 'u');
    type_text(w, text);
}

/// Cycles choice `id` until it holds `value`.
fn choose(w: &mut impl Keys, id: &str, value: &str) {
    focus(w, id);
    for _ in 0..5 {
        if w.form().focused().map(|f| f.value().to_string()).as_deref() == Some(value) {
            return;
        }
        press(w, KeyCode::Right);
    }
    panic!("{id} cannot be {value}");
}

fn groups() -> Vec<AutoScalingGroupSummary> {
    [("shop-asg", 2, 1, 2, 4), ("batch-asg", 0, 0, 0, 10)]
        .iter()
        .map(|&(name, instances, min, desired, max)| AutoScalingGroupSummary {
            name: name.to_string(),
            arn: format!(
                "arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:1a2b3c4d-0000-4000-8000-00000000000{instances}:autoScalingGroupName/{name}"
            ),
            min,
            max,
            desired,
            instances,
        })
        .collect()
}

fn cluster_wizard() -> ClusterWizard {
    ClusterWizard::new(
        vec!["default".into(), "shop-prod".into()],
        vec!["shop".into(), "corp.internal".into()],
    )
}

/// A valid Fargate cluster with Container Insights, a new namespace and tags.
fn filled() -> ClusterWizard {
    let mut w = cluster_wizard();
    set_text(&mut w, cluster::ids::NAME, "shop-staging");
    choose(&mut w, cluster::ids::INSIGHTS, "enabled");
    choose(&mut w, cluster::ids::NAMESPACE, namespace_choice::NEW);
    set_text(&mut w, cluster::ids::NEW_NAMESPACE, "shop-staging");
    set_text(
        &mut w,
        cluster::ids::NAMESPACE_DESCRIPTION,
        "Service Connect for staging",
    );
    set_text(&mut w, cluster::ids::TAGS, "team=shop env=staging");
    w
}

fn ec2() -> ClusterWizard {
    let mut w = cluster_wizard();
    set_text(&mut w, cluster::ids::NAME, "shop-batch");
    choose(&mut w, cluster::ids::INFRASTRUCTURE, infrastructure::EC2);
    w
}

fn external() -> ClusterWizard {
    let mut w = cluster_wizard();
    set_text(&mut w, cluster::ids::NAME, "edge");
    choose(
        &mut w,
        cluster::ids::INFRASTRUCTURE,
        infrastructure::EXTERNAL,
    );
    set_text(&mut w, cluster::ids::REGISTRATION_LIMIT, "3");
    w
}

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
                    Line::raw(" tecs profile prod-admin  region eu-west-1  account 123456789012"),
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

fn draw_cluster(w: &ClusterWizard, size: (u16, u16)) -> Terminal<TestBackend> {
    draw_with(
        size,
        |f, area, view| w.render(f, area, view),
        &w.hints(km()),
        "clusters › create",
    )
}

fn draw_namespace(w: &NamespaceWizard, size: (u16, u16)) -> Terminal<TestBackend> {
    draw_with(
        size,
        |f, area, view| w.render(f, area, view),
        &w.hints(km()),
        "namespaces › create",
    )
}

fn snap(name: &str, make: impl Fn() -> ClusterWizard) {
    for &(w, h) in SIZES {
        let terminal = draw_cluster(&make(), (w, h));
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
    }
}

fn snap_ns(name: &str, make: impl Fn() -> NamespaceWizard) {
    for &(w, h) in SIZES {
        let terminal = draw_namespace(&make(), (w, h));
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
    }
}

#[test]
fn cluster_name_new_form() {
    snap("cluster_name_new", cluster_wizard);
}

#[test]
fn cluster_name_existing_is_refused() {
    snap("cluster_name_existing", || {
        let mut w = cluster_wizard();
        type_text(&mut w, "shop-prod");
        w
    });
}

#[test]
fn cluster_infrastructure_fargate() {
    snap("cluster_infrastructure_fargate", || {
        let mut w = filled();
        focus(&mut w, cluster::ids::INFRASTRUCTURE);
        w
    });
}

#[test]
fn cluster_infrastructure_ec2_loading_groups() {
    snap("cluster_ec2_loading", || {
        let mut w = ec2();
        assert!(w.wants_auto_scaling_groups());
        focus(&mut w, cluster::ids::AUTO_SCALING_GROUP);
        w
    });
}

#[test]
fn cluster_infrastructure_ec2_group_picked() {
    snap("cluster_ec2_picked", || {
        let mut w = ec2();
        w.set_auto_scaling_groups(Ok(groups()));
        focus(&mut w, cluster::ids::AUTO_SCALING_GROUP);
        press(&mut w, KeyCode::Right);
        w
    });
}

#[test]
fn cluster_infrastructure_ec2_groups_failed() {
    snap("cluster_ec2_failed", || {
        let mut w = ec2();
        w.set_auto_scaling_groups(Err(
            "AccessDenied: not authorized to perform autoscaling:DescribeAutoScalingGroups".into(),
        ));
        set_text(&mut w, cluster::ids::CAPACITY_PROVIDER, "ecs-batch");
        focus(&mut w, cluster::ids::AUTO_SCALING_GROUP);
        w
    });
}

#[test]
fn cluster_infrastructure_external() {
    snap("cluster_external", || {
        let mut w = external();
        focus(&mut w, cluster::ids::ANYWHERE_ROLE);
        w
    });
}

#[test]
fn cluster_monitoring() {
    snap("cluster_monitoring", || {
        let mut w = filled();
        focus(&mut w, cluster::ids::INSIGHTS);
        w
    });
}

#[test]
fn cluster_namespace_existing() {
    snap("cluster_namespace_existing", || {
        let mut w = filled();
        choose(&mut w, cluster::ids::NAMESPACE, namespace_choice::EXISTING);
        focus(&mut w, cluster::ids::EXISTING_NAMESPACE);
        type_text(&mut w, "sh");
        w
    });
}

#[test]
fn cluster_namespace_new() {
    snap("cluster_namespace_new", || {
        let mut w = filled();
        focus(&mut w, cluster::ids::NEW_NAMESPACE);
        w
    });
}

#[test]
fn cluster_tags() {
    snap("cluster_tags", || {
        let mut w = filled();
        set_text(&mut w, cluster::ids::TAGS, "team=shop aws:owner=me");
        w
    });
}

#[test]
fn cluster_review_ready() {
    snap("cluster_review_ok", || {
        let mut w = filled();
        ctrl(&mut w, 's');
        w
    });
}

#[test]
fn cluster_review_ec2_scrolled_to_the_capacity_provider() {
    snap("cluster_review_ec2", || {
        let mut w = ec2();
        w.set_auto_scaling_groups(Ok(groups()));
        focus(&mut w, cluster::ids::AUTO_SCALING_GROUP);
        press(&mut w, KeyCode::Right);
        ctrl(&mut w, 's');
        for _ in 0..4 {
            press(&mut w, KeyCode::Down);
        }
        w
    });
}

#[test]
fn cluster_review_with_problems() {
    snap("cluster_review_problems", || {
        let mut w = cluster_wizard();
        set_text(&mut w, cluster::ids::NAME, "shop-prod");
        choose(&mut w, cluster::ids::INFRASTRUCTURE, infrastructure::EC2);
        w.set_auto_scaling_groups(Ok(groups()));
        choose(&mut w, cluster::ids::NAMESPACE, namespace_choice::NEW);
        ctrl(&mut w, 's');
        press(&mut w, KeyCode::Enter);
        w
    });
}

#[test]
fn cluster_edit_after_review_shows_every_error() {
    snap("cluster_errors_revealed", || {
        let mut w = cluster_wizard();
        choose(&mut w, cluster::ids::INFRASTRUCTURE, infrastructure::EC2);
        ctrl(&mut w, 's');
        press(&mut w, KeyCode::Esc);
        focus(&mut w, cluster::ids::NAME);
        w
    });
}

#[test]
fn cluster_creating_with_progress() {
    snap("cluster_progress", || {
        let mut w = filled();
        ctrl(&mut w, 's');
        press(&mut w, KeyCode::Enter);
        w.set_progress(vec![
            "1/2 ✓ Create HTTP namespace shop-staging (AWS Cloud Map) — ns-4f2a".into(),
            "2/2 … Create cluster shop-staging".into(),
        ]);
        w
    });
}

#[test]
fn cluster_submit_failed_keeps_the_review() {
    snap("cluster_submit_failed", || {
        let mut w = filled();
        ctrl(&mut w, 's');
        press(&mut w, KeyCode::Enter);
        w.set_progress(vec![
            "1/2 ✓ Create HTTP namespace shop-staging (AWS Cloud Map) — ns-4f2a".into(),
            "2/2 ✗ Create cluster shop-staging".into(),
        ]);
        w.set_submit_error(
            "CreateCluster failed: AccessDeniedException: not authorized to perform ecs:CreateCluster (made so far: namespace shop-staging)".into(),
        );
        w
    });
}

#[test]
fn cluster_result_with_the_registration_command() {
    snap("cluster_result_external", || {
        let mut w = external();
        ctrl(&mut w, 's');
        press(&mut w, KeyCode::Enter);
        w.set_progress(vec![
            "1/2 ✓ Create cluster edge".into(),
            "2/2 ✓ Create an SSM activation for ECS Anywhere instances of edge".into(),
        ]);
        w.set_result(vec![
            "Cluster edge created (ACTIVE).".into(),
            "Activation 5e3c1a2b-0000-4000-8000-000000000000, valid for 24 hours, up to 3 servers.".into(),
            "Run on each server:".into(),
            "curl --proto \"https\" -o \"/tmp/ecs-anywhere-install.sh\" \"https://amazon-ecs-agent.s3.amazonaws.com/ecs-anywhere-install-latest.sh\" && bash /tmp/ecs-anywhere-install.sh --region eu-west-1 --cluster edge --activation-id 5e3c1a2b-0000-4000-8000-000000000000 --activation-code 'AbCdEf0123456789xyz'".into(),
        ]);
        w
    });
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
            id: "vpc-0a1b2c3d".into(),
            cidr: Some("10.0.0.0/16".into()),
            is_default: false,
            name: Some("shop".into()),
        },
        VpcSummary {
            id: "vpc-9f8e7d6c".into(),
            cidr: Some("172.31.0.0/16".into()),
            is_default: true,
            name: None,
        },
    ]
}

fn dns_filled() -> NamespaceWizard {
    let mut w = NamespaceWizard::new(namespaces());
    set_text(&mut w, namespace::ids::NAME, "shop.internal");
    choose(
        &mut w,
        namespace::ids::KIND,
        namespace::kind_choice::DNS_PRIVATE,
    );
    w.set_vpcs(Ok(vpcs()));
    focus(&mut w, namespace::ids::VPC);
    press(&mut w, KeyCode::Right);
    set_text(
        &mut w,
        namespace::ids::DESCRIPTION,
        "internal names of the shop",
    );
    set_text(&mut w, namespace::ids::TAGS, "team=shop");
    w
}

#[test]
fn namespace_new_form() {
    snap_ns("namespace_new", || NamespaceWizard::new(namespaces()));
}

#[test]
fn namespace_existing_name() {
    snap_ns("namespace_existing_name", || {
        let mut w = NamespaceWizard::new(namespaces());
        type_text(&mut w, "shop");
        w
    });
}

#[test]
fn namespace_private_dns_loading_vpcs() {
    snap_ns("namespace_dns_loading", || {
        let mut w = NamespaceWizard::new(namespaces());
        set_text(&mut w, namespace::ids::NAME, "shop.internal");
        choose(
            &mut w,
            namespace::ids::KIND,
            namespace::kind_choice::DNS_PRIVATE,
        );
        assert!(w.wants_vpcs());
        focus(&mut w, namespace::ids::VPC);
        w
    });
}

#[test]
fn namespace_private_dns_vpc_picked() {
    snap_ns("namespace_dns_vpc", || {
        let mut w = dns_filled();
        focus(&mut w, namespace::ids::VPC);
        w
    });
}

#[test]
fn namespace_tags() {
    snap_ns("namespace_tags", || {
        let mut w = dns_filled();
        focus(&mut w, namespace::ids::TAGS);
        w
    });
}

#[test]
fn namespace_review_ready() {
    snap_ns("namespace_review_ok", || {
        let mut w = dns_filled();
        ctrl(&mut w, 's');
        w
    });
}

#[test]
fn namespace_review_with_problems() {
    snap_ns("namespace_review_problems", || {
        let mut w = NamespaceWizard::new(namespaces());
        set_text(&mut w, namespace::ids::NAME, "shop");
        choose(
            &mut w,
            namespace::ids::KIND,
            namespace::kind_choice::DNS_PRIVATE,
        );
        w.set_vpcs(Ok(vpcs()));
        set_text(&mut w, namespace::ids::TAGS, "aws:team=shop");
        ctrl(&mut w, 's');
        w
    });
}

#[test]
fn namespace_creating_with_progress() {
    snap_ns("namespace_progress", || {
        let mut w = dns_filled();
        ctrl(&mut w, 's');
        press(&mut w, KeyCode::Enter);
        w.set_progress(vec![
            "CreatePrivateDnsNamespace sent: operation 7d1c…".into(),
            "Cloud Map: PENDING after 12s (4 polls)".into(),
        ]);
        w
    });
}

#[test]
fn namespace_result() {
    snap_ns("namespace_result", || {
        let mut w = dns_filled();
        ctrl(&mut w, 's');
        press(&mut w, KeyCode::Enter);
        w.set_progress(vec!["Cloud Map: SUCCESS after 48s (9 polls)".into()]);
        w.set_result(vec![
            "Namespace shop.internal created: ns-4f2a9c1d (private DNS, vpc-0a1b2c3d).".into(),
        ]);
        w
    });
}

/// The text and foreground colour of the first cell of `needle` on row `y`.
fn colour_of(buf: &Buffer, y: u16, needle: &str) -> Color {
    let row: String = (0..buf.area.width)
        .map(|x| buf[(x, y)].symbol().to_string())
        .collect();
    let x = row
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} not in {row}"));
    let col = u16::try_from(row[..x].chars().count()).expect("fits");
    buf[(col, y)].fg
}

#[test]
fn problem_count_is_red_ready_green_and_the_copied_line_marked() {
    // A fresh form lists no problems before anything is typed (issue #10.7)...
    let t = draw_cluster(&cluster_wizard(), (80, 24));
    let title: String = (0..80)
        .map(|x| t.backend().buffer()[(x, 2)].symbol().to_string())
        .collect();
    assert!(!title.contains("problem"), "{title}");
    // ...and once the review has revealed them, their count is red.
    let mut w = cluster_wizard();
    ctrl(&mut w, 's');
    press(&mut w, KeyCode::Esc);
    let t = draw_cluster(&w, (80, 24));
    assert_eq!(colour_of(t.backend().buffer(), 2, "problem"), Color::Red);
    let t = draw_cluster(&filled(), (80, 24));
    assert_eq!(colour_of(t.backend().buffer(), 2, "ready"), Color::Green);
    let mut w = NamespaceWizard::new(namespaces());
    ctrl(&mut w, 's');
    let t = draw_namespace(&w, (80, 24));
    assert_eq!(colour_of(t.backend().buffer(), 2, "problem"), Color::Red);
}
