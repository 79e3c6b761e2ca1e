//! Changes to an existing cluster or namespace.

use super::{Ctx, Reply};
use crate::aws::{cluster_admin, namespace_admin};
use crate::effect::{Change, Outcome};
use crate::model::namespace::OperationProgress;

pub async fn apply(c: &Ctx, change: Change, reply: &Reply) -> Outcome {
    let ecs = &c.clients.ecs;
    let result = match &change {
        Change::DeleteCluster { cluster } => cluster_admin::delete_cluster(ecs, cluster)
            .await
            .map(|_| None),
        Change::Insights { cluster, value } => cluster_admin::update_insights(ecs, cluster, *value)
            .await
            .map(|u| u.note),
        Change::DefaultNamespace { cluster, namespace } => {
            cluster_admin::set_default_namespace(ecs, cluster, namespace.as_deref())
                .await
                .map(|u| u.note)
        }
        Change::CapacityProviders {
            cluster,
            providers,
            strategy,
        } => cluster_admin::put_capacity_providers(ecs, cluster, providers, strategy)
            .await
            .map(|u| u.note),
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
            namespace_admin::delete_namespace(
                &c.clients.discovery,
                id,
                &namespace_admin::PollSchedule::CLOUD_MAP,
                &mut report,
            )
            .await
            .map(|_| None)
        }
    };
    Outcome::Changed {
        change,
        result: c.fix(result),
    }
}
