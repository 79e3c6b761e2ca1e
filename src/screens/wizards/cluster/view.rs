//! The create-cluster wizard: the form while editing, the review (problems, every request with its
//! CLI line and JSON) before creating, progress while the plan runs, and the result.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::ClusterWizard;
use crate::widgets::form::{FlowFrame, render_flow};
use crate::widgets::theme::Theme;

/// Draws the wizard in `area`.
pub fn render(
    frame: &mut Frame,
    area: Rect,
    wizard: &ClusterWizard,
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
        busy: "creating… (each step's progress is listed below)",
        failed: "creating the cluster failed",
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
