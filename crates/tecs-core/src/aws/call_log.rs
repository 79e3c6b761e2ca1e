//! Logs every AWS call (service and operation) at debug level under the `tecs::aws::calls` target,
//! so `TECS_LOG=tecs::aws::calls=debug` shows exactly what tecs asked of AWS (the benchmarks count
//! calls this way). Nothing about the request's content or credentials is logged.

use aws_smithy_runtime_api::box_error::BoxError;
use aws_smithy_runtime_api::client::interceptors::Intercept;
use aws_smithy_runtime_api::client::interceptors::context::BeforeTransmitInterceptorContextRef;
use aws_smithy_runtime_api::client::orchestrator::Metadata;
use aws_smithy_runtime_api::client::runtime_components::RuntimeComponents;
use aws_smithy_types::config_bag::ConfigBag;

/// The interceptor; added to every client tecs builds.
#[derive(Debug, Clone, Default)]
pub struct CallLog;

impl Intercept for CallLog {
    fn name(&self) -> &'static str {
        "CallLog"
    }

    fn read_before_attempt(
        &self,
        _context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(meta) = cfg.load::<Metadata>() {
            tracing::debug!(target: "tecs::aws::calls", service = meta.service(), operation = meta.name(), "aws call");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use aws_smithy_mocks::{mock, mock_client};

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl std::io::Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().expect("lock").extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[tokio::test]
    async fn every_attempt_is_logged_with_service_and_operation() {
        let rule = mock!(aws_sdk_ecs::Client::list_clusters).then_output(|| {
            aws_sdk_ecs::operation::list_clusters::ListClustersOutput::builder().build()
        });
        let client = mock_client!(
            aws_sdk_ecs,
            aws_smithy_mocks::RuleMode::MatchAny,
            [&rule],
            |c| c.interceptor(super::CallLog)
        );
        let captured = Captured::default();
        let writer = captured.clone();
        let sub = tracing_subscriber::fmt()
            .with_env_filter("tecs::aws::calls=debug")
            .with_ansi(false)
            .with_writer(move || writer.clone())
            .finish();
        let _guard = tracing::subscriber::set_default(sub);
        client.list_clusters().send().await.expect("ok");
        client.list_clusters().send().await.expect("ok");
        let text = String::from_utf8(captured.0.lock().expect("lock").clone()).expect("utf8");
        assert_eq!(
            text.matches("operation=\"ListClusters\"").count(),
            2,
            "{text}"
        );
        assert!(text.contains("service=\"ECS\""));
    }
}
