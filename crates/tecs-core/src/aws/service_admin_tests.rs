//! The bodies the writes send, captured on the wire, and the order of the delete's calls, with
//! aws-smithy-mocks: the emulator accepts any body and needs `force` where AWS would not.

use aws_sdk_ecs::Client;
use aws_sdk_ecs::operation::create_service::CreateServiceOutput;
use aws_sdk_ecs::operation::delete_service::DeleteServiceOutput;
use aws_sdk_ecs::operation::describe_services::DescribeServicesOutput;
use aws_sdk_ecs::operation::run_task::RunTaskOutput;
use aws_sdk_ecs::operation::stop_task::StopTaskOutput;
use aws_sdk_ecs::operation::update_service::UpdateServiceOutput;
use aws_sdk_ecs::types::{Failure, Service as SdkService, Task as SdkTask};
use aws_smithy_mocks::{Rule, mock};
use aws_smithy_runtime_api::http::{Response, StatusCode};
use aws_smithy_types::body::SdkBody;
use serde_json::json;

use super::*;
use crate::aws::namespace_admin::tests::{Capture, mocked};
use crate::domain::request::Operation;
use crate::model::StrategyItem;
use crate::model::service::{LoadBalancer, NetworkConfig};

fn sdk_service(name: &str, status: &str, desired: i32) -> SdkService {
    SdkService::builder()
        .service_arn(format!(
            "arn:aws:ecs:us-east-1:123456789012:service/prod/{name}"
        ))
        .service_name(name)
        .status(status)
        .desired_count(desired)
        .build()
}

fn ecs_client(rules: &[&Rule]) -> (aws_sdk_ecs::Client, Capture) {
    let capture = Capture::default();
    let client = mocked!(aws_sdk_ecs, rules.iter().copied(), capture);
    (client, capture)
}

fn update_ok() -> Rule {
    mock!(Client::update_service).then_output(|| {
        UpdateServiceOutput::builder()
            .service(sdk_service("web", "ACTIVE", 5))
            .build()
    })
}

#[tokio::test]
async fn scaling_sends_only_the_desired_count() {
    let update = update_ok();
    let (ecs, capture) = ecs_client(&[&update]);
    let change = ServiceUpdate {
        cluster: "prod".into(),
        service: "web".into(),
        desired_count: Some(5),
        ..ServiceUpdate::default()
    };

    let service = update_service(&ecs, &change).await.expect("scaled");

    assert_eq!(service.desired, 5);
    let bodies = capture.bodies("UpdateService");
    assert_eq!(
        bodies,
        [json!({"cluster": "prod", "service": "web", "desiredCount": 5})],
        "no taskDefinition, so no iam:PassRole is needed"
    );
    assert_eq!(bodies[0], update_service_request(&change));
}

#[tokio::test]
async fn a_new_revision_sends_the_task_definition_and_the_flags_set() {
    let update = update_ok();
    let (ecs, capture) = ecs_client(&[&update]);
    let change = ServiceUpdate {
        cluster: "prod".into(),
        service: "web".into(),
        desired_count: None,
        task_definition: Some("web:9".into()),
        force_new_deployment: true,
        enable_execute_command: Some(false),
    };
    update_service(&ecs, &change).await.expect("updated");
    assert_eq!(
        capture.bodies("UpdateService"),
        [json!({
            "cluster": "prod",
            "service": "web",
            "taskDefinition": "web:9",
            "forceNewDeployment": true,
            "enableExecuteCommand": false,
        })]
    );
}

#[tokio::test]
async fn an_update_that_changes_nothing_is_refused_without_a_call() {
    let update = update_ok();
    let (ecs, capture) = ecs_client(&[&update]);
    let change = ServiceUpdate {
        cluster: "prod".into(),
        service: "web".into(),
        ..ServiceUpdate::default()
    };
    let err = update_service(&ecs, &change).await.expect_err("refused");
    assert_eq!(err.kind, ErrorKind::InvalidRequest);
    assert!(capture.all().is_empty());
}

#[tokio::test]
async fn delete_scales_to_zero_then_deletes_without_force() {
    let describe = mock!(Client::describe_services).then_output(|| {
        DescribeServicesOutput::builder()
            .services(sdk_service("web", "ACTIVE", 3))
            .build()
    });
    let update = update_ok();
    let delete = mock!(Client::delete_service).then_output(|| {
        DeleteServiceOutput::builder()
            .service(sdk_service("web", "DRAINING", 0))
            .build()
    });
    let (ecs, capture) = ecs_client(&[&describe, &update, &delete]);

    let service = delete_service(&ecs, "prod", "web").await.expect("deleted");

    assert_eq!(service.status, "DRAINING");
    assert_eq!(
        capture.operations(),
        ["DescribeServices", "UpdateService", "DeleteService"]
    );
    assert_eq!(
        capture.bodies("UpdateService"),
        [json!({"cluster": "prod", "service": "web", "desiredCount": 0})]
    );
    assert_eq!(
        capture.bodies("DeleteService"),
        [json!({"cluster": "prod", "service": "web"})],
        "no force"
    );
}

#[tokio::test]
async fn a_service_already_at_zero_is_deleted_at_once() {
    let describe = mock!(Client::describe_services).then_output(|| {
        DescribeServicesOutput::builder()
            .services(sdk_service("web", "ACTIVE", 0))
            .build()
    });
    let update = update_ok();
    let delete = mock!(Client::delete_service).then_output(|| {
        DeleteServiceOutput::builder()
            .service(sdk_service("web", "DRAINING", 0))
            .build()
    });
    let (ecs, capture) = ecs_client(&[&describe, &update, &delete]);
    delete_service(&ecs, "prod", "web").await.expect("deleted");
    assert_eq!(capture.operations(), ["DescribeServices", "DeleteService"]);
}

#[tokio::test]
async fn a_refused_scale_down_stops_the_delete() {
    let describe = mock!(Client::describe_services).then_output(|| {
        DescribeServicesOutput::builder()
            .services(sdk_service("web", "ACTIVE", 2))
            .build()
    });
    let denied = mock!(Client::update_service).then_http_response(|| {
        Response::new(
            StatusCode::try_from(400).expect("status"),
            SdkBody::from(
                r#"{"__type":"AccessDeniedException","message":"User: x is not authorized to perform: ecs:UpdateService on resource: web"}"#,
            ),
        )
    });
    let delete =
        mock!(Client::delete_service).then_output(|| DeleteServiceOutput::builder().build());
    let (ecs, capture) = ecs_client(&[&describe, &denied, &delete]);
    let err = delete_service(&ecs, "prod", "web")
        .await
        .expect_err("denied");
    assert_eq!(
        err.kind,
        ErrorKind::AccessDenied {
            action: Some("ecs:UpdateService".into())
        }
    );
    assert_eq!(capture.operations(), ["DescribeServices", "UpdateService"]);
}

fn fargate_service() -> NewService {
    NewService {
        cluster: "prod".into(),
        name: "web".into(),
        task_definition: "web:8".into(),
        desired_count: 2,
        launch_type: Some("FARGATE".into()),
        capacity_provider_strategy: Vec::new(),
        network: Some(NetworkConfig {
            subnets: vec!["subnet-a".into(), "subnet-b".into()],
            security_groups: vec!["sg-1".into()],
            assign_public_ip: Some("DISABLED".into()),
        }),
        load_balancer: Some(LoadBalancer {
            target_group_arn: Some("arn:tg/web".into()),
            load_balancer_name: None,
            container_name: Some("app".into()),
            container_port: Some(8080),
        }),
        service_connect: Some(("shop.local".into(), Some("http".into()))),
        minimum_healthy_percent: 100,
        maximum_percent: 200,
        circuit_breaker: true,
        rollback: true,
        enable_execute_command: true,
        tags: vec![("team".into(), "web".into())],
    }
}

#[test]
fn the_create_service_request_is_the_api_body() {
    let body = create_service_request(&fargate_service());
    assert_eq!(
        body,
        json!({
            "cluster": "prod",
            "serviceName": "web",
            "taskDefinition": "web:8",
            "desiredCount": 2,
            "launchType": "FARGATE",
            "networkConfiguration": {"awsvpcConfiguration": {
                "subnets": ["subnet-a", "subnet-b"],
                "securityGroups": ["sg-1"],
                "assignPublicIp": "DISABLED",
            }},
            "loadBalancers": [{"targetGroupArn": "arn:tg/web", "containerName": "app", "containerPort": 8080}],
            "serviceConnectConfiguration": {"enabled": true, "namespace": "shop.local", "services": [{"portName": "http"}]},
            "deploymentConfiguration": {
                "deploymentCircuitBreaker": {"enable": true, "rollback": true},
                "maximumPercent": 200,
                "minimumHealthyPercent": 100,
            },
            "enableExecuteCommand": true,
            "tags": [{"key": "team", "value": "web"}],
        })
    );
    let keys: Vec<&str> = body
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys[..4],
        ["cluster", "serviceName", "taskDefinition", "desiredCount"]
    );
}

#[test]
fn a_capacity_provider_service_without_extras_sends_the_minimum() {
    let spec = NewService {
        launch_type: None,
        capacity_provider_strategy: vec![StrategyItem {
            provider: "FARGATE_SPOT".into(),
            weight: 1,
            base: 0,
        }],
        load_balancer: None,
        service_connect: Some(("shop.local".into(), None)),
        enable_execute_command: false,
        tags: Vec::new(),
        circuit_breaker: false,
        rollback: false,
        ..fargate_service()
    };
    let body = create_service_request(&spec);
    assert_eq!(
        body["capacityProviderStrategy"],
        json!([{"capacityProvider": "FARGATE_SPOT", "weight": 1, "base": 0}])
    );
    assert!(body.get("launchType").is_none());
    assert!(body.get("loadBalancers").is_none());
    assert!(body.get("enableExecuteCommand").is_none());
    assert!(body.get("tags").is_none());
    assert_eq!(
        body["serviceConnectConfiguration"],
        json!({"enabled": true, "namespace": "shop.local"}),
        "a client-only service publishes no port"
    );
}

#[tokio::test]
async fn create_service_sends_exactly_the_reviewed_json() {
    let create = mock!(Client::create_service).then_output(|| {
        CreateServiceOutput::builder()
            .service(sdk_service("web", "ACTIVE", 2))
            .build()
    });
    let (ecs, capture) = ecs_client(&[&create]);
    let spec = fargate_service();

    let service = create_service(&ecs, &spec).await.expect("created");

    assert_eq!(service.name, "web");
    assert_eq!(
        capture.bodies("CreateService"),
        [create_service_request(&spec)]
    );
    let plan = plan_create_service(&spec);
    assert_eq!(plan.request, create_service_request(&spec));
    assert!(
        plan.cli
            .starts_with("aws ecs create-service --cluster prod --service-name web --task-definition web:8 --desired-count 2 --launch-type FARGATE"),
        "{}",
        plan.cli
    );
    let line = cli_input_json(Operation::CreateService, &plan.request);
    assert!(
        line.starts_with("aws ecs create-service --cli-input-json '{\"cluster\":\"prod\""),
        "{line}"
    );
}

fn new_task() -> NewTask {
    NewTask {
        cluster: "prod".into(),
        task_definition: "worker:2".into(),
        count: 2,
        launch_type: Some("FARGATE".into()),
        capacity_provider_strategy: Vec::new(),
        network: Some(NetworkConfig {
            subnets: vec!["subnet-a".into()],
            security_groups: Vec::new(),
            assign_public_ip: None,
        }),
        command_override: Some((
            "worker".into(),
            vec!["python".into(), "-m".into(), "jobs.reindex".into()],
        )),
        started_by: Some("tecs/jdoe".into()),
        enable_execute_command: false,
    }
}

#[tokio::test]
async fn run_task_sends_the_reviewed_json_and_reports_failures() {
    let run = mock!(Client::run_task).then_output(|| {
        RunTaskOutput::builder()
            .tasks(
                SdkTask::builder()
                    .task_arn("arn:aws:ecs:us-east-1:123456789012:task/prod/abc")
                    .last_status("PROVISIONING")
                    .build(),
            )
            .failures(
                Failure::builder()
                    .arn("arn:aws:ecs:us-east-1:123456789012:container-instance/prod/ci-1")
                    .reason("RESOURCE:MEMORY")
                    .build(),
            )
            .failures(
                Failure::builder()
                    .reason("AGENT")
                    .detail("agent disconnected")
                    .build(),
            )
            .build()
    });
    let (ecs, capture) = ecs_client(&[&run]);
    let spec = new_task();

    let (tasks, failures) = run_task(&ecs, &spec).await.expect("ran");

    assert_eq!(tasks.len(), 1);
    assert_eq!(tasks[0].last_status, "PROVISIONING");
    assert_eq!(
        failures,
        [
            "arn:aws:ecs:us-east-1:123456789012:container-instance/prod/ci-1: RESOURCE:MEMORY",
            "-: AGENT (agent disconnected)",
        ]
    );
    let body = run_task_request(&spec);
    assert_eq!(capture.bodies("RunTask"), std::slice::from_ref(&body));
    assert_eq!(
        body,
        json!({
            "cluster": "prod",
            "taskDefinition": "worker:2",
            "count": 2,
            "launchType": "FARGATE",
            "networkConfiguration": {"awsvpcConfiguration": {"subnets": ["subnet-a"]}},
            "overrides": {"containerOverrides": [{"name": "worker", "command": ["python", "-m", "jobs.reindex"]}]},
            "startedBy": "tecs/jdoe",
        })
    );
    assert_eq!(plan_run_task(&spec).request, body);
}

#[tokio::test]
async fn run_task_refuses_more_than_ten_tasks_without_a_call() {
    let run = mock!(Client::run_task).then_output(|| RunTaskOutput::builder().build());
    let (ecs, capture) = ecs_client(&[&run]);
    let spec = NewTask {
        count: 11,
        ..new_task()
    };
    let err = run_task(&ecs, &spec).await.expect_err("refused");
    assert_eq!(err.kind, ErrorKind::InvalidRequest);
    assert!(capture.all().is_empty());
}

#[tokio::test]
async fn stop_task_records_the_reason() {
    let stop = mock!(Client::stop_task).then_output(|| {
        StopTaskOutput::builder()
            .task(
                SdkTask::builder()
                    .task_arn("arn:aws:ecs:us-east-1:123456789012:task/prod/abc")
                    .desired_status("STOPPED")
                    .stopped_reason("Stopped by jdoe: stuck job")
                    .build(),
            )
            .build()
    });
    let (ecs, capture) = ecs_client(&[&stop]);
    let task = stop_task(&ecs, "prod", "abc", "Stopped by jdoe: stuck job")
        .await
        .expect("stopped");
    assert_eq!(task.desired_status, "STOPPED");
    assert_eq!(
        task.stopped_reason.as_deref(),
        Some("Stopped by jdoe: stuck job")
    );
    assert_eq!(
        capture.bodies("StopTask"),
        [json!({"cluster": "prod", "task": "abc", "reason": "Stopped by jdoe: stuck job"})]
    );
}

#[tokio::test]
async fn a_long_stop_reason_is_cut_to_the_api_limit() {
    let stop = mock!(Client::stop_task).then_output(|| {
        StopTaskOutput::builder()
            .task(SdkTask::builder().task_arn("arn:task/abc").build())
            .build()
    });
    let (ecs, capture) = ecs_client(&[&stop]);
    let long = "é".repeat(300);
    stop_task(&ecs, "prod", "abc", &long)
        .await
        .expect("stopped");
    let sent = capture.bodies("StopTask")[0]["reason"]
        .as_str()
        .expect("reason")
        .to_string();
    assert_eq!(sent.chars().count(), STOP_REASON_MAX);
}
