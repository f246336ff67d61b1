//! The journal: entries the active partner may read, newest first; search as you type (words,
//! `#tag`, `#starred`, `guide:ID`, `since:`/`until:` dates, `@name`: `crate::search`); read,
//! edit, and delete to a trash with undo at once, or restore and empty it later.

use super::keys::Keys;
use super::keys::{Action, Table, b};
use super::view::View;
use super::{App, Effect, Nav, Reply, Screen, widgets};
use crate::model::{Entry, Trashed};
use crate::text::{escape_line, truncate_width};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::sync::Arc;

mod render;
mod search;
pub use render::render;
pub use search::{Index, Query, refilter};

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    List,
    /// Typing a search.
    Search,
    /// Reading one entry (its id), scrolled.
    Read(String, u16),
    Trash,
    /// Asking before the trash is emptied for good.
    ConfirmEmpty,
}

#[derive(Debug, Clone)]
pub struct Journal {
    pub index: Arc<Index>,
    pub trash: Vec<Trashed>,
    pub query: String,
    /// Indices into `index.entries` that match, newest first.
    pub hits: Vec<usize>,
    pub cursor: usize,
    pub mode: Mode,
    /// The last entry moved to the trash, for `u` (undo) right away.
    pub undo: Option<String>,
    pub loading: bool,
}

impl Journal {
    pub fn new() -> Journal {
        Journal {
            index: Arc::new(Index::default()),
            trash: Vec::new(),
            query: String::new(),
            hits: Vec::new(),
            cursor: 0,
            mode: Mode::List,
            undo: None,
            loading: true,
        }
    }

    pub fn entry(&self, id: &str) -> Option<&Entry> {
        self.index.entries.iter().find(|e| e.id == id)
    }

    fn selected(&self) -> Option<&Entry> {
        self.hits.get(self.cursor).map(|&i| &self.index.entries[i])
    }
}

impl Default for Journal {
    fn default() -> Self {
        Journal::new()
    }
}

/// Opens the journal; the event loop loads every entry and the trash.
pub fn open() -> Reply {
    Reply::open(Screen::Journal(Box::default())).with([Effect::LoadJournal])
}

/// The entries (and trash) arrived from the store. The unlocked partner's private entries are
/// opened in memory, so they can be read and searched; everyone else's stay sealed. The trash
/// holds only the active partner's own entries: each partner sees and empties only theirs.
pub fn loaded(app: &mut App, mut entries: Vec<Entry>, mut trash: Vec<Trashed>) {
    if let (Some((who, key)), true) = (&app.unlocked, app.active_partner().is_some()) {
        for e in entries.iter_mut().filter(|e| &e.author == who) {
            if let Some(open) = crate::privacy::open_entry(e, key) {
                *e = open;
            }
        }
    }
    let me = app
        .active_partner()
        .map(|p| p.id.clone())
        .unwrap_or_default();
    trash.retain(|t| t.entry.author == me);
    if let Screen::Journal(j) = &mut app.screen {
        let keep = j.selected().map(|e| e.id.clone());
        j.index = Arc::new(Index::new(entries));
        j.trash = trash;
        j.loading = false;
        refilter(j, &app.data.partners);
        if let Some(id) = keep
            && let Some(pos) = j.hits.iter().position(|&i| j.index.entries[i].id == id)
        {
            j.cursor = pos;
        }
    }
}

pub fn typing(j: &Journal) -> bool {
    j.mode == Mode::Search
}

/// Why the active partner may not change an entry, in words for the status line.
fn not_yours(app: &App, e: &Entry) -> String {
    format!(
        "Only {} can change this entry. r writes a response of yours.",
        app.partner_name(&e.author)
    )
}

/// `c` on an entry being read: ticks or unticks "share with our counsellor" on the active
/// partner's own entry. Another's entry is theirs to choose (the store refuses it too).
fn share(app: &mut App, e: &Entry, key: &KeyEvent) -> Reply {
    let actor = app.actor();
    if !actor.is(&e.author) {
        app.status = Some(format!(
            "Whether this entry goes to your counsellor is {}'s to choose: it is their entry. Nothing was changed.",
            app.partner_name(&e.author)
        ));
        return Reply::stay();
    }
    if e.sealed.is_some() {
        // A private entry keeps the choice sealed with it: unlock, then the key is pressed again.
        super::unlock::ask(app, super::unlock::Then::Replay(*key));
        return Reply::stay();
    }
    Effect::ShareWithCounsellor(actor, e.id.clone(), !e.for_counsellor).into()
}

/// `*` on an entry: stars or unstars the active partner's own entry. Another's entry is theirs
/// to mark (the store refuses it too).
fn star(app: &mut App, e: &Entry, key: &KeyEvent) -> Reply {
    let actor = app.actor();
    if !actor.is(&e.author) {
        app.status = Some(format!(
            "Stars are for your own entries: this one is {}'s. Nothing was changed.",
            app.partner_name(&e.author)
        ));
        return Reply::stay();
    }
    if e.sealed.is_some() {
        // A private entry keeps its star sealed with it: unlock, then the key is pressed again.
        super::unlock::ask(app, super::unlock::Then::Replay(*key));
        return Reply::stay();
    }
    Effect::StarEntry(actor, e.id.clone(), !e.starred).into()
}

/// The store starred or unstarred an entry: the journal shows it at once (the index holds
/// the entries, shared, so the one entry is changed in a copy of it).
pub fn starred(app: &mut App, id: &str, on: bool) {
    if let Screen::Journal(j) = &mut app.screen
        && let Some(pos) = j.index.entries.iter().position(|e| e.id == id)
    {
        Arc::make_mut(&mut j.index).entries[pos].starred = on;
    }
    if let Some(e) = app.data.recent_entries.iter_mut().find(|e| e.id == id) {
        e.starred = on;
    }
    app.status = Some(if on {
        "Starred: ★ marks it in the journal.".into()
    } else {
        "Star taken off.".into()
    });
}

/// The store ticked or unticked "share with our counsellor".
pub fn shared(app: &mut App, _id: &str, on: bool) {
    app.status = Some(if on {
        "Shared with your counsellor: this entry will be in the counsellor summary (x, then counsellor summary).".into()
    } else {
        "No longer shared with your counsellor: the counsellor summary leaves it out.".into()
    });
}

/// Opens the editor for a response of the active partner's to another's entry.
fn respond(app: &mut App, to: &Entry) -> Reply {
    if to.sealed.is_some() {
        app.status = Some(format!(
            "That is {}'s private entry: it is for them alone.",
            app.partner_name(&to.author)
        ));
        return Reply::stay();
    }
    let id = to.id.clone();
    let first = to.body.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let responding = format!(
        "Your response to {}'s entry of {}: “{}”",
        app.partner_name(&to.author),
        to.created.format("%-d %b"),
        truncate_width(&escape_line(first), 60)
    );
    let mut reply = super::editor::open(app, format!("respond:{id}"), None, None);
    if let Some(Nav::Push(to)) = &mut reply.nav
        && let Screen::Editor(ed) = &mut **to
    {
        ed.responds_to = Some(id);
        ed.responding = Some(responding);
    }
    reply
}

fn on_key(j: &mut Journal, app: &mut App, key: &KeyEvent) -> Reply {
    use super::keys::Action;
    let page = app.size.1.saturating_sub(8).max(1) as usize;
    let mine = app.active_partner().map(|p| p.id.clone());
    let actor = app.actor();
    let partners = app.data.partners.clone();
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match j.mode.clone() {
        Mode::Search => match (super::keys::action(SEARCH_KEYS.bindings, key), key.code) {
            (Some(Action::Results), KeyCode::Enter | KeyCode::Down) => j.mode = Mode::List,
            (_, KeyCode::Esc) => {
                j.query.clear();
                j.mode = Mode::List;
                refilter(j, &partners);
            }
            (_, KeyCode::Backspace) => {
                j.query.pop();
                refilter(j, &partners);
            }
            (_, KeyCode::Char(c)) if !ctrl => {
                j.query.push(c);
                j.cursor = 0;
                refilter(j, &partners);
            }
            _ => {}
        },
        Mode::List => match (super::keys::action(LIST_KEYS.bindings, key), key.code) {
            (Some(Action::Move), KeyCode::Down | KeyCode::Char('j')) => {
                j.cursor = (j.cursor + 1).min(j.hits.len().saturating_sub(1))
            }
            (Some(Action::Move), KeyCode::Up | KeyCode::Char('k')) => {
                j.cursor = j.cursor.saturating_sub(1)
            }
            (Some(Action::Move), KeyCode::PageDown) => {
                j.cursor = (j.cursor + page).min(j.hits.len().saturating_sub(1))
            }
            (Some(Action::Move), KeyCode::PageUp) => j.cursor = j.cursor.saturating_sub(page),
            (Some(Action::Move), KeyCode::Home) => j.cursor = 0,
            (Some(Action::Move), KeyCode::End) => j.cursor = j.hits.len().saturating_sub(1),
            (Some(Action::Search), KeyCode::Char('/')) => j.mode = Mode::Search,
            (Some(Action::Tick), KeyCode::Char('*')) => {
                if let Some(e) = j.selected().cloned() {
                    return star(app, &e, key);
                }
            }
            (Some(Action::Open), KeyCode::Enter) => {
                if let Some(e) = j.selected() {
                    if e.sealed.is_some() && Some(&e.author) == mine.as_ref() {
                        super::unlock::ask(app, super::unlock::Then::Journal);
                        return Reply::stay();
                    }
                    j.mode = Mode::Read(e.id.clone(), 0);
                }
            }
            (
                Some(Action::Edit | Action::Delete | Action::Respond),
                KeyCode::Char('e') | KeyCode::Char('d') | KeyCode::Delete | KeyCode::Char('r'),
            ) if j
                .selected()
                .is_some_and(|e| Some(&e.author) != mine.as_ref()) =>
            {
                let e = j.selected().cloned().expect("checked above");
                if key.code == KeyCode::Char('r') {
                    return respond(app, &e);
                } else {
                    app.status = Some(not_yours(app, &e));
                }
            }
            (Some(Action::Respond), KeyCode::Char('r')) if j.selected().is_some() => {
                app.status =
                    Some("Responding is for your partner's entries. e edits your own.".into());
            }
            (Some(Action::Edit), KeyCode::Char('e'))
                if j.selected().is_some_and(|e| e.sealed.is_some()) =>
            {
                super::unlock::ask(app, super::unlock::Then::Journal);
            }
            (Some(Action::Edit), KeyCode::Char('e')) => {
                if let Some(e) = j.selected().cloned() {
                    let key = format!("edit:{}", e.id);
                    return super::editor::open(app, key, e.link.clone(), Some(e));
                }
            }
            (Some(Action::Delete), KeyCode::Char('d') | KeyCode::Delete) => {
                if let Some(e) = j.selected() {
                    let id = e.id.clone();
                    j.undo = Some(id.clone());
                    app.status = Some("Moved to your trash. u: undo · t: the trash".into());
                    return Effect::TrashEntry(actor, id).into();
                }
            }
            (Some(Action::Undo), KeyCode::Char('u')) => match j.undo.take() {
                Some(id) => {
                    app.status = Some("Restored.".into());
                    return Effect::RestoreEntry(actor, id).into();
                }
                None => app.status = Some("There is nothing to undo.".into()),
            },
            (Some(Action::Export), KeyCode::Char('x')) => return super::export::open(),
            (Some(Action::Trash), KeyCode::Char('t')) => {
                j.mode = Mode::Trash;
                j.cursor = 0;
            }
            (_, KeyCode::Esc) if !j.query.is_empty() => {
                j.query.clear();
                refilter(j, &partners);
            }
            (_, KeyCode::Esc) => return Reply::home(),
            _ => {}
        },
        Mode::Read(id, scroll) => match (super::keys::action(ENTRY_KEYS.bindings, key), key.code) {
            (Some(Action::Scroll), KeyCode::Down | KeyCode::Char('j')) => {
                j.mode = Mode::Read(id, scroll.saturating_add(1))
            }
            (Some(Action::Scroll), KeyCode::Up | KeyCode::Char('k')) => {
                j.mode = Mode::Read(id, scroll.saturating_sub(1))
            }
            (Some(Action::Scroll), KeyCode::PageDown | KeyCode::Char(' ')) => {
                j.mode = Mode::Read(id, scroll.saturating_add(page as u16))
            }
            (Some(Action::Scroll), KeyCode::PageUp) => {
                j.mode = Mode::Read(id, scroll.saturating_sub(page as u16))
            }
            (Some(Action::Edit | Action::Respond), KeyCode::Char('e') | KeyCode::Char('r')) => {
                if let Some(e) = j.entry(&id).cloned() {
                    if Some(&e.author) != mine.as_ref() {
                        if key.code == KeyCode::Char('r') {
                            return respond(app, &e);
                        }
                        app.status = Some(not_yours(app, &e));
                    } else if key.code == KeyCode::Char('e') && e.sealed.is_none() {
                        j.mode = Mode::List;
                        return super::editor::open(
                            app,
                            format!("edit:{id}"),
                            e.link.clone(),
                            Some(e),
                        );
                    }
                }
            }
            (Some(Action::Tick), KeyCode::Char('*')) => {
                if let Some(e) = j.entry(&id).cloned() {
                    return star(app, &e, key);
                }
            }
            (Some(Action::Share), KeyCode::Char('c')) => {
                if let Some(e) = j.entry(&id).cloned() {
                    return share(app, &e, key);
                }
            }
            (_, KeyCode::Esc | KeyCode::Enter) => j.mode = Mode::List,
            _ => {}
        },
        Mode::Trash => match (super::keys::action(TRASH_KEYS.bindings, key), key.code) {
            (Some(Action::Move), KeyCode::Down | KeyCode::Char('j')) => {
                j.cursor = (j.cursor + 1).min(j.trash.len().saturating_sub(1))
            }
            (Some(Action::Move), KeyCode::Up | KeyCode::Char('k')) => {
                j.cursor = j.cursor.saturating_sub(1)
            }
            (Some(Action::Restore), KeyCode::Char('r') | KeyCode::Enter) => {
                if let Some(t) = trash_sorted(j).get(j.cursor) {
                    let id = t.entry.id.clone();
                    app.status = Some("Restored.".into());
                    return Effect::RestoreEntry(actor, id).into();
                }
            }
            (Some(Action::Empty), KeyCode::Char('E')) if !j.trash.is_empty() => {
                j.mode = Mode::ConfirmEmpty
            }
            (_, KeyCode::Esc | KeyCode::Char('t')) => {
                j.mode = Mode::List;
                j.cursor = 0;
            }
            _ => {}
        },
        Mode::ConfirmEmpty => {
            j.mode = Mode::Trash;
            if key.code == KeyCode::Char('y') {
                let n = j.trash.len();
                app.status = Some(format!(
                    "Your trash was emptied: {} gone for good.",
                    crate::text::plural(n, "entry", "entries")
                ));
                j.cursor = 0;
                return Effect::EmptyTrash(actor).into();
            }
            app.status = Some("Nothing was removed.".into());
        }
    }
    Reply::stay()
}

fn trash_sorted(j: &Journal) -> Vec<&Trashed> {
    let mut v: Vec<&Trashed> = j.trash.iter().collect();
    v.sort_by_key(|t| std::cmp::Reverse(t.deleted));
    v
}

/// The journal's keys follow its mode.
fn keys(j: &Journal) -> super::keys::Keys {
    match j.mode {
        Mode::Search => &SEARCH_KEYS,
        Mode::Read(..) => &ENTRY_KEYS,
        Mode::Trash | Mode::ConfirmEmpty => &TRASH_KEYS,
        Mode::List => &LIST_KEYS,
    }
}

/// The journal's keys: the list.
pub static LIST_KEYS: Table = Table {
    title: "Journal",
    bindings: &[
        b(
            "/",
            "search as you type: words, #tag, #starred, guide:ID, @name, since:DATE, until:DATE",
            "search",
            Action::Search,
        ),
        b("Enter", "read the entry", "read", Action::Open),
        b("e", "edit it (your own entries)", "edit", Action::Edit),
        b(
            "*",
            "star or unstar your own entry (★ in the list)",
            "star",
            Action::Tick,
        ),
        b(
            "r",
            "respond to your partner's entry",
            "respond",
            Action::Respond,
        ),
        b(
            "d, Delete",
            "move your own entry to your trash",
            "delete",
            Action::Delete,
        ),
        b("u", "undo the last delete", "", Action::Undo),
        b("t", "your trash: restore or empty", "", Action::Trash),
        b(
            "x",
            "export: a file of your journal, or the counsellor summary",
            "export",
            Action::Export,
        ),
        b(
            "Up, Down, PgUp, PgDn, Home, End, k, j",
            "move",
            "",
            Action::Move,
        ),
    ],
};

/// The journal's keys: searching.
pub static SEARCH_KEYS: Table = Table {
    title: "Journal: searching",
    bindings: &[
        b(
            "Enter, Down",
            "go to the results",
            "results",
            Action::Results,
        ),
        b("Esc", "clear the search", "", Action::Back),
    ],
};

/// The journal's keys: reading an entry.
pub static ENTRY_KEYS: Table = Table {
    title: "Journal: reading an entry",
    bindings: &[
        b(
            "Up, Down, PgUp, PgDn, Space, k, j",
            "scroll",
            "scroll",
            Action::Scroll,
        ),
        b("e", "edit (your own entry)", "edit", Action::Edit),
        b(
            "r",
            "respond: your answer, shown beneath your partner's entry",
            "respond",
            Action::Respond,
        ),
        b(
            "c",
            "share with our counsellor, or stop (your own entry; the counsellor summary holds it)",
            "counsellor",
            Action::Share,
        ),
        b("*", "star or unstar (your own entry)", "", Action::Tick),
    ],
};

/// The journal's keys: the trash.
pub static TRASH_KEYS: Table = Table {
    title: "Journal: the trash",
    bindings: &[
        b("r, Enter", "restore the entry", "restore", Action::Restore),
        b(
            "E",
            "empty your trash for good (asks first)",
            "empty",
            Action::Empty,
        ),
        b("Up, Down, k, j", "move", "", Action::Move),
    ],
};

impl View for Journal {
    fn keys(&self) -> Keys {
        keys(self)
    }
    fn typing(&self) -> bool {
        typing(self)
    }
    fn on_key(&mut self, app: &mut App, key: &KeyEvent) -> Reply {
        on_key(self, app, key)
    }
    /// A click in the list selects the entry under it (the list starts below its head: the
    /// search line and the count).
    fn click(&mut self, app: &App, line: usize) {
        if self.mode != Mode::List {
            return;
        }
        let screen = ratatui::layout::Rect::new(0, 0, app.size.0, app.size.1);
        let wide = app.size.0 >= widgets::WIDE_FROM;
        let width = if wide {
            widgets::panes(widgets::full_width(screen)).list.width
        } else {
            widgets::column(screen).width
        };
        let head = render::list_head(app, self, width as usize).len();
        let rows = (app.size.1.saturating_sub(4) as usize).saturating_sub(head);
        let start = render::first_row(self.cursor, rows);
        if let Some(n) = line.checked_sub(head).map(|n| start + n)
            && n < self.hits.len()
        {
            self.cursor = n;
        }
    }
    fn render(&self, frame: &mut ratatui::Frame, app: &App) {
        render(frame, app, self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_search() {
        let q = Query::parse("Sleep #Work guide:own-it @al since:2026-01-01 until:2026-02-01");
        assert_eq!(q.words, vec!["sleep"]);
        assert_eq!(q.tags, vec!["work"]);
        assert_eq!(q.guide.as_deref(), Some("own-it"));
        assert_eq!(q.partner.as_deref(), Some("al"));
        assert_eq!(q.since, "2026-01-01".parse().ok());
        assert_eq!(q.until, "2026-02-01".parse().ok());
    }
}
