//! Task definition revisions. A revision's content never changes (only its status does), so
//! descriptions are cached forever by ARN.

use serde_json::Value;

use super::error::AwsError;

/// One container of a revision, as the summary shows it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ContainerSummary {
    pub name: String,
    pub image: String,
    pub essential: bool,
    /// `8080/tcp`, `80->8080/tcp` with a host port.
    pub ports: Vec<String>,
    pub command: Vec<String>,
    pub entry_point: Vec<String>,
    pub environment: Vec<(String, String)>,
    /// `awslogs group=/ecs/web region=us-east-1 prefix=ecs`.
    pub log: Option<String>,
}

/// A described revision.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct TaskDefinition {
    pub arn: String,
    pub family: String,
    pub revision: i32,
    pub status: String,
    /// Registered at, as `YYYY-MM-DD HH:MM:SSZ`.
    pub registered_at: Option<String>,
    pub cpu: Option<String>,
    pub memory: Option<String>,
    pub launch_types: Vec<String>,
    pub network_mode: Option<String>,
    pub os: Option<String>,
    pub arch: Option<String>,
    pub task_role: Option<String>,
    pub execution_role: Option<String>,
    pub containers: Vec<ContainerSummary>,
    pub tags: Vec<(String, String)>,
    /// The `taskDefinition` object exactly as the API returned it.
    pub json: Value,
}

impl TaskDefinition {
    /// `family:revision`.
    pub fn label(&self) -> String {
        format!("{}:{}", self.family, self.revision)
    }

    /// `LINUX/X86_64`, or `-`.
    pub fn platform(&self) -> String {
        match (&self.os, &self.arch) {
            (None, None) => "-".to_string(),
            (os, arch) => format!(
                "{}/{}",
                os.as_deref().unwrap_or("LINUX"),
                arch.as_deref().unwrap_or("X86_64")
            ),
        }
    }

    /// `0.25 vCPU / 512 MiB` style size, or `-`.
    pub fn size(&self) -> String {
        match (&self.cpu, &self.memory) {
            (None, None) => "-".to_string(),
            (cpu, mem) => format!(
                "{}/{}",
                cpu.as_deref().unwrap_or("-"),
                mem.as_deref().unwrap_or("-")
            ),
        }
    }
}

/// A revision as listed (before or without a description).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionRef {
    pub arn: String,
    pub family: String,
    pub revision: i32,
    pub status: String,
}

impl RevisionRef {
    /// Parses `arn:aws:ecs:REGION:ACCOUNT:task-definition/FAMILY:REV`.
    pub fn from_arn(arn: &str, status: &str) -> Option<RevisionRef> {
        let tail = arn.rsplit_once("task-definition/")?.1;
        let (family, rev) = tail.rsplit_once(':')?;
        Some(RevisionRef {
            arn: arn.to_string(),
            family: family.to_string(),
            revision: rev.parse().ok()?,
            status: status.to_string(),
        })
    }

    pub fn label(&self) -> String {
        format!("{}:{}", self.family, self.revision)
    }
}

/// Fields of a described revision that RegisterTaskDefinition does not take.
pub const READ_ONLY_FIELDS: &[&str] = &[
    "taskDefinitionArn",
    "revision",
    "status",
    "requiresAttributes",
    "compatibilities",
    "registeredAt",
    "registeredBy",
    "deregisteredAt",
];

/// The registerable JSON of a described revision: read-only fields dropped, tags added.
pub fn registerable_json(described: &Value, tags: &[(String, String)]) -> Value {
    let mut out = described.clone();
    if let Value::Object(map) = &mut out {
        for field in READ_ONLY_FIELDS {
            map.remove(*field);
        }
        if !tags.is_empty() {
            map.insert(
                "tags".to_string(),
                Value::Array(
                    tags.iter()
                        .map(|(k, v)| serde_json::json!({"key": k, "value": v}))
                        .collect(),
                ),
            );
        }
    }
    out
}

/// What the families list shows beyond the name, filled in the background for rows on screen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FamilySummary {
    /// Newest ACTIVE revision number.
    pub latest: Option<i32>,
    /// ACTIVE revisions.
    pub active: usize,
    /// `requiresCompatibilities` of the newest ACTIVE revision.
    pub launch_types: Vec<String>,
}

/// Services using each revision ARN, as `cluster/service`; `None` when not checked (too many
/// clusters to do it cheaply).
pub type ServiceUsage = Option<std::collections::HashMap<String, Vec<String>>>;

/// Which families to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FamilyFilter {
    #[default]
    Active,
    Inactive,
    All,
}

impl FamilyFilter {
    pub fn label(self) -> &'static str {
        match self {
            FamilyFilter::Active => "ACTIVE",
            FamilyFilter::Inactive => "INACTIVE",
            FamilyFilter::All => "ALL",
        }
    }

    /// ACTIVE → INACTIVE → ALL → ACTIVE.
    pub fn next(self) -> Self {
        match self {
            FamilyFilter::Active => FamilyFilter::Inactive,
            FamilyFilter::Inactive => FamilyFilter::All,
            FamilyFilter::All => FamilyFilter::Active,
        }
    }
}

/// A family's summary and its newest ACTIVE revision, described (for the cache).
pub type FamilySummaryResult = Result<
    (
        crate::model::task_definition::FamilySummary,
        Option<TaskDefinition>,
    ),
    AwsError,
>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_revision_arns() {
        let r = RevisionRef::from_arn(
            "arn:aws:ecs:us-east-1:1:task-definition/web-api:12",
            "ACTIVE",
        )
        .expect("parses");
        assert_eq!((r.family.as_str(), r.revision), ("web-api", 12));
        assert!(RevisionRef::from_arn("nonsense", "ACTIVE").is_none());
    }

    #[test]
    fn registerable_json_drops_read_only_fields_and_keeps_tags() {
        let described = serde_json::json!({
            "taskDefinitionArn": "arn", "revision": 3, "status": "ACTIVE", "family": "web",
            "compatibilities": ["EC2", "FARGATE"], "requiresAttributes": [], "registeredAt": 1.0,
            "registeredBy": "me", "containerDefinitions": [{"name": "app"}], "cpu": "256"
        });
        let out = registerable_json(&described, &[("team".into(), "x".into())]);
        for f in READ_ONLY_FIELDS {
            assert!(out.get(f).is_none(), "{f} dropped");
        }
        assert_eq!(out["family"], "web");
        assert_eq!(out["cpu"], "256");
        assert_eq!(out["tags"][0]["key"], "team");
    }
}
