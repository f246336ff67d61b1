//! The one way trustwork writes JSON that leaves the program (store files, `--json` output,
//! the JSON export): serde_json's pretty output, with the characters that can deceive a reader
//! or break a consumer written as `\uXXXX` escapes inside strings.
//!
//! serde_json already escapes C0 control characters, `"` and `\`. On top of that this escapes
//! C1 control characters (U+0080–U+009F, which some terminals obey), bidirectional overrides,
//! embeddings and isolates (U+202A–U+202E, U+2066–U+2069, which can make text display in an
//! order other than it is stored) and the line and paragraph separators U+2028/U+2029 (line
//! breaks to JavaScript and some editors). The escaped JSON means exactly the same.

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};
use std::io;

/// True for the characters this module writes as `\uXXXX`.
pub fn needs_escape(c: char) -> bool {
    matches!(c,
        '\u{80}'..='\u{9f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        | '\u{2028}' | '\u{2029}')
}

/// Whether the UTF-8 text `b` may hold a [`needs_escape`] character: false means surely not.
fn may_need_escape(b: &[u8]) -> bool {
    !b.is_ascii() && b.iter().any(|&x| x == 0xc2 || x == 0xe2)
}

/// A [`Formatter`] that writes like `F` and escapes [`needs_escape`] characters in strings.
pub struct Escaping<F>(pub F);

impl<F: Formatter> Formatter for Escaping<F> {
    fn write_string_fragment<W: ?Sized + io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        // Every character escaped here is U+0080–U+009F (first byte 0xC2) or in U+2000–U+2FFF
        // (first byte 0xE2): text without those bytes, nearly all of it, goes out in one piece.
        if !may_need_escape(fragment.as_bytes()) {
            return writer.write_all(fragment.as_bytes());
        }
        let mut start = 0;
        for (i, c) in fragment.char_indices() {
            if needs_escape(c) {
                writer.write_all(&fragment.as_bytes()[start..i])?;
                write!(writer, "\\u{:04x}", c as u32)?;
                start = i + c.len_utf8();
            }
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }

    // The layout is `F`'s: every method that PrettyFormatter overrides is passed through.
    fn begin_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn end_object_key<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_key(w)
    }
    fn begin_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + io::Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.0.end_object_value(w)
    }
}

/// Writes `value` as pretty JSON (two-space indent), escaped as this module says.
pub fn to_writer_pretty<W: io::Write, T: Serialize + ?Sized>(
    writer: W,
    value: &T,
) -> serde_json::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(writer, Escaping(PrettyFormatter::new()));
    value.serialize(&mut ser)
}

/// `value` as pretty JSON bytes, escaped as this module says.
pub fn to_vec_pretty<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(256);
    to_writer_pretty(&mut out, value)?;
    Ok(out)
}

/// `value` as a pretty JSON string, escaped as this module says.
pub fn to_string_pretty<T: Serialize + ?Sized>(value: &T) -> serde_json::Result<String> {
    let bytes = to_vec_pretty(value)?;
    // serde_json writes UTF-8 only, and the escapes are ASCII.
    Ok(String::from_utf8(bytes).expect("JSON is UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_quick_byte_test_never_misses_a_character_to_escape() {
        for c in (0..=0x10ffffu32).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let s = c.encode_utf8(&mut buf);
            if needs_escape(c) {
                assert!(may_need_escape(s.as_bytes()), "{:x}", c as u32);
            }
        }
    }

    const TRICKY: &str = "a\u{85}b\u{9b}c\u{202e}d\u{2066}e\u{2069}f\u{2028}g\u{2029}h\u{1b}i";

    #[test]
    fn escapes_c1_bidi_and_separators_and_means_the_same() {
        let json =
            to_string_pretty(&serde_json::json!({ "text": TRICKY, TRICKY: [TRICKY] })).unwrap();
        for c in TRICKY
            .chars()
            .filter(|c| needs_escape(*c) || c.is_control())
        {
            assert!(!json.contains(c), "{c:?} is written raw in {json}");
        }
        assert!(json.contains("\\u202e") && json.contains("\\u2028") && json.contains("\\u0085"));
        assert!(json.contains("\\u001b"), "serde_json's own escapes stay");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["text"], TRICKY);
        assert_eq!(back[TRICKY][0], TRICKY);
    }

    #[test]
    fn layout_is_serde_jsons_pretty_layout() {
        let v = serde_json::json!({ "a": [1, {"b": "ü 😀 中文"}], "c": {}, "d": [] });
        assert_eq!(
            to_string_pretty(&v).unwrap(),
            serde_json::to_string_pretty(&v).unwrap()
        );
    }
}
