//! From parsed arguments to a running console (or a subcommand), with the exit code.

use std::io::Write;
use std::time::Duration;

use crate::app::{self, AppOptions};
use crate::aws::{AwsSettings, Clients};
use crate::cli::{Cli, Sub};
use crate::keymap::Keymap;
use crate::state::AppConfig;

/// Exit code for configuration problems found before the UI starts (no region, a bad keymap, no
/// terminal).
pub const EXIT_CONFIG: u8 = 2;

/// Exit code of `tecs deregister` answered No: nothing was changed (1 means something failed).
pub const EXIT_DECLINED: u8 = 3;

/// Runs tecs; returns the process exit code.
pub async fn run(cli: Cli) -> color_eyre::Result<u8> {
    let log_path = crate::logging::init(cli.log_file.clone());
    tracing::info!(version = env!("CARGO_PKG_VERSION"), log = ?log_path, "tecs starting");
    let settings = AwsSettings {
        profile: cli.profile.clone(),
        region: cli.region.clone(),
        endpoint_url: cli.endpoint_url.clone(),
        emulator_account_id: cli.emulator_account.clone(),
        disable_retries: false,
    };
    let clients = match Clients::from_settings(&settings).await {
        Ok(c) => c,
        Err(e) => {
            eprintln!("tecs: {e}");
            return Ok(EXIT_CONFIG);
        }
    };
    match &cli.command {
        Some(Sub::DemoSeed { clusters, follow }) => {
            let opts = crate::demo::SeedOptions {
                extra_clusters: *clusters,
                follow_logs: *follow,
            };
            crate::demo::run_seed_command(&clients, opts).await?;
            Ok(0)
        }
        Some(Sub::Logs(args)) => {
            Ok(crate::logs_cli::run(&clients, args, cli.cluster.as_deref()).await)
        }
        Some(Sub::Deregister { revisions }) => {
            run_console(&cli, clients, Some(revisions.clone())).await
        }
        None => run_console(&cli, clients, None).await,
    }
}

/// The console itself, or its quick deregister path; returns the exit code.
async fn run_console(
    cli: &Cli,
    clients: Clients,
    deregister: Option<Vec<String>>,
) -> color_eyre::Result<u8> {
    let keymap = match load_keymap() {
        Ok(k) => k,
        Err(e) => {
            eprintln!("tecs: {e}");
            return Ok(EXIT_CONFIG);
        }
    };
    let config = AppConfig {
        profile: cli.profile.clone(),
        region: clients.region.clone(),
        endpoint_url: cli.endpoint_url.clone(),
        read_only: cli.read_only,
        refresh: (cli.refresh > 0).then(|| Duration::from_secs(cli.refresh)),
        no_color: std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()),
        // At most 10,000,000 (clap checks), so it fits any usize.
        log_lines: usize::try_from(cli.log_lines).unwrap_or(crate::state::DEFAULT_LOG_LINES),
    };
    if deregister.is_some() && cli.read_only {
        eprintln!("tecs: --read-only: deregister is disabled");
        return Ok(1);
    }
    if let Some(why) = no_terminal() {
        let instead = match &deregister {
            Some(revisions) => format!(
                " It asks before deregistering; without a terminal use the AWS CLI: {}",
                revisions
                    .iter()
                    .map(|r| format!("aws ecs deregister-task-definition --task-definition {r}"))
                    .collect::<Vec<_>>()
                    .join(" && ")
            ),
            None => String::new(),
        };
        eprintln!("tecs: needs an interactive terminal ({why}).{instead}");
        return Ok(EXIT_CONFIG);
    }
    let exit = match app::run(AppOptions {
        clients,
        config,
        keymap,
        open_cluster: cli.cluster.clone(),
        deregister,
    })
    .await
    {
        Ok(exit) => exit,
        Err(e) => {
            tracing::error!(error = %e, "terminal failure");
            // The terminal may be gone (SSH dropped): a failed write is not another failure.
            let _ = writeln!(std::io::stderr(), "tecs: the terminal failed: {e}");
            return Ok(EXIT_CONFIG);
        }
    };
    // Printed after the terminal is restored, so it stays in the operator's scrollback.
    Ok(match exit {
        Some(report) => {
            let _ = write!(std::io::stdout(), "{}", report.text);
            report.code
        }
        None => 0,
    })
}

/// Why there is no terminal to draw on, if there is none (run from a script, cron or a pipe).
fn no_terminal() -> Option<&'static str> {
    use std::io::IsTerminal;
    if !std::io::stdin().is_terminal() {
        Some("standard input is not a terminal")
    } else if !std::io::stdout().is_terminal() {
        Some("standard output is not a terminal")
    } else {
        None
    }
}

/// The built-in keymap with the user's `keymap.toml` (config dir) applied on top.
fn load_keymap() -> Result<Keymap, String> {
    let mut keymap = Keymap::default_keymap();
    let Some(dirs) = directories::ProjectDirs::from("", "", "tecs") else {
        return Ok(keymap);
    };
    let path = dirs.config_dir().join("keymap.toml");
    if let Ok(text) = std::fs::read_to_string(&path) {
        keymap
            .merge_user(&text)
            .map_err(|e| format!("{}: {e}", path.display()))?;
    }
    Ok(keymap)
}
