//! Drawing a together session: the turn, the answers side by side at the reveal, the note.

use super::SessionScreen;
use crate::text::{escape_control, escape_line, wrap};
use crate::together::Step;
use crate::ui::{App, widgets};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(frame: &mut Frame, app: &App, s: &SessionScreen) {
    let body = widgets::page(frame, app, "Together");
    let t = &app.theme;
    let w = body.width as usize;
    let Some(q) = s.session.current() else { return };
    let mut head = vec![Line::from(Span::styled(
        format!(
            "Question {} of {}",
            s.session.index + 1,
            s.session.questions.len()
        ),
        t.dim,
    ))];
    for l in wrap(&escape_control(&q.text), w) {
        head.push(Line::from(Span::styled(l, t.accent)));
    }
    head.push(Line::default());
    match s.session.step {
        Step::Answer(turn) => {
            let who = q
                .answerers
                .get(turn)
                .map(|id| app.partner_name(id))
                .unwrap_or_default();
            let others: Vec<String> = q
                .answerers
                .iter()
                .chain(app.data.partners.iter().map(|p| &p.id))
                .filter(|id| q.answerers.get(turn) != Some(*id))
                .map(|id| app.partner_name(id))
                .collect::<std::collections::BTreeSet<_>>()
                .into_iter()
                .collect();
            if !s.ready {
                head.extend(widgets::wrapped(
                    &format!("{}, please look away for a moment.", others.join(" and ")),
                    w,
                    t.heading,
                ));
                head.push(Line::default());
                head.extend(widgets::wrapped(
                    &format!("{who}: press Enter when you are ready to answer."),
                    w,
                    t.text,
                ));
                head.extend(widgets::wrapped(
                    "Your answer stays hidden until you have both answered.",
                    w,
                    t.dim,
                ));
                frame.render_widget(Paragraph::new(head), body);
            } else {
                head.extend(widgets::wrapped(
                    &format!("{who} is answering. Ctrl-S when done, Ctrl-N to pass."),
                    w,
                    t.heading,
                ));
                let [top, rest] =
                    Layout::vertical([Constraint::Length(head.len() as u16), Constraint::Min(2)])
                        .areas(body);
                frame.render_widget(Paragraph::new(head), top);
                frame.render_widget(&s.text, rest);
            }
        }
        Step::Reveal => {
            head.extend(widgets::wrapped("Both answers, side by side. Read them slowly. Enter when you are ready to talk about them.", w, t.dim));
            let [top, rest] = Layout::vertical([
                Constraint::Length(head.len() as u16 + 1),
                Constraint::Min(2),
            ])
            .areas(body);
            frame.render_widget(Paragraph::new(head), top);
            let n = q.answers.len().max(1) as u32;
            let cols = Layout::horizontal((0..n).map(|_| Constraint::Ratio(1, n))).split(rest);
            for (i, a) in q.answers.iter().enumerate() {
                let cw = cols[i].width.saturating_sub(2) as usize;
                let mut lines = vec![Line::from(Span::styled(
                    app.partner_name(&a.partner),
                    t.heading,
                ))];
                match &a.text {
                    Some(text) => {
                        for l in wrap(&escape_control(text), cw) {
                            lines.push(Line::from(Span::styled(l, t.text)));
                        }
                    }
                    None => lines.push(Line::from(Span::styled("(passed on this one)", t.dim))),
                }
                frame.render_widget(Paragraph::new(lines), cols[i]);
            }
        }
        Step::Note => {
            head.extend(widgets::wrapped("A shared note (optional). Tab: the other line. Enter on the second saves and goes on.", w, t.dim));
            head.push(Line::default());
            for (i, (label, value)) in [
                ("What we heard", &s.heard),
                ("What we agree to try", &s.try_next),
            ]
            .into_iter()
            .enumerate()
            {
                head.push(Line::from(Span::styled(
                    label,
                    if s.note_field == i { t.heading } else { t.dim },
                )));
                let cursor = if s.note_field == i { "_" } else { "" };
                head.extend(widgets::indented(
                    &format!("{}{cursor}", escape_line(value)),
                    w,
                    "  ",
                    t.text,
                ));
            }
            frame.render_widget(Paragraph::new(head), body);
        }
    }
}
