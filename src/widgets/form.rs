//! Draws a [`Form`]: section titles, one line per field (label, value), and under the focused field
//! its help, its choices or suggestions; previews, warnings and errors under any field. Scrolls so
//! the focused field (and its section title) stays on screen at 80x24. [`render_flow`] draws a
//! create wizard around its form: review, progress and result.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::theme::Theme;
use crate::form::flow::ReviewLine;
use crate::form::{
    ChoiceField, ComboField, Field, FieldKind, Flow, Form, MultiField, Stage, TextField,
};

/// Label column width.
const LABEL: usize = 19;
/// Where values start: marker, space, label, space.
const VALUE_COL: usize = LABEL + 3;
/// Choices with at most this many options are listed under the focused field.
const LISTED_OPTIONS: usize = 8;
/// Rows of a focused multi-select's list (the rest scroll with the cursor).
const MULTI_ROWS: usize = 5;

/// The form as lines, where the focused field is, and where the cursor goes.
pub struct FormLines {
    pub lines: Vec<Line<'static>>,
    /// First and last line of the focused field (its section title included when it is the
    /// section's first field).
    pub focus: (usize, usize),
    /// Line and column of the text cursor.
    pub cursor: Option<(usize, usize)>,
}

/// Greedy word wrap to `width` columns; a word longer than the width gets its own line.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(8);
    let mut out = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let needed = if line.is_empty() {
            word.width()
        } else {
            line.width() + 1 + word.width()
        };
        if needed > width && !line.is_empty() {
            out.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || out.is_empty() {
        out.push(line);
    }
    out
}

/// Cuts `text` to `width` columns with an ellipsis.
fn cut(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    for c in text.chars() {
        if out.width() + 2 > width {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// Indented, wrapped message lines.
fn message(
    lines: &mut Vec<Line<'static>>,
    indent: usize,
    prefix: &str,
    text: &str,
    style: Style,
    width: usize,
) {
    let avail = width.saturating_sub(indent + prefix.width());
    for (i, part) in wrap(text, avail).into_iter().enumerate() {
        let lead = if i == 0 {
            prefix.to_string()
        } else {
            " ".repeat(prefix.width())
        };
        lines.push(Line::from(vec![
            Span::raw(" ".repeat(indent)),
            Span::styled(format!("{lead}{part}"), style),
        ]));
    }
}

/// The visible part of a text value and the cursor column within it.
fn text_window(t: &TextField, width: usize, focused: bool) -> (String, Option<usize>) {
    let value = t.value();
    let chars: Vec<char> = value.chars().collect();
    if !focused {
        return (cut(value, width), None);
    }
    let cursor = t.input.cursor().min(chars.len());
    let room = width.saturating_sub(1).max(1);
    let start = cursor.saturating_sub(room);
    let shown: String = chars
        .iter()
        .skip(start)
        .take(room.saturating_add(1))
        .collect();
    (shown, Some(cursor.saturating_sub(start)))
}

fn choice_value(c: &ChoiceField, focused: bool, theme: &Theme) -> Vec<Span<'static>> {
    let Some(current) = c.current() else {
        return vec![Span::styled("(no choice)", theme.dim())];
    };
    let style = if current.disabled.is_some() {
        theme.error()
    } else {
        Style::new()
    };
    let mut spans = if focused && c.options.iter().filter(|o| o.disabled.is_none()).count() > 1 {
        vec![
            Span::styled("‹ ", theme.key()),
            Span::styled(current.label.clone(), style),
            Span::styled(" ›", theme.key()),
        ]
    } else {
        vec![Span::styled(current.label.clone(), style)]
    };
    if focused && c.options.len() > LISTED_OPTIONS {
        let (i, n) = c.position();
        spans.push(Span::styled(format!("  {i} of {n}"), theme.dim()));
    }
    spans
}

/// The options of a focused choice, the selected one highlighted and disabled ones dimmed, then
/// why they are disabled.
fn choice_options(lines: &mut Vec<Line<'static>>, c: &ChoiceField, theme: &Theme, width: usize) {
    if c.options.len() > LISTED_OPTIONS || c.options.len() < 2 {
        return;
    }
    // Options wrap between labels, never inside one; a label wider than the room is cut with an
    // ellipsis.
    let room = width.saturating_sub(VALUE_COL).max(1);
    let mut spans = vec![Span::raw(" ".repeat(VALUE_COL))];
    let mut used = 0;
    for (i, o) in c.options.iter().enumerate() {
        let style = if i == c.selected {
            theme.selected()
        } else if o.disabled.is_some() {
            theme.dim()
        } else {
            Style::new()
        };
        let label = cut(&o.label, room);
        let w = label.width();
        if used > 0 && used + w > room {
            lines.push(Line::from(std::mem::take(&mut spans)));
            spans.push(Span::raw(" ".repeat(VALUE_COL)));
            used = 0;
        }
        spans.push(Span::styled(label, style));
        spans.push(Span::raw("  "));
        used += w + 2;
    }
    lines.push(Line::from(spans));
    let mut reasons: Vec<(String, Vec<String>)> = Vec::new();
    for o in &c.options {
        if let Some(r) = &o.disabled {
            match reasons.iter_mut().find(|(reason, _)| reason == r) {
                Some((_, labels)) => labels.push(o.label.clone()),
                None => reasons.push((r.clone(), vec![o.label.clone()])),
            }
        }
    }
    for (reason, labels) in reasons {
        message(
            lines,
            VALUE_COL,
            "",
            &format!("{}: {reason}", labels.join(", ")),
            theme.dim(),
            width,
        );
    }
}

/// A focused combo's suggestions (those matching what was typed), or why there are none.
fn combo_suggestions(lines: &mut Vec<Line<'static>>, c: &ComboField, theme: &Theme, width: usize) {
    if let Some(status) = &c.status {
        message(lines, VALUE_COL, "", status, theme.warning(), width);
        return;
    }
    if c.suggestions.is_none() {
        let loading = format!("loading {}s…", c.noun);
        message(lines, VALUE_COL, "", &loading, theme.dim(), width);
        return;
    }
    let matches = c.matches();
    if matches.is_empty() {
        let none = format!("no {} matches what is typed", c.noun);
        message(lines, VALUE_COL, "", &none, theme.dim(), width);
        return;
    }
    let chosen = c.chosen().map(|s| s.label.clone());
    let mut spans = vec![Span::raw(" ".repeat(VALUE_COL))];
    let mut used = VALUE_COL;
    let mut shown = 0usize;
    for s in &matches {
        let w = s.label.width() + 2;
        if used + w + 10 > width && shown > 0 {
            break;
        }
        let style = if chosen.as_deref() == Some(s.label.as_str()) {
            theme.selected()
        } else {
            Style::new()
        };
        spans.push(Span::styled(s.label.clone(), style));
        spans.push(Span::raw("  "));
        used += w;
        shown += 1;
    }
    if shown < matches.len() {
        spans.push(Span::styled(
            format!("+{} more", matches.len() - shown),
            theme.dim(),
        ));
    }
    lines.push(Line::from(spans));
}

/// A focused multi-select: the filter line, then a window of the matching options around the
/// cursor, each with its box; or why there are none. (No text cursor: the filter is not the
/// field's first line, and what is typed shows at once.)
fn multi_options(lines: &mut Vec<Line<'static>>, m: &MultiField, theme: &Theme, width: usize) {
    let typed = m.filter.value();
    let lead = "filter: ";
    let filter = if typed.is_empty() {
        Span::styled("(type to narrow the list)", theme.dim())
    } else {
        Span::raw(cut(typed, width.saturating_sub(VALUE_COL + lead.len() + 1)))
    };
    lines.push(Line::from(vec![
        Span::raw(" ".repeat(VALUE_COL)),
        Span::styled(lead, theme.dim()),
        filter,
    ]));
    if let Some(status) = &m.status {
        message(lines, VALUE_COL, "", status, theme.warning(), width);
        return;
    }
    if m.options.is_none() {
        let loading = format!("loading {}s…", m.noun);
        message(lines, VALUE_COL, "", &loading, theme.dim(), width);
        return;
    }
    let matches = m.matches();
    if matches.is_empty() {
        let none = format!("no {} matches the filter", m.noun);
        message(lines, VALUE_COL, "", &none, theme.dim(), width);
        return;
    }
    let at = m.cursor.min(matches.len() - 1);
    let start = at
        .saturating_sub(MULTI_ROWS / 2)
        .min(matches.len().saturating_sub(MULTI_ROWS));
    let room = width.saturating_sub(VALUE_COL + 6);
    for (i, o) in matches.iter().enumerate().skip(start).take(MULTI_ROWS) {
        let here = i == at;
        let boxed = if m.is_picked(&o.value) {
            "[x] "
        } else {
            "[ ] "
        };
        let style = if here { theme.selected() } else { Style::new() };
        lines.push(Line::from(vec![
            Span::raw(" ".repeat(VALUE_COL.saturating_sub(2))),
            Span::styled(if here { "› " } else { "  " }, theme.key()),
            Span::styled(format!("{boxed}{}", cut(&o.label, room)), style),
        ]));
    }
    let hidden = matches.len().saturating_sub(MULTI_ROWS);
    if hidden > 0 {
        let more = format!(
            "{} of {} · ←/→ move, space picks",
            at.saturating_add(1),
            matches.len()
        );
        message(lines, VALUE_COL, "", &more, theme.dim(), width);
    }
}

/// One field's lines; returns the cursor column on its first line when it takes text.
fn field_lines(
    lines: &mut Vec<Line<'static>>,
    f: &Field,
    focused: bool,
    reveal: bool,
    theme: &Theme,
    width: usize,
) -> Option<usize> {
    let value_width = width.saturating_sub(VALUE_COL + 1).max(4);
    let marker = if focused { "›" } else { " " };
    let label_style = if focused {
        theme.selected()
    } else {
        Style::new()
    };
    let mut spans = vec![
        Span::styled(format!("{marker} "), theme.key()),
        Span::styled(format!("{:<LABEL$}", cut(&f.label, LABEL)), label_style),
        Span::raw(" "),
    ];
    let mut cursor = None;
    match &f.kind {
        FieldKind::Text(t) | FieldKind::Combo(ComboField { text: t, .. }) => {
            let (shown, col) = text_window(t, value_width, focused);
            if shown.is_empty() {
                // In parentheses so an empty field never reads as a value, colour or not.
                let placeholder = format!("({})", t.placeholder);
                spans.push(Span::styled(cut(&placeholder, value_width), theme.dim()));
            } else {
                spans.push(Span::raw(shown));
            }
            cursor = col.map(|c| VALUE_COL + c);
        }
        FieldKind::Choice(c) => spans.extend(choice_value(c, focused, theme)),
        FieldKind::Toggle(on) => spans.push(Span::raw(if *on { "[x] yes" } else { "[ ] no" })),
        FieldKind::Multi(m) if m.picked().is_empty() => {
            let placeholder = format!("({})", m.placeholder);
            spans.push(Span::styled(cut(&placeholder, value_width), theme.dim()));
        }
        FieldKind::Multi(m) => spans.push(Span::raw(cut(m.value(), value_width))),
    }
    lines.push(Line::from(spans));
    if focused {
        message(lines, VALUE_COL, "", &f.help, theme.dim(), width);
        match &f.kind {
            FieldKind::Choice(c) => choice_options(lines, c, theme, width),
            FieldKind::Combo(c) => combo_suggestions(lines, c, theme, width),
            FieldKind::Multi(m) => multi_options(lines, m, theme, width),
            _ => {}
        }
    }
    if let Some(p) = &f.preview {
        lines.push(Line::from(vec![
            Span::raw(" ".repeat(VALUE_COL)),
            Span::styled(cut(&format!("→ {p}"), value_width), theme.dim()),
        ]));
    }
    if let Some(w) = &f.warning {
        message(lines, VALUE_COL, "! ", w, theme.warning(), width);
    }
    if let Some(e) = &f.error
        && (reveal || f.touched)
    {
        message(lines, VALUE_COL, "✗ ", e, theme.error(), width);
    }
    cursor
}

/// Lays the whole form out at `width` columns.
pub fn lines(form: &Form, width: u16, theme: &Theme) -> FormLines {
    let width = usize::from(width);
    let mut out: Vec<Line<'static>> = Vec::new();
    let mut focus = (0, 0);
    let mut cursor = None;
    for (si, section) in form.sections.iter().enumerate() {
        if si > 0 {
            out.push(Line::raw(""));
        }
        let title_line = out.len();
        let rule = "─".repeat(width.saturating_sub(section.title.width() + 3));
        out.push(Line::from(vec![
            Span::styled(format!(" {} ", section.title), theme.title()),
            Span::styled(rule, theme.dim()),
        ]));
        if let Some(note) = &section.note {
            message(&mut out, 2, "", note, theme.dim(), width);
        }
        let reveal = form.reveal_errors || section.fields.iter().any(|f| f.touched);
        if let Some(e) = &section.error
            && reveal
        {
            message(&mut out, 2, "✗ ", e, theme.error(), width);
        }
        let first_visible = section.fields.iter().position(|f| !f.hidden);
        for (fi, field) in section.fields.iter().enumerate().filter(|(_, f)| !f.hidden) {
            let focused = form.focus.section == si && form.focus.field == fi;
            let start = out.len();
            let col = field_lines(&mut out, field, focused, form.reveal_errors, theme, width);
            if focused {
                let top = if Some(fi) == first_visible {
                    title_line
                } else {
                    start
                };
                focus = (top, out.len().saturating_sub(1));
                cursor = col.map(|c| (start, c));
            }
        }
    }
    FormLines {
        lines: out,
        focus,
        cursor,
    }
}

/// The first line to show so the focused block is on screen, a little below the top.
pub fn scroll_offset(total: usize, focus: (usize, usize), height: usize) -> usize {
    if total <= height || height == 0 {
        return 0;
    }
    let (top, bottom) = focus;
    let max = total - height;
    let mut offset = top.saturating_sub(height / 4).min(max);
    if bottom >= offset + height {
        offset = bottom
            .saturating_add(1)
            .saturating_sub(height)
            .min(top)
            .min(max);
    }
    offset
}

/// Draws the form in `area`, scrolled to the focus, with the text cursor placed.
pub fn render(frame: &mut Frame, area: Rect, form: &Form, theme: &Theme) {
    let laid = lines(form, area.width, theme);
    let height = usize::from(area.height);
    let offset = scroll_offset(laid.lines.len(), laid.focus, height);
    let shown: Vec<Line> = laid.lines.into_iter().skip(offset).take(height).collect();
    frame.render_widget(Paragraph::new(shown), area);
    if let Some((line, col)) = laid.cursor
        && line >= offset
        && line < offset + height
    {
        let x = area
            .x
            .saturating_add(u16::try_from(col).unwrap_or(u16::MAX));
        let y = area
            .y
            .saturating_add(u16::try_from(line - offset).unwrap_or(u16::MAX));
        if x < area.right() {
            frame.set_cursor_position((x, y));
        }
    }
}

/// What a create wizard's frame says around its form and flow (see [`render_flow`]).
pub struct FlowFrame<'a> {
    /// `Create cluster`.
    pub title: &'a str,
    /// The status when nothing blocks submit: `ready to create`.
    pub ready: &'a str,
    /// The banner while a submit is out: `creating…`.
    pub busy: &'a str,
    /// Leads the submit error: `creating failed`.
    pub failed: &'a str,
    /// Problems blocking submit.
    pub problems: usize,
}

/// Code lines wrapped to `width`: at a space when there is one, else mid-word; continuation lines
/// are indented past the line's own indent so they read as one line.
pub fn wrap_code(text: &str, width: usize) -> Vec<String> {
    let width = width.max(8);
    if text.width() <= width {
        return vec![text.to_string()];
    }
    let indent = text.len() - text.trim_start().len();
    let lead = " ".repeat((indent + 4).min(width / 2));
    let mut out = Vec::new();
    let mut rest: Vec<char> = text.chars().collect();
    let mut first = true;
    while !rest.is_empty() {
        let prefix = if first { "" } else { lead.as_str() };
        let room = width.saturating_sub(prefix.len()).max(1);
        if rest.len() <= room {
            out.push(format!("{prefix}{}", rest.iter().collect::<String>()));
            break;
        }
        // Break after the last space that leaves something on this line.
        let cut = rest[..room]
            .iter()
            .rposition(|c| *c == ' ')
            .filter(|&i| i > indent)
            .map_or(room, |i| i + 1);
        let line: String = rest[..cut].iter().collect();
        out.push(format!("{prefix}{}", line.trim_end()));
        rest.drain(..cut);
        first = false;
    }
    out
}

/// Review lines styled and wrapped to `width`.
pub fn review_text(review: &[ReviewLine], width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    for l in review {
        match l {
            ReviewLine::Heading(t) => {
                for part in wrap(t, width) {
                    lines.push(Line::styled(part, theme.title()));
                }
            }
            ReviewLine::Ok(t) => lines.push(Line::styled(format!("✓ {t}"), theme.ok())),
            ReviewLine::Problem(t) => {
                for (i, part) in wrap(t, width.saturating_sub(4)).into_iter().enumerate() {
                    let lead = if i == 0 { "  ✗ " } else { "    " };
                    lines.push(Line::styled(format!("{lead}{part}"), theme.error()));
                }
            }
            ReviewLine::Info(t) => {
                for part in wrap(t, width) {
                    lines.push(Line::raw(part));
                }
            }
            ReviewLine::Code(t) => {
                for part in wrap_code(t, width) {
                    lines.push(Line::styled(part, theme.header_key()));
                }
            }
            ReviewLine::Blank => lines.push(Line::raw("")),
        }
    }
    lines
}

/// `section 2 of 5 · Infrastructure`.
pub fn position(form: &Form) -> String {
    let n = form.sections.len();
    let i = form.focus.section.min(n.saturating_sub(1));
    let title = form.sections.get(i).map(|s| s.title.as_str()).unwrap_or("");
    format!("section {} of {n} · {title}", i.saturating_add(1))
}

/// The result lines, the one the copy key copies marked, then `after`; and the first line to show
/// so the marked one is on screen.
fn done_text(
    flow: &Flow,
    after: &[ReviewLine],
    width: usize,
    height: usize,
    theme: &Theme,
) -> (Vec<Line<'static>>, usize) {
    let mut lines = Vec::new();
    let mut focus = (0, 0);
    for (i, text) in flow.result().iter().enumerate() {
        let selected = i == flow.selected();
        let start = lines.len();
        for (j, part) in wrap_code(text, width.saturating_sub(2))
            .into_iter()
            .enumerate()
        {
            let marker = if selected && j == 0 { "› " } else { "  " };
            let style = if selected {
                theme.selected()
            } else {
                Style::new()
            };
            lines.push(Line::from(vec![
                Span::styled(marker, theme.key()),
                Span::styled(part, style),
            ]));
        }
        if selected {
            focus = (start, lines.len().saturating_sub(1));
        }
    }
    lines.push(Line::raw(""));
    lines.extend(review_text(after, width, theme));
    let offset = scroll_offset(lines.len(), focus, height);
    (lines, offset)
}

/// Banner lines above the body: the submit error, the submit in flight, a notice.
fn flow_banner(chrome: &FlowFrame, flow: &Flow, width: usize, theme: &Theme) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    if let Some(e) = flow.submit_error() {
        for part in wrap(&format!("✗ {}: {e}", chrome.failed), width) {
            out.push(Line::styled(part, theme.error()));
        }
    }
    if flow.is_submitting() {
        out.push(Line::styled(chrome.busy.to_string(), theme.warning()));
    }
    if let Some(n) = flow.notice() {
        out.push(Line::styled(n.to_string(), theme.warning()));
    }
    out
}

/// Draws a create wizard: the form while editing, `review` (problems, requests) before
/// submitting with the progress on top, and the result with `review` after it once done.
pub fn render_flow(
    frame: &mut Frame,
    area: Rect,
    chrome: &FlowFrame,
    form: &Form,
    flow: &Flow,
    review: &[ReviewLine],
    theme: &Theme,
) {
    let status = match (flow.stage(), chrome.problems) {
        (Stage::Done, _) => Span::styled(" done ", theme.ok()),
        (Stage::Edit, _) if !form.started() => Span::raw(""),
        (_, 0) => Span::styled(format!(" ✓ {} ", chrome.ready), theme.ok()),
        (_, n) => Span::styled(
            format!(" ✗ {n} problem{} ", if n == 1 { "" } else { "s" }),
            theme.error(),
        ),
    };
    let mut block = Block::default()
        .borders(Borders::ALL)
        .title(Line::styled(format!(" {} ", chrome.title), theme.title()))
        .title(Line::from(status).right_aligned());
    let inner = block.inner(area);
    let top = flow_banner(chrome, flow, usize::from(inner.width), theme);
    let banner_height = u16::try_from(top.len())
        .unwrap_or(u16::MAX)
        .min(inner.height / 2);
    let [banner_area, body] = inner.layout(&Layout::vertical([
        Constraint::Length(banner_height),
        Constraint::Min(1),
    ]));
    let position = if flow.stage() == Stage::Edit {
        render(frame, body, form, theme);
        format!(" {} ", position(form))
    } else {
        // One column of margin, as the form has.
        let [_, text] = body.layout(&Layout::horizontal([
            Constraint::Length(1),
            Constraint::Min(1),
        ]));
        let width = usize::from(text.width);
        let height = usize::from(text.height);
        let (lines, offset) = if flow.stage() == Stage::Done {
            done_text(flow, review, width, height, theme)
        } else {
            let lines = review_text(review, width, theme);
            let offset = flow.scroll.min(lines.len().saturating_sub(height));
            (lines, offset)
        };
        let total = lines.len();
        let last = offset.saturating_add(height).min(total);
        let shown: Vec<Line> = lines.into_iter().skip(offset).take(height).collect();
        frame.render_widget(Paragraph::new(shown), text);
        let what = if flow.stage() == Stage::Done {
            "result"
        } else {
            "review"
        };
        format!(
            " {what} · lines {}-{last} of {total} ",
            offset.saturating_add(1).min(last)
        )
    };
    block = block.title_bottom(Line::styled(position, theme.dim()).right_aligned());
    frame.render_widget(block, area);
    frame.render_widget(Paragraph::new(top), banner_area);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_on_words() {
        assert_eq!(wrap("a bb ccc dddd", 8), ["a bb ccc", "dddd"]);
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(
            wrap("averyveryverylongword x", 8),
            ["averyveryverylongword", "x"]
        );
    }

    #[test]
    fn scroll_keeps_the_focus_visible() {
        assert_eq!(scroll_offset(10, (8, 9), 20), 0);
        assert_eq!(scroll_offset(100, (0, 2), 20), 0);
        let off = scroll_offset(100, (50, 54), 20);
        assert!(off <= 50 && 54 < off + 20, "{off}");
        assert_eq!(scroll_offset(100, (98, 99), 20), 80);
        // A block taller than the screen shows its top.
        assert_eq!(scroll_offset(100, (40, 80), 20), 40);
    }

    #[test]
    fn code_wraps_at_spaces_and_indents_continuations() {
        assert_eq!(wrap_code("short", 20), ["short"]);
        assert_eq!(
            wrap_code("aws ecs create-cluster --cluster-name demo", 20),
            [
                "aws ecs",
                "    create-cluster",
                "    --cluster-name",
                "    demo"
            ]
        );
        let long = format!("  \"{}\"", "x".repeat(30));
        let parts = wrap_code(&long, 20);
        assert!(parts.iter().all(|p| p.width() <= 20), "{parts:?}");
        assert_eq!(parts.concat().replace(' ', ""), long.replace(' ', ""));
    }

    #[test]
    fn cuts_long_values() {
        assert_eq!(cut("abcdef", 4), "abc…");
        assert_eq!(cut("abc", 4), "abc");
    }
}
