//! The event loop and the terminal: set up and restored in one place (on quit, error, panic,
//! SIGTERM and SIGHUP). The loop blocks until something happens — a key, a paste, a resize, a
//! file changed by another process — and redraws only then: no fixed-rate tick, no busy CPU.

use super::{App, Data, Effect, Msg, render, update};
use crate::clock::Clock;
use crate::content::Pack;
use crate::store::{HomeData, Store};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, EnableBracketedPaste, Event, KeyEventKind,
};
use ratatui::crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::crossterm::{cursor, execute};
use std::io::{self, Stdout};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// The longest a change in the editor waits before its draft is on disk.
const DRAFT_DELAY: Duration = Duration::from_secs(2);

/// What wakes the loop.
enum Wake {
    Input(Event),
    /// A file in the data folder changed (maybe by another trustwork).
    StoreChanged,
    /// SIGTERM or SIGHUP: leave cleanly.
    Signal,
    Answered(
        std::collections::HashSet<(String, String)>,
        std::collections::HashMap<String, chrono::NaiveDate>,
        Vec<crate::store::Damaged>,
    ),
    /// Slow work done on a worker thread (Argon2id) has its answer.
    Done(Msg),
}

/// The data folder as last seen by this app (after its own writes and reloads).
static SEEN: AtomicU64 = AtomicU64::new(0);

/// Names, sizes and modification times of the store's files: it changes whenever any file is
/// written (an atomic replace gives a new inode and time), and costs a few hundred `stat`s.
fn fingerprint(dir: &Path) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    // The top (a single-folder store, or what it left), then each device's folder.
    let mut bases = vec![dir.to_path_buf()];
    if let Ok(rd) = std::fs::read_dir(dir.join(crate::store::DEVICES_DIR)) {
        let mut devices: Vec<_> = rd.flatten().map(|e| e.path()).collect();
        devices.sort();
        bases.extend(devices);
    }
    for base in &bases {
        for sub in [Path::new(""), Path::new("entries"), Path::new("checkins")] {
            let Ok(rd) = std::fs::read_dir(base.join(sub)) else {
                continue;
            };
            let mut items: Vec<_> = rd
                .flatten()
                .filter(|e| e.path().extension().is_some_and(|x| x == "json"))
                .filter_map(|e| {
                    let m = e.metadata().ok()?;
                    Some((e.file_name(), m.len(), m.modified().ok()))
                })
                .collect();
            items.sort();
            (base, items).hash(&mut h);
        }
    }
    h.finish()
}

/// How many entries the home screen shows at most.
const RECENT: usize = 20;

pub fn load(store: &Store) -> Result<Data, crate::store::StoreError> {
    store.load_home(RECENT).map(data_of)
}

/// The workbook's data from what the store read.
fn data_of(home: HomeData) -> Data {
    Data {
        partners: home.partners,
        recent_entries: home.recent_entries,
        recent_checkins: home.recent_checkins,
        progress: home.progress,
        // Filled in by `spawn_answered` after the first frame: it reads every entry.
        answered: Default::default(),
        drafts: home.drafts,
        exercises: home.exercises,
        settings: home.settings,
        moments: home.moments,
        last_reviews: Default::default(),
        keys: home.keys,
        agreements: home.agreements,
        promises: home.promises,
        sessions: home.sessions,
        damaged: home.damaged,
    }
}

/// The store, and what the workbook last read from it exactly as it was on disk (sealed
/// writing still sealed): if the folder disappears, this is what the next save puts back.
struct Io {
    store: Store,
    held: HomeData,
}

impl Io {
    fn reload(&mut self) -> Msg {
        // A folder that has gone is not an empty store: keep what is held and on screen. A
        // deletion removes the files first, so a partners file gone from under us counts too.
        let partners_gone = !self.store.exists();
        if partners_gone && !self.held.partners.is_empty() {
            return Msg::FolderGone(Box::new(data_of(self.held.clone())));
        }
        match self.store.load_home(RECENT) {
            Ok(home) => {
                self.held = home.clone();
                Msg::Loaded(Box::new(data_of(home)))
            }
            Err(e) => Msg::Failed(e.to_string()),
        }
    }
}

/// Which prompts each partner answered: it needs every entry, so it is read on a thread after
/// the first frame, never in the way of the home screen.
fn spawn_answered(store: &Store, tx: mpsc::Sender<Wake>) {
    let store = store.clone();
    std::thread::spawn(move || {
        // It reads every month, so it also finds damage in months the home screen never read.
        if let Ok((entries, damaged)) = store.readable_entries() {
            let a = crate::stats::answered(&entries);
            let _ = tx.send(Wake::Answered(a.prompts, a.last_review, damaged));
        }
    });
}

fn set_mouse(on: bool) {
    let mut out = io::stdout();
    let _ = if on {
        execute!(out, event::EnableMouseCapture)
    } else {
        execute!(out, event::DisableMouseCapture)
    };
}

/// Restores the terminal; safe to call more than once.
fn restore() {
    let mut out = io::stdout();
    let _ = execute!(
        out,
        event::DisableMouseCapture,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = terminal::disable_raw_mode();
}

/// Holds the terminal in the app's mode for its lifetime.
struct TerminalGuard {
    terminal: Terminal<CrosstermBackend<Stdout>>,
}

impl TerminalGuard {
    fn enter() -> io::Result<TerminalGuard> {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            restore();
            previous(info);
        }));
        terminal::enable_raw_mode()?;
        let mut out = io::stdout();
        if let Err(e) = execute!(
            out,
            EnterAlternateScreen,
            EnableBracketedPaste,
            cursor::Hide
        ) {
            restore();
            return Err(e);
        }
        let terminal = Terminal::new(CrosstermBackend::new(out)).inspect_err(|_| restore())?;
        Ok(TerminalGuard { terminal })
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
    }
}

/// What the status line says first when opening the store moved it into the device folder.
fn opened_status(opened: &crate::store::Opened) -> Option<String> {
    let id = opened.store.device()?;
    if opened.migrated.is_some() {
        return Some(format!(
            "Your journal moved into devices/{id}/ so it can be synced; the old files are kept \
             in legacy-backup/."
        ));
    }
    opened.not_moved.clone()
}

/// Runs the workbook until the user quits.
pub fn run(pack: Pack, data_dir: PathBuf, clock: Clock) -> anyhow::Result<()> {
    // Opened as this installation's device: a copied device id stops here, saying what to do.
    let opened = Store::open_here(&data_dir, clock)?;
    let moved = opened_status(&opened);
    let store = opened.store;
    // A damaged file costs only its own records (home names it); only a store that cannot be
    // read at all stops here, before the terminal is taken over, saying why.
    let held = store.load_home(RECENT)?;
    let data = data_of(held.clone());
    let mut io = Io {
        store: store.clone(),
        held,
    };
    SEEN.store(fingerprint(&data_dir), Ordering::Relaxed);
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let theme = super::settings::theme_for(&data.settings, no_color);
    let mouse = data.settings.mouse;
    let mut app = App::new(pack, data_dir.clone(), clock, theme, data);
    app.no_color = no_color;
    app.status = moved;

    let (tx, rx) = mpsc::channel::<Wake>();
    spawn_input(tx.clone());
    spawn_signals(tx.clone())?;
    let mut watcher = watch(&data_dir, tx.clone());
    // Whether the watcher was set up on the folder itself (it ends when the folder is deleted).
    let mut watching_folder = data_dir.is_dir();

    let mut guard = TerminalGuard::enter()?;
    if mouse {
        set_mouse(true);
    }
    let size = guard.terminal.size()?;
    update(&mut app, Msg::Resize(size.width, size.height));
    guard.terminal.draw(|f| render(f, &app))?;
    spawn_answered(&store, tx.clone());
    // When the draft being typed is due to be saved: at most two seconds after it changed.
    let mut draft_due: Option<Instant> = None;
    let mut last_input = Instant::now();
    let mut pending: std::collections::VecDeque<Wake> = Default::default();
    loop {
        guard.terminal.draw(|f| render(f, &app))?;
        // Two timers at most, and only when needed: the draft's, and locking private entries
        // again after a few quiet minutes. Otherwise the loop sleeps until something happens.
        let lock_due = app
            .unlocked
            .as_ref()
            .map(|_| last_input + Duration::from_secs(super::unlock::IDLE_LOCK_SECS));
        let tick_due = app
            .ticking()
            .then(|| Instant::now() + Duration::from_secs(1));
        let deadline = [draft_due, lock_due, tick_due].into_iter().flatten().min();
        let wake = match (pending.pop_front(), deadline) {
            // Set aside while a burst of file events was drained: never lost.
            (Some(w), _) => Some(w),
            (None, Some(due)) => {
                match rx.recv_timeout(due.saturating_duration_since(Instant::now())) {
                    Ok(w) => Some(w),
                    Err(mpsc::RecvTimeoutError::Timeout) => None,
                    Err(mpsc::RecvTimeoutError::Disconnected) => break,
                }
            }
            (None, None) => match rx.recv() {
                Ok(w) => Some(w),
                Err(_) => break,
            },
        };
        let mut msgs = Vec::new();
        let Some(wake) = wake else {
            let now = Instant::now();
            if draft_due.is_some_and(|d| d <= now) {
                draft_due = None;
                msgs.push(Msg::DraftDue);
            }
            if lock_due.is_some_and(|d| d <= now) {
                msgs.push(Msg::IdleLock);
            }
            if tick_due.is_some_and(|d| d <= now) {
                msgs.push(Msg::Tick);
            }
            run_msgs(&mut app, &mut io, msgs, &mut draft_due, &tx);
            continue;
        };
        if matches!(wake, Wake::Input(_)) {
            last_input = Instant::now();
        }
        match wake {
            Wake::Signal => {
                run_msgs(&mut app, &mut io, vec![Msg::Shutdown], &mut draft_due, &tx);
                break;
            }
            Wake::StoreChanged => {
                // Several writes arrive as a burst: drain them and read the store once. The
                // app's own writes were read back already: only another's change reloads.
                // A key pressed during the burst is kept for the next turn, not dropped.
                while let Ok(w) = rx.try_recv() {
                    if !matches!(w, Wake::StoreChanged) {
                        pending.push_back(w);
                        break;
                    }
                }
                let now = fingerprint(store.dir());
                if now == SEEN.load(Ordering::Relaxed) {
                    continue;
                }
                SEEN.store(now, Ordering::Relaxed);
                let msg = io.reload();
                if !matches!(msg, Msg::FolderGone(_)) {
                    spawn_answered(&store, tx.clone());
                }
                msgs.push(msg);
            }
            Wake::Answered(set, reviews, damaged) => {
                msgs.push(Msg::Answered(set, reviews, damaged))
            }
            Wake::Done(msg) => {
                // Forgotten means forgotten: a later save must never put it back.
                if matches!(msg, Msg::Forgotten(_) | Msg::PartnerForgotten(..)) {
                    io.held = HomeData::default();
                }
                msgs.push(msg)
            }
            Wake::Input(Event::Key(k)) if k.kind == KeyEventKind::Press => msgs.push(Msg::Key(k)),
            Wake::Input(Event::Paste(p)) => msgs.push(Msg::Paste(p)),
            Wake::Input(Event::Resize(w, h)) => msgs.push(Msg::Resize(w, h)),
            Wake::Input(Event::Mouse(m)) => {
                use ratatui::crossterm::event::{
                    KeyCode, KeyEvent, KeyModifiers, MouseButton, MouseEventKind,
                };
                let key = |c| Msg::Key(KeyEvent::new(c, KeyModifiers::NONE));
                match m.kind {
                    MouseEventKind::ScrollDown => msgs.push(key(KeyCode::Down)),
                    MouseEventKind::ScrollUp => msgs.push(key(KeyCode::Up)),
                    MouseEventKind::Down(MouseButton::Left) => {
                        msgs.push(Msg::Click(m.column, m.row))
                    }
                    _ => continue,
                }
            }
            Wake::Input(_) => continue,
        }
        run_msgs(&mut app, &mut io, msgs, &mut draft_due, &tx);
        // A folder that went and came back (re-created by a save, or put back by hand) needs
        // watching afresh; a gone one is watched from its parent, to see it come back.
        if watching_folder != data_dir.is_dir() {
            watching_folder = data_dir.is_dir();
            watcher = watch(&data_dir, tx.clone());
        }
        if app.quit {
            break;
        }
    }
    drop(guard);
    drop(watcher);
    Ok(())
}

/// Runs messages through `update`, performing each effect and feeding its result back.
fn run_msgs(
    app: &mut App,
    io: &mut Io,
    mut msgs: Vec<Msg>,
    draft_due: &mut Option<Instant>,
    tx: &mpsc::Sender<Wake>,
) {
    while let Some(msg) = msgs.pop() {
        let mut failed = false;
        for effect in update(app, msg) {
            // Argon2id takes a noticeable moment: it never holds up the frames or the keys.
            if matches!(
                effect,
                Effect::Unlock(_)
                    | Effect::SetPassphrase(_)
                    | Effect::ForgetAll(_)
                    | Effect::ForgetPartner(..)
                    | Effect::LoadDevices
            ) {
                let (tx, store) = (tx.clone(), io.store.clone());
                std::thread::spawn(move || {
                    let _ = tx.send(Wake::Done(slow(&store, effect)));
                });
                continue;
            }
            // An export streams to its file on a thread, reporting progress as it goes.
            if let Effect::Export(job) = effect {
                let tx = tx.clone();
                std::thread::spawn(move || write_export(*job, &tx));
                continue;
            }
            if effect == Effect::DraftDirty {
                draft_due.get_or_insert_with(|| Instant::now() + DRAFT_DELAY);
                continue;
            }
            if let Effect::SetMouse(on) = effect {
                set_mouse(on);
                continue;
            }
            // After a failed save, its draft must stay: the rest of the batch (a reload that
            // seals again after a lock, say) still runs.
            if failed && matches!(effect, Effect::DeleteDraft(..)) {
                continue;
            }
            let out = perform(io, effect);
            // What this app wrote is known: the watcher's news of it is not a reason to reload.
            SEEN.store(fingerprint(io.store.dir()), Ordering::Relaxed);
            failed |= out
                .iter()
                .any(|m| matches!(m, Msg::Failed(_) | Msg::EntryNotSaved(..)));
            msgs.extend(out);
            // A save that went through but could not keep its rolling backup says so.
            if let Some(missed) = crate::store::take_missed_backups().first() {
                msgs.push(Msg::Failed(format!("{missed}.")));
            }
        }
    }
}

/// The slow effects, run on a worker thread.
fn slow(store: &Store, effect: Effect) -> Msg {
    match effect {
        Effect::Unlock(req) => Msg::Unlocked(super::unlock::check(req)),
        Effect::SetPassphrase(req) => Msg::Unlocked(super::unlock::Outcome {
            result: store
                .set_passphrase(
                    &req.partner,
                    req.current.as_deref().map(|s| s.as_str()),
                    &req.new,
                )
                .map_err(|e| e.to_string()),
            partner: req.partner,
            then: None,
        }),
        // Argon2id checks each passphrase the forgetting needs.
        Effect::ForgetAll(given) => match store.forget_all(&given) {
            Ok(erased) => Msg::Forgotten(erased),
            Err(e) => Msg::Failed(e.to_string()),
        },
        Effect::ForgetPartner(id, given) => match store.forget_partner(&id, &given) {
            Ok(done) => Msg::PartnerForgotten(id, done),
            Err(e) => Msg::Failed(e.to_string()),
        },
        // It reads every store file of every device folder, as `trustwork devices` does.
        Effect::LoadDevices => Msg::DevicesLoaded(
            store
                .device_report()
                .map(|report| {
                    Box::new(super::settings::Devices {
                        file: trustwork_core::sync::LocalDevice::default_path(),
                        this: store.device().cloned(),
                        host: trustwork_core::sync::device::host_name(),
                        report,
                    })
                })
                .map_err(|e| e.to_string()),
        ),
        other => Msg::Failed(format!("{other:?} is not slow work")),
    }
}

/// Does the I/O an effect asks for and turns the result into a message.
fn perform(io: &mut Io, effect: Effect) -> Vec<Msg> {
    let store = io.store.clone();
    let mut first = Vec::new();
    // The folder went while the workbook was open: a save puts back what it held first.
    if !store.exists() && !io.held.partners.is_empty() {
        match effect {
            // Drafts wait in memory (the editor holds them): only a real save brings it back.
            Effect::SaveDraft(..) | Effect::DeleteDraft(..) | Effect::DraftDirty => {
                return Vec::new();
            }
            // Reading a folder that is not there would show nothing: the journal shows what
            // was held (sealed as on disk), progress keeps what it shows.
            Effect::LoadJournal => {
                let mut entries = io.held.recent_entries.clone();
                entries.reverse();
                return vec![Msg::JournalLoaded(entries, Vec::new(), Vec::new())];
            }
            Effect::LoadProgress | Effect::LoadExport => return Vec::new(),
            Effect::OpenFile(_) | Effect::Export(_) => {}
            Effect::Reload | Effect::SetMouse(_) => {}
            _ => match store.recreate(&io.held) {
                Ok(n) => first.push(Msg::FolderRecreated(n)),
                Err(e) => return vec![not_done(effect, e.to_string())],
            },
        }
    }
    // A message to follow the effect's own (what a restore did).
    let mut after = None;
    let mut done = |r: Result<(), crate::store::StoreError>| match r {
        Ok(()) => io.reload(),
        Err(e) => Msg::Failed(e.to_string()),
    };
    first.push(match effect {
        Effect::AddPartners(ps) => {
            for (name, role) in ps {
                if let Err(e) = store.add_partner(&name, role) {
                    return vec![Msg::Failed(e.to_string())];
                }
            }
            done(Ok(()))
        }
        Effect::SaveProgress(a, p) => done(store.put_progress(&a, p)),
        Effect::SaveEntry(a, e, private) => match store.save_entry(&a, e.clone(), private) {
            Ok(_) => done(Ok(())),
            Err(err) => Msg::EntryNotSaved(Box::new(e), err.to_string()),
        },
        Effect::SaveExercise(a, r) => done(store.put_exercise(&a, r)),
        Effect::SaveCheckin(a, c) => done(
            store
                .put_checkin(&a, c.date, Some(c.trust), c.mood, c.note)
                .map(|_| ()),
        ),
        Effect::SaveMoment(a, m) => done(store.put_moment(&a, m)),
        Effect::AcknowledgeMoments(a, ids) => {
            done(store.acknowledge_moments(&a, &ids, store.clock().now()))
        }
        Effect::SaveAgreement(a, x) => done(store.put_agreement(&a, x)),
        Effect::SavePromise(a, p) => done(store.put_promise(&a, p)),
        // Run on a worker thread by `run_msgs` (see `slow`).
        Effect::Unlock(_)
        | Effect::SetPassphrase(_)
        | Effect::ForgetAll(_)
        | Effect::ForgetPartner(..)
        | Effect::LoadDevices => return Vec::new(),
        // Quiet, like a draft: the session screen holds the state; no reload mid-turn.
        Effect::SaveSession(a, s) => match store.put_session(&a, s) {
            Ok(()) => return Vec::new(),
            Err(e) => Msg::Failed(e.to_string()),
        },
        Effect::LoadProgress => match store.load_all() {
            Ok(snap) => Msg::ProgressLoaded(Box::new(snap)),
            Err(e) => Msg::Failed(e.to_string()),
        },
        Effect::LoadExport => match store.load_all() {
            Ok(snap) => Msg::ExportLoaded(Box::new(super::export::Ready {
                snap: std::sync::Arc::new(snap),
                home: home_dir(),
                opener: opener().is_some(),
            })),
            Err(e) => Msg::Failed(e.to_string()),
        },
        // Run on a thread by `run_msgs` (see `write_export`).
        Effect::Export(_) => return Vec::new(),
        Effect::OpenFile(path) => {
            open_file(&path);
            return Vec::new();
        }
        Effect::ShareWithCounsellor(a, id, on) => match store.share_with_counsellor(&a, &id, on) {
            Ok(_) => Msg::SharedWithCounsellor(id, on),
            Err(e) => Msg::Failed(format!("Nothing was changed: {e}.")),
        },
        Effect::StarEntry(a, id, on) => match store.star_entry(&a, &id, on) {
            Ok(_) => Msg::Starred(id, on),
            Err(e) => Msg::Failed(format!("Nothing was changed: {e}.")),
        },
        Effect::UpdatePartner(id, name, role) => done(store.update_partner(&id, &name, role)),
        Effect::SaveSettings(s) => done(store.put_settings(s)),
        // Handled by the loop, which owns the terminal.
        Effect::SetMouse(_) => return Vec::new(),
        // A draft save is quiet: no reload, so typing is never interrupted.
        Effect::SaveDraft(a, d) => match store.put_draft(&a, d) {
            Ok(()) => return Vec::new(),
            Err(e) => Msg::Failed(format!("The draft could not be saved: {e}")),
        },
        Effect::DeleteDraft(a, key) => done(store.delete_draft(&a, &key)),
        Effect::DraftDirty => return Vec::new(),
        Effect::Reload => done(Ok(())),
        // Damaged months are left out here; home's banner names them.
        Effect::LoadJournal => {
            let mut damaged = Vec::new();
            match store.readable_entries().and_then(|(e, d)| {
                damaged = d;
                Ok((
                    e,
                    store.read_noting(crate::store::paths::TRASH, &mut damaged)?,
                ))
            }) {
                Ok((entries, trash)) => Msg::JournalLoaded(entries, trash, damaged),
                Err(e) => Msg::Failed(e.to_string()),
            }
        }
        // A reload follows, and with the journal open it reads the journal again.
        Effect::TrashEntry(a, id) => done(store.trash_entry(&a, &id)),
        Effect::RestoreEntry(a, id) => done(store.restore_entry(&a, &id)),
        Effect::EmptyTrash(a) => done(store.empty_trash(&a).map(|_| ())),
        Effect::RestoreFiles(files) => {
            let (mut restored, mut failed) = (Vec::new(), Vec::new());
            for f in files {
                match store.restore(&f, None) {
                    Ok(r) => restored.push(r.file),
                    Err(e) => failed.push(e.to_string()),
                }
            }
            after = Some(Msg::Restored(restored, failed));
            done(Ok(()))
        }
    });
    first.extend(after);
    first
}

/// The home folder, where an export is offered to go (the current folder without one).
fn home_dir() -> PathBuf {
    directories::BaseDirs::new()
        .map(|d| d.home_dir().to_path_buf())
        .or_else(|| std::env::var_os("HOME").map(PathBuf::from))
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The desktop's opener on `PATH`: `open` on macOS, `xdg-open` elsewhere.
fn opener() -> Option<PathBuf> {
    let name = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

/// Opens a file with the desktop's opener, detached, its output thrown away.
fn open_file(path: &Path) {
    use std::process::{Command, Stdio};
    if let Some(o) = opener() {
        let _ = Command::new(o)
            .arg(path)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
    }
}

/// Writes an export (on a thread): refuses a link, asks before replacing a file, opens only
/// the exporting partner's own private entries (`export::open_private_for`), and reports
/// progress a few times a second, then the end.
fn write_export(job: super::export::Job, tx: &mpsc::Sender<Wake>) {
    let send = |m: Msg| {
        let _ = tx.send(Wake::Done(m));
    };
    let path = job.path.clone();
    let shown = path.display().to_string();
    if std::fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_symlink()) {
        return send(Msg::Exported(Err(format!(
            "{shown} is a symbolic link; trustwork does not write through links. Name the file itself."
        ))));
    }
    if path.is_dir() {
        return send(Msg::Exported(Err(format!(
            "{shown} is a folder: name a file in it."
        ))));
    }
    if path.exists() && !job.replace {
        return send(Msg::ExportExists(path));
    }
    let opened;
    let snap: &crate::store::Snapshot = if job.filter.include_private {
        let mut s = (*job.snap).clone();
        if let Err(e) = crate::export::open_private_for(&mut s, &job.actor, &job.filter) {
            return send(Msg::Exported(Err(format!(
                "Nothing was written: your private entries could not be opened ({e})."
            ))));
        }
        opened = s;
        &opened
    } else {
        &job.snap
    };
    let mut last = Instant::now();
    let mut progress = |p: crate::export::Progress| {
        if last.elapsed() >= Duration::from_millis(50) || p.done == p.total {
            last = Instant::now();
            send(Msg::ExportProgress(p));
        }
    };
    let result = crate::store::fsio::write_atomic_with(&path, &mut |file| {
        if job.summary {
            crate::export::write_summary(
                snap,
                job.filter.since,
                job.filter.until,
                job.today,
                job.format,
                file,
            )
        } else {
            crate::export::write(
                snap,
                &job.filter,
                job.format,
                job.exported_at,
                file,
                &mut progress,
            )
        }
    });
    send(Msg::Exported(match result {
        Ok(()) => Ok(path),
        Err(e) => Err(format!(
            "{shown} could not be written: {e}. Nothing else was changed."
        )),
    }));
}

/// What an effect that could not be done becomes: an entry is kept as a draft, anything
/// else says why.
fn not_done(effect: Effect, why: String) -> Msg {
    match effect {
        Effect::SaveEntry(_, e, _) => Msg::EntryNotSaved(Box::new(e), why),
        _ => Msg::Failed(why),
    }
}

fn spawn_input(tx: mpsc::Sender<Wake>) {
    std::thread::spawn(move || {
        while let Ok(ev) = event::read() {
            if tx.send(Wake::Input(ev)).is_err() {
                break;
            }
        }
    });
}

fn spawn_signals(tx: mpsc::Sender<Wake>) -> io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP])?;
    std::thread::spawn(move || {
        if signals.forever().next().is_some() {
            let _ = tx.send(Wake::Signal);
        }
    });
    Ok(())
}

/// Watches the data folder, so that what another process writes shows up without a restart.
/// A folder that does not exist (first run, or deleted) is watched from its parent.
fn watch(dir: &Path, tx: mpsc::Sender<Wake>) -> Option<notify::RecommendedWatcher> {
    use notify::{RecursiveMode, Watcher};
    let folder = dir.to_path_buf();
    let mut watcher = notify::recommended_watcher(move |res: notify::Result<notify::Event>| {
        if let Ok(ev) = res {
            // The folder itself counts: moved away, deleted or put back.
            let relevant = ev.paths.iter().any(|p| {
                p == &folder
                    || (p.extension().is_some_and(|e| e == "json")
                        && !p
                            .file_name()
                            .is_some_and(|n| n.to_string_lossy().starts_with('.')))
            });
            if relevant && !ev.kind.is_access() {
                let _ = tx.send(Wake::StoreChanged);
            }
            // A folder made under the data folder (a device folder a sync brings, or its
            // entries/) is watched only once the watcher has seen it: files written into it
            // before then send no event. Look again when they have landed; the fingerprint
            // makes a look that finds nothing new cost nothing more.
            if ev.kind.is_create() && ev.paths.iter().any(|p| p.is_dir()) {
                let _ = tx.send(Wake::StoreChanged);
                let tx = tx.clone();
                std::thread::spawn(move || {
                    std::thread::sleep(std::time::Duration::from_millis(500));
                    let _ = tx.send(Wake::StoreChanged);
                });
            }
        }
    })
    .ok()?;
    // A folder not there (first run, or gone) is watched from its parent, only one level
    // deep: the parent may be a large tree such as ~/.local/share.
    if dir.is_dir() {
        watcher.watch(dir, RecursiveMode::Recursive).ok()?;
    } else {
        watcher
            .watch(dir.parent()?, RecursiveMode::NonRecursive)
            .ok()?;
    }
    Some(watcher)
}
