//! The command line (clap).

use std::path::PathBuf;

use clap::{Parser, Subcommand};

/// A terminal console for Amazon ECS.
#[derive(Debug, Parser)]
#[command(name = "tecs", version, about, long_about = None)]
pub struct Cli {
    /// AWS profile from ~/.aws/config (default: AWS_PROFILE or "default").
    #[arg(long, env = "AWS_PROFILE")]
    pub profile: Option<String>,

    /// AWS region (default: AWS_REGION or the profile's region).
    #[arg(long, env = "AWS_REGION")]
    pub region: Option<String>,

    /// Send every AWS call to this endpoint (e.g. a local emulator).
    #[arg(long, env = "AWS_ENDPOINT_URL")]
    pub endpoint_url: Option<String>,

    /// Refuse every call that changes anything in AWS (the config file can make this the
    /// default: `read_only = true`).
    #[arg(long)]
    pub read_only: bool,

    /// Allow changes even when the config file says `read_only = true`.
    #[arg(long, conflicts_with = "read_only")]
    pub read_write: bool,

    /// Colours: default, high-contrast or 16-colour (NO_COLOR turns colour off whatever the theme).
    #[arg(long, value_name = "THEME",
          value_parser = ["default", "high-contrast", "16-colour", "16-color", "16"])]
    pub theme: Option<String>,

    /// Open straight on this cluster's page.
    #[arg(long)]
    pub cluster: Option<String>,

    /// Auto-refresh interval in seconds; 0 turns it off [default: 30, or the config file's].
    #[arg(long, value_name = "SECS")]
    pub refresh: Option<u64>,

    /// Lines a log view keeps (older ones are dropped as new ones arrive); bounds its memory
    /// [default: 100000, or the config file's].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..=10_000_000))]
    pub log_lines: Option<u64>,

    /// Log file (default: tecs.log in your state directory, e.g. ~/.local/state/tecs/).
    #[arg(long, value_name = "PATH")]
    pub log_file: Option<PathBuf>,

    /// Isolate state on the emulator in this account (moto's x-moto-account-id); only with an endpoint.
    #[arg(long, env = "TECS_EMULATOR_ACCOUNT_ID", hide = true)]
    pub emulator_account: Option<String>,

    #[command(subcommand)]
    pub command: Option<Sub>,
}

/// Subcommands besides the console itself.
#[derive(Debug, Subcommand)]
pub enum Sub {
    /// Deregister task definition revisions after a confirmation, then print the results
    /// (exit code 0 all done, 1 any refused or failed, 3 the answer was No).
    Deregister {
        /// `family:revision` (or a task definition ARN), one or more.
        #[arg(required = true, value_name = "FAMILY:REVISION")]
        revisions: Vec<String>,
    },
    /// Print a service's or a task's container logs (CloudWatch Logs, awslogs driver) as plain
    /// lines for pipes: `HH:MM:SS.mmm task-id container | message` (UTC), merged in time order.
    Logs(LogsArgs),
    /// Print the effective configuration (flags, environment, config file, defaults) and the
    /// config file's path; a config file that cannot be used is reported with its line.
    Config,
    /// Print a shell completion script: `tecs completions bash > /etc/bash_completion.d/tecs`.
    Completions {
        /// bash, zsh, fish, elvish or powershell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff): `tecs man | man -l -`.
    Man,
    /// Seed the local emulator with the demo account (used by scripts/demo and the tests).
    #[command(hide = true)]
    DemoSeed {
        /// Extra bulk clusters to create (for benchmarks).
        #[arg(long, default_value_t = 0)]
        clusters: usize,
        /// Keep appending log events until killed.
        #[arg(long)]
        follow: bool,
    },
}

/// `tecs logs SERVICE|TASK [--cluster C] [--since 10m|TIME] [--lines N] [--follow] [--filter P]`.
#[derive(Debug, Clone, clap::Args)]
pub struct LogsArgs {
    /// A service name or ARN, or a task id or ARN.
    #[arg(value_name = "SERVICE|TASK")]
    pub target: String,

    /// The cluster (name or ARN); not needed when the ARN given names it.
    #[arg(long)]
    pub cluster: Option<String>,

    /// Start this long ago (30s, 10m, 1h, 2d) or at this time (2025-11-30T10:00:00Z).
    /// Default: 10m.
    #[arg(long, value_name = "AGE|TIME", conflicts_with = "lines")]
    pub since: Option<String>,

    /// Start from roughly the last N events of each container's stream instead.
    #[arg(long, value_name = "N")]
    pub lines: Option<usize>,

    /// Keep printing new events until interrupted (Ctrl-C) or the reader goes away.
    #[arg(long, short = 'f')]
    pub follow: bool,

    /// A CloudWatch Logs filter pattern, applied by the service (e.g. ERROR, "GET /api").
    #[arg(long, value_name = "PATTERN")]
    pub filter: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[test]
    fn log_lines_default_to_100_000_and_refuse_zero() {
        let cli = Cli::try_parse_from(["tecs"]).expect("no arguments");
        assert_eq!(cli.log_lines, None, "the config file's, else 100,000");
        let cli = Cli::try_parse_from(["tecs", "--log-lines", "500"]).expect("500");
        assert_eq!(cli.log_lines, Some(500));
        assert!(Cli::try_parse_from(["tecs", "--log-lines", "0"]).is_err());
        assert!(Cli::try_parse_from(["tecs", "--log-lines", "10000001"]).is_err());
    }
}
