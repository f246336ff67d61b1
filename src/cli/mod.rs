//! The scriptable command line. Exit codes: 0 success; 2 when the arguments are wrong in
//! themselves; 1 when valid arguments meet data that refuses them.

mod args;

pub use args::{
    CONTENT_DIR_VAR, CheckinArgs, Cli, Command, ContentCmd, ExportArgs, Format, ImportArgs,
    JournalAddArgs, JournalCmd, MomentArgs, PartnersCmd, RoleArg,
};

use crate::clock::Clock;
use crate::content::{self, Layer, Pack};
use crate::export::{self, Filter};
use crate::model::{Entry, PromptLink, Visibility};
use crate::privacy::Actor;
use crate::store::{Snapshot, Store, find_partner};
use crate::text::{self, escape_control, escape_line};
use chrono::NaiveDate;
use clap::Parser;
use std::io::{self, IsTerminal, Read, Write};
use std::path::PathBuf;
use zeroize::Zeroizing;

/// A passphrase for scripts (less safe than typing it: it can be seen in the environment).
pub const PASSPHRASE_VAR: &str = "TRUSTWORK_PASSPHRASE";
/// The new passphrase when a script changes one.
pub const NEW_PASSPHRASE_VAR: &str = "TRUSTWORK_NEW_PASSPHRASE";

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

/// The content layers in order: embedded, the config folder's, then `--content-dir`.
pub fn content_layers(cli: &Cli) -> Vec<Layer> {
    let mut layers = vec![content::embedded_layer()];
    if let Some(d) = directories::ProjectDirs::from("", "", "trustwork") {
        let user = d.config_dir().join("content");
        if user.is_dir() {
            layers.push(Layer::from_dir(&user));
        }
    }
    if let Some(d) = &cli.content_dir {
        layers.push(Layer::from_dir(d));
    }
    layers
}

/// The pack to use; problems in the user's layers are reported on stderr and the sound parts
/// are used, so a broken custom guide never takes the default guides or the safety screen away.
fn load_pack(cli: &Cli, err: Out) -> Pack {
    let report = content::load_layers(&content_layers(cli));
    if !report.problems.is_empty() {
        let _ = writeln!(
            err,
            "trustwork: the content pack has {} problem(s); the rest of it is used. Run `trustwork content check` for details.",
            report.problems.len()
        );
    }
    report.pack
}

/// Runs a parsed command line, writing to `out` and `err`.
pub fn run(cli: Cli, out: Out, err: Out) -> Result<(), Failure> {
    let clock = Clock::from_env().map_err(|e| Failure::usage(e.to_string()))?;
    let Some(command) = &cli.command else {
        // The workbook wants a terminal; piped, `trustwork` prints where things stand instead.
        if io::stdout().is_terminal() && io::stdin().is_terminal() {
            let pack = load_pack(&cli, err);
            return crate::ui::run::run(pack, data_dir(&cli)?, clock).map_err(Failure::from);
        }
        return overview(&cli, clock, out, err);
    };
    match command {
        Command::Content(c) => return content_cmd(&cli, c, out, err),
        Command::Partners(PartnersCmd::Add { name, role }) => {
            let store = Store::at(data_dir(&cli)?, clock);
            let p = store.add_partner(name, (*role).into())?;
            writeln!(
                out,
                "added {} ({})",
                escape_line(&p.name),
                p.role.describe()
            )?;
        }
        Command::Partners(PartnersCmd::Passphrase { name }) => {
            let store = Store::at(data_dir(&cli)?, clock);
            let partner = find_partner(&store.partners()?, name)
                .cloned()
                .ok_or_else(|| {
                    Failure::data(format!("there is no partner called {}", escape_line(name)))
                })?;
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
        }
        Command::Forget { all, me, partner } => {
            let partner = match (all, me, partner) {
                (true, false, None) => None,
                (false, true, Some(name)) => Some(name.as_str()),
                _ => return Err(Failure::usage("give --all, or --me --partner NAME")),
            };
            forget(&cli, partner, clock, out, err)?
        }
        Command::Partners(PartnersCmd::List) => {
            let store = Store::at(data_dir(&cli)?, clock);
            for p in store.partners()? {
                writeln!(out, "{}\t{}", escape_line(&p.name), p.role.as_str())?;
            }
        }
        Command::Journal(JournalCmd::Add(a)) => journal_add(&cli, a, clock, out, err)?,
        Command::Journal(JournalCmd::List { partner, json }) => {
            let store = Store::at(data_dir(&cli)?, clock);
            let partners = store.partners()?;
            let author = match partner {
                Some(n) => Some(partner_id(&partners, n)?),
                None => None,
            };
            let mut entries = store.all_entries()?;
            entries.retain(|e| author.as_ref().is_none_or(|a| &e.author == a));
            entries.reverse();
            let snap = Snapshot {
                partners,
                ..Default::default()
            };
            if *json {
                let list: Vec<serde_json::Value> = entries
                    .iter()
                    .map(|e| {
                        let mut v = serde_json::to_value(e).expect("entries serialise");
                        v["author_name"] = snap.partner_name(&e.author).into();
                        v
                    })
                    .collect();
                let json = serde_json::to_string_pretty(&list).map_err(io::Error::from)?;
                writeln!(out, "{}", text::json_terminal_safe(json))?;
            } else {
                for e in &entries {
                    writeln!(out, "{}", list_line(&snap, e))?;
                }
            }
        }
        Command::Journal(JournalCmd::Show { id }) => {
            let store = Store::at(data_dir(&cli)?, clock);
            let e = store
                .find_entry(id)?
                .ok_or_else(|| Failure::data(format!("there is no entry {}", escape_line(id))))?;
            let snap = Snapshot {
                partners: store.partners()?,
                ..Default::default()
            };
            write!(out, "{}", show_entry(&snap, &e))?;
        }
        Command::Checkin(a) => {
            let today = clock.today();
            let date = a.date.unwrap_or(today);
            if date > today {
                return Err(Failure::usage(format!(
                    "{date} is in the future; a check-in can be for today ({today}) or a past day"
                )));
            }
            for (what, v) in [("--mood", &a.mood), ("--note", &a.note)] {
                if let Some(v) = v {
                    if v.trim().is_empty() {
                        return Err(Failure::usage(format!("{what} cannot be empty")));
                    }
                    if v.contains(['\n', '\r']) || text::has_control(v) {
                        return Err(Failure::usage(format!("{what} is one line of text")));
                    }
                }
            }
            let store = Store::at(data_dir(&cli)?, clock);
            let actor = acting(&store, &a.partner, a.note.is_some())?;
            let c = store.put_checkin(
                &actor,
                date,
                a.trust,
                a.mood.as_ref().map(|s| s.trim().to_string()),
                a.note.as_ref().map(|s| s.trim().to_string()),
            )?;
            writeln!(
                out,
                "checked in for {}: trust {}/10{}",
                c.date,
                c.trust,
                c.mood
                    .as_deref()
                    .map(|m| format!(", {}", escape_line(m)))
                    .unwrap_or_default()
            )?;
        }
        Command::Export(a) => export_cmd(&cli, a, clock, out)?,
        Command::Import(a) => {
            let store = Store::at(data_dir(&cli)?, clock);
            if !a.file.exists() {
                return Err(Failure::data(format!(
                    "{} does not exist",
                    a.file.display()
                )));
            }
            let shared = a.shared;
            let s =
                crate::import::import_path_with(&store, &a.file, a.partner.as_deref(), &mut |p| {
                    if shared {
                        return Ok(None);
                    }
                    let key = unlock_partner(&store, p).map_err(|f| anyhow::anyhow!(f.message))?;
                    Ok(Some(key))
                })?;
            writeln!(out, "added {}, skipped {}", s.added, s.skipped)?;
        }
        Command::Stats { json } => {
            let store = Store::at(data_dir(&cli)?, clock);
            let snap = store.load_all()?;
            let pack = load_pack(&cli, err);
            let stats = crate::stats::compute(&snap, &pack, clock.today());
            if *json {
                let json = serde_json::to_string_pretty(&stats).map_err(io::Error::from)?;
                writeln!(out, "{}", text::json_terminal_safe(json))?;
            } else {
                writeln!(
                    out,
                    "{}, {}",
                    plural(stats.entries, "entry", "entries"),
                    plural(stats.checkins, "check-in", "check-ins")
                )?;
                for p in &stats.partners {
                    let span = match (p.first, p.last) {
                        (Some(f), Some(l)) => format!(", {f} to {l}"),
                        _ => String::new(),
                    };
                    writeln!(
                        out,
                        "{} ({}): {}, {}{span}; streak {} (longest {})",
                        escape_line(&p.name),
                        p.role.describe(),
                        plural(p.entries, "entry", "entries"),
                        plural(p.checkins, "check-in", "check-ins"),
                        p.streak.current,
                        p.streak.longest
                    )?;
                    let f =
                        |x: Option<f64>| x.map(|v| format!("{v:.1}")).unwrap_or_else(|| "-".into());
                    writeln!(
                        out,
                        "  trust: last {}, 7-day average {}, 28-day average {} (the app's own 0-10 scale, not a validated measure)",
                        p.trust
                            .last
                            .map(|t| t.to_string())
                            .unwrap_or_else(|| "-".into()),
                        f(p.trust.average_7d),
                        f(p.trust.average_28d)
                    )?;
                    writeln!(
                        out,
                        "  difficult moments: {} in all, {} in the last 28 days (average strength {})",
                        p.moments.total,
                        p.moments.last_28d,
                        f(p.moments.average_strength_28d)
                    )?;
                    writeln!(
                        out,
                        "  guides: {} opened, {} completed; {} answered, {} exercises done",
                        p.guides.opened,
                        p.guides.completed,
                        plural(p.guides.prompts_answered, "question", "questions"),
                        p.guides.exercises_done
                    )?;
                    for m in &p.milestones {
                        writeln!(out, "  {}: {}", m.date, escape_line(&m.text))?;
                    }
                }
                if let Some(g) = stats.gap_28d {
                    writeln!(
                        out,
                        "Gap between the two trust lines, last 28 days: {g:.1} points"
                    )?;
                }
            }
        }
        Command::Moment(a) => {
            for (what, v) in [
                ("--trigger", &a.trigger),
                ("--helped", &a.helped),
                ("--note", &a.note),
            ] {
                if let Some(v) = v
                    && (v.trim().is_empty() || text::has_control(v))
                {
                    return Err(Failure::usage(format!(
                        "{what} is one line of text, not empty"
                    )));
                }
            }
            let store = Store::at(data_dir(&cli)?, clock);
            let has_text = a.trigger.is_some() || a.helped.is_some() || a.note.is_some();
            let actor = acting(&store, &a.partner, has_text && !a.shared)?;
            let partner = actor.partner.clone();
            let m = crate::model::Moment {
                id: crate::ids::new_id(),
                partner,
                date: clock.now(),
                strength: a.strength,
                trigger: a.trigger.as_ref().map(|s| s.trim().to_string()),
                helped: a.helped.as_ref().map(|s| s.trim().to_string()),
                note: a.note.as_ref().map(|s| s.trim().to_string()),
                reassure: a.reassure,
                shared: a.shared,
                acknowledged: None,
                sealed: None,
            };
            store.put_moment(&actor, m)?;
            writeln!(
                out,
                "logged a difficult moment (strength {}/10){}",
                a.strength,
                if a.reassure {
                    "; your partner will see that you asked for reassurance"
                } else {
                    ""
                }
            )?;
        }
        Command::Today { partner } => today(&cli, clock, partner.as_deref(), out)?,
    }
    Ok(())
}

/// One line for a shell prompt: each partner's check-in today and streak. With no store it
/// prints nothing and creates nothing. Reads only partners and the check-in years it needs.
fn today(cli: &Cli, clock: Clock, only: Option<&str>, out: Out) -> Result<(), Failure> {
    let Ok(dir) = data_dir(cli) else {
        return Ok(());
    };
    let store = Store::at(dir, clock);
    if !store.exists() {
        return Ok(());
    }
    let partners = store.partners()?;
    let today = clock.today();
    let years = store.checkin_years()?;
    let mut parts = Vec::new();
    for p in &partners {
        if only.is_some_and(|n| p.name.to_lowercase() != n.trim().to_lowercase()) {
            continue;
        }
        // Read back a year at a time, only while the streak could reach into the year before.
        let mut days: Vec<NaiveDate> = Vec::new();
        for y in years.iter().rev() {
            let cs: Vec<crate::model::CheckIn> =
                store.read(crate::store::paths::checkins_file(*y))?;
            days.extend(cs.iter().filter(|c| c.partner == p.id).map(|c| c.date));
            let current = crate::stats::streak(&days, today).current as u64;
            let start = today - chrono::Days::new(current.saturating_sub(1));
            if NaiveDate::from_ymd_opt(*y, 1, 1).is_some_and(|jan1| start > jan1) {
                break;
            }
        }
        let s = crate::stats::streak(&days, today);
        let done = days.contains(&today);
        let mut part = format!(
            "{}: {}",
            escape_line(&p.name),
            if done { "done" } else { "check-in not done" }
        );
        if s.current > 0 {
            part.push_str(&format!(" · streak {}", s.current));
        }
        parts.push(part);
    }
    if only.is_some() && parts.is_empty() {
        return Err(Failure::data(format!(
            "there is no partner called {}",
            escape_line(only.unwrap_or_default())
        )));
    }
    if !parts.is_empty() {
        writeln!(out, "{}", parts.join(" | "))?;
    }
    Ok(())
}

/// With no command: where things stand, and what to do next. (The full-screen workbook is being
/// built on the same library; until it lands this keeps `trustwork` useful on its own.)
fn overview(cli: &Cli, clock: Clock, out: Out, err: Out) -> Result<(), Failure> {
    let store = Store::at(data_dir(cli)?, clock);
    let pack = load_pack(cli, err);
    writeln!(
        out,
        "trustwork: a workbook for rebuilding trust, alone or together.\n"
    )?;
    let partners = if store.exists() {
        store.partners()?
    } else {
        Vec::new()
    };
    if partners.is_empty() {
        writeln!(
            out,
            "To begin, add yourself (and your partner, if you are doing this together):"
        )?;
        writeln!(
            out,
            "  trustwork partners add NAME --role hurt|repairing|unsaid\n"
        )?;
    } else {
        let home = store.load_home(0)?;
        let today = clock.today();
        for p in &partners {
            let days: Vec<NaiveDate> = home
                .recent_checkins
                .iter()
                .filter(|c| c.partner == p.id)
                .map(|c| c.date)
                .collect();
            let done = days.contains(&today);
            let streak = crate::stats::streak(&days, today);
            let next = pack
                .path(p.role)
                .into_iter()
                .find(|g| {
                    !home
                        .progress
                        .iter()
                        .any(|x| x.partner == p.id && x.guide == g.id && x.completed.is_some())
                })
                .map(|g| format!("{} ({})", g.title, g.id))
                .unwrap_or_else(|| "every guide on your path is done".into());
            writeln!(
                out,
                "{}: check-in {} · streak {}\n  next guide: {}",
                escape_line(&p.name),
                if done {
                    "done today"
                } else {
                    "not done yet today"
                },
                streak.current,
                next
            )?;
        }
        writeln!(out)?;
    }
    out.write_all(
        "Read a guide:  trustwork content list, then trustwork content show ID\n\
         Check in:      trustwork checkin --partner NAME --trust 0..10\n\
         Write:         trustwork journal add --partner NAME -   (Ctrl-D saves)\n\
         Everything:    trustwork --help\n\n\
         This is self-help, not therapy or crisis support. If you are afraid of\n\
         your partner, start here: trustwork content show safety-check\n"
            .as_bytes(),
    )?;
    writeln!(out, "Your data is kept in {}", store.dir().display())?;
    Ok(())
}

/// `forget --all` (no `partner`) or `forget --me --partner NAME`.
fn forget(
    cli: &Cli,
    partner: Option<&str>,
    clock: Clock,
    out: Out,
    err: Out,
) -> Result<(), Failure> {
    use crate::store::{Passphrase, Scope};
    let store = Store::at(data_dir(cli)?, clock);
    let who =
        match partner {
            Some(name) => Some(find_partner(&store.partners()?, name).cloned().ok_or_else(
                || Failure::data(format!("there is no partner called {}", escape_line(name))),
            )?),
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

/// Reads a passphrase: from `var` when it is set (scripts), else from the terminal without echo.
fn read_passphrase(prompt: &str, var: &str) -> Result<Zeroizing<String>, Failure> {
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
fn new_passphrase(name: &str, var: &str) -> Result<Zeroizing<String>, Failure> {
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

/// The partner named on the command line, unlocked with their passphrase when they have one and
/// `sealing` says what they write now must be sealed.
fn acting(store: &Store, name: &str, sealing: bool) -> Result<Actor, Failure> {
    let partners = store.partners()?;
    let id = partner_id(&partners, name)?;
    if sealing && store.is_keyed(&id)? {
        let p = partners.iter().find(|p| p.id == id).expect("found above");
        return Ok(Actor::unlocked(id, unlock_partner(store, p)?));
    }
    Ok(Actor::new(id))
}

/// Unlocks a partner's data key with their passphrase.
fn unlock_partner(
    store: &Store,
    partner: &crate::model::Partner,
) -> Result<crate::privacy::DataKey, Failure> {
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

fn journal_add(
    cli: &Cli,
    a: &JournalAddArgs,
    clock: Clock,
    out: Out,
    err: Out,
) -> Result<(), Failure> {
    if a.private && a.shared {
        return Err(Failure::usage("an entry is either --private or --shared"));
    }
    if a.private && a.text.as_deref().is_some_and(|t| t != "-") {
        return Err(Failure::usage(
            "--private never takes the text on the command line (it would stay in your shell history); use - and type or pipe it",
        ));
    }
    let body = match a.text.as_deref() {
        Some("-") => {
            let mut s = String::new();
            io::stdin()
                .read_to_string(&mut s)
                .map_err(|e| Failure::usage(format!("standard input is not text: {e}")))?;
            s
        }
        Some(t) => t.to_string(),
        None => {
            return Err(Failure::usage(
                "give the text as an argument, or - to read it from standard input",
            ));
        }
    };
    let body = body.replace("\r\n", "\n").replace('\r', "\n");
    let body = body.trim_end_matches('\n').to_string();
    if body.trim().is_empty() {
        return Err(Failure::usage("the entry is empty; nothing was saved"));
    }
    if let Some(t) = &a.title
        && (t.trim().is_empty() || t.contains(['\n', '\r']))
    {
        return Err(Failure::usage("a title is one line of text, not empty"));
    }
    let mut tags: Vec<String> = a.tags.iter().map(|t| text::normalize_tag(t)).collect();
    if tags
        .iter()
        .any(|t| t.is_empty() || t.contains(char::is_whitespace))
    {
        return Err(Failure::usage("a tag is one word"));
    }
    for t in text::hashtags(&body) {
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    let link = if a.guide.is_some() || a.prompt.is_some() {
        let pack = load_pack(cli, err);
        Some(resolve_link(
            &pack,
            a.guide.as_deref(),
            a.prompt.as_deref(),
        )?)
    } else {
        None
    };
    let store = Store::at(data_dir(cli)?, clock);
    let partners = store.partners()?;
    let author = partner_id(&partners, &a.partner)?;
    // Once a partner has a passphrase, what they write is private unless they say --shared.
    let private = a.private || (!a.shared && store.is_keyed(&author)?);
    if private && a.text.as_deref().is_some_and(|t| t != "-") {
        return Err(Failure::usage(format!(
            "{}'s entries are private, and private text never comes from the command line (it would stay in your shell history): use - and type or pipe it, or add --shared",
            escape_line(&a.partner)
        )));
    }
    let actor = acting(&store, &a.partner, private)?;
    let now = clock.now();
    let e = Entry {
        id: crate::ids::new_id(),
        author,
        created: now,
        updated: now,
        title: a.title.as_ref().map(|t| t.trim().to_string()),
        body,
        tags,
        starred: false,
        link,
        visibility: Visibility::Shared,
        source: None,
        responds_to: None,
        sealed: None,
    };
    let e = store.save_entry(&actor, e, private)?;
    if private {
        writeln!(err, "saved as private")?;
    }
    writeln!(out, "{}", e.id)?;
    Ok(())
}

fn resolve_link(
    pack: &Pack,
    guide: Option<&str>,
    prompt: Option<&str>,
) -> Result<PromptLink, Failure> {
    if let Some(pid) = prompt {
        let (g, p) = pack
            .find_prompt(pid)
            .ok_or_else(|| Failure::data(format!("there is no prompt {}", escape_line(pid))))?;
        if let Some(want) = guide
            && want != g.id
        {
            return Err(Failure::data(format!(
                "prompt {pid} belongs to guide {}, not {}",
                g.id,
                escape_line(want)
            )));
        }
        return Ok(PromptLink {
            guide: g.id.clone(),
            prompt: Some(p.id.clone()),
            prompt_text: Some(p.text.clone()),
        });
    }
    let gid = guide.unwrap_or_default();
    let g = pack.guide(gid).ok_or_else(|| {
        Failure::data(format!(
            "there is no guide {} (see `trustwork content list`)",
            escape_line(gid)
        ))
    })?;
    if g.ephemeral {
        return Err(Failure::data(format!(
            "nothing done in {} is ever stored",
            g.id
        )));
    }
    Ok(PromptLink {
        guide: g.id.clone(),
        prompt: None,
        prompt_text: None,
    })
}

/// One line of `journal list`: id, local time, author, title or the start of the text, tags.
fn list_line(snap: &Snapshot, e: &Entry) -> String {
    if e.sealed.is_some() {
        return escape_line(&format!(
            "{}  {}  {}  (private entry)",
            e.id,
            e.created.format("%Y-%m-%d %H:%M"),
            snap.partner_name(&e.author)
        ));
    }
    let head = match e.title.as_deref().filter(|t| !t.trim().is_empty()) {
        Some(t) => t.to_string(),
        None => e
            .body
            .split_whitespace()
            .take(8)
            .collect::<Vec<_>>()
            .join(" "),
    };
    let tags = if e.tags.is_empty() {
        String::new()
    } else {
        format!(
            "  {}",
            e.tags
                .iter()
                .map(|t| format!("#{t}"))
                .collect::<Vec<_>>()
                .join(" ")
        )
    };
    escape_line(&format!(
        "{}  {}  {}  {}{}",
        e.id,
        e.created.format("%Y-%m-%d %H:%M"),
        snap.partner_name(&e.author),
        head,
        tags
    ))
}

fn show_entry(snap: &Snapshot, e: &Entry) -> String {
    let mut s = String::new();
    if e.sealed.is_some() {
        return format!(
            "Private entry by {}, {}.\nOnly its author can read it, in the workbook or with `trustwork export --include-private --partner NAME`.\n",
            escape_line(snap.partner_name(&e.author)),
            e.created.format("%A %-d %B %Y, %H:%M")
        );
    }
    if let Some(t) = &e.title {
        s.push_str(&escape_line(t));
        s.push('\n');
    }
    s.push_str(&format!(
        "{} · {} · {}\n",
        escape_line(snap.partner_name(&e.author)),
        e.created.format("%A %-d %B %Y, %H:%M"),
        e.id
    ));
    if !e.tags.is_empty() {
        s.push_str(&escape_line(
            &e.tags
                .iter()
                .map(|t| format!("#{t}"))
                .collect::<Vec<_>>()
                .join(" "),
        ));
        s.push('\n');
    }
    if let Some(link) = &e.link {
        match &link.prompt_text {
            Some(p) => s.push_str(&format!("Answering: {}\n", escape_line(p))),
            None => s.push_str(&format!("Guide: {}\n", escape_line(&link.guide))),
        }
    }
    s.push('\n');
    s.push_str(&escape_control(&e.body));
    s.push('\n');
    s
}

fn export_cmd(cli: &Cli, a: &ExportArgs, clock: Clock, out: Out) -> Result<(), Failure> {
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
    let snap = store.load_all()?;
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

fn content_cmd(cli: &Cli, c: &ContentCmd, out: Out, err: Out) -> Result<(), Failure> {
    match c {
        ContentCmd::Check { strict, alone, dir } => {
            let mut layers = Vec::new();
            if !alone {
                layers.push(content::embedded_layer());
            }
            if let Some(d) = dir {
                layers.push(Layer::from_dir(d));
            }
            let report = content::load_layers(&layers);
            let mut problems = report.problems.clone();
            if *strict {
                problems.extend(content::strict_problems(&report));
            }
            problems.sort();
            problems.dedup();
            for p in &problems {
                writeln!(out, "{}", escape_line(&p.to_string()))?;
            }
            let guides = report.pack.guides.len();
            if problems.is_empty() {
                writeln!(
                    err,
                    "ok: {guides} guides in {} stages, {} resources{}",
                    report.pack.stages.len(),
                    report.pack.resources.resources.len(),
                    if *strict { " (strict)" } else { "" }
                )?;
                Ok(())
            } else {
                Err(Failure::data(format!(
                    "{} problem(s) found",
                    problems.len()
                )))
            }
        }
        ContentCmd::List => {
            let pack = load_pack(cli, err);
            for g in &pack.guides {
                writeln!(out, "{}\t{}\t{}", g.id, g.stage, escape_line(&g.title))?;
            }
            Ok(())
        }
        ContentCmd::Show { id } => {
            let pack = load_pack(cli, err);
            let g = pack.guide(id).ok_or_else(|| {
                Failure::data(format!(
                    "there is no guide {} (see `trustwork content list`)",
                    escape_line(id)
                ))
            })?;
            let width = terminal_width().unwrap_or(80).clamp(20, 100);
            write!(out, "{}", crate::guide_text::render(&pack, g, width))?;
            Ok(())
        }
    }
}

/// The width of the terminal on standard output, when it is one.
fn terminal_width() -> Option<usize> {
    if !io::stdout().is_terminal() {
        return None;
    }
    crossterm::terminal::size().ok().map(|(w, _)| w as usize)
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
    match run(cli, &mut out, &mut err) {
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
