//! Everything the UI shows, as plain data. `update` changes it; the screens and widgets draw it;
//! nothing here awaits.
//!
//! [`State`] has three parts: [`AppState`] (what every screen shares: configuration, keymap, the
//! account in the header, the dialog or input line that owns the keyboard, the status line),
//! [`Shared`] (session caches several screens read: the cluster and namespace lists, described task
//! definition revisions, drafts) and the stack of screens.

pub mod confirm;
pub mod drafts;
pub mod input;
pub mod loadable;
pub mod table;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use crate::effect::{Owner, ScreenId, Ticket};
use crate::keymap::Keymap;
use crate::model::namespace::Namespace;
use crate::model::task_definition::FamilySummary;
use crate::model::{Cluster, Identity, TaskDefinition};
use crate::screens::{Entry, Route, Stack};

pub use confirm::{Confirm, PendingOp, Picker};
pub use input::{InputKind, InputLine};
pub use loadable::{LoadOutcome, Loadable, Phase};
pub use table::{Column, ListTable, Scroll, Sort, TableRow};

/// Smallest terminal tecs draws its screens at (columns, rows); below it a notice asks for a bigger
/// terminal and every key but `q` and Ctrl-C is ignored (a dialog nobody can see is never
/// answered).
pub const MIN_SIZE: (u16, u16) = (40, 10);

/// Whether a terminal of `size` (columns, rows) is below [`MIN_SIZE`].
pub fn too_small(size: (u16, u16)) -> bool {
    size.0 < MIN_SIZE.0 || size.1 < MIN_SIZE.1
}

/// Lines a log view keeps by default (`--log-lines`); older lines are dropped from the front.
pub const DEFAULT_LOG_LINES: usize = 100_000;

/// Settings fixed at start-up.
#[derive(Debug, Clone)]
pub struct AppConfig {
    pub profile: Option<String>,
    pub region: String,
    pub endpoint_url: Option<String>,
    pub read_only: bool,
    /// Auto-refresh interval; `None` turns auto-refresh off.
    pub refresh: Option<Duration>,
    /// `NO_COLOR` is set: draw with modifiers only.
    pub no_color: bool,
    /// At most this many lines in a log view's buffer (at least 1): memory is bounded by it.
    pub log_lines: usize,
    /// The colours.
    pub theme: crate::widgets::theme::ThemeKind,
    /// A problem found before the UI started (a config file that could not be used), shown in
    /// the status line once the screen is up.
    pub notice: Option<String>,
    /// Regions chosen recently, newest first (the region picker lists them first).
    pub recent_regions: Vec<String>,
    /// The config file's `overview_regions`: the regions `:overview` lists instead of the
    /// account's enabled ones.
    pub overview_regions: Option<Vec<String>>,
}

impl Default for AppConfig {
    fn default() -> Self {
        Self {
            profile: None,
            region: String::new(),
            endpoint_url: None,
            read_only: false,
            refresh: None,
            no_color: false,
            log_lines: DEFAULT_LOG_LINES,
            theme: crate::widgets::theme::ThemeKind::Default,
            notice: None,
            recent_regions: Vec::new(),
            overview_regions: None,
        }
    }
}

/// A modal that owns the keyboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Overlay {
    Help { scroll: usize },
    Confirm(Box<Confirm>),
}

impl Overlay {
    /// A confirmation dialog.
    pub fn confirm(dialog: Confirm) -> Overlay {
        Overlay::Confirm(Box::new(dialog))
    }
}

/// How loud a status line is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Error,
}

/// The one-line message above the footer hints.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Status {
    pub level: Level,
    pub text: String,
}

/// Status messages kept for the help overlay.
pub const MESSAGES_KEPT: usize = 20;

/// What tecs prints after the terminal is restored, and its exit code (`tecs deregister`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExitReport {
    pub text: String,
    pub code: u8,
}

/// What every screen shares.
#[derive(Debug, Clone)]
pub struct AppState {
    pub config: AppConfig,
    pub keymap: Keymap,
    pub identity: Loadable<Identity>,
    pub overlay: Option<Overlay>,
    pub input: Option<InputLine>,
    pub status: Option<Status>,
    /// The status line's error is a load's failure, which the next successful load clears;
    /// any other message (a refused answer, a config file tecs cannot use) stays until replaced.
    pub status_from_load: bool,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// The app loop's clock, set before each draw; render reads elapsed times from it.
    pub now: Instant,
    next_id: u64,
    pub should_quit: bool,
    /// Printed after the terminal is restored (set by a screen that ends tecs with a result).
    pub exit: Option<ExitReport>,
    /// The cluster last opened (its ARN): what `:services`, `:tasks` and `:instances` show.
    pub current_cluster: Option<String>,
    /// The pending retry of a failed account lookup.
    pub identity_timer: Option<u64>,
    /// A profile or region switch whose clients are being built.
    pub switching: Option<crate::update::switch::Switching>,
    /// A switch took effect: remember it once the account answers.
    pub remember: Option<(Option<String>, String)>,
    /// Drafts of other profiles and regions, by (profile, region): a draft is registered only
    /// where it was written, so a switch puts them aside until the operator switches back.
    pub stashed_drafts: HashMap<(Option<String>, String), HashMap<String, drafts::Draft>>,
    /// The latest status messages, oldest first (shown in `?`).
    pub messages: std::collections::VecDeque<Status>,
    /// Something changed since the last draw.
    pub dirty: bool,
}

impl AppState {
    pub fn new(config: AppConfig, keymap: Keymap, size: (u16, u16)) -> Self {
        Self {
            config,
            keymap,
            identity: Loadable::default(),
            overlay: None,
            input: None,
            status: None,
            status_from_load: false,
            size,
            now: Instant::now(),
            next_id: 1,
            should_quit: false,
            exit: None,
            current_cluster: None,
            identity_timer: None,
            switching: None,
            remember: None,
            stashed_drafts: HashMap::new(),
            messages: std::collections::VecDeque::new(),
            dirty: true,
        }
    }

    /// A fresh id for a ticket or a screen (unique in the session).
    pub fn next_id(&mut self) -> u64 {
        let id = self.next_id;
        self.next_id = self.next_id.wrapping_add(1);
        id
    }

    /// A ticket for work owned by `owner`.
    pub fn ticket(&mut self, owner: Owner) -> Ticket {
        Ticket {
            id: self.next_id(),
            owner,
        }
    }

    pub fn set_status(&mut self, level: Level, text: impl Into<String>) {
        let status = Status {
            level,
            text: text.into(),
        };
        // Kept for `?`, where a message too long for the status line can be read whole.
        if self.messages.back() != Some(&status) {
            self.messages.push_back(status.clone());
            if self.messages.len() > MESSAGES_KEPT {
                self.messages.pop_front();
            }
        }
        self.status = Some(status);
        self.status_from_load = false;
    }

    /// Rows a full-page list can show before anything is drawn (header 2, footer 2, table header and
    /// borders 3); the renderer's own count takes over after the first frame.
    pub fn page_guess(&self) -> usize {
        usize::from(self.size.1.saturating_sub(7)).max(1)
    }
}

/// Session caches read by several screens. A revision's content never changes, so descriptions are
/// kept for the session; the cluster and namespace lists are the latest known, shown at once by a
/// screen that opens while they refresh.
#[derive(Debug, Clone, Default)]
pub struct Shared {
    pub clusters: Loadable<Vec<Cluster>>,
    pub namespaces: Loadable<Vec<Namespace>>,
    /// Described revisions by ARN.
    pub taskdefs: HashMap<String, TaskDefinition>,
    /// Revisions (ARN or `family:rev` as asked) being described, and who asked.
    pub describing: HashMap<String, Owner>,
    /// Family summaries for the families list (replaced when re-fetched).
    pub family_summaries: HashMap<String, FamilySummary>,
    /// Families whose summary is being fetched, and who asked.
    pub summarizing: HashMap<String, Owner>,
    /// Family names from the last families list (the wizard warns about an existing family).
    pub known_families: Vec<String>,
    /// Pending task definition edits by family: kept until registered or discarded.
    pub drafts: HashMap<String, drafts::Draft>,
}

impl Shared {
    /// The names of the clusters the cluster list holds, for completing `:services NAME`.
    pub fn cluster_names(&self) -> Vec<&str> {
        self.clusters
            .data
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|c| c.name.as_str())
            .collect()
    }

    /// Forgets the requests of an owner that was cancelled, so they are asked again when needed.
    pub fn abandon(&mut self, owner: Owner) {
        self.clusters.abandon(owner);
        self.namespaces.abandon(owner);
        self.describing.retain(|_, o| *o != owner);
        self.summarizing.retain(|_, o| *o != owner);
    }
}

/// The whole application state.
#[derive(Debug, Clone)]
pub struct State {
    pub app: AppState,
    pub shared: Shared,
    /// The navigation stack (the root is the cluster list unless `:` replaced it).
    pub routes: Stack,
}

impl State {
    pub fn new(config: AppConfig, keymap: Keymap, size: (u16, u16)) -> Self {
        let mut app = AppState::new(config, keymap, size);
        let root = Entry::new(ScreenId(app.next_id()), Route::clusters());
        Self {
            app,
            shared: Shared::default(),
            routes: Stack::new(root),
        }
    }

    /// The screen on top of the stack.
    pub fn route(&self) -> &Route {
        &self.routes.top().route
    }

    /// Whether Esc has somewhere to go: a screen under this one, the cluster list from a view
    /// opened with `:`, or a filter to clear. On the bare cluster list it has none, and the
    /// footer does not offer it.
    pub fn can_go_back(&self) -> bool {
        self.routes.len() > 1
            || !matches!(self.route(), Route::Clusters(_) | Route::QuickDeregister(_))
            || self
                .route()
                .screen()
                .table()
                .is_some_and(|t| !t.filter().is_empty())
    }

    /// Whether anything on screen is loading (the app loop ticks a spinner only then).
    pub fn is_loading(&self) -> bool {
        self.app.identity.is_loading() || self.route().screen().is_loading(&self.shared)
    }

    pub fn set_status(&mut self, level: Level, text: impl Into<String>) {
        self.app.set_status(level, text);
    }
}
