//! No credentials in the log at any level: a real SDK call (against a closed port, so nothing
//! leaves the machine) with recognisable fake credentials in the environment, logged at debug and
//! at trace, and the log file searched for them.
//!
//! The logger is process-global and the credentials come from the environment (the workspace
//! forbids the `unsafe` `set_var`), so each run happens in a child process: this test binary
//! started again with its own environment, running only `child_logs_one_call`.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may panic on a broken fixture

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;

use tecs::aws::{AwsSettings, Clients};

const KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
const SESSION_TOKEN: &str = "FwoGZXIvYXdzEXAMPLESESSIONTOKENvalue0123456789abcdef";
const LOG_VAR: &str = "TECS_REDACTION_CHILD_LOG";

/// Runs in the child only: starts tecs's logging at the path given, makes one AWS call through
/// tecs's clients, and logs a signed-request line as a proxy or debug hook might.
#[tokio::test]
async fn child_logs_one_call() {
    let Ok(path) = std::env::var(LOG_VAR) else {
        return;
    };
    let path = PathBuf::from(path);
    assert_eq!(
        tecs::logging::init(Some(path.clone())).as_deref(),
        Some(path.as_path()),
        "logging starts"
    );
    let settings = AwsSettings {
        region: Some("us-east-1".to_string()),
        endpoint_url: std::env::var("TECS_REDACTION_CHILD_ENDPOINT").ok(),
        ..Default::default()
    };
    let clients = Clients::from_settings(&settings).await.expect("config");
    let err = clients
        .ecs
        .list_clusters()
        .send()
        .await
        .expect_err("nothing listens there");
    let e = tecs::aws::errors::classify("ListClusters", &err);
    tracing::info!(error = %e, "the call failed as expected");
    tracing::debug!(
        "request headers: authorization: AWS4-HMAC-SHA256 Credential={KEY_ID}/20240101/us-east-1/ecs/aws4_request, SignedHeaders=host;x-amz-date;x-amz-security-token, Signature=fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024; x-amz-security-token: {SESSION_TOKEN}"
    );
    tracing::trace!("profile file: aws_secret_access_key = {SECRET}");
}

fn closed_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = listener.local_addr().expect("addr").port();
    drop(listener);
    port
}

/// Runs the child at `level` and returns its log.
fn log_at(level: &str) -> String {
    let path =
        std::env::temp_dir().join(format!("tecs-redaction-{}-{level}.log", std::process::id()));
    let _ = std::fs::remove_file(&path);
    let out = Command::new(std::env::current_exe().expect("test binary"))
        .args([
            "--exact",
            "child_logs_one_call",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(LOG_VAR, &path)
        .env("TECS_LOG", level)
        .env(
            "TECS_REDACTION_CHILD_ENDPOINT",
            format!("http://127.0.0.1:{}", closed_port()),
        )
        .env("AWS_ACCESS_KEY_ID", KEY_ID)
        .env("AWS_SECRET_ACCESS_KEY", SECRET)
        .env("AWS_SESSION_TOKEN", SESSION_TOKEN)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("AWS_PROFILE")
        .output()
        .expect("child runs");
    assert!(
        out.status.success(),
        "child failed:\n{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let log = std::fs::read_to_string(&path).expect("the log was written");
    let _ = std::fs::remove_file(&path);
    log
}

fn assert_no_credentials(level: &str, log: &str) {
    for (what, secret) in [
        ("access key id", KEY_ID),
        ("secret access key", SECRET),
        ("session token", SESSION_TOKEN),
        (
            "signature",
            "fe5f80f77d5fa3beca038a248ff027d0445342fe2855ddc963176630326f1024",
        ),
    ] {
        if let Some(at) = log.find(secret) {
            let from = at.saturating_sub(200);
            panic!(
                "{what} in the {level} log: ...{}...",
                &log[from..(at + secret.len()).min(log.len())]
            );
        }
    }
}

#[test]
fn no_credentials_in_the_log_at_debug() {
    let log = log_at("debug");
    assert!(
        log.contains("aws call"),
        "debug lines were written (the call log): {log}"
    );
    assert!(log.contains("[redacted]"), "something was redacted: {log}");
    assert_no_credentials("debug", &log);
}

#[test]
fn no_credentials_in_the_log_at_trace() {
    let log = log_at("trace");
    assert!(log.contains("TRACE"), "trace lines were written");
    assert_no_credentials("trace", &log);
}
