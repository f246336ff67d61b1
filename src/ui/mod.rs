//! The workbook in the terminal, in the Elm shape: one [`App`] state; [`update`] changes it for
//! a [`Msg`] and returns [`Effect`]s (saves, loads) that the event loop performs, so `update`
//! itself does no I/O; [`render`] draws the state and changes nothing, so every screen can be
//! drawn on ratatui's `TestBackend`. One screen = one module.

mod app;
pub mod keys;
mod msg;
pub mod overlays;
pub mod runtime;
pub mod screens;
pub mod theme;
pub mod unlock;
pub mod view;
pub mod widgets;

pub use app::{App, Data, Derived, PendingEditor, derive};
pub use msg::{Effect, Msg};
/// The event loop at its old path (`trustwork::ui::run::run`, `trustwork::ui::run::load`).
pub use runtime as run;
/// The screens at their old paths (`trustwork::ui::journal`, …).
pub use screens::{
    agreements, checkin, editor, exercise, export, guides, home, journal, moment, moments,
    onboarding, progress, review, session, settings, talk,
};
pub use view::{Nav, Reply};

use crate::model::HideReturns;
use keys::Global;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Below this size the app asks for a larger terminal (safety and quick-hide still work).
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 20;

/// Declares the screens: the `Screen` enum and its view, from one line per screen.
macro_rules! screens {
    ($($(#[$doc:meta])* $variant:ident($state:ty) keys [$($table:path),*],)*) => {
        /// The main screens. Overlays (help, safety, quick-hide) sit on top of whichever is current.
        #[derive(Debug, Clone)]
        pub enum Screen {
            $($(#[$doc])* $variant($state),)*
        }

        impl Screen {
            /// The screen as a [`view::View`].
            pub fn view(&self) -> &dyn view::View {
                match self {
                    $(Screen::$variant(s) => s,)*
                }
            }

            /// The screen as a [`view::View`] that can change.
            pub fn view_mut(&mut self) -> &mut dyn view::View {
                match self {
                    $(Screen::$variant(s) => s,)*
                }
            }
        }

        /// Every screen's key tables, in the order registered: for help and `docs/KEYS.md`.
        pub const SCREEN_KEYS: &[&[keys::Keys]] = &[$(&[$(&$table),*],)*];
    };
}

// The one place a screen is registered.
screens! {
    Onboarding(onboarding::Onboarding) keys [onboarding::KEYS],
    Home(home::Home) keys [home::KEYS],
    Guides(guides::GuideList) keys [guides::LIST_KEYS],
    Reader(guides::Reader) keys [guides::READER_KEYS],
    Editor(Box<editor::Editor>) keys [editor::KEYS],
    Journal(Box<journal::Journal>) keys [journal::LIST_KEYS, journal::SEARCH_KEYS, journal::ENTRY_KEYS, journal::TRASH_KEYS],
    Exercise(Box<exercise::Run>) keys [exercise::KEYS],
    Settings(settings::SettingsScreen) keys [settings::KEYS],
    Checkin(checkin::CheckinScreen) keys [checkin::KEYS],
    Moment(moment::MomentScreen) keys [moment::KEYS],
    Moments(Box<moments::MomentsScreen>) keys [moments::KEYS],
    Progress(Box<progress::ProgressScreen>) keys [progress::KEYS],
    Agreements(agreements::AgreementsScreen) keys [agreements::KEYS],
    Session(Box<session::SessionScreen>) keys [session::KEYS],
    Break(session::BreakScreen) keys [session::BREAK_KEYS],
    Talk(Box<talk::TalkScreen>) keys [talk::KEYS],
    Review(Box<review::ReviewScreen>) keys [review::KEYS],
    Export(Box<export::ExportScreen>) keys [export::KEYS, export::REPLACE_KEYS, export::WRITING_KEYS, export::DONE_KEYS],
}

/// Home is where every way back ends.
impl Default for Screen {
    fn default() -> Screen {
        Screen::Home(home::Home)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Safety,
    /// The safety check said "not yet": why joint work waits, and the guides for now.
    NotYet,
    Hidden,
}

/// An entry that could not be saved becomes an unsaved draft in memory, so `d` on home opens
/// it again: a failed save never costs the words.
fn keep_unsaved(app: &mut App, entry: crate::model::Entry) {
    let editing = app.data.recent_entries.iter().any(|e| e.id == entry.id);
    // The editor's place for it, as the editor names places (see `editor::open`'s callers).
    let key = if editing {
        format!("edit:{}", entry.id)
    } else if let Some(to) = &entry.responds_to {
        format!("respond:{to}")
    } else {
        match entry.link.as_ref().and_then(|l| l.prompt.clone()) {
            Some(prompt) => prompt,
            None => "free".to_string(),
        }
    };
    // Held for whoever is writing now: a draft never lands in another partner's name.
    let Some(me) = app.active_partner().map(|p| p.id.clone()) else {
        return;
    };
    let draft = crate::model::Draft {
        partner: me,
        key,
        title: entry.title.clone().unwrap_or_default(),
        tags: crate::text::tags_field(&entry.tags),
        body: entry.body.clone(),
        link: entry.link.clone(),
        entry: editing.then(|| entry.id.clone()),
        saved: app.clock.now(),
        sealed: None,
    };
    crate::store::upsert(&mut app.data.drafts, draft);
}

/// The store was read: its data replaces what was shown, keeping what arrives on its own.
fn loaded(app: &mut App, data: Data) -> Vec<Effect> {
    let active_id = app.active_partner().map(|p| p.id.clone());
    // `answered` and `last_reviews` arrive on their own (they read every entry).
    let answered = std::mem::take(&mut app.data.answered);
    let reviews = std::mem::take(&mut app.data.last_reviews);
    // Damage in older months was found by a full read; a reload reads only the latest.
    let older: Vec<_> = std::mem::take(&mut app.data.damaged)
        .into_iter()
        .filter(|d| {
            // `entries/…`, or in a synced store `devices/<id>/entries/…`.
            d.rel
                .components()
                .any(|c| c.as_os_str() == crate::store::paths::ENTRIES_DIR)
        })
        .collect();
    app.data = data;
    app.folder_gone = false;
    app.generation += 1;
    app.data.answered = answered;
    app.data.last_reviews = reviews;
    app.data.note_damage(older);
    app.active = active_id
        .and_then(|id| app.data.partners.iter().position(|p| p.id == id))
        .unwrap_or(0);
    if matches!(app.screen, Screen::Onboarding(_)) && !app.data.partners.is_empty() {
        app.screen = Screen::Home(home::Home);
    }
    unlock::open_data(app);
    // The journal shows every entry: read them again too.
    if matches!(app.screen, Screen::Journal(_)) {
        return vec![Effect::LoadJournal];
    }
    Vec::new()
}

/// Changes the state for one message and says what the event loop must do.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let effects = update_inner(app, msg);
    derive(app);
    effects
}

fn update_inner(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Resize(w, h) => {
            app.size = (w, h);
            Vec::new()
        }
        Msg::Answered(set, reviews, damaged) => {
            app.data.answered = set;
            app.data.last_reviews = reviews;
            app.data.note_damage(damaged);
            Vec::new()
        }
        Msg::ProgressLoaded(snap) => {
            progress::loaded(app, &snap);
            review::loaded(app, &snap);
            Vec::new()
        }
        Msg::DevicesLoaded(devices) => {
            settings::devices_loaded(app, devices.map(|d| *d));
            Vec::new()
        }
        Msg::ExportLoaded(ready) => {
            export::loaded(app, *ready);
            Vec::new()
        }
        Msg::ExportProgress(p) => {
            export::progress(app, p);
            Vec::new()
        }
        Msg::ExportExists(path) => {
            export::exists(app, path);
            Vec::new()
        }
        Msg::Exported(result) => {
            export::exported(app, result);
            Vec::new()
        }
        Msg::SharedWithCounsellor(id, on) => {
            journal::shared(app, &id, on);
            vec![Effect::LoadJournal]
        }
        Msg::Starred(id, on) => {
            journal::starred(app, &id, on);
            Vec::new()
        }
        Msg::Loaded(data) => loaded(app, *data),
        Msg::FolderGone(held) => {
            // What was last read, sealed as on disk: a lock that asked for a reload seals
            // again here too. Drafts held only in memory are kept: they are on no disk.
            let unsaved: Vec<_> = app
                .data
                .drafts
                .iter()
                .filter(|d| {
                    !held
                        .drafts
                        .iter()
                        .any(|h| h.partner == d.partner && h.key == d.key)
                })
                .cloned()
                .collect();
            let effects = loaded(app, *held);
            for d in unsaved {
                crate::store::upsert(&mut app.data.drafts, d);
            }
            app.folder_gone = true;
            effects
        }
        Msg::JournalLoaded(entries, trash, damaged) => {
            app.data.note_damage(damaged);
            journal::loaded(app, entries, trash);
            Vec::new()
        }
        Msg::Failed(text) => {
            app.status = Some(text);
            Vec::new()
        }
        Msg::EntryNotSaved(entry, why) => {
            keep_unsaved(app, *entry);
            app.status = Some(format!(
                "Your entry was not saved: {why}. It is kept here as an unsaved draft (d on home continues it)."
            ));
            Vec::new()
        }
        Msg::Restored(done, failed) => {
            app.data.damaged.retain(|d| !done.contains(&d.rel));
            app.status = Some(if failed.is_empty() {
                format!(
                    "Restored the last good copy of {}. The damaged version is kept as a backup.",
                    done.iter()
                        .map(|r| crate::store::describe(r).to_lowercase())
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            } else {
                format!("Not restored: {}", failed.join("; "))
            });
            Vec::new()
        }
        Msg::FolderRecreated(n) => {
            app.folder_gone = false;
            app.status = Some(format!(
                "The data folder is back, with the {} this workbook held.",
                crate::text::plural(n, "record", "records")
            ));
            Vec::new()
        }
        Msg::Paste(text) => {
            if app.passphrase.is_some() {
                unlock::paste(app, &text);
                return Vec::new();
            }
            if app.overlay.is_none() {
                let effects = app.screen.view_mut().paste(&text);
                // The export screen counts again for what was pasted (its paste has no App).
                export::pasted(app);
                return effects;
            }
            Vec::new()
        }
        Msg::DraftDue => editor::pending_draft(app).into_iter().collect(),
        Msg::Forgotten(erased) => {
            app.data = Data::default();
            app.unlocked = None;
            app.active = 0;
            app.screen = Screen::Onboarding(onboarding::Onboarding::default());
            app.status = Some(settings::forgotten_status(&erased));
            Vec::new()
        }
        Msg::PartnerForgotten(id, done) => {
            let name = app.partner_name(&id);
            app.data.partners.retain(|p| p.id != id);
            app.unlocked = None;
            app.passphrase = None;
            app.active = 0;
            app.screen = if app.data.partners.is_empty() {
                Screen::Onboarding(onboarding::Onboarding::default())
            } else {
                Screen::Home(home::Home)
            };
            app.status = Some(format!(
                "{name}'s writing has been erased: {} in {}, backups included.",
                crate::text::plural(done.records, "record", "records"),
                crate::text::plural(done.files, "file", "files")
            ));
            vec![Effect::Reload]
        }
        Msg::Tick => {
            talk::tick(app);
            Vec::new()
        }
        Msg::IdleLock => {
            if app.unlocked.is_some() {
                unlock::lock(app);
                app.status = Some("Private entries locked again after a few quiet minutes.".into());
                return unlock::after_lock(app);
            }
            Vec::new()
        }
        Msg::Shutdown => {
            app.quit = true;
            editor::pending_draft(app).into_iter().collect()
        }
        Msg::Unlocked(outcome) => {
            let opens_editor = outcome.then == Some(unlock::Then::OpenEditor);
            let effects = unlock::unlocked(app, outcome);
            // An editor asked for before the unlock opens once its partner has unlocked.
            if opens_editor
                && app.unlocked.is_some()
                && let Some(p) = app.pending_editor.take()
            {
                let (key, link, editing) = *p;
                let reply = editor::open(app, key, link, editing);
                return app.follow(reply).into_iter().chain(effects).collect();
            }
            effects
        }
        Msg::Key(key) => on_key(app, key),
        Msg::Click(_, row) => {
            on_click(app, row);
            Vec::new()
        }
    }
}

fn on_key(app: &mut App, key: KeyEvent) -> Vec<Effect> {
    // While hidden, keys act on nothing else: Ctrl-C quits, the return key returns.
    if app.overlay == Some(Overlay::Hidden) {
        return on_hidden_key(app, &key);
    }
    if let Some(g) = keys::global(&key, app.typing()) {
        match g {
            Global::Quit => {
                app.quit = true;
                // A draft being typed is kept.
                return editor::pending_draft(app).into_iter().collect();
            }
            Global::Hide => {
                app.overlay = Some(Overlay::Hidden);
                // Quick-hide also locks private entries and drops a passphrase being typed.
                app.passphrase = None;
                app.pending_editor = None;
                let mut effects: Vec<Effect> = editor::pending_draft(app).into_iter().collect();
                // Session keys too: a together answer is never left open behind the page.
                let session_keys = matches!(&app.screen, Screen::Session(s) if !s.keys.is_empty());
                if app.unlocked.is_some() || session_keys {
                    unlock::lock(app);
                    effects.extend(unlock::after_lock(app));
                }
                return effects;
            }
            Global::Safety => {
                app.overlay = Some(Overlay::Safety);
                app.overlay_scroll = 0;
                return Vec::new();
            }
            Global::Help => {
                app.overlay = if app.overlay == Some(Overlay::Help) {
                    None
                } else {
                    Some(Overlay::Help)
                };
                app.overlay_scroll = 0;
                return Vec::new();
            }
            Global::Back if app.overlay.is_some() => {
                app.overlay = None;
                app.safety_note = None;
                return Vec::new();
            }
            _ => {}
        }
    }
    if app.overlay == Some(Overlay::NotYet)
        && let Some(keys::Action::Open) = keys::action(keys::NOT_YET.bindings, &key)
        && let KeyCode::Char(c) = key.code
    {
        let n = c.to_digit(10).unwrap_or(0) as usize;
        let Some(id) = app
            .pack
            .resources
            .not_yet_guides
            .get(n.wrapping_sub(1))
            .cloned()
        else {
            app.status = Some(format!("There is no guide {n} on this page."));
            return Vec::new();
        };
        app.overlay = None;
        let reply = guides::open(app, &id);
        return app.follow(reply);
    }
    if app.overlay.is_some() {
        overlays::scroll(app, &key);
        return Vec::new();
    }
    if app.passphrase.is_some() {
        return unlock::on_key(app, &key);
    }
    if app.too_small() {
        return Vec::new();
    }
    app.status = None;
    // The screen is lent to its handler, which says where to go next.
    let mut screen = std::mem::take(&mut app.screen);
    let reply = screen.view_mut().on_key(app, &key);
    app.arrive(screen, reply.nav);
    reply.effects
}

fn on_hidden_key(app: &mut App, key: &KeyEvent) -> Vec<Effect> {
    match keys::global(key, true) {
        Some(Global::Quit) => {
            app.quit = true;
            return editor::pending_draft(app).into_iter().collect();
        }
        Some(Global::Hide) => app.overlay = None,
        _ if app.data.settings.hide_returns == HideReturns::AnyKey => app.overlay = None,
        _ => {}
    }
    Vec::new()
}

/// A click selects the row under it in a list (the page's body starts two rows down).
fn on_click(app: &mut App, row: u16) {
    if app.overlay.is_some() || app.too_small() {
        return;
    }
    let body_top = 2u16;
    let Some(line) = row.checked_sub(body_top).map(|r| r as usize) else {
        return;
    };
    // Lent out as for a key, so the screen can read the app while it changes itself.
    let mut screen = std::mem::take(&mut app.screen);
    screen.view_mut().click(app, line);
    app.screen = screen;
}

/// A plain key press, for tests and the home screen's letters.
pub fn plain(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// Draws the whole state. Pure: it reads `app` and draws into the frame.
pub fn render(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if app.overlay == Some(Overlay::Hidden) {
        overlays::render_hidden(frame, app);
        return;
    }
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        match app.overlay {
            Some(Overlay::Safety) => overlays::render_safety(frame, app),
            _ => overlays::render_too_small(frame, app),
        }
        return;
    }
    if app.overlay.is_none()
        && let Some(p) = &app.passphrase
    {
        unlock::render(frame, app, p);
        return;
    }
    match app.overlay {
        Some(Overlay::Safety) => overlays::render_safety(frame, app),
        Some(Overlay::NotYet) => overlays::render_not_yet(frame, app),
        Some(Overlay::Help) => overlays::render_help(frame, app),
        _ => app.screen.view().render(frame, app),
    }
}
