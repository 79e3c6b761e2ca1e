//! The run-task wizard: the form while editing, the review (problems, what runs where, the CLI
//! line and the exact RunTask JSON), then the tasks started.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::RunTaskWizard;
use crate::widgets::form::{FlowFrame, render_flow};
use crate::widgets::theme::Theme;

/// Draws the wizard in `area`.
pub fn render(
    frame: &mut Frame,
    area: Rect,
    wizard: &RunTaskWizard,
    theme: &Theme,
    read_only: bool,
) {
    let title = wizard.title();
    let chrome = FlowFrame {
        title: &title,
        ready: if read_only {
            "read-only: review only"
        } else {
            "ready to run"
        },
        busy: "starting the tasks…",
        failed: "running the task failed",
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
