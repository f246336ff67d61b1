//! What a synced data folder holds of each device: [`Store::device_report`], for
//! `trustwork devices`. It reads every store file of every device folder (like `check`, it
//! changes nothing and takes no lock) to name the ones that do not read, and each device's
//! marker for its name and its last write.
//!
//! A device's last write is its marker's `last_write`. The marker is written at a store's first
//! write and again at a write once the marking is an hour old ([`super::MARK_AGAIN_AFTER`]), so
//! it is at most an hour behind the device's true last write.

use super::backups::{count_records, is_store_file};
use super::damage::Damaged;
use super::devices::device_base;
use super::{Result, Store, fsio, paths};
use crate::model::Timestamp;
use crate::sync::conflict::{NameKind, classify};
use crate::sync::device::{DeviceError, DeviceId, DeviceMarker, MARKER};
use std::path::{Path, PathBuf};

/// One place a synced store's records come from: a device folder, or the files still at the
/// top of the data folder from before it was synced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeviceSeen {
    /// The device; `None` for the files from before syncing.
    pub id: Option<DeviceId>,
    /// Relative to the data folder: `devices/<id>`, or empty for the top.
    pub folder: PathBuf,
    /// The machine's name, from its marker (when it has one and it names one).
    pub name: Option<String>,
    /// This store writes as this device.
    pub this_device: bool,
    /// When it last wrote (its marker's, accurate to an hour).
    pub last_write: Option<Timestamp>,
    /// The store format it writes, from its marker.
    pub store_format: Option<u32>,
    /// The store files it holds that were read (conflict copies included).
    pub files: usize,
    /// What is wrong, in file order after the marker's.
    pub problems: Vec<DeviceProblem>,
}

/// Something wrong with what one device wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeviceProblem {
    /// Its folder has no `device.json` (still arriving, or a move made it and it never wrote).
    MarkerMissing,
    /// `device.json` is there but does not read.
    MarkerUnreadable(String),
    /// `device.json` was written by a newer trustwork (this device file format).
    MarkerNewer(u32),
    /// `device.json` names another device than its folder does.
    MarkerOfAnother(DeviceId),
    /// It writes a newer store format than this trustwork reads.
    WritesNewer(u32),
    /// One of its store files does not read: its records are left out.
    File(Damaged),
    /// A sync tool's copy of one of its files, folded in at that device's next write of it.
    ConflictCopy { copy: PathBuf, of: PathBuf },
}

impl DeviceProblem {
    /// In words, without the device (the report is per device). Paths are relative to the data
    /// folder; nothing is escaped.
    pub fn describe(&self) -> String {
        match self {
            DeviceProblem::MarkerMissing => format!(
                "it has no {MARKER} yet: it may still be arriving, or this folder was made by a \
                 move and has not been written since"
            ),
            DeviceProblem::MarkerUnreadable(why) => format!("its {MARKER} does not read: {why}"),
            DeviceProblem::MarkerNewer(v) => format!(
                "its {MARKER} was written by a newer trustwork (format {v}); update trustwork"
            ),
            DeviceProblem::MarkerOfAnother(id) => {
                format!("its {MARKER} says it is device {id}, not this folder's")
            }
            DeviceProblem::WritesNewer(v) => format!(
                "it writes store format {v}, newer than this trustwork reads ({}); update \
                 trustwork to read what it writes",
                super::FORMAT_VERSION
            ),
            DeviceProblem::File(d) => format!(
                "{} ({}) could not be read: {}; its records are left out",
                // The device is the report's row: what the file holds, without it.
                super::forget::synced_inner(&d.rel)
                    .filter(|inner| !inner.as_os_str().is_empty())
                    .map_or_else(|| d.what(), |inner| super::describe(&inner)),
                d.rel.display(),
                d.reason()
            ),
            DeviceProblem::ConflictCopy { copy, of } => format!(
                "{} is a sync conflict copy of {}: read with it, and folded into it at that \
                 device's next write of it",
                copy.display(),
                of.display()
            ),
        }
    }
}

/// Below a device folder (or the top), the folders that hold store files.
const SUBS: [&str; 3] = ["", paths::ENTRIES_DIR, paths::CHECKINS_DIR];

impl Store {
    /// One row per device folder under `devices/` (and for this store's own device even
    /// before it wrote), this device first and then by id, and a last row for the single-folder
    /// files still at the top, if any. Empty for a store that is not synced. Reads everything,
    /// changes nothing.
    pub fn device_report(&self) -> Result<Vec<DeviceSeen>> {
        if !self.is_synced() {
            return Ok(Vec::new());
        }
        let mut ids = self.devices()?;
        if let Some(me) = self.device()
            && !ids.contains(me)
        {
            ids.push(*me);
        }
        ids.sort_by_key(|id| (Some(id) != self.device(), *id));
        let mut out = Vec::new();
        for id in ids {
            out.push(self.device_seen(id)?);
        }
        let top = self.top_files()?;
        if !top.is_empty() {
            let mut seen = DeviceSeen {
                id: None,
                folder: PathBuf::new(),
                name: None,
                this_device: false,
                last_write: None,
                store_format: None,
                files: 0,
                problems: Vec::new(),
            };
            for rel in top {
                seen.files += 1;
                if let Some(d) = self.damage_of(&rel, &rel) {
                    seen.problems.push(DeviceProblem::File(d));
                }
            }
            out.push(seen);
        }
        Ok(out)
    }

    fn device_seen(&self, id: DeviceId) -> Result<DeviceSeen> {
        let base = device_base(&id);
        let this_device = self.device() == Some(&id);
        let mut seen = DeviceSeen {
            id: Some(id),
            folder: base.clone(),
            name: None,
            this_device,
            last_write: None,
            store_format: None,
            files: 0,
            problems: Vec::new(),
        };
        let marker_rel = base.join(MARKER);
        match fsio::read_in(&self.dir, &marker_rel) {
            // This device's marker is written at its next write: not a problem.
            Ok(None) if this_device => {}
            Ok(None) => seen.problems.push(DeviceProblem::MarkerMissing),
            Err(e) => seen
                .problems
                .push(DeviceProblem::MarkerUnreadable(e.to_string())),
            Ok(Some(bytes)) => match DeviceMarker::decode(&self.dir.join(&marker_rel), &bytes) {
                Ok(marker) => {
                    if marker.device != id {
                        seen.problems
                            .push(DeviceProblem::MarkerOfAnother(marker.device));
                    }
                    if marker.store_format > super::FORMAT_VERSION {
                        seen.problems
                            .push(DeviceProblem::WritesNewer(marker.store_format));
                    }
                    seen.name = Some(marker.name).filter(|n| !n.trim().is_empty());
                    seen.last_write = Some(marker.last_write);
                    seen.store_format = Some(marker.store_format);
                }
                Err(DeviceError::Newer { found, .. }) => {
                    seen.problems.push(DeviceProblem::MarkerNewer(found))
                }
                Err(DeviceError::Unreadable { reason, .. }) => {
                    seen.problems.push(DeviceProblem::MarkerUnreadable(reason))
                }
                Err(e) => seen
                    .problems
                    .push(DeviceProblem::MarkerUnreadable(e.to_string())),
            },
        }
        for sub in SUBS {
            let folder = base.join(sub);
            let listed = match fsio::list_below(&self.dir, &folder) {
                Ok(listed) => listed,
                // A folder that is a link, or that cannot be listed: named, not followed.
                Err(e) => {
                    let d = Damaged::from_error(&folder, &e).ok_or(e)?;
                    seen.problems.push(DeviceProblem::File(d));
                    continue;
                }
            };
            let mut names: Vec<String> = listed
                .into_iter()
                .filter(|i| !i.file_type().is_ok_and(|t| t.is_dir()))
                .filter_map(|i| i.file_name().to_str().map(str::to_string))
                .collect();
            names.sort();
            for name in names {
                let (inner, copy) = match classify(&name) {
                    NameKind::Plain => (Path::new(sub).join(&name), false),
                    NameKind::ConflictCopy { original } => (Path::new(sub).join(original), true),
                    NameKind::Ignored => continue,
                };
                if !is_store_file(&inner) {
                    continue;
                }
                let rel = folder.join(&name);
                seen.files += 1;
                if copy {
                    seen.problems.push(DeviceProblem::ConflictCopy {
                        copy: rel.clone(),
                        of: base.join(&inner),
                    });
                }
                if let Some(d) = self.damage_of(&rel, &inner) {
                    seen.problems.push(DeviceProblem::File(d));
                }
            }
        }
        Ok(seen)
    }

    /// What is wrong with the file `rel` holding records of the store file `kind`, if anything.
    fn damage_of(&self, rel: &Path, kind: &Path) -> Option<Damaged> {
        let read = fsio::read_in(&self.dir, rel).and_then(|bytes| match bytes {
            // Gone since the listing: nothing to say.
            None => Ok(0),
            Some(bytes) => count_records(kind, &self.dir.join(rel), &bytes),
        });
        match read {
            Ok(_) => None,
            Err(e) => Some(Damaged::from_error(rel, &e).unwrap_or_else(|| Damaged {
                rel: rel.to_path_buf(),
                problem: super::FileProblem::Io(e.to_string()),
            })),
        }
    }
}

#[cfg(test)]
mod tests;
