//! The break: twenty minutes apart, counted down, then back to where the session stopped.

use crate::text::wrap;
use crate::ui::{App, Effect, Screen, widgets};
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

pub fn on_break_key(app: &mut App, key: &KeyEvent) -> Vec<Effect> {
    use crate::ui::keys::Action;
    let now = app.clock.now();
    let Screen::Break(b) = &mut app.screen else {
        return Vec::new();
    };
    let over = now >= b.until;
    match (
        crate::ui::keys::action(crate::ui::keys::Keys::Break.bindings(), key),
        key.code,
    ) {
        (Some(Action::Next), KeyCode::Enter) if over => {
            let back = std::mem::replace(&mut b.back, Box::new(Screen::Home));
            app.screen = *back;
        }
        (Some(Action::Next), KeyCode::Enter) => {
            app.status = Some(
                "Not yet: give it the full time. Esc ends the break early, if you both agree."
                    .into(),
            )
        }
        (_, KeyCode::Esc) => {
            let back = std::mem::replace(&mut b.back, Box::new(Screen::Home));
            app.screen = *back;
        }
        _ => {}
    }
    Vec::new()
}

pub fn render_break(frame: &mut Frame, app: &App, b: &BreakScreen) {
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

crate::view!(BreakScreen, keys: |_| crate::ui::keys::Keys::Break, typing: |_| false, on_key: on_break_key, render: render_break);
