//! Passphrases: read from the terminal without echo (or from an environment variable, for
//! scripts), a new one typed twice, and a partner's data key unlocked with theirs.

use super::Failure;
use crate::model::Partner;
use crate::privacy::DataKey;
use crate::store::Store;
use crate::text::escape_line;
use std::io::{self, Write};
use zeroize::Zeroizing;

/// A passphrase for scripts (less safe than typing it: it can be seen in the environment).
pub const PASSPHRASE_VAR: &str = "TRUSTWORK_PASSPHRASE";
/// The new passphrase when a script changes one.
pub const NEW_PASSPHRASE_VAR: &str = "TRUSTWORK_NEW_PASSPHRASE";

/// Reads a passphrase: from `var` when it is set (scripts), else from the terminal without echo.
pub(super) fn read_passphrase(prompt: &str, var: &str) -> Result<Zeroizing<String>, Failure> {
    if let Ok(v) = std::env::var(var)
        && !v.is_empty()
    {
        return Ok(Zeroizing::new(v));
    }
    let mut err = io::stderr();
    write!(err, "{prompt}")?;
    err.flush()?;
    // rpassword reads the controlling terminal with echo off; Ctrl-C interrupts as usual.
    let typed = rpassword::read_password();
    writeln!(err)?;
    match typed {
        Ok(pass) => Ok(Zeroizing::new(pass)),
        Err(e) if e.kind() == io::ErrorKind::UnexpectedEof => Err(Failure::data("cancelled")),
        Err(_) => Err(Failure::usage(format!(
            "there is no terminal to ask for the passphrase; set {var} (less safe)"
        ))),
    }
}

/// A new passphrase: from `var`, or typed twice.
pub(super) fn new_passphrase(name: &str, var: &str) -> Result<Zeroizing<String>, Failure> {
    let check = |p: &str| {
        if p.chars().count() < 6 {
            Err(Failure::usage("a passphrase needs at least 6 characters"))
        } else {
            Ok(())
        }
    };
    if let Ok(v) = std::env::var(var)
        && !v.is_empty()
    {
        let v = Zeroizing::new(v);
        check(&v)?;
        return Ok(v);
    }
    let first = read_passphrase(&format!("New passphrase for {}: ", escape_line(name)), var)?;
    check(&first)?;
    let again = read_passphrase("The same again: ", var)?;
    if first != again {
        return Err(Failure::usage(
            "the two passphrases were not the same; nothing was changed",
        ));
    }
    Ok(first)
}

/// Unlocks a partner's data key with their passphrase.
pub(super) fn unlock_partner(store: &Store, partner: &Partner) -> Result<DataKey, Failure> {
    let pk = store.partner_key(&partner.id)?.ok_or_else(|| {
        Failure::data(format!(
            "{} has no passphrase yet: set one with `trustwork partners passphrase {}`",
            escape_line(&partner.name),
            escape_line(&partner.name)
        ))
    })?;
    let pass = read_passphrase(
        &format!("Passphrase for {}: ", escape_line(&partner.name)),
        PASSPHRASE_VAR,
    )?;
    crate::privacy::unlock(&pk, &pass).map_err(|e| Failure::data(e.to_string()))
}
