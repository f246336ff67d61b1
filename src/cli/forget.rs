//! `forget --all` and `forget --me --partner NAME`: erasing after the word FORGET is typed.

use super::passphrase::{PASSPHRASE_VAR, read_passphrase};
use super::{Cli, Failure, Out, no_partner, open_store, plural};
use crate::clock::Clock;
use crate::store::{Passphrase, Scope, find_partner};
use crate::text::escape_line;
use std::io;

/// Checks that the flags name one scope, then forgets it.
pub(super) fn run(
    cli: &Cli,
    all: bool,
    me: bool,
    partner: Option<&str>,
    clock: Clock,
    out: Out,
    err: Out,
) -> Result<(), Failure> {
    let partner = match (all, me, partner) {
        (true, false, None) => None,
        (false, true, Some(name)) => Some(name),
        _ => return Err(Failure::usage("give --all, or --me --partner NAME")),
    };
    forget(cli, partner, clock, out, err)
}

/// `forget --all` (no `partner`) or `forget --me --partner NAME`.
fn forget(
    cli: &Cli,
    partner: Option<&str>,
    clock: Clock,
    out: Out,
    err: Out,
) -> Result<(), Failure> {
    let store = open_store(cli, clock)?;
    let who = match partner {
        Some(name) => Some(
            find_partner(&store.partners()?, name)
                .cloned()
                .ok_or_else(|| no_partner(name))?,
        ),
        None => None,
    };
    let scope = who.as_ref().map_or(Scope::All, |p| Scope::Partner(&p.id));
    let needs = store.forget_needs(scope)?;
    match &who {
        None => writeln!(
            err,
            "This erases every file trustwork keeps in {}: entries, check-ins, keys, drafts, the trash, settings and every backup. Other files are left.",
            store.dir().display()
        )?,
        Some(p) => writeln!(
            err,
            "This erases {name}'s records in {}: entries (and trashed ones), check-ins, exercises, guide progress, moments, drafts, the passphrase, promises, agreements {name} proposed, together sessions {name} took part in, and {name} as a partner. The other partner's records stay.",
            store.dir().display(),
            name = escape_line(&p.name)
        )?,
    }
    writeln!(err, "It cannot be undone. Type FORGET and Enter to go on:")?;
    let mut line = String::new();
    io::stdin().read_line(&mut line)?;
    if line.trim() != "FORGET" {
        return Err(Failure::data(
            "nothing was erased (the word was not FORGET)",
        ));
    }
    let mut given = Vec::new();
    for p in needs {
        let pass = read_passphrase(
            &format!("{}'s passphrase: ", escape_line(&p.name)),
            PASSPHRASE_VAR,
        )?;
        given.push((p.id, Passphrase(pass)));
    }
    match &who {
        None => {
            let r = store.forget_all(&given)?;
            writeln!(out, "erased {}", plural(r.files, "file", "files"))?;
            if !r.left.is_empty() {
                let names: Vec<String> = r
                    .left
                    .iter()
                    .map(|p| escape_line(&p.to_string_lossy()))
                    .collect();
                writeln!(
                    out,
                    "left {} that {} not trustwork's: {}",
                    plural(names.len(), "file", "files"),
                    if names.len() == 1 { "is" } else { "are" },
                    names.join(", ")
                )?;
            }
        }
        Some(p) => {
            let r = store.forget_partner(&p.id, &given)?;
            writeln!(
                out,
                "forgot {}: {} in {}, backups included",
                escape_line(&p.name),
                plural(r.records, "record", "records"),
                plural(r.files, "file", "files")
            )?;
        }
    }
    Ok(())
}
