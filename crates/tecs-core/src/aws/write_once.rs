//! Every write is sent once, with the SDK's retries off (issue #9.3). A retried write whose first
//! attempt reached AWS before its answer was lost makes a duplicate (a second revision, a second
//! task, a second activation) or turns a success into a refusal ("already exists"). A write that
//! fails is settled instead by reading the resource back ([`super::read_back`]); a throttled write
//! is refused and the operator retries it.

use aws_config::retry::RetryConfig;

/// Per-call configuration for an ECS write: no retries.
pub fn ecs() -> aws_sdk_ecs::config::Builder {
    aws_sdk_ecs::Config::builder().retry_config(RetryConfig::disabled())
}

/// Per-call configuration for a Cloud Map write: no retries.
pub fn cloud_map() -> aws_sdk_servicediscovery::config::Builder {
    aws_sdk_servicediscovery::Config::builder().retry_config(RetryConfig::disabled())
}

/// Per-call configuration for an SSM write: no retries.
pub fn ssm() -> aws_sdk_ssm::config::Builder {
    aws_sdk_ssm::Config::builder().retry_config(RetryConfig::disabled())
}
