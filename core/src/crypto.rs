//! Private entries, for real: a random data key per author, wrapped by a key derived from the
//! author's passphrase (Argon2id, parameters stored beside it), and XChaCha20-Poly1305 for the
//! text. RustCrypto's `argon2` and `chacha20poly1305` do the cryptography; this module only
//! decides what is sealed and how it is stored. See `docs/STORE.md` and `docs/PRIVACY.md`.

use crate::model::{Entry, PromptLink, Source, Timestamp, Visibility};
use base64ct::{Base64, Encoding};
use chacha20poly1305::aead::{Aead, KeyInit};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use rand::RngExt;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

/// Argon2id settings: 19 MiB, two passes, one lane (a common recommendation for interactive use).
pub const M_COST_KIB: u32 = 19 * 1024;
pub const T_COST: u32 = 2;
pub const P_COST: u32 = 1;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct KdfParams {
    /// Always `argon2id`.
    pub alg: String,
    pub m_cost_kib: u32,
    pub t_cost: u32,
    pub p_cost: u32,
    /// Base64.
    pub salt: String,
}

pub use crate::model::Sealed;

/// A partner's data key, wrapped by their passphrase: one small record in `keys.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartnerKey {
    pub partner: String,
    pub kdf: KdfParams,
    pub wrapped: Sealed,
    pub updated: Timestamp,
}

/// The unwrapped data key, held in memory only while a partner is unlocked.
#[derive(Clone, PartialEq, Eq)]
pub struct DataKey([u8; 32]);

impl std::fmt::Debug for DataKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DataKey(…)")
    }
}

impl Drop for DataKey {
    fn drop(&mut self) {
        // Overwrite the key before the memory is freed.
        self.0.zeroize();
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CryptoError {
    #[error("that passphrase is not right")]
    WrongPassphrase,
    #[error("the private text could not be opened: it is damaged or was changed")]
    Tampered,
    #[error("the key file is damaged: {0}")]
    Damaged(String),
}

fn random<const N: usize>() -> [u8; N] {
    let mut b = [0u8; N];
    rand::rng().fill(&mut b[..]);
    b
}

fn derive(passphrase: &str, kdf: &KdfParams) -> Result<Zeroizing<[u8; 32]>, CryptoError> {
    let salt = Base64::decode_vec(&kdf.salt).map_err(|e| CryptoError::Damaged(e.to_string()))?;
    let params = argon2::Params::new(kdf.m_cost_kib, kdf.t_cost, kdf.p_cost, Some(32))
        .map_err(|e| CryptoError::Damaged(e.to_string()))?;
    let argon = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let mut out = Zeroizing::new([0u8; 32]);
    argon
        .hash_password_into(passphrase.as_bytes(), &salt, &mut out[..])
        .map_err(|e| CryptoError::Damaged(e.to_string()))?;
    Ok(out)
}

fn seal_bytes(key: &[u8; 32], plain: &[u8]) -> Sealed {
    let cipher = XChaCha20Poly1305::new_from_slice(key).expect("a 32-byte key");
    let nonce_bytes: [u8; 24] = random();
    let nonce = XNonce::try_from(&nonce_bytes[..]).expect("a 24-byte nonce");
    let ciphertext = cipher
        .encrypt(&nonce, plain)
        .expect("encryption cannot fail");
    Sealed {
        nonce: Base64::encode_string(&nonce_bytes),
        ciphertext: Base64::encode_string(&ciphertext),
    }
}

fn open_bytes(key: &[u8; 32], sealed: &Sealed) -> Result<Vec<u8>, CryptoError> {
    let cipher = XChaCha20Poly1305::new_from_slice(key).expect("a 32-byte key");
    let nonce_bytes = Base64::decode_vec(&sealed.nonce).map_err(|_| CryptoError::Tampered)?;
    let nonce = XNonce::try_from(&nonce_bytes[..]).map_err(|_| CryptoError::Tampered)?;
    let ciphertext = Base64::decode_vec(&sealed.ciphertext).map_err(|_| CryptoError::Tampered)?;
    cipher
        .decrypt(&nonce, ciphertext.as_ref())
        .map_err(|_| CryptoError::Tampered)
}

/// A new data key for a partner, wrapped by their passphrase.
pub fn new_key(partner: &str, passphrase: &str, now: Timestamp) -> (PartnerKey, DataKey) {
    let data = DataKey(random());
    let pk = wrap(partner, &data, passphrase, now);
    (pk, data)
}

/// Wraps a data key with a passphrase (a new salt each time): setting or changing a passphrase.
pub fn wrap(partner: &str, data: &DataKey, passphrase: &str, now: Timestamp) -> PartnerKey {
    let kdf = KdfParams {
        alg: "argon2id".into(),
        m_cost_kib: M_COST_KIB,
        t_cost: T_COST,
        p_cost: P_COST,
        salt: Base64::encode_string(&random::<16>()),
    };
    let kek = derive(passphrase, &kdf).expect("our own parameters are valid");
    PartnerKey {
        partner: partner.to_string(),
        wrapped: seal_bytes(&kek, &data.0),
        kdf,
        updated: now,
    }
}

/// Unwraps a partner's data key. A wrong passphrase fails the authentication: it is told plainly.
pub fn unlock(pk: &PartnerKey, passphrase: &str) -> Result<DataKey, CryptoError> {
    if pk.kdf.alg != "argon2id" {
        return Err(CryptoError::Damaged(format!(
            "unknown key derivation {}",
            pk.kdf.alg
        )));
    }
    let kek = derive(passphrase, &pk.kdf)?;
    let raw =
        Zeroizing::new(open_bytes(&kek, &pk.wrapped).map_err(|_| CryptoError::WrongPassphrase)?);
    let mut key = DataKey([0u8; 32]);
    if raw.len() != key.0.len() {
        return Err(CryptoError::Damaged("a data key of the wrong size".into()));
    }
    key.0.copy_from_slice(&raw);
    Ok(key)
}

/// What a private entry hides: everything but its id, author and created time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Hidden {
    updated: Timestamp,
    title: Option<String>,
    body: String,
    tags: Vec<String>,
    starred: bool,
    /// Older sealed entries have no such field: not shared with a counsellor.
    #[serde(default)]
    for_counsellor: bool,
    link: Option<PromptLink>,
    source: Option<Source>,
}

/// Sizes are padded up to these buckets (then to whole 4 KiB), so a length says little.
fn padded_len(n: usize) -> usize {
    let mut b = 256;
    while b < n && b < 4096 {
        b *= 2;
    }
    if n <= b { b } else { n.div_ceil(4096) * 4096 }
}

/// Seals any value for its author: JSON, length-prefixed and padded to a bucket, then encrypted.
/// Every private part of every record (an entry's text, a check-in's note, a draft…) goes
/// through here, so they all share one format.
pub fn seal_value<T: Serialize>(value: &T, key: &DataKey) -> Sealed {
    let json = Zeroizing::new(serde_json::to_vec(value).expect("serialises"));
    let mut plain = Zeroizing::new((json.len() as u32).to_le_bytes().to_vec());
    plain.extend_from_slice(&json);
    let padded = padded_len(plain.len());
    plain.resize(padded, 0);
    seal_bytes(&key.0, &plain)
}

/// Opens what [`seal_value`] sealed.
pub fn open_value<T: DeserializeOwned>(sealed: &Sealed, key: &DataKey) -> Result<T, CryptoError> {
    let plain = Zeroizing::new(open_bytes(&key.0, sealed)?);
    let len = u32::from_le_bytes(
        plain
            .get(..4)
            .ok_or(CryptoError::Tampered)?
            .try_into()
            .unwrap(),
    ) as usize;
    let json = plain.get(4..4 + len).ok_or(CryptoError::Tampered)?;
    serde_json::from_slice(json).map_err(|_| CryptoError::Tampered)
}

/// Seals an entry for its author: the stored entry keeps only id, author, created time and
/// the entry it responds to (so a response can still be shown beneath it).
pub fn seal_entry(e: &Entry, key: &DataKey) -> Entry {
    let hidden = Hidden {
        updated: e.updated,
        title: e.title.clone(),
        body: e.body.clone(),
        tags: e.tags.clone(),
        starred: e.starred,
        for_counsellor: e.for_counsellor,
        link: e.link.clone(),
        source: e.source.clone(),
    };
    Entry {
        id: e.id.clone(),
        author: e.author.clone(),
        created: e.created,
        updated: e.created,
        title: None,
        body: String::new(),
        tags: Vec::new(),
        starred: false,
        for_counsellor: false,
        link: None,
        visibility: Visibility::Private,
        source: None,
        responds_to: e.responds_to.clone(),
        sealed: Some(seal_value(&hidden, key)),
    }
}

/// Opens a sealed entry with its author's key.
pub fn open_entry(e: &Entry, key: &DataKey) -> Result<Entry, CryptoError> {
    let Some(sealed) = &e.sealed else {
        return Ok(e.clone());
    };
    let h: Hidden = open_value(sealed, key)?;
    Ok(Entry {
        updated: h.updated,
        title: h.title,
        body: h.body,
        tags: h.tags,
        starred: h.starred,
        for_counsellor: h.for_counsellor,
        link: h.link,
        source: h.source,
        sealed: None,
        ..e.clone()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t() -> Timestamp {
        "2026-11-25T10:00:00+00:00".parse().unwrap()
    }

    fn entry(body: &str) -> Entry {
        Entry {
            id: "e1".into(),
            author: "p1".into(),
            created: t(),
            updated: t(),
            title: Some("A title".into()),
            body: body.into(),
            tags: vec!["secret-tag".into()],
            starred: true,
            for_counsellor: false,
            link: Some(PromptLink {
                guide: "own-it".into(),
                prompt: None,
                prompt_text: None,
            }),
            visibility: Visibility::Shared,
            source: None,
            responds_to: None,
            sealed: None,
        }
    }

    #[test]
    fn round_trip_and_nothing_readable_outside() {
        let (pk, key) = new_key("p1", "correct horse", t());
        let sealed = seal_entry(&entry("MARKER-42 body"), &key);
        let json = serde_json::to_string(&sealed).unwrap();
        for secret in ["MARKER-42", "A title", "secret-tag", "own-it"] {
            assert!(!json.contains(secret), "{secret} leaked: {json}");
        }
        assert_eq!(sealed.visibility, Visibility::Private);
        let key2 = unlock(&pk, "correct horse").unwrap();
        let opened = open_entry(&sealed, &key2).unwrap();
        assert_eq!(
            opened,
            Entry {
                visibility: Visibility::Private,
                ..entry("MARKER-42 body")
            }
        );
    }

    #[test]
    fn a_wrong_passphrase_is_told_plainly() {
        let (pk, _) = new_key("p1", "right", t());
        assert_eq!(
            unlock(&pk, "wrong").unwrap_err(),
            CryptoError::WrongPassphrase
        );
    }

    #[test]
    fn tampering_is_detected() {
        let (_, key) = new_key("p1", "pw", t());
        let mut sealed = seal_entry(&entry("text"), &key);
        let s = sealed.sealed.as_mut().unwrap();
        let mut bytes = Base64::decode_vec(&s.ciphertext).unwrap();
        bytes[10] ^= 1;
        s.ciphertext = Base64::encode_string(&bytes);
        assert_eq!(
            open_entry(&sealed, &key).unwrap_err(),
            CryptoError::Tampered
        );
    }

    #[test]
    fn changing_the_passphrase_rewraps_the_same_key() {
        let (pk, key) = new_key("p1", "old", t());
        let sealed = seal_entry(&entry("kept"), &key);
        let unlocked = unlock(&pk, "old").unwrap();
        let pk2 = wrap("p1", &unlocked, "new", t());
        assert!(unlock(&pk2, "old").is_err());
        let k = unlock(&pk2, "new").unwrap();
        assert_eq!(open_entry(&sealed, &k).unwrap().body, "kept");
    }

    #[test]
    fn lengths_are_padded_to_buckets() {
        let (_, key) = new_key("p1", "pw", t());
        let a = seal_entry(&entry("short"), &key);
        let b = seal_entry(&entry("a little longer, but not much"), &key);
        assert_eq!(
            a.sealed.unwrap().ciphertext.len(),
            b.sealed.unwrap().ciphertext.len()
        );
        assert_eq!(padded_len(5000), 8192);
    }
}
