//! The guides: a list grouped by stage with each guide's progress, and a reader for one guide
//! (summary, ideas, questions, exercises, signs of progress) that scrolls.

use super::{App, Effect, Reply, Screen};
use crate::content::Guide;
use crate::model::GuideProgress;
use ratatui::layout::Rect;

mod list;
mod reader;
pub use list::{GuideList, KEYS as LIST_KEYS};
pub use reader::{KEYS as READER_KEYS, Reader};

/// Where a partner stands with a guide, in words (never colour alone).
pub fn status_word(app: &App, g: &Guide) -> &'static str {
    let Some(me) = app.active_partner() else {
        return "";
    };
    match app
        .data
        .progress
        .iter()
        .find(|p| p.partner == me.id && p.guide == g.id)
    {
        Some(p) if p.completed.is_some() => "done",
        Some(_) => "opened",
        None => "",
    }
}

/// Prompts of `g` this partner answered / prompts they see.
fn answered(app: &App, g: &Guide) -> (usize, usize) {
    let Some(me) = app.active_partner() else {
        return (0, 0);
    };
    let together = app.data.partners.len() > 1;
    let prompts: Vec<_> = g.prompts_for(me.role, together).collect();
    let done = prompts
        .iter()
        .filter(|p| app.data.answered.contains(&(me.id.clone(), p.id.clone())))
        .count();
    (done, prompts.len())
}

/// Opens a guide's reader, and records that the partner opened it (except the safety check,
/// which stores nothing).
pub fn open(app: &App, id: &str) -> Reply {
    let Some(g) = app.pack.guide(id) else {
        return Reply::stay();
    };
    let mut effects = Vec::new();
    if let Some(me) = app.active_partner()
        && !g.ephemeral
        && !app
            .data
            .progress
            .iter()
            .any(|p| p.partner == me.id && p.guide == g.id)
    {
        effects.push(Effect::SaveProgress(
            app.actor(),
            GuideProgress {
                partner: me.id.clone(),
                guide: g.id.clone(),
                opened: app.clock.now(),
                completed: None,
            },
        ));
    }
    Reply::open(Screen::Reader(Reader {
        guide: id.to_string(),
        scroll: 0,
        prompt: 0,
        choosing: false,
    }))
    .with(effects)
}

/// A scroll offset that keeps `line` in view, a few lines from the top.
fn scroll_to(line: usize, area: Rect) -> u16 {
    let h = area.height as usize;
    if line + 3 < h {
        0
    } else {
        (line + 3 - h) as u16
    }
}
