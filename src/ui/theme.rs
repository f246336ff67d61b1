//! The look: the terminal's own background, one accent colour, dim for what is secondary, bold
//! for headings. Under `NO_COLOR` the app picks a monochrome theme built on modifiers itself,
//! because crossterm turns colour commands into a bare reset there, wiping bold and reverse too.

use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub name: ThemeName,
    pub text: Style,
    pub dim: Style,
    pub heading: Style,
    pub accent: Style,
    /// The chosen row of a list: reverse video, so it never relies on colour alone.
    pub selected: Style,
    /// Keys named in the footer and help.
    pub key: Style,
    /// The safety screen's headings and warnings: bold (and the accent where colour exists).
    pub alert: Style,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeName {
    Calm,
    Mono,
}

impl Theme {
    pub fn calm() -> Theme {
        let accent = Color::Rgb(95, 135, 135);
        Theme {
            name: ThemeName::Calm,
            text: Style::default(),
            dim: Style::default().fg(Color::DarkGray),
            heading: Style::default().add_modifier(Modifier::BOLD),
            accent: Style::default().fg(accent),
            selected: Style::default().add_modifier(Modifier::REVERSED),
            key: Style::default().fg(accent).add_modifier(Modifier::BOLD),
            alert: Style::default()
                .fg(Color::Rgb(175, 95, 95))
                .add_modifier(Modifier::BOLD),
        }
    }

    pub fn mono() -> Theme {
        Theme {
            name: ThemeName::Mono,
            text: Style::default(),
            dim: Style::default(),
            heading: Style::default().add_modifier(Modifier::BOLD),
            accent: Style::default().add_modifier(Modifier::UNDERLINED),
            selected: Style::default().add_modifier(Modifier::REVERSED),
            key: Style::default().add_modifier(Modifier::BOLD),
            alert: Style::default().add_modifier(Modifier::BOLD),
        }
    }
}
