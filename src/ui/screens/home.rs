//! Home: the active partner, today's check-in, the next guide on their path, progress across
//! the guides, and recent entries.

use super::keys::Keys;
use super::keys::{Action, Table, b};
use super::view::View;
use super::{App, Reply, widgets};
use crate::text::escape_line;
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

fn on_key(app: &mut App, key: &KeyEvent) -> Reply {
    use super::keys::{self, Action};
    let Some(action) = keys::action(KEYS.bindings, key) else {
        return Reply::stay();
    };
    if action == Action::Restore {
        // Another device's file is that device's to restore: only it writes it.
        let files: Vec<_> = app
            .data
            .damaged
            .iter()
            .filter(|d| d.restorable_here())
            .map(|d| d.rel.clone())
            .collect();
        if files.is_empty() {
            app.status = Some(if app.data.damaged.is_empty() {
                "Every file reads well: there is nothing to restore.".into()
            } else {
                "That file is another device's, and only that device writes it: open trustwork \
                 there to restore it."
                    .into()
            });
            return Reply::stay();
        }
        app.status = Some("Restoring the last good copy…".into());
        return super::Effect::RestoreFiles(files).into();
    }
    // Without a partner (their file could not be read) nothing can be written or attributed;
    // the guides, the safety screen and quitting still work.
    if app.active_partner().is_none() && !matches!(action, Action::Guides | Action::Quit) {
        app.status = Some(if app.data.partners_damaged() {
            "That needs the partners file, which could not be read: r restores the last good copy."
                .into()
        } else {
            "There is no partner yet.".into()
        });
        return Reply::stay();
    }
    match action {
        Action::SwitchPartner if app.data.partners.len() > 1 => {
            app.active = (app.active + 1) % app.data.partners.len();
            // Switching partner is not a login: it locks private writing again.
            if app.unlocked.is_some() {
                super::unlock::lock(app);
                return super::unlock::after_lock(app).into();
            }
        }
        Action::SwitchPartner => {
            app.status = Some("There is one partner here. Settings can add a second.".into())
        }
        Action::Quit => app.quit = true,
        Action::Journal => return super::journal::open(),
        Action::Export => return super::export::open(),
        Action::CheckIn => return super::checkin::open(app),
        Action::Progress => return super::progress::open(),
        Action::Agreements => {
            return super::agreements::open(super::agreements::Tab::Agreements);
        }
        Action::Review => return super::review::open(),
        Action::Moment => return Reply::open(super::Screen::Moment(Default::default())),
        Action::View => return super::moments::open(),
        Action::Acknowledge => {
            let seen: Vec<String> = super::moment::requests_for_me(app)
                .into_iter()
                .map(|m| m.id.clone())
                .collect();
            if seen.is_empty() {
                app.status = Some("There is no request for reassurance to answer.".into());
                return Reply::stay();
            }
            app.status = Some("Noted. A kind word or a moment together may help most now.".into());
            return super::Effect::AcknowledgeMoments(app.actor(), seen).into();
        }
        Action::Draft => match my_draft(app).cloned() {
            Some(d) => {
                let editing = d.entry.as_ref().and_then(|id| {
                    app.data
                        .recent_entries
                        .iter()
                        .find(|e| &e.id == id)
                        .cloned()
                });
                return super::editor::open(app, d.key.clone(), d.link.clone(), editing);
            }
            None => app.status = Some("There is no unsaved draft.".into()),
        },
        Action::Settings => return super::settings::open(),
        Action::Write => return super::editor::open(app, "free".into(), None, None),
        Action::Guides => {
            return Reply::open(super::Screen::Guides(super::guides::GuideList::default()));
        }
        Action::NextGuide => {
            if let Some(id) = next_guide(app) {
                return super::guides::open(app, &id);
            }
        }
        _ => {}
    }
    Reply::stay()
}

/// The partner's trust over the last 28 days as one line of block characters (a blank for a day
/// without a check-in: a gap, not a zero). `None` with no check-ins in that time.
fn sparkline(app: &App, partner: &str, today: chrono::NaiveDate) -> Option<String> {
    const BARS: [char; 11] = ['▁', '▁', '▂', '▃', '▃', '▄', '▅', '▆', '▆', '▇', '█'];
    let daily = crate::stats::daily_trust(&app.data.recent_checkins, partner);
    let from = today - chrono::Days::new(27);
    daily.range(from..=today).next()?;
    Some(
        (0..28)
            .map(|i| {
                let d = from + chrono::Days::new(i);
                daily
                    .get(&d)
                    .map(|v| BARS[(*v).min(10) as usize])
                    .unwrap_or(' ')
            })
            .collect(),
    )
}

/// The active partner's most recent unsaved draft, if any.
fn my_draft(app: &App) -> Option<&crate::model::Draft> {
    let me = app.active_partner()?;
    app.data
        .drafts
        .iter()
        .filter(|d| d.partner == me.id)
        .max_by_key(|d| d.saved)
}

/// The first guide on the active partner's path that they have not completed.
pub fn next_guide(app: &App) -> Option<String> {
    let me = app.active_partner()?;
    app.pack
        .next_on_path(me.role, |gid| completed(app, &me.id, gid))
        .map(|g| g.id.clone())
}

fn completed(app: &App, partner: &str, guide: &str) -> bool {
    app.data
        .progress
        .iter()
        .any(|p| p.partner == partner && p.guide == guide && p.completed.is_some())
}

/// A part of home, in the order it is shown: its lines, and a shorter form for a full page.
/// A part that does not fit even in its short form is left out whole, never cut.
struct Part {
    lines: Vec<Line<'static>>,
    short: Option<Vec<Line<'static>>>,
    /// Data rows (recent entries) that may be fewer on a small page, never none.
    rows: usize,
    /// Shown however small the page (what could not be read, today's check-in).
    must: bool,
}

impl Part {
    fn of(lines: Vec<Line<'static>>) -> Part {
        Part {
            lines,
            short: None,
            rows: 0,
            must: false,
        }
    }
    fn must(lines: Vec<Line<'static>>) -> Part {
        Part {
            must: true,
            ..Part::of(lines)
        }
    }
}

pub fn render(frame: &mut Frame, app: &App) {
    // From WIDE_FROM columns, recent writing has a column of its own beside the rest.
    let wide = frame.area().width >= widgets::WIDE_FROM;
    let (body, side) = if wide {
        let panes = widgets::page_wide(frame, app, "Home");
        (panes.list, Some(panes.reading()))
    } else {
        (widgets::page(frame, app, "Home"), None)
    };
    let t = &app.theme;
    let w = body.width as usize;
    let Some(me) = app.active_partner() else {
        let mut lines: Vec<Line> = widgets::damage_notice(app, w);
        let text = if app.data.partners_damaged() {
            "Nobody's writing can be shown until the partners file is back. \
             The safety screen (! or F2) works as always."
        } else {
            "No partner yet."
        };
        lines.extend(widgets::wrapped(text, w, t.text));
        frame.render_widget(Paragraph::new(lines), body);
        return;
    };
    // Who else is here and what this is not: always at the foot of the page, whole.
    let mut foot: Vec<Line> = Vec::new();
    if let Some(other) = app.other_partner() {
        let text = format!("Tab switches to {} (not a login).", other.name);
        foot.extend(widgets::wrapped(&text, w, t.dim));
    }
    foot.extend(widgets::wrapped(&app.pack.resources.not_therapy, w, t.dim));
    let room = (body.height as usize).saturating_sub(foot.len() + 1);
    let mut parts = parts(app, me, w);
    if let Some(side) = side {
        let mut recent = recent(app, side.width as usize, side.height as usize);
        recent.lines.remove(0); // the blank line that parts it from the path, in one column
        frame.render_widget(Paragraph::new(recent.lines), side);
    } else {
        parts.push(recent(app, w, 5));
    }
    let mut lines = fit_parts(parts, room);
    // The foot follows, below a blank line: there is always room for it.
    lines.push(Line::default());
    lines.extend(foot);
    frame.render_widget(Paragraph::new(lines), body);
}

/// The parts that fit in `room` lines, in order: each whole, or in its short form, or (data
/// rows) with fewer rows; one that does not fit is left out whole. What must be shown is.
fn fit_parts(parts: Vec<Part>, room: usize) -> Vec<Line<'static>> {
    let mut lines: Vec<Line> = Vec::new();
    for part in parts {
        let left = room.saturating_sub(lines.len());
        if part.lines.len() <= left || part.must {
            lines.extend(part.lines);
        } else if let Some(short) = part.short.filter(|s| s.len() <= left) {
            lines.extend(short);
        } else if part.rows > 0 && part.lines.len() - part.rows < left {
            // The heading and as many of the rows as fit.
            lines.extend(part.lines.into_iter().take(left));
        }
    }
    lines.truncate(room);
    lines
}

/// Home's parts for the active partner, most needed first: what could not be read, today,
/// what the other partner asked for, the path, recent writing.
fn parts(app: &App, me: &crate::model::Partner, w: usize) -> Vec<Part> {
    let t = &app.theme;
    let today = app.clock.today();
    let mut parts = vec![Part::must(widgets::damage_notice(app, w))];
    // Partners added on two laptops before their first sync: said until it is understood.
    if let Some(note) = &app.derived.twin_partners {
        let mut lines = widgets::wrapped(note, w, t.alert);
        lines.push(Line::default());
        let first = note.split_inclusive(". ").next().unwrap_or(note).trim_end();
        let mut short = widgets::wrapped(first, w, t.alert);
        short.push(Line::default());
        parts.push(Part {
            short: Some(short),
            ..Part::of(lines)
        });
    }

    let mut day = vec![Line::from(Span::styled("Today", t.heading))];
    let done = app
        .data
        .recent_checkins
        .iter()
        .find(|c| c.partner == me.id && c.date == today);
    day.push(Line::from(match done {
        Some(c) => Span::styled(format!("  Check-in done: trust {}/10", c.trust), t.text),
        None => Span::styled("  Check-in not done yet today", t.text),
    }));
    let days: Vec<_> = app
        .data
        .recent_checkins
        .iter()
        .filter(|c| c.partner == me.id)
        .map(|c| c.date)
        .collect();
    // How the days went: left out before anything another partner asked for.
    let mut week = Vec::new();
    let streak = crate::stats::streak(&days, today);
    if streak.current > 0 {
        let text = crate::text::plural(streak.current as usize, "day", "days");
        week.push(Line::from(Span::styled(
            format!("  {text} in a row"),
            t.dim,
        )));
    }
    if let Some(line) = sparkline(app, &me.id, today) {
        let label = "  Trust, last four weeks  ";
        let mut spans = vec![Span::styled(label, t.dim), Span::styled(line, t.accent)];
        // The way to the charts, where it fits.
        if label.len() + 28 + "  (p: progress)".len() <= w {
            spans.push(Span::styled("  (p: progress)", t.dim));
        }
        week.push(Line::from(spans));
    }
    parts.push(Part::must(day));
    let week = Part::of(week);

    let mut asked = Vec::new();
    for m in super::moment::requests_for_me(app) {
        let who = app
            .data
            .partners
            .iter()
            .find(|p| p.id == m.partner)
            .map(|p| p.name.as_str())
            .unwrap_or("Your partner");
        let text = format!(
            "{who} had a difficult moment on {} and asked for reassurance. (k: seen)",
            m.date.format("%-d %b")
        );
        asked.extend(widgets::indented(&text, w, "  ", t.alert));
    }
    // A request for reassurance is never crowded out.
    parts.push(Part::must(asked));
    parts.push(week);
    let mut seen = Vec::new();
    for m in super::moment::my_requests_seen(app) {
        let text = format!(
            "{} saw your request for reassurance of {} (on {}).",
            app.partner_name(&m.partner_other),
            m.asked.format("%-d %b"),
            m.seen.format("%-d %b")
        );
        seen.extend(widgets::indented(&text, w, "  ", t.accent));
    }
    parts.push(Part::of(seen));
    if super::review::due(app) {
        parts.push(Part::of(widgets::indented(
            "Four weeks have passed: time for a short review of how it is going (v).",
            w,
            "  ",
            t.accent,
        )));
    }
    for m in &app.derived.milestones_today {
        parts.push(Part::of(widgets::indented(m, w, "  ", t.accent)));
    }
    if let Some(d) = my_draft(app) {
        let what = if d.sealed.is_some() {
            "private until you unlock".to_string()
        } else {
            d.link
                .as_ref()
                .and_then(|l| l.prompt_text.clone())
                .unwrap_or_else(|| "a new entry".into())
        };
        let when = d.saved.format("%-d %b %H:%M");
        // The key and what it does stay on one line (no-break spaces).
        let text = format!("  Unsaved draft from {when}: {what} (d\u{a0}continues\u{a0}it)");
        let short = format!("  Unsaved draft from {when} (d\u{a0}continues\u{a0}it)");
        parts.push(Part {
            lines: widgets::flow(&[(&text, t.accent)], w, "    "),
            short: Some(widgets::flow(&[(&short, t.accent)], w, "    ")),
            ..Part::of(Vec::new())
        });
    }

    let heading = || Line::from(Span::styled("Next on your path", t.heading));
    let completed = |gid: &str| completed(app, &me.id, gid);
    let mut next = vec![Line::default(), heading()];
    let mut next_short = vec![Line::default(), heading()];
    match app.pack.next_on_path(me.role, completed) {
        Some(g) => {
            let stage = app
                .pack
                .stage(&g.stage)
                .map(|s| s.name.as_str())
                .unwrap_or("");
            let about = format!("  · {stage} · about {} minutes", g.minutes);
            let title = format!("  {}", g.title);
            let head = widgets::flow(&[(&title, t.accent), (&about, t.dim)], w, "    ");
            next.extend(head.clone());
            next_short.extend(head);
            next.extend(widgets::indented(&g.summary, w, "  ", t.dim));
        }
        None => {
            let done = widgets::indented("Every guide on your path is complete.", w, "  ", t.text);
            next.extend(done.clone());
            next_short.extend(done);
        }
    }
    let done_count = app.pack.guides.iter().filter(|g| completed(&g.id)).count();
    // The safety check stores nothing, so it is never "done": it stands on its own, first.
    let safety = if app.pack.guides.iter().any(|g| g.ephemeral) {
        " · safety check: first in the guides (g)"
    } else {
        ""
    };
    let counted = app.pack.guides.iter().filter(|g| !g.ephemeral).count();
    let count = widgets::indented(
        &format!("{done_count} of {counted} guides completed{safety}"),
        w,
        "  ",
        t.dim,
    );
    next.extend(count);
    parts.push(Part {
        lines: next,
        short: Some(next_short),
        ..Part::of(Vec::new())
    });

    parts
}

/// The latest entries, at most `want`, one line each: a heading and the rows, which may be
/// fewer on a small page.
fn recent(app: &App, w: usize, want: usize) -> Part {
    let t = &app.theme;
    let mut recent = vec![
        Line::default(),
        Line::from(Span::styled("Recent entries", t.heading)),
    ];
    let entries: Vec<_> = app.data.recent_entries.iter().take(want).collect();
    if entries.is_empty() {
        recent.push(Line::from(Span::styled("  Nothing written yet.", t.dim)));
    }
    for e in &entries {
        let author = app.partner_name(&e.author);
        let head = widgets::entry_headline(e, 8);
        let text = escape_line(&format!("{}  {author}  {head}", e.created.format("%d %b")));
        let text = crate::text::truncate_width(&text, w.saturating_sub(2));
        recent.push(Line::from(Span::styled(format!("  {text}"), t.text)));
    }
    Part {
        rows: entries.len(),
        ..Part::of(recent)
    }
}

/// Home has no state of its own: everything it shows is the app's.
#[derive(Debug, Clone, Copy, Default)]
pub struct Home;

/// The keys of this screen: what its handler matches, and its footer and help.
pub static KEYS: Table = Table {
    title: "Home",
    bindings: &[
        b("c", "today's check-in", "check in", Action::CheckIn),
        b(
            "n, Enter",
            "open the next guide on your path",
            "next guide",
            Action::NextGuide,
        ),
        b("g", "all guides", "guides", Action::Guides),
        b("w", "write a journal entry", "write", Action::Write),
        b(
            "j",
            "the journal: read, search, edit",
            "journal",
            Action::Journal,
        ),
        b(
            "s",
            "settings: names, roles, theme, mouse, quick-hide",
            "",
            Action::Settings,
        ),
        b("d", "continue an unsaved draft", "", Action::Draft),
        b("m", "log a difficult moment", "", Action::Moment),
        b(
            "M",
            "your moments: what set them off, what helped most, what your partner shared",
            "",
            Action::View,
        ),
        b(
            "p",
            "progress: trends, moments, calendar, milestones",
            "",
            Action::Progress,
        ),
        b("a", "agreements & promises", "", Action::Agreements),
        b("v", "the four-week review", "", Action::Review),
        b(
            "x",
            "export: a file of your journal, or the counsellor summary",
            "export",
            Action::Export,
        ),
        b(
            "k",
            "I have seen my partner's request for reassurance",
            "",
            Action::Acknowledge,
        ),
        b(
            "Tab",
            "switch partner (not a login)",
            "switch",
            Action::SwitchPartner,
        ),
        b(
            "r",
            "restore the last good copy of a file that could not be read",
            "",
            Action::Restore,
        ),
        b("q", "quit", "", Action::Quit),
    ],
};

impl View for Home {
    fn keys(&self) -> Keys {
        &KEYS
    }
    fn on_key(&mut self, app: &mut App, key: &KeyEvent) -> Reply {
        on_key(app, key)
    }
    fn render(&self, frame: &mut Frame, app: &App) {
        render(frame, app)
    }
}
