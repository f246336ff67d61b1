//! Durable file operations: atomic replace with a backup, private permissions, the write lock.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[cfg(unix)]
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};

/// How long a writer waits for another writer before it gives up and says the store is busy.
pub const LOCK_WAIT: Duration = Duration::from_secs(2);
pub const LOCK_FILE: &str = "trustwork.lock";

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

fn private_options() -> OpenOptions {
    let mut o = OpenOptions::new();
    #[cfg(unix)]
    o.mode(0o600);
    o
}

/// The backup kept beside a file: `NAME.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".bak");
    PathBuf::from(s)
}

/// Replaces `path` with `bytes` so that a crash at any moment leaves either the old or the new
/// file, never a mix: write a temporary file beside it, fsync it, keep the current file as
/// `NAME.bak` (a hard link, so no copy and no moment without a file), rename the temporary file
/// over the original, then fsync the folder so the rename itself is durable.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    create_private_dir(dir)?;
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::other("no file name"))?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    {
        let mut f = private_options()
            .write(true)
            .create(true)
            .truncate(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
    }
    if path.exists() {
        let bak = backup_path(path);
        match fs::remove_file(&bak) {
            Ok(()) => {}
            Err(e) if e.kind() == io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        if fs::hard_link(path, &bak).is_err() {
            // A file system without hard links: fall back to a copy rather than lose the backup.
            fs::copy(path, &bak)?;
        }
    }
    if let Err(e) = fs::rename(&tmp, path) {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    sync_dir(dir)
}

/// Makes `NAME.bak` the same as `NAME` (or removes it when `NAME` is gone) and removes stale
/// `.NAME.tmp-*` files, so no older version stays beside it. Call it holding the write lock.
pub fn refresh_backup(path: &Path) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let bak = backup_path(path);
    match fs::remove_file(&bak) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e),
    }
    if path.exists() && fs::hard_link(path, &bak).is_err() {
        fs::copy(path, &bak)?;
    }
    if let Some(name) = path.file_name() {
        let tmp = format!(".{}.tmp-", name.to_string_lossy());
        for item in fs::read_dir(dir)? {
            let item = item?;
            if item.file_name().to_string_lossy().starts_with(&tmp) && item.file_type()?.is_file() {
                fs::remove_file(item.path())?;
            }
        }
    }
    sync_dir(dir)
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
    /// Takes the lock, waiting up to `wait`. `Ok(None)` means another writer held it all that time.
    pub fn acquire(dir: &Path, wait: Duration) -> io::Result<Option<WriteLock>> {
        create_private_dir(dir)?;
        let file = private_options()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(dir.join(LOCK_FILE))?;
        let start = Instant::now();
        let mut pause = Duration::from_millis(1);
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(Some(WriteLock { file })),
                Err(fs::TryLockError::WouldBlock) => {
                    if start.elapsed() >= wait {
                        return Ok(None);
                    }
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(20));
                }
                Err(fs::TryLockError::Error(e)) => return Err(e),
            }
        }
    }
}

impl Drop for WriteLock {
    fn drop(&mut self) {
        let _ = self.file.unlock();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn atomic_write_keeps_a_backup_and_private_modes() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let p = data.join("a.json");
        write_atomic(&p, b"one").unwrap();
        assert!(!backup_path(&p).exists());
        write_atomic(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        assert_eq!(fs::read(backup_path(&p)).unwrap(), b"one");
        write_atomic(&p, b"three").unwrap();
        assert_eq!(fs::read(backup_path(&p)).unwrap(), b"two");
        #[cfg(unix)]
        {
            let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&data), 0o700);
            assert_eq!(mode(&p), 0o600);
            assert_eq!(mode(&backup_path(&p)), 0o600);
        }
        // No temporary files are left behind.
        let names: Vec<_> = fs::read_dir(&data)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names.len(), 2, "{names:?}");
    }

    #[test]
    fn lock_waits_then_reports_busy() {
        let dir = tempfile::tempdir().unwrap();
        let held = WriteLock::acquire(dir.path(), LOCK_WAIT).unwrap().unwrap();
        let second = WriteLock::acquire(dir.path(), Duration::from_millis(30)).unwrap();
        assert!(second.is_none());
        drop(held);
        assert!(
            WriteLock::acquire(dir.path(), Duration::from_millis(30))
                .unwrap()
                .is_some()
        );
    }
}
