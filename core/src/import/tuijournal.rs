//! tui-journal's transfer file (its export: `{"version": 100, "entries": [{date, title,
//! content, tags, priority}]}`): read an entry at a time, checked as it comes, and filed like
//! jrnl's entries (`jrnl::Parsed`), with `tui-journal` as their source so that importing the
//! same file again adds nothing.

use super::Pass;
use super::jrnl::{Parsed, fingerprint};
use crate::clock::Clock;
use crate::import::ImportError;
use chrono::DateTime;
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, SeqAccess, Visitor};

/// The source kind of entries that came from tui-journal.
pub(super) const KIND: &str = "tui-journal";

/// The newest transfer version this build knows (tui-journal's `TRANSFER_DATA_VERSION`).
pub(super) const VERSION: u64 = 100;

/// One entry of a transfer file. Fields tui-journal may add later (a folder, say) are ignored;
/// `priority` has no place in trustwork and is left out.
#[derive(Debug, Deserialize)]
pub(super) struct TuiEntry {
    date: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    content: String,
    #[serde(default)]
    tags: Vec<String>,
}

impl TuiEntry {
    /// Checks entry `entry` (from 1) and files it.
    fn file(
        self,
        parsed: &mut Parsed,
        entry: usize,
        clock: &Clock,
        shown: &str,
    ) -> Result<(), ImportError> {
        let at =
            DateTime::parse_from_rfc3339(self.date.trim()).map_err(|_| ImportError::BadDate {
                shown: shown.to_string(),
                entry,
                value: self.date.clone(),
            })?;
        let created = clock.at_instant(at);
        crate::validate::date(created.date_naive()).map_err(|problem| ImportError::Invalid {
            shown: shown.to_string(),
            at: format!("entry {entry}"),
            problem,
        })?;
        let fp = fingerprint(&[KIND, &self.date, &self.title, &self.content]);
        parsed.add(fp, created, self.title, self.content, &self.tags, false);
        Ok(())
    }
}

/// Reads the `entries` array an element at a time, so the file is never held whole.
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
        f.write_str("a list of tui-journal entries")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Parsed, A::Error> {
        let pass = self.0;
        let mut parsed = Parsed::of(KIND);
        loop {
            let entry = parsed.count() + 1;
            pass.entry.set(Some(entry));
            let Some(te) = seq.next_element::<TuiEntry>()? else {
                pass.entry.set(None);
                return Ok(parsed);
            };
            if let Err(refused) = te.file(&mut parsed, entry, pass.clock, pass.shown) {
                return Err(pass.refuse(refused));
            }
        }
    }
}
