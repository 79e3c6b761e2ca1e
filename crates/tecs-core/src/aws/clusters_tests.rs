//! Paging, chunking and faults of the cluster calls, with aws-smithy-mocks (moto ignores pagination).

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_sdk_ecs::Client;
use aws_sdk_ecs::operation::describe_clusters::DescribeClustersOutput;
use aws_sdk_ecs::operation::describe_services::DescribeServicesOutput;
use aws_sdk_ecs::operation::list_clusters::ListClustersOutput;
use aws_sdk_ecs::operation::list_services::ListServicesOutput;
use aws_sdk_ecs::types::{Cluster as SdkCluster, ClusterSetting, ClusterSettingName, Service};
use aws_smithy_mocks::{RuleMode, mock, mock_client};

use super::*;
use crate::aws::errors::ErrorKind;

fn arn(i: usize) -> String {
    format!("arn:aws:ecs:us-east-1:123456789012:cluster/c{i:04}")
}

fn sdk_cluster(arn: &str) -> SdkCluster {
    let name = arn.rsplit('/').next().unwrap_or_default();
    SdkCluster::builder()
        .cluster_arn(arn)
        .cluster_name(name)
        .status("ACTIVE")
        .running_tasks_count(2)
        .settings(
            ClusterSetting::builder()
                .name(ClusterSettingName::ContainerInsights)
                .value("enabled")
                .build(),
        )
        .build()
}

fn fast_retries(conf: aws_sdk_ecs::config::Builder) -> aws_sdk_ecs::config::Builder {
    conf.retry_config(
        RetryConfig::standard()
            .with_max_attempts(3)
            .with_initial_backoff(Duration::from_millis(1))
            .with_max_backoff(Duration::from_millis(5)),
    )
}

#[tokio::test]
async fn pages_250_clusters_and_describes_in_chunks_of_at_most_100() {
    let page = |from: usize, to: usize, next: Option<&str>| {
        let arns: Vec<String> = (from..to).map(arn).collect();
        let next = next.map(str::to_string);
        move || {
            ListClustersOutput::builder()
                .set_cluster_arns(Some(arns.clone()))
                .set_next_token(next.clone())
                .build()
        }
    };
    let first = mock!(Client::list_clusters)
        .match_requests(|r| r.next_token().is_none())
        .then_output(page(0, 100, Some("t1")));
    let second = mock!(Client::list_clusters)
        .match_requests(|r| r.next_token() == Some("t1"))
        .then_output(page(100, 200, Some("t2")));
    let third = mock!(Client::list_clusters)
        .match_requests(|r| r.next_token() == Some("t2"))
        .then_output(page(200, 250, None));
    let describe = mock!(Client::describe_clusters)
        .match_requests(|r| r.clusters().len() <= DESCRIBE_CLUSTERS_CHUNK)
        .then_compute_output(|r| {
            DescribeClustersOutput::builder()
                .set_clusters(Some(r.clusters().iter().map(|a| sdk_cluster(a)).collect()))
                .build()
        });
    let client = mock_client!(
        aws_sdk_ecs,
        RuleMode::MatchAny,
        [&first, &second, &third, &describe]
    );

    let clusters = load_clusters(&client).await.expect("clusters load");

    assert_eq!(clusters.len(), 250);
    assert_eq!(
        (first.num_calls(), second.num_calls(), third.num_calls()),
        (1, 1, 1)
    );
    assert_eq!(
        describe.num_calls(),
        3,
        "one describe per page of at most 100"
    );
    assert_eq!(clusters[0].name, "c0000");
    assert_eq!(clusters[249].name, "c0249");
    assert_eq!(clusters[17].container_insights.as_deref(), Some("enabled"));
    assert_eq!(clusters[17].running_tasks, 2);
}

#[tokio::test]
async fn no_clusters_makes_no_describe_call() {
    let list = mock!(Client::list_clusters).then_output(|| ListClustersOutput::builder().build());
    let describe =
        mock!(Client::describe_clusters).then_output(|| DescribeClustersOutput::builder().build());
    let client = mock_client!(aws_sdk_ecs, RuleMode::MatchAny, [&list, &describe]);
    let clusters = load_clusters(&client).await.expect("loads");
    assert!(clusters.is_empty());
    assert_eq!(describe.num_calls(), 0);
}

const THROTTLED: &str = r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#;

#[tokio::test]
async fn throttling_is_retried_with_backoff_then_succeeds() {
    let list = mock!(Client::list_clusters)
        .sequence()
        .http_status(400, Some(THROTTLED.to_string()))
        .times(2)
        .output(|| ListClustersOutput::builder().cluster_arns(arn(1)).build())
        .build();
    let describe = mock!(Client::describe_clusters).then_compute_output(|r| {
        DescribeClustersOutput::builder()
            .set_clusters(Some(r.clusters().iter().map(|a| sdk_cluster(a)).collect()))
            .build()
    });
    let client = mock_client!(
        aws_sdk_ecs,
        RuleMode::MatchAny,
        [&list, &describe],
        fast_retries
    );
    let clusters = load_clusters(&client)
        .await
        .expect("succeeds after retries");
    assert_eq!(clusters.len(), 1);
    assert_eq!(list.num_calls(), 3, "two throttled attempts, then success");
}

#[tokio::test]
async fn persistent_throttling_is_reported_as_throttled() {
    let list = mock!(Client::list_clusters)
        .sequence()
        .http_status(400, Some(THROTTLED.to_string()))
        .repeatedly()
        .build();
    let client = mock_client!(aws_sdk_ecs, RuleMode::MatchAny, [&list], fast_retries);
    let err = load_clusters(&client).await.expect_err("gives up");
    assert_eq!(err.kind, ErrorKind::Throttled);
    assert!(err.is_transient());
    assert_eq!(list.num_calls(), 3, "the SDK retried up to max attempts");
    assert!(err.message.contains("ListClusters"), "{}", err.message);
}

#[tokio::test]
async fn access_denied_on_describe_names_the_action() {
    let list = mock!(Client::list_clusters)
        .then_output(|| ListClustersOutput::builder().cluster_arns(arn(1)).build());
    let describe = mock!(Client::describe_clusters).then_http_response(|| {
        aws_smithy_runtime_api::http::Response::new(
            aws_smithy_runtime_api::http::StatusCode::try_from(400).expect("status"),
            aws_smithy_types::body::SdkBody::from(
                r#"{"__type":"AccessDeniedException","message":"User: arn:aws:iam::1:user/x is not authorized to perform: ecs:DescribeClusters on resource: *"}"#,
            ),
        )
    });
    let client = mock_client!(aws_sdk_ecs, RuleMode::MatchAny, [&list, &describe]);
    let err = load_clusters(&client).await.expect_err("denied");
    assert_eq!(
        err.kind,
        ErrorKind::AccessDenied {
            action: Some("ecs:DescribeClusters".into())
        }
    );
    assert!(!err.is_transient());
}

#[tokio::test]
async fn services_are_paged_and_described_ten_at_a_time() {
    let svc_arn = |i: usize| format!("arn:aws:ecs:us-east-1:123456789012:service/c/svc{i:02}");
    let first = mock!(Client::list_services)
        .match_requests(|r| r.next_token().is_none())
        .then_output(move || {
            ListServicesOutput::builder()
                .set_service_arns(Some((0..15).map(svc_arn).collect()))
                .next_token("p2")
                .build()
        });
    let second = mock!(Client::list_services)
        .match_requests(|r| r.next_token() == Some("p2"))
        .then_output(move || {
            ListServicesOutput::builder()
                .set_service_arns(Some((15..23).map(svc_arn).collect()))
                .build()
        });
    let describe = mock!(Client::describe_services)
        .match_requests(|r| r.services().len() <= DESCRIBE_SERVICES_CHUNK)
        .then_compute_output(|r| {
            DescribeServicesOutput::builder()
                .set_services(Some(
                    r.services()
                        .iter()
                        .map(|a| {
                            Service::builder()
                                .service_arn(a)
                                .service_name(a.rsplit('/').next().unwrap_or_default())
                                .desired_count(3)
                                .running_count(2)
                                .task_definition(
                                    "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7",
                                )
                                .build()
                        })
                        .collect(),
                ))
                .build()
        });
    let client = mock_client!(
        aws_sdk_ecs,
        RuleMode::MatchAny,
        [&first, &second, &describe]
    );
    let services = load_services(&client, "c").await.expect("services load");
    assert_eq!(services.len(), 23);
    assert_eq!(describe.num_calls(), 3, "23 services → 10 + 10 + 3");
    assert_eq!(services[0].name, "svc00");
    assert_eq!(services[0].task_definition, "web:7");
    assert_eq!((services[5].desired, services[5].running), (3, 2));
}

#[test]
fn task_definition_arns_shorten_to_family_revision() {
    assert_eq!(
        short_task_definition("arn:aws:ecs:r:1:task-definition/web:3"),
        "web:3"
    );
    assert_eq!(short_task_definition("web:3"), "web:3");
}
