//! Record ids: short, random, lowercase, easy to type and to read aloud.

use rand::RngExt;

/// Crockford's base-32 alphabet: no i, l, o or u, so an id read off a screen is typed right.
pub const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// A new random id of 12 characters (60 bits): collisions are not a practical concern for one
/// couple's journal, and the store checks anyway.
pub fn new_id() -> String {
    let mut rng = rand::rng();
    (0..12)
        .map(|_| ALPHABET[rng.random_range(0..32)] as char)
        .collect()
}

/// Where fresh ids come from, handed to code that must not reach outside itself (the
/// workbook's `update`): random in the app, a predictable sequence in tests.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ids {
    Random,
    /// `000000000001`, `000000000002`, …: valid ids, in order.
    Sequence(u64),
}

impl Ids {
    pub fn fresh(&mut self) -> String {
        match self {
            Ids::Random => new_id(),
            Ids::Sequence(n) => {
                *n += 1;
                let mut v = *n;
                let mut out = [b'0'; 12];
                for slot in out.iter_mut().rev() {
                    *slot = ALPHABET[(v % 32) as usize];
                    v /= 32;
                }
                String::from_utf8(out.to_vec()).expect("ascii")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_twelve_unambiguous_characters_and_differ() {
        let a = new_id();
        let b = new_id();
        assert_eq!(a.len(), 12);
        assert!(a.bytes().all(|c| ALPHABET.contains(&c)));
        assert_ne!(a, b);
    }

    #[test]
    fn a_sequence_gives_valid_ids_in_order() {
        let mut ids = Ids::Sequence(0);
        let (a, b) = (ids.fresh(), ids.fresh());
        assert_eq!((a.as_str(), b.as_str()), ("000000000001", "000000000002"));
        let mut far = Ids::Sequence(31);
        assert_eq!(far.fresh(), "000000000010");
    }
}
