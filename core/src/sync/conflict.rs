//! The names sync tools give the copies they keep when two machines changed one file, and the
//! names of their own bookkeeping, which a reader passes over.
//!
//! A conflict copy holds whole records like its original, so the store reads it as one more
//! version of that file of that device and merges it by key: nothing appears twice, and the
//! newer version of each record wins. The next write of the device folds it into the original
//! and removes it.

/// What a name in a device folder is, to the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NameKind {
    /// An ordinary name: perhaps a store file.
    Plain,
    /// A sync tool's copy of the file `original` (a name in the same folder).
    ConflictCopy { original: String },
    /// A sync tool's own file or folder: never read, never removed.
    Ignored,
}

/// Syncthing's folder marker, its ignore patterns and its old versions folder.
const IGNORED_NAMES: &[&str] = &[
    ".stfolder",
    ".stignore",
    ".stversions",
    ".stglobalignore",
    ".dropbox",
    ".dropbox.attr",
    ".dropbox.cache",
    ".git",
    ".gitignore",
    ".gitattributes",
];

/// Tells a name in a device folder apart: an ordinary name, a conflict copy (and of what), or
/// a sync tool's own file.
///
/// ```
/// use trustwork_core::sync::{NameKind, classify};
/// assert_eq!(
///     classify("2026-12.sync-conflict-20261207-153000-ABCDEFG.json"),
///     NameKind::ConflictCopy { original: "2026-12.json".into() }
/// );
/// assert_eq!(classify(".stversions"), NameKind::Ignored);
/// ```
pub fn classify(name: &str) -> NameKind {
    if IGNORED_NAMES.contains(&name) || is_tool_temp(name) {
        return NameKind::Ignored;
    }
    match original_of(name) {
        Some(original) if !original.is_empty() && original != name => {
            NameKind::ConflictCopy { original }
        }
        _ => NameKind::Plain,
    }
}

/// The original name a conflict copy belongs to, if `name` is one.
pub fn original_of(name: &str) -> Option<String> {
    syncthing(name)
        .or_else(|| parenthesised(name))
        .or_else(|| git(name))
}

/// Syncthing's and Nextcloud's temporary files while a file is being pulled in.
fn is_tool_temp(name: &str) -> bool {
    (name.starts_with("~syncthing~") && name.ends_with(".tmp"))
        || (name.starts_with(".syncthing.") && name.ends_with(".tmp"))
        || (name.starts_with(".~lock.") && name.ends_with('#'))
        || name.ends_with(".~tmp")
        || name.starts_with(".owncloudsync.log")
        || name.starts_with("._sync_")
        || name.starts_with(".sync_")
}

fn split_ext(name: &str) -> (&str, &str) {
    match name.rfind('.') {
        Some(0) | None => (name, ""),
        Some(i) => (&name[..i], &name[i..]),
    }
}

fn all_digits(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_digit())
}

/// `NAME.sync-conflict-YYYYMMDD-HHMMSS-DEVICE.EXT` → `NAME.EXT`.
fn syncthing(name: &str) -> Option<String> {
    const MARK: &str = ".sync-conflict-";
    let at = name.find(MARK)?;
    let (stem, rest) = (&name[..at], &name[at + MARK.len()..]);
    let (date, rest) = rest.split_once('-')?;
    let (time, rest) = rest.split_once('-')?;
    if !all_digits(date, 8) || !all_digits(time, 6) {
        return None;
    }
    let (device, ext) = match rest.find('.') {
        Some(i) => (&rest[..i], &rest[i..]),
        None => (rest, ""),
    };
    if device.is_empty() || !device.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    Some(format!("{stem}{ext}"))
}

/// Dropbox's `NAME (Sam's conflicted copy 2026-12-07).EXT` and Nextcloud's or ownCloud's
/// `NAME (conflicted copy 2026-12-07 153000).EXT` → `NAME.EXT`. Nextcloud's newer
/// `NAME (conflicted copy 2026-12-07 153000) (2).EXT` too.
fn parenthesised(name: &str) -> Option<String> {
    let (stem, ext) = split_ext(name);
    let mut stem = stem.trim_end();
    // A number added to make the name unique: " (2)".
    if let Some(open) = stem.rfind(" (")
        && stem.ends_with(')')
        && stem[open + 2..stem.len() - 1]
            .bytes()
            .all(|b| b.is_ascii_digit())
        && open + 3 < stem.len()
    {
        stem = &stem[..open];
    }
    let open = stem.rfind(" (")?;
    let inside = stem[open + 2..].strip_suffix(')')?;
    if !inside.to_lowercase().contains("conflicted copy") {
        return None;
    }
    Some(format!("{}{ext}", &stem[..open]))
}

/// git's leftovers: `NAME.EXT.orig` (a merge's backup), mergetool's
/// `NAME_BACKUP_1234.EXT` (and `_BASE_`, `_LOCAL_`, `_REMOTE_`) and the suffixed forms
/// `NAME.EXT.LOCAL`, `NAME.EXT.BACKUP`… → `NAME.EXT`.
fn git(name: &str) -> Option<String> {
    const TAGS: &[&str] = &["BACKUP", "BASE", "LOCAL", "REMOTE"];
    if let Some(original) = name.strip_suffix(".orig") {
        return Some(original.to_string());
    }
    if let Some((original, tag)) = name.rsplit_once('.')
        && TAGS.contains(&tag)
    {
        return Some(original.to_string());
    }
    let (stem, ext) = split_ext(name);
    for tag in TAGS {
        let mark = format!("_{tag}_");
        if let Some(at) = stem.rfind(&mark) {
            let pid = &stem[at + mark.len()..];
            if !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit()) {
                return Some(format!("{}{ext}", &stem[..at]));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn copy_of(original: &str) -> NameKind {
        NameKind::ConflictCopy {
            original: original.into(),
        }
    }

    #[test]
    fn syncthing_conflict_copies_name_their_original() {
        assert_eq!(
            classify("2026-12.sync-conflict-20261207-153000-ABCDEFG.json"),
            copy_of("2026-12.json")
        );
        assert_eq!(
            classify("partners.sync-conflict-20261207-153000-7XQZK2M.json"),
            copy_of("partners.json")
        );
        assert_eq!(
            classify("notes.sync-conflict-20261207-153000-ABCDEFG"),
            copy_of("notes")
        );
        // Not a real date: an ordinary name.
        assert_eq!(
            classify("2026-12.sync-conflict-2026-153000-ABCDEFG.json"),
            NameKind::Plain
        );
    }

    #[test]
    fn dropbox_and_nextcloud_conflicted_copies_name_their_original() {
        assert_eq!(
            classify("2026 (Sam's conflicted copy 2026-12-07).json"),
            copy_of("2026.json")
        );
        assert_eq!(
            classify("moments (conflicted copy 2026-12-07 153000).json"),
            copy_of("moments.json")
        );
        assert_eq!(
            classify("moments (conflicted copy 2026-12-07 153000) (2).json"),
            copy_of("moments.json")
        );
        assert_eq!(
            classify("2026-12 (Sam's MacBook Pro's conflicted copy 2026-12-07).json"),
            copy_of("2026-12.json")
        );
        assert_eq!(classify("moments (2).json"), NameKind::Plain);
    }

    #[test]
    fn git_leftovers_name_their_original() {
        assert_eq!(classify("promises.json.orig"), copy_of("promises.json"));
        assert_eq!(
            classify("promises_BACKUP_1234.json"),
            copy_of("promises.json")
        );
        assert_eq!(classify("2026-12_LOCAL_88.json"), copy_of("2026-12.json"));
        assert_eq!(classify("2026-12_REMOTE_88.json"), copy_of("2026-12.json"));
        assert_eq!(classify("2026-12_BASE_88.json"), copy_of("2026-12.json"));
        assert_eq!(classify("trash.json.LOCAL"), copy_of("trash.json"));
        assert_eq!(classify("trash.json.BACKUP"), copy_of("trash.json"));
        // A tag without the process number is an ordinary name.
        assert_eq!(classify("notes_LOCAL_.json"), NameKind::Plain);
    }

    #[test]
    fn sync_tools_own_files_are_ignored() {
        for name in [
            ".stversions",
            ".stfolder",
            ".stignore",
            "~syncthing~2026-12.json.tmp",
            ".syncthing.2026-12.json.tmp",
            ".dropbox.cache",
            ".git",
        ] {
            assert_eq!(classify(name), NameKind::Ignored, "{name}");
        }
    }

    #[test]
    fn store_files_are_plain() {
        for name in [
            "2026-12.json",
            "partners.json",
            "checkins",
            "device.json",
            "moments.json.bak",
            ".moments.json.tmp-123-abc",
        ] {
            assert_eq!(classify(name), NameKind::Plain, "{name}");
        }
    }
}
