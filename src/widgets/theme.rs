//! Styles. Only foreground colours and modifiers, never a background, so tecs reads on light and dark
//! terminals; with `NO_COLOR` set only modifiers remain.
//!
//! Three themes (`theme` in the config file, `--theme`):
//! - `default`: the 16 ANSI colours, dim text for what matters less;
//! - `high-contrast`: bright colours and bold, nothing dimmed (dim text is hard to read on many
//!   terminals and projectors);
//! - `16-colour`: only the 8 base colours and bold/reverse, no dim and no bright variants, for
//!   basic terminals (the Linux console, old `screen`) that render those badly.

use ratatui::style::{Color, Modifier, Style};

/// Which theme draws the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThemeKind {
    #[default]
    Default,
    HighContrast,
    Basic,
}

impl ThemeKind {
    /// Every theme, as named in the config file and on the command line.
    pub const ALL: [(ThemeKind, &'static str); 3] = [
        (ThemeKind::Default, "default"),
        (ThemeKind::HighContrast, "high-contrast"),
        (ThemeKind::Basic, "16-colour"),
    ];

    /// The theme named `name` (`16-color` and `16` are taken too).
    pub fn parse(name: &str) -> Result<ThemeKind, String> {
        let name = name.trim().to_ascii_lowercase();
        let wanted = match name.as_str() {
            "16-color" | "16" => "16-colour",
            other => other,
        };
        Self::ALL
            .iter()
            .find(|(_, n)| *n == wanted)
            .map(|(k, _)| *k)
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|(_, n)| *n).collect();
                format!("no theme {name:?} (themes: {})", names.join(", "))
            })
    }

    pub fn name(self) -> &'static str {
        Self::ALL
            .iter()
            .find(|(k, _)| *k == self)
            .map_or("default", |(_, n)| n)
    }
}

/// The styles every view uses.
#[derive(Debug, Clone, Copy)]
pub struct Theme {
    color: bool,
    kind: ThemeKind,
}

impl Theme {
    /// The default theme, or no colour at all.
    pub fn new(no_color: bool) -> Self {
        Self::with(ThemeKind::Default, no_color)
    }

    /// `kind`, or only modifiers when `no_color` (`NO_COLOR` is set).
    pub fn with(kind: ThemeKind, no_color: bool) -> Self {
        Self {
            color: !no_color,
            kind,
        }
    }

    /// `color` as this theme shows it: brighter for high contrast, the base 8 for 16-colour.
    fn shade(&self, color: Color) -> Color {
        match (self.kind, color) {
            (ThemeKind::HighContrast, Color::Red) => Color::LightRed,
            (ThemeKind::HighContrast, Color::Yellow) => Color::LightYellow,
            (ThemeKind::HighContrast, Color::Green) => Color::LightGreen,
            (ThemeKind::HighContrast, Color::Cyan) => Color::LightCyan,
            (ThemeKind::HighContrast, Color::Magenta) => Color::LightMagenta,
            (ThemeKind::HighContrast, Color::Blue) => Color::LightBlue,
            (ThemeKind::Basic, Color::LightRed) => Color::Red,
            (_, c) => c,
        }
    }

    /// Text that matters less: dimmed, except where dim reads badly.
    fn less(&self) -> Style {
        match self.kind {
            ThemeKind::Default => Style::new().add_modifier(Modifier::DIM),
            ThemeKind::HighContrast | ThemeKind::Basic => Style::new(),
        }
    }

    /// Bold on top, for high contrast.
    fn strong(&self, style: Style) -> Style {
        if self.kind == ThemeKind::HighContrast {
            style.add_modifier(Modifier::BOLD)
        } else {
            style
        }
    }

    fn fg(&self, color: Color) -> Style {
        if self.color {
            self.strong(Style::new().fg(self.shade(color)))
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
        self.less()
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
        self.strong(Style::new().add_modifier(Modifier::REVERSED))
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
            "INACTIVE" | "FAILED" | "STOPPED" | "DRAINING" | "UNHEALTHY" | "MEDIUM" => {
                self.warning()
            }
            // A finding that stops tasks or leaks a secret.
            "HIGH" => self.error(),
            _ => Style::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn themes_are_named_and_differ_where_they_say() {
        assert_eq!(
            ThemeKind::parse("High-Contrast"),
            Ok(ThemeKind::HighContrast)
        );
        assert_eq!(ThemeKind::parse("16-color"), Ok(ThemeKind::Basic));
        assert!(
            ThemeKind::parse("neon")
                .is_err_and(|e| e.contains("default, high-contrast, 16-colour"))
        );
        let default = Theme::with(ThemeKind::Default, false);
        let high = Theme::with(ThemeKind::HighContrast, false);
        let basic = Theme::with(ThemeKind::Basic, false);
        assert!(default.dim().add_modifier.contains(Modifier::DIM));
        assert!(!high.dim().add_modifier.contains(Modifier::DIM));
        assert!(!basic.dim().add_modifier.contains(Modifier::DIM));
        assert_eq!(high.error().fg, Some(Color::LightRed));
        assert_eq!(basic.source(5).fg, Some(Color::Red), "no bright variants");
        assert!(high.selected().add_modifier.contains(Modifier::BOLD));
        // NO_COLOR wins over any theme.
        assert_eq!(Theme::with(ThemeKind::HighContrast, true).error().fg, None);
    }
}
