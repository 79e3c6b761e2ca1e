//! Automatic refresh: each screen's own timer (a ticket it owns), backoff after transient failures.

use std::time::Duration;

use crate::effect::{Effect, ScreenId, Ticket};
use crate::state::State;

use super::router;

/// Longest wait between retries of a failing load.
const MAX_BACKOFF: Duration = Duration::from_secs(120);
/// First retry after a transient failure.
const FIRST_BACKOFF: Duration = Duration::from_secs(2);

/// 2 s, 4 s, 8 s ... capped at two minutes.
pub fn backoff(failures: u32) -> Duration {
    let exp = failures.saturating_sub(1).min(16);
    FIRST_BACKOFF.saturating_mul(1u32 << exp).min(MAX_BACKOFF)
}

/// A screen's timer fired: reload it if the timer is still its current one and the screen is on
/// top. A screen under another reloads when it is revealed, which also schedules its next refresh.
pub fn due(state: &mut State, id: ScreenId, ticket: Ticket) -> Vec<Effect> {
    let on_top = state.routes.top().id == id;
    let Some(entry) = state.routes.get_mut(id) else {
        return Vec::new();
    };
    if entry.timer != Some(ticket.id) {
        return Vec::new();
    }
    entry.timer = None;
    if !on_top {
        return Vec::new();
    }
    router::reload(state, id)
}
