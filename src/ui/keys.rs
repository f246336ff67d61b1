//! The one keymap table. It drives the footer, the help screen and `docs/KEYS.md`, so the keys
//! a person is told about are always the keys that work.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Binding {
    /// The keys as a person reads them ("Ctrl-S", "Up, Down", "0-9"): also what is matched, by
    /// [`action`], so the keys named are always the keys that work.
    pub keys: &'static str,
    pub does: &'static str,
    /// The footer's word for it; empty when it is not in the footer (the help screen lists
    /// every binding).
    pub footer: &'static str,
    /// What the screen does for it.
    pub action: Action,
}

const fn b(
    keys: &'static str,
    does: &'static str,
    footer: &'static str,
    action: Action,
) -> Binding {
    Binding {
        keys,
        does,
        footer,
        action,
    }
}

/// What a key asks of a screen. Where a binding names several keys for one action (Up, Down;
/// Tab, Shift-Tab; 0-9), the screen reads the key for the direction or the digit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Action {
    Acknowledge,
    Agree,
    Agreements,
    Answer,
    Back,
    Break,
    Change,
    CheckIn,
    Choose,
    Complete,
    Cycle,
    Delete,
    DeleteLetter,
    Draft,
    Edit,
    Empty,
    Guides,
    Help,
    Hide,
    Journal,
    Missed,
    Moment,
    Move,
    New,
    Next,
    NextGuide,
    Number,
    Open,
    Pass,
    Pause,
    Privacy,
    Progress,
    Quit,
    Respond,
    Restore,
    Results,
    Retire,
    Review,
    Safety,
    Save,
    Scroll,
    Search,
    Settings,
    SwitchPartner,
    Tick,
    Together,
    Trash,
    Undo,
    UndoRedo,
    View,
    Weeks,
    Write,
}

/// One key of a binding's label, as it is matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pattern {
    /// A plain character (no Ctrl or Alt).
    Char(char),
    Ctrl(char),
    Code(KeyCode),
    /// A digit in this range, inclusive.
    Digits(char, char),
}

fn pattern(token: &str) -> Option<Pattern> {
    let code = |c| Some(Pattern::Code(c));
    match token {
        "Up" => code(KeyCode::Up),
        "Down" => code(KeyCode::Down),
        "Left" => code(KeyCode::Left),
        "Right" => code(KeyCode::Right),
        "PgUp" => code(KeyCode::PageUp),
        "PgDn" => code(KeyCode::PageDown),
        "Home" => code(KeyCode::Home),
        "End" => code(KeyCode::End),
        "Enter" => code(KeyCode::Enter),
        "Tab" => code(KeyCode::Tab),
        "Shift-Tab" => code(KeyCode::BackTab),
        "Esc" => code(KeyCode::Esc),
        "Backspace" => code(KeyCode::Backspace),
        "Delete" => code(KeyCode::Delete),
        "Space" => Some(Pattern::Char(' ')),
        t if t.starts_with('F') && t.len() > 1 => {
            t[1..].parse().ok().map(|n| Pattern::Code(KeyCode::F(n)))
        }
        t if t.starts_with("Ctrl-") => {
            let mut c = t[5..].chars();
            match (c.next(), c.next()) {
                (Some(ch), None) => Some(Pattern::Ctrl(ch.to_ascii_lowercase())),
                _ => None,
            }
        }
        t => {
            let cs: Vec<char> = t.chars().collect();
            match cs.as_slice() {
                [c] => Some(Pattern::Char(*c)),
                [a, '-', z] if a.is_ascii_digit() && z.is_ascii_digit() => {
                    Some(Pattern::Digits(*a, *z))
                }
                _ => None,
            }
        }
    }
}

fn matches(p: Pattern, key: &KeyEvent) -> bool {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    let alt = key.modifiers.contains(KeyModifiers::ALT);
    match (p, key.code) {
        (Pattern::Char(c), KeyCode::Char(k)) => !ctrl && !alt && k == c,
        (Pattern::Ctrl(c), KeyCode::Char(k)) => ctrl && k.to_ascii_lowercase() == c,
        (Pattern::Digits(a, z), KeyCode::Char(k)) => !ctrl && !alt && (a..=z).contains(&k),
        (Pattern::Code(c), k) => c == k,
        _ => false,
    }
}

/// The keys a binding's label names, as patterns (every label parses: a test checks).
fn patterns(keys: &str) -> impl Iterator<Item = Option<Pattern>> + '_ {
    keys.split(", ").map(pattern)
}

/// The action a key is bound to in a table (the first binding that names it).
pub fn action(table: &[Binding], key: &KeyEvent) -> Option<Action> {
    table
        .iter()
        .find(|b| patterns(b.keys).flatten().any(|p| matches(p, key)))
        .map(|b| b.action)
}

/// Every key event a label names (one per key; a digit range gives its first and last), for
/// tests that press each key a screen lists.
pub fn events(keys: &str) -> Vec<KeyEvent> {
    let ev = |c| KeyEvent::new(c, KeyModifiers::NONE);
    patterns(keys)
        .flatten()
        .flat_map(|p| match p {
            Pattern::Char(c) => vec![ev(KeyCode::Char(c))],
            Pattern::Ctrl(c) => vec![KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)],
            Pattern::Code(c) => vec![ev(c)],
            Pattern::Digits(a, z) => vec![ev(KeyCode::Char(a)), ev(KeyCode::Char(z))],
        })
        .collect()
}

/// Keys that work on every screen, in the editor and dialogs too, at any terminal size.
pub const GLOBAL: &[Binding] = &[
    b(
        "Ctrl-C",
        "quit cleanly (a draft being typed is kept)",
        "",
        Action::Quit,
    ),
    b(
        "Ctrl-Q",
        "quick-hide: a blank page (or plain notes) at once; Ctrl-Q again returns (Settings: any key)",
        "hide",
        Action::Hide,
    ),
    b(
        "Ctrl-O, F2, !",
        "safety & resources (! where no text is typed)",
        "safety",
        Action::Safety,
    ),
    b(
        "Ctrl-G, F1, ?",
        "help: every key of this screen (? where no text is typed)",
        "help",
        Action::Help,
    ),
    b("Esc", "back / cancel", "back", Action::Back),
    b("Ctrl-S", "save (editor, forms)", "", Action::Save),
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
    b("Enter", "next", "next", Action::Next),
    b("Up, Down", "choose", "choose", Action::Move),
    b("Backspace", "delete a letter", "", Action::DeleteLetter),
];
const HOME: &[Binding] = &[
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
        "p",
        "progress: trends, moments, calendar, milestones",
        "",
        Action::Progress,
    ),
    b("a", "agreements & promises", "", Action::Agreements),
    b("v", "the four-week review", "", Action::Review),
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
    b("q", "quit", "", Action::Quit),
];
const GUIDES: &[Binding] = &[
    b("Up, Down, k, j", "choose a guide", "choose", Action::Move),
    b("Enter", "read it", "read", Action::Open),
    b("Home, End", "first, last", "", Action::Move),
];
const READER: &[Binding] = &[
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
];
const EXERCISE: &[Binding] = &[
    b(
        "Ctrl-S",
        "save (Enter too, for a checklist or a scale)",
        "save",
        Action::Save,
    ),
    b(
        "Space, x",
        "tick or untick an item (checklist)",
        "tick",
        Action::Tick,
    ),
    b(
        "0-9, Left, Right, Home, End",
        "choose a number (scale; End for 10)",
        "",
        Action::Number,
    ),
    b(
        "Tab, Shift-Tab",
        "next or previous part (form)",
        "",
        Action::Cycle,
    ),
    b("Esc", "leave without saving", "", Action::Back),
    b(
        "Up, Down, k, j",
        "choose an item (checklist)",
        "",
        Action::Move,
    ),
    b(
        "Enter",
        "save a checklist or a scale; next part of a form",
        "",
        Action::Save,
    ),
];
const CHECKIN: &[Binding] = &[
    b(
        "0-9, Left, Right, Home, End",
        "trust today (End for 10)",
        "trust",
        Action::Number,
    ),
    b("Ctrl-S", "save the check-in now", "save", Action::Save),
    b(
        "Enter, Tab",
        "next part: mood, a line, today's question",
        "next",
        Action::Next,
    ),
    b(
        "Left, Right",
        "choose a mood (the last one: type your own word)",
        "",
        Action::Choose,
    ),
    b("Up, Down", "previous or next part", "", Action::Move),
];
const MOMENT: &[Binding] = &[
    b(
        "0-9, Left, Right",
        "how strong it was",
        "strength",
        Action::Number,
    ),
    b("Tab, Enter", "next part", "next", Action::Next),
    b(
        "Space",
        "tick: ask for reassurance, or share the text",
        "",
        Action::Tick,
    ),
    b("Ctrl-S", "save", "save", Action::Save),
    b(
        "Up, Down, Shift-Tab",
        "previous or next part",
        "",
        Action::Move,
    ),
];
const PROGRESS: &[Binding] = &[
    b(
        "Left, Right, Tab, Shift-Tab, 1-4",
        "trust, moments, calendar, guides",
        "view",
        Action::View,
    ),
    b("w", "4, 12 or 52 weeks", "weeks", Action::Weeks),
    b("r", "the four-week review", "review", Action::Review),
    b("Up, Down, k, j", "scroll", "", Action::Scroll),
];
const REVIEW: &[Binding] = &[
    b(
        "Tab, Shift-Tab",
        "next or previous question",
        "next",
        Action::Cycle,
    ),
    b(
        "Ctrl-S",
        "save the review as a journal entry",
        "save",
        Action::Save,
    ),
    b("Esc", "leave without saving", "", Action::Back),
];
const AGREEMENTS: &[Binding] = &[
    b(
        "Left, Right, 1, 2",
        "agreements or promises",
        "switch",
        Action::View,
    ),
    b(
        "n",
        "propose an agreement, or make a promise (Tab: its kind)",
        "new",
        Action::New,
    ),
    b(
        "y",
        "agree to the chosen agreement; or mark your promise kept",
        "agree/kept",
        Action::Agree,
    ),
    b(
        "x, -",
        "mark your promise missed (- : not due)",
        "",
        Action::Missed,
    ),
    b(
        "c, q",
        "confirm or question your partner's latest mark",
        "",
        Action::Answer,
    ),
    b(
        "e",
        "change an agreement's wording (both agree again)",
        "",
        Action::Edit,
    ),
    b(
        "r",
        "retire an agreement (with a reason) or a promise",
        "",
        Action::Retire,
    ),
    b(
        "Up, Down, k, j",
        "choose an agreement or a promise",
        "",
        Action::Move,
    ),
];
const SESSION: &[Binding] = &[
    b(
        "Enter",
        "ready to answer; after the reveal, go on to the note",
        "go on",
        Action::Next,
    ),
    b("Ctrl-S", "done answering", "done", Action::Save),
    b("Ctrl-N", "pass on this question", "pass", Action::Pass),
    b(
        "Ctrl-B",
        "take a break (at least 20 minutes)",
        "break",
        Action::Break,
    ),
    b(
        "Esc",
        "pause: resume later on the same question",
        "",
        Action::Back,
    ),
];
const BREAK: &[Binding] = &[
    b(
        "Enter",
        "back to where you stopped, when the time is up",
        "back",
        Action::Next,
    ),
    b("Esc", "end the break early", "", Action::Back),
];
const TALK: &[Binding] = &[
    b(
        "Space",
        "stop or restart the clock (when the pause word is said)",
        "pause",
        Action::Pause,
    ),
    b(
        "Enter",
        "end the turn; save the listener's line",
        "next",
        Action::Next,
    ),
    b(
        "Ctrl-B",
        "take a break (at least 20 minutes)",
        "break",
        Action::Break,
    ),
    b("Esc", "end the talk", "", Action::Back),
];
const SETTINGS: &[Binding] = &[
    b("Up, Down, k, j", "choose a setting", "choose", Action::Move),
    b(
        "Enter, Space",
        "change it (names: type, then Enter)",
        "change",
        Action::Change,
    ),
];
const JOURNAL: &[Binding] = &[
    b(
        "/",
        "search as you type: words, #tag, guide:ID, @name, since:DATE, until:DATE",
        "search",
        Action::Search,
    ),
    b("Enter", "read the entry", "read", Action::Open),
    b("e", "edit it (your own entries)", "edit", Action::Edit),
    b(
        "r",
        "respond to your partner's entry",
        "respond",
        Action::Respond,
    ),
    b(
        "d, Delete",
        "move your own entry to your trash",
        "delete",
        Action::Delete,
    ),
    b("u", "undo the last delete", "", Action::Undo),
    b("t", "your trash: restore or empty", "", Action::Trash),
    b(
        "Up, Down, PgUp, PgDn, Home, End, k, j",
        "move",
        "",
        Action::Move,
    ),
];
const SEARCH: &[Binding] = &[
    b(
        "Enter, Down",
        "go to the results",
        "results",
        Action::Results,
    ),
    b("Esc", "clear the search", "", Action::Back),
];
const ENTRY: &[Binding] = &[
    b(
        "Up, Down, PgUp, PgDn, Space, k, j",
        "scroll",
        "scroll",
        Action::Scroll,
    ),
    b("e", "edit (your own entry)", "edit", Action::Edit),
    b(
        "r",
        "respond: your answer, shown beneath your partner's entry",
        "respond",
        Action::Respond,
    ),
];
const TRASH: &[Binding] = &[
    b("r, Enter", "restore the entry", "restore", Action::Restore),
    b(
        "E",
        "empty your trash for good (asks first)",
        "empty",
        Action::Empty,
    ),
    b("Up, Down, k, j", "move", "", Action::Move),
];
const EDITOR: &[Binding] = &[
    b("Ctrl-S", "save the entry", "save", Action::Save),
    b(
        "Tab, Shift-Tab",
        "move between the text, the title and the tags",
        "title/tags",
        Action::Cycle,
    ),
    b("Ctrl-Z, Ctrl-Y", "undo, redo", "undo", Action::UndoRedo),
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
];
const SCROLLING: &[Binding] = &[
    b("Up, Down, PgUp, PgDn", "scroll", "scroll", Action::Scroll),
    b("Home, End", "top, bottom", "", Action::Scroll),
];
const HIDDEN: &[Binding] = &[
    b(
        "Ctrl-Q",
        "return to where you were (any key, if Settings say so); other keys do nothing",
        "",
        Action::Hide,
    ),
    b("Ctrl-C", "quit", "", Action::Quit),
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
    // ! and ? are letters wherever text is typed.
    if typing && matches!(key.code, KeyCode::Char('!' | '?')) {
        return None;
    }
    Some(match action(GLOBAL, key)? {
        Action::Quit => Global::Quit,
        Action::Hide => Global::Hide,
        Action::Safety => Global::Safety,
        Action::Help => Global::Help,
        Action::Back => Global::Back,
        Action::Save => Global::Save,
        _ => return None,
    })
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
    fn every_label_names_keys_that_can_be_matched() {
        for screen in Keys::ALL {
            for b in screen.bindings().iter().chain(GLOBAL) {
                for (token, p) in b.keys.split(", ").zip(patterns(b.keys)) {
                    assert!(
                        p.is_some(),
                        "{:?}: {token:?} in {:?} is not a key",
                        screen,
                        b.keys
                    );
                }
                for ev in events(b.keys) {
                    let table = if GLOBAL.contains(b) {
                        GLOBAL
                    } else {
                        screen.bindings()
                    };
                    assert!(action(table, &ev).is_some(), "{:?}: {ev:?}", screen);
                }
            }
        }
    }

    #[test]
    fn keys_dispatch_to_their_actions() {
        let k = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(
            action(Keys::Journal.bindings(), &k('e')),
            Some(Action::Edit)
        );
        assert_eq!(
            action(Keys::Checkin.bindings(), &k('7')),
            Some(Action::Number)
        );
        let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(action(Keys::Editor.bindings(), &ctrl_s), Some(Action::Save));
        // A plain s is not Ctrl-S, and Ctrl-E is not e.
        assert_eq!(action(Keys::Editor.bindings(), &k('s')), None);
        let ctrl_e = KeyEvent::new(KeyCode::Char('e'), KeyModifiers::CONTROL);
        assert_eq!(action(Keys::Journal.bindings(), &ctrl_e), None);
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
