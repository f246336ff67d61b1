//! The journal as Markdown: by month (`##`), then day (`###`), each entry under its own
//! heading (`####`), responses quoted beneath it, a week's check-ins as a table. User text is
//! escaped so that it can never change the structure (a leading `#`, `>` or `---`, a `|` in a
//! table, raw HTML) and control characters are shown escaped (`\x1b`).

use super::Progress;
use super::select::{CheckinRow, PromiseTally, Selection, Sink, walk};
use super::words::{self, Esc};
use crate::model::{Entry, Moment, Timestamp, Visibility};
use crate::text::escape_control;
use crate::together::Agreement;
use chrono::NaiveDate;
use std::io::{self, Write};

pub(super) fn write(
    sel: &Selection,
    exported_at: Timestamp,
    out: &mut dyn Write,
    progress: &mut dyn FnMut(Progress),
) -> io::Result<()> {
    walk(sel, &mut Markdown { out, exported_at }, progress)
}

/// One line of user text inside a heading, emphasis, a list item or a table cell: every
/// character that Markdown could read as markup is backslash-escaped, line breaks become
/// spaces.
pub(crate) fn inline(s: &str) -> String {
    let s = escape_control(s);
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        match c {
            '\n' | '\t' => out.push(' '),
            '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// A block of user text (an entry's body): line breaks kept, and each line kept from starting
/// a heading, quote, list, fence, table, thematic break or link definition; raw HTML is shown
/// as text.
pub(crate) fn block(s: &str) -> String {
    let s = if s.contains('\r') {
        escape_control(&s.replace("\r\n", "\n"))
    } else {
        escape_control(s)
    };
    let mut out = String::with_capacity(s.len() + 16);
    for (i, line) in s.trim_end().split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let rest = line.trim_start_matches([' ', '\t']);
        out.push_str(&line[..line.len() - rest.len()]);
        let digits = rest.len() - rest.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let table_rule = !rest.is_empty()
            && rest.contains('-')
            && rest
                .chars()
                .all(|c| matches!(c, '-' | ':' | '|' | ' ' | '\t'));
        // (`|` and `<` are escaped wherever they are, below.)
        let starts_block = matches!(
            rest.chars().next(),
            Some('#' | '>' | '-' | '+' | '*' | '=' | '_' | '`' | '~' | '[' | ':')
        );
        let mut rest = rest;
        if digits > 0 && matches!(rest[digits..].chars().next(), Some('.' | ')')) {
            out.push_str(&rest[..digits]);
            out.push('\\');
            rest = &rest[digits..];
        } else if starts_block || (table_rule && !rest.starts_with('|')) {
            out.push('\\');
        }
        let mut from = 0;
        for (i, b) in rest.bytes().enumerate() {
            if b == b'<' || b == b'|' {
                out.push_str(&rest[from..i]);
                out.push('\\');
                from = i;
            }
        }
        out.push_str(&rest[from..]);
    }
    out
}

/// `block`, quoted (`> ` before every line).
fn quoted(s: &str) -> String {
    block(s)
        .split('\n')
        .map(|l| {
            if l.is_empty() {
                ">".to_string()
            } else {
                format!("> {l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A heading's text: `inline`, never empty, and a `#` at its end kept from closing it.
fn heading(s: &str) -> String {
    let h = inline(s.trim());
    match h.strip_suffix('#') {
        Some(head) => format!("{head}\\#"),
        None if h.is_empty() => "(untitled)".into(),
        None => h,
    }
}

struct Markdown<'o> {
    out: &'o mut dyn Write,
    exported_at: Timestamp,
}

const ESC: Esc = &inline;

impl Markdown<'_> {
    fn body(&mut self, e: &Entry) -> io::Result<()> {
        if let Some(text) = e.link.as_ref().and_then(|l| l.prompt_text.as_deref()) {
            writeln!(self.out, "{}\n", quoted(text))?;
        }
        let body = block(&e.body);
        if !body.trim().is_empty() {
            writeln!(self.out, "{body}\n")?;
        }
        Ok(())
    }
}

impl Sink for Markdown<'_> {
    fn begin(&mut self, sel: &Selection, counts: &super::Counts) -> io::Result<()> {
        writeln!(self.out, "# trustwork journal\n")?;
        writeln!(self.out, "{}\n", words::byline(sel, self.exported_at, ESC))?;
        if let Some(f) = words::filter_line(sel, ESC) {
            writeln!(self.out, "{f}\n")?;
        }
        writeln!(self.out, "{}\n", words::summary(counts))
    }

    fn month(&mut self, first: NaiveDate) -> io::Result<()> {
        writeln!(self.out, "## {}\n", words::month_heading(first))
    }

    fn week(&mut self, sel: &Selection, monday: NaiveDate, rows: &[CheckinRow]) -> io::Result<()> {
        writeln!(self.out, "### {}\n", words::week_heading(monday))?;
        write!(self.out, "| Day |")?;
        for p in &sel.shown {
            let n = inline(&p.name);
            write!(self.out, " {n} trust | {n} mood |")?;
        }
        write!(self.out, "\n|---|")?;
        for _ in &sel.shown {
            write!(self.out, "--:|---|")?;
        }
        writeln!(self.out)?;
        for r in rows {
            write!(self.out, "| {} |", words::row_day(r.date))?;
            for c in &r.by {
                let (trust, mood) = match c {
                    Some(c) => (
                        c.trust.to_string(),
                        c.mood.as_deref().map(inline).unwrap_or_default(),
                    ),
                    None => Default::default(),
                };
                write!(self.out, " {trust} | {mood} |")?;
            }
            writeln!(self.out)?;
        }
        writeln!(self.out)
    }

    fn day(&mut self, date: NaiveDate) -> io::Result<()> {
        writeln!(self.out, "### {}\n", words::day_heading(date))
    }

    fn entry(&mut self, sel: &Selection, e: &Entry, responses: &[&Entry]) -> io::Result<()> {
        if e.visibility == Visibility::Private {
            writeln!(self.out, "#### {}\n", words::private_heading(sel, e, ESC))?;
            if let Some(t) = words::title(e) {
                writeln!(self.out, "**{}**\n", inline(t))?;
            }
        } else {
            let h = match words::title(e) {
                Some(t) => heading(t),
                None => format!(
                    "{}, {}",
                    inline(sel.name(&e.author)),
                    words::time(e.created)
                ),
            };
            writeln!(self.out, "#### {h}\n")?;
        }
        writeln!(self.out, "*{}*\n", words::entry_meta(sel, e, ESC))?;
        self.body(e)?;
        for r in responses {
            let mut head = format!("**{}**", words::responded(sel, e, r, ESC));
            if let Some(t) = words::title(r) {
                head.push_str(&format!(" — {}", inline(t)));
            }
            writeln!(self.out, "> {head}\n>")?;
            if let Some(text) = r.link.as_ref().and_then(|l| l.prompt_text.as_deref()) {
                writeln!(self.out, "> {}\n>", quoted(text).replace('\n', "\n> "))?;
            }
            writeln!(self.out, "{}\n", quoted(&r.body))?;
        }
        Ok(())
    }

    fn moment(&mut self, sel: &Selection, m: &Moment) -> io::Result<()> {
        let (head, words) = words::moment(sel, m, ESC);
        writeln!(self.out, "- *{head}*")?;
        for w in words {
            writeln!(self.out, "  - {w}")?;
        }
        writeln!(self.out)
    }

    fn agreements(&mut self, sel: &Selection, list: &[&Agreement]) -> io::Result<()> {
        writeln!(self.out, "## Agreements\n")?;
        for a in list {
            let (kind, standing) = words::agreement(sel, a, ESC);
            writeln!(
                self.out,
                "- **{kind}:** {}  \n  *{standing}*",
                inline(&a.text)
            )?;
        }
        writeln!(self.out)
    }

    fn promises(&mut self, sel: &Selection, list: &[PromiseTally]) -> io::Result<()> {
        writeln!(self.out, "## Promises\n")?;
        for t in list {
            let (by, record) = words::promise(sel, t, ESC);
            writeln!(
                self.out,
                "- **{by}:** {}  \n  *{record}*",
                inline(&t.promise.text)
            )?;
        }
        writeln!(self.out)
    }

    fn end(&mut self) -> io::Result<()> {
        Ok(())
    }
}
