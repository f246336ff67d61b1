//! The on-disk shape of each store file and its migrations.
//!
//! Every file is one JSON object `{"format_version": N, "kind": K, "records": [...]}`, valid on
//! its own. Reading takes the fast path (one typed parse) when the file is current, and falls back
//! to a generic parse to migrate an older file or to explain what is wrong with a bad one.

use super::StoreError;
use crate::model::Timestamp;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::cmp::Ordering;
use std::collections::BTreeMap;
use std::path::Path;

/// The format this build reads and writes.
pub const FORMAT_VERSION: u32 = 4;

/// A kind of record kept in its own file(s), with the key that identifies a record for merging.
pub trait Collection: Serialize + DeserializeOwned + Clone {
    /// The `kind` written in the file.
    const KIND: &'static str;
    /// What two writers agree identifies "the same record".
    fn key(&self) -> String;
    /// When this version of the record was made, as far as the record itself tells: what
    /// merging the devices' versions compares where the store has not stamped it (see
    /// `sync::merge`).
    fn version_time(&self) -> Timestamp;
    /// The order of the records merged from several devices (a single file keeps its own
    /// order); the merge gives them in key order, and this sorts them stably after.
    fn merged_order(_a: &Self, _b: &Self) -> Ordering {
        Ordering::Equal
    }
}

/// A file's whole contents. In a device folder (`devices/<id>/`) it also holds when this
/// device wrote each record (`written`, by key) and the keys it deleted (`deleted`, with the
/// time: tombstones); a single-folder store leaves both empty and they are not written.
#[derive(Debug, Clone)]
pub struct FileDoc<T> {
    pub records: Vec<T>,
    pub written: BTreeMap<String, Timestamp>,
    pub deleted: BTreeMap<String, Timestamp>,
}

impl<T> Default for FileDoc<T> {
    fn default() -> Self {
        FileDoc {
            records: Vec::new(),
            written: BTreeMap::new(),
            deleted: BTreeMap::new(),
        }
    }
}

#[derive(Serialize)]
struct DocOut<'a, T> {
    format_version: u32,
    kind: &'a str,
    records: &'a [T],
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    written: &'a BTreeMap<String, Timestamp>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    deleted: &'a BTreeMap<String, Timestamp>,
}

#[derive(Deserialize)]
struct DocIn<T> {
    format_version: u32,
    kind: String,
    records: Vec<T>,
    #[serde(default)]
    written: BTreeMap<String, Timestamp>,
    #[serde(default)]
    deleted: BTreeMap<String, Timestamp>,
}

impl<T> DocIn<T> {
    fn into_doc(self) -> FileDoc<T> {
        FileDoc {
            records: self.records,
            written: self.written,
            deleted: self.deleted,
        }
    }
}

/// Serialises records as a current-format file. Pretty-printed: people do open these files, and
/// the cost over compact JSON is small next to the fsync.
pub fn encode<T: Collection>(records: &[T]) -> Vec<u8> {
    let none = BTreeMap::new();
    encode_parts(records, &none, &none)
}

/// Serialises a device folder's file: its records, stamps and tombstones.
pub fn encode_doc<T: Collection>(doc: &FileDoc<T>) -> Vec<u8> {
    encode_parts(&doc.records, &doc.written, &doc.deleted)
}

fn encode_parts<T: Collection>(
    records: &[T],
    written: &BTreeMap<String, Timestamp>,
    deleted: &BTreeMap<String, Timestamp>,
) -> Vec<u8> {
    let mut out = crate::json::to_vec_pretty(&DocOut {
        format_version: FORMAT_VERSION,
        kind: T::KIND,
        records,
        written,
        deleted,
    })
    .expect("records always serialise");
    out.push(b'\n');
    out
}

/// Reads the records of a file. A file of an older format is migrated in memory (it is rewritten
/// in the current format only by the next write to it); a newer or unreadable file is an error
/// that names the file, and it is never touched.
pub fn decode<T: Collection>(path: &Path, bytes: &[u8]) -> Result<Vec<T>, StoreError> {
    decode_doc(path, bytes).map(|doc| doc.records)
}

/// [`decode`], with the stamps and tombstones of a device folder's file.
pub fn decode_doc<T: Collection>(path: &Path, bytes: &[u8]) -> Result<FileDoc<T>, StoreError> {
    if let Ok(doc) = serde_json::from_slice::<DocIn<T>>(bytes)
        && doc.format_version == FORMAT_VERSION
        && doc.kind == T::KIND
    {
        return Ok(doc.into_doc());
    }
    let corrupt = |reason: String| StoreError::Corrupt {
        path: path.to_path_buf(),
        reason,
    };
    let value: Value = serde_json::from_slice(bytes).map_err(|e| corrupt(e.to_string()))?;
    let version = value
        .get("format_version")
        .and_then(Value::as_u64)
        .ok_or_else(|| corrupt("it has no format_version".into()))?;
    if version > FORMAT_VERSION as u64 {
        return Err(StoreError::Newer {
            path: path.to_path_buf(),
            found: version,
        });
    }
    let migrated = migrate(T::KIND, version as u32, value).map_err(corrupt)?;
    let kind = migrated.get("kind").and_then(Value::as_str).unwrap_or("");
    if kind != T::KIND {
        return Err(corrupt(format!(
            "it holds {kind:?} records where {:?} were expected",
            T::KIND
        )));
    }
    let doc: DocIn<T> = serde_json::from_value(migrated).map_err(|e| corrupt(e.to_string()))?;
    Ok(doc.into_doc())
}

/// Brings a document of format `from` up to [`FORMAT_VERSION`], one step at a time.
fn migrate(kind: &str, from: u32, mut doc: Value) -> Result<Value, String> {
    let mut version = from;
    while version < FORMAT_VERSION {
        doc = match version {
            1 => v1_to_v2(kind, doc)?,
            2 => v2_to_v3(doc)?,
            3 => v3_to_v4(doc)?,
            v => {
                return Err(format!(
                    "format_version {v} is not one trustwork ever wrote"
                ));
            }
        };
        version += 1;
    }
    Ok(doc)
}

/// Format 4 is the synced store: a device folder's file also holds when the device wrote each
/// record (`written`) and the keys it deleted (`deleted`), and the data folder may hold device
/// folders (`devices/`, see `store::devices`). A format-3 file is a format-4 file without them.
/// The number goes up so that a build that knows no devices refuses these files instead of
/// rewriting them without their deletions, which would bring deleted records back.
fn v3_to_v4(mut doc: Value) -> Result<Value, String> {
    let obj = doc.as_object_mut().ok_or("it is not a JSON object")?;
    obj.insert("format_version".into(), Value::from(4));
    Ok(doc)
}

/// Format 3 added private entries (`visibility: "private"` with a `sealed` part) and
/// `keys.json`. Nothing of format 2 changes shape; the number goes up so that a build that does
/// not know private entries refuses these files instead of rewriting them without their text.
fn v2_to_v3(mut doc: Value) -> Result<Value, String> {
    let obj = doc.as_object_mut().ok_or("it is not a JSON object")?;
    obj.insert("format_version".into(), Value::from(3));
    Ok(doc)
}

/// Format 1 was the pre-release prototype's. Its files had no `kind` (the folder said it), and an
/// entry kept its text in `text`, had no `updated` time, and linked a prompt with two loose fields
/// `guide` and `prompt`. Every other record was already as it is now.
fn v1_to_v2(kind: &str, mut doc: Value) -> Result<Value, String> {
    let obj = doc.as_object_mut().ok_or("it is not a JSON object")?;
    obj.insert("format_version".into(), Value::from(2));
    obj.entry("kind").or_insert_with(|| Value::from(kind));
    if kind == "entries"
        && let Some(Value::Array(records)) = obj.get_mut("records")
    {
        for r in records {
            let e = r.as_object_mut().ok_or("an entry is not a JSON object")?;
            if let Some(text) = e.remove("text") {
                e.insert("body".into(), text);
            }
            if !e.contains_key("updated")
                && let Some(created) = e.get("created").cloned()
            {
                e.insert("updated".into(), created);
            }
            let guide = e.remove("guide");
            let prompt = e.remove("prompt");
            if let Some(guide) = guide.filter(|g| !g.is_null()) {
                let mut link = serde_json::Map::new();
                link.insert("guide".into(), guide);
                if let Some(p) = prompt.filter(|p| !p.is_null()) {
                    link.insert("prompt".into(), p);
                }
                e.insert("link".into(), Value::Object(link));
            }
        }
    }
    Ok(doc)
}
