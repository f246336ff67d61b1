//! The integration tests, linked into one binary: the command line, the real binary in a
//! pseudo-terminal, store and export round trips, and the workbook's screens.

mod cli;
mod cli_devices;
mod cli_journal;
mod e2e;
mod fit;
mod flows;
mod roundtrip;
mod screens;
mod sync_git;

/// Where this installation keeps `rel` in the data folder `data`: below its own device folder
/// (`devices/<id>/`), the only one a single-machine test makes.
pub(crate) fn own_file(data: &std::path::Path, rel: &str) -> std::path::PathBuf {
    let devices: Vec<_> = std::fs::read_dir(data.join("devices"))
        .expect("a device folder")
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.path())
        .collect();
    assert_eq!(devices.len(), 1, "one device folder: {devices:?}");
    devices[0].join(rel)
}
