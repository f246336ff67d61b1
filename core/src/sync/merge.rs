//! Merging the versions of records that several devices wrote, by record key.
//!
//! Every device holds its own copy of the records it wrote; the same record (the same key) may
//! have a version on each, and a deletion is a [`Tombstone`]. For each key the merge keeps the
//! one candidate that ranks highest:
//!
//! 1. the newest time (a version's [`Versioned::updated`], a tombstone's `deleted`);
//! 2. at the same time a tombstone beats a version: a deletion wins over any version not newer
//!    than it;
//! 3. then the greater device id;
//! 4. then (two versions from one device with the same time: a conflict copy) the greater
//!    serialised form, so even that choice does not depend on the order files were read.
//!
//! Taking a maximum of a total order is commutative, associative and idempotent, so every
//! device reaches the same store whatever order the files arrive in, and reading a record twice
//! (a device's file and its conflict copy) never makes two of it.
//!
//! A record kind without an `updated` field still has a time: the newest event it holds
//! (created, agreed, marked, finished…; see the impls in `store`). The store also stamps every
//! record it writes with the write time, and merges by that stamp where it has one, so an edit
//! that leaves no time in the record (a partner renamed, the settings) is ordered too.

use super::device::DeviceId;
use crate::model::Timestamp;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::BTreeMap;

/// A record that can be merged: what identifies it, and when its version was made.
pub trait Versioned {
    /// The same key on two devices means the same record.
    fn key(&self) -> String;
    /// When this version was made; the newest version wins.
    fn updated(&self) -> Timestamp;
}

/// A record deleted on `device` at `deleted`: it hides every version of `key` not newer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tombstone {
    pub key: String,
    pub deleted: Timestamp,
    pub device: DeviceId,
}

/// What stands for one key so far.
#[derive(Debug, Clone)]
enum Candidate<T> {
    Live {
        updated: Timestamp,
        device: DeviceId,
        record: T,
    },
    Dead(Tombstone),
}

impl<T: Serialize> Candidate<T> {
    fn time(&self) -> Timestamp {
        match self {
            Candidate::Live { updated, .. } => *updated,
            Candidate::Dead(t) => t.deleted,
        }
    }
    fn device(&self) -> &DeviceId {
        match self {
            Candidate::Live { device, .. } => device,
            Candidate::Dead(t) => &t.device,
        }
    }
    /// The last tie-break, made only when everything else is equal (rare: serialising is the
    /// expensive part). The RFC 3339 text also tells apart one instant in two UTC offsets.
    fn bytes(&self) -> Vec<u8> {
        match self {
            Candidate::Live {
                record, updated, ..
            } => {
                let mut out = updated.to_rfc3339().into_bytes();
                out.extend(serde_json::to_vec(record).expect("records always serialise"));
                out
            }
            Candidate::Dead(t) => serde_json::to_vec(t).expect("tombstones always serialise"),
        }
    }
    fn rank(&self, other: &Candidate<T>) -> Ordering {
        let dead = |c: &Candidate<T>| matches!(c, Candidate::Dead(_));
        self.time()
            .cmp(&other.time())
            .then_with(|| dead(self).cmp(&dead(other)))
            .then_with(|| self.device().cmp(other.device()))
            .then_with(|| self.bytes().cmp(&other.bytes()))
    }
}

/// The merge so far: for each key, the candidate that ranks highest. Add devices in any order.
#[derive(Debug, Clone)]
pub struct Merged<T> {
    /// Each key's place in `held`, in key order. A B-tree shifts its values along on every
    /// insert: these are small, the records never move.
    winners: BTreeMap<String, usize>,
    held: Vec<Candidate<T>>,
}

impl<T> Default for Merged<T> {
    fn default() -> Self {
        Merged {
            winners: BTreeMap::new(),
            held: Vec::new(),
        }
    }
}

impl<T> Merged<T> {
    /// The candidates that stand, in key order.
    fn standing(&self) -> impl Iterator<Item = &Candidate<T>> {
        self.winners.values().map(|&i| &self.held[i])
    }

    /// The candidates that stand, in key order, moved out.
    fn into_standing(self) -> impl Iterator<Item = Candidate<T>> {
        let mut held: Vec<Option<Candidate<T>>> = self.held.into_iter().map(Some).collect();
        self.winners
            .into_values()
            .filter_map(move |i| held[i].take())
    }
}

impl<T: Versioned + Clone + Serialize> Merged<T> {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one device's records and tombstones (a file and its conflict copies alike).
    pub fn add_device(
        &mut self,
        device: &DeviceId,
        records: impl IntoIterator<Item = T>,
        tombstones: impl IntoIterator<Item = Tombstone>,
    ) {
        for r in records {
            self.add_record(device, r);
        }
        for t in tombstones {
            self.add_tombstone(t);
        }
    }

    /// Adds one version of a record, as `device` holds it, with the time it has.
    pub fn add_record(&mut self, device: &DeviceId, record: T) {
        let updated = record.updated();
        self.add_version(device, record, updated);
    }

    /// Adds one version with a time given from outside it (the store's write stamp).
    pub fn add_version(&mut self, device: &DeviceId, record: T, updated: Timestamp) {
        let key = record.key();
        self.add_keyed(key, device, record, updated);
    }

    /// [`Merged::add_version`] of a record whose key the caller has already made (it must be
    /// the record's [`Versioned::key`]).
    pub fn add_keyed(&mut self, key: String, device: &DeviceId, record: T, updated: Timestamp) {
        debug_assert_eq!(key, record.key());
        self.offer(
            key,
            Candidate::Live {
                updated,
                device: *device,
                record,
            },
        );
    }

    pub fn add_tombstone(&mut self, tombstone: Tombstone) {
        self.offer(tombstone.key.clone(), Candidate::Dead(tombstone));
    }

    /// Everything `other` holds, as if its devices had been added here.
    pub fn join(&mut self, other: Merged<T>) {
        let keys: Vec<String> = other.winners.keys().cloned().collect();
        for (key, c) in keys.into_iter().zip(other.into_standing()) {
            self.offer(key, c);
        }
    }

    fn offer(&mut self, key: String, candidate: Candidate<T>) {
        use std::collections::btree_map::Entry;
        match self.winners.entry(key) {
            Entry::Occupied(place) => {
                let held = &mut self.held[*place.get()];
                if candidate.rank(held) == Ordering::Greater {
                    *held = candidate;
                }
            }
            Entry::Vacant(slot) => {
                slot.insert(self.held.len());
                self.held.push(candidate);
            }
        }
    }

    /// The records that stand, in key order.
    pub fn records(&self) -> Vec<T> {
        self.standing()
            .filter_map(|c| match c {
                Candidate::Live { record, .. } => Some(record.clone()),
                Candidate::Dead(_) => None,
            })
            .collect()
    }

    /// The records that stand with the time each won by and the device it came from, in key
    /// order.
    pub fn versions(&self) -> Vec<(&T, Timestamp, &DeviceId)> {
        self.standing()
            .filter_map(|c| match c {
                Candidate::Live {
                    record,
                    updated,
                    device,
                } => Some((record, *updated, device)),
                Candidate::Dead(_) => None,
            })
            .collect()
    }

    /// The records that stand, in key order, without copying them.
    pub fn into_records(self) -> Vec<T> {
        self.into_standing()
            .filter_map(|c| match c {
                Candidate::Live { record, .. } => Some(record),
                Candidate::Dead(_) => None,
            })
            .collect()
    }

    /// The deletions that stand (no newer version came after them), in key order.
    pub fn tombstones(&self) -> Vec<Tombstone> {
        self.standing()
            .filter_map(|c| match c {
                Candidate::Dead(t) => Some(t.clone()),
                Candidate::Live { .. } => None,
            })
            .collect()
    }

    /// True when `key` was deleted and no newer version came after the deletion.
    pub fn is_deleted(&self, key: &str) -> bool {
        matches!(
            self.winners.get(key).map(|&i| &self.held[i]),
            Some(Candidate::Dead(_))
        )
    }
}

/// Merges every device's records and tombstones: the records that stand, in key order, the same
/// whatever the order of `devices`.
pub fn merge<T: Versioned + Clone + Serialize>(
    devices: &[(DeviceId, Vec<T>, Vec<Tombstone>)],
) -> Vec<T> {
    let mut merged = Merged::new();
    for (device, records, tombstones) in devices {
        merged.add_device(device, records.iter().cloned(), tombstones.iter().cloned());
    }
    merged.into_records()
}
