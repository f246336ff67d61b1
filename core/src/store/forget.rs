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
use std::io;
use std::path::{Component, Path, PathBuf};

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
/// file, its `NAME.bak`, a temporary `.NAME.tmp-PID` of `fsio::write_atomic`, or the lock.
pub fn is_trustwork_file(rel: &Path) -> bool {
    let parts: Option<Vec<&str>> = rel
        .components()
        .map(|c| match c {
            Component::Normal(s) => s.to_str(),
            _ => None,
        })
        .collect();
    match parts.as_deref() {
        Some([name]) => {
            *name == fsio::LOCK_FILE || written_as(name, |n| COLLECTION_FILES.contains(&n))
        }
        Some([paths::ENTRIES_DIR, name]) => written_as(name, is_month_file),
        Some([paths::CHECKINS_DIR, name]) => written_as(name, is_year_file),
        _ => false,
    }
}

/// `NAME`, `NAME.bak` or `.NAME.tmp-PID`, for a NAME that `is_collection` accepts.
fn written_as(name: &str, is_collection: impl Fn(&str) -> bool) -> bool {
    if let Some(base) = name.strip_suffix(".bak") {
        return is_collection(base);
    }
    if let Some((base, pid)) = name.strip_prefix('.').and_then(|n| n.rsplit_once(".tmp-")) {
        return !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()) && is_collection(base);
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
    /// the data folder if they are empty. Anything else is left and reported.
    pub fn forget_all(&self, given: &Passphrases) -> Result<Erased> {
        if !self.dir.is_dir() {
            return Ok(Erased::default());
        }
        let verified = self.verify(Scope::All, given)?;
        let lock = fsio::WriteLock::acquire(&self.dir, fsio::LOCK_WAIT)
            .map_err(|e| StoreError::io("could not open the lock file in", &self.dir, e))?
            .ok_or_else(|| StoreError::Busy(self.dir.clone()))?;
        self.still_verified(Scope::All, &verified)?;
        let mut out = Erased::default();
        sweep(&self.dir, Path::new(""), &mut out)
            .map_err(|e| StoreError::io("could not erase", &self.dir, e))?;
        drop(lock);
        if out.left.is_empty() {
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

/// Removes trustwork's files below `root/rel` and lists the rest. Symlinks are never followed.
fn sweep(root: &Path, rel: &Path, out: &mut Erased) -> io::Result<()> {
    let mut empty = true;
    for item in fs::read_dir(root.join(rel))? {
        let item = item?;
        empty = false;
        let rel = rel.join(item.file_name());
        let kind = item.file_type()?;
        if kind.is_dir() {
            let before = out.left.len();
            sweep(root, &rel, out)?;
            if is_own_dir(&rel) && out.left.len() == before {
                fs::remove_dir(root.join(&rel))?;
            }
        } else if kind.is_file() && is_trustwork_file(&rel) {
            fs::remove_file(root.join(&rel))?;
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

fn is_own_dir(rel: &Path) -> bool {
    rel == Path::new(paths::ENTRIES_DIR) || rel == Path::new(paths::CHECKINS_DIR)
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

/// Removes the records `gone` picks from one file, and makes its backup hold none either.
fn scrub<T: Collection>(
    tx: &Txn,
    rel: &Path,
    gone: impl Fn(&T) -> bool,
    write: bool,
) -> Result<PartnerForgotten> {
    let store = tx.store();
    let path = store.dir().join(rel);
    let records = store.read::<T>(rel)?.iter().filter(|r| gone(r)).count();
    let bak = fsio::backup_path(&path);
    // A backup that does not read is left as it is, like any file trustwork cannot read.
    let bak_holds = fs::read(&bak)
        .is_ok_and(|bytes| files::decode::<T>(&bak, &bytes).is_ok_and(|rs| rs.iter().any(&gone)));
    let changes = records > 0 || bak_holds;
    if write && records > 0 {
        tx.modify::<T, _>(rel, |all| {
            all.retain(|r| !gone(r));
            Ok(())
        })?;
    }
    if write && changes {
        fsio::refresh_backup(&path).map_err(|e| StoreError::io("could not replace", &bak, e))?;
    }
    Ok(PartnerForgotten {
        records,
        files: usize::from(changes),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Clock;
    use crate::model::{Role, Visibility};

    fn store(dir: &Path) -> Store {
        Store::at(
            dir,
            Clock::Fixed("2026-11-25T10:00:00+01:00".parse().unwrap()),
        )
    }

    fn entry(author: &str, when: &str, body: &str) -> Entry {
        let t = when.parse().unwrap();
        Entry {
            id: crate::ids::new_id(),
            author: author.into(),
            created: t,
            updated: t,
            title: None,
            body: body.into(),
            tags: vec![],
            starred: false,
            link: None,
            visibility: Visibility::Shared,
            source: None,
            sealed: None,
            responds_to: None,
        }
    }

    /// Every file below `dir` (not following symlinks), with its bytes.
    fn files_below(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        for item in fs::read_dir(dir).unwrap() {
            let item = item.unwrap();
            let kind = item.file_type().unwrap();
            if kind.is_dir() {
                out.extend(files_below(&item.path()));
            } else if kind.is_file() {
                out.push((item.path(), fs::read(item.path()).unwrap()));
            }
        }
        out.sort();
        out
    }

    fn holds(bytes: &[u8], needle: &str) -> bool {
        bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
    }

    #[test]
    fn trustworks_names_are_known_exactly() {
        for ours in [
            "partners.json",
            "keys.json.bak",
            ".drafts.json.tmp-4242",
            "trustwork.lock",
            "entries/2026-11.json",
            "entries/2026-11.json.bak",
            "entries/.2026-11.json.tmp-1",
            "checkins/2026.json",
            "checkins/2026.json.bak",
        ] {
            assert!(is_trustwork_file(Path::new(ours)), "{ours}");
        }
        for theirs in [
            "my-notes.txt",
            "sub/x.txt",
            "partners.json.bak.bak",
            ".partners.json.tmp-",
            ".partners.json.tmp-12x",
            "entries/2026-13.json",
            "entries/2026-1.json",
            "entries/notes.json",
            "checkins/+202.json",
            "checkins/2026-11.json",
            "entries/sub/2026-11.json",
            "partners.json/x",
            "../partners.json",
        ] {
            assert!(!is_trustwork_file(Path::new(theirs)), "{theirs}");
        }
    }

    #[test]
    fn forget_all_leaves_foreign_files_and_reports_them() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data");
        let s = store(&dir);
        let alex = s.add_partner("Alex", Role::Hurt).unwrap();
        s.add_entries(&[entry(&alex.id, "2026-11-02T10:00:00+01:00", "one")])
            .unwrap();
        s.add_entries(&[entry(&alex.id, "2026-11-03T10:00:00+01:00", "two")])
            .unwrap();
        s.put_checkin(
            &crate::privacy::Actor::new(alex.id.clone()),
            "2026-11-03".parse().unwrap(),
            Some(5),
            None,
            None,
        )
        .unwrap();
        fs::write(dir.join("my-notes.txt"), "mine").unwrap();
        fs::create_dir(dir.join("sub")).unwrap();
        fs::write(dir.join("sub/x.txt"), "mine too").unwrap();
        fs::write(dir.join("entries/readme.md"), "mine as well").unwrap();
        let r = s.forget_all(&[]).unwrap();
        assert_eq!(
            r.left,
            [
                PathBuf::from("entries/readme.md"),
                "my-notes.txt".into(),
                "sub/x.txt".into()
            ]
        );
        // partners, the month and its backup, the check-in year, the lock.
        assert_eq!(r.files, 5, "{r:?}");
        let left: Vec<PathBuf> = files_below(&dir).into_iter().map(|(p, _)| p).collect();
        assert_eq!(
            left,
            [
                dir.join("entries/readme.md"),
                dir.join("my-notes.txt"),
                dir.join("sub/x.txt")
            ]
        );
        assert!(!dir.join("checkins").exists(), "an emptied folder goes");
        // With nothing foreign left, the folder itself goes.
        let t = tempfile::tempdir().unwrap();
        let d = t.path().join("data");
        store(&d).add_partner("Alex", Role::Hurt).unwrap();
        assert_eq!(
            store(&d).forget_all(&[]).unwrap().left,
            Vec::<PathBuf>::new()
        );
        assert!(!d.exists());
    }

    #[cfg(unix)]
    #[test]
    fn forget_all_never_follows_a_symlink() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data");
        let elsewhere = tmp.path().join("elsewhere");
        fs::create_dir_all(elsewhere.join("entries")).unwrap();
        fs::write(elsewhere.join("partners.json"), "not yours").unwrap();
        fs::write(elsewhere.join("entries/2026-11.json"), "not yours").unwrap();
        let s = store(&dir);
        s.add_partner("Alex", Role::Hurt).unwrap();
        std::os::unix::fs::symlink(&elsewhere, dir.join("linked")).unwrap();
        std::os::unix::fs::symlink(elsewhere.join("partners.json"), dir.join("settings.json"))
            .unwrap();
        let r = s.forget_all(&[]).unwrap();
        assert_eq!(r.left, [PathBuf::from("linked"), "settings.json".into()]);
        assert!(elsewhere.join("partners.json").exists());
        assert!(elsewhere.join("entries/2026-11.json").exists());
        assert!(fs::symlink_metadata(dir.join("linked")).is_ok());
    }

    #[test]
    fn forget_all_with_two_partners_needs_every_passphrase_set() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data");
        let s = store(&dir);
        let alex = s.add_partner("Alex", Role::Hurt).unwrap();
        s.add_partner("Sam", Role::Repairing).unwrap();
        let now = s.clock().now();
        s.set_passphrase(&alex.id, None, "alex-secret").unwrap();
        let _ = now;
        let before = files_below(&dir);
        let wrong = [(alex.id.clone(), Passphrase::from("guess"))];
        for given in [&[][..], &wrong[..]] {
            assert!(matches!(s.forget_all(given), Err(StoreError::Refused(_))));
            assert_eq!(files_below(&dir), before, "nothing erased");
        }
        let right = [(alex.id.clone(), Passphrase::from("alex-secret"))];
        assert!(s.forget_all(&right).unwrap().left.is_empty());
        assert!(!dir.exists());
    }

    #[test]
    fn forget_partner_removes_theirs_from_files_and_backups_only() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data");
        let s = store(&dir);
        let alex = s.add_partner("Alex", Role::Hurt).unwrap();
        let sam = s.add_partner("Sam", Role::Repairing).unwrap();
        let now = s.clock().now();
        // Alex writes in October (a file Sam never touches), both in November.
        s.add_entries(&[entry(&alex.id, "2026-10-02T10:00:00+01:00", "ALEX-OCT")])
            .unwrap();
        s.add_entries(&[entry(&alex.id, "2026-10-03T10:00:00+01:00", "ALEX-OCT2")])
            .unwrap();
        s.add_entries(&[entry(&sam.id, "2026-11-02T10:00:00+01:00", "SAM-WORDS")])
            .unwrap();
        s.add_entries(&[entry(&alex.id, "2026-11-03T10:00:00+01:00", "ALEX-NOV")])
            .unwrap();
        let trashed = entry(&sam.id, "2026-11-04T10:00:00+01:00", "SAM-TRASHED");
        s.add_entries(std::slice::from_ref(&trashed)).unwrap();
        let (sam_a, alex_a) = (
            crate::privacy::Actor::new(sam.id.clone()),
            crate::privacy::Actor::new(alex.id.clone()),
        );
        s.trash_entry(&sam_a, &trashed.id).unwrap();
        s.put_checkin(
            &sam_a,
            "2026-11-03".parse().unwrap(),
            Some(4),
            None,
            Some("SAM-NOTE".into()),
        )
        .unwrap();
        s.put_checkin(
            &alex_a,
            "2026-11-03".parse().unwrap(),
            Some(6),
            None,
            Some("ALEX-NOTE".into()),
        )
        .unwrap();
        let mut promise = crate::together::Promise {
            id: "p1".into(),
            by: sam.id.clone(),
            text: "SAM-PROMISE".into(),
            created: now,
            repeat: crate::together::Repeat::Daily,
            due: None,
            occurrences: vec![],
            retired: None,
            guide: None,
        };
        s.put_promise(&sam_a, promise.clone()).unwrap();
        promise.id = "p2".into();
        promise.by = alex.id.clone();
        promise.text = "ALEX-PROMISE".into();
        s.put_promise(&alex_a, promise).unwrap();
        s.put_agreement(
            &sam_a,
            Agreement::new(
                "a1".into(),
                crate::together::Category::Boundary,
                "SAM-AGREEMENT".into(),
                &sam.id,
                now,
                30,
            ),
        )
        .unwrap();
        s.set_passphrase(&sam.id, None, "sam-secret").unwrap();
        let october = dir.join("entries/2026-10.json");
        let october_before = (
            fs::read(&october).unwrap(),
            fs::read(october.with_extension("json.bak")).unwrap(),
        );

        let wrong = [(sam.id.clone(), Passphrase::from("nope"))];
        assert!(matches!(
            s.forget_partner(&sam.id, &wrong),
            Err(StoreError::Refused(_))
        ));
        let right = [(sam.id.clone(), Passphrase::from("sam-secret"))];
        let done = s.forget_partner(&sam.id, &right).unwrap();
        assert_eq!(done.records, 7, "{done:?}");

        for (path, bytes) in files_below(&dir) {
            assert!(
                !holds(&bytes, "SAM-"),
                "{} still holds Sam's words",
                path.display()
            );
            assert!(
                !holds(&bytes, &sam.id),
                "{} still names Sam",
                path.display()
            );
        }
        assert_eq!(
            (
                fs::read(&october).unwrap(),
                fs::read(october.with_extension("json.bak")).unwrap()
            ),
            october_before,
            "a file without Sam's records is not touched"
        );
        let snap = s.load_all().unwrap();
        assert_eq!(snap.partners, std::slice::from_ref(&alex));
        let bodies: Vec<&str> = snap.entries.iter().map(|e| e.body.as_str()).collect();
        assert_eq!(bodies, ["ALEX-OCT", "ALEX-OCT2", "ALEX-NOV"]);
        assert_eq!(snap.checkins.len(), 1);
        assert_eq!(snap.promises.len(), 1);
        assert!(s.trash().unwrap().is_empty());
        assert!(s.partner_key(&sam.id).unwrap().is_none());
    }
}
