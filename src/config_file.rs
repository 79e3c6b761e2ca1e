//! The optional config file, `config.toml` in tecs's config directory (`~/.config/tecs/` on Linux,
//! `$XDG_CONFIG_HOME/tecs/` when set): defaults for what the command line also sets. A flag or an
//! environment variable wins over the file, and the file over tecs's own defaults.
//!
//! ```toml
//! profile = "prod-admin"      # AWS profile when neither --profile nor AWS_PROFILE is given
//! region = "eu-west-1"        # region when neither --region nor AWS_REGION is given
//! refresh = 30                # seconds between refreshes, 0 for none
//! log_lines = 100000          # lines a log view keeps
//! read_only = true            # start read-only (--read-write overrides)
//! theme = "high-contrast"     # default, high-contrast or 16-colour
//! overview_regions = ["eu-west-1", "us-east-1"]   # what :overview lists (default: enabled regions)
//! ```
//!
//! Key bindings are overridden per context in `keymap.toml` next to it. A file that cannot be
//! read is reported with its line, and tecs starts with its defaults.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::widgets::theme::ThemeKind;

/// The file's settings; `None` where it says nothing.
#[derive(Debug, Default, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConfigFile {
    pub profile: Option<String>,
    pub region: Option<String>,
    /// Seconds between refreshes; 0 turns them off.
    pub refresh: Option<u64>,
    /// Lines a log view keeps, 1 to 10,000,000.
    pub log_lines: Option<u64>,
    pub read_only: Option<bool>,
    pub theme: Option<String>,
    /// The regions `:overview` lists (instead of the account's enabled regions).
    pub overview_regions: Option<Vec<String>>,
}

/// What was found at the config path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Loaded {
    pub path: Option<PathBuf>,
    /// Whether the file is there.
    pub exists: bool,
    /// The settings (defaults when the file is missing or wrong).
    pub file: ConfigFile,
    /// Why the file was not used, with its line: shown at start and by `tecs config`.
    pub problem: Option<String>,
    /// The file could not be used but asks for read-only (`read_only` set to anything but
    /// `false`): tecs then starts read-only, on the safe side, rather than with the default.
    pub wants_read_only: bool,
}

/// The path of the config file, when the platform has a config directory.
pub fn path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "tecs").map(|d| d.config_dir().join("config.toml"))
}

/// Reads the config file; a missing file is no problem, a wrong one is (and is not used).
pub fn load() -> Loaded {
    let path = path();
    match path.as_deref().map(std::fs::read_to_string) {
        None => Loaded {
            path,
            exists: false,
            file: ConfigFile::default(),
            problem: None,
            wants_read_only: false,
        },
        Some(Err(e)) if e.kind() == std::io::ErrorKind::NotFound => Loaded {
            path,
            exists: false,
            file: ConfigFile::default(),
            problem: None,
            wants_read_only: false,
        },
        Some(Err(e)) => {
            let problem = Some(format!("{}: cannot be read: {e}", shown(path.as_deref())));
            Loaded {
                path,
                exists: true,
                file: ConfigFile::default(),
                problem,
                wants_read_only: false,
            }
        }
        Some(Ok(text)) => {
            let (file, problem, wants_read_only) = match parse(&text) {
                Ok(file) => (file, None, false),
                Err(e) => {
                    let wants_read_only = asks_read_only(&text);
                    let then = if wants_read_only {
                        "tecs uses its defaults, but starts read-only as the file asks"
                    } else {
                        "tecs uses its defaults"
                    };
                    let problem = format!("{}: {e}; {then}", shown(path.as_deref()));
                    (ConfigFile::default(), Some(problem), wants_read_only)
                }
            };
            Loaded {
                path,
                exists: true,
                file,
                problem,
                wants_read_only,
            }
        }
    }
}

/// Whether a line of `text` sets `read_only` to anything but `false` (`read_only = "true"` is a
/// type error, but its meaning is plain).
pub fn asks_read_only(text: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim();
        line.strip_prefix("read_only")
            .and_then(|rest| rest.trim_start().strip_prefix('='))
            .is_some_and(|value| {
                let value = value.split('#').next().unwrap_or_default().trim();
                value.trim_matches(['"', '\'']) != "false"
            })
    })
}

fn shown(path: Option<&Path>) -> String {
    path.map_or_else(|| "config.toml".to_string(), |p| p.display().to_string())
}

/// Parses and checks the file's text. The error names the line (and column) and what is wrong:
/// a TOML syntax error, an unknown setting, a value of the wrong kind or out of range.
pub fn parse(text: &str) -> Result<ConfigFile, String> {
    let file: ConfigFile = toml::from_str(text).map_err(|e| one_line(&e, text))?;
    let line_of = |key: &str| {
        text.lines()
            .position(|l| l.trim_start().starts_with(key))
            .map_or(String::new(), |i| format!("line {}: ", i + 1))
    };
    if let Some(n) = file.log_lines
        && !(1..=10_000_000).contains(&n)
    {
        return Err(format!(
            "{}log_lines must be 1 to 10000000, not {n}",
            line_of("log_lines")
        ));
    }
    if let Some(theme) = &file.theme {
        ThemeKind::parse(theme).map_err(|e| format!("{}theme: {e}", line_of("theme")))?;
    }
    for region in file.overview_regions.iter().flatten() {
        if let Some(problem) = crate::domain::regions::region_code_problem(region) {
            return Err(format!(
                "{}overview_regions: {problem}",
                line_of("overview_regions")
            ));
        }
    }
    Ok(file)
}

/// A TOML error as one line: `line 3, column 9: invalid type: …`.
fn one_line(e: &toml::de::Error, text: &str) -> String {
    // serde names Rust types ("expected u64"); an operator reads "a whole number".
    let message = e
        .message()
        .trim()
        .replace("expected u64", "expected a whole number (0 or more)")
        .replace("expected a boolean", "expected true or false")
        .replace(
            "expected a sequence",
            "expected a list like [\"eu-west-1\"]",
        );
    match e.span() {
        Some(span) => {
            let before = text.get(..span.start).unwrap_or_default();
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, str::len) + 1;
            format!("line {line}, column {column}: {message}")
        }
        None => message,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_file_reads() {
        let file = parse(
            "profile = \"prod\"\nregion = \"eu-west-1\"\nrefresh = 0\nlog_lines = 500\nread_only = true\ntheme = \"16-colour\"\n",
        )
        .expect("valid");
        assert_eq!(file.profile.as_deref(), Some("prod"));
        assert_eq!(file.refresh, Some(0));
        assert_eq!(file.log_lines, Some(500));
        assert_eq!(file.read_only, Some(true));
        assert_eq!(parse(""), Ok(ConfigFile::default()));
    }

    #[test]
    fn a_file_that_asks_for_read_only_is_read_only_even_when_wrong() {
        assert!(asks_read_only("read_only = \"true\"\n"));
        assert!(asks_read_only("  read_only=yes # typo\n"));
        assert!(!asks_read_only("read_only = false\n"));
        assert!(!asks_read_only("refresh = 30\n"));
    }

    #[test]
    fn wrong_kinds_are_named_in_the_operators_words() {
        let e = parse("refresh = \"often\"\n").expect_err("a string");
        assert!(e.contains("expected a whole number"), "{e}");
        assert!(!e.contains("u64"), "{e}");
        let e = parse("read_only = \"yes\"\n").expect_err("a string");
        assert!(e.contains("expected true or false"), "{e}");
        let e = parse("overview_regions = \"eu-west-1\"\n").expect_err("not a list");
        assert!(e.contains("expected a list"), "{e}");
    }

    #[test]
    fn overview_regions_are_region_codes() {
        let file = parse("overview_regions = [\"eu-west-1\", \"us-east-1\"]\n").expect("parses");
        assert_eq!(
            file.overview_regions,
            Some(vec!["eu-west-1".to_string(), "us-east-1".to_string()])
        );
        let e = parse("theme = \"default\"\noverview_regions = [\"Ireland\"]\n").expect_err("bad");
        assert!(e.starts_with("line 2: overview_regions:"), "{e}");
    }

    #[test]
    fn a_wrong_file_names_the_line() {
        for (text, why) in [
            ("refresh = 30\nregion = eu-west-1\n", "line 2"),
            ("refresh = \"often\"\n", "line 1, column 11: invalid type"),
            ("colour = \"red\"\n", "unknown field `colour`"),
            (
                "\n\nlog_lines = 0\n",
                "line 3: log_lines must be 1 to 10000000",
            ),
            ("theme = \"neon\"\n", "line 1: theme: no theme \"neon\""),
        ] {
            let err = parse(text).expect_err(text);
            assert!(err.contains(why), "{text:?}: {err}");
            assert!(!err.contains('\n'), "one line: {err}");
        }
    }
}
