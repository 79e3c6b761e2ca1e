//! The `:findings` scan with mocks: an ECR tag that does not exist and a task role allowing `*`
//! are findings; each image and role is looked up once for all the revisions that name it; a
//! role that may not be read is said (not taken for "nothing to fix").

use aws_sdk_ecr::operation::describe_images::DescribeImagesError;
use aws_sdk_iam::operation::get_role::GetRoleOutput;
use aws_sdk_iam::operation::get_role_policy::GetRolePolicyOutput;
use aws_sdk_iam::operation::list_attached_role_policies::ListAttachedRolePoliciesOutput;
use aws_sdk_iam::operation::list_role_policies::ListRolePoliciesOutput;
use aws_smithy_mocks::{Rule, mock};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;

use super::*;
use crate::aws::Clients;
use crate::aws::namespace_admin::tests::{Capture, mocked};

const IMAGE: &str = "123456789012.dkr.ecr.us-east-1.amazonaws.com/shop/web:2.5.0";

/// DescribeTaskDefinition's answer for `arn` (revision `web:N`): one container running
/// `IMAGE`, with `task_role` if given.
fn described(revision: u32, task_role: Option<&str>) -> HttpResponse {
    let mut td = serde_json::json!({
        "taskDefinitionArn": format!("arn:aws:ecs:us-east-1:123456789012:task-definition/web:{revision}"),
        "family": "web", "revision": revision, "status": "ACTIVE",
        "containerDefinitions": [{"name": "app", "image": IMAGE, "essential": true}]
    });
    if let Some(role) = task_role {
        td["taskRoleArn"] = role.into();
    }
    json_answer(&serde_json::json!({ "taskDefinition": td }))
}

/// A 200 answer of ECS's JSON protocol.
fn json_answer(body: &serde_json::Value) -> HttpResponse {
    let mut r = HttpResponse::new(
        StatusCode::try_from(200).expect("status"),
        SdkBody::from(body.to_string()),
    );
    r.headers_mut()
        .insert("content-type", "application/x-amz-json-1.1");
    r
}

fn no_such_image() -> Rule {
    mock!(aws_sdk_ecr::Client::describe_images).then_error(|| {
        DescribeImagesError::generic(
            aws_smithy_types::error::ErrorMetadata::builder()
                .code("ImageNotFoundException")
                .message("The image with imageId {imageTag:'2.5.0'} does not exist")
                .build(),
        )
    })
}

fn clients(ecs: Vec<&Rule>, ecr: Vec<&Rule>, iam: Vec<&Rule>, capture: &Capture) -> Clients {
    let none: [&Rule; 0] = [];
    Clients {
        ecs: mocked!(aws_sdk_ecs, ecs, capture),
        logs: mocked!(aws_sdk_cloudwatchlogs, none, capture),
        discovery: mocked!(aws_sdk_servicediscovery, none, capture),
        sts: mocked!(aws_sdk_sts, none, capture),
        ec2: mocked!(aws_sdk_ec2, none, capture),
        iam: mocked!(aws_sdk_iam, iam, capture),
        autoscaling: mocked!(aws_sdk_autoscaling, none, capture),
        ssm: mocked!(aws_sdk_ssm, none, capture),
        aas: mocked!(aws_sdk_applicationautoscaling, none, capture),
        elbv2: mocked!(aws_sdk_elasticloadbalancingv2, none, capture),
        ecr: mocked!(aws_sdk_ecr, ecr, capture),
        region: "us-east-1".to_string(),
        sdk_config: aws_config::SdkConfig::builder().build(),
        emulator_account: None,
    }
}

fn arns(n: u32) -> Vec<String> {
    (1..=n)
        .map(|r| format!("arn:aws:ecs:us-east-1:123456789012:task-definition/web:{r}"))
        .collect()
}

async fn run(clients: &Clients, n: u32) -> Vec<RevisionFindings> {
    let mut all = Vec::new();
    let checked = scan(clients, arns(n), |chunk| all.extend(chunk)).await;
    assert_eq!(checked, n as usize);
    all
}

fn ids(r: &RevisionFindings) -> Vec<&str> {
    r.findings.iter().map(|f| f.rule.id).collect()
}

#[tokio::test]
async fn a_missing_tag_and_a_star_task_role_are_found_each_looked_up_once() {
    // Revision numbers come from the ARN asked; every one names the same image and role.
    let describe = mock!(aws_sdk_ecs::Client::describe_task_definition)
        .then_http_response(|| described(1, Some("arn:aws:iam::123456789012:role/webTask")));
    let image = no_such_image();
    let get_role = mock!(aws_sdk_iam::Client::get_role).then_output(|| {
        GetRoleOutput::builder()
            .role(
                aws_sdk_iam::types::Role::builder()
                    .role_name("webTask")
                    .arn("arn:aws:iam::123456789012:role/webTask")
                    .path("/")
                    .role_id("AROA1")
                    .create_date(aws_smithy_types::DateTime::from_secs(0))
                    .build()
                    .expect("role"),
            )
            .build()
    });
    let attached = mock!(aws_sdk_iam::Client::list_attached_role_policies)
        .then_output(|| ListAttachedRolePoliciesOutput::builder().build());
    let inline = mock!(aws_sdk_iam::Client::list_role_policies).then_output(|| {
        ListRolePoliciesOutput::builder()
            .policy_names("web-s3")
            .build()
            .expect("names")
    });
    let document = mock!(aws_sdk_iam::Client::get_role_policy).then_output(|| {
        GetRolePolicyOutput::builder()
            .role_name("webTask")
            .policy_name("web-s3")
            .policy_document(
                r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#,
            )
            .build()
            .expect("policy")
    });
    let capture = Capture::default();
    let clients = clients(
        vec![&describe],
        vec![&image],
        vec![&get_role, &attached, &inline, &document],
        &capture,
    );
    let all = run(&clients, 20).await;
    assert_eq!(all.len(), 20);
    for r in &all {
        assert_eq!(
            ids(r),
            ["no-log-configuration", "missing-image", "task-role-star"],
            "{r:?}"
        );
        assert!(r.unchecked.is_empty(), "{r:?}");
    }
    let star = all[0]
        .findings
        .iter()
        .find(|f| f.rule.id == "task-role-star");
    assert!(
        star.is_some_and(|f| f.detail == "web-s3 (inline): s3:*"),
        "{star:?}"
    );
    // Twenty revisions over three chunks: the image and the role once each.
    assert_eq!(describe.num_calls(), 20);
    assert_eq!(image.num_calls(), 1);
    assert_eq!(get_role.num_calls(), 1);
}

#[tokio::test]
async fn a_role_that_may_not_be_read_is_said_and_makes_no_finding() {
    let describe = mock!(aws_sdk_ecs::Client::describe_task_definition)
        .then_http_response(|| described(1, Some("arn:aws:iam::123456789012:role/webTask")));
    let image = no_such_image();
    let denied = mock!(aws_sdk_iam::Client::get_role).then_error(|| {
        aws_sdk_iam::operation::get_role::GetRoleError::generic(
            aws_smithy_types::error::ErrorMetadata::builder()
                .code("AccessDenied")
                .message("User: arn:aws:iam::1:user/ops is not authorized to perform: iam:GetRole")
                .build(),
        )
    });
    let capture = Capture::default();
    let clients = clients(vec![&describe], vec![&image], vec![&denied], &capture);
    let all = run(&clients, 2).await;
    for r in &all {
        assert_eq!(ids(r), ["no-log-configuration", "missing-image"], "{r:?}");
        assert_eq!(r.unchecked, ["iam:GetRole denied"], "{r:?}");
    }
}

#[tokio::test]
async fn images_of_other_registries_and_revisions_without_a_role_need_no_lookup() {
    let describe = mock!(aws_sdk_ecs::Client::describe_task_definition).then_http_response(|| {
        let body = serde_json::json!({"taskDefinition": {
            "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:1",
            "family": "web", "revision": 1, "status": "ACTIVE",
            "containerDefinitions": [
                {"name": "a", "image": "public.ecr.aws/nginx/nginx:1.27"},
                {"name": "b", "image": "123456789012.dkr.ecr.eu-west-1.amazonaws.com/shop/web:1"}
            ]
        }});
        json_answer(&body)
    });
    let capture = Capture::default();
    // No ECR or IAM rule: a call to either would fail the lookups and show as unchecked.
    let clients = clients(vec![&describe], vec![], vec![], &capture);
    let all = run(&clients, 1).await;
    assert!(all[0].unchecked.is_empty(), "{:?}", all[0]);
    assert_eq!(
        capture.operations(),
        ["DescribeTaskDefinition"],
        "nothing else is asked"
    );
}
