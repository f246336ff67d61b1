//! The quick way through a jrnl export as jrnl writes it (`{"tags": {…}, "entries": […]}`):
//! the file is read a piece at a time, each entry is cut out where its braces close and parsed
//! from that slice, which serde_json does several times faster than from a reader (the reader
//! path costs it a call per byte). Only the piece being read is held. Anything unexpected —
//! another shape, bad JSON, an entry serde refuses — gives up with [`Unusual`], and the caller
//! reads the file again the exact way, which explains any fault in serde_json's own words.

use super::jrnl::{JrnlEntry, Parsed};
use super::{ImportError, Pass};
use std::io::Read;

/// The file is not as jrnl writes it, or not well-formed: read it the exact way.
pub(super) struct Unusual;

/// Why the quick way stopped.
pub(super) enum Stopped {
    Unusual,
    /// An entry broke a rule: the import stops here.
    Refused(ImportError),
    /// The file could not be read (or ran past its limit).
    Io(std::io::Error),
}

impl From<Unusual> for Stopped {
    fn from(_: Unusual) -> Stopped {
        Stopped::Unusual
    }
}

/// How much is read at a time.
const CHUNK: usize = 256 << 10;

/// A document read a piece at a time: `buf[start..]` is what has been read and not yet used.
struct Pieces<R> {
    r: R,
    buf: Vec<u8>,
    start: usize,
}

impl<R: Read> Pieces<R> {
    /// Reads more, first dropping what has been used. False at the end of the file.
    fn fill(&mut self) -> Result<bool, Stopped> {
        self.buf.drain(..self.start);
        self.start = 0;
        let old = self.buf.len();
        self.buf.resize(old + CHUNK, 0);
        let n = loop {
            match self.r.read(&mut self.buf[old..]) {
                Ok(n) => break n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(Stopped::Io(e)),
            }
        };
        self.buf.truncate(old + n);
        Ok(n > 0)
    }

    /// The next byte that is not whitespace, left unread; `None` at the end.
    fn peek(&mut self) -> Result<Option<u8>, Stopped> {
        loop {
            if let Some(i) = self.buf[self.start..]
                .iter()
                .position(|b| !b.is_ascii_whitespace())
            {
                self.start += i;
                return Ok(Some(self.buf[self.start]));
            }
            self.start = self.buf.len();
            if !self.fill()? {
                return Ok(None);
            }
        }
    }

    /// Takes the byte `want` (after whitespace).
    fn expect(&mut self, want: u8) -> Result<(), Stopped> {
        if self.peek()? != Some(want) {
            return Err(Unusual.into());
        }
        self.start += 1;
        Ok(())
    }

    /// The next whole string, object or array (after whitespace), taken: its bytes, as far as
    /// its closing quote, brace or bracket. Not checked beyond that: serde does it.
    fn value(&mut self) -> Result<&[u8], Stopped> {
        let first = self.peek()?.ok_or(Unusual)?;
        if !matches!(first, b'"' | b'{' | b'[') {
            return Err(Unusual.into());
        }
        let mut at = 0; // from `start`, which a fill moves
        let mut depth = 0usize;
        let mut in_string = false;
        let mut escaped = false;
        loop {
            if self.start + at == self.buf.len() {
                if !self.fill()? {
                    return Err(Unusual.into());
                }
                continue;
            }
            if escaped {
                at += 1;
                escaped = false;
                continue;
            }
            if in_string {
                // Texts are most of the file: find their end a vector at a time.
                let rest = &self.buf[self.start + at..];
                match memchr::memchr2(b'"', b'\\', rest) {
                    None => at += rest.len(),
                    Some(i) => {
                        at += i + 1;
                        if rest[i] == b'\\' {
                            escaped = true;
                        } else {
                            in_string = false;
                            if depth == 0 {
                                break;
                            }
                        }
                    }
                }
                continue;
            }
            let b = self.buf[self.start + at];
            at += 1;
            match b {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth = depth.checked_sub(1).ok_or(Unusual)?;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
        }
        let v = &self.buf[self.start..self.start + at];
        self.start += at;
        Ok(v)
    }

    fn key(&mut self) -> Result<String, Stopped> {
        let k = serde_json::from_slice(self.value()?).map_err(|_| Unusual)?;
        self.expect(b':')?;
        Ok(k)
    }
}

/// Reads a jrnl export laid out as jrnl writes it, checking each entry as it comes.
pub(super) fn jrnl(r: impl Read, pass: &Pass) -> Result<Parsed, Stopped> {
    let mut p = Pieces {
        r,
        buf: Vec::with_capacity(CHUNK),
        start: 0,
    };
    p.expect(b'{')?;
    if p.key()? != "tags" {
        return Err(Unusual.into());
    }
    serde_json::from_slice::<serde::de::IgnoredAny>(p.value()?).map_err(|_| Unusual)?;
    p.expect(b',')?;
    if p.key()? != "entries" {
        return Err(Unusual.into());
    }
    p.expect(b'[')?;
    let mut parsed = Parsed::default();
    if p.peek()? == Some(b']') {
        p.start += 1;
    } else {
        loop {
            let je: JrnlEntry = serde_json::from_slice(p.value()?).map_err(|_| Unusual)?;
            let entry = parsed.count() + 1;
            parsed
                .push(je, entry, pass.clock, pass.shown)
                .map_err(Stopped::Refused)?;
            match p.peek()? {
                Some(b',') => p.start += 1,
                Some(b']') => {
                    p.start += 1;
                    break;
                }
                _ => return Err(Unusual.into()),
            }
        }
    }
    p.expect(b'}')?;
    if p.peek()?.is_some() {
        return Err(Unusual.into());
    }
    Ok(parsed)
}
