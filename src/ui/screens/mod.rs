//! The screens, one module each. A screen implements [`View`](super::view::View) for its state
//! (keys, typing, a key handler that returns a [`Reply`](super::Reply) saying where to go,
//! paste, click, render); the `screens!` list in `ui/mod.rs` is its one registration. Screens may call
//! one another (a guide opens the editor) and use the ui core below; the core reaches them
//! through `ui/mod.rs`'s re-exports (`trustwork::ui::journal`, …).

pub mod agreements;
pub mod checkin;
pub mod editor;
pub mod exercise;
pub mod export;
pub mod guides;
pub mod home;
pub mod journal;
pub mod moment;
pub mod moments;
pub mod onboarding;
pub mod progress;
pub mod review;
pub mod session;
pub mod settings;
pub mod talk;

/// What the screens use of the ui core, so that `super::App`, `super::keys`, … in a screen
/// name it.
use super::{App, Effect, Nav, Overlay, Reply, Screen, keys, theme, unlock, view, widgets};
