use super::paths::Month;
use super::*;
use crate::model::{Entry, Role, Visibility};
use crate::privacy::Actor;
use chrono::NaiveDate;
use std::fs;

fn p() -> Actor {
    Actor::new("p")
}

fn clock() -> Clock {
    Clock::Fixed("2026-11-25T10:00:00+01:00".parse().unwrap())
}

pub(super) fn entry(id: &str, author: &str, when: &str, body: &str) -> Entry {
    let t = when.parse().unwrap();
    Entry {
        id: id.into(),
        author: author.into(),
        created: t,
        updated: t,
        title: None,
        body: body.into(),
        tags: vec![],
        starred: false,
        for_counsellor: false,
        link: None,
        visibility: Visibility::Shared,
        source: None,
        responds_to: None,
        sealed: None,
    }
}

#[test]
fn entries_are_filed_by_month_and_read_back() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::at(dir.path(), clock());
    s.add_entries(&[
        entry("a", "p", "2026-10-31T23:00:00+01:00", "october"),
        entry("b", "p", "2026-11-01T08:00:00+01:00", "november"),
    ])
    .unwrap();
    assert!(dir.path().join("entries/2026-10.json").exists());
    assert!(dir.path().join("entries/2026-11.json").exists());
    let all = s.all_entries().unwrap();
    assert_eq!(
        all.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        ["a", "b"]
    );
    let recent = s.recent_entries(1).unwrap();
    assert_eq!(recent[0].id, "b");
    // Updating replaces by id, in place.
    let mut b = all[1].clone();
    b.body = "changed".into();
    s.save_entry(&p(), b, false).unwrap();
    assert_eq!(
        s.entries_in(Month {
            year: 2026,
            month: 11
        })
        .unwrap()[0]
            .body,
        "changed"
    );
}

/// Fuzzing found it (import_jrnl, a jrnl date `-8-03-1`): records of a year before 1 or after
/// 9999 went to a file (`entries/-008-03.json`, `checkins/10000.json`) that reading never listed,
/// so they were written but not read back, and a second import added them again.
#[test]
fn records_of_any_year_are_read_back_from_the_files_they_were_written_to() {
    use chrono::Datelike;
    let dir = tempfile::tempdir().unwrap();
    let s = Store::at(dir.path(), clock());
    let mut old = entry("a", "p", "2026-01-01T00:00:00+00:00", "year -8");
    old.created = NaiveDate::from_ymd_opt(-8, 3, 1)
        .unwrap()
        .and_hms_opt(3, 1, 0)
        .unwrap()
        .and_utc()
        .fixed_offset();
    let mut far = old.clone();
    far.id = "b".into();
    far.created = far.created.with_year(10000).unwrap();
    assert_eq!(s.add_entries(&[old, far]).unwrap(), 2);
    assert!(dir.path().join("entries/-008-03.json").exists());
    let mut ids: Vec<_> = s.all_entries().unwrap().into_iter().map(|e| e.id).collect();
    ids.sort();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(s.recent_entries(5).unwrap().len(), 2);

    let day = |y| NaiveDate::from_ymd_opt(y, 6, 1).unwrap();
    let checkin = |y| crate::model::CheckIn {
        partner: "p".into(),
        date: day(y),
        trust: 5,
        mood: None,
        note: None,
        updated: clock().now(),
        sealed: None,
    };
    assert_eq!(
        s.add_checkins(&[checkin(-1000), checkin(10000)]).unwrap(),
        2
    );
    assert!(dir.path().join("checkins/10000.json").exists());
    assert_eq!(s.all_checkins().unwrap().len(), 2);
    // What is read is what is written: a name the writer never makes is still not a store file.
    for name in ["+2026.json", "26.json", "02026.json"] {
        assert_eq!(paths::year_from_file_name(name), None, "{name}");
    }
    for name in [
        "2026-1.json",
        "+2026-01.json",
        "2026-001.json",
        "2026-13.json",
    ] {
        assert_eq!(Month::from_file_name(name), None, "{name}");
    }
}

#[test]
fn partners_are_unique_ignoring_case_and_at_most_two() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::at(dir.path(), clock());
    s.add_partner("Alex", Role::Hurt).unwrap();
    let before = fs::read(dir.path().join(paths::PARTNERS)).unwrap();
    assert!(matches!(
        s.add_partner("alex", Role::Unsaid),
        Err(StoreError::Refused(_))
    ));
    s.add_partner("Sam", Role::Repairing).unwrap();
    assert!(matches!(
        s.add_partner("Kim", Role::Unsaid),
        Err(StoreError::Refused(_))
    ));
    let ps = s.partners().unwrap();
    assert_eq!(ps.len(), 2);
    assert_ne!(ps[0].id, ps[1].id);
    assert_ne!(before, fs::read(dir.path().join(paths::PARTNERS)).unwrap());
}

#[test]
fn a_second_checkin_the_same_day_changes_only_given_fields() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::at(dir.path(), clock());
    let day = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    assert!(s.put_checkin(&p(), day, None, None, None).is_err());
    s.put_checkin(
        &p(),
        day,
        Some(4),
        Some("tired".into()),
        Some("long day".into()),
    )
    .unwrap();
    let c = s.put_checkin(&p(), day, Some(6), None, None).unwrap();
    assert_eq!(
        (c.trust, c.mood.as_deref(), c.note.as_deref()),
        (6, Some("tired"), Some("long day"))
    );
    assert_eq!(s.all_checkins().unwrap().len(), 1);
}

#[test]
fn a_corrupt_file_is_reported_with_its_path_and_never_written_over() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::at(dir.path(), clock());
    s.add_entries(&[entry("a", "p", "2026-11-01T08:00:00+01:00", "x")])
        .unwrap();
    let path = dir.path().join("entries/2026-11.json");
    let broken = b"{\"format_version\": 3, \"kind\": \"entries\", \"records\": [".to_vec();
    fs::write(&path, &broken).unwrap();
    let err = s.all_entries().unwrap_err();
    assert!(err.to_string().contains("2026-11.json"), "{err}");
    let err = s
        .add_entries(&[entry("b", "p", "2026-11-02T08:00:00+01:00", "y")])
        .unwrap_err();
    assert!(matches!(err, StoreError::Corrupt { .. }));
    assert_eq!(fs::read(&path).unwrap(), broken);
}

#[test]
fn a_newer_file_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::at(dir.path(), clock());
    let newer = br#"{"format_version": 99, "kind": "partners", "records": [], "future": true}"#;
    fs::write(dir.path().join(paths::PARTNERS), newer).unwrap();
    let err = s.partners().unwrap_err();
    assert!(matches!(err, StoreError::Newer { found: 99, .. }), "{err}");
    assert!(s.add_partner("Alex", Role::Hurt).is_err());
    assert_eq!(fs::read(dir.path().join(paths::PARTNERS)).unwrap(), newer);
}

#[test]
fn a_format_1_entries_file_is_migrated() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::at(dir.path(), clock());
    fs::create_dir_all(dir.path().join("entries")).unwrap();
    fs::copy(
        concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/fixtures/v1-entries-2024-02.json"
        ),
        dir.path().join("entries/2024-02.json"),
    )
    .unwrap();
    let es = s.all_entries().unwrap();
    assert_eq!(es.len(), 2);
    assert_eq!(es[0].body, "The first thing I wrote.");
    assert_eq!(es[0].updated, es[0].created);
    let link = es[1].link.as_ref().unwrap();
    assert_eq!(
        (link.guide.as_str(), link.prompt.as_deref()),
        ("acknowledge", Some("acknowledge.what-happened"))
    );
    // The next write of that month upgrades the file.
    s.add_entries(&[entry("n", "p", "2024-02-20T08:00:00+01:00", "new")])
        .unwrap();
    let text = fs::read_to_string(dir.path().join("entries/2024-02.json")).unwrap();
    assert!(text.contains(&format!("\"format_version\": {FORMAT_VERSION}")));
    assert_eq!(s.all_entries().unwrap().len(), 3);
}

#[test]
fn trash_restore_and_empty() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::at(dir.path(), clock());
    s.add_entries(&[entry("a", "p", "2026-11-01T08:00:00+01:00", "secret words")])
        .unwrap();
    s.trash_entry(&p(), "a").unwrap();
    assert!(s.all_entries().unwrap().is_empty());
    assert_eq!(s.trash().unwrap().len(), 1);
    s.restore_entry(&p(), "a").unwrap();
    assert_eq!(s.all_entries().unwrap().len(), 1);
    assert!(s.trash().unwrap().is_empty());
    s.trash_entry(&p(), "a").unwrap();
    s.empty_trash(&p()).unwrap();
    assert!(s.trash().unwrap().is_empty());
    let trash_files = std::fs::read_to_string(dir.path().join("trash.json")).unwrap();
    assert!(!trash_files.contains("secret words"));
    assert!(!dir.path().join("trash.json.bak").exists());
}

#[test]
fn purge_deletes_an_entry_for_good_and_only_the_authors() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::at(dir.path(), clock());
    s.add_entries(&[
        entry("a", "p", "2026-11-01T08:00:00+01:00", "secret words"),
        entry("b", "p", "2026-11-02T08:00:00+01:00", "kept words"),
        entry("c", "q", "2026-11-03T08:00:00+01:00", "theirs"),
    ])
    .unwrap();
    // Another partner's entry is refused, and stays.
    assert!(matches!(
        s.purge_entry(&p(), "c"),
        Err(StoreError::Denied(_))
    ));
    // From its month: gone, with every older copy of the month.
    s.save_entry(
        &p(),
        entry("b", "p", "2026-11-02T08:00:00+01:00", "kept"),
        false,
    )
    .unwrap();
    s.purge_entry(&p(), "a").unwrap();
    let ids: Vec<String> = s.all_entries().unwrap().into_iter().map(|e| e.id).collect();
    assert_eq!(ids, ["b", "c"]);
    for f in ["entries/2026-11.json", "entries/2026-11.json.bak"] {
        let text = fs::read_to_string(dir.path().join(f)).unwrap();
        assert!(!text.contains("secret words"), "{f}");
    }
    assert!(s.backups_of("entries/2026-11.json").unwrap().is_empty());
    // From the trash.
    s.trash_entry(&p(), "b").unwrap();
    s.purge_entry(&p(), "b").unwrap();
    assert!(s.trash().unwrap().is_empty());
    let trash = fs::read_to_string(dir.path().join("trash.json")).unwrap();
    assert!(!trash.contains("kept"));
    assert!(matches!(
        s.purge_entry(&p(), "b"),
        Err(StoreError::Refused(_))
    ));
}

#[test]
fn the_next_write_removes_temporary_files_of_writers_that_died() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::at(dir.path(), clock());
    s.add_partner("Alex", Role::Hurt).unwrap();
    let dead = dir
        .path()
        .join("entries/.2026-11.json.tmp-999999999-0a1b2c3d4e5f");
    let ours = dir.path().join(format!(
        ".partners.json.tmp-{}-0a1b2c3d4e5f",
        std::process::id()
    ));
    fs::create_dir_all(dir.path().join("entries")).unwrap();
    fs::write(&dead, "half a month").unwrap();
    fs::write(&ours, "being written").unwrap();
    // Reading removes nothing: only a writer, under the lock.
    s.load_all().unwrap();
    assert!(dead.exists());
    s.put_settings(crate::model::Settings::default()).unwrap();
    assert!(!dead.exists(), "a dead writer's temporary file goes");
    assert!(ours.exists(), "a live one's stays");
}

#[cfg(unix)]
#[test]
fn a_store_that_holds_a_link_is_refused_on_reading_and_writing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let s = Store::at(&dir, clock());
    s.add_entries(&[entry("a", "p", "2026-11-01T08:00:00+01:00", "x")])
        .unwrap();
    let outside = tmp.path().join("outside.json");
    let month = dir.join("entries/2026-11.json");
    fs::rename(&month, &outside).unwrap();
    std::os::unix::fs::symlink(&outside, &month).unwrap();
    let before = fs::read(&outside).unwrap();
    let err = s.all_entries().unwrap_err();
    assert!(
        matches!(&err, StoreError::Symlink(p) if *p == month),
        "{err}"
    );
    let err = s
        .add_entries(&[entry("b", "p", "2026-11-02T08:00:00+01:00", "y")])
        .unwrap_err();
    assert!(
        err.to_string().contains("2026-11.json is a symbolic link"),
        "{err}"
    );
    assert_eq!(fs::read(&outside).unwrap(), before);
    assert!(
        fs::symlink_metadata(&month)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[cfg(unix)]
#[test]
fn a_linked_entries_folder_is_refused_even_when_empty() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let elsewhere = tmp.path().join("elsewhere");
    fs::create_dir_all(&dir).unwrap();
    fs::create_dir_all(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, dir.join("entries")).unwrap();
    let s = Store::at(&dir, clock());
    assert!(matches!(s.all_entries(), Err(StoreError::Symlink(p)) if p == dir.join("entries")));
    assert!(
        s.add_entries(&[entry("a", "p", "2026-11-01T08:00:00+01:00", "x")])
            .is_err()
    );
    assert_eq!(fs::read_dir(&elsewhere).unwrap().count(), 0);
}

/// A damaged file costs only its own records: the readers that gather many files go on
/// without it and name it; a write to it is refused; writes elsewhere go on; it is untouched.
#[test]
fn a_damaged_file_costs_only_its_own_records() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::at(dir.path(), clock());
    s.add_entries(&[
        entry("a", "p", "2026-10-01T08:00:00+01:00", "october"),
        entry("b", "p", "2026-11-01T08:00:00+01:00", "november"),
    ])
    .unwrap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    s.put_checkin(&p(), day, Some(6), None, None).unwrap();
    s.put_checkin(
        &p(),
        NaiveDate::from_ymd_opt(2025, 3, 1).unwrap(),
        Some(4),
        None,
        None,
    )
    .unwrap();
    let month = dir.path().join("entries/2026-10.json");
    let year = dir.path().join("checkins/2026.json");
    let broken = b"{\"format_version\": 3, \"kind\": \"entries\", \"reco".to_vec();
    let newer = br#"{"format_version": 99, "kind": "checkins", "records": []}"#.to_vec();
    fs::write(&month, &broken).unwrap();
    fs::write(&year, &newer).unwrap();

    let home = s.load_home(20).unwrap();
    assert_eq!(home.recent_entries.len(), 1, "November is there");
    assert_eq!(home.recent_checkins.len(), 1, "2025 is there");
    let rels: Vec<_> = home.damaged.iter().map(|d| d.rel.clone()).collect();
    assert_eq!(
        rels,
        vec![
            PathBuf::from("checkins/2026.json"),
            PathBuf::from("entries/2026-10.json")
        ]
    );
    assert_eq!(home.damaged[0].what(), "Check-ins of 2026");
    assert!(
        home.damaged[0]
            .reason()
            .contains("newer trustwork (format 99)")
    );
    assert_eq!(home.damaged[1].what(), "Journal entries of October 2026");

    let all = s.load_all().unwrap();
    assert_eq!((all.entries.len(), all.checkins.len()), (1, 1));
    assert_eq!(all.damaged.len(), 2);
    let (entries, damaged) = s.readable_entries().unwrap();
    assert_eq!((entries.len(), damaged.len()), (1, 1));
    assert!(s.all_entries().is_err(), "the strict reader still says no");

    // Writing to a damaged file is refused; writing elsewhere goes on.
    assert!(s.put_checkin(&p(), day, Some(7), None, None).is_err());
    assert!(
        s.add_entries(&[entry("c", "p", "2026-10-02T08:00:00+01:00", "x")])
            .is_err()
    );
    s.add_entries(&[entry("d", "p", "2026-11-02T08:00:00+01:00", "y")])
        .unwrap();
    assert_eq!(fs::read(&month).unwrap(), broken);
    assert_eq!(fs::read(&year).unwrap(), newer);
    assert_eq!(s.load_home(20).unwrap().recent_entries.len(), 2);
}
