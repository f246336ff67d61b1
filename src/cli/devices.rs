//! `trustwork devices [--json]`: the installations that write this data folder (a synced
//! store, docs/SYNC.md), this one first, with when each last wrote and what is wrong with what
//! it wrote; and what the folder's ignore files lack.

use super::backups::{local, shown};
use super::{Cli, Failure, Out, open_store, plural};
use crate::clock::Clock;
use crate::model::Partner;
use crate::store::{DeviceProblem, DeviceSeen, IgnoreGap, Store};
use crate::text::escape_line;
use std::io;
use std::path::{Path, PathBuf};
use trustwork_core::sync::LocalDevice;

/// This installation: its device file and what it holds, when there is one.
struct ThisOne {
    file: Option<PathBuf>,
    local: Option<LocalDevice>,
}

fn this_one() -> Result<ThisOne, Failure> {
    let file = LocalDevice::default_path();
    let local = match &file {
        Some(f) => LocalDevice::load(f).map_err(|e| Failure::data(e.to_string()))?,
        None => None,
    };
    Ok(ThisOne { file, local })
}

/// `trustwork devices [--json]`.
pub(super) fn devices(cli: &Cli, json: bool, clock: Clock, out: Out) -> Result<(), Failure> {
    // Opened as every command opens it: as this installation (its device file made if
    // needed, a single-folder store moved into its device folder). Nothing else is written.
    let store = open_store(cli, clock)?;
    let me = this_one()?;
    let report = store.device_report()?;
    let gaps = store.ignore_gaps();
    // Partners added on two laptops before their first sync (a partners file that does not
    // read is named by the command's own warning).
    let partners = store.partners().unwrap_or_default();
    if json {
        return print_json(&store, &me, &report, &gaps, &partners, clock, out);
    }
    print_text(&store, &me, &report, &gaps, &partners, clock, out)
}

fn path_shown(p: &Path) -> String {
    escape_line(&p.to_string_lossy())
}

/// The machine's name: its marker's, else (for this one) the host name.
fn name_of(seen: Option<&DeviceSeen>, this: bool) -> Option<String> {
    seen.and_then(|s| s.name.clone()).or_else(|| {
        let host = trustwork_core::sync::device::host_name();
        (this && !host.is_empty()).then_some(host)
    })
}

fn print_text(
    store: &Store,
    me: &ThisOne,
    report: &[DeviceSeen],
    gaps: &[IgnoreGap],
    partners: &[Partner],
    clock: Clock,
    out: Out,
) -> Result<(), Failure> {
    let mine = report.iter().find(|d| d.this_device);
    let file = me
        .file
        .as_deref()
        .map(path_shown)
        .unwrap_or_else(|| "(none: no home folder was found)".into());
    match &me.local {
        Some(local) => {
            let name = name_of(mine, true)
                .map(|n| format!(" ({})", escape_line(&n)))
                .unwrap_or_default();
            writeln!(
                out,
                "this device: {}{name}, device file {file}",
                escape_line(local.device.as_str())
            )?;
            match mine {
                Some(seen) => print_details(seen, clock, out)?,
                None => writeln!(out, "  has not written here yet")?,
            }
        }
        None => writeln!(
            out,
            "this device: none yet; trustwork makes its device file ({file}) when it first \
             writes to a synced folder"
        )?,
    }
    let others: Vec<&DeviceSeen> = report.iter().filter(|d| !d.this_device).collect();
    for seen in &others {
        match &seen.id {
            Some(id) => {
                let name = seen
                    .name
                    .as_deref()
                    .map(escape_line)
                    .unwrap_or_else(|| "no name".into());
                writeln!(out, "device {} ({name})", escape_line(id.as_str()))?;
            }
            None => writeln!(
                out,
                "files from before syncing, at the top of {}: {}",
                path_shown(store.dir()),
                plural(seen.files, "store file", "store files")
            )?,
        }
        print_details(seen, clock, out)?;
    }
    if !others.iter().any(|d| d.id.is_some()) {
        writeln!(
            out,
            "no other device has written here yet; see docs/SYNC.md to sync this folder"
        )?;
    }
    if let Some(note) = crate::store::twin_partners_note(partners) {
        writeln!(out, "note: {note}")?;
    }
    for gap in gaps {
        if gap.exists {
            writeln!(
                out,
                "hint: {} has no line for {}. These belong to one machine only: add {} so that \
                 they are not synced (see docs/SYNC.md).",
                gap.file.name,
                escape_line(&gap.missing.join(", ")),
                if gap.missing.len() == 1 { "it" } else { "them" }
            )?;
        } else if report.iter().any(|d| d.files > 0) {
            // (Nothing written yet, nothing to keep from syncing.)
            writeln!(
                out,
                "hint: there is no {} in {}; trustwork writes one at its next save here (see \
                 docs/SYNC.md).",
                gap.file.name,
                path_shown(store.dir())
            )?;
        }
    }
    Ok(())
}

/// A device's last write and each of its problems, indented under it.
fn print_details(seen: &DeviceSeen, clock: Clock, out: Out) -> io::Result<()> {
    if seen.id.is_some() {
        match seen.last_write {
            Some(at) => writeln!(out, "  last wrote {}", shown(clock, at.to_utc()))?,
            None if seen.files == 0 => writeln!(out, "  has not written here yet")?,
            None => writeln!(out, "  last write not known")?,
        }
    }
    for p in &seen.problems {
        writeln!(out, "  {}", escape_line(&p.describe()))?;
    }
    Ok(())
}

fn print_json(
    store: &Store,
    me: &ThisOne,
    report: &[DeviceSeen],
    gaps: &[IgnoreGap],
    partners: &[Partner],
    clock: Clock,
    out: Out,
) -> Result<(), Failure> {
    let devices: Vec<serde_json::Value> = report
        .iter()
        .map(|d| {
            serde_json::json!({
                "id": d.id.as_ref().map(|i| i.as_str()),
                "folder": d.folder.to_string_lossy(),
                "name": d.name,
                "this_device": d.this_device,
                "last_write": d.last_write.map(|t| local(clock, t.to_utc()).to_rfc3339()),
                "store_format": d.store_format,
                "files": d.files,
                "problems": d.problems.iter().map(problem_json).collect::<Vec<_>>(),
            })
        })
        .collect();
    let ignore: Vec<serde_json::Value> = gaps
        .iter()
        .map(|g| {
            serde_json::json!({
                "file": g.file.name,
                "exists": g.exists,
                "missing": g.missing,
            })
        })
        .collect();
    let doc = serde_json::json!({
        "data_dir": store.dir().to_string_lossy(),
        "this_device": me.local.as_ref().map(|l| serde_json::json!({
            "id": l.device.as_str(),
            "name": name_of(report.iter().find(|d| d.this_device), true),
            "device_file": me.file.as_deref().map(Path::to_string_lossy),
        })),
        "devices": devices,
        "twin_partners": crate::store::twin_partners(partners),
        "ignore_files": ignore,
    });
    let json = trustwork_core::json::to_string_pretty(&doc).map_err(io::Error::from)?;
    writeln!(out, "{json}")?;
    Ok(())
}

fn problem_json(p: &DeviceProblem) -> serde_json::Value {
    let (kind, file, of) = match p {
        DeviceProblem::MarkerMissing => ("marker_missing", None, None),
        DeviceProblem::MarkerUnreadable(_) => ("marker_unreadable", None, None),
        DeviceProblem::MarkerNewer(_) => ("marker_newer", None, None),
        DeviceProblem::MarkerOfAnother(_) => ("marker_of_another", None, None),
        DeviceProblem::WritesNewer(_) => ("writes_newer", None, None),
        DeviceProblem::File(d) => ("file", Some(lossy(&d.rel)), None),
        DeviceProblem::ConflictCopy { copy, of } => {
            ("conflict_copy", Some(lossy(copy)), Some(lossy(of)))
        }
    };
    serde_json::json!({
        "kind": kind,
        "file": file,
        "of": of,
        "message": p.describe(),
    })
}

fn lossy(p: &Path) -> String {
    p.to_string_lossy().into_owned()
}
