//! Who the credentials belong to, for the header (STS GetCallerIdentity).

use super::errors::{AwsError, classify};
pub use crate::model::identity::Identity;

/// Calls GetCallerIdentity; needs no IAM permission.
pub async fn caller_identity(sts: &aws_sdk_sts::Client) -> Result<Identity, AwsError> {
    let out = sts
        .get_caller_identity()
        .send()
        .await
        .map_err(|e| classify("sts:GetCallerIdentity", &e))?;
    Ok(Identity {
        account: out.account().unwrap_or_default().to_string(),
        arn: out.arn().unwrap_or_default().to_string(),
    })
}
