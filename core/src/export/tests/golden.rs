//! Golden files: every readable format and the JSON of one small store that holds what is hard
//! to get right (emoji, CJK, right-to-left text, HTML and Markdown special characters, control
//! characters, a private entry, a sealed one, a response, check-ins of both partners over two
//! weeks, a moment shared and one not, agreements, promises kept and missed), and of an empty
//! store. `TRUSTWORK_BLESS=1 cargo test -p trustwork-core golden` writes them anew.

use super::*;
use crate::model::{PromptLink, Role, Sealed, Visibility};
use crate::store::Snapshot;
use crate::together::{Agreement, Category, Kept, Occurrence, Promise, Repeat, Response};
use std::path::PathBuf;

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

const ALEX: &str = "a1exa1exa1ex";
const SAM: &str = "5am05am05am0";

fn entry(id: &str, author: &str, t: &str, title: Option<&str>, body: &str) -> Entry {
    Entry {
        id: id.into(),
        author: author.into(),
        created: at(t),
        updated: at(t),
        title: title.map(str::to_string),
        body: body.into(),
        tags: vec![],
        starred: false,
        link: None,
        visibility: Visibility::Shared,
        source: None,
        responds_to: None,
        sealed: None,
        for_counsellor: false,
    }
}

fn checkin(partner: &str, date: &str, trust: u8, mood: Option<&str>) -> CheckIn {
    CheckIn {
        partner: partner.into(),
        date: date.parse().unwrap(),
        trust,
        mood: mood.map(str::to_string),
        note: Some("a note, never exported as text".into()),
        updated: at(&format!("{date}T21:00:00+01:00")),
        sealed: None,
    }
}

/// The small store: two partners in March and April 2026.
pub(super) fn store() -> Snapshot {
    let partners = vec![
        Partner {
            id: ALEX.into(),
            name: "Alex".into(),
            role: Role::Hurt,
            created: at("2026-02-20T10:00:00+01:00"),
        },
        Partner {
            id: SAM.into(),
            name: "Sam".into(),
            role: Role::Repairing,
            created: at("2026-02-20T10:05:00+01:00"),
        },
    ];
    let mut walk = entry(
        "wa1kwa1kwa1k",
        ALEX,
        "2026-03-03T09:30:00+01:00",
        Some("Morning 🌅 walk"),
        "We walked 🚶‍♀️🚶 to the lake and back.\nIt helped 💛.\n\nSecond paragraph.",
    );
    walk.tags = vec!["walk".into(), "together".into()];
    walk.starred = true;
    walk.link = Some(PromptLink {
        guide: "acknowledge".into(),
        prompt: Some("acknowledge.what".into()),
        prompt_text: Some("What happened, in your own words?".into()),
    });
    let mut reply = entry(
        "rep1yrep1yrp",
        SAM,
        "2026-03-03T14:10:00+01:00",
        None,
        "I remember it too.\n> not a quote\nThank you.",
    );
    reply.responds_to = Some(walk.id.clone());
    let mut private = entry(
        "pr1vatepr1va",
        ALEX,
        "2026-03-03T14:08:00+01:00",
        Some("Just for me"),
        "My own words, not for anyone else.",
    );
    private.visibility = Visibility::Private;
    let mut sealed = entry("sea1edsea1ed", SAM, "2026-03-11T07:00:00+01:00", None, "");
    sealed.visibility = Visibility::Private;
    sealed.sealed = Some(Sealed {
        nonce: "bm9uY2Vub25jZW5vbmNlbm9uY2Vub25j".into(),
        ciphertext: "c2VhbGVkIHdvcmRz".into(),
    });
    let mut cjk = entry(
        "cjkcjkcjkcjk",
        SAM,
        "2026-03-03T21:00:00+01:00",
        Some("夜の散歩"),
        "今日は長い一日でした。私たちは湖まで歩いて、ゆっくり話しました。我们谈了很久，关于信任和时间。한국어도 조금 씁니다。",
    );
    cjk.tags = vec!["夜".into()];
    let rtl = entry(
        "rt1rt1rt1rt1",
        ALEX,
        "2026-03-05T08:00:00+01:00",
        Some("שלום"),
        "שלום, we spoke again. مرحبا بك في البيت. Mixed: abc אבג 123.",
    );
    let mut special = entry(
        "spec1a1spec1",
        SAM,
        "2026-03-10T19:00:00+01:00",
        Some("# x <script>alert(1)</script> |"),
        "<script>alert(1)</script>\n# x\n| a | b |\n|---|---|\n> q\n- item\n1. one\n---\n[ref]: http://example.com\n```\nA & B *not bold* \u{1b}[31mred\u{1b}[0m \u{202e}reversed",
    );
    special.tags = vec!["html".into(), "a|b".into()];
    let long = entry(
        "1ong1ong1ong",
        ALEX,
        "2026-04-01T20:00:00+02:00",
        None,
        "A long paragraph to wrap at eighty columns: we sat on the bench by the water for a long time, and neither of us needed to fill the silence, which felt new. https://example.com/a/very/long/address/that/cannot/be/broken/at/a/space/anywhere/in/it",
    );
    let entries = vec![special, long, walk, cjk, sealed, reply, private, rtl];

    let checkins = vec![
        checkin(ALEX, "2026-03-02", 3, Some("tired")),
        checkin(SAM, "2026-03-02", 6, Some("hopeful | ok")),
        checkin(ALEX, "2026-03-03", 4, Some("calm 🌊")),
        checkin(SAM, "2026-03-03", 6, None),
        checkin(ALEX, "2026-03-04", 4, None),
        checkin(ALEX, "2026-03-09", 5, Some("better")),
        checkin(SAM, "2026-03-09", 7, Some("落ち着いた")),
        checkin(SAM, "2026-03-10", 7, Some("steady")),
        checkin(ALEX, "2026-04-01", 6, Some("warm")),
    ];
    let moments = vec![
        Moment {
            id: "m0mentm0ment".into(),
            partner: ALEX.into(),
            date: at("2026-03-04T22:00:00+01:00"),
            strength: 7,
            trigger: Some("a song on the radio".into()),
            helped: Some("Sam held my hand".into()),
            note: None,
            reassure: true,
            shared: true,
            acknowledged: None,
            sealed: None,
        },
        Moment {
            id: "m0ment2m0mnt".into(),
            partner: ALEX.into(),
            date: at("2026-03-10T13:00:00+01:00"),
            strength: 4,
            trigger: Some("the old street — not shared".into()),
            helped: None,
            note: Some("kept to myself".into()),
            reassure: false,
            shared: false,
            acknowledged: None,
            sealed: None,
        },
    ];
    let mut phones = Agreement::new(
        "ph0nesph0nes".into(),
        Category::Boundary,
        "No phones at dinner | ever, *really*".into(),
        ALEX,
        at("2026-03-02T20:00:00+01:00"),
        30,
    );
    phones.agree(SAM, at("2026-03-02T20:30:00+01:00"));
    let late = Agreement::new(
        "1ate1ate1ate".into(),
        Category::Expectation,
        "Tell me when you're late > 30 min".into(),
        SAM,
        at("2026-03-06T18:00:00+01:00"),
        14,
    );
    let mut old = Agreement::new(
        "0ld0ld0ld0ld".into(),
        Category::Boundary,
        "No talking about it after 22:00".into(),
        ALEX,
        at("2026-03-01T20:00:00+01:00"),
        30,
    );
    old.agree(SAM, at("2026-03-01T20:10:00+01:00"));
    old.retire(
        SAM,
        "we need the evenings sometimes".into(),
        at("2026-03-08T10:00:00+01:00"),
    );
    let mark = |date: &str, status, response| Occurrence {
        date: date.parse().unwrap(),
        status,
        marked: at(&format!("{date}T22:00:00+01:00")),
        response,
    };
    let promises = vec![
        Promise {
            id: "ca11ca11ca11".into(),
            by: SAM.into(),
            text: "I will call if I'm late".into(),
            created: at("2026-03-01T12:00:00+01:00"),
            repeat: Repeat::Weekly,
            due: None,
            occurrences: vec![
                mark("2026-03-02", Kept::Kept, Some(Response::Confirmed)),
                mark("2026-03-09", Kept::Missed, None),
                mark("2026-03-16", Kept::Kept, Some(Response::Questioned)),
            ],
            retired: None,
            guide: Some("consistency".into()),
        },
        Promise {
            id: "b00kb00kb00k".into(),
            by: ALEX.into(),
            text: "I will book the counsellor".into(),
            created: at("2026-03-02T12:00:00+01:00"),
            repeat: Repeat::Once,
            due: Some("2026-03-20".parse().unwrap()),
            occurrences: vec![mark("2026-03-20", Kept::Kept, None)],
            retired: None,
            guide: None,
        },
    ];
    Snapshot {
        partners,
        entries,
        checkins,
        agreements: vec![phones, late, old],
        promises,
        moments,
        ..Default::default()
    }
}

fn exported_at() -> Timestamp {
    at("2026-04-02T10:00:00+02:00")
}

/// Compares `got` with the golden file `name`, or writes it with `TRUSTWORK_BLESS=1` (the
/// one golden check of every export test, the HTML report's and the summary's included).
pub(crate) fn golden(name: &str, got: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("src/export/golden")
        .join(name);
    if std::env::var_os("TRUSTWORK_BLESS").is_some() {
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (TRUSTWORK_BLESS=1 writes it)", path.display()));
    if want != got {
        let first = want
            .lines()
            .zip(got.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(want.lines().count().min(got.lines().count()));
        panic!(
            "{name} differs from its golden file, first at line {}:\n  want {:?}\n  got  {:?}\n(TRUSTWORK_BLESS=1 writes it anew)",
            first + 1,
            want.lines().nth(first),
            got.lines().nth(first)
        );
    }
}

fn export(snap: &Snapshot, filter: &Filter, format: Format) -> String {
    to_string(snap, filter, format, exported_at()).unwrap()
}

fn with_private() -> Filter {
    Filter {
        include_private: true,
        ..Default::default()
    }
}

#[test]
fn golden_files_of_every_format() {
    let s = store();
    for format in Format::ALL {
        let ext = format.extension();
        golden(
            &format!("store.{ext}"),
            &export(&s, &Filter::default(), format),
        );
        golden(
            &format!("store-private.{ext}"),
            &export(&s, &with_private(), format),
        );
        golden(
            &format!("empty.{ext}"),
            &export(&Snapshot::default(), &Filter::default(), format),
        );
    }
}

#[test]
fn a_private_entry_is_out_by_default_and_under_its_own_heading_when_included() {
    let s = store();
    for format in Format::ALL {
        let out = export(&s, &Filter::default(), format);
        assert!(!out.contains("My own words"), "{format}");
        let out = export(&s, &with_private(), format);
        assert!(out.contains("My own words"), "{format}");
    }
    let md = export(&s, &with_private(), Format::Markdown);
    assert!(
        md.contains("\n#### Private — Alex, 14:08\n\n**Just for me**\n"),
        "{md}"
    );
    let txt = export(&s, &with_private(), Format::Text);
    assert!(
        txt.contains("\n[Private — Alex, 14:08]\nJust for me\n"),
        "{txt}"
    );
    // A sealed entry is never opened: the JSON carries it sealed; the others leave it out.
    let json = export(&s, &Filter::default(), Format::Json);
    assert!(json.contains("c2VhbGVkIHdvcmRz"));
    assert!(md.contains("1 private entry sealed, left out"));
}

#[test]
fn user_text_cannot_break_the_markdown() {
    let md = export(&store(), &Filter::default(), Format::Markdown);
    // Every heading is one the export wrote.
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with('#')).collect();
    assert!(
        headings.iter().all(|h| {
            ["# trustwork journal", "## ", "### ", "#### "]
                .iter()
                .any(|p| h.starts_with(p))
        }),
        "{headings:#?}"
    );
    assert!(!md.contains("\n# x") && md.contains("\n\\# x"), "{md}");
    // Raw HTML is shown as text: every `<` is escaped.
    assert!(md.contains("\\<script>"));
    assert!(md.match_indices('<').all(|(i, _)| md[..i].ends_with('\\')));
    assert!(md.contains("\n\\> q") && md.contains("\n\\| a \\| b \\|"));
    assert!(md.contains("\n\\---\n") && md.contains("\n1\\. one"));
    assert!(md.contains("\n\\[ref]: http") && md.contains("\n\\```"));
    // A `|` in a table cell is escaped, and every table row has its columns.
    assert!(md.contains("| hopeful \\| ok |"), "{md}");
    for row in md.lines().filter(|l| l.starts_with("| ")) {
        let cells = row.replace("\\|", "").matches('|').count();
        assert_eq!(cells, 6, "{row}");
    }
    assert!(!md.contains('\u{1b}') && !md.contains('\u{202e}'));
}

#[test]
fn text_is_wrapped_at_80_columns_and_escaped() {
    let txt = export(&store(), &with_private(), Format::Text);
    for line in txt.lines() {
        assert!(
            crate::text::display_width(line) <= 80,
            "{} columns: {line}",
            crate::text::display_width(line)
        );
    }
    assert!(!txt.contains('\u{1b}') && txt.contains("\\x1b[31mred"));
    // The CJK paragraph is wider than 80 columns: it was broken.
    assert!(
        txt.lines().filter(|l| l.contains('。')).count() >= 2,
        "{txt}"
    );
}

#[test]
fn counts_say_what_the_export_writes() {
    let s = store();
    let c = counts(&s, &Filter::default());
    assert_eq!(
        c,
        Counts {
            entries: 6,
            checkins: 9,
            moments: 2,
            agreements: 3,
            promises: 2,
            sealed: 1,
        }
    );
    assert_eq!(counts(&s, &with_private()).entries, 7);
    let sam = Filter {
        partner: Some(SAM.into()),
        since: Some("2026-03-09".parse().unwrap()),
        ..Default::default()
    };
    assert_eq!(
        counts(&s, &sam),
        Counts {
            entries: 1,
            checkins: 2,
            moments: 0,
            // Agreements are both partners': the one still in force after the 9th… and the
            // one proposed later; the retired one ended on the 8th.
            agreements: 2,
            promises: 1,
            sealed: 1,
        }
    );
    let tagged = Filter {
        tags: vec!["WALK".into()],
        ..Default::default()
    };
    assert_eq!(
        counts(&s, &tagged),
        Counts {
            entries: 1,
            ..Default::default()
        }
    );
    // The counts are what the readable formats report.
    let md = export(&s, &sam, Format::Markdown);
    assert!(md.contains("\n1 entry · 2 check-ins · 2 agreements · 1 promise · 1 private entry sealed, left out\n"), "{md}");
}

#[test]
fn progress_is_reported_and_ends_at_the_total() {
    let s = store();
    for format in [Format::Markdown, Format::Text, Format::Json] {
        let mut seen = Vec::new();
        write(
            &s,
            &Filter::default(),
            format,
            exported_at(),
            &mut Vec::new(),
            &mut |p| seen.push(p),
        )
        .unwrap();
        let last = seen.last().copied().unwrap();
        assert_eq!(last.done, last.total, "{format}");
        assert!(last.total > 0);
    }
}

#[test]
fn the_html_report_is_written_from_what_the_filter_keeps() {
    let s = store();
    let all = export(&s, &Filter::default(), Format::Html);
    assert!(all.contains("夜の散歩") && all.contains("A long paragraph"));
    // Never the sealed entry's ciphertext, never a script that runs.
    assert!(!all.contains("c2VhbGVkIHdvcmRz"));
    assert!(!all.contains("<script>"));
    let alex = Filter {
        partner: Some(ALEX.into()),
        ..Default::default()
    };
    let only = export(&s, &alex, Format::Html);
    assert!(only.contains("A long paragraph"));
    assert!(!only.contains("夜の散歩"), "Sam's entry is left out");
    let march = Filter {
        until: Some("2026-03-31".parse().unwrap()),
        ..Default::default()
    };
    let early = export(&s, &march, Format::Html);
    assert!(early.contains("夜の散歩") && !early.contains("A long paragraph"));
}

#[test]
fn formats_and_file_names() {
    for f in Format::ALL {
        assert_eq!(f.to_string().parse::<Format>(), Ok(f));
        assert_eq!(f.to_string(), f.extension());
    }
    assert_eq!("Markdown".parse::<Format>(), Ok(Format::Markdown));
    assert!(
        "pdf"
            .parse::<Format>()
            .unwrap_err()
            .contains("md, json, txt or html")
    );
    let day = NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
    assert_eq!(
        default_file_name(day, Format::Text),
        "trustwork-export-2026-03-04.txt"
    );
    assert_eq!(
        default_file_name(day, Format::Markdown),
        "trustwork-export-2026-03-04.md"
    );
}
