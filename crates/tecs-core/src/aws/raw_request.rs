//! Sends a request body tecs built itself as JSON. RegisterTaskDefinition takes dozens of nested
//! fields; the operator's edited JSON (the same shape as `aws ecs register-task-definition
//! --cli-input-json`) is sent as it is, so no field is lost in a hand-written mapping. The body is
//! swapped before signing, so the signature covers what is actually sent.

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextMut;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::body::SdkBody;
use aws_smithy_types::config_bag::ConfigBag;

/// Replaces the serialized body of one call with `body`.
#[derive(Debug, Clone)]
pub struct ReplaceBody {
    body: Vec<u8>,
}

impl ReplaceBody {
    pub fn new(body: Vec<u8>) -> Self {
        Self { body }
    }
}

impl Intercept for ReplaceBody {
    fn name(&self) -> &'static str {
        "ReplaceBody"
    }

    fn modify_before_signing(
        &self,
        context: &mut BeforeTransmitInterceptorContextMut<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        let request = context.request_mut();
        *request.body_mut() = SdkBody::from(self.body.clone());
        request
            .headers_mut()
            .insert("content-length", self.body.len().to_string());
        Ok(())
    }
}
