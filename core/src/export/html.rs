//! The printable report: one self-contained HTML file (inline CSS, no script, no network, no
//! font to fetch) with the trust trend, the difficult moments and the check-in calendar drawn as
//! inline SVG and tables, then every entry month by month. See `docs/EXPORT.md`.
//!
//! It is streamed: the charts are written from a few hundred computed points, then the entries
//! one month at a time. The caller filters the snapshot first; a private entry is written only
//! when the snapshot holds its plain text (its author included it), and a sealed one never.
//! Every text is escaped for HTML, with control characters and bidirectional overrides made
//! visible (`text::escape_control`) and user text isolated (`<bdi>`, `dir="auto"`), so an
//! entry holding `<script>` or a right-to-left override shows as the text it is.

use super::summary::{agreement_lines, promise_lines, write_agreements_html};
use crate::model::{CheckIn, Entry, Moment, Partner, Timestamp, Visibility};
use crate::stats::{self, week_start};
use crate::store::Snapshot;
use crate::text::escape_control;
use chrono::{Datelike, Days, Months, NaiveDate};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{self, Write};

/// Writes the snapshot as the printable HTML report, streaming to `out`.
pub fn write_html(snap: &Snapshot, exported_at: Timestamp, out: &mut dyn Write) -> io::Result<()> {
    let mut w = io::BufWriter::with_capacity(64 * 1024, out);
    let partners = partners_in_order(snap);
    let names = names_of(&partners);
    let span = span_of(snap);
    head(
        &mut w,
        &format!("trustwork journal{}", by_names(&names)),
        "",
    )?;
    w.write_all(b"<header>\n<h1>trustwork journal</h1>\n<p class=\"lead\">")?;
    match span {
        Some((from, to)) => write!(w, "{}", period_text(from, to))?,
        None => w.write_all(b"Nothing written yet")?,
    }
    if !names.is_empty() {
        w.write_all(b" \xc2\xb7 ")?;
        write_names(&mut w, &names)?;
    }
    writeln!(
        w,
        "</p>\n<p class=\"small\">Exported {} from trustwork. The trust scale (0–10) is the app's \
         own, not a validated measure: it shows trends, never a score.</p>\n</header>",
        exported_at.format("%-d %B %Y, %H:%M")
    )?;
    let Some((from, to)) = span else {
        w.write_all(b"<p>There are no entries, check-ins or moments in this export.</p>\n")?;
        w.write_all(b"</body>\n</html>\n")?;
        return w.flush();
    };
    w.write_all(b"<section class=\"overview\">\n<h2>Over the whole period</h2>\n")?;
    let trend = Trend::of(snap, &partners, from, to);
    write_trust_chart(&mut w, &trend)?;
    let moments = MomentBars::of(snap, from, to);
    write_moments_chart(&mut w, &moments)?;
    w.write_all(b"</section>\n")?;

    let mut entries: Vec<&Entry> = snap.entries.iter().collect();
    entries.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
    let readable: HashSet<&str> = entries
        .iter()
        .filter(|e| e.sealed.is_none())
        .map(|e| e.id.as_str())
        .collect();
    let by_id: HashMap<&str, &Entry> = entries.iter().map(|e| (e.id.as_str(), *e)).collect();
    // A response is shown beneath the entry it answers when that entry is itself shown at the
    // top level (one level of nesting, so no chain or cycle can hide anything).
    let top = |e: &Entry| match e.responds_to.as_deref() {
        None => true,
        Some(p) => !(readable.contains(p) && by_id[p].responds_to.is_none()),
    };
    let mut responses: HashMap<&str, Vec<&Entry>> = HashMap::new();
    for e in entries.iter().filter(|e| e.sealed.is_none() && !top(e)) {
        let parent = e.responds_to.as_deref().expect("a response");
        responses.entry(parent).or_default().push(e);
    }
    let mut checkins: Vec<&CheckIn> = snap.checkins.iter().collect();
    checkins.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.partner.cmp(&b.partner)));
    let mut moments: Vec<&Moment> = snap.moments.iter().collect();
    moments.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));

    let ctx = Ctx {
        snap,
        partners: &partners,
        responses: &responses,
        by_id: &by_id,
    };
    let (mut ei, mut ci, mut mi) = (0, 0, 0);
    let mut month = first_of_month(from);
    while month <= to {
        let next = month + Months::new(1);
        let in_month = |d: NaiveDate| d >= month && d < next;
        let es = take_while(&entries, &mut ei, |e| in_month(e.created.date_naive()));
        let cs = take_while(&checkins, &mut ci, |c| in_month(c.date));
        let ms = take_while(&moments, &mut mi, |m| in_month(m.date.date_naive()));
        if !(es.is_empty() && cs.is_empty() && ms.is_empty()) {
            write_month(&mut w, &ctx, month, es, cs, ms, &top)?;
        }
        month = next;
    }
    let agreements = agreement_lines(snap);
    let promises = promise_lines(snap, None);
    if !agreements.is_empty() || !promises.is_empty() {
        w.write_all(b"<section class=\"shared-records\">\n")?;
        write_agreements_html(&mut w, &agreements, &promises, "h2")?;
        w.write_all(b"</section>\n")?;
    }
    w.write_all(b"</body>\n</html>\n")?;
    w.flush()
}

struct Ctx<'a> {
    snap: &'a Snapshot,
    partners: &'a [&'a Partner],
    responses: &'a HashMap<&'a str, Vec<&'a Entry>>,
    by_id: &'a HashMap<&'a str, &'a Entry>,
}

/// The items from `*i` on that `keep` accepts (the list is sorted by date).
fn take_while<'a, T>(all: &'a [&'a T], i: &mut usize, keep: impl Fn(&T) -> bool) -> &'a [&'a T] {
    let start = *i;
    while *i < all.len() && keep(all[*i]) {
        *i += 1;
    }
    &all[start..*i]
}

fn write_month(
    w: &mut dyn Write,
    ctx: &Ctx,
    month: NaiveDate,
    entries: &[&Entry],
    checkins: &[&CheckIn],
    moments: &[&Moment],
    top: &dyn Fn(&Entry) -> bool,
) -> io::Result<()> {
    writeln!(
        w,
        "<section class=\"month\" id=\"m{}\">\n<h2>{}</h2>",
        month.format("%Y-%m"),
        month.format("%B %Y")
    )?;
    write_calendar(w, ctx, month, checkins)?;
    write_checkin_weeks(w, ctx, month, checkins)?;
    write_moments_list(w, ctx, moments)?;
    // Shared entries by day; private ones (their author included them) under their own
    // heading; sealed ones only counted.
    let shown: Vec<&Entry> = entries
        .iter()
        .copied()
        .filter(|e| e.sealed.is_none() && e.visibility == Visibility::Shared && top(e))
        .collect();
    if !shown.is_empty() {
        w.write_all(b"<h3 class=\"part\">Journal</h3>\n")?;
    }
    let mut day = None;
    for e in shown {
        let d = e.created.date_naive();
        if day != Some(d) {
            writeln!(w, "<h4 class=\"day\">{}</h4>", d.format("%A %-d %B"))?;
            day = Some(d);
        }
        write_entry(w, ctx, e, false)?;
    }
    for p in ctx.partners {
        let private: Vec<&Entry> = entries
            .iter()
            .copied()
            .filter(|e| e.author == p.id && e.visibility == Visibility::Private)
            .collect();
        if private.is_empty() {
            continue;
        }
        w.write_all("<h3 class=\"part private\">Private — ".as_bytes())?;
        bdi(w, &p.name)?;
        w.write_all(b"</h3>\n")?;
        for e in private.iter().filter(|e| e.sealed.is_none() && top(e)) {
            write_entry(w, ctx, e, true)?;
        }
        let sealed = private.iter().filter(|e| e.sealed.is_some()).count();
        if sealed > 0 {
            writeln!(
                w,
                "<p class=\"sealed\">{} this month, sealed: only its author can read {}, and \
                 {} not in this export.</p>",
                plural(sealed, "a private entry", "private entries"),
                if sealed == 1 { "it" } else { "them" },
                if sealed == 1 { "it is" } else { "they are" }
            )?;
        }
    }
    w.write_all(b"</section>\n")
}

fn plural(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        one.to_string()
    } else {
        format!("{n} {many}")
    }
}

fn write_entry(w: &mut dyn Write, ctx: &Ctx, e: &Entry, with_day: bool) -> io::Result<()> {
    let response = e.responds_to.is_some();
    writeln!(
        w,
        "<article class=\"entry{}\" id=\"e-{}\">",
        if response { " response" } else { "" },
        Esc(&e.id)
    )?;
    let title = e.title.as_deref().filter(|t| !t.trim().is_empty());
    w.write_all(if response {
        b"<h5>"
    } else {
        b"<h5 class=\"title\">"
    })?;
    match title {
        Some(t) => bdi(w, t)?,
        None if response => {
            bdi(w, ctx.snap.partner_name(&e.author))?;
            w.write_all(b" responded")?;
        }
        None => write!(w, "{}", e.created.format("%H:%M"))?,
    }
    w.write_all(b"</h5>\n<p class=\"meta\">")?;
    bdi(w, ctx.snap.partner_name(&e.author))?;
    if with_day {
        write!(w, " · {}", e.created.format("%A %-d %B, %H:%M"))?;
    } else {
        write!(w, " · {}", e.created.format("%H:%M"))?;
    }
    if let Some(link) = &e.link {
        w.write_all(" · guide ".as_bytes())?;
        bdi(w, &link.guide)?;
    }
    for t in &e.tags {
        w.write_all(b" <span class=\"tag\">#")?;
        bdi(w, t)?;
        w.write_all(b"</span>")?;
    }
    if e.starred {
        w.write_all(" · starred".as_bytes())?;
    }
    if e.for_counsellor {
        w.write_all(" · shared with our counsellor".as_bytes())?;
    }
    w.write_all(b"</p>\n")?;
    if let Some(parent) = e.responds_to.as_deref() {
        match ctx.by_id.get(parent) {
            Some(p) if p.sealed.is_some() => {
                w.write_all(b"<p class=\"small\">In answer to a private entry.</p>\n")?
            }
            Some(p)
                if ctx
                    .responses
                    .get(parent)
                    .is_none_or(|r| !r.iter().any(|x| x.id == e.id)) =>
            {
                w.write_all(b"<p class=\"small\">In answer to ")?;
                bdi(w, ctx.snap.partner_name(&p.author))?;
                writeln!(w, "'s entry of {}.</p>", p.created.format("%-d %B %Y"))?;
            }
            Some(_) => {}
            None => {
                w.write_all(b"<p class=\"small\">In answer to an entry not in this export.</p>\n")?
            }
        }
    }
    if let Some(text) = e.link.as_ref().and_then(|l| l.prompt_text.as_deref()) {
        w.write_all(b"<blockquote dir=\"auto\">")?;
        esc(w, text)?;
        w.write_all(b"</blockquote>\n")?;
    }
    w.write_all(b"<div class=\"body\" dir=\"auto\">")?;
    esc(w, e.body.replace("\r\n", "\n").trim_end())?;
    w.write_all(b"</div>\n")?;
    if !response && let Some(rs) = ctx.responses.get(e.id.as_str()) {
        for r in rs {
            write_entry(w, ctx, r, true)?;
        }
    }
    w.write_all(b"</article>\n")
}

/// A month as a calendar grid: a day is marked when either partner checked in, its title the
/// trust each gave.
fn write_calendar(
    w: &mut dyn Write,
    ctx: &Ctx,
    month: NaiveDate,
    checkins: &[&CheckIn],
) -> io::Result<()> {
    let mut by_day: BTreeMap<NaiveDate, Vec<&CheckIn>> = BTreeMap::new();
    for c in checkins {
        by_day.entry(c.date).or_default().push(c);
    }
    writeln!(
        w,
        "<table class=\"cal\">\n<caption>Check-ins in {}: {} of {} days</caption>\n<thead><tr>{}</tr></thead>\n<tbody>",
        month.format("%B"),
        by_day.len(),
        days_in_month(month),
        DAY_HEADS
    )?;
    let next = month + Months::new(1);
    let mut d = week_start(month);
    while d < next {
        w.write_all(b"<tr>")?;
        for _ in 0..7 {
            if d < month || d >= next {
                w.write_all(b"<td></td>")?;
            } else if let Some(cs) = by_day.get(&d) {
                w.write_all(b"<td class=\"in\" title=\"")?;
                for (i, c) in ordered(ctx, cs).iter().enumerate() {
                    if i > 0 {
                        w.write_all(" · ".as_bytes())?;
                    }
                    esc(w, ctx.snap.partner_name(&c.partner))?;
                    write!(w, " {}", c.trust)?;
                }
                write!(w, "\">{}</td>", d.day())?;
            } else {
                write!(w, "<td>{}</td>", d.day())?;
            }
            d = d + Days::new(1);
        }
        w.write_all(b"</tr>\n")?;
    }
    w.write_all(b"</tbody>\n</table>\n")
}

const DAY_HEADS: &str = "<th scope=\"col\" abbr=\"Monday\">Mo</th><th scope=\"col\" abbr=\"Tuesday\">Tu</th><th scope=\"col\" abbr=\"Wednesday\">We</th><th scope=\"col\" abbr=\"Thursday\">Th</th><th scope=\"col\" abbr=\"Friday\">Fr</th><th scope=\"col\" abbr=\"Saturday\">Sa</th><th scope=\"col\" abbr=\"Sunday\">Su</th>";

fn days_in_month(month: NaiveDate) -> i64 {
    ((month + Months::new(1)) - month).num_days()
}

/// A day's check-ins in the order of the partners.
fn ordered<'a>(ctx: &Ctx, cs: &[&'a CheckIn]) -> Vec<&'a CheckIn> {
    let mut v = cs.to_vec();
    v.sort_by_key(|c| ctx.partners.iter().position(|p| p.id == c.partner));
    v
}

/// The month's check-ins, a small table per week (a row group each): each partner's trust
/// and mood, day by day.
fn write_checkin_weeks(
    w: &mut dyn Write,
    ctx: &Ctx,
    month: NaiveDate,
    checkins: &[&CheckIn],
) -> io::Result<()> {
    if checkins.is_empty() {
        return Ok(());
    }
    let next = month + Months::new(1);
    w.write_all(
        "<table class=\"checkins\">\n<caption>Check-ins: trust (0–10) and mood, by week</caption>\n"
            .as_bytes(),
    )?;
    let mut week = week_start(month);
    let mut i = 0;
    while week < next {
        let end = week + Days::new(7);
        let start = i;
        while i < checkins.len() && checkins[i].date < end {
            i += 1;
        }
        let these = &checkins[start..i];
        if !these.is_empty() {
            let days: Vec<NaiveDate> = (0..7).map(|k| week + Days::new(k)).collect();
            let inside = |d: NaiveDate| d >= month && d < next;
            write!(
                w,
                "<tbody>\n<tr class=\"week\"><th scope=\"col\">Week of {}</th>",
                week.format("%-d %b")
            )?;
            for d in &days {
                if inside(*d) {
                    write!(w, "<th scope=\"col\">{}</th>", d.format("%a %-d"))?;
                } else {
                    w.write_all(b"<td></td>")?;
                }
            }
            w.write_all(b"</tr>\n")?;
            for p in ctx.partners {
                w.write_all(b"<tr><th scope=\"row\">")?;
                bdi(w, &p.name)?;
                w.write_all(b"</th>")?;
                for d in &days {
                    match these.iter().find(|c| c.date == *d && c.partner == p.id) {
                        _ if !inside(*d) => w.write_all(b"<td></td>")?,
                        Some(c) => {
                            write!(w, "<td>{}", c.trust)?;
                            if let Some(m) = &c.mood {
                                w.write_all(b"<br><span class=\"small\">")?;
                                bdi(w, m)?;
                                w.write_all(b"</span>")?;
                            }
                            w.write_all(b"</td>")?;
                        }
                        None => w.write_all("<td>—</td>".as_bytes())?,
                    }
                }
                w.write_all(b"</tr>\n")?;
            }
            w.write_all(b"</tbody>\n")?;
        }
        week = end;
    }
    w.write_all(b"</table>\n")
}

/// The month's difficult moments; their words only where their author shared them.
fn write_moments_list(w: &mut dyn Write, ctx: &Ctx, moments: &[&Moment]) -> io::Result<()> {
    if moments.is_empty() {
        return Ok(());
    }
    w.write_all(b"<h3 class=\"part\">Difficult moments</h3>\n<ul class=\"moments\">\n")?;
    for m in moments {
        write!(w, "<li>{} · ", m.date.format("%a %-d %B, %H:%M"))?;
        bdi(w, ctx.snap.partner_name(&m.partner))?;
        write!(w, " · strength {}", m.strength)?;
        if m.reassure {
            w.write_all(" · asked for reassurance".as_bytes())?;
        }
        if m.shared && m.sealed.is_none() {
            for (label, text) in [
                ("what set it off", &m.trigger),
                ("what helped", &m.helped),
                ("note", &m.note),
            ] {
                if let Some(t) = text {
                    write!(w, "<br><span class=\"small\">{label}:</span> ")?;
                    bdi(w, t)?;
                }
            }
        }
        w.write_all(b"</li>\n")?;
    }
    w.write_all(b"</ul>\n")
}

// ----- shared by the report and the counsellor summary ------------------------------------------

/// The partners in the order they were added.
pub(super) fn partners_in_order(snap: &Snapshot) -> Vec<&Partner> {
    let mut v: Vec<&Partner> = snap.partners.iter().collect();
    v.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
    v
}

pub(super) fn names_of(partners: &[&Partner]) -> Vec<String> {
    partners.iter().map(|p| p.name.clone()).collect()
}

/// " — Alex and Sam" (escaped for the terminal, not for HTML: `head` escapes).
pub(super) fn by_names(names: &[String]) -> String {
    if names.is_empty() {
        String::new()
    } else {
        format!(" — {}", names.join(" and "))
    }
}

/// The names, each isolated, joined with "and".
pub(super) fn write_names(w: &mut dyn Write, names: &[String]) -> io::Result<()> {
    for (i, n) in names.iter().enumerate() {
        if i > 0 {
            w.write_all(b" and ")?;
        }
        bdi(w, n)?;
    }
    Ok(())
}

pub(super) fn period_text(from: NaiveDate, to: NaiveDate) -> String {
    format!("{} – {}", from.format("%-d %B %Y"), to.format("%-d %B %Y"))
}

/// The first and last day with an entry, a check-in or a moment.
fn span_of(snap: &Snapshot) -> Option<(NaiveDate, NaiveDate)> {
    let days = snap
        .entries
        .iter()
        .map(|e| e.created.date_naive())
        .chain(snap.checkins.iter().map(|c| c.date))
        .chain(snap.moments.iter().map(|m| m.date.date_naive()));
    days.fold(None, |acc, d| match acc {
        None => Some((d, d)),
        Some((a, b)) => Some((a.min(d), b.max(d))),
    })
}

fn first_of_month(d: NaiveDate) -> NaiveDate {
    d.with_day(1).expect("every month has a first day")
}

/// Text escaped for HTML (text and attribute values), with control characters and
/// bidirectional overrides shown escaped as everywhere else.
pub(super) fn esc(w: &mut dyn Write, s: &str) -> io::Result<()> {
    let s = escape_control(s);
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, b) in bytes.iter().enumerate() {
        let rep: &[u8] = match b {
            b'&' => b"&amp;",
            b'<' => b"&lt;",
            b'>' => b"&gt;",
            b'"' => b"&quot;",
            b'\'' => b"&#39;",
            _ => continue,
        };
        w.write_all(&bytes[start..i])?;
        w.write_all(rep)?;
        start = i + 1;
    }
    w.write_all(&bytes[start..])
}

/// User text inline, isolated from the text around it (a right-to-left name stays whole).
pub(super) fn bdi(w: &mut dyn Write, s: &str) -> io::Result<()> {
    w.write_all(b"<bdi>")?;
    esc(w, s)?;
    w.write_all(b"</bdi>")
}

/// `esc` for `format!` arguments.
pub(super) struct Esc<'a>(pub &'a str);

impl std::fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let mut v = Vec::new();
        esc(&mut v, self.0).map_err(|_| std::fmt::Error)?;
        f.write_str(std::str::from_utf8(&v).map_err(|_| std::fmt::Error)?)
    }
}

/// The document up to `<body>`: the page's title, the shared style and `extra` CSS.
pub(super) fn head(w: &mut dyn Write, title: &str, extra: &str) -> io::Result<()> {
    w.write_all(
        b"<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
          <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
          <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
          <meta name=\"generator\" content=\"trustwork\">\n<title>",
    )?;
    esc(w, title)?;
    w.write_all(b"</title>\n<style>\n")?;
    w.write_all(CSS.as_bytes())?;
    w.write_all(extra.as_bytes())?;
    w.write_all(b"</style>\n</head>\n<body>\n")
}

/// Quiet, like a paper notebook; the system's fonts; in print, black on white with page breaks
/// between months and no heading left alone at the foot of a page.
const CSS: &str = r#"html { color: #1d1d1f; background: #fdfdfb; }
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji"; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; }
h2 { font-size: 1.4rem; margin: 2.5rem 0 .75rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.15rem; margin: 1.75rem 0 .5rem; }
h4 { font-size: 1rem; margin: 1.25rem 0 .25rem; color: #555; }
h5 { font-size: 1rem; margin: .75rem 0 0; }
h1, h2, h3, h4, h5, .meta, caption { break-after: avoid; page-break-after: avoid; }
.lead { font-size: 1.1rem; margin: 0; }
.small, .meta, caption, figcaption, .legend { font-size: .85rem; color: #555; }
.meta { margin: 0 0 .25rem; }
.tag { white-space: nowrap; }
blockquote { margin: .25rem 0 .5rem; padding-left: .75rem; border-left: 3px solid #bbb; color: #444; font-style: italic; }
.body { white-space: pre-wrap; overflow-wrap: anywhere; }
article.entry { margin: 0 0 1rem; }
article.response { margin: .75rem 0 0 1.25rem; padding-left: .75rem; border-left: 2px solid #ddd; }
.sealed { font-style: italic; color: #555; }
figure { margin: 1rem 0; break-inside: avoid; page-break-inside: avoid; }
figure svg { width: 100%; height: auto; display: block; }
svg text { font: 11px system-ui, sans-serif; fill: #333; }
.legend { list-style: none; padding: 0; margin: .25rem 0 0; display: flex; flex-wrap: wrap; gap: 1.25rem; }
.legend svg { vertical-align: middle; margin-right: .35rem; }
table { border-collapse: collapse; margin: .75rem 0; break-inside: avoid; page-break-inside: avoid; }
caption { text-align: left; padding-bottom: .25rem; }
th, td { padding: .15rem .5rem; text-align: left; }
table.checkins { width: 100%; table-layout: fixed; break-inside: auto; page-break-inside: auto; font-size: .85rem; }
table.checkins tbody { break-inside: avoid; page-break-inside: avoid; }
table.checkins th, table.checkins td { border-bottom: 1px solid #e3e3e3; padding: .1rem .3rem; vertical-align: top; }
table.checkins tr.week th { padding-top: .6rem; font-weight: 600; }
table.checkins tr.week th:first-child, table.checkins th[scope=row] { width: 7.5rem; overflow-wrap: anywhere; }
table.cal { border-collapse: separate; border-spacing: 2px; font-variant-numeric: tabular-nums; }
table.cal caption { white-space: nowrap; }
table.cal th, table.cal td { width: 1.8rem; height: 1.6rem; text-align: center; padding: 0; font-size: .85rem; }
table.cal td.in { font-weight: 700; border: 1.5px solid #1f5f99; border-radius: 50%; }
table.facts td, table.facts th { border-bottom: 1px solid #e3e3e3; }
ul.moments { padding-left: 1.25rem; }
.kept { white-space: nowrap; }
@page { margin: 16mm 15mm 18mm; }
@media print {
  html { background: #fff; color: #000; }
  body { font-size: 10.5pt; max-width: none; margin: 0; padding: 0; }
  h2 { margin-top: 0; }
  section.month, section.shared-records { break-before: page; page-break-before: always; }
  a { color: inherit; text-decoration: none; }
  .small, .meta, caption, figcaption, .legend, h4, blockquote { color: #333; }
}
"#;

// ----- charts ------------------------------------------------------------------------------------

/// How far apart the points of a chart are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Step {
    /// Each day's 7-day average (a period of two months at most).
    Day,
    /// Weekly averages, weeks starting on Monday (up to two years).
    Week,
    /// Monthly averages (beyond two years, so a chart never has more than a few hundred points).
    Month,
}

impl Step {
    pub(super) fn for_span(from: NaiveDate, to: NaiveDate) -> Step {
        match (to - from).num_days() {
            days if days <= 62 => Step::Day,
            days if days <= 731 => Step::Week,
            _ => Step::Month,
        }
    }

    fn noun(self) -> &'static str {
        match self {
            Step::Day => "7-day average",
            Step::Week => "weekly average",
            Step::Month => "monthly average",
        }
    }

    /// The buckets from `from` to `to`: (first day, last day, the day the point stands for).
    fn buckets(self, from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
        let mut out = Vec::new();
        let mut start = match self {
            Step::Day => from,
            Step::Week => week_start(from),
            Step::Month => first_of_month(from),
        };
        while start <= to {
            let next = match self {
                Step::Day => start + Days::new(1),
                Step::Week => start + Days::new(7),
                Step::Month => start + Months::new(1),
            };
            out.push((start.max(from), (next - Days::new(1)).min(to)));
            start = next;
        }
        out
    }

    fn label(self, d: NaiveDate, multi_year: bool) -> String {
        match self {
            Step::Month => d.format("%b %Y").to_string(),
            _ if multi_year => d.format("%-d %b %Y").to_string(),
            _ => d.format("%-d %b").to_string(),
        }
    }
}

/// Both partners' trust over a period, one point per bucket, from `stats::moving_average`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Trend {
    pub step: Step,
    /// The first day of each point's bucket.
    pub days: Vec<NaiveDate>,
    /// (partner name, one value per point; `None` where they did not check in).
    pub lines: Vec<(String, Vec<Option<f64>>)>,
}

impl Trend {
    pub(super) fn of(
        snap: &Snapshot,
        partners: &[&Partner],
        from: NaiveDate,
        to: NaiveDate,
    ) -> Trend {
        let step = Step::for_span(from, to);
        let buckets = step.buckets(from, to);
        let lines = partners
            .iter()
            .map(|p| {
                let daily = stats::daily_trust(&snap.checkins, &p.id);
                let values = match step {
                    // The line the workbook draws: each day's 7-day average.
                    Step::Day => stats::moving_average(&daily, from, to, 7)
                        .into_iter()
                        .map(|(_, v)| v)
                        .collect(),
                    // The average of each bucket: a window as long as the bucket, ending on
                    // its last day.
                    _ => buckets
                        .iter()
                        .map(|(a, b)| {
                            let window = (*b - *a).num_days() as u64 + 1;
                            stats::moving_average(&daily, *b, *b, window)[0].1
                        })
                        .collect(),
                };
                (p.name.clone(), values)
            })
            .collect();
        Trend {
            step,
            days: buckets.into_iter().map(|(a, _)| a).collect(),
            lines,
        }
    }

    /// The distance between the two lines at each point where both have a value.
    pub(super) fn gap(&self) -> Vec<Option<f64>> {
        match self.lines.as_slice() {
            [(_, a), (_, b)] => {
                let dated = |v: &[Option<f64>]| -> Vec<(NaiveDate, Option<f64>)> {
                    self.days.iter().copied().zip(v.iter().copied()).collect()
                };
                stats::gap(&dated(a), &dated(b))
                    .into_iter()
                    .map(|(_, g)| g)
                    .collect()
            }
            _ => vec![None; self.days.len()],
        }
    }

    fn has_values(&self) -> bool {
        self.lines
            .iter()
            .any(|(_, v)| v.iter().any(Option::is_some))
    }
}

const W: f64 = 640.0;
const LEFT: f64 = 40.0;
const RIGHT: f64 = 628.0;
const TOP: f64 = 12.0;
/// One line per partner: a solid and a dashed one, so they differ in black and white too.
const STROKES: [(&str, &str); 2] = [("#1f5f99", ""), ("#b3541e", "7 4")];

fn x_at(i: usize, n: usize) -> f64 {
    if n <= 1 {
        (LEFT + RIGHT) / 2.0
    } else {
        LEFT + (RIGHT - LEFT) * i as f64 / (n - 1) as f64
    }
}

/// A tick's label stays inside the chart: the first starts at its point, the last ends there.
fn anchor(i: usize, n: usize) -> &'static str {
    match i {
        _ if n <= 1 => "middle",
        0 => "start",
        i if i + 1 == n => "end",
        _ => "middle",
    }
}

/// Up to five evenly spread indices of `n` points, first and last included.
fn ticks(n: usize) -> Vec<usize> {
    let mut v: Vec<usize> = (0..5).map(|k| k * n.saturating_sub(1) / 4).collect();
    v.dedup();
    v.truncate(n);
    v
}

fn average(v: &[Option<f64>]) -> Option<f64> {
    let xs: Vec<f64> = v.iter().flatten().copied().collect();
    (!xs.is_empty()).then(|| xs.iter().sum::<f64>() / xs.len() as f64)
}

/// The trust trend as an inline SVG line chart: a line per partner (0–10), the gap between
/// them shaded, both axes labelled, the legend beneath the plot, a text summary for screen
/// readers.
pub(super) fn write_trust_chart(w: &mut dyn Write, t: &Trend) -> io::Result<()> {
    if !t.has_values() {
        return w.write_all(
            b"<p class=\"small\">No check-ins in this period, so no trust trend to draw.</p>\n",
        );
    }
    const H: f64 = 236.0;
    const BOTTOM: f64 = 200.0;
    let n = t.days.len();
    let y = |v: f64| BOTTOM - (BOTTOM - TOP) * v / 10.0;
    let multi_year = t.days.first().map(|d| d.year()) != t.days.last().map(|d| d.year());
    let mut label = format!("Trust, {} of each day's check-in (0 to 10)", t.step.noun());
    for (name, v) in &t.lines {
        label.push_str(&format!(
            "; {}: {}",
            name,
            match average(v) {
                Some(a) => format!("{a:.1} on average"),
                None => "no check-ins".into(),
            }
        ));
    }
    if let Some(g) = average(&t.gap()) {
        label.push_str(&format!("; the gap between them: {g:.1} on average"));
    }
    w.write_all(b"<figure class=\"chart trust\">\n")?;
    write!(
        w,
        "<svg role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\">\n<title>",
        Esc(&label)
    )?;
    esc(w, &label)?;
    w.write_all(b"</title>\n")?;
    // The grid and the y axis.
    for v in (0..=10).step_by(2) {
        let yy = y(v as f64);
        writeln!(
            w,
            "<line x1=\"{LEFT}\" y1=\"{yy:.1}\" x2=\"{RIGHT}\" y2=\"{yy:.1}\" stroke=\"{}\" stroke-width=\"1\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{v}</text>",
            if v == 0 { "#777" } else { "#e2e2e2" },
            LEFT - 6.0,
            yy + 4.0
        )?;
    }
    writeln!(
        w,
        "<text x=\"11\" y=\"{:.1}\" text-anchor=\"middle\" transform=\"rotate(-90 11 {:.1})\">trust</text>",
        (TOP + BOTTOM) / 2.0,
        (TOP + BOTTOM) / 2.0
    )?;
    for i in ticks(n) {
        writeln!(
            w,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{}\">{}</text>",
            x_at(i, n),
            BOTTOM + 16.0,
            anchor(i, n),
            t.step.label(t.days[i], multi_year)
        )?;
    }
    writeln!(
        w,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
        (LEFT + RIGHT) / 2.0,
        BOTTOM + 32.0,
        match t.step {
            Step::Day => "day",
            Step::Week => "week starting",
            Step::Month => "month",
        }
    )?;
    // The gap, shaded where both lines have a value.
    if let [(_, a), (_, b)] = t.lines.as_slice() {
        let mut i = 0;
        while i < n {
            if a[i].is_none() || b[i].is_none() {
                i += 1;
                continue;
            }
            let start = i;
            while i < n && a[i].is_some() && b[i].is_some() {
                i += 1;
            }
            let mut d = String::from("M");
            for (k, v) in a.iter().enumerate().take(i).skip(start) {
                d.push_str(&format!(" {:.1} {:.1}", x_at(k, n), y(v.unwrap_or(0.0))));
            }
            for (k, v) in b.iter().enumerate().take(i).skip(start).rev() {
                d.push_str(&format!(" {:.1} {:.1}", x_at(k, n), y(v.unwrap_or(0.0))));
            }
            if i - start == 1 {
                // One point: a short bar, so it still shows.
                let x = x_at(start, n);
                writeln!(
                    w,
                    "<rect class=\"gap\" x=\"{:.1}\" y=\"{:.1}\" width=\"4\" height=\"{:.1}\" fill=\"#999\" fill-opacity=\"0.3\"/>",
                    x - 2.0,
                    y(a[start].unwrap_or(0.0).max(b[start].unwrap_or(0.0))),
                    (y(a[start].unwrap_or(0.0)) - y(b[start].unwrap_or(0.0))).abs()
                )?;
            } else {
                writeln!(
                    w,
                    "<path class=\"gap\" d=\"{d} Z\" fill=\"#999\" fill-opacity=\"0.3\" stroke=\"none\"/>"
                )?;
            }
        }
    }
    for (k, (_, v)) in t.lines.iter().enumerate() {
        let (colour, dash) = STROKES[k % 2];
        let mut d = String::new();
        let mut dots = Vec::new();
        let mut i = 0;
        while i < n {
            if v[i].is_none() {
                i += 1;
                continue;
            }
            let start = i;
            d.push_str(if d.is_empty() { "M" } else { " M" });
            while i < n
                && let Some(val) = v[i]
            {
                if i > start {
                    d.push_str(" L");
                }
                d.push_str(&format!(" {:.1} {:.1}", x_at(i, n), y(val)));
                i += 1;
            }
            if i - start == 1 {
                dots.push((x_at(start, n), y(v[start].unwrap_or(0.0))));
            }
        }
        let dash = if dash.is_empty() {
            String::new()
        } else {
            format!(" stroke-dasharray=\"{dash}\"")
        };
        writeln!(
            w,
            "<path class=\"line p{k}\" d=\"{d}\" fill=\"none\" stroke=\"{colour}\" stroke-width=\"2.2\" stroke-linejoin=\"round\"{dash}/>"
        )?;
        for (x, yy) in dots {
            writeln!(
                w,
                "<circle cx=\"{x:.1}\" cy=\"{yy:.1}\" r=\"3\" fill=\"{colour}\"/>"
            )?;
        }
    }
    w.write_all(b"</svg>\n<ul class=\"legend\">")?;
    for (k, (name, _)) in t.lines.iter().enumerate() {
        let (colour, dash) = STROKES[k % 2];
        write!(
            w,
            "<li><svg width=\"28\" height=\"10\" aria-hidden=\"true\"><line x1=\"1\" y1=\"5\" x2=\"27\" y2=\"5\" stroke=\"{colour}\" stroke-width=\"2.5\"{}/></svg>",
            if dash.is_empty() {
                String::new()
            } else {
                format!(" stroke-dasharray=\"{dash}\"")
            }
        )?;
        bdi(w, name)?;
        w.write_all(b"</li>")?;
    }
    if t.lines.len() == 2 {
        w.write_all(b"<li><svg width=\"28\" height=\"10\" aria-hidden=\"true\"><rect x=\"1\" y=\"1\" width=\"26\" height=\"8\" fill=\"#999\" fill-opacity=\"0.3\"/></svg>the gap</li>")?;
    }
    w.write_all(b"</ul>\n<figcaption>")?;
    write!(
        w,
        "Trust, {} of each partner's check-ins.{}",
        t.step.noun(),
        if t.lines.len() == 2 {
            " The shaded band is the gap between the two lines."
        } else {
            ""
        }
    )?;
    w.write_all(b"</figcaption>\n</figure>\n")
}

/// Difficult moments per bucket, for the bar chart: counts and average strength.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct MomentBars {
    pub step: Step,
    /// (first day, moments, average strength).
    pub bars: Vec<(NaiveDate, usize, Option<f64>)>,
}

impl MomentBars {
    /// From `stats::moments_per_week`; weeks folded into months beyond two years.
    pub(super) fn of(snap: &Snapshot, from: NaiveDate, to: NaiveDate) -> MomentBars {
        let weeks = stats::moments_per_week(&snap.moments, None, from, to);
        let step = match Step::for_span(from, to) {
            Step::Month => Step::Month,
            _ => Step::Week,
        };
        let bars = if step == Step::Week {
            weeks
                .into_iter()
                .map(|w| (w.week, w.count, w.average_strength))
                .collect()
        } else {
            let mut months: BTreeMap<NaiveDate, (usize, f64)> = BTreeMap::new();
            for w in weeks {
                let slot = months.entry(first_of_month(w.week.max(from))).or_default();
                slot.0 += w.count;
                slot.1 += w.average_strength.unwrap_or(0.0) * w.count as f64;
            }
            months
                .into_iter()
                .map(|(m, (n, sum))| (m, n, (n > 0).then(|| sum / n as f64)))
                .collect()
        };
        MomentBars { step, bars }
    }

    fn total(&self) -> usize {
        self.bars.iter().map(|b| b.1).sum()
    }
}

/// Difficult moments as an inline SVG bar chart, a bar per week (or month), each with its
/// count and average strength as its title.
pub(super) fn write_moments_chart(w: &mut dyn Write, m: &MomentBars) -> io::Result<()> {
    if m.total() == 0 {
        return w
            .write_all(b"<p class=\"small\">No difficult moments logged in this period.</p>\n");
    }
    const H: f64 = 170.0;
    const BOTTOM: f64 = 134.0;
    let n = m.bars.len();
    let max = m.bars.iter().map(|b| b.1).max().unwrap_or(1).max(1);
    let unit = if m.step == Step::Month {
        "month"
    } else {
        "week"
    };
    let label = format!(
        "Difficult moments per {unit}: {} in all, at most {max} in one {unit}",
        m.total()
    );
    w.write_all(b"<figure class=\"chart moments\">\n")?;
    write!(
        w,
        "<svg role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {W} {H}\" width=\"{W}\" height=\"{H}\">\n<title>",
        Esc(&label)
    )?;
    esc(w, &label)?;
    w.write_all(b"</title>\n")?;
    let y = |v: f64| BOTTOM - (BOTTOM - TOP) * v / max as f64;
    for v in [0, max.div_ceil(2), max] {
        let yy = y(v as f64);
        writeln!(
            w,
            "<line x1=\"{LEFT}\" y1=\"{yy:.1}\" x2=\"{RIGHT}\" y2=\"{yy:.1}\" stroke=\"{}\" stroke-width=\"1\"/><text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\">{v}</text>",
            if v == 0 { "#777" } else { "#e2e2e2" },
            LEFT - 6.0,
            yy + 4.0
        )?;
    }
    let slot = (RIGHT - LEFT) / n as f64;
    let bar = (slot * 0.7).max(1.0);
    let multi_year = m.bars.first().map(|b| b.0.year()) != m.bars.last().map(|b| b.0.year());
    for (i, (day, count, strength)) in m.bars.iter().enumerate() {
        if *count == 0 {
            continue;
        }
        let x = LEFT + slot * i as f64 + (slot - bar) / 2.0;
        write!(
            w,
            "<rect class=\"bar\" x=\"{x:.1}\" y=\"{:.1}\" width=\"{bar:.1}\" height=\"{:.1}\" fill=\"#6b6b6b\"><title>{} {}: {}",
            y(*count as f64),
            BOTTOM - y(*count as f64),
            if m.step == Step::Month { "" } else { "week of" },
            m.step.label(*day, multi_year),
            plural(*count, "one moment", "moments"),
        )?;
        if let Some(s) = strength {
            write!(w, ", average strength {s:.1}")?;
        }
        w.write_all(b"</title></rect>\n")?;
    }
    for i in ticks(n) {
        writeln!(
            w,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>",
            LEFT + slot * (i as f64 + 0.5),
            BOTTOM + 16.0,
            m.step.label(m.bars[i].0, multi_year)
        )?;
    }
    writeln!(
        w,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\">{}</text>\n<text x=\"11\" y=\"{:.1}\" text-anchor=\"middle\" transform=\"rotate(-90 11 {:.1})\">moments</text>",
        (LEFT + RIGHT) / 2.0,
        BOTTOM + 32.0,
        if m.step == Step::Month {
            "month"
        } else {
            "week starting"
        },
        (TOP + BOTTOM) / 2.0,
        (TOP + BOTTOM) / 2.0
    )?;
    writeln!(
        w,
        "</svg>\n<figcaption>Difficult moments per {unit}, both partners. Each bar's title gives its average strength (0–10).</figcaption>\n</figure>"
    )
}

#[cfg(test)]
pub(crate) mod tests;
