//! Imports: trustwork's own JSON export (lossless, `native`) and jrnl's JSON export (`jrnl`),
//! so people can move their journal over. This module holds the errors, the summary and the
//! entry points, which tell the two formats apart. Importing the same file twice adds nothing
//! twice.

mod jrnl;
mod native;

use crate::crypto::DataKey;
use crate::export::{EXPORT_FORMAT, EXPORT_VERSION, ExportDoc};
use crate::model::Partner;
use crate::store::{Store, StoreError};
use std::path::{Path, PathBuf};

/// Why an import stopped. Everything is checked before anything is written, so an import that
/// stops leaves the store as it was (unless the store itself fails while writing).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("could not read {}", .path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// Not JSON at all (or cut short).
    #[error("{shown} is not a readable export: {reason} (is the file complete?)")]
    NotJson { shown: String, reason: String },
    /// JSON, but neither a trustwork export nor a jrnl one.
    #[error("{shown} is neither a trustwork export nor a jrnl JSON export (jrnl --export json)")]
    NotAnExport { shown: String },
    /// A partner was named for a trustwork export, which names its own partners.
    #[error(
        "a partner is named only for jrnl imports; {shown} is a trustwork export, which names its own partners"
    )]
    PartnerForExport { shown: String },
    #[error(
        "{shown} was exported by a newer trustwork (export format {version}); please update trustwork to import it"
    )]
    NewerExport { shown: String, version: u64 },
    #[error("{shown} is not a readable trustwork export: {reason}")]
    BadExport { shown: String, reason: String },
    #[error("{shown} is not a readable jrnl export: {reason}")]
    BadJrnl { shown: String, reason: String },
    /// Entry `entry` (from 1) of a jrnl export has a date that is not `YYYY-MM-DD`.
    #[error("{shown}: entry {entry} has a date {value:?} that is not YYYY-MM-DD")]
    BadDate {
        shown: String,
        entry: usize,
        value: String,
    },
    /// Entry `entry` (from 1) of a jrnl export has a time that is not `HH:MM`.
    #[error("{shown}: entry {entry} has a time {value:?} that is not HH:MM")]
    BadTime {
        shown: String,
        entry: usize,
        value: String,
    },
    /// A jrnl import into a store with no partners needs the name of the partner to create.
    /// (The words name the command line's flag: `tests/it/cli.rs` checks for it.)
    #[error("there are no partners yet: give --partner NAME to create one for these entries")]
    NoPartners,
    /// With two partners, a jrnl import must say whose entries these are.
    #[error("there are two partners: name the partner whose entries these are")]
    NeedsPartner,
    #[error(
        "there is no partner called {} (partners: {})",
        crate::text::escape_line(.name),
        .known.join(", ")
    )]
    UnknownPartner { name: String, known: Vec<String> },
    /// The partner has a passphrase, so their imported entries are sealed, and no key was given.
    #[error(
        "{} has a passphrase, so their imported entries are private: the import needs it",
        crate::text::escape_line(.partner)
    )]
    NeedsKey { partner: String },
    /// The key could not be had: the caller's own error, in its own words (a [`KeyFor`] gives
    /// it, e.g. `ImportError::Key("wrong passphrase".into())`).
    #[error("{0}")]
    Key(Box<dyn std::error::Error + Send + Sync>),
    #[error(transparent)]
    Store(#[from] StoreError),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportSummary {
    pub added: usize,
    pub skipped: usize,
}

/// Asked for the key of a partner with a passphrase whose journal a jrnl import fills: their
/// entries are then sealed, as everything they write is. `Ok(None)` keeps them shared (the
/// command line's `--shared`); an error stops the import before anything is written
/// ([`ImportError::NeedsKey`], or [`ImportError::Key`] with the caller's own words).
pub type KeyFor<'a> = &'a mut dyn FnMut(&Partner) -> Result<Option<DataKey>, ImportError>;

/// Imports a file, whichever of the two formats it is. A jrnl import into the journal of a
/// partner with a passphrase is refused here with [`ImportError::NeedsKey`] (their entries would
/// be written readable): use [`import_path_with`].
pub fn import_path(
    store: &Store,
    path: &Path,
    partner: Option<&str>,
) -> Result<ImportSummary, ImportError> {
    import_path_with(store, path, partner, &mut |p| {
        Err(ImportError::NeedsKey {
            partner: p.name.clone(),
        })
    })
}

/// Imports a file, asking `key_for` for the key of a partner with a passphrase.
pub fn import_path_with(
    store: &Store,
    path: &Path,
    partner: Option<&str>,
    key_for: KeyFor,
) -> Result<ImportSummary, ImportError> {
    let bytes = std::fs::read(path).map_err(|source| ImportError::Read {
        path: path.to_path_buf(),
        source,
    })?;
    import_bytes(store, &bytes, &path.display().to_string(), partner, key_for)
}

/// Imports bytes read from somewhere `shown` names (in messages), whichever of the two formats
/// they are: trustwork's own export, or jrnl's JSON export.
pub fn import_bytes(
    store: &Store,
    bytes: &[u8],
    shown: &str,
    partner: Option<&str>,
    key_for: KeyFor,
) -> Result<ImportSummary, ImportError> {
    let shown_s = || shown.to_string();
    // jrnl writes nothing at all for an empty journal.
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Ok(ImportSummary::default());
    }
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| ImportError::NotJson {
            shown: shown_s(),
            reason: e.to_string(),
        })?;
    if value.get("format").and_then(|f| f.as_str()) == Some(EXPORT_FORMAT) {
        if partner.is_some() {
            return Err(ImportError::PartnerForExport { shown: shown_s() });
        }
        let version = value
            .get("format_version")
            .and_then(|v| v.as_u64())
            .unwrap_or(0);
        if version > EXPORT_VERSION as u64 {
            return Err(ImportError::NewerExport {
                shown: shown_s(),
                version,
            });
        }
        let doc: ExportDoc = serde_json::from_value(value).map_err(|e| ImportError::BadExport {
            shown: shown_s(),
            reason: e.to_string(),
        })?;
        return native::import_export(store, doc);
    }
    if value.get("entries").is_some_and(|e| e.is_array()) && value.get("tags").is_some() {
        let doc: jrnl::JrnlExport =
            serde_json::from_value(value).map_err(|e| ImportError::BadJrnl {
                shown: shown_s(),
                reason: e.to_string(),
            })?;
        return jrnl::import_jrnl(store, doc, partner, shown, key_for);
    }
    Err(ImportError::NotAnExport { shown: shown_s() })
}

#[cfg(test)]
mod tests;
