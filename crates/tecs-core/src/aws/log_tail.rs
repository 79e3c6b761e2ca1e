//! Log tails: the backlog of some awslogs streams merged in time order, then (when following)
//! new events from a CloudWatch Logs Live Tail session, or by polling where Live Tail cannot be
//! used. Every event is sent once: across pages, reconnects and mode switches.
//!
//! # Backlog
//! - `Since::Duration` / `Since::Timestamp`: FilterLogEvents per log group with `logStreamNames`
//!   (at most 100 a call, so several calls for more streams), `startTime` and `endTime` (the
//!   moment the tail started), paged with `nextToken`. The calls are merged k-way in timestamp
//!   order, so a long backlog is sent in batches as it is read, not held whole in memory.
//! - `Since::Lines(n)`: GetLogEvents per stream with `startFromHead=false` and `limit=n` (at most
//!   10,000), merged. With a filter pattern (GetLogEvents takes none): FilterLogEvents over the
//!   last 10 minutes, then 1 hour, then 1 day until every stream has n matches, keeping the last
//!   n per stream.
//!
//! # Following: Live Tail
//! StartLiveTail (CloudWatch Logs API reference, "StartLiveTail"; User Guide, "Use Live Tail to
//! view logs in near real time"):
//! - at most 10 log groups a session, named by ARN (`arn:PARTITION:logs:REGION:ACCOUNT:log-group:
//!   NAME`; the partition and account come from STS GetCallerIdentity, once a tail);
//! - `logStreamNames` (at most 100) only with exactly one group: with several groups the session
//!   covers the whole groups and tecs keeps only its streams' events (the other streams' events
//!   still count towards sampling);
//! - the service sends a session start, then an update every second (empty when nothing came);
//!   more than 500 matching events/s are sampled down to 500 (`sessionMetadata.sampled`, sent as
//!   [`TailUpdate::Sampled`]); a slow reader loses the oldest updates beyond 10 buffered;
//! - a session ends after 3 hours (SessionTimeoutException): tecs reconnects and backfills the
//!   gap with FilterLogEvents from the newest event seen (minus a 15 s look-back), de-duplicated;
//! - sessions are billed per session-minute: a session lives exactly as long as the tail's
//!   future; dropping it (aborting the tokio task) closes the HTTP stream and so the session.
//!
//! # Following: polling (the fallback)
//! FilterLogEvents every 2 s (slower with many log groups: the API allows 5 requests/s per
//! account and region) from the newest event seen per call minus a 15 s look-back, which covers
//! awslogs' batching (the driver ships every few seconds) and late ingestion; the look-back's
//! repeats are de-duplicated. Polling is used, with [`TailMode::Polling`]'s `why` saying so, when:
//! - the sources span several regions (a session is regional), more than 10 log groups, or more
//!   than 100 streams;
//! - StartLiveTail is denied (AccessDenied), fails in a way waiting cannot fix (unsupported,
//!   invalid, limit exceeded), or fails 3 times in a row;
//! - the stream ends without an error within 10 s of starting (the local emulator sends the
//!   existing events once and ends);
//! - a session fails, stalls (no update for 30 s) or errors 3 times in a row.
//!
//! # Failures
//! A failed call sends [`TailUpdate::Retrying`] and the tail waits 2, 4, 8, … up to 60 s before
//! trying again (never a tight loop). With `follow` off, a failure that waiting cannot fix ends
//! the tail with [`TailUpdate::Failed`]; so does a filter pattern the service rejects. A log group
//! or stream that does not exist (yet) is a [`TailUpdate::Notice`], not a failure: the tail looks
//! again every 30 s while following.
//!
//! # De-duplication
//! Live Tail and GetLogEvents give no event ids, so an event is known by [`dedupe_key`] (group,
//! stream, timestamp, message). Identical lines of one stream in the same millisecond are told
//! apart by their order within one answer; the keys of the last 100,000 events are kept (a
//! bounded set: memory does not grow with the tail's age). Events older than what was asked (the
//! `since` time; with `Lines`, each stream's oldest backlog event) are dropped, which also keeps
//! the emulator's replay of old events out.

use std::collections::hash_map::DefaultHasher;
use std::collections::{HashMap, HashSet, VecDeque};
use std::hash::{Hash, Hasher};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use aws_sdk_cloudwatchlogs::operation::start_live_tail::StartLiveTailOutput;
use aws_sdk_cloudwatchlogs::types::error::StartLiveTailResponseStreamError;
use aws_sdk_cloudwatchlogs::types::{LiveTailSessionUpdate, StartLiveTailResponseStream};
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;
use futures::StreamExt;

use super::Clients;
use super::emulator::LiveTailEndpointPrefixFix;
use super::errors::{AwsError, ErrorKind, TimeoutPhase, classify};
use super::logs::{self, FILTER_MAX_STREAMS, Missing, StreamEvent};
pub use crate::model::logs::{
    LogEvent, LogSource, Since, TailMode, TailOptions, TailUpdate, dedupe_key,
};

/// A Live Tail session covers at most 10 log groups.
pub const LIVE_TAIL_MAX_GROUPS: usize = 10;
/// A Live Tail session filters on at most 100 stream names (and only with one group).
pub const LIVE_TAIL_MAX_STREAMS: usize = 100;
/// A Live Tail session times out after 3 hours.
pub const LIVE_TAIL_SESSION_LIMIT: Duration = Duration::from_secs(3 * 60 * 60);
/// Live Tail sends at most 500 events a second; more are sampled.
pub const LIVE_TAIL_MAX_EVENTS_PER_SECOND: usize = 500;
/// How far before the newest event seen a poll or a backfill reads again: awslogs ships batches
/// every few seconds and ingestion lags, so an event can arrive after a newer one.
pub const LOOKBACK_MS: i64 = 15_000;
/// How many recent event keys the de-duplication keeps.
pub const DEDUPE_CAPACITY: usize = 100_000;
/// Live Tail start or session failures in a row before polling instead.
pub const MAX_LIVE_FAILURES: u32 = 3;
/// FilterLogEvents pages one poll reads per call before going on next time (bounds one poll).
const MAX_PAGES_PER_POLL: usize = 20;
/// FilterLogEvents pages a backfill or a filtered `Lines` window reads per call at most.
const MAX_PAGES_PER_RANGE: usize = 100;
/// GetLogEvents calls in flight for a `Lines` backlog (the API allows 25 a second).
const GET_EVENTS_CONCURRENCY: usize = 4;
/// The windows a filtered `Lines` backlog widens through.
const FILTERED_LINES_WINDOWS: [Duration; 3] = [
    Duration::from_secs(10 * 60),
    Duration::from_secs(60 * 60),
    Duration::from_secs(24 * 60 * 60),
];

/// The pauses of a tail; tests shrink them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Timing {
    /// Between polls.
    pub poll_interval: Duration,
    /// The poll interval grows to this much per FilterLogEvents call a poll makes.
    pub per_call_interval: Duration,
    /// The first backoff after a failure; it doubles up to `backoff_max`.
    pub backoff_start: Duration,
    pub backoff_max: Duration,
    /// A Live Tail stream that ends without an error sooner than this never streamed.
    pub quick_end: Duration,
    /// Live Tail sends an update every second: this long without one is a dead connection.
    pub live_idle: Duration,
    /// How often a missing log group or stream is looked for again while following.
    pub missing_recheck: Duration,
}

impl Default for Timing {
    fn default() -> Self {
        Self {
            poll_interval: Duration::from_secs(2),
            per_call_interval: Duration::from_millis(400),
            backoff_start: Duration::from_secs(2),
            backoff_max: Duration::from_secs(60),
            quick_end: Duration::from_secs(10),
            live_idle: Duration::from_secs(30),
            missing_recheck: Duration::from_secs(30),
        }
    }
}

/// Tails `sources`: sends the backlog, then (with `options.follow`) new events until the future
/// is dropped. See the module documentation for the calls, limits and fallbacks.
///
/// `on_update` is called from the tail's task; keep it quick (hand the update to a channel):
/// a slow reader makes Live Tail drop updates. The tail holds nothing that needs cleanup: abort
/// its task to stop it (that closes a Live Tail session). With no sources it sends `Done` at
/// once, whatever `follow` says.
pub async fn tail(
    clients: &Clients,
    sources: Vec<LogSource>,
    options: TailOptions,
    on_update: impl FnMut(TailUpdate) + Send,
) {
    tail_with(clients, sources, options, Timing::default(), on_update).await;
}

/// [`tail`] with its pauses chosen (tests).
pub(crate) async fn tail_with(
    clients: &Clients,
    sources: Vec<LogSource>,
    options: TailOptions,
    timing: Timing,
    on_update: impl FnMut(TailUpdate) + Send,
) {
    let mut tail = Tail::new(clients, sources, options, timing, on_update);
    // `Stop` means the tail ended after sending `Failed`: nothing more to do.
    let _ = tail.run().await;
}

// ---------------------------------------------------------------------------------------------
// De-duplication and ordering (pure).

/// A bounded set of recent event keys: the oldest key goes when a new one would exceed the
/// capacity.
#[derive(Debug, Clone)]
pub struct RecentKeys {
    set: HashSet<u64>,
    order: VecDeque<u64>,
    capacity: usize,
}

impl RecentKeys {
    pub fn new(capacity: usize) -> Self {
        Self {
            set: HashSet::new(),
            order: VecDeque::new(),
            capacity: capacity.max(1),
        }
    }

    /// Adds `key`; `true` if it was not there (the event is new).
    pub fn insert(&mut self, key: u64) -> bool {
        if !self.set.insert(key) {
            return false;
        }
        self.order.push_back(key);
        while self.order.len() > self.capacity {
            if let Some(old) = self.order.pop_front() {
                self.set.remove(&old);
            }
        }
        true
    }

    pub fn contains(&self, key: u64) -> bool {
        self.set.contains(&key)
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }
}

/// Decides which events of an answer are new, and orders them.
#[derive(Debug, Clone)]
pub(crate) struct Dedupe {
    sources: Vec<LogSource>,
    seen: RecentKeys,
    /// Per source: events older than this were not asked for.
    floors: Vec<i64>,
    /// The newest timestamp sent.
    newest: Option<i64>,
}

impl Dedupe {
    pub(crate) fn new(sources: Vec<LogSource>, capacity: usize) -> Self {
        let floors = vec![i64::MIN; sources.len()];
        Self {
            sources,
            seen: RecentKeys::new(capacity),
            floors,
            newest: None,
        }
    }

    /// Drops every source's events older than `floor`.
    pub(crate) fn set_floor_all(&mut self, floor: i64) {
        self.floors.iter_mut().for_each(|f| *f = floor);
    }

    pub(crate) fn set_floor(&mut self, source: usize, floor: i64) {
        if let Some(f) = self.floors.get_mut(source) {
            *f = floor;
        }
    }

    pub(crate) fn newest(&self) -> Option<i64> {
        self.newest
    }

    /// The events of one answer that were not sent before, sorted by timestamp (stable: a
    /// stream's lines of one millisecond keep their order). The n-th identical line (same
    /// stream, time and text) of an answer gets its own key, so real repeats survive while the
    /// same answer read twice is dropped whole.
    pub(crate) fn admit(&mut self, mut events: Vec<LogEvent>) -> Vec<LogEvent> {
        events.sort_by(|a, b| a.timestamp.cmp(&b.timestamp).then(a.source.cmp(&b.source)));
        let mut occurrences: HashMap<u64, u64> = HashMap::new();
        let (sources, seen, floors) = (&self.sources, &mut self.seen, &self.floors);
        events.retain(|e| {
            if e.timestamp < floors.get(e.source).copied().unwrap_or(i64::MIN) {
                return false;
            }
            let base = dedupe_key(e, sources);
            let n = occurrences.entry(base).or_insert(0);
            let key = if *n == 0 { base } else { mix(base, *n) };
            *n += 1;
            seen.insert(key)
        });
        if let Some(last) = events.iter().map(|e| e.timestamp).max() {
            self.newest = Some(self.newest.map_or(last, |n| n.max(last)));
        }
        events
    }
}

fn mix(key: u64, n: u64) -> u64 {
    let mut h = DefaultHasher::new();
    key.hash(&mut h);
    n.hash(&mut h);
    h.finish()
}

// ---------------------------------------------------------------------------------------------
// Choosing Live Tail or polling (pure).

/// What a Live Tail session for the sources asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LivePlan {
    /// The region of every source (`None`: the client's).
    pub region: Option<String>,
    /// Log group names, in first-seen order.
    pub groups: Vec<String>,
    /// The stream names to pass, with exactly one group; `None` with several groups (then the
    /// session covers the whole groups and tecs keeps its streams' events).
    pub streams: Option<Vec<String>>,
}

/// The Live Tail session for `sources`, or why polling is used instead.
pub(crate) fn live_plan(sources: &[LogSource]) -> Result<LivePlan, String> {
    let mut regions: Vec<Option<&str>> = Vec::new();
    let mut groups: Vec<String> = Vec::new();
    let mut streams: Vec<(&str, &str)> = Vec::new();
    for s in sources {
        if !regions.contains(&s.region.as_deref()) {
            regions.push(s.region.as_deref());
        }
        if !groups.contains(&s.group) {
            groups.push(s.group.clone());
        }
        if !streams.contains(&(s.group.as_str(), s.stream.as_str())) {
            streams.push((s.group.as_str(), s.stream.as_str()));
        }
    }
    if regions.len() > 1 {
        let names: Vec<&str> = regions.iter().map(|r| r.unwrap_or("default")).collect();
        return Err(format!(
            "the containers log to {} regions ({}) and a Live Tail session covers one: polling \
             every 2 s",
            regions.len(),
            names.join(", ")
        ));
    }
    if groups.len() > LIVE_TAIL_MAX_GROUPS {
        return Err(format!(
            "{} log groups, and a Live Tail session takes at most {LIVE_TAIL_MAX_GROUPS}: \
             polling every 2 s",
            groups.len()
        ));
    }
    if streams.len() > LIVE_TAIL_MAX_STREAMS {
        return Err(format!(
            "{} log streams, and a Live Tail session takes at most {LIVE_TAIL_MAX_STREAMS}: \
             polling every 2 s",
            streams.len()
        ));
    }
    let streams = (groups.len() == 1).then(|| streams.iter().map(|(_, s)| s.to_string()).collect());
    Ok(LivePlan {
        region: regions.first().copied().flatten().map(str::to_string),
        groups,
        streams,
    })
}

/// The ARN StartLiveTail wants for a log group: `arn:PARTITION:logs:REGION:ACCOUNT:log-group:NAME`
/// (no trailing `:*`).
pub fn log_group_arn(partition: &str, region: &str, account: &str, group: &str) -> String {
    format!("arn:{partition}:logs:{region}:{account}:log-group:{group}")
}

/// A log group's name from a Live Tail `logGroupIdentifier` (an ARN, with or without `:*`, or
/// the name itself).
pub fn group_name_of(identifier: &str) -> &str {
    match identifier.split_once(":log-group:") {
        Some((_, rest)) if identifier.starts_with("arn:") => {
            rest.strip_suffix(":*").unwrap_or(rest)
        }
        _ => identifier,
    }
}

// ---------------------------------------------------------------------------------------------
// The Live Tail session as a state machine of received items (pure).

/// What a Live Tail stream delivered, SDK types already translated.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum LiveItem {
    /// `sessionStart`.
    Started,
    /// `sessionUpdate`: its events (mapped to sources, unknown streams dropped) and whether
    /// they were sampled.
    Update {
        sampled: bool,
        events: Vec<LogEvent>,
    },
    /// The stream ended (`Ok(None)`).
    Closed,
    /// SessionTimeoutException: the 3-hour limit.
    Timeout,
    /// Any other stream error.
    Failed(AwsError),
    /// Nothing arrived for the idle limit.
    Idle,
    /// An event type this SDK does not know.
    Unknown,
}

/// What the tail does with an item.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum LiveStep {
    /// The session is up: say `Live` and backfill the gap since the last event.
    Started,
    /// Send these (after `Sampled` when sampled). With `first`, the update came before any
    /// session start (which the service always sends first): treat it as the start too.
    Events {
        sampled: bool,
        events: Vec<LogEvent>,
        first: bool,
    },
    Nothing,
    Ended(SessionEnd),
}

/// How a session ended.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SessionEnd {
    /// The stream closed without an error soon after it started: the endpoint does not stream.
    ClosedEarly,
    /// The 3-hour limit, or a clean close after a long session: reconnect at once.
    Expired,
    /// No update for too long: the connection is dead.
    Stalled,
    Failed(AwsError),
}

/// One session's state.
#[derive(Debug, Clone, Default)]
pub(crate) struct LiveSession {
    started: bool,
    /// An update arrived: the session worked, so earlier failures no longer count.
    updated: bool,
}

impl LiveSession {
    /// The step for `item`, `elapsed` after the session was asked for.
    pub(crate) fn on_item(
        &mut self,
        item: LiveItem,
        elapsed: Duration,
        timing: &Timing,
    ) -> LiveStep {
        match item {
            LiveItem::Started if !self.started => {
                self.started = true;
                LiveStep::Started
            }
            LiveItem::Started | LiveItem::Unknown => LiveStep::Nothing,
            LiveItem::Update { sampled, events } => {
                let first = !self.started;
                self.started = true;
                self.updated = true;
                LiveStep::Events {
                    sampled,
                    events,
                    first,
                }
            }
            LiveItem::Closed if elapsed < timing.quick_end => {
                LiveStep::Ended(SessionEnd::ClosedEarly)
            }
            LiveItem::Closed | LiveItem::Timeout => LiveStep::Ended(SessionEnd::Expired),
            LiveItem::Failed(e) => LiveStep::Ended(SessionEnd::Failed(e)),
            LiveItem::Idle => LiveStep::Ended(SessionEnd::Stalled),
        }
    }

    /// Whether an update arrived (the session worked).
    pub(crate) fn updated(&self) -> bool {
        self.updated
    }
}

/// What to do after a session ended or failed to start.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum NextMove {
    /// Start a new session; with `report`, send it as `Retrying` and back off first.
    Reconnect { report: Option<AwsError> },
    /// Give Live Tail up and poll, saying why.
    Poll { why: String },
}

/// After a session ended; `failures` counts failed sessions and starts in a row, this one
/// included when it failed.
pub(crate) fn after_session(end: SessionEnd, failures: u32) -> NextMove {
    match end {
        SessionEnd::ClosedEarly => NextMove::Poll {
            why: "Live Tail ended right after it started, without an error (this endpoint does \
                  not stream live events; the local emulator does that): polling every 2 s"
                .to_string(),
        },
        SessionEnd::Expired => NextMove::Reconnect { report: None },
        SessionEnd::Stalled => retry_or_poll(
            AwsError {
                kind: ErrorKind::Timeout {
                    phase: TimeoutPhase::Answer,
                },
                code: None,
                message: "the Live Tail session sent nothing for too long".to_string(),
                hint: Some("tecs starts a new session".to_string()),
                read_back: None,
            },
            failures,
        ),
        SessionEnd::Failed(e) => retry_or_poll(e, failures),
    }
}

/// After StartLiveTail itself failed; `failures` includes this one.
pub(crate) fn after_start_failure(err: AwsError, failures: u32) -> NextMove {
    match err.kind {
        ErrorKind::AccessDenied { .. } => NextMove::Poll {
            why: format!(
                "Live Tail is not allowed for these credentials ({}): polling every 2 s",
                err.message
            ),
        },
        _ if err.is_transient() && failures < MAX_LIVE_FAILURES => {
            NextMove::Reconnect { report: Some(err) }
        }
        _ => NextMove::Poll {
            why: format!(
                "Live Tail could not start ({}): polling every 2 s",
                err.message
            ),
        },
    }
}

fn retry_or_poll(err: AwsError, failures: u32) -> NextMove {
    if matches!(err.kind, ErrorKind::AccessDenied { .. }) {
        return NextMove::Poll {
            why: format!("Live Tail was refused ({}): polling every 2 s", err.message),
        };
    }
    if failures >= MAX_LIVE_FAILURES {
        NextMove::Poll {
            why: format!(
                "Live Tail failed {failures} times in a row (last: {}): polling every 2 s",
                err.message
            ),
        }
    } else {
        NextMove::Reconnect { report: Some(err) }
    }
}

/// A Live Tail stream error as tecs shows it. (The shared classifier takes HTTP answers; stream
/// errors arrive in event-stream frames.)
pub(crate) fn stream_error(
    err: &SdkError<StartLiveTailResponseStreamError, aws_smithy_types::event_stream::RawMessage>,
) -> LiveItem {
    match err {
        SdkError::ServiceError(service) => {
            let inner = service.err();
            if inner.is_session_timeout_exception() {
                return LiveItem::Timeout;
            }
            // The exception type travels in the frame's header; the payload may not repeat it.
            let code = inner
                .code()
                .or(inner
                    .is_session_streaming_exception()
                    .then_some("SessionStreamingException"))
                .map(str::to_string);
            let text = inner.message().unwrap_or_default();
            let kind = match code.as_deref() {
                Some("AccessDeniedException") => ErrorKind::AccessDenied {
                    action: Some("logs:StartLiveTail".to_string()),
                },
                Some("ThrottlingException" | "LimitExceededException") => ErrorKind::Throttled,
                Some("ResourceNotFoundException") => ErrorKind::NotFound,
                Some(c) if c.contains("Invalid") => ErrorKind::InvalidRequest,
                // SessionStreamingException: "an unknown error on the server side".
                _ => ErrorKind::ServerError,
            };
            LiveItem::Failed(AwsError {
                kind,
                message: format!(
                    "the Live Tail session failed: {}{}",
                    code.as_deref().unwrap_or("error"),
                    if text.is_empty() {
                        String::new()
                    } else {
                        format!(": {text}")
                    }
                ),
                code,
                hint: None,
                read_back: None,
            })
        }
        other => LiveItem::Failed(AwsError {
            kind: ErrorKind::Network,
            code: None,
            message: format!(
                "the Live Tail stream broke: {}",
                aws_smithy_types::error::display::DisplayErrorContext(other)
            ),
            hint: None,
            read_back: None,
        }),
    }
}

// ---------------------------------------------------------------------------------------------
// The tail itself.

/// The tail ended after sending `Failed`.
#[derive(Debug)]
struct Stop;

/// The next pause after a failure: 2, 4, 8, … up to the maximum; reset by a success.
#[derive(Debug, Clone)]
struct Backoff {
    start: Duration,
    max: Duration,
    next: Duration,
}

impl Backoff {
    fn new(timing: &Timing) -> Self {
        Self {
            start: timing.backoff_start,
            max: timing.backoff_max,
            next: timing.backoff_start,
        }
    }

    fn next(&mut self) -> Duration {
        let now = self.next;
        self.next = (self.next * 2).min(self.max);
        now
    }

    fn reset(&mut self) {
        self.next = self.start;
    }
}

/// One FilterLogEvents call's worth of streams: a group (in a region) and at most 100 of its
/// streams.
#[derive(Debug, Clone)]
struct Query {
    client: aws_sdk_cloudwatchlogs::Client,
    group: String,
    region: String,
    /// The streams asked for.
    streams: Vec<String>,
    /// Those not known to be missing: what is sent.
    active: Vec<String>,
    /// Stream name → source index.
    by_stream: HashMap<String, usize>,
    /// The group or every stream is missing: skip the query until then.
    dormant_until: Option<Instant>,
    /// Some streams are missing: ask for all of them again from then.
    recheck_at: Option<Instant>,
    /// Where the next poll starts (ms).
    from: i64,
}

/// One page of a query, mapped to sources.
struct Page {
    events: Vec<LogEvent>,
    next_token: Option<String>,
}

struct Tail<'a, U> {
    clients: &'a Clients,
    sources: Vec<LogSource>,
    options: TailOptions,
    timing: Timing,
    on_update: U,
    queries: Vec<Query>,
    dedupe: Dedupe,
    backoff: Backoff,
    /// When the tail started (ms): the backlog's end.
    started_ms: i64,
    /// Notices already sent (a missing group or stream is told once).
    noticed: HashSet<String>,
    mode: Option<TailMode>,
    /// `(partition, account)` for log group ARNs, once known.
    identity: Option<(String, String)>,
    /// `(group, stream)` → source index, for Live Tail events.
    index: HashMap<(String, String), usize>,
}

impl<'a, U: FnMut(TailUpdate) + Send> Tail<'a, U> {
    fn new(
        clients: &'a Clients,
        sources: Vec<LogSource>,
        options: TailOptions,
        timing: Timing,
        on_update: U,
    ) -> Self {
        let queries = build_queries(clients, &sources);
        let mut index = HashMap::new();
        for (i, s) in sources.iter().enumerate() {
            index
                .entry((s.group.clone(), s.stream.clone()))
                .or_insert(i);
        }
        Self {
            index,
            clients,
            dedupe: Dedupe::new(sources.clone(), DEDUPE_CAPACITY),
            sources,
            options,
            backoff: Backoff::new(&timing),
            timing,
            on_update,
            queries,
            started_ms: now_ms(),
            noticed: HashSet::new(),
            mode: None,
            identity: None,
        }
    }

    fn emit(&mut self, update: TailUpdate) {
        (self.on_update)(update);
    }

    /// Sends the new ones of `events`.
    fn send_events(&mut self, events: Vec<LogEvent>) {
        let fresh = self.dedupe.admit(events);
        if !fresh.is_empty() {
            self.emit(TailUpdate::Events(fresh));
        }
    }

    fn notice(&mut self, key: String, text: String) {
        if self.noticed.insert(key) {
            self.emit(TailUpdate::Notice(text));
        }
    }

    fn set_mode(&mut self, mode: TailMode) {
        if self.mode.as_ref() != Some(&mode) {
            tracing::debug!(?mode, "log tail mode");
            self.mode = Some(mode.clone());
            self.emit(TailUpdate::Mode(mode));
        }
    }

    /// After a failed call: `Retrying` and the backoff, or `Failed` and `Stop` when waiting
    /// cannot help (any non-transient failure without follow; a rejected request always).
    async fn failed(&mut self, err: AwsError) -> Result<(), Stop> {
        let hopeless =
            err.kind == ErrorKind::InvalidRequest || (!self.options.follow && !err.is_transient());
        if hopeless {
            self.emit(TailUpdate::Failed(err));
            return Err(Stop);
        }
        self.emit(TailUpdate::Retrying(err));
        tokio::time::sleep(self.backoff.next()).await;
        Ok(())
    }

    /// Where following resumes: the newest event sent, or the tail's start.
    fn resume_point(&self) -> i64 {
        self.dedupe.newest().unwrap_or(self.started_ms)
    }

    async fn run(&mut self) -> Result<(), Stop> {
        if self.sources.is_empty() {
            self.emit(TailUpdate::Done);
            return Ok(());
        }
        self.backlog().await?;
        if !self.options.follow {
            self.emit(TailUpdate::Done);
            return Ok(());
        }
        let why = match live_plan(&self.sources) {
            Ok(plan) => self.live(plan).await?,
            Err(why) => why,
        };
        self.poll(why).await
    }

    // -- reading ------------------------------------------------------------------------------

    /// One FilterLogEvents page of query `qi`, or `None` when its group or all its streams are
    /// missing (a notice is sent once). A stream list refused because a stream is missing is
    /// narrowed to the existing streams and asked again.
    async fn query_page(
        &mut self,
        qi: usize,
        start: Option<i64>,
        end: Option<i64>,
        token: Option<String>,
    ) -> Result<Option<Page>, AwsError> {
        let now = Instant::now();
        let Some(q) = self.queries.get_mut(qi) else {
            return Ok(None);
        };
        if q.dormant_until.is_some_and(|t| now < t) {
            return Ok(None);
        }
        // Widen again only at the start of a range: a page token belongs to its stream list.
        if token.is_none() && (q.dormant_until.is_some() || q.recheck_at.is_some_and(|t| now >= t))
        {
            q.dormant_until = None;
            q.recheck_at = None;
            q.active = q.streams.clone();
        }
        let pattern = self.options.filter.clone();
        let mut narrowed = false;
        loop {
            let q = &self.queries[qi];
            let result = logs::filter_page(
                &q.client,
                &q.group,
                &q.active,
                start,
                end,
                pattern.as_deref(),
                token.clone(),
            )
            .await;
            let err = match result {
                Ok(page) => {
                    let events = page
                        .events
                        .into_iter()
                        .filter_map(|e| to_event(e, &q.by_stream))
                        .collect();
                    return Ok(Some(Page {
                        events,
                        next_token: page.next_token,
                    }));
                }
                Err(e) => e,
            };
            match logs::missing(&err) {
                Some(Missing::Group) => {
                    let (group, region) = (q.group.clone(), q.region.clone());
                    let recheck = self.timing.missing_recheck;
                    self.queries[qi].dormant_until = Some(Instant::now() + recheck);
                    self.notice(
                        format!("group {region} {group}"),
                        format!(
                            "log group {group} does not exist in {region} (yet): nothing has \
                             been logged there"
                        ),
                    );
                    return Ok(None);
                }
                Some(Missing::Stream) if token.is_none() && !narrowed => {
                    narrowed = true;
                    let existing = logs::existing_streams(&q.client, &q.group, &q.active).await?;
                    let missing: Vec<String> = q
                        .active
                        .iter()
                        .filter(|s| !existing.contains(s))
                        .cloned()
                        .collect();
                    for stream in missing {
                        self.notice_missing_stream(qi, &stream);
                    }
                    let recheck = Instant::now() + self.timing.missing_recheck;
                    let q = &mut self.queries[qi];
                    q.active = existing;
                    if q.active.is_empty() {
                        q.dormant_until = Some(recheck);
                        return Ok(None);
                    }
                    q.recheck_at = Some(recheck);
                }
                _ => return Err(err),
            }
        }
    }

    fn notice_missing_stream(&mut self, qi: usize, stream: &str) {
        let Some(q) = self.queries.get(qi) else {
            return;
        };
        let group = q.group.clone();
        let who = q
            .by_stream
            .get(stream)
            .and_then(|&i| self.sources.get(i))
            .map(|s| {
                format!(
                    "container {} of task {} has not logged anything",
                    s.container,
                    s.short_task_id()
                )
            })
            .unwrap_or_else(|| "nothing has been logged there".to_string());
        self.notice(
            format!("stream {group} {stream}"),
            format!("log stream {stream} of {group} does not exist (yet): {who}"),
        );
    }

    /// All events of query `qi` from `start` to `end`, up to `max_pages` pages; with `true`
    /// when the range was read to its end.
    async fn read_range(
        &mut self,
        qi: usize,
        start: i64,
        end: Option<i64>,
        max_pages: usize,
    ) -> Result<(Vec<LogEvent>, bool), AwsError> {
        let mut events = Vec::new();
        let mut token = None;
        for _ in 0..max_pages {
            match self.query_page(qi, Some(start), end, token.take()).await? {
                None => return Ok((events, true)),
                Some(page) => {
                    events.extend(page.events);
                    match page.next_token {
                        Some(t) => token = Some(t),
                        None => return Ok((events, true)),
                    }
                }
            }
        }
        Ok((events, false))
    }

    // -- backlog --------------------------------------------------------------------------------

    async fn backlog(&mut self) -> Result<(), Stop> {
        let end = self.started_ms;
        match self.options.since {
            Since::Duration(d) => {
                let start = end.saturating_sub(d.as_millis() as i64);
                self.dedupe.set_floor_all(start);
                self.merged_range(start, end).await
            }
            Since::Timestamp(start) => {
                self.dedupe.set_floor_all(start);
                self.merged_range(start, end).await
            }
            Since::Lines(n) if self.options.filter.is_some() => self.filtered_lines(n, end).await,
            Since::Lines(n) => self.last_lines(n).await,
        }
    }

    /// Every query's events from `start` to `end`, merged k-way in time order and sent in
    /// batches as pages arrive: an event is sent once every query has read past its time.
    async fn merged_range(&mut self, start: i64, end: i64) -> Result<(), Stop> {
        struct Cursor {
            buf: VecDeque<LogEvent>,
            token: Option<String>,
            done: bool,
        }
        let mut cursors: Vec<Cursor> = (0..self.queries.len())
            .map(|_| Cursor {
                buf: VecDeque::new(),
                token: None,
                done: false,
            })
            .collect();
        loop {
            for (qi, c) in cursors.iter_mut().enumerate() {
                while !c.done && c.buf.is_empty() {
                    let token = c.token.take();
                    match self
                        .query_page(qi, Some(start), Some(end), token.clone())
                        .await
                    {
                        Ok(None) => c.done = true,
                        Ok(Some(mut page)) => {
                            self.backoff.reset();
                            page.events.sort_by_key(|e| e.timestamp);
                            c.buf.extend(page.events);
                            c.token = page.next_token;
                            c.done = c.token.is_none();
                        }
                        Err(e) => {
                            // Ask for the same page again after the backoff.
                            c.token = token;
                            self.failed(e).await?;
                        }
                    }
                }
            }
            // Every unfinished cursor has events; none of them will return anything older than
            // its last buffered event.
            let horizon = cursors
                .iter()
                .filter(|c| !c.done)
                .filter_map(|c| c.buf.back().map(|e| e.timestamp))
                .min()
                .unwrap_or(i64::MAX);
            let mut batch = Vec::new();
            for c in &mut cursors {
                while c.buf.front().is_some_and(|e| e.timestamp <= horizon) {
                    if let Some(e) = c.buf.pop_front() {
                        batch.push(e);
                    }
                }
            }
            self.send_events(batch);
            if cursors.iter().all(|c| c.done && c.buf.is_empty()) {
                return Ok(());
            }
        }
    }

    /// The last `n` events of each stream (GetLogEvents), merged.
    async fn last_lines(&mut self, n: usize) -> Result<(), Stop> {
        // (query, stream) pairs still to read.
        let mut pending: Vec<(usize, String)> = self
            .queries
            .iter()
            .enumerate()
            .flat_map(|(qi, q)| q.streams.iter().map(move |s| (qi, s.clone())))
            .collect();
        let mut all = Vec::new();
        while !pending.is_empty() {
            let reads: Vec<_> = pending
                .iter()
                .map(|(qi, stream)| {
                    let q = &self.queries[*qi];
                    let (client, group, stream) =
                        (q.client.clone(), q.group.clone(), stream.clone());
                    async move { logs::last_events(&client, &group, &stream, n).await }
                })
                .collect();
            let results: Vec<_> = futures::stream::iter(reads)
                .buffered(GET_EVENTS_CONCURRENCY)
                .collect()
                .await;
            let mut retry = Vec::new();
            let mut first_error = None;
            for ((qi, stream), result) in pending.into_iter().zip(results) {
                match result {
                    Ok(events) => {
                        let by_stream = &self.queries[qi].by_stream;
                        all.extend(events.into_iter().filter_map(|e| to_event(e, by_stream)));
                    }
                    Err(e) if logs::missing(&e).is_some() => {
                        self.notice_missing_stream(qi, &stream)
                    }
                    Err(e) => {
                        first_error.get_or_insert(e);
                        retry.push((qi, stream));
                    }
                }
            }
            pending = retry;
            if let Some(e) = first_error {
                self.failed(e).await?;
            }
        }
        self.backoff.reset();
        self.set_lines_floors(&all, i64::MIN);
        self.send_events(all);
        Ok(())
    }

    /// The last `n` matching events of each stream: FilterLogEvents over widening windows.
    async fn filtered_lines(&mut self, n: usize, end: i64) -> Result<(), Stop> {
        let mut kept: HashMap<usize, VecDeque<LogEvent>> = HashMap::new();
        let mut window_start = end;
        for window in FILTERED_LINES_WINDOWS {
            window_start = end.saturating_sub(window.as_millis() as i64);
            kept.clear();
            for qi in 0..self.queries.len() {
                let events = loop {
                    match self
                        .read_range(qi, window_start, Some(end), MAX_PAGES_PER_RANGE)
                        .await
                    {
                        Ok((events, _)) => break events,
                        Err(e) => self.failed(e).await?,
                    }
                };
                self.backoff.reset();
                for e in events {
                    let q = kept.entry(e.source).or_default();
                    q.push_back(e);
                    if q.len() > n {
                        q.pop_front();
                    }
                }
            }
            let enough =
                (0..self.sources.len()).all(|s| kept.get(&s).is_some_and(|q| q.len() >= n));
            if enough {
                break;
            }
        }
        let all: Vec<LogEvent> = kept.into_values().flatten().collect();
        self.set_lines_floors(&all, window_start);
        self.send_events(all);
        Ok(())
    }

    /// With `Lines`, each stream's floor is its oldest backlog event (or `empty` without one).
    fn set_lines_floors(&mut self, events: &[LogEvent], empty: i64) {
        let mut oldest: HashMap<usize, i64> = HashMap::new();
        for e in events {
            let o = oldest.entry(e.source).or_insert(e.timestamp);
            *o = (*o).min(e.timestamp);
        }
        for s in 0..self.sources.len() {
            self.dedupe
                .set_floor(s, oldest.get(&s).copied().unwrap_or(empty));
        }
    }

    // -- Live Tail ------------------------------------------------------------------------------

    /// Follows with Live Tail until it has to give up; returns why (for the polling mode).
    async fn live(&mut self, plan: LivePlan) -> Result<String, Stop> {
        let client = client_for(self.clients, plan.region.as_deref());
        let region = plan
            .region
            .clone()
            .unwrap_or_else(|| self.clients.region.clone());
        let mut failures: u32 = 0;
        // The backfill after a session starts reads from here (minus the look-back).
        let mut gap_from = self.resume_point();
        loop {
            let started_at = Instant::now();
            let receiver = match self.start_session(&client, &plan, &region).await {
                Ok(receiver) => receiver,
                Err(err) => {
                    failures += 1;
                    match after_start_failure(err, failures) {
                        NextMove::Poll { why } => return Ok(why),
                        NextMove::Reconnect { report } => {
                            if let Some(err) = report {
                                self.emit(TailUpdate::Retrying(err));
                            }
                            tokio::time::sleep(self.backoff.next()).await;
                            continue;
                        }
                    }
                }
            };
            let (end, worked) = self.read_session(receiver, started_at, gap_from).await?;
            gap_from = self.resume_point();
            // A session that delivered updates resets the count of failures in a row; one that
            // starts and fails before its first update (about a second) counts as a failure.
            if worked {
                failures = 0;
            }
            if matches!(end, SessionEnd::Stalled | SessionEnd::Failed(_)) {
                failures += 1;
            }
            match after_session(end, failures) {
                NextMove::Poll { why } => return Ok(why),
                NextMove::Reconnect { report: None } => {}
                NextMove::Reconnect { report: Some(err) } => {
                    self.emit(TailUpdate::Retrying(err));
                    tokio::time::sleep(self.backoff.next()).await;
                }
            }
        }
    }

    /// StartLiveTail for the plan's groups (ARNs) and streams, with the filter pattern.
    async fn start_session(
        &mut self,
        client: &aws_sdk_cloudwatchlogs::Client,
        plan: &LivePlan,
        region: &str,
    ) -> Result<StartLiveTailOutput, AwsError> {
        let (partition, account) = match &self.identity {
            Some(known) => known.clone(),
            None => {
                let id = super::identity::caller_identity(&self.clients.sts).await?;
                // arn:PARTITION:sts::ACCOUNT:...
                let partition = id
                    .arn
                    .split(':')
                    .nth(1)
                    .filter(|p| !p.is_empty())
                    .unwrap_or("aws")
                    .to_string();
                let known = (partition, id.account);
                self.identity = Some(known.clone());
                known
            }
        };
        let arns = plan
            .groups
            .iter()
            .map(|g| log_group_arn(&partition, region, &account, g))
            .collect();
        client
            .start_live_tail()
            .set_log_group_identifiers(Some(arns))
            .set_log_stream_names(plan.streams.clone())
            .set_log_event_filter_pattern(self.options.filter.clone())
            .customize()
            // Only acts with an endpoint override (the emulator): see the interceptor.
            .config_override(
                aws_sdk_cloudwatchlogs::Config::builder().interceptor(LiveTailEndpointPrefixFix),
            )
            .send()
            .await
            .map_err(|e| classify("logs:StartLiveTail", &e))
    }

    /// Reads one session until it ends; `true` with the end when it delivered updates. The gap since
    /// `gap_from` is backfilled once the session is up (again after a backoff if that fails).
    async fn read_session(
        &mut self,
        mut output: StartLiveTailOutput,
        started_at: Instant,
        gap_from: i64,
    ) -> Result<(SessionEnd, bool), Stop> {
        let mut session = LiveSession::default();
        let mut backfill_at: Option<Instant> = None;
        loop {
            let item =
                match tokio::time::timeout(self.timing.live_idle, output.response_stream.recv())
                    .await
                {
                    Err(_) => LiveItem::Idle,
                    Ok(Ok(None)) => LiveItem::Closed,
                    Ok(Ok(Some(StartLiveTailResponseStream::SessionStart(_)))) => LiveItem::Started,
                    Ok(Ok(Some(StartLiveTailResponseStream::SessionUpdate(update)))) => {
                        self.live_update(&update)
                    }
                    Ok(Ok(Some(_))) => LiveItem::Unknown,
                    Ok(Err(e)) => stream_error(&e),
                };
            match session.on_item(item, started_at.elapsed(), &self.timing) {
                LiveStep::Started => {
                    self.set_mode(TailMode::Live);
                    backfill_at = Some(Instant::now());
                }
                LiveStep::Events {
                    sampled,
                    events,
                    first,
                } => {
                    if first {
                        self.set_mode(TailMode::Live);
                        backfill_at = Some(Instant::now());
                    }
                    self.backoff.reset();
                    if sampled {
                        self.emit(TailUpdate::Sampled);
                    }
                    self.send_events(events);
                }
                LiveStep::Nothing => {}
                LiveStep::Ended(end) => return Ok((end, session.updated())),
            }
            if backfill_at.is_some_and(|t| Instant::now() >= t) {
                match self.backfill(gap_from).await {
                    Ok(()) => backfill_at = None,
                    Err(e) if e.kind == ErrorKind::InvalidRequest => {
                        self.emit(TailUpdate::Failed(e));
                        return Err(Stop);
                    }
                    Err(e) => {
                        self.emit(TailUpdate::Retrying(e));
                        backfill_at = Some(Instant::now() + self.backoff.next());
                    }
                }
            }
        }
    }

    /// A session update's events, mapped to sources (other streams of a whole-group session
    /// are dropped).
    fn live_update(&self, update: &LiveTailSessionUpdate) -> LiveItem {
        let sampled = update.session_metadata().is_some_and(|m| m.sampled());
        // An event without its group identifier can only be placed when there is one group.
        let single_group = self
            .sources
            .first()
            .map(|s| s.group.as_str())
            .filter(|g| self.sources.iter().all(|s| s.group == *g));
        let events = update
            .session_results()
            .iter()
            .filter_map(|e| {
                let group = match e.log_group_identifier() {
                    Some(id) => group_name_of(id),
                    None => single_group?,
                };
                let source = *self
                    .index
                    .get(&(group.to_string(), e.log_stream_name()?.to_string()))?;
                Some(LogEvent {
                    timestamp: e.timestamp().unwrap_or_default(),
                    ingestion_time: e.ingestion_time(),
                    message: e.message().unwrap_or_default().to_string(),
                    source,
                })
            })
            .collect();
        LiveItem::Update { sampled, events }
    }

    /// FilterLogEvents over every query from `from` minus the look-back to now: what a session
    /// cannot have (before it started, or between two sessions).
    async fn backfill(&mut self, from: i64) -> Result<(), AwsError> {
        let start = from.saturating_sub(LOOKBACK_MS);
        let mut all = Vec::new();
        for qi in 0..self.queries.len() {
            let (events, _) = self
                .read_range(qi, start, None, MAX_PAGES_PER_RANGE)
                .await?;
            all.extend(events);
        }
        self.send_events(all);
        Ok(())
    }

    // -- polling --------------------------------------------------------------------------------

    /// Polls FilterLogEvents forever (until dropped, or `Failed`).
    async fn poll(&mut self, why: String) -> Result<(), Stop> {
        self.set_mode(TailMode::Polling { why });
        let from = self.resume_point().saturating_sub(LOOKBACK_MS);
        for q in &mut self.queries {
            q.from = from;
        }
        let calls = u32::try_from(self.queries.len()).unwrap_or(u32::MAX);
        let interval = self
            .timing
            .poll_interval
            .max(self.timing.per_call_interval.saturating_mul(calls));
        loop {
            let mut batch = Vec::new();
            let mut error = None;
            for qi in 0..self.queries.len() {
                let from = self.queries[qi].from;
                match self.read_range(qi, from, None, MAX_PAGES_PER_POLL).await {
                    Ok((events, complete)) => {
                        if let Some(newest) = events.iter().map(|e| e.timestamp).max() {
                            // Read to the end: next time from the newest minus the look-back.
                            // Cut short: go on from where this poll stopped.
                            let next = if complete {
                                newest.saturating_sub(LOOKBACK_MS)
                            } else {
                                newest
                            };
                            let q = &mut self.queries[qi];
                            q.from = q.from.max(next);
                        }
                        batch.extend(events);
                    }
                    Err(e) => {
                        error.get_or_insert(e);
                    }
                }
            }
            self.send_events(batch);
            match error {
                Some(e) => self.failed(e).await?,
                None => {
                    self.backoff.reset();
                    tokio::time::sleep(interval).await;
                }
            }
        }
    }
}

/// The FilterLogEvents calls for `sources`: per region and group, at most 100 streams each.
fn build_queries(clients: &Clients, sources: &[LogSource]) -> Vec<Query> {
    let mut keys: Vec<(Option<String>, String)> = Vec::new();
    let mut members: Vec<Vec<(String, usize)>> = Vec::new();
    for (i, s) in sources.iter().enumerate() {
        let key = (s.region.clone(), s.group.clone());
        let at = match keys.iter().position(|k| *k == key) {
            Some(at) => at,
            None => {
                keys.push(key);
                members.push(Vec::new());
                keys.len() - 1
            }
        };
        if !members[at].iter().any(|(stream, _)| *stream == s.stream) {
            members[at].push((s.stream.clone(), i));
        }
    }
    let mut queries = Vec::new();
    for ((region, group), streams) in keys.into_iter().zip(members) {
        let client = client_for(clients, region.as_deref());
        let region = region
            .filter(|r| !r.is_empty())
            .unwrap_or_else(|| clients.region.clone());
        for chunk in streams.chunks(FILTER_MAX_STREAMS) {
            let names: Vec<String> = chunk.iter().map(|(s, _)| s.clone()).collect();
            queries.push(Query {
                client: client.clone(),
                group: group.clone(),
                region: region.clone(),
                active: names.clone(),
                streams: names,
                by_stream: chunk.iter().cloned().collect(),
                dormant_until: None,
                recheck_at: None,
                from: 0,
            });
        }
    }
    queries
}

/// The logs client for `region`: the shared one, or a copy (same credentials, interceptors and
/// endpoint) pointed at another region.
fn client_for(clients: &Clients, region: Option<&str>) -> aws_sdk_cloudwatchlogs::Client {
    match region {
        Some(r) if !r.is_empty() && r != clients.region => {
            let conf = clients
                .logs
                .config()
                .to_builder()
                .region(aws_types::region::Region::new(r.to_string()))
                .build();
            aws_sdk_cloudwatchlogs::Client::from_conf(conf)
        }
        _ => clients.logs.clone(),
    }
}

fn to_event(e: StreamEvent, by_stream: &HashMap<String, usize>) -> Option<LogEvent> {
    let source = *by_stream.get(&e.stream)?;
    Some(LogEvent {
        timestamp: e.timestamp,
        ingestion_time: e.ingestion_time,
        message: e.message,
        source,
    })
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or_default()
}

#[cfg(test)]
#[path = "log_tail_tests.rs"]
mod tests;
