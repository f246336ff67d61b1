//! The on-disk shape of each store file and its migrations.
//!
//! Every file is one JSON object `{"format_version": N, "kind": K, "records": [...]}`, valid on
//! its own. Reading takes the fast path (one typed parse) when the file is current, and falls back
//! to a generic parse to migrate an older file or to explain what is wrong with a bad one.

use super::StoreError;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::path::Path;

/// The format this build reads and writes.
pub const FORMAT_VERSION: u32 = 3;

/// A kind of record kept in its own file(s), with the key that identifies a record for merging.
pub trait Collection: Serialize + DeserializeOwned + Clone {
    /// The `kind` written in the file.
    const KIND: &'static str;
    /// What two writers agree identifies "the same record".
    fn key(&self) -> String;
}

#[derive(Serialize)]
struct DocOut<'a, T> {
    format_version: u32,
    kind: &'a str,
    records: &'a [T],
}

#[derive(Deserialize)]
struct DocIn<T> {
    format_version: u32,
    kind: String,
    records: Vec<T>,
}

/// Serialises records as a current-format file. Pretty-printed: people do open these files, and
/// the cost over compact JSON is small next to the fsync.
pub fn encode<T: Collection>(records: &[T]) -> Vec<u8> {
    let mut out = crate::json::to_vec_pretty(&DocOut {
        format_version: FORMAT_VERSION,
        kind: T::KIND,
        records,
    })
    .expect("records always serialise");
    out.push(b'\n');
    out
}

/// Reads the records of a file. A file of an older format is migrated in memory (it is rewritten
/// in the current format only by the next write to it); a newer or unreadable file is an error
/// that names the file, and it is never touched.
pub fn decode<T: Collection>(path: &Path, bytes: &[u8]) -> Result<Vec<T>, StoreError> {
    if let Ok(doc) = serde_json::from_slice::<DocIn<T>>(bytes)
        && doc.format_version == FORMAT_VERSION
        && doc.kind == T::KIND
    {
        return Ok(doc.records);
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
    Ok(doc.records)
}

/// Brings a document of format `from` up to [`FORMAT_VERSION`], one step at a time.
fn migrate(kind: &str, from: u32, mut doc: Value) -> Result<Value, String> {
    let mut version = from;
    while version < FORMAT_VERSION {
        doc = match version {
            1 => v1_to_v2(kind, doc)?,
            2 => v2_to_v3(doc)?,
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
