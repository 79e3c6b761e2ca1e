//! A failure of an AWS call as tecs shows it: what kind it is, the message and what to do.

/// What kind of failure this was; decides the hint and whether retrying can help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorKind {
    /// The API throttled us (ThrottlingException and friends): retry later with backoff.
    Throttled,
    /// The caller lacks a permission; `action` is the IAM action when the message names it.
    AccessDenied { action: Option<String> },
    /// The SSO session behind the profile has expired.
    SsoExpired,
    /// Temporary credentials expired (ExpiredToken).
    CredentialsExpired,
    /// No credentials could be found by the provider chain.
    NoCredentials,
    /// The request never got an answer: DNS, connection refused, timeout, dropped link.
    Network,
    /// The service answered 5xx.
    ServerError,
    /// The named resource does not exist (ClusterNotFoundException, ...).
    NotFound,
    /// The request was invalid (InvalidParameterException, ClientException, ...).
    InvalidRequest,
    /// Anything else.
    Other,
}

/// An AWS failure as the UI shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsError {
    pub kind: ErrorKind,
    /// The service's error code when there is one (e.g. `ThrottlingException`).
    pub code: Option<String>,
    /// One line for the operator.
    pub message: String,
    /// What to do about it, when tecs can tell.
    pub hint: Option<String>,
}

impl AwsError {
    /// A failure tecs itself detected (validation, emulator gaps) rather than one from the SDK.
    pub fn other(message: impl Into<String>) -> Self {
        Self {
            kind: ErrorKind::Other,
            code: None,
            message: message.into(),
            hint: None,
        }
    }

    /// Whether retrying the same call later can succeed without the operator doing anything.
    pub fn is_transient(&self) -> bool {
        matches!(
            self.kind,
            ErrorKind::Throttled | ErrorKind::Network | ErrorKind::ServerError
        )
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
