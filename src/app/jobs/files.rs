//! Local work: timers and files.

use std::time::Duration;

use crate::effect::Outcome;

/// A refresh timer.
pub async fn sleep(after: Duration) -> Outcome {
    tokio::time::sleep(after).await;
    Outcome::RefreshDue
}

/// Writes `contents` to a new file; an existing file is never overwritten. When `path` is taken
/// (a second save within the same second), `-2`, `-3`, … go before the extension. The answer
/// names the file written, as an absolute path, so the operator can find it.
pub async fn save_new(path: String, contents: &str) -> Outcome {
    let (stem, ext) = match path.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !ext.contains('/') => {
            (stem.to_string(), format!(".{ext}"))
        }
        _ => (path.clone(), String::new()),
    };
    let mut last = Err(format!("cannot create {path}"));
    for n in 1..=MAX_SUFFIX {
        let candidate = if n == 1 {
            path.clone()
        } else {
            format!("{stem}-{n}{ext}")
        };
        match write_new(&candidate, contents).await {
            Err(Exists) => continue,
            Ok(result) => {
                last = result.map(|()| absolute(&candidate));
                break;
            }
        }
    }
    match last {
        Ok(written) => Outcome::Saved {
            path: written,
            result: Ok(()),
        },
        Err(e) => Outcome::Saved {
            path,
            result: Err(e),
        },
    }
}

/// How many names `save_new` tries before giving up.
const MAX_SUFFIX: u32 = 100;

/// The file was already there.
struct Exists;

/// `Err(Exists)` when the file exists; otherwise whether it was written.
async fn write_new(path: &str, contents: &str) -> Result<Result<(), String>, Exists> {
    use tokio::io::AsyncWriteExt;
    let opened = tokio::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .await;
    let mut file = match opened {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(Exists),
        Err(e) => return Ok(Err(format!("cannot create {}: {e}", absolute(path)))),
    };
    let written = async {
        file.write_all(contents.as_bytes()).await?;
        file.flush().await
    }
    .await;
    Ok(written.map_err(|e| format!("cannot write {}: {e}", absolute(path))))
}

/// `path` as an absolute path, from the current directory; as given when that is unknown.
fn absolute(path: &str) -> String {
    std::path::absolute(path).map_or_else(|_| path.to_string(), |p| p.display().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_taken_name_gets_a_number_and_the_answer_is_absolute() {
        let dir = std::env::temp_dir().join(format!("tecs-save-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("tecs-logs-web.log").display().to_string();
        let mut written = Vec::new();
        for text in ["one\n", "two\n"] {
            let Outcome::Saved { path, result } = save_new(path.clone(), text).await else {
                panic!("saved")
            };
            assert_eq!(result, Ok(()));
            written.push(path);
        }
        assert_eq!(written[0], path);
        assert_eq!(
            written[1],
            dir.join("tecs-logs-web-2.log").display().to_string()
        );
        assert_eq!(std::fs::read_to_string(&written[0]).unwrap(), "one\n");
        assert_eq!(std::fs::read_to_string(&written[1]).unwrap(), "two\n");
        assert!(std::path::Path::new(&absolute("x.log")).is_absolute());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
