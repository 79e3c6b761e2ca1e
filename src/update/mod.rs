//! The pure heart of tecs: `update(&mut State, Action) -> Vec<Effect>`. No I/O, no awaiting;
//! effects are returned as data for the runner. This entry point only routes: keys to the keyboard's
//! owner, outcomes to the screen that owns their ticket.

pub mod confirm;
pub mod guard;
pub mod input_line;
pub mod keys;
pub mod refresh;
pub mod router;
pub mod switch;

use crate::action::Action;
use crate::effect::{Effect, Job, Owner};
use crate::screens::Nav;
use crate::screens::Route;
use crate::screens::cluster_detail::ClusterDetailScreen;
use crate::screens::quick_deregister::QuickDeregisterScreen;
use crate::state::State;

/// The first effects: who am I, and the first screen's data. `open_cluster` is `--cluster NAME`.
pub fn init(state: &mut State, open_cluster: Option<&str>) -> Vec<Effect> {
    let mut effects = load_identity(state);
    match open_cluster {
        Some(name) => {
            let root = state.routes.top().id;
            let page = Route::ClusterDetail(Box::new(ClusterDetailScreen::named(name)));
            effects.extend(router::navigate(state, root, Nav::Push(page)));
        }
        None => effects.extend(router::with_top(state, |s, cx| s.load(cx))),
    }
    effects
}

/// The first effects of `tecs deregister family:rev…`.
pub fn init_deregister(state: &mut State, targets: Vec<String>) -> Vec<Effect> {
    let mut effects = load_identity(state);
    let root = state.routes.top().id;
    let quick = Route::QuickDeregister(Box::new(QuickDeregisterScreen::new(targets)));
    effects.extend(router::navigate(state, root, Nav::Replace(quick)));
    effects
}

/// Asks who the credentials belong to (the header's account).
pub fn load_identity(state: &mut State) -> Vec<Effect> {
    let ticket = state.app.ticket(Owner::App);
    state.app.identity.start(ticket, state.app.now);
    vec![Effect::Run {
        ticket,
        job: Job::Identity,
    }]
}

/// Applies one action.
pub fn update(state: &mut State, action: Action) -> Vec<Effect> {
    match action {
        Action::Key(key) => {
            state.app.dirty = true;
            if crate::state::too_small(state.app.size) {
                // Nothing but the notice is on screen: only quitting is safe.
                return keys::on_key_too_small(state, key);
            }
            // A terminal sends Esc and a key typed right after it as one Alt+key. tecs binds
            // nothing to Alt, so that is what it was: Esc, then the key.
            if key.modifiers.contains(crossterm::event::KeyModifiers::ALT)
                && matches!(key.code, crossterm::event::KeyCode::Char(_))
            {
                let esc = crossterm::event::KeyEvent::new(
                    crossterm::event::KeyCode::Esc,
                    crossterm::event::KeyModifiers::NONE,
                );
                let plain = crossterm::event::KeyEvent::new(
                    key.code,
                    key.modifiers
                        .difference(crossterm::event::KeyModifiers::ALT),
                );
                let dialog_before = state.app.overlay.is_some();
                let mut effects = keys::on_key(state, esc);
                // Esc may itself ask something (discard a changed form?): the key typed after
                // it was not an answer to a question not yet on screen.
                if !dialog_before && state.app.overlay.is_some() {
                    return effects;
                }
                effects.extend(update(state, Action::Key(plain)));
                return effects;
            }
            keys::on_key(state, key)
        }
        Action::Resize(w, h) => {
            state.app.size = (w, h);
            state.app.dirty = true;
            Vec::new()
        }
        Action::Tick => {
            if state.is_loading() {
                state.app.dirty = true;
            }
            Vec::new()
        }
        Action::Terminate => {
            state.app.should_quit = true;
            Vec::new()
        }
        Action::Done { ticket, outcome } => router::deliver(state, ticket, outcome),
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_context;
#[cfg(test)]
mod tests_tree;
