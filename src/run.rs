//! From parsed arguments to a running console (or a subcommand), with the exit code.

use std::io::Write;
use std::time::Duration;

use crate::app::{self, AppOptions};
use crate::aws::{AwsSettings, Clients};
use crate::cli::{Cli, Sub};
use crate::config_file::Loaded;
use crate::keymap::Keymap;
use crate::last_used::LastUsed;
use crate::state::AppConfig;
use crate::widgets::theme::ThemeKind;

/// Exit code for configuration problems found before the UI starts (no region, a bad keymap, no
/// terminal).
pub const EXIT_CONFIG: u8 = 2;

/// Exit code of `tecs deregister` answered No: nothing was changed (1 means something failed).
pub const EXIT_DECLINED: u8 = 3;

/// What tecs runs with: each setting from a flag or the environment, else the config file, else
/// tecs's default, and where it came from (for `tecs config`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Effective {
    pub profile: Option<String>,
    pub region: Option<String>,
    pub refresh: u64,
    pub log_lines: u64,
    pub read_only: bool,
    pub theme: ThemeKind,
    /// Regions chosen recently in tecs, newest first (the region picker).
    pub recent_regions: Vec<String>,
    /// The config file's `overview_regions`.
    pub overview_regions: Option<Vec<String>>,
    /// `(setting, value, source)` lines for `tecs config`.
    pub sources: Vec<(&'static str, String, &'static str)>,
}

/// Resolves the settings: flag or environment (clap reads `AWS_PROFILE` and `AWS_REGION` into the
/// flags) over the config file over the defaults. A bad `--theme` is a usage error.
pub fn effective(cli: &Cli, loaded: &Loaded, last: &LastUsed) -> Result<Effective, String> {
    let file = &loaded.file;
    let mut sources = Vec::new();
    // The first candidate that is set wins; its source is recorded for `tecs config`.
    let mut pick_from =
        |name: &'static str, candidates: Vec<(Option<String>, &'static str)>, default: &str| {
            let (value, source) = candidates
                .into_iter()
                .find(|(v, _)| v.is_some())
                .unwrap_or((None, "default"));
            sources.push((
                name,
                value.clone().unwrap_or_else(|| default.to_string()),
                source,
            ));
            value
        };
    const FLAG: &str = "command line or environment";
    const FILE: &str = "config file";
    const LAST: &str = "last chosen in tecs";
    let profile = pick_from(
        "profile",
        vec![
            (cli.profile.clone(), FLAG),
            (last.profile.clone(), LAST),
            (file.profile.clone(), FILE),
        ],
        "(the SDK's: AWS_PROFILE or default)",
    );
    let region = pick_from(
        "region",
        vec![
            (cli.region.clone(), FLAG),
            (
                last.region_for(profile.as_deref()).map(str::to_string),
                LAST,
            ),
            (file.region.clone(), FILE),
        ],
        "(the profile's)",
    );
    let mut pick =
        |name: &'static str, flag: Option<String>, from_file: Option<String>, default: &str| {
            pick_from(name, vec![(flag, FLAG), (from_file, FILE)], default)
        };
    let refresh = pick(
        "refresh",
        cli.refresh.map(|n| n.to_string()),
        file.refresh.map(|n| n.to_string()),
        "30",
    )
    .and_then(|n| n.parse().ok())
    .unwrap_or(30);
    let log_lines = pick(
        "log_lines",
        cli.log_lines.map(|n| n.to_string()),
        file.log_lines.map(|n| n.to_string()),
        &crate::state::DEFAULT_LOG_LINES.to_string(),
    )
    .and_then(|n| n.parse().ok())
    .unwrap_or(crate::state::DEFAULT_LOG_LINES as u64);
    let read_only_flag = if cli.read_only {
        Some("true".to_string())
    } else if cli.read_write {
        Some("false".to_string())
    } else {
        None
    };
    // A file that asks for read-only but cannot be used still gets it: the safe side.
    let from_file = file
        .read_only
        .or(loaded.wants_read_only.then_some(true))
        .map(|b| b.to_string());
    let read_only =
        pick("read_only", read_only_flag, from_file, "false").is_some_and(|v| v == "true");
    let theme_name = pick("theme", cli.theme.clone(), file.theme.clone(), "default");
    let theme = match theme_name {
        Some(name) => ThemeKind::parse(&name).map_err(|e| format!("--theme: {e}"))?,
        None => ThemeKind::Default,
    };
    sources.push((
        "overview_regions",
        file.overview_regions
            .as_ref()
            .map_or("(the account's enabled regions)".to_string(), |r| {
                r.join(", ")
            }),
        if file.overview_regions.is_some() {
            FILE
        } else {
            "default"
        },
    ));
    Ok(Effective {
        profile,
        region,
        refresh,
        log_lines,
        read_only,
        theme,
        recent_regions: last.recent_regions.clone(),
        overview_regions: file.overview_regions.clone(),
        sources,
    })
}

/// `tecs config`: the config file's path and state, then each setting with its source.
fn print_config(loaded: &crate::config_file::Loaded, effective: &Effective) -> String {
    let mut out = String::new();
    let path = loaded.path.as_ref().map_or_else(
        || "(no config directory on this system)".to_string(),
        |p| p.display().to_string(),
    );
    let state = match (&loaded.problem, loaded.exists) {
        (Some(problem), _) => format!("not used: {problem}"),
        (None, true) => "read".to_string(),
        (None, false) => "none (optional)".to_string(),
    };
    out.push_str(&format!("config file: {path}: {state}\n"));
    if let Some(last) = crate::last_used::path() {
        out.push_str(&format!(
            "last chosen profile and region (:profile, :region): {}\n",
            last.display()
        ));
    }
    for (name, value, source) in &effective.sources {
        out.push_str(&format!("{name} = {value}   ({source})\n"));
    }
    out.push_str(&format!(
        "NO_COLOR = {}   (environment)\n",
        if no_color() {
            "set: no colours"
        } else {
            "not set"
        }
    ));
    out
}

/// `NO_COLOR` is set to something (no-color.org).
fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// Runs tecs; returns the process exit code.
pub async fn run(cli: Cli) -> color_eyre::Result<u8> {
    // Subcommands that need neither AWS nor a log.
    match &cli.command {
        Some(Sub::Completions { shell }) => {
            let mut command = <Cli as clap::CommandFactory>::command();
            clap_complete::generate(*shell, &mut command, "tecs", &mut std::io::stdout());
            return Ok(0);
        }
        Some(Sub::Man) => {
            let command = <Cli as clap::CommandFactory>::command();
            let mut page = Vec::new();
            clap_mangen::Man::new(command).render(&mut page)?;
            let _ = std::io::stdout().write_all(&page);
            return Ok(0);
        }
        _ => {}
    }
    let loaded = crate::config_file::load();
    let last = crate::last_used::load();
    let effective = match effective(&cli, &loaded, &last) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("tecs: {e}");
            return Ok(EXIT_CONFIG);
        }
    };
    if let Some(Sub::Config) = &cli.command {
        let _ = write!(std::io::stdout(), "{}", print_config(&loaded, &effective));
        return Ok(u8::from(loaded.problem.is_some()));
    }
    let log_path = crate::logging::init(cli.log_file.clone());
    tracing::info!(version = env!("CARGO_PKG_VERSION"), log = ?log_path, "tecs starting");
    if let Some(problem) = &loaded.problem {
        tracing::warn!(problem = %problem, "config file not used");
    }
    let settings = AwsSettings {
        profile: effective.profile.clone(),
        region: effective.region.clone(),
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
            run_console(
                &cli,
                &effective,
                loaded.problem,
                clients,
                Some(revisions.clone()),
            )
            .await
        }
        Some(Sub::Config | Sub::Completions { .. } | Sub::Man) | None => {
            run_console(&cli, &effective, loaded.problem, clients, None).await
        }
    }
}

/// The console itself, or its quick deregister path; returns the exit code.
async fn run_console(
    cli: &Cli,
    effective: &Effective,
    notice: Option<String>,
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
        profile: effective.profile.clone(),
        region: clients.region.clone(),
        endpoint_url: cli.endpoint_url.clone(),
        read_only: effective.read_only,
        refresh: (effective.refresh > 0).then(|| Duration::from_secs(effective.refresh)),
        no_color: no_color(),
        // At most 10,000,000 (clap and the config file check), so it fits any usize.
        log_lines: usize::try_from(effective.log_lines).unwrap_or(crate::state::DEFAULT_LOG_LINES),
        theme: effective.theme,
        notice,
        recent_regions: effective.recent_regions.clone(),
        overview_regions: effective.overview_regions.clone(),
    };
    if deregister.is_some() && effective.read_only {
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

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;
    use crate::config_file::{ConfigFile, Loaded};

    fn loaded(file: ConfigFile, problem: Option<&str>, wants_read_only: bool) -> Loaded {
        Loaded {
            path: None,
            exists: true,
            file,
            problem: problem.map(str::to_string),
            wants_read_only,
        }
    }

    #[test]
    fn flags_win_over_the_file_and_an_unusable_file_that_asks_for_read_only_gets_it() {
        let cli = Cli::try_parse_from(["tecs", "--refresh", "5"]).expect("args");
        let file = ConfigFile {
            refresh: Some(60),
            log_lines: Some(500),
            theme: Some("16-colour".into()),
            ..ConfigFile::default()
        };
        let e =
            effective(&cli, &loaded(file, None, false), &LastUsed::default()).expect("effective");
        assert_eq!(
            (e.refresh, e.log_lines, e.theme),
            (5, 500, ThemeKind::Basic)
        );
        assert!(!e.read_only);

        // `read_only = "true"` is a type error: the file is not used, but read-only is kept.
        let cli = Cli::try_parse_from(["tecs"]).expect("args");
        let unusable = loaded(ConfigFile::default(), Some("line 1: invalid type"), true);
        assert!(
            effective(&cli, &unusable, &LastUsed::default())
                .expect("effective")
                .read_only
        );
        let cli = Cli::try_parse_from(["tecs", "--read-write"]).expect("args");
        assert!(
            !effective(&cli, &unusable, &LastUsed::default())
                .expect("effective")
                .read_only
        );
        assert!(
            Cli::try_parse_from(["tecs", "--theme", "neon"]).is_err(),
            "clap knows the themes"
        );
    }

    #[test]
    fn the_last_choice_beats_the_file_and_a_flag_beats_both() {
        let file = ConfigFile {
            profile: Some("from-file".into()),
            region: Some("us-east-1".into()),
            ..ConfigFile::default()
        };
        let mut last = LastUsed::default();
        last.chose(Some("prod".into()), "ap-south-1");
        let cli = Cli::try_parse_from(["tecs"]).expect("args");
        let e = effective(&cli, &loaded(file.clone(), None, false), &last).expect("effective");
        assert_eq!(e.profile.as_deref(), Some("prod"));
        assert_eq!(e.region.as_deref(), Some("ap-south-1"));
        assert!(
            e.sources
                .iter()
                .any(|(n, _, src)| *n == "region" && *src == "last chosen in tecs")
        );
        // Another profile on the command line: the remembered region was chosen under prod.
        let cli = Cli::try_parse_from(["tecs", "--profile", "staging"]).expect("args");
        let e = effective(&cli, &loaded(file.clone(), None, false), &last).expect("effective");
        assert_eq!(e.profile.as_deref(), Some("staging"));
        assert_eq!(e.region.as_deref(), Some("us-east-1"), "the file's region");
        let cli = Cli::try_parse_from(["tecs", "--region", "eu-west-1"]).expect("args");
        let e = effective(&cli, &loaded(file, None, false), &last).expect("effective");
        assert_eq!(e.region.as_deref(), Some("eu-west-1"));
    }
}
