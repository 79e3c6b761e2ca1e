//! The form read back as typed values: what the validator checks and the JSON is built from.
//! Each list field keeps its parse error, so the problem is shown next to that field.

use super::fields::{ids, kinds, log_choice};
use crate::domain::memory::{parse_cpu_units, parse_memory_mib};
use crate::domain::network::NetworkMode;
use crate::domain::platform::{LaunchType, Platform};
use crate::domain::roles::validate_role_arn;
use crate::form::shell;
use crate::form::{Field, FieldKind, Form, Section};
use crate::screens::wizards::parse::{self, PortSpec};

/// An optional number: `Ok(None)` when the field is empty.
pub type Parsed<T> = Result<Option<T>, String>;

/// A role field's meaning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RoleInput {
    None,
    Arn(String),
    Invalid(String),
}

impl RoleInput {
    pub fn arn(&self) -> Option<&str> {
        match self {
            RoleInput::Arn(a) => Some(a),
            _ => None,
        }
    }
}

/// The awslogs settings of a container.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Awslogs {
    pub group: String,
    pub region: String,
    pub prefix: String,
    pub create: bool,
}

/// A container's log configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LogValues {
    None,
    Awslogs(Awslogs),
    /// The source revision's configuration, kept as it was.
    Keep,
}

/// One container, read back.
#[derive(Debug, Clone)]
pub struct ContainerValues {
    /// The form section it comes from.
    pub section: usize,
    pub key: u64,
    pub name: String,
    pub image: String,
    pub essential: bool,
    pub ports: Result<Vec<PortSpec>, String>,
    pub command: Result<Vec<String>, String>,
    pub entry_point: Result<Vec<String>, String>,
    pub environment: Result<Vec<(String, String)>, String>,
    pub secrets: Result<Vec<(String, String)>, String>,
    pub repository_credentials: String,
    pub cpu: Parsed<u32>,
    pub memory: Parsed<u32>,
    pub memory_reservation: Parsed<u32>,
    pub log: LogValues,
}

/// Where the fixed sections are in the form.
#[derive(Debug, Clone, Copy, Default)]
pub struct SectionIndex {
    pub task: usize,
    pub infrastructure: usize,
    pub size: usize,
    pub roles: usize,
    pub tags: usize,
}

impl SectionIndex {
    pub fn of(form: &Form) -> Self {
        let find = |kind: &str| {
            form.sections
                .iter()
                .position(|s| s.kind == kind)
                .unwrap_or_default()
        };
        Self {
            task: find(kinds::TASK),
            infrastructure: find(kinds::INFRASTRUCTURE),
            size: find(kinds::SIZE),
            roles: find(kinds::ROLES),
            tags: find(kinds::TAGS),
        }
    }
}

/// The whole task definition, read back.
#[derive(Debug, Clone)]
pub struct TaskValues {
    pub index: SectionIndex,
    pub family: String,
    pub launch: LaunchType,
    pub platform: Platform,
    pub network: NetworkMode,
    pub cpu: Parsed<u32>,
    pub memory: Parsed<u32>,
    pub task_role: RoleInput,
    pub execution_role: RoleInput,
    pub containers: Vec<ContainerValues>,
    pub tags: Result<Vec<(String, String)>, String>,
}

fn optional<T>(text: &str, parse: impl Fn(&str) -> Result<T, String>) -> Parsed<T> {
    if text.trim().is_empty() {
        Ok(None)
    } else {
        parse(text).map(Some)
    }
}

fn number(text: &str) -> Result<u32, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a number"))
}

/// A role combo: a picked suggestion, an ARN, or nothing.
fn role(field: Option<&Field>) -> RoleInput {
    let Some(FieldKind::Combo(combo)) = field.map(|f| &f.kind) else {
        return RoleInput::None;
    };
    let text = combo.value().trim();
    if text.is_empty() {
        return RoleInput::None;
    }
    if let Some(s) = combo.chosen() {
        return RoleInput::Arn(s.value.clone());
    }
    if text.starts_with("arn:") {
        return match validate_role_arn(text) {
            Ok(()) => RoleInput::Arn(text.to_string()),
            Err(e) => RoleInput::Invalid(e),
        };
    }
    RoleInput::Invalid(match &combo.suggestions {
        Some(list) if list.is_empty() => {
            format!(
                "no role named {text}: no role trusts ecs-tasks.amazonaws.com here; type an ARN"
            )
        }
        Some(_) => {
            format!("no role named {text} trusts ecs-tasks.amazonaws.com: pick one or type an ARN")
        }
        None => format!("roles are not listed: type the full ARN of {text}"),
    })
}

fn words(text: &str) -> Result<Vec<String>, String> {
    shell::split(text)
}

fn container(section: usize, s: &Section) -> ContainerValues {
    let v = |id: &str| s.value(id).to_string();
    let log = match s.value(ids::LOG_DRIVER) {
        log_choice::AWSLOGS => LogValues::Awslogs(Awslogs {
            group: v(ids::LOG_GROUP).trim().to_string(),
            region: v(ids::LOG_REGION).trim().to_string(),
            prefix: v(ids::LOG_PREFIX).trim().to_string(),
            create: s.value(ids::LOG_CREATE) == "true",
        }),
        log_choice::KEEP => LogValues::Keep,
        _ => LogValues::None,
    };
    ContainerValues {
        section,
        key: s.key,
        name: v(ids::NAME).trim().to_string(),
        image: v(ids::IMAGE).trim().to_string(),
        essential: s.value(ids::ESSENTIAL) == "true",
        ports: parse::parse_ports(s.value(ids::PORTS)),
        command: words(s.value(ids::COMMAND)),
        entry_point: words(s.value(ids::ENTRY_POINT)),
        environment: parse::parse_pairs(s.value(ids::ENVIRONMENT), "variable"),
        secrets: parse::parse_secrets(s.value(ids::SECRETS)),
        repository_credentials: v(ids::REPOSITORY_CREDENTIALS).trim().to_string(),
        cpu: optional(s.value(ids::CPU), parse_cpu_units),
        memory: optional(s.value(ids::MEMORY), parse_memory_mib),
        memory_reservation: optional(s.value(ids::MEMORY_RESERVATION), parse_memory_mib),
        log,
    }
}

/// Reads the form.
pub fn read(form: &Form) -> TaskValues {
    let index = SectionIndex::of(form);
    let section = |i: usize| form.sections.get(i);
    let value = |i: usize, id: &str| section(i).map(|s| s.value(id)).unwrap_or("");
    let launch = LaunchType::from_api(value(index.infrastructure, ids::LAUNCH))
        .unwrap_or(LaunchType::Fargate);
    let platform =
        Platform::from_key(value(index.infrastructure, ids::PLATFORM)).unwrap_or_default();
    let network = NetworkMode::from_key(value(index.infrastructure, ids::NETWORK))
        .unwrap_or(NetworkMode::Awsvpc);
    let (cpu, memory) = match launch {
        LaunchType::Fargate => (
            optional(value(index.size, ids::FARGATE_CPU), number),
            optional(value(index.size, ids::FARGATE_MEMORY), number),
        ),
        LaunchType::Ec2 => (
            optional(value(index.size, ids::EC2_CPU), parse_cpu_units),
            optional(value(index.size, ids::EC2_MEMORY), parse_memory_mib),
        ),
    };
    let roles = section(index.roles);
    TaskValues {
        index,
        family: value(index.task, ids::FAMILY).trim().to_string(),
        launch,
        platform,
        network,
        cpu,
        memory,
        task_role: role(roles.and_then(|s| s.field(ids::TASK_ROLE))),
        execution_role: role(roles.and_then(|s| s.field(ids::EXECUTION_ROLE))),
        containers: form
            .sections
            .iter()
            .enumerate()
            .filter(|(_, s)| s.repeated && s.kind == kinds::CONTAINER)
            .map(|(i, s)| container(i, s))
            .collect(),
        tags: parse::parse_tags(value(index.tags, ids::TAGS)),
    }
}
