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

use super::screens::draw;

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

// ---- 11. Stars: `*` stars one's own entry, shown as ★ in the list.

fn journal(a: &mut App) {
    let effects = press(a, KeyCode::Char('j'));
    assert!(effects.contains(&Effect::LoadJournal));
    let entries = a.data.recent_entries.clone();
    update(a, Msg::JournalLoaded(entries, vec![], vec![]));
}

#[test]
fn star_marks_your_own_entry_and_not_your_partners() {
    let mut a = app(couple());
    journal(&mut a);
    // The newest is Alex's own: `*` stars it.
    let effects = press(&mut a, KeyCode::Char('*'));
    assert!(
        matches!(effects.as_slice(), [Effect::StarEntry(who, id, true)] if who.partner == "pa" && id == "e1"),
        "{effects:?}"
    );
    update(&mut a, Msg::Starred("e1".into(), true));
    assert!(a.status.as_deref().unwrap().contains("Starred"));
    let text = draw(&mut a, 80, 24);
    assert!(text.contains("★ "), "{text}");
    // Pressed again on the starred entry: unstar.
    let effects = press(&mut a, KeyCode::Char('*'));
    assert!(matches!(
        effects.as_slice(),
        [Effect::StarEntry(_, _, false)]
    ));
    // Sam's entry: nothing is asked of the store, and the status says why.
    press(&mut a, KeyCode::Down);
    assert!(press(&mut a, KeyCode::Char('*')).is_empty());
    assert!(
        a.status.as_deref().unwrap().contains("Sam's"),
        "{:?}",
        a.status
    );
    // In the reader too.
    press(&mut a, KeyCode::Up);
    press(&mut a, KeyCode::Enter);
    let effects = press(&mut a, KeyCode::Char('*'));
    assert!(matches!(effects.as_slice(), [Effect::StarEntry(_, id, false)] if id == "e1"));
}

// ---- 2. and 3. Moments: sharing is visible, the moments screen, reassurance seen.

/// Alex's three moments (one shared, one asking for reassurance that Sam saw), and Sam's two:
/// one shared, one kept to Sam (its words in memory, as for a partner with no passphrase).
fn with_moments() -> Data {
    let mut d = couple();
    let mine = |id: &str, days: i64, strength: u8, trigger: &str, helped: &str| Moment {
        trigger: Some(trigger.into()),
        helped: Some(helped.into()),
        ..moment(id, "pa", days, strength)
    };
    d.moments = vec![
        mine("a1", 20, 8, "the old café", "a walk"),
        mine("a2", 10, 3, "a song", "talking it through"),
        Moment {
            reassure: true,
            shared: true,
            acknowledged: Some(now() - chrono::Duration::days(1)),
            ..mine("a3", 2, 6, "a message", "breathing")
        },
        Moment {
            shared: true,
            trigger: Some("SAMS SHARED WORDS".into()),
            ..moment("b1", "pb", 5, 4)
        },
        Moment {
            trigger: Some("SAMS PRIVATE WORDS".into()),
            ..moment("b2", "pb", 3, 7)
        },
    ];
    d.moments.sort_by_key(|m| m.date);
    d
}

/// The moments screen as Alex opens it from home (for the screens' fixtures too).
pub fn moments_app() -> App {
    let mut a = app(with_moments());
    press(&mut a, KeyCode::Char('M'));
    a
}

#[test]
fn sharing_a_moment_says_so_and_marks_it_in_the_list() {
    let mut a = app(couple());
    press(&mut a, KeyCode::Char('m'));
    press(&mut a, KeyCode::Char('5'));
    press(&mut a, KeyCode::Tab);
    typed(&mut a, "a date");
    for _ in 0..4 {
        press(&mut a, KeyCode::Tab);
    }
    press(&mut a, KeyCode::Char(' '));
    let effects = ctrl(&mut a, 's');
    let saved = match effects.as_slice() {
        [Effect::SaveMoment(_, m)] => m.clone(),
        other => panic!("{other:?}"),
    };
    assert!(saved.shared);
    let status = a.status.clone().unwrap();
    assert!(status.contains("Sam can read what you wrote"), "{status}");
    a.data.moments.push(saved);
    press(&mut a, KeyCode::Char('M'));
    let text = draw(&mut a, 100, 30);
    assert!(text.contains("shared with Sam"), "{text}");
}

#[test]
fn the_moments_screen_lists_yours_newest_first_and_only_what_sam_shared() {
    let mut a = moments_app();
    let Screen::Moments(_) = &a.screen else {
        panic!("M on home opens the moments screen")
    };
    let text = draw(&mut a, 120, 40);
    // Newest first: a message (2 days ago), a song, the old café.
    let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("{s} in {text}"));
    assert!(at("a message") < at("a song") && at("a song") < at("the old café"));
    assert!(text.contains("strength 6/10"));
    assert!(text.contains("Sam saw it on 24 Nov"), "{text}");
    // What helped most: "a walk" came before a 3, "talking it through" before a 6.
    assert!(at("What has helped you most") < at("  a walk"));
    assert!(at("  a walk") < at("  talking it through"));
    assert!(!text.contains("SAMS"));
    // Sam's shared moment, labelled as Sam's; the private one never.
    press(&mut a, KeyCode::Tab);
    let text = draw(&mut a, 120, 40);
    assert!(text.contains("Sam's · "), "{text}");
    assert!(text.contains("SAMS SHARED WORDS"));
    assert!(!text.contains("SAMS PRIVATE WORDS"));
    let Screen::Moments(s) = &a.screen else {
        panic!()
    };
    assert_eq!(trustwork::ui::moments::listed(&a, s.tab).len(), 1);
    // Esc goes back where it came from.
    press(&mut a, KeyCode::Esc);
    assert!(matches!(a.screen, Screen::Home(_)));
}

#[test]
fn the_moments_screen_opens_from_progress_and_returns_there() {
    let mut a = app(with_moments());
    press(&mut a, KeyCode::Char('p'));
    assert!(matches!(a.screen, Screen::Progress(_)));
    press(&mut a, KeyCode::Char('m'));
    assert!(matches!(a.screen, Screen::Moments(_)));
    press(&mut a, KeyCode::Esc);
    assert!(matches!(a.screen, Screen::Progress(_)));
}

#[test]
fn the_asker_is_told_their_request_for_reassurance_was_seen() {
    let mut d = with_moments();
    // Not yet seen: Alex's home says nothing of it.
    d.moments.iter_mut().for_each(|m| m.acknowledged = None);
    let mut a = app(d);
    assert!(!draw(&mut a, 100, 30).contains("saw your request"));
    // Sam sees it (k on Sam's home), and the store marks it.
    a.active = 1;
    let effects = press(&mut a, KeyCode::Char('k'));
    let ids = match effects.as_slice() {
        [Effect::AcknowledgeMoments(who, ids)] if who.partner == "pb" => ids.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(ids, ["a3"]);
    for m in a.data.moments.iter_mut().filter(|m| ids.contains(&m.id)) {
        m.acknowledged = Some(now());
    }
    // Back on Alex's home: told.
    a.active = 0;
    let text = draw(&mut a, 100, 30);
    assert!(
        text.contains("Sam saw your request for reassurance of 23 Nov (on 25 Nov)."),
        "{text}"
    );
}

// ---- 4. `c` in a guide and `y` on one's own agreement say what they did, or why not.

#[test]
fn c_in_a_guide_says_it_is_marked_complete_and_c_again_takes_it_back() {
    let mut a = app(couple());
    let id = trustwork::ui::home::next_guide(&a).unwrap();
    let reply = trustwork::ui::guides::open(&a, &id);
    a.follow(reply);
    assert!(matches!(a.screen, Screen::Reader(_)));
    let effects = press(&mut a, KeyCode::Char('c'));
    let p = match effects.as_slice() {
        [Effect::SaveProgress(_, p)] => p.clone(),
        other => panic!("{other:?}"),
    };
    assert!(p.completed.is_some());
    assert!(
        a.status.as_deref().unwrap().contains("marked complete"),
        "{:?}",
        a.status
    );
    a.data.progress.retain(|x| x.guide != p.guide);
    a.data.progress.push(p);
    let effects = press(&mut a, KeyCode::Char('c'));
    assert!(matches!(effects.as_slice(), [Effect::SaveProgress(_, p)] if p.completed.is_none()));
    assert!(
        a.status
            .as_deref()
            .unwrap()
            .contains("no longer marked complete")
    );
}

#[test]
fn y_on_your_own_agreement_says_your_partner_agrees_to_it() {
    use trustwork::together::{Agreement, Category};
    let mut d = couple();
    d.agreements.push(Agreement::new(
        "a1".into(),
        Category::Expectation,
        "We talk every evening.".into(),
        "pa",
        now(),
        30,
    ));
    let mut a = app(d);
    press(&mut a, KeyCode::Char('a'));
    assert!(press(&mut a, KeyCode::Char('y')).is_empty());
    assert_eq!(
        a.status.as_deref(),
        Some("You made this agreement; Sam agrees to it with y (Tab on home switches to Sam).")
    );
    // Sam's y agrees; then Alex's y says both agreed.
    a.active = 1;
    let effects = press(&mut a, KeyCode::Char('y'));
    let agreed = match effects.as_slice() {
        [Effect::SaveAgreement(_, x)] => x.clone(),
        other => panic!("{other:?}"),
    };
    a.data.agreements = vec![agreed];
    a.active = 0;
    press(&mut a, KeyCode::Char('y'));
    assert!(
        a.status
            .as_deref()
            .unwrap()
            .starts_with("You both agreed to this")
    );
}

// ---- 9. and 10. Onboarding words the partner's role in the third person; a solo user is not
// told about switching partner.

#[test]
fn onboarding_asks_about_the_partner_in_the_third_person_and_spares_a_solo_user_tab() {
    use trustwork::ui::onboarding::{Onboarding, Step};
    let mut a = app(Data::default());
    a.screen = Screen::Onboarding(Onboarding {
        step: Step::Role(1),
        names: ["Alex".into(), "Sam".into()],
        two: true,
        ..Default::default()
    });
    let text = draw(&mut a, 80, 24);
    assert!(text.contains("Which describes Sam best?"));
    assert!(
        text.contains("1. Sam was hurt") && text.contains("2. Sam broke trust"),
        "{text}"
    );
    assert!(!text.contains("I was hurt") && !text.contains("I broke trust"));
    a.screen = Screen::Onboarding(Onboarding {
        step: Step::Role(0),
        names: ["Alex".into(), "Sam".into()],
        two: true,
        ..Default::default()
    });
    assert!(draw(&mut a, 80, 24).contains("1. I was hurt"));
    for (two, says_tab) in [(false, false), (true, true)] {
        a.screen = Screen::Onboarding(Onboarding {
            step: Step::Done,
            names: ["Alex".into(), "Sam".into()],
            two,
            ..Default::default()
        });
        let text = draw(&mut a, 80, 24);
        assert_eq!(text.contains("Switching partner"), says_tab, "{text}");
    }
}

// ---- 5. The timed talk counts rounds as the guide does, and Esc ends it with a summary.

#[test]
fn a_timed_talk_counts_rounds_and_esc_ends_it_with_a_summary() {
    let pack = Pack::embedded();
    let (guide, exercise, rounds) = pack
        .guides
        .iter()
        .flat_map(|g| g.exercises.iter().map(move |e| (g, e)))
        .find_map(|(g, e)| match &e.kind {
            trustwork::content::ExerciseKind::TimedTalk { rounds, .. } => {
                Some((g.id.clone(), e.id.clone(), *rounds))
            }
            _ => None,
        })
        .expect("the pack has a timed talk");
    // The guide's words say how many rounds: the screen says the same.
    let words = trustwork::guide_text::render(&pack, pack.guide(&guide).unwrap(), 100);
    assert!(words.contains(&format!("{rounds} rounds")), "{words}");
    let mut a = app(couple());
    let reply = trustwork::ui::talk::open(&mut a, &guide, &exercise);
    a.follow(reply);
    typed(&mut a, "tea");
    press(&mut a, KeyCode::Enter);
    let text = draw(&mut a, 80, 24);
    assert!(
        text.contains(&format!("Round 1 of {rounds} · Alex speaks")),
        "{text}"
    );
    // Alex's turn and Sam's line, then Sam's turn: still round 1.
    press(&mut a, KeyCode::Enter);
    typed(&mut a, "heard");
    press(&mut a, KeyCode::Enter);
    assert!(draw(&mut a, 80, 24).contains(&format!("Round 1 of {rounds} · Sam speaks")));
    press(&mut a, KeyCode::Enter);
    press(&mut a, KeyCode::Enter);
    assert!(draw(&mut a, 80, 24).contains(&format!("Round 2 of {rounds} · Alex speaks")));
    // Esc mid-talk: a summary, not gone.
    press(&mut a, KeyCode::Esc);
    let Screen::Talk(t) = &a.screen else {
        panic!("Esc vanished from the talk")
    };
    assert_eq!(t.phase, trustwork::ui::talk::Phase::Done);
    assert!(!a.ticking());
    let text = draw(&mut a, 80, 24);
    assert!(
        text.contains(&format!("1 round of {rounds} done, in under a minute.")),
        "{text}"
    );
    press(&mut a, KeyCode::Esc);
    assert!(!matches!(a.screen, Screen::Talk(_)));
}

// ---- 12. The all-time view, and the legend kept outside the plot.

/// `days` of check-ins for both partners (trust rising), and a moment every fifth day.
fn years_of(days: u64) -> trustwork::store::Snapshot {
    let today = now().date_naive();
    let mut snap = trustwork::store::Snapshot {
        partners: couple().partners,
        ..Default::default()
    };
    for i in 0..days {
        let date = today - chrono::Days::new(days - 1 - i);
        for (pi, p) in ["pa", "pb"].iter().enumerate() {
            snap.checkins.push(CheckIn {
                partner: p.to_string(),
                date,
                trust: (2 + pi as u64 + 6 * i / days.max(1)) as u8,
                mood: None,
                note: None,
                updated: now(),
                sealed: None,
            });
        }
        if i % 5 == 0 {
            snap.moments
                .push(moment(&format!("m{i}"), "pa", (days - 1 - i) as i64, 5));
        }
    }
    snap
}

fn progress(days: u64, view: char) -> App {
    let mut a = app(couple());
    a.follow(trustwork::ui::progress::open());
    update(&mut a, Msg::ProgressLoaded(Box::new(years_of(days))));
    press(&mut a, KeyCode::Char(view));
    a
}

#[test]
fn the_all_time_view_shows_every_month_of_a_long_store() {
    let mut a = progress(3 * 365, '5');
    let Screen::Progress(p) = &a.screen else {
        panic!()
    };
    let months = &p.figures.as_ref().unwrap().months;
    assert_eq!(
        months.len(),
        37,
        "three years, from the first month to this one"
    );
    assert!(months.iter().all(|m| m.trust.iter().all(Option::is_some)));
    let text = draw(&mut a, 200, 60);
    assert!(
        text.contains("[5 All time]") && text.contains("Monthly average trust since"),
        "{text}"
    );
    assert!(
        text.contains("Nov 2023") && text.contains("Nov 2026"),
        "{text}"
    );
    // A short store says where to look instead.
    let mut a = progress(100, '5');
    assert!(draw(&mut a, 80, 24).contains("Less than a year recorded"));
}

#[test]
fn the_trust_chart_takes_the_full_width_with_its_legend_above_the_plot() {
    let mut a = progress(3 * 365, '1');
    let text = draw(&mut a, 200, 60);
    let lines: Vec<&str> = text.lines().collect();
    let legend = lines
        .iter()
        .position(|l| l.contains("⠤⠤ Alex") && l.contains("•• Sam"));
    let top = lines.iter().position(|l| l.trim_start().starts_with("10"));
    assert!(
        legend.unwrap() < top.unwrap(),
        "the legend is above the plot:\n{text}"
    );
    // The plot reaches the right of a wide terminal: its latest days are drawn, not boxed over.
    let widest = lines
        .iter()
        .map(|l| trustwork::text::display_width(l))
        .max()
        .unwrap();
    assert!(
        widest > 180,
        "the chart spans the terminal ({widest} columns)"
    );
    assert!(!text.contains("┌"), "no legend box over the data:\n{text}");
}

// ---- 6. The editor: PgUp and Ctrl-Home reach the top, PgDn and Ctrl-End the end; no stale
// wide glyph after scrolling.

fn editor_with(lines: &[String]) -> App {
    let mut a = app(couple());
    press(&mut a, KeyCode::Char('w'));
    update(&mut a, Msg::Paste(lines.join("\n")));
    a
}

fn cursor(a: &App) -> (usize, usize) {
    let Screen::Editor(ed) = &a.screen else {
        panic!("not in the editor")
    };
    let c = ed.body.cursor();
    (c.0, c.1)
}

fn with_mods(a: &mut App, code: KeyCode, m: KeyModifiers) {
    update(a, Msg::Key(KeyEvent::new(code, m)));
}

#[test]
fn page_keys_and_ctrl_home_reach_the_top_and_the_end_of_the_text() {
    let lines: Vec<String> = (1..=120).map(|i| format!("line {i}")).collect();
    let mut a = editor_with(&lines);
    update(&mut a, Msg::Resize(80, 24));
    assert_eq!(cursor(&a).0, 119, "a paste leaves the cursor at its end");
    with_mods(&mut a, KeyCode::Home, KeyModifiers::CONTROL);
    assert_eq!(cursor(&a), (0, 0));
    with_mods(&mut a, KeyCode::End, KeyModifiers::CONTROL);
    assert_eq!(cursor(&a), (119, "line 120".len()));
    for _ in 0..40 {
        press(&mut a, KeyCode::PageUp);
    }
    assert_eq!(cursor(&a), (0, 0), "PgUp reaches the very top");
    for _ in 0..40 {
        press(&mut a, KeyCode::PageDown);
    }
    assert_eq!(
        cursor(&a),
        (119, "line 120".len()),
        "PgDn reaches the very end"
    );
    let text = draw(&mut a, 80, 24);
    assert!(text.contains("line 120"), "{text}");
}

#[test]
fn no_wide_glyph_is_left_behind_after_scrolling_past_it() {
    let mut lines: Vec<String> = vec!["👨‍👩‍👧 family, and a flag 🇯🇵 here".to_string()];
    lines.extend((2..=80).map(|i| format!("plain line {i}")));
    let mut a = editor_with(&lines);
    with_mods(&mut a, KeyCode::Home, KeyModifiers::CONTROL);
    update(&mut a, Msg::Resize(80, 24));
    let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
    term.draw(|f| render(f, &a)).unwrap();
    let first: String = term
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    assert!(first.contains("🇯🇵"), "the glyphs are drawn at first");
    // Scroll far past them on the same terminal: the cells they took are drawn afresh.
    with_mods(&mut a, KeyCode::End, KeyModifiers::CONTROL);
    term.draw(|f| render(f, &a)).unwrap();
    let buf = term.backend().buffer().clone();
    for cell in buf.content() {
        let s = cell.symbol();
        assert!(
            !s.contains('👨') && !s.contains('🇯') && !s.contains('🇵') && !s.contains('\u{200d}'),
            "a stale wide glyph is left: {s:?}"
        );
    }
    // And the screen a terminal would show (the backend's cells after the diff) agrees.
    let text = draw(&mut a, 80, 24);
    assert!(
        text.contains("plain line 80") && !text.contains("family"),
        "{text}"
    );
}

#[test]
fn the_editor_wraps_at_spaces_never_between_a_word_and_its_comma() {
    // Words of every length, each followed by a comma: some comma falls at every column.
    let words = [
        "I",
        "felt",
        "it",
        "was",
        "written",
        "down",
        "somewhere",
        "we",
        "could",
        "see",
    ];
    let text: Vec<String> = (0..60)
        .map(|i| format!("{},", words[i % words.len()]))
        .collect();
    let mut a = editor_with(&[text.join(" ")]);
    for (w, h) in [(60, 20), (80, 24), (97, 30)] {
        let screen = draw(&mut a, w, h);
        for line in screen.lines() {
            let t = line.trim_start();
            assert!(
                !t.starts_with(','),
                "a line starts with a comma at {w}x{h}:\n{screen}"
            );
        }
        assert!(screen.contains("felt,"), "{screen}");
    }
}
