//! Figures about the store: counts, first and last days, check-in streaks. Plain arithmetic on
//! a snapshot; `docs/STATS.md` documents the JSON keys, which later versions add to but never
//! rename.

mod answered;
mod counts;
mod helped;
mod milestones;
mod monthly;
mod prompt;
mod review;
mod trends;

pub use crate::clock::week_start;
pub use answered::{Answered, answered};
pub use counts::{
    GuideStats, MomentStats, PartnerStats, Stats, Streak, TrustStats, compute, streak,
};
pub use helped::helped_most;
pub use milestones::{Milestone, milestones};
pub use monthly::{MonthFigures, by_month};
pub use prompt::prompt_of_the_day;
pub use review::{Period, REVIEW_GUIDE, period, review_periods};
pub use trends::{WeekMoments, daily_trust, gap, moments_per_week, moving_average};

#[cfg(test)]
mod tests;
