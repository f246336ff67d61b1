// Shared by the two import targets: import once, read the whole store back (an import must never
// write what the store cannot read), import again (nothing may be added twice).
fn trustwork_fuzz_import(data: &[u8], partner: Option<&str>) {
    use trustwork_core::{clock::Clock, import, store::Store};
    let base = if std::path::Path::new("/dev/shm").is_dir() {
        std::path::PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    let tmp = tempfile::tempdir_in(base).expect("a temporary folder");
    let now = chrono_now();
    let store = Store::at(tmp.path().join("data"), Clock::Fixed(now));
    let mut no_key = |_: &trustwork_core::model::Partner| Ok(None);
    let Ok(first) = import::import_bytes(&store, data, "fuzz.json", partner, &mut no_key) else {
        return;
    };
    if let Err(e) = store.load_all() {
        panic!("the store cannot be read after an import that succeeded: {e}");
    }
    let again = import::import_bytes(&store, data, "fuzz.json", partner, &mut no_key)
        .unwrap_or_else(|e| panic!("a second import of what imported fails: {e}"));
    assert_eq!(again.added, 0, "a second import added records again (first: {first:?})");
}

fn chrono_now() -> trustwork_core::model::Timestamp {
    "2026-12-03T07:00:00+01:00".parse().expect("a time")
}
