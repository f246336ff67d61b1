//! The keymap tables of what is not a screen: the keys that work everywhere, and the
//! overlays' (each screen's own table is in its file).

use super::{Action, Binding, Table, b};

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

pub static SAFETY: Table = Table {
    title: "Safety & resources",
    bindings: SCROLLING,
};
/// The "not yet" page of the safety check: scrolling, and the guides it points to.
pub static NOT_YET: Table = Table {
    title: "Not yet: help for you first",
    bindings: &[
        b("1-9", "open the guide of that number", "open", Action::Open),
        b("Up, Down, PgUp, PgDn", "scroll", "scroll", Action::Scroll),
        b("Home, End", "top, bottom", "", Action::Scroll),
    ],
};
pub static HELP: Table = Table {
    title: "Help",
    bindings: SCROLLING,
};
pub static HIDE: Table = Table {
    title: "Quick-hide",
    bindings: HIDDEN,
};
pub static TOO_SMALL: Table = Table {
    title: "Terminal too small",
    bindings: &[],
};
