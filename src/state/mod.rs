//! Everything the UI shows, as plain data. `update` changes it; `ui` draws it; nothing here awaits.

pub mod clusters;
pub mod confirm;
pub mod drafts;
pub mod input;
pub mod loadable;
pub mod namespaces;
pub mod quick;
pub mod table;
pub mod task_definitions;

use std::collections::{HashMap, HashSet};
use std::time::{Duration, Instant};

use crate::aws::identity::Identity;
use crate::keymap::{Command, Context, Keymap};
use crate::model::TaskDefinition;
pub use clusters::{ClusterDetailState, ClusterListState};
pub use confirm::{Confirm, PendingOp, Picker};
pub use input::{InputKind, InputLine};
pub use loadable::{Loadable, Outcome, Phase};
pub use namespaces::{NamespaceDetailState, NamespaceListState};
pub use table::{TableRow, TableState};
pub use task_definitions::{FamiliesState, RevisionDetailState, RevisionsState};

/// Settings fixed at start-up.
#[derive(Debug, Clone, Default)]
pub struct AppConfig {
    pub profile: Option<String>,
    pub region: String,
    pub endpoint_url: Option<String>,
    pub read_only: bool,
    /// Auto-refresh interval; `None` turns auto-refresh off.
    pub refresh: Option<Duration>,
    /// `NO_COLOR` is set: draw with modifiers only.
    pub no_color: bool,
}

/// A scrollable read-only text page (the JSON views).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TextPage {
    pub title: String,
    pub lines: Vec<String>,
    pub scroll: usize,
    /// The `/` search text; matches are highlighted and `n` jumps to the next one.
    pub search: String,
    /// Lines are a diff (`+`/`-` prefixed) and are coloured as one.
    pub diff: bool,
    /// The ARN `y` copies, when the page is about one resource.
    pub arn: Option<String>,
}

impl TextPage {
    /// A plain page.
    pub fn new(title: impl Into<String>, text: &str, arn: Option<String>) -> Self {
        Self {
            title: title.into(),
            lines: text.lines().map(str::to_string).collect(),
            arn,
            ..Self::default()
        }
    }
}

/// One screen on the navigation stack.
#[derive(Debug, Clone)]
pub enum Route {
    Clusters,
    ClusterDetail(Box<ClusterDetailState>),
    Json(TextPage),
    TaskDefFamilies,
    Revisions(Box<RevisionsState>),
    RevisionDetail(RevisionDetailState),
    Namespaces,
    NamespaceDetail(Box<NamespaceDetailState>),
    /// A family's pending edit (the family names the draft in `State::drafts`).
    Draft(String),
    /// The create task definition wizard.
    TaskDefWizard(Box<crate::wizard::TaskDefWizard>),
    /// The create cluster wizard.
    ClusterWizard(Box<crate::wizard::cluster::ClusterWizard>),
    /// The create namespace wizard.
    NamespaceWizard(Box<crate::wizard::namespace::NamespaceWizard>),
}

impl Route {
    /// The crumb shown in the header.
    pub fn crumb(&self) -> String {
        match self {
            Route::Clusters => "clusters".to_string(),
            Route::ClusterDetail(d) => d.name.clone(),
            Route::Json(page) => page.title.clone(),
            Route::TaskDefFamilies => "task definitions".to_string(),
            Route::Revisions(r) => r.family.clone(),
            Route::RevisionDetail(d) => d.label.clone(),
            Route::Namespaces => "namespaces".to_string(),
            Route::NamespaceDetail(d) => d.namespace.name.clone(),
            Route::Draft(family) => format!("{family} draft"),
            Route::TaskDefWizard(w) => w.title(),
            Route::ClusterWizard(w) => w.title().to_string(),
            Route::NamespaceWizard(w) => w.title().to_string(),
        }
    }

    /// Keymap contexts in priority order for this screen.
    pub fn contexts(&self) -> &'static [Context] {
        match self {
            Route::Clusters
            | Route::ClusterDetail(_)
            | Route::TaskDefFamilies
            | Route::Revisions(_)
            | Route::Namespaces
            | Route::NamespaceDetail(_) => &[Context::List, Context::Global],
            Route::Json(_) | Route::RevisionDetail(_) | Route::Draft(_) => {
                &[Context::Scroll, Context::Global]
            }
            // The wizards read their own `form` keys.
            Route::TaskDefWizard(_) | Route::ClusterWizard(_) | Route::NamespaceWizard(_) => {
                &[Context::Form]
            }
        }
    }

    /// Whether this screen does something with the command (keeps footer hints honest).
    pub fn supports(&self, command: Command) -> bool {
        use Command::*;
        let everywhere = matches!(command, Quit | ForceQuit | Back | Help | CommandLine);
        let moving = matches!(command, Up | Down | PageUp | PageDown | Top | Bottom);
        let list = moving || matches!(command, Filter | SortNext | SortReverse | Refresh);
        everywhere
            || match self {
                Route::Clusters => {
                    list || matches!(
                        command,
                        Open | Describe
                            | Delete
                            | Insights
                            | DefaultNamespace
                            | CapacityProviders
                            | Create
                    )
                }
                Route::ClusterDetail(_) => {
                    list || matches!(command, Describe | Delete | Insights | DefaultNamespace)
                }
                Route::TaskDefFamilies => {
                    list || matches!(command, Open | ToggleStatus | PrefixSearch | Create)
                }
                Route::TaskDefWizard(_) | Route::ClusterWizard(_) | Route::NamespaceWizard(_) => {
                    false
                }
                Route::Namespaces => list || matches!(command, Open | Delete | Create),
                Route::NamespaceDetail(_) => list,
                Route::Revisions(_) => {
                    list || matches!(
                        command,
                        Open | Describe
                            | Create
                            | Mark
                            | Deregister
                            | Delete
                            | Edit
                            | Diff
                            | KeepNewest
                            | Copy
                            | RunTask
                            | CreateService
                    )
                }
                Route::RevisionDetail(_) => {
                    moving
                        || matches!(
                            command,
                            Describe
                                | Deregister
                                | Delete
                                | Edit
                                | Diff
                                | Copy
                                | CopyJson
                                | RunTask
                                | CreateService
                                | Refresh
                        )
                }
                Route::Json(page) => {
                    moving
                        || matches!(command, Filter | SearchNext | CopyJson)
                        || (command == Copy && page.arn.is_some())
                }
                Route::Draft(_) => moving || matches!(command, Edit | Open | Delete),
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

/// The whole application state.
#[derive(Debug, Clone)]
pub struct State {
    pub config: AppConfig,
    pub keymap: Keymap,
    pub identity: Loadable<Identity>,
    pub clusters: ClusterListState,
    pub families: FamiliesState,
    pub namespaces: NamespaceListState,
    /// Progress lines of the create run in flight (one per step).
    pub progress: Vec<String>,
    /// A background list a wizard asked for is being fetched (Auto Scaling groups, VPCs).
    pub wizard_list_loading: bool,
    /// Open the create cluster wizard once the namespaces are in (it offers them).
    pub open_cluster_wizard: bool,
    /// Set when tecs was started as `tecs deregister …`.
    pub quick: Option<quick::QuickDeregister>,
    /// Pending task definition edits by family.
    pub drafts: HashMap<String, drafts::Draft>,
    /// Described revisions by ARN: their content never changes, so they are kept for the session.
    pub taskdef_cache: HashMap<String, TaskDefinition>,
    /// ARNs being described right now (so a scroll does not ask twice).
    pub describing: HashSet<String>,
    /// Never empty: the root is the cluster list.
    pub routes: Vec<Route>,
    pub overlay: Option<Overlay>,
    pub input: Option<InputLine>,
    pub status: Option<Status>,
    /// Terminal size (columns, rows).
    pub size: (u16, u16),
    /// The app loop's clock, set before each draw; render reads elapsed times from it.
    pub now: Instant,
    /// Bumped whenever a refresh is scheduled; a timer with an older generation is ignored.
    pub refresh_generation: u64,
    pub next_request: u64,
    pub should_quit: bool,
    /// Something changed since the last draw.
    pub dirty: bool,
}

impl State {
    pub fn new(config: AppConfig, keymap: Keymap, size: (u16, u16)) -> Self {
        Self {
            config,
            keymap,
            identity: Loadable::default(),
            clusters: ClusterListState::default(),
            families: FamiliesState::default(),
            namespaces: NamespaceListState::default(),
            drafts: HashMap::new(),
            quick: None,
            progress: Vec::new(),
            wizard_list_loading: false,
            open_cluster_wizard: false,
            taskdef_cache: HashMap::new(),
            describing: HashSet::new(),
            routes: vec![Route::Clusters],
            overlay: None,
            input: None,
            status: None,
            size,
            now: Instant::now(),
            refresh_generation: 0,
            next_request: 1,
            should_quit: false,
            dirty: true,
        }
    }

    /// A fresh request id.
    pub fn request_id(&mut self) -> u64 {
        let id = self.next_request;
        self.next_request = self.next_request.wrapping_add(1);
        id
    }

    /// The screen on top of the stack.
    pub fn route(&self) -> &Route {
        self.routes.last().unwrap_or(&Route::Clusters)
    }

    pub fn route_mut(&mut self) -> Option<&mut Route> {
        self.routes.last_mut()
    }

    /// Whether anything on screen is loading (the app loop ticks a spinner only then).
    pub fn is_loading(&self) -> bool {
        let route_loading = match self.route() {
            Route::Clusters => self.clusters.data.is_loading(),
            Route::ClusterDetail(d) => d.cluster.is_loading() || d.services.is_loading(),
            Route::Json(_) => false,
            Route::TaskDefFamilies => self.families.data.is_loading(),
            Route::Revisions(r) => r.data.is_loading(),
            Route::RevisionDetail(d) => self.describing.contains(&d.arn),
            Route::Namespaces => {
                self.namespaces.data.is_loading() || self.clusters.data.is_loading()
            }
            Route::NamespaceDetail(d) => d.services.is_loading() || d.ecs_services.is_loading(),
            Route::Draft(_)
            | Route::TaskDefWizard(_)
            | Route::ClusterWizard(_)
            | Route::NamespaceWizard(_) => false,
        };
        route_loading || self.identity.is_loading()
    }

    /// Rows a list can show at the current terminal size (header 2, footer 2, table header and borders 3).
    pub fn page_height(&self) -> usize {
        usize::from(self.size.1.saturating_sub(7)).max(1)
    }

    pub fn set_status(&mut self, level: Level, text: impl Into<String>) {
        self.status = Some(Status {
            level,
            text: text.into(),
        });
    }
}
