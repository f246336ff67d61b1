//! Reading the store: no lock. A missing file is an empty collection; an unreadable or newer
//! one is an error that leaves it untouched — or, for the readers that gather many files
//! (`load_home`, `load_all`, `readable_entries`), a [`Damaged`] note beside what could be read.

use super::damage::Damaged;
use super::devices::FolderScan;
use super::paths::{self, Month};
use super::{Collection, Result, Store, StoreError, files, fsio};
use crate::model::{
    CheckIn, Draft, Entry, ExerciseResult, GuideProgress, Moment, Partner, Settings, Trashed,
};
use chrono::Datelike;
use std::path::Path;

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
    /// Files that could not be read: their records are missing above.
    pub damaged: Vec<Damaged>,
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

/// The names given to more than one partner, each once, in alphabetical order: the note reads
/// the same on both laptops, whatever order partners made in the same second come in. One
/// store never gives a name twice; two laptops that each added the partners before their first
/// sync do (each partner then has two ids, and each id keeps its own writing).
pub fn twin_partners(partners: &[Partner]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for (i, p) in partners.iter().enumerate() {
        let key = p.name.trim().to_lowercase();
        let again = partners[i + 1..]
            .iter()
            .any(|q| q.name.trim().to_lowercase() == key);
        if again && !out.iter().any(|n| n.trim().to_lowercase() == key) {
            out.push(p.name.clone());
        }
    }
    out.sort_by_key(|n| n.trim().to_lowercase());
    out
}

/// What to say about [`twin_partners`], in words (names escaped), or `None` when there are none.
pub fn twin_partners_note(partners: &[Partner]) -> Option<String> {
    let names: Vec<String> = twin_partners(partners)
        .iter()
        .map(|n| crate::text::escape_line(n))
        .collect();
    let (who, each) = match names.as_slice() {
        [] => return None,
        [one] => (one.clone(), ""),
        [first @ .., last] => (format!("{} and {last}", first.join(", ")), " each"),
    };
    Some(format!(
        "{who}{each} appear{s} twice: the partners were added on two laptops before they first \
         synced. Nothing is lost, and each keeps what was written under it. From now on, write \
         as the first of each (Tab switches partner); docs/SYNC.md says more.",
        s = if each.is_empty() { "s" } else { "" },
    ))
}

/// What the workbook needs to open: partners, the latest entries, recent check-ins and every
/// small collection. Older months are read on demand.
#[derive(Debug, Clone, Default)]
pub struct HomeData {
    pub partners: Vec<Partner>,
    /// Entries of the latest months read, newest first (at least `want` of them where they exist).
    pub recent_entries: Vec<Entry>,
    /// Check-ins of this year and the last.
    pub recent_checkins: Vec<CheckIn>,
    pub progress: Vec<GuideProgress>,
    pub drafts: Vec<Draft>,
    pub exercises: Vec<ExerciseResult>,
    pub settings: Settings,
    /// Oldest first.
    pub moments: Vec<Moment>,
    pub keys: Vec<crate::crypto::PartnerKey>,
    pub agreements: Vec<crate::together::Agreement>,
    pub promises: Vec<crate::together::Promise>,
    pub sessions: Vec<crate::together::Session>,
    /// Files that could not be read: their records are missing above.
    pub damaged: Vec<Damaged>,
}

/// The folders a load reads (the top of each source, `entries/`, `checkins/`), each listed
/// once for the whole load in a synced store, so that reading a dozen collections and many
/// months costs no listing of every device folder per file. Empty for a single-folder store.
#[derive(Default)]
struct Scans {
    root: Option<FolderScan>,
    entries: Option<FolderScan>,
    checkins: Option<FolderScan>,
}

impl Store {
    fn scans(&self) -> Result<Scans> {
        Ok(Scans {
            root: self.scan_folder("")?,
            entries: self.scan_folder(paths::ENTRIES_DIR)?,
            checkins: self.scan_folder(paths::CHECKINS_DIR)?,
        })
    }

    /// [`Store::read_noting`] of `rel`, through `scan` (its folder's) when there is one.
    fn noted<T: Collection>(
        &self,
        scan: Option<&FolderScan>,
        rel: impl AsRef<Path>,
        damaged: &mut Vec<Damaged>,
    ) -> Result<Vec<T>> {
        let rel = rel.as_ref();
        match (scan, rel.file_name().and_then(|n| n.to_str())) {
            (Some(scan), Some(name)) => self.read_scanned(scan, name, Some(damaged)),
            _ => self.read_noting(rel, damaged),
        }
    }

    /// The months there are: from the scan of `entries/` when there is one.
    fn months_in(&self, scan: Option<&FolderScan>) -> Result<Vec<Month>> {
        match scan {
            Some(scan) => Ok(scan.keys(Month::from_file_name)),
            None => self.entry_months(),
        }
    }

    /// Reads one collection file; a missing file is an empty collection. It must be a regular
    /// file of at most `fsio::MAX_FILE` bytes, reached through no link below the data folder.
    pub fn read<T: Collection>(&self, rel: impl AsRef<Path>) -> Result<Vec<T>> {
        let rel = rel.as_ref();
        if self.is_synced() {
            return self.read_merged(rel, None);
        }
        match fsio::read_in(&self.dir, rel)? {
            Some(bytes) => files::decode(&self.dir.join(rel), &bytes),
            None => Ok(Vec::new()),
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

    /// Every entry, oldest first. A damaged month stops it: see [`Store::readable_entries`].
    pub fn all_entries(&self) -> Result<Vec<Entry>> {
        self.entries_of_months(false).map(|(entries, _)| entries)
    }

    /// Every entry that can be read, oldest first, and the months that could not be.
    pub fn readable_entries(&self) -> Result<(Vec<Entry>, Vec<Damaged>)> {
        self.entries_of_months(true)
    }

    fn entries_of_months(&self, lenient: bool) -> Result<(Vec<Entry>, Vec<Damaged>)> {
        // Synced, every device's entries folder is listed once for all the months.
        let scan = self.scan_folder(paths::ENTRIES_DIR)?;
        self.entries_scanned(lenient, scan.as_ref())
    }

    fn entries_scanned(
        &self,
        lenient: bool,
        scan: Option<&FolderScan>,
    ) -> Result<(Vec<Entry>, Vec<Damaged>)> {
        let months = self.months_in(scan)?;
        // Parsing is the cost here; two threads halve it on a two-core machine.
        let half = months.len() / 2;
        let (a, b) = months.split_at(half);
        let (ra, rb) = std::thread::scope(|s| {
            let ha = s.spawn(|| self.read_months(a, lenient, scan));
            let rb = self.read_months(b, lenient, scan);
            (ha.join().expect("reader thread"), rb)
        });
        let (mut all, mut damaged) = ra?;
        let (more, more_damaged) = rb?;
        all.extend(more);
        damaged.extend(more_damaged);
        Ok((all, damaged))
    }

    fn read_months(
        &self,
        months: &[Month],
        lenient: bool,
        scan: Option<&super::devices::FolderScan>,
    ) -> Result<(Vec<Entry>, Vec<Damaged>)> {
        let mut out = Vec::new();
        let mut damaged = Vec::new();
        for m in months {
            let mut es = if let Some(scan) = scan {
                let name = m.file();
                let name = name.file_name().and_then(|n| n.to_str()).unwrap_or("");
                self.read_scanned(scan, name, lenient.then_some(&mut damaged))?
            } else if lenient {
                self.read_noting(m.file(), &mut damaged)?
            } else {
                self.entries_in(*m)?
            };
            es.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
            out.extend(es);
        }
        Ok((out, damaged))
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

    /// Like [`Store::recent_entries`], passing over damaged months (noted in `damaged`).
    fn recent_readable_entries(
        &self,
        want: usize,
        scan: Option<&FolderScan>,
        damaged: &mut Vec<Damaged>,
    ) -> Result<Vec<Entry>> {
        let mut out = Vec::new();
        for m in self.months_in(scan)?.into_iter().rev() {
            let mut es: Vec<Entry> = self.noted(scan, m.file(), damaged)?;
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
        sort_checkins(&mut out);
        Ok(out)
    }

    /// Every check-in that can be read, oldest first; damaged years noted in `damaged`.
    fn readable_checkins(
        &self,
        scan: Option<&FolderScan>,
        damaged: &mut Vec<Damaged>,
    ) -> Result<Vec<CheckIn>> {
        let mut out = Vec::new();
        let years = match scan {
            Some(scan) => scan.keys(paths::year_from_file_name),
            None => self.checkin_years()?,
        };
        for y in years {
            out.extend(self.noted::<CheckIn>(scan, paths::checkins_file(y), damaged)?);
        }
        sort_checkins(&mut out);
        Ok(out)
    }

    /// What the workbook needs to open, without reading ten years of text. A damaged file
    /// costs only its own records; damage in an older month or year, not read here, shows
    /// when it is read (`readable_entries`, `load_all`).
    pub fn load_home(&self, want_entries: usize) -> Result<HomeData> {
        let mut damaged = Vec::new();
        let scans = self.scans()?;
        let top = scans.root.as_ref();
        let year = self.clock.today().year();
        let mut recent_checkins = Vec::new();
        for y in [year - 1, year] {
            recent_checkins.extend(self.noted::<CheckIn>(
                scans.checkins.as_ref(),
                paths::checkins_file(y),
                &mut damaged,
            )?);
        }
        recent_checkins.sort_by_key(|c| c.date);
        let d = &mut damaged;
        let mut moments: Vec<Moment> = self.noted(top, paths::MOMENTS, d)?;
        sort_moments(&mut moments);
        let mut home = HomeData {
            partners: self.noted(top, paths::PARTNERS, d)?,
            recent_entries: self.recent_readable_entries(
                want_entries,
                scans.entries.as_ref(),
                d,
            )?,
            recent_checkins,
            progress: self.noted(top, paths::PROGRESS, d)?,
            drafts: self.noted(top, paths::DRAFTS, d)?,
            exercises: self.noted(top, paths::EXERCISES, d)?,
            settings: self
                .noted::<Settings>(top, paths::SETTINGS, d)?
                .into_iter()
                .next()
                .unwrap_or_default(),
            moments,
            keys: self.noted(top, paths::KEYS, d)?,
            agreements: self.noted(top, paths::AGREEMENTS, d)?,
            promises: self.noted(top, paths::PROMISES, d)?,
            sessions: self.noted(top, paths::TOGETHER, d)?,
            damaged: Vec::new(),
        };
        home.damaged = damaged;
        Ok(home)
    }

    /// Everything in the store that can be read; a damaged file costs only its own records
    /// and is named in `damaged`.
    pub fn load_all(&self) -> Result<Snapshot> {
        let scans = self.scans()?;
        let top = scans.root.as_ref();
        let (entries, mut damaged) = self.entries_scanned(true, scans.entries.as_ref())?;
        let d = &mut damaged;
        let mut moments: Vec<Moment> = self.noted(top, paths::MOMENTS, d)?;
        sort_moments(&mut moments);
        let mut snap = Snapshot {
            partners: self.noted(top, paths::PARTNERS, d)?,
            entries,
            checkins: self.readable_checkins(scans.checkins.as_ref(), d)?,
            exercises: self.noted(top, paths::EXERCISES, d)?,
            progress: self.noted(top, paths::PROGRESS, d)?,
            agreements: self.noted(top, paths::AGREEMENTS, d)?,
            promises: self.noted(top, paths::PROMISES, d)?,
            moments,
            together: self.noted(top, paths::TOGETHER, d)?,
            damaged: Vec::new(),
        };
        snap.damaged = damaged;
        Ok(snap)
    }

    /// The names in `entries/` or `checkins/` that `parse` accepts. A folder that is a link is
    /// refused here already, not only when a file in it is read or written.
    fn list<K: Ord>(&self, sub: &str, parse: impl Fn(&str) -> Option<K>) -> Result<Vec<K>> {
        if self.is_synced() {
            return self.list_merged(sub, parse);
        }
        let mut out = Vec::new();
        for item in fsio::list_below(&self.dir, Path::new(sub))? {
            if let Some(k) = item.file_name().to_str().and_then(&parse) {
                out.push(k);
            }
        }
        Ok(out)
    }

    /// A partner's wrapped data key, if they have set a passphrase.
    pub fn partner_key(&self, partner: &str) -> Result<Option<crate::crypto::PartnerKey>> {
        Ok(self
            .read::<crate::crypto::PartnerKey>(paths::KEYS)?
            .into_iter()
            .find(|k| k.partner == partner))
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

    /// Every difficult moment, oldest first.
    pub fn moments(&self) -> Result<Vec<Moment>> {
        let mut all: Vec<Moment> = self.read(paths::MOMENTS)?;
        sort_moments(&mut all);
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

fn sort_checkins(all: &mut [CheckIn]) {
    all.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.partner.cmp(&b.partner)));
}

fn sort_moments(all: &mut [Moment]) {
    all.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
}
