//! Both formats from real and hand-made files: once only, twins kept, bad files refused with
//! nothing written, and whose journal a jrnl import fills.

use super::*;
use crate::clock::Clock;
use crate::model::Role;

fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::at(
        dir.path(),
        Clock::Fixed("2026-11-25T10:00:00+00:00".parse().unwrap()),
    );
    (dir, s)
}

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../shared/bench/jrnl-export-100.json"
);

#[test]
fn imports_the_real_jrnl_export_once() {
    let (_d, s) = store();
    let path = Path::new(FIXTURE);
    let first = import_path(&s, path, Some("Alex")).unwrap();
    assert_eq!(
        first,
        ImportSummary {
            added: 100,
            skipped: 0
        }
    );
    let again = import_path(&s, path, Some("alex")).unwrap();
    assert_eq!(
        again,
        ImportSummary {
            added: 0,
            skipped: 100
        }
    );
    let es = s.all_entries().unwrap();
    assert_eq!(es.len(), 100);
    // jrnl's tags lose their @ and stay in the text too.
    let e = es.iter().find(|e| !e.tags.is_empty()).unwrap();
    assert!(e.body.contains(&format!("@{}", e.tags[0])));
}

#[test]
fn twin_entries_in_one_minute_are_both_kept() {
    let (_d, s) = store();
    let doc = r#"{"tags": {}, "entries": [
        {"title": "Same", "body": "", "date": "2020-01-01", "time": "09:00", "tags": [], "starred": false},
        {"title": "Same", "body": "", "date": "2020-01-01", "time": "09:00", "tags": [], "starred": false},
        {"title": "Other", "body": "\u001b[2J\r\nzero\u200bwidth", "date": "2020-01-01", "time": "09:00", "tags": ["@B", "@a"], "starred": true}
    ]}"#;
    let r = import_bytes(&s, doc.as_bytes(), "t", Some("Sam"), &mut |_| Ok(None)).unwrap();
    assert_eq!(r.added, 3);
    let r = import_bytes(&s, doc.as_bytes(), "t", None, &mut |_| Ok(None)).unwrap();
    assert_eq!((r.added, r.skipped), (0, 3));
    let es = s.all_entries().unwrap();
    let other = es
        .iter()
        .find(|e| e.title.as_deref() == Some("Other"))
        .unwrap();
    assert_eq!(other.tags, vec!["a", "b"]);
    assert_eq!(other.body, "\u{1b}[2J\r\nzero\u{200b}width");
    assert_eq!(other.created.to_rfc3339(), "2020-01-01T09:00:00+00:00");
}

#[test]
fn bad_files_are_refused_and_nothing_is_written() {
    let (d, s) = store();
    for (bytes, want) in [
        (&b"{\"tags\": {}, \"entries\": [{\"title\": \"x\""[..], "not a readable export"),
        (b"[1, 2, 3]", "not an export trustwork reads"),
        (b"{\"tags\": {}, \"entries\": [{\"title\": \"x\", \"body\": \"\", \"date\": \"yesterday\", \"time\": \"09:00\"}]}", "not YYYY-MM-DD"),
    ] {
        let err = import_bytes(&s, bytes, "f.json", Some("Alex"), &mut |_| Ok(None)).unwrap_err().to_string();
        assert!(err.contains(want), "{err}");
    }
    assert_eq!(std::fs::read_dir(d.path()).unwrap().count(), 0);
    // An empty jrnl journal exports as nothing at all.
    assert_eq!(
        import_bytes(&s, b"", "f", Some("Alex"), &mut |_| Ok(None)).unwrap(),
        ImportSummary::default()
    );
}

#[test]
fn partner_rules_for_jrnl() {
    let (_d, s) = store();
    let doc = br#"{"tags": {}, "entries": []}"#;
    assert!(
        import_bytes(&s, doc, "f", None, &mut |_| Ok(None))
            .unwrap_err()
            .to_string()
            .contains("no partners yet")
    );
    s.add_partner("Alex", Role::Hurt).unwrap();
    import_bytes(&s, doc, "f", None, &mut |_| Ok(None)).unwrap();
    s.add_partner("Sam", Role::Repairing).unwrap();
    assert!(
        import_bytes(&s, doc, "f", None, &mut |_| Ok(None))
            .unwrap_err()
            .to_string()
            .contains("two partners")
    );
    assert!(
        import_bytes(&s, doc, "f", Some("Kim"), &mut |_| Ok(None))
            .unwrap_err()
            .to_string()
            .contains("no partner called Kim")
    );
}

/// Every file in the store's folder with its bytes: equal before and after means nothing was
/// written (not even a lock or a partner).
fn tree(dir: &Path) -> std::collections::BTreeMap<PathBuf, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for item in std::fs::read_dir(&d).unwrap() {
            let p = item.unwrap().path();
            if p.is_dir() {
                todo.push(p.clone());
                out.insert(p, Vec::new());
            } else {
                out.insert(p.clone(), std::fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// Imports `doc`, expects a refusal holding `want`, and checks the store was left as it was.
fn refused(s: &Store, dir: &Path, doc: &str, partner: Option<&str>, want: &str) {
    let before = tree(dir);
    let err = import_bytes(s, doc.as_bytes(), "f.json", partner, &mut |_| Ok(None))
        .unwrap_err()
        .to_string();
    assert!(err.contains(want), "{err:?} should say {want:?}");
    assert!(err.starts_with("f.json: "), "{err}");
    assert_eq!(tree(dir), before, "nothing may be written");
}

fn jrnl_doc(dates: &[&str]) -> String {
    let entries: Vec<String> = dates
        .iter()
        .map(|d| {
            format!(
                r#"{{"title": "t", "body": "b", "date": "{d}", "time": "09:00", "tags": [], "starred": false}}"#
            )
        })
        .collect();
    format!(r#"{{"tags": {{}}, "entries": [{}]}}"#, entries.join(", "))
}

#[test]
fn jrnl_a_date_before_1900_refuses_the_whole_import() {
    let (d, s) = store();
    refused(
        &s,
        d.path(),
        &jrnl_doc(&["2020-01-01", "1800-01-01"]),
        Some("Alex"),
        "entry 2: the date 1800-01-01 is before 1900",
    );
    // Into a store that has its partner already, too.
    s.add_partner("Alex", Role::Hurt).unwrap();
    refused(
        &s,
        d.path(),
        &jrnl_doc(&["2020-01-01", "2020-01-02", "1800-01-01"]),
        None,
        "entry 3: the date 1800-01-01 is before 1900",
    );
}

#[test]
fn jrnl_a_date_after_2200_refuses_the_whole_import() {
    let (d, s) = store();
    s.add_partner("Alex", Role::Hurt).unwrap();
    refused(
        &s,
        d.path(),
        &jrnl_doc(&["2020-01-01", "+99999-01-01"]),
        None,
        "entry 2: the date +99999-01-01 is after 2200",
    );
}

#[test]
fn jrnl_a_partner_name_with_control_characters_is_refused() {
    let (d, s) = store();
    s.add_partner("Alex", Role::Hurt).unwrap();
    refused(
        &s,
        d.path(),
        &jrnl_doc(&["2020-01-01"]),
        Some("Sam\u{1b}[2J"),
        "a name cannot hold control characters",
    );
}

/// A trustwork export with one partner, two entries and a check-in; each test breaks one field.
const NATIVE: &str = r#"{
  "format": "trustwork-export",
  "format_version": 1,
  "exported_at": "2026-11-25T10:00:00+00:00",
  "partners": [{"id": "partnera0001", "name": "Alex", "role": "hurt", "created": "2026-01-01T09:00:00+00:00"}],
  "entries": [
    {"id": "entry0000001", "author": "partnera0001", "created": "2026-01-02T09:00:00+00:00", "updated": "2026-01-02T09:00:00+00:00", "body": "one", "visibility": "shared"},
    {"id": "entry0000002", "author": "partnera0001", "created": "2026-01-03T09:00:00+00:00", "updated": "2026-01-03T09:00:00+00:00", "body": "two", "visibility": "shared"}
  ],
  "checkins": [{"partner": "partnera0001", "date": "2026-01-02", "trust": 6, "updated": "2026-01-02T21:00:00+00:00"}]
}"#;

/// A store holding a partner of its own, so "nothing written" is checked against real files.
fn lived_in() -> (tempfile::TempDir, Store) {
    let (d, s) = store();
    s.add_partner("Sam", Role::Repairing).unwrap();
    (d, s)
}

#[test]
fn the_native_sample_imports() {
    let (_d, s) = lived_in();
    let r = import_bytes(&s, NATIVE.as_bytes(), "f.json", None, &mut |_| Ok(None)).unwrap();
    assert_eq!((r.added, r.skipped), (4, 0));
}

#[test]
fn native_a_trust_level_of_11_refuses_the_whole_import() {
    let (d, s) = lived_in();
    let doc = NATIVE.replace(r#""trust": 6"#, r#""trust": 11"#);
    refused(
        &s,
        d.path(),
        &doc,
        None,
        "check-in 1: the trust level 11 is not between 0 and 10",
    );
}

#[test]
fn native_dates_outside_1900_to_2200_refuse_the_whole_import() {
    let (d, s) = lived_in();
    let doc = NATIVE.replace(
        r#""created": "2026-01-03T09:00:00+00:00""#,
        r#""created": "1800-01-01T09:00:00+00:00""#,
    );
    refused(
        &s,
        d.path(),
        &doc,
        None,
        "entry 2: the date 1800-01-01 is before 1900",
    );
    let doc = NATIVE.replace(r#""date": "2026-01-02""#, r#""date": "+99999-01-01""#);
    refused(
        &s,
        d.path(),
        &doc,
        None,
        "check-in 1: the date +99999-01-01 is after 2200",
    );
}

#[test]
fn native_a_partner_name_with_control_characters_refuses_the_whole_import() {
    let (d, s) = lived_in();
    let doc = NATIVE.replace(r#""name": "Alex""#, r#""name": "Al\u0007ex""#);
    refused(
        &s,
        d.path(),
        &doc,
        None,
        "partner 1: a name cannot hold control characters",
    );
}

#[test]
fn native_an_id_outside_the_alphabet_refuses_the_whole_import() {
    let (d, s) = lived_in();
    let doc = NATIVE.replace("entry0000002", "../../oops");
    refused(
        &s,
        d.path(),
        &doc,
        None,
        "entry 2: the id ../../oops is not 12 of trustwork's id characters",
    );
    let doc = NATIVE.replace(
        r#""partner": "partnera0001""#,
        r#""partner": "PARTNERA0001""#,
    );
    refused(&s, d.path(), &doc, None, "check-in 1: the id PARTNERA0001");
}

#[test]
fn files_in_an_unusual_key_order_import_all_the_same() {
    // `jq -S` sorts keys: the export's format then comes after its entries, jrnl's tags after
    // its entries. Both are read whole, and checked the same.
    let (_d, s) = lived_in();
    let sorted: serde_json::Value = serde_json::from_str(NATIVE).unwrap();
    let sorted = serde_json::to_string(&sorted).unwrap();
    assert!(
        sorted.find("\"entries\"") < sorted.find("\"format\""),
        "{sorted}"
    );
    let r = import_bytes(&s, sorted.as_bytes(), "f.json", None, &mut |_| Ok(None)).unwrap();
    assert_eq!(r.added, 4);
    let late_tags = r#"{"entries": [{"title": "t", "body": "b", "date": "1800-01-01", "time": "09:00"}], "tags": {}}"#;
    let err = import_bytes(&s, late_tags.as_bytes(), "f.json", Some("Sam"), &mut |_| {
        Ok(None)
    })
    .unwrap_err()
    .to_string();
    assert!(
        err.contains("entry 1: the date 1800-01-01 is before 1900"),
        "{err}"
    );
}

#[test]
fn a_file_past_the_limit_is_refused_unread() {
    let (d, s) = store();
    let path = d.path().join("huge.json");
    // Sparse: no disk is used, and nothing is read.
    std::fs::File::create(&path)
        .unwrap()
        .set_len(MAX_IMPORT + 1)
        .unwrap();
    let err = import_path(&s, &path, Some("Alex"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("is larger than 1024 MiB"), "{err}");
    assert!(!s.exists());
}

#[test]
fn braces_quotes_and_escapes_inside_jrnl_texts_do_not_confuse_the_quick_way() {
    let (_d, s) = store();
    // Pieces far larger than a read, and texts full of what ends a value outside a string.
    let tricky = r#"a } ] \" \\\" { [ \\ \u007d"#;
    let long = "x".repeat(600 << 10);
    let doc = format!(
        "\n {{ \"tags\" : {{\"@a\": 1}} ,\n\"entries\":[ {{\"title\": \"{tricky}\", \"body\": \"{long}\", \"date\": \"2020-01-01\", \"time\": \"09:00\"}} ,\n  {{\"body\": \"{tricky}\", \"date\": \"2020-01-02\", \"time\": \"09:00\", \"tags\": [\"@A\"]}}]\n}}\n"
    );
    let pass = Pass::new(s.clock(), "t");
    assert!(
        scan::jrnl(doc.as_bytes(), &pass).is_ok(),
        "the quick way reads it"
    );
    let r = import_bytes(&s, doc.as_bytes(), "t", Some("Sam"), &mut |_| Ok(None)).unwrap();
    assert_eq!(r.added, 2);
    let es = s.all_entries().unwrap();
    let want = r#"a } ] " \" { [ \ }"#;
    assert_eq!(es[0].title.as_deref(), Some(want));
    assert_eq!(es[0].body.len(), long.len());
    assert_eq!(es[1].body, want);
    assert_eq!(es[1].tags, vec!["a"]);
    // The same entries with a key jrnl never writes: read the exact way, the same result.
    let (_d2, s2) = store();
    let odd = doc.replacen("{ \"tags\"", "{ \"note\": [1, {\"}\": 2}], \"tags\"", 1);
    assert!(matches!(
        scan::jrnl(odd.as_bytes(), &pass),
        Err(scan::Stopped::Unusual)
    ));
    let r = import_bytes(&s2, odd.as_bytes(), "t", Some("Sam"), &mut |_| Ok(None)).unwrap();
    assert_eq!(r.added, 2);
    let again: Vec<_> = s2.all_entries().unwrap();
    assert_eq!(again[1].body, want);
    assert_eq!(again[0].source, es[0].source);
}

const TUI_FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/src/import/testdata/tui-journal.json"
);

#[test]
fn imports_a_tui_journal_export_once_with_its_times_titles_and_tags() {
    let (_d, s) = store();
    let path = Path::new(TUI_FIXTURE);
    let first = import_path(&s, path, Some("Alex")).unwrap();
    assert_eq!((first.added, first.skipped), (3, 0));
    let again = import_path(&s, path, None).unwrap();
    assert_eq!((again.added, again.skipped), (0, 3));
    let mut es = s.all_entries().unwrap();
    es.sort_by_key(|e| e.created);
    assert_eq!(es.len(), 3);
    // UTC times become the local time they were (the pinned clock's offset is UTC here).
    assert_eq!(es[0].created.to_rfc3339(), "2024-03-05T21:30:00+00:00");
    assert_eq!(es[1].created.to_rfc3339(), "2024-03-06T06:05:12.250+00:00");
    assert_eq!(es[0].title.as_deref(), Some("After the talk"));
    assert!(es[0].body.contains("🙂 and 我们") && es[0].body.contains('\n'));
    assert_eq!(es[0].tags, ["hope", "talk"]);
    assert_eq!(es[2].tags, ["sleep"]);
    assert!(
        es.iter()
            .all(|e| e.source.as_ref().unwrap().kind == "tui-journal")
    );
    // Files land in the months the entries were written.
    assert!(s.dir().join("entries/2024-04.json").exists());
}

#[test]
fn a_tui_journal_export_in_another_key_order_or_newer_or_broken_is_handled() {
    let (_d, s) = store();
    let unusual = r#"{"entries": [{"date": "2024-01-02T10:00:00Z", "title": "t", "content": "c", "tags": [], "priority": null}], "version": 100}"#;
    let r = import_bytes(&s, unusual.as_bytes(), "t.json", Some("Sam"), &mut |_| {
        Ok(None)
    })
    .unwrap();
    assert_eq!(r.added, 1);
    let newer = r#"{"version": 200, "entries": []}"#;
    let e = import_bytes(&s, newer.as_bytes(), "n.json", None, &mut |_| Ok(None)).unwrap_err();
    assert!(
        matches!(e, ImportError::NewerTuiJournal { version: 200, .. }),
        "{e}"
    );
    let bad = r#"{"version": 100, "entries": [{"date": "2024-01-02T10:00:00Z", "title": "ok", "content": ""}, {"date": "yesterday", "title": "t", "content": ""}]}"#;
    let e = import_bytes(&s, bad.as_bytes(), "b.json", None, &mut |_| Ok(None)).unwrap_err();
    assert!(
        matches!(&e, ImportError::BadDate { entry: 2, value, .. } if value == "yesterday"),
        "{e}"
    );
    // Nothing of the refused file was written.
    assert_eq!(s.all_entries().unwrap().len(), 1);
    let far = r#"{"version": 100, "entries": [{"date": "1066-10-14T09:00:00Z", "title": "t", "content": ""}]}"#;
    let e = import_bytes(&s, far.as_bytes(), "f.json", None, &mut |_| Ok(None)).unwrap_err();
    assert!(matches!(e, ImportError::Invalid { .. }), "{e}");
}
