//! The demo's clusters: each shows a different combination of settings a console must render.

use aws_sdk_ecs::types::{
    CapacityProviderStrategyItem, ClusterServiceConnectDefaultsRequest, ClusterSetting,
    ClusterSettingName, Tag,
};
use color_eyre::Result;
use color_eyre::eyre::WrapErr;

pub(crate) const PROD: &str = "prod-fargate";
pub(crate) const STAGING: &str = "staging";
pub(crate) const LEGACY: &str = "legacy-ec2";
/// Small and empty on purpose: the console's "no services, no tasks" state.
pub(crate) const SANDBOX: &str = "sandbox";

/// Creates the four clusters; `http_namespace_arn` becomes staging's Service Connect default.
pub(crate) async fn create_clusters(
    ecs: &aws_sdk_ecs::Client,
    http_namespace_arn: &str,
) -> Result<Vec<String>> {
    // Fargate with Spot: one task always on on-demand Fargate (base 1), the rest 1:3 towards Spot.
    ecs.create_cluster()
        .cluster_name(PROD)
        .capacity_providers("FARGATE")
        .capacity_providers("FARGATE_SPOT")
        .default_capacity_provider_strategy(
            CapacityProviderStrategyItem::builder()
                .capacity_provider("FARGATE")
                .base(1)
                .weight(1)
                .build()?,
        )
        .default_capacity_provider_strategy(
            CapacityProviderStrategyItem::builder()
                .capacity_provider("FARGATE_SPOT")
                .weight(3)
                .build()?,
        )
        .settings(insights("enabled"))
        .tags(tag("environment", "production"))
        .tags(tag("team", "platform"))
        .tags(tag("cost-center", "cc-1042"))
        .send()
        .await
        .wrap_err_with(|| format!("creating cluster {PROD}"))?;

    ecs.create_cluster()
        .cluster_name(STAGING)
        .capacity_providers("FARGATE")
        .settings(insights("disabled"))
        .service_connect_defaults(
            ClusterServiceConnectDefaultsRequest::builder()
                .namespace(http_namespace_arn)
                .build()?,
        )
        .tags(tag("environment", "staging"))
        .tags(tag("team", "platform"))
        .send()
        .await
        .wrap_err_with(|| format!("creating cluster {STAGING}"))?;

    // EC2-backed: no Fargate capacity providers; its container instances are registered separately.
    ecs.create_cluster()
        .cluster_name(LEGACY)
        .settings(insights("disabled"))
        .tags(tag("environment", "production"))
        .tags(tag("team", "legacy"))
        .send()
        .await
        .wrap_err_with(|| format!("creating cluster {LEGACY}"))?;

    // No settings at all: the console must cope with a cluster that reports none.
    ecs.create_cluster()
        .cluster_name(SANDBOX)
        .tags(tag("environment", "dev"))
        .tags(tag("owner", "jdoe"))
        .send()
        .await
        .wrap_err_with(|| format!("creating cluster {SANDBOX}"))?;

    Ok([PROD, STAGING, LEGACY, SANDBOX].map(String::from).to_vec())
}

fn insights(value: &str) -> ClusterSetting {
    ClusterSetting::builder()
        .name(ClusterSettingName::ContainerInsights)
        .value(value)
        .build()
}

pub(crate) fn tag(key: &str, value: &str) -> Tag {
    Tag::builder().key(key).value(value).build()
}
