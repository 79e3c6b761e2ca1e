//! Render snapshots of the task definition wizard: each section, and the review step with and
//! without problems, at 80x24 and 120x40. The wizard is drawn in the body area between a fixed
//! header and the footer hints it generates, as the app lays it out.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::Color;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use tecs::keymap::Keymap;
use tecs::model::iam::Role;
use tecs::screens::wizards::task_definition::fields::{ids, kinds};
use tecs::screens::wizards::task_definition::{Step, TaskDefWizard};
use tecs::screens::{Screen, View};
use tecs::state::{AppConfig, State};
use tecs::widgets::chrome::hint_line;
use tecs::widgets::theme::Theme;

const SIZES: &[(u16, u16)] = &[(80, 24), (120, 40)];

fn km() -> &'static Keymap {
    static KEYMAP: std::sync::OnceLock<Keymap> = std::sync::OnceLock::new();
    KEYMAP.get_or_init(Keymap::default_keymap)
}

fn press(w: &mut TaskDefWizard, code: KeyCode) {
    w.handle_key(KeyEvent::new(code, KeyModifiers::NONE), km());
}

fn ctrl(w: &mut TaskDefWizard, c: char) {
    w.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL), km());
}

fn type_text(w: &mut TaskDefWizard, text: &str) {
    for c in text.chars() {
        press(w, KeyCode::Char(c));
    }
}

/// Focuses field `id` of the `nth` section of `kind` with Tab and the arrows.
fn focus(w: &mut TaskDefWizard, kind: &str, nth: usize, id: &str) {
    for _ in 0..500 {
        let at = w.form.focus;
        let s = &w.form.sections[at.section];
        let index = w.form.sections[..at.section]
            .iter()
            .filter(|x| x.kind == kind)
            .count();
        if s.kind == kind && index == nth && s.fields[at.field].id == id {
            return;
        }
        if s.kind == kind && index == nth {
            press(w, KeyCode::Down);
        } else {
            press(w, KeyCode::Tab);
        }
    }
    panic!("no field {kind}[{nth}].{id}");
}

fn set_text(w: &mut TaskDefWizard, kind: &str, nth: usize, id: &str, text: &str) {
    focus(w, kind, nth, id);
    ctrl(w, 'u');
    type_text(w, text);
}

fn roles() -> Vec<Role> {
    [
        "ecsTaskExecutionRole",
        "shop-api-task",
        "shop-worker-task",
        "otel-collector",
    ]
    .iter()
    .map(|n| Role {
        name: n.to_string(),
        arn: format!("arn:aws:iam::123456789012:role/{n}"),
    })
    .collect()
}

/// A filled Fargate definition: family shop-api, one container with ports, command and env.
fn filled() -> TaskDefWizard {
    let mut w = TaskDefWizard::new("eu-west-1", vec!["shop-api".into(), "shop-worker".into()]);
    w.set_roles(Ok(roles()));
    set_text(&mut w, kinds::TASK, 0, ids::FAMILY, "shop-api");
    set_text(&mut w, kinds::CONTAINER, 0, ids::NAME, "api");
    set_text(
        &mut w,
        kinds::CONTAINER,
        0,
        ids::IMAGE,
        "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop-api:2.4.1",
    );
    set_text(
        &mut w,
        kinds::CONTAINER,
        0,
        ids::PORTS,
        "8080/tcp name=http app=http",
    );
    set_text(
        &mut w,
        kinds::CONTAINER,
        0,
        ids::COMMAND,
        "gunicorn -b 0.0.0.0:8080 'shop.api:create_app()'",
    );
    set_text(
        &mut w,
        kinds::CONTAINER,
        0,
        ids::ENVIRONMENT,
        "LOG_LEVEL=info REGION=eu-west-1",
    );
    set_text(&mut w, kinds::TAGS, 0, ids::TAGS, "team=shop env=prod");
    w
}

fn draw(w: &TaskDefWizard, (width, height): (u16, u16)) -> Terminal<TestBackend> {
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
            let [header, body, footer] = f.area().layout(&Layout::vertical([
                Constraint::Length(2),
                Constraint::Min(1),
                Constraint::Length(2),
            ]));
            f.render_widget(
                Paragraph::new(vec![
                    Line::raw(" tecs profile prod-admin  region eu-west-1  account 123456789012"),
                    Line::raw(" task definitions › new"),
                ]),
                header,
            );
            w.render(f, body, &view);
            let hints = w.hints(km());
            let [_, hint_row] = footer.layout(&Layout::vertical([
                Constraint::Length(1),
                Constraint::Length(1),
            ]));
            f.render_widget(Paragraph::new(hint_line(&hints, &theme)), hint_row);
        })
        .expect("draw");
    terminal
}

fn snap(name: &str, make: impl Fn() -> TaskDefWizard) {
    for &(w, h) in SIZES {
        let terminal = draw(&make(), (w, h));
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
    }
}

#[test]
fn section_family_new_form() {
    snap("wizard_family_new", || {
        let mut w = TaskDefWizard::new("eu-west-1", vec!["shop-api".into()]);
        w.set_roles(Ok(roles()));
        w
    });
}

#[test]
fn section_family_existing_warns() {
    snap("wizard_family_existing", || {
        let mut w = filled();
        focus(&mut w, kinds::TASK, 0, ids::FAMILY);
        w
    });
}

#[test]
fn section_infrastructure_fargate() {
    snap("wizard_infrastructure_fargate", || {
        let mut w = filled();
        focus(&mut w, kinds::INFRASTRUCTURE, 0, ids::NETWORK);
        w
    });
}

#[test]
fn section_infrastructure_ec2() {
    snap("wizard_infrastructure_ec2", || {
        let mut w = filled();
        focus(&mut w, kinds::INFRASTRUCTURE, 0, ids::LAUNCH);
        press(&mut w, KeyCode::Right);
        focus(&mut w, kinds::INFRASTRUCTURE, 0, ids::NETWORK);
        w
    });
}

#[test]
fn section_size_fargate() {
    snap("wizard_size_fargate", || {
        let mut w = filled();
        focus(&mut w, kinds::SIZE, 0, ids::FARGATE_CPU);
        press(&mut w, KeyCode::Right);
        press(&mut w, KeyCode::Right);
        press(&mut w, KeyCode::Down);
        w
    });
}

#[test]
fn section_size_ec2_with_units() {
    snap("wizard_size_ec2", || {
        let mut w = filled();
        focus(&mut w, kinds::INFRASTRUCTURE, 0, ids::LAUNCH);
        press(&mut w, KeyCode::Right);
        set_text(&mut w, kinds::SIZE, 0, ids::EC2_CPU, "0.5 vCPU");
        set_text(&mut w, kinds::SIZE, 0, ids::EC2_MEMORY, "3 TB");
        w
    });
}

#[test]
fn section_roles_loaded() {
    snap("wizard_roles", || {
        let mut w = filled();
        focus(&mut w, kinds::ROLES, 0, ids::TASK_ROLE);
        type_text(&mut w, "shop");
        press(&mut w, KeyCode::Right);
        w
    });
}

#[test]
fn section_roles_failed_and_required() {
    snap("wizard_roles_failed", || {
        let mut w = TaskDefWizard::new("eu-west-1", Vec::new());
        w.set_roles(Err(
            "AccessDenied: not authorized to perform iam:ListRoles".into()
        ));
        set_text(&mut w, kinds::TASK, 0, ids::FAMILY, "batch");
        focus(&mut w, kinds::ROLES, 0, ids::EXECUTION_ROLE);
        type_text(&mut w, "x");
        ctrl(&mut w, 'u');
        w
    });
}

#[test]
fn section_container() {
    snap("wizard_container", || {
        let mut w = filled();
        focus(&mut w, kinds::CONTAINER, 0, ids::COMMAND);
        w
    });
}

#[test]
fn section_container_errors() {
    snap("wizard_container_errors", || {
        let mut w = filled();
        set_text(
            &mut w,
            kinds::CONTAINER,
            0,
            ids::PORTS,
            "80:8080, 9090/sctp",
        );
        set_text(&mut w, kinds::CONTAINER, 0, ids::MEMORY, "0.3GB");
        focus(&mut w, kinds::CONTAINER, 0, ids::PORTS);
        w
    });
}

#[test]
fn section_container_logging() {
    snap("wizard_container_logging", || {
        let mut w = filled();
        focus(&mut w, kinds::CONTAINER, 0, ids::LOG_DRIVER);
        w
    });
}

#[test]
fn section_second_container() {
    snap("wizard_two_containers", || {
        let mut w = filled();
        focus(&mut w, kinds::CONTAINER, 0, ids::NAME);
        ctrl(&mut w, 'n');
        type_text(&mut w, "otel");
        w
    });
}

#[test]
fn section_tags() {
    snap("wizard_tags", || {
        let mut w = filled();
        focus(&mut w, kinds::TAGS, 0, ids::TAGS);
        w
    });
}

#[test]
fn review_ready() {
    snap("wizard_review_ok", || {
        let mut w = filled();
        ctrl(&mut w, 's');
        assert_eq!(w.step, Step::Review);
        w
    });
}

#[test]
fn review_with_problems() {
    snap("wizard_review_problems", || {
        let mut w = TaskDefWizard::new("eu-west-1", Vec::new());
        w.set_roles(Ok(Vec::new()));
        set_text(&mut w, kinds::TASK, 0, ids::FAMILY, "bad name");
        ctrl(&mut w, 's');
        w
    });
}

#[test]
fn review_after_a_failed_submit() {
    snap("wizard_submit_failed", || {
        let mut w = filled();
        ctrl(&mut w, 's');
        press(&mut w, KeyCode::Enter);
        w.set_submit_error(
            "RegisterTaskDefinition failed: ClientException: Fargate requires task definition to have execution role ARN to support log driver awslogs.".into(),
        );
        w
    });
}

#[test]
fn edit_after_review_shows_every_error() {
    snap("wizard_errors_revealed", || {
        let mut w = TaskDefWizard::new("eu-west-1", Vec::new());
        w.set_roles(Ok(roles()));
        ctrl(&mut w, 's');
        press(&mut w, KeyCode::Esc);
        focus(&mut w, kinds::CONTAINER, 0, ids::NAME);
        w
    });
}

#[test]
fn problem_count_is_red_and_ready_is_green() {
    let w = TaskDefWizard::new("eu-west-1", Vec::new());
    let t = draw(&w, (80, 24));
    let buf = t.backend().buffer();
    let row: String = (0..80).map(|x| buf[(x, 2)].symbol().to_string()).collect();
    let x = row.find("problems").expect("problem count in the frame");
    let col = u16::try_from(row[..x].chars().count()).expect("fits");
    assert_eq!(buf[(col, 2)].fg, Color::Red);
    let mut w = filled();
    ctrl(&mut w, 's');
    let t = draw(&w, (80, 24));
    let buf = t.backend().buffer();
    let row: String = (0..80).map(|x| buf[(x, 2)].symbol().to_string()).collect();
    let x = row.find("ready").expect("ready in the frame");
    let col = u16::try_from(row[..x].chars().count()).expect("fits");
    assert_eq!(buf[(col, 2)].fg, Color::Green);
}
