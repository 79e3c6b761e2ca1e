//! The wizard driven by keys, as the operator would.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;

use super::fields::{ids, kinds};
use super::*;

const ACCOUNT_ROLE: &str = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole";

/// Parsed once: the tests press thousands of keys.
fn km() -> &'static Keymap {
    static KEYMAP: std::sync::OnceLock<Keymap> = std::sync::OnceLock::new();
    KEYMAP.get_or_init(Keymap::default_keymap)
}

fn press(w: &mut TaskDefWizard, code: KeyCode) -> WizardOutcome<SubmitRequest> {
    w.handle_key(KeyEvent::new(code, KeyModifiers::NONE), km())
}

fn ctrl(w: &mut TaskDefWizard, c: char) -> WizardOutcome<SubmitRequest> {
    w.handle_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL), km())
}

fn type_text(w: &mut TaskDefWizard, text: &str) {
    for c in text.chars() {
        press(w, KeyCode::Char(c));
    }
}

/// Moves the focus to field `id` of the `nth` section of `kind`, with the arrow keys.
fn focus(w: &mut TaskDefWizard, kind: &str, nth: usize, id: &str) {
    press(w, KeyCode::Home);
    for _ in 0..400 {
        let s = &w.form.sections[w.form.focus.section];
        let nth_of_kind = w.form.sections[..w.form.focus.section]
            .iter()
            .filter(|x| x.kind == kind)
            .count();
        if s.kind == kind && nth_of_kind == nth && s.fields[w.form.focus.field].id == id {
            return;
        }
        press(w, KeyCode::Down);
    }
    // Not found going down: start over from the top.
    w.form.focus = crate::form::Focus::default();
    for _ in 0..400 {
        let s = &w.form.sections[w.form.focus.section];
        let nth_of_kind = w.form.sections[..w.form.focus.section]
            .iter()
            .filter(|x| x.kind == kind)
            .count();
        if s.kind == kind && nth_of_kind == nth && s.fields[w.form.focus.field].id == id {
            return;
        }
        press(w, KeyCode::Down);
    }
    panic!("no field {kind}[{nth}].{id}");
}

fn set_text(w: &mut TaskDefWizard, kind: &str, nth: usize, id: &str, text: &str) {
    focus(w, kind, nth, id);
    ctrl(w, 'u');
    type_text(w, text);
}

fn messages(w: &TaskDefWizard) -> Vec<String> {
    w.problems().iter().map(|p| p.message.clone()).collect()
}

fn roles() -> Vec<Role> {
    vec![
        Role {
            name: "ecsTaskExecutionRole".into(),
            arn: ACCOUNT_ROLE.into(),
        },
        Role {
            name: "web-task".into(),
            arn: "arn:aws:iam::123456789012:role/web-task".into(),
        },
    ]
}

/// A valid Fargate form: family web, one nginx container, roles loaded.
fn filled() -> TaskDefWizard {
    let mut w = TaskDefWizard::new("us-east-1", vec!["web".into()]);
    w.set_roles(Ok(roles()));
    set_text(&mut w, kinds::TASK, 0, ids::FAMILY, "web");
    set_text(&mut w, kinds::CONTAINER, 0, ids::NAME, "app");
    set_text(&mut w, kinds::CONTAINER, 0, ids::IMAGE, "nginx:1.27");
    w
}

#[test]
fn a_new_form_has_console_defaults_and_says_what_is_missing() {
    let w = TaskDefWizard::new("eu-west-1", Vec::new());
    assert!(!w.is_changed());
    let j = w.json();
    assert_eq!(j["requiresCompatibilities"], json!(["FARGATE"]));
    assert_eq!(j["networkMode"], "awsvpc");
    assert_eq!(
        (j["cpu"].as_str(), j["memory"].as_str()),
        (Some("512"), Some("1024"))
    );
    assert_eq!(j["runtimePlatform"]["operatingSystemFamily"], "LINUX");
    let c = &j["containerDefinitions"][0];
    assert_eq!(c["essential"], true);
    assert_eq!(
        c["logConfiguration"]["options"]["awslogs-region"],
        "eu-west-1"
    );
    assert_eq!(
        c["logConfiguration"]["options"]["awslogs-stream-prefix"],
        "ecs"
    );
    let m = messages(&w);
    assert!(m.contains(&"family name is required".to_string()), "{m:?}");
    assert!(m.contains(&"container name is required".to_string()));
    assert!(m.contains(&"the image is required".to_string()));
    assert!(
        m.iter().any(|x| x.contains("execution role is required")),
        "awslogs needs it"
    );
    // Errors of untouched fields wait for the review.
    assert!(w.form.sections[0].fields[0].error.is_some());
    assert!(!w.form.reveal_errors);
}

#[test]
fn typing_the_family_moves_the_default_log_group_and_warns_on_an_existing_family() {
    let mut w = filled();
    let c = &w.json()["containerDefinitions"][0];
    assert_eq!(
        c["logConfiguration"]["options"]["awslogs-group"],
        "/ecs/web"
    );
    let family = w.form.sections[0].field(ids::FAMILY).expect("family");
    assert!(
        family
            .warning
            .as_deref()
            .is_some_and(|x| x.contains("new revision of it"))
    );
    set_text(&mut w, kinds::TASK, 0, ids::FAMILY, "shop");
    assert_eq!(
        w.json()["containerDefinitions"][0]["logConfiguration"]["options"]["awslogs-group"],
        "/ecs/shop"
    );
    assert!(
        w.form.sections[0]
            .field(ids::FAMILY)
            .expect("family")
            .warning
            .is_none()
    );
    // Once edited, the group stays as typed.
    set_text(&mut w, kinds::CONTAINER, 0, ids::LOG_GROUP, "/custom/group");
    set_text(&mut w, kinds::TASK, 0, ids::FAMILY, "other");
    assert_eq!(
        w.json()["containerDefinitions"][0]["logConfiguration"]["options"]["awslogs-group"],
        "/custom/group"
    );
}

#[test]
fn the_default_execution_role_is_offered_and_satisfies_awslogs() {
    let w = filled();
    assert_eq!(w.json()["executionRoleArn"], ACCOUNT_ROLE);
    assert!(w.problems().is_empty(), "{:?}", w.problems());
    assert!(
        w.json().get("taskRoleArn").is_none(),
        "no task role by default"
    );
}

#[test]
fn an_execution_role_is_required_for_awslogs_and_blocks_submit() {
    let mut w = filled();
    set_text(&mut w, kinds::ROLES, 0, ids::EXECUTION_ROLE, "");
    assert!(
        messages(&w)
            .iter()
            .any(|m| m.contains("app: awslogs logging")),
        "{:?}",
        messages(&w)
    );
    ctrl(&mut w, 's');
    assert_eq!(w.step, Step::Review);
    assert_eq!(
        press(&mut w, KeyCode::Enter),
        WizardOutcome::None,
        "blocked"
    );
    assert!(w.notice().is_some_and(|n| n.contains("fix the 1 problem")));
    // Without logging and with a public image no execution role is needed.
    press(&mut w, KeyCode::Esc);
    focus(&mut w, kinds::CONTAINER, 0, ids::LOG_DRIVER);
    press(&mut w, KeyCode::Right);
    assert!(w.problems().is_empty(), "{:?}", w.problems());
    // A private ECR image needs it again.
    set_text(
        &mut w,
        kinds::CONTAINER,
        0,
        ids::IMAGE,
        "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1",
    );
    assert!(messages(&w).iter().any(|m| m.contains("private ECR image")));
}

#[test]
fn roles_are_picked_from_the_list_or_typed_as_arns() {
    let mut w = filled();
    focus(&mut w, kinds::ROLES, 0, ids::TASK_ROLE);
    type_text(&mut w, "web");
    assert!(
        w.json().get("taskRoleArn").is_none(),
        "part of a name picks nothing"
    );
    type_text(&mut w, "-task");
    assert_eq!(
        w.json()["taskRoleArn"],
        "arn:aws:iam::123456789012:role/web-task",
        "the whole name picks it"
    );
    ctrl(&mut w, 'u');
    type_text(&mut w, "task");
    press(&mut w, KeyCode::Right);
    assert_eq!(
        w.form.sections[3].value(ids::TASK_ROLE),
        "ecsTaskExecutionRole"
    );
    press(&mut w, KeyCode::Right);
    assert_eq!(
        w.json()["taskRoleArn"],
        "arn:aws:iam::123456789012:role/web-task"
    );
    ctrl(&mut w, 'u');
    type_text(&mut w, "nosuchrole");
    assert!(
        messages(&w)
            .iter()
            .any(|m| m.contains("no role named nosuchrole"))
    );
    ctrl(&mut w, 'u');
    type_text(&mut w, "arn:aws:iam::210987654321:role/elsewhere");
    assert_eq!(
        w.json()["taskRoleArn"],
        "arn:aws:iam::210987654321:role/elsewhere"
    );
    let f = w.form.sections[3].field(ids::TASK_ROLE).expect("field");
    assert!(
        f.warning
            .as_deref()
            .is_some_and(|x| x.contains("not among"))
    );
    ctrl(&mut w, 'u');
    type_text(&mut w, "arn:aws:iam::1:role/x");
    assert!(messages(&w).iter().any(|m| m.contains("12 digits")));
}

#[test]
fn roles_failing_to_load_still_take_an_arn() {
    let mut w = TaskDefWizard::new("us-east-1", Vec::new());
    w.set_roles(Err("AccessDenied: iam:ListRoles".into()));
    let f = w.form.sections[3]
        .field(ids::EXECUTION_ROLE)
        .expect("field");
    let FieldKind::Combo(c) = &f.kind else {
        panic!("combo")
    };
    assert!(
        c.status
            .as_deref()
            .is_some_and(|s| s.contains("iam:ListRoles"))
    );
    set_text(&mut w, kinds::ROLES, 0, ids::EXECUTION_ROLE, ACCOUNT_ROLE);
    assert_eq!(w.json()["executionRoleArn"], ACCOUNT_ROLE);
}

#[test]
fn fargate_memory_follows_the_cpu_and_ec2_takes_free_sizes() {
    let mut w = filled();
    focus(&mut w, kinds::SIZE, 0, ids::FARGATE_CPU);
    press(&mut w, KeyCode::Right);
    assert_eq!(
        (w.json()["cpu"].as_str(), w.json()["memory"].as_str()),
        (Some("1024"), Some("2048")),
        "memory moved to the smallest valid"
    );
    let FieldKind::Choice(mem) = &w.form.sections[2]
        .field(ids::FARGATE_MEMORY)
        .expect("m")
        .kind
    else {
        panic!("choice")
    };
    let offered: Vec<&str> = mem.options.iter().map(|o| o.value.as_str()).collect();
    assert_eq!(
        offered,
        ["2048", "3072", "4096", "5120", "6144", "7168", "8192"]
    );
    // EC2: bridge by default, free cpu/memory with units.
    focus(&mut w, kinds::INFRASTRUCTURE, 0, ids::LAUNCH);
    press(&mut w, KeyCode::Right);
    assert_eq!(w.json()["requiresCompatibilities"], json!(["EC2"]));
    assert_eq!(w.json()["networkMode"], "bridge");
    assert!(w.json().get("cpu").is_none() && w.json().get("memory").is_none());
    set_text(&mut w, kinds::SIZE, 0, ids::EC2_MEMORY, "0.5 GB");
    assert_eq!(w.json()["memory"], "512");
    set_text(&mut w, kinds::SIZE, 0, ids::EC2_CPU, "1 vCPU");
    assert_eq!(w.json()["cpu"], "1024");
    set_text(&mut w, kinds::SIZE, 0, ids::EC2_CPU, "100");
    assert!(messages(&w).iter().any(|m| m.contains("128–196608")));
    set_text(&mut w, kinds::SIZE, 0, ids::EC2_CPU, "");
    set_text(&mut w, kinds::SIZE, 0, ids::EC2_MEMORY, "3 TB");
    assert!(
        messages(&w)
            .iter()
            .any(|m| m.contains("unknown memory unit"))
    );
    // Without task memory on EC2 each container needs its own.
    set_text(&mut w, kinds::SIZE, 0, ids::EC2_MEMORY, "");
    assert!(
        messages(&w)
            .iter()
            .any(|m| m.contains("without task memory"))
    );
    set_text(&mut w, kinds::CONTAINER, 0, ids::MEMORY_RESERVATION, "256");
    assert!(w.problems().is_empty(), "{:?}", w.problems());
    // Back to Fargate: awsvpc again, bridge offered but disabled.
    focus(&mut w, kinds::INFRASTRUCTURE, 0, ids::LAUNCH);
    press(&mut w, KeyCode::Left);
    assert_eq!(w.json()["networkMode"], "awsvpc");
    let FieldKind::Choice(net) = &w.form.sections[1].field(ids::NETWORK).expect("n").kind else {
        panic!("choice")
    };
    assert!(
        net.options
            .iter()
            .filter(|o| o.value != "awsvpc")
            .all(|o| o.disabled.is_some())
    );
}

#[test]
fn windows_on_ec2_uses_the_default_network_and_fargate_windows_needs_a_vcpu() {
    let mut w = filled();
    focus(&mut w, kinds::INFRASTRUCTURE, 0, ids::PLATFORM);
    press(&mut w, KeyCode::Right);
    press(&mut w, KeyCode::Right);
    assert_eq!(
        w.json()["runtimePlatform"]["operatingSystemFamily"],
        "WINDOWS_SERVER_2019_FULL"
    );
    assert_eq!(
        w.json()["cpu"],
        "1024",
        "Windows on Fargate starts at 1 vCPU"
    );
    focus(&mut w, kinds::INFRASTRUCTURE, 0, ids::LAUNCH);
    press(&mut w, KeyCode::Right);
    assert!(
        w.json().get("networkMode").is_none(),
        "default = left out: {}",
        w.json()
    );
}

#[test]
fn port_mappings_follow_the_network_mode() {
    let mut w = filled();
    set_text(&mut w, kinds::CONTAINER, 0, ids::PORTS, "80:8080");
    assert!(
        messages(&w)
            .iter()
            .any(|m| m.contains("no host port in awsvpc"))
    );
    set_text(
        &mut w,
        kinds::CONTAINER,
        0,
        ids::PORTS,
        "8080/tcp name=web app=http, 53/udp",
    );
    assert!(w.problems().is_empty());
    assert_eq!(
        w.json()["containerDefinitions"][0]["portMappings"],
        json!([
            {"containerPort": 8080, "protocol": "tcp", "name": "web", "appProtocol": "http"},
            {"containerPort": 53, "protocol": "udp"}
        ])
    );
    focus(&mut w, kinds::INFRASTRUCTURE, 0, ids::LAUNCH);
    press(&mut w, KeyCode::Right);
    set_text(&mut w, kinds::CONTAINER, 0, ids::PORTS, "0:8080");
    assert_eq!(
        w.json()["containerDefinitions"][0]["portMappings"][0]["hostPort"],
        0
    );
}

#[test]
fn command_lines_become_arrays_with_a_preview() {
    let mut w = filled();
    set_text(
        &mut w,
        kinds::CONTAINER,
        0,
        ids::COMMAND,
        "sh -c 'echo \"hi there\"'",
    );
    assert_eq!(
        w.json()["containerDefinitions"][0]["command"],
        json!(["sh", "-c", "echo \"hi there\""])
    );
    let f = w.form.sections[4].field(ids::COMMAND).expect("command");
    assert_eq!(
        f.preview.as_deref(),
        Some(r#"["sh","-c","echo \"hi there\""]"#)
    );
    set_text(&mut w, kinds::CONTAINER, 0, ids::COMMAND, "echo 'open");
    assert!(messages(&w).iter().any(|m| m.contains("not closed")));
    set_text(
        &mut w,
        kinds::CONTAINER,
        0,
        ids::ENVIRONMENT,
        "A=1 B='two words'",
    );
    set_text(&mut w, kinds::CONTAINER, 0, ids::COMMAND, "");
    assert_eq!(
        w.json()["containerDefinitions"][0]["environment"],
        json!([{"name": "A", "value": "1"}, {"name": "B", "value": "two words"}])
    );
    assert!(w.json()["containerDefinitions"][0].get("command").is_none());
}

#[test]
fn containers_are_added_removed_and_reordered() {
    let mut w = filled();
    focus(&mut w, kinds::CONTAINER, 0, ids::NAME);
    assert_eq!(ctrl(&mut w, 'x'), WizardOutcome::None);
    assert!(
        w.notice()
            .is_some_and(|n| n.contains("at least one container"))
    );
    ctrl(&mut w, 'n');
    type_text(&mut w, "sidecar");
    set_text(&mut w, kinds::CONTAINER, 1, ids::IMAGE, "busybox");
    let names = |w: &TaskDefWizard| -> Vec<String> {
        w.json()["containerDefinitions"]
            .as_array()
            .expect("list")
            .iter()
            .map(|c| c["name"].as_str().unwrap_or_default().to_string())
            .collect()
    };
    assert_eq!(names(&w), ["app", "sidecar"]);
    assert_eq!(w.form.sections[5].title, "Container 2 of 2 · sidecar");
    w.handle_key(KeyEvent::new(KeyCode::Up, KeyModifiers::CONTROL), km());
    assert_eq!(names(&w), ["sidecar", "app"]);
    // Duplicate names and no essential container are problems.
    set_text(&mut w, kinds::CONTAINER, 0, ids::NAME, "app");
    assert!(messages(&w).iter().any(|m| m.contains("also named app")));
    set_text(&mut w, kinds::CONTAINER, 0, ids::NAME, "sidecar");
    for n in 0..2 {
        focus(&mut w, kinds::CONTAINER, n, ids::ESSENTIAL);
        press(&mut w, KeyCode::Char(' '));
    }
    assert!(messages(&w).contains(&"at least one container must be essential".to_string()));
    focus(&mut w, kinds::CONTAINER, 0, ids::NAME);
    // A filled-in container takes Ctrl-X twice; any other key in between keeps it.
    ctrl(&mut w, 'x');
    assert_eq!(names(&w), ["sidecar", "app"]);
    assert!(w.notice().is_some_and(|n| n.contains("ctrl-x again")));
    press(&mut w, KeyCode::Right);
    ctrl(&mut w, 'x');
    assert_eq!(names(&w), ["sidecar", "app"], "the other key disarmed it");
    ctrl(&mut w, 'x');
    assert_eq!(names(&w), ["app"]);
}

#[test]
fn review_shows_problems_the_cli_line_and_the_json_then_submits() {
    let mut w = filled();
    ctrl(&mut w, 's');
    let lines = w.review_lines();
    assert_eq!(
        lines[0],
        ReviewLine::Ok("No problems: the revision can be registered.".into())
    );
    assert!(lines.contains(&ReviewLine::Code(
        "aws ecs register-task-definition --cli-input-json file://web.json".into()
    )));
    assert!(lines.contains(&ReviewLine::Info(
        "Registers a new revision of the existing family web.".into()
    )));
    assert!(lines.contains(&ReviewLine::Info(
        "Creates log group /ecs/web in us-east-1 first, if missing.".into()
    )));
    assert!(lines.contains(&ReviewLine::Code("  \"family\": \"web\",".into())));
    let WizardOutcome::Copy(text) = ctrl(&mut w, 'y') else {
        panic!("copy")
    };
    assert_eq!(
        serde_json::from_str::<Value>(&text).expect("json"),
        *w.json()
    );
    let WizardOutcome::Save { path, contents } = ctrl(&mut w, 'o') else {
        panic!("save")
    };
    assert_eq!(path, "web.json");
    assert!(contents.ends_with("}\n"));
    let WizardOutcome::Submit(request) = press(&mut w, KeyCode::Enter) else {
        panic!("submit")
    };
    assert_eq!(request.json, *w.json());
    assert_eq!(
        request.create_log_groups,
        [("/ecs/web".to_string(), "us-east-1".to_string())]
    );
    assert_eq!(
        press(&mut w, KeyCode::Enter),
        WizardOutcome::None,
        "one submit at a time"
    );
    w.set_submit_error("ClientException: Invalid 'cpu' setting".into());
    assert_eq!(
        w.submit_error(),
        Some("ClientException: Invalid 'cpu' setting")
    );
    assert!(
        matches!(press(&mut w, KeyCode::Enter), WizardOutcome::Submit(_)),
        "retry after the error"
    );
    assert!(w.submit_error().is_none());
}

#[test]
fn esc_asks_before_discarding_changes() {
    let mut w = TaskDefWizard::new("us-east-1", Vec::new());
    assert_eq!(press(&mut w, KeyCode::Esc), WizardOutcome::Cancel);
    w.set_roles(Ok(roles()));
    assert!(
        !w.is_changed(),
        "preselecting the default role is not an operator change"
    );
    type_text(&mut w, "x");
    assert!(w.is_changed());
    assert_eq!(press(&mut w, KeyCode::Esc), WizardOutcome::AskDiscard);
    w.cancel_discard();
    ctrl(&mut w, 'u');
    assert!(!w.is_changed(), "typed and deleted is unchanged");
    ctrl(&mut w, 's');
    assert_eq!(press(&mut w, KeyCode::Esc), WizardOutcome::None);
    assert_eq!(w.step, Step::Edit, "esc leaves the review first");
}

#[test]
fn hints_follow_the_step_and_the_focused_field() {
    let mut w = filled();
    focus(&mut w, kinds::TASK, 0, ids::FAMILY);
    let descs =
        |w: &TaskDefWizard| -> Vec<String> { w.hints(km()).into_iter().map(|(_, d)| d).collect() };
    let on_text = descs(&w);
    assert!(on_text.contains(&"review".to_string()));
    assert!(!on_text.iter().any(|d| d == "change"));
    assert!(!on_text.iter().any(|d| d.contains("remove container")));
    focus(&mut w, kinds::INFRASTRUCTURE, 0, ids::LAUNCH);
    assert!(descs(&w).iter().any(|d| d == "change"));
    ctrl(&mut w, 's');
    let review = descs(&w);
    assert!(review.iter().any(|d| d.starts_with("register")));
    assert!(review.iter().any(|d| d.starts_with("copy")));
    assert!(!review.contains(&"review".to_string()));
}

fn revision(json: Value) -> TaskDefinition {
    TaskDefinition {
        arn: "arn:aws:ecs:us-east-1:123456789012:task-definition/x:1".into(),
        family: json["family"].as_str().unwrap_or("x").into(),
        revision: 1,
        status: "ACTIVE".into(),
        registered_at: None,
        cpu: None,
        memory: None,
        launch_types: vec![],
        network_mode: None,
        os: None,
        arch: None,
        task_role: None,
        execution_role: None,
        containers: vec![],
        tags: vec![],
        json,
    }
}

#[test]
fn an_ec2_bridge_revision_keeps_its_mode_host_ports_and_sizes() {
    let described = json!({
        "family": "legacy", "revision": 1, "status": "ACTIVE",
        "requiresCompatibilities": ["EC2"], "cpu": "0.5 vCPU",
        "containerDefinitions": [{
            "name": "app", "image": "nginx", "memory": 256, "memoryReservation": 128,
            "portMappings": [{"containerPort": 80, "hostPort": 0, "protocol": "tcp"}]
        }]
    });
    let w = TaskDefWizard::from_revision(&revision(described), "us-east-1", vec![]);
    assert!(w.problems().is_empty(), "{:?}", w.problems());
    let j = w.json();
    assert_eq!(
        j["networkMode"], "bridge",
        "a missing mode is bridge on Linux"
    );
    assert_eq!(j["cpu"], "512", "vCPU strings are normalised");
    assert!(j.get("memory").is_none());
    let c = &j["containerDefinitions"][0];
    assert_eq!(
        c["portMappings"],
        json!([{"containerPort": 80, "hostPort": 0, "protocol": "tcp"}])
    );
    assert_eq!(
        (c["memory"].as_u64(), c["memoryReservation"].as_u64()),
        (Some(256), Some(128))
    );
    assert!(c.get("logConfiguration").is_none());
    // The prefilled mode is the operator's choice now: it does not follow the launch type.
    let mut w = w;
    focus(&mut w, kinds::INFRASTRUCTURE, 0, ids::NETWORK);
    press(&mut w, KeyCode::Right);
    assert_eq!(w.json()["networkMode"], "host");
}

#[test]
fn a_revision_without_raw_json_still_names_the_family() {
    let w = TaskDefWizard::from_revision(&revision(Value::Null), "us-east-1", vec![]);
    assert_eq!(w.json()["family"], "x");
    assert_eq!(
        w.json()["containerDefinitions"].as_array().map(Vec::len),
        Some(1)
    );
}

#[test]
fn from_a_revision_keeps_what_the_form_does_not_show() {
    let described = json!({
        "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3",
        "family": "web", "revision": 3, "status": "ACTIVE",
        "taskRoleArn": "arn:aws:iam::123456789012:role/web-task",
        "executionRoleArn": ACCOUNT_ROLE,
        "networkMode": "awsvpc",
        "requiresCompatibilities": ["FARGATE"], "compatibilities": ["EC2", "FARGATE"],
        "cpu": "1024", "memory": "3072",
        "runtimePlatform": {"operatingSystemFamily": "LINUX", "cpuArchitecture": "ARM64"},
        "volumes": [{"name": "data"}], "placementConstraints": [], "requiresAttributes": [{"name": "x"}],
        "registeredAt": 1.0,
        "containerDefinitions": [{
            "name": "app", "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:3",
            "cpu": 0, "memory": 512, "essential": true,
            "portMappings": [{"containerPort": 8080, "hostPort": 8080, "protocol": "tcp", "name": "web"}],
            "command": ["serve", "--port", "8080"], "entryPoint": [],
            "environment": [{"name": "MODE", "value": "prod one"}], "mountPoints": [], "volumesFrom": [],
            "secrets": [{"name": "DB", "valueFrom": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db"}],
            "healthCheck": {"command": ["CMD-SHELL", "true"], "interval": 30},
            "logConfiguration": {"logDriver": "awslogs", "options": {
                "awslogs-group": "/ecs/web", "awslogs-region": "us-east-1",
                "awslogs-stream-prefix": "ecs", "mode": "non-blocking"}}
        }, {
            "name": "router", "image": "envoy:1", "essential": false,
            "logConfiguration": {"logDriver": "fluentd", "options": {"tag": "x"}}
        }]
    });
    let td = TaskDefinition {
        arn: "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3".into(),
        family: "web".into(),
        revision: 3,
        status: "ACTIVE".into(),
        registered_at: None,
        cpu: None,
        memory: None,
        launch_types: vec![],
        network_mode: None,
        os: None,
        arch: None,
        task_role: None,
        execution_role: None,
        containers: vec![],
        tags: vec![("team".into(), "shop".into())],
        json: described.clone(),
    };
    let mut w = TaskDefWizard::from_revision(&td, "us-east-1", vec!["web".into()]);
    assert_eq!(w.title(), "New revision from web:3");
    assert!(w.problems().is_empty(), "{:?}", w.problems());
    assert!(!w.is_changed());
    let expected = json!({
        "family": "web",
        "taskRoleArn": "arn:aws:iam::123456789012:role/web-task",
        "executionRoleArn": ACCOUNT_ROLE,
        "networkMode": "awsvpc",
        "containerDefinitions": [{
            "name": "app", "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/web:3",
            "memory": 512,
            "portMappings": [{"containerPort": 8080, "protocol": "tcp", "name": "web"}],
            "essential": true,
            "command": ["serve", "--port", "8080"],
            "environment": [{"name": "MODE", "value": "prod one"}],
            "secrets": [{"name": "DB", "valueFrom": "arn:aws:secretsmanager:us-east-1:123456789012:secret:db"}],
            "logConfiguration": {"logDriver": "awslogs", "options": {
                "awslogs-group": "/ecs/web", "awslogs-region": "us-east-1",
                "awslogs-stream-prefix": "ecs", "mode": "non-blocking"}},
            "healthCheck": {"command": ["CMD-SHELL", "true"], "interval": 30}
        }, {
            "name": "router", "image": "envoy:1", "essential": false,
            "logConfiguration": {"logDriver": "fluentd", "options": {"tag": "x"}}
        }],
        "requiresCompatibilities": ["FARGATE"],
        "cpu": "1024", "memory": "3072",
        "runtimePlatform": {"operatingSystemFamily": "LINUX", "cpuArchitecture": "ARM64"},
        "volumes": [{"name": "data"}],
        "tags": [{"key": "team", "value": "shop"}]
    });
    assert_eq!(*w.json(), expected, "{}", w.json_pretty());
    assert!(w.review_lines().iter().any(|l| matches!(l, ReviewLine::Info(t) if t.contains("Kept from web:3") && t.contains("volumes") && t.contains("app: healthCheck"))));
    // Roles loading later show names for the prefilled ARNs and change nothing.
    w.set_roles(Ok(roles()));
    assert_eq!(
        w.form.sections[3].value(ids::EXECUTION_ROLE),
        "ecsTaskExecutionRole"
    );
    assert_eq!(*w.json(), expected);
    assert!(!w.is_changed());
    // Removing the execution role is a problem (awslogs, private ECR image, secrets).
    set_text(&mut w, kinds::ROLES, 0, ids::EXECUTION_ROLE, "");
    let m = messages(&w);
    assert!(
        m.iter()
            .any(|x| x.contains("app: awslogs logging, private ECR image, secrets")),
        "{m:?}"
    );
}
