//! trustwork-core: the domain of trustwork — content packs, the store, privacy and authorship,
//! import and export, statistics — with no knowledge of the terminal or the command line. The
//! app (`trustwork`: the workbook and the CLI) depends on this crate; this crate never depends
//! on the app, nor on ratatui, crossterm or clap.

pub mod bounded;
pub mod clock;
pub mod content;
pub mod crypto;
pub mod export;
#[doc(hidden)]
pub mod fuzzing;
pub mod guide_text;
pub mod ids;
pub mod import;
pub mod json;
pub mod model;
pub mod privacy;
pub mod search;
pub mod stats;
pub mod store;
pub mod sync;
pub mod text;
pub mod together;
pub mod validate;
