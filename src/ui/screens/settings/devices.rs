//! Settings → "This device": this installation's device id and device file, and every other
//! device that writes the synced data folder, with its last write and what of it could not be
//! read (docs/SYNC.md). Read by the event loop when Settings opens, off the UI thread: the
//! report reads every device's files, which on a long journal takes a moment.

use crate::clock::Clock;
use crate::store::{DeviceProblem, DeviceSeen};
use crate::text::escape_line;
use std::path::{Path, PathBuf};
use trustwork_core::sync::DeviceId;

/// What Settings shows of the devices, as the event loop read it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Devices {
    /// This installation's device file (kept outside the data folder).
    pub file: Option<PathBuf>,
    /// The device this store writes as; `None` when the folder is read as one machine's.
    pub this: Option<DeviceId>,
    /// This machine's name, for this device before its marker names it.
    pub host: String,
    /// One row per device folder, this device first ([`crate::store::Store::device_report`]).
    pub report: Vec<DeviceSeen>,
}

/// The device rows of Settings, after "Data folder".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeviceRow {
    /// This installation: its name and id (or that the devices are still being read).
    This,
    /// Where this installation's device file is.
    File,
    /// Another device's folder (an index into the report), or the files from before syncing.
    Other(usize),
    /// No other device has written here yet.
    NoOther,
}

/// The rows for what was read: only "This device" while reading or when it failed.
pub fn rows(devices: Option<&Result<Devices, String>>) -> Vec<DeviceRow> {
    let Some(Ok(d)) = devices else {
        return vec![DeviceRow::This];
    };
    let mut rows = vec![DeviceRow::This, DeviceRow::File];
    let others: Vec<usize> = d
        .report
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.this_device)
        .map(|(i, _)| i)
        .collect();
    if others.iter().all(|&i| d.report[i].id.is_none()) {
        rows.push(DeviceRow::NoOther);
    }
    rows.extend(others.into_iter().map(DeviceRow::Other));
    rows
}

/// A row's label and value, escaped for the screen.
pub fn shown(
    row: DeviceRow,
    devices: Option<&Result<Devices, String>>,
    clock: Clock,
) -> (String, String) {
    let d = match devices {
        None => return ("This device".into(), "reading the devices…".into()),
        Some(Err(why)) => {
            return (
                "This device".into(),
                format!("the devices could not be read: {}", escape_line(why)),
            );
        }
        Some(Ok(d)) => d,
    };
    match row {
        DeviceRow::This => ("This device".into(), this_device(d, clock)),
        DeviceRow::File => (
            "Device file".into(),
            match &d.file {
                Some(f) => escape_line(&f.to_string_lossy()),
                None => "none: no home folder was found".into(),
            },
        ),
        DeviceRow::NoOther => (
            "Other devices".into(),
            "none has written here yet (docs/SYNC.md says how to sync this folder)".into(),
        ),
        DeviceRow::Other(i) => match d.report.get(i) {
            Some(seen) if seen.id.is_some() => ("Other device".into(), other_device(seen, clock)),
            Some(seen) => (
                "From before syncing".into(),
                with_problems(
                    format!(
                        "{} at the top of the data folder, still read",
                        crate::text::plural(seen.files, "store file", "store files")
                    ),
                    seen,
                ),
            ),
            None => (String::new(), String::new()),
        },
    }
}

fn this_device(d: &Devices, clock: Clock) -> String {
    let Some(id) = &d.this else {
        return "none: this folder is read as one machine's".into();
    };
    let mine = d.report.iter().find(|s| s.this_device);
    let name = mine
        .and_then(|s| s.name.clone())
        .unwrap_or_else(|| d.host.clone());
    let mut text = if name.is_empty() {
        format!("id {}", id.as_str())
    } else {
        format!("{}, id {}", escape_line(&name), id.as_str())
    };
    match mine {
        Some(seen) => {
            text.push_str(&last_write(seen, clock));
            with_problems(text, seen)
        }
        None => text + "; it has not written here yet",
    }
}

fn other_device(seen: &DeviceSeen, clock: Clock) -> String {
    let id = seen.id.as_ref().map(DeviceId::as_str).unwrap_or_default();
    let name = seen
        .name
        .as_deref()
        .map(escape_line)
        .unwrap_or_else(|| "no name".into());
    with_problems(format!("{name}, id {id}{}", last_write(seen, clock)), seen)
}

/// "; last wrote 3 Dec 2026, 18:04" in this laptop's time (a marker is accurate to an hour).
fn last_write(seen: &DeviceSeen, clock: Clock) -> String {
    match seen.last_write {
        Some(at) => format!(
            "; last wrote {}",
            clock.at_instant(at).format("%-d %b %Y, %H:%M")
        ),
        None if seen.files == 0 => "; it has not written here yet".into(),
        None => "; when it last wrote is not known".into(),
    }
}

/// The text, then each problem after a semicolon.
fn with_problems(mut text: String, seen: &DeviceSeen) -> String {
    for p in &seen.problems {
        text.push_str("; ");
        text.push_str(&escape_line(&problem(p, seen)));
    }
    text
}

/// A problem in words, its paths inside the device's own folder (the row names the device),
/// so that a long file name does not run across the screen.
fn problem(p: &DeviceProblem, seen: &DeviceSeen) -> String {
    let inner = |path: &Path| {
        path.strip_prefix(&seen.folder)
            .unwrap_or(path)
            .display()
            .to_string()
    };
    match p {
        DeviceProblem::ConflictCopy { of, .. } => format!(
            "a sync tool's conflict copy of {} is read with it, and folded into it at that \
             device's next write of it",
            inner(of)
        ),
        other => other.describe(),
    }
}
