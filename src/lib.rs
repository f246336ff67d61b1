//! trustwork: a terminal workbook for rebuilding trust after it was broken.
//!
//! The library holds the domain — content packs, the store, import and export, statistics —
//! with no knowledge of the terminal, so the command line, the workbook screens, the tests and
//! the benchmarks all use the same code.

pub mod cli;
pub mod clock;
pub mod content;
pub mod crypto;
pub mod export;
pub mod guide_text;
pub mod ids;
pub mod import;
pub mod model;
pub mod privacy;
pub mod stats;
pub mod store;
pub mod text;
pub mod together;
pub mod ui;
