//! update() for the Cloud Map namespace screens.

use std::time::SystemTime;

use super::settle;
use crate::action::Effect;
use crate::aws::errors::AwsError;
use crate::model::namespace::{CloudMapService, Namespace};
use crate::state::namespaces::EcsServicesInNamespace;
use crate::state::{NamespaceDetailState, Route, State};

/// The list needs the clusters too (the DEFAULT FOR column), so both load together.
pub(super) fn load_list(state: &mut State) -> Vec<Effect> {
    let mut effects = Vec::new();
    if !state.namespaces.data.is_loading() {
        let id = state.request_id();
        state.namespaces.data.start(id, state.now);
        effects.push(Effect::LoadNamespaces { request: id });
    }
    if !state.clusters.data.is_loading() {
        let id = state.request_id();
        state.clusters.data.start(id, state.now);
        effects.push(Effect::LoadClusters { request: id });
    }
    effects
}

/// The detail's Cloud Map services and the ECS services attached (by the clusters we know).
pub(super) fn load_detail(state: &mut State) -> Vec<Effect> {
    let (services_id, ecs_id) = (state.request_id(), state.request_id());
    let now = state.now;
    let cluster_arns: Vec<String> = state
        .clusters
        .data
        .data
        .as_deref()
        .unwrap_or_default()
        .iter()
        .map(|c| c.arn.clone())
        .collect();
    let Some(Route::NamespaceDetail(d)) = state.routes.last_mut() else {
        return Vec::new();
    };
    let mut effects = Vec::new();
    if !d.services.is_loading() {
        d.services.start(services_id, now);
        effects.push(Effect::LoadNamespaceServices {
            request: services_id,
            namespace_id: d.namespace.id.clone(),
        });
    }
    if !d.ecs_services.is_loading() {
        d.ecs_services.start(ecs_id, now);
        effects.push(Effect::LoadNamespaceEcsServices {
            request: ecs_id,
            namespace: Box::new(d.namespace.clone()),
            cluster_arns,
        });
    }
    effects
}

pub(super) fn on_list_loaded(
    state: &mut State,
    request: u64,
    result: Result<Vec<Namespace>, AwsError>,
) -> Vec<Effect> {
    if !state
        .namespaces
        .data
        .finish(request, result, SystemTime::now())
    {
        return Vec::new();
    }
    state.dirty = true;
    let rows = state
        .namespaces
        .rows(state.clusters.data.data.as_deref().unwrap_or_default());
    state.namespaces.table.reconcile(&rows);
    let on_screen = matches!(state.route(), Route::Namespaces);
    let mut effects = super::create::after_namespaces(state);
    effects.extend(settle(state, state.namespaces.data.outcome(), on_screen));
    effects
}

pub(super) fn open_selected(state: &mut State) -> Vec<Effect> {
    let clusters = state.clusters.data.data.clone().unwrap_or_default();
    let Some(ns) = state.namespaces.selected(&clusters).cloned() else {
        return Vec::new();
    };
    state
        .routes
        .push(Route::NamespaceDetail(Box::new(NamespaceDetailState::new(
            ns,
        ))));
    load_detail(state)
}

fn on_detail(
    state: &mut State,
    apply: impl FnOnce(&mut NamespaceDetailState) -> bool,
) -> Vec<Effect> {
    let Some(Route::NamespaceDetail(d)) = state.routes.last_mut() else {
        return Vec::new();
    };
    if !apply(d) {
        return Vec::new();
    }
    let rows = d.rows();
    d.table.reconcile(&rows);
    let done = !d.services.is_loading() && !d.ecs_services.is_loading();
    let outcome = d.services.outcome().and(d.ecs_services.outcome());
    state.dirty = true;
    settle(state, outcome, done)
}

pub(super) fn on_services_loaded(
    state: &mut State,
    request: u64,
    result: Result<Vec<CloudMapService>, AwsError>,
) -> Vec<Effect> {
    on_detail(state, |d| {
        d.services.finish(request, result, SystemTime::now())
    })
}

pub(super) fn on_ecs_services_loaded(
    state: &mut State,
    request: u64,
    result: Result<EcsServicesInNamespace, AwsError>,
) -> Vec<Effect> {
    on_detail(state, |d| {
        d.ecs_services.finish(request, result, SystemTime::now())
    })
}
