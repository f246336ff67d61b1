//! The journal as plain text, wrapped at 80 columns (wide characters count two), for printing
//! or pasting into mail: the same content, in the same order, as the Markdown. Control
//! characters are shown escaped (`\x1b`).

use super::Progress;
use super::select::{CheckinRow, PromiseTally, Selection, Sink, walk};
use super::words::{self, Esc};
use crate::model::{Entry, Moment, Timestamp, Visibility};
use crate::text::{display_width, escape_control, escape_control_cow, truncate_width, wrap_each};
use crate::together::Agreement;
use chrono::NaiveDate;
use std::io::{self, Write};

/// The width the text is wrapped at.
pub const WIDTH: usize = 80;

pub(super) fn write(
    sel: &Selection,
    exported_at: Timestamp,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(Progress),
) -> io::Result<()> {
    walk(sel, &mut Plain { out, exported_at }, progress)
}

const ESC: Esc = &escape_control;

struct Plain<'o> {
    out: &'o mut dyn Write,
    exported_at: Timestamp,
}

impl Plain<'_> {
    /// Text wrapped to the width, each line after `first` (the first line) or `indent`
    /// (the others). The text is escaped already.
    fn wrapped(&mut self, text: &str, first: &str, indent: &str) -> io::Result<()> {
        let width = WIDTH.saturating_sub(display_width(indent)).max(20);
        let mut lead = first;
        let out = &mut self.out;
        wrap_each(text, width, |line| {
            if line.is_empty() {
                out.write_all(lead.trim_end().as_bytes())?;
            } else {
                out.write_all(lead.as_bytes())?;
                out.write_all(line.as_bytes())?;
            }
            lead = indent;
            out.write_all(b"\n")
        })
    }

    /// A heading underlined with `rule` to its width.
    fn underlined(&mut self, text: &str, rule: char) -> io::Result<()> {
        self.wrapped(text, "", "")?;
        let w = display_width(text).min(WIDTH);
        writeln!(self.out, "{}\n", rule.to_string().repeat(w))
    }

    /// An entry's prompt (quoted) and text, indented by `indent`.
    fn body(&mut self, e: &Entry, indent: &str) -> io::Result<()> {
        if let Some(text) = e.link.as_ref().and_then(|l| l.prompt_text.as_deref()) {
            let q = format!("{indent}> ");
            self.wrapped(&escape_control(text), &q, &q)?;
            writeln!(self.out)?;
        }
        let body = if e.body.contains('\r') {
            escape_control(&e.body.replace("\r\n", "\n")).into()
        } else {
            escape_control_cow(&e.body)
        };
        let body = body.trim_end();
        if !body.is_empty() {
            self.wrapped(body, indent, indent)?;
            writeln!(self.out)?;
        }
        Ok(())
    }
}

/// `s` padded with spaces to `w` columns.
fn pad(s: &str, w: usize) -> String {
    format!("{s}{}", " ".repeat(w.saturating_sub(display_width(s))))
}

impl Sink for Plain<'_> {
    fn begin(&mut self, sel: &Selection, counts: &super::Counts) -> io::Result<()> {
        writeln!(self.out, "TRUSTWORK JOURNAL\n")?;
        self.wrapped(&words::byline(sel, self.exported_at, ESC), "", "")?;
        if let Some(f) = words::filter_line(sel, ESC) {
            self.wrapped(&f, "", "")?;
        }
        self.wrapped(&words::summary(counts), "", "")?;
        writeln!(self.out)
    }

    fn month(&mut self, first: NaiveDate) -> io::Result<()> {
        writeln!(self.out)?;
        self.underlined(&words::month_heading(first).to_uppercase(), '=')
    }

    fn week(&mut self, sel: &Selection, monday: NaiveDate, rows: &[CheckinRow]) -> io::Result<()> {
        self.underlined(&words::week_heading(monday), '-')?;
        // Names and moods are cut to fit two partners in 80 columns.
        let mut head = vec!["Day".to_string()];
        for p in &sel.shown {
            let n = truncate_width(&escape_control(&p.name), 12);
            head.push(format!("{n} trust"));
            head.push(format!("{n} mood"));
        }
        let table: Vec<Vec<String>> = rows
            .iter()
            .map(|r| {
                let mut cells = vec![words::row_day(r.date)];
                for c in &r.by {
                    cells.push(c.map(|c| c.trust.to_string()).unwrap_or_default());
                    cells.push(
                        c.and_then(|c| c.mood.as_deref())
                            .map(|m| truncate_width(&crate::text::escape_line(m), 12))
                            .unwrap_or_default(),
                    );
                }
                cells
            })
            .collect();
        let widths: Vec<usize> = (0..head.len())
            .map(|i| {
                table
                    .iter()
                    .map(|r| display_width(&r[i]))
                    .chain([display_width(&head[i])])
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        for cells in std::iter::once(&head).chain(&table) {
            let line: Vec<String> = cells.iter().zip(&widths).map(|(c, w)| pad(c, *w)).collect();
            writeln!(self.out, "  {}", line.join("  ").trim_end())?;
        }
        writeln!(self.out)
    }

    fn day(&mut self, date: NaiveDate) -> io::Result<()> {
        self.underlined(&words::day_heading(date), '-')
    }

    fn entry(&mut self, sel: &Selection, e: &Entry, responses: &[&Entry]) -> io::Result<()> {
        if e.visibility == Visibility::Private {
            self.wrapped(
                &format!("[{}]", words::private_heading(sel, e, ESC)),
                "",
                "",
            )?;
        }
        if let Some(t) = words::title(e) {
            self.wrapped(&crate::text::escape_line(t.trim()), "", "")?;
        }
        self.wrapped(&words::entry_meta(sel, e, ESC), "", "")?;
        writeln!(self.out)?;
        self.body(e, "")?;
        for r in responses {
            let mut head = format!("{}:", words::responded(sel, e, r, ESC));
            if let Some(t) = words::title(r) {
                head = format!("{} {}", head, crate::text::escape_line(t.trim()));
            }
            self.wrapped(&head, "    ", "    ")?;
            writeln!(self.out)?;
            self.body(r, "    ")?;
        }
        Ok(())
    }

    fn moment(&mut self, sel: &Selection, m: &Moment) -> io::Result<()> {
        let (head, words) = words::moment(sel, m, ESC);
        self.wrapped(&head, "* ", "  ")?;
        for w in words {
            self.wrapped(&w, "  - ", "    ")?;
        }
        writeln!(self.out)
    }

    fn agreements(&mut self, sel: &Selection, list: &[&Agreement]) -> io::Result<()> {
        writeln!(self.out)?;
        self.underlined("AGREEMENTS", '=')?;
        for a in list {
            let (kind, standing) = words::agreement(sel, a, ESC);
            self.wrapped(&format!("{kind}: {}", escape_control(&a.text)), "* ", "  ")?;
            self.wrapped(&format!("({standing})"), "  ", "  ")?;
        }
        writeln!(self.out)
    }

    fn promises(&mut self, sel: &Selection, list: &[PromiseTally]) -> io::Result<()> {
        writeln!(self.out)?;
        self.underlined("PROMISES", '=')?;
        for t in list {
            let (by, record) = words::promise(sel, t, ESC);
            self.wrapped(
                &format!("{by}: {}", escape_control(&t.promise.text)),
                "* ",
                "  ",
            )?;
            self.wrapped(&format!("({record})"), "  ", "  ")?;
        }
        writeln!(self.out)
    }

    fn end(&mut self) -> io::Result<()> {
        Ok(())
    }
}
