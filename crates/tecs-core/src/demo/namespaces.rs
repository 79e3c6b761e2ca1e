//! Cloud Map namespaces: one HTTP namespace for Service Connect, one private DNS namespace.

use std::time::Duration;

use aws_sdk_servicediscovery::types::{
    DnsConfig, DnsRecord, OperationStatus, OperationTargetType, RecordType, RoutingPolicy,
};
use color_eyre::Result;
use color_eyre::eyre::{WrapErr, bail, eyre};

pub(crate) const HTTP_NAMESPACE: &str = "staging.local";
pub(crate) const DNS_NAMESPACE: &str = "internal.corp";

/// How long to wait for a namespace operation: AWS takes tens of seconds, the emulator none.
const OPERATION_TIMEOUT: Duration = Duration::from_secs(120);
const OPERATION_POLL: Duration = Duration::from_millis(250);

/// A created namespace, as clusters and services refer to it.
#[derive(Debug, Clone)]
pub(crate) struct SeededNamespace {
    pub id: String,
    pub arn: String,
    pub name: String,
    /// `HTTP` or `DNS_PRIVATE`, for the summary.
    pub kind: &'static str,
}

/// Both demo namespaces.
#[derive(Debug, Clone)]
pub(crate) struct DemoNamespaces {
    pub http: SeededNamespace,
    pub dns: SeededNamespace,
}

/// Creates the HTTP namespace and the private DNS namespace (in `vpc_id`), each with one
/// discovery service so the namespaces are not empty.
pub(crate) async fn create_namespaces(
    discovery: &aws_sdk_servicediscovery::Client,
    vpc_id: &str,
) -> Result<DemoNamespaces> {
    let op = discovery
        .create_http_namespace()
        .name(HTTP_NAMESPACE)
        .description("Service Connect namespace of the staging cluster")
        .send()
        .await
        .wrap_err_with(|| format!("creating HTTP namespace {HTTP_NAMESPACE}"))?;
    let http_id = wait_for_namespace(discovery, op.operation_id()).await?;
    let http = describe(discovery, &http_id, "HTTP").await?;

    let op = discovery
        .create_private_dns_namespace()
        .name(DNS_NAMESPACE)
        .vpc(vpc_id)
        .description("Private DNS for the legacy EC2 services")
        .send()
        .await
        .wrap_err_with(|| format!("creating private DNS namespace {DNS_NAMESPACE}"))?;
    let dns_id = wait_for_namespace(discovery, op.operation_id()).await?;
    let dns = describe(discovery, &dns_id, "DNS_PRIVATE").await?;

    discovery
        .create_service()
        .name("web")
        .namespace_id(&http.id)
        .description("staging web front end")
        .send()
        .await
        .wrap_err("creating Cloud Map service web")?;
    discovery
        .create_service()
        .name("legacy-api")
        .namespace_id(&dns.id)
        .dns_config(
            DnsConfig::builder()
                .routing_policy(RoutingPolicy::Multivalue)
                .dns_records(DnsRecord::builder().r#type(RecordType::A).ttl(60).build()?)
                .build()?,
        )
        .send()
        .await
        .wrap_err("creating Cloud Map service legacy-api")?;

    Ok(DemoNamespaces { http, dns })
}

/// Cloud Map creates namespaces asynchronously: poll the operation until it succeeds and
/// return the namespace id it names.
async fn wait_for_namespace(
    discovery: &aws_sdk_servicediscovery::Client,
    operation_id: Option<&str>,
) -> Result<String> {
    let operation_id = operation_id.ok_or_else(|| eyre!("Cloud Map returned no operation id"))?;
    let deadline = tokio::time::Instant::now() + OPERATION_TIMEOUT;
    loop {
        let out = discovery
            .get_operation()
            .operation_id(operation_id)
            .send()
            .await
            .wrap_err_with(|| format!("polling Cloud Map operation {operation_id}"))?;
        let operation = out
            .operation()
            .ok_or_else(|| eyre!("Cloud Map operation {operation_id} not returned"))?;
        match operation.status() {
            Some(OperationStatus::Success) => {
                return operation
                    .targets()
                    .and_then(|t| t.get(&OperationTargetType::Namespace))
                    .cloned()
                    .ok_or_else(|| eyre!("operation {operation_id} names no namespace"));
            }
            Some(OperationStatus::Fail) => bail!(
                "Cloud Map operation {operation_id} failed: {}",
                operation.error_message().unwrap_or("no reason given")
            ),
            _ if tokio::time::Instant::now() >= deadline => {
                bail!("Cloud Map operation {operation_id} did not finish in {OPERATION_TIMEOUT:?}")
            }
            _ => tokio::time::sleep(OPERATION_POLL).await,
        }
    }
}

async fn describe(
    discovery: &aws_sdk_servicediscovery::Client,
    id: &str,
    kind: &'static str,
) -> Result<SeededNamespace> {
    let out = discovery
        .get_namespace()
        .id(id)
        .send()
        .await
        .wrap_err_with(|| format!("reading namespace {id}"))?;
    let ns = out
        .namespace()
        .ok_or_else(|| eyre!("namespace {id} not returned"))?;
    Ok(SeededNamespace {
        id: id.to_string(),
        arn: ns.arn().unwrap_or_default().to_string(),
        name: ns.name().unwrap_or_default().to_string(),
        kind,
    })
}
