//! The pure heart of tecs: `update(&mut State, Action) -> Vec<Effect>`. No I/O, no awaiting; effects are
//! returned as data for the runner.

use std::time::{Duration, SystemTime};

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::InputRequest;

use crate::action::{Action, Effect};
use crate::aws::errors::AwsError;
use crate::keymap::{Command, Context};
use crate::state::input::{InputKind, InputLine, completions};
use crate::state::{
    ClusterDetailState, Level, Outcome, Overlay, Route, State, TableRow, TableState, TextPage,
};

#[path = "update_task_definitions.rs"]
mod task_definitions;
use task_definitions as td;
#[path = "update_admin.rs"]
mod admin;
#[path = "update_confirm.rs"]
mod confirm;
#[path = "update_create.rs"]
mod create;
#[path = "update_drafts.rs"]
mod drafts;
#[path = "update_namespaces.rs"]
mod namespaces;
#[path = "update_quick.rs"]
mod quick;
#[path = "update_wizard.rs"]
mod wizard;
use namespaces as ns;

/// Longest wait between retries of a failing load.
const MAX_BACKOFF: Duration = Duration::from_secs(120);
/// First retry after a transient failure.
const FIRST_BACKOFF: Duration = Duration::from_secs(2);

/// The first effects: who am I, and the first screen's data. `open_cluster` is `--cluster NAME`.
pub fn init(state: &mut State, open_cluster: Option<&str>) -> Vec<Effect> {
    let mut effects = Vec::new();
    let id = state.request_id();
    state.identity.start(id, state.now);
    effects.push(Effect::LoadIdentity { request: id });
    if let Some(name) = open_cluster {
        let mut detail = ClusterDetailState::from_list(&crate::model::Cluster::named(name));
        detail.cluster.data = None;
        detail.arn = name.to_string();
        state.routes.push(Route::ClusterDetail(Box::new(detail)));
    }
    effects.extend(load_current(state));
    effects
}

/// The first effects of `tecs deregister family:rev…`.
pub fn init_deregister(state: &mut State, targets: Vec<String>) -> Vec<Effect> {
    let mut effects = Vec::new();
    let id = state.request_id();
    state.identity.start(id, state.now);
    effects.push(Effect::LoadIdentity { request: id });
    effects.extend(quick::init(state, targets));
    effects
}

/// Applies one action.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Key(key) => {
            state.dirty = true;
            on_key(state, key)
        }
        Action::Resize(w, h) => {
            state.size = (w, h);
            state.dirty = true;
            Vec::new()
        }
        Action::Tick => {
            if state.is_loading() {
                state.dirty = true;
            }
            Vec::new()
        }
        Action::Terminate => {
            state.should_quit = true;
            Vec::new()
        }
        Action::RefreshDue { generation } => {
            if generation == state.refresh_generation {
                load_current(state)
            } else {
                Vec::new()
            }
        }
        Action::IdentityLoaded { request, result } => {
            let result = result.map_err(|e| e.with_profile(state.config.profile.as_deref()));
            if state.identity.finish(request, result, SystemTime::now()) {
                state.dirty = true;
            }
            Vec::new()
        }
        Action::ClustersLoaded { request, result } => {
            if !state
                .clusters
                .data
                .finish(request, result, SystemTime::now())
            {
                return Vec::new();
            }
            state.dirty = true;
            let rows = state.clusters.rows();
            state.clusters.table.reconcile(&rows);
            let height = state.page_height();
            state.clusters.table.offset = state.clusters.table.scroll_into_view(height);
            let on_screen = matches!(state.route(), Route::Clusters);
            settle(state, state.clusters.data.outcome(), on_screen)
        }
        Action::ClusterLoaded { request, result } => on_detail_result(state, |d| {
            let applied = d
                .cluster
                .finish(request, result.map(|c| *c), SystemTime::now());
            if applied && let Some(c) = &d.cluster.data {
                d.name = c.name.clone();
                d.arn = c.arn.clone();
            }
            applied
        }),
        Action::NamespacesLoaded { request, result } => ns::on_list_loaded(state, request, result),
        Action::NamespaceServicesLoaded { request, result } => {
            ns::on_services_loaded(state, request, result)
        }
        Action::NamespaceEcsServicesLoaded { request, result } => {
            ns::on_ecs_services_loaded(state, request, result)
        }
        Action::FamiliesLoaded { request, result } => {
            td::on_families_loaded(state, request, result)
        }
        Action::RevisionsLoaded { request, result } => {
            td::on_revisions_loaded(state, request, result)
        }
        Action::TaskDefsDescribed { results } => {
            td::on_described(state, results);
            quick::after_described(state)
        }
        Action::FamiliesSummarized { results } => {
            td::on_summarized(state, results);
            Vec::new()
        }
        Action::ServiceUsageLoaded { result } => {
            quick::on_usage(state, result);
            Vec::new()
        }
        Action::Deregistered { results } => {
            quick::on_results(state, &results);
            td::on_deregistered(state, results);
            Vec::new()
        }
        Action::Deleted { results } => {
            td::on_deleted(state, results);
            Vec::new()
        }
        Action::EditorClosed { family, result } => drafts::on_editor_closed(state, family, result),
        Action::DraftRegistered { family, result } => drafts::on_registered(state, family, result),
        Action::AutoScalingGroupsLoaded { result } => {
            create::on_auto_scaling_groups(state, result);
            Vec::new()
        }
        Action::VpcsLoaded { result } => {
            create::on_vpcs(state, result);
            Vec::new()
        }
        Action::CreateProgress { step, line } => {
            create::on_progress(state, step, line);
            Vec::new()
        }
        Action::ClusterCreated { result } => {
            create::on_cluster_created(state, result);
            Vec::new()
        }
        Action::NamespaceCreated { result } => {
            create::on_namespace_created(state, result);
            Vec::new()
        }
        Action::RolesLoaded { result } => {
            wizard::on_roles(state, result);
            Vec::new()
        }
        Action::WizardSubmitted { result } => wizard::on_submitted(state, result),
        Action::FileSaved { path, result } => {
            wizard::on_saved(state, path, result);
            Vec::new()
        }
        Action::DeletePrecheckLoaded { cluster, result } => {
            admin::on_precheck(state, cluster, result);
            Vec::new()
        }
        Action::ChangeDone { what, result } => admin::on_change_done(state, what, result),
        Action::OperationProgress { text } => {
            state.dirty = true;
            state.set_status(Level::Info, text);
            Vec::new()
        }
        Action::MutationBlocked { what } => {
            state.dirty = true;
            state.set_status(Level::Error, format!("read-only mode: refused to {what}"));
            Vec::new()
        }
        Action::ServicesLoaded { request, result } => on_detail_result(state, |d| {
            let applied = d.services.finish(request, result, SystemTime::now());
            if applied {
                let rows = d.rows();
                d.table.reconcile(&rows);
            }
            applied
        }),
    }
}

/// Applies a result to the cluster detail on top of the stack (results for a page the operator left
/// are dropped), then schedules the next refresh once both of its loads are done.
fn on_detail_result(
    state: &mut State,
    apply: impl FnOnce(&mut ClusterDetailState) -> bool,
) -> Vec<Effect> {
    let Some(Route::ClusterDetail(detail)) = state.routes.last_mut() else {
        return Vec::new();
    };
    if !apply(detail) {
        return Vec::new();
    }
    state.dirty = true;
    let done = !detail.cluster.is_loading() && !detail.services.is_loading();
    let outcome = detail.cluster.outcome().and(detail.services.outcome());
    settle(state, outcome, done)
}

/// After a load on the current screen: show its failure (or clear an old one) and, once nothing on
/// the screen is loading any more, schedule the next refresh.
pub(crate) fn settle(state: &mut State, outcome: Outcome, screen_done: bool) -> Vec<Effect> {
    report_failure(state, outcome.error.clone());
    if !screen_done {
        return Vec::new();
    }
    schedule_next(state, outcome.error.as_ref(), outcome.failures)
        .into_iter()
        .collect()
}

/// Shows a load failure in the status line (the view shows it too when it has no data to draw).
fn report_failure(state: &mut State, error: Option<AwsError>) {
    if let Some(e) = error {
        state.set_status(Level::Error, e.to_string());
    } else if state
        .status
        .as_ref()
        .is_some_and(|s| s.level == Level::Error)
    {
        state.status = None;
    }
}

/// The next automatic reload: backoff after a transient failure, the refresh interval otherwise.
/// A failure the operator must fix (permissions, credentials) waits for the normal interval or `r`.
fn schedule_next(state: &mut State, error: Option<&AwsError>, failures: u32) -> Option<Effect> {
    let after = match error {
        Some(e) if e.is_transient() => Some(backoff(failures)),
        _ => state.config.refresh,
    }?;
    state.refresh_generation = state.refresh_generation.wrapping_add(1);
    Some(Effect::ScheduleRefresh {
        after,
        generation: state.refresh_generation,
    })
}

/// 2 s, 4 s, 8 s ... capped at two minutes.
pub fn backoff(failures: u32) -> Duration {
    let exp = failures.saturating_sub(1).min(16);
    FIRST_BACKOFF.saturating_mul(1u32 << exp).min(MAX_BACKOFF)
}

/// Starts loading what the current screen shows. Pending refresh timers become stale.
fn load_current(state: &mut State) -> Vec<Effect> {
    state.refresh_generation = state.refresh_generation.wrapping_add(1);
    let now = state.now;
    let mut effects = Vec::new();
    match state.route() {
        Route::Clusters => {
            if !state.clusters.data.is_loading() {
                let id = state.request_id();
                state.clusters.data.start(id, now);
                effects.push(Effect::LoadClusters { request: id });
            }
        }
        Route::ClusterDetail(_) => {
            let (cluster_id, services_id) = (state.request_id(), state.request_id());
            if let Some(Route::ClusterDetail(d)) = state.routes.last_mut() {
                if !d.cluster.is_loading() {
                    d.cluster.start(cluster_id, now);
                    effects.push(Effect::LoadCluster {
                        request: cluster_id,
                        cluster: d.arn.clone(),
                    });
                }
                if !d.services.is_loading() {
                    d.services.start(services_id, now);
                    effects.push(Effect::LoadServices {
                        request: services_id,
                        cluster: d.arn.clone(),
                    });
                }
            }
        }
        Route::TaskDefFamilies => effects.extend(td::load_families(state)),
        Route::Namespaces => effects.extend(ns::load_list(state)),
        Route::NamespaceDetail(_) => effects.extend(ns::load_detail(state)),
        Route::Revisions(_) => effects.extend(td::load_revisions(state)),
        Route::RevisionDetail(_) => effects.extend(td::lazy_describe(state)),
        Route::Json(_)
        | Route::Draft(_)
        | Route::TaskDefWizard(_)
        | Route::ClusterWizard(_)
        | Route::NamespaceWizard(_) => {}
    }
    state.dirty = true;
    effects
}

fn on_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    // Ctrl-C leaves from anywhere, whatever owns the keyboard.
    if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
        state.should_quit = true;
        return Vec::new();
    }
    if matches!(state.overlay, Some(Overlay::Confirm(_))) {
        return confirm::on_key(state, key);
    }
    if state.overlay.is_some() {
        on_help_key(state, key);
        return Vec::new();
    }
    if state.input.is_some() {
        return on_input_key(state, key);
    }
    if matches!(state.route(), Route::TaskDefWizard(_)) {
        return wizard::on_key(state, key);
    }
    if matches!(
        state.route(),
        Route::ClusterWizard(_) | Route::NamespaceWizard(_)
    ) {
        return create::on_key(state, key);
    }
    let contexts = state.route().contexts();
    match state.keymap.lookup(contexts, &key) {
        Some(command) if state.route().supports(command) => run_command(state, command),
        _ => Vec::new(),
    }
}

fn on_help_key(state: &mut State, key: KeyEvent) {
    let Some(Overlay::Help { scroll }) = state.overlay.as_mut() else {
        return;
    };
    match state.keymap.lookup(&[Context::Help], &key) {
        Some(Command::Close) => state.overlay = None,
        Some(Command::Down) => *scroll = scroll.saturating_add(1),
        Some(Command::Up) => *scroll = scroll.saturating_sub(1),
        _ => {}
    }
}

fn run_command(state: &mut State, command: Command) -> Vec<Effect> {
    state.status = state.status.take().filter(|s| s.level == Level::Error);
    match command {
        Command::Quit | Command::ForceQuit => state.should_quit = true,
        Command::Back => return go_back(state),
        Command::Help => state.overlay = Some(Overlay::Help { scroll: 0 }),
        Command::CommandLine => open_input(state, InputKind::Command),
        Command::Filter if matches!(state.route(), Route::Json(_)) => {
            open_input(state, InputKind::Search)
        }
        Command::Filter => open_input(state, InputKind::Filter),
        Command::SearchNext => search_next(state, false),
        Command::Edit => return drafts::start_edit(state),
        Command::Diff => return td::diff(state),
        Command::KeepNewest => open_input(state, InputKind::KeepNewest),
        Command::Copy => return td::copy(state, false),
        Command::CopyJson => return td::copy(state, true),
        Command::RunTask => td::deploy(state, "run a task"),
        Command::CreateService => td::deploy(state, "create a service"),
        Command::Open if matches!(state.route(), Route::Draft(_)) => {
            drafts::register_current(state)
        }
        Command::Delete if matches!(state.route(), Route::Draft(_)) => drafts::ask_discard(state),
        Command::Delete if matches!(state.route(), Route::Clusters | Route::ClusterDetail(_)) => {
            return admin::ask_delete_cluster(state);
        }
        Command::Delete if matches!(state.route(), Route::Namespaces) => {
            admin::ask_delete_namespace(state)
        }
        Command::Insights => admin::ask_insights(state),
        Command::CapacityProviders if !state.config.read_only => {
            open_input(state, InputKind::CapacityProviders)
        }
        Command::CapacityProviders => {
            state.set_status(
                Level::Error,
                "read-only mode: changing capacity providers is disabled",
            );
        }
        Command::Create if matches!(state.route(), Route::Clusters) => {
            return create::open_cluster_wizard(state);
        }
        Command::Create if matches!(state.route(), Route::Namespaces) => {
            return create::open_namespace_wizard(state);
        }
        Command::Create => return wizard::open(state),
        Command::DefaultNamespace => return admin::ask_default_namespace(state),
        Command::Refresh => return load_current(state),
        Command::Up => return move_cursor(state, -1),
        Command::Down => return move_cursor(state, 1),
        Command::PageUp => return move_cursor(state, -(state.page_height() as isize)),
        Command::PageDown => return move_cursor(state, state.page_height() as isize),
        Command::Top => return move_cursor(state, isize::MIN),
        Command::Bottom => return move_cursor(state, isize::MAX),
        Command::SortNext | Command::SortReverse => {
            with_table(state, |table, rows, columns| {
                if command == Command::SortNext {
                    table.sort_next(columns);
                } else {
                    table.sort_reverse();
                }
                table.reconcile(rows);
            });
        }
        Command::Open => return open_selected(state),
        Command::Describe => describe_selected(state),
        Command::Mark => td::toggle_mark(state),
        Command::Deregister => td::ask_deregister(state),
        Command::Delete => td::ask_delete(state),
        Command::ToggleStatus => {
            state.families.status = state.families.status.next();
            return td::reload_families(state);
        }
        Command::PrefixSearch => open_input(state, InputKind::Prefix),
        // Dialog and input commands are handled by their owners.
        Command::PickNext
        | Command::PickPrev
        | Command::Yes
        | Command::No
        | Command::Toggle
        | Command::Activate
        | Command::Close
        | Command::Submit
        | Command::Cancel
        | Command::Complete => {}
    }
    Vec::new()
}

/// Esc: close the top screen; on the root, clear an active filter.
fn go_back(state: &mut State) -> Vec<Effect> {
    if state.routes.len() > 1 {
        state.routes.pop();
        // The revealed screen's data may be old: refresh it (its table state is intact).
        return load_current(state);
    }
    if current_filter(state).is_some_and(|f| !f.is_empty()) {
        set_filter(state, String::new());
    }
    Vec::new()
}

/// Runs `f` on the current screen's table with its rows and column count.
fn with_table(state: &mut State, f: impl FnOnce(&mut TableState, &[TableRow], usize)) {
    let height = state.page_height();
    match state.routes.last_mut() {
        Some(Route::Clusters) | None => {
            let rows = state.clusters.rows();
            f(
                &mut state.clusters.table,
                &rows,
                crate::state::clusters::CLUSTER_COLUMNS.len(),
            );
            state.clusters.table.offset = state.clusters.table.scroll_into_view(height);
        }
        Some(Route::ClusterDetail(d)) => {
            let rows = d.rows();
            f(
                &mut d.table,
                &rows,
                crate::state::clusters::SERVICE_COLUMNS.len(),
            );
            // The services table sits below the settings block: about half the page.
            d.table.offset = d.table.scroll_into_view(height / 2);
        }
        Some(Route::Namespaces) => {
            let rows = state
                .namespaces
                .rows(state.clusters.data.data.as_deref().unwrap_or_default());
            f(
                &mut state.namespaces.table,
                &rows,
                crate::state::namespaces::NAMESPACE_COLUMNS.len(),
            );
            state.namespaces.table.offset = state.namespaces.table.scroll_into_view(height);
        }
        Some(Route::NamespaceDetail(d)) => {
            let rows = d.rows();
            f(
                &mut d.table,
                &rows,
                crate::state::namespaces::CLOUD_MAP_SERVICE_COLUMNS.len(),
            );
            d.table.offset = d.table.scroll_into_view(height / 2);
        }
        Some(Route::TaskDefFamilies) => {
            let rows = state.families.rows();
            f(
                &mut state.families.table,
                &rows,
                crate::state::task_definitions::FAMILY_COLUMNS.len(),
            );
            state.families.table.offset = state.families.table.scroll_into_view(height);
        }
        Some(Route::Revisions(r)) => {
            let rows = r.rows(&state.taskdef_cache);
            f(
                &mut r.table,
                &rows,
                crate::state::task_definitions::REVISION_COLUMNS.len(),
            );
            r.table.offset = r.table.scroll_into_view(height);
        }
        Some(Route::Json(_))
        | Some(Route::RevisionDetail(_))
        | Some(Route::Draft(_))
        | Some(Route::TaskDefWizard(_))
        | Some(Route::ClusterWizard(_))
        | Some(Route::NamespaceWizard(_)) => {}
    }
}

fn move_cursor(state: &mut State, delta: isize) -> Vec<Effect> {
    let page = state.page_height();
    let total = page_lines(state);
    let scroll = match state.routes.last_mut() {
        Some(Route::RevisionDetail(d)) => Some(&mut d.scroll),
        Some(Route::Json(p)) => Some(&mut p.scroll),
        Some(Route::Draft(family)) => state.drafts.get_mut(family.as_str()).map(|d| &mut d.scroll),
        _ => None,
    };
    if let Some(scroll) = scroll {
        let max = total.saturating_sub(page);
        *scroll = match delta {
            isize::MIN => 0,
            isize::MAX => max,
            d if d < 0 => scroll.saturating_sub(d.unsigned_abs()),
            d => scroll.saturating_add(d as usize).min(max),
        };
        return Vec::new();
    }
    with_table(state, |table, rows, _| match delta {
        isize::MIN => table.jump(rows, false),
        isize::MAX => table.jump(rows, true),
        d => table.move_by(rows, d),
    });
    td::lazy_describe(state)
}

/// How many lines the text page on screen has (for clamping its scroll).
fn page_lines(state: &State) -> usize {
    match state.route() {
        Route::Json(p) => p.lines.len(),
        Route::Draft(family) => state.drafts.get(family).map_or(0, |d| d.page_lines().len()),
        Route::RevisionDetail(d) => state.taskdef_cache.get(&d.arn).map_or(0, |td| {
            let theme = crate::ui::theme::Theme::new(true);
            crate::ui::views::revision_detail::summary_lines(td, &theme).len()
        }),
        _ => 0,
    }
}

/// Scrolls a text page to the first line matching its search, from the top (`from_top`) or after
/// the current position; wraps around.
fn search_next(state: &mut State, from_top: bool) {
    let Some(Route::Json(page)) = state.routes.last_mut() else {
        return;
    };
    let needle = page.search.to_lowercase();
    if needle.is_empty() {
        return;
    }
    let start = if from_top {
        0
    } else {
        page.scroll.saturating_add(1)
    };
    let n = page.lines.len();
    let hit = (0..n)
        .map(|i| (start + i) % n.max(1))
        .find(|i| page.lines[*i].to_lowercase().contains(&needle));
    match hit {
        Some(i) => page.scroll = i,
        None => {
            let text = format!("no match for /{}", page.search);
            state.set_status(Level::Info, text);
        }
    }
}

fn open_selected(state: &mut State) -> Vec<Effect> {
    match state.route() {
        Route::TaskDefFamilies => return td::open_family(state),
        Route::Namespaces => return ns::open_selected(state),
        Route::Revisions(_) => return td::open_revision(state),
        Route::Clusters => {}
        _ => return Vec::new(),
    }
    let Some(cluster) = state.clusters.selected().cloned() else {
        return Vec::new();
    };
    state.routes.push(Route::ClusterDetail(Box::new(
        ClusterDetailState::from_list(&cluster),
    )));
    load_current(state)
}

fn describe_selected(state: &mut State) {
    let cluster = match state.route() {
        Route::Clusters => state.clusters.selected().cloned(),
        Route::ClusterDetail(d) => d.cluster.data.clone(),
        Route::Revisions(_) | Route::RevisionDetail(_) => return td::describe_revision(state),
        Route::Json(_)
        | Route::TaskDefFamilies
        | Route::Namespaces
        | Route::NamespaceDetail(_)
        | Route::Draft(_)
        | Route::TaskDefWizard(_)
        | Route::ClusterWizard(_)
        | Route::NamespaceWizard(_) => None,
    };
    if let Some(c) = cluster {
        let text = serde_json::to_string_pretty(&c.json)
            .unwrap_or_else(|e| format!("(cannot show JSON: {e})"));
        let title = format!("{} json", c.name);
        state.routes.push(Route::Json(TextPage::new(
            title,
            &text,
            Some(c.arn.clone()),
        )));
    }
}

fn open_input(state: &mut State, kind: InputKind) {
    let previous = match (kind, state.route()) {
        (InputKind::Prefix, _) => state.families.prefix.clone(),
        (InputKind::Search, Route::Json(page)) => page.search.clone(),
        (InputKind::Filter, _) => current_filter(state).unwrap_or_default(),
        _ => String::new(),
    };
    let value = previous.clone();
    let target = match kind {
        InputKind::CapacityProviders => admin::target_cluster(state),
        _ => None,
    };
    let previous = match (kind, &target) {
        (InputKind::CapacityProviders, Some(cluster)) => admin::capacity_line(state, cluster),
        _ => previous,
    };
    let value = if kind == InputKind::CapacityProviders {
        previous.clone()
    } else {
        value
    };
    state.input = Some(InputLine {
        target,
        kind,
        input: tui_input::Input::new(value),
        previous,
    });
}

fn current_filter(state: &State) -> Option<String> {
    match state.route() {
        Route::Clusters => Some(state.clusters.table.filter.clone()),
        Route::ClusterDetail(d) => Some(d.table.filter.clone()),
        Route::TaskDefFamilies => Some(state.families.table.filter.clone()),
        Route::Revisions(r) => Some(r.table.filter.clone()),
        Route::Draft(_) => None,
        Route::Namespaces => Some(state.namespaces.table.filter.clone()),
        Route::NamespaceDetail(d) => Some(d.table.filter.clone()),
        Route::Json(_)
        | Route::RevisionDetail(_)
        | Route::TaskDefWizard(_)
        | Route::ClusterWizard(_)
        | Route::NamespaceWizard(_) => None,
    }
}

fn set_filter(state: &mut State, filter: String) {
    with_table(state, |table, rows, _| {
        table.filter = filter;
        table.reconcile(rows);
    });
}

fn on_input_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let Some(line) = state.input.as_mut() else {
        return Vec::new();
    };
    let kind = line.kind;
    match state.keymap.lookup(&[Context::Input], &key) {
        Some(Command::Cancel) => {
            let previous = line.previous.clone();
            state.input = None;
            if kind == InputKind::Filter {
                set_filter(state, previous);
            }
            Vec::new()
        }
        Some(Command::Submit) => {
            let value = line.input.value().trim().to_string();
            let target = line.target.clone();
            state.input = None;
            match kind {
                InputKind::Filter => {
                    set_filter(state, value);
                    Vec::new()
                }
                InputKind::Command => run_command_line(state, &value),
                InputKind::Prefix => {
                    state.families.prefix = value;
                    td::reload_families(state)
                }
                InputKind::Search => {
                    if let Some(Route::Json(page)) = state.routes.last_mut() {
                        page.search = value;
                    }
                    search_next(state, true);
                    Vec::new()
                }
                InputKind::KeepNewest => {
                    td::keep_newest(state, &value);
                    Vec::new()
                }
                InputKind::CapacityProviders => {
                    admin::ask_capacity(state, target, &value);
                    Vec::new()
                }
            }
        }
        Some(Command::Complete) => {
            if kind == InputKind::Command {
                let options = completions(line.input.value());
                if let Some(first) = options.first() {
                    line.input = tui_input::Input::new(first.to_string());
                }
            }
            Vec::new()
        }
        _ => {
            if let Some(request) = input_request(&key) {
                line.input.handle(request);
            }
            if kind == InputKind::Filter {
                let value = line.input.value().to_string();
                set_filter(state, value);
            }
            Vec::new()
        }
    }
}

/// Editing keys for the one-line inputs (readline-style).
fn input_request(key: &KeyEvent) -> Option<InputRequest> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    Some(match key.code {
        KeyCode::Char('a') if ctrl => InputRequest::GoToStart,
        KeyCode::Char('e') if ctrl => InputRequest::GoToEnd,
        KeyCode::Char('w') if ctrl => InputRequest::DeletePrevWord,
        KeyCode::Char('u') if ctrl => InputRequest::DeleteLine,
        KeyCode::Char(_) if ctrl => return None,
        KeyCode::Char(c) => InputRequest::InsertChar(c),
        KeyCode::Backspace => InputRequest::DeletePrevChar,
        KeyCode::Delete => InputRequest::DeleteNextChar,
        KeyCode::Left => InputRequest::GoToPrevChar,
        KeyCode::Right => InputRequest::GoToNextChar,
        KeyCode::Home => InputRequest::GoToStart,
        KeyCode::End => InputRequest::GoToEnd,
        _ => return None,
    })
}

fn run_command_line(state: &mut State, line: &str) -> Vec<Effect> {
    let name = line.trim_start_matches(':').trim();
    let matches = completions(name);
    let command = if matches.contains(&name) {
        Some(name)
    } else if matches.len() == 1 && !name.is_empty() {
        matches.first().copied()
    } else {
        None
    };
    match command {
        Some("q") | Some("quit") => {
            state.should_quit = true;
            Vec::new()
        }
        Some("help") => {
            state.overlay = Some(Overlay::Help { scroll: 0 });
            Vec::new()
        }
        Some("clusters") => {
            state.routes = vec![Route::Clusters];
            load_current(state)
        }
        Some("namespaces") => {
            state.routes = vec![Route::Namespaces];
            load_current(state)
        }
        Some("taskdefs") => {
            state.routes = vec![Route::TaskDefFamilies];
            load_current(state)
        }
        _ if name.is_empty() => Vec::new(),
        _ => {
            let known: Vec<String> = crate::state::input::COMMANDS
                .iter()
                .map(|(n, _)| format!(":{n}"))
                .collect();
            state.set_status(
                Level::Error,
                format!("unknown command :{name} (try {})", known.join(", ")),
            );
            Vec::new()
        }
    }
}

#[cfg(test)]
#[path = "update_tests.rs"]
mod tests;
