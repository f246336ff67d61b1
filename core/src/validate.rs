//! The rules for data entering the store, in one place: the command line, the workbook's
//! screens, the store's own write path and both imports call these, so a rule cannot differ
//! between ways in. Each rule returns an [`Invalid`] in plain words that name no flag or key:
//! the caller adds where the value came from.

use crate::model::Timestamp;
use chrono::NaiveDate;

/// The longest partner name, in characters (after trimming).
pub const NAME_MAX: usize = 40;
/// The top of the app's 0–10 scales (trust, a moment's strength, an exercise's scale).
pub const SCALE_MAX: u8 = 10;
/// The first and last days a date may fall on: wider than any life, narrow enough that a typo
/// (`0226`, `20266`) is caught rather than filed in a month nobody will ever scroll to.
pub const EARLIEST: NaiveDate = NaiveDate::from_ymd_opt(1900, 1, 1).expect("a real day");
pub const LATEST: NaiveDate = NaiveDate::from_ymd_opt(2200, 12, 31).expect("a real day");
/// How long an id is, in characters of [`crate::ids::ALPHABET`].
pub const ID_LEN: usize = 12;

/// Why a value may not enter the store.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    #[error("a name cannot be empty")]
    EmptyName,
    #[error("a name cannot hold control characters")]
    ControlInName,
    #[error("a name can be at most {NAME_MAX} characters")]
    LongName,
    /// `what` says which scale: "trust level", "strength", "scale value".
    #[error("the {what} {value} is not between 0 and {SCALE_MAX}")]
    OffScale { what: &'static str, value: u8 },
    #[error("the date {0} is before {year}", year = EARLIEST.format("%Y"))]
    TooEarly(NaiveDate),
    #[error("the date {0} is after {year}", year = LATEST.format("%Y"))]
    TooLate(NaiveDate),
    #[error(
        "the id {} is not {ID_LEN} of trustwork's id characters (0-9 and a-z without i, l, o, u)",
        crate::text::escape_line(.0)
    )]
    BadId(String),
}

/// A partner's name, trimmed: 1 to [`NAME_MAX`] characters, none of them control characters
/// (nor the bidirectional overrides `text::has_control` also refuses). Returns the trimmed name.
pub fn name(s: &str) -> Result<&str, Invalid> {
    let t = s.trim();
    if t.is_empty() {
        return Err(Invalid::EmptyName);
    }
    if crate::text::has_control(t) {
        return Err(Invalid::ControlInName);
    }
    if t.chars().count() > NAME_MAX {
        return Err(Invalid::LongName);
    }
    Ok(t)
}

/// A value on one of the app's 0–10 scales; `what` names it in the message.
pub fn scale(what: &'static str, value: u8) -> Result<u8, Invalid> {
    if value > SCALE_MAX {
        return Err(Invalid::OffScale { what, value });
    }
    Ok(value)
}

/// A check-in's trust level, 0–10.
pub fn trust(value: u8) -> Result<u8, Invalid> {
    scale("trust level", value)
}

/// A calendar date between [`EARLIEST`] and [`LATEST`].
pub fn date(d: NaiveDate) -> Result<NaiveDate, Invalid> {
    if d < EARLIEST {
        return Err(Invalid::TooEarly(d));
    }
    if d > LATEST {
        return Err(Invalid::TooLate(d));
    }
    Ok(d)
}

/// A timestamp whose local calendar date passes [`date`].
pub fn timestamp(t: &Timestamp) -> Result<(), Invalid> {
    date(t.date_naive()).map(|_| ())
}

/// A record id: [`ID_LEN`] characters of Crockford's base 32, lowercase
/// ([`crate::ids::ALPHABET`]), as `ids::new_id` makes them.
pub fn id(s: &str) -> Result<(), Invalid> {
    if s.len() == ID_LEN && s.bytes().all(|b| crate::ids::ALPHABET.contains(&b)) {
        Ok(())
    } else {
        Err(Invalid::BadId(s.to_string()))
    }
}

/// Whole records, as an import brings them: every rule above that applies to one of their
/// fields. (The store's own writes check what they are given; their ids come from `ids`.)
pub mod record {
    use super::*;
    use crate::model::Partner;
    use crate::model::{CheckIn, Entry, ExerciseResult, ExerciseValue, GuideProgress, Moment};
    use crate::together::{Agreement, Promise, Session};

    pub fn partner(p: &Partner) -> Result<(), Invalid> {
        id(&p.id)?;
        name(&p.name)?;
        timestamp(&p.created)
    }

    pub fn entry(e: &Entry) -> Result<(), Invalid> {
        id(&e.id)?;
        id(&e.author)?;
        if let Some(r) = &e.responds_to {
            id(r)?;
        }
        timestamp(&e.created)?;
        timestamp(&e.updated)
    }

    pub fn checkin(c: &CheckIn) -> Result<(), Invalid> {
        id(&c.partner)?;
        date(c.date)?;
        trust(c.trust)?;
        timestamp(&c.updated)
    }

    pub fn exercise(r: &ExerciseResult) -> Result<(), Invalid> {
        id(&r.id)?;
        id(&r.partner)?;
        timestamp(&r.created)?;
        timestamp(&r.updated)?;
        if let ExerciseValue::Scale { value } = r.value {
            scale("scale value", value)?;
        }
        Ok(())
    }

    pub fn progress(g: &GuideProgress) -> Result<(), Invalid> {
        id(&g.partner)?;
        timestamp(&g.opened)
    }

    pub fn moment(m: &Moment) -> Result<(), Invalid> {
        id(&m.id)?;
        id(&m.partner)?;
        timestamp(&m.date)?;
        scale("strength", m.strength).map(|_| ())
    }

    pub fn agreement(a: &Agreement) -> Result<(), Invalid> {
        id(&a.id)?;
        id(&a.proposed_by)?;
        timestamp(&a.created)
    }

    pub fn promise(p: &Promise) -> Result<(), Invalid> {
        id(&p.id)?;
        id(&p.by)?;
        timestamp(&p.created)
    }

    pub fn session(s: &Session) -> Result<(), Invalid> {
        id(&s.id)?;
        timestamp(&s.started)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(name("  Alex "), Ok("Alex"));
        assert_eq!(name(&"é".repeat(40)), Ok(&*"é".repeat(40)));
        assert_eq!(name(&"a".repeat(41)), Err(Invalid::LongName));
        assert_eq!(name(" \t "), Err(Invalid::EmptyName));
        assert_eq!(name("Al\u{1b}[2Jex"), Err(Invalid::ControlInName));
        assert_eq!(name("Al\u{202e}ex"), Err(Invalid::ControlInName));
        assert_eq!(name("A\nB"), Err(Invalid::ControlInName));
    }

    #[test]
    fn scales_run_from_0_to_10() {
        assert_eq!(trust(0), Ok(0));
        assert_eq!(trust(10), Ok(10));
        let err = trust(11).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the trust level 11 is not between 0 and 10"
        );
        assert!(scale("strength", 255).is_err());
    }

    #[test]
    fn dates_fall_between_1900_and_2200() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert!(date(d(1900, 1, 1)).is_ok());
        assert!(date(d(2200, 12, 31)).is_ok());
        assert_eq!(
            date(d(1899, 12, 31)).unwrap_err().to_string(),
            "the date 1899-12-31 is before 1900"
        );
        assert_eq!(
            date(d(2201, 1, 1)).unwrap_err().to_string(),
            "the date 2201-01-01 is after 2200"
        );
        assert!(date(d(99999, 1, 1)).is_err());
        let t: Timestamp = "1800-01-01T00:00:00+00:00".parse().unwrap();
        assert!(timestamp(&t).is_err());
    }

    #[test]
    fn ids_are_twelve_characters_of_the_alphabet() {
        assert!(id("0123456789ab").is_ok());
        assert!(id(&crate::ids::new_id()).is_ok());
        for bad in [
            "",
            "0123456789a",
            "0123456789abc",
            "0123456789AB",
            "0123456789il",
            "../../etc/pa",
        ] {
            assert_eq!(id(bad), Err(Invalid::BadId(bad.to_string())), "{bad}");
        }
    }
}
