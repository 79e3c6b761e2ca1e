//! Paging, the VPC filter and ordering of the wizard lookups, with aws-smithy-mocks (the
//! emulator's default VPC fits in one page).

use aws_sdk_ec2::Client as Ec2Client;
use aws_sdk_ec2::operation::describe_security_groups::DescribeSecurityGroupsOutput;
use aws_sdk_ec2::operation::describe_subnets::DescribeSubnetsOutput;
use aws_sdk_ec2::types::{SecurityGroup as SdkGroup, Subnet as SdkSubnet, Tag};
use aws_sdk_elasticloadbalancingv2::Client as ElbClient;
use aws_sdk_elasticloadbalancingv2::operation::describe_target_groups::DescribeTargetGroupsOutput;
use aws_sdk_elasticloadbalancingv2::types::{
    ProtocolEnum, TargetGroup as SdkTargetGroup, TargetTypeEnum,
};
use aws_smithy_mocks::mock;
use aws_smithy_runtime_api::http::{Response, StatusCode};
use aws_smithy_types::body::SdkBody;

use super::*;
use crate::aws::errors::ErrorKind;
use crate::aws::namespace_admin::tests::{Capture, mocked};

fn subnet(id: &str, az: &str) -> SdkSubnet {
    SdkSubnet::builder()
        .subnet_id(id)
        .vpc_id("vpc-1")
        .availability_zone(az)
        .cidr_block("172.31.0.0/20")
        .available_ip_address_count(4091)
        .default_for_az(true)
        .map_public_ip_on_launch(true)
        .tags(
            Tag::builder()
                .key("Name")
                .value(format!("public-{az}"))
                .build(),
        )
        .build()
}

#[tokio::test]
async fn subnets_of_a_vpc_are_paged_and_sorted_by_zone() {
    let first = mock!(Ec2Client::describe_subnets)
        .match_requests(|r| r.next_token().is_none())
        .then_output(|| {
            DescribeSubnetsOutput::builder()
                .subnets(subnet("subnet-c", "us-east-1c"))
                .subnets(subnet("subnet-a", "us-east-1a"))
                .next_token("t1")
                .build()
        });
    let second = mock!(Ec2Client::describe_subnets)
        .match_requests(|r| r.next_token() == Some("t1"))
        .then_output(|| {
            DescribeSubnetsOutput::builder()
                .subnets(subnet("subnet-b", "us-east-1b"))
                .build()
        });
    let capture = Capture::default();
    let ec2 = mocked!(aws_sdk_ec2, [&first, &second], capture);

    let subnets = list_subnets(&ec2, Some("vpc-1")).await.expect("lists");

    let ids: Vec<&str> = subnets.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["subnet-a", "subnet-b", "subnet-c"]);
    assert_eq!(
        subnets[0],
        Subnet {
            id: "subnet-a".into(),
            vpc_id: "vpc-1".into(),
            availability_zone: "us-east-1a".into(),
            cidr: "172.31.0.0/20".into(),
            name: Some("public-us-east-1a".into()),
            available_ips: Some(4091),
            default_for_az: true,
            map_public_ip: true,
        }
    );
    assert_eq!((first.num_calls(), second.num_calls()), (1, 1));
}

#[tokio::test]
async fn security_groups_are_paged_default_first() {
    let group = |id: &str, name: &str| {
        SdkGroup::builder()
            .group_id(id)
            .group_name(name)
            .vpc_id("vpc-1")
            .description(format!("{name} group"))
            .build()
    };
    let first = mock!(Ec2Client::describe_security_groups)
        .match_requests(|r| r.next_token().is_none())
        .then_output(move || {
            DescribeSecurityGroupsOutput::builder()
                .security_groups(group("sg-3", "web"))
                .next_token("t1")
                .build()
        });
    let second = mock!(Ec2Client::describe_security_groups)
        .match_requests(|r| r.next_token() == Some("t1"))
        .then_output(move || {
            DescribeSecurityGroupsOutput::builder()
                .security_groups(group("sg-2", "default"))
                .security_groups(group("sg-1", "api"))
                .build()
        });
    let capture = Capture::default();
    let ec2 = mocked!(aws_sdk_ec2, [&first, &second], capture);

    let groups = list_security_groups(&ec2, None).await.expect("lists");

    let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["default", "api", "web"]);
    assert_eq!(groups[1].label(), "sg-1 (api, api group)");
}

#[tokio::test]
async fn target_groups_are_paged_by_marker_and_sorted_by_name() {
    let tg = |name: &str, lb: bool| {
        SdkTargetGroup::builder()
            .target_group_arn(format!(
                "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/{name}/1"
            ))
            .target_group_name(name)
            .protocol(ProtocolEnum::Http)
            .port(80)
            .target_type(TargetTypeEnum::Ip)
            .vpc_id("vpc-1")
            .set_load_balancer_arns(lb.then(|| {
                vec![
                    "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/web/1"
                        .to_string(),
                ]
            }))
            .build()
    };
    let first = mock!(ElbClient::describe_target_groups)
        .match_requests(|r| r.marker().is_none() && r.page_size() == Some(400))
        .then_output(move || {
            DescribeTargetGroupsOutput::builder()
                .target_groups(tg("web", true))
                .next_marker("m1")
                .build()
        });
    let second = mock!(ElbClient::describe_target_groups)
        .match_requests(|r| r.marker() == Some("m1"))
        .then_output(move || {
            DescribeTargetGroupsOutput::builder()
                .target_groups(tg("api", false))
                .build()
        });
    let capture = Capture::default();
    let elbv2 = mocked!(aws_sdk_elasticloadbalancingv2, [&first, &second], capture);

    let groups = list_target_groups(&elbv2).await.expect("lists");

    let names: Vec<&str> = groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(names, ["api", "web"]);
    assert_eq!(groups[1].port, Some(80));
    assert_eq!(groups[1].protocol.as_deref(), Some("HTTP"));
    assert_eq!(groups[1].target_type.as_deref(), Some("ip"));
    assert_eq!(groups[1].vpc_id.as_deref(), Some("vpc-1"));
    assert_eq!(groups[1].load_balancer_arns.len(), 1);
    assert_eq!(
        groups[0].label(),
        "api (HTTP:80, ip, vpc-1, no load balancer)"
    );
}

#[tokio::test]
async fn a_denied_subnet_lookup_names_the_ec2_action() {
    let denied = mock!(Ec2Client::describe_subnets).then_http_response(|| {
        Response::new(
            StatusCode::try_from(403).expect("status"),
            SdkBody::from(
                "<Response><Errors><Error><Code>UnauthorizedOperation</Code><Message>You are not authorized to perform this operation.</Message></Error></Errors><RequestID>1</RequestID></Response>",
            ),
        )
    });
    let capture = Capture::default();
    let ec2 = mocked!(aws_sdk_ec2, [&denied], capture);
    let err = list_subnets(&ec2, Some("vpc-1")).await.expect_err("denied");
    assert_eq!(
        err.kind,
        ErrorKind::AccessDenied {
            action: Some("ec2:DescribeSubnets".into())
        }
    );
}
