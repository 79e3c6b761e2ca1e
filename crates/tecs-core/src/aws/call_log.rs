//! Logs every AWS call (service and operation) at debug level under the `tecs::aws::calls` target,
//! so `TECS_LOG=tecs::aws::calls=debug` shows exactly what tecs asked of AWS (the benchmarks count
//! calls this way). For JSON APIs (ECS, Cloud Map, Logs) the names of the request's top-level fields
//! are logged too — never their values — so a test can prove that scaling sent only `desiredCount`.
//! No credentials, headers or values are logged.

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

    // Just before transmitting: after every interceptor that rewrites the body, so the fields
    // logged are the ones that really leave.
    fn read_before_transmit(
        &self,
        context: &BeforeTransmitInterceptorContextRef<'_>,
        _runtime_components: &RuntimeComponents,
        cfg: &mut ConfigBag,
    ) -> Result<(), BoxError> {
        if let Some(meta) = cfg.load::<Metadata>() {
            let fields = context
                .request()
                .body()
                .bytes()
                .map(field_names)
                .unwrap_or_default();
            tracing::debug!(target: "tecs::aws::calls", service = meta.service(), operation = meta.name(), fields = %fields, "aws call");
        }
        Ok(())
    }
}

/// The top-level field names of a JSON body, sorted and comma-separated (empty when the body is not a
/// JSON object, as for the query protocols of STS, EC2 and IAM).
pub fn field_names(body: &[u8]) -> String {
    match serde_json::from_slice::<serde_json::Value>(body) {
        Ok(serde_json::Value::Object(map)) => {
            let mut keys: Vec<&str> = map.keys().map(String::as_str).collect();
            keys.sort_unstable();
            keys.join(",")
        }
        _ => String::new(),
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

    #[test]
    fn only_field_names_are_kept() {
        assert_eq!(
            super::field_names(br#"{"service":"web","desiredCount":3,"cluster":"prod"}"#),
            "cluster,desiredCount,service"
        );
        assert_eq!(
            super::field_names(b"Action=GetCallerIdentity&Version=2011-06-15"),
            ""
        );
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
