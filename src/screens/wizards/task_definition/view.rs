//! The task definition wizard: the form while editing, the review (problems, CLI line, JSON)
//! before submitting; a submit error or notice at the top.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{ReviewLine, Step, TaskDefWizard};
use crate::widgets::form::{self, wrap};
use crate::widgets::theme::Theme;

/// Banner lines above the body: the register error, the in-flight submit, a notice.
fn banner(wizard: &TaskDefWizard, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    if let Some(e) = wizard.submit_error() {
        for part in wrap(&format!("✗ registering failed: {e}"), width) {
            out.push(Line::styled(part, theme.error()));
        }
    }
    if wizard.is_submitting() {
        out.push(Line::styled("registering…", theme.warning()));
    }
    if let Some(n) = wizard.notice() {
        out.push(Line::styled(n.to_string(), theme.warning()));
    }
    out
}

fn review(frame: &mut Frame, area: Rect, wizard: &TaskDefWizard, theme: &Theme) -> String {
    let width = usize::from(area.width);
    let mut lines: Vec<Line> = Vec::new();
    for l in wizard.review_lines() {
        match l {
            ReviewLine::Heading(t) => lines.push(Line::styled(t, theme.title())),
            ReviewLine::Ok(t) => lines.push(Line::styled(format!("✓ {t}"), theme.ok())),
            ReviewLine::Problem(t) => {
                for (i, part) in wrap(&t, width.saturating_sub(4)).into_iter().enumerate() {
                    let lead = if i == 0 { "  ✗ " } else { "    " };
                    lines.push(Line::styled(format!("{lead}{part}"), theme.error()));
                }
            }
            ReviewLine::Info(t) => {
                for part in wrap(&t, width) {
                    lines.push(Line::raw(part));
                }
            }
            ReviewLine::Code(t) => lines.push(Line::styled(t, theme.header_key())),
            ReviewLine::Blank => lines.push(Line::raw("")),
        }
    }
    let height = usize::from(area.height);
    let total = lines.len();
    let scroll = wizard.review_scroll.min(total.saturating_sub(height));
    let last = scroll.saturating_add(height).min(total);
    let shown: Vec<Line> = lines.into_iter().skip(scroll).take(height).collect();
    frame.render_widget(Paragraph::new(shown), area);
    format!(
        " review · lines {}-{last} of {total} ",
        scroll.saturating_add(1).min(last)
    )
}

/// Draws the wizard in `area`.
pub fn render(
    frame: &mut Frame,
    area: Rect,
    wizard: &TaskDefWizard,
    theme: &Theme,
    read_only: bool,
) {
    let problems = wizard.problems().len();
    let status = if problems == 0 && read_only {
        Span::styled(" read-only: review only ", theme.warning())
    } else if problems == 0 {
        Span::styled(" ✓ ready to register ", theme.ok())
    } else {
        Span::styled(
            format!(
                " ✗ {problems} problem{} ",
                if problems == 1 { "" } else { "s" }
            ),
            theme.error(),
        )
    };
    let mut block = crate::widgets::titled_block(
        Line::styled(format!(" {} ", wizard.title()), theme.title()),
        Some(Line::from(status)),
        area.width,
    );
    let inner = block.inner(area);
    let top = banner(wizard, usize::from(inner.width), theme);
    let banner_height = u16::try_from(top.len())
        .unwrap_or(u16::MAX)
        .min(inner.height / 2);
    let [banner_area, body] = inner.layout(&Layout::vertical([
        Constraint::Length(banner_height),
        Constraint::Min(1),
    ]));
    let position = match wizard.step {
        Step::Edit => {
            form::render(frame, body, &wizard.form, theme);
            format!(" {} ", wizard.position())
        }
        Step::Review => {
            // One column of margin, as the form has.
            let [_, text] = body.layout(&Layout::horizontal([
                Constraint::Length(1),
                Constraint::Min(1),
            ]));
            review(frame, text, wizard, theme)
        }
    };
    block = block.title_bottom(Line::styled(position, theme.dim()).right_aligned());
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(top), banner_area);
}
