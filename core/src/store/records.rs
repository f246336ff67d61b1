//! Writing what partners write. Every method takes the acting partner: the store refuses a
//! change to another's record (`privacy::check_*`) and seals what the rules say must be sealed,
//! whatever front end calls it.

use super::paths::{self, Month};
use super::{Result, Store, StoreError, fsio, upsert, upsert_many};
use crate::crypto::DataKey;
use crate::model::{CheckIn, Draft, Entry, ExerciseResult, GuideProgress, Moment, Trashed};
use crate::model::{Timestamp, Visibility};
use crate::privacy::{self, Actor, Denied, check_author};
use crate::together::{Agreement, Promise, Session};
use chrono::{Datelike, NaiveDate};

impl Store {
    /// A partner unlocked with their passphrase: the actor that may write sealed and open
    /// what they sealed. Slow (Argon2id): call it off the UI thread.
    pub fn unlock(&self, partner: &str, passphrase: &str) -> Result<Actor> {
        let pk = self
            .partner_key(partner)?
            .ok_or_else(|| StoreError::Refused("that partner has no passphrase yet".into()))?;
        Ok(Actor::unlocked(
            partner,
            crate::crypto::unlock(&pk, passphrase)?,
        ))
    }

    /// Whether a partner has set a passphrase (from then on their writing is sealed).
    pub fn is_keyed(&self, partner: &str) -> Result<bool> {
        Ok(self.partner_key(partner)?.is_some())
    }

    /// The key that seals what `actor` writes for themselves: none without a passphrase;
    /// with one, refused until they have unlocked.
    fn sealing_key<'a>(&self, actor: &'a Actor) -> Result<Option<&'a DataKey>> {
        if !self.is_keyed(&actor.partner)? {
            return Ok(None);
        }
        actor.key().map(Some).ok_or(Denied::Locked.into())
    }

    /// Saves an entry the actor wrote (new, or their own edited), sealed when `private`.
    /// Returns the entry as stored.
    pub fn save_entry(&self, actor: &Actor, entry: Entry, private: bool) -> Result<Entry> {
        check_author(actor, &entry.author, "this entry")?;
        crate::validate::timestamp(&entry.created)?;
        let stored = if private {
            if !self.is_keyed(&actor.partner)? {
                return Err(StoreError::Refused(
                    "a private entry needs a passphrase first".into(),
                ));
            }
            let key = actor.key().ok_or(Denied::Locked)?;
            crate::crypto::seal_entry(&entry, key)
        } else {
            Entry {
                visibility: Visibility::Shared,
                sealed: None,
                ..entry
            }
        };
        let month = Month::of(stored.created.date_naive());
        self.modify::<Entry, _>(month.file(), |all| {
            if let Some(old) = all.iter().find(|e| e.id == stored.id) {
                check_author(actor, &old.author, "this entry")?;
            }
            upsert(all, stored.clone());
            all.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
            Ok(())
        })?;
        Ok(stored)
    }

    /// Ticks (`on`) or unticks "share with our counsellor" on the actor's own entry; any other
    /// partner is refused (`Denied::NotAuthor`). A private entry keeps the flag sealed with its
    /// other hidden fields, so it is opened and sealed again with the author's key (refused with
    /// `Denied::Locked` until they have unlocked). Its words and `updated` are left as they are.
    /// Returns the entry as stored.
    pub fn share_with_counsellor(&self, actor: &Actor, id: &str, on: bool) -> Result<Entry> {
        self.set_author_mark(actor, id, on, privacy::check_counsellor, |e| {
            &mut e.for_counsellor
        })
    }

    /// Stars (`on`) or unstars the actor's own entry; any other partner is refused
    /// (`Denied::NotAuthor`): a star is its author's mark. As with "share with our counsellor",
    /// a private entry keeps its star sealed with its other hidden fields, so it is opened and
    /// sealed again with the author's key (`Denied::Locked` until they have unlocked). Its words
    /// and `updated` are left as they are. Returns the entry as stored.
    pub fn star_entry(&self, actor: &Actor, id: &str, on: bool) -> Result<Entry> {
        self.set_author_mark(actor, id, on, privacy::check_star, |e| &mut e.starred)
    }

    /// Sets one of the marks only an entry's author may set (`check` says who), on the entry
    /// `id`: a private entry is opened and sealed again with the author's key, since its marks
    /// are sealed with its other hidden fields. Its words and `updated` are left as they are.
    fn set_author_mark(
        &self,
        actor: &Actor,
        id: &str,
        on: bool,
        check: fn(&Actor, &Entry) -> std::result::Result<(), Denied>,
        mark: fn(&mut Entry) -> &mut bool,
    ) -> Result<Entry> {
        let found = self
            .find_entry(id)?
            .ok_or_else(|| StoreError::Refused(format!("there is no entry {id}")))?;
        check(actor, &found)?;
        let month = Month::of(found.created.date_naive());
        self.modify::<Entry, _>(month.file(), |all| {
            let e = all
                .iter_mut()
                .find(|e| e.id == found.id)
                .ok_or_else(|| StoreError::Refused(format!("there is no entry {id}")))?;
            check(actor, e)?;
            if e.sealed.is_some() {
                let key = actor.key().ok_or(Denied::Locked)?;
                let mut open = crate::crypto::open_entry(e, key)?;
                if *mark(&mut open) != on {
                    *mark(&mut open) = on;
                    *e = crate::crypto::seal_entry(&open, key);
                }
            } else {
                *mark(e) = on;
            }
            Ok(e.clone())
        })
    }

    /// Adds entries that are not in the store yet (an import, the workload), each in the file
    /// of its month, under one lock. An entry whose id is already there is left as it is, never
    /// replaced. Returns how many were added.
    pub fn add_entries(&self, entries: &[Entry]) -> Result<usize> {
        self.add_new(
            entries,
            |e| Month::of(e.created.date_naive()).file(),
            |a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)),
        )
    }

    /// Adds check-ins for days that have none yet (an import, the workload); a day already
    /// checked in is left as it is. Returns how many were added.
    pub fn add_checkins(&self, checkins: &[CheckIn]) -> Result<usize> {
        self.add_new(
            checkins,
            |c| paths::checkins_file(c.date.year()),
            |a, b| a.date.cmp(&b.date).then_with(|| a.partner.cmp(&b.partner)),
        )
    }

    /// Moves the actor's own entry to the trash. The trash is written first, so a crash in
    /// between leaves the entry in both places, never in neither.
    pub fn trash_entry(&self, actor: &Actor, id: &str) -> Result<()> {
        let now = self.clock.now();
        let entry = self
            .find_entry(id)?
            .ok_or_else(|| StoreError::Refused(format!("there is no entry {id}")))?;
        check_author(actor, &entry.author, "this entry")?;
        let month = Month::of(entry.created.date_naive());
        self.write(|tx| {
            tx.modify::<Trashed, _>(paths::TRASH, |all| {
                upsert(
                    all,
                    Trashed {
                        entry: entry.clone(),
                        deleted: now,
                    },
                );
                Ok(())
            })?;
            tx.modify::<Entry, _>(month.file(), |all| {
                all.retain(|e| e.id != entry.id);
                Ok(())
            })
        })
    }

    /// Puts the actor's trashed entry back in its month (written first) and takes it out of
    /// the trash.
    pub fn restore_entry(&self, actor: &Actor, id: &str) -> Result<()> {
        let item = self
            .trash()?
            .into_iter()
            .find(|t| t.entry.id == id)
            .ok_or_else(|| StoreError::Refused(format!("there is no entry {id} in the trash")))?;
        check_author(actor, &item.entry.author, "this entry")?;
        let month = Month::of(item.entry.created.date_naive());
        self.write(|tx| {
            tx.modify::<Entry, _>(month.file(), |all| {
                upsert(all, item.entry.clone());
                all.sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
                Ok(())
            })?;
            tx.modify::<Trashed, _>(paths::TRASH, |all| {
                all.retain(|t| t.entry.id != id);
                Ok(())
            })
        })
    }

    /// Empties the actor's part of the trash for good; the other partner's stays. The trash's
    /// backups (which held the purged entries) are removed too, and the rolling backups of the
    /// months they were written in. Returns how many were purged.
    pub fn empty_trash(&self, actor: &Actor) -> Result<usize> {
        self.write(|tx| {
            let gone: Vec<Trashed> = tx.modify::<Trashed, _>(paths::TRASH, |all| {
                let (gone, kept) = std::mem::take(all)
                    .into_iter()
                    .partition(|t| actor.is(&t.entry.author));
                *all = kept;
                Ok(gone)
            })?;
            fsio::remove_backup_in(&self.dir, &self.own_rel(paths::TRASH.as_ref()))?;
            let months: std::collections::BTreeSet<Month> = gone
                .iter()
                .map(|t| Month::of(t.entry.created.date_naive()))
                .collect();
            for m in months {
                // The month no longer holds the entry; its older versions did.
                fsio::refresh_backup_in(&self.dir, &self.own_rel(&m.file()))?;
            }
            Ok(gone.len())
        })
    }

    /// Deletes the actor's own entry for good, wherever it is (its month, the trash, or both
    /// after an interrupted move). The rolling backups of its month and of the trash are
    /// refreshed too, so no older copy keeps it (as [`Store::empty_trash`] does).
    pub fn purge_entry(&self, actor: &Actor, id: &str) -> Result<()> {
        let trashed = self.trash()?.into_iter().find(|t| t.entry.id == id);
        let entry = match self.find_entry(id)? {
            Some(e) if e.id == id => e,
            _ => trashed
                .as_ref()
                .map(|t| t.entry.clone())
                .ok_or_else(|| StoreError::Refused(format!("there is no entry {id}")))?,
        };
        check_author(actor, &entry.author, "this entry")?;
        let month = Month::of(entry.created.date_naive());
        self.write(|tx| {
            if self.is_synced() || self.dir.join(month.file()).exists() {
                tx.modify::<Entry, _>(month.file(), |all| {
                    all.retain(|e| e.id != entry.id);
                    Ok(())
                })?;
                fsio::refresh_backup_in(&self.dir, &self.own_rel(&month.file()))?;
            }
            if trashed.is_some() {
                tx.modify::<Trashed, _>(paths::TRASH, |all| {
                    all.retain(|t| t.entry.id != entry.id);
                    Ok(())
                })?;
                fsio::refresh_backup_in(&self.dir, &self.own_rel(paths::TRASH.as_ref()))?;
            }
            Ok(())
        })
    }

    /// Records the actor's check-in for a day. A second check-in the same day changes only the
    /// fields given; a new day needs a trust level. The note is sealed once they have a
    /// passphrase.
    pub fn put_checkin(
        &self,
        actor: &Actor,
        date: NaiveDate,
        trust: Option<u8>,
        mood: Option<String>,
        note: Option<String>,
    ) -> Result<CheckIn> {
        crate::validate::date(date)?;
        if let Some(t) = trust {
            crate::validate::trust(t)?;
        }
        let now = self.clock.now();
        let key = match note {
            Some(_) => self.sealing_key(actor)?,
            None => None,
        };
        let partner = actor.partner.as_str();
        self.modify::<CheckIn, _>(paths::checkins_file(date.year()), |all| {
            let existing = all
                .iter_mut()
                .find(|c| c.partner == partner && c.date == date);
            let c = match existing {
                Some(c) => {
                    if let Some(t) = trust {
                        c.trust = t;
                    }
                    if mood.is_some() {
                        c.mood = mood;
                    }
                    if note.is_some() {
                        c.note = note;
                        c.sealed = None;
                    }
                    c.updated = now;
                    c
                }
                None => {
                    let trust = trust.ok_or_else(|| {
                        StoreError::Refused(format!(
                            "there is no check-in for {date} yet, so it needs a trust level"
                        ))
                    })?;
                    all.push(CheckIn {
                        partner: partner.to_string(),
                        date,
                        trust,
                        mood,
                        note,
                        updated: now,
                        sealed: None,
                    });
                    all.last_mut().expect("just pushed")
                }
            };
            if let Some(k) = key {
                privacy::seal_checkin(c, k);
            }
            let c = c.clone();
            all.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.partner.cmp(&b.partner)));
            Ok(c)
        })
    }

    /// Saves the actor's exercise result, replacing their earlier one with the same id; sealed
    /// once they have a passphrase.
    pub fn put_exercise(&self, actor: &Actor, mut result: ExerciseResult) -> Result<()> {
        check_author(actor, &result.partner, "this exercise")?;
        if let crate::model::ExerciseValue::Scale { value } = result.value {
            crate::validate::scale("scale value", value)?;
        }
        if !result.shared
            && let Some(k) = self.sealing_key(actor)?
        {
            privacy::seal_exercise(&mut result, k);
        }
        self.put_own(actor, super::paths::EXERCISES, result, |r| &r.partner)
    }

    /// Saves the actor's difficult moment (new or changed); its words are sealed unless shared,
    /// once they have a passphrase.
    pub fn put_moment(&self, actor: &Actor, mut moment: Moment) -> Result<()> {
        check_author(actor, &moment.partner, "this moment")?;
        crate::validate::timestamp(&moment.date)?;
        crate::validate::scale("strength", moment.strength)?;
        if let Some(k) = self.sealing_key(actor)? {
            privacy::seal_moment(&mut moment, k);
        }
        self.put_own(actor, paths::MOMENTS, moment, |m| &m.partner)
    }

    /// The other partner has seen these requests for reassurance. Only that mark changes.
    pub fn acknowledge_moments(&self, actor: &Actor, ids: &[String], now: Timestamp) -> Result<()> {
        self.modify::<Moment, _>(paths::MOMENTS, |all| {
            for m in all.iter_mut().filter(|m| ids.contains(&m.id)) {
                if actor.is(&m.partner) {
                    return Err(Denied::NotAuthor("this request for reassurance").into());
                }
                m.acknowledged.get_or_insert(now);
            }
            Ok(())
        })
    }

    /// Saves the actor's draft for one place; sealed once they have a passphrase (so a crash
    /// loses nothing and the disk shows nothing).
    pub fn put_draft(&self, actor: &Actor, mut draft: Draft) -> Result<()> {
        check_author(actor, &draft.partner, "this draft")?;
        if let Some(k) = self.sealing_key(actor)? {
            privacy::seal_draft(&mut draft, k);
        }
        self.put_own(actor, paths::DRAFTS, draft, |d| &d.partner)
    }

    /// Removes the actor's draft for one place (after the entry was saved, or discarded).
    pub fn delete_draft(&self, actor: &Actor, key: &str) -> Result<()> {
        if !self.is_synced() && !self.dir.join(paths::DRAFTS).exists() {
            return Ok(());
        }
        self.modify::<Draft, _>(paths::DRAFTS, |all| {
            all.retain(|d| !(actor.is(&d.partner) && d.key == key));
            Ok(())
        })
    }

    /// Saves the actor's progress through a guide (opened, completed).
    pub fn put_progress(&self, actor: &Actor, progress: GuideProgress) -> Result<()> {
        check_author(actor, &progress.partner, "this progress")?;
        self.put_own(actor, paths::PROGRESS, progress, |p| &p.partner)
    }

    /// Saves a promise: made and marked by its maker, confirmed or questioned by the other.
    pub fn put_promise(&self, actor: &Actor, p: Promise) -> Result<()> {
        self.put_checked(paths::PROMISES, p, |old, new| {
            privacy::check_promise(old, new, actor)
        })
    }

    /// Saves an agreement: the wording is its proposer's, each consent its giver's.
    pub fn put_agreement(&self, actor: &Actor, a: Agreement) -> Result<()> {
        self.put_checked(paths::AGREEMENTS, a, |old, new| {
            privacy::check_agreement(old, new, actor)
        })
    }

    /// Saves a together session. The actor's answers are sealed with their key (once they have
    /// a passphrase) so the other partner cannot read them from disk before the reveal; nobody
    /// may change another's answer.
    pub fn put_session(&self, actor: &Actor, mut s: Session) -> Result<()> {
        let mine_unsealed = s
            .questions
            .iter()
            .flat_map(|q| &q.answers)
            .any(|a| actor.is(&a.partner) && a.text.is_some());
        if mine_unsealed && let Some(k) = self.sealing_key(actor)? {
            for a in s.questions.iter_mut().flat_map(|q| q.answers.iter_mut()) {
                if actor.is(&a.partner) {
                    privacy::seal_answer(a, k);
                }
            }
        }
        self.modify::<Session, _>(paths::TOGETHER, |all| {
            let old = all.iter().find(|x| x.id == s.id);
            let merged = privacy::merge_session(old, s, actor)?;
            upsert(all, merged);
            Ok(())
        })
    }

    /// Replaces or adds a record that belongs to one partner, refusing to replace another's.
    fn put_own<T: super::Collection>(
        &self,
        actor: &Actor,
        file: &str,
        record: T,
        owner: impl Fn(&T) -> &String,
    ) -> Result<()> {
        self.put_checked(file, record, |old, _| match old {
            Some(old) => check_author(actor, owner(old), "this record"),
            None => Ok(()),
        })
    }

    /// Replaces or adds a record, after `check` has seen the one it replaces.
    fn put_checked<T: super::Collection>(
        &self,
        file: &str,
        record: T,
        check: impl Fn(Option<&T>, &T) -> Result<(), Denied>,
    ) -> Result<()> {
        self.modify::<T, _>(file, |all| {
            let key = record.key();
            check(all.iter().find(|r| r.key() == key), &record)?;
            upsert_many(all, [record]);
            Ok(())
        })
    }
}

impl super::Txn<'_> {
    /// A partner has just set their first passphrase: what they wrote for themselves before
    /// (check-in notes, moments' words, exercise results, drafts) is sealed now too, and the
    /// backups of those files are replaced, so no readable copy stays behind. Entries keep the
    /// visibility they were written with.
    pub(super) fn seal_what_was_written(&self, partner: &str, key: &DataKey) -> Result<()> {
        let dir = self.store().dir().to_path_buf();
        let refresh = |rel: &std::path::Path| fsio::refresh_backup_in(&dir, rel);
        for year in self.store().checkin_years()? {
            let rel = paths::checkins_file(year);
            let changed = self.modify::<CheckIn, _>(&rel, |all| {
                let mut changed = false;
                for c in all
                    .iter_mut()
                    .filter(|c| c.partner == partner && c.note.is_some())
                {
                    privacy::seal_checkin(c, key);
                    changed = true;
                }
                Ok(changed)
            })?;
            if changed {
                refresh(&rel)?;
            }
        }
        let exists = |rel: &str| dir.join(rel).exists();
        if !exists(paths::MOMENTS) && !exists(paths::EXERCISES) && !exists(paths::DRAFTS) {
            return Ok(());
        }
        let changed = exists(paths::MOMENTS)
            && self.modify::<Moment, _>(paths::MOMENTS, |all| {
                let before = all.iter().filter(|m| m.sealed.is_some()).count();
                for m in all.iter_mut().filter(|m| m.partner == partner) {
                    privacy::seal_moment(m, key);
                }
                Ok(all.iter().filter(|m| m.sealed.is_some()).count() != before)
            })?;
        if changed {
            refresh(std::path::Path::new(paths::MOMENTS))?;
        }
        let changed = exists(paths::EXERCISES)
            && self.modify::<ExerciseResult, _>(paths::EXERCISES, |all| {
                let mut changed = false;
                for r in all.iter_mut().filter(|r| r.partner == partner && !r.shared) {
                    changed |= r.sealed.is_none();
                    privacy::seal_exercise(r, key);
                }
                Ok(changed)
            })?;
        if changed {
            refresh(std::path::Path::new(paths::EXERCISES))?;
        }
        let changed = exists(paths::DRAFTS)
            && self.modify::<Draft, _>(paths::DRAFTS, |all| {
                let mut changed = false;
                for d in all
                    .iter_mut()
                    .filter(|d| d.partner == partner && d.sealed.is_none())
                {
                    privacy::seal_draft(d, key);
                    changed = true;
                }
                Ok(changed)
            })?;
        if changed {
            refresh(std::path::Path::new(paths::DRAFTS))?;
        }
        Ok(())
    }
}
