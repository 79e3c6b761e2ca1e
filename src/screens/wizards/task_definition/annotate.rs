//! Messages next to the fields after each edit: each problem on its field (or section), warnings
//! (an existing family, a role outside the list) and previews of what a value turns into.

use super::fields::ids;
use super::validate::{self, Problem};
use super::values::{self, RoleInput, TaskValues};
use crate::domain::roles::{ContainerNeeds, execution_role_reasons};
use crate::form::Form;
use crate::form::shell;
use crate::model::iam::Role;

/// Writes errors, warnings, notes and previews into the form.
pub fn annotate(
    form: &mut Form,
    values: &TaskValues,
    problems: &[Problem],
    extra_needs: &[ContainerNeeds],
    existing_families: &[String],
    roles: Option<&Result<Vec<Role>, String>>,
) {
    for section in &mut form.sections {
        section.error = None;
        for field in &mut section.fields {
            field.error = None;
            field.warning = None;
            field.preview = None;
        }
    }
    for p in problems {
        let Some(section) = form.sections.get_mut(p.section) else {
            continue;
        };
        let slot = match p.field.and_then(|id| section.field_mut(id)) {
            Some(field) => &mut field.error,
            None => &mut section.error,
        };
        match slot {
            Some(existing) => {
                existing.push_str("; ");
                existing.push_str(&p.message);
            }
            None => *slot = Some(p.message.clone()),
        }
    }
    let ix = values.index;
    if let Some(f) = form
        .sections
        .get_mut(ix.task)
        .and_then(|s| s.field_mut(ids::FAMILY))
        && existing_families.contains(&values.family)
    {
        f.warning = Some(format!(
            "{} exists: this registers a new revision of it",
            values.family
        ));
    }
    let size_preview = |r: &values::Parsed<u32>, unit: &str| match r {
        Ok(Some(n)) => Some(format!("{n} {unit}")),
        _ => None,
    };
    if let Some(s) = form.sections.get_mut(ix.size) {
        if let Some(f) = s.field_mut(ids::EC2_CPU) {
            f.preview = size_preview(&values.cpu, "units");
        }
        if let Some(f) = s.field_mut(ids::EC2_MEMORY) {
            f.preview = size_preview(&values.memory, "MiB");
        }
    }
    let mut needs = validate::needs(&values.containers);
    needs.extend(extra_needs.iter().cloned());
    let reasons = execution_role_reasons(&needs);
    let known: Vec<String> = match roles {
        Some(Ok(list)) => list.iter().map(|r| r.arn.clone()).collect(),
        _ => Vec::new(),
    };
    if let Some(s) = form.sections.get_mut(ix.roles) {
        for (id, role) in [
            (ids::TASK_ROLE, &values.task_role),
            (ids::EXECUTION_ROLE, &values.execution_role),
        ] {
            let Some(f) = s.field_mut(id) else { continue };
            f.preview = role.arn().map(str::to_string);
            if let RoleInput::Arn(a) = role
                && matches!(roles, Some(Ok(_)))
                && !known.contains(a)
            {
                f.warning = Some("not among the roles that trust ecs-tasks.amazonaws.com".into());
            }
        }
        s.note = Some(if reasons.is_empty() {
            "Execution role: not required by these containers.".to_string()
        } else {
            format!("Execution role required — {}", reasons.join("; "))
        });
    }
    for c in &values.containers {
        let Some(s) = form.sections.get_mut(c.section) else {
            continue;
        };
        for (id, words) in [
            (ids::COMMAND, &c.command),
            (ids::ENTRY_POINT, &c.entry_point),
        ] {
            if let (Ok(words), Some(f)) = (words, s.field_mut(id))
                && !words.is_empty()
            {
                f.preview = Some(shell::json_array(words));
            }
        }
        if let (Ok(ports), Some(f)) = (&c.ports, s.field_mut(ids::PORTS))
            && !ports.is_empty()
        {
            f.preview = Some(
                ports
                    .iter()
                    .map(|p| {
                        let mut t = match p.host {
                            Some(h) => format!("host {h} → {}/{}", p.container, p.protocol),
                            None => format!("{}/{}", p.container, p.protocol),
                        };
                        if let Some(n) = &p.name {
                            t.push_str(&format!(" {n}"));
                        }
                        if let Some(a) = &p.app_protocol {
                            t.push_str(&format!(" ({a})"));
                        }
                        t
                    })
                    .collect::<Vec<_>>()
                    .join(" · "),
            );
        }
        for (id, pairs) in [
            (ids::ENVIRONMENT, &c.environment),
            (ids::SECRETS, &c.secrets),
        ] {
            if let (Ok(pairs), Some(f)) = (pairs, s.field_mut(id))
                && !pairs.is_empty()
            {
                f.preview = Some(
                    pairs
                        .iter()
                        .map(|(k, v)| format!("{k}={v:?}"))
                        .collect::<Vec<_>>()
                        .join(" · "),
                );
            }
        }
        for (id, value) in [
            (ids::MEMORY, &c.memory),
            (ids::MEMORY_RESERVATION, &c.memory_reservation),
        ] {
            if let (Ok(Some(n)), Some(f)) = (value, s.field_mut(id))
                && f.value().trim() != n.to_string()
            {
                f.preview = Some(format!("{n} MiB"));
            }
        }
        if let (Ok(Some(n)), Some(f)) = (&c.cpu, s.field_mut(ids::CPU))
            && f.value().trim() != n.to_string()
        {
            f.preview = Some(format!("{n} units"));
        }
    }
    if let Some(f) = form
        .sections
        .get_mut(ix.tags)
        .and_then(|s| s.field_mut(ids::TAGS))
        && let Ok(tags) = &values.tags
        && !tags.is_empty()
    {
        f.preview = Some(format!(
            "{} tag{}",
            tags.len(),
            if tags.len() == 1 { "" } else { "s" }
        ));
    }
}
