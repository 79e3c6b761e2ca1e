//! Drawing: `render(frame, &State)`. Views only read state.

pub mod chrome;
pub mod confirm;
pub mod form;
pub mod format;
pub mod help;
pub mod phase;
pub mod remote_list;
pub mod table;
pub mod theme;
pub mod views;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::{Paragraph, Wrap};

use crate::state::{Overlay, Route, State};
use theme::Theme;

/// Smallest size tecs draws its screens at; below it a notice asks for a bigger terminal.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 10;

/// Draws the whole screen.
pub fn render(frame: &mut Frame, state: &State) {
    let area = frame.area();
    let theme = Theme::new(state.config.no_color);
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let text = format!(
            "terminal too small ({}x{}): tecs needs at least {MIN_WIDTH}x{MIN_HEIGHT}. q quits.",
            area.width, area.height
        );
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
        return;
    }
    let [header, body, footer] = area.layout(&Layout::vertical([
        Constraint::Length(2),
        Constraint::Min(1),
        Constraint::Length(2),
    ]));
    chrome::render_header(frame, header, state, &theme);
    render_route(frame, body, state, &theme);
    chrome::render_footer(frame, footer, state, &theme);
    match &state.overlay {
        Some(Overlay::Help { scroll }) => help::render(frame, area, state, *scroll, &theme),
        Some(Overlay::Confirm(dialog)) => confirm::render(frame, area, dialog, &theme),
        None => {}
    }
}

fn render_route(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    match state.route() {
        Route::Clusters => views::clusters::render(frame, area, state, theme),
        Route::ClusterDetail(detail) => {
            views::cluster_detail::render(frame, area, state, detail, theme)
        }
        Route::Json(page) => views::json::render(frame, area, page, theme),
        Route::TaskDefFamilies => {
            views::task_definitions::render_families(frame, area, state, theme)
        }
        Route::Revisions(r) => {
            views::task_definitions::render_revisions(frame, area, state, r, theme)
        }
        Route::RevisionDetail(d) => views::revision_detail::render(frame, area, state, d, theme),
        Route::TaskDefWizard(w) => views::taskdef_wizard::render(frame, area, w, theme),
        Route::ClusterWizard(w) => views::cluster_wizard::render(frame, area, w, theme),
        Route::NamespaceWizard(w) => views::namespace_wizard::render(frame, area, w, theme),
        Route::Draft(family) => {
            views::draft::render(frame, area, state.drafts.get(family), family, theme)
        }
        Route::Namespaces | Route::NamespaceDetail(_) => {
            let retry = views::retry_key(state);
            let env = views::namespaces::ViewEnv {
                now: state.now,
                region: &state.config.region,
                retry_key: &retry,
            };
            let clusters = state.clusters.data.data.as_deref().unwrap_or_default();
            match state.route() {
                Route::NamespaceDetail(d) => {
                    views::namespace_detail::render(frame, area, d, clusters, env, theme)
                }
                _ => {
                    views::namespaces::render(frame, area, &state.namespaces, clusters, env, theme)
                }
            }
        }
    }
}
