//! One family's revisions, newest first, with marks for bulk deregister/delete. Descriptions are
//! fetched for the rows on screen and cached for the session (a revision never changes).

pub mod actions;

use crate::domain::console_url::ConsoleTarget;
use std::collections::BTreeSet;

use ratatui::Frame;
use ratatui::layout::Rect;

use super::common;
use super::cx::{Cx, Notice};
use super::revision_detail::RevisionDetailScreen;
use super::wizards::task_definition::TaskDefWizard;
use super::{Route, Screen, View};
use crate::effect::{Job, Outcome, Ticket};
use crate::keymap::Command;
use crate::model::RevisionRef;
use crate::state::{Column, InputKind, ListTable, Loadable, PendingOp, Shared, TableRow};
use crate::widgets::remote_list::{self, RemoteList};

pub const REVISION_COLUMNS: &[Column] = &[
    Column::text("", 1),
    Column::number("REV", 4),
    Column::text("STATUS", 8),
    Column::text("REGISTERED", 16),
    Column::text("CPU/MEM", 10),
    Column::text("LAUNCH", 9),
    Column::text("NETWORK", 7),
    Column::text("PLATFORM", 13),
    Column::image("IMAGES", 10),
];

/// One family's revisions.
#[derive(Debug, Clone)]
pub struct RevisionsScreen {
    pub family: String,
    pub data: Loadable<Vec<RevisionRef>>,
    pub table: ListTable,
    /// Marked revision ARNs for bulk deregister/delete.
    pub marked: BTreeSet<String>,
    /// What `K` will offer to deregister, while the services using them are looked up. The marks
    /// are left alone, so answering No leaves the list as it was.
    pub keeping: Option<(u64, Vec<RevisionRef>)>,
    /// The operator moved the cursor: the list no longer puts it on the newest revision.
    pub moved: bool,
}

impl RevisionsScreen {
    pub fn new(family: &str) -> Self {
        Self {
            family: family.to_string(),
            data: Loadable::default(),
            table: ListTable::new(REVISION_COLUMNS),
            marked: BTreeSet::new(),
            keeping: None,
            moved: false,
        }
    }

    /// Rebuilds the rows, filled from the description cache where a revision is described.
    pub fn sync(&mut self, shared: &Shared) {
        let rows = self
            .data
            .data
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|r| {
                let mark = if self.marked.contains(&r.arn) {
                    "●"
                } else {
                    ""
                };
                let mut cells = vec![mark.to_string(), r.revision.to_string(), r.status.clone()];
                match shared.taskdefs.get(&r.arn) {
                    Some(td) => cells.extend([
                        td.registered_at
                            .clone()
                            .map(|t| t.chars().take(16).collect())
                            .unwrap_or_else(|| "-".into()),
                        td.size(),
                        if td.launch_types.is_empty() {
                            "-".into()
                        } else {
                            td.launch_types.join(",")
                        },
                        td.network_mode.clone().unwrap_or_else(|| "-".into()),
                        td.platform(),
                        td.containers
                            .iter()
                            .map(|c| c.image.as_str())
                            .collect::<Vec<_>>()
                            .join(", "),
                    ]),
                    None => cells.extend([
                        "…".to_string(),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                        String::new(),
                    ]),
                }
                TableRow {
                    key: r.arn.clone(),
                    cells,
                }
            })
            .collect();
        self.table.set_rows(rows);
    }

    /// The revision under the cursor.
    pub fn selected(&self) -> Option<&RevisionRef> {
        let key = self.table.selected_row()?.key.as_str();
        self.all().iter().find(|r| r.arn == key)
    }

    fn all(&self) -> &[RevisionRef] {
        self.data.data.as_deref().unwrap_or_default()
    }

    /// The revisions a bulk action applies to: the marked ones, or the one under the cursor.
    pub fn targets(&self) -> Vec<RevisionRef> {
        if self.marked.is_empty() {
            self.selected().cloned().into_iter().collect()
        } else {
            self.all()
                .iter()
                .filter(|r| self.marked.contains(&r.arn))
                .cloned()
                .collect()
        }
    }

    /// Describes the rows on screen that are not cached yet.
    fn describe_visible(&self, cx: &mut Cx) {
        let wanted = self.table.window_keys(cx.page_guess());
        actions::describe(cx, wanted);
    }

    /// Space: mark or unmark the revision under the cursor, then move down.
    fn toggle_mark(&mut self, cx: &mut Cx) {
        let Some(arn) = self.table.selected_row().map(|r| r.key.clone()) else {
            return;
        };
        if !self.marked.remove(&arn) {
            self.marked.insert(arn);
        }
        self.sync(cx.shared);
        self.table.move_by(1);
    }

    /// `v`: two marked revisions, or the selected one against its predecessor.
    fn diff(&self, cx: &mut Cx) {
        let all = self.all();
        let pair = if self.marked.len() == 2 {
            let marked: Vec<&RevisionRef> = all
                .iter()
                .filter(|x| self.marked.contains(&x.arn))
                .collect();
            // Newest first in the list: the older one is the left side.
            marked
                .get(1)
                .zip(marked.first())
                .map(|(a, b)| (a.arn.clone(), b.arn.clone()))
        } else {
            self.selected().and_then(|sel| {
                actions::predecessor(all, &sel.arn).map(|old| (old, sel.arn.clone()))
            })
        };
        actions::diff(cx, pair);
    }

    /// "Deregister all but the newest N": looks up which services use every other ACTIVE
    /// revision, then asks with that in the dialog (see [`actions::ask_deregister_used`]).
    fn keep_newest(&mut self, n: &str, cx: &mut Cx) {
        let t = n.trim();
        let n = match t.parse::<usize>() {
            Ok(n) => n,
            // More digits than any family has revisions: keep them all.
            Err(_) if !t.is_empty() && t.chars().all(|c| c.is_ascii_digit()) => usize::MAX,
            Err(_) => {
                cx.error(format!("{t:?} is not a number of revisions to keep"));
                return;
            }
        };
        if n == 0 {
            cx.error(
                "K keeps at least 1 revision: to deregister every ACTIVE one, mark them (space) and press D",
            );
            return;
        }
        let active: Vec<RevisionRef> = self
            .all()
            .iter()
            .filter(|x| x.status == "ACTIVE")
            .cloned()
            .collect();
        if active.len() <= n {
            cx.info(format!(
                "{} has {} ACTIVE revision(s): nothing to deregister",
                self.family,
                active.len()
            ));
            return;
        }
        let older: Vec<RevisionRef> = active.into_iter().skip(n).collect();
        cx.info(format!(
            "checking which services use the {} older revision(s)…",
            older.len()
        ));
        let ticket = cx.run(Job::FindServiceUsage {
            arns: older.iter().map(|r| r.arn.clone()).collect(),
        });
        // Only this lookup's answer opens the dialog (K again starts another).
        self.keeping = Some((ticket.id, older));
    }

    fn open_selected(&self, cx: &mut Cx) {
        let Some(r) = self.selected() else {
            return;
        };
        cx.push(Route::RevisionDetail(RevisionDetailScreen::new(
            r,
            self.all().to_vec(),
        )));
    }

    /// `c` on a revision: the wizard pre-filled from it (a new revision of it).
    fn open_wizard(&self, cx: &mut Cx) {
        let base = self
            .selected()
            .and_then(|r| cx.shared.taskdefs.get(&r.arn))
            .cloned();
        let Some(td) = base else {
            cx.info("still describing this revision…");
            return;
        };
        let region = cx.app.config.region.clone();
        let families = cx.shared.known_families.clone();
        let mut wizard = TaskDefWizard::from_revision(&td, &region, families);
        wizard.opened_from = Some(self.family.clone());
        cx.push(Route::TaskDefWizard(Box::new(wizard)));
    }
}

impl Screen for RevisionsScreen {
    fn console_target(&self, _shared: &Shared) -> Option<ConsoleTarget> {
        Some(match self.selected() {
            Some(r) => ConsoleTarget::Revision {
                family: r.family.clone(),
                revision: r.revision,
            },
            None => ConsoleTarget::Family {
                family: self.family.clone(),
            },
        })
    }

    fn crumb(&self) -> String {
        self.family.clone()
    }

    fn supports(&self, command: Command, _shared: &Shared) -> bool {
        common::list(command)
            || matches!(
                command,
                Command::Open
                    | Command::Describe
                    | Command::Create
                    | Command::Mark
                    | Command::Deregister
                    | Command::Delete
                    | Command::Edit
                    | Command::Diff
                    | Command::KeepNewest
                    | Command::Copy
                    | Command::RunTask
                    | Command::CreateService
                    | Command::Tree
            )
    }

    fn on_command(&mut self, command: Command, cx: &mut Cx) {
        let selected = self.selected().cloned();
        match command {
            Command::Open => self.open_selected(cx),
            Command::Describe => actions::describe_json(cx, selected.map(|r| r.arn)),
            Command::Create => self.open_wizard(cx),
            Command::Mark => self.toggle_mark(cx),
            Command::Deregister => actions::ask_deregister(cx, self.targets()),
            Command::Delete => actions::ask_delete(cx, self.targets()),
            Command::Edit => actions::start_edit(cx, selected.map(|r| r.arn)),
            Command::Diff => self.diff(cx),
            // Refused before the prompt, as D and X are: nothing typed after it is lost.
            Command::KeepNewest if !cx.refuse_read_only("deregister") => {
                cx.open_input(InputKind::KeepNewest, String::new(), None);
            }
            Command::Copy => {
                if let Some(r) = selected {
                    cx.copy("ARN", r.arn);
                }
            }
            Command::Tree => {
                if let Some(r) = selected {
                    cx.push(crate::screens::Route::Tree(Box::new(
                        crate::screens::tree::TreeScreen::of_revision(&r.arn),
                    )));
                }
            }
            Command::RunTask => {
                actions::deploy(cx, self.targets().first(), actions::Deploy::RunTask)
            }
            Command::CreateService => {
                actions::deploy(cx, self.targets().first(), actions::Deploy::CreateService)
            }
            _ => {}
        }
    }

    fn on_outcome(&mut self, ticket: Ticket, outcome: Outcome, cx: &mut Cx) {
        match outcome {
            Outcome::RevisionsSoFar(rows) => {
                // A first load shows each page as it arrives, newest first, and describes the
                // rows on screen.
                if self.data.extend_so_far(ticket.id, rows) {
                    if let Some(list) = self.data.data.as_mut() {
                        list.sort_by_key(|r| std::cmp::Reverse(r.revision));
                        list.dedup_by(|a, b| a.arn == b.arn);
                    }
                    self.sync(cx.shared);
                    // ACTIVE and INACTIVE pages race: until the operator moves, the cursor
                    // stays on the newest revision, not on whichever page came first.
                    if !self.moved {
                        self.table.jump(false);
                    }
                    self.describe_visible(cx);
                    cx.app.dirty = true;
                }
            }
            Outcome::Revisions(result) => {
                let at = cx.wall_clock();
                let first = self.data.loaded_at.is_none();
                if !self.data.finish(ticket.id, result, at) {
                    return;
                }
                // Marks of revisions that are gone (deleted elsewhere) are dropped.
                let present: BTreeSet<String> = self.all().iter().map(|x| x.arn.clone()).collect();
                self.marked.retain(|a| present.contains(a));
                self.sync(cx.shared);
                if first && !self.moved && self.table.wanted().is_none() {
                    self.table.jump(false);
                }
                self.describe_visible(cx);
                let outcome = self.data.outcome();
                cx.settle(outcome, true);
            }
            Outcome::Described(results) => {
                actions::on_described(cx, results);
                self.sync(cx.shared);
            }
            Outcome::ServiceUsage(usage) => {
                if let Some((_, targets)) = self.keeping.take_if(|(id, _)| *id == ticket.id) {
                    let usage = usage.map_err(|e| e.to_string());
                    actions::ask_deregister_used(cx, targets, Some(&usage));
                }
            }
            other => actions::on_outcome(other, cx, false),
        }
    }

    fn on_confirm(&mut self, op: PendingOp, yes: bool, _picked: Option<String>, cx: &mut Cx) {
        actions::on_confirm(op, yes, cx);
    }

    fn on_input(&mut self, kind: InputKind, value: &str, _target: Option<String>, cx: &mut Cx) {
        if kind == InputKind::KeepNewest {
            self.keep_newest(value, cx);
        }
    }

    fn on_notice(&mut self, notice: &Notice, cx: &mut Cx) {
        match notice {
            Notice::RevisionStatus { arns, status } => {
                if let Some(list) = self.data.data.as_mut() {
                    for r in list.iter_mut().filter(|r| arns.contains(&r.arn)) {
                        r.status = status.clone();
                    }
                }
                for arn in arns {
                    self.marked.remove(arn);
                }
                self.sync(cx.shared);
            }
            Notice::RevisionRegistered {
                family,
                arn,
                status,
            } if *family == self.family => {
                if let Some(list) = self.data.data.as_mut()
                    && !list.iter().any(|r| r.arn == *arn)
                    && let Some(new) = RevisionRef::from_arn(arn, status)
                {
                    list.insert(0, new);
                }
                self.table.select_key(arn.clone());
                self.sync(cx.shared);
            }
            _ => {}
        }
    }

    fn load(&mut self, cx: &mut Cx) {
        self.sync(cx.shared);
        cx.load_into(
            &mut self.data,
            Job::Revisions {
                family: self.family.clone(),
            },
        );
    }

    fn on_moved(&mut self, cx: &mut Cx) {
        self.moved = true;
        self.describe_visible(cx);
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
        let extra = if self.marked.is_empty() {
            String::new()
        } else {
            format!(" · {} marked", self.marked.len())
        };
        remote_list::render(
            frame,
            area,
            RemoteList {
                title: format!("{} revisions", self.family),
                extra,
                what: "revisions",
                data: &self.data,
                empty: (
                    "This family has no revisions left.".into(),
                    "Deleted revisions disappear from the list.",
                ),
                table: &self.table,
                status_column: Some(2),
            },
            view,
        );
    }
}
