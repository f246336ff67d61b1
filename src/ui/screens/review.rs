//! The periodic review, every four weeks and on demand: the last four weeks' figures beside the
//! four before, then four questions; the answers are saved as one journal entry linked to the
//! review.

use super::keys::{Action, Table, b};
use super::{App, Effect, Reply, Screen, widgets};
use crate::model::{Entry, PromptLink, Visibility};
use crate::stats::Period;
use crate::text::escape_line;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui_textarea::{TextArea, WrapMode};

/// The link every review entry carries, so reviews can be found and counted.
pub use crate::stats::REVIEW_GUIDE;
/// Days between reviews.
pub const EVERY_DAYS: u64 = 28;

pub fn questions(together: bool) -> [&'static str; 4] {
    [
        "What got easier over these four weeks?",
        "What still stings?",
        "Which promise, kept or missed, mattered most?",
        if together {
            "What do we want for the next four weeks?"
        } else {
            "What do I want for the next four weeks?"
        },
    ]
}

#[derive(Debug, Clone)]
pub struct ReviewScreen {
    /// (last four weeks, the four before), once read.
    pub periods: Option<(Period, Period)>,
    pub answers: Vec<TextArea<'static>>,
    pub focus: usize,
}

pub fn open() -> Reply {
    let answers = (0..4)
        .map(|_| {
            let mut t = TextArea::default();
            t.set_wrap_mode(WrapMode::WordOrGlyph);
            t
        })
        .collect();
    Reply::open(Screen::Review(Box::new(ReviewScreen {
        periods: None,
        answers,
        focus: 0,
    })))
    .with([Effect::LoadProgress])
}

/// Whether the active partner's review is due: four weeks after their last one, or after four
/// weeks of check-ins.
pub fn due(app: &App) -> bool {
    let Some(me) = app.active_partner() else {
        return false;
    };
    let today = app.clock.today();
    let since = match app.data.last_reviews.get(&me.id) {
        Some(d) => *d,
        None => match app
            .data
            .recent_checkins
            .iter()
            .filter(|c| c.partner == me.id)
            .map(|c| c.date)
            .min()
        {
            Some(first) => first,
            None => return false,
        },
    };
    (today - since).num_days() >= EVERY_DAYS as i64
}

pub fn loaded(app: &mut App, snap: &crate::store::Snapshot) {
    let today = app.clock.today();
    let Some(me) = app.active_partner().map(|p| p.id.clone()) else {
        return;
    };
    if let Screen::Review(r) = &mut app.screen {
        r.periods = Some(crate::stats::review_periods(snap, &me, today));
    }
}

pub fn typing(_: &ReviewScreen) -> bool {
    true
}

fn on_key(r: &mut ReviewScreen, app: &mut App, key: &KeyEvent) -> Reply {
    use super::keys::Action;
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match (super::keys::action(KEYS.bindings, key), key.code) {
        (Some(Action::Save), KeyCode::Char('s')) if ctrl => return save(r, app, key),
        (_, KeyCode::Esc) => {
            app.status = Some("The review was left unsaved.".into());
            return Reply::home();
        }
        (Some(Action::Cycle), KeyCode::Tab) => r.focus = (r.focus + 1) % r.answers.len(),
        (Some(Action::Cycle), KeyCode::BackTab) => {
            r.focus = (r.focus + r.answers.len() - 1) % r.answers.len()
        }
        _ => {
            r.answers[r.focus].input(*key);
        }
    }
    Reply::stay()
}

fn paste(r: &mut ReviewScreen, text: &str) {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    r.answers[r.focus].insert_str(text);
}

fn save(r: &ReviewScreen, app: &mut App, key: &KeyEvent) -> Reply {
    // Once a partner has a passphrase, their review is private like their other entries.
    let private = super::unlock::keyed(app);
    if super::unlock::needs_key(app) {
        super::unlock::ask(app, super::unlock::Then::Replay(*key));
        return Reply::stay();
    }
    let actor = app.actor();
    let now = app.clock.now();
    let together = app.data.partners.len() > 1;
    let Some(me) = app.active_partner().map(|p| p.id.clone()) else {
        return Reply::stay();
    };
    let mut body = String::new();
    for (q, a) in questions(together).iter().zip(&r.answers) {
        let text = a.lines().join("\n");
        let text = text.trim();
        if text.is_empty() {
            continue;
        }
        body.push_str(&format!("{q}\n{text}\n\n"));
    }
    let body = body.trim_end().to_string();
    if body.is_empty() {
        app.status = Some("Write at least one answer, or Esc to leave.".into());
        return Reply::stay();
    }
    let entry = Entry {
        id: app.ids.fresh(),
        author: me.clone(),
        created: now,
        updated: now,
        title: Some(format!("Four-week review, {}", now.format("%-d %B %Y"))),
        body,
        tags: vec!["review".into()],
        starred: false,
        for_counsellor: false,
        link: Some(PromptLink {
            guide: REVIEW_GUIDE.into(),
            prompt: None,
            prompt_text: Some("The four-week review".into()),
        }),
        visibility: Visibility::Shared,
        source: None,
        responds_to: None,
        sealed: None,
    };
    app.data.last_reviews.insert(me, now.date_naive());
    app.status = Some("Review saved in your journal.".into());
    Reply::home().with([Effect::SaveEntry(actor, entry, private)])
}

fn fmt(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.1}")).unwrap_or_else(|| "-".into())
}

fn render(frame: &mut Frame, app: &App, r: &ReviewScreen) {
    let body = widgets::page(frame, app, "Four-week review");
    let t = &app.theme;
    let together = app.data.partners.len() > 1;
    let [figures, _, qs] = Layout::vertical([
        Constraint::Length(8),
        Constraint::Length(1),
        Constraint::Min(4),
    ])
    .areas(body);
    let mut lines = Vec::new();
    match &r.periods {
        None => lines.push(Line::from(Span::styled(
            "Reading the last eight weeks…",
            t.dim,
        ))),
        Some((last, prev)) => {
            lines.push(Line::from(Span::styled(
                format!("{:<26}{:>14}{:>16}", "", "four before", "last four weeks"),
                t.dim,
            )));
            let row = |label: &str, a: String, b: String| {
                Line::from(Span::styled(format!("{label:<26}{a:>14}{b:>16}"), t.text))
            };
            lines.push(row(
                "Check-ins",
                prev.checkins.to_string(),
                last.checkins.to_string(),
            ));
            lines.push(row(
                "Average trust (0-10)",
                fmt(prev.trust_average),
                fmt(last.trust_average),
            ));
            lines.push(row(
                "Difficult moments",
                prev.moments.to_string(),
                last.moments.to_string(),
            ));
            lines.push(row(
                "  their average strength",
                fmt(prev.moment_strength),
                fmt(last.moment_strength),
            ));
            lines.push(row(
                "Journal entries",
                prev.entries.to_string(),
                last.entries.to_string(),
            ));
            lines.push(row(
                "Guides completed",
                prev.guides_completed.to_string(),
                last.guides_completed.to_string(),
            ));
            lines.push(Line::from(Span::styled(
                "Trends, not a score: the scale is the app's own.",
                t.dim,
            )));
        }
    }
    frame.render_widget(Paragraph::new(lines), figures);
    // The question being answered has its text box; each other question is one line, with
    // the start of its answer after it, so a short page still shows all four.
    let constraints: Vec<Constraint> = (0..4)
        .flat_map(|i| {
            if i == r.focus {
                vec![Constraint::Length(1), Constraint::Min(2)]
            } else {
                vec![Constraint::Length(1)]
            }
        })
        .collect();
    let rects = Layout::vertical(constraints).split(qs);
    let mut at = 0;
    for (i, q) in questions(together).iter().enumerate() {
        let style = if i == r.focus { t.selected } else { t.heading };
        if i == r.focus {
            frame.render_widget(Paragraph::new(Span::styled(*q, style)), rects[at]);
            frame.render_widget(&r.answers[i], rects[at + 1]);
            at += 2;
            continue;
        }
        let first = r.answers[i].lines().join(" ");
        let room = (qs.width as usize).saturating_sub(crate::text::display_width(q) + 2);
        let shown = if first.trim().is_empty() {
            "(empty)".into()
        } else {
            crate::text::truncate_width(&escape_line(&first), room)
        };
        let line = Line::from(vec![
            Span::styled(*q, style),
            Span::styled(format!("  {shown}"), t.dim),
        ]);
        frame.render_widget(Paragraph::new(line), rects[at]);
        at += 1;
    }
}

/// The keys of this screen: what its handler matches, and its footer and help.
pub static KEYS: Table = Table {
    title: "Four-week review",
    bindings: &[
        b(
            "Tab, Shift-Tab",
            "next or previous question",
            "next",
            Action::Cycle,
        ),
        b(
            "Ctrl-S",
            "save the review as a journal entry",
            "save",
            Action::Save,
        ),
        b("Esc", "leave without saving", "", Action::Back),
    ],
};

impl super::view::View for ReviewScreen {
    fn keys(&self) -> super::keys::Keys {
        &KEYS
    }
    fn typing(&self) -> bool {
        typing(self)
    }
    fn on_key(&mut self, app: &mut App, key: &KeyEvent) -> Reply {
        on_key(self, app, key)
    }
    fn paste(&mut self, text: &str) -> Vec<Effect> {
        paste(self, text);
        Vec::new()
    }
    fn render(&self, frame: &mut Frame, app: &App) {
        render(frame, app, self)
    }
}
