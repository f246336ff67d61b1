//! Unlocking a partner's private entries: a passphrase typed without echo, checked against their
//! wrapped key. The data key is kept in memory only, for the active partner, and dropped on
//! switching partner, on quick-hide and after a few idle minutes.

use super::{App, Effect, Screen, widgets};
use crate::privacy::DataKey;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use zeroize::Zeroizing;

pub mod types;
pub use types::{NewPassphrase, Outcome, Prompt, Request, Then};

/// How long an unlocked partner stays unlocked without a key press.
pub const IDLE_LOCK_SECS: u64 = 5 * 60;

/// Runs the slow part (Argon2id) of an unlock; called by the event loop on a worker thread.
pub fn check(req: Request) -> Outcome {
    Outcome {
        partner: req.partner,
        result: crate::privacy::unlock(&req.key, &req.passphrase).map_err(|e| e.to_string()),
        then: Some(req.then),
    }
}

/// The active partner's key, if they are unlocked.
pub fn key(app: &App) -> Option<&DataKey> {
    let me = app.active_partner()?;
    app.unlocked
        .as_ref()
        .filter(|(p, _)| *p == me.id)
        .map(|(_, k)| k)
}

/// Whether a partner has set a passphrase (so their writing is sealed).
pub fn is_keyed(app: &App, partner: &str) -> bool {
    app.data.keys.iter().any(|k| k.partner == partner)
}

/// Whether the active partner has set a passphrase (so their new entries default to private).
pub fn keyed(app: &App) -> bool {
    app.active_partner().is_some_and(|me| is_keyed(app, &me.id))
}

/// True when the active partner's writing must be sealed and they have not unlocked yet.
pub fn needs_key(app: &App) -> bool {
    keyed(app) && key(app).is_none()
}

/// Asks the active partner for their passphrase.
pub fn ask(app: &mut App, then: Then) {
    let Some(me) = app.active_partner().map(|p| p.id.clone()) else {
        return;
    };
    ask_for(app, me, then);
}

/// Asks a given partner (a together session's answerer) for their passphrase.
pub fn ask_for(app: &mut App, partner: String, then: Then) {
    app.passphrase = Some(Prompt {
        partner,
        typed: Zeroizing::new(String::new()),
        then,
        error: None,
        working: false,
    });
}

pub fn lock(app: &mut App) {
    app.unlocked = None;
    if let Screen::Session(s) = &mut app.screen {
        s.keys.clear();
    }
    // The export screen's opened copy of the private entries goes too.
    super::export::locked(app);
}

pub fn on_key(app: &mut App, key: &KeyEvent) -> Vec<Effect> {
    let Some(p) = &mut app.passphrase else {
        return Vec::new();
    };
    if p.working {
        // Argon2id is still running: nothing typed now is lost, nothing is acted on twice.
        return Vec::new();
    }
    match key.code {
        KeyCode::Esc => {
            app.passphrase = None;
            app.pending_editor = None;
        }
        KeyCode::Backspace => {
            p.typed.pop();
        }
        KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => p.typed.push(c),
        KeyCode::Enter => {
            let Some(pk) = app.data.keys.iter().find(|k| k.partner == p.partner) else {
                app.passphrase = None;
                return Vec::new();
            };
            p.working = true;
            p.error = None;
            let passphrase = std::mem::replace(&mut p.typed, Zeroizing::new(String::new()));
            return vec![Effect::Unlock(Request {
                partner: p.partner.clone(),
                key: pk.clone(),
                passphrase,
                then: p.then,
            })];
        }
        _ => {}
    }
    Vec::new()
}

/// The worker thread answered.
pub fn unlocked(app: &mut App, outcome: Outcome) -> Vec<Effect> {
    let Outcome {
        partner,
        result,
        then,
    } = outcome;
    let Some(then) = then else {
        // A passphrase was set or changed in Settings.
        return match result {
            Ok(k) => {
                app.unlocked = Some((partner, k));
                app.status = Some("Passphrase set: your writing is private from now on.".into());
                vec![Effect::Reload]
            }
            Err(e) => {
                app.status = Some(format!("{}. Nothing was changed.", capitalise(&e)));
                Vec::new()
            }
        };
    };
    let k = match result {
        Ok(k) => k,
        Err(e) => {
            if let Some(p) = &mut app.passphrase {
                p.working = false;
                p.error = Some(format!("{}. Try again, or Esc.", capitalise(&e)));
            }
            return Vec::new();
        }
    };
    app.passphrase = None;
    match then {
        Then::Session(key) => {
            if let Screen::Session(s) = &mut app.screen {
                s.keys.retain(|(p, _)| *p != partner);
                s.keys.push((partner, k));
            }
            super::update(app, super::Msg::Key(key))
        }
        Then::Replay(key) => {
            app.unlocked = Some((partner, k));
            open_data(app);
            let mut effects = super::update(app, super::Msg::Key(key));
            effects.push(Effect::Reload);
            effects
        }
        Then::Journal => {
            app.unlocked = Some((partner, k));
            open_data(app);
            vec![Effect::LoadJournal]
        }
        Then::OpenEditor => {
            // The router opens the pending editor (`App::pending_editor`) now it can.
            app.unlocked = Some((partner, k));
            open_data(app);
            vec![Effect::Reload]
        }
    }
}

/// Opens, in memory, what the unlocked partner sealed: their drafts, notes, moments and
/// exercise results, so their screens show their words. Nothing opened is ever written back
/// unsealed: the store seals again on every write.
pub fn open_data(app: &mut App) {
    use crate::privacy;
    let Some((who, key)) = &app.unlocked else {
        return;
    };
    let d = &mut app.data;
    for x in d.drafts.iter_mut().filter(|x| &x.partner == who) {
        let _ = privacy::open_draft(x, key);
    }
    for x in d.recent_checkins.iter_mut().filter(|x| &x.partner == who) {
        let _ = privacy::open_checkin(x, key);
    }
    for x in d.moments.iter_mut().filter(|x| &x.partner == who) {
        let _ = privacy::open_moment(x, key);
    }
    for x in d.exercises.iter_mut().filter(|x| &x.partner == who) {
        let _ = privacy::open_exercise(x, key);
    }
    for x in d.recent_entries.iter_mut().filter(|x| &x.author == who) {
        if let Some(open) = privacy::open_entry(x, key) {
            *x = open;
        }
    }
}

/// Pasting a passphrase (from a password manager) is fine.
pub fn paste(app: &mut App, text: &str) {
    if let Some(p) = app.passphrase.as_mut().filter(|p| !p.working) {
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
    let name = app.partner_name(&p.partner);
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
        _ if p.working => "Unlocking…",
        Then::Replay(_) | Then::OpenEditor => {
            "What you write here is private: only you can read it. Your passphrase seals it, and opens your drafts and notes for this visit."
        }
        Then::Session(_) => {
            "Your answer stays sealed until the reveal: your partner cannot read it, not even from the files on disk."
        }
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
pub fn after_lock(_app: &mut App) -> Vec<Effect> {
    // A reload replaces what was opened in memory with the sealed form (and, with the journal
    // open, reads the journal again).
    vec![Effect::Reload]
}
