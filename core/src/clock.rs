//! The app's idea of "now". `TRUSTWORK_NOW` (RFC 3339) pins the clock for tests and demos; its
//! offset then also stands for the local time zone, so a pinned clock gives pinned dates.

use crate::model::Timestamp;
use chrono::{Datelike, Days, Local, NaiveDate, NaiveDateTime, TimeZone};

pub const NOW_VAR: &str = "TRUSTWORK_NOW";

/// `TRUSTWORK_NOW` is set but is not an RFC 3339 time.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}={value:?} is not an RFC 3339 time ({reason})", NOW_VAR)]
pub struct BadNow {
    /// The variable's value, as it was set.
    pub value: String,
    pub reason: chrono::ParseError,
}

/// A clock: either the system's, or pinned to one instant.
#[derive(Debug, Clone, Copy)]
pub enum Clock {
    System,
    Fixed(Timestamp),
}

impl Clock {
    /// The clock the environment asks for. A malformed `TRUSTWORK_NOW` is an error rather than a
    /// silent fall-back to the real time, which would make a test pass for the wrong reason.
    pub fn from_env() -> Result<Clock, BadNow> {
        match std::env::var(NOW_VAR) {
            Ok(v) if !v.trim().is_empty() => Clock::pinned(&v),
            _ => Ok(Clock::System),
        }
    }

    /// The clock a `TRUSTWORK_NOW` value asks for (spaces around it do not matter).
    fn pinned(value: &str) -> Result<Clock, BadNow> {
        match chrono::DateTime::parse_from_rfc3339(value.trim()) {
            Ok(t) => Ok(Clock::Fixed(t)),
            Err(reason) => Err(BadNow {
                value: value.to_string(),
                reason,
            }),
        }
    }

    pub fn now(&self) -> Timestamp {
        match self {
            Clock::System => Local::now().fixed_offset(),
            Clock::Fixed(t) => *t,
        }
    }

    /// Today's local calendar date.
    pub fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }

    /// A naive local time (as jrnl writes them) turned into a timestamp with the offset that was
    /// in force then. With a pinned clock, the pinned offset stands for the local zone.
    pub fn localize(&self, naive: NaiveDateTime) -> Timestamp {
        match self {
            Clock::Fixed(t) => t
                .offset()
                .from_local_datetime(&naive)
                .single()
                .unwrap_or_else(|| t.offset().from_utc_datetime(&naive)),
            Clock::System => match Local.from_local_datetime(&naive) {
                chrono::LocalResult::Single(t) => t.fixed_offset(),
                // In a daylight-saving overlap take the earlier reading; in a gap, read the
                // wall time as UTC-shifted by the offset before the gap.
                chrono::LocalResult::Ambiguous(a, _) => a.fixed_offset(),
                chrono::LocalResult::None => {
                    let before = naive - chrono::Duration::hours(1);
                    let off = Local
                        .from_local_datetime(&before)
                        .earliest()
                        .map(|t| *t.offset())
                        .unwrap_or_else(|| *Local::now().offset());
                    off.from_utc_datetime(
                        &(naive - chrono::Duration::seconds(off.local_minus_utc() as i64)),
                    )
                    .fixed_offset()
                }
            },
        }
    }
}

impl Clock {
    /// An instant given with any offset (tui-journal writes UTC) as the local time it was then.
    /// With a pinned clock, the pinned offset stands for the local zone.
    pub fn at_instant(&self, t: chrono::DateTime<chrono::FixedOffset>) -> Timestamp {
        match self {
            Clock::Fixed(now) => t.with_timezone(now.offset()),
            Clock::System => t.with_timezone(&Local).fixed_offset(),
        }
    }
}

/// The Monday that starts the week of `d`.
pub fn week_start(d: NaiveDate) -> NaiveDate {
    d - Days::new(d.weekday().num_days_from_monday() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pinned_clock_gives_pinned_date_and_offset() {
        let c = Clock::Fixed("2026-03-01T00:30:00+02:00".parse().unwrap());
        assert_eq!(c.today(), NaiveDate::from_ymd_opt(2026, 3, 1).unwrap());
        let naive = NaiveDate::from_ymd_opt(2020, 5, 6)
            .unwrap()
            .and_hms_opt(7, 8, 0)
            .unwrap();
        assert_eq!(c.localize(naive).to_rfc3339(), "2020-05-06T07:08:00+02:00");
    }

    #[test]
    fn a_bad_pinned_time_says_what_was_set() {
        let err = Clock::pinned(" yesterday").unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "TRUSTWORK_NOW=\" yesterday\" is not an RFC 3339 time ({})",
                err.reason
            )
        );
        assert!(matches!(
            Clock::pinned(" 2026-03-01T00:30:00+02:00 "),
            Ok(Clock::Fixed(_))
        ));
    }
}
