//! Task size: the Fargate cpu/memory table and the EC2 ranges.
//!
//! ecs-domain.md gives EC2 task cpu as 128-10240 units; the RegisterTaskDefinition reference now
//! says 128-196608 (192 vCPU) for EC2 and external tasks, and AWS wins, so [`EC2_MAX_CPU`] follows it.

use super::memory::{cpu_label, mib_label};
use super::platform::OsFamily;

/// Valid memory for one Fargate cpu value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MemoryChoices {
    /// Exactly these values (MiB).
    List(&'static [u32]),
    /// `from` to `to` inclusive, in steps of `step` (MiB).
    Steps { from: u32, to: u32, step: u32 },
}

impl MemoryChoices {
    /// Every valid value, ascending.
    pub fn values(self) -> Vec<u32> {
        match self {
            MemoryChoices::List(values) => values.to_vec(),
            MemoryChoices::Steps { from, to, step } => {
                let mut out = Vec::new();
                let mut m = from;
                while m <= to {
                    out.push(m);
                    m = m.saturating_add(step.max(1));
                    if m == u32::MAX {
                        break;
                    }
                }
                out
            }
        }
    }

    pub fn contains(self, mib: u32) -> bool {
        match self {
            MemoryChoices::List(values) => values.contains(&mib),
            MemoryChoices::Steps { from, to, step } => {
                (from..=to).contains(&mib) && (mib - from).is_multiple_of(step.max(1))
            }
        }
    }

    /// `512, 1024 or 2048 MiB` / `2048–8192 MiB in steps of 1024`.
    pub fn describe(self) -> String {
        match self {
            MemoryChoices::List(values) => {
                let mut parts: Vec<String> = values.iter().map(u32::to_string).collect();
                let last = parts.pop().unwrap_or_default();
                if parts.is_empty() {
                    format!("{last} MiB")
                } else {
                    format!("{} or {last} MiB", parts.join(", "))
                }
            }
            MemoryChoices::Steps { from, to, step } => {
                format!("{from}–{to} MiB in steps of {step}")
            }
        }
    }
}

/// One row of the Fargate table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FargateSize {
    /// CPU units.
    pub cpu: u32,
    pub memory: MemoryChoices,
    /// Windows on Fargate runs with 1, 2 or 4 vCPU only; 8 and 16 vCPU need Linux platform 1.4.0+.
    pub windows: bool,
}

/// The Fargate task sizes (ecs-domain.md; the RegisterTaskDefinition reference agrees).
pub const FARGATE_SIZES: &[FargateSize] = &[
    FargateSize {
        cpu: 256,
        memory: MemoryChoices::List(&[512, 1024, 2048]),
        windows: false,
    },
    FargateSize {
        cpu: 512,
        memory: MemoryChoices::Steps {
            from: 1024,
            to: 4096,
            step: 1024,
        },
        windows: false,
    },
    FargateSize {
        cpu: 1024,
        memory: MemoryChoices::Steps {
            from: 2048,
            to: 8192,
            step: 1024,
        },
        windows: true,
    },
    FargateSize {
        cpu: 2048,
        memory: MemoryChoices::Steps {
            from: 4096,
            to: 16384,
            step: 1024,
        },
        windows: true,
    },
    FargateSize {
        cpu: 4096,
        memory: MemoryChoices::Steps {
            from: 8192,
            to: 30720,
            step: 1024,
        },
        windows: true,
    },
    FargateSize {
        cpu: 8192,
        memory: MemoryChoices::Steps {
            from: 16384,
            to: 61440,
            step: 4096,
        },
        windows: false,
    },
    FargateSize {
        cpu: 16384,
        memory: MemoryChoices::Steps {
            from: 32768,
            to: 122880,
            step: 8192,
        },
        windows: false,
    },
];

/// The smallest EC2 task cpu (0.125 vCPU).
pub const EC2_MIN_CPU: u32 = 128;
/// The largest EC2 task cpu (192 vCPU) per the RegisterTaskDefinition reference.
pub const EC2_MAX_CPU: u32 = 196_608;

/// The table row of a Fargate cpu value.
pub fn fargate_size(cpu: u32) -> Option<&'static FargateSize> {
    FARGATE_SIZES.iter().find(|s| s.cpu == cpu)
}

/// Why a Fargate cpu value cannot be used on this OS, or `None` when it can.
pub fn fargate_cpu_problem(cpu: u32, os: OsFamily) -> Option<String> {
    match fargate_size(cpu) {
        None => Some(format!(
            "cpu {cpu} is not a Fargate size: choose {}",
            FARGATE_SIZES
                .iter()
                .map(|s| s.cpu.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )),
        Some(s) if os.is_windows() && !s.windows => Some(if cpu < 1024 {
            "Windows on Fargate needs at least 1 vCPU".to_string()
        } else {
            format!("{} needs Linux (platform 1.4.0 or later)", cpu_label(cpu))
        }),
        Some(_) => None,
    }
}

/// The memory values (MiB) valid with a Fargate cpu value; empty for an unknown cpu.
pub fn fargate_memory_options(cpu: u32) -> Vec<u32> {
    fargate_size(cpu)
        .map(|s| s.memory.values())
        .unwrap_or_default()
}

/// Checks a Fargate cpu/memory pair for an OS.
pub fn validate_fargate(cpu: u32, memory: u32, os: OsFamily) -> Result<(), String> {
    if let Some(problem) = fargate_cpu_problem(cpu, os) {
        return Err(problem);
    }
    let Some(size) = fargate_size(cpu) else {
        return Err(format!("cpu {cpu} is not a Fargate size"));
    };
    if size.memory.contains(memory) {
        Ok(())
    } else {
        Err(format!(
            "{} is not valid with {} ({cpu}): choose {}",
            mib_label(memory),
            cpu_label(cpu),
            size.memory.describe()
        ))
    }
}

/// Checks an EC2 task cpu in units.
pub fn validate_ec2_cpu(cpu: u32) -> Result<(), String> {
    if (EC2_MIN_CPU..=EC2_MAX_CPU).contains(&cpu) {
        Ok(())
    } else {
        Err(format!(
            "task cpu must be {EC2_MIN_CPU}–{EC2_MAX_CPU} units ({} – {}), not {cpu}",
            cpu_label(EC2_MIN_CPU),
            cpu_label(EC2_MAX_CPU)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every valid pair, straight from the ecs-domain.md table.
    fn expected_valid() -> Vec<(u32, u32)> {
        let mut out = Vec::new();
        for m in [512, 1024, 2048] {
            out.push((256, m));
        }
        let steps = [
            (512, 1024, 4096, 1024),
            (1024, 2048, 8192, 1024),
            (2048, 4096, 16384, 1024),
            (4096, 8192, 30720, 1024),
            (8192, 16384, 61440, 4096),
            (16384, 32768, 122880, 8192),
        ];
        for (cpu, from, to, step) in steps {
            let mut m = from;
            while m <= to {
                out.push((cpu, m));
                m += step;
            }
        }
        out
    }

    #[test]
    fn every_pair_of_the_table_is_valid_on_linux_and_nothing_else_is() {
        let valid = expected_valid();
        assert_eq!(valid.len(), 3 + 4 + 7 + 13 + 23 + 12 + 12);
        // Every cpu from 0 to 17 vCPU in 128-unit steps (and the table's), against every memory
        // from 0 to 128 GB in 256 MiB steps: boundaries, off-step values and unknown cpus included.
        let mut cpus: Vec<u32> = (0..=17 * 8).map(|i| i * 128).collect();
        cpus.extend([1, 255, 257, 1023, 1025, 16383, 16385, 32768]);
        let mems: Vec<u32> = (0..=512)
            .map(|i| i * 256)
            .chain([1, 511, 513, 122879, 122881, 131072])
            .collect();
        let mut checked = 0usize;
        for &cpu in &cpus {
            for &mem in &mems {
                let ok = validate_fargate(cpu, mem, OsFamily::Linux).is_ok();
                assert_eq!(ok, valid.contains(&(cpu, mem)), "cpu {cpu} memory {mem}");
                checked += 1;
            }
        }
        assert!(checked > 60_000);
        for (cpu, mem) in valid {
            assert!(validate_fargate(cpu, mem, OsFamily::Linux).is_ok());
        }
    }

    #[test]
    fn memory_options_are_the_table() {
        let valid = expected_valid();
        for size in FARGATE_SIZES {
            let from_table: Vec<u32> = valid
                .iter()
                .filter(|(c, _)| *c == size.cpu)
                .map(|(_, m)| *m)
                .collect();
            assert_eq!(fargate_memory_options(size.cpu), from_table, "{}", size.cpu);
        }
        assert!(fargate_memory_options(300).is_empty());
    }

    #[test]
    fn boundaries_and_wrong_steps_say_what_to_choose() {
        let err = validate_fargate(256, 1536, OsFamily::Linux).expect_err("1.5 GB");
        assert_eq!(
            err,
            "1.5 GB is not valid with .25 vCPU (256): choose 512, 1024 or 2048 MiB"
        );
        let err = validate_fargate(1024, 9216, OsFamily::Linux).expect_err("above");
        assert!(err.contains("2048–8192 MiB in steps of 1024"), "{err}");
        assert!(
            validate_fargate(1024, 1024, OsFamily::Linux).is_err(),
            "below"
        );
        assert!(validate_fargate(8192, 20480, OsFamily::Linux).is_ok());
        assert!(
            validate_fargate(8192, 18432, OsFamily::Linux).is_err(),
            "off step"
        );
        assert!(validate_fargate(16384, 40960, OsFamily::Linux).is_ok());
        assert!(
            validate_fargate(16384, 36864, OsFamily::Linux).is_err(),
            "off step"
        );
        let err = validate_fargate(300, 1024, OsFamily::Linux).expect_err("cpu");
        assert!(err.starts_with("cpu 300 is not a Fargate size"), "{err}");
    }

    #[test]
    fn windows_on_fargate_takes_1_2_or_4_vcpu() {
        for os in OsFamily::ALL.into_iter().filter(|o| o.is_windows()) {
            for size in FARGATE_SIZES {
                let allowed = [1024, 2048, 4096].contains(&size.cpu);
                assert_eq!(
                    fargate_cpu_problem(size.cpu, os).is_none(),
                    allowed,
                    "{}",
                    size.cpu
                );
                let first = size.memory.values()[0];
                assert_eq!(validate_fargate(size.cpu, first, os).is_ok(), allowed);
            }
        }
        assert_eq!(
            fargate_cpu_problem(256, OsFamily::Windows2019Core).as_deref(),
            Some("Windows on Fargate needs at least 1 vCPU")
        );
        assert!(
            fargate_cpu_problem(8192, OsFamily::Windows2022Full)
                .is_some_and(|p| p.contains("needs Linux"))
        );
    }

    #[test]
    fn ec2_cpu_range() {
        for ok in [128, 129, 256, 1024, 10240, 10241, 196_607, 196_608] {
            assert!(validate_ec2_cpu(ok).is_ok(), "{ok}");
        }
        for bad in [0, 1, 127, 196_609, u32::MAX] {
            assert!(validate_ec2_cpu(bad).is_err(), "{bad}");
        }
    }
}
