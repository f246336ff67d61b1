//! JSON pack files, read into the same spanned tree as TOML files (`toml::de::DeTable`, each
//! value with its byte range in the file), so that one schema checker, one set of serde structs
//! and every later check serve both forms alike.
//!
//! serde_json first checks the syntax (the first error, at its line and column; nesting at most
//! 128 deep, strings and numbers as the standard says); only then is the tree built here, with
//! the position of every key and value. A JSON file may start with a byte order mark, as a TOML
//! file may; positions count from the start of the file.

use std::borrow::Cow;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

/// A problem of a JSON file: a byte offset in the file (if it has one) and the message.
pub(super) type Found = (Option<usize>, String);

const BOM: &str = "\u{feff}";

/// Parses a JSON pack file into a spanned table. `Err` holds every problem found: the syntax
/// error, or what JSON can say that a pack cannot (a top level other than an object, `null`,
/// a key given twice).
pub(super) fn parse(src: &str) -> Result<Spanned<DeTable<'_>>, Vec<Found>> {
    let start = if src.starts_with(BOM) { BOM.len() } else { 0 };
    let body = &src[start..];
    if body.trim().is_empty() {
        return Err(vec![(
            None,
            "not valid JSON: the file is empty (a pack file is one object: { \"format\": 1, … })"
                .into(),
        )]);
    }
    if let Err(e) = serde_json::from_str::<serde_json::Value>(body) {
        let offset = start + offset_of(body, e.line(), e.column());
        return Err(vec![(
            Some(offset),
            format!("not valid JSON: {}", message(&e)),
        )]);
    }
    let mut p = Parser {
        src,
        at: start,
        found: Vec::new(),
    };
    p.ws();
    let top = p.value();
    if !p.found.is_empty() {
        return Err(p.found);
    }
    match top {
        Some(v) => match v.get_ref() {
            DeValue::Table(_) => {
                let span = v.span();
                match v.into_inner() {
                    DeValue::Table(t) => Ok(Spanned::new(span, t)),
                    _ => unreachable!("matched a table above"),
                }
            }
            other => Err(vec![(
                Some(v.span().start),
                format!(
                    "a pack file is one JSON object ({{ \"format\": 1, … }}), not {}",
                    type_name(other)
                ),
            )]),
        },
        None => Err(vec![(
            Some(start),
            "a pack file is one JSON object ({ \"format\": 1, … }), not null".into(),
        )]),
    }
}

/// The name of a value's type as a JSON writer knows it.
pub(super) fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "string",
        DeValue::Integer(_) => "integer",
        DeValue::Float(_) => "fractional number",
        DeValue::Boolean(_) => "boolean",
        DeValue::Datetime(_) => "date",
        DeValue::Array(_) => "array",
        DeValue::Table(_) => "object",
    }
}

/// serde_json's message without its " at line L column C" (the problem gives the position).
fn message(e: &serde_json::Error) -> String {
    let text = e.to_string();
    let tail = format!(" at line {} column {}", e.line(), e.column());
    text.strip_suffix(&tail).unwrap_or(&text).to_string()
}

/// The byte offset of serde_json's line (from 1) and column (bytes from 1; 0 before the first).
fn offset_of(body: &str, line: usize, column: usize) -> usize {
    let line_start = body
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>();
    (line_start + column.saturating_sub(1)).min(body.len())
}

/// Builds the tree of a text serde_json has already found valid, so it need not explain bad
/// syntax: it only finds where each value is. Its recursion is bounded by serde_json's limit.
struct Parser<'s> {
    src: &'s str,
    at: usize,
    found: Vec<Found>,
}

impl<'s> Parser<'s> {
    fn peek(&self) -> u8 {
        self.src.as_bytes().get(self.at).copied().unwrap_or(0)
    }

    fn ws(&mut self) {
        while matches!(self.peek(), b' ' | b'\t' | b'\n' | b'\r') {
            self.at += 1;
        }
    }

    /// One value and its span; `None` for `null`.
    fn value(&mut self) -> Option<Spanned<DeValue<'s>>> {
        let start = self.at;
        let value = match self.peek() {
            b'{' => DeValue::Table(self.object()),
            b'[' => DeValue::Array(self.array()),
            b'"' => DeValue::String(self.string().1),
            b't' => {
                self.at += 4;
                DeValue::Boolean(true)
            }
            b'f' => {
                self.at += 5;
                DeValue::Boolean(false)
            }
            b'n' => {
                self.at += 4;
                return None;
            }
            _ => return Some(self.number()),
        };
        Some(Spanned::new(start..self.at, value))
    }

    fn object(&mut self) -> DeTable<'s> {
        let mut table = DeTable::new();
        self.at += 1; // {
        self.ws();
        if self.peek() == b'}' {
            self.at += 1;
            return table;
        }
        loop {
            self.ws();
            let (span, key) = self.string();
            self.ws();
            self.at += 1; // :
            self.ws();
            let value = self.value();
            match value {
                None => self.found.push((
                    Some(span.start),
                    format!("`{key}` is null; leave the key out instead (a pack file has no null)"),
                )),
                Some(v) => {
                    if table.contains_key(key.as_ref()) {
                        self.found.push((
                            Some(span.start),
                            format!("`{key}` is given twice in this object"),
                        ));
                    } else {
                        table.insert(Spanned::new(span, key), v);
                    }
                }
            }
            self.ws();
            let sep = self.peek();
            self.at += 1; // , or }
            if sep != b',' {
                return table;
            }
        }
    }

    fn array(&mut self) -> DeArray<'s> {
        let mut items = DeArray::new();
        self.at += 1; // [
        self.ws();
        if self.peek() == b']' {
            self.at += 1;
            return items;
        }
        loop {
            self.ws();
            let start = self.at;
            match self.value() {
                Some(v) => items.push(v),
                None => self.found.push((
                    Some(start),
                    "null in a list; leave it out instead (a pack file has no null)".into(),
                )),
            }
            self.ws();
            let sep = self.peek();
            self.at += 1; // , or ]
            if sep != b',' {
                return items;
            }
        }
    }

    /// A string: its span (quotes included) and its text, borrowed unless it has escapes.
    fn string(&mut self) -> (Range<usize>, Cow<'s, str>) {
        let start = self.at;
        let bytes = self.src.as_bytes();
        let mut i = start + 1;
        let mut escaped = false;
        while i < bytes.len() && bytes[i] != b'"' {
            if bytes[i] == b'\\' {
                escaped = true;
                i += 1;
            }
            i += 1;
        }
        let end = (i + 1).min(bytes.len());
        self.at = end;
        let raw = &self.src[start..end];
        let text = if escaped {
            // Valid JSON (serde_json said so), so this always succeeds.
            Cow::Owned(serde_json::from_str::<String>(raw).unwrap_or_default())
        } else {
            Cow::Borrowed(&raw[1..raw.len().saturating_sub(1).max(1)])
        };
        (start..end, text)
    }

    /// A number, kept as its text the way TOML keeps one: every JSON number is a TOML number.
    fn number(&mut self) -> Spanned<DeValue<'s>> {
        let start = self.at;
        while matches!(self.peek(), b'0'..=b'9' | b'-' | b'+' | b'.' | b'e' | b'E') {
            self.at += 1;
        }
        let raw = &self.src[start..self.at];
        let value = match DeValue::parse(raw) {
            Ok(v) if matches!(v.get_ref(), DeValue::Integer(_) | DeValue::Float(_)) => {
                v.into_inner()
            }
            _ => {
                self.found
                    .push((Some(start), format!("the number {raw} cannot be read")));
                DeValue::Boolean(false)
            }
        };
        Spanned::new(start..self.at, value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn problems(src: &str) -> Vec<Found> {
        parse(src).err().unwrap_or_default()
    }

    #[test]
    fn values_keep_their_spans() {
        let src = r#"{"a": "x\ny", "b": [1, -2.5e3, true], "c": {"d": "é"}}"#;
        let t = parse(src).unwrap();
        let t = t.get_ref();
        let a = t.get("a").unwrap();
        assert_eq!(&src[a.span()], r#""x\ny""#);
        assert_eq!(a.get_ref().as_str(), Some("x\ny"));
        let b = t.get("b").unwrap().get_ref().as_array().unwrap();
        assert_eq!(b[0].get_ref().as_integer().unwrap().as_str(), "1");
        assert_eq!(b[1].get_ref().as_float().unwrap().as_str(), "-2.5e3");
        assert_eq!(b[2].get_ref().as_bool(), Some(true));
        let d = t.get("c").unwrap().get_ref().as_table().unwrap();
        assert_eq!(d.get("d").unwrap().get_ref().as_str(), Some("é"));
        let (key, _) = t.get_key_value("c").unwrap();
        assert_eq!(&src[key.span()], "\"c\"");
    }

    #[test]
    fn syntax_errors_have_a_position() {
        let src = "{\n  \"format\": 1,\n  \"id\": x\n}";
        let found = problems(src);
        assert_eq!(found.len(), 1);
        let (at, msg) = &found[0];
        assert_eq!(&src[at.unwrap()..at.unwrap() + 1], "x");
        assert_eq!(msg, "not valid JSON: expected value");
    }

    #[test]
    fn what_a_pack_file_cannot_hold() {
        assert!(problems("")[0].1.contains("the file is empty"));
        assert!(problems(" \n")[0].1.contains("the file is empty"));
        assert!(
            problems("[1]")[0].1.ends_with("not array"),
            "{:?}",
            problems("[1]")
        );
        assert!(problems("null")[0].1.ends_with("not null"));
        let found = problems(r#"{"a": null, "b": [null], "c": 1, "c": 2}"#);
        let msgs: Vec<&str> = found.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(msgs.len(), 3, "{msgs:?}");
        assert!(msgs[0].starts_with("`a` is null"));
        assert!(msgs[1].starts_with("null in a list"));
        assert_eq!(msgs[2], "`c` is given twice in this object");
        assert!(
            problems(&format!("{}{}", "[".repeat(200), "]".repeat(200)))[0]
                .1
                .contains("recursion limit")
        );
    }

    #[test]
    fn a_bom_is_skipped_and_positions_count_it() {
        let src = "\u{feff}{\"a\": 1}";
        let t = parse(src).unwrap();
        let a = t.get_ref().get("a").unwrap();
        assert_eq!(&src[a.span()], "1");
        let found = problems("\u{feff}{\"a\": }");
        assert_eq!(found[0].0, Some(9));
    }
}
