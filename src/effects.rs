//! Runs effects: each on its own tokio task, answering with an Action on the channel. The read-only
//! switch is enforced here, in one place, for every mutating effect.

use tokio::sync::mpsc::UnboundedSender;

use crate::action::{Action, Effect};
use crate::aws::Clients;
use crate::aws::errors::AwsError;
use crate::aws::{clusters, identity, namespaces, task_definitions};

/// Spawns effects against the AWS clients.
#[derive(Debug, Clone)]
pub struct EffectRunner {
    clients: Clients,
    tx: UnboundedSender<Action>,
    read_only: bool,
    profile: Option<String>,
}

impl EffectRunner {
    pub fn new(
        clients: Clients,
        tx: UnboundedSender<Action>,
        read_only: bool,
        profile: Option<String>,
    ) -> Self {
        Self {
            clients,
            tx,
            read_only,
            profile,
        }
    }

    /// Starts every effect; never blocks.
    pub fn run_all(&self, effects: Vec<Effect>) {
        for effect in effects {
            self.run(effect);
        }
    }

    fn run(&self, effect: Effect) {
        if effect.is_mutating() && self.read_only {
            tracing::info!(?effect, "blocked by --read-only");
            let _ = self.tx.send(Action::MutationBlocked {
                what: effect.describe(),
            });
            return;
        }
        tracing::debug!(?effect, "effect");
        let tx = self.tx.clone();
        let clients = self.clients.clone();
        let profile = self.profile.clone();
        let fix = move |e: AwsError| e.with_profile(profile.as_deref());
        match effect {
            Effect::LoadIdentity { request } => {
                tokio::spawn(async move {
                    let result = identity::caller_identity(&clients.sts).await.map_err(fix);
                    let _ = tx.send(Action::IdentityLoaded { request, result });
                });
            }
            Effect::LoadClusters { request } => {
                tokio::spawn(async move {
                    let result = clusters::load_clusters(&clients.ecs).await.map_err(fix);
                    if let Err(e) = &result {
                        tracing::warn!(error = %e, "clusters failed");
                    }
                    let _ = tx.send(Action::ClustersLoaded { request, result });
                });
            }
            Effect::LoadCluster { request, cluster } => {
                tokio::spawn(async move {
                    let result = clusters::describe_cluster(&clients.ecs, &cluster)
                        .await
                        .map(Box::new)
                        .map_err(fix);
                    let _ = tx.send(Action::ClusterLoaded { request, result });
                });
            }
            Effect::LoadServices { request, cluster } => {
                tokio::spawn(async move {
                    let result = clusters::load_services(&clients.ecs, &cluster)
                        .await
                        .map_err(fix);
                    let _ = tx.send(Action::ServicesLoaded { request, result });
                });
            }
            Effect::LoadNamespaces { request } => {
                tokio::spawn(async move {
                    let result = namespaces::load_namespaces(&clients.discovery)
                        .await
                        .map_err(fix);
                    let _ = tx.send(Action::NamespacesLoaded { request, result });
                });
            }
            Effect::LoadNamespaceServices {
                request,
                namespace_id,
            } => {
                tokio::spawn(async move {
                    let result =
                        namespaces::load_namespace_services(&clients.discovery, &namespace_id)
                            .await
                            .map_err(fix);
                    let _ = tx.send(Action::NamespaceServicesLoaded { request, result });
                });
            }
            Effect::LoadNamespaceEcsServices {
                request,
                namespace,
                cluster_arns,
            } => {
                tokio::spawn(async move {
                    let result = namespaces::ecs_services_in_namespace(
                        &clients.ecs,
                        &namespace,
                        &cluster_arns,
                    )
                    .await
                    .map_err(fix);
                    let _ = tx.send(Action::NamespaceEcsServicesLoaded { request, result });
                });
            }
            Effect::LoadFamilies {
                request,
                status,
                prefix,
            } => {
                tokio::spawn(async move {
                    let result =
                        task_definitions::list_families(&clients.ecs, status, prefix.as_deref())
                            .await
                            .map_err(fix);
                    let _ = tx.send(Action::FamiliesLoaded { request, result });
                });
            }
            Effect::LoadRevisions { request, family } => {
                tokio::spawn(async move {
                    let result = task_definitions::list_revisions(&clients.ecs, &family)
                        .await
                        .map_err(fix);
                    let _ = tx.send(Action::RevisionsLoaded { request, result });
                });
            }
            Effect::DescribeTaskDefs { arns } => {
                tokio::spawn(async move {
                    let results = task_definitions::describe_many(&clients.ecs, arns).await;
                    let results = results
                        .into_iter()
                        .map(|(a, r)| (a, r.map_err(&fix)))
                        .collect();
                    let _ = tx.send(Action::TaskDefsDescribed { results });
                });
            }
            Effect::DeregisterTaskDefs { arns } => {
                tokio::spawn(async move {
                    let results = task_definitions::deregister(&clients.ecs, &arns).await;
                    let results = results
                        .into_iter()
                        .map(|(a, r)| (a, r.map_err(&fix)))
                        .collect();
                    let _ = tx.send(Action::Deregistered { results });
                });
            }
            Effect::DeleteTaskDefs { arns } => {
                tokio::spawn(async move {
                    let results = task_definitions::delete(&clients.ecs, &arns).await;
                    let results = results
                        .into_iter()
                        .map(|(a, r)| (a, r.map_err(&fix)))
                        .collect();
                    let _ = tx.send(Action::Deleted { results });
                });
            }
            Effect::ScheduleRefresh { after, generation } => {
                tokio::spawn(async move {
                    tokio::time::sleep(after).await;
                    let _ = tx.send(Action::RefreshDue { generation });
                });
            }
        }
    }
}
