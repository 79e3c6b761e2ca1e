//! Fields that depend on other fields: the choices offered (network modes for the launch type and
//! OS, Fargate memory for the cpu), which fields are shown, defaults that follow the family, and
//! the container section titles. Run after every edit, before validation.

use super::fields::{
    default_log_group, fargate_cpu_options, fargate_memory_choices, ids, kinds, log_choice,
    network_options,
};
use super::values::SectionIndex;
use crate::domain::network::{NetworkMode, default_mode};
use crate::domain::platform::{LaunchType, Platform};
use crate::form::{ChoiceField, ChoiceOption, FieldKind, Form, Section};

/// Replaces a choice's options; when its value is now disabled, selects `fallback` (or the first
/// enabled option).
fn offer(section: &mut Section, id: &str, options: Vec<ChoiceOption>, fallback: &str) {
    let Some(FieldKind::Choice(choice)) = section.field_mut(id).map(|f| &mut f.kind) else {
        return;
    };
    choice.set_options(options);
    if choice.current().is_none_or(|o| o.disabled.is_some()) && !choice.select_value(fallback) {
        let first = ChoiceField::new(choice.options.clone(), "").selected;
        choice.selected = first;
    }
}

fn hide(section: &mut Section, id: &str, hidden: bool) {
    if let Some(f) = section.field_mut(id) {
        f.hidden = hidden;
    }
}

/// Brings dependent fields up to date with the rest of the form.
pub fn refresh(form: &mut Form) {
    let ix = SectionIndex::of(form);
    let value = |form: &Form, i: usize, id: &str| {
        form.sections
            .get(i)
            .map(|s| s.value(id).to_string())
            .unwrap_or_default()
    };
    let launch = LaunchType::from_api(&value(form, ix.infrastructure, ids::LAUNCH))
        .unwrap_or(LaunchType::Fargate);
    let platform =
        Platform::from_key(&value(form, ix.infrastructure, ids::PLATFORM)).unwrap_or_default();
    let family = value(form, ix.task, ids::FAMILY).trim().to_string();

    if let Some(s) = form.sections.get_mut(ix.infrastructure) {
        let default = default_mode(launch, platform.os).key();
        offer(s, ids::NETWORK, network_options(launch, platform), default);
        // Until the operator picks a mode, it follows the launch type and OS (bridge on EC2 Linux).
        if let Some(f) = s.field_mut(ids::NETWORK)
            && !f.touched
        {
            f.set_value(default);
        }
    }
    if let Some(s) = form.sections.get_mut(ix.size) {
        offer(s, ids::FARGATE_CPU, fargate_cpu_options(platform), "1024");
        let cpu: u32 = s.value(ids::FARGATE_CPU).parse().unwrap_or_default();
        offer(s, ids::FARGATE_MEMORY, fargate_memory_choices(cpu), "");
        let fargate = launch == LaunchType::Fargate;
        for id in [ids::FARGATE_CPU, ids::FARGATE_MEMORY] {
            hide(s, id, !fargate);
        }
        for id in [ids::EC2_CPU, ids::EC2_MEMORY] {
            hide(s, id, fargate);
        }
        s.note = (!fargate && platform.os.is_windows()).then(|| {
            "Windows ignores task-level CPU and memory: set them on each container.".to_string()
        });
    }
    if let Some(s) = form.sections.get_mut(ix.infrastructure) {
        let mode = NetworkMode::from_key(s.value(ids::NETWORK));
        s.note = (launch == LaunchType::Fargate && mode == Some(NetworkMode::Awsvpc)).then(|| {
            "Running this on Fargate needs subnets and security groups (awsvpc).".to_string()
        });
    }

    let containers = form.group(kinds::CONTAINER);
    let count = containers.len();
    for (n, i) in containers.into_iter().enumerate() {
        let Some(s) = form.sections.get_mut(i) else {
            continue;
        };
        let awslogs = s.value(ids::LOG_DRIVER) == log_choice::AWSLOGS;
        for id in [
            ids::LOG_GROUP,
            ids::LOG_REGION,
            ids::LOG_PREFIX,
            ids::LOG_CREATE,
        ] {
            hide(s, id, !awslogs);
        }
        if let Some(group) = s.field_mut(ids::LOG_GROUP)
            && !group.touched
        {
            group.set_value(&default_log_group(&family));
        }
        let name = s.value(ids::NAME).trim().to_string();
        s.title = if name.is_empty() {
            format!("Container {} of {count}", n + 1)
        } else {
            format!("Container {} of {count} · {name}", n + 1)
        };
    }
    form.fix_focus();
}
