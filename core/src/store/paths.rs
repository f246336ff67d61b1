//! Where each collection lives, relative to the data folder.

use chrono::NaiveDate;
use std::path::PathBuf;

pub const PARTNERS: &str = "partners.json";
pub const EXERCISES: &str = "exercises.json";
pub const PROGRESS: &str = "progress.json";
pub const AGREEMENTS: &str = "agreements.json";
pub const PROMISES: &str = "promises.json";
pub const MOMENTS: &str = "moments.json";
pub const TOGETHER: &str = "together.json";
pub const DRAFTS: &str = "drafts.json";
pub const TRASH: &str = "trash.json";
pub const SETTINGS: &str = "settings.json";
pub const KEYS: &str = "keys.json";
pub const ENTRIES_DIR: &str = "entries";
pub const CHECKINS_DIR: &str = "checkins";

/// A calendar month, the unit entries are filed by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    pub fn of(date: NaiveDate) -> Month {
        use chrono::Datelike;
        Month {
            year: date.year(),
            month: date.month(),
        }
    }
    pub fn file(&self) -> PathBuf {
        PathBuf::from(ENTRIES_DIR).join(format!("{:04}-{:02}.json", self.year, self.month))
    }
    /// Parses `YYYY-MM.json`.
    pub fn from_file_name(name: &str) -> Option<Month> {
        let stem = name.strip_suffix(".json")?;
        let (y, m) = stem.split_once('-')?;
        if y.len() != 4 || m.len() != 2 {
            return None;
        }
        let month = Month {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
        };
        (1..=12).contains(&month.month).then_some(month)
    }
}

pub fn checkins_file(year: i32) -> PathBuf {
    PathBuf::from(CHECKINS_DIR).join(format!("{year:04}.json"))
}

pub fn year_from_file_name(name: &str) -> Option<i32> {
    let stem = name.strip_suffix(".json")?;
    (stem.len() == 4).then(|| stem.parse().ok()).flatten()
}
