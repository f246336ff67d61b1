//! Reading a file that may not be what its name says: only a regular file, at most a given
//! number of bytes, and never a wait — a FIFO, a device or a socket is refused before it is
//! read, and one swapped in after the check cannot block the open (`O_NONBLOCK` on unix).

use std::fs::{self, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

#[cfg(unix)]
use std::os::unix::fs::OpenOptionsExt;

/// Whether the last part of the path may be a symbolic link (to a regular file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Links {
    Follow,
    Refuse,
}

/// Why a file was not read. Displayed without the path: the caller names it.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("it is a symbolic link")]
    Symlink,
    #[error("it is not a regular file")]
    NotAFile,
    #[error("it is larger than {}", size(*limit))]
    TooLarge { limit: u64 },
    #[error("{0}")]
    Io(#[from] io::Error),
}

impl ReadError {
    pub fn is_not_found(&self) -> bool {
        matches!(self, ReadError::Io(e) if e.kind() == io::ErrorKind::NotFound)
    }
}

/// A size in the units people read: `1 MiB`, `256 MiB`, `512 bytes`.
pub fn size(bytes: u64) -> String {
    const MIB: u64 = 1 << 20;
    const KIB: u64 = 1 << 10;
    if bytes >= MIB && bytes.is_multiple_of(MIB) {
        format!("{} MiB", bytes / MIB)
    } else if bytes >= KIB && bytes.is_multiple_of(KIB) {
        format!("{} KiB", bytes / KIB)
    } else {
        format!("{bytes} bytes")
    }
}

/// Reads a regular file of at most `limit` bytes. The size is checked before opening and again
/// on the open file, and the read itself stops after `limit + 1` bytes, so a file that grows
/// meanwhile (or a device that says it is empty) cannot fill the memory.
pub fn read(path: &Path, limit: u64, links: Links) -> Result<Vec<u8>, ReadError> {
    let mut file = open(path, limit, links)?;
    let mut out = Vec::with_capacity(file.len as usize);
    file.read_to_end(&mut out).map_err(ReadError::from_io)?;
    Ok(out)
}

/// Opens a regular file of at most `limit` bytes, with the checks [`read`] makes, for reading
/// it a piece at a time: the reader fails (`io::ErrorKind::FileTooLarge`, or
/// [`ReadError::TooLarge`] through [`ReadError::from_io`]) once it has read past `limit`.
pub fn open(path: &Path, limit: u64, links: Links) -> Result<Limited, ReadError> {
    let meta = match links {
        Links::Follow => fs::metadata(path)?,
        Links::Refuse => fs::symlink_metadata(path)?,
    };
    if meta.file_type().is_symlink() {
        return Err(ReadError::Symlink);
    }
    if !meta.is_file() {
        return Err(ReadError::NotAFile);
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge { limit });
    }
    let mut o = OpenOptions::new();
    o.read(true);
    #[cfg(unix)]
    o.custom_flags(match links {
        Links::Follow => libc::O_NONBLOCK,
        Links::Refuse => libc::O_NONBLOCK | libc::O_NOFOLLOW,
    });
    let file = match o.open(path) {
        Ok(f) => f,
        // A link put in its place since the check: O_NOFOLLOW refused to open it.
        Err(_) if links == Links::Refuse && is_symlink(path) => return Err(ReadError::Symlink),
        Err(e) => return Err(e.into()),
    };
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(ReadError::NotAFile);
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge { limit });
    }
    Ok(Limited {
        file: file.take(limit + 1),
        limit,
        len: meta.len(),
    })
}

/// A regular file being read that refuses to give more than its limit (see [`open`]).
#[derive(Debug)]
pub struct Limited {
    file: io::Take<fs::File>,
    limit: u64,
    /// The size when it was opened.
    pub len: u64,
}

impl Read for Limited {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.file.read(buf)?;
        // The take stops at limit + 1: nothing left of it means the file ran past its limit.
        if self.file.limit() == 0 {
            return Err(io::Error::new(
                io::ErrorKind::FileTooLarge,
                ReadError::TooLarge { limit: self.limit },
            ));
        }
        Ok(n)
    }
}

impl ReadError {
    /// An error of a [`Limited`] reader, with running past the limit told apart.
    pub fn from_io(e: io::Error) -> ReadError {
        match e.kind() {
            io::ErrorKind::FileTooLarge => {
                match e.into_inner().map(|i| i.downcast::<ReadError>()) {
                    Some(Ok(inner)) => *inner,
                    Some(Err(other)) => {
                        ReadError::Io(io::Error::new(io::ErrorKind::FileTooLarge, other))
                    }
                    None => ReadError::Io(io::ErrorKind::FileTooLarge.into()),
                }
            }
            _ => ReadError::Io(e),
        }
    }
}

fn is_symlink(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_as_people_say_them() {
        assert_eq!(size(1 << 20), "1 MiB");
        assert_eq!(size(256 << 20), "256 MiB");
        assert_eq!(size(4096), "4 KiB");
        assert_eq!(size(1000), "1000 bytes");
    }

    #[test]
    fn reads_a_file_up_to_its_limit_and_no_further() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        fs::write(&p, b"12345").unwrap();
        assert_eq!(read(&p, 5, Links::Refuse).unwrap(), b"12345");
        assert!(matches!(
            read(&p, 4, Links::Refuse),
            Err(ReadError::TooLarge { limit: 4 })
        ));
        // A file that grew after it was opened stops at the limit all the same.
        let mut grown = open(&p, 5, Links::Refuse).unwrap();
        fs::write(&p, b"123456789").unwrap();
        let mut out = Vec::new();
        let err = grown.read_to_end(&mut out).unwrap_err();
        assert!(matches!(
            ReadError::from_io(err),
            ReadError::TooLarge { limit: 5 }
        ));
        fs::write(&p, b"12345").unwrap();
        assert!(
            read(&dir.path().join("none"), 5, Links::Follow)
                .unwrap_err()
                .is_not_found()
        );
        assert!(matches!(
            read(dir.path(), 5, Links::Follow),
            Err(ReadError::NotAFile)
        ));
    }

    #[cfg(unix)]
    #[test]
    fn links_are_followed_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f");
        fs::write(&p, b"x").unwrap();
        let l = dir.path().join("l");
        std::os::unix::fs::symlink(&p, &l).unwrap();
        assert_eq!(read(&l, 5, Links::Follow).unwrap(), b"x");
        assert!(matches!(
            read(&l, 5, Links::Refuse),
            Err(ReadError::Symlink)
        ));
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_device_that_never_ends_is_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let l = dir.path().join("zero");
        std::os::unix::fs::symlink("/dev/zero", &l).unwrap();
        assert!(matches!(
            read(&l, 1 << 20, Links::Follow),
            Err(ReadError::NotAFile)
        ));
    }
}
