//! update() for where tecs talks to: the console URL, profile and region switching, the
//! overview of every region.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::effect::{Job, Outcome, Owner, SharedClients, Switched, Ticket};
use crate::keymap::Keymap;
use crate::model::cluster::RegionClusters;
use crate::model::{AwsError, Cluster};
use crate::screens::Route;
use crate::state::{AppConfig, Level, State};

fn state() -> State {
    let config = AppConfig {
        region: "eu-west-1".into(),
        profile: Some("staging".into()),
        refresh: Some(Duration::from_secs(30)),
        ..Default::default()
    };
    State::new(config, Keymap::default_keymap(), (80, 24))
}

use super::tests::{done, key, ticket_of};

fn enter() -> Action {
    super::tests::code(KeyCode::Enter)
}

fn command(s: &mut State, line: &str) -> Vec<Effect> {
    update(s, key(':'));
    for c in line.chars() {
        update(s, key(c));
    }
    update(s, enter())
}

fn has_job(effects: &[Effect], pred: impl Fn(&Job) -> bool) -> bool {
    effects
        .iter()
        .any(|e| matches!(e, Effect::Run { job, .. } if pred(job)))
}

/// A state with the cluster list loaded.
fn loaded(names: &[&str]) -> State {
    let mut s = state();
    let effects = init(&mut s, None);
    let t = ticket_of(&effects, |j| matches!(j, Job::Clusters));
    let clusters = names.iter().map(|n| Cluster::named(n)).collect();
    done(&mut s, t, Outcome::Clusters(Ok(clusters)));
    s
}

fn clients(region: &str) -> SharedClients {
    SharedClients::unconfigured(region)
}

fn switched(profile: Option<&str>, region: &str) -> Outcome {
    Outcome::Switched(Ok(Switched {
        clients: clients(region),
        profile: profile.map(str::to_string),
        region: region.to_string(),
        recent_regions: vec![region.to_string(), "eu-west-1".into()],
        warning: None,
    }))
}

fn status(s: &State) -> String {
    s.app
        .status
        .as_ref()
        .map(|st| st.text.clone())
        .unwrap_or_default()
}

#[test]
fn o_shows_and_copies_the_console_url_of_the_selected_cluster() {
    let mut s = loaded(&["prod", "staging"]);
    update(&mut s, key('j'));
    let effects = update(&mut s, key('o'));
    let url = "https://eu-west-1.console.aws.amazon.com/ecs/v2/clusters/staging/services?region=eu-west-1";
    assert!(
        effects.contains(&Effect::Clipboard { text: url.into() }),
        "{effects:?}"
    );
    let Route::Text(page) = s.route() else {
        panic!("a page with the URL")
    };
    assert!(page.lines.iter().any(|l| l == url), "{:?}", page.lines);
    assert!(status(&s).contains("console URL of cluster staging"));
    // Narrower than the address: its rows, selected with the mouse, are the address alone.
    update(&mut s, Action::Resize(60, 24));
    let text = screen(&s);
    let rows: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("https://"))
        .take(2)
        .collect();
    assert_eq!(rows.concat().trim_end(), url, "{text}");
    // Esc comes back to the list.
    update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
    );
    assert!(matches!(s.route(), Route::Clusters(_)));
}

#[test]
fn o_is_in_the_footer_help_only_where_there_is_a_console_page() {
    let mut s = loaded(&["prod"]);
    command(&mut s, "region");
    assert!(matches!(s.route(), Route::Regions(_)));
    update(&mut s, key('o'));
    assert!(
        status(&s).contains("not available") || status(&s).contains("does nothing"),
        "{}",
        status(&s)
    );
}

#[test]
fn a_region_switch_rebuilds_the_clients_then_reloads_everything() {
    let mut s = loaded(&["prod"]);
    update(&mut s, enter());
    assert!(matches!(s.route(), Route::ClusterDetail(_)));
    let effects = command(&mut s, "region eu-west-2");
    let t = ticket_of(&effects, |j| {
        *j == Job::Switch {
            profile: None,
            region: Some("eu-west-2".into()),
        }
    });
    assert_eq!(t.owner, Owner::App);
    // Nothing changes until the clients are ready.
    assert!(matches!(s.route(), Route::ClusterDetail(_)));
    assert_eq!(s.app.config.region, "eu-west-1");

    let effects = done(&mut s, t, switched(Some("staging"), "eu-west-2"));
    assert!(
        matches!(effects.first(), Some(Effect::UseClients { .. })),
        "the clients change before any new work starts: {effects:?}"
    );
    assert!(has_job(&effects, |j| *j == Job::Clusters));
    assert!(has_job(&effects, |j| *j == Job::Identity));
    assert!(
        effects.iter().any(|e| matches!(e, Effect::CancelOwner(_))),
        "the old screens' work is cancelled"
    );
    assert!(matches!(s.route(), Route::Clusters(_)));
    assert_eq!(s.routes.len(), 1);
    assert_eq!(s.app.config.region, "eu-west-2");
    assert_eq!(s.app.config.recent_regions[0], "eu-west-2");
    assert!(s.app.current_cluster.is_none());
    assert!(
        s.shared.clusters.data.is_none(),
        "the old region's clusters are not shown as the new one's"
    );
    assert!(
        status(&s).contains("now profile staging in eu-west-2"),
        "{}",
        status(&s)
    );
}

#[test]
fn drafts_stay_with_their_region_and_come_back_with_it() {
    let mut s = loaded(&["prod"]);
    let draft = crate::state::drafts::Draft {
        family: "web".into(),
        base_arn: "arn:aws:ecs:eu-west-1:123456789012:task-definition/web:3".into(),
        base_label: "web:3".into(),
        text: "{}".into(),
        problems: Vec::new(),
        failure: None,
        parsed: None,
        diff: Vec::new(),
        submitting: true,
        notes: Vec::new(),
        ask: false,
    };
    s.shared.drafts.insert("web".into(), draft);
    let t = ticket_of(&command(&mut s, "region us-east-1"), |j| {
        matches!(j, Job::Switch { .. })
    });
    done(&mut s, t, switched(Some("staging"), "us-east-1"));
    assert!(s.shared.drafts.is_empty(), "not offered in another region");
    assert!(
        status(&s).contains("1 draft(s) of the previous one kept"),
        "{}",
        status(&s)
    );
    let t = ticket_of(&command(&mut s, "region eu-west-1"), |j| {
        matches!(j, Job::Switch { .. })
    });
    done(&mut s, t, switched(Some("staging"), "eu-west-1"));
    let back = s.shared.drafts.get("web").expect("back with its region");
    assert!(!back.submitting, "its cancelled register is not pending");
}

#[test]
fn keys_in_the_environment_and_unknown_regions_are_said_after_a_switch() {
    let mut s = loaded(&["prod"]);
    let t = ticket_of(&command(&mut s, "region eu-west-9"), |j| {
        matches!(j, Job::Switch { .. })
    });
    done(&mut s, t, switched(Some("staging"), "eu-west-9"));
    assert!(
        status(&s).contains("eu-west-9 is not a Region tecs knows"),
        "{}",
        status(&s)
    );
    let t = ticket_of(&command(&mut s, "profile prod"), |j| {
        matches!(j, Job::Switch { .. })
    });
    let Outcome::Switched(Ok(mut sw)) = switched(Some("prod"), "eu-west-1") else {
        panic!("switched")
    };
    sw.warning = Some("AWS_ACCESS_KEY_ID is set in tecs's environment".into());
    done(&mut s, t, Outcome::Switched(Ok(sw)));
    assert_eq!(s.app.status.as_ref().map(|st| st.level), Some(Level::Error));
    assert!(
        status(&s).contains("AWS_ACCESS_KEY_ID is set"),
        "{}",
        status(&s)
    );
}

#[test]
fn a_switch_whose_credentials_fail_is_not_remembered() {
    let mut s = loaded(&["prod"]);
    let t = ticket_of(&command(&mut s, "profile expired"), |j| {
        matches!(j, Job::Switch { .. })
    });
    let effects = done(&mut s, t, switched(Some("expired"), "eu-west-1"));
    let id = ticket_of(&effects, |j| *j == Job::Identity);
    let effects = done(
        &mut s,
        id,
        Outcome::Identity(Err(AwsError::other("the SSO session has expired"))),
    );
    assert!(!has_job(&effects, |j| matches!(j, Job::Remember { .. })));
}

#[test]
fn a_form_opened_while_switching_keeps_the_switch_from_happening() {
    let mut s = loaded(&["prod"]);
    let t = ticket_of(&command(&mut s, "region us-east-1"), |j| {
        matches!(j, Job::Switch { .. })
    });
    let top = s.routes.top().id;
    let wizard = crate::screens::wizards::cluster::ClusterWizard::new(vec![], vec![]);
    router::navigate(
        &mut s,
        top,
        crate::screens::Nav::Push(Route::ClusterWizard(Box::new(wizard))),
    );
    let effects = done(&mut s, t, switched(None, "us-east-1"));
    assert!(effects.is_empty(), "no new clients, nothing replaced");
    assert!(matches!(s.route(), Route::ClusterWizard(_)));
    assert_eq!(s.app.config.region, "eu-west-1");
    assert!(
        status(&s).contains("the switch was not made"),
        "{}",
        status(&s)
    );
}

#[test]
fn a_failed_switch_changes_nothing_and_a_late_one_is_ignored() {
    let mut s = loaded(&["prod"]);
    let t = ticket_of(&command(&mut s, "profile nope"), |j| {
        matches!(j, Job::Switch { .. })
    });
    let effects = done(
        &mut s,
        t,
        Outcome::Switched(Err(
            "the profile nope does not exist in ~/.aws/config or ~/.aws/credentials".into(),
        )),
    );
    assert!(effects.is_empty());
    assert_eq!(s.app.config.profile.as_deref(), Some("staging"));
    assert!(status(&s).contains("Nothing changed: still profile staging in eu-west-1"));
    assert_eq!(s.shared.cluster_names(), ["prod"]);

    // A second switch replaces the first: the first's answer is dropped.
    let first = ticket_of(&command(&mut s, "region us-east-1"), |j| {
        matches!(j, Job::Switch { .. })
    });
    let effects = command(&mut s, "region us-east-2");
    assert!(effects.contains(&Effect::CancelTicket(first.id)));
    assert!(done(&mut s, first, switched(Some("staging"), "us-east-1")).is_empty());
    assert_eq!(s.app.config.region, "eu-west-1");
}

#[test]
fn malformed_regions_and_extra_words_are_refused_before_anything_starts() {
    let mut s = loaded(&["prod"]);
    for line in ["region Ireland", "region eu-west-1 now", "profile a b"] {
        let effects = command(&mut s, line);
        assert!(
            !has_job(&effects, |j| matches!(j, Job::Switch { .. })),
            "{line}"
        );
        assert_eq!(s.app.status.as_ref().map(|st| st.level), Some(Level::Error));
        // The refused line opens again to be corrected.
        assert!(s.app.input.is_some(), "{line}");
        update(
            &mut s,
            Action::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
        );
    }
}

#[test]
fn a_region_code_typed_in_capitals_is_the_region() {
    let mut s = loaded(&["prod"]);
    let effects = command(&mut s, "region EU-WEST-1");
    assert!(
        has_job(&effects, |j| matches!(
            j,
            Job::Switch { region: Some(r), .. } if r == "eu-west-1"
        )),
        "{effects:?}"
    );
}

#[test]
fn a_switch_waits_while_a_form_is_open_so_nothing_typed_is_lost() {
    let mut s = loaded(&["prod"]);
    let wizard = crate::screens::wizards::cluster::ClusterWizard::new(vec![], vec![]);
    let top = s.routes.top().id;
    router::navigate(
        &mut s,
        top,
        crate::screens::Nav::Push(Route::ClusterWizard(Box::new(wizard))),
    );
    let effects = router::navigate(
        &mut s,
        top,
        crate::screens::Nav::Switch(switch::SwitchTarget {
            region: Some("us-east-1".into()),
            ..Default::default()
        }),
    );
    assert!(effects.is_empty());
    assert!(status(&s).contains("first (Esc)"), "{}", status(&s));
    assert!(matches!(s.route(), Route::ClusterWizard(_)));
}

#[test]
fn the_region_picker_lists_recent_first_and_enter_switches() {
    let mut s = loaded(&["prod"]);
    s.app.config.recent_regions = vec!["ap-south-1".into(), "eu-west-1".into()];
    command(&mut s, "region");
    let Route::Regions(picker) = s.route() else {
        panic!("the region picker")
    };
    let keys: Vec<&str> = picker.table.rows().iter().map(|r| r.key.as_str()).collect();
    assert_eq!(&keys[..2], ["ap-south-1", "eu-west-1"]);
    assert_eq!(
        picker.table.selected_key(),
        Some("eu-west-1"),
        "the current one is selected"
    );
    update(&mut s, enter());
    assert!(status(&s).contains("already in eu-west-1"));
    update(&mut s, key('k'));
    let effects = update(&mut s, enter());
    assert!(has_job(&effects, |j| {
        *j == Job::Switch {
            profile: None,
            region: Some("ap-south-1".into()),
        }
    }));
}

#[test]
fn the_profile_picker_offers_default_and_enter_acts_on_the_highlighted_row() {
    use crate::model::profile::{ProfileKind, ProfileSummary};
    let mut s = loaded(&["prod"]);
    s.app.config.profile = Some("gone".into());
    let t = ticket_of(&command(&mut s, "profile"), |j| *j == Job::Profiles);
    done(
        &mut s,
        t,
        Outcome::Profiles(Ok(vec![ProfileSummary {
            name: "other".into(),
            kind: ProfileKind::NoCredentials,
            region: Some("eu-west-1".into()),
            detail: String::new(),
        }])),
    );
    let Route::Profiles(picker) = s.route() else {
        panic!("the profile picker")
    };
    let keys: Vec<&str> = picker.table.rows().iter().map(|r| r.key.as_str()).collect();
    assert_eq!(keys, ["default", "other"], "default is always a way back");
    // The current profile is no row: Enter acts on what is highlighted.
    let highlighted = picker.table.selected_row().map(|r| r.key.clone());
    let effects = update(&mut s, enter());
    assert!(has_job(&effects, |j| {
        matches!(j, Job::Switch { profile, .. } if *profile == highlighted)
    }));
}

#[test]
fn the_profile_picker_loads_the_files_and_enter_switches() {
    use crate::model::profile::{ProfileKind, ProfileSummary};
    let mut s = loaded(&["prod"]);
    let effects = command(&mut s, "profile");
    let t = ticket_of(&effects, |j| *j == Job::Profiles);
    let p = |name: &str, kind| ProfileSummary {
        name: name.into(),
        kind,
        region: Some("us-east-1".into()),
        detail: String::new(),
    };
    done(
        &mut s,
        t,
        Outcome::Profiles(Ok(vec![
            p("prod", ProfileKind::Sso),
            p("staging", ProfileKind::Static),
        ])),
    );
    let Route::Profiles(picker) = s.route() else {
        panic!("the profile picker")
    };
    assert_eq!(picker.table.selected_key(), Some("staging"));
    let text = crate::update::tests_context::screen(&s);
    assert!(text.contains("SSO"), "{text}");
    assert!(text.contains("●"), "the current profile is marked: {text}");
    update(&mut s, key('k'));
    let effects = update(&mut s, enter());
    assert!(has_job(&effects, |j| {
        *j == Job::Switch {
            profile: Some("prod".into()),
            region: None,
        }
    }));
}

/// The screen as text.
pub fn screen(s: &State) -> String {
    use ratatui::Terminal;
    use ratatui::backend::TestBackend;
    let (w, h) = s.app.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal.draw(|f| crate::ui::render(f, s)).expect("draw");
    let buffer = terminal.backend().buffer();
    (0..h)
        .map(|y| (0..w).map(|x| buffer[(x, y)].symbol()).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

fn denied() -> AwsError {
    AwsError::other("UnrecognizedClientException: the security token is invalid")
}

/// `:overview` on the cluster list, its regions listed (eu-west-1, me-south-1, us-east-1) and
/// none answered yet; the overview's ticket.
fn overview_of_three_regions() -> (State, Ticket) {
    let mut s = loaded(&["prod"]);
    let effects = command(&mut s, "overview");
    let t = ticket_of(&effects, |j| matches!(j, Job::Overview { regions: None }));
    done(
        &mut s,
        t,
        Outcome::OverviewRegions {
            regions: vec!["eu-west-1".into(), "me-south-1".into(), "us-east-1".into()],
            note: None,
        },
    );
    (s, t)
}

#[test]
fn the_overview_shows_regions_as_they_answer_and_enter_switches_to_a_clusters_region() {
    let (mut s, t) = overview_of_three_regions();
    done(
        &mut s,
        t,
        Outcome::OverviewRegion(RegionClusters {
            region: "me-south-1".into(),
            result: Err(denied()),
        }),
    );
    let text = screen(&s);
    assert!(
        text.contains("loading…"),
        "regions not answered yet say so: {text}"
    );
    assert!(text.contains("FAILED"), "{text}");
    done(
        &mut s,
        t,
        Outcome::OverviewRegion(RegionClusters {
            region: "us-east-1".into(),
            result: Ok(vec![Cluster::named("edge")]),
        }),
    );
    done(
        &mut s,
        t,
        Outcome::OverviewRegion(RegionClusters {
            region: "eu-west-1".into(),
            result: Ok(vec![]),
        }),
    );
    let effects = done(&mut s, t, Outcome::OverviewDone);
    assert!(
        !has_job(&effects, |j| matches!(j, Job::Sleep { .. })),
        "every region costs calls: no refresh timer, r lists them again"
    );
    let text = screen(&s);
    assert!(
        text.contains("1 clusters in 3 of 3 regions · 1 failed"),
        "{text}"
    );

    // Enter on the failed region says why; on us-east-1's cluster, switches there and opens it.
    let Route::Overview(o) = s.route() else {
        panic!("overview")
    };
    let keys: Vec<String> = o.table.rows().iter().map(|r| r.key.clone()).collect();
    // Clusters first, then the failed region, then the empty one.
    assert_eq!(keys, ["us-east-1/edge", "me-south-1", "eu-west-1"]);
    // The first cluster is selected, though the failed region's row came first.
    assert_eq!(o.table.selected_key(), Some("us-east-1/edge"));
    update(&mut s, key('j'));
    update(&mut s, enter());
    assert!(
        status(&s).contains("me-south-1: UnrecognizedClientException"),
        "{}",
        status(&s)
    );
    update(&mut s, key('k'));
    let effects = update(&mut s, enter());
    let t = ticket_of(&effects, |j| {
        *j == Job::Switch {
            profile: None,
            region: Some("us-east-1".into()),
        }
    });
    let effects = done(&mut s, t, switched(Some("staging"), "us-east-1"));
    let Route::ClusterDetail(page) = s.route() else {
        panic!("the cluster's page")
    };
    assert_eq!(page.name, "edge");
    assert!(has_job(
        &effects,
        |j| matches!(j, Job::Cluster { cluster } if cluster == "edge")
    ));
    assert_eq!(s.app.config.region, "us-east-1");
}

#[test]
fn the_overview_leaves_the_selection_to_the_operator_once_they_move() {
    let (mut s, t) = overview_of_three_regions();
    for region in ["eu-west-1", "me-south-1"] {
        done(
            &mut s,
            t,
            Outcome::OverviewRegion(RegionClusters {
                region: region.into(),
                result: Ok(vec![]),
            }),
        );
    }
    update(&mut s, key('j'));
    let Route::Overview(o) = s.route() else {
        panic!("overview")
    };
    let chosen = o.table.selected_key().map(str::to_string);
    done(
        &mut s,
        t,
        Outcome::OverviewRegion(RegionClusters {
            region: "us-east-1".into(),
            result: Ok(vec![Cluster::named("edge")]),
        }),
    );
    let Route::Overview(o) = s.route() else {
        panic!("overview")
    };
    assert_eq!(o.table.selected_key().map(str::to_string), chosen);
}

// ---------------------------------------------------------------------------------------------
// ECS Exec and port forwarding

fn exec_task(containers: &[&str]) -> crate::model::task::Task {
    use crate::model::task::{Container, Task};
    Task {
        arn: "arn:aws:ecs:eu-west-1:123456789012:task/prod/0123abcd".into(),
        cluster_arn: "arn:aws:ecs:eu-west-1:123456789012:cluster/prod".into(),
        last_status: "RUNNING".into(),
        desired_status: "RUNNING".into(),
        enable_execute_command: true,
        group: Some("service:web".into()),
        containers: containers
            .iter()
            .map(|name| Container {
                name: (*name).into(),
                last_status: "RUNNING".into(),
                runtime_id: Some(format!("0123abcd-{name}")),
                exec_agent: Some("RUNNING".into()),
                ports: vec!["8080/tcp".into()],
                ..Container::default()
            })
            .collect(),
        ..Task::default()
    }
}

fn on_task_page(task: &crate::model::task::Task) -> State {
    let mut s = loaded(&["prod"]);
    let top = s.routes.top().id;
    let page = crate::screens::task::TaskScreen::from_list(task);
    router::navigate(
        &mut s,
        top,
        crate::screens::Nav::Push(Route::Task(Box::new(page))),
    );
    s
}

fn plugin_command() -> crate::effect::PluginCommand {
    crate::effect::PluginCommand {
        program: "/usr/local/bin/session-manager-plugin".into(),
        args: vec!["{}".into()],
        session_id: "ecs-execute-command-1".into(),
    }
}

#[test]
fn s_on_a_task_opens_a_shell_through_the_plugin_and_says_when_it_ended() {
    let mut s = on_task_page(&exec_task(&["web"]));
    let effects = update(&mut s, key('s'));
    let t = ticket_of(&effects, |j| {
        *j == Job::Exec {
            cluster: "arn:aws:ecs:eu-west-1:123456789012:cluster/prod".into(),
            task: "arn:aws:ecs:eu-west-1:123456789012:task/prod/0123abcd".into(),
            container: "web".into(),
            target: "ecs:prod_0123abcd_0123abcd-web".into(),
        }
    });
    let effects = done(
        &mut s,
        t,
        Outcome::ExecReady {
            container: "web".into(),
            result: Ok(plugin_command()),
        },
    );
    let Some(Effect::RunPlugin {
        ticket, program, ..
    }) = effects
        .iter()
        .find(|e| matches!(e, Effect::RunPlugin { .. }))
    else {
        panic!("the plugin runs with the terminal: {effects:?}")
    };
    assert_eq!(program, "/usr/local/bin/session-manager-plugin");
    done(
        &mut s,
        *ticket,
        Outcome::PluginEnded(Ok("/bin/sh in container web: the session ended".into())),
    );
    assert!(status(&s).contains("the session ended"), "{}", status(&s));
}

#[test]
fn exec_says_what_is_missing_before_any_call() {
    let mut task = exec_task(&["web"]);
    task.enable_execute_command = false;
    let mut s = on_task_page(&task);
    let effects = update(&mut s, key('s'));
    assert!(!has_job(&effects, |j| matches!(j, Job::Exec { .. })));
    assert!(status(&s).contains("not enabled") && status(&s).contains("E on the service"));

    let mut s = on_task_page(&exec_task(&["web"]));
    s.app.config.read_only = true;
    let effects = update(&mut s, key('s'));
    assert!(!has_job(&effects, |j| matches!(j, Job::Exec { .. })));
    assert!(status(&s).contains("read-only"), "{}", status(&s));

    let mut s = on_task_page(&exec_task(&["web"]));
    let t = ticket_of(&update(&mut s, key('s')), |j| matches!(j, Job::Exec { .. }));
    done(
        &mut s,
        t,
        Outcome::ExecReady {
            container: "web".into(),
            result: Err(AwsError::invalid(crate::domain::exec::plugin_missing())),
        },
    );
    assert!(status(&s).contains("session-manager-plugin is not installed"));
}

#[test]
fn with_several_containers_a_dialog_chooses_and_the_list_can_exec_too() {
    let task = exec_task(&["web", "envoy"]);
    let mut s = loaded(&["prod"]);
    let top = s.routes.top().id;
    let mut list = crate::screens::tasks::TasksScreen::of_cluster("prod");
    list.data = crate::state::Loadable::with(vec![task]);
    list.sync(std::time::SystemTime::now());
    router::navigate(
        &mut s,
        top,
        crate::screens::Nav::Push(Route::Tasks(Box::new(list))),
    );
    update(&mut s, key('x'));
    let Some(crate::state::Overlay::Confirm(dialog)) = &s.app.overlay else {
        panic!("a container picker")
    };
    assert!(
        dialog.lines.iter().any(|l| l.contains("◀ web ▶")),
        "{:?}",
        dialog.lines
    );
    update(&mut s, key('j'));
    let effects = update(&mut s, key('y'));
    assert!(has_job(
        &effects,
        |j| matches!(j, Job::Exec { container, .. } if container == "envoy")
    ));
}

#[test]
fn p_forwards_a_port_shows_it_on_the_page_and_p_again_closes_it() {
    let mut s = on_task_page(&exec_task(&["web"]));
    update(&mut s, key('P'));
    let line = s.app.input.as_ref().expect("the ports prompt");
    assert_eq!(
        line.input.value(),
        "8080",
        "the container's port is offered"
    );
    assert!(screen(&s).contains("forward to web: port [local port]"));
    update(&mut s, key(' '));
    for c in "18080".chars() {
        update(&mut s, key(c));
    }
    let effects = update(&mut s, enter());
    let t = ticket_of(&effects, |j| {
        *j == Job::PortForward {
            target: "ecs:prod_0123abcd_0123abcd-web".into(),
            container: "web".into(),
            remote: 8080,
            local: 18080,
        }
    });
    done(
        &mut s,
        t,
        Outcome::Forwarding {
            local: 18080,
            remote: 8080,
            container: "web".into(),
            session_id: "ops-0a1b".into(),
        },
    );
    let text = screen(&s);
    assert!(text.contains("localhost:18080 → web:8080"), "{text}");
    assert!(status(&s).contains("connect to 127.0.0.1:18080"));
    let effects = update(&mut s, key('P'));
    assert!(effects.contains(&Effect::CancelTicket(t.id)), "{effects:?}");
    assert!(status(&s).contains("port forwarding stopped"));

    // A bad port is refused before anything starts, and the prompt opens again.
    update(&mut s, key('P'));
    update(&mut s, key('x'));
    let effects = update(&mut s, enter());
    assert!(!has_job(&effects, |j| matches!(j, Job::PortForward { .. })));
    assert!(s.app.input.is_some(), "typed ports are kept to correct");
}

#[test]
fn leaving_the_page_closes_the_forwarding() {
    let mut s = on_task_page(&exec_task(&["web"]));
    update(&mut s, key('P'));
    let t = ticket_of(&update(&mut s, enter()), |j| {
        matches!(j, Job::PortForward { .. })
    });
    let page = s.routes.top().id;
    let effects = update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
    );
    assert!(effects.contains(&Effect::CancelOwner(Owner::Screen(page))));
    assert_eq!(t.owner, Owner::Screen(page), "the page owns the forwarding");
}
