//! The resource tree's lookups against moto: each resource present with its details, or missing.
//! (Denied is told from other failures in `aws/resources.rs`'s own tests.)
#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

mod common;

use common::moto::fresh_clients;
use tecs::aws::resources::{Presence, image, log_group, network, role, target_group};

const TRUST: &str = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"ecs-tasks.amazonaws.com"},"Action":"sts:AssumeRole"}]}"#;

#[tokio::test]
async fn a_role_lists_its_policies_and_what_they_allow_and_a_missing_one_says_so() {
    let (_account, c) = fresh_clients();
    let created = c
        .iam
        .create_role()
        .role_name("web-task")
        .assume_role_policy_document(TRUST)
        .send()
        .await
        .expect("role");
    let arn = created.role().expect("role").arn().to_string();
    let policy = c
        .iam
        .create_policy()
        .policy_name("web-s3")
        .policy_document(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#)
        .send()
        .await
        .expect("policy");
    c.iam
        .attach_role_policy()
        .role_name("web-task")
        .policy_arn(policy.policy().and_then(|p| p.arn()).expect("arn"))
        .send()
        .await
        .expect("attach");
    c.iam
        .put_role_policy()
        .role_name("web-task")
        .policy_name("read-queue")
        .policy_document(r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["sqs:ReceiveMessage"],"Resource":"arn:aws:sqs:us-east-1:1:q"}]}"#)
        .send()
        .await
        .expect("inline");

    let Presence::Present(info) = role(&c.iam, &arn).await.expect("lookup") else {
        panic!("present")
    };
    assert_eq!(info.name, "web-task");
    let attached = info
        .policies
        .iter()
        .find(|p| p.kind == "attached")
        .expect("attached");
    assert_eq!(attached.star_actions, ["s3:*"]);
    let inline = info
        .policies
        .iter()
        .find(|p| p.kind == "inline")
        .expect("inline");
    assert_eq!(
        inline.statements,
        ["Allow sqs:ReceiveMessage on arn:aws:sqs:us-east-1:1:q"]
    );
    assert!(inline.star_actions.is_empty());

    let missing = role(&c.iam, "arn:aws:iam::123456789012:role/gone")
        .await
        .expect("lookup");
    assert!(matches!(missing, Presence::Missing(_)), "{missing:?}");
}

#[tokio::test]
async fn a_log_group_shows_its_retention_and_a_missing_one_says_so() {
    let (_account, c) = fresh_clients();
    c.logs
        .create_log_group()
        .log_group_name("/ecs/web")
        .send()
        .await
        .expect("group");
    c.logs
        .put_retention_policy()
        .log_group_name("/ecs/web")
        .retention_in_days(14)
        .send()
        .await
        .expect("retention");
    // A prefix of another group is not that group.
    c.logs
        .create_log_group()
        .log_group_name("/ecs/web-old")
        .send()
        .await
        .expect("group");
    let Presence::Present(info) = log_group(&c.logs, "/ecs/web").await.expect("lookup") else {
        panic!("present")
    };
    assert_eq!(info.retention_days, Some(14));
    let missing = log_group(&c.logs, "/ecs/we").await.expect("lookup");
    assert!(matches!(missing, Presence::Missing(_)), "{missing:?}");
}

#[tokio::test]
async fn an_ecr_tag_is_found_or_missing() {
    let (_account, c) = fresh_clients();
    c.ecr
        .create_repository()
        .repository_name("shop/web")
        .send()
        .await
        .expect("repository");
    c.ecr
        .put_image()
        .repository_name("shop/web")
        .image_tag("2.5.0")
        .image_manifest(r#"{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":7023,"digest":"sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7"},"layers":[]}"#)
        .send()
        .await
        .expect("image");
    let Presence::Present(info) = image(&c.ecr, None, "shop/web", "2.5.0")
        .await
        .expect("lookup")
    else {
        panic!("present")
    };
    assert!(info.digest.is_some_and(|d| d.starts_with("sha256:")));
    assert!(matches!(
        image(&c.ecr, None, "shop/web", "9.9.9")
            .await
            .expect("lookup"),
        Presence::Missing(_)
    ));
    assert!(matches!(
        image(&c.ecr, None, "no/such", "1").await.expect("lookup"),
        Presence::Missing(_)
    ));
}

#[tokio::test]
async fn subnets_and_security_groups_with_inbound_rules() {
    let (_account, c) = fresh_clients();
    let vpc = c
        .ec2
        .create_vpc()
        .cidr_block("10.9.0.0/16")
        .send()
        .await
        .expect("vpc");
    let vpc_id = vpc
        .vpc()
        .and_then(|v| v.vpc_id())
        .expect("vpc id")
        .to_string();
    let subnet = c
        .ec2
        .create_subnet()
        .vpc_id(&vpc_id)
        .cidr_block("10.9.1.0/24")
        .send()
        .await
        .expect("subnet");
    let subnet_id = subnet
        .subnet()
        .and_then(|s| s.subnet_id())
        .expect("id")
        .to_string();
    let sg = c
        .ec2
        .create_security_group()
        .group_name("web-sg")
        .description("web")
        .vpc_id(&vpc_id)
        .send()
        .await
        .expect("sg");
    let sg_id = sg.group_id().expect("id").to_string();
    c.ec2
        .authorize_security_group_ingress()
        .group_id(&sg_id)
        .ip_protocol("tcp")
        .from_port(443)
        .to_port(443)
        .cidr_ip("0.0.0.0/0")
        .send()
        .await
        .expect("ingress");
    let items = network(
        &c.ec2,
        std::slice::from_ref(&subnet_id),
        std::slice::from_ref(&sg_id),
    )
    .await
    .expect("lookup");
    let Presence::Present(s) = &items[0].1 else {
        panic!("subnet present: {items:?}")
    };
    assert!(s.summary.contains("10.9.1.0/24"), "{}", s.summary);
    let Presence::Present(g) = &items[1].1 else {
        panic!("group present: {items:?}")
    };
    assert!(
        g.inbound.contains(&"tcp 443 from 0.0.0.0/0".to_string()),
        "{:?}",
        g.inbound
    );
    // One that is gone is missing by itself; the others are still there.
    let gone = network(
        &c.ec2,
        &["subnet-0123456789abcdef0".to_string(), subnet_id.clone()],
        &["sg-0123456789abcdef0".to_string(), sg_id.clone()],
    )
    .await
    .expect("lookup");
    assert!(matches!(gone[0].1, Presence::Missing(_)), "{gone:?}");
    assert!(matches!(gone[1].1, Presence::Present(_)), "{gone:?}");
    assert!(matches!(gone[2].1, Presence::Missing(_)), "{gone:?}");
    assert!(matches!(gone[3].1, Presence::Present(_)), "{gone:?}");
}

#[tokio::test]
async fn a_target_group_shows_its_targets() {
    let (_account, c) = fresh_clients();
    let vpc = c
        .ec2
        .create_vpc()
        .cidr_block("10.8.0.0/16")
        .send()
        .await
        .expect("vpc");
    let vpc_id = vpc
        .vpc()
        .and_then(|v| v.vpc_id())
        .expect("vpc id")
        .to_string();
    let tg = c
        .elbv2
        .create_target_group()
        .name("web-tg")
        .protocol(aws_sdk_elasticloadbalancingv2::types::ProtocolEnum::Http)
        .port(8080)
        .vpc_id(&vpc_id)
        .target_type(aws_sdk_elasticloadbalancingv2::types::TargetTypeEnum::Ip)
        .send()
        .await
        .expect("target group");
    let arn = tg.target_groups()[0]
        .target_group_arn()
        .expect("arn")
        .to_string();
    // A load balancer whose listener forwards to it.
    let mut subnets = Vec::new();
    for (cidr, zone) in [("10.8.1.0/24", "us-east-1a"), ("10.8.2.0/24", "us-east-1b")] {
        let s = c
            .ec2
            .create_subnet()
            .vpc_id(&vpc_id)
            .cidr_block(cidr)
            .availability_zone(zone)
            .send()
            .await
            .expect("subnet");
        subnets.push(
            s.subnet()
                .and_then(|s| s.subnet_id())
                .expect("id")
                .to_string(),
        );
    }
    let lb = c
        .elbv2
        .create_load_balancer()
        .name("web-alb")
        .set_subnets(Some(subnets))
        .send()
        .await
        .expect("load balancer");
    let lb_arn = lb.load_balancers()[0]
        .load_balancer_arn()
        .expect("arn")
        .to_string();
    c.elbv2
        .create_listener()
        .load_balancer_arn(&lb_arn)
        .protocol(aws_sdk_elasticloadbalancingv2::types::ProtocolEnum::Http)
        .port(80)
        .default_actions(
            aws_sdk_elasticloadbalancingv2::types::Action::builder()
                .r#type(aws_sdk_elasticloadbalancingv2::types::ActionTypeEnum::Forward)
                .target_group_arn(&arn)
                .build(),
        )
        .send()
        .await
        .expect("listener");
    let Presence::Present(info) = target_group(&c.elbv2, &arn).await.expect("lookup") else {
        panic!("present")
    };
    assert_eq!(info.name, "web-tg");
    assert_eq!(info.listeners, ["web-alb HTTP 80"], "{info:?}");
    assert!(info.summary.starts_with("HTTP 8080"), "{}", info.summary);
    let gone = target_group(
        &c.elbv2,
        "arn:aws:elasticloadbalancing:us-east-1:123456789012:targetgroup/gone/0123456789abcdef",
    )
    .await
    .expect("lookup");
    assert!(matches!(gone, Presence::Missing(_)), "{gone:?}");
}
