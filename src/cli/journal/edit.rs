//! `journal edit ID`: the entry's text in the person's own editor, on a file in a private
//! temporary folder that is removed afterwards whatever happens. Saved only on a clean exit with
//! changed text, through the store's authorship-checked write; otherwise the words are kept as
//! the draft the workbook's editor offers for that entry.

use super::super::{Cli, Failure, Out, acting, open_store, partner_id};
use super::find_entry;
use crate::clock::Clock;
use crate::model::{Draft, Entry};
use crate::privacy::Actor;
use crate::store::Store;
use crate::text::{self, escape_line};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

pub(in crate::cli) fn edit(
    cli: &Cli,
    id: &str,
    partner: &str,
    clock: Clock,
    out: Out,
    err: Out,
) -> Result<(), Failure> {
    let store = open_store(cli, clock)?;
    let found = find_entry(&store, id, err)?;
    let partners = store.partners()?;
    let who = partner_id(&partners, partner)?;
    // Another's entry is refused before any passphrase is asked for.
    crate::privacy::check_author(&Actor::new(who.clone()), &found.author, "this entry")
        .map_err(crate::store::StoreError::from)?;
    // A partner with a passphrase unlocks, as in the workbook's editor: a private entry opens
    // only so, and a draft of theirs is kept sealed.
    let actor = acting(&store, partner, true)?;
    let private = found.sealed.is_some();
    let entry = match (&found.sealed, actor.key()) {
        (None, _) => found,
        (Some(_), Some(key)) => crate::crypto::open_entry(&found, key)
            .map_err(|e| Failure::data(format!("the entry could not be opened: {e}")))?,
        (Some(_), None) => {
            return Err(crate::store::StoreError::from(crate::privacy::Denied::Locked).into());
        }
    };
    let before = normalize(&entry.body);

    let outcome = {
        let tmp = PrivateTemp::new()?;
        let path = tmp.file(&entry.body)?;
        // What is printed so far is out before the editor takes the terminal.
        out.flush()?;
        err.flush()?;
        let ran = run_editor(&path);
        let read = fs::read(&path);
        // `tmp` is removed here, on every path, before anything is saved.
        (ran, read)
    };
    let (ran, read) = outcome;
    let text = match &read {
        Ok(bytes) => Some(normalize(&String::from_utf8_lossy(bytes))),
        Err(_) => None,
    };
    let why_not = match (&ran, &read) {
        (Err(why), _) => Some(why.clone()),
        (Ok(()), Err(e)) => Some(format!("the file could not be read back ({e})")),
        (Ok(()), Ok(bytes)) if std::str::from_utf8(bytes).is_err() => {
            Some("the file is not UTF-8 text".to_string())
        }
        _ => None,
    };
    if let Some(why) = why_not {
        let kept = match text.filter(|t| *t != before && !t.trim().is_empty()) {
            Some(t) => keep_draft(&store, &actor, &entry, t, &clock)?,
            None => String::new(),
        };
        return Err(Failure::data(format!("{why}; nothing was saved{kept}")));
    }
    let text = text.expect("read above");
    if text == before {
        writeln!(err, "No change.")?;
        return Ok(());
    }
    if text.trim().is_empty() {
        return Err(Failure::data(format!(
            "the text is empty; nothing was saved (`trustwork journal delete {}` moves the entry to the trash)",
            entry.id
        )));
    }
    let mut tags = entry.tags.clone();
    for t in text::hashtags(&text) {
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    let changed = Entry {
        body: text,
        tags,
        updated: clock.now(),
        ..entry
    };
    let saved = store.save_entry(&actor, changed, private)?;
    writeln!(
        err,
        "{}",
        if private { "Saved, private." } else { "Saved." }
    )?;
    writeln!(out, "{}", saved.id)?;
    Ok(())
}

/// Line endings as the store keeps them, without the final newline editors add.
fn normalize(s: &str) -> String {
    s.replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim_end_matches('\n')
        .to_string()
}

/// Keeps the words as the workbook's draft for editing this entry (sealed once the partner has a
/// passphrase), and says where.
fn keep_draft(
    store: &Store,
    actor: &Actor,
    entry: &Entry,
    body: String,
    clock: &Clock,
) -> Result<String, Failure> {
    let draft = Draft {
        partner: actor.partner.clone(),
        // The workbook's editor names the place of an edit so (see `ui::screens::journal`).
        key: format!("edit:{}", entry.id),
        title: entry.title.clone().unwrap_or_default(),
        tags: entry.tags.join(" "),
        body,
        link: entry.link.clone(),
        entry: Some(entry.id.clone()),
        saved: clock.now(),
        sealed: None,
    };
    store.put_draft(actor, draft).map_err(|e| {
        Failure::data(format!(
            "nothing was saved, and your text could not be kept as a draft either: {e}"
        ))
    })?;
    Ok(format!(
        ". Your text is kept as a draft in {}: the workbook offers it when you edit this entry there (e in the journal)",
        escape_line(
            &store
                .dir()
                .join(crate::store::paths::DRAFTS)
                .display()
                .to_string()
        )
    ))
}

/// The editor the person chose: `$VISUAL`, then `$EDITOR`, then `vi`.
fn editor() -> String {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|v| std::env::var(v).ok())
        .find(|v| !v.trim().is_empty())
        .unwrap_or_else(|| "vi".to_string())
}

/// Runs the editor on `path` and waits. `Ok` only for a clean exit (status 0). While it runs,
/// Ctrl-C, SIGTERM and SIGHUP reach the editor and leave this process to clean up.
fn run_editor(path: &Path) -> Result<(), String> {
    let editor = editor();
    // As git does: the variable may hold arguments (`code --wait`), so a shell reads it.
    #[cfg(unix)]
    let mut cmd = {
        let mut c = Command::new("sh");
        c.arg("-c")
            .arg(format!("{editor} \"$@\""))
            .arg(&editor)
            .arg(path);
        c
    };
    #[cfg(not(unix))]
    let mut cmd = {
        let mut parts = editor.split_whitespace();
        let mut c = Command::new(parts.next().unwrap_or("notepad"));
        c.args(parts).arg(path);
        c
    };
    let _held = HoldSignals::new();
    match cmd.status() {
        Ok(s) if s.success() => Ok(()),
        Ok(s) => Err(format!(
            "the editor ({}) did not finish cleanly ({s})",
            escape_line(&editor)
        )),
        Err(e) => Err(format!(
            "the editor ({}) could not be started: {e}",
            escape_line(&editor)
        )),
    }
}

/// While held, the signals that would end this process only set a flag, so the temporary file
/// is always removed (the editor, in the same process group, gets them as usual).
struct HoldSignals {
    #[cfg(unix)]
    ids: Vec<signal_hook::SigId>,
}

impl HoldSignals {
    fn new() -> HoldSignals {
        #[cfg(unix)]
        {
            use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
            let flag = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
            let ids = [SIGINT, SIGTERM, SIGHUP, SIGQUIT]
                .into_iter()
                .filter_map(|s| signal_hook::flag::register(s, flag.clone()).ok())
                .collect();
            HoldSignals { ids }
        }
        #[cfg(not(unix))]
        HoldSignals {}
    }
}

impl Drop for HoldSignals {
    fn drop(&mut self) {
        #[cfg(unix)]
        for id in self.ids.drain(..) {
            signal_hook::low_level::unregister(id);
        }
    }
}

/// A folder of the temporary directory only its owner can open (0700), holding one file (0600),
/// removed with everything in it when dropped.
struct PrivateTemp {
    dir: PathBuf,
}

impl PrivateTemp {
    fn new() -> Result<PrivateTemp, Failure> {
        let dir = std::env::temp_dir().join(format!("trustwork-edit-{}", crate::ids::new_id()));
        let mut b = fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
        // Never an existing folder (nor a link someone left there): `mkdir` fails on any name.
        b.create(&dir).map_err(|e| {
            Failure::data(format!(
                "could not make a private temporary folder {}: {e}",
                escape_line(&dir.display().to_string())
            ))
        })?;
        Ok(PrivateTemp { dir })
    }

    /// Writes the text to the folder's one file, created new and readable by its owner only.
    fn file(&self, text: &str) -> Result<PathBuf, Failure> {
        let path = self.dir.join("entry.txt");
        let mut o = fs::OpenOptions::new();
        o.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut o, 0o600);
        let mut f = o.open(&path)?;
        f.write_all(text.as_bytes())?;
        if !text.is_empty() && !text.ends_with('\n') {
            f.write_all(b"\n")?;
        }
        f.sync_all()?;
        Ok(path)
    }
}

impl Drop for PrivateTemp {
    fn drop(&mut self) {
        if let Err(e) = fs::remove_dir_all(&self.dir)
            && e.kind() != io::ErrorKind::NotFound
        {
            let _ = writeln!(
                io::stderr(),
                "trustwork: warning: the temporary folder {} could not be removed: {e}",
                escape_line(&self.dir.display().to_string())
            );
        }
    }
}
