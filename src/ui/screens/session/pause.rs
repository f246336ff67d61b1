//! The break: twenty minutes apart, counted down, then back to where the session stopped.

use crate::text::wrap;
use crate::ui::keys::Keys;
use crate::ui::keys::{Action, Table, b};
use crate::ui::view::View;
use crate::ui::{App, Reply, Screen, widgets};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// A break lasts at least this long: long enough for a racing heart to settle.
pub const BREAK_MINUTES: i64 = 20;

#[derive(Debug, Clone)]
pub struct BreakScreen {
    pub until: crate::model::Timestamp,
    pub back: Box<Screen>,
}

fn on_key(b: &mut BreakScreen, app: &mut App, key: &KeyEvent) -> Reply {
    use crate::ui::keys::Action;
    let now = app.clock.now();
    let over = now >= b.until;
    match (crate::ui::keys::action(KEYS.bindings, key), key.code) {
        (Some(Action::Next), KeyCode::Enter) if over => return b.leave(),
        (Some(Action::Next), KeyCode::Enter) => {
            app.status = Some(
                "Not yet: give it the full time. Esc ends the break early, if you both agree."
                    .into(),
            )
        }
        (_, KeyCode::Esc) => return b.leave(),
        _ => {}
    }
    Reply::stay()
}

impl BreakScreen {
    /// A break over the screen now shown (which [`Nav::Push`](crate::ui::Nav) keeps as its way
    /// back).
    pub fn new(until: crate::model::Timestamp) -> BreakScreen {
        BreakScreen {
            until,
            back: Box::default(),
        }
    }

    /// Back to where the session stopped.
    fn leave(&mut self) -> Reply {
        Reply::open(std::mem::take(&mut *self.back))
    }
}

fn render(frame: &mut Frame, app: &App, b: &BreakScreen) {
    let body = widgets::page(frame, app, "A break");
    let t = &app.theme;
    let w = body.width as usize;
    let left = (b.until - app.clock.now()).num_seconds().max(0);
    let mut lines = vec![
        Line::from(Span::styled(
            "Taking a break is a skill, not a failure.",
            t.heading,
        )),
        Line::default(),
        Line::from(Span::styled(
            format!("{:02}:{:02}", left / 60, left % 60),
            t.accent,
        )),
        Line::from(Span::styled(
            format!("Come back together at {}.", b.until.format("%H:%M")),
            t.text,
        )),
        Line::default(),
    ];
    for s in [
        "Breathe out slowly, longer than you breathe in, ten times.",
        "Go to separate rooms; walk, stretch, drink some water.",
        "Do something absorbing that is not about this: music, a few pages, a chore.",
        "Try not to rehearse the argument. Notice a thought, and let it pass.",
    ] {
        for l in wrap(&format!("- {s}"), w) {
            lines.push(Line::from(Span::styled(l, t.text)));
        }
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        if left == 0 {
            "Time is up. Enter goes back to where you stopped."
        } else {
            "Enter goes back when the time is up. Esc ends the break early."
        },
        t.dim,
    )));
    frame.render_widget(Paragraph::new(lines), body);
}

/// The keys of this screen: what its handler matches, and its footer and help.
pub static KEYS: Table = Table {
    title: "A break",
    bindings: &[
        b(
            "Enter",
            "back to where you stopped, when the time is up",
            "back",
            Action::Next,
        ),
        b("Esc", "end the break early", "", Action::Back),
    ],
};

impl View for BreakScreen {
    fn keys(&self) -> Keys {
        &KEYS
    }
    fn on_key(&mut self, app: &mut App, key: &KeyEvent) -> Reply {
        on_key(self, app, key)
    }
    fn back(&mut self) -> Option<&mut Box<Screen>> {
        Some(&mut self.back)
    }
    fn ticking(&self) -> bool {
        true
    }
    fn render(&self, frame: &mut Frame, app: &App) {
        render(frame, app, self)
    }
}
