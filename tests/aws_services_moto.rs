//! Services and the create-service wizard's lookups against the emulator: a Fargate service's
//! life (create → list → describe → scale → delete) in a fresh cluster, the default VPC's
//! subnets and security groups, target groups, and a service's autoscaling target.
//!
//! moto 5.2.5 drops deploymentConfiguration, enableExecuteCommand and
//! serviceConnectConfiguration on create, never rolls deployments, has no events, ignores
//! pagination and keeps deleted services listed as INACTIVE: the mock tests in
//! `crates/tecs-core/src/aws/services_tests.rs` and `service_admin_tests.rs` cover those paths.
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

mod common;

use aws_sdk_ecs::types::{Compatibility, ContainerDefinition, NetworkMode, PortMapping};
use common::moto::fresh_clients;
use tecs::aws::Clients;
use tecs::aws::namespace_admin::list_vpcs;
use tecs::aws::network::{list_security_groups, list_subnets, list_target_groups};
use tecs::aws::service_admin::{
    create_service, create_service_request, delete_service, update_service,
};
use tecs::aws::services::{describe_service, list_services, service_autoscaling};
use tecs::model::ErrorKind;
use tecs::model::service::{NetworkConfig, NewService, ServiceUpdate};

/// A Fargate definition: awsvpc, task-level size, and container memory (moto's RunTask needs it).
async fn register_fargate(clients: &Clients, family: &str) -> String {
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
                .name("app")
                .image("nginx:1.27")
                .memory(512)
                .port_mappings(PortMapping::builder().container_port(80).build())
                .build(),
        )
        .send()
        .await
        .expect("register")
        .task_definition()
        .and_then(|t| t.task_definition_arn())
        .expect("arn")
        .to_string()
}

async fn create_cluster(clients: &Clients, name: &str) {
    clients
        .ecs
        .create_cluster()
        .cluster_name(name)
        .send()
        .await
        .expect("create cluster");
}

/// The default VPC's first two subnets and its `default` security group, found through tecs's own
/// lookups.
async fn default_network(clients: &Clients) -> (String, NetworkConfig) {
    let vpcs = list_vpcs(&clients.ec2).await.expect("vpcs");
    let vpc = vpcs.iter().find(|v| v.is_default).expect("a default VPC");
    let subnets = list_subnets(&clients.ec2, Some(&vpc.id))
        .await
        .expect("subnets");
    let groups = list_security_groups(&clients.ec2, Some(&vpc.id))
        .await
        .expect("security groups");
    let network = NetworkConfig {
        subnets: subnets.iter().take(2).map(|s| s.id.clone()).collect(),
        security_groups: vec![groups.first().expect("default group").id.clone()],
        assign_public_ip: Some("DISABLED".to_string()),
    };
    (vpc.id.clone(), network)
}

fn web_spec(network: NetworkConfig) -> NewService {
    NewService {
        cluster: "shop".into(),
        name: "web".into(),
        task_definition: "web:1".into(),
        desired_count: 2,
        launch_type: Some("FARGATE".into()),
        capacity_provider_strategy: Vec::new(),
        network: Some(network),
        load_balancer: None,
        service_connect: None,
        minimum_healthy_percent: 100,
        maximum_percent: 200,
        circuit_breaker: true,
        rollback: true,
        enable_execute_command: false,
        tags: vec![("team".into(), "web".into())],
    }
}

#[tokio::test]
async fn a_fargate_service_is_created_listed_described_scaled_and_deleted() {
    let (_account, clients) = fresh_clients();
    create_cluster(&clients, "shop").await;
    let td = register_fargate(&clients, "web").await;
    let (_vpc, network) = default_network(&clients).await;
    let spec = web_spec(network.clone());
    assert_eq!(
        create_service_request(&spec)["networkConfiguration"]["awsvpcConfiguration"]["subnets"],
        serde_json::json!(network.subnets)
    );

    let created = create_service(&clients.ecs, &spec).await.expect("create");
    assert_eq!(created.name, "web");
    assert_eq!(created.status, "ACTIVE");
    assert_eq!(created.desired, 2);
    assert_eq!(created.task_definition, td);

    // A second service, so the list has something to sort.
    let api = NewService {
        name: "api".into(),
        desired_count: 1,
        ..spec.clone()
    };
    create_service(&clients.ecs, &api)
        .await
        .expect("create api");

    let listed = list_services(&clients.ecs, "shop").await.expect("list");
    let names: Vec<&str> = listed.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["api", "web"]);

    let web = describe_service(&clients.ecs, "shop", "web")
        .await
        .expect("describe");
    assert_eq!(web.launch_type, "FARGATE");
    assert_eq!(web.revision_label(), "web:1");
    assert_eq!(web.network, Some(network.clone()));
    assert_eq!(web.tags, [("team".to_string(), "web".to_string())]);
    assert_eq!(web.deployment_controller, "ECS");
    assert_eq!(web.scheduling_strategy, "REPLICA");
    let primary = web.primary().expect("the PRIMARY deployment");
    assert_eq!(primary.task_definition, td);
    assert_eq!(primary.desired, 2);
    assert!(primary.created_at.is_some());
    assert_eq!(web.json.value()["serviceName"], "web");
    assert_eq!(web.json.value()["deployments"][0]["status"], "PRIMARY");
    assert_eq!(
        web.json.value()["networkConfiguration"]["awsvpcConfiguration"]["assignPublicIp"],
        "DISABLED"
    );

    let scaled = update_service(
        &clients.ecs,
        &ServiceUpdate {
            cluster: "shop".into(),
            service: "web".into(),
            desired_count: Some(4),
            ..ServiceUpdate::default()
        },
    )
    .await
    .expect("scale");
    assert_eq!(scaled.desired, 4);
    let web = describe_service(&clients.ecs, "shop", "web")
        .await
        .expect("describe after scaling");
    assert_eq!(web.desired, 4);
    assert_eq!(
        web.revision_label(),
        "web:1",
        "scaling left the task definition alone"
    );

    // moto refuses DeleteService without force while desired > 0, as AWS does: delete_service
    // scales to 0 first.
    let deleted = delete_service(&clients.ecs, "shop", "web")
        .await
        .expect("delete");
    assert_eq!(deleted.status, "INACTIVE");
    assert_eq!(deleted.desired, 0);
    let web = describe_service(&clients.ecs, "shop", "web")
        .await
        .expect("deleted services stay visible");
    assert_eq!(web.status, "INACTIVE");
}

#[tokio::test]
async fn a_missing_service_is_not_found() {
    let (_account, clients) = fresh_clients();
    create_cluster(&clients, "shop").await;
    let err = describe_service(&clients.ecs, "shop", "nope")
        .await
        .expect_err("missing");
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert!(
        list_services(&clients.ecs, "shop")
            .await
            .expect("list")
            .is_empty()
    );
}

#[tokio::test]
async fn the_default_vpc_has_subnets_in_every_zone_and_a_default_security_group() {
    let (_account, clients) = fresh_clients();
    let vpcs = list_vpcs(&clients.ec2).await.expect("vpcs");
    let vpc = vpcs.iter().find(|v| v.is_default).expect("default VPC");

    let subnets = list_subnets(&clients.ec2, Some(&vpc.id))
        .await
        .expect("subnets");
    assert_eq!(subnets.len(), 6, "moto's default VPC: one subnet per zone");
    assert!(subnets.iter().all(|s| s.vpc_id == vpc.id));
    assert!(subnets.iter().all(|s| s.default_for_az));
    assert!(subnets.iter().all(|s| s.cidr.starts_with("172.31.")));
    assert!(
        subnets
            .windows(2)
            .all(|w| w[0].availability_zone <= w[1].availability_zone)
    );
    assert!(subnets[0].available_ips.is_some_and(|n| n > 0));
    assert!(subnets[0].label().starts_with(&subnets[0].id));

    let all = list_subnets(&clients.ec2, None).await.expect("all subnets");
    assert!(all.len() >= subnets.len());

    let groups = list_security_groups(&clients.ec2, Some(&vpc.id))
        .await
        .expect("groups");
    assert_eq!(groups[0].name, "default", "default first: {groups:?}");
    assert_eq!(groups[0].vpc_id, vpc.id);
    assert!(groups[0].id.starts_with("sg-"));
}

#[tokio::test]
async fn target_groups_created_through_the_sdk_are_listed() {
    let (_account, clients) = fresh_clients();
    let vpcs = list_vpcs(&clients.ec2).await.expect("vpcs");
    let vpc = vpcs.iter().find(|v| v.is_default).expect("default VPC");
    assert!(
        list_target_groups(&clients.elbv2)
            .await
            .expect("none yet")
            .is_empty()
    );
    for (name, port) in [("web-tg", 80), ("api-tg", 8080)] {
        clients
            .elbv2
            .create_target_group()
            .name(name)
            .protocol("HTTP".into())
            .port(port)
            .vpc_id(&vpc.id)
            .target_type("ip".into())
            .send()
            .await
            .expect("create target group");
    }

    let groups = list_target_groups(&clients.elbv2).await.expect("list");

    let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["api-tg", "web-tg"]);
    let web = &groups[1];
    assert!(web.arn.contains(":targetgroup/web-tg/"), "{}", web.arn);
    assert_eq!(web.port, Some(80));
    assert_eq!(web.protocol.as_deref(), Some("HTTP"));
    assert_eq!(web.target_type.as_deref(), Some("ip"));
    assert_eq!(web.vpc_id.as_deref(), Some(vpc.id.as_str()));
    assert!(web.load_balancer_arns.is_empty());
    assert!(web.label().contains("no load balancer"), "{}", web.label());
}

#[tokio::test]
async fn a_services_autoscaling_target_is_read() {
    let (_account, clients) = fresh_clients();
    create_cluster(&clients, "shop").await;
    register_fargate(&clients, "web").await;
    let (_vpc, network) = default_network(&clients).await;
    create_service(&clients.ecs, &web_spec(network))
        .await
        .expect("create");
    assert_eq!(
        service_autoscaling(&clients.aas, "shop", "web")
            .await
            .expect("no target yet"),
        None
    );

    clients
        .aas
        .register_scalable_target()
        .service_namespace("ecs".into())
        .resource_id("service/shop/web")
        .scalable_dimension("ecs:service:DesiredCount".into())
        .min_capacity(2)
        .max_capacity(8)
        .send()
        .await
        .expect("register target");
    let scaling = service_autoscaling(&clients.aas, "shop", "web")
        .await
        .expect("read")
        .expect("a target");
    assert_eq!((scaling.min, scaling.max), (Some(2), Some(8)));
    // A policy needs the autoscaling crate's types, which the app crate does not depend on;
    // the policy lines are covered by services_tests.rs.
    assert!(scaling.policies.is_empty(), "{:?}", scaling.policies);
}
