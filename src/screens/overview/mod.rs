//! `:overview`: the clusters of every region at once, with their counts. Regions load
//! concurrently (a bounded number at a time) and show as they answer; a region that fails
//! (disabled, denied by an SCP) says why in its own row. Enter on a cluster switches to its
//! region and opens it.

use std::collections::BTreeMap;

use ratatui::Frame;
use ratatui::layout::Rect;

use super::cluster_detail::ClusterDetailScreen;
use super::common;
use super::cx::Cx;
use super::{Route, Screen, View};
use crate::effect::{Job, Outcome, Ticket};
use crate::keymap::Command;
use crate::model::{AwsError, Cluster};
use crate::state::{Column, ListTable, Loadable, Shared, TableRow};
use crate::update::switch::SwitchTarget;
use crate::widgets::format::count;
use crate::widgets::remote_list::{self, RemoteList};

// The cluster list's titles, so the two read alike; NOTE carries a failed region's reason and
// is never hidden.
const COLUMNS: &[Column] = &[
    Column::ident("REGION", 9),
    Column::ident("CLUSTER", 10),
    Column::text("STATUS", 8),
    Column::number("SVC", 4),
    Column::number("RUNNING", 7),
    Column::number("PENDING", 7),
    Column::number("INST", 4),
    Column::flex("NOTE", 12),
];

/// What a row stands for.
#[derive(Debug, Clone, PartialEq, Eq)]
enum RowKind {
    Cluster {
        region: String,
        name: String,
    },
    /// A region with no clusters, still loading, or failed.
    Region {
        region: String,
    },
}

/// Every region's clusters.
#[derive(Debug, Clone)]
pub struct OverviewScreen {
    /// The regions listed (complete when every region answered).
    pub data: Loadable<Vec<String>>,
    pub table: ListTable,
    /// Each region's answer, kept across refreshes until replaced.
    answers: BTreeMap<String, Result<Vec<Cluster>, AwsError>>,
    /// The config file's list, when it has one.
    configured: Option<Vec<String>>,
    /// Why the regions are these (a fallback list), shown in the title's corner.
    pub note: Option<String>,
    rows: Vec<RowKind>,
    current_region: String,
    /// The row the screen selected itself (the first); another selected key means the operator
    /// moved, and the selection is theirs from then on.
    top_key: Option<String>,
}

impl OverviewScreen {
    pub fn new(configured: Option<Vec<String>>, current_region: &str) -> Self {
        Self {
            data: Loadable::default(),
            table: ListTable::new(COLUMNS),
            answers: BTreeMap::new(),
            configured,
            note: None,
            rows: Vec::new(),
            current_region: current_region.to_string(),
            top_key: None,
        }
    }

    fn regions(&self) -> &[String] {
        self.data.data.as_deref().unwrap_or_default()
    }

    fn sync(&mut self) {
        let mut rows = Vec::new();
        let mut kinds = Vec::new();
        // Clusters first, then the regions that failed, are loading, or have none: the
        // clusters are what the overview is for.
        let rank = |r: &String| match self.answers.get(r) {
            Some(Ok(c)) if !c.is_empty() => 0,
            Some(Err(_)) => 1,
            None => 2,
            Some(Ok(_)) => 3,
        };
        let mut regions: Vec<&String> = self.regions().iter().collect();
        regions.sort_by_key(|r| rank(r));
        for region in regions {
            let region_row = |status: &str, note: String| TableRow {
                key: region.clone(),
                cells: vec![
                    region.clone(),
                    "-".into(),
                    status.to_string(),
                    String::new(),
                    String::new(),
                    String::new(),
                    String::new(),
                    note,
                ],
            };
            match self.answers.get(region) {
                None => {
                    rows.push(region_row("loading…", String::new()));
                    kinds.push(RowKind::Region {
                        region: region.clone(),
                    });
                }
                Some(Err(e)) => {
                    rows.push(region_row("FAILED", e.to_string()));
                    kinds.push(RowKind::Region {
                        region: region.clone(),
                    });
                }
                Some(Ok(clusters)) if clusters.is_empty() => {
                    rows.push(region_row("-", "no clusters".into()));
                    kinds.push(RowKind::Region {
                        region: region.clone(),
                    });
                }
                Some(Ok(clusters)) => {
                    for c in clusters {
                        rows.push(TableRow {
                            key: format!("{region}/{}", c.name),
                            cells: vec![
                                region.clone(),
                                c.name.clone(),
                                c.status.clone(),
                                count(c.active_services),
                                count(c.running_tasks),
                                count(c.pending_tasks),
                                count(c.container_instances),
                                String::new(),
                            ],
                        });
                        kinds.push(RowKind::Cluster {
                            region: region.clone(),
                            name: c.name.clone(),
                        });
                    }
                }
            }
        }
        self.rows = kinds;
        // Rows re-sort as regions answer: until the operator moves, the selection stays on the
        // first row (the first cluster), not on whichever row happened to come first.
        let untouched = self.table.selected_key().map(str::to_string) == self.top_key;
        self.table.set_rows(rows);
        if untouched {
            self.table.jump(false);
            self.top_key = self.table.selected_key().map(str::to_string);
        }
    }

    fn selected(&self) -> Option<RowKind> {
        let key = self.table.selected_key()?;
        let index = self.table.rows().iter().position(|r| r.key == key)?;
        self.rows.get(index).cloned()
    }

    fn clusters_total(&self) -> usize {
        self.answers
            .values()
            .filter_map(|a| a.as_ref().ok())
            .map(Vec::len)
            .sum()
    }
}

impl Screen for OverviewScreen {
    fn crumb(&self) -> String {
        "overview".into()
    }

    fn supports(&self, command: Command, _shared: &Shared) -> bool {
        common::list(command) || (command == Command::Open && self.selected().is_some())
    }

    fn relabel(&self, command: Command) -> Option<&'static str> {
        (command == Command::Open)
            .then_some("open the cluster (switching to its region), or switch to the region")
    }

    fn on_command(&mut self, command: Command, cx: &mut Cx) {
        if command != Command::Open {
            return;
        }
        match self.selected() {
            Some(RowKind::Cluster { region, name }) if region == self.current_region => {
                cx.push(Route::ClusterDetail(Box::new(ClusterDetailScreen::named(
                    &name,
                ))));
            }
            Some(RowKind::Cluster { region, name }) => cx.switch(SwitchTarget {
                region: Some(region),
                open_cluster: Some(name),
                ..SwitchTarget::default()
            }),
            Some(RowKind::Region { region }) => match self.answers.get(&region) {
                Some(Err(e)) => cx.error(format!("{region}: {e}")),
                None => cx.info(format!("{region} is still loading")),
                Some(Ok(_)) if region == self.current_region => {
                    cx.info(format!("already in {region}, which has no clusters"))
                }
                Some(Ok(_)) => cx.switch(SwitchTarget {
                    region: Some(region),
                    ..SwitchTarget::default()
                }),
            },
            None => {}
        }
    }

    fn on_outcome(&mut self, ticket: Ticket, outcome: Outcome, cx: &mut Cx) {
        if !self.data.is_waiting_for(ticket.id) {
            return;
        }
        match outcome {
            Outcome::OverviewRegions { regions, note } => {
                self.note = note;
                self.data.extend_so_far(ticket.id, regions);
                self.answers
                    .retain(|r, _| self.data.data.iter().flatten().any(|x| x == r));
                self.sync();
            }
            Outcome::OverviewRegion(answer) => {
                self.answers.insert(answer.region, answer.result);
                self.sync();
            }
            Outcome::OverviewDone => {
                let regions = self.regions().to_vec();
                let at = cx.wall_clock();
                if self.data.finish(ticket.id, Ok(regions), at) {
                    self.sync();
                    let outcome = self.data.outcome();
                    // Every region costs calls: no timer; `r` lists them again.
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
        cx.load_into(
            &mut self.data,
            Job::Overview {
                regions: self.configured.clone(),
            },
        );
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
        let failed = self.answers.values().filter(|a| a.is_err()).count();
        let mut extra = format!(
            " · {} clusters in {} of {} regions",
            self.clusters_total(),
            self.answers.len(),
            self.regions().len()
        );
        if failed > 0 {
            extra.push_str(&format!(" · {failed} failed"));
        }
        if let Some(note) = &self.note {
            extra.push_str(&format!(" · {note}"));
        }
        remote_list::render(
            frame,
            area,
            RemoteList {
                title: "overview".into(),
                extra,
                what: "regions",
                data: &self.data,
                empty: (
                    "No regions to list.".into(),
                    "overview_regions in the config file is empty.",
                ),
                table: &self.table,
                status_column: Some(2),
            },
            view,
        );
    }
}
