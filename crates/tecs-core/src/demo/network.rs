//! The emulator's default VPC: awsvpc tasks and services need real subnet and security group ids.

use aws_sdk_ec2::types::Filter;
use color_eyre::Result;
use color_eyre::eyre::{WrapErr, eyre};

/// Where awsvpc tasks of the demo get their network interfaces.
#[derive(Debug, Clone)]
pub struct DefaultVpc {
    pub vpc_id: String,
    /// Sorted, so the demo places tasks the same way on every run.
    pub subnets: Vec<String>,
    pub security_group: String,
}

/// Looks up the default VPC, its subnets and its `default` security group.
pub async fn default_vpc(ec2: &aws_sdk_ec2::Client) -> Result<DefaultVpc> {
    let vpcs = ec2
        .describe_vpcs()
        .filters(Filter::builder().name("isDefault").values("true").build())
        .send()
        .await
        .wrap_err("describing the default VPC")?;
    let vpc_id = vpcs
        .vpcs()
        .iter()
        .find_map(|v| v.vpc_id())
        .ok_or_else(|| eyre!("the account has no default VPC"))?
        .to_string();

    let vpc_filter = Filter::builder().name("vpc-id").values(&vpc_id).build();
    let subnets = ec2
        .describe_subnets()
        .filters(vpc_filter.clone())
        .send()
        .await
        .wrap_err("describing the default VPC's subnets")?;
    let mut subnets: Vec<String> = subnets
        .subnets()
        .iter()
        .filter_map(|s| s.subnet_id().map(str::to_string))
        .collect();
    subnets.sort();
    if subnets.is_empty() {
        return Err(eyre!("the default VPC {vpc_id} has no subnets"));
    }

    let groups = ec2
        .describe_security_groups()
        .filters(vpc_filter)
        .filters(
            Filter::builder()
                .name("group-name")
                .values("default")
                .build(),
        )
        .send()
        .await
        .wrap_err("describing the default security group")?;
    let security_group = groups
        .security_groups()
        .iter()
        .find_map(|g| g.group_id())
        .ok_or_else(|| eyre!("the default VPC {vpc_id} has no default security group"))?
        .to_string();

    Ok(DefaultVpc {
        vpc_id,
        subnets,
        security_group,
    })
}
