//! The counsellor summary: two pages to bring to a session with a professional — both
//! partners' trust over the period and the gap between them, check-in streaks, difficult
//! moments per week with their strength, the guides worked through, agreements and promises
//! kept or missed, and only the entries each author ticked "share with our counsellor"
//! (`Entry::for_counsellor`). A sealed entry's words are never in it. See `docs/EXPORT.md`.
//!
//! [`build`] computes everything from a snapshot (with `stats`, as the workbook does); the
//! writers only lay it out, as Markdown or as HTML with the report's charts.

use super::html::{self, Trend, bdi, esc};
use crate::model::{Entry, Role, Timestamp};
use crate::stats::{self, Streak, WeekMoments};
use crate::store::Snapshot;
use crate::text::escape_control;
use crate::together::{AgreementState, Category, Kept, Repeat, Response};
use chrono::{Days, NaiveDate};
use std::io::{self, Write};

/// Everything the summary shows, for one period.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// The period, inclusive local calendar dates.
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// In the order the partners were added.
    pub partners: Vec<PartnerSummary>,
    /// With two partners: the average distance between their 7-day (or weekly) trust averages.
    pub gap: Option<f64>,
    pub agreements: Vec<AgreementLine>,
    pub promises: Vec<PromiseLine>,
    /// The entries of the period their authors shared with the counsellor, oldest first.
    pub shared: Vec<SharedEntry>,
    trend: Trend,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PartnerSummary {
    pub name: String,
    pub role: Role,
    /// The period's figures (`stats::period`): check-ins, trust average, moments, entries…
    pub period: stats::Period,
    /// Check-in days in a row, as seen on the period's last day; `longest` within the period.
    pub streak: Streak,
    /// The first and last 7-day trust averages of the period (how the line moved).
    pub trust_start: Option<f64>,
    pub trust_end: Option<f64>,
    /// Difficult moments per week (Monday first), every week of the period.
    pub moments: Vec<WeekMoments>,
    /// Guides worked on in the period, or open at its end.
    pub guides: Vec<GuideLine>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuideLine {
    pub guide: String,
    pub opened: NaiveDate,
    pub completed: Option<NaiveDate>,
    /// Entries answering the guide, and exercises of it done, within the period.
    pub entries: usize,
    pub exercises: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AgreementLine {
    pub category: Category,
    pub text: String,
    pub proposed_by: String,
    /// "agreed by both", "proposed by Alex, not yet agreed", "retired: REASON".
    pub state: String,
    pub review: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PromiseLine {
    pub by: String,
    pub text: String,
    pub repeat: Repeat,
    pub due: Option<NaiveDate>,
    pub kept: usize,
    pub missed: usize,
    /// The other partner's answers to those marks.
    pub confirmed: usize,
    pub questioned: usize,
    pub retired: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SharedEntry {
    pub author: String,
    pub created: Timestamp,
    pub title: Option<String>,
    pub guide: Option<String>,
    pub prompt: Option<String>,
    pub tags: Vec<String>,
    pub body: String,
    /// The author of the entry it answers, when it is a response.
    pub answers: Option<String>,
}

/// The summary of `since..=until`; by default the four weeks ending `today` (or ending
/// `until`).
pub fn build(
    snap: &Snapshot,
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
    today: NaiveDate,
) -> Summary {
    let to = until.unwrap_or(today);
    let from = since.unwrap_or(to - Days::new(27)).min(to);
    let within = |d: NaiveDate| d >= from && d <= to;
    let partners = html::partners_in_order(snap);
    let trend = Trend::of(snap, &partners, from, to);
    let summaries = partners
        .iter()
        .zip(&trend.lines)
        .map(|(p, (_, line))| {
            let days: Vec<NaiveDate> = snap
                .checkins
                .iter()
                .filter(|c| c.partner == p.id && within(c.date))
                .map(|c| c.date)
                .collect();
            let mut guides: Vec<GuideLine> = snap
                .progress
                .iter()
                .filter(|g| g.partner == p.id && g.opened.date_naive() <= to)
                .map(|g| {
                    let mine = |guide: &str, partner: &str, d: NaiveDate| {
                        guide == g.guide && partner == p.id && within(d)
                    };
                    GuideLine {
                        guide: g.guide.clone(),
                        opened: g.opened.date_naive(),
                        completed: g.completed.map(|c| c.date_naive()).filter(|c| *c <= to),
                        entries: snap
                            .entries
                            .iter()
                            .filter(|e| {
                                e.link.as_ref().is_some_and(|l| {
                                    mine(&l.guide, &e.author, e.created.date_naive())
                                })
                            })
                            .count(),
                        exercises: snap
                            .exercises
                            .iter()
                            .filter(|x| mine(&x.guide, &x.partner, x.created.date_naive()))
                            .count(),
                    }
                })
                .filter(|g| {
                    within(g.opened)
                        || g.completed.is_none_or(within)
                        || g.entries + g.exercises > 0
                })
                .collect();
            guides.sort_by(|a, b| a.opened.cmp(&b.opened).then_with(|| a.guide.cmp(&b.guide)));
            PartnerSummary {
                name: p.name.clone(),
                role: p.role,
                period: stats::period(snap, &p.id, from, to),
                streak: stats::streak(&days, to),
                trust_start: line.iter().flatten().next().copied(),
                trust_end: line.iter().flatten().next_back().copied(),
                moments: stats::moments_per_week(&snap.moments, Some(&p.id), from, to),
                guides,
            }
        })
        .collect();
    let gaps: Vec<f64> = trend.gap().into_iter().flatten().collect();
    let mut shared: Vec<&Entry> = snap
        .entries
        .iter()
        .filter(|e| e.for_counsellor && e.sealed.is_none() && within(e.created.date_naive()))
        .collect();
    shared.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
    let shared = shared
        .into_iter()
        .map(|e| SharedEntry {
            author: snap.partner_name(&e.author).to_string(),
            created: e.created,
            title: e.title.clone().filter(|t| !t.trim().is_empty()),
            guide: e.link.as_ref().map(|l| l.guide.clone()),
            prompt: e.link.as_ref().and_then(|l| l.prompt_text.clone()),
            tags: e.tags.clone(),
            body: e.body.replace("\r\n", "\n").trim_end().to_string(),
            answers: e.responds_to.as_deref().map(|id| {
                snap.entries
                    .iter()
                    .find(|x| x.id == id)
                    .map(|x| snap.partner_name(&x.author).to_string())
                    .unwrap_or_else(|| "another entry".into())
            }),
        })
        .collect();
    Summary {
        from,
        to,
        partners: summaries,
        gap: (!gaps.is_empty()).then(|| gaps.iter().sum::<f64>() / gaps.len() as f64),
        agreements: agreement_lines(snap)
            .into_iter()
            .filter(|(a, _)| a.retired.as_ref().is_none_or(|r| within(r.at.date_naive())))
            .filter(|(a, _)| a.created.date_naive() <= to)
            .map(|(_, l)| l)
            .collect(),
        promises: promise_lines(snap, Some((from, to)))
            .into_iter()
            .filter(|(p, l)| p.created.date_naive() <= to && (!l.retired || l.kept + l.missed > 0))
            .map(|(_, l)| l)
            .collect(),
        shared,
        trend,
    }
}

/// Every agreement as a line, in the order they were made.
pub(super) fn agreement_lines(
    snap: &Snapshot,
) -> Vec<(&crate::together::Agreement, AgreementLine)> {
    let mut all: Vec<_> = snap.agreements.iter().collect();
    all.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
    all.into_iter()
        .map(|a| {
            let by = snap.partner_name(&a.proposed_by).to_string();
            let state = match a.state(snap.partners.len()) {
                AgreementState::Agreed if snap.partners.len() > 1 => "agreed by both".to_string(),
                AgreementState::Agreed => "agreed".to_string(),
                AgreementState::Proposed => format!("proposed by {by}, not yet agreed"),
                AgreementState::Retired => format!(
                    "retired: {}",
                    a.retired.as_ref().map(|r| r.reason.as_str()).unwrap_or("")
                ),
            };
            (
                a,
                AgreementLine {
                    category: a.category,
                    text: a.text.clone(),
                    proposed_by: by,
                    state,
                    review: a.review.filter(|_| a.retired.is_none()),
                },
            )
        })
        .collect()
}

/// Every promise as a line, with its kept and missed marks (within `range`, when given).
pub(super) fn promise_lines(
    snap: &Snapshot,
    range: Option<(NaiveDate, NaiveDate)>,
) -> Vec<(&crate::together::Promise, PromiseLine)> {
    let mut all: Vec<_> = snap.promises.iter().collect();
    all.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
    all.into_iter()
        .map(|p| {
            let marks: Vec<_> = p
                .occurrences
                .iter()
                .filter(|o| range.is_none_or(|(a, b)| o.date >= a && o.date <= b))
                .filter(|o| o.status != Kept::NotDue)
                .collect();
            let count = |f: &dyn Fn(&crate::together::Occurrence) -> bool| {
                marks.iter().filter(|o| f(o)).count()
            };
            (
                p,
                PromiseLine {
                    by: snap.partner_name(&p.by).to_string(),
                    text: p.text.clone(),
                    repeat: p.repeat,
                    due: p.due,
                    kept: count(&|o| o.status == Kept::Kept),
                    missed: count(&|o| o.status == Kept::Missed),
                    confirmed: count(&|o| o.response == Some(Response::Confirmed)),
                    questioned: count(&|o| o.response == Some(Response::Questioned)),
                    retired: p.retired.is_some(),
                },
            )
        })
        .collect()
}

fn category(c: Category) -> &'static str {
    match c {
        Category::Boundary => "Boundary",
        Category::Expectation => "Expectation",
    }
}

fn repeat(p: &PromiseLine) -> String {
    match p.repeat {
        Repeat::Daily => "daily".into(),
        Repeat::Weekly => "weekly".into(),
        Repeat::Once => match p.due {
            Some(d) => format!("once, by {}", d.format("%-d %B %Y")),
            None => "once".into(),
        },
    }
}

fn kept_text(p: &PromiseLine) -> String {
    let mut s = format!("kept {}, missed {}", p.kept, p.missed);
    if p.confirmed + p.questioned > 0 {
        s.push_str(&format!(
            " (confirmed {}, questioned {})",
            p.confirmed, p.questioned
        ));
    }
    if p.retired {
        s.push_str(" · retired");
    }
    s
}

/// The agreements and promises as HTML, under a heading of `level` (`h2`, `h3`): shared by
/// the report and the summary.
pub(super) fn write_agreements_html(
    w: &mut dyn Write,
    agreements: &[(&crate::together::Agreement, AgreementLine)],
    promises: &[(&crate::together::Promise, PromiseLine)],
    level: &str,
) -> io::Result<()> {
    let a: Vec<&AgreementLine> = agreements.iter().map(|(_, l)| l).collect();
    let p: Vec<&PromiseLine> = promises.iter().map(|(_, l)| l).collect();
    agreements_html(w, &a, &p, level)
}

fn agreements_html(
    w: &mut dyn Write,
    agreements: &[&AgreementLine],
    promises: &[&PromiseLine],
    level: &str,
) -> io::Result<()> {
    writeln!(w, "<{level}>Agreements and promises</{level}>")?;
    if agreements.is_empty() && promises.is_empty() {
        return w.write_all(b"<p class=\"small\">None in this period.</p>\n");
    }
    if !agreements.is_empty() {
        w.write_all(b"<ul class=\"agreements\">\n")?;
        for a in agreements {
            write!(w, "<li><b>{}:</b> ", category(a.category))?;
            bdi(w, &a.text)?;
            w.write_all(b" <span class=\"small\">\xe2\x80\x94 ")?;
            esc(w, &a.state)?;
            if let Some(r) = a.review {
                write!(w, "; review by {}", r.format("%-d %B %Y"))?;
            }
            w.write_all(b"</span></li>\n")?;
        }
        w.write_all(b"</ul>\n")?;
    }
    if !promises.is_empty() {
        w.write_all(b"<ul class=\"promises\">\n")?;
        for p in promises {
            w.write_all(b"<li>")?;
            bdi(w, &p.by)?;
            w.write_all(b": ")?;
            bdi(w, &p.text)?;
            writeln!(
                w,
                " <span class=\"small\">({})</span> — <span class=\"kept\">{}</span></li>",
                repeat(p),
                kept_text(p)
            )?;
        }
        w.write_all(b"</ul>\n")?;
    }
    Ok(())
}

fn one(v: Option<f64>) -> String {
    v.map(|x| format!("{x:.1}")).unwrap_or_else(|| "—".into())
}

fn week_moments(w: &WeekMoments) -> String {
    match (w.count, w.average_strength) {
        (0, _) => "0".into(),
        (n, Some(s)) => format!("{n} (strength {s:.1})"),
        (n, None) => n.to_string(),
    }
}

fn role(r: Role) -> &'static str {
    match r {
        Role::Hurt => "was hurt",
        Role::Repairing => "broke trust",
        Role::Unsaid => "role not said",
    }
}

// ----- Markdown ------------------------------------------------------------------------------------

/// Markdown text that shows as written: control characters escaped, and what Markdown (or the
/// HTML it may pass through) would read as markup given a backslash.
fn md(s: &str) -> String {
    let s = escape_control(s);
    let mut out = String::with_capacity(s.len() + 8);
    for (i, line) in s.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let trimmed = line.trim_start();
        let lead = line.len() - trimmed.len();
        out.push_str(&line[..lead]);
        // What starts a block: a heading, a quote, a list, a rule, a numbered item.
        let mut chars = trimmed.char_indices().peekable();
        if let Some((_, c)) = chars.peek().copied()
            && matches!(c, '#' | '>' | '-' | '+' | '=' | '|')
        {
            out.push('\\');
        }
        let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
        for (j, c) in trimmed.char_indices() {
            if matches!(
                c,
                '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '~' | '|'
            ) && !(j == 0 && c == '>')
                && !(j == 0 && c == '|')
            {
                out.push('\\');
            }
            if digits > 0 && j == digits && matches!(c, '.' | ')') {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// The summary as Markdown.
pub fn write_summary_md(s: &Summary, out: &mut dyn Write) -> io::Result<()> {
    let mut w = io::BufWriter::new(out);
    let names: Vec<String> = s.partners.iter().map(|p| md(&p.name)).collect();
    writeln!(w, "# For our counsellor\n")?;
    writeln!(
        w,
        "{}{}\n",
        html::period_text(s.from, s.to),
        if names.is_empty() {
            String::new()
        } else {
            format!(" · {}", names.join(" and "))
        }
    )?;
    writeln!(
        w,
        "*From trustwork. The trust scale (0–10) is the app's own, not a validated measure; the \
         figures are trends, not a score.*\n"
    )?;
    writeln!(w, "## Check-ins and trust\n")?;
    if s.partners.is_empty() {
        writeln!(w, "No partners yet.\n")?;
    } else {
        writeln!(
            w,
            "| | check-ins | streak (now / longest) | trust, average | trust, first → last week | moments (strength) |"
        )?;
        writeln!(w, "|---|---|---|---|---|---|")?;
        for p in &s.partners {
            writeln!(
                w,
                "| {} ({}) | {} of {} days | {} / {} | {} | {} → {} | {} ({}) |",
                md(&p.name),
                role(p.role),
                p.period.checkins,
                (s.to - s.from).num_days() + 1,
                p.streak.current,
                p.streak.longest,
                one(p.period.trust_average),
                one(p.trust_start),
                one(p.trust_end),
                p.period.moments,
                one(p.period.moment_strength)
            )?;
        }
        writeln!(w)?;
    }
    if let Some(g) = s.gap {
        writeln!(
            w,
            "The gap between the two trust lines: {g:.1} on average (how far apart your \
             two readings are: something to talk about, not a score).\n"
        )?;
    }
    if !s.partners.is_empty() {
        writeln!(w, "## Difficult moments per week\n")?;
        write!(w, "| week of |")?;
        for n in &names {
            write!(w, " {n} |")?;
        }
        writeln!(w)?;
        writeln!(w, "|---|{}", "---|".repeat(names.len()))?;
        let weeks = s.partners[0].moments.len();
        for i in 0..weeks {
            write!(w, "| {} |", s.partners[0].moments[i].week.format("%-d %B"))?;
            for p in &s.partners {
                write!(w, " {} |", week_moments(&p.moments[i]))?;
            }
            writeln!(w)?;
        }
        writeln!(w)?;
        writeln!(w, "## Guides worked through\n")?;
        for p in &s.partners {
            if p.guides.is_empty() {
                writeln!(w, "- {}: none in this period", md(&p.name))?;
            }
            for g in &p.guides {
                writeln!(w, "- {}: {}", md(&p.name), guide_text(g))?;
            }
        }
        writeln!(w)?;
    }
    writeln!(w, "## Agreements and promises\n")?;
    if s.agreements.is_empty() && s.promises.is_empty() {
        writeln!(w, "None in this period.\n")?;
    } else {
        for a in &s.agreements {
            write!(
                w,
                "- **{}:** {} — {}",
                category(a.category),
                md(&a.text),
                md(&a.state)
            )?;
            if let Some(r) = a.review {
                write!(w, "; review by {}", r.format("%-d %B %Y"))?;
            }
            writeln!(w)?;
        }
        for p in &s.promises {
            writeln!(
                w,
                "- {}: {} ({}) — {}",
                md(&p.by),
                md(&p.text),
                repeat(p),
                kept_text(p)
            )?;
        }
        writeln!(w)?;
    }
    writeln!(w, "## Entries we chose to share\n")?;
    if s.shared.is_empty() {
        writeln!(
            w,
            "No entry of this period was shared with our counsellor.\n"
        )?;
    }
    for e in &s.shared {
        writeln!(
            w,
            "### {}\n",
            match &e.title {
                Some(t) => md(&t.replace('\n', " ")),
                None => e.created.format("%A %-d %B, %H:%M").to_string(),
            }
        )?;
        let mut meta = vec![
            md(&e.author),
            e.created.format("%A %-d %B %Y, %H:%M").to_string(),
        ];
        if let Some(g) = &e.guide {
            meta.push(format!("guide {}", md(g)));
        }
        if let Some(a) = &e.answers {
            meta.push(format!("in answer to {}", md(a)));
        }
        for t in &e.tags {
            meta.push(format!("\\#{}", md(t)));
        }
        writeln!(w, "*{}*\n", meta.join(" · "))?;
        if let Some(p) = &e.prompt {
            writeln!(w, "> {}\n", md(p).replace('\n', "\n> "))?;
        }
        // Each line of the entry stays a line (a hard break), paragraphs stay paragraphs.
        let body = md(&e.body)
            .split('\n')
            .map(str::trim_end)
            .collect::<Vec<_>>()
            .join("  \n")
            .replace("  \n  \n", "\n\n");
        writeln!(w, "{body}\n")?;
    }
    w.flush()
}

fn guide_text(g: &GuideLine) -> String {
    let mut s = format!("{} — opened {}", md(&g.guide), g.opened.format("%-d %B %Y"));
    if let Some(c) = g.completed {
        s.push_str(&format!(", completed {}", c.format("%-d %B %Y")));
    }
    if g.entries + g.exercises > 0 {
        s.push_str(&format!(
            "; in this period {} and {}",
            count(g.entries, "entry", "entries"),
            count(g.exercises, "exercise", "exercises")
        ));
    }
    s
}

use crate::text::plural as count;

// ----- HTML ----------------------------------------------------------------------------------------

/// Two pages: the figures and charts, then guides, agreements, promises and the shared entries.
const SUMMARY_CSS: &str = r#"table.facts { width: 100%; }
table.facts td, table.facts th { font-size: .9rem; }
@media print {
  body { font-size: 9.5pt; }
  h2 { margin: .6rem 0 .3rem; }
  .page2 { break-before: page; page-break-before: always; }
  figure { margin: .4rem 0; }
  figure.trust svg { max-height: 58mm; }
}
"#;

/// The summary as one self-contained HTML file, two printed pages for a typical month.
pub fn write_summary_html(s: &Summary, out: &mut dyn Write) -> io::Result<()> {
    let mut w = io::BufWriter::new(out);
    let names: Vec<String> = s.partners.iter().map(|p| p.name.clone()).collect();
    html::head(
        &mut w,
        &format!("For our counsellor{}", html::by_names(&names)),
        SUMMARY_CSS,
    )?;
    w.write_all(b"<header>\n<h1>For our counsellor</h1>\n<p class=\"lead\">")?;
    write!(w, "{}", html::period_text(s.from, s.to))?;
    if !names.is_empty() {
        w.write_all(" · ".as_bytes())?;
        html::write_names(&mut w, &names)?;
    }
    w.write_all(
        "</p>\n<p class=\"small\">From trustwork. The trust scale (0–10) is the app's own, not a \
         validated measure; the figures are trends, not a score.</p>\n</header>\n"
            .as_bytes(),
    )?;
    w.write_all(b"<section class=\"page1\">\n<h2>Check-ins and trust</h2>\n")?;
    if s.partners.is_empty() {
        w.write_all(b"<p>No partners yet.</p>\n")?;
    } else {
        w.write_all(
            "<table class=\"facts\">\n<thead><tr><th scope=\"col\">Partner</th><th scope=\"col\">Check-ins</th><th scope=\"col\">Streak, now / longest</th><th scope=\"col\">Trust, average</th><th scope=\"col\">First → last week</th><th scope=\"col\">Moments (strength)</th></tr></thead>\n<tbody>\n"
                .as_bytes(),
        )?;
        for p in &s.partners {
            w.write_all(b"<tr><th scope=\"row\">")?;
            bdi(&mut w, &p.name)?;
            writeln!(
                w,
                " <span class=\"small\">({})</span></th><td>{} of {} days</td><td>{} / {}</td><td>{}</td><td>{} → {}</td><td>{} ({})</td></tr>",
                role(p.role),
                p.period.checkins,
                (s.to - s.from).num_days() + 1,
                p.streak.current,
                p.streak.longest,
                one(p.period.trust_average),
                one(p.trust_start),
                one(p.trust_end),
                p.period.moments,
                one(p.period.moment_strength)
            )?;
        }
        w.write_all(b"</tbody>\n</table>\n")?;
    }
    if let Some(g) = s.gap {
        writeln!(
            w,
            "<p>The gap between the two trust lines: <b>{g:.1}</b> on average: how far apart your \
             two readings are, something to talk about, not a score.</p>"
        )?;
    }
    html::write_trust_chart(&mut w, &s.trend)?;
    if !s.partners.is_empty() {
        w.write_all(b"<h2>Difficult moments per week</h2>\n")?;
        w.write_all(b"<table class=\"facts moments\">\n<thead><tr><th scope=\"col\">Week of</th>")?;
        for n in &names {
            w.write_all(b"<th scope=\"col\">")?;
            bdi(&mut w, n)?;
            w.write_all(b"</th>")?;
        }
        w.write_all(b"</tr></thead>\n<tbody>\n")?;
        for i in 0..s.partners[0].moments.len() {
            write!(
                w,
                "<tr><th scope=\"row\">{}</th>",
                s.partners[0].moments[i].week.format("%-d %B")
            )?;
            for p in &s.partners {
                write!(w, "<td>{}</td>", week_moments(&p.moments[i]))?;
            }
            w.write_all(b"</tr>\n")?;
        }
        w.write_all(b"</tbody>\n</table>\n")?;
    }
    w.write_all(b"</section>\n<section class=\"page2\">\n")?;
    if !s.partners.is_empty() {
        w.write_all(b"<h2>Guides worked through</h2>\n<ul class=\"guides\">\n")?;
        for p in &s.partners {
            if p.guides.is_empty() {
                w.write_all(b"<li>")?;
                bdi(&mut w, &p.name)?;
                w.write_all(b": none in this period</li>\n")?;
            }
            for g in &p.guides {
                w.write_all(b"<li>")?;
                bdi(&mut w, &p.name)?;
                w.write_all(b": <bdi>")?;
                esc(&mut w, &g.guide)?;
                write!(w, "</bdi> \u{2014} opened {}", g.opened.format("%-d %B %Y"))?;
                if let Some(c) = g.completed {
                    write!(w, ", completed {}", c.format("%-d %B %Y"))?;
                }
                if g.entries + g.exercises > 0 {
                    write!(
                        w,
                        "; in this period {} and {}",
                        count(g.entries, "entry", "entries"),
                        count(g.exercises, "exercise", "exercises")
                    )?;
                }
                w.write_all(b"</li>\n")?;
            }
        }
        w.write_all(b"</ul>\n")?;
    }
    let a: Vec<&AgreementLine> = s.agreements.iter().collect();
    let p: Vec<&PromiseLine> = s.promises.iter().collect();
    agreements_html(&mut w, &a, &p, "h2")?;
    w.write_all(b"<h2>Entries we chose to share</h2>\n")?;
    if s.shared.is_empty() {
        w.write_all(
            b"<p class=\"small\">No entry of this period was shared with our counsellor.</p>\n",
        )?;
    }
    for e in &s.shared {
        w.write_all(b"<article class=\"entry\">\n<h3>")?;
        match &e.title {
            Some(t) => bdi(&mut w, t)?,
            None => write!(w, "{}", e.created.format("%A %-d %B, %H:%M"))?,
        }
        w.write_all(b"</h3>\n<p class=\"meta\">")?;
        bdi(&mut w, &e.author)?;
        write!(w, " · {}", e.created.format("%A %-d %B %Y, %H:%M"))?;
        if let Some(g) = &e.guide {
            w.write_all(" · guide ".as_bytes())?;
            bdi(&mut w, g)?;
        }
        if let Some(a) = &e.answers {
            w.write_all(" · in answer to ".as_bytes())?;
            bdi(&mut w, a)?;
        }
        for t in &e.tags {
            w.write_all(b" <span class=\"tag\">#")?;
            bdi(&mut w, t)?;
            w.write_all(b"</span>")?;
        }
        w.write_all(b"</p>\n")?;
        if let Some(p) = &e.prompt {
            w.write_all(b"<blockquote dir=\"auto\">")?;
            esc(&mut w, p)?;
            w.write_all(b"</blockquote>\n")?;
        }
        w.write_all(b"<div class=\"body\" dir=\"auto\">")?;
        esc(&mut w, &e.body)?;
        w.write_all(b"</div>\n</article>\n")?;
    }
    w.write_all(b"</section>\n</body>\n</html>\n")?;
    w.flush()
}
