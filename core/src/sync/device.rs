//! This installation's device id, and the marker that tells when another installation uses it.
//!
//! **The id** is 16 characters of the ids' alphabet (80 random bits), made on the first run and
//! kept in a small file *outside* the data folder ([`LocalDevice::default_path`]: the
//! platform's local state folder, or `TRUSTWORK_DEVICE_FILE`), because everything inside the
//! data folder is copied to the other machines: an id kept there would be every machine's.
//!
//! **Cloned ids.** Copying a home folder to a new laptop (a migration assistant, a restored disk
//! image) copies the id file too, and then two machines would write one device folder, which
//! the sync tool turns into conflict copies or silent overwrites. So the local file also keeps
//! an `install` token (random, made with the id) and the time this installation last wrote its
//! marker, `devices/<id>/device.json`, which holds the same two values and is synced. On opening
//! the store, [`DeviceMarker::check`] compares them: a marker with another install token, or
//! written later than this installation last wrote it, was written by another installation
//! with this id — a clone. It is reported, not repaired: the person chooses which machine keeps
//! the id (the other makes a new one by removing its local file).

use crate::model::Timestamp;
use serde::{Deserialize, Serialize};
use std::fmt;
use std::path::{Path, PathBuf};

/// The environment variable naming the local device file (tests, portable installs).
pub const DEVICE_FILE_VAR: &str = "TRUSTWORK_DEVICE_FILE";
/// The marker's name inside `devices/<id>/`.
pub const MARKER: &str = "device.json";
/// The format of the local device file and of the marker.
pub const DEVICE_FORMAT: u32 = 1;
const ID_LEN: usize = 16;

#[derive(Debug, thiserror::Error)]
pub enum DeviceError {
    #[error("{path}: {cause}")]
    Io {
        path: PathBuf,
        cause: std::io::Error,
    },
    #[error("{path} is not a trustwork device file: {reason}")]
    Unreadable { path: PathBuf, reason: String },
    #[error(
        "{path} was written by a newer version of trustwork (format {found}); please update trustwork"
    )]
    Newer { path: PathBuf, found: u32 },
    #[error("{0:?} is not a device id (16 characters of 0-9 and a-z without i, l, o, u)")]
    BadId(String),
    #[error(
        "another installation is writing as this device ({device}): the device id was copied \
         with this machine's files. Remove {local} on one of the two machines so that it makes \
         a new id."
    )]
    Cloned { device: DeviceId, local: PathBuf },
}

/// One installation's id: lowercase, 16 characters of [`crate::ids::ALPHABET`]. Held as its
/// bytes, so that a copy costs nothing: the merge keeps one beside every record it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct DeviceId([u8; ID_LEN]);

impl DeviceId {
    /// A new random id.
    pub fn random() -> DeviceId {
        DeviceId::parse(&random_token(ID_LEN)).expect("a random id is of the alphabet")
    }

    /// An id as written; only the ids' alphabet, exactly 16 characters.
    pub fn parse(s: &str) -> Result<DeviceId, DeviceError> {
        let ok = s.len() == ID_LEN && s.bytes().all(|b| crate::ids::ALPHABET.contains(&b));
        match <[u8; ID_LEN]>::try_from(s.as_bytes()) {
            Ok(bytes) if ok => Ok(DeviceId(bytes)),
            _ => Err(DeviceError::BadId(s.to_string())),
        }
    }

    pub fn as_str(&self) -> &str {
        // Only ASCII of the alphabet is ever held (see `parse`).
        std::str::from_utf8(&self.0).expect("an id is ASCII")
    }
}

impl fmt::Display for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TryFrom<String> for DeviceId {
    type Error = DeviceError;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        DeviceId::parse(&s)
    }
}

impl From<DeviceId> for String {
    fn from(id: DeviceId) -> String {
        id.as_str().to_string()
    }
}

fn random_token(len: usize) -> String {
    use rand::RngExt;
    let mut rng = rand::rng();
    (0..len)
        .map(|_| crate::ids::ALPHABET[rng.random_range(0..32)] as char)
        .collect()
}

/// What this installation keeps about itself, outside the data folder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalDevice {
    pub format_version: u32,
    pub device: DeviceId,
    /// Random, made with the id: tells this installation from another that has the same id.
    pub install: String,
    pub created: Timestamp,
    /// When this installation last wrote its marker in the data folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub marker_written: Option<Timestamp>,
}

impl LocalDevice {
    /// A new installation: a fresh id and install token.
    pub fn new(now: Timestamp) -> LocalDevice {
        LocalDevice {
            format_version: DEVICE_FORMAT,
            device: DeviceId::random(),
            install: random_token(ID_LEN),
            created: now,
            marker_written: None,
        }
    }

    /// Where the local device file lives: `TRUSTWORK_DEVICE_FILE`, or `device.json` in the
    /// platform's local state folder — never one that a roaming profile or the data folder
    /// shares (`~/.local/state/trustwork` on Linux, `~/Library/Preferences/trustwork` on macOS,
    /// `%LOCALAPPDATA%\trustwork\config` on Windows).
    pub fn default_path() -> Option<PathBuf> {
        if let Some(p) = std::env::var_os(DEVICE_FILE_VAR).filter(|p| !p.is_empty()) {
            return Some(PathBuf::from(p));
        }
        let dirs = directories::ProjectDirs::from("", "", "trustwork")?;
        let dir = if cfg!(target_os = "macos") {
            dirs.preference_dir().to_path_buf()
        } else {
            dirs.state_dir()
                .unwrap_or_else(|| dirs.config_local_dir())
                .to_path_buf()
        };
        Some(dir.join("device.json"))
    }

    /// Reads the local device file at `path`, or makes a new installation and writes it there
    /// (atomically) when there is none.
    pub fn load_or_create(path: &Path, now: Timestamp) -> Result<LocalDevice, DeviceError> {
        if let Some(local) = LocalDevice::load(path)? {
            return Ok(local);
        }
        let local = LocalDevice::new(now);
        local.save(path)?;
        Ok(local)
    }

    /// Reads the local device file; `None` when there is none.
    pub fn load(path: &Path) -> Result<Option<LocalDevice>, DeviceError> {
        let bytes = match std::fs::read(path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(cause) => {
                return Err(DeviceError::Io {
                    path: path.to_path_buf(),
                    cause,
                });
            }
        };
        decode_versioned(path, &bytes).map(Some)
    }

    /// Writes the local device file atomically, private to the user.
    pub fn save(&self, path: &Path) -> Result<(), DeviceError> {
        let bytes = crate::json::to_vec_pretty(self).expect("a device file serialises");
        crate::store::fsio::write_atomic(path, &bytes).map_err(|cause| DeviceError::Io {
            path: path.to_path_buf(),
            cause,
        })
    }

    /// The marker this installation writes into its device folder at `now`; remember
    /// `marker_written` (and save this file) once it is written.
    pub fn marker(&self, now: Timestamp) -> DeviceMarker {
        DeviceMarker {
            format_version: DEVICE_FORMAT,
            device: self.device,
            install: self.install.clone(),
            name: host_name(),
            created: self.created,
            last_write: now,
            store_format: crate::store::FORMAT_VERSION,
        }
    }
}

/// `devices/<id>/device.json`: who writes this device folder. Synced, so every machine can name
/// the others (`name`) and see when each last wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeviceMarker {
    pub format_version: u32,
    pub device: DeviceId,
    pub install: String,
    /// The machine's host name, to tell the devices apart in words.
    #[serde(default)]
    pub name: String,
    pub created: Timestamp,
    pub last_write: Timestamp,
    /// The store format this device writes.
    pub store_format: u32,
}

impl DeviceMarker {
    pub fn decode(path: &Path, bytes: &[u8]) -> Result<DeviceMarker, DeviceError> {
        decode_versioned(path, bytes)
    }

    /// `Err(Cloned)` when this marker was written by another installation using `local`'s id:
    /// another install token, or a write later than `local` last made (see the module).
    pub fn check(&self, local: &LocalDevice, local_path: &Path) -> Result<(), DeviceError> {
        let someone_else = self.install != local.install
            || local
                .marker_written
                .is_none_or(|mine| self.last_write > mine);
        if self.device == local.device && someone_else {
            return Err(DeviceError::Cloned {
                device: local.device,
                local: local_path.to_path_buf(),
            });
        }
        Ok(())
    }
}

fn decode_versioned<T: serde::de::DeserializeOwned>(
    path: &Path,
    bytes: &[u8],
) -> Result<T, DeviceError> {
    let unreadable = |reason: String| DeviceError::Unreadable {
        path: path.to_path_buf(),
        reason,
    };
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| unreadable(e.to_string()))?;
    let found = value
        .get("format_version")
        .and_then(serde_json::Value::as_u64)
        .ok_or_else(|| unreadable("it has no format_version".into()))?;
    if found > DEVICE_FORMAT as u64 {
        return Err(DeviceError::Newer {
            path: path.to_path_buf(),
            found: found as u32,
        });
    }
    serde_json::from_value(value).map_err(|e| unreadable(e.to_string()))
}

/// The machine's name where it is cheap to know (escaped); empty otherwise. The name a marker
/// gives this machine.
pub fn host_name() -> String {
    let from_env = ["HOSTNAME", "COMPUTERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.trim().is_empty()));
    let name = from_env.or_else(|| {
        std::fs::read_to_string("/etc/hostname")
            .ok()
            .filter(|s| !s.trim().is_empty())
    });
    crate::text::escape_line(name.as_deref().unwrap_or("").trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }

    #[test]
    fn ids_are_sixteen_characters_of_the_alphabet_and_parse_back() {
        let id = DeviceId::random();
        assert_eq!(id.as_str().len(), 16);
        assert_eq!(DeviceId::parse(id.as_str()).unwrap(), id);
        assert!(DeviceId::parse("short").is_err());
        assert!(DeviceId::parse("ABCDEFGHJKMNPQRS").is_err());
        assert!(DeviceId::parse("0123456789abcdei").is_err());
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(serde_json::from_str::<DeviceId>(&json).unwrap(), id);
        assert!(serde_json::from_str::<DeviceId>("\"../../etc\"").is_err());
    }

    #[test]
    fn the_local_file_is_made_once_and_then_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state").join("device.json");
        let now = t("2026-12-07T15:30:00Z");
        let first = LocalDevice::load_or_create(&path, now).unwrap();
        let again = LocalDevice::load_or_create(&path, t("2027-01-01T00:00:00Z")).unwrap();
        assert_eq!(first, again);
        assert_ne!(first.install, first.device.as_str());
    }

    #[test]
    fn a_newer_or_broken_local_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("device.json");
        std::fs::write(&path, r#"{"format_version": 9}"#).unwrap();
        assert!(matches!(
            LocalDevice::load(&path),
            Err(DeviceError::Newer { found: 9, .. })
        ));
        std::fs::write(&path, "{").unwrap();
        assert!(matches!(
            LocalDevice::load(&path),
            Err(DeviceError::Unreadable { .. })
        ));
    }

    #[test]
    fn a_marker_written_by_another_installation_is_a_clone() {
        let path = Path::new("device.json");
        let mut mine = LocalDevice::new(t("2026-12-01T00:00:00Z"));
        let written = t("2026-12-07T10:00:00Z");
        let marker = mine.marker(written);
        mine.marker_written = Some(written);
        assert!(marker.check(&mine, path).is_ok());

        // A full copy of this installation wrote later.
        let later = DeviceMarker {
            last_write: t("2026-12-07T11:00:00Z"),
            ..marker.clone()
        };
        assert!(matches!(
            later.check(&mine, path),
            Err(DeviceError::Cloned { .. })
        ));
        // Another installation with a copied id.
        let other = DeviceMarker {
            install: "another".into(),
            ..marker.clone()
        };
        assert!(matches!(
            other.check(&mine, path),
            Err(DeviceError::Cloned { .. })
        ));
        // Never written by this installation: someone else's.
        mine.marker_written = None;
        assert!(marker.check(&mine, path).is_err());
    }
}
