//! Account isolation on the local emulator: moto keeps separate state per `x-moto-account-id` header.
//! Real AWS ignores the header, but tecs only adds it when an emulator account is asked for.
//! Also: [`LiveTailEndpointPrefixFix`], so StartLiveTail reaches an endpoint override.

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::endpoint::EndpointPrefix;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextMut;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

/// Adds `x-moto-account-id: <account>` to every request.
#[derive(Debug, Clone)]
pub struct MotoAccountInterceptor {
    account_id: String,
}

impl MotoAccountInterceptor {
    /// An interceptor for the given 12-digit account id.
    pub fn new(account_id: impl Into<String>) -> Self {
        Self {
            account_id: account_id.into(),
        }
    }
}

impl Intercept for MotoAccountInterceptor {
    fn name(&self) -> &'static str {
        "MotoAccountInterceptor"
    }

    fn modify_before_transmit(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        context
            .request_mut()
            .headers_mut()
            .insert("x-moto-account-id", self.account_id.clone());
        Ok(())
    }
}

/// Lets StartLiveTail reach an endpoint override such as the local emulator.
///
/// The SDK sends StartLiveTail to `stream-<host>` (the operation's `endpoint` trait carries the
/// host prefix `stream-`, as AWS serves event streams from `stream-logs.<region>.amazonaws.com`).
/// Against an endpoint override that gives `stream-127.0.0.1`, which does not resolve. This
/// interceptor removes the prefix, but only when an endpoint URL is configured: against AWS the
/// prefix is required and stays. Register it on the StartLiveTail call (or the logs client);
/// it does nothing to other operations, which carry no prefix.
#[derive(Debug, Clone, Copy, Default)]
pub struct LiveTailEndpointPrefixFix;

impl Intercept for LiveTailEndpointPrefixFix {
    fn name(&self) -> &'static str {
        "LiveTailEndpointPrefixFix"
    }

    // After the operation's own interceptor stored the prefix (read_before_execution) and before
    // the endpoint is resolved for the first attempt.
    fn modify_before_retry_loop(
        &self,
        _context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let overridden = cfg
            .load::<aws_types::endpoint_config::EndpointUrl>()
            .is_some();
        if overridden && cfg.load::<EndpointPrefix>().is_some() {
            cfg.interceptor_state().unset::<EndpointPrefix>();
        }
        Ok(())
    }
}
