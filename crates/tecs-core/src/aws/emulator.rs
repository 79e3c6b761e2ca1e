//! Account isolation on the local emulator: moto keeps separate state per `x-moto-account-id` header.
//! Real AWS ignores the header, but tecs only adds it when an emulator account is asked for.

use aws_smithy_runtime_api::box_error::BoxError;
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
