//! The sections and fields of the task definition wizard, with their help lines (the console's
//! "Info"). Values are read back by the ids in [`ids`].

use crate::domain::memory::{cpu_label, mib_label};
use crate::domain::network::{NetworkMode, default_mode, mode_problem, modes_for_os};
use crate::domain::platform::{LaunchType, Platform, platforms};
use crate::domain::task_size::{FARGATE_SIZES, fargate_cpu_problem, fargate_memory_options};
use crate::form::{ChoiceOption, Field, Section};

/// Field ids.
pub mod ids {
    pub const FAMILY: &str = "family";
    pub const LAUNCH: &str = "launch_type";
    pub const PLATFORM: &str = "platform";
    pub const NETWORK: &str = "network_mode";
    pub const FARGATE_CPU: &str = "fargate_cpu";
    pub const FARGATE_MEMORY: &str = "fargate_memory";
    pub const EC2_CPU: &str = "ec2_cpu";
    pub const EC2_MEMORY: &str = "ec2_memory";
    pub const TASK_ROLE: &str = "task_role";
    pub const EXECUTION_ROLE: &str = "execution_role";
    pub const TAGS: &str = "tags";
    pub const NAME: &str = "name";
    pub const IMAGE: &str = "image";
    pub const ESSENTIAL: &str = "essential";
    pub const PORTS: &str = "ports";
    pub const COMMAND: &str = "command";
    pub const ENTRY_POINT: &str = "entry_point";
    pub const ENVIRONMENT: &str = "environment";
    pub const SECRETS: &str = "secrets";
    pub const REPOSITORY_CREDENTIALS: &str = "repository_credentials";
    pub const CPU: &str = "cpu";
    pub const MEMORY: &str = "memory";
    pub const MEMORY_RESERVATION: &str = "memory_reservation";
    pub const LOG_DRIVER: &str = "log_driver";
    pub const LOG_GROUP: &str = "log_group";
    pub const LOG_REGION: &str = "log_region";
    pub const LOG_PREFIX: &str = "log_prefix";
    pub const LOG_CREATE: &str = "log_create_group";
}

/// Section kinds.
pub mod kinds {
    pub const TASK: &str = "task";
    pub const INFRASTRUCTURE: &str = "infrastructure";
    pub const SIZE: &str = "size";
    pub const ROLES: &str = "roles";
    pub const CONTAINER: &str = "container";
    pub const TAGS: &str = "tags";
}

/// Log driver choice values.
pub mod log_choice {
    pub const AWSLOGS: &str = "awslogs";
    pub const NONE: &str = "none";
    /// Another driver kept exactly as the source revision had it.
    pub const KEEP: &str = "keep";
}

/// The default stream prefix.
pub const DEFAULT_LOG_PREFIX: &str = "ecs";
/// The Fargate size the console starts with: .5 vCPU, 1 GB.
pub const DEFAULT_FARGATE_CPU: u32 = 512;
pub const DEFAULT_FARGATE_MEMORY: u32 = 1024;

/// `/ecs/<family>`, the console's default log group.
pub fn default_log_group(family: &str) -> String {
    format!("/ecs/{family}")
}

pub fn launch_options() -> Vec<ChoiceOption> {
    LaunchType::ALL
        .into_iter()
        .map(|l| ChoiceOption::new(l.api(), l.label()))
        .collect()
}

pub fn platform_options() -> Vec<ChoiceOption> {
    platforms()
        .into_iter()
        .map(|p| ChoiceOption::new(p.key(), p.label()))
        .collect()
}

/// The modes of the OS, those the launch type cannot use disabled with the reason.
pub fn network_options(launch: LaunchType, platform: Platform) -> Vec<ChoiceOption> {
    modes_for_os(platform.os)
        .iter()
        .map(|m| {
            let label = if launch == LaunchType::Ec2 && *m == default_mode(launch, platform.os) {
                format!("{} (default)", m.key())
            } else {
                m.key().to_string()
            };
            ChoiceOption::new(m.key(), label).disabled(mode_problem(launch, platform.os, *m))
        })
        .collect()
}

/// Fargate cpu values, those the OS cannot use disabled.
pub fn fargate_cpu_options(platform: Platform) -> Vec<ChoiceOption> {
    FARGATE_SIZES
        .iter()
        .map(|s| {
            ChoiceOption::new(
                s.cpu.to_string(),
                format!("{} ({})", cpu_label(s.cpu), s.cpu),
            )
            .disabled(fargate_cpu_problem(s.cpu, platform.os))
        })
        .collect()
}

/// The memory values Fargate offers with a cpu value.
pub fn fargate_memory_choices(cpu: u32) -> Vec<ChoiceOption> {
    fargate_memory_options(cpu)
        .into_iter()
        .map(|m| ChoiceOption::new(m.to_string(), format!("{} ({m} MiB)", mib_label(m))))
        .collect()
}

pub fn log_options(kept_driver: Option<&str>) -> Vec<ChoiceOption> {
    let mut out = vec![
        ChoiceOption::new(log_choice::AWSLOGS, "awslogs (CloudWatch Logs)"),
        ChoiceOption::new(log_choice::NONE, "no log configuration"),
    ];
    if let Some(driver) = kept_driver {
        out.push(ChoiceOption::new(
            log_choice::KEEP,
            format!("keep {driver} as in the revision"),
        ));
    }
    out
}

/// The sections before the containers, and the tags section after them.
pub fn task_sections() -> (Vec<Section>, Section) {
    let launch = LaunchType::Fargate;
    let platform = Platform::default();
    let top = vec![
        Section::new(
            kinds::TASK,
            "Task definition",
            vec![Field::text(
                ids::FAMILY,
                "Family",
                "The family name: 1-255 letters, digits, hyphens and underscores. Each registration adds a revision.",
                "",
                "e.g. my-app",
            )],
        ),
        Section::new(
            kinds::INFRASTRUCTURE,
            "Infrastructure",
            vec![
                Field::choice(
                    ids::LAUNCH,
                    "Launch type",
                    "Where tasks run: AWS Fargate (serverless) or your own EC2 container instances.",
                    launch_options(),
                    launch.api(),
                ),
                Field::choice(
                    ids::PLATFORM,
                    "OS/architecture",
                    "Operating system and CPU architecture of the containers (runtimePlatform); Windows is X86_64 only.",
                    platform_options(),
                    &platform.key(),
                ),
                Field::choice(
                    ids::NETWORK,
                    "Network mode",
                    "awsvpc gives each task its own network interface; bridge and host share the instance's.",
                    network_options(launch, platform),
                    NetworkMode::Awsvpc.key(),
                ),
            ],
        ),
        Section::new(
            kinds::SIZE,
            "Task size",
            vec![
                Field::choice(
                    ids::FARGATE_CPU,
                    "CPU",
                    "Task CPU; Fargate offers only certain memory sizes for each CPU.",
                    fargate_cpu_options(platform),
                    &DEFAULT_FARGATE_CPU.to_string(),
                ),
                Field::choice(
                    ids::FARGATE_MEMORY,
                    "Memory",
                    "Task memory: only the sizes Fargate offers with the chosen CPU.",
                    fargate_memory_choices(DEFAULT_FARGATE_CPU),
                    &DEFAULT_FARGATE_MEMORY.to_string(),
                ),
                Field::text(
                    ids::EC2_CPU,
                    "CPU (optional)",
                    "Task CPU in units (1 vCPU = 1024) or vCPU, e.g. 512 or 0.5 vCPU; 128-196608 units.",
                    "",
                    "none",
                ),
                Field::text(
                    ids::EC2_MEMORY,
                    "Memory (optional)",
                    "Task memory in MiB (3072) or GB (3GB, 0.5 GB); without it every container sets its own.",
                    "",
                    "none",
                ),
            ],
        ),
        Section::new(
            kinds::ROLES,
            "Roles",
            vec![
                Field::combo(
                    ids::TASK_ROLE,
                    "Task role",
                    "Role the containers' own code uses to call AWS. Pick a role trusting ecs-tasks, type an ARN, or leave empty.",
                    "",
                    "none",
                ),
                Field::combo(
                    ids::EXECUTION_ROLE,
                    "Execution role",
                    "Role the ECS agent uses to pull private images, send awslogs logs and read secrets.",
                    "",
                    "none",
                ),
            ],
        ),
    ];
    let tags = Section::new(
        kinds::TAGS,
        "Tags",
        vec![Field::text(
            ids::TAGS,
            "Tags",
            "key=value pairs separated by spaces; quote values with spaces. At most 50; aws: is reserved.",
            "",
            "e.g. team=web env=prod",
        )],
    );
    (top, tags)
}

/// A new container section: essential, awslogs to `/ecs/<family>` in the region.
pub fn container_section(key: u64, family: &str, region: &str) -> Section {
    let mut s = Section::new(
        kinds::CONTAINER,
        "Container",
        vec![
            Field::text(
                ids::NAME,
                "Name",
                "Container name: 1-255 letters, digits, hyphens and underscores, unique in the task.",
                "",
                "e.g. app",
            ),
            Field::text(
                ids::IMAGE,
                "Image URI",
                "repository:tag or @digest, e.g. nginx:1.27 or 123456789012.dkr.ecr.us-east-1.amazonaws.com/web:1",
                "",
                "e.g. nginx:1.27",
            ),
            Field::toggle(
                ids::ESSENTIAL,
                "Essential",
                "When an essential container stops, the task stops. At least one container must be essential.",
                true,
            ),
            Field::text(
                ids::PORTS,
                "Port mappings",
                "Comma-separated [HOST:]PORT[/tcp|udp] [name=NAME] [app=http|http2|grpc]; host ports in bridge/host only.",
                "",
                "e.g. 8080/tcp name=web app=http",
            ),
            Field::text(
                ids::COMMAND,
                "Command",
                "A shell-like line (quotes group words), stored as the JSON array shown below it.",
                "",
                "image default",
            ),
            Field::text(
                ids::ENTRY_POINT,
                "Entry point",
                "A shell-like line, stored as the JSON array shown below it.",
                "",
                "image default",
            ),
            Field::text(
                ids::ENVIRONMENT,
                "Environment",
                "Variables as KEY=value separated by spaces; quote values with spaces.",
                "",
                "none",
            ),
            Field::text(
                ids::SECRETS,
                "Secrets",
                "NAME=ARN pairs from Secrets Manager or SSM Parameter Store; needs the execution role.",
                "",
                "none",
            ),
            Field::text(
                ids::REPOSITORY_CREDENTIALS,
                "Registry secret",
                "Private registry authentication: ARN of the Secrets Manager secret holding the credentials.",
                "",
                "none",
            ),
            Field::text(
                ids::CPU,
                "CPU units",
                "Optional CPU units reserved for this container (1 vCPU = 1024).",
                "",
                "none",
            ),
            Field::text(
                ids::MEMORY,
                "Memory limit",
                "Optional hard limit in MiB or GB: the container is stopped above it.",
                "",
                "none",
            ),
            Field::text(
                ids::MEMORY_RESERVATION,
                "Memory reservation",
                "Optional soft limit in MiB or GB, reserved for the container.",
                "",
                "none",
            ),
            Field::choice(
                ids::LOG_DRIVER,
                "Logging",
                "awslogs sends output to CloudWatch Logs (needs the execution role).",
                log_options(None),
                log_choice::AWSLOGS,
            ),
            Field::text(
                ids::LOG_GROUP,
                "Log group",
                "CloudWatch Logs group; follows the family as /ecs/<family> until edited.",
                &default_log_group(family),
                "e.g. /ecs/my-app",
            ),
            Field::text(
                ids::LOG_REGION,
                "Log region",
                "Region of the log group.",
                region,
                "e.g. us-east-1",
            ),
            Field::text(
                ids::LOG_PREFIX,
                "Stream prefix",
                "Streams are named <prefix>/<container>/<task id>.",
                DEFAULT_LOG_PREFIX,
                "e.g. ecs",
            ),
            Field::toggle(
                ids::LOG_CREATE,
                "Create log group",
                "Create the log group before registering when it does not exist yet.",
                true,
            ),
        ],
    );
    s.repeated = true;
    s.key = key;
    s
}
