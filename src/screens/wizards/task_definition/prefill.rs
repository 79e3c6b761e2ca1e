//! Fills the wizard from a described revision's raw JSON ("new revision from this"). Fields the
//! form does not model are kept in [`Extras`] and sent back unchanged.

use serde_json::{Map, Value};

use super::fields::{container_section, default_log_group, ids, kinds, log_choice, log_options};
use super::json::{AWSLOGS_KEYS, CONTAINER_KEYS, ContainerExtras, Extras, TASK_KEYS};
use super::options::refresh;
use super::values::SectionIndex;
use crate::domain::memory::{parse_cpu_units, parse_memory_mib};
use crate::domain::network::NetworkMode;
use crate::domain::platform::{CpuArch, LaunchType, OsFamily, Platform};
use crate::form::shell;
use crate::form::{FieldKind, Form, Section};
use crate::model::task_definition::READ_ONLY_FIELDS;
use crate::screens::wizards::parse::{PortSpec, format_pairs};

fn str_of<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str)
}

/// A number that may come as a JSON number or a string (`"1 vCPU"`, `"2GB"`).
fn amount(v: Option<&Value>, parse: impl Fn(&str) -> Result<u32, String>) -> Option<u32> {
    match v? {
        Value::Number(n) => n.as_u64().and_then(|n| u32::try_from(n).ok()),
        Value::String(s) => parse(s).ok(),
        _ => None,
    }
}

/// Whether a value is worth keeping (describe returns many empty lists).
fn meaningful(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Array(a) => !a.is_empty(),
        Value::Object(o) => !o.is_empty(),
        _ => true,
    }
}

fn set(section: &mut Section, id: &str, value: &str) {
    if let Some(f) = section.field_mut(id) {
        f.set_value(value);
    }
}

fn set_touched(section: &mut Section, id: &str, value: &str) {
    if let Some(f) = section.field_mut(id) {
        f.set_value(value);
        f.touched = true;
    }
}

fn ports_text(list: &[Value]) -> Option<String> {
    let mut specs = Vec::new();
    for p in list {
        let known = p.as_object().is_some_and(|o| {
            o.keys().all(|k| {
                [
                    "containerPort",
                    "hostPort",
                    "protocol",
                    "name",
                    "appProtocol",
                ]
                .contains(&k.as_str())
            })
        });
        let container = p
            .get("containerPort")
            .and_then(Value::as_u64)
            .and_then(|n| u16::try_from(n).ok());
        let (true, Some(container)) = (known, container) else {
            return None;
        };
        specs.push(PortSpec {
            container,
            host: p
                .get("hostPort")
                .and_then(Value::as_u64)
                .and_then(|n| u16::try_from(n).ok()),
            protocol: str_of(p, "protocol").unwrap_or("tcp").to_string(),
            name: str_of(p, "name").map(str::to_string),
            app_protocol: str_of(p, "appProtocol").map(str::to_string),
        });
    }
    Some(
        specs
            .iter()
            .map(PortSpec::text)
            .collect::<Vec<_>>()
            .join(", "),
    )
}

fn pair_list(v: Option<&Value>, key: &str, value: &str) -> String {
    let pairs: Vec<(String, String)> = v
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .map(|e| {
            (
                str_of(e, key).unwrap_or_default().to_string(),
                str_of(e, value).unwrap_or_default().to_string(),
            )
        })
        .collect();
    format_pairs(&pairs)
}

fn words(v: Option<&Value>) -> String {
    let list: Vec<String> = v
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|w| w.as_str().map(str::to_string))
        .collect();
    shell::join(&list)
}

/// Fills one container section; returns what the form cannot show.
fn container(s: &mut Section, c: &Value, family: &str, mode: NetworkMode) -> ContainerExtras {
    let mut extras = ContainerExtras::default();
    set(s, ids::NAME, str_of(c, "name").unwrap_or_default());
    set(s, ids::IMAGE, str_of(c, "image").unwrap_or_default());
    let essential = c.get("essential").and_then(Value::as_bool).unwrap_or(true);
    set(s, ids::ESSENTIAL, if essential { "true" } else { "false" });
    let ports = c
        .get("portMappings")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    // describe fills hostPort in with the container port in awsvpc and host mode.
    let ports: Vec<Value> = ports
        .into_iter()
        .map(|mut p| {
            if matches!(mode, NetworkMode::Awsvpc | NetworkMode::Host)
                && p.get("hostPort") == p.get("containerPort")
                && let Some(o) = p.as_object_mut()
            {
                o.remove("hostPort");
            }
            p
        })
        .collect();
    match ports_text(&ports) {
        Some(text) => set(s, ids::PORTS, &text),
        None => {
            extras
                .other
                .insert("portMappings".into(), Value::Array(ports));
        }
    }
    set(s, ids::COMMAND, &words(c.get("command")));
    set(s, ids::ENTRY_POINT, &words(c.get("entryPoint")));
    set(
        s,
        ids::ENVIRONMENT,
        &pair_list(c.get("environment"), "name", "value"),
    );
    set(
        s,
        ids::SECRETS,
        &pair_list(c.get("secrets"), "name", "valueFrom"),
    );
    set(
        s,
        ids::REPOSITORY_CREDENTIALS,
        c.get("repositoryCredentials")
            .and_then(|r| str_of(r, "credentialsParameter"))
            .unwrap_or_default(),
    );
    let number = |key: &str| {
        c.get(key)
            .and_then(Value::as_u64)
            .filter(|n| *n > 0)
            .map(|n| n.to_string())
            .unwrap_or_default()
    };
    set(s, ids::CPU, &number("cpu"));
    set(s, ids::MEMORY, &number("memory"));
    set(s, ids::MEMORY_RESERVATION, &number("memoryReservation"));

    match c.get("logConfiguration") {
        None | Some(Value::Null) => set(s, ids::LOG_DRIVER, log_choice::NONE),
        Some(log) if str_of(log, "logDriver") == Some("awslogs") => {
            let options = log.get("options").cloned().unwrap_or(Value::Null);
            let group = str_of(&options, "awslogs-group").unwrap_or_default();
            set(s, ids::LOG_DRIVER, log_choice::AWSLOGS);
            if group == default_log_group(family) {
                set(s, ids::LOG_GROUP, group);
            } else {
                set_touched(s, ids::LOG_GROUP, group);
            }
            set_touched(
                s,
                ids::LOG_REGION,
                str_of(&options, "awslogs-region").unwrap_or_default(),
            );
            set_touched(
                s,
                ids::LOG_PREFIX,
                str_of(&options, "awslogs-stream-prefix").unwrap_or_default(),
            );
            // The group exists already for a registered revision.
            set(s, ids::LOG_CREATE, "false");
            if let Some(o) = options.as_object() {
                for (k, v) in o
                    .iter()
                    .filter(|(k, _)| !AWSLOGS_KEYS.contains(&k.as_str()))
                {
                    extras.awslogs_options.insert(k.clone(), v.clone());
                }
            }
            if let Some(o) = log.as_object() {
                for (k, v) in o.iter().filter(|(k, v)| {
                    !["logDriver", "options"].contains(&k.as_str()) && meaningful(v)
                }) {
                    extras.log_other.insert(k.clone(), v.clone());
                }
            }
        }
        Some(log) => {
            let driver = str_of(log, "logDriver").unwrap_or("other");
            if let Some(f) = s.field_mut(ids::LOG_DRIVER)
                && let FieldKind::Choice(choice) = &mut f.kind
            {
                choice.set_options(log_options(Some(driver)));
                choice.select_value(log_choice::KEEP);
            }
            extras.kept_log = Some(log.clone());
        }
    }
    if let Some(o) = c.as_object() {
        for (k, v) in o
            .iter()
            .filter(|(k, v)| !CONTAINER_KEYS.contains(&k.as_str()) && meaningful(v))
        {
            extras.other.insert(k.clone(), v.clone());
        }
    }
    extras
}

/// Replaces the form's values with the revision's; `next_key` numbers the container sections.
pub fn apply(
    form: &mut Form,
    td: &Value,
    tags: &[(String, String)],
    region: &str,
    next_key: &mut u64,
) -> Extras {
    let mut extras = Extras::default();
    let ix = SectionIndex::of(form);
    let family = str_of(td, "family").unwrap_or_default().to_string();
    let compat: Vec<&str> = td
        .get("requiresCompatibilities")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let launch = if compat.contains(&"FARGATE") {
        LaunchType::Fargate
    } else {
        LaunchType::Ec2
    };
    let platform = td
        .get("runtimePlatform")
        .map(|p| Platform {
            os: str_of(p, "operatingSystemFamily")
                .and_then(OsFamily::from_api)
                .unwrap_or(OsFamily::Linux),
            arch: str_of(p, "cpuArchitecture")
                .and_then(CpuArch::from_api)
                .unwrap_or(CpuArch::X86_64),
        })
        .filter(|p| Platform::from_key(&p.key()).is_some())
        .unwrap_or_default();
    if let Some(s) = form.sections.get_mut(ix.task) {
        set(s, ids::FAMILY, &family);
    }
    if let Some(s) = form.sections.get_mut(ix.infrastructure) {
        set(s, ids::LAUNCH, launch.api());
        set(s, ids::PLATFORM, &platform.key());
    }
    refresh(form);
    let mode = NetworkMode::from_api(str_of(td, "networkMode"), platform.os)
        .unwrap_or(NetworkMode::Bridge);
    if let Some(s) = form.sections.get_mut(ix.infrastructure) {
        // The revision's mode stays even where another would be the default.
        set_touched(s, ids::NETWORK, mode.key());
    }
    let cpu = amount(td.get("cpu"), parse_cpu_units);
    let memory = amount(td.get("memory"), parse_memory_mib);
    if let Some(s) = form.sections.get_mut(ix.size) {
        let text = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
        match launch {
            LaunchType::Fargate => set(s, ids::FARGATE_CPU, &text(cpu)),
            LaunchType::Ec2 => {
                set(s, ids::EC2_CPU, &text(cpu));
                set(s, ids::EC2_MEMORY, &text(memory));
            }
        }
    }
    refresh(form);
    if let (LaunchType::Fargate, Some(s)) = (launch, form.sections.get_mut(ix.size)) {
        set(
            s,
            ids::FARGATE_MEMORY,
            &memory.map(|n| n.to_string()).unwrap_or_default(),
        );
    }
    if let Some(s) = form.sections.get_mut(ix.roles) {
        set(
            s,
            ids::TASK_ROLE,
            str_of(td, "taskRoleArn").unwrap_or_default(),
        );
        set(
            s,
            ids::EXECUTION_ROLE,
            str_of(td, "executionRoleArn").unwrap_or_default(),
        );
    }
    if let Some(s) = form.sections.get_mut(ix.tags) {
        set(s, ids::TAGS, &format_pairs(tags));
    }

    // Replace the default container with the revision's.
    for i in form.group(kinds::CONTAINER).into_iter().rev() {
        form.sections.remove(i);
    }
    let at = SectionIndex::of(form).tags;
    let defs = td
        .get("containerDefinitions")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for (n, c) in defs.iter().enumerate() {
        let key = *next_key;
        *next_key = next_key.saturating_add(1);
        let mut section = container_section(key, &family, region);
        let kept = container(&mut section, c, &family, mode);
        if kept != ContainerExtras::default() {
            extras.containers.insert(key, kept);
        }
        form.sections.insert(at.saturating_add(n), section);
    }
    if defs.is_empty() {
        let key = *next_key;
        *next_key = next_key.saturating_add(1);
        form.sections
            .insert(at, container_section(key, &family, region));
    }

    let task: Map<String, Value> = td
        .as_object()
        .into_iter()
        .flatten()
        .filter(|(k, v)| {
            !TASK_KEYS.contains(&k.as_str())
                && !READ_ONLY_FIELDS.contains(&k.as_str())
                && meaningful(v)
        })
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    extras.task = task;
    refresh(form);
    form.focus_section(0);
    extras
}
