//! Unlocking a partner's private entries: a passphrase typed without echo, checked against their
//! wrapped key. The data key is kept in memory only, for the active partner, and dropped on
//! switching partner, on quick-hide and after a few idle minutes.

use super::{App, Effect, Screen, widgets};
use crate::crypto::{self, DataKey};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// How long an unlocked partner stays unlocked without a key press.
pub const IDLE_LOCK_SECS: u64 = 5 * 60;

/// What to do once the passphrase is right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Then {
    /// Save the entry in the editor, sealed.
    SaveEditor,
    /// Read the journal again, with this partner's private entries opened.
    Journal,
    /// Go on to change the passphrase in Settings.
    Settings,
}

#[derive(Debug, Clone)]
pub struct Prompt {
    pub typed: String,
    pub then: Then,
    pub error: Option<String>,
}

/// The active partner's key, if they are unlocked.
pub fn key(app: &App) -> Option<&DataKey> {
    let me = app.active_partner()?;
    app.unlocked
        .as_ref()
        .filter(|(p, _)| *p == me.id)
        .map(|(_, k)| k)
}

/// Whether the active partner has set a passphrase (so their new entries default to private).
pub fn keyed(app: &App) -> bool {
    app.active_partner()
        .is_some_and(|me| app.data.keys.iter().any(|k| k.partner == me.id))
}

pub fn ask(app: &mut App, then: Then) {
    app.passphrase = Some(Prompt {
        typed: String::new(),
        then,
        error: None,
    });
}

pub fn lock(app: &mut App) {
    app.unlocked = None;
}

pub fn on_key(app: &mut App, key: &KeyEvent) -> Vec<Effect> {
    let Some(p) = &mut app.passphrase else {
        return Vec::new();
    };
    match key.code {
        KeyCode::Esc => app.passphrase = None,
        KeyCode::Backspace => {
            p.typed.pop();
        }
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => p.typed.push(c),
        KeyCode::Enter => {
            let then = p.then;
            let typed = std::mem::take(&mut p.typed);
            let Some(me) = app.active_partner().map(|m| m.id.clone()) else {
                return Vec::new();
            };
            let Some(pk) = app.data.keys.iter().find(|k| k.partner == me) else {
                app.passphrase = None;
                return Vec::new();
            };
            match crypto::unlock(pk, &typed) {
                Ok(k) => {
                    app.unlocked = Some((me, k));
                    app.passphrase = None;
                    return match then {
                        Then::SaveEditor => super::editor::save(app),
                        Then::Journal => vec![Effect::LoadJournal],
                        Then::Settings => {
                            if let Screen::Settings(s) = &mut app.screen {
                                s.passphrase = Some((None, String::new()));
                            }
                            Vec::new()
                        }
                    };
                }
                Err(e) => {
                    if let Some(p) = &mut app.passphrase {
                        p.error = Some(format!(
                            "{}. Try again, or Esc.",
                            capitalise(&e.to_string())
                        ));
                    }
                }
            }
        }
        _ => {}
    }
    Vec::new()
}

/// Pasting a passphrase (from a password manager) is fine.
pub fn paste(app: &mut App, text: &str) {
    if let Some(p) = &mut app.passphrase {
        p.typed.extend(text.chars().filter(|c| !c.is_control()));
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

pub fn render(frame: &mut Frame, app: &App, p: &Prompt) {
    let body = widgets::page(frame, app, "Passphrase");
    let t = &app.theme;
    let name = app
        .active_partner()
        .map(|m| crate::text::escape_line(&m.name))
        .unwrap_or_default();
    let mut lines = vec![
        Line::from(Span::styled(format!("{name}'s passphrase"), t.heading)),
        Line::default(),
        Line::from(Span::styled(
            format!("> {}_", "•".repeat(p.typed.chars().count())),
            t.text,
        )),
        Line::default(),
    ];
    let why = match p.then {
        Then::SaveEditor => "This entry is private: only you can read it. The passphrase seals it.",
        Then::Settings => "To change your passphrase, first the current one.",
        Then::Journal => {
            "Your private entries open for this visit. They lock again when you switch partner, hide the screen, or step away for a few minutes."
        }
    };
    for l in crate::text::wrap(why, body.width as usize) {
        lines.push(Line::from(Span::styled(l, t.dim)));
    }
    if let Some(e) = &p.error {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(e.clone(), t.alert)));
    }
    frame.render_widget(Paragraph::new(lines), body);
}

/// Screens that should never keep a decrypted entry on show after locking.
pub fn after_lock(app: &mut App) -> Vec<Effect> {
    if matches!(app.screen, Screen::Journal(_)) {
        return vec![Effect::LoadJournal];
    }
    Vec::new()
}
