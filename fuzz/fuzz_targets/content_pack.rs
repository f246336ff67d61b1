//! A whole pack: the input split at lines `%%` into stages.toml, resources.toml, then guides;
//! laid over the embedded pack when it starts with `+` and a newline.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (over_default, text) = match text.strip_prefix("+\n") {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let names: Vec<String> = (0..8).map(|i| format!("guides/g{i}.toml")).collect();
    let files: Vec<(&str, &str)> = text
        .split("\n%%\n")
        .take(10)
        .enumerate()
        .map(|(i, part)| {
            let rel = match i {
                0 => "stages.toml",
                1 => "resources.toml",
                n => names[n - 2].as_str(),
            };
            (rel, part)
        })
        .collect();
    trustwork_core::fuzzing::load_pack(&files, over_default);
});
