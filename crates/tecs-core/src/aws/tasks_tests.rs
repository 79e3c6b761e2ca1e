//! Paging, chunking, the service filter, ordering and mapping of tasks, with aws-smithy-mocks:
//! the emulator ignores pagination and the serviceName filter, and sets no task timestamps,
//! health, exit codes or stop codes.

use std::time::{Duration, SystemTime};

use aws_sdk_ecs::Client;
use aws_sdk_ecs::operation::describe_tasks::DescribeTasksOutput;
use aws_sdk_ecs::operation::list_tasks::ListTasksOutput;
use aws_sdk_ecs::types::{
    Attachment as SdkAttachment, Container as SdkContainer, Failure, HealthStatus, KeyValuePair,
    LaunchType, NetworkBinding, NetworkInterface, Task as SdkTask, TaskStopCode, TransportProtocol,
};
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use aws_smithy_types::DateTime;

use super::*;

const CLUSTER_ARN: &str = "arn:aws:ecs:us-east-1:123456789012:cluster/prod";

fn task_arn(i: usize) -> String {
    format!("arn:aws:ecs:us-east-1:123456789012:task/prod/{i:032x}")
}

fn at(secs: i64) -> DateTime {
    DateTime::from_secs(1_750_000_000 + secs)
}

fn sys(secs: u64) -> Option<SystemTime> {
    Some(SystemTime::UNIX_EPOCH + Duration::from_secs(1_750_000_000 + secs))
}

fn plain_task(arn: &str) -> SdkTask {
    SdkTask::builder()
        .task_arn(arn)
        .cluster_arn(CLUSTER_ARN)
        .last_status("RUNNING")
        .desired_status("RUNNING")
        .group("service:web")
        .build()
}

fn describe_echo() -> aws_smithy_mocks::Rule {
    mock!(Client::describe_tasks)
        .match_requests(|r| {
            r.tasks().len() <= DESCRIBE_TASKS_CHUNK && r.include() == [TaskField::Tags]
        })
        .then_compute_output(|r| {
            DescribeTasksOutput::builder()
                .set_tasks(Some(r.tasks().iter().map(|a| plain_task(a)).collect()))
                .build()
        })
}

#[tokio::test]
async fn lists_250_tasks_over_three_pages_and_describes_them_in_3_calls_of_at_most_100() {
    let page = |from: usize, to: usize, next: Option<&'static str>| {
        move || {
            ListTasksOutput::builder()
                .set_task_arns(Some((from..to).map(task_arn).collect()))
                .set_next_token(next.map(str::to_string))
                .build()
        }
    };
    let asks_running = |r: &aws_sdk_ecs::operation::list_tasks::ListTasksInput| {
        r.desired_status() == Some(&SdkDesiredStatus::Running)
            && r.max_results() == Some(100)
            && r.cluster() == Some("prod")
            && r.service_name().is_none()
    };
    let first = mock!(Client::list_tasks)
        .match_requests(move |r| asks_running(r) && r.next_token().is_none())
        .then_output(page(0, 100, Some("t1")));
    let second = mock!(Client::list_tasks)
        .match_requests(move |r| asks_running(r) && r.next_token() == Some("t1"))
        .then_output(page(100, 200, Some("t2")));
    let third = mock!(Client::list_tasks)
        .match_requests(move |r| asks_running(r) && r.next_token() == Some("t2"))
        .then_output(page(200, 250, None));
    let describe = describe_echo();
    let client = mock_client!(
        aws_sdk_ecs,
        RuleMode::MatchAny,
        [&first, &second, &third, &describe]
    );

    let mut early: Vec<usize> = Vec::new();
    let tasks = list_tasks_progressively(&client, "prod", None, DesiredStatus::Running, |rows| {
        early.push(rows.len());
    })
    .await
    .expect("tasks load");

    // Each page's tasks are handed on as they are described, in list order (the last may come
    // early too, when its describe beats the end of the listing).
    assert_eq!(early[..2], [100, 100]);
    assert!(early.iter().sum::<usize>() <= 250);
    assert_eq!(tasks.len(), 250);
    assert_eq!(
        (first.num_calls(), second.num_calls(), third.num_calls()),
        (1, 1, 1)
    );
    assert_eq!(describe.num_calls(), 3, "250 tasks → 100 + 100 + 50");
    // No timestamps: a stable order by ARN.
    assert_eq!(tasks[0].arn, task_arn(0));
    assert_eq!(tasks[249].arn, task_arn(249));
}

#[tokio::test]
async fn a_services_tasks_are_asked_for_by_name_and_kept_by_group() {
    let list = mock!(Client::list_tasks)
        .match_requests(|r| {
            r.service_name() == Some("web")
                && r.desired_status() == Some(&SdkDesiredStatus::Stopped)
        })
        .then_output(|| {
            ListTasksOutput::builder()
                .set_task_arns(Some((0..4).map(task_arn).collect()))
                .build()
        });
    // What the emulator does: every task of the cluster comes back, whatever the filter.
    let describe = mock!(Client::describe_tasks).then_output(|| {
        let task = |i: usize, group: Option<&str>, cluster: &str| {
            SdkTask::builder()
                .task_arn(task_arn(i))
                .cluster_arn(cluster)
                .last_status("STOPPED")
                .desired_status("STOPPED")
                .set_group(group.map(str::to_string))
                .build()
        };
        DescribeTasksOutput::builder()
            .tasks(task(0, Some("service:web"), CLUSTER_ARN))
            .tasks(task(1, Some("service:api"), CLUSTER_ARN))
            .tasks(task(2, None, CLUSTER_ARN))
            .tasks(task(
                3,
                Some("service:web"),
                "arn:aws:ecs:us-east-1:123456789012:cluster/prod-2",
            ))
            .build()
    });
    let client = mock_client!(aws_sdk_ecs, RuleMode::MatchAny, [&list, &describe]);
    let tasks = list_tasks(&client, "prod", Some("web"), DesiredStatus::Stopped)
        .await
        .expect("tasks load");
    let arns: Vec<&str> = tasks.iter().map(|t| t.arn.as_str()).collect();
    assert_eq!(
        arns,
        [task_arn(0).as_str()],
        "other services and clusters are left out"
    );
    assert_eq!(tasks[0].service(), Some("web"));
}

#[tokio::test]
async fn running_tasks_sort_by_start_and_stopped_ones_by_stop_newest_first() {
    let timed = |i: usize, started: Option<i64>, stopped: Option<i64>| {
        SdkTask::builder()
            .task_arn(task_arn(i))
            .cluster_arn(CLUSTER_ARN)
            .set_started_at(started.map(at))
            .set_stopped_at(stopped.map(at))
            .build()
    };
    let list = mock!(Client::list_tasks).then_output(|| {
        ListTasksOutput::builder()
            .set_task_arns(Some((0..4).map(task_arn).collect()))
            .build()
    });
    let describe = mock!(Client::describe_tasks).then_output(move || {
        DescribeTasksOutput::builder()
            .tasks(timed(0, Some(10), Some(500)))
            .tasks(timed(1, Some(30), Some(100)))
            .tasks(timed(2, None, None))
            .tasks(timed(3, Some(20), Some(300)))
            .build()
    });
    let client = mock_client!(aws_sdk_ecs, RuleMode::MatchAny, [&list, &describe]);

    let running = list_tasks(&client, "prod", None, DesiredStatus::Running)
        .await
        .expect("loads");
    let order: Vec<String> = running.iter().map(|t| t.arn.clone()).collect();
    assert_eq!(
        order,
        [task_arn(2), task_arn(1), task_arn(3), task_arn(0)],
        "a task not started yet is the newest"
    );

    let stopped = list_tasks(&client, "prod", None, DesiredStatus::Stopped)
        .await
        .expect("loads");
    let order: Vec<String> = stopped.iter().map(|t| t.arn.clone()).collect();
    assert_eq!(order, [task_arn(2), task_arn(0), task_arn(3), task_arn(1)]);
}

/// A Fargate task whose essential container exited: exit codes, reasons, health, bindings, the
/// ENI, every timestamp and the stop code.
fn stopped_task() -> SdkTask {
    SdkTask::builder()
        .task_arn(task_arn(7))
        .cluster_arn(CLUSTER_ARN)
        .task_definition_arn("arn:aws:ecs:us-east-1:123456789012:task-definition/web:8")
        .last_status("STOPPED")
        .desired_status("STOPPED")
        .health_status(HealthStatus::Unhealthy)
        .launch_type(LaunchType::Fargate)
        .capacity_provider_name("FARGATE")
        .availability_zone("us-east-1b")
        .group("service:web")
        .started_by("ecs-svc/123")
        .cpu("256")
        .memory("512")
        .platform_version("1.4.0")
        .enable_execute_command(true)
        .stop_code(TaskStopCode::EssentialContainerExited)
        .stopped_reason("Essential container in task exited")
        .created_at(at(0))
        .pull_started_at(at(5))
        .pull_stopped_at(at(15))
        .started_at(at(20))
        .stopping_at(at(100))
        .execution_stopped_at(at(110))
        .stopped_at(at(120))
        .containers(
            SdkContainer::builder()
                .name("app")
                .image("123456789012.dkr.ecr.us-east-1.amazonaws.com/web:8")
                .image_digest("sha256:abc")
                .runtime_id("7f1e-1234")
                .last_status("STOPPED")
                .exit_code(137)
                .reason("OutOfMemoryError: Container killed due to memory usage")
                .health_status(HealthStatus::Unhealthy)
                .network_bindings(
                    NetworkBinding::builder()
                        .container_port(8080)
                        .host_port(8080)
                        .protocol(TransportProtocol::Tcp)
                        .build(),
                )
                .network_bindings(
                    NetworkBinding::builder()
                        .container_port(53)
                        .protocol(TransportProtocol::Udp)
                        .build(),
                )
                .network_interfaces(
                    NetworkInterface::builder()
                        .attachment_id("att-1")
                        .private_ipv4_address("10.0.1.23")
                        .build(),
                )
                .cpu("128")
                .memory("256")
                .build(),
        )
        .containers(
            SdkContainer::builder()
                .name("sidecar")
                .image("envoy")
                .last_status("STOPPED")
                .exit_code(0)
                .build(),
        )
        .attachments(
            SdkAttachment::builder()
                .id("att-1")
                .r#type("ElasticNetworkInterface")
                .status("DELETED")
                .details(
                    KeyValuePair::builder()
                        .name("subnetId")
                        .value("subnet-a")
                        .build(),
                )
                .details(
                    KeyValuePair::builder()
                        .name("networkInterfaceId")
                        .value("eni-0abc")
                        .build(),
                )
                .details(
                    KeyValuePair::builder()
                        .name("privateIPv4Address")
                        .value("10.0.1.23")
                        .build(),
                )
                .build(),
        )
        .build()
}

#[tokio::test]
async fn a_stopped_task_maps_containers_network_times_and_stop_code() {
    let describe = mock!(Client::describe_tasks)
        .match_requests(|r| r.tasks() == ["0007"] && r.cluster() == Some("prod"))
        .then_output(|| DescribeTasksOutput::builder().tasks(stopped_task()).build());
    let client = mock_client!(aws_sdk_ecs, RuleMode::MatchAny, [&describe]);

    let t = describe_task(&client, "prod", "0007")
        .await
        .expect("described");

    assert_eq!(t.id(), "00000000000000000000000000000007");
    assert_eq!(
        (t.last_status.as_str(), t.desired_status.as_str()),
        ("STOPPED", "STOPPED")
    );
    assert_eq!(t.health.as_deref(), Some("UNHEALTHY"));
    assert_eq!(t.capacity_label(), "FARGATE");
    assert_eq!(t.availability_zone.as_deref(), Some("us-east-1b"));
    assert_eq!(t.service(), Some("web"));
    assert_eq!(t.started_by.as_deref(), Some("ecs-svc/123"));
    assert_eq!(
        (t.cpu.as_deref(), t.memory.as_deref()),
        (Some("256"), Some("512"))
    );
    assert_eq!(t.platform_version.as_deref(), Some("1.4.0"));
    assert!(t.enable_execute_command);
    assert_eq!(t.stop_code.as_deref(), Some("EssentialContainerExited"));
    assert_eq!(
        t.stopped_reason.as_deref(),
        Some("Essential container in task exited")
    );
    assert_eq!(
        t.timestamps,
        TaskTimestamps {
            created: sys(0),
            pull_started: sys(5),
            pull_stopped: sys(15),
            started: sys(20),
            stopping: sys(100),
            execution_stopped: sys(110),
            stopped: sys(120),
        }
    );

    let app = &t.containers[0];
    assert_eq!(app.name, "app");
    assert_eq!(app.image_digest.as_deref(), Some("sha256:abc"));
    assert_eq!(app.exit_code, Some(137));
    assert_eq!(
        app.reason.as_deref(),
        Some("OutOfMemoryError: Container killed due to memory usage")
    );
    assert_eq!(app.health.as_deref(), Some("UNHEALTHY"));
    assert_eq!(app.ports, ["8080->8080/tcp", "53/udp"]);
    assert_eq!(
        (app.cpu.as_deref(), app.memory.as_deref()),
        (Some("128"), Some("256"))
    );
    assert_eq!(app.private_ip.as_deref(), Some("10.0.1.23"));
    assert_eq!(app.runtime_id.as_deref(), Some("7f1e-1234"));
    let sidecar = &t.containers[1];
    assert_eq!(sidecar.exit_code, Some(0));
    assert_eq!(sidecar.reason, None);
    assert!(sidecar.ports.is_empty());

    assert_eq!(
        t.attachments,
        [Attachment {
            id: "att-1".into(),
            kind: "ElasticNetworkInterface".into(),
            status: "DELETED".into(),
            eni: Some("eni-0abc".into()),
            private_ip: Some("10.0.1.23".into()),
            subnet: Some("subnet-a".into()),
        }]
    );
    assert_eq!(t.private_ip(), Some("10.0.1.23"));

    let j = &t.json.value();
    assert_eq!(j["stopCode"], "EssentialContainerExited");
    assert_eq!(j["stoppedAt"], "2025-06-15T15:08:40Z");
    assert_eq!(j["containers"][0]["exitCode"], 137);
    assert_eq!(j["containers"][0]["networkBindings"][1]["protocol"], "udp");
    assert_eq!(j["attachments"][0]["details"][1]["value"], "eni-0abc");
    assert_eq!(j["group"], "service:web");
    assert!(!j.to_string().contains("null"), "{j}");
}

#[tokio::test]
async fn a_task_in_describe_failures_is_not_found() {
    let describe = mock!(Client::describe_tasks).then_output(|| {
        DescribeTasksOutput::builder()
            .failures(
                Failure::builder()
                    .arn(task_arn(9))
                    .reason("MISSING")
                    .build(),
            )
            .build()
    });
    let client = mock_client!(aws_sdk_ecs, RuleMode::MatchAny, [&describe]);
    let err = describe_task(&client, "prod", &task_arn(9))
        .await
        .expect_err("missing");
    assert_eq!(err.kind, ErrorKind::NotFound);
}

#[test]
fn port_labels_show_host_ports_and_ranges() {
    let range = NetworkBinding::builder()
        .container_port_range("8000-8010")
        .host_port_range("9000-9010")
        .build();
    assert_eq!(port_label(&range), "9000-9010->8000-8010/tcp");
    let plain = NetworkBinding::builder().container_port(80).build();
    assert_eq!(port_label(&plain), "80/tcp");
    let bridged = NetworkBinding::builder()
        .container_port(80)
        .host_port(32768)
        .protocol(TransportProtocol::Tcp)
        .build();
    assert_eq!(port_label(&bridged), "32768->80/tcp");
}

#[test]
fn tasks_belong_to_the_cluster_by_name_or_arn() {
    assert!(in_cluster(CLUSTER_ARN, "prod"));
    assert!(in_cluster(CLUSTER_ARN, CLUSTER_ARN));
    assert!(!in_cluster(CLUSTER_ARN, "pro"));
    assert!(!in_cluster(
        "arn:aws:ecs:us-east-1:123456789012:cluster/prod-2",
        "prod"
    ));
    assert!(in_cluster("", "prod"), "an unknown cluster is kept");
}
