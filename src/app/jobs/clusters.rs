//! Clusters, their services, the account, and what cluster changes need to know first.

use super::{Ctx, Reply};
use crate::aws::{cluster_admin, clusters, identity};
use crate::effect::Outcome;

pub async fn identity(c: &Ctx) -> Outcome {
    Outcome::Identity(c.fix(identity::caller_identity(&c.clients.sts).await))
}

pub async fn clusters(c: &Ctx, reply: &Reply) -> Outcome {
    let result = c.fix(
        clusters::load_clusters_progressively(&c.clients.ecs, |rows| {
            reply.send(Outcome::ClustersSoFar(rows.to_vec()));
        })
        .await,
    );
    if let Err(e) = &result {
        tracing::warn!(error = %e, "clusters failed");
    }
    Outcome::Clusters(result)
}

pub async fn cluster(c: &Ctx, cluster: &str) -> Outcome {
    let result = clusters::describe_cluster(&c.clients.ecs, cluster)
        .await
        .map(Box::new);
    Outcome::Cluster(c.fix(result))
}

pub async fn delete_precheck(c: &Ctx, cluster: String) -> Outcome {
    let result = c.fix(cluster_admin::delete_cluster_precheck(&c.clients.ecs, &cluster).await);
    Outcome::Precheck { cluster, result }
}

pub async fn auto_scaling_groups(c: &Ctx) -> Outcome {
    let result = cluster_admin::list_auto_scaling_groups(&c.clients.autoscaling).await;
    Outcome::AutoScalingGroups(c.fix(result))
}
