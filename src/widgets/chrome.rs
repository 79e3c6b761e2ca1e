//! The frame around every view: header (who, where, breadcrumbs) and footer (status, hints or input).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::theme::Theme;
use crate::keymap::{Context, Layer, is_app_command, layer};
use crate::state::input::{InputKind, completions};
use crate::state::{Level, State};

pub fn render_header(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let [top, crumbs] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
    ]));
    let account = match (&state.app.identity.data, &state.app.identity.error) {
        (Some(id), _) => id.account.clone(),
        (None, Some(_)) => "unknown".to_string(),
        (None, None) => "…".to_string(),
    };
    let profile = state
        .app
        .config
        .profile
        .clone()
        .unwrap_or_else(|| "default".to_string());
    let mut spans = vec![
        Span::styled(" tecs ", theme.title()),
        Span::styled("profile ", theme.dim()),
        Span::raw(profile),
        Span::styled("  region ", theme.dim()),
        Span::raw(state.app.config.region.clone()),
        Span::styled("  account ", theme.dim()),
        Span::raw(account),
    ];
    if state.app.config.read_only {
        spans.push(Span::styled("  READ-ONLY", theme.warning()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), top);

    let mut crumb_spans = vec![Span::raw(" ")];
    for (i, entry) in state.routes.iter().enumerate() {
        if i > 0 {
            crumb_spans.push(Span::styled(" › ", theme.dim()));
        }
        let style = if i + 1 == state.routes.len() {
            theme.title()
        } else {
            theme.dim()
        };
        crumb_spans.push(Span::styled(entry.route.screen().crumb(), style));
    }
    frame.render_widget(Paragraph::new(Line::from(crumb_spans)), crumbs);
    if let Some(url) = &state.app.config.endpoint_url {
        let host = url.split("://").nth(1).unwrap_or(url).trim_end_matches('/');
        let label = Line::styled(format!("endpoint {host} "), theme.dim()).right_aligned();
        frame.render_widget(Paragraph::new(label), crumbs);
    }
}

pub fn render_footer(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let [status, hints] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
    ]));
    if let Some(s) = &state.app.status {
        let style = match s.level {
            Level::Error => theme.error(),
            Level::Info => theme.ok(),
        };
        frame.render_widget(
            Paragraph::new(Line::styled(format!(" {}", s.text), style)),
            status,
        );
    }
    let screen = state.route().screen();
    let keymap = &state.app.keymap;
    let pairs = match layer(&state.app, screen.keys()) {
        Layer::Input => {
            if let Some(line) = &state.app.input {
                render_input(frame, hints, line, theme);
            }
            return;
        }
        Layer::Confirm => keymap.hints(&[Context::Confirm], |_| true),
        Layer::Help => keymap.hints(&[Context::Help], |_| true),
        // A form knows which of its keys apply to the focused field.
        Layer::Form => screen.hints(keymap).unwrap_or_default(),
        Layer::Screen(contexts) => keymap.hints(contexts, |c| {
            is_app_command(c) || screen.supports(c, &state.shared)
        }),
    };
    frame.render_widget(Paragraph::new(hint_line(&pairs, theme)), hints);
}

/// `key desc  key desc ...` as one line (cut at the edge by the paragraph).
pub fn hint_line<'a>(pairs: &'a [(String, String)], theme: &Theme) -> Line<'a> {
    let mut spans = vec![Span::raw(" ")];
    for (key, desc) in pairs {
        spans.push(Span::styled(key.as_str(), theme.key()));
        spans.push(Span::raw(" "));
        spans.push(Span::styled(desc.as_str(), theme.dim()));
        spans.push(Span::raw("  "));
    }
    Line::from(spans)
}

fn render_input(frame: &mut Frame, area: Rect, line: &crate::state::InputLine, theme: &Theme) {
    let prefix = match line.kind {
        InputKind::Filter => "/",
        InputKind::Command => ":",
        InputKind::Prefix => "family prefix (server-side): ",
        InputKind::Search => "search: ",
        InputKind::CapacityProviders => "capacity providers (NAME[:weight[:base]] ...): ",
        InputKind::KeepNewest => "keep the newest N ACTIVE revisions, deregister the rest; N = ",
    };
    let value = line.input.value();
    let mut spans = vec![
        Span::styled(prefix, theme.key()),
        Span::raw(value.to_string()),
    ];
    if line.kind == InputKind::Command {
        let options = completions(value);
        if let Some(first) = options.first()
            && !value.is_empty()
            && let Some(rest) = first.strip_prefix(value)
        {
            spans.push(Span::styled(rest.to_string(), theme.dim()));
        }
        let list: Vec<String> = options.iter().map(|o| format!(":{o}")).collect();
        spans.push(Span::styled(
            format!("   {}  (tab completes)", list.join(" ")),
            theme.dim(),
        ));
    } else if line.kind == InputKind::Filter {
        spans.push(Span::styled("   (enter keeps, esc clears)", theme.dim()));
    } else {
        spans.push(Span::styled(
            "   (enter searches, esc cancels)",
            theme.dim(),
        ));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
    let cursor_x = area
        .x
        .saturating_add(u16::try_from(prefix.chars().count()).unwrap_or(1))
        .saturating_add(u16::try_from(line.input.visual_cursor()).unwrap_or(u16::MAX));
    if cursor_x < area.right() {
        frame.set_cursor_position((cursor_x, area.y));
    }
}
