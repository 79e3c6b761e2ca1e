//! Launch types and operating system/architecture (`requiresCompatibilities`, `runtimePlatform`).

/// Where tasks run: `requiresCompatibilities`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum LaunchType {
    Fargate,
    Ec2,
}

impl LaunchType {
    pub const ALL: [LaunchType; 2] = [LaunchType::Fargate, LaunchType::Ec2];

    /// The API value.
    pub fn api(self) -> &'static str {
        match self {
            LaunchType::Fargate => "FARGATE",
            LaunchType::Ec2 => "EC2",
        }
    }

    /// The console's wording.
    pub fn label(self) -> &'static str {
        match self {
            LaunchType::Fargate => "AWS Fargate",
            LaunchType::Ec2 => "Amazon EC2 instances",
        }
    }

    pub fn from_api(value: &str) -> Option<LaunchType> {
        LaunchType::ALL.into_iter().find(|l| l.api() == value)
    }
}

/// `runtimePlatform.operatingSystemFamily`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OsFamily {
    Linux,
    Windows2019Full,
    Windows2019Core,
    Windows2022Full,
    Windows2022Core,
    Windows2025Full,
    Windows2025Core,
}

impl OsFamily {
    pub const ALL: [OsFamily; 7] = [
        OsFamily::Linux,
        OsFamily::Windows2019Full,
        OsFamily::Windows2019Core,
        OsFamily::Windows2022Full,
        OsFamily::Windows2022Core,
        OsFamily::Windows2025Full,
        OsFamily::Windows2025Core,
    ];

    pub fn api(self) -> &'static str {
        match self {
            OsFamily::Linux => "LINUX",
            OsFamily::Windows2019Full => "WINDOWS_SERVER_2019_FULL",
            OsFamily::Windows2019Core => "WINDOWS_SERVER_2019_CORE",
            OsFamily::Windows2022Full => "WINDOWS_SERVER_2022_FULL",
            OsFamily::Windows2022Core => "WINDOWS_SERVER_2022_CORE",
            OsFamily::Windows2025Full => "WINDOWS_SERVER_2025_FULL",
            OsFamily::Windows2025Core => "WINDOWS_SERVER_2025_CORE",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            OsFamily::Linux => "Linux",
            OsFamily::Windows2019Full => "Windows Server 2019 Full",
            OsFamily::Windows2019Core => "Windows Server 2019 Core",
            OsFamily::Windows2022Full => "Windows Server 2022 Full",
            OsFamily::Windows2022Core => "Windows Server 2022 Core",
            OsFamily::Windows2025Full => "Windows Server 2025 Full",
            OsFamily::Windows2025Core => "Windows Server 2025 Core",
        }
    }

    pub fn is_windows(self) -> bool {
        self != OsFamily::Linux
    }

    pub fn from_api(value: &str) -> Option<OsFamily> {
        OsFamily::ALL.into_iter().find(|o| o.api() == value)
    }
}

/// `runtimePlatform.cpuArchitecture`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CpuArch {
    X86_64,
    Arm64,
}

impl CpuArch {
    pub fn api(self) -> &'static str {
        match self {
            CpuArch::X86_64 => "X86_64",
            CpuArch::Arm64 => "ARM64",
        }
    }

    pub fn from_api(value: &str) -> Option<CpuArch> {
        [CpuArch::X86_64, CpuArch::Arm64]
            .into_iter()
            .find(|a| a.api() == value)
    }
}

/// An operating system with an architecture: the choices of the console's "Operating
/// system/Architecture" field. Windows runs on X86_64 only.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Platform {
    pub os: OsFamily,
    pub arch: CpuArch,
}

impl Platform {
    /// The choice's value, `LINUX/X86_64`.
    pub fn key(self) -> String {
        format!("{}/{}", self.os.api(), self.arch.api())
    }

    /// `Linux/ARM64`, `Windows Server 2022 Core/X86_64`.
    pub fn label(self) -> String {
        format!("{}/{}", self.os.label(), self.arch.api())
    }

    /// Parses [`Platform::key`]; an unknown or Windows-on-ARM combination is `None`.
    pub fn from_key(key: &str) -> Option<Platform> {
        let (os, arch) = key.split_once('/')?;
        let p = Platform {
            os: OsFamily::from_api(os)?,
            arch: CpuArch::from_api(arch)?,
        };
        platforms().contains(&p).then_some(p)
    }
}

impl Default for Platform {
    fn default() -> Self {
        Platform {
            os: OsFamily::Linux,
            arch: CpuArch::X86_64,
        }
    }
}

/// Every valid operating system/architecture pair, in the console's order.
pub fn platforms() -> Vec<Platform> {
    let mut out = vec![
        Platform {
            os: OsFamily::Linux,
            arch: CpuArch::X86_64,
        },
        Platform {
            os: OsFamily::Linux,
            arch: CpuArch::Arm64,
        },
    ];
    out.extend(
        OsFamily::ALL
            .into_iter()
            .filter(|o| o.is_windows())
            .map(|os| Platform {
                os,
                arch: CpuArch::X86_64,
            }),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn platforms_are_linux_on_both_and_windows_on_x86_only() {
        let all = platforms();
        assert_eq!(all.len(), 8);
        assert!(
            all.iter()
                .all(|p| !p.os.is_windows() || p.arch == CpuArch::X86_64)
        );
        for p in &all {
            assert_eq!(Platform::from_key(&p.key()), Some(*p));
        }
        assert_eq!(Platform::from_key("WINDOWS_SERVER_2019_FULL/ARM64"), None);
        assert_eq!(Platform::from_key("LINUX"), None);
        assert_eq!(Platform::from_key("BSD/X86_64"), None);
    }

    #[test]
    fn api_values_round_trip() {
        for l in LaunchType::ALL {
            assert_eq!(LaunchType::from_api(l.api()), Some(l));
        }
        for o in OsFamily::ALL {
            assert_eq!(OsFamily::from_api(o.api()), Some(o));
        }
        assert_eq!(LaunchType::from_api("EXTERNAL"), None);
    }
}
