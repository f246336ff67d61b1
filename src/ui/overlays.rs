//! What sits over any screen: help, safety & resources, quick-hide, and the "please enlarge
//! the terminal" page.

use super::keys::{self, Binding};
use super::{App, widgets};
use crate::content::ResourceKind;
use crate::model::HideShows;
use crate::text::wrap;
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Scrolls the help or safety overlay.
pub fn scroll(app: &mut App, key: &KeyEvent) {
    let page = app.size.1.saturating_sub(6).max(1);
    app.overlay_scroll = match key.code {
        KeyCode::Down | KeyCode::Char('j') => app.overlay_scroll.saturating_add(1),
        KeyCode::Up | KeyCode::Char('k') => app.overlay_scroll.saturating_sub(1),
        KeyCode::PageDown | KeyCode::Char(' ') => app.overlay_scroll.saturating_add(page),
        KeyCode::PageUp => app.overlay_scroll.saturating_sub(page),
        KeyCode::Home => 0,
        KeyCode::End => u16::MAX,
        _ => app.overlay_scroll,
    };
}

/// Draws lines in `area`, scrolled, keeping the scroll within the text.
fn scrolled(frame: &mut Frame, area: Rect, lines: Vec<Line<'static>>, scroll: u16) {
    let max = (lines.len() as u16).saturating_sub(area.height);
    frame.render_widget(Paragraph::new(lines).scroll((scroll.min(max), 0)), area);
}

pub fn safety_lines(app: &App, width: usize) -> Vec<Line<'static>> {
    let t = &app.theme;
    let r = &app.pack.resources;
    let mut lines = Vec::new();
    let para = |lines: &mut Vec<Line<'static>>, text: &str, style, indent: usize| {
        for l in wrap(text, width.saturating_sub(indent)) {
            lines.push(Line::from(Span::styled(
                format!("{}{l}", " ".repeat(indent)),
                style,
            )));
        }
    };
    // Numbers first: at any size, the first thing on this screen is whom to call now.
    para(&mut lines, &r.in_danger, t.alert, 0);
    lines.push(Line::default());
    if let Some(note) = &app.safety_note {
        para(&mut lines, note, t.alert, 0);
        lines.push(Line::default());
    }
    para(&mut lines, &r.intro, t.text, 0);
    // Services before the signs and the device notes. No couples therapists here: this is
    // the screen that advises against couples work (they are in `professional-help`).
    for kind in [
        ResourceKind::Emergency,
        ResourceKind::Abuse,
        ResourceKind::Crisis,
        ResourceKind::OwnBehaviour,
        ResourceKind::Directory,
    ] {
        let items: Vec<_> = r.resources.iter().filter(|x| x.kind == kind).collect();
        if items.is_empty() {
            continue;
        }
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(kind.heading(), t.heading)));
        for x in items {
            para(
                &mut lines,
                &format!("{} · {}", x.country, x.name),
                t.accent,
                0,
            );
            let mut detail = x.how.clone();
            if let Some(h) = &x.hours {
                detail.push_str(&format!(" · {h}"));
            }
            para(&mut lines, &detail, t.text, 2);
            if let Some(n) = &x.note {
                para(&mut lines, n, t.dim, 2);
            }
        }
    }
    lines.push(Line::default());
    para(&mut lines, &r.more_help, t.text, 0);
    lines.push(Line::default());
    lines.push(Line::from(Span::styled("Warning signs", t.alert)));
    for s in &r.warning_signs {
        bullet(&mut lines, &s.text, t.text, width);
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        "Keeping your devices safe",
        t.heading,
    )));
    for s in &r.device_safety {
        bullet(&mut lines, &s.text, t.text, width);
    }
    lines.push(Line::default());
    para(&mut lines, &r.not_therapy, t.dim, 0);
    if let Some(d) = r
        .resources
        .iter()
        .filter_map(|x| x.last_checked)
        .map(|d| d.to_string())
        .max()
    {
        para(
            &mut lines,
            &format!(
                "Details last checked {d}. Numbers can change: if one does not work, findahelpline.com lists current ones."
            ),
            t.dim,
            0,
        );
    }
    lines
}

/// The safety check's "not yet": why working together waits, and the guides for now,
/// numbered for the keys that open them. The way to the safety screen stays in the footer.
pub fn render_not_yet(frame: &mut Frame, app: &App) {
    let body = widgets::page(frame, app, "Not yet: help for you first");
    let t = &app.theme;
    let w = body.width as usize;
    let r = &app.pack.resources;
    let mut lines: Vec<Line<'static>> = Vec::new();
    for (i, para) in r.not_yet.split("\n\n").enumerate() {
        if i > 0 {
            lines.push(Line::default());
        }
        for l in wrap(para.trim(), w) {
            lines.push(Line::from(Span::styled(l, t.text)));
        }
    }
    lines.push(Line::default());
    for (i, id) in r.not_yet_guides.iter().enumerate() {
        let Some(g) = app.pack.guide(id) else {
            continue;
        };
        let text = format!("{}  {}: {}", i + 1, g.title, g.summary);
        for (j, l) in wrap(&text, w.saturating_sub(3)).into_iter().enumerate() {
            let style = if j == 0 { t.accent } else { t.dim };
            let lead = if j == 0 { "" } else { "   " };
            lines.push(Line::from(Span::styled(format!("{lead}{l}"), style)));
        }
    }
    lines.push(Line::default());
    for l in wrap(&r.more_help, w) {
        lines.push(Line::from(Span::styled(l, t.dim)));
    }
    scrolled(frame, body, lines, app.overlay_scroll);
}

/// A list item: "- " and a hanging indent for its wrapped lines.
fn bullet(lines: &mut Vec<Line<'static>>, text: &str, style: ratatui::style::Style, width: usize) {
    for (i, l) in wrap(text, width.saturating_sub(2)).into_iter().enumerate() {
        let lead = if i == 0 { "- " } else { "  " };
        lines.push(Line::from(Span::styled(format!("{lead}{l}"), style)));
    }
}

pub fn render_safety(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width < super::MIN_WIDTH || area.height < super::MIN_HEIGHT {
        // At any size, show as much of the safety screen as fits, with no chrome.
        let lines = safety_lines(app, area.width as usize);
        scrolled(frame, area, lines, app.overlay_scroll);
        return;
    }
    let body = widgets::page(frame, app, "Safety & resources");
    let lines = safety_lines(app, body.width as usize);
    scrolled(frame, body, lines, app.overlay_scroll);
}

fn key_lines(app: &App, title: &str, bindings: &[Binding], width: usize) -> Vec<Line<'static>> {
    let t = &app.theme;
    let mut lines = vec![Line::from(Span::styled(title.to_string(), t.heading))];
    let key_w = bindings
        .iter()
        .map(|b| b.keys.len())
        .max()
        .unwrap_or(0)
        .min(22);
    for b in bindings {
        let desc = wrap(b.does, width.saturating_sub(key_w + 4).max(10));
        for (i, d) in desc.into_iter().enumerate() {
            let k = if i == 0 { b.keys } else { "" };
            lines.push(Line::from(vec![
                Span::styled(format!("  {k:<key_w$}  "), t.key),
                Span::styled(d, t.text),
            ]));
        }
    }
    lines.push(Line::default());
    lines
}

pub fn render_help(frame: &mut Frame, app: &App) {
    let body = widgets::page(frame, app, "Help");
    let w = body.width as usize;
    let screen = app.screen_keys();
    let mut lines = key_lines(
        app,
        &format!("Keys here ({})", screen.title()),
        screen.bindings(),
        w,
    );
    lines.extend(key_lines(app, "Keys everywhere", keys::GLOBAL, w));
    scrolled(frame, body, lines, app.overlay_scroll);
}

/// Quick-hide's document: ordinary notes that say nothing of the workbook.
pub const HIDE_DOCUMENT: &str = "\
notes.txt

Shopping
- milk, eggs, butter
- bread (wholemeal)
- tinned tomatoes x2, rice
- washing-up liquid
- AA batteries
- birthday card for Jo

This week
- return library books (due Fri)
- ring the dentist to move the appointment
- bins out Tuesday night, recycling week
- pay the window cleaner
- book the car in for its service

Meeting, Thursday 10:00
- budget figures due end of month
- Priya sends the updated rota
- printer on floor 2 still broken: log a ticket
- next meeting same time, room 3
";

/// Quick-hide: blank, or a plain document, in the terminal's own colours with no frame.
pub fn render_hidden(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let text = match app.data.settings.hide_shows {
        HideShows::Blank => "",
        HideShows::Document => HIDE_DOCUMENT,
    };
    frame.render_widget(Paragraph::new(text), area);
}

pub fn render_too_small(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let t = &app.theme;
    let text = format!(
        "Please enlarge the terminal: trustwork needs {}x{}, this is {}x{}. Ctrl-O: safety. Ctrl-Q: hide. Ctrl-C: quit.",
        super::MIN_WIDTH,
        super::MIN_HEIGHT,
        area.width,
        area.height
    );
    let lines: Vec<Line> = wrap(&text, area.width as usize)
        .into_iter()
        .map(|l| Line::from(Span::styled(l, t.text)))
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}
