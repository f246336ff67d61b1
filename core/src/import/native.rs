//! trustwork's own export, merged into the store record by record.

use super::{ImportError, ImportSummary};
use crate::export::ExportDoc;
use crate::model::{Entry, Partner};
use crate::store::{self, Collection, Store, StoreError, find_partner, paths, upsert_many};
use crate::validate::{Invalid, record};
use std::collections::HashSet;
use std::path::Path;

/// Merges a trustwork export into the store, record by record: what is already there (by id,
/// or by partner and day for check-ins) is skipped. Every record is checked first: one that
/// breaks a rule of `validate` refuses the whole import, naming it, before anything is written.
pub(super) fn import_export(
    store: &Store,
    doc: ExportDoc,
    shown: &str,
) -> Result<ImportSummary, ImportError> {
    check(&doc, shown)?;
    let mut summary = ImportSummary::default();
    store.write(|tx| {
        // Partners first, so that every record that follows has its author.
        tx.modify::<Partner, _>(paths::PARTNERS, |ps| {
            for p in &doc.partners {
                if ps.iter().any(|x| x.id == p.id) {
                    summary.skipped += 1;
                    continue;
                }
                if find_partner(ps, &p.name).is_some() {
                    return Err(StoreError::Refused(format!(
                        "the export's partner {} has the same name as a different partner here",
                        crate::text::escape_line(&p.name)
                    )));
                }
                if ps.len() >= store::MAX_PARTNERS {
                    return Err(StoreError::Refused(
                        "the export would make more than two partners".into(),
                    ));
                }
                ps.push(p.clone());
                summary.added += 1;
            }
            Ok(())
        })?;
        let mut months: std::collections::BTreeMap<paths::Month, Vec<Entry>> = Default::default();
        for e in doc.entries {
            months
                .entry(paths::Month::of(e.created.date_naive()))
                .or_default()
                .push(e);
        }
        for (month, es) in months {
            merge_new(tx, month.file(), es, &mut summary)?;
        }
        let mut years: std::collections::BTreeMap<i32, Vec<_>> = Default::default();
        for c in doc.checkins {
            years
                .entry(chrono::Datelike::year(&c.date))
                .or_default()
                .push(c);
        }
        for (year, cs) in years {
            merge_new(tx, paths::checkins_file(year), cs, &mut summary)?;
        }
        merge_new(tx, paths::EXERCISES, doc.exercise_results, &mut summary)?;
        merge_new(tx, paths::PROGRESS, doc.guide_progress, &mut summary)?;
        merge_new(tx, paths::AGREEMENTS, doc.agreements, &mut summary)?;
        merge_new(tx, paths::PROMISES, doc.promises, &mut summary)?;
        merge_new(tx, paths::MOMENTS, doc.moments, &mut summary)?;
        merge_new(tx, paths::TOGETHER, doc.together, &mut summary)?;
        Ok(())
    })?;
    Ok(summary)
}

/// The first record of the export that breaks a rule, named by its kind and number (from 1,
/// in the file's order).
fn check(doc: &ExportDoc, shown: &str) -> Result<(), ImportError> {
    fn each<T>(
        shown: &str,
        kind: &str,
        records: &[T],
        rule: fn(&T) -> Result<(), Invalid>,
    ) -> Result<(), ImportError> {
        for (i, r) in records.iter().enumerate() {
            rule(r).map_err(|problem| ImportError::Invalid {
                shown: shown.to_string(),
                at: format!("{kind} {}", i + 1),
                problem,
            })?;
        }
        Ok(())
    }
    each(shown, "partner", &doc.partners, record::partner)?;
    each(shown, "entry", &doc.entries, record::entry)?;
    each(shown, "check-in", &doc.checkins, record::checkin)?;
    each(
        shown,
        "exercise result",
        &doc.exercise_results,
        record::exercise,
    )?;
    each(
        shown,
        "guide progress",
        &doc.guide_progress,
        record::progress,
    )?;
    each(shown, "agreement", &doc.agreements, record::agreement)?;
    each(shown, "promise", &doc.promises, record::promise)?;
    each(shown, "moment", &doc.moments, record::moment)?;
    each(shown, "together session", &doc.together, record::session)
}

/// Adds the records whose key is not in the file yet; counts the rest as skipped.
fn merge_new<T: Collection>(
    tx: &store::Txn,
    file: impl AsRef<Path>,
    records: Vec<T>,
    summary: &mut ImportSummary,
) -> store::Result<()> {
    if records.is_empty() {
        return Ok(());
    }
    tx.modify::<T, _>(file, |all| {
        let have: HashSet<String> = all.iter().map(|r| r.key()).collect();
        let (old, new): (Vec<T>, Vec<T>) =
            records.into_iter().partition(|r| have.contains(&r.key()));
        summary.skipped += old.len();
        summary.added += new.len();
        upsert_many(all, new);
        Ok(())
    })
}
