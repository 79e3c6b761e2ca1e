//! Tasks and container instances against the emulator: run a Fargate task and stop it with a
//! reason, find a service's tasks by their group, and read an EC2 cluster's container instances
//! before and after a task takes some of their capacity.
//!
//! moto 5.2.5 ignores ListTasks' serviceName and pagination, matches clusters as substrings,
//! and sets no task timestamps, health, exit codes or stop codes (the harness also freezes task
//! states, which would otherwise move on every DescribeTasks): the mock tests in
//! `crates/tecs-core/src/aws/tasks_tests.rs` cover those paths.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

mod common;

use aws_sdk_ec2::types::InstanceType;
use aws_sdk_ecs::types::{
    Compatibility, ContainerDefinition, LaunchType, NetworkMode, PortMapping,
};
use common::moto::{REGION, fresh_clients};
use tecs::aws::Clients;
use tecs::aws::container_instances::list_container_instances;
use tecs::aws::namespace_admin::list_vpcs;
use tecs::aws::network::{list_security_groups, list_subnets};
use tecs::aws::service_admin::{run_task, stop_task};
use tecs::aws::tasks::{describe_task, list_tasks};
use tecs::model::service::NetworkConfig;
use tecs::model::task::{DesiredStatus, NewTask};

async fn create_cluster(clients: &Clients, name: &str) {
    clients
        .ecs
        .create_cluster()
        .cluster_name(name)
        .send()
        .await
        .expect("create cluster");
}

/// A Fargate definition; moto's RunTask needs memory on every container.
async fn register_fargate(clients: &Clients, family: &str) {
    clients
        .ecs
        .register_task_definition()
        .family(family)
        .cpu("256")
        .memory("512")
        .network_mode(NetworkMode::Awsvpc)
        .requires_compatibilities(Compatibility::Fargate)
        .container_definitions(
            ContainerDefinition::builder()
                .name("worker")
                .image("python:3.13")
                .memory(512)
                .command("python")
                .build(),
        )
        .send()
        .await
        .expect("register");
}

async fn default_network(clients: &Clients) -> NetworkConfig {
    let vpcs = list_vpcs(&clients.ec2).await.expect("vpcs");
    let vpc = vpcs.iter().find(|v| v.is_default).expect("a default VPC");
    let subnets = list_subnets(&clients.ec2, Some(&vpc.id))
        .await
        .expect("subnets");
    let groups = list_security_groups(&clients.ec2, Some(&vpc.id))
        .await
        .expect("groups");
    NetworkConfig {
        subnets: vec![subnets.first().expect("a subnet").id.clone()],
        security_groups: vec![groups.first().expect("a group").id.clone()],
        assign_public_ip: Some("DISABLED".to_string()),
    }
}

fn job(cluster: &str, count: i32, network: NetworkConfig) -> NewTask {
    NewTask {
        cluster: cluster.into(),
        task_definition: "reindex".into(),
        count,
        launch_type: Some("FARGATE".into()),
        capacity_provider_strategy: Vec::new(),
        network: Some(network),
        command_override: Some((
            "worker".into(),
            vec!["python".into(), "-m".into(), "jobs.reindex".into()],
        )),
        started_by: Some("tecs/test".into()),
        enable_execute_command: false,
    }
}

#[tokio::test]
async fn a_task_is_run_stopped_with_a_reason_and_found_among_the_stopped() {
    let (_account, clients) = fresh_clients();
    create_cluster(&clients, "jobs").await;
    register_fargate(&clients, "reindex").await;
    let network = default_network(&clients).await;

    let (started, failures) = run_task(&clients.ecs, &job("jobs", 2, network))
        .await
        .expect("run");
    assert!(failures.is_empty(), "{failures:?}");
    assert_eq!(started.len(), 2);
    assert!(
        started
            .iter()
            .all(|t| t.started_by.as_deref() == Some("tecs/test"))
    );
    assert!(
        started
            .iter()
            .all(|t| t.launch_type.as_deref() == Some("FARGATE"))
    );
    assert!(
        started[0]
            .task_definition
            .ends_with("task-definition/reindex:1"),
        "{}",
        started[0].task_definition
    );
    assert_eq!(
        started[0].json.value()["overrides"]["containerOverrides"][0]["command"],
        serde_json::json!(["python", "-m", "jobs.reindex"])
    );

    let running = list_tasks(&clients.ecs, "jobs", None, DesiredStatus::Running)
        .await
        .expect("running");
    assert_eq!(running.len(), 2);
    let victim = started[0].arn.clone();
    let described = describe_task(&clients.ecs, "jobs", started[0].id())
        .await
        .expect("describe by id");
    assert_eq!(described.arn, victim);
    assert_eq!(described.containers[0].name, "worker");
    assert_eq!(described.desired_status, "RUNNING");

    let reason = "Stopped by jdoe: reindex stuck on shard 3";
    let stopped = stop_task(&clients.ecs, "jobs", &victim, reason)
        .await
        .expect("stop");
    assert_eq!(stopped.desired_status, "STOPPED");
    assert_eq!(stopped.stopped_reason.as_deref(), Some(reason));

    let stopped_list = list_tasks(&clients.ecs, "jobs", None, DesiredStatus::Stopped)
        .await
        .expect("stopped");
    let found = stopped_list
        .iter()
        .find(|t| t.arn == victim)
        .expect("the stopped task is listed");
    assert_eq!(found.stopped_reason.as_deref(), Some(reason));
    assert_eq!(found.last_status, "STOPPED");
    assert_eq!(found.json.value()["stoppedReason"], reason);

    let running = list_tasks(&clients.ecs, "jobs", None, DesiredStatus::Running)
        .await
        .expect("running after the stop");
    let arns: Vec<&str> = running.iter().map(|t| t.arn.as_str()).collect();
    assert_eq!(arns, [started[1].arn.as_str()]);
}

#[tokio::test]
async fn a_services_tasks_are_found_by_group_in_their_own_cluster_only() {
    let (_account, clients) = fresh_clients();
    create_cluster(&clients, "shop").await;
    // moto matches ListTasks' cluster as a substring: "shop" would also list this one's tasks.
    create_cluster(&clients, "shop-2").await;
    register_fargate(&clients, "reindex").await;
    let network = default_network(&clients).await;
    let vpc = aws_sdk_ecs::types::NetworkConfiguration::builder()
        .awsvpc_configuration(
            aws_sdk_ecs::types::AwsVpcConfiguration::builder()
                .set_subnets(Some(network.subnets.clone()))
                .set_security_groups(Some(network.security_groups.clone()))
                .build()
                .expect("awsvpc"),
        )
        .build();
    // Tasks the way ECS starts them for a service: group service:NAME, startedBy its deployment.
    for (cluster, group, count) in [
        ("shop", Some("service:web"), 2),
        ("shop", Some("service:api"), 1),
        ("shop", None, 1),
        ("shop-2", Some("service:web"), 1),
    ] {
        clients
            .ecs
            .run_task()
            .cluster(cluster)
            .task_definition("reindex")
            .count(count)
            .launch_type(LaunchType::Fargate)
            .set_group(group.map(str::to_string))
            .started_by("ecs-svc/1234")
            .network_configuration(vpc.clone())
            .send()
            .await
            .expect("run");
    }

    let web = list_tasks(&clients.ecs, "shop", Some("web"), DesiredStatus::Running)
        .await
        .expect("web's tasks");
    assert_eq!(
        web.len(),
        2,
        "{:?}",
        web.iter().map(|t| &t.arn).collect::<Vec<_>>()
    );
    assert!(web.iter().all(|t| t.service() == Some("web")));
    assert!(web.iter().all(|t| t.cluster_arn.ends_with(":cluster/shop")));

    let all = list_tasks(&clients.ecs, "shop", None, DesiredStatus::Running)
        .await
        .expect("all of shop");
    assert_eq!(all.len(), 4);
    assert_eq!(all.iter().filter(|t| t.service().is_none()).count(), 1);
}

const AMI: &str = "ami-0fe5a2b3c4d5e6f70";

#[tokio::test]
async fn container_instances_show_their_capacity_before_and_after_a_task() {
    let (_account, clients) = fresh_clients();
    create_cluster(&clients, "legacy").await;
    let network = default_network(&clients).await;
    let launched = clients
        .ec2
        .run_instances()
        .image_id(AMI)
        .instance_type(InstanceType::M5Large)
        .min_count(2)
        .max_count(2)
        .subnet_id(&network.subnets[0])
        .send()
        .await
        .expect("run instances");
    let mut instance_ids = Vec::new();
    for instance in launched.instances() {
        let id = instance.instance_id().expect("instance id").to_string();
        // What the ECS agent sends: the instance identity document.
        let document = serde_json::json!({
            "instanceId": id,
            "instanceType": "m5.large",
            "region": REGION,
            "availabilityZone": instance.placement().and_then(|p| p.availability_zone()),
            "imageId": AMI,
        });
        clients
            .ecs
            .register_container_instance()
            .cluster("legacy")
            .instance_identity_document(document.to_string())
            .send()
            .await
            .expect("register container instance");
        instance_ids.push(id);
    }
    instance_ids.sort();

    let instances = list_container_instances(&clients.ecs, "legacy")
        .await
        .expect("instances");
    let ids: Vec<&str> = instances
        .iter()
        .filter_map(|c| c.ec2_instance_id.as_deref())
        .collect();
    assert_eq!(ids, instance_ids, "sorted by EC2 instance id");
    let first = &instances[0];
    assert_eq!(first.status, "ACTIVE");
    assert!(first.agent_connected);
    assert!(first.registered_cpu.is_some_and(|c| c > 0), "{first:?}");
    assert!(first.registered_memory.is_some_and(|m| m > 0), "{first:?}");
    assert_eq!(first.remaining_cpu, first.registered_cpu);
    assert_eq!(first.remaining_memory, first.registered_memory);
    assert!(first.id().len() > 10, "{}", first.id());

    // An EC2 task takes 256 CPU units and 512 MiB from the instance it lands on.
    clients
        .ecs
        .register_task_definition()
        .family("api")
        .network_mode(NetworkMode::Bridge)
        .requires_compatibilities(Compatibility::Ec2)
        .container_definitions(
            ContainerDefinition::builder()
                .name("api")
                .image("api:1")
                .cpu(256)
                .memory(512)
                .port_mappings(PortMapping::builder().container_port(8080).build())
                .build(),
        )
        .send()
        .await
        .expect("register EC2 definition");
    let (started, failures) = run_task(
        &clients.ecs,
        &NewTask {
            cluster: "legacy".into(),
            task_definition: "api".into(),
            count: 1,
            launch_type: Some("EC2".into()),
            capacity_provider_strategy: Vec::new(),
            network: None,
            command_override: None,
            started_by: None,
            enable_execute_command: false,
        },
    )
    .await
    .expect("run on EC2");
    assert!(failures.is_empty(), "{failures:?}");
    let host = started[0]
        .container_instance_arn
        .clone()
        .expect("an EC2 task names its container instance");

    let after = list_container_instances(&clients.ecs, "legacy")
        .await
        .expect("instances after the task");
    let busy = after.iter().find(|c| c.arn == host).expect("the host");
    assert_eq!(
        busy.remaining_cpu,
        busy.registered_cpu.map(|c| c - 256),
        "{busy:?}"
    );
    assert_eq!(
        busy.remaining_memory,
        busy.registered_memory.map(|m| m - 512),
        "{busy:?}"
    );
}

/// The offline demo read through tecs's own layer: what the service, task and container
/// instance screens show when run against the seeded emulator.
#[tokio::test]
async fn the_demo_accounts_services_tasks_and_instances_read_back() {
    let (_account, clients) = fresh_clients();
    let summary = tecs::demo::seed_demo(&clients)
        .await
        .expect("seed the demo");

    for seeded in &summary.services {
        let services = tecs::aws::services::list_services(&clients.ecs, &seeded.cluster)
            .await
            .expect("services");
        let service = services
            .iter()
            .find(|s| s.name == seeded.name)
            .unwrap_or_else(|| panic!("{}/{} listed", seeded.cluster, seeded.name));
        assert_eq!(service.revision_label(), seeded.task_definition);
        assert_eq!(service.desired, seeded.desired_count);

        let tasks = list_tasks(
            &clients.ecs,
            &seeded.cluster,
            Some(&seeded.name),
            DesiredStatus::Running,
        )
        .await
        .expect("tasks");
        let expected = summary
            .tasks
            .iter()
            .filter(|t| t.cluster == seeded.cluster && t.service.as_deref() == Some(&seeded.name))
            .count();
        assert_eq!(tasks.len(), expected, "{}/{}", seeded.cluster, seeded.name);
    }

    let instances = list_container_instances(&clients.ecs, "legacy-ec2")
        .await
        .expect("instances");
    assert_eq!(instances.len(), summary.container_instances);
    assert!(instances.iter().any(|c| c.remaining_cpu < c.registered_cpu));
    assert!(
        list_container_instances(&clients.ecs, "prod-fargate")
            .await
            .expect("none on Fargate")
            .is_empty()
    );
}
