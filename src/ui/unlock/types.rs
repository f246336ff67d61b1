//! The plain data of an unlock: what is asked, what is typed, what comes back. Passphrases
//! are wiped from memory when dropped and never shown by `Debug`.

use crate::privacy::DataKey;
use ratatui::crossterm::event::KeyEvent;
use zeroize::Zeroizing;

/// What to do once the passphrase is right.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Then {
    /// Press this key again on the same screen (a save that needed the key, opening an entry).
    Replay(KeyEvent),
    /// Read the journal again, with this partner's private entries opened.
    Journal,
    /// Keep the key for a together session's answerer (not the active partner), then replay.
    Session(KeyEvent),
    /// Open the editor that was asked for (`App::pending_editor`).
    OpenEditor,
}

/// A passphrase being typed. Its text is wiped from memory when dropped and never printed.
#[derive(Clone)]
pub struct Prompt {
    /// Whose passphrase (partner id).
    pub partner: String,
    pub typed: Zeroizing<String>,
    pub then: Then,
    pub error: Option<String>,
    /// Argon2id is running on another thread: keys wait, nothing is lost.
    pub working: bool,
}

impl std::fmt::Debug for Prompt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Prompt")
            .field("partner", &self.partner)
            .field("then", &self.then)
            .field("working", &self.working)
            .finish_non_exhaustive()
    }
}

/// A passphrase to check, off the UI thread.
#[derive(Clone, PartialEq)]
pub struct Request {
    pub partner: String,
    pub key: crate::privacy::PartnerKey,
    pub passphrase: Zeroizing<String>,
    pub then: Then,
}

/// A passphrase to set or change (the current one is needed to change it).
#[derive(Clone, PartialEq)]
pub struct NewPassphrase {
    pub partner: String,
    pub current: Option<Zeroizing<String>>,
    pub new: Zeroizing<String>,
}

macro_rules! redacted_debug {
    ($t:ty, $name:literal) => {
        impl std::fmt::Debug for $t {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct($name)
                    .field("partner", &self.partner)
                    .finish_non_exhaustive()
            }
        }
    };
}
redacted_debug!(Request, "Request");
redacted_debug!(NewPassphrase, "NewPassphrase");

/// The answer from the worker thread.
#[derive(Clone, PartialEq)]
pub struct Outcome {
    pub partner: String,
    pub result: Result<DataKey, String>,
    /// `None` for a passphrase that was set or changed.
    pub then: Option<Then>,
}
redacted_debug!(Outcome, "Outcome");
