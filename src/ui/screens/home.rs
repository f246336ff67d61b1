//! Home: the active partner, today's check-in, the next guide on their path, progress across
//! the guides, and recent entries.

use super::keys::Keys;
use super::keys::{Action, Table, b};
use super::view::View;
use super::{App, Reply, widgets};
use crate::text::{escape_line, wrap};
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
        let files: Vec<_> = app.data.damaged.iter().map(|d| d.rel.clone()).collect();
        if files.is_empty() {
            app.status = Some("Every file reads well: there is nothing to restore.".into());
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
        Action::Settings => return Reply::open(super::Screen::Settings(Default::default())),
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

pub fn render(frame: &mut Frame, app: &App) {
    let body = widgets::page(frame, app, "Home");
    let t = &app.theme;
    let w = body.width as usize;
    // Damage first: what is missing matters more than anything else here.
    let mut lines: Vec<Line> = widgets::damage_notice(app, w);
    let Some(me) = app.active_partner() else {
        let text = if app.data.partners_damaged() {
            "Nobody's writing can be shown until the partners file is back. \
             The safety screen (! or F2) works as always."
        } else {
            "No partner yet."
        };
        for l in wrap(text, w) {
            lines.push(Line::from(Span::styled(l, t.text)));
        }
        frame.render_widget(Paragraph::new(lines), body);
        return;
    };
    let today = app.clock.today();

    lines.push(Line::from(Span::styled("Today", t.heading)));
    let done = app
        .data
        .recent_checkins
        .iter()
        .find(|c| c.partner == me.id && c.date == today);
    lines.push(Line::from(match done {
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
    let streak = crate::stats::streak(&days, today);
    if streak.current > 0 {
        lines.push(Line::from(Span::styled(
            format!(
                "  {} in a row",
                crate::text::plural(streak.current as usize, "day", "days")
            ),
            t.dim,
        )));
    }

    if let Some(line) = sparkline(app, &me.id, today) {
        lines.push(Line::from(vec![
            Span::styled("  Trust, last four weeks  ", t.dim),
            Span::styled(line, t.accent),
            Span::styled("  (p: progress)", t.dim),
        ]));
    }

    let completed = |gid: &str| completed(app, &me.id, gid);
    for m in super::moment::requests_for_me(app) {
        let who = app
            .data
            .partners
            .iter()
            .find(|p| p.id == m.partner)
            .map(|p| p.name.as_str())
            .unwrap_or("Your partner");
        let text = format!(
            "  {} had a difficult moment on {} and asked for reassurance. (k: seen)",
            escape_line(who),
            m.date.format("%-d %b")
        );
        for l in wrap(&text, w) {
            lines.push(Line::from(Span::styled(l, t.alert)));
        }
    }
    for m in super::moment::my_requests_seen(app) {
        let text = format!(
            "  {} saw your request for reassurance of {} (on {}).",
            app.partner_name(&m.partner_other),
            m.asked.format("%-d %b"),
            m.seen.format("%-d %b")
        );
        for l in wrap(&text, w) {
            lines.push(Line::from(Span::styled(l, t.accent)));
        }
    }
    if super::review::due(app) {
        lines.push(Line::from(Span::styled(
            "  Four weeks have passed: time for a short review of how it is going (v).",
            t.accent,
        )));
    }
    let today_milestones: Vec<String> = app.derived.milestones_today.clone();
    for m in today_milestones {
        for l in wrap(&format!("  {m}"), w) {
            lines.push(Line::from(Span::styled(l, t.accent)));
        }
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
        let text = format!(
            "  Unsaved draft from {}: {} (d continues it)",
            d.saved.format("%-d %b %H:%M"),
            what
        );
        lines.push(Line::from(Span::styled(
            crate::text::truncate_width(&escape_line(&text), w),
            t.accent,
        )));
    }
    lines.push(Line::default());
    lines.push(Line::from(Span::styled("Next on your path", t.heading)));
    match app.pack.next_on_path(me.role, completed) {
        Some(g) => {
            let stage = app
                .pack
                .stage(&g.stage)
                .map(|s| s.name.as_str())
                .unwrap_or("");
            lines.push(Line::from(vec![
                Span::styled(format!("  {}", g.title), t.accent),
                Span::styled(format!("  · {stage} · about {} minutes", g.minutes), t.dim),
            ]));
            for l in wrap(&g.summary, w.saturating_sub(2)) {
                lines.push(Line::from(Span::styled(format!("  {l}"), t.dim)));
            }
        }
        None => lines.push(Line::from("  Every guide on your path is complete.")),
    }
    let done_count = app.pack.guides.iter().filter(|g| completed(&g.id)).count();
    // The safety check stores nothing, so it is never "done": it stands on its own, first.
    let safety = if app.pack.guides.iter().any(|g| g.ephemeral) {
        " · safety check: first in the guides (g)"
    } else {
        ""
    };
    let counted = app.pack.guides.iter().filter(|g| !g.ephemeral).count();
    for l in wrap(
        &format!("{done_count} of {counted} guides completed{safety}"),
        w.saturating_sub(2),
    ) {
        lines.push(Line::from(Span::styled(format!("  {l}"), t.dim)));
    }
    lines.push(Line::default());

    lines.push(Line::from(Span::styled("Recent entries", t.heading)));
    let recent: Vec<_> = app.data.recent_entries.iter().take(5).collect();
    if recent.is_empty() {
        lines.push(Line::from(Span::styled("  Nothing written yet.", t.dim)));
    }
    for e in recent {
        let author = app.partner_name(&e.author);
        let head = widgets::entry_headline(e, 8);
        let text = escape_line(&format!("{}  {author}  {head}", e.created.format("%d %b")));
        let text = crate::text::truncate_width(&text, w.saturating_sub(2));
        lines.push(Line::from(Span::styled(format!("  {text}"), t.text)));
    }
    lines.push(Line::default());
    if let Some(other) = app.other_partner() {
        lines.push(Line::from(Span::styled(
            format!(
                "Tab switches to {} (not a login).",
                escape_line(&other.name)
            ),
            t.dim,
        )));
    }
    for l in wrap(&app.pack.resources.not_therapy, w) {
        lines.push(Line::from(Span::styled(l, t.dim)));
    }
    frame.render_widget(Paragraph::new(lines), body);
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
