//! One revision: a readable summary (size, roles, network, platform, each container).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

use crate::model::TaskDefinition;
use crate::state::{RevisionDetailState, State};
use crate::ui::phase;
use crate::ui::theme::Theme;

pub fn render(
    frame: &mut Frame,
    area: Rect,
    state: &State,
    page: &RevisionDetailState,
    theme: &Theme,
) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Line::styled(format!(" {} ", page.label), theme.title()));
    let Some(td) = state.taskdef_cache.get(&page.arn) else {
        let in_flight = None;
        phase::loading(
            frame,
            area,
            block,
            "the revision",
            in_flight,
            state.now,
            theme,
        );
        return;
    };
    let lines = summary_lines(td, theme);
    let height = usize::from(area.height.saturating_sub(2));
    let scroll = page.scroll.min(lines.len().saturating_sub(height));
    let scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
    frame.render_widget(Paragraph::new(lines).block(block).scroll((scroll, 0)), area);
}

fn field<'a>(name: &str, value: String, theme: &Theme) -> Line<'a> {
    Line::from(vec![
        Span::styled(format!("{name:<16}"), theme.dim()),
        Span::raw(value),
    ])
}

/// The summary as lines.
pub fn summary_lines<'a>(td: &TaskDefinition, theme: &Theme) -> Vec<Line<'a>> {
    let dash = |v: &Option<String>| v.clone().unwrap_or_else(|| "-".into());
    let mut lines = vec![
        Line::from(vec![
            Span::styled(format!("{:<16}", "status"), theme.dim()),
            Span::styled(td.status.clone(), theme.status(&td.status)),
        ]),
        field("arn", td.arn.clone(), theme),
        field("registered", dash(&td.registered_at), theme),
        field(
            "launch types",
            if td.launch_types.is_empty() {
                "-".into()
            } else {
                td.launch_types.join(", ")
            },
            theme,
        ),
        field(
            "size",
            format!("cpu {} · memory {}", dash(&td.cpu), dash(&td.memory)),
            theme,
        ),
        field("network mode", dash(&td.network_mode), theme),
        field("platform", td.platform(), theme),
        field("task role", dash(&td.task_role), theme),
        field("execution role", dash(&td.execution_role), theme),
    ];
    if !td.tags.is_empty() {
        lines.push(field(
            "tags",
            td.tags
                .iter()
                .map(|(k, v)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(", "),
            theme,
        ));
    }
    for c in &td.containers {
        lines.push(Line::raw(""));
        lines.push(Line::from(vec![
            Span::styled("container ", theme.dim()),
            Span::styled(c.name.clone(), theme.title()),
            Span::styled(
                if c.essential { "  (essential)" } else { "" }.to_string(),
                theme.dim(),
            ),
        ]));
        lines.push(field("  image", c.image.clone(), theme));
        if !c.ports.is_empty() {
            lines.push(field("  ports", c.ports.join(", "), theme));
        }
        if !c.entry_point.is_empty() {
            lines.push(field(
                "  entry point",
                format!("{:?}", c.entry_point),
                theme,
            ));
        }
        if !c.command.is_empty() {
            lines.push(field("  command", format!("{:?}", c.command), theme));
        }
        for (k, v) in &c.environment {
            lines.push(field("  env", format!("{k}={v}"), theme));
        }
        lines.push(field(
            "  logs",
            c.log.clone().unwrap_or_else(|| "none".into()),
            theme,
        ));
    }
    lines
}
