//! The main loop — the only code that touches the terminal and tokio. Terminal events, job answers
//! and ticks become Actions; `update` turns them into effects; everything queued is drained before
//! the screen is drawn once, and only when something changed.

pub mod clients;
pub mod jobs;
pub mod runner;

use std::time::{Duration, Instant};

use crossterm::event::{Event, EventStream, KeyEventKind};
use futures::StreamExt;
use tokio::sync::mpsc;

use crate::action::Action;
use crate::aws::Clients;
use crate::effect::{Effect, Outcome};
use crate::keymap::Keymap;
use crate::state::{AppConfig, ExitReport, State};
use crate::{terminal_io, ui, update};
use runner::Runner;

/// Everything the console needs to start.
pub struct AppOptions {
    pub clients: Clients,
    pub config: AppConfig,
    pub keymap: Keymap,
    pub open_cluster: Option<String>,
    /// `tecs deregister family:rev…`: start in that confirmation.
    pub deregister: Option<Vec<String>>,
}

/// Runs the console until the operator quits or a signal arrives. The terminal is restored on return.
/// Returns what to print and the exit code when a screen left one (the quick deregister path).
pub async fn run(options: AppOptions) -> color_eyre::Result<Option<ExitReport>> {
    // A terminal that cannot be set up is an error to report, not a panic.
    let mut terminal = crate::terminal_io::init()?;
    let result = run_loop(&mut terminal, options).await;
    crate::terminal_io::close(terminal);
    result
}

/// Turns a terminal event into an action; `None` for events tecs ignores.
fn event_action(event: Option<Result<Event, std::io::Error>>) -> Option<Action> {
    match event {
        Some(Ok(Event::Key(key))) if key.kind != KeyEventKind::Release => Some(Action::Key(key)),
        Some(Ok(Event::Resize(w, h))) => Some(Action::Resize(w, h)),
        Some(Ok(_)) => None,
        // The terminal went away (SSH dropped): leave.
        Some(Err(_)) | None => Some(Action::Terminate),
    }
}

async fn run_loop(
    terminal: &mut ratatui::DefaultTerminal,
    options: AppOptions,
) -> color_eyre::Result<Option<ExitReport>> {
    let size = terminal.size()?;
    let (tx, mut rx) = mpsc::unbounded_channel::<Action>();
    spawn_signal_listener(tx.clone());
    let mut runner = Runner::new(
        options.clients,
        tx.clone(),
        options.config.read_only,
        options.config.profile.clone(),
        options.config.endpoint_url.clone(),
    );
    let notice = options.config.notice.clone();
    let mut state = State::new(options.config, options.keymap, (size.width, size.height));
    if let Some(notice) = notice {
        state.set_status(crate::state::Level::Error, notice);
    }
    let first = match options.deregister {
        Some(targets) => update::init_deregister(&mut state, targets),
        None => update::init(&mut state, options.open_cluster.as_deref()),
    };
    runner.run_all(first);

    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(Duration::from_millis(250));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        if state.app.dirty {
            state.app.now = Instant::now();
            terminal.draw(|frame| ui::render(frame, &state))?;
            state.app.dirty = false;
        }
        if state.app.should_quit {
            break;
        }
        let action = tokio::select! {
            event = events.next() => event_action(event),
            Some(action) = rx.recv() => Some(action),
            _ = tick.tick(), if state.is_loading() => Some(Action::Tick),
        };
        let mut effects = Vec::new();
        if let Some(action) = action {
            effects.extend(update::update(&mut state, action));
        }
        // Coalesce a burst (keys typed or pasted quickly, answers arriving together), then draw
        // once. Polled with this task's own waker: crossterm's EventStream keeps the first waker
        // it is given, so a no-op waker (`now_or_never`) would lose the next key's wake-up.
        loop {
            let next = tokio::select! {
                biased;
                Some(action) = rx.recv() => Some(Some(action)),
                event = events.next() => Some(event_action(event)),
                () = std::future::ready(()) => None,
            };
            match next {
                Some(Some(action)) => effects.extend(update::update(&mut state, action)),
                Some(None) => {}
                None => break,
            }
            if state.app.should_quit {
                break;
            }
        }
        let (local, remote): (Vec<Effect>, Vec<Effect>) =
            effects.into_iter().partition(Effect::needs_terminal);
        runner.run_all(remote);
        for effect in local {
            match effect {
                Effect::Clipboard { text } => terminal_io::copy_osc52(terminal, &text),
                Effect::EditText {
                    ticket,
                    family,
                    base_arn,
                    text,
                } => {
                    // The input reader must not compete with the editor for keystrokes.
                    drop(events);
                    let result = terminal_io::edit_suspended(terminal, &family, &text).await;
                    events = EventStream::new();
                    state.app.dirty = true;
                    let _ = tx.send(Action::Done {
                        ticket,
                        outcome: Outcome::Edited {
                            family,
                            base_arn,
                            result,
                        },
                    });
                }
                Effect::RunPlugin {
                    ticket,
                    program,
                    args,
                    what,
                } => {
                    drop(events);
                    let result =
                        terminal_io::run_plugin_suspended(terminal, &program, &args, &what).await;
                    events = EventStream::new();
                    state.app.dirty = true;
                    let _ = tx.send(Action::Done {
                        ticket,
                        outcome: Outcome::PluginEnded(result),
                    });
                }
                other => runner.run_all(vec![other]),
            }
        }
    }
    // Port forwarding sessions are closed, not left to idle out.
    runner.shutdown(Duration::from_secs(3)).await;
    Ok(state.app.exit.take())
}

/// SIGTERM, SIGHUP (a dropped SSH session) and SIGINT end the loop so the terminal is restored.
fn spawn_signal_listener(tx: mpsc::UnboundedSender<Action>) {
    use tokio::signal::unix::{SignalKind, signal};
    tokio::spawn(async move {
        let (Ok(mut term), Ok(mut hup), Ok(mut int)) = (
            signal(SignalKind::terminate()),
            signal(SignalKind::hangup()),
            signal(SignalKind::interrupt()),
        ) else {
            tracing::warn!("could not install signal handlers");
            return;
        };
        loop {
            tokio::select! {
                _ = term.recv() => tracing::info!("SIGTERM"),
                _ = hup.recv() => tracing::info!("SIGHUP"),
                _ = int.recv() => {
                    // Ctrl-C in an exec shell or the editor is theirs.
                    if crate::terminal_io::HANDED_OVER.load(std::sync::atomic::Ordering::SeqCst) {
                        continue;
                    }
                    tracing::info!("SIGINT");
                }
            }
            break;
        }
        let _ = tx.send(Action::Terminate);
    });
}
