//! Who the credentials belong to.

/// The account and principal behind the credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Identity {
    pub account: String,
    pub arn: String,
}
