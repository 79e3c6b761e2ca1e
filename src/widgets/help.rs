//! The `?` overlay, generated from the keymap so it always matches the real bindings.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::theme::Theme;
use crate::keymap::{Bound, Context, Keys, is_app_command};
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

/// The help text as lines (also used by tests): the keys of the screen on top first (what it
/// supports now, from the screen itself), then every binding by context.
pub fn lines(state: &State, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    if !state.app.messages.is_empty() {
        out.push(Line::styled("Recent messages, newest first", theme.title()));
        for m in state.app.messages.iter().rev().take(5) {
            let style = match m.level {
                crate::state::Level::Error => theme.error(),
                crate::state::Level::Info => theme.dim(),
            };
            out.push(Line::styled(format!("  {}", m.text), style));
        }
        out.push(Line::raw(""));
    }
    let screen = state.route().screen();
    let contexts: &[Context] = match screen.keys() {
        Keys::List => &[Context::List, Context::Global],
        Keys::Scroll => &[Context::Scroll, Context::Global],
        Keys::Form => &[Context::Form],
    };
    let here: Vec<_> = contexts
        .iter()
        .flat_map(|ctx| state.app.keymap.bindings_in(*ctx))
        .filter(|b| match b.command {
            Bound::App(c) => {
                is_app_command(c) || crate::screens::supports(screen, c, &state.shared)
            }
            Bound::Form(_) => true,
        })
        .collect();
    if !here.is_empty() {
        out.push(Line::styled(
            format!("On this screen ({})", screen.crumb()),
            theme.title(),
        ));
        for b in here {
            let keys: Vec<String> = b.keys.iter().map(|k| k.label()).collect();
            out.push(Line::from(vec![
                Span::styled(format!("  {:<18}", keys.join(" ")), theme.key()),
                Span::raw(match b.command {
                    Bound::App(c) => screen
                        .relabel(c)
                        .map_or_else(|| b.desc.clone(), str::to_string),
                    Bound::Form(_) => b.desc.clone(),
                }),
            ]));
        }
        out.push(Line::raw(""));
        out.push(Line::styled("All keys, by where they apply", theme.dim()));
    }
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
    // Long messages wrap; the scroll limit counts the wrapped rows.
    let text = Paragraph::new(lines(state, theme)).wrap(Wrap { trim: false });
    let rows = text.line_count(width.saturating_sub(2));
    let max_scroll = rows.saturating_sub(usize::from(height.saturating_sub(2)));
    let scroll = u16::try_from(scroll.min(max_scroll)).unwrap_or(u16::MAX);
    frame.render_widget(Clear, popup);
    let position = (max_scroll > 0).then(|| {
        Line::styled(
            format!(" {}/{} ", usize::from(scroll).min(max_scroll), max_scroll),
            theme.dim(),
        )
    });
    let block = super::titled_block(
        Line::styled(" Keys — esc closes, j/k pgup/pgdn scroll ", theme.title()),
        position,
        popup.width,
    );
    frame.render_widget(text.scroll((scroll, 0)).block(block), popup);
}
