//! The guides' list, grouped by stage, with each guide's progress; from `widgets::WIDE_FROM`
//! columns the highlighted guide's start is read beside it.

use super::reader::preview_lines;
use super::{answered, open, scroll_to, status_word};
use crate::content::Guide;
use crate::text::escape_control;
use crate::ui::keys::Keys;
use crate::ui::keys::{Action, Table, b};
use crate::ui::view::View;
use crate::ui::{App, Reply, widgets};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

#[derive(Debug, Clone, Default)]
pub struct GuideList {
    /// Index into `pack.guides`.
    pub cursor: usize,
}

fn on_key(list: &mut GuideList, app: &mut App, key: &KeyEvent) -> Reply {
    use crate::ui::keys::{self, Action};
    let action = keys::action(KEYS.bindings, key);
    let n = app.pack.guides.len();
    match action {
        Some(Action::Move) => {
            list.cursor = match key.code {
                KeyCode::Down | KeyCode::Char('j') => (list.cursor + 1).min(n.saturating_sub(1)),
                KeyCode::Up | KeyCode::Char('k') => list.cursor.saturating_sub(1),
                KeyCode::Home => 0,
                _ => n.saturating_sub(1),
            }
        }
        Some(Action::Open) => {
            if let Some(g) = app.pack.guides.get(list.cursor) {
                let id = g.id.clone();
                return open(app, &id);
            }
        }
        _ if key.code == KeyCode::Esc => return Reply::home(),
        _ => {}
    }
    Reply::stay()
}

/// The list's lines: `None` for a stage heading or a gap, `Some(i)` for guide `i`. Drawing and
/// clicking both use it, so a click lands on the guide that is drawn there.
fn list_rows(app: &App) -> Vec<Option<usize>> {
    let mut rows = Vec::new();
    for stage in &app.pack.stages {
        let ids: Vec<usize> = (0..app.pack.guides.len())
            .filter(|&i| app.pack.guides[i].stage == stage.id)
            .collect();
        if ids.is_empty() {
            continue;
        }
        if !rows.is_empty() {
            rows.push(None);
        }
        rows.push(None);
        rows.extend(ids.into_iter().map(Some));
    }
    rows
}

/// The guide drawn at `line` of the list's body, as it is scrolled now.
fn guide_at_line(list: &GuideList, app: &App, line: usize) -> Option<usize> {
    let rows = list_rows(app);
    let cursor_line = rows
        .iter()
        .position(|r| *r == Some(list.cursor))
        .unwrap_or(0);
    let body = Rect::new(0, 0, app.size.0, app.size.1.saturating_sub(4));
    let scroll = scroll_to(cursor_line, body) as usize;
    rows.get(line + scroll).copied().flatten()
}

fn render(frame: &mut Frame, app: &App, list: &GuideList) {
    if frame.area().width >= widgets::WIDE_FROM {
        // Wide: the list on the left, the highlighted guide's start on the right as it moves.
        let panes = widgets::page_wide(frame, app, "Guides");
        render_list(frame, app, list, panes.list);
        if let Some(g) = app.pack.guides.get(list.cursor) {
            render_preview(frame, app, g, panes.reading());
        }
    } else {
        let body = widgets::page(frame, app, "Guides");
        render_list(frame, app, list, body);
    }
}

/// The start of a guide, as its reader opens on it: title, stage, minutes, summary, and on
/// into its first section as far as there is room.
fn render_preview(frame: &mut Frame, app: &App, g: &Guide, area: Rect) {
    let width = area.width as usize;
    let mut lines: Vec<Line> = crate::text::wrap(&escape_control(&g.title), width)
        .into_iter()
        .map(|l| Line::from(Span::styled(l, app.theme.heading)))
        .collect();
    lines.extend(preview_lines(app, g, width));
    frame.render_widget(Paragraph::new(lines), area);
}

fn render_list(frame: &mut Frame, app: &App, list: &GuideList, body: Rect) {
    let t = &app.theme;
    let mut lines: Vec<Line> = Vec::new();
    let mut cursor_line = 0;
    for stage in &app.pack.stages {
        let guides: Vec<(usize, &Guide)> = app
            .pack
            .guides
            .iter()
            .enumerate()
            .filter(|(_, g)| g.stage == stage.id)
            .collect();
        if guides.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(Line::default());
        }
        lines.push(Line::from(Span::styled(stage.name.clone(), t.heading)));
        for (i, g) in guides {
            if i == list.cursor {
                cursor_line = lines.len();
            }
            let (done, total) = answered(app, g);
            // A guide that stores nothing has nothing to count.
            let mut right = if g.ephemeral {
                "stores nothing".to_string()
            } else {
                format!("{done}/{total} answered")
            };
            let word = status_word(app, g);
            if !word.is_empty() {
                right = format!("{word} · {right}");
            }
            let title = crate::text::truncate_width(
                &escape_control(&g.title),
                (body.width as usize).saturating_sub(right.len() + 6),
            );
            let pad = (body.width as usize)
                .saturating_sub(crate::text::display_width(&title) + right.len() + 4);
            let style = if i == list.cursor { t.selected } else { t.text };
            let mark = if i == list.cursor { "> " } else { "  " };
            lines.push(Line::from(vec![
                Span::styled(format!("{mark}{title}"), style),
                Span::raw(" ".repeat(pad.max(1))),
                Span::styled(right, t.dim),
            ]));
        }
    }
    let scroll = scroll_to(cursor_line, body);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), body);
}

/// The keys of this screen: what its handler matches, and its footer and help.
pub static KEYS: Table = Table {
    title: "Guides",
    bindings: &[
        b("Up, Down, k, j", "choose a guide", "choose", Action::Move),
        b("Enter", "read it", "read", Action::Open),
        b("Home, End", "first, last", "", Action::Move),
    ],
};

impl View for GuideList {
    fn keys(&self) -> Keys {
        &KEYS
    }
    fn on_key(&mut self, app: &mut App, key: &KeyEvent) -> Reply {
        on_key(self, app, key)
    }
    fn click(&mut self, app: &App, line: usize) {
        if let Some(i) = guide_at_line(self, app, line) {
            self.cursor = i;
        }
    }
    fn render(&self, frame: &mut Frame, app: &App) {
        render(frame, app, self)
    }
}
