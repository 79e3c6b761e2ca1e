//! update() for the resource tree (`T`): what loads when, what a lookup's answer shows, the
//! findings it feeds, and that leaving cancels.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use serde_json::json;

use super::tests::{done, key, ticket_of};
use super::*;
use crate::effect::{Job, Outcome, Owner};
use crate::keymap::Keymap;
use crate::model::TaskDefinition;
use crate::model::resources::{Lookup, LookupAnswer, Presence, RoleInfo};
use crate::model::service::{LoadBalancer, NetworkConfig, Service};
use crate::screens::Route;
use crate::screens::tree::nodes::NodeState;
use crate::state::{AppConfig, State};

const TD: &str = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7";

fn service() -> Service {
    let mut s = Service::named("prod", "web");
    s.task_definition = TD.into();
    s.network = Some(NetworkConfig {
        subnets: vec!["subnet-0123456789abcdef0".into()],
        security_groups: vec!["sg-0123456789abcdef0".into()],
        assign_public_ip: None,
    });
    s.load_balancers = vec![LoadBalancer {
        target_group_arn: Some(
            "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/0123".into(),
        ),
        load_balancer_name: None,
        container_name: Some("app".into()),
        container_port: Some(8080),
    }];
    s
}

fn revision() -> TaskDefinition {
    let json = json!({
        "taskDefinitionArn": TD,
        "family": "web",
        "revision": 7,
        "taskRoleArn": "arn:aws:iam::123456789012:role/web-task",
        "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
        "containerDefinitions": [{
            "name": "app",
            "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/web:latest",
            "essential": true,
            "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/web"}}
        }]
    });
    TaskDefinition {
        arn: TD.into(),
        family: "web".into(),
        revision: 7,
        status: "ACTIVE".into(),
        task_role: Some("arn:aws:iam::123456789012:role/web-task".into()),
        execution_role: Some("arn:aws:iam::123456789012:role/ecsTaskExecutionRole".into()),
        json,
        ..TaskDefinition::default()
    }
}

fn tree_state() -> (State, Vec<Effect>) {
    let config = AppConfig {
        region: "us-east-1".into(),
        refresh: Some(Duration::from_secs(30)),
        ..Default::default()
    };
    let mut s = State::new(config, Keymap::default_keymap(), (100, 30));
    let top = s.routes.top().id;
    let mut page = crate::screens::service::ServiceScreen::from_list(&service());
    page.service = crate::state::Loadable::with(service());
    router::navigate(
        &mut s,
        top,
        crate::screens::Nav::Push(Route::Service(Box::new(page))),
    );
    let effects = update(&mut s, key('T'));
    (s, effects)
}

fn tree(s: &State) -> &crate::screens::tree::TreeScreen {
    match s.route() {
        Route::Tree(t) => t,
        _ => panic!("the tree is on top"),
    }
}

fn node_named<'a>(s: &'a State, kind: &str) -> (usize, &'a crate::screens::tree::nodes::Node) {
    tree(s)
        .tree
        .nodes
        .iter()
        .enumerate()
        .find(|(_, n)| n.kind == kind)
        .unwrap_or_else(|| panic!("no {kind} node"))
}

fn lookups(effects: &[Effect]) -> Vec<Lookup> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Run {
                job: Job::TreeLookup { lookup, .. },
                ..
            } => Some(lookup.clone()),
            _ => None,
        })
        .collect()
}

/// Answers the log group's lookup (started by `effects`): it does not exist. Its node.
fn log_group_missing(s: &mut State, effects: &[Effect]) -> usize {
    let (lg, _) = node_named(s, "log group");
    let t = ticket_of(effects, |j| {
        matches!(
            j,
            Job::TreeLookup {
                lookup: Lookup::LogGroup { .. },
                ..
            }
        )
    });
    done(
        s,
        t,
        Outcome::TreeLookup {
            node: lg,
            result: Ok(LookupAnswer::LogGroup(Presence::Missing(
                "no log group /ecs/web".into(),
            ))),
        },
    );
    lg
}

#[test]
fn t_on_a_service_loads_its_first_level_concurrently_and_describes_the_revision() {
    let (s, effects) = tree_state();
    assert!(matches!(s.route(), Route::Tree(_)));
    let started = lookups(&effects);
    assert!(
        started.iter().any(|l| matches!(l, Lookup::Network { .. })),
        "{started:?}"
    );
    assert!(
        started
            .iter()
            .any(|l| matches!(l, Lookup::TargetGroup { .. }))
    );
    assert!(
        started
            .iter()
            .any(|l| matches!(l, Lookup::Role { arn } if arn.ends_with("AWSServiceRoleForECS"))),
        "a service without a role uses the service-linked role"
    );
    assert!(effects.iter().any(|e| matches!(
        e,
        Effect::Run { job: Job::DescribeTaskDefs { arns }, .. } if arns == &[TD.to_string()]
    )));
}

#[test]
fn the_described_revision_adds_roles_containers_and_findings_which_lookups_complete() {
    let (mut s, effects) = tree_state();
    let t = ticket_of(&effects, |j| matches!(j, Job::DescribeTaskDefs { .. }));
    let effects = done(
        &mut s,
        t,
        Outcome::Described(vec![(TD.into(), Ok(revision()))]),
    );
    let started = lookups(&effects);
    assert!(started.contains(&Lookup::LogGroup {
        name: "/ecs/web".into()
    }));
    assert!(started.contains(&Lookup::Image {
        registry: Some("123456789012".into()),
        repository: "shop/web".into(),
        tag: "latest".into()
    }));
    assert!(started.contains(&Lookup::Role {
        arn: "arn:aws:iam::123456789012:role/web-task".into()
    }));
    let (_, findings) = node_named(&s, "findings");
    // From the revision alone: the latest tag, and no health check behind the target group.
    assert_eq!(findings.name, "2 to fix");

    // The log group is missing: a finding more, and the node says so.
    let lg = log_group_missing(&mut s, &effects);
    assert!(matches!(
        tree(&s).tree.nodes[lg].state,
        NodeState::Missing(_)
    ));
    assert_eq!(node_named(&s, "findings").1.name, "3 to fix");

    // The task role allows s3:*: one more; the execution role cannot be read: it says which
    // action was denied.
    let (role, _) = node_named(&s, "task role");
    let t = ticket_of(
        &effects,
        |j| matches!(j, Job::TreeLookup { lookup: Lookup::Role { arn }, .. } if arn.ends_with("web-task")),
    );
    done(
        &mut s,
        t,
        Outcome::TreeLookup {
            node: role,
            result: Ok(LookupAnswer::Role(Presence::Present(RoleInfo {
                name: "web-task".into(),
                arn: "arn:aws:iam::123456789012:role/web-task".into(),
                policies: vec![crate::model::resources::PolicyInfo {
                    name: "web-s3".into(),
                    kind: "attached",
                    statements: vec!["Allow s3:* on *".into()],
                    star_actions: vec!["s3:*".into()],
                    unreadable: None,
                }],
            }))),
        },
    );
    assert_eq!(node_named(&s, "findings").1.name, "4 to fix");
    let (exec, _) = node_named(&s, "execution role");
    let t = ticket_of(
        &effects,
        |j| matches!(j, Job::TreeLookup { lookup: Lookup::Role { arn }, .. } if arn.ends_with("ecsTaskExecutionRole")),
    );
    done(
        &mut s,
        t,
        Outcome::TreeLookup {
            node: exec,
            result: Ok(LookupAnswer::Role(Presence::Denied("iam:GetRole".into()))),
        },
    );
    let text = super::tests_context::screen(&s);
    assert!(text.contains("not readable: iam:GetRole denied"), "{text}");
    assert!(
        text.contains("HIGH the awslogs log group does not exist"),
        "{text}"
    );
}

#[test]
fn enter_opens_the_revision_and_leaving_cancels_the_lookups() {
    let (mut s, _) = tree_state();
    let rows: Vec<String> = tree(&s)
        .tree
        .visible()
        .iter()
        .map(|i| tree(&s).tree.nodes[*i].kind.clone())
        .collect();
    let at = rows
        .iter()
        .position(|k| k == "task definition")
        .expect("the revision row");
    for _ in 0..at {
        update(&mut s, key('j'));
    }
    update(&mut s, super::tests::code(KeyCode::Enter));
    assert!(matches!(s.route(), Route::RevisionDetail(_)));
    update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
    );
    let tree_id = s.routes.top().id;
    assert!(matches!(s.route(), Route::Tree(_)));
    let effects = update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
    );
    assert!(effects.contains(&Effect::CancelOwner(Owner::Screen(tree_id))));
}

#[test]
fn the_selection_stays_on_its_node_when_answers_add_rows_above_it() {
    let (mut s, effects) = tree_state();
    let t = ticket_of(&effects, |j| matches!(j, Job::DescribeTaskDefs { .. }));
    let effects = done(
        &mut s,
        t,
        Outcome::Described(vec![(TD.into(), Ok(revision()))]),
    );
    let (network, _) = node_named(&s, "network");
    while tree(&s).tree.visible()[tree(&s).selected] != network {
        update(&mut s, key('j'));
    }
    // The log group is missing: a finding row appears above the network node.
    let (lg, _) = node_named(&s, "log group");
    let t = ticket_of(&effects, |j| {
        matches!(
            j,
            Job::TreeLookup {
                lookup: Lookup::LogGroup { .. },
                ..
            }
        )
    });
    let before = tree(&s).selected;
    done(
        &mut s,
        t,
        Outcome::TreeLookup {
            node: lg,
            result: Ok(LookupAnswer::LogGroup(Presence::Missing("gone".into()))),
        },
    );
    assert!(tree(&s).selected > before, "rows were added above");
    assert_eq!(tree(&s).tree.visible()[tree(&s).selected], network);
}

#[test]
fn coming_back_to_the_tree_keeps_what_was_expanded_and_r_builds_it_again() {
    let (mut s, effects) = tree_state();
    let t = ticket_of(&effects, |j| matches!(j, Job::DescribeTaskDefs { .. }));
    done(
        &mut s,
        t,
        Outcome::Described(vec![(TD.into(), Ok(revision()))]),
    );
    let (network, _) = node_named(&s, "network");
    while tree(&s).tree.visible()[tree(&s).selected] != network {
        update(&mut s, key('j'));
    }
    update(&mut s, key(' '));
    assert!(tree(&s).tree.nodes[network].expanded);
    // Open the revision from the tree, then come back.
    while tree(&s).tree.nodes[tree(&s).tree.visible()[tree(&s).selected]].kind != "task definition"
    {
        update(&mut s, key('k'));
    }
    update(&mut s, super::tests::code(KeyCode::Enter));
    assert!(matches!(s.route(), Route::RevisionDetail(_)));
    let effects = update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
    );
    assert!(
        lookups(&effects).is_empty(),
        "nothing is loaded again on the way back: {effects:?}"
    );
    assert!(tree(&s).tree.nodes[network].expanded, "still expanded");
    assert_eq!(
        tree(&s).tree.nodes[tree(&s).tree.visible()[tree(&s).selected]].kind,
        "task definition",
        "still selected"
    );
    // r builds it again: the first level loads anew.
    let effects = update(&mut s, key('r'));
    assert!(!lookups(&effects).is_empty());
}

#[test]
fn r_keeps_what_the_operator_opened_and_closed_and_the_selection() {
    let (mut s, effects) = tree_state();
    let t = ticket_of(&effects, |j| matches!(j, Job::DescribeTaskDefs { .. }));
    done(
        &mut s,
        t,
        Outcome::Described(vec![(TD.into(), Ok(revision()))]),
    );
    // Close the container (open by default), open the network (closed by default).
    let select = |s: &mut State, kind: &str| {
        update(s, key('g'));
        while tree(s).tree.nodes[tree(s).tree.visible()[tree(s).selected]].kind != kind {
            update(s, key('j'));
        }
    };
    select(&mut s, "container");
    update(&mut s, key(' '));
    select(&mut s, "network");
    update(&mut s, key(' '));
    let effects = update(&mut s, key('r'));
    let t = tree(&s);
    let (_, network) = node_named(&s, "network");
    assert!(network.expanded, "the network stays open");
    assert!(
        lookups(&effects)
            .iter()
            .any(|l| matches!(l, Lookup::Network { .. })),
        "and loads again: {effects:?}"
    );
    assert!(
        !node_named(&s, "container").1.expanded,
        "the container stays closed"
    );
    assert_eq!(
        t.tree.nodes[t.tree.visible()[t.selected]].kind,
        "network",
        "still selected"
    );
}

#[test]
fn o_on_a_missing_node_says_it_does_not_exist() {
    let (mut s, effects) = tree_state();
    let t = ticket_of(&effects, |j| matches!(j, Job::DescribeTaskDefs { .. }));
    let effects = done(
        &mut s,
        t,
        Outcome::Described(vec![(TD.into(), Ok(revision()))]),
    );
    let lg = log_group_missing(&mut s, &effects);
    update(&mut s, key('g'));
    while tree(&s).tree.visible()[tree(&s).selected] != lg {
        update(&mut s, key('j'));
    }
    update(&mut s, key('o'));
    assert!(
        !matches!(s.route(), Route::Text(_)),
        "no console page for what does not exist"
    );
    let text = super::tests_context::screen(&s);
    assert!(text.contains("does not exist"), "{text}");
}

#[test]
fn the_revision_page_names_a_plaintext_secret_and_hides_its_value() {
    let (mut s, effects) = tree_state();
    let mut td = revision();
    td.containers = vec![crate::model::ContainerSummary {
        name: "app".into(),
        image: "nginx:1.27".into(),
        environment: vec![
            ("DB_PASSWORD".into(), "hunter2-prod".into()),
            ("LOG_LEVEL".into(), "debug".into()),
        ],
        ..Default::default()
    }];
    let t = ticket_of(&effects, |j| matches!(j, Job::DescribeTaskDefs { .. }));
    done(&mut s, t, Outcome::Described(vec![(TD.into(), Ok(td))]));
    update(&mut s, Action::Resize(120, 80));
    update(&mut s, key('g'));
    while tree(&s).tree.nodes[tree(&s).tree.visible()[tree(&s).selected]].kind != "task definition"
    {
        update(&mut s, key('j'));
    }
    update(&mut s, super::tests::code(KeyCode::Enter));
    assert!(matches!(s.route(), Route::RevisionDetail(_)));
    let text = super::tests_context::screen(&s);
    assert!(text.contains("LOG_LEVEL=debug"), "{text}");
    assert!(text.contains("DB_PASSWORD=••••••"), "{text}");
    assert!(!text.contains("hunter2"), "{text}");
}
