//! End to end: the real binary in a pseudo-terminal, keys typed, the screen read back with vt100.
//! A reader thread drains the pty so large writes never block; every wait is for text on the
//! screen (10 s at most), never a fixed sleep.

use crate::own_file;
use portable_pty::{CommandBuilder, PtySize, native_pty_system};
use std::io::{Read, Write};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const TIMEOUT: Duration = Duration::from_secs(10);

/// The tests take turns: several full-screen apps at once on a 2-core machine make timeouts
/// flaky, and each test reads its own screen anyway.
static SERIAL: Mutex<()> = Mutex::new(());

fn serial() -> std::sync::MutexGuard<'static, ()> {
    SERIAL.lock().unwrap_or_else(|e| e.into_inner())
}

struct Session {
    parser: Arc<Mutex<vt100::Parser>>,
    /// Every byte the app wrote, to check what reached the terminal.
    raw: Arc<Mutex<Vec<u8>>>,
    writer: Box<dyn Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

impl Session {
    fn start(data: &Path, cols: u16, rows: u16) -> Session {
        Session::command(data, cols, rows, &[])
    }

    /// `trustwork --data-dir DATA ARGS…` in a pseudo-terminal.
    fn command(data: &Path, cols: u16, rows: u16, args: &[&str]) -> Session {
        let pty = native_pty_system();
        let pair = pty
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_trustwork"));
        cmd.env_clear();
        cmd.env("TERM", "xterm-256color");
        cmd.env("HOME", data.parent().unwrap());
        cmd.env("TRUSTWORK_DEVICE_FILE", device_file(data));
        cmd.env("TRUSTWORK_NOW", "2026-11-25T09:00:00+00:00");
        cmd.arg("--data-dir");
        cmd.arg(data);
        cmd.args(args);
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let parser = Arc::new(Mutex::new(vt100::Parser::new(
            rows.try_into().unwrap(),
            cols.try_into().unwrap(),
            0,
        )));
        let mut reader = pair.master.try_clone_reader().unwrap();
        let raw = Arc::new(Mutex::new(Vec::new()));
        let (p, r) = (parser.clone(), raw.clone());
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = reader.read(&mut buf) {
                if n == 0 {
                    break;
                }
                p.lock().unwrap().process(&buf[..n]);
                r.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().unwrap();
        Session {
            parser,
            raw,
            writer,
            child,
            _master: pair.master,
        }
    }

    fn screen(&self) -> String {
        self.parser.lock().unwrap().screen().contents()
    }

    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if s.contains(text) {
                return s;
            }
            if start.elapsed() > TIMEOUT {
                panic!("{text:?} did not appear within 10 s; the screen was:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn send(&mut self, bytes: &str) {
        self.writer.write_all(bytes.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    /// Waits for the process to end and returns whether it exited successfully.
    fn wait_exit(&mut self) -> bool {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.success();
            }
            if start.elapsed() > TIMEOUT {
                let _ = self.child.kill();
                panic!("trustwork did not exit; the screen was:\n{}", self.screen());
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

#[test]
fn first_run_then_home_after_a_restart() {
    let _turn = serial();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let mut s = Session::start(&data, 100, 30);
    s.wait_for("Press Enter to begin");
    s.send("\r");
    s.wait_for("What should trustwork call you?");
    s.send("Alex\r");
    s.wait_for("Which describes you best?");
    s.send("1\r");
    s.wait_for("Is your partner doing this with you");
    s.send("y\r");
    s.wait_for("call your partner");
    s.send("Sam\r");
    s.wait_for("Which describes Sam best?");
    s.send("2\r");
    s.wait_for("Switching partner is one key");
    s.send("\r");
    s.wait_for("Next on your path");
    s.wait_for("Alex · the partner who was hurt");
    // Safety, then help, then quick-hide, from home.
    s.send("\x0f");
    s.wait_for("In danger now: call 911");
    s.send("\x1b");
    s.wait_for("Next on your path");
    s.send("\x11");
    let start = Instant::now();
    while s.screen().contains("Alex") {
        assert!(
            start.elapsed() < TIMEOUT,
            "quick-hide left the journal on screen"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // A letter is swallowed (w would open the editor); Ctrl-Q returns home.
    s.send("w");
    s.send("\x11");
    s.wait_for("Next on your path");
    assert!(!s.screen().contains("New entry"));
    s.send("\x03");
    assert!(s.wait_exit());

    let mut again = Session::start(&data, 80, 24);
    again.wait_for("Next on your path");
    again.send("\t");
    again.wait_for("Sam · the partner who broke trust");
    again.send("q");
    assert!(again.wait_exit());
}

#[test]
fn an_entry_added_from_another_shell_appears_without_a_restart() {
    let _turn = serial();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    // The other shell writes as another installation (its own device file), so its first
    // write makes a device folder while the workbook runs, as a synced laptop's first files
    // arrive: the folder and its files land before the watcher can add the folder.
    let other = tmp.path().join("other-device.json");
    let cli = |args: &[&str]| {
        cli_on(&other, &data, "2026-11-25T09:00:00+00:00", None, None, args);
    };
    cli_at(
        &data,
        "2026-11-25T09:00:00+00:00",
        None,
        None,
        &["partners", "add", "Alex", "--role", "hurt"],
    );
    let mut s = Session::start(&data, 100, 30);
    s.wait_for("Nothing written yet");
    cli(&[
        "journal",
        "add",
        "--partner",
        "Alex",
        "--title",
        "Written elsewhere",
        "hello",
    ]);
    s.wait_for("Written elsewhere");
    // An entry whose text holds terminal control sequences is shown escaped, harmlessly.
    cli(&[
        "journal",
        "add",
        "--partner",
        "Alex",
        "--title",
        "Evil \x1b[2J\x1b]0;pwned\x07 title",
        "x",
    ]);
    let screen = s.wait_for("Evil");
    assert!(
        screen.contains("Written elsewhere"),
        "the screen was not cleared: {screen}"
    );
    let raw = s.raw.lock().unwrap().clone();
    assert!(
        !raw.windows(9).any(|w| w == b"\x1b]0;pwned"),
        "a title sequence reached the terminal"
    );
    assert!(screen.contains("\\x1b[2J"), "{screen}");
    s.send("\x03");
    assert!(s.wait_exit());
}

#[test]
fn sigterm_restores_the_terminal() {
    let _turn = serial();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let mut s = Session::start(&data, 80, 24);
    s.wait_for("Press Enter to begin");
    assert!(s.parser.lock().unwrap().screen().alternate_screen());
    let pid = s.child.process_id().unwrap();
    std::process::Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status()
        .unwrap();
    s.wait_exit();
    let start = Instant::now();
    while s.parser.lock().unwrap().screen().alternate_screen() {
        assert!(
            start.elapsed() < TIMEOUT,
            "the alternate screen was not left"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// This installation's device file: beside the data folder, as one machine's own.
fn device_file(data: &Path) -> std::path::PathBuf {
    data.parent().unwrap().join("device.json")
}

fn couple_store(data: &Path) {
    for (name, role) in [("Alex", "hurt"), ("Sam", "repairing")] {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_trustwork"))
            .env("TRUSTWORK_DEVICE_FILE", device_file(data))
            .arg("--data-dir")
            .arg(data)
            .args(["partners", "add", name, "--role", role])
            .output()
            .unwrap();
        assert!(out.status.success());
    }
}

#[test]
fn answer_a_prompt_save_quit_and_find_it_again() {
    let _turn = serial();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    couple_store(&data);
    let mut s = Session::start(&data, 100, 30);
    s.wait_for("Next on your path");
    s.send("g");
    s.wait_for("Naming the hurt");
    s.send("\x1b[B\x1b[B\r");
    s.wait_for("Ideas");
    // Tab brings the questions into view, the first one chosen.
    s.send("\t");
    s.wait_for("Questions to write about");
    s.send("\r");
    s.wait_for("Shared: visible to Sam too.");
    // Safety and quick-hide work from inside the editor, and typing goes on after.
    s.send("\x0f");
    s.wait_for("In danger now: call 911");
    s.send("\x1b");
    s.wait_for("Shared: visible to Sam too.");
    s.send("\x11");
    let start = Instant::now();
    while !s.screen().trim().is_empty() {
        assert!(start.elapsed() < TIMEOUT, "not hidden:\n{}", s.screen());
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!s.screen().to_lowercase().contains("trustwork"));
    // Other keys are swallowed, not typed; Ctrl-Q returns to the editor.
    s.send("z");
    s.send("\x11");
    s.wait_for("Shared: visible to Sam too.");
    s.send("The moment I found the messages. Why? Because I was alone!");
    let text = s.wait_for("11 words");
    assert!(!text.contains("zThe"), "{text}");
    s.send("\x13");
    s.wait_for("Saved.");
    s.send("\x1b");
    s.wait_for("Steady ground");
    s.send("\x1b");
    s.wait_for("Recent entries");
    s.wait_for("The moment I found the messages");
    s.send("\x03");
    assert!(s.wait_exit());

    let mut again = Session::start(&data, 80, 24);
    again.wait_for("The moment I found the messages");
    again.send("\x03");
    assert!(again.wait_exit());
}

#[test]
fn a_200_kb_paste_then_sigkill_and_the_draft_is_offered_again() {
    let _turn = serial();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    couple_store(&data);
    let mut s = Session::start(&data, 100, 30);
    s.wait_for("Next on your path");
    s.send("w");
    s.wait_for("New entry");
    let mut big = String::new();
    while big.len() < 200_000 {
        big.push_str("a long pasted line of words, with CRLF endings 日本 😀\r\n");
    }
    big.push_str("THE END");
    s.send(&format!("\x1b[200~{big}\x1b[201~"));
    s.wait_for("THE END");
    // Wait for the draft (at most 2 s after the last change): the whole paste, in a drafts file
    // that parses, not a fixed sleep. Then a hard kill.
    let drafts = own_file(&data, "drafts.json");
    let whole_draft = || {
        let Ok(text) = std::fs::read_to_string(&drafts) else {
            return false;
        };
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&text) else {
            return false;
        };
        // `{"format_version": N, "kind": "drafts", "records": [...]}`
        let Some(all) = v["records"].as_array() else {
            return false;
        };
        all.iter().any(|d| {
            d["body"]
                .as_str()
                .is_some_and(|b| b.ends_with("THE END") && b.lines().count() == big.lines().count())
        })
    };
    let start = Instant::now();
    while !whole_draft() {
        assert!(
            start.elapsed() < TIMEOUT,
            "the draft was not saved: {:?}",
            std::fs::read_to_string(&drafts).map(|t| t.len())
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    s.child.kill().unwrap();
    s.wait_exit();

    let mut again = Session::start(&data, 100, 30);
    again.wait_for("Next on your path");
    again.send("w");
    again.wait_for("Restored your unsaved draft");
    again.wait_for("THE END");
    again.send("\x13");
    again.wait_for("Saved.");
    again.send("\x03");
    assert!(again.wait_exit());
    let list = std::process::Command::new(env!("CARGO_BIN_EXE_trustwork"))
        .env("TRUSTWORK_DEVICE_FILE", device_file(&data))
        .arg("--data-dir")
        .arg(&data)
        .args(["journal", "list", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let body = v[0]["body"].as_str().unwrap();
    assert!(!body.contains('\r'));
    assert!(
        body.ends_with("THE END"),
        "{:?}",
        &body[body.len().saturating_sub(80)..]
    );
    assert_eq!(body.lines().count(), big.lines().count());
    assert!(body.len() > 190_000, "{}", body.len());
}

#[test]
fn check_in_and_log_a_moment_in_the_workbook_then_read_them_with_stats() {
    let _turn = serial();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    couple_store(&data);
    let mut s = Session::start(&data, 100, 30);
    s.wait_for("Check-in not done yet today");
    // c, a digit, Ctrl-S: a whole check-in in three keys.
    s.send("c");
    s.wait_for("How much do I trust Sam today?");
    s.send("6");
    s.wait_for("[6]");
    s.send("\x13");
    s.wait_for("Check-in done: trust 6/10");
    s.send("m");
    s.wait_for("How strong was it?");
    s.send("7\tthe anniversary\t\t\t ");
    s.wait_for("[x] Ask Sam for reassurance");
    s.send("\x13");
    s.wait_for("Sam will see that you asked");
    s.send("\t");
    s.wait_for("Sam · the partner who broke trust");
    s.wait_for("Alex had a difficult moment");
    assert!(
        !s.screen().contains("the anniversary"),
        "the text stays with its author"
    );
    s.send("\x03");
    assert!(s.wait_exit());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_trustwork"))
        .env("TRUSTWORK_DEVICE_FILE", device_file(&data))
        .arg("--data-dir")
        .arg(&data)
        .args(["stats", "--json"])
        .env("TRUSTWORK_NOW", "2026-11-25T09:00:00+00:00")
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let alex = &v["partners"][0];
    assert_eq!(alex["checkins"], 1);
    assert_eq!(alex["trust"]["last"], 6);
    assert_eq!(alex["streak"]["current"], 1);
    assert_eq!(alex["moments"]["total"], 1);
    assert_eq!(alex["moments"]["average_strength_28d"], 7.0);
    assert_eq!(v["moments"], 1);
}

/// From home: the guides, down to "Talking so you can both be heard", and `t` to work through it
/// together.
fn open_communicate_together(s: &mut Session) {
    s.wait_for("Next on your path");
    s.send("g");
    s.wait_for("Talking so you can both be heard");
    // Down, one row at a time, until it is selected: the rows above it change with the pack.
    for _ in 0..40 {
        let before = s.selected_line();
        if before
            .as_deref()
            .is_some_and(|l| l.contains("Talking so you can both be heard"))
        {
            break;
        }
        s.send("\x1b[B");
        s.wait_until("the selection to move down", |_| {
            s.selected_line() != before
        });
    }
    s.wait_for("> Talking so you can both be heard");
    s.send("\r");
    s.wait_for("Ideas");
    s.send("t");
}

#[test]
fn a_together_session_with_a_reveal_quit_in_the_middle_and_resumed() {
    let _turn = serial();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    couple_store(&data);
    let mut s = Session::start(&data, 100, 30);
    open_communicate_together(&mut s);
    s.wait_for("Sam, please look away");
    s.send("\r");
    s.wait_for("Alex is answering");
    s.send("ALEX-SAYS-THIS");
    s.wait_for("ALEX-SAYS-THIS");
    s.send("\x13");
    s.wait_for("Alex, please look away");
    assert!(
        !s.screen().contains("ALEX-SAYS-THIS"),
        "hidden from Sam before the reveal"
    );
    // Quit in the middle of Sam's turn.
    s.send("\x03");
    assert!(s.wait_exit());

    let mut again = Session::start(&data, 100, 30);
    open_communicate_together(&mut again);
    again.wait_for("Alex, please look away");
    again.send("\r");
    again.wait_for("Sam is answering");
    again.send("SAM-SAYS-THAT\x13");
    again.wait_for("Both answers, side by side");
    let screen = again.wait_for("SAM-SAYS-THAT");
    assert!(screen.contains("ALEX-SAYS-THIS"), "{screen}");
    again.send("\r");
    again.wait_for("What we heard");
    again.send("we both want calm\r\r");
    again.wait_for("Question 2 of");
    again.send("\x1b");
    again.wait_for("Paused");
    again.send("\x03");
    assert!(again.wait_exit());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_trustwork"))
        .env("TRUSTWORK_DEVICE_FILE", device_file(&data))
        .arg("--data-dir")
        .arg(&data)
        .args(["journal", "list"])
        .output()
        .unwrap();
    let list = String::from_utf8(out.stdout).unwrap();
    assert!(
        list.contains("ALEX-SAYS-THIS")
            && list.contains("SAM-SAYS-THAT")
            && list.contains("Our shared note"),
        "{list}"
    );
}

#[test]
fn a_passphrase_typed_at_the_terminal_is_not_echoed_and_works() {
    let _turn = serial();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    couple_store(&data);
    let mut s = Session::command(&data, 100, 30, &["partners", "passphrase", "Alex"]);
    s.wait_for("New passphrase for Alex: ");
    s.send("secret-words\r");
    s.wait_for("The same again: ");
    s.send("secret-words\r");
    assert!(s.wait_exit());
    let screen = s.screen();
    assert!(!screen.contains("secret"), "{screen}");
    // The typed passphrase unlocks: changing it with the old one succeeds.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_trustwork"))
        .env("TRUSTWORK_DEVICE_FILE", device_file(&data))
        .arg("--data-dir")
        .arg(&data)
        .args(["partners", "passphrase", "Alex"])
        .env("TRUSTWORK_NOW", "2026-11-25T09:00:00+00:00")
        .env("TRUSTWORK_PASSPHRASE", "secret-words")
        .env("TRUSTWORK_NEW_PASSPHRASE", "other-words")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// `trustwork --data-dir DATA ARGS…` without a terminal at `now`, with an optional passphrase in
/// TRUSTWORK_PASSPHRASE and optional standard input; panics unless it succeeds.
fn cli_at(
    data: &Path,
    now: &str,
    passphrase: Option<&str>,
    stdin: Option<&str>,
    args: &[&str],
) -> Vec<u8> {
    cli_on(&device_file(data), data, now, passphrase, stdin, args)
}

/// [`cli_at`] as the installation whose device file is `device` (another laptop's, say).
fn cli_on(
    device: &Path,
    data: &Path,
    now: &str,
    passphrase: Option<&str>,
    stdin: Option<&str>,
    args: &[&str],
) -> Vec<u8> {
    use std::process::{Command, Stdio};
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_trustwork"));
    cmd.env("TRUSTWORK_DEVICE_FILE", device)
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_remove("TRUSTWORK_PASSPHRASE")
        .env_remove("TRUSTWORK_NEW_PASSPHRASE")
        .env("TRUSTWORK_NOW", now)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    if let Some(p) = passphrase {
        cmd.env("TRUSTWORK_PASSPHRASE", p);
    }
    let mut child = cmd.spawn().unwrap();
    {
        let mut input = child.stdin.take().unwrap();
        if let Some(text) = stdin {
            input.write_all(text.as_bytes()).unwrap();
        }
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "trustwork {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// Alex (passphrase "alex-secret") and Sam.
fn couple_store_with_alexs_passphrase(data: &Path) {
    couple_store(data);
    cli_at(
        data,
        "2026-11-25T07:00:00+00:00",
        Some("alex-secret"),
        None,
        &["partners", "passphrase", "Alex"],
    );
}

/// `journal list --json`, as values.
fn journal_json(data: &Path) -> Vec<serde_json::Value> {
    let out = cli_at(
        data,
        "2026-11-25T09:00:00+00:00",
        None,
        None,
        &["journal", "list", "--json"],
    );
    serde_json::from_slice(&out).unwrap()
}

/// Every file under `dir` (recursively) whose bytes contain `needle`.
fn files_containing(dir: &Path, needle: &str) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for item in std::fs::read_dir(&d).unwrap() {
            let path = item.unwrap().path();
            if path.is_dir() {
                todo.push(path);
            } else if std::fs::read(&path)
                .unwrap()
                .windows(needle.len())
                .any(|w| w == needle.as_bytes())
            {
                found.push(path);
            }
        }
    }
    found
}

impl Session {
    /// Waits (10 s at most) until `ok` holds for the screen.
    fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let s = self.screen();
            if ok(&s) {
                return s;
            }
            if start.elapsed() > TIMEOUT {
                panic!("{what}: not within 10 s; the screen was:\n{s}");
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// The line of a list that is selected (drawn with a leading "> ").
    fn selected_line(&self) -> Option<String> {
        self.screen()
            .lines()
            .find(|l| l.trim_start().starts_with("> "))
            .map(str::to_string)
    }

    /// Moves a list's selection (rows of entries, each starting with its date) to the row that
    /// contains `text`, with as many Up or Down keys as it takes from where it is.
    fn select(&mut self, text: &str) {
        let screen = self.wait_until("a list with a selection", |sc| {
            sc.lines().any(|l| l.trim_start().starts_with("> 2026-"))
        });
        let rows: Vec<&str> = screen
            .lines()
            .map(str::trim_start)
            .filter(|l| l.starts_with("2026-") || l.starts_with("> 2026-"))
            .collect();
        let at = rows.iter().position(|l| l.starts_with("> ")).unwrap();
        let to = rows
            .iter()
            .position(|l| l.contains(text))
            .unwrap_or_else(|| panic!("{text:?} is not listed:\n{screen}"));
        let key = if to > at { "\x1b[B" } else { "\x1b[A" };
        self.send(&key.repeat(to.abs_diff(at)));
        self.wait_until(&format!("{text:?} selected"), |_| {
            self.selected_line().is_some_and(|l| l.contains(text))
        });
    }

    fn raw_contains(&self, text: &str) -> bool {
        self.raw
            .lock()
            .unwrap()
            .windows(text.len())
            .any(|w| w == text.as_bytes())
    }
}

#[test]
fn sam_cannot_change_alexs_entries_but_can_respond() {
    let _turn = serial();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    couple_store_with_alexs_passphrase(&data);
    cli_at(
        &data,
        "2026-11-25T08:00:00+00:00",
        Some("alex-secret"),
        Some("ALEX-PRIVATE words\n"),
        &["journal", "add", "--partner", "Alex", "-"],
    );
    cli_at(
        &data,
        "2026-11-25T08:30:00+00:00",
        None,
        None,
        &[
            "journal",
            "add",
            "--partner",
            "Alex",
            "--shared",
            "ALEX-SHARED words",
        ],
    );
    let before = journal_json(&data);
    assert_eq!(before.len(), 2, "{before:?}");
    let shared_id = before
        .iter()
        .find(|e| e["body"] == "ALEX-SHARED words")
        .expect("the shared entry is stored in the clear")["id"]
        .clone();
    assert!(
        before.iter().any(|e| e["visibility"] == "private"),
        "{before:?}"
    );
    assert!(files_containing(&data, "ALEX-PRIVATE").is_empty());

    let mut s = Session::start(&data, 100, 30);
    s.wait_for("Next on your path");
    s.wait_for("Alex · the partner who was hurt");
    s.send("\t");
    s.wait_for("Sam · the partner who broke trust");
    s.send("j");
    s.wait_for("2 entries, newest first");
    let list = s.wait_for("(private entry)");
    assert!(list.contains("ALEX-SHARED words"), "{list}");

    // e and d on Alex's entry: a word on the status line, no editor, nothing trashed.
    s.select("ALEX-SHARED words");
    s.send("e");
    let screen = s.wait_for("Only Alex can change this entry. r writes a response");
    assert!(!screen.contains("Editing an entry"), "{screen}");
    // Up at the top changes nothing but clears the status line, so the next one is d's.
    s.send("\x1b[A");
    s.wait_until("the status line to clear", |sc| {
        !sc.contains("Only Alex can change this entry")
    });
    s.send("d");
    let screen = s.wait_for("Only Alex can change this entry. r writes a response");
    assert!(!screen.contains("Moved to your trash"), "{screen}");
    assert!(screen.contains("2 entries, newest first"), "{screen}");
    assert!(screen.contains("ALEX-SHARED words"), "{screen}");
    assert!(!s.raw_contains("Editing an entry"));

    // r writes Sam's response.
    s.send("r");
    s.wait_for("Responding");
    s.wait_for("Shared: visible to Alex too.");
    s.send("SAM-RESPONSE");
    s.wait_for("SAM-RESPONSE");
    s.send("\x13");
    s.wait_for("Saved.");
    s.wait_for("3 entries, newest first");
    s.select("ALEX-SHARED words");
    s.send("\r");
    s.wait_for("Sam responded, 25 Nov");
    let screen = s.wait_for("SAM-RESPONSE");
    assert!(screen.contains("ALEX-SHARED words"), "{screen}");
    assert!(
        screen.contains("This is Alex's entry: r writes a response"),
        "{screen}"
    );
    // e in the reader: the same word, no editor.
    s.send("e");
    let screen = s.wait_for("Only Alex can change this entry. r writes a response");
    assert!(!screen.contains("Editing an entry"), "{screen}");
    s.send("\x1b");
    s.wait_for("3 entries, newest first");

    // Alex's private entry: listed, never shown, not answerable.
    s.select("(private entry)");
    s.send("r");
    let screen = s.wait_for("That is Alex's private entry: it is for them alone.");
    assert!(!screen.contains("New entry"), "{screen}");
    s.send("\r");
    s.wait_for("A private entry: encrypted with its author's passphrase");
    s.send("\x1b");
    s.wait_for("3 entries, newest first");
    assert!(!s.screen().contains("ALEX-PRIVATE"));
    assert!(!s.raw_contains("ALEX-PRIVATE"), "it reached the terminal");
    s.send("\x03");
    assert!(s.wait_exit());

    let after = journal_json(&data);
    assert_eq!(after.len(), 3, "{after:?}");
    let alexs = |v: &[serde_json::Value]| -> Vec<serde_json::Value> {
        v.iter()
            .filter(|e| e["author_name"] == "Alex")
            .cloned()
            .collect()
    };
    assert_eq!(alexs(&after), alexs(&before), "Alex's entries changed");
    let response = after
        .iter()
        .find(|e| e["author_name"] == "Sam")
        .expect("Sam's response is stored");
    assert_eq!(response["body"], "SAM-RESPONSE");
    assert_eq!(response["responds_to"], shared_id);
    assert_eq!(response["visibility"], "shared");
    assert_eq!(
        files_containing(&data, "ALEX-PRIVATE"),
        Vec::<std::path::PathBuf>::new()
    );
}

#[test]
fn a_private_draft_survives_ctrl_c_and_is_offered_after_unlocking() {
    let _turn = serial();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    couple_store_with_alexs_passphrase(&data);
    let mut s = Session::start(&data, 100, 30);
    s.wait_for("Next on your path");
    s.wait_for("Alex · the partner who was hurt");
    s.send("w");
    s.wait_for("Alex's passphrase");
    s.send("alex-secret");
    s.wait_for(&format!("> {}_", "•".repeat("alex-secret".len())));
    assert!(!s.screen().contains("alex-secret"));
    s.send("\r");
    s.wait_for("Private: encrypted, only you can read it");
    s.wait_for("New entry");
    s.send("DRAFT-MARKER words");
    s.wait_for("DRAFT-MARKER words");
    s.wait_for("2 words");
    s.send("\x03");
    assert!(s.wait_exit());
    assert!(!s.raw_contains("alex-secret"), "the passphrase was echoed");

    // Kept, sealed: a draft of Alex's is on disk, its words in no file.
    let drafts = std::fs::read_to_string(own_file(&data, "drafts.json")).unwrap_or_default();
    assert!(drafts.contains("sealed"), "no sealed draft: {drafts:?}");
    assert_eq!(
        files_containing(&data, "DRAFT-MARKER"),
        Vec::<std::path::PathBuf>::new()
    );

    let mut again = Session::start(&data, 100, 30);
    again.wait_for("Next on your path");
    let screen = again.wait_for("(d continues it)");
    assert!(screen.contains("Unsaved draft from"), "{screen}");
    assert!(screen.contains("private until you unlock"), "{screen}");
    assert!(!screen.contains("DRAFT-MARKER"), "{screen}");
    again.send("d");
    again.wait_for("Alex's passphrase");
    again.send("alex-secret\r");
    again.wait_for("Private: encrypted, only you can read it");
    again.wait_for("Restored your unsaved draft");
    again.wait_for("DRAFT-MARKER words");
    again.send("\x03");
    assert!(again.wait_exit());
    assert_eq!(
        files_containing(&data, "DRAFT-MARKER"),
        Vec::<std::path::PathBuf>::new()
    );
}

/// Damaged files cost only their own records: the workbook opens with a calm note naming each
/// one (an old month is found after the first frame), the safety screen works, and neither
/// file is touched.
#[test]
fn damaged_files_open_with_a_note_and_the_safety_screen_works() {
    let _turn = serial();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    couple_store(&data);
    let (month, year) = (
        own_file(&data, "entries/2019-05.json"),
        own_file(&data, "checkins/2026.json"),
    );
    std::fs::create_dir_all(month.parent().unwrap()).unwrap();
    std::fs::create_dir_all(year.parent().unwrap()).unwrap();
    let broken = b"{\"format_version\": 3, \"kind\": \"entries\", \"reco";
    std::fs::write(&month, broken).unwrap();
    std::fs::write(&year, broken).unwrap();
    let mut s = Session::start(&data, 80, 24);
    s.wait_for("Check-ins of 2026 could not be read");
    s.wait_for("Journal entries of May 2019 could not be read");
    s.wait_for("restores the last good copy of each");
    s.send("!");
    s.wait_for("Safety & resources");
    s.send("\x1b");
    std::thread::sleep(Duration::from_millis(200));
    s.send("q");
    assert!(s.wait_exit());
    assert_eq!(std::fs::read(&month).unwrap(), broken);
    assert_eq!(std::fs::read(&year).unwrap(), broken);
}

/// The data folder deleted under the running workbook: it says so and keeps what is on
/// screen; the next save makes the folder again (private) with what it held, then saves.
#[test]
fn the_data_folder_deleted_while_running_comes_back_on_the_next_save() {
    use std::os::unix::fs::PermissionsExt;
    let _turn = serial();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    couple_store(&data);
    let mut s = Session::start(&data, 80, 24);
    s.wait_for("Tab switches to Sam");
    std::fs::remove_dir_all(&data).unwrap();
    s.wait_for("has gone or been emptied");
    assert!(
        s.screen().contains("Alex · the partner who was hurt"),
        "{}",
        s.screen()
    );
    s.send("w");
    s.wait_for("New entry");
    s.send("Written while the folder was gone");
    s.send("\x13"); // Ctrl-S
    s.wait_for("The data folder is back, with the 2 records this workbook held.");
    s.send("q");
    assert!(s.wait_exit());
    let mode = std::fs::metadata(&data).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o700);
    let entries = journal_json(&data);
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0]["body"], "Written while the folder was gone");
    let partners = std::fs::read_to_string(own_file(&data, "partners.json")).unwrap();
    assert!(partners.contains("Alex") && partners.contains("Sam"));
}

/// `r` on home's note puts back the last good copy: the check-ins are there again, the note
/// goes, and `trustwork check` finds nothing wrong.
#[test]
fn r_on_home_restores_a_damaged_year_from_its_backup() {
    let _turn = serial();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    couple_store(&data);
    for (now, trust) in [
        ("2026-11-23T09:00:00+00:00", "4"),
        ("2026-11-24T09:00:00+00:00", "6"),
    ] {
        cli_at(
            &data,
            now,
            None,
            None,
            &["checkin", "--partner", "Alex", "--trust", trust],
        );
    }
    let year = own_file(&data, "checkins/2026.json");
    std::fs::write(
        &year,
        b"{\"format_version\": 3, \"kind\": \"checkins\", \"rec",
    )
    .unwrap();
    let mut s = Session::start(&data, 80, 24);
    s.wait_for("Check-ins of 2026 could not be read");
    s.send("r");
    s.wait_for("Restored the last good copy of check-ins of 2026");
    assert!(!s.screen().contains("could not be read"), "{}", s.screen());
    s.send("q");
    assert!(s.wait_exit());
    let restored = std::fs::read_to_string(&year).unwrap();
    assert!(restored.contains("2026-11-23"), "{restored}");
    cli_at(&data, "2026-11-25T09:00:00+00:00", None, None, &["check"]);
}

#[test]
fn x_exports_the_journal_as_html_to_a_file_and_asks_before_replacing_it() {
    let _turn = serial();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    couple_store(&data);
    for (at, words) in [
        ("2026-11-24T08:00:00+00:00", "A calmer evening together."),
        (
            "2026-11-25T08:00:00+00:00",
            "<script>alert(1)</script> is only words",
        ),
    ] {
        cli_at(
            &data,
            at,
            None,
            None,
            &["journal", "add", "--partner", "Alex", "--shared", words],
        );
    }
    let out = tmp.path().join("reports").join("ours.html");
    let mut s = Session::start(&data, 80, 24);
    s.wait_for("Next on your path");
    s.send("x");
    s.wait_for("Will write 2 entries");
    // Format: Left from md wraps round to html; the file name follows.
    s.send("\x1b[B");
    s.send("\x1b[D");
    s.wait_for("trustwork-export-2026-11-25.html");
    // Down to the file, which is typed.
    for _ in 0..7 {
        s.send("\x1b[B");
    }
    s.wait_for("› File");
    s.send(&"\x7f".repeat(200));
    // Emptied: the file's line holds only the cursor.
    let start = Instant::now();
    while !s
        .screen()
        .lines()
        .any(|l| l.contains("› File") && l.trim_end().ends_with("File             ▏"))
    {
        assert!(start.elapsed() < TIMEOUT, "not emptied:\n{}", s.screen());
        std::thread::sleep(Duration::from_millis(20));
    }
    s.send(out.to_str().unwrap());
    s.wait_for("ours.html");
    s.send("\r");
    s.wait_for("Written:");
    let html = std::fs::read_to_string(&out).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..80]);
    assert!(
        !html.to_lowercase().contains("<script"),
        "a script got through"
    );
    assert!(html.contains("A calmer evening together."));
    // Again: the file is there, so it asks; n keeps it, y replaces it.
    s.send("e");
    s.wait_for("Enter writes the file");
    s.send("\r");
    s.wait_for("Replace it? y/n");
    s.send("n");
    s.wait_for("Nothing was written");
    s.send("\r");
    s.wait_for("Replace it? y/n");
    s.send("y");
    s.wait_for("Written:");
    assert!(out.with_extension("html.bak").exists());
    s.send("\x03");
    assert!(s.wait_exit());
}

#[test]
fn a_check_in_with_todays_question_answered_is_kept_after_a_restart() {
    let _turn = serial();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    couple_store(&data);
    let mut s = Session::start(&data, 100, 30);
    s.wait_for("Check-in not done yet today");
    s.send("c");
    s.wait_for("How much do I trust Sam today?");
    s.send("6");
    s.wait_for("[6]");
    // To today's question, and a line typed there ("s" is a letter here, not "skip").
    s.send("\t\t\t");
    s.wait_for("Type a line here");
    s.send("Slept better since we talked");
    s.wait_for("> Slept better since we talked");
    s.send("\x13");
    s.wait_for("your answer to today's question is in your journal");
    s.wait_for("Check-in done: trust 6/10");
    s.send("\x03");
    assert!(s.wait_exit());

    let mut again = Session::start(&data, 100, 30);
    again.wait_for("Slept better since we talked");
    again.send("\x03");
    assert!(again.wait_exit());
    let entries = journal_json(&data);
    let answer = entries
        .iter()
        .find(|e| e["body"] == "Slept better since we talked")
        .unwrap_or_else(|| panic!("the answer is an entry: {entries:?}"));
    assert!(
        answer["link"]["prompt"].is_string(),
        "it answers the prompt: {answer}"
    );
    // The check-in itself, as the command line reads it.
    let out = cli_at(
        &data,
        "2026-11-25T09:00:00+00:00",
        None,
        None,
        &["stats", "--json"],
    );
    let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(v["partners"][0]["checkins"], 1);
    assert_eq!(v["partners"][0]["trust"]["last"], 6);
}

#[test]
fn a_moment_alex_shares_is_read_by_sam_on_the_moments_screen() {
    let _turn = serial();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    couple_store(&data);
    let mut s = Session::start(&data, 100, 30);
    s.wait_for("Check-in not done yet today");
    s.send("m");
    s.wait_for("How strong was it?");
    // Strength, what set it off, what helped, then down to "let Sam read what I wrote".
    s.send("7\tthe anniversary\ta walk\t\t\t ");
    s.wait_for("[x] Let Sam read what I wrote here");
    s.send("\x13");
    s.wait_for("Sam can read what you wrote");
    // Alex's own moments screen marks it shared.
    s.send("M");
    s.wait_for("shared with Sam");
    s.send("\x1b");
    s.wait_for("Recent entries");
    // Sam, on the moments screen, reads it, labelled as Alex's.
    s.send("\t");
    s.wait_for("Sam · the partner who broke trust");
    s.send("M");
    s.wait_for("What has helped you most");
    s.send("\t");
    s.wait_for("Alex's · ");
    let screen = s.wait_for("the anniversary");
    assert!(screen.contains("helped: a walk"), "{screen}");
    s.send("\x03");
    assert!(s.wait_exit());
}

/// The id in a device file (`{"device": "…", …}`).
fn device_id(file: &Path) -> String {
    let v: serde_json::Value = serde_json::from_slice(&std::fs::read(file).unwrap()).unwrap();
    v["device"].as_str().expect("a device id").to_string()
}

#[test]
fn settings_name_this_device_and_the_other_laptop_that_wrote_here() {
    let _turn = serial();
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    couple_store(&data);
    // Sam's laptop: the same (synced) folder, its own device file.
    let sams = tmp.path().join("sams-device.json");
    cli_on(
        &sams,
        &data,
        "2026-11-24T18:30:00+00:00",
        None,
        None,
        &[
            "journal",
            "add",
            "--partner",
            "Sam",
            "Written on Sam's laptop",
        ],
    );
    let (mine, other) = (device_id(&device_file(&data)), device_id(&sams));
    let mut s = Session::start(&data, 100, 30);
    s.wait_for("Recent entries");
    s.send("s");
    let screen = s.wait_for("Other device");
    // Read as words: a row's value wraps where the terminal is narrow.
    let screen = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(screen.contains(&format!("id {mine}")), "{screen}");
    assert!(
        screen.contains(&format!("id {other}; last wrote 24 Nov 2026, 18:30")),
        "{screen}"
    );
    assert!(screen.contains("Device file"), "{screen}");
    s.send("\x03");
    assert!(s.wait_exit());
}
