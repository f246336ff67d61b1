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
//!   trustwork.lock           held only while writing
//! ```
//!
//! Segmenting by month means a save rewrites one month, never ten years, and the home screen
//! reads only the latest months. Readers never lock; a writer takes the lock, re-reads what it
//! changes, merges by record key and writes atomically, so the app and a shell command can both
//! write at once without losing anything.

mod files;
mod forget;
pub mod fsio;
mod records;

pub use files::{Collection, FORMAT_VERSION};
pub use forget::{
    COLLECTION_FILES, Erased, PartnerForgotten, Passphrase, Passphrases, Scope, is_trustwork_file,
    passphrases_needed,
};

use crate::clock::Clock;
use crate::model::{
    CheckIn, Draft, Entry, ExerciseResult, GuideProgress, Moment, Partner, Role, Settings, Trashed,
};
use chrono::Datelike;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

pub const DATA_DIR_VAR: &str = "TRUSTWORK_DATA_DIR";
pub const MAX_PARTNERS: usize = 2;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path} could not be read: {reason}.\nIt has been left exactly as it is; trustwork will not write over it. \
         A backup of the previous version may be beside it (.bak)."
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
    #[error("{context} ({path}): {source}")]
    Io {
        context: &'static str,
        path: PathBuf,
        source: io::Error,
    },
    #[error("{0}")]
    Refused(String),
    /// A rule that protects a partner's words said no (see `privacy`).
    #[error(transparent)]
    Denied(#[from] crate::privacy::Denied),
    #[error("{0}")]
    Crypto(#[from] crate::crypto::CryptoError),
}

impl StoreError {
    fn io(context: &'static str, path: &Path, source: io::Error) -> StoreError {
        StoreError::Io {
            context,
            path: path.to_path_buf(),
            source,
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

impl Collection for Partner {
    const KIND: &'static str = "partners";
    fn key(&self) -> String {
        self.id.clone()
    }
}
impl Collection for Entry {
    const KIND: &'static str = "entries";
    fn key(&self) -> String {
        self.id.clone()
    }
}
impl Collection for CheckIn {
    const KIND: &'static str = "checkins";
    fn key(&self) -> String {
        format!("{}/{}", self.partner, self.date)
    }
}
impl Collection for ExerciseResult {
    const KIND: &'static str = "exercises";
    fn key(&self) -> String {
        self.id.clone()
    }
}
impl Collection for Draft {
    const KIND: &'static str = "drafts";
    fn key(&self) -> String {
        format!("{}/{}", self.partner, self.key)
    }
}
impl Collection for Trashed {
    const KIND: &'static str = "trash";
    fn key(&self) -> String {
        self.entry.id.clone()
    }
}
impl Collection for Moment {
    const KIND: &'static str = "moments";
    fn key(&self) -> String {
        self.id.clone()
    }
}
impl Collection for crate::crypto::PartnerKey {
    const KIND: &'static str = "keys";
    fn key(&self) -> String {
        self.partner.clone()
    }
}
impl Collection for crate::together::Agreement {
    const KIND: &'static str = "agreements";
    fn key(&self) -> String {
        self.id.clone()
    }
}
impl Collection for crate::together::Promise {
    const KIND: &'static str = "promises";
    fn key(&self) -> String {
        self.id.clone()
    }
}
impl Collection for crate::together::Session {
    const KIND: &'static str = "together";
    fn key(&self) -> String {
        self.id.clone()
    }
}
impl Collection for Settings {
    const KIND: &'static str = "settings";
    fn key(&self) -> String {
        self.id.clone()
    }
}
impl Collection for GuideProgress {
    const KIND: &'static str = "progress";
    fn key(&self) -> String {
        format!("{}/{}", self.partner, self.guide)
    }
}

/// Where each collection lives, relative to the data folder.
pub mod paths {
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
}
use paths::Month;

/// Everything in the store, read at once (export, stats, search).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Snapshot {
    pub partners: Vec<Partner>,
    pub entries: Vec<Entry>,
    pub checkins: Vec<CheckIn>,
    pub exercises: Vec<ExerciseResult>,
    pub progress: Vec<GuideProgress>,
    pub agreements: Vec<crate::together::Agreement>,
    pub promises: Vec<crate::together::Promise>,
    pub moments: Vec<Moment>,
    pub together: Vec<crate::together::Session>,
}

impl Snapshot {
    pub fn partner_by_name(&self, name: &str) -> Option<&Partner> {
        find_partner(&self.partners, name)
    }
    pub fn partner_name(&self, id: &str) -> &str {
        self.partners
            .iter()
            .find(|p| p.id == id)
            .map(|p| p.name.as_str())
            .unwrap_or("(unknown partner)")
    }
}

/// A partner by name, ignoring case.
pub fn find_partner<'a>(partners: &'a [Partner], name: &str) -> Option<&'a Partner> {
    let key = name.trim().to_lowercase();
    partners.iter().find(|p| p.name.to_lowercase() == key)
}

/// What the home screen needs first: partners, the latest entries, recent check-ins and guide
/// progress. Older months are read on demand.
#[derive(Debug, Clone, Default)]
pub struct HomeData {
    pub partners: Vec<Partner>,
    /// Entries of the latest months read, newest first (at least `want` of them where they exist).
    pub recent_entries: Vec<Entry>,
    /// Check-ins of this year and the last.
    pub recent_checkins: Vec<CheckIn>,
    pub progress: Vec<GuideProgress>,
}

#[derive(Debug, Clone)]
pub struct Store {
    dir: PathBuf,
    clock: Clock,
}

impl Store {
    /// A store at `dir`. Nothing is created until the first write.
    pub fn at(dir: impl Into<PathBuf>, clock: Clock) -> Store {
        Store {
            dir: dir.into(),
            clock,
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

    /// True when there is a store here at all (a partners file).
    pub fn exists(&self) -> bool {
        self.dir.join(paths::PARTNERS).exists()
    }

    // ----- reading: no lock -------------------------------------------------------------------

    /// Reads one collection file; a missing file is an empty collection.
    pub fn read<T: Collection>(&self, rel: impl AsRef<Path>) -> Result<Vec<T>> {
        let path = self.dir.join(rel);
        match fs::read(&path) {
            Ok(bytes) => files::decode(&path, &bytes),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Vec::new()),
            Err(e) => Err(StoreError::io("could not read", &path, e)),
        }
    }

    pub fn partners(&self) -> Result<Vec<Partner>> {
        self.read(paths::PARTNERS)
    }

    /// The months that have an entries file, oldest first.
    pub fn entry_months(&self) -> Result<Vec<Month>> {
        let mut months = self.list(paths::ENTRIES_DIR, Month::from_file_name)?;
        months.sort();
        Ok(months)
    }

    pub fn entries_in(&self, month: Month) -> Result<Vec<Entry>> {
        self.read(month.file())
    }

    /// Every entry, oldest first.
    pub fn all_entries(&self) -> Result<Vec<Entry>> {
        let months = self.entry_months()?;
        // Parsing is the cost here; two threads halve it on a two-core machine.
        let half = months.len() / 2;
        let (a, b) = months.split_at(half);
        let (ra, rb) = std::thread::scope(|s| {
            let ha = s.spawn(|| self.read_months(a));
            let rb = self.read_months(b);
            (ha.join().expect("reader thread"), rb)
        });
        let mut all = ra?;
        all.extend(rb?);
        Ok(all)
    }

    fn read_months(&self, months: &[Month]) -> Result<Vec<Entry>> {
        let mut out = Vec::new();
        for m in months {
            let mut es = self.entries_in(*m)?;
            es.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
            out.extend(es);
        }
        Ok(out)
    }

    /// The newest `want` entries (or more, whole months at a time), newest first.
    pub fn recent_entries(&self, want: usize) -> Result<Vec<Entry>> {
        let mut out = Vec::new();
        for m in self.entry_months()?.into_iter().rev() {
            let mut es = self.entries_in(m)?;
            es.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| b.id.cmp(&a.id)));
            out.extend(es);
            if out.len() >= want {
                break;
            }
        }
        Ok(out)
    }

    /// Finds an entry by id, or by a unique prefix of at least four characters.
    pub fn find_entry(&self, id: &str) -> Result<Option<Entry>> {
        let id = id.trim().to_lowercase();
        let all = self.all_entries()?;
        if let Some(e) = all.iter().find(|e| e.id == id) {
            return Ok(Some(e.clone()));
        }
        if id.len() < 4 {
            return Ok(None);
        }
        let mut hits = all.into_iter().filter(|e| e.id.starts_with(&id));
        match (hits.next(), hits.next()) {
            (Some(e), None) => Ok(Some(e)),
            (Some(_), Some(_)) => Err(StoreError::Refused(format!(
                "{id} is the start of more than one entry id; give more of it"
            ))),
            _ => Ok(None),
        }
    }

    pub fn checkin_years(&self) -> Result<Vec<i32>> {
        let mut years = self.list(paths::CHECKINS_DIR, paths::year_from_file_name)?;
        years.sort();
        Ok(years)
    }

    /// Every check-in, oldest first.
    pub fn all_checkins(&self) -> Result<Vec<CheckIn>> {
        let mut out = Vec::new();
        for y in self.checkin_years()? {
            out.extend(self.read::<CheckIn>(paths::checkins_file(y))?);
        }
        out.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.partner.cmp(&b.partner)));
        Ok(out)
    }

    /// What the home screen needs, without reading ten years of text.
    pub fn load_home(&self, want_entries: usize) -> Result<HomeData> {
        let year = self.clock.today().year();
        let mut recent_checkins = Vec::new();
        for y in [year - 1, year] {
            recent_checkins.extend(self.read::<CheckIn>(paths::checkins_file(y))?);
        }
        recent_checkins.sort_by_key(|c| c.date);
        Ok(HomeData {
            partners: self.partners()?,
            recent_entries: self.recent_entries(want_entries)?,
            recent_checkins,
            progress: self.read(paths::PROGRESS)?,
        })
    }

    /// Everything in the store.
    pub fn load_all(&self) -> Result<Snapshot> {
        Ok(Snapshot {
            partners: self.partners()?,
            entries: self.all_entries()?,
            checkins: self.all_checkins()?,
            exercises: self.read(paths::EXERCISES)?,
            progress: self.read(paths::PROGRESS)?,
            agreements: self.read(paths::AGREEMENTS)?,
            promises: self.read(paths::PROMISES)?,
            moments: self.read(paths::MOMENTS)?,
            together: self.read(paths::TOGETHER)?,
        })
    }

    fn list<K>(&self, sub: &str, parse: impl Fn(&str) -> Option<K>) -> Result<Vec<K>> {
        let dir = self.dir.join(sub);
        let rd = match fs::read_dir(&dir) {
            Ok(rd) => rd,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(StoreError::io("could not list", &dir, e)),
        };
        let mut out = Vec::new();
        for item in rd {
            let item = item.map_err(|e| StoreError::io("could not list", &dir, e))?;
            if let Some(k) = item.file_name().to_str().and_then(&parse) {
                out.push(k);
            }
        }
        Ok(out)
    }

    // ----- writing: under the lock --------------------------------------------------------------

    /// Runs `f` holding the write lock. Everything `f` changes through the [`Txn`] is re-read
    /// under the lock first, so concurrent writers merge instead of overwriting each other.
    pub fn write<R>(&self, f: impl FnOnce(&Txn) -> Result<R>) -> Result<R> {
        let lock = fsio::WriteLock::acquire(&self.dir, fsio::LOCK_WAIT)
            .map_err(|e| StoreError::io("could not open the lock file in", &self.dir, e))?
            .ok_or_else(|| StoreError::Busy(self.dir.clone()))?;
        let txn = Txn {
            store: self,
            _lock: lock,
        };
        f(&txn)
    }

    /// Adds a partner. Names are unique ignoring case, and there are at most two partners.
    pub fn add_partner(&self, name: &str, role: Role) -> Result<Partner> {
        let name = name.trim();
        let partner = Partner {
            id: crate::ids::new_id(),
            name: name.to_string(),
            role,
            created: self.clock.now(),
        };
        self.write(|tx| {
            tx.modify::<Partner, _>(paths::PARTNERS, |ps| {
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
            })
        })?;
        Ok(partner)
    }

    /// A partner's wrapped data key, if they have set a passphrase.
    pub fn partner_key(&self, partner: &str) -> Result<Option<crate::crypto::PartnerKey>> {
        Ok(self
            .read::<crate::crypto::PartnerKey>(paths::KEYS)?
            .into_iter()
            .find(|k| k.partner == partner))
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
            if first {
                tx.seal_what_was_written(partner, &key)?;
            }
            Ok(())
        })?;
        Ok(key)
    }

    pub fn agreements(&self) -> Result<Vec<crate::together::Agreement>> {
        self.read(paths::AGREEMENTS)
    }

    pub fn promises(&self) -> Result<Vec<crate::together::Promise>> {
        self.read(paths::PROMISES)
    }

    pub fn sessions(&self) -> Result<Vec<crate::together::Session>> {
        self.read(paths::TOGETHER)
    }

    pub fn settings(&self) -> Result<Settings> {
        Ok(self
            .read::<Settings>(paths::SETTINGS)?
            .into_iter()
            .next()
            .unwrap_or_default())
    }

    pub fn put_settings(&self, settings: Settings) -> Result<()> {
        self.write(|tx| {
            tx.modify::<Settings, _>(paths::SETTINGS, |all| {
                all.clear();
                all.push(settings);
                Ok(())
            })
        })
    }

    /// Renames a partner or changes their role. The name is a label: nothing else changes.
    pub fn update_partner(&self, id: &str, name: &str, role: Role) -> Result<()> {
        let name = name.trim().to_string();
        self.write(|tx| {
            tx.modify::<Partner, _>(paths::PARTNERS, |ps| {
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
        })
    }

    /// Every difficult moment, oldest first.
    pub fn moments(&self) -> Result<Vec<Moment>> {
        let mut all: Vec<Moment> = self.read(paths::MOMENTS)?;
        all.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
        Ok(all)
    }

    pub fn exercises(&self) -> Result<Vec<ExerciseResult>> {
        self.read(paths::EXERCISES)
    }

    pub fn drafts(&self) -> Result<Vec<Draft>> {
        self.read(paths::DRAFTS)
    }

    pub fn trash(&self) -> Result<Vec<Trashed>> {
        self.read(paths::TRASH)
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
    store: &'a Store,
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
        let mut records = self.store.read::<T>(rel)?;
        let out = f(&mut records)?;
        let path = self.store.dir.join(rel);
        fsio::write_atomic(&path, &files::encode(&records))
            .map_err(|e| StoreError::io("could not save", &path, e))?;
        Ok(out)
    }

    pub fn store(&self) -> &Store {
        self.store
    }
}

#[cfg(test)]
mod tests;
