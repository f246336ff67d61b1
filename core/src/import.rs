//! Imports: trustwork's own JSON export (lossless) and jrnl's JSON export, so people can move
//! their journal over. Importing the same file twice adds nothing twice.

use crate::crypto::DataKey;
use crate::export::{EXPORT_FORMAT, EXPORT_VERSION, ExportDoc};
use crate::model::{Entry, Partner, Role, Source, Visibility};
use crate::store::{self, Collection, Store, StoreError, find_partner, paths, upsert_many};
use crate::text::normalize_tag;
use chrono::{NaiveDate, NaiveTime};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};
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
    /// (The words name the command line's flag: `tests/cli.rs` checks for it.)
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

/// One entry of a jrnl JSON export (`jrnl --export json`).
#[derive(Debug, Deserialize)]
struct JrnlEntry {
    #[serde(default)]
    title: String,
    #[serde(default)]
    body: String,
    date: String,
    time: String,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    starred: bool,
}

#[derive(Debug, Deserialize)]
struct JrnlExport {
    #[allow(dead_code)]
    tags: serde_json::Value,
    entries: Vec<JrnlEntry>,
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
        return import_export(store, doc);
    }
    if value.get("entries").is_some_and(|e| e.is_array()) && value.get("tags").is_some() {
        let doc: JrnlExport = serde_json::from_value(value).map_err(|e| ImportError::BadJrnl {
            shown: shown_s(),
            reason: e.to_string(),
        })?;
        return import_jrnl(store, doc, partner, shown, key_for);
    }
    Err(ImportError::NotAnExport { shown: shown_s() })
}

/// FNV-1a, 64 bits: a stable fingerprint (std's hasher may change between Rust releases, and
/// these keys are stored).
fn fingerprint(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0xff)) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

fn import_jrnl(
    store: &Store,
    doc: JrnlExport,
    partner: Option<&str>,
    shown: &str,
    key_for: KeyFor,
) -> Result<ImportSummary, ImportError> {
    // Parse every entry before anything is written: a bad date stops the import cleanly.
    let mut parsed = Vec::with_capacity(doc.entries.len());
    let mut seen: HashMap<u64, usize> = HashMap::new();
    for (i, je) in doc.entries.into_iter().enumerate() {
        let date = NaiveDate::parse_from_str(je.date.trim(), "%Y-%m-%d").map_err(|_| {
            ImportError::BadDate {
                shown: shown.to_string(),
                entry: i + 1,
                value: je.date.clone(),
            }
        })?;
        let time = NaiveTime::parse_from_str(je.time.trim(), "%H:%M")
            .or_else(|_| NaiveTime::parse_from_str(je.time.trim(), "%H:%M:%S"))
            .map_err(|_| ImportError::BadTime {
                shown: shown.to_string(),
                entry: i + 1,
                value: je.time.clone(),
            })?;
        // Several entries can share a minute, and two can be identical: the fingerprint covers
        // the whole entry and the occurrence number tells identical twins apart.
        let fp = fingerprint(&[&je.date, &je.time, &je.title, &je.body]);
        let n = seen.entry(fp).or_insert(0);
        let key = format!("{fp:016x}-{n}");
        *n += 1;
        parsed.push((date.and_time(time), key, je));
    }

    let author = resolve_import_partner(store, partner)?;
    let key = if store.is_keyed(&author.id)? {
        key_for(&author)?
    } else {
        None
    };
    let clock = *store.clock();
    // A sealed entry keeps its source sealed too: open the author's with their key to see it.
    let existing: HashSet<String> = store
        .all_entries()?
        .into_iter()
        .map(|e| match (&key, e.author == author.id) {
            (Some(k), true) => crate::privacy::open_entry(&e, k).unwrap_or(e),
            _ => e,
        })
        .filter_map(|e| e.source.filter(|s| s.kind == "jrnl").map(|s| s.key))
        .collect();
    let now = clock.now();
    let mut summary = ImportSummary::default();
    let mut new = Vec::new();
    for (naive, key, je) in parsed {
        if existing.contains(&key) {
            summary.skipped += 1;
            continue;
        }
        let created = clock.localize(naive);
        let mut tags: Vec<String> = je
            .tags
            .iter()
            .map(|t| normalize_tag(t))
            .filter(|t| !t.is_empty())
            .collect();
        tags.sort();
        tags.dedup();
        let title = je.title.trim();
        new.push(Entry {
            id: crate::ids::new_id(),
            author: author.id.clone(),
            created,
            updated: now.max(created),
            title: (!title.is_empty()).then(|| je.title.clone()),
            body: je.body,
            tags,
            starred: je.starred,
            link: None,
            visibility: Visibility::Shared,
            source: Some(Source {
                kind: "jrnl".into(),
                key,
            }),
            responds_to: None,
            sealed: None,
        });
        summary.added += 1;
    }
    if let Some(k) = &key {
        for e in new.iter_mut() {
            *e = crate::crypto::seal_entry(e, k);
        }
    }
    if !new.is_empty() {
        store.add_entries(&new)?;
    }
    Ok(summary)
}

/// The partner jrnl entries go to: with none yet, `--partner` creates one; with one, it is the
/// default; with two, `--partner` must say which.
fn resolve_import_partner(store: &Store, name: Option<&str>) -> Result<Partner, ImportError> {
    let partners = store.partners()?;
    match (name, partners.len()) {
        (Some(n), _) => {
            if let Some(p) = find_partner(&partners, n) {
                return Ok(p.clone());
            }
            if partners.is_empty() {
                return Ok(store.add_partner(n, Role::Unsaid)?);
            }
            Err(ImportError::UnknownPartner {
                name: n.to_string(),
                known: partners.iter().map(|p| p.name.clone()).collect(),
            })
        }
        (None, 0) => Err(ImportError::NoPartners),
        (None, 1) => Ok(partners[0].clone()),
        (None, _) => Err(ImportError::NeedsPartner),
    }
}

/// Merges a trustwork export into the store, record by record: what is already there (by id,
/// or by partner and day for check-ins) is skipped.
fn import_export(store: &Store, doc: ExportDoc) -> Result<ImportSummary, ImportError> {
    let mut summary = ImportSummary::default();
    store.write(|tx| {
        // Partners first, so that every record that follows has its author.
        tx.modify::<Partner, _>(paths::PARTNERS, |ps| {
            for p in &doc.partners {
                if ps.iter().any(|x| x.id == p.id) {
                    summary.skipped += 1;
                    continue;
                }
                if find_partner(ps, &p.name).is_some() {
                    return Err(StoreError::Refused(format!(
                        "the export's partner {} has the same name as a different partner here",
                        crate::text::escape_line(&p.name)
                    )));
                }
                if ps.len() >= store::MAX_PARTNERS {
                    return Err(StoreError::Refused(
                        "the export would make more than two partners".into(),
                    ));
                }
                ps.push(p.clone());
                summary.added += 1;
            }
            Ok(())
        })?;
        let mut months: std::collections::BTreeMap<paths::Month, Vec<Entry>> = Default::default();
        for e in doc.entries {
            months
                .entry(paths::Month::of(e.created.date_naive()))
                .or_default()
                .push(e);
        }
        for (month, es) in months {
            merge_new(tx, month.file(), es, &mut summary)?;
        }
        let mut years: std::collections::BTreeMap<i32, Vec<_>> = Default::default();
        for c in doc.checkins {
            years
                .entry(chrono::Datelike::year(&c.date))
                .or_default()
                .push(c);
        }
        for (year, cs) in years {
            merge_new(tx, paths::checkins_file(year), cs, &mut summary)?;
        }
        merge_new(tx, paths::EXERCISES, doc.exercise_results, &mut summary)?;
        merge_new(tx, paths::PROGRESS, doc.guide_progress, &mut summary)?;
        merge_new(tx, paths::AGREEMENTS, doc.agreements, &mut summary)?;
        merge_new(tx, paths::PROMISES, doc.promises, &mut summary)?;
        merge_new(tx, paths::MOMENTS, doc.moments, &mut summary)?;
        merge_new(tx, paths::TOGETHER, doc.together, &mut summary)?;
        Ok(())
    })?;
    Ok(summary)
}

/// Adds the records whose key is not in the file yet; counts the rest as skipped.
fn merge_new<T: Collection>(
    tx: &store::Txn,
    file: impl AsRef<Path>,
    records: Vec<T>,
    summary: &mut ImportSummary,
) -> store::Result<()> {
    if records.is_empty() {
        return Ok(());
    }
    tx.modify::<T, _>(file, |all| {
        let have: HashSet<String> = all.iter().map(|r| r.key()).collect();
        let (old, new): (Vec<T>, Vec<T>) =
            records.into_iter().partition(|r| have.contains(&r.key()));
        summary.skipped += old.len();
        summary.added += new.len();
        upsert_many(all, new);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Clock;

    fn store() -> (tempfile::TempDir, Store) {
        let dir = tempfile::tempdir().unwrap();
        let s = Store::at(
            dir.path(),
            Clock::Fixed("2026-11-25T10:00:00+00:00".parse().unwrap()),
        );
        (dir, s)
    }

    const FIXTURE: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/bench/jrnl-export-100.json"
    );

    #[test]
    fn imports_the_real_jrnl_export_once() {
        let (_d, s) = store();
        let path = Path::new(FIXTURE);
        let first = import_path(&s, path, Some("Alex")).unwrap();
        assert_eq!(
            first,
            ImportSummary {
                added: 100,
                skipped: 0
            }
        );
        let again = import_path(&s, path, Some("alex")).unwrap();
        assert_eq!(
            again,
            ImportSummary {
                added: 0,
                skipped: 100
            }
        );
        let es = s.all_entries().unwrap();
        assert_eq!(es.len(), 100);
        // jrnl's tags lose their @ and stay in the text too.
        let e = es.iter().find(|e| !e.tags.is_empty()).unwrap();
        assert!(e.body.contains(&format!("@{}", e.tags[0])));
    }

    #[test]
    fn twin_entries_in_one_minute_are_both_kept() {
        let (_d, s) = store();
        let doc = r#"{"tags": {}, "entries": [
            {"title": "Same", "body": "", "date": "2020-01-01", "time": "09:00", "tags": [], "starred": false},
            {"title": "Same", "body": "", "date": "2020-01-01", "time": "09:00", "tags": [], "starred": false},
            {"title": "Other", "body": "\u001b[2J\r\nzero\u200bwidth", "date": "2020-01-01", "time": "09:00", "tags": ["@B", "@a"], "starred": true}
        ]}"#;
        let r = import_bytes(&s, doc.as_bytes(), "t", Some("Sam"), &mut |_| Ok(None)).unwrap();
        assert_eq!(r.added, 3);
        let r = import_bytes(&s, doc.as_bytes(), "t", None, &mut |_| Ok(None)).unwrap();
        assert_eq!((r.added, r.skipped), (0, 3));
        let es = s.all_entries().unwrap();
        let other = es
            .iter()
            .find(|e| e.title.as_deref() == Some("Other"))
            .unwrap();
        assert_eq!(other.tags, vec!["a", "b"]);
        assert_eq!(other.body, "\u{1b}[2J\r\nzero\u{200b}width");
        assert_eq!(other.created.to_rfc3339(), "2020-01-01T09:00:00+00:00");
    }

    #[test]
    fn bad_files_are_refused_and_nothing_is_written() {
        let (d, s) = store();
        for (bytes, want) in [
            (&b"{\"tags\": {}, \"entries\": [{\"title\": \"x\""[..], "not a readable export"),
            (b"[1, 2, 3]", "neither"),
            (b"{\"tags\": {}, \"entries\": [{\"title\": \"x\", \"body\": \"\", \"date\": \"yesterday\", \"time\": \"09:00\"}]}", "not YYYY-MM-DD"),
        ] {
            let err = import_bytes(&s, bytes, "f.json", Some("Alex"), &mut |_| Ok(None)).unwrap_err().to_string();
            assert!(err.contains(want), "{err}");
        }
        assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 0);
        // An empty jrnl journal exports as nothing at all.
        assert_eq!(
            import_bytes(&s, b"", "f", Some("Alex"), &mut |_| Ok(None)).unwrap(),
            ImportSummary::default()
        );
    }

    #[test]
    fn partner_rules_for_jrnl() {
        let (_d, s) = store();
        let doc = br#"{"tags": {}, "entries": []}"#;
        assert!(
            import_bytes(&s, doc, "f", None, &mut |_| Ok(None))
                .unwrap_err()
                .to_string()
                .contains("no partners yet")
        );
        s.add_partner("Alex", Role::Hurt).unwrap();
        import_bytes(&s, doc, "f", None, &mut |_| Ok(None)).unwrap();
        s.add_partner("Sam", Role::Repairing).unwrap();
        assert!(
            import_bytes(&s, doc, "f", None, &mut |_| Ok(None))
                .unwrap_err()
                .to_string()
                .contains("two partners")
        );
        assert!(
            import_bytes(&s, doc, "f", Some("Kim"), &mut |_| Ok(None))
                .unwrap_err()
                .to_string()
                .contains("no partner called Kim")
        );
    }
}
