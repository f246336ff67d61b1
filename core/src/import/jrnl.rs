//! jrnl's JSON export (`jrnl --export json`), and the filing every journal import shares: read
//! an entry at a time and checked as it comes, fingerprinted so a second import knows what it
//! already has, filed by month, and sealed for a partner with a passphrase.

use super::{ImportError, ImportSummary, KeyFor, Pass};
use crate::clock::Clock;
use crate::model::{Entry, Partner, Role, Source, Timestamp, Visibility};
use crate::store::paths::Month;
use crate::store::{Store, find_partner};
use crate::text::normalize_tag;
use chrono::{NaiveDate, NaiveTime};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, SeqAccess, Visitor};
use std::collections::{BTreeMap, HashMap, HashSet};

/// One entry of a jrnl JSON export (`jrnl --export json`).
#[derive(Debug, Deserialize)]
pub(super) struct JrnlEntry {
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

/// An entry read and checked, waiting for its author (known only once the whole file is read:
/// a bad entry must stop the import before a partner is created).
struct Pending {
    created: Timestamp,
    /// The fingerprint that tells a second import it has this one already.
    key: String,
    title: Option<String>,
    body: String,
    tags: Vec<String>,
    starred: bool,
}

/// The entries of a jrnl export (or another journal's: `kind` says whose), read and checked,
/// by the month they are filed in.
pub(super) struct Parsed {
    /// The program the entries come from, kept as their source (`jrnl`, `tui-journal`): a
    /// second import skips what came from the same program before.
    kind: &'static str,
    months: BTreeMap<Month, Vec<Pending>>,
    /// How many entries had each fingerprint so far: identical twins get numbered keys.
    seen: HashMap<u64, usize>,
    count: usize,
}

impl Default for Parsed {
    fn default() -> Parsed {
        Parsed::of("jrnl")
    }
}

/// FNV-1a, 64 bits: a stable fingerprint (std's hasher may change between Rust releases, and
/// these keys are stored).
pub(super) fn fingerprint(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain(std::iter::once(0xff)) {
            h ^= b as u64;
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

impl Parsed {
    /// No entries yet, from the program `kind`.
    pub(super) fn of(kind: &'static str) -> Parsed {
        Parsed {
            kind,
            months: BTreeMap::new(),
            seen: HashMap::new(),
            count: 0,
        }
    }

    /// How many entries have been read.
    pub(super) fn count(&self) -> usize {
        self.count
    }

    /// Checks entry `entry` (from 1) and files it by month.
    pub(super) fn push(
        &mut self,
        je: JrnlEntry,
        entry: usize,
        clock: &Clock,
        shown: &str,
    ) -> Result<(), ImportError> {
        let date = NaiveDate::parse_from_str(je.date.trim(), "%Y-%m-%d").map_err(|_| {
            ImportError::BadDate {
                shown: shown.to_string(),
                entry,
                value: je.date.clone(),
            }
        })?;
        crate::validate::date(date).map_err(|problem| ImportError::Invalid {
            shown: shown.to_string(),
            at: format!("entry {entry}"),
            problem,
        })?;
        let time = NaiveTime::parse_from_str(je.time.trim(), "%H:%M")
            .or_else(|_| NaiveTime::parse_from_str(je.time.trim(), "%H:%M:%S"))
            .map_err(|_| ImportError::BadTime {
                shown: shown.to_string(),
                entry,
                value: je.time.clone(),
            })?;
        let fp = fingerprint(&[&je.date, &je.time, &je.title, &je.body]);
        let created = clock.localize(date.and_time(time));
        self.add(fp, created, je.title, je.body, &je.tags, je.starred);
        Ok(())
    }

    /// Files one checked entry by month. Several entries can share a minute, and two can be
    /// identical: the fingerprint `fp` covers the whole entry as its program wrote it, and the
    /// occurrence number tells identical twins apart.
    pub(super) fn add(
        &mut self,
        fp: u64,
        created: Timestamp,
        title: String,
        body: String,
        tags: &[String],
        starred: bool,
    ) {
        let n = self.seen.entry(fp).or_insert(0);
        let key = format!("{fp:016x}-{n}");
        *n += 1;
        let mut tags: Vec<String> = tags
            .iter()
            .map(|t| normalize_tag(t))
            .filter(|t| !t.is_empty())
            .collect();
        tags.sort();
        tags.dedup();
        let title = (!title.trim().is_empty()).then_some(title);
        self.months
            .entry(Month::of(created.date_naive()))
            .or_default()
            .push(Pending {
                created,
                key,
                title,
                body,
                tags,
                starred,
            });
        self.count += 1;
    }
}

/// Reads the `entries` array an element at a time, checking each as it comes, so the document
/// is never held whole.
pub(super) struct EntriesSeed<'p, 'a>(pub &'p Pass<'a>);

impl<'de> DeserializeSeed<'de> for EntriesSeed<'_, '_> {
    type Value = Parsed;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Parsed, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for EntriesSeed<'_, '_> {
    type Value = Parsed;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of jrnl entries")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Parsed, A::Error> {
        let pass = self.0;
        let mut parsed = Parsed::default();
        loop {
            let entry = parsed.count + 1;
            pass.entry.set(Some(entry));
            let Some(je) = seq.next_element::<JrnlEntry>()? else {
                pass.entry.set(None);
                return Ok(parsed);
            };
            if let Err(refused) = parsed.push(je, entry, pass.clock, pass.shown) {
                return Err(pass.refuse(refused));
            }
        }
    }
}

/// Adds jrnl's entries, read and checked, to one partner's journal: entries already imported
/// (by fingerprint) are skipped, and a partner with a passphrase gets them sealed. Each month
/// is made into entries only as it is written, under one lock, so the text is held once.
pub(super) fn import_jrnl(
    store: &Store,
    parsed: Parsed,
    partner: Option<&str>,
    key_for: KeyFor,
) -> Result<ImportSummary, ImportError> {
    let author = resolve_import_partner(store, partner)?;
    let key = if store.is_keyed(&author.id)? {
        key_for(&author)?
    } else {
        None
    };
    let kind = parsed.kind;
    let now = store.clock().now();
    // A sealed entry keeps its source sealed too: open the author's with their key to see it.
    let existing: HashSet<String> = store
        .all_entries()?
        .into_iter()
        .map(|e| match (&key, e.author == author.id) {
            (Some(k), true) => crate::privacy::open_entry(&e, k).unwrap_or(e),
            _ => e,
        })
        .filter_map(|e| e.source.filter(|s| s.kind == kind).map(|s| s.key))
        .collect();
    let made = Making {
        kind,
        author: &author.id,
        key: key.as_ref(),
        existing: &existing,
        now,
    };
    let months = std::sync::Mutex::new(parsed.months.into_iter());
    let failed = std::sync::atomic::AtomicBool::new(false);
    // Each month is its own file, and each file written waits for the disk (fsync) far longer
    // than it takes to make: writing several at once, all under the one lock, lets those waits
    // overlap.
    let counts = store.write(|tx| {
        std::thread::scope(|scope| {
            let workers: Vec<_> = (0..WRITERS)
                .map(|_| {
                    scope.spawn(|| -> crate::store::Result<ImportSummary> {
                        let mut counts = ImportSummary::default();
                        while !failed.load(std::sync::atomic::Ordering::Relaxed) {
                            let Some((month, pending)) = months.lock().expect("no panic").next()
                            else {
                                break;
                            };
                            let new = made.entries(pending, &mut counts);
                            if new.is_empty() {
                                continue;
                            }
                            let written = tx.modify::<Entry, _>(month.file(), |all| {
                                all.extend(new);
                                all.sort_by(|a, b| {
                                    a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id))
                                });
                                Ok(())
                            });
                            if let Err(e) = written {
                                failed.store(true, std::sync::atomic::Ordering::Relaxed);
                                return Err(e);
                            }
                        }
                        Ok(counts)
                    })
                })
                .collect();
            let mut total = ImportSummary::default();
            let mut first_error = None;
            for w in workers {
                match w.join().expect("a writer panicked") {
                    Ok(c) => {
                        total.added += c.added;
                        total.skipped += c.skipped;
                    }
                    Err(e) => first_error = first_error.or(Some(e)),
                }
            }
            first_error.map_or(Ok(total), Err)
        })
    })?;
    Ok(counts)
}

/// How many month files a jrnl import writes at once: enough to keep the disk busy; the work
/// between waits is small.
const WRITERS: usize = 8;

/// Turns checked entries into the author's.
struct Making<'a> {
    kind: &'static str,
    author: &'a str,
    key: Option<&'a crate::crypto::DataKey>,
    /// The fingerprints of the entries imported before.
    existing: &'a HashSet<String>,
    now: Timestamp,
}

impl Making<'_> {
    /// One month's new entries (sealed if the author has a key); those imported before are
    /// counted as skipped.
    fn entries(&self, pending: Vec<Pending>, counts: &mut ImportSummary) -> Vec<Entry> {
        let read = pending.len();
        let new: Vec<Entry> = pending
            .into_iter()
            .filter(|p| !self.existing.contains(&p.key))
            .map(|p| {
                let e = Entry {
                    id: crate::ids::new_id(),
                    author: self.author.to_string(),
                    created: p.created,
                    updated: self.now.max(p.created),
                    title: p.title,
                    body: p.body,
                    tags: p.tags,
                    starred: p.starred,
                    for_counsellor: false,
                    link: None,
                    visibility: Visibility::Shared,
                    source: Some(Source {
                        kind: self.kind.into(),
                        key: p.key,
                    }),
                    responds_to: None,
                    sealed: None,
                };
                match self.key {
                    Some(k) => crate::crypto::seal_entry(&e, k),
                    None => e,
                }
            })
            .collect();
        counts.added += new.len();
        counts.skipped += read - new.len();
        new
    }
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
