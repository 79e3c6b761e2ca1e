//! The frame around every view: header (who, where, breadcrumbs) and footer (status, hints or input).

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use unicode_width::UnicodeWidthStr;

use super::format::{cut_end, cut_middle};
use super::theme::Theme;
use crate::keymap::{Command, Context, Layer, is_app_command, layer};
use crate::model::ErrorKind;
use crate::screens::Route;
use crate::state::input::{InputKind, complete_line};
use crate::state::{Level, State};

pub fn render_header(frame: &mut Frame, area: Rect, state: &State, theme: &Theme) {
    let [top, crumbs] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
    ]));
    // When the lookup failed, why (short: the status line and the log have the whole message).
    let account = match (&state.app.identity.data, &state.app.identity.error) {
        (Some(id), _) => id.account.clone(),
        (None, Some(e)) => format!("unknown ({})", short_reason(&e.kind)),
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
    let width: usize = spans.iter().map(|s| s.content.width()).sum();
    if state.app.config.read_only {
        let mark = Span::styled("  READ-ONLY", theme.warning());
        // Never the part that is cut: on a narrow terminal it goes first.
        if width + mark.content.width() > usize::from(top.width) {
            spans.insert(1, Span::styled("READ-ONLY ", theme.warning()));
        } else {
            spans.push(mark);
        }
    }
    // A cut header ends in an ellipsis: a shortened account id must not pass for another.
    let line = crate::widgets::text::fit_spans(spans, usize::from(top.width));
    frame.render_widget(Paragraph::new(line), top);

    let endpoint = state.app.config.endpoint_url.as_ref().map(|url| {
        let host = url.split("://").nth(1).unwrap_or(url).trim_end_matches('/');
        format!("endpoint {host} ")
    });
    let room = usize::from(crumbs.width)
        .saturating_sub(endpoint.as_ref().map_or(0, |e| e.width() + 1))
        .saturating_sub(1);
    let mut names: Vec<String> = state
        .routes
        .iter()
        .map(|e| e.route.screen().crumb())
        .collect();
    // A view opened with `:` goes back to the cluster list (Esc): the path says so.
    if let Some(root) = state.routes.iter().next()
        && !matches!(root.route, Route::Clusters(_) | Route::QuickDeregister(_))
    {
        names.insert(0, Route::clusters().screen().crumb());
    }
    frame.render_widget(Paragraph::new(crumb_line(&names, room, theme)), crumbs);
    if let Some(label) = endpoint {
        let label = Line::styled(label, theme.dim()).right_aligned();
        frame.render_widget(Paragraph::new(label), crumbs);
    }
}

/// The breadcrumbs in `room` columns: when they do not fit, the oldest go first (an ellipsis says
/// so), and a last crumb that alone is too long is cut in the middle, keeping both ends.
pub fn crumb_line(names: &[String], room: usize, theme: &Theme) -> Line<'static> {
    const SEP: &str = " › ";
    let width = |parts: &[String]| -> usize {
        parts.iter().map(|p| p.width()).sum::<usize>() + SEP.width() * parts.len().saturating_sub(1)
    };
    let mut start = 0;
    while start + 1 < names.len() && width(&names[start..]) + if start > 0 { 2 } else { 0 } > room {
        start += 1;
    }
    let mut spans = vec![Span::raw(" ")];
    if start > 0 {
        spans.push(Span::styled("…", theme.dim()));
        spans.push(Span::styled(SEP, theme.dim()));
    }
    let shown = &names[start..];
    for (i, name) in shown.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(SEP, theme.dim()));
        }
        let last = i + 1 == shown.len();
        let used: usize = spans.iter().map(|s| s.content.width()).sum();
        let text = if last {
            cut_middle(name, room.saturating_sub(used.saturating_sub(1)))
        } else {
            name.clone()
        };
        let style = if last { theme.title() } else { theme.dim() };
        spans.push(Span::styled(text, style));
    }
    Line::from(spans)
}

/// A few words on why the account is unknown, for the header.
fn short_reason(kind: &ErrorKind) -> &'static str {
    match kind {
        ErrorKind::NoCredentials => "no credentials",
        ErrorKind::SsoExpired => "SSO session expired",
        ErrorKind::CredentialsExpired => "credentials expired",
        ErrorKind::AccessDenied { .. } => "access denied",
        ErrorKind::Throttled => "throttled",
        ErrorKind::Network => "network",
        ErrorKind::Unreachable => "endpoint unreachable",
        ErrorKind::Timeout { .. } => "timed out",
        ErrorKind::Misconfigured => "configuration problem",
        ErrorKind::BadResponse => "not an AWS answer",
        ErrorKind::ServerError => "server error",
        _ => "lookup failed",
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
        let room = usize::from(status.width).saturating_sub(1);
        let text = if s.text.width() > room {
            // Too long for one row: the end says where to read it whole.
            // In a prompt `?` may be text: F1 opens help there.
            let more = if state.app.input.is_some() {
                " (F1 shows it whole)"
            } else {
                " (? shows it whole)"
            };
            format!(
                "{}{more}",
                super::format::cut_end(&s.text, room.saturating_sub(more.width()))
            )
        } else {
            s.text.clone()
        };
        frame.render_widget(
            Paragraph::new(Line::styled(format!(" {text}"), style)),
            status,
        );
    }
    let screen = state.route().screen();
    let keymap = &state.app.keymap;
    let pairs = match layer(&state.app, screen.keys()) {
        Layer::Input => {
            if let Some(line) = &state.app.input {
                let names = state.shared.cluster_names();
                render_input(frame, hints, line, &names, theme);
            }
            return;
        }
        // A typed confirmation takes y and n as letters of the name.
        Layer::Confirm if typing_a_name(state) => vec![
            ("enter".to_string(), "confirm (the exact name)".to_string()),
            ("ctrl-u".to_string(), "clear".to_string()),
            ("esc".to_string(), "cancel".to_string()),
        ],
        Layer::Confirm => keymap.hints(&[Context::Confirm], |_| true),
        Layer::Help => keymap.hints(&[Context::Help], |_| true),
        // A form knows which of its keys apply to the focused field.
        Layer::Form => {
            let mut pairs = screen.hints(keymap).unwrap_or_default();
            if state.app.config.read_only {
                // Read-only: the review is for reading; its submit key is not offered.
                let submit = crate::form::flow::submit_keys(keymap);
                pairs.retain(|(key, _)| !submit.contains(key));
            }
            fit_form_hints(pairs, keymap.form_help_key(), usize::from(hints.width))
        }
        Layer::Screen(contexts) => fit_hints(
            keymap
                .hint_commands(contexts, |c| {
                    (is_app_command(c) || crate::screens::supports(screen, c, &state.shared))
                        && (c != Command::Back || state.can_go_back())
                })
                .into_iter()
                .map(|(c, key, desc)| {
                    let desc = screen.footer_word(c).map_or(desc, str::to_string);
                    (c, key, desc)
                })
                .collect(),
            usize::from(hints.width),
        ),
    };
    frame.render_widget(Paragraph::new(hint_line(&pairs, theme)), hints);
}

/// A form's hints that fit in `width` columns, in order. When some do not fit, the form's help
/// key (`help_key`, F1 by default: `?` is a character in a form) ends the line as `more`, and
/// the `?` overlay lists every key.
pub fn fit_form_hints(
    hints: Vec<(String, String)>,
    help_key: Option<String>,
    width: usize,
) -> Vec<(String, String)> {
    let cost = |k: &str, d: &str| k.width() + 1 + d.width() + 2;
    let total = 1 + hints.iter().map(|(k, d)| cost(k, d)).sum::<usize>();
    let Some(help_key) = help_key.filter(|_| total > width) else {
        return hints;
    };
    let mut used = 1 + cost(&help_key, "more");
    let mut chosen = Vec::new();
    for (k, d) in hints {
        if used + cost(&k, &d) > width {
            break;
        }
        used += cost(&k, &d);
        chosen.push((k, d));
    }
    chosen.push((help_key, "more".to_string()));
    chosen
}

/// The hints that fit in `width` columns, in keymap order; help, back and quit always stay. When
/// some had to go, help says `more` (the `?` overlay lists every key of the screen).
pub fn fit_hints(hints: Vec<(Command, String, String)>, width: usize) -> Vec<(String, String)> {
    let cost = |k: &str, d: &str| k.width() + 1 + d.width() + 2;
    let keep = |c: Command| matches!(c, Command::Help | Command::Quit | Command::Back);
    let mut used = 1 + hints
        .iter()
        .filter(|(c, _, _)| keep(*c))
        .map(|(_, k, d)| cost(k, d))
        .sum::<usize>();
    let mut dropped = false;
    let mut chosen = Vec::new();
    for (c, k, d) in hints {
        if keep(c) {
            chosen.push((c, k, d));
        } else if !dropped && used + cost(&k, &d) <= width {
            used += cost(&k, &d);
            chosen.push((c, k, d));
        } else {
            dropped = true;
        }
    }
    chosen
        .into_iter()
        .map(|(c, k, d)| {
            if c == Command::Help && dropped {
                (k, "more".to_string())
            } else {
                (k, d)
            }
        })
        .collect()
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

fn render_input(
    frame: &mut Frame,
    area: Rect,
    line: &crate::state::InputLine,
    clusters: &[&str],
    theme: &Theme,
) {
    let forward;
    let prefix = match line.kind {
        InputKind::PortForward => {
            forward = format!(
                "forward to {}: port [local port]: ",
                line.target.as_deref().unwrap_or("container")
            );
            forward.as_str()
        }
        InputKind::Filter => "/",
        InputKind::Command => ":",
        InputKind::Prefix => "family prefix (server-side): ",
        InputKind::Search => "search: ",
        InputKind::CapacityProviders => "capacity providers (NAME[:weight[:base]] ...): ",
        InputKind::KeepNewest => "keep the newest N ACTIVE revisions, deregister the rest; N = ",
        InputKind::DesiredCount => "desired count: ",
        InputKind::StopReason => "reason for stopping (recorded in the task): ",
        InputKind::FilterPattern => "filter pattern (CloudWatch syntax; empty for all): ",
        InputKind::StartFrom => "start from (200 lines, 5m, 1h, 2026-11-30T10:00:00Z): ",
    };
    let value = line.input.value();
    let mut spans = vec![
        Span::styled(prefix, theme.key()),
        Span::raw(value.to_string()),
    ];
    // What follows the typed text (the completion, the keys) gets what room is left, and shows
    // an ellipsis where it is cut.
    let room = usize::from(area.width).saturating_sub(prefix.width() + value.width());
    let hint = if line.kind == InputKind::Command {
        let typed = line.completing.as_deref().unwrap_or(value);
        let options = complete_line(typed, clusters);
        let rest = options
            .first()
            .filter(|_| !value.is_empty())
            .and_then(|first| first.strip_prefix(value))
            .unwrap_or_default()
            .to_string();
        let list: Vec<String> = options.iter().take(8).map(|o| format!(":{o}")).collect();
        let more = if options.len() > 8 { " …" } else { "" };
        format!("{rest}   {}{more}  (tab completes)", list.join(" "))
    } else if line.kind == InputKind::Filter {
        // Esc puts back the filter from before this edit (none: the list unfiltered).
        match line.previous.as_str() {
            "" => "   (enter keeps, esc clears)".to_string(),
            previous => format!("   (enter keeps, esc puts back /{previous})"),
        }
    } else if line.kind == InputKind::Search {
        "   (enter searches, esc cancels)".to_string()
    } else {
        "   (enter applies, esc cancels)".to_string()
    };
    if room > 4 {
        spans.push(Span::styled(cut_end(&hint, room), theme.dim()));
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

/// The dialog on screen asks for a name to be typed.
fn typing_a_name(state: &State) -> bool {
    matches!(&state.app.overlay, Some(crate::state::Overlay::Confirm(d)) if d.typed.is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn a_form_footer_that_does_not_fit_ends_in_the_help_key() {
        let pair = |k: &str, d: &str| (k.to_string(), d.to_string());
        let hints = vec![
            pair("ctrl-s", "review"),
            pair("esc", "back"),
            pair("tab", "next section"),
            pair("space", "change"),
            pair("→", "next choice"),
        ];
        assert_eq!(
            fit_form_hints(hints.clone(), Some("f1".into()), 200),
            hints,
            "all fit: no more"
        );
        let cut = fit_form_hints(hints, Some("f1".into()), 50);
        assert_eq!(cut.last(), Some(&pair("f1", "more")));
        let width: usize = 1 + cut
            .iter()
            .map(|(k, d)| k.width() + d.width() + 3)
            .sum::<usize>();
        assert!(width <= 50, "{cut:?}");
        assert_eq!(cut[0], pair("ctrl-s", "review"));
    }

    #[test]
    fn long_breadcrumbs_lose_their_oldest_crumbs_first() {
        let theme = Theme::new(true);
        let names: Vec<String> = [
            "task definitions",
            "acc-checkout-web",
            "acc-checkout-web:12",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        assert_eq!(
            text(&crumb_line(&names, 80, &theme)),
            " task definitions › acc-checkout-web › acc-checkout-web:12"
        );
        let short = text(&crumb_line(&names, 44, &theme));
        assert_eq!(short, " … › acc-checkout-web › acc-checkout-web:12");
        assert!(short.width() <= 45);
    }

    #[test]
    fn a_last_crumb_too_long_alone_keeps_both_ends() {
        let theme = Theme::new(true);
        let names = vec![format!("{}-blue", "x".repeat(200))];
        let line = text(&crumb_line(&names, 30, &theme));
        assert!(line.ends_with("-blue"), "{line}");
        assert!(line.contains('…'));
        assert!(line.width() <= 31, "{line}");
        assert_eq!(cut_middle("abcdefghij", 5), "ab…ij");
        assert_eq!(cut_middle("short", 10), "short");
    }
}
