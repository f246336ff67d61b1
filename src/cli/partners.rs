//! `partners add`, `partners list` and `partners passphrase`.

use super::passphrase::{NEW_PASSPHRASE_VAR, PASSPHRASE_VAR, new_passphrase, read_passphrase};
use super::{Cli, Failure, Out, PartnersCmd, RoleArg, no_partner, open_store};
use crate::clock::Clock;
use crate::store::find_partner;
use crate::text::escape_line;

pub(super) fn run(
    cli: &Cli,
    command: &PartnersCmd,
    clock: Clock,
    out: Out,
    err: Out,
) -> Result<(), Failure> {
    match command {
        PartnersCmd::Add { name, role } => add(cli, name, *role, clock, out),
        PartnersCmd::List => list(cli, clock, out, err),
        PartnersCmd::Passphrase { name } => passphrase(cli, name, clock, out, err),
    }
}

fn add(cli: &Cli, name: &str, role: RoleArg, clock: Clock, out: Out) -> Result<(), Failure> {
    let store = open_store(cli, clock)?;
    let p = store.add_partner(name, role.into())?;
    writeln!(
        out,
        "added {} ({})",
        escape_line(&p.name),
        p.role.describe()
    )?;
    Ok(())
}

fn list(cli: &Cli, clock: Clock, out: Out, err: Out) -> Result<(), Failure> {
    let store = open_store(cli, clock)?;
    let partners = store.partners()?;
    for p in &partners {
        writeln!(out, "{}\t{}", escape_line(&p.name), p.role.as_str())?;
    }
    if let Some(note) = crate::store::twin_partners_note(&partners) {
        writeln!(err, "trustwork: {note}")?;
    }
    Ok(())
}

/// Sets a first passphrase (after saying what it means) or changes one.
fn passphrase(cli: &Cli, name: &str, clock: Clock, out: Out, err: Out) -> Result<(), Failure> {
    let store = open_store(cli, clock)?;
    let partner = find_partner(&store.partners()?, name)
        .cloned()
        .ok_or_else(|| no_partner(name))?;
    let current = match store.partner_key(&partner.id)? {
        Some(_) => Some(read_passphrase(
            &format!("Current passphrase for {}: ", escape_line(&partner.name)),
            PASSPHRASE_VAR,
        )?),
        None => {
            writeln!(
                err,
                "A passphrase makes what {} writes private: encrypted, readable only with it.",
                escape_line(&partner.name)
            )?;
            writeln!(
                err,
                "If it is forgotten, that private writing cannot be read by anyone, ever. Nothing else is lost."
            )?;
            None
        }
    };
    let var = if current.is_some() {
        NEW_PASSPHRASE_VAR
    } else {
        PASSPHRASE_VAR
    };
    let new = new_passphrase(&partner.name, var)?;
    store.set_passphrase(&partner.id, current.as_deref().map(|s| s.as_str()), &new)?;
    writeln!(out, "passphrase set for {}", escape_line(&partner.name))?;
    Ok(())
}
