//! IAM roles as the wizards offer them.

/// A role the wizard offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub name: String,
    pub arn: String,
}
