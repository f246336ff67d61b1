//! `export` (Markdown, JSON, text; filtered; private entries opened for their author) and
//! `import`.

use super::passphrase::unlock_partner;
use super::{Cli, ExportArgs, Failure, ImportArgs, Out, data_dir, partner_id};
use crate::clock::Clock;
use crate::export::{self, Filter, Format};
use crate::import::ImportError;
use crate::store::Store;
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
    if a.format == Format::Html {
        // Refused before anything is read; the one message `export::write` gives for it.
        let e = export::write(
            &Default::default(),
            &Filter::default(),
            a.format,
            clock.now(),
            &mut io::sink(),
            &mut |_| {},
        )
        .expect_err("html is not built yet");
        return Err(Failure::data(e.to_string()));
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
    let store = Store::at(data_dir(cli)?, clock);
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
        // Only the entries the export writes are opened.
        for e in snap
            .entries
            .iter_mut()
            .filter(|e| e.author == id && e.sealed.is_some() && filter.matches_entry(e))
        {
            *e = crate::privacy::read_entry(e, &key).map_err(|x| Failure::data(x.to_string()))?;
        }
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
    match &a.output {
        Some(path) => crate::store::fsio::write_atomic_with(path, &mut |file| {
            export::write(&snap, &filter, a.format, now, file, &mut progress)
        })
        .map_err(|e| Failure::data(format!("could not write {}: {e}", path.display())))?,
        None => export::write(&snap, &filter, a.format, now, &mut *out, &mut progress)?,
    }
    if shown {
        writeln!(err)?;
    }
    Ok(())
}

pub(super) fn import(cli: &Cli, a: &ImportArgs, clock: Clock, out: Out) -> Result<(), Failure> {
    let store = Store::at(data_dir(cli)?, clock);
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
