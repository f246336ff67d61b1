//! `journal add`, `list`, `search`, `show`, `edit`, `delete` and `share`, the one way an id
//! (or the start of one) names an entry, and how an entry is printed.

use super::content::load_pack;
use super::{
    Cli, Failure, JournalAddArgs, JournalCmd, JournalListArgs, Out, acting, no_guide, open_store,
    partner_id,
};
use crate::clock::Clock;
use crate::content::Pack;
use crate::model::{Entry, PromptLink, Visibility};
use crate::privacy::Actor;
use crate::search::Query;
use crate::store::{Snapshot, Store};
use crate::text::{self, escape_control, escape_line};
use std::io::{self, IsTerminal, Read};

mod edit;

pub(super) fn run(
    cli: &Cli,
    command: &JournalCmd,
    clock: Clock,
    out: Out,
    err: Out,
) -> Result<(), Failure> {
    match command {
        JournalCmd::Add(a) => add(cli, a, clock, out, err),
        JournalCmd::List(a) => list(cli, a, clock, out, err),
        JournalCmd::Search {
            query,
            number,
            json,
        } => search(cli, &query.join(" "), *number, *json, clock, out, err),
        JournalCmd::Show { id } => show(cli, id, clock, out, err),
        JournalCmd::Edit { id, partner } => edit::edit(cli, id, partner, clock, out, err),
        JournalCmd::Delete {
            id,
            partner,
            purge,
            yes,
        } => delete(cli, id, partner, *purge, *yes, clock, out, err),
        JournalCmd::Share { id, partner, off } => share(cli, id, partner, !*off, clock, out, err),
    }
}

/// The fewest characters of an id that name an entry.
const MIN_PREFIX: usize = 4;

/// The entry an id names: the whole id, or a start of it (at least four characters) that only
/// one entry's id has. Every command that takes an id finds its entry here, so they all say the
/// same: too short, ambiguous (with the candidates), or no such entry.
pub(super) fn find_entry(store: &Store, id: &str, err: Out) -> Result<Entry, Failure> {
    let (all, damaged) = store.readable_entries()?;
    super::warn_damaged(err, &damaged)?;
    pick_entry(store, all, id)
}

/// The entry `id` names among `all` (see [`find_entry`]).
fn pick_entry(store: &Store, all: Vec<Entry>, id: &str) -> Result<Entry, Failure> {
    let want = id.trim().to_lowercase();
    if let Some(e) = all.iter().find(|e| e.id == want) {
        return Ok(e.clone());
    }
    if want.chars().count() < MIN_PREFIX {
        return Err(Failure::usage(format!(
            "give at least {MIN_PREFIX} characters of the id"
        )));
    }
    let mut hits: Vec<Entry> = all
        .into_iter()
        .filter(|e| e.id.starts_with(&want))
        .collect();
    match hits.len() {
        0 => Err(Failure::data(format!(
            "there is no entry {}",
            escape_line(id.trim())
        ))),
        1 => Ok(hits.pop().expect("one")),
        n => {
            crate::search::newest_first(&mut hits);
            let snap = Snapshot {
                partners: store.partners()?,
                ..Default::default()
            };
            let mut msg = format!(
                "ambiguous: {n} entries start with {}; give more of the id",
                escape_line(&want)
            );
            const SHOWN: usize = 10;
            for e in hits.iter().take(SHOWN) {
                msg.push_str("\n  ");
                msg.push_str(&list_line(&snap, e));
            }
            if n > SHOWN {
                msg.push_str(&format!("\n  … and {} more", n - SHOWN));
            }
            Err(Failure::data(msg))
        }
    }
}

/// Ticks or unticks "share with our counsellor" as the named partner; the store refuses
/// anyone but the entry's author.
fn share(
    cli: &Cli,
    id: &str,
    partner: &str,
    on: bool,
    clock: Clock,
    out: Out,
    err: Out,
) -> Result<(), Failure> {
    let store = open_store(cli, clock)?;
    let e = find_entry(&store, id, err)?;
    let partners = store.partners()?;
    let who = partner_id(&partners, partner)?;
    // Refused before any passphrase is asked for, when it is not theirs.
    crate::privacy::check_counsellor(&crate::privacy::Actor::new(who), &e)
        .map_err(crate::store::StoreError::from)?;
    let actor = acting(&store, partner, e.sealed.is_some())?;
    let e = store.share_with_counsellor(&actor, &e.id, on)?;
    writeln!(
        out,
        "{} {}",
        e.id,
        if on {
            "is shared with your counsellor: the counsellor summary holds it"
        } else {
            "is no longer shared with your counsellor"
        }
    )?;
    Ok(())
}

fn add(cli: &Cli, a: &JournalAddArgs, clock: Clock, out: Out, err: Out) -> Result<(), Failure> {
    if a.private && a.shared {
        return Err(Failure::usage("an entry is either --private or --shared"));
    }
    if a.private && a.text.as_deref().is_some_and(|t| t != "-") {
        return Err(Failure::usage(
            "--private never takes the text on the command line (it would stay in your shell history); use - and type or pipe it",
        ));
    }
    let today = clock.today();
    if let Some(d) = a.date
        && d > today
    {
        return Err(Failure::usage(format!(
            "{d} is in the future; an entry can be about today ({today}) or a past day"
        )));
    }
    let body = match a.text.as_deref() {
        Some("-") => {
            if io::stdin().is_terminal() {
                writeln!(err, "Type your entry; Ctrl-D saves, Ctrl-C cancels.")?;
            }
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
    let store = open_store(cli, clock)?;
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
    // A past day keeps the time of day it was written at.
    let created = match a.date {
        Some(d) if d != today => clock.localize(d.and_time(now.time())),
        _ => now,
    };
    let e = Entry {
        id: crate::ids::new_id(),
        author,
        created,
        updated: now,
        title: a.title.as_ref().map(|t| t.trim().to_string()),
        body,
        tags,
        starred: false,
        for_counsellor: false,
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
    let g = pack.guide(gid).ok_or_else(|| no_guide(gid))?;
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

/// `journal list`: entries, newest first, narrowed by the flags.
fn list(cli: &Cli, a: &JournalListArgs, clock: Clock, out: Out, err: Out) -> Result<(), Failure> {
    let store = open_store(cli, clock)?;
    let partners = store.partners()?;
    let author = match a.partner.as_deref() {
        Some(n) => Some(partner_id(&partners, n)?),
        None => None,
    };
    let tags: Vec<String> = a.tags.iter().map(|t| text::normalize_tag(t)).collect();
    let query = Query {
        since: a.since,
        until: a.until,
        starred: a.starred.then_some(true),
        ..Query::default()
    };
    let q = query.resolve(&partners);
    let (mut entries, damaged) = store.readable_entries()?;
    super::warn_damaged(err, &damaged)?;
    entries.retain(|e| {
        author.as_ref().is_none_or(|a| &e.author == a)
            && (tags.is_empty() || e.tags.iter().any(|t| tags.contains(t)))
            && q.matches_fields(e)
    });
    print_entries(partners, entries, a.number, a.json, out)
}

/// `journal search`: the workbook's search, printed as `list` prints.
fn search(
    cli: &Cli,
    query: &str,
    number: Option<usize>,
    json: bool,
    clock: Clock,
    out: Out,
    err: Out,
) -> Result<(), Failure> {
    let store = open_store(cli, clock)?;
    let partners = store.partners()?;
    let query = Query::parse(query);
    let (mut entries, damaged) = store.readable_entries()?;
    super::warn_damaged(err, &damaged)?;
    let q = query.resolve(&partners);
    entries.retain(|e| q.matches(e));
    print_entries(partners, entries, number, json, out)
}

/// Entries (oldest first, as the store reads them) printed newest first, at most `number`:
/// one line each, or JSON with each author's name.
fn print_entries(
    partners: Vec<crate::model::Partner>,
    mut entries: Vec<Entry>,
    number: Option<usize>,
    json: bool,
    out: Out,
) -> Result<(), Failure> {
    entries.reverse();
    if let Some(n) = number {
        entries.truncate(n);
    }
    let snap = Snapshot {
        partners,
        ..Default::default()
    };
    if json {
        let list: Vec<serde_json::Value> = entries
            .iter()
            .map(|e| {
                let mut v = serde_json::to_value(e).expect("entries serialise");
                v["author_name"] = snap.partner_name(&e.author).into();
                v
            })
            .collect();
        let json = trustwork_core::json::to_string_pretty(&list).map_err(io::Error::from)?;
        writeln!(out, "{json}")?;
    } else {
        for e in &entries {
            writeln!(out, "{}", list_line(&snap, e))?;
        }
    }
    Ok(())
}

fn show(cli: &Cli, id: &str, clock: Clock, out: Out, err: Out) -> Result<(), Failure> {
    let store = open_store(cli, clock)?;
    let e = find_entry(&store, id, err)?;
    let snap = Snapshot {
        partners: store.partners()?,
        ..Default::default()
    };
    write!(out, "{}", show_entry(&snap, &e))?;
    Ok(())
}

/// `journal delete`: the author's entry to the trash, or with `--purge` gone for good (asked
/// first on a terminal; refused without `--yes` when there is none to ask on).
#[allow(clippy::too_many_arguments)]
fn delete(
    cli: &Cli,
    id: &str,
    partner: &str,
    purge: bool,
    yes: bool,
    clock: Clock,
    out: Out,
    err: Out,
) -> Result<(), Failure> {
    let store = open_store(cli, clock)?;
    let partners = store.partners()?;
    let actor = Actor::new(partner_id(&partners, partner)?);
    let e = if purge {
        // What is in the actor's trash can be purged too.
        let (mut all, damaged) = store.readable_entries()?;
        super::warn_damaged(err, &damaged)?;
        for t in store.trash()? {
            if actor.is(&t.entry.author) && !all.iter().any(|e| e.id == t.entry.id) {
                all.push(t.entry);
            }
        }
        pick_entry(&store, all, id)?
    } else {
        find_entry(&store, id, err)?
    };
    crate::privacy::check_author(&actor, &e.author, "this entry")
        .map_err(crate::store::StoreError::from)?;
    if !purge {
        store.trash_entry(&actor, &e.id)?;
        writeln!(
            out,
            "{} is in your trash: the workbook's journal (t) restores it",
            e.id
        )?;
        return Ok(());
    }
    if !yes {
        if !io::stdin().is_terminal() {
            return Err(Failure::usage(
                "--purge deletes for good: with no terminal to ask on, add --yes",
            ));
        }
        write!(err, "Delete for good? [y/N] ")?;
        err.flush()?;
        let mut line = String::new();
        io::stdin().read_line(&mut line)?;
        if !matches!(line.trim().to_lowercase().as_str(), "y" | "yes") {
            return Err(Failure::data("nothing was deleted"));
        }
    }
    store.purge_entry(&actor, &e.id)?;
    writeln!(out, "{} is deleted for good", e.id)?;
    Ok(())
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
            "Private entry by {}, {}.\nOnly its author can read it, in the workbook or with `trustwork export --private --partner NAME`.\n",
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
