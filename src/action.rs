//! Every user intent and every async result, as one enum fed to `update`.

use crossterm::event::KeyEvent;

use crate::effect::{Outcome, Ticket};

/// Something that happened.
///
/// `Done` is the large variant (an [`Outcome`] holds a result or an [`crate::model::AwsError`]);
/// actions are moved through the channel one at a time and never stored in bulk, so boxing it
/// would add an allocation per answer for nothing measurable.
#[derive(Debug, Clone)]
#[allow(clippy::large_enum_variant)]
pub enum Action {
    /// A key press from the terminal.
    Key(KeyEvent),
    /// The terminal was resized.
    Resize(u16, u16),
    /// Spinner tick while something is loading.
    Tick,
    /// SIGTERM, SIGHUP or SIGINT: leave cleanly.
    Terminate,
    /// Work answered: its outcome goes to the owner named in the ticket.
    Done { ticket: Ticket, outcome: Outcome },
}
