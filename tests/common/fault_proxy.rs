//! A fault-injecting HTTP/1.1 proxy between tecs and moto: it makes the emulator behave like AWS
//! where it matters for speed and faults (issues 9 and 13).
//!
//! Per operation, a [`Fault`] (a lost answer, a 500 after the change, a silent link). For every
//! request: a round-trip time ([`FaultProxy::set_latency`]); AWS's real page sizes with
//! `nextToken` for the ECS List* calls the emulator answers in one page ([`FaultProxy::set_paging`]);
//! throttling, 5xx and connection resets at set rates ([`FaultProxy::set_rates`]); and a link that
//! goes away and comes back, refused or silent ([`FaultProxy::set_link`]). Every request is counted
//! by operation, with its arrival time.
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
use std::time::{Duration, Instant};

use serde_json::Value;

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
    /// Answer HTTP 200 with this JSON body without forwarding: for the few calls the emulator
    /// does not implement at all (ExecuteCommand, SSM StartSession and TerminateSession), in
    /// the shape the API reference gives.
    Answer(&'static str),
    /// Forward DescribeTasks and add to every RUNNING task what AWS reports of a running task
    /// started with ECS Exec (the emulator knows nothing of it, and leaves containers PENDING):
    /// `enableExecuteCommand`, each container RUNNING with a `runtimeId` and a RUNNING
    /// `ExecuteCommandAgent`.
    ExecEnabled,
}

/// Faults at a rate, applied to every JSON-protocol request (ECS, Cloud Map, CloudWatch Logs; the
/// query protocols of STS and EC2 pass): each is a probability from 0.0 to 1.0, drawn from a
/// seeded generator so a run can be repeated. Throttled and 5xx requests are not forwarded
/// (nothing changes on the emulator); a reset closes the connection without an answer.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Rates {
    /// Answer HTTP 400 `ThrottlingException` (the AWS JSON error shape).
    pub throttle: f64,
    /// Answer HTTP 500 `ServerException`.
    pub server_error: f64,
    /// Close the connection without answering.
    pub reset: f64,
}

/// The state of the link between tecs and the proxy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    Up,
    /// Connections are refused (the proxy stops listening; open connections are closed).
    Refused,
    /// Requests are read and never answered (a dropped NAT state); new connections are accepted.
    Silent,
}

/// ECS List* operations the emulator answers in one page: the array in the answer, AWS's default
/// page size and its maximum `maxResults` (ECS API reference, each operation's `maxResults`).
const PAGED: &[(&str, &str, usize, usize)] = &[
    ("ListClusters", "clusterArns", 100, 100),
    ("ListServices", "serviceArns", 10, 100),
    ("ListTasks", "taskArns", 100, 100),
    ("ListTaskDefinitions", "taskDefinitionArns", 100, 100),
    ("ListTaskDefinitionFamilies", "families", 100, 100),
    ("ListContainerInstances", "containerInstanceArns", 100, 100),
];
/// How the proxy's own `nextToken`s start (the rest is the offset into the emulator's full list).
const TOKEN_PREFIX: &str = "fault-proxy-page:";

/// A call as the proxy tells retries apart: the operation and the SDK's invocation id (the
/// request body when there is none).
type Call = (String, Vec<u8>);

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
    /// Answers written back, per operation (relayed or injected).
    answered: Mutex<HashMap<String, usize>>,
    /// When each request arrived, per operation and body (a retry has the same body).
    arrivals: Mutex<HashMap<Call, Vec<Instant>>>,
    latency: Mutex<Duration>,
    paging: AtomicBool,
    rates: Mutex<Rates>,
    rng: Mutex<u64>,
    link: Mutex<Link>,
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
            answered: Mutex::new(HashMap::new()),
            arrivals: Mutex::new(HashMap::new()),
            latency: Mutex::new(Duration::ZERO),
            paging: AtomicBool::new(false),
            rates: Mutex::new(Rates::default()),
            rng: Mutex::new(0x5eed_f00d_u64),
            link: Mutex::new(Link::Up),
            stopped: AtomicBool::new(false),
        });
        let accept_shared = Arc::clone(&shared);
        std::thread::Builder::new()
            .name("fault-proxy".into())
            .spawn(move || {
                accept_loop(listener, addr, &accept_shared);
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

    /// How many requests reached the proxy so far, of every operation.
    pub fn total_requests(&self) -> usize {
        lock(&self.shared.seen).values().sum()
    }

    /// How many answers to `operation` were written back so far.
    pub fn answered(&self, operation: &str) -> usize {
        lock(&self.shared.answered)
            .get(operation)
            .copied()
            .unwrap_or(0)
    }

    /// Every request is held this long before it is forwarded: a round-trip time (e.g. 50 ms
    /// from a bastion to its region) or a slow link (2 s).
    pub fn set_latency(&self, latency: Duration) {
        *lock(&self.shared.latency) = latency;
    }

    /// Serves the ECS List* calls in AWS's page sizes with `nextToken` ([`PAGED`]).
    pub fn set_paging(&self, on: bool) {
        self.shared.paging.store(on, Ordering::Relaxed);
    }

    /// Throttling, 5xx and resets at these rates from now on, drawn from a generator seeded with
    /// `seed`.
    pub fn set_rates(&self, rates: Rates, seed: u64) {
        *lock(&self.shared.rates) = rates;
        *lock(&self.shared.rng) = seed.max(1);
    }

    /// Takes the link down (refused or silent) or brings it back.
    pub fn set_link(&self, link: Link) {
        *lock(&self.shared.link) = link;
        // Wake the accept loop so a refused link stops listening now.
        let _ = TcpStream::connect_timeout(&self.addr, Duration::from_millis(200));
    }

    /// The shortest time between two attempts of the same call (same operation and SDK
    /// invocation id: a retry), over all such pairs; `None` when no call was retried.
    pub fn shortest_repeat(&self) -> Option<(String, Duration)> {
        lock(&self.shared.arrivals)
            .iter()
            .flat_map(|((op, _), times)| {
                times
                    .windows(2)
                    .map(move |w| (op.clone(), w[1].duration_since(w[0])))
            })
            .min_by_key(|(_, gap)| *gap)
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

/// Accepts connections until the proxy is dropped; while the link is [`Link::Refused`] the port
/// is closed (connecting is refused) and opened again when the link comes back.
fn accept_loop(mut listener: TcpListener, addr: SocketAddr, shared: &Arc<Shared>) {
    loop {
        let client = listener.accept();
        if shared.stopped.load(Ordering::Relaxed) {
            return;
        }
        if *lock(&shared.link) == Link::Refused {
            drop(listener);
            loop {
                std::thread::sleep(Duration::from_millis(20));
                if shared.stopped.load(Ordering::Relaxed) {
                    return;
                }
                if *lock(&shared.link) == Link::Refused {
                    continue;
                }
                // std sets SO_REUSEADDR on Unix, so the port can be taken again at once.
                if let Ok(again) = TcpListener::bind(addr) {
                    listener = again;
                    break;
                }
            }
            continue;
        }
        let Ok((client, _)) = client else { continue };
        let shared = Arc::clone(shared);
        let _ = std::thread::Builder::new()
            .name("fault-proxy-conn".into())
            .spawn(move || serve(client, &shared));
    }
}

/// A number in [0, 1) from the proxy's generator (xorshift64).
fn draw(shared: &Shared) -> f64 {
    let mut x = lock(&shared.rng);
    *x ^= *x << 13;
    *x ^= *x >> 7;
    *x ^= *x << 17;
    (*x >> 11) as f64 / (1u64 << 53) as f64
}

/// What the rates decide for one JSON-protocol request, if anything.
fn rated_answer(shared: &Shared, close: bool) -> Option<Option<Vec<u8>>> {
    let rates = *lock(&shared.rates);
    if rates == Rates::default() {
        return None;
    }
    let r = draw(shared);
    if r < rates.throttle {
        Some(Some(response(
            400,
            "Bad Request",
            br#"{"__type":"ThrottlingException","message":"Rate exceeded"}"#,
            close,
        )))
    } else if r < rates.throttle + rates.server_error {
        Some(Some(response(
            500,
            "Internal Server Error",
            br#"{"__type":"ServerException","message":"injected by the test proxy"}"#,
            close,
        )))
    } else if r < rates.throttle + rates.server_error + rates.reset {
        Some(None)
    } else {
        None
    }
}

/// Where a paged request starts and how many it wants: the proxy's `nextToken` and `maxResults`
/// are taken out of the request (the emulator gets the plain call and answers everything).
struct Page {
    field: &'static str,
    offset: usize,
    size: usize,
    /// `sort: DESC` was asked (ListTaskDefinitions): the emulator ignores it, so the proxy
    /// reverses its registration-order answer, as AWS would answer newest first.
    descending: bool,
}

fn take_page(request: &mut Request, operation: &str) -> Option<Page> {
    let (_, field, default, max) = PAGED
        .iter()
        .find(|(op, ..)| ecs(op) == operation)
        .copied()?;
    let mut body: Value = if request.body.is_empty() {
        Value::Object(serde_json::Map::new())
    } else {
        serde_json::from_slice(&request.body).ok()?
    };
    let fields = body.as_object_mut()?;
    let offset = fields
        .remove("nextToken")
        .and_then(|t| t.as_str()?.strip_prefix(TOKEN_PREFIX)?.parse().ok())
        .unwrap_or(0);
    let descending = fields.get("sort").and_then(Value::as_str) == Some("DESC");
    let size = fields
        .remove("maxResults")
        .and_then(|v| v.as_u64())
        .map_or(default, |n| usize::try_from(n).unwrap_or(max).clamp(1, max));
    request.body = serde_json::to_vec(&body).ok()?;
    let length = request.body.len().to_string();
    for (k, v) in &mut request.headers {
        if k.eq_ignore_ascii_case("content-length") {
            *v = length.clone();
        }
    }
    Some(Page {
        field,
        offset,
        size,
        descending,
    })
}

/// Cuts the emulator's full answer down to the page, with a `nextToken` when more follow.
fn cut_page(upstream: &mut Upstream, page: &Page) {
    if upstream.status != 200 {
        return;
    }
    let Ok(mut body) = serde_json::from_slice::<Value>(&upstream.body) else {
        return;
    };
    let Some(fields) = body.as_object_mut() else {
        return;
    };
    let mut all = match fields.remove(page.field) {
        Some(Value::Array(all)) => all,
        _ => Vec::new(),
    };
    if page.descending {
        all.reverse();
    }
    let end = page.offset.saturating_add(page.size).min(all.len());
    let start = page.offset.min(end);
    fields.insert(page.field.into(), Value::Array(all[start..end].to_vec()));
    fields.remove("nextToken");
    if end < all.len() {
        fields.insert(
            "nextToken".into(),
            Value::String(format!("{TOKEN_PREFIX}{end}")),
        );
    }
    if let Ok(cut) = serde_json::to_vec(&body) {
        upstream.body = cut;
    }
}

/// Serves one client connection until it closes.
fn serve(client: TcpStream, shared: &Shared) {
    let Ok(mut writer) = client.try_clone() else {
        return;
    };
    let mut reader = BufReader::new(client);
    loop {
        let Some(mut request) = read_request(&mut reader) else {
            return;
        };
        let operation = request.operation();
        *lock(&shared.seen).entry(operation.clone()).or_insert(0) += 1;
        // The SDK sends every attempt of one call with the same invocation id: that, not the
        // body, tells a retry from another call that happens to ask the same (two screens
        // listing the same family).
        let call = request
            .header("amz-sdk-invocation-id")
            .map_or_else(|| request.body.clone(), |id| id.as_bytes().to_vec());
        lock(&shared.arrivals)
            .entry((operation.clone(), call))
            .or_default()
            .push(Instant::now());
        match *lock(&shared.link) {
            Link::Up => {}
            Link::Refused => return,
            Link::Silent => {
                let mut sink = [0u8; 4096];
                while matches!(reader.read(&mut sink), Ok(n) if n > 0) {}
                return;
            }
        }
        let latency = *lock(&shared.latency);
        if !latency.is_zero() {
            std::thread::sleep(latency);
        }
        let close = request.wants_close();
        if request.header("x-amz-target").is_some() {
            match rated_answer(shared, close) {
                Some(Some(answer)) => {
                    if !write_answer(&mut writer, shared, operation, &answer, close) {
                        return;
                    }
                    continue;
                }
                Some(None) => {
                    let _ = writer.shutdown(std::net::Shutdown::Both);
                    return;
                }
                None => {}
            }
        }
        let page = if shared.paging.load(Ordering::Relaxed) {
            take_page(&mut request, &operation)
        } else {
            None
        };
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
        if let Fault::Answer(body) = fault {
            let answer = response(200, "OK", body.as_bytes(), close);
            if !write_answer(&mut writer, shared, operation, &answer, close) {
                return;
            }
            continue;
        }
        let answer = match forward(&shared.upstream, &request) {
            Ok(mut upstream) => match fault {
                Fault::Garbage => response(200, "OK", b"this is not json", close),
                Fault::ServerError => response(
                    500,
                    "Internal Server Error",
                    br#"{"__type":"ServerException","message":"injected by the test proxy"}"#,
                    close,
                ),
                Fault::ExecEnabled => {
                    exec_enabled(&mut upstream);
                    relay(&upstream, close)
                }
                Fault::Pass | Fault::Silent | Fault::Answer(_) => {
                    if let Some(page) = &page {
                        cut_page(&mut upstream, page);
                    }
                    relay(&upstream, close)
                }
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
        if !write_answer(&mut writer, shared, operation, &answer, close) {
            return;
        }
    }
}

/// Writes an answer and counts it; false when the connection ends here (closed, or it broke).
fn write_answer(
    writer: &mut TcpStream,
    shared: &Shared,
    operation: String,
    answer: &[u8],
    close: bool,
) -> bool {
    if writer
        .write_all(answer)
        .and_then(|()| writer.flush())
        .is_err()
    {
        return false;
    }
    *lock(&shared.answered).entry(operation).or_insert(0) += 1;
    !close
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
/// See [`Fault::ExecEnabled`].
fn exec_enabled(upstream: &mut Upstream) {
    let Ok(mut body) = serde_json::from_slice::<Value>(&upstream.body) else {
        return;
    };
    if let Some(tasks) = body.get_mut("tasks").and_then(Value::as_array_mut) {
        for task in tasks {
            let id = task["taskArn"]
                .as_str()
                .and_then(|a| a.rsplit('/').next())
                .unwrap_or("task")
                .to_string();
            if task["lastStatus"] != "RUNNING" {
                continue;
            }
            task["enableExecuteCommand"] = Value::Bool(true);
            if let Some(containers) = task.get_mut("containers").and_then(Value::as_array_mut) {
                for (i, c) in containers.iter_mut().enumerate() {
                    c["lastStatus"] = Value::String("RUNNING".into());
                    c["runtimeId"] = Value::String(format!("{id}-{i}"));
                    c["managedAgents"] = serde_json::json!([
                        {"name": "ExecuteCommandAgent", "lastStatus": "RUNNING"}
                    ]);
                }
            }
        }
    }
    if let Ok(bytes) = serde_json::to_vec(&body) {
        upstream.body = bytes;
    }
}

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
