//! The daily check-in, in under a minute: trust today (the question fits the partner's role),
//! a mood, one line on what helped or hurt, and the prompt of the day. `c`, a digit and Ctrl-S
//! is a whole check-in.

use super::keys::Keys;
use super::keys::{Action, Table, b};
use super::view::View;
use super::{App, Effect, Reply, Screen, widgets};
use crate::model::{CheckIn, Role};
use crate::text::{escape_control, escape_line, has_control, truncate_width, wrap};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub const MOODS: [&str; 9] = [
    "calm", "hopeful", "tired", "sad", "anxious", "angry", "numb", "mixed", "other…",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Trust,
    Mood,
    Note,
    Prompt,
}

#[derive(Debug, Clone)]
pub struct CheckinScreen {
    pub trust: Option<u8>,
    /// Index into MOODS; the last one means a word of one's own (`own_mood`).
    pub mood: Option<usize>,
    pub own_mood: String,
    pub note: String,
    pub field: Field,
    /// Today's check-in existed: this edits it.
    pub editing: bool,
}

/// The trust question for a partner's role, naming the other partner where there is one.
pub fn question(role: Role, other: Option<&str>) -> String {
    let other = other.map(escape_line);
    match (role, other) {
        (Role::Hurt, Some(o)) => format!("How much do I trust {o} today?"),
        (Role::Hurt, None) => "How much do I trust my partner today?".into(),
        (Role::Repairing, Some(o)) => format!("How much do I think {o} trusts me today?"),
        (Role::Repairing, None) => "How much do I think my partner trusts me today?".into(),
        (Role::Unsaid, _) => "How much trust do I feel between us today?".into(),
    }
}

pub fn open(app: &App) -> Reply {
    let today = app.clock.today();
    let Some(me) = app.active_partner() else {
        return Reply::stay();
    };
    let existing = app
        .data
        .recent_checkins
        .iter()
        .find(|c| c.partner == me.id && c.date == today);
    let (mood, own_mood) = match existing.and_then(|c| c.mood.clone()) {
        Some(m) => match MOODS.iter().position(|x| *x == m) {
            Some(i) => (Some(i), String::new()),
            None => (Some(MOODS.len() - 1), m),
        },
        None => (None, String::new()),
    };
    Reply::open(Screen::Checkin(CheckinScreen {
        trust: existing.map(|c| c.trust),
        mood,
        own_mood,
        note: existing.and_then(|c| c.note.clone()).unwrap_or_default(),
        field: Field::Trust,
        editing: existing.is_some(),
    }))
}

pub fn typing(c: &CheckinScreen) -> bool {
    c.field == Field::Note || (c.field == Field::Mood && c.mood == Some(MOODS.len() - 1))
}

fn on_key(c: &mut CheckinScreen, app: &mut App, key: &KeyEvent) -> Reply {
    use super::keys::Action;
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if key.code == KeyCode::Char('s') && ctrl {
        return save(c, app, false, key);
    }
    match (super::keys::action(KEYS.bindings, key), key.code) {
        (_, KeyCode::Esc) => return Reply::home(),
        (Some(Action::Move | Action::Next), KeyCode::Tab | KeyCode::Down)
            if c.field != Field::Mood || key.code == KeyCode::Tab =>
        {
            c.field = next(c.field);
            return Reply::stay();
        }
        (_, KeyCode::BackTab | KeyCode::Up)
            if c.field != Field::Mood || key.code == KeyCode::BackTab =>
        {
            c.field = prev(c.field);
            return Reply::stay();
        }
        _ => {}
    }
    match c.field {
        Field::Trust => match (super::keys::action(KEYS.bindings, key), key.code) {
            (_, KeyCode::Char(d @ '0'..='9')) => c.trust = Some(d as u8 - b'0'),
            (Some(Action::Number), KeyCode::Left) => {
                c.trust = Some(c.trust.unwrap_or(5).saturating_sub(1))
            }
            (Some(Action::Number), KeyCode::Right) => {
                c.trust = Some((c.trust.unwrap_or(5) + 1).min(10))
            }
            (Some(Action::Number), KeyCode::End) => c.trust = Some(10),
            (Some(Action::Number), KeyCode::Home) => c.trust = Some(0),
            (Some(Action::Next), KeyCode::Enter) => c.field = Field::Mood,
            _ => {}
        },
        Field::Mood => {
            let own = c.mood == Some(MOODS.len() - 1);
            match (super::keys::action(KEYS.bindings, key), key.code) {
                (Some(Action::Move | Action::Number), KeyCode::Left | KeyCode::Up) => {
                    c.mood = Some(c.mood.map(|m| m.saturating_sub(1)).unwrap_or(0))
                }
                (Some(Action::Move | Action::Number), KeyCode::Right | KeyCode::Down) => {
                    c.mood = Some(c.mood.map(|m| (m + 1).min(MOODS.len() - 1)).unwrap_or(0))
                }
                (Some(Action::Next), KeyCode::Enter) => c.field = Field::Note,
                (_, KeyCode::Backspace) if own => {
                    c.own_mood.pop();
                }
                (_, KeyCode::Char(ch))
                    if own && !ctrl && !ch.is_whitespace() && c.own_mood.chars().count() < 24 =>
                {
                    c.own_mood.push(ch)
                }
                _ => {}
            }
        }
        Field::Note => match (super::keys::action(KEYS.bindings, key), key.code) {
            (Some(Action::Next), KeyCode::Enter) => c.field = Field::Prompt,
            (_, KeyCode::Backspace) => {
                c.note.pop();
            }
            (_, KeyCode::Char(ch)) if !ctrl && c.note.chars().count() < 200 => c.note.push(ch),
            _ => {}
        },
        Field::Prompt => match (super::keys::action(KEYS.bindings, key), key.code) {
            (Some(Action::Next), KeyCode::Enter) => return save(c, app, true, key),
            (_, KeyCode::Char('s')) => return save(c, app, false, key),
            _ => {}
        },
    }
    Reply::stay()
}

/// Pasting goes into the note (one line).
fn paste(c: &mut CheckinScreen, text: &str) {
    if c.field == Field::Note {
        let clean: String = text
            .chars()
            .map(|ch| if ch.is_control() { ' ' } else { ch })
            .collect();
        let room = 200usize.saturating_sub(c.note.chars().count());
        c.note.extend(clean.chars().take(room));
    }
}

fn next(f: Field) -> Field {
    match f {
        Field::Trust => Field::Mood,
        Field::Mood => Field::Note,
        Field::Note => Field::Prompt,
        Field::Prompt => Field::Trust,
    }
}

fn prev(f: Field) -> Field {
    match f {
        Field::Trust => Field::Prompt,
        Field::Mood => Field::Trust,
        Field::Note => Field::Mood,
        Field::Prompt => Field::Note,
    }
}

/// Saves the check-in; with `answer`, opens the editor on the prompt of the day after.
fn save(c: &mut CheckinScreen, app: &mut App, answer: bool, key: &KeyEvent) -> Reply {
    let needs_key = super::unlock::needs_key(app);
    let actor = app.actor();
    let now = app.clock.now();
    let today = app.clock.today();
    let Some(me) = app.active_partner().cloned() else {
        return Reply::stay();
    };
    let Some(trust) = c.trust else {
        c.field = Field::Trust;
        app.status =
            Some("Choose a number from 0 to 10 first (a digit, or the arrow keys).".into());
        return Reply::stay();
    };
    let mood = match c.mood {
        Some(i) if i == MOODS.len() - 1 => {
            Some(c.own_mood.trim().to_string()).filter(|m| !m.is_empty())
        }
        Some(i) => Some(MOODS[i].to_string()),
        None => None,
    };
    let note = Some(c.note.trim().to_string()).filter(|n| !n.is_empty() && !has_control(n));
    if note.is_some() && needs_key {
        // The note is sealed with the partner's key: ask for it, then save as asked.
        super::unlock::ask(app, super::unlock::Then::Replay(*key));
        return Reply::stay();
    }
    let checkin = CheckIn {
        partner: me.id.clone(),
        date: today,
        trust,
        mood,
        note,
        updated: now,
        sealed: None,
    };
    let prompt = app
        .derived
        .prompt_today
        .as_ref()
        .map(|(link, _)| link.clone());
    app.status = Some("Checked in. Thank you for taking the minute.".into());
    let then = match prompt {
        // The editor opens as if from home, where it returns.
        Some(link) if answer => {
            let key = link.prompt.clone().unwrap_or_default();
            super::editor::open(app, key, Some(link), None).from_home()
        }
        _ => Reply::home(),
    };
    then.with([Effect::SaveCheckin(actor, checkin)])
}

fn render(frame: &mut Frame, app: &App, c: &CheckinScreen) {
    let body = widgets::page(
        frame,
        app,
        if c.editing {
            "Today's check-in (changing it)"
        } else {
            "Today's check-in"
        },
    );
    let t = &app.theme;
    let w = body.width as usize;
    let Some(me) = app.active_partner() else {
        return;
    };
    let mut lines: Vec<Line> = Vec::new();
    let focus = |f: Field| if c.field == f { t.heading } else { t.dim };

    lines.push(Line::from(Span::styled(
        question(me.role, app.other_partner().map(|p| p.name.as_str())),
        focus(Field::Trust),
    )));
    lines.push(widgets::scale_line(c.trust, t, "  "));
    lines.push(Line::from(Span::styled(
        "  0 = none · 10 = complete · the app's own scale, not a validated measure",
        t.dim,
    )));
    lines.push(Line::default());

    lines.push(Line::from(Span::styled(
        "Mood (optional)",
        focus(Field::Mood),
    )));
    let mut spans = vec![Span::raw("  ")];
    for (i, m) in MOODS.iter().enumerate() {
        let chosen = c.mood == Some(i);
        let label = match (chosen, i == MOODS.len() - 1) {
            (true, true) => format!("[{}_]", escape_line(&c.own_mood)),
            (true, false) => format!("[{m}]"),
            _ => m.to_string(),
        };
        spans.push(Span::styled(
            label,
            if chosen { t.selected } else { t.text },
        ));
        spans.push(Span::raw(" "));
    }
    lines.push(Line::from(spans));
    lines.push(Line::default());

    lines.push(Line::from(Span::styled(
        "What helped or hurt today? (optional, one line)",
        focus(Field::Note),
    )));
    let cursor = if c.field == Field::Note { "_" } else { "" };
    lines.push(Line::from(Span::styled(
        format!(
            "  {}{cursor}",
            truncate_width(&escape_line(&c.note), w.saturating_sub(4))
        ),
        t.text,
    )));
    lines.push(Line::default());

    lines.push(Line::from(Span::styled(
        "Today's question (optional)",
        focus(Field::Prompt),
    )));
    match &app.derived.prompt_today {
        Some((link, title)) => {
            let text = link.prompt_text.as_deref().unwrap_or_default();
            for l in wrap(&escape_control(text), w.saturating_sub(2)) {
                lines.push(Line::from(Span::styled(format!("  {l}"), t.accent)));
            }
            lines.push(Line::from(Span::styled(
                format!("  from \"{title}\""),
                t.dim,
            )));
            if c.field == Field::Prompt {
                lines.push(Line::from(Span::styled(
                    "  Enter: save and answer it now · s: save and skip it",
                    t.text,
                )));
            }
        }
        None => lines.push(Line::from(Span::styled("  (none today)", t.dim))),
    }
    frame.render_widget(Paragraph::new(lines), body);
}

/// The keys of this screen: what its handler matches, and its footer and help.
pub static KEYS: Table = Table {
    title: "Check-in",
    bindings: &[
        b(
            "0-9, Left, Right, Home, End",
            "trust today (End for 10)",
            "trust",
            Action::Number,
        ),
        b("Ctrl-S", "save the check-in now", "save", Action::Save),
        b(
            "Enter, Tab",
            "next part: mood, a line, today's question",
            "next",
            Action::Next,
        ),
        b(
            "Left, Right",
            "choose a mood (the last one: type your own word)",
            "",
            Action::Choose,
        ),
        b("Up, Down", "previous or next part", "", Action::Move),
    ],
};

impl View for CheckinScreen {
    fn keys(&self) -> Keys {
        &KEYS
    }
    fn typing(&self) -> bool {
        typing(self)
    }
    fn on_key(&mut self, app: &mut App, key: &KeyEvent) -> Reply {
        on_key(self, app, key)
    }
    fn paste(&mut self, text: &str) -> Vec<Effect> {
        paste(self, text);
        Vec::new()
    }
    fn render(&self, frame: &mut Frame, app: &App) {
        render(frame, app, self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_question_fits_the_role() {
        assert_eq!(
            question(Role::Hurt, Some("Sam")),
            "How much do I trust Sam today?"
        );
        assert_eq!(
            question(Role::Repairing, Some("Alex")),
            "How much do I think Alex trusts me today?"
        );
        assert_eq!(
            question(Role::Unsaid, Some("Alex")),
            "How much trust do I feel between us today?"
        );
    }
}
