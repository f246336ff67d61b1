//! Whose words these are. Two rules protect each partner, and they live here, in the domain, so
//! no front end (the workbook, the command line, an import) can forget them:
//!
//! - **Authorship**: only the author of a record may change, delete, restore or purge it. The
//!   other partner answers with a record of their own (a response, a confirmation).
//! - **Sealing**: once a partner has a passphrase, everything they write for themselves is
//!   sealed with their data key before it reaches the disk: a check-in's note, a moment's
//!   text (unless shared), an exercise's result, a draft, a together answer before the reveal.
//!   Entries are sealed when private (the default for such a partner).
//!
//! The store calls these checks on every write; screens only choose what to ask for.

use crate::crypto;
pub use crate::crypto::{CryptoError, DataKey, PartnerKey, unlock};
use crate::model::{CheckIn, Draft, ExerciseResult, ExerciseValue, Moment, PromptLink};
use crate::together::{Agreement, Promise, Session, SessionAnswer};
use serde::{Deserialize, Serialize};

/// The partner doing something, with their data key when they have unlocked it.
#[derive(Clone, PartialEq, Eq)]
pub struct Actor {
    pub partner: String,
    key: Option<DataKey>,
}

impl std::fmt::Debug for Actor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Actor")
            .field("partner", &self.partner)
            .field("unlocked", &self.key.is_some())
            .finish()
    }
}

impl Actor {
    /// A partner who has not unlocked (or has no passphrase).
    pub fn new(partner: impl Into<String>) -> Actor {
        Actor {
            partner: partner.into(),
            key: None,
        }
    }

    pub fn unlocked(partner: impl Into<String>, key: DataKey) -> Actor {
        Actor {
            partner: partner.into(),
            key: Some(key),
        }
    }

    pub fn key(&self) -> Option<&DataKey> {
        self.key.as_ref()
    }

    pub fn is(&self, partner: &str) -> bool {
        self.partner == partner
    }
}

/// Why a write was refused. Typed, so each front end words it its own way.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Denied {
    /// Someone other than the author tried to change or remove it.
    #[error("only the partner who wrote {0} can change it")]
    NotAuthor(&'static str),
    /// The author has a passphrase and has not unlocked, so it cannot be sealed or opened.
    #[error("this is private writing: it needs the passphrase first")]
    Locked,
    /// A promise's author tried to confirm their own mark (or the other to mark it).
    #[error("a promise is marked by the partner who made it and confirmed by the other")]
    OwnPromise,
}

/// Refuses unless `actor` wrote it.
pub fn check_author(actor: &Actor, author: &str, what: &'static str) -> Result<(), Denied> {
    if actor.is(author) {
        Ok(())
    } else {
        Err(Denied::NotAuthor(what))
    }
}

/// "Share with our counsellor" is its author's choice alone: only the partner who wrote an
/// entry may tick or untick it (the other partner's entries are read-only to them, and so is
/// what each chose to show a counsellor). `Store::share_with_counsellor` applies it.
pub fn check_counsellor(actor: &Actor, entry: &crate::model::Entry) -> Result<(), Denied> {
    check_author(actor, &entry.author, "this entry")
}

/// Whether `reader` may read a difficult moment's words: its author always; the other partner
/// only when the author ticked "let them read what I wrote" (`shared`) — a moment not shared
/// shows them nothing, not even that it exists, unless it asked for reassurance. Sealed words
/// are unreadable to anyone until opened.
pub fn moment_readable(m: &crate::model::Moment, reader: &str) -> bool {
    m.partner == reader || (m.shared && m.sealed.is_none())
}

/// A star is its author's mark: only the partner who wrote an entry may star or unstar it.
/// `Store::star_entry` applies it.
pub fn check_star(actor: &Actor, entry: &crate::model::Entry) -> Result<(), Denied> {
    check_author(actor, &entry.author, "this entry")
}

/// A promise is its maker's words; the other partner may only confirm or question a mark.
pub fn check_promise(old: Option<&Promise>, new: &Promise, actor: &Actor) -> Result<(), Denied> {
    let Some(old) = old else {
        return check_author(actor, &new.by, "this promise");
    };
    let maker = actor.is(&old.by);
    let words_changed = old.by != new.by
        || old.text != new.text
        || old.created != new.created
        || old.repeat != new.repeat
        || old.due != new.due
        || old.retired != new.retired
        || old.guide != new.guide;
    if words_changed && !maker {
        return Err(Denied::NotAuthor("this promise"));
    }
    let marks = |p: &Promise| -> Vec<_> {
        p.occurrences
            .iter()
            .map(|o| (o.date, o.status, o.marked))
            .collect()
    };
    let answers = |p: &Promise| -> Vec<_> {
        p.occurrences
            .iter()
            .map(|o| (o.date, o.status, o.marked, o.response))
            .collect()
    };
    if maker {
        // The maker marks; marking again clears the answer about the old mark, nothing else.
        let answer_only_change = marks(old) == marks(new) && answers(old) != answers(new);
        if answer_only_change {
            return Err(Denied::OwnPromise);
        }
    } else if marks(old) != marks(new) {
        return Err(Denied::OwnPromise);
    }
    Ok(())
}

/// An agreement is proposed by one partner and consented to by each: the proposal's words are
/// the proposer's, a consent is its giver's, and the history only grows.
pub fn check_agreement(
    old: Option<&Agreement>,
    new: &Agreement,
    actor: &Actor,
) -> Result<(), Denied> {
    let Some(old) = old else {
        return check_author(actor, &new.proposed_by, "this agreement");
    };
    if old.proposed_by != new.proposed_by || old.created != new.created {
        return Err(Denied::NotAuthor("this agreement"));
    }
    if old.text != new.text && !actor.is(&old.proposed_by) {
        return Err(Denied::NotAuthor("this agreement"));
    }
    let others = |a: &Agreement| -> Vec<_> {
        a.agreed
            .iter()
            .filter(|c| !actor.is(&c.partner))
            .cloned()
            .collect()
    };
    // Editing the text asks both to agree again, so the editor may clear the other's consent.
    let text_edited = old.text != new.text;
    if !text_edited && others(old) != others(new) {
        return Err(Denied::NotAuthor("another partner's consent"));
    }
    if !new.history.starts_with(&old.history)
        || new.history[old.history.len()..]
            .iter()
            .any(|c| !actor.is(&c.by))
    {
        return Err(Denied::NotAuthor("this agreement's history"));
    }
    if old.retired != new.retired
        && (old.retired.is_some() || new.retired.as_ref().is_some_and(|r| !actor.is(&r.by)))
    {
        return Err(Denied::NotAuthor("this agreement"));
    }
    Ok(())
}

/// In a together session each answer is its author's: nobody else may change or remove it.
/// The caller's copy may hold another's answer opened in memory; what is stored stays as it
/// was (sealed), matched by who answered and when. (The shared note is both partners'.)
pub fn merge_session(
    old: Option<&Session>,
    mut new: Session,
    actor: &Actor,
) -> Result<Session, Denied> {
    let Some(old) = old else {
        let foreign = new
            .questions
            .iter()
            .flat_map(|q| &q.answers)
            .any(|a| !actor.is(&a.partner));
        return if foreign {
            Err(Denied::NotAuthor("another partner's answer"))
        } else {
            Ok(new)
        };
    };
    let same = |a: &SessionAnswer, b: &SessionAnswer| a.partner == b.partner && a.at == b.at;
    for (i, nq) in new.questions.iter_mut().enumerate() {
        let oq = old.questions.get(i);
        for a in nq.answers.iter_mut().filter(|a| !actor.is(&a.partner)) {
            match oq.and_then(|q| q.answers.iter().find(|b| same(a, b))) {
                Some(stored) => *a = stored.clone(),
                None => return Err(Denied::NotAuthor("another partner's answer")),
            }
        }
    }
    for (i, oq) in old.questions.iter().enumerate() {
        for a in oq.answers.iter().filter(|a| !actor.is(&a.partner)) {
            let kept = new
                .questions
                .get(i)
                .is_some_and(|q| q.answers.iter().any(|b| same(a, b)));
            if !kept {
                return Err(Denied::NotAuthor("another partner's answer"));
            }
        }
    }
    Ok(new)
}

// ----- sealing each kind of record ------------------------------------------------------------

fn open<T: serde::de::DeserializeOwned>(
    sealed: &crypto::Sealed,
    key: &DataKey,
) -> Result<T, CryptoError> {
    crypto::open_value(sealed, key)
}

/// An entry opened for its author (as it is, when it is not sealed); an error names a wrong key
/// or a changed file.
pub fn read_entry(
    e: &crate::model::Entry,
    key: &DataKey,
) -> Result<crate::model::Entry, CryptoError> {
    crypto::open_entry(e, key)
}

/// An entry opened for its author, or `None` when it is not sealed (or cannot be opened).
pub fn open_entry(e: &crate::model::Entry, key: &DataKey) -> Option<crate::model::Entry> {
    e.sealed.as_ref()?;
    crypto::open_entry(e, key).ok()
}

/// A check-in's note is sealed; the trust number and mood stay readable (both partners' lines
/// are drawn on one chart).
pub fn seal_checkin(c: &mut CheckIn, key: &DataKey) {
    if let Some(note) = c.note.take() {
        c.sealed = Some(crypto::seal_value(&note, key));
    }
}

pub fn open_checkin(c: &mut CheckIn, key: &DataKey) -> Result<(), CryptoError> {
    if let Some(s) = &c.sealed {
        c.note = Some(open(s, key)?);
        c.sealed = None;
    }
    Ok(())
}

#[derive(Serialize, Deserialize)]
struct MomentText {
    trigger: Option<String>,
    helped: Option<String>,
    note: Option<String>,
}

/// A moment's words (what set it off, what helped, a note) are sealed unless shared; its day,
/// strength and a request for reassurance stay readable, so the other partner can be told.
pub fn seal_moment(m: &mut Moment, key: &DataKey) {
    if m.shared || (m.trigger.is_none() && m.helped.is_none() && m.note.is_none()) {
        return;
    }
    let text = MomentText {
        trigger: m.trigger.take(),
        helped: m.helped.take(),
        note: m.note.take(),
    };
    m.sealed = Some(crypto::seal_value(&text, key));
}

pub fn open_moment(m: &mut Moment, key: &DataKey) -> Result<(), CryptoError> {
    if let Some(s) = &m.sealed {
        let t: MomentText = open(s, key)?;
        m.trigger = t.trigger;
        m.helped = t.helped;
        m.note = t.note;
        m.sealed = None;
    }
    Ok(())
}

/// An exercise's whole result is sealed; which guide and exercise it belongs to stays readable.
pub fn seal_exercise(r: &mut ExerciseResult, key: &DataKey) {
    if r.value == ExerciseValue::Private {
        return;
    }
    let value = std::mem::replace(&mut r.value, ExerciseValue::Private);
    r.sealed = Some(crypto::seal_value(&value, key));
}

pub fn open_exercise(r: &mut ExerciseResult, key: &DataKey) -> Result<(), CryptoError> {
    if let Some(s) = &r.sealed {
        r.value = open(s, key)?;
        r.sealed = None;
    }
    Ok(())
}

#[derive(Serialize, Deserialize)]
struct DraftText {
    title: String,
    tags: String,
    body: String,
    link: Option<PromptLink>,
}

/// A draft's words are sealed, so a crash loses nothing and the disk shows nothing.
pub fn seal_draft(d: &mut Draft, key: &DataKey) {
    let text = DraftText {
        title: std::mem::take(&mut d.title),
        tags: std::mem::take(&mut d.tags),
        body: std::mem::take(&mut d.body),
        link: d.link.take(),
    };
    d.sealed = Some(crypto::seal_value(&text, key));
}

pub fn open_draft(d: &mut Draft, key: &DataKey) -> Result<(), CryptoError> {
    if let Some(s) = &d.sealed {
        let t: DraftText = open(s, key)?;
        d.title = t.title;
        d.tags = t.tags;
        d.body = t.body;
        d.link = t.link;
        d.sealed = None;
    }
    Ok(())
}

/// A together answer is sealed with its author's key until the reveal.
pub fn seal_answer(a: &mut SessionAnswer, key: &DataKey) {
    if a.sealed.is_none() && a.text.is_some() {
        a.sealed = Some(crypto::seal_value(&a.text.take(), key));
    }
}

pub fn open_answer(a: &mut SessionAnswer, key: &DataKey) -> Result<(), CryptoError> {
    if let Some(s) = &a.sealed {
        a.text = open(s, key)?;
        a.sealed = None;
    }
    Ok(())
}

#[cfg(test)]
mod tests;
