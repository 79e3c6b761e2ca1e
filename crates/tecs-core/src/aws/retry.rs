//! How often a failed call is tried again: never sooner than a second after itself.
//!
//! The SDK's standard retry mode waits a random time between 0 and 1 s × 2^attempt ("full
//! jitter"), so a throttled call may be sent again a few milliseconds later. [`Pacing`] runs after
//! the SDK's own classifiers and, for every failure they would retry (throttling, 5xx, a timeout,
//! a reset), asks for an explicit wait of 1 to 2 s (1 s plus jitter for throttling, so that
//! concurrent calls spread out), which the standard strategy uses instead of its random backoff
//! (aws-smithy-runtime: a classifier's `retry_after` replaces the computed backoff, or under retry
//! spec 2.1 is clamped to at least it). Together with the attempt limit (4 against AWS) and each
//! view's own backoff (2 s, 4 s, … 2 min), a failing call is never repeated in a tight loop.
//!
//! Against an endpoint on this machine (an emulator, a local proxy) a refused connection means
//! nothing listens there: it is not retried at all, so "is the emulator running?" shows at once.
//!
//! Error codes: the AWS SDKs' throttling and transient codes (smithy-rs `aws-runtime`
//! `retries::classifiers`), read from the `x-amzn-ErrorType` header, the JSON `__type` or the
//! XML `<Code>` of the answer.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use aws_smithy_runtime_api::client::interceptors::context::InterceptorContext;
use aws_smithy_runtime_api::client::retries::classifiers::{
    ClassifyRetry, RetryAction, RetryClassifierPriority,
};
use aws_smithy_types::retry::ErrorKind;

/// The shortest wait before a call is sent again.
pub const MIN_RETRY_DELAY: Duration = Duration::from_secs(1);

/// Error codes AWS uses for throttling.
const THROTTLING_CODES: &[&str] = &[
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
];
/// Error codes AWS uses for failures that pass.
const TRANSIENT_CODES: &[&str] = &["RequestTimeout", "RequestTimeoutException"];

/// The retry classifier described in the module docs.
#[derive(Debug, Clone, Copy)]
pub struct Pacing {
    /// The endpoint is on this machine: a refused connection is final.
    loopback: bool,
}

impl Pacing {
    pub fn new(loopback: bool) -> Self {
        Self { loopback }
    }

    /// What to do after one failed attempt, from what is known of it.
    fn decide(&self, failure: &Failure) -> RetryAction {
        let kind = match failure {
            Failure::Refused if self.loopback => return RetryAction::RetryForbidden,
            Failure::Refused | Failure::Transport => ErrorKind::TransientError,
            Failure::Answer { status, code } => {
                if *status == 429
                    || code
                        .as_deref()
                        .is_some_and(|c| THROTTLING_CODES.contains(&c))
                {
                    ErrorKind::ThrottlingError
                } else if code
                    .as_deref()
                    .is_some_and(|c| TRANSIENT_CODES.contains(&c))
                {
                    ErrorKind::TransientError
                } else if matches!(status, 500 | 502 | 503 | 504) {
                    ErrorKind::ServerError
                } else {
                    return RetryAction::NoActionIndicated;
                }
            }
            Failure::Other => return RetryAction::NoActionIndicated,
        };
        let delay = if kind == ErrorKind::ThrottlingError {
            MIN_RETRY_DELAY + jitter()
        } else {
            MIN_RETRY_DELAY
        };
        RetryAction::retryable_error_with_explicit_delay(kind, delay)
    }
}

impl ClassifyRetry for Pacing {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        let Some(Err(error)) = ctx.output_or_error() else {
            return RetryAction::NoActionIndicated;
        };
        let failure = if let Some(connector) = error.as_connector_error() {
            if is_refused(connector) {
                Failure::Refused
            } else if connector.is_timeout() || connector.is_io() {
                Failure::Transport
            } else {
                Failure::Other
            }
        } else if error.is_timeout_error() {
            Failure::Transport
        } else if let Some(response) = ctx.response() {
            Failure::Answer {
                status: response.status().as_u16(),
                code: error_code(
                    response.headers().get("x-amzn-errortype"),
                    response.body().bytes().unwrap_or_default(),
                ),
            }
        } else {
            Failure::Other
        };
        self.decide(&failure)
    }

    fn name(&self) -> &'static str {
        "tecs pacing (at least 1 s between attempts)"
    }

    fn priority(&self) -> RetryClassifierPriority {
        // After the SDK's own classifiers, so this decision is the one that counts.
        RetryClassifierPriority::run_after(RetryClassifierPriority::transient_error_classifier())
    }
}

/// One failed attempt, as far as the classifier needs to know.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Failure {
    /// The connection was refused.
    Refused,
    /// A timeout, a reset, a connection that broke.
    Transport,
    /// An answer with this status and error code.
    Answer {
        status: u16,
        code: Option<String>,
    },
    Other,
}

fn is_refused(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = Some(error);
    while let Some(e) = source {
        if let Some(io) = e.downcast_ref::<std::io::Error>()
            && io.kind() == std::io::ErrorKind::ConnectionRefused
        {
            return true;
        }
        source = e.source();
    }
    false
}

/// The error code of an AWS error answer: the `x-amzn-ErrorType` header (`Code:extra`), the JSON
/// `__type` or `code` (`namespace#Code`), or the XML `<Code>`.
fn error_code(header: Option<&str>, body: &[u8]) -> Option<String> {
    let tidy = |code: &str| {
        let code = code.split(':').next().unwrap_or(code);
        let code = code.rsplit('#').next().unwrap_or(code);
        Some(code.trim().to_string()).filter(|c| !c.is_empty())
    };
    if let Some(code) = header.and_then(tidy) {
        return Some(code);
    }
    if let Ok(json) = serde_json::from_slice::<serde_json::Value>(body) {
        return ["__type", "code", "Code"]
            .iter()
            .find_map(|k| json.get(k).and_then(|v| v.as_str()))
            .and_then(tidy);
    }
    let text = std::str::from_utf8(body).ok()?;
    let start = text.find("<Code>")? + "<Code>".len();
    let end = start + text[start..].find("</Code>")?;
    tidy(&text[start..end])
}

/// Up to a second, from the clock's nanoseconds: enough to spread concurrent throttled calls.
fn jitter() -> Duration {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    Duration::from_nanos(u64::from(nanos % 1_000_000_000))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, code: Option<&str>) -> Failure {
        Failure::Answer {
            status,
            code: code.map(str::to_string),
        }
    }

    fn delay(action: &RetryAction) -> Option<Duration> {
        use aws_smithy_runtime_api::client::retries::classifiers::RetryReason;
        match action {
            RetryAction::RetryIndicated(RetryReason::RetryableError { retry_after, .. }) => {
                *retry_after
            }
            _ => None,
        }
    }

    #[test]
    fn every_retry_waits_at_least_a_second() {
        let aws = Pacing::new(false);
        for failure in [
            answer(400, Some("ThrottlingException")),
            answer(429, None),
            answer(400, Some("RequestLimitExceeded")),
            answer(500, Some("ServerException")),
            answer(503, None),
            answer(400, Some("RequestTimeoutException")),
            Failure::Transport,
            Failure::Refused,
        ] {
            let action = aws.decide(&failure);
            let wait = delay(&action).unwrap_or_else(|| panic!("{failure:?}: {action:?}"));
            assert!(wait >= MIN_RETRY_DELAY, "{failure:?}: {wait:?}");
            assert!(wait < MIN_RETRY_DELAY * 2, "{failure:?}: {wait:?}");
        }
    }

    #[test]
    fn refusals_and_client_errors_are_left_to_the_sdk() {
        let aws = Pacing::new(false);
        for failure in [
            answer(400, Some("AccessDeniedException")),
            answer(400, Some("ClientException")),
            answer(404, None),
            Failure::Other,
        ] {
            assert_eq!(
                aws.decide(&failure),
                RetryAction::NoActionIndicated,
                "{failure:?}"
            );
        }
    }

    #[test]
    fn a_refused_local_connection_is_final() {
        assert_eq!(
            Pacing::new(true).decide(&Failure::Refused),
            RetryAction::RetryForbidden
        );
        assert!(delay(&Pacing::new(true).decide(&Failure::Transport)).is_some());
    }

    #[test]
    fn error_codes_come_from_the_header_json_or_xml() {
        assert_eq!(
            error_code(Some("ThrottlingException:http://internal.amazon.com/"), b""),
            Some("ThrottlingException".into())
        );
        assert_eq!(
            error_code(
                None,
                br#"{"__type":"com.amazonaws.ecs#ThrottlingException","message":"Rate exceeded"}"#
            ),
            Some("ThrottlingException".into())
        );
        assert_eq!(
            error_code(
                None,
                b"<Response><Errors><Error><Code>RequestLimitExceeded</Code></Error></Errors></Response>"
            ),
            Some("RequestLimitExceeded".into())
        );
        assert_eq!(error_code(None, b"not an error"), None);
    }
}
