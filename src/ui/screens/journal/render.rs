//! Drawing the journal: the list (with the search line), one entry, and the trash. From
//! `widgets::WIDE_FROM` columns the list and the selected entry stand side by side.

use super::{App, Journal, Mode, trash_sorted, widgets};
use crate::model::Entry;
use crate::text::{escape_control, escape_line, truncate_width, wrap};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

fn entry_line(app: &App, e: &Entry, width: usize) -> String {
    let author = app.partner_name(&e.author);
    let head = widgets::entry_headline(e, 10);
    let tags: String = e.tags.iter().map(|t| format!(" #{t}")).collect();
    let text = escape_line(&format!(
        "{}  {author}  {head}{tags}",
        e.created.format("%Y-%m-%d %H:%M")
    ));
    truncate_width(&text, width)
}

pub fn render(frame: &mut Frame, app: &App, j: &Journal) {
    match &j.mode {
        Mode::Read(id, scroll) => {
            let body = widgets::page(frame, app, "Journal entry");
            if let Some(e) = j.entry(id) {
                render_entry(frame, app, j, e, body, *scroll);
            }
            return;
        }
        Mode::Trash | Mode::ConfirmEmpty => return render_trash(frame, app, j),
        _ => {}
    }
    if frame.area().width >= widgets::WIDE_FROM {
        // Wide: the list on the left, the selected entry read on the right as it moves.
        let panes = widgets::page_wide(frame, app, "Journal");
        render_list(frame, app, j, panes.list);
        if let Some(e) = j.selected() {
            render_entry(frame, app, j, e, panes.reading(), 0);
        }
    } else {
        let body = widgets::page(frame, app, "Journal");
        render_list(frame, app, j, body);
    }
}

/// The lines above the list: a damaged month, the search line, the count, a gap. Drawing and
/// clicking both use it, so a click lands on the entry that is drawn there. The count and the
/// search hint are fitted to the width, never cut.
pub(super) fn list_head(app: &App, j: &Journal, w: usize) -> Vec<Line<'static>> {
    let t = &app.theme;
    let mut lines: Vec<Line> = Vec::new();
    // A damaged month is missing from the list: say so, rather than let it look empty.
    for d in app
        .data
        .damaged
        .iter()
        .filter(|d| d.rel.starts_with("entries"))
    {
        let text = format!(
            "{} could not be read and are not listed; home (r) restores the last good copy.",
            d.what()
        );
        for l in wrap(&text, w) {
            lines.push(Line::from(Span::styled(l, t.alert)));
        }
    }
    let searching = j.mode == Mode::Search;
    let query_style = if searching { t.selected } else { t.text };
    lines.push(Line::from(vec![
        Span::styled("Search ", t.dim),
        Span::styled(
            format!(
                "{}{}",
                truncate_width(&escape_line(&j.query), w.saturating_sub(10)),
                if searching { "_" } else { "" }
            ),
            query_style,
        ),
    ]));
    let count = if j.loading {
        "Reading the journal…".to_string()
    } else if j.query.trim().is_empty() {
        format!(
            "{}, newest first.",
            crate::text::plural(j.hits.len(), "entry", "entries")
        )
    } else {
        format!(
            "{} of {} match",
            j.hits.len(),
            crate::text::plural(j.index.entries.len(), "entry", "entries")
        )
    };
    let mut parts = vec![widgets::Part::keep(&count)];
    if !j.loading && j.query.trim().is_empty() {
        // What a search can hold, as much as fits; help (Ctrl-G) has all of it.
        parts.push(widgets::Part::or(
            "/ searches: words, #tag, guide:ID, @name, since:YYYY-MM-DD",
            "/ searches words, #tags and more",
        ));
    }
    lines.extend(widgets::hint(&parts, " ", w, "", t.dim));
    lines.push(Line::default());
    lines
}

/// The first entry on screen when `rows` entries fit: the cursor stays on the last row.
pub(super) fn first_row(cursor: usize, rows: usize) -> usize {
    if cursor >= rows { cursor + 1 - rows } else { 0 }
}

/// The list with its search line and count, in `area`.
fn render_list(frame: &mut Frame, app: &App, j: &Journal, area: Rect) {
    let t = &app.theme;
    let w = area.width as usize;
    let searching = j.mode == Mode::Search;
    let mut lines = list_head(app, j, w);
    let rows = (area.height as usize).saturating_sub(lines.len());
    if !j.loading && j.hits.is_empty() {
        lines.push(Line::from(Span::styled(
            if j.index.entries.is_empty() {
                "Nothing written yet. w on the home screen starts an entry."
            } else {
                "Nothing matches."
            },
            t.dim,
        )));
    }
    // Only the rows on screen are drawn, so ten years of entries cost the same as ten.
    let start = first_row(j.cursor, rows);
    for (n, &i) in j.hits.iter().enumerate().skip(start).take(rows) {
        let e = &j.index.entries[i];
        let selected = n == j.cursor && !searching;
        let style = if selected { t.selected } else { t.text };
        let star = if e.starred { "★ " } else { "" };
        let text = entry_line(app, e, w.saturating_sub(if e.starred { 4 } else { 2 }));
        lines.push(Line::from(Span::styled(
            format!("{}{star}{text}", if selected { "> " } else { "  " }),
            style,
        )));
    }
    frame.render_widget(Paragraph::new(lines), area);
}

/// One entry read in `area`, scrolled: the full reader, and the pane beside a wide list. Every
/// rule of what may be shown lives here, once: a private entry shows only that it is one.
fn render_entry(frame: &mut Frame, app: &App, j: &Journal, e: &Entry, area: Rect, scroll: u16) {
    let t = &app.theme;
    let w = area.width as usize;
    let id = e.id.as_str();
    let mut lines: Vec<Line> = Vec::new();
    if e.sealed.is_some() {
        for l in wrap(
            "A private entry: encrypted with its author's passphrase, and readable only by them (once they unlock; they may include it in an export of theirs, x on the journal list).",
            w,
        ) {
            lines.push(Line::from(Span::styled(l, t.dim)));
        }
        frame.render_widget(Paragraph::new(lines), area);
        return;
    }
    if let Some(title) = e.title.as_deref().filter(|x| !x.trim().is_empty()) {
        for l in wrap(&escape_line(title), w) {
            lines.push(Line::from(Span::styled(l, t.heading)));
        }
    }
    let author = app.partner_name(&e.author);
    lines.push(Line::from(Span::styled(
        escape_line(&format!(
            "{author} · {}",
            e.created.format("%A %-d %B %Y, %H:%M")
        )),
        t.dim,
    )));
    if !e.tags.is_empty() {
        let tags: Vec<String> = e.tags.iter().map(|x| format!("#{x}")).collect();
        lines.push(Line::from(Span::styled(
            escape_line(&tags.join(" ")),
            t.dim,
        )));
    }
    if e.for_counsellor {
        lines.push(Line::from(Span::styled(
            "Shared with your counsellor",
            t.accent,
        )));
    }
    if let Some(p) = e.link.as_ref().and_then(|l| l.prompt_text.as_deref()) {
        lines.push(Line::default());
        for l in wrap(&escape_control(p), w) {
            lines.push(Line::from(Span::styled(l, t.accent)));
        }
    }
    if let Some(to) = e.responds_to.as_deref().and_then(|id| j.entry(id)) {
        lines.push(Line::from(Span::styled(
            format!(
                "In response to {}'s entry of {}",
                app.partner_name(&to.author),
                to.created.format("%-d %b %Y")
            ),
            t.dim,
        )));
    }
    lines.push(Line::default());
    for l in wrap(&escape_control(&e.body.replace("\r\n", "\n")), w) {
        lines.push(Line::from(Span::styled(l, t.text)));
    }
    // Responses stand beneath the entry they answer, oldest first.
    let mut responses: Vec<&Entry> = j
        .index
        .entries
        .iter()
        .filter(|r| r.responds_to.as_deref() == Some(id))
        .collect();
    responses.sort_by_key(|r| r.created);
    for r in responses {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled(
            format!(
                "{} responded, {}",
                app.partner_name(&r.author),
                r.created.format("%-d %b")
            ),
            t.accent,
        )));
        let text = if r.sealed.is_some() {
            "(a private response)".to_string()
        } else {
            escape_control(&r.body.replace("\r\n", "\n"))
        };
        for l in wrap(&text, w.saturating_sub(2)) {
            lines.push(Line::from(Span::styled(format!("  {l}"), t.text)));
        }
    }
    let mine = app.active_partner().is_some_and(|p| p.id == e.author);
    if !mine {
        lines.push(Line::default());
        for l in wrap(
            &format!(
                "This is {}'s entry: r writes a response of yours beneath it.",
                app.partner_name(&e.author)
            ),
            w,
        ) {
            lines.push(Line::from(Span::styled(l, t.dim)));
        }
    }
    let max = (lines.len() as u16).saturating_sub(area.height);
    frame.render_widget(Paragraph::new(lines).scroll((scroll.min(max), 0)), area);
}

fn render_trash(frame: &mut Frame, app: &App, j: &Journal) {
    let body = widgets::page(frame, app, "Trash");
    let t = &app.theme;
    let w = body.width as usize;
    let mut lines: Vec<Line> = Vec::new();
    let head = if j.mode == Mode::ConfirmEmpty {
        (
            format!(
                "Empty your trash? {} can never be restored. y: empty it · any other key: keep them",
                crate::text::plural(j.trash.len(), "entry", "entries")
            ),
            t.alert,
        )
    } else {
        (
            "Your trash: your own deleted entries, which you can restore until you empty it. Your partner's trash is theirs.".to_string(),
            t.dim,
        )
    };
    for l in wrap(&head.0, w) {
        lines.push(Line::from(Span::styled(l, head.1)));
    }
    lines.push(Line::default());
    let items = trash_sorted(j);
    if items.is_empty() {
        lines.push(Line::from(Span::styled("The trash is empty.", t.dim)));
    }
    let rows = (body.height as usize).saturating_sub(2);
    let start = first_row(j.cursor, rows);
    for (n, item) in items.iter().enumerate().skip(start).take(rows) {
        let style = if n == j.cursor { t.selected } else { t.text };
        let text = entry_line(app, &item.entry, w.saturating_sub(2));
        lines.push(Line::from(Span::styled(
            format!("{}{text}", if n == j.cursor { "> " } else { "  " }),
            style,
        )));
    }
    frame.render_widget(Paragraph::new(lines), body);
}
