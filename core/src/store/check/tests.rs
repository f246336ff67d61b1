use super::*;
use crate::clock::Clock;
use crate::model::{Role, Visibility};
use crate::privacy::Actor;

fn store(dir: &Path) -> Store {
    Store::at(
        dir,
        Clock::Fixed("2026-11-25T10:00:00+01:00".parse().unwrap()),
    )
}

fn entry(id: &str, author: &str, when: &str) -> Entry {
    let t = when.parse().unwrap();
    Entry {
        id: id.into(),
        author: author.into(),
        created: t,
        updated: t,
        title: None,
        body: "words".into(),
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

/// A store of two partners with entries in two months, a response, check-ins, a moment and
/// backups: healthy.
fn healthy(dir: &Path) -> (Store, String) {
    let s = store(dir);
    let alex = s.add_partner("Alex", Role::Hurt).unwrap();
    let sam = s.add_partner("Sam", Role::Repairing).unwrap();
    let mut reply = entry("e3", &sam.id, "2026-11-03T10:00:00+01:00");
    reply.responds_to = Some("e1".into());
    s.add_entries(&[
        entry("e1", &alex.id, "2026-10-02T10:00:00+01:00"),
        entry("e2", &alex.id, "2026-11-02T10:00:00+01:00"),
    ])
    .unwrap();
    s.add_entries(&[reply]).unwrap();
    let a = Actor::new(alex.id.clone());
    s.put_checkin(&a, "2026-11-24".parse().unwrap(), Some(5), None, None)
        .unwrap();
    s.put_checkin(&a, "2026-11-24".parse().unwrap(), Some(6), None, None)
        .unwrap();
    (s, alex.id)
}

/// Every path below `dir` (links as links, folders too) with its bytes.
fn listing(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    for item in fs::read_dir(dir).unwrap() {
        let item = item.unwrap();
        let kind = item.file_type().unwrap();
        let p = item.path();
        if kind.is_symlink() {
            out.push((
                p.clone(),
                fs::read_link(&p)
                    .unwrap()
                    .into_os_string()
                    .into_encoded_bytes(),
            ));
        } else if kind.is_dir() {
            out.push((p.join(""), Vec::new()));
            out.extend(listing(&p));
        } else {
            out.push((p.clone(), fs::read(&p).unwrap()));
        }
    }
    out.sort();
    out
}

#[test]
fn a_healthy_store_has_nothing_wrong() {
    let tmp = tempfile::tempdir().unwrap();
    let (s, _) = healthy(tmp.path());
    assert!(tmp.path().join("backups/checkins/2026").is_dir());
    let r = s.check().unwrap();
    assert_eq!(r.problems, [], "{r:?}");
    // partners, two months, a year, and the NAME.bak of each written twice (not October).
    assert_eq!(r.files_read, 7, "{r:?}");
    assert!(r.is_clean());
}

#[test]
fn a_missing_folder_is_an_empty_store() {
    let tmp = tempfile::tempdir().unwrap();
    let r = store(&tmp.path().join("none")).check().unwrap();
    assert_eq!(r, CheckReport::default());
    assert!(!tmp.path().join("none").exists());
}

#[test]
fn every_problem_is_reported_and_nothing_is_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (s, alex) = healthy(dir);
    fs::write(
        dir.join("entries/2026-10.json"),
        "{\"format_version\": 3, \"kind\":",
    )
    .unwrap();
    fs::write(
        dir.join("exercises.json"),
        "{\"format_version\": 9, \"kind\": \"exercises\", \"records\": []}",
    )
    .unwrap();
    fs::write(dir.join("notes.txt"), "mine").unwrap();
    fs::create_dir(dir.join("photos")).unwrap();
    fs::write(dir.join("backups/stray.json"), "?").unwrap();
    s.add_checkins(&[CheckIn {
        partner: "ghost".into(),
        date: "2026-11-20".parse().unwrap(),
        trust: 3,
        mood: None,
        note: None,
        updated: s.clock().now(),
        sealed: None,
    }])
    .unwrap();
    let mut orphan = entry("e9", &alex, "2026-11-05T10:00:00+01:00");
    orphan.responds_to = Some("gone".into());
    s.add_entries(&[orphan]).unwrap();
    // After the writes, which remove stale temporary files.
    fs::write(dir.join(".moments.json.tmp-99999999-abc"), "half").unwrap();
    // A temporary file of a writer still running is not a problem.
    let live = format!(".drafts.json.tmp-{}-abc", std::process::id());
    fs::write(dir.join(&live), "being written").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink("/etc/passwd", dir.join("checkins/2025.json")).unwrap();

    let before = listing(dir);
    let r = s.check().unwrap();
    assert_eq!(listing(dir), before, "check changed the folder");

    let mut want = vec![
        Problem::StaleTemp {
            file: ".moments.json.tmp-99999999-abc".into(),
        },
        Problem::Foreign {
            file: "backups/stray.json".into(),
        },
        Problem::Orphaned {
            file: "checkins/2026.json".into(),
            missing: Missing::Partner("ghost".into()),
            records: vec!["ghost/2026-11-20".into()],
        },
        Problem::Newer {
            file: "exercises.json".into(),
            found: 9,
        },
        Problem::Foreign {
            file: "notes.txt".into(),
        },
        Problem::Foreign {
            file: "photos/".into(),
        },
    ];
    #[cfg(unix)]
    want.push(Problem::Symlink {
        file: "checkins/2025.json".into(),
    });
    want.sort_by(|a, b| a.file().cmp(b.file()));
    let damaged: Vec<&Problem> = r
        .problems
        .iter()
        .filter(|p| matches!(p, Problem::Damaged { .. }))
        .collect();
    assert_eq!(damaged.len(), 1, "{r:?}");
    assert_eq!(damaged[0].file(), Path::new("entries/2026-10.json"));
    // With a month unread, a response's target may be in it: that check is not made.
    let rest: Vec<Problem> = r
        .problems
        .iter()
        .filter(|p| !matches!(p, Problem::Damaged { .. }))
        .cloned()
        .collect();
    assert_eq!(rest, want);

    // Once the month reads, the response to an entry that is gone is reported.
    fs::remove_file(dir.join("entries/2026-10.json")).unwrap();
    s.add_entries(&[entry("e1", &alex, "2026-10-02T10:00:00+01:00")])
        .unwrap();
    let r = s.check().unwrap();
    assert!(
        r.problems.contains(&Problem::Orphaned {
            file: "entries/2026-11.json".into(),
            missing: Missing::Entry("gone".into()),
            records: vec!["e9".into()],
        }),
        "{r:?}"
    );
    assert!(
        !r.problems
            .iter()
            .any(|p| matches!(p, Problem::Damaged { .. }))
    );
}
