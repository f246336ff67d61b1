//! Syncing one store between installations through a folder that a tool copies around
//! (Syncthing, Dropbox, Nextcloud, git).
//!
//! Such tools copy whole files and, when two machines change the same file, keep both as a
//! *conflict copy*. So each installation (a *device*) writes only its own folder,
//! `devices/<device id>/`, and readers merge every device's records by key: [`merge`] is the
//! rule (newest version wins, deletions are tombstones), [`conflict`] recognises the copies the
//! tools leave and the names they use for their own bookkeeping, and [`device`] is the id of
//! this installation and the marker that tells a cloned id apart.

pub mod conflict;
pub mod device;
pub mod kinds;
pub mod merge;

pub use conflict::{NameKind, classify};
pub use device::{DeviceError, DeviceId, DeviceMarker, LocalDevice};
pub use merge::{Merged, Tombstone, Versioned, merge};

#[cfg(test)]
mod tests;
