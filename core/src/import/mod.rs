//! Imports: trustwork's own JSON export (lossless, `native`), jrnl's JSON export (`jrnl`) and
//! tui-journal's transfer file (`tuijournal`), so people can move their journal over. This
//! module holds the errors, the summary and the entry points, which tell the formats apart. Importing the same file twice adds nothing
//! twice.

mod jrnl;
mod native;
mod scan;
mod tuijournal;

use crate::bounded::{self, Links, ReadError};
use crate::crypto::DataKey;
use crate::export::{EXPORT_FORMAT, EXPORT_VERSION, ExportDoc};
use crate::model::Partner;
use crate::store::{Store, StoreError};
use crate::validate::Invalid;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, IgnoredAny, MapAccess, SeqAccess, Visitor};
use std::cell::{Cell, RefCell};
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

/// The largest file an import reads: far beyond any journal (ten years of daily writing export
/// to about 30 MB), small enough that a wrong file named by mistake is refused, not swallowed.
pub const MAX_IMPORT: u64 = 1 << 30;

/// Why an import stopped. Everything is checked before anything is written, so an import that
/// stops leaves the store as it was (unless the store itself fails while writing).
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("could not read {}: {source}", .path.display())]
    Read { path: PathBuf, source: ReadError },
    #[error("{shown} is larger than {}, more than trustwork imports", bounded::size(*.limit))]
    TooLarge { shown: String, limit: u64 },
    /// A record breaks one of the rules of `validate`; `at` says which (`entry 17`,
    /// `check-in 3`). Nothing is imported.
    #[error("{shown}: {at}: {problem}; nothing was imported")]
    Invalid {
        shown: String,
        at: String,
        problem: Invalid,
    },
    /// Not JSON at all (or cut short).
    #[error("{shown} is not a readable export: {reason} (is the file complete?)")]
    NotJson { shown: String, reason: String },
    /// JSON, but not an export trustwork reads.
    #[error(
        "{shown} is not an export trustwork reads: a trustwork export, a jrnl JSON export (jrnl --export json) or a tui-journal export file"
    )]
    NotAnExport { shown: String },
    #[error(
        "{shown} was written by a newer tui-journal (transfer version {version}); trustwork reads version {}",
        tuijournal::VERSION
    )]
    NewerTuiJournal { shown: String, version: u64 },
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
    #[error("{shown} is not a readable jrnl or tui-journal export: {reason}")]
    BadJrnl { shown: String, reason: String },
    /// Entry `entry` (from 1) of a jrnl export has a date that is not `YYYY-MM-DD` (of a
    /// tui-journal one, not an RFC 3339 time).
    #[error(
        "{shown}: entry {entry} has a date {value:?} that is not YYYY-MM-DD (or, from tui-journal, an RFC 3339 time)"
    )]
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

/// Imports a file, asking `key_for` for the key of a partner with a passphrase. The file is
/// read as it is parsed, never whole (up to [`MAX_IMPORT`] bytes).
pub fn import_path_with(
    store: &Store,
    path: &Path,
    partner: Option<&str>,
    key_for: KeyFor,
) -> Result<ImportSummary, ImportError> {
    let shown = path.display().to_string();
    let refused = |e: ReadError| match e {
        ReadError::TooLarge { limit } => ImportError::TooLarge {
            shown: shown.clone(),
            limit,
        },
        source => ImportError::Read {
            path: path.to_path_buf(),
            source,
        },
    };
    let mut open = || {
        bounded::open(path, MAX_IMPORT, Links::Follow)
            .map(|f| BufReader::with_capacity(1 << 16, f))
            .map_err(refused)
    };
    import_from(store, &mut open, &shown, partner, key_for)
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
    import_from(store, &mut || Ok(bytes), shown, partner, key_for)
}

/// What one pass over a file found.
enum Found {
    /// A jrnl export in jrnl's own order (`tags`, then `entries`), or a tui-journal one
    /// (`version`, then `entries`), read and checked.
    Jrnl(jrnl::Parsed),
    /// `format` says trustwork's export (it comes first in every file trustwork writes).
    Native,
    /// Keys in an order neither program writes: read again, whole.
    Unusual,
    Neither,
}

/// Imports from a source that `open` can read from the start as often as needed: once for a
/// jrnl export or a file neither format, twice for a trustwork export (once to tell it is one).
fn import_from<R: BufRead>(
    store: &Store,
    open: &mut dyn FnMut() -> Result<R, ImportError>,
    shown: &str,
    partner: Option<&str>,
    key_for: KeyFor,
) -> Result<ImportSummary, ImportError> {
    let shown_s = || shown.to_string();
    if let Some(p) = partner {
        crate::validate::name(p).map_err(|problem| ImportError::Invalid {
            shown: shown_s(),
            at: "the partner named for its entries".into(),
            problem,
        })?;
    }
    let mut reader = open()?;
    // jrnl writes nothing at all for an empty journal.
    if only_whitespace(&mut reader, shown)? {
        return Ok(ImportSummary::default());
    }
    let pass = Pass::new(store.clock(), shown);
    match scan::jrnl(&mut reader, &pass) {
        Ok(parsed) => return jrnl::import_jrnl(store, parsed, partner, key_for),
        Err(scan::Stopped::Refused(e)) => return Err(e),
        Err(scan::Stopped::Io(e)) => return Err(io_error(e, shown)),
        Err(scan::Stopped::Unusual) => {
            reader = open()?;
            only_whitespace(&mut reader, shown)?;
        }
    }
    let found = {
        let mut de = serde_json::Deserializer::from_reader(reader);
        match TopSeed(&pass)
            .deserialize(&mut de)
            .and_then(|f| de.end().map(|()| f))
        {
            Ok(found) => found,
            Err(e) => match pass.stop.get() {
                Some(Stop::Native) => Found::Native,
                Some(Stop::Unusual) => Found::Unusual,
                None => return Err(pass.failed(e)),
            },
        }
    };
    match found {
        Found::Jrnl(parsed) => jrnl::import_jrnl(store, parsed, partner, key_for),
        Found::Native => {
            if partner.is_some() {
                return Err(ImportError::PartnerForExport { shown: shown_s() });
            }
            let mut de = serde_json::Deserializer::from_reader(open()?);
            match ExportDoc::deserialize(&mut de).and_then(|d| de.end().map(|()| d)) {
                Ok(doc) if doc.format_version > EXPORT_VERSION => Err(ImportError::NewerExport {
                    shown: shown_s(),
                    version: doc.format_version.into(),
                }),
                Ok(doc) => native::import_export(store, doc, shown),
                // A newer export may not fit this build's records: say it is newer if it is.
                Err(_) => import_whole(store, open()?, shown, partner, key_for),
            }
        }
        Found::Unusual => import_whole(store, open()?, shown, partner, key_for),
        Found::Neither => Err(ImportError::NotAnExport { shown: shown_s() }),
    }
}

/// Skips leading whitespace; true when that is all there is.
fn only_whitespace(r: &mut impl BufRead, shown: &str) -> Result<bool, ImportError> {
    loop {
        let buf = r.fill_buf().map_err(|e| io_error(e, shown))?;
        if buf.is_empty() {
            return Ok(true);
        }
        let blank = buf.iter().take_while(|b| b.is_ascii_whitespace()).count();
        let more = blank == buf.len();
        r.consume(blank);
        if !more {
            return Ok(false);
        }
    }
}

fn io_error(e: std::io::Error, shown: &str) -> ImportError {
    match ReadError::from_io(e) {
        ReadError::TooLarge { limit } => ImportError::TooLarge {
            shown: shown.to_string(),
            limit,
        },
        source => ImportError::Read {
            path: PathBuf::from(shown),
            source,
        },
    }
}

/// The slow way, for a file whose keys come in an unusual order: the whole document as a JSON
/// value, then told apart by its keys wherever they are.
fn import_whole<R: Read>(
    store: &Store,
    mut reader: R,
    shown: &str,
    partner: Option<&str>,
    key_for: KeyFor,
) -> Result<ImportSummary, ImportError> {
    let shown_s = || shown.to_string();
    let mut bytes = Vec::new();
    reader
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(e, shown))?;
    let value: serde_json::Value =
        serde_json::from_slice(&bytes).map_err(|e| ImportError::NotJson {
            shown: shown_s(),
            reason: e.to_string(),
        })?;
    drop(bytes);
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
        return native::import_export(store, doc, shown);
    }
    if let Some(entries) = value.get("entries").filter(|e| e.is_array())
        && (value.get("tags").is_some() || value.get("version").is_some_and(|v| v.is_u64()))
    {
        let pass = Pass::new(store.clock(), shown);
        let parsed = if value.get("tags").is_some() {
            jrnl::EntriesSeed(&pass).deserialize(entries)
        } else {
            match value.get("version").and_then(|v| v.as_u64()) {
                Some(v) if v > tuijournal::VERSION => {
                    return Err(ImportError::NewerTuiJournal {
                        shown: shown_s(),
                        version: v,
                    });
                }
                _ => tuijournal::EntriesSeed(&pass).deserialize(entries),
            }
        };
        let parsed = match parsed {
            Ok(parsed) => parsed,
            Err(e) => return Err(pass.failed(e)),
        };
        return jrnl::import_jrnl(store, parsed, partner, key_for);
    }
    Err(ImportError::NotAnExport { shown: shown_s() })
}

/// One pass over a document, and what the visitors below tell the caller that serde's error
/// type cannot carry: a refusal of ours, where the pass stopped on purpose, which entry it was
/// reading.
pub(super) struct Pass<'a> {
    pub clock: &'a crate::clock::Clock,
    pub shown: &'a str,
    pub problem: RefCell<Option<ImportError>>,
    stop: Cell<Option<Stop>>,
    /// The jrnl entry (from 1) being read, while in `entries`.
    pub entry: Cell<Option<usize>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stop {
    /// `format` says trustwork's export.
    Native,
    /// Keys in an order neither program writes.
    Unusual,
}

impl<'a> Pass<'a> {
    fn new(clock: &'a crate::clock::Clock, shown: &'a str) -> Pass<'a> {
        Pass {
            clock,
            shown,
            problem: RefCell::new(None),
            stop: Cell::new(None),
            entry: Cell::new(None),
        }
    }

    /// Refuses with a check's words (`problem`), for serde to carry back up.
    pub fn refuse<E: de::Error>(&self, problem: ImportError) -> E {
        *self.problem.borrow_mut() = Some(problem);
        E::custom("refused")
    }

    fn stop<E: de::Error>(&self, why: Stop) -> E {
        self.stop.set(Some(why));
        E::custom("stopped")
    }

    /// Why a pass that did not stop on purpose ended in `e`: a refusal of ours, or the file's
    /// own fault.
    fn failed(&self, e: serde_json::Error) -> ImportError {
        if let Some(p) = self.problem.take() {
            return p;
        }
        let shown = self.shown.to_string();
        match e.classify() {
            serde_json::error::Category::Io => io_error(e.into(), self.shown),
            serde_json::error::Category::Data => match self.entry.get() {
                Some(n) => ImportError::BadJrnl {
                    shown,
                    reason: format!("entry {n}: {e}"),
                },
                None => ImportError::NotAnExport { shown },
            },
            _ => ImportError::NotJson {
                shown,
                reason: e.to_string(),
            },
        }
    }
}

/// The top of the document, read key by key: jrnl's `entries` are checked as they stream by;
/// everything else is skipped without being kept.
struct TopSeed<'p, 'a>(&'p Pass<'a>);

impl<'de> DeserializeSeed<'de> for TopSeed<'_, '_> {
    type Value = Found;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Found, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for TopSeed<'_, '_> {
    type Value = Found;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Found, A::Error> {
        let mut tags = false;
        let mut tui = false;
        let mut first = true;
        let mut entries = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "format" => {
                    let format: serde_json::Value = map.next_value()?;
                    if format.as_str() == Some(EXPORT_FORMAT) {
                        // Every export trustwork writes starts with it.
                        return Err(self
                            .0
                            .stop(if first { Stop::Native } else { Stop::Unusual }));
                    }
                }
                // jrnl writes its tags first; entries before them may be another program's.
                "entries" if tags => {
                    entries = Some(map.next_value_seed(jrnl::EntriesSeed(self.0))?);
                }
                "entries" if tui => {
                    entries = Some(map.next_value_seed(tuijournal::EntriesSeed(self.0))?);
                }
                // tui-journal writes its transfer version first.
                "version" if first => {
                    let version: serde_json::Value = map.next_value()?;
                    match version.as_u64() {
                        Some(v) if v > tuijournal::VERSION => {
                            return Err(self.0.refuse(ImportError::NewerTuiJournal {
                                shown: self.0.shown.to_string(),
                                version: v,
                            }));
                        }
                        Some(_) => tui = true,
                        None => {}
                    }
                }
                "entries" => return Err(self.0.stop(Stop::Unusual)),
                "tags" => {
                    map.next_value::<IgnoredAny>()?;
                    tags = true;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
            first = false;
        }
        Ok(match entries {
            Some(parsed) => Found::Jrnl(parsed),
            None => Found::Neither,
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Found, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Found::Neither)
    }
}
#[cfg(test)]
mod tests;
