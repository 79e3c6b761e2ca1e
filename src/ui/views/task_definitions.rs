//! `:taskdefs`: the families, and one family's revisions.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::state::task_definitions::{FAMILY_COLUMNS, REVISION_COLUMNS};
use crate::state::{RevisionsState, State};
use crate::ui::remote_list::{self, RemoteList};
use crate::ui::table::TableView;
use crate::ui::theme::Theme;

pub fn render_families(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let fam = &state.families;
    let rows = fam.rows();
    let retry = super::retry_key(state);
    let extra = if fam.prefix.is_empty() {
        String::new()
    } else {
        format!(" prefix {}", fam.prefix)
    };
    remote_list::render(
        frame,
        area,
        RemoteList {
            title: format!("task definition families {}", fam.status.label()),
            extra,
            what: "task definition families",
            data: &fam.data,
            empty: (
                format!(
                    "No {} task definition families in {}.",
                    fam.status.label(),
                    state.config.region
                ),
                "t switches ACTIVE / INACTIVE / ALL; p searches by prefix.",
            ),
            view: TableView {
                columns: FAMILY_COLUMNS,
                rows: &rows,
                state: &fam.table,
                status_column: None,
            },
        },
        super::env(state, &retry),
        theme,
    );
}

pub fn render_revisions(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    revs: &RevisionsState,
    theme: &Theme,
) {
    let rows = revs.rows(&state.taskdef_cache);
    let retry = super::retry_key(state);
    let extra = if revs.marked.is_empty() {
        String::new()
    } else {
        format!(" · {} marked", revs.marked.len())
    };
    remote_list::render(
        frame,
        area,
        RemoteList {
            title: format!("{} revisions", revs.family),
            extra,
            what: "revisions",
            data: &revs.data,
            empty: (
                "This family has no revisions left.".into(),
                "Deleted revisions disappear from the list.",
            ),
            view: TableView {
                columns: REVISION_COLUMNS,
                rows: &rows,
                state: &revs.table,
                status_column: Some(2),
            },
        },
        super::env(state, &retry),
        theme,
    );
}
