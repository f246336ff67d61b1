//! A trustwork JSON export imported into a fresh store (on tmpfs when there is one).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    trustwork_fuzz_import(data, None);
});

include!("import_common.rs");
