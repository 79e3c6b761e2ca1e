//! `:taskdefs`: the families, and one family's revisions.

use ratatui::Frame;
use ratatui::layout::Rect;

use crate::keymap::{Command, Context};
use crate::state::task_definitions::{FAMILY_COLUMNS, REVISION_COLUMNS};
use crate::state::{Phase, RevisionsState, State};
use crate::ui::theme::Theme;
use crate::ui::{phase, table};

fn retry_key(state: &State) -> String {
    state
        .keymap
        .key_for(Context::Global, Command::Refresh)
        .unwrap_or_else(|| "r".into())
}

pub fn render_families(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let fam = &state.families;
    let rows = fam.rows();
    let mut title = format!(
        "task definition families {} ({})",
        fam.status.label(),
        table::count_label(&fam.table, &rows, fam.data.data.is_some())
    );
    if !fam.prefix.is_empty() {
        title.push_str(&format!(" prefix {}", fam.prefix));
    }
    if !fam.table.filter.is_empty() {
        title.push_str(&format!(" /{}", fam.table.filter));
    }
    let block = super::list_block(title, &fam.data, state.now, theme);
    match fam.data.phase() {
        Phase::Loading => phase::loading(
            frame,
            area,
            block,
            "task definition families",
            fam.data.in_flight,
            state.now,
            theme,
        ),
        Phase::Failed => phase::failed(
            frame,
            area,
            block,
            "task definition families",
            fam.data.error.as_ref(),
            &retry_key(state),
            theme,
        ),
        Phase::Empty => phase::empty(
            frame,
            area,
            block,
            &format!(
                "No {} task definition families in {}.",
                fam.status.label(),
                state.config.region
            ),
            "t switches ACTIVE / INACTIVE / ALL; p searches by prefix.",
            theme,
        ),
        Phase::Loaded if fam.table.visible(&rows).is_empty() => phase::empty(
            frame,
            area,
            block,
            &format!("No families match /{}.", fam.table.filter),
            "esc clears the filter.",
            theme,
        ),
        Phase::Loaded => {
            let view = table::TableView {
                columns: FAMILY_COLUMNS,
                rows: &rows,
                state: &fam.table,
                status_column: None,
            };
            table::render(frame, area, block, view, theme)
        }
    }
}

pub fn render_revisions(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    revs: &RevisionsState,
    theme: &Theme,
) {
    let rows = revs.rows(&state.taskdef_cache);
    let mut title = format!(
        "{} revisions ({})",
        revs.family,
        table::count_label(&revs.table, &rows, revs.data.data.is_some())
    );
    if !revs.marked.is_empty() {
        title.push_str(&format!(" · {} marked", revs.marked.len()));
    }
    if !revs.table.filter.is_empty() {
        title.push_str(&format!(" /{}", revs.table.filter));
    }
    let block = super::list_block(title, &revs.data, state.now, theme);
    match revs.data.phase() {
        Phase::Loading => phase::loading(
            frame,
            area,
            block,
            "revisions",
            revs.data.in_flight,
            state.now,
            theme,
        ),
        Phase::Failed => phase::failed(
            frame,
            area,
            block,
            "revisions",
            revs.data.error.as_ref(),
            &retry_key(state),
            theme,
        ),
        Phase::Empty => phase::empty(
            frame,
            area,
            block,
            "This family has no revisions left.",
            "Deleted revisions disappear from the list.",
            theme,
        ),
        Phase::Loaded if revs.table.visible(&rows).is_empty() => phase::empty(
            frame,
            area,
            block,
            &format!("No revisions match /{}.", revs.table.filter),
            "esc clears the filter.",
            theme,
        ),
        Phase::Loaded => {
            let view = table::TableView {
                columns: REVISION_COLUMNS,
                rows: &rows,
                state: &revs.table,
                status_column: Some(2),
            };
            table::render(frame, area, block, view, theme)
        }
    }
}
