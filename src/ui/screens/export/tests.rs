//! The export screen's update: what the form changes, what it asks the event loop to do.

use super::*;
use crate::clock::Clock;
use crate::content::Pack;
use crate::model::{Entry, Partner, Role, Timestamp, Visibility};
use crate::ui::{Data, Msg, update};

fn now() -> Timestamp {
    "2026-11-25T09:00:00+00:00".parse().unwrap()
}

fn entry(id: &str, who: &str, tags: &[&str]) -> Entry {
    Entry {
        id: id.into(),
        author: who.into(),
        created: now(),
        updated: now(),
        title: None,
        body: format!("body of {id}"),
        tags: tags.iter().map(|t| t.to_string()).collect(),
        starred: false,
        for_counsellor: false,
        link: None,
        visibility: Visibility::Shared,
        source: None,
        sealed: None,
        responds_to: None,
    }
}

fn partners() -> Vec<Partner> {
    ["Alex", "Sam"]
        .iter()
        .enumerate()
        .map(|(i, n)| Partner {
            id: format!("p{}", i + 1),
            name: n.to_string(),
            role: Role::Hurt,
            created: now(),
        })
        .collect()
}

/// Alex (p1, with a passphrase) has a sealed private entry; Sam (p2, with one too) has one.
fn setup() -> (App, crate::privacy::DataKey) {
    let (pk1, k1) = crate::crypto::new_key("p1", "one", now());
    let (pk2, k2) = crate::crypto::new_key("p2", "two", now());
    let private = |id: &str, who: &str, key: &crate::privacy::DataKey| {
        let mut e = entry(id, who, &["work"]);
        e.visibility = Visibility::Private;
        crate::crypto::seal_entry(&e, key)
    };
    let snap = Snapshot {
        partners: partners(),
        entries: vec![
            entry("a", "p1", &["work"]),
            entry("b", "p2", &["home"]),
            private("pa", "p1", &k1),
            private("pb", "p2", &k2),
        ],
        ..Default::default()
    };
    let data = Data {
        partners: partners(),
        keys: vec![pk1, pk2],
        ..Default::default()
    };
    let mut app = App::new(
        Pack::embedded(),
        PathBuf::from("/data"),
        Clock::Fixed(now()),
        crate::ui::theme::Theme::mono(),
        data,
    );
    app.screen = Screen::Home(crate::ui::home::Home);
    let effects = update(&mut app, Msg::Key(crate::ui::plain(KeyCode::Char('x'))));
    assert_eq!(effects, vec![Effect::LoadExport]);
    update(
        &mut app,
        Msg::ExportLoaded(Box::new(Ready {
            snap: Arc::new(snap),
            home: PathBuf::from("/home/you"),
            opener: true,
        })),
    );
    (app, k1)
}

fn screen(app: &App) -> &ExportScreen {
    match &app.screen {
        Screen::Export(s) => s,
        other => panic!("not the export screen: {other:?}"),
    }
}

fn press(app: &mut App, code: KeyCode) -> Vec<Effect> {
    update(app, Msg::Key(crate::ui::plain(code)))
}

fn go_to(app: &mut App, f: Field) {
    for _ in 0..12 {
        if screen(app).field == f {
            return;
        }
        press(app, KeyCode::Down);
    }
    panic!("no field {f:?}");
}

fn type_text(app: &mut App, s: &str) {
    for c in s.chars() {
        press(app, KeyCode::Char(c));
    }
}

fn job(effects: &[Effect]) -> &Job {
    match effects {
        [Effect::Export(j)] => j,
        other => panic!("no export asked for: {other:?}"),
    }
}

#[test]
fn the_file_follows_the_format_until_edited_and_the_summary_offers_md_and_html() {
    let (mut app, _) = setup();
    assert_eq!(
        screen(&app).path,
        "/home/you/trustwork-export-2026-11-25.md"
    );
    go_to(&mut app, Field::Format);
    press(&mut app, KeyCode::Left);
    assert_eq!(screen(&app).format(), Format::Html);
    assert_eq!(
        screen(&app).path,
        "/home/you/trustwork-export-2026-11-25.html"
    );
    // The summary: md and html only, the html kept.
    go_to(&mut app, Field::What);
    press(&mut app, KeyCode::Char(' '));
    assert_eq!(screen(&app).what, What::Summary);
    assert_eq!(screen(&app).formats(), &[Format::Markdown, Format::Html]);
    assert_eq!(screen(&app).format(), Format::Html);
    go_to(&mut app, Field::Format);
    press(&mut app, KeyCode::Right);
    press(&mut app, KeyCode::Right);
    assert_eq!(screen(&app).format(), Format::Html, "two choices, round");
    assert!(!screen(&app).fields().contains(&Field::Tags));
    // Edited: it no longer follows.
    go_to(&mut app, Field::File);
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    press(&mut app, KeyCode::Backspace);
    type_text(&mut app, "htm");
    go_to(&mut app, Field::Format);
    press(&mut app, KeyCode::Right);
    assert_eq!(screen(&app).format(), Format::Markdown);
    assert_eq!(
        screen(&app).path,
        "/home/you/trustwork-summary-2026-11-25.htm"
    );
}

#[test]
fn counts_follow_the_choices_and_dates_are_checked() {
    let (mut app, _) = setup();
    let c = screen(&app).counts.unwrap();
    assert_eq!((c.entries, c.sealed), (2, 2));
    go_to(&mut app, Field::Tags);
    type_text(&mut app, "home, x");
    assert_eq!(screen(&app).counts.unwrap().entries, 1);
    // Pasted words count as typed ones.
    update(&mut app, Msg::Paste(" work".into()));
    assert_eq!(screen(&app).counts.unwrap().entries, 2);
    for _ in 0..5 {
        press(&mut app, KeyCode::Backspace);
    }
    go_to(&mut app, Field::From);
    type_text(&mut app, "2026-13-01");
    let p = screen(&app).problem.clone().unwrap();
    assert!(p.contains("not a date") && p.contains("YYYY-MM-DD"), "{p}");
    assert!(screen(&app).counts.is_none());
    // Enter with a bad date writes nothing.
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    for _ in 0..5 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "11-26");
    go_to(&mut app, Field::To);
    type_text(&mut app, "2026-11-01");
    assert!(screen(&app).problem.as_deref().unwrap().contains("after"));
    for _ in 0..2 {
        press(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "30");
    assert_eq!(screen(&app).problem, None);
    assert_eq!(
        screen(&app).counts.unwrap().entries,
        0,
        "the 25th is before"
    );
}

#[test]
fn private_entries_are_only_the_active_partners_own_and_only_once_unlocked() {
    let (mut app, k1) = setup();
    go_to(&mut app, Field::Private);
    // Locked: the key asks for the passphrase and changes nothing yet.
    press(&mut app, KeyCode::Char(' '));
    assert!(app.passphrase.is_some());
    assert!(!screen(&app).private);
    // The passphrase was right: the same key comes again.
    app.passphrase = None;
    app.unlocked = Some(("p1".into(), k1));
    press(&mut app, KeyCode::Char(' '));
    assert!(screen(&app).private);
    let c = screen(&app).counts.unwrap();
    assert_eq!((c.entries, c.sealed), (3, 1), "Sam's stays sealed");
    let effects = press(&mut app, KeyCode::Enter);
    let j = job(&effects);
    assert!(j.filter.include_private);
    assert_eq!(j.actor.partner, "p1");
    assert!(j.actor.key().is_some());
    // The job carries the store as read (sealed); the thread opens only Alex's.
    assert!(
        j.snap
            .entries
            .iter()
            .all(|e| e.id != "pa" || e.sealed.is_some())
    );
    let mut opened = (*j.snap).clone();
    export::open_private_for(&mut opened, &j.actor, &j.filter).unwrap();
    let sealed: Vec<&str> = opened
        .entries
        .iter()
        .filter(|e| e.sealed.is_some())
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(sealed, ["pb"]);
    // Locking again drops them.
    app.screen = std::mem::take(&mut app.screen);
    crate::ui::unlock::lock(&mut app);
    assert!(!screen(&app).private);
    assert!(screen(&app).opened.is_none());
    assert_eq!(screen(&app).counts.unwrap().entries, 2);
}

#[test]
fn enter_writes_and_an_existing_file_is_replaced_only_after_yes() {
    let (mut app, _) = setup();
    let effects = press(&mut app, KeyCode::Enter);
    let j = job(&effects);
    assert!(!j.replace);
    assert!(!j.summary);
    assert_eq!(
        j.path,
        PathBuf::from("/home/you/trustwork-export-2026-11-25.md")
    );
    assert!(matches!(screen(&app).phase, Phase::Writing(0, _)));
    // The loop found the file there: nothing written, the question asked.
    update(&mut app, Msg::ExportExists(j.path.clone()));
    assert!(matches!(screen(&app).phase, Phase::Replace(_)));
    assert_eq!(screen(&app).keys().title, "Export: the file exists");
    // n keeps it, and goes back to the form at the file name.
    assert!(press(&mut app, KeyCode::Char('n')).is_empty());
    assert_eq!(screen(&app).phase, Phase::Form);
    assert_eq!(screen(&app).field, Field::File);
    press(&mut app, KeyCode::Enter);
    update(
        &mut app,
        Msg::ExportExists(PathBuf::from("/home/you/trustwork-export-2026-11-25.md")),
    );
    let effects = press(&mut app, KeyCode::Char('y'));
    assert!(job(&effects).replace);
    update(
        &mut app,
        Msg::ExportProgress(export::Progress { done: 1, total: 2 }),
    );
    assert_eq!(screen(&app).phase, Phase::Writing(1, 2));
    update(&mut app, Msg::Exported(Ok(PathBuf::from("/home/you/x.md"))));
    assert_eq!(screen(&app).phase, Phase::Done("/home/you/x.md".into()));
    assert_eq!(
        press(&mut app, KeyCode::Char('o')),
        vec![Effect::OpenFile("/home/you/x.md".into())]
    );
    // e: back to the choices.
    press(&mut app, KeyCode::Char('e'));
    assert_eq!(screen(&app).phase, Phase::Form);
}

#[test]
fn a_failed_write_keeps_the_form_and_says_why_and_esc_goes_back() {
    let (mut app, _) = setup();
    go_to(&mut app, Field::Tags);
    type_text(&mut app, "work");
    press(&mut app, KeyCode::Enter);
    update(
        &mut app,
        Msg::Exported(Err(
            "/x is a symbolic link; trustwork does not write through links".into(),
        )),
    );
    assert_eq!(screen(&app).phase, Phase::Form);
    assert!(
        screen(&app)
            .problem
            .as_deref()
            .unwrap()
            .contains("symbolic link")
    );
    assert_eq!(screen(&app).tags, "work");
    // An empty file name is asked for, not written.
    go_to(&mut app, Field::File);
    for _ in 0..60 {
        press(&mut app, KeyCode::Backspace);
    }
    assert!(press(&mut app, KeyCode::Enter).is_empty());
    assert!(
        screen(&app)
            .problem
            .as_deref()
            .unwrap()
            .contains("Name the file")
    );
    press(&mut app, KeyCode::Esc);
    assert!(matches!(app.screen, Screen::Home(_)));
}

#[test]
fn the_summary_is_asked_for_with_its_dates() {
    let (mut app, _) = setup();
    press(&mut app, KeyCode::Right);
    assert_eq!(screen(&app).what, What::Summary);
    assert!(
        screen(&app)
            .summary_line
            .as_deref()
            .unwrap()
            .contains("covers")
    );
    go_to(&mut app, Field::From);
    type_text(&mut app, "2026-11-01");
    let effects = press(&mut app, KeyCode::Enter);
    let j = job(&effects);
    assert!(j.summary);
    assert_eq!(j.format, Format::Markdown);
    assert_eq!(j.filter.since, "2026-11-01".parse().ok());
    assert_eq!(j.filter.partner, None);
}

#[test]
fn numbers_read_with_thousands() {
    assert_eq!(plural(1204, "entry", "entries"), "1,204 entries");
    assert_eq!(plural(1, "entry", "entries"), "1 entry");
    assert_eq!(thousands(1_000_000), "1,000,000");
    assert_eq!(parse_tags("a, b  c,,d"), ["a", "b", "c", "d"]);
}
