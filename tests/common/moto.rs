//! One moto server per test binary, started on first use and isolated per test by account id.
//!
//! The server runs under `scripts/moto_supervised.py`, which stops it as soon as this test process
//! is gone (however it ends), so no emulator outlives `cargo test`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_sdk_ecs::config::{Credentials, SharedCredentialsProvider};

/// moto needs about 1.5 s to start; a loaded CI machine much more.
const START_TIMEOUT: Duration = Duration::from_secs(60);
const HTTP_TIMEOUT: Duration = Duration::from_secs(10);
pub const REGION: &str = "us-east-1";

struct MotoServer {
    url: String,
    host_port: String,
    /// The supervisor's pid, for diagnostics; it stops moto when this process exits.
    supervisor_pid: u32,
}

static SERVER: OnceLock<MotoServer> = OnceLock::new();

/// Base URL of this test binary's moto server (`http://127.0.0.1:PORT`), starting it if needed.
pub fn moto_url() -> String {
    server().url.clone()
}

/// The pid of the supervisor process that owns moto.
pub fn moto_supervisor_pid() -> u32 {
    server().supervisor_pid
}

fn server() -> &'static MotoServer {
    SERVER.get_or_init(start)
}

fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn start() -> MotoServer {
    let root = repo_root();
    let venv = root.join(".moto-venv");
    let moto = match std::env::var_os("TECS_MOTO_SERVER") {
        Some(path) => PathBuf::from(path),
        None => {
            let moto = venv.join("bin/moto_server");
            assert!(
                moto.exists(),
                "the moto emulator is not installed ({} is missing): run scripts/test, \
                 or scripts/moto-venv.sh, to create .moto-venv",
                moto.display()
            );
            moto
        }
    };
    let python = venv.join("bin/python3");
    let python: &Path = if python.exists() {
        &python
    } else {
        Path::new("python3")
    };

    let mut child = Command::new(python)
        .arg(root.join("scripts/moto_supervised.py"))
        .arg(&moto)
        .args(["-H", "127.0.0.1", "-p", "0"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {} under the supervisor: {e}", moto.display()));
    let supervisor_pid = child.id();
    let stderr = child.stderr.take().expect("stderr is piped");

    // moto logs every request on stderr: keep draining it for the life of the process, or the
    // server blocks once the pipe fills. Lines before the port go to the starter for diagnostics.
    let (tx, rx) = mpsc::channel::<String>();
    std::thread::Builder::new()
        .name("moto-stderr".into())
        .spawn(move || {
            let mut reader = BufReader::new(stderr);
            let mut line = String::new();
            loop {
                line.clear();
                match reader.read_line(&mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(_) => {
                        // After the port is known the receiver is gone; ignore send errors.
                        let _ = tx.send(line.trim_end().to_string());
                    }
                }
            }
        })
        .expect("spawn moto stderr reader");

    let deadline = Instant::now() + START_TIMEOUT;
    let mut seen = Vec::new();
    let port = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => {
                if let Some(port) = parse_port(&line) {
                    break port;
                }
                seen.push(line);
            }
            Err(mpsc::RecvTimeoutError::Timeout) => panic!(
                "moto did not report its port within {START_TIMEOUT:?}; output so far:\n{}",
                seen.join("\n")
            ),
            Err(mpsc::RecvTimeoutError::Disconnected) => panic!(
                "moto exited before reporting its port ({}); output:\n{}",
                child
                    .try_wait()
                    .ok()
                    .flatten()
                    .map(|s| s.to_string())
                    .unwrap_or_else(|| "still running".into()),
                seen.join("\n")
            ),
        }
    };
    drop(rx);

    let host_port = format!("127.0.0.1:{port}");
    wait_ready(&host_port, deadline);
    // Tasks would otherwise move one state towards STOPPED on every DescribeTasks call.
    let (status, body) = http(
        &host_port,
        "POST",
        "/moto-api/state-manager/set-transition",
        Some(r#"{"model_name":"ecs::task","transition":{"progression":"manual","times":1000000}}"#),
    )
    .unwrap_or_else(|e| panic!("moto set-transition failed: {e}"));
    assert!(
        (200..300).contains(&status),
        "moto set-transition answered {status}: {body}"
    );

    MotoServer {
        url: format!("http://{host_port}"),
        host_port,
        supervisor_pid,
    }
}

/// ` * Running on http://127.0.0.1:PORT` → PORT.
fn parse_port(line: &str) -> Option<u16> {
    let rest = line.split("Running on http://127.0.0.1:").nth(1)?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

fn wait_ready(host_port: &str, deadline: Instant) {
    let mut last = String::new();
    while Instant::now() < deadline {
        match http(host_port, "GET", "/moto-api/", None) {
            Ok((200, _)) => return,
            Ok((status, _)) => last = format!("status {status}"),
            Err(e) => last = e.to_string(),
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("moto at {host_port} never answered GET /moto-api/ with 200 (last: {last})");
}

/// A minimal HTTP/1.1 exchange over a fresh connection: status code and body.
/// The harness must not pull in an HTTP client crate for three control calls.
pub fn http(
    host_port: &str,
    method: &str,
    path: &str,
    body: Option<&str>,
) -> std::io::Result<(u16, String)> {
    let mut stream = TcpStream::connect(host_port)?;
    stream.set_read_timeout(Some(HTTP_TIMEOUT))?;
    stream.set_write_timeout(Some(HTTP_TIMEOUT))?;
    let body = body.unwrap_or("");
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host_port}\r\nConnection: close\r\n\
         Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )?;
    stream.flush()?;
    let mut response = String::new();
    stream.read_to_string(&mut response)?;
    let status = response
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| {
            std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("bad response: {response:?}"),
            )
        })?;
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok((status, body))
}

/// POSTs to a moto control endpoint such as `/moto-api/reset` on this binary's server.
pub fn moto_api_post(path: &str, body: Option<&str>) -> std::io::Result<(u16, String)> {
    http(&server().host_port, "POST", path, body)
}

/// A fresh 12-digit account id: unique per call within this process (pid + counter), so tests
/// sharing the server never see each other's resources.
pub fn unique_account_id() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(1);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed) % 100_000;
    let pid = std::process::id() % 10_000_000;
    format!("{pid:07}{n:05}")
}

/// SDK configuration for the emulator: fixed region and credentials, no retries (an
/// unimplemented call is an HTML 500, which must fail at once), nothing from the environment.
pub fn sdk_config() -> SdkConfig {
    SdkConfig::builder()
        .behavior_version(BehaviorVersion::latest())
        .region(Region::new(REGION))
        .endpoint_url(moto_url())
        .credentials_provider(SharedCredentialsProvider::new(Credentials::new(
            "test", "test", None, None, "moto",
        )))
        .retry_config(RetryConfig::disabled())
        .build()
}

/// tecs's clients for `account` on this binary's emulator.
pub fn clients(account: &str) -> tecs::aws::Clients {
    tecs::aws::Clients::new(&sdk_config(), Some(&account.to_string()))
}

/// Clients for a brand-new, empty account, and that account's id.
pub fn fresh_clients() -> (String, tecs::aws::Clients) {
    let account = unique_account_id();
    let clients = clients(&account);
    (account, clients)
}

/// The same configuration as tecs's own loader would build from `--endpoint-url` with retries
/// off, for tests that want to go through `AwsSettings`.
#[allow(clippy::needless_update)] // keeps compiling when AwsSettings grows a field
pub fn aws_settings(account: &str) -> tecs::aws::AwsSettings {
    tecs::aws::AwsSettings {
        profile: None,
        region: Some(REGION.to_string()),
        endpoint_url: Some(moto_url()),
        emulator_account_id: Some(account.to_string()),
        disable_retries: true,
        ..Default::default()
    }
}
