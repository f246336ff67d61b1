//! Progress: the trust trend of both partners (with a 7-day average and the gap between the
//! lines), difficult moments per week, a calendar of check-in days with streaks, the guides, and
//! milestones. Figures are computed once when the screen opens; frames only draw them.

use super::keys::{Action, Table, b};
use super::{App, Effect, Reply, Screen};
use crate::model::Partner;
use crate::stats::{self, Milestone, Streak, WeekMoments};
use crate::store::Snapshot;
use chrono::{Days, NaiveDate};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use std::collections::BTreeSet;

mod render;
use render::render;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    Trust,
    Moments,
    Calendar,
    Guides,
    /// Every month since the first record: for stores older than a year.
    AllTime,
}

const VIEWS: [View; 5] = [
    View::Trust,
    View::Moments,
    View::Calendar,
    View::Guides,
    View::AllTime,
];
const RANGES: [u64; 3] = [4, 12, 52];

/// One partner's figures.
#[derive(Debug, Clone)]
pub struct PartnerFigures {
    pub id: String,
    pub name: String,
    /// The 7-day average for each of the last 52 weeks' days (None: a gap).
    pub average: Vec<(NaiveDate, Option<f64>)>,
    pub checkin_days: BTreeSet<NaiveDate>,
    pub streak: Streak,
    pub moments: Vec<WeekMoments>,
    /// Promises kept and missed per week (empty until the partner makes one).
    pub promises: Vec<crate::together::WeekPromises>,
    pub milestones: Vec<Milestone>,
    /// Per guide: (title, answered, questions, exercises done, completed).
    pub guides: Vec<(String, usize, usize, usize, bool)>,
}

#[derive(Debug, Clone)]
pub struct Figures {
    pub today: NaiveDate,
    pub partners: Vec<PartnerFigures>,
    pub gap: Vec<(NaiveDate, Option<f64>)>,
    /// Month by month since the first record: each partner's average trust (in the order of
    /// `partners`) and the moments (`stats::by_month`).
    pub months: Vec<stats::MonthFigures>,
}

/// Every figure of the screen, from everything in the store.
pub fn figures(
    snap: &Snapshot,
    pack: &crate::content::Pack,
    partners: &[Partner],
    today: NaiveDate,
) -> Figures {
    let from = today - Days::new(52 * 7 - 1);
    let together = partners.len() > 1;
    let people: Vec<PartnerFigures> = partners
        .iter()
        .map(|p| {
            let daily = stats::daily_trust(&snap.checkins, &p.id);
            let days: Vec<NaiveDate> = daily.keys().copied().collect();
            let answered: BTreeSet<&str> = snap
                .entries
                .iter()
                .filter(|e| e.author == p.id)
                .filter_map(|e| e.link.as_ref().and_then(|l| l.prompt.as_deref()))
                .collect();
            let guides = pack
                .guides
                .iter()
                .filter(|g| !g.ephemeral)
                .map(|g| {
                    let qs: Vec<_> = g.prompts_for(p.role, together).collect();
                    let done = qs
                        .iter()
                        .filter(|q| answered.contains(q.id.as_str()))
                        .count();
                    let ex = snap
                        .exercises
                        .iter()
                        .filter(|x| x.partner == p.id && x.guide == g.id)
                        .count();
                    let completed = snap
                        .progress
                        .iter()
                        .any(|x| x.partner == p.id && x.guide == g.id && x.completed.is_some());
                    (g.title.clone(), done, qs.len(), ex, completed)
                })
                .collect();
            PartnerFigures {
                id: p.id.clone(),
                name: p.name.clone(),
                average: stats::moving_average(&daily, from, today, 7),
                checkin_days: daily
                    .range(from - Days::new(7)..)
                    .map(|(d, _)| *d)
                    .collect(),
                streak: stats::streak(&days, today),
                moments: stats::moments_per_week(&snap.moments, Some(&p.id), from, today),
                promises: if snap.promises.iter().any(|x| x.by == p.id) {
                    crate::together::promises_per_week(&snap.promises, Some(&p.id), from, today)
                } else {
                    Vec::new()
                },
                milestones: stats::milestones(snap, pack, p),
                guides,
            }
        })
        .collect();
    let gap = match people.as_slice() {
        [a, b] => stats::gap(&a.average, &b.average),
        _ => Vec::new(),
    };
    let ids: Vec<&str> = partners.iter().map(|p| p.id.as_str()).collect();
    Figures {
        today,
        partners: people,
        gap,
        months: stats::by_month(&snap.checkins, &snap.moments, &ids, today),
    }
}

#[derive(Debug, Clone)]
pub struct ProgressScreen {
    pub figures: Option<Box<Figures>>,
    pub view: View,
    /// Index into RANGES.
    pub range: usize,
    pub scroll: u16,
}

pub fn open() -> Reply {
    Reply::open(Screen::Progress(Box::new(ProgressScreen {
        figures: None,
        view: View::Trust,
        range: 1,
        scroll: 0,
    })))
    .with([Effect::LoadProgress])
}

/// Everything arrived: compute the figures, once.
pub fn loaded(app: &mut App, snap: &Snapshot) {
    let f = figures(snap, &app.pack, &app.data.partners, app.clock.today());
    if let Screen::Progress(p) = &mut app.screen {
        p.figures = Some(Box::new(f));
    }
}

fn on_key(p: &mut ProgressScreen, key: &KeyEvent) -> Reply {
    use super::keys::Action;
    let i = VIEWS.iter().position(|v| *v == p.view).unwrap_or(0);
    match (super::keys::action(KEYS.bindings, key), key.code) {
        (Some(Action::View), KeyCode::Right | KeyCode::Tab) => {
            p.view = VIEWS[(i + 1) % VIEWS.len()];
            p.scroll = 0;
        }
        (Some(Action::View), KeyCode::Left | KeyCode::BackTab) => {
            p.view = VIEWS[(i + VIEWS.len() - 1) % VIEWS.len()];
            p.scroll = 0;
        }
        (_, KeyCode::Char(c @ '1'..='5')) => {
            p.view = VIEWS[(c as usize) - ('1' as usize)];
            p.scroll = 0;
        }
        (Some(Action::Weeks), KeyCode::Char('w')) => p.range = (p.range + 1) % RANGES.len(),
        (Some(Action::Scroll), KeyCode::Down | KeyCode::Char('j')) => {
            p.scroll = p.scroll.saturating_add(1)
        }
        (Some(Action::Scroll), KeyCode::Up | KeyCode::Char('k')) => {
            p.scroll = p.scroll.saturating_sub(1)
        }
        (Some(Action::Review), KeyCode::Char('r')) => return super::review::open(),
        (Some(Action::Moment), KeyCode::Char('m')) => return super::moments::open(),
        (_, KeyCode::Esc) => return Reply::home(),
        _ => {}
    }
    Reply::stay()
}

/// The keys of this screen: what its handler matches, and its footer and help.
pub static KEYS: Table = Table {
    title: "Progress",
    bindings: &[
        b(
            "Left, Right, Tab, Shift-Tab, 1-5",
            "trust, moments, calendar, guides, all time (month by month)",
            "view",
            Action::View,
        ),
        b("w", "4, 12 or 52 weeks", "weeks", Action::Weeks),
        b("r", "the four-week review", "review", Action::Review),
        b(
            "m",
            "your moments in full: what set them off, what helped most",
            "moments",
            Action::Moment,
        ),
        b("Up, Down, k, j", "scroll", "", Action::Scroll),
    ],
};

impl super::view::View for ProgressScreen {
    fn keys(&self) -> super::keys::Keys {
        &KEYS
    }
    fn on_key(&mut self, _app: &mut App, key: &KeyEvent) -> Reply {
        on_key(self, key)
    }
    fn render(&self, frame: &mut Frame, app: &App) {
        render(frame, app, self)
    }
}
