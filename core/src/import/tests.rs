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
        (b"[1, 2, 3]", "neither"),
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
