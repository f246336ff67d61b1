//! What every screen is, in one shape: it names its keys, says whether text is being typed,
//! handles a key, and draws itself. A screen is one module that implements [`View`] for its
//! state; `Screen::view` in `ui/mod.rs` is its one registration line.

use super::keys::Keys;
use super::{App, Effect};
use ratatui::Frame;
use ratatui::crossterm::event::KeyEvent;

/// A screen's key handler. It gets the whole `App` (whose `screen` is this one), so it can
/// move to another screen or ask for effects.
pub type KeyHandler = fn(&mut App, &KeyEvent) -> Vec<Effect>;

pub trait View {
    /// The key table of the screen in its present state: footer, help and dispatch.
    fn keys(&self) -> Keys;
    /// True where text is being typed, so `?` and `!` are letters.
    fn typing(&self) -> bool {
        false
    }
    /// The function that handles a key here.
    fn handler(&self) -> KeyHandler;
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
    fn handler(&self) -> KeyHandler {
        (**self).handler()
    }
    fn render(&self, frame: &mut Frame, app: &App) {
        (**self).render(frame, app)
    }
}

/// Implements [`View`] for a screen from its module's functions.
#[macro_export]
macro_rules! view {
    ($state:ty, keys: $keys:expr, typing: $typing:expr, on_key: $on_key:path, render: $render:path) => {
        impl $crate::ui::view::View for $state {
            fn keys(&self) -> $crate::ui::keys::Keys {
                let keys: fn(&$state) -> $crate::ui::keys::Keys = $keys;
                keys(self)
            }
            fn typing(&self) -> bool {
                let typing: fn(&$state) -> bool = $typing;
                typing(self)
            }
            fn handler(&self) -> $crate::ui::view::KeyHandler {
                $on_key
            }
            fn render(&self, frame: &mut ratatui::Frame, app: &$crate::ui::App) {
                $render(frame, app, self)
            }
        }
    };
}
