//! The domain records kept in the store. Plain data: no I/O, no terminal.
//!
//! Every record has a stable `id`; names and texts are labels that can change without rewriting
//! anything that points at them.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// A timestamp as stored: RFC 3339 with the UTC offset that was in force when it was taken.
pub type Timestamp = DateTime<FixedOffset>;

/// Ciphertext with its nonce, both base64 (made and opened by `crypto`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sealed {
    pub nonce: String,
    pub ciphertext: String,
}

/// Which side of the breach a partner stands on. It chooses the wording of questions and the
/// path through the guides; it never changes what a partner may read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The partner who was hurt.
    Hurt,
    /// The partner who broke trust.
    Repairing,
    /// Rather not say: sees every role's items, labelled.
    #[default]
    Unsaid,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Hurt, Role::Repairing, Role::Unsaid];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Hurt => "hurt",
            Role::Repairing => "repairing",
            Role::Unsaid => "unsaid",
        }
    }

    /// How the role reads in a sentence.
    pub fn describe(self) -> &'static str {
        match self {
            Role::Hurt => "the partner who was hurt",
            Role::Repairing => "the partner who broke trust",
            Role::Unsaid => "rather not say",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        match s.trim().to_ascii_lowercase().as_str() {
            "hurt" => Some(Role::Hurt),
            "repairing" => Some(Role::Repairing),
            "unsaid" | "rather-not-say" | "none" => Some(Role::Unsaid),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Partner {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub role: Role,
    pub created: Timestamp,
}

/// Who may read an entry. Until a partner sets a passphrase every entry is shared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    #[default]
    Shared,
    /// Sealed with the author's key: only `id`, `author` and `created` are readable.
    Private,
}

/// The guide prompt an entry answers, with a copy of the prompt's text as it was when answered,
/// so the entry still reads right if the pack changes or the prompt is removed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PromptLink {
    pub guide: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prompt_text: Option<String>,
}

/// Where an imported entry came from, so a second import of the same file adds nothing twice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Source {
    /// `jrnl` for now.
    pub kind: String,
    /// A fingerprint of the original entry, unique within its kind.
    pub key: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub id: String,
    pub author: String,
    pub created: Timestamp,
    pub updated: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    pub body: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub starred: bool,
    /// Its author ticked "share with our counsellor": the counsellor summary holds it. Only the
    /// author may set or clear it (`Store::share_with_counsellor`); a private entry keeps it
    /// sealed with the rest of its hidden fields.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub for_counsellor: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<PromptLink>,
    #[serde(default)]
    pub visibility: Visibility,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// The entry this one answers (another partner's, usually): shown beneath it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub responds_to: Option<String>,
    /// A private entry's hidden fields, encrypted (see `crypto`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed: Option<Sealed>,
}

/// One partner's check-in for one local calendar day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckIn {
    pub partner: String,
    pub date: NaiveDate,
    /// 0–10 on the app's own scale (not a validated measure).
    pub trust: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mood: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    pub updated: Timestamp,
    /// The private part, encrypted with the author's key (see `privacy`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed: Option<Sealed>,
}

/// The saved result of one run of a guide exercise (checklist ticks, a scale, a form…).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExerciseResult {
    pub id: String,
    pub partner: String,
    pub guide: String,
    pub exercise: String,
    pub created: Timestamp,
    pub updated: Timestamp,
    pub value: ExerciseValue,
    /// A together exercise (the timed talk) is both partners': it is never sealed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shared: bool,
    /// The private part, encrypted with the author's key (see `privacy`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed: Option<Sealed>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ExerciseValue {
    Reflection {
        text: String,
    },
    /// Ticked item ids with the day each was ticked.
    Checklist {
        ticked: Vec<Tick>,
    },
    Scale {
        value: u8,
    },
    /// Field id → text, in the order of the form.
    Form {
        fields: Vec<FormAnswer>,
    },
    /// Sealed: the real value is in the result's `sealed` part, for its author only.
    Private,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tick {
    pub item: String,
    pub date: NaiveDate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FormAnswer {
    pub field: String,
    pub label: String,
    pub text: String,
}

/// A partner's progress through one guide.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GuideProgress {
    pub partner: String,
    pub guide: String,
    pub opened: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed: Option<Timestamp>,
}

/// Text being written that has not been saved as an entry yet. One per partner and place
/// (`key`: a prompt id, `free` for a new entry, `edit:<id>` when editing one), so a crash or a
/// closed terminal loses at most the last two seconds of typing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub partner: String,
    pub key: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub tags: String,
    pub body: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub link: Option<PromptLink>,
    /// The entry being edited, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entry: Option<String>,
    pub saved: Timestamp,
    /// The private part, encrypted with the author's key (see `privacy`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed: Option<Sealed>,
}

/// A difficult moment: something brought the hurt back. Fewer and milder moments over the weeks
/// are one of the clearest signs of recovery.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Moment {
    pub id: String,
    pub partner: String,
    /// When it happened.
    pub date: Timestamp,
    /// 0–10: how strong it was.
    pub strength: u8,
    /// What set it off (a date, a place, a song…).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub helped: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// The partner asked for reassurance: the other partner's home shows only that it was asked.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub reassure: bool,
    /// The text may be read by the other partner too (by default it stays with its author).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub shared: bool,
    /// When the other partner saw the request for reassurance.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acknowledged: Option<Timestamp>,
    /// The private part, encrypted with the author's key (see `privacy`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed: Option<Sealed>,
}

/// Preferences of this laptop's workbook (one record).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// Always `settings`: the file holds one record.
    pub id: String,
    /// `calm` or `mono`. `NO_COLOR` always means mono.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Off by default, so text (a phone number, say) can be selected with the terminal.
    #[serde(default)]
    pub mouse: bool,
    /// What the quick-hide page shows.
    #[serde(default)]
    pub hide_shows: HideShows,
    /// Which key brings the workbook back from quick-hide.
    #[serde(default)]
    pub hide_returns: HideReturns,
}

/// The quick-hide page: blank, or a dull page of plain notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum HideShows {
    #[default]
    Blank,
    Document,
}

/// What returns from quick-hide: Ctrl-Q again (other keys do nothing), or any key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum HideReturns {
    #[default]
    CtrlQ,
    AnyKey,
}

fn default_theme() -> String {
    "calm".into()
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            id: "settings".into(),
            theme: default_theme(),
            mouse: false,
            hide_shows: HideShows::default(),
            hide_returns: HideReturns::default(),
        }
    }
}

/// An entry moved to the trash: it can be restored until the trash is emptied.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Trashed {
    pub entry: Entry,
    pub deleted: Timestamp,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn older_settings_load_with_quick_hide_defaults() {
        let old: Settings =
            serde_json::from_str(r#"{"id":"settings","theme":"mono","mouse":true}"#).unwrap();
        assert_eq!(old.hide_shows, HideShows::Blank);
        assert_eq!(old.hide_returns, HideReturns::CtrlQ);
        let json = serde_json::to_string(&Settings {
            hide_shows: HideShows::Document,
            hide_returns: HideReturns::AnyKey,
            ..Settings::default()
        })
        .unwrap();
        assert!(
            json.contains(r#""hide_shows":"document","hide_returns":"any-key""#),
            "{json}"
        );
    }

    #[test]
    fn role_parses_loosely_and_prints_stably() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        assert_eq!(Role::parse(" HURT "), Some(Role::Hurt));
        assert_eq!(Role::parse("rather-not-say"), Some(Role::Unsaid));
        assert_eq!(Role::parse("boss"), None);
    }

    #[test]
    fn entry_json_leaves_out_empty_optional_fields() {
        let t: Timestamp = "2026-01-02T03:04:05+01:00".parse().unwrap();
        let e = Entry {
            id: "e1".into(),
            author: "p1".into(),
            created: t,
            updated: t,
            title: None,
            body: "hello".into(),
            tags: vec![],
            starred: false,
            for_counsellor: false,
            link: None,
            visibility: Visibility::Shared,
            source: None,
            responds_to: None,
            sealed: None,
        };
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"id":"e1","author":"p1","created":"2026-01-02T03:04:05+01:00","updated":"2026-01-02T03:04:05+01:00","body":"hello","visibility":"shared"}"#
        );
        let back: Entry = serde_json::from_str(&json).unwrap();
        assert_eq!(back, e);
    }
}
