//! Exports: trustwork's own JSON document (the whole store, re-importable without loss) and
//! readable Markdown of journal entries. See `docs/EXPORT.md`.

use crate::model::{CheckIn, Entry, ExerciseResult, GuideProgress, Moment, Partner, Timestamp};
use crate::store::{Collection, Snapshot};
use crate::text::escape_control;
use crate::together::{Agreement, Promise, Session};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt::Write;

pub mod html;
pub mod summary;

/// The `format` field that marks a trustwork export.
pub const EXPORT_FORMAT: &str = "trustwork-export";
/// The version of the export document this build writes (and the newest it reads).
pub const EXPORT_VERSION: u32 = 1;

/// The JSON export document. Field order is the order written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ExportDoc {
    pub format: String,
    pub format_version: u32,
    pub exported_at: Timestamp,
    pub partners: Vec<Partner>,
    pub entries: Vec<Entry>,
    pub checkins: Vec<CheckIn>,
    #[serde(default)]
    pub exercise_results: Vec<ExerciseResult>,
    #[serde(default)]
    pub guide_progress: Vec<GuideProgress>,
    #[serde(default)]
    pub agreements: Vec<Agreement>,
    #[serde(default)]
    pub promises: Vec<Promise>,
    #[serde(default)]
    pub moments: Vec<Moment>,
    #[serde(default)]
    pub together: Vec<Session>,
}

/// The export document, borrowing from a snapshot: what `write_json` serialises, so a large
/// store is never copied on its way out.
#[derive(Serialize)]
struct ExportRef<'a> {
    format: &'a str,
    format_version: u32,
    exported_at: Timestamp,
    partners: Vec<&'a Partner>,
    entries: Vec<&'a Entry>,
    checkins: Vec<&'a CheckIn>,
    exercise_results: Vec<&'a ExerciseResult>,
    guide_progress: Vec<&'a GuideProgress>,
    agreements: Vec<&'a Agreement>,
    promises: Vec<&'a Promise>,
    moments: Vec<&'a Moment>,
    together: Vec<&'a Session>,
}

fn sorted_by_key<T: Collection>(items: &[T]) -> Vec<&T> {
    let mut v: Vec<&T> = items.iter().collect();
    v.sort_by_cached_key(|r| r.key());
    v
}

impl<'a> ExportRef<'a> {
    fn of(snap: &'a Snapshot, exported_at: Timestamp) -> ExportRef<'a> {
        let mut partners: Vec<&Partner> = snap.partners.iter().collect();
        partners.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
        let mut entries: Vec<&Entry> = snap.entries.iter().collect();
        entries.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
        let mut checkins: Vec<&CheckIn> = snap.checkins.iter().collect();
        checkins.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.partner.cmp(&b.partner)));
        let mut exercise_results: Vec<&ExerciseResult> = snap.exercises.iter().collect();
        exercise_results.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
        ExportRef {
            format: EXPORT_FORMAT,
            format_version: EXPORT_VERSION,
            exported_at,
            partners,
            entries,
            checkins,
            exercise_results,
            guide_progress: sorted_by_key(&snap.progress),
            agreements: sorted_by_key(&snap.agreements),
            promises: sorted_by_key(&snap.promises),
            moments: sorted_by_key(&snap.moments),
            together: sorted_by_key(&snap.together),
        }
    }
}

/// Writes the whole snapshot as trustwork's JSON export, streaming. Every list is in a fixed
/// order, so the same store always exports the same bytes (apart from `exported_at`).
pub fn write_json(
    snap: &Snapshot,
    exported_at: Timestamp,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut out = std::io::BufWriter::new(out);
    crate::json::to_writer_pretty(&mut out, &ExportRef::of(snap, exported_at))?;
    std::io::Write::write_all(&mut out, b"\n")?;
    std::io::Write::flush(&mut out)
}

/// The whole snapshot as trustwork's JSON export, in memory.
pub fn to_json(snap: &Snapshot, exported_at: Timestamp) -> String {
    let mut out = Vec::new();
    write_json(snap, exported_at, &mut out).expect("writing to memory cannot fail");
    String::from_utf8(out).expect("JSON is UTF-8")
}

/// What part of the store to export. Dates are inclusive local calendar dates.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    /// A partner id.
    pub partner: Option<String>,
    pub guide: Option<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl Filter {
    pub fn is_empty(&self) -> bool {
        self.partner.is_none()
            && self.guide.is_none()
            && self.since.is_none()
            && self.until.is_none()
    }

    fn date_ok(&self, d: NaiveDate) -> bool {
        self.since.is_none_or(|s| d >= s) && self.until.is_none_or(|u| d <= u)
    }

    pub fn keeps_entry(&self, e: &Entry) -> bool {
        self.partner.as_ref().is_none_or(|p| &e.author == p)
            && self
                .guide
                .as_ref()
                .is_none_or(|g| e.link.as_ref().is_some_and(|l| &l.guide == g))
            && self.date_ok(e.created.date_naive())
    }

    /// A copy of the snapshot holding only what the filter keeps. Partners are all kept, so
    /// every entry's author can still be named.
    pub fn apply(&self, snap: &Snapshot) -> Snapshot {
        let partner_ok = |p: &str| self.partner.as_deref().is_none_or(|want| want == p);
        let guide_ok = |g: &str| self.guide.as_deref().is_none_or(|want| want == g);
        Snapshot {
            partners: snap.partners.clone(),
            entries: snap
                .entries
                .iter()
                .filter(|e| self.keeps_entry(e))
                .cloned()
                .collect(),
            // Check-ins belong to no guide: a guide filter asks for that guide's work only.
            checkins: snap
                .checkins
                .iter()
                .filter(|c| self.guide.is_none() && partner_ok(&c.partner) && self.date_ok(c.date))
                .cloned()
                .collect(),
            exercises: snap
                .exercises
                .iter()
                .filter(|x| {
                    partner_ok(&x.partner)
                        && guide_ok(&x.guide)
                        && self.date_ok(x.created.date_naive())
                })
                .cloned()
                .collect(),
            progress: snap
                .progress
                .iter()
                .filter(|p| partner_ok(&p.partner) && guide_ok(&p.guide))
                .cloned()
                .collect(),
            // Shared records have no single author or guide yet: whole exports only.
            agreements: if self.is_empty() {
                snap.agreements.clone()
            } else {
                vec![]
            },
            promises: if self.is_empty() {
                snap.promises.clone()
            } else {
                vec![]
            },
            moments: if self.is_empty() {
                snap.moments.clone()
            } else {
                vec![]
            },
            together: if self.is_empty() {
                snap.together.clone()
            } else {
                vec![]
            },
            damaged: snap.damaged.clone(),
        }
    }
}

/// Journal entries as readable Markdown, oldest first, grouped by day. Control characters in
/// the text are shown escaped, so the file is safe to print on a terminal.
pub fn to_markdown(snap: &Snapshot) -> String {
    let mut entries: Vec<&Entry> = snap.entries.iter().collect();
    entries.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
    let mut out = String::with_capacity(entries.iter().map(|e| e.body.len() + 160).sum());
    out.push_str("# trustwork journal\n\n");
    let names: Vec<&str> = snap.partners.iter().map(|p| p.name.as_str()).collect();
    let _ = writeln!(
        out,
        "{} {}{}\n",
        entries.len(),
        if entries.len() == 1 {
            "entry"
        } else {
            "entries"
        },
        if names.is_empty() {
            String::new()
        } else {
            format!(" by {}", escape_control(&names.join(" and ")))
        }
    );
    let mut day = None;
    for e in entries {
        let d = e.created.date_naive();
        if e.sealed.is_some() {
            if day != Some(d) {
                let _ = write!(out, "## {}\n\n", d.format("%A %-d %B %Y"));
                day = Some(d);
            }
            let _ = writeln!(
                out,
                "*A private entry by {}, {}.*\n",
                escape_control(snap.partner_name(&e.author)),
                e.created.format("%H:%M")
            );
            continue;
        }
        if day != Some(d) {
            let _ = write!(out, "## {}\n\n", d.format("%A %-d %B %Y"));
            day = Some(d);
        }
        let title = e
            .title
            .as_deref()
            .filter(|t| !t.trim().is_empty())
            .map(|t| escape_control(t).replace('\n', " "))
            .unwrap_or_else(|| e.created.format("%H:%M").to_string());
        let _ = writeln!(out, "### {title}\n");
        let mut meta = vec![
            escape_control(snap.partner_name(&e.author)),
            e.created.format("%H:%M").to_string(),
        ];
        if !e.tags.is_empty() {
            meta.push(
                e.tags
                    .iter()
                    .map(|t| format!("#{}", escape_control(t)))
                    .collect::<Vec<_>>()
                    .join(" "),
            );
        }
        if e.starred {
            meta.push("starred".into());
        }
        let _ = writeln!(out, "*{}*\n", meta.join(" · "));
        if let Some(link) = &e.link
            && let Some(text) = &link.prompt_text
        {
            let _ = writeln!(out, "> {}\n", escape_control(text).replace('\n', "\n> "));
        }
        let body = escape_control(&e.body.replace("\r\n", "\n"));
        out.push_str(body.trim_end());
        out.push_str("\n\n");
    }
    out
}

#[cfg(test)]
mod tests;
