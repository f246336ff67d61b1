//! The all-time view: month by month since the first record, each partner's average trust and
//! how many difficult moments there were.

use crate::model::{CheckIn, Moment};
use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use std::collections::HashMap;

/// One calendar month of the whole history.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonthFigures {
    /// The first day of the month.
    pub month: NaiveDate,
    /// Each partner's average trust over the month's check-ins, in the order asked for
    /// (`None`: no check-in that month, a gap, never a zero).
    pub trust: Vec<Option<f64>>,
    /// Difficult moments that month, both partners'.
    pub moments: usize,
}

fn first_of(d: NaiveDate) -> NaiveDate {
    d.with_day(1).expect("every month has a first day")
}

fn next_month(d: NaiveDate) -> Option<NaiveDate> {
    if d.month() == 12 {
        NaiveDate::from_ymd_opt(d.year() + 1, 1, 1)
    } else {
        NaiveDate::from_ymd_opt(d.year(), d.month() + 1, 1)
    }
}

/// Every month from the first check-in or moment to the month of `today`, each listed (quiet
/// months too). Empty when there is nothing. One pass over the records.
pub fn by_month(
    checkins: &[CheckIn],
    moments: &[Moment],
    partners: &[&str],
    today: NaiveDate,
) -> Vec<MonthFigures> {
    let first = checkins
        .iter()
        .map(|c| c.date)
        .chain(moments.iter().map(|m| m.date.date_naive()))
        .min();
    let Some(first) = first else {
        return Vec::new();
    };
    let start = first_of(first);
    let end = first_of(today.max(first));
    let index = |d: NaiveDate| -> usize {
        ((d.year() - start.year()) * 12 + d.month() as i32 - start.month() as i32).max(0) as usize
    };
    let months = index(end) + 1;
    let who: HashMap<&str, usize> = partners.iter().enumerate().map(|(i, p)| (*p, i)).collect();
    let mut sums = vec![vec![(0u32, 0u32); partners.len()]; months];
    let mut counts = vec![0usize; months];
    for c in checkins {
        if let (Some(&p), i) = (who.get(c.partner.as_str()), index(c.date))
            && i < months
        {
            sums[i][p].0 += u32::from(c.trust);
            sums[i][p].1 += 1;
        }
    }
    for m in moments {
        let i = index(m.date.date_naive());
        if i < months {
            counts[i] += 1;
        }
    }
    let mut out = Vec::with_capacity(months);
    let mut month = start;
    for i in 0..months {
        out.push(MonthFigures {
            month,
            trust: sums[i]
                .iter()
                .map(|&(s, n)| (n > 0).then(|| f64::from(s) / f64::from(n)))
                .collect(),
            moments: counts[i],
        });
        match next_month(month) {
            Some(n) => month = n,
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(who: &str, date: &str, trust: u8) -> CheckIn {
        CheckIn {
            partner: who.into(),
            date: date.parse().unwrap(),
            trust,
            mood: None,
            note: None,
            updated: "2026-01-01T00:00:00+00:00".parse().unwrap(),
            sealed: None,
        }
    }

    fn m(date: &str) -> Moment {
        Moment {
            id: date.into(),
            partner: "pa".into(),
            date: format!("{date}T12:00:00+00:00").parse().unwrap(),
            strength: 5,
            trigger: None,
            helped: None,
            note: None,
            reassure: false,
            shared: false,
            acknowledged: None,
            sealed: None,
        }
    }

    #[test]
    fn months_from_the_first_record_to_today_with_gaps_and_quiet_months() {
        let checkins = vec![
            c("pa", "2025-11-03", 4),
            c("pa", "2025-11-20", 6),
            c("pb", "2025-11-21", 7),
            c("pa", "2026-01-05", 8),
            c("px", "2026-01-06", 1),
        ];
        let moments = vec![m("2025-10-30"), m("2026-01-02"), m("2026-01-03")];
        let today: NaiveDate = "2026-02-14".parse().unwrap();
        let all = by_month(&checkins, &moments, &["pa", "pb"], today);
        let months: Vec<String> = all
            .iter()
            .map(|x| x.month.format("%Y-%m").to_string())
            .collect();
        assert_eq!(
            months,
            ["2025-10", "2025-11", "2025-12", "2026-01", "2026-02"]
        );
        assert_eq!(all[0].trust, [None, None]);
        assert_eq!(all[0].moments, 1);
        assert_eq!(all[1].trust, [Some(5.0), Some(7.0)]);
        assert_eq!(
            (all[2].trust.clone(), all[2].moments),
            (vec![None, None], 0)
        );
        assert_eq!(
            (all[3].trust.clone(), all[3].moments),
            (vec![Some(8.0), None], 2)
        );
        assert_eq!(all[4].moments, 0);
    }

    #[test]
    fn nothing_recorded_is_no_months() {
        assert!(by_month(&[], &[], &["pa"], "2026-01-01".parse().unwrap()).is_empty());
    }

    #[test]
    fn ten_years_are_a_hundred_and_twenty_one_months() {
        let checkins = vec![c("pa", "2016-11-30", 3)];
        let all = by_month(&checkins, &[], &["pa"], "2026-11-01".parse().unwrap());
        assert_eq!(all.len(), 121);
        assert_eq!(all.last().unwrap().month, "2026-11-01".parse().unwrap());
    }
}
