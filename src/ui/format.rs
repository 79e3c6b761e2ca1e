//! Small text helpers shared by the views.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// `HH:MM:SSZ` of a wall-clock time (UTC, so it needs no time zone database).
pub fn clock(at: SystemTime) -> String {
    let secs = at
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs())
        .unwrap_or(0);
    let day = secs % 86_400;
    format!(
        "{:02}:{:02}:{:02}Z",
        day / 3600,
        (day % 3600) / 60,
        day % 60
    )
}

/// Whole seconds since `since`, as `3s` or `2m05s`.
pub fn elapsed(now: Instant, since: Instant) -> String {
    human_duration(now.saturating_duration_since(since))
}

pub fn human_duration(d: Duration) -> String {
    let s = d.as_secs();
    if s < 60 {
        format!("{s}s")
    } else {
        format!("{}m{:02}s", s / 60, s % 60)
    }
}

const SPINNER: &[&str] = &["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// A spinner frame that advances four times a second.
pub fn spinner(now: Instant, since: Instant) -> &'static str {
    let idx = (now.saturating_duration_since(since).as_millis() / 250) as usize % SPINNER.len();
    SPINNER[idx]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_is_utc() {
        assert_eq!(
            clock(UNIX_EPOCH + Duration::from_secs(86_400 + 3723)),
            "01:02:03Z"
        );
    }

    #[test]
    fn durations_read_well() {
        assert_eq!(human_duration(Duration::from_secs(5)), "5s");
        assert_eq!(human_duration(Duration::from_secs(125)), "2m05s");
    }
}
