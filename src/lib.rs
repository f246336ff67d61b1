//! trustwork: a terminal workbook for rebuilding trust after it was broken.
//!
//! This crate is the app: the command line (`cli`) and the workbook (`ui`). The domain lives in
//! `trustwork-core`, re-exported here so that `trustwork::store`, `trustwork::model` and the rest
//! read the same from the app, the tests and the benchmarks.

pub use trustwork_core::{
    bounded, clock, content, crypto, export, guide_text, ids, import, model, privacy, search,
    stats, store, text, together, validate,
};

pub mod cli;
pub mod ui;
