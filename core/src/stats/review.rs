//! The periodic review: a partner's figures for the last four weeks and the four before.

use crate::model::{CheckIn, Moment};
use crate::store::Snapshot;
use chrono::{Days, NaiveDate};
use serde::Serialize;

/// The guide id every review entry links to (`PromptLink::guide`), so reviews can be found and
/// counted. Stored in the journal: never renamed.
pub const REVIEW_GUIDE: &str = "review";

/// Figures of one period, for the periodic review.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Period {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub checkins: usize,
    pub trust_average: Option<f64>,
    pub moments: usize,
    pub moment_strength: Option<f64>,
    pub entries: usize,
    pub guides_completed: usize,
}

/// A partner's figures for `from..=to`.
pub fn period(snap: &Snapshot, partner: &str, from: NaiveDate, to: NaiveDate) -> Period {
    let within = |d: NaiveDate| d >= from && d <= to;
    let cs: Vec<&CheckIn> = snap
        .checkins
        .iter()
        .filter(|c| c.partner == partner && within(c.date))
        .collect();
    let ms: Vec<&Moment> = snap
        .moments
        .iter()
        .filter(|m| m.partner == partner && within(m.date.date_naive()))
        .collect();
    Period {
        from: Some(from),
        to: Some(to),
        checkins: cs.len(),
        trust_average: (!cs.is_empty())
            .then(|| cs.iter().map(|c| c.trust as f64).sum::<f64>() / cs.len() as f64),
        moments: ms.len(),
        moment_strength: (!ms.is_empty())
            .then(|| ms.iter().map(|m| m.strength as f64).sum::<f64>() / ms.len() as f64),
        entries: snap
            .entries
            .iter()
            .filter(|e| e.author == partner && within(e.created.date_naive()))
            .count(),
        guides_completed: snap
            .progress
            .iter()
            .filter(|p| p.partner == partner && p.completed.is_some_and(|c| within(c.date_naive())))
            .count(),
    }
}

/// The last four weeks (ending today) and the four before, side by side.
pub fn review_periods(snap: &Snapshot, partner: &str, today: NaiveDate) -> (Period, Period) {
    let last_from = today - Days::new(27);
    let prev_to = last_from - Days::new(1);
    let prev_from = prev_to - Days::new(27);
    (
        period(snap, partner, last_from, today),
        period(snap, partner, prev_from, prev_to),
    )
}
