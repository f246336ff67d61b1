//! The timed talk: speaker and listener take turns with a visible countdown; a pause word the
//! couple chooses (shown large) or a key stops the clock; after each turn the listener sums up
//! what they heard in one line, which is saved. The timer ticks only while this screen is open.

use super::keys::Keys;
use super::keys::{Action, Table, b};
use super::view::View;
use super::{App, Effect, Reply, Screen, widgets};
use crate::content::ExerciseKind;
use crate::model::{ExerciseResult, ExerciseValue, FormAnswer, Timestamp};
use crate::text::{escape_line, wrap};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    /// Choosing the pause word.
    PauseWord,
    /// Someone is speaking until `until` (or the clock is stopped with `left` seconds).
    Speaking {
        until: Timestamp,
        paused: Option<i64>,
    },
    /// The listener sums up what they heard.
    Summary,
    Done,
}

#[derive(Debug, Clone)]
pub struct TalkScreen {
    pub guide: String,
    pub exercise: String,
    pub pause_word: String,
    /// Turns so far (each partner speaks once a round).
    pub turn: usize,
    pub phase: Phase,
    pub summary: String,
    pub result: ExerciseResult,
    pub back: Box<Screen>,
    /// When the first turn began (for the summary's time together).
    pub started: Option<Timestamp>,
    /// When the talk ended: every round done, or Esc before that.
    pub ended: Option<Timestamp>,
}

/// Rounds done and under way: a round is each partner speaking once.
pub fn rounds_done(turns: usize) -> usize {
    turns / 2
}

/// The short summary of a talk that has ended: rounds done, and the time it took.
pub fn summary_line(t: &TalkScreen, rounds: usize) -> String {
    let minutes = match (t.started, t.ended) {
        (Some(s), Some(e)) => (e - s).num_minutes().max(0) as usize,
        _ => 0,
    };
    let time = if minutes == 0 {
        "under a minute".to_string()
    } else {
        crate::text::plural(minutes, "minute", "minutes")
    };
    let done = rounds_done(t.turn);
    let half = if t.turn % 2 == 1 { " and a half" } else { "" };
    format!(
        "{} of {rounds}{half} done, in {time}.",
        crate::text::plural(done, "round", "rounds")
    )
}

fn settings(app: &App, t: &TalkScreen) -> (i64, usize, String, String) {
    match app
        .pack
        .guide(&t.guide)
        .and_then(|g| g.exercise(&t.exercise))
        .map(|e| &e.kind)
    {
        Some(ExerciseKind::TimedTalk {
            turn_minutes,
            rounds,
            speaker,
            listener,
        }) => (
            *turn_minutes as i64 * 60,
            *rounds as usize,
            speaker.clone(),
            listener.clone(),
        ),
        _ => (300, 4, String::new(), String::new()),
    }
}

pub fn open(app: &mut App, guide: &str, exercise: &str) -> Reply {
    if app.data.partners.len() < 2 {
        app.status = Some("A timed talk is for two: add your partner in Settings first.".into());
        return Reply::stay();
    }
    let now = app.clock.now();
    let me = app
        .active_partner()
        .map(|p| p.id.clone())
        .unwrap_or_default();
    Reply::push(Screen::Talk(Box::new(TalkScreen {
        guide: guide.into(),
        exercise: exercise.into(),
        pause_word: String::new(),
        turn: 0,
        phase: Phase::PauseWord,
        summary: String::new(),
        result: ExerciseResult {
            id: app.ids.fresh(),
            partner: me,
            guide: guide.into(),
            exercise: exercise.into(),
            created: now,
            updated: now,
            value: ExerciseValue::Form { fields: Vec::new() },
            shared: true,
            sealed: None,
        },
        back: Box::default(),
        started: None,
        ended: None,
    })))
}

/// Speaker and listener of a turn: partners take turns, the active one first.
fn roles(app: &App, turn: usize) -> (String, String) {
    let n = app.data.partners.len().max(1);
    let a = (app.active + turn) % n;
    let b = (a + 1) % n;
    let name = |i: usize| {
        app.data
            .partners
            .get(i)
            .map(|p| escape_line(&p.name))
            .unwrap_or_default()
    };
    (name(a), name(b))
}

pub fn typing(t: &TalkScreen) -> bool {
    matches!(t.phase, Phase::PauseWord | Phase::Summary)
}

fn on_key(t: &mut TalkScreen, app: &mut App, key: &KeyEvent) -> Reply {
    use super::keys::Action;
    let actor = app.actor();
    let now = app.clock.now();
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let (turn_secs, rounds, ..) = settings(app, t);
    let (speaker, listener) = roles(app, t.turn);
    if ctrl && key.code == KeyCode::Char('b') {
        let until = now + chrono::Duration::minutes(super::session::BREAK_MINUTES);
        return Reply::push(Screen::Break(super::session::BreakScreen::new(until)));
    }
    if key.code == KeyCode::Esc {
        // Before the first turn, or once the summary is shown, Esc leaves; mid-talk it ends
        // the talk with its summary (what was heard is saved turn by turn already).
        if t.started.is_none() || t.phase == Phase::Done {
            return Reply::open(std::mem::take(&mut *t.back));
        }
        t.ended = Some(now);
        t.phase = Phase::Done;
        app.status = Some(format!("The talk was ended. {}", summary_line(t, rounds)));
        return Reply::stay();
    }
    match t.phase.clone() {
        Phase::PauseWord => match (super::keys::action(KEYS.bindings, key), key.code) {
            (Some(Action::Next), KeyCode::Enter) if !t.pause_word.trim().is_empty() => {
                t.started = Some(now);
                t.phase = Phase::Speaking {
                    until: now + chrono::Duration::seconds(turn_secs),
                    paused: None,
                };
            }
            (_, KeyCode::Backspace) => {
                t.pause_word.pop();
            }
            (_, KeyCode::Char(c)) if !ctrl && t.pause_word.chars().count() < 20 => {
                t.pause_word.push(c)
            }
            _ => {}
        },
        Phase::Speaking { until, paused } => {
            match (super::keys::action(KEYS.bindings, key), key.code) {
                // Space stops the clock (the pause word said aloud), and starts it again.
                (Some(Action::Pause), KeyCode::Char(' ') | KeyCode::Char('p')) => {
                    t.phase = match paused {
                        None => Phase::Speaking {
                            until,
                            paused: Some((until - now).num_seconds().max(0)),
                        },
                        Some(left) => Phase::Speaking {
                            until: now + chrono::Duration::seconds(left),
                            paused: None,
                        },
                    };
                }
                (Some(Action::Next), KeyCode::Enter) => t.phase = Phase::Summary,
                _ => {}
            }
        }
        Phase::Summary => match (super::keys::action(KEYS.bindings, key), key.code) {
            (Some(Action::Next), KeyCode::Enter) => {
                let text = t.summary.trim().to_string();
                if let ExerciseValue::Form { fields } = &mut t.result.value {
                    fields.push(FormAnswer {
                        field: format!("turn-{}", t.turn + 1),
                        label: format!("{listener} heard {speaker}"),
                        text,
                    });
                }
                t.result.updated = now;
                t.summary.clear();
                t.turn += 1;
                t.phase = if t.turn >= rounds * 2 {
                    t.ended = Some(now);
                    Phase::Done
                } else {
                    Phase::Speaking {
                        until: now + chrono::Duration::seconds(turn_secs),
                        paused: None,
                    }
                };
                return Effect::SaveExercise(actor, t.result.clone()).into();
            }
            (_, KeyCode::Backspace) => {
                t.summary.pop();
            }
            (_, KeyCode::Char(c)) if !ctrl && t.summary.chars().count() < 300 => t.summary.push(c),
            _ => {}
        },
        Phase::Done => {
            if key.code == KeyCode::Enter {
                app.status = Some(
                    "The talk is over. What each of you heard is saved with the guide.".into(),
                );
                return Reply::open(std::mem::take(&mut *t.back));
            }
        }
    }
    Reply::stay()
}

/// A turn whose time ran out moves on to the summary by itself (on the once-a-second tick).
pub fn tick(app: &mut App) {
    let now = app.clock.now();
    if let Screen::Talk(t) = &mut app.screen
        && let Phase::Speaking {
            until,
            paused: None,
        } = t.phase
        && now >= until
    {
        t.phase = Phase::Summary;
    }
}

fn render(frame: &mut Frame, app: &App, t: &TalkScreen) {
    let body = widgets::page(frame, app, "A timed talk");
    let th = &app.theme;
    let w = body.width as usize;
    let (_, rounds, speaker_help, listener_help) = settings(app, t);
    let (speaker, listener) = roles(app, t.turn);
    let mut lines = Vec::new();
    let para = |lines: &mut Vec<Line>, text: &str, style| {
        for l in wrap(text, w) {
            lines.push(Line::from(Span::styled(l, style)));
        }
    };
    match &t.phase {
        Phase::PauseWord => {
            para(
                &mut lines,
                "First, choose a pause word together: a word either of you can say to stop the clock when it gets too much.",
                th.text,
            );
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                format!("Pause word: {}_", escape_line(&t.pause_word)),
                th.heading,
            )));
            lines.push(Line::default());
            para(&mut lines, "Enter starts the first turn.", th.dim);
        }
        Phase::Speaking { until, paused } => {
            let left = paused.unwrap_or_else(|| (*until - app.clock.now()).num_seconds().max(0));
            lines.push(Line::from(Span::styled(
                format!(
                    "Round {} of {rounds} · {speaker} speaks, {listener} listens",
                    rounds_done(t.turn) + 1,
                ),
                th.dim,
            )));
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                format!(
                    "{:02}:{:02}{}",
                    left / 60,
                    left % 60,
                    if paused.is_some() { "  (paused)" } else { "" }
                ),
                th.accent,
            )));
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                format!("PAUSE WORD:  {}", escape_line(&t.pause_word).to_uppercase()),
                th.alert,
            )));
            lines.push(Line::default());
            para(&mut lines, &format!("{speaker}: {speaker_help}"), th.text);
            para(&mut lines, &format!("{listener}: {listener_help}"), th.text);
            lines.push(Line::default());
            para(
                &mut lines,
                "Space stops or restarts the clock · Enter ends the turn · Ctrl-B takes a break",
                th.dim,
            );
        }
        Phase::Summary => {
            para(
                &mut lines,
                &format!("{listener}, in one line: what did you hear {speaker} say?"),
                th.heading,
            );
            lines.push(Line::default());
            lines.push(Line::from(Span::styled(
                format!("> {}_", escape_line(&t.summary)),
                th.text,
            )));
            lines.push(Line::default());
            para(
                &mut lines,
                &format!("{speaker}, listen for whether it lands. Enter saves it and swaps roles."),
                th.dim,
            );
        }
        Phase::Done => {
            let finished = t.turn >= rounds * 2;
            para(
                &mut lines,
                if finished {
                    "That was the last turn. Thank you both for listening."
                } else {
                    "The talk was ended early. Stopping is allowed: thank you both for listening."
                },
                th.heading,
            );
            para(&mut lines, &summary_line(t, rounds), th.text);
            para(&mut lines, "Enter or Esc: back to the guide.", th.dim);
            lines.push(Line::default());
            if let ExerciseValue::Form { fields } = &t.result.value {
                for f in fields {
                    para(
                        &mut lines,
                        &format!("{}: {}", f.label, escape_line(&f.text)),
                        th.text,
                    );
                }
            }
        }
    }
    let lines = widgets::squeeze(lines, body.height as usize);
    frame.render_widget(Paragraph::new(lines), body);
}

/// The keys of this screen: what its handler matches, and its footer and help.
pub static KEYS: Table = Table {
    title: "A timed talk",
    bindings: &[
        b(
            "Space",
            "stop or restart the clock (when the pause word is said)",
            "pause",
            Action::Pause,
        ),
        b(
            "Enter",
            "end the turn; save the listener's line",
            "next",
            Action::Next,
        ),
        b(
            "Ctrl-B",
            "take a break (at least 20 minutes)",
            "break",
            Action::Break,
        ),
        b(
            "Esc",
            "end the talk, with a short summary (Esc again leaves)",
            "",
            Action::Back,
        ),
    ],
};

impl View for TalkScreen {
    fn keys(&self) -> Keys {
        &KEYS
    }
    fn typing(&self) -> bool {
        typing(self)
    }
    fn on_key(&mut self, app: &mut App, key: &KeyEvent) -> Reply {
        on_key(self, app, key)
    }
    fn back(&mut self) -> Option<&mut Box<Screen>> {
        Some(&mut self.back)
    }
    /// Only a running countdown needs the clock.
    fn ticking(&self) -> bool {
        matches!(self.phase, Phase::Speaking { .. })
    }
    fn render(&self, frame: &mut Frame, app: &App) {
        render(frame, app, self)
    }
}
