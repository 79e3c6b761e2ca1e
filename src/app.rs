//! The main loop: terminal events, async results and ticks become Actions; `update` turns them into
//! effects; the screen is drawn once per burst, and only when something changed.

use std::time::{Duration, Instant};

use crossterm::event::{Event, EventStream, KeyEventKind};
use futures::StreamExt;
use tokio::sync::mpsc;

use crate::action::{Action, Effect};
use crate::aws::Clients;
use crate::effects::EffectRunner;
use crate::keymap::Keymap;
use crate::state::quick::QuickDeregister;
use crate::state::{AppConfig, State};
use crate::{terminal_io, ui, update};

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
/// Returns the quick-deregister outcome when started that way.
pub async fn run(options: AppOptions) -> color_eyre::Result<Option<QuickDeregister>> {
    let mut terminal = ratatui::init();
    let result = run_loop(&mut terminal, options).await;
    ratatui::restore();
    result
}

async fn run_loop(
    terminal: &mut ratatui::DefaultTerminal,
    options: AppOptions,
) -> color_eyre::Result<Option<QuickDeregister>> {
    let size = terminal.size()?;
    let (tx, mut rx) = mpsc::unbounded_channel::<Action>();
    spawn_signal_listener(tx.clone());
    let runner = EffectRunner::new(
        options.clients,
        tx.clone(),
        options.config.read_only,
        options.config.profile.clone(),
    );
    let mut state = State::new(options.config, options.keymap, (size.width, size.height));
    let first = match options.deregister {
        Some(targets) => update::init_deregister(&mut state, targets),
        None => update::init(&mut state, options.open_cluster.as_deref()),
    };
    runner.run_all(first);

    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(Duration::from_millis(250));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    loop {
        if state.dirty {
            state.now = Instant::now();
            terminal.draw(|frame| ui::render(frame, &state))?;
            state.dirty = false;
        }
        if state.should_quit {
            break;
        }
        let action = tokio::select! {
            event = events.next() => match event {
                Some(Ok(Event::Key(key))) if key.kind != KeyEventKind::Release => Some(Action::Key(key)),
                Some(Ok(Event::Resize(w, h))) => Some(Action::Resize(w, h)),
                Some(Ok(_)) => None,
                // The terminal went away (SSH dropped): leave.
                Some(Err(_)) | None => Some(Action::Terminate),
            },
            Some(action) = rx.recv() => Some(action),
            _ = tick.tick(), if state.is_loading() => Some(Action::Tick),
        };
        let mut effects = Vec::new();
        if let Some(action) = action {
            effects.extend(update::update(&mut state, action));
        }
        // Coalesce whatever else arrived, then draw once.
        while let Ok(action) = rx.try_recv() {
            effects.extend(update::update(&mut state, action));
        }
        let (local, remote): (Vec<Effect>, Vec<Effect>) =
            effects.into_iter().partition(Effect::needs_terminal);
        runner.run_all(remote);
        for effect in local {
            match effect {
                Effect::Clipboard { text } => terminal_io::copy_osc52(terminal, &text),
                Effect::EditText { family, text } => {
                    // The input reader must not compete with the editor for keystrokes.
                    drop(events);
                    let result = terminal_io::edit_suspended(terminal, &family, &text).await;
                    events = EventStream::new();
                    state.dirty = true;
                    let _ = tx.send(Action::EditorClosed { family, result });
                }
                other => runner.run_all(vec![other]),
            }
        }
    }
    Ok(state.quick)
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
        tokio::select! {
            _ = term.recv() => tracing::info!("SIGTERM"),
            _ = hup.recv() => tracing::info!("SIGHUP"),
            _ = int.recv() => tracing::info!("SIGINT"),
        }
        let _ = tx.send(Action::Terminate);
    });
}
