//! Every rule the wizard checks, as problems placed on the field (or section) they concern.
//! The emulator accepts nearly anything, so this is what keeps invalid definitions from AWS.

use super::fields::ids;
use super::values::{ContainerValues, LogValues, RoleInput, TaskValues};
use crate::domain::containers::{
    check_against_task, duplicate_names, validate_container_memory, validate_container_name,
    validate_essential,
};
use crate::domain::names::validate_family_name;
use crate::domain::network::{check_host_port, mode_problem};
use crate::domain::platform::LaunchType;
use crate::domain::roles::{ContainerNeeds, check_execution_role, validate_role_arn};
use crate::domain::task_size::{validate_ec2_cpu, validate_fargate};
pub use crate::screens::wizards::Problem;
use crate::screens::wizards::parse::{validate_log_group, validate_region};

struct Problems(Vec<Problem>);

impl Problems {
    fn add(&mut self, section: usize, field: Option<&'static str>, message: impl Into<String>) {
        self.0.push(Problem {
            section,
            field,
            message: message.into(),
        });
    }

    fn check<T>(&mut self, section: usize, field: &'static str, result: &Result<T, String>) {
        if let Err(e) = result {
            self.add(section, Some(field), e.clone());
        }
    }
}

/// What each container needs the execution role for.
pub fn needs(containers: &[ContainerValues]) -> Vec<ContainerNeeds> {
    containers
        .iter()
        .map(|c| ContainerNeeds {
            name: c.name.clone(),
            image: c.image.clone(),
            awslogs: matches!(c.log, LogValues::Awslogs(_)),
            secrets: c.secrets.as_ref().is_ok_and(|s| !s.is_empty()),
            repository_credentials: !c.repository_credentials.is_empty(),
            environment_files: false,
            log_secrets: false,
        })
        .collect()
}

/// Every problem of the draft, in form order. `extra_needs` are what kept fields (environment
/// files, log secret options of the source revision) need from the execution role.
pub fn problems(values: &TaskValues, extra_needs: &[ContainerNeeds]) -> Vec<Problem> {
    let mut p = Problems(Vec::new());
    let ix = values.index;
    if let Err(e) = validate_family_name(&values.family) {
        p.add(ix.task, Some(ids::FAMILY), e);
    }
    if let Some(e) = mode_problem(values.launch, values.platform.os, values.network) {
        p.add(ix.infrastructure, Some(ids::NETWORK), e);
    }
    task_size(values, &mut p);
    roles(values, extra_needs, &mut p);
    containers(values, &mut p);
    p.check(ix.tags, ids::TAGS, &values.tags);
    let mut out = p.0;
    out.sort_by_key(|x| x.section);
    out
}

fn task_size(values: &TaskValues, p: &mut Problems) {
    let ix = values.index.size;
    match values.launch {
        LaunchType::Fargate => match (&values.cpu, &values.memory) {
            (Ok(Some(cpu)), Ok(Some(memory))) => {
                if let Err(e) = validate_fargate(*cpu, *memory, values.platform.os) {
                    let field = if e.starts_with("cpu")
                        || e.contains("Windows")
                        || e.contains("needs Linux")
                    {
                        ids::FARGATE_CPU
                    } else {
                        ids::FARGATE_MEMORY
                    };
                    p.add(ix, Some(field), e);
                }
            }
            _ => p.add(
                ix,
                Some(ids::FARGATE_MEMORY),
                "Fargate needs a task CPU and memory",
            ),
        },
        LaunchType::Ec2 => {
            p.check(ix, ids::EC2_CPU, &values.cpu);
            p.check(ix, ids::EC2_MEMORY, &values.memory);
            if let Ok(Some(cpu)) = values.cpu
                && let Err(e) = validate_ec2_cpu(cpu)
            {
                p.add(ix, Some(ids::EC2_CPU), e);
            }
        }
    }
}

fn roles(values: &TaskValues, extra_needs: &[ContainerNeeds], p: &mut Problems) {
    let ix = values.index.roles;
    for (field, role) in [
        (ids::TASK_ROLE, &values.task_role),
        (ids::EXECUTION_ROLE, &values.execution_role),
    ] {
        match role {
            RoleInput::Invalid(e) => p.add(ix, Some(field), e.clone()),
            RoleInput::Arn(a) => {
                if let Err(e) = validate_role_arn(a) {
                    p.add(ix, Some(field), e);
                }
            }
            RoleInput::None => {}
        }
    }
    let mut all = needs(&values.containers);
    all.extend(extra_needs.iter().cloned());
    let given = match &values.execution_role {
        RoleInput::None => None,
        RoleInput::Arn(a) => Some(a.as_str()),
        // Already reported as invalid; do not also say it is missing.
        RoleInput::Invalid(_) => Some("invalid"),
    };
    if let Err(e) = check_execution_role(&all, given) {
        p.add(ix, Some(ids::EXECUTION_ROLE), e);
    }
}

fn containers(values: &TaskValues, p: &mut Problems) {
    for c in &values.containers {
        container(values, c, p);
    }
    let dups = duplicate_names(values.containers.iter().map(|c| c.name.as_str()));
    for c in values.containers.iter().filter(|c| dups.contains(&c.name)) {
        p.add(
            c.section,
            Some(ids::NAME),
            format!("another container is also named {}", c.name),
        );
    }
    let first = values
        .containers
        .first()
        .map(|c| c.section)
        .unwrap_or(values.index.tags);
    let essential: Vec<bool> = values.containers.iter().map(|c| c.essential).collect();
    if let Err(e) = validate_essential(&essential) {
        p.add(first, None, e);
    }
    let limits: Vec<_> = values
        .containers
        .iter()
        .map(|c| {
            (
                c.cpu.clone().ok().flatten(),
                c.memory.clone().ok().flatten(),
                c.memory_reservation.clone().ok().flatten(),
            )
        })
        .collect();
    let task_cpu = values.cpu.clone().ok().flatten();
    let task_memory = values.memory.clone().ok().flatten();
    for (index, message) in check_against_task(task_cpu, task_memory, &limits) {
        match index.and_then(|i| values.containers.get(i)) {
            Some(c) => {
                let field = if c.memory.as_ref().is_ok_and(Option::is_some) {
                    ids::MEMORY
                } else {
                    ids::MEMORY_RESERVATION
                };
                p.add(c.section, Some(field), message);
            }
            None => p.add(first, None, message),
        }
    }
}

fn container(values: &TaskValues, c: &ContainerValues, p: &mut Problems) {
    let s = c.section;
    if let Err(e) = validate_container_name(&c.name) {
        p.add(s, Some(ids::NAME), e);
    }
    if c.image.is_empty() {
        p.add(s, Some(ids::IMAGE), "the image is required");
    } else if c.image.chars().any(char::is_whitespace) {
        p.add(s, Some(ids::IMAGE), "an image URI has no spaces");
    }
    match &c.ports {
        Ok(ports) => {
            if let Some(e) = ports
                .iter()
                .find_map(|port| check_host_port(values.network, port.container, port.host).err())
            {
                p.add(s, Some(ids::PORTS), e);
            }
        }
        Err(e) => p.add(s, Some(ids::PORTS), e.clone()),
    }
    p.check(s, ids::COMMAND, &c.command);
    p.check(s, ids::ENTRY_POINT, &c.entry_point);
    p.check(s, ids::ENVIRONMENT, &c.environment);
    p.check(s, ids::SECRETS, &c.secrets);
    if !c.repository_credentials.is_empty() && !c.repository_credentials.starts_with("arn:") {
        p.add(
            s,
            Some(ids::REPOSITORY_CREDENTIALS),
            "the registry secret is the ARN of a Secrets Manager secret",
        );
    }
    p.check(s, ids::CPU, &c.cpu);
    p.check(s, ids::MEMORY, &c.memory);
    p.check(s, ids::MEMORY_RESERVATION, &c.memory_reservation);
    if let (Ok(m), Ok(r)) = (&c.memory, &c.memory_reservation)
        && let Err(e) = validate_container_memory(*m, *r)
    {
        let field = if e.starts_with("memory reservation") {
            ids::MEMORY_RESERVATION
        } else {
            ids::MEMORY
        };
        p.add(s, Some(field), e);
    }
    if let LogValues::Awslogs(log) = &c.log {
        if let Err(e) = validate_log_group(&log.group) {
            p.add(s, Some(ids::LOG_GROUP), e);
        }
        if let Err(e) = validate_region(&log.region) {
            p.add(s, Some(ids::LOG_REGION), e);
        }
        if log.prefix.is_empty() && values.launch == LaunchType::Fargate {
            p.add(
                s,
                Some(ids::LOG_PREFIX),
                "Fargate needs an awslogs stream prefix",
            );
        } else if log.prefix.contains(':') || log.prefix.contains('*') {
            p.add(
                s,
                Some(ids::LOG_PREFIX),
                "a stream prefix cannot contain : or *",
            );
        }
    }
}
