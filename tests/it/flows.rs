//! Flows through the workbook driven by keys (`ui::update` with `Msg`s), asserting on the state
//! and the effects: the check-in's question, moments and their screen, reassurance seen, stars,
//! the timed talk's rounds, the editor's keys, tags and the all-time progress view.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::PathBuf;
use trustwork::clock::Clock;
use trustwork::content::Pack;
use trustwork::model::*;
use trustwork::ui::theme::Theme;
use trustwork::ui::{App, Data, Effect, Msg, Screen, render, update};

fn now() -> Timestamp {
    "2026-11-25T09:00:00+00:00".parse().unwrap()
}

fn partner(id: &str, name: &str, role: Role) -> Partner {
    Partner {
        id: id.into(),
        name: name.into(),
        role,
        created: now(),
    }
}

fn entry(id: &str, who: &str, body: &str, mins: i64) -> Entry {
    Entry {
        id: id.into(),
        author: who.into(),
        created: now() - chrono::Duration::minutes(mins),
        updated: now(),
        title: None,
        body: body.into(),
        tags: vec![],
        starred: false,
        for_counsellor: false,
        link: None,
        visibility: Visibility::Shared,
        source: None,
        responds_to: None,
        sealed: None,
    }
}

#[allow(dead_code)]
fn moment(id: &str, who: &str, days_ago: i64, strength: u8) -> Moment {
    Moment {
        id: id.into(),
        partner: who.into(),
        date: now() - chrono::Duration::days(days_ago),
        strength,
        trigger: None,
        helped: None,
        note: None,
        reassure: false,
        shared: false,
        acknowledged: None,
        sealed: None,
    }
}

/// Alex (hurt) and Sam (repairing), with two entries and no check-in today.
fn couple() -> Data {
    Data {
        partners: vec![
            partner("pa", "Alex", Role::Hurt),
            partner("pb", "Sam", Role::Repairing),
        ],
        recent_entries: vec![
            entry("e1", "pa", "We talked.", 10),
            entry("e2", "pb", "A walk by the river.", 600),
        ],
        ..Data::default()
    }
}

fn app(data: Data) -> App {
    App::new(
        Pack::embedded(),
        PathBuf::from("/home/you/.local/share/trustwork"),
        Clock::Fixed(now()),
        Theme::mono(),
        data,
    )
}

fn press(a: &mut App, code: KeyCode) -> Vec<Effect> {
    update(a, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)))
}

fn ctrl(a: &mut App, c: char) -> Vec<Effect> {
    update(
        a,
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
    )
}

fn typed(a: &mut App, text: &str) {
    for c in text.chars() {
        press(a, KeyCode::Char(c));
    }
}

fn draw(a: &mut App, w: u16, h: u16) -> String {
    update(a, Msg::Resize(w, h));
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| render(f, a)).unwrap();
    let buf = term.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..w {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let sym = buf[(x, y)].symbol();
            skip = trustwork::text::display_width(sym).saturating_sub(1);
            line.push_str(sym);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

// ---- 1. The check-in keeps the answer to today's question, and asks before discarding.

/// From home to the check-in's last part, today's question, with trust 6.
fn at_todays_question(a: &mut App) {
    press(a, KeyCode::Char('c'));
    assert!(matches!(a.screen, Screen::Checkin(_)));
    press(a, KeyCode::Char('6'));
    for _ in 0..3 {
        press(a, KeyCode::Tab);
    }
    assert!(
        a.derived.prompt_today.is_some(),
        "the fixture has a question today"
    );
}

#[test]
fn the_answer_typed_to_todays_question_is_saved_with_the_check_in() {
    let mut a = app(couple());
    at_todays_question(&mut a);
    // `s` is a letter here: "sleep" is typed, not "save and skip".
    typed(&mut a, "sleep came easier");
    assert!(matches!(a.screen, Screen::Checkin(_)), "s did not leave");
    let effects = ctrl(&mut a, 's');
    let link = a.derived.prompt_today.clone().unwrap().0;
    match effects.as_slice() {
        [
            Effect::SaveCheckin(_, c),
            Effect::SaveEntry(who, e, private),
        ] => {
            assert_eq!(c.trust, 6);
            assert_eq!(who.partner, "pa");
            assert_eq!(e.author, "pa");
            assert_eq!(e.body, "sleep came easier");
            assert_eq!(e.link.as_ref(), Some(&link), "it answers today's prompt");
            assert!(
                !private,
                "no passphrase: shared, as the editor would save it"
            );
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(a.screen, Screen::Home(_)));
    assert!(a.status.as_deref().unwrap().contains("your answer"));
    let prompt = link.prompt.unwrap();
    assert!(a.data.answered.contains(&("pa".to_string(), prompt)));
}

#[test]
fn enter_on_a_typed_answer_saves_it_and_enter_on_none_opens_the_editor() {
    let mut a = app(couple());
    at_todays_question(&mut a);
    typed(&mut a, "a line");
    let effects = press(&mut a, KeyCode::Enter);
    assert!(
        matches!(effects.as_slice(), [Effect::SaveCheckin(..), Effect::SaveEntry(_, e, _)] if e.body == "a line")
    );
    assert!(matches!(a.screen, Screen::Home(_)));
    let mut a = app(couple());
    at_todays_question(&mut a);
    let effects = press(&mut a, KeyCode::Enter);
    assert!(matches!(effects.as_slice(), [Effect::SaveCheckin(..)]));
    assert!(matches!(a.screen, Screen::Editor(_)));
}

#[test]
fn esc_on_a_changed_check_in_asks_before_discarding() {
    // Nothing changed: Esc leaves at once.
    let mut a = app(couple());
    press(&mut a, KeyCode::Char('c'));
    press(&mut a, KeyCode::Esc);
    assert!(matches!(a.screen, Screen::Home(_)));
    // Something typed: Esc asks; any other key keeps everything.
    let mut a = app(couple());
    at_todays_question(&mut a);
    typed(&mut a, "kept");
    assert!(press(&mut a, KeyCode::Esc).is_empty());
    let Screen::Checkin(c) = &a.screen else {
        panic!("Esc left without asking")
    };
    assert!(c.confirm_leave);
    assert!(draw(&mut a, 80, 24).contains("Leave without saving?"));
    press(&mut a, KeyCode::Char('x'));
    let Screen::Checkin(c) = &a.screen else {
        panic!()
    };
    assert_eq!((c.answer.as_str(), c.confirm_leave), ("kept", false));
    // d discards, saving nothing.
    press(&mut a, KeyCode::Esc);
    assert!(press(&mut a, KeyCode::Char('d')).is_empty());
    assert!(matches!(a.screen, Screen::Home(_)));
    // s saves all of it.
    let mut a = app(couple());
    at_todays_question(&mut a);
    typed(&mut a, "kept");
    press(&mut a, KeyCode::Esc);
    let effects = press(&mut a, KeyCode::Char('s'));
    assert!(matches!(
        effects.as_slice(),
        [Effect::SaveCheckin(..), Effect::SaveEntry(..)]
    ));
}

// ---- 7. Tags: commas separate them; the words of one are joined with a hyphen.

#[test]
fn tags_typed_with_commas_are_saved_as_the_writer_meant_them() {
    let mut a = app(couple());
    press(&mut a, KeyCode::Char('w'));
    typed(&mut a, "It was hard.");
    press(&mut a, KeyCode::Tab);
    press(&mut a, KeyCode::Tab);
    typed(&mut a, "hurt, party night");
    let effects = ctrl(&mut a, 's');
    let saved = effects.iter().find_map(|e| match e {
        Effect::SaveEntry(_, e, _) => Some(e.clone()),
        _ => None,
    });
    assert_eq!(saved.unwrap().tags, ["hurt", "party-night"]);
}
