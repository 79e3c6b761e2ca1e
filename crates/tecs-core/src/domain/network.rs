//! Network modes per launch type and operating system, and what each allows for port mappings.

use super::platform::{LaunchType, OsFamily};

/// A task's network mode. `WindowsDefault` is Docker's Windows network: the API has no value for
/// it, the definition simply leaves `networkMode` out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NetworkMode {
    Awsvpc,
    Bridge,
    Host,
    None,
    WindowsDefault,
}

impl NetworkMode {
    pub const ALL: [NetworkMode; 5] = [
        NetworkMode::Awsvpc,
        NetworkMode::Bridge,
        NetworkMode::Host,
        NetworkMode::None,
        NetworkMode::WindowsDefault,
    ];

    /// The `networkMode` value, `None` when the field is left out.
    pub fn api(self) -> Option<&'static str> {
        match self {
            NetworkMode::Awsvpc => Some("awsvpc"),
            NetworkMode::Bridge => Some("bridge"),
            NetworkMode::Host => Some("host"),
            NetworkMode::None => Some("none"),
            NetworkMode::WindowsDefault => None,
        }
    }

    /// The choice's value and label.
    pub fn key(self) -> &'static str {
        self.api().unwrap_or("default")
    }

    pub fn from_key(key: &str) -> Option<NetworkMode> {
        NetworkMode::ALL.into_iter().find(|m| m.key() == key)
    }

    /// The mode of a described revision: a missing `networkMode` is bridge on Linux and Docker's
    /// default network on Windows.
    pub fn from_api(value: Option<&str>, os: OsFamily) -> Option<NetworkMode> {
        match value {
            Some(v) => NetworkMode::ALL
                .into_iter()
                .find(|m| m.api() == Some(v))
                .or((v == "default").then_some(NetworkMode::WindowsDefault)),
            None if os.is_windows() => Some(NetworkMode::WindowsDefault),
            None => Some(NetworkMode::Bridge),
        }
    }
}

/// The modes an operating system knows of, in the order the form lists them.
pub fn modes_for_os(os: OsFamily) -> &'static [NetworkMode] {
    if os.is_windows() {
        &[NetworkMode::WindowsDefault, NetworkMode::Awsvpc]
    } else {
        &[
            NetworkMode::Awsvpc,
            NetworkMode::Bridge,
            NetworkMode::Host,
            NetworkMode::None,
        ]
    }
}

/// Why `mode` cannot be used with this launch type and OS, or `None` when it can.
pub fn mode_problem(launch: LaunchType, os: OsFamily, mode: NetworkMode) -> Option<String> {
    if !modes_for_os(os).contains(&mode) {
        return Some(if os.is_windows() {
            format!(
                "{} is not available on Windows: use default or awsvpc",
                mode.key()
            )
        } else {
            "default is the Windows network: on Linux use awsvpc, bridge, host or none".to_string()
        });
    }
    match launch {
        LaunchType::Fargate if mode != NetworkMode::Awsvpc => {
            Some("Fargate supports awsvpc only".to_string())
        }
        _ => None,
    }
}

/// The mode the form starts with: awsvpc on Fargate, bridge on EC2 Linux, default on EC2 Windows.
pub fn default_mode(launch: LaunchType, os: OsFamily) -> NetworkMode {
    match (launch, os.is_windows()) {
        (LaunchType::Fargate, _) => NetworkMode::Awsvpc,
        (LaunchType::Ec2, false) => NetworkMode::Bridge,
        (LaunchType::Ec2, true) => NetworkMode::WindowsDefault,
    }
}

/// What a port mapping's host port may be in a mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostPort {
    /// Any port; 0 or none picks a dynamic one (bridge, Windows default).
    Any,
    /// None given, or the container port itself (host).
    SameAsContainer,
    /// No host port (awsvpc: the task has its own interface).
    Forbidden,
    /// No port mappings at all (none).
    NoMappings,
}

pub fn host_port_rule(mode: NetworkMode) -> HostPort {
    match mode {
        NetworkMode::Bridge | NetworkMode::WindowsDefault => HostPort::Any,
        NetworkMode::Host => HostPort::SameAsContainer,
        NetworkMode::Awsvpc => HostPort::Forbidden,
        NetworkMode::None => HostPort::NoMappings,
    }
}

/// Checks one mapping's host port against the mode.
pub fn check_host_port(
    mode: NetworkMode,
    container_port: u16,
    host_port: Option<u16>,
) -> Result<(), String> {
    match (host_port_rule(mode), host_port) {
        (HostPort::NoMappings, _) => {
            Err("network mode none has no external connectivity: no port mappings".to_string())
        }
        (_, None) | (HostPort::Any, Some(_)) => Ok(()),
        (HostPort::SameAsContainer, Some(h)) if h == container_port => Ok(()),
        (HostPort::SameAsContainer, Some(h)) => Err(format!(
            "in host mode the host port is the container port ({h} ≠ {container_port})"
        )),
        (HostPort::Forbidden, Some(_)) => Err(format!(
            "no host port in {} mode: the task has its own network interface",
            mode.key()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn allowed(launch: LaunchType, os: OsFamily) -> Vec<NetworkMode> {
        NetworkMode::ALL
            .into_iter()
            .filter(|m| mode_problem(launch, os, *m).is_none())
            .collect()
    }

    #[test]
    fn fargate_is_awsvpc_only_on_every_os() {
        for os in OsFamily::ALL {
            assert_eq!(
                allowed(LaunchType::Fargate, os),
                [NetworkMode::Awsvpc],
                "{os:?}"
            );
            assert_eq!(default_mode(LaunchType::Fargate, os), NetworkMode::Awsvpc);
        }
        assert_eq!(
            mode_problem(LaunchType::Fargate, OsFamily::Linux, NetworkMode::Bridge).as_deref(),
            Some("Fargate supports awsvpc only")
        );
    }

    #[test]
    fn ec2_linux_has_four_modes_with_bridge_default() {
        assert_eq!(
            allowed(LaunchType::Ec2, OsFamily::Linux),
            [
                NetworkMode::Awsvpc,
                NetworkMode::Bridge,
                NetworkMode::Host,
                NetworkMode::None
            ]
        );
        assert_eq!(
            default_mode(LaunchType::Ec2, OsFamily::Linux),
            NetworkMode::Bridge
        );
    }

    #[test]
    fn ec2_windows_has_default_and_awsvpc() {
        for os in OsFamily::ALL.into_iter().filter(|o| o.is_windows()) {
            assert_eq!(
                allowed(LaunchType::Ec2, os),
                [NetworkMode::Awsvpc, NetworkMode::WindowsDefault]
            );
            assert_eq!(
                default_mode(LaunchType::Ec2, os),
                NetworkMode::WindowsDefault
            );
            for m in [NetworkMode::Bridge, NetworkMode::Host, NetworkMode::None] {
                assert!(mode_problem(LaunchType::Ec2, os, m).is_some());
            }
        }
    }

    #[test]
    fn default_mode_is_always_allowed() {
        for launch in LaunchType::ALL {
            for os in OsFamily::ALL {
                assert!(mode_problem(launch, os, default_mode(launch, os)).is_none());
            }
        }
    }

    #[test]
    fn api_values_and_missing_mode() {
        assert_eq!(NetworkMode::WindowsDefault.api(), None);
        assert_eq!(
            NetworkMode::from_api(None, OsFamily::Linux),
            Some(NetworkMode::Bridge)
        );
        assert_eq!(
            NetworkMode::from_api(None, OsFamily::Windows2022Core),
            Some(NetworkMode::WindowsDefault)
        );
        assert_eq!(
            NetworkMode::from_api(Some("host"), OsFamily::Linux),
            Some(NetworkMode::Host)
        );
        assert_eq!(NetworkMode::from_api(Some("nat"), OsFamily::Linux), None);
        for m in NetworkMode::ALL {
            assert_eq!(NetworkMode::from_key(m.key()), Some(m));
        }
    }

    #[test]
    fn host_ports_per_mode() {
        use NetworkMode as M;
        assert!(check_host_port(M::Bridge, 80, Some(8080)).is_ok());
        assert!(check_host_port(M::Bridge, 80, Some(0)).is_ok());
        assert!(check_host_port(M::WindowsDefault, 80, Some(8080)).is_ok());
        assert!(check_host_port(M::Host, 80, Some(80)).is_ok());
        assert!(check_host_port(M::Host, 80, None).is_ok());
        assert!(check_host_port(M::Host, 80, Some(81)).is_err());
        assert!(check_host_port(M::Awsvpc, 80, None).is_ok());
        assert!(check_host_port(M::Awsvpc, 80, Some(80)).is_err());
        assert!(check_host_port(M::None, 80, None).is_err());
    }
}
