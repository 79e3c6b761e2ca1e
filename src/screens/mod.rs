//! Screens: each owns its state, its key handling and its drawing, behind the [`Screen`] trait.
//! Adding one is a new folder plus one [`Route`] variant; `Route` is matched only by
//! [`Route::screen`] and [`Route::screen_mut`].
//!
//! A screen acts through a [`Cx`]: it starts work (tickets it owns, cancelled when it leaves the
//! stack), asks for navigation, opens dialogs and tells other screens what changed ([`Notice`]).
//! It draws with a [`View`]: read-only app state, shared caches and the theme.

pub mod cluster_detail;
pub mod clusters;
pub mod common;
pub mod container_instances;
pub mod cx;
pub mod draft;
pub mod families;
pub mod findings;
pub mod logs;
pub mod namespace_detail;
pub mod namespaces;
pub mod overview;
pub mod profiles;
pub mod quick_deregister;
pub mod regions;
pub mod revision_detail;
pub mod revisions;
pub mod service;
pub mod services;
pub mod task;
pub mod tasks;
pub mod text_page;
pub mod tree;
pub mod wizards;

use crossterm::event::KeyEvent;
use ratatui::Frame;
use ratatui::layout::Rect;

pub use cx::{Cx, Nav, Notice, Outputs, View};

use crate::domain::console_url::ConsoleTarget;
use crate::effect::{Outcome, ScreenId, Ticket};
pub use crate::keymap::Keys;
use crate::keymap::{Command, Keymap};
use crate::state::{InputKind, ListTable, PendingOp, Scroll, Shared};

/// What every screen does. Defaults cover screens without the feature.
pub trait Screen {
    /// The crumb shown in the header.
    fn crumb(&self) -> String;

    /// Which keys the screen reads.
    fn keys(&self) -> Keys {
        Keys::List
    }

    /// Whether the screen does something with `command` now: the one source for dispatch, footer
    /// hints and help. The app's own commands (quit, back, help, command line) are not asked.
    fn supports(&self, command: Command, shared: &Shared) -> bool;

    /// What `command` does on this screen, when the keymap's words for its context do not fit
    /// (on a log, Enter opens the line, not "register draft"): used by `?` help. The footer keeps
    /// the keymap's short words, so that more hints fit.
    fn relabel(&self, _command: Command) -> Option<&'static str> {
        None
    }

    /// The footer's word for `command` when the keymap's does not fit this screen (space
    /// expands a tree node rather than marking a row).
    fn footer_word(&self, _command: Command) -> Option<&'static str> {
        None
    }

    /// Why `command` is not available now, when the screen can say more than "not here" (an
    /// INACTIVE cluster cannot be changed).
    fn why_not(&self, _command: Command, _shared: &Shared) -> Option<String> {
        None
    }

    /// A command the screen supports (movement, filter and sort on its table are done for it).
    fn on_command(&mut self, command: Command, cx: &mut Cx);

    /// A key, for screens that take every key ([`Keys::Form`]).
    fn on_key(&mut self, _key: KeyEvent, _cx: &mut Cx) {}

    /// The answer to work this screen started.
    fn on_outcome(&mut self, _ticket: Ticket, _outcome: Outcome, _cx: &mut Cx) {}

    /// The answer to a dialog this screen opened.
    fn on_confirm(&mut self, _op: PendingOp, _yes: bool, _picked: Option<String>, _cx: &mut Cx) {}

    /// The value to start an input line of this kind with.
    fn input_start(&self, _kind: InputKind) -> String {
        String::new()
    }

    /// `Esc` on this screen: true when the screen used it (e.g. to clear a server-side prefix),
    /// false to go back as usual.
    fn on_back(&mut self, _cx: &mut Cx) -> bool {
        false
    }

    /// A submitted input line (prefix, search, numbers, capacity providers; not the filter).
    fn on_input(&mut self, _kind: InputKind, _value: &str, _target: Option<String>, _cx: &mut Cx) {}

    /// Something changed elsewhere that this screen may show.
    fn on_notice(&mut self, _notice: &Notice, _cx: &mut Cx) {}

    /// Fetch what the screen shows: when it opens, is revealed again, is due for a refresh, or on
    /// `r`. A load replaces the one in flight.
    fn load(&mut self, _cx: &mut Cx) {}

    /// `r`: fetch again now. The same as [`Screen::load`] unless the screen keeps what it
    /// showed when revealed again (a tree keeps its expansions, `:findings` its answer).
    fn refresh(&mut self, cx: &mut Cx) {
        self.load(cx);
    }

    /// The selection or scroll moved: fetch details for what is now on screen.
    fn on_moved(&mut self, _cx: &mut Cx) {}

    /// Whether something the screen shows is loading (the spinner ticks only then).
    fn is_loading(&self, _shared: &Shared) -> bool {
        false
    }

    /// The screen's list, when it has one (movement, filter and sort act on it).
    fn table(&self) -> Option<&ListTable> {
        None
    }

    fn table_mut(&mut self) -> Option<&mut ListTable> {
        None
    }

    /// The screen's scrollable text, when it is a page of text.
    fn scroll(&self) -> Option<&Scroll> {
        None
    }

    /// Footer hints, for screens that decide them per field (forms).
    fn hints(&self, _keymap: &Keymap) -> Option<Vec<(String, String)>> {
        None
    }

    /// What `o` shows the AWS console URL of (the selection, or the screen's own resource).
    fn console_target(&self, _shared: &Shared) -> Option<ConsoleTarget> {
        None
    }

    /// Draws the screen in `area`.
    fn render(&self, frame: &mut Frame, area: Rect, view: &View);
}

/// Whether `screen` does something with `command` now: its own answer, except for the commands
/// every screen with a resource shares (the console URL).
pub fn supports(screen: &dyn Screen, command: Command, shared: &Shared) -> bool {
    match command {
        Command::ConsoleUrl => screen.console_target(shared).is_some(),
        other => screen.supports(other, shared),
    }
}

/// One screen on the navigation stack.
#[derive(Debug, Clone)]
pub enum Route {
    Clusters(clusters::ClustersScreen),
    ClusterDetail(Box<cluster_detail::ClusterDetailScreen>),
    Namespaces(namespaces::NamespacesScreen),
    NamespaceDetail(Box<namespace_detail::NamespaceDetailScreen>),
    Services(Box<services::ServicesScreen>),
    Service(Box<service::ServiceScreen>),
    Tasks(Box<tasks::TasksScreen>),
    Task(Box<task::TaskScreen>),
    ContainerInstances(Box<container_instances::ContainerInstancesScreen>),
    Logs(Box<logs::LogsScreen>),
    Families(Box<families::FamiliesScreen>),
    Revisions(Box<revisions::RevisionsScreen>),
    RevisionDetail(revision_detail::RevisionDetailScreen),
    /// A scrollable text page: JSON, diffs.
    Text(Box<text_page::TextPage>),
    /// A family's pending edit.
    Draft(draft::DraftScreen),
    /// `tecs deregister family:rev…`.
    QuickDeregister(Box<quick_deregister::QuickDeregisterScreen>),
    TaskDefWizard(Box<wizards::task_definition::TaskDefWizard>),
    ClusterWizard(Box<wizards::cluster::ClusterWizard>),
    NamespaceWizard(Box<wizards::namespace::NamespaceWizard>),
    ServiceWizard(Box<wizards::service::ServiceWizard>),
    RunTaskWizard(Box<wizards::run_task::RunTaskWizard>),
    /// `:profile`.
    Profiles(Box<profiles::ProfilesScreen>),
    /// `:region`.
    Regions(Box<regions::RegionsScreen>),
    /// `:overview`.
    Overview(Box<overview::OverviewScreen>),
    /// `T`: the resources of a service or a revision.
    Tree(Box<tree::TreeScreen>),
    /// `:findings`.
    Findings(Box<findings::FindingsScreen>),
}

impl Route {
    /// The screen behind the route.
    pub fn screen(&self) -> &dyn Screen {
        match self {
            Route::Clusters(s) => s,
            Route::ClusterDetail(s) => s.as_ref(),
            Route::Namespaces(s) => s,
            Route::NamespaceDetail(s) => s.as_ref(),
            Route::Services(s) => s.as_ref(),
            Route::Service(s) => s.as_ref(),
            Route::Tasks(s) => s.as_ref(),
            Route::Task(s) => s.as_ref(),
            Route::ContainerInstances(s) => s.as_ref(),
            Route::Logs(s) => s.as_ref(),
            Route::Families(s) => s.as_ref(),
            Route::Revisions(s) => s.as_ref(),
            Route::RevisionDetail(s) => s,
            Route::Text(s) => s.as_ref(),
            Route::Draft(s) => s,
            Route::QuickDeregister(s) => s.as_ref(),
            Route::TaskDefWizard(s) => s.as_ref(),
            Route::ClusterWizard(s) => s.as_ref(),
            Route::NamespaceWizard(s) => s.as_ref(),
            Route::ServiceWizard(s) => s.as_ref(),
            Route::RunTaskWizard(s) => s.as_ref(),
            Route::Profiles(s) => s.as_ref(),
            Route::Regions(s) => s.as_ref(),
            Route::Overview(s) => s.as_ref(),
            Route::Tree(s) => s.as_ref(),
            Route::Findings(s) => s.as_ref(),
        }
    }

    /// The screen behind the route, to change.
    pub fn screen_mut(&mut self) -> &mut dyn Screen {
        match self {
            Route::Clusters(s) => s,
            Route::ClusterDetail(s) => s.as_mut(),
            Route::Namespaces(s) => s,
            Route::NamespaceDetail(s) => s.as_mut(),
            Route::Services(s) => s.as_mut(),
            Route::Service(s) => s.as_mut(),
            Route::Tasks(s) => s.as_mut(),
            Route::Task(s) => s.as_mut(),
            Route::ContainerInstances(s) => s.as_mut(),
            Route::Logs(s) => s.as_mut(),
            Route::Families(s) => s.as_mut(),
            Route::Revisions(s) => s.as_mut(),
            Route::RevisionDetail(s) => s,
            Route::Text(s) => s.as_mut(),
            Route::Draft(s) => s,
            Route::QuickDeregister(s) => s.as_mut(),
            Route::TaskDefWizard(s) => s.as_mut(),
            Route::ClusterWizard(s) => s.as_mut(),
            Route::NamespaceWizard(s) => s.as_mut(),
            Route::ServiceWizard(s) => s.as_mut(),
            Route::RunTaskWizard(s) => s.as_mut(),
            Route::Profiles(s) => s.as_mut(),
            Route::Regions(s) => s.as_mut(),
            Route::Overview(s) => s.as_mut(),
            Route::Tree(s) => s.as_mut(),
            Route::Findings(s) => s.as_mut(),
        }
    }

    /// The cluster list, the usual root.
    pub fn clusters() -> Route {
        Route::Clusters(clusters::ClustersScreen::default())
    }
}

/// A screen on the stack with its identity and its pending refresh timer.
#[derive(Debug, Clone)]
pub struct Entry {
    pub id: ScreenId,
    /// Ticket id of the refresh timer that is due next; a timer with another id is stale.
    pub timer: Option<u64>,
    pub route: Route,
}

impl Entry {
    pub fn new(id: ScreenId, route: Route) -> Self {
        Self {
            id,
            timer: None,
            route,
        }
    }
}

/// The navigation stack: never empty, so the top is always there.
#[derive(Debug, Clone)]
pub struct Stack {
    below: Vec<Entry>,
    top: Entry,
}

impl Stack {
    pub fn new(root: Entry) -> Self {
        Self {
            below: Vec::new(),
            top: root,
        }
    }

    pub fn top(&self) -> &Entry {
        &self.top
    }

    pub fn top_mut(&mut self) -> &mut Entry {
        &mut self.top
    }

    /// How many screens are stacked.
    pub fn len(&self) -> usize {
        self.below.len() + 1
    }

    /// Always false: the stack has a root. (For clippy's `len_without_is_empty`.)
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Bottom to top.
    pub fn iter(&self) -> impl Iterator<Item = &Entry> {
        self.below.iter().chain(std::iter::once(&self.top))
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = &mut Entry> {
        self.below.iter_mut().chain(std::iter::once(&mut self.top))
    }

    /// The entry with this id.
    pub fn get_mut(&mut self, id: ScreenId) -> Option<&mut Entry> {
        self.iter_mut().find(|e| e.id == id)
    }

    pub fn contains(&self, id: ScreenId) -> bool {
        self.iter().any(|e| e.id == id)
    }

    /// Ids bottom to top.
    pub fn ids(&self) -> Vec<ScreenId> {
        self.iter().map(|e| e.id).collect()
    }

    pub fn push(&mut self, entry: Entry) {
        let old = std::mem::replace(&mut self.top, entry);
        self.below.push(old);
    }

    /// Removes the screen with this id; the root stays. Returns whether it was removed.
    pub fn remove(&mut self, id: ScreenId) -> bool {
        if self.top.id == id {
            match self.below.pop() {
                Some(next) => {
                    self.top = next;
                    true
                }
                None => false,
            }
        } else if let Some(pos) = self.below.iter().position(|e| e.id == id) {
            self.below.remove(pos);
            true
        } else {
            false
        }
    }

    /// Replaces the whole stack with one screen; returns the ids that left.
    pub fn replace(&mut self, root: Entry) -> Vec<ScreenId> {
        let gone = self.ids();
        self.below.clear();
        self.top = root;
        gone
    }
}
