//! Paging, chunking and mapping of container instances, with aws-smithy-mocks (the emulator
//! never pages).

use aws_sdk_ecs::Client;
use aws_sdk_ecs::operation::describe_container_instances::DescribeContainerInstancesOutput;
use aws_sdk_ecs::operation::list_container_instances::ListContainerInstancesOutput;
use aws_sdk_ecs::types::{ContainerInstance as SdkInstance, Resource, VersionInfo};
use aws_smithy_mocks::{RuleMode, mock, mock_client};

use super::*;

fn arn(i: usize) -> String {
    format!("arn:aws:ecs:us-east-1:123456789012:container-instance/legacy/{i:032x}")
}

fn int(name: &str, v: i32) -> Resource {
    Resource::builder()
        .name(name)
        .r#type("INTEGER")
        .integer_value(v)
        .build()
}

/// Instance ids run backwards against the list order, so sorting shows.
fn instance(arn: &str) -> SdkInstance {
    let i = usize::from_str_radix(arn.rsplit('/').next().unwrap_or("0"), 16).unwrap_or(0);
    SdkInstance::builder()
        .container_instance_arn(arn)
        .ec2_instance_id(format!("i-{:05}", 1000 - i))
        .status("ACTIVE")
        .agent_connected(true)
        .running_tasks_count(2)
        .pending_tasks_count(1)
        .registered_resources(int("CPU", 2048))
        .registered_resources(int("MEMORY", 7680))
        .registered_resources(
            Resource::builder()
                .name("PORTS")
                .r#type("STRINGSET")
                .string_set_value("22")
                .build(),
        )
        .remaining_resources(int("CPU", 1536))
        .remaining_resources(int("MEMORY", 6656))
        .version_info(
            VersionInfo::builder()
                .agent_version("1.89.0")
                .docker_version("DockerVersion: 25.0.8")
                .build(),
        )
        .capacity_provider_name("legacy-asg")
        .build()
}

#[tokio::test]
async fn pages_and_describes_150_instances_in_chunks_of_100_sorted_by_instance_id() {
    let first = mock!(Client::list_container_instances)
        .match_requests(|r| r.next_token().is_none() && r.max_results() == Some(100))
        .then_output(|| {
            ListContainerInstancesOutput::builder()
                .set_container_instance_arns(Some((0..100).map(arn).collect()))
                .next_token("t1")
                .build()
        });
    let second = mock!(Client::list_container_instances)
        .match_requests(|r| r.next_token() == Some("t1"))
        .then_output(|| {
            ListContainerInstancesOutput::builder()
                .set_container_instance_arns(Some((100..150).map(arn).collect()))
                .build()
        });
    let describe = mock!(Client::describe_container_instances)
        .match_requests(|r| r.container_instances().len() <= DESCRIBE_CONTAINER_INSTANCES_CHUNK)
        .then_compute_output(|r| {
            DescribeContainerInstancesOutput::builder()
                .set_container_instances(Some(
                    r.container_instances()
                        .iter()
                        .map(|a| instance(a))
                        .collect(),
                ))
                .build()
        });
    let client = mock_client!(
        aws_sdk_ecs,
        RuleMode::MatchAny,
        [&first, &second, &describe]
    );

    let instances = list_container_instances(&client, "legacy")
        .await
        .expect("instances load");

    assert_eq!(instances.len(), 150);
    assert_eq!(describe.num_calls(), 2, "150 instances → 100 + 50");
    assert_eq!(instances[0].ec2_instance_id.as_deref(), Some("i-00851"));
    assert_eq!(instances[149].ec2_instance_id.as_deref(), Some("i-01000"));
    let one = &instances[0];
    assert_eq!(one.arn, arn(149));
    assert_eq!(
        (one.registered_cpu, one.registered_memory),
        (Some(2048), Some(7680))
    );
    assert_eq!(
        (one.remaining_cpu, one.remaining_memory),
        (Some(1536), Some(6656))
    );
    assert_eq!(one.agent_version.as_deref(), Some("1.89.0"));
    assert_eq!(one.docker_version.as_deref(), Some("DockerVersion: 25.0.8"));
    assert_eq!(one.capacity_provider.as_deref(), Some("legacy-asg"));
    assert!(one.agent_connected);
    assert_eq!((one.running_tasks, one.pending_tasks), (2, 1));
    assert_eq!(one.status, "ACTIVE");
}

#[tokio::test]
async fn no_instances_make_no_describe_call() {
    let list = mock!(Client::list_container_instances)
        .then_output(|| ListContainerInstancesOutput::builder().build());
    let describe = mock!(Client::describe_container_instances)
        .then_output(|| DescribeContainerInstancesOutput::builder().build());
    let client = mock_client!(aws_sdk_ecs, RuleMode::MatchAny, [&list, &describe]);
    assert!(
        list_container_instances(&client, "fargate-only")
            .await
            .expect("loads")
            .is_empty()
    );
    assert_eq!(describe.num_calls(), 0);
}
