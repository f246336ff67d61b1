//! The words the readable formats share (Markdown and text say the same things, each escaped
//! its own way): the summary, the filter, a moment, an agreement, a promise, a response.

use super::Counts;
use super::select::{PromiseTally, Selection};
use crate::model::{Entry, Moment, Timestamp};
use crate::together::{Agreement, AgreementState, Repeat};
use chrono::NaiveDate;

/// How user text is made safe for one format.
pub(super) type Esc<'e> = &'e dyn Fn(&str) -> String;

pub(super) use crate::text::plural;

pub(super) fn long_date(d: NaiveDate) -> String {
    d.format("%-d %B %Y").to_string()
}

pub(super) fn day_heading(d: NaiveDate) -> String {
    d.format("%A %-d %B").to_string()
}

pub(super) fn month_heading(d: NaiveDate) -> String {
    d.format("%B %Y").to_string()
}

pub(super) fn week_heading(monday: NaiveDate) -> String {
    format!("Check-ins, week of {}", monday.format("%A %-d %B"))
}

pub(super) fn row_day(d: NaiveDate) -> String {
    d.format("%a %-d %b").to_string()
}

/// "09:30" (written by hand: chrono's formatter is the slow part of a 22,000-entry export).
pub(super) fn time(t: Timestamp) -> String {
    use chrono::Timelike;
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// "Alex and Sam".
pub(super) fn names(sel: &Selection, esc: Esc) -> String {
    let names: Vec<String> = sel.shown.iter().map(|p| esc(&p.name)).collect();
    match names.len() {
        0 => "No partners yet".into(),
        1 => names[0].clone(),
        n => format!("{} and {}", names[..n - 1].join(", "), names[n - 1]),
    }
}

/// "Alex and Sam · exported 25 November 2026, 10:00".
pub(super) fn byline(sel: &Selection, exported_at: Timestamp, esc: Esc) -> String {
    format!(
        "{} · exported {}, {}",
        names(sel, esc),
        long_date(exported_at.date_naive()),
        time(exported_at)
    )
}

/// "3 entries · 4 check-ins · …", or that there is nothing.
pub(super) fn summary(c: &Counts) -> String {
    if c.total() == 0 {
        return if c.sealed == 0 {
            "Nothing to export.".into()
        } else {
            format!(
                "Nothing to export ({} sealed, left out).",
                plural(c.sealed, "private entry", "private entries")
            )
        };
    }
    let mut parts = vec![plural(c.entries, "entry", "entries")];
    for (n, one, many) in [
        (c.checkins, "check-in", "check-ins"),
        (c.moments, "difficult moment", "difficult moments"),
        (c.agreements, "agreement", "agreements"),
        (c.promises, "promise", "promises"),
    ] {
        if n > 0 {
            parts.push(plural(n, one, many));
        }
    }
    if c.sealed > 0 {
        parts.push(format!(
            "{} sealed, left out",
            plural(c.sealed, "private entry", "private entries")
        ));
    }
    parts.join(" · ")
}

/// What the filter narrowed, or `None` for a whole export.
pub(super) fn filter_line(sel: &Selection, esc: Esc) -> Option<String> {
    let f = sel.filter;
    let mut parts = Vec::new();
    if let Some(p) = &f.partner {
        parts.push(format!("{}'s writing", esc(sel.name(p))));
    }
    if let Some(g) = &f.guide {
        parts.push(format!("guide {}", esc(g)));
    }
    if !f.tags.is_empty() {
        let tags: Vec<String> = f
            .tags
            .iter()
            .map(|t| format!("#{}", esc(&crate::text::normalize_tag(t))))
            .collect();
        parts.push(format!("tagged {}", tags.join(" or ")));
    }
    if let Some(s) = f.since {
        parts.push(format!("from {}", long_date(s)));
    }
    if let Some(u) = f.until {
        parts.push(format!("to {}", long_date(u)));
    }
    if f.include_private {
        parts.push("private entries included".into());
    }
    (!parts.is_empty()).then(|| format!("Only: {}", parts.join(" · ")))
}

/// "Alex · 09:30 · guide acknowledge · #start · starred".
pub(super) fn entry_meta(sel: &Selection, e: &Entry, esc: Esc) -> String {
    let mut meta = vec![esc(sel.name(&e.author)), time(e.created)];
    if let Some(link) = &e.link {
        meta.push(format!("guide {}", esc(&link.guide)));
    }
    if !e.tags.is_empty() {
        let tags: Vec<String> = e.tags.iter().map(|t| format!("#{}", esc(t))).collect();
        meta.push(tags.join(" "));
    }
    if e.starred {
        meta.push("starred".into());
    }
    if e.responds_to.is_some() {
        meta.push("a response to an entry not in this export".into());
    }
    meta.join(" · ")
}

/// The title of an entry, on one line, if it has one.
pub(super) fn title(e: &Entry) -> Option<&str> {
    e.title.as_deref().filter(|t| !t.trim().is_empty())
}

/// "Private — Alex, 14:08": the heading of a private entry, so it never reads as part of the
/// one above.
pub(super) fn private_heading(sel: &Selection, e: &Entry, esc: Esc) -> String {
    format!(
        "Private — {}, {}",
        esc(sel.name(&e.author)),
        time(e.created)
    )
}

/// "Sam responded, 14:10" (with the day when it is not the day of the entry answered).
pub(super) fn responded(sel: &Selection, parent: &Entry, r: &Entry, esc: Esc) -> String {
    let when = if r.created.date_naive() == parent.created.date_naive() {
        time(r.created)
    } else {
        format!("{}, {}", long_date(r.created.date_naive()), time(r.created))
    };
    let how = if r.visibility == crate::model::Visibility::Private {
        "responded privately"
    } else {
        "responded"
    };
    format!("{} {how}, {when}", esc(sel.name(&r.author)))
}

/// "Sam, 13:00 — a difficult moment, strength 6", and its words (only when shared).
pub(super) fn moment(sel: &Selection, m: &Moment, esc: Esc) -> (String, Vec<String>) {
    let mut head = format!(
        "{}, {} — a difficult moment, strength {}",
        esc(sel.name(&m.partner)),
        time(m.date),
        m.strength
    );
    if m.reassure {
        head.push_str("; asked for reassurance");
    }
    let mut words = Vec::new();
    if m.shared {
        for (label, text) in [
            ("What set it off", &m.trigger),
            ("What helped", &m.helped),
            ("Note", &m.note),
        ] {
            if let Some(t) = text.as_deref().filter(|t| !t.trim().is_empty()) {
                words.push(format!("{label}: {}", esc(t)));
            }
        }
    }
    (head, words)
}

/// An agreement's kind and its standing: ("Boundary", "proposed by Alex on …; agreed by …").
pub(super) fn agreement(sel: &Selection, a: &Agreement, esc: Esc) -> (String, String) {
    let kind = match a.category {
        crate::together::Category::Boundary => "Boundary",
        crate::together::Category::Expectation => "Expectation",
    };
    let mut parts = vec![format!(
        "proposed by {} on {}",
        esc(sel.name(&a.proposed_by)),
        long_date(a.created.date_naive())
    )];
    match a.state(sel.partners.len()) {
        AgreementState::Retired => {
            if let Some(r) = &a.retired {
                let mut s = format!(
                    "retired by {} on {}",
                    esc(sel.name(&r.by)),
                    long_date(r.at.date_naive())
                );
                if !r.reason.trim().is_empty() {
                    s.push_str(&format!(": {}", esc(&r.reason)));
                }
                parts.push(s);
            }
        }
        state => {
            let agreed: Vec<String> = a.agreed.iter().map(|c| esc(sel.name(&c.partner))).collect();
            if !agreed.is_empty() {
                parts.push(format!("agreed by {}", agreed.join(" and ")));
            }
            if state == AgreementState::Proposed {
                let waiting: Vec<String> = sel
                    .partners
                    .iter()
                    .filter(|p| !a.has_agreed(&p.id))
                    .map(|p| esc(&p.name))
                    .collect();
                parts.push(format!("waiting for {}", waiting.join(" and ")));
            }
            if let Some(r) = a.review {
                parts.push(format!("review by {}", long_date(r)));
            }
        }
    }
    (kind.into(), parts.join("; "))
}

/// A promise's maker and its record: ("Alex", "weekly; kept 5, missed 1").
pub(super) fn promise(sel: &Selection, t: &PromiseTally, esc: Esc) -> (String, String) {
    let p = t.promise;
    let mut parts = vec![
        match p.repeat {
            Repeat::Once => match p.due {
                Some(d) => format!("once, by {}", long_date(d)),
                None => "once".into(),
            },
            Repeat::Daily => "daily".into(),
            Repeat::Weekly => "weekly".into(),
        },
        format!("kept {}, missed {}", t.kept, t.missed),
    ];
    if let Some(r) = p.retired {
        parts.push(format!("ended on {}", long_date(r.date_naive())));
    }
    (esc(sel.name(&p.by)), parts.join("; "))
}
