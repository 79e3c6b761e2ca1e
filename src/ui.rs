//! Drawing the whole screen: `render(frame, &State)` — the header, the screen on top, the footer,
//! then the dialog or help over them. Everything only reads state.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::widgets::{Paragraph, Wrap};

use crate::screens::View;
use crate::state::{Overlay, State};
use crate::widgets::theme::Theme;
use crate::widgets::{chrome, confirm, help};

/// Smallest size tecs draws its screens at; below it a notice asks for a bigger terminal.
pub const MIN_WIDTH: u16 = crate::state::MIN_SIZE.0;
pub const MIN_HEIGHT: u16 = crate::state::MIN_SIZE.1;

/// Draws the whole screen.
pub fn render(frame: &mut Frame, state: &State) {
    let area = frame.area();
    let theme = Theme::with(state.app.config.theme, state.app.config.no_color);
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
    let view = View {
        app: &state.app,
        shared: &state.shared,
        theme: &theme,
    };
    chrome::render_header(frame, header, state, &theme);
    state.route().screen().render(frame, body, &view);
    chrome::render_footer(frame, footer, state, &theme);
    match &state.app.overlay {
        Some(Overlay::Help { scroll }) => help::render(frame, area, state, *scroll, &theme),
        Some(Overlay::Confirm(dialog)) => confirm::render(frame, area, dialog, &theme),
        None => {}
    }
}
