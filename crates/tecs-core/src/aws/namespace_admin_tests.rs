//! Operation polling, the backoff schedule, exact request bodies, and the delete refusal, with
//! aws-smithy-mocks: the emulator finishes every operation at once and ignores ListServices
//! filters, so PENDING, FAIL and the filter fallback only happen here. Also the shared helpers
//! (a body-capturing interceptor, a mock client for any service) the cluster tests use.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use aws_sdk_servicediscovery::Client as SdClient;
use aws_sdk_servicediscovery::operation::create_http_namespace::CreateHttpNamespaceOutput;
use aws_sdk_servicediscovery::operation::create_private_dns_namespace::CreatePrivateDnsNamespaceOutput;
use aws_sdk_servicediscovery::operation::delete_namespace::DeleteNamespaceOutput;
use aws_sdk_servicediscovery::operation::get_namespace::GetNamespaceOutput;
use aws_sdk_servicediscovery::operation::get_operation::GetOperationOutput;
use aws_sdk_servicediscovery::operation::get_service::GetServiceOutput;
use aws_sdk_servicediscovery::operation::list_services::ListServicesOutput;
use aws_sdk_servicediscovery::types::{
    HttpProperties, Namespace as SdNamespace, NamespaceProperties, NamespaceType,
    Operation as SdOperation, OperationStatus as SdStatus, OperationTargetType,
    Service as SdService, ServiceSummary as SdServiceSummary,
};
use aws_smithy_mocks::{Rule, mock};
use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextRef;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_runtime_api::http::{Response, StatusCode};
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::ConfigBag;
use serde_json::Value;

use super::*;

/// Records the operation (from `x-amz-target`) and JSON body of every request as sent, after
/// tecs's own body replacement, so tests see exactly what went on the wire.
#[derive(Debug, Clone, Default)]
pub(crate) struct Capture(Arc<Mutex<Vec<(String, Value)>>>);

impl Capture {
    /// Every captured (operation, body), in order.
    pub(crate) fn all(&self) -> Vec<(String, Value)> {
        self.0.lock().expect("capture lock").clone()
    }

    /// The bodies sent for `operation`.
    pub(crate) fn bodies(&self, operation: &str) -> Vec<Value> {
        self.all()
            .into_iter()
            .filter(|(op, _)| op == operation)
            .map(|(_, body)| body)
            .collect()
    }

    /// The operations sent, in order.
    pub(crate) fn operations(&self) -> Vec<String> {
        self.all().into_iter().map(|(op, _)| op).collect()
    }
}

impl Intercept for Capture {
    fn name(&self) -> &'static str {
        "Capture"
    }

    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let request = context.request();
        let operation = request
            .headers()
            .get("x-amz-target")
            .and_then(|t| t.rsplit('.').next())
            .unwrap_or("?")
            .to_string();
        let body = request
            .body()
            .bytes()
            .and_then(|b| serde_json::from_slice(b).ok())
            .unwrap_or(Value::Null);
        self.0.lock().expect("capture lock").push((operation, body));
        Ok(())
    }
}

/// A client of any service crate answering from `rules` (any order), without retries, with
/// every request recorded in `capture`. `mock_client!` needs the crate's `test-util` feature,
/// which only some of tecs's service crates enable.
macro_rules! mocked {
    ($krate:ident, $rules:expr, $capture:expr) => {{
        let mut interceptor = aws_smithy_mocks::MockResponseInterceptor::new()
            .rule_mode(aws_smithy_mocks::RuleMode::MatchAny);
        for rule in $rules {
            interceptor = interceptor.with_rule(rule);
        }
        let conf = $krate::Config::builder()
            .behavior_version($krate::config::BehaviorVersion::latest())
            .region($krate::config::Region::new("us-east-1"))
            .credentials_provider($krate::config::Credentials::new(
                "test", "test", None, None, "mock",
            ))
            .retry_config(aws_config::retry::RetryConfig::disabled())
            .http_client(aws_smithy_mocks::create_mock_http_client())
            .interceptor(interceptor)
            .interceptor($capture.clone())
            .build();
        $krate::Client::from_conf(conf)
    }};
}
pub(crate) use mocked;

/// Polls as fast as a test wants: 1 ms doubling to 2 ms, 50 ms in all.
pub(crate) const FAST: PollSchedule = PollSchedule {
    initial: Duration::from_millis(1),
    max: Duration::from_millis(2),
    budget: Duration::from_millis(50),
};

pub(crate) const NS_ID: &str = "ns-new";
pub(crate) const NS_ARN: &str = "arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-new";

pub(crate) fn operation(status: SdStatus) -> GetOperationOutput {
    GetOperationOutput::builder()
        .operation(
            SdOperation::builder()
                .id("op-1")
                .status(status)
                .targets(OperationTargetType::Namespace, NS_ID)
                .build(),
        )
        .build()
}

/// GetOperation answering PENDING `pending` times, then SUCCESS.
pub(crate) fn pending_then_success(pending: usize) -> Rule {
    let builder = mock!(SdClient::get_operation).sequence();
    if pending == 0 {
        return builder.output(|| operation(SdStatus::Success)).build();
    }
    builder
        .output(|| operation(SdStatus::Pending))
        .times(pending)
        .output(|| operation(SdStatus::Success))
        .build()
}

pub(crate) fn get_new_namespace() -> Rule {
    mock!(SdClient::get_namespace)
        .match_requests(|r| r.id() == Some(NS_ID))
        .then_output(|| {
            GetNamespaceOutput::builder()
                .namespace(
                    SdNamespace::builder()
                        .id(NS_ID)
                        .arn(NS_ARN)
                        .name("shop.local")
                        .r#type(NamespaceType::Http)
                        .description("shop services")
                        .properties(
                            NamespaceProperties::builder()
                                .http_properties(
                                    HttpProperties::builder().http_name("shop.local").build(),
                                )
                                .build(),
                        )
                        .build(),
                )
                .build()
        })
}

pub(crate) fn create_http_ok() -> Rule {
    mock!(SdClient::create_http_namespace).then_output(|| {
        CreateHttpNamespaceOutput::builder()
            .operation_id("op-1")
            .build()
    })
}

fn sd(rules: &[&Rule]) -> (SdClient, Capture) {
    let capture = Capture::default();
    let client = mocked!(aws_sdk_servicediscovery, rules.iter().copied(), capture);
    (client, capture)
}

fn recorder() -> (
    Arc<Mutex<Vec<String>>>,
    impl FnMut(&OperationProgress) + Send,
) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    (seen, move |p: &OperationProgress| {
        sink.lock()
            .expect("lock")
            .push(format!("{}#{}", p.status, p.polls));
    })
}

#[test]
fn the_cloud_map_schedule_starts_at_once_backs_off_and_stops_at_five_minutes() {
    let delays: Vec<Duration> = PollSchedule::CLOUD_MAP.delays().collect();
    let ms = |v: u64| Duration::from_millis(v);
    assert_eq!(
        &delays[..7],
        [
            ms(0),
            ms(500),
            ms(1000),
            ms(2000),
            ms(4000),
            ms(5000),
            ms(5000)
        ]
    );
    let total: Duration = delays.iter().sum();
    assert!(total <= Duration::from_secs(300), "{total:?}");
    assert!(
        total > Duration::from_secs(295),
        "uses the budget: {total:?}"
    );
    // 7.5 s of doubling, then 5 s waits: 1 + 4 + 58 polls.
    assert_eq!(delays.len(), 63);
    assert_eq!(PollSchedule::default(), PollSchedule::CLOUD_MAP);
}

#[test]
fn schedules_are_bounded_even_when_degenerate() {
    let zero = PollSchedule {
        initial: Duration::ZERO,
        max: Duration::ZERO,
        budget: Duration::from_millis(10),
    };
    let delays: Vec<Duration> = zero.delays().collect();
    assert_eq!(delays.len(), 11, "one at once, then 1 ms waits: {delays:?}");
    let none = PollSchedule {
        budget: Duration::ZERO,
        ..PollSchedule::CLOUD_MAP
    };
    assert_eq!(
        none.delays().collect::<Vec<_>>(),
        [Duration::ZERO],
        "a zero budget still polls once"
    );
    let short: Vec<Duration> = PollSchedule {
        initial: Duration::from_secs(1),
        max: Duration::from_secs(60),
        budget: Duration::from_secs(10),
    }
    .delays()
    .collect();
    assert_eq!(
        short,
        [0, 1, 2, 4].map(Duration::from_secs),
        "the next wait (8 s) would pass the budget"
    );
}

#[tokio::test]
async fn polls_pending_pending_success_and_reports_each_answer() {
    let ops = pending_then_success(2);
    let (client, _) = sd(&[&ops]);
    let (seen, mut sink) = recorder();
    let done = wait_for_operation(&client, "op-1", &FAST, &mut sink)
        .await
        .expect("succeeds");
    assert_eq!(done.namespace_id(), Some(NS_ID));
    assert_eq!(done.operation_id, "op-1");
    assert_eq!(ops.num_calls(), 3);
    assert_eq!(
        *seen.lock().expect("lock"),
        ["PENDING#1", "PENDING#2", "SUCCESS#3"]
    );
}

#[tokio::test]
async fn a_failed_operation_is_an_error_with_cloud_maps_reason() {
    let ops = mock!(SdClient::get_operation)
        .sequence()
        .output(|| operation(SdStatus::Pending))
        .output(|| {
            GetOperationOutput::builder()
                .operation(
                    SdOperation::builder()
                        .id("op-1")
                        .status(SdStatus::Fail)
                        .error_code("CANNOT_CREATE_HOSTED_ZONE")
                        .error_message("The VPC vpc-1 is not in this region")
                        .build(),
                )
                .build()
        })
        .build();
    let (client, _) = sd(&[&ops]);
    let (seen, mut sink) = recorder();
    let err = wait_for_operation(&client, "op-1", &FAST, &mut sink)
        .await
        .expect_err("fails");
    assert_eq!(err.kind, ErrorKind::InvalidRequest);
    assert_eq!(err.code.as_deref(), Some("CANNOT_CREATE_HOSTED_ZONE"));
    assert!(
        err.message.contains("The VPC vpc-1 is not in this region"),
        "{}",
        err.message
    );
    assert_eq!(*seen.lock().expect("lock"), ["PENDING#1", "FAIL#2"]);
}

#[tokio::test]
async fn an_operation_that_never_finishes_stops_at_the_budget() {
    let ops = mock!(SdClient::get_operation)
        .sequence()
        .output(|| operation(SdStatus::Submitted))
        .repeatedly()
        .build();
    let (client, _) = sd(&[&ops]);
    let (_, mut sink) = recorder();
    let schedule = PollSchedule {
        initial: Duration::from_millis(1),
        max: Duration::from_millis(1),
        budget: Duration::from_millis(5),
    };
    let err = wait_for_operation(&client, "op-1", &schedule, &mut sink)
        .await
        .expect_err("gives up");
    assert_eq!(ops.num_calls(), 6, "one at once, then five 1 ms waits");
    assert!(err.message.contains("still SUBMITTED"), "{}", err.message);
    assert!(
        err.hint
            .as_deref()
            .unwrap_or_default()
            .contains("may still finish")
    );
}

#[tokio::test]
async fn transient_poll_failures_are_polled_through_and_others_are_not() {
    let ops = mock!(SdClient::get_operation)
        .sequence()
        .http_status(503, None)
        .output(|| operation(SdStatus::Success))
        .build();
    let (client, _) = sd(&[&ops]);
    let (_, mut sink) = recorder();
    let done = wait_for_operation(&client, "op-1", &FAST, &mut sink)
        .await
        .expect("the second poll succeeds");
    assert_eq!(done.namespace_id(), Some(NS_ID));

    let missing = mock!(SdClient::get_operation).then_http_response(|| {
        Response::new(
            StatusCode::try_from(400).expect("status"),
            SdkBody::from(r#"{"__type":"OperationNotFound","Message":"no such operation"}"#),
        )
    });
    let (client, _) = sd(&[&missing]);
    let err = wait_for_operation(&client, "op-x", &FAST, &mut sink)
        .await
        .expect_err("not transient");
    assert_eq!(missing.num_calls(), 1);
    assert_eq!(err.code.as_deref(), Some("OperationNotFound"));
}

#[tokio::test]
async fn create_http_namespace_sends_the_planned_body_waits_and_describes() {
    let create = create_http_ok();
    let ops = pending_then_success(1);
    let get = get_new_namespace();
    let (client, capture) = sd(&[&create, &ops, &get]);
    let spec = NewNamespace {
        name: "shop.local".into(),
        kind: NewNamespaceKind::Http,
        description: Some("shop services".into()),
        tags: vec![("team".into(), "web".into())],
    };
    let (seen, mut sink) = recorder();
    let ns = create_namespace(&client, &spec, &FAST, &mut sink)
        .await
        .expect("created");
    assert_eq!(ns.id, NS_ID);
    assert_eq!(ns.arn, NS_ARN);
    assert_eq!(ns.kind, NamespaceKind::Http);
    assert_eq!(ns.http_name.as_deref(), Some("shop.local"));
    assert_eq!(ns.description.as_deref(), Some("shop services"));
    assert_eq!(*seen.lock().expect("lock"), ["PENDING#1", "SUCCESS#2"]);

    assert_eq!(
        capture.operations(),
        [
            "CreateHttpNamespace",
            "GetOperation",
            "GetOperation",
            "GetNamespace"
        ]
    );
    let mut body = capture.bodies("CreateHttpNamespace").remove(0);
    let token = body
        .as_object_mut()
        .and_then(|m| m.remove("CreatorRequestId"))
        .expect("a retry token is added");
    assert!(
        token
            .as_str()
            .is_some_and(|t| t.starts_with("tecs-") && t.len() <= 64)
    );
    assert_eq!(body, spec.request().request, "otherwise exactly the plan");
}

#[tokio::test]
async fn create_private_dns_namespace_sends_the_vpc() {
    let create = mock!(SdClient::create_private_dns_namespace)
        .match_requests(|r| r.vpc() == Some("vpc-1") && r.name() == Some("corp.internal"))
        .then_output(|| {
            CreatePrivateDnsNamespaceOutput::builder()
                .operation_id("op-1")
                .build()
        });
    let ops = pending_then_success(0);
    let get = get_new_namespace();
    let (client, capture) = sd(&[&create, &ops, &get]);
    let spec = NewNamespace {
        name: "corp.internal".into(),
        kind: NewNamespaceKind::DnsPrivate {
            vpc_id: "vpc-1".into(),
        },
        description: None,
        tags: Vec::new(),
    };
    let (_, mut sink) = recorder();
    create_namespace(&client, &spec, &FAST, &mut sink)
        .await
        .expect("created");
    let body = capture.bodies("CreatePrivateDnsNamespace").remove(0);
    assert_eq!(body["Name"], "corp.internal");
    assert_eq!(body["Vpc"], "vpc-1");
}

#[tokio::test]
async fn an_invalid_spec_makes_no_call() {
    let (client, capture) = sd(&[]);
    let spec = NewNamespace {
        name: "bad name".into(),
        kind: NewNamespaceKind::Http,
        description: None,
        tags: Vec::new(),
    };
    let (_, mut sink) = recorder();
    let err = create_namespace(&client, &spec, &FAST, &mut sink)
        .await
        .expect_err("refused");
    assert_eq!(err.kind, ErrorKind::InvalidRequest);
    assert!(capture.all().is_empty());
}

fn summary(id: &str, name: &str) -> SdServiceSummary {
    SdServiceSummary::builder().id(id).name(name).build()
}

fn get_service(id: &'static str, name: &'static str, namespace: &'static str) -> Rule {
    mock!(SdClient::get_service)
        .match_requests(move |r| r.id() == Some(id))
        .then_output(move || {
            GetServiceOutput::builder()
                .service(
                    SdService::builder()
                        .id(id)
                        .name(name)
                        .namespace_id(namespace)
                        .build(),
                )
                .build()
        })
}

#[tokio::test]
async fn delete_is_refused_while_the_namespace_has_services() {
    let list = mock!(SdClient::list_services)
        .match_requests(|r| {
            r.filters()
                .first()
                .is_some_and(|f| f.values() == [NS_ID.to_string()])
        })
        .then_output(|| {
            ListServicesOutput::builder()
                .services(summary("srv-1", "web"))
                .services(summary("srv-2", "api"))
                .build()
        });
    let web = get_service("srv-1", "web", NS_ID);
    let api = get_service("srv-2", "api", NS_ID);
    let delete = mock!(SdClient::delete_namespace).then_output(|| {
        DeleteNamespaceOutput::builder()
            .operation_id("op-1")
            .build()
    });
    let (client, _) = sd(&[&list, &web, &api, &delete]);
    let (_, mut sink) = recorder();
    let err = delete_namespace(&client, NS_ID, &FAST, &mut sink)
        .await
        .expect_err("refused");
    assert_eq!(err.code.as_deref(), Some("ResourceInUse"));
    assert_eq!(
        err.message,
        "namespace ns-new still has 2 Cloud Map services: api, web"
    );
    assert_eq!(delete.num_calls(), 0);
}

#[tokio::test]
async fn services_of_other_namespaces_from_an_unfiltered_list_do_not_block() {
    // What the emulator does: the filter is ignored and every service of the account comes back.
    let list = mock!(SdClient::list_services).then_output(|| {
        ListServicesOutput::builder()
            .services(summary("srv-9", "elsewhere"))
            .services(summary("srv-gone", "gone"))
            .build()
    });
    let other = get_service("srv-9", "elsewhere", "ns-other");
    let gone = mock!(SdClient::get_service)
        .match_requests(|r| r.id() == Some("srv-gone"))
        .then_http_response(|| {
            Response::new(
                StatusCode::try_from(400).expect("status"),
                SdkBody::from(r#"{"__type":"ServiceNotFound","Message":"gone"}"#),
            )
        });
    let delete = mock!(SdClient::delete_namespace)
        .match_requests(|r| r.id() == Some(NS_ID))
        .then_output(|| {
            DeleteNamespaceOutput::builder()
                .operation_id("op-1")
                .build()
        });
    let ops = pending_then_success(2);
    let (client, capture) = sd(&[&list, &other, &gone, &delete, &ops]);
    assert!(
        namespace_service_names(&client, NS_ID)
            .await
            .expect("lists")
            .is_empty()
    );
    let (seen, mut sink) = recorder();
    let done = delete_namespace(&client, NS_ID, &FAST, &mut sink)
        .await
        .expect("deleted");
    assert_eq!(done.namespace_id(), Some(NS_ID));
    assert_eq!(delete.num_calls(), 1);
    assert_eq!(
        *seen.lock().expect("lock"),
        ["PENDING#1", "PENDING#2", "SUCCESS#3"]
    );
    assert_eq!(
        capture.bodies("DeleteNamespace"),
        [delete_request_body()],
        "the body the confirmation dialog shows"
    );
}

fn delete_request_body() -> Value {
    crate::domain::namespace::delete_namespace_request(NS_ID, "shop.local").request
}

#[tokio::test]
async fn namespace_services_are_paged() {
    let first = mock!(SdClient::list_services)
        .match_requests(|r| r.next_token().is_none())
        .then_output(|| {
            ListServicesOutput::builder()
                .services(summary("srv-1", "web"))
                .next_token("t1")
                .build()
        });
    let second = mock!(SdClient::list_services)
        .match_requests(|r| r.next_token() == Some("t1"))
        .then_output(|| {
            ListServicesOutput::builder()
                .services(summary("srv-2", "api"))
                .build()
        });
    let web = get_service("srv-1", "web", NS_ID);
    let api = get_service("srv-2", "api", NS_ID);
    let (client, _) = sd(&[&first, &second, &web, &api]);
    assert_eq!(
        namespace_service_names(&client, NS_ID)
            .await
            .expect("lists"),
        ["api", "web"]
    );
    assert_eq!((first.num_calls(), second.num_calls()), (1, 1));
}

#[tokio::test]
async fn vpcs_are_paged_default_first_with_names() {
    use aws_sdk_ec2::operation::describe_vpcs::DescribeVpcsOutput;
    use aws_sdk_ec2::types::{Tag, Vpc};
    let first = mock!(aws_sdk_ec2::Client::describe_vpcs)
        .match_requests(|r| r.next_token().is_none())
        .then_output(|| {
            DescribeVpcsOutput::builder()
                .vpcs(
                    Vpc::builder()
                        .vpc_id("vpc-b")
                        .cidr_block("10.1.0.0/16")
                        .is_default(false)
                        .tags(Tag::builder().key("Name").value("main").build())
                        .build(),
                )
                .next_token("t1")
                .build()
        });
    let second = mock!(aws_sdk_ec2::Client::describe_vpcs)
        .match_requests(|r| r.next_token() == Some("t1"))
        .then_output(|| {
            DescribeVpcsOutput::builder()
                .vpcs(Vpc::builder().vpc_id("vpc-z").is_default(true).build())
                .vpcs(Vpc::builder().vpc_id("vpc-a").build())
                .build()
        });
    let capture = Capture::default();
    let ec2 = mocked!(aws_sdk_ec2, [&first, &second], capture);
    let vpcs = list_vpcs(&ec2).await.expect("lists");
    let ids: Vec<&str> = vpcs.iter().map(|v| v.id.as_str()).collect();
    assert_eq!(ids, ["vpc-z", "vpc-a", "vpc-b"]);
    assert_eq!(vpcs[0].label(), "vpc-z (default)");
    assert_eq!(vpcs[1].label(), "vpc-a");
    assert_eq!(vpcs[2].label(), "vpc-b (main, 10.1.0.0/16)");
}

#[test]
fn retry_tokens_are_unique() {
    let a = creator_request_id();
    let b = creator_request_id();
    assert_ne!(a, b);
    assert!(a.len() <= 64, "{a}");
}

#[test]
fn completed_operations_name_their_namespace() {
    let done = CompletedOperation {
        operation_id: "op".into(),
        targets: HashMap::from([("NAMESPACE".to_string(), "ns-1".to_string())]),
    };
    assert_eq!(done.namespace_id(), Some("ns-1"));
    let none = CompletedOperation {
        operation_id: "op".into(),
        targets: HashMap::new(),
    };
    assert_eq!(none.namespace_id(), None);
}
