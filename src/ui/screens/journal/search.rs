//! The journal's search: every entry indexed once, a query parsed from what is typed, and the
//! matching entries found again on each keystroke. The query language and the matching are the
//! core's (`crate::search`), shared with `trustwork journal search`.

use super::Journal;
use crate::model::Partner;

pub use crate::search::{Index, Query};

/// Recomputes the matching entries for the current query.
pub fn refilter(j: &mut Journal, partners: &[Partner]) {
    j.hits = j.index.search(&Query::parse(&j.query), partners);
    j.cursor = j.cursor.min(j.hits.len().saturating_sub(1));
}
