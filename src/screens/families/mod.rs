//! `:taskdefs`: the task definition families, with an ACTIVE/INACTIVE/ALL toggle and a server-side
//! prefix. Each family's latest revision, ACTIVE count and launch types are filled in the
//! background for the rows on screen only.

use crate::domain::console_url::ConsoleTarget;
use ratatui::Frame;
use ratatui::layout::Rect;

use super::common;
use super::cx::Cx;
use super::revisions::RevisionsScreen;
use super::wizards::task_definition::TaskDefWizard;
use super::{Route, Screen, View};
use crate::effect::{Effect, Job, Outcome, Ticket};
use crate::keymap::Command;
use crate::model::task_definition::{FamilyFilter, FamilySummaryResult};
use crate::state::{Column, InputKind, ListTable, Loadable, Shared, TableRow};
use crate::widgets::remote_list::{self, RemoteList};

pub const FAMILY_COLUMNS: &[Column] = &[
    Column::ident("FAMILY", 12),
    Column::number("LATEST", 6),
    Column::number("ACTIVE", 6),
    Column::flex("LAUNCH TYPES (LATEST)", 12),
];

/// The list of families.
#[derive(Debug, Clone)]
pub struct FamiliesScreen {
    pub status: FamilyFilter,
    /// Server-side prefix (ListTaskDefinitionFamilies familyPrefix), for very large accounts.
    pub prefix: String,
    pub data: Loadable<Vec<String>>,
    pub table: ListTable,
}

impl Default for FamiliesScreen {
    fn default() -> Self {
        Self {
            status: FamilyFilter::default(),
            prefix: String::new(),
            data: Loadable::default(),
            table: ListTable::new(FAMILY_COLUMNS),
        }
    }
}

impl FamiliesScreen {
    /// Rebuilds the rows from the families and the summaries known so far.
    pub fn sync(&mut self, shared: &Shared) {
        let rows = self
            .data
            .data
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|f| {
                let cells = match shared.family_summaries.get(f) {
                    Some(s) => vec![
                        f.clone(),
                        s.latest
                            .map(|r| r.to_string())
                            .unwrap_or_else(|| "-".into()),
                        s.active.to_string(),
                        if s.launch_types.is_empty() {
                            "-".into()
                        } else {
                            s.launch_types.join(",")
                        },
                    ],
                    None => vec![f.clone(), "…".into(), "…".into(), String::new()],
                };
                TableRow {
                    key: f.clone(),
                    cells,
                }
            })
            .collect();
        self.table.set_rows(rows);
    }

    /// The family under the cursor.
    pub fn selected(&self) -> Option<String> {
        self.table.selected_row().map(|r| r.key.clone())
    }

    /// Summaries for the families on screen that are neither known nor being fetched.
    fn summarize_visible(&self, cx: &mut Cx) {
        let families: Vec<String> = self
            .table
            .window_keys(cx.page_guess())
            .into_iter()
            .filter(|f| {
                !cx.shared.family_summaries.contains_key(f)
                    && !cx.shared.summarizing.contains_key(f)
            })
            .collect();
        if families.is_empty() {
            return;
        }
        let owner = cx.owner();
        for f in &families {
            cx.shared.summarizing.insert(f.clone(), owner);
        }
        cx.run(Job::SummarizeFamilies { families });
    }

    /// Reloads with new parameters: what was listed for the old ones is dropped.
    fn reload(&mut self, cx: &mut Cx) {
        if let Some(old) = self.data.reset() {
            cx.effect(Effect::CancelTicket(old));
        }
        self.sync(cx.shared);
        self.load(cx);
    }

    fn on_summarized(&mut self, results: Vec<(String, FamilySummaryResult)>, cx: &mut Cx) {
        for (family, result) in results {
            cx.shared.summarizing.remove(&family);
            match result {
                Ok((summary, latest)) => {
                    cx.shared.family_summaries.insert(family, summary);
                    if let Some(td) = latest {
                        cx.shared.taskdefs.insert(td.arn.clone(), td);
                    }
                }
                Err(e) => cx.error(e.to_string()),
            }
        }
        cx.app.dirty = true;
        self.sync(cx.shared);
    }
}

impl Screen for FamiliesScreen {
    fn console_target(&self, _shared: &Shared) -> Option<ConsoleTarget> {
        Some(match self.selected() {
            Some(family) => ConsoleTarget::Family { family },
            None => ConsoleTarget::Families,
        })
    }

    fn crumb(&self) -> String {
        "task definitions".to_string()
    }

    fn supports(&self, command: Command, _shared: &Shared) -> bool {
        common::list(command)
            || matches!(
                command,
                Command::Open | Command::ToggleStatus | Command::PrefixSearch | Command::Create
            )
    }

    fn on_command(&mut self, command: Command, cx: &mut Cx) {
        match command {
            Command::Open => {
                if let Some(family) = self.selected() {
                    cx.push(Route::Revisions(Box::new(RevisionsScreen::new(&family))));
                }
            }
            Command::ToggleStatus => {
                self.status = self.status.next();
                self.reload(cx);
            }
            Command::PrefixSearch => cx.open_input(InputKind::Prefix, self.prefix.clone(), None),
            Command::Create => {
                let families = self.data.data.clone().unwrap_or_default();
                let region = cx.app.config.region.clone();
                cx.push(Route::TaskDefWizard(Box::new(TaskDefWizard::new(
                    &region, families,
                ))));
            }
            _ => {}
        }
    }

    fn on_outcome(&mut self, ticket: Ticket, outcome: Outcome, cx: &mut Cx) {
        match outcome {
            Outcome::Families(result) => {
                let at = cx.wall_clock();
                if !self.data.finish(ticket.id, result, at) {
                    return;
                }
                if let Some(names) = &self.data.data {
                    cx.shared.known_families = names.clone();
                }
                self.sync(cx.shared);
                self.summarize_visible(cx);
                let outcome = self.data.outcome();
                cx.settle(outcome, true);
            }
            Outcome::Summarized(results) => self.on_summarized(results, cx),
            _ => {}
        }
    }

    fn input_start(&self, kind: InputKind) -> String {
        match kind {
            InputKind::Prefix => self.prefix.clone(),
            _ => String::new(),
        }
    }

    /// `Esc` clears a server-side prefix first (the list shows every family again).
    fn on_back(&mut self, cx: &mut Cx) -> bool {
        if self.prefix.is_empty() {
            return false;
        }
        self.prefix.clear();
        cx.info("prefix cleared: every family");
        self.reload(cx);
        true
    }

    fn on_input(&mut self, kind: InputKind, value: &str, _target: Option<String>, cx: &mut Cx) {
        if kind == InputKind::Prefix {
            self.prefix = value.to_string();
            self.reload(cx);
        }
    }

    fn load(&mut self, cx: &mut Cx) {
        // Summaries may have been dropped (a revision was deregistered) since the rows were made.
        self.sync(cx.shared);
        let prefix = Some(self.prefix.clone()).filter(|p| !p.is_empty());
        cx.load_into(
            &mut self.data,
            Job::Families {
                status: self.status,
                prefix,
            },
        );
        self.summarize_visible(cx);
    }

    fn on_moved(&mut self, cx: &mut Cx) {
        self.summarize_visible(cx);
    }

    fn is_loading(&self, _shared: &Shared) -> bool {
        self.data.is_loading()
    }

    fn table(&self) -> Option<&ListTable> {
        Some(&self.table)
    }

    fn table_mut(&mut self) -> Option<&mut ListTable> {
        Some(&mut self.table)
    }

    fn render(&self, frame: &mut Frame, area: Rect, view: &View) {
        let extra = if self.prefix.is_empty() {
            String::new()
        } else {
            format!(" prefix {}", self.prefix)
        };
        remote_list::render(
            frame,
            area,
            RemoteList {
                title: format!("task definition families {}", self.status.label()),
                extra,
                what: "task definition families",
                data: &self.data,
                empty: (
                    format!(
                        "No {} task definition families in {}.",
                        self.status.label(),
                        view.region()
                    ),
                    "t switches ACTIVE / INACTIVE / ALL; p searches by prefix.",
                ),
                table: &self.table,
                status_column: None,
            },
            view,
        );
    }
}
