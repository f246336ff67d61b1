//! Promises: what one partner says they will do, kept or missed over time.

use crate::model::Timestamp;
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Repeat {
    Once,
    Daily,
    Weekly,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kept {
    Kept,
    Missed,
    NotDue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Response {
    Confirmed,
    Questioned,
}

/// One occurrence of a promise, marked by its author and answered by the other partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Occurrence {
    /// The day (daily), the Monday of the week (weekly) or the due date (once).
    pub date: NaiveDate,
    pub status: Kept,
    pub marked: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<Response>,
}

/// "I will …": made by one partner, once (perhaps by a date) or repeating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Promise {
    pub id: String,
    pub by: String,
    pub text: String,
    pub created: Timestamp,
    pub repeat: Repeat,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    #[serde(default)]
    pub occurrences: Vec<Occurrence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retired: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guide: Option<String>,
}

impl Promise {
    /// The occurrence `today` belongs to.
    pub fn occurrence_date(&self, today: NaiveDate) -> NaiveDate {
        match self.repeat {
            Repeat::Daily => today,
            Repeat::Weekly => crate::clock::week_start(today),
            Repeat::Once => self.due.unwrap_or_else(|| self.created.date_naive()),
        }
    }

    /// The author marks the current occurrence; marking again changes it (and clears the
    /// other partner's answer, which was about the old mark).
    pub fn mark(&mut self, status: Kept, today: NaiveDate, now: Timestamp) {
        let date = self.occurrence_date(today);
        match self.occurrences.iter_mut().find(|o| o.date == date) {
            Some(o) => {
                o.status = status;
                o.marked = now;
                o.response = None;
            }
            None => self.occurrences.push(Occurrence {
                date,
                status,
                marked: now,
                response: None,
            }),
        }
        self.occurrences.sort_by_key(|o| o.date);
    }

    /// The other partner confirms or questions the latest mark.
    pub fn respond(&mut self, response: Response) -> bool {
        match self
            .occurrences
            .iter_mut()
            .rev()
            .find(|o| o.status != Kept::NotDue)
        {
            Some(o) => {
                o.response = Some(response);
                true
            }
            None => false,
        }
    }
}

/// Splits a one-off promise's due date off its text: "call the counsellor by 2026-12-01" is
/// ("call the counsellor", 2026-12-01). Only the last " by " counts, and only when what follows
/// it (spaces aside) is a `YYYY-MM-DD` date; otherwise the text is returned as it was, with no
/// due date ("stand by you" stays whole).
pub fn split_due(text: &str) -> (String, Option<NaiveDate>) {
    match text.rsplit_once(" by ") {
        Some((head, date)) => match date.trim().parse::<NaiveDate>() {
            Ok(d) => (head.trim().to_string(), Some(d)),
            Err(_) => (text.to_string(), None),
        },
        None => (text.to_string(), None),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct WeekPromises {
    pub week: NaiveDate,
    pub kept: usize,
    pub missed: usize,
}

/// Kept and missed promises per week (Monday first), for the weeks from `from` to `to`.
pub fn promises_per_week(
    promises: &[Promise],
    partner: Option<&str>,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<WeekPromises> {
    let mut out = Vec::new();
    let mut w = crate::clock::week_start(from);
    while w <= to {
        let end = w + Days::new(6);
        let mut wp = WeekPromises {
            week: w,
            ..Default::default()
        };
        for p in promises
            .iter()
            .filter(|p| partner.is_none_or(|x| x == p.by))
        {
            for o in p
                .occurrences
                .iter()
                .filter(|o| o.date >= w && o.date <= end)
            {
                match o.status {
                    Kept::Kept => wp.kept += 1,
                    Kept::Missed => wp.missed += 1,
                    Kept::NotDue => {}
                }
            }
        }
        out.push(wp);
        w = w + Days::new(7);
    }
    out
}
