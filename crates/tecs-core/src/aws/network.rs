//! What the create-service and run-task wizards offer to pick: subnets and security groups of a
//! VPC (EC2) and target groups (Elastic Load Balancing v2). The VPC list is
//! [`super::namespace_admin::list_vpcs`].
//!
//! AWS sources: EC2 API reference, DescribeSubnets and DescribeSecurityGroups (paginated with
//! NextToken, MaxResults 5-1000; filter `vpc-id`); ELBv2 API reference, DescribeTargetGroups
//! (paginated with Marker, PageSize up to 400).

use aws_sdk_ec2::types::Filter;

use super::errors::{AwsError, classify};
use crate::model::network::{SecurityGroup, Subnet, TargetGroup};

/// The biggest DescribeSubnets / DescribeSecurityGroups page.
pub const EC2_PAGE: i32 = 1000;
/// The biggest DescribeTargetGroups page.
pub const TARGET_GROUP_PAGE: i32 = 400;

fn vpc_filter(vpc_id: Option<&str>) -> Option<Vec<Filter>> {
    vpc_id.map(|vpc| vec![Filter::builder().name("vpc-id").values(vpc).build()])
}

fn name_tag(tags: &[aws_sdk_ec2::types::Tag]) -> Option<String> {
    tags.iter()
        .find(|t| t.key() == Some("Name"))
        .and_then(|t| t.value())
        .map(str::to_string)
}

/// The subnets of `vpc_id` (all of the region's when `None`), sorted by availability zone, then
/// id, so a picker lists one subnet per zone in order.
pub async fn list_subnets(
    ec2: &aws_sdk_ec2::Client,
    vpc_id: Option<&str>,
) -> Result<Vec<Subnet>, AwsError> {
    let subnets: Vec<aws_sdk_ec2::types::Subnet> = ec2
        .describe_subnets()
        .set_filters(vpc_filter(vpc_id))
        .max_results(EC2_PAGE)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| classify("ec2:DescribeSubnets", &e))?;
    let mut out: Vec<Subnet> = subnets
        .iter()
        .map(|s| Subnet {
            id: s.subnet_id().unwrap_or_default().to_string(),
            vpc_id: s.vpc_id().unwrap_or_default().to_string(),
            availability_zone: s.availability_zone().unwrap_or_default().to_string(),
            cidr: s.cidr_block().unwrap_or_default().to_string(),
            name: name_tag(s.tags()),
            available_ips: s.available_ip_address_count(),
            default_for_az: s.default_for_az().unwrap_or(false),
            map_public_ip: s.map_public_ip_on_launch().unwrap_or(false),
        })
        .collect();
    out.sort_by(|a, b| (&a.availability_zone, &a.id).cmp(&(&b.availability_zone, &b.id)));
    Ok(out)
}

/// The security groups of `vpc_id` (all of the region's when `None`), `default` first, then by
/// name.
pub async fn list_security_groups(
    ec2: &aws_sdk_ec2::Client,
    vpc_id: Option<&str>,
) -> Result<Vec<SecurityGroup>, AwsError> {
    let groups: Vec<aws_sdk_ec2::types::SecurityGroup> = ec2
        .describe_security_groups()
        .set_filters(vpc_filter(vpc_id))
        .max_results(EC2_PAGE)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| classify("ec2:DescribeSecurityGroups", &e))?;
    let mut out: Vec<SecurityGroup> = groups
        .iter()
        .map(|g| SecurityGroup {
            id: g.group_id().unwrap_or_default().to_string(),
            name: g.group_name().unwrap_or_default().to_string(),
            vpc_id: g.vpc_id().unwrap_or_default().to_string(),
            description: g.description().unwrap_or_default().to_string(),
        })
        .collect();
    out.sort_by(|a, b| {
        (a.name != "default", &a.name, &a.id).cmp(&(b.name != "default", &b.name, &b.id))
    });
    Ok(out)
}

/// Every target group of the region, sorted by name.
pub async fn list_target_groups(
    elbv2: &aws_sdk_elasticloadbalancingv2::Client,
) -> Result<Vec<TargetGroup>, AwsError> {
    let groups: Vec<aws_sdk_elasticloadbalancingv2::types::TargetGroup> = elbv2
        .describe_target_groups()
        .page_size(TARGET_GROUP_PAGE)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| classify("elasticloadbalancing:DescribeTargetGroups", &e))?;
    let mut out: Vec<TargetGroup> = groups
        .iter()
        .map(|g| TargetGroup {
            arn: g.target_group_arn().unwrap_or_default().to_string(),
            name: g.target_group_name().unwrap_or_default().to_string(),
            port: g.port(),
            protocol: g.protocol().map(|p| p.as_str().to_string()),
            target_type: g.target_type().map(|t| t.as_str().to_string()),
            vpc_id: g.vpc_id().map(str::to_string),
            load_balancer_arns: g.load_balancer_arns().to_vec(),
        })
        .collect();
    out.sort_by(|a, b| (&a.name, &a.arn).cmp(&(&b.name, &b.arn)));
    Ok(out)
}

#[cfg(test)]
#[path = "network_tests.rs"]
mod tests;
