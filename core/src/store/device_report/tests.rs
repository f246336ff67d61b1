//! `Store::device_report`: two installations writing one data folder, and what goes wrong.

use super::*;
use crate::clock::Clock;
use crate::model::Role;
use crate::store::MARK_AGAIN_AFTER;
use crate::store::sync_tests::{Two, at};
use crate::store::tests::entry;
use crate::sync::LocalDevice;
use std::fs;

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

impl Two {
    fn path(&self, device: &LocalDevice, rel: &str) -> PathBuf {
        self.data.path().join(device_base(&device.device)).join(rel)
    }
}

/// Both devices write: a partner and an entry from a, an entry and a check-in from b.
fn written() -> Two {
    let two = Two::new();
    let a = two.a("10:00:00");
    a.add_partner("Sam", Role::Hurt).unwrap();
    a.add_entries(&[entry("a1", "p", "2026-12-01T09:00:00+01:00", "from a")])
        .unwrap();
    let b = two.b("11:00:00");
    b.add_entries(&[entry("b1", "p", "2026-11-02T09:00:00+01:00", "from b")])
        .unwrap();
    two
}

#[test]
fn each_device_is_a_row_this_one_first_with_its_marker() {
    let two = written();
    let report = two.b("12:00:00").device_report().unwrap();
    assert_eq!(report.len(), 2, "{report:?}");
    let (me, other) = (&report[0], &report[1]);
    assert_eq!(me.id.as_ref(), Some(&two.b.device));
    assert!(me.this_device);
    assert_eq!(other.id.as_ref(), Some(&two.a.device));
    assert!(!other.this_device);
    assert_eq!(other.folder, device_base(&two.a.device));
    assert_eq!(other.last_write, Some(ts("2026-12-07T10:00:00+01:00")));
    assert_eq!(me.last_write, Some(ts("2026-12-07T11:00:00+01:00")));
    assert_eq!(other.store_format, Some(crate::store::FORMAT_VERSION));
    // a wrote partners.json and a month; b a month.
    assert_eq!(other.files, 2);
    assert_eq!(me.files, 1);
    assert!(
        me.problems.is_empty() && other.problems.is_empty(),
        "{report:?}"
    );

    // Read without a device: the same rows, none of them this store's.
    let plain = Store::at(two.data.path(), at("12:00:00"))
        .device_report()
        .unwrap();
    assert_eq!(plain.len(), 2);
    assert!(plain.iter().all(|d| !d.this_device));
    assert_eq!(
        plain[0].id.as_ref(),
        Some(&two.a.device).min(Some(&two.b.device))
    );
}

#[test]
fn this_device_has_a_row_before_it_writes() {
    let two = Two::new();
    two.a("10:00:00").add_partner("Sam", Role::Hurt).unwrap();
    let report = two.b("12:00:00").device_report().unwrap();
    assert_eq!(report.len(), 2);
    assert!(report[0].this_device);
    assert_eq!(report[0].files, 0);
    assert!(report[0].problems.is_empty());
    assert_eq!(report[0].last_write, None);
}

#[test]
fn a_damaged_a_newer_file_and_a_conflict_copy_are_named_under_their_device() {
    let two = written();
    fs::write(two.path(&two.a, "entries/2026-12.json"), "{ cut sho").unwrap();
    fs::write(
        two.path(&two.a, "partners.json"),
        r#"{"format_version": 9, "kind": "partners", "records": []}"#,
    )
    .unwrap();
    let copy = "2026-11.sync-conflict-20261207-120000-ABCDEFG.json";
    fs::copy(
        two.path(&two.b, "entries/2026-11.json"),
        two.path(&two.b, &format!("entries/{copy}")),
    )
    .unwrap();
    // Neither a .bak nor a sync tool's own file is a problem.
    fs::write(two.path(&two.b, "entries/2026-11.json.bak"), "junk").unwrap();
    fs::create_dir_all(two.path(&two.b, ".stversions")).unwrap();

    let report = two.b("12:00:00").device_report().unwrap();
    let other = &report[1];
    let files: Vec<(&Path, &super::super::FileProblem)> = other
        .problems
        .iter()
        .filter_map(|p| match p {
            DeviceProblem::File(d) => Some((d.rel.as_path(), &d.problem)),
            _ => None,
        })
        .collect();
    assert_eq!(files.len(), 2, "{other:?}");
    let base = device_base(&two.a.device);
    assert_eq!(files[0].0, base.join("partners.json"));
    assert_eq!(files[0].1, &super::super::FileProblem::Newer(9));
    assert_eq!(files[1].0, base.join("entries/2026-12.json"));
    assert!(matches!(
        files[1].1,
        super::super::FileProblem::Unreadable(_)
    ));
    let words: Vec<String> = other.problems.iter().map(DeviceProblem::describe).collect();
    assert!(
        words[1].starts_with("Journal entries of December 2026 (devices/"),
        "{words:?}"
    );

    let me = &report[0];
    assert_eq!(
        me.problems,
        [DeviceProblem::ConflictCopy {
            copy: device_base(&two.b.device).join("entries").join(copy),
            of: device_base(&two.b.device).join("entries/2026-11.json"),
        }]
    );
    assert_eq!(me.files, 2);
}

#[test]
fn a_missing_unreadable_or_newer_marker_is_a_problem_of_another_device_only() {
    let two = written();
    fs::remove_file(two.path(&two.a, MARKER)).unwrap();
    let report = two.b("12:00:00").device_report().unwrap();
    assert_eq!(report[1].problems, [DeviceProblem::MarkerMissing]);
    assert_eq!(report[1].name, None);
    assert_eq!(report[1].last_write, None);
    // Seen from a, its own missing marker is only not written yet.
    let own = two.a("12:00:00").device_report().unwrap();
    assert!(own[0].this_device && own[0].problems.is_empty(), "{own:?}");

    fs::write(two.path(&two.a, MARKER), r#"{"format_version": 7}"#).unwrap();
    let report = two.b("12:00:00").device_report().unwrap();
    assert_eq!(report[1].problems, [DeviceProblem::MarkerNewer(7)]);
    fs::write(two.path(&two.a, MARKER), "[").unwrap();
    let report = two.b("12:00:00").device_report().unwrap();
    assert!(matches!(
        report[1].problems[..],
        [DeviceProblem::MarkerUnreadable(_)]
    ));

    // A marker that says the device writes a newer store format.
    let mut marker = two.a.marker(ts("2026-12-07T10:00:00+01:00"));
    marker.store_format = crate::store::FORMAT_VERSION + 1;
    fs::write(
        two.path(&two.a, MARKER),
        serde_json::to_vec(&marker).unwrap(),
    )
    .unwrap();
    let report = two.b("12:00:00").device_report().unwrap();
    assert_eq!(
        report[1].problems,
        [DeviceProblem::WritesNewer(crate::store::FORMAT_VERSION + 1)]
    );
}

#[test]
fn the_files_from_before_syncing_are_a_row_of_their_own() {
    let two = Two::new();
    let plain = Store::at(two.data.path(), at("09:00:00"));
    plain.add_partner("Sam", Role::Hurt).unwrap();
    // Not synced yet: nothing to report.
    assert!(plain.device_report().unwrap().is_empty());
    // Another device wrote its folder beside the single-folder files.
    two.b("10:00:00")
        .add_entries(&[entry("b1", "p", "2026-12-02T09:00:00+01:00", "from b")])
        .unwrap();
    let report = plain.device_report().unwrap();
    assert_eq!(report.len(), 2, "{report:?}");
    let top = &report[1];
    assert_eq!(top.id, None);
    assert_eq!(top.folder, PathBuf::new());
    assert_eq!(top.files, 1);
    assert!(top.problems.is_empty());

    // Once moved into a device folder, only the stub is at the top: no such row.
    let (a, _) = Store::open_as_device(
        two.data.path(),
        at("11:00:00"),
        &two.a,
        two.state.path().join("a.json"),
    )
    .unwrap();
    let report = a.device_report().unwrap();
    assert_eq!(report.len(), 2, "{report:?}");
    assert!(report.iter().all(|d| d.id.is_some()));
}

#[test]
fn the_marker_is_written_again_once_the_last_marking_is_an_hour_old() {
    let two = Two::new();
    let a = two.a("10:00:00");
    a.add_partner("Sam", Role::Hurt).unwrap();
    let last = |s: &Store| s.device_report().unwrap()[0].last_write.unwrap();
    assert_eq!(last(&a), ts("2026-12-07T10:00:00+01:00"));

    // The same store (one process) later: within the hour nothing changes, after it the
    // marker is refreshed, and the clone check still passes.
    let mut soon = a.clone();
    soon.clock = at("10:59:00");
    soon.add_entries(&[entry("a1", "p", "2026-12-01T09:00:00+01:00", "x")])
        .unwrap();
    assert_eq!(last(&a), ts("2026-12-07T10:00:00+01:00"));
    let mut later = a.clone();
    later.clock = Clock::Fixed(at("10:00:00").now() + MARK_AGAIN_AFTER);
    later
        .add_entries(&[entry("a2", "p", "2026-12-02T09:00:00+01:00", "y")])
        .unwrap();
    assert_eq!(last(&a), ts("2026-12-07T11:00:00+01:00"));
    let local = LocalDevice::load(&two.state.path().join("a.json"))
        .unwrap()
        .unwrap();
    assert_eq!(local.marker_written, Some(last(&a)));
    let mut after = a.clone();
    after.clock = at("13:00:00");
    after
        .add_entries(&[entry("a3", "p", "2026-12-03T09:00:00+01:00", "z")])
        .unwrap();
    assert_eq!(last(&a), ts("2026-12-07T13:00:00+01:00"));

    // A clone that wrote meanwhile is still found at the next refresh.
    let bytes = fs::read(two.path(&two.a, MARKER)).unwrap();
    let mut marker: DeviceMarker = serde_json::from_slice(&bytes).unwrap();
    marker.last_write = at("13:30:00").now();
    fs::write(
        two.path(&two.a, MARKER),
        serde_json::to_vec(&marker).unwrap(),
    )
    .unwrap();
    let mut next = a.clone();
    next.clock = at("15:00:00");
    let refused = next.add_entries(&[entry("a4", "p", "2026-12-04T09:00:00+01:00", "w")]);
    assert!(
        matches!(
            refused,
            Err(crate::store::StoreError::Device(DeviceError::Cloned { .. }))
        ),
        "{refused:?}"
    );
}

#[cfg(unix)]
#[test]
fn a_linked_folder_of_a_device_is_named_not_followed() {
    let two = written();
    let elsewhere = tempfile::tempdir().unwrap();
    fs::remove_dir_all(two.path(&two.a, "entries")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), two.path(&two.a, "entries")).unwrap();
    let report = two.b("12:00:00").device_report().unwrap();
    assert!(
        matches!(
            &report[1].problems[..],
            [DeviceProblem::File(Damaged {
                problem: crate::store::FileProblem::Symlink,
                ..
            })]
        ),
        "{report:?}"
    );
}
