//! Lines over time: daily trust, moving averages, the gap between partners, moments per week.

use crate::clock::week_start;
use crate::model::{CheckIn, Moment};
use chrono::{Days, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

/// A partner's trust level by day (missing days are simply absent: gaps, not zeros).
pub fn daily_trust(checkins: &[CheckIn], partner: &str) -> BTreeMap<NaiveDate, u8> {
    checkins
        .iter()
        .filter(|c| c.partner == partner)
        .map(|c| (c.date, c.trust))
        .collect()
}

/// The average over the `window` days ending on each day from `from` to `to`, counting only
/// days with a check-in; `None` where the window holds none (a gap in the line, never a zero).
pub fn moving_average(
    daily: &BTreeMap<NaiveDate, u8>,
    from: NaiveDate,
    to: NaiveDate,
    window: u64,
) -> Vec<(NaiveDate, Option<f64>)> {
    let mut out = Vec::new();
    let mut day = from;
    while day <= to {
        let start = day - Days::new(window.saturating_sub(1));
        let (sum, n) = daily
            .range(start..=day)
            .fold((0u32, 0u32), |(s, n), (_, v)| (s + *v as u32, n + 1));
        out.push((day, (n > 0).then(|| sum as f64 / n as f64)));
        let Some(next) = day.succ_opt() else { break };
        day = next;
    }
    out
}

/// The distance between two partners' lines, day by day, where both have a value.
pub fn gap(
    a: &[(NaiveDate, Option<f64>)],
    b: &[(NaiveDate, Option<f64>)],
) -> Vec<(NaiveDate, Option<f64>)> {
    let b: BTreeMap<NaiveDate, Option<f64>> = b.iter().copied().collect();
    a.iter()
        .map(|(d, x)| {
            (
                *d,
                x.zip(b.get(d).copied().flatten())
                    .map(|(x, y)| (x - y).abs()),
            )
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WeekMoments {
    pub week: NaiveDate,
    pub count: usize,
    pub average_strength: Option<f64>,
}

/// Difficult moments per week (weeks start on Monday) from the week of `from` to that of `to`,
/// every week listed, quiet ones with a count of 0.
pub fn moments_per_week(
    moments: &[Moment],
    partner: Option<&str>,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<WeekMoments> {
    let mut weeks: BTreeMap<NaiveDate, (usize, u32)> = BTreeMap::new();
    let mut w = week_start(from);
    while w <= to {
        weeks.insert(w, (0, 0));
        w = w + Days::new(7);
    }
    for m in moments {
        if partner.is_some_and(|p| p != m.partner) {
            continue;
        }
        let d = m.date.date_naive();
        if d < from || d > to {
            continue;
        }
        let slot = weeks.entry(week_start(d)).or_insert((0, 0));
        slot.0 += 1;
        slot.1 += m.strength as u32;
    }
    weeks
        .into_iter()
        .map(|(week, (count, sum))| WeekMoments {
            week,
            count,
            average_strength: (count > 0).then(|| sum as f64 / count as f64),
        })
        .collect()
}
