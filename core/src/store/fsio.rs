//! Careful file operations: atomic replace with a backup, private permissions, the write lock,
//! bounded reads, and the clean-up of temporary files left by a writer that died.
//!
//! Below the data folder nothing is read, written, renamed over, hard-linked or removed through a
//! symbolic link: every folder and file on the way is checked with `symlink_metadata` first, new
//! files are created with `O_EXCL | O_NOFOLLOW`, and the lock is opened with `O_NOFOLLOW`. The
//! data folder itself may be a link: the user chose it.

use super::{Result, StoreError, paths};
use crate::bounded::{self, Links, ReadError};
use std::ffi::OsStr;
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::time::{Duration, Instant};

#[cfg(unix)]
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};

/// How long a writer waits for another writer before it gives up and says the store is busy.
pub const LOCK_WAIT: Duration = Duration::from_secs(2);
pub const LOCK_FILE: &str = "trustwork.lock";
/// The largest store file trustwork reads: far above ten years of heavy use (a month of entries
/// is about 200 KB), far below what would exhaust a small machine's memory.
pub const MAX_FILE: u64 = 256 << 20;
/// Where a temporary file's process cannot be asked about (not unix), a temporary file this old
/// is taken as left by a writer that died.
#[cfg(not(unix))]
const STALE_AFTER: Duration = Duration::from_secs(60 * 60);

/// Creates a folder (and its parents) readable by its owner only. An existing folder keeps its
/// permissions: the user may have chosen them.
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut b = fs::DirBuilder::new();
    b.recursive(true);
    #[cfg(unix)]
    b.mode(0o700);
    b.create(dir)?;
    #[cfg(unix)]
    fs::set_permissions(dir, fs::Permissions::from_mode(0o700))?;
    Ok(())
}

/// Creates one folder (not its parents), private. `mkdir` never follows a link: an existing
/// name, link or not, is left for [`check_below`] to judge.
fn create_private_subdir(dir: &Path) -> io::Result<()> {
    let mut b = fs::DirBuilder::new();
    #[cfg(unix)]
    b.mode(0o700);
    match b.create(dir) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(()),
        r => r,
    }
}

fn private_options() -> OpenOptions {
    let mut o = OpenOptions::new();
    #[cfg(unix)]
    o.mode(0o600);
    o
}

/// Creates a file that did not exist, never through a link (`O_EXCL | O_NOFOLLOW`): a name
/// already taken, by a file or a link, is an error and is left as it is.
fn create_new(path: &Path) -> io::Result<File> {
    let mut o = private_options();
    o.write(true).create_new(true);
    #[cfg(unix)]
    o.custom_flags(libc::O_NOFOLLOW);
    o.open(path)
}

/// The backup kept beside a file: `NAME.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".bak");
    PathBuf::from(s)
}

/// A fresh temporary name beside `NAME`: `.NAME.tmp-PID-RANDOM`. The pid says whose it is (so
/// a later writer can tell whether that process is gone); the random part makes the name
/// unguessable.
fn temp_name(name: &OsStr) -> String {
    format!(
        ".{}.tmp-{}-{}",
        name.to_string_lossy(),
        std::process::id(),
        crate::ids::new_id()
    )
}

/// Splits a temporary file's name, `.NAME.tmp-PID-RANDOM` (or `.NAME.tmp-PID`, as older
/// versions wrote it), into `NAME` and `PID`.
pub fn temp_parts(file_name: &str) -> Option<(&str, &str)> {
    let (base, tail) = file_name.strip_prefix('.')?.rsplit_once(".tmp-")?;
    let (pid, random) = match tail.split_once('-') {
        Some((pid, random)) => (pid, Some(random)),
        None => (tail, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let random_ok = random.is_none_or(|r| {
        !r.is_empty()
            && r.bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_lowercase())
    });
    (!base.is_empty() && digits(pid) && random_ok).then_some((base, pid))
}

/// Replaces `path` with `bytes` so that a crash at any moment leaves either the old or the new
/// file, never a mix: write a new temporary file beside it, fsync it, keep the current file as
/// `NAME.bak` (a hard link, so no copy and no moment without a file), rename the temporary file
/// over the original, then fsync the folder so the rename itself is durable. A failure at any
/// step removes the temporary file at once.
///
/// This is for a path the user named (an export). The store writes with [`write_in`], which
/// also refuses links below the data folder.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_with(path, &mut |file| file.write_all(bytes))
}

/// [`write_atomic`], with the new contents written by `write` as they are made (an export
/// streams to the temporary file, so it is never held whole in memory). A link at `path` is
/// refused: the file would be written somewhere the user did not name.
pub fn write_atomic_with(
    path: &Path,
    write: &mut dyn FnMut(&mut File) -> io::Result<()>,
) -> io::Result<()> {
    if is_symlink(path) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "it is a symbolic link; trustwork does not write through links",
        ));
    }
    if let Some(dir) = parent(path) {
        create_private_dir(dir)?;
    }
    replace(path, write)
}

fn parent(path: &Path) -> Option<&Path> {
    path.parent().filter(|d| !d.as_os_str().is_empty())
}

fn replace(path: &Path, write: &mut dyn FnMut(&mut File) -> io::Result<()>) -> io::Result<()> {
    let dir = parent(path).unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::other("no file name"))?;
    let tmp = dir.join(temp_name(name));
    // Not ours until it is created: a failure here removes nothing.
    let file = create_new(&tmp)?;
    let done = fill(file, write)
        .and_then(|()| keep_backup(path))
        .and_then(|()| {
            fault::check(fault::Step::Rename)?;
            fs::rename(&tmp, path)
        });
    if let Err(e) = done {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    sync_dir(dir)
}

fn fill(mut file: File, write: &mut dyn FnMut(&mut File) -> io::Result<()>) -> io::Result<()> {
    fault::check(fault::Step::Write)?;
    write(&mut file)?;
    fault::check(fault::Step::Sync)?;
    file.sync_all()
}

/// Makes `NAME.bak` the current `NAME`, if there is one.
fn keep_backup(path: &Path) -> io::Result<()> {
    fault::check(fault::Step::Backup)?;
    match fs::symlink_metadata(path) {
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(e),
    }
    let bak = backup_path(path);
    remove_if_there(&bak)?;
    link_or_copy(path, &bak)
}

/// A hard link, or on a file system without them, a copy (rather than lose the backup).
pub(super) fn link_or_copy(from: &Path, to: &Path) -> io::Result<()> {
    if fs::hard_link(from, to).is_ok() {
        return Ok(());
    }
    let mut o = OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    o.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    let mut src = o.open(from)?;
    let mut dst = create_new(to)?;
    let copied = io::copy(&mut src, &mut dst).and_then(|_| dst.sync_all());
    if copied.is_err() {
        let _ = fs::remove_file(to);
    }
    copied
}

pub(super) fn remove_if_there(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(()),
        r => r,
    }
}

fn is_symlink(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// Checks that no folder below `root` on the way to `rel` is a symbolic link, nor (with `last`)
/// `rel` itself. The first part that does not exist ends the check: nothing can be below it.
pub(super) fn check_below(root: &Path, rel: &Path, last: bool) -> Result<()> {
    let parts: Vec<Component> = rel.components().collect();
    let upto = if last {
        parts.len()
    } else {
        parts.len().saturating_sub(1)
    };
    let mut path = root.to_path_buf();
    for part in &parts[..upto] {
        if !matches!(part, Component::Normal(_)) {
            return Err(StoreError::Refused(format!(
                "{} is not a path inside the data folder",
                rel.display()
            )));
        }
        path.push(part);
        match fs::symlink_metadata(&path) {
            Ok(m) if m.file_type().is_symlink() => return Err(StoreError::Symlink(path)),
            Ok(_) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(()),
            Err(e) => return Err(StoreError::io("could not look at", &path, e)),
        }
    }
    Ok(())
}

/// Reads `root/rel`, a store file: `None` when it does not exist. It must be a regular file of
/// at most [`MAX_FILE`] bytes, reached through no link below `root`.
pub(super) fn read_in(root: &Path, rel: &Path) -> Result<Option<Vec<u8>>> {
    check_below(root, rel, false)?;
    let path = root.join(rel);
    match bounded::read(&path, MAX_FILE, Links::Refuse) {
        Ok(bytes) => Ok(Some(bytes)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(ReadError::Symlink) => Err(StoreError::Symlink(path)),
        Err(ReadError::NotAFile) => Err(StoreError::NotAFile(path)),
        Err(ReadError::TooLarge { limit }) => Err(StoreError::TooLarge { path, limit }),
        Err(ReadError::Io(e)) => Err(StoreError::io("could not read", &path, e)),
    }
}

/// Replaces `root/rel` atomically (see [`write_atomic`]), creating the folders below `root` it
/// needs. Refused, before anything is written, when a folder on the way, the file or its backup
/// is a symbolic link.
pub(super) fn write_in(root: &Path, rel: &Path, bytes: &[u8]) -> Result<()> {
    create_dirs_in(root, rel.parent().unwrap_or(Path::new("")))?;
    check_below(root, rel, true)?;
    check_below(root, &backup_path(rel), true)?;
    let path = root.join(rel);
    replace(&path, &mut |f| f.write_all(bytes))
        .map_err(|e| StoreError::io("could not save", &path, e))
}

/// Creates `root/rel` holding `bytes` only if there is nothing by that name: `Ok(false)`, and
/// nothing changed, when there is (a file, a link, anything). Atomic like [`write_in`]: the
/// bytes are written to a temporary file and made durable, then hard-linked to the name, which
/// fails rather than replace what is there; without hard links, renamed after a last look.
pub(super) fn create_in(root: &Path, rel: &Path, bytes: &[u8]) -> Result<bool> {
    create_dirs_in(root, rel.parent().unwrap_or(Path::new("")))?;
    check_below(root, rel, false)?;
    let path = root.join(rel);
    let taken = || fs::symlink_metadata(&path).is_ok();
    if taken() {
        return Ok(false);
    }
    let dir = parent(&path).unwrap_or(root);
    let name = path
        .file_name()
        .ok_or_else(|| StoreError::Refused(format!("{} has no file name", rel.display())))?;
    let tmp = dir.join(temp_name(name));
    let save = |e| StoreError::io("could not save", &path, e);
    let file = create_new(&tmp).map_err(save)?;
    if let Err(e) = fill(file, &mut |f| f.write_all(bytes)) {
        let _ = fs::remove_file(&tmp);
        return Err(save(e));
    }
    let placed = match fs::hard_link(&tmp, &path) {
        Ok(()) => Ok(true),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Ok(false),
        Err(_) if taken() => Ok(false),
        Err(_) => fs::rename(&tmp, &path).map(|()| true),
    };
    let _ = fs::remove_file(&tmp);
    let placed = placed.map_err(save)?;
    sync_dir(dir).map_err(|e| StoreError::io("could not sync", dir, e))?;
    Ok(placed)
}

/// Creates the data folder and the folders of `rel_dir` below it, private, none through a link.
pub(super) fn create_dirs_in(root: &Path, rel_dir: &Path) -> Result<()> {
    create_private_dir(root).map_err(|e| StoreError::io("could not create", root, e))?;
    let mut sub = PathBuf::new();
    for part in rel_dir.components() {
        sub.push(part);
        check_below(root, &sub, true)?;
        let dir = root.join(&sub);
        create_private_subdir(&dir).map_err(|e| StoreError::io("could not create", &dir, e))?;
    }
    Ok(())
}

/// Makes `NAME.bak` the same as `NAME` (or removes it when `NAME` is gone) and removes every
/// `.NAME.tmp-*` file and every rolling backup of it, so no older version stays behind. Call it
/// holding the write lock.
pub(super) fn refresh_backup_in(root: &Path, rel: &Path) -> Result<()> {
    check_below(root, rel, true)?;
    check_below(root, &backup_path(rel), true)?;
    let path = root.join(rel);
    let bak = backup_path(&path);
    let dir = parent(&path).unwrap_or(root);
    remove_if_there(&bak).map_err(|e| StoreError::io("could not remove", &bak, e))?;
    super::backups::remove_all_of(root, rel)?;
    if fs::symlink_metadata(&path).is_ok() {
        link_or_copy(&path, &bak).map_err(|e| StoreError::io("could not replace", &bak, e))?;
    }
    if let Some(name) = path.file_name().and_then(OsStr::to_str) {
        let rd = fs::read_dir(dir).map_err(|e| StoreError::io("could not list", dir, e))?;
        for item in rd {
            let item = item.map_err(|e| StoreError::io("could not list", dir, e))?;
            let its = item.file_name();
            let ours = its
                .to_str()
                .and_then(temp_parts)
                .is_some_and(|(base, _)| base == name);
            if ours && item.file_type().is_ok_and(|t| t.is_file()) {
                remove_if_there(&item.path())
                    .map_err(|e| StoreError::io("could not remove", &item.path(), e))?;
            }
        }
    }
    sync_dir(dir).map_err(|e| StoreError::io("could not sync", dir, e))
}

/// Removes `NAME.bak` of `root/rel`, if there is one, and its rolling backups (never through a
/// link).
pub(super) fn remove_backup_in(root: &Path, rel: &Path) -> Result<()> {
    let bak_rel = backup_path(rel);
    check_below(root, &bak_rel, true)?;
    let bak = root.join(bak_rel);
    remove_if_there(&bak).map_err(|e| StoreError::io("could not remove", &bak, e))?;
    super::backups::remove_all_of(root, rel)
}

/// Removes the temporary files that writers which died (killed, or out of disk before they
/// could clean up) left in the store: regular files with trustwork's temporary names whose
/// process is gone. Call it holding the write lock. Best effort: what cannot be removed now is
/// left for the next write.
pub(super) fn remove_stale_temps(root: &Path) {
    for sub in ["", paths::ENTRIES_DIR, paths::CHECKINS_DIR] {
        let dir = root.join(sub);
        if !sub.is_empty() && is_symlink(&dir) {
            continue;
        }
        let Ok(rd) = fs::read_dir(&dir) else {
            continue;
        };
        for item in rd.flatten() {
            let its = item.file_name();
            let Some((_, pid)) = its.to_str().and_then(temp_parts) else {
                continue;
            };
            let rel = Path::new(sub).join(&its);
            if super::is_trustwork_file(&rel)
                && item.file_type().is_ok_and(|t| t.is_file())
                && is_stale(&item, pid)
            {
                let _ = fs::remove_file(item.path());
            }
        }
    }
}

#[cfg(unix)]
pub(super) fn is_stale(_item: &fs::DirEntry, pid: &str) -> bool {
    !process_alive(pid)
}

#[cfg(not(unix))]
pub(super) fn is_stale(item: &fs::DirEntry, _pid: &str) -> bool {
    item.metadata()
        .and_then(|m| m.modified())
        .ok()
        .and_then(|t| t.elapsed().ok())
        .is_some_and(|age| age > STALE_AFTER)
}

/// Whether a process with this pid is running (ours always is).
#[cfg(unix)]
fn process_alive(pid: &str) -> bool {
    let Ok(pid) = pid.parse::<libc::pid_t>() else {
        // Not a pid any process can have.
        return false;
    };
    if pid <= 0 {
        // 0 and below name process groups, not a process.
        return false;
    }
    if u32::try_from(pid).is_ok_and(|p| p == std::process::id()) {
        return true;
    }
    // SAFETY: signal 0 sends nothing; kill only reports whether the process exists.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// Makes a rename or a new file in `dir` durable.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        File::open(dir)?.sync_all()?;
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// The store's write lock: held only while a writer re-reads, merges and writes.
#[derive(Debug)]
pub struct WriteLock {
    file: File,
}

impl WriteLock {
    /// Takes the lock of the store at `dir`, waiting up to `wait`; [`StoreError::Busy`] when
    /// another writer held it all that time. A lock file that is a link (even one pointing
    /// nowhere) is refused, never followed or created through.
    pub fn acquire(dir: &Path, wait: Duration) -> Result<WriteLock> {
        create_private_dir(dir).map_err(|e| StoreError::io("could not create", dir, e))?;
        let path = dir.join(LOCK_FILE);
        let mut o = private_options();
        o.read(true).write(true).create(true).truncate(false);
        #[cfg(unix)]
        o.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
        let file = match o.open(&path) {
            Ok(f) => f,
            Err(_) if is_symlink(&path) => return Err(StoreError::Symlink(path)),
            Err(e) => return Err(StoreError::io("could not open the lock file", &path, e)),
        };
        match file.metadata() {
            Ok(m) if m.is_file() => {}
            Ok(_) => return Err(StoreError::NotAFile(path)),
            Err(e) => return Err(StoreError::io("could not open the lock file", &path, e)),
        }
        let start = Instant::now();
        let mut pause = Duration::from_millis(1);
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(WriteLock { file }),
                Err(fs::TryLockError::WouldBlock) => {
                    if start.elapsed() >= wait {
                        return Err(StoreError::Busy(dir.to_path_buf()));
                    }
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(20));
                }
                Err(fs::TryLockError::Error(e)) => {
                    return Err(StoreError::io("could not lock", &path, e));
                }
            }
        }
    }
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

/// Failures injected at one step of a write, in tests only, to prove that every error path
/// cleans up after itself.
#[cfg(test)]
pub(crate) mod fault {
    use std::cell::Cell;
    use std::io;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub enum Step {
        Write,
        Sync,
        Backup,
        Rename,
    }

    thread_local! {
        static AT: Cell<Option<Step>> = const { Cell::new(None) };
    }

    /// Makes every write on this thread fail at `step` (or no longer, with `None`).
    pub fn inject(step: Option<Step>) {
        AT.with(|a| a.set(step));
    }

    pub(super) fn check(step: Step) -> io::Result<()> {
        if AT.with(Cell::get) == Some(step) {
            return Err(io::Error::new(
                io::ErrorKind::StorageFull,
                "no space left on device (injected)",
            ));
        }
        Ok(())
    }
}

#[cfg(not(test))]
mod fault {
    pub enum Step {
        Write,
        Sync,
        Backup,
        Rename,
    }

    #[inline(always)]
    pub(super) fn check(_: Step) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests;

/// The entries of `root/folder`, checked to be reached through no link; a folder that is not
/// there has none.
pub(super) fn list_below(root: &Path, folder: &Path) -> Result<Vec<fs::DirEntry>> {
    check_below(root, folder, true)?;
    let dir = root.join(folder);
    let rd = match fs::read_dir(&dir) {
        Ok(rd) => rd,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(StoreError::io("could not list", &dir, e)),
    };
    rd.map(|item| item.map_err(|e| StoreError::io("could not list", &dir, e)))
        .collect()
}
