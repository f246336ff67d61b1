//! Entry points for the fuzz targets in `fuzz/` (not an API: hidden, and free to change). Each
//! runs the real code on untrusted bytes; private pieces are reached from here rather than
//! copied, so a fuzz run tests what the app runs.

use crate::content::{Layer, LoadReport, embedded_layer, load_layers, strict_problems};
use crate::store::{Collection, StoreError};
use std::path::Path;

/// A pack layer made of `(path inside the pack, text)` files, as `Layer::from_dir` would read it.
pub fn layer(files: &[(&str, &str)]) -> Layer {
    Layer {
        name: "fuzz".into(),
        files: files
            .iter()
            .map(|(rel, text)| crate::content::layers::SourceFile {
                shown: format!("fuzz/{rel}"),
                rel: rel.to_string(),
                text: Ok(text.to_string()),
            })
            .collect(),
        problems: Vec::new(),
    }
}

/// Loads `files` as a pack, alone or laid over the embedded one, then runs the strict checks
/// (what `trustwork content check --strict` does). Alone is about 100 times faster to fuzz.
pub fn load_pack(files: &[(&str, &str)], over_default: bool) -> LoadReport {
    let report = if over_default {
        load_layers(&[embedded_layer(), layer(files)])
    } else {
        load_layers(&[layer(files)])
    };
    let _ = strict_problems(&report);
    report
}

/// Decodes `bytes` as a store file of the kind `which` picks (modulo the number of kinds), and
/// checks that what decodes is written back in a form that decodes to the same bytes again: a
/// store must be able to read everything it writes.
pub fn decode_store_file(which: u8, bytes: &[u8]) {
    use crate::model::*;
    use crate::together::{Agreement, Promise, Session};
    match which % 13 {
        0 => roundtrip::<Partner>(bytes),
        1 => roundtrip::<Entry>(bytes),
        2 => roundtrip::<CheckIn>(bytes),
        3 => roundtrip::<ExerciseResult>(bytes),
        4 => roundtrip::<Draft>(bytes),
        5 => roundtrip::<Trashed>(bytes),
        6 => roundtrip::<Moment>(bytes),
        7 => roundtrip::<crate::crypto::PartnerKey>(bytes),
        8 => roundtrip::<Agreement>(bytes),
        9 => roundtrip::<Promise>(bytes),
        10 => roundtrip::<Session>(bytes),
        11 => roundtrip::<Settings>(bytes),
        _ => roundtrip::<GuideProgress>(bytes),
    }
}

fn roundtrip<T: Collection>(bytes: &[u8]) {
    let path = Path::new("fuzz.json");
    let Ok(records) = crate::store::files::decode::<T>(path, bytes) else {
        return;
    };
    let written = crate::store::files::encode(&records);
    let again: Result<Vec<T>, StoreError> = crate::store::files::decode(path, &written);
    let again = again.unwrap_or_else(|e| {
        panic!(
            "a decoded {} file does not decode once written back: {e}\n{}",
            T::KIND,
            String::from_utf8_lossy(&written)
        )
    });
    assert_eq!(
        crate::store::files::encode(&again),
        written,
        "a {} file changes when written back twice",
        T::KIND
    );
}
