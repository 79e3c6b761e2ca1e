//! `:region`: the Regions tecs knows (opt-in ones must be enabled in the account first; GovCloud
//! and China need accounts of their own partition) (no permission needed to list them), the recently used
//! first; Enter switches. A Region tecs does not know is typed: `:region CODE`.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::common;
use super::cx::Cx;
use super::{Screen, View};
use crate::domain::regions::{KNOWN_REGIONS, known};
use crate::keymap::Command;
use crate::state::{Column, ListTable, Loadable, Shared, TableRow};
use crate::update::switch::SwitchTarget;
use crate::widgets::remote_list::{self, RemoteList};

const COLUMNS: &[Column] = &[
    Column::text("", 1),
    Column::ident("REGION", 9),
    Column::text("NAME", 10),
    Column::flex("NOTE", 6).optional(),
];

/// The region picker.
#[derive(Debug, Clone)]
pub struct RegionsScreen {
    /// The rows' codes (always loaded: the list is tecs's own).
    pub data: Loadable<Vec<String>>,
    pub table: ListTable,
    current: String,
}

impl RegionsScreen {
    /// `recent`: newest first; listed before the rest.
    pub fn new(current: &str, recent: &[String]) -> Self {
        let mut codes: Vec<String> = recent.to_vec();
        if !codes.iter().any(|c| c == current) && !current.is_empty() {
            codes.insert(0, current.to_string());
        }
        for region in KNOWN_REGIONS {
            if !codes.iter().any(|c| c == region.code) {
                codes.push(region.code.to_string());
            }
        }
        let rows = codes
            .iter()
            .map(|code| {
                let region = known(code);
                let mut notes = Vec::new();
                if code == current {
                    notes.push("current");
                }
                if recent.contains(code) {
                    notes.push("recent");
                }
                if region.is_some_and(|r| r.opt_in) {
                    notes.push("opt-in");
                }
                if code.starts_with("us-gov-") || code.starts_with("cn-") {
                    notes.push("own partition");
                }
                TableRow {
                    key: code.clone(),
                    cells: vec![
                        if code == current { "●" } else { "" }.to_string(),
                        code.clone(),
                        region.map_or("(not known to tecs)", |r| r.name).to_string(),
                        notes.join(", "),
                    ],
                }
            })
            .collect();
        let mut table = ListTable::new(COLUMNS);
        table.set_rows(rows);
        table.select_key(current.to_string());
        Self {
            data: Loadable::with(codes),
            table,
            current: current.to_string(),
        }
    }
}

impl Screen for RegionsScreen {
    fn crumb(&self) -> String {
        "regions".into()
    }

    fn supports(&self, command: Command, _shared: &Shared) -> bool {
        (common::list(command) && command != Command::Refresh)
            || (command == Command::Open && self.table.selected_row().is_some())
    }

    fn relabel(&self, command: Command) -> Option<&'static str> {
        (command == Command::Open).then_some("switch to the selected region (views reload)")
    }

    fn on_command(&mut self, command: Command, cx: &mut Cx) {
        if command != Command::Open {
            return;
        }
        let Some(code) = self.table.selected_row().map(|r| r.key.clone()) else {
            return;
        };
        if code == self.current {
            cx.info(format!("already in {code} (Esc goes back)"));
            return;
        }
        cx.switch(SwitchTarget {
            region: Some(code),
            ..SwitchTarget::default()
        });
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
                title: "regions".into(),
                extra: String::new(),
                what: "regions",
                data: &self.data,
                empty: (String::new(), ""),
                table: &self.table,
                status_column: None,
            },
            view,
        );
    }
}
