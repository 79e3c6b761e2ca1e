//! The wizard's JSON against moto: a form filled with keys registers through `register_json`,
//! describing it back gives the same values, and a new-revision wizard prefilled from that
//! description produces the same JSON again.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

mod common;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;
use tecs::aws::iam::list_task_roles;
use tecs::aws::task_definitions::{describe, register_json};
use tecs::keymap::Keymap;
use tecs::screens::wizards::WizardOutcome;
use tecs::screens::wizards::task_definition::fields::{ids, kinds};
use tecs::screens::wizards::task_definition::{SubmitRequest, TaskDefWizard};

use common::moto::{REGION, fresh_clients};

fn km() -> &'static Keymap {
    static KEYMAP: std::sync::OnceLock<Keymap> = std::sync::OnceLock::new();
    KEYMAP.get_or_init(Keymap::default_keymap)
}

fn key(
    w: &mut TaskDefWizard,
    code: KeyCode,
    modifiers: KeyModifiers,
) -> WizardOutcome<SubmitRequest> {
    w.handle_key(KeyEvent::new(code, modifiers), km())
}

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
        let code = if s.kind == kind && index == nth {
            KeyCode::Down
        } else {
            KeyCode::Tab
        };
        key(w, code, KeyModifiers::NONE);
    }
    panic!("no field {kind}[{nth}].{id}");
}

fn set_text(w: &mut TaskDefWizard, kind: &str, nth: usize, id: &str, text: &str) {
    focus(w, kind, nth, id);
    key(w, KeyCode::Char('u'), KeyModifiers::CONTROL);
    for c in text.chars() {
        key(w, KeyCode::Char(c), KeyModifiers::NONE);
    }
}

#[tokio::test]
async fn a_filled_form_registers_and_describes_back_the_same() {
    let (account, clients) = fresh_clients();
    clients
        .iam
        .create_role()
        .role_name("ecsTaskExecutionRole")
        .assume_role_policy_document(
            r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#,
        )
        .send()
        .await
        .expect("create role");
    let roles = list_task_roles(&clients.iam).await.expect("roles");

    let mut w = TaskDefWizard::new(REGION, Vec::new());
    w.set_roles(Ok(roles));
    set_text(&mut w, kinds::TASK, 0, ids::FAMILY, "wizard-web");
    focus(&mut w, kinds::SIZE, 0, ids::FARGATE_CPU);
    key(&mut w, KeyCode::Right, KeyModifiers::NONE); // 1 vCPU
    key(&mut w, KeyCode::Down, KeyModifiers::NONE);
    key(&mut w, KeyCode::Right, KeyModifiers::NONE); // 3 GB
    set_text(&mut w, kinds::CONTAINER, 0, ids::NAME, "web");
    set_text(&mut w, kinds::CONTAINER, 0, ids::IMAGE, "nginx:1.27");
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
        "nginx -g 'daemon off;'",
    );
    set_text(
        &mut w,
        kinds::CONTAINER,
        0,
        ids::ENVIRONMENT,
        "MODE=prod GREETING='hello there'",
    );
    set_text(&mut w, kinds::CONTAINER, 0, ids::MEMORY_RESERVATION, "1GB");
    focus(&mut w, kinds::CONTAINER, 0, ids::NAME);
    key(&mut w, KeyCode::Char('n'), KeyModifiers::CONTROL);
    for c in "sidecar".chars() {
        key(&mut w, KeyCode::Char(c), KeyModifiers::NONE);
    }
    set_text(
        &mut w,
        kinds::CONTAINER,
        1,
        ids::IMAGE,
        "public.ecr.aws/aws-observability/aws-otel-collector:latest",
    );
    set_text(
        &mut w,
        kinds::CONTAINER,
        1,
        ids::ENTRY_POINT,
        "/awscollector --config=/etc/ecs/ecs-default-config.yaml",
    );
    focus(&mut w, kinds::CONTAINER, 1, ids::ESSENTIAL);
    key(&mut w, KeyCode::Char(' '), KeyModifiers::NONE);
    set_text(
        &mut w,
        kinds::TAGS,
        0,
        ids::TAGS,
        "team=shop 'cost centre=42'",
    );
    assert!(w.problems().is_empty(), "{:?}", w.problems());

    key(&mut w, KeyCode::Char('s'), KeyModifiers::CONTROL);
    let WizardOutcome::Submit(request) = key(&mut w, KeyCode::Enter, KeyModifiers::NONE) else {
        panic!("a valid form submits");
    };
    assert_eq!(
        request.create_log_groups,
        [("/ecs/wizard-web".to_string(), REGION.to_string())]
    );
    let sent = request.json.clone();
    let role = format!("arn:aws:iam::{account}:role/ecsTaskExecutionRole");
    assert_eq!(sent["executionRoleArn"], role.as_str());

    let registered = register_json(&clients.ecs, &sent).await.expect("registers");
    assert_eq!(registered.label(), "wizard-web:1");
    let back = describe(&clients.ecs, &registered.arn)
        .await
        .expect("describe");
    let j = &back.json;
    assert_eq!(j["family"], "wizard-web");
    assert_eq!(
        (j["cpu"].as_str(), j["memory"].as_str()),
        (Some("1024"), Some("3072"))
    );
    assert_eq!(j["networkMode"], "awsvpc");
    assert_eq!(j["requiresCompatibilities"], json!(["FARGATE"]));
    assert_eq!(j["executionRoleArn"], role.as_str());
    assert_eq!(
        j["runtimePlatform"],
        json!({"operatingSystemFamily": "LINUX", "cpuArchitecture": "X86_64"})
    );
    let web = &j["containerDefinitions"][0];
    assert_eq!(web["name"], "web");
    assert_eq!(web["image"], "nginx:1.27");
    assert_eq!(web["command"], json!(["nginx", "-g", "daemon off;"]));
    assert_eq!(web["memoryReservation"], 1024);
    assert_eq!(web["essential"], true);
    assert_eq!(web["portMappings"][0]["containerPort"], 8080);
    assert_eq!(web["portMappings"][0]["name"], "http");
    assert_eq!(web["portMappings"][0]["appProtocol"], "http");
    assert_eq!(
        web["environment"],
        json!([{"name": "MODE", "value": "prod"}, {"name": "GREETING", "value": "hello there"}])
    );
    assert_eq!(
        web["logConfiguration"],
        json!({"logDriver": "awslogs", "options": {
            "awslogs-group": "/ecs/wizard-web", "awslogs-region": REGION, "awslogs-stream-prefix": "ecs"}})
    );
    let sidecar = &j["containerDefinitions"][1];
    assert_eq!(sidecar["essential"], false);
    assert_eq!(
        sidecar["entryPoint"],
        json!(["/awscollector", "--config=/etc/ecs/ecs-default-config.yaml"])
    );
    assert_eq!(
        back.tags,
        [
            ("team".to_string(), "shop".to_string()),
            ("cost centre".to_string(), "42".to_string())
        ]
    );

    // "New revision from this": the prefilled wizard sends what was registered.
    let again = TaskDefWizard::from_revision(&back, REGION, vec!["wizard-web".into()]);
    assert!(again.problems().is_empty(), "{:?}", again.problems());
    assert_eq!(*again.json(), sent, "{}", again.json_pretty());
    let second = register_json(&clients.ecs, again.json())
        .await
        .expect("registers again");
    assert_eq!(second.label(), "wizard-web:2");
}

#[tokio::test]
async fn an_invalid_form_never_submits() {
    let mut w = TaskDefWizard::new(REGION, Vec::new());
    w.set_roles(Ok(Vec::new()));
    set_text(&mut w, kinds::TASK, 0, ids::FAMILY, "invalid");
    set_text(&mut w, kinds::CONTAINER, 0, ids::NAME, "app");
    set_text(&mut w, kinds::CONTAINER, 0, ids::IMAGE, "nginx");
    key(&mut w, KeyCode::Char('s'), KeyModifiers::CONTROL);
    assert_eq!(
        key(&mut w, KeyCode::Enter, KeyModifiers::NONE),
        WizardOutcome::None
    );
    assert!(
        !w.problems().is_empty(),
        "awslogs without an execution role"
    );
}
