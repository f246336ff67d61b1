//! A jrnl JSON export imported into a fresh store for a new partner.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    trustwork_fuzz_import(data, Some("Alex"));
});

include!("import_common.rs");
