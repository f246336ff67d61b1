//! Writing the store: under the lock, one file at a time, each re-read, merged by record key and
//! written atomically.

use super::paths;
use super::{Collection, MAX_PARTNERS, Result, Store, StoreError, files, find_partner, fsio};
use crate::model::{Partner, Role, Settings};
use std::cmp::Ordering;
use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

impl Store {
    /// Runs `f` holding the write lock. Everything `f` changes through the [`Txn`] is re-read
    /// under the lock first, so concurrent writers merge instead of overwriting each other.
    /// Temporary files left by writers that died are removed first.
    pub fn write<R>(&self, f: impl FnOnce(&Txn) -> Result<R>) -> Result<R> {
        let lock = fsio::WriteLock::acquire(&self.dir, fsio::LOCK_WAIT)?;
        fsio::remove_stale_temps(&self.dir);
        // This device's folder too; never another's: its writers are on another machine.
        let own = self.own_rel(std::path::Path::new(""));
        if !own.as_os_str().is_empty() && fsio::check_below(&self.dir, &own, true).is_ok() {
            fsio::remove_stale_temps(&self.dir.join(own));
        }
        let txn = Txn {
            store: self,
            _lock: lock,
        };
        f(&txn)
    }

    /// The one write path of a single file: takes the lock, re-reads the file, lets `f` change
    /// its records and writes it back atomically if `f` succeeds.
    pub(super) fn modify<T: Collection, R>(
        &self,
        rel: impl AsRef<Path>,
        f: impl FnOnce(&mut Vec<T>) -> Result<R>,
    ) -> Result<R> {
        self.write(|tx| tx.modify(rel, f))
    }

    /// Adds the records whose key is not in their file yet, each in the file `file_of` gives
    /// it, all under one lock; a record already there is left as it is, never replaced. Each
    /// file written is kept in `order`. Returns how many were added.
    pub(super) fn add_new<T: Collection>(
        &self,
        records: &[T],
        file_of: impl Fn(&T) -> PathBuf,
        order: impl Fn(&T, &T) -> Ordering,
    ) -> Result<usize> {
        let mut by_file: BTreeMap<PathBuf, Vec<&T>> = BTreeMap::new();
        for r in records {
            by_file.entry(file_of(r)).or_default().push(r);
        }
        self.write(|tx| {
            let mut added = 0;
            for (file, rs) in by_file {
                tx.modify::<T, _>(file, |all| {
                    let have: HashSet<String> = all.iter().map(|r| r.key()).collect();
                    let new: Vec<T> = rs
                        .into_iter()
                        .filter(|r| !have.contains(&r.key()))
                        .cloned()
                        .collect();
                    added += new.len();
                    all.extend(new);
                    all.sort_by(&order);
                    Ok(())
                })?;
            }
            Ok(added)
        })
    }

    /// Adds a partner. Names are unique ignoring case, and there are at most two partners.
    pub fn add_partner(&self, name: &str, role: Role) -> Result<Partner> {
        let name = crate::validate::name(name)?;
        let partner = Partner {
            id: crate::ids::new_id(),
            name: name.to_string(),
            role,
            created: self.clock.now(),
        };
        self.modify::<Partner, _>(paths::PARTNERS, |ps| {
            if find_partner(ps, name).is_some() {
                return Err(StoreError::Refused(format!(
                    "there is already a partner called {}",
                    crate::text::escape_line(name)
                )));
            }
            if ps.len() >= MAX_PARTNERS {
                return Err(StoreError::Refused(format!(
                    "trustwork is for one or two partners, and there are already two ({} and {})",
                    ps[0].name, ps[1].name
                )));
            }
            ps.push(partner.clone());
            Ok(())
        })?;
        Ok(partner)
    }

    /// Sets or changes a partner's passphrase. Changing it needs the current one, so nobody
    /// else can replace a partner's key and lock them out of their own writing. Slow (Argon2id
    /// twice): call it off the UI thread. Returns the partner's data key, unlocked.
    pub fn set_passphrase(
        &self,
        partner: &str,
        current: Option<&str>,
        new: &str,
    ) -> Result<crate::crypto::DataKey> {
        let now = self.clock.now();
        let (pk, key) = match (self.partner_key(partner)?, current) {
            (Some(old), Some(current)) => {
                let key = crate::crypto::unlock(&old, current)?;
                (crate::crypto::wrap(partner, &key, new, now), key)
            }
            (Some(_), None) => return Err(crate::privacy::Denied::Locked.into()),
            (None, _) => crate::crypto::new_key(partner, new, now),
        };
        let first = self.partner_key(partner)?.is_none();
        self.write(|tx| {
            tx.modify::<crate::crypto::PartnerKey, _>(paths::KEYS, |all| {
                upsert(all, pk);
                Ok(())
            })?;
            // A key wrapped by an old passphrase must not stay behind in a backup.
            fsio::refresh_backup_in(&self.dir, &self.own_rel(paths::KEYS.as_ref()))?;
            if first {
                tx.seal_what_was_written(partner, &key)?;
            }
            Ok(())
        })?;
        Ok(key)
    }

    pub fn put_settings(&self, settings: Settings) -> Result<()> {
        self.modify::<Settings, _>(paths::SETTINGS, |all| {
            all.clear();
            all.push(settings);
            Ok(())
        })
    }

    /// Renames a partner or changes their role. The name is a label: nothing else changes.
    pub fn update_partner(&self, id: &str, name: &str, role: Role) -> Result<()> {
        let name = crate::validate::name(name)?.to_string();
        self.modify::<Partner, _>(paths::PARTNERS, |ps| {
            if ps
                .iter()
                .any(|p| p.id != id && p.name.to_lowercase() == name.to_lowercase())
            {
                return Err(StoreError::Refused(format!(
                    "there is already a partner called {}",
                    crate::text::escape_line(&name)
                )));
            }
            let p = ps
                .iter_mut()
                .find(|p| p.id == id)
                .ok_or_else(|| StoreError::Refused("that partner no longer exists".into()))?;
            p.name = name.clone();
            p.role = role;
            Ok(())
        })
    }
}

/// Replaces the record with the same key, or adds it.
pub fn upsert<T: Collection>(all: &mut Vec<T>, record: T) {
    let key = record.key();
    match all.iter_mut().find(|r| r.key() == key) {
        Some(slot) => *slot = record,
        None => all.push(record),
    }
}

/// Replaces or adds many records, matching keys through an index rather than a scan each.
pub fn upsert_many<T: Collection>(all: &mut Vec<T>, records: impl IntoIterator<Item = T>) {
    let mut index: std::collections::HashMap<String, usize> =
        all.iter().enumerate().map(|(i, r)| (r.key(), i)).collect();
    for r in records {
        match index.get(&r.key()) {
            Some(&i) => all[i] = r,
            None => {
                index.insert(r.key(), all.len());
                all.push(r);
            }
        }
    }
}

/// A write in progress: the lock is held for its whole life.
pub struct Txn<'a> {
    pub(super) store: &'a Store,
    _lock: fsio::WriteLock,
}

impl Txn<'_> {
    /// Re-reads one file, lets `f` change its records, and writes it back atomically if `f`
    /// succeeds. An unreadable or newer file stops here, untouched.
    pub fn modify<T: Collection, R>(
        &self,
        rel: impl AsRef<Path>,
        f: impl FnOnce(&mut Vec<T>) -> Result<R>,
    ) -> Result<R> {
        let rel = rel.as_ref();
        if self.store.is_synced() {
            return self.modify_synced(rel, f);
        }
        let mut records = self.store.read::<T>(rel)?;
        let out = f(&mut records)?;
        self.keep_backup(rel);
        fsio::write_in(&self.store.dir, rel, &files::encode(&records))?;
        Ok(out)
    }

    pub fn store(&self) -> &Store {
        self.store
    }
}
