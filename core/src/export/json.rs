//! trustwork's own JSON export: a versioned document that `import` reads back without loss.

use super::Progress;
use super::select::{Selection, Ticker};
use crate::model::{CheckIn, Entry, ExerciseResult, GuideProgress, Moment, Partner, Timestamp};
use crate::store::Snapshot;
use crate::together::{Agreement, Promise, Session};
use serde::ser::SerializeSeq;
use serde::{Deserialize, Serialize};
use std::cell::RefCell;

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

/// A list of borrowed records that ticks the progress as each is written: the same bytes as
/// the list itself.
struct Ticked<'a, 't, T> {
    items: Vec<&'a T>,
    tick: &'t dyn Fn(),
}

impl<T: Serialize> Serialize for Ticked<'_, '_, T> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.items.len()))?;
        for item in &self.items {
            seq.serialize_element(item)?;
            (self.tick)();
        }
        seq.end()
    }
}

/// The export document, borrowing from a snapshot, so a large store is never copied on its
/// way out.
#[derive(Serialize)]
struct ExportRef<'a, 't> {
    format: &'a str,
    format_version: u32,
    exported_at: Timestamp,
    partners: Ticked<'a, 't, Partner>,
    entries: Ticked<'a, 't, Entry>,
    checkins: Ticked<'a, 't, CheckIn>,
    exercise_results: Ticked<'a, 't, ExerciseResult>,
    guide_progress: Ticked<'a, 't, GuideProgress>,
    agreements: Ticked<'a, 't, Agreement>,
    promises: Ticked<'a, 't, Promise>,
    moments: Ticked<'a, 't, Moment>,
    together: Ticked<'a, 't, Session>,
}

/// Writes the selection as trustwork's JSON export. Every list is in a fixed order, so the
/// same store always exports the same bytes (apart from `exported_at`).
pub(super) fn write(
    sel: &Selection,
    exported_at: Timestamp,
    out: &mut dyn std::io::Write,
    progress: &mut dyn FnMut(Progress),
) -> std::io::Result<()> {
    let exercises = sel.exercises();
    let guide_progress = sel.progress();
    let sessions = sel.sessions();
    let total = sel.partners.len()
        + sel.entries.len()
        + sel.checkins.len()
        + exercises.len()
        + guide_progress.len()
        + sel.agreements.len()
        + sel.promises.len()
        + sel.moments.len()
        + sessions.len();
    let ticker = RefCell::new(Ticker::new(total, progress));
    let t: &dyn Fn() = &|| ticker.borrow_mut().tick();
    let doc = ExportRef {
        format: EXPORT_FORMAT,
        format_version: EXPORT_VERSION,
        exported_at,
        partners: Ticked {
            items: sel.partners.clone(),
            tick: t,
        },
        entries: Ticked {
            items: sel.entries.clone(),
            tick: t,
        },
        checkins: Ticked {
            items: sel.checkins.clone(),
            tick: t,
        },
        exercise_results: Ticked {
            items: exercises,
            tick: t,
        },
        guide_progress: Ticked {
            items: guide_progress,
            tick: t,
        },
        agreements: Ticked {
            items: sel.agreements.clone(),
            tick: t,
        },
        promises: Ticked {
            items: sel.promises.clone(),
            tick: t,
        },
        moments: Ticked {
            items: sel.moments.clone(),
            tick: t,
        },
        together: Ticked {
            items: sessions,
            tick: t,
        },
    };
    crate::json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")?;
    ticker.borrow_mut().finish();
    Ok(())
}

/// Writes the whole snapshot (private entries still sealed, as stored) as trustwork's JSON
/// export, streaming.
pub fn write_json(
    snap: &Snapshot,
    exported_at: Timestamp,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    super::write(
        snap,
        &super::Filter::default(),
        super::Format::Json,
        exported_at,
        out,
        &mut |_| {},
    )
}

/// The whole snapshot as trustwork's JSON export, in memory.
pub fn to_json(snap: &Snapshot, exported_at: Timestamp) -> String {
    super::to_string(
        snap,
        &super::Filter::default(),
        super::Format::Json,
        exported_at,
    )
    .expect("writing to memory cannot fail")
}
