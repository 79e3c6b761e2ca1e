//! The run-task wizard driven by keys, with the lists it asks for answered from a small region.

use crossterm::event::KeyCode;
use serde_json::json;

use super::*;
use crate::action::Action;
use crate::effect::{Effect, Outcome, ScreenId};
use crate::form::Focus;
use crate::screens::wizards::launch::fixtures::*;
use crate::screens::wizards::launch::{self, Start};
use crate::screens::{Entry, Route};
use crate::state::{AppConfig, Overlay, PendingOp, State};

fn press(w: &mut RunTaskWizard, code: KeyCode) -> WizardOutcome<NewTask> {
    w.handle_key(key(code), km())
}

fn focus(w: &mut RunTaskWizard, id: &str) {
    w.form.focus = Focus::default();
    for _ in 0..40 {
        if w.form.focused().map(|f| f.id) == Some(id) {
            return;
        }
        press(w, KeyCode::Down);
    }
    panic!("no visible field {id}");
}

fn set_text(w: &mut RunTaskWizard, id: &str, text: &str) {
    focus(w, id);
    w.handle_key(ctrl('u'), km());
    for c in text.chars() {
        press(w, KeyCode::Char(c));
    }
    settle(w);
}

fn choose(w: &mut RunTaskWizard, id: &str, value: &str) {
    focus(w, id);
    for _ in 0..8 {
        if w.form.focused().map(|f| f.value()) == Some(value) {
            settle(w);
            return;
        }
        press(w, KeyCode::Right);
    }
    panic!("{id} cannot be {value}");
}

fn settle(w: &mut RunTaskWizard) -> Vec<Job> {
    let mut asked = Vec::new();
    for _ in 0..50 {
        let Some(job) = w.take_wanted() else {
            break;
        };
        if let Some(outcome) = answer(&job) {
            w.absorb(outcome);
        }
        asked.push(job);
    }
    asked
}

fn error(w: &RunTaskWizard, id: &str) -> String {
    launch::field(&w.form, id)
        .and_then(|f| f.error.clone())
        .unwrap_or_default()
}

fn messages(w: &RunTaskWizard) -> Vec<String> {
    w.problems().iter().map(|p| p.message.clone()).collect()
}

/// `R` on web:3 while prod-fargate was the cluster looked at.
fn web_in_prod() -> RunTaskWizard {
    let start = Start {
        cluster: Some("prod-fargate".into()),
        ..Start::default()
    };
    let mut w = RunTaskWizard::new(rev("web", 3, "ACTIVE"), start);
    settle(&mut w);
    w
}

#[test]
fn it_opens_on_the_revision_and_asks_for_what_it_needs() {
    let start = Start {
        cluster: Some("prod-fargate".into()),
        ..Start::default()
    };
    let mut w = RunTaskWizard::new(rev("web", 3, "ACTIVE"), start);
    let asked = settle(&mut w);
    assert_eq!(
        asked[..3],
        [
            Job::Clusters,
            Job::DescribeTaskDefs {
                arns: vec![rev("web", 3, "ACTIVE").arn]
            },
            Job::Vpcs
        ]
    );
    assert_eq!(w.title(), "Run task · web:3");
    assert!(w.problems().is_empty(), "{:?}", messages(&w));
    assert_eq!(
        w.request(),
        json!({
            "cluster": "prod-fargate",
            "taskDefinition": "web:3",
            "count": 1,
            "launchType": "FARGATE",
            "networkConfiguration": {"awsvpcConfiguration": {
                "subnets": ["subnet-0a", "subnet-0b", "subnet-0c"],
                "securityGroups": ["sg-0def"],
                "assignPublicIp": "ENABLED"
            }}
        })
    );
    assert!(w.cli().starts_with("aws ecs run-task --cli-input-json '{"));
}

#[test]
fn the_command_override_is_typed_like_a_shell_line_and_sent_as_a_json_array() {
    let mut w = web_in_prod();
    choose(&mut w, ids::CONTAINER, "nginx");
    set_text(&mut w, ids::COMMAND, r#"sh -c 'echo "hi there"'"#);
    assert_eq!(
        launch::field(&w.form, ids::COMMAND).and_then(|f| f.preview.clone()),
        Some(r#"["sh","-c","echo \"hi there\""]"#.to_string())
    );
    set_text(&mut w, ids::STARTED_BY, "ops/migrate_1");
    set_text(&mut w, ids::COUNT, "2");
    assert!(w.problems().is_empty(), "{:?}", messages(&w));
    let body = w.request();
    assert_eq!(
        body["overrides"],
        json!({"containerOverrides": [
            {"name": "nginx", "command": ["sh", "-c", "echo \"hi there\""]}
        ]})
    );
    assert_eq!(body["startedBy"], "ops/migrate_1");
    assert_eq!(body["count"], 2);
    set_text(&mut w, ids::COMMAND, "sh -c 'unclosed");
    assert!(error(&w, ids::COMMAND).contains("not closed"));
}

#[test]
fn a_cluster_the_region_does_not_have_is_a_problem_not_ready() {
    let mut w = web_in_prod();
    set_text(&mut w, ids::CLUSTER, "prod-fargat");
    assert_eq!(
        error(&w, ids::CLUSTER),
        "no cluster named prod-fargat in this region: pick one (←/→)"
    );
    set_text(&mut w, ids::CLUSTER, "prod-fargate");
    assert_eq!(error(&w, ids::CLUSTER), "");
}

#[test]
fn count_and_started_by_are_checked() {
    let mut w = web_in_prod();
    for (count, reason) in [("0", "1 to 10"), ("11", "1 to 10"), ("x", "whole number")] {
        set_text(&mut w, ids::COUNT, count);
        assert!(
            error(&w, ids::COUNT).contains(reason),
            "{count}: {:?}",
            messages(&w)
        );
    }
    set_text(&mut w, ids::COUNT, "10");
    set_text(&mut w, ids::STARTED_BY, "me and you");
    assert!(error(&w, ids::STARTED_BY).contains("letters, digits"));
}

#[test]
fn an_ec2_bridge_task_sends_no_network_and_keeps_the_containers_command() {
    let start = Start {
        cluster: Some("legacy-ec2".into()),
        described: Some(api()),
        ..Start::default()
    };
    let mut w = RunTaskWizard::new(rev("api", 1, "ACTIVE"), start);
    let asked = settle(&mut w);
    assert!(
        !asked
            .iter()
            .any(|j| matches!(j, Job::DescribeTaskDefs { .. } | Job::Vpcs)),
        "described already, and bridge needs no VPC: {asked:?}"
    );
    assert!(w.problems().is_empty(), "{:?}", messages(&w));
    assert_eq!(
        w.request(),
        json!({"cluster": "legacy-ec2", "taskDefinition": "api:1", "count": 1, "launchType": "EC2"})
    );
    assert_eq!(
        launch::field(&w.form, ids::COMMAND).and_then(|f| f.preview.clone()),
        Some(r#"keeps ["./api","--serve"]"#.to_string())
    );
}

#[test]
fn fargate_refuses_a_bridge_revision() {
    let start = Start {
        cluster: Some("legacy-ec2".into()),
        described: Some(api()),
        ..Start::default()
    };
    let mut w = RunTaskWizard::new(rev("api", 1, "ACTIVE"), start);
    settle(&mut w);
    choose(&mut w, ids::CAPACITY, launch::capacity::FARGATE);
    assert!(error(&w, ids::CAPACITY).contains("Fargate runs only awsvpc"));
}

fn state_with(w: RunTaskWizard, read_only: bool) -> State {
    let config = AppConfig {
        read_only,
        ..AppConfig::default()
    };
    let mut s = State::new(config, km().clone(), (80, 24));
    let id = ScreenId(s.app.next_id());
    s.routes
        .push(Entry::new(id, Route::RunTaskWizard(Box::new(w))));
    s
}

fn send(s: &mut State, k: crossterm::event::KeyEvent) -> Vec<Effect> {
    crate::update::update(s, Action::Key(k))
}

fn runs(effects: &[Effect]) -> Vec<crate::effect::Ticket> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Run {
                ticket,
                job: Job::RunTask(_),
            } => Some(*ticket),
            _ => None,
        })
        .collect()
}

#[test]
fn one_run_then_the_result_lists_tasks_and_failures_and_enter_opens_the_tasks() {
    let mut s = state_with(web_in_prod(), false);
    send(&mut s, ctrl('s'));
    let sent = runs(&send(&mut s, key(KeyCode::Enter)));
    assert_eq!(sent.len(), 1);
    assert!(runs(&send(&mut s, key(KeyCode::Enter))).is_empty());
    crate::update::update(
        &mut s,
        Action::Done {
            ticket: sent[0],
            outcome: Outcome::TasksStarted(Ok((
                vec![task("0a1b2c3d")],
                vec![
                    "arn:aws:ecs:us-east-1:123456789012:container-instance/x: RESOURCE:MEMORY"
                        .into(),
                ],
            ))),
        },
    );
    let Route::RunTaskWizard(w) = s.route() else {
        panic!("the result shows in the wizard");
    };
    assert_eq!(w.flow.stage(), Stage::Done);
    let result = w.flow.result().join("\n");
    assert!(
        result.contains("Started 1 of 1 task of web:3 in prod-fargate."),
        "{result}"
    );
    assert!(result.contains("task 0a1b2c3d · PROVISIONING"), "{result}");
    assert!(result.contains("RESOURCE:MEMORY"), "{result}");
    send(&mut s, key(KeyCode::Enter));
    match s.route() {
        Route::Tasks(t) => assert_eq!(t.cluster, clusters()[0].arn),
        other => panic!("the cluster's tasks open: {other:?}"),
    }
    assert!(
        !s.routes
            .iter()
            .any(|e| matches!(e.route, Route::RunTaskWizard(_))),
        "the wizard closed"
    );
}

#[test]
fn read_only_refuses_and_a_changed_form_asks_before_closing() {
    let mut s = state_with(web_in_prod(), true);
    send(&mut s, ctrl('s'));
    assert!(runs(&send(&mut s, key(KeyCode::Enter))).is_empty());
    let Route::RunTaskWizard(w) = s.route() else {
        panic!("still the wizard");
    };
    assert!(
        w.flow
            .submit_error()
            .is_some_and(|e| e.contains("running a task is disabled"))
    );
    send(&mut s, key(KeyCode::Esc)); // back to the form
    send(&mut s, key(KeyCode::Char('x'))); // typed into the cluster
    send(&mut s, key(KeyCode::Esc));
    assert!(matches!(
        &s.app.overlay,
        Some(Overlay::Confirm(d)) if d.op == PendingOp::DiscardWizard
    ));
}
