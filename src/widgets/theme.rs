//! Styles. Only foreground colours and modifiers, never a background, so tecs reads on light and dark
//! terminals; with `NO_COLOR` set only modifiers remain.

use ratatui::style::{Color, Modifier, Style};

/// The styles every view uses.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    color: bool,
}

impl Theme {
    pub fn new(no_color: bool) -> Self {
        Self { color: !no_color }
    }

    fn fg(&self, color: Color) -> Style {
        if self.color {
            Style::new().fg(color)
        } else {
            Style::new()
        }
    }

    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }
    pub fn header_key(&self) -> Style {
        self.fg(Color::Cyan)
    }
    pub fn dim(&self) -> Style {
        Style::new().add_modifier(Modifier::DIM)
    }
    pub fn error(&self) -> Style {
        self.fg(Color::Red).add_modifier(Modifier::BOLD)
    }
    pub fn warning(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }
    pub fn ok(&self) -> Style {
        self.fg(Color::Green)
    }
    pub fn selected(&self) -> Style {
        Style::new().add_modifier(Modifier::REVERSED)
    }
    pub fn key(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
    pub fn column_header(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
    /// A stable colour for the `i`-th source of merged lines (a task's container in a log tail), as
    /// multi-pod tailers colour pods. Without colour, every source is plain.
    pub fn source(&self, i: usize) -> Style {
        const PALETTE: [Color; 6] = [
            Color::Cyan,
            Color::Magenta,
            Color::Yellow,
            Color::Green,
            Color::Blue,
            Color::LightRed,
        ];
        self.fg(PALETTE[i % PALETTE.len()])
    }

    /// A status word: ACTIVE green, INACTIVE/failed red, others plain.
    pub fn status(&self, status: &str) -> Style {
        match status {
            "ACTIVE" | "RUNNING" | "SUCCESS" | "enabled" | "enhanced" | "COMPLETED" | "HEALTHY" => {
                self.ok()
            }
            "INACTIVE" | "FAILED" | "STOPPED" | "DRAINING" | "UNHEALTHY" => self.warning(),
            _ => Style::new(),
        }
    }
}
