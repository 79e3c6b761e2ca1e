//! The create-service wizard: the form while editing, then the review (problems, what runs where,
//! the CLI line and the exact CreateService JSON).

use ratatui::Frame;
use ratatui::layout::Rect;

use super::ServiceWizard;
use crate::widgets::form::{FlowFrame, render_flow};
use crate::widgets::theme::Theme;

/// Draws the wizard in `area`.
pub fn render(
    frame: &mut Frame,
    area: Rect,
    wizard: &ServiceWizard,
    theme: &Theme,
    read_only: bool,
) {
    let chrome = FlowFrame {
        title: wizard.title(),
        ready: if read_only {
            "read-only: review only"
        } else {
            "ready to create"
        },
        busy: "creating the service…",
        failed: "creating the service failed",
        problems: wizard.problems().len(),
    };
    render_flow(
        frame,
        area,
        &chrome,
        &wizard.form,
        &wizard.flow,
        &wizard.stage_lines(),
        theme,
    );
}
