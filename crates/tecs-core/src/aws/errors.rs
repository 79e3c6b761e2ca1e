//! Classifies SDK failures into what an operator can act on, with a hint naming the fix.

pub use crate::model::error::{AwsError, ErrorKind};
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

/// Turns any SDK error into an [`AwsError`]. `operation` names the call for messages ("ListClusters").
pub fn classify<E>(operation: &str, err: &SdkError<E, HttpResponse>) -> AwsError
where
    E: ProvideErrorMetadata + std::error::Error + 'static,
{
    let chain = DisplayErrorContext(err).to_string();
    match err {
        SdkError::ServiceError(service) => {
            let inner = service.err();
            let code = inner.code().map(str::to_string);
            let msg = inner.message().unwrap_or_default().to_string();
            let status = Some(service.raw().status().as_u16());
            classify_service(operation, code, &msg, status)
        }
        SdkError::TimeoutError(_) => AwsError {
            kind: ErrorKind::Network,
            code: None,
            message: format!("{operation} timed out"),
            hint: Some("check the network link; tecs retries automatically".to_string()),
        },
        SdkError::ResponseError(_) => AwsError {
            kind: ErrorKind::ServerError,
            code: None,
            message: format!("{operation}: unreadable response ({})", last_cause(&chain)),
            hint: Some(
                "the endpoint answered something that is not AWS; check --endpoint-url".to_string(),
            ),
        },
        _ => classify_transport(operation, &chain),
    }
}

/// Dispatch and construction failures: credentials, SSO and the network show up here.
fn classify_transport(operation: &str, chain: &str) -> AwsError {
    let lower = chain.to_ascii_lowercase();
    let (kind, hint) = if lower.contains("sso")
        && (lower.contains("expired") || lower.contains("token"))
    {
        (ErrorKind::SsoExpired, None)
    } else if lower.contains("expired") {
        (
            ErrorKind::CredentialsExpired,
            Some(
                "your credentials have expired: refresh them (aws sso login, or new keys)"
                    .to_string(),
            ),
        )
    } else if lower.contains("no credentials")
        || lower.contains("credentialsnotloaded")
        || lower.contains("failed to load credentials")
        || lower.contains("identity") && lower.contains("credentials")
    {
        (
            ErrorKind::NoCredentials,
            Some("no AWS credentials found: pass --profile, set AWS_PROFILE, or configure ~/.aws/credentials".to_string()),
        )
    } else {
        (
            ErrorKind::Network,
            Some("could not reach AWS: check the network or --endpoint-url; tecs retries automatically".to_string()),
        )
    };
    AwsError {
        kind,
        code: None,
        message: format!("{operation} failed: {}", last_cause(chain)),
        hint,
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
    } else {
        format!("{operation} failed: {code_str}: {text}")
    };
    let (kind, hint) = if THROTTLING_CODES.contains(&code_str) || status == Some(429) {
        (
            ErrorKind::Throttled,
            Some("AWS is throttling this account; tecs backs off and retries".to_string()),
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
            Some("AWS answered with a server error; tecs retries automatically".to_string()),
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

/// The innermost cause in a DisplayErrorContext chain: usually the readable part.
fn last_cause(chain: &str) -> String {
    chain
        .rsplit(": ")
        .next()
        .unwrap_or(chain)
        .trim_end_matches(')')
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttling_is_transient_with_hint() {
        let e = classify_service(
            "ListClusters",
            Some("ThrottlingException".into()),
            "Rate exceeded",
            Some(400),
        );
        assert_eq!(e.kind, ErrorKind::Throttled);
        assert!(e.is_transient());
        assert!(e.message.contains("ListClusters"));
    }

    #[test]
    fn access_denied_names_the_action_from_the_message() {
        let msg = "User: arn:aws:sts::1:assumed-role/x is not authorized to perform: ecs:DescribeClusters on resource: *";
        let e = classify_service(
            "DescribeClusters",
            Some("AccessDeniedException".into()),
            msg,
            Some(400),
        );
        assert_eq!(
            e.kind,
            ErrorKind::AccessDenied {
                action: Some("ecs:DescribeClusters".into())
            }
        );
        assert_eq!(
            e.hint.as_deref(),
            Some("your role needs the IAM permission ecs:DescribeClusters")
        );
    }

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
    }

    #[test]
    fn sso_expiry_names_the_login_command() {
        let e = classify_transport(
            "ListClusters",
            "dispatch failure: other: the credentials provider was not properly configured: SSO token is expired",
        )
        .with_profile(Some("prod"));
        assert_eq!(e.kind, ErrorKind::SsoExpired);
        assert_eq!(e.hint.as_deref(), Some("run: aws sso login --profile prod"));
    }

    #[test]
    fn missing_credentials_are_recognised() {
        let e = classify_transport(
            "ListClusters",
            "dispatch failure: other: no credentials in the property bag",
        );
        assert_eq!(e.kind, ErrorKind::NoCredentials);
        assert!(!e.is_transient());
    }

    #[test]
    fn connection_refused_is_network_and_transient() {
        let e = classify_transport(
            "ListClusters",
            "dispatch failure: io error: Connection refused (os error 111)",
        );
        assert_eq!(e.kind, ErrorKind::Network);
        assert!(e.is_transient());
    }

    #[test]
    fn expired_token_code_is_credentials_expired() {
        let e = classify_service(
            "ListClusters",
            Some("ExpiredTokenException".into()),
            "The security token included in the request is expired",
            Some(400),
        );
        assert_eq!(e.kind, ErrorKind::CredentialsExpired);
    }

    #[test]
    fn server_errors_are_transient() {
        let e = classify_service("ListClusters", None, "", Some(503));
        assert_eq!(e.kind, ErrorKind::ServerError);
        assert!(e.is_transient());
    }
}
