//! [`Versioned`] for every kind of record the store keeps: the key is the store's
//! ([`Collection::key`]), the time is the record's own.
//!
//! Where a kind has no `updated` field its time is the newest event it holds, which moves on
//! with every change the app makes to it (an agreement agreed or retired, a promise marked, a
//! session answered); a partner's `created` and the settings' fixed time only order versions
//! the store did not stamp (see [`super::merge`]: the store stamps what it writes).

use super::merge::Versioned;
use crate::model::{
    CheckIn, Draft, Entry, ExerciseResult, GuideProgress, Moment, Partner, Settings, Timestamp,
    Trashed,
};
use crate::store::Collection;
use crate::together::{Agreement, Promise, Session};

macro_rules! versioned {
    ($($kind:ty => |$r:ident| $time:expr;)*) => {$(
        impl Versioned for $kind {
            fn key(&self) -> String {
                Collection::key(self)
            }
            fn updated(&self) -> Timestamp {
                let $r = self;
                $time
            }
        }
    )*};
}

/// The time a record that carries none sorts at: before anything it could be written.
pub fn timeless() -> Timestamp {
    chrono::DateTime::UNIX_EPOCH.fixed_offset()
}

fn newest(first: Timestamp, more: impl IntoIterator<Item = Timestamp>) -> Timestamp {
    more.into_iter().fold(first, Timestamp::max)
}

versioned! {
    Entry => |r| r.updated;
    CheckIn => |r| r.updated;
    ExerciseResult => |r| r.updated;
    crate::crypto::PartnerKey => |r| r.updated;
    Draft => |r| r.saved;
    Trashed => |r| r.deleted;
    Partner => |r| r.created;
    Settings => |_r| timeless();
    GuideProgress => |r| newest(r.opened, r.completed);
    Moment => |r| newest(r.date, r.acknowledged);
    Agreement => |r| newest(
        r.created,
        r.agreed.iter().map(|c| c.at)
            .chain(r.history.iter().map(|c| c.at))
            .chain(r.retired.iter().map(|x| x.at)),
    );
    Promise => |r| newest(r.created, r.occurrences.iter().map(|o| o.marked).chain(r.retired));
    Session => |r| newest(
        r.started,
        r.questions.iter().flat_map(|q| q.answers.iter().map(|a| a.at)).chain(r.finished),
    );
}
