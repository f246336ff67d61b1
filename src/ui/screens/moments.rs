//! The moments screen: the active partner's own difficult moments, newest first (when, how
//! strong, what set it off, what helped, whether it was shared or asked for reassurance and
//! was seen); the other partner's moments they chose to share, labelled as theirs; and "what has
//! helped you most" (`stats::helped_most`). Whose words may be read is the core's rule
//! (`privacy::moment_readable`): the other partner's private moments never show here.

use super::keys::{Action, Keys, Table, b};
use super::view::View;
use super::{App, Reply, Screen, widgets};
use crate::model::Moment;
use crate::text::{escape_line, plural, truncate_width};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Which list is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    #[default]
    Mine,
    /// The other partner's, shared with the active one.
    Theirs,
}

#[derive(Debug, Clone, Default)]
pub struct MomentsScreen {
    pub tab: Tab,
    /// The selected moment in the list shown (0 is the newest).
    pub cursor: usize,
    /// Where Esc returns (home, or the progress screen it was opened from).
    pub back: Box<Screen>,
}

/// How many "what helped" notes are listed.
const HELPED: usize = 5;

/// Opens the moments screen over the current one (Esc returns to it).
pub fn open() -> Reply {
    Reply::push(Screen::Moments(Box::default()))
}

/// The moments of the list shown, newest first: the reader's own, or the other partner's that
/// the core says the reader may read.
pub fn listed(app: &App, tab: Tab) -> Vec<&Moment> {
    let Some(me) = app.active_partner() else {
        return Vec::new();
    };
    app.data
        .moments
        .iter()
        .rev()
        .filter(|m| match tab {
            Tab::Mine => m.partner == me.id,
            Tab::Theirs => m.partner != me.id && crate::privacy::moment_readable(m, &me.id),
        })
        .collect()
}

/// The lines each moment takes in the list: when, its marks or words, and its words or a gap.
const LINES: usize = 3;

/// About how many moments a page shows (for PgUp and PgDn).
fn per_page(app: &App) -> usize {
    // The page's frame, the two headings and "what helped" take the rest.
    (app.size.1.saturating_sub(12 + HELPED as u16) as usize / LINES).max(1)
}

fn on_key(s: &mut MomentsScreen, app: &mut App, key: &KeyEvent) -> Reply {
    let n = listed(app, s.tab).len();
    let last = n.saturating_sub(1);
    let page = per_page(app);
    match (super::keys::action(KEYS.bindings, key), key.code) {
        (Some(Action::Move), KeyCode::Down | KeyCode::Char('j')) => {
            s.cursor = (s.cursor + 1).min(last)
        }
        (Some(Action::Move), KeyCode::Up | KeyCode::Char('k')) => {
            s.cursor = s.cursor.saturating_sub(1)
        }
        (Some(Action::Move), KeyCode::PageDown) => s.cursor = (s.cursor + page).min(last),
        (Some(Action::Move), KeyCode::PageUp) => s.cursor = s.cursor.saturating_sub(page),
        (Some(Action::Move), KeyCode::Home) => s.cursor = 0,
        (Some(Action::Move), KeyCode::End) => s.cursor = last,
        (Some(Action::View), KeyCode::Tab | KeyCode::BackTab) => match app.other_partner() {
            Some(_) => {
                s.tab = match s.tab {
                    Tab::Mine => Tab::Theirs,
                    Tab::Theirs => Tab::Mine,
                };
                s.cursor = 0;
            }
            None => {
                app.status = Some("There is one partner here: these are all your moments.".into())
            }
        },
        (Some(Action::Moment), KeyCode::Char('m')) => {
            return Reply::open(Screen::Moment(Default::default()));
        }
        (_, KeyCode::Esc) => return Reply::open(std::mem::take(&mut *s.back)),
        _ => {}
    }
    Reply::stay()
}

/// A moment's lines: when and how strong; its marks (shared, reassurance), if any; its words.
fn moment_lines(app: &App, m: &Moment, mine: bool, w: usize) -> (String, String, String) {
    let other = app
        .other_partner()
        .map(|p| escape_line(&p.name))
        .unwrap_or_else(|| "your partner".into());
    let head = format!(
        "{} · strength {}/10",
        m.date.format("%a %-d %b %Y, %H:%M"),
        m.strength
    );
    let mut marks = Vec::new();
    if mine && m.shared {
        marks.push(format!("shared with {other}"));
    }
    if m.reassure {
        marks.push(match (mine, m.acknowledged) {
            (true, Some(t)) => format!(
                "asked for reassurance: {other} saw it on {}",
                t.format("%-d %b")
            ),
            (true, None) => "asked for reassurance (not seen yet)".into(),
            (false, Some(_)) => "asked you for reassurance (you saw it)".into(),
            (false, None) => "asked you for reassurance (k on home: seen)".into(),
        });
    }
    let words = if m.sealed.is_some() {
        "(private: unlock to read it here)".to_string()
    } else {
        let mut parts = Vec::new();
        if let Some(t) = &m.trigger {
            parts.push(format!("set off by: {t}"));
        }
        if let Some(h) = &m.helped {
            parts.push(format!("helped: {h}"));
        }
        if let Some(n) = &m.note {
            parts.push(n.clone());
        }
        if parts.is_empty() {
            "(no words written)".into()
        } else {
            parts.join(" · ")
        }
    };
    (
        truncate_width(&escape_line(&head), w),
        truncate_width(&marks.join(" · "), w.saturating_sub(2)),
        truncate_width(&escape_line(&words), w.saturating_sub(2)),
    )
}

/// The app's own sentence, wrapped two columns in: never cut at the edge.
fn push_wrapped(
    lines: &mut Vec<Line<'static>>,
    text: &str,
    w: usize,
    style: ratatui::style::Style,
) {
    for l in crate::text::wrap(text, w.saturating_sub(2)) {
        lines.push(Line::from(Span::styled(format!("  {l}"), style)));
    }
}

fn render(frame: &mut Frame, app: &App, s: &MomentsScreen) {
    let body = widgets::page(frame, app, "Moments");
    let t = &app.theme;
    let w = body.width as usize;
    let Some(me) = app.active_partner() else {
        return;
    };
    let other = app.other_partner().map(|p| escape_line(&p.name));
    let mut lines: Vec<Line> = Vec::new();
    lines.push(Line::from(Span::styled(
        "What has helped you most",
        t.heading,
    )));
    let helped = crate::stats::helped_most(&app.data.moments, &me.id, HELPED);
    if helped.is_empty() {
        push_wrapped(
            &mut lines,
            "Write what helped when you log a moment (m): the notes followed by the mildest \
             moments show here.",
            w,
            t.dim,
        );
    }
    for h in &helped {
        lines.push(Line::from(Span::styled(
            truncate_width(&format!("  {}", escape_line(h)), w),
            t.text,
        )));
    }
    lines.push(Line::default());
    let list = listed(app, s.tab);
    let tabs = match (&other, s.tab) {
        (None, _) => format!("Your moments, newest first ({})", list.len()),
        (Some(o), Tab::Mine) => format!(
            "[Yours, newest first: {}]   {o}'s, shared with you (Tab)",
            plural(list.len(), "moment", "moments")
        ),
        (Some(o), Tab::Theirs) => format!(
            "Yours (Tab)   [{o}'s, shared with you: {}]",
            plural(list.len(), "moment", "moments")
        ),
    };
    lines.push(Line::from(Span::styled(
        truncate_width(&tabs, w),
        t.heading,
    )));
    if list.is_empty() {
        let none = match (s.tab, &other) {
            (Tab::Mine, _) => "None logged. m logs a difficult moment.".to_string(),
            (Tab::Theirs, Some(o)) => {
                format!("{o} has shared none. A moment {o} keeps to themselves does not show here.")
            }
            (Tab::Theirs, None) => String::new(),
        };
        push_wrapped(&mut lines, &none, w, t.dim);
    }
    // Only the moments on screen are drawn, so years of them cost the same as a few.
    let rows = ((body.height as usize).saturating_sub(lines.len()) / LINES).max(1);
    let start = (s.cursor + 1).saturating_sub(rows);
    let whose = match s.tab {
        Tab::Mine => None,
        Tab::Theirs => other.clone(),
    };
    for (i, m) in list.iter().enumerate().skip(start).take(rows) {
        let selected = i == s.cursor;
        let (head, marks, words) = moment_lines(app, m, s.tab == Tab::Mine, w.saturating_sub(2));
        let head = match &whose {
            Some(o) => truncate_width(&format!("{o}'s · {head}"), w.saturating_sub(2)),
            None => head,
        };
        lines.push(Line::from(Span::styled(
            format!("{}{head}", if selected { "> " } else { "  " }),
            if selected { t.selected } else { t.text },
        )));
        if marks.is_empty() {
            lines.push(Line::from(Span::styled(format!("    {words}"), t.dim)));
            lines.push(Line::default());
        } else {
            lines.push(Line::from(Span::styled(format!("    {marks}"), t.accent)));
            lines.push(Line::from(Span::styled(format!("    {words}"), t.dim)));
        }
    }
    frame.render_widget(Paragraph::new(lines), body);
}

/// The keys of this screen: what its handler matches, and its footer and help.
pub static KEYS: Table = Table {
    title: "Moments",
    bindings: &[
        b(
            "Up, Down, PgUp, PgDn, Home, End, k, j",
            "move in the list",
            "move",
            Action::Move,
        ),
        b(
            "Tab, Shift-Tab",
            "your moments, or those your partner shared with you",
            "whose",
            Action::View,
        ),
        b("m", "log a difficult moment", "log one", Action::Moment),
        b("Esc", "back", "", Action::Back),
    ],
};

impl View for MomentsScreen {
    fn keys(&self) -> Keys {
        &KEYS
    }
    fn on_key(&mut self, app: &mut App, key: &KeyEvent) -> Reply {
        on_key(self, app, key)
    }
    fn back(&mut self) -> Option<&mut Box<Screen>> {
        Some(&mut self.back)
    }
    fn render(&self, frame: &mut Frame, app: &App) {
        render(frame, app, self)
    }
}
