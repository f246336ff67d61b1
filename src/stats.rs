//! Figures about the store: counts, first and last days, check-in streaks. Plain arithmetic on
//! a snapshot; `docs/STATS.md` documents the JSON keys, which later versions add to but never
//! rename.

use crate::model::Role;
use crate::store::Snapshot;
use chrono::NaiveDate;
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Streak {
    /// Days in a row with a check-in, up to today; a streak stays alive until today ends, so a
    /// run that reached yesterday still counts.
    pub current: u32,
    pub longest: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PartnerStats {
    pub name: String,
    pub role: Role,
    pub entries: usize,
    pub checkins: usize,
    /// The first and last day with an entry or a check-in.
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    pub streak: Streak,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stats {
    pub partners: Vec<PartnerStats>,
    pub entries: usize,
    pub checkins: usize,
}

/// Streak of consecutive days in `days` (sorted or not, repeats allowed) as seen on `today`.
pub fn streak(days: &[NaiveDate], today: NaiveDate) -> Streak {
    let mut days: Vec<NaiveDate> = days.iter().copied().filter(|d| *d <= today).collect();
    days.sort();
    days.dedup();
    let mut longest = 0u32;
    let mut run = 0u32;
    let mut prev: Option<NaiveDate> = None;
    for d in &days {
        run = match prev {
            Some(p) if p.succ_opt() == Some(*d) => run + 1,
            _ => 1,
        };
        longest = longest.max(run);
        prev = Some(*d);
    }
    let alive = days
        .last()
        .is_some_and(|last| *last == today || last.succ_opt() == Some(today));
    Streak {
        current: if alive { run } else { 0 },
        longest,
    }
}

pub fn compute(snap: &Snapshot, today: NaiveDate) -> Stats {
    let partners = snap
        .partners
        .iter()
        .map(|p| {
            let entry_days: Vec<NaiveDate> = snap
                .entries
                .iter()
                .filter(|e| e.author == p.id)
                .map(|e| e.created.date_naive())
                .collect();
            let checkin_days: Vec<NaiveDate> = snap
                .checkins
                .iter()
                .filter(|c| c.partner == p.id)
                .map(|c| c.date)
                .collect();
            let all = entry_days.iter().chain(checkin_days.iter());
            PartnerStats {
                name: p.name.clone(),
                role: p.role,
                entries: entry_days.len(),
                checkins: checkin_days.len(),
                first: all.clone().min().copied(),
                last: all.max().copied(),
                streak: streak(&checkin_days, today),
            }
        })
        .collect();
    Stats {
        partners,
        entries: snap.entries.len(),
        checkins: snap.checkins.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn streaks_cross_month_and_year_ends() {
        let days = [
            d("2025-12-30"),
            d("2025-12-31"),
            d("2026-01-01"),
            d("2026-01-02"),
        ];
        assert_eq!(
            streak(&days, d("2026-01-02")),
            Streak {
                current: 4,
                longest: 4
            }
        );
        // Still alive the next day, until that day ends.
        assert_eq!(streak(&days, d("2026-01-03")).current, 4);
        assert_eq!(
            streak(&days, d("2026-01-04")),
            Streak {
                current: 0,
                longest: 4
            }
        );
        let feb = [d("2024-02-28"), d("2024-02-29"), d("2024-03-01")];
        assert_eq!(streak(&feb, d("2024-03-01")).current, 3);
    }

    #[test]
    fn gaps_and_repeats() {
        let days = [
            d("2026-01-01"),
            d("2026-01-01"),
            d("2026-01-02"),
            d("2026-01-05"),
            d("2026-01-06"),
            d("2026-01-07"),
        ];
        assert_eq!(
            streak(&days, d("2026-01-07")),
            Streak {
                current: 3,
                longest: 3
            }
        );
        assert_eq!(streak(&[], d("2026-01-07")), Streak::default());
        // A check-in filled in for a future day does not count.
        assert_eq!(
            streak(&[d("2026-02-01")], d("2026-01-07")),
            Streak::default()
        );
    }
}
