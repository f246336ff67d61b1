//! `export` (Markdown, JSON, text, the HTML report, or the counsellor summary; filtered;
//! private entries opened for their author) and `import`.

use super::passphrase::unlock_partner;
use super::{Cli, ExportArgs, Failure, ImportArgs, Out, open_store, partner_id};
use crate::clock::Clock;
use crate::export::{self, Filter, Format};
use crate::import::ImportError;
use std::io;

pub(super) fn export(
    cli: &Cli,
    a: &ExportArgs,
    clock: Clock,
    out: Out,
    err: Out,
) -> Result<(), Failure> {
    if let (Some(s), Some(u)) = (a.since, a.until)
        && s > u
    {
        return Err(Failure::usage(format!("--since {s} is after --until {u}")));
    }
    if a.partner.len() > 1 {
        return Err(Failure::usage(if a.private {
            "--private opens the private entries of one partner, who unlocks: give --partner once"
        } else {
            "give --partner once: an export is of one partner's writing, or of both"
        }));
    }
    if a.private && a.partner.is_empty() {
        return Err(Failure::usage(
            "--private opens the private entries of one partner, who unlocks: name them with --partner NAME",
        ));
    }
    let format = match (a.summary, a.format) {
        (_, Some(f)) => f,
        (true, None) => Format::Markdown,
        (false, None) => unreachable!("clap asks for --format without --summary"),
    };
    if a.summary && !matches!(format, Format::Markdown | Format::Html) {
        return Err(Failure::usage(format!(
            "the counsellor summary is written as md or html, not {format}"
        )));
    }
    if a.summary && !a.partner.is_empty() && !a.private {
        return Err(Failure::usage(
            "the summary covers both partners; --partner goes with --private, to open that partner's shared private entries",
        ));
    }
    if let Some(path) = &a.output {
        if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(Failure::data(format!(
                "{} is a symbolic link; trustwork does not write through links: name the file itself",
                path.display()
            )));
        }
        if path.exists() && !a.force {
            return Err(Failure::data(format!(
                "{} already exists; add --force to replace it",
                path.display()
            )));
        }
    }
    let store = open_store(cli, clock)?;
    // Without the partners nothing can be attributed: that file must read (its error names it).
    store.partners()?;
    let mut snap = store.load_all()?;
    super::warn_damaged(err, &snap.damaged)?;
    let filter = Filter {
        partner: match a.partner.first() {
            Some(n) => Some(partner_id(&snap.partners, n)?),
            None => None,
        },
        guide: a.guide.clone(),
        since: a.since,
        until: a.until,
        tags: a.tags.clone(),
        include_private: a.private,
    };
    if a.private {
        let id = filter
            .partner
            .clone()
            .expect("refused above without --partner");
        let p = snap
            .partners
            .iter()
            .find(|p| p.id == id)
            .cloned()
            .expect("found above");
        let key = unlock_partner(&store, &p)?;
        // Only that partner's own entries the export writes are opened (the core's rule).
        let actor = crate::privacy::Actor::unlocked(id, key);
        export::open_private_for(&mut snap, &actor, &filter)
            .map_err(|x| Failure::data(x.to_string()))?;
    }
    // An export running longer than a second says how far it has come on standard error, a
    // few times a second: on one line rewritten on a terminal, a line each time elsewhere.
    let started = std::time::Instant::now();
    let terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
    let mut last: Option<std::time::Instant> = None;
    let mut shown = false;
    let mut progress = |p: export::Progress| {
        let now = std::time::Instant::now();
        let due = match last {
            None => now - started >= std::time::Duration::from_secs(1),
            Some(t) => now - t >= std::time::Duration::from_millis(250) || p.done == p.total,
        };
        if due {
            last = Some(now);
            let _ = if terminal {
                write!(err, "\rexported {} of {} records", p.done, p.total)
            } else {
                writeln!(err, "exported {} of {} records", p.done, p.total)
            };
            shown = terminal;
        }
    };
    let now = clock.now();
    let mut write = |to: &mut dyn io::Write| {
        if a.summary {
            export::write_summary(&snap, a.since, a.until, clock.today(), format, to)
        } else {
            export::write(&snap, &filter, format, now, to, &mut progress)
        }
    };
    match &a.output {
        Some(path) => crate::store::fsio::write_atomic_with(path, &mut |file| write(file))
            .map_err(|e| Failure::data(format!("could not write {}: {e}", path.display())))?,
        None => write(&mut *out)?,
    }
    if shown {
        writeln!(err)?;
    }
    Ok(())
}

pub(super) fn import(cli: &Cli, a: &ImportArgs, clock: Clock, out: Out) -> Result<(), Failure> {
    let store = open_store(cli, clock)?;
    if !a.file.exists() {
        return Err(Failure::data(format!(
            "{} does not exist",
            a.file.display()
        )));
    }
    let shared = a.shared;
    let s = crate::import::import_path_with(&store, &a.file, a.partner.as_deref(), &mut |p| {
        if shared {
            return Ok(None);
        }
        let key = unlock_partner(&store, p).map_err(|f| ImportError::Key(f.message.into()))?;
        Ok(Some(key))
    })
    // Worded as every error is: the message, then its causes.
    .map_err(anyhow::Error::from)?;
    writeln!(out, "added {}, skipped {} already here", s.added, s.skipped)?;
    Ok(())
}
