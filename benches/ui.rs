//! The workbook on the 10-year workload: a key press to its frame on the journal list, on the
//! list beside its reader at 200x60, and in search (update + render, in process), then, as
//! whole processes in a 100x30 pseudo-terminal, start to first full frame (median of 10) and
//! CPU used while idle (10 s, from 5 s after the first frame). `cargo bench --bench ui`.

#[path = "support/workload_gen.rs"]
mod workload_gen;

use divan::Bencher;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::io::Read;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock, Mutex};
use std::time::{Duration, Instant};
use trustwork::clock::Clock;
use trustwork::content::Pack;
use trustwork::model::Timestamp;
use trustwork::store::Store;
use trustwork::ui::theme::Theme;
use trustwork::ui::{App, Msg, render, update};

struct Fixture {
    _tmp: tempfile::TempDir,
    data: PathBuf,
    now: Timestamp,
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
    let w = workload_gen::build_for_bench("trustwork-bench-ui-");
    Fixture {
        _tmp: w.tmp,
        data: w.built.data,
        now: w.built.now,
    }
});

/// The app on the workload's home screen, 100x30, and its store.
fn home_app() -> (Store, App) {
    let f = &*FIXTURE;
    let store = Store::at(&f.data, Clock::Fixed(f.now));
    let data = trustwork::ui::run::load(&store).unwrap();
    let mut app = App::new(
        Pack::embedded(),
        f.data.clone(),
        Clock::Fixed(f.now),
        Theme::calm(),
        data,
    );
    update(&mut app, Msg::Resize(100, 30));
    (store, app)
}

/// The app with the journal open on all 22,000 entries.
fn journal_app() -> App {
    let (store, mut app) = home_app();
    let _ = app.follow(trustwork::ui::journal::open());
    update(
        &mut app,
        Msg::JournalLoaded(store.all_entries().unwrap(), vec![], vec![]),
    );
    app
}

fn key(app: &mut App, code: KeyCode) {
    update(app, Msg::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

#[divan::bench(sample_count = 200)]
fn journal_key_to_frame(bencher: Bencher) {
    let mut app = journal_app();
    let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let mut down = true;
    bencher.bench_local(|| {
        key(&mut app, if down { KeyCode::Down } else { KeyCode::Up });
        down = !down;
        term.draw(|f| render(f, &app)).unwrap();
    });
}

/// A key to its frame on the wide journal (200x60): the list beside the selected entry, read
/// afresh in its pane at each move, down and up.
#[divan::bench(sample_count = 200)]
fn journal_side_by_side_key(bencher: Bencher) {
    let mut app = journal_app();
    update(&mut app, Msg::Resize(200, 60));
    let mut term = Terminal::new(TestBackend::new(200, 60)).unwrap();
    let mut down = true;
    bencher.bench_local(|| {
        key(&mut app, if down { KeyCode::Down } else { KeyCode::Up });
        down = !down;
        term.draw(|f| render(f, &app)).unwrap();
    });
}

#[divan::bench(sample_count = 100)]
fn search_key_to_frame(bencher: Bencher) {
    let mut app = journal_app();
    key(&mut app, KeyCode::Char('/'));
    key(&mut app, KeyCode::Char('g'));
    let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let mut typing = true;
    bencher.bench_local(|| {
        // Type "a" after "g", then take it back: each press filters all 22,000 entries.
        key(
            &mut app,
            if typing {
                KeyCode::Char('a')
            } else {
                KeyCode::Backspace
            },
        );
        typing = !typing;
        term.draw(|f| render(f, &app)).unwrap();
    });
}

/// Opening the progress screen: read everything and compute every figure, once.
#[divan::bench(sample_count = 20)]
fn progress_open(bencher: Bencher) {
    let f = &*FIXTURE;
    let store = Store::at(&f.data, Clock::Fixed(f.now));
    let pack = Pack::embedded();
    let partners = store.partners().unwrap();
    bencher.bench_local(|| {
        let snap = store.load_all().unwrap();
        trustwork::ui::progress::figures(&snap, &pack, &partners, f.now.date_naive())
    });
}

/// One frame of each progress view (trust chart over 52 weeks, moments, calendar, guides).
#[divan::bench(args = ['1', '2', '3', '4'], sample_count = 100)]
fn progress_frame(bencher: Bencher, view: char) {
    let (store, mut app) = home_app();
    let _ = app.follow(trustwork::ui::progress::open());
    update(
        &mut app,
        Msg::ProgressLoaded(Box::new(store.load_all().unwrap())),
    );
    key(&mut app, KeyCode::Char(view));
    key(&mut app, KeyCode::Char('w'));
    key(&mut app, KeyCode::Char('w')); // 52 weeks
    let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap();
    bencher.bench_local(|| {
        term.draw(|fr| render(fr, &app)).unwrap();
    });
}

/// A key to its frame in the all-time progress view (every month of ten years, both partners'
/// trust and the moments per month): Right then Left, between the guides view and it.
#[divan::bench(sample_count = 100)]
fn all_time_key_to_frame(bencher: Bencher) {
    let (store, mut app) = home_app();
    let _ = app.follow(trustwork::ui::progress::open());
    update(
        &mut app,
        Msg::ProgressLoaded(Box::new(store.load_all().unwrap())),
    );
    key(&mut app, KeyCode::Char('5'));
    let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let mut back = true;
    bencher.bench_local(|| {
        key(&mut app, if back { KeyCode::Left } else { KeyCode::Right });
        back = !back;
        term.draw(|fr| render(fr, &app)).unwrap();
    });
}

/// A key to its frame on the moments screen, over every moment of ten years (the list, and
/// what has helped most computed from all of them), moving down and up the list.
#[divan::bench(sample_count = 200)]
fn moments_key_to_frame(bencher: Bencher) {
    let (_store, mut app) = home_app();
    key(&mut app, KeyCode::Char('M'));
    let mut term = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let mut down = true;
    bencher.bench_local(|| {
        key(&mut app, if down { KeyCode::Down } else { KeyCode::Up });
        down = !down;
        term.draw(|f| render(f, &app)).unwrap();
    });
}

/// Starts the real binary in a 100x30 pty; returns the child, its screen, and when it started.
/// A running app: the process, its screen, and the pty (kept open while the app runs).
struct Running {
    child: Box<dyn portable_pty::Child + Send + Sync>,
    parser: Arc<Mutex<vt100::Parser>>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

fn start_app() -> Running {
    let f = &*FIXTURE;
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: 30,
            cols: 100,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_trustwork"));
    cmd.env("TERM", "xterm-256color");
    cmd.env("TRUSTWORK_NOW", f.now.to_rfc3339());
    cmd.env_remove("TRUSTWORK_CONTENT_DIR");
    cmd.arg("--data-dir");
    cmd.arg(&f.data);
    let child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);
    let parser = Arc::new(Mutex::new(vt100::Parser::new(
        30.try_into().unwrap(),
        100.try_into().unwrap(),
        0,
    )));
    let mut reader = pair.master.try_clone_reader().unwrap();
    let p = parser.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 65536];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            p.lock().unwrap().process(&buf[..n]);
        }
    });
    Running {
        child,
        parser,
        _master: pair.master,
    }
}

/// Exec to the first full frame: the footer (the frame's last line) is on screen.
fn time_to_first_frame() -> Duration {
    let start = Instant::now();
    let Running {
        mut child,
        parser,
        _master,
    } = start_app();
    loop {
        if parser
            .lock()
            .unwrap()
            .screen()
            .contents()
            .contains("Ctrl-G help")
        {
            break;
        }
        assert!(start.elapsed() < Duration::from_secs(10), "no first frame");
        std::thread::sleep(Duration::from_micros(200));
    }
    let took = start.elapsed();
    let _ = child.kill();
    let _ = child.wait();
    took
}

/// User + system CPU of a process, from /proc, in clock ticks.
fn cpu_ticks(pid: u32) -> u64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    let after = stat.rsplit(')').next().unwrap_or("");
    let fields: Vec<&str> = after.split_whitespace().collect();
    fields
        .get(11)
        .and_then(|u| u.parse::<u64>().ok())
        .unwrap_or(0)
        + fields
            .get(12)
            .and_then(|s| s.parse::<u64>().ok())
            .unwrap_or(0)
}

fn main() {
    if std::env::args().any(|a| a == "--list") {
        divan::main();
        return;
    }
    LazyLock::force(&FIXTURE);
    divan::main();

    let mut starts: Vec<Duration> = (0..10).map(|_| time_to_first_frame()).collect();
    starts.sort();
    println!(
        "start to first full frame (100x30 pty, 10 runs): median {:.1} ms, fastest {:.1} ms, slowest {:.1} ms",
        starts[5].as_secs_f64() * 1e3,
        starts[0].as_secs_f64() * 1e3,
        starts[9].as_secs_f64() * 1e3
    );

    if std::path::Path::new("/proc/self/stat").exists() {
        let Running {
            mut child,
            parser: _parser,
            _master,
        } = start_app();
        let pid = child.process_id().unwrap();
        std::thread::sleep(Duration::from_secs(5));
        let before = cpu_ticks(pid);
        std::thread::sleep(Duration::from_secs(10));
        let after = cpu_ticks(pid);
        let ticks_per_sec = 100.0; // USER_HZ on Linux
        println!(
            "idle CPU over 10 s (from 5 s after start): {:.0} ms",
            (after - before) as f64 * 1000.0 / ticks_per_sec
        );
        let _ = child.kill();
        let _ = child.wait();
    }
}
