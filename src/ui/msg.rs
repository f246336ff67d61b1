//! What comes in ([`Msg`]: keys, loads, ticks) and what goes out ([`Effect`]: the I/O the
//! event loop performs).

use super::Data;
use super::unlock::types as unlock;
use crate::model::{CheckIn, Entry, GuideProgress, Role};
use crate::privacy::Actor;
use ratatui::crossterm::event::KeyEvent;

#[derive(Debug, Clone)]
pub enum Msg {
    Key(KeyEvent),
    /// A left click at (column, row), when the mouse is on.
    Click(u16, u16),
    Paste(String),
    Resize(u16, u16),
    /// The store was read again (after a save, or because another process changed it).
    Loaded(Box<Data>),
    /// Something the event loop tried failed; the text says what and where.
    Failed(String),
    /// An entry could not be saved (the text says why): it is kept as an unsaved draft.
    EntryNotSaved(Box<Entry>, String),
    /// Store files restored from their last good copy, and what could not be restored.
    Restored(Vec<std::path::PathBuf>, Vec<String>),
    /// The data folder is gone: what was last read from it (sealed, as it was on disk) stays
    /// on screen in place of a reload.
    FolderGone(Box<Data>),
    /// The data folder was re-created with this many records the workbook held.
    FolderRecreated(usize),
    /// Which prompts each partner answered, and their last reviews (read after the first frame).
    /// Also the entry months that could not be read.
    Answered(
        std::collections::HashSet<(String, String)>,
        std::collections::HashMap<String, chrono::NaiveDate>,
        Vec<crate::store::Damaged>,
    ),
    /// Everything in the store, for the progress screen and the review.
    ProgressLoaded(Box<crate::store::Snapshot>),
    /// Every entry and the trash, for the journal, and the files left out as damaged.
    JournalLoaded(
        Vec<Entry>,
        Vec<crate::model::Trashed>,
        Vec<crate::store::Damaged>,
    ),
    /// Two seconds have passed since the editor first changed: time to save the draft.
    DraftDue,
    /// The app is being closed from outside (SIGTERM, SIGHUP): keep what is being typed.
    Shutdown,
    /// No key for a few minutes: lock private entries again.
    IdleLock,
    /// A second passed while a countdown is on screen (a break).
    Tick,
    /// Everything was erased: back to a first run, with nothing in memory either.
    Forgotten(crate::store::Erased),
    /// One partner's records were erased (partner id).
    PartnerForgotten(String, crate::store::PartnerForgotten),
    /// A passphrase was checked (or set) off the UI thread.
    Unlocked(unlock::Outcome),
    /// Everything in the store, for the export screen, with the home folder and whether a
    /// desktop opener exists.
    ExportLoaded(Box<crate::ui::export::Ready>),
    /// How far the export being written has come.
    ExportProgress(crate::export::Progress),
    /// The export's file exists: nothing was written; the screen asks before replacing it.
    ExportExists(std::path::PathBuf),
    /// The export was written (its path), or why not.
    Exported(Result<std::path::PathBuf, String>),
    /// "Share with our counsellor" was set (true) or cleared on this entry (id).
    SharedWithCounsellor(String, bool),
    /// The entry (id) was starred (true) or unstarred.
    Starred(String, bool),
    /// The devices that write the data folder, for Settings, or why they could not be read.
    DevicesLoaded(Result<Box<crate::ui::settings::Devices>, String>),
}

/// Work for the event loop: anything that touches the disk, or is slow. Every write names the
/// acting partner: the store refuses what they may not change and seals what must be sealed.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    AddPartners(Vec<(String, Role)>),
    SaveProgress(Actor, GuideProgress),
    /// The entry in plain form, and whether it is private (sealed by the store).
    SaveEntry(Actor, Entry, bool),
    SaveExercise(Actor, crate::model::ExerciseResult),
    SaveCheckin(Actor, CheckIn),
    SaveMoment(Actor, crate::model::Moment),
    /// The other partner has seen these requests for reassurance.
    AcknowledgeMoments(Actor, Vec<String>),
    /// Read everything for the progress screen or the review.
    LoadProgress,
    /// Read the devices of a synced folder for Settings (off the UI thread: it reads them all).
    LoadDevices,
    SaveAgreement(Actor, crate::together::Agreement),
    SavePromise(Actor, crate::together::Promise),
    SaveSession(Actor, crate::together::Session),
    /// Check a passphrase (Argon2id, off the UI thread); `Msg::Unlocked` brings the answer.
    Unlock(unlock::Request),
    /// Set or change a passphrase (off the UI thread); `Msg::Unlocked` follows.
    SetPassphrase(unlock::NewPassphrase),
    /// Erase trustwork's files (after the word FORGET and the passphrases it needs by partner
    /// id), then start again at the first run.
    ForgetAll(Vec<(String, crate::store::Passphrase)>),
    /// Erase one partner's records (partner id; passphrases as for `ForgetAll`).
    ForgetPartner(String, Vec<(String, crate::store::Passphrase)>),
    /// Partner id, new name, new role.
    UpdatePartner(String, String, Role),
    SaveSettings(crate::model::Settings),
    /// Turn mouse capture on or off (the event loop owns the terminal).
    SetMouse(bool),
    SaveDraft(Actor, crate::model::Draft),
    /// The draft key of the actor's draft.
    DeleteDraft(Actor, String),
    LoadJournal,
    /// An entry id.
    TrashEntry(Actor, String),
    RestoreEntry(Actor, String),
    EmptyTrash(Actor),
    /// Put back the last good copy of each of these store files (they could not be read).
    RestoreFiles(Vec<std::path::PathBuf>),
    /// The editor changed: the loop makes sure a `DraftDue` follows within two seconds.
    DraftDirty,
    Reload,
    /// Read everything for the export screen (`Msg::ExportLoaded`).
    LoadExport,
    /// Write an export on a thread: `Msg::ExportProgress`, then `Msg::Exported` (or
    /// `Msg::ExportExists` when the file is there and replacing it was not asked for).
    Export(Box<crate::ui::export::Job>),
    /// Open a written file with the desktop's opener (detached).
    OpenFile(std::path::PathBuf),
    /// Tick or untick "share with our counsellor" on the actor's own entry (id).
    ShareWithCounsellor(Actor, String, bool),
    /// Star or unstar the actor's own entry (id).
    StarEntry(Actor, String, bool),
}
