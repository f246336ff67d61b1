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
    /// The answer typed to today's question (one line): saved with the check-in as an entry
    /// that answers the prompt, as the editor saves a longer answer.
    pub answer: String,
    /// What the screen opened with (trust, mood, own mood, note), so Esc knows whether
    /// anything would be lost.
    pub opened: (Option<u8>, Option<usize>, String, String),
    /// Esc with something changed: asking whether to discard it.
    pub confirm_leave: bool,
}

impl CheckinScreen {
    /// Something was typed or changed since the screen opened.
    pub fn changed(&self) -> bool {
        let now = (
            self.trust,
            self.mood,
            self.own_mood.clone(),
            self.note.clone(),
        );
        now != self.opened || !self.answer.trim().is_empty()
    }
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
    let trust = existing.map(|c| c.trust);
    let note = existing.and_then(|c| c.note.clone()).unwrap_or_default();
    Reply::open(Screen::Checkin(CheckinScreen {
        trust,
        mood,
        own_mood: own_mood.clone(),
        note: note.clone(),
        field: Field::Trust,
        editing: existing.is_some(),
        answer: String::new(),
        opened: (trust, mood, own_mood, note),
        confirm_leave: false,
    }))
}

pub fn typing(c: &CheckinScreen) -> bool {
    !c.confirm_leave
        && (c.field == Field::Note
            || c.field == Field::Prompt
            || (c.field == Field::Mood && c.mood == Some(MOODS.len() - 1)))
}

/// The most an answer typed here holds; a longer one is for the editor (Enter, empty).
const ANSWER_MAX: usize = 2000;

/// Esc with something changed asked first: `s` saves, `d` discards, any other key goes on.
fn on_leave_key(c: &mut CheckinScreen, app: &mut App, key: &KeyEvent) -> Reply {
    c.confirm_leave = false;
    match key.code {
        KeyCode::Char('d') => {
            app.status = Some("Discarded: nothing of this check-in was saved.".into());
            Reply::home()
        }
        KeyCode::Char('s') => save(c, app, false, key),
        _ => {
            app.status = Some("Still here: nothing was lost.".into());
            Reply::stay()
        }
    }
}

fn on_key(c: &mut CheckinScreen, app: &mut App, key: &KeyEvent) -> Reply {
    use super::keys::Action;
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if c.confirm_leave {
        return on_leave_key(c, app, key);
    }
    if key.code == KeyCode::Char('s') && ctrl {
        return save(c, app, false, key);
    }
    match (super::keys::action(KEYS.bindings, key), key.code) {
        (_, KeyCode::Esc) if c.changed() => {
            c.confirm_leave = true;
            return Reply::stay();
        }
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
            // Nothing typed: Enter saves and opens the editor on the question.
            (Some(Action::Next), KeyCode::Enter) => {
                return save(c, app, c.answer.trim().is_empty(), key);
            }
            (_, KeyCode::Backspace) => {
                c.answer.pop();
            }
            (_, KeyCode::Char(ch))
                if !ctrl
                    && app.derived.prompt_today.is_some()
                    && c.answer.chars().count() < ANSWER_MAX =>
            {
                c.answer.push(ch)
            }
            _ => {}
        },
    }
    Reply::stay()
}

/// Pasting goes into the note or the answer (one line each).
fn paste(c: &mut CheckinScreen, text: &str) {
    let (target, max) = match c.field {
        Field::Note => (&mut c.note, 200usize),
        Field::Prompt => (&mut c.answer, ANSWER_MAX),
        _ => return,
    };
    let clean: String = text
        .chars()
        .map(|ch| if ch.is_control() { ' ' } else { ch })
        .collect();
    let room = max.saturating_sub(target.chars().count());
    target.extend(clean.chars().take(room));
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
    let typed = Some(c.answer.trim().to_string()).filter(|a| !a.is_empty() && !has_control(a));
    if (note.is_some() || typed.is_some()) && needs_key {
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
    // The typed answer is an entry answering today's prompt, as the editor would save it
    // (private once the partner has a passphrase).
    let answer_entry = match (&prompt, typed) {
        (Some(link), Some(body)) => {
            let entry = crate::model::Entry {
                id: app.ids.fresh(),
                author: me.id.clone(),
                created: now,
                updated: now,
                title: None,
                body,
                tags: Vec::new(),
                starred: false,
                for_counsellor: false,
                link: Some(link.clone()),
                visibility: crate::model::Visibility::Shared,
                source: None,
                responds_to: None,
                sealed: None,
            };
            if let Some(p) = &link.prompt {
                app.data.answered.insert((me.id.clone(), p.clone()));
            }
            app.status = Some(
                "Checked in, and your answer to today's question is in your journal. Thank you."
                    .into(),
            );
            Some(Effect::SaveEntry(
                actor.clone(),
                entry,
                super::unlock::keyed(app),
            ))
        }
        _ => None,
    };
    let then = match prompt {
        // The editor opens as if from home, where it returns.
        Some(link) if answer => {
            let key = link.prompt.clone().unwrap_or_default();
            super::editor::open(app, key, Some(link), None).from_home()
        }
        _ => Reply::home(),
    };
    then.with(std::iter::once(Effect::SaveCheckin(actor, checkin)).chain(answer_entry))
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
    // The page's parts, with a gap between them where the page has room.
    let mut parts: Vec<Vec<Line>> = Vec::new();
    let mut lines: Vec<Line> = Vec::new();
    let focus = |f: Field| if c.field == f { t.heading } else { t.dim };

    lines.extend(widgets::wrapped(
        &question(me.role, app.other_partner().map(|p| p.name.as_str())),
        w,
        focus(Field::Trust),
    ));
    lines.push(widgets::scale_line(c.trust, t, "  "));
    lines.extend(widgets::hint(
        &[
            widgets::Part::keep("0 = none · 10 = complete"),
            widgets::Part::or(
                "the app's own scale, not a validated measure",
                "not a validated measure",
            ),
        ],
        " · ",
        w,
        "  ",
        t.dim,
    ));
    parts.push(std::mem::take(&mut lines));

    lines.push(Line::from(Span::styled(
        "Mood (optional)",
        focus(Field::Mood),
    )));
    // The moods flow over as many lines as the width needs, each whole.
    let labels: Vec<(String, ratatui::style::Style)> = MOODS
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let chosen = c.mood == Some(i);
            let label = match (chosen, i == MOODS.len() - 1) {
                (true, true) => format!("  [{}_]", c.own_mood.replace(' ', "\u{a0}")),
                (true, false) => format!("  [{m}]"),
                _ => format!("  {}", m.replace(' ', "\u{a0}")),
            };
            (label, if chosen { t.selected } else { t.text })
        })
        .collect();
    let pieces: Vec<(&str, ratatui::style::Style)> =
        labels.iter().map(|(l, s)| (l.as_str(), *s)).collect();
    lines.extend(widgets::flow(&pieces, w, "  "));
    parts.push(std::mem::take(&mut lines));

    lines.extend(widgets::wrapped(
        "What helped or hurt today? (optional, one line)",
        w,
        focus(Field::Note),
    ));
    let cursor = if c.field == Field::Note { "_" } else { "" };
    lines.push(Line::from(Span::styled(
        format!(
            "  {}{cursor}",
            truncate_width(&escape_line(&c.note), w.saturating_sub(4))
        ),
        t.text,
    )));
    parts.push(std::mem::take(&mut lines));

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
            lines.extend(widgets::indented(
                &format!("from \"{title}\""),
                w,
                "  ",
                t.dim,
            ));
            let cursor = if c.field == Field::Prompt { "_" } else { "" };
            if c.field == Field::Prompt || !c.answer.is_empty() {
                lines.push(Line::from(Span::styled(
                    format!(
                        "  > {}{cursor}",
                        truncate_left(&escape_line(&c.answer), w.saturating_sub(6))
                    ),
                    t.text,
                )));
            }
            if c.field == Field::Prompt {
                let hint = if c.answer.trim().is_empty() {
                    "Type a line here, or Enter: save and answer it in the editor · Ctrl-S: save, skip it"
                } else {
                    "Enter or Ctrl-S: save, with this answer (it goes in your journal)"
                };
                lines.extend(widgets::indented(hint, w, "  ", t.text));
            }
        }
        None => lines.push(Line::from(Span::styled("  (none today)", t.dim))),
    }
    if c.confirm_leave {
        parts.push(std::mem::take(&mut lines));
        lines.extend(widgets::hint(
            &[
                widgets::Part::or(
                    "Leave without saving? d: discard what you changed",
                    "Leave without saving? d: discard",
                ),
                widgets::Part::keep("s: save it"),
                widgets::Part::or("any other key: keep going", "other keys: go on").optional(),
            ],
            " · ",
            w,
            "",
            t.alert,
        ));
    }
    parts.push(lines);
    let lines = widgets::stack(parts, body.height as usize);
    frame.render_widget(Paragraph::new(lines), body);
}

/// The end of a line that is too long for its place, so the cursor's end stays in sight.
fn truncate_left(s: &str, width: usize) -> String {
    if crate::text::display_width(s) <= width {
        return s.to_string();
    }
    let mut out: Vec<char> = Vec::new();
    let mut w = 1;
    for ch in s.chars().rev() {
        let cw = crate::text::display_width(ch.encode_utf8(&mut [0; 4]));
        if w + cw > width {
            break;
        }
        w += cw;
        out.push(ch);
    }
    out.reverse();
    format!("…{}", out.into_iter().collect::<String>())
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
        b(
            "Ctrl-S",
            "save the check-in now (with the answer typed to today's question)",
            "save",
            Action::Save,
        ),
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
        b(
            "Esc",
            "leave (asks first when something was typed or changed)",
            "",
            Action::Back,
        ),
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
