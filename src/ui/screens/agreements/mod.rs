//! Agreements & promises: the couple's boundaries and expectations (proposed by one, agreed by
//! each on their own turn, reviewed, retired with a reason) and each partner's promises (marked
//! kept or missed by their author, confirmed or questioned by the other).

use super::keys::{Action, Table, b};
use super::{App, Effect, Reply, Screen};
use crate::together::{Agreement, Category, Kept, Promise, Repeat, Response};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod render;
pub use render::render;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Agreements,
    Promises,
}

/// A line being typed, and what it is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Input {
    NewAgreement(Category),
    EditAgreement(String),
    Retire(String),
    NewPromise(Repeat),
}

#[derive(Debug, Clone)]
pub struct AgreementsScreen {
    pub tab: Tab,
    pub cursor: usize,
    pub input: Option<(Input, String)>,
}

pub fn open(tab: Tab) -> Reply {
    Reply::open(Screen::Agreements(AgreementsScreen {
        tab,
        cursor: 0,
        input: None,
    }))
}

/// From a guide's `agreement` or `promise` exercise: the form opens with its first suggestion.
pub fn open_with(input: Input, text: String) -> Reply {
    let tab = if matches!(input, Input::NewPromise(_)) {
        Tab::Promises
    } else {
        Tab::Agreements
    };
    let back = AgreementsScreen {
        tab,
        cursor: 0,
        input: Some((input, text)),
    };
    Reply::open(Screen::Agreements(back))
}

pub fn typing(s: &AgreementsScreen) -> bool {
    s.input.is_some()
}

fn sorted_agreements(app: &App) -> Vec<&Agreement> {
    let mut v: Vec<&Agreement> = app.data.agreements.iter().collect();
    v.sort_by_key(|a| (a.retired.is_some(), std::cmp::Reverse(a.created)));
    v
}

fn sorted_promises(app: &App) -> Vec<&Promise> {
    let mut v: Vec<&Promise> = app.data.promises.iter().collect();
    v.sort_by_key(|p| (p.retired.is_some(), std::cmp::Reverse(p.created)));
    v
}

fn on_key(s: &mut AgreementsScreen, app: &mut App, key: &KeyEvent) -> Reply {
    // Esc leaves the list; in the form it only closes the form.
    if s.input.is_none() && key.code == KeyCode::Esc {
        return Reply::home();
    }
    act(s, app, key).into()
}

/// Why `y` changes nothing on an agreement the partner has already agreed to, in words.
fn agreed_already(app: &App, a: &Agreement, me: &str) -> String {
    let Some(other) = app.other_partner() else {
        return "You made this agreement. An agreement holds once both partners agree: settings can add a second partner.".into();
    };
    let name = crate::text::escape_line(&other.name);
    let when = |who: &str| {
        a.agreed
            .iter()
            .find(|c| c.partner == who)
            .map(|c| c.at.format("%-d %b").to_string())
            .unwrap_or_default()
    };
    match (a.proposed_by == me, a.has_agreed(&other.id)) {
        (_, true) => format!(
            "You both agreed to this: you on {}, {name} on {}. Nothing to add.",
            when(me),
            when(&other.id)
        ),
        (true, false) => format!(
            "You made this agreement; {name} agrees to it with y (Tab on home switches to {name})."
        ),
        (false, false) => format!("You agreed to this on {}; it waits for {name}.", when(me)),
    }
}

/// What a key does in the list or the form.
fn act(s: &mut AgreementsScreen, app: &mut App, key: &KeyEvent) -> Vec<Effect> {
    use super::keys::Action;
    let now = app.clock.now();
    let today = app.clock.today();
    let Some(me) = app.active_partner().map(|p| p.id.clone()) else {
        return Vec::new();
    };
    let actor = app.actor();
    let agreements: Vec<Agreement> = sorted_agreements(app).into_iter().cloned().collect();
    let promises: Vec<Promise> = sorted_promises(app).into_iter().cloned().collect();
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);

    if let Some((input, text)) = &mut s.input {
        match (super::keys::action(KEYS.bindings, key), key.code) {
            (_, KeyCode::Esc) => s.input = None,
            (_, KeyCode::Backspace) => {
                text.pop();
            }
            (_, KeyCode::Tab) => {
                // Tab changes the kind of what is being written.
                let next = match &*input {
                    Input::NewAgreement(Category::Boundary) => {
                        Input::NewAgreement(Category::Expectation)
                    }
                    Input::NewAgreement(Category::Expectation) => {
                        Input::NewAgreement(Category::Boundary)
                    }
                    Input::NewPromise(Repeat::Once) => Input::NewPromise(Repeat::Daily),
                    Input::NewPromise(Repeat::Daily) => Input::NewPromise(Repeat::Weekly),
                    Input::NewPromise(Repeat::Weekly) => Input::NewPromise(Repeat::Once),
                    other => other.clone(),
                };
                *input = next;
            }
            (_, KeyCode::Char(c)) if !ctrl && text.chars().count() < 300 => text.push(c),
            (_, KeyCode::Enter) => {
                let value = text.trim().to_string();
                if value.is_empty() {
                    app.status = Some("Write something first, or Esc.".into());
                    return Vec::new();
                }
                let input = input.clone();
                s.input = None;
                return match input {
                    Input::NewAgreement(cat) => {
                        let a = Agreement::new(app.ids.fresh(), cat, value, &me, now, 30);
                        app.status = Some(
                            "Proposed. It is agreed once your partner confirms it on their turn."
                                .into(),
                        );
                        vec![Effect::SaveAgreement(actor.clone(), a)]
                    }
                    Input::EditAgreement(id) => match agreements.into_iter().find(|a| a.id == id) {
                        Some(mut a) => {
                            a.edit(value, &me, now);
                            app.status = Some("Changed. The old wording is kept in its history; it needs agreeing again.".into());
                            vec![Effect::SaveAgreement(actor.clone(), a)]
                        }
                        None => Vec::new(),
                    },
                    Input::Retire(id) => match agreements.into_iter().find(|a| a.id == id) {
                        Some(mut a) => {
                            a.retire(&me, value, now);
                            vec![Effect::SaveAgreement(actor.clone(), a)]
                        }
                        None => Vec::new(),
                    },
                    Input::NewPromise(repeat) => {
                        // A one-off promise may end with "by YYYY-MM-DD": its due date.
                        let (value, due) = match repeat {
                            Repeat::Once => crate::together::split_due(&value),
                            _ => (value, None),
                        };
                        let text = if value.to_lowercase().starts_with("i will") {
                            value
                        } else {
                            format!("I will {value}")
                        };
                        let p = Promise {
                            id: app.ids.fresh(),
                            by: me,
                            text,
                            created: now,
                            repeat,
                            due,
                            occurrences: Vec::new(),
                            retired: None,
                            guide: None,
                        };
                        app.status =
                            Some("Promised. Mark it kept or missed as it comes due.".into());
                        vec![Effect::SavePromise(actor.clone(), p)]
                    }
                };
            }
            _ => {}
        }
        return Vec::new();
    }

    let len = match s.tab {
        Tab::Agreements => agreements.len(),
        Tab::Promises => promises.len(),
    };
    match (super::keys::action(KEYS.bindings, key), key.code) {
        (
            Some(Action::View),
            KeyCode::Left | KeyCode::Right | KeyCode::Char('1') | KeyCode::Char('2'),
        ) => {
            s.tab = match (super::keys::action(KEYS.bindings, key), key.code) {
                (Some(Action::View), KeyCode::Char('1')) => Tab::Agreements,
                (Some(Action::View), KeyCode::Char('2')) => Tab::Promises,
                _ if s.tab == Tab::Agreements => Tab::Promises,
                _ => Tab::Agreements,
            };
            s.cursor = 0;
        }
        (Some(Action::Move), KeyCode::Down | KeyCode::Char('j')) => {
            s.cursor = (s.cursor + 1).min(len.saturating_sub(1))
        }
        (Some(Action::Move), KeyCode::Up | KeyCode::Char('k')) => {
            s.cursor = s.cursor.saturating_sub(1)
        }
        (Some(Action::New), KeyCode::Char('n')) => {
            s.input = Some(match s.tab {
                Tab::Agreements => (Input::NewAgreement(Category::Boundary), String::new()),
                Tab::Promises => (Input::NewPromise(Repeat::Daily), String::new()),
            });
        }
        _ => match s.tab {
            Tab::Agreements => {
                let Some(a) = agreements.get(s.cursor).cloned() else {
                    return Vec::new();
                };
                match (super::keys::action(KEYS.bindings, key), key.code) {
                    (_, KeyCode::Char('y') | KeyCode::Enter)
                        if a.retired.is_none() && !a.has_agreed(&me) =>
                    {
                        let mut a = a;
                        a.agree(&me, now);
                        app.status = Some("Agreed.".into());
                        return vec![Effect::SaveAgreement(actor.clone(), a)];
                    }
                    // The wording is its proposer's: the other partner agrees, or not, or retires it.
                    (Some(Action::Edit), KeyCode::Char('e'))
                        if a.retired.is_none() && a.proposed_by != me =>
                    {
                        app.status = Some(
                            "The wording is your partner's to change. You can leave it unagreed, or retire it (r) with a reason.".into(),
                        );
                    }
                    (Some(Action::Edit), KeyCode::Char('e')) if a.retired.is_none() => {
                        s.input = Some((Input::EditAgreement(a.id.clone()), a.text.clone()))
                    }
                    (Some(Action::Retire), KeyCode::Char('r')) if a.retired.is_none() => {
                        s.input = Some((Input::Retire(a.id.clone()), String::new()))
                    }
                    (Some(Action::Agree), _) if a.retired.is_some() => {
                        app.status = Some("This agreement was retired.".into())
                    }
                    (Some(Action::Agree), _) => app.status = Some(agreed_already(app, &a, &me)),
                    (Some(Action::Missed | Action::Answer), _) => {
                        app.status =
                            Some("Those keys are for promises: Right (or 2) shows them.".into())
                    }
                    _ => {}
                }
            }
            Tab::Promises => {
                let Some(mut p) = promises.get(s.cursor).cloned() else {
                    return Vec::new();
                };
                if p.retired.is_some() {
                    return Vec::new();
                }
                let mine = p.by == me;
                match (super::keys::action(KEYS.bindings, key), key.code) {
                    (Some(Action::Agree), KeyCode::Char('y')) if mine => {
                        p.mark(Kept::Kept, today, now)
                    }
                    (Some(Action::Missed), KeyCode::Char('x')) if mine => {
                        p.mark(Kept::Missed, today, now)
                    }
                    (Some(Action::Missed), KeyCode::Char('-')) if mine => {
                        p.mark(Kept::NotDue, today, now)
                    }
                    (Some(Action::Answer), KeyCode::Char('c')) if !mine => {
                        if !p.respond(Response::Confirmed) {
                            return Vec::new();
                        }
                    }
                    (Some(Action::Answer), KeyCode::Char('q')) if !mine => {
                        if !p.respond(Response::Questioned) {
                            return Vec::new();
                        }
                        app.status = Some(
                            "Questioned. A calm word about it may help more than the mark.".into(),
                        );
                    }
                    (Some(Action::Retire), KeyCode::Char('r')) if mine => p.retired = Some(now),
                    (Some(Action::Edit), _) => {
                        app.status = Some(
                            "A promise keeps its words: retire it (r) and make a new one.".into(),
                        );
                        return Vec::new();
                    }
                    (Some(Action::Answer), _) => {
                        app.status = Some(
                            "Your partner confirms or questions your marks; you mark them (y, x, -)."
                                .into(),
                        );
                        return Vec::new();
                    }
                    (_, KeyCode::Char('y' | 'x' | '-' | 'r')) => {
                        app.status = Some("Only the one who made a promise marks it; the other confirms (c) or questions (q).".into());
                        return Vec::new();
                    }
                    _ => return Vec::new(),
                }
                return vec![Effect::SavePromise(actor.clone(), p)];
            }
        },
    }
    Vec::new()
}

/// The keys of this screen: what its handler matches, and its footer and help.
pub static KEYS: Table = Table {
    title: "Agreements & promises",
    bindings: &[
        b(
            "Left, Right, 1, 2",
            "agreements or promises",
            "switch",
            Action::View,
        ),
        b(
            "n",
            "propose an agreement, or make a promise (Tab: its kind)",
            "new",
            Action::New,
        ),
        b(
            "y",
            "agree to the chosen agreement; or mark your promise kept",
            "agree/kept",
            Action::Agree,
        ),
        b(
            "x, -",
            "mark your promise missed (- : not due)",
            "",
            Action::Missed,
        ),
        b(
            "c, q",
            "confirm or question your partner's latest mark",
            "",
            Action::Answer,
        ),
        b(
            "e",
            "change an agreement's wording (both agree again)",
            "",
            Action::Edit,
        ),
        b(
            "r",
            "retire an agreement (with a reason) or a promise",
            "",
            Action::Retire,
        ),
        b(
            "Up, Down, k, j",
            "choose an agreement or a promise",
            "",
            Action::Move,
        ),
    ],
};

impl super::view::View for AgreementsScreen {
    fn keys(&self) -> super::keys::Keys {
        &KEYS
    }
    fn typing(&self) -> bool {
        typing(self)
    }
    fn on_key(&mut self, app: &mut App, key: &KeyEvent) -> Reply {
        on_key(self, app, key)
    }
    fn render(&self, frame: &mut ratatui::Frame, app: &App) {
        render(frame, app, self)
    }
}
