//! Keeps the raw JSON body of a response. The SDK's types are not serialisable, and the JSON views
//! (and re-registering a revision) want exactly what the API returned, every field included.

use std::sync::{Arc, Mutex};

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::AfterDeserializationInterceptorContextRef;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;
use serde_json::Value;

/// An interceptor for one call that stores the response body once it has been read.
#[derive(Debug, Clone, Default)]
pub struct CaptureBody {
    body: Arc<Mutex<Option<Vec<u8>>>>,
}

impl CaptureBody {
    /// The captured body parsed as JSON, if there was one.
    pub fn json(&self) -> Option<Value> {
        let guard = self.body.lock().ok()?;
        serde_json::from_slice(guard.as_deref()?).ok()
    }
}

impl Intercept for CaptureBody {
    fn name(&self) -> &'static str {
        "CaptureBody"
    }

    fn read_after_deserialization(
        &self,
        context: &AfterDeserializationInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        _cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(bytes) = context.response().body().bytes()
            && let Ok(mut slot) = self.body.lock()
        {
            *slot = Some(bytes.to_vec());
        }
        Ok(())
    }
}
