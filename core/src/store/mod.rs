//! The store: a folder of small JSON files, each valid on its own.
//!
//! ```text
//! <data dir>/
//!   partners.json            the one or two partners
//!   entries/YYYY-MM.json     journal entries, one file per month of creation
//!   checkins/YYYY.json       daily check-ins, one file per year
//!   exercises.json           saved exercise results
//!   progress.json            guides opened and completed, per partner
//!   agreements.json, promises.json, moments.json, together.json
//!   NAME.bak                 the previous version of each file
//!   backups/NAME/TIME.json   rolling backups: the last 10 saves, one a day for 14 days
//!   trustwork.lock           held only while writing
//!   devices/<id>/…           synced between machines: each device's own files (`devices`)
//! ```
//!
//! Segmenting by month means a save rewrites one month, never ten years, and the home screen
//! reads only the latest months. Readers never lock; a writer takes the lock, re-reads what it
//! changes, merges by record key and writes atomically, so the app and a shell command can both
//! write at once without losing anything.

mod backups;
mod check;
mod damage;
mod device_report;
mod devices;
pub(crate) mod files;
mod forget;
pub mod fsio;
mod ignore;
mod migrate;
pub mod paths;
mod read;
mod records;
mod recreate;
mod write;

pub use backups::{
    BACKUPS_DIR, Backup, BackupAt, Contents, FileBackups, KEEP_DAYS, KEEP_LAST, MissedBackup,
    Restored, is_store_file, take_missed_backups,
};
pub use check::{CheckReport, Missing, Problem};
pub use damage::{Damaged, FileProblem, describe};
pub use device_report::{DeviceProblem, DeviceSeen};
pub use devices::{DEVICES_DIR, MARK_AGAIN_AFTER, take_skipped_files};
pub use files::{Collection, FORMAT_VERSION};
pub use forget::{
    COLLECTION_FILES, Erased, PartnerForgotten, Passphrase, Passphrases, Scope, is_trustwork_file,
    passphrases_needed,
};
pub use ignore::{GITIGNORE, IGNORE_FILES, IgnoreFile, IgnoreGap, STIGNORE};
pub use migrate::{LEGACY_BACKUP_DIR, Migrated, Opened};
pub use read::{HomeData, Snapshot, find_partner, twin_partners, twin_partners_note};
pub use write::{Txn, upsert, upsert_many};

use crate::clock::Clock;
use crate::model::{
    CheckIn, Draft, Entry, ExerciseResult, GuideProgress, Moment, Partner, Settings, Timestamp,
    Trashed,
};
use std::io;
use std::path::{Path, PathBuf};

pub const DATA_DIR_VAR: &str = "TRUSTWORK_DATA_DIR";
pub const MAX_PARTNERS: usize = 2;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path} could not be read: {reason}.\nIt has been left exactly as it is; trustwork will not write over it. \
         Earlier versions of it are kept in the backups folder and beside it (.bak)."
    )]
    Corrupt { path: PathBuf, reason: String },
    #[error(
        "{path} was written by a newer version of trustwork (format {found}; this one reads up to {FORMAT_VERSION}).\n\
         It has been left exactly as it is. Please update trustwork to open it."
    )]
    Newer { path: PathBuf, found: u64 },
    #[error(
        "the store at {0} is busy: another trustwork has been writing for over 2 seconds. Please try again."
    )]
    Busy(PathBuf),
    /// The cause is shown in the message and is not also the error's `source`, so a report that
    /// walks the chain names it once.
    #[error("{context} ({path}): {cause}")]
    Io {
        context: &'static str,
        path: PathBuf,
        cause: io::Error,
    },
    #[error(
        "{0} is a symbolic link. Inside its data folder trustwork reads and writes only its own \
         regular files, never through a link, so it has left the link and what it points to as \
         they are. Put the file (or folder) itself in its place, or remove the link."
    )]
    Symlink(PathBuf),
    #[error("{0} is not a regular file; trustwork has left it as it is and will not read it.")]
    NotAFile(PathBuf),
    #[error(
        "{path} is larger than {}, more than any trustwork file holds; it has been left as it \
         is and was not read.", crate::bounded::size(*limit)
    )]
    TooLarge { path: PathBuf, limit: u64 },
    #[error("{0}")]
    Refused(String),
    /// No backup of the file is the one asked for (or, asked for none, none reads).
    #[error("{}", no_backup(file, wanted))]
    NoBackup {
        file: PathBuf,
        wanted: Option<BackupAt>,
    },
    /// The backup asked for does not read; nothing was restored.
    #[error("{}", bad_backup(path, contents))]
    BadBackup { path: PathBuf, contents: Contents },
    /// A value that breaks one of the rules of `validate`.
    #[error(transparent)]
    Invalid(#[from] crate::validate::Invalid),
    /// A rule that protects a partner's words said no (see `privacy`).
    #[error(transparent)]
    Denied(#[from] crate::privacy::Denied),
    #[error("{0}")]
    Crypto(#[from] crate::crypto::CryptoError),
    /// This installation's device id could not be read, or another installation uses it.
    #[error(transparent)]
    Device(#[from] crate::sync::DeviceError),
}

impl StoreError {
    fn io(context: &'static str, path: &Path, cause: io::Error) -> StoreError {
        StoreError::Io {
            context,
            path: path.to_path_buf(),
            cause,
        }
    }
}

fn no_backup(file: &Path, wanted: &Option<BackupAt>) -> String {
    match wanted {
        None => format!(
            "{} has no backup that reads; nothing was restored",
            file.display()
        ),
        Some(at) => format!(
            "{} has no backup {at}; nothing was restored",
            file.display()
        ),
    }
}

fn bad_backup(path: &Path, contents: &Contents) -> String {
    let why = match contents {
        Contents::Records(_) => "it reads".to_string(),
        Contents::Damaged(reason) => format!("it is damaged: {reason}"),
        Contents::Newer(found) => format!(
            "it was written by a newer version of trustwork (format {found}; this one reads up \
             to {FORMAT_VERSION})"
        ),
        Contents::Unreadable(why) => why.clone(),
    };
    format!(
        "the backup {} cannot be restored: {why}; nothing was restored",
        path.display()
    )
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// The newest of a record's times: the time of a kind without an `updated` field.
fn newest(first: Timestamp, more: impl IntoIterator<Item = Timestamp>) -> Timestamp {
    more.into_iter().fold(first, Timestamp::max)
}

/// Declares a kind's file name and key, its time (see [`Collection::version_time`]) and the
/// order its merged records are given in.
macro_rules! collection {
    ($($kind:ty, $name:literal, |$r:ident| key $key:expr, time $time:expr, order |$a:ident, $b:ident| $order:expr;)*) => {$(
        impl Collection for $kind {
            const KIND: &'static str = $name;
            fn key(&self) -> String {
                let $r = self;
                $key
            }
            #[allow(unused_variables)]
            fn version_time(&self) -> Timestamp {
                let $r = self;
                $time
            }
            fn merged_order($a: &Self, $b: &Self) -> std::cmp::Ordering {
                $order
            }
        }
    )*};
}

// Where a kind has no `updated` field its time is the newest event it holds, which moves on
// with every change the app makes to it (an agreement agreed or retired, a promise marked, a
// session answered). A partner's `created` and the settings' fixed time only order versions
// the store did not stamp: a device stamps every record it writes.
collection! {
    Partner, "partners", |r| key r.id.clone(), time r.created,
        order |a, b| a.created.cmp(&b.created);
    Entry, "entries", |r| key r.id.clone(), time r.updated,
        order |a, b| a.created.cmp(&b.created);
    CheckIn, "checkins", |r| key format!("{}/{}", r.partner, r.date), time r.updated,
        order |a, b| a.date.cmp(&b.date);
    ExerciseResult, "exercises", |r| key r.id.clone(), time r.updated,
        order |a, b| a.created.cmp(&b.created);
    Draft, "drafts", |r| key format!("{}/{}", r.partner, r.key), time r.saved,
        order |a, b| a.saved.cmp(&b.saved);
    Trashed, "trash", |r| key r.entry.id.clone(), time r.deleted,
        order |a, b| a.deleted.cmp(&b.deleted);
    Moment, "moments", |r| key r.id.clone(), time newest(r.date, r.acknowledged),
        order |a, b| a.date.cmp(&b.date);
    crate::crypto::PartnerKey, "keys", |r| key r.partner.clone(), time r.updated,
        order |_a, _b| std::cmp::Ordering::Equal;
    crate::together::Agreement, "agreements", |r| key r.id.clone(),
        time newest(
            r.created,
            r.agreed.iter().map(|c| c.at)
                .chain(r.history.iter().map(|c| c.at))
                .chain(r.retired.iter().map(|x| x.at)),
        ),
        order |a, b| a.created.cmp(&b.created);
    crate::together::Promise, "promises", |r| key r.id.clone(),
        time newest(r.created, r.occurrences.iter().map(|o| o.marked).chain(r.retired)),
        order |a, b| a.created.cmp(&b.created);
    crate::together::Session, "together", |r| key r.id.clone(),
        time newest(
            r.started,
            r.questions.iter().flat_map(|q| q.answers.iter().map(|a| a.at)).chain(r.finished),
        ),
        order |a, b| a.started.cmp(&b.started);
    Settings, "settings", |r| key r.id.clone(), time crate::sync::kinds::timeless(),
        order |_a, _b| std::cmp::Ordering::Equal;
    GuideProgress, "progress", |r| key format!("{}/{}", r.partner, r.guide),
        time newest(r.opened, r.completed),
        order |a, b| a.opened.cmp(&b.opened);
}

#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    clock: Clock,
    /// The installation this store writes as, in a synced store (see `devices`).
    device: Option<std::sync::Arc<devices::ThisDevice>>,
}

impl Store {
    /// A store at `dir`. Nothing is created until the first write.
    pub fn at(dir: impl Into<PathBuf>, clock: Clock) -> Store {
        Store {
            dir: dir.into(),
            clock,
            device: None,
        }
    }
    /// The default data folder: the platform's data folder for trustwork.
    pub fn default_dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "trustwork").map(|d| d.data_dir().to_path_buf())
    }
    pub fn dir(&self) -> &Path {
        &self.dir
    }
    pub fn clock(&self) -> &Clock {
        &self.clock
    }
    /// True when there is a store here at all (a partners file, at the top or, synced, in a
    /// device folder).
    pub fn exists(&self) -> bool {
        self.dir.join(paths::PARTNERS).exists() || (self.is_synced() && self.any_partners())
    }
}

#[cfg(test)]
mod sync_tests;
#[cfg(test)]
mod tests;
