use super::*;
use crate::clock::Clock;
use crate::model::Role;

fn at_in(dir: &Path, t: &str) -> Store {
    Store::at(dir, Clock::Fixed(t.parse().unwrap()))
}

fn partner(n: usize) -> Partner {
    Partner {
        id: format!("p{n}"),
        name: format!("P{n}"),
        role: Role::Unsaid,
        created: "2026-01-01T00:00:00Z".parse().unwrap(),
    }
}

/// Saves `partners.json` with `n` records, as the store at time `t` does.
fn save(dir: &Path, t: &str, n: usize) {
    at_in(dir, t)
        .modify::<Partner, _>(paths::PARTNERS, |ps| {
            *ps = (0..n).map(partner).collect();
            Ok(())
        })
        .unwrap();
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    out.sort();
    out
}

fn stamp(t: &str) -> String {
    stamp_name(t.parse::<DateTime<Utc>>().unwrap(), 0)
}

#[test]
fn names_are_read_back_exactly() {
    let t: DateTime<Utc> = "2026-11-25T19:00:05Z".parse().unwrap();
    assert_eq!(stamp_name(t, 0), "20261125T190005Z.json");
    assert_eq!(stamp_name(t, 12), "20261125T190005Z-12.json");
    assert_eq!(parse_stamp("20261125T190005Z-12.json"), Some((t, 12)));
    for bad in [
        "20261125T190005Z-0.json",
        "20261125T190005Z-01.json",
        "20261125T190005.json",
        "2026-11-25.json",
        "20261325T190005Z.json",
        "20261125T190005Z.json.bak",
    ] {
        assert_eq!(parse_stamp(bad), None, "{bad}");
    }
    assert_eq!(
        folder_of(Path::new("entries/2026-11.json")),
        Some(PathBuf::from("backups/entries/2026-11"))
    );
    assert_eq!(
        file_of_folder(Path::new("backups/checkins/2026")),
        Some(PathBuf::from("checkins/2026.json"))
    );
    assert_eq!(file_of_folder(Path::new("backups/checkins/26")), None);
}

#[test]
fn saves_keep_the_last_ten_and_the_newest_of_each_of_fourteen_days() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let mut saves = Vec::new();
    for day in 1..=30 {
        for hour in ["08", "12", "18"] {
            saves.push(format!("2026-11-{day:02}T{hour}:00:00Z"));
        }
    }
    for (n, t) in saves.iter().enumerate() {
        save(dir, t, n % 5 + 1);
    }
    // The first save had nothing to keep; each later one kept the version before it.
    let mut want: Vec<String> = saves[saves.len() - 10..].iter().map(|t| stamp(t)).collect();
    for day in 17..=26 {
        want.push(stamp(&format!("2026-11-{day:02}T18:00:00Z")));
    }
    want.sort();
    assert_eq!(names_in(&dir.join("backups/partners")), want);
    // `backups` lists them newest first, each read.
    let listed = at_in(dir, "2026-11-30T20:00:00Z").backups().unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].file, Path::new("partners.json"));
    assert_eq!(listed[0].backups.len(), 20);
    let newest = &listed[0].backups[0];
    assert_eq!(
        newest.at,
        "2026-11-30T18:00:00Z".parse::<DateTime<Utc>>().unwrap()
    );
    // The save at 18:00 replaced the one at 12:00, save number 88: 88 % 5 + 1 records.
    assert_eq!(newest.contents, Contents::Records(88 % 5 + 1));
    assert!(fs::metadata(dir.join(&newest.path)).unwrap().len() == newest.size);
}

#[test]
fn saves_in_the_same_second_each_keep_a_backup() {
    let tmp = tempfile::tempdir().unwrap();
    for n in 1..=4 {
        save(tmp.path(), "2026-11-25T10:00:00Z", n);
    }
    assert_eq!(
        names_in(&tmp.path().join("backups/partners")),
        [
            "20261125T100000Z-1.json",
            "20261125T100000Z-2.json",
            "20261125T100000Z.json"
        ]
    );
    let list = at_in(tmp.path(), "2026-11-25T10:00:00Z")
        .backups_of("partners.json")
        .unwrap();
    let counts: Vec<_> = list.iter().map(|b| b.contents.clone()).collect();
    assert_eq!(
        counts,
        [
            Contents::Records(3),
            Contents::Records(2),
            Contents::Records(1)
        ]
    );
}

#[cfg(unix)]
#[test]
fn backups_are_private_even_of_a_file_opened_up() {
    use std::os::unix::fs::PermissionsExt;
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    save(dir, "2026-11-25T10:00:00Z", 1);
    fs::set_permissions(dir.join("partners.json"), fs::Permissions::from_mode(0o644)).unwrap();
    save(dir, "2026-11-25T11:00:00Z", 2);
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    let backup = dir
        .join("backups/partners")
        .join(stamp("2026-11-25T11:00:00Z"));
    assert_eq!(mode(&backup), 0o600);
    assert_eq!(mode(&dir.join("backups")), 0o700);
    assert_eq!(mode(&dir.join("backups/partners")), 0o700);
    assert_eq!(mode(&dir.join("partners.json")), 0o600);
}

#[test]
fn restore_gives_the_records_back_and_keeps_the_current_version() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for (n, t) in [(1, "08"), (2, "09"), (3, "10")] {
        save(dir, &format!("2026-11-25T{t}:00:00Z"), n);
    }
    let s = at_in(dir, "2026-11-25T11:00:00Z");
    // Newest first: number 1 holds 2 records (set aside at 10:00), number 2 holds 1.
    let r = s
        .restore("partners.json", Some(BackupAt::Number(2)))
        .unwrap();
    assert_eq!(r.from.contents, Contents::Records(1));
    assert_eq!(s.partners().unwrap(), [partner(0)]);
    let kept = r.kept.expect("the current version is kept");
    assert_eq!(
        kept,
        Path::new("backups/partners").join(stamp("2026-11-25T11:00:00Z"))
    );
    let kept_bytes = fs::read(dir.join(&kept)).unwrap();
    assert_eq!(
        count_records(Path::new("partners.json"), &kept, &kept_bytes).unwrap(),
        3
    );
    // NAME.bak is the version replaced too, as after any save.
    assert_eq!(fs::read(dir.join("partners.json.bak")).unwrap(), kept_bytes);

    // By time: the newest set aside within the span.
    let s = at_in(dir, "2026-11-25T12:00:00Z");
    let from = "2026-11-25T10:00:00Z".parse().unwrap();
    let until = "2026-11-25T10:00:01Z".parse().unwrap();
    s.restore("partners.json", Some(BackupAt::Within { from, until }))
        .unwrap();
    assert_eq!(s.partners().unwrap().len(), 2);
    // None: the newest that reads, which holds what was current before.
    at_in(dir, "2026-11-25T13:00:00Z")
        .restore("partners.json", None)
        .unwrap();
    assert_eq!(s.partners().unwrap().len(), 1);
    assert!(matches!(
        s.restore("partners.json", Some(BackupAt::Number(99))),
        Err(StoreError::NoBackup { .. })
    ));
    assert!(matches!(
        s.restore("notes.json", None),
        Err(StoreError::Refused(_))
    ));
    assert!(matches!(
        s.restore("../partners.json", None),
        Err(StoreError::Refused(_))
    ));
}

#[test]
fn restore_refuses_a_damaged_backup_and_changes_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    for (n, t) in [(1, "08"), (2, "09"), (3, "10")] {
        save(dir, &format!("2026-11-25T{t}:00:00Z"), n);
    }
    // Not written in place: the backup shares its bytes with NAME.bak.
    let newest = dir
        .join("backups/partners")
        .join(stamp("2026-11-25T10:00:00Z"));
    fs::remove_file(&newest).unwrap();
    fs::write(&newest, "{ not json").unwrap();
    let s = at_in(dir, "2026-11-25T11:00:00Z");
    let before = snapshot(dir);
    let err = s
        .restore("partners.json", Some(BackupAt::Number(1)))
        .unwrap_err();
    assert!(
        matches!(
            &err,
            StoreError::BadBackup {
                contents: Contents::Damaged(_),
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("nothing was restored"), "{err}");
    assert_eq!(snapshot(dir), before);
    // The last good copy skips it.
    let r = s.restore("partners.json", None).unwrap();
    assert_eq!(r.from.contents, Contents::Records(1));
    assert_eq!(s.partners().unwrap().len(), 1);
}

#[test]
fn a_damaged_file_is_restored_from_its_last_good_copy_and_kept() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    save(dir, "2026-11-25T08:00:00Z", 1);
    save(dir, "2026-11-25T09:00:00Z", 2);
    // Damaged in place (a disk error, an editor): NAME.bak is another file, untouched.
    fs::remove_file(dir.join("partners.json")).unwrap();
    fs::write(
        dir.join("partners.json"),
        "{\"format_version\": 3, \"kind\": \"partn",
    )
    .unwrap();
    let s = at_in(dir, "2026-11-25T10:00:00Z");
    assert!(matches!(s.partners(), Err(StoreError::Corrupt { .. })));
    let r = s.restore("partners.json", None).unwrap();
    assert_eq!(s.partners().unwrap().len(), 1);
    let kept = fs::read(dir.join(r.kept.unwrap())).unwrap();
    assert!(
        kept.ends_with(b"\"partn"),
        "the damaged version is kept too"
    );
    // Kept once: NAME.bak is the version restored, so check finds nothing wrong.
    assert_eq!(
        fs::read(dir.join("partners.json.bak")).unwrap(),
        fs::read(dir.join("partners.json")).unwrap()
    );
    assert_eq!(s.check().unwrap().problems, []);
}

#[test]
fn without_rolling_backups_the_last_good_copy_is_name_bak() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    save(dir, "2026-11-25T08:00:00Z", 1);
    save(dir, "2026-11-25T09:00:00Z", 2);
    // As a store written before rolling backups.
    fs::remove_dir_all(dir.join("backups")).unwrap();
    let s = at_in(dir, "2026-11-25T10:00:00Z");
    let r = s.restore("partners.json", None).unwrap();
    assert_eq!(r.from.path, Path::new("partners.json.bak"));
    assert_eq!(s.partners().unwrap().len(), 1);
    fs::remove_file(dir.join("partners.json.bak")).unwrap();
    fs::remove_dir_all(dir.join("backups")).unwrap();
    assert!(matches!(
        s.restore("partners.json", None),
        Err(StoreError::NoBackup { wanted: None, .. })
    ));
}

#[cfg(unix)]
#[test]
fn a_backup_that_cannot_be_kept_does_not_stop_the_save_and_is_reported() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let elsewhere = tmp.path().join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    save(&dir, "2026-11-25T08:00:00Z", 1);
    std::os::unix::fs::symlink(&elsewhere, dir.join("backups")).unwrap();
    save(&dir, "2026-11-25T09:00:00Z", 2);
    assert_eq!(
        at_in(&dir, "2026-11-25T09:00:00Z")
            .partners()
            .unwrap()
            .len(),
        2
    );
    assert!(names_in(&elsewhere).is_empty(), "nothing through the link");
    let missed: Vec<MissedBackup> = take_missed_backups()
        .into_iter()
        .filter(|m| m.cause.contains(&*dir.to_string_lossy()))
        .collect();
    assert_eq!(missed.len(), 1, "{missed:?}");
    assert_eq!(missed[0].file, Path::new("partners.json"));
    // A restore promises to keep the current version: it is refused instead.
    fs::write(
        dir.join("partners.json.bak"),
        fs::read(dir.join("partners.json")).unwrap(),
    )
    .unwrap();
    let before = snapshot(&dir);
    assert!(matches!(
        at_in(&dir, "2026-11-25T10:00:00Z").restore("partners.json", None),
        Err(StoreError::Symlink(_))
    ));
    assert_eq!(snapshot(&dir), before);
}

#[test]
fn a_first_passphrase_removes_the_backups_that_held_plain_words() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let s = at_in(dir, "2026-11-25T08:00:00Z");
    let alex = s.add_partner("Alex", Role::Hurt).unwrap();
    let actor = crate::privacy::Actor::new(alex.id.clone());
    let day = "2026-11-24".parse().unwrap();
    s.put_checkin(&actor, day, Some(4), None, Some("PLAIN-NOTE".into()))
        .unwrap();
    s.put_checkin(&actor, day, Some(5), None, None).unwrap();
    assert!(dir.join("backups/checkins/2026").exists());
    s.set_passphrase(&alex.id, None, "secret").unwrap();
    for (path, bytes) in snapshot(dir) {
        assert!(
            !bytes.windows(10).any(|w| w == b"PLAIN-NOTE"),
            "{} still holds the note",
            path.display()
        );
    }
}

/// Every file below `dir` with its bytes (links as links).
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for item in fs::read_dir(dir).unwrap() {
        let item = item.unwrap();
        let kind = item.file_type().unwrap();
        if kind.is_dir() {
            out.extend(snapshot(&item.path()));
        } else if kind.is_symlink() {
            out.push((
                item.path(),
                fs::read_link(item.path())
                    .unwrap()
                    .into_os_string()
                    .into_encoded_bytes(),
            ));
        } else {
            out.push((item.path(), fs::read(item.path()).unwrap()));
        }
    }
    out.sort();
    out
}

#[test]
fn a_new_passphrase_leaves_no_key_wrapped_by_the_old_one_in_a_backup() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let s = at_in(dir, "2026-11-25T08:00:00Z");
    let alex = s.add_partner("Alex", Role::Hurt).unwrap();
    s.set_passphrase(&alex.id, None, "old secret").unwrap();
    s.set_passphrase(&alex.id, Some("old secret"), "new secret")
        .unwrap();
    let current = fs::read(dir.join("keys.json")).unwrap();
    assert_eq!(fs::read(dir.join("keys.json.bak")).unwrap(), current);
    assert!(!dir.join("backups/keys").exists() || names_in(&dir.join("backups/keys")).is_empty());
}

#[test]
fn emptying_the_trash_leaves_the_purged_entry_in_no_backup() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let s = at_in(dir, "2026-11-25T08:00:00Z");
    let alex = s.add_partner("Alex", Role::Hurt).unwrap();
    let actor = crate::privacy::Actor::new(alex.id.clone());
    let t = "2026-11-20T10:00:00+01:00".parse().unwrap();
    let mut e = crate::model::Entry {
        id: "gone1".into(),
        author: alex.id.clone(),
        created: t,
        updated: t,
        title: None,
        body: "PURGED-WORDS".into(),
        tags: vec![],
        starred: false,
        for_counsellor: false,
        link: None,
        visibility: crate::model::Visibility::Shared,
        source: None,
        responds_to: None,
        sealed: None,
    };
    s.save_entry(&actor, e.clone(), false).unwrap();
    e.id = "kept1".into();
    e.body = "KEPT-WORDS".into();
    s.save_entry(&actor, e, false).unwrap();
    s.trash_entry(&actor, "gone1").unwrap();
    assert!(
        snapshot(dir)
            .iter()
            .any(|(_, b)| b.windows(12).any(|w| w == b"PURGED-WORDS"))
    );
    assert_eq!(s.empty_trash(&actor).unwrap(), 1);
    for (path, bytes) in snapshot(dir) {
        assert!(
            !bytes.windows(12).any(|w| w == b"PURGED-WORDS"),
            "{} still holds the purged entry",
            path.display()
        );
    }
    assert_eq!(s.all_entries().unwrap().len(), 1);
}
