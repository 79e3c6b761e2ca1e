//! A fault-injecting HTTP/1.1 proxy between tecs and moto, for the end-to-end tests of issue 9
//! ("a write whose outcome is unknown", "a silent link").
//!
//! It listens on `127.0.0.1:0` and forwards every request to the emulator, headers and body as
//! they came (so `x-moto-account-id` still reaches moto), unless a rule names the request's
//! operation:
//!
//! - the `X-Amz-Target` header for the JSON protocols (ECS, Cloud Map, CloudWatch Logs), e.g.
//!   `AmazonEC2ContainerServiceV20141113.RegisterTaskDefinition`;
//! - the `Action` form parameter for the query protocols (STS, EC2, IAM, Auto Scaling), e.g.
//!   `GetCallerIdentity`.
//!
//! A rule ([`Fault`]) can be changed at any time; it applies to requests that arrive afterwards
//! (a request already held by [`Fault::Silent`] stays unanswered, as on a link that lost its state).
//!
//! HTTP handling: one thread per client connection, requests served one after the other on it
//! (keep-alive, as the SDK's connection pool expects); request bodies by `Content-Length` only
//! (the SDK does not send chunked bodies for these APIs: such a request closes the connection).
//! Each forwarded request uses a fresh upstream connection with `Connection: close`, and the
//! answer is relayed with a `Content-Length` (a chunked upstream answer is decoded first).

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// How long the proxy waits for the emulator's answer to a forwarded request.
const UPSTREAM_TIMEOUT: Duration = Duration::from_secs(60);

/// What the proxy does with a request of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// Forward it and relay the answer (the same as no rule).
    Pass,
    /// Forward it, wait for the emulator's answer (so the change happened), then answer HTTP 200
    /// with the body `this is not json`: the answer was lost after the change happened.
    Garbage,
    /// Forward it, wait for the answer, then answer HTTP 500 with an AWS-shaped
    /// `ServerException` body.
    ServerError,
    /// Read the request and never answer, without forwarding it: a silent link (a NAT or a
    /// firewall that dropped the connection's state). The connection is held until the client
    /// gives up on it.
    Silent,
}

/// A running proxy; it stops accepting when dropped (held connections end with their clients).
pub struct FaultProxy {
    addr: SocketAddr,
    shared: Arc<Shared>,
}

struct Shared {
    /// `host:port` of the emulator.
    upstream: String,
    rules: Mutex<HashMap<String, Fault>>,
    /// Requests that arrived, per operation (whatever their fate).
    seen: Mutex<HashMap<String, usize>>,
    stopped: AtomicBool,
}

impl FaultProxy {
    /// Starts a proxy in front of `upstream_url` (`http://127.0.0.1:PORT`), passing everything.
    pub fn start(upstream_url: &str) -> Self {
        let upstream = upstream_url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .to_string();
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the fault proxy");
        let addr = listener.local_addr().expect("fault proxy address");
        let shared = Arc::new(Shared {
            upstream,
            rules: Mutex::new(HashMap::new()),
            seen: Mutex::new(HashMap::new()),
            stopped: AtomicBool::new(false),
        });
        let accept_shared = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("fault-proxy".into())
            .spawn(move || {
                for client in listener.incoming() {
                    if accept_shared.stopped.load(Ordering::Relaxed) {
                        break;
                    }
                    let Ok(client) = client else { continue };
                    let shared = Arc::clone(&accept_shared);
                    let _ = std::thread::Builder::new()
                        .name("fault-proxy-conn".into())
                        .spawn(move || serve(client, &shared));
                }
            })
            .expect("spawn the fault proxy");
        Self { addr, shared }
    }

    /// The URL to give tecs as `--endpoint-url`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Sets what happens to requests of `operation` from now on ([`Fault::Pass`] removes a fault).
    pub fn set(&self, operation: &str, fault: Fault) {
        let mut rules = lock(&self.shared.rules);
        if fault == Fault::Pass {
            rules.remove(operation);
        } else {
            rules.insert(operation.to_string(), fault);
        }
    }

    /// How many requests of `operation` reached the proxy so far (forwarded or not).
    pub fn requests(&self, operation: &str) -> usize {
        lock(&self.shared.seen).get(operation).copied().unwrap_or(0)
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        self.shared.stopped.store(true, Ordering::Relaxed);
        // Wake the accept loop so it sees the flag.
        let _ = TcpStream::connect(self.addr);
    }
}

/// The `X-Amz-Target` of an ECS operation, e.g. `ecs("ListClusters")`.
pub fn ecs(operation: &str) -> String {
    format!("AmazonEC2ContainerServiceV20141113.{operation}")
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

struct Request {
    method: String,
    target: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Request {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// `X-Amz-Target`, else the `Action` form parameter, else empty.
    fn operation(&self) -> String {
        if let Some(target) = self.header("x-amz-target") {
            return target.to_string();
        }
        String::from_utf8_lossy(&self.body)
            .split('&')
            .find_map(|pair| pair.strip_prefix("Action="))
            .unwrap_or_default()
            .to_string()
    }

    fn wants_close(&self) -> bool {
        self.header("connection")
            .is_some_and(|v| v.eq_ignore_ascii_case("close"))
    }
}

/// Serves one client connection until it closes.
fn serve(client: TcpStream, shared: &Shared) {
    let Ok(mut writer) = client.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(client);
    loop {
        let Some(request) = read_request(&mut reader) else {
            return;
        };
        let operation = request.operation();
        *lock(&shared.seen).entry(operation.clone()).or_insert(0) += 1;
        let fault = lock(&shared.rules)
            .get(&operation)
            .copied()
            .unwrap_or(Fault::Pass);
        if fault == Fault::Silent {
            // Never answer; return once the client hangs up.
            let mut sink = [0u8; 4096];
            while matches!(reader.read(&mut sink), Ok(n) if n > 0) {}
            return;
        }
        let close = request.wants_close();
        let answer = match forward(&shared.upstream, &request) {
            Ok(upstream) => match fault {
                Fault::Garbage => response(200, "OK", b"this is not json", close),
                Fault::ServerError => response(
                    500,
                    "Internal Server Error",
                    br#"{"__type":"ServerException","message":"injected by the test proxy"}"#,
                    close,
                ),
                Fault::Pass | Fault::Silent => relay(&upstream, close),
            },
            Err(e) => {
                let _ = writer.write_all(&response(
                    502,
                    "Bad Gateway",
                    format!("fault proxy: {e}").as_bytes(),
                    true,
                ));
                return;
            }
        };
        if writer
            .write_all(&answer)
            .and_then(|()| writer.flush())
            .is_err()
            || close
        {
            return;
        }
    }
}

/// Reads one request; `None` at the end of the connection or on anything it cannot frame.
fn read_request(reader: &mut BufReader<TcpStream>) -> Option<Request> {
    let mut line = String::new();
    // Tolerate blank lines between requests.
    while line.trim().is_empty() {
        line.clear();
        if reader.read_line(&mut line).ok()? == 0 {
            return None;
        }
    }
    let mut parts = line.split_whitespace();
    let method = parts.next()?.to_string();
    let target = parts.next()?.to_string();
    let mut headers = Vec::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).ok()? == 0 {
            return None;
        }
        let h = h.trim_end_matches(['\r', '\n']);
        if h.is_empty() {
            break;
        }
        let (k, v) = h.split_once(':')?;
        headers.push((k.trim().to_string(), v.trim().to_string()));
    }
    let mut request = Request {
        method,
        target,
        headers,
        body: Vec::new(),
    };
    if request.header("transfer-encoding").is_some() {
        return None; // chunked request bodies are not supported (see the module docs)
    }
    let length: usize = request
        .header("content-length")
        .map_or(Some(0), |v| v.parse().ok())?;
    request.body = vec![0; length];
    reader.read_exact(&mut request.body).ok()?;
    Some(request)
}

struct Upstream {
    status: u16,
    reason: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// Sends `request` to the emulator on a fresh connection and reads its whole answer.
fn forward(upstream: &str, request: &Request) -> std::io::Result<Upstream> {
    let mut stream = TcpStream::connect(upstream)?;
    stream.set_read_timeout(Some(UPSTREAM_TIMEOUT))?;
    let mut out = format!("{} {} HTTP/1.1\r\n", request.method, request.target).into_bytes();
    for (k, v) in &request.headers {
        if !is_hop_by_hop(k) {
            out.extend_from_slice(format!("{k}: {v}\r\n").as_bytes());
        }
    }
    out.extend_from_slice(b"Connection: close\r\n\r\n");
    out.extend_from_slice(&request.body);
    stream.write_all(&out)?;
    stream.flush()?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    parse_response(&raw).ok_or_else(|| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            "the emulator's answer does not parse",
        )
    })
}

fn parse_response(raw: &[u8]) -> Option<Upstream> {
    let end = raw.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&raw[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let mut status_line = lines.next()?.splitn(3, ' ');
    let _version = status_line.next()?;
    let status = status_line.next()?.parse().ok()?;
    let reason = status_line.next().unwrap_or_default().to_string();
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    let find = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.clone())
    };
    let mut body = raw[end + 4..].to_vec();
    if find("transfer-encoding").is_some_and(|v| v.eq_ignore_ascii_case("chunked")) {
        body = dechunk(&body)?;
    } else if let Some(n) = find("content-length").and_then(|v| v.parse::<usize>().ok()) {
        body.truncate(n);
    }
    Some(Upstream {
        status,
        reason,
        headers,
        body,
    })
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..line_end]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = &data[line_end + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size + 2..)?;
    }
}

fn is_hop_by_hop(name: &str) -> bool {
    [
        "connection",
        "keep-alive",
        "transfer-encoding",
        "proxy-connection",
    ]
    .iter()
    .any(|h| name.eq_ignore_ascii_case(h))
}

/// The emulator's answer re-framed for the client (keep-alive unless it asked to close).
fn relay(upstream: &Upstream, close: bool) -> Vec<u8> {
    let mut out = format!("HTTP/1.1 {} {}\r\n", upstream.status, upstream.reason).into_bytes();
    for (k, v) in &upstream.headers {
        if !is_hop_by_hop(k) && !k.eq_ignore_ascii_case("content-length") {
            out.extend_from_slice(format!("{k}: {v}\r\n").as_bytes());
        }
    }
    finish(out, &upstream.body, close)
}

fn response(status: u16, reason: &str, body: &[u8], close: bool) -> Vec<u8> {
    let out = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: application/x-amz-json-1.1\r\n\
         x-amzn-RequestId: fault-proxy\r\n"
    )
    .into_bytes();
    finish(out, body, close)
}

fn finish(mut head: Vec<u8>, body: &[u8], close: bool) -> Vec<u8> {
    head.extend_from_slice(format!("Content-Length: {}\r\n", body.len()).as_bytes());
    if close {
        head.extend_from_slice(b"Connection: close\r\n");
    }
    head.extend_from_slice(b"\r\n");
    head.extend_from_slice(body);
    head
}
