//! CloudWatch Logs calls tecs makes on the operator's behalf.

use super::errors::{AwsError, classify};

/// Creates `group` unless it exists already (which is fine: the revision just logs there).
pub async fn ensure_log_group(
    logs: &aws_sdk_cloudwatchlogs::Client,
    group: &str,
) -> Result<(), AwsError> {
    match logs.create_log_group().log_group_name(group).send().await {
        Ok(_) => Ok(()),
        Err(e) => {
            let err = classify("logs:CreateLogGroup", &e);
            if err.code.as_deref() == Some("ResourceAlreadyExistsException") {
                Ok(())
            } else {
                Err(err)
            }
        }
    }
}
