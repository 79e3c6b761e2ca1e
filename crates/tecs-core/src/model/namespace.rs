//! Cloud Map namespaces, their discovery services, and the ECS services that use them.

use std::time::{Duration, SystemTime};

/// The kind of a Cloud Map namespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NamespaceKind {
    Http,
    DnsPrivate,
    DnsPublic,
    /// A type this build does not know yet, kept as the API spells it.
    Other(String),
}

impl NamespaceKind {
    /// From the API's `HTTP` / `DNS_PRIVATE` / `DNS_PUBLIC`.
    pub fn from_api(value: &str) -> Self {
        match value {
            "HTTP" => Self::Http,
            "DNS_PRIVATE" => Self::DnsPrivate,
            "DNS_PUBLIC" => Self::DnsPublic,
            other => Self::Other(other.to_string()),
        }
    }

    /// What the list and detail show.
    pub fn label(&self) -> &str {
        match self {
            Self::Http => "HTTP",
            Self::DnsPrivate => "DNS private",
            Self::DnsPublic => "DNS public",
            Self::Other(other) => other,
        }
    }
}

/// A Cloud Map namespace as ListNamespaces summarises it.
#[derive(Debug, Clone, PartialEq)]
pub struct Namespace {
    /// `ns-...`, what Cloud Map calls take.
    pub id: String,
    /// What ECS refers to (cluster `serviceConnectDefaults`, Service Connect configuration).
    pub arn: String,
    pub name: String,
    pub kind: NamespaceKind,
    pub description: Option<String>,
    pub created: Option<SystemTime>,
    /// Cloud Map services in the namespace; `None` when the summary leaves it out (the emulator does).
    pub service_count: Option<i32>,
    /// Route 53 hosted zone of a DNS namespace.
    pub hosted_zone_id: Option<String>,
    /// The name HTTP discovery (DiscoverInstances) uses.
    pub http_name: Option<String>,
}

impl Namespace {
    /// A namespace with just a name and kind, for tests and placeholders.
    pub fn named(name: &str, kind: NamespaceKind) -> Self {
        let id = format!("ns-{name}");
        Self {
            arn: format!("arn:aws:servicediscovery:us-east-1:123456789012:namespace/{id}"),
            id,
            name: name.to_string(),
            kind,
            description: None,
            created: None,
            service_count: None,
            hosted_zone_id: None,
            http_name: None,
        }
    }
}

/// A Cloud Map (discovery) service inside a namespace.
#[derive(Debug, Clone, PartialEq)]
pub struct CloudMapService {
    /// `srv-...`.
    pub id: String,
    pub arn: String,
    pub name: String,
    /// `HTTP`, `DNS_HTTP` or `DNS`, as the API spells it.
    pub kind: Option<String>,
    pub description: Option<String>,
    /// Registered instances (for Service Connect: the tasks); `None` when the summary leaves it out.
    pub instance_count: Option<i32>,
    pub created: Option<SystemTime>,
}

/// An ECS service attached to a namespace.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EcsServiceRef {
    pub arn: String,
    pub name: String,
    /// Cluster name; `None` for old-format service ARNs that do not carry it.
    pub cluster: Option<String>,
}

impl EcsServiceRef {
    /// Reads cluster and name from `arn:...:service/CLUSTER/NAME` (or the old `service/NAME`).
    pub fn from_arn(arn: &str) -> Self {
        let path = arn.split_once(":service/").map_or(arn, |(_, rest)| rest);
        let (cluster, name) = match path.split_once('/') {
            Some((cluster, name)) => (Some(cluster.to_string()), name.to_string()),
            None => (None, path.to_string()),
        };
        Self {
            arn: arn.to_string(),
            name,
            cluster,
        }
    }

    /// `cluster/name`, or the bare name when the cluster is unknown.
    pub fn label(&self) -> String {
        match &self.cluster {
            Some(cluster) => format!("{cluster}/{}", self.name),
            None => self.name.clone(),
        }
    }
}

/// How the list of ECS services in a namespace was found, so the view can say how far to trust it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EcsServicesSource {
    /// ECS's own index (ListServicesByNamespace): complete, across every cluster.
    ListServicesByNamespace,
    /// ListServicesByNamespace was unavailable; every service of `clusters` clusters was described
    /// and its Service Connect configuration compared with the namespace.
    ClusterScan { clusters: usize },
}

/// One GetOperation answer while waiting, for the progress line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OperationProgress {
    pub operation_id: String,
    /// `SUBMITTED`, `PENDING`, `SUCCESS` or `FAIL`, as the API spells it.
    pub status: String,
    /// GetOperation calls so far.
    pub polls: usize,
    pub elapsed: Duration,
}

/// A VPC for the private DNS namespace choice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VpcSummary {
    pub id: String,
    pub cidr: Option<String>,
    pub is_default: bool,
    /// The `Name` tag, when there is one.
    pub name: Option<String>,
}

impl VpcSummary {
    /// `vpc-123 (main, 10.0.0.0/16, default)` for the picker.
    pub fn label(&self) -> String {
        let mut parts: Vec<&str> = Vec::new();
        if let Some(name) = &self.name {
            parts.push(name);
        }
        if let Some(cidr) = &self.cidr {
            parts.push(cidr);
        }
        if self.is_default {
            parts.push("default");
        }
        if parts.is_empty() {
            self.id.clone()
        } else {
            format!("{} ({})", self.id, parts.join(", "))
        }
    }
}

/// Names of the clusters whose default Service Connect namespace is `namespace_arn`, sorted.
/// Clusters already carry their default namespace, so this needs no call.
pub fn clusters_using(namespace_arn: &str, clusters: &[super::Cluster]) -> Vec<String> {
    let mut names: Vec<String> = clusters
        .iter()
        .filter(|c| c.default_namespace.as_deref() == Some(namespace_arn))
        .map(|c| c.name.clone())
        .collect();
    names.sort();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_from_the_api_and_label_for_people() {
        assert_eq!(NamespaceKind::from_api("HTTP").label(), "HTTP");
        assert_eq!(
            NamespaceKind::from_api("DNS_PRIVATE").label(),
            "DNS private"
        );
        assert_eq!(NamespaceKind::from_api("DNS_PUBLIC").label(), "DNS public");
        assert_eq!(
            NamespaceKind::from_api("FUTURE"),
            NamespaceKind::Other("FUTURE".into())
        );
        assert_eq!(NamespaceKind::from_api("FUTURE").label(), "FUTURE");
    }

    #[test]
    fn service_arns_name_their_cluster_when_they_can() {
        let new = EcsServiceRef::from_arn("arn:aws:ecs:us-east-1:1:service/staging/web");
        assert_eq!(
            (new.cluster.as_deref(), new.name.as_str()),
            (Some("staging"), "web")
        );
        assert_eq!(new.label(), "staging/web");
        let old = EcsServiceRef::from_arn("arn:aws:ecs:us-east-1:1:service/web");
        assert_eq!((old.cluster, old.name.as_str()), (None, "web"));
        let bare = EcsServiceRef::from_arn("web");
        assert_eq!(bare.name, "web");
    }
}
