//! Drawing agreements & promises: the two tabs, their lists, and what is being typed.

use super::{AgreementsScreen, Input, Tab, sorted_agreements, sorted_promises};
use crate::text::{escape_line, truncate_width, wrap};
use crate::together::{AgreementState, Category, Kept, Repeat, Response};
use crate::ui::{App, widgets};
use ratatui::Frame;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn render(frame: &mut Frame, app: &App, s: &AgreementsScreen) {
    let body = widgets::page(frame, app, "Agreements & promises");
    let t = &app.theme;
    let w = body.width as usize;
    let today = app.clock.today();
    let partners = app.data.partners.len();
    let mut lines = Vec::new();
    let tab = |n: &str, on: bool| {
        Span::styled(
            if on {
                format!("[{n}]")
            } else {
                format!(" {n} ")
            },
            if on { t.selected } else { t.dim },
        )
    };
    lines.push(Line::from(vec![
        tab("1 Agreements", s.tab == Tab::Agreements),
        Span::raw(" "),
        tab("2 Promises", s.tab == Tab::Promises),
    ]));
    lines.push(Line::default());
    if let Some((input, text)) = &s.input {
        let (label, kind) = match input {
            Input::NewAgreement(c) => (
                "A new agreement",
                format!(
                    "{} (Tab to change)",
                    if *c == Category::Boundary {
                        "a boundary"
                    } else {
                        "an expectation"
                    }
                ),
            ),
            Input::EditAgreement(_) => ("New wording", "both agree again".to_string()),
            Input::Retire(_) => ("Why retire it?", "a short reason".to_string()),
            Input::NewPromise(r) => (
                "I will…",
                format!(
                    "{} (Tab to change)",
                    match r {
                        Repeat::Once => "once; end with \"by YYYY-MM-DD\" for a due date",
                        Repeat::Daily => "every day",
                        Repeat::Weekly => "every week",
                    }
                ),
            ),
        };
        lines.push(Line::from(vec![
            Span::styled(label, t.heading),
            Span::styled(format!("  {kind}"), t.dim),
        ]));
        for l in wrap(&format!("{}_", escape_line(text)), w.saturating_sub(2)) {
            lines.push(Line::from(Span::styled(format!("  {l}"), t.text)));
        }
        lines.push(Line::from(Span::styled("Enter saves · Esc cancels", t.dim)));
        lines.push(Line::default());
    }
    match s.tab {
        Tab::Agreements => {
            let list = sorted_agreements(app);
            if list.is_empty() {
                for l in wrap(
                    "No agreements yet. n proposes one: a boundary (what you will or will not do) or an expectation (what you can count on). Openness is offered, for a set time, never demanded.",
                    w,
                ) {
                    lines.push(Line::from(Span::styled(l, t.dim)));
                }
            }
            for (i, a) in list.iter().enumerate() {
                let state = match a.state(partners) {
                    AgreementState::Agreed => "agreed".to_string(),
                    AgreementState::Retired => format!(
                        "retired: {}",
                        a.retired
                            .as_ref()
                            .map(|r| escape_line(&r.reason))
                            .unwrap_or_default()
                    ),
                    AgreementState::Proposed => {
                        let waiting: Vec<String> = app
                            .data
                            .partners
                            .iter()
                            .filter(|p| !a.has_agreed(&p.id))
                            .map(|p| escape_line(&p.name))
                            .collect();
                        format!("waiting for {} to agree", waiting.join(" and "))
                    }
                };
                let review = match a.review {
                    Some(r) if a.review_due(today) => {
                        format!(" · review due since {}", r.format("%-d %b"))
                    }
                    Some(r) if a.retired.is_none() => format!(" · review {}", r.format("%-d %b")),
                    _ => String::new(),
                };
                let cat = if a.category == Category::Boundary {
                    "Boundary"
                } else {
                    "Expectation"
                };
                let chosen = i == s.cursor && s.input.is_none();
                let style = if chosen { t.selected } else { t.text };
                for (j, l) in wrap(&escape_line(&a.text), w.saturating_sub(2))
                    .into_iter()
                    .enumerate()
                {
                    lines.push(Line::from(Span::styled(
                        format!("{}{l}", if j == 0 && chosen { "> " } else { "  " }),
                        style,
                    )));
                }
                lines.push(Line::from(Span::styled(
                    truncate_width(
                        &format!(
                            "  {cat} by {} · {state}{review}{}",
                            app.partner_name(&a.proposed_by),
                            if a.history.is_empty() {
                                String::new()
                            } else {
                                format!(" · changed {}×", a.history.len())
                            }
                        ),
                        w,
                    ),
                    t.dim,
                )));
            }
        }
        Tab::Promises => {
            let list = sorted_promises(app);
            if list.is_empty() {
                for l in wrap(
                    "No promises yet. n makes one: small, specific, and kept beats big and broken. Mark it kept (y) or missed (x) as it comes due.",
                    w,
                ) {
                    lines.push(Line::from(Span::styled(l, t.dim)));
                }
            }
            for (i, p) in list.iter().enumerate() {
                let chosen = i == s.cursor && s.input.is_none();
                let style = if chosen { t.selected } else { t.text };
                for (j, l) in wrap(
                    &format!("{}: {}", app.partner_name(&p.by), escape_line(&p.text)),
                    w.saturating_sub(2),
                )
                .into_iter()
                .enumerate()
                {
                    lines.push(Line::from(Span::styled(
                        format!("{}{l}", if j == 0 && chosen { "> " } else { "  " }),
                        style,
                    )));
                }
                let week = crate::together::promises_per_week(
                    std::slice::from_ref(*p),
                    None,
                    today - chrono::Days::new(6),
                    today,
                );
                let (kept, missed): (usize, usize) = week
                    .iter()
                    .fold((0, 0), |(k, m), w| (k + w.kept, m + w.missed));
                let latest = p
                    .occurrences
                    .last()
                    .map(|o| {
                        let s = match o.status {
                            Kept::Kept => "kept",
                            Kept::Missed => "missed",
                            Kept::NotDue => "not due",
                        };
                        let r = match o.response {
                            Some(Response::Confirmed) => ", confirmed",
                            Some(Response::Questioned) => ", questioned",
                            None => "",
                        };
                        format!(" · last {} {s}{r}", o.date.format("%-d %b"))
                    })
                    .unwrap_or_default();
                let repeat = match (p.repeat, p.due) {
                    (Repeat::Once, Some(d)) => format!("once, by {}", d.format("%-d %b")),
                    (Repeat::Once, None) => "once".to_string(),
                    (Repeat::Daily, _) => "daily".to_string(),
                    (Repeat::Weekly, _) => "weekly".to_string(),
                };
                let status = if p.retired.is_some() {
                    " · retired".to_string()
                } else {
                    format!(" · this week {kept} kept, {missed} missed")
                };
                lines.push(Line::from(Span::styled(
                    truncate_width(&format!("  {repeat}{status}{latest}"), w),
                    t.dim,
                )));
            }
        }
    }
    frame.render_widget(Paragraph::new(lines), body);
}
