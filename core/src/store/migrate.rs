//! Moving a single-folder store into this device's folder, once.
//!
//! The files at the top of the data folder are copied into a temporary folder below
//! `devices/`, made durable, and the folder is renamed to `devices/<id>` in one step; only
//! then are the top's files moved into `legacy-backup/` (kept until `trustwork migrate
//! --cleanup`), and a `partners.json` of the synced format, holding no one, is left at the top
//! so that an older trustwork refuses the folder ("written by a newer version") instead of
//! taking it for an empty one. A crash at any point leaves the records readable: until the
//! rename only the top holds them, after it both may, and reading merges them by key.

use super::backups::is_store_file;
use super::devices::{DEVICES_DIR, device_base};
use super::files::encode;
use super::{Result, Store, StoreError, fsio, paths};
use crate::model::Partner;
use std::fs;
use std::path::{Path, PathBuf};

/// Where the top's files go once they are in the device folder.
pub const LEGACY_BACKUP_DIR: &str = "legacy-backup";

/// What a migration did.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Migrated {
    /// The store files moved into this device's folder.
    pub files: usize,
}

/// A store opened for this installation (see [`Store::open_here`]), and what opening it did.
#[derive(Debug)]
pub struct Opened {
    pub store: Store,
    /// This installation's device file, outside the data folder.
    pub local_file: PathBuf,
    /// The single-folder store that was moved into this device's folder, if one was.
    pub migrated: Option<Migrated>,
    /// Why files at the top of the data folder were left there (they are still read).
    pub not_moved: Option<String>,
}

impl Store {
    /// The store at `dir` for this installation, as the workbook and every command open it:
    /// the device file at [`LocalDevice::default_path`] (made on the first run), checked against
    /// the device folder's marker, so that a copied id is refused before anything is written,
    /// and a single-folder store moved into this device's folder.
    ///
    /// [`LocalDevice::default_path`]: crate::sync::LocalDevice::default_path
    pub fn open_here(dir: impl Into<PathBuf>, clock: crate::clock::Clock) -> Result<Opened> {
        let (store, local_file) = Store::for_this_device(dir, clock)?;
        store.check_device()?;
        let (migrated, not_moved) = match store.migrate_to_device() {
            Ok(m) => (m, None),
            Err(StoreError::Refused(why)) => (None, Some(why)),
            Err(e) => return Err(e),
        };
        Ok(Opened {
            store,
            local_file,
            migrated,
            not_moved,
        })
    }

    /// The store at `dir` as this installation's device, and its device file (made on the
    /// first run), checking and moving nothing: for reading it as this device sees it.
    pub fn for_this_device(
        dir: impl Into<PathBuf>,
        clock: crate::clock::Clock,
    ) -> Result<(Store, PathBuf)> {
        let local_file = crate::sync::LocalDevice::default_path().ok_or_else(|| {
            StoreError::Refused(format!(
                "no home folder was found for this device's id file; set {} to a file outside \
                 the data folder",
                crate::sync::device::DEVICE_FILE_VAR
            ))
        })?;
        let local = crate::sync::LocalDevice::load_or_create(&local_file, clock.now())?;
        let store = Store::with_device(dir, clock, &local, &local_file);
        Ok((store, local_file))
    }

    /// A store for this installation (see [`Store::with_device`]) that moves a single-folder
    /// store at `dir` into this device's folder first, if there is one.
    pub fn open_as_device(
        dir: impl Into<PathBuf>,
        clock: crate::clock::Clock,
        local: &crate::sync::LocalDevice,
        local_file: impl Into<PathBuf>,
    ) -> Result<(Store, Option<Migrated>)> {
        let store = Store::with_device(dir, clock, local, local_file);
        let migrated = store.migrate_to_device()?;
        Ok((store, migrated))
    }

    /// The store files at the top of the data folder (not the stub a migration leaves).
    pub(super) fn top_files(&self) -> Result<Vec<PathBuf>> {
        let mut out = Vec::new();
        for sub in ["", paths::ENTRIES_DIR, paths::CHECKINS_DIR] {
            for item in fsio::list_below(&self.dir, Path::new(sub))? {
                let rel = Path::new(sub).join(item.file_name());
                if is_store_file(&rel) && item.file_type().is_ok_and(|t| t.is_file()) {
                    out.push(rel);
                }
            }
        }
        if out.iter().any(|r| r == Path::new(paths::PARTNERS)) && self.top_is_stub()? {
            out.retain(|r| r != Path::new(paths::PARTNERS));
        }
        out.sort();
        Ok(out)
    }

    pub(super) fn top_is_stub(&self) -> Result<bool> {
        Ok(
            match fsio::read_in(&self.dir, Path::new(paths::PARTNERS))? {
                Some(bytes) => bytes == stub(),
                None => false,
            },
        )
    }

    /// Moves a single-folder store into this device's folder (see the module). `None` when
    /// there is nothing to move; refused when this device's folder already exists
    /// (then the top stays as it is, and is read beside the devices).
    pub fn migrate_to_device(&self) -> Result<Option<Migrated>> {
        let Some(me) = self.device().cloned() else {
            return Ok(None);
        };
        if self.top_files()?.is_empty() {
            return Ok(None);
        }
        let _lock = fsio::WriteLock::acquire(&self.dir, fsio::LOCK_WAIT)?;
        fsio::remove_stale_temps(&self.dir);
        let files = self.top_files()?;
        if files.is_empty() {
            return Ok(None);
        }
        // A file that does not read, or is of a newer trustwork, is not this build's to move:
        // the store stays as it is, read (and that file refused, by its own path) where it is.
        for rel in &files {
            if fsio::read_in(&self.dir, rel)?.is_some_and(|bytes| !movable(&bytes)) {
                return Ok(None);
            }
        }
        let own = device_base(&me);
        if fs::symlink_metadata(self.dir.join(&own)).is_ok() {
            return Err(StoreError::Refused(format!(
                "{} already exists, so the files at the top of the data folder were not moved \
                 into it; they are read as they are",
                self.dir.join(&own).display()
            )));
        }
        let temp = Path::new(DEVICES_DIR).join(format!(".{me}.migrating-{}", std::process::id()));
        let copied = self.copy_into(&files, &temp);
        let io = |context, rel: &Path, e| StoreError::io(context, &self.dir.join(rel), e);
        let done = copied.and_then(|()| {
            fsio::sync_dir(&self.dir.join(&temp)).map_err(|e| io("could not sync", &temp, e))?;
            fs::rename(self.dir.join(&temp), self.dir.join(&own))
                .map_err(|e| io("could not move into place", &own, e))?;
            fsio::sync_dir(&self.dir.join(DEVICES_DIR))
                .map_err(|e| io("could not sync", Path::new(DEVICES_DIR), e))
        });
        if let Err(e) = done {
            let _ = fs::remove_dir_all(self.dir.join(&temp));
            return Err(e);
        }
        for rel in &files {
            let to = Path::new(LEGACY_BACKUP_DIR).join(rel);
            fsio::create_dirs_in(&self.dir, to.parent().unwrap_or(Path::new("")))?;
            fsio::check_below(&self.dir, &to, true)?;
            fs::rename(self.dir.join(rel), self.dir.join(&to))
                .map_err(|e| io("could not keep as a backup", rel, e))?;
            let bak = fsio::backup_path(rel);
            if self.dir.join(&bak).is_file() {
                fs::rename(self.dir.join(&bak), self.dir.join(fsio::backup_path(&to)))
                    .map_err(|e| io("could not keep as a backup", &bak, e))?;
            }
        }
        // The top's month and year folders are empty now: only an empty one goes.
        for sub in [paths::ENTRIES_DIR, paths::CHECKINS_DIR] {
            let _ = fs::remove_dir(self.dir.join(sub));
        }
        fsio::write_in(&self.dir, Path::new(paths::PARTNERS), &stub())?;
        // Before the sync tool sees the folder synced: the backups stay on this machine.
        let _ = self.ensure_ignore_files();
        Ok(Some(Migrated { files: files.len() }))
    }

    /// Copies `files` (relative to the top) into `temp`, each made durable.
    fn copy_into(&self, files: &[PathBuf], temp: &Path) -> Result<()> {
        for rel in files {
            let bytes = fsio::read_in(&self.dir, rel)?.unwrap_or_default();
            let to = temp.join(rel);
            fsio::create_dirs_in(&self.dir, to.parent().unwrap_or(temp))?;
            let path = self.dir.join(&to);
            fsio::write_atomic(&path, &bytes)
                .map_err(|e| StoreError::io("could not copy to", &path, e))?;
            // No `.bak` of a file that had no earlier version here.
            let _ = fs::remove_file(fsio::backup_path(&path));
        }
        Ok(())
    }

    /// Removes the single-folder files a migration kept (`legacy-backup/`). Returns how many
    /// files went.
    pub fn remove_legacy_backup(&self) -> Result<usize> {
        let rel = Path::new(LEGACY_BACKUP_DIR);
        if !self.dir.join(rel).is_dir() {
            return Ok(0);
        }
        let _lock = fsio::WriteLock::acquire(&self.dir, fsio::LOCK_WAIT)?;
        fsio::check_below(&self.dir, rel, true)?;
        let dir = self.dir.join(rel);
        if !dir.is_dir() {
            return Ok(0);
        }
        let mut count = 0;
        for sub in ["", paths::ENTRIES_DIR, paths::CHECKINS_DIR] {
            for item in fsio::list_below(&self.dir, &rel.join(sub))? {
                if item.file_type().is_ok_and(|t| t.is_file()) {
                    count += 1;
                }
            }
        }
        fs::remove_dir_all(&dir).map_err(|e| StoreError::io("could not remove", &dir, e))?;
        Ok(count)
    }
}

/// True for a store file this build reads: a document of its format or an older one.
fn movable(bytes: &[u8]) -> bool {
    #[derive(serde::Deserialize)]
    struct Version {
        format_version: u64,
    }
    serde_json::from_slice::<Version>(bytes)
        .is_ok_and(|v| v.format_version <= u64::from(super::FORMAT_VERSION))
}

/// The partners file a migration leaves at the top: no one, in the synced format.
fn stub() -> Vec<u8> {
    encode::<Partner>(&[])
}
