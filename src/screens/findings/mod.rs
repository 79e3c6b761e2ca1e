//! `:findings`: what to fix in every ACTIVE revision of the region (the rules of
//! [`crate::domain::findings`], with each revision's log groups, ECR images and task role looked
//! up), listed as the revisions are checked. Enter opens the revision; `T` its resource tree,
//! which also checks what the services put in front of it.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::common;
use super::cx::Cx;
use super::{Route, Screen, View};
use crate::domain::console_url::ConsoleTarget;
use crate::domain::findings::RevisionFindings;
use crate::domain::findings::Severity;
use crate::effect::{Job, Outcome, Ticket};
use crate::keymap::Command;
use crate::model::RevisionRef;
use crate::state::{Column, ListTable, Loadable, Shared, TableRow};
use crate::widgets::remote_list::{self, RemoteList};

// The rule's id is the short name (its sentence and fix are on the revision's page, Enter);
// the detail says which variable, image or log group.
const COLUMNS: &[Column] = &[
    Column::text("SEVERITY", 4),
    Column::ident("REVISION", 8),
    Column::ident("CONTAINER", 6),
    Column::text("FINDING", 10),
    Column::flex("DETAIL", 12),
];

/// One row: a finding, or a revision that could not be checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FindingRow {
    pub arn: String,
    pub label: String,
    /// `None`: the revision could not be checked.
    pub severity: Option<Severity>,
    pub container: Option<String>,
    /// The rule's id (`plaintext-secret`).
    pub title: String,
    pub detail: String,
}

/// A chunk of checked revisions as rows.
fn rows_of(chunk: Vec<RevisionFindings>) -> Vec<FindingRow> {
    let mut rows = Vec::new();
    for r in chunk {
        if let Some(e) = r.error {
            rows.push(FindingRow {
                arn: r.arn.clone(),
                label: r.label.clone(),
                severity: None,
                container: None,
                title: "not checked".into(),
                detail: e,
            });
        }
        for f in r.findings {
            rows.push(FindingRow {
                arn: r.arn.clone(),
                label: r.label.clone(),
                severity: Some(f.rule.severity),
                container: f.container,
                title: f.rule.id.to_string(),
                detail: f.detail,
            });
        }
    }
    rows
}

/// What could not be looked up in these revisions, each once.
fn unchecked_of(chunk: &[RevisionFindings]) -> std::collections::BTreeSet<String> {
    chunk
        .iter()
        .flat_map(|r| r.unchecked.iter().cloned())
        .collect()
}

/// The findings list.
#[derive(Debug, Clone)]
pub struct FindingsScreen {
    /// The rows, in the revisions' list order.
    pub data: Loadable<Vec<FindingRow>>,
    pub table: ListTable,
    /// Revisions checked by the load in flight (or the last one).
    checked: usize,
    /// Lookups that could not be made (`iam:GetRole denied`): whose rules were not applied.
    unchecked: std::collections::BTreeSet<String>,
}

impl Default for FindingsScreen {
    fn default() -> Self {
        Self {
            data: Loadable::default(),
            table: ListTable::new(COLUMNS),
            checked: 0,
            unchecked: Default::default(),
        }
    }
}

impl FindingsScreen {
    fn sync(&mut self) {
        let rows = self
            .data
            .data
            .as_deref()
            .unwrap_or_default()
            .iter()
            .enumerate()
            .map(|(i, r)| TableRow {
                key: format!("{}#{i}", r.arn),
                cells: vec![
                    r.severity.map_or("?", Severity::label).to_string(),
                    r.label.clone(),
                    r.container.clone().unwrap_or_else(|| "-".into()),
                    r.title.clone(),
                    r.detail.clone(),
                ],
            })
            .collect();
        self.table.set_rows(rows);
    }

    /// The revision of the selected row.
    fn selected_arn(&self) -> Option<String> {
        let key = self.table.selected_key()?;
        key.split_once('#').map(|(arn, _)| arn.to_string())
    }

    fn revisions_checked(&self) -> usize {
        self.checked
    }

    /// ` · not checked: iam:GetRole denied (+1 more)`: the lookups whose rules could not be
    /// applied, so "no findings" is not read as "nothing to fix".
    fn not_checked(&self) -> String {
        let mut it = self.unchecked.iter();
        match (it.next(), self.unchecked.len()) {
            (None, _) => String::new(),
            (Some(first), 1) => format!(" · not checked: {first}"),
            (Some(first), n) => format!(" · not checked: {first} (+{} more)", n - 1),
        }
    }
}

impl Screen for FindingsScreen {
    fn crumb(&self) -> String {
        "findings".into()
    }

    fn supports(&self, command: Command, _shared: &Shared) -> bool {
        common::list(command)
            || (matches!(command, Command::Open | Command::Copy | Command::Tree)
                && self.selected_arn().is_some())
    }

    fn relabel(&self, command: Command) -> Option<&'static str> {
        match command {
            Command::Open => Some("open the revision of the selected finding"),
            Command::Copy => Some("copy the revision's ARN (OSC 52)"),
            Command::Tree => Some("the revision's resource tree"),
            _ => None,
        }
    }

    fn console_target(&self, _shared: &Shared) -> Option<ConsoleTarget> {
        let r = RevisionRef::from_arn(&self.selected_arn()?, "")?;
        Some(ConsoleTarget::Revision {
            family: r.family,
            revision: r.revision,
        })
    }

    fn on_command(&mut self, command: Command, cx: &mut Cx) {
        let Some(arn) = self.selected_arn() else {
            return;
        };
        match command {
            Command::Open => match RevisionRef::from_arn(&arn, "ACTIVE") {
                Some(r) => cx.push(Route::RevisionDetail(
                    crate::screens::revision_detail::RevisionDetailScreen::new(&r, Vec::new()),
                )),
                None => cx.error(format!("{arn} is not a task definition ARN")),
            },
            Command::Copy => cx.copy("ARN", arn),
            Command::Tree => cx.push(Route::Tree(Box::new(
                crate::screens::tree::TreeScreen::of_revision(&arn),
            ))),
            _ => {}
        }
    }

    fn on_outcome(&mut self, ticket: Ticket, outcome: Outcome, cx: &mut Cx) {
        match outcome {
            Outcome::FindingsSoFar(chunk) => {
                // Shown as they come on a first load; a refresh keeps the old rows until its
                // whole answer is in.
                if !self.data.is_partial() && self.data.loaded_at.is_none() {
                    self.checked = 0;
                    self.unchecked.clear();
                }
                let n = chunk.len();
                let unchecked = unchecked_of(&chunk);
                if self.data.extend_so_far(ticket.id, rows_of(chunk)) {
                    self.checked += n;
                    self.unchecked.extend(unchecked);
                    self.sync();
                    cx.app.dirty = true;
                }
            }
            Outcome::Findings(result) => {
                let at = cx.wall_clock();
                let checked = result.as_ref().map_or(self.checked, Vec::len);
                let unchecked = result.as_ref().ok().map(|all| unchecked_of(all));
                if self.data.finish(ticket.id, result.map(rows_of), at) {
                    self.checked = checked;
                    if let Some(unchecked) = unchecked {
                        self.unchecked = unchecked;
                    }
                    self.sync();
                    let outcome = self.data.outcome();
                    // One call per revision: no timer (an account's deploy pipelines share its
                    // rate limits); `r` checks again.
                    cx.settle(outcome, false);
                }
            }
            _ => {}
        }
    }

    /// Loaded when opened; coming back shows the last answer (it costs many calls): `r` asks
    /// again.
    fn load(&mut self, cx: &mut Cx) {
        if self.data.data.is_none() && !self.data.is_loading() {
            self.refresh(cx);
        }
    }

    fn refresh(&mut self, cx: &mut Cx) {
        cx.load_into(&mut self.data, Job::Findings);
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
        remote_list::render(
            frame,
            area,
            RemoteList {
                title: "findings".into(),
                extra: format!(
                    " · {} revisions checked{}",
                    self.revisions_checked(),
                    self.not_checked()
                ),
                what: "findings",
                data: &self.data,
                empty: (
                    format!(
                        "No findings in the {} ACTIVE revisions of this region.",
                        self.revisions_checked()
                    ),
                    "T on a service also checks what its load balancer needs (health checks).",
                ),
                table: &self.table,
                status_column: Some(0),
            },
            view,
        );
    }
}
