//! update(): actions in, state and effects out. No terminal, no runtime.

use std::time::Duration;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::aws::errors::{AwsError, ErrorKind};
use crate::keymap::Keymap;
use crate::model::Cluster;
use crate::state::{AppConfig, Phase, State};

fn state() -> State {
    let config = AppConfig {
        region: "eu-west-1".into(),
        refresh: Some(Duration::from_secs(30)),
        ..Default::default()
    };
    State::new(config, Keymap::default_keymap(), (80, 24))
}

fn key(c: char) -> Action {
    Action::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

fn code(code: KeyCode) -> Action {
    Action::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn typed(s: &mut State, text: &str) {
    for c in text.chars() {
        update(s, key(c));
    }
}

fn clusters_request(effects: &[Effect]) -> u64 {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::LoadClusters { request } => Some(*request),
            _ => None,
        })
        .expect("a LoadClusters effect")
}

fn names(list: &[&str]) -> Vec<Cluster> {
    list.iter().map(|n| Cluster::named(n)).collect()
}

/// A state with the given clusters loaded, and the effects of that load.
fn loaded(list: &[&str]) -> (State, Vec<Effect>) {
    let mut s = state();
    let effects = init(&mut s, None);
    let req = clusters_request(&effects);
    let effects = update(
        &mut s,
        Action::ClustersLoaded {
            request: req,
            result: Ok(names(list)),
        },
    );
    (s, effects)
}

fn throttled() -> AwsError {
    AwsError {
        kind: ErrorKind::Throttled,
        code: Some("ThrottlingException".into()),
        message: "ListClusters failed: ThrottlingException: Rate exceeded".into(),
        hint: Some("AWS is throttling this account; tecs backs off and retries".into()),
    }
}

fn selected_name(s: &State) -> Option<String> {
    s.clusters.selected().map(|c| c.name.clone())
}

#[test]
fn init_loads_identity_and_clusters_concurrently() {
    let mut s = state();
    let effects = init(&mut s, None);
    assert!(matches!(effects[0], Effect::LoadIdentity { .. }));
    assert!(matches!(effects[1], Effect::LoadClusters { .. }));
    assert_eq!(s.clusters.data.phase(), Phase::Loading);
    assert!(s.is_loading());
}

#[test]
fn loaded_clusters_schedule_the_next_refresh_at_the_interval() {
    let (s, effects) = loaded(&["a", "b"]);
    assert_eq!(s.clusters.data.phase(), Phase::Loaded);
    assert_eq!(
        effects,
        vec![Effect::ScheduleRefresh {
            after: Duration::from_secs(30),
            generation: s.refresh_generation
        }]
    );
    assert_eq!(selected_name(&s).as_deref(), Some("a"));
}

#[test]
fn refresh_off_schedules_nothing() {
    let mut s = state();
    s.config.refresh = None;
    let req = clusters_request(&init(&mut s, None));
    let effects = update(
        &mut s,
        Action::ClustersLoaded {
            request: req,
            result: Ok(names(&["a"])),
        },
    );
    assert!(effects.is_empty());
}

#[test]
fn stale_results_are_dropped() {
    let mut s = state();
    let req = clusters_request(&init(&mut s, None));
    let effects = update(
        &mut s,
        Action::ClustersLoaded {
            request: req + 100,
            result: Ok(names(&["x"])),
        },
    );
    assert!(effects.is_empty());
    assert_eq!(s.clusters.data.phase(), Phase::Loading);
}

#[test]
fn throttling_backs_off_exponentially_and_keeps_old_rows() {
    let (mut s, _) = loaded(&["a"]);
    let req = clusters_request(&update(&mut s, key('r')));
    let effects = update(
        &mut s,
        Action::ClustersLoaded {
            request: req,
            result: Err(throttled()),
        },
    );
    assert_eq!(
        effects,
        vec![Effect::ScheduleRefresh {
            after: Duration::from_secs(2),
            generation: s.refresh_generation
        }]
    );
    assert_eq!(
        s.clusters.data.phase(),
        Phase::Loaded,
        "old rows stay visible"
    );
    let status = s.status.clone().expect("failure shown in the status line");
    assert!(status.text.contains("ThrottlingException"));

    let generation = s.refresh_generation;
    let req = clusters_request(&update(&mut s, Action::RefreshDue { generation }));
    let effects = update(
        &mut s,
        Action::ClustersLoaded {
            request: req,
            result: Err(throttled()),
        },
    );
    assert_eq!(
        effects,
        vec![Effect::ScheduleRefresh {
            after: Duration::from_secs(4),
            generation: s.refresh_generation
        }]
    );

    let generation = s.refresh_generation;
    let req = clusters_request(&update(&mut s, Action::RefreshDue { generation }));
    update(
        &mut s,
        Action::ClustersLoaded {
            request: req,
            result: Ok(names(&["a", "b"])),
        },
    );
    assert!(s.status.is_none(), "a success clears the error");
    assert_eq!(s.clusters.data.failures, 0);
}

#[test]
fn backoff_is_capped() {
    assert_eq!(backoff(1), Duration::from_secs(2));
    assert_eq!(backoff(3), Duration::from_secs(8));
    assert_eq!(backoff(40), Duration::from_secs(120));
}

#[test]
fn a_permission_error_waits_for_the_normal_interval() {
    let mut s = state();
    let req = clusters_request(&init(&mut s, None));
    let denied = AwsError {
        kind: ErrorKind::AccessDenied {
            action: Some("ecs:ListClusters".into()),
        },
        code: Some("AccessDeniedException".into()),
        message: "denied".into(),
        hint: Some("your role needs the IAM permission ecs:ListClusters".into()),
    };
    let effects = update(
        &mut s,
        Action::ClustersLoaded {
            request: req,
            result: Err(denied),
        },
    );
    assert_eq!(s.clusters.data.phase(), Phase::Failed);
    assert_eq!(
        effects,
        vec![Effect::ScheduleRefresh {
            after: Duration::from_secs(30),
            generation: s.refresh_generation
        }]
    );
}

#[test]
fn an_old_refresh_timer_is_ignored() {
    let (mut s, _) = loaded(&["a"]);
    let old = s.refresh_generation;
    update(&mut s, key('r'));
    assert!(update(&mut s, Action::RefreshDue { generation: old }).is_empty());
}

#[test]
fn refresh_while_loading_does_not_pile_up_requests() {
    let mut s = state();
    init(&mut s, None);
    let effects = update(&mut s, key('r'));
    assert!(effects.is_empty(), "already in flight: {effects:?}");
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
    let req = clusters_request(&update(&mut s, key('r')));
    update(
        &mut s,
        Action::ClustersLoaded {
            request: req,
            result: Ok(names(&["c", "b", "new", "a"])),
        },
    );
    assert_eq!(selected_name(&s).as_deref(), Some("b"));
    assert_eq!(s.clusters.table.selected, 1);
}

#[test]
fn filter_applies_live_enter_keeps_esc_restores() {
    let (mut s, _) = loaded(&["prod-api", "staging", "prod-web"]);
    update(&mut s, key('/'));
    typed(&mut s, "prod");
    assert_eq!(s.clusters.table.filter, "prod");
    assert_eq!(s.clusters.table.visible(&s.clusters.rows()).len(), 2);
    update(&mut s, code(KeyCode::Enter));
    assert!(s.input.is_none());
    assert_eq!(s.clusters.table.filter, "prod");

    update(&mut s, key('/'));
    typed(&mut s, "-web");
    assert_eq!(s.clusters.table.visible(&s.clusters.rows()).len(), 1);
    update(&mut s, code(KeyCode::Esc));
    assert_eq!(
        s.clusters.table.filter, "prod",
        "esc restores the filter before this edit"
    );
    update(&mut s, code(KeyCode::Esc));
    assert_eq!(
        s.clusters.table.filter, "",
        "esc on the list clears the filter"
    );
}

#[test]
fn keys_typed_into_the_filter_are_not_commands() {
    let (mut s, _) = loaded(&["a"]);
    update(&mut s, key('/'));
    typed(&mut s, "q");
    assert!(!s.should_quit);
    assert_eq!(s.clusters.table.filter, "q");
}

#[test]
fn sort_keeps_the_selected_cluster() {
    let (mut s, _) = loaded(&["b", "c", "a"]);
    assert_eq!(selected_name(&s).as_deref(), Some("b"));
    update(&mut s, key('s'));
    let order: Vec<String> = s
        .clusters
        .table
        .visible(&s.clusters.rows())
        .iter()
        .map(|i| s.clusters.rows()[*i].cells[0].clone())
        .collect();
    assert_eq!(order, ["a", "b", "c"]);
    assert_eq!(selected_name(&s).as_deref(), Some("b"));
    assert_eq!(s.clusters.table.selected, 1);
    update(&mut s, key('S'));
    assert_eq!(s.clusters.table.selected, 1);
    assert_eq!(selected_name(&s).as_deref(), Some("b"));
}

#[test]
fn enter_opens_the_detail_and_esc_comes_back() {
    let (mut s, _) = loaded(&["a", "b"]);
    update(&mut s, key('j'));
    let effects = update(&mut s, code(KeyCode::Enter));
    let arn = Cluster::named("b").arn;
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::LoadCluster { cluster, .. } if *cluster == arn))
    );
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::LoadServices { cluster, .. } if *cluster == arn))
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
    assert!(matches!(s.route(), Route::Clusters));
    assert!(matches!(effects[..], [Effect::LoadClusters { .. }]));
    assert_eq!(selected_name(&s).as_deref(), Some("b"));
}

#[test]
fn results_for_a_page_the_operator_left_are_dropped() {
    let (mut s, _) = loaded(&["a"]);
    let effects = update(&mut s, code(KeyCode::Enter));
    let req = effects
        .iter()
        .find_map(|e| match e {
            Effect::LoadServices { request, .. } => Some(*request),
            _ => None,
        })
        .expect("services load");
    update(&mut s, code(KeyCode::Esc));
    let effects = update(
        &mut s,
        Action::ServicesLoaded {
            request: req,
            result: Ok(Vec::new()),
        },
    );
    assert!(effects.is_empty());
}

#[test]
fn the_detail_schedules_a_refresh_after_both_loads() {
    let (mut s, _) = loaded(&["a"]);
    let effects = update(&mut s, code(KeyCode::Enter));
    let (mut c, mut v) = (0, 0);
    for e in &effects {
        match e {
            Effect::LoadCluster { request, .. } => c = *request,
            Effect::LoadServices { request, .. } => v = *request,
            _ => {}
        }
    }
    let first = update(
        &mut s,
        Action::ClusterLoaded {
            request: c,
            result: Ok(Box::new(Cluster::named("a"))),
        },
    );
    assert!(first.is_empty(), "services still loading");
    let second = update(
        &mut s,
        Action::ServicesLoaded {
            request: v,
            result: Ok(Vec::new()),
        },
    );
    assert!(matches!(second[..], [Effect::ScheduleRefresh { .. }]));
}

#[test]
fn describe_opens_scrollable_json() {
    let (mut s, _) = loaded(&["a"]);
    s.clusters.data.data.as_mut().expect("data")[0].json = serde_json::json!({
        "clusterName": "a", "tags": (0..40).map(|i| serde_json::json!({"key": i})).collect::<Vec<_>>()
    });
    update(&mut s, key('d'));
    let Route::Json(page) = s.route() else {
        panic!("json expected")
    };
    assert!(
        page.lines
            .iter()
            .any(|l| l.contains("\"clusterName\": \"a\""))
    );
    let total = page.lines.len();
    update(&mut s, key('G'));
    let Route::Json(page) = s.route() else {
        panic!("json expected")
    };
    assert_eq!(page.scroll, total - s.page_height());
    update(&mut s, key('g'));
    update(&mut s, key('j'));
    let Route::Json(page) = s.route() else {
        panic!("json expected")
    };
    assert_eq!(page.scroll, 1);
}

#[test]
fn command_line_completes_and_runs() {
    let (mut s, _) = loaded(&["a"]);
    update(&mut s, code(KeyCode::Enter));
    update(&mut s, key(':'));
    typed(&mut s, "clu");
    update(&mut s, code(KeyCode::Tab));
    assert_eq!(
        s.input
            .as_ref()
            .map(|i| i.input.value().to_string())
            .as_deref(),
        Some("clusters")
    );
    update(&mut s, code(KeyCode::Enter));
    assert!(matches!(s.route(), Route::Clusters));
    assert_eq!(s.routes.len(), 1);

    update(&mut s, key(':'));
    typed(&mut s, "nope");
    update(&mut s, code(KeyCode::Enter));
    assert!(
        s.status
            .as_ref()
            .is_some_and(|st| st.text.contains("unknown command :nope"))
    );

    update(&mut s, key(':'));
    typed(&mut s, "q");
    update(&mut s, code(KeyCode::Enter));
    assert!(s.should_quit);
}

#[test]
fn help_owns_the_keyboard_until_closed() {
    let (mut s, _) = loaded(&["a", "b"]);
    update(&mut s, key('?'));
    assert!(s.overlay.is_some());
    update(&mut s, key('j'));
    assert_eq!(
        selected_name(&s).as_deref(),
        Some("a"),
        "j scrolls help, not the list"
    );
    update(&mut s, code(KeyCode::Esc));
    assert!(s.overlay.is_none());
}

#[test]
fn ctrl_c_quits_from_anywhere_and_q_quits() {
    let (mut s, _) = loaded(&["a"]);
    update(&mut s, key('/'));
    update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
    );
    assert!(s.should_quit);
    let (mut s, _) = loaded(&["a"]);
    update(&mut s, key('q'));
    assert!(s.should_quit);
}

#[test]
fn open_cluster_flag_starts_on_its_page() {
    let mut s = state();
    let effects = init(&mut s, Some("prod"));
    assert_eq!(s.routes.len(), 2);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::LoadCluster { cluster, .. } if cluster == "prod"))
    );
}

#[test]
fn ticks_redraw_only_while_loading() {
    let (mut s, _) = loaded(&["a"]);
    s.dirty = false;
    s.identity.in_flight = None;
    update(&mut s, Action::Tick);
    assert!(!s.dirty);
}

// ---- task definitions and the confirmation dialog ----

use crate::model::{RevisionRef, TaskDefinition};
use crate::state::{Overlay, PendingOp};

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
    let req = effects
        .iter()
        .find_map(|e| match e {
            Effect::LoadFamilies { request, .. } => Some(*request),
            _ => None,
        })
        .expect("families load");
    update(
        &mut s,
        Action::FamiliesLoaded {
            request: req,
            result: Ok(vec!["web".into(), "worker".into()]),
        },
    );
    let effects = update(&mut s, code(KeyCode::Enter));
    let req = effects
        .iter()
        .find_map(|e| match e {
            Effect::LoadRevisions { request, family } if family == "web" => Some(*request),
            _ => None,
        })
        .expect("revisions load");
    let effects = update(
        &mut s,
        Action::RevisionsLoaded {
            request: req,
            result: Ok(vec![
                rev("web", 3, "ACTIVE"),
                rev("web", 2, "ACTIVE"),
                rev("web", 1, "INACTIVE"),
            ]),
        },
    );
    let described: Vec<String> = effects
        .iter()
        .flat_map(|e| match e {
            Effect::DescribeTaskDefs { arns } => arns.clone(),
            _ => Vec::new(),
        })
        .collect();
    assert_eq!(described.len(), 3, "visible rows are described lazily");
    s
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
    update(
        &mut s,
        Action::TaskDefsDescribed {
            results: vec![(r.arn.clone(), Ok(td))],
        },
    );
    assert!(s.taskdef_cache.contains_key(&r.arn));
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
    let Some(Overlay::Confirm(dialog)) = &s.overlay else {
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
    assert!(s.overlay.is_none());
}

#[test]
fn deregister_y_confirms_and_results_update_rows_in_place() {
    let mut s = on_revisions();
    update(&mut s, key(' '));
    update(&mut s, key(' '));
    update(&mut s, key('D'));
    let effects = update(&mut s, key('y'));
    let [Effect::DeregisterTaskDefs { arns }] = &effects[..] else {
        panic!("{effects:?}")
    };
    assert_eq!(arns, &vec![rev("web", 3, "").arn, rev("web", 2, "").arn]);
    update(
        &mut s,
        Action::Deregistered {
            results: vec![
                (rev("web", 3, "").arn, Ok(())),
                (rev("web", 2, "").arn, Err(AwsError::other("boom"))),
            ],
        },
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
    let status = s.status.as_ref().expect("status");
    assert!(
        status.text.contains("deregistered 1 of 2"),
        "{}",
        status.text
    );
    assert!(status.text.contains("web:2: boom"));
}

#[test]
fn tab_then_enter_confirms_and_n_or_esc_cancel() {
    let mut s = on_revisions();
    update(&mut s, key('D'));
    update(&mut s, code(KeyCode::Tab));
    let effects = update(&mut s, code(KeyCode::Enter));
    assert!(matches!(effects[..], [Effect::DeregisterTaskDefs { .. }]));
    for cancel in [key('n'), code(KeyCode::Esc)] {
        update(&mut s, key('D'));
        assert!(s.overlay.is_some());
        assert!(update(&mut s, cancel).is_empty());
        assert!(s.overlay.is_none());
    }
}

#[test]
fn delete_refuses_active_revisions_and_offers_inactive_ones() {
    let mut s = on_revisions();
    update(&mut s, key('X'));
    assert!(s.overlay.is_none(), "web:3 is ACTIVE");
    assert!(
        s.status
            .as_ref()
            .is_some_and(|st| st.text.contains("only INACTIVE"))
    );
    update(&mut s, key(' '));
    update(&mut s, key('j'));
    update(&mut s, key(' '));
    update(&mut s, key('X'));
    let Some(Overlay::Confirm(dialog)) = &s.overlay else {
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
    s.config.read_only = true;
    update(&mut s, key('D'));
    assert!(s.overlay.is_none());
    assert!(
        s.status
            .as_ref()
            .is_some_and(|st| st.text.contains("read-only"))
    );
}

#[test]
fn status_toggle_and_prefix_search_reload_families() {
    let mut s = on_revisions();
    update(&mut s, code(KeyCode::Esc));
    let effects = update(&mut s, key('t'));
    assert!(matches!(
        &effects[..],
        [Effect::LoadFamilies {
            status: crate::aws::task_definitions::FamilyFilter::Inactive,
            ..
        }]
    ));
    let req = match &effects[0] {
        Effect::LoadFamilies { request, .. } => *request,
        _ => unreachable!(),
    };
    update(
        &mut s,
        Action::FamiliesLoaded {
            request: req,
            result: Ok(vec![]),
        },
    );
    update(&mut s, key('p'));
    typed(&mut s, "we");
    let effects = update(&mut s, code(KeyCode::Enter));
    assert!(matches!(&effects[..], [Effect::LoadFamilies { prefix: Some(p), .. }] if p == "we"));
}

#[test]
fn namespaces_command_loads_namespaces_with_clusters_and_enter_opens_one() {
    use crate::model::namespace::{Namespace, NamespaceKind};
    let (mut s, _) = loaded(&["staging"]);
    update(&mut s, key(':'));
    typed(&mut s, "namespaces");
    let effects = update(&mut s, code(KeyCode::Enter));
    assert!(matches!(s.route(), Route::Namespaces));
    let req = effects
        .iter()
        .find_map(|e| match e {
            Effect::LoadNamespaces { request } => Some(*request),
            _ => None,
        })
        .expect("namespaces load");
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::LoadClusters { .. })),
        "DEFAULT FOR needs clusters"
    );
    let ns = Namespace::named("staging.local", NamespaceKind::Http);
    update(
        &mut s,
        Action::NamespacesLoaded {
            request: req,
            result: Ok(vec![ns.clone()]),
        },
    );
    let effects = update(&mut s, code(KeyCode::Enter));
    assert!(matches!(s.route(), Route::NamespaceDetail(_)));
    assert!(effects.iter().any(|e| matches!(e, Effect::LoadNamespaceServices { namespace_id, .. } if *namespace_id == ns.id)));
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::LoadNamespaceEcsServices { .. }))
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
    update(&mut s, Action::TaskDefsDescribed { results });
    s
}

fn edit_effect(effects: &[Effect]) -> (String, String) {
    match effects {
        [Effect::EditText { family, text }] => (family.clone(), text.clone()),
        other => panic!("expected an EditText effect, got {other:?}"),
    }
}

#[test]
fn e_opens_the_registerable_json_and_a_valid_edit_asks_to_register() {
    let mut s = described_revisions();
    let (family, text) = edit_effect(&update(&mut s, key('e')));
    assert_eq!(family, "web");
    let json: serde_json::Value = serde_json::from_str(&text).expect("editor text is JSON");
    assert!(
        json.get("revision").is_none() && json.get("taskDefinitionArn").is_none(),
        "read-only fields dropped"
    );
    assert_eq!(json["tags"][0]["key"], "team", "tags carried over");

    let edited = text.replace("nginx:3", "nginx:4");
    update(
        &mut s,
        Action::EditorClosed {
            family: "web".into(),
            result: Ok(edited),
        },
    );
    assert!(matches!(s.route(), Route::Draft(f) if f == "web"));
    let draft = s.drafts.get("web").expect("draft kept");
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
    let Some(Overlay::Confirm(dialog)) = &s.overlay else {
        panic!("asks before registering")
    };
    assert!(!dialog.yes_highlighted);

    let effects = update(&mut s, key('y'));
    let [Effect::RegisterTaskDefinition { family, json }] = &effects[..] else {
        panic!("{effects:?}")
    };
    assert_eq!(family, "web");
    assert_eq!(json["containerDefinitions"][0]["image"], "nginx:4");

    let new = described("web", 4, "ACTIVE", "nginx:4");
    update(
        &mut s,
        Action::DraftRegistered {
            family: "web".into(),
            result: Ok(Box::new(new.clone())),
        },
    );
    assert!(s.drafts.is_empty(), "registered drafts are gone");
    assert!(
        matches!(s.route(), Route::RevisionDetail(d) if d.arn == new.arn),
        "lands on the new revision"
    );
    let Some(Route::Revisions(r)) = s.routes.iter().find(|r| matches!(r, Route::Revisions(_)))
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
    let (_, text) = edit_effect(&update(&mut s, key('e')));
    let broken = text.replace("\"memory\": \"512\"", "\"memory\": \"3000\"");
    update(
        &mut s,
        Action::EditorClosed {
            family: "web".into(),
            result: Ok(broken.clone()),
        },
    );
    assert!(s.overlay.is_none(), "nothing is offered for registration");
    let draft = s.drafts.get("web").expect("draft kept");
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
    let (_, reopened) = edit_effect(&update(&mut s, key('e')));
    assert_eq!(reopened, broken, "the text comes back exactly as typed");

    update(
        &mut s,
        Action::EditorClosed {
            family: "web".into(),
            result: Ok("{ not json".into()),
        },
    );
    let draft = s.drafts.get("web").expect("draft kept");
    assert!(
        draft.problems[0].contains("line 1 column"),
        "{:?}",
        draft.problems
    );
}

#[test]
fn a_refused_register_keeps_the_draft_and_x_discards_it_after_asking() {
    let mut s = described_revisions();
    let (_, text) = edit_effect(&update(&mut s, key('e')));
    update(
        &mut s,
        Action::EditorClosed {
            family: "web".into(),
            result: Ok(text.replace("nginx:3", "nginx:9")),
        },
    );
    update(&mut s, key('y'));
    update(
        &mut s,
        Action::DraftRegistered {
            family: "web".into(),
            result: Err(AwsError::other("ClientException: bad")),
        },
    );
    let draft = s.drafts.get("web").expect("kept");
    assert!(draft.problems[0].contains("refused"));
    assert!(
        s.status
            .as_ref()
            .is_some_and(|st| st.text.contains("the draft is kept"))
    );
    update(&mut s, key('X'));
    update(&mut s, key('y'));
    assert!(s.drafts.is_empty());
    assert!(matches!(s.route(), Route::Revisions(_)));
}

#[test]
fn an_unchanged_edit_or_a_failed_editor_changes_nothing() {
    let mut s = described_revisions();
    let (_, text) = edit_effect(&update(&mut s, key('e')));
    update(
        &mut s,
        Action::EditorClosed {
            family: "web".into(),
            result: Ok(text),
        },
    );
    assert!(s.drafts.is_empty());
    update(
        &mut s,
        Action::EditorClosed {
            family: "web".into(),
            result: Err("vi exited with 1".into()),
        },
    );
    assert!(s.drafts.is_empty());
    assert!(
        s.status
            .as_ref()
            .is_some_and(|st| st.text.contains("vi exited"))
    );
}

#[test]
fn read_only_allows_editing_but_not_registering() {
    let mut s = described_revisions();
    s.config.read_only = true;
    let (_, text) = edit_effect(&update(&mut s, key('e')));
    update(
        &mut s,
        Action::EditorClosed {
            family: "web".into(),
            result: Ok(text.replace("nginx:3", "nginx:4")),
        },
    );
    assert!(s.overlay.is_none());
    assert!(s.drafts.contains_key("web"), "the edit is kept");
    assert!(
        s.status
            .as_ref()
            .is_some_and(|st| st.text.contains("read-only"))
    );
}

#[test]
fn v_diffs_against_the_predecessor_or_two_marked_revisions() {
    let mut s = described_revisions();
    update(&mut s, key('v'));
    let Route::Json(page) = s.route() else {
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
    let Route::Json(page) = s.route() else {
        panic!("diff page")
    };
    assert_eq!(page.title, "web:1 → web:3 diff");
}

#[test]
fn keep_newest_marks_the_older_active_revisions_and_asks() {
    let mut s = described_revisions();
    update(&mut s, key('K'));
    typed(&mut s, "1");
    update(&mut s, code(KeyCode::Enter));
    let Some(Overlay::Confirm(dialog)) = &s.overlay else {
        panic!("dialog")
    };
    assert_eq!(
        dialog.op,
        PendingOp::DeregisterTaskDefinitions {
            arns: vec![rev("web", 2, "").arn]
        }
    );
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
    assert!(
        s.status
            .as_ref()
            .is_some_and(|st| st.text.contains("INACTIVE revision cannot run a task"))
    );
}

#[test]
fn json_search_jumps_to_matches() {
    let mut s = described_revisions();
    update(&mut s, key('d'));
    update(&mut s, key('/'));
    typed(&mut s, "image");
    update(&mut s, code(KeyCode::Enter));
    let Route::Json(page) = s.route() else {
        panic!("json")
    };
    assert!(page.lines[page.scroll].contains("image"));
}

#[test]
fn quick_deregister_asks_once_then_quits_with_results() {
    let mut s = state();
    let effects = init_deregister(&mut s, vec!["web:2".into(), "web:1".into()]);
    assert!(
        effects
            .iter()
            .any(|e| matches!(e, Effect::DescribeTaskDefs { arns } if arns == &["web:2", "web:1"]))
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
    let effects = update(&mut s, Action::TaskDefsDescribed { results });
    assert!(matches!(&effects[..], [Effect::FindServiceUsage { arns }] if arns.len() == 2));
    let mut usage = std::collections::HashMap::new();
    usage.insert(rev("web", 2, "").arn, vec!["prod/web".to_string()]);
    update(
        &mut s,
        Action::ServiceUsageLoaded {
            result: Ok(Some(usage)),
        },
    );
    let Some(Overlay::Confirm(dialog)) = &s.overlay else {
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
    let [Effect::DeregisterTaskDefs { arns }] = &effects[..] else {
        panic!("{effects:?}")
    };
    update(
        &mut s,
        Action::Deregistered {
            results: vec![(arns[0].clone(), Ok(()))],
        },
    );
    assert!(s.should_quit);
    let quick = s.quick.as_ref().expect("quick");
    assert_eq!(
        quick.report(),
        "web:2: deregistered (now INACTIVE)\nweb:1: FAILED: already INACTIVE\n"
    );
    assert_eq!(quick.exit_code(), 1, "one of them failed");
}

#[test]
fn quick_deregister_no_cancels_with_exit_1() {
    let mut s = state();
    init_deregister(&mut s, vec!["web:2".into()]);
    update(
        &mut s,
        Action::TaskDefsDescribed {
            results: vec![("web:2".into(), Ok(described("web", 2, "ACTIVE", "x")))],
        },
    );
    update(&mut s, Action::ServiceUsageLoaded { result: Ok(None) });
    let Some(Overlay::Confirm(dialog)) = &s.overlay else {
        panic!("dialog")
    };
    assert!(dialog.lines.iter().any(|l| l.contains("not checked")));
    assert!(update(&mut s, key('n')).is_empty());
    assert!(s.should_quit);
    let quick = s.quick.as_ref().expect("quick");
    assert!(quick.cancelled);
    assert_eq!(quick.exit_code(), 1);
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
        effects,
        vec![Effect::DeletePrecheck {
            cluster: "prod".into()
        }]
    );
    update(
        &mut s,
        Action::DeletePrecheckLoaded {
            cluster: "prod".into(),
            result: Ok(precheck("prod", vec!["2 active services: web, api".into()])),
        },
    );
    assert!(s.overlay.is_none(), "no dialog while something blocks");
    assert!(s.status.as_ref().is_some_and(|st| {
        st.text
            .contains("prod cannot be deleted: 2 active services")
    }));
}

#[test]
fn deleting_an_empty_cluster_needs_its_name_typed() {
    let (mut s, _) = loaded(&["empty"]);
    update(&mut s, key('X'));
    update(
        &mut s,
        Action::DeletePrecheckLoaded {
            cluster: "empty".into(),
            result: Ok(precheck("empty", vec![])),
        },
    );
    let Some(Overlay::Confirm(dialog)) = &s.overlay else {
        panic!("dialog")
    };
    assert!(!dialog.can_confirm());
    // `y` is text here, not "yes".
    assert!(update(&mut s, key('y')).is_empty());
    update(&mut s, code(KeyCode::Backspace));
    typed(&mut s, "empt");
    update(&mut s, code(KeyCode::Tab));
    assert!(
        update(&mut s, code(KeyCode::Enter)).is_empty(),
        "the name is not complete"
    );
    assert!(s.overlay.is_some());
    typed(&mut s, "y");
    let effects = update(&mut s, code(KeyCode::Enter));
    assert_eq!(
        effects,
        vec![Effect::DeleteCluster {
            cluster: "empty".into()
        }]
    );
}

#[test]
fn insights_dialog_shows_the_request_for_the_chosen_value() {
    let (mut s, _) = loaded(&["prod"]);
    update(&mut s, key('I'));
    let Some(Overlay::Confirm(dialog)) = &s.overlay else {
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
    let Some(Overlay::Confirm(dialog)) = &s.overlay else {
        panic!("dialog")
    };
    assert!(
        dialog.lines.iter().any(|l| l.contains("value=enhanced")),
        "{:?}",
        dialog.lines
    );
    let effects = update(&mut s, key('y'));
    assert_eq!(
        effects,
        vec![Effect::UpdateInsights {
            cluster: "prod".into(),
            value: crate::domain::cluster::ContainerInsights::Enhanced
        }]
    );
}

#[test]
fn default_namespace_loads_namespaces_then_offers_them() {
    use crate::model::namespace::{Namespace, NamespaceKind};
    let (mut s, _) = loaded(&["prod"]);
    let effects = update(&mut s, key('N'));
    let req = match &effects[..] {
        [Effect::LoadNamespaces { request }] => *request,
        other => panic!("{other:?}"),
    };
    let ns = Namespace::named("shop.local", NamespaceKind::Http);
    update(
        &mut s,
        Action::NamespacesLoaded {
            request: req,
            result: Ok(vec![ns.clone()]),
        },
    );
    update(&mut s, key('N'));
    update(&mut s, key('j'));
    let effects = update(&mut s, key('y'));
    assert_eq!(
        effects,
        vec![Effect::SetDefaultNamespace {
            cluster: "prod".into(),
            namespace: Some(ns.arn.clone())
        }]
    );
}

#[test]
fn read_only_refuses_cluster_changes_before_any_call() {
    let (mut s, _) = loaded(&["prod"]);
    s.config.read_only = true;
    for k in ['X', 'I', 'N'] {
        assert!(update(&mut s, key(k)).is_empty(), "{k}");
        assert!(s.overlay.is_none());
    }
}

#[test]
fn c_opens_the_wizard_prefilled_from_the_selected_revision_and_esc_leaves_an_unchanged_one() {
    let mut s = described_revisions();
    let effects = update(&mut s, key('c'));
    assert_eq!(effects, vec![Effect::LoadRoles]);
    let Route::TaskDefWizard(w) = s.route() else {
        panic!("wizard")
    };
    assert_eq!(w.family(), "web", "pre-filled from web:3");
    // Keys go to the wizard, not to the list (q is text there).
    update(&mut s, key('q'));
    assert!(!s.should_quit);
    update(
        &mut s,
        Action::WizardSubmitted {
            result: Err(AwsError::other("ClientException: nope")),
        },
    );
    assert!(
        matches!(s.route(), Route::TaskDefWizard(_)),
        "the form stays after a failure"
    );
    let registered = described("web", 4, "ACTIVE", "nginx:4");
    let effects = update(
        &mut s,
        Action::WizardSubmitted {
            result: Ok(Box::new(registered.clone())),
        },
    );
    let Route::Revisions(r) = s.route() else {
        panic!("lands in the revisions view")
    };
    assert_eq!(
        r.table.selected_key.as_deref(),
        Some(registered.arn.as_str())
    );
    assert!(
        matches!(&effects[..], [Effect::LoadRevisions { family, .. }] if family == "web"),
        "{effects:?}"
    );
}

#[test]
fn capacity_providers_line_is_prefilled_checked_and_shown_before_sending() {
    let (mut s, _) = loaded(&["prod"]);
    if let Some(list) = s.clusters.data.data.as_mut() {
        list[0].capacity_providers = vec!["FARGATE".into()];
        list[0].default_strategy = vec![crate::model::StrategyItem {
            provider: "FARGATE".into(),
            weight: 1,
            base: 0,
        }];
    }
    update(&mut s, key('P'));
    assert_eq!(
        s.input
            .as_ref()
            .map(|i| i.input.value().to_string())
            .as_deref(),
        Some("FARGATE:1:0")
    );
    typed(&mut s, " FARGATE_SPOT:3");
    update(&mut s, code(KeyCode::Enter));
    let Some(Overlay::Confirm(dialog)) = &s.overlay else {
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
        Effect::PutCapacityProviders {
            cluster,
            providers,
            strategy,
        },
    ] = &effects[..]
    else {
        panic!("{effects:?}")
    };
    assert_eq!(cluster, "prod");
    assert_eq!(providers, &["FARGATE", "FARGATE_SPOT"]);
    assert_eq!(strategy[1].weight, 3);

    update(&mut s, key('P'));
    update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::CONTROL)),
    );
    typed(&mut s, "FARGATE:x");
    update(&mut s, code(KeyCode::Enter));
    assert!(s.overlay.is_none(), "a bad line sends nothing");
    assert!(
        s.status
            .as_ref()
            .is_some_and(|st| st.text.contains("weight of FARGATE"))
    );
}

#[test]
fn c_on_clusters_fetches_namespaces_then_opens_the_wizard_and_read_only_blocks_creating() {
    use crate::model::namespace::{Namespace, NamespaceKind};
    let (mut s, _) = loaded(&["prod"]);
    let effects = update(&mut s, key('c'));
    let req = match &effects[..] {
        [Effect::LoadNamespaces { request }] => *request,
        other => panic!("{other:?}"),
    };
    assert!(
        matches!(s.route(), Route::Clusters),
        "waits for the namespaces"
    );
    update(
        &mut s,
        Action::NamespacesLoaded {
            request: req,
            result: Ok(vec![Namespace::named("shop.local", NamespaceKind::Http)]),
        },
    );
    assert!(
        matches!(s.route(), Route::ClusterWizard(_)),
        "opens once they are in"
    );
    update(&mut s, code(KeyCode::Esc));
    assert!(
        matches!(s.route(), Route::Clusters),
        "an untouched form closes at once"
    );

    s.config.read_only = true;
    update(&mut s, key('c'));
    typed(&mut s, "new-one");
    update(
        &mut s,
        Action::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
    );
    let effects = update(&mut s, code(KeyCode::Enter));
    assert!(
        effects
            .iter()
            .all(|e| !matches!(e, Effect::CreateCluster { .. })),
        "{effects:?}"
    );
}
