//! Small text helpers shared by the views.

use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use unicode_width::UnicodeWidthStr;

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

/// How long ago `then` was, at the coarsest unit that says it: `45s`, `12m`, `5h`, `3d`, `2y`.
/// `-` when unknown; a time in the future (clock skew) reads `0s`.
pub fn age(now: SystemTime, then: Option<SystemTime>) -> String {
    let Some(then) = then else {
        return "-".to_string();
    };
    let s = now.duration_since(then).map(|d| d.as_secs()).unwrap_or(0);
    match s {
        0..60 => format!("{s}s"),
        60..3_600 => format!("{}m", s / 60),
        3_600..86_400 => format!("{}h", s / 3_600),
        86_400..31_536_000 => format!("{}d", s / 86_400),
        _ => format!("{}y", s / 31_536_000),
    }
}

/// "3m ago", "just now", for events.
pub fn ago(now: SystemTime, then: Option<SystemTime>) -> String {
    match then {
        None => "-".to_string(),
        Some(t) if now.duration_since(t).map_or(true, |d| d.as_secs() < 5) => {
            "just now".to_string()
        }
        Some(_) => format!("{} ago", age(now, then)),
    }
}

const SPINNER: &[&str] = &["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];

/// A spinner frame that advances four times a second.
pub fn spinner(now: Instant, since: Instant) -> &'static str {
    let idx = (now.saturating_duration_since(since).as_millis() / 250) as usize % SPINNER.len();
    SPINNER[idx]
}

/// `YYYY-MM-DD` in UTC, so it needs no time zone database.
pub fn utc_date(at: SystemTime) -> String {
    let (y, m, d) = civil_from_days(unix_secs(at).div_euclid(86_400));
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM-DD HH:MM:SSZ` in UTC.
pub fn utc_date_time(at: SystemTime) -> String {
    let secs = unix_secs(at);
    let day = secs.rem_euclid(86_400);
    format!(
        "{} {:02}:{:02}:{:02}Z",
        utc_date(at),
        day / 3600,
        (day % 3600) / 60,
        day % 60
    )
}

fn unix_secs(at: SystemTime) -> i64 {
    match at.duration_since(UNIX_EPOCH) {
        Ok(d) => i64::try_from(d.as_secs()).unwrap_or(i64::MAX),
        Err(before) => {
            i64::try_from(before.duration().as_secs()).map_or(i64::MIN, |s| s.saturating_neg())
        }
    }
}

/// Days since 1970-01-01 to a proleptic Gregorian (year, month, day): Howard Hinnant's
/// `civil_from_days`, exact for every day an AWS timestamp can name.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days.saturating_add(719_468);
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097); // [0, 146096]
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365; // [0, 399]
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100); // [0, 365]
    let mp = (5 * doy + 2) / 153; // [0, 11]
    let day = doy - (153 * mp + 2) / 5 + 1; // [1, 31]
    let month = if mp < 10 { mp + 3 } else { mp - 9 }; // [1, 12]
    let year = yoe
        .saturating_add(era.saturating_mul(400))
        .saturating_add(i64::from(month <= 2));
    // Both are within 1..=31 and 1..=12 by construction.
    (year, month as u32, day as u32)
}

/// `text` in `width` columns: whole when it fits, else its start and its end around an ellipsis
/// (the end of a long name is often what tells two apart).
pub fn cut_middle(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width <= 1 {
        return "…".chars().take(width).collect();
    }
    let keep = width - 1;
    let head_len = keep / 2;
    let tail_len = keep - head_len;
    let chars: Vec<char> = text.chars().collect();
    let mut head = String::new();
    for c in &chars {
        if head.width() + c.to_string().width() > head_len {
            break;
        }
        head.push(*c);
    }
    let mut tail: Vec<char> = Vec::new();
    let mut tail_width = 0;
    for c in chars.iter().rev() {
        let w = c.to_string().width();
        if tail_width + w > tail_len {
            break;
        }
        tail_width += w;
        tail.push(*c);
    }
    tail.reverse();
    format!("{head}…{}", tail.into_iter().collect::<String>())
}

/// Image references (`registry/repository:tag`, several joined by `, `) in `width` columns. When
/// they do not fit, each loses its registry host first (`…/shop/web:2.5.0`), then the leading
/// parts of its repository path (`…/web:2.5.0`), since the last part and the tag are what tell
/// images apart; only then is the rest cut in the middle.
pub fn cut_images(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let images: Vec<&str> = text.split(", ").collect();
    let mut shortest = String::new();
    // Level 1 drops the host; each level after drops one more leading path part.
    for level in 1..=8 {
        let short = images
            .iter()
            .map(|i| shortened(i, level))
            .collect::<Vec<_>>()
            .join(", ");
        if short.width() <= width {
            return short;
        }
        if short == shortest {
            break;
        }
        shortest = short;
    }
    cut_middle(&shortest, width)
}

/// An image reference without its registry host (level 1) and `level - 1` more leading path
/// parts, marked `…/`; the last part (`web:2.5.0`) always stays. Docker's rule for the host: the
/// first part has a `.` or a `:` or is `localhost` (distribution/reference `normalize.go`);
/// `nginx:1.27` and `library/nginx` have none.
fn shortened(image: &str, level: usize) -> String {
    let mut parts: Vec<&str> = image.split('/').collect();
    let has_host = parts.len() > 1
        && parts
            .first()
            .is_some_and(|h| h.contains('.') || h.contains(':') || *h == "localhost");
    let mut drop = if has_host { level } else { level - 1 };
    drop = drop.min(parts.len() - 1);
    if drop == 0 {
        return image.to_string();
    }
    let kept = parts.split_off(drop).join("/");
    format!("…/{kept}")
}

/// A count ECS reports (running tasks, services). ECS never reports one below zero; when an
/// endpoint does (the emulator's `runningTasksCount` goes negative after tasks stop, see
/// `docs/emulator-findings.md`), it shows as `?` rather than as a number nobody can have.
pub fn count(n: i32) -> String {
    if n < 0 {
        "?".to_string()
    } else {
        n.to_string()
    }
}

/// `text` in `width` columns: whole when it fits, else its start and an ellipsis.
pub fn cut_end(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    if width == 0 {
        return String::new();
    }
    let mut out = String::new();
    for c in text.chars() {
        if out.width() + c.to_string().width() + 1 > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(secs: u64) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(secs)
    }

    #[test]
    fn ages_read_at_the_coarsest_unit() {
        let now = at(1_000_000_000);
        let back = |secs: u64| Some(now - Duration::from_secs(secs));
        assert_eq!(age(now, back(45)), "45s");
        assert_eq!(age(now, back(12 * 60 + 59)), "12m");
        assert_eq!(age(now, back(5 * 3600)), "5h");
        assert_eq!(age(now, back(3 * 86_400 + 5)), "3d");
        assert_eq!(age(now, back(800 * 86_400)), "2y");
        assert_eq!(age(now, None), "-");
        assert_eq!(age(now, Some(now + Duration::from_secs(9))), "0s");
        assert_eq!(ago(now, back(2)), "just now");
        assert_eq!(ago(now, back(180)), "3m ago");
    }

    #[test]
    fn images_drop_their_registry_host_before_anything_else() {
        let ecr = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/acc/checkout-web:1.4.2-alpine";
        assert_eq!(cut_images(ecr, 200), ecr);
        assert_eq!(cut_images(ecr, 40), "…/acc/checkout-web:1.4.2-alpine");
        // Narrower: the repository's last part and the tag.
        assert_eq!(cut_images(ecr, 28), "…/checkout-web:1.4.2-alpine");
        // Narrower still: that, cut in the middle, so its start and the tag both show.
        let cut = cut_images(ecr, 16);
        assert!(
            cut.starts_with("…/check") && cut.ends_with("alpine"),
            "{cut}"
        );
        // Docker Hub names have no host to drop, only their path; a host with a port, or
        // localhost, is one.
        assert_eq!(cut_images("library/nginx:1.27", 14), "…/nginx:1.27");
        assert_eq!(
            cut_images("nginx:1.27-alpine", 10),
            cut_middle("nginx:1.27-alpine", 10)
        );
        assert_eq!(
            cut_images("localhost:5000/app:1, registry.local/sidecar:2", 30),
            "…/app:1, …/sidecar:2"
        );
    }

    #[test]
    fn counts_below_zero_are_unknown() {
        assert_eq!(count(3), "3");
        assert_eq!(count(0), "0");
        assert_eq!(count(-8), "?");
    }

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

    #[test]
    fn dates_are_utc_calendar_dates() {
        assert_eq!(utc_date(at(0)), "1970-01-01");
        assert_eq!(utc_date_time(at(1_764_085_815)), "2025-11-25 15:50:15Z");
        // Leap day, and the last second of a leap year.
        assert_eq!(utc_date(at(1_709_164_800)), "2024-02-29");
        assert_eq!(utc_date_time(at(1_735_689_599)), "2024-12-31 23:59:59Z");
        assert_eq!(utc_date(at(951_782_400)), "2000-02-29");
        assert_eq!(
            utc_date_time(UNIX_EPOCH - Duration::from_secs(1)),
            "1969-12-31 23:59:59Z"
        );
    }
}
