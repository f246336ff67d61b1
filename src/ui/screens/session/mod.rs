//! Together on one laptop: a guide's questions taken in turns. One partner answers while the
//! screen asks the other to look away; then the other answers; both answers are revealed side
//! by side; then a shared note. A break can be called at any time, and the session resumes on
//! the same question.

use super::keys::Keys;
use super::keys::{Action, Table, b};
use super::view::View;
use super::{App, Effect, Reply, Screen};
use crate::content::Audience;
use crate::model::{Entry, Partner, PromptLink, Role, Visibility};
use crate::privacy::Actor;
use crate::together::{Question, Session, Step};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{TextArea, WrapMode};

mod pause;
mod render;
pub use pause::{BREAK_MINUTES, BreakScreen, KEYS as BREAK_KEYS};
pub use render::render;

#[derive(Debug, Clone)]
pub struct SessionScreen {
    pub session: Session,
    /// The answerer said they are ready (the other is looking away).
    pub ready: bool,
    pub text: TextArea<'static>,
    pub heard: String,
    pub try_next: String,
    /// 0: what we heard, 1: what we agree to try.
    pub note_field: usize,
    /// Keys of the answerers who unlocked during this visit, so their answers can be sealed
    /// until the reveal and opened at it. In memory only; dropped on leaving or hiding.
    pub keys: Vec<(String, crate::privacy::DataKey)>,
}

fn area() -> TextArea<'static> {
    let mut t = TextArea::default();
    t.set_wrap_mode(WrapMode::WordOrGlyph);
    t
}

/// Who answers a question: both for a `both` question; for a role's question, the partner of
/// that role (or both, if neither has said).
fn answerers(audience: Audience, partners: &[Partner]) -> Vec<String> {
    let role = match audience {
        Audience::Both => None,
        Audience::Hurt => Some(Role::Hurt),
        Audience::Repairing => Some(Role::Repairing),
    };
    let matching: Vec<String> = partners
        .iter()
        .filter(|p| role.is_none_or(|r| p.role == r))
        .map(|p| p.id.clone())
        .collect();
    if matching.is_empty() {
        partners.iter().map(|p| p.id.clone()).collect()
    } else {
        matching
    }
}

/// Starts (or resumes) a together session on a guide.
pub fn open(app: &mut App, guide: &str) -> Reply {
    if app.data.partners.len() < 2 {
        app.status = Some("A together session needs two partners (add one in Settings).".into());
        return Reply::stay();
    }
    if let Some(s) = app
        .data
        .sessions
        .iter()
        .find(|s| s.guide == guide && s.finished.is_none())
    {
        let screen = SessionScreen::new(s.clone());
        app.status = Some("Resumed where you paused.".into());
        return Reply::open(Screen::Session(Box::new(screen)));
    }
    let Some(g) = app.pack.guide(guide) else {
        return Reply::stay();
    };
    // The active partner answers first.
    let mut partners = app.data.partners.clone();
    let first = app.active.min(partners.len() - 1);
    partners.rotate_left(first);
    let questions: Vec<Question> = g
        .prompts
        .iter()
        .map(|p| Question {
            prompt: p.id.clone(),
            text: p.text.clone(),
            answerers: answerers(p.audience.unwrap_or(g.audience), &partners),
            answers: Vec::new(),
            heard: None,
            agreed_to_try: None,
        })
        .collect();
    if questions.is_empty() {
        return Reply::stay();
    }
    let session = Session {
        id: app.ids.fresh(),
        guide: guide.to_string(),
        started: app.clock.now(),
        questions,
        index: 0,
        step: Step::Answer(0),
        finished: None,
    };
    Reply::open(Screen::Session(Box::new(SessionScreen::new(session))))
}

impl SessionScreen {
    fn new(session: Session) -> SessionScreen {
        SessionScreen {
            session,
            ready: false,
            text: area(),
            heard: String::new(),
            try_next: String::new(),
            note_field: 0,
            keys: Vec::new(),
        }
    }
}

/// A partner acting in the session: with their key when they unlocked during it (or are the
/// unlocked active partner).
fn actor_for(app: &App, s: &SessionScreen, partner: &str) -> Actor {
    let key = s
        .keys
        .iter()
        .find(|(p, _)| p == partner)
        .map(|(_, k)| k.clone())
        .or_else(|| {
            app.unlocked
                .as_ref()
                .filter(|(p, _)| p == partner)
                .map(|(_, k)| k.clone())
        });
    match key {
        Some(k) => Actor::unlocked(partner, k),
        None => Actor::new(partner),
    }
}

/// Opens, in memory, the sealed answers of the current question whose authors' keys are here.
/// Returns the first partner whose answer is still sealed.
fn open_answers(app: &App, s: &mut SessionScreen) -> Option<String> {
    let idx = s.session.index;
    let actors: Vec<Actor> = s
        .session
        .questions
        .get(idx)?
        .answers
        .iter()
        .map(|a| actor_for(app, s, &a.partner))
        .collect();
    let q = s.session.questions.get_mut(idx)?;
    let mut still = None;
    for (a, actor) in q.answers.iter_mut().zip(actors) {
        if a.sealed.is_none() {
            continue;
        }
        match actor.key() {
            Some(k) if crate::privacy::open_answer(a, k).is_ok() => {}
            _ => {
                still.get_or_insert_with(|| a.partner.clone());
            }
        }
    }
    still
}

fn paste(s: &mut SessionScreen, text: &str) {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    match s.session.step {
        Step::Answer(_) if s.ready => {
            s.text.insert_str(text);
        }
        Step::Note => {
            let line: String = text
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            if s.note_field == 0 {
                s.heard.push_str(&line)
            } else {
                s.try_next.push_str(&line)
            }
        }
        _ => {}
    }
}

pub fn typing(s: &SessionScreen) -> bool {
    (matches!(s.session.step, Step::Answer(_)) && s.ready) || s.session.step == Step::Note
}

fn on_key(s: &mut SessionScreen, app: &mut App, key: &KeyEvent) -> Reply {
    use super::keys::Action;
    let now = app.clock.now();
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    // Who acts now: the answerer on their turn; otherwise the active partner.
    let answerer = match s.session.step {
        Step::Answer(turn) => s
            .session
            .current()
            .and_then(|q| q.answerers.get(turn).cloned()),
        _ => None,
    };
    let me = app
        .active_partner()
        .map(|p| p.id.clone())
        .unwrap_or_default();
    let who = answerer.clone().unwrap_or(me);
    let actor = actor_for(app, s, &who);
    let answerer_locked = answerer
        .as_ref()
        .is_some_and(|a| super::unlock::is_keyed(app, a) && actor.key().is_none());
    if ctrl && key.code == KeyCode::Char('b') {
        let until = now + chrono::Duration::minutes(BREAK_MINUTES);
        return Reply::push(Screen::Break(BreakScreen::new(until)))
            .with([Effect::SaveSession(actor, s.session.clone())]);
    }
    if key.code == KeyCode::Esc {
        app.status =
            Some("Paused. Open the guide and press t to go on from the same question.".into());
        return Reply::home().with([Effect::SaveSession(actor, s.session.clone())]);
    }
    match s.session.step {
        Step::Answer(_) if !s.ready => {
            if key.code == KeyCode::Enter {
                if answerer_locked && let Some(a) = answerer {
                    // Their answer is sealed with their own key until the reveal.
                    super::unlock::ask_for(app, a, super::unlock::Then::Session(*key));
                    return Reply::stay();
                }
                s.ready = true;
            }
            Reply::stay()
        }
        Step::Answer(_) => match (super::keys::action(KEYS.bindings, key), key.code) {
            (Some(Action::Save), KeyCode::Char('s')) if ctrl => {
                let text = s.text.lines().join("\n").trim().to_string();
                if text.is_empty() {
                    app.status =
                        Some("Write an answer, or Ctrl-N to pass on this question.".into());
                    return Reply::stay();
                }
                s.session.answer(Some(text), now);
                s.ready = false;
                s.text = area();
                Effect::SaveSession(actor, s.session.clone()).into()
            }
            (Some(Action::Pass), KeyCode::Char('n')) if ctrl => {
                s.session.answer(None, now);
                s.ready = false;
                s.text = area();
                Effect::SaveSession(actor, s.session.clone()).into()
            }
            _ => {
                s.text.input(*key);
                Reply::stay()
            }
        },
        Step::Reveal => {
            if key.code == KeyCode::Enter {
                let had_sealed = s
                    .session
                    .current()
                    .is_some_and(|q| q.answers.iter().any(|a| a.sealed.is_some()));
                if let Some(p) = open_answers(app, s) {
                    // A resumed session: the answer's author unlocks it for the reveal.
                    super::unlock::ask_for(app, p, super::unlock::Then::Session(*key));
                } else if !had_sealed {
                    s.session.advance(now);
                }
            }
            Reply::stay()
        }
        Step::Note => match (super::keys::action(KEYS.bindings, key), key.code) {
            (_, KeyCode::Tab | KeyCode::BackTab) => {
                s.note_field = 1 - s.note_field;
                Reply::stay()
            }
            (_, KeyCode::Backspace) => {
                if s.note_field == 0 {
                    s.heard.pop()
                } else {
                    s.try_next.pop()
                };
                Reply::stay()
            }
            (_, KeyCode::Char(c)) if !ctrl => {
                if s.note_field == 0 {
                    s.heard.push(c)
                } else {
                    s.try_next.push(c)
                }
                Reply::stay()
            }
            (Some(Action::Next), KeyCode::Enter) if s.note_field == 0 => {
                s.note_field = 1;
                Reply::stay()
            }
            (Some(Action::Next), KeyCode::Enter | KeyCode::Char('s')) => finish_question(s, app),
            _ => Reply::stay(),
        },
    }
}

/// Writes the revealed answers and the shared note to the journal, and moves on.
fn finish_question(s: &mut SessionScreen, app: &mut App) -> Reply {
    let now = app.clock.now();
    let me = app
        .active_partner()
        .map(|p| p.id.clone())
        .unwrap_or_default();
    let guide = s.session.guide.clone();
    let idx = s.session.index;
    let heard = Some(s.heard.trim().to_string()).filter(|x| !x.is_empty());
    let try_next = Some(s.try_next.trim().to_string()).filter(|x| !x.is_empty());
    let mut effects = Vec::new();
    if let Some(q) = s.session.questions.get_mut(idx) {
        q.heard = heard.clone();
        q.agreed_to_try = try_next.clone();
        let link = PromptLink {
            guide: guide.clone(),
            prompt: Some(q.prompt.clone()),
            prompt_text: Some(q.text.clone()),
        };
        for a in &q.answers {
            if let Some(text) = &a.text {
                // Revealed, so shared: each answer becomes its author's own entry.
                effects.push(Effect::SaveEntry(
                    Actor::new(a.partner.clone()),
                    Entry {
                        id: app.ids.fresh(),
                        author: a.partner.clone(),
                        created: a.at,
                        updated: now,
                        title: None,
                        body: text.clone(),
                        tags: vec!["together".into()],
                        starred: false,
                        for_counsellor: false,
                        link: Some(link.clone()),
                        visibility: Visibility::Shared,
                        source: None,
                        responds_to: None,
                        sealed: None,
                    },
                    false,
                ));
            }
        }
        if heard.is_some() || try_next.is_some() {
            let mut body = String::new();
            if let Some(h) = &heard {
                body.push_str(&format!("What we heard: {h}\n"));
            }
            if let Some(t) = &try_next {
                body.push_str(&format!("What we agree to try: {t}\n"));
            }
            effects.push(Effect::SaveEntry(
                Actor::new(me.clone()),
                Entry {
                    id: app.ids.fresh(),
                    author: me.clone(),
                    created: now,
                    updated: now,
                    title: Some("Our shared note".into()),
                    body: body.trim_end().to_string(),
                    tags: vec!["together".into(), "shared-note".into()],
                    starred: false,
                    for_counsellor: false,
                    link: Some(link),
                    visibility: Visibility::Shared,
                    source: None,
                    responds_to: None,
                    sealed: None,
                },
                false,
            ));
        }
    }
    s.session.advance(now);
    s.heard.clear();
    s.try_next.clear();
    s.note_field = 0;
    s.ready = false;
    effects.push(Effect::SaveSession(Actor::new(me), s.session.clone()));
    if s.session.finished.is_some() {
        app.status =
            Some("That was the last question. Your answers and notes are in the journal.".into());
        return Reply::home().with(effects);
    }
    effects.into()
}

/// The keys of this screen: what its handler matches, and its footer and help.
pub static KEYS: Table = Table {
    title: "Together",
    bindings: &[
        b(
            "Enter",
            "ready to answer; after the reveal, go on to the note",
            "go on",
            Action::Next,
        ),
        b("Ctrl-S", "done answering", "done", Action::Save),
        b("Ctrl-N", "pass on this question", "pass", Action::Pass),
        b(
            "Ctrl-B",
            "take a break (at least 20 minutes)",
            "break",
            Action::Break,
        ),
        b(
            "Esc",
            "pause: resume later on the same question",
            "",
            Action::Back,
        ),
    ],
};

impl View for SessionScreen {
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
    fn render(&self, frame: &mut ratatui::Frame, app: &App) {
        render(frame, app, self)
    }
}
