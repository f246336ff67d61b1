//! One guide file as a pack of its own, loaded and checked strictly.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        trustwork_core::fuzzing::load_pack(&[("guides/fuzz.toml", text)], false);
    }
});
