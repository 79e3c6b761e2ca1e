//! Paging, filters and the ListServicesByNamespace fallback, with aws-smithy-mocks: moto ignores
//! pagination and filters, lacks ListServicesByNamespace, and drops Service Connect configuration.

use aws_config::retry::RetryConfig;
use aws_sdk_ecs::Client as EcsClient;
use aws_sdk_ecs::operation::describe_clusters::DescribeClustersOutput;
use aws_sdk_ecs::operation::describe_services::DescribeServicesOutput;
use aws_sdk_ecs::operation::list_services::ListServicesOutput;
use aws_sdk_ecs::operation::list_services_by_namespace::ListServicesByNamespaceOutput;
use aws_sdk_ecs::types::{
    Cluster as SdkCluster, ClusterServiceConnectDefaults, Deployment, Service,
    ServiceConnectConfiguration,
};
use aws_sdk_servicediscovery::Client as SdClient;
use aws_sdk_servicediscovery::operation::list_namespaces::ListNamespacesOutput;
use aws_sdk_servicediscovery::operation::list_services::ListServicesOutput as SdListServicesOutput;
use aws_sdk_servicediscovery::types::{
    DnsProperties, HttpProperties, NamespaceProperties, NamespaceType,
    ServiceSummary as SdServiceSummary, ServiceType,
};
use aws_smithy_mocks::{
    MockResponseInterceptor, Rule, RuleMode, create_mock_http_client, mock, mock_client,
};
use aws_smithy_runtime_api::http::{Response, StatusCode};
use aws_smithy_types::body::SdkBody;

use super::*;

const REGION: &str = "us-east-1";
const ACCOUNT: &str = "123456789012";

/// `mock_client!` needs the service crate's `test-util` feature, which only aws-sdk-ecs enables in
/// dev-dependencies; this builds the same client by hand for Cloud Map.
fn sd_client(rules: &[&Rule]) -> SdClient {
    let mut interceptor = MockResponseInterceptor::new().rule_mode(RuleMode::MatchAny);
    for rule in rules {
        interceptor = interceptor.with_rule(rule);
    }
    let conf = aws_sdk_servicediscovery::Config::builder()
        .behavior_version(aws_sdk_servicediscovery::config::BehaviorVersion::latest())
        .region(aws_sdk_servicediscovery::config::Region::new(REGION))
        .credentials_provider(aws_sdk_servicediscovery::config::Credentials::new(
            "test", "test", None, None, "mock",
        ))
        .retry_config(RetryConfig::disabled())
        .http_client(create_mock_http_client())
        .interceptor(interceptor)
        .build();
    SdClient::from_conf(conf)
}

fn no_retries(conf: aws_sdk_ecs::config::Builder) -> aws_sdk_ecs::config::Builder {
    conf.retry_config(RetryConfig::disabled())
}

fn ns_arn(id: &str) -> String {
    format!("arn:aws:servicediscovery:{REGION}:{ACCOUNT}:namespace/{id}")
}

fn cluster_arn(name: &str) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/{name}")
}

fn service_arn(cluster: &str, name: &str) -> String {
    format!("arn:aws:ecs:{REGION}:{ACCOUNT}:service/{cluster}/{name}")
}

fn summary(i: usize) -> aws_sdk_servicediscovery::types::NamespaceSummary {
    let id = format!("ns-{i:04}");
    aws_sdk_servicediscovery::types::NamespaceSummary::builder()
        .id(&id)
        .arn(ns_arn(&id))
        .name(format!("ns{i:04}.local"))
        .r#type(NamespaceType::Http)
        .build()
}

/// The namespace the ECS tests look for.
fn shop() -> Namespace {
    let mut ns = Namespace::named("shop.local", NamespaceKind::Http);
    ns.id = "ns-shop".into();
    ns.arn = ns_arn("ns-shop");
    ns
}

/// A service whose PRIMARY deployment has the given Service Connect configuration.
fn sdk_service(cluster: &str, name: &str, connect: Option<(bool, Option<&str>)>) -> Service {
    let mut deployment = Deployment::builder().status("PRIMARY");
    if let Some((enabled, namespace)) = connect {
        let mut sc = ServiceConnectConfiguration::builder().enabled(enabled);
        if let Some(ns) = namespace {
            sc = sc.namespace(ns);
        }
        deployment = deployment.service_connect_configuration(sc.build());
    }
    Service::builder()
        .service_arn(service_arn(cluster, name))
        .service_name(name)
        .cluster_arn(cluster_arn(cluster))
        .status("ACTIVE")
        .deployments(deployment.build())
        .build()
}

const HTML_500: &str = "<!doctype html><html><head><title>500 Internal Server Error</title></head>\
    <body><h1>Internal Server Error</h1></body></html>";

fn html_500() -> Response {
    Response::new(
        StatusCode::try_from(500).expect("status"),
        SdkBody::from(HTML_500),
    )
}

#[tokio::test]
async fn namespaces_are_paged_over_three_pages_at_100_and_sorted_by_name() {
    let page = |from: usize, to: usize, next: Option<&str>| {
        let next = next.map(str::to_string);
        move || {
            // Pages arrive in reverse order so the sort is visible.
            ListNamespacesOutput::builder()
                .set_namespaces(Some((from..to).rev().map(summary).collect()))
                .set_next_token(next.clone())
                .build()
        }
    };
    let first = mock!(SdClient::list_namespaces)
        .match_requests(|r| r.next_token().is_none() && r.max_results() == Some(100))
        .then_output(page(0, 100, Some("t1")));
    let second = mock!(SdClient::list_namespaces)
        .match_requests(|r| r.next_token() == Some("t1") && r.max_results() == Some(100))
        .then_output(page(100, 200, Some("t2")));
    let third = mock!(SdClient::list_namespaces)
        .match_requests(|r| r.next_token() == Some("t2") && r.max_results() == Some(100))
        .then_output(page(200, 230, None));
    let client = sd_client(&[&first, &second, &third]);

    let namespaces = load_namespaces(&client).await.expect("namespaces load");

    assert_eq!(namespaces.len(), 230);
    assert_eq!(
        (first.num_calls(), second.num_calls(), third.num_calls()),
        (1, 1, 1)
    );
    assert_eq!(namespaces[0].name, "ns0000.local");
    assert_eq!(namespaces[229].name, "ns0229.local");
    assert_eq!(namespaces[7].arn, ns_arn("ns-0007"));
    assert_eq!(namespaces[7].kind, NamespaceKind::Http);
}

#[tokio::test]
async fn namespace_summaries_map_every_field_without_get_namespace() {
    let list = mock!(SdClient::list_namespaces).then_output(|| {
        ListNamespacesOutput::builder()
            .namespaces(
                aws_sdk_servicediscovery::types::NamespaceSummary::builder()
                    .id("ns-dns")
                    .arn(ns_arn("ns-dns"))
                    .name("internal.corp")
                    .r#type(NamespaceType::DnsPrivate)
                    .description("legacy DNS")
                    .service_count(3)
                    .create_date(DateTime::from_secs(1_764_085_815))
                    .properties(
                        NamespaceProperties::builder()
                            .dns_properties(
                                DnsProperties::builder()
                                    .hosted_zone_id("/hostedzone/Z123")
                                    .build(),
                            )
                            .build(),
                    )
                    .build(),
            )
            .namespaces(
                aws_sdk_servicediscovery::types::NamespaceSummary::builder()
                    .id("ns-http")
                    .arn(ns_arn("ns-http"))
                    .name("api.local")
                    .r#type(NamespaceType::Http)
                    .description("")
                    .properties(
                        NamespaceProperties::builder()
                            .http_properties(
                                HttpProperties::builder().http_name("api.local").build(),
                            )
                            .build(),
                    )
                    .build(),
            )
            .namespaces(
                aws_sdk_servicediscovery::types::NamespaceSummary::builder()
                    .id("ns-pub")
                    .name("example.com")
                    .r#type(NamespaceType::DnsPublic)
                    .build(),
            )
            .build()
    });
    let client = sd_client(&[&list]);
    let namespaces = load_namespaces(&client).await.expect("loads");
    let names: Vec<&str> = namespaces.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, ["api.local", "example.com", "internal.corp"]);

    let dns = &namespaces[2];
    assert_eq!(dns.kind, NamespaceKind::DnsPrivate);
    assert_eq!(dns.description.as_deref(), Some("legacy DNS"));
    assert_eq!(dns.service_count, Some(3));
    assert_eq!(dns.hosted_zone_id.as_deref(), Some("Z123"));
    assert_eq!(
        dns.created,
        Some(SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(1_764_085_815))
    );
    let http = &namespaces[0];
    assert_eq!(
        http.description, None,
        "an empty description is no description"
    );
    assert_eq!(http.http_name.as_deref(), Some("api.local"));
    assert_eq!(http.service_count, None);
    assert_eq!(namespaces[1].kind.label(), "DNS public");
}

#[tokio::test]
async fn access_denied_on_list_namespaces_names_the_cloud_map_action() {
    let list = mock!(SdClient::list_namespaces).then_http_response(|| {
        Response::new(
            StatusCode::try_from(400).expect("status"),
            SdkBody::from(r#"{"__type":"AccessDeniedException","message":"denied"}"#),
        )
    });
    let client = sd_client(&[&list]);
    let err = load_namespaces(&client).await.expect_err("denied");
    assert_eq!(
        err.kind,
        ErrorKind::AccessDenied {
            action: Some("servicediscovery:ListNamespaces".into())
        }
    );
}

#[tokio::test]
async fn cloud_map_services_are_filtered_by_namespace_id_and_paged() {
    fn filtered_on(
        r: &aws_sdk_servicediscovery::operation::list_services::ListServicesInput,
    ) -> bool {
        let filters = r.filters();
        filters.len() == 1
            && filters[0].name() == &ServiceFilterName::NamespaceId
            && filters[0].values() == ["ns-shop"]
            && filters[0].condition() == Some(&FilterCondition::Eq)
            && r.max_results() == Some(100)
    }
    let svc = |id: &str, name: &str| {
        SdServiceSummary::builder()
            .id(id)
            .arn(format!(
                "arn:aws:servicediscovery:{REGION}:{ACCOUNT}:service/{id}"
            ))
            .name(name)
            .r#type(ServiceType::Http)
            .instance_count(2)
            .build()
    };
    let first = mock!(SdClient::list_services)
        .match_requests(|r| filtered_on(r) && r.next_token().is_none())
        .then_output(move || {
            SdListServicesOutput::builder()
                .services(svc("srv-2", "web"))
                .next_token("p2")
                .build()
        });
    let second = mock!(SdClient::list_services)
        .match_requests(|r| filtered_on(r) && r.next_token() == Some("p2"))
        .then_output(move || {
            SdListServicesOutput::builder()
                .services(svc("srv-1", "api"))
                .build()
        });
    let client = sd_client(&[&first, &second]);

    let services = load_namespace_services(&client, "ns-shop")
        .await
        .expect("services load");

    assert_eq!((first.num_calls(), second.num_calls()), (1, 1));
    let names: Vec<&str> = services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["api", "web"]);
    assert_eq!(services[0].id, "srv-1");
    assert_eq!(services[0].kind.as_deref(), Some("HTTP"));
    assert_eq!(services[0].instance_count, Some(2));
}

#[tokio::test]
async fn list_services_by_namespace_is_paged_and_needs_no_scan() {
    let first = mock!(EcsClient::list_services_by_namespace)
        .match_requests(|r| {
            r.namespace() == Some(ns_arn("ns-shop").as_str())
                && r.next_token().is_none()
                && r.max_results() == Some(100)
        })
        .then_output(|| {
            ListServicesByNamespaceOutput::builder()
                .service_arns(service_arn("prod", "web"))
                .next_token("n2")
                .build()
        });
    let second = mock!(EcsClient::list_services_by_namespace)
        .match_requests(|r| r.next_token() == Some("n2"))
        .then_output(|| {
            ListServicesByNamespaceOutput::builder()
                .service_arns(service_arn("dev", "web"))
                .service_arns(service_arn("prod", "api"))
                .build()
        });
    let list =
        mock!(EcsClient::list_services).then_output(|| ListServicesOutput::builder().build());
    let client = mock_client!(
        aws_sdk_ecs,
        RuleMode::MatchAny,
        [&first, &second, &list],
        no_retries
    );

    let (services, source) = ecs_services_in_namespace(&client, &shop(), &[cluster_arn("prod")])
        .await
        .expect("listed");

    assert_eq!(source, EcsServicesSource::ListServicesByNamespace);
    let labels: Vec<String> = services.iter().map(EcsServiceRef::label).collect();
    assert_eq!(labels, ["dev/web", "prod/api", "prod/web"]);
    assert_eq!(list.num_calls(), 0, "no scan when ECS answers");
}

#[tokio::test]
async fn an_html_500_falls_back_to_scanning_service_connect_configuration() {
    let by_namespace = mock!(EcsClient::list_services_by_namespace).then_http_response(html_500);
    // prod's default namespace is shop.local; dev has none.
    let clusters = mock!(EcsClient::describe_clusters).then_compute_output(|r| {
        DescribeClustersOutput::builder()
            .set_clusters(Some(
                r.clusters()
                    .iter()
                    .map(|arn| {
                        let mut c = SdkCluster::builder()
                            .cluster_arn(arn)
                            .cluster_name(arn.rsplit('/').next().unwrap_or_default());
                        if arn.ends_with("/prod") {
                            c = c.service_connect_defaults(
                                ClusterServiceConnectDefaults::builder()
                                    .namespace(ns_arn("ns-shop"))
                                    .build(),
                            );
                        }
                        c.build()
                    })
                    .collect(),
            ))
            .build()
    });
    let list_prod = mock!(EcsClient::list_services)
        .match_requests(|r| r.cluster() == Some(cluster_arn("prod").as_str()))
        .then_output(|| {
            ListServicesOutput::builder()
                .set_service_arns(Some(
                    ["by-arn", "by-default", "other-ns", "no-connect", "disabled"]
                        .iter()
                        .map(|n| service_arn("prod", n))
                        .collect(),
                ))
                .build()
        });
    let list_dev = mock!(EcsClient::list_services)
        .match_requests(|r| r.cluster() == Some(cluster_arn("dev").as_str()))
        .then_output(|| {
            ListServicesOutput::builder()
                .service_arns(service_arn("dev", "by-name"))
                .service_arns(service_arn("dev", "default-elsewhere"))
                .build()
        });
    let describe = mock!(EcsClient::describe_services).then_compute_output(|r| {
        let cluster = r
            .cluster()
            .and_then(|c| c.rsplit('/').next())
            .unwrap_or_default()
            .to_string();
        let services = r
            .services()
            .iter()
            .map(|arn| {
                let name = arn.rsplit('/').next().unwrap_or_default();
                let shop_arn = ns_arn("ns-shop");
                let connect = match name {
                    "by-arn" => Some((true, Some(shop_arn.as_str()))),
                    "by-default" | "default-elsewhere" => Some((true, None)),
                    "other-ns" => Some((true, Some("other.local"))),
                    "disabled" => Some((false, Some(shop_arn.as_str()))),
                    "by-name" => Some((true, Some("shop.local"))),
                    _ => None,
                };
                sdk_service(&cluster, name, connect)
            })
            .collect();
        DescribeServicesOutput::builder()
            .set_services(Some(services))
            .build()
    });
    let client = mock_client!(
        aws_sdk_ecs,
        RuleMode::MatchAny,
        [&by_namespace, &clusters, &list_prod, &list_dev, &describe],
        no_retries
    );

    let (services, source) =
        ecs_services_in_namespace(&client, &shop(), &[cluster_arn("prod"), cluster_arn("dev")])
            .await
            .expect("the scan answers");

    assert_eq!(source, EcsServicesSource::ClusterScan { clusters: 2 });
    let labels: Vec<String> = services.iter().map(EcsServiceRef::label).collect();
    assert_eq!(labels, ["dev/by-name", "prod/by-arn", "prod/by-default"]);
    assert_eq!(by_namespace.num_calls(), 1);
    assert_eq!(clusters.num_calls(), 1, "one DescribeClusters for both");
    assert_eq!((list_prod.num_calls(), list_dev.num_calls()), (1, 1));
    assert_eq!(describe.num_calls(), 2, "one chunk per cluster");
}

#[tokio::test]
async fn an_html_500_is_classified_as_a_server_error() {
    let by_namespace = mock!(EcsClient::list_services_by_namespace).then_http_response(html_500);
    let client = mock_client!(aws_sdk_ecs, RuleMode::MatchAny, [&by_namespace], no_retries);
    let err = list_services_by_namespace(&client, &ns_arn("ns-shop"))
        .await
        .expect_err("an emulator without the call");
    assert_eq!(err.kind, ErrorKind::ServerError, "{err:?}");
    assert!(falls_back_to_scan(&err));
}

#[tokio::test]
async fn the_scan_describes_ten_services_at_a_time_and_skips_vanished_clusters() {
    let by_namespace = mock!(EcsClient::list_services_by_namespace).then_http_response(html_500);
    let clusters = mock!(EcsClient::describe_clusters)
        .then_output(|| DescribeClustersOutput::builder().build());
    let list_big = mock!(EcsClient::list_services)
        .match_requests(|r| r.cluster() == Some(cluster_arn("big").as_str()))
        .then_output(|| {
            ListServicesOutput::builder()
                .set_service_arns(Some(
                    (0..23)
                        .map(|i| service_arn("big", &format!("s{i:02}")))
                        .collect(),
                ))
                .build()
        });
    let list_gone = mock!(EcsClient::list_services)
        .match_requests(|r| r.cluster() == Some(cluster_arn("gone").as_str()))
        .then_http_response(|| {
            Response::new(
                StatusCode::try_from(400).expect("status"),
                SdkBody::from(
                    r#"{"__type":"ClusterNotFoundException","message":"Cluster not found."}"#,
                ),
            )
        });
    let describe = mock!(EcsClient::describe_services)
        .match_requests(|r| r.services().len() <= DESCRIBE_SERVICES_CHUNK)
        .then_compute_output(|r| {
            let shop_arn = ns_arn("ns-shop");
            DescribeServicesOutput::builder()
                .set_services(Some(
                    r.services()
                        .iter()
                        .map(|arn| {
                            let name = arn.rsplit('/').next().unwrap_or_default();
                            // Every third service is in the namespace.
                            let connect = name
                                .trim_start_matches('s')
                                .parse::<usize>()
                                .is_ok_and(|i| i % 3 == 0)
                                .then_some((true, Some(shop_arn.as_str())));
                            sdk_service("big", name, connect)
                        })
                        .collect(),
                ))
                .build()
        });
    let client = mock_client!(
        aws_sdk_ecs,
        RuleMode::MatchAny,
        [&by_namespace, &clusters, &list_big, &list_gone, &describe],
        no_retries
    );

    let (services, source) =
        ecs_services_in_namespace(&client, &shop(), &[cluster_arn("big"), cluster_arn("gone")])
            .await
            .expect("scan");

    assert_eq!(source, EcsServicesSource::ClusterScan { clusters: 2 });
    assert_eq!(describe.num_calls(), 3, "23 services → 10 + 10 + 3");
    assert_eq!(services.len(), 8, "s00, s03, ..., s21");
    assert_eq!(services[1].name, "s03");
}

#[tokio::test]
async fn throttling_on_list_services_by_namespace_does_not_start_a_scan() {
    let by_namespace = mock!(EcsClient::list_services_by_namespace).then_http_response(|| {
        Response::new(
            StatusCode::try_from(400).expect("status"),
            SdkBody::from(r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#),
        )
    });
    let list =
        mock!(EcsClient::list_services).then_output(|| ListServicesOutput::builder().build());
    let client = mock_client!(
        aws_sdk_ecs,
        RuleMode::MatchAny,
        [&by_namespace, &list],
        no_retries
    );
    let err = ecs_services_in_namespace(&client, &shop(), &[cluster_arn("prod")])
        .await
        .expect_err("throttled");
    assert_eq!(err.kind, ErrorKind::Throttled);
    assert!(
        err.message.contains("ListServicesByNamespace"),
        "{}",
        err.message
    );
    assert_eq!(list.num_calls(), 0);
}

#[tokio::test]
async fn a_failing_scan_reports_the_scan_call() {
    let by_namespace = mock!(EcsClient::list_services_by_namespace).then_http_response(html_500);
    let clusters = mock!(EcsClient::describe_clusters)
        .then_output(|| DescribeClustersOutput::builder().build());
    let list = mock!(EcsClient::list_services).then_http_response(|| {
        Response::new(
            StatusCode::try_from(400).expect("status"),
            SdkBody::from(r#"{"__type":"AccessDeniedException","message":"denied"}"#),
        )
    });
    let client = mock_client!(
        aws_sdk_ecs,
        RuleMode::MatchAny,
        [&by_namespace, &clusters, &list],
        no_retries
    );
    let err = ecs_services_in_namespace(&client, &shop(), &[cluster_arn("prod")])
        .await
        .expect_err("denied");
    assert_eq!(
        err.kind,
        ErrorKind::AccessDenied {
            action: Some("ecs:ListServices".into())
        }
    );
}

#[test]
fn fallback_only_for_failures_a_scan_can_get_past() {
    let with = |kind: ErrorKind| AwsError {
        kind,
        code: None,
        message: String::new(),
        hint: None,
        read_back: None,
    };
    for kind in [
        ErrorKind::ServerError,
        ErrorKind::AccessDenied { action: None },
        ErrorKind::InvalidRequest,
        ErrorKind::Other,
    ] {
        assert!(falls_back_to_scan(&with(kind.clone())), "{kind:?}");
    }
    for kind in [
        ErrorKind::Throttled,
        ErrorKind::Network,
        ErrorKind::SsoExpired,
        ErrorKind::CredentialsExpired,
        ErrorKind::NoCredentials,
        ErrorKind::NotFound,
    ] {
        assert!(!falls_back_to_scan(&with(kind.clone())), "{kind:?}");
    }
}

#[test]
fn the_scan_rule_prefers_an_explicit_namespace_over_the_cluster_default() {
    let ns = shop();
    let arn = ns.arn.clone();
    let default = Some(arn.as_str());
    let s = |connect| sdk_service("c", "s", connect);
    assert!(uses_namespace(&s(Some((true, Some(&arn)))), &ns, None));
    assert!(uses_namespace(
        &s(Some((true, Some("shop.local")))),
        &ns,
        None
    ));
    assert!(uses_namespace(&s(Some((true, None))), &ns, default));
    assert!(uses_namespace(&s(Some((true, Some("")))), &ns, default));
    assert!(!uses_namespace(&s(Some((true, None))), &ns, None));
    assert!(!uses_namespace(
        &s(Some((true, Some("other")))),
        &ns,
        default
    ));
    assert!(!uses_namespace(&s(Some((false, Some(&arn)))), &ns, default));
    assert!(!uses_namespace(&s(None), &ns, default));
    // A deployment rolling onto the namespace counts too.
    let rolling = Service::builder()
        .deployments(Deployment::builder().status("PRIMARY").build())
        .deployments(
            Deployment::builder()
                .status("ACTIVE")
                .service_connect_configuration(
                    ServiceConnectConfiguration::builder()
                        .enabled(true)
                        .namespace(&arn)
                        .build(),
                )
                .build(),
        )
        .build();
    assert!(uses_namespace(&rolling, &ns, None));
}

#[test]
fn clusters_using_lists_the_clusters_defaulting_to_the_namespace() {
    let arn = ns_arn("ns-shop");
    let mut a = Cluster::named("zeta");
    a.default_namespace = Some(arn.clone());
    let mut b = Cluster::named("alpha");
    b.default_namespace = Some(arn.clone());
    let mut c = Cluster::named("other");
    c.default_namespace = Some(ns_arn("ns-other"));
    let d = Cluster::named("none");
    assert_eq!(clusters_using(&arn, &[a, b, c, d]), ["alpha", "zeta"]);
    assert!(clusters_using(&arn, &[]).is_empty());
}
