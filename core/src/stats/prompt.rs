//! The prompt of the day.

use crate::content::{Guide, Pack, Prompt};
use crate::model::{GuideProgress, Partner};
use chrono::{Datelike, NaiveDate};

fn fnv(s: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in s.bytes() {
        h ^= b as u64;
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The prompt of the day for a partner: from the guides they opened and have not completed,
/// else from the next guide on their path. The same all day, and never the same two days in a row.
pub fn prompt_of_the_day<'a>(
    pack: &'a Pack,
    partner: &Partner,
    progress: &[GuideProgress],
    together: bool,
    date: NaiveDate,
) -> Option<(&'a Guide, &'a Prompt)> {
    let mine = |gid: &str| {
        progress
            .iter()
            .find(|p| p.partner == partner.id && p.guide == gid)
    };
    let mut guides: Vec<&Guide> = pack
        .guides
        .iter()
        .filter(|g| !g.ephemeral && mine(&g.id).is_some_and(|p| p.completed.is_none()))
        .collect();
    if guides.is_empty() {
        guides = pack
            .path(partner.role)
            .into_iter()
            .filter(|g| !g.ephemeral && mine(&g.id).is_none_or(|p| p.completed.is_none()))
            .take(1)
            .collect();
    }
    let candidates: Vec<(&Guide, &Prompt)> = guides
        .into_iter()
        .flat_map(|g| g.prompts_for(partner.role, together).map(move |p| (g, p)))
        .collect();
    if candidates.is_empty() {
        return None;
    }
    // A rotation: one step a day from a starting point of the partner's own, so it is stable all
    // day and two days in a row never give the same prompt (when there are two or more).
    let n = candidates.len() as u64;
    let day = date.num_days_from_ce().max(0) as u64;
    let i = (day + fnv(&partner.id) % n) % n;
    Some(candidates[i as usize])
}
