//! Local work: timers and files.

use std::time::Duration;

use crate::effect::Outcome;

/// A refresh timer.
pub async fn sleep(after: Duration) -> Outcome {
    tokio::time::sleep(after).await;
    Outcome::RefreshDue
}

/// Writes `contents` to a new file; an existing file is never overwritten.
pub async fn save_new(path: String, contents: &str) -> Outcome {
    let result = write_new(&path, contents).await;
    Outcome::Saved { path, result }
}

async fn write_new(path: &str, contents: &str) -> Result<(), String> {
    use tokio::io::AsyncWriteExt;
    let mut file = tokio::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .await
        .map_err(|e| format!("cannot create {path}: {e}"))?;
    file.write_all(contents.as_bytes())
        .await
        .map_err(|e| format!("cannot write {path}: {e}"))?;
    file.flush()
        .await
        .map_err(|e| format!("cannot write {path}: {e}"))
}
