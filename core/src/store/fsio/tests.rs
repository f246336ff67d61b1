use super::*;

/// The names in `dir`, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut out: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    out.sort();
    out
}

fn temps(dir: &Path) -> Vec<String> {
    names(dir)
        .into_iter()
        .filter(|n| temp_parts(n).is_some())
        .collect()
}

#[test]
fn atomic_write_keeps_a_backup_and_private_modes() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let rel = Path::new("entries/2026-12.json");
    let p = data.join(rel);
    write_in(&data, rel, b"one").unwrap();
    assert!(!backup_path(&p).exists());
    write_in(&data, rel, b"two").unwrap();
    assert_eq!(fs::read(&p).unwrap(), b"two");
    assert_eq!(fs::read(backup_path(&p)).unwrap(), b"one");
    write_in(&data, rel, b"three").unwrap();
    assert_eq!(fs::read(backup_path(&p)).unwrap(), b"two");
    #[cfg(unix)]
    {
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&data), 0o700);
        assert_eq!(mode(&data.join("entries")), 0o700);
        assert_eq!(mode(&p), 0o600);
        assert_eq!(mode(&backup_path(&p)), 0o600);
    }
    // No temporary files are left behind.
    assert_eq!(
        names(&data.join("entries")),
        ["2026-12.json", "2026-12.json.bak"]
    );
}

#[test]
fn temporary_names_carry_the_pid_and_a_random_part() {
    let a = temp_name(OsStr::new("2026-12.json"));
    let b = temp_name(OsStr::new("2026-12.json"));
    assert_ne!(a, b);
    let pid = std::process::id().to_string();
    assert_eq!(temp_parts(&a), Some(("2026-12.json", pid.as_str())));
    assert_eq!(
        temp_parts(".partners.json.tmp-42"),
        Some(("partners.json", "42"))
    );
    for not in [
        "partners.json",
        ".partners.json.tmp-",
        ".partners.json.tmp-x1",
        ".partners.json.tmp-1-",
        ".partners.json.tmp-1-AB",
        "..tmp-1",
    ] {
        assert_eq!(temp_parts(not), None, "{not}");
    }
}

#[cfg(unix)]
mod links {
    use super::*;
    use std::os::unix::fs::symlink;

    struct Case {
        _tmp: tempfile::TempDir,
        data: PathBuf,
        outside: PathBuf,
    }

    /// A data folder with a month written once, and a file outside it.
    fn case() -> Case {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        let outside = tmp.path().join("outside.txt");
        fs::write(&outside, "not trustwork's").unwrap();
        write_in(&data, Path::new("entries/2026-12.json"), b"one").unwrap();
        Case {
            _tmp: tmp,
            data,
            outside,
        }
    }

    fn is_regular(p: &Path) -> bool {
        fs::symlink_metadata(p).unwrap().file_type().is_file()
    }

    #[test]
    fn a_link_at_the_old_temporary_name_is_never_written_through() {
        let c = case();
        let month = c.data.join("entries/2026-12.json");
        let old = c
            .data
            .join(format!("entries/.2026-12.json.tmp-{}", std::process::id()));
        symlink(&c.outside, &old).unwrap();
        write_in(&c.data, Path::new("entries/2026-12.json"), b"two").unwrap();
        assert_eq!(fs::read_to_string(&c.outside).unwrap(), "not trustwork's");
        assert!(is_regular(&month));
        assert_eq!(fs::read(&month).unwrap(), b"two");
        // Our own pid's leftover (a link besides) is not removed by the write.
        assert!(fs::symlink_metadata(&old).is_ok());
    }

    #[test]
    fn a_new_file_is_never_created_through_a_link_of_any_name() {
        let c = case();
        let dangling = c.data.join("planted");
        symlink(c.outside.with_extension("new"), &dangling).unwrap();
        let existing = c.data.join("planted-too");
        symlink(&c.outside, &existing).unwrap();
        for p in [&dangling, &existing] {
            let e = create_new(p).unwrap_err();
            assert_eq!(e.kind(), io::ErrorKind::AlreadyExists, "{p:?}");
        }
        assert!(!c.outside.with_extension("new").exists());
        assert_eq!(fs::read_to_string(&c.outside).unwrap(), "not trustwork's");
    }

    #[test]
    fn a_month_that_is_a_link_is_refused_and_left() {
        let c = case();
        let month = c.data.join("entries/2026-12.json");
        fs::remove_file(&month).unwrap();
        symlink(&c.outside, &month).unwrap();
        let e = write_in(&c.data, Path::new("entries/2026-12.json"), b"two").unwrap_err();
        assert!(matches!(&e, StoreError::Symlink(p) if *p == month), "{e}");
        assert!(e.to_string().contains("is a symbolic link"), "{e}");
        assert_eq!(fs::read_to_string(&c.outside).unwrap(), "not trustwork's");
        assert!(
            fs::symlink_metadata(&month)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert!(matches!(
            read_in(&c.data, Path::new("entries/2026-12.json")),
            Err(StoreError::Symlink(_))
        ));
        assert!(temps(&c.data.join("entries")).is_empty());
    }

    #[test]
    fn a_backup_that_is_a_link_is_refused_and_left() {
        let c = case();
        let bak = c.data.join("entries/2026-12.json.bak");
        symlink(&c.outside, &bak).unwrap();
        for r in [
            write_in(&c.data, Path::new("entries/2026-12.json"), b"two"),
            refresh_backup_in(&c.data, Path::new("entries/2026-12.json")),
            remove_backup_in(&c.data, Path::new("entries/2026-12.json")),
        ] {
            assert!(
                matches!(&r, Err(StoreError::Symlink(p)) if *p == bak),
                "{r:?}"
            );
        }
        assert_eq!(
            fs::read(c.data.join("entries/2026-12.json")).unwrap(),
            b"one"
        );
        assert_eq!(fs::read_to_string(&c.outside).unwrap(), "not trustwork's");
    }

    #[test]
    fn a_folder_that_is_a_link_is_never_entered() {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        let elsewhere = tmp.path().join("elsewhere");
        fs::create_dir_all(&data).unwrap();
        fs::create_dir_all(&elsewhere).unwrap();
        symlink(&elsewhere, data.join("entries")).unwrap();
        let rel = Path::new("entries/2026-12.json");
        assert!(matches!(
            write_in(&data, rel, b"x"),
            Err(StoreError::Symlink(p)) if p == data.join("entries")
        ));
        assert!(matches!(read_in(&data, rel), Err(StoreError::Symlink(_))));
        assert!(names(&elsewhere).is_empty(), "nothing created outside");
        // A dangling one neither.
        let t = tempfile::tempdir().unwrap();
        let d = t.path().join("data");
        fs::create_dir_all(&d).unwrap();
        symlink(t.path().join("nowhere"), d.join("checkins")).unwrap();
        assert!(matches!(
            write_in(&d, Path::new("checkins/2026.json"), b"x"),
            Err(StoreError::Symlink(_))
        ));
        assert!(!t.path().join("nowhere").exists());
    }

    #[test]
    fn the_data_folder_itself_may_be_a_link() {
        let tmp = tempfile::tempdir().unwrap();
        let real = tmp.path().join("real");
        fs::create_dir(&real).unwrap();
        let data = tmp.path().join("data");
        symlink(&real, &data).unwrap();
        write_in(&data, Path::new("partners.json"), b"x").unwrap();
        assert_eq!(
            read_in(&data, Path::new("partners.json")).unwrap().unwrap(),
            b"x"
        );
        assert!(is_regular(&real.join("partners.json")));
        drop(WriteLock::acquire(&data, LOCK_WAIT).unwrap());
    }

    #[test]
    fn a_lock_that_is_a_link_is_refused_and_nothing_is_created() {
        let tmp = tempfile::tempdir().unwrap();
        let data = tmp.path().join("data");
        fs::create_dir(&data).unwrap();
        let target = tmp.path().join("planted.lock");
        symlink(&target, data.join(LOCK_FILE)).unwrap();
        let e = WriteLock::acquire(&data, LOCK_WAIT).unwrap_err();
        assert!(
            matches!(&e, StoreError::Symlink(p) if *p == data.join(LOCK_FILE)),
            "{e}"
        );
        assert!(e.to_string().contains("trustwork.lock"), "{e}");
        assert!(!target.exists(), "nothing created outside");
        // A lock pointing at an existing file is refused too.
        fs::write(&target, "x").unwrap();
        assert!(matches!(
            WriteLock::acquire(&data, LOCK_WAIT),
            Err(StoreError::Symlink(_))
        ));
        assert_eq!(fs::read(&target).unwrap(), b"x");
    }

    #[test]
    fn stale_temporary_files_go_and_live_ones_stay() {
        let c = case();
        let entries = c.data.join("entries");
        let finished = std::process::Command::new("true")
            .spawn()
            .and_then(|mut ch| {
                let id = ch.id();
                ch.wait().map(|_| id)
            })
            .unwrap();
        let dead = [
            entries.join(".2026-12.json.tmp-999999999-abc"),
            entries.join(format!(".2026-11.json.tmp-{finished}")),
            c.data.join(".partners.json.tmp-999999999"),
        ];
        let ours = entries.join(format!(".2026-12.json.tmp-{}-abc", std::process::id()));
        let foreign = entries.join(".notes.txt.tmp-999999999");
        for p in dead.iter().chain([&ours, &foreign]) {
            fs::write(p, "half").unwrap();
        }
        // A link with a dead pid's name is not a temporary file of ours: left.
        let link = entries.join(".2026-10.json.tmp-999999999");
        symlink(&c.outside, &link).unwrap();
        remove_stale_temps(&c.data);
        for p in &dead {
            assert!(!p.exists(), "{p:?}");
        }
        assert!(ours.exists());
        assert!(foreign.exists());
        assert!(fs::symlink_metadata(&link).is_ok());
        assert_eq!(fs::read_to_string(&c.outside).unwrap(), "not trustwork's");
    }
}

#[test]
fn a_failed_write_removes_its_temporary_file_at_every_step() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let rel = Path::new("entries/2026-12.json");
    let month = data.join(rel);
    write_in(&data, rel, b"one").unwrap();
    write_in(&data, rel, b"two").unwrap();
    for step in [
        fault::Step::Write,
        fault::Step::Sync,
        fault::Step::Backup,
        fault::Step::Rename,
    ] {
        fault::inject(Some(step));
        let e = write_in(&data, rel, b"three").unwrap_err();
        fault::inject(None);
        let shown = e.to_string();
        assert_eq!(
            shown,
            format!(
                "could not save ({}): no space left on device (injected)",
                month.display()
            ),
            "{step:?}"
        );
        // The cause is named once, also where a report walks the error's sources.
        assert!(std::error::Error::source(&e).is_none());
        assert_eq!(fs::read(&month).unwrap(), b"two", "{step:?}");
        assert!(temps(&data.join("entries")).is_empty(), "{step:?}");
    }
}

#[test]
fn a_rename_that_fails_leaves_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    // The target is a folder with something in it: the rename over it fails.
    let target = dir.path().join("out.json");
    fs::create_dir(&target).unwrap();
    fs::write(target.join("keep"), "x").unwrap();
    assert!(write_atomic(&target, b"new").is_err());
    assert_eq!(names(dir.path()), ["out.json"]);
    assert_eq!(fs::read(target.join("keep")).unwrap(), b"x");
}

#[test]
fn an_oversized_store_file_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("moments.json");
    let f = File::create(&p).unwrap();
    // Sparse: no disk is used, and the read must not try to take it into memory.
    f.set_len(MAX_FILE + 1).unwrap();
    let e = read_in(dir.path(), Path::new("moments.json")).unwrap_err();
    assert!(
        matches!(&e, StoreError::TooLarge { path, .. } if *path == p),
        "{e}"
    );
    assert!(e.to_string().contains("larger than 256 MiB"), "{e}");
    assert!(e.to_string().contains("moments.json"), "{e}");
}

#[test]
fn a_store_file_that_is_a_folder_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    fs::create_dir(dir.path().join("drafts.json")).unwrap();
    assert!(matches!(
        read_in(dir.path(), Path::new("drafts.json")),
        Err(StoreError::NotAFile(_))
    ));
    assert_eq!(read_in(dir.path(), Path::new("none.json")).unwrap(), None);
}

#[test]
fn lock_waits_then_reports_busy() {
    let dir = tempfile::tempdir().unwrap();
    let held = WriteLock::acquire(dir.path(), LOCK_WAIT).unwrap();
    let second = WriteLock::acquire(dir.path(), Duration::from_millis(30));
    assert!(matches!(second, Err(StoreError::Busy(_))));
    drop(held);
    assert!(WriteLock::acquire(dir.path(), Duration::from_millis(30)).is_ok());
}
