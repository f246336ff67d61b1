//! `backups`, `restore FILE [--at TIME]` and `check`: the store's rolling backups, putting one
//! back, and reading every file to list what is wrong (like `git fsck`).

use super::{Cli, Failure, Out, data_dir, open_store, plural};
use crate::clock::Clock;
use crate::store::{
    Backup, BackupAt, CheckReport, Contents, Missing, Problem, Store, is_store_file,
};
use crate::text::escape_line;
use chrono::{DateTime, FixedOffset, Local, NaiveDateTime, TimeDelta, Utc};
use std::io;
use std::path::Path;

/// Local time to the second, as `backups` shows it and `--at` reads it back.
const SHOWN: &str = "%Y-%m-%d %H:%M:%S";

/// A time in the local zone (with a pinned clock, the pinned offset stands for it).
fn local(clock: Clock, at: DateTime<Utc>) -> DateTime<FixedOffset> {
    match clock {
        Clock::Fixed(t) => at.with_timezone(t.offset()),
        Clock::System => at.with_timezone(&Local).fixed_offset(),
    }
}

fn shown(clock: Clock, at: DateTime<Utc>) -> String {
    local(clock, at).format(SHOWN).to_string()
}

fn size(bytes: u64) -> String {
    match bytes {
        b if b < 1024 => format!("{b} bytes"),
        b if b < 1 << 20 => format!("{:.1} KiB", b as f64 / 1024.0),
        b => format!("{:.1} MiB", b as f64 / (1 << 20) as f64),
    }
}

fn contents(c: &Contents) -> String {
    match c {
        Contents::Records(n) => plural(*n, "record", "records"),
        Contents::Damaged(reason) => format!("damaged: {}", escape_line(reason)),
        Contents::Newer(found) => format!("written by a newer trustwork (format {found})"),
        Contents::Unreadable(why) => format!("not read: {}", escape_line(why)),
    }
}

fn path_shown(p: &Path) -> String {
    escape_line(&p.to_string_lossy())
}

/// `trustwork backups [--json]`.
pub(super) fn list(cli: &Cli, json: bool, clock: Clock, out: Out) -> Result<(), Failure> {
    let store = open_store(cli, clock)?;
    let all = store.backups()?;
    if json {
        let files: Vec<serde_json::Value> = all
            .iter()
            .map(|f| {
                let backups: Vec<serde_json::Value> = f
                    .backups
                    .iter()
                    .enumerate()
                    .map(|(i, b)| backup_json(clock, i + 1, b))
                    .collect();
                serde_json::json!({ "file": f.file, "backups": backups })
            })
            .collect();
        let json = trustwork_core::json::to_string_pretty(&files).map_err(io::Error::from)?;
        writeln!(out, "{json}")?;
        return Ok(());
    }
    if all.is_empty() {
        writeln!(
            out,
            "no backups yet: each save keeps the version it replaces in {}",
            store.dir().join(crate::store::BACKUPS_DIR).display()
        )?;
        return Ok(());
    }
    for f in &all {
        writeln!(out, "{}", path_shown(&f.file))?;
        for (i, b) in f.backups.iter().enumerate() {
            writeln!(
                out,
                "  {:>3}  {}  {:>10}  {}",
                i + 1,
                shown(clock, b.at),
                size(b.size),
                contents(&b.contents)
            )?;
        }
    }
    Ok(())
}

fn backup_json(clock: Clock, number: usize, b: &Backup) -> serde_json::Value {
    let (records, problem) = match &b.contents {
        Contents::Records(n) => (Some(*n), None),
        other => (None, Some(contents(other))),
    };
    serde_json::json!({
        "number": number,
        "at": local(clock, b.at).to_rfc3339(),
        "path": b.path,
        "size": b.size,
        "records": records,
        "problem": problem,
    })
}

/// Reads `--at`: a number in the list, an RFC 3339 time, or a local `YYYY-MM-DD HH:MM[:SS]`
/// (to the minute: the newest backup of that minute).
fn parse_at(s: &str, clock: Clock) -> Result<BackupAt, Failure> {
    let s = s.trim();
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return match s.parse::<usize>() {
            Ok(n) if n >= 1 => Ok(BackupAt::Number(n)),
            _ => Err(Failure::usage("--at: backups are numbered from 1")),
        };
    }
    let span = |from: DateTime<Utc>, secs: i64| BackupAt::Within {
        from,
        until: from + TimeDelta::seconds(secs),
    };
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        let t = t.to_utc();
        let whole = t - TimeDelta::nanoseconds(t.timestamp_subsec_nanos() as i64);
        return Ok(span(whole, 1));
    }
    let s = s.replacen('T', " ", 1);
    if let Ok(n) = NaiveDateTime::parse_from_str(&s, SHOWN) {
        return Ok(span(clock.localize(n).to_utc(), 1));
    }
    if let Ok(n) = NaiveDateTime::parse_from_str(&s, "%Y-%m-%d %H:%M") {
        return Ok(span(clock.localize(n).to_utc(), 60));
    }
    Err(Failure::usage(format!(
        "--at {}: give a time as `trustwork backups` shows it (YYYY-MM-DD HH:MM:SS, or to the \
         minute), an RFC 3339 time, or the backup's number in that list",
        escape_line(&s)
    )))
}

/// `trustwork restore FILE [--at TIME]`.
pub(super) fn restore(
    cli: &Cli,
    file: &Path,
    at: Option<&str>,
    clock: Clock,
    out: Out,
) -> Result<(), Failure> {
    if !is_store_file(file) {
        return Err(Failure::usage(format!(
            "{} is not a store file: give one as `trustwork backups` lists it, such as \
             partners.json, entries/2026-11.json or checkins/2026.json",
            path_shown(file)
        )));
    }
    let at = at.map(|s| parse_at(s, clock)).transpose()?;
    let store = open_store(cli, clock)?;
    let r = store.restore(file, at)?;
    writeln!(
        out,
        "restored {} from the backup of {} ({})",
        path_shown(&r.file),
        shown(clock, r.from.at),
        contents(&r.from.contents)
    )?;
    match &r.kept {
        Some(kept) => writeln!(
            out,
            "the version it replaced is kept as a backup ({}); `trustwork restore {} --at 1` puts it back",
            path_shown(kept),
            path_shown(&r.file)
        )?,
        None => writeln!(out, "there was no version to replace")?,
    }
    Ok(())
}

/// `trustwork check`: each problem on a line of its own; exit 1 when there is any.
/// `trustwork migrate --cleanup`: the files a move into a device folder kept go.
pub(super) fn migrate_cleanup(cli: &Cli, clock: Clock, out: Out) -> Result<(), Failure> {
    let store = open_store(cli, clock)?;
    let removed = store.remove_legacy_backup()?;
    if removed == 0 {
        writeln!(
            out,
            "there is no {} in {}: nothing to remove",
            crate::store::LEGACY_BACKUP_DIR,
            store.dir().display()
        )?;
    } else {
        writeln!(
            out,
            "removed {} of the store as it was before it moved into its device folder",
            plural(removed, "file", "files")
        )?;
    }
    Ok(())
}

pub(super) fn check(cli: &Cli, clock: Clock, out: Out) -> Result<(), Failure> {
    // As this device sees it (its own files by their short names), moving nothing.
    let (store, _) = Store::for_this_device(data_dir(cli)?, clock)?;
    if !store.dir().is_dir() {
        writeln!(
            out,
            "there is no store at {}: nothing to check",
            store.dir().display()
        )?;
        return Ok(());
    }
    let report = store.check()?;
    print_report(&store, &report, out)?;
    if report.is_clean() {
        writeln!(
            out,
            "all {} read, nothing wrong",
            plural(report.files_read, "file", "files")
        )?;
        return Ok(());
    }
    Err(Failure::data(format!(
        "{} found ({} read)",
        plural(report.problems.len(), "problem", "problems"),
        plural(report.files_read, "file", "files")
    )))
}

fn print_report(store: &Store, report: &CheckReport, out: Out) -> io::Result<()> {
    for p in &report.problems {
        let file = store.short_name(p.file());
        writeln!(out, "{}: {}", path_shown(&file), describe(p, &file))?;
    }
    Ok(())
}

/// `file` is the problem's file by its short name.
fn describe(p: &Problem, file: &Path) -> String {
    match p {
        Problem::Damaged { reason, .. } if is_store_file(file) => format!(
            "damaged, does not read ({}); `trustwork restore {}` puts back its last good copy",
            escape_line(reason),
            path_shown(file)
        ),
        Problem::Damaged { reason, .. } => {
            format!("damaged, does not read ({})", escape_line(reason))
        }
        Problem::Newer { found, .. } => format!(
            "written by a newer trustwork (format {found}; this one reads up to {}); update trustwork",
            crate::store::FORMAT_VERSION
        ),
        Problem::NotAFile { .. } => "not a regular file".into(),
        Problem::TooLarge { limit, .. } => format!(
            "larger than {}, more than any trustwork file holds; not read",
            trustwork_core::bounded::size(*limit)
        ),
        Problem::Unreadable { cause, .. } => format!("could not be read: {}", escape_line(cause)),
        Problem::StaleTemp { .. } => {
            "a temporary file of a save that was interrupted (the next save removes it)".into()
        }
        Problem::Symlink { .. } => {
            "a symbolic link: trustwork never follows one inside its data folder".into()
        }
        Problem::Foreign { .. } => "not trustwork's (left as it is)".into(),
        Problem::Orphaned {
            missing, records, ..
        } => {
            let what = match missing {
                Missing::Partner(id) => {
                    format!(
                        "of a partner who is not in partners.json ({})",
                        escape_line(id)
                    )
                }
                Missing::Entry(id) => {
                    format!("responding to an entry that is gone ({})", escape_line(id))
                }
            };
            let keys: Vec<String> = records.iter().take(5).map(|k| escape_line(k)).collect();
            let more = records.len().saturating_sub(keys.len());
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            format!(
                "{} {what}: {}{more}",
                plural(records.len(), "record", "records"),
                keys.join(", ")
            )
        }
    }
}
