//! Logs go to a file, never to the terminal (it belongs to the UI). Credentials are never logged, at
//! any level: every event passes through [`redact`] on its way to the file, because the SDK itself
//! prints the identity (access key id) at debug level and signing details at trace level.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

/// What replaces a credential in the log.
pub const REDACTED: &str = "[redacted]";

/// The default log file: the user's state directory (or cache directory) / tecs.log.
pub fn default_log_path() -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("", "", "tecs")?;
    let dir = dirs
        .state_dir()
        .unwrap_or_else(|| dirs.cache_dir())
        .to_path_buf();
    Some(dir.join("tecs.log"))
}

/// Starts file logging; `TECS_LOG` sets the filter (default `info`). Returns the path in use.
pub fn init(path: Option<PathBuf>) -> Option<PathBuf> {
    let path = path.or_else(default_log_path)?;
    if let Some(parent) = path.parent() {
        let _ = std::fs::create_dir_all(parent);
    }
    let file = OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .ok()?;
    let filter = EnvFilter::try_from_env("TECS_LOG")
        .unwrap_or_else(|_| EnvFilter::new("info,aws_smithy_runtime=warn,aws_config=warn"));
    let ok = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(RedactingFile::new(file, env_secrets()))
        .try_init()
        .is_ok();
    ok.then_some(path)
}

/// The credentials in this process's environment, redacted wherever they appear (whatever their
/// format: an emulator accepts any string as a key). Very short values are left out: redacting
/// every "x" would make the log unreadable, and they are not real credentials.
fn env_secrets() -> Vec<String> {
    [
        "AWS_SECRET_ACCESS_KEY",
        "AWS_SESSION_TOKEN",
        "AWS_SECURITY_TOKEN",
        "AWS_ACCESS_KEY_ID",
    ]
    .iter()
    .filter_map(|name| std::env::var(name).ok())
    .filter(|v| v.len() >= 6)
    .collect()
}

/// The log file behind a lock; each event is collected whole, redacted, then written.
#[derive(Clone)]
struct RedactingFile {
    file: Arc<Mutex<File>>,
    secrets: Arc<Vec<String>>,
}

impl RedactingFile {
    fn new(file: File, secrets: Vec<String>) -> Self {
        Self {
            file: Arc::new(Mutex::new(file)),
            secrets: Arc::new(secrets),
        }
    }
}

impl<'a> MakeWriter<'a> for RedactingFile {
    type Writer = EventWriter<'a>;

    fn make_writer(&'a self) -> Self::Writer {
        EventWriter {
            owner: self,
            buf: Vec::new(),
        }
    }
}

/// One event's text. The formatter may write an event in several pieces; redacting the whole
/// event at once means a credential split across two writes is still caught.
struct EventWriter<'a> {
    owner: &'a RedactingFile,
    buf: Vec<u8>,
}

impl EventWriter<'_> {
    fn write_out(&mut self) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let text = String::from_utf8_lossy(&self.buf);
        let clean = redact(&text, &self.owner.secrets);
        self.buf.clear();
        // A poisoned lock only means another thread panicked mid-write; the file is still fine.
        let mut file = self
            .owner
            .file
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        file.write_all(clean.as_bytes())
    }
}

impl Write for EventWriter<'_> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.write_out()
    }
}

impl Drop for EventWriter<'_> {
    fn drop(&mut self) {
        // Nowhere to report a failed log write: the log is the place errors would go.
        let _ = self.write_out();
    }
}

/// Prefixes of AWS access key ids (long-term `AKIA`, temporary `ASIA`, and the rarer ones).
const KEY_ID_PREFIXES: &[&str] = &["AKIA", "ASIA", "ABIA", "ACCA"];

/// Names whose value is a credential, matched case-insensitively and followed by `=` or `:`
/// (optionally quoted: `"SecretAccessKey":"..."`). Longer names first, so that
/// `aws_secret_access_key` wins over `secret_access_key` at the same place.
const SECRET_NAMES: &[&str] = &[
    "aws_secret_access_key",
    "secret_access_key",
    "secretaccesskey",
    "aws_session_token",
    "session_token",
    "sessiontoken",
    "aws_security_token",
    "x-amz-security-token",
    "security_token",
    "aws_access_key_id",
    "access_key_id",
    "accesskeyid",
    "access_token",
    "accesstoken",
    "refresh_token",
    "refreshtoken",
    "client_secret",
    "clientsecret",
    "authorization",
    "signature",
    "credential",
];

/// `text` with every credential replaced by [`REDACTED`]: access key ids (`AKIA…`/`ASIA…`, 20
/// characters), the value after a credential's name (`secret_access_key=…`, `Authorization: …`,
/// `Signature=…`, `Credential=…`, up to the next delimiter), and every exact value in `secrets`.
pub fn redact(text: &str, secrets: &[String]) -> String {
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for secret in secrets.iter().filter(|s| !s.is_empty()) {
        let mut from = 0;
        while let Some(i) = text[from..].find(secret.as_str()) {
            let start = from + i;
            ranges.push((start, start + secret.len()));
            from = start + secret.len();
        }
    }
    key_ids(text, &mut ranges);
    named_values(text, &mut ranges);
    if ranges.is_empty() {
        return text.to_string();
    }
    // Overlapping matches (a key id inside a `Credential=` value) become one redaction.
    ranges.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(ranges.len());
    for (start, end) in ranges {
        match merged.last_mut() {
            Some(last) if start <= last.1 => last.1 = last.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (start, end) in merged {
        out.push_str(&text[at..start]);
        out.push_str(REDACTED);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

/// Access key ids: a known prefix and 16 more upper-case letters or digits, standing alone.
fn key_ids(text: &str, ranges: &mut Vec<(usize, usize)>) {
    let bytes = text.as_bytes();
    let id_char = |b: u8| b.is_ascii_uppercase() || b.is_ascii_digit();
    let word_char = |b: u8| b.is_ascii_alphanumeric();
    for prefix in KEY_ID_PREFIXES {
        let mut from = 0;
        while let Some(i) = text[from..].find(prefix) {
            let start = from + i;
            let end = start + 20;
            from = start + prefix.len();
            let standalone_before = start == 0 || !word_char(bytes[start - 1]);
            let standalone_after = end >= bytes.len() || !word_char(bytes[end]);
            if end <= bytes.len()
                && bytes[start..end].iter().all(|b| id_char(*b))
                && standalone_before
                && standalone_after
            {
                ranges.push((start, end));
            }
        }
    }
}

/// The value after each credential's name, up to whitespace, a quote, `,` `;` `&` or a bracket;
/// an `Authorization` value (scheme, then parameters with spaces, commas and semicolons) up to
/// a quote or the end of the line. The SDK's own placeholder (`"** redacted **"`) is left alone.
fn named_values(text: &str, ranges: &mut Vec<(usize, usize)>) {
    let lower = text.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    for name in SECRET_NAMES {
        let mut from = 0;
        while let Some(i) = lower[from..].find(name) {
            let name_start = from + i;
            let mut at = name_start + name.len();
            from = at;
            // Part of a longer word ("credentials", "my_signature_x")? Not a name then.
            if bytes
                .get(at)
                .is_some_and(|b| b.is_ascii_alphanumeric() || *b == b'_')
            {
                continue;
            }
            at = skip(bytes, at, |b| b == b'"' || b == b'\'');
            at = skip(bytes, at, |b| b == b' ' || b == b'\t');
            if !matches!(bytes.get(at), Some(b'=' | b':')) {
                continue;
            }
            at += 1;
            at = skip(bytes, at, |b| b == b' ' || b == b'\t');
            at = skip(bytes, at, |b| b == b'"' || b == b'\'');
            let start = at;
            let whole_header = *name == "authorization";
            while let Some(b) = bytes.get(at) {
                let end = if whole_header {
                    matches!(b, b'"' | b'\'' | b'\n' | b'\r')
                } else {
                    b.is_ascii_whitespace()
                        || matches!(b, b'"' | b'\'' | b',' | b';' | b'&' | b')' | b'}' | b']')
                };
                if end {
                    break;
                }
                at += 1;
            }
            // "** redacted **", "** redacted (length=N) **": the SDK hid it already.
            let placeholder = bytes[start..].starts_with(b"**");
            if at > start && !placeholder {
                ranges.push((start, at));
            }
        }
    }
}

fn skip(bytes: &[u8], mut at: usize, what: impl Fn(u8) -> bool) -> usize {
    while bytes.get(at).is_some_and(|b| what(*b)) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    const KEY_ID: &str = "AKIAIOSFODNN7EXAMPLE";
    const SECRET: &str = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

    #[test]
    fn access_key_ids_are_redacted_wherever_they_stand() {
        let line = format!(
            "resolved identity: Credentials {{ provider_name: \"Environment\", access_key_id: \"{KEY_ID}\", secret_access_key: \"** redacted **\" }}"
        );
        let out = redact(&line, &[]);
        assert!(!out.contains(KEY_ID), "{out}");
        assert!(out.contains("provider_name: \"Environment\""), "{out}");
        assert_eq!(redact("ASIAY34FZKBOKMUTVV7A,", &[]), format!("{REDACTED},"));
        // Not a key id: too short, lower case, or part of a longer word.
        for keep in ["AKIA123", "akiaiosfodnn7example", "XAKIAIOSFODNN7EXAMPLE"] {
            assert_eq!(redact(keep, &[]), keep);
        }
    }

    #[test]
    fn values_after_credential_names_are_redacted_up_to_the_delimiter() {
        let cases = [
            (
                format!("aws_secret_access_key = {SECRET}\nregion = x"),
                "aws_secret_access_key = [redacted]\nregion = x".to_string(),
            ),
            (
                format!("{{\"SecretAccessKey\":\"{SECRET}\",\"Expiration\":\"2030\"}}"),
                "{\"SecretAccessKey\":\"[redacted]\",\"Expiration\":\"2030\"}".to_string(),
            ),
            (
                "x-amz-security-token: FwoGZXIvYXdzEJr//////////wEaDH; host: h".to_string(),
                "x-amz-security-token: [redacted]; host: h".to_string(),
            ),
            (
                "authorization: AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/ecs/aws4_request, SignedHeaders=host;x-amz-date, Signature=0123abcd".to_string(),
                "authorization: [redacted]".to_string(),
            ),
            (
                "https://h/?X-Amz-Credential=AKID%2F2024&X-Amz-Signature=ff00&X-Amz-Security-Token=tok&a=b".to_string(),
                "https://h/?X-Amz-Credential=[redacted]&X-Amz-Signature=[redacted]&X-Amz-Security-Token=[redacted]&a=b".to_string(),
            ),
            (
                "session_token: \"abc123\"".to_string(),
                "session_token: \"[redacted]\"".to_string(),
            ),
        ];
        for (input, want) in cases {
            assert_eq!(redact(&input, &[]), want, "{input}");
        }
        // The SDK's own placeholder stays readable.
        for placeholder in [
            "secret_access_key: \"** redacted **\"",
            "{\"authorization\": ** redacted (length=12) **, \"host\": \"h\"}",
        ] {
            assert_eq!(redact(placeholder, &[]), placeholder);
        }
        // Words that only contain a name are left alone.
        let keep = "loading credentials: no profile; signature_version unset";
        assert_eq!(redact(keep, &[]), keep);
    }

    #[test]
    fn exact_environment_values_are_redacted_whatever_their_shape() {
        let secrets = vec!["testing-secret".to_string(), "moto-key".to_string()];
        let out = redact(
            "key moto-key and testing-secret twice: testing-secret",
            &secrets,
        );
        assert_eq!(out, "key [redacted] and [redacted] twice: [redacted]");
    }

    #[test]
    fn overlapping_matches_are_redacted_once() {
        let secrets = vec![KEY_ID.to_string()];
        let out = redact(&format!("access_key_id={KEY_ID} done"), &secrets);
        assert_eq!(out, "access_key_id=[redacted] done");
    }
}
