//! Drawing the export screen: the form, the counts, the file, the progress bar and the end.

use super::{ExportScreen, Field, Phase, What, guides, plural, thousands};
use crate::export::Format;
use crate::text::{escape_line, wrap};
use crate::ui::{App, unlock, widgets};
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{LineGauge, Paragraph};

/// The labels' column.
const LABEL: usize = 19;

pub(super) fn render(frame: &mut Frame, app: &App, s: &ExportScreen) {
    let body = widgets::page(frame, app, "Export");
    let t = &app.theme;
    let w = body.width as usize;
    let Some(ready) = &s.ready else {
        frame.render_widget(
            Paragraph::new(Span::styled("Reading your journal…", t.dim)),
            body,
        );
        return;
    };
    let mut lines: Vec<Line> = Vec::new();
    let text = |lines: &mut Vec<Line<'static>>, s: &str, style: Style| {
        for l in wrap(s, w) {
            lines.push(Line::from(Span::styled(l, style)));
        }
    };
    for f in s.fields() {
        field_lines(&mut lines, app, s, *f, w);
    }
    lines.push(Line::default());
    // What it will write: left out whole when the answer asked for needs the room.
    let will_from = lines.len();
    match (s.what, s.counts, &s.summary_line) {
        (What::Journal, Some(c), _) => {
            let will = if c.total() == 0 && c.sealed == 0 {
                "Nothing matches these choices: the file would hold only its title.".to_string()
            } else {
                format!(
                    "Will write {}, {}, {}, {}, {}.",
                    plural(c.entries, "entry", "entries"),
                    plural(c.checkins, "check-in", "check-ins"),
                    plural(c.moments, "moment", "moments"),
                    plural(c.agreements, "agreement", "agreements"),
                    plural(c.promises, "promise", "promises"),
                )
            };
            text(&mut lines, &will, t.text);
            if c.sealed > 0 {
                let n = thousands(c.sealed);
                let (noun, verb) = if c.sealed == 1 {
                    ("entry", "stays")
                } else {
                    ("entries", "stay")
                };
                let sealed = if s.format() == Format::Json {
                    format!(
                        "{n} private {noun} {verb} sealed: the file carries them encrypted, as stored."
                    )
                } else {
                    format!("{n} private {noun} {verb} sealed, left out.")
                };
                text(&mut lines, &sealed, t.dim);
            }
        }
        (What::Summary, _, Some(line)) => text(&mut lines, line, t.text),
        _ => {}
    }
    // What is wrong, or what happens now.
    let mut gauge = None;
    let mut tail: Vec<Line> = Vec::new();
    match &s.phase {
        Phase::Form => {
            if let Some(p) = &s.problem {
                text(&mut tail, &escape_line(p), t.alert);
            } else {
                // As much of it as there is room for; help has the rest.
                let room = (body.height as usize).saturating_sub(lines.len());
                let long = wrap(
                    "Enter writes the file. Nothing leaves this computer: you choose where the file goes and who sees it.",
                    w,
                );
                let short = wrap("Enter writes the file; nothing leaves this computer.", w);
                if let Some(hint) = [long, short].into_iter().find(|h| h.len() <= room) {
                    tail.extend(hint.into_iter().map(|l| Line::from(Span::styled(l, t.dim))));
                }
            }
        }
        Phase::Replace(path) => {
            text(
                &mut tail,
                &format!(
                    "{} is there already. Replace it? y/n (the old file is kept beside it as .bak)",
                    escape_line(&path.display().to_string())
                ),
                t.alert,
            );
        }
        Phase::Writing(done, total) => {
            text(
                &mut tail,
                &format!(
                    "Writing… {} of {} records.",
                    thousands(*done),
                    thousands(*total)
                ),
                t.text,
            );
            gauge = Some(if *total == 0 {
                0.0
            } else {
                (*done as f64 / *total as f64).clamp(0.0, 1.0)
            });
        }
        Phase::Done(path) => {
            text(
                &mut tail,
                &format!("Written: {}", escape_line(&path.display().to_string())),
                t.heading,
            );
            let next = if ready.opener {
                "o opens it; e goes back to the choices; Esc leaves."
            } else {
                "e goes back to the choices; Esc leaves."
            };
            text(&mut tail, next, t.dim);
        }
    }
    // The answer asked for (replace? written where?) and the progress bar always have room:
    // the gaps go first, then what the export will write.
    let room = (body.height as usize).saturating_sub(tail.len() + usize::from(gauge.is_some()));
    let mut lines = widgets::squeeze(lines, room);
    if lines.len() > room {
        lines.truncate(will_from);
    }
    lines.extend(tail);
    // With room to spare (a tall terminal): what the chosen format is for.
    if s.phase == Phase::Form && s.problem.is_none() {
        let about = about(s.what, s.format());
        let need = wrap(about, w).len() + 1;
        if lines.len() + need < body.height as usize && body.height >= 30 {
            lines.push(Line::default());
            text(&mut lines, about, t.dim);
        }
    }
    let n = lines.len() as u16;
    let [form, bar, _] = Layout::vertical([
        Constraint::Length(n.min(body.height)),
        Constraint::Length(u16::from(gauge.is_some())),
        Constraint::Min(0),
    ])
    .areas(body);
    frame.render_widget(Paragraph::new(lines), form);
    if let Some(ratio) = gauge {
        frame.render_widget(
            LineGauge::default()
                .filled_style(t.accent)
                .unfilled_style(t.dim)
                .ratio(ratio),
            bar,
        );
    }
}

/// What a format is for, in a sentence or two.
fn about(what: What, format: Format) -> &'static str {
    match (what, format) {
        (What::Summary, Format::Html) => {
            "The counsellor summary as a printable page: two pages for a session with a professional, with the trust chart and the moments drawn in."
        }
        (What::Summary, _) => {
            "The counsellor summary in Markdown: two pages for a session with a professional, to read, print or send."
        }
        (_, Format::Markdown) => {
            "Markdown: your journal to read, print, or take to a counsellor, month by month, oldest first."
        }
        (_, Format::Json) => {
            "JSON: trustwork's own document, which trustwork import reads back. Private entries not included stay in it encrypted, as stored."
        }
        (_, Format::Text) => "Plain text at 80 columns, safe to read on any terminal.",
        (_, Format::Html) => {
            "HTML: one printable file with the trust chart, the moments and the check-in calendars drawn in, and no scripts."
        }
    }
}

/// One field: its label, then its value wrapped beside it.
fn field_lines(lines: &mut Vec<Line<'static>>, app: &App, s: &ExportScreen, f: Field, w: usize) {
    let t = &app.theme;
    let on = s.field == f && s.phase == Phase::Form;
    let label = match f {
        Field::What => "What",
        Field::Format => "Format",
        Field::Partner => "Partner",
        Field::Guide => "Guide",
        Field::From => "From",
        Field::To => "To",
        Field::Tags => "Tags",
        Field::Private => "Private entries",
        Field::File => "File",
    };
    // Choices: each option, the chosen one bracketed (it reads without colour too).
    let choices = |opts: Vec<String>, chosen: usize| -> Vec<(String, Style)> {
        opts.into_iter()
            .enumerate()
            .map(|(i, o)| {
                if i == chosen {
                    (format!("[{o}]"), t.selected)
                } else {
                    (format!(" {o} "), t.text)
                }
            })
            .collect()
    };
    let typed = |v: &str, empty: &str| -> Vec<(String, Style)> {
        if v.is_empty() && !on {
            vec![(empty.to_string(), t.dim)]
        } else {
            vec![(
                format!("{}{}", escape_line(v), if on { "▏" } else { "" }),
                t.text,
            )]
        }
    };
    let value: Vec<(String, Style)> = match f {
        Field::What => choices(
            vec!["journal".into(), "counsellor summary".into()],
            (s.what == What::Summary) as usize,
        ),
        Field::Format => choices(
            s.formats()
                .iter()
                .map(|f| f.extension().to_string())
                .collect(),
            s.format,
        ),
        Field::Partner => {
            let mut opts = vec!["both".to_string()];
            opts.extend(app.data.partners.iter().map(|p| escape_line(&p.name)));
            choices(opts, s.partner)
        }
        Field::Guide => {
            let g = guides(app);
            let name = match s.guide {
                0 => "all guides".to_string(),
                n => g
                    .get(n - 1)
                    .map(|(_, title)| escape_line(title))
                    .unwrap_or_default(),
            };
            vec![
                (format!("‹ {name} ›"), if on { t.selected } else { t.text }),
                (format!("  {} of {}", s.guide + 1, g.len() + 1), t.dim),
            ]
        }
        Field::From => typed(&s.from, "open (YYYY-MM-DD)"),
        Field::To => typed(&s.to, "open (YYYY-MM-DD)"),
        Field::Tags => typed(&s.tags, "any (comma or space separated)"),
        Field::Private => {
            if !unlock::keyed(app) {
                vec![(
                    "you have none (they come with a passphrase)".to_string(),
                    t.dim,
                )]
            } else if unlock::key(app).is_none() {
                vec![(
                    "locked: Space to unlock with your passphrase to include your private entries"
                        .to_string(),
                    if on { t.text } else { t.dim },
                )]
            } else {
                let mut v = choices(
                    vec!["leave them out".into(), "include yours".into()],
                    s.private as usize,
                );
                v.push(("(only your own)".to_string(), t.dim));
                v
            }
        }
        Field::File => typed(&s.path, "name the file"),
    };
    // Joined, then wrapped beside the label; the styles follow the words.
    let width = w.saturating_sub(LABEL).max(10);
    let mut rows: Vec<Vec<Span<'static>>> = vec![Vec::new()];
    let mut used = 0usize;
    for (text, style) in value {
        for piece in wrap(&text, width) {
            let len = crate::text::display_width(&piece);
            if used > 0 && used + 1 + len > width {
                rows.push(Vec::new());
                used = 0;
            }
            let row = rows.last_mut().expect("one row at least");
            if used > 0 {
                row.push(Span::raw(" "));
                used += 1;
            }
            row.push(Span::styled(piece, style));
            used += len;
        }
    }
    for (i, row) in rows.into_iter().enumerate() {
        let head = if i == 0 {
            let mark = if on { "› " } else { "  " };
            vec![
                Span::styled(mark.to_string(), t.accent),
                Span::styled(
                    format!("{label:<width$}", width = LABEL - 2),
                    if on { t.heading } else { t.dim },
                ),
            ]
        } else {
            vec![Span::raw(" ".repeat(LABEL))]
        };
        lines.push(Line::from(head.into_iter().chain(row).collect::<Vec<_>>()));
    }
}
