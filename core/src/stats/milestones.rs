//! Milestones: first check-in, streaks, guides and stages completed, trust going up.

use super::trends::daily_trust;
use crate::content::{Guide, Pack};
use crate::model::Partner;
use crate::store::Snapshot;
use chrono::{Days, NaiveDate};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Milestone {
    /// A stable name: `first-checkin`, `streak-7`, `checkins-30`, `guide:<id>`, `stage:<id>`,
    /// `trust-up`.
    pub kind: String,
    pub date: NaiveDate,
    /// Warm words for the notice.
    pub text: String,
    /// `Some(partner id)` when only that partner should see it (a trust figure, so that no one
    /// feels scored).
    pub private_to: Option<String>,
}

/// Every milestone a partner has reached, oldest first.
pub fn milestones(snap: &Snapshot, pack: &Pack, partner: &Partner) -> Vec<Milestone> {
    let mut out = Vec::new();
    let mut days: Vec<NaiveDate> = snap
        .checkins
        .iter()
        .filter(|c| c.partner == partner.id)
        .map(|c| c.date)
        .collect();
    days.sort();
    days.dedup();
    let m = |kind: &str, date: NaiveDate, text: String| Milestone {
        kind: kind.into(),
        date,
        text,
        private_to: None,
    };
    if let Some(first) = days.first() {
        out.push(m(
            "first-checkin",
            *first,
            "Your first check-in. One honest minute is a real start.".into(),
        ));
    }
    let mut run = 0;
    for (i, d) in days.iter().enumerate() {
        run = if i > 0 && days[i - 1].succ_opt() == Some(*d) {
            run + 1
        } else {
            1
        };
        if run == 7 {
            out.push(m(
                "streak-7",
                *d,
                "Seven days in a row. Small, steady steps add up.".into(),
            ));
            break;
        }
    }
    if let Some(d) = days.get(29) {
        out.push(m(
            "checkins-30",
            *d,
            "Thirty check-ins. That is a lot of showing up.".into(),
        ));
    }
    let completed: BTreeMap<&str, NaiveDate> = snap
        .progress
        .iter()
        .filter(|p| p.partner == partner.id)
        .filter_map(|p| p.completed.map(|c| (p.guide.as_str(), c.date_naive())))
        .collect();
    for (gid, d) in &completed {
        if let Some(g) = pack.guide(gid) {
            out.push(m(
                &format!("guide:{gid}"),
                *d,
                format!("You completed \"{}\".", g.title),
            ));
        }
    }
    for stage in &pack.stages {
        let guides: Vec<&Guide> = pack.guides_in(&stage.id).filter(|g| !g.ephemeral).collect();
        if guides.is_empty() {
            continue;
        }
        let dates: Option<Vec<NaiveDate>> = guides
            .iter()
            .map(|g| completed.get(g.id.as_str()).copied())
            .collect();
        if let Some(last) = dates.and_then(|d| d.into_iter().max()) {
            out.push(m(
                &format!("stage:{}", stage.id),
                last,
                format!("Every guide of \"{}\" is done.", stage.name),
            ));
        }
    }
    // Trust up over four weeks: the first day the 28-day average is at least a point above the
    // 28 days before it. Shown to its author only.
    let daily = daily_trust(&snap.checkins, &partner.id);
    if let (Some((&first, _)), Some((&last, _))) = (daily.iter().next(), daily.iter().next_back()) {
        let mut d = first + Days::new(55);
        while d <= last {
            let avg = |to: NaiveDate| {
                let (s, n) = daily
                    .range(to - Days::new(27)..=to)
                    .fold((0u32, 0u32), |(s, n), (_, v)| (s + *v as u32, n + 1));
                (n >= 7).then(|| s as f64 / n as f64)
            };
            if let (Some(now), Some(before)) = (avg(d), avg(d - Days::new(28)))
                && now >= before + 1.0
            {
                out.push(Milestone {
                    kind: "trust-up".into(),
                    date: d,
                    text: "Over the last four weeks your trust check-ins have been higher than the four before.".into(),
                    private_to: Some(partner.id.clone()),
                });
                break;
            }
            d = d + Days::new(1);
        }
    }
    out.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.kind.cmp(&b.kind)));
    out
}
