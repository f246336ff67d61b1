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
