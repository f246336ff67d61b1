//! Drawing an exercise: its text, then the reflection, checklist, scale or form.

use super::{Answer, Run, items_for};
use crate::content::ExerciseKind;
use crate::model::Role;
use crate::text::{escape_control, wrap};
use crate::ui::{App, widgets};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(frame: &mut Frame, app: &App, run: &Run) {
    let Some((g, e)) = app
        .pack
        .guide(&run.guide)
        .and_then(|g| g.exercise(&run.exercise).map(|e| (g, e)))
    else {
        return;
    };
    let body = widgets::page(frame, app, &e.title);
    let t = &app.theme;
    let w = body.width as usize;
    let mut head: Vec<Line> = Vec::new();
    for l in wrap(&escape_control(&e.intro), w) {
        head.push(Line::from(Span::styled(l, t.text)));
    }
    if g.ephemeral {
        head.push(Line::from(Span::styled(
            "Nothing here is stored: not a tick, not a word.",
            t.alert,
        )));
    } else if let Some(who) = who_can_read(app, e) {
        for l in wrap(who, w) {
            head.push(Line::from(Span::styled(l, t.dim)));
        }
    }
    head.push(Line::default());
    let role = app.active_partner().map(|p| p.role).unwrap_or(Role::Unsaid);
    match (&e.kind, &run.answer) {
        (ExerciseKind::Reflection { question }, Answer::Text(area)) => {
            for l in wrap(&escape_control(question), w) {
                head.push(Line::from(Span::styled(l, t.accent)));
            }
            let [top, _, rest] = split(body, head.len() as u16);
            frame.render_widget(Paragraph::new(head), top);
            frame.render_widget(&**area, rest);
        }
        (
            ExerciseKind::Scale {
                question,
                min_label,
                max_label,
            },
            Answer::Scale(v),
        ) => {
            for l in wrap(&escape_control(question), w) {
                head.push(Line::from(Span::styled(l, t.accent)));
            }
            head.push(Line::default());
            let mut spans = Vec::new();
            for n in 0..=10u8 {
                let chosen = *v == Some(n);
                let label = if chosen {
                    format!("[{n}]")
                } else {
                    format!(" {n} ")
                };
                spans.push(Span::styled(
                    label,
                    if chosen { t.selected } else { t.text },
                ));
            }
            head.push(Line::from(spans));
            head.push(Line::from(Span::styled(
                format!("0 = {min_label}   10 = {max_label}"),
                t.dim,
            )));
            head.push(Line::default());
            head.push(Line::from(Span::styled(
                "This scale is the app's own, not a validated measure.",
                t.dim,
            )));
            frame.render_widget(Paragraph::new(head), body);
        }
        (ExerciseKind::Checklist { .. }, Answer::Ticks(state)) => {
            let items = items_for(e, role);
            let rows = (body.height as usize).saturating_sub(head.len());
            // Each item as its wrapped lines, so the scroll counts lines, not items: the
            // chosen item is always whole on screen, however many lines the others take.
            let blocks: Vec<Vec<Line>> = items
                .iter()
                .zip(state)
                .enumerate()
                .map(|(n, ((_, text), (_, day)))| {
                    let mark = if day.is_some() { "[x]" } else { "[ ]" };
                    let style = if n == run.cursor { t.selected } else { t.text };
                    wrap(&escape_control(text), w.saturating_sub(4))
                        .into_iter()
                        .enumerate()
                        .map(|(i, l)| {
                            let lead = if i == 0 {
                                format!("{mark} ")
                            } else {
                                "    ".into()
                            };
                            Line::from(Span::styled(format!("{lead}{l}"), style))
                        })
                        .collect()
                })
                .collect();
            let start = widgets::first_shown(&blocks, run.cursor, rows);
            let mut lines = head;
            lines.extend(blocks.into_iter().skip(start).flatten());
            frame.render_widget(Paragraph::new(lines), body);
        }
        (ExerciseKind::Form { fields }, Answer::Fields(areas)) => {
            let [top, _, rest] = split(body, head.len() as u16);
            frame.render_widget(Paragraph::new(head), top);
            // The chosen field gets the room, its label and hint wrapped whole above its text;
            // each other field is one line: its label, then the start of what is in it.
            let focused_label: Vec<Line> = fields
                .get(run.cursor)
                .map(|f| {
                    let text = match &f.hint {
                        Some(h) => format!("{} · {h}", f.label),
                        None => f.label.clone(),
                    };
                    widgets::wrapped(&text, w, t.selected)
                })
                .unwrap_or_default();
            let constraints: Vec<Constraint> = (0..fields.len())
                .flat_map(|i| {
                    if i == run.cursor {
                        vec![
                            Constraint::Length(focused_label.len() as u16),
                            Constraint::Min(2),
                        ]
                    } else {
                        vec![Constraint::Length(1)]
                    }
                })
                .collect();
            let rects = Layout::vertical(constraints).split(rest);
            let mut at = 0;
            for (i, (f, area)) in fields.iter().zip(areas).enumerate() {
                if i == run.cursor {
                    frame.render_widget(Paragraph::new(focused_label.clone()), rects[at]);
                    frame.render_widget(area, rects[at + 1]);
                    at += 2;
                    continue;
                }
                let label = escape_control(&f.label);
                let first = area.lines().join(" ");
                let room = w.saturating_sub(crate::text::display_width(&label) + 2);
                // "(empty)" where it fits beside a long label; what was written, shortened.
                let shown = match first.trim().is_empty() {
                    true if room >= "(empty)".len() => "(empty)".to_string(),
                    true => String::new(),
                    false => crate::text::truncate_width(&escape_control(&first), room),
                };
                let line = Line::from(vec![
                    Span::styled(label, t.heading),
                    Span::styled(format!("  {shown}"), t.dim),
                ]);
                frame.render_widget(Paragraph::new(line), rects[at]);
                at += 1;
            }
        }
        _ => {}
    }
}

fn split(area: Rect, head: u16) -> [Rect; 3] {
    Layout::vertical([
        Constraint::Length(head),
        Constraint::Length(0),
        Constraint::Min(1),
    ])
    .areas(area)
}

/// Who can read a saved result, said plainly: the guides' "for you" is true as far as this says.
/// Agreements, promises and the timed talk are shared by nature and say so themselves.
fn who_can_read(app: &App, e: &crate::content::Exercise) -> Option<&'static str> {
    use crate::content::ExerciseKind as K;
    if !matches!(
        e.kind,
        K::Reflection { .. } | K::Checklist { .. } | K::Scale { .. } | K::Form { .. }
    ) {
        return None;
    }
    Some(if crate::ui::unlock::keyed(app) {
        "Private: sealed with your passphrase, so only you can read what you save here."
    } else {
        "Saved on this laptop, where anyone who opens trustwork's data folder could read it; a \
         passphrase (Settings) seals what you write."
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn blocks(heights: &[usize]) -> Vec<Vec<Line<'static>>> {
        heights.iter().map(|&h| vec![Line::default(); h]).collect()
    }

    #[test]
    fn the_chosen_item_is_always_whole_on_screen() {
        let b = blocks(&[2, 2, 1, 2, 2, 2, 2, 2]);
        assert_eq!(widgets::first_shown(&b, 0, 5), 0);
        // Cursor on the last: items 5..=7 take 6 lines, so 6..=7 (4 lines) are shown.
        assert_eq!(widgets::first_shown(&b, 7, 5), 6);
        // The one after the cursor is shown too when both fit.
        assert_eq!(widgets::first_shown(&b, 3, 4), 3);
        assert_eq!(widgets::first_shown(&b, 3, 5), 2);
        assert_eq!(widgets::first_shown(&b, 3, 7), 1);
        // A screen smaller than the item: the item starts at the top.
        assert_eq!(widgets::first_shown(&b, 4, 1), 4);
        for rows in 1..12 {
            for c in 0..b.len() {
                let s = widgets::first_shown(&b, c, rows);
                assert!(s <= c);
                let h: usize = b[s..=c].iter().map(Vec::len).sum();
                assert!(h <= rows.max(b[c].len()), "rows {rows} cursor {c}");
            }
        }
    }
}
