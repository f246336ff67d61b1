//! The synced layout: one folder per device, read together, written one's own.
//!
//! ```text
//! <data dir>/
//!   devices/<device id>/     one per installation, same files as a single-folder store
//!     device.json            the marker: who writes here (see `sync::device`)
//!     partners.json, entries/YYYY-MM.json, checkins/YYYY.json, …
//!   trustwork.lock           the lock stays at the top: it is about this machine's writers
//! ```
//!
//! A store is synced when it has a `devices/` folder or was opened for a device
//! ([`Store::with_device`]). Then every reader reads each file in every device folder, and its
//! conflict copies, and merges them by key ([`crate::sync::merge`]); files of a single-folder
//! store still at the top are read as one more device that never writes again. A device writes
//! only below its own folder: each file it writes carries the time it wrote each record
//! (`written`) and the keys it deleted (`deleted`, tombstones that win on every device). Its
//! first write of a file also folds the file's conflict copies into it and removes them.

use super::damage::Damaged;
use super::files::{self, Collection, FileDoc};
use super::{Result, Store, StoreError, fsio};
use crate::model::Timestamp;
use crate::sync::conflict::{NameKind, classify};
use crate::sync::device::{DeviceId, DeviceMarker, LocalDevice, MARKER};
use crate::sync::merge::{Merged, Tombstone};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The folder of the device folders.
pub const DEVICES_DIR: &str = "devices";

/// The installation a store writes as: its id, and the local file that says so (read again at
/// each check, so two stores of one installation agree).
#[derive(Debug)]
pub(super) struct ThisDevice {
    pub(super) id: DeviceId,
    pub(super) local_file: PathBuf,
    /// When this store last wrote the marker (once per store, and again after
    /// [`MARK_AGAIN_AFTER`]: per process and hour, in effect).
    marked: Mutex<Option<Timestamp>>,
}

/// How old this store's marking may get before its next write refreshes the marker.
///
/// The marker's `last_write` is what `trustwork devices` shows as a device's last write, so it
/// is refreshed while a process keeps writing (the workbook stays open for days). It is the
/// marker, not the newest `written` stamp of the device's files, because every machine reads
/// the marker alone to tell when another wrote, without reading ten years of files, and a
/// store migrated from format 3 has no stamps at all. Once an hour costs one small write next
/// to many, and keeps the clone check as it is: the local file's `marker_written` is saved
/// before each marker, so the marker is never later than what this installation remembers.
pub const MARK_AGAIN_AFTER: chrono::TimeDelta = chrono::TimeDelta::hours(1);

impl ThisDevice {
    pub(super) fn new(local: &LocalDevice, local_file: PathBuf) -> ThisDevice {
        ThisDevice {
            id: local.device,
            local_file,
            marked: Mutex::new(None),
        }
    }
}

/// One place records are read from: a device folder, or the top of the data folder.
struct Source {
    device: DeviceId,
    /// Relative to the data folder: `devices/<id>`, or empty for the top.
    base: PathBuf,
    /// A device folder's files may have conflict copies beside them.
    conflicts: bool,
}

/// One folder (`entries`, `checkins`) of every source, listed once, so that reading its many
/// files costs no listing and no failed open each.
pub(super) struct FolderScan {
    sub: PathBuf,
    /// Per source: each file name there (a conflict copy under its original's name) with the
    /// names of the files that hold it, the original first.
    sources: Vec<(Source, HashMap<String, Vec<String>>)>,
}

impl FolderScan {
    /// The names of the files in the folder, once each, in no particular order.
    pub(super) fn names(&self) -> HashSet<&str> {
        self.sources
            .iter()
            .flat_map(|(_, names)| names.keys().map(String::as_str))
            .collect()
    }

    /// What `parse` reads in the names of the folder's files (months, years), sorted.
    pub(super) fn keys<K: Ord>(&self, parse: impl Fn(&str) -> Option<K>) -> Vec<K> {
        let mut keys: Vec<K> = self.names().into_iter().filter_map(parse).collect();
        keys.sort();
        keys
    }
}

/// One file read from a source, or why it could not be.
struct Read<T> {
    rel: PathBuf,
    doc: Result<FileDoc<T>>,
}

/// The device a single-folder store's files count as when read with device folders: the
/// lowest id, so a device's version of a record wins a tie with it.
fn top_folder() -> DeviceId {
    DeviceId::parse("0000000000000000").expect("a valid id")
}

pub(super) fn device_base(id: &DeviceId) -> PathBuf {
    Path::new(DEVICES_DIR).join(id.as_str())
}

impl Store {
    /// A store at `dir` that writes as the installation `local` (kept in `local_file`, outside
    /// the data folder): synced, whether or not other devices have written yet.
    pub fn with_device(
        dir: impl Into<PathBuf>,
        clock: crate::clock::Clock,
        local: &LocalDevice,
        local_file: impl Into<PathBuf>,
    ) -> Store {
        let mut store = Store::at(dir, clock);
        store.device = Some(std::sync::Arc::new(ThisDevice::new(
            local,
            local_file.into(),
        )));
        store
    }

    /// The device this store writes as, if it was opened for one.
    pub fn device(&self) -> Option<&DeviceId> {
        self.device.as_ref().map(|d| &d.id)
    }

    /// True when readers merge device folders and writes go to this device's own.
    pub fn is_synced(&self) -> bool {
        self.device.is_some() || self.dir.join(DEVICES_DIR).is_dir()
    }

    /// The device folders there are, in id order (names that are no device id are passed
    /// over: a sync tool's folder, a conflict copy of a folder).
    pub fn devices(&self) -> Result<Vec<DeviceId>> {
        let mut out = Vec::new();
        for item in fsio::list_below(&self.dir, Path::new(DEVICES_DIR))? {
            let is_dir = item.file_type().is_ok_and(|t| t.is_dir());
            if let Some(id) = item
                .file_name()
                .to_str()
                .and_then(|n| DeviceId::parse(n).ok())
                && is_dir
            {
                out.push(id);
            }
        }
        out.sort();
        Ok(out)
    }

    /// Where a write of `rel` goes: this device's copy in a synced store, `rel` otherwise.
    pub(super) fn own_rel(&self, rel: &Path) -> PathBuf {
        match (&self.device, self.is_synced()) {
            (Some(d), true) => device_base(&d.id).join(rel),
            _ => rel.to_path_buf(),
        }
    }

    fn sources(&self) -> Result<Vec<Source>> {
        let mut out = vec![Source {
            device: top_folder(),
            base: PathBuf::new(),
            conflicts: false,
        }];
        for id in self.devices()? {
            out.push(Source {
                base: device_base(&id),
                device: id,
                conflicts: true,
            });
        }
        if let Some(me) = &self.device
            && !out.iter().any(|s| s.device == me.id)
        {
            out.push(Source {
                base: device_base(&me.id),
                device: me.id,
                conflicts: true,
            });
        }
        Ok(out)
    }

    /// The file `rel` of one source and its conflict copies, each read on its own.
    fn read_source<T: Collection>(&self, source: &Source, rel: &Path) -> Result<Vec<Read<T>>> {
        let mut out = Vec::new();
        let mut read = |rel: PathBuf| {
            let doc = match fsio::read_in(&self.dir, &rel) {
                Ok(Some(bytes)) => Some(files::decode_doc(&self.dir.join(&rel), &bytes)),
                Ok(None) => None,
                Err(e) => Some(Err(e)),
            };
            if let Some(doc) = doc {
                out.push(Read { rel, doc });
            }
        };
        let main = source.base.join(rel);
        read(main.clone());
        if source.conflicts {
            for copy in self.conflict_copies(&main)? {
                read(copy);
            }
        }
        Ok(out)
    }

    /// Lists `sub` in every source, once; `None` for a single-folder store.
    pub(super) fn scan_folder(&self, sub: &str) -> Result<Option<FolderScan>> {
        if !self.is_synced() {
            return Ok(None);
        }
        let mut sources = Vec::new();
        for source in self.sources()? {
            let mut names: HashMap<String, Vec<String>> = HashMap::new();
            for item in fsio::list_below(&self.dir, &source.base.join(sub))? {
                let Some(name) = item.file_name().to_str().map(str::to_string) else {
                    continue;
                };
                match classify(&name) {
                    NameKind::Plain => names.entry(name.clone()).or_default().insert(0, name),
                    NameKind::ConflictCopy { original } if source.conflicts => {
                        names.entry(original).or_default().push(name)
                    }
                    _ => {}
                }
            }
            for files in names.values_mut() {
                files[1..].sort();
            }
            sources.push((source, names));
        }
        Ok(Some(FolderScan {
            sub: PathBuf::from(sub),
            sources,
        }))
    }

    /// [`Store::read_merged`] of the file `name` of a scanned folder.
    pub(super) fn read_scanned<T: Collection>(
        &self,
        scan: &FolderScan,
        name: &str,
        damaged: Option<&mut Vec<Damaged>>,
    ) -> Result<Vec<T>> {
        let mut reads = Vec::new();
        for (source, names) in &scan.sources {
            for file in names.get(name).into_iter().flatten() {
                let rel = source.base.join(&scan.sub).join(file);
                let doc = match fsio::read_in(&self.dir, &rel) {
                    Ok(Some(bytes)) => files::decode_doc(&self.dir.join(&rel), &bytes),
                    // Gone since the listing: as if it had not been listed.
                    Ok(None) => continue,
                    Err(e) => Err(e),
                };
                reads.push((source.device, Read { rel, doc }));
            }
        }
        merge_reads(self, reads, damaged)
    }

    /// The conflict copies of the file `rel` beside it.
    fn conflict_copies(&self, rel: &Path) -> Result<Vec<PathBuf>> {
        let (Some(folder), Some(name)) = (rel.parent(), rel.file_name().and_then(|n| n.to_str()))
        else {
            return Ok(Vec::new());
        };
        let mut out = Vec::new();
        for item in fsio::list_below(&self.dir, folder)? {
            if let Some(n) = item.file_name().to_str()
                && let NameKind::ConflictCopy { original } = classify(n)
                && original == name
            {
                out.push(folder.join(n));
            }
        }
        out.sort();
        Ok(out)
    }

    /// Every source's version of `rel`, merged. With `damaged`, a file that cannot be read is
    /// noted there and left out; without, it stops the read.
    pub(super) fn read_merged<T: Collection>(
        &self,
        rel: &Path,
        damaged: Option<&mut Vec<Damaged>>,
    ) -> Result<Vec<T>> {
        let mut reads = Vec::new();
        for source in self.sources()? {
            for read in self.read_source::<T>(&source, rel)? {
                reads.push((source.device, read));
            }
        }
        merge_reads(self, reads, damaged)
    }

    /// The names in `sub` of every source that `parse` accepts (a conflict copy's as its
    /// original's), once each, in order.
    pub(super) fn list_merged<K: Ord>(
        &self,
        sub: &str,
        parse: impl Fn(&str) -> Option<K>,
    ) -> Result<Vec<K>> {
        let mut out = Vec::new();
        for source in self.sources()? {
            for item in fsio::list_below(&self.dir, &source.base.join(sub))? {
                let Some(name) = item.file_name().to_str().map(str::to_string) else {
                    continue;
                };
                let name = match classify(&name) {
                    NameKind::Plain => name,
                    NameKind::ConflictCopy { original } if source.conflicts => original,
                    _ => continue,
                };
                out.extend(parse(&name));
            }
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// True when a partners file is anywhere: at the top or in a device folder.
    pub(super) fn any_partners(&self) -> bool {
        self.sources().is_ok_and(|sources| {
            sources.iter().any(|s| {
                self.dir
                    .join(&s.base)
                    .join(super::paths::PARTNERS)
                    .is_file()
            })
        })
    }

    /// Checks that this device's folder was last written by this installation (see
    /// `sync::device`), and returns what the local device file holds; `None` for a store opened
    /// without a device.
    pub fn check_device(&self) -> Result<Option<LocalDevice>> {
        let Some(me) = &self.device else {
            return Ok(None);
        };
        let local = LocalDevice::load(&me.local_file)?.ok_or_else(|| {
            StoreError::Refused(format!(
                "the device file {} is gone; trustwork will not write as device {} without it",
                me.local_file.display(),
                me.id
            ))
        })?;
        let marker_rel = device_base(&me.id).join(MARKER);
        if let Some(bytes) = fsio::read_in(&self.dir, &marker_rel)? {
            let marker = DeviceMarker::decode(&self.dir.join(&marker_rel), &bytes)?;
            marker.check(&local, &me.local_file)?;
        }
        Ok(Some(local))
    }

    /// Writes this device's marker once per store (and again when the last marking is older
    /// than [`MARK_AGAIN_AFTER`]), after checking that the one there was written by this
    /// installation (see `sync::device`), and makes sure the data folder has its ignore files
    /// (see `store::ignore`). Call it holding the lock.
    pub(super) fn mark_device(&self) -> Result<()> {
        let Some(me) = &self.device else {
            return Ok(());
        };
        let now = self.clock.now();
        let mut marked = me.marked.lock().unwrap_or_else(|e| e.into_inner());
        if marked.is_some_and(|at| now.signed_duration_since(at) < MARK_AGAIN_AFTER) {
            return Ok(());
        }
        let marker_rel = device_base(&me.id).join(MARKER);
        let mut local = self.check_device()?.expect("a store with a device");
        // The local file first: a crash between the two leaves a marker older than what the
        // local file remembers, which is no clone.
        local.marker_written = Some(now);
        local.save(&me.local_file)?;
        let bytes = crate::json::to_vec_pretty(&local.marker(now)).expect("a marker serialises");
        fsio::write_in(&self.dir, &marker_rel, &bytes)?;
        *marked = Some(now);
        drop(marked);
        // Best effort: the records are safe without them, and `trustwork devices` says when
        // one is missing or lacks trustwork's lines.
        let _ = self.ensure_ignore_files();
        Ok(())
    }
}

static SKIPPED: std::sync::Mutex<Vec<Damaged>> = std::sync::Mutex::new(Vec::new());

/// Other devices' files (and conflict copies of this device's) that reads and writes of this
/// process left out since the last call (they could not be read, or are of a newer format),
/// each once; the list is emptied.
pub fn take_skipped_files() -> Vec<Damaged> {
    let mut all = std::mem::take(&mut *SKIPPED.lock().unwrap_or_else(|e| e.into_inner()));
    let mut seen = HashSet::new();
    all.retain(|d| seen.insert(d.rel.clone()));
    all
}

/// The records of the files read, merged. With `damaged`, a file that could not be read is
/// noted there and left out; without, it stops the read.
fn merge_reads<T: Collection>(
    store: &Store,
    reads: Vec<(DeviceId, Read<T>)>,
    mut damaged: Option<&mut Vec<Damaged>>,
) -> Result<Vec<T>> {
    let mut docs = Vec::new();
    for (device, read) in reads {
        match read.doc {
            Ok(doc) => docs.push((device, doc)),
            // This device's own files by the names `restore` takes (`checkins/2026.json`).
            // Even a reader that stops at damage goes on past another device's file: it is
            // that device's to mend (or a newer trustwork's), and costs only its records.
            Err(e) => {
                let note = Damaged::from_error(&store.short_name(&read.rel), &e);
                let others = store.device() != Some(&device) && device != top_folder();
                match (&mut damaged, note) {
                    (Some(d), Some(note)) => d.push(note),
                    (None, Some(note)) if others => {
                        SKIPPED.lock().unwrap_or_else(|e| e.into_inner()).push(note)
                    }
                    _ => return Err(e),
                }
            }
        }
    }
    // One file and no deletions, as most months are: nothing to merge, its order kept.
    if docs.len() == 1 && docs[0].1.deleted.is_empty() {
        return Ok(docs.pop().map(|(_, d)| d.records).unwrap_or_default());
    }
    let docs = match union_if_disjoint(docs) {
        Ok(records) => return Ok(records),
        Err(docs) => docs,
    };
    let mut merged = Merged::new();
    for (device, doc) in docs {
        add_doc(&mut merged, &device, doc);
    }
    let mut out = merged.into_records();
    out.sort_by(T::merged_order);
    Ok(out)
}

/// The records of `docs` when no key is in two of them and nothing was deleted (each device
/// wrote its own records, as two partners on two laptops mostly do): nothing to rank, so no
/// merge is built. In the order the merge gives (by key, then the kind's order), so the result
/// is the merge's exactly; `Err` gives the files back for the merge.
pub(super) fn union_if_disjoint<T: Collection>(
    docs: Vec<(DeviceId, FileDoc<T>)>,
) -> std::result::Result<Vec<T>, Vec<(DeviceId, FileDoc<T>)>> {
    if docs.iter().any(|(_, d)| !d.deleted.is_empty()) {
        return Err(docs);
    }
    let keys: Vec<String> = docs
        .iter()
        .flat_map(|(_, d)| d.records.iter().map(Collection::key))
        .collect();
    let mut seen = HashSet::with_capacity(keys.len());
    if !keys.iter().all(|k| seen.insert(k.as_str())) {
        return Err(docs);
    }
    drop(seen);
    let records: Vec<T> = docs.into_iter().flat_map(|(_, d)| d.records).collect();
    let mut order: Vec<usize> = (0..records.len()).collect();
    // Indices are sorted, not the records: a record is large to move.
    order.sort_by(|&a, &b| {
        T::merged_order(&records[a], &records[b]).then_with(|| keys[a].cmp(&keys[b]))
    });
    let mut slots: Vec<Option<T>> = records.into_iter().map(Some).collect();
    Ok(order.into_iter().filter_map(|i| slots[i].take()).collect())
}

pub(super) fn add_doc<T: Collection>(merged: &mut Merged<T>, device: &DeviceId, doc: FileDoc<T>) {
    for r in doc.records {
        let key = Collection::key(&r);
        let time = doc
            .written
            .get(&key)
            .copied()
            .unwrap_or_else(|| r.version_time());
        merged.add_keyed(key, device, r, time);
    }
    for (key, deleted) in doc.deleted {
        merged.add_tombstone(Tombstone {
            key,
            deleted,
            device: *device,
        });
    }
}

/// True when a record's own time is the time of the write that changes it (the app sets it a
/// moment before the store writes), so a stamp would repeat it.
fn carries_its_time(own: Timestamp, now: Timestamp) -> bool {
    own <= now && now.signed_duration_since(own) <= chrono::Duration::seconds(2)
}

/// A record as bytes, to tell whether a write changed it.
fn bytes_of<T: Collection>(r: &T) -> Vec<u8> {
    serde_json::to_vec(r).expect("records always serialise")
}

impl super::Txn<'_> {
    /// [`super::Txn::modify`] in a synced store: `f` changes the merged records, and what it
    /// changed is written to this device's file only — a changed or new record stamped with
    /// the time, a removed one as a tombstone. The file's conflict copies are folded in and
    /// removed; another device's file that cannot be read is left out of what `f` sees, never
    /// written over.
    pub(super) fn modify_synced<T: Collection, R>(
        &self,
        rel: &Path,
        f: impl FnOnce(&mut Vec<T>) -> Result<R>,
    ) -> Result<R> {
        let store = self.store;
        let me = store.device.as_ref().ok_or_else(|| {
            StoreError::Refused(
                "this data folder is shared between devices (it has a devices folder); \
                 trustwork writes to it only as a device"
                    .into(),
            )
        })?;
        let own = Source {
            device: me.id,
            base: device_base(&me.id),
            conflicts: true,
        };
        // This device's file: strict, since this is what is written over. A conflict copy of
        // it that does not read is left out and left in place (never removed unread), and the
        // command names it, like another device's damaged file.
        let own_rel = own.base.join(rel);
        let mut own_reads = Vec::new();
        let mut ignored = Vec::new();
        for read in store.read_source::<T>(&own, rel)? {
            match read.doc {
                Ok(doc) => own_reads.push((read.rel, doc)),
                Err(e) if read.rel == own_rel => return Err(e),
                Err(e) => match Damaged::from_error(&store.short_name(&read.rel), &e) {
                    Some(note) => ignored.push(note),
                    None => return Err(e),
                },
            }
        }
        let copies: Vec<PathBuf> = own_reads
            .iter()
            .map(|(r, _)| r.clone())
            .filter(|r| *r != own_rel)
            .collect();
        let mut mine: FileDoc<T> = match own_reads.len() {
            0 => FileDoc::default(),
            1 => own_reads.pop().map(|(_, d)| d).unwrap_or_default(),
            _ => {
                let mut folded = Merged::new();
                for (_, doc) in own_reads {
                    add_doc(&mut folded, &me.id, doc);
                }
                let mut doc = FileDoc::default();
                for (r, time, _) in folded.versions() {
                    doc.written.insert(Collection::key(r), time);
                    doc.records.push(r.clone());
                }
                doc.records.sort_by(T::merged_order);
                for t in folded.tombstones() {
                    doc.deleted.insert(t.key, t.deleted);
                }
                doc
            }
        };
        // Everything else, lenient: a damaged file of another device is only left out. Not
        // this machine's files from before syncing (the top), nor anyone's partners: a write
        // that did not see them could lose records, or let in a partner too many.
        let mut merged = Merged::new();
        for source in store.sources()?.into_iter().filter(|s| s.device != me.id) {
            let strict = source.base.as_os_str().is_empty() || T::KIND == "partners";
            for read in store.read_source::<T>(&source, rel)? {
                match read.doc {
                    Ok(doc) => add_doc(&mut merged, &source.device, doc),
                    Err(e) if strict => return Err(e),
                    Err(e) => match Damaged::from_error(&read.rel, &e) {
                        Some(note) => ignored.push(note),
                        None => return Err(e),
                    },
                }
            }
        }
        add_doc(&mut merged, &me.id, mine.clone());
        let mut records = merged.into_records();
        records.sort_by(T::merged_order);
        let before: HashMap<String, Vec<u8>> = records
            .iter()
            .map(|r| (Collection::key(r), bytes_of(r)))
            .collect();

        let out = f(&mut records)?;

        let now = store.clock.now();
        let mut kept: HashMap<String, T> = std::mem::take(&mut mine.records)
            .into_iter()
            .map(|r| (Collection::key(&r), r))
            .collect();
        let mut after_keys = HashSet::new();
        for r in records {
            let key = Collection::key(&r);
            if !after_keys.insert(key.clone()) {
                continue;
            }
            if before.get(&key) != Some(&bytes_of(&r)) {
                // A record that carries the time of this change itself (an entry saved now)
                // needs no stamp: the merge reads its own time. One that does not (a rename,
                // a star, the settings) is stamped with the time of the write.
                if carries_its_time(r.version_time(), now) {
                    mine.written.remove(&key);
                } else {
                    mine.written.insert(key.clone(), now);
                }
                mine.deleted.remove(&key);
                mine.records.push(r);
            } else if let Some(own_version) = kept.remove(&key) {
                mine.records.push(own_version);
            }
        }
        for key in before.keys().filter(|k| !after_keys.contains(*k)) {
            mine.deleted.insert(key.clone(), now);
        }
        // What is left of this device's versions was deleted (here or on another device):
        // its text goes from this device's file too.
        let present: HashSet<String> = mine.records.iter().map(Collection::key).collect();
        mine.written.retain(|k, _| present.contains(k));

        // Marked (and the marker checked) only now: a write refused above leaves no trace.
        store.mark_device()?;
        SKIPPED
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(ignored);
        self.keep_backup(&own_rel);
        fsio::write_in(&store.dir, &own_rel, &files::encode_doc(&mine))?;
        for copy in copies {
            fsio::check_below(&store.dir, &copy, true)?;
            let path = store.dir.join(&copy);
            fsio::remove_if_there(&path)
                .map_err(|e| StoreError::io("could not remove the conflict copy", &path, e))?;
        }
        Ok(out)
    }
}
