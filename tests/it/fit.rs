//! The app's own words are never cut: every screen in its busiest state, drawn at 80x24 and at
//! 60x20 (the smallest size the workbook accepts), against the same screen drawn roomier.
//!
//! How a cut is told from a scroll: each screen is drawn twice, at the size under test and at a
//! reference size three columns wider and four times as tall. Every word on either screen is
//! compared, as written (with its punctuation, so "back" for "back." counts). A word of the
//! reference missing from the screen under test was lost (at the bottom, or at the right
//! edge); a word on the screen under test that the reference does not have is a broken one
//! ("othe" for "other", "since:YY…"). Words of the data (what the partners wrote, the names of
//! files, numbers and dates) may scroll or be shortened, and are left out: a word is the data's
//! when every piece of it appears in the state's data. Screens whose own text scrolls (a guide,
//! the help) are checked for broken words only; the footer is checked for broken words only
//! too, since it drops whole keys that do not fit, by design.

use crate::screens::{all_screens, app, couple, draw, key, now};
use ratatui::crossterm::event::KeyCode;
use std::collections::BTreeSet;
use trustwork::model::*;
use trustwork::ui::{App, Msg, update, widgets};

/// Screens whose own text scrolls, with a sign that there is more: only broken words count.
fn scrolls(name: &str) -> bool {
    name.starts_with("reader_")
        || name.starts_with("guides")
        || name == "exercise_safety_check"
        || name.starts_with("help")
        || name.starts_with("safety")
        || name.starts_with("not_yet")
}

/// Characters that draw rather than write: borders, bars, braille charts.
fn drawing(c: char) -> bool {
    c.is_whitespace()
        || ('\u{2500}'..='\u{25FF}').contains(&c)
        || ('\u{2800}'..='\u{28FF}').contains(&c)
}

fn words_of(text: &str) -> impl Iterator<Item = &str> {
    text.split(drawing).filter(|w| !w.is_empty())
}

/// Every word of the state's data (what was written, names, files), in pieces of letters
/// and digits, from its debug form: what the screen shows of the data comes from there.
fn data_words(a: &App) -> BTreeSet<String> {
    let text = format!("{:?} {:?} {:?}", a.data, a.screen, a.data_dir);
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

/// Whether a line goes on with the sentence of the line above: it starts with a small letter,
/// a bracket and a small letter, or a separator ("· Ctrl-B takes a break", ", or").
fn goes_on(row: &str) -> bool {
    let mut chars = row.chars().skip_while(|c| *c == '(' || *c == '"');
    match chars.next() {
        Some(c) if c.is_lowercase() => true,
        Some('·' | ',' | ';' | '—' | '-' | '…') => true,
        _ => false,
    }
}

/// The names of months and days, which dates on screen are made of.
fn is_date_word(word: &str) -> bool {
    const NAMES: [&str; 19] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
    ];
    NAMES
        .iter()
        .any(|n| *n == word || (word.len() == 3 && n.starts_with(word)))
}

/// A word that is the data's, a number or a date, or no word at all (a bullet, an arrow).
fn not_the_apps(word: &str, data: &BTreeSet<String>) -> bool {
    let shortened = word.strip_suffix('…');
    let pieces: Vec<String> = word
        .split(|c: char| !c.is_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(str::to_lowercase)
        .collect();
    let last = pieces.len().saturating_sub(1);
    pieces.iter().enumerate().all(|(i, p)| {
        p.chars().any(|c| c.is_ascii_digit())
            || is_date_word(p)
            || data.contains(p)
            // Data shortened with "…" keeps the start of its last word.
            || (shortened.is_some()
                && i == last
                && data.range(p.clone()..).next().is_some_and(|d| d.starts_with(p.as_str())))
    })
}

/// What is cut on `a` drawn at `w`x`h`, each said with what happened to it.
fn cut_words(name: &str, a: &App, w: u16, h: u16) -> Vec<String> {
    let data = data_words(a);
    let is_data = |word: &str| not_the_apps(word, &data);
    let shown = draw(&mut a.clone(), w, h);
    let mut cut = Vec::new();
    // Broken at the right edge: a word that the same screen, a little wider, does not have.
    // The footer adds whole keys while they fit: its words are those of the key tables.
    let wider = draw(&mut a.clone(), w + 3, h);
    let (footer, page) = shown
        .trim_end_matches('\n')
        .rsplit_once('\n')
        .unwrap_or(("", &shown));
    let (page, footer) = (footer, page);
    let wider_words: BTreeSet<&str> = words_of(&wider).collect();
    let footer_text: String = a
        .keys()
        .bindings()
        .iter()
        .chain(trustwork::ui::keys::GLOBAL.iter())
        .map(|b| format!("{} {} ", widgets::footer_keys(b.keys), b.footer))
        .collect();
    let footer_words: BTreeSet<&str> = words_of(&footer_text).collect();
    // Broken: the start of a word the wider screen has ("othe", "back" for "back."), or a word
    // shortened with "…". A word the wider screen does not have at all is a shorter way of
    // saying something, chosen for the width.
    let is_broken = |word: &&str| {
        let stem = word.strip_suffix('…');
        !wider_words.contains(word)
            && (stem.is_some()
                || wider_words
                    .iter()
                    .any(|whole| whole.len() > word.len() && whole.starts_with(*word)))
    };
    let broken: BTreeSet<&str> = words_of(page)
        .filter(is_broken)
        .chain(words_of(footer).filter(|word| !footer_words.contains(word)))
        .filter(|word| !is_data(word))
        .collect();
    for word in broken {
        cut.push(format!("{name} at {w}x{h}: broken word {word:?}"));
    }
    if scrolls(name) {
        return cut;
    }
    // Cut at the bottom (or the top): what the same screen, taller, shows of the app's own and
    // is not here, where the page ran out, or mid-sentence: a line that goes on from a line
    // shown is missing, or a line shown goes on from one missing. A part left out whole, with
    // the page going on after it, is not cut.
    let tall = draw(&mut a.clone(), w, h * 4);
    let body = |text: &str| -> Vec<String> {
        let mut rows: Vec<String> = text.lines().map(|l| l.trim().to_string()).collect();
        rows.pop(); // the footer, which drops whole keys by design
        rows
    };
    let shown_body = body(&shown);
    let shown_rows: BTreeSet<String> = shown_body.iter().cloned().collect();
    let apps = |row: &str| words_of(row).any(|word| !is_data(word));
    // The status line sits at the foot of both pages: it says nothing of what came before it.
    let status: BTreeSet<&str> = a
        .status
        .as_deref()
        .map(words_of)
        .into_iter()
        .flatten()
        .collect();
    let is_status = |row: &str| !row.is_empty() && words_of(row).all(|w| status.contains(w));
    let tall = body(&tall);
    for pair in tall.windows(2) {
        let [above, below] = [&pair[0], &pair[1]];
        if above.is_empty() || below.is_empty() {
            continue;
        }
        let (has_above, has_below) = (shown_rows.contains(above), shown_rows.contains(below));
        // Where nothing but blank lines (and the status) follows the line shown, the page ran
        // out there: cut,
        // whatever the missing line. Where something else follows (a shorter form, the next
        // part), a part was left out, which is a cut only mid-sentence.
        let ran_out = || {
            let at = shown_body.iter().position(|r| r == above).unwrap_or(0);
            shown_body[at + 1..]
                .iter()
                .take_while(|r| !is_status(r))
                .all(|r| r.is_empty())
        };
        if has_above && !has_below && apps(below) && (goes_on(below) || ran_out()) {
            cut.push(format!(
                "{name} at {w}x{h}: cut after {above:?}, lost {below:?}"
            ));
        }
        if !has_above && has_below && apps(above) && goes_on(below) {
            cut.push(format!(
                "{name} at {w}x{h}: cut before {below:?}, lost {above:?}"
            ));
        }
    }
    cut
}

/// Home with everything it can say at once: a file that could not be read, a request for
/// reassurance, one's own request seen, the review due, a milestone, a draft, and a status.
fn home_busy() -> App {
    let mut d = couple();
    let t = now();
    let moment = |id: &str, who: &str, acknowledged| Moment {
        id: id.into(),
        partner: who.into(),
        date: t - chrono::Duration::hours(3),
        strength: 6,
        trigger: Some("a song".into()),
        helped: None,
        note: None,
        reassure: true,
        shared: false,
        acknowledged,
        sealed: None,
    };
    d.moments.push(moment("m1", "pb", None));
    d.moments
        .push(moment("m2", "pa", Some(t - chrono::Duration::hours(1))));
    for days in 0..40 {
        d.recent_checkins.push(CheckIn {
            partner: "pa".into(),
            date: t.date_naive() - chrono::Days::new(days + 1),
            trust: (days % 10) as u8,
            mood: None,
            note: None,
            updated: t,
            sealed: None,
        });
    }
    d.drafts.push(Draft {
        partner: "pa".into(),
        key: "acknowledge.what-happened".into(),
        title: String::new(),
        tags: String::new(),
        body: "half a thought".into(),
        link: Some(PromptLink {
            guide: "acknowledge".into(),
            prompt: Some("acknowledge.what-happened".into()),
            prompt_text: Some("What happened, in your own words?".into()),
        }),
        entry: None,
        saved: t,
        sealed: None,
    });
    d.damaged = crate::screens::damaged(d.clone(), &["checkins/2025.json"]).damaged;
    let mut a = app(d);
    a.status = Some("Saved. Your words are kept in the journal (j).".into());
    a
}

/// Every screen of the snapshot tests, and the busiest states besides.
fn busiest_screens() -> Vec<(&'static str, App)> {
    // Quick-hide's cover page is someone's plain notes, with no footer: not the app's words.
    let mut out: Vec<_> = all_screens()
        .into_iter()
        .filter(|(name, _)| !name.starts_with("hidden"))
        .collect();
    out.push(("home_busy", home_busy()));
    out.push(("home_busy_sam", {
        let mut a = home_busy();
        key(&mut a, KeyCode::Tab);
        a
    }));
    out.push(("checkin_question", {
        let mut a = app(couple());
        key(&mut a, KeyCode::Char('c'));
        key(&mut a, KeyCode::Char('6'));
        for _ in 0..3 {
            key(&mut a, KeyCode::Tab);
        }
        update(&mut a, Msg::Paste("Mostly the quiet evenings.".into()));
        key(&mut a, KeyCode::Esc);
        a
    }));
    out
}

#[test]
fn the_apps_own_words_are_never_cut_at_80x24_or_60x20() {
    let mut cut = Vec::new();
    for (name, a) in busiest_screens() {
        // FIT_SHOW=name prints that screen at both sizes.
        if std::env::var("FIT_SHOW").is_ok_and(|s| s == name) {
            for (w, h) in [(80, 24), (60, 20)] {
                println!("{name} at {w}x{h}:\n{}", draw(&mut a.clone(), w, h));
            }
        }
        for (w, h) in [(80, 24), (60, 20)] {
            cut.extend(cut_words(name, &a, w, h));
        }
    }
    assert!(cut.is_empty(), "{} cut:\n{}", cut.len(), cut.join("\n"));
}

#[test]
fn the_cut_test_sees_a_cut() {
    // A status line cut at the edge, and one lost below the page: both are found.
    let data = BTreeSet::new();
    assert!(!not_the_apps("othe", &data));
    assert!(not_the_apps("2026-12-07", &data));
    let mut a = app(couple());
    a.status = Some(format!("{} the very end.", "word ".repeat(400)));
    let cut = cut_words("home", &a, 80, 24);
    assert!(cut.iter().any(|c| c.contains("lost \"word")), "{cut:?}");
}
