//! Screens drawn on ratatui's TestBackend: snapshots at 80x24 and 200x60, and no panic at any
//! size from 1x1 up.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::PathBuf;
use trustwork::clock::Clock;
use trustwork::content::Pack;
use trustwork::model::*;
use trustwork::ui::onboarding::{Onboarding, Step};
use trustwork::ui::theme::Theme;
use trustwork::ui::{App, Data, Msg, Overlay, Screen, render, update};

pub(crate) fn now() -> Timestamp {
    "2026-11-25T09:00:00+00:00".parse().unwrap()
}

pub(crate) fn couple() -> Data {
    let t = now();
    let alex = Partner {
        id: "pa".into(),
        name: "Alex".into(),
        role: Role::Hurt,
        created: t,
    };
    let sam = Partner {
        id: "pb".into(),
        name: "Sam".into(),
        role: Role::Repairing,
        created: t,
    };
    let entry = |id: &str, who: &str, title: Option<&str>, body: &str, mins: i64| Entry {
        id: id.into(),
        author: who.into(),
        created: t - chrono::Duration::minutes(mins),
        updated: t,
        title: title.map(str::to_string),
        body: body.into(),
        tags: vec![],
        starred: false,
        for_counsellor: false,
        link: None,
        visibility: Visibility::Shared,
        source: None,
        sealed: None,
        responds_to: None,
    };
    Data {
        partners: vec![alex, sam],
        recent_entries: vec![
            entry("e1", "pa", Some("A better morning 😀"), "We talked.", 10),
            entry(
                "e2",
                "pb",
                None,
                "日本語のテキストも大丈夫です。 Emoji too: 🌱 and accents: café, naïve.",
                600,
            ),
            entry("e3", "pa", Some("Control \u{1b}[2J chars"), "x", 1500),
        ],
        recent_checkins: vec![CheckIn {
            partner: "pa".into(),
            date: now().date_naive(),
            trust: 4,
            mood: Some("tired".into()),
            note: None,
            updated: t,
            sealed: None,
        }],
        progress: vec![],
        answered: [("pb".to_string(), "own-it.plain-words".to_string())]
            .into_iter()
            .collect(),
        drafts: vec![],
        exercises: vec![],
        settings: Default::default(),
        moments: vec![],
        last_reviews: Default::default(),
        keys: vec![],
        agreements: vec![],
        promises: vec![],
        sessions: vec![],
        damaged: vec![],
    }
}

pub(crate) fn app(data: Data) -> App {
    App::new(
        Pack::embedded(),
        PathBuf::from("/home/you/.local/share/trustwork"),
        Clock::Fixed(now()),
        Theme::mono(),
        data,
    )
}

pub(crate) fn draw(app: &mut App, w: u16, h: u16) -> String {
    update(app, Msg::Resize(w, h));
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    let frame = term.draw(|f| render(f, app)).unwrap().area;
    let buf = term.backend().buffer().clone();
    // Nothing is drawn beyond the frame: the buffer is exactly the terminal, and so is the frame.
    let whole = ratatui::layout::Rect::new(0, 0, w, h);
    assert_eq!(buf.area, whole, "the buffer grew beyond {w}x{h}");
    assert_eq!(frame, whole, "the frame is not the whole {w}x{h} terminal");
    let mut out = String::new();
    for y in 0..h {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..w {
            // A wide character fills the next cell too: that cell is not a space on screen.
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

pub(crate) fn key(app: &mut App, code: KeyCode) {
    update(app, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

fn ctrl(app: &mut App, c: char) {
    update(
        app,
        Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)),
    );
}

fn open_exercise(a: &mut App, guide: &str, exercise: &str) {
    let pack = Pack::embedded();
    let g = pack.guide(guide).unwrap_or_else(|| panic!("{guide}"));
    let e = g.exercise(exercise).unwrap_or_else(|| {
        panic!(
            "{exercise} not in {:?}",
            g.exercises.iter().map(|e| &e.id).collect::<Vec<_>>()
        )
    });
    let reply = trustwork::ui::exercise::open(a, g, e);
    let _ = a.follow(reply);
    assert!(matches!(a.screen, Screen::Exercise(_)));
}

/// The journal open on the couple's entries (one of them already in the trash).
fn journal_app() -> App {
    let mut a = app(couple());
    let effects = a.follow(trustwork::ui::journal::open());
    assert_eq!(effects, vec![trustwork::ui::Effect::LoadJournal]);
    let entries = couple().recent_entries;
    let trashed = Trashed {
        entry: Entry {
            id: "old".into(),
            title: Some("An old entry".into()),
            ..entries[0].clone()
        },
        deleted: now(),
    };
    update(&mut a, Msg::JournalLoaded(entries, vec![trashed], vec![]));
    a
}

/// A store of `days` days ending on `now()`: both partners check in most days (trust rising for
/// Alex, steadier for Sam), a difficult moment every few days, easing with time.
fn history(days: u64) -> trustwork::store::Snapshot {
    let d = couple();
    let today = now().date_naive();
    let mut checkins = Vec::new();
    let mut moments = Vec::new();
    for i in 0..days {
        let date = today - chrono::Days::new(days - 1 - i);
        let progress = i as f64 / days.max(2) as f64;
        for (pi, p) in ["pa", "pb"].iter().enumerate() {
            if (i * 7 + pi as u64 * 3) % 10 == 9 {
                continue; // about one day in ten missed
            }
            let base = if pi == 0 {
                2.0 + 6.0 * progress
            } else {
                5.0 + 3.0 * progress
            };
            let wobble = ((i * 13 + pi as u64 * 5) % 5) as f64 * 0.4 - 0.8;
            checkins.push(CheckIn {
                partner: p.to_string(),
                date,
                trust: (base + wobble).round().clamp(0.0, 10.0) as u8,
                mood: None,
                note: None,
                updated: now(),
                sealed: None,
            });
        }
        if i % 4 == 0 {
            moments.push(Moment {
                id: format!("m{i}"),
                partner: "pa".into(),
                date: format!("{date}T20:00:00+00:00").parse().unwrap(),
                strength: (8.0 - 6.0 * progress).round() as u8,
                trigger: None,
                helped: None,
                note: None,
                reassure: false,
                shared: false,
                acknowledged: None,
                sealed: None,
            });
        }
    }
    trustwork::store::Snapshot {
        partners: d.partners,
        checkins,
        moments,
        ..Default::default()
    }
}

fn progress_app(days: u64, view: char) -> App {
    let mut a = app(couple());
    let _ = a.follow(trustwork::ui::progress::open());
    update(&mut a, Msg::ProgressLoaded(Box::new(history(days))));
    key(&mut a, KeyCode::Char(view));
    a
}

fn agreements_app() -> App {
    use trustwork::together::*;
    let mut d = couple();
    let mut agreed = Agreement::new("a1".into(), Category::Boundary, "No contact with the other person, in any form; if they get in touch, I tell you the same day.".into(), "pb", now(), 30);
    agreed.agree("pa", now());
    d.agreements.push(agreed);
    d.agreements.push(Agreement::new(
        "a2".into(),
        Category::Expectation,
        "We talk for ten minutes every evening, phones away.".into(),
        "pa",
        now(),
        30,
    ));
    let mut p = Promise {
        id: "p1".into(),
        by: "pb".into(),
        text: "I will call at lunch.".into(),
        created: now(),
        repeat: Repeat::Daily,
        due: None,
        occurrences: vec![],
        retired: None,
        guide: None,
    };
    p.mark(Kept::Kept, now().date_naive(), now());
    d.promises.push(p);
    let mut a = app(d);
    key(&mut a, KeyCode::Char('a'));
    a
}

/// Every screen and overlay, by name.
/// Settings after the devices were read: this laptop, Sam's with a month that does not read,
/// and files still at the top from before syncing; the cursor on the other device.
fn settings_with_devices() -> App {
    use trustwork::store::{DeviceProblem, DeviceSeen};
    use trustwork_core::sync::DeviceId;
    let id = |s: &str| DeviceId::parse(s).expect("an id");
    let mut a = app(couple());
    key(&mut a, KeyCode::Char('s'));
    let seen = |who: Option<&str>, name: Option<&str>, this: bool, files: usize| DeviceSeen {
        id: who.map(id),
        folder: who.map_or_else(Default::default, |w| format!("devices/{w}").into()),
        name: name.map(str::to_string),
        this_device: this,
        last_write: who.map(|_| now() - chrono::Duration::hours(if this { 1 } else { 30 })),
        store_format: Some(4),
        files,
        problems: Vec::new(),
    };
    let mut sams = seen(Some("s4ms4apt0p000002"), Some("sams-laptop"), false, 5);
    sams.problems.push(DeviceProblem::ConflictCopy {
        copy: "devices/s4ms4apt0p000002/entries/2026-11.sync-conflict-20261124-101500-ABC.json"
            .into(),
        of: "devices/s4ms4apt0p000002/entries/2026-11.json".into(),
    });
    let devices = trustwork::ui::settings::Devices {
        file: Some("/home/you/.local/state/trustwork/device.json".into()),
        this: Some(id("a1exs1apt0p00001")),
        host: "alexs-laptop".into(),
        report: vec![
            seen(Some("a1exs1apt0p00001"), Some("alexs-laptop"), true, 7),
            sams,
            seen(None, None, false, 3),
        ],
    };
    update(&mut a, Msg::DevicesLoaded(Ok(Box::new(devices))));
    for _ in 0..12 {
        key(&mut a, KeyCode::Down);
    }
    a
}

pub(crate) fn all_screens() -> Vec<(&'static str, App)> {
    let mut out = Vec::new();
    for step in [
        Step::Welcome,
        Step::Name(0),
        Step::Role(0),
        Step::Second,
        Step::Done,
    ] {
        let mut a = app(Data::default());
        a.screen = Screen::Onboarding(Onboarding {
            step,
            names: ["Alex".into(), "Sam".into()],
            ..Default::default()
        });
        let name = match step {
            Step::Welcome => "onboarding_welcome",
            Step::Name(_) => "onboarding_name",
            Step::Role(_) => "onboarding_role",
            Step::Second => "onboarding_second",
            Step::Done => "onboarding_done",
        };
        out.push((name, a));
    }
    out.push((
        "home_empty",
        app(Data {
            partners: couple().partners[..1].to_vec(),
            ..Default::default()
        }),
    ));
    out.push(("home", app(couple())));
    out.push(("guides", {
        let mut a = app(couple());
        key(&mut a, KeyCode::Char('g'));
        key(&mut a, KeyCode::Down);
        a
    }));
    // From 120 columns the highlighted guide's start is read beside the list (200x60).
    out.push(("guides_wide", {
        let mut a = app(couple());
        key(&mut a, KeyCode::Char('g'));
        for _ in 0..3 {
            key(&mut a, KeyCode::Down);
        }
        a
    }));
    out.push(("reader_own_it", {
        let mut a = app(couple());
        a.active = 1;
        open_guide(&mut a, "own-it");
        a
    }));
    out.push(("reader_questions", {
        let mut a = app(couple());
        open_guide(&mut a, "acknowledge");
        key(&mut a, KeyCode::Tab);
        key(&mut a, KeyCode::Tab);
        a
    }));
    out.push(("reader_safety_check", {
        let mut a = app(couple());
        open_guide(&mut a, "safety-check");
        a
    }));
    out.push(("editor_answer", {
        let mut a = app(couple());
        open_guide(&mut a, "acknowledge");
        key(&mut a, KeyCode::Enter);
        key(&mut a, KeyCode::Enter);
        update(
            &mut a,
            Msg::Paste(
                "It felt like the floor went.\r\nI still think of it. 日本語 😀 #grief".into(),
            ),
        );
        a
    }));
    out.push(("editor_leave", {
        let mut a = app(couple());
        key(&mut a, KeyCode::Char('w'));
        update(&mut a, Msg::Paste("Some words".into()));
        key(&mut a, KeyCode::Esc);
        a
    }));
    out.push(("exercise_form", {
        let mut a = app(couple());
        a.active = 1;
        open_exercise(&mut a, "own-it", "own-it.apology");
        update(&mut a, Msg::Paste("I hid our debts for two years.".into()));
        key(&mut a, KeyCode::Tab);
        a
    }));
    out.push(("exercise_scale", {
        let mut a = app(couple());
        open_exercise(&mut a, "first-days", "first-days.steady");
        key(&mut a, KeyCode::Char('4'));
        a
    }));
    out.push(("exercise_safety_check", {
        let mut a = app(couple());
        open_exercise(&mut a, "safety-check", "safety-check.signs");
        key(&mut a, KeyCode::Char(' '));
        a
    }));
    out.push(("home_with_draft", {
        let mut d = couple();
        d.drafts.push(Draft {
            partner: "pa".into(),
            key: "free".into(),
            title: String::new(),
            tags: String::new(),
            body: "half a thought".into(),
            link: None,
            entry: None,
            saved: now(),
            sealed: None,
        });
        app(d)
    }));
    out.push(("checkin", {
        let mut a = app(couple());
        a.active = 1;
        key(&mut a, KeyCode::Char('c'));
        key(&mut a, KeyCode::Char('6'));
        key(&mut a, KeyCode::Enter);
        key(&mut a, KeyCode::Right);
        a
    }));
    out.push(("moment", {
        let mut a = app(couple());
        key(&mut a, KeyCode::Char('m'));
        key(&mut a, KeyCode::Char('7'));
        key(&mut a, KeyCode::Tab);
        update(&mut a, Msg::Paste("our song in the café 🎵".into()));
        a
    }));
    out.push(("home_reassurance", {
        let mut d = couple();
        d.moments.push(Moment {
            id: "m1".into(),
            partner: "pb".into(),
            date: now(),
            strength: 6,
            trigger: Some("private words".into()),
            helped: None,
            note: None,
            reassure: true,
            shared: false,
            acknowledged: None,
            sealed: None,
        });
        app(d)
    }));
    for (days, label) in [(0, "empty"), (7, "week"), (3650, "ten_years")] {
        for (view, name) in [
            ('1', "trust"),
            ('2', "moments"),
            ('3', "calendar"),
            ('4', "guides"),
            ('5', "all_time"),
        ] {
            let leaked: &'static str =
                Box::leak(format!("progress_{name}_{label}").into_boxed_str());
            out.push((leaked, progress_app(days, view)));
        }
    }
    out.push(("review", {
        let mut a = app(couple());
        let _ = a.follow(trustwork::ui::review::open());
        update(&mut a, Msg::ProgressLoaded(Box::new(history(70))));
        update(&mut a, Msg::Paste("Mornings are easier.".into()));
        key(&mut a, KeyCode::Tab);
        a
    }));
    out.push(("agreements", agreements_app()));
    out.push(("promises", {
        let mut a = agreements_app();
        key(&mut a, KeyCode::Char('2'));
        a
    }));
    for (name, steps) in [
        ("session_look_away", 0usize),
        ("session_answering", 1),
        ("session_reveal", 3),
        ("session_note", 4),
    ] {
        let mut a = app(couple());
        let reply = trustwork::ui::session::open(&mut a, "communicate");
        let _ = a.follow(reply);
        if steps >= 1 {
            key(&mut a, KeyCode::Enter);
            update(
                &mut a,
                Msg::Paste("I heard you were scared. 日本 😀".into()),
            );
        }
        if steps >= 3 {
            update(
                &mut a,
                Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
            );
            key(&mut a, KeyCode::Enter);
            update(&mut a, Msg::Paste("That I had stopped listening.".into()));
            update(
                &mut a,
                Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
            );
        }
        if steps >= 4 {
            key(&mut a, KeyCode::Enter);
        }
        out.push((name, a));
    }
    out.push(("talk", {
        let mut a = app(couple());
        let reply = trustwork::ui::talk::open(&mut a, "communicate", TALK);
        let _ = a.follow(reply);
        for c in "pineapple".chars() {
            key(&mut a, KeyCode::Char(c));
        }
        key(&mut a, KeyCode::Enter);
        a
    }));
    out.push(("break", {
        let mut a = app(couple());
        let reply = trustwork::ui::session::open(&mut a, "communicate");
        let _ = a.follow(reply);
        update(
            &mut a,
            Msg::Key(KeyEvent::new(KeyCode::Char('b'), KeyModifiers::CONTROL)),
        );
        a
    }));
    out.push(("settings", {
        let mut a = app(couple());
        key(&mut a, KeyCode::Char('s'));
        key(&mut a, KeyCode::Down);
        a
    }));
    out.push(("settings_devices", settings_with_devices()));
    for (name, keys) in [
        ("journal", vec![]),
        (
            "journal_search",
            vec![KeyCode::Char('/'), KeyCode::Char('m'), KeyCode::Char('o')],
        ),
        ("journal_entry", vec![KeyCode::Down, KeyCode::Enter]),
        // From 120 columns the selected entry is read beside the list (200x60).
        ("journal_wide", vec![KeyCode::Down, KeyCode::Down]),
        (
            "journal_trash",
            vec![KeyCode::Char('d'), KeyCode::Char('t')],
        ),
    ] {
        let mut a = journal_app();
        for k in keys {
            key(&mut a, k);
        }
        out.push((name, a));
    }
    out.push(("journal_entry_counsellor", {
        let mut a = app(couple());
        let _ = a.follow(trustwork::ui::journal::open());
        let mut entries = couple().recent_entries;
        entries[0].for_counsellor = true;
        update(&mut a, Msg::JournalLoaded(entries, vec![], vec![]));
        key(&mut a, KeyCode::Enter);
        a
    }));
    for (name, steps) in [
        ("export", 0usize),
        ("export_summary", 1),
        ("export_writing", 2),
        ("export_replace", 3),
        ("export_done", 4),
        ("export_problem", 5),
    ] {
        out.push((name, export_app(steps)));
    }
    out.push(("export_locked", {
        let mut d = couple();
        let (pk, _) = trustwork::crypto::new_key("pa", "a passphrase", now());
        d.keys.push(pk);
        let mut a = app(d);
        let _ = a.follow(trustwork::ui::export::open());
        update(&mut a, Msg::ExportLoaded(Box::new(export_ready())));
        for _ in 0..7 {
            key(&mut a, KeyCode::Down);
        }
        a
    }));
    for (name, overlay) in [
        ("not_yet", Overlay::NotYet),
        ("safety", Overlay::Safety),
        ("help", Overlay::Help),
        ("hidden", Overlay::Hidden),
    ] {
        let mut a = app(couple());
        a.overlay = Some(overlay);
        out.push((name, a));
    }
    out.push(("hidden_document", hidden_app(HideShows::Document)));
    out.push(("moments", crate::flows::moments_app()));
    out.push((
        "home_damaged",
        app(damaged(couple(), &["checkins/2026.json"])),
    ));
    out.push(("home_partners_damaged", {
        let mut d = damaged(couple(), &["partners.json", "entries/2026-03.json"]);
        d.partners.clear();
        app(d)
    }));
    out
}

fn export_ready() -> trustwork::ui::export::Ready {
    trustwork::ui::export::Ready {
        snap: std::sync::Arc::new(trustwork::store::Snapshot {
            entries: couple().recent_entries,
            ..history(70)
        }),
        home: PathBuf::from("/home/you"),
        opener: true,
    }
}

/// The export screen, read, then: 0 the form; 1 the summary; 2 writing; 3 asking before
/// replacing; 4 written; 5 a date that is not one.
fn export_app(step: usize) -> App {
    let mut a = app(couple());
    let _ = a.follow(trustwork::ui::journal::open());
    key(&mut a, KeyCode::Char('x'));
    assert!(matches!(a.screen, Screen::Export(_)), "{:?}", a.screen);
    update(&mut a, Msg::ExportLoaded(Box::new(export_ready())));
    let path = PathBuf::from("/home/you/trustwork-export-2026-11-25.md");
    match step {
        1 => key(&mut a, KeyCode::Right),
        2 => {
            key(&mut a, KeyCode::Enter);
            update(
                &mut a,
                Msg::ExportProgress(trustwork::export::Progress {
                    done: 120,
                    total: 300,
                }),
            );
        }
        3 => {
            key(&mut a, KeyCode::Enter);
            update(&mut a, Msg::ExportExists(path));
        }
        4 => {
            key(&mut a, KeyCode::Enter);
            update(&mut a, Msg::Exported(Ok(path)));
        }
        5 => {
            for _ in 0..4 {
                key(&mut a, KeyCode::Down);
            }
            for c in "2026-02-30".chars() {
                key(&mut a, KeyCode::Char(c));
            }
        }
        _ => {}
    }
    a
}

/// `data` as loaded when the files `rels` could not be read.
pub(crate) fn damaged(mut data: Data, rels: &[&str]) -> Data {
    use trustwork::store::{Damaged, FileProblem};
    for rel in rels {
        data.damaged.push(Damaged {
            rel: PathBuf::from(rel),
            problem: FileProblem::Unreadable("EOF while parsing a list at line 1 column 48".into()),
        });
    }
    data
}

#[test]
fn a_damaged_partners_file_never_starts_onboarding_afresh() {
    let mut d = damaged(couple(), &["partners.json"]);
    d.partners.clear();
    let mut a = app(d);
    assert!(matches!(a.screen, Screen::Home(_)), "{:?}", a.screen);
    let text = draw(&mut a, 80, 24);
    assert!(text.contains("The partners could not be read"), "{text}");
    assert!(text.contains("until the partners file is back"), "{text}");
    key(&mut a, KeyCode::Char('!'));
    assert!(matches!(a.overlay, Some(Overlay::Safety)));
}

#[test]
fn snapshots_at_80x24_and_200x60() {
    for (name, mut a) in all_screens() {
        for (w, h) in [(80, 24), (200, 60)] {
            let text = draw(&mut a, w, h);
            insta::assert_snapshot!(format!("{name}_{w}x{h}"), text);
        }
    }
}

#[test]
fn every_size_draws_within_the_frame_and_offers_the_safety_key() {
    let mut sizes: Vec<(u16, u16)> = vec![
        (1, 1),
        (59, 19),
        (60, 20),
        (80, 24),
        (200, 60),
        (50, 15),
        (250, 80),
    ];
    // A few hundred sizes up to 250x80, from a fixed seed.
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..300 {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        sizes.push(((x % 250) as u16 + 1, ((x >> 20) % 80) as u16 + 1));
    }
    for (name, a) in all_screens() {
        let hidden = a.overlay == Some(Overlay::Hidden);
        let safety = a.overlay == Some(Overlay::Safety);
        for &(w, h) in &sizes {
            let mut a = a.clone();
            // `draw` panics if the app panics or writes beyond the frame.
            let text = draw(&mut a, w, h);
            assert_eq!(text.lines().count(), h as usize, "{name} at {w}x{h}");
            let at = format!("{name} at {w}x{h}:\n{text}");
            if hidden {
                // Quick-hide: a blank page or the plain notes, never the app, at every size.
                assert!(!text.to_lowercase().contains("trustwork"), "{at}");
                if a.data.settings.hide_shows == HideShows::Blank {
                    assert!(text.trim().is_empty(), "{at}");
                }
            } else if w >= 60 && h >= 20 {
                assert!(
                    text.contains("Ctrl-O") || text.to_lowercase().contains("safety"),
                    "no way to the safety screen: {at}"
                );
            } else if safety {
                // The safety screen itself, as much as fits, never the request to enlarge.
                assert!(!text.contains("enlarge"), "{at}");
                assert!(!text.trim().is_empty(), "{at}");
            } else {
                assert!(text.starts_with("Please enlarge") || w < 15, "{at}");
                // The whole request is ~110 characters and no word is longer than 9: where
                // that fits, the safety key is named.
                if w >= 20 && usize::from(h) * usize::from(w - 9) >= 120 {
                    assert!(text.contains("Ctrl-O"), "{at}");
                }
            }
        }
    }
}

/// What a wide page shows right of its divider, line by line.
fn right_pane(text: &str) -> String {
    text.lines()
        .filter_map(|l| l.split_once('│').map(|(_, r)| r.trim()))
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn a_wide_journal_reads_the_selected_entry_beside_the_list_as_it_moves() {
    let mut a = journal_app();
    let first = right_pane(&draw(&mut a, 200, 60));
    assert!(
        first.contains("We talked.") && first.contains("A better morning"),
        "{first}"
    );
    key(&mut a, KeyCode::Down);
    let text = draw(&mut a, 200, 60);
    let second = right_pane(&text);
    assert!(second.contains("日本語のテキスト"), "{second}");
    assert!(!second.contains("We talked."), "{second}");
    // The list is still there, on the left, with the selection moved.
    assert!(text.contains("> 2026-11-24 23:00  Sam"), "{text}");
    // Searching: the pane reads the first hit.
    key(&mut a, KeyCode::Char('/'));
    for c in "control".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    let hit = right_pane(&draw(&mut a, 200, 60));
    assert!(hit.contains("Control"), "{hit}");
    // Enter still opens the full reader, with its keys; below 120 columns there is no pane.
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Enter);
    assert!(matches!(
        &a.screen,
        Screen::Journal(j) if matches!(j.mode, trustwork::ui::journal::Mode::Read(..))
    ));
    let mut narrow = journal_app();
    assert!(!draw(&mut narrow, 119, 40).contains('│'));
}

#[test]
fn a_wide_journal_never_shows_a_private_entrys_words_beside_the_list() {
    let (pk, data_key) = trustwork::crypto::new_key("pa", "correct-horse", now());
    let mut d = couple();
    d.keys.push(pk);
    let mut plain = d.recent_entries[0].clone();
    plain.id = "secret".into();
    plain.title = Some("SEALED-TITLE".into());
    plain.body = "SEALED-MARKER my own words".into();
    plain.created = now();
    let sealed = trustwork::crypto::seal_entry(&plain, &data_key);
    assert!(sealed.sealed.is_some());
    let mut entries = d.recent_entries.clone();
    entries.insert(0, sealed);
    // Sam, and Alex herself while locked: both see only that the entry exists.
    for active in [1, 0] {
        let mut a = app(d.clone());
        a.active = active;
        let _ = a.follow(trustwork::ui::journal::open());
        update(&mut a, Msg::JournalLoaded(entries.clone(), vec![], vec![]));
        let text = draw(&mut a, 200, 60);
        let pane = right_pane(&text);
        assert!(!text.contains("SEALED"), "{text}");
        assert!(pane.contains("A private entry: encrypted"), "{pane}");
        assert!(text.contains("(private entry)"), "{text}");
        // Moving away and back shows the same.
        key(&mut a, KeyCode::Down);
        key(&mut a, KeyCode::Up);
        assert!(!draw(&mut a, 250, 80).contains("SEALED"));
    }
}

#[test]
fn a_wide_guide_list_previews_the_highlighted_guide() {
    let mut a = app(couple());
    key(&mut a, KeyCode::Char('g'));
    let before = right_pane(&draw(&mut a, 200, 60));
    key(&mut a, KeyCode::Down);
    let after = right_pane(&draw(&mut a, 200, 60));
    assert_ne!(before, after);
    let pack = Pack::embedded();
    let g = &pack.guides[1];
    assert!(after.starts_with(&g.title), "{after}");
    assert!(
        after.contains(&format!("about {} minutes", g.minutes)),
        "{after}"
    );
    // Enter opens the full reader as before.
    key(&mut a, KeyCode::Enter);
    assert!(matches!(a.screen, Screen::Reader(_)));
}

#[test]
fn small_terminals_ask_for_more_room_but_safety_and_hide_still_work() {
    let mut a = app(couple());
    let text = draw(&mut a, 50, 15);
    assert!(text.contains("Please enlarge the terminal"), "{text}");
    ctrl(&mut a, 'o');
    let text = draw(&mut a, 50, 15);
    assert!(
        text.contains("Warning signs") || text.contains("not a trust"),
        "{text}"
    );
    key(&mut a, KeyCode::Esc);
    ctrl(&mut a, 'q');
    let text = draw(&mut a, 50, 15);
    assert!(text.trim().is_empty(), "{text}");
    key(&mut a, KeyCode::Char('x'));
    assert!(draw(&mut a, 50, 15).trim().is_empty());
    ctrl(&mut a, 'q');
    assert!(draw(&mut a, 50, 15).contains("Please enlarge"));
}

#[test]
fn quick_hide_shows_nothing_of_the_journal_and_any_key_returns_if_chosen() {
    let mut d = couple();
    d.settings.hide_returns = HideReturns::AnyKey;
    let mut a = app(d);
    ctrl(&mut a, 'q');
    let text = draw(&mut a, 80, 24);
    assert!(
        !text.contains("Alex") && !text.contains("morning"),
        "{text}"
    );
    key(&mut a, KeyCode::Char('?'));
    let text = draw(&mut a, 80, 24);
    assert!(
        text.contains("A better morning"),
        "the key only returned: {text}"
    );
    // A letter only returns too: it does not also open the editor; Ctrl-Q still returns.
    ctrl(&mut a, 'q');
    key(&mut a, KeyCode::Char('w'));
    assert!(a.overlay.is_none() && matches!(a.screen, Screen::Home(_)));
    ctrl(&mut a, 'q');
    ctrl(&mut a, 'q');
    assert!(a.overlay.is_none());
}

/// True for what must never reach a terminal cell: control characters and bidi overrides.
fn unsafe_char(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

#[test]
fn control_characters_in_entries_never_reach_the_screen() {
    let mut a = app(couple());
    // Tall enough for home to list all three recent entries.
    let text = draw(&mut a, 80, 30);
    assert!(!text.contains('\u{1b}'));
    assert!(text.contains("Control \\x1b[2J chars"), "{text}");

    // ratatui drops control characters by itself, so a clean screen alone proves nothing about
    // the app: what is drawn must be the app's own escaping of the entry, visible escapes and
    // all, which ratatui never makes up.
    let title = "Evil \u{1b}]0;pwned\u{7} \u{9b}2J \u{202e}rtl\r end";
    let body = "Body \u{1b}[2J here \u{7f}\u{9b}31m and \u{2066}on";
    let shown_title = trustwork::text::escape_line(title);
    let shown_body = trustwork::text::escape_control(body);
    for shown in [&shown_title, &shown_body] {
        assert!(!shown.chars().any(unsafe_char), "{shown:?}");
    }
    assert_eq!(
        shown_title,
        "Evil \\x1b]0;pwned\\x07 \\x9b2J \\u{202e}rtl\\r end"
    );
    let mut d = couple();
    d.recent_entries[2].title = Some(title.into());
    d.recent_entries[2].body = body.into();
    let entries = d.recent_entries.clone();
    let mut a = app(d);
    let mut screens = vec![("home", draw_cells(&mut a, 200, 60))];
    let _ = a.follow(trustwork::ui::journal::open());
    update(&mut a, Msg::JournalLoaded(entries, vec![], vec![]));
    screens.push(("journal", draw_cells(&mut a, 200, 60)));
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Enter);
    screens.push(("entry", draw_cells(&mut a, 200, 60)));
    for (name, (text, cells)) in &screens {
        assert!(
            !cells.chars().any(unsafe_char),
            "{name}: a raw control character reached a cell"
        );
        assert!(text.contains(&shown_title), "{name}:\n{text}");
    }
    let (_, (entry, _)) = &screens[2];
    assert!(entry.contains(&shown_body), "{entry}");
}

/// The screen as `draw` gives it, and every cell's symbol as drawn, nothing trimmed or skipped.
fn draw_cells(app: &mut App, w: u16, h: u16) -> (String, String) {
    let text = draw(app, w, h);
    let mut term = Terminal::new(TestBackend::new(w, h)).unwrap();
    term.draw(|f| render(f, app)).unwrap();
    let cells = term
        .backend()
        .buffer()
        .content()
        .iter()
        .map(|c| c.symbol())
        .collect();
    (text, cells)
}

#[test]
fn opening_a_guide_records_it_except_the_safety_check() {
    let mut a = app(couple());
    assert!(open_guide(&mut a, "safety-check").is_empty());
    let effects = open_guide(&mut a, "acknowledge");
    assert!(
        matches!(effects.as_slice(), [trustwork::ui::Effect::SaveProgress(_, p)] if p.guide == "acknowledge" && p.completed.is_none())
    );
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE)),
    );
    assert!(
        matches!(effects.as_slice(), [trustwork::ui::Effect::SaveProgress(_, p)] if p.completed.is_some())
    );
    key(&mut a, KeyCode::Esc);
    assert!(draw(&mut a, 80, 24).contains("Naming the hurt"));
}

#[test]
fn writing_and_saving_an_answer() {
    let mut a = app(couple());
    open_guide(&mut a, "acknowledge");
    key(&mut a, KeyCode::Tab);
    assert!(draw(&mut a, 80, 24).contains("> Which moment hurts most"));
    key(&mut a, KeyCode::Enter);
    assert!(matches!(a.screen, Screen::Editor(_)), "{:?}", a.status);
    for c in "Alone? Yes! #Grief".chars() {
        assert!(a.overlay.is_none(), "? and ! are letters while typing");
        update(
            &mut a,
            Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE)),
        );
    }
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
    );
    match effects.as_slice() {
        [
            trustwork::ui::Effect::SaveEntry(_, e, _),
            trustwork::ui::Effect::DeleteDraft(p, k),
        ] => {
            assert_eq!(e.body, "Alone? Yes! #Grief");
            assert_eq!(e.tags, vec!["grief"]);
            assert_eq!(e.author, "pa");
            let link = e.link.as_ref().unwrap();
            assert_eq!(link.guide, "acknowledge");
            assert_eq!(Some(k.as_str()), link.prompt.as_deref());
            assert!(link.prompt_text.is_some());
            assert_eq!(p.partner, "pa");
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(a.screen, Screen::Reader(_)));
}

#[test]
fn quitting_the_editor_keeps_the_draft() {
    let mut a = app(couple());
    key(&mut a, KeyCode::Char('w'));
    update(&mut a, Msg::Paste("half a thought".into()));
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL)),
    );
    assert!(a.quit);
    assert!(
        matches!(effects.as_slice(), [trustwork::ui::Effect::SaveDraft(_, d)] if d.body == "half a thought" && d.key == "free")
    );
}

#[test]
fn a_huge_paste_is_taken_whole_with_line_endings_normalised() {
    let mut a = app(couple());
    key(&mut a, KeyCode::Char('w'));
    let big = "line one\r\nline two\r".repeat(10_000);
    update(&mut a, Msg::Paste(big));
    let Screen::Editor(ed) = &a.screen else {
        panic!()
    };
    let text = ed.text();
    assert!(!text.contains('\r'));
    assert_eq!(text.split('\n').count(), 20_001);
    draw(&mut a, 80, 24);
}

#[test]
fn journal_search_delete_and_undo() {
    let mut a = journal_app();
    key(&mut a, KeyCode::Char('/'));
    for c in "日本語".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    assert!(draw(&mut a, 80, 24).contains("1 of 3 entries match"));
    key(&mut a, KeyCode::Enter);
    // e2 is Sam's: Alex can read it and respond, never delete it.
    let refused = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Char('d'), KeyModifiers::NONE)),
    );
    assert!(refused.is_empty());
    assert!(
        a.status
            .as_deref()
            .is_some_and(|s| s.contains("Only Sam can change this entry")),
        "{:?}",
        a.status
    );
    a.active = 1;
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Char('d'), KeyModifiers::NONE)),
    );
    assert_eq!(
        effects,
        vec![trustwork::ui::Effect::TrashEntry(a.actor(), "e2".into())]
    );
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Char('u'), KeyModifiers::NONE)),
    );
    assert_eq!(
        effects,
        vec![trustwork::ui::Effect::RestoreEntry(a.actor(), "e2".into())]
    );
}

#[test]
fn exercises_save_their_results_and_the_safety_check_saves_nothing() {
    let mut a = app(couple());
    open_exercise(&mut a, "first-days", "first-days.steady");
    key(&mut a, KeyCode::Char('7'));
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    assert!(
        matches!(effects.as_slice(), [trustwork::ui::Effect::SaveExercise(_, r)] if r.value == ExerciseValue::Scale { value: 7 } && r.partner == "pa")
    );

    let mut a = app(couple());
    a.active = 1;
    open_exercise(&mut a, "own-it", "own-it.apology");
    update(&mut a, Msg::Paste("What I did.".into()));
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
    );
    match effects.as_slice() {
        [trustwork::ui::Effect::SaveExercise(_, r)] => match &r.value {
            ExerciseValue::Form { fields } => {
                assert_eq!(fields[0].text, "What I did.");
                assert!(fields[1..].iter().all(|f| f.text.is_empty()));
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }

    let mut a = app(couple());
    open_exercise(&mut a, "safety-check", "safety-check.signs");
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    assert!(effects.is_empty());
    assert!(a.overlay.is_none(), "nothing ticked: no alarm");
    open_exercise(&mut a, "safety-check", "safety-check.signs");
    key(&mut a, KeyCode::Char(' '));
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    assert!(effects.is_empty(), "the safety check stores nothing");
    assert_eq!(a.overlay, Some(Overlay::Safety));
    let text = draw(&mut a, 80, 24);
    assert!(text.contains("is a sign of danger"), "{text}");
    assert!(text.contains("Ctrl-Q"));
    // A "not yet" sign alone (one of you wants out, the last item) shows the wait page.
    a.overlay = None;
    open_exercise(&mut a, "safety-check", "safety-check.signs");
    for _ in 0..15 {
        key(&mut a, KeyCode::Down);
    }
    key(&mut a, KeyCode::Char(' '));
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    assert!(effects.is_empty(), "the safety check stores nothing");
    assert_eq!(a.overlay, Some(Overlay::NotYet));
}

/// Home with quick-hide on, showing `shows`.
fn hidden_app(shows: HideShows) -> App {
    let mut d = couple();
    d.settings.hide_shows = shows;
    let mut a = app(d);
    ctrl(&mut a, 'q');
    assert_eq!(a.overlay, Some(Overlay::Hidden));
    a
}

#[test]
fn quick_hide_swallows_keys_until_ctrl_q() {
    let mut a = app(couple());
    ctrl(&mut a, 'q');
    assert_eq!(a.overlay, Some(Overlay::Hidden));
    // A letter, Enter, Esc, help and safety keys do nothing and show nothing.
    for code in [
        KeyCode::Char('w'),
        KeyCode::Char('?'),
        KeyCode::Char('!'),
        KeyCode::Enter,
        KeyCode::Esc,
        KeyCode::F(1),
    ] {
        assert!(update(&mut a, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE))).is_empty());
        assert_eq!(a.overlay, Some(Overlay::Hidden), "{code:?}");
        assert!(matches!(a.screen, Screen::Home(_)), "{code:?}");
    }
    ctrl(&mut a, 'o');
    assert_eq!(a.overlay, Some(Overlay::Hidden));
    assert!(draw(&mut a, 80, 24).trim().is_empty());
    ctrl(&mut a, 'q');
    assert!(a.overlay.is_none());
    assert!(draw(&mut a, 80, 24).contains("Alex"));
    // Ctrl-C while hidden still quits.
    ctrl(&mut a, 'q');
    ctrl(&mut a, 'c');
    assert!(a.quit);
}

#[test]
fn quick_hide_page_never_names_the_app() {
    for (name, shows) in [
        ("quick_hide_blank", HideShows::Blank),
        ("quick_hide_document", HideShows::Document),
    ] {
        let mut a = hidden_app(shows);
        // Drawn over a screen full of the app, in its calm colours.
        a.theme = Theme::calm();
        let text = draw(&mut a, 80, 24);
        assert!(!text.to_lowercase().contains("trustwork"), "{text}");
        assert!(!text.contains("Alex") && !text.contains("Ctrl-"), "{text}");
        insta::assert_snapshot!(format!("{name}_80x24"), text);
        // The terminal's own colours: no style on any cell.
        update(&mut a, Msg::Resize(80, 24));
        let mut term = Terminal::new(TestBackend::new(80, 24)).unwrap();
        term.draw(|f| render(f, &a)).unwrap();
        let buf = term.backend().buffer();
        for cell in buf.content() {
            use ratatui::style::{Color, Modifier};
            assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset), "{name}");
            assert_eq!(cell.modifier, Modifier::empty(), "{name}");
        }
    }
}

#[test]
fn settings_choose_what_quick_hide_shows_and_what_returns() {
    let mut a = app(couple());
    key(&mut a, KeyCode::Char('s'));
    let text = draw(&mut a, 80, 24);
    assert!(text.contains("Quick-hide shows       blank"), "{text}");
    assert!(text.contains("Return from quick-hide Ctrl-Q"), "{text}");
    // Partners (2 rows each), passphrase, theme, mouse, then the two quick-hide rows.
    for _ in 0..7 {
        key(&mut a, KeyCode::Down);
    }
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    let [trustwork::ui::Effect::SaveSettings(s)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(s.hide_shows, HideShows::Document);
    key(&mut a, KeyCode::Down);
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    let [trustwork::ui::Effect::SaveSettings(s)] = effects.as_slice() else {
        panic!("{effects:?}")
    };
    assert_eq!(s.hide_returns, HideReturns::AnyKey);
    assert_eq!(s.hide_shows, HideShows::Document);
    let text = draw(&mut a, 80, 24);
    assert!(text.contains("document"), "{text}");
    assert!(text.contains("any key"), "{text}");
}

#[test]
fn settings_rename_roles_theme_and_mouse() {
    let mut a = app(couple());
    key(&mut a, KeyCode::Char('s'));
    key(&mut a, KeyCode::Enter);
    for _ in 0..4 {
        key(&mut a, KeyCode::Backspace);
    }
    for c in "Alexandra".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    assert_eq!(
        effects,
        vec![trustwork::ui::Effect::UpdatePartner(
            "pa".into(),
            "Alexandra".into(),
            Role::Hurt
        )]
    );
    key(&mut a, KeyCode::Down);
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    assert_eq!(
        effects,
        vec![trustwork::ui::Effect::UpdatePartner(
            "pa".into(),
            "Alex".into(),
            Role::Repairing
        )]
    );
    // Down to the mouse row: partners (2 rows each), passphrase, theme, mouse.
    for _ in 0..5 {
        key(&mut a, KeyCode::Down);
    }
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    assert!(
        effects.contains(&trustwork::ui::Effect::SetMouse(true)),
        "{effects:?}"
    );
    // A click on the first row selects it.
    update(&mut a, Msg::Click(5, 2));
    assert!(draw(&mut a, 80, 24).contains("> Partner 1"));
}

#[test]
fn d_on_home_continues_the_draft() {
    let mut d = couple();
    d.drafts.push(Draft {
        partner: "pa".into(),
        key: "free".into(),
        title: "Later".into(),
        tags: String::new(),
        body: "half a thought".into(),
        link: None,
        entry: None,
        saved: now(),
        sealed: None,
    });
    let mut a = app(d);
    key(&mut a, KeyCode::Char('d'));
    let Screen::Editor(ed) = &a.screen else {
        panic!("no editor")
    };
    assert_eq!(ed.text(), "half a thought");
    assert_eq!(ed.title, "Later");
}

#[test]
fn a_check_in_with_just_a_number_takes_three_keys_from_home() {
    let mut d = couple();
    d.recent_checkins.clear();
    let mut a = app(d);
    key(&mut a, KeyCode::Char('c'));
    key(&mut a, KeyCode::Char('4'));
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
    );
    match effects.as_slice() {
        [trustwork::ui::Effect::SaveCheckin(_, c)] => {
            assert_eq!(
                (c.trust, c.partner.as_str(), c.date),
                (4, "pa", now().date_naive())
            );
            assert_eq!((c.mood.as_deref(), c.note.as_deref()), (None, None));
        }
        other => panic!("{other:?}"),
    }
    assert!(matches!(a.screen, Screen::Home(_)));
}

#[test]
fn checking_in_again_edits_the_day_and_can_answer_the_prompt() {
    let mut a = app(couple());
    key(&mut a, KeyCode::Char('c'));
    let Screen::Checkin(c) = &a.screen else {
        panic!()
    };
    assert_eq!(
        (c.trust, c.editing),
        (Some(4), true),
        "today's check-in is filled in"
    );
    key(&mut a, KeyCode::Enter);
    key(&mut a, KeyCode::Right);
    key(&mut a, KeyCode::Enter);
    for ch in "long day, kind words".chars() {
        key(&mut a, KeyCode::Char(ch));
    }
    key(&mut a, KeyCode::Enter);
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    match effects.as_slice() {
        [trustwork::ui::Effect::SaveCheckin(_, c)] => {
            assert_eq!(
                c.mood.as_deref(),
                Some("sad"),
                "tired, then one to the right"
            );
            assert_eq!(c.note.as_deref(), Some("long day, kind words"));
        }
        other => panic!("{other:?}"),
    }
    assert!(
        matches!(a.screen, Screen::Editor(_)),
        "Enter on today's question answers it"
    );
}

#[test]
fn a_moment_with_a_request_for_reassurance_shows_only_the_request() {
    let mut a = app(couple());
    key(&mut a, KeyCode::Char('m'));
    key(&mut a, KeyCode::Char('8'));
    for _ in 0..4 {
        key(&mut a, KeyCode::Tab);
    }
    key(&mut a, KeyCode::Char(' '));
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
    );
    let moment = match effects.as_slice() {
        [trustwork::ui::Effect::SaveMoment(_, m)] => m.clone(),
        other => panic!("{other:?}"),
    };
    assert!(moment.reassure && !moment.shared && moment.strength == 8);
    let mut d = couple();
    d.moments.push(Moment {
        trigger: Some("private words".into()),
        ..moment
    });
    let mut b = app(d);
    b.active = 1;
    let text = draw(&mut b, 80, 24);
    assert!(text.contains("Alex had a difficult moment"), "{text}");
    assert!(!text.contains("private words"));
    let effects = update(
        &mut b,
        Msg::Key(KeyEvent::new(KeyCode::Char('k'), KeyModifiers::NONE)),
    );
    assert!(
        matches!(effects.as_slice(), [trustwork::ui::Effect::AcknowledgeMoments(who, ids)] if who.partner == "pb" && ids.len() == 1)
    );
    // The author does not see their own request as a notice.
    let mut d = couple();
    d.moments.push(Moment {
        id: "x".into(),
        partner: "pa".into(),
        date: now(),
        strength: 5,
        trigger: None,
        helped: None,
        note: None,
        reassure: true,
        shared: false,
        acknowledged: None,
        sealed: None,
    });
    assert!(!draw(&mut app(d), 80, 24).contains("asked for reassurance"));
}

#[test]
fn the_review_saves_one_entry_with_the_answers() {
    let mut a = app(couple());
    let _ = a.follow(trustwork::ui::review::open());
    update(&mut a, Msg::ProgressLoaded(Box::new(history(70))));
    update(&mut a, Msg::Paste("Mornings are easier.".into()));
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Tab);
    update(&mut a, Msg::Paste("Walk on Sundays.".into()));
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
    );
    match effects.as_slice() {
        [trustwork::ui::Effect::SaveEntry(_, e, _)] => {
            assert_eq!(e.link.as_ref().unwrap().guide, "review");
            assert_eq!(
                e.body,
                "What got easier over these four weeks?\nMornings are easier.\n\nWhat do we want for the next four weeks?\nWalk on Sundays."
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_review_is_offered_every_four_weeks() {
    let mut d = couple();
    d.recent_checkins = history(30).checkins;
    let mut a = app(d);
    assert!(draw(&mut a, 80, 30).contains("time for a short review"));
    a.data
        .last_reviews
        .insert("pa".into(), now().date_naive() - chrono::Days::new(3));
    assert!(!draw(&mut a, 80, 30).contains("time for a short review"));
}

/// Runs the slow part of an unlock as the event loop would (on its worker thread).
fn finish_unlock(a: &mut App, effects: Vec<trustwork::ui::Effect>) -> Vec<trustwork::ui::Effect> {
    match effects.as_slice() {
        [trustwork::ui::Effect::Unlock(req)] => {
            let outcome = trustwork::ui::unlock::check(req.clone());
            update(a, Msg::Unlocked(outcome))
        }
        other => panic!("expected an unlock, got {other:?}"),
    }
}

#[test]
fn private_entries_in_the_workbook() {
    let (pk, _) = trustwork::crypto::new_key("pa", "correct-horse", now());
    let mut d = couple();
    d.keys.push(pk);
    let mut a = app(d);
    // A partner with a passphrase unlocks before writing, so the draft can be kept sealed.
    key(&mut a, KeyCode::Char('w'));
    assert!(draw(&mut a, 80, 24).contains("Alex's passphrase"));
    update(&mut a, Msg::Paste("wrong".into()));
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    // Argon2id runs off the UI thread: the frame says so, and keys wait.
    assert!(draw(&mut a, 80, 24).contains("Unlocking…"));
    assert!(finish_unlock(&mut a, effects).is_empty());
    assert!(draw(&mut a, 80, 24).contains("That passphrase is not right"));
    update(&mut a, Msg::Paste("correct-horse".into()));
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    finish_unlock(&mut a, effects);
    assert!(draw(&mut a, 80, 24).contains("Private: encrypted, only you can read it"));
    update(&mut a, Msg::Paste("MARKER-42 my own words".into()));
    // The draft goes to the store with the key, which seals it (see the privacy tests).
    match update(&mut a, Msg::DraftDue).as_slice() {
        [trustwork::ui::Effect::SaveDraft(who, d)] => {
            assert!(who.key().is_some());
            assert!(d.body.contains("MARKER-42"));
        }
        other => panic!("{other:?}"),
    }
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
    );
    let plain = match effects.as_slice() {
        [
            trustwork::ui::Effect::SaveEntry(who, e, true),
            trustwork::ui::Effect::DeleteDraft(..),
        ] if who.key().is_some() => e.clone(),
        other => panic!("{other:?}"),
    };
    let data_key = a.unlocked.as_ref().unwrap().1.clone();
    let sealed = trustwork::crypto::seal_entry(&plain, &data_key);
    assert_eq!(sealed.visibility, Visibility::Private);
    assert!(a.unlocked.is_some());
    // Quick-hide locks again, and coming back does not unlock.
    let mut hid = a.clone();
    ctrl(&mut hid, 'q');
    assert_eq!(hid.overlay, Some(Overlay::Hidden));
    assert!(hid.unlocked.is_none());
    ctrl(&mut hid, 'q');
    assert!(hid.overlay.is_none() && hid.unlocked.is_none());
    // Switching partner locks again too.
    key(&mut a, KeyCode::Tab);
    assert!(a.unlocked.is_none());
    // Sam sees only that a private entry exists.
    let mut d = couple();
    d.recent_entries.insert(0, sealed.clone());
    let mut b = app(d);
    b.active = 1;
    let text = draw(&mut b, 80, 24);
    assert!(
        text.contains("(private entry)") && !text.contains("MARKER"),
        "{text}"
    );
    // Ctrl-P makes an entry shared instead, and its draft may then be saved.
    let (pk, _) = trustwork::crypto::new_key("pa", "correct-horse", now());
    let mut d = couple();
    d.keys.push(pk);
    let mut c = app(d);
    key(&mut c, KeyCode::Char('w'));
    update(&mut c, Msg::Paste("correct-horse".into()));
    let effects = update(
        &mut c,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    finish_unlock(&mut c, effects);
    update(
        &mut c,
        Msg::Key(KeyEvent::new(KeyCode::Char('p'), KeyModifiers::CONTROL)),
    );
    update(&mut c, Msg::Paste("shared words".into()));
    assert!(matches!(
        update(&mut c, Msg::DraftDue).as_slice(),
        [trustwork::ui::Effect::SaveDraft(_, _)]
    ));
    ctrl(&mut c, 'q');
    assert!(c.unlocked.is_none());
}

#[test]
fn agreements_need_both_and_promises_are_marked_by_their_author() {
    use trustwork::together::*;
    let mut a = agreements_app();
    // Alex (pa) proposes an agreement.
    key(&mut a, KeyCode::Char('n'));
    for c in "No secrets about money.".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    let proposed = match effects.as_slice() {
        [trustwork::ui::Effect::SaveAgreement(_, x)] => x.clone(),
        other => panic!("{other:?}"),
    };
    assert_eq!(proposed.state(2), AgreementState::Proposed);
    // Alex cannot agree twice; Sam agrees on his own turn. (List: newest first.)
    let mut proposed = proposed;
    proposed.created += chrono::Duration::minutes(1); // newest first in the list
    a.data.agreements.push(proposed);
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Char('a'));
    let text = draw(&mut a, 80, 30);
    assert!(
        text.contains("waiting for Sam to agree") || text.contains("waiting for"),
        "{text}"
    );
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Char('y'), KeyModifiers::NONE)),
    );
    match effects.as_slice() {
        [trustwork::ui::Effect::SaveAgreement(_, x)] => {
            assert_eq!(x.state(2), AgreementState::Agreed)
        }
        other => panic!("{other:?}"),
    }
    // A one-off promise with a due date.
    let mut c = agreements_app();
    key(&mut c, KeyCode::Char('2'));
    key(&mut c, KeyCode::Char('n'));
    key(&mut c, KeyCode::Tab);
    key(&mut c, KeyCode::Tab); // daily -> weekly -> once
    for ch in "show you the statements by 2026-12-01".chars() {
        key(&mut c, KeyCode::Char(ch));
    }
    match update(
        &mut c,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    )
    .as_slice()
    {
        [trustwork::ui::Effect::SavePromise(_, p)] => {
            assert_eq!(p.text, "I will show you the statements");
            assert_eq!((p.repeat, p.due), (Repeat::Once, "2026-12-01".parse().ok()));
        }
        other => panic!("{other:?}"),
    }
    // Sam's promise: Alex cannot mark it, but can question it.
    let mut b = agreements_app();
    key(&mut b, KeyCode::Char('2'));
    assert!(
        update(
            &mut b,
            Msg::Key(KeyEvent::new(KeyCode::Char('y'), KeyModifiers::NONE))
        )
        .is_empty()
    );
    match update(
        &mut b,
        Msg::Key(KeyEvent::new(KeyCode::Char('q'), KeyModifiers::NONE)),
    )
    .as_slice()
    {
        [trustwork::ui::Effect::SavePromise(_, p)] => {
            assert_eq!(p.occurrences[0].response, Some(Response::Questioned))
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_together_session_hides_answers_until_the_reveal() {
    let mut a = app(couple());
    let reply = trustwork::ui::session::open(&mut a, "communicate");
    let _ = a.follow(reply);
    assert!(draw(&mut a, 80, 24).contains("Sam, please look away"));
    key(&mut a, KeyCode::Enter);
    update(&mut a, Msg::Paste("ALEX-ANSWER".into()));
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
    );
    assert!(
        matches!(
            effects.as_slice(),
            [trustwork::ui::Effect::SaveSession(_, _)]
        ),
        "no journal entry before the reveal"
    );
    let text = draw(&mut a, 80, 24);
    assert!(
        text.contains("Alex, please look away") && !text.contains("ALEX-ANSWER"),
        "{text}"
    );
    // Sam passes.
    key(&mut a, KeyCode::Enter);
    update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL)),
    );
    let text = draw(&mut a, 80, 24);
    assert!(
        text.contains("ALEX-ANSWER") && text.contains("passed on this one"),
        "{text}"
    );
    // Pausing and resuming lands on the same question.
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)),
    );
    let saved = match effects.as_slice() {
        [trustwork::ui::Effect::SaveSession(_, s)] => s.clone(),
        other => panic!("{other:?}"),
    };
    let mut d = couple();
    d.sessions.push(saved);
    let mut b = app(d);
    let reply = trustwork::ui::session::open(&mut b, "communicate");
    let _ = b.follow(reply);
    assert!(
        draw(&mut b, 80, 24).contains("ALEX-ANSWER"),
        "resumed at the reveal"
    );
    key(&mut b, KeyCode::Enter);
    for c in "you felt alone".chars() {
        key(&mut b, KeyCode::Char(c));
    }
    key(&mut b, KeyCode::Enter);
    for c in "a weekly talk".chars() {
        key(&mut b, KeyCode::Char(c));
    }
    let effects = update(
        &mut b,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    let entries: Vec<&Entry> = effects
        .iter()
        .filter_map(|e| match e {
            trustwork::ui::Effect::SaveEntry(_, x, _) => Some(x),
            _ => None,
        })
        .collect();
    assert_eq!(
        entries.len(),
        2,
        "Alex's answer and the shared note (Sam passed)"
    );
    assert_eq!(entries[0].body, "ALEX-ANSWER");
    assert!(
        entries[1].body.contains("What we heard: you felt alone")
            && entries[1].body.contains("a weekly talk")
    );
}

#[test]
fn a_solo_user_cannot_start_a_together_session() {
    let mut a = app(Data {
        partners: couple().partners[..1].to_vec(),
        ..Default::default()
    });
    let reply = trustwork::ui::session::open(&mut a, "communicate");
    let _ = a.follow(reply);
    assert!(matches!(a.screen, Screen::Home(_)));
    let why = "A together session needs two partners (add one in Settings).";
    assert_eq!(a.status.as_deref(), Some(why));
    let text = draw(&mut a, 80, 24);
    assert!(text.contains(why), "{text}");
}

const TALK: &str = "communicate.speaker-listener";

#[test]
fn a_timed_talk_saves_the_listeners_line_each_turn() {
    let mut a = app(couple());
    let reply = trustwork::ui::talk::open(&mut a, "communicate", TALK);
    let _ = a.follow(reply);
    for c in "pineapple".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    key(&mut a, KeyCode::Enter);
    let text = draw(&mut a, 80, 24);
    assert!(
        text.contains("PAUSE WORD:  PINEAPPLE") && text.contains("Alex speaks, Sam listens"),
        "{text}"
    );
    key(&mut a, KeyCode::Char(' '));
    assert!(draw(&mut a, 80, 24).contains("(paused)"));
    key(&mut a, KeyCode::Char(' '));
    key(&mut a, KeyCode::Enter);
    for c in "You felt unseen at dinners.".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    match effects.as_slice() {
        [trustwork::ui::Effect::SaveExercise(_, r)] => match &r.value {
            ExerciseValue::Form { fields } => {
                assert_eq!(fields[0].label, "Sam heard Alex");
                assert_eq!(fields[0].text, "You felt unseen at dinners.");
            }
            other => panic!("{other:?}"),
        },
        other => panic!("{other:?}"),
    }
    assert!(
        draw(&mut a, 80, 24).contains("Sam speaks, Alex listens"),
        "roles swap"
    );
    assert!(
        a.ticking(),
        "the timer ticks only while this screen is open"
    );
    key(&mut a, KeyCode::Esc);
    assert!(!a.ticking());
}

#[test]
fn settings_set_a_passphrase_and_forget_everything() {
    let mut a = app(couple());
    key(&mut a, KeyCode::Char('s'));
    for _ in 0..4 {
        key(&mut a, KeyCode::Down);
    }
    key(&mut a, KeyCode::Enter);
    let text = draw(&mut a, 80, 24);
    assert!(
        text.contains("new:") && text.contains("If a passphrase is forgotten"),
        "{text}"
    );
    for c in "correct-horse".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    key(&mut a, KeyCode::Enter);
    for c in "correct-horse".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    match effects.as_slice() {
        [trustwork::ui::Effect::SetPassphrase(p)] => {
            assert_eq!(p.new.as_str(), "correct-horse");
            assert!(p.current.is_none());
        }
        other => panic!("{other:?}"),
    };
    let (pk, _) = trustwork::crypto::new_key("pa", "correct-horse", now());
    a.data.keys.push(pk);
    // Forget everything: the last row, and only with the word.
    key(&mut a, KeyCode::End);
    for _ in 0..10 {
        key(&mut a, KeyCode::Down);
    }
    key(&mut a, KeyCode::Enter);
    for c in "forget".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    assert!(
        update(
            &mut a,
            Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))
        )
        .is_empty()
    );
    key(&mut a, KeyCode::Enter);
    for c in "FORGET".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    // Alex has a passphrase, so forgetting everything asks for it, typed as dots.
    assert!(
        update(
            &mut a,
            Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))
        )
        .is_empty()
    );
    for c in "correct-horse".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    let text = draw(&mut a, 80, 24);
    assert!(
        text.contains("Alex's passphrase: •••••••••••••_") && !text.contains("correct-horse"),
        "{text}"
    );
    assert_eq!(
        update(
            &mut a,
            Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))
        ),
        vec![trustwork::ui::Effect::ForgetAll(vec![(
            "pa".into(),
            trustwork::store::Passphrase::from("correct-horse")
        )])]
    );
    update(
        &mut a,
        Msg::Forgotten(trustwork::store::Erased {
            files: 12,
            left: vec!["my-notes.txt".into()],
        }),
    );
    assert!(matches!(a.screen, Screen::Onboarding(_)) && a.data.partners.is_empty());
    assert!(
        a.status
            .as_deref()
            .is_some_and(|s| s.contains("not trustwork's: my-notes.txt")),
        "{:?}",
        a.status
    );
}

#[test]
fn settings_forget_my_writing_is_the_active_partners_only() {
    let mut a = app(couple());
    key(&mut a, KeyCode::Tab);
    key(&mut a, KeyCode::Char('s'));
    for _ in 0..20 {
        key(&mut a, KeyCode::Down);
    }
    key(&mut a, KeyCode::Up);
    let text = draw(&mut a, 80, 24);
    assert!(text.contains("> Forget my writing"), "{text}");
    key(&mut a, KeyCode::Enter);
    for c in "FORGET".chars() {
        key(&mut a, KeyCode::Char(c));
    }
    // Sam has no passphrase: the word is enough.
    assert_eq!(
        update(
            &mut a,
            Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE))
        ),
        vec![trustwork::ui::Effect::ForgetPartner("pb".into(), vec![])]
    );
    let effects = update(
        &mut a,
        Msg::PartnerForgotten(
            "pb".into(),
            trustwork::store::PartnerForgotten {
                records: 3,
                files: 2,
            },
        ),
    );
    assert_eq!(effects, vec![trustwork::ui::Effect::Reload]);
    assert!(matches!(a.screen, Screen::Home(_)));
    assert_eq!(a.active_partner().map(|p| p.name.as_str()), Some("Alex"));
    assert!(
        a.status
            .as_deref()
            .is_some_and(|s| s.starts_with("Sam's writing has been erased"))
    );
}

#[test]
fn tab_switches_partner_and_the_header_says_who() {
    let mut a = app(couple());
    assert!(draw(&mut a, 80, 24).contains("Alex · the partner who was hurt"));
    key(&mut a, KeyCode::Tab);
    let text = draw(&mut a, 80, 24);
    assert!(text.contains("Sam · the partner who broke trust"), "{text}");
    assert!(text.contains("Check-in not done yet today"));
}

#[test]
fn another_partners_entry_is_read_only_and_answered_with_a_response() {
    let mut a = journal_app();
    // Alex (pa) is active; e2 is Sam's. Reading it offers a response, never the editor.
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Enter);
    let text = draw(&mut a, 80, 24);
    assert!(text.contains("This is Sam's entry: r writes"), "{text}");
    for c in ['e', 'd'] {
        assert!(
            update(
                &mut a,
                Msg::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
            )
            .is_empty()
        );
        assert!(!matches!(a.screen, Screen::Editor(_)));
    }
    key(&mut a, KeyCode::Char('r'));
    let Screen::Editor(ed) = &a.screen else {
        panic!("r opens the editor for a response")
    };
    assert_eq!(ed.responds_to.as_deref(), Some("e2"));
    update(&mut a, Msg::Paste("I read this. Thank you.".into()));
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)),
    );
    let response = match effects.as_slice() {
        [trustwork::ui::Effect::SaveEntry(who, e, false), ..] => {
            assert_eq!(who.partner, "pa");
            e.clone()
        }
        other => panic!("{other:?}"),
    };
    assert_eq!(
        (response.author.as_str(), response.responds_to.as_deref()),
        ("pa", Some("e2"))
    );
    // Shown beneath the entry it answers.
    let mut entries = couple().recent_entries;
    entries.push(response);
    update(&mut a, Msg::JournalLoaded(entries, Vec::new(), vec![]));
    let Screen::Journal(j) = &mut a.screen else {
        panic!()
    };
    j.mode = trustwork::ui::journal::Mode::Read("e2".into(), 0);
    let text = draw(&mut a, 80, 24);
    assert!(
        text.contains("Alex responded") && text.contains("I read this"),
        "{text}"
    );
}

#[test]
fn the_trash_is_each_partners_own_and_emptying_asks_first() {
    let mut a = journal_app();
    let Screen::Journal(j) = &a.screen else {
        panic!()
    };
    // The fixture's trashed entry is Alex's (pa); a trashed entry of Sam's is not shown to Alex.
    assert_eq!(j.trash.len(), 1);
    let mut sams = j.trash[0].clone();
    sams.entry.id = "sam-old".into();
    sams.entry.author = "pb".into();
    let mine = j.trash[0].clone();
    update(
        &mut a,
        Msg::JournalLoaded(couple().recent_entries, vec![mine, sams], vec![]),
    );
    let Screen::Journal(j) = &a.screen else {
        panic!()
    };
    assert_eq!(j.trash.len(), 1);
    assert_eq!(j.trash[0].entry.author, "pa");
    key(&mut a, KeyCode::Char('t'));
    assert!(
        update(
            &mut a,
            Msg::Key(KeyEvent::new(KeyCode::Char('E'), KeyModifiers::NONE))
        )
        .is_empty()
    );
    assert!(draw(&mut a, 80, 24).contains("Empty your trash?"));
    // Any key but y keeps them.
    assert!(
        update(
            &mut a,
            Msg::Key(KeyEvent::new(KeyCode::Char('n'), KeyModifiers::NONE))
        )
        .is_empty()
    );
    key(&mut a, KeyCode::Char('E'));
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Char('y'), KeyModifiers::NONE)),
    );
    assert!(
        matches!(effects.as_slice(), [trustwork::ui::Effect::EmptyTrash(who)] if who.partner == "pa")
    );
}

#[test]
fn debug_output_of_the_app_holds_no_key_or_passphrase() {
    let (pk, _) = trustwork::crypto::new_key("pa", "correct-horse", now());
    let mut d = couple();
    d.keys.push(pk.clone());
    let mut a = app(d);
    let key_bytes = trustwork::crypto::unlock(&pk, "correct-horse").unwrap();
    a.unlocked = Some(("pa".into(), key_bytes));
    // A passphrase being typed, too.
    trustwork::ui::unlock::ask(&mut a, trustwork::ui::unlock::Then::Journal);
    update(&mut a, Msg::Paste("SECRET-PASS".into()));
    let shown = format!("{a:?}");
    assert!(
        !shown.contains("SECRET-PASS"),
        "a typed passphrase is printed"
    );
    assert!(!shown.contains("correct-horse"));
    assert!(shown.contains("DataKey(…)"), "{shown}");
    // The actor that effects carry shows only whether it is unlocked.
    let actor = format!("{:?}", a.actor());
    assert!(
        actor.contains("unlocked: true") && !actor.contains('['),
        "{actor}"
    );
}

/// Every binding a screen's table names does something on that screen: for at least one of
/// its keys (Up at the top of a list may rightly do nothing, Down then does), the state changes
/// or the screen asks the event loop for something. The table is also what the handlers match
/// on, so a key that is not named there does nothing. A binding may do nothing in a fixture
/// only where this list says why.
#[test]
fn every_listed_key_does_what_its_screen_says() {
    // (screen fixture, keys of the binding): why doing nothing is right there.
    let quiet: &[(&str, &str, &str)] = &[
        // One table for the whole first run: each step uses the keys it shows on screen.
        (
            "onboarding_welcome",
            "Up, Down",
            "the welcome step has nothing to choose",
        ),
        (
            "onboarding_welcome",
            "Backspace",
            "no name is typed on the welcome step",
        ),
        (
            "onboarding_name",
            "Up, Down",
            "typing a name: nothing to choose",
        ),
        (
            "onboarding_role",
            "Backspace",
            "choosing a role: nothing typed",
        ),
        (
            "onboarding_second",
            "Backspace",
            "a yes/no question: nothing typed",
        ),
        (
            "onboarding_done",
            "Up, Down",
            "the last page has nothing to choose",
        ),
        (
            "onboarding_done",
            "Backspace",
            "the last page has nothing typed",
        ),
        // One table for every kind of exercise: each kind uses its part of it.
        ("exercise_scale", "Space, x", "ticking is for checklists"),
        ("exercise_scale", "Tab, Shift-Tab", "a scale has one part"),
        (
            "exercise_safety_check",
            "0-9, Left, Right, Home, End",
            "numbers are for scales",
        ),
        (
            "exercise_safety_check",
            "Tab, Shift-Tab",
            "a checklist has one part",
        ),
        // A session's answering keys act only while someone is answering.
        (
            "session_look_away",
            "Ctrl-S",
            "no answer is being written yet",
        ),
        (
            "session_look_away",
            "Ctrl-N",
            "Enter first, once the other looks away",
        ),
        ("session_reveal", "Ctrl-S", "the answers are already in"),
        ("session_reveal", "Ctrl-N", "the answers are already in"),
        ("session_note", "Ctrl-S", "Enter saves the note"),
        ("session_note", "Ctrl-N", "there is no question to pass on"),
        // Lists of one: there is nowhere to move.
        (
            "promises",
            "Up, Down, k, j",
            "the fixture holds one promise",
        ),
        (
            "journal_trash",
            "Up, Down, k, j",
            "the fixture's trash holds one entry",
        ),
        (
            "journal_entry_counsellor",
            "r",
            "the entry is the reader's own: r responds to the other's",
        ),
        (
            "export_problem",
            "Enter",
            "the date is not one: nothing is written until it is (the message stays)",
        ),
    ];
    let mut silent = Vec::new();
    for (name, a) in all_screens() {
        let screen = a.keys();
        for b in screen.bindings() {
            let acts = trustwork::ui::keys::events(b.keys).into_iter().any(|ev| {
                let mut x = a.clone();
                let before = format!("{x:?}");
                let effects = update(&mut x, Msg::Key(ev));
                !effects.is_empty() || format!("{x:?}") != before
            });
            if !acts && !quiet.iter().any(|(n, k, _)| *n == name && *k == b.keys) {
                silent.push(format!("{name}: {:?} ({})", b.keys, b.does));
            }
        }
    }
    assert!(silent.is_empty(), "{}", silent.join("\n"));
}

/// Opens a guide's reader as its key would, and returns the effects.
fn open_guide(a: &mut trustwork::ui::App, id: &str) -> Vec<trustwork::ui::Effect> {
    let reply = trustwork::ui::guides::open(a, id);
    a.follow(reply)
}

/// A save that fails (the folder gone with its disk, a full disk) never costs the words: the
/// entry becomes an unsaved draft that `d` on home continues.
#[test]
fn an_entry_that_could_not_be_saved_is_kept_as_a_draft() {
    let mut a = app(couple());
    let e = Entry {
        id: "e9".into(),
        title: Some("Kept".into()),
        body: "Words that must not be lost".into(),
        ..a.data.recent_entries[0].clone()
    };
    update(
        &mut a,
        Msg::EntryNotSaved(Box::new(e), "the disk is full".into()),
    );
    let status = a.status.clone().unwrap_or_default();
    assert!(status.contains("not saved: the disk is full"), "{status}");
    let text = draw(&mut a, 80, 24);
    assert!(text.contains("Unsaved draft"), "{text}");
    key(&mut a, KeyCode::Char('d'));
    match &a.screen {
        Screen::Editor(ed) => {
            assert!(ed.text().contains("Words that must not be lost"));
            assert_eq!(ed.title, "Kept");
        }
        other => panic!("{other:?}"),
    }
}

/// While the folder is gone, what is shown is what was last read from disk (so a lock seals
/// again), and a draft that lives only in memory is kept.
#[test]
fn a_gone_folder_shows_what_was_read_and_keeps_drafts_held_in_memory() {
    let mut a = app(couple());
    let draft = Draft {
        partner: "pa".into(),
        key: "free".into(),
        title: String::new(),
        tags: String::new(),
        body: "only in memory".into(),
        link: None,
        entry: None,
        saved: now(),
        sealed: None,
    };
    a.data.drafts.push(draft);
    a.data.recent_entries[0].body = "opened in memory".into();
    update(&mut a, Msg::FolderGone(Box::new(couple())));
    assert!(a.folder_gone);
    assert_eq!(
        a.data.recent_entries[0].body, "We talked.",
        "as it was read"
    );
    assert!(a.data.drafts.iter().any(|d| d.body == "only in memory"));
}

#[test]
fn a_gone_folder_is_said_on_every_page_and_never_empties_the_screen() {
    let mut a = app(couple());
    let held = couple();
    update(&mut a, Msg::FolderGone(Box::new(held)));
    for k in [KeyCode::Char('j'), KeyCode::Esc, KeyCode::Char('w')] {
        key(&mut a, k);
        let text = draw(&mut a, 80, 24);
        assert!(text.contains("has gone or been emptied"), "{text}");
        assert!(text.contains("Alex"), "{text}");
    }
}

/// Numbers first: at any size the safety screen begins with whom to call now, a 40x10
/// terminal included.
#[test]
fn the_safety_screen_begins_with_the_emergency_numbers_at_any_size() {
    for (w, h) in [(40, 10), (80, 24)] {
        let mut a = app(couple());
        a.overlay = Some(Overlay::Safety);
        let text = draw(&mut a, w, h);
        // The first line of the page's own text, below the header where there is one.
        let first = text
            .lines()
            .find(|l| !l.trim().is_empty() && !l.contains("Safety & resources"))
            .unwrap_or("");
        assert!(
            first.contains("In danger now: call 911"),
            "{w}x{h}:\n{text}"
        );
        insta::assert_snapshot!(format!("safety_first_{w}x{h}"), text);
    }
}

/// The safety check's "not yet" opens its own page, and 1 opens the first guide it names.
#[test]
fn not_yet_signs_show_the_wait_page_and_its_guides_open() {
    let mut a = app(couple());
    a.overlay = Some(Overlay::NotYet);
    let text = draw(&mut a, 80, 24);
    assert!(text.contains("working on trust together"), "{text}");
    key(&mut a, KeyCode::Char('1'));
    assert_eq!(a.overlay, None);
    assert!(matches!(a.screen, Screen::Reader(_)), "{:?}", a.screen);
}

/// Home's next guide is the first real step after the safety check, and `n` opens it.
#[test]
fn home_and_n_move_past_the_safety_check() {
    let mut a = app(couple());
    let text = draw(&mut a, 80, 24);
    assert!(
        text.contains("safety check: first in the guides (g)"),
        "{text}"
    );
    assert!(text.contains("Getting through the first days"), "{text}");
    key(&mut a, KeyCode::Char('n'));
    match &a.screen {
        Screen::Reader(r) => assert_eq!(r.guide, "first-days"),
        other => panic!("{other:?}"),
    }
}

/// `c` in the entry reader shares the active partner's own entry with the counsellor (or
/// stops); on the other's entry it says whose choice it is and asks the store for nothing.
#[test]
fn c_shares_your_own_entry_with_your_counsellor_and_only_yours() {
    use trustwork::ui::Effect;
    let mut a = journal_app();
    key(&mut a, KeyCode::Enter);
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE)),
    );
    match effects.as_slice() {
        [Effect::ShareWithCounsellor(actor, id, true)] => {
            assert_eq!(actor.partner, "pa");
            assert_eq!(id, "e1");
        }
        other => panic!("{other:?}"),
    }
    let effects = update(&mut a, Msg::SharedWithCounsellor("e1".into(), true));
    assert_eq!(effects, vec![Effect::LoadJournal]);
    assert!(
        a.status
            .as_deref()
            .unwrap()
            .starts_with("Shared with your counsellor")
    );
    // Sam's entry: theirs to choose.
    key(&mut a, KeyCode::Esc);
    key(&mut a, KeyCode::Down);
    key(&mut a, KeyCode::Enter);
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Char('c'), KeyModifiers::NONE)),
    );
    assert!(effects.is_empty(), "{effects:?}");
    let status = a.status.clone().unwrap();
    assert!(
        status.contains("Sam's to choose") && status.contains("Nothing was changed"),
        "{status}"
    );
}

#[test]
fn settings_read_the_devices_when_opened_and_again_on_enter() {
    let mut a = app(couple());
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::NONE)),
    );
    assert!(
        effects.contains(&trustwork::ui::Effect::LoadDevices),
        "{effects:?}"
    );
    assert!(draw(&mut a, 80, 24).contains("reading the devices…"));
    let mut a = settings_with_devices();
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE)),
    );
    assert_eq!(effects, vec![trustwork::ui::Effect::LoadDevices]);
    // What is shown stays until the new reading arrives.
    assert!(draw(&mut a, 80, 24).contains("sams-laptop"));
    update(&mut a, Msg::DevicesLoaded(Err("the folder is gone".into())));
    let text = draw(&mut a, 80, 24);
    assert!(
        text.contains("The devices could not be read again."),
        "{text}"
    );
    assert!(
        text.contains("the devices could not be read: the folder is gone"),
        "{text}"
    );
}

#[test]
fn r_on_home_restores_this_devices_files_only() {
    let other = "devices/s4ms4apt0p000002/entries/2026-11.json";
    let mut a = app(damaged(couple(), &[other]));
    let text = draw(&mut a, 80, 24)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(text.contains("(from device s4ms4apt0p000002)"), "{text}");
    assert!(
        text.contains("open trustwork there to restore it"),
        "{text}"
    );
    assert!(!text.contains("r restores"), "{text}");
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::NONE)),
    );
    assert!(effects.is_empty(), "{effects:?}");
    assert!(a.status.as_deref().unwrap().contains("another device's"));
    // With one of this device's own files damaged too, r restores that one only.
    let mut a = app(damaged(couple(), &[other, "checkins/2026.json"]));
    let effects = update(
        &mut a,
        Msg::Key(KeyEvent::new(KeyCode::Char('r'), KeyModifiers::NONE)),
    );
    assert_eq!(
        effects,
        vec![trustwork::ui::Effect::RestoreFiles(vec![PathBuf::from(
            "checkins/2026.json"
        )])]
    );
    let text = draw(&mut a, 100, 40)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        text.contains("another device's are restored on that device"),
        "{text}"
    );
}

#[test]
fn home_says_when_the_partners_were_added_on_two_laptops() {
    let mut d = couple();
    let twins: Vec<Partner> = d
        .partners
        .iter()
        .map(|p| Partner {
            id: format!("{}2", p.id),
            ..p.clone()
        })
        .collect();
    d.partners.extend(twins);
    let mut a = app(d);
    for (w, h) in [(80, 24), (200, 60)] {
        let text = draw(&mut a, w, h)
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        assert!(text.contains("Alex and Sam each appear twice"), "{text}");
    }
}
