//! Render snapshots of the profile and region pickers and the overview of every region, at
//! 80x24 and 120x40, driven through `update` as the app drives them.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

use std::time::{Duration, UNIX_EPOCH};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use tecs::action::Action;
use tecs::aws::overview::RegionClusters;
use tecs::effect::{Effect, Job, Outcome, Ticket};
use tecs::keymap::Keymap;
use tecs::model::profile::{ProfileKind, ProfileSummary};
use tecs::model::{AwsError, Cluster, Identity};
use tecs::screens::Route;
use tecs::state::{AppConfig, State};
use tecs::update::update;

const SIZES: &[(u16, u16)] = &[(80, 24), (120, 40)];

fn base_state(size: (u16, u16)) -> State {
    let config = AppConfig {
        profile: Some("prod-admin".into()),
        region: "eu-west-1".into(),
        refresh: Some(Duration::from_secs(30)),
        recent_regions: vec!["eu-west-1".into(), "us-east-1".into()],
        ..Default::default()
    };
    let mut s = State::new(config, Keymap::default_keymap(), size);
    s.app.identity.data = Some(Identity {
        account: "123456789012".into(),
        arn: "arn:aws:iam::123456789012:user/ops".into(),
    });
    s
}

fn command(s: &mut State, line: &str) -> Vec<Effect> {
    let key = |c| Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
    update(s, key(':'));
    for c in line.chars() {
        update(s, key(c));
    }
    update(
        s,
        Action::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    )
}

fn ticket_of(effects: &[Effect], pred: impl Fn(&Job) -> bool) -> Ticket {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Run { ticket, job } if pred(job) => Some(*ticket),
            _ => None,
        })
        .expect("the job")
}

fn snap(name: &str, make: impl Fn((u16, u16)) -> State) {
    for &(w, h) in SIZES {
        let mut state = make((w, h));
        // Loads finished at a fixed time, so the titles' "updated" times are stable.
        let at = UNIX_EPOCH + Duration::from_secs(1_764_085_815);
        match &mut state.routes.top_mut().route {
            Route::Profiles(p) => p.data.loaded_at = p.data.loaded_at.map(|_| at),
            Route::Overview(o) => o.data.loaded_at = o.data.loaded_at.map(|_| at),
            _ => {}
        }
        let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
        terminal
            .draw(|f| tecs::ui::render(f, &state))
            .expect("draw");
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), terminal.backend());
    }
}

fn profiles() -> Vec<ProfileSummary> {
    let p = |name: &str, kind, region: Option<&str>, detail: &str| ProfileSummary {
        name: name.into(),
        kind,
        region: region.map(str::to_string),
        detail: detail.into(),
    };
    vec![
        p(
            "ci",
            ProfileKind::WebIdentity,
            None,
            "arn:aws:iam::111122223333:role/ci",
        ),
        p(
            "default",
            ProfileKind::Static,
            Some("eu-west-1"),
            "key AKIAIOSF…",
        ),
        p(
            "prod-admin",
            ProfileKind::Sso,
            Some("eu-west-1"),
            "111122223333 · AdministratorAccess · session corp · https://corp.awsapps.com/start",
        ),
        p(
            "deploy",
            ProfileKind::AssumeRole,
            Some("us-east-1"),
            "arn:aws:iam::444455556666:role/deploy from profile default",
        ),
        p(
            "vault",
            ProfileKind::CredentialProcess,
            None,
            "/usr/local/bin/vault-aws prod",
        ),
    ]
}

#[test]
fn profile_picker() {
    snap("profiles", |size| {
        let mut s = base_state(size);
        let t = ticket_of(&command(&mut s, "profile"), |j| *j == Job::Profiles);
        update(
            &mut s,
            Action::Done {
                ticket: t,
                outcome: Outcome::Profiles(Ok(profiles())),
            },
        );
        s
    });
}

#[test]
fn region_picker() {
    snap("regions", |size| {
        let mut s = base_state(size);
        command(&mut s, "region");
        s
    });
}

#[test]
fn overview_with_a_failed_region_and_one_still_loading() {
    snap("overview", |size| {
        let mut s = base_state(size);
        let t = ticket_of(&command(&mut s, "overview"), |j| {
            matches!(j, Job::Overview { .. })
        });
        let done = |s: &mut State, outcome| {
            update(s, Action::Done { ticket: t, outcome });
        };
        done(
            &mut s,
            Outcome::OverviewRegions {
                regions: ["ap-south-1", "eu-west-1", "me-south-1", "us-east-1"]
                    .map(String::from)
                    .to_vec(),
                note: None,
            },
        );
        let mut prod = Cluster::named("prod-fargate");
        prod.active_services = 12;
        prod.running_tasks = 48;
        let mut batch = Cluster::named("batch-ec2-spot-instances-large");
        batch.running_tasks = 3;
        batch.pending_tasks = 1;
        batch.container_instances = 4;
        done(
            &mut s,
            Outcome::OverviewRegion(RegionClusters {
                region: "eu-west-1".into(),
                result: Ok(vec![prod, batch]),
            }),
        );
        done(
            &mut s,
            Outcome::OverviewRegion(RegionClusters {
                region: "me-south-1".into(),
                result: Err(AwsError::other(
                    "UnrecognizedClientException: The security token included in the request is invalid (the region may not be enabled for the account)",
                )),
            }),
        );
        done(
            &mut s,
            Outcome::OverviewRegion(RegionClusters {
                region: "us-east-1".into(),
                result: Ok(vec![]),
            }),
        );
        s
    });
}
