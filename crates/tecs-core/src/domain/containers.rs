//! Rules over a task's set of containers: names, essential flags, and container memory and cpu
//! against each other and the task size.

use super::names::validate_name;

/// The Docker daemon reserves 6 MiB; ECS refuses less for a container.
pub const MIN_CONTAINER_MIB: u32 = 6;

/// A container name: 1-255 letters, digits, hyphens and underscores.
pub fn validate_container_name(name: &str) -> Result<(), String> {
    validate_name("container", name)
}

/// Names used by more than one container, in first-seen order (empty names are reported
/// elsewhere).
pub fn duplicate_names<'a>(names: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut seen: Vec<&str> = Vec::new();
    let mut dups: Vec<String> = Vec::new();
    for name in names {
        if name.is_empty() {
            continue;
        }
        if seen.contains(&name) {
            if !dups.iter().any(|d| d == name) {
                dups.push(name.to_string());
            }
        } else {
            seen.push(name);
        }
    }
    dups
}

/// At least one container, and at least one of them essential.
pub fn validate_essential(essential: &[bool]) -> Result<(), String> {
    if essential.is_empty() {
        Err("a task definition needs at least one container".to_string())
    } else if essential.iter().any(|e| *e) {
        Ok(())
    } else {
        Err("at least one container must be essential".to_string())
    }
}

/// One container's memory limits (MiB).
pub fn validate_container_memory(
    memory: Option<u32>,
    reservation: Option<u32>,
) -> Result<(), String> {
    if let Some(m) = memory
        && m < MIN_CONTAINER_MIB
    {
        return Err(format!("memory must be at least {MIN_CONTAINER_MIB} MiB"));
    }
    if let Some(r) = reservation
        && r < MIN_CONTAINER_MIB
    {
        return Err(format!(
            "memory reservation must be at least {MIN_CONTAINER_MIB} MiB"
        ));
    }
    match (memory, reservation) {
        (Some(m), Some(r)) if m <= r => Err(format!(
            "the memory limit ({m} MiB) must be greater than the reservation ({r} MiB)"
        )),
        _ => Ok(()),
    }
}

/// Container limits against the task's: without task memory (EC2) every container needs memory or
/// a reservation; with it, no container's limit may exceed it and the reservations together must
/// fit. Returns `(container index, message)` pairs.
pub fn check_against_task(
    task_cpu: Option<u32>,
    task_memory: Option<u32>,
    containers: &[(Option<u32>, Option<u32>, Option<u32>)],
) -> Vec<(Option<usize>, String)> {
    let mut out = Vec::new();
    match task_memory {
        None => {
            for (i, (_, memory, reservation)) in containers.iter().enumerate() {
                if memory.is_none() && reservation.is_none() {
                    out.push((
                        Some(i),
                        "without task memory, set this container's memory or memory reservation"
                            .to_string(),
                    ));
                }
            }
        }
        Some(task) => {
            for (i, (_, memory, _)) in containers.iter().enumerate() {
                if let Some(m) = memory
                    && *m > task
                {
                    out.push((
                        Some(i),
                        format!("memory {m} MiB is more than the task's {task} MiB"),
                    ));
                }
            }
            let reserved: u64 = containers
                .iter()
                .map(|(_, m, r)| u64::from(r.or(*m).unwrap_or(0)))
                .sum();
            if reserved > u64::from(task) {
                out.push((
                    None,
                    format!(
                        "the containers reserve {reserved} MiB together, more than the task's {task} MiB"
                    ),
                ));
            }
        }
    }
    if let Some(task) = task_cpu {
        let total: u64 = containers
            .iter()
            .map(|(c, _, _)| u64::from(c.unwrap_or(0)))
            .sum();
        if total > u64::from(task) {
            out.push((
                None,
                format!(
                    "the containers' cpu adds up to {total} units, more than the task's {task}"
                ),
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_name_rules() {
        assert!(validate_container_name("web_app-1").is_ok());
        assert!(validate_container_name(&"a".repeat(255)).is_ok());
        assert!(validate_container_name(&"a".repeat(256)).is_err());
        assert_eq!(
            validate_container_name(""),
            Err("container name is required".into())
        );
        for bad in ["a b", "a.b", "a/b", "ü"] {
            assert!(validate_container_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn duplicates_are_reported_once_each() {
        assert!(duplicate_names(["a", "b", "c"]).is_empty());
        assert_eq!(duplicate_names(["a", "b", "a", "a", "b"]), ["a", "b"]);
        assert!(
            duplicate_names(["", ""]).is_empty(),
            "empty names are not duplicates"
        );
        assert!(duplicate_names(Vec::<&str>::new()).is_empty());
        assert!(
            duplicate_names(["App", "app"]).is_empty(),
            "names are case-sensitive"
        );
    }

    #[test]
    fn at_least_one_essential_container() {
        assert!(validate_essential(&[true]).is_ok());
        assert!(validate_essential(&[false, true]).is_ok());
        assert_eq!(
            validate_essential(&[false, false]),
            Err("at least one container must be essential".into())
        );
        assert!(
            validate_essential(&[])
                .unwrap_err()
                .contains("at least one container")
        );
    }

    #[test]
    fn container_memory_limits() {
        assert!(validate_container_memory(None, None).is_ok());
        assert!(validate_container_memory(Some(6), None).is_ok());
        assert!(validate_container_memory(Some(5), None).is_err());
        assert!(validate_container_memory(None, Some(5)).is_err());
        assert!(validate_container_memory(Some(512), Some(256)).is_ok());
        assert!(validate_container_memory(Some(512), Some(512)).is_err());
        assert!(validate_container_memory(Some(256), Some(512)).is_err());
    }

    #[test]
    fn containers_against_the_task() {
        // EC2 without task memory: each container needs one of the two.
        let c = [
            (None, Some(256), None),
            (None, None, Some(128)),
            (None, None, None),
        ];
        assert_eq!(
            check_against_task(None, None, &c)
                .iter()
                .map(|(i, _)| *i)
                .collect::<Vec<_>>(),
            [Some(2)]
        );
        // With task memory: limits and reservations must fit.
        assert!(
            check_against_task(
                Some(256),
                Some(512),
                &[(Some(128), Some(256), None), (Some(128), None, Some(256))]
            )
            .is_empty()
        );
        let over = check_against_task(None, Some(512), &[(None, Some(1024), None)]);
        assert_eq!(over.len(), 2, "{over:?}");
        let sum = check_against_task(
            None,
            Some(512),
            &[(None, None, Some(300)), (None, None, Some(300))],
        );
        assert_eq!(
            sum,
            [(
                None,
                "the containers reserve 600 MiB together, more than the task's 512 MiB".to_string()
            )]
        );
        let cpu = check_against_task(
            Some(256),
            Some(512),
            &[(Some(200), None, None), (Some(100), None, None)],
        );
        assert_eq!(cpu.len(), 1);
        assert!(cpu[0].1.contains("300 units"));
    }
}
