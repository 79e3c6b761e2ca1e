//! A failure of an AWS call as tecs shows it: what kind it is, the message and what to do, and for a
//! write, whether the change can have happened ([`Delivery`]).

/// What kind of failure this was; decides the hint, whether retrying can help and what a failed
/// write may have done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The API throttled us (ThrottlingException and friends): retry later with backoff.
    Throttled,
    /// The caller lacks a permission; `action` is the IAM action when the message names it.
    AccessDenied { action: Option<String> },
    /// The SSO session behind the profile has expired (or was never started): `aws sso login`.
    SsoExpired,
    /// Temporary credentials expired (ExpiredToken, or a provider handing out expired keys).
    CredentialsExpired,
    /// No credentials could be found by the provider chain.
    NoCredentials,
    /// The local AWS setup is unusable as written: a profile that does not exist, a malformed
    /// endpoint URL, a `credential_process` that fails, a `source_profile` without keys. Nothing was
    /// sent; retrying cannot help until the configuration changes.
    Misconfigured,
    /// Nothing answered: connection refused, a host name that does not resolve, no route to the
    /// host. The request never left this machine.
    Unreachable,
    /// No answer in time; `phase` says how far the request got (see [`TimeoutPhase`]).
    Timeout { phase: TimeoutPhase },
    /// The connection broke while the request was in flight (reset, closed early): it may have
    /// reached AWS.
    Network,
    /// The endpoint answered something that is not an AWS API response (an HTML page, a body that
    /// does not parse) with a status below 500. Usually the wrong `--endpoint-url` or a proxy.
    BadResponse,
    /// The service answered 5xx (also when the 5xx body is not AWS's, as from a proxy or an
    /// emulator that lacks the call).
    ServerError,
    /// The named resource does not exist (ClusterNotFoundException, ...).
    NotFound,
    /// The request was invalid (InvalidParameterException, ClientException, ...), or tecs refused
    /// to send it (then `code` is `None`).
    InvalidRequest,
    /// Anything else.
    Other,
}

/// How far a timed-out request got.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutPhase {
    /// The TCP/TLS connection was not established in time: nothing was sent.
    Connect,
    /// The credentials provider (SSO, STS, instance metadata) did not answer in time: nothing was
    /// sent to the service.
    Credentials,
    /// The request may have been sent and no (complete) answer came in time.
    Answer,
}

/// Whether a failed request can have changed anything: what a write's failure tells the operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Delivery {
    /// The request never left this machine (no credentials, bad configuration, connection refused,
    /// DNS failure, connect timeout, or tecs itself refused to send it): nothing changed.
    NotSent,
    /// AWS answered with a 4xx error: it refused the request and nothing changed.
    Refused,
    /// The request may have reached AWS and its answer is missing or unreadable (timeout after
    /// sending, connection reset, 5xx, a reply that is not AWS's): the change may have happened.
    /// Read the resource back before offering a retry.
    Unknown,
}

/// An AWS failure as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsError {
    pub kind: ErrorKind,
    /// The service's error code when there is one (e.g. `ThrottlingException`). `Some` means the
    /// service itself answered with this error.
    pub code: Option<String>,
    /// One line for the operator.
    pub message: String,
    /// What to do about it, when tecs can tell.
    pub hint: Option<String>,
    /// For a write whose outcome was unknown: what reading the resource back found. `None` when
    /// nothing was read back (a read, or a write that was refused or never sent). A read-back that
    /// finds the change done turns the failure into a success, so it never appears here.
    pub read_back: Option<ReadBack>,
}

/// What tecs found when it read a resource back after a write whose answer was lost
/// ([`Delivery::Unknown`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadBack {
    /// The change is not there: nothing changed and a retry is safe.
    NotDone,
    /// Reading back failed too (the message says why): the change may or may not have happened.
    Failed(String),
}

impl AwsError {
    /// A failure tecs itself detected (validation, emulator gaps) rather than one from the SDK.
    /// Its [`Delivery`] is `Unknown` (tecs cannot tell what happened before it); use
    /// [`AwsError::invalid`] for a request tecs refused to send.
    pub fn other(message: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::Other,
            code: None,
            message: message.into(),
            hint: None,
            read_back: None,
        }
    }

    /// A request tecs refused to send (it failed validation): [`Delivery::NotSent`].
    pub fn invalid(message: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::InvalidRequest,
            code: None,
            message: message.into(),
            hint: None,
            read_back: None,
        }
    }

    /// Whether retrying the same call later can succeed without the operator doing anything.
    pub fn is_transient(&self) -> bool {
        match self.kind {
            // Rate limits lift, servers recover, links come back, an emulator gets started.
            ErrorKind::Throttled
            | ErrorKind::ServerError
            | ErrorKind::Network
            | ErrorKind::Unreachable
            | ErrorKind::Timeout { .. } => true,
            // These need the operator: log in, fix a permission or a setting, change the request,
            // or point tecs at a real AWS endpoint.
            ErrorKind::AccessDenied { .. }
            | ErrorKind::SsoExpired
            | ErrorKind::CredentialsExpired
            | ErrorKind::NoCredentials
            | ErrorKind::Misconfigured
            | ErrorKind::BadResponse
            | ErrorKind::NotFound
            | ErrorKind::InvalidRequest
            | ErrorKind::Other => false,
        }
    }

    /// Whether the failed request can have changed anything (see [`Delivery`]).
    ///
    /// The rules, from what the classification saw:
    /// - credentials, configuration, connection refused, DNS, connect and credentials timeouts:
    ///   the request never left → `NotSent`;
    /// - a service error code (`code` is `Some`) on a 4xx answer (throttling, access denied,
    ///   expired token, not found, invalid request, any other 4xx code): AWS said no → `Refused`;
    /// - timeout after sending, a broken connection, any 5xx, an unreadable or non-AWS answer →
    ///   `Unknown`;
    /// - `InvalidRequest`/`NotFound`/`CredentialsExpired` without a code were detected by tecs
    ///   before sending → `NotSent`;
    /// - `Other` without a code (tecs cannot tell) → `Unknown`, so a write is never reported as
    ///   "nothing changed" when it may have happened.
    ///
    /// SDK retries make one caveat: a write retried after a timeout or 5xx and then refused (e.g.
    /// "already exists") is reported `Refused` although the first attempt may have succeeded;
    /// send writes with SDK retries off to rule that out.
    pub fn delivery(&self) -> Delivery {
        let answered = self.code.is_some();
        match &self.kind {
            ErrorKind::NoCredentials
            | ErrorKind::SsoExpired
            | ErrorKind::Misconfigured
            | ErrorKind::Unreachable
            | ErrorKind::Timeout {
                phase: TimeoutPhase::Connect | TimeoutPhase::Credentials,
            } => Delivery::NotSent,
            ErrorKind::Timeout {
                phase: TimeoutPhase::Answer,
            }
            | ErrorKind::Network
            | ErrorKind::ServerError
            | ErrorKind::BadResponse => Delivery::Unknown,
            ErrorKind::Throttled | ErrorKind::AccessDenied { .. } => Delivery::Refused,
            ErrorKind::CredentialsExpired | ErrorKind::NotFound | ErrorKind::InvalidRequest => {
                if answered {
                    Delivery::Refused
                } else {
                    Delivery::NotSent
                }
            }
            ErrorKind::Other => {
                if answered {
                    Delivery::Refused
                } else {
                    Delivery::Unknown
                }
            }
        }
    }

    /// The same failure after a read-back (see [`ReadBack`]).
    pub fn read_back(mut self, found: ReadBack) -> Self {
        self.read_back = Some(found);
        self
    }

    /// Whether the failed write certainly changed nothing: it was never sent, AWS refused it, or
    /// reading back showed it was not done.
    pub fn changed_nothing(&self) -> bool {
        match self.delivery() {
            Delivery::NotSent | Delivery::Refused => true,
            Delivery::Unknown => self.read_back == Some(ReadBack::NotDone),
        }
    }

    /// One line for a failed write, `what` naming it ("register web", "delete cluster prod"):
    /// whether anything can have changed comes first, then the cause and hint. Issue #9.3: only a
    /// definite refusal (or a read-back that found nothing) says "nothing changed".
    pub fn write_failure(&self, what: &str) -> String {
        match (self.delivery(), &self.read_back) {
            (Delivery::NotSent, _) => format!("{what}: not sent, nothing changed — {self}"),
            (Delivery::Refused, _) => format!("{what}: refused, nothing changed — {self}"),
            (Delivery::Unknown, Some(ReadBack::NotDone)) => format!(
                "{what}: the answer was lost, and reading back shows it was not done: nothing \
                 changed, a retry is safe — {self}"
            ),
            (Delivery::Unknown, Some(ReadBack::Failed(why))) => format!(
                "{what}: outcome unknown, it may have happened — {self}; reading back failed \
                 too ({why}): check (r refreshes) before retrying"
            ),
            (Delivery::Unknown, None) => format!(
                "{what}: outcome unknown, it may have happened — {self}; check (r refreshes) \
                 before retrying"
            ),
        }
    }

    /// Fills in the profile name in hints that need it (`aws sso login --profile X`).
    pub fn with_profile(mut self, profile: Option<&str>) -> Self {
        if self.kind == ErrorKind::SsoExpired {
            self.hint = Some(match profile {
                Some(p) => format!("run: aws sso login --profile {p}"),
                None => "run: aws sso login (add --profile NAME for a named profile)".to_string(),
            });
        }
        self
    }
}

impl std::fmt::Display for AwsError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " — {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for AwsError {}
