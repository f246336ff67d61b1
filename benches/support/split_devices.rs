//! A single-folder store split across two device folders, as two laptops would have written it:
//! each partner's records by "their" laptop (Alex → device A, Sam → device B), the records of no
//! one partner (the partners themselves, settings, agreements, …) by device A. Both devices then
//! have a file for nearly every month and year, each with about half its records.
//!
//! The split works on the store files as JSON (`serde_json::Value`): each file keeps its envelope
//! (`format_version`, `kind`) as the store wrote it. A device's write stamps a record only when
//! the record does not carry the time of that write itself (`written`, see `store::devices`);
//! every record here was saved at its own time, so the halves carry no stamps. With
//! `TRUSTWORK_BENCH_STAMPED=1` every record is stamped with its own time instead, as an imported
//! store written whole by one device would be (the most a file can hold). The
//! top of the data folder keeps what a migration leaves there: an empty `partners.json` of the
//! synced format. Each device folder gets its `device.json` marker; device A's installation file
//! is written outside the data folder, so a benchmark can write as device A.
//!
//! Only files the store reads are split (the top's `*.json`, `entries/`, `checkins/`); the lock,
//! `*.bak` files and `backups/` stay behind, as they are local to a machine.

#![allow(dead_code)]

use serde_json::{Map, Value};
use std::fs;
use std::path::{Path, PathBuf};
use trustwork::model::Timestamp;
use trustwork::store::paths;
use trustwork_core::sync::device::DEVICE_FORMAT;
use trustwork_core::sync::{DeviceId, LocalDevice};

/// Alex's laptop: the partners, Alex's records, and the records of no one partner.
pub const DEVICE_A: &str = "aaaaaaaaaaaaaaaa";
/// Sam's laptop: Sam's records.
pub const DEVICE_B: &str = "bbbbbbbbbbbbbbbb";

/// What [`split`] wrote.
pub struct Split {
    pub device_a: LocalDevice,
    /// Device A's installation file, outside the data folder (for `Store::with_device`).
    pub device_a_file: PathBuf,
    pub device_b: LocalDevice,
    /// Store files written: (device A, device B).
    pub files: (usize, usize),
}

/// Writes the store at `from` (a single-folder store) into `to` split across two device folders
/// by partner: `alex`'s records to device A, `sam`'s to device B, the rest to device A. Device
/// A's installation file goes to `local_dir` (outside `to`).
pub fn split(
    from: &Path,
    to: &Path,
    local_dir: &Path,
    alex: &str,
    sam: &str,
    now: Timestamp,
) -> Split {
    let a = base(to, DEVICE_A);
    let b = base(to, DEVICE_B);
    let mut files = (0, 0);
    for rel in store_files(from) {
        let bytes = fs::read(from.join(&rel)).expect("a store file reads");
        let doc: Value = serde_json::from_slice(&bytes).expect("a store file is JSON");
        let kind = doc["kind"]
            .as_str()
            .expect("a store file has a kind")
            .to_string();
        let records = doc["records"].as_array().expect("a store file has records");
        let (mut mine_a, mut mine_b) = (Vec::new(), Vec::new());
        for r in records {
            match owner(r) {
                Some(p) if p == alex => mine_a.push(r.clone()),
                Some(p) if p == sam => mine_b.push(r.clone()),
                Some(p) => panic!("{}: a record of an unknown partner {p}", rel.display()),
                None => mine_a.push(r.clone()),
            }
        }
        for (dir, half, n) in [(&a, mine_a, &mut files.0), (&b, mine_b, &mut files.1)] {
            if half.is_empty() {
                continue;
            }
            write_json(&dir.join(&rel), &half_doc(&doc, &kind, half), true);
            *n += 1;
        }
    }
    // What a migration leaves at the top: a partners file of the synced format, holding no one.
    let top = serde_json::json!({
        "format_version": trustwork::store::FORMAT_VERSION,
        "kind": "partners",
        "records": [],
    });
    write_json(&to.join(paths::PARTNERS), &top, true);

    let device_a = local_device(DEVICE_A, now);
    let device_b = local_device(DEVICE_B, now);
    for (dir, local) in [(&a, &device_a), (&b, &device_b)] {
        write_json(
            &dir.join(trustwork_core::sync::device::MARKER),
            &serde_json::to_value(local.marker(now)).expect("a marker serialises"),
            false,
        );
    }
    let device_a_file = local_dir.join("device-a.json");
    device_a.save(&device_a_file).expect("device A's file");
    Split {
        device_a,
        device_a_file,
        device_b,
        files,
    }
}

fn base(to: &Path, id: &str) -> PathBuf {
    to.join(trustwork::store::DEVICES_DIR).join(id)
}

/// An installation with this id that last wrote its marker at `now`.
fn local_device(id: &str, now: Timestamp) -> LocalDevice {
    LocalDevice {
        format_version: DEVICE_FORMAT,
        device: DeviceId::parse(id).expect("a device id"),
        install: format!("install{id}")[..16].to_string(),
        created: now,
        marker_written: Some(now),
    }
}

/// The store files of a single-folder store, relative to it: the top's `*.json`, and those in
/// `entries/` and `checkins/`, sorted.
fn store_files(from: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for sub in ["", paths::ENTRIES_DIR, paths::CHECKINS_DIR] {
        let Ok(items) = fs::read_dir(from.join(sub)) else {
            continue;
        };
        for item in items {
            let item = item.expect("a folder lists");
            let name = item.file_name().into_string().expect("a UTF-8 name");
            if item.file_type().expect("a file type").is_file()
                && name.ends_with(".json")
                && !name.starts_with('.')
            {
                out.push(Path::new(sub).join(name));
            }
        }
    }
    out.sort();
    out
}

/// Whose a record is: an entry's `author`, or the `partner` of a check-in, moment, draft, key…
fn owner(r: &Value) -> Option<&str> {
    r.get("author")
        .or_else(|| r.get("partner"))
        .and_then(Value::as_str)
}

/// The file `doc` with only `records` (stamped only with `TRUSTWORK_BENCH_STAMPED`; see the
/// module).
fn half_doc(doc: &Value, kind: &str, records: Vec<Value>) -> Value {
    let mut out: Map<String, Value> = doc.as_object().expect("a store file is an object").clone();
    let written: Map<String, Value> = records
        .iter()
        .map(|r| stamp(kind, r))
        .map(|(k, t)| (k, Value::String(t)))
        .collect();
    out.insert("records".into(), Value::Array(records));
    if std::env::var_os("TRUSTWORK_BENCH_STAMPED").is_some() && !written.is_empty() {
        out.insert("written".into(), Value::Object(written));
    }
    Value::Object(out)
}

/// A record's key and the time its device would have stamped it with, for the kinds the
/// workload writes (a kind it gains must be taught here, or the build fails).
fn stamp(kind: &str, r: &Value) -> (String, String) {
    let s = |f: &str| {
        r[f].as_str()
            .unwrap_or_else(|| panic!("a {kind} record without {f}"))
            .to_string()
    };
    match kind {
        "entries" => (s("id"), s("updated")),
        "checkins" => (format!("{}/{}", s("partner"), s("date")), s("updated")),
        "moments" => (s("id"), s("date")),
        "partners" => (s("id"), s("created")),
        _ => panic!("the two-device split does not know the kind {kind:?}"),
    }
}

/// Writes `value` as the store does: its pretty JSON, and (for a store file) a final newline.
fn write_json(path: &Path, value: &Value, newline: bool) {
    fs::create_dir_all(path.parent().expect("a parent")).expect("a folder");
    let mut bytes = trustwork_core::json::to_vec_pretty(value).expect("JSON serialises");
    if newline {
        bytes.push(b'\n');
    }
    fs::write(path, bytes).expect("a file writes");
}
