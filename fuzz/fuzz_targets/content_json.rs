//! One guide file in JSON as a pack of its own, loaded and checked strictly: the JSON reader
//! (`content::json`) builds its tree from untrusted text.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        trustwork_core::fuzzing::load_pack(&[("guides/fuzz.json", text)], false);
    }
});
