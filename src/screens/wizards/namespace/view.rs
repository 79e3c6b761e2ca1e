//! The create-namespace wizard: the form while editing, the review (problems, the request with its
//! CLI line and JSON) before creating, the Cloud Map operation's progress, and the result.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::NamespaceWizard;
use crate::widgets::form::{FlowFrame, render_flow};
use crate::widgets::theme::Theme;

/// Draws the wizard in `area`.
pub fn render(
    frame: &mut Frame,
    area: Rect,
    wizard: &NamespaceWizard,
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
        busy: "creating… (Cloud Map works asynchronously)",
        failed: "creating the namespace failed",
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
