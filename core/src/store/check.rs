//! `check`: reads every file of the store and reports what is wrong with it, like `git fsck`.
//! It changes nothing: no lock is taken, no folder made, no stale temporary file removed.

use super::backups::{count_records, is_backup_file};
use super::forget::{is_own_dir, synced_inner};
use super::paths;
use super::{Result, Store, StoreError, files, fsio, is_trustwork_file};
use crate::crypto::PartnerKey;
use crate::model::{
    CheckIn, Draft, Entry, ExerciseResult, GuideProgress, Moment, Partner, Trashed,
};
use crate::sync::device::MARKER;
use crate::together::{Agreement, Promise, Session};
use std::collections::{BTreeMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// What [`Store::check`] found.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CheckReport {
    /// Store files and `NAME.bak` files read and decoded.
    pub files_read: usize,
    /// Sorted by path.
    pub problems: Vec<Problem>,
}

impl CheckReport {
    pub fn is_clean(&self) -> bool {
        self.problems.is_empty()
    }
}

/// One thing wrong. Paths are relative to the data folder; a folder's ends in `/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// Does not parse, or holds the wrong kind of records.
    Damaged {
        file: PathBuf,
        reason: String,
    },
    /// Written by a newer trustwork (this `format_version`).
    Newer {
        file: PathBuf,
        found: u64,
    },
    /// A trustwork name on something that is not a regular file (a folder, a FIFO…).
    NotAFile {
        file: PathBuf,
    },
    TooLarge {
        file: PathBuf,
        limit: u64,
    },
    /// The file system refused to read it.
    Unreadable {
        file: PathBuf,
        cause: String,
    },
    /// A temporary file of a writer that died (the next write removes it).
    StaleTemp {
        file: PathBuf,
    },
    /// A symbolic link: trustwork never follows one below the data folder.
    Symlink {
        file: PathBuf,
    },
    /// A file or folder that is not trustwork's.
    Foreign {
        file: PathBuf,
    },
    /// Records that name a partner or an entry the store does not hold (by record key).
    Orphaned {
        file: PathBuf,
        missing: Missing,
        records: Vec<String>,
    },
}

impl Problem {
    pub fn file(&self) -> &Path {
        match self {
            Problem::Damaged { file, .. }
            | Problem::Newer { file, .. }
            | Problem::NotAFile { file }
            | Problem::TooLarge { file, .. }
            | Problem::Unreadable { file, .. }
            | Problem::StaleTemp { file }
            | Problem::Symlink { file }
            | Problem::Foreign { file }
            | Problem::Orphaned { file, .. } => file,
        }
    }
}

/// What an orphaned record names that is not there.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Missing {
    /// A partner id not in `partners.json`.
    Partner(String),
    /// An entry id (that a response answers) in no month and not in the trash.
    Entry(String),
}

/// What one store file says about the others.
#[derive(Default)]
struct Facts {
    partners: Vec<String>,
    /// Entries here (months and the trash), by id.
    entries: Vec<String>,
    /// (record key, partner id) for every partner a record names.
    owners: Vec<(String, String)>,
    /// (entry id, the entry it responds to).
    responses: Vec<(String, String)>,
}

/// A file to read: the store file whose records it holds, and where it is.
struct ToRead {
    kind_of: PathBuf,
    rel: PathBuf,
}

impl Store {
    /// Reads every file the store holds (each store file and `NAME.bak`; rolling backups are
    /// listed, not read: `backups()` reads them) and reports damaged and newer files, stale
    /// temporary files, records whose partner or entry is gone, files that are not trustwork's
    /// and links. Changes nothing.
    pub fn check(&self) -> Result<CheckReport> {
        let mut problems = Vec::new();
        let mut to_read = Vec::new();
        if self.dir.is_dir() {
            walk(&self.dir, Path::new(""), &mut to_read, &mut problems)?;
        }
        // Parsing is the cost; two threads halve it on a two-core machine.
        let (a, b) = to_read.split_at(to_read.len() / 2);
        let (ra, rb) = std::thread::scope(|s| {
            let ha = s.spawn(|| read_all(&self.dir, a));
            let rb = read_all(&self.dir, b);
            (ha.join().expect("checker thread"), rb)
        });
        let mut read = ra;
        read.extend(rb);
        let files_read = to_read.len();

        let mut partners_ok = true;
        let mut entries_ok = true;
        let mut facts = Vec::new();
        for (item, result) in to_read.iter().zip(read) {
            let current = item.kind_of == item.rel;
            match result {
                Ok(f) if current => facts.push((item.rel.clone(), f)),
                Ok(_) => {}
                Err(e) => {
                    if current && item.rel == Path::new(paths::PARTNERS) {
                        partners_ok = false;
                    }
                    if current
                        && (item.rel.starts_with(paths::ENTRIES_DIR)
                            || item.rel == Path::new(paths::TRASH))
                    {
                        entries_ok = false;
                    }
                    problems.push(problem_of(item.rel.clone(), e));
                }
            }
        }
        problems.extend(orphans(&facts, partners_ok, entries_ok));
        problems.sort_by(|a, b| a.file().cmp(b.file()));
        Ok(CheckReport {
            files_read,
            problems,
        })
    }
}

/// Lists `root/rel`, never following a link: what to read goes to `to_read`, what is wrong to
/// `problems`.
fn walk(
    root: &Path,
    rel: &Path,
    to_read: &mut Vec<ToRead>,
    problems: &mut Vec<Problem>,
) -> Result<()> {
    let dir = root.join(rel);
    let list = |e| StoreError::io("could not list", &dir, e);
    let mut items: Vec<fs::DirEntry> = fs::read_dir(&dir)
        .map_err(list)?
        .collect::<io::Result<_>>()
        .map_err(list)?;
    items.sort_by_key(|i| i.file_name());
    for item in items {
        let rel = rel.join(item.file_name());
        let kind = item
            .file_type()
            .map_err(|e| StoreError::io("could not look at", &root.join(&rel), e))?;
        let name = item.file_name();
        let name = name.to_string_lossy();
        if crate::sync::classify(&name) == crate::sync::NameKind::Ignored {
            // A sync tool's own file or folder (`.stignore`, `.git`, `.stfolder`…), or the
            // ignore files trustwork writes for them: neither read nor trustwork's to judge.
        } else if kind.is_symlink() {
            problems.push(Problem::Symlink { file: rel });
        } else if kind.is_dir() {
            if is_own_dir(&rel) {
                walk(root, &rel, to_read, problems)?;
            } else {
                problems.push(Problem::Foreign { file: rel.join("") });
            }
        } else if !is_trustwork_file(&rel) {
            problems.push(Problem::Foreign { file: rel });
        } else if rel == Path::new(fsio::LOCK_FILE) {
            // Held only while writing; what it holds does not matter.
        } else if !kind.is_file() {
            problems.push(Problem::NotAFile { file: rel });
        } else if let Some((_, pid)) = fsio::temp_parts(&name) {
            if fsio::is_stale(&item, pid) {
                problems.push(Problem::StaleTemp { file: rel });
            }
        } else if is_backup_file(&rel) || synced_inner(&rel).is_some_and(|i| is_backup_file(&i)) {
            // Read by `backups`, not here: there may be hundreds.
        } else if synced_inner(&rel).is_some_and(|i| {
            i.parent() == Some(Path::new(""))
                && [MARKER.to_string(), format!("{MARKER}.bak")]
                    .contains(&i.to_string_lossy().into_owned())
        }) {
            // A device's marker: not a store file (`sync::device` reads it).
        } else if let Some(base) = name.strip_suffix(".bak") {
            to_read.push(ToRead {
                kind_of: rel.with_file_name(base),
                rel,
            });
        } else if let crate::sync::NameKind::ConflictCopy { original } =
            crate::sync::classify(&name)
            && synced_inner(&rel).is_some()
        {
            // Read as one more version of its original, like a `.bak`.
            to_read.push(ToRead {
                kind_of: rel.with_file_name(original),
                rel,
            });
        } else {
            to_read.push(ToRead {
                kind_of: rel.clone(),
                rel,
            });
        }
    }
    Ok(())
}

fn read_all(root: &Path, files: &[ToRead]) -> Vec<Result<Facts>> {
    files.iter().map(|f| read_one(root, f)).collect()
}

fn read_one(root: &Path, file: &ToRead) -> Result<Facts> {
    let path = root.join(&file.rel);
    let bytes = fsio::read_in(root, &file.rel)?
        .ok_or_else(|| StoreError::io("could not read", &path, io::ErrorKind::NotFound.into()))?;
    // A device folder's file is of the kind its path below the folder says.
    let kind = synced_inner(&file.kind_of).unwrap_or_else(|| file.kind_of.clone());
    if file.kind_of != file.rel {
        return count_records(&kind, &path, &bytes).map(|_| Facts::default());
    }
    facts_of(&kind, &path, &bytes)
}

/// Decodes a store file and keeps what names other records.
fn facts_of(rel: &Path, path: &Path, bytes: &[u8]) -> Result<Facts> {
    let mut f = Facts::default();
    let first = rel.components().next().and_then(|c| c.as_os_str().to_str());
    fn owners<T: super::Collection>(
        f: &mut Facts,
        path: &Path,
        bytes: &[u8],
        owner: impl Fn(&T) -> Vec<String>,
    ) -> Result<()> {
        for r in files::decode::<T>(path, bytes)? {
            for o in owner(&r) {
                f.owners.push((r.key(), o));
            }
        }
        Ok(())
    }
    match first.unwrap_or("") {
        paths::ENTRIES_DIR => {
            for e in files::decode::<Entry>(path, bytes)? {
                if let Some(to) = &e.responds_to {
                    f.responses.push((e.id.clone(), to.clone()));
                }
                f.owners.push((e.id.clone(), e.author));
                f.entries.push(e.id);
            }
        }
        paths::TRASH => {
            for t in files::decode::<Trashed>(path, bytes)? {
                f.owners.push((t.entry.id.clone(), t.entry.author));
                f.entries.push(t.entry.id);
            }
        }
        paths::PARTNERS => {
            f.partners = files::decode::<Partner>(path, bytes)?
                .into_iter()
                .map(|p| p.id)
                .collect();
        }
        paths::CHECKINS_DIR => owners::<CheckIn>(&mut f, path, bytes, |c| vec![c.partner.clone()])?,
        paths::EXERCISES => {
            owners::<ExerciseResult>(&mut f, path, bytes, |x| vec![x.partner.clone()])?
        }
        paths::PROGRESS => {
            owners::<GuideProgress>(&mut f, path, bytes, |g| vec![g.partner.clone()])?
        }
        paths::AGREEMENTS => {
            owners::<Agreement>(&mut f, path, bytes, |a| vec![a.proposed_by.clone()])?
        }
        paths::PROMISES => owners::<Promise>(&mut f, path, bytes, |p| vec![p.by.clone()])?,
        paths::MOMENTS => owners::<Moment>(&mut f, path, bytes, |m| vec![m.partner.clone()])?,
        paths::DRAFTS => owners::<Draft>(&mut f, path, bytes, |d| vec![d.partner.clone()])?,
        paths::KEYS => owners::<PartnerKey>(&mut f, path, bytes, |k| vec![k.partner.clone()])?,
        paths::TOGETHER => owners::<Session>(&mut f, path, bytes, |s| {
            let mut who: Vec<String> = s
                .questions
                .iter()
                .flat_map(|q| q.answers.iter().map(|a| a.partner.clone()))
                .collect();
            who.sort();
            who.dedup();
            who
        })?,
        _ => {
            count_records(rel, path, bytes)?;
        }
    }
    Ok(f)
}

fn problem_of(file: PathBuf, e: StoreError) -> Problem {
    match e {
        StoreError::Corrupt { reason, .. } => Problem::Damaged { file, reason },
        StoreError::Newer { found, .. } => Problem::Newer { file, found },
        StoreError::Symlink(_) => Problem::Symlink { file },
        StoreError::NotAFile(_) => Problem::NotAFile { file },
        StoreError::TooLarge { limit, .. } => Problem::TooLarge { file, limit },
        StoreError::Io { cause, .. } => Problem::Unreadable {
            file,
            cause: cause.to_string(),
        },
        e => Problem::Unreadable {
            file,
            cause: e.to_string(),
        },
    }
}

/// Records naming a partner or an entry that is not there, grouped by file and what is missing.
/// A check that needs a file which did not read (the partners, a month) is not made.
fn orphans(facts: &[(PathBuf, Facts)], partners_ok: bool, entries_ok: bool) -> Vec<Problem> {
    let partners: HashSet<&str> = facts
        .iter()
        .flat_map(|(_, f)| f.partners.iter().map(String::as_str))
        .collect();
    let entries: HashSet<&str> = facts
        .iter()
        .flat_map(|(_, f)| f.entries.iter().map(String::as_str))
        .collect();
    let mut groups: BTreeMap<(&Path, Missing), Vec<String>> = BTreeMap::new();
    for (file, f) in facts {
        if partners_ok {
            for (key, who) in &f.owners {
                if !partners.contains(who.as_str()) {
                    let missing = Missing::Partner(who.clone());
                    groups.entry((file, missing)).or_default().push(key.clone());
                }
            }
        }
        if entries_ok {
            for (key, to) in &f.responses {
                if !entries.contains(to.as_str()) {
                    let missing = Missing::Entry(to.clone());
                    groups.entry((file, missing)).or_default().push(key.clone());
                }
            }
        }
    }
    groups
        .into_iter()
        .map(|((file, missing), records)| Problem::Orphaned {
            file: file.to_path_buf(),
            missing,
            records,
        })
        .collect()
}

#[cfg(test)]
mod tests;
