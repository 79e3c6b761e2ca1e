//! What the seeding created, for the demo's printout, the log feeder and tests.

use std::fmt;

/// A service the demo created, with the tasks it "runs".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeededService {
    pub cluster: String,
    pub name: String,
    /// `family:revision`.
    pub task_definition: String,
    pub desired_count: i32,
}

/// A task the demo started, either for a service or standalone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeededTask {
    pub cluster: String,
    pub task_arn: String,
    /// The last segment of the ARN, as it appears in log stream names.
    pub task_id: String,
    /// `family:revision`.
    pub task_definition: String,
    /// `None` for a standalone task.
    pub service: Option<String>,
}

/// One awslogs stream of one container of one task: `<prefix>/<container>/<task-id>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeededLogStream {
    pub group: String,
    pub stream: String,
    pub container: String,
    pub task_id: String,
}

/// Everything `seed_demo` created.
#[derive(Debug, Clone, Default)]
pub struct SeedSummary {
    pub account_id: String,
    pub region: String,
    pub clusters: Vec<String>,
    /// `name (TYPE)`, e.g. `staging.local (HTTP)`.
    pub namespaces: Vec<String>,
    pub families: Vec<String>,
    /// Registered revisions across all families, active or not.
    pub revisions: usize,
    /// Revisions deregistered on purpose (`family:revision`).
    pub inactive_revisions: Vec<String>,
    pub container_instances: usize,
    pub services: Vec<SeededService>,
    /// RUNNING tasks.
    pub tasks: Vec<SeededTask>,
    /// STOPPED tasks (with a stop reason).
    pub stopped_tasks: Vec<SeededTask>,
    pub log_streams: Vec<SeededLogStream>,
    /// Log events written while seeding.
    pub log_events: usize,
}

impl fmt::Display for SeedSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "demo account {} in {}:", self.account_id, self.region)?;
        writeln!(
            f,
            "  clusters ({}): {}",
            self.clusters.len(),
            self.clusters.join(", ")
        )?;
        writeln!(
            f,
            "  namespaces ({}): {}",
            self.namespaces.len(),
            self.namespaces.join(", ")
        )?;
        writeln!(
            f,
            "  task definition families ({}, {} revisions, inactive: {}): {}",
            self.families.len(),
            self.revisions,
            self.inactive_revisions.join(", "),
            self.families.join(", ")
        )?;
        let services: Vec<String> = self
            .services
            .iter()
            .map(|s| {
                format!(
                    "{}/{} ({} x {})",
                    s.cluster, s.name, s.desired_count, s.task_definition
                )
            })
            .collect();
        writeln!(
            f,
            "  services ({}): {}",
            services.len(),
            services.join(", ")
        )?;
        let standalone = self.tasks.iter().filter(|t| t.service.is_none()).count();
        writeln!(
            f,
            "  tasks: {} running ({} standalone), {} stopped, {} container instances",
            self.tasks.len(),
            standalone,
            self.stopped_tasks.len(),
            self.container_instances
        )?;
        write!(
            f,
            "  log streams: {} with {} events",
            self.log_streams.len(),
            self.log_events
        )
    }
}
