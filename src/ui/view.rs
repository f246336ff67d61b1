//! What every screen is, in one shape: it names its keys, says whether text is being typed,
//! handles a key and returns where to go ([`Reply`]), and draws itself. A screen is one module
//! that implements [`View`] for its state; the `screens!` list in `ui/mod.rs` is its one
//! registration line.

use super::keys::Keys;
use super::{App, Effect, Screen};

use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;

/// Where to go after a key.
#[derive(Debug)]
pub enum Nav {
    Home,
    /// Show this screen instead of the current one.
    Open(Box<Screen>),
    /// Show this screen over the current one, which it returns to (its [`View::back`]).
    Push(Box<Screen>),
}

/// What a screen's key handler returns: where to go (nowhere: stay) and the work for the
/// event loop.
#[derive(Debug, Default)]
#[must_use]
pub struct Reply {
    pub nav: Option<Nav>,
    pub effects: Vec<Effect>,
}

impl Reply {
    /// Stay here, with nothing to do.
    pub fn stay() -> Reply {
        Reply::default()
    }

    pub fn home() -> Reply {
        Reply::go(Nav::Home)
    }

    pub fn open(screen: Screen) -> Reply {
        Reply::go(Nav::Open(Box::new(screen)))
    }

    pub fn push(screen: Screen) -> Reply {
        Reply::go(Nav::Push(Box::new(screen)))
    }

    pub fn go(nav: Nav) -> Reply {
        Reply {
            nav: Some(nav),
            effects: Vec::new(),
        }
    }

    /// The reply as if given on home: a pushed screen returns to home, and staying here goes
    /// home (where a screen opened later, after an unlock, then sits).
    pub fn from_home(self) -> Reply {
        let nav = match self.nav {
            Some(Nav::Push(to)) => Nav::Open(to),
            None => Nav::Home,
            Some(other) => other,
        };
        Reply {
            nav: Some(nav),
            effects: self.effects,
        }
    }

    /// The same reply with these effects added.
    pub fn with(mut self, effects: impl IntoIterator<Item = Effect>) -> Reply {
        self.effects.extend(effects);
        self
    }
}

impl From<Vec<Effect>> for Reply {
    fn from(effects: Vec<Effect>) -> Reply {
        Reply { nav: None, effects }
    }
}

impl From<Option<Effect>> for Reply {
    fn from(effect: Option<Effect>) -> Reply {
        Reply::from(Vec::from_iter(effect))
    }
}

impl From<Effect> for Reply {
    fn from(effect: Effect) -> Reply {
        Reply::from(vec![effect])
    }
}

pub trait View {
    /// The key table of the screen in its present state: footer, help and dispatch.
    fn keys(&self) -> Keys;
    /// True where text is being typed, so `?` and `!` are letters.
    fn typing(&self) -> bool {
        false
    }
    /// Handles a key. The screen is lent out while it runs (`app.screen` is not this screen),
    /// so it changes itself through `self` and says where to go in the reply.
    fn on_key(&mut self, app: &mut App, key: &KeyEvent) -> Reply;
    /// Pasted text, where the screen takes text.
    fn paste(&mut self, _text: &str) -> Vec<Effect> {
        Vec::new()
    }
    /// A click on a line of the page's body (0 is its first line).
    fn click(&mut self, _app: &App, _line: usize) {}
    /// The screen this one returns to, where it keeps one ([`Nav::Push`] fills it).
    fn back(&mut self) -> Option<&mut Box<Screen>> {
        None
    }
    /// A countdown is on screen: the loop wakes once a second while it is.
    fn ticking(&self) -> bool {
        false
    }
    /// Draws the screen; changes nothing.
    fn render(&self, frame: &mut Frame, app: &App);
}

impl<T: View> View for Box<T> {
    fn keys(&self) -> Keys {
        (**self).keys()
    }
    fn typing(&self) -> bool {
        (**self).typing()
    }
    fn on_key(&mut self, app: &mut App, key: &KeyEvent) -> Reply {
        (**self).on_key(app, key)
    }
    fn paste(&mut self, text: &str) -> Vec<Effect> {
        (**self).paste(text)
    }
    fn click(&mut self, app: &App, line: usize) {
        (**self).click(app, line)
    }
    fn back(&mut self) -> Option<&mut Box<Screen>> {
        (**self).back()
    }
    fn ticking(&self) -> bool {
        (**self).ticking()
    }
    fn render(&self, frame: &mut Frame, app: &App) {
        (**self).render(frame, app)
    }
}

/// Navigation, kept beside what it follows.
impl App {
    /// Shows the screen a reply names; `from` is the screen it leaves, kept when the reply goes
    /// nowhere and returned to from a pushed one.
    pub fn arrive(&mut self, from: Screen, nav: Option<Nav>) {
        self.screen = match nav {
            None => from,
            Some(Nav::Home) => Screen::default(),
            Some(Nav::Open(to)) => *to,
            Some(Nav::Push(mut to)) => {
                if let Some(back) = to.view_mut().back() {
                    **back = from;
                }
                *to
            }
        };
    }

    /// Follows a reply from outside a key handler (a message, a test): goes where it says and
    /// hands back its effects.
    pub fn follow(&mut self, reply: Reply) -> Vec<Effect> {
        self.navigate(reply.nav);
        reply.effects
    }

    /// Goes where a reply says from the screen now shown (for messages, which have no screen
    /// lent out).
    pub fn navigate(&mut self, nav: Option<Nav>) {
        if nav.is_some() {
            let from = std::mem::take(&mut self.screen);
            self.arrive(from, nav);
        }
    }
}
