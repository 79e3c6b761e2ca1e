//! update(): actions in, state and effects out. No terminal, no runtime.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::*;
use crate::effect::{Change, Job, Outcome, Owner, Ticket};
use crate::keymap::Keymap;
use crate::model::{AwsError, Cluster, ErrorKind, RevisionRef, TaskDefinition};
use crate::screens::Route;
use crate::screens::clusters::ClustersScreen;
use crate::state::{AppConfig, Level, Overlay, PendingOp, Phase, State};

fn state() -> State {
    let config = AppConfig {
        region: "eu-west-1".into(),
        refresh: Some(Duration::from_secs(30)),
        ..Default::default()
    };
    State::new(config, Keymap::default_keymap(), (80, 24))
}

pub(super) fn key(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

pub(super) fn code(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn ctrl(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

fn typed(s: &mut State, text: &str) {
    for c in text.chars() {
        update(s, key(c));
    }
}

/// Draws once, as the app loop does after each burst (the renderer owns scroll positions).
fn draw(s: &State) {
    let (w, h) = s.app.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal.draw(|f| crate::ui::render(f, s)).expect("draw");
}

/// The screen as text, one string per row, drawn at the state's size.
fn screen_text(s: &State) -> Vec<String> {
    let (w, h) = s.app.size;
    let mut terminal = Terminal::new(TestBackend::new(w, h)).expect("terminal");
    terminal.draw(|f| crate::ui::render(f, s)).expect("draw");
    let buffer = terminal.backend().buffer();
    (0..h)
        .map(|y| {
            (0..w)
                .map(|x| buffer[(x, y)].symbol().to_string())
                .collect()
        })
        .collect()
}

/// The jobs started by these effects.
fn jobs(effects: &[Effect]) -> Vec<&Job> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Run { job, .. } => Some(job),
            _ => None,
        })
        .collect()
}

/// The ticket of the first started job matching `pred`.
pub(super) fn ticket_of(effects: &[Effect], pred: impl Fn(&Job) -> bool) -> Ticket {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Run { ticket, job } if pred(job) => Some(*ticket),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no such job in {effects:?}"))
}

fn clusters_ticket(effects: &[Effect]) -> Ticket {
    ticket_of(effects, |j| matches!(j, Job::Clusters))
}

pub(super) fn done(s: &mut State, ticket: Ticket, outcome: Outcome) -> Vec<Effect> {
    update(s, Action::Done { ticket, outcome })
}

/// Refresh timers these effects schedule.
fn timers(effects: &[Effect]) -> Vec<Duration> {
    jobs(effects)
        .into_iter()
        .filter_map(|j| match j {
            Job::Sleep { after } => Some(*after),
            _ => None,
        })
        .collect()
}

/// The jobs started, ignoring refresh timers and cancellations.
fn work(effects: &[Effect]) -> Vec<&Job> {
    jobs(effects)
        .into_iter()
        .filter(|j| !matches!(j, Job::Sleep { .. }))
        .collect()
}

fn names(list: &[&str]) -> Vec<Cluster> {
    list.iter().map(|n| Cluster::named(n)).collect()
}

/// A state with the given clusters loaded, and the effects of that load.
fn loaded(list: &[&str]) -> (State, Vec<Effect>) {
    let mut s = state();
    let effects = init(&mut s, None);
    let t = clusters_ticket(&effects);
    let effects = done(&mut s, t, Outcome::Clusters(Ok(names(list))));
    (s, effects)
}

/// AWS answered "no" (a 4xx with a code): nothing changed.
fn refused(message: &str) -> AwsError {
    AwsError {
        kind: ErrorKind::InvalidRequest,
        code: Some("ClientException".into()),
        message: message.into(),
        hint: None,
        read_back: None,
    }
}

fn throttled() -> AwsError {
    AwsError {
        kind: ErrorKind::Throttled,
        code: Some("ThrottlingException".into()),
        message: "ListClusters failed: ThrottlingException: Rate exceeded".into(),
        hint: Some("AWS is throttling this account; tecs backs off and retries".into()),
        read_back: None,
    }
}

fn root(s: &State) -> &ClustersScreen {
    match &s.routes.iter().next().expect("root").route {
        Route::Clusters(c) => c,
        _ => panic!("the root is the cluster list"),
    }
}

fn selected_name(s: &State) -> Option<String> {
    root(s).selected(&s.shared).map(|c| c.name.clone())
}

fn status_has(s: &State, text: &str) -> bool {
    s.app
        .status
        .as_ref()
        .is_some_and(|st| st.text.contains(text))
}

/// The refresh timer pending for the screen on top.
fn top_timer(s: &State) -> Option<u64> {
    s.routes.top().timer
}

#[test]
fn init_loads_identity_and_clusters_concurrently() {
    let mut s = state();
    let effects = init(&mut s, None);
    assert!(matches!(jobs(&effects)[..], [Job::Identity, Job::Clusters]));
    assert_eq!(s.shared.clusters.phase(), Phase::Loading);
    assert!(s.is_loading());
}

#[test]
fn loaded_clusters_schedule_the_next_refresh_at_the_interval() {
    let (s, effects) = loaded(&["a", "b"]);
    assert_eq!(s.shared.clusters.phase(), Phase::Loaded);
    assert_eq!(timers(&effects), [Duration::from_secs(30)]);
    assert_eq!(work(&effects).len(), 0);
    assert_eq!(selected_name(&s).as_deref(), Some("a"));
}

#[test]
fn refresh_off_schedules_nothing() {
    let mut s = state();
    s.app.config.refresh = None;
    let t = clusters_ticket(&init(&mut s, None));
    let effects = done(&mut s, t, Outcome::Clusters(Ok(names(&["a"]))));
    assert!(effects.is_empty());
}

#[test]
fn stale_results_are_dropped() {
    let mut s = state();
    let t = clusters_ticket(&init(&mut s, None));
    let stale = Ticket {
        id: t.id + 100,
        owner: t.owner,
    };
    let effects = done(&mut s, stale, Outcome::Clusters(Ok(names(&["x"]))));
    assert!(effects.is_empty());
    assert_eq!(s.shared.clusters.phase(), Phase::Loading);
}

#[test]
fn throttling_backs_off_exponentially_and_keeps_old_rows() {
    let (mut s, _) = loaded(&["a"]);
    let t = clusters_ticket(&update(&mut s, key('r')));
    let effects = done(&mut s, t, Outcome::Clusters(Err(throttled())));
    assert_eq!(timers(&effects), [Duration::from_secs(2)]);
    assert_eq!(
        s.shared.clusters.phase(),
        Phase::Loaded,
        "old rows stay visible"
    );
    assert!(status_has(&s, "ThrottlingException"));

    let timer = Ticket {
        id: top_timer(&s).expect("timer"),
        owner: t.owner,
    };
    let t = clusters_ticket(&done(&mut s, timer, Outcome::RefreshDue));
    let effects = done(&mut s, t, Outcome::Clusters(Err(throttled())));
    assert_eq!(timers(&effects), [Duration::from_secs(4)]);

    let timer = Ticket {
        id: top_timer(&s).expect("timer"),
        owner: t.owner,
    };
    let t = clusters_ticket(&done(&mut s, timer, Outcome::RefreshDue));
    done(&mut s, t, Outcome::Clusters(Ok(names(&["a", "b"]))));
    assert!(s.app.status.is_none(), "a success clears the error");
    assert_eq!(s.shared.clusters.failures, 0);
}

#[test]
fn backoff_is_capped() {
    assert_eq!(refresh::backoff(1), Duration::from_secs(2));
    assert_eq!(refresh::backoff(3), Duration::from_secs(8));
    assert_eq!(refresh::backoff(40), Duration::from_secs(120));
}

#[test]
fn a_permission_error_waits_for_the_normal_interval() {
    let mut s = state();
    let t = clusters_ticket(&init(&mut s, None));
    let denied = AwsError {
        kind: ErrorKind::AccessDenied {
            action: Some("ecs:ListClusters".into()),
        },
        code: Some("AccessDeniedException".into()),
        message: "denied".into(),
        hint: Some("your role needs the IAM permission ecs:ListClusters".into()),
        read_back: None,
    };
    let effects = done(&mut s, t, Outcome::Clusters(Err(denied)));
    assert_eq!(s.shared.clusters.phase(), Phase::Failed);
    assert_eq!(timers(&effects), [Duration::from_secs(30)]);
}

#[test]
fn an_old_refresh_timer_is_ignored() {
    let (mut s, _) = loaded(&["a"]);
    let old = Ticket {
        id: top_timer(&s).expect("timer"),
        owner: Owner::Screen(s.routes.top().id),
    };
    let effects = update(&mut s, key('r'));
    assert!(
        effects.contains(&Effect::CancelTicket(old.id)),
        "r drops the pending timer: {effects:?}"
    );
    assert!(done(&mut s, old, Outcome::RefreshDue).is_empty());
}

#[test]
fn refresh_while_loading_replaces_the_request_in_flight() {
    let mut s = state();
    let first = clusters_ticket(&init(&mut s, None));
    let effects = update(&mut s, key('r'));
    assert!(
        effects.contains(&Effect::CancelTicket(first.id)),
        "the stuck request is cancelled: {effects:?}"
    );
    let second = clusters_ticket(&effects);
    assert_ne!(first, second);
    assert!(done(&mut s, first, Outcome::Clusters(Ok(names(&["old"])))).is_empty());
    done(&mut s, second, Outcome::Clusters(Ok(names(&["new"]))));
    assert_eq!(selected_name(&s).as_deref(), Some("new"));
}

#[test]
fn moving_the_cursor_saturates() {
    let (mut s, _) = loaded(&["a", "b", "c"]);
    update(&mut s, key('k'));
    assert_eq!(selected_name(&s).as_deref(), Some("a"));
    update(&mut s, key('j'));
    update(&mut s, code(KeyCode::Down));
    update(&mut s, key('j'));
    assert_eq!(selected_name(&s).as_deref(), Some("c"));
    update(&mut s, key('g'));
    assert_eq!(selected_name(&s).as_deref(), Some("a"));
    update(&mut s, key('G'));
    assert_eq!(selected_name(&s).as_deref(), Some("c"));
}

#[test]
fn selection_survives_a_refresh_that_reorders_rows() {
    let (mut s, _) = loaded(&["a", "b", "c"]);
    update(&mut s, key('j'));
    let t = clusters_ticket(&update(&mut s, key('r')));
    done(
        &mut s,
        t,
        Outcome::Clusters(Ok(names(&["c", "b", "new", "a"]))),
    );
    assert_eq!(selected_name(&s).as_deref(), Some("b"));
    assert_eq!(root(&s).table.selected_index(), 1);
}

#[test]
fn filter_applies_live_enter_keeps_esc_restores() {
    let (mut s, _) = loaded(&["prod-api", "staging", "prod-web"]);
    update(&mut s, key('/'));
    typed(&mut s, "prod");
    assert_eq!(root(&s).table.filter(), "prod");
    assert_eq!(root(&s).table.visible_len(), 2);
    update(&mut s, code(KeyCode::Enter));
    assert!(s.app.input.is_none());
    assert_eq!(root(&s).table.filter(), "prod");

    update(&mut s, key('/'));
    typed(&mut s, "-web");
    assert_eq!(root(&s).table.visible_len(), 1);
    update(&mut s, code(KeyCode::Esc));
    assert_eq!(
        root(&s).table.filter(),
        "prod",
        "esc restores the filter before this edit"
    );
    update(&mut s, code(KeyCode::Esc));
    assert_eq!(
        root(&s).table.filter(),
        "",
        "esc on the list clears the filter"
    );
}

#[test]
fn esc_clears_a_filter_before_leaving_on_every_screen() {
    let (mut s, _) = loaded(&["prod"]);
    update(&mut s, key(':'));
    typed(&mut s, "namespaces");
    update(&mut s, code(KeyCode::Enter));
    assert!(matches!(s.route(), Route::Namespaces(_)));
    update(&mut s, key('/'));
    typed(&mut s, "zzz");
    update(&mut s, code(KeyCode::Enter));
    update(&mut s, code(KeyCode::Esc));
    assert!(
        matches!(s.route(), Route::Namespaces(_)),
        "the first Esc clears the filter"
    );
    let table = s.route().screen().table().expect("a list");
    assert_eq!(table.filter(), "");
    update(&mut s, code(KeyCode::Esc));
    assert!(
        matches!(s.route(), Route::Clusters(_)),
        "the next goes back"
    );
}

#[test]
fn keys_typed_into_the_filter_are_not_commands() {
    let (mut s, _) = loaded(&["a"]);
    update(&mut s, key('/'));
    typed(&mut s, "q");
    assert!(!s.app.should_quit);
    assert_eq!(root(&s).table.filter(), "q");
}

#[test]
fn sort_keeps_the_selected_cluster() {
    let (mut s, _) = loaded(&["b", "c", "a"]);
    assert_eq!(selected_name(&s).as_deref(), Some("b"));
    update(&mut s, key('s'));
    let order: Vec<String> = root(&s)
        .table
        .visible_rows()
        .map(|r| r.cells[0].clone())
        .collect();
    assert_eq!(order, ["a", "b", "c"]);
    assert_eq!(selected_name(&s).as_deref(), Some("b"));
    assert_eq!(root(&s).table.selected_index(), 1);
    update(&mut s, key('S'));
    assert_eq!(root(&s).table.selected_index(), 1);
    assert_eq!(selected_name(&s).as_deref(), Some("b"));
}

#[test]
fn enter_opens_the_detail_and_esc_comes_back() {
    let (mut s, _) = loaded(&["a", "b"]);
    update(&mut s, key('j'));
    let effects = update(&mut s, code(KeyCode::Enter));
    let arn = Cluster::named("b").arn;
    assert!(
        jobs(&effects)
            .iter()
            .any(|j| matches!(j, Job::Cluster { cluster } if *cluster == arn))
    );
    assert!(
        jobs(&effects)
            .iter()
            .any(|j| matches!(j, Job::Services { cluster } if *cluster == arn))
    );
    let Route::ClusterDetail(d) = s.route() else {
        panic!("detail expected")
    };
    assert_eq!(d.name, "b");
    assert!(
        d.cluster.data.is_some(),
        "draws at once from the list's data"
    );

    let effects = update(&mut s, code(KeyCode::Esc));
    assert!(matches!(s.route(), Route::Clusters(_)));
    assert!(matches!(work(&effects)[..], [Job::Clusters]), "{effects:?}");
    assert_eq!(selected_name(&s).as_deref(), Some("b"));
}

#[test]
fn results_for_a_page_the_operator_left_are_dropped_and_its_work_cancelled() {
    let (mut s, _) = loaded(&["a"]);
    let effects = update(&mut s, code(KeyCode::Enter));
    let t = ticket_of(&effects, |j| matches!(j, Job::Services { .. }));
    let effects = update(&mut s, code(KeyCode::Esc));
    assert!(
        effects.contains(&Effect::CancelOwner(t.owner)),
        "leaving the page cancels what it started: {effects:?}"
    );
    assert!(done(&mut s, t, Outcome::Services(Ok(Vec::new()))).is_empty());
}

#[test]
fn the_detail_schedules_a_refresh_after_both_loads() {
    let (mut s, _) = loaded(&["a"]);
    let effects = update(&mut s, code(KeyCode::Enter));
    let c = ticket_of(&effects, |j| matches!(j, Job::Cluster { .. }));
    let v = ticket_of(&effects, |j| matches!(j, Job::Services { .. }));
    let first = done(
        &mut s,
        c,
        Outcome::Cluster(Ok(Box::new(Cluster::named("a")))),
    );
    assert!(timers(&first).is_empty(), "services still loading");
    let second = done(&mut s, v, Outcome::Services(Ok(Vec::new())));
    assert_eq!(timers(&second).len(), 1);
}

#[test]
fn describe_opens_scrollable_json() {
    let (mut s, _) = loaded(&["a"]);
    s.shared.clusters.data.as_mut().expect("data")[0].json = serde_json::json!({
        "clusterName": "a", "tags": (0..40).map(|i| serde_json::json!({"key": i})).collect::<Vec<_>>()
    });
    update(&mut s, key('d'));
    let Route::Text(page) = s.route() else {
        panic!("json expected")
    };
    assert!(
        page.lines
            .iter()
            .any(|l| l.contains("\"clusterName\": \"a\""))
    );
    let total = page.lines.len();
    update(&mut s, key('G'));
    draw(&s);
    let Route::Text(page) = s.route() else {
        panic!("json expected")
    };
    // The page box is the body (24 rows - header 2 - footer 2) minus its borders.
    assert_eq!(page.scroll.offset(), total - 18);
    update(&mut s, key('g'));
    update(&mut s, key('j'));
    let Route::Text(page) = s.route() else {
        panic!("json expected")
    };
    assert_eq!(page.scroll.offset(), 1);
}

#[test]
fn command_line_completes_and_runs() {
    let (mut s, _) = loaded(&["a"]);
    update(&mut s, code(KeyCode::Enter));
    update(&mut s, key(':'));
    typed(&mut s, "clu");
    update(&mut s, code(KeyCode::Tab));
    assert_eq!(
        s.app
            .input
            .as_ref()
            .map(|i| i.input.value().to_string())
            .as_deref(),
        Some("clusters")
    );
    update(&mut s, code(KeyCode::Enter));
    assert!(matches!(s.route(), Route::Clusters(_)));
    assert_eq!(s.routes.len(), 1);

    update(&mut s, key(':'));
    typed(&mut s, "nope");
    update(&mut s, code(KeyCode::Enter));
    assert!(status_has(&s, "unknown command :nope"));
    assert_eq!(
        s.app
            .input
            .as_ref()
            .map(|i| i.input.value().to_string())
            .as_deref(),
        Some("nope"),
        "a refused line opens again with what was typed"
    );
    update(&mut s, code(KeyCode::Esc));

    update(&mut s, key(':'));
    typed(&mut s, "q");
    update(&mut s, code(KeyCode::Enter));
    assert!(s.app.should_quit);
}

#[test]
fn a_services_line_names_one_known_cluster() {
    let (mut s, _) = loaded(&["prod", "staging"]);
    for (line, why) in [
        ("services prod extra", "one cluster name, without spaces"),
        ("tasks prd", "no cluster by that name"),
    ] {
        update(&mut s, key(':'));
        typed(&mut s, line);
        update(&mut s, code(KeyCode::Enter));
        assert!(status_has(&s, why), "{line}: {:?}", s.app.status);
        assert!(
            matches!(s.route(), Route::Clusters(_)),
            "{line}: nothing opened"
        );
        assert_eq!(
            s.app
                .input
                .as_ref()
                .map(|i| i.input.value().to_string())
                .as_deref(),
            Some(line)
        );
        update(&mut s, code(KeyCode::Esc));
    }
    // An ARN is ECS's to judge; a known name opens.
    update(&mut s, key(':'));
    typed(
        &mut s,
        "tasks arn:aws:ecs:us-east-1:123456789012:cluster/elsewhere",
    );
    update(&mut s, code(KeyCode::Enter));
    assert!(matches!(s.route(), Route::Tasks(_)));
    update(&mut s, key(':'));
    typed(&mut s, "services staging");
    update(&mut s, code(KeyCode::Enter));
    assert!(matches!(s.route(), Route::Services(_)));
}

#[test]
fn esc_on_a_view_opened_with_a_colon_goes_to_the_cluster_list() {
    let (mut s, _) = loaded(&["prod"]);
    assert!(!s.can_go_back(), "nowhere to go from the bare cluster list");
    update(&mut s, key(':'));
    typed(&mut s, "taskdefs");
    update(&mut s, code(KeyCode::Enter));
    assert!(matches!(s.route(), Route::Families(_)));
    assert_eq!(s.routes.len(), 1);
    assert!(s.can_go_back(), "the footer's esc back is true");
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(80, 24)).expect("terminal");
    terminal.draw(|f| crate::ui::render(f, &s)).expect("draw");
    let second: String = (0..80)
        .map(|x| terminal.backend().buffer()[(x, 1)].symbol().to_string())
        .collect();
    assert!(
        second
            .trim_start()
            .starts_with("clusters › task definitions"),
        "the path names where Esc goes: {second}"
    );
    update(&mut s, code(KeyCode::Esc));
    assert!(matches!(s.route(), Route::Clusters(_)));
}

#[test]
fn a_key_bound_to_nothing_says_so() {
    let (mut s, _) = loaded(&["prod"]);
    update(&mut s, key('Z'));
    assert!(status_has(&s, "Z does nothing here"), "{:?}", s.app.status);
    update(&mut s, key('7'));
    assert!(status_has(&s, "7 does nothing here"));
    // A key with several meanings elsewhere, none here, is not named after one of them.
    update(&mut s, key('t'));
    assert!(status_has(&s, "t does nothing here"), "{:?}", s.app.status);
}

#[test]
fn help_on_a_cluster_page_says_what_each_key_acts_on() {
    let (mut s, _) = loaded(&["prod"]);
    s.app.size = (100, 60);
    update(&mut s, code(KeyCode::Enter));
    assert!(matches!(s.route(), Route::ClusterDetail(_)));
    update(&mut s, key('?'));
    let help = screen_text(&s).join("\n");
    for label in [
        "create a service in this cluster",
        "copy the selected service's ARN",
        "the cluster's tasks",
    ] {
        assert!(help.contains(label), "{label} in\n{help}");
    }
}

#[test]
fn esc_then_a_key_at_once_is_not_lost_as_alt_key() {
    let (mut s, _) = loaded(&["prod"]);
    update(&mut s, code(KeyCode::Enter));
    assert!(matches!(s.route(), Route::ClusterDetail(_)));
    // What the terminal sends for Esc then `?` typed quickly.
    update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Char('?'), KeyModifiers::ALT)),
    );
    assert!(matches!(s.route(), Route::Clusters(_)), "Esc went back");
    assert!(
        matches!(s.app.overlay, Some(Overlay::Help { .. })),
        "and ? opened help"
    );
}

#[test]
fn alt_y_on_a_changed_form_asks_to_discard_and_does_not_answer_it() {
    let mut s = described_revisions();
    update(&mut s, key('c'));
    update(&mut s, key('x'));
    // Esc then y typed at once: Esc asks whether to discard the changed form; the y is not the
    // answer to a question that was not yet on screen.
    update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Char('y'), KeyModifiers::ALT)),
    );
    assert!(matches!(s.app.overlay, Some(Overlay::Confirm(_))), "asked");
    assert!(
        matches!(s.route(), Route::TaskDefWizard(_)),
        "the form is kept"
    );
}

#[test]
fn a_successful_load_clears_only_a_load_failure_from_the_status_line() {
    // A message from before the screen came up (a config file tecs cannot use) stays.
    let mut s = state();
    let effects = init(&mut s, None);
    s.set_status(Level::Error, "config.toml: line 1, column 11: invalid type");
    let t = clusters_ticket(&effects);
    done(&mut s, t, Outcome::Clusters(Ok(names(&["a"]))));
    assert!(status_has(&s, "config.toml"), "{:?}", s.app.status);
    // A load's own failure is over when the next load succeeds.
    let effects = update(&mut s, key('r'));
    let t = clusters_ticket(&effects);
    done(&mut s, t, Outcome::Clusters(Err(throttled())));
    assert!(
        s.app
            .status
            .as_ref()
            .is_some_and(|st| st.level == Level::Error)
    );
    let effects = update(&mut s, key('r'));
    let t = clusters_ticket(&effects);
    done(&mut s, t, Outcome::Clusters(Ok(names(&["a"]))));
    assert!(s.app.status.is_none(), "{:?}", s.app.status);
}

#[test]
fn f1_in_a_prompt_opens_help_to_read_a_long_refusal() {
    let (mut s, _) = loaded(&["a"]);
    update(&mut s, key(':'));
    typed(&mut s, "nope");
    update(&mut s, code(KeyCode::Enter));
    assert!(s.app.input.is_some(), "the refused line is open again");
    update(&mut s, code(KeyCode::F(1)));
    assert!(matches!(s.app.overlay, Some(Overlay::Help { .. })));
    update(&mut s, code(KeyCode::Esc));
    assert_eq!(s.app.input.as_ref().map(|i| i.input.value()), Some("nope"));
}

#[test]
fn help_owns_the_keyboard_until_closed() {
    let (mut s, _) = loaded(&["a", "b"]);
    update(&mut s, key('?'));
    assert!(s.app.overlay.is_some());
    update(&mut s, key('j'));
    assert_eq!(
        selected_name(&s).as_deref(),
        Some("a"),
        "j scrolls help, not the list"
    );
    update(&mut s, code(KeyCode::Esc));
    assert!(s.app.overlay.is_none());
}

#[test]
fn ctrl_c_quits_from_anywhere_and_q_quits() {
    let (mut s, _) = loaded(&["a"]);
    update(&mut s, key('/'));
    update(&mut s, ctrl('c'));
    assert!(s.app.should_quit);
    let (mut s, _) = loaded(&["a"]);
    update(&mut s, key('q'));
    assert!(s.app.should_quit);
}

#[test]
fn open_cluster_flag_starts_on_its_page() {
    let mut s = state();
    let effects = init(&mut s, Some("prod"));
    assert_eq!(s.routes.len(), 2);
    assert!(
        jobs(&effects)
            .iter()
            .any(|j| matches!(j, Job::Cluster { cluster } if cluster == "prod"))
    );
}

#[test]
fn ticks_redraw_only_while_loading() {
    let (mut s, _) = loaded(&["a"]);
    s.app.dirty = false;
    s.app.identity.in_flight = None;
    update(&mut s, Action::Tick);
    assert!(!s.app.dirty);
}

#[test]
fn a_late_answer_for_a_popped_screen_never_opens_anything_over_another_screen() {
    // `c` asks for the namespaces, then `:taskdefs` replaces the stack before they arrive: the
    // wizard must not open on top of the task definitions.
    let (mut s, _) = loaded(&["a"]);
    let effects = update(&mut s, key('c'));
    let t = ticket_of(&effects, |j| matches!(j, Job::Namespaces));
    update(&mut s, key(':'));
    typed(&mut s, "taskdefs");
    let effects = update(&mut s, code(KeyCode::Enter));
    assert!(effects.contains(&Effect::CancelOwner(t.owner)));
    assert!(matches!(s.route(), Route::Families(_)));
    let effects = done(&mut s, t, Outcome::Namespaces(Ok(Vec::new())));
    assert!(effects.is_empty());
    assert!(matches!(s.route(), Route::Families(_)));
    assert_eq!(s.routes.len(), 1);
}

// ---- task definitions and the confirmation dialog ----

fn rev(family: &str, n: i32, status: &str) -> RevisionRef {
    RevisionRef::from_arn(
        &format!("arn:aws:ecs:us-east-1:1:task-definition/{family}:{n}"),
        status,
    )
    .expect("arn")
}

/// On `:taskdefs`, family `web` opened, with revisions 3 (ACTIVE), 2 (ACTIVE), 1 (INACTIVE) listed.
fn on_revisions() -> State {
    let (mut s, _) = loaded(&["a"]);
    update(&mut s, key(':'));
    typed(&mut s, "taskdefs");
    let effects = update(&mut s, code(KeyCode::Enter));
    let t = ticket_of(&effects, |j| matches!(j, Job::Families { .. }));
    done(
        &mut s,
        t,
        Outcome::Families(Ok(vec!["web".into(), "worker".into()])),
    );
    let effects = update(&mut s, code(KeyCode::Enter));
    let t = ticket_of(
        &effects,
        |j| matches!(j, Job::Revisions { family } if family == "web"),
    );
    let effects = done(
        &mut s,
        t,
        Outcome::Revisions(Ok(vec![
            rev("web", 3, "ACTIVE"),
            rev("web", 2, "ACTIVE"),
            rev("web", 1, "INACTIVE"),
        ])),
    );
    let described: Vec<String> = jobs(&effects)
        .into_iter()
        .flat_map(|j| match j {
            Job::DescribeTaskDefs { arns } => arns.clone(),
            _ => Vec::new(),
        })
        .collect();
    assert_eq!(described.len(), 3, "visible rows are described lazily");
    s
}

/// The owner of the screen on top, for answers to its work.
fn top_owner(s: &State) -> Owner {
    Owner::Screen(s.routes.top().id)
}

/// An answer to the screen on top.
fn answer(s: &mut State, outcome: Outcome) -> Vec<Effect> {
    let owner = top_owner(s);
    let id = s.app.next_id();
    done(s, Ticket { id, owner }, outcome)
}

#[test]
fn the_newest_revision_is_selected_whichever_page_comes_first() {
    let (mut s, _) = loaded(&["a"]);
    update(&mut s, key(':'));
    typed(&mut s, "taskdefs");
    let effects = update(&mut s, code(KeyCode::Enter));
    let t = ticket_of(&effects, |j| matches!(j, Job::Families { .. }));
    done(&mut s, t, Outcome::Families(Ok(vec!["web".into()])));
    let effects = update(&mut s, code(KeyCode::Enter));
    let t = ticket_of(&effects, |j| matches!(j, Job::Revisions { .. }));
    // The INACTIVE listing answers first, then the ACTIVE one.
    done(
        &mut s,
        t,
        Outcome::RevisionsSoFar(vec![rev("web", 1, "INACTIVE")]),
    );
    done(
        &mut s,
        t,
        Outcome::RevisionsSoFar(vec![rev("web", 3, "ACTIVE"), rev("web", 2, "ACTIVE")]),
    );
    let Route::Revisions(list) = s.route() else {
        panic!("revisions")
    };
    assert!(list.data.is_partial());
    assert_eq!(list.selected().map(|r| r.revision), Some(3));
    done(
        &mut s,
        t,
        Outcome::Revisions(Ok(vec![
            rev("web", 3, "ACTIVE"),
            rev("web", 2, "ACTIVE"),
            rev("web", 1, "INACTIVE"),
        ])),
    );
    let Route::Revisions(list) = s.route() else {
        panic!("revisions")
    };
    assert_eq!(list.selected().map(|r| r.revision), Some(3));
}

#[test]
fn described_revisions_are_cached_and_not_asked_twice() {
    let mut s = on_revisions();
    let r = rev("web", 3, "ACTIVE");
    let td = TaskDefinition {
        arn: r.arn.clone(),
        family: "web".into(),
        revision: 3,
        status: "ACTIVE".into(),
        registered_at: None,
        cpu: Some("256".into()),
        memory: Some("512".into()),
        launch_types: vec!["FARGATE".into()],
        network_mode: Some("awsvpc".into()),
        os: None,
        arch: None,
        task_role: None,
        execution_role: None,
        containers: Vec::new(),
        tags: Vec::new(),
        json: serde_json::json!({"family": "web"}),
    };
    answer(&mut s, Outcome::Described(vec![(r.arn.clone(), Ok(td))]));
    assert!(s.shared.taskdefs.contains_key(&r.arn));
    // Moving around does not describe again what is cached or in flight.
    let effects = update(&mut s, key('j'));
    assert!(effects.is_empty(), "{effects:?}");
    let effects = update(&mut s, key('k'));
    assert!(effects.is_empty());
}

#[test]
fn deregister_dialog_starts_on_no_and_enter_cancels() {
    let mut s = on_revisions();
    update(&mut s, key(' '));
    update(&mut s, key(' '));
    update(&mut s, key('D'));
    let Some(Overlay::Confirm(dialog)) = &s.app.overlay else {
        panic!("dialog expected")
    };
    assert!(!dialog.yes_highlighted, "No is highlighted first");
    assert!(
        dialog.lines[0].contains(
            "Are you sure you want to deregister the following task definition:revisions?"
        )
    );
    assert!(dialog.lines.iter().any(|l| l.trim() == "web:3"));
    assert!(dialog.lines.iter().any(|l| l.trim() == "web:2"));
    assert!(dialog.lines.iter().any(|l| l.contains("keep running")));
    let effects = update(&mut s, code(KeyCode::Enter));
    assert!(effects.is_empty(), "Enter on No changes nothing");
    assert!(s.app.overlay.is_none());
}

#[test]
fn deregister_y_confirms_and_results_update_rows_in_place() {
    let mut s = on_revisions();
    update(&mut s, key(' '));
    update(&mut s, key(' '));
    update(&mut s, key('D'));
    let effects = update(&mut s, key('y'));
    let [Job::DeregisterTaskDefs { arns }] = &jobs(&effects)[..] else {
        panic!("{effects:?}")
    };
    assert_eq!(arns, &vec![rev("web", 3, "").arn, rev("web", 2, "").arn]);
    answer(
        &mut s,
        Outcome::Deregistered(vec![
            (rev("web", 3, "").arn, Ok(())),
            (rev("web", 2, "").arn, Err(refused("boom"))),
        ]),
    );
    let Route::Revisions(r) = s.route() else {
        panic!("revisions")
    };
    let statuses: Vec<&str> = r
        .data
        .data
        .as_ref()
        .expect("data")
        .iter()
        .map(|x| x.status.as_str())
        .collect();
    assert_eq!(statuses, ["INACTIVE", "ACTIVE", "INACTIVE"]);
    assert!(status_has(&s, "deregistered 1 of 2"));
    assert!(status_has(&s, "web:2: boom (nothing changed)"));
}

#[test]
fn tab_then_enter_confirms_and_n_or_esc_cancel() {
    let mut s = on_revisions();
    update(&mut s, key('D'));
    update(&mut s, code(KeyCode::Tab));
    let effects = update(&mut s, code(KeyCode::Enter));
    assert!(matches!(
        jobs(&effects)[..],
        [Job::DeregisterTaskDefs { .. }]
    ));
    for cancel in [key('n'), code(KeyCode::Esc)] {
        update(&mut s, key('D'));
        assert!(s.app.overlay.is_some());
        assert!(update(&mut s, cancel).is_empty());
        assert!(s.app.overlay.is_none());
    }
}

#[test]
fn delete_refuses_active_revisions_and_offers_inactive_ones() {
    let mut s = on_revisions();
    update(&mut s, key('X'));
    assert!(s.app.overlay.is_none(), "web:3 is ACTIVE");
    assert!(status_has(&s, "only INACTIVE"));
    update(&mut s, key(' '));
    update(&mut s, key('j'));
    update(&mut s, key(' '));
    update(&mut s, key('X'));
    let Some(Overlay::Confirm(dialog)) = &s.app.overlay else {
        panic!("dialog expected")
    };
    assert_eq!(
        dialog.op,
        PendingOp::DeleteTaskDefinitions {
            arns: vec![rev("web", 1, "").arn]
        }
    );
    assert!(
        dialog
            .lines
            .iter()
            .any(|l| l.contains("Skipped (still ACTIVE") && l.contains("web:3"))
    );
}

#[test]
fn read_only_refuses_before_asking() {
    let mut s = on_revisions();
    s.app.config.read_only = true;
    update(&mut s, key('D'));
    assert!(s.app.overlay.is_none());
    assert!(status_has(&s, "read-only"));
}

#[test]
fn status_toggle_and_prefix_search_reload_families() {
    let mut s = on_revisions();
    update(&mut s, code(KeyCode::Esc));
    let effects = update(&mut s, key('t'));
    let t = ticket_of(&effects, |j| {
        matches!(
            j,
            Job::Families {
                status: crate::model::task_definition::FamilyFilter::Inactive,
                ..
            }
        )
    });
    done(&mut s, t, Outcome::Families(Ok(vec![])));
    update(&mut s, key('p'));
    typed(&mut s, "we");
    let effects = update(&mut s, code(KeyCode::Enter));
    assert!(
        matches!(&work(&effects)[..], [Job::Families { prefix: Some(p), .. }] if p == "we"),
        "{effects:?}"
    );
    // Esc clears the prefix first (issue #10.6), and only then goes back.
    let depth = s.routes.len();
    let effects = update(&mut s, code(KeyCode::Esc));
    assert!(
        matches!(&work(&effects)[..], [Job::Families { prefix: None, .. }]),
        "{effects:?}"
    );
    assert_eq!(s.routes.len(), depth, "still on the families");
}

#[test]
fn namespaces_command_loads_namespaces_with_clusters_and_enter_opens_one() {
    use crate::model::namespace::{Namespace, NamespaceKind};
    let (mut s, _) = loaded(&["staging"]);
    update(&mut s, key(':'));
    typed(&mut s, "namespaces");
    let effects = update(&mut s, code(KeyCode::Enter));
    assert!(matches!(s.route(), Route::Namespaces(_)));
    let t = ticket_of(&effects, |j| matches!(j, Job::Namespaces));
    assert!(
        jobs(&effects).iter().any(|j| matches!(j, Job::Clusters)),
        "DEFAULT FOR needs clusters"
    );
    let ns = Namespace::named("staging.local", NamespaceKind::Http);
    done(&mut s, t, Outcome::Namespaces(Ok(vec![ns.clone()])));
    // d shows the namespace as JSON (issue #10.6), Esc comes back.
    update(&mut s, key('d'));
    assert!(matches!(s.route(), Route::Text(_)), "d opens the JSON");
    update(&mut s, code(KeyCode::Esc));
    let effects = update(&mut s, code(KeyCode::Enter));
    assert!(matches!(s.route(), Route::NamespaceDetail(_)));
    assert!(
        jobs(&effects).iter().any(
            |j| matches!(j, Job::NamespaceServices { namespace_id } if *namespace_id == ns.id)
        )
    );
    assert!(
        jobs(&effects)
            .iter()
            .any(|j| matches!(j, Job::NamespaceEcsServices { .. }))
    );
}

// ---- new revisions through $EDITOR, diff, keep-newest, copy, quick deregister ----

fn described(family: &str, n: i32, status: &str, image: &str) -> TaskDefinition {
    let r = rev(family, n, status);
    TaskDefinition {
        arn: r.arn.clone(),
        family: family.into(),
        revision: n,
        status: status.into(),
        registered_at: None,
        cpu: Some("256".into()),
        memory: Some("512".into()),
        launch_types: vec!["FARGATE".into()],
        network_mode: Some("awsvpc".into()),
        os: None,
        arch: None,
        task_role: None,
        execution_role: None,
        containers: Vec::new(),
        tags: vec![("team".into(), "shop".into())],
        json: serde_json::json!({
            "taskDefinitionArn": r.arn, "revision": n, "status": status, "family": family,
            "requiresCompatibilities": ["FARGATE"], "networkMode": "awsvpc", "cpu": "256", "memory": "512",
            "containerDefinitions": [{"name": "app", "image": image}]
        }),
    }
}

/// On the `web` revisions with all three described.
fn described_revisions() -> State {
    let mut s = on_revisions();
    let results = [
        (3, "ACTIVE", "nginx:3"),
        (2, "ACTIVE", "nginx:2"),
        (1, "INACTIVE", "nginx:1"),
    ]
    .iter()
    .map(|(n, st, img)| {
        let td = described("web", *n, st, img);
        (td.arn.clone(), Ok(td))
    })
    .collect();
    answer(&mut s, Outcome::Described(results));
    s
}

/// The editor effect: its ticket, family, base revision and text.
fn edit_effect(effects: &[Effect]) -> (Ticket, String, String, String) {
    match effects {
        [
            Effect::EditText {
                ticket,
                family,
                base_arn,
                text,
            },
        ] => (*ticket, family.clone(), base_arn.clone(), text.clone()),
        other => panic!("expected an EditText effect, got {other:?}"),
    }
}

/// The editor closed with `result`, answering the screen that opened it.
fn edited(
    s: &mut State,
    edit: &(Ticket, String, String, String),
    result: Result<String, String>,
) -> Vec<Effect> {
    done(
        s,
        edit.0,
        Outcome::Edited {
            family: edit.1.clone(),
            base_arn: edit.2.clone(),
            result,
        },
    )
}

fn draft_page_family(s: &State) -> Option<&str> {
    match s.route() {
        Route::Draft(d) => Some(d.family.as_str()),
        _ => None,
    }
}

#[test]
fn e_opens_the_registerable_json_and_a_valid_edit_asks_to_register() {
    let mut s = described_revisions();
    let edit = edit_effect(&update(&mut s, key('e')));
    assert_eq!(edit.1, "web");
    let json: serde_json::Value = serde_json::from_str(&edit.3).expect("editor text is JSON");
    assert!(
        json.get("revision").is_none() && json.get("taskDefinitionArn").is_none(),
        "read-only fields dropped"
    );
    assert_eq!(json["tags"][0]["key"], "team", "tags carried over");

    let changed = edit.3.replace("nginx:3", "nginx:4");
    edited(&mut s, &edit, Ok(changed));
    assert_eq!(draft_page_family(&s), Some("web"));
    let draft = s.shared.drafts.get("web").expect("draft kept");
    assert!(draft.problems.is_empty());
    assert!(
        draft
            .diff
            .iter()
            .any(|l| l.starts_with("- ") && l.contains("nginx:3"))
    );
    assert!(
        draft
            .diff
            .iter()
            .any(|l| l.starts_with("+ ") && l.contains("nginx:4"))
    );
    let Some(Overlay::Confirm(dialog)) = &s.app.overlay else {
        panic!("asks before registering")
    };
    assert!(!dialog.yes_highlighted);

    let effects = update(&mut s, key('y'));
    let [Job::RegisterTaskDefinition { family, json }] = &jobs(&effects)[..] else {
        panic!("{effects:?}")
    };
    assert_eq!(family, "web");
    assert_eq!(json["containerDefinitions"][0]["image"], "nginx:4");
    let t = ticket_of(&effects, |j| {
        matches!(j, Job::RegisterTaskDefinition { .. })
    });

    let new = described("web", 4, "ACTIVE", "nginx:4");
    done(
        &mut s,
        t,
        Outcome::Registered {
            family: "web".into(),
            result: Ok(Box::new(new.clone())),
        },
    );
    assert!(s.shared.drafts.is_empty(), "registered drafts are gone");
    assert!(
        matches!(s.route(), Route::RevisionDetail(d) if d.arn == new.arn),
        "lands on the new revision"
    );
    let Some(Route::Revisions(r)) = s
        .routes
        .iter()
        .map(|e| &e.route)
        .find(|r| matches!(r, Route::Revisions(_)))
    else {
        panic!("revisions below")
    };
    assert_eq!(
        r.data.data.as_ref().expect("rows")[0].revision,
        4,
        "the list shows it at the top"
    );
}

#[test]
fn an_invalid_edit_is_kept_with_its_problems_and_reopens_as_typed() {
    let mut s = described_revisions();
    let edit = edit_effect(&update(&mut s, key('e')));
    let broken = edit
        .3
        .replace("\"memory\": \"512\"", "\"memory\": \"3000\"");
    edited(&mut s, &edit, Ok(broken.clone()));
    assert!(
        s.app.overlay.is_none(),
        "nothing is offered for registration"
    );
    let draft = s.shared.drafts.get("web").expect("draft kept");
    assert!(
        draft
            .problems
            .iter()
            .any(|p| p.contains("not valid with .25 vCPU (256)")),
        "{:?}",
        draft.problems
    );
    assert!(
        update(&mut s, code(KeyCode::Enter)).is_empty(),
        "enter does not register an invalid draft"
    );
    let reopened = edit_effect(&update(&mut s, key('e')));
    assert_eq!(reopened.3, broken, "the text comes back exactly as typed");

    edited(&mut s, &reopened, Ok("{ not json".into()));
    let draft = s.shared.drafts.get("web").expect("draft kept");
    assert!(
        draft.problems[0].contains("line 1 column"),
        "{:?}",
        draft.problems
    );
}

#[test]
fn a_refused_register_keeps_the_draft_and_x_discards_it_after_asking() {
    let mut s = described_revisions();
    let edit = edit_effect(&update(&mut s, key('e')));
    edited(&mut s, &edit, Ok(edit.3.replace("nginx:3", "nginx:9")));
    let effects = update(&mut s, key('y'));
    let t = ticket_of(&effects, |j| {
        matches!(j, Job::RegisterTaskDefinition { .. })
    });
    done(
        &mut s,
        t,
        Outcome::Registered {
            family: "web".into(),
            result: Err(refused("ClientException: bad")),
        },
    );
    let draft = s.shared.drafts.get("web").expect("kept");
    let failed = draft.failure.as_ref().expect("the attempt is kept");
    assert!(
        failed.line.contains("refused, nothing changed"),
        "{failed:?}"
    );
    assert!(draft.is_ready(), "enter retries");
    assert!(status_has(&s, "the draft is kept"));
    update(&mut s, key('X'));
    update(&mut s, key('y'));
    assert!(s.shared.drafts.is_empty());
    assert!(matches!(s.route(), Route::Revisions(_)));
}

/// Issue #9.3: a register whose answer was lost (and could not be read back) never says
/// "nothing changed" or "refused"; one read back as not done says a retry is safe.
#[test]
fn a_register_with_a_lost_answer_says_the_outcome_is_unknown() {
    use crate::model::ReadBack;
    let mut s = described_revisions();
    let edit = edit_effect(&update(&mut s, key('e')));
    edited(&mut s, &edit, Ok(edit.3.replace("nginx:3", "nginx:9")));
    let effects = update(&mut s, key('y'));
    let t = ticket_of(&effects, |j| {
        matches!(j, Job::RegisterTaskDefinition { .. })
    });
    let lost = AwsError {
        kind: ErrorKind::BadResponse,
        code: None,
        message: "RegisterTaskDefinition failed: the answer is not an AWS API response".into(),
        hint: None,
        read_back: Some(ReadBack::Failed("DescribeTaskDefinition timed out".into())),
    };
    done(
        &mut s,
        t,
        Outcome::Registered {
            family: "web".into(),
            result: Err(lost.clone()),
        },
    );
    let draft = s.shared.drafts.get("web").expect("kept");
    let problem = draft.failure.clone().expect("kept").line;
    assert!(
        problem.contains("outcome unknown, it may have happened"),
        "{problem}"
    );
    assert!(
        !problem.contains("nothing changed") && !problem.contains("refused"),
        "{problem}"
    );
    assert!(
        draft.page_lines()[1].contains("may have registered a revision"),
        "{:?}",
        draft.page_lines()
    );

    update(&mut s, code(KeyCode::Enter));
    let effects = update(&mut s, key('y'));
    let t = ticket_of(&effects, |j| {
        matches!(j, Job::RegisterTaskDefinition { .. })
    });
    done(
        &mut s,
        t,
        Outcome::Registered {
            family: "web".into(),
            result: Err(lost.read_back(ReadBack::NotDone)),
        },
    );
    let draft = s.shared.drafts.get("web").expect("kept");
    let problem = draft.failure.clone().expect("kept").line;
    assert!(
        problem.contains("not done: nothing changed, a retry is safe"),
        "{problem}"
    );
    assert!(draft.page_lines()[1].contains("changed nothing; enter tries again"));
}

#[test]
fn an_unchanged_edit_or_a_failed_editor_changes_nothing() {
    let mut s = described_revisions();
    let edit = edit_effect(&update(&mut s, key('e')));
    edited(&mut s, &edit, Ok(edit.3.clone()));
    assert!(s.shared.drafts.is_empty());
    edited(&mut s, &edit, Err("vi exited with 1".into()));
    assert!(s.shared.drafts.is_empty());
    assert!(status_has(&s, "vi exited"));
}

#[test]
fn read_only_allows_editing_but_not_registering() {
    let mut s = described_revisions();
    s.app.config.read_only = true;
    let edit = edit_effect(&update(&mut s, key('e')));
    edited(&mut s, &edit, Ok(edit.3.replace("nginx:3", "nginx:4")));
    assert!(s.app.overlay.is_none());
    assert!(s.shared.drafts.contains_key("web"), "the edit is kept");
    assert!(status_has(&s, "read-only"));
}

#[test]
fn v_diffs_against_the_predecessor_or_two_marked_revisions() {
    let mut s = described_revisions();
    update(&mut s, key('v'));
    let Route::Text(page) = s.route() else {
        panic!("diff page")
    };
    assert_eq!(page.title, "web:2 → web:3 diff");
    assert!(page.diff);
    assert!(
        page.lines
            .iter()
            .any(|l| l == "-       \"image\": \"nginx:2\""),
        "{:?}",
        page.lines
    );
    update(&mut s, code(KeyCode::Esc));
    update(&mut s, key(' '));
    update(&mut s, key('j'));
    update(&mut s, key(' '));
    update(&mut s, key('v'));
    let Route::Text(page) = s.route() else {
        panic!("diff page")
    };
    assert_eq!(page.title, "web:1 → web:3 diff");
}

#[test]
fn keep_newest_names_the_services_using_the_older_revisions_and_no_leaves_no_marks() {
    let mut s = described_revisions();
    update(&mut s, key('K'));
    typed(&mut s, "1");
    let effects = update(&mut s, code(KeyCode::Enter));
    let t = ticket_of(
        &effects,
        |j| matches!(j, Job::FindServiceUsage { arns } if arns == &[rev("web", 2, "").arn]),
    );
    let mut usage = std::collections::HashMap::new();
    usage.insert(rev("web", 2, "").arn, vec!["prod/web".to_string()]);
    done(&mut s, t, Outcome::ServiceUsage(Ok(Some(usage))));
    let Some(Overlay::Confirm(dialog)) = &s.app.overlay else {
        panic!("dialog")
    };
    assert!(
        dialog
            .lines
            .iter()
            .any(|l| l.contains("web:2   used by prod/web")),
        "{:?}",
        dialog.lines
    );
    assert_eq!(
        dialog.op,
        PendingOp::DeregisterTaskDefinitions {
            arns: vec![rev("web", 2, "").arn]
        }
    );
    // No: the list is as it was, so a later D acts on the cursor's row only.
    update(&mut s, key('n'));
    let Route::Revisions(list) = s.route() else {
        panic!("revisions")
    };
    assert!(list.marked.is_empty(), "K marks nothing");

    // K 0 would leave the family with no ACTIVE revision: refused, saying how to do that.
    update(&mut s, key('K'));
    typed(&mut s, "0");
    let effects = update(&mut s, code(KeyCode::Enter));
    assert!(jobs(&effects).is_empty());
    assert!(status_has(&s, "keeps at least 1"), "{:?}", s.app.status);
}

#[test]
fn a_late_keep_newest_answer_never_replaces_the_dialog_in_front() {
    let mut s = described_revisions();
    update(&mut s, key('K'));
    typed(&mut s, "1");
    let effects = update(&mut s, code(KeyCode::Enter));
    let t = ticket_of(&effects, |j| matches!(j, Job::FindServiceUsage { .. }));
    // While services are looked up, the operator asks to deregister the selected row.
    update(&mut s, key('D'));
    let Some(Overlay::Confirm(before)) = s.app.overlay.clone() else {
        panic!("the D dialog")
    };
    done(&mut s, t, Outcome::ServiceUsage(Ok(None)));
    let Some(Overlay::Confirm(after)) = &s.app.overlay else {
        panic!("a dialog")
    };
    assert_eq!(after.op, before.op, "the D dialog stays, its y is not K's");
    assert!(status_has(&s, "not asked"), "{:?}", s.app.status);

    // An answer to an earlier K does not open a dialog for a later one.
    update(&mut s, key('n'));
    update(&mut s, key('K'));
    typed(&mut s, "1");
    let first = ticket_of(&update(&mut s, code(KeyCode::Enter)), |j| {
        matches!(j, Job::FindServiceUsage { .. })
    });
    update(&mut s, key('K'));
    typed(&mut s, "1");
    update(&mut s, code(KeyCode::Enter));
    done(&mut s, first, Outcome::ServiceUsage(Ok(None)));
    assert!(s.app.overlay.is_none(), "the first K's answer is stale");
}

#[test]
fn y_copies_the_arn_with_osc52_and_inactive_revisions_cannot_deploy() {
    let mut s = described_revisions();
    let effects = update(&mut s, key('y'));
    assert_eq!(
        effects,
        vec![Effect::Clipboard {
            text: rev("web", 3, "").arn
        }]
    );
    update(&mut s, key('G'));
    update(&mut s, key('R'));
    assert!(status_has(&s, "INACTIVE revision cannot run a task"));
}

#[test]
fn json_search_jumps_to_matches() {
    let mut s = described_revisions();
    update(&mut s, key('d'));
    update(&mut s, key('/'));
    typed(&mut s, "image");
    update(&mut s, code(KeyCode::Enter));
    let Route::Text(page) = s.route() else {
        panic!("json")
    };
    assert!(page.lines[page.scroll.offset()].contains("image"));
    assert!(status_has(&s, "/image: match 1 of "), "{:?}", s.app.status);
    // N goes back (wrapping to the last match), as the README says.
    update(&mut s, key('N'));
    assert!(!status_has(&s, "not available"), "{:?}", s.app.status);
    assert!(status_has(&s, "/image: match "), "{:?}", s.app.status);
}

/// The quick path's report, once it has finished.
fn exit_report(s: &State) -> &crate::state::ExitReport {
    s.app.exit.as_ref().expect("tecs leaves with a report")
}

#[test]
fn quick_deregister_asks_once_then_quits_with_results() {
    let mut s = state();
    let effects = init_deregister(&mut s, vec!["web:2".into(), "web:1".into()]);
    let t = ticket_of(
        &effects,
        |j| matches!(j, Job::DescribeTaskDefs { arns } if arns == &["web:2", "web:1"]),
    );
    let results = vec![
        (
            "web:2".to_string(),
            Ok(described("web", 2, "ACTIVE", "nginx:2")),
        ),
        (
            "web:1".to_string(),
            Ok(described("web", 1, "INACTIVE", "nginx:1")),
        ),
    ];
    let effects = done(&mut s, t, Outcome::Described(results));
    assert!(matches!(&jobs(&effects)[..], [Job::FindServiceUsage { arns }] if arns.len() == 2));
    let t = ticket_of(&effects, |j| matches!(j, Job::FindServiceUsage { .. }));
    let mut usage = std::collections::HashMap::new();
    usage.insert(rev("web", 2, "").arn, vec!["prod/web".to_string()]);
    done(&mut s, t, Outcome::ServiceUsage(Ok(Some(usage))));
    let Some(Overlay::Confirm(dialog)) = &s.app.overlay else {
        panic!("dialog")
    };
    assert!(dialog.lines.iter().any(|l| l.contains("used by prod/web")));
    assert_eq!(
        dialog.op,
        PendingOp::DeregisterTaskDefinitions {
            arns: vec![rev("web", 2, "").arn]
        }
    );
    let effects = update(&mut s, key('y'));
    let [Job::DeregisterTaskDefs { arns }] = &jobs(&effects)[..] else {
        panic!("{effects:?}")
    };
    let t = ticket_of(&effects, |j| matches!(j, Job::DeregisterTaskDefs { .. }));
    done(
        &mut s,
        t,
        Outcome::Deregistered(vec![(arns[0].clone(), Ok(()))]),
    );
    assert!(s.app.should_quit);
    let report = exit_report(&s);
    assert_eq!(
        report.text,
        "web:2: deregistered (now INACTIVE)\nweb:1: FAILED: already INACTIVE\n"
    );
    assert_eq!(report.code, 1, "one of them failed");
}

#[test]
fn quick_deregister_no_cancels_with_its_own_exit_code() {
    let mut s = state();
    let effects = init_deregister(&mut s, vec!["web:2".into()]);
    let t = ticket_of(&effects, |j| matches!(j, Job::DescribeTaskDefs { .. }));
    let effects = done(
        &mut s,
        t,
        Outcome::Described(vec![(
            "web:2".into(),
            Ok(described("web", 2, "ACTIVE", "x")),
        )]),
    );
    let t = ticket_of(&effects, |j| matches!(j, Job::FindServiceUsage { .. }));
    done(&mut s, t, Outcome::ServiceUsage(Ok(None)));
    let Some(Overlay::Confirm(dialog)) = &s.app.overlay else {
        panic!("dialog")
    };
    assert!(dialog.lines.iter().any(|l| l.contains("not checked")));
    assert!(update(&mut s, key('n')).is_empty());
    assert!(s.app.should_quit);
    let report = exit_report(&s);
    assert_eq!(report.text, "cancelled: nothing was deregistered\n");
    assert_eq!(
        report.code,
        crate::run::EXIT_DECLINED,
        "No is not a failure"
    );
}

#[test]
fn quick_deregister_reports_why_a_revision_could_not_be_described() {
    // With AWS unreachable, a revision is not "no such revision": the real cause is kept.
    let mut s = state();
    let effects = init_deregister(&mut s, vec!["web:1".into()]);
    let t = ticket_of(&effects, |j| matches!(j, Job::DescribeTaskDefs { .. }));
    let refused = AwsError {
        kind: ErrorKind::Network,
        code: None,
        message: "DescribeTaskDefinition failed: nothing is listening at 127.0.0.1:9".into(),
        hint: Some("check --endpoint-url".into()),
        read_back: None,
    };
    done(
        &mut s,
        t,
        Outcome::Described(vec![("web:1".into(), Err(refused))]),
    );
    assert!(s.app.should_quit);
    let report = exit_report(&s);
    assert!(
        report.text.contains("web:1: FAILED: could not be described: DescribeTaskDefinition failed: nothing is listening"),
        "{}",
        report.text
    );
    assert!(!report.text.contains("no such task definition"));
    assert_eq!(report.code, 1);
}

// ---- cluster and namespace changes ----

use crate::domain::cluster::DeletePrecheck;

fn precheck(cluster: &str, blockers: Vec<String>) -> DeletePrecheck {
    DeletePrecheck {
        cluster: cluster.into(),
        active_services: Vec::new(),
        running_tasks: 0,
        container_instances: 0,
        blockers,
    }
}

#[test]
fn deleting_a_cluster_checks_first_and_refuses_with_the_reason() {
    let (mut s, _) = loaded(&["prod", "empty"]);
    let effects = update(&mut s, key('X'));
    assert_eq!(
        jobs(&effects),
        [&Job::DeletePrecheck {
            cluster: "prod".into()
        }]
    );
    let t = ticket_of(&effects, |_| true);
    done(
        &mut s,
        t,
        Outcome::Precheck {
            cluster: "prod".into(),
            result: Ok(precheck("prod", vec!["2 active services: web, api".into()])),
        },
    );
    assert!(s.app.overlay.is_none(), "no dialog while something blocks");
    assert!(status_has(&s, "prod cannot be deleted: 2 active services"));
}

#[test]
fn deleting_an_empty_cluster_needs_its_name_typed() {
    let (mut s, _) = loaded(&["empty"]);
    let t = ticket_of(&update(&mut s, key('X')), |_| true);
    done(
        &mut s,
        t,
        Outcome::Precheck {
            cluster: "empty".into(),
            result: Ok(precheck("empty", vec![])),
        },
    );
    let Some(Overlay::Confirm(dialog)) = &s.app.overlay else {
        panic!("dialog")
    };
    assert!(!dialog.can_confirm());
    // `y` is text here, not "yes"; Ctrl-U clears what was typed, as in every prompt.
    assert!(update(&mut s, key('y')).is_empty());
    typed(&mut s, "xx");
    update(&mut s, ctrl('u'));
    let Some(Overlay::Confirm(dialog)) = &s.app.overlay else {
        panic!("dialog")
    };
    assert_eq!(dialog.typed.as_ref().map(|(_, t)| t.as_str()), Some(""));
    typed(&mut s, "empt");
    update(&mut s, code(KeyCode::Tab));
    assert!(
        update(&mut s, code(KeyCode::Enter)).is_empty(),
        "the name is not complete"
    );
    assert!(s.app.overlay.is_some());
    typed(&mut s, "y");
    // The exact name is the answer: Enter deletes even with No highlighted.
    update(&mut s, code(KeyCode::Tab));
    let effects = update(&mut s, code(KeyCode::Enter));
    assert_eq!(
        jobs(&effects),
        [&Job::Change(Change::DeleteCluster {
            cluster: "empty".into()
        })]
    );
}

#[test]
fn a_deleted_cluster_closes_its_page_typed_not_parsed() {
    let (mut s, _) = loaded(&["gone", "kept"]);
    update(&mut s, code(KeyCode::Enter));
    let t = ticket_of(&update(&mut s, key('X')), |_| true);
    done(
        &mut s,
        t,
        Outcome::Precheck {
            cluster: "gone".into(),
            result: Ok(precheck("gone", vec![])),
        },
    );
    typed(&mut s, "gone");
    update(&mut s, code(KeyCode::Tab));
    let effects = update(&mut s, code(KeyCode::Enter));
    let t = ticket_of(&effects, |j| matches!(j, Job::Change(_)));
    let effects = done(
        &mut s,
        t,
        Outcome::Changed {
            change: Change::DeleteCluster {
                cluster: "gone".into(),
            },
            result: Ok(None),
        },
    );
    assert!(matches!(s.route(), Route::Clusters(_)), "the page closed");
    assert!(work(&effects).contains(&&Job::Clusters), "the list reloads");
    assert!(status_has(&s, "deleted cluster gone"));
}

#[test]
fn insights_dialog_shows_the_request_for_the_chosen_value() {
    let (mut s, _) = loaded(&["prod"]);
    update(&mut s, key('I'));
    let Some(Overlay::Confirm(dialog)) = &s.app.overlay else {
        panic!("dialog")
    };
    assert!(
        dialog
            .lines
            .iter()
            .any(|l| l.contains("\"value\": \"enabled\"")),
        "starts on the next value"
    );
    update(&mut s, key('j'));
    let Some(Overlay::Confirm(dialog)) = &s.app.overlay else {
        panic!("dialog")
    };
    assert!(
        dialog.lines.iter().any(|l| l.contains("value=enhanced")),
        "{:?}",
        dialog.lines
    );
    let effects = update(&mut s, key('y'));
    assert_eq!(
        jobs(&effects),
        [&Job::Change(Change::Insights {
            cluster: "prod".into(),
            value: crate::domain::cluster::ContainerInsights::Enhanced
        })]
    );
}

#[test]
fn default_namespace_loads_namespaces_then_offers_them() {
    use crate::model::namespace::{Namespace, NamespaceKind};
    let (mut s, _) = loaded(&["prod"]);
    let effects = update(&mut s, key('N'));
    assert!(
        matches!(jobs(&effects)[..], [Job::Namespaces]),
        "{effects:?}"
    );
    let t = ticket_of(&effects, |_| true);
    let ns = Namespace::named("shop.local", NamespaceKind::Http);
    done(&mut s, t, Outcome::Namespaces(Ok(vec![ns.clone()])));
    update(&mut s, key('N'));
    update(&mut s, key('j'));
    let effects = update(&mut s, key('y'));
    assert_eq!(
        jobs(&effects),
        [&Job::Change(Change::DefaultNamespace {
            cluster: "prod".into(),
            namespace: Some(ns.arn.clone())
        })]
    );
}

/// Issue #10.7: the dialogs never offer the value the cluster has now (a request that changes
/// nothing).
#[test]
fn cluster_dialogs_do_not_offer_the_current_value() {
    use crate::model::namespace::{Namespace, NamespaceKind};
    let (mut s, _) = loaded(&["prod"]);
    update(&mut s, key('I'));
    let Some(Overlay::Confirm(dialog)) = &s.app.overlay else {
        panic!("dialog")
    };
    let values = &dialog.picker.as_ref().expect("picker").values;
    assert_eq!(
        values,
        &["enabled", "enhanced"],
        "disabled is the current value"
    );
    update(&mut s, key('n'));

    let ns = Namespace::named("shop.local", NamespaceKind::Http);
    let other = Namespace::named("batch.local", NamespaceKind::Http);
    s.shared.namespaces.data = Some(vec![ns.clone(), other]);
    for c in s.shared.clusters.data.iter_mut().flatten() {
        c.default_namespace = Some(ns.arn.clone());
    }
    update(&mut s, key('N'));
    let Some(Overlay::Confirm(dialog)) = &s.app.overlay else {
        panic!("dialog")
    };
    let values = &dialog.picker.as_ref().expect("picker").values;
    assert_eq!(
        values,
        &["(none)", "batch.local"],
        "shop.local is the current default"
    );
}

#[test]
fn read_only_refuses_cluster_changes_before_any_call() {
    let (mut s, _) = loaded(&["prod"]);
    s.app.config.read_only = true;
    for k in ['X', 'I', 'N', 'P'] {
        assert!(update(&mut s, key(k)).is_empty(), "{k}");
        assert!(s.app.overlay.is_none());
        assert!(s.app.input.is_none());
    }
}

#[test]
fn c_opens_the_wizard_prefilled_from_the_selected_revision_and_esc_leaves_an_unchanged_one() {
    let mut s = described_revisions();
    let effects = update(&mut s, key('c'));
    assert_eq!(jobs(&effects), [&Job::Roles]);
    let Route::TaskDefWizard(w) = s.route() else {
        panic!("wizard")
    };
    assert_eq!(w.family(), "web", "pre-filled from web:3");
    // Keys go to the wizard, not to the list (q is text there).
    update(&mut s, key('q'));
    assert!(!s.app.should_quit);
    answer(
        &mut s,
        Outcome::Submitted(Err(AwsError::other("ClientException: nope"))),
    );
    assert!(
        matches!(s.route(), Route::TaskDefWizard(_)),
        "the form stays after a failure"
    );
    let registered = described("web", 4, "ACTIVE", "nginx:4");
    let effects = answer(&mut s, Outcome::Submitted(Ok(Box::new(registered.clone()))));
    let Route::Revisions(r) = s.route() else {
        panic!("lands in the revisions view")
    };
    assert_eq!(r.table.selected_key(), Some(registered.arn.as_str()));
    assert!(
        matches!(&work(&effects)[..], [Job::Revisions { family }] if family == "web"),
        "{effects:?}"
    );
}

#[test]
fn capacity_providers_line_is_prefilled_checked_and_shown_before_sending() {
    let (mut s, _) = loaded(&["prod"]);
    if let Some(list) = s.shared.clusters.data.as_mut() {
        list[0].capacity_providers = vec!["FARGATE".into()];
        list[0].default_strategy = vec![crate::model::StrategyItem {
            provider: "FARGATE".into(),
            weight: 1,
            base: 0,
        }];
    }
    update(&mut s, key('P'));
    assert_eq!(
        s.app
            .input
            .as_ref()
            .map(|i| i.input.value().to_string())
            .as_deref(),
        Some("FARGATE:1:0")
    );
    typed(&mut s, " FARGATE_SPOT:3");
    update(&mut s, code(KeyCode::Enter));
    let Some(Overlay::Confirm(dialog)) = &s.app.overlay else {
        panic!("dialog")
    };
    assert!(
        dialog
            .lines
            .iter()
            .any(|l| l.contains("put-cluster-capacity-providers")),
        "{:?}",
        dialog.lines
    );
    let effects = update(&mut s, key('y'));
    let [
        Job::Change(Change::CapacityProviders {
            cluster,
            providers,
            strategy,
        }),
    ] = &jobs(&effects)[..]
    else {
        panic!("{effects:?}")
    };
    assert_eq!(cluster, "prod");
    assert_eq!(providers, &["FARGATE", "FARGATE_SPOT"]);
    assert_eq!(strategy[1].weight, 3);

    update(&mut s, key('P'));
    update(&mut s, ctrl('u'));
    typed(&mut s, "FARGATE:x");
    update(&mut s, code(KeyCode::Enter));
    assert!(s.app.overlay.is_none(), "a bad line sends nothing");
    assert!(status_has(&s, "weight of FARGATE"));
}

#[test]
fn c_on_clusters_fetches_namespaces_then_opens_the_wizard_and_read_only_blocks_creating() {
    use crate::model::namespace::{Namespace, NamespaceKind};
    let (mut s, _) = loaded(&["prod"]);
    let effects = update(&mut s, key('c'));
    assert!(
        matches!(jobs(&effects)[..], [Job::Namespaces]),
        "{effects:?}"
    );
    let t = ticket_of(&effects, |_| true);
    assert!(
        matches!(s.route(), Route::Clusters(_)),
        "waits for the namespaces"
    );
    done(
        &mut s,
        t,
        Outcome::Namespaces(Ok(vec![Namespace::named(
            "shop.local",
            NamespaceKind::Http,
        )])),
    );
    assert!(
        matches!(s.route(), Route::ClusterWizard(_)),
        "opens once they are in"
    );
    // F1 is a form's help (? would be typed into the name); Esc closes help, not the form.
    update(&mut s, code(KeyCode::F(1)));
    assert!(matches!(s.app.overlay, Some(Overlay::Help { .. })));
    update(&mut s, code(KeyCode::Esc));
    assert!(s.app.overlay.is_none());
    assert!(matches!(s.route(), Route::ClusterWizard(_)));
    update(&mut s, code(KeyCode::Esc));
    assert!(
        matches!(s.route(), Route::Clusters(_)),
        "an untouched form closes at once"
    );

    s.app.config.read_only = true;
    update(&mut s, key('c'));
    typed(&mut s, "new-one");
    update(&mut s, ctrl('s'));
    let effects = update(&mut s, code(KeyCode::Enter));
    assert!(
        jobs(&effects)
            .iter()
            .all(|j| !matches!(j, Job::CreateCluster { .. })),
        "{effects:?}"
    );
}

#[test]
fn every_wizard_and_dialog_leaves_the_refresh_schedule_intact() {
    // c, Tab, → (EC2: the Auto Scaling groups load), Esc, y (discard): the list must be refreshed
    // again, not left with a dead timer.
    let (mut s, _) = loaded(&["prod"]);
    let effects = update(&mut s, key('c'));
    let t = ticket_of(&effects, |_| true);
    done(&mut s, t, Outcome::Namespaces(Ok(Vec::new())));
    update(&mut s, code(KeyCode::Tab));
    let effects = update(&mut s, code(KeyCode::Right));
    assert!(
        jobs(&effects).contains(&&Job::AutoScalingGroups),
        "{effects:?}"
    );
    update(&mut s, code(KeyCode::Esc));
    let effects = update(&mut s, key('y'));
    assert!(matches!(s.route(), Route::Clusters(_)));
    let t = clusters_ticket(&effects);
    let effects = done(&mut s, t, Outcome::Clusters(Ok(names(&["prod"]))));
    assert_eq!(timers(&effects), [Duration::from_secs(30)], "next refresh");
    assert!(top_timer(&s).is_some());

    // A dialog answered No keeps the pending timer.
    let before = top_timer(&s);
    update(&mut s, key('I'));
    update(&mut s, key('n'));
    assert_eq!(top_timer(&s), before);
}

#[test]
fn keys_change_nothing_while_the_terminal_is_too_small() {
    let (mut s, _) = loaded(&["a", "b"]);
    update(&mut s, Action::Resize(20, 5));
    // Only the "too small" notice is on screen: moving, opening help or the command line, or
    // answering anything unseen must not happen.
    for k in ['j', '?', ':', 'X', 'y'] {
        assert!(update(&mut s, key(k)).is_empty(), "{k}");
    }
    assert_eq!(selected_name(&s).as_deref(), Some("a"));
    assert!(s.app.overlay.is_none() && s.app.input.is_none());
    assert!(!s.app.should_quit);
    update(&mut s, key('q'));
    assert!(s.app.should_quit, "q quits, as the notice says");
}

#[test]
fn an_answer_to_a_screen_is_drawn_without_waiting_for_a_key() {
    use crate::screens::wizards::launch::fixtures::rev;
    let mut s = services_of_prod();
    let effects = update(&mut s, key('U'));
    let t = ticket_of(&effects, |j| matches!(j, Job::ActiveRevisions { .. }));
    // Drawn; nothing else happens until the revisions arrive.
    s.app.dirty = false;
    done(
        &mut s,
        t,
        Outcome::ActiveRevisions(Ok(vec![rev("web", 3, "ACTIVE"), rev("web", 2, "ACTIVE")])),
    );
    assert!(
        matches!(s.app.overlay, Some(Overlay::Confirm(_))),
        "the picker opened"
    );
    assert!(s.app.dirty, "and it is drawn at once, not at the next key");
}

#[test]
fn a_refused_prompt_opens_again_with_what_was_typed() {
    let mut s = services_of_prod();
    update(&mut s, key('+'));
    let input = s.app.input.as_mut().expect("the desired count prompt");
    input.input = tui_input::Input::new(String::new());
    typed(&mut s, "abc");
    assert!(
        update(&mut s, code(KeyCode::Enter)).is_empty(),
        "nothing sent"
    );
    assert!(status_has(&s, "whole number"), "{:?}", s.app.status);
    let input = s.app.input.as_ref().expect("the prompt is open again");
    assert_eq!(input.input.value(), "abc", "with what was typed");
    // A count cannot hold `?`: it opens help over the prompt, and Esc comes back to it.
    update(&mut s, key('?'));
    assert!(matches!(s.app.overlay, Some(Overlay::Help { .. })));
    update(&mut s, code(KeyCode::Esc));
    assert_eq!(s.app.input.as_ref().map(|i| i.input.value()), Some("abc"));

    // Fixed, it goes on to the confirmation, and the old error is gone.
    update(&mut s, ctrl('u'));
    typed(&mut s, "3");
    update(&mut s, code(KeyCode::Enter));
    assert!(matches!(s.app.overlay, Some(Overlay::Confirm(_))));
    assert!(s.app.input.is_none());
    assert!(!status_has(&s, "whole number"));
}

#[test]
fn read_only_refuses_keep_newest_before_asking_for_a_number() {
    let mut s = described_revisions();
    s.app.config.read_only = true;
    update(&mut s, key('K'));
    assert!(s.app.input.is_none(), "no prompt to type into");
    assert!(status_has(&s, "read-only"), "{:?}", s.app.status);
}

/// The services list of cluster `prod`, loaded with one service, `web` (on web:3).
fn services_of_prod() -> State {
    use crate::screens::services::ServicesScreen;
    let mut s = state();
    let root = s.routes.top().id;
    let effects = router::navigate(
        &mut s,
        root,
        crate::screens::Nav::Push(Route::Services(Box::new(ServicesScreen::new("prod")))),
    );
    let t = ticket_of(&effects, |j| matches!(j, Job::Services { .. }));
    let mut web = crate::model::service::Service::named("prod", "web");
    web.task_definition = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:3".into();
    done(&mut s, t, Outcome::Services(Ok(vec![web])));
    s
}

#[test]
fn tab_completes_commands_then_cluster_names_and_moves_on() {
    let (mut s, _) = loaded(&["prod-a", "prod-b", "staging"]);
    let line = |s: &State| s.app.input.as_ref().map(|l| l.input.value().to_string());
    update(&mut s, key(':'));
    typed(&mut s, "ta");
    update(&mut s, code(KeyCode::Tab));
    assert_eq!(line(&s).as_deref(), Some("taskdefs"));
    update(&mut s, code(KeyCode::Tab));
    assert_eq!(
        line(&s).as_deref(),
        Some("tasks"),
        "Tab again: the next one"
    );
    update(&mut s, code(KeyCode::Tab));
    assert_eq!(line(&s).as_deref(), Some("taskdefs"), "and round");
    update(&mut s, code(KeyCode::Tab));
    // A space and a prefix: cluster names, the space kept.
    typed(&mut s, " p");
    update(&mut s, code(KeyCode::Tab));
    assert_eq!(line(&s).as_deref(), Some("tasks prod-a"));
    update(&mut s, code(KeyCode::Tab));
    assert_eq!(line(&s).as_deref(), Some("tasks prod-b"));
    // Nothing matches: the line stays as typed.
    update(&mut s, ctrl('u'));
    typed(&mut s, "services ");
    update(&mut s, code(KeyCode::Tab));
    assert_eq!(line(&s).as_deref(), Some("services prod-a"));
    update(&mut s, ctrl('u'));
    typed(&mut s, "zz ");
    update(&mut s, code(KeyCode::Tab));
    assert_eq!(line(&s).as_deref(), Some("zz "));
}
