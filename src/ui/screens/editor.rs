//! The editor: multi-line, soft-wrapped, Unicode and paste safe, with undo, a word count, a
//! title and tags, and a draft saved at most two seconds after typing (and on every way out).

use super::keys::Keys;
use super::keys::{Action, Table, b};
use super::view::View;
use super::{App, Effect, Reply, Screen, widgets};
use crate::model::{Draft, Entry, PromptLink, Visibility};
use crate::text::{escape_line, hashtags, tag_list, tags_field, truncate_width, word_count, wrap};
use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui_textarea::{CursorMove, TextArea, WrapMode};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Body,
    Title,
    Tags,
}

#[derive(Debug, Clone)]
pub struct Editor {
    /// The draft's place: a prompt id, `free`, or `edit:<entry id>`.
    pub key: String,
    pub link: Option<PromptLink>,
    /// The entry being edited, if any (its id and created time are kept).
    pub editing: Option<Entry>,
    pub title: String,
    pub tags: String,
    pub body: TextArea<'static>,
    pub focus: Focus,
    /// Changed since the last save of the draft.
    pub dirty: bool,
    /// Esc was pressed with text that would be lost: the next key decides.
    pub confirm_leave: bool,
    /// Where Esc or a save returns to.
    pub back: Box<Screen>,
    /// Sealed with the author's key on save (and so is its draft).
    pub private: bool,
    /// The entry this one responds to (a partner's).
    pub responds_to: Option<String>,
    /// What is shown of it above the text: whose, when, how it begins.
    pub responding: Option<String>,
}

impl Editor {
    /// An empty editor at a place; where it returns to is filled in when it is shown
    /// ([`Nav::Push`](super::Nav)).
    pub fn new(key: String, link: Option<PromptLink>) -> Editor {
        let mut body = TextArea::default();
        body.set_wrap_mode(WrapMode::WordOrGlyph);
        body.set_max_histories(200);
        Editor {
            key,
            link,
            editing: None,
            title: String::new(),
            tags: String::new(),
            body,
            focus: Focus::Body,
            dirty: false,
            confirm_leave: false,
            back: Box::default(),
            private: false,
            responds_to: None,
            responding: None,
        }
    }

    pub fn text(&self) -> String {
        self.body.lines().join("\n")
    }

    fn set_text(&mut self, text: &str) {
        let lines: Vec<String> = text.split('\n').map(str::to_string).collect();
        let mut body = TextArea::new(lines);
        body.set_wrap_mode(WrapMode::WordOrGlyph);
        body.set_max_histories(200);
        // Go on writing where the text ends.
        body.move_cursor(CursorMove::Bottom);
        body.move_cursor(CursorMove::End);
        self.body = body;
    }

    pub fn is_empty(&self) -> bool {
        self.text().trim().is_empty() && self.title.trim().is_empty()
    }

    pub fn draft(&self, partner: &str, now: crate::model::Timestamp) -> Draft {
        Draft {
            partner: partner.to_string(),
            key: self.key.clone(),
            title: self.title.clone(),
            tags: self.tags.clone(),
            body: self.text(),
            link: self.link.clone(),
            entry: self.editing.as_ref().map(|e| e.id.clone()),
            saved: now,
            sealed: None,
        }
    }

    /// Inserts pasted text as typed text: line endings normalised, other control characters
    /// (except tabs) dropped.
    pub fn paste(&mut self, text: &str) {
        let text = text.replace("\r\n", "\n").replace('\r', "\n");
        let clean: String = text
            .chars()
            .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
            .collect();
        match self.focus {
            Focus::Body => {
                self.body.insert_str(clean);
            }
            Focus::Title => self.title.push_str(&clean.replace('\n', " ")),
            Focus::Tags => self.tags.push_str(&clean.replace('\n', " ")),
        }
        self.dirty = true;
    }
}

/// Opens the editor for the active partner at `key`, restoring their draft there if one exists.
/// A partner with a passphrase unlocks first, so their draft can be kept sealed as they type
/// (and a sealed draft of theirs can be offered again).
pub fn open(app: &mut App, key: String, link: Option<PromptLink>, editing: Option<Entry>) -> Reply {
    if super::unlock::needs_key(app) {
        app.pending_editor = Some(Box::new((key, link, editing)));
        super::unlock::ask(app, super::unlock::Then::OpenEditor);
        return Reply::stay();
    }
    let mut ed = Editor::new(key, link);
    // A response's place names the entry it answers, so a draft of one resumes as one.
    ed.responds_to = ed.key.strip_prefix("respond:").map(str::to_string);
    if let Some(e) = &editing {
        ed.title = e.title.clone().unwrap_or_default();
        ed.tags = tags_field(&e.tags);
        ed.set_text(&e.body);
    }
    ed.private = match &ed.editing {
        Some(e) => e.visibility == Visibility::Private,
        // Once a partner has a passphrase, new entries default to private.
        None => super::unlock::keyed(app),
    };
    ed.editing = editing;
    if let Some(me) = app.active_partner()
        && let Some(d) = app
            .data
            .drafts
            .iter()
            .find(|d| d.partner == me.id && d.key == ed.key)
    {
        ed.title = d.title.clone();
        ed.tags = d.tags.clone();
        ed.set_text(&d.body);
        app.status = Some(format!(
            "Restored your unsaved draft from {}.",
            d.saved.format("%-d %b %H:%M")
        ));
    }
    Reply::push(Screen::Editor(Box::new(ed)))
}

fn on_key(ed: &mut Editor, app: &mut App, key: &KeyEvent) -> Reply {
    use super::keys::Action;
    let keyed = super::unlock::keyed(app);
    let actor = app.actor();
    let now = app.clock.now();
    let me = app
        .active_partner()
        .map(|p| p.id.clone())
        .unwrap_or_default();
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if ed.confirm_leave {
        ed.confirm_leave = false;
        return match (super::keys::action(KEYS.bindings, key), key.code) {
            (_, KeyCode::Char('y') | KeyCode::Char('l')) => {
                let draft = ed.draft(&me, now);
                app.status = Some("Left without saving. Your draft is kept.".into());
                // Held in memory too, so home offers it at once (and while the folder is gone).
                crate::store::upsert(&mut app.data.drafts, draft.clone());
                ed.leave().with([Effect::SaveDraft(actor, draft)])
            }
            (_, KeyCode::Char('d')) => {
                app.status = Some("Discarded.".into());
                ed.leave()
                    .with([Effect::DeleteDraft(actor, ed.key.clone())])
            }
            _ => Reply::stay(),
        };
    }
    match (super::keys::action(KEYS.bindings, key), key.code) {
        (Some(Action::Save), KeyCode::Char('s')) if ctrl => return save(ed, app),
        (Some(Action::Privacy), KeyCode::Char('p')) if ctrl => {
            if ed.private || keyed {
                ed.private = !ed.private;
            } else {
                app.status = Some(
                    "Private entries need a passphrase first: trustwork partners passphrase NAME."
                        .into(),
                );
            }
            return Reply::stay();
        }
        (_, KeyCode::Esc) => {
            if ed.is_empty() {
                return ed
                    .leave()
                    .with([Effect::DeleteDraft(actor, ed.key.clone())]);
            }
            ed.confirm_leave = true;
            return Reply::stay();
        }
        (Some(Action::Cycle), KeyCode::Tab) if !ctrl => {
            ed.focus = match ed.focus {
                Focus::Body => Focus::Title,
                Focus::Title => Focus::Tags,
                Focus::Tags => Focus::Body,
            };
            return Reply::stay();
        }
        (Some(Action::Cycle), KeyCode::BackTab) => {
            ed.focus = match ed.focus {
                Focus::Body => Focus::Tags,
                Focus::Title => Focus::Body,
                Focus::Tags => Focus::Title,
            };
            return Reply::stay();
        }
        _ => {}
    }
    let changed = match ed.focus {
        Focus::Body => match (super::keys::action(KEYS.bindings, key), key.code) {
            (Some(Action::UndoRedo), KeyCode::Char('z')) if ctrl => ed.body.undo(),
            (Some(Action::UndoRedo), KeyCode::Char('y')) if ctrl => ed.body.redo(),
            // The top and the end of the text, and a page at a time, reaching both ends.
            (_, KeyCode::Home) if ctrl => {
                ed.body.move_cursor(CursorMove::Top);
                ed.body.move_cursor(CursorMove::Head);
                false
            }
            (_, KeyCode::End) if ctrl => {
                ed.body.move_cursor(CursorMove::Bottom);
                ed.body.move_cursor(CursorMove::End);
                false
            }
            (_, KeyCode::PageUp | KeyCode::PageDown) => {
                page(ed, key.code == KeyCode::PageUp, app.size.1);
                false
            }
            _ => ed.body.input(*key),
        },
        Focus::Title | Focus::Tags => {
            let field = if ed.focus == Focus::Title {
                &mut ed.title
            } else {
                &mut ed.tags
            };
            match (super::keys::action(KEYS.bindings, key), key.code) {
                (_, KeyCode::Backspace) => field.pop().is_some(),
                (_, KeyCode::Enter) => {
                    ed.focus = Focus::Body;
                    false
                }
                (_, KeyCode::Char(c)) if !ctrl => {
                    field.push(c);
                    true
                }
                _ => false,
            }
        }
    };
    if changed {
        ed.dirty = true;
        Effect::DraftDirty.into()
    } else {
        Reply::stay()
    }
}

/// PgUp or PgDn: a page of lines up or down; at the first (last) line, to its start (end), so
/// pressing it again always reaches the top (bottom).
fn page(ed: &mut Editor, up: bool, height: u16) {
    let rows = height.saturating_sub(12).max(1);
    let row = ed.body.cursor().0;
    let last = ed.body.lines().len().saturating_sub(1);
    if up && row == 0 {
        ed.body.move_cursor(CursorMove::Head);
        return;
    }
    if !up && row >= last {
        ed.body.move_cursor(CursorMove::End);
        return;
    }
    let target = if up {
        row.saturating_sub(rows as usize)
    } else {
        (row + rows as usize).min(last)
    };
    let col = ed.body.cursor().1;
    ed.body.move_cursor(CursorMove::Jump(
        target.min(u16::MAX as usize) as u16,
        col.min(u16::MAX as usize) as u16,
    ));
}

/// The draft to write now, if the editor has unsaved changes (the 2-second timer, quitting).
pub fn pending_draft(app: &mut App) -> Option<Effect> {
    let now = app.clock.now();
    let me = app.active_partner()?.id.clone();
    // A partner with a passphrase has their draft sealed; while locked it stays in memory.
    if super::unlock::needs_key(app) {
        return None;
    }
    let actor = app.actor();
    let Screen::Editor(ed) = &mut app.screen else {
        return None;
    };
    if !ed.dirty {
        return None;
    }
    ed.dirty = false;
    Some(Effect::SaveDraft(actor, ed.draft(&me, now)))
}

fn save(ed: &mut Editor, app: &mut App) -> Reply {
    let now = app.clock.now();
    let Some(me) = app.active_partner().map(|p| p.id.clone()) else {
        return Reply::stay();
    };
    let body = ed.text().trim_end().to_string();
    if body.trim().is_empty() {
        app.status = Some("There is nothing to save yet.".into());
        return Reply::stay();
    }
    if ed.private && super::unlock::key(app).is_none() {
        let save = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        super::unlock::ask(app, super::unlock::Then::Replay(save));
        return Reply::stay();
    }
    let actor = app.actor();
    let mut tags: Vec<String> = tag_list(&ed.tags);
    for t in hashtags(&body) {
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    let title = Some(ed.title.trim().to_string()).filter(|t| !t.is_empty());
    let entry = match &ed.editing {
        Some(old) => Entry {
            title,
            body,
            tags,
            updated: now,
            ..old.clone()
        },
        None => Entry {
            id: app.ids.fresh(),
            author: me.clone(),
            created: now,
            updated: now,
            title,
            body,
            tags,
            starred: false,
            for_counsellor: false,
            link: ed.link.clone(),
            visibility: Visibility::Shared,
            source: None,
            responds_to: ed.responds_to.clone(),
            sealed: None,
        },
    };
    let key = ed.key.clone();
    let private = ed.private;
    app.status = Some(if private { "Saved, private." } else { "Saved." }.into());
    if let Some(p) = entry.link.as_ref().and_then(|l| l.prompt.clone()) {
        app.data.answered.insert((entry.author.clone(), p));
    }
    ed.leave().with([
        Effect::SaveEntry(actor.clone(), entry, private),
        Effect::DeleteDraft(actor, key),
    ])
}

impl Editor {
    /// Back to where the editor was opened from.
    fn leave(&mut self) -> Reply {
        Reply::open(std::mem::take(&mut *self.back))
    }
}

fn render(frame: &mut Frame, app: &App, ed: &Editor) {
    let title = match &ed.editing {
        Some(_) => "Editing an entry",
        None if ed.responds_to.is_some() => "Responding",
        None if ed.link.is_some() => "Answering",
        None => "New entry",
    };
    let body = widgets::page(frame, app, title);
    let t = &app.theme;
    let w = body.width as usize;
    let mut head: Vec<Line> = Vec::new();
    if let Some(text) = ed.link.as_ref().and_then(|l| l.prompt_text.as_deref()) {
        for l in wrap(&crate::text::escape_control(text), w)
            .into_iter()
            .take(3)
        {
            head.push(Line::from(Span::styled(l, t.accent)));
        }
    }
    if let Some(r) = &ed.responding {
        for l in wrap(r, w).into_iter().take(3) {
            head.push(Line::from(Span::styled(l, t.accent)));
        }
    }
    let keyed = super::unlock::keyed(app);
    let visible = match (ed.private, app.other_partner()) {
        (true, _) => {
            "Private: encrypted, only you can read it (Ctrl-P: make it shared).".to_string()
        }
        (false, Some(o)) if keyed => format!(
            "Shared: visible to {} too (Ctrl-P: make it private).",
            escape_line(&o.name)
        ),
        (false, Some(o)) => format!("Shared: visible to {} too.", escape_line(&o.name)),
        (false, None) => "Shared: anyone who opens trustwork here can read it.".into(),
    };
    head.push(Line::from(Span::styled(visible, t.dim)));
    let field = |label: &str, value: &str, focused: bool| {
        let style = if focused { t.selected } else { t.text };
        Line::from(vec![
            Span::styled(format!("{label:<7}"), t.dim),
            Span::styled(
                truncate_width(&escape_line(value), w.saturating_sub(9))
                    + if focused { "_" } else { "" },
                style,
            ),
        ])
    };
    head.push(field("Title", &ed.title, ed.focus == Focus::Title));
    head.push(field("Tags", &ed.tags, ed.focus == Focus::Tags));
    let head_h = head.len() as u16;
    let words = word_count(&ed.text());
    let info_lines = if ed.confirm_leave {
        use widgets::Part;
        let parts = [
            Part::or(
                "Leave without saving? y: leave (your draft is kept)",
                "Leave? y: keep the draft",
            ),
            Part::keep("d: discard it"),
            Part::or("any other key: keep writing", "other keys: keep writing").optional(),
        ];
        widgets::hint(&parts, "  ", body.width as usize, "", t.alert)
    } else {
        vec![Line::from(Span::styled(
            crate::text::plural(words, "word", "words"),
            t.dim,
        ))]
    };
    let [top, _, text, info] = Layout::vertical([
        Constraint::Length(head_h),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(info_lines.len() as u16),
    ])
    .areas(body);
    frame.render_widget(Paragraph::new(head), top);
    // Every cell of the text is drawn afresh each frame: a wide glyph (an emoji, a flag) left
    // over from the line that was there before never lingers after a scroll.
    frame.render_widget(ratatui::widgets::Clear, text);
    frame.render_widget(&ed.body, text);
    frame.render_widget(Paragraph::new(info_lines), info);
}

/// The keys of this screen: what its handler matches, and its footer and help.
pub static KEYS: Table = Table {
    title: "Writing",
    bindings: &[
        b("Ctrl-S", "save the entry", "save", Action::Save),
        b(
            "Tab, Shift-Tab",
            "move between the text, the title and the tags",
            "title/tags",
            Action::Cycle,
        ),
        b("Ctrl-Z, Ctrl-Y", "undo, redo", "undo", Action::UndoRedo),
        b(
            "PgUp, PgDn",
            "a page up or down (Ctrl-Home, Ctrl-End: the top, the end)",
            "",
            Action::Scroll,
        ),
        b(
            "Ctrl-P",
            "private or shared (private needs a passphrase)",
            "",
            Action::Privacy,
        ),
        b(
            "Esc",
            "leave: keep the draft, discard it, or go on writing",
            "",
            Action::Back,
        ),
    ],
};

impl View for Editor {
    fn keys(&self) -> Keys {
        &KEYS
    }
    fn typing(&self) -> bool {
        true
    }
    fn on_key(&mut self, app: &mut App, key: &KeyEvent) -> Reply {
        on_key(self, app, key)
    }
    fn paste(&mut self, text: &str) -> Vec<Effect> {
        Editor::paste(self, text);
        vec![Effect::DraftDirty]
    }
    fn back(&mut self) -> Option<&mut Box<Screen>> {
        Some(&mut self.back)
    }
    fn render(&self, frame: &mut Frame, app: &App) {
        render(frame, app, self)
    }
}
