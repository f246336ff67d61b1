//! A store file of each kind (the first byte picks it): decoded, migrated, written back.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Some((which, bytes)) = data.split_first() {
        trustwork_core::fuzzing::decode_store_file(*which, bytes);
    }
});
