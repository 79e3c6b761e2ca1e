//! The demo account, seeded in dependency order: network and roles, namespaces, clusters and their
//! capacity, task definitions, services and tasks, then the tasks' logs.

use color_eyre::Result;
use color_eyre::eyre::WrapErr;

use super::clusters::{LEGACY, create_clusters};
use super::container_instances::register_instances;
use super::iam::ensure_roles;
use super::logs::{create_groups, seed_streams, streams_for};
use super::namespaces::create_namespaces;
use super::network::default_vpc;
use super::services::create_services;
use super::summary::SeedSummary;
use super::task_definitions::{Context, register_all};
use crate::aws::Clients;

/// Seeds a realistic demo account. Meant for a fresh (emulator) account: run twice, it fails on
/// task definition revision numbers rather than creating a muddle.
pub async fn seed_demo(clients: &Clients) -> Result<SeedSummary> {
    let region = if clients.region.is_empty() {
        "us-east-1".to_string()
    } else {
        clients.region.clone()
    };

    let vpc = default_vpc(&clients.ec2).await?;
    let roles = ensure_roles(&clients.iam).await?;
    let namespaces = create_namespaces(&clients.discovery, &vpc.vpc_id).await?;

    let clusters = create_clusters(&clients.ecs, &namespaces.http.arn).await?;
    let subnet = vpc.subnets.first().map(String::as_str).unwrap_or_default();
    let container_instances =
        register_instances(&clients.ec2, &clients.ecs, LEGACY, subnet, &region).await?;

    let ctx = Context {
        roles: &roles,
        region: &region,
    };
    let families = register_all(&clients.ecs, &ctx)
        .await
        .wrap_err("registering the demo task definitions")?;

    let (services, tasks, stopped_tasks) = create_services(&clients.ecs, &vpc).await?;

    create_groups(&clients.logs, &families).await?;
    let log_streams = streams_for(&tasks, &families);
    let log_events = seed_streams(&clients.logs, &log_streams).await?;

    Ok(SeedSummary {
        account_id: roles.account_id.clone(),
        region,
        clusters,
        namespaces: [&namespaces.http, &namespaces.dns]
            .iter()
            .map(|n| format!("{} ({})", n.name, n.kind))
            .collect(),
        families: families.iter().map(|f| f.family.clone()).collect(),
        revisions: families.iter().map(|f| f.revisions.len()).sum(),
        inactive_revisions: families
            .iter()
            .flat_map(|f| {
                f.revisions
                    .iter()
                    .filter(|(_, active)| !active)
                    .map(|(rev, _)| format!("{}:{rev}", f.family))
            })
            .collect(),
        container_instances: container_instances.len(),
        services,
        tasks,
        stopped_tasks,
        log_streams,
        log_events,
    })
}
