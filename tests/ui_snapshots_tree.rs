//! Render snapshots of the resource tree and `:findings`, at 80x24 and 120x40, driven through
//! `update` with the answers a demo account gives.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

use std::time::{Duration, UNIX_EPOCH};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use serde_json::json;
use tecs::action::Action;
use tecs::aws::findings::RevisionFindings;
use tecs::aws::resources::{Lookup, LookupAnswer, Presence};
use tecs::effect::{Effect, Job, Outcome, Ticket};
use tecs::keymap::Keymap;
use tecs::model::TaskDefinition;
use tecs::model::service::Service;
use tecs::screens::{Nav, Route};
use tecs::state::{AppConfig, State};
use tecs::update::{router, update};

const SIZES: &[(u16, u16)] = &[(80, 24), (120, 40)];
const TD: &str = "arn:aws:ecs:us-east-1:123456789012:task-definition/legacy-api:2";

fn key(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn state(size: (u16, u16)) -> State {
    let config = AppConfig {
        profile: Some("prod-admin".into()),
        region: "us-east-1".into(),
        refresh: Some(Duration::from_secs(30)),
        ..Default::default()
    };
    State::new(config, Keymap::default_keymap(), size)
}

fn tickets(effects: &[Effect]) -> Vec<(Ticket, Job)> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Run { ticket, job } => Some((*ticket, job.clone())),
            _ => None,
        })
        .collect()
}

fn revision() -> TaskDefinition {
    TaskDefinition {
        arn: TD.into(),
        family: "legacy-api".into(),
        revision: 2,
        status: "ACTIVE".into(),
        network_mode: Some("bridge".into()),
        task_role: Some("arn:aws:iam::123456789012:role/shopAppTaskRole".into()),
        execution_role: Some("arn:aws:iam::123456789012:role/ecsTaskExecutionRole".into()),
        json: json!({
            "taskDefinitionArn": TD,
            "executionRoleArn": "arn:aws:iam::123456789012:role/ecsTaskExecutionRole",
            "containerDefinitions": [{
                "name": "api",
                "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/legacy/api:1.8.2",
                "essential": true,
                "environment": [{"name": "DB_PASSWORD", "value": "changeme"}],
                "logConfiguration": {"logDriver": "awslogs", "options": {"awslogs-group": "/ecs/legacy-api"}}
            }]
        }),
        ..TaskDefinition::default()
    }
}

fn snap(name: &str, make: impl Fn((u16, u16)) -> State) {
    for &(w, h) in SIZES {
        let mut state = make((w, h));
        let at = UNIX_EPOCH + Duration::from_secs(1_764_085_815);
        if let Route::Findings(f) = &mut state.routes.top_mut().route {
            f.data.loaded_at = f.data.loaded_at.map(|_| at);
        }
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        terminal
            .draw(|f| tecs::ui::render(f, &state))
            .expect("draw");
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
    }
}

#[test]
fn tree_of_a_service_with_a_missing_log_group_and_a_denied_role() {
    snap("tree", |size| {
        let mut s = state(size);
        let mut service = Service::named("legacy-ec2", "legacy-api");
        service.task_definition = TD.into();
        service.running = 2;
        service.desired = 2;
        let top = s.routes.top().id;
        let mut page = tecs::screens::service::ServiceScreen::from_list(&service);
        page.service = tecs::state::Loadable::with(service);
        router::navigate(&mut s, top, Nav::Push(Route::Service(Box::new(page))));
        let effects = update(&mut s, key('T'));
        for (ticket, job) in tickets(&effects) {
            match job {
                Job::DescribeTaskDefs { .. } => {
                    let effects = update(
                        &mut s,
                        Action::Done {
                            ticket,
                            outcome: Outcome::Described(vec![(TD.into(), Ok(revision()))]),
                        },
                    );
                    for (ticket, job) in tickets(&effects) {
                        let Job::TreeLookup { node, lookup } = job else {
                            continue;
                        };
                        let answer = match lookup {
                            Lookup::LogGroup { .. } => LookupAnswer::LogGroup(Presence::Missing(
                                "no log group /ecs/legacy-api".into(),
                            )),
                            Lookup::Image { .. } => {
                                LookupAnswer::Image(Presence::Denied("ecr:DescribeImages".into()))
                            }
                            Lookup::Role { arn } if arn.contains("shopAppTaskRole") => {
                                LookupAnswer::Role(Presence::Denied("iam:GetRole".into()))
                            }
                            _ => continue,
                        };
                        update(
                            &mut s,
                            Action::Done {
                                ticket,
                                outcome: Outcome::TreeLookup {
                                    node,
                                    result: Ok(answer),
                                },
                            },
                        );
                    }
                }
                Job::TreeLookup {
                    node,
                    lookup: Lookup::Role { .. },
                } => {
                    update(
                        &mut s,
                        Action::Done {
                            ticket,
                            outcome: Outcome::TreeLookup {
                                node,
                                result: Ok(LookupAnswer::Role(Presence::Missing(
                                    "no role AWSServiceRoleForECS".into(),
                                ))),
                            },
                        },
                    );
                }
                _ => {}
            }
        }
        s
    });
}

#[test]
fn findings_of_the_region() {
    snap("findings", |size| {
        let mut s = state(size);
        update(&mut s, key(':'));
        for c in "findings".chars() {
            update(&mut s, key(c));
        }
        let effects = update(
            &mut s,
            Action::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
        );
        let (ticket, _) = tickets(&effects)
            .into_iter()
            .find(|(_, j)| *j == Job::Findings)
            .expect("the findings job");
        let td = revision();
        let context = tecs::domain::findings::Context {
            missing_log_groups: vec!["/ecs/legacy-api".into()],
            ..Default::default()
        };
        let all = vec![
            RevisionFindings {
                arn: TD.into(),
                label: "legacy-api:2".into(),
                findings: tecs::domain::findings::check(&td.json, &context),
                error: None,
                unchecked: vec!["iam:GetRole denied".into()],
            },
            RevisionFindings {
                arn: "arn:aws:ecs:us-east-1:123456789012:task-definition/web:2".into(),
                label: "web:2".into(),
                findings: Vec::new(),
                error: None,
                unchecked: vec!["iam:GetRole denied".into()],
            },
        ];
        update(
            &mut s,
            Action::Done {
                ticket,
                outcome: Outcome::Findings(Ok(all)),
            },
        );
        s
    });
}
