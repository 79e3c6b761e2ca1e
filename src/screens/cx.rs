//! What a screen acts through ([`Cx`]) and draws with ([`View`]).

use std::time::SystemTime;

use crate::effect::{Effect, Job, Owner, ScreenId, Ticket};
use crate::keymap::{Command, Context};
use crate::state::{
    AppState, Confirm, InputKind, InputLine, Level, LoadOutcome, Loadable, Overlay, Shared,
};
use crate::widgets::theme::Theme;

use super::Route;

/// A navigation request, applied by the router after the screen returns.
#[derive(Debug, Clone)]
pub enum Nav {
    /// Open a screen on top.
    Push(Route),
    /// Close this screen (the one the context belongs to).
    Close,
    /// Replace the whole stack with this screen (`:clusters`).
    Replace(Route),
    /// Switch profile or region (every screen is replaced once the new clients are ready).
    Switch(crate::update::switch::SwitchTarget),
}

/// Something that changed, told to every screen on the stack (a screen cannot reach another).
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// Revisions changed status in place (deregistered → INACTIVE, deleted → DELETE_IN_PROGRESS).
    RevisionStatus { arns: Vec<String>, status: String },
    /// A new revision was registered.
    RevisionRegistered {
        family: String,
        arn: String,
        status: String,
    },
    /// A cluster was deleted: its page has nothing left to show.
    ClusterDeleted { cluster: String },
    /// A namespace was deleted.
    NamespaceDeleted { id: String },
    /// A service changed (UpdateService answered with it as it now is).
    ServiceChanged(Box<crate::model::service::Service>),
    /// A service was deleted.
    ServiceDeleted { service: String },
    /// A task was stopped (StopTask answered with it).
    TaskStopped(Box<crate::model::task::Task>),
}

/// What a screen asked for while handling something.
#[derive(Debug, Default)]
pub struct Outputs {
    pub effects: Vec<Effect>,
    pub nav: Vec<Nav>,
    pub notices: Vec<Notice>,
}

/// The context of one screen while it handles something.
pub struct Cx<'a> {
    pub app: &'a mut AppState,
    pub shared: &'a mut Shared,
    me: ScreenId,
    timer: &'a mut Option<u64>,
    out: &'a mut Outputs,
    /// The screen is the one on top (a late answer may reach a screen under another).
    on_top: bool,
}

impl<'a> Cx<'a> {
    pub fn new(
        app: &'a mut AppState,
        shared: &'a mut Shared,
        me: ScreenId,
        timer: &'a mut Option<u64>,
        out: &'a mut Outputs,
        on_top: bool,
    ) -> Self {
        Self {
            app,
            shared,
            me,
            timer,
            out,
            on_top,
        }
    }

    /// The screen this context belongs to.
    pub fn me(&self) -> ScreenId {
        self.me
    }

    pub fn owner(&self) -> Owner {
        Owner::Screen(self.me)
    }

    /// A ticket for work this screen owns.
    pub fn ticket(&mut self) -> Ticket {
        let owner = self.owner();
        self.app.ticket(owner)
    }

    /// Starts `job`, owned by this screen; returns its ticket.
    pub fn run(&mut self, job: Job) -> Ticket {
        let ticket = self.ticket();
        self.out.effects.push(Effect::Run { ticket, job });
        ticket
    }

    /// Any other effect (clipboard, editor).
    pub fn effect(&mut self, effect: Effect) {
        self.out.effects.push(effect);
    }

    /// Starts loading into a value this screen holds, replacing (and cancelling) a load in flight.
    pub fn load_into<T>(&mut self, value: &mut Loadable<T>, job: Job) {
        let ticket = self.ticket();
        if let Some(old) = value.start(ticket, self.app.now) {
            self.out.effects.push(Effect::CancelTicket(old));
        }
        self.out.effects.push(Effect::Run { ticket, job });
    }

    /// Starts loading into a shared value (the cluster or namespace list).
    pub fn load_shared<T>(&mut self, pick: impl FnOnce(&mut Shared) -> &mut Loadable<T>, job: Job) {
        let ticket = self.ticket();
        if let Some(old) = pick(self.shared).start(ticket, self.app.now) {
            self.out.effects.push(Effect::CancelTicket(old));
        }
        self.out.effects.push(Effect::Run { ticket, job });
    }

    /// After a load of this screen finished: show its failure (or clear an old one) and, once
    /// nothing of the screen is loading (`done`), schedule its next refresh — backoff after a
    /// transient failure, the refresh interval otherwise. A failure the operator must fix
    /// (permissions, credentials) waits for the normal interval or `r`.
    pub fn settle(&mut self, outcome: LoadOutcome, done: bool) {
        self.app.dirty = true;
        match &outcome.error {
            Some(e) => {
                self.app.set_status(Level::Error, e.to_string());
                self.app.status_from_load = true;
            }
            // Only a load's own failure is over when a load succeeds.
            None if self.app.status_from_load => {
                self.app.status = None;
                self.app.status_from_load = false;
            }
            None => {}
        }
        if !done {
            return;
        }
        let after = match &outcome.error {
            Some(e) if e.is_transient() => Some(crate::update::refresh::backoff(outcome.failures)),
            _ => self.app.config.refresh,
        };
        if let Some(after) = after {
            self.schedule_refresh(after);
        }
    }

    /// Schedules this screen's next refresh; a timer already pending is replaced.
    pub fn schedule_refresh(&mut self, after: std::time::Duration) {
        if let Some(old) = self.timer.take() {
            self.out.effects.push(Effect::CancelTicket(old));
        }
        let ticket = self.run(Job::Sleep { after });
        *self.timer = Some(ticket.id);
    }

    /// Opens a screen on top.
    pub fn push(&mut self, route: Route) {
        self.out.nav.push(Nav::Push(route));
    }

    /// Closes this screen.
    pub fn close(&mut self) {
        self.out.nav.push(Nav::Close);
    }

    /// Replaces the whole stack with one screen.
    pub fn replace_all(&mut self, route: Route) {
        self.out.nav.push(Nav::Replace(route));
    }

    /// Switches profile or region.
    pub fn switch(&mut self, target: crate::update::switch::SwitchTarget) {
        self.out.nav.push(Nav::Switch(target));
    }

    /// Tells every screen on the stack that something changed.
    pub fn notify(&mut self, notice: Notice) {
        self.out.notices.push(notice);
    }

    /// Opens a confirmation dialog whose answer comes back to this screen. A dialog never
    /// replaces another dialog or a prompt being typed, and never opens over another screen: an
    /// answer that arrives late (a lookup that took seconds) would otherwise take the keys meant
    /// for what is in front. Then the status line says to ask again.
    pub fn confirm(&mut self, mut dialog: Confirm) {
        if !self.on_top || self.app.overlay.is_some() || self.app.input.is_some() {
            let title = dialog.title.clone();
            self.info(format!(
                "{title}: not asked, as something else was open; ask again when you are back"
            ));
            return;
        }
        dialog.owner = Some(self.me);
        // "checking…", "listing…": the dialog is the answer, the progress line is old news.
        if self
            .app
            .status
            .as_ref()
            .is_some_and(|s| s.level == Level::Info)
        {
            self.app.status = None;
        }
        self.app.overlay = Some(Overlay::confirm(dialog));
    }

    /// Opens an input line of `kind` for this screen, starting with `value`.
    pub fn open_input(&mut self, kind: InputKind, value: String, target: Option<String>) {
        self.app.input = Some(InputLine::new(kind, value, target, Some(self.me)));
    }

    pub fn info(&mut self, text: impl Into<String>) {
        self.app.set_status(Level::Info, text);
    }

    pub fn error(&mut self, text: impl Into<String>) {
        self.app.set_status(Level::Error, text);
    }

    /// Copies `text` with OSC 52 and says what was copied.
    pub fn copy(&mut self, what: &str, text: String) {
        self.info(format!("copied the {what} to the clipboard (OSC 52)"));
        self.out.effects.push(Effect::Clipboard { text });
    }

    /// The read-only pre-check, one message for every change: true (and the message shown) when
    /// tecs runs with `--read-only`. The runner still refuses any mutating job on its own.
    pub fn refuse_read_only(&mut self, what: &str) -> bool {
        let read_only = self.app.config.read_only;
        if read_only {
            self.error(crate::update::guard::read_only_message(what));
        }
        read_only
    }

    /// Wall-clock time for `loaded_at`.
    pub fn wall_clock(&self) -> SystemTime {
        SystemTime::now()
    }

    /// Rows a full-page list shows before the first draw.
    pub fn page_guess(&self) -> usize {
        self.app.page_guess()
    }
}

/// What a screen draws with.
pub struct View<'a> {
    pub app: &'a AppState,
    pub shared: &'a Shared,
    pub theme: &'a Theme,
}

impl View<'_> {
    /// The key bound to refresh, for "press r to retry" (the keymap decides it).
    pub fn retry_key(&self) -> String {
        self.app
            .keymap
            .key_for(Context::Global, Command::Refresh)
            .unwrap_or_else(|| "r".into())
    }

    /// The clock and retry key for [`crate::widgets::remote_list::render`].
    pub fn now(&self) -> std::time::Instant {
        self.app.now
    }

    pub fn region(&self) -> &str {
        &self.app.config.region
    }
}
