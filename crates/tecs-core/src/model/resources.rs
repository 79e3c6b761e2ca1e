//! What the resource tree's lookups find (see `aws::resources`): each resource present with its
//! details, missing, or not readable.

use std::time::SystemTime;

/// Whether a resource is there.
#[derive(Debug, Clone, PartialEq)]
pub enum Presence<T> {
    Present(T),
    /// It does not exist (the error's words).
    Missing(String),
    /// It could not be read: the action that was denied.
    Denied(String),
}

/// An IAM role and what its policies allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RoleInfo {
    pub name: String,
    pub arn: String,
    pub policies: Vec<PolicyInfo>,
}

impl RoleInfo {
    /// What its policies allow as `*` or `service:*`, one line each: `policy (kind): action`
    /// (the `task-role-star` finding's detail).
    pub fn star_statements(&self) -> Vec<String> {
        self.policies
            .iter()
            .flat_map(|p| {
                p.star_actions
                    .iter()
                    .map(move |a| format!("{} ({}): {a}", p.name, p.kind))
            })
            .collect()
    }
}

/// One policy of a role.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyInfo {
    pub name: String,
    /// `attached` (managed) or `inline`.
    pub kind: &'static str,
    /// `Allow s3:GetObject, s3:PutObject on arn:aws:s3:::bucket/*`, one per statement; empty
    /// when the document could not be read (then `unreadable` says why).
    pub statements: Vec<String>,
    /// Actions allowed as `*` or `service:*`.
    pub star_actions: Vec<String>,
    pub unreadable: Option<String>,
}

/// An image in ECR.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageInfo {
    pub repository: String,
    pub tag: String,
    pub digest: Option<String>,
    pub pushed_at: Option<SystemTime>,
    pub size_bytes: Option<i64>,
    /// `CRITICAL 1, HIGH 3` from the last scan, or why there is none.
    pub scan: Option<String>,
}

/// A CloudWatch log group.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogGroupInfo {
    pub name: String,
    /// Days; `None` keeps events forever.
    pub retention_days: Option<i32>,
    pub stored_bytes: Option<i64>,
    /// When the most recent stream last received an event.
    pub last_event: Option<SystemTime>,
}

/// A subnet or a security group of a service's network.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NetworkItem {
    pub id: String,
    /// `subnet` or `security group`.
    pub kind: &'static str,
    /// `vpc-… · eu-west-1a · 10.0.1.0/24`, or `web-sg · vpc-…`.
    pub summary: String,
    /// Security groups: their inbound rules, `tcp 443 from 0.0.0.0/0`.
    pub inbound: Vec<String>,
}

/// A target group and the health of its targets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetGroupInfo {
    pub arn: String,
    pub name: String,
    /// `HTTP 8080 · ip`.
    pub summary: String,
    /// `10.0.1.23:8080 healthy`, `10.0.2.9:8080 unhealthy (Target.ResponseCodeMismatch)`.
    pub targets: Vec<String>,
    /// The listeners that forward to it: `web-alb HTTPS 443`, or why they could not be read.
    pub listeners: Vec<String>,
}

/// What a node of the resource tree loads.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Lookup {
    Role {
        arn: String,
    },
    /// An image in ECR: the registry's account, `repository`, `tag` or digest.
    Image {
        registry: Option<String>,
        repository: String,
        tag: String,
    },
    LogGroup {
        name: String,
    },
    Network {
        subnets: Vec<String>,
        groups: Vec<String>,
    },
    TargetGroup {
        arn: String,
    },
}

/// A lookup's answer.
#[derive(Debug, Clone, PartialEq)]
pub enum LookupAnswer {
    Role(Presence<RoleInfo>),
    Image(Presence<ImageInfo>),
    LogGroup(Presence<LogGroupInfo>),
    Network(Vec<(String, Presence<NetworkItem>)>),
    TargetGroup(Presence<TargetGroupInfo>),
}
