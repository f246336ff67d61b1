//! Exports: one API for every format, from the same filtered data. See `docs/EXPORT.md`.
//!
//! - [`Format::Json`]: trustwork's own versioned document, which `import` reads back losslessly;
//! - [`Format::Markdown`] and [`Format::Text`]: the journal to read, print or take to a
//!   counsellor — entries, responses, check-ins, difficult moments, agreements and promises;
//! - [`Format::Html`]: the printable report, one self-contained file with the trust trend and
//!   the moments drawn as inline SVG and the check-in calendar (`html`);
//! - the counsellor summary ([`write_summary`]): two pages for a session with a professional,
//!   holding only the entries their authors shared with the counsellor (`summary`).
//!
//! [`counts`] says what an export will write without writing it; [`write`] streams it.
//! What is selected, in which order, lives in `select`; each format only words it.

pub mod html;
mod json;
mod markdown;
mod plain;
mod select;
pub mod summary;
mod words;

pub use json::{EXPORT_FORMAT, EXPORT_VERSION, ExportDoc, to_json, write_json};

use crate::model::{Entry, Timestamp, Visibility};
use chrono::NaiveDate;
use select::Selection;

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Markdown,
    Json,
    Text,
    Html,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Markdown, Format::Json, Format::Text, Format::Html];

    /// The file name extension, which is also how the format is named (`md`, `json`, `txt`,
    /// `html`).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Json => "json",
            Format::Text => "txt",
            Format::Html => "html",
        }
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.extension())
    }
}

impl std::str::FromStr for Format {
    type Err = String;
    /// `md`, `json`, `txt` or `html` (also `markdown` and `text`), in any case.
    fn from_str(s: &str) -> Result<Format, String> {
        match s.trim().to_ascii_lowercase().as_str() {
            "md" | "markdown" => Ok(Format::Markdown),
            "json" => Ok(Format::Json),
            "txt" | "text" => Ok(Format::Text),
            "html" => Ok(Format::Html),
            _ => Err(format!(
                "there is no export format {s:?}: choose md, json, txt or html"
            )),
        }
    }
}

/// `trustwork-export-YYYY-MM-DD.<ext>`: the file an export is offered to write.
pub fn default_file_name(today: NaiveDate, format: Format) -> String {
    format!(
        "trustwork-export-{}.{}",
        today.format("%Y-%m-%d"),
        format.extension()
    )
}

/// What part of the store to export. Dates are inclusive local calendar dates. The default
/// exports everything except private entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Filter {
    /// A partner id: only their writing (agreements and together sessions, being both
    /// partners', are kept).
    pub partner: Option<String>,
    /// A guide id: only what belongs to that guide (no check-ins or moments).
    pub guide: Option<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// Only entries holding any of these tags (compared as the workbook does: without `#`,
    /// ignoring case). Tags ask for entries only: no check-ins, moments or other records.
    pub tags: Vec<String>,
    /// Write private entries whose text is open (unsealed because their author unlocked).
    /// A sealed entry is never opened by an export: the JSON carries it sealed, as stored;
    /// Markdown and text leave it out.
    pub include_private: bool,
}

/// How an entry may be exported.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Privacy {
    /// A shared entry.
    Shared,
    /// A private entry opened by its author: written only with [`Filter::include_private`].
    Open,
    /// Still sealed: only JSON carries it, as stored.
    Sealed,
}

impl Privacy {
    pub fn of(e: &Entry) -> Privacy {
        if e.sealed.is_some() {
            Privacy::Sealed
        } else if e.visibility == Visibility::Private {
            Privacy::Open
        } else {
            Privacy::Shared
        }
    }
}

impl Filter {
    /// True when nothing is narrowed (private entries may still be included or not).
    pub fn is_empty(&self) -> bool {
        self.partner.is_none()
            && self.guide.is_none()
            && self.since.is_none()
            && self.until.is_none()
            && self.tags.is_empty()
    }

    fn date_ok(&self, d: NaiveDate) -> bool {
        self.since.is_none_or(|s| d >= s) && self.until.is_none_or(|u| d <= u)
    }

    /// Whether a period from `start` to `end` (open when `None`) meets the filter's dates.
    fn overlaps(&self, start: NaiveDate, end: Option<NaiveDate>) -> bool {
        self.until.is_none_or(|u| start <= u)
            && self.since.is_none_or(|s| end.is_none_or(|e| e >= s))
    }

    fn partner_ok(&self, p: &str) -> bool {
        self.partner.as_deref().is_none_or(|want| want == p)
    }

    fn guide_ok(&self, g: Option<&str>) -> bool {
        self.guide.as_deref().is_none_or(|want| g == Some(want))
    }

    /// Records other than entries carry no tags: a tag filter leaves them out.
    fn untagged_ok(&self) -> bool {
        self.tags.is_empty()
    }

    fn tags_ok(&self, e: &Entry) -> bool {
        self.tags.is_empty()
            || e.tags.iter().any(|t| {
                let t = crate::text::normalize_tag(t);
                self.tags
                    .iter()
                    .any(|want| crate::text::normalize_tag(want) == t)
            })
    }

    /// Whether an entry matches the partner, guide, dates and tags, whatever its privacy.
    pub fn matches_entry(&self, e: &Entry) -> bool {
        self.partner_ok(&e.author)
            && self.guide_ok(e.link.as_ref().map(|l| l.guide.as_str()))
            && self.date_ok(e.created.date_naive())
            && self.tags_ok(e)
    }

    /// Whether an entry is written in full (every format): it matches, and it is shared, or
    /// private, open and asked for.
    pub fn keeps_entry(&self, e: &Entry) -> bool {
        self.matches_entry(e)
            && match Privacy::of(e) {
                Privacy::Shared => true,
                Privacy::Open => self.include_private,
                Privacy::Sealed => false,
            }
    }
}

/// What an export with a filter will write, counted without formatting anything.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Entries written in full (responses included).
    pub entries: usize,
    pub checkins: usize,
    pub moments: usize,
    pub agreements: usize,
    pub promises: usize,
    /// Private entries still sealed that match the filter: the JSON carries them encrypted,
    /// Markdown and text leave them out.
    pub sealed: usize,
}

impl Counts {
    /// The records a Markdown or text export writes.
    pub fn total(&self) -> usize {
        self.entries + self.checkins + self.moments + self.agreements + self.promises
    }
}

/// How far an export has come, in records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: usize,
    pub total: usize,
}

/// What an export of `snap` with `filter` will write.
pub fn counts(snap: &Snapshot, filter: &Filter) -> Counts {
    select::counts(snap, filter)
}

use crate::store::Snapshot;

/// Writes the export of `snap` with `filter` in `format` to `out`, streaming (through a
/// buffer; no whole document is built in memory), calling `progress` every few hundred
/// records and once at the end.
pub fn write(
    snap: &Snapshot,
    filter: &Filter,
    format: Format,
    exported_at: Timestamp,
    out: &mut dyn std::io::Write,
    progress: &mut dyn FnMut(Progress),
) -> std::io::Result<()> {
    if format == Format::Html {
        // The report is drawn from a whole snapshot (its charts span the period): narrowed
        // to what the filter keeps, then written at once; it takes a fraction of a second
        // even on a ten-year store, so its progress is its start and its end.
        let total = counts(snap, filter).total();
        progress(Progress { done: 0, total });
        html::write_html(&select::narrowed(snap, filter), exported_at, out)?;
        progress(Progress { done: total, total });
        return Ok(());
    }
    let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
    let sel = Selection::new(snap, filter);
    match format {
        Format::Json => json::write(&sel, exported_at, &mut out, progress)?,
        Format::Markdown => markdown::write(&sel, exported_at, &mut out, progress)?,
        Format::Text => plain::write(&sel, exported_at, &mut out, progress)?,
        Format::Html => unreachable!("written above"),
    }
    std::io::Write::flush(&mut out)
}

/// Writes the counsellor summary of `since..=until` (by default the four weeks ending
/// `today`, or ending `until`) as Markdown or HTML. Only entries whose author ticked "share
/// with our counsellor" and whose text is open are in it.
pub fn write_summary(
    snap: &Snapshot,
    since: Option<NaiveDate>,
    until: Option<NaiveDate>,
    today: NaiveDate,
    format: Format,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let s = summary::build(snap, since, until, today);
    match format {
        Format::Markdown => summary::write_summary_md(&s, out),
        Format::Html => summary::write_summary_html(&s, out),
        Format::Json | Format::Text => Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "the counsellor summary is written as md or html",
        )),
    }
}

/// Opens, in `snap`, the private entries the export may write in full: only when
/// `filter.include_private` asks for them, only those `actor` wrote (never another partner's),
/// only with the key of an actor who has unlocked (`Denied::Locked` otherwise), and only the
/// ones the filter matches once open (a sealed entry hides its tags and guide, so each of the
/// actor's candidates in the filter's dates is opened and checked, and left sealed when it does
/// not match). Every front end (the workbook's export screen, `trustwork export --private`)
/// goes through this. Returns how many were opened; a wrong key or a changed file is an error
/// and leaves `snap` as it was.
pub fn open_private_for(
    snap: &mut Snapshot,
    actor: &crate::privacy::Actor,
    filter: &Filter,
) -> Result<usize, crate::store::StoreError> {
    if !filter.include_private {
        return Ok(0);
    }
    let key = actor.key().ok_or(crate::privacy::Denied::Locked)?;
    let mut opened = Vec::new();
    for (i, e) in snap.entries.iter().enumerate() {
        if e.sealed.is_none()
            || !actor.is(&e.author)
            || !filter.partner_ok(&e.author)
            || !filter.date_ok(e.created.date_naive())
        {
            continue;
        }
        let open = crate::privacy::read_entry(e, key)?;
        if filter.matches_entry(&open) {
            opened.push((i, open));
        }
    }
    let n = opened.len();
    for (i, open) in opened {
        snap.entries[i] = open;
    }
    Ok(n)
}

/// The export as a string, in memory (tests, small stores).
pub fn to_string(
    snap: &Snapshot,
    filter: &Filter,
    format: Format,
    exported_at: Timestamp,
) -> std::io::Result<String> {
    let mut out = Vec::new();
    write(snap, filter, format, exported_at, &mut out, &mut |_| {})?;
    Ok(String::from_utf8(out).expect("exports are UTF-8"))
}

#[cfg(test)]
mod tests;
