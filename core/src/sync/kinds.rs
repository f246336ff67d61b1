//! [`Versioned`] for every kind of record the store keeps: its key is the store's and its time
//! the record's own ([`Collection::key`], [`Collection::version_time`], where each kind says
//! which of its times that is).

use super::merge::Versioned;
use crate::model::Timestamp;
use crate::store::Collection;

impl<T: Collection> Versioned for T {
    fn key(&self) -> String {
        Collection::key(self)
    }
    fn updated(&self) -> Timestamp {
        self.version_time()
    }
}

/// The time of a record that carries none: before anything could be written.
pub fn timeless() -> Timestamp {
    chrono::DateTime::UNIX_EPOCH.fixed_offset()
}
