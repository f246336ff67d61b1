//! Record ids: short, random, lowercase, easy to type and to read aloud.

use rand::RngExt;

/// Crockford's base-32 alphabet: no i, l, o or u, so an id read off a screen is typed right.
const ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

/// A new random id of 12 characters (60 bits): collisions are not a practical concern for one
/// couple's journal, and the store checks anyway.
pub fn new_id() -> String {
    let mut rng = rand::rng();
    (0..12)
        .map(|_| ALPHABET[rng.random_range(0..32)] as char)
        .collect()
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
}
