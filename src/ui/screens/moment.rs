//! A quick log for a difficult moment: when something brings the hurt back. How strong it was,
//! what set it off, what helped, and whether to ask the other partner for reassurance (they see
//! only that it was asked; the text stays with its author unless shared).

use super::keys::Keys;
use super::keys::{Action, Table, b};
use super::view::View;
use super::{App, Effect, Reply, widgets};
use crate::model::Moment;
use crate::text::{escape_line, has_control, truncate_width};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

#[derive(Debug, Clone, Default)]
pub struct MomentScreen {
    pub strength: Option<u8>,
    pub trigger: String,
    pub helped: String,
    pub note: String,
    pub reassure: bool,
    pub shared: bool,
    /// 0 strength, 1 trigger, 2 helped, 3 note, 4 reassure, 5 shared.
    pub field: usize,
}

const FIELDS: usize = 6;

pub fn typing(m: &MomentScreen) -> bool {
    (1..=3).contains(&m.field)
}

fn on_key(m: &mut MomentScreen, app: &mut App, key: &KeyEvent) -> Reply {
    use super::keys::Action;
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match (super::keys::action(KEYS.bindings, key), key.code) {
        (Some(Action::Save), KeyCode::Char('s')) if ctrl => return save(m, app, key),
        (_, KeyCode::Esc) => return Reply::home(),
        (Some(Action::Move | Action::Next), KeyCode::Tab | KeyCode::Down | KeyCode::Enter) => {
            if key.code == KeyCode::Enter && m.field == FIELDS - 1 {
                return save(m, app, key);
            }
            m.field = (m.field + 1) % FIELDS;
            return Reply::stay();
        }
        (Some(Action::Move), KeyCode::BackTab | KeyCode::Up) => {
            m.field = (m.field + FIELDS - 1) % FIELDS;
            return Reply::stay();
        }
        _ => {}
    }
    let line = match m.field {
        1 => Some(&mut m.trigger),
        2 => Some(&mut m.helped),
        3 => Some(&mut m.note),
        _ => None,
    };
    if let Some(text) = line {
        match (super::keys::action(KEYS.bindings, key), key.code) {
            (_, KeyCode::Backspace) => {
                text.pop();
            }
            (_, KeyCode::Char(c)) if !ctrl && text.chars().count() < 200 => text.push(c),
            _ => {}
        }
        return Reply::stay();
    }
    match (m.field, key.code) {
        (0, KeyCode::Char(d @ '0'..='9')) => m.strength = Some(d as u8 - b'0'),
        (0, KeyCode::Left) => m.strength = Some(m.strength.unwrap_or(5).saturating_sub(1)),
        (0, KeyCode::Right) => m.strength = Some((m.strength.unwrap_or(5) + 1).min(10)),
        (0, KeyCode::End) => m.strength = Some(10),
        (4, KeyCode::Char(' ')) => m.reassure = !m.reassure,
        (5, KeyCode::Char(' ')) => m.shared = !m.shared,
        _ => {}
    }
    Reply::stay()
}

fn paste(m: &mut MomentScreen, text: &str) {
    let clean: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    let target = match m.field {
        1 => &mut m.trigger,
        2 => &mut m.helped,
        3 => &mut m.note,
        _ => return,
    };
    let room = 200usize.saturating_sub(target.chars().count());
    target.extend(clean.chars().take(room));
}

fn save(m: &mut MomentScreen, app: &mut App, key: &KeyEvent) -> Reply {
    let needs_key = super::unlock::needs_key(app);
    let actor = app.actor();
    let now = app.clock.now();
    let Some(me) = app.active_partner().map(|p| p.id.clone()) else {
        return Reply::stay();
    };
    let Some(strength) = m.strength else {
        m.field = 0;
        app.status = Some("How strong was it? Choose a number from 0 to 10 first.".into());
        return Reply::stay();
    };
    let line = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty() && !has_control(s));
    let moment = Moment {
        id: app.ids.fresh(),
        partner: me,
        date: now,
        strength,
        trigger: line(&m.trigger),
        helped: line(&m.helped),
        note: line(&m.note),
        reassure: m.reassure,
        shared: m.shared,
        acknowledged: None,
        sealed: None,
    };
    let has_text = moment.trigger.is_some() || moment.helped.is_some() || moment.note.is_some();
    if has_text && !moment.shared && needs_key {
        // Its words are sealed with the partner's key: ask for it, then save as asked.
        super::unlock::ask(app, super::unlock::Then::Replay(*key));
        return Reply::stay();
    }
    let other = app
        .other_partner()
        .map(|p| escape_line(&p.name))
        .unwrap_or_else(|| "Your partner".into());
    app.status = Some(match (m.reassure, m.shared && has_text) {
        (true, true) => format!(
            "Logged. {other} will see that you asked for reassurance, and can read what you wrote (M: your moments)."
        ),
        (true, false) => {
            format!("Logged. {other} will see that you asked for reassurance (not what you wrote).")
        }
        (false, true) => format!(
            "Logged, and shared: {other} can read what you wrote on their moments screen (M on home)."
        ),
        (false, false) => {
            "Logged. Moments like this tend to come less often, and softer, with time.".into()
        }
    });
    Reply::home().with([Effect::SaveMoment(actor, moment)])
}

/// The other partner's unanswered requests for reassurance (what the home screen shows).
pub fn requests_for_me(app: &App) -> Vec<&Moment> {
    let Some(me) = app.active_partner() else {
        return Vec::new();
    };
    let since = app.clock.today() - chrono::Days::new(14);
    app.data
        .moments
        .iter()
        .filter(|m| {
            m.partner != me.id
                && m.reassure
                && m.acknowledged.is_none()
                && m.date.date_naive() >= since
        })
        .collect()
}

/// One of the active partner's requests for reassurance that the other partner has seen.
#[derive(Debug, Clone)]
pub struct SeenRequest {
    /// Who saw it (the other partner's id).
    pub partner_other: String,
    pub asked: crate::model::Timestamp,
    pub seen: crate::model::Timestamp,
}

/// How long home tells the asker that their request was seen.
const SEEN_DAYS: u64 = 7;

/// The active partner's requests for reassurance the other partner saw in the last week: home
/// tells the asker, so asking is never met with silence.
pub fn my_requests_seen(app: &App) -> Vec<SeenRequest> {
    let (Some(me), Some(other)) = (app.active_partner(), app.other_partner()) else {
        return Vec::new();
    };
    let since = app.clock.today() - chrono::Days::new(SEEN_DAYS);
    app.data
        .moments
        .iter()
        .filter(|m| m.partner == me.id && m.reassure)
        .filter_map(|m| {
            let seen = m.acknowledged?;
            (seen.date_naive() >= since).then(|| SeenRequest {
                partner_other: other.id.clone(),
                asked: m.date,
                seen,
            })
        })
        .collect()
}

fn render(frame: &mut Frame, app: &App, m: &MomentScreen) {
    let body = widgets::page(frame, app, "A difficult moment");
    let t = &app.theme;
    let w = body.width as usize;
    let focus = |i: usize| if m.field == i { t.heading } else { t.dim };
    let mut parts = vec![widgets::wrapped(
        "Something brought the hurt back. That is part of recovering, not a step back.",
        w,
        t.text,
    )];
    let mut lines = widgets::wrapped("How strong was it?", w, focus(0));
    lines.push(widgets::scale_line(m.strength, t, "  "));
    lines.extend(widgets::indented(
        "0 = a passing sting · 10 = overwhelming",
        w,
        "  ",
        t.dim,
    ));
    parts.push(lines);
    let mut lines = Vec::new();
    for (i, label, value) in [
        (1, "What set it off? (a date, a place, a song…)", &m.trigger),
        (2, "What helped, or might help next time?", &m.helped),
        (3, "Anything else? (optional)", &m.note),
    ] {
        lines.extend(widgets::wrapped(label, w, focus(i)));
        let cursor = if m.field == i { "_" } else { "" };
        lines.push(Line::from(Span::styled(
            format!(
                "  {}{cursor}",
                truncate_width(&escape_line(value), w.saturating_sub(4))
            ),
            t.text,
        )));
    }
    parts.push(lines);
    let other = app
        .other_partner()
        .map(|p| p.name.clone())
        .unwrap_or_else(|| "your partner".into());
    let tick = |on: bool| if on { "[x]" } else { "[ ]" };
    let ask = format!(
        "{} Ask {other} for reassurance (they see only that you asked)",
        tick(m.reassure)
    );
    let share = format!("{} Let {other} read what I wrote here", tick(m.shared));
    let style = |field: usize| if m.field == field { t.selected } else { t.text };
    let mut lines = widgets::flow(&[(&ask, style(4))], w, "    ");
    lines.extend(widgets::flow(&[(&share, style(5))], w, "    "));
    parts.push(lines);
    let lines = widgets::stack(parts, body.height as usize);
    frame.render_widget(Paragraph::new(lines), body);
}

/// The keys of this screen: what its handler matches, and its footer and help.
pub static KEYS: Table = Table {
    title: "A difficult moment",
    bindings: &[
        b(
            "0-9, Left, Right",
            "how strong it was",
            "strength",
            Action::Number,
        ),
        b("Tab, Enter", "next part", "next", Action::Next),
        b(
            "Space",
            "tick: ask for reassurance, or share the text",
            "",
            Action::Tick,
        ),
        b("Ctrl-S", "save", "save", Action::Save),
        b(
            "Up, Down, Shift-Tab",
            "previous or next part",
            "",
            Action::Move,
        ),
    ],
};

impl View for MomentScreen {
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
