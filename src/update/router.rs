//! Runs a screen's handler with its context, then applies what it asked for: effects out,
//! notices to every screen, navigation. Outcomes go to the screen that owns their ticket, or are
//! dropped when it has left; leaving a screen cancels its work.

use std::time::SystemTime;

use crate::effect::{Effect, Outcome, Owner, ScreenId, Ticket};
use crate::screens::{Cx, Entry, Nav, Outputs, Screen};
use crate::state::{Level, Overlay, State};

use super::refresh;

/// Runs `f` on screen `id` (if it is still on the stack) and applies what it asked for.
pub fn with_screen(
    state: &mut State,
    id: ScreenId,
    f: impl FnOnce(&mut dyn Screen, &mut Cx),
) -> Vec<Effect> {
    let mut out = Outputs::default();
    {
        let State {
            app,
            shared,
            routes,
        } = state;
        let on_top = routes.top().id == id;
        let Some(entry) = routes.get_mut(id) else {
            return Vec::new();
        };
        let Entry { id, timer, route } = entry;
        let mut cx = Cx::new(app, shared, *id, timer, &mut out, on_top);
        f(route.screen_mut(), &mut cx);
    }
    apply(state, id, out)
}

/// Runs `f` on the screen on top.
pub fn with_top(state: &mut State, f: impl FnOnce(&mut dyn Screen, &mut Cx)) -> Vec<Effect> {
    let id = state.routes.top().id;
    with_screen(state, id, f)
}

/// Effects go out; notices reach every screen (in stack order); then navigation happens.
fn apply(state: &mut State, from: ScreenId, out: Outputs) -> Vec<Effect> {
    let Outputs {
        mut effects,
        nav,
        notices,
    } = out;
    for notice in notices {
        for id in state.routes.ids() {
            effects.extend(with_screen(state, id, |screen, cx| {
                screen.on_notice(&notice, cx)
            }));
        }
    }
    for step in nav {
        effects.extend(navigate(state, from, step));
    }
    if !effects.is_empty() {
        state.app.dirty = true;
    }
    effects
}

/// One navigation step asked by screen `from`. A screen that opens loads; a screen revealed again
/// reloads (its data may be old, and that schedules its next refresh); a screen that leaves has
/// its work cancelled and its late answers dropped.
pub fn navigate(state: &mut State, from: ScreenId, nav: Nav) -> Vec<Effect> {
    state.app.dirty = true;
    let top_before = state.routes.top().id;
    let mut effects = Vec::new();
    match nav {
        Nav::Push(route) => {
            let id = ScreenId(state.app.next_id());
            state.routes.push(Entry::new(id, route));
            effects.extend(with_screen(state, id, |screen, cx| screen.load(cx)));
            return effects;
        }
        Nav::Replace(route) => {
            let id = ScreenId(state.app.next_id());
            for gone in state.routes.replace(Entry::new(id, route)) {
                effects.extend(left(state, gone));
            }
            effects.extend(with_screen(state, id, |screen, cx| screen.load(cx)));
            return effects;
        }
        Nav::Close => {
            if state.routes.remove(from) {
                effects.extend(left(state, from));
            }
        }
        Nav::Switch(target) => return super::switch::request(state, target),
    }
    let top = state.routes.top().id;
    if top != top_before {
        effects.extend(reload(state, top));
    }
    effects
}

/// Loads a screen again (revealed, `r`, its timer): a pending refresh timer is dropped — the load
/// schedules the next one when it settles — and the load replaces one in flight.
pub fn reload(state: &mut State, id: ScreenId) -> Vec<Effect> {
    let mut effects = Vec::new();
    if let Some(timer) = state.routes.get_mut(id).and_then(|e| e.timer.take()) {
        effects.push(Effect::CancelTicket(timer));
    }
    effects.extend(with_screen(state, id, |screen, cx| screen.load(cx)));
    effects
}

/// `r` on a screen: like [`reload`], with the screen's own refresh.
pub fn refresh(state: &mut State, id: ScreenId) -> Vec<Effect> {
    let mut effects = Vec::new();
    if let Some(timer) = state.routes.get_mut(id).and_then(|e| e.timer.take()) {
        effects.push(Effect::CancelTicket(timer));
    }
    effects.extend(with_screen(state, id, |screen, cx| screen.refresh(cx)));
    effects
}

/// A screen left the stack: cancel its work, forget its requests, close its dialog or input line.
fn left(state: &mut State, id: ScreenId) -> Vec<Effect> {
    let owner = Owner::Screen(id);
    state.shared.abandon(owner);
    if matches!(&state.app.overlay, Some(Overlay::Confirm(d)) if d.owner == Some(id)) {
        state.app.overlay = None;
    }
    if state
        .app
        .input
        .as_ref()
        .is_some_and(|l| l.owner == Some(id))
    {
        state.app.input = None;
    }
    vec![Effect::CancelOwner(owner)]
}

/// An outcome, to the owner of its ticket.
pub fn deliver(state: &mut State, ticket: Ticket, outcome: Outcome) -> Vec<Effect> {
    match ticket.owner {
        Owner::App => on_app_outcome(state, ticket, outcome),
        Owner::Screen(id) if !state.routes.contains(id) => {
            tracing::debug!(
                ticket = ticket.id,
                "outcome for a screen that has left: dropped"
            );
            Vec::new()
        }
        Owner::Screen(id) => match outcome {
            Outcome::RefreshDue => refresh::due(state, id, ticket),
            Outcome::Blocked { what } => {
                state.app.dirty = true;
                state.set_status(Level::Error, format!("read-only mode: refused to {what}"));
                Vec::new()
            }
            other => {
                // Whatever a screen does with an answer shows: a dialog it opens, rows, a status.
                state.app.dirty = true;
                with_screen(state, id, |screen, cx| screen.on_outcome(ticket, other, cx))
            }
        },
    }
}

/// Work the app itself owns: the account in the header. A failed lookup is retried with backoff
/// (its reason shows in the header meanwhile), so a late `aws sso login` or a link that comes back
/// fills it in.
fn on_app_outcome(state: &mut State, ticket: Ticket, outcome: Outcome) -> Vec<Effect> {
    match outcome {
        Outcome::Identity(result) => {
            if !state
                .app
                .identity
                .finish(ticket.id, result, SystemTime::now())
            {
                return Vec::new();
            }
            state.app.dirty = true;
            let ok = state.app.identity.error.is_none();
            let mut effects = super::switch::identity_answered(state, ok);
            if ok {
                return effects;
            }
            let after = super::refresh::backoff(state.app.identity.failures);
            let ticket = state.app.ticket(Owner::App);
            state.app.identity_timer = Some(ticket.id);
            effects.push(Effect::Run {
                ticket,
                job: crate::effect::Job::Sleep { after },
            });
            effects
        }
        Outcome::Switched(result) => super::switch::switched(state, ticket, result),
        Outcome::Remembered => Vec::new(),
        Outcome::RefreshDue if state.app.identity_timer == Some(ticket.id) => {
            state.app.identity_timer = None;
            super::load_identity(state)
        }
        Outcome::Blocked { what } => {
            state.app.dirty = true;
            state.set_status(Level::Error, format!("read-only mode: refused to {what}"));
            Vec::new()
        }
        other => {
            tracing::debug!(?other, "app outcome with no handler");
            Vec::new()
        }
    }
}
