//! The read-only pre-check's one message. Screens check before opening a dialog or sending a form
//! (`Cx::refuse_read_only`); the runner is still the enforcement point and refuses every mutating
//! job on its own.

/// "read-only mode: deregister is disabled (tecs was started with --read-only)".
pub fn read_only_message(what: &str) -> String {
    format!("read-only mode: {what} is disabled (tecs was started with --read-only)")
}
