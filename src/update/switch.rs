//! Switching profile or region without restarting (`:profile`, `:region`, Enter on the
//! overview): new clients are built off the UI path, then every screen's work is cancelled, the
//! caches of the old account and region are dropped and the cluster list loads again. Until the
//! new clients are ready nothing changes, and a switch that fails leaves everything as it was.

use crate::effect::{Effect, Job, Owner, Switched, Ticket};
use crate::keymap::Keys;
use crate::screens::cluster_detail::ClusterDetailScreen;
use crate::screens::{Nav, Route};
use crate::state::{Level, Loadable, Shared, State};

use super::router;

/// Where to switch to.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SwitchTarget {
    /// `None`: keep the current profile.
    pub profile: Option<String>,
    /// `None`: a new profile's own region, else the current one.
    pub region: Option<String>,
    /// Open this cluster's page once switched (the overview's Enter).
    pub open_cluster: Option<String>,
}

/// A switch whose clients are being built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Switching {
    pub ticket: u64,
    pub target: SwitchTarget,
}

/// Starts a switch. Refused while a form is open (switching replaces every screen, and what was
/// typed would be lost); a switch already under way is replaced.
pub fn request(state: &mut State, target: SwitchTarget) -> Vec<Effect> {
    if let Some(name) = open_form(state) {
        state.set_status(
            Level::Error,
            format!(
                "finish or close {name} first (Esc): switching replaces every screen, and what was typed would be lost"
            ),
        );
        return Vec::new();
    }
    let mut effects = Vec::new();
    if let Some(old) = state.app.switching.take() {
        effects.push(Effect::CancelTicket(old.ticket));
    }
    let ticket = state.app.ticket(Owner::App);
    let what = match (&target.profile, &target.region) {
        (Some(p), Some(r)) => format!("profile {p} in {r}"),
        (Some(p), None) => format!("profile {p}"),
        (None, Some(r)) => format!("region {r}"),
        (None, None) => "the same profile and region".to_string(),
    };
    state.set_status(Level::Info, format!("switching to {what}…"));
    effects.push(Effect::Run {
        ticket,
        job: Job::Switch {
            profile: target.profile.clone(),
            region: target.region.clone(),
        },
    });
    state.app.switching = Some(Switching {
        ticket: ticket.id,
        target,
    });
    effects
}

/// The new clients are ready (or could not be built): take them, or say why nothing changed.
pub fn switched(
    state: &mut State,
    ticket: Ticket,
    result: Result<Switched, String>,
) -> Vec<Effect> {
    let Some(switching) = state.app.switching.take_if(|s| s.ticket == ticket.id) else {
        return Vec::new();
    };
    state.app.dirty = true;
    // A form opened while the clients were built would be replaced: keep it, and the old
    // clients with it.
    if let Some(name) = open_form(state) {
        state.set_status(
            Level::Error,
            format!(
                "the switch was not made: {name} was opened meanwhile; finish or close it (Esc), then switch again"
            ),
        );
        return Vec::new();
    }
    let switched = match result {
        Ok(s) => s,
        Err(why) => {
            let now = where_now(state);
            state.set_status(
                Level::Error,
                format!("could not switch: {why}. Nothing changed: still {now}"),
            );
            return Vec::new();
        }
    };
    let warning = switched.warning.clone();
    let mut effects = vec![Effect::UseClients {
        clients: switched.clients,
        profile: switched.profile.clone(),
    }];
    if let Some(timer) = state.app.identity_timer.take() {
        effects.push(Effect::CancelTicket(timer));
    }
    state.app.remember = Some((switched.profile.clone(), switched.region.clone()));
    // Drafts belong to the account and region they were written in: put aside, and back when
    // the operator switches back (a draft registered elsewhere would be another account's).
    let before = (
        state.app.config.profile.clone(),
        state.app.config.region.clone(),
    );
    let mut drafts = std::mem::take(&mut state.shared.drafts);
    // Its screen's register call was cancelled with the screen.
    for d in drafts.values_mut() {
        d.submitting = false;
    }
    let kept = drafts.len();
    if kept > 0 {
        state.app.stashed_drafts.insert(before, drafts);
    }
    state.app.config.profile = switched.profile;
    state.app.config.region = switched.region;
    state.app.config.recent_regions = switched.recent_regions;
    state.app.current_cluster = None;
    let here = (
        state.app.config.profile.clone(),
        state.app.config.region.clone(),
    );
    // The lists and descriptions were the old account's or region's.
    state.shared = Shared {
        drafts: state.app.stashed_drafts.remove(&here).unwrap_or_default(),
        ..Shared::default()
    };
    state.app.identity = Loadable::default();
    effects.extend(super::load_identity(state));
    let top = state.routes.top().id;
    effects.extend(router::navigate(
        state,
        top,
        Nav::Replace(Route::clusters()),
    ));
    if let Some(cluster) = switching.target.open_cluster {
        let root = state.routes.top().id;
        let page = Route::ClusterDetail(Box::new(ClusterDetailScreen::named(&cluster)));
        effects.extend(router::navigate(state, root, Nav::Push(page)));
    }
    let now = where_now(state);
    let unknown = if crate::domain::regions::known(&state.app.config.region).is_none() {
        format!(
            " ({} is not a Region tecs knows: if it is a typo, :region lists them)",
            state.app.config.region
        )
    } else {
        String::new()
    };
    let aside = if kept > 0 {
        format!("; {kept} draft(s) of the previous one kept for when you switch back")
    } else {
        String::new()
    };
    state.set_status(
        Level::Info,
        format!(
            "now {now}{unknown}{aside}; once the account answers, tecs starts here next time (--profile/--region or AWS_PROFILE/AWS_REGION override it)"
        ),
    );
    if let Some(warning) = warning {
        state.set_status(Level::Error, format!("now {now}, but {warning}"));
    }
    effects
}

/// The account answered after a switch: the switch is remembered. A failed lookup leaves the
/// previous choice as the next start's.
pub fn identity_answered(state: &mut State, ok: bool) -> Vec<Effect> {
    let Some((profile, region)) = state.app.remember.take() else {
        return Vec::new();
    };
    if !ok {
        return Vec::new();
    }
    let ticket = state.app.ticket(Owner::App);
    vec![Effect::Run {
        ticket,
        job: Job::Remember { profile, region },
    }]
}

/// The crumb of a form on the stack, if one is open.
fn open_form(state: &State) -> Option<String> {
    state
        .routes
        .iter()
        .find(|e| e.route.screen().keys() == Keys::Form)
        .map(|e| e.route.screen().crumb())
}

/// "profile prod in eu-west-1", for messages.
fn where_now(state: &State) -> String {
    let profile = state.app.config.profile.as_deref().unwrap_or("default");
    format!("profile {profile} in {}", state.app.config.region)
}
