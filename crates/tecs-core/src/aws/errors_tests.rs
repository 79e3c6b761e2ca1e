//! Classification of every SDK failure shape: synthetic chains for the shapes that need a network
//! or a credentials setup (the real ones are in tests/errors_real_endpoints.rs), aws-smithy-mocks
//! for service answers and their status codes, and RegisterTaskDefinition's three write outcomes.

use std::error::Error as StdError;
use std::fmt;
use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_ecs::Client;
use aws_sdk_ecs::operation::list_clusters::ListClustersError;
use aws_smithy_mocks::{RuleMode, mock, mock_client};
use aws_smithy_runtime_api::client::http::{
    HttpClient, HttpConnector, HttpConnectorFuture, HttpConnectorSettings, SharedHttpConnector,
};
use aws_smithy_runtime_api::client::orchestrator::{HttpRequest, HttpResponse};
use aws_smithy_runtime_api::client::result::{ConnectorError, SdkError};
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_runtime_api::http::StatusCode;
use aws_smithy_types::body::SdkBody;

use super::*;

/// A readable error with an optional cause, to build the SDK's wrapper chains.
#[derive(Debug)]
struct Wrap(&'static str, Option<Box<dyn StdError + Send + Sync>>);

impl fmt::Display for Wrap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl StdError for Wrap {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.1.as_deref().map(|e| e as &(dyn StdError + 'static))
    }
}

fn leaf(text: &'static str) -> Box<dyn StdError + Send + Sync> {
    Box::new(Wrap(text, None))
}

fn wrap(
    text: &'static str,
    inner: Box<dyn StdError + Send + Sync>,
) -> Box<dyn StdError + Send + Sync> {
    Box::new(Wrap(text, Some(inner)))
}

type Sdk = SdkError<ListClustersError, HttpResponse>;

/// A credentials failure as the orchestrator reports it: a dispatch failure of kind "other".
fn credentials(e: CredentialsError) -> Sdk {
    SdkError::dispatch_failure(ConnectorError::other(Box::new(e), None))
}

fn io(kind: std::io::ErrorKind, text: &'static str) -> Box<dyn StdError + Send + Sync> {
    Box::new(std::io::Error::new(kind, text))
}

/// Text that must never reach the screen.
const DEBUG_MARKS: &[&str] = &[
    "{",
    "}",
    "Error {",
    "Some(",
    "DispatchFailure",
    "ConnectorError",
    "ProviderError",
    "Unhandled",
    "dispatch failure",
    "(os error",
];

fn assert_readable(e: &AwsError) {
    for mark in DEBUG_MARKS {
        assert!(
            !e.message.contains(mark),
            "{mark:?} in message: {}",
            e.message
        );
        if let Some(hint) = &e.hint {
            assert!(!hint.contains(mark), "{mark:?} in hint: {hint}");
        }
    }
    assert!(
        e.message.starts_with("ListClusters failed: "),
        "{}",
        e.message
    );
}

struct Shape {
    name: &'static str,
    err: Sdk,
    kind: ErrorKind,
    delivery: Delivery,
    /// Words the message must contain.
    says: &'static [&'static str],
}

fn shapes() -> Vec<Shape> {
    use std::io::ErrorKind as Io;
    let chain_text = "no credentials found in chain. Attempted:\n  Environment: the credential provider was not enabled: environment variable not set\n  Profile: the credential provider was not enabled\n  Ec2InstanceMetadata: the credential provider was not enabled: could not communicate with IMDS";
    vec![
        Shape {
            name: "default chain found nothing",
            err: credentials(CredentialsError::not_loaded(leaf(chain_text))),
            kind: ErrorKind::NoCredentials,
            delivery: Delivery::NotSent,
            says: &[
                "no AWS credentials",
                "environment variables",
                "EC2 instance metadata",
            ],
        },
        Shape {
            name: "instance metadata answered 403",
            err: credentials(CredentialsError::provider_error(wrap(
                "failed to load IMDS session token",
                wrap(
                    "service error",
                    leaf(
                        "request forbidden: IMDS is disabled or the caller has insufficient permissions.",
                    ),
                ),
            ))),
            kind: ErrorKind::NoCredentials,
            delivery: Delivery::NotSent,
            says: &["no AWS credentials", "instance metadata", "refused"],
        },
        Shape {
            name: "SSO token expired",
            err: credentials(CredentialsError::provider_error(Box::new(
                CredentialsError::provider_error(leaf(
                    "the SSO token has expired and cannot be refreshed",
                )),
            ))),
            kind: ErrorKind::SsoExpired,
            delivery: Delivery::NotSent,
            says: &["SSO session has expired"],
        },
        Shape {
            name: "legacy SSO token rejected",
            err: credentials(CredentialsError::provider_error(wrap(
                "service error",
                leaf("UnauthorizedException: Session token not found or invalid"),
            ))),
            kind: ErrorKind::SsoExpired,
            delivery: Delivery::NotSent,
            says: &["SSO session is no longer valid"],
        },
        Shape {
            name: "credential_process fails",
            err: credentials(CredentialsError::provider_error(leaf(
                "Error retrieving credentials: external process exited with code exit status: 3. Stderr: boom",
            ))),
            kind: ErrorKind::Misconfigured,
            delivery: Delivery::NotSent,
            says: &["credential_process failed", "boom"],
        },
        Shape {
            name: "profile does not exist",
            err: credentials(CredentialsError::invalid_configuration(
                MissingProfileError {
                    profile: "prod".into(),
                    known: vec!["default".into(), "dev".into()],
                },
            )),
            kind: ErrorKind::Misconfigured,
            delivery: Delivery::NotSent,
            says: &["profile prod does not exist", "default, dev"],
        },
        Shape {
            name: "source_profile without keys",
            err: credentials(CredentialsError::invalid_configuration(leaf(
                "ProfileFile provider could not be built: invalid credential source in `nokeys`: could not load source profile: profile `nokeys` did not contain credential information",
            ))),
            kind: ErrorKind::Misconfigured,
            delivery: Delivery::NotSent,
            says: &["profile configuration is not usable", "nokeys"],
        },
        Shape {
            name: "credentials provider too slow",
            err: credentials(CredentialsError::provider_timed_out(Duration::from_secs(5))),
            kind: ErrorKind::Timeout {
                phase: TimeoutPhase::Credentials,
            },
            delivery: Delivery::NotSent,
            says: &["credentials took longer than 5 s"],
        },
        Shape {
            name: "identity cache gave up on the provider",
            err: SdkError::dispatch_failure(ConnectorError::other(
                leaf("identity resolver timed out after 15s"),
                None,
            )),
            kind: ErrorKind::Timeout {
                phase: TimeoutPhase::Credentials,
            },
            delivery: Delivery::NotSent,
            says: &["credentials could not be loaded within 15s"],
        },
        Shape {
            name: "credentials service refused the connection",
            err: credentials(CredentialsError::provider_error(wrap(
                "dispatch failure",
                wrap(
                    "io error",
                    io(Io::ConnectionRefused, "Connection refused (os error 111)"),
                ),
            ))),
            kind: ErrorKind::Unreachable,
            delivery: Delivery::NotSent,
            says: &["could not get credentials", "nothing is listening"],
        },
        Shape {
            name: "connection refused",
            err: SdkError::dispatch_failure(ConnectorError::io(wrap(
                "client error (Connect)",
                wrap(
                    "tcp connect error",
                    io(Io::ConnectionRefused, "Connection refused (os error 111)"),
                ),
            ))),
            kind: ErrorKind::Unreachable,
            delivery: Delivery::NotSent,
            says: &["nothing is listening", "connection refused"],
        },
        Shape {
            name: "DNS failure",
            err: SdkError::dispatch_failure(ConnectorError::io(wrap(
                "client error (Connect)",
                wrap(
                    "dns error",
                    io(
                        Io::Other,
                        "failed to lookup address information: Name or service not known",
                    ),
                ),
            ))),
            kind: ErrorKind::Unreachable,
            delivery: Delivery::NotSent,
            says: &["does not resolve", "Name or service not known"],
        },
        Shape {
            name: "TLS failure while connecting",
            err: SdkError::dispatch_failure(ConnectorError::io(wrap(
                "client error (Connect)",
                leaf("invalid peer certificate: UnknownIssuer"),
            ))),
            kind: ErrorKind::Unreachable,
            delivery: Delivery::NotSent,
            says: &["could not connect", "invalid peer certificate"],
        },
        Shape {
            name: "connection reset after sending",
            err: SdkError::dispatch_failure(ConnectorError::io(wrap(
                "client error (SendRequest)",
                wrap(
                    "connection error",
                    io(
                        Io::ConnectionReset,
                        "Connection reset by peer (os error 104)",
                    ),
                ),
            ))),
            kind: ErrorKind::Network,
            delivery: Delivery::Unknown,
            says: &["reset before the answer"],
        },
        Shape {
            name: "connect timeout",
            err: SdkError::dispatch_failure(ConnectorError::timeout(leaf(
                "HTTP connect timeout occurred after 3s",
            ))),
            kind: ErrorKind::Timeout {
                phase: TimeoutPhase::Connect,
            },
            delivery: Delivery::NotSent,
            says: &["did not accept a connection within 3s"],
        },
        Shape {
            name: "read timeout",
            err: SdkError::dispatch_failure(ConnectorError::timeout(leaf(
                "HTTP read timeout occurred after 20s",
            ))),
            kind: ErrorKind::Timeout {
                phase: TimeoutPhase::Answer,
            },
            delivery: Delivery::Unknown,
            says: &["no answer", "within 20s"],
        },
        Shape {
            name: "attempt timeout",
            err: SdkError::timeout_error(leaf(
                "operation attempt timeout (single attempt) occurred after 20s",
            )),
            kind: ErrorKind::Timeout {
                phase: TimeoutPhase::Answer,
            },
            delivery: Delivery::Unknown,
            says: &["no answer", "within 20s"],
        },
        Shape {
            name: "operation timeout",
            err: SdkError::timeout_error(leaf(
                "operation timeout (all attempts including retries) occurred after 60s",
            )),
            kind: ErrorKind::Timeout {
                phase: TimeoutPhase::Answer,
            },
            delivery: Delivery::Unknown,
            says: &["no answer", "within 60s", "all attempts"],
        },
        Shape {
            name: "malformed endpoint URL",
            err: SdkError::dispatch_failure(ConnectorError::other(
                leaf("failed to apply endpoint `localhost:4566`: endpoint must contain scheme"),
                None,
            )),
            kind: ErrorKind::Misconfigured,
            delivery: Delivery::NotSent,
            says: &["endpoint URL is not usable", "must contain scheme"],
        },
        Shape {
            name: "request could not be built",
            err: SdkError::construction_failure(leaf("missing required field `family`")),
            kind: ErrorKind::InvalidRequest,
            delivery: Delivery::NotSent,
            says: &["could not build the request", "family"],
        },
        Shape {
            name: "a cause that is only Debug output",
            err: SdkError::dispatch_failure(ConnectorError::io(leaf("Custom { kind: Other }"))),
            kind: ErrorKind::Network,
            delivery: Delivery::Unknown,
            says: &["the connection failed (a network error)"],
        },
    ]
}

#[test]
fn every_failure_shape_is_classified_into_a_readable_sentence() {
    for shape in shapes() {
        let e = classify("ListClusters", &shape.err);
        assert_eq!(e.kind, shape.kind, "{}: {e:?}", shape.name);
        assert_eq!(e.delivery(), shape.delivery, "{}: {e:?}", shape.name);
        assert_readable(&e);
        assert!(
            e.hint.is_some(),
            "{}: every transport failure has a hint",
            shape.name
        );
        for word in shape.says {
            assert!(
                e.message.contains(word),
                "{}: {word:?} not in {}",
                shape.name,
                e.message
            );
        }
    }
}

#[test]
fn sso_hint_names_the_profile() {
    let err = credentials(CredentialsError::provider_error(leaf(
        "the SSO token has expired and cannot be refreshed",
    )));
    let e = classify("ListClusters", &err).with_profile(Some("prod"));
    assert_eq!(e.hint.as_deref(), Some("run: aws sso login --profile prod"));
    let e = classify("ListClusters", &err).with_profile(None);
    assert!(
        e.hint
            .as_deref()
            .is_some_and(|h| h.starts_with("run: aws sso login"))
    );
}

#[test]
fn at_endpoint_names_the_url_only_where_the_message_says_the_endpoint() {
    let timeout = timeout_error(
        "ListClusters",
        TimeoutPhase::Answer,
        "no answer from the endpoint within 60s".into(),
    );
    let named = timeout.clone().at_endpoint(Some("http://10.0.0.1:4566"));
    assert_eq!(
        named.message,
        "ListClusters failed: no answer from the endpoint http://10.0.0.1:4566 within 60s"
    );
    assert_eq!(timeout.clone().at_endpoint(None), timeout);
    let service = classify_service(
        "ListClusters",
        Some("ClientException".into()),
        "the endpoint x",
        Some(400),
    );
    assert_eq!(
        service.clone().at_endpoint(Some("http://h")),
        service,
        "service answers are left alone"
    );
}

#[test]
fn delivery_follows_kind_and_code() {
    let code = |c: &str| Some(c.to_string());
    let rows: Vec<(ErrorKind, Option<String>, Delivery)> = vec![
        (ErrorKind::NoCredentials, None, Delivery::NotSent),
        (ErrorKind::SsoExpired, None, Delivery::NotSent),
        (ErrorKind::Misconfigured, None, Delivery::NotSent),
        (ErrorKind::Unreachable, None, Delivery::NotSent),
        (
            ErrorKind::Timeout {
                phase: TimeoutPhase::Connect,
            },
            None,
            Delivery::NotSent,
        ),
        (
            ErrorKind::Timeout {
                phase: TimeoutPhase::Credentials,
            },
            None,
            Delivery::NotSent,
        ),
        (
            ErrorKind::Timeout {
                phase: TimeoutPhase::Answer,
            },
            None,
            Delivery::Unknown,
        ),
        (ErrorKind::Network, None, Delivery::Unknown),
        (ErrorKind::BadResponse, None, Delivery::Unknown),
        (ErrorKind::ServerError, None, Delivery::Unknown),
        (
            ErrorKind::ServerError,
            code("ServerException"),
            Delivery::Unknown,
        ),
        (
            ErrorKind::Throttled,
            code("ThrottlingException"),
            Delivery::Refused,
        ),
        (
            ErrorKind::AccessDenied { action: None },
            code("AccessDeniedException"),
            Delivery::Refused,
        ),
        (
            ErrorKind::CredentialsExpired,
            code("ExpiredTokenException"),
            Delivery::Refused,
        ),
        (ErrorKind::CredentialsExpired, None, Delivery::NotSent),
        (
            ErrorKind::NotFound,
            code("ClusterNotFoundException"),
            Delivery::Refused,
        ),
        (ErrorKind::NotFound, None, Delivery::NotSent),
        (
            ErrorKind::InvalidRequest,
            code("ClientException"),
            Delivery::Refused,
        ),
        (ErrorKind::InvalidRequest, None, Delivery::NotSent),
        (
            ErrorKind::Other,
            code("ResourceInUseException"),
            Delivery::Refused,
        ),
        (ErrorKind::Other, None, Delivery::Unknown),
    ];
    for (kind, code, want) in rows {
        let e = AwsError {
            kind: kind.clone(),
            code: code.clone(),
            message: String::new(),
            hint: None,
            read_back: None,
        };
        assert_eq!(e.delivery(), want, "{kind:?} with code {code:?}");
    }
    assert_eq!(AwsError::invalid("x").delivery(), Delivery::NotSent);
    assert_eq!(AwsError::other("x").delivery(), Delivery::Unknown);
}

#[test]
fn transient_kinds_are_the_ones_that_recover_by_themselves() {
    let transient = [
        ErrorKind::Throttled,
        ErrorKind::ServerError,
        ErrorKind::Network,
        ErrorKind::Unreachable,
        ErrorKind::Timeout {
            phase: TimeoutPhase::Answer,
        },
        ErrorKind::Timeout {
            phase: TimeoutPhase::Connect,
        },
    ];
    let lasting = [
        ErrorKind::AccessDenied { action: None },
        ErrorKind::SsoExpired,
        ErrorKind::CredentialsExpired,
        ErrorKind::NoCredentials,
        ErrorKind::Misconfigured,
        ErrorKind::BadResponse,
        ErrorKind::NotFound,
        ErrorKind::InvalidRequest,
        ErrorKind::Other,
    ];
    let e = |kind: ErrorKind| AwsError {
        kind,
        code: None,
        message: String::new(),
        hint: None,
        read_back: None,
    };
    for kind in transient {
        assert!(e(kind.clone()).is_transient(), "{kind:?}");
    }
    for kind in lasting {
        assert!(!e(kind.clone()).is_transient(), "{kind:?}");
    }
}

// ---- service answers through the real deserializer (aws-smithy-mocks) ----

fn no_retries(conf: aws_sdk_ecs::config::Builder) -> aws_sdk_ecs::config::Builder {
    conf.retry_config(RetryConfig::disabled())
}

fn answer(status: u16, content_type: &'static str, body: &'static str) -> HttpResponse {
    let mut r = HttpResponse::new(
        StatusCode::try_from(status).unwrap_or_else(|_| panic!("status {status}")),
        SdkBody::from(body),
    );
    r.headers_mut().insert("content-type", content_type);
    r
}

const JSON: &str = "application/x-amz-json-1.1";

#[tokio::test]
async fn service_answers_are_classified_by_code_and_status() {
    let denied = r#"{"__type":"AccessDeniedException","message":"User: arn:aws:sts::1:assumed-role/r/s is not authorized to perform: ecs:ListClusters on resource: *"}"#;
    let rows: Vec<(u16, &str, &'static str, ErrorKind, Delivery)> = vec![
        (
            400,
            JSON,
            r#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#,
            ErrorKind::Throttled,
            Delivery::Refused,
        ),
        (
            429,
            JSON,
            r#"{"__type":"TooManyRequestsException","message":"slow down"}"#,
            ErrorKind::Throttled,
            Delivery::Refused,
        ),
        (
            400,
            JSON,
            denied,
            ErrorKind::AccessDenied {
                action: Some("ecs:ListClusters".into()),
            },
            Delivery::Refused,
        ),
        (
            400,
            JSON,
            r#"{"__type":"UnrecognizedClientException","message":"The security token included in the request is invalid."}"#,
            ErrorKind::AccessDenied { action: None },
            Delivery::Refused,
        ),
        (
            400,
            JSON,
            r#"{"__type":"ExpiredTokenException","message":"The security token included in the request is expired"}"#,
            ErrorKind::CredentialsExpired,
            Delivery::Refused,
        ),
        (
            400,
            JSON,
            r#"{"__type":"ClusterNotFoundException","message":"Cluster not found."}"#,
            ErrorKind::NotFound,
            Delivery::Refused,
        ),
        (
            400,
            JSON,
            r#"{"__type":"InvalidParameterException","message":"bad"}"#,
            ErrorKind::InvalidRequest,
            Delivery::Refused,
        ),
        (
            400,
            JSON,
            r#"{"__type":"ClientException","message":"bad"}"#,
            ErrorKind::InvalidRequest,
            Delivery::Refused,
        ),
        (
            400,
            JSON,
            r#"{"__type":"ResourceInUseException","message":"busy"}"#,
            ErrorKind::Other,
            Delivery::Refused,
        ),
        (
            500,
            JSON,
            r#"{"__type":"ServerException","message":"boom"}"#,
            ErrorKind::ServerError,
            Delivery::Unknown,
        ),
        (
            503,
            JSON,
            r#"{"__type":"ServiceUnavailableException","message":"later"}"#,
            ErrorKind::ServerError,
            Delivery::Unknown,
        ),
        (
            200,
            "text/html",
            "<html><body>Welcome to nginx</body></html>",
            ErrorKind::BadResponse,
            Delivery::Unknown,
        ),
        (
            404,
            "text/html",
            "<!DOCTYPE html><html>Not Found</html>",
            ErrorKind::BadResponse,
            Delivery::Unknown,
        ),
        (
            200,
            JSON,
            "garbage",
            ErrorKind::BadResponse,
            Delivery::Unknown,
        ),
        (
            502,
            "text/html",
            "<html>Bad Gateway</html>",
            ErrorKind::ServerError,
            Delivery::Unknown,
        ),
        (500, JSON, "", ErrorKind::ServerError, Delivery::Unknown),
    ];
    for (status, content_type, body, kind, delivery) in rows {
        let rule = mock!(Client::list_clusters)
            .then_http_response(move || answer(status, content_type, body));
        let client = mock_client!(aws_sdk_ecs, RuleMode::MatchAny, [&rule], no_retries);
        let err = client.list_clusters().send().await.expect_err("fails");
        let e = classify("ListClusters", &err);
        assert_eq!(e.kind, kind, "{status} {body}: {e:?}");
        assert_eq!(e.delivery(), delivery, "{status} {body}: {e:?}");
        assert_readable(&e);
        if kind == ErrorKind::BadResponse {
            assert!(
                e.message.contains("not an AWS API response"),
                "{}",
                e.message
            );
            assert!(
                e.message.contains(&format!("HTTP {status}")),
                "{}",
                e.message
            );
        }
    }
}

// ---- RegisterTaskDefinition: what a failed write may have done ----

fn definition() -> serde_json::Value {
    serde_json::json!({"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx"}]})
}

#[tokio::test]
async fn register_answered_with_garbage_is_outcome_unknown() {
    let rule = mock!(Client::register_task_definition)
        .then_http_response(|| answer(200, JSON, "this is not json"));
    let client = mock_client!(aws_sdk_ecs, RuleMode::MatchAny, [&rule], no_retries);
    let e = super::super::task_definitions::register_json(&client, &definition())
        .await
        .expect_err("unreadable answer");
    assert_eq!(e.kind, ErrorKind::BadResponse, "{e:?}");
    assert_eq!(e.delivery(), Delivery::Unknown);
    assert!(
        e.message.contains("RegisterTaskDefinition"),
        "{}",
        e.message
    );
}

#[tokio::test]
async fn register_refused_by_a_client_exception_changed_nothing() {
    let rule = mock!(Client::register_task_definition).then_http_response(|| {
        answer(
            400,
            JSON,
            r#"{"__type":"ClientException","message":"Container.image should not be null or empty."}"#,
        )
    });
    let client = mock_client!(aws_sdk_ecs, RuleMode::MatchAny, [&rule], no_retries);
    let e = super::super::task_definitions::register_json(&client, &definition())
        .await
        .expect_err("refused");
    assert_eq!(e.kind, ErrorKind::InvalidRequest, "{e:?}");
    assert_eq!(e.code.as_deref(), Some("ClientException"));
    assert_eq!(e.delivery(), Delivery::Refused);
    assert!(e.message.contains("Container.image"), "{}", e.message);
}

/// Takes every request and never answers: the request has left, the answer never comes.
#[derive(Debug, Clone)]
struct Silent;

impl HttpConnector for Silent {
    fn call(&self, _request: HttpRequest) -> HttpConnectorFuture {
        HttpConnectorFuture::new(std::future::pending())
    }
}

impl HttpClient for Silent {
    fn http_connector(
        &self,
        _settings: &HttpConnectorSettings,
        _components: &RuntimeComponents,
    ) -> SharedHttpConnector {
        SharedHttpConnector::new(self.clone())
    }
}

#[tokio::test]
async fn register_timing_out_after_sending_is_outcome_unknown() {
    let rule =
        mock!(Client::register_task_definition).then_http_response(|| answer(200, JSON, "{}"));
    let client = mock_client!(aws_sdk_ecs, RuleMode::MatchAny, [&rule], |conf| {
        conf.http_client(Silent)
            .retry_config(RetryConfig::disabled())
            .timeout_config(
                TimeoutConfig::builder()
                    .operation_timeout(Duration::from_millis(100))
                    .build(),
            )
    });
    let e = super::super::task_definitions::register_json(&client, &definition())
        .await
        .expect_err("times out");
    assert_eq!(
        e.kind,
        ErrorKind::Timeout {
            phase: TimeoutPhase::Answer
        },
        "{e:?}"
    );
    assert_eq!(e.delivery(), Delivery::Unknown);
    assert!(e.hint.is_some());
}

// ---- the SDK configuration tecs loads ----

fn settings(endpoint: Option<&str>) -> super::super::AwsSettings {
    super::super::AwsSettings {
        region: Some("us-east-1".into()),
        endpoint_url: endpoint.map(str::to_string),
        ..Default::default()
    }
}

#[tokio::test]
async fn every_call_has_connect_attempt_and_operation_timeouts() {
    let config = super::super::load_sdk_config(&settings(None))
        .await
        .expect("config");
    let t = config.timeout_config().expect("timeouts set");
    assert_eq!(t.connect_timeout(), Some(Duration::from_secs(3)));
    assert_eq!(t.operation_attempt_timeout(), Some(Duration::from_secs(20)));
    assert_eq!(t.operation_timeout(), Some(Duration::from_secs(60)));
    assert!(
        config.identity_cache().is_some(),
        "credentials have their own timeout"
    );
}

#[tokio::test]
async fn one_retry_policy_paced_by_tecs_everywhere() {
    use aws_smithy_runtime_api::client::retries::classifiers::ClassifyRetry;
    for endpoint in [
        None,
        Some("http://127.0.0.1:9"),
        Some("http://localhost:4566/"),
        Some("http://[::1]:5000"),
        Some("http://10.1.2.3:4566"),
    ] {
        let config = super::super::load_sdk_config(&settings(endpoint))
            .await
            .expect("config");
        let r = config.retry_config().expect("retry config");
        assert_eq!(r.max_attempts(), 4, "{endpoint:?}");
        // The pacing classifier (at least 1 s between attempts; see aws/retry.rs) is on every
        // client.
        let clients = super::super::Clients::new(&config, None);
        let names: Vec<&str> = clients
            .ecs
            .config()
            .retry_classifiers()
            .map(|c| c.name())
            .collect();
        assert!(
            names.iter().any(|n| n.starts_with("tecs pacing")),
            "{endpoint:?}: {names:?}"
        );
    }
    for local in [
        "http://127.0.0.1:9",
        "http://localhost:4566/",
        "http://[::1]:5000",
    ] {
        assert!(super::super::is_loopback(local), "{local}");
    }
    assert!(!super::super::is_loopback("http://10.1.2.3:4566"));
    assert!(!super::super::is_loopback(
        "https://ecs.us-east-1.amazonaws.com"
    ));
}

// ---- kept from the first version of this module ----

#[test]
fn access_denied_without_action_falls_back_to_the_operation() {
    let e = classify_service(
        "ListClusters",
        Some("AccessDeniedException".into()),
        "denied",
        Some(400),
    );
    assert_eq!(
        e.kind,
        ErrorKind::AccessDenied {
            action: Some("ecs:ListClusters".into())
        }
    );
    assert_eq!(
        e.hint.as_deref(),
        Some("your role needs the IAM permission ecs:ListClusters")
    );
}

#[test]
fn a_service_error_without_a_message_is_not_repeated() {
    let e = classify_service(
        "ListClusters",
        Some("ServerException".into()),
        "",
        Some(500),
    );
    assert_eq!(e.message, "ListClusters failed: ServerException");
    assert!(e.is_transient());
}
