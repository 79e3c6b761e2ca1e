//! Paging, chunking, failures, mapping and faults of the service reads, with aws-smithy-mocks:
//! the emulator ignores pagination, never rolls a deployment, always returns empty events and
//! has no autoscaling policies on services unless made by hand.

use std::time::{Duration, SystemTime};

use aws_config::retry::RetryConfig;
use aws_sdk_applicationautoscaling::Client as AasClient;
use aws_sdk_applicationautoscaling::operation::describe_scalable_targets::DescribeScalableTargetsOutput;
use aws_sdk_applicationautoscaling::operation::describe_scaling_policies::DescribeScalingPoliciesOutput;
use aws_sdk_applicationautoscaling::types::{
    MetricType, PolicyType, PredefinedMetricSpecification, ScalableTarget,
    ScalingPolicy as AasPolicy, TargetTrackingScalingPolicyConfiguration,
};
use aws_sdk_ecs::Client;
use aws_sdk_ecs::operation::describe_services::DescribeServicesOutput;
use aws_sdk_ecs::operation::list_services::ListServicesOutput;
use aws_sdk_ecs::types::{
    AssignPublicIp, AwsVpcConfiguration, DeploymentCircuitBreaker, DeploymentConfiguration,
    DeploymentController, DeploymentControllerType, DeploymentRolloutState, Failure, LaunchType,
    LoadBalancer as SdkLoadBalancer, NetworkConfiguration, PlacementConstraint,
    PlacementConstraintType, PlacementStrategy, PlacementStrategyType, SchedulingStrategy,
    Service as SdkService, ServiceConnectClientAlias, ServiceConnectConfiguration,
    ServiceConnectService, ServiceEvent as SdkEvent, Tag,
};
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use aws_smithy_types::DateTime;

use super::*;
use crate::aws::namespace_admin::tests::{Capture, mocked};

const ACCOUNT: &str = "123456789012";
const TD: &str = "arn:aws:ecs:us-east-1:123456789012:task-definition/web:7";
const THROTTLED: &str = r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#;

fn svc_arn(name: &str) -> String {
    format!("arn:aws:ecs:us-east-1:{ACCOUNT}:service/prod/{name}")
}

fn at(secs: i64) -> DateTime {
    DateTime::from_secs(1_750_000_000 + secs)
}

fn sys(secs: u64) -> Option<SystemTime> {
    Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_750_000_000 + secs))
}

fn plain_service(arn: &str) -> SdkService {
    SdkService::builder()
        .service_arn(arn)
        .service_name(arn.rsplit('/').next().unwrap_or_default())
        .cluster_arn(format!("arn:aws:ecs:us-east-1:{ACCOUNT}:cluster/prod"))
        .status("ACTIVE")
        .desired_count(2)
        .running_count(2)
        .task_definition(TD)
        .launch_type(LaunchType::Fargate)
        .tags(Tag::builder().key("team").value("web").build())
        .build()
}

fn describe_echo() -> aws_smithy_mocks::Rule {
    mock!(Client::describe_services)
        .match_requests(|r| {
            r.services().len() <= DESCRIBE_SERVICES_CHUNK
                && r.include() == [ServiceField::Tags]
                && r.cluster() == Some("prod")
        })
        .then_compute_output(|r| {
            DescribeServicesOutput::builder()
                .set_services(Some(
                    r.services().iter().map(|a| plain_service(a)).collect(),
                ))
                .build()
        })
}

/// ListServices answering 123 services over two pages of 100 and 23; names sort differently
/// from list order, so a sorted result is tecs's own order.
fn two_pages_of_services() -> (aws_smithy_mocks::Rule, aws_smithy_mocks::Rule) {
    let first = mock!(Client::list_services)
        .match_requests(|r| r.next_token().is_none() && r.max_results() == Some(100))
        .then_output(move || {
            ListServicesOutput::builder()
                .set_service_arns(Some((0..100).map(|i| svc_arn(&reversed_name(i))).collect()))
                .next_token("page-2")
                .build()
        });
    let second = mock!(Client::list_services)
        .match_requests(|r| r.next_token() == Some("page-2") && r.max_results() == Some(100))
        .then_output(move || {
            ListServicesOutput::builder()
                .set_service_arns(Some(
                    (100..123).map(|i| svc_arn(&reversed_name(i))).collect(),
                ))
                .build()
        });
    (first, second)
}

/// The `i`th listed service's name: listed last-name-first.
fn reversed_name(i: usize) -> String {
    format!("svc-{:03}", 122 - i)
}

#[tokio::test]
async fn lists_123_services_over_two_pages_and_describes_them_in_13_calls_of_at_most_10() {
    let (first, second) = two_pages_of_services();
    let describe = describe_echo();
    let client = mock_client!(
        aws_sdk_ecs,
        RuleMode::MatchAny,
        [&first, &second, &describe]
    );

    let mut chunks: Vec<Vec<String>> = Vec::new();
    let services = list_services_progressively(&client, "prod", |rows| {
        chunks.push(rows.iter().map(|s| s.name.clone()).collect());
    })
    .await
    .expect("services load");

    // The first services are handed on before the last page is described: in list order, 10
    // at a time (the last chunk may come early too, when its describe beats the end of the
    // listing).
    assert!(chunks.len() >= 12, "{}", chunks.len());
    assert_eq!(chunks[0], (0..10).map(reversed_name).collect::<Vec<_>>());
    assert!(chunks[..12].iter().all(|c| c.len() == 10));
    assert_eq!((first.num_calls(), second.num_calls()), (1, 1));
    assert_eq!(describe.num_calls(), 13, "123 services → 12 × 10 + 3");
    assert_eq!(services.len(), 123);
    assert_eq!(services[0].name, "svc-000");
    assert_eq!(services[122].name, "svc-122");
    assert!(services.windows(2).all(|w| w[0].name < w[1].name));
    assert_eq!(services[7].tags, [("team".to_string(), "web".to_string())]);
    assert_eq!(services[7].launch_type, "FARGATE");
    assert_eq!(services[7].revision_label(), "web:7");
}

#[tokio::test]
async fn no_services_make_no_describe_call() {
    let list = mock!(Client::list_services).then_output(|| ListServicesOutput::builder().build());
    let describe = describe_echo();
    let client = mock_client!(aws_sdk_ecs, RuleMode::MatchAny, [&list, &describe]);
    assert!(
        list_services(&client, "prod")
            .await
            .expect("loads")
            .is_empty()
    );
    assert_eq!(describe.num_calls(), 0);
}

#[tokio::test]
async fn services_in_describe_failures_are_left_out() {
    let list = mock!(Client::list_services).then_output(|| {
        ListServicesOutput::builder()
            .service_arns(svc_arn("web"))
            .service_arns(svc_arn("gone"))
            .service_arns(svc_arn("api"))
            .build()
    });
    let describe = mock!(Client::describe_services).then_output(|| {
        DescribeServicesOutput::builder()
            .services(plain_service(&svc_arn("web")))
            .services(plain_service(&svc_arn("api")))
            .failures(
                Failure::builder()
                    .arn(svc_arn("gone"))
                    .reason("MISSING")
                    .build(),
            )
            .build()
    });
    let client = mock_client!(aws_sdk_ecs, RuleMode::MatchAny, [&list, &describe]);
    let services = list_services(&client, "prod").await.expect("loads");
    let names: Vec<&str> = services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["api", "web"]);
}

#[tokio::test]
async fn a_service_that_comes_back_in_failures_is_not_found() {
    let describe = mock!(Client::describe_services).then_output(|| {
        DescribeServicesOutput::builder()
            .failures(
                Failure::builder()
                    .arn(svc_arn("gone"))
                    .reason("MISSING")
                    .build(),
            )
            .build()
    });
    let client = mock_client!(aws_sdk_ecs, RuleMode::MatchAny, [&describe]);
    let err = describe_service(&client, "prod", "gone")
        .await
        .expect_err("missing");
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert!(err.message.contains("gone"), "{}", err.message);
}

/// A service mid-rollout: the PRIMARY deployment (web:8) is IN_PROGRESS, the ACTIVE one (web:7)
/// is being replaced. The API's lists come in an order tecs must not rely on.
fn rolling_service() -> SdkService {
    SdkService::builder()
        .service_arn(svc_arn("web"))
        .service_name("web")
        .cluster_arn(format!("arn:aws:ecs:us-east-1:{ACCOUNT}:cluster/prod"))
        .status("ACTIVE")
        .desired_count(3)
        .running_count(4)
        .pending_count(1)
        .task_definition("arn:aws:ecs:us-east-1:123456789012:task-definition/web:8")
        .platform_version("LATEST")
        .deployments(
            aws_sdk_ecs::types::Deployment::builder()
                .id("ecs-svc/old")
                .status("ACTIVE")
                .task_definition(TD)
                .desired_count(3)
                .running_count(3)
                .rollout_state(DeploymentRolloutState::Completed)
                .rollout_state_reason("ECS deployment ecs-svc/old completed.")
                .created_at(at(0))
                .updated_at(at(60))
                .launch_type(LaunchType::Fargate)
                .build(),
        )
        .deployments(
            aws_sdk_ecs::types::Deployment::builder()
                .id("ecs-svc/new")
                .status("PRIMARY")
                .task_definition("arn:aws:ecs:us-east-1:123456789012:task-definition/web:8")
                .desired_count(3)
                .running_count(1)
                .pending_count(1)
                .failed_tasks(2)
                .rollout_state(DeploymentRolloutState::InProgress)
                .rollout_state_reason("ECS deployment ecs-svc/new in progress.")
                .created_at(at(3600))
                .updated_at(at(3660))
                .launch_type(LaunchType::Fargate)
                .service_connect_configuration(
                    ServiceConnectConfiguration::builder()
                        .enabled(true)
                        .namespace("arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-1")
                        .services(
                            ServiceConnectService::builder()
                                .port_name("http")
                                .discovery_name("web")
                                .client_aliases(
                                    ServiceConnectClientAlias::builder()
                                        .port(80)
                                        .dns_name("web.shop.local")
                                        .build()
                                        .expect("alias"),
                                )
                                .build()
                                .expect("sc service"),
                        )
                        .services(
                            ServiceConnectService::builder()
                                .port_name("admin")
                                .build()
                                .expect("sc service"),
                        )
                        .build(),
                )
                .build(),
        )
        .events(
            SdkEvent::builder()
                .id("e1")
                .created_at(at(10))
                .message("(service web) has reached a steady state.")
                .build(),
        )
        .events(
            SdkEvent::builder()
                .id("e3")
                .created_at(at(3700))
                .message("(service web) has started 1 tasks: (task abc).")
                .build(),
        )
        .events(
            SdkEvent::builder()
                .id("e2")
                .created_at(at(3600))
                .message("(service web) registered 1 targets in (target-group tg)")
                .build(),
        )
        .load_balancers(
            SdkLoadBalancer::builder()
                .target_group_arn(
                    "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/1",
                )
                .container_name("app")
                .container_port(8080)
                .build(),
        )
        .network_configuration(
            NetworkConfiguration::builder()
                .awsvpc_configuration(
                    AwsVpcConfiguration::builder()
                        .subnets("subnet-a")
                        .subnets("subnet-b")
                        .security_groups("sg-1")
                        .assign_public_ip(AssignPublicIp::Disabled)
                        .build()
                        .expect("awsvpc"),
                )
                .build(),
        )
        .deployment_configuration(
            DeploymentConfiguration::builder()
                .minimum_healthy_percent(100)
                .maximum_percent(200)
                .deployment_circuit_breaker(
                    DeploymentCircuitBreaker::builder()
                        .enable(true)
                        .rollback(true)
                        .build(),
                )
                .build(),
        )
        .deployment_controller(
            DeploymentController::builder()
                .r#type(DeploymentControllerType::Ecs)
                .build()
                .expect("controller"),
        )
        .placement_constraints(
            PlacementConstraint::builder()
                .r#type(PlacementConstraintType::MemberOf)
                .expression("attribute:ecs.instance-type =~ t3.*")
                .build(),
        )
        .placement_constraints(
            PlacementConstraint::builder()
                .r#type(PlacementConstraintType::DistinctInstance)
                .build(),
        )
        .placement_strategy(
            PlacementStrategy::builder()
                .r#type(PlacementStrategyType::Spread)
                .field("attribute:ecs.availability-zone")
                .build(),
        )
        .scheduling_strategy(SchedulingStrategy::Replica)
        .enable_execute_command(true)
        .health_check_grace_period_seconds(30)
        .created_at(at(0))
        .created_by("arn:aws:iam::123456789012:role/deployer")
        .tags(Tag::builder().key("team").value("web").build())
        .build()
}

#[tokio::test]
async fn a_rolling_service_maps_deployments_and_events_newest_first() {
    let describe = mock!(Client::describe_services)
        .match_requests(|r| r.services() == ["web"] && r.include() == [ServiceField::Tags])
        .then_output(|| {
            DescribeServicesOutput::builder()
                .services(rolling_service())
                .build()
        });
    let client = mock_client!(aws_sdk_ecs, RuleMode::MatchAny, [&describe]);

    let s = describe_service(&client, "prod", "web")
        .await
        .expect("described");

    let deployments: Vec<(&str, &str, Option<&str>)> = s
        .deployments
        .iter()
        .map(|d| (d.id.as_str(), d.status.as_str(), d.rollout_state.as_deref()))
        .collect();
    assert_eq!(
        deployments,
        [
            ("ecs-svc/new", "PRIMARY", Some("IN_PROGRESS")),
            ("ecs-svc/old", "ACTIVE", Some("COMPLETED")),
        ]
    );
    let primary = s.primary().expect("primary");
    assert_eq!(
        (
            primary.desired,
            primary.running,
            primary.pending,
            primary.failed
        ),
        (3, 1, 1, 2)
    );
    assert_eq!(primary.created_at, sys(3600));
    assert_eq!(primary.updated_at, sys(3660));
    assert_eq!(primary.launch_type.as_deref(), Some("FARGATE"));
    assert_eq!(s.rollout_label(), "IN_PROGRESS");

    let events: Vec<&str> = s.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(events, ["e3", "e2", "e1"]);
    assert_eq!(s.events[0].created_at, sys(3700));

    assert_eq!((s.desired, s.running, s.pending), (3, 4, 1));
    assert_eq!(s.revision_label(), "web:8");
    assert_eq!(s.platform_version.as_deref(), Some("LATEST"));
    assert_eq!(s.deployment_controller, "ECS");
    assert_eq!(
        s.deployment_config,
        DeploymentConfig {
            minimum_healthy_percent: Some(100),
            maximum_percent: Some(200),
            circuit_breaker: true,
            rollback: true,
        }
    );
    assert_eq!(
        s.load_balancers,
        [LoadBalancer {
            target_group_arn: Some(
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/web/1".into()
            ),
            load_balancer_name: None,
            container_name: Some("app".into()),
            container_port: Some(8080),
        }]
    );
    assert_eq!(
        s.network,
        Some(NetworkConfig {
            subnets: vec!["subnet-a".into(), "subnet-b".into()],
            security_groups: vec!["sg-1".into()],
            assign_public_ip: Some("DISABLED".into()),
        })
    );
    let sc = s.service_connect.as_ref().expect("service connect");
    assert!(sc.enabled);
    assert_eq!(
        sc.namespace.as_deref(),
        Some("arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-1")
    );
    assert_eq!(sc.services, ["http → web.shop.local:80", "admin → admin"]);
    assert_eq!(
        s.placement,
        [
            "memberOf attribute:ecs.instance-type =~ t3.*",
            "distinctInstance",
            "spread attribute:ecs.availability-zone",
        ]
    );
    assert_eq!(s.scheduling_strategy, "REPLICA");
    assert!(s.enable_execute_command);
    assert_eq!(s.health_check_grace_period, Some(30));
    assert_eq!(s.created_at, sys(0));
    assert_eq!(
        s.created_by.as_deref(),
        Some("arn:aws:iam::123456789012:role/deployer")
    );
    assert_eq!(s.tags, [("team".to_string(), "web".to_string())]);

    // The JSON view: API member names, ISO timestamps, nothing null.
    let j = &s.json.value();
    assert_eq!(j["serviceName"], "web");
    assert_eq!(j["desiredCount"], 3);
    assert_eq!(j["deployments"][1]["rolloutState"], "IN_PROGRESS");
    assert_eq!(j["deployments"][1]["createdAt"], "2025-06-15T16:06:40Z");
    assert_eq!(
        j["deployments"][1]["serviceConnectConfiguration"]["services"][0]["clientAliases"][0]["dnsName"],
        "web.shop.local"
    );
    assert_eq!(
        j["deploymentConfiguration"]["deploymentCircuitBreaker"]["rollback"],
        true
    );
    assert_eq!(
        j["networkConfiguration"]["awsvpcConfiguration"]["assignPublicIp"],
        "DISABLED"
    );
    assert_eq!(
        j["placementConstraints"][1],
        serde_json::json!({"type": "distinctInstance"})
    );
    assert_eq!(j["deploymentController"]["type"], "ECS");
    assert_eq!(j["tags"][0]["key"], "team");
    assert_eq!(j["enableExecuteCommand"], true);
    assert!(j.get("roleArn").is_none(), "unset members are left out");
    assert!(!j.to_string().contains("null"), "{j}");
}

#[tokio::test]
async fn a_failed_rollout_keeps_its_reason() {
    let describe = mock!(Client::describe_services).then_output(|| {
        DescribeServicesOutput::builder()
            .services(
                SdkService::builder()
                    .service_arn(svc_arn("api"))
                    .service_name("api")
                    .status("ACTIVE")
                    .deployments(
                        aws_sdk_ecs::types::Deployment::builder()
                            .id("ecs-svc/bad")
                            .status("PRIMARY")
                            .task_definition(TD)
                            .failed_tasks(3)
                            .rollout_state(DeploymentRolloutState::Failed)
                            .rollout_state_reason(
                                "ECS deployment circuit breaker: tasks failed to start.",
                            )
                            .created_at(at(100))
                            .build(),
                    )
                    .build(),
            )
            .build()
    });
    let client = mock_client!(aws_sdk_ecs, RuleMode::MatchAny, [&describe]);
    let s = describe_service(&client, "prod", "api")
        .await
        .expect("described");
    assert_eq!(s.rollout_label(), "FAILED");
    let primary = s.primary().expect("primary");
    assert_eq!(
        primary.rollout_state_reason.as_deref(),
        Some("ECS deployment circuit breaker: tasks failed to start.")
    );
    assert_eq!(primary.failed, 3);
    // Defaults when the API leaves members out.
    assert_eq!(s.deployment_controller, "ECS");
    assert_eq!(s.scheduling_strategy, "REPLICA");
    assert_eq!(
        s.revision_label(),
        "web:7",
        "the PRIMARY deployment's revision"
    );
    assert!(s.service_connect.is_none());
    assert!(s.network.is_none());
}

#[tokio::test]
async fn throttling_is_classified_throttled() {
    let list = mock!(Client::list_services).then_output(|| {
        ListServicesOutput::builder()
            .service_arns(svc_arn("web"))
            .build()
    });
    let describe = mock!(Client::describe_services)
        .sequence()
        .http_status(400, Some(THROTTLED.to_string()))
        .repeatedly()
        .build();
    let client = mock_client!(
        aws_sdk_ecs,
        RuleMode::MatchAny,
        [&list, &describe],
        |c: aws_sdk_ecs::config::Builder| c.retry_config(
            RetryConfig::standard()
                .with_max_attempts(2)
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(2))
        )
    );
    let err = list_services(&client, "prod").await.expect_err("throttled");
    assert_eq!(err.kind, ErrorKind::Throttled);
    assert!(err.is_transient());
    assert!(err.message.contains("DescribeServices"), "{}", err.message);
    assert_eq!(describe.num_calls(), 2, "the SDK retried before giving up");
}

const RESOURCE: &str = "service/prod/web";

#[tokio::test]
async fn autoscaling_maps_the_target_and_its_policies() {
    let targets = mock!(AasClient::describe_scalable_targets)
        .match_requests(|r| {
            r.resource_ids() == [RESOURCE]
                && r.service_namespace().map(|n| n.as_str()) == Some("ecs")
                && r.scalable_dimension().map(|d| d.as_str()) == Some("ecs:service:DesiredCount")
        })
        .then_output(|| {
            DescribeScalableTargetsOutput::builder()
                .scalable_targets(
                    ScalableTarget::builder()
                        .service_namespace(ServiceNamespace::Ecs)
                        .resource_id(RESOURCE)
                        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
                        .min_capacity(2)
                        .max_capacity(10)
                        .role_arn("arn:aws:iam::123456789012:role/aas")
                        .creation_time(at(0))
                        .build()
                        .expect("target"),
                )
                .build()
        });
    let policies = mock!(AasClient::describe_scaling_policies)
        .match_requests(|r| r.resource_id() == Some(RESOURCE))
        .then_output(|| {
            DescribeScalingPoliciesOutput::builder()
                .scaling_policies(
                    AasPolicy::builder()
                        .policy_arn("arn:policy/cpu60")
                        .policy_name("cpu60")
                        .service_namespace(ServiceNamespace::Ecs)
                        .resource_id(RESOURCE)
                        .scalable_dimension(ScalableDimension::EcsServiceDesiredCount)
                        .policy_type(PolicyType::TargetTrackingScaling)
                        .target_tracking_scaling_policy_configuration(
                            TargetTrackingScalingPolicyConfiguration::builder()
                                .target_value(60.0)
                                .predefined_metric_specification(
                                    PredefinedMetricSpecification::builder()
                                        .predefined_metric_type(
                                            MetricType::EcsServiceAverageCpuUtilization,
                                        )
                                        .build()
                                        .expect("metric"),
                                )
                                .build()
                                .expect("tt"),
                        )
                        .creation_time(at(0))
                        .build()
                        .expect("policy"),
                )
                .build()
        });
    let capture = Capture::default();
    let aas = mocked!(
        aws_sdk_applicationautoscaling,
        [&targets, &policies],
        capture
    );
    let scaling = service_autoscaling(
        &aas,
        "arn:aws:ecs:us-east-1:123456789012:cluster/prod",
        "web",
    )
    .await
    .expect("reads")
    .expect("a target");
    assert_eq!(scaling.min, Some(2));
    assert_eq!(scaling.max, Some(10));
    assert_eq!(
        scaling.policies,
        ["cpu60: TargetTrackingScaling ECSServiceAverageCPUUtilization 60"]
    );
}

#[tokio::test]
async fn no_scalable_target_is_none_and_skips_the_policies() {
    let targets = mock!(AasClient::describe_scalable_targets)
        .then_output(|| DescribeScalableTargetsOutput::builder().build());
    let policies = mock!(AasClient::describe_scaling_policies)
        .then_output(|| DescribeScalingPoliciesOutput::builder().build());
    let capture = Capture::default();
    let aas = mocked!(
        aws_sdk_applicationautoscaling,
        [&targets, &policies],
        capture
    );
    let scaling = service_autoscaling(&aas, "prod", "web")
        .await
        .expect("reads");
    assert_eq!(scaling, None);
    assert_eq!(policies.num_calls(), 0);
}
