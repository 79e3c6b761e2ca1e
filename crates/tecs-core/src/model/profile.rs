//! Named profiles from the shared AWS config and credentials files, for the profile picker.

/// How a profile gets its credentials, as the SDK's profile chain would decide it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProfileKind {
    /// IAM Identity Center (`sso_session` or the legacy `sso_start_url`).
    Sso,
    /// Assumes `role_arn` from a source profile or a credential source.
    AssumeRole,
    /// Assumes `role_arn` with a web identity token file.
    WebIdentity,
    /// Runs `credential_process`.
    CredentialProcess,
    /// Long-term keys (`aws_access_key_id`).
    Static,
    /// Settings only (a region, say): the SDK's other providers (environment, instance
    /// metadata) would supply the credentials.
    NoCredentials,
}

impl ProfileKind {
    /// The word shown in the picker's KIND column.
    pub fn label(&self) -> &'static str {
        match self {
            ProfileKind::Sso => "SSO",
            ProfileKind::AssumeRole => "assume-role",
            ProfileKind::WebIdentity => "web identity",
            ProfileKind::CredentialProcess => "credential_process",
            ProfileKind::Static => "static keys",
            ProfileKind::NoCredentials => "no credentials",
        }
    }
}

/// One named profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProfileSummary {
    pub name: String,
    pub kind: ProfileKind,
    /// The profile's `region`, if it sets one.
    pub region: Option<String>,
    /// What the kind depends on: the SSO start URL or session, the role ARN, the process, the
    /// key id's first characters. Never a secret.
    pub detail: String,
}
