//! What an export writes, and in which order: the records a filter keeps, sorted, and the
//! journal's timeline (months, weeks of check-ins, days) that the readable formats walk.

use super::{Counts, Filter, Privacy, Progress};
use crate::model::{CheckIn, Entry, ExerciseResult, GuideProgress, Moment, Partner};
use crate::store::{Collection, Snapshot};
use crate::together::{Agreement, Promise, Session};
use chrono::{Datelike, NaiveDate};
use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

impl Filter {
    pub(super) fn keeps_checkin(&self, c: &CheckIn) -> bool {
        // Check-ins belong to no guide: a guide filter asks for that guide's work only.
        self.guide.is_none()
            && self.untagged_ok()
            && self.partner_ok(&c.partner)
            && self.date_ok(c.date)
    }

    pub(super) fn keeps_moment(&self, m: &Moment) -> bool {
        self.guide.is_none()
            && self.untagged_ok()
            && self.partner_ok(&m.partner)
            && self.date_ok(m.date.date_naive())
    }

    /// Agreements are both partners': kept whatever the partner, while in force in the period.
    pub(super) fn keeps_agreement(&self, a: &Agreement) -> bool {
        self.untagged_ok()
            && self.guide_ok(a.guide.as_deref())
            && self.overlaps(
                a.created.date_naive(),
                a.retired.as_ref().map(|r| r.at.date_naive()),
            )
    }

    pub(super) fn keeps_promise(&self, p: &Promise) -> bool {
        self.untagged_ok()
            && self.partner_ok(&p.by)
            && self.guide_ok(p.guide.as_deref())
            && self.overlaps(p.created.date_naive(), p.retired.map(|r| r.date_naive()))
    }

    pub(super) fn keeps_exercise(&self, x: &ExerciseResult) -> bool {
        self.untagged_ok()
            && self.partner_ok(&x.partner)
            && self.guide_ok(Some(&x.guide))
            && self.date_ok(x.created.date_naive())
    }

    pub(super) fn keeps_progress(&self, g: &GuideProgress) -> bool {
        self.untagged_ok() && self.partner_ok(&g.partner) && self.guide_ok(Some(&g.guide))
    }

    /// A together session holds both partners' answers: kept whatever the partner.
    pub(super) fn keeps_session(&self, s: &Session) -> bool {
        self.untagged_ok() && self.guide_ok(Some(&s.guide)) && self.date_ok(s.started.date_naive())
    }

    /// Written by the JSON export: in full, or sealed as stored.
    fn json_keeps_entry(&self, e: &Entry) -> bool {
        self.keeps_entry(e) || (Privacy::of(e) == Privacy::Sealed && self.matches_entry(e))
    }
}

/// The snapshot holding only what `f` keeps, for the writers that take a whole snapshot (the
/// HTML report). Borrowed when nothing would be left out, so an unfiltered export of a large
/// store copies nothing.
pub(super) fn narrowed<'a>(snap: &'a Snapshot, f: &Filter) -> Cow<'a, Snapshot> {
    let drops_an_entry = snap.entries.iter().any(|e| !f.keeps_entry(e));
    if f.is_empty() && !drops_an_entry {
        return Cow::Borrowed(snap);
    }
    fn kept<T: Clone>(items: &[T], keep: impl Fn(&T) -> bool) -> Vec<T> {
        items.iter().filter(|x| keep(x)).cloned().collect()
    }
    Cow::Owned(Snapshot {
        partners: kept(&snap.partners, |p| f.partner_ok(&p.id)),
        entries: kept(&snap.entries, |e| f.keeps_entry(e)),
        checkins: kept(&snap.checkins, |c| f.keeps_checkin(c)),
        exercises: kept(&snap.exercises, |x| f.keeps_exercise(x)),
        progress: kept(&snap.progress, |g| f.keeps_progress(g)),
        agreements: kept(&snap.agreements, |a| f.keeps_agreement(a)),
        promises: kept(&snap.promises, |p| f.keeps_promise(p)),
        moments: kept(&snap.moments, |m| f.keeps_moment(m)),
        together: kept(&snap.together, |s| f.keeps_session(s)),
        damaged: snap.damaged.clone(),
    })
}

pub(super) fn counts(snap: &Snapshot, f: &Filter) -> Counts {
    let n = |it: &mut dyn Iterator<Item = bool>| it.filter(|k| *k).count();
    Counts {
        entries: n(&mut snap.entries.iter().map(|e| f.keeps_entry(e))),
        checkins: n(&mut snap.checkins.iter().map(|c| f.keeps_checkin(c))),
        moments: n(&mut snap.moments.iter().map(|m| f.keeps_moment(m))),
        agreements: n(&mut snap.agreements.iter().map(|a| f.keeps_agreement(a))),
        promises: n(&mut snap.promises.iter().map(|p| f.keeps_promise(p))),
        sealed: n(&mut snap
            .entries
            .iter()
            .map(|e| Privacy::of(e) == Privacy::Sealed && f.matches_entry(e))),
    }
}

fn by_key<'a, T: Collection>(items: impl Iterator<Item = &'a T>) -> Vec<&'a T> {
    let mut v: Vec<&T> = items.collect();
    v.sort_by_cached_key(|r| r.key());
    v
}

/// The records an export writes, each list in its documented order.
pub(crate) struct Selection<'a> {
    pub snap: &'a Snapshot,
    pub filter: &'a Filter,
    /// Every partner, by creation then id (so every author can be named).
    pub partners: Vec<&'a Partner>,
    /// The partners whose writing is exported (all, or the filter's one), in the store's order.
    pub shown: Vec<&'a Partner>,
    /// By time, then id: entries written in full, and (for JSON only) sealed ones.
    pub entries: Vec<&'a Entry>,
    /// By date, then partner.
    pub checkins: Vec<&'a CheckIn>,
    /// By time, then id.
    pub moments: Vec<&'a Moment>,
    /// By id.
    pub agreements: Vec<&'a Agreement>,
    /// By id.
    pub promises: Vec<&'a Promise>,
}

impl<'a> Selection<'a> {
    pub fn new(snap: &'a Snapshot, filter: &'a Filter) -> Selection<'a> {
        let mut partners: Vec<&Partner> = snap.partners.iter().collect();
        partners.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
        // In the order they were added (as the workbook names them), not the JSON's.
        let shown = snap
            .partners
            .iter()
            .filter(|p| filter.partner_ok(&p.id))
            .collect();
        let mut entries: Vec<&Entry> = snap
            .entries
            .iter()
            .filter(|e| filter.json_keeps_entry(e))
            .collect();
        entries.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
        let mut checkins: Vec<&CheckIn> = snap
            .checkins
            .iter()
            .filter(|c| filter.keeps_checkin(c))
            .collect();
        checkins.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.partner.cmp(&b.partner)));
        let mut moments: Vec<&Moment> = snap
            .moments
            .iter()
            .filter(|m| filter.keeps_moment(m))
            .collect();
        moments.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
        Selection {
            snap,
            filter,
            partners,
            shown,
            entries,
            checkins,
            moments,
            agreements: by_key(snap.agreements.iter().filter(|a| filter.keeps_agreement(a))),
            promises: by_key(snap.promises.iter().filter(|p| filter.keeps_promise(p))),
        }
    }

    /// The entries written in full (what Markdown and text show), by time.
    pub fn readable(&self) -> impl Iterator<Item = &'a Entry> + '_ {
        self.entries
            .iter()
            .copied()
            .filter(|e| Privacy::of(e) != Privacy::Sealed)
    }

    pub fn counts(&self) -> Counts {
        let readable = self.readable().count();
        Counts {
            entries: readable,
            checkins: self.checkins.len(),
            moments: self.moments.len(),
            agreements: self.agreements.len(),
            promises: self.promises.len(),
            sealed: self.entries.len() - readable,
        }
    }

    pub fn exercises(&self) -> Vec<&'a ExerciseResult> {
        let mut v: Vec<&ExerciseResult> = self
            .snap
            .exercises
            .iter()
            .filter(|x| self.filter.keeps_exercise(x))
            .collect();
        v.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
        v
    }

    pub fn progress(&self) -> Vec<&'a GuideProgress> {
        by_key(
            self.snap
                .progress
                .iter()
                .filter(|g| self.filter.keeps_progress(g)),
        )
    }

    pub fn sessions(&self) -> Vec<&'a Session> {
        by_key(
            self.snap
                .together
                .iter()
                .filter(|s| self.filter.keeps_session(s)),
        )
    }

    pub fn name(&self, partner: &str) -> &'a str {
        self.snap.partner_name(partner)
    }
}

/// Calls `progress` every few hundred records, and once at the end.
pub(crate) struct Ticker<'p> {
    done: usize,
    total: usize,
    progress: &'p mut dyn FnMut(Progress),
}

impl<'p> Ticker<'p> {
    const EVERY: usize = 500;

    pub fn new(total: usize, progress: &'p mut dyn FnMut(Progress)) -> Ticker<'p> {
        Ticker {
            done: 0,
            total,
            progress,
        }
    }

    pub fn tick(&mut self) {
        self.done += 1;
        if self.done.is_multiple_of(Self::EVERY) {
            (self.progress)(Progress {
                done: self.done,
                total: self.total,
            });
        }
    }

    pub fn finish(&mut self) {
        (self.progress)(Progress {
            done: self.done,
            total: self.total,
        });
    }
}

/// One thing on a day of the journal, in time order.
pub(crate) enum Item<'a> {
    /// An entry (the responses to it are found by its id).
    Entry(&'a Entry),
    Moment(&'a Moment),
}

/// One row of a week's check-in table: a day, and each shown partner's check-in (in the
/// order of [`Selection::shown`]).
pub(crate) struct CheckinRow<'a> {
    pub date: NaiveDate,
    pub by: Vec<Option<&'a CheckIn>>,
}

/// A promise and how it went in the exported period.
pub(crate) struct PromiseTally<'a> {
    pub promise: &'a Promise,
    pub kept: usize,
    pub missed: usize,
}

/// The readable formats: each says how a part of the journal is worded. [`walk`] calls them
/// in the journal's order.
pub(crate) trait Sink {
    fn begin(&mut self, sel: &Selection, counts: &Counts) -> std::io::Result<()>;
    /// The first day of a month.
    fn month(&mut self, first: NaiveDate) -> std::io::Result<()>;
    /// The check-ins of one week (its Monday) that fall in the current month.
    fn week(
        &mut self,
        sel: &Selection,
        monday: NaiveDate,
        rows: &[CheckinRow],
    ) -> std::io::Result<()>;
    fn day(&mut self, date: NaiveDate) -> std::io::Result<()>;
    fn entry(&mut self, sel: &Selection, e: &Entry, responses: &[&Entry]) -> std::io::Result<()>;
    fn moment(&mut self, sel: &Selection, m: &Moment) -> std::io::Result<()>;
    fn agreements(&mut self, sel: &Selection, list: &[&Agreement]) -> std::io::Result<()>;
    fn promises(&mut self, sel: &Selection, list: &[PromiseTally]) -> std::io::Result<()>;
    fn end(&mut self) -> std::io::Result<()>;
}

fn month_of(d: NaiveDate) -> NaiveDate {
    d.with_day(1).expect("every month has a first day")
}

/// Walks the journal in order — by month, then day; a week's check-ins before its first day
/// in the month; entries (responses beneath the entry they answer) and moments by time; then
/// agreements and promises — handing each part to `sink`.
pub(crate) fn walk<'a>(
    sel: &Selection<'a>,
    sink: &mut dyn Sink,
    progress: &mut dyn FnMut(Progress),
) -> std::io::Result<()> {
    let counts = sel.counts();
    let mut ticker = Ticker::new(counts.total(), progress);
    sink.begin(sel, &counts)?;

    let readable: Vec<&Entry> = sel.readable().collect();
    let by_id: HashMap<&str, &Entry> = readable.iter().map(|e| (e.id.as_str(), *e)).collect();
    // A response to a response is shown with the rest, beneath the entry that began it.
    let root = |e: &'a Entry| -> Option<&'a str> {
        let mut at = by_id.get(e.responds_to.as_deref()?).copied()?;
        for _ in 0..by_id.len() {
            match at.responds_to.as_deref().and_then(|p| by_id.get(p)) {
                // A circle of responses: each is shown on its own day.
                Some(up) if up.id == e.id => return None,
                Some(up) => at = up,
                None => break,
            }
        }
        Some(at.id.as_str()).filter(|r| *r != e.id)
    };
    let mut responses: HashMap<&str, Vec<&Entry>> = HashMap::new();
    let mut days: BTreeMap<NaiveDate, Vec<(crate::model::Timestamp, Item)>> = BTreeMap::new();
    for e in &readable {
        match root(e) {
            Some(parent) => responses.entry(parent).or_default().push(e),
            None => days
                .entry(e.created.date_naive())
                .or_default()
                .push((e.created, Item::Entry(e))),
        }
    }
    for m in &sel.moments {
        days.entry(m.date.date_naive())
            .or_default()
            .push((m.date, Item::Moment(m)));
    }
    // Check-ins by (month, week): the rows of each week's table.
    let mut weeks: BTreeMap<(NaiveDate, NaiveDate), Vec<CheckinRow>> = BTreeMap::new();
    for c in &sel.checkins {
        let rows = weeks
            .entry((month_of(c.date), crate::clock::week_start(c.date)))
            .or_default();
        if rows.last().is_none_or(|r| r.date != c.date) {
            rows.push(CheckinRow {
                date: c.date,
                by: vec![None; sel.shown.len()],
            });
        }
        if let Some(i) = sel.shown.iter().position(|p| p.id == c.partner) {
            rows.last_mut().expect("pushed above").by[i] = Some(c);
        }
    }
    let mut dates: Vec<NaiveDate> = days.keys().copied().collect();
    dates.extend(weeks.values().flat_map(|rows| rows.first().map(|r| r.date)));
    dates.sort();
    dates.dedup();

    let mut month = None;
    let mut week = None;
    for d in dates {
        let m = month_of(d);
        if month != Some(m) {
            sink.month(m)?;
            month = Some(m);
        }
        let w = (m, crate::clock::week_start(d));
        if week != Some(w) {
            week = Some(w);
            if let Some(rows) = weeks.remove(&w) {
                sink.week(sel, w.1, &rows)?;
                for r in &rows {
                    for _ in r.by.iter().flatten() {
                        ticker.tick();
                    }
                }
            }
        }
        let Some(mut items) = days.remove(&d) else {
            continue;
        };
        items.sort_by_key(|(t, _)| *t);
        sink.day(d)?;
        for (_, item) in items {
            match item {
                Item::Entry(e) => {
                    let below = responses.remove(e.id.as_str()).unwrap_or_default();
                    sink.entry(sel, e, &below)?;
                    for _ in 0..=below.len() {
                        ticker.tick();
                    }
                }
                Item::Moment(m) => {
                    sink.moment(sel, m)?;
                    ticker.tick();
                }
            }
        }
    }
    if !sel.agreements.is_empty() {
        let mut list = sel.agreements.clone();
        list.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
        sink.agreements(sel, &list)?;
        (0..list.len()).for_each(|_| ticker.tick());
    }
    if !sel.promises.is_empty() {
        let mut list: Vec<PromiseTally> = sel
            .promises
            .iter()
            .map(|p| {
                let in_period = |o: &&crate::together::Occurrence| sel.filter.date_ok(o.date);
                let count = |k| {
                    p.occurrences
                        .iter()
                        .filter(in_period)
                        .filter(|o| o.status == k)
                        .count()
                };
                PromiseTally {
                    promise: p,
                    kept: count(crate::together::Kept::Kept),
                    missed: count(crate::together::Kept::Missed),
                }
            })
            .collect();
        list.sort_by(|a, b| {
            (a.promise.created, &a.promise.id).cmp(&(b.promise.created, &b.promise.id))
        });
        sink.promises(sel, &list)?;
        (0..list.len()).for_each(|_| ticker.tick());
    }
    sink.end()?;
    ticker.finish();
    Ok(())
}
