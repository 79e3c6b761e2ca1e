//! The RegisterTaskDefinition JSON a draft turns into: the exact body tecs sends and the file
//! `aws ecs register-task-definition --cli-input-json` takes. Fields of a source revision that
//! the form does not model are kept as they were.

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};

use super::values::{ContainerValues, LogValues, TaskValues};
use crate::domain::network::{HostPort, host_port_rule};
use crate::domain::roles::ContainerNeeds;

/// Task-level keys the form edits.
pub const TASK_KEYS: &[&str] = &[
    "family",
    "taskRoleArn",
    "executionRoleArn",
    "networkMode",
    "containerDefinitions",
    "requiresCompatibilities",
    "cpu",
    "memory",
    "runtimePlatform",
    "tags",
];

/// Container keys the form edits.
pub const CONTAINER_KEYS: &[&str] = &[
    "name",
    "image",
    "cpu",
    "memory",
    "memoryReservation",
    "portMappings",
    "essential",
    "entryPoint",
    "command",
    "environment",
    "secrets",
    "repositoryCredentials",
    "logConfiguration",
];

/// The awslogs options the form edits.
pub const AWSLOGS_KEYS: &[&str] = &["awslogs-group", "awslogs-region", "awslogs-stream-prefix"];

/// What a container of the source revision had beyond the form's fields.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ContainerExtras {
    pub other: Map<String, Value>,
    /// awslogs options other than group, region and prefix.
    pub awslogs_options: Map<String, Value>,
    /// logConfiguration keys other than the driver and options (`secretOptions`).
    pub log_other: Map<String, Value>,
    /// A non-awslogs logConfiguration, kept as it was.
    pub kept_log: Option<Value>,
}

impl ContainerExtras {
    /// What the kept fields need from the execution role.
    pub fn needs(&self, name: &str) -> ContainerNeeds {
        let non_empty = |v: Option<&Value>| match v {
            Some(Value::Array(a)) => !a.is_empty(),
            Some(Value::Null) | None => false,
            Some(_) => true,
        };
        ContainerNeeds {
            name: name.to_string(),
            environment_files: non_empty(self.other.get("environmentFiles")),
            log_secrets: non_empty(self.log_other.get("secretOptions"))
                || non_empty(self.kept_log.as_ref().and_then(|l| l.get("secretOptions"))),
            ..Default::default()
        }
    }
}

/// Everything kept from a source revision.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Extras {
    pub task: Map<String, Value>,
    /// By container section key.
    pub containers: BTreeMap<u64, ContainerExtras>,
}

impl Extras {
    /// `volumes, placementConstraints · app: healthCheck` for the review.
    pub fn summary(&self, names: &BTreeMap<u64, String>) -> Vec<String> {
        let mut out = Vec::new();
        if !self.task.is_empty() {
            out.push(self.task.keys().cloned().collect::<Vec<_>>().join(", "));
        }
        for (key, extras) in &self.containers {
            let mut keys: Vec<String> = extras.other.keys().cloned().collect();
            keys.extend(
                extras
                    .awslogs_options
                    .keys()
                    .map(|k| format!("log option {k}")),
            );
            keys.extend(extras.log_other.keys().map(|k| format!("log {k}")));
            if let Some(driver) = extras
                .kept_log
                .as_ref()
                .and_then(|l| l.get("logDriver"))
                .and_then(Value::as_str)
            {
                keys.push(format!("{driver} logging"));
            }
            if !keys.is_empty() {
                let name = names.get(key).map(String::as_str).unwrap_or("(removed)");
                out.push(format!("{name}: {}", keys.join(", ")));
            }
        }
        out
    }
}

fn pairs(list: &[(String, String)], key: &str, value: &str) -> Value {
    Value::Array(
        list.iter()
            .map(|(k, v)| json!({ key: k, value: v }))
            .collect(),
    )
}

fn container(c: &ContainerValues, values: &TaskValues, extras: Option<&ContainerExtras>) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), json!(c.name));
    m.insert("image".into(), json!(c.image));
    if let Ok(Some(cpu)) = c.cpu {
        m.insert("cpu".into(), json!(cpu));
    }
    if let Ok(Some(memory)) = c.memory {
        m.insert("memory".into(), json!(memory));
    }
    if let Ok(Some(r)) = c.memory_reservation {
        m.insert("memoryReservation".into(), json!(r));
    }
    if let Ok(ports) = &c.ports
        && !ports.is_empty()
    {
        let host_allowed = matches!(
            host_port_rule(values.network),
            HostPort::Any | HostPort::SameAsContainer
        );
        let list: Vec<Value> = ports
            .iter()
            .map(|p| {
                let mut pm = Map::new();
                pm.insert("containerPort".into(), json!(p.container));
                if let Some(h) = p.host.filter(|_| host_allowed) {
                    pm.insert("hostPort".into(), json!(h));
                }
                pm.insert("protocol".into(), json!(p.protocol));
                if let Some(n) = &p.name {
                    pm.insert("name".into(), json!(n));
                }
                if let Some(a) = &p.app_protocol {
                    pm.insert("appProtocol".into(), json!(a));
                }
                Value::Object(pm)
            })
            .collect();
        m.insert("portMappings".into(), Value::Array(list));
    }
    m.insert("essential".into(), json!(c.essential));
    for (key, words) in [("entryPoint", &c.entry_point), ("command", &c.command)] {
        if let Ok(words) = words
            && !words.is_empty()
        {
            m.insert(key.into(), json!(words));
        }
    }
    if let Ok(env) = &c.environment
        && !env.is_empty()
    {
        m.insert("environment".into(), pairs(env, "name", "value"));
    }
    if let Ok(secrets) = &c.secrets
        && !secrets.is_empty()
    {
        m.insert("secrets".into(), pairs(secrets, "name", "valueFrom"));
    }
    if !c.repository_credentials.is_empty() {
        m.insert(
            "repositoryCredentials".into(),
            json!({ "credentialsParameter": c.repository_credentials }),
        );
    }
    match &c.log {
        LogValues::Awslogs(log) => {
            let mut options = Map::new();
            options.insert("awslogs-group".into(), json!(log.group));
            options.insert("awslogs-region".into(), json!(log.region));
            if !log.prefix.is_empty() {
                options.insert("awslogs-stream-prefix".into(), json!(log.prefix));
            }
            let mut config = Map::new();
            config.insert("logDriver".into(), json!("awslogs"));
            if let Some(e) = extras {
                for (k, v) in &e.awslogs_options {
                    options.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
            config.insert("options".into(), Value::Object(options));
            if let Some(e) = extras {
                for (k, v) in &e.log_other {
                    config.entry(k.clone()).or_insert_with(|| v.clone());
                }
            }
            m.insert("logConfiguration".into(), Value::Object(config));
        }
        LogValues::Keep => {
            if let Some(kept) = extras.and_then(|e| e.kept_log.clone()) {
                m.insert("logConfiguration".into(), kept);
            }
        }
        LogValues::None => {}
    }
    if let Some(e) = extras {
        for (k, v) in &e.other {
            m.entry(k.clone()).or_insert_with(|| v.clone());
        }
    }
    Value::Object(m)
}

/// The RegisterTaskDefinition input. Parts that do not parse are left out (the review lists
/// them as problems and submit is blocked).
pub fn build(values: &TaskValues, extras: &Extras) -> Value {
    let mut m = Map::new();
    m.insert("family".into(), json!(values.family));
    if let Some(arn) = values.task_role.arn() {
        m.insert("taskRoleArn".into(), json!(arn));
    }
    if let Some(arn) = values.execution_role.arn() {
        m.insert("executionRoleArn".into(), json!(arn));
    }
    if let Some(mode) = values.network.api() {
        m.insert("networkMode".into(), json!(mode));
    }
    m.insert(
        "containerDefinitions".into(),
        Value::Array(
            values
                .containers
                .iter()
                .map(|c| container(c, values, extras.containers.get(&c.key)))
                .collect(),
        ),
    );
    m.insert(
        "requiresCompatibilities".into(),
        json!([values.launch.api()]),
    );
    if let Ok(Some(cpu)) = values.cpu {
        m.insert("cpu".into(), json!(cpu.to_string()));
    }
    if let Ok(Some(memory)) = values.memory {
        m.insert("memory".into(), json!(memory.to_string()));
    }
    m.insert(
        "runtimePlatform".into(),
        json!({
            "operatingSystemFamily": values.platform.os.api(),
            "cpuArchitecture": values.platform.arch.api(),
        }),
    );
    for (k, v) in &extras.task {
        m.entry(k.clone()).or_insert_with(|| v.clone());
    }
    if let Ok(tags) = &values.tags
        && !tags.is_empty()
    {
        m.insert("tags".into(), pairs(tags, "key", "value"));
    }
    Value::Object(m)
}

/// The log groups to create before registering: `(group, region)`, each once.
pub fn log_groups_to_create(values: &TaskValues) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    for c in &values.containers {
        if let LogValues::Awslogs(log) = &c.log
            && log.create
        {
            let pair = (log.group.clone(), log.region.clone());
            if !out.contains(&pair) {
                out.push(pair);
            }
        }
    }
    out
}
