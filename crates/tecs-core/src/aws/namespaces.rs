//! Cloud Map namespaces: fully paginated ListNamespaces, the discovery services of one namespace,
//! and the ECS services attached to it (ListServicesByNamespace, or a Service Connect scan of the
//! clusters where that call is unavailable).

use std::collections::HashMap;
use std::time::SystemTime;

use aws_sdk_ecs::types as ecs;
use aws_sdk_servicediscovery::types::{
    FilterCondition, NamespaceSummary, ServiceFilter, ServiceFilterName, ServiceSummary,
};
use aws_smithy_types::DateTime;
use futures::{StreamExt, TryStreamExt};

use super::clusters::{
    DESCRIBE_CLUSTERS_CHUNK, DESCRIBE_SERVICES_CHUNK, MAX_CONCURRENCY, describe_clusters,
};
use super::errors::{AwsError, ErrorKind, classify};
use crate::model::Cluster;
pub use crate::model::namespace::clusters_using;
use crate::model::namespace::{
    CloudMapService, EcsServiceRef, EcsServicesSource, Namespace, NamespaceKind,
};

/// ListNamespaces and servicediscovery ListServices return at most 100 items per page.
pub const CLOUD_MAP_PAGE: i32 = 100;
/// ListServicesByNamespace and ListServices (ECS) return at most 100 ARNs per page.
pub const ECS_LIST_PAGE: i32 = 100;

/// Every namespace in the region, sorted by name. The summaries already carry type, description,
/// creation date, service count and properties, so no GetNamespace call is needed.
pub async fn load_namespaces(
    sd: &aws_sdk_servicediscovery::Client,
) -> Result<Vec<Namespace>, AwsError> {
    let mut namespaces = Vec::new();
    let mut pages = sd
        .list_namespaces()
        .max_results(CLOUD_MAP_PAGE)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        // The IAM action is servicediscovery:..., which the hint must name rather than ecs:...
        let page = page.map_err(|e| classify("servicediscovery:ListNamespaces", &e))?;
        namespaces.extend(page.namespaces().iter().map(map_namespace));
    }
    namespaces.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(namespaces)
}

/// The Cloud Map services of one namespace, sorted by name.
pub async fn load_namespace_services(
    sd: &aws_sdk_servicediscovery::Client,
    namespace_id: &str,
) -> Result<Vec<CloudMapService>, AwsError> {
    let filter = ServiceFilter::builder()
        .name(ServiceFilterName::NamespaceId)
        .values(namespace_id)
        .condition(FilterCondition::Eq)
        .build()
        .map_err(|e| AwsError::invalid(format!("building the ListServices filter: {e}")))?;
    let mut services = Vec::new();
    let mut pages = sd
        .list_services()
        .filters(filter)
        .max_results(CLOUD_MAP_PAGE)
        .into_paginator()
        .send();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| classify("servicediscovery:ListServices", &e))?;
        services.extend(page.services().iter().map(map_cloud_map_service));
    }
    services.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(services)
}

/// The ECS services attached to `namespace`, sorted by cluster then name, and how they were found.
///
/// ListServicesByNamespace is ECS's own index and covers every cluster. Where it is unavailable
/// (an emulator without it, a role allowed ListServices but not this call), the clusters in
/// `cluster_arns` are scanned instead: see [`uses_namespace`] for the rule. Throttling, network
/// and credential failures are returned as they are, because a scan would only make them worse.
pub async fn ecs_services_in_namespace(
    ecs: &aws_sdk_ecs::Client,
    namespace: &Namespace,
    cluster_arns: &[String],
) -> Result<(Vec<EcsServiceRef>, EcsServicesSource), AwsError> {
    match list_services_by_namespace(ecs, &namespace.arn).await {
        Ok(services) => Ok((services, EcsServicesSource::ListServicesByNamespace)),
        Err(e) if falls_back_to_scan(&e) => {
            tracing::debug!(error = %e, "ListServicesByNamespace unavailable; scanning clusters");
            let services = scan_clusters(ecs, namespace, cluster_arns).await?;
            Ok((
                services,
                EcsServicesSource::ClusterScan {
                    clusters: cluster_arns.len(),
                },
            ))
        }
        Err(e) => Err(e),
    }
}

/// Whether a ListServicesByNamespace failure means "this call is not available here" (so a scan
/// can still answer) rather than a condition a scan would share or worsen.
pub fn falls_back_to_scan(e: &AwsError) -> bool {
    match e.kind {
        // An HTML 500 from an emulator that lacks the call, a missing IAM permission for this one
        // call, or an unknown-operation / unparseable answer.
        ErrorKind::ServerError
        | ErrorKind::AccessDenied { .. }
        | ErrorKind::InvalidRequest
        | ErrorKind::BadResponse
        | ErrorKind::Other => true,
        // Throttling and network trouble would hit the scan's many calls too; bad credentials
        // fail every call; a namespace ECS does not know has no services to find.
        ErrorKind::Throttled
        | ErrorKind::Network
        | ErrorKind::Unreachable
        | ErrorKind::Timeout { .. }
        | ErrorKind::Misconfigured
        | ErrorKind::SsoExpired
        | ErrorKind::CredentialsExpired
        | ErrorKind::NoCredentials
        | ErrorKind::NotFound => false,
    }
}

/// The scan's rule: a service is in `namespace` when one of its deployments has Service Connect
/// enabled and either names the namespace (by ARN or name, as the API accepts both), or names no
/// namespace while its cluster's default namespace (`cluster_default`, an ARN) is this one.
/// An explicitly named other namespace wins over the cluster default.
pub fn uses_namespace(
    service: &ecs::Service,
    namespace: &Namespace,
    cluster_default: Option<&str>,
) -> bool {
    let is_this = |value: &str| value == namespace.arn || value == namespace.name;
    service
        .deployments()
        .iter()
        .filter_map(ecs::Deployment::service_connect_configuration)
        .filter(|sc| sc.enabled())
        .any(|sc| match sc.namespace().filter(|n| !n.is_empty()) {
            Some(named) => is_this(named),
            None => cluster_default.is_some_and(is_this),
        })
}

async fn list_services_by_namespace(
    ecs: &aws_sdk_ecs::Client,
    namespace_arn: &str,
) -> Result<Vec<EcsServiceRef>, AwsError> {
    let arns: Vec<String> = ecs
        .list_services_by_namespace()
        .namespace(namespace_arn)
        .max_results(ECS_LIST_PAGE)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| classify("ListServicesByNamespace", &e))?;
    let mut services: Vec<EcsServiceRef> =
        arns.iter().map(|a| EcsServiceRef::from_arn(a)).collect();
    sort_refs(&mut services);
    Ok(services)
}

/// Describes the clusters (for their default namespace), lists every cluster's services, then
/// describes them ten at a time; each stage runs at most MAX_CONCURRENCY calls at once.
async fn scan_clusters(
    ecs: &aws_sdk_ecs::Client,
    namespace: &Namespace,
    cluster_arns: &[String],
) -> Result<Vec<EcsServiceRef>, AwsError> {
    let described: Vec<Vec<Cluster>> = futures::stream::iter(
        cluster_arns
            .chunks(DESCRIBE_CLUSTERS_CHUNK)
            .map(<[String]>::to_vec),
    )
    .map(|chunk| async move { describe_clusters(ecs, &chunk).await })
    .buffered(MAX_CONCURRENCY)
    .try_collect()
    .await?;
    let defaults: HashMap<String, String> = described
        .into_iter()
        .flatten()
        .filter_map(|c| c.default_namespace.map(|ns| (c.arn, ns)))
        .collect();

    let listed: Vec<(String, Vec<String>)> = futures::stream::iter(cluster_arns.iter().cloned())
        .map(|cluster| async move {
            let arns = list_cluster_service_arns(ecs, &cluster).await?;
            Ok::<_, AwsError>((cluster, arns))
        })
        .buffered(MAX_CONCURRENCY)
        .try_collect()
        .await?;
    let jobs: Vec<(String, Vec<String>)> = listed
        .into_iter()
        .flat_map(|(cluster, arns)| {
            arns.chunks(DESCRIBE_SERVICES_CHUNK)
                .map(|chunk| (cluster.clone(), chunk.to_vec()))
                .collect::<Vec<_>>()
        })
        .collect();

    let found: Vec<Vec<EcsServiceRef>> = futures::stream::iter(jobs)
        .map(|(cluster, arns)| {
            let default = defaults.get(&cluster).cloned();
            async move {
                let services = describe_service_chunk(ecs, &cluster, arns).await?;
                Ok::<_, AwsError>(
                    services
                        .iter()
                        .filter(|s| uses_namespace(s, namespace, default.as_deref()))
                        .map(|s| service_ref(s, &cluster))
                        .collect::<Vec<_>>(),
                )
            }
        })
        .buffered(MAX_CONCURRENCY)
        .try_collect()
        .await?;
    let mut services: Vec<EcsServiceRef> = found.into_iter().flatten().collect();
    sort_refs(&mut services);
    Ok(services)
}

/// A cluster's service ARNs; a cluster deleted since the list was loaded has none.
async fn list_cluster_service_arns(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
) -> Result<Vec<String>, AwsError> {
    let listed: Result<Vec<String>, AwsError> = ecs
        .list_services()
        .cluster(cluster)
        .max_results(ECS_LIST_PAGE)
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .map_err(|e| classify("ListServices", &e));
    match listed {
        Err(e) if e.kind == ErrorKind::NotFound => Ok(Vec::new()),
        other => other,
    }
}

async fn describe_service_chunk(
    ecs: &aws_sdk_ecs::Client,
    cluster: &str,
    arns: Vec<String>,
) -> Result<Vec<ecs::Service>, AwsError> {
    let out = ecs
        .describe_services()
        .cluster(cluster)
        .set_services(Some(arns))
        .send()
        .await
        .map_err(|e| classify("DescribeServices", &e))?;
    Ok(out.services().to_vec())
}

fn service_ref(s: &ecs::Service, scanned_cluster: &str) -> EcsServiceRef {
    let cluster_arn = s.cluster_arn().unwrap_or(scanned_cluster);
    let cluster = cluster_arn
        .rsplit_once("cluster/")
        .map_or(cluster_arn, |(_, name)| name);
    EcsServiceRef {
        arn: s.service_arn().unwrap_or_default().to_string(),
        name: s.service_name().unwrap_or_default().to_string(),
        cluster: Some(cluster.to_string()),
    }
}

fn sort_refs(services: &mut [EcsServiceRef]) {
    services.sort_by(|a, b| (&a.cluster, &a.name).cmp(&(&b.cluster, &b.name)));
}

fn system_time(t: Option<&DateTime>) -> Option<SystemTime> {
    t.and_then(|t| SystemTime::try_from(*t).ok())
}

fn map_namespace(n: &NamespaceSummary) -> Namespace {
    let properties = n.properties();
    Namespace {
        id: n.id().unwrap_or_default().to_string(),
        arn: n.arn().unwrap_or_default().to_string(),
        name: n.name().unwrap_or_default().to_string(),
        kind: n
            .r#type()
            .map(|t| NamespaceKind::from_api(t.as_str()))
            .unwrap_or_else(|| NamespaceKind::Other("-".to_string())),
        description: n
            .description()
            .filter(|d| !d.is_empty())
            .map(str::to_string),
        created: system_time(n.create_date()),
        service_count: n.service_count(),
        // Route 53 ids sometimes arrive as `/hostedzone/Z...` (the emulator does that); the
        // console and the CLI take the bare id.
        hosted_zone_id: properties
            .and_then(|p| p.dns_properties())
            .and_then(|d| d.hosted_zone_id())
            .map(|z| z.trim_start_matches("/hostedzone/").to_string()),
        http_name: properties
            .and_then(|p| p.http_properties())
            .and_then(|h| h.http_name())
            .map(str::to_string),
    }
}

fn map_cloud_map_service(s: &ServiceSummary) -> CloudMapService {
    CloudMapService {
        id: s.id().unwrap_or_default().to_string(),
        arn: s.arn().unwrap_or_default().to_string(),
        name: s.name().unwrap_or_default().to_string(),
        kind: s.r#type().map(|t| t.as_str().to_string()),
        description: s
            .description()
            .filter(|d| !d.is_empty())
            .map(str::to_string),
        instance_count: s.instance_count(),
        created: system_time(s.create_date()),
    }
}

#[cfg(test)]
#[path = "namespaces_tests.rs"]
mod tests;
