//! Running a guide's exercise: reflection, checklist, scale and form. The result is saved for
//! the partner and shown again next time; nothing is saved for an ephemeral guide (the safety
//! check), whose checklist leads to the safety screen if anything is ticked.

use super::keys::Keys;
use super::keys::{Action, Table, b};
use super::view::View;
use super::{App, Effect, Overlay, Reply, Screen};
use crate::content::{Audience, Exercise, ExerciseKind, Guide, SafetyAnswer};
use crate::model::{ExerciseResult, ExerciseValue, FormAnswer, Role, Tick};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

mod render;
pub use render::render;

#[derive(Debug, Clone)]
pub enum Answer {
    Text(Box<TextArea<'static>>),
    /// Item ids shown to this partner, and whether each is ticked (with the day it was).
    Ticks(Vec<(String, Option<chrono::NaiveDate>)>),
    Scale(Option<u8>),
    Fields(Vec<TextArea<'static>>),
}

#[derive(Debug, Clone)]
pub struct Run {
    pub guide: String,
    pub exercise: String,
    /// The saved result being changed, if there is one.
    pub result_id: Option<String>,
    pub answer: Answer,
    pub cursor: usize,
    pub ephemeral: bool,
    pub back: Box<Screen>,
}

fn text_area(text: &str) -> TextArea<'static> {
    let mut t = TextArea::new(text.split('\n').map(str::to_string).collect());
    t.set_wrap_mode(WrapMode::WordOrGlyph);
    t.move_cursor(CursorMove::Bottom);
    t.move_cursor(CursorMove::End);
    t
}

/// Items of a checklist this partner sees.
fn items_for(e: &Exercise, role: Role) -> Vec<(String, String)> {
    match &e.kind {
        ExerciseKind::Checklist { items, .. } => items
            .iter()
            .filter(|i| i.audience.unwrap_or(Audience::Both).shown_to(role))
            .map(|i| (i.id.clone(), i.text.clone()))
            .collect(),
        _ => Vec::new(),
    }
}

/// Whether the app can run this exercise here (the others come with together mode).
pub fn runnable(e: &Exercise) -> bool {
    matches!(
        e.kind,
        ExerciseKind::Reflection { .. }
            | ExerciseKind::Checklist { .. }
            | ExerciseKind::Scale { .. }
            | ExerciseKind::Form { .. }
    )
}

/// The partner's saved result for an exercise, if any.
pub fn saved<'a>(app: &'a App, exercise: &str) -> Option<&'a ExerciseResult> {
    let me = app.active_partner()?;
    app.data
        .exercises
        .iter()
        .filter(|r| r.partner == me.id && r.exercise == exercise)
        .max_by_key(|r| r.updated)
}

/// Opens an exercise, with the partner's last answer in it.
pub fn open(app: &mut App, g: &Guide, e: &Exercise) -> Reply {
    // A partner with a passphrase has their results sealed: unlock first, so the last answer
    // shows (and is not saved over unseen); then the reader's Enter opens it again.
    if !g.ephemeral && super::unlock::needs_key(app) {
        let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
        super::unlock::ask(app, super::unlock::Then::Replay(enter));
        return Reply::stay();
    }
    let role = app.active_partner().map(|p| p.role).unwrap_or(Role::Unsaid);
    let previous = if g.ephemeral {
        None
    } else {
        saved(app, &e.id).cloned()
    };
    let answer = match (&e.kind, previous.as_ref().map(|r| &r.value)) {
        (ExerciseKind::Reflection { .. }, Some(ExerciseValue::Reflection { text })) => {
            Answer::Text(Box::new(text_area(text)))
        }
        (ExerciseKind::Reflection { .. }, _) => Answer::Text(Box::new(text_area(""))),
        (ExerciseKind::Checklist { .. }, prev) => {
            let ticked: Vec<Tick> = match prev {
                Some(ExerciseValue::Checklist { ticked }) => ticked.clone(),
                _ => Vec::new(),
            };
            Answer::Ticks(
                items_for(e, role)
                    .into_iter()
                    .map(|(id, _)| {
                        let day = ticked.iter().find(|t| t.item == id).map(|t| t.date);
                        (id, day)
                    })
                    .collect(),
            )
        }
        (ExerciseKind::Scale { .. }, Some(ExerciseValue::Scale { value })) => {
            Answer::Scale(Some(*value))
        }
        (ExerciseKind::Scale { .. }, _) => Answer::Scale(None),
        (ExerciseKind::Form { fields }, prev) => {
            let answers: Vec<FormAnswer> = match prev {
                Some(ExerciseValue::Form { fields }) => fields.clone(),
                _ => Vec::new(),
            };
            Answer::Fields(
                fields
                    .iter()
                    .map(|f| {
                        let text = answers
                            .iter()
                            .find(|a| a.field == f.id)
                            .map(|a| a.text.as_str())
                            .unwrap_or("");
                        text_area(text)
                    })
                    .collect(),
            )
        }
        _ => return Reply::stay(),
    };
    Reply::push(Screen::Exercise(Box::new(Run {
        guide: g.id.clone(),
        exercise: e.id.clone(),
        result_id: previous.map(|r| r.id),
        answer,
        cursor: 0,
        ephemeral: g.ephemeral,
        back: Box::default(),
    })))
}

pub fn typing(run: &Run) -> bool {
    matches!(run.answer, Answer::Text(_) | Answer::Fields(_))
}

fn on_key(run: &mut Run, app: &mut App, key: &KeyEvent) -> Reply {
    use super::keys::Action;
    let today = app.clock.today();
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if (key.code == KeyCode::Char('s') && ctrl)
        || (key.code == KeyCode::Enter && matches!(run.answer, Answer::Scale(_)))
    {
        return finish(run, app);
    }
    if key.code == KeyCode::Esc {
        app.status = Some(if run.ephemeral {
            "Nothing was stored.".into()
        } else {
            "Left without saving.".into()
        });
        return Reply::open(std::mem::take(&mut *run.back));
    }
    match &mut run.answer {
        Answer::Text(t) => {
            t.input(*key);
        }
        Answer::Fields(fields) => match (super::keys::action(KEYS.bindings, key), key.code) {
            (Some(Action::Cycle), KeyCode::Tab) => {
                run.cursor = (run.cursor + 1) % fields.len().max(1)
            }
            (Some(Action::Cycle), KeyCode::BackTab) => {
                run.cursor = (run.cursor + fields.len().max(1) - 1) % fields.len().max(1)
            }
            _ => {
                if let Some(t) = fields.get_mut(run.cursor) {
                    t.input(*key);
                }
            }
        },
        Answer::Ticks(items) => match (super::keys::action(KEYS.bindings, key), key.code) {
            (Some(Action::Move), KeyCode::Down | KeyCode::Char('j')) => {
                run.cursor = (run.cursor + 1).min(items.len().saturating_sub(1))
            }
            (Some(Action::Move), KeyCode::Up | KeyCode::Char('k')) => {
                run.cursor = run.cursor.saturating_sub(1)
            }
            (Some(Action::Tick), KeyCode::Char(' ') | KeyCode::Char('x')) => {
                if let Some(item) = items.get_mut(run.cursor) {
                    item.1 = match item.1 {
                        Some(_) => None,
                        None => Some(today),
                    };
                }
            }
            (Some(Action::Save), KeyCode::Enter) => return finish(run, app),
            _ => {}
        },
        Answer::Scale(v) => match (super::keys::action(KEYS.bindings, key), key.code) {
            (Some(Action::Move | Action::Number), KeyCode::Left | KeyCode::Down) => {
                *v = Some(v.unwrap_or(5).saturating_sub(1))
            }
            (Some(Action::Move | Action::Number), KeyCode::Right | KeyCode::Up) => {
                *v = Some((v.unwrap_or(5) + 1).min(10))
            }
            (Some(Action::Number), KeyCode::Home) => *v = Some(0),
            (Some(Action::Number), KeyCode::End) => *v = Some(10),
            (_, KeyCode::Char(c @ '0'..='9')) => *v = Some(c as u8 - b'0'),
            _ => {}
        },
    }
    Reply::stay()
}

/// Paste into the text being written.
fn paste(run: &mut Run, text: &str) {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    match &mut run.answer {
        Answer::Text(t) => {
            t.insert_str(text);
        }
        Answer::Fields(fields) => {
            if let Some(t) = fields.get_mut(run.cursor) {
                t.insert_str(text);
            }
        }
        _ => {}
    }
}

fn finish(run: &mut Run, app: &mut App) -> Reply {
    let actor = app.actor();
    let now = app.clock.now();
    let Some(me) = app.active_partner().map(|p| p.id.clone()) else {
        return Reply::stay();
    };
    let Some((g, e)) = app
        .pack
        .guide(&run.guide)
        .and_then(|g| g.exercise(&run.exercise).map(|e| (g, e)))
    else {
        return Reply::stay();
    };
    let value = match &run.answer {
        Answer::Text(t) => ExerciseValue::Reflection {
            text: t.lines().join("\n").trim_end().to_string(),
        },
        Answer::Ticks(items) => ExerciseValue::Checklist {
            ticked: items
                .iter()
                .filter_map(|(id, d)| {
                    d.map(|date| Tick {
                        item: id.clone(),
                        date,
                    })
                })
                .collect(),
        },
        Answer::Scale(None) => {
            app.status = Some("Choose a number first: a digit, or the arrow keys.".into());
            return Reply::stay();
        }
        Answer::Scale(Some(v)) => ExerciseValue::Scale { value: *v },
        Answer::Fields(fields) => ExerciseValue::Form {
            fields: match &e.kind {
                ExerciseKind::Form { fields: defs } => defs
                    .iter()
                    .zip(fields)
                    .map(|(d, t)| FormAnswer {
                        field: d.id.clone(),
                        label: d.label.clone(),
                        text: t.lines().join("\n").trim_end().to_string(),
                    })
                    .collect(),
                _ => Vec::new(),
            },
        },
    };
    // What the answers mean is the domain's rule (`safety_answer`), read the same everywhere.
    let answer = match &value {
        ExerciseValue::Checklist { ticked } => {
            e.kind.safety_answer(ticked.iter().map(|t| t.item.as_str()))
        }
        _ => None,
    };
    let ephemeral = run.ephemeral;
    let result = ExerciseResult {
        id: run.result_id.clone().unwrap_or_else(|| app.ids.fresh()),
        partner: me,
        guide: g.id.clone(),
        exercise: e.id.clone(),
        created: app
            .data
            .exercises
            .iter()
            .find(|r| Some(&r.id) == run.result_id.as_ref())
            .map(|r| r.created)
            .unwrap_or(now),
        updated: now,
        value,
        shared: false,
        sealed: None,
    };
    let back = Reply::open(std::mem::take(&mut *run.back));
    match answer {
        Some(SafetyAnswer::Danger) => {
            // What was ticked is not stored; what it means is said plainly, numbers first.
            app.safety_note = Some(
                "What you ticked is a sign of danger. Your safety comes before any work on trust: \
                 please reach out for support on your own, from a device you trust. Working on \
                 this together is not advised while any of it is true. Ctrl-Q hides the screen at once."
                    .into(),
            );
            app.overlay = Some(Overlay::Safety);
            app.overlay_scroll = 0;
        }
        Some(SafetyAnswer::NotYet) => {
            app.overlay = Some(Overlay::NotYet);
            app.overlay_scroll = 0;
        }
        Some(SafetyAnswer::Clear) if ephemeral => {
            app.status = Some("Nothing was stored. Nothing you ticked suggests a safety concern; you can come back to this check any time.".into());
        }
        _ => {}
    }
    if ephemeral {
        return back;
    }
    app.status = Some("Saved.".into());
    back.with([Effect::SaveExercise(actor, result)])
}

/// The partner's saved result in words, for the reader.
pub fn summary(app: &App, e: &Exercise) -> Option<String> {
    let r = saved(app, &e.id)?;
    let when = r.updated.format("%-d %b");
    Some(match &r.value {
        ExerciseValue::Reflection { text } => {
            format!("You wrote on {when}: {}", first_words(text, 20))
        }
        ExerciseValue::Checklist { ticked } => {
            format!("{} ticked (last saved {when})", ticked.len())
        }
        ExerciseValue::Scale { value } => format!("You chose {value} on {when}"),
        ExerciseValue::Private => format!("Saved on {when}, private (unlock to see it)"),
        ExerciseValue::Form { fields } => {
            let done = fields.iter().filter(|f| !f.text.trim().is_empty()).count();
            format!(
                "{done} of {} parts written (last saved {when})",
                fields.len()
            )
        }
    })
}

fn first_words(s: &str, n: usize) -> String {
    let words: Vec<&str> = s.split_whitespace().collect();
    let mut out = words.iter().take(n).copied().collect::<Vec<_>>().join(" ");
    if words.len() > n {
        out.push('…');
    }
    out
}

/// The keys of this screen: what its handler matches, and its footer and help.
pub static KEYS: Table = Table {
    title: "An exercise",
    bindings: &[
        b(
            "Ctrl-S",
            "save (Enter too, for a checklist or a scale)",
            "save",
            Action::Save,
        ),
        b(
            "Space, x",
            "tick or untick an item (checklist)",
            "tick",
            Action::Tick,
        ),
        b(
            "0-9, Left, Right, Home, End",
            "choose a number (scale; End for 10)",
            "",
            Action::Number,
        ),
        b(
            "Tab, Shift-Tab",
            "next or previous part (form)",
            "",
            Action::Cycle,
        ),
        b("Esc", "leave without saving", "", Action::Back),
        b(
            "Up, Down, k, j",
            "choose an item (checklist)",
            "",
            Action::Move,
        ),
        b(
            "Enter",
            "save a checklist or a scale; next part of a form",
            "",
            Action::Save,
        ),
    ],
};

impl View for Run {
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
    fn back(&mut self) -> Option<&mut Box<Screen>> {
        Some(&mut self.back)
    }
    fn render(&self, frame: &mut ratatui::Frame, app: &App) {
        render(frame, app, self)
    }
}
