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
    /// Parses `YYYY-MM.json`: exactly the names [`Month::file`] writes, whatever the year (a
    /// year before 1 or after 9999 too, which an import can bring), so nothing written is unread.
    pub fn from_file_name(name: &str) -> Option<Month> {
        let stem = name.strip_suffix(".json")?;
        let (y, m) = stem.rsplit_once('-')?;
        let month = Month {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
        };
        ((1..=12).contains(&month.month) && month.file().file_name()? == name).then_some(month)
    }
}

pub fn checkins_file(year: i32) -> PathBuf {
    PathBuf::from(CHECKINS_DIR).join(format!("{year:04}.json"))
}

/// Parses `YYYY.json`: exactly the names [`checkins_file`] writes, whatever the year.
pub fn year_from_file_name(name: &str) -> Option<i32> {
    let year = name.strip_suffix(".json")?.parse().ok()?;
    (checkins_file(year).file_name()? == name).then_some(year)
}

/// The names of a relative path's parts, when each is a plain UTF-8 name (no `..`, no root):
/// what a store path may be made of.
pub fn plain_parts(rel: &std::path::Path) -> Option<Vec<&str>> {
    rel.components()
        .map(|c| match c {
            std::path::Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect()
}
