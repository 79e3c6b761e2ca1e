//! EC2 capacity for the legacy cluster: EC2-launch tasks need registered container instances
//! (the emulator refuses to place them otherwise, as AWS would leave them unplaced).

use aws_sdk_ec2::types::{InstanceType, ResourceType, Tag, TagSpecification};
use color_eyre::Result;
use color_eyre::eyre::{WrapErr, bail};

/// Enough instances to place one task per host port per instance (bridge mode with host ports).
const INSTANCE_COUNT: i32 = 3;
/// Stands in for an ECS-optimized AMI; the emulator accepts any id.
const ECS_OPTIMIZED_AMI: &str = "ami-0fe5a2b3c4d5e6f70";

/// Launches EC2 instances in `subnet` and registers them as container instances of `cluster`.
/// Returns the container instance ARNs.
pub(crate) async fn register_instances(
    ec2: &aws_sdk_ec2::Client,
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
    subnet: &str,
    region: &str,
) -> Result<Vec<String>> {
    let launched = ec2
        .run_instances()
        .image_id(ECS_OPTIMIZED_AMI)
        .instance_type(InstanceType::M5Large)
        .min_count(INSTANCE_COUNT)
        .max_count(INSTANCE_COUNT)
        .subnet_id(subnet)
        .tag_specifications(
            TagSpecification::builder()
                .resource_type(ResourceType::Instance)
                .tags(
                    Tag::builder()
                        .key("Name")
                        .value(format!("{cluster}-node"))
                        .build(),
                )
                .tags(Tag::builder().key("ecs-cluster").value(cluster).build())
                .build(),
        )
        .send()
        .await
        .wrap_err("launching EC2 instances for the legacy cluster")?;

    let mut arns = Vec::new();
    for instance in launched.instances() {
        let Some(instance_id) = instance.instance_id() else {
            continue;
        };
        // What the ECS agent sends: the instance identity document of the EC2 metadata service.
        let document = serde_json::json!({
            "instanceId": instance_id,
            "instanceType": "m5.large",
            "region": region,
            "availabilityZone": instance
                .placement()
                .and_then(|p| p.availability_zone())
                .unwrap_or_default(),
            "imageId": ECS_OPTIMIZED_AMI,
        });
        let out = ecs
            .register_container_instance()
            .cluster(cluster)
            .instance_identity_document(document.to_string())
            .send()
            .await
            .wrap_err_with(|| format!("registering {instance_id} in cluster {cluster}"))?;
        if let Some(arn) = out
            .container_instance()
            .and_then(|c| c.container_instance_arn())
        {
            arns.push(arn.to_string());
        }
    }
    if arns.is_empty() {
        bail!("no container instance could be registered in cluster {cluster}");
    }
    Ok(arns)
}
