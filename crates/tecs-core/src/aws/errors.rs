//! Classifies SDK failures into what an operator can act on: a sentence naming the real cause, a
//! hint naming the fix, and a kind that decides retries and what a failed write may have done.
//!
//! The SDK's own texts are chains of wrappers ("dispatch failure: other: an error occurred while
//! loading credentials: ...") whose `Debug` forms leak into `DisplayErrorContext`. tecs walks the
//! `source()` chain instead, recognises the shapes below by type where the type is public
//! (credentials errors, `std::io::Error`) and by the SDK's fixed texts otherwise, and shows only
//! its own sentences plus the innermost readable cause. The full chain goes to the log at debug
//! level for the curious.
//!
//! | shape | kind |
//! |---|---|
//! | service error with a code | by code/status: Throttled, AccessDenied, CredentialsExpired, NotFound, InvalidRequest, ServerError, Other |
//! | a reply that does not parse (HTML, empty, garbage) | BadResponse (< 500) or ServerError (5xx) |
//! | credentials chain found nothing / IMDS refused | NoCredentials |
//! | SSO token expired, missing or rejected | SsoExpired |
//! | missing profile, failing `credential_process`, broken profile, malformed endpoint URL | Misconfigured |
//! | connection refused, DNS failure, no route | Unreachable |
//! | connect timeout / credentials timeout / no answer in time | Timeout { Connect / Credentials / Answer } |
//! | connection reset or closed mid-request | Network |

use std::error::Error as StdError;
use std::fmt;
use std::net::SocketAddr;

pub use crate::model::error::{AwsError, Delivery, ErrorKind, TimeoutPhase};
use aws_credential_types::provider::error::CredentialsError;
use aws_credential_types::provider::{self, ProvideCredentials};
use aws_smithy_runtime_api::client::orchestrator::HttpResponse;
use aws_smithy_runtime_api::client::result::SdkError;
use aws_smithy_types::error::display::DisplayErrorContext;
use aws_smithy_types::error::metadata::ProvideErrorMetadata;

const THROTTLING_CODES: &[&str] = &[
    "ThrottlingException",
    "Throttling",
    "ThrottledException",
    "TooManyRequestsException",
    "RequestLimitExceeded",
    "RequestThrottled",
    "RequestThrottledException",
    "SlowDown",
];
const ACCESS_DENIED_CODES: &[&str] = &[
    "AccessDeniedException",
    "AccessDenied",
    "UnauthorizedOperation",
    "UnauthorizedException",
    "UnrecognizedClientException",
];
const EXPIRED_CODES: &[&str] = &[
    "ExpiredToken",
    "ExpiredTokenException",
    "RequestExpired",
    "InvalidClientTokenId",
];
/// Codes that mean "these keys are not valid here" rather than "this role lacks a permission".
const INVALID_KEY_CODES: &[&str] = &[
    "UnrecognizedClientException",
    "InvalidClientTokenId",
    "SignatureDoesNotMatch",
    "IncompleteSignature",
    "InvalidSignatureException",
];

const NO_CREDENTIALS_HINT: &str = "pass --profile, set AWS_PROFILE, or set up credentials with \
                                   `aws configure` (or `aws sso login` for an SSO profile)";
const ENDPOINT_HINT: &str = "check --endpoint-url / AWS_ENDPOINT_URL, or the network (VPN, proxy, \
                             firewall)";

/// Turns any SDK error into an [`AwsError`]. `operation` names the call for messages ("ListClusters").
pub fn classify<E>(operation: &str, err: &SdkError<E, HttpResponse>) -> AwsError
where
    E: ProvideErrorMetadata + StdError + 'static,
{
    // The whole chain, Debug parts included, is for the log only: it never reaches the screen.
    tracing::debug!(
        target: "tecs::aws::errors",
        operation,
        error = %DisplayErrorContext(err),
        "AWS call failed"
    );
    match err {
        SdkError::ServiceError(service) => {
            let inner = service.err();
            let status = service.raw().status().as_u16();
            match (inner.code(), inner.message()) {
                (Some(code), msg) => classify_service(
                    operation,
                    Some(code.to_string()),
                    msg.unwrap_or_default(),
                    Some(status),
                ),
                // A message without a code: judge by the HTTP status.
                (None, Some(msg)) if !msg.is_empty() && status < 500 => {
                    classify_service(operation, None, msg, Some(status))
                }
                // An answer with neither is not AWS's error format.
                (None, _) => unreadable(operation, status, Some(service.raw())),
            }
        }
        SdkError::ResponseError(response) => unreadable(
            operation,
            response.raw().status().as_u16(),
            Some(response.raw()),
        ),
        SdkError::TimeoutError(_) => classify_timeout(operation, &Chain::of(err)),
        SdkError::ConstructionFailure(_) => {
            let chain = Chain::of(err);
            AwsError {
                kind: ErrorKind::InvalidRequest,
                code: None,
                message: format!(
                    "{operation} failed: tecs could not build the request ({})",
                    chain.innermost_or("no details")
                ),
                hint: Some(
                    "nothing was sent; the log (TECS_LOG=debug) has the details".to_string(),
                ),
                read_back: None,
            }
        }
        SdkError::DispatchFailure(dispatch) => {
            let chain = Chain::of(err);
            if dispatch.is_timeout() {
                return classify_timeout(operation, &chain);
            }
            classify_dispatch(operation, &chain)
        }
        _ => {
            let chain = Chain::of(err);
            AwsError {
                kind: ErrorKind::Other,
                code: None,
                message: format!(
                    "{operation} failed: {}",
                    chain.innermost_or("an unexpected SDK failure")
                ),
                hint: None,
                read_back: None,
            }
        }
    }
}

/// The `source()` chain of an error, outermost first, with each level's own text.
struct Chain<'a> {
    levels: Vec<&'a (dyn StdError + 'static)>,
    texts: Vec<String>,
}

impl<'a> Chain<'a> {
    fn of(err: &'a (dyn StdError + 'static)) -> Self {
        let mut levels = Vec::new();
        let mut next = Some(err);
        // A cycle is impossible in practice; the cap keeps a buggy source() from hanging tecs.
        while let Some(level) = next
            && levels.len() < 64
        {
            levels.push(level);
            next = level.source();
        }
        let texts = levels.iter().map(|l| l.to_string()).collect();
        Self { levels, texts }
    }

    /// Every level's text, lowercased and joined: for recognising the SDK's fixed phrases.
    fn lower(&self) -> String {
        self.texts.join(" | ").to_ascii_lowercase()
    }

    fn find<T: StdError + 'static>(&self) -> Option<&'a T> {
        self.levels.iter().find_map(|l| l.downcast_ref::<T>())
    }

    /// Every credentials error in the chain (providers wrap each other), outermost first.
    fn credentials_errors(&self) -> impl Iterator<Item = &'a CredentialsError> + '_ {
        self.levels
            .iter()
            .filter_map(|l| l.downcast_ref::<CredentialsError>())
    }

    fn io_kind(&self) -> Option<std::io::ErrorKind> {
        self.find::<std::io::Error>().map(std::io::Error::kind)
    }

    /// The innermost level whose text is readable on its own: not a generic wrapper ("other",
    /// "io error", "dispatch failure") and free of `Debug` output.
    fn innermost(&self) -> Option<String> {
        self.texts
            .iter()
            .rev()
            .map(|t| tidy(t))
            .find(|t| readable(t))
    }

    fn innermost_or(&self, fallback: &str) -> String {
        self.innermost().unwrap_or_else(|| fallback.to_string())
    }

    /// The socket address hyper failed to connect to, when it says (only from its `Debug` text,
    /// and only as a parsed address: nothing else of that text is kept).
    fn connect_addr(&self) -> Option<SocketAddr> {
        self.levels.iter().find_map(|l| {
            let debug = format!("{l:?}");
            let rest = debug.split("ConnectError(\"tcp connect error\", ").nth(1)?;
            rest.split(',').next()?.trim().parse().ok()
        })
    }
}

/// Wrapper texts that say nothing about the cause.
const GENERIC_TEXTS: &[&str] = &[
    "other",
    "io error",
    "timeout",
    "user error",
    "dispatch failure",
    "service error",
    "response error",
    "failed to construct request",
    "request has timed out",
    "unhandled error",
    "error",
    "unknown",
    "client error (connect)",
    "client error (sendrequest)",
    "connection error",
    "tcp connect error",
    "an error occurred while loading credentials",
    "an error occurred while loading an access token",
    "the credential provider was not enabled",
    "the credentials provider was not properly configured",
    "unexpected credentials error",
    "failed to load imds session token",
];

fn readable(text: &str) -> bool {
    !text.is_empty()
        && !GENERIC_TEXTS.contains(&text.to_ascii_lowercase().as_str())
        && !looks_like_debug(text)
}

/// Whether a text carries Rust `Debug` output (struct braces, `Some(..)`, type paths).
pub(crate) fn looks_like_debug(text: &str) -> bool {
    text.contains('{')
        || text.contains('}')
        || text.contains("Some(")
        || text.contains("Error {")
        || text.contains("DispatchFailure")
        || text.contains("ConnectorError")
}

/// One line, without the trailing "(os error N)" and full stop.
fn tidy(text: &str) -> String {
    let line = text.lines().next().unwrap_or_default().trim();
    let line = match line.find(" (os error ") {
        Some(i) => &line[..i],
        None => line,
    };
    line.trim_end_matches('.').trim().to_string()
}

/// A failure before or while talking to the endpoint (no HTTP answer).
fn classify_dispatch(operation: &str, chain: &Chain<'_>) -> AwsError {
    if chain.find::<CredentialsError>().is_some() {
        return classify_credentials(operation, chain);
    }
    let lower = chain.lower();
    // The identity cache gave up on the credentials provider (tecs sets 15 s in load_sdk_config).
    if lower.contains("identity resolver timed out") {
        let after = lower
            .split("timed out after ")
            .nth(1)
            .and_then(|rest| rest.split([' ', '|']).next())
            .map(|d| format!(" within {d}"))
            .unwrap_or_default();
        return timeout_error(
            operation,
            TimeoutPhase::Credentials,
            format!("the credentials could not be loaded{after}"),
        );
    }
    if lower.contains("failed to apply endpoint")
        || lower.contains("failed to resolve endpoint")
        || lower.contains("unsupported scheme")
        || lower.contains("invalid uri")
    {
        return AwsError {
            kind: ErrorKind::Misconfigured,
            code: None,
            message: format!(
                "{operation} failed: the endpoint URL is not usable ({})",
                chain.innermost_or("not a valid URL")
            ),
            hint: Some(
                "--endpoint-url / AWS_ENDPOINT_URL needs a full URL, such as http://localhost:5000"
                    .to_string(),
            ),
            read_back: None,
        };
    }
    network_failure(operation, chain, Side::Service)
}

/// Who the connection was for: the service itself, or the credentials provider behind it.
#[derive(Clone, Copy, PartialEq)]
enum Side {
    Service,
    Credentials,
}

/// Connection-level failures: refused, DNS, no route (never sent) and resets (maybe sent).
fn network_failure(operation: &str, chain: &Chain<'_>, side: Side) -> AwsError {
    use std::io::ErrorKind as Io;
    let lower = chain.lower();
    let io = chain.io_kind();
    // hyper says "client error (Connect)" for everything before the request could be written.
    let connecting = lower.contains("client error (connect)") || lower.contains("tcp connect");
    let (what, noun) = match side {
        Side::Service => ("", "the endpoint"),
        Side::Credentials => ("could not get credentials: ", "the credentials service"),
    };
    let hint = match side {
        Side::Service => ENDPOINT_HINT.to_string(),
        Side::Credentials => "check the network: tecs must reach the credentials service (SSO \
                              portal, STS or instance metadata) before any call"
            .to_string(),
    };
    let unreachable = |sentence: String, hint: String| AwsError {
        kind: ErrorKind::Unreachable,
        code: None,
        message: format!("{operation} failed: {what}{sentence}"),
        hint: Some(hint),
        read_back: None,
    };
    if io == Some(Io::ConnectionRefused) {
        let sentence = match chain.connect_addr() {
            Some(addr) => format!("nothing is listening at {addr} (connection refused)"),
            None => format!("nothing is listening at {noun} (connection refused)"),
        };
        let hint = match chain.connect_addr() {
            Some(addr) if addr.ip().is_loopback() && side == Side::Service => {
                "nothing runs on that port of this machine: start the emulator or proxy, or fix \
                 --endpoint-url / AWS_ENDPOINT_URL"
                    .to_string()
            }
            _ => hint,
        };
        return unreachable(sentence, hint);
    }
    if lower.contains("dns error")
        || lower.contains("failed to lookup address")
        || lower.contains("name or service not known")
        || lower.contains("nodename nor servname")
        || lower.contains("no such host")
    {
        let sentence = format!(
            "the host name of {noun} does not resolve ({})",
            chain.innermost_or("DNS lookup failed")
        );
        let hint = match side {
            Side::Service => "check the host name in --endpoint-url / AWS_ENDPOINT_URL, or your \
                              DNS and network connection"
                .to_string(),
            Side::Credentials => hint,
        };
        return unreachable(sentence, hint);
    }
    if matches!(io, Some(Io::HostUnreachable | Io::NetworkUnreachable)) {
        return unreachable(
            format!("no route to {noun} ({})", chain.innermost_or("unreachable")),
            hint,
        );
    }
    if io == Some(Io::TimedOut) && connecting {
        return timeout_error(
            operation,
            TimeoutPhase::Connect,
            format!("the connection to {noun} timed out"),
        );
    }
    if connecting {
        // TLS handshake failures, resets while connecting: the request was not written yet.
        return unreachable(
            format!(
                "could not connect to {noun} ({})",
                chain.innermost_or("connection failed")
            ),
            hint,
        );
    }
    let sentence = match io {
        Some(Io::ConnectionReset) => "the connection was reset before the answer came".to_string(),
        Some(Io::ConnectionAborted | Io::BrokenPipe | Io::UnexpectedEof) => {
            "the connection closed before the answer came".to_string()
        }
        _ if lower.contains("connection closed") || lower.contains("incomplete message") => {
            "the connection closed before the answer came".to_string()
        }
        _ => format!(
            "the connection failed ({})",
            chain.innermost_or("a network error")
        ),
    };
    AwsError {
        kind: ErrorKind::Network,
        code: None,
        message: format!("{operation} failed: {what}{sentence}"),
        hint: Some(hint),
        read_back: None,
    }
}

/// The SDK's attempt/operation timeouts and the HTTP client's connect/read timeouts.
fn classify_timeout(operation: &str, chain: &Chain<'_>) -> AwsError {
    let lower = chain.lower();
    let after = lower
        .split("occurred after ")
        .nth(1)
        .map(|rest| {
            rest.split([' ', '|', ')'])
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .filter(|d| !d.is_empty());
    let within = after
        .as_deref()
        .map(|d| format!(" within {d}"))
        .unwrap_or_default();
    if lower.contains("http connect timeout") {
        return timeout_error(
            operation,
            TimeoutPhase::Connect,
            format!("the endpoint did not accept a connection{within}"),
        );
    }
    let sentence = if lower.contains("operation timeout (all attempts") {
        format!("no answer from the endpoint{within} (all attempts)")
    } else {
        format!("no answer from the endpoint{within}")
    };
    timeout_error(operation, TimeoutPhase::Answer, sentence)
}

fn timeout_error(operation: &str, phase: TimeoutPhase, sentence: String) -> AwsError {
    let hint = match phase {
        TimeoutPhase::Connect => {
            "the endpoint is not reachable from here: check the network (VPN, proxy, firewall) \
             or --endpoint-url / AWS_ENDPOINT_URL"
        }
        TimeoutPhase::Credentials => {
            "the credentials provider (SSO, STS, instance metadata or credential_process) did \
             not answer in time: check the network"
        }
        TimeoutPhase::Answer => {
            "the link may be dropping traffic (proxy, NAT or firewall): check the network or \
             --endpoint-url / AWS_ENDPOINT_URL"
        }
    };
    AwsError {
        kind: ErrorKind::Timeout { phase },
        code: None,
        message: format!("{operation} failed: {sentence}"),
        hint: Some(hint.to_string()),
        read_back: None,
    }
}

/// Failures of the credentials provider chain, per provider.
fn classify_credentials(operation: &str, chain: &Chain<'_>) -> AwsError {
    let lower = chain.lower();
    let err = |kind: ErrorKind, sentence: String, hint: Option<&str>| AwsError {
        kind,
        code: None,
        message: format!("{operation} failed: {sentence}"),
        hint: hint.map(str::to_string),
        read_back: None,
    };
    if let Some(missing) = chain.find::<MissingProfileError>() {
        return err(
            ErrorKind::Misconfigured,
            missing.to_string(),
            Some("pass an existing --profile (list them with `aws configure list-profiles`)"),
        );
    }
    if let Some(CredentialsError::ProviderTimedOut(t)) = chain
        .credentials_errors()
        .find(|e| matches!(e, CredentialsError::ProviderTimedOut(_)))
    {
        return timeout_error(
            operation,
            TimeoutPhase::Credentials,
            format!(
                "loading the credentials took longer than {} s",
                t.timeout_duration().as_secs()
            ),
        );
    }
    let sso = lower.contains("sso") || lower.contains("session token not found or invalid");
    if sso {
        let sentence = if lower.contains("expired") {
            "the SSO session has expired"
        } else if lower.contains("session token not found or invalid") {
            "the SSO session is no longer valid"
        } else if lower.contains("failed to read") || lower.contains("no such file") {
            "there is no SSO login for this profile yet"
        } else {
            "the SSO credentials could not be loaded"
        };
        // with_profile() names the profile in the hint.
        return err(
            ErrorKind::SsoExpired,
            sentence.to_string(),
            Some("run: aws sso login (add --profile NAME for a named profile)"),
        );
    }
    if lower.contains("external process") || lower.contains("credential_process") {
        return err(
            ErrorKind::Misconfigured,
            format!(
                "the profile's credential_process failed ({})",
                chain.innermost_or("no details")
            ),
            Some("run the credential_process command from ~/.aws/config yourself to see why"),
        );
    }
    // The credentials provider itself could not reach its service (SSO portal, STS, IMDS as the
    // only configured source): a network problem, not a missing configuration.
    let nested_network = chain.io_kind().is_some() || lower.contains("dns error");
    let attempted = attempted_providers(chain);
    if let Some(tried) = attempted {
        return err(
            ErrorKind::NoCredentials,
            format!("no AWS credentials found (tried {tried})"),
            Some(NO_CREDENTIALS_HINT),
        );
    }
    if lower.contains("imds") || lower.contains("instance metadata") {
        // The default chain reaches instance metadata only when nothing else had credentials.
        let why = if lower.contains("forbidden") || lower.contains("403") {
            "the EC2 instance metadata service refused (IMDS disabled or not allowed)".to_string()
        } else {
            format!(
                "the EC2 instance metadata service failed ({})",
                chain.innermost_or("no details")
            )
        };
        return err(
            ErrorKind::NoCredentials,
            format!("no AWS credentials found: none in the environment or ~/.aws files, and {why}"),
            Some(NO_CREDENTIALS_HINT),
        );
    }
    if nested_network {
        return network_failure(operation, chain, Side::Credentials);
    }
    if lower.contains("expired") {
        return err(
            ErrorKind::CredentialsExpired,
            "the credentials have expired".to_string(),
            Some("refresh them (aws sso login, or new keys)"),
        );
    }
    let innermost_credentials_error = chain.credentials_errors().last();
    match innermost_credentials_error {
        Some(CredentialsError::InvalidConfiguration(_)) => {
            let cause = chain.innermost_or("no details");
            let cause = cause
                .strip_prefix("ProfileFile provider could not be built: ")
                .unwrap_or(&cause)
                .to_string();
            err(
                ErrorKind::Misconfigured,
                format!("the AWS profile configuration is not usable ({cause})"),
                Some("fix the profile in ~/.aws/config (or pass another --profile)"),
            )
        }
        Some(CredentialsError::CredentialsNotLoaded(_)) => err(
            ErrorKind::NoCredentials,
            "no AWS credentials found".to_string(),
            Some(NO_CREDENTIALS_HINT),
        ),
        _ => {
            // A provider answered with a refusal (e.g. STS AssumeRole denied) or something else.
            let cause = chain.innermost_or("no details");
            err(
                ErrorKind::Misconfigured,
                format!("the credentials provider failed ({cause})"),
                Some("check the profile's role, source_profile and keys in ~/.aws/config"),
            )
        }
    }
}

/// "environment variables, ~/.aws profile, ..." from a default chain's "Attempted:" list.
fn attempted_providers(chain: &Chain<'_>) -> Option<String> {
    let text = chain
        .texts
        .iter()
        .find(|t| t.contains("no credentials found in chain"))?;
    let names: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.contains("Attempted:"))
        .skip(1)
        .filter_map(|l| l.trim().split(':').next())
        .map(|name| match name {
            "Environment" => "environment variables",
            "Profile" => "~/.aws profiles",
            "WebIdentityToken" => "web identity token",
            "EcsContainer" => "ECS container credentials",
            "Ec2InstanceMetadata" => "EC2 instance metadata",
            other => other,
        })
        .filter(|n| !n.is_empty() && !looks_like_debug(n))
        .collect();
    if names.is_empty() {
        None
    } else {
        Some(names.join(", "))
    }
}

/// An answer tecs cannot read as AWS's: HTML, empty, or garbage.
fn unreadable(operation: &str, status: u16, raw: Option<&HttpResponse>) -> AwsError {
    let body = raw.and_then(|r| r.body().bytes()).unwrap_or_default();
    let content_type = raw
        .and_then(|r| r.headers().get("content-type"))
        .unwrap_or_default()
        .to_ascii_lowercase();
    let start = String::from_utf8_lossy(&body[..body.len().min(64)])
        .trim_start()
        .to_ascii_lowercase();
    let what = if content_type.contains("html")
        || start.starts_with("<!doctype")
        || start.starts_with("<html")
    {
        "an HTML page"
    } else if body.is_empty() {
        "an empty body"
    } else {
        "a body that does not parse"
    };
    if status >= 500 {
        return AwsError {
            kind: ErrorKind::ServerError,
            code: None,
            message: format!(
                "{operation} failed: the endpoint answered HTTP {status} with {what}, not an AWS \
                 API response"
            ),
            hint: Some(
                "a proxy, or an emulator that lacks this call, answers like this; check \
                 --endpoint-url / AWS_ENDPOINT_URL"
                    .to_string(),
            ),
            read_back: None,
        };
    }
    AwsError {
        kind: ErrorKind::BadResponse,
        code: None,
        message: format!(
            "{operation} failed: the endpoint answered something that is not an AWS API response \
             (HTTP {status}, {what})"
        ),
        hint: Some(
            "--endpoint-url / AWS_ENDPOINT_URL must point at AWS or an AWS emulator; a proxy or \
             captive portal can also answer like this"
                .to_string(),
        ),
        read_back: None,
    }
}

/// Errors the service answered with.
fn classify_service(
    operation: &str,
    code: Option<String>,
    msg: &str,
    status: Option<u16>,
) -> AwsError {
    let code_str = code.as_deref().unwrap_or("");
    let text = if msg.is_empty() {
        code_str.to_string()
    } else {
        msg.to_string()
    };
    let message = if code_str.is_empty() {
        format!("{operation} failed: {text}")
    } else if text == code_str {
        format!("{operation} failed: {code_str}")
    } else {
        format!("{operation} failed: {code_str}: {text}")
    };
    let (kind, hint) = if THROTTLING_CODES.contains(&code_str) || status == Some(429) {
        (
            ErrorKind::Throttled,
            Some("AWS is throttling this account; tecs backs off and retries".to_string()),
        )
    } else if INVALID_KEY_CODES.contains(&code_str) {
        let kind = if EXPIRED_CODES.contains(&code_str) {
            ErrorKind::CredentialsExpired
        } else {
            ErrorKind::AccessDenied { action: None }
        };
        (
            kind,
            Some(
                "AWS does not accept these keys (wrong, deleted, expired or for another \
                 partition): check which credentials tecs uses (aws sts get-caller-identity)"
                    .to_string(),
            ),
        )
    } else if ACCESS_DENIED_CODES.contains(&code_str)
        || status == Some(403) && !EXPIRED_CODES.contains(&code_str)
    {
        let action = denied_action(msg).or_else(|| Some(default_action(operation)));
        let hint = action
            .as_ref()
            .map(|a| format!("your role needs the IAM permission {a}"));
        (ErrorKind::AccessDenied { action }, hint)
    } else if EXPIRED_CODES.contains(&code_str) {
        (
            ErrorKind::CredentialsExpired,
            Some(
                "your credentials have expired: refresh them (aws sso login, or new keys)"
                    .to_string(),
            ),
        )
    } else if code_str.ends_with("NotFoundException") || code_str == "NotFound" {
        (ErrorKind::NotFound, None)
    } else if status.is_some_and(|s| s >= 500)
        || code_str == "ServerException"
        || code_str == "ServiceUnavailable"
        || code_str == "InternalFailure"
    {
        (
            ErrorKind::ServerError,
            Some("AWS answered with a server error; a write may still have happened".to_string()),
        )
    } else if code_str.contains("Invalid")
        || code_str == "ClientException"
        || code_str == "ValidationException"
    {
        (ErrorKind::InvalidRequest, None)
    } else {
        (ErrorKind::Other, None)
    };
    AwsError {
        kind,
        code,
        message,
        hint,
        read_back: None,
    }
}

/// Pulls `ecs:ListClusters` out of "... is not authorized to perform: ecs:ListClusters on resource ...".
fn denied_action(msg: &str) -> Option<String> {
    let idx = msg.find("perform: ")?;
    let rest = &msg[idx + "perform: ".len()..];
    let action: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == ':' || *c == '-')
        .collect();
    (action.contains(':')).then_some(action)
}

/// Best guess at the IAM action for an operation when the message does not name it.
fn default_action(operation: &str) -> String {
    if operation.contains(':') {
        operation.to_string()
    } else {
        format!("ecs:{operation}")
    }
}

impl AwsError {
    /// Names the endpoint (`--endpoint-url`) in messages that can only say "the endpoint"
    /// (DNS failures, timeouts, answers that are not AWS's). `None` (real AWS) changes nothing.
    pub fn at_endpoint(mut self, endpoint: Option<&str>) -> Self {
        let Some(url) = endpoint.filter(|u| !u.is_empty()) else {
            return self;
        };
        let says_endpoint = matches!(
            self.kind,
            ErrorKind::Unreachable
                | ErrorKind::Timeout { .. }
                | ErrorKind::Network
                | ErrorKind::BadResponse
                | ErrorKind::ServerError
        );
        if says_endpoint && self.code.is_none() && !self.message.contains(url) {
            self.message = self
                .message
                .replacen("the endpoint", &format!("the endpoint {url}"), 1);
        }
        self
    }
}

/// The named profile is in neither `~/.aws/config` nor `~/.aws/credentials`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissingProfileError {
    /// The profile asked for.
    pub profile: String,
    /// The profiles that do exist, for the message.
    pub known: Vec<String>,
}

impl fmt::Display for MissingProfileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "the profile {} does not exist in ~/.aws/config or ~/.aws/credentials",
            self.profile
        )?;
        if !self.known.is_empty() {
            write!(f, " (profiles there: {})", self.known.join(", "))?;
        }
        Ok(())
    }
}

impl StdError for MissingProfileError {}

/// A credentials provider that always fails with [`MissingProfileError`]. Installed instead of the
/// default chain when the named profile does not exist, because the chain would otherwise fall
/// through to instance metadata and report that ("IMDS refused") instead of the real cause.
#[derive(Debug, Clone)]
pub struct MissingProfile(pub MissingProfileError);

impl ProvideCredentials for MissingProfile {
    fn provide_credentials<'a>(&'a self) -> provider::future::ProvideCredentials<'a>
    where
        Self: 'a,
    {
        provider::future::ProvideCredentials::ready(Err(CredentialsError::invalid_configuration(
            self.0.clone(),
        )))
    }
}

/// Whether `profile` is missing from the shared config and credentials files (honouring
/// `AWS_CONFIG_FILE` / `AWS_SHARED_CREDENTIALS_FILE`). `None` when it exists, or when the files
/// cannot be read or parsed (the SDK then reports that itself). The implicit `default` profile is
/// never "missing": environment credentials users have none.
pub async fn missing_profile(profile: &str) -> Option<MissingProfileError> {
    if profile == "default" {
        return None;
    }
    let fs = aws_types::os_shim_internal::Fs::real();
    let env = aws_types::os_shim_internal::Env::real();
    // The default file locations (`Default` of the parameter's type, which aws-config only
    // re-exports under a deprecated alias).
    let set = aws_config::profile::load(&fs, &env, &Default::default(), None)
        .await
        .ok()?;
    if set.get_profile(profile).is_some() {
        return None;
    }
    let mut known: Vec<String> = set.profiles().map(str::to_string).collect();
    known.sort();
    Some(MissingProfileError {
        profile: profile.to_string(),
        known,
    })
}

#[cfg(test)]
#[path = "errors_tests.rs"]
mod tests;
