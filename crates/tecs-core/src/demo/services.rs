//! Services and their running tasks. The emulator schedules nothing, so the demo starts the tasks
//! itself and ties them to their service the way ECS does: `group = service:<name>` and
//! `startedBy = <deployment id>`.

use aws_sdk_ecs::types::{
    AssignPublicIp, AwsVpcConfiguration, CapacityProviderStrategyItem, DeploymentConfiguration,
    LaunchType, NetworkConfiguration, PropagateTags,
};
use color_eyre::Result;
use color_eyre::eyre::{WrapErr, bail};

use super::clusters::{LEGACY, PROD, STAGING, tag};
use super::network::DefaultVpc;
use super::summary::{SeededService, SeededTask};
use super::task_definitions::{LEGACY_API, WEB, WIN_IIS, WORKER};

/// How a service's tasks get capacity.
#[derive(Debug, Clone, Copy)]
enum Capacity {
    /// Fargate launch type, awsvpc networking.
    Fargate { public_ip: bool },
    /// A Fargate capacity provider (e.g. FARGATE_SPOT), awsvpc networking.
    Provider(&'static str),
    /// EC2 container instances, no awsvpc (bridge / Windows default networking).
    Ec2,
}

struct Plan {
    cluster: &'static str,
    name: &'static str,
    task_definition: &'static str,
    desired: i32,
    capacity: Capacity,
}

/// Prod runs web:2 while staging already tries web:3, as a real rollout would.
const PLANS: &[Plan] = &[
    Plan {
        cluster: PROD,
        name: WEB,
        task_definition: "web:2",
        desired: 3,
        capacity: Capacity::Fargate { public_ip: false },
    },
    Plan {
        cluster: PROD,
        name: WORKER,
        task_definition: "worker:2",
        desired: 2,
        capacity: Capacity::Provider("FARGATE_SPOT"),
    },
    Plan {
        cluster: STAGING,
        name: WEB,
        task_definition: "web:3",
        desired: 1,
        capacity: Capacity::Fargate { public_ip: true },
    },
    Plan {
        cluster: LEGACY,
        name: LEGACY_API,
        task_definition: "legacy-api:2",
        desired: 2,
        capacity: Capacity::Ec2,
    },
    Plan {
        cluster: LEGACY,
        name: WIN_IIS,
        task_definition: "win-iis:2",
        desired: 1,
        capacity: Capacity::Ec2,
    },
];

/// Creates every demo service and starts its tasks; also one standalone task in prod.
/// The reason the demo's failed batch task stopped with (the stop-reason table explains it).
pub const STOPPED_REASON: &str = "Essential container in task exited";

/// The demo's services and their running tasks, and one stopped standalone task.
pub(crate) async fn create_services(
    ecs: &aws_sdk_ecs::Client,
    vpc: &DefaultVpc,
) -> Result<(Vec<SeededService>, Vec<SeededTask>, Vec<SeededTask>)> {
    let mut services = Vec::new();
    let mut tasks = Vec::new();
    for plan in PLANS {
        let (service, service_tasks) = create_service(ecs, vpc, plan).await?;
        services.push(service);
        tasks.extend(service_tasks);
    }
    // A one-off run of the worker image by an operator: a task that belongs to no service.
    tasks.extend(
        run_tasks(
            ecs,
            vpc,
            PROD,
            "worker:2",
            1,
            Capacity::Fargate { public_ip: false },
            None,
            "jdoe",
        )
        .await?,
    );
    // A nightly batch run that failed: a STOPPED task, so "why it stopped" has something to show.
    let stopped = run_tasks(
        ecs,
        vpc,
        PROD,
        "worker:2",
        1,
        Capacity::Fargate { public_ip: false },
        None,
        "nightly-batch",
    )
    .await?;
    for task in &stopped {
        ecs.stop_task()
            .cluster(PROD)
            .task(&task.task_arn)
            .reason(STOPPED_REASON)
            .send()
            .await
            .wrap_err("stopping the demo's failed batch task")?;
    }
    Ok((services, tasks, stopped))
}

async fn create_service(
    ecs: &aws_sdk_ecs::Client,
    vpc: &DefaultVpc,
    plan: &Plan,
) -> Result<(SeededService, Vec<SeededTask>)> {
    let mut request = ecs
        .create_service()
        .cluster(plan.cluster)
        .service_name(plan.name)
        .task_definition(plan.task_definition)
        .desired_count(plan.desired)
        .deployment_configuration(
            DeploymentConfiguration::builder()
                .minimum_healthy_percent(100)
                .maximum_percent(200)
                .build(),
        )
        .enable_ecs_managed_tags(true)
        .propagate_tags(PropagateTags::Service)
        .tags(tag("service", plan.name))
        .set_network_configuration(network(vpc, plan.capacity)?);
    request = match plan.capacity {
        Capacity::Fargate { .. } => request
            .launch_type(LaunchType::Fargate)
            .platform_version("LATEST"),
        Capacity::Provider(provider) => request
            .capacity_provider_strategy(strategy(provider)?)
            .platform_version("LATEST"),
        Capacity::Ec2 => request.launch_type(LaunchType::Ec2),
    };
    let created = request
        .send()
        .await
        .wrap_err_with(|| format!("creating service {}/{}", plan.cluster, plan.name))?;
    // Tasks started by a service carry its deployment id in startedBy, as in ECS.
    let deployment_id = created
        .service()
        .and_then(|s| s.deployments().first())
        .and_then(|d| d.id())
        .unwrap_or("ecs-svc/0000000000000000000")
        .to_string();

    // The emulator only copies desiredCount into runningCount on update.
    ecs.update_service()
        .cluster(plan.cluster)
        .service(plan.name)
        .desired_count(plan.desired)
        .send()
        .await
        .wrap_err_with(|| format!("scaling service {}/{}", plan.cluster, plan.name))?;

    let tasks = run_tasks(
        ecs,
        vpc,
        plan.cluster,
        plan.task_definition,
        plan.desired,
        plan.capacity,
        Some(plan.name),
        &deployment_id,
    )
    .await?;
    let service = SeededService {
        cluster: plan.cluster.to_string(),
        name: plan.name.to_string(),
        task_definition: plan.task_definition.to_string(),
        desired_count: plan.desired,
    };
    Ok((service, tasks))
}

#[allow(clippy::too_many_arguments)] // one call site per kind of task; a struct would only rename them
async fn run_tasks(
    ecs: &aws_sdk_ecs::Client,
    vpc: &DefaultVpc,
    cluster: &str,
    task_definition: &str,
    count: i32,
    capacity: Capacity,
    service: Option<&str>,
    started_by: &str,
) -> Result<Vec<SeededTask>> {
    let mut request = ecs
        .run_task()
        .cluster(cluster)
        .task_definition(task_definition)
        .count(count)
        .started_by(started_by)
        .enable_ecs_managed_tags(true)
        .set_network_configuration(network(vpc, capacity)?);
    if let Some(service) = service {
        request = request.group(format!("service:{service}"));
    }
    request = match capacity {
        Capacity::Fargate { .. } => request
            .launch_type(LaunchType::Fargate)
            .platform_version("1.4.0"),
        Capacity::Provider(provider) => request
            .capacity_provider_strategy(strategy(provider)?)
            .platform_version("1.4.0"),
        Capacity::Ec2 => request.launch_type(LaunchType::Ec2),
    };
    let out = request
        .send()
        .await
        .wrap_err_with(|| format!("running {count} x {task_definition} in {cluster}"))?;
    if let Some(failure) = out.failures().first() {
        bail!(
            "running {task_definition} in {cluster}: {} ({})",
            failure.reason().unwrap_or("unknown reason"),
            failure.arn().unwrap_or_default()
        );
    }
    // The emulator silently places fewer tasks than asked when EC2 capacity (or a host port) runs out.
    if out.tasks().len() != count as usize {
        bail!(
            "asked for {count} x {task_definition} in {cluster}, got {}",
            out.tasks().len()
        );
    }
    Ok(out
        .tasks()
        .iter()
        .filter_map(|t| t.task_arn())
        .map(|arn| SeededTask {
            cluster: cluster.to_string(),
            task_arn: arn.to_string(),
            task_id: arn.rsplit('/').next().unwrap_or(arn).to_string(),
            task_definition: task_definition.to_string(),
            service: service.map(str::to_string),
        })
        .collect())
}

/// awsvpc configuration for Fargate tasks: two subnets of the default VPC and its default group.
fn network(vpc: &DefaultVpc, capacity: Capacity) -> Result<Option<NetworkConfiguration>> {
    let public_ip = match capacity {
        Capacity::Fargate { public_ip } => public_ip,
        Capacity::Provider(_) => false,
        Capacity::Ec2 => return Ok(None),
    };
    let awsvpc = AwsVpcConfiguration::builder()
        .set_subnets(Some(vpc.subnets.iter().take(2).cloned().collect()))
        .security_groups(&vpc.security_group)
        .assign_public_ip(if public_ip {
            AssignPublicIp::Enabled
        } else {
            AssignPublicIp::Disabled
        })
        .build()?;
    Ok(Some(
        NetworkConfiguration::builder()
            .awsvpc_configuration(awsvpc)
            .build(),
    ))
}

fn strategy(provider: &str) -> Result<CapacityProviderStrategyItem> {
    Ok(CapacityProviderStrategyItem::builder()
        .capacity_provider(provider)
        .weight(1)
        .build()?)
}
