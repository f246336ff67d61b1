//! Settings: partners' names and roles (and adding a second partner), the theme, the mouse,
//! quick-hide, where the data is kept, and this device and the others that sync the folder.

use super::keys::{Action, Table, b};
use super::theme::Theme;
use super::{App, Effect, Reply, widgets};
use crate::model::{HideReturns, HideShows, Role, Settings};
use crate::text::escape_line;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

mod devices;
mod prompts;
pub use devices::{DeviceRow, Devices};
pub use prompts::{ForgetPrompt, PassEntry};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    Name(usize),
    Role(usize),
    AddPartner,
    /// The active partner's passphrase (private entries).
    Passphrase,
    Theme,
    Mouse,
    /// Blank or a plain document.
    HideShows,
    /// Ctrl-Q again, or any key.
    HideReturns,
    DataDir,
    /// This device, its device file, and the other devices (shown, not changed).
    Device(DeviceRow),
    /// Erase the active partner's records, after typing FORGET.
    ForgetMine,
    /// Erase everything, after typing FORGET.
    ForgetAll,
}

#[derive(Debug, Clone, Default)]
pub struct SettingsScreen {
    pub cursor: usize,
    /// A name being typed: for partner `Some(i)`, or a new partner (`None`).
    pub editing: Option<(Option<usize>, String)>,
    /// A passphrase being set or changed.
    pub passphrase: Option<PassEntry>,
    /// Forgetting being confirmed.
    pub forget: Option<ForgetPrompt>,
    /// The devices that write the data folder: `None` until the event loop has read them.
    pub devices: Option<Result<Devices, String>>,
    /// Enter on a device row asked for them again: say so when they arrive.
    pub rereading: bool,
}

/// Settings, opened: the devices are read off the UI thread and arrive as a message.
pub fn open() -> Reply {
    Reply::open(super::Screen::Settings(Default::default())).with([Effect::LoadDevices])
}

/// The devices were read (or why not): shown if Settings is still open.
pub fn devices_loaded(app: &mut App, devices: Result<Devices, String>) {
    if let super::Screen::Settings(s) = &mut app.screen {
        if std::mem::take(&mut s.rereading) {
            app.status = Some(match &devices {
                Ok(d) => format!(
                    "The devices were read again: {} seen.",
                    d.report.iter().filter(|r| r.id.is_some()).count()
                ),
                Err(_) => "The devices could not be read again.".into(),
            });
        }
        s.devices = Some(devices);
    }
}

pub fn rows(app: &App, s: &SettingsScreen) -> Vec<Row> {
    let mut rows = Vec::new();
    for i in 0..app.data.partners.len() {
        rows.push(Row::Name(i));
        rows.push(Row::Role(i));
    }
    if app.data.partners.len() < crate::store::MAX_PARTNERS {
        rows.push(Row::AddPartner);
    }
    if !app.data.partners.is_empty() {
        rows.push(Row::Passphrase);
    }
    rows.extend([
        Row::Theme,
        Row::Mouse,
        Row::HideShows,
        Row::HideReturns,
        Row::DataDir,
    ]);
    rows.extend(
        devices::rows(s.devices.as_ref())
            .into_iter()
            .map(Row::Device),
    );
    if !app.data.partners.is_empty() {
        rows.push(Row::ForgetMine);
    }
    rows.push(Row::ForgetAll);
    rows
}

pub fn typing(s: &SettingsScreen) -> bool {
    s.editing.is_some() || s.passphrase.is_some() || s.forget.is_some()
}

fn next_role(r: Role) -> Role {
    match r {
        Role::Hurt => Role::Repairing,
        Role::Repairing => Role::Unsaid,
        Role::Unsaid => Role::Hurt,
    }
}

fn on_key(s: &mut SettingsScreen, app: &mut App, key: &KeyEvent) -> Reply {
    // Esc leaves the list; in a prompt it closes the prompt.
    let prompt = s.forget.is_some() || s.passphrase.is_some() || s.editing.is_some();
    if !prompt && key.code == KeyCode::Esc {
        return Reply::home();
    }
    act(s, app, key).into()
}

/// What a key does in the list or a prompt.
fn act(s: &mut SettingsScreen, app: &mut App, key: &KeyEvent) -> Vec<Effect> {
    use super::keys::Action;
    let rows = rows(app, s);
    let no_color = app.no_color;
    let me = app
        .active_partner()
        .map(|p| p.id.clone())
        .unwrap_or_default();
    let has_key = super::unlock::keyed(app);
    if let Some(f) = &mut s.forget {
        match (super::keys::action(KEYS.bindings, key), key.code) {
            (_, KeyCode::Esc) => s.forget = None,
            (_, KeyCode::Backspace) => {
                f.field().pop();
            }
            (_, KeyCode::Char(c)) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                f.field().push(c)
            }
            (Some(Action::Change), KeyCode::Enter) => match f.enter() {
                Ok(None) => {}
                Ok(Some(effect)) => {
                    s.forget = None;
                    return vec![effect];
                }
                Err(why) => {
                    s.forget = None;
                    app.status = Some(why.into());
                }
            },
            _ => {}
        }
        return Vec::new();
    }
    if let Some(p) = &mut s.passphrase {
        let text = &mut p.text;
        match (super::keys::action(KEYS.bindings, key), key.code) {
            (_, KeyCode::Esc) => s.passphrase = None,
            (_, KeyCode::Backspace) => {
                text.pop();
            }
            (_, KeyCode::Char(c)) if !key.modifiers.contains(KeyModifiers::CONTROL) => text.push(c),
            (Some(Action::Change), KeyCode::Enter) if p.asking_current => {
                p.current = Some(std::mem::take(&mut p.text));
                p.asking_current = false;
            }
            (Some(Action::Change), KeyCode::Enter) => match &p.first {
                None if text.chars().count() < 6 => {
                    app.status = Some("A passphrase needs at least 6 characters.".into());
                }
                None => p.first = Some(std::mem::take(&mut p.text)),
                Some(f) if f != text => {
                    s.passphrase = None;
                    app.status = Some("The two were not the same; nothing was changed.".into());
                }
                Some(_) => {
                    let p = s.passphrase.take().expect("typing one");
                    // Changing keeps the same data key (re-wrapped); setting makes a new one.
                    // Argon2id runs off the UI thread; the answer comes back as a message.
                    app.status = Some("Setting your passphrase…".into());
                    return vec![Effect::SetPassphrase(super::unlock::NewPassphrase {
                        partner: me,
                        current: p.current,
                        new: p.text,
                    })];
                }
            },
            _ => {}
        }
        return Vec::new();
    }
    if let Some((who, text)) = &mut s.editing {
        match (super::keys::action(KEYS.bindings, key), key.code) {
            (Some(Action::Change), KeyCode::Enter) => {
                let Ok(name) = crate::validate::name(text).map(str::to_string) else {
                    app.status =
                        Some("A name is 1 to 40 letters, with no control characters.".into());
                    return Vec::new();
                };
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
            (_, KeyCode::Esc) => s.editing = None,
            (_, KeyCode::Backspace) => {
                text.pop();
            }
            (_, KeyCode::Char(c))
                if !key.modifiers.contains(KeyModifiers::CONTROL)
                    && text.chars().count() < crate::validate::NAME_MAX =>
            {
                text.push(c)
            }
            _ => {}
        }
        return Vec::new();
    }
    match (super::keys::action(KEYS.bindings, key), key.code) {
        (Some(Action::Move), KeyCode::Down | KeyCode::Char('j')) => {
            s.cursor = (s.cursor + 1).min(rows.len() - 1)
        }
        (Some(Action::Move), KeyCode::Up | KeyCode::Char('k')) => {
            s.cursor = s.cursor.saturating_sub(1)
        }
        (Some(Action::Change), KeyCode::Enter | KeyCode::Char(' ')) => match rows.get(s.cursor) {
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
                app.theme = theme_for(&settings, app.no_color);
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
            Some(Row::HideShows) => {
                let mut settings = app.data.settings.clone();
                settings.hide_shows = match settings.hide_shows {
                    HideShows::Blank => HideShows::Document,
                    HideShows::Document => HideShows::Blank,
                };
                app.data.settings = settings.clone();
                return vec![Effect::SaveSettings(settings)];
            }
            Some(Row::HideReturns) => {
                let mut settings = app.data.settings.clone();
                settings.hide_returns = match settings.hide_returns {
                    HideReturns::CtrlQ => HideReturns::AnyKey,
                    HideReturns::AnyKey => HideReturns::CtrlQ,
                };
                app.data.settings = settings.clone();
                return vec![Effect::SaveSettings(settings)];
            }
            Some(Row::Passphrase) => {
                // Changing it needs the current one first.
                s.passphrase = Some(PassEntry {
                    asking_current: has_key,
                    ..Default::default()
                });
            }
            Some(Row::ForgetMine) => {
                s.forget = Some(ForgetPrompt::new(app, Some(me)));
            }
            Some(Row::ForgetAll) => {
                s.forget = Some(ForgetPrompt::new(app, None));
            }
            // The rows only show; Enter reads the devices again (a sync may have brought one).
            Some(Row::Device(_)) => {
                s.rereading = true;
                app.status = Some("Reading the devices again…".into());
                return vec![Effect::LoadDevices];
            }
            Some(Row::DataDir) | None => {}
        },
        _ => {}
    }
    Vec::new()
}

/// The status line after forgetting everything, naming what was not trustwork's.
pub fn forgotten_status(erased: &crate::store::Erased) -> String {
    let mut text = format!(
        "Everything trustwork kept here has been erased ({}).",
        crate::text::plural(erased.files, "file", "files")
    );
    if !erased.left.is_empty() {
        let names: Vec<String> = erased
            .left
            .iter()
            .map(|p| escape_line(&p.to_string_lossy()))
            .collect();
        text.push_str(&format!(
            " Left {} that {} not trustwork's: {}",
            crate::text::plural(names.len(), "file", "files"),
            if names.len() == 1 { "is" } else { "are" },
            names.join(", ")
        ));
    }
    text
}

/// The theme the settings ask for; `NO_COLOR` always wins.
pub fn theme_for(settings: &Settings, no_color: bool) -> Theme {
    if no_color || settings.theme == "mono" {
        Theme::mono()
    } else {
        Theme::calm()
    }
}

fn render(frame: &mut Frame, app: &App, s: &SettingsScreen) {
    let body = widgets::page(frame, app, "Settings");
    let t = &app.theme;
    let w = body.width as usize;
    // Each row as its lines: a long value goes on below itself, never cut.
    let mut blocks: Vec<Vec<Line>> = Vec::new();
    for (n, row) in rows(app, s).iter().enumerate() {
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
            Row::HideShows => (
                "Quick-hide shows".into(),
                match app.data.settings.hide_shows {
                    HideShows::Blank => "blank: an empty page".into(),
                    HideShows::Document => "document: a dull page of plain notes".into(),
                },
            ),
            Row::HideReturns => (
                "Return from quick-hide".into(),
                match app.data.settings.hide_returns {
                    HideReturns::CtrlQ => "Ctrl-Q (other keys do nothing)".into(),
                    HideReturns::AnyKey => "any key".into(),
                },
            ),
            Row::DataDir => (
                "Data folder".into(),
                escape_line(&app.data_dir.to_string_lossy()),
            ),
            Row::Device(row) => devices::shown(*row, s.devices.as_ref(), app.clock),
            Row::Passphrase => {
                let name = app
                    .active_partner()
                    .map(|p| escape_line(&p.name))
                    .unwrap_or_default();
                let dots = |t: &str| "•".repeat(t.chars().count());
                let value = match &s.passphrase {
                    Some(p) if p.asking_current => format!("current: {}_", dots(&p.text)),
                    Some(p) if p.first.is_none() => format!("new: {}_", dots(&p.text)),
                    Some(p) => format!("again: {}_", dots(&p.text)),
                    None if super::unlock::keyed(app) => "set (Enter to change it)".into(),
                    None => "none: what you write is shared (Enter to set one)".into(),
                };
                (format!("{name}'s passphrase"), value)
            }
            Row::ForgetMine => (
                "Forget my writing".into(),
                match &s.forget {
                    Some(f) if f.partner.is_some() => f.shown(),
                    _ => "erase your records only, backups included".into(),
                },
            ),
            Row::ForgetAll => (
                "Forget everything".into(),
                match &s.forget {
                    Some(f) if f.partner.is_none() => f.shown(),
                    _ => "erase all of trustwork's data, backups included".into(),
                },
            ),
        };
        let selected = n == s.cursor;
        let style = if selected { t.selected } else { t.text };
        // The label held together and padded with no-break spaces, so the values line up in
        // a column; a value with a word too long for that column (a folder) goes below.
        let pad = 22usize.saturating_sub(crate::text::display_width(&label));
        let label = format!(
            "{}{label}{} ",
            if selected { "> " } else { "  " },
            " ".repeat(pad)
        )
        .replace(' ', "\u{a0}");
        let column = w.saturating_sub(25);
        let block = if value
            .split(' ')
            .any(|word| crate::text::display_width(word) > column)
        {
            let mut b = widgets::flow(&[(&label, style)], w, "");
            b.extend(widgets::indented(&value, w, "    ", style));
            b
        } else {
            widgets::flow(&[(&label, style), (&value, style)], w, &" ".repeat(25))
        };
        blocks.push(block);
    }
    let mut lines: Vec<Line> = Vec::new();
    let mut below: Vec<Line> = vec![Line::default()];
    if s.passphrase.is_some() && !super::unlock::keyed(app) {
        below.extend(widgets::wrapped(
            "If a passphrase is forgotten, the private entries it protects cannot be read by anyone, ever. Nothing else is lost.",
            w,
            t.alert,
        ));
        below.push(Line::default());
    }
    // What switching and roles mean, in full where there is room, else the part that matters.
    let room = body.height as usize;
    let long = widgets::wrapped(
        "Switching partner (Tab on the home screen) is not a login: anyone at this laptop can switch. The role only changes the wording of some questions and the suggested order of the guides.",
        w,
        t.dim,
    );
    let short = widgets::wrapped("Tab on home switches partner; it is not a login.", w, t.dim);
    let all: usize = blocks.iter().map(Vec::len).sum();
    let note = if all + below.len() + long.len() <= room {
        long
    } else {
        short
    };
    below.extend(note);
    // The rows scroll, the chosen one always whole on screen, when they do not all fit.
    let rows = room.saturating_sub(below.len()).max(1);
    let start = widgets::first_shown(&blocks, s.cursor, rows);
    for block in blocks.into_iter().skip(start) {
        if lines.len() + block.len() > rows {
            break;
        }
        lines.extend(block);
    }
    lines.extend(below);
    frame.render_widget(Paragraph::new(lines), body);
}

/// The keys of this screen: what its handler matches, and its footer and help.
pub static KEYS: Table = Table {
    title: "Settings",
    bindings: &[
        b("Up, Down, k, j", "choose a setting", "choose", Action::Move),
        b(
            "Enter, Space",
            "change it (names: type, then Enter)",
            "change",
            Action::Change,
        ),
    ],
};

impl super::view::View for SettingsScreen {
    fn keys(&self) -> super::keys::Keys {
        &KEYS
    }
    fn typing(&self) -> bool {
        typing(self)
    }
    fn on_key(&mut self, app: &mut App, key: &KeyEvent) -> Reply {
        on_key(self, app, key)
    }
    /// A click selects the setting under it.
    fn click(&mut self, app: &App, line: usize) {
        if line < rows(app, self).len() {
            self.cursor = line;
        }
    }
    fn render(&self, frame: &mut Frame, app: &App) {
        render(frame, app, self)
    }
}
