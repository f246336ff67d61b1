//! jrnl's JSON export (`jrnl --export json`): entries fingerprinted, so a second import
//! knows what it already has, and sealed for a partner with a passphrase.

use super::{ImportError, ImportSummary, KeyFor};
use crate::model::{Entry, Partner, Role, Source, Visibility};
use crate::store::{Store, find_partner};
use crate::text::normalize_tag;
use chrono::{NaiveDate, NaiveTime};
use serde::Deserialize;
use std::collections::{HashMap, HashSet};

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
pub(super) struct JrnlExport {
    #[allow(dead_code)]
    tags: serde_json::Value,
    entries: Vec<JrnlEntry>,
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

/// Adds jrnl's entries to one partner's journal: every date and time is checked first, entries
/// already imported (by fingerprint) are skipped, and a partner with a passphrase gets them
/// sealed.
pub(super) fn import_jrnl(
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
