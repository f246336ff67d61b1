//! The keymap: each screen's table (in the screen's own file, `KEYS`) is what its handler
//! matches on, and what draws the footer, the help screen and `docs/KEYS.md`, so the keys a
//! person is told about are always the keys that work. Here is how a key is matched against a
//! table; `keys/tables.rs` holds the keys that work everywhere and the overlays' tables.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

mod tables;
pub use tables::{GLOBAL, HELP, HIDE, NOT_YET, SAFETY, TOO_SMALL};

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

pub const fn b(
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
    Export,
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
    Share,
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

/// A screen's keys (or an overlay's): its title in the help and `docs/KEYS.md`, and its
/// bindings, which its handler matches on.
#[derive(Debug, PartialEq, Eq)]
pub struct Table {
    pub title: &'static str,
    pub bindings: &'static [Binding],
}

/// The keys of what is on screen, as screens hand them out (`&KEYS`).
pub type Keys = &'static Table;

impl Table {
    pub fn bindings(&self) -> &'static [Binding] {
        self.bindings
    }

    pub fn title(&self) -> &'static str {
        self.title
    }
}

/// Every table, screens first (in the order the `screens!` list registers them), then the
/// overlays: for `docs/KEYS.md` and the tests.
pub fn all() -> impl Iterator<Item = Keys> {
    super::SCREEN_KEYS
        .iter()
        .flat_map(|t| t.iter().copied())
        .chain([
            &tables::SAFETY,
            &tables::NOT_YET,
            &tables::HELP,
            &tables::HIDE,
            &tables::TOO_SMALL,
        ])
}

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
        "# Keys\n\nMade from the keymap tables (each screen's `KEYS`, and `src/ui/keys/tables.rs`); a test keeps this file in step.\n\n\
         ## Everywhere\n\nOn every screen, in the editor and dialogs too, at any terminal size.\n\n\
         | key | does |\n|---|---|\n",
    );
    for k in GLOBAL {
        s.push_str(&format!("| `{}` | {} |\n", k.keys, k.does));
    }
    for screen in all() {
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
        for screen in all() {
            for b in screen.bindings().iter().chain(GLOBAL) {
                for (token, p) in b.keys.split(", ").zip(patterns(b.keys)) {
                    assert!(
                        p.is_some(),
                        "{}: {token:?} in {:?} is not a key",
                        screen.title,
                        b.keys
                    );
                }
                for ev in events(b.keys) {
                    let table = if GLOBAL.contains(b) {
                        GLOBAL
                    } else {
                        screen.bindings()
                    };
                    assert!(action(table, &ev).is_some(), "{}: {ev:?}", screen.title);
                }
            }
        }
    }

    #[test]
    fn keys_dispatch_to_their_actions() {
        let k = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        assert_eq!(
            action(crate::ui::journal::LIST_KEYS.bindings(), &k('e')),
            Some(Action::Edit)
        );
        assert_eq!(
            action(crate::ui::checkin::KEYS.bindings(), &k('7')),
            Some(Action::Number)
        );
        let ctrl_s = KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL);
        assert_eq!(
            action(crate::ui::editor::KEYS.bindings(), &ctrl_s),
            Some(Action::Save)
        );
        // A plain s is not Ctrl-S, and Ctrl-E is not e.
        assert_eq!(action(crate::ui::editor::KEYS.bindings(), &k('s')), None);
        let ctrl_e = KeyEvent::new(KeyCode::Char('e'), KeyModifiers::CONTROL);
        assert_eq!(
            action(crate::ui::journal::LIST_KEYS.bindings(), &ctrl_e),
            None
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
