//! `tecs deregister family:rev…`: straight into the confirmation, then the results on stdout.

pub use crate::model::task_definition::ServiceUsage;

/// The quick path's progress.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuickDeregister {
    /// As typed (`web:3`), in order.
    pub targets: Vec<String>,
    /// Which services use each revision (by ARN); `None` inside when the region has too many
    /// clusters to check cheaply; the outer `None` while still looking.
    pub usage: Option<Result<ServiceUsage, String>>,
    /// Per-target outcome once done: `Ok` or the reason it failed.
    pub results: Vec<(String, Result<String, String>)>,
    /// The operator answered No.
    pub cancelled: bool,
    /// The dialog has been shown.
    pub asked: bool,
}

impl QuickDeregister {
    /// The exit code for the shell: 0 when everything asked for was deregistered.
    pub fn exit_code(&self) -> u8 {
        if self.cancelled || self.results.is_empty() || self.results.iter().any(|(_, r)| r.is_err())
        {
            1
        } else {
            0
        }
    }

    /// What is printed after the terminal is restored.
    pub fn report(&self) -> String {
        if self.cancelled {
            return "cancelled: nothing was deregistered\n".to_string();
        }
        let mut out = String::new();
        let mut results: Vec<&(String, Result<String, String>)> = self.results.iter().collect();
        // In the order the operator typed them.
        results.sort_by_key(|(t, _)| {
            self.targets
                .iter()
                .position(|x| x == t)
                .unwrap_or(usize::MAX)
        });
        for (target, result) in results {
            match result {
                Ok(msg) => out.push_str(&format!("{target}: {msg}\n")),
                Err(e) => out.push_str(&format!("{target}: FAILED: {e}\n")),
            }
        }
        if out.is_empty() {
            out.push_str("nothing was deregistered\n");
        }
        out
    }
}
