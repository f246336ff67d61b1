//! Rolling backups: besides `NAME.bak`, each save keeps the version it replaces as
//! `backups/<file without .json>/<UTC time>.json` (`backups/entries/2026-11/20261125T190000Z.json`
//! for `entries/2026-11.json`), then prunes that file's backups to the last [`KEEP_LAST`] saves
//! and the newest of each UTC day of the last [`KEEP_DAYS`] days.
//!
//! A backup is a hard link to the file it was (a copy where links are not supported), made under
//! the write lock before the new version is renamed into place, so keeping one costs no copy. A
//! backup that cannot be kept does not stop the save: the save goes on, `NAME.bak` still holds
//! the previous version, and the failure waits in [`take_missed_backups`] for the front end to
//! tell. A restore, which promises to keep the version it replaces, is refused instead.

use super::paths::{self, Month};
use super::{COLLECTION_FILES, Result, Store, StoreError, files, fsio};
use crate::crypto::PartnerKey;
use crate::model::{
    CheckIn, Draft, Entry, ExerciseResult, GuideProgress, Moment, Partner, Settings, Trashed,
};
use crate::together::{Agreement, Promise, Session};
use chrono::{DateTime, NaiveDateTime, Utc};
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The folder of rolling backups, in the data folder.
pub const BACKUPS_DIR: &str = "backups";
/// How many of the latest saves of each file keep a backup.
pub const KEEP_LAST: usize = 10;
/// How many days (UTC, today included) keep their newest backup of each file.
pub const KEEP_DAYS: i64 = 14;
const STAMP: &str = "%Y%m%dT%H%M%SZ";

/// A rolling backup that a save could not keep. The save itself went through.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the backup of {file} could not be kept ({cause}); the save itself went through")]
pub struct MissedBackup {
    /// The store file saved, relative to the data folder.
    pub file: PathBuf,
    pub cause: String,
}

static MISSED: Mutex<Vec<MissedBackup>> = Mutex::new(Vec::new());

/// The rolling backups that saves of this process could not keep since the last call, oldest
/// first; the list is emptied.
pub fn take_missed_backups() -> Vec<MissedBackup> {
    std::mem::take(&mut *MISSED.lock().unwrap_or_else(|e| e.into_inner()))
}

/// What a backup holds, as far as reading it tells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contents {
    Records(usize),
    /// It does not parse, or holds the wrong kind of records.
    Damaged(String),
    /// Written by a newer trustwork (this `format_version`).
    Newer(u64),
    /// Not read: not a regular file, too large, or an error of the file system.
    Unreadable(String),
}

impl Contents {
    pub fn is_good(&self) -> bool {
        matches!(self, Contents::Records(_))
    }
}

/// One kept version of a store file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Backup {
    /// The backup itself, relative to the data folder.
    pub path: PathBuf,
    /// When it was set aside: the file held this until then.
    pub at: DateTime<Utc>,
    /// Tells apart backups set aside in the same second (0, 1, 2…).
    pub seq: u32,
    pub size: u64,
    pub contents: Contents,
}

/// The backups of one store file, newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileBackups {
    /// The store file, relative to the data folder (`checkins/2026.json`).
    pub file: PathBuf,
    pub backups: Vec<Backup>,
}

/// Which backup to restore.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BackupAt {
    /// As numbered in a listing: 1 is the newest.
    Number(usize),
    /// The newest set aside at `from` or later and before `until`.
    Within {
        from: DateTime<Utc>,
        until: DateTime<Utc>,
    },
}

impl fmt::Display for BackupAt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BackupAt::Number(n) => write!(f, "number {n}"),
            BackupAt::Within { from, until } => write!(
                f,
                "from {} until {}",
                from.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                until.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            ),
        }
    }
}

/// What [`Store::restore`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Restored {
    /// The store file, relative to the data folder.
    pub file: PathBuf,
    /// The backup put back (`NAME.bak` when no rolling backup read).
    pub from: Backup,
    /// The rolling backup that now holds the version replaced (none when there was no file).
    pub kept: Option<PathBuf>,
}

/// The folder of `rel`'s backups, relative to the data folder: `backups/<rel without .json>`.
pub(super) fn folder_of(rel: &Path) -> Option<PathBuf> {
    let stem = rel.to_str()?.strip_suffix(".json")?;
    Some(Path::new(BACKUPS_DIR).join(stem))
}

/// The store file whose backups `folder` (relative, below `backups/`) holds.
fn file_of_folder(folder: &Path) -> Option<PathBuf> {
    let rest = folder.strip_prefix(BACKUPS_DIR).ok()?;
    let file = PathBuf::from(format!("{}.json", rest.to_str()?));
    ((is_store_file(&file) || is_device_file(&file)) && folder_of(&file).as_deref() == Some(folder))
        .then_some(file)
}

/// True for a store file's own name (a collection file, a month, a year), not its `.bak` nor a
/// temporary file.
pub fn is_store_file(rel: &Path) -> bool {
    let parts = paths::plain_parts(rel);
    match parts.as_deref() {
        Some([name]) => COLLECTION_FILES.contains(name),
        Some([paths::ENTRIES_DIR, name]) => {
            Month::from_file_name(name).is_some_and(|m| m.file() == rel)
        }
        Some([paths::CHECKINS_DIR, name]) => {
            name.bytes().take(4).all(|b| b.is_ascii_digit())
                && paths::year_from_file_name(name).is_some_and(|y| paths::checkins_file(y) == rel)
        }
        _ => false,
    }
}

/// A device file's path inside its device folder (`checkins/2026.json` of
/// `devices/<id>/checkins/2026.json`); any other path as it is.
fn within_device(rel: &Path) -> &Path {
    if !is_device_file(rel) {
        return rel;
    }
    let rest = rel.strip_prefix(super::DEVICES_DIR).unwrap_or(rel);
    rest.iter()
        .next()
        .and_then(|id| rest.strip_prefix(id).ok())
        .unwrap_or(rel)
}

/// True for a store file of a device folder: `devices/<id>/` and a store file's path.
fn is_device_file(rel: &Path) -> bool {
    let Ok(rest) = rel.strip_prefix(super::DEVICES_DIR) else {
        return false;
    };
    let Some(id) = rest.iter().next().and_then(|i| i.to_str()) else {
        return false;
    };
    crate::sync::DeviceId::parse(id).is_ok() && rest.strip_prefix(id).is_ok_and(is_store_file)
}

/// True for `backups/<folder of a store file>/<stamp>.json`: a rolling backup's name.
pub(super) fn is_backup_file(rel: &Path) -> bool {
    match (rel.parent(), rel.file_name().and_then(|n| n.to_str())) {
        (Some(folder), Some(name)) => {
            parse_stamp(name).is_some() && file_of_folder(folder).is_some()
        }
        _ => false,
    }
}

/// True for `backups/` and the folders below it that trustwork makes.
pub(super) fn is_backup_folder(rel: &Path) -> bool {
    let Ok(inner) = rel.strip_prefix(BACKUPS_DIR) else {
        return false;
    };
    // A device's files are backed up below `backups/devices/<id>/`, in the same layout.
    let parts: Vec<_> = inner.iter().filter_map(|p| p.to_str()).collect();
    let within = match parts.as_slice() {
        [super::DEVICES_DIR] => return true,
        [super::DEVICES_DIR, id, rest @ ..] if crate::sync::DeviceId::parse(id).is_ok() => rest,
        other => other,
    };
    matches!(within, [] | [paths::ENTRIES_DIR] | [paths::CHECKINS_DIR])
        || file_of_folder(rel).is_some()
}

fn stamp_name(at: DateTime<Utc>, seq: u32) -> String {
    let stamp = at.format(STAMP);
    match seq {
        0 => format!("{stamp}.json"),
        n => format!("{stamp}-{n}.json"),
    }
}

/// Reads a backup's name: `20261125T190000Z.json`, or `20261125T190000Z-2.json` for the third
/// in that second. Only the names [`stamp_name`] writes.
fn parse_stamp(name: &str) -> Option<(DateTime<Utc>, u32)> {
    let stem = name.strip_suffix(".json")?;
    let (stamp, seq) = match stem.split_once('-') {
        Some((stamp, seq)) => (stamp, seq.parse().ok()?),
        None => (stem, 0),
    };
    let at = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?.and_utc();
    (stamp_name(at, seq) == name).then_some((at, seq))
}

/// A backup found in its folder, not read yet.
struct Listed {
    path: PathBuf,
    at: DateTime<Utc>,
    seq: u32,
    size: u64,
}

impl Listed {
    /// Reads it (bounded) and decodes it as `file`; its bytes when it reads.
    fn read(&self, root: &Path, file: &Path) -> (Backup, Option<Vec<u8>>) {
        let (contents, bytes) = contents_of(root, file, &self.path);
        let backup = Backup {
            path: self.path.clone(),
            at: self.at,
            seq: self.seq,
            size: self.size,
            contents,
        };
        (backup, bytes)
    }
}

/// The backups in `folder` (relative), newest first, not read: regular files with backup
/// names only.
fn list_in(root: &Path, folder: &Path) -> Result<Vec<Listed>> {
    let mut out = Vec::new();
    for item in fsio::list_below(root, folder)? {
        let Some((at, seq)) = item.file_name().to_str().and_then(parse_stamp) else {
            continue;
        };
        let Ok(meta) = item.metadata() else { continue };
        if item.file_type().is_ok_and(|t| t.is_file()) {
            out.push(Listed {
                path: folder.join(item.file_name()),
                at,
                seq,
                size: meta.len(),
            });
        }
    }
    out.sort_by_key(|b| std::cmp::Reverse((b.at, b.seq)));
    Ok(out)
}

/// Keeps the current `rel` (if there is one) as a rolling backup stamped `now`, then prunes its
/// backups. Call it holding the write lock, before the new version is renamed into place.
/// Returns the backup made.
pub(super) fn keep(root: &Path, rel: &Path, now: DateTime<Utc>) -> Result<Option<PathBuf>> {
    let folder = folder_of(rel).ok_or_else(|| not_a_store_file(rel))?;
    fsio::check_below(root, rel, true)?;
    let path = root.join(rel);
    match fs::symlink_metadata(&path) {
        Ok(m) if m.is_file() => {}
        Ok(_) => return Err(StoreError::NotAFile(path)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StoreError::io("could not look at", &path, e)),
    }
    fsio::create_dirs_in(root, &folder)?;
    let mut seq = 0;
    let made = loop {
        let name = folder.join(stamp_name(now, seq));
        let to = root.join(&name);
        match fsio::link_or_copy(&path, &to) {
            Ok(()) => break name,
            // Another save this second (or a pinned clock): the next number.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && seq < 100_000 => seq += 1,
            Err(e) => return Err(StoreError::io("could not keep a backup as", &to, e)),
        }
    };
    make_private(&root.join(&made))?;
    prune(root, &folder, now)?;
    Ok(Some(made))
}

/// A hard link shares its file's mode: one the user opened up is closed to 0600 again (the file
/// it was is being replaced by a new 0600 one anyway).
fn make_private(path: &Path) -> Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let meta =
            fs::symlink_metadata(path).map_err(|e| StoreError::io("could not look at", path, e))?;
        if meta.permissions().mode() & 0o077 != 0 {
            let file = fs::OpenOptions::new()
                .read(true)
                .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
                .open(path)
                .map_err(|e| StoreError::io("could not open", path, e))?;
            file.set_permissions(fs::Permissions::from_mode(0o600))
                .map_err(|e| StoreError::io("could not make private", path, e))?;
        }
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Removes the backups in `folder` that are neither among the [`KEEP_LAST`] newest nor the
/// newest of a day of the last [`KEEP_DAYS`] (a day after today, from a clock set back, is
/// kept too).
fn prune(root: &Path, folder: &Path, now: DateTime<Utc>) -> Result<()> {
    let today = now.date_naive();
    let mut days_seen = std::collections::HashSet::new();
    for (i, b) in list_in(root, folder)?.into_iter().enumerate() {
        let day = b.at.date_naive();
        let newest_of_day = days_seen.insert(day);
        let recent_day = (today - day).num_days() < KEEP_DAYS;
        if i < KEEP_LAST || (newest_of_day && recent_day) {
            continue;
        }
        let path = root.join(&b.path);
        fsio::remove_if_there(&path).map_err(|e| StoreError::io("could not remove", &path, e))?;
    }
    Ok(())
}

/// Removes every rolling backup of `rel`, and its folder when that is then empty.
pub(super) fn remove_all_of(root: &Path, rel: &Path) -> Result<()> {
    let Some(folder) = folder_of(rel) else {
        return Ok(());
    };
    for b in list_in(root, &folder)? {
        let path = root.join(b.path);
        fsio::remove_if_there(&path).map_err(|e| StoreError::io("could not remove", &path, e))?;
    }
    // Something else left in it (not trustwork's) keeps it.
    let _ = fs::remove_dir(root.join(&folder));
    Ok(())
}

fn not_a_store_file(rel: &Path) -> StoreError {
    StoreError::Refused(format!(
        "{} is not a trustwork store file (such as partners.json, entries/2026-11.json or \
         checkins/2026.json)",
        crate::text::escape_line(&rel.to_string_lossy())
    ))
}

/// Decodes `bytes` as the store file `rel` holds them; returns how many records.
pub(super) fn count_records(rel: &Path, path: &Path, bytes: &[u8]) -> Result<usize> {
    fn n<T: super::Collection>(path: &Path, bytes: &[u8]) -> Result<usize> {
        files::decode::<T>(path, bytes).map(|rs| rs.len())
    }
    let first = within_device(rel)
        .components()
        .next()
        .and_then(|c| c.as_os_str().to_str());
    match first.unwrap_or("") {
        paths::ENTRIES_DIR => n::<Entry>(path, bytes),
        paths::CHECKINS_DIR => n::<CheckIn>(path, bytes),
        paths::PARTNERS => n::<Partner>(path, bytes),
        paths::EXERCISES => n::<ExerciseResult>(path, bytes),
        paths::PROGRESS => n::<GuideProgress>(path, bytes),
        paths::AGREEMENTS => n::<Agreement>(path, bytes),
        paths::PROMISES => n::<Promise>(path, bytes),
        paths::MOMENTS => n::<Moment>(path, bytes),
        paths::TOGETHER => n::<Session>(path, bytes),
        paths::DRAFTS => n::<Draft>(path, bytes),
        paths::TRASH => n::<Trashed>(path, bytes),
        paths::SETTINGS => n::<Settings>(path, bytes),
        paths::KEYS => n::<PartnerKey>(path, bytes),
        _ => Err(not_a_store_file(rel)),
    }
}

/// Reads a backup with the store's bounded read and decodes it as `file` would be.
fn contents_of(root: &Path, file: &Path, backup: &Path) -> (Contents, Option<Vec<u8>>) {
    let bytes = match fsio::read_in(root, backup) {
        Ok(Some(bytes)) => bytes,
        Ok(None) => return (Contents::Unreadable("it is gone".into()), None),
        Err(e) => return (Contents::Unreadable(e.to_string()), None),
    };
    match count_records(file, &root.join(backup), &bytes) {
        Ok(n) => (Contents::Records(n), Some(bytes)),
        Err(StoreError::Corrupt { reason, .. }) => (Contents::Damaged(reason), None),
        Err(StoreError::Newer { found, .. }) => (Contents::Newer(found), None),
        Err(e) => (Contents::Unreadable(e.to_string()), None),
    }
}

impl Store {
    /// The rolling backups of every store file that has some, by file, each newest first. Every
    /// backup is read (bounded, like a store file) to count its records.
    pub fn backups(&self) -> Result<Vec<FileBackups>> {
        let mut files = Vec::new();
        // A file's history can span two folders (before and after a move into the device
        // folder): listed once, under the file it is now.
        let mut seen = std::collections::HashSet::new();
        for folder in self.backup_folders()? {
            if let Some(file) = file_of_folder(&folder) {
                let file = if is_store_file(&file) {
                    self.named_file(&file)
                } else {
                    file
                };
                if !seen.insert(file.clone()) {
                    continue;
                }
                let backups = self.backups_of(&file)?;
                if !backups.is_empty() {
                    let file = self.short_name(&file);
                    files.push(FileBackups { file, backups });
                }
            }
        }
        files.sort_by(|a, b| a.file.cmp(&b.file));
        Ok(files)
    }

    /// The rolling backups of one store file (`entries/2026-11.json`), newest first, each read.
    pub fn backups_of(&self, file: impl AsRef<Path>) -> Result<Vec<Backup>> {
        let file = &self.named_file(file.as_ref());
        if !(is_store_file(file) || is_device_file(file)) {
            return Err(not_a_store_file(file));
        }
        Ok(self
            .history(file)?
            .iter()
            .map(|b| b.read(&self.dir, file).0)
            .collect())
    }

    /// The backups of `file` (as [`Store::named_file`] gives it), newest first, not read. This
    /// device's own file also has the backups its single-folder copy had before the move into
    /// the device folder (`backups/entries/2026-11/…`, while that copy is no longer at the top):
    /// one history, numbered as one list.
    fn history(&self, file: &Path) -> Result<Vec<Listed>> {
        let folder = folder_of(file).ok_or_else(|| not_a_store_file(file))?;
        let mut listed = list_in(&self.dir, &folder)?;
        let inner = within_device(file);
        if inner != file && self.own_rel(inner) == file && !self.top_holds(inner) {
            let before = folder_of(inner).ok_or_else(|| not_a_store_file(inner))?;
            listed.extend(list_in(&self.dir, &before)?);
            listed.sort_by_key(|b| std::cmp::Reverse((b.at, b.seq)));
        }
        Ok(listed)
    }

    /// Whether the top of the data folder holds the store file `rel` (a store not moved into
    /// its device folder yet); the empty partners file a move leaves there does not count.
    fn top_holds(&self, rel: &Path) -> bool {
        fs::symlink_metadata(self.dir.join(rel)).is_ok()
            && !(rel == Path::new(paths::PARTNERS) && self.top_is_stub().unwrap_or(false))
    }

    /// The folders below `backups/` that may hold a file's backups (not read further).
    fn backup_folders(&self) -> Result<Vec<PathBuf>> {
        let mut out = Vec::new();
        let mut todo = vec![PathBuf::from(BACKUPS_DIR)];
        while let Some(folder) = todo.pop() {
            fsio::check_below(&self.dir, &folder, true)?;
            let dir = self.dir.join(&folder);
            let rd = match fs::read_dir(&dir) {
                Ok(rd) => rd,
                Err(e) if e.kind() == io::ErrorKind::NotFound => continue,
                Err(e) => return Err(StoreError::io("could not list", &dir, e)),
            };
            for item in rd {
                let item = item.map_err(|e| StoreError::io("could not list", &dir, e))?;
                let rel = folder.join(item.file_name());
                if !item.file_type().is_ok_and(|t| t.is_dir()) || !is_backup_folder(&rel) {
                    continue;
                }
                if file_of_folder(&rel).is_some() {
                    out.push(rel);
                } else {
                    todo.push(rel);
                }
            }
        }
        Ok(out)
    }

    /// The file a restore of `rel` writes. In a synced store a plain name
    /// (`checkins/2026.json`) is this device's copy, unless the file is still at the top (a
    /// store not yet moved into its device folder); a device's file is restored only by that
    /// device, which alone writes it.
    fn restorable(&self, rel: &Path) -> Result<PathBuf> {
        if is_store_file(rel) {
            return Ok(self.named_file(rel));
        }
        if !is_device_file(rel) {
            return Err(not_a_store_file(rel));
        }
        if self.own_rel(within_device(rel)) == rel {
            return Ok(rel.to_path_buf());
        }
        Err(StoreError::Refused(format!(
            "{} is another device's file, and only that device writes it: run `trustwork \
             restore {}` on that device",
            crate::text::escape_line(&rel.to_string_lossy()),
            crate::text::escape_line(&within_device(rel).to_string_lossy())
        )))
    }

    /// The file a plain name (`checkins/2026.json`) stands for: this device's copy in a synced
    /// store, unless the file is still at the top; any other name as it is.
    fn named_file(&self, rel: &Path) -> PathBuf {
        if is_store_file(rel) && !self.top_holds(rel) {
            self.own_rel(rel)
        } else {
            rel.to_path_buf()
        }
    }

    /// The name a person knows a store file by: this device's own files without their
    /// `devices/<id>/` (as `trustwork restore` takes them), any other as it is.
    pub fn short_name(&self, rel: &Path) -> PathBuf {
        let inner = within_device(rel);
        if self.device().is_some() && inner != rel && self.own_rel(inner) == rel {
            inner.to_path_buf()
        } else {
            rel.to_path_buf()
        }
    }

    /// Puts a backup of the store file `file` (`checkins/2026.json`) back in its place,
    /// atomically and under the write lock, after keeping the version it replaces as a new
    /// rolling backup (if keeping it fails, nothing is restored). A backup that does not read
    /// is refused.
    ///
    /// `restore(file, None)` restores the last good copy: the newest backup that reads, or
    /// `NAME.bak` when no rolling backup does. It is the call for a file that could not be
    /// read. `Some(at)` picks one as listed by [`Store::backups_of`].
    pub fn restore(&self, file: impl AsRef<Path>, at: Option<BackupAt>) -> Result<Restored> {
        let file = &self.restorable(file.as_ref())?;
        self.write(|_tx| {
            let (from, bytes) = self.pick(file, at)?;
            let current_reads = fsio::read_in(&self.dir, file)
                .is_ok_and(|b| b.is_none_or(|b| count_records(file, file, &b).is_ok()));
            let kept = keep(&self.dir, file, self.clock.now().to_utc())?;
            fsio::write_in(&self.dir, file, &bytes)?;
            if !current_reads {
                // The damaged version is kept in backups/; NAME.bak need not hold it too.
                self.previous_is_current(file)?;
            }
            Ok(Restored {
                file: self.short_name(file),
                from,
                kept,
            })
        })
    }

    /// The backup `at` names, read and decoded, with its bytes.
    fn pick(&self, file: &Path, at: Option<BackupAt>) -> Result<(Backup, Vec<u8>)> {
        let listed = self.history(file)?;
        let chosen = match at {
            None => None,
            Some(BackupAt::Number(n)) => Some(listed.get(n.wrapping_sub(1))),
            Some(BackupAt::Within { from, until }) => {
                Some(listed.iter().find(|b| from <= b.at && b.at < until))
            }
        };
        let no_backup = || StoreError::NoBackup {
            file: file.to_path_buf(),
            wanted: at,
        };
        match chosen {
            Some(None) => Err(no_backup()),
            Some(Some(b)) => match b.read(&self.dir, file) {
                (backup, Some(bytes)) => Ok((backup, bytes)),
                (backup, None) => Err(StoreError::BadBackup {
                    path: self.dir.join(&backup.path),
                    contents: backup.contents,
                }),
            },
            None => {
                for b in &listed {
                    if let (backup, Some(bytes)) = b.read(&self.dir, file) {
                        return Ok((backup, bytes));
                    }
                }
                self.previous_version(file)?.ok_or_else(no_backup)
            }
        }
    }

    /// Makes `NAME.bak` the same as `NAME` (a link).
    fn previous_is_current(&self, file: &Path) -> Result<()> {
        let bak_rel = fsio::backup_path(file);
        fsio::check_below(&self.dir, &bak_rel, true)?;
        let bak = self.dir.join(&bak_rel);
        fsio::remove_if_there(&bak).map_err(|e| StoreError::io("could not remove", &bak, e))?;
        fsio::link_or_copy(&self.dir.join(file), &bak)
            .map_err(|e| StoreError::io("could not replace", &bak, e))
    }

    /// `NAME.bak`, if it is there and reads.
    fn previous_version(&self, file: &Path) -> Result<Option<(Backup, Vec<u8>)>> {
        let bak = fsio::backup_path(file);
        let (contents, Some(bytes)) = contents_of(&self.dir, file, &bak) else {
            return Ok(None);
        };
        let meta = fs::symlink_metadata(self.dir.join(&bak))
            .map_err(|e| StoreError::io("could not look at", &self.dir.join(&bak), e))?;
        let at = meta
            .modified()
            .map(DateTime::<Utc>::from)
            .unwrap_or_default();
        let backup = Backup {
            path: bak,
            at,
            seq: 0,
            size: meta.len(),
            contents,
        };
        Ok(Some((backup, bytes)))
    }
}

impl super::Txn<'_> {
    /// Keeps `rel` as it is now as a rolling backup before it is replaced. Best effort: a backup
    /// that cannot be kept is recorded for [`take_missed_backups`] and the save goes on.
    pub(super) fn keep_backup(&self, rel: &Path) {
        let store = self.store();
        if let Err(e) = keep(store.dir(), rel, store.clock().now().to_utc()) {
            let missed = MissedBackup {
                file: store.short_name(rel),
                cause: e.to_string(),
            };
            MISSED
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push(missed);
        }
    }
}

#[cfg(test)]
mod tests;
