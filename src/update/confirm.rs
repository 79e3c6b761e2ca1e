//! The confirmation dialog's keys, the same everywhere: `y` confirms, `n`/Esc cancel, Tab switches,
//! Enter takes the highlighted choice (which starts on No). A picker changes its value with j/k; a
//! typed confirmation takes the characters typed (so there `y`/`n` are text) and allows Yes only
//! once the name matches. The answer goes to the screen that opened the dialog.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::router;
use crate::effect::Effect;
use crate::keymap::{Command, Context};
use crate::screens::clusters::admin;
use crate::state::{Level, Overlay, PendingOp, State};

pub fn on_key(state: &mut State, key: KeyEvent) -> Vec<Effect> {
    let command = state.app.keymap.lookup(&[Context::Confirm], &key);
    let Some(Overlay::Confirm(dialog)) = state.app.overlay.as_mut() else {
        return Vec::new();
    };
    if let Some((_, typed)) = dialog.typed.as_mut() {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            // Ctrl-U clears, as in every other prompt.
            KeyCode::Char('u') if ctrl => {
                typed.clear();
                return Vec::new();
            }
            KeyCode::Char(c) if !ctrl => {
                typed.push(c);
                return Vec::new();
            }
            KeyCode::Backspace => {
                typed.pop();
                return Vec::new();
            }
            _ => {}
        }
    }
    let confirmed = match command {
        Some(Command::Yes) => dialog.can_confirm(),
        Some(Command::No) => false,
        // A typed name is the answer itself: Enter on the exact name confirms (on No otherwise,
        // an empty or wrong name is still a No).
        Some(Command::Activate) => {
            (dialog.yes_highlighted || dialog.typed.is_some()) && dialog.can_confirm()
        }
        Some(Command::Toggle) => {
            dialog.yes_highlighted = !dialog.yes_highlighted;
            return Vec::new();
        }
        Some(Command::PickNext | Command::PickPrev) => {
            if let Some(picker) = dialog.picker.as_mut() {
                let n = picker.values.len().max(1);
                picker.index = if command == Some(Command::PickNext) {
                    (picker.index + 1) % n
                } else {
                    (picker.index + n - 1) % n
                };
                if matches!(dialog.op, PendingOp::UpdateRevision { .. }) {
                    crate::screens::services::actions::refresh_revision_dialog(dialog);
                } else if matches!(dialog.op, PendingOp::Exec { .. }) {
                    crate::screens::task::exec::refresh_dialog(dialog);
                } else {
                    admin::refresh_dialog(dialog);
                }
            }
            return Vec::new();
        }
        _ => return Vec::new(),
    };
    // A name typed but not exact stays to be corrected (Esc or an empty Enter cancels).
    let started_typing = dialog.typed.as_ref().is_some_and(|(_, t)| !t.is_empty());
    if !confirmed
        && (dialog.yes_highlighted || started_typing)
        && command == Some(Command::Activate)
    {
        state.set_status(Level::Error, "type the name exactly to confirm");
        return Vec::new();
    }
    let op = dialog.op.clone();
    let owner = dialog.owner;
    let picked = dialog.picker.as_ref().map(|p| p.value().to_string());
    state.app.overlay = None;
    if op != PendingOp::DiscardWizard {
        if confirmed {
            state.set_status(Level::Info, "working…");
        } else {
            state.set_status(Level::Info, "cancelled: nothing was changed");
        }
    }
    let Some(owner) = owner else {
        return Vec::new();
    };
    router::with_screen(state, owner, |screen, cx| {
        screen.on_confirm(op, confirmed, picked, cx)
    })
}
