//! The ignore files of a synced data folder: `.stignore` for Syncthing and `.gitignore` for git.
//!
//! Some of trustwork's files belong to one machine and must not travel: the write lock (about
//! this machine's writers only), the temporary files of a save (`.NAME.tmp-PID-RANDOM`) and of
//! a move into a device folder (`devices/.ID.migrating-PID`), the rolling backups (`backups/`)
//! and the single-folder files a move kept (`legacy-backup/`), both per machine, and the
//! `NAME.bak` beside each file. A store that writes as a device makes sure each ignore file is
//! at the top of the data folder when it marks its device (see `store::devices`). It creates a
//! missing one and never changes one that is there: a person's own file stays theirs, and
//! [`Store::ignore_gaps`] says what it lacks so that `trustwork devices` can tell them.

use super::{Result, Store, fsio};
use std::path::Path;

/// Syncthing's ignore file, at the top of the shared folder.
pub const STIGNORE: &str = ".stignore";
/// git's ignore file, at the top of the repository.
pub const GITIGNORE: &str = ".gitignore";

/// What trustwork keeps out of Syncthing (its pattern syntax: `//` comments, `/` anchors a
/// pattern at the top, `*` never crosses a `/`).
const STIGNORE_LINES: &[&str] = &[
    "/trustwork.lock",
    ".*.tmp-*",
    ".*.migrating-*",
    "/backups",
    "/legacy-backup",
    "*.bak",
];

/// The same in git's syntax (a trailing `/` matches a folder only).
const GITIGNORE_LINES: &[&str] = &[
    "/trustwork.lock",
    ".*.tmp-*",
    ".*.migrating-*",
    "/backups/",
    "/legacy-backup/",
    "*.bak",
];

const HEADER: &[&str] = &[
    "Written by trustwork (see docs/SYNC.md). This data folder is shared between devices, and",
    "these files belong to one machine only: the write lock, the temporary files of a save, the",
    "rolling backups and the .bak copies. trustwork writes this file only when there is none",
    "and never changes it; add your own lines as you like.",
];

/// One of the ignore files trustwork writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IgnoreFile {
    /// Its name at the top of the data folder.
    pub name: &'static str,
    comment: &'static str,
    /// The patterns trustwork puts in it.
    pub lines: &'static [&'static str],
}

/// `.stignore` and `.gitignore`.
pub const IGNORE_FILES: [IgnoreFile; 2] = [
    IgnoreFile {
        name: STIGNORE,
        comment: "//",
        lines: STIGNORE_LINES,
    },
    IgnoreFile {
        name: GITIGNORE,
        comment: "#",
        lines: GITIGNORE_LINES,
    },
];

impl IgnoreFile {
    /// The file as trustwork writes it: the header, then one pattern a line.
    pub fn contents(&self) -> String {
        let mut out = String::new();
        for line in HEADER {
            out.push_str(self.comment);
            out.push(' ');
            out.push_str(line);
            out.push('\n');
        }
        for line in self.lines {
            out.push_str(line);
            out.push('\n');
        }
        out
    }

    /// trustwork's patterns that `text` (an ignore file) has no line for.
    fn missing_in(&self, text: &str) -> Vec<&'static str> {
        let have: Vec<&str> = text.lines().map(str::trim).collect();
        self.lines
            .iter()
            .copied()
            .filter(|l| !have.contains(l))
            .collect()
    }
}

/// An ignore file at the top of a synced data folder that is not as trustwork would write it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoreGap {
    pub file: IgnoreFile,
    /// False when there is no such file at all.
    pub exists: bool,
    /// trustwork's patterns it lacks (all of them when it does not exist).
    pub missing: Vec<&'static str>,
}

/// True for an ignore file at the top of the data folder that is just as trustwork wrote it
/// (`forget --all` removes it; one a person wrote or changed is theirs and stays).
pub(super) fn is_as_written(root: &Path, rel: &Path) -> bool {
    IGNORE_FILES.iter().any(|f| {
        rel == Path::new(f.name)
            && fsio::read_in(root, rel).is_ok_and(|b| b == Some(f.contents().into_bytes()))
    })
}

/// A temporary file of the creation of an ignore file (`..stignore.tmp-PID-RANDOM`): trustwork's,
/// removed like any other once its writer is gone.
pub(super) fn is_ignore_temp(name: &str) -> bool {
    fsio::temp_parts(name).is_some_and(|(base, _)| IGNORE_FILES.iter().any(|f| f.name == base))
}

impl Store {
    /// Creates each ignore file that is missing at the top of the data folder. Never replaces
    /// one that is there (see [`fsio::create_in`]).
    pub(super) fn ensure_ignore_files(&self) -> Result<()> {
        for file in IGNORE_FILES {
            if std::fs::symlink_metadata(self.dir.join(file.name)).is_err() {
                fsio::create_in(&self.dir, Path::new(file.name), file.contents().as_bytes())?;
            }
        }
        Ok(())
    }

    /// The ignore files of a synced store that are missing or lack some of trustwork's
    /// patterns; none for a store that is not synced.
    pub fn ignore_gaps(&self) -> Vec<IgnoreGap> {
        if !self.is_synced() {
            return Vec::new();
        }
        let mut out = Vec::new();
        for file in IGNORE_FILES {
            let (exists, missing) = match fsio::read_in(&self.dir, Path::new(file.name)) {
                Ok(Some(bytes)) => (true, file.missing_in(&String::from_utf8_lossy(&bytes))),
                Ok(None) => (false, file.lines.to_vec()),
                // A link or a folder there: the person's; not read, nothing to say.
                Err(_) => (true, Vec::new()),
            };
            if !missing.is_empty() {
                out.push(IgnoreGap {
                    file,
                    exists,
                    missing,
                });
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Clock;
    use crate::sync::LocalDevice;
    use std::fs;

    fn device_store(data: &Path, state: &Path) -> Store {
        let now = "2026-12-07T10:00:00Z".parse().unwrap();
        let file = state.join("device.json");
        let local = LocalDevice::load_or_create(&file, now).unwrap();
        Store::with_device(data, Clock::Fixed(now), &local, file)
    }

    fn add_partner(store: &Store) {
        store
            .add_partner("Sam", crate::model::Role::Hurt)
            .expect("a partner is added");
    }

    #[test]
    fn a_device_writes_both_ignore_files_once_and_check_passes_over_them() {
        let (data, state) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let store = device_store(data.path(), state.path());
        add_partner(&store);
        let st = fs::read_to_string(data.path().join(STIGNORE)).unwrap();
        assert!(st.starts_with("// Written by trustwork"), "{st}");
        for line in STIGNORE_LINES {
            assert!(st.lines().any(|l| l == *line), "{line} in {st}");
        }
        let git = fs::read_to_string(data.path().join(GITIGNORE)).unwrap();
        assert!(git.starts_with("# Written by trustwork"), "{git}");
        assert!(git.lines().any(|l| l == "/backups/"), "{git}");
        assert!(store.ignore_gaps().is_empty());
        // No temporary file left beside them.
        let names: Vec<String> = fs::read_dir(data.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        assert!(!names.iter().any(|n| n.contains(".tmp-")), "{names:?}");

        assert!(!crate::store::is_store_file(Path::new(STIGNORE)));
        assert!(!crate::store::is_store_file(Path::new(GITIGNORE)));
        let report = store.check().unwrap();
        assert!(report.is_clean(), "{:?}", report.problems);
        assert_eq!(store.partners().unwrap().len(), 1);
    }

    #[test]
    fn a_persons_own_ignore_file_is_never_changed_and_its_gaps_are_named() {
        let (data, state) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        fs::create_dir_all(data.path()).unwrap();
        let theirs = "// mine\n*.bak\n";
        fs::write(data.path().join(STIGNORE), theirs).unwrap();
        let store = device_store(data.path(), state.path());
        add_partner(&store);
        assert_eq!(
            fs::read_to_string(data.path().join(STIGNORE)).unwrap(),
            theirs
        );
        let gaps = store.ignore_gaps();
        assert_eq!(gaps.len(), 1, "{gaps:?}");
        assert_eq!(gaps[0].file.name, STIGNORE);
        assert!(gaps[0].exists);
        assert!(gaps[0].missing.contains(&"/trustwork.lock"));
        assert!(!gaps[0].missing.contains(&"*.bak"));

        // One removed since is missing, and only a write puts it back.
        fs::remove_file(data.path().join(GITIGNORE)).unwrap();
        let gaps = store.ignore_gaps();
        assert!(gaps.iter().any(|g| g.file.name == GITIGNORE && !g.exists));
    }

    #[test]
    fn a_store_that_is_not_synced_writes_no_ignore_file() {
        let data = tempfile::tempdir().unwrap();
        let store = Store::at(
            data.path(),
            Clock::Fixed("2026-12-07T10:00:00Z".parse().unwrap()),
        );
        add_partner(&store);
        assert!(!data.path().join(STIGNORE).exists());
        assert!(!data.path().join(GITIGNORE).exists());
        assert!(store.ignore_gaps().is_empty());
    }

    #[test]
    fn forgetting_everything_removes_them_only_as_trustwork_wrote_them() {
        let (data, state) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let store = device_store(data.path(), state.path());
        add_partner(&store);
        fs::write(data.path().join(GITIGNORE), "# mine\n").unwrap();
        let erased = store.forget_all(&[]).unwrap();
        assert_eq!(erased.left, [Path::new(GITIGNORE)]);
        assert!(!data.path().join(STIGNORE).exists());
    }

    #[test]
    fn a_move_into_a_device_folder_writes_them_at_once() {
        let (data, state) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
        let now = "2026-12-07T10:00:00Z".parse().unwrap();
        add_partner(&Store::at(data.path(), Clock::Fixed(now)));
        let file = state.path().join("device.json");
        let local = LocalDevice::load_or_create(&file, now).unwrap();
        let (store, moved) =
            Store::open_as_device(data.path(), Clock::Fixed(now), &local, file).unwrap();
        assert!(moved.is_some());
        assert!(data.path().join(STIGNORE).is_file());
        assert!(data.path().join(GITIGNORE).is_file());
        assert!(store.ignore_gaps().is_empty());
    }

    #[test]
    fn a_dead_writers_temporary_ignore_file_is_trustworks_to_clean_up() {
        let name = "..stignore.tmp-99999999-abc";
        assert!(is_ignore_temp(name));
        assert!(crate::store::is_trustwork_file(Path::new(name)));
        assert!(!is_ignore_temp(".notes.tmp-1-abc"));
    }

    #[test]
    fn create_in_never_replaces_what_is_there() {
        let data = tempfile::tempdir().unwrap();
        assert!(fsio::create_in(data.path(), Path::new("x"), b"new").unwrap());
        assert!(!fsio::create_in(data.path(), Path::new("x"), b"other").unwrap());
        assert_eq!(fs::read(data.path().join("x")).unwrap(), b"new");
    }
}
