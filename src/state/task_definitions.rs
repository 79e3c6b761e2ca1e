//! Task definition families, a family's revisions (with marks for bulk actions) and one revision.

use std::collections::{BTreeSet, HashMap};

use crate::aws::task_definitions::FamilyFilter;
pub use crate::model::task_definition::FamilySummary;
use crate::model::{RevisionRef, TaskDefinition};

use super::loadable::Loadable;
use super::table::{Column, TableRow, TableState};

pub const FAMILY_COLUMNS: &[Column] = &[
    Column::flex("FAMILY", 20),
    Column::number("LATEST", 6),
    Column::number("ACTIVE", 6),
    Column::flex("LAUNCH TYPES (LATEST)", 12),
];

pub const REVISION_COLUMNS: &[Column] = &[
    Column::text("", 1),
    Column::number("REV", 4),
    Column::text("STATUS", 8),
    Column::text("REGISTERED", 16),
    Column::text("CPU/MEM", 10),
    Column::text("LAUNCH", 9),
    Column::text("NETWORK", 7),
    Column::text("PLATFORM", 13),
    Column::flex("IMAGES", 10),
];

/// The `:taskdefs` list of families.
#[derive(Debug, Clone, Default)]
pub struct FamiliesState {
    pub status: FamilyFilter,
    /// Server-side prefix (ListTaskDefinitionFamilies familyPrefix), for very large accounts.
    pub prefix: String,
    pub data: Loadable<Vec<String>>,
    pub table: TableState,
    /// Summaries by family (kept across refreshes; replaced when re-fetched).
    pub summaries: HashMap<String, FamilySummary>,
    /// Families whose summary is being fetched.
    pub summarizing: std::collections::HashSet<String>,
}

impl FamiliesState {
    pub fn rows(&self) -> Vec<TableRow> {
        self.data
            .data
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|f| {
                let cells = match self.summaries.get(f) {
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
            .collect()
    }

    /// Families on screen whose summary is neither known nor being fetched.
    pub fn unsummarized_visible(&self, height: usize) -> Vec<String> {
        let rows = self.rows();
        let visible = self.table.visible(&rows);
        let offset = self.table.scroll_into_view(height);
        visible
            .iter()
            .skip(offset)
            .take(height)
            .map(|i| rows[*i].key.clone())
            .filter(|f| !self.summaries.contains_key(f) && !self.summarizing.contains(f))
            .collect()
    }

    pub fn selected(&self) -> Option<String> {
        self.table.selected_row(&self.rows()).map(|r| r.key.clone())
    }
}

/// One family's revisions, newest first.
#[derive(Debug, Clone, Default)]
pub struct RevisionsState {
    pub family: String,
    pub data: Loadable<Vec<RevisionRef>>,
    pub table: TableState,
    /// Marked revision ARNs for bulk deregister/delete.
    pub marked: BTreeSet<String>,
}

impl RevisionsState {
    pub fn new(family: &str) -> Self {
        Self {
            family: family.to_string(),
            ..Default::default()
        }
    }

    /// Rows, filled from the description cache where a revision is described already.
    pub fn rows(&self, cache: &HashMap<String, TaskDefinition>) -> Vec<TableRow> {
        self.data
            .data
            .as_deref()
            .unwrap_or_default()
            .iter()
            .map(|r| {
                let mark = if self.marked.contains(&r.arn) {
                    "●"
                } else {
                    ""
                }
                .to_string();
                let mut cells = vec![mark, r.revision.to_string(), r.status.clone()];
                match cache.get(&r.arn) {
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
                        "".into(),
                        "".into(),
                        "".into(),
                        "".into(),
                        "".into(),
                    ]),
                }
                TableRow {
                    key: r.arn.clone(),
                    cells,
                }
            })
            .collect()
    }

    /// The revisions a bulk action applies to: the marked ones, or the one under the cursor.
    pub fn targets(&self, cache: &HashMap<String, TaskDefinition>) -> Vec<RevisionRef> {
        let all = self.data.data.as_deref().unwrap_or_default();
        if self.marked.is_empty() {
            let rows = self.rows(cache);
            let key = self.table.selected_row(&rows).map(|r| r.key.clone());
            all.iter()
                .filter(|r| Some(&r.arn) == key.as_ref())
                .cloned()
                .collect()
        } else {
            all.iter()
                .filter(|r| self.marked.contains(&r.arn))
                .cloned()
                .collect()
        }
    }

    /// ARNs of the rows on screen (for lazy describes), given the visible window.
    pub fn visible_arns(
        &self,
        cache: &HashMap<String, TaskDefinition>,
        height: usize,
    ) -> Vec<String> {
        let rows = self.rows(cache);
        let visible = self.table.visible(&rows);
        let offset = self.table.scroll_into_view(height);
        visible
            .iter()
            .skip(offset)
            .take(height)
            .map(|i| rows[*i].key.clone())
            .collect()
    }

    /// Updates statuses in place after a deregister (the list is not reloaded).
    pub fn set_status(&mut self, arn: &str, status: &str) {
        if let Some(list) = self.data.data.as_mut()
            && let Some(r) = list.iter_mut().find(|r| r.arn == arn)
        {
            r.status = status.to_string();
        }
    }
}

/// One revision's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionDetailState {
    pub arn: String,
    pub label: String,
    pub scroll: usize,
}
