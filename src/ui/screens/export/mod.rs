//! Export: a file of the journal (md, json, txt, html) or the counsellor summary (md, html),
//! chosen as a form — what, format, partner, guide, dates, tags, the active partner's own
//! private entries once they have unlocked — with live counts and the file it will write.
//! The store is read through an effect; the file is written by the event loop on a thread
//! (`Effect::Export`), which reports progress, asks before replacing a file and refuses links.

use super::keys::{Action, Keys, Table, b};
use super::view::View;
use super::{App, Effect, Reply, Screen, unlock};
use crate::export::{self, Counts, Filter, Format};
use crate::store::Snapshot;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::PathBuf;
use std::sync::Arc;

mod render;

/// What to write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    Journal,
    Summary,
}

/// A line of the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    What,
    Format,
    Partner,
    Guide,
    From,
    To,
    Tags,
    Private,
    File,
}

impl Field {
    /// A field typed into (the others are choices).
    pub fn typed(self) -> bool {
        matches!(self, Field::From | Field::To | Field::Tags | Field::File)
    }
}

/// Where the screen is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Phase {
    Form,
    /// The file exists: replace it? y/n.
    Replace(PathBuf),
    /// Being written: records done of total.
    Writing(usize, usize),
    /// Written, at this path.
    Done(PathBuf),
}

/// What the event loop is asked to write (`Effect::Export`).
#[derive(Debug, Clone, PartialEq)]
pub struct Job {
    /// The store as read, private entries still sealed.
    pub snap: Arc<Snapshot>,
    /// Who exports: only their own private entries are opened, with their key
    /// (`export::open_private_for`).
    pub actor: crate::privacy::Actor,
    pub filter: Filter,
    pub format: Format,
    /// The counsellor summary instead of the journal.
    pub summary: bool,
    pub path: PathBuf,
    /// The user said yes to replacing the file there.
    pub replace: bool,
    pub exported_at: crate::model::Timestamp,
    pub today: NaiveDate,
}

/// What the store read brings: everything, the home folder, whether a desktop opener exists.
#[derive(Debug, Clone)]
pub struct Ready {
    pub snap: Arc<Snapshot>,
    pub home: PathBuf,
    pub opener: bool,
}

#[derive(Debug, Clone)]
pub struct ExportScreen {
    /// Until the store is read: "reading…".
    pub ready: Option<Ready>,
    /// The store with the active partner's own private entries opened (for the counts), once
    /// they have unlocked and asked for them.
    pub opened: Option<Arc<Snapshot>>,
    pub what: What,
    /// Index into `Format::ALL`.
    pub format: usize,
    /// 0: both; then each partner in order.
    pub partner: usize,
    /// 0: all; then each guide of the pack.
    pub guide: usize,
    pub from: String,
    pub to: String,
    pub tags: String,
    pub private: bool,
    pub path: String,
    /// The user typed in the path: its extension no longer follows the format.
    pub path_edited: bool,
    pub field: Field,
    pub phase: Phase,
    /// What is wrong with the form (a date), or why the last write failed.
    pub problem: Option<String>,
    /// What the export will write, for the form's choices (`None` while something is wrong).
    pub counts: Option<Counts>,
    /// The counsellor summary's period and what it holds, in words.
    pub summary_line: Option<String>,
    /// The screen to return to.
    pub back: Box<Screen>,
}

impl ExportScreen {
    pub fn new() -> ExportScreen {
        ExportScreen {
            ready: None,
            opened: None,
            what: What::Journal,
            format: 0,
            partner: 0,
            guide: 0,
            from: String::new(),
            to: String::new(),
            tags: String::new(),
            private: false,
            path: String::new(),
            path_edited: false,
            field: Field::What,
            phase: Phase::Form,
            problem: None,
            counts: None,
            summary_line: None,
            back: Box::default(),
        }
    }

    pub fn format(&self) -> Format {
        self.formats()[self.format.min(self.formats().len() - 1)]
    }

    /// The formats on offer: the summary is written as md or html only.
    pub fn formats(&self) -> &'static [Format] {
        match self.what {
            What::Journal => &Format::ALL,
            What::Summary => &[Format::Markdown, Format::Html],
        }
    }

    /// The fields of the form, top to bottom (the summary has no partner, guide or tags).
    pub fn fields(&self) -> &'static [Field] {
        match self.what {
            What::Journal => &[
                Field::What,
                Field::Format,
                Field::Partner,
                Field::Guide,
                Field::From,
                Field::To,
                Field::Tags,
                Field::Private,
                Field::File,
            ],
            What::Summary => &[
                Field::What,
                Field::Format,
                Field::From,
                Field::To,
                Field::Private,
                Field::File,
            ],
        }
    }

    fn text_mut(&mut self) -> Option<&mut String> {
        match self.field {
            Field::From => Some(&mut self.from),
            Field::To => Some(&mut self.to),
            Field::Tags => Some(&mut self.tags),
            Field::File => Some(&mut self.path),
            _ => None,
        }
    }
}

impl Default for ExportScreen {
    fn default() -> Self {
        ExportScreen::new()
    }
}

/// Opens the export screen over the current one; the event loop reads the whole store.
pub fn open() -> Reply {
    Reply::push(Screen::Export(Box::default())).with([Effect::LoadExport])
}

/// The guides a journal export may be narrowed to.
fn guides(app: &App) -> Vec<(&str, &str)> {
    app.pack
        .guides
        .iter()
        .filter(|g| !g.ephemeral)
        .map(|g| (g.id.as_str(), g.title.as_str()))
        .collect()
}

/// The store arrived: the form can count.
pub fn loaded(app: &mut App, ready: Ready) {
    // Lent out, so the counts can read the app.
    let mut screen = std::mem::take(&mut app.screen);
    if let Screen::Export(s) = &mut screen {
        s.ready = Some(ready);
        s.opened = None;
        follow_format(s, app.clock.today());
        recount(s, app);
    }
    app.screen = screen;
}

/// The active partner locked (idle, quick-hide): what was opened is dropped, and the form no
/// longer includes private entries.
pub fn locked(app: &mut App) {
    let mut screen = std::mem::take(&mut app.screen);
    if let Screen::Export(s) = &mut screen {
        s.opened = None;
        s.private = false;
        recount(s, app);
    }
    app.screen = screen;
}

/// Text was pasted into a field: count again, the file following the format no longer if it
/// was the file's name.
pub fn pasted(app: &mut App) {
    let mut screen = std::mem::take(&mut app.screen);
    if let Screen::Export(s) = &mut screen {
        follow_format(s, app.clock.today());
        recount(s, app);
    }
    app.screen = screen;
}

/// The write's progress.
pub fn progress(app: &mut App, p: export::Progress) {
    if let Screen::Export(s) = &mut app.screen
        && matches!(s.phase, Phase::Writing(..))
    {
        s.phase = Phase::Writing(p.done, p.total);
    }
}

/// The file is there already: ask before replacing it.
pub fn exists(app: &mut App, path: PathBuf) {
    if let Screen::Export(s) = &mut app.screen {
        s.phase = Phase::Replace(path);
    }
}

/// The write ended: the path, or why not (the form kept).
pub fn exported(app: &mut App, result: Result<PathBuf, String>) {
    match &mut app.screen {
        Screen::Export(s) => match result {
            Ok(path) => {
                s.phase = Phase::Done(path);
                s.problem = None;
            }
            Err(why) => {
                s.phase = Phase::Form;
                s.problem = Some(why);
            }
        },
        // Left before it ended: the status line says how it went.
        _ => {
            app.status = Some(match result {
                Ok(path) => format!("Your export is written: {}.", path.display()),
                Err(why) => why,
            })
        }
    }
}

/// While the path was not edited, it is the home folder's default name for the format.
fn follow_format(s: &mut ExportScreen, today: NaiveDate) {
    if s.path_edited {
        return;
    }
    if let Some(r) = &s.ready {
        let name = match s.what {
            What::Journal => export::default_file_name(today, s.format()),
            What::Summary => format!(
                "trustwork-summary-{}.{}",
                today.format("%Y-%m-%d"),
                s.format().extension()
            ),
        };
        s.path = r.home.join(name).display().to_string();
    }
}

/// A typed date: empty is open; otherwise YYYY-MM-DD within the dates the workbook keeps.
fn parse_date(label: &str, text: &str) -> Result<Option<NaiveDate>, String> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(None);
    }
    let d = NaiveDate::parse_from_str(t, "%Y-%m-%d").map_err(|_| {
        format!(
            "{label}: {} is not a date. Write it as YYYY-MM-DD, such as 2026-03-01, or leave it empty.",
            crate::text::escape_line(t)
        )
    })?;
    crate::validate::date(d).map_err(|e| format!("{label}: {e}."))?;
    Ok(Some(d))
}

/// The tags typed, comma or space separated.
pub fn parse_tags(text: &str) -> Vec<String> {
    text.split([',', ' '])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// The filter the form says, or what is wrong with it.
fn filter(s: &ExportScreen, app: &App) -> Result<Filter, String> {
    let since = parse_date("From", &s.from)?;
    let until = parse_date("To", &s.to)?;
    if let (Some(a), Some(z)) = (since, until)
        && a > z
    {
        return Err(format!(
            "From ({a}) is after To ({z}): the period would be empty."
        ));
    }
    let summary = s.what == What::Summary;
    Ok(Filter {
        partner: match s.partner {
            0 => None,
            _ if summary => None,
            n => app.data.partners.get(n - 1).map(|p| p.id.clone()),
        },
        guide: match s.guide {
            0 => None,
            _ if summary => None,
            n => guides(app).get(n - 1).map(|(id, _)| id.to_string()),
        },
        since,
        until,
        tags: if summary {
            Vec::new()
        } else {
            parse_tags(&s.tags)
        },
        include_private: s.private && unlock::key(app).is_some(),
    })
}

/// The active partner, with their key once they have unlocked.
fn actor(app: &App) -> crate::privacy::Actor {
    app.actor()
}

/// Counts again for the form as it is now (and opens the active partner's own private entries
/// in memory, once, when they are asked for and unlocked).
fn recount(s: &mut ExportScreen, app: &App) {
    let Some(ready) = &s.ready else {
        return;
    };
    let f = match filter(s, app) {
        Ok(f) => f,
        Err(why) => {
            s.problem = Some(why);
            s.counts = None;
            s.summary_line = None;
            return;
        }
    };
    s.problem = None;
    if f.include_private && s.opened.is_none() {
        let mut snap = (*ready.snap).clone();
        // All of their own, for the counts; the write opens only what its filter matches.
        let all_mine = Filter {
            include_private: true,
            ..Filter::default()
        };
        match export::open_private_for(&mut snap, &actor(app), &all_mine) {
            Ok(_) => s.opened = Some(Arc::new(snap)),
            Err(e) => s.problem = Some(format!("Your private entries could not be opened: {e}.")),
        }
    }
    let snap = match (&s.opened, f.include_private) {
        (Some(o), true) => o.clone(),
        _ => ready.snap.clone(),
    };
    match s.what {
        What::Journal => {
            s.counts = Some(export::counts(&snap, &f));
            s.summary_line = None;
        }
        What::Summary => {
            let sum = export::summary::build(&snap, f.since, f.until, app.clock.today());
            s.counts = None;
            let n = sum.shared.len();
            s.summary_line = Some(format!(
                "The summary covers {} to {}: {}, {} and {}. It holds only the entries their authors shared with your counsellor: {}.",
                sum.from.format("%-d %B %Y"),
                sum.to.format("%-d %B %Y"),
                plural(sum.partners.len(), "partner", "partners"),
                plural(sum.agreements.len(), "agreement", "agreements"),
                plural(sum.promises.len(), "promise", "promises"),
                if n == 0 {
                    "none so far".to_string()
                } else {
                    plural(n, "entry", "entries")
                }
            ));
        }
    }
}

/// `1 entry`, `1,204 entries`.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
}

/// 1204 as `1,204`.
pub fn thousands(n: usize) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Moves a choice one step (`by` is 1 or -1) through `n` options.
fn step(i: &mut usize, n: usize, by: isize) {
    if n > 0 {
        *i = (*i as isize + by).rem_euclid(n as isize) as usize;
    }
}

/// Changes the choice on the current field.
fn change(s: &mut ExportScreen, app: &mut App, by: isize, key: &KeyEvent) {
    match s.field {
        Field::What => {
            // The format is kept where the other offers it; the summary has md and html only.
            let f = s.format();
            s.what = match s.what {
                What::Journal => What::Summary,
                What::Summary => What::Journal,
            };
            s.format = s.formats().iter().position(|x| *x == f).unwrap_or(0);
        }
        Field::Format => {
            let n = s.formats().len();
            step(&mut s.format, n, by)
        }
        Field::Partner => step(&mut s.partner, app.data.partners.len() + 1, by),
        Field::Guide => step(&mut s.guide, guides(app).len() + 1, by),
        Field::Private => {
            if !unlock::keyed(app) {
                app.status = Some(
                    "You have no private entries: they come with a passphrase (Settings).".into(),
                );
            } else if unlock::key(app).is_none() {
                // Unlock first; the same key is pressed again once the passphrase is right.
                unlock::ask(app, unlock::Then::Replay(*key));
            } else {
                s.private = !s.private;
            }
        }
        _ => {}
    }
}

/// Enter: check the form and ask the event loop to write.
fn write(s: &mut ExportScreen, app: &App, replace: bool) -> Reply {
    let Some(ready) = &s.ready else {
        return Reply::stay();
    };
    let f = match filter(s, app) {
        Ok(f) => f,
        Err(why) => {
            s.problem = Some(why);
            return Reply::stay();
        }
    };
    let path = s.path.trim();
    if path.is_empty() {
        s.problem = Some("Name the file to write, such as ~/trustwork-export.html.".into());
        return Reply::stay();
    }
    let path = match path.strip_prefix("~/") {
        Some(rest) => ready.home.join(rest),
        None => PathBuf::from(path),
    };
    s.problem = None;
    s.phase = Phase::Writing(0, s.counts.map(|c| c.total()).unwrap_or(0));
    Effect::Export(Box::new(Job {
        snap: ready.snap.clone(),
        actor: actor(app),
        filter: f,
        format: s.format(),
        summary: s.what == What::Summary,
        path,
        replace,
        exported_at: app.clock.now(),
        today: app.clock.today(),
    }))
    .into()
}

fn on_key(s: &mut ExportScreen, app: &mut App, key: &KeyEvent) -> Reply {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match s.phase.clone() {
        Phase::Writing(..) => {
            if key.code == KeyCode::Esc {
                app.status = Some(
                    "The export goes on being written; you will be told when it is done.".into(),
                );
                return Reply::open(std::mem::take(&mut *s.back));
            }
            return Reply::stay();
        }
        Phase::Replace(_) => {
            return match (keys_action(&REPLACE_KEYS, key), key.code) {
                (Some(Action::Agree), _) => write(s, app, true),
                (Some(Action::Back), _) | (_, KeyCode::Esc) => {
                    s.phase = Phase::Form;
                    s.field = Field::File;
                    app.status = Some(
                        "Nothing was written. Change the file name, or Enter to ask again.".into(),
                    );
                    Reply::stay()
                }
                _ => Reply::stay(),
            };
        }
        Phase::Done(path) => {
            return match (keys_action(&DONE_KEYS, key), key.code) {
                (Some(Action::Open), _) if s.ready.as_ref().is_some_and(|r| r.opener) => {
                    app.status = Some(format!("Opening {}…", path.display()));
                    Effect::OpenFile(path).into()
                }
                (Some(Action::Edit), _) => {
                    s.phase = Phase::Form;
                    Reply::stay()
                }
                (_, KeyCode::Esc) => Reply::open(std::mem::take(&mut *s.back)),
                _ => Reply::stay(),
            };
        }
        Phase::Form => {}
    }
    if s.ready.is_none() {
        if key.code == KeyCode::Esc {
            return Reply::open(std::mem::take(&mut *s.back));
        }
        return Reply::stay();
    }
    let fields = s.fields();
    let at = fields.iter().position(|f| *f == s.field).unwrap_or(0);
    let typed = s.field.typed();
    let mut changed = false;
    match (keys_action(&KEYS, key), key.code) {
        (_, KeyCode::Esc) => return Reply::open(std::mem::take(&mut *s.back)),
        (_, KeyCode::Enter) => return write(s, app, false),
        (_, KeyCode::Char('s')) if ctrl => return write(s, app, false),
        (Some(Action::Move), KeyCode::Down | KeyCode::Tab) => {
            s.field = fields[(at + 1) % fields.len()]
        }
        (Some(Action::Move), KeyCode::Up | KeyCode::BackTab) => {
            s.field = fields[(at + fields.len() - 1) % fields.len()]
        }
        (_, KeyCode::Backspace) if typed => {
            if let Some(t) = s.text_mut() {
                t.pop();
            }
            changed = true;
        }
        (_, KeyCode::Char(c)) if typed && !ctrl => {
            if let Some(t) = s.text_mut()
                && t.chars().count() < 400
            {
                t.push(c);
            }
            changed = true;
        }
        (Some(Action::Change), KeyCode::Left) if !typed => {
            change(s, app, -1, key);
            changed = true;
        }
        (Some(Action::Change), KeyCode::Right | KeyCode::Char(' ')) if !typed => {
            change(s, app, 1, key);
            changed = true;
        }
        _ => {}
    }
    if changed {
        if s.field == Field::File {
            s.path_edited = true;
        }
        follow_format(s, app.clock.today());
        recount(s, app);
    }
    Reply::stay()
}

fn keys_action(table: &Table, key: &KeyEvent) -> Option<Action> {
    super::keys::action(table.bindings, key)
}

/// The form's keys.
pub static KEYS: Table = Table {
    title: "Export",
    bindings: &[
        b(
            "Up, Down, Tab, Shift-Tab",
            "move between the choices",
            "move",
            Action::Move,
        ),
        b(
            "Left, Right, Space",
            "change the choice (in text: type)",
            "change",
            Action::Change,
        ),
        b(
            "Enter",
            "write the file (asks before replacing one)",
            "write",
            Action::Save,
        ),
    ],
};

/// Asking before a file is replaced.
pub static REPLACE_KEYS: Table = Table {
    title: "Export: the file exists",
    bindings: &[
        b(
            "y",
            "replace it (the old one is kept as .bak)",
            "replace",
            Action::Agree,
        ),
        b("n", "keep it, and change the name", "keep it", Action::Back),
    ],
};

/// While the file is written: Esc leaves it to finish.
pub static WRITING_KEYS: Table = Table {
    title: "Export: writing",
    bindings: &[],
};

/// The file is written.
pub static DONE_KEYS: Table = Table {
    title: "Export: written",
    bindings: &[
        b(
            "o",
            "open it (where the desktop has an opener)",
            "open it",
            Action::Open,
        ),
        b(
            "e",
            "back to the choices, for another file",
            "again",
            Action::Edit,
        ),
    ],
};

impl View for ExportScreen {
    fn keys(&self) -> Keys {
        match self.phase {
            Phase::Replace(_) => &REPLACE_KEYS,
            Phase::Done(_) => &DONE_KEYS,
            Phase::Writing(..) => &WRITING_KEYS,
            Phase::Form => &KEYS,
        }
    }
    fn typing(&self) -> bool {
        self.phase == Phase::Form && self.ready.is_some() && self.field.typed()
    }
    fn on_key(&mut self, app: &mut App, key: &KeyEvent) -> Reply {
        on_key(self, app, key)
    }
    fn paste(&mut self, text: &str) -> Vec<Effect> {
        if self.phase == Phase::Form && self.field.typed() {
            let line: String = text.chars().filter(|c| !c.is_control()).take(400).collect();
            if let Some(t) = self.text_mut() {
                t.push_str(&line);
            }
            if self.field == Field::File {
                self.path_edited = true;
            }
            // Counted again by `pasted`, which has the App.
        }
        Vec::new()
    }
    fn back(&mut self) -> Option<&mut Box<Screen>> {
        Some(&mut self.back)
    }
    fn render(&self, frame: &mut Frame, app: &App) {
        render::render(frame, app, self)
    }
}

#[cfg(test)]
mod tests;
