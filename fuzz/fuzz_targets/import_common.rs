// Shared by the two import targets: import once into a fresh store, then read the whole store
// back — it must read (an import must never write what the store cannot read), and every record
// imported must be visible to reads — then import again: nothing may be added twice.
fn trustwork_fuzz_import(data: &[u8], partner: Option<&str>) {
    use trustwork_core::{clock::Clock, import, store::Store};
    let base = if std::path::Path::new("/dev/shm").is_dir() {
        std::path::PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    let tmp = tempfile::tempdir_in(base).expect("a temporary folder");
    let now = "2026-12-03T07:00:00+01:00".parse().expect("a time");
    let store = Store::at(tmp.path().join("data"), Clock::Fixed(now));
    let mut no_key = |_: &trustwork_core::model::Partner| Ok(None);
    let Ok(first) = import::import_bytes(&store, data, "fuzz.json", partner, &mut no_key) else {
        return;
    };
    let snap = store
        .load_all()
        .unwrap_or_else(|e| panic!("the store cannot be read after an import that succeeded: {e}"));
    match partner {
        // A fresh store, one partner: every added record is a new entry with a new id.
        Some(_) => assert_eq!(snap.entries.len(), first.added, "imported entries not read back"),
        None => {
            // Blank input imports as nothing, with no document to compare.
            let Ok(doc) = serde_json::from_slice::<trustwork_core::export::ExportDoc>(data) else {
                return;
            };
            for e in &doc.entries {
                assert!(
                    snap.entries.iter().any(|x| x.id == e.id),
                    "entry {} (created {}) was imported but is not read back",
                    e.id,
                    e.created
                );
            }
            for c in &doc.checkins {
                assert!(
                    snap.checkins.iter().any(|x| x.partner == c.partner && x.date == c.date),
                    "the check-in of {} was imported but is not read back",
                    c.date
                );
            }
        }
    }
    let again = import::import_bytes(&store, data, "fuzz.json", partner, &mut no_key)
        .unwrap_or_else(|e| panic!("a second import of what imported fails: {e}"));
    assert_eq!(again.added, 0, "a second import added records again (first: {first:?})");
}
