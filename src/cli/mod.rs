//! The scriptable command line. Exit codes: 0 success; 2 when the arguments are wrong in
//! themselves; 1 when valid arguments meet data that refuses them.
//!
//! `args` is the command line's shape (and its `--help` text); each command lives in the file
//! named for it, and `run` only sends each one there. Everything printed goes through
//! `escape_line` or `escape_control`.

mod args;
mod backups;
mod checkin;
mod content;
mod devices;
mod exchange;
mod forget;
mod journal;
mod overview;
mod partners;
mod passphrase;
mod stats;

pub use args::{
    CONTENT_DIR_VAR, CheckinArgs, Cli, Command, ContentCmd, ExportArgs, ImportArgs, JournalAddArgs,
    JournalCmd, JournalListArgs, MomentArgs, PartnersCmd, RoleArg,
};
pub use content::content_layers;
pub use passphrase::{NEW_PASSPHRASE_VAR, PASSPHRASE_VAR};

use crate::clock::Clock;
use crate::privacy::Actor;
use crate::store::{Store, find_partner};
use crate::text::{escape_control, escape_line};
use clap::{CommandFactory, Parser};
use std::io::{self, IsTerminal, Write};
use std::path::PathBuf;

/// An error with its exit code: 2 for arguments wrong in themselves, 1 for refusals by data.
#[derive(Debug)]
pub struct Failure {
    pub code: i32,
    pub message: String,
}

impl Failure {
    pub fn usage(message: impl Into<String>) -> Failure {
        Failure {
            code: 2,
            message: message.into(),
        }
    }
    pub fn data(message: impl Into<String>) -> Failure {
        Failure {
            code: 1,
            message: message.into(),
        }
    }
}

impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Failure {
        Failure::data(format!("{e:#}"))
    }
}

impl From<crate::store::StoreError> for Failure {
    fn from(e: crate::store::StoreError) -> Failure {
        Failure::data(e.to_string())
    }
}

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Failure {
        Failure::data(e.to_string())
    }
}

type Out<'a> = &'a mut dyn Write;

/// The data folder: the flag, then `TRUSTWORK_DATA_DIR` (clap reads both), then the default.
pub fn data_dir(cli: &Cli) -> Result<PathBuf, Failure> {
    cli.data_dir
        .clone()
        .or_else(Store::default_dir)
        .ok_or_else(|| Failure::data("no home folder was found; give --data-dir DIR"))
}

/// The store of the data folder, opened as this installation's device (see
/// [`Store::open_here`]): what opening it did is said on stderr.
pub fn open_store(cli: &Cli, clock: Clock) -> Result<Store, Failure> {
    let opened = Store::open_here(data_dir(cli)?, clock)?;
    let mut err = io::stderr().lock();
    for line in opening_notes(&opened) {
        writeln!(err, "trustwork: {}", escape_line(&line))?;
    }
    Ok(opened.store)
}

/// What opening a store did that its user should know: a move into the device folder, or why
/// none was made.
pub fn opening_notes(opened: &crate::store::Opened) -> Vec<String> {
    let mut out = Vec::new();
    if let (Some(m), Some(id)) = (&opened.migrated, opened.store.device()) {
        out.push(format!(
            "this store now lives in its device folder, devices/{id}/ ({}), so that it can be \
             synced between laptops (see docs/SYNC.md). The files as they were are kept in {}/ \
             until `trustwork migrate --cleanup` removes them.",
            plural(m.files, "file", "files"),
            crate::store::LEGACY_BACKUP_DIR
        ));
    }
    if let Some(why) = &opened.not_moved {
        out.push(format!("{why}."));
    }
    out
}

/// Runs a parsed command line, writing to `out` and `err`.
pub fn run(cli: Cli, out: Out, err: Out) -> Result<(), Failure> {
    let clock = Clock::from_env().map_err(|e| Failure::usage(e.to_string()))?;
    let Some(command) = &cli.command else {
        // The workbook wants a terminal; piped, `trustwork` prints where things stand instead.
        if io::stdout().is_terminal() && io::stdin().is_terminal() {
            let pack = content::load_pack(&cli, err);
            return crate::ui::runtime::run(pack, data_dir(&cli)?, clock).map_err(Failure::from);
        }
        return overview::overview(&cli, clock, out, err);
    };
    let cli = &cli;
    match command {
        Command::Partners(c) => partners::run(cli, c, clock, out, err),
        Command::Journal(c) => journal::run(cli, c, clock, out, err),
        Command::Checkin(a) => checkin::checkin(cli, a, clock, out),
        Command::Export(a) => exchange::export(cli, a, clock, out, err),
        Command::Import(a) => exchange::import(cli, a, clock, out),
        Command::Moment(a) => checkin::moment(cli, a, clock, out),
        Command::Today { partner } => checkin::today(cli, clock, partner.as_deref(), out, err),
        Command::Stats { json } => stats::stats(cli, *json, clock, out, err),
        Command::Content(c) => content::run(cli, c, out, err),
        Command::Backups { json } => backups::list(cli, *json, clock, out),
        Command::Restore { file, at } => backups::restore(cli, file, at.as_deref(), clock, out),
        Command::Check => backups::check(cli, clock, out),
        Command::Forget { all, me, partner } => {
            forget::run(cli, *all, *me, partner.as_deref(), clock, out, err)
        }
        Command::Devices { json } => devices::devices(cli, *json, clock, out),
        Command::Migrate { cleanup: _ } => backups::migrate_cleanup(cli, clock, out),
        Command::Completions { shell } => {
            clap_complete::generate(*shell, &mut Cli::command(), "trustwork", out);
            Ok(())
        }
        Command::Man => {
            clap_mangen::Man::new(Cli::command()).render(out)?;
            Ok(())
        }
    }
}

/// Names on stderr each file a command had to leave out, so that what it printed is never
/// silently short. The file itself has been left as it is.
fn warn_damaged(err: Out, damaged: &[crate::store::Damaged]) -> io::Result<()> {
    for d in damaged {
        // This device's files go by their short names; another device's by its folder.
        if crate::store::is_store_file(&d.rel) {
            writeln!(
                err,
                "trustwork: {}. Its records are left out here; the file is untouched. \
                 `trustwork restore {}` brings back the last good copy.",
                escape_line(&d.to_string()),
                escape_line(&d.rel.display().to_string())
            )?;
        } else {
            writeln!(
                err,
                "trustwork: {}. Its records are left out here; the file is left as it is (the \
                 device it belongs to restores it).",
                escape_line(&d.to_string())
            )?;
        }
    }
    Ok(())
}

/// The partner named on the command line, unlocked with their passphrase when they have one and
/// `sealing` says what they write now must be sealed.
fn acting(store: &Store, name: &str, sealing: bool) -> Result<Actor, Failure> {
    let partners = store.partners()?;
    let id = partner_id(&partners, name)?;
    if sealing && store.is_keyed(&id)? {
        let p = partners.iter().find(|p| p.id == id).expect("found above");
        return Ok(Actor::unlocked(id, passphrase::unlock_partner(store, p)?));
    }
    Ok(Actor::new(id))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn partner_id(partners: &[crate::model::Partner], name: &str) -> Result<String, Failure> {
    find_partner(partners, name)
        .map(|p| p.id.clone())
        .ok_or_else(|| {
            let known: Vec<String> = partners.iter().map(|p| escape_line(&p.name)).collect();
            Failure::data(if known.is_empty() {
                format!(
                    "there is no partner called {} (add one with `trustwork partners add NAME`)",
                    escape_line(name)
                )
            } else {
                format!(
                    "there is no partner called {} (partners: {})",
                    escape_line(name),
                    known.join(", ")
                )
            })
        })
}

/// "there is no partner called NAME", the name escaped.
fn no_partner(name: &str) -> Failure {
    Failure::data(format!("there is no partner called {}", escape_line(name)))
}

/// "there is no guide ID (see `trustwork content list`)", the id escaped.
fn no_guide(id: &str) -> Failure {
    Failure::data(format!(
        "there is no guide {} (see `trustwork content list`)",
        escape_line(id)
    ))
}

/// Parses the process arguments and runs; returns the exit code.
pub fn main_with(args: impl IntoIterator<Item = std::ffi::OsString>) -> i32 {
    let cli = match Cli::try_parse_from(args) {
        Ok(c) => c,
        Err(e) => {
            // clap's messages quote what was typed: escape it like everything else printed.
            let text = escape_control(&e.render().to_string());
            if e.use_stderr() {
                let _ = write!(io::stderr(), "{text}");
            } else {
                let _ = write!(io::stdout(), "{text}");
            }
            return e.exit_code();
        }
    };
    let stdout = io::stdout();
    let mut out = stdout.lock();
    let mut err = io::stderr();
    let result = run(cli, &mut out, &mut err);
    // Another device's file (or a conflict copy of this one's) that a strict read passed
    // over: said once, never silent.
    for skipped in crate::store::take_skipped_files() {
        let _ = writeln!(
            err,
            "trustwork: warning: {}. Its records are left out; everything else was read, and \
             the file is left as it is.",
            escape_line(&skipped.to_string())
        );
    }
    // A backup a save could not keep did not stop the save; it is said here, once.
    for missed in crate::store::take_missed_backups() {
        let _ = writeln!(
            err,
            "trustwork: warning: {}",
            escape_line(&missed.to_string())
        );
    }
    match result {
        Ok(()) => match out.flush() {
            Err(e) if e.kind() != io::ErrorKind::BrokenPipe => {
                let _ = writeln!(err, "trustwork: {e}");
                1
            }
            _ => 0,
        },
        // A reader that stopped early (`| head`) is not an error.
        Err(f) if f.message.contains("Broken pipe") => 0,
        Err(f) => {
            let _ = writeln!(err, "trustwork: {}", f.message);
            f.code
        }
    }
}
