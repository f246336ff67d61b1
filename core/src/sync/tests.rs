//! Property tests of the merge: whatever the devices did and whatever order their files arrive
//! in, every device reads the same store.

use super::device::DeviceId;
use super::merge::{Merged, Tombstone, Versioned, merge};
use crate::model::Timestamp;
use proptest::prelude::*;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
struct Rec {
    key: String,
    updated: Timestamp,
    value: u8,
}

impl Versioned for Rec {
    fn key(&self) -> String {
        self.key.clone()
    }
    fn updated(&self) -> Timestamp {
        self.updated
    }
}

type Input = (DeviceId, Vec<Rec>, Vec<Tombstone>);

fn device(n: usize) -> DeviceId {
    DeviceId::parse(&format!("{n:016}")).unwrap()
}

/// A few minutes only, so that equal times (ties) are common.
fn at(minute: u32) -> Timestamp {
    format!("2026-12-07T15:{:02}:00Z", minute % 60)
        .parse()
        .unwrap()
}

fn rec() -> impl Strategy<Value = Rec> {
    (0..5u8, 0..6u32, any::<u8>()).prop_map(|(k, m, value)| Rec {
        key: format!("k{k}"),
        updated: at(m),
        value,
    })
}

fn input(n: usize) -> impl Strategy<Value = Input> {
    (
        prop::collection::vec(rec(), 0..6),
        prop::collection::vec((0..5u8, 0..6u32), 0..3),
    )
        .prop_map(move |(records, deaths)| {
            let tombstones = deaths
                .into_iter()
                .map(|(k, m)| Tombstone {
                    key: format!("k{k}"),
                    deleted: at(m),
                    device: device(n),
                })
                .collect();
            (device(n), records, tombstones)
        })
}

fn inputs() -> impl Strategy<Value = Vec<Input>> {
    (2..=3usize).prop_flat_map(|n| (0..n).map(input).collect::<Vec<_>>().prop_shuffle())
}

fn state(inputs: &[Input]) -> Merged<Rec> {
    let mut m = Merged::new();
    for (d, rs, ts) in inputs {
        m.add_device(d, rs.clone(), ts.clone());
    }
    m
}

/// Everything a merge holds, to compare two: the standing records and the standing deletions.
fn seen(m: &Merged<Rec>) -> (Vec<Rec>, Vec<Tombstone>) {
    (m.records(), m.tombstones())
}

proptest! {
    #[test]
    fn merging_is_commutative(inputs in inputs(), seed in any::<u64>()) {
        let mut shuffled = inputs.clone();
        // A rotation and a reversal reach every order of three.
        shuffled.rotate_left(seed as usize % inputs.len());
        if seed & 1 == 1 {
            shuffled.reverse();
        }
        prop_assert_eq!(merge(&inputs), merge(&shuffled));
        // Records within one device may arrive in any order too.
        let within: Vec<Input> = inputs
            .iter()
            .map(|(d, rs, ts)| {
                let (mut rs, mut ts) = (rs.clone(), ts.clone());
                rs.reverse();
                ts.reverse();
                (*d, rs, ts)
            })
            .collect();
        prop_assert_eq!(merge(&inputs), merge(&within));
    }

    #[test]
    fn merging_is_idempotent(inputs in inputs()) {
        let once = state(&inputs);
        let mut twice = once.clone();
        twice.join(once.clone());
        prop_assert_eq!(seen(&once), seen(&twice));
        // The same files read twice.
        let doubled: Vec<Input> = inputs.iter().chain(inputs.iter()).cloned().collect();
        prop_assert_eq!(merge(&inputs), merge(&doubled));
    }

    #[test]
    fn merging_is_associative(a in input(0), b in input(1), c in input(2)) {
        let one = |i: &Input| state(std::slice::from_ref(i));
        let mut left = one(&a);
        left.join(one(&b));
        left.join(one(&c));
        let mut bc = one(&b);
        bc.join(one(&c));
        let mut right = one(&a);
        right.join(bc);
        prop_assert_eq!(seen(&left), seen(&right));
    }

    #[test]
    fn the_output_is_sorted_with_one_record_per_key(inputs in inputs()) {
        let out = merge(&inputs);
        let keys: Vec<&String> = out.iter().map(|r| &r.key).collect();
        let mut sorted = keys.clone();
        sorted.sort();
        sorted.dedup();
        prop_assert_eq!(keys, sorted);
    }

    /// A conflict copy holds the device's records, some in an older version: merged with the
    /// file it copies it adds nothing, and nothing twice.
    #[test]
    fn a_conflict_copy_adds_nothing_twice(
        file in input(0),
        other in input(1),
        older in prop::collection::vec((any::<bool>(), 1..5u32), 0..6),
    ) {
        let (d, records, tombstones) = file.clone();
        // Keep one version per key in the file (as a device's own file does).
        let mut newest: BTreeMap<String, Rec> = BTreeMap::new();
        for r in records {
            let slot = newest.entry(r.key.clone()).or_insert(r.clone());
            if r.updated > slot.updated {
                *slot = r;
            }
        }
        let records: Vec<Rec> = newest.into_values().collect();
        let copy: Vec<Rec> = records
            .iter()
            .zip(older.iter().cycle())
            .filter(|(_, (keep, _))| *keep)
            .map(|(r, (_, back))| Rec {
                updated: r.updated - chrono::Duration::minutes(*back as i64),
                value: r.value.wrapping_add(1),
                ..r.clone()
            })
            .collect();
        let without = merge(&[(d, records.clone(), tombstones.clone()), other.clone()]);
        let with = merge(&[
            (d, copy, Vec::new()),
            (d, records, tombstones),
            other,
        ]);
        prop_assert_eq!(without, with);
    }

    /// Two or three devices edit and delete the same few records, each on its own copy, in any
    /// interleaving; read in any order, every record is as its last change left it.
    #[test]
    fn the_last_change_wins_on_every_device(
        ops in prop::collection::vec((0..3usize, 0..4u8, prop::option::of(any::<u8>())), 1..30),
        seed in any::<u64>(),
    ) {
        let mut devices: Vec<(BTreeMap<String, Rec>, Vec<Tombstone>)> =
            vec![Default::default(); 3];
        let mut last: BTreeMap<String, Option<u8>> = BTreeMap::new();
        for (i, (d, k, op)) in ops.into_iter().enumerate() {
            let key = format!("k{k}");
            let time: Timestamp = at(0) + chrono::Duration::seconds(i as i64);
            let (records, tombstones) = &mut devices[d];
            match op {
                Some(value) => {
                    records.insert(key.clone(), Rec { key: key.clone(), updated: time, value });
                }
                None => {
                    records.remove(&key);
                    tombstones.push(Tombstone { key: key.clone(), deleted: time, device: device(d) });
                }
            }
            last.insert(key, op);
        }
        let mut arrived: Vec<Input> = devices
            .into_iter()
            .enumerate()
            .map(|(n, (rs, ts))| (device(n), rs.into_values().collect(), ts))
            .collect();
        arrived.rotate_left(seed as usize % 3);
        let got: BTreeMap<String, u8> =
            merge(&arrived).into_iter().map(|r| (r.key, r.value)).collect();
        let want: BTreeMap<String, u8> =
            last.into_iter().filter_map(|(k, v)| v.map(|v| (k, v))).collect();
        prop_assert_eq!(got, want);
    }
}

#[test]
fn a_deletion_beats_an_older_edit_and_loses_to_a_newer_one() {
    let edit = |m: u32| Rec {
        key: "e".into(),
        updated: at(m),
        value: m as u8,
    };
    let dead = |m: u32| Tombstone {
        key: "e".into(),
        deleted: at(m),
        device: device(0),
    };
    let older_edit = [
        (device(0), vec![], vec![dead(5)]),
        (device(1), vec![edit(4)], vec![]),
    ];
    assert!(merge(&older_edit).is_empty());
    let same_time = [
        (device(0), vec![], vec![dead(5)]),
        (device(1), vec![edit(5)], vec![]),
    ];
    assert!(merge(&same_time).is_empty());
    let newer_edit = [
        (device(0), vec![], vec![dead(5)]),
        (device(1), vec![edit(6)], vec![]),
    ];
    assert_eq!(merge(&newer_edit), vec![edit(6)]);
}

#[test]
fn at_the_same_time_the_greater_device_id_wins() {
    let v = |value| Rec {
        key: "e".into(),
        updated: at(1),
        value,
    };
    let out = merge(&[
        (device(2), vec![v(2)], vec![]),
        (device(1), vec![v(1)], vec![]),
    ]);
    assert_eq!(out, vec![v(2)]);
}
