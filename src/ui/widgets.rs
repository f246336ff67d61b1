//! Shared pieces of every page: a centred column of readable width, the header with the active
//! partner, and the footer that names the keys that matter now.

use super::App;
use super::keys::{self, Binding};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// Text is at most this wide, even on a wide screen, and centred.
pub const MAX_TEXT_WIDTH: u16 = 80;

/// The readable column inside `area`: margins of two columns, at most 80 wide, centred.
pub fn column(area: Rect) -> Rect {
    let inner = area.width.saturating_sub(4);
    let width = inner.min(MAX_TEXT_WIDTH);
    let x = area.x + (area.width.saturating_sub(width)) / 2;
    Rect {
        x,
        y: area.y,
        width,
        height: area.height,
    }
}

/// Draws the header and footer of a page and returns the body's area.
pub fn page(frame: &mut Frame, app: &App, title: &str) -> Rect {
    frame_in(frame, app, title, column(frame.area()))
}

/// From this many columns the journal and the guides show their list and reader side by side.
pub const WIDE_FROM: u16 = 120;

/// The body of a wide page: the list on the left, the reader on the right (its text in
/// `reading()`), and the divider drawn between them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Panes {
    pub list: Rect,
    pub reader: Rect,
}

impl Panes {
    /// Where the reader's text goes: beside the divider, after a gap of two columns, at most
    /// `MAX_TEXT_WIDTH` wide.
    pub fn reading(&self) -> Rect {
        let gap = 2.min(self.reader.width);
        Rect {
            x: self.reader.x + gap,
            width: (self.reader.width - gap).min(MAX_TEXT_WIDTH),
            ..self.reader
        }
    }
}

/// The whole width of `area` but for margins of two columns: a wide page uses its width.
pub fn full_width(area: Rect) -> Rect {
    let width = area.width.saturating_sub(4);
    Rect {
        x: area.x + (area.width - width) / 2,
        width,
        ..area
    }
}

/// How a wide body is split: the list takes about 43% (at least 44 columns, so its lines keep
/// their dates and names), a space and the divider follow, the reader has the rest.
pub fn panes(body: Rect) -> Panes {
    let share = (u32::from(body.width) * 43 / 100) as u16;
    let list_width = share.max(44).min(body.width);
    let divider_x = body.x.saturating_add(list_width).saturating_add(1);
    let right = body.right();
    Panes {
        list: Rect {
            width: list_width,
            ..body
        },
        reader: Rect {
            x: divider_x.saturating_add(1).min(right),
            width: right.saturating_sub(divider_x.saturating_add(1)),
            ..body
        },
    }
}

/// A wide page (for terminals of `WIDE_FROM` columns or more): the same header, status and
/// footer as `page`, across the whole width, and the body split into two panes with a thin
/// divider between them.
pub fn page_wide(frame: &mut Frame, app: &App, title: &str) -> Panes {
    let body = frame_in(frame, app, title, full_width(frame.area()));
    let panes = panes(body);
    let divider = Rect {
        x: panes.reader.x.saturating_sub(1),
        width: 1,
        ..body
    };
    if panes.reader.width > 0 {
        let bar: Vec<Line> = (0..divider.height)
            .map(|_| Line::from(Span::styled("│", app.theme.dim)))
            .collect();
        frame.render_widget(Paragraph::new(bar), divider);
    }
    panes
}

/// The header, status line and footer of a page in `area`; returns the body's area between.
fn frame_in(frame: &mut Frame, app: &App, title: &str, area: Rect) -> Rect {
    // The status line wraps rather than losing its end (up to a third of the page).
    let status_lines: Vec<String> = app
        .status
        .as_deref()
        .map(|s| crate::text::wrap(&crate::text::escape_line(s), area.width as usize))
        .unwrap_or_default();
    let status_height = (status_lines.len() as u16).clamp(1, (area.height / 3).max(1));
    let [header, _, body, status, footer] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(status_height),
        Constraint::Length(1),
    ])
    .areas(area);
    let t = &app.theme;
    let title = crate::text::escape_line(title);
    let left_w = "trustwork  ".len() + crate::text::display_width(&title);
    let left = vec![
        Span::styled("trustwork", t.accent),
        Span::raw("  "),
        Span::styled(title, t.heading),
    ];
    frame.render_widget(Paragraph::new(Line::from(left)), header);
    // Who is writing, as fully as fits beside the title: "Alex · the partner who was hurt",
    // else "Alex", else the name's start; never over the title.
    if let Some(p) = app.active_partner() {
        let name = crate::text::escape_line(&p.name);
        let room = (header.width as usize).saturating_sub(left_w + 2);
        let full = format!("{name} · {}", p.role.describe());
        // A long name may be shortened (it is the data's), down to a few letters.
        let short = crate::text::truncate_width(&name, room);
        let right = [full, name, short]
            .into_iter()
            .find(|r| crate::text::display_width(r) <= room && room >= 4);
        if let Some(right) = right {
            frame.render_widget(
                Paragraph::new(Line::from(Span::styled(right, t.dim))).right_aligned(),
                header,
            );
        }
    }
    let status_text: Vec<Line> = status_lines
        .into_iter()
        .map(|l| Line::from(Span::styled(l, t.alert)))
        .collect();
    frame.render_widget(Paragraph::new(status_text), status);
    frame.render_widget(
        Paragraph::new(footer_line(app, footer.width as usize)),
        footer,
    );
    if app.folder_gone {
        return folder_gone_notice(frame, app, body);
    }
    body
}

/// On every page while the data folder is gone: what happened, that nothing on screen is lost,
/// and what the next save does. Returns the body below it.
fn folder_gone_notice(frame: &mut Frame, app: &App, body: Rect) -> Rect {
    let text = crate::text::escape_line(&format!(
        "The data folder {} has gone or been emptied (deleted, or its disk unplugged). \
         Everything on screen is kept. The next save makes it again with what this workbook holds; quitting \
         without saving leaves it gone.",
        app.data_dir.display()
    ));
    let lines: Vec<Line> = crate::text::wrap(&text, body.width as usize)
        .into_iter()
        .map(|l| Line::from(Span::styled(l, app.theme.alert)))
        .collect();
    // Leave the page at least one line of its own.
    let n = (lines.len() as u16 + 1).min(body.height.saturating_sub(1));
    let [notice, rest] = Layout::vertical([Constraint::Length(n), Constraint::Min(0)]).areas(body);
    frame.render_widget(Paragraph::new(lines), notice);
    rest
}

/// How the footer names a binding's keys: the first key, or both keys of a pair of arrows
/// ("↑↓", "←→"). "Up, Down, PgUp, PgDn" is "↑↓", "0-9, Left, Right" is "0-9 ←→", "n, Enter" is
/// "n".
pub fn footer_keys(keys: &str) -> String {
    let tokens: Vec<&str> = keys.split(", ").collect();
    let has = |k: &str| tokens.contains(&k);
    let mut arrows = String::new();
    if has("Up") && has("Down") {
        arrows.push_str("↑↓");
    }
    if has("Left") && has("Right") {
        arrows.push_str("←→");
    }
    let first = tokens.first().copied().unwrap_or(keys);
    if arrows.is_empty() {
        first.to_string()
    } else if matches!(first, "Up" | "Down" | "Left" | "Right") {
        arrows
    } else {
        format!("{first} {arrows}")
    }
}

/// The footer: the current screen's keys, then the global ones. Safety, help and quick-hide
/// are always there; the screen's keys, then back, are added while they fit.
pub fn footer_line(app: &App, width: usize) -> Line<'static> {
    let t = &app.theme;
    let screen: Vec<&Binding> = app
        .keys()
        .bindings()
        .iter()
        .filter(|b| !b.footer.is_empty())
        .collect();
    let global: Vec<&Binding> = keys::GLOBAL
        .iter()
        .filter(|b| !b.footer.is_empty())
        .collect();
    let is_essential = |b: &Binding| matches!(b.footer, "safety" | "help" | "hide");
    let item_width = |b: &Binding| {
        crate::text::display_width(&footer_keys(b.keys)) + 1 + b.footer.chars().count() + 2
    };
    let mut used: usize = global
        .iter()
        .filter(|b| is_essential(b))
        .map(|b| item_width(b))
        .sum();
    let mut keep = std::collections::HashSet::new();
    for b in screen
        .iter()
        .chain(global.iter().filter(|b| !is_essential(b)))
    {
        if used + item_width(b) <= width {
            used += item_width(b);
            keep.insert(b.keys);
        }
    }
    let shown: Vec<&Binding> = screen
        .into_iter()
        .chain(global)
        .filter(|b| is_essential(b) || keep.contains(b.keys))
        .collect();
    let mut spans = Vec::new();
    for (i, b) in shown.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled("  ", t.dim));
        }
        spans.push(Span::styled(footer_keys(b.keys), t.key));
        spans.push(Span::styled(format!(" {}", b.footer), t.dim));
    }
    Line::from(spans)
}

/// A sentence (or paragraphs) of the app's own, wrapped at `width` with every line in `style`:
/// the one way a screen writes text that must never be cut. Control characters are shown
/// escaped; newlines start a new line.
pub fn wrapped(text: &str, width: usize, style: Style) -> Vec<Line<'static>> {
    indented(text, width, "", style)
}

/// [`wrapped`] with `indent` before every line: a paragraph under a heading.
pub fn indented(text: &str, width: usize, indent: &str, style: Style) -> Vec<Line<'static>> {
    let inner = width
        .saturating_sub(crate::text::display_width(indent))
        .max(1);
    crate::text::wrap(&crate::text::escape_control_cow(text), inner)
        .into_iter()
        .map(|l| Line::from(Span::styled(format!("{indent}{l}"), style)))
        .collect()
}

/// Styled pieces of one sentence (a title, then its details in another colour) flowed over as
/// many lines as `width` needs, broken at spaces only, every line after the first starting
/// with `indent`. Where a piece ends and the next begins with no space, they stay together, and
/// so do words joined by a no-break space (U+00A0), which is drawn as a plain one.
pub fn flow(pieces: &[(&str, Style)], width: usize, indent: &str) -> Vec<Line<'static>> {
    use crate::text::{display_width, escape_line};
    let width = width.max(1);
    let indent_w = display_width(indent);
    let mut lines: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    // Words with the style they came in and whether a space comes before them.
    let mut words: Vec<(String, Style, bool)> = Vec::new();
    let mut space = false;
    for (text, style) in pieces {
        let text = escape_line(text);
        let mut rest = text.as_str();
        while !rest.is_empty() {
            let lead = rest.len() - rest.trim_start_matches(' ').len();
            space |= lead > 0;
            rest = &rest[lead..];
            let end = rest.find(' ').unwrap_or(rest.len());
            if end > 0 {
                words.push((rest[..end].to_string(), *style, space));
                space = false;
            }
            rest = &rest[end..];
        }
    }
    // The first line keeps the spaces its first piece starts with.
    let lead: String = pieces
        .first()
        .map(|(text, _)| text.chars().take_while(|c| *c == ' ').collect())
        .unwrap_or_default();
    let mut line_w = lead.len();
    lines[0].push(Span::raw(lead));
    let mut start_w = line_w; // where the current line's words begin: after the indent
    for (word, style, space) in words {
        // A word wider than a whole line is broken into pieces that fit.
        let room = width.saturating_sub(indent_w).max(1);
        let mut pieces = Vec::new();
        let (mut piece, mut piece_w) = (String::new(), 0usize);
        for c in word.chars() {
            let cw = display_width(c.encode_utf8(&mut [0; 4]));
            if piece_w + cw > room && !piece.is_empty() {
                pieces.push((std::mem::take(&mut piece), piece_w));
                piece_w = 0;
            }
            piece.push(c);
            piece_w += cw;
        }
        pieces.push((piece, piece_w));
        for (n, (piece, w)) in pieces.into_iter().enumerate() {
            let at_start = line_w == start_w;
            let mut gap = usize::from(space && n == 0 && !at_start);
            // Words glued to the one before (no space) stay on its line.
            if !at_start && (gap == 1 || n > 0) && line_w + gap + w > width {
                lines.push(vec![Span::raw(indent.to_string())]);
                line_w = indent_w;
                start_w = indent_w;
                gap = 0;
            }
            let line = lines.last_mut().expect("there is always a line");
            if gap == 1 {
                line.push(Span::styled(" ", style));
            }
            // A no-break space holds words together; on screen it is a plain space.
            line.push(Span::styled(piece.replace('\u{a0}', " "), style));
            line_w += gap + w;
        }
    }
    lines.into_iter().map(Line::from).collect()
}

/// One piece of a hint line: said in full where there is room, else in its short form, else
/// (if it may be) left out — never cut.
#[derive(Debug, Clone, Copy)]
pub struct Part<'a> {
    pub long: &'a str,
    pub short: &'a str,
    /// Whether the line still says what matters without this part.
    pub optional: bool,
}

impl<'a> Part<'a> {
    /// A part said the same way at every width, never left out.
    pub const fn keep(text: &'a str) -> Part<'a> {
        Part {
            long: text,
            short: text,
            optional: false,
        }
    }
    /// A part with a shorter way of saying it.
    pub const fn or(long: &'a str, short: &'a str) -> Part<'a> {
        Part {
            long,
            short,
            optional: false,
        }
    }
    /// This part may be left out when even its short form does not fit.
    pub const fn optional(self) -> Part<'a> {
        Part {
            optional: true,
            ..self
        }
    }
}

/// The parts joined by `sep` in one line of at most `width` columns: each in full while the
/// line fits; else the parts shortened one by one from the last; else the optional ones left
/// out from the last; and if even that is too wide, the shortest line wrapped over several. The
/// words are never cut.
pub fn fit(parts: &[Part], sep: &str, width: usize) -> Vec<String> {
    let line = |forms: &[Option<&str>]| -> String {
        forms
            .iter()
            .flatten()
            .copied()
            .collect::<Vec<_>>()
            .join(sep)
    };
    let fits = |s: &str| crate::text::display_width(s) <= width;
    let mut forms: Vec<Option<&str>> = parts.iter().map(|p| Some(p.long)).collect();
    for i in (0..parts.len()).rev() {
        if fits(&line(&forms)) {
            return vec![line(&forms)];
        }
        forms[i] = Some(parts[i].short);
    }
    for i in (0..parts.len()).rev() {
        if fits(&line(&forms)) {
            return vec![line(&forms)];
        }
        if parts[i].optional {
            forms[i] = None;
        }
    }
    // Even the shortest line is too wide: one part after another, a line broken between
    // parts (where the separator goes), and a part wider than the whole line wrapped at its spaces.
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    for part in forms.into_iter().flatten() {
        let joined = format!("{current}{sep}{part}");
        if current.is_empty() {
            current = part.to_string();
        } else if fits(&joined) {
            current = joined;
        } else {
            lines.push(std::mem::replace(&mut current, part.to_string()));
        }
        if !fits(&current) {
            let mut wrapped = crate::text::wrap(&current, width);
            current = wrapped.pop().unwrap_or_default();
            lines.extend(wrapped);
        }
    }
    lines.push(current);
    lines
}

/// [`fit`] as styled lines, each after `indent`.
pub fn hint(
    parts: &[Part],
    sep: &str,
    width: usize,
    indent: &str,
    style: Style,
) -> Vec<Line<'static>> {
    let inner = width.saturating_sub(crate::text::display_width(indent));
    fit(parts, sep, inner)
        .into_iter()
        .map(|l| Line::from(Span::styled(format!("{indent}{l}"), style)))
        .collect()
}

/// The parts of a page one after another, a blank line between them where the page is tall
/// enough for that, and none where it is not: a short terminal loses the gaps, not the words.
pub fn stack(parts: Vec<Vec<Line<'static>>>, height: usize) -> Vec<Line<'static>> {
    let parts: Vec<_> = parts.into_iter().filter(|p| !p.is_empty()).collect();
    let words: usize = parts.iter().map(Vec::len).sum();
    let gaps = words + parts.len().saturating_sub(1) <= height;
    let mut lines = Vec::new();
    for (i, part) in parts.into_iter().enumerate() {
        if i > 0 && gaps {
            lines.push(Line::default());
        }
        lines.extend(part);
    }
    lines
}

/// `lines` made to fit `height` by leaving out blank lines, the last first, while they are too
/// many: a short terminal loses the gaps of a page before any of its words.
pub fn squeeze(mut lines: Vec<Line<'static>>, height: usize) -> Vec<Line<'static>> {
    let blank = |l: &Line| l.spans.iter().all(|s| s.content.trim().is_empty());
    while lines.len() > height {
        match lines.iter().rposition(blank) {
            Some(i) => {
                lines.remove(i);
            }
            None => break,
        }
    }
    lines
}

/// The first block to draw so that block `cursor` is whole within `rows` lines, with the block
/// after it too when both fit (so a list never looks finished while it is not).
pub fn first_shown(blocks: &[Vec<Line>], cursor: usize, rows: usize) -> usize {
    let height = |from: usize, to: usize| -> usize { blocks[from..=to].iter().map(Vec::len).sum() };
    if cursor >= blocks.len() {
        return 0;
    }
    let next = cursor + 1;
    let to = if next < blocks.len() && height(cursor, next) <= rows {
        next
    } else {
        cursor
    };
    (0..cursor)
        .find(|&s| height(s, to) <= rows)
        .unwrap_or(cursor)
}

/// A 0–10 scale with the chosen number bracketed: `[6]` reads without colour too.
pub fn scale_line(value: Option<u8>, theme: &super::theme::Theme, indent: &str) -> Line<'static> {
    let mut spans = vec![Span::raw(indent.to_string())];
    for n in 0..=10u8 {
        let chosen = value == Some(n);
        spans.push(Span::styled(
            if chosen {
                format!("[{n}]")
            } else {
                format!(" {n} ")
            },
            if chosen { theme.selected } else { theme.text },
        ));
    }
    Line::from(spans)
}

/// An entry in one line of a list: its title, or its first words; never a private entry's.
pub fn entry_headline(e: &crate::model::Entry, words: usize) -> String {
    if e.sealed.is_some() {
        return "(private entry)".into();
    }
    e.title
        .clone()
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| {
            e.body
                .split_whitespace()
                .take(words)
                .collect::<Vec<_>>()
                .join(" ")
        })
}

/// The calm note naming each store file that could not be read, for the top of home and the
/// journal: what is missing, why, that the rest is here, and how to bring it back. Wrapped to
/// `width`, never cut.
pub fn damage_notice(app: &App, width: usize) -> Vec<Line<'static>> {
    let damaged = &app.data.damaged;
    if damaged.is_empty() {
        return Vec::new();
    }
    let t = &app.theme;
    let mut lines = Vec::new();
    for d in damaged {
        let text = crate::text::escape_line(&format!(
            "{} could not be read ({}): {}.",
            d.what(),
            d.rel.display(),
            d.reason()
        ));
        for l in crate::text::wrap(&text, width) {
            lines.push(Line::from(Span::styled(l, t.alert)));
        }
    }
    let rest = if damaged.len() == 1 {
        "Your other writing is here, and the file has been left exactly as it is."
    } else {
        "Your other writing is here, and the files have been left exactly as they are."
    };
    // Only this device's own files (and those still at the top) are restored here.
    let here = damaged.iter().filter(|d| d.restorable_here()).count();
    let how = match (here, damaged.len() - here) {
        (1, 0) => " r restores the last good copy.",
        (_, 0) => " r restores the last good copy of each.",
        (0, 1) => {
            " It comes from another device, which alone writes it: open trustwork there to restore it."
        }
        (0, _) => {
            " They come from other devices, which alone write them: open trustwork there to restore them."
        }
        _ => {
            " r restores the last good copy of this device's; another device's are restored on that device."
        }
    };
    for l in crate::text::wrap(&format!("{rest}{how}"), width) {
        lines.push(Line::from(Span::styled(l, t.text)));
    }
    lines.push(Line::default());
    lines
}

#[cfg(test)]
mod tests {
    use super::{MAX_TEXT_WIDTH, Part, WIDE_FROM, fit, flow, footer_keys, full_width, panes};
    use ratatui::layout::Rect;
    use ratatui::style::Style;

    fn text(lines: &[ratatui::text::Line]) -> Vec<String> {
        lines.iter().map(|l| l.to_string()).collect()
    }

    #[test]
    fn fit_shortens_from_the_end_then_leaves_out_then_wraps() {
        let parts = [
            Part::or("Enter saves it", "Enter saves"),
            Part::or("Esc goes back", "Esc back").optional(),
            Part::or("d discards the draft", "d discards"),
        ];
        let at = |w| fit(&parts, " · ", w);
        assert_eq!(
            at(80),
            ["Enter saves it · Esc goes back · d discards the draft"]
        );
        assert_eq!(at(45), ["Enter saves it · Esc goes back · d discards"]);
        assert_eq!(at(38), ["Enter saves it · Esc back · d discards"]);
        assert_eq!(at(37), ["Enter saves · Esc back · d discards"]);
        // A part already in its short form is still left out when the line is too wide.
        assert_eq!(at(30), ["Enter saves · d discards"]);
        assert_eq!(at(15), ["Enter saves", "d discards"]);
        for w in 1..60 {
            for l in at(w) {
                assert!(crate::text::display_width(&l) <= w.max(1), "{l:?} at {w}");
            }
        }
    }

    #[test]
    fn flow_breaks_at_spaces_and_keeps_each_pieces_style() {
        let (a, b) = (Style::new().bold(), Style::new().italic());
        let lines = flow(
            &[(" Getting through", a), ("  · Steady ground · about 15", b)],
            20,
            "  ",
        );
        assert_eq!(
            text(&lines),
            [" Getting through ·", "  Steady ground ·", "  about 15"]
        );
        assert_eq!(lines[0].spans[1].style, a);
        assert_eq!(lines[1].spans[1].style, b);
        // Pieces with no space between them stay together.
        let lines = flow(&[("(", a), ("p", b), (": progress)", a)], 40, "");
        assert_eq!(text(&lines), ["(p: progress)"]);
        for w in 1..30 {
            for l in flow(&[("naïve 日本語 words wrap 😀 here", a)], w, " ") {
                let lw = crate::text::display_width(&l.to_string());
                assert!(lw <= w.max(3), "{l} at {w}");
            }
        }
    }

    #[test]
    fn wide_panes_keep_within_the_body_with_a_readable_list_and_column() {
        for width in WIDE_FROM..=400 {
            let body = full_width(Rect::new(0, 0, width, 50));
            let p = panes(body);
            assert!(p.list.width >= 44, "{width}");
            assert!(p.list.right() < p.reader.x, "a divider between, at {width}");
            assert_eq!(p.reader.right(), body.right(), "{width}");
            let text = p.reading();
            assert!(
                text.x > p.reader.x && text.right() <= body.right(),
                "{width}"
            );
            assert!(text.width <= MAX_TEXT_WIDTH && text.width >= 60, "{width}");
        }
        // Narrower than the list's least width, nothing is placed outside the body.
        let body = Rect::new(2, 0, 30, 10);
        let p = panes(body);
        assert!(p.list.right() <= body.right() && p.reader.right() <= body.right());
        assert!(p.reading().right() <= body.right());
    }

    #[test]
    fn the_footer_names_both_keys_of_a_pair() {
        assert_eq!(footer_keys("Up, Down, PgUp, PgDn"), "↑↓");
        assert_eq!(footer_keys("Left, Right"), "←→");
        assert_eq!(footer_keys("Up, Down, Left, Right"), "↑↓←→");
        assert_eq!(footer_keys("0-9, Left, Right"), "0-9 ←→");
        assert_eq!(footer_keys("n, Enter"), "n");
        assert_eq!(footer_keys("Ctrl-S"), "Ctrl-S");
        // One arrow alone is named as it is.
        assert_eq!(footer_keys("Up"), "Up");
    }
}
