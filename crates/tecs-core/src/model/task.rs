//! Tasks and their containers as DescribeTasks returns them, and the container instances of an EC2
//! cluster.

use std::time::SystemTime;

/// Which tasks ListTasks returns: it lists RUNNING ones unless STOPPED is asked for (stopped tasks
/// stay listed for about an hour).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DesiredStatus {
    #[default]
    Running,
    Stopped,
}

impl DesiredStatus {
    pub fn as_api(self) -> &'static str {
        match self {
            DesiredStatus::Running => "RUNNING",
            DesiredStatus::Stopped => "STOPPED",
        }
    }

    /// RUNNING ↔ STOPPED.
    pub fn toggled(self) -> Self {
        match self {
            DesiredStatus::Running => DesiredStatus::Stopped,
            DesiredStatus::Stopped => DesiredStatus::Running,
        }
    }
}

/// A task.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Task {
    pub arn: String,
    pub cluster_arn: String,
    pub task_definition: String,
    /// PROVISIONING … RUNNING … STOPPED.
    pub last_status: String,
    pub desired_status: String,
    /// HEALTHY, UNHEALTHY or UNKNOWN.
    pub health: Option<String>,
    pub launch_type: Option<String>,
    pub capacity_provider: Option<String>,
    pub availability_zone: Option<String>,
    /// `service:NAME` for a service's tasks.
    pub group: Option<String>,
    pub started_by: Option<String>,
    pub cpu: Option<String>,
    pub memory: Option<String>,
    pub platform_version: Option<String>,
    pub container_instance_arn: Option<String>,
    pub enable_execute_command: bool,
    /// TaskFailedToStart, EssentialContainerExited, UserInitiated, ...
    pub stop_code: Option<String>,
    pub stopped_reason: Option<String>,
    pub timestamps: TaskTimestamps,
    pub containers: Vec<Container>,
    /// ENI attachments: `(id, status, private IPv4, subnet)`.
    pub attachments: Vec<Attachment>,
    pub json: super::CompactJson,
}

impl Task {
    /// The task id: the last part of its ARN.
    pub fn id(&self) -> &str {
        task_id(&self.arn)
    }

    /// The service that started it, from `group = service:NAME`.
    pub fn service(&self) -> Option<&str> {
        self.group
            .as_deref()
            .and_then(|g| g.strip_prefix("service:"))
    }

    /// The first private IPv4 address (an awsvpc ENI, or a container's network binding).
    pub fn private_ip(&self) -> Option<&str> {
        self.attachments
            .iter()
            .find_map(|a| a.private_ip.as_deref())
            .or_else(|| self.containers.iter().find_map(|c| c.private_ip.as_deref()))
    }

    /// FARGATE / EC2, or the capacity provider.
    pub fn capacity_label(&self) -> String {
        match (&self.capacity_provider, &self.launch_type) {
            (Some(cp), _) => cp.clone(),
            (None, Some(lt)) => lt.clone(),
            (None, None) => "-".to_string(),
        }
    }
}

/// The id of a task ARN (`arn:…:task/cluster/0123…` → `0123…`).
pub fn task_id(arn: &str) -> &str {
    arn.rsplit('/').next().unwrap_or(arn)
}

/// When each step of the task's lifecycle happened.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TaskTimestamps {
    pub created: Option<SystemTime>,
    pub pull_started: Option<SystemTime>,
    pub pull_stopped: Option<SystemTime>,
    pub started: Option<SystemTime>,
    pub stopping: Option<SystemTime>,
    pub execution_stopped: Option<SystemTime>,
    pub stopped: Option<SystemTime>,
}

/// One container of a task.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Container {
    pub name: String,
    pub image: String,
    pub image_digest: Option<String>,
    pub last_status: String,
    pub exit_code: Option<i32>,
    /// Often the real detail of why a task stopped.
    pub reason: Option<String>,
    pub health: Option<String>,
    /// `8080/tcp`, `80->8080/tcp` with a host port.
    pub ports: Vec<String>,
    pub cpu: Option<String>,
    pub memory: Option<String>,
    pub private_ip: Option<String>,
    /// Runtime id, for ECS Exec.
    pub runtime_id: Option<String>,
    /// `lastStatus` of the container's ECS Exec agent (`ExecuteCommandAgent`: PENDING,
    /// RUNNING, STOPPED), when the task runs with exec enabled.
    pub exec_agent: Option<String>,
}

/// A network interface attachment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub id: String,
    pub kind: String,
    pub status: String,
    pub eni: Option<String>,
    pub private_ip: Option<String>,
    pub subnet: Option<String>,
}

/// A container instance of an EC2 (or External) cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerInstance {
    pub arn: String,
    pub ec2_instance_id: Option<String>,
    /// ACTIVE, DRAINING, REGISTERING, ...
    pub status: String,
    pub agent_connected: bool,
    pub running_tasks: i32,
    pub pending_tasks: i32,
    /// Remaining CPU units and memory MiB (from `remainingResources`).
    pub remaining_cpu: Option<i32>,
    pub remaining_memory: Option<i32>,
    pub registered_cpu: Option<i32>,
    pub registered_memory: Option<i32>,
    pub agent_version: Option<String>,
    pub docker_version: Option<String>,
    pub capacity_provider: Option<String>,
}

impl ContainerInstance {
    /// The id: the last part of its ARN.
    pub fn id(&self) -> &str {
        task_id(&self.arn)
    }
}

/// A task to start (RunTask), already validated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewTask {
    pub cluster: String,
    pub task_definition: String,
    pub count: i32,
    pub launch_type: Option<String>,
    pub capacity_provider_strategy: Vec<super::cluster::StrategyItem>,
    pub network: Option<super::service::NetworkConfig>,
    /// Container name and its command override (a JSON array).
    pub command_override: Option<(String, Vec<String>)>,
    pub started_by: Option<String>,
    pub enable_execute_command: bool,
}

/// RUNNING: newest started first (not yet started ones, the newest, lead). STOPPED: newest
/// stopped first. Ties (the emulator sets no times) fall back to the ARN, for a stable order.
pub fn sort_tasks(tasks: &mut [Task], status: DesiredStatus) {
    let key = |t: &Task| -> Option<SystemTime> {
        let ts = &t.timestamps;
        match status {
            DesiredStatus::Running => ts.started.or(ts.created),
            DesiredStatus::Stopped => ts.stopped.or(ts.stopping).or(ts.started).or(ts.created),
        }
    };
    tasks.sort_by(|a, b| {
        // `None` sorts below every time; reversed, it leads.
        let (ka, kb) = (key(a), key(b));
        match (ka, kb) {
            (None, Some(_)) => std::cmp::Ordering::Less,
            (Some(_), None) => std::cmp::Ordering::Greater,
            _ => std::cmp::Reverse(ka).cmp(&std::cmp::Reverse(kb)),
        }
        .then_with(|| a.arn.cmp(&b.arn))
    });
}
