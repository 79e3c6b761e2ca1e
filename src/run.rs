//! From parsed arguments to a running console (or a subcommand), with the exit code.

use std::time::Duration;

use crate::app::{self, AppOptions};
use crate::aws::{AwsSettings, Clients};
use crate::cli::{Cli, Sub};
use crate::keymap::Keymap;
use crate::state::AppConfig;

/// Exit code for configuration problems found before the UI starts.
pub const EXIT_CONFIG: u8 = 2;

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
    };
    if deregister.is_some() && cli.read_only {
        eprintln!("tecs: --read-only: deregister is disabled");
        return Ok(1);
    }
    let exit = app::run(AppOptions {
        clients,
        config,
        keymap,
        open_cluster: cli.cluster.clone(),
        deregister,
    })
    .await?;
    // Printed after the terminal is restored, so it stays in the operator's scrollback.
    Ok(match exit {
        Some(report) => {
            print!("{}", report.text);
            report.code
        }
        None => 0,
    })
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
