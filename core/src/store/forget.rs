//! Forgetting: erasing trustwork's own files (`forget --all`), or one partner's records
//! (`forget --me`). Only files trustwork writes are ever removed, and symlinks are never followed.

use super::paths::{self, Month};
use super::{Collection, Result, Store, StoreError, Txn, files, fsio};
use crate::crypto::PartnerKey;
use crate::model::{
    CheckIn, Draft, Entry, ExerciseResult, GuideProgress, Moment, Partner, Trashed,
};
use crate::together::{Agreement, Promise, Session};
use std::fs;
use std::path::{Path, PathBuf};

/// The collection files at the top of the data folder.
pub const COLLECTION_FILES: [&str; 11] = [
    paths::PARTNERS,
    paths::EXERCISES,
    paths::PROGRESS,
    paths::AGREEMENTS,
    paths::PROMISES,
    paths::MOMENTS,
    paths::TOGETHER,
    paths::DRAFTS,
    paths::TRASH,
    paths::SETTINGS,
    paths::KEYS,
];

/// True when `rel` (relative to the data folder) names a file trustwork writes: a collection
/// file, its `NAME.bak`, a temporary `.NAME.tmp-PID-RANDOM` of a write (or `.NAME.tmp-PID`, as
/// older versions named it), a rolling backup `backups/NAME/TIME.json`, or the lock.
pub fn is_trustwork_file(rel: &Path) -> bool {
    use crate::sync::device::MARKER;
    if let Some(inner) = synced_inner(rel) {
        // A device folder's marker, and a conflict copy of any of its files: trustwork's too.
        let name = inner.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if inner.parent() == Some(Path::new("")) && written_as(name, |n| n == MARKER) {
            return true;
        }
        return match crate::sync::classify(name) {
            crate::sync::NameKind::ConflictCopy { original } => {
                is_trustwork_file(&inner.with_file_name(original))
            }
            _ => is_trustwork_file(&inner),
        };
    }
    if rel.starts_with(super::BACKUPS_DIR) {
        return super::backups::is_backup_file(rel);
    }
    let parts = paths::plain_parts(rel);
    match parts.as_deref() {
        Some([name]) => {
            *name == fsio::LOCK_FILE
                || written_as(name, |n| COLLECTION_FILES.contains(&n))
                || super::ignore::is_ignore_temp(name)
        }
        Some([paths::ENTRIES_DIR, name]) => written_as(name, is_month_file),
        Some([paths::CHECKINS_DIR, name]) => written_as(name, is_year_file),
        _ => false,
    }
}

/// `NAME`, `NAME.bak` or a temporary name of NAME (see [`fsio::temp_parts`]), for a NAME that
/// `is_collection` accepts.
fn written_as(name: &str, is_collection: impl Fn(&str) -> bool) -> bool {
    if let Some(base) = name.strip_suffix(".bak") {
        return is_collection(base);
    }
    if name.starts_with('.') {
        return fsio::temp_parts(name).is_some_and(|(base, _)| is_collection(base));
    }
    is_collection(name)
}

fn is_month_file(name: &str) -> bool {
    Month::from_file_name(name).is_some_and(|m| m.file().file_name().is_some_and(|f| f == name))
}

fn is_year_file(name: &str) -> bool {
    name.bytes().take(4).all(|b| b.is_ascii_digit())
        && paths::year_from_file_name(name).is_some_and(|y| {
            paths::checkins_file(y)
                .file_name()
                .is_some_and(|f| f == name)
        })
}

/// A typed passphrase; never printed, wiped from memory when dropped.
#[derive(Clone, PartialEq, Eq)]
pub struct Passphrase(pub zeroize::Zeroizing<String>);

impl From<&str> for Passphrase {
    fn from(s: &str) -> Passphrase {
        Passphrase(zeroize::Zeroizing::new(s.to_string()))
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(hidden)")
    }
}

/// Passphrases given for forgetting, by partner id.
pub type Passphrases = [(String, Passphrase)];

/// What is forgotten: everything of trustwork's, or one partner's records (by id).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    All,
    Partner(&'a str),
}

/// The partners whose passphrase forgetting `scope` needs: for everything in a two-partner store,
/// every partner who has one (so one cannot erase the other's private writing); for one partner,
/// theirs.
pub fn passphrases_needed(scope: Scope, partners: &[Partner], keys: &[PartnerKey]) -> Vec<Partner> {
    let keyed = |p: &&Partner| keys.iter().any(|k| k.partner == p.id);
    match scope {
        Scope::All if partners.len() < 2 => Vec::new(),
        Scope::All => partners.iter().filter(keyed).cloned().collect(),
        Scope::Partner(id) => partners
            .iter()
            .filter(|p| p.id == id)
            .filter(keyed)
            .cloned()
            .collect(),
    }
}

/// What `forget --all` did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Erased {
    pub files: usize,
    /// What is not trustwork's, left in place: relative paths, sorted (a folder ends in `/`).
    pub left: Vec<PathBuf>,
}

/// What `forget --me` did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PartnerForgotten {
    pub records: usize,
    /// Files rewritten (their backups replaced too).
    pub files: usize,
}

impl Store {
    /// The partners whose passphrase forgetting `scope` needs (see [`passphrases_needed`]).
    pub fn forget_needs(&self, scope: Scope) -> Result<Vec<Partner>> {
        Ok(passphrases_needed(
            scope,
            &self.partners()?,
            &self.read::<PartnerKey>(paths::KEYS)?,
        ))
    }

    /// Erases every file trustwork writes, backups included, then `entries/`, `checkins/` and
    /// the data folder if they are empty. Anything else is left and reported. A link is never
    /// followed nor removed: it is left (and reported) as it is, and what it points to with it.
    pub fn forget_all(&self, given: &Passphrases) -> Result<Erased> {
        if !self.dir.is_dir() {
            return Ok(Erased::default());
        }
        let verified = self.verify(Scope::All, given)?;
        let lock = fsio::WriteLock::acquire(&self.dir, fsio::LOCK_WAIT)?;
        self.still_verified(Scope::All, &verified)?;
        let mut out = Erased::default();
        sweep(&self.dir, Path::new(""), &mut out)?;
        drop(lock);
        // A data folder that is itself a link was the user's choice: it is emptied, not removed.
        let linked = fs::symlink_metadata(&self.dir).is_ok_and(|m| m.file_type().is_symlink());
        if out.left.is_empty() && !linked {
            fs::remove_dir(&self.dir)
                .map_err(|e| StoreError::io("could not remove", &self.dir, e))?;
        }
        out.left.sort();
        Ok(out)
    }

    /// Removes one partner's records from every file that holds them, and from those files'
    /// backups; the other partner's records stay as they are.
    pub fn forget_partner(&self, id: &str, given: &Passphrases) -> Result<PartnerForgotten> {
        if !self.partners()?.iter().any(|p| p.id == id) {
            return Err(StoreError::Refused("that partner no longer exists".into()));
        }
        let verified = self.verify(Scope::Partner(id), given)?;
        self.write(|tx| {
            self.still_verified(Scope::Partner(id), &verified)?;
            // A dry run first: every file must read before any is written.
            scrub_partner(tx, id, false)?;
            scrub_partner(tx, id, true)
        })
    }

    /// Checks the passphrases `scope` needs; returns the keys they opened.
    fn verify(&self, scope: Scope, given: &Passphrases) -> Result<Vec<PartnerKey>> {
        let keys = self.read::<PartnerKey>(paths::KEYS)?;
        let mut opened = Vec::new();
        for p in passphrases_needed(scope, &self.partners()?, &keys) {
            let name = crate::text::escape_line(&p.name);
            let pass = given.iter().find(|(id, _)| *id == p.id).ok_or_else(|| {
                StoreError::Refused(format!(
                    "this needs {name}'s passphrase; nothing was erased"
                ))
            })?;
            let key = keys
                .iter()
                .find(|k| k.partner == p.id)
                .expect("a needed key");
            crate::crypto::unlock(key, &pass.1.0).map_err(|e| {
                StoreError::Refused(match e {
                    crate::crypto::CryptoError::WrongPassphrase => {
                        format!("that is not {name}'s passphrase; nothing was erased")
                    }
                    e => format!("{name}'s key: {e}; nothing was erased"),
                })
            })?;
            opened.push(key.clone());
        }
        Ok(opened)
    }

    /// Under the lock: the keys needed are still the ones verified (none set meanwhile).
    fn still_verified(&self, scope: Scope, verified: &[PartnerKey]) -> Result<()> {
        let keys = self.read::<PartnerKey>(paths::KEYS)?;
        let now: Vec<&PartnerKey> = passphrases_needed(scope, &self.partners()?, &keys)
            .iter()
            .filter_map(|p| keys.iter().find(|k| k.partner == p.id))
            .collect();
        if now.len() != verified.len() || now.iter().any(|k| !verified.contains(k)) {
            return Err(StoreError::Refused(
                "a passphrase changed meanwhile; nothing was erased. Please try again.".into(),
            ));
        }
        Ok(())
    }
}

/// Removes trustwork's files below `root/rel` and lists the rest. Symlinks are never followed:
/// a folder is entered only after `symlink_metadata` says it is one, not a link to one.
fn sweep(root: &Path, rel: &Path, out: &mut Erased) -> Result<()> {
    let dir = root.join(rel);
    if !rel.as_os_str().is_empty() {
        // It was a folder when listed; it must still be one, not a link put in its place.
        fsio::check_below(root, rel, true)?;
    }
    let list = |e| StoreError::io("could not list", &dir, e);
    let mut empty = true;
    for item in fs::read_dir(&dir).map_err(list)? {
        let item = item.map_err(list)?;
        empty = false;
        let rel = rel.join(item.file_name());
        let path = root.join(&rel);
        let kind = item
            .file_type()
            .map_err(|e| StoreError::io("could not look at", &path, e))?;
        if kind.is_dir() {
            let before = out.left.len();
            sweep(root, &rel, out)?;
            if is_own_dir(&rel) && out.left.len() == before {
                fs::remove_dir(&path).map_err(|e| StoreError::io("could not remove", &path, e))?;
            }
        } else if kind.is_file()
            && (is_trustwork_file(&rel) || super::ignore::is_as_written(root, &rel))
        {
            fs::remove_file(&path).map_err(|e| StoreError::io("could not remove", &path, e))?;
            out.files += 1;
        } else {
            out.left.push(rel);
        }
    }
    if empty && !rel.as_os_str().is_empty() && !is_own_dir(rel) {
        out.left.push(rel.join(""));
    }
    Ok(())
}

/// The folders trustwork makes: removed by `forget --all` once emptied of its files.
/// A path inside a device folder (`devices/<id>/…`), inside the single-folder files a move
/// into a device folder kept (`legacy-backup/…`), or inside the rolling backups of a device's
/// files (`backups/devices/<id>/…`): what it is below that, as a single-folder store's path
/// (the backups' as `backups/…`).
pub(super) fn synced_inner(rel: &Path) -> Option<PathBuf> {
    let device_rest = |rest: &Path| -> Option<PathBuf> {
        let id = rest.iter().next()?.to_str()?;
        crate::sync::DeviceId::parse(id).ok()?;
        rest.strip_prefix(id).ok().map(Path::to_path_buf)
    };
    if let Ok(rest) = rel.strip_prefix(super::DEVICES_DIR) {
        return device_rest(rest);
    }
    if let Ok(rest) = rel.strip_prefix(super::LEGACY_BACKUP_DIR) {
        return Some(rest.to_path_buf());
    }
    let rest = rel
        .strip_prefix(super::BACKUPS_DIR)
        .ok()?
        .strip_prefix(super::DEVICES_DIR)
        .ok()?;
    device_rest(rest).map(|inner| Path::new(super::BACKUPS_DIR).join(inner))
}

pub(super) fn is_own_dir(rel: &Path) -> bool {
    if rel == Path::new(super::DEVICES_DIR)
        || rel == Path::new(super::BACKUPS_DIR).join(super::DEVICES_DIR)
    {
        return true;
    }
    if let Some(inner) = synced_inner(rel) {
        return inner.as_os_str().is_empty()
            || inner == Path::new(super::BACKUPS_DIR)
            || is_own_dir(&inner);
    }
    rel == Path::new(paths::ENTRIES_DIR)
        || rel == Path::new(paths::CHECKINS_DIR)
        || super::backups::is_backup_folder(rel)
}

/// Every file that holds partner `id`'s records, in an order where a crash part-way leaves the
/// partner (and their key) in place to try again. With `write` false it only reads.
fn scrub_partner(tx: &Txn, id: &str, write: bool) -> Result<PartnerForgotten> {
    let store = tx.store();
    let mut done = PartnerForgotten::default();
    let mut add = |r: Result<PartnerForgotten>| -> Result<()> {
        let r = r?;
        done.records += r.records;
        done.files += r.files;
        Ok(())
    };
    for m in store.entry_months()? {
        add(scrub::<Entry>(tx, &m.file(), |e| e.author == id, write))?;
    }
    for y in store.checkin_years()? {
        add(scrub::<CheckIn>(
            tx,
            &paths::checkins_file(y),
            |c| c.partner == id,
            write,
        ))?;
    }
    add(scrub::<Trashed>(
        tx,
        paths::TRASH.as_ref(),
        |t| t.entry.author == id,
        write,
    ))?;
    add(scrub::<Draft>(
        tx,
        paths::DRAFTS.as_ref(),
        |d| d.partner == id,
        write,
    ))?;
    add(scrub::<ExerciseResult>(
        tx,
        paths::EXERCISES.as_ref(),
        |x| x.partner == id,
        write,
    ))?;
    add(scrub::<GuideProgress>(
        tx,
        paths::PROGRESS.as_ref(),
        |g| g.partner == id,
        write,
    ))?;
    add(scrub::<Moment>(
        tx,
        paths::MOMENTS.as_ref(),
        |m| m.partner == id,
        write,
    ))?;
    add(scrub::<Promise>(
        tx,
        paths::PROMISES.as_ref(),
        |p| p.by == id,
        write,
    ))?;
    add(scrub::<Agreement>(
        tx,
        paths::AGREEMENTS.as_ref(),
        |a| a.proposed_by == id,
        write,
    ))?;
    add(scrub::<Session>(
        tx,
        paths::TOGETHER.as_ref(),
        |s| took_part(s, id),
        write,
    ))?;
    add(scrub::<PartnerKey>(
        tx,
        paths::KEYS.as_ref(),
        |k| k.partner == id,
        write,
    ))?;
    add(scrub::<Partner>(
        tx,
        paths::PARTNERS.as_ref(),
        |p| p.id == id,
        write,
    ))?;
    Ok(done)
}

/// A together session holds its partners' answers: one they answered in goes with them.
fn took_part(s: &Session, id: &str) -> bool {
    s.questions
        .iter()
        .any(|q| q.answerers.iter().any(|a| a == id) || q.answers.iter().any(|a| a.partner == id))
}

/// Removes the records `gone` picks from one file, and makes its backups hold none either:
/// `NAME.bak` becomes the new version and the rolling backups go (see
/// `fsio::refresh_backup_in`).
fn scrub<T: Collection>(
    tx: &Txn,
    rel: &Path,
    gone: impl Fn(&T) -> bool,
    write: bool,
) -> Result<PartnerForgotten> {
    let store = tx.store();
    // Synced, this device's copy is the file written, and the one whose backups go.
    let own = store.own_rel(rel);
    let path = store.dir().join(&own);
    let records = store.read::<T>(rel)?.iter().filter(|r| gone(r)).count();
    let bak_rel = fsio::backup_path(&own);
    let bak = fsio::backup_path(&path);
    // A backup that is a link stops forgetting before anything is written (the second pass
    // could not replace it); one that does not read is left as it is, like any file trustwork
    // cannot read.
    fsio::check_below(store.dir(), &bak_rel, true)?;
    let bak_holds = matches!(fsio::read_in(store.dir(), &bak_rel), Ok(Some(bytes))
        if files::decode::<T>(&bak, &bytes).is_ok_and(|rs| rs.iter().any(&gone)));
    // A rolling backup that does not read cannot be shown free of the partner's words.
    let rolling_hold = store
        .backups_of(&own)?
        .iter()
        .any(|b| !b.contents.is_good() || holds_any(store, &b.path, &gone));
    let changes = records > 0 || bak_holds || rolling_hold;
    if write && records > 0 {
        tx.modify::<T, _>(rel, |all| {
            all.retain(|r| !gone(r));
            Ok(())
        })?;
    }
    if write && changes {
        fsio::refresh_backup_in(store.dir(), &own)?;
    }
    Ok(PartnerForgotten {
        records,
        files: usize::from(changes),
    })
}

/// Whether the backup at `backup` (relative) holds a record `gone` picks.
fn holds_any<T: Collection>(store: &Store, backup: &Path, gone: &impl Fn(&T) -> bool) -> bool {
    matches!(fsio::read_in(store.dir(), backup), Ok(Some(bytes))
        if files::decode::<T>(&store.dir().join(backup), &bytes).is_ok_and(|rs| rs.iter().any(gone)))
}

#[cfg(test)]
mod tests;
