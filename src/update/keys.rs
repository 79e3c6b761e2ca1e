//! A key press, to whoever owns the keyboard ([`crate::keymap::layer`]); on a screen, its command.
//! The app's own commands (quit, back, help, `:`) are handled here; movement, filter and sort act
//! on the screen's table or page; everything else is the screen's.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::{confirm, input_line, router};
use crate::effect::Effect;
use crate::keymap::{Command, Context, FormCommand, Layer, is_app_command, layer};
use crate::screens::{Nav, Route};
use crate::state::{InputKind, InputLine, Level, Overlay, State};

pub fn on_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    // Ctrl-C leaves from anywhere, whatever owns the keyboard.
    if key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL) {
        state.app.should_quit = true;
        return Vec::new();
    }
    let keys = state.route().screen().keys();
    match layer(&state.app, keys) {
        Layer::Confirm => confirm::on_key(state, key),
        Layer::Help => {
            on_help_key(state, key);
            Vec::new()
        }
        Layer::Input => input_line::on_key(state, key),
        Layer::Form if state.app.keymap.lookup_form(&key) == Some(FormCommand::Help) => {
            state.app.overlay = Some(Overlay::Help { scroll: 0 });
            Vec::new()
        }
        Layer::Form => router::with_top(state, |screen, cx| screen.on_key(key, cx)),
        Layer::Screen(contexts) => {
            let screen = state.route().screen();
            let command = state.app.keymap.lookup_for(contexts, &key, |c| {
                is_app_command(c) || crate::screens::supports(screen, c, &state.shared)
            });
            match command {
                Some(command) => run_command(state, command),
                None => {
                    unbound(state, &key);
                    Vec::new()
                }
            }
        }
    }
}

/// A letter, digit or function key bound to nothing on this screen says so, rather than
/// nothing: the operator pressed it for a reason. Keys with no meaning of their own (Esc, Tab on
/// a list, arrows past the end) stay quiet.
fn unbound(state: &mut State, key: &KeyEvent) {
    if !matches!(key.code, KeyCode::Char(_) | KeyCode::F(_))
        || key.modifiers.contains(KeyModifiers::ALT)
    {
        return;
    }
    // An error still on the status line is worth more than this.
    if state
        .app
        .status
        .as_ref()
        .is_some_and(|s| s.level == Level::Error)
    {
        return;
    }
    let label = crate::keymap::Key::from_event(key).label();
    state.set_status(
        Level::Info,
        format!("{label} does nothing here (? lists this screen's keys)"),
    );
}

/// The terminal is below the minimum size and only the notice is drawn: `q` and Ctrl-C quit (as
/// they would anywhere), every other key is ignored, so nothing unseen is confirmed or changed.
pub fn on_key_too_small(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let ctrl_c = key.code == KeyCode::Char('c') && key.modifiers.contains(KeyModifiers::CONTROL);
    let q =
        key.code == KeyCode::Char('q') && key.modifiers.difference(KeyModifiers::SHIFT).is_empty();
    if ctrl_c || q {
        state.app.should_quit = true;
    }
    Vec::new()
}

fn on_help_key(state: &mut State, key: KeyEvent) {
    let command = state.app.keymap.lookup(&[Context::Help], &key);
    let Some(Overlay::Help { scroll }) = state.app.overlay.as_mut() else {
        return;
    };
    match command {
        Some(Command::Close) => state.app.overlay = None,
        Some(Command::Down) => *scroll = scroll.saturating_add(1),
        Some(Command::Up) => *scroll = scroll.saturating_sub(1),
        Some(Command::PageDown) => *scroll = scroll.saturating_add(10),
        Some(Command::PageUp) => *scroll = scroll.saturating_sub(10),
        _ => {}
    }
}

/// A command on the screen on top.
pub fn run_command(state: &mut State, command: Command) -> Vec<Effect> {
    state.app.status = state.app.status.take().filter(|s| s.level == Level::Error);
    if is_app_command(command) {
        return app_command(state, command);
    }
    let top = state.routes.top();
    let screen = top.route.screen();
    if !crate::screens::supports(screen, command, &state.shared) {
        // Say so, rather than nothing: the operator pressed it for a reason.
        let text = screen.why_not(command, &state.shared).unwrap_or_else(|| {
            let what = state.app.keymap.desc_for(command).unwrap_or("that key");
            format!("{what}: not available on this screen (? lists the keys that are)")
        });
        state.set_status(Level::Info, text);
        return Vec::new();
    }
    let id = top.id;
    if command == Command::ConsoleUrl {
        return console_url(state, id);
    }
    if command == Command::Refresh {
        return router::refresh(state, id);
    }
    let moving = matches!(
        command,
        Command::Up
            | Command::Down
            | Command::PageUp
            | Command::PageDown
            | Command::Top
            | Command::Bottom
    );
    let entry = state.routes.top_mut();
    let screen = entry.route.screen_mut();
    if let Some(table) = screen.table_mut() {
        match command {
            Command::Filter => {
                let previous = table.filter().to_string();
                state.app.input = Some(InputLine::new(InputKind::Filter, previous, None, Some(id)));
                return Vec::new();
            }
            Command::SortNext => table.sort_next(),
            Command::SortReverse => table.sort_reverse(),
            Command::Up => table.move_by(-1),
            Command::Down => table.move_by(1),
            Command::PageUp => table.page(false),
            Command::PageDown => table.page(true),
            Command::Top => table.jump(false),
            Command::Bottom => table.jump(true),
            _ => return router::with_top(state, |screen, cx| screen.on_command(command, cx)),
        }
        if moving {
            return router::with_top(state, |screen, cx| screen.on_moved(cx));
        }
        return Vec::new();
    }
    if moving && let Some(scroll) = screen.scroll() {
        match command {
            Command::Up => scroll.by(-1),
            Command::Down => scroll.by(1),
            Command::PageUp => scroll.page(false),
            Command::PageDown => scroll.page(true),
            Command::Top => scroll.jump(false),
            _ => scroll.jump(true),
        }
        return Vec::new();
    }
    router::with_top(state, |screen, cx| screen.on_command(command, cx))
}

/// Quit, back, help and the command line: the same on every screen.
fn app_command(state: &mut State, command: Command) -> Vec<Effect> {
    match command {
        Command::Quit | Command::ForceQuit => state.app.should_quit = true,
        Command::Back => return go_back(state),
        Command::Help => state.app.overlay = Some(Overlay::Help { scroll: 0 }),
        Command::CommandLine => {
            state.app.input = Some(InputLine::new(
                InputKind::Command,
                String::new(),
                None,
                None,
            ))
        }
        _ => {}
    }
    Vec::new()
}

/// Esc: what the screen does with it first (a prefix to clear), else close the top screen; on a
/// view opened with `:`, go to the cluster list; on the cluster list itself, clear the filter.
fn go_back(state: &mut State) -> Vec<Effect> {
    let top = state.routes.top().id;
    // A filtered list clears its filter first, on every screen (as "esc clears the filter"
    // says); the next Esc goes back.
    if let Some(table) = state.routes.top_mut().route.screen_mut().table_mut()
        && !table.filter().is_empty()
    {
        table.set_filter(String::new());
        return Vec::new();
    }
    let mut used = false;
    let effects = router::with_screen(state, top, |screen, cx| used = screen.on_back(cx));
    if used {
        return effects;
    }
    if state.routes.len() > 1 {
        return router::navigate(state, top, Nav::Close);
    }
    // A view opened with `:` is the root of its stack: back from it is the cluster list, where
    // tecs starts.
    if !matches!(
        state.route(),
        Route::Clusters(_) | Route::QuickDeregister(_)
    ) {
        return router::navigate(state, top, Nav::Replace(Route::clusters()));
    }
    Vec::new()
}

/// `o`: the AWS console URL of what the screen shows, copied with OSC 52 and shown whole on a
/// page of its own (a bastion has no browser, and a terminal may not pass OSC 52 on).
fn console_url(state: &mut State, id: crate::effect::ScreenId) -> Vec<Effect> {
    use crate::domain::console_url::console_url;
    let Some(target) = state.route().screen().console_target(&state.shared) else {
        return Vec::new();
    };
    let url = console_url(&state.app.config.region, &target);
    let what = target.describe();
    let text = format!(
        "The AWS console page of {what}:\n\n{url}\n\nCopied to the clipboard (OSC 52):\npaste it into a browser on your machine.\nIf your terminal does not pass OSC 52 on,\nselect the address above (it is cut at\nthe width, nothing added)."
    );
    let page = crate::screens::text_page::TextPage::copyable(
        format!("console URL · {what}"),
        &text,
        Some(url.clone()),
    );
    let mut effects = vec![Effect::Clipboard { text: url }];
    effects.extend(router::navigate(
        state,
        id,
        Nav::Push(Route::Text(Box::new(page))),
    ));
    state.set_status(
        Level::Info,
        format!("copied the console URL of {what} (OSC 52)"),
    );
    effects
}
