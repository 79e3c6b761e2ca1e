//! Every error names its real cause, against REAL failing endpoints: a closed port, a port that
//! accepts and never answers, one whose accept queue is full (connect timeout), a server that
//! answers HTML, one that hangs up, a name that does not resolve, and the credentials chain
//! failing per provider (run in a child process, since the chain reads the environment and the
//! workspace forbids the `unsafe` `set_var`).
//!
//! Each failure is classified with tecs's own clients (tecs's timeouts, retries and interceptors)
//! and checked for kind, delivery, and that no Rust `Debug` text reaches the message or hint.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use aws_sdk_ecs::config::{Credentials, SharedCredentialsProvider};
use aws_smithy_types::timeout::TimeoutConfig;
use tecs::aws::errors::{AwsError, Delivery, ErrorKind, TimeoutPhase, classify};
use tecs::aws::{AwsSettings, Clients, load_sdk_config};

/// Text that must never reach the screen.
const DEBUG_MARKS: &[&str] = &[
    "{",
    "}",
    "Error {",
    "Some(",
    "DispatchFailure",
    "ConnectorError",
    "ProviderError",
    "hyper",
    "dispatch failure",
    "(os error",
    "Unknown } }",
];

fn assert_readable(e: &AwsError) {
    for mark in DEBUG_MARKS {
        assert!(
            !e.message.contains(mark),
            "{mark:?} in message: {}",
            e.message
        );
        let hint = e.hint.as_deref().unwrap_or_default();
        assert!(!hint.contains(mark), "{mark:?} in hint: {hint}");
    }
    assert!(e.hint.is_some(), "no hint: {e:?}");
}

/// tecs's clients for `endpoint` with fake static credentials; `timeouts` replaces tecs's own
/// (60 s per operation) where a test must not wait that long.
async fn clients(endpoint: &str, timeouts: Option<TimeoutConfig>) -> Clients {
    let settings = AwsSettings {
        endpoint_url: Some(endpoint.to_string()),
        region: Some("us-east-1".to_string()),
        ..Default::default()
    };
    let config = load_sdk_config(&settings).await.expect("config loads");
    let mut builder = config
        .to_builder()
        .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
            "AKIAIOSFODNN7EXAMPLE",
            "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            None,
            None,
            "test",
        )));
    if let Some(t) = timeouts {
        builder = builder.timeout_config(t);
    }
    Clients::new(&builder.build(), None)
}

async fn list_clusters_error(clients: &Clients) -> AwsError {
    let err = clients
        .ecs
        .list_clusters()
        .send()
        .await
        .expect_err("the endpoint cannot answer");
    classify("ListClusters", &err)
}

fn closed_port() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    drop(listener);
    addr
}

/// A server on its own thread that answers every request with `response` (or, when `None`,
/// accepts, reads the request and hangs up without answering).
fn server(response: Option<&'static str>) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut buf = [0u8; 65536];
                let _ = stream.set_read_timeout(Some(Duration::from_millis(500)));
                let _ = stream.read(&mut buf);
                if let Some(response) = response {
                    let _ = stream.write_all(response.as_bytes());
                }
            });
        }
    });
    addr
}

/// Accepts connections and holds them open without ever answering: a silent link.
fn silent_server() -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let addr = listener.local_addr().expect("addr");
    std::thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    addr
}

fn html(status: &str) -> String {
    let body = "<html><body><h1>Welcome to nginx!</h1></body></html>";
    format!(
        "HTTP/1.1 {status}\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    )
}

#[tokio::test]
async fn a_closed_port_is_unreachable_and_names_the_address() {
    let addr = closed_port();
    let e = list_clusters_error(&clients(&format!("http://{addr}"), None).await).await;
    assert_eq!(e.kind, ErrorKind::Unreachable, "{e:?}");
    assert_eq!(e.delivery(), Delivery::NotSent);
    assert!(
        e.message
            .contains(&format!("nothing is listening at {addr}")),
        "{}",
        e.message
    );
    assert!(e.is_transient());
    assert_readable(&e);
}

/// The issue asks for a refused loopback connection within a second (it took ~4-6 s with 4
/// attempts from a 1 s backoff base). A timed assertion can flake on a loaded machine, so this
/// runs only when asked: `cargo test --test errors_real_endpoints -- --ignored`. The normal run
/// checks what bounds it instead: a refused local connection is never retried (tecs-core's
/// `aws::retry` tests) and the classifier is on every client (its errors tests).
#[tokio::test]
#[ignore = "timed; run explicitly"]
async fn a_closed_loopback_port_fails_within_a_second_and_a_half() {
    let addr = closed_port();
    let clients = clients(&format!("http://{addr}"), None).await;
    let started = Instant::now();
    let e = list_clusters_error(&clients).await;
    let took = started.elapsed();
    assert_eq!(e.kind, ErrorKind::Unreachable, "{e:?}");
    assert!(took < Duration::from_millis(1500), "took {took:?}");
}

#[tokio::test]
async fn a_port_that_accepts_and_never_answers_ends_in_a_timeout_with_a_hint() {
    let addr = silent_server();
    let short = TimeoutConfig::builder()
        .connect_timeout(Duration::from_secs(3))
        .operation_attempt_timeout(Duration::from_millis(300))
        .operation_timeout(Duration::from_secs(1))
        .build();
    let e = list_clusters_error(&clients(&format!("http://{addr}"), Some(short)).await).await;
    assert_eq!(
        e.kind,
        ErrorKind::Timeout {
            phase: TimeoutPhase::Answer
        },
        "{e:?}"
    );
    assert_eq!(e.delivery(), Delivery::Unknown, "the request was sent");
    assert!(e.message.contains("no answer"), "{}", e.message);
    assert_readable(&e);
}

/// Fills a listener's accept queue so that further connection attempts get no answer at all
/// (Linux drops the SYN): a connect timeout without depending on an unroutable address.
fn full_backlog() -> Option<(SocketAddr, TcpListener, Vec<TcpStream>)> {
    let listener = TcpListener::bind("127.0.0.1:0").ok()?;
    let addr = listener.local_addr().ok()?;
    let mut held = Vec::new();
    for _ in 0..4096 {
        match TcpStream::connect_timeout(&addr, Duration::from_millis(200)) {
            Ok(s) => held.push(s),
            Err(_) => return Some((addr, listener, held)),
        }
    }
    None
}

#[tokio::test]
async fn a_connection_nobody_accepts_is_a_connect_timeout_and_nothing_was_sent() {
    let Some((addr, _listener, _held)) = full_backlog() else {
        eprintln!("skipped: this system completes connections even with a full accept queue");
        return;
    };
    let short = TimeoutConfig::builder()
        .connect_timeout(Duration::from_millis(300))
        .operation_attempt_timeout(Duration::from_secs(5))
        .operation_timeout(Duration::from_secs(10))
        .build();
    let e = list_clusters_error(&clients(&format!("http://{addr}"), Some(short)).await).await;
    assert_eq!(
        e.kind,
        ErrorKind::Timeout {
            phase: TimeoutPhase::Connect
        },
        "{e:?}"
    );
    assert_eq!(e.delivery(), Delivery::NotSent);
    assert!(
        e.message.contains("did not accept a connection"),
        "{}",
        e.message
    );
    assert_readable(&e);
}

#[tokio::test]
async fn an_html_page_is_not_an_aws_response() {
    let page = Box::leak(html("200 OK").into_boxed_str());
    let addr = server(Some(page));
    let url = format!("http://{addr}");
    let e = list_clusters_error(&clients(&url, None).await)
        .await
        .at_endpoint(Some(&url));
    assert_eq!(e.kind, ErrorKind::BadResponse, "{e:?}");
    assert_eq!(e.delivery(), Delivery::Unknown);
    assert!(
        e.message.contains(&format!(
            "the endpoint {url} answered something that is not an AWS API response"
        )),
        "{}",
        e.message
    );
    assert!(e.message.contains("HTML"), "{}", e.message);
    assert!(!e.is_transient());
    assert_readable(&e);
}

#[tokio::test]
async fn an_html_server_error_is_a_server_error_that_is_not_aws() {
    let page = Box::leak(html("500 Internal Server Error").into_boxed_str());
    let addr = server(Some(page));
    let e = list_clusters_error(&clients(&format!("http://{addr}"), None).await).await;
    assert_eq!(e.kind, ErrorKind::ServerError, "{e:?}");
    assert_eq!(e.delivery(), Delivery::Unknown);
    assert!(e.message.contains("HTTP 500"), "{}", e.message);
    assert!(
        e.message.contains("not an AWS API response"),
        "{}",
        e.message
    );
    assert_readable(&e);
}

#[tokio::test]
async fn a_server_that_hangs_up_after_the_request_may_have_done_it() {
    let addr = server(None);
    let e = list_clusters_error(&clients(&format!("http://{addr}"), None).await).await;
    assert_eq!(e.kind, ErrorKind::Network, "{e:?}");
    assert_eq!(e.delivery(), Delivery::Unknown);
    assert_readable(&e);
}

#[tokio::test]
async fn a_name_that_does_not_resolve_is_unreachable() {
    let url = "http://does-not-exist.invalid";
    let e = list_clusters_error(&clients(url, None).await)
        .await
        .at_endpoint(Some(url));
    assert_eq!(e.kind, ErrorKind::Unreachable, "{e:?}");
    assert_eq!(e.delivery(), Delivery::NotSent);
    assert!(e.message.contains("does not resolve"), "{}", e.message);
    assert!(e.message.contains(url), "{}", e.message);
    assert_readable(&e);
}

// ---- the credentials chain, per provider (in a child process with its own environment) ----

const CHILD_CASE: &str = "TECS_ERRORS_CHILD_CASE";

/// Runs in the child only: loads clients as tecs does (`Clients::from_settings`, the profile from
/// `AWS_PROFILE` as the command line takes it), makes one call and prints the classification.
#[tokio::test]
async fn child_credentials_case() {
    if std::env::var(CHILD_CASE).is_err() {
        return;
    }
    let profile = std::env::var("AWS_PROFILE").ok();
    let settings = AwsSettings {
        profile: profile.clone(),
        region: Some("us-east-1".to_string()),
        endpoint_url: std::env::var("TECS_ERRORS_CHILD_ENDPOINT").ok(),
        ..Default::default()
    };
    let clients = Clients::from_settings(&settings).await.expect("config");
    let e = list_clusters_error(&clients)
        .await
        .with_profile(profile.as_deref());
    println!(
        "RESULT\t{:?}\t{:?}\t{}\t{}",
        e.kind,
        e.delivery(),
        e.message,
        e.hint.unwrap_or_default()
    );
}

struct ChildResult {
    kind: String,
    delivery: String,
    message: String,
    hint: String,
}

/// A home directory with `~/.aws/config` (and the SSO cache) for the credentials cases.
fn aws_home(case: &str) -> PathBuf {
    let home = std::env::temp_dir().join(format!("tecs-errors-{}-{case}", std::process::id()));
    let aws = home.join(".aws");
    let cache = aws.join("sso").join("cache");
    std::fs::create_dir_all(&cache).expect("mkdir");
    std::fs::write(
        aws.join("config"),
        "[profile dev]\nregion = us-east-1\n\n\
         [profile tecs-sso]\nsso_session = tecs-sso\nsso_account_id = 123456789012\nsso_role_name = Admin\n\n\
         [sso-session tecs-sso]\nsso_start_url = https://example.awsapps.com/start\nsso_region = us-east-1\n\n\
         [profile broken-process]\ncredential_process = /bin/sh -c \"echo token service down >&2; exit 3\"\n",
    )
    .expect("config");
    // The SDK finds an sso-session's token at sha1(session name): sha1("tecs-sso").
    std::fs::write(
        cache.join("6a3a5126d805a5f4d0ffe1d3207dc6275829fe28.json"),
        r#"{"accessToken": "expired-token", "expiresAt": "2020-01-01T00:00:00Z", "region": "us-east-1", "startUrl": "https://example.awsapps.com/start"}"#,
    )
    .expect("sso cache");
    home
}

fn run_child(case: &str, profile: Option<&str>, extra_env: &[(&str, String)]) -> ChildResult {
    let home = aws_home(case);
    let mut cmd = Command::new(std::env::current_exe().expect("test binary"));
    cmd.args([
        "--exact",
        "child_credentials_case",
        "--nocapture",
        "--test-threads=1",
    ])
    .env(CHILD_CASE, case)
    .env(
        "TECS_ERRORS_CHILD_ENDPOINT",
        format!("http://{}", closed_port()),
    )
    .env("HOME", &home)
    .env("AWS_CONFIG_FILE", home.join(".aws/config"))
    .env("AWS_SHARED_CREDENTIALS_FILE", home.join(".aws/credentials"))
    .env("AWS_EC2_METADATA_DISABLED", "true");
    for var in [
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_PROFILE",
        "AWS_DEFAULT_PROFILE",
        "AWS_WEB_IDENTITY_TOKEN_FILE",
        "AWS_ROLE_ARN",
        "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
        "AWS_CONTAINER_CREDENTIALS_FULL_URI",
        "AWS_EC2_METADATA_SERVICE_ENDPOINT",
    ] {
        cmd.env_remove(var);
    }
    if let Some(p) = profile {
        cmd.env("AWS_PROFILE", p);
    }
    for (k, v) in extra_env {
        cmd.env(k, v);
    }
    let out = cmd.output().expect("child runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let _ = std::fs::remove_dir_all(&home);
    let line = stdout
        .lines()
        .find_map(|l| l.split_once("RESULT\t").map(|(_, result)| result))
        .unwrap_or_else(|| {
            panic!(
                "{case}: no result\nstdout: {stdout}\nstderr: {}",
                String::from_utf8_lossy(&out.stderr)
            )
        });
    let mut parts = line.splitn(4, '\t');
    let mut next = || parts.next().unwrap_or_default().to_string();
    ChildResult {
        kind: next(),
        delivery: next(),
        message: next(),
        hint: next(),
    }
}

fn assert_child_readable(case: &str, r: &ChildResult) {
    for mark in DEBUG_MARKS {
        assert!(
            !r.message.contains(mark),
            "{case}: {mark:?} in {}",
            r.message
        );
        assert!(!r.hint.contains(mark), "{case}: {mark:?} in {}", r.hint);
    }
    assert!(!r.hint.is_empty(), "{case}: no hint");
    assert_eq!(
        r.delivery, "NotSent",
        "{case}: no credentials, nothing sent"
    );
}

#[test]
fn no_credentials_anywhere_names_the_providers_tried() {
    let r = run_child("none", None, &[]);
    assert_eq!(r.kind, "NoCredentials", "{}", r.message);
    assert!(
        r.message.contains("no AWS credentials found (tried"),
        "{}",
        r.message
    );
    assert!(r.message.contains("environment variables"), "{}", r.message);
    assert!(r.hint.contains("--profile"), "{}", r.hint);
    assert_child_readable("none", &r);
}

/// The issue's case: no credentials, and the instance-metadata address answers 403. The log knew
/// the cause; the screen said "ListClusters failed: Unknown } }".
#[test]
fn instance_metadata_answering_403_is_no_credentials_not_a_network_error() {
    let imds = server(Some(
        "HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
    ));
    let r = run_child(
        "imds403",
        None,
        &[
            ("AWS_EC2_METADATA_DISABLED", "false".to_string()),
            (
                "AWS_EC2_METADATA_SERVICE_ENDPOINT",
                format!("http://{imds}"),
            ),
        ],
    );
    assert_eq!(r.kind, "NoCredentials", "{}", r.message);
    assert!(
        r.message.contains("instance metadata service refused"),
        "{}",
        r.message
    );
    assert_child_readable("imds403", &r);
}

#[test]
fn a_profile_that_does_not_exist_says_so() {
    let r = run_child("missing-profile", Some("nosuch"), &[]);
    assert_eq!(r.kind, "Misconfigured", "{}", r.message);
    assert!(
        r.message.contains("the profile nosuch does not exist"),
        "{}",
        r.message
    );
    assert!(
        r.message.contains("dev"),
        "lists the profiles there: {}",
        r.message
    );
    assert_child_readable("missing-profile", &r);
}

#[test]
fn an_expired_sso_session_asks_for_sso_login_with_the_profile() {
    let r = run_child("sso", Some("tecs-sso"), &[]);
    assert_eq!(r.kind, "SsoExpired", "{}", r.message);
    assert!(
        r.message.contains("SSO session has expired"),
        "{}",
        r.message
    );
    assert_eq!(r.hint, "run: aws sso login --profile tecs-sso");
    assert_child_readable("sso", &r);
}

#[test]
fn a_failing_credential_process_shows_its_error() {
    let r = run_child("process", Some("broken-process"), &[]);
    assert_eq!(r.kind, "Misconfigured", "{}", r.message);
    assert!(
        r.message.contains("credential_process failed"),
        "{}",
        r.message
    );
    assert!(r.message.contains("token service down"), "{}", r.message);
    assert_child_readable("process", &r);
}
