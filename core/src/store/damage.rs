//! A store that degrades file by file: a file that cannot be read costs only its own records.
//!
//! The readers that gather many files (the workbook's start, `load_all`, every entry) leave a
//! damaged file's records out and say so in a [`Damaged`]; the file itself is never touched.
//! Writes are not lenient: a write re-reads its file under the lock, so a write to a damaged
//! file is refused with the error, and it is never written over.

use super::{Collection, Result, Store, StoreError, paths};
use chrono::Datelike;
use std::path::{Path, PathBuf};

/// A store file whose records are unavailable until it is repaired or restored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Damaged {
    /// The file's path inside the data folder, e.g. `checkins/2026.json`.
    pub rel: PathBuf,
    pub problem: FileProblem,
}

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileProblem {
    /// Not a trustwork file of its kind (cut short, edited by hand, overwritten…).
    Unreadable(String),
    /// Written by a newer trustwork, in this format version.
    Newer(u64),
    TooLarge(u64),
    Symlink,
    NotAFile,
    /// The system refused to read it (permissions, a failing disk…).
    Io(String),
}

impl Damaged {
    /// The damage an error reading `rel` amounts to; `None` for an error that is not about
    /// the file itself (a busy store, a refusal), which the reader passes on instead.
    pub fn from_error(rel: &Path, err: &StoreError) -> Option<Damaged> {
        let problem = match err {
            StoreError::Corrupt { reason, .. } => FileProblem::Unreadable(reason.clone()),
            StoreError::Newer { found, .. } => FileProblem::Newer(*found),
            StoreError::TooLarge { limit, .. } => FileProblem::TooLarge(*limit),
            StoreError::Symlink(_) => FileProblem::Symlink,
            StoreError::NotAFile(_) => FileProblem::NotAFile,
            StoreError::Io { cause, .. } => FileProblem::Io(cause.to_string()),
            _ => return None,
        };
        Some(Damaged {
            rel: rel.to_path_buf(),
            problem,
        })
    }

    /// What the file holds, in words: "Check-ins of 2026", "Journal entries of March 2026".
    pub fn what(&self) -> String {
        describe(&self.rel)
    }

    /// Why it could not be read, in a few words.
    pub fn reason(&self) -> String {
        match &self.problem {
            FileProblem::Unreadable(r) => format!("it is not a readable trustwork file ({r})"),
            FileProblem::Newer(v) => {
                format!(
                    "it was written by a newer trustwork (format {v}); update trustwork to read it"
                )
            }
            FileProblem::TooLarge(limit) => {
                format!("it is larger than {}", crate::bounded::size(*limit))
            }
            FileProblem::Symlink => "it is a symbolic link, which trustwork never follows".into(),
            FileProblem::NotAFile => "it is not a regular file".into(),
            FileProblem::Io(cause) => cause.clone(),
        }
    }

    /// Whether this installation can restore it: one of its own files or a file still at the
    /// top of the data folder, both named without `devices/<id>/` ([`Store::short_name`]).
    /// Another device's file keeps its folder in its name: only that device writes it, so only
    /// that device restores it.
    ///
    /// [`Store::short_name`]: super::Store::short_name
    pub fn restorable_here(&self) -> bool {
        !self.rel.starts_with(super::DEVICES_DIR)
    }

    /// True for the partners file, without which nobody's writing can be attributed.
    pub fn is_partners(&self) -> bool {
        self.rel == Path::new(paths::PARTNERS)
    }
}

impl std::fmt::Display for Damaged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} could not be read ({}): {}",
            self.what(),
            self.rel.display(),
            self.reason()
        )
    }
}

/// A store file's contents in words, from its path.
pub fn describe(rel: &Path) -> String {
    // A device folder's file: what it holds, and whose copy it is.
    if let Ok(rest) = rel.strip_prefix(super::DEVICES_DIR)
        && let Some(device) = rest.iter().next().and_then(|d| d.to_str())
        && let Ok(inner) = rest.strip_prefix(device)
        && !inner.as_os_str().is_empty()
    {
        return format!("{} (from device {device})", describe(inner));
    }
    let name = rel.file_name().and_then(|n| n.to_str()).unwrap_or("");
    let parent = rel.parent().and_then(|p| p.to_str()).unwrap_or("");
    if parent == paths::ENTRIES_DIR
        && let Some(m) = paths::Month::from_file_name(name)
        && let Some(first) = chrono::NaiveDate::from_ymd_opt(m.year, m.month, 1)
    {
        return format!("Journal entries of {} {}", first.format("%B"), first.year());
    }
    if parent == paths::CHECKINS_DIR
        && let Some(y) = paths::year_from_file_name(name)
    {
        return format!("Check-ins of {y}");
    }
    let what = match name {
        paths::PARTNERS => "The partners",
        paths::EXERCISES => "Exercise results",
        paths::PROGRESS => "Guide progress",
        paths::AGREEMENTS => "Agreements",
        paths::PROMISES => "Promises",
        paths::MOMENTS => "Difficult moments",
        paths::TOGETHER => "Together sessions",
        paths::SETTINGS => "Settings",
        paths::DRAFTS => "Drafts",
        paths::TRASH => "The trash",
        paths::KEYS => "Passphrase keys",
        _ => return format!("The file {}", rel.display()),
    };
    what.to_string()
}

impl Store {
    /// Reads one file like [`Store::read`], but a damaged file reads as empty and is noted in
    /// `damaged` instead of stopping the caller.
    pub fn read_noting<T: Collection>(
        &self,
        rel: impl AsRef<Path>,
        damaged: &mut Vec<Damaged>,
    ) -> Result<Vec<T>> {
        let rel = rel.as_ref();
        if self.is_synced() {
            return self.read_merged(rel, Some(damaged));
        }
        match self.read(rel) {
            Ok(records) => Ok(records),
            Err(e) => match Damaged::from_error(rel, &e) {
                Some(d) => {
                    damaged.push(d);
                    Ok(Vec::new())
                }
                None => Err(e),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_are_described_in_words() {
        assert_eq!(
            describe(Path::new("checkins/2026.json")),
            "Check-ins of 2026"
        );
        assert_eq!(
            describe(Path::new("entries/2026-03.json")),
            "Journal entries of March 2026"
        );
        assert_eq!(describe(Path::new("partners.json")), "The partners");
        assert_eq!(describe(Path::new("moments.json")), "Difficult moments");
        assert_eq!(describe(Path::new("odd.json")), "The file odd.json");
        assert_eq!(
            describe(Path::new("devices/0123456789abcdef/entries/2026-03.json")),
            "Journal entries of March 2026 (from device 0123456789abcdef)"
        );
    }
}
