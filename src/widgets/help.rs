//! The `?` overlay, generated from the keymap so it always matches the real bindings.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

use super::theme::Theme;
use crate::keymap::Context;
use crate::state::State;

const ORDER: &[Context] = &[
    Context::Global,
    Context::List,
    Context::Scroll,
    Context::Input,
    Context::Form,
    Context::Confirm,
    Context::Help,
];

/// The help text as lines (also used by tests).
pub fn lines(state: &State, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    for ctx in ORDER {
        let bindings: Vec<_> = state.app.keymap.bindings_in(*ctx).collect();
        if bindings.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(Line::raw(""));
        }
        out.push(Line::styled(ctx.title().to_string(), theme.title()));
        for b in bindings {
            let keys: Vec<String> = b.keys.iter().map(|k| k.label()).collect();
            out.push(Line::from(vec![
                Span::styled(format!("  {:<18}", keys.join(" ")), theme.key()),
                Span::raw(b.desc.clone()),
            ]));
        }
    }
    out
}

pub fn render(frame: &mut Frame, area: Rect, state: &State, scroll: usize, theme: &Theme) {
    let width = area.width.saturating_sub(4).min(64);
    let height = area.height.saturating_sub(2);
    let popup = Rect {
        x: area.x + (area.width.saturating_sub(width)) / 2,
        y: area.y + 1,
        width,
        height,
    };
    let text = lines(state, theme);
    let max_scroll = text
        .len()
        .saturating_sub(usize::from(height.saturating_sub(2)));
    let scroll = u16::try_from(scroll.min(max_scroll)).unwrap_or(u16::MAX);
    frame.render_widget(Clear, popup);
    let block = Block::default().borders(Borders::ALL).title(Line::styled(
        " Keys — esc closes, j/k scroll ",
        theme.title(),
    ));
    frame.render_widget(Paragraph::new(text).block(block).scroll((scroll, 0)), popup);
}
