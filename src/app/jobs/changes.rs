//! Changes to an existing cluster or namespace.

use super::{Ctx, Reply};
use crate::aws::{cluster_admin, namespace_admin, read_back};
use crate::effect::{Change, Outcome};
use crate::model::namespace::OperationProgress;

pub async fn apply(c: &Ctx, change: Change, reply: &Reply) -> Outcome {
    let ecs = &c.clients.ecs;
    let what = change.describe();
    let result = match &change {
        Change::DeleteCluster { cluster } => {
            let r = cluster_admin::delete_cluster(ecs, cluster)
                .await
                .map(|_| ());
            read_back::settle(&what, r, || async {
                read_back::cluster_done(ecs, cluster, |c| c.status == "INACTIVE")
                    .await
                    .map(|c| c.map(|_| ()))
            })
            .await
            .map(|()| None)
        }
        Change::Insights { cluster, value } => {
            let r = cluster_admin::update_insights(ecs, cluster, *value)
                .await
                .map(|u| u.note);
            read_back::settle(&what, r, || async {
                read_back::cluster_done(ecs, cluster, |c| {
                    c.container_insights.as_deref() == Some(value.as_api())
                })
                .await
                .map(|c| c.map(|_| None))
            })
            .await
        }
        Change::DefaultNamespace { cluster, namespace } => {
            let r = cluster_admin::set_default_namespace(ecs, cluster, namespace.as_deref())
                .await
                .map(|u| u.note);
            read_back::settle(&what, r, || async {
                read_back::cluster_done(ecs, cluster, |c| {
                    // The cluster holds the namespace's ARN; tecs may have sent its name or ARN.
                    match (namespace.as_deref(), c.default_namespace.as_deref()) {
                        (None, None) => true,
                        (Some(want), Some(have)) => have == want || have.ends_with(want),
                        _ => false,
                    }
                })
                .await
                .map(|c| c.map(|_| None))
            })
            .await
        }
        Change::CapacityProviders {
            cluster,
            providers,
            strategy,
        } => {
            let r = cluster_admin::put_capacity_providers(ecs, cluster, providers, strategy)
                .await
                .map(|u| u.note);
            read_back::settle(&what, r, || async {
                read_back::cluster_done(ecs, cluster, |c| {
                    let mut have = c.capacity_providers.clone();
                    let mut want = providers.clone();
                    have.sort();
                    want.sort();
                    have == want && c.default_strategy == *strategy
                })
                .await
                .map(|c| c.map(|_| None))
            })
            .await
        }
        Change::DeleteNamespace { id, .. } => {
            // Progress goes to the status line while the operation runs.
            let mut report = |p: &OperationProgress| {
                reply.send(Outcome::Progress {
                    step: 1,
                    line: format!(
                        "deleting namespace {}: {} ({} polls, {:.0?})",
                        p.operation_id, p.status, p.polls, p.elapsed
                    ),
                });
            };
            let r = namespace_admin::delete_namespace(
                &c.clients.discovery,
                id,
                &namespace_admin::PollSchedule::CLOUD_MAP,
                &mut report,
            )
            .await
            .map(|_| ());
            read_back::settle(&what, r, || {
                read_back::namespace_deleted(&c.clients.discovery, id)
            })
            .await
            .map(|()| None)
        }
    };
    Outcome::Changed {
        change,
        result: c.fix(result),
    }
}
