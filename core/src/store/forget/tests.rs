use super::*;
use crate::clock::Clock;
use crate::model::{Role, Visibility};

fn store(dir: &Path) -> Store {
    Store::at(
        dir,
        Clock::Fixed("2026-11-25T10:00:00+01:00".parse().unwrap()),
    )
}

fn entry(author: &str, when: &str, body: &str) -> Entry {
    let t = when.parse().unwrap();
    Entry {
        id: crate::ids::new_id(),
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
        sealed: None,
        responds_to: None,
    }
}

/// Every file below `dir` (not following symlinks), with its bytes.
fn files_below(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for item in fs::read_dir(dir).unwrap() {
        let item = item.unwrap();
        let kind = item.file_type().unwrap();
        if kind.is_dir() {
            out.extend(files_below(&item.path()));
        } else if kind.is_file() {
            out.push((item.path(), fs::read(item.path()).unwrap()));
        }
    }
    out.sort();
    out
}

fn holds(bytes: &[u8], needle: &str) -> bool {
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn trustworks_names_are_known_exactly() {
    for ours in [
        "partners.json",
        "keys.json.bak",
        ".drafts.json.tmp-4242",
        "trustwork.lock",
        "entries/2026-11.json",
        "entries/2026-11.json.bak",
        "entries/.2026-11.json.tmp-1",
        "checkins/2026.json",
        "checkins/2026.json.bak",
        "backups/partners/20261125T090000Z.json",
        "backups/entries/2026-11/20261125T090000Z-3.json",
        "backups/checkins/2026/20261125T090000Z.json",
    ] {
        assert!(is_trustwork_file(Path::new(ours)), "{ours}");
    }
    for theirs in [
        "my-notes.txt",
        "sub/x.txt",
        "partners.json.bak.bak",
        ".partners.json.tmp-",
        ".partners.json.tmp-12x",
        "entries/2026-13.json",
        "entries/2026-1.json",
        "entries/notes.json",
        "checkins/+202.json",
        "checkins/2026-11.json",
        "entries/sub/2026-11.json",
        "partners.json/x",
        "../partners.json",
        "backups/partners.json",
        "backups/notes/20261125T090000Z.json",
        "backups/partners/20261125T090000Z-0.json",
        "backups/partners/2026-11-25.json",
        "backups/entries/2026-13/20261125T090000Z.json",
        "backups/partners/x/20261125T090000Z.json",
    ] {
        assert!(!is_trustwork_file(Path::new(theirs)), "{theirs}");
    }
}

#[test]
fn forget_all_leaves_foreign_files_and_reports_them() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let s = store(&dir);
    let alex = s.add_partner("Alex", Role::Hurt).unwrap();
    s.add_entries(&[entry(&alex.id, "2026-11-02T10:00:00+01:00", "one")])
        .unwrap();
    s.add_entries(&[entry(&alex.id, "2026-11-03T10:00:00+01:00", "two")])
        .unwrap();
    s.put_checkin(
        &crate::privacy::Actor::new(alex.id.clone()),
        "2026-11-03".parse().unwrap(),
        Some(5),
        None,
        None,
    )
    .unwrap();
    fs::write(dir.join("my-notes.txt"), "mine").unwrap();
    fs::create_dir(dir.join("sub")).unwrap();
    fs::write(dir.join("sub/x.txt"), "mine too").unwrap();
    fs::write(dir.join("entries/readme.md"), "mine as well").unwrap();
    let r = s.forget_all(&[]).unwrap();
    assert_eq!(
        r.left,
        [
            PathBuf::from("entries/readme.md"),
            "my-notes.txt".into(),
            "sub/x.txt".into()
        ]
    );
    // partners, the month, its NAME.bak and its rolling backup, the check-in year, the lock.
    assert_eq!(r.files, 6, "{r:?}");
    assert!(!dir.join(crate::store::BACKUPS_DIR).exists());
    let left: Vec<PathBuf> = files_below(&dir).into_iter().map(|(p, _)| p).collect();
    assert_eq!(
        left,
        [
            dir.join("entries/readme.md"),
            dir.join("my-notes.txt"),
            dir.join("sub/x.txt")
        ]
    );
    assert!(!dir.join("checkins").exists(), "an emptied folder goes");
    // With nothing foreign left, the folder itself goes.
    let t = tempfile::tempdir().unwrap();
    let d = t.path().join("data");
    store(&d).add_partner("Alex", Role::Hurt).unwrap();
    assert_eq!(
        store(&d).forget_all(&[]).unwrap().left,
        Vec::<PathBuf>::new()
    );
    assert!(!d.exists());
}

#[cfg(unix)]
#[test]
fn forget_all_never_follows_a_symlink() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let elsewhere = tmp.path().join("elsewhere");
    fs::create_dir_all(elsewhere.join("entries")).unwrap();
    fs::write(elsewhere.join("partners.json"), "not yours").unwrap();
    fs::write(elsewhere.join("entries/2026-11.json"), "not yours").unwrap();
    let s = store(&dir);
    s.add_partner("Alex", Role::Hurt).unwrap();
    std::os::unix::fs::symlink(&elsewhere, dir.join("linked")).unwrap();
    std::os::unix::fs::symlink(elsewhere.join("partners.json"), dir.join("settings.json")).unwrap();
    let r = s.forget_all(&[]).unwrap();
    assert_eq!(r.left, [PathBuf::from("linked"), "settings.json".into()]);
    assert!(elsewhere.join("partners.json").exists());
    assert!(elsewhere.join("entries/2026-11.json").exists());
    assert!(fs::symlink_metadata(dir.join("linked")).is_ok());
}

#[cfg(unix)]
#[test]
fn forget_all_of_a_linked_data_folder_empties_it_and_keeps_the_link() {
    let tmp = tempfile::tempdir().unwrap();
    let real = tmp.path().join("real");
    fs::create_dir(&real).unwrap();
    let dir = tmp.path().join("data");
    std::os::unix::fs::symlink(&real, &dir).unwrap();
    let s = store(&dir);
    s.add_partner("Alex", Role::Hurt).unwrap();
    let r = s.forget_all(&[]).unwrap();
    assert!(r.left.is_empty(), "{r:?}");
    assert_eq!(fs::read_dir(&real).unwrap().count(), 0);
    assert!(fs::symlink_metadata(&dir).unwrap().file_type().is_symlink());
}

#[cfg(unix)]
#[test]
fn forget_me_with_a_linked_backup_stops_before_writing_anything() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let s = store(&dir);
    let alex = s.add_partner("Alex", Role::Hurt).unwrap();
    s.add_entries(&[entry(&alex.id, "2026-11-02T10:00:00+01:00", "ALEX")])
        .unwrap();
    let outside = tmp.path().join("outside.json");
    fs::write(&outside, "not trustwork's").unwrap();
    let bak = dir.join("partners.json.bak");
    let _ = fs::remove_file(&bak);
    std::os::unix::fs::symlink(&outside, &bak).unwrap();
    let before = files_below(&dir);
    let e = s.forget_partner(&alex.id, &[]).unwrap_err();
    assert!(matches!(&e, StoreError::Symlink(p) if *p == bak), "{e}");
    assert_eq!(files_below(&dir), before, "nothing written");
    assert_eq!(fs::read_to_string(&outside).unwrap(), "not trustwork's");
}

#[test]
fn forget_all_with_two_partners_needs_every_passphrase_set() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let s = store(&dir);
    let alex = s.add_partner("Alex", Role::Hurt).unwrap();
    s.add_partner("Sam", Role::Repairing).unwrap();
    let now = s.clock().now();
    s.set_passphrase(&alex.id, None, "alex-secret").unwrap();
    let _ = now;
    let before = files_below(&dir);
    let wrong = [(alex.id.clone(), Passphrase::from("guess"))];
    for given in [&[][..], &wrong[..]] {
        assert!(matches!(s.forget_all(given), Err(StoreError::Refused(_))));
        assert_eq!(files_below(&dir), before, "nothing erased");
    }
    let right = [(alex.id.clone(), Passphrase::from("alex-secret"))];
    assert!(s.forget_all(&right).unwrap().left.is_empty());
    assert!(!dir.exists());
}

#[test]
fn forget_partner_removes_theirs_from_files_and_backups_only() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("data");
    let s = store(&dir);
    let alex = s.add_partner("Alex", Role::Hurt).unwrap();
    let sam = s.add_partner("Sam", Role::Repairing).unwrap();
    let now = s.clock().now();
    // Alex writes in October (a file Sam never touches), both in November.
    s.add_entries(&[entry(&alex.id, "2026-10-02T10:00:00+01:00", "ALEX-OCT")])
        .unwrap();
    s.add_entries(&[entry(&alex.id, "2026-10-03T10:00:00+01:00", "ALEX-OCT2")])
        .unwrap();
    s.add_entries(&[entry(&sam.id, "2026-11-02T10:00:00+01:00", "SAM-WORDS")])
        .unwrap();
    s.add_entries(&[entry(&alex.id, "2026-11-03T10:00:00+01:00", "ALEX-NOV")])
        .unwrap();
    let trashed = entry(&sam.id, "2026-11-04T10:00:00+01:00", "SAM-TRASHED");
    s.add_entries(std::slice::from_ref(&trashed)).unwrap();
    let (sam_a, alex_a) = (
        crate::privacy::Actor::new(sam.id.clone()),
        crate::privacy::Actor::new(alex.id.clone()),
    );
    s.trash_entry(&sam_a, &trashed.id).unwrap();
    s.put_checkin(
        &sam_a,
        "2026-11-03".parse().unwrap(),
        Some(4),
        None,
        Some("SAM-NOTE".into()),
    )
    .unwrap();
    s.put_checkin(
        &alex_a,
        "2026-11-03".parse().unwrap(),
        Some(6),
        None,
        Some("ALEX-NOTE".into()),
    )
    .unwrap();
    let mut promise = crate::together::Promise {
        id: "p1".into(),
        by: sam.id.clone(),
        text: "SAM-PROMISE".into(),
        created: now,
        repeat: crate::together::Repeat::Daily,
        due: None,
        occurrences: vec![],
        retired: None,
        guide: None,
    };
    s.put_promise(&sam_a, promise.clone()).unwrap();
    promise.id = "p2".into();
    promise.by = alex.id.clone();
    promise.text = "ALEX-PROMISE".into();
    s.put_promise(&alex_a, promise).unwrap();
    s.put_agreement(
        &sam_a,
        Agreement::new(
            "a1".into(),
            crate::together::Category::Boundary,
            "SAM-AGREEMENT".into(),
            &sam.id,
            now,
            30,
        ),
    )
    .unwrap();
    s.set_passphrase(&sam.id, None, "sam-secret").unwrap();
    let october = dir.join("entries/2026-10.json");
    let october_before = (
        fs::read(&october).unwrap(),
        fs::read(october.with_extension("json.bak")).unwrap(),
    );
    let rolling = |rel: &str| files_below(&dir.join("backups").join(rel));
    let october_rolling = rolling("entries/2026-10");
    assert!(!october_rolling.is_empty());
    assert!(
        rolling("entries/2026-11")
            .iter()
            .any(|(_, b)| holds(b, "SAM-WORDS")),
        "the rolling backups hold Sam's words before forgetting"
    );

    let wrong = [(sam.id.clone(), Passphrase::from("nope"))];
    assert!(matches!(
        s.forget_partner(&sam.id, &wrong),
        Err(StoreError::Refused(_))
    ));
    let right = [(sam.id.clone(), Passphrase::from("sam-secret"))];
    let done = s.forget_partner(&sam.id, &right).unwrap();
    assert_eq!(done.records, 7, "{done:?}");

    for (path, bytes) in files_below(&dir) {
        assert!(
            !holds(&bytes, "SAM-"),
            "{} still holds Sam's words",
            path.display()
        );
        assert!(
            !holds(&bytes, &sam.id),
            "{} still names Sam",
            path.display()
        );
    }
    assert_eq!(
        (
            fs::read(&october).unwrap(),
            fs::read(october.with_extension("json.bak")).unwrap()
        ),
        october_before,
        "a file without Sam's records is not touched"
    );
    assert_eq!(rolling("entries/2026-10"), october_rolling);
    let snap = s.load_all().unwrap();
    assert_eq!(snap.partners, std::slice::from_ref(&alex));
    let bodies: Vec<&str> = snap.entries.iter().map(|e| e.body.as_str()).collect();
    assert_eq!(bodies, ["ALEX-OCT", "ALEX-OCT2", "ALEX-NOV"]);
    assert_eq!(snap.checkins.len(), 1);
    assert_eq!(snap.promises.len(), 1);
    assert!(s.trash().unwrap().is_empty());
    assert!(s.partner_key(&sam.id).unwrap().is_none());
}
