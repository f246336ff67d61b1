//! The data folder deleted (or its disk unplugged) under a running workbook: the workbook holds
//! what it read, and gives it back to a new folder before its next save.

use super::paths::{self, Month};
use super::{HomeData, Result, Store, StoreError, fsio};
use chrono::Datelike;

impl Store {
    /// Re-creates a data folder that disappeared while the workbook was open (private, 0700)
    /// and writes into it the records the workbook had read, exactly as they were on disk
    /// (sealed writing stays sealed). Only the folder itself is created: when its parent is
    /// gone too (an unplugged disk), nothing is written and the error says so. A record
    /// already in a file (the folder came back meanwhile) is kept as it is. Returns how many
    /// records were written back.
    pub fn recreate(&self, held: &HomeData) -> Result<usize> {
        if !self.dir.is_dir() {
            let parent = self.dir.parent().filter(|p| !p.as_os_str().is_empty());
            if let Some(parent) = parent
                && !parent.is_dir()
            {
                return Err(StoreError::Refused(format!(
                    "the data folder {} cannot be re-created: the folder it was in, {}, is gone \
                     too (an unplugged disk?)",
                    self.dir.display(),
                    parent.display()
                )));
            }
            fsio::create_private_dir(&self.dir)
                .map_err(|e| StoreError::io("could not re-create", &self.dir, e))?;
        }
        let by_key = |a: &String, b: &String| a.cmp(b);
        let mut n = 0;
        n += self.add_new(
            &held.partners,
            |_| paths::PARTNERS.into(),
            |a, b| a.created.cmp(&b.created),
        )?;
        n += self.add_new(
            &held.recent_entries,
            |e| Month::of(e.created.date_naive()).file(),
            |a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)),
        )?;
        n += self.add_new(
            &held.recent_checkins,
            |c| paths::checkins_file(c.date.year()),
            |a, b| a.date.cmp(&b.date).then_with(|| a.partner.cmp(&b.partner)),
        )?;
        n += self.add_new(
            &held.progress,
            |_| paths::PROGRESS.into(),
            |a, b| by_key(&a.partner, &b.partner).then_with(|| a.guide.cmp(&b.guide)),
        )?;
        n += self.add_new(
            &held.drafts,
            |_| paths::DRAFTS.into(),
            |a, b| a.saved.cmp(&b.saved),
        )?;
        n += self.add_new(
            &held.exercises,
            |_| paths::EXERCISES.into(),
            |a, b| by_key(&a.id, &b.id),
        )?;
        n += self.add_new(
            &held.moments,
            |_| paths::MOMENTS.into(),
            |a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)),
        )?;
        n += self.add_new(
            &held.keys,
            |_| paths::KEYS.into(),
            |a, b| by_key(&a.partner, &b.partner),
        )?;
        n += self.add_new(
            &held.agreements,
            |_| paths::AGREEMENTS.into(),
            |a, b| by_key(&a.id, &b.id),
        )?;
        n += self.add_new(
            &held.promises,
            |_| paths::PROMISES.into(),
            |a, b| by_key(&a.id, &b.id),
        )?;
        n += self.add_new(
            &held.sessions,
            |_| paths::TOGETHER.into(),
            |a, b| by_key(&a.id, &b.id),
        )?;
        // Settings are one record, written only when they differ from the defaults.
        if held.settings != Default::default() {
            n += self.add_new(
                std::slice::from_ref(&held.settings),
                |_| paths::SETTINGS.into(),
                |a, b| by_key(&a.id, &b.id),
            )?;
        }
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::Clock;
    use crate::model::Role;
    use crate::privacy::Actor;

    fn clock() -> Clock {
        Clock::Fixed("2026-11-25T10:00:00+01:00".parse().unwrap())
    }

    #[test]
    fn a_deleted_folder_is_recreated_private_with_what_was_held() {
        use std::os::unix::fs::PermissionsExt;
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("data");
        let s = Store::at(&dir, clock());
        let alex = s.add_partner("Alex", Role::Hurt).unwrap();
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        s.put_checkin(&Actor::new(&alex.id), day, Some(6), None, None)
            .unwrap();
        let held = s.load_home(20).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();

        assert_eq!(s.recreate(&held).unwrap(), 2);
        let mode = std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o700);
        let back = s.load_home(20).unwrap();
        assert_eq!(back.partners, held.partners);
        assert_eq!(back.recent_checkins, held.recent_checkins);
        assert_eq!(s.recreate(&held).unwrap(), 0, "nothing twice");
    }

    #[test]
    fn a_folder_whose_parent_is_gone_is_not_recreated() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("disk/data");
        let s = Store::at(&dir, clock());
        s.add_partner("Alex", Role::Hurt).unwrap();
        let held = s.load_home(20).unwrap();
        std::fs::remove_dir_all(tmp.path().join("disk")).unwrap();
        let err = s.recreate(&held).unwrap_err();
        assert!(err.to_string().contains("is gone too"), "{err}");
        assert!(!tmp.path().join("disk").exists(), "nothing was created");
    }
}
