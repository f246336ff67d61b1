//! The summary figures: counts, first and last days, check-in streaks, trust averages.

use super::milestones::{Milestone, milestones};
use super::review::period;
use super::trends::{daily_trust, gap, moving_average};
use crate::content::Pack;
use crate::model::Role;
use crate::store::Snapshot;
use chrono::{Days, NaiveDate};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Default)]
pub struct Streak {
    /// Days in a row with a check-in, up to today; a streak stays alive until today ends, so a
    /// run that reached yesterday still counts.
    pub current: u32,
    pub longest: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartnerStats {
    pub name: String,
    pub role: Role,
    pub entries: usize,
    pub checkins: usize,
    /// The first and last day with an entry or a check-in.
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    pub streak: Streak,
    pub trust: TrustStats,
    pub moments: MomentStats,
    pub guides: GuideStats,
    /// Milestones reached, oldest first (not those shown to their author only).
    pub milestones: Vec<Milestone>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TrustStats {
    /// The latest check-in's trust level.
    pub last: Option<u8>,
    /// Averages of the check-ins of the last 7 and 28 days (ending today).
    pub average_7d: Option<f64>,
    pub average_28d: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MomentStats {
    pub total: usize,
    pub last_28d: usize,
    pub average_strength_28d: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct GuideStats {
    pub opened: usize,
    pub completed: usize,
    pub prompts_answered: usize,
    pub exercises_done: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stats {
    pub partners: Vec<PartnerStats>,
    pub entries: usize,
    pub checkins: usize,
    pub moments: usize,
    /// With two partners: the average distance between their 7-day trust averages over the
    /// last 28 days (a closing gap is progress of its own).
    pub gap_28d: Option<f64>,
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

pub fn compute(snap: &Snapshot, pack: &Pack, today: NaiveDate) -> Stats {
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
            let daily = daily_trust(&snap.checkins, &p.id);
            let avg = |days: u64| {
                moving_average(&daily, today, today, days)
                    .first()
                    .and_then(|x| x.1)
            };
            let recent = period(snap, &p.id, today - Days::new(27), today);
            let mut answered: Vec<&str> = snap
                .entries
                .iter()
                .filter(|e| e.author == p.id)
                .filter_map(|e| e.link.as_ref().and_then(|l| l.prompt.as_deref()))
                .collect();
            answered.sort_unstable();
            answered.dedup();
            PartnerStats {
                name: p.name.clone(),
                role: p.role,
                entries: entry_days.len(),
                checkins: checkin_days.len(),
                first: all.clone().min().copied(),
                last: all.max().copied(),
                streak: streak(&checkin_days, today),
                trust: TrustStats {
                    last: daily.iter().next_back().map(|(_, v)| *v),
                    average_7d: avg(7),
                    average_28d: avg(28),
                },
                moments: MomentStats {
                    total: snap.moments.iter().filter(|m| m.partner == p.id).count(),
                    last_28d: recent.moments,
                    average_strength_28d: recent.moment_strength,
                },
                guides: GuideStats {
                    opened: snap.progress.iter().filter(|g| g.partner == p.id).count(),
                    completed: snap
                        .progress
                        .iter()
                        .filter(|g| g.partner == p.id && g.completed.is_some())
                        .count(),
                    prompts_answered: answered.len(),
                    exercises_done: snap.exercises.iter().filter(|x| x.partner == p.id).count(),
                },
                milestones: milestones(snap, pack, p)
                    .into_iter()
                    .filter(|m| m.private_to.is_none())
                    .collect(),
            }
        })
        .collect();
    let gap_28d = match snap.partners.as_slice() {
        [a, b] => {
            let from = today - Days::new(27);
            let line = |id: &str| moving_average(&daily_trust(&snap.checkins, id), from, today, 7);
            let g: Vec<f64> = gap(&line(&a.id), &line(&b.id))
                .into_iter()
                .filter_map(|x| x.1)
                .collect();
            (!g.is_empty()).then(|| g.iter().sum::<f64>() / g.len() as f64)
        }
        _ => None,
    };
    Stats {
        partners,
        entries: snap.entries.len(),
        checkins: snap.checkins.len(),
        moments: snap.moments.len(),
        gap_28d,
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
