//! `:profile`: the named profiles of the shared AWS files with how each gets its credentials;
//! Enter switches to one (clients rebuilt, every view reloaded, the choice remembered).

use ratatui::Frame;
use ratatui::layout::Rect;

use super::common;
use super::cx::Cx;
use super::{Screen, View};
use crate::effect::{Job, Outcome, Ticket};
use crate::keymap::Command;
use crate::model::profile::ProfileSummary;
use crate::state::{Column, ListTable, Loadable, Shared, TableRow};
use crate::update::switch::SwitchTarget;
use crate::widgets::remote_list::{self, RemoteList};

const COLUMNS: &[Column] = &[
    Column::text("", 1),
    Column::ident("PROFILE", 10),
    Column::text("KIND", 6),
    Column::text("REGION", 9),
    Column::flex("DETAIL", 10).optional(),
];

/// The profile picker.
#[derive(Debug, Clone)]
pub struct ProfilesScreen {
    pub data: Loadable<Vec<ProfileSummary>>,
    pub table: ListTable,
    /// The profile in use (`None`: the SDK's default), marked `●`.
    current: Option<String>,
}

impl ProfilesScreen {
    pub fn new(current: Option<String>) -> Self {
        let mut table = ListTable::new(COLUMNS);
        if let Some(name) = &current {
            table.select_key(name.clone());
        }
        Self {
            data: Loadable::default(),
            table,
            current,
        }
    }

    fn is_current(&self, name: &str) -> bool {
        self.current.as_deref().unwrap_or("default") == name
    }

    fn sync(&mut self) {
        // `default` is always offered: without a `[default]` section it is the SDK's own chain
        // (environment, container or instance role), the way back from a named profile.
        let mut list = self.data.data.clone().unwrap_or_default();
        if !list.iter().any(|p| p.name == "default") {
            list.insert(
                0,
                ProfileSummary {
                    name: "default".into(),
                    kind: crate::model::profile::ProfileKind::NoCredentials,
                    region: None,
                    detail: "not in the files: the SDK's default chain (environment, instance or task role)".into(),
                },
            );
        }
        let rows = list
            .iter()
            .map(|p| TableRow {
                key: p.name.clone(),
                cells: vec![
                    if self.is_current(&p.name) { "●" } else { "" }.to_string(),
                    p.name.clone(),
                    p.kind.label().to_string(),
                    p.region.clone().unwrap_or_else(|| "-".into()),
                    p.detail.clone(),
                ],
            })
            .collect();
        self.table.set_rows(rows);
    }
}

impl Screen for ProfilesScreen {
    fn crumb(&self) -> String {
        "profiles".into()
    }

    fn supports(&self, command: Command, _shared: &Shared) -> bool {
        common::list(command) || (command == Command::Open && self.table.selected_row().is_some())
    }

    fn relabel(&self, command: Command) -> Option<&'static str> {
        (command == Command::Open).then_some("switch to the selected profile (views reload)")
    }

    fn on_command(&mut self, command: Command, cx: &mut Cx) {
        if command != Command::Open {
            return;
        }
        // The highlighted row (the current profile may not be a row of the files).
        let Some(name) = self.table.selected_row().map(|r| r.key.clone()) else {
            return;
        };
        if self.is_current(&name) {
            cx.info(format!("already using profile {name} (Esc goes back)"));
            return;
        }
        cx.switch(SwitchTarget {
            profile: Some(name),
            ..SwitchTarget::default()
        });
    }

    fn on_outcome(&mut self, ticket: Ticket, outcome: Outcome, cx: &mut Cx) {
        if let Outcome::Profiles(result) = outcome {
            let at = cx.wall_clock();
            if self.data.finish(ticket.id, result, at) {
                self.sync();
                let outcome = self.data.outcome();
                // Files on this machine: no refresh timer, `r` reads them again.
                cx.settle(outcome, false);
            }
        }
    }

    fn load(&mut self, cx: &mut Cx) {
        cx.load_into(&mut self.data, Job::Profiles);
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
                title: "profiles".into(),
                extra: String::new(),
                what: "profiles",
                data: &self.data,
                empty: (
                    "No profiles in ~/.aws/config or ~/.aws/credentials.".into(),
                    "aws configure sso (or aws configure --profile NAME) creates one.",
                ),
                table: &self.table,
                status_column: None,
            },
            view,
        );
    }
}
