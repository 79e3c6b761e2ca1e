//! The one-line inputs: the `/` filter (applied as it is typed), the `:` command line (with Tab
//! completion), and the lines a screen opens (family prefix, search, a number, capacity providers).

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tui_input::InputRequest;

use super::router;
use crate::effect::{Effect, ScreenId};
use crate::keymap::{Command, Context};
use crate::screens::container_instances::ContainerInstancesScreen;
use crate::screens::namespaces::NamespacesScreen;
use crate::screens::overview::OverviewScreen;
use crate::screens::profiles::ProfilesScreen;
use crate::screens::regions::RegionsScreen;
use crate::screens::services::ServicesScreen;
use crate::screens::tasks::TasksScreen;
use crate::screens::{Nav, Route};
use crate::state::input::{COMMANDS, complete_line, completions};
use crate::state::{InputKind, Level, Overlay, State};
use crate::update::switch::SwitchTarget;

pub fn on_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let command = state.app.keymap.lookup(&[Context::Input], &key);
    let Some(line) = state.app.input.as_mut() else {
        return Vec::new();
    };
    let kind = line.kind;
    let owner = line.owner;
    match command {
        Some(Command::Cancel) => {
            let previous = line.previous.clone();
            state.app.input = None;
            if kind == InputKind::Filter {
                set_filter(state, owner, previous);
            }
            Vec::new()
        }
        Some(Command::Submit) => {
            let typed = line.input.value().to_string();
            let value = typed.trim().to_string();
            let target = line.target.clone();
            state.app.input = None;
            // The last message was about what came before; this answer gets its own line.
            state.app.status = None;
            match (kind, owner) {
                (InputKind::Filter, _) => {
                    set_filter(state, owner, value);
                    Vec::new()
                }
                (InputKind::Command, _) => {
                    let effects = run_command_line(state, &value);
                    // A refused command line opens again with what was typed, as prompts do.
                    keep_refused_input(state, kind, typed, None, owner);
                    effects
                }
                (_, Some(id)) => {
                    let effects = router::with_screen(state, id, |screen, cx| {
                        screen.on_input(kind, &value, target.clone(), cx)
                    });
                    keep_refused_input(state, kind, typed, target, Some(id));
                    effects
                }
                (_, None) => Vec::new(),
            }
        }
        Some(Command::Complete) => {
            if kind == InputKind::Command {
                // Tab again moves on to the next candidate of what was typed before the first Tab.
                let typed = line
                    .completing
                    .get_or_insert_with(|| line.input.value().to_string())
                    .clone();
                let names = state.shared.cluster_names();
                let options = complete_line(&typed, &names);
                let next = options
                    .iter()
                    .position(|o| o == line.input.value())
                    .map_or(0, |i| (i + 1) % options.len());
                if let (Some(option), Some(line)) = (options.get(next), state.app.input.as_mut()) {
                    line.input = tui_input::Input::new(option.clone());
                }
            }
            Vec::new()
        }
        // F1 opens help from any line (where `?` is text), e.g. to read a refusal whole.
        _ if key.code == KeyCode::F(1)
            || (key.code == KeyCode::Char('?')
                && key.modifiers.difference(KeyModifiers::SHIFT).is_empty()
                && !kind.takes_question_mark()) =>
        {
            state.app.overlay = Some(Overlay::Help { scroll: 0 });
            Vec::new()
        }
        _ => {
            if let Some(request) = input_request(&key) {
                line.input.handle(request);
                line.completing = None;
            }
            if kind == InputKind::Filter {
                let value = line.input.value().to_string();
                set_filter(state, owner, value);
            }
            Vec::new()
        }
    }
}

/// Applies a filter to a screen's table as it is typed.
fn set_filter(state: &mut State, owner: Option<ScreenId>, filter: String) {
    let Some(id) = owner else {
        return;
    };
    if let Some(entry) = state.routes.get_mut(id)
        && let Some(table) = entry.route.screen_mut().table_mut()
    {
        table.set_filter(filter);
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

/// `:name [cluster]`: a view (replacing the stack), help, or quit. A unique prefix is enough.
/// `:services`, `:tasks` and `:instances` show the cluster last opened, or the one named.
fn run_command_line(state: &mut State, line: &str) -> Vec<Effect> {
    let line = line.trim_start_matches(':').trim();
    let (name, arg) = match line.split_once(char::is_whitespace) {
        Some((name, arg)) => (name, Some(arg.trim()).filter(|a| !a.is_empty())),
        None => (line, None),
    };
    let matches = completions(name);
    let command = if matches.contains(&name) {
        Some(name)
    } else if matches.len() == 1 && !name.is_empty() {
        matches.first().copied()
    } else {
        None
    };
    let view = match command {
        Some("q") | Some("quit") => {
            state.app.should_quit = true;
            return Vec::new();
        }
        Some("help") => {
            state.app.overlay = Some(Overlay::Help { scroll: 0 });
            return Vec::new();
        }
        Some("clusters") => Route::clusters(),
        Some(what @ ("profile" | "region")) => return switch_command(state, what, arg),
        Some("findings") => Route::Findings(Box::default()),
        Some("overview") => Route::Overview(Box::new(OverviewScreen::new(
            state.app.config.overview_regions.clone(),
            &state.app.config.region,
        ))),
        Some("namespaces") => Route::Namespaces(NamespacesScreen::default()),
        Some("taskdefs") => Route::Families(Box::default()),
        Some(view @ ("services" | "tasks" | "instances")) => {
            let Some(cluster) = arg
                .map(str::to_string)
                .or_else(|| state.app.current_cluster.clone())
            else {
                state.set_status(
                    Level::Error,
                    format!(
                        ":{view} shows the current cluster: open one first (enter on the cluster list), or type :{view} NAME"
                    ),
                );
                return Vec::new();
            };
            if let Some(problem) = cluster_arg_problem(state, &cluster) {
                state.set_status(Level::Error, format!(":{view} {cluster}: {problem}"));
                return Vec::new();
            }
            match view {
                "services" => Route::Services(Box::new(ServicesScreen::new(&cluster))),
                "tasks" => Route::Tasks(Box::new(TasksScreen::of_cluster(&cluster))),
                _ => Route::ContainerInstances(Box::new(ContainerInstancesScreen::new(&cluster))),
            }
        }
        _ if name.is_empty() => return Vec::new(),
        _ => {
            let known: Vec<String> = COMMANDS.iter().map(|(n, _)| format!(":{n}")).collect();
            state.set_status(
                Level::Error,
                format!("unknown command :{name} (try {})", known.join(", ")),
            );
            return Vec::new();
        }
    };
    let top = state.routes.top().id;
    router::navigate(state, top, Nav::Replace(view))
}

/// `:profile [NAME]` and `:region [CODE]`: with a name, switch; without, open the picker on top
/// of what is on screen (Esc comes back to it).
fn switch_command(state: &mut State, what: &str, arg: Option<&str>) -> Vec<Effect> {
    let top = state.routes.top().id;
    let Some(arg) = arg else {
        let picker = if what == "profile" {
            Route::Profiles(Box::new(ProfilesScreen::new(
                state.app.config.profile.clone(),
            )))
        } else {
            Route::Regions(Box::new(RegionsScreen::new(
                &state.app.config.region,
                &state.app.config.recent_regions,
            )))
        };
        return router::navigate(state, top, Nav::Push(picker));
    };
    if arg.split_whitespace().nth(1).is_some() {
        state.set_status(
            Level::Error,
            format!(":{what} takes one name (:{what} alone lists them)"),
        );
        return Vec::new();
    }
    let target = if what == "profile" {
        SwitchTarget {
            profile: Some(arg.to_string()),
            ..SwitchTarget::default()
        }
    } else {
        // Region codes are lower case everywhere in AWS: `EU-WEST-1` is a way of typing it.
        let code = arg.to_ascii_lowercase();
        if let Some(problem) = crate::domain::regions::region_code_problem(&code) {
            state.set_status(Level::Error, format!(":region {arg}: {problem}"));
            return Vec::new();
        }
        SwitchTarget {
            region: Some(code),
            ..SwitchTarget::default()
        }
    };
    router::navigate(state, top, Nav::Switch(target))
}

/// Why `cluster` cannot be the cluster a `:services`/`:tasks`/`:instances` line names: words
/// after the name, or a name the region's full cluster list does not have. An ARN, or a name
/// while the list is not (fully) loaded, is left for ECS to judge.
fn cluster_arg_problem(state: &State, cluster: &str) -> Option<String> {
    if cluster.split_whitespace().nth(1).is_some() {
        return Some("one cluster name, without spaces (cluster names have none)".to_string());
    }
    let list = &state.shared.clusters;
    // Only a whole answer can say a name is not there.
    let complete = list.data.is_some() && list.loaded_at.is_some() && !list.is_partial();
    let names = state.shared.cluster_names();
    (complete && !cluster.starts_with("arn:") && !names.contains(&cluster)).then(|| {
        "no cluster by that name in this region (Tab completes the names; r on the cluster list refreshes it)"
            .to_string()
    })
}

/// A prompt or command line whose answer was refused (an error says why) opens again with what
/// was typed, so a typo costs one correction, not the whole line. Nothing typed is lost.
fn keep_refused_input(
    state: &mut State,
    kind: InputKind,
    typed: String,
    target: Option<String>,
    owner: Option<ScreenId>,
) {
    let refused = state
        .app
        .status
        .as_ref()
        .is_some_and(|s| s.level == Level::Error);
    if refused && state.app.input.is_none() && state.app.overlay.is_none() {
        state.app.input = Some(crate::state::InputLine::new(kind, typed, target, owner));
    }
}
