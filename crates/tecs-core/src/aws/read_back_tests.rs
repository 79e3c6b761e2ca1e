//! A registration whose answer is lost is read back before tecs says anything (issue #9.3):
//! RegisterTaskDefinition answering garbage, with the family's newest revision holding what was
//! sent, not holding it, or unreadable; and a true ClientException, which is never read back.

use aws_config::retry::RetryConfig;
use aws_sdk_ecs::Client;
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;

use super::*;

const JSON: &str = "application/x-amz-json-1.1";

fn answer(status: u16, body: &str) -> HttpResponse {
    let mut r = HttpResponse::new(
        StatusCode::try_from(status).expect("status"),
        SdkBody::from(body.to_string()),
    );
    r.headers_mut().insert("content-type", JSON);
    r
}

fn sent() -> Value {
    serde_json::json!({
        "family": "web",
        "cpu": "256",
        "containerDefinitions": [{"name": "app", "image": "nginx:1.27"}],
        "tags": [{"key": "team", "value": "web"}]
    })
}

/// DescribeTaskDefinition's answer: revision 8 of `web` with `image`, and the defaults AWS adds.
fn described(image: &str) -> String {
    serde_json::json!({"taskDefinition": {
        "taskDefinitionArn": "arn:aws:ecs:us-east-1:123456789012:task-definition/web:8",
        "family": "web", "revision": 8, "status": "ACTIVE", "cpu": "256",
        "containerDefinitions": [{"name": "app", "image": image, "essential": true, "cpu": 0,
            "environment": [], "mountPoints": []}]
    }})
    .to_string()
}

async fn register_with_lost_answer(read_back: HttpResponse) -> Result<TaskDefinition, AwsError> {
    let register = mock!(Client::register_task_definition)
        .then_http_response(|| answer(200, "this is not json"));
    let body = std::sync::Mutex::new(Some(read_back));
    let describe = mock!(Client::describe_task_definition).then_http_response(move || {
        body.lock()
            .expect("lock")
            .take()
            .unwrap_or_else(|| answer(500, ""))
    });
    let ecs = mock_client!(
        aws_sdk_ecs,
        RuleMode::MatchAny,
        [&register, &describe],
        |c| c.retry_config(RetryConfig::disabled())
    );
    let json = sent();
    let result = task_definitions::register_json(&ecs, &json).await;
    settle("register", result, || registered(&ecs, &json)).await
}

#[tokio::test]
async fn a_lost_answer_whose_revision_exists_is_a_registration() {
    let td = register_with_lost_answer(answer(200, &described("nginx:1.27")))
        .await
        .expect("read back finds it");
    assert_eq!(td.label(), "web:8");
}

#[tokio::test]
async fn a_lost_answer_whose_revision_is_missing_changed_nothing() {
    let e = register_with_lost_answer(answer(200, &described("nginx:1.26")))
        .await
        .expect_err("the newest revision is another one");
    assert_eq!(e.read_back, Some(ReadBack::NotDone));
    assert!(e.changed_nothing());
    let line = e.write_failure("register");
    assert!(line.contains("not done: nothing changed"), "{line}");
}

#[tokio::test]
async fn a_lost_answer_that_cannot_be_read_back_stays_unknown() {
    let e = register_with_lost_answer(answer(500, r#"{"__type":"ServerException"}"#))
        .await
        .expect_err("nothing to go by");
    assert!(matches!(e.read_back, Some(ReadBack::Failed(_))), "{e:?}");
    assert!(!e.changed_nothing());
    let line = e.write_failure("register");
    assert!(
        line.contains("outcome unknown, it may have happened"),
        "{line}"
    );
    assert!(!line.contains("nothing changed"), "{line}");
}

#[tokio::test]
async fn a_refusal_is_not_read_back_and_says_nothing_changed() {
    let register = mock!(Client::register_task_definition).then_http_response(|| {
        answer(
            400,
            r#"{"__type":"ClientException","message":"Container.image should not be null or empty."}"#,
        )
    });
    let describe = mock!(Client::describe_task_definition)
        .then_http_response(|| answer(200, &described("nginx:1.27")));
    let ecs = mock_client!(
        aws_sdk_ecs,
        RuleMode::MatchAny,
        [&register, &describe],
        |c| c.retry_config(RetryConfig::disabled())
    );
    let json = sent();
    let result = task_definitions::register_json(&ecs, &json).await;
    let e = settle("register", result, || registered(&ecs, &json))
        .await
        .expect_err("refused");
    assert_eq!(describe.num_calls(), 0, "a refusal is final");
    assert_eq!(e.read_back, None);
    let line = e.write_failure("register");
    assert!(
        line.starts_with("register: refused, nothing changed"),
        "{line}"
    );
}
