//! The Cloud Map namespace calls against the emulator: namespaces, their services, the clusters
//! defaulting to them, and the ECS services attached (moto lacks ListServicesByNamespace, so the
//! fallback scan is what answers here).
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

mod common;

use std::time::Duration;

use aws_sdk_ec2::types::Filter;
use aws_sdk_ecs::types::{ClusterServiceConnectDefaultsRequest, ServiceConnectConfiguration};
use aws_sdk_servicediscovery::types::{OperationStatus, OperationTargetType};
use common::moto;
use tecs::aws::namespaces::{
    clusters_using, ecs_services_in_namespace, load_namespace_services, load_namespaces,
};
use tecs::model::namespace::{EcsServicesSource, NamespaceKind};

/// Cloud Map creates namespaces asynchronously: poll the operation until it succeeds and return
/// the namespace id it names. The emulator finishes at once; the loop is for correctness.
async fn wait_for_namespace(sd: &aws_sdk_servicediscovery::Client, operation_id: &str) -> String {
    for _ in 0..100 {
        let out = sd
            .get_operation()
            .operation_id(operation_id)
            .send()
            .await
            .expect("GetOperation");
        let op = out.operation().expect("operation");
        match op.status() {
            Some(OperationStatus::Success) => {
                return op
                    .targets()
                    .and_then(|t| t.get(&OperationTargetType::Namespace))
                    .cloned()
                    .expect("the operation names its namespace");
            }
            Some(OperationStatus::Fail) => panic!("operation failed: {:?}", op.error_message()),
            _ => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
    panic!("operation {operation_id} never succeeded");
}

#[tokio::test]
async fn namespaces_services_and_attached_ecs_services() {
    let (_account, clients) = moto::fresh_clients();
    let sd = &clients.discovery;

    let vpcs = clients
        .ec2
        .describe_vpcs()
        .filters(Filter::builder().name("isDefault").values("true").build())
        .send()
        .await
        .expect("DescribeVpcs");
    let vpc_id = vpcs
        .vpcs()
        .iter()
        .find_map(|v| v.vpc_id())
        .expect("the default VPC")
        .to_string();

    let op = sd
        .create_http_namespace()
        .name("shop.local")
        .description("Service Connect for the shop")
        .send()
        .await
        .expect("CreateHttpNamespace");
    let http_id = wait_for_namespace(sd, op.operation_id().expect("operation id")).await;
    let op = sd
        .create_private_dns_namespace()
        .name("corp.internal")
        .vpc(&vpc_id)
        .description("Private DNS")
        .send()
        .await
        .expect("CreatePrivateDnsNamespace");
    let dns_id = wait_for_namespace(sd, op.operation_id().expect("operation id")).await;
    sd.create_service()
        .name("web")
        .namespace_id(&http_id)
        .description("shop front end")
        .send()
        .await
        .expect("CreateService");

    // Both namespaces, sorted by name, straight from ListNamespaces.
    let namespaces = load_namespaces(sd).await.expect("load_namespaces");
    let names: Vec<&str> = namespaces.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, ["corp.internal", "shop.local"]);
    let dns = &namespaces[0];
    let http = &namespaces[1];
    assert_eq!(
        (dns.id.as_str(), http.id.as_str()),
        (dns_id.as_str(), http_id.as_str())
    );
    assert_eq!(http.kind, NamespaceKind::Http);
    assert_eq!(dns.kind, NamespaceKind::DnsPrivate);
    assert_eq!(
        http.description.as_deref(),
        Some("Service Connect for the shop")
    );
    assert_eq!(dns.description.as_deref(), Some("Private DNS"));
    assert!(
        http.arn.ends_with(&format!(":namespace/{http_id}")),
        "{}",
        http.arn
    );
    assert!(http.created.is_some() && dns.created.is_some());
    let zone = dns
        .hosted_zone_id
        .as_deref()
        .expect("a private DNS namespace has a zone");
    assert!(!zone.is_empty() && !zone.starts_with('/'), "{zone}");
    assert_eq!(http.http_name.as_deref(), Some("shop.local"));
    // moto 5.2.5 leaves ServiceCount out of ListNamespaces (AWS fills it in; the mock tests
    // cover that mapping), so the count is honestly unknown here rather than a wrong 0.
    assert_eq!((http.service_count, dns.service_count), (None, None));

    // The service created in the HTTP namespace, found through the NAMESPACE_ID filter.
    let services = load_namespace_services(sd, &http_id)
        .await
        .expect("load_namespace_services");
    assert_eq!(services.len(), 1, "{services:?}");
    assert_eq!(services[0].name, "web");
    assert_eq!(services[0].description.as_deref(), Some("shop front end"));
    assert!(services[0].id.starts_with("srv-"), "{}", services[0].id);
    // moto 5.2.5 ignores ListServices filters and lists every service of the account, so the DNS
    // namespace shows web too; on AWS it has none. If this starts failing, moto learned the
    // filter: assert an empty list instead.
    let dns_services = load_namespace_services(sd, &dns_id)
        .await
        .expect("load_namespace_services (DNS)");
    let dns_names: Vec<&str> = dns_services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(dns_names, ["web"], "moto's unfiltered ListServices");

    // A cluster defaulting to the HTTP namespace, with a service that asks for Service Connect.
    let cluster = clients
        .ecs
        .create_cluster()
        .cluster_name("shop")
        .service_connect_defaults(
            ClusterServiceConnectDefaultsRequest::builder()
                .namespace(&http.arn)
                .build()
                .expect("defaults"),
        )
        .send()
        .await
        .expect("CreateCluster");
    let cluster_arn = cluster
        .cluster()
        .and_then(|c| c.cluster_arn())
        .expect("cluster arn")
        .to_string();
    clients
        .ecs
        .create_cluster()
        .cluster_name("plain")
        .send()
        .await
        .expect("CreateCluster plain");
    clients
        .ecs
        .register_task_definition()
        .family("front")
        .container_definitions(
            aws_sdk_ecs::types::ContainerDefinition::builder()
                .name("front")
                .image("nginx")
                .memory(128)
                .build(),
        )
        .send()
        .await
        .expect("RegisterTaskDefinition");
    clients
        .ecs
        .create_service()
        .cluster("shop")
        .service_name("front")
        .task_definition("front")
        .desired_count(1)
        .service_connect_configuration(ServiceConnectConfiguration::builder().enabled(true).build())
        .send()
        .await
        .expect("CreateService (ECS)");

    let clusters = tecs::aws::clusters::load_clusters(&clients.ecs)
        .await
        .expect("load_clusters");
    assert_eq!(clusters_using(&http.arn, &clusters), ["shop"]);
    assert!(clusters_using(&dns.arn, &clusters).is_empty());

    // moto answers ListServicesByNamespace with an HTML 500, so the clusters are scanned. moto
    // also drops serviceConnectConfiguration from CreateService, so the scan finds nothing here;
    // its matching rule is covered by the aws-smithy-mocks tests.
    let cluster_arns: Vec<String> = clusters.iter().map(|c| c.arn.clone()).collect();
    assert!(cluster_arns.contains(&cluster_arn));
    let (ecs_services, source) = ecs_services_in_namespace(&clients.ecs, http, &cluster_arns)
        .await
        .expect("ecs_services_in_namespace");
    assert_eq!(source, EcsServicesSource::ClusterScan { clusters: 2 });
    assert!(ecs_services.is_empty(), "{ecs_services:?}");
}

#[tokio::test]
async fn an_empty_account_has_no_namespaces() {
    let (_account, clients) = moto::fresh_clients();
    let namespaces = load_namespaces(&clients.discovery)
        .await
        .expect("load_namespaces");
    assert!(namespaces.is_empty());
    let (services, source) = ecs_services_in_namespace(
        &clients.ecs,
        &tecs::model::namespace::Namespace::named("none", NamespaceKind::Http),
        &[],
    )
    .await
    .expect("nothing to scan");
    assert!(services.is_empty());
    assert_eq!(source, EcsServicesSource::ClusterScan { clusters: 0 });
}
