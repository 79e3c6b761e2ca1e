//! Many clusters at once, for benchmarks and pagination-sized lists.

use aws_sdk_ecs::types::{ClusterSetting, ClusterSettingName};
use color_eyre::Result;
use color_eyre::eyre::WrapErr;
use futures::{StreamExt, TryStreamExt};

use super::clusters::tag;
use crate::aws::Clients;

/// Requests in flight at once: fast against the emulator without flooding it (or ECS's
/// CreateCluster throttle, should this ever point at a real account).
const CONCURRENCY: usize = 16;

/// Creates `n` clusters named `<prefix>-0001`, `<prefix>-0002`, … and returns their names sorted.
/// Every third one has Container Insights enabled, so lists are not uniform.
pub async fn seed_clusters(clients: &Clients, n: usize, prefix: &str) -> Result<Vec<String>> {
    let mut names: Vec<String> = futures::stream::iter(1..=n)
        .map(|i| {
            let ecs = clients.ecs.clone();
            let name = format!("{prefix}-{i:04}");
            async move {
                let insights = if i % 3 == 0 { "enabled" } else { "disabled" };
                ecs.create_cluster()
                    .cluster_name(&name)
                    .settings(
                        ClusterSetting::builder()
                            .name(ClusterSettingName::ContainerInsights)
                            .value(insights)
                            .build(),
                    )
                    .tags(tag("purpose", "bulk"))
                    .send()
                    .await
                    .wrap_err_with(|| format!("creating cluster {name}"))?;
                Ok::<String, color_eyre::Report>(name)
            }
        })
        .buffer_unordered(CONCURRENCY)
        .try_collect()
        .await?;
    names.sort();
    Ok(names)
}
