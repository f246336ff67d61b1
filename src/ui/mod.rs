//! The workbook in the terminal, in the Elm shape: one [`App`] state; [`update`] changes it for
//! a [`Msg`] and returns [`Effect`]s (saves, loads) that the event loop performs, so `update`
//! itself does no I/O; [`render`] draws the state and changes nothing, so every screen can be
//! drawn on ratatui's `TestBackend`. One screen = one module.

pub mod keys;
pub mod overlays;
pub mod runtime;
pub mod screens;
pub mod theme;
pub mod unlock;
pub mod view;
pub mod widgets;

/// The event loop at its old path (`trustwork::ui::run::run`, `trustwork::ui::run::load`).
pub use runtime as run;
/// The screens at their old paths (`trustwork::ui::journal`, …).
pub use screens::{
    agreements, checkin, editor, exercise, guides, home, journal, moment, onboarding, progress,
    review, session, settings, talk,
};

use crate::clock::Clock;
use crate::content::Pack;
use crate::model::{CheckIn, Entry, GuideProgress, HideReturns, Partner, Role};
use crate::privacy::Actor;
use keys::Global;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::path::PathBuf;
use theme::Theme;

/// Below this size the app asks for a larger terminal (safety and quick-hide still work).
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 20;

/// Everything the screens show, loaded from the store by the event loop.
#[derive(Debug, Clone, Default)]
pub struct Data {
    pub partners: Vec<Partner>,
    /// The latest entries, newest first.
    pub recent_entries: Vec<Entry>,
    pub recent_checkins: Vec<CheckIn>,
    pub progress: Vec<GuideProgress>,
    /// (partner id, prompt id) of every prompt answered, for the guides' progress.
    pub answered: std::collections::HashSet<(String, String)>,
    /// Unsaved drafts, offered again when their place is opened.
    pub drafts: Vec<crate::model::Draft>,
    /// Saved exercise results, shown again when their guide is reopened.
    pub exercises: Vec<crate::model::ExerciseResult>,
    pub settings: crate::model::Settings,
    /// Difficult moments of both partners (the other's text is shown only when shared).
    pub moments: Vec<crate::model::Moment>,
    /// Each partner's last four-week review (read after the first frame).
    pub last_reviews: std::collections::HashMap<String, chrono::NaiveDate>,
    /// Wrapped data keys of the partners who set a passphrase.
    pub keys: Vec<crate::privacy::PartnerKey>,
    pub agreements: Vec<crate::together::Agreement>,
    pub promises: Vec<crate::together::Promise>,
    pub sessions: Vec<crate::together::Session>,
}

/// The main screens. Overlays (help, safety, quick-hide) sit on top of whichever is current.
#[derive(Debug, Clone)]
pub enum Screen {
    Onboarding(onboarding::Onboarding),
    Home,
    Guides(guides::GuideList),
    Reader(guides::Reader),
    Editor(Box<editor::Editor>),
    Journal(Box<journal::Journal>),
    Exercise(Box<exercise::Run>),
    Settings(settings::SettingsScreen),
    Checkin(checkin::CheckinScreen),
    Moment(moment::MomentScreen),
    Progress(Box<progress::ProgressScreen>),
    Agreements(agreements::AgreementsScreen),
    Session(Box<session::SessionScreen>),
    Break(session::BreakScreen),
    Talk(Box<talk::TalkScreen>),
    Review(Box<review::ReviewScreen>),
}

impl Screen {
    /// The screen as a [`view::View`]: the one place a screen is registered.
    pub fn view(&self) -> &dyn view::View {
        match self {
            Screen::Onboarding(s) => s,
            Screen::Home => &home::Home,
            Screen::Guides(s) => s,
            Screen::Reader(s) => s,
            Screen::Editor(s) => s,
            Screen::Journal(s) => s,
            Screen::Exercise(s) => s,
            Screen::Settings(s) => s,
            Screen::Checkin(s) => s,
            Screen::Moment(s) => s,
            Screen::Progress(s) => s,
            Screen::Agreements(s) => s,
            Screen::Session(s) => s,
            Screen::Break(s) => s,
            Screen::Talk(s) => s,
            Screen::Review(s) => s,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    Help,
    Safety,
    Hidden,
}

/// Figures derived from the data for the screens to draw, computed in `update` when the data,
/// the active partner or the day changes — never in `render`.
#[derive(Debug, Clone, Default)]
pub struct Derived {
    /// What they were computed for: the data's generation, the active partner, the day.
    pub basis: (u64, usize, Option<chrono::NaiveDate>),
    /// Milestones the active partner reached today (a warm line on home).
    pub milestones_today: Vec<String>,
    /// The active partner's question of the day, with the guide's title.
    pub prompt_today: Option<(crate::model::PromptLink, String)>,
}

/// An editor asked for before its partner unlocked: its place, prompt and entry.
pub type PendingEditor = (String, Option<crate::model::PromptLink>, Option<Entry>);

#[derive(Debug, Clone)]
pub struct App {
    pub pack: Pack,
    pub data_dir: PathBuf,
    pub clock: Clock,
    pub theme: Theme,
    pub data: Data,
    /// Index of the active partner in `data.partners`.
    pub active: usize,
    pub screen: Screen,
    pub overlay: Option<Overlay>,
    /// Scroll offset of the help or safety overlay.
    pub overlay_scroll: u16,
    /// Said first on the safety screen when the safety check found a concern.
    pub safety_note: Option<String>,
    /// A short message for the status line (saved, an error).
    pub status: Option<String>,
    /// The terminal size, so `update` can tell when the screen is too small.
    pub size: (u16, u16),
    pub quit: bool,
    /// The unlocked partner (id) and their data key, in memory only.
    pub unlocked: Option<(String, crate::privacy::DataKey)>,
    /// A passphrase being typed, over whatever screen is open.
    pub passphrase: Option<unlock::Prompt>,
    /// Bumped whenever `data` is replaced, so derived figures know when to be recomputed.
    pub generation: u64,
    pub derived: Derived,
    /// Where fresh record ids come from (random; a sequence in tests), so `update` reaches
    /// nothing outside the state.
    pub ids: crate::ids::Ids,
    /// `NO_COLOR` was set when the app started (read once by the event loop, not by `update`).
    pub no_color: bool,
    /// The editor to open once the partner has unlocked: its place, prompt and entry.
    pub pending_editor: Option<Box<PendingEditor>>,
}

#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    /// A left click at (column, row), when the mouse is on.
    Click(u16, u16),
    Paste(String),
    Resize(u16, u16),
    /// The store was read again (after a save, or because another process changed it).
    Loaded(Box<Data>),
    /// Something the event loop tried failed; the text says what and where.
    Failed(String),
    /// Which prompts each partner answered, and their last reviews (read after the first frame).
    Answered(
        std::collections::HashSet<(String, String)>,
        std::collections::HashMap<String, chrono::NaiveDate>,
    ),
    /// Everything in the store, for the progress screen and the review.
    ProgressLoaded(Box<crate::store::Snapshot>),
    /// Every entry and the trash, for the journal.
    JournalLoaded(Vec<Entry>, Vec<crate::model::Trashed>),
    /// Two seconds have passed since the editor first changed: time to save the draft.
    DraftDue,
    /// The app is being closed from outside (SIGTERM, SIGHUP): keep what is being typed.
    Shutdown,
    /// No key for a few minutes: lock private entries again.
    IdleLock,
    /// A second passed while a countdown is on screen (a break).
    Tick,
    /// Everything was erased: back to a first run, with nothing in memory either.
    Forgotten(crate::store::Erased),
    /// One partner's records were erased (partner id).
    PartnerForgotten(String, crate::store::PartnerForgotten),
    /// A passphrase was checked (or set) off the UI thread.
    Unlocked(unlock::Outcome),
}

/// Work for the event loop: anything that touches the disk, or is slow. Every write names the
/// acting partner: the store refuses what they may not change and seals what must be sealed.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    AddPartners(Vec<(String, Role)>),
    SaveProgress(Actor, GuideProgress),
    /// The entry in plain form, and whether it is private (sealed by the store).
    SaveEntry(Actor, Entry, bool),
    SaveExercise(Actor, crate::model::ExerciseResult),
    SaveCheckin(Actor, CheckIn),
    SaveMoment(Actor, crate::model::Moment),
    /// The other partner has seen these requests for reassurance.
    AcknowledgeMoments(Actor, Vec<String>),
    /// Read everything for the progress screen or the review.
    LoadProgress,
    SaveAgreement(Actor, crate::together::Agreement),
    SavePromise(Actor, crate::together::Promise),
    SaveSession(Actor, crate::together::Session),
    /// Check a passphrase (Argon2id, off the UI thread); `Msg::Unlocked` brings the answer.
    Unlock(unlock::Request),
    /// Set or change a passphrase (off the UI thread); `Msg::Unlocked` follows.
    SetPassphrase(unlock::NewPassphrase),
    /// Erase trustwork's files (after the word FORGET and the passphrases it needs by partner
    /// id), then start again at the first run.
    ForgetAll(Vec<(String, crate::store::Passphrase)>),
    /// Erase one partner's records (partner id; passphrases as for `ForgetAll`).
    ForgetPartner(String, Vec<(String, crate::store::Passphrase)>),
    /// Partner id, new name, new role.
    UpdatePartner(String, String, Role),
    SaveSettings(crate::model::Settings),
    /// Turn mouse capture on or off (the event loop owns the terminal).
    SetMouse(bool),
    SaveDraft(Actor, crate::model::Draft),
    /// The draft key of the actor's draft.
    DeleteDraft(Actor, String),
    LoadJournal,
    /// An entry id.
    TrashEntry(Actor, String),
    RestoreEntry(Actor, String),
    EmptyTrash(Actor),
    /// The editor changed: the loop makes sure a `DraftDue` follows within two seconds.
    DraftDirty,
    Reload,
}

impl App {
    pub fn new(pack: Pack, data_dir: PathBuf, clock: Clock, theme: Theme, data: Data) -> App {
        let screen = if data.partners.is_empty() {
            Screen::Onboarding(onboarding::Onboarding::default())
        } else {
            Screen::Home
        };
        let mut app = App {
            pack,
            data_dir,
            clock,
            theme,
            data,
            active: 0,
            screen,
            overlay: None,
            overlay_scroll: 0,
            safety_note: None,
            status: None,
            size: (80, 24),
            quit: false,
            unlocked: None,
            passphrase: None,
            pending_editor: None,
            ids: crate::ids::Ids::Random,
            generation: 0,
            derived: Derived::default(),
            no_color: false,
        };
        derive(&mut app);
        app
    }

    /// The active partner as the store sees them: who they are, and their key if unlocked.
    pub fn actor(&self) -> Actor {
        let me = self
            .active_partner()
            .map(|p| p.id.clone())
            .unwrap_or_default();
        match &self.unlocked {
            Some((who, key)) if *who == me => Actor::unlocked(me, key.clone()),
            _ => Actor::new(me),
        }
    }

    pub fn active_partner(&self) -> Option<&Partner> {
        self.data.partners.get(self.active)
    }

    /// A partner's name, escaped for the screen ("?" for an id no longer known).
    pub fn partner_name(&self, id: &str) -> String {
        self.data
            .partners
            .iter()
            .find(|p| p.id == id)
            .map(|p| crate::text::escape_line(&p.name))
            .unwrap_or_else(|| "?".into())
    }

    /// The other partner, if there are two.
    pub fn other_partner(&self) -> Option<&Partner> {
        self.data
            .partners
            .iter()
            .enumerate()
            .find(|(i, _)| *i != self.active)
            .map(|(_, p)| p)
    }

    fn too_small(&self) -> bool {
        self.size.0 < MIN_WIDTH || self.size.1 < MIN_HEIGHT
    }

    /// True where the current screen takes typed text, so `?` and `!` are letters.
    fn typing(&self) -> bool {
        self.passphrase.is_some() || self.overlay.is_none() && self.screen.view().typing()
    }

    /// The keys of what is on screen now, for the footer and help.
    pub fn keys(&self) -> keys::Keys {
        match self.overlay {
            Some(Overlay::Help) => keys::Keys::Help,
            Some(Overlay::Safety) => keys::Keys::Safety,
            Some(Overlay::Hidden) => keys::Keys::Hidden,
            None if self.too_small() => keys::Keys::TooSmall,
            None => self.screen_keys(),
        }
    }

    /// A countdown is on screen: the loop wakes once a second, and only then.
    pub fn ticking(&self) -> bool {
        matches!(self.screen, Screen::Break(_) | Screen::Talk(_))
    }

    /// The screen under the overlays, for help.
    pub fn screen_keys(&self) -> keys::Keys {
        self.screen.view().keys()
    }
}

/// Changes the state for one message and says what the event loop must do.
pub fn update(app: &mut App, msg: Msg) -> Vec<Effect> {
    let effects = update_inner(app, msg);
    derive(app);
    effects
}

/// Recomputes the derived figures when what they depend on changed.
pub fn derive(app: &mut App) {
    let basis = (app.generation, app.active, Some(app.clock.today()));
    if app.derived.basis == basis {
        return;
    }
    let today = app.clock.today();
    let together = app.data.partners.len() > 1;
    let mut d = Derived {
        basis,
        ..Default::default()
    };
    if let Some(me) = app.active_partner() {
        let snap = crate::store::Snapshot {
            checkins: app.data.recent_checkins.clone(),
            progress: app.data.progress.clone(),
            ..Default::default()
        };
        d.milestones_today = crate::stats::milestones(&snap, &app.pack, me)
            .into_iter()
            .filter(|m| m.date == today)
            .map(|m| m.text)
            .collect();
        d.prompt_today =
            crate::stats::prompt_of_the_day(&app.pack, me, &app.data.progress, together, today)
                .map(|(g, p)| {
                    let link = crate::model::PromptLink {
                        guide: g.id.clone(),
                        prompt: Some(p.id.clone()),
                        prompt_text: Some(p.text.clone()),
                    };
                    (link, g.title.clone())
                });
    }
    app.derived = d;
}

fn update_inner(app: &mut App, msg: Msg) -> Vec<Effect> {
    match msg {
        Msg::Resize(w, h) => {
            app.size = (w, h);
            Vec::new()
        }
        Msg::Answered(set, reviews) => {
            app.data.answered = set;
            app.data.last_reviews = reviews;
            Vec::new()
        }
        Msg::ProgressLoaded(snap) => {
            progress::loaded(app, &snap);
            review::loaded(app, &snap);
            Vec::new()
        }
        Msg::Loaded(data) => {
            let active_id = app.active_partner().map(|p| p.id.clone());
            // `answered` and `last_reviews` arrive on their own (they read every entry).
            let answered = std::mem::take(&mut app.data.answered);
            let reviews = std::mem::take(&mut app.data.last_reviews);
            app.data = *data;
            app.generation += 1;
            app.data.answered = answered;
            app.data.last_reviews = reviews;
            app.active = active_id
                .and_then(|id| app.data.partners.iter().position(|p| p.id == id))
                .unwrap_or(0);
            if matches!(app.screen, Screen::Onboarding(_)) && !app.data.partners.is_empty() {
                app.screen = Screen::Home;
            }
            unlock::open_data(app);
            // The journal shows every entry: read them again too.
            if matches!(app.screen, Screen::Journal(_)) {
                return vec![Effect::LoadJournal];
            }
            Vec::new()
        }
        Msg::JournalLoaded(entries, trash) => {
            journal::loaded(app, entries, trash);
            Vec::new()
        }
        Msg::Failed(text) => {
            app.status = Some(text);
            Vec::new()
        }
        Msg::Paste(text) => {
            if app.passphrase.is_some() {
                unlock::paste(app, &text);
                return Vec::new();
            }
            if app.overlay.is_none() {
                match &mut app.screen {
                    Screen::Onboarding(o) => o.paste(&text),
                    Screen::Editor(ed) => {
                        ed.paste(&text);
                        return vec![Effect::DraftDirty];
                    }
                    Screen::Exercise(run) => exercise::paste(run, &text),
                    Screen::Checkin(c) => checkin::paste(c, &text),
                    Screen::Moment(m) => moment::paste(m, &text),
                    Screen::Review(r) => review::paste(r, &text),
                    Screen::Session(s) => session::paste(s, &text),
                    _ => {}
                }
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
                Screen::Home
            };
            app.status = Some(format!(
                "{name}'s writing has been erased: {} record(s) in {} file(s), backups included.",
                done.records, done.files
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
        Msg::Unlocked(outcome) => unlock::unlocked(app, outcome),
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
    let handler = app.screen.view().handler();
    handler(app, &key)
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
    let body_rows = app.size.1.saturating_sub(4) as usize;
    let Some(line) = row.checked_sub(body_top).map(|r| r as usize) else {
        return;
    };
    let settings_rows = settings::rows(app).len();
    let guide = guides::guide_at_line(app, line);
    match &mut app.screen {
        Screen::Journal(j) if j.mode == journal::Mode::List => {
            let rows = body_rows.saturating_sub(3);
            let start = if j.cursor >= rows {
                j.cursor + 1 - rows
            } else {
                0
            };
            if let Some(n) = line.checked_sub(3).map(|n| start + n)
                && n < j.hits.len()
            {
                j.cursor = n;
            }
        }
        Screen::Settings(s) if line < settings_rows => s.cursor = line,
        Screen::Guides(l) => {
            if let Some(i) = guide {
                l.cursor = i;
            }
        }
        _ => {}
    }
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
        Some(Overlay::Help) => overlays::render_help(frame, app),
        _ => app.screen.view().render(frame, app),
    }
}
