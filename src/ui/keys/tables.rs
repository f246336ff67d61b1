//! The keymap tables: the keys that work everywhere, and each screen's own.

use super::{Action, Binding, Keys, b};

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

impl Keys {
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
