//! `export` (Markdown or JSON, filtered, private entries opened for their author) and `import`.

use super::passphrase::unlock_partner;
use super::{Cli, ExportArgs, Failure, Format, ImportArgs, Out, data_dir, partner_id};
use crate::clock::Clock;
use crate::export::{self, Filter};
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
    if let Some(path) = &a.output
        && path.exists()
        && !a.force
    {
        return Err(Failure::data(format!(
            "{} already exists; add --force to replace it",
            path.display()
        )));
    }
    let store = Store::at(data_dir(cli)?, clock);
    // Without the partners nothing can be attributed: that file must read (its error names it).
    store.partners()?;
    let snap = store.load_all()?;
    super::warn_damaged(err, &snap.damaged)?;
    let filter = Filter {
        partner: match &a.partner {
            Some(n) => Some(partner_id(&snap.partners, n)?),
            None => None,
        },
        guide: a.guide.clone(),
        since: a.since,
        until: a.until,
    };
    let mut snap = if filter.is_empty() {
        snap
    } else {
        filter.apply(&snap)
    };
    if a.include_private {
        let id = filter.partner.clone().expect("clap requires --partner");
        let p = snap
            .partners
            .iter()
            .find(|p| p.id == id)
            .cloned()
            .expect("found above");
        let key = unlock_partner(&store, &p)?;
        for e in snap
            .entries
            .iter_mut()
            .filter(|e| e.author == id && e.sealed.is_some())
        {
            *e = crate::privacy::read_entry(e, &key).map_err(|x| Failure::data(x.to_string()))?;
        }
    }
    match &a.output {
        Some(path) => {
            let bytes = match a.format {
                Format::Json => export::to_json(&snap, clock.now()).into_bytes(),
                Format::Md => export::to_markdown(&snap).into_bytes(),
            };
            crate::store::fsio::write_atomic(path, &bytes)
                .map_err(|e| Failure::data(format!("could not write {}: {e}", path.display())))?;
        }
        // Streamed, so a large store is not held twice in memory.
        None => match a.format {
            Format::Json => {
                let mut buf = io::BufWriter::with_capacity(1 << 16, &mut *out);
                export::write_json(&snap, clock.now(), &mut buf)?;
            }
            Format::Md => out.write_all(export::to_markdown(&snap).as_bytes())?,
        },
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
