//! The one keymap table. It drives the footer, the help screen and `docs/KEYS.md`, so the keys
//! a person is told about are always the keys that work.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    pub keys: &'static str,
    pub does: &'static str,
    /// The footer's word for it; empty when it is not in the footer (the help screen lists
    /// every binding).
    pub footer: &'static str,
}

const fn b(keys: &'static str, does: &'static str, footer: &'static str) -> Binding {
    Binding { keys, does, footer }
}

/// Keys that work on every screen, in the editor and dialogs too, at any terminal size.
pub const GLOBAL: &[Binding] = &[
    b("Ctrl-C", "quit cleanly (a draft being typed is kept)", ""),
    b(
        "Ctrl-Q",
        "quick-hide: a blank page (or plain notes) at once; Ctrl-Q again returns (Settings: any key)",
        "hide",
    ),
    b(
        "Ctrl-O, F2, !",
        "safety & resources (! where no text is typed)",
        "safety",
    ),
    b(
        "Ctrl-G, F1, ?",
        "help: every key of this screen (? where no text is typed)",
        "help",
    ),
    b("Esc", "back / cancel", "back"),
    b("Ctrl-S", "save (editor, forms)", ""),
];

/// The screens, for their own keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keys {
    Onboarding,
    Home,
    Guides,
    Reader,
    Editor,
    Exercise,
    Settings,
    Checkin,
    Moment,
    Progress,
    Review,
    Agreements,
    Session,
    Break,
    Talk,
    Journal,
    Search,
    Entry,
    Trash,
    Safety,
    Help,
    Hidden,
    TooSmall,
}

impl Keys {
    pub const ALL: [Keys; 23] = [
        Keys::Onboarding,
        Keys::Home,
        Keys::Guides,
        Keys::Reader,
        Keys::Editor,
        Keys::Exercise,
        Keys::Settings,
        Keys::Checkin,
        Keys::Moment,
        Keys::Progress,
        Keys::Review,
        Keys::Agreements,
        Keys::Session,
        Keys::Break,
        Keys::Talk,
        Keys::Journal,
        Keys::Search,
        Keys::Entry,
        Keys::Trash,
        Keys::Safety,
        Keys::Help,
        Keys::Hidden,
        Keys::TooSmall,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Keys::Onboarding => "First run",
            Keys::Home => "Home",
            Keys::Guides => "Guides",
            Keys::Reader => "Reading a guide",
            Keys::Editor => "Writing",
            Keys::Exercise => "An exercise",
            Keys::Settings => "Settings",
            Keys::Checkin => "Check-in",
            Keys::Moment => "A difficult moment",
            Keys::Progress => "Progress",
            Keys::Review => "Four-week review",
            Keys::Agreements => "Agreements & promises",
            Keys::Session => "Together",
            Keys::Break => "A break",
            Keys::Talk => "A timed talk",
            Keys::Journal => "Journal",
            Keys::Search => "Journal: searching",
            Keys::Entry => "Journal: reading an entry",
            Keys::Trash => "Journal: the trash",
            Keys::Safety => "Safety & resources",
            Keys::Help => "Help",
            Keys::Hidden => "Quick-hide",
            Keys::TooSmall => "Terminal too small",
        }
    }

    pub fn bindings(self) -> &'static [Binding] {
        match self {
            Keys::Onboarding => ONBOARDING,
            Keys::Home => HOME,
            Keys::Guides => GUIDES,
            Keys::Reader => READER,
            Keys::Editor => EDITOR,
            Keys::Exercise => EXERCISE,
            Keys::Settings => SETTINGS,
            Keys::Checkin => CHECKIN,
            Keys::Moment => MOMENT,
            Keys::Progress => PROGRESS,
            Keys::Review => REVIEW,
            Keys::Agreements => AGREEMENTS,
            Keys::Session => SESSION,
            Keys::Break => BREAK,
            Keys::Talk => TALK,
            Keys::Journal => JOURNAL,
            Keys::Search => SEARCH,
            Keys::Entry => ENTRY,
            Keys::Trash => TRASH,
            Keys::Safety | Keys::Help => SCROLLING,
            Keys::Hidden => HIDDEN,
            Keys::TooSmall => &[],
        }
    }
}

const ONBOARDING: &[Binding] = &[
    b("Enter", "next", "next"),
    b("Up, Down", "choose", "choose"),
    b("Backspace", "delete a letter", ""),
];
const HOME: &[Binding] = &[
    b("c", "today's check-in", "check in"),
    b("n", "open the next guide on your path", "next guide"),
    b("g", "all guides", "guides"),
    b("w", "write a journal entry", "write"),
    b("j", "the journal: read, search, edit", "journal"),
    b("s", "settings: names, roles, theme, mouse, quick-hide", ""),
    b("d", "continue an unsaved draft", ""),
    b("m", "log a difficult moment", ""),
    b("p", "progress: trends, moments, calendar, milestones", ""),
    b("a", "agreements & promises", ""),
    b("v", "the four-week review", ""),
    b("k", "I have seen my partner's request for reassurance", ""),
    b("Tab", "switch partner (not a login)", "switch"),
    b("q", "quit", ""),
];
const GUIDES: &[Binding] = &[
    b("Up, Down", "choose a guide", "choose"),
    b("Enter", "read it", "read"),
    b("Home, End", "first, last", ""),
];
const READER: &[Binding] = &[
    b("Up, Down, PgUp, PgDn", "scroll", "scroll"),
    b(
        "Tab, Shift-Tab",
        "show the questions and exercises, and choose one",
        "choose",
    ),
    b(
        "Enter",
        "answer the question, or start the exercise",
        "open",
    ),
    b("c", "mark the guide complete (again to undo)", "complete"),
    b(
        "t",
        "work through this guide together, in turns",
        "together",
    ),
];
const EXERCISE: &[Binding] = &[
    b(
        "Ctrl-S",
        "save (Enter too, for a checklist or a scale)",
        "save",
    ),
    b("Space, x", "tick or untick an item (checklist)", "tick"),
    b(
        "0-9, Left, Right",
        "choose a number (scale; End for 10)",
        "",
    ),
    b("Tab, Shift-Tab", "next or previous part (form)", ""),
    b("Esc", "leave without saving", ""),
];
const CHECKIN: &[Binding] = &[
    b("0-9, Left, Right", "trust today (End for 10)", "trust"),
    b("Ctrl-S", "save the check-in now", "save"),
    b(
        "Enter, Tab",
        "next part: mood, a line, today's question",
        "next",
    ),
    b(
        "Left, Right",
        "choose a mood (the last one: type your own word)",
        "",
    ),
];
const MOMENT: &[Binding] = &[
    b("0-9, Left, Right", "how strong it was", "strength"),
    b("Tab, Enter", "next part", "next"),
    b("Space", "tick: ask for reassurance, or share the text", ""),
    b("Ctrl-S", "save", "save"),
];
const PROGRESS: &[Binding] = &[
    b(
        "Left, Right, 1-4",
        "trust, moments, calendar, guides",
        "view",
    ),
    b("w", "4, 12 or 52 weeks", "weeks"),
    b("r", "the four-week review", "review"),
    b("Up, Down", "scroll", ""),
];
const REVIEW: &[Binding] = &[
    b("Tab, Shift-Tab", "next or previous question", "next"),
    b("Ctrl-S", "save the review as a journal entry", "save"),
    b("Esc", "leave without saving", ""),
];
const AGREEMENTS: &[Binding] = &[
    b("Left, Right, 1, 2", "agreements or promises", "switch"),
    b(
        "n",
        "propose an agreement, or make a promise (Tab: its kind)",
        "new",
    ),
    b(
        "y",
        "agree to the chosen agreement; or mark your promise kept",
        "agree/kept",
    ),
    b("x", "mark your promise missed (- : not due)", ""),
    b("c, q", "confirm or question your partner's latest mark", ""),
    b("e", "change an agreement's wording (both agree again)", ""),
    b("r", "retire an agreement (with a reason) or a promise", ""),
];
const SESSION: &[Binding] = &[
    b(
        "Enter",
        "ready to answer; after the reveal, go on to the note",
        "go on",
    ),
    b("Ctrl-S", "done answering", "done"),
    b("Ctrl-N", "pass on this question", "pass"),
    b("Ctrl-B", "take a break (at least 20 minutes)", "break"),
    b("Esc", "pause: resume later on the same question", ""),
];
const BREAK: &[Binding] = &[
    b(
        "Enter",
        "back to where you stopped, when the time is up",
        "back",
    ),
    b("Esc", "end the break early", ""),
];
const TALK: &[Binding] = &[
    b(
        "Space",
        "stop or restart the clock (when the pause word is said)",
        "pause",
    ),
    b("Enter", "end the turn; save the listener's line", "next"),
    b("Ctrl-B", "take a break (at least 20 minutes)", "break"),
    b("Esc", "end the talk", ""),
];
const SETTINGS: &[Binding] = &[
    b("Up, Down", "choose a setting", "choose"),
    b(
        "Enter, Space",
        "change it (names: type, then Enter)",
        "change",
    ),
];
const JOURNAL: &[Binding] = &[
    b(
        "/",
        "search as you type: words, #tag, guide:ID, @name, since:DATE, until:DATE",
        "search",
    ),
    b("Enter", "read the entry", "read"),
    b("e", "edit it (your own entries)", "edit"),
    b("r", "respond to your partner's entry", "respond"),
    b("d, Delete", "move your own entry to your trash", "delete"),
    b("u", "undo the last delete", ""),
    b("t", "your trash: restore or empty", ""),
    b("Up, Down, PgUp, PgDn", "move", ""),
];
const SEARCH: &[Binding] = &[
    b("Enter, Down", "go to the results", "results"),
    b("Esc", "clear the search", ""),
];
const ENTRY: &[Binding] = &[
    b("Up, Down, PgUp, PgDn", "scroll", "scroll"),
    b("e", "edit (your own entry)", "edit"),
    b(
        "r",
        "respond: your answer, shown beneath your partner's entry",
        "respond",
    ),
];
const TRASH: &[Binding] = &[
    b("r, Enter", "restore the entry", "restore"),
    b("E", "empty your trash for good (asks first)", "empty"),
    b("Up, Down", "move", ""),
];
const EDITOR: &[Binding] = &[
    b("Ctrl-S", "save the entry", "save"),
    b(
        "Tab, Shift-Tab",
        "move between the text, the title and the tags",
        "title/tags",
    ),
    b("Ctrl-Z, Ctrl-Y", "undo, redo", "undo"),
    b(
        "Ctrl-P",
        "private or shared (private needs a passphrase)",
        "",
    ),
    b(
        "Esc",
        "leave: keep the draft, discard it, or go on writing",
        "",
    ),
];
const SCROLLING: &[Binding] = &[
    b("Up, Down, PgUp, PgDn", "scroll", "scroll"),
    b("Home, End", "top, bottom", ""),
];
const HIDDEN: &[Binding] = &[
    b(
        "Ctrl-Q",
        "return to where you were (any key, if Settings say so); other keys do nothing",
        "",
    ),
    b("Ctrl-C", "quit", ""),
];

/// What a global key asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Global {
    Quit,
    Hide,
    Safety,
    Help,
    Back,
    Save,
}

/// The global meaning of a key, if it has one. `typing` is true where text is being typed, so
/// `!` and `?` are letters there.
pub fn global(key: &KeyEvent, typing: bool) -> Option<Global> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Char('c') if ctrl => Some(Global::Quit),
        KeyCode::Char('q') if ctrl => Some(Global::Hide),
        KeyCode::Char('o') if ctrl => Some(Global::Safety),
        KeyCode::Char('g') if ctrl => Some(Global::Help),
        KeyCode::Char('s') if ctrl => Some(Global::Save),
        KeyCode::F(2) => Some(Global::Safety),
        KeyCode::F(1) => Some(Global::Help),
        KeyCode::Esc => Some(Global::Back),
        KeyCode::Char('!') if !typing && !ctrl => Some(Global::Safety),
        KeyCode::Char('?') if !typing && !ctrl => Some(Global::Help),
        _ => None,
    }
}

/// `docs/KEYS.md`, made from the table.
pub fn markdown() -> String {
    let mut s = String::from(
        "# Keys\n\nMade from the keymap table in `src/ui/keys.rs` (a test keeps this file in step).\n\n\
         ## Everywhere\n\nOn every screen, in the editor and dialogs too, at any terminal size.\n\n\
         | key | does |\n|---|---|\n",
    );
    for k in GLOBAL {
        s.push_str(&format!("| `{}` | {} |\n", k.keys, k.does));
    }
    for screen in Keys::ALL {
        let bs = screen.bindings();
        if bs.is_empty() {
            continue;
        }
        s.push_str(&format!(
            "\n## {}\n\n| key | does |\n|---|---|\n",
            screen.title()
        ));
        for k in bs {
            s.push_str(&format!("| `{}` | {} |\n", k.keys, k.does));
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docs_keys_md_is_made_from_the_table() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/KEYS.md");
        let want = markdown();
        if std::env::var_os("UPDATE_KEYS").is_some() {
            std::fs::write(path, &want).unwrap();
        }
        let have = std::fs::read_to_string(path).unwrap_or_default();
        assert_eq!(
            have, want,
            "docs/KEYS.md is out of date: run UPDATE_KEYS=1 cargo test keys"
        );
    }

    #[test]
    fn bang_and_question_mark_are_letters_while_typing() {
        let k = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(global(&k('?'), false), Some(Global::Help));
        assert_eq!(global(&k('?'), true), None);
        assert_eq!(global(&k('!'), true), None);
        let ctrl_o = KeyEvent::new(KeyCode::Char('o'), KeyModifiers::CONTROL);
        assert_eq!(global(&ctrl_o, true), Some(Global::Safety));
    }
}
