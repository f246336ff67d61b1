//! Settings: partners' names and roles (and adding a second partner), the theme, the mouse, and
//! where the data is kept.

use super::theme::Theme;
use super::{App, Effect, Screen, widgets};
use crate::model::{Role, Settings};
use crate::text::{escape_line, has_control, truncate_width, wrap};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    Name(usize),
    Role(usize),
    AddPartner,
    Theme,
    Mouse,
    DataDir,
}

#[derive(Debug, Clone, Default)]
pub struct SettingsScreen {
    pub cursor: usize,
    /// A name being typed: for partner `Some(i)`, or a new partner (`None`).
    pub editing: Option<(Option<usize>, String)>,
}

pub fn rows(app: &App) -> Vec<Row> {
    let mut rows = Vec::new();
    for i in 0..app.data.partners.len() {
        rows.push(Row::Name(i));
        rows.push(Row::Role(i));
    }
    if app.data.partners.len() < crate::store::MAX_PARTNERS {
        rows.push(Row::AddPartner);
    }
    rows.extend([Row::Theme, Row::Mouse, Row::DataDir]);
    rows
}

pub fn typing(s: &SettingsScreen) -> bool {
    s.editing.is_some()
}

fn next_role(r: Role) -> Role {
    match r {
        Role::Hurt => Role::Repairing,
        Role::Repairing => Role::Unsaid,
        Role::Unsaid => Role::Hurt,
    }
}

pub fn on_key(app: &mut App, key: &KeyEvent) -> Vec<Effect> {
    let rows = rows(app);
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let Screen::Settings(s) = &mut app.screen else {
        return Vec::new();
    };
    if let Some((who, text)) = &mut s.editing {
        match key.code {
            KeyCode::Enter => {
                let name = text.trim().to_string();
                if name.is_empty() || has_control(&name) || name.chars().count() > 40 {
                    app.status =
                        Some("A name is 1 to 40 letters, with no control characters.".into());
                    return Vec::new();
                }
                let who = *who;
                s.editing = None;
                return match who {
                    Some(i) => match app.data.partners.get(i) {
                        Some(p) => vec![Effect::UpdatePartner(p.id.clone(), name, p.role)],
                        None => Vec::new(),
                    },
                    None => vec![Effect::AddPartners(vec![(name, Role::Unsaid)])],
                };
            }
            KeyCode::Esc => s.editing = None,
            KeyCode::Backspace => {
                text.pop();
            }
            KeyCode::Char(c)
                if !key.modifiers.contains(KeyModifiers::CONTROL) && text.chars().count() < 40 =>
            {
                text.push(c)
            }
            _ => {}
        }
        return Vec::new();
    }
    match key.code {
        KeyCode::Down | KeyCode::Char('j') => s.cursor = (s.cursor + 1).min(rows.len() - 1),
        KeyCode::Up | KeyCode::Char('k') => s.cursor = s.cursor.saturating_sub(1),
        KeyCode::Esc => app.screen = Screen::Home,
        KeyCode::Enter | KeyCode::Char(' ') => match rows.get(s.cursor) {
            Some(Row::Name(i)) => {
                let name = app.data.partners[*i].name.clone();
                s.editing = Some((Some(*i), name));
            }
            Some(Row::Role(i)) => {
                let p = &app.data.partners[*i];
                return vec![Effect::UpdatePartner(
                    p.id.clone(),
                    p.name.clone(),
                    next_role(p.role),
                )];
            }
            Some(Row::AddPartner) => s.editing = Some((None, String::new())),
            Some(Row::Theme) => {
                if no_color {
                    app.status = Some("NO_COLOR is set, so the monochrome theme is used.".into());
                    return Vec::new();
                }
                let mut settings = app.data.settings.clone();
                settings.theme = if settings.theme == "mono" {
                    "calm".into()
                } else {
                    "mono".into()
                };
                app.theme = theme_for(&settings);
                app.data.settings = settings.clone();
                return vec![Effect::SaveSettings(settings)];
            }
            Some(Row::Mouse) => {
                let mut settings = app.data.settings.clone();
                settings.mouse = !settings.mouse;
                app.data.settings = settings.clone();
                return vec![
                    Effect::SaveSettings(settings.clone()),
                    Effect::SetMouse(settings.mouse),
                ];
            }
            Some(Row::DataDir) | None => {}
        },
        _ => {}
    }
    Vec::new()
}

/// The theme the settings ask for; `NO_COLOR` always wins.
pub fn theme_for(settings: &Settings) -> Theme {
    match Theme::from_env() {
        t if t == Theme::mono() => t,
        _ if settings.theme == "mono" => Theme::mono(),
        _ => Theme::calm(),
    }
}

pub fn render(frame: &mut Frame, app: &App, s: &SettingsScreen) {
    let body = widgets::page(frame, app, "Settings");
    let t = &app.theme;
    let w = body.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    for (n, row) in rows(app).iter().enumerate() {
        let (label, value) = match row {
            Row::Name(i) => {
                let p = &app.data.partners[*i];
                let value = match &s.editing {
                    Some((Some(j), text)) if j == i => format!("{}_", escape_line(text)),
                    _ => escape_line(&p.name),
                };
                (format!("Partner {}", i + 1), value)
            }
            Row::Role(i) => {
                let p = &app.data.partners[*i];
                (
                    format!("  {}'s role", escape_line(&p.name)),
                    p.role.describe().to_string(),
                )
            }
            Row::AddPartner => match &s.editing {
                Some((None, text)) => ("Add a partner".into(), format!("{}_", escape_line(text))),
                _ => (
                    "Add a partner".into(),
                    "(Enter to add a second partner)".into(),
                ),
            },
            Row::Theme => (
                "Theme".into(),
                if *t == Theme::mono() {
                    "monochrome".into()
                } else {
                    "calm (one accent colour)".into()
                },
            ),
            Row::Mouse => (
                "Mouse".into(),
                if app.data.settings.mouse {
                    "on: the wheel scrolls, a click selects".into()
                } else {
                    "off: your terminal can select text".into()
                },
            ),
            Row::DataDir => ("Data folder".into(), app.data_dir.display().to_string()),
        };
        let selected = n == s.cursor;
        let style = if selected { t.selected } else { t.text };
        let text = truncate_width(&format!("{label:<20} {value}"), w.saturating_sub(2));
        lines.push(Line::from(Span::styled(
            format!("{}{text}", if selected { "> " } else { "  " }),
            style,
        )));
    }
    lines.push(Line::default());
    for l in wrap(
        "Switching partner (Tab on the home screen) is not a login: anyone at this laptop can switch. The role only changes the wording of some questions and the suggested order of the guides.",
        w,
    ) {
        lines.push(Line::from(Span::styled(l, t.dim)));
    }
    frame.render_widget(Paragraph::new(lines), body);
}
