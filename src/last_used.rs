//! The profile and region last chosen inside tecs (`:profile`, `:region`, the overview), kept in
//! `last-used.toml` in tecs's state directory (`$XDG_STATE_HOME/tecs/`, `~/.local/state/tecs/`) so
//! the next start opens where the operator left off. A flag or environment variable still wins
//! (see [`crate::run::effective`]); the region is only reused with the profile it was chosen
//! under. The file is tecs's own: a broken one is ignored (and logged), never an error.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// Regions kept for the region picker's "recent" rows.
pub const RECENT_KEPT: usize = 5;

/// What was chosen last.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LastUsed {
    /// `None`: the SDK's default profile.
    pub profile: Option<String>,
    pub region: Option<String>,
    /// Most recent first, at most [`RECENT_KEPT`].
    #[serde(default)]
    pub recent_regions: Vec<String>,
}

impl LastUsed {
    /// After switching to `profile` in `region`: they become the last used, and the region the
    /// most recent.
    pub fn chose(&mut self, profile: Option<String>, region: &str) {
        self.profile = profile;
        self.region = Some(region.to_string());
        self.recent_regions.retain(|r| r != region);
        self.recent_regions.insert(0, region.to_string());
        self.recent_regions.truncate(RECENT_KEPT);
    }

    /// The remembered region, if it was chosen under `profile`.
    pub fn region_for(&self, profile: Option<&str>) -> Option<&str> {
        (self.profile.as_deref() == profile)
            .then_some(self.region.as_deref())
            .flatten()
    }
}

/// The file's path, when the platform has a state (or local data) directory.
pub fn path() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "tecs")?;
    let dir = dirs
        .state_dir()
        .map(std::path::Path::to_path_buf)
        .unwrap_or_else(|| dirs.data_local_dir().to_path_buf());
    Some(dir.join("last-used.toml"))
}

/// Reads the file; missing or unreadable is "nothing remembered".
pub fn load() -> LastUsed {
    let Some(path) = path() else {
        return LastUsed::default();
    };
    match std::fs::read_to_string(&path) {
        Ok(text) => toml::from_str(&text).unwrap_or_else(|e| {
            tracing::warn!(path = %path.display(), error = %e, "last-used file ignored");
            LastUsed::default()
        }),
        Err(_) => LastUsed::default(),
    }
}

/// Writes the file (through a temporary file and a rename, so a crash never leaves half of
/// it). A failure is logged: remembering is a convenience.
pub fn save(last: &LastUsed) {
    let Some(path) = path() else {
        return;
    };
    let result = (|| -> std::io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let text = toml::to_string(last).map_err(std::io::Error::other)?;
        let temp = path.with_extension("toml.tmp");
        std::fs::write(&temp, text)?;
        std::fs::rename(&temp, &path)
    })();
    if let Err(e) = result {
        tracing::warn!(path = %path.display(), error = %e, "could not remember the last profile and region");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_newest_region_comes_first_once_and_the_list_is_bounded() {
        let mut last = LastUsed::default();
        for r in ["a-1", "b-1", "a-1", "c-1", "d-1", "e-1", "f-1"] {
            last.chose(Some("prod".into()), r);
        }
        assert_eq!(last.recent_regions, ["f-1", "e-1", "d-1", "c-1", "a-1"]);
        assert_eq!(last.region.as_deref(), Some("f-1"));
    }

    #[test]
    fn a_region_is_reused_only_with_its_profile() {
        let mut last = LastUsed::default();
        last.chose(Some("prod".into()), "eu-west-1");
        assert_eq!(last.region_for(Some("prod")), Some("eu-west-1"));
        assert_eq!(last.region_for(Some("staging")), None);
        assert_eq!(last.region_for(None), None);
    }

    #[test]
    fn it_round_trips_through_toml() {
        let mut last = LastUsed::default();
        last.chose(None, "us-east-2");
        let text = toml::to_string(&last).expect("toml");
        assert_eq!(toml::from_str::<LastUsed>(&text).expect("parse"), last);
    }
}
