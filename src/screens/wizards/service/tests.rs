//! The create-service wizard driven by keys, as the operator would, with the lists it asks for
//! answered from a small region.

use crossterm::event::KeyCode;
use serde_json::json;

use super::*;
use crate::action::Action;
use crate::effect::{Effect, ScreenId};
use crate::form::Focus;
use crate::screens::wizards::launch::capacity;
use crate::screens::wizards::launch::fixtures::*;
use crate::screens::{Entry, Route};
use crate::state::{AppConfig, Overlay, PendingOp, State};

fn press(w: &mut ServiceWizard, code: KeyCode) -> WizardOutcome<NewService> {
    w.handle_key(key(code), km())
}

fn type_text(w: &mut ServiceWizard, text: &str) {
    for c in text.chars() {
        press(w, KeyCode::Char(c));
    }
}

/// Focuses field `id` with the arrow keys, from the top.
fn focus(w: &mut ServiceWizard, id: &str) {
    w.form.focus = Focus::default();
    for _ in 0..60 {
        if w.form.focused().map(|f| f.id) == Some(id) {
            return;
        }
        press(w, KeyCode::Down);
    }
    panic!("no visible field {id}");
}

fn set_text(w: &mut ServiceWizard, id: &str, text: &str) {
    focus(w, id);
    w.handle_key(ctrl('u'), km());
    type_text(w, text);
    settle(w);
}

/// Cycles choice `id` until it holds `value`.
fn choose(w: &mut ServiceWizard, id: &str, value: &str) {
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

fn toggle(w: &mut ServiceWizard, id: &str) {
    focus(w, id);
    press(w, KeyCode::Char(' '));
    settle(w);
}

/// Answers every list the wizard wants until it wants nothing more; returns what it asked.
fn settle(w: &mut ServiceWizard) -> Vec<Job> {
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

fn error(w: &ServiceWizard, id: &str) -> String {
    launch::field(&w.form, id)
        .and_then(|f| f.error.clone())
        .unwrap_or_default()
}

fn messages(w: &ServiceWizard) -> Vec<String> {
    w.problems().iter().map(|p| p.message.clone()).collect()
}

/// `c` on prod-fargate's page: the cluster and its services known.
fn in_prod() -> ServiceWizard {
    let start = Start {
        cluster: Some("prod-fargate".into()),
        clusters: Some(clusters()),
        services: Some(vec!["web".into(), "worker".into()]),
        ..Start::default()
    };
    let mut w = ServiceWizard::new(start);
    settle(&mut w);
    w
}

/// A valid Fargate service of web:3 in prod-fargate, on the default VPC as preset.
fn fargate() -> ServiceWizard {
    let mut w = in_prod();
    set_text(&mut w, ids::NAME, "shop-api");
    set_text(&mut w, ids::FAMILY, "web");
    w
}

#[test]
fn a_cluster_page_opens_it_preset_and_asks_only_for_what_is_missing() {
    let start = Start {
        cluster: Some("prod-fargate".into()),
        clusters: Some(clusters()),
        services: Some(vec!["web".into()]),
        ..Start::default()
    };
    let mut w = ServiceWizard::new(start);
    let asked = settle(&mut w);
    assert_eq!(
        asked,
        [
            Job::Families {
                status: FamilyFilter::Active,
                prefix: None
            },
            Job::Vpcs,
            Job::Subnets {
                vpc: Some(VPC.into())
            },
            Job::SecurityGroups {
                vpc: Some(VPC.into())
            },
        ],
        "the clusters and services were known"
    );
    assert_eq!(value(&w.form, ids::CLUSTER), "prod-fargate");
    assert!(
        value(&w.form, ids::VPC).starts_with(VPC),
        "the default VPC is preselected"
    );
    assert_eq!(
        launch::picked(&w.form, ids::SUBNETS),
        ["subnet-0a", "subnet-0b", "subnet-0c"]
    );
    assert_eq!(launch::picked(&w.form, ids::SECURITY_GROUPS), ["sg-0def"]);
    assert!(
        !w.is_changed(),
        "lists arriving change nothing the operator did"
    );
}

#[test]
fn a_revision_opens_it_preset_and_describes_it() {
    let start = Start {
        revision: Some(rev("web", 3, "ACTIVE")),
        ..Start::default()
    };
    let mut w = ServiceWizard::new(start);
    let asked = settle(&mut w);
    for job in [
        Job::Clusters,
        Job::ActiveRevisions {
            family: "web".into(),
        },
        Job::DescribeTaskDefs {
            arns: vec![rev("web", 3, "ACTIVE").arn],
        },
    ] {
        assert!(asked.contains(&job), "{job:?} in {asked:?}");
    }
    assert_eq!(value(&w.form, ids::FAMILY), "web");
    assert_eq!(w.spec().task_definition, "web:3");
    assert_eq!(error(&w, ids::CLUSTER), "choose the cluster");
    set_text(&mut w, ids::CLUSTER, "prod-fargate");
    set_text(&mut w, ids::NAME, "web");
    assert!(
        error(&w, ids::NAME).contains("already has a service named web"),
        "the chosen cluster's services are fetched: {:?}",
        messages(&w)
    );
}

#[test]
fn the_fargate_awsvpc_request_is_exact() {
    let w = fargate();
    assert!(w.problems().is_empty(), "{:?}", messages(&w));
    assert_eq!(
        w.request(),
        json!({
            "cluster": "prod-fargate",
            "serviceName": "shop-api",
            "taskDefinition": "web:3",
            "desiredCount": 1,
            "launchType": "FARGATE",
            "networkConfiguration": {"awsvpcConfiguration": {
                "subnets": ["subnet-0a", "subnet-0b", "subnet-0c"],
                "securityGroups": ["sg-0def"],
                "assignPublicIp": "ENABLED"
            }},
            "deploymentConfiguration": {
                "deploymentCircuitBreaker": {"enable": true, "rollback": true},
                "maximumPercent": 200,
                "minimumHealthyPercent": 100
            }
        })
    );
    assert!(
        w.cli()
            .starts_with("aws ecs create-service --cli-input-json '{\"cluster\":\"prod-fargate\"")
    );
    let review = w.review_lines();
    assert!(review.contains(&ReviewLine::Code(w.cli())));
    assert!(review.contains(&ReviewLine::Code("  \"serviceName\": \"shop-api\",".into())));
}

#[test]
fn an_ec2_bridge_service_sends_no_network_and_hides_it() {
    let mut w = in_prod();
    set_text(&mut w, ids::CLUSTER, "legacy-ec2");
    set_text(&mut w, ids::NAME, "api");
    set_text(&mut w, ids::FAMILY, "api");
    assert_eq!(
        value(&w.form, ids::CAPACITY),
        capacity::EC2,
        "follows the revision"
    );
    set_text(&mut w, ids::DESIRED, "2");
    toggle(&mut w, ids::CIRCUIT_BREAKER);
    assert!(w.problems().is_empty(), "{:?}", messages(&w));
    assert!(launch::field(&w.form, ids::SUBNETS).is_some_and(|f| f.hidden));
    assert!(launch::field(&w.form, ids::ROLLBACK).is_some_and(|f| f.hidden));
    assert_eq!(
        w.request(),
        json!({
            "cluster": "legacy-ec2",
            "serviceName": "api",
            "taskDefinition": "api:1",
            "desiredCount": 2,
            "launchType": "EC2",
            "deploymentConfiguration": {
                "deploymentCircuitBreaker": {"enable": false, "rollback": false},
                "maximumPercent": 200,
                "minimumHealthyPercent": 100
            }
        })
    );
}

#[test]
fn a_load_balancer_sends_the_target_group_container_and_port() {
    let mut w = fargate();
    toggle(&mut w, ids::LOAD_BALANCER);
    assert_eq!(error(&w, ids::TARGET_GROUP), "choose a target group");
    set_text(&mut w, ids::TARGET_GROUP, "orphan-tg");
    assert!(error(&w, ids::TARGET_GROUP).contains("not attached to a load balancer"));
    set_text(&mut w, ids::TARGET_GROUP, "legacy-tg");
    assert!(error(&w, ids::TARGET_GROUP).contains("target type instance"));
    set_text(&mut w, ids::TARGET_GROUP, "web-tg");
    choose(&mut w, ids::LB_CONTAINER, "nginx");
    assert_eq!(
        value(&w.form, ids::LB_PORT),
        "80",
        "the container's port follows"
    );
    assert!(w.problems().is_empty(), "{:?}", messages(&w));
    assert_eq!(
        w.request()["loadBalancers"],
        json!([{
            "targetGroupArn": target_groups()[0].arn,
            "containerName": "nginx",
            "containerPort": 80
        }])
    );
}

#[test]
fn service_connect_sends_the_namespace_and_the_port_name() {
    let mut w = fargate();
    toggle(&mut w, ids::SERVICE_CONNECT);
    assert_eq!(
        value(&w.form, ids::NAMESPACE),
        "shop",
        "the cluster's default namespace comes first"
    );
    assert_eq!(
        w.request()["serviceConnectConfiguration"],
        json!({"enabled": true, "namespace": namespaces()[0].arn}),
        "client only: no port published"
    );
    choose(&mut w, ids::PORT_NAME, "app-8080-tcp");
    assert!(w.problems().is_empty(), "{:?}", messages(&w));
    assert_eq!(
        w.request()["serviceConnectConfiguration"],
        json!({
            "enabled": true,
            "namespace": namespaces()[0].arn,
            "services": [{"portName": "app-8080-tcp"}]
        })
    );
    set_text(&mut w, ids::NAMESPACE, "");
    assert_eq!(error(&w, ids::NAMESPACE), "choose a namespace");
}

#[test]
fn names_and_counts_are_checked_as_typed() {
    let mut w = fargate();
    set_text(&mut w, ids::NAME, "web");
    assert!(error(&w, ids::NAME).contains("already has a service named web"));
    set_text(&mut w, ids::NAME, "shop api");
    assert!(error(&w, ids::NAME).contains("letters, digits, hyphens and underscores"));
    set_text(&mut w, ids::NAME, &"a".repeat(256));
    assert!(error(&w, ids::NAME).contains("longer than 255"));
    set_text(&mut w, ids::NAME, "shop-api");
    set_text(&mut w, ids::DESIRED, "-1");
    assert!(error(&w, ids::DESIRED).contains("cannot be negative"));
    set_text(&mut w, ids::DESIRED, "two");
    assert!(error(&w, ids::DESIRED).contains("whole number"));
    set_text(&mut w, ids::DESIRED, "0");
    assert!(w.problems().is_empty(), "0 is allowed: {:?}", messages(&w));
    set_text(&mut w, ids::MIN_HEALTHY, "100");
    set_text(&mut w, ids::MAX_PERCENT, "100");
    assert!(error(&w, ids::MAX_PERCENT).contains("cannot replace any task"));
    set_text(&mut w, ids::MIN_HEALTHY, "150");
    assert!(error(&w, ids::MIN_HEALTHY).contains("0 to 100"));
}

#[test]
fn awsvpc_needs_1_to_16_subnets_and_at_most_5_groups() {
    let mut w = fargate();
    // Unpick the three preset subnets.
    focus(&mut w, ids::SUBNETS);
    for _ in 0..3 {
        press(&mut w, KeyCode::Char(' '));
        press(&mut w, KeyCode::Right);
    }
    assert!(launch::picked(&w.form, ids::SUBNETS).is_empty());
    assert_eq!(error(&w, ids::SUBNETS), "awsvpc needs at least one subnet");

    let many: Vec<String> = (0..17).map(|i| format!("subnet-{i:02}")).collect();
    if let Some(f) = field_mut(&mut w.form, ids::SUBNETS) {
        f.set_value(&many.join(","));
    }
    w.edited();
    assert!(error(&w, ids::SUBNETS).contains("at most 16 subnets (17 picked)"));
    assert!(
        launch::field(&w.form, ids::SUBNETS)
            .and_then(|f| f.warning.clone())
            .is_some_and(|warn| warn.contains("not among the VPC's subnets")),
        "typed ids are sent as typed, with a warning"
    );

    let groups: Vec<String> = (0..6).map(|i| format!("sg-{i}")).collect();
    if let Some(f) = field_mut(&mut w.form, ids::SECURITY_GROUPS) {
        f.set_value(&groups.join(","));
    }
    w.edited();
    assert!(error(&w, ids::SECURITY_GROUPS).contains("at most 5 security groups (6 picked)"));
}

#[test]
fn a_typed_subnet_is_checked_for_its_shape_and_can_be_unpicked() {
    let mut w = fargate();
    focus(&mut w, ids::SUBNETS);
    type_text(&mut w, "subnet-xyz");
    press(&mut w, KeyCode::Char(' '));
    assert!(launch::picked(&w.form, ids::SUBNETS).contains(&"subnet-xyz".to_string()));
    assert!(
        error(&w, ids::SUBNETS).contains("malformed subnet id: subnet-xyz"),
        "a malformed id blocks the request: {}",
        error(&w, ids::SUBNETS)
    );
    // The typed id is listed (marked typed): filtering to it and space unpicks it.
    type_text(&mut w, "xyz");
    press(&mut w, KeyCode::Char(' '));
    assert!(!launch::picked(&w.form, ids::SUBNETS).contains(&"subnet-xyz".to_string()));
    assert!(!error(&w, ids::SUBNETS).contains("malformed"));
    // A well-formed id the VPC does not list is only warned about.
    w.handle_key(ctrl('u'), km());
    type_text(&mut w, "subnet-0123456789abcdef0");
    press(&mut w, KeyCode::Char(' '));
    assert!(!error(&w, ids::SUBNETS).contains("malformed"));
    assert!(
        launch::field(&w.form, ids::SUBNETS)
            .and_then(|f| f.warning.clone())
            .is_some_and(|warn| warn.contains("subnet-0123456789abcdef0")),
    );
}

#[test]
fn another_vpc_brings_its_own_subnets_and_a_half_typed_one_asks_nothing() {
    let mut w = fargate();
    focus(&mut w, ids::VPC);
    w.handle_key(ctrl('u'), km());
    type_text(&mut w, "vpc-0a");
    assert_eq!(w.take_wanted(), None, "nothing is asked per key");
    assert!(error(&w, ids::VPC).contains("not one of the region's VPCs"));
    type_text(&mut w, "pp");
    assert_eq!(
        settle(&mut w),
        [
            Job::Subnets {
                vpc: Some("vpc-0app".into())
            },
            Job::SecurityGroups {
                vpc: Some("vpc-0app".into())
            }
        ]
    );
    assert!(
        launch::picked(&w.form, ids::SUBNETS).is_empty(),
        "the old VPC's picks are dropped"
    );
    assert_eq!(error(&w, ids::SUBNETS), "awsvpc needs at least one subnet");
}

#[test]
fn fargate_refuses_a_bridge_revision_and_an_inactive_revision_is_refused() {
    let mut w = in_prod();
    set_text(&mut w, ids::NAME, "api");
    set_text(&mut w, ids::FAMILY, "api");
    choose(&mut w, ids::CAPACITY, capacity::FARGATE);
    let e = error(&w, ids::CAPACITY);
    assert!(e.contains("Fargate runs only awsvpc"), "{e}");
    assert!(e.contains("compatible with EC2 only, not FARGATE"), "{e}");

    let start = Start {
        cluster: Some("prod-fargate".into()),
        clusters: Some(clusters()),
        revision: Some(rev("web", 1, "INACTIVE")),
        ..Start::default()
    };
    let mut w = ServiceWizard::new(start);
    settle(&mut w);
    assert_eq!(w.spec().task_definition, "web:1", "shown as it was opened");
    assert!(
        error(&w, ids::REVISION).contains("web:1 is INACTIVE"),
        "{:?}",
        messages(&w)
    );
}

#[test]
fn a_strategy_is_parsed_and_checked_against_the_cluster() {
    let mut w = fargate();
    choose(&mut w, ids::CAPACITY, capacity::STRATEGY);
    assert!(error(&w, ids::STRATEGY).contains("at least one capacity provider"));
    set_text(&mut w, ids::STRATEGY, "FARGATE:x");
    assert!(error(&w, ids::STRATEGY).contains("weight of FARGATE must be a number"));
    set_text(&mut w, ids::STRATEGY, "FARGATE:1:1 FARGATE_SPOT:1:1");
    assert!(error(&w, ids::STRATEGY).contains("only one strategy entry"));
    set_text(&mut w, ids::STRATEGY, "FARGATE:1 my-asg:1");
    assert!(error(&w, ids::STRATEGY).contains("not a capacity provider of this cluster"));
    set_text(&mut w, ids::STRATEGY, "FARGATE:1:1 FARGATE_SPOT:3");
    assert!(w.problems().is_empty(), "{:?}", messages(&w));
    let body = w.request();
    assert_eq!(body.get("launchType"), None);
    assert_eq!(
        body["capacityProviderStrategy"],
        json!([
            {"capacityProvider": "FARGATE", "weight": 1, "base": 1},
            {"capacityProvider": "FARGATE_SPOT", "weight": 3, "base": 0}
        ])
    );
    assert_eq!(
        body["networkConfiguration"]["awsvpcConfiguration"]["assignPublicIp"], "ENABLED",
        "a Fargate strategy is Fargate"
    );
    choose(&mut w, ids::CAPACITY, capacity::DEFAULT);
    let body = w.request();
    assert_eq!(body.get("capacityProviderStrategy"), None);
    assert_eq!(
        body.get("launchType"),
        None,
        "the cluster's default applies"
    );
}

#[test]
fn tags_and_exec_go_into_the_request() {
    let mut w = fargate();
    set_text(&mut w, ids::TAGS, "team=shop 'env=prod eu'");
    toggle(&mut w, ids::EXEC);
    let body = w.request();
    assert_eq!(body["enableExecuteCommand"], true);
    assert_eq!(
        body["tags"],
        json!([{"key": "team", "value": "shop"}, {"key": "env", "value": "prod eu"}])
    );
    set_text(&mut w, ids::TAGS, "aws:x=1");
    assert!(error(&w, ids::TAGS).contains("reserved"));
}

// ---- keys through the app: submit once, read-only, discard, result ----

fn state_with(w: ServiceWizard, read_only: bool) -> State {
    let config = AppConfig {
        read_only,
        ..AppConfig::default()
    };
    let mut s = State::new(config, km().clone(), (80, 24));
    let id = ScreenId(s.app.next_id());
    s.routes
        .push(Entry::new(id, Route::ServiceWizard(Box::new(w))));
    s
}

fn send(s: &mut State, k: crossterm::event::KeyEvent) -> Vec<Effect> {
    crate::update::update(s, Action::Key(k))
}

fn creates(effects: &[Effect]) -> Vec<crate::effect::Ticket> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Run {
                ticket,
                job: Job::CreateService(_),
            } => Some(*ticket),
            _ => None,
        })
        .collect()
}

fn wizard(s: &State) -> &ServiceWizard {
    match s.route() {
        Route::ServiceWizard(w) => w,
        other => panic!("not the wizard: {other:?}"),
    }
}

#[test]
fn submit_from_the_review_sends_exactly_one_create_and_the_form_survives_an_error() {
    let mut s = state_with(fargate(), false);
    assert!(
        creates(&send(&mut s, key(KeyCode::Enter))).is_empty(),
        "enter moves on while editing"
    );
    send(&mut s, ctrl('s'));
    assert_eq!(wizard(&s).flow.stage(), Stage::Review);
    let effects = send(&mut s, key(KeyCode::Enter));
    let sent = creates(&effects);
    assert_eq!(sent.len(), 1, "{effects:?}");
    assert!(
        creates(&send(&mut s, key(KeyCode::Enter))).is_empty(),
        "a second enter waits for the first"
    );
    let error = crate::model::AwsError::other("AccessDeniedException: not allowed");
    crate::update::update(
        &mut s,
        Action::Done {
            ticket: sent[0],
            outcome: Outcome::ServiceCreated(Err(error)),
        },
    );
    let w = wizard(&s);
    assert!(
        w.flow
            .submit_error()
            .is_some_and(|e| e.contains("not allowed"))
    );
    assert_eq!(value(&w.form, ids::NAME), "shop-api", "the form is kept");
    let sent = creates(&send(&mut s, key(KeyCode::Enter)));
    assert_eq!(sent.len(), 1, "retry after an error");

    let mut created = crate::model::service::Service::named("prod-fargate", "shop-api");
    created.task_definition = rev("web", 3, "ACTIVE").arn;
    crate::update::update(
        &mut s,
        Action::Done {
            ticket: sent[0],
            outcome: Outcome::ServiceCreated(Ok(Box::new(created))),
        },
    );
    match s.route() {
        Route::Service(page) => assert_eq!(page.name, "shop-api"),
        other => panic!("the new service's page opens: {other:?}"),
    }
    assert!(
        !s.routes
            .iter()
            .any(|e| matches!(e.route, Route::ServiceWizard(_))),
        "the wizard closed"
    );
}

#[test]
fn read_only_fills_and_reviews_but_refuses_to_submit() {
    let mut s = state_with(fargate(), true);
    send(&mut s, ctrl('s'));
    let effects = send(&mut s, key(KeyCode::Enter));
    assert!(creates(&effects).is_empty(), "{effects:?}");
    assert!(
        wizard(&s)
            .flow
            .submit_error()
            .is_some_and(|e| e.contains("read-only mode: creating a service is disabled"))
    );
}

#[test]
fn esc_on_a_changed_form_asks_and_an_untouched_one_closes() {
    let mut s = state_with(in_prod(), false);
    send(&mut s, key(KeyCode::Esc));
    assert!(
        !matches!(s.route(), Route::ServiceWizard(_)),
        "an untouched form closes at once"
    );

    let mut s = state_with(in_prod(), false);
    send(&mut s, ctrl('u'));
    send(&mut s, key(KeyCode::Char('x')));
    send(&mut s, key(KeyCode::Esc));
    assert!(matches!(
        &s.app.overlay,
        Some(Overlay::Confirm(d)) if d.op == PendingOp::DiscardWizard
    ));
    assert!(matches!(s.route(), Route::ServiceWizard(_)));
}

#[test]
fn the_lists_the_wizard_wants_go_out_as_jobs() {
    let start = Start {
        cluster: Some("prod-fargate".into()),
        ..Start::default()
    };
    let mut s = State::new(AppConfig::default(), km().clone(), (80, 24));
    let root = s.routes.top().id;
    let effects = crate::update::router::navigate(
        &mut s,
        root,
        crate::screens::Nav::Push(Route::ServiceWizard(Box::new(ServiceWizard::new(start)))),
    );
    let jobs: Vec<&Job> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Run { job, .. } => Some(job),
            _ => None,
        })
        .collect();
    assert!(jobs.contains(&&Job::Clusters), "{jobs:?}");
    assert!(jobs.contains(&&Job::Vpcs), "{jobs:?}");
}
