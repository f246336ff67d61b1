//! The state: [`App`], what it shows ([`Data`], loaded from the store) and the figures
//! [`derive`]d from it.

use super::theme::Theme;
use super::{MIN_HEIGHT, MIN_WIDTH, Overlay, Screen, keys};
use crate::clock::Clock;
use crate::content::Pack;
use crate::model::{CheckIn, Entry, GuideProgress, Partner};
use crate::privacy::Actor;
use std::path::PathBuf;

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
    /// Files that could not be read: their records are missing above (home says so).
    pub damaged: Vec<crate::store::Damaged>,
}

impl Data {
    /// Notes damage found by a later read (every month of entries), once per file.
    pub fn note_damage(&mut self, found: Vec<crate::store::Damaged>) {
        for d in found {
            if !self.damaged.iter().any(|x| x.rel == d.rel) {
                self.damaged.push(d);
            }
        }
    }

    /// True when the partners file could not be read: nobody can be named until it is back,
    /// so the workbook must not offer to start afresh.
    pub fn partners_damaged(&self) -> bool {
        self.damaged.iter().any(|d| d.is_partners())
    }
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
    /// What home says when the partners were added on two laptops before their first sync.
    pub twin_partners: Option<String>,
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
    pub passphrase: Option<super::unlock::types::Prompt>,
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
    /// The data folder disappeared under the running workbook (deleted, or its disk
    /// unplugged): what is on screen is kept in memory until a save puts the folder back.
    pub folder_gone: bool,
}

impl App {
    pub fn new(pack: Pack, data_dir: PathBuf, clock: Clock, theme: Theme, data: Data) -> App {
        let screen = if data.partners.is_empty() && !data.partners_damaged() {
            Screen::Onboarding(Default::default())
        } else {
            Screen::default()
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
            folder_gone: false,
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

    pub(super) fn too_small(&self) -> bool {
        self.size.0 < MIN_WIDTH || self.size.1 < MIN_HEIGHT
    }

    /// True where the current screen takes typed text, so `?` and `!` are letters.
    pub(super) fn typing(&self) -> bool {
        self.passphrase.is_some() || self.overlay.is_none() && self.screen.view().typing()
    }

    /// The keys of what is on screen now, for the footer and help.
    pub fn keys(&self) -> keys::Keys {
        match self.overlay {
            Some(Overlay::Help) => &keys::HELP,
            Some(Overlay::Safety) => &keys::SAFETY,
            Some(Overlay::NotYet) => &keys::NOT_YET,
            Some(Overlay::Hidden) => &keys::HIDE,
            None if self.too_small() => &keys::TOO_SMALL,
            None => self.screen_keys(),
        }
    }

    /// A countdown is on screen: the loop wakes once a second, and only then.
    pub fn ticking(&self) -> bool {
        self.screen.view().ticking()
    }

    /// The screen under the overlays, for help.
    pub fn screen_keys(&self) -> keys::Keys {
        self.screen.view().keys()
    }
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
        twin_partners: crate::store::twin_partners_note(&app.data.partners),
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
