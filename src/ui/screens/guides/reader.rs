//! The reader for one guide: summary, ideas, questions, exercises, signs of progress; it scrolls.

use super::{GuideList, status_word};
use crate::content::{Guide, Mode};
use crate::model::{GuideProgress, PromptLink, Role};
use crate::text::{escape_control, wrap};
use crate::ui::keys::Keys;
use crate::ui::keys::{Action, Table, b};
use crate::ui::view::View;
use crate::ui::{App, Effect, Reply, Screen, widgets};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

#[derive(Debug, Clone)]
pub struct Reader {
    pub guide: String,
    pub scroll: u16,
    /// Index into the prompts this partner sees.
    pub prompt: usize,
    /// A question has been chosen (Tab): Enter answers it. Until then Enter shows the questions.
    pub choosing: bool,
}

fn on_key(r: &mut Reader, app: &mut App, key: &KeyEvent) -> Reply {
    use crate::ui::keys::Action;
    let page = app.size.1.saturating_sub(6).max(1);
    let together = app.data.partners.len() > 1;
    let role = app.active_partner().map(|p| p.role).unwrap_or(Role::Unsaid);
    let Some(g) = app.pack.guide(&r.guide).cloned() else {
        return Reply::open(Screen::Guides(GuideList::default()));
    };
    let prompts = g.prompts_for(role, together).count();
    // Questions first, then exercises: Tab walks through both.
    let choices = prompts + g.exercises_for(role, together).count();
    match (crate::ui::keys::action(KEYS.bindings, key), key.code) {
        (Some(Action::Scroll), KeyCode::Down | KeyCode::Char('j')) => {
            r.scroll = r.scroll.saturating_add(1)
        }
        (Some(Action::Scroll), KeyCode::Up | KeyCode::Char('k')) => {
            r.scroll = r.scroll.saturating_sub(1)
        }
        (Some(Action::Scroll), KeyCode::PageDown | KeyCode::Char(' ')) => {
            r.scroll = r.scroll.saturating_add(page)
        }
        (Some(Action::Scroll), KeyCode::PageUp) => r.scroll = r.scroll.saturating_sub(page),
        (_, KeyCode::Home) => r.scroll = 0,
        (_, KeyCode::End) => r.scroll = u16::MAX,
        (Some(Action::Cycle | Action::Open), KeyCode::Enter | KeyCode::Tab | KeyCode::BackTab)
            if choices > 0 && !r.choosing =>
        {
            r.choosing = true;
            r.prompt = if key.code == KeyCode::BackTab {
                choices - 1
            } else {
                0
            };
            show_prompt(r, app);
        }
        (Some(Action::Open), KeyCode::Enter) if r.prompt >= prompts => {
            let e = g
                .exercises_for(role, together)
                .nth(r.prompt - prompts)
                .cloned();
            match e {
                Some(e) if crate::ui::exercise::runnable(&e) => {
                    return crate::ui::exercise::open(app, &g, &e);
                }
                Some(e) => match &e.kind {
                    crate::content::ExerciseKind::Agreement {
                        category,
                        suggestions,
                        ..
                    } => {
                        let cat = match category {
                            crate::content::AgreementCategory::Boundary => {
                                crate::together::Category::Boundary
                            }
                            crate::content::AgreementCategory::Expectation => {
                                crate::together::Category::Expectation
                            }
                        };
                        let text = suggestions.first().cloned().unwrap_or_default();
                        return crate::ui::agreements::open_with(
                            crate::ui::agreements::Input::NewAgreement(cat),
                            text,
                        );
                    }
                    crate::content::ExerciseKind::Promise { examples, repeat } => {
                        let r = match repeat {
                            crate::content::Repeat::Once => crate::together::Repeat::Once,
                            crate::content::Repeat::Daily => crate::together::Repeat::Daily,
                            crate::content::Repeat::Weekly => crate::together::Repeat::Weekly,
                        };
                        let text = examples.first().cloned().unwrap_or_default();
                        return crate::ui::agreements::open_with(
                            crate::ui::agreements::Input::NewPromise(r),
                            text,
                        );
                    }
                    crate::content::ExerciseKind::TimedTalk { .. } => {
                        return crate::ui::talk::open(app, &g.id, &e.id);
                    }
                    _ => {}
                },
                None => {}
            }
        }
        (Some(Action::Open), KeyCode::Enter) if prompts > 0 => {
            if g.ephemeral {
                app.status = Some(
                    "Take a moment with this question. Nothing in the safety check is stored, so there is nothing to save."
                        .into(),
                );
                return Reply::stay();
            }
            let link = g
                .prompts_for(role, together)
                .nth(r.prompt)
                .map(|p| PromptLink {
                    guide: g.id.clone(),
                    prompt: Some(p.id.clone()),
                    prompt_text: Some(p.text.clone()),
                });
            if let Some(link) = link {
                let key = link.prompt.clone().unwrap_or_default();
                return crate::ui::editor::open(app, key, Some(link), None);
            }
        }
        (Some(Action::Cycle), KeyCode::Tab) if choices > 0 => {
            r.prompt = (r.prompt + 1) % choices;
            show_prompt(r, app);
        }
        (Some(Action::Cycle), KeyCode::BackTab) if choices > 0 => {
            r.prompt = (r.prompt + choices - 1) % choices;
            show_prompt(r, app);
        }
        (Some(Action::Together), KeyCode::Char('t')) if !g.ephemeral => {
            return crate::ui::session::open(app, &g.id);
        }
        (Some(Action::Together | Action::Complete), _) if g.ephemeral => {
            app.status = Some(
                "The safety check is for you alone, and it keeps nothing, so there is nothing to complete."
                    .into(),
            );
        }
        (Some(Action::Complete), KeyCode::Char('c')) if !g.ephemeral => {
            if let Some(me) = app.active_partner().cloned() {
                let previous = app
                    .data
                    .progress
                    .iter()
                    .find(|p| p.partner == me.id && p.guide == g.id);
                let now = app.clock.now();
                let completed = match previous.and_then(|p| p.completed) {
                    Some(_) => None,
                    None => Some(now),
                };
                let opened = previous.map(|p| p.opened).unwrap_or(now);
                app.status = Some(if completed.is_some() {
                    format!(
                        "\"{}\" is marked complete: ✓ in the guides list. c again takes it back.",
                        g.title
                    )
                } else {
                    format!("\"{}\" is no longer marked complete.", g.title)
                });
                return Effect::SaveProgress(
                    app.actor(),
                    GuideProgress {
                        partner: me.id.clone(),
                        guide: g.id.clone(),
                        opened,
                        completed,
                    },
                )
                .into();
            }
        }
        (_, KeyCode::Esc) => {
            let cursor = app
                .pack
                .guides
                .iter()
                .position(|x| x.id == g.id)
                .unwrap_or(0);
            return Reply::open(Screen::Guides(GuideList { cursor }));
        }
        _ => {}
    }
    Reply::stay()
}

/// Scrolls the reader so that the chosen question is in view, a few lines from the top.
fn show_prompt(r: &mut Reader, app: &App) {
    let Some(g) = app.pack.guide(&r.guide) else {
        return;
    };
    let width = widgets::column(Rect::new(0, 0, app.size.0, app.size.1)).width as usize;
    let line = reader_lines(app, g, r, width)
        .iter()
        .position(|l| l.spans.first().is_some_and(|s| s.content.starts_with("> ")))
        .unwrap_or(0);
    r.scroll = line.saturating_sub(3) as u16;
}

fn render(frame: &mut Frame, app: &App, r: &Reader) {
    let Some(g) = app.pack.guide(&r.guide) else {
        return;
    };
    let body = widgets::page(frame, app, &g.title);
    let lines = reader_lines(app, g, r, body.width as usize);
    let max = (lines.len() as u16).saturating_sub(body.height);
    frame.render_widget(Paragraph::new(lines).scroll((r.scroll.min(max), 0)), body);
}

/// A guide's text as the reader shows it at the top, for the list's preview beside it: no
/// question is chosen yet.
pub(super) fn preview_lines(app: &App, g: &Guide, width: usize) -> Vec<Line<'static>> {
    let untouched = Reader {
        guide: g.id.clone(),
        scroll: 0,
        prompt: usize::MAX,
        choosing: false,
    };
    reader_lines(app, g, &untouched, width)
}

fn reader_lines(app: &App, g: &Guide, r: &Reader, width: usize) -> Vec<Line<'static>> {
    let t = &app.theme;
    let role = app.active_partner().map(|p| p.role).unwrap_or(Role::Unsaid);
    let together = app.data.partners.len() > 1;
    let mut lines: Vec<Line<'static>> = Vec::new();
    let para = |lines: &mut Vec<Line<'static>>, text: &str, style, indent: usize| {
        for l in wrap(&escape_control(text), width.saturating_sub(indent)) {
            lines.push(Line::from(Span::styled(
                format!("{}{l}", " ".repeat(indent)),
                style,
            )));
        }
    };
    let stage = app
        .pack
        .stage(&g.stage)
        .map(|s| s.name.clone())
        .unwrap_or_default();
    let who = g.audience.label().unwrap_or("for both partners");
    let word = status_word(app, g);
    let status = if word.is_empty() {
        String::new()
    } else {
        format!(" · {word}")
    };
    para(
        &mut lines,
        &format!("{stage} · {who} · about {} minutes{status}", g.minutes),
        t.dim,
        0,
    );
    lines.push(Line::default());
    para(&mut lines, &g.summary, t.text, 0);
    lines.push(Line::default());
    para(&mut lines, &app.pack.resources.not_therapy, t.dim, 0);
    if g.ephemeral {
        lines.push(Line::default());
        para(
            &mut lines,
            "Nothing you do in this guide is stored: not a tick, not a word.",
            t.alert,
            0,
        );
    }

    lines.push(Line::default());
    lines.push(Line::from(Span::styled("Ideas", t.heading)));
    for idea in &g.ideas {
        lines.push(Line::default());
        para(&mut lines, &idea.title, t.accent, 0);
        for p in idea.text.split("\n\n") {
            para(&mut lines, p, t.text, 0);
        }
    }

    lines.push(Line::default());
    lines.push(Line::from(Span::styled(
        "Questions to write about",
        t.heading,
    )));
    let me = app
        .active_partner()
        .map(|p| p.id.clone())
        .unwrap_or_default();
    for (i, p) in g.prompts_for(role, together).enumerate() {
        let done = app.data.answered.contains(&(me.clone(), p.id.clone()));
        let mark = if done { "[answered] " } else { "" };
        let mut label = String::new();
        if role == Role::Unsaid
            && let Some(l) = p.audience.unwrap_or(g.audience).label()
        {
            label.push_str(&format!(" ({l})"));
        }
        if p.mode == Mode::Together {
            label.push_str(" (together)");
        }
        let style = if i == r.prompt { t.selected } else { t.text };
        let text = format!(
            "{}{mark}{}{label}",
            if i == r.prompt { "> " } else { "- " },
            p.text
        );
        for (j, l) in wrap(&escape_control(&text), width.saturating_sub(2))
            .into_iter()
            .enumerate()
        {
            let l = if j == 0 { l } else { format!("  {l}") };
            lines.push(Line::from(Span::styled(l, style)));
        }
    }

    let prompts = g.prompts_for(role, together).count();
    let exercises: Vec<_> = g.exercises_for(role, together).collect();
    if !exercises.is_empty() {
        lines.push(Line::default());
        lines.push(Line::from(Span::styled("Exercises", t.heading)));
        for (n, e) in exercises.into_iter().enumerate() {
            let chosen = r.choosing && r.prompt == prompts + n;
            lines.push(Line::default());
            let style = if chosen { t.selected } else { t.accent };
            let lead = if chosen { "> " } else { "" };
            para(&mut lines, &format!("{lead}{}", e.title), style, 0);
            para(&mut lines, &e.intro, t.text, 0);
            if !crate::ui::exercise::runnable(e) {
                para(
                    &mut lines,
                    "(For two: this exercise arrives with together mode.)",
                    t.dim,
                    2,
                );
            } else if g.ephemeral {
                para(
                    &mut lines,
                    "Enter opens it. Nothing you tick is stored.",
                    t.dim,
                    2,
                );
            } else {
                match crate::ui::exercise::summary(app, e) {
                    Some(s) => para(&mut lines, &s, t.dim, 2),
                    None => para(
                        &mut lines,
                        "Not done yet. Choose it with Tab, then Enter.",
                        t.dim,
                        2,
                    ),
                }
            }
        }
    }

    lines.push(Line::default());
    lines.push(Line::from(Span::styled("Signs of progress", t.heading)));
    for s in &g.signs_of_progress {
        para(&mut lines, &format!("- {s}"), t.text, 0);
    }
    lines
}

/// The keys of this screen: what its handler matches, and its footer and help.
pub static KEYS: Table = Table {
    title: "Reading a guide",
    bindings: &[
        b(
            "Up, Down, PgUp, PgDn, Space, Home, End, k, j",
            "scroll",
            "scroll",
            Action::Scroll,
        ),
        b(
            "Tab, Shift-Tab",
            "show the questions and exercises, and choose one",
            "choose",
            Action::Cycle,
        ),
        b(
            "Enter",
            "answer the question, or start the exercise",
            "open",
            Action::Open,
        ),
        b(
            "c",
            "mark the guide complete (again to undo)",
            "complete",
            Action::Complete,
        ),
        b(
            "t",
            "work through this guide together, in turns",
            "together",
            Action::Together,
        ),
    ],
};

impl View for Reader {
    fn keys(&self) -> Keys {
        &KEYS
    }
    fn on_key(&mut self, app: &mut App, key: &KeyEvent) -> Reply {
        on_key(self, app, key)
    }
    fn render(&self, frame: &mut Frame, app: &App) {
        render(frame, app, self)
    }
}
