//! Kill harness: the real binary SIGKILLed at random moments of its writes, then the store checked.
//!
//! On a seeded store in a temporary folder it runs `journal add`, `checkin`, `import` and the
//! workbook (in a pseudo-terminal: `w`, a line, Ctrl-S) again and again, each killed with SIGKILL
//! after a random delay spread over the time the command takes (measured first, unkilled). It
//! records what each run confirmed before it died (exit 0, or its confirmation printed: the new
//! entry's id, `checked in for`, `added`, `Saved.`), then, after one normal write, checks that
//! every confirmed record is there exactly once, that no record is there twice, that every store
//! file (and backup) is whole JSON of the store's shape, that the whole store still reads and
//! exports, and that no temporary file is left. Exits 1 on any loss, duplicate, damage or leftover.
//!
//! `cargo build --release && cargo run --release --example kill_harness -- [--kills N] [--seed S]
//! [--bin PATH] [--keep DIR]`, or `scripts/kill-harness.sh`. Same seed, same delays.

#[cfg(unix)]
fn main() {
    std::process::exit(harness::main());
}

#[cfg(not(unix))]
fn main() {
    eprintln!("the kill harness sends SIGKILL: it runs on unix only");
}

#[cfg(unix)]
mod harness {
    use portable_pty::{CommandBuilder, PtySize, native_pty_system};
    use serde_json::Value;
    use std::collections::HashMap;
    use std::io::{Read, Write};
    use std::path::PathBuf;
    use std::process::{Command, Stdio};
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    const NOW: &str = "2026-12-03T09:00:00+00:00";
    const TIMEOUT: Duration = Duration::from_secs(10);

    /// splitmix64: a few lines, and the same delays for the same seed on every machine.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        }
        /// A duration in `[0, max)`.
        fn below(&mut self, max: Duration) -> Duration {
            let f = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
            max.mul_f64(f)
        }
    }

    #[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
    enum Cmd {
        Journal,
        Checkin,
        Import,
        Workbook,
    }
    const CMDS: [Cmd; 4] = [Cmd::Journal, Cmd::Checkin, Cmd::Import, Cmd::Workbook];

    impl Cmd {
        fn name(self) -> &'static str {
            match self {
                Cmd::Journal => "journal add",
                Cmd::Checkin => "checkin",
                Cmd::Import => "import",
                Cmd::Workbook => "workbook (Ctrl-S)",
            }
        }
    }

    /// One run and what it must have left: entries by exact body (the workbook's by a marker in
    /// the body), or Alex's check-in of a day with its trust.
    struct Run {
        cmd: Cmd,
        killed: bool,
        confirmed: bool,
        bodies: Vec<String>,
        checkin: Option<(String, u8)>,
        /// The workbook offered a draft again, so this run's body holds an earlier one's text.
        restored: bool,
        /// Killed mid-write: a temporary file was left beside a store file.
        mid_write: bool,
    }

    struct Opts {
        kills: usize,
        seed: u64,
        bin: PathBuf,
        keep: Option<PathBuf>,
    }

    fn opts() -> Result<Opts, String> {
        let mut o = Opts {
            kills: 240,
            seed: 20261203,
            bin: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/trustwork"),
            keep: None,
        };
        let mut args = std::env::args().skip(1);
        while let Some(a) = args.next() {
            let mut val = || args.next().ok_or(format!("{a} needs a value"));
            match a.as_str() {
                "--kills" => o.kills = val()?.parse().map_err(|e| format!("--kills: {e}"))?,
                "--seed" => o.seed = val()?.parse().map_err(|e| format!("--seed: {e}"))?,
                "--bin" => o.bin = PathBuf::from(val()?),
                "--keep" => o.keep = Some(PathBuf::from(val()?)),
                _ => return Err(format!("unknown argument {a}")),
            }
        }
        if !o.bin.is_file() {
            return Err(format!(
                "{} is missing: cargo build --release first",
                o.bin.display()
            ));
        }
        o.bin = o
            .bin
            .canonicalize()
            .map_err(|e| format!("{}: {e}", o.bin.display()))?;
        Ok(o)
    }

    pub fn main() -> i32 {
        let o = match opts() {
            Ok(o) => o,
            Err(e) => {
                eprintln!("kill_harness: {e}");
                return 2;
            }
        };
        let tmp = tempfile::tempdir().expect("a temporary folder");
        let data = match &o.keep {
            Some(d) => {
                let _ = std::fs::remove_dir_all(d);
                d.clone()
            }
            None => tmp.path().join("data"),
        };
        let h = Harness {
            bin: o.bin.clone(),
            data,
            files: tmp.path().join("imports"),
        };
        std::fs::create_dir_all(&h.files).unwrap();
        match h.run(&o) {
            Ok(clean) => {
                if clean {
                    0
                } else {
                    1
                }
            }
            Err(e) => {
                eprintln!("kill_harness: {e}");
                2
            }
        }
    }

    struct Harness {
        bin: PathBuf,
        data: PathBuf,
        files: PathBuf,
    }

    impl Harness {
        fn cli(&self) -> Command {
            let mut c = Command::new(&self.bin);
            c.env_clear()
                .env("PATH", std::env::var_os("PATH").unwrap_or_default())
                .env("HOME", self.data.parent().unwrap())
                .env("TRUSTWORK_DATA_DIR", &self.data)
                .env("TRUSTWORK_NOW", NOW)
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::piped());
            c
        }

        /// A command run to its end; its stdout, or what it said on failure.
        fn ok(&self, args: &[&str]) -> Result<Vec<u8>, String> {
            let out = self.cli().args(args).output().map_err(|e| e.to_string())?;
            if !out.status.success() {
                return Err(format!(
                    "`trustwork {}` failed: {}",
                    args.join(" "),
                    String::from_utf8_lossy(&out.stderr).trim()
                ));
            }
            Ok(out.stdout)
        }

        /// What run `i` of `cmd` runs: its arguments, and the records it must leave.
        fn prepare(&self, cmd: Cmd, i: usize) -> (Vec<String>, Vec<String>, Option<(String, u8)>) {
            match cmd {
                Cmd::Journal => {
                    let body = format!("journal-{i:04}: written from a shell, then killed");
                    let args = [
                        "journal",
                        "add",
                        "--partner",
                        "Sam",
                        "--title",
                        "kill",
                        &body,
                    ];
                    (args.map(String::from).to_vec(), vec![body], None)
                }
                Cmd::Checkin => {
                    // A day of its own for each run (back from today, over two year files).
                    let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
                        - chrono::Days::new(i as u64 + 1);
                    let trust = (i % 11) as u8;
                    let d = day.to_string();
                    let args = [
                        "checkin",
                        "--partner",
                        "Alex",
                        "--trust",
                        &trust.to_string(),
                        "--date",
                        &d,
                        "--mood",
                        "steady",
                    ];
                    (args.map(String::from).to_vec(), vec![], Some((d, trust)))
                }
                Cmd::Import => {
                    // Three entries over two months: one import writes two entry files.
                    let bodies: Vec<String> = (0..3)
                        .map(|k| format!("import-{i:04}-{k}: from jrnl"))
                        .collect();
                    let entries: Vec<Value> = bodies
                        .iter()
                        .enumerate()
                        .map(|(k, b)| {
                            serde_json::json!({
                                "title": format!("imported {i} {k}"),
                                "body": b,
                                "date": if k == 2 { "2026-10-31" } else { "2026-11-02" },
                                "time": format!("{:02}:{:02}", k + 8, i % 60),
                                "tags": ["@kill"],
                                "starred": false,
                            })
                        })
                        .collect();
                    let file = self.files.join(format!("jrnl-{i:04}.json"));
                    let doc = serde_json::json!({"tags": {"@kill": 3}, "entries": entries});
                    std::fs::write(&file, serde_json::to_vec_pretty(&doc).unwrap()).unwrap();
                    let args = vec![
                        "import".to_string(),
                        file.display().to_string(),
                        "--partner".into(),
                        "Sam".into(),
                    ];
                    (args, bodies, None)
                }
                Cmd::Workbook => (vec![], vec![format!("wbk-{i:04}")], None),
            }
        }

        fn confirms(cmd: Cmd, stdout: &str) -> bool {
            match cmd {
                Cmd::Journal => stdout.lines().any(|l| l.trim().len() == 12),
                Cmd::Checkin => stdout.contains("checked in for"),
                Cmd::Import => stdout.contains("added "),
                Cmd::Workbook => stdout.contains("Saved."),
            }
        }

        /// One CLI run, killed after `delay` (or not at all).
        fn cli_run(&self, cmd: Cmd, i: usize, delay: Option<Duration>) -> Result<Run, String> {
            let (args, bodies, checkin) = self.prepare(cmd, i);
            let mut child = self.cli().args(&args).spawn().map_err(|e| e.to_string())?;
            let mut killed = false;
            if let Some(d) = delay {
                std::thread::sleep(d);
                if child.try_wait().map_err(|e| e.to_string())?.is_none() {
                    child.kill().map_err(|e| e.to_string())?; // SIGKILL
                    killed = true;
                }
            }
            let out = child.wait_with_output().map_err(|e| e.to_string())?;
            let stdout = String::from_utf8_lossy(&out.stdout);
            if !killed && !out.status.success() {
                return Err(format!(
                    "`trustwork {}` failed: {}",
                    args.join(" "),
                    String::from_utf8_lossy(&out.stderr).trim()
                ));
            }
            Ok(Run {
                cmd,
                killed,
                confirmed: out.status.success() || Self::confirms(cmd, &stdout),
                bodies,
                checkin,
                restored: false,
                mid_write: false,
            })
        }

        /// The workbook: home, `w`, a line, Ctrl-S, then killed `delay` after Ctrl-S (or quit with
        /// Ctrl-C once "Saved." shows). Returns the run and the time from Ctrl-S to "Saved.".
        fn workbook_run(
            &self,
            i: usize,
            delay: Option<Duration>,
        ) -> Result<(Run, Option<Duration>), String> {
            let (_, bodies, _) = self.prepare(Cmd::Workbook, i);
            let marker = bodies[0].clone();
            let pty = native_pty_system();
            let pair = pty
                .openpty(PtySize {
                    rows: 30,
                    cols: 100,
                    pixel_width: 0,
                    pixel_height: 0,
                })
                .map_err(|e| e.to_string())?;
            let mut cmd = CommandBuilder::new(&self.bin);
            cmd.env_clear();
            cmd.env("TERM", "xterm-256color");
            cmd.env("HOME", self.data.parent().unwrap());
            cmd.env("TRUSTWORK_DATA_DIR", &self.data);
            cmd.env("TRUSTWORK_NOW", NOW);
            let mut child = pair.slave.spawn_command(cmd).map_err(|e| e.to_string())?;
            drop(pair.slave);
            let parser = Arc::new(Mutex::new(vt100::Parser::new(
                30.try_into().unwrap(),
                100.try_into().unwrap(),
                0,
            )));
            let mut reader = pair.master.try_clone_reader().map_err(|e| e.to_string())?;
            let p = parser.clone();
            let drain = std::thread::spawn(move || {
                let mut buf = [0u8; 8192];
                while let Ok(n) = reader.read(&mut buf) {
                    if n == 0 {
                        break;
                    }
                    p.lock().unwrap().process(&buf[..n]);
                }
            });
            let mut writer = pair.master.take_writer().map_err(|e| e.to_string())?;
            let screen = || parser.lock().unwrap().screen().contents();
            let wait_for = |text: &str| -> Result<Instant, String> {
                let start = Instant::now();
                loop {
                    if screen().contains(text) {
                        return Ok(Instant::now());
                    }
                    if start.elapsed() > TIMEOUT {
                        return Err(format!(
                            "{text:?} did not appear; the screen:\n{}",
                            screen()
                        ));
                    }
                    std::thread::sleep(Duration::from_micros(200));
                }
            };
            let mut send = |s: &str| -> Result<(), String> {
                writer.write_all(s.as_bytes()).map_err(|e| e.to_string())?;
                writer.flush().map_err(|e| e.to_string())
            };
            let result = (|| {
                wait_for("Next on your path")?;
                send("w")?;
                wait_for("New entry")?;
                let restored = screen().contains("Restored your unsaved draft");
                send(&format!("{marker} typed in the workbook"))?;
                wait_for(&marker)?;
                let saved_at = Instant::now();
                send("\x13")?;
                Ok::<_, String>((restored, saved_at))
            })();
            let (restored, saved_at) = match result {
                Ok(r) => r,
                Err(e) => {
                    let _ = kill9(child.process_id());
                    let _ = child.wait();
                    return Err(e);
                }
            };
            let mut killed = false;
            let mut latency = None;
            match delay {
                Some(d) => {
                    std::thread::sleep(d.saturating_sub(saved_at.elapsed()));
                    if child.try_wait().map_err(|e| e.to_string())?.is_none() {
                        kill9(child.process_id())?;
                        killed = true;
                    }
                }
                None => {
                    let at = wait_for("Saved.")?;
                    latency = Some(at - saved_at);
                    send("\x03")?;
                }
            }
            let status = child.wait().map_err(|e| e.to_string())?;
            // Everything the app wrote before it died is read before judging what it confirmed.
            let _ = drain.join();
            let _ = pair.master;
            let shown = screen();
            Ok((
                Run {
                    cmd: Cmd::Workbook,
                    killed,
                    confirmed: (!killed && status.success())
                        || Self::confirms(Cmd::Workbook, &shown),
                    bodies,
                    checkin: None,
                    restored,
                    mid_write: false,
                },
                latency,
            ))
        }

        fn run(&self, o: &Opts) -> Result<bool, String> {
            let started = Instant::now();
            self.ok(&["partners", "add", "Alex", "--role", "hurt"])?;
            self.ok(&["partners", "add", "Sam", "--role", "repairing"])?;
            let mut runs: Vec<Run> = Vec::new();
            let mut next = 0usize;
            // Calibration: each command five times unkilled (their records are checked too).
            let mut took: HashMap<Cmd, Duration> = HashMap::new();
            for cmd in CMDS {
                let mut times = Vec::new();
                for _ in 0..5 {
                    let t = Instant::now();
                    if cmd == Cmd::Workbook {
                        let (r, lat) = self.workbook_run(next, None)?;
                        times.push(lat.unwrap_or_default());
                        runs.push(r);
                    } else {
                        runs.push(self.cli_run(cmd, next, None)?);
                        times.push(t.elapsed());
                    }
                    next += 1;
                }
                times.sort();
                took.insert(cmd, times[2]);
            }
            println!(
                "kill harness: seed {}, {} kills wanted, binary {}",
                o.seed,
                o.kills,
                self.bin.display()
            );
            for cmd in CMDS {
                println!(
                    "  {:<18} median {:>7.2} ms unkilled ({})",
                    cmd.name(),
                    took[&cmd].as_secs_f64() * 1e3,
                    if cmd == Cmd::Workbook {
                        "Ctrl-S to \"Saved.\" on screen"
                    } else {
                        "start to exit"
                    }
                );
            }
            // Kills: the commands in turn, each after a delay drawn from [0, 1.2 × its median):
            // from start to exit for a command, from Ctrl-S to the confirmation for the workbook.
            let mut rng = Rng(o.seed);
            let mut kills = 0;
            let mut attempts = 0;
            while kills < o.kills {
                let cmd = CMDS[attempts % CMDS.len()];
                attempts += 1;
                if attempts > o.kills * 4 {
                    return Err("too many runs ended before their kill".into());
                }
                let delay = rng.below(took[&cmd].mul_f64(1.2));
                let mut r = if cmd == Cmd::Workbook {
                    self.workbook_run(next, Some(delay))?.0
                } else {
                    self.cli_run(cmd, next, Some(delay))?
                };
                r.mid_write = r.killed && self.temp_files() > 0;
                next += 1;
                kills += r.killed as usize;
                runs.push(r);
            }
            // A normal write after the kills: it must work, and sweep the dead writers' temp files.
            self.ok(&["journal", "add", "--partner", "Alex", "after the kills"])?;
            let clean = self.check(&runs)?;
            println!(
                "  {} runs in {:.1} s; store kept at {}",
                runs.len(),
                started.elapsed().as_secs_f64(),
                if o.keep.is_some() {
                    self.data.display().to_string()
                } else {
                    "(removed)".into()
                }
            );
            Ok(clean)
        }

        /// Temporary files in the store now (a writer killed between creating and renaming one).
        fn temp_files(&self) -> usize {
            ["", "entries", "checkins"]
                .iter()
                .filter_map(|d| std::fs::read_dir(self.data.join(d)).ok())
                .flat_map(|rd| rd.flatten())
                .filter(|e| e.file_name().to_string_lossy().contains(".tmp-"))
                .count()
        }

        /// Every check after the kills; prints the summary and says whether all is well.
        fn check(&self, runs: &[Run]) -> Result<bool, String> {
            let mut damaged = Vec::new();
            let mut leftovers = Vec::new();
            let mut checkins: Vec<(String, String, u8)> = Vec::new();
            let mut files = 0;
            let mut todo = vec![self.data.clone()];
            while let Some(dir) = todo.pop() {
                for item in std::fs::read_dir(&dir).map_err(|e| e.to_string())? {
                    let path = item.map_err(|e| e.to_string())?.path();
                    let name = path.file_name().unwrap().to_string_lossy().to_string();
                    if path.is_dir() {
                        todo.push(path);
                        continue;
                    }
                    if name.contains(".tmp-") {
                        leftovers.push(path.display().to_string());
                        continue;
                    }
                    if !(name.ends_with(".json") || name.ends_with(".json.bak")) {
                        continue;
                    }
                    files += 1;
                    let text = std::fs::read(&path).map_err(|e| e.to_string())?;
                    let doc: Option<Value> = serde_json::from_slice(&text).ok();
                    let whole = doc.as_ref().is_some_and(|d| {
                        d["format_version"].is_u64()
                            && d["kind"].is_string()
                            && d["records"].is_array()
                    });
                    if !whole {
                        damaged.push(path.display().to_string());
                    } else if name.ends_with(".json") && doc.as_ref().unwrap()["kind"] == "checkins"
                    {
                        for c in doc.unwrap()["records"].as_array().unwrap() {
                            checkins.push((
                                c["partner"].as_str().unwrap_or("").into(),
                                c["date"].as_str().unwrap_or("").into(),
                                c["trust"].as_u64().unwrap_or(99) as u8,
                            ));
                        }
                    }
                }
            }
            // The whole store must still read, through the CLI.
            let partners: Vec<Value> = {
                let doc: Value = serde_json::from_slice(
                    &std::fs::read(self.data.join("partners.json")).map_err(|e| e.to_string())?,
                )
                .map_err(|e| e.to_string())?;
                doc["records"].as_array().cloned().unwrap_or_default()
            };
            let alex = partners
                .iter()
                .find(|p| p["name"] == "Alex")
                .and_then(|p| p["id"].as_str())
                .unwrap_or("")
                .to_string();
            let list: Vec<Value> =
                serde_json::from_slice(&self.ok(&["journal", "list", "--json"])?)
                    .map_err(|e| format!("journal list --json: {e}"))?;
            self.ok(&["export", "--format", "json"])?;
            self.ok(&["stats", "--json"])?;
            let bodies: Vec<&str> = list.iter().filter_map(|e| e["body"].as_str()).collect();
            let mut ids: HashMap<&str, usize> = HashMap::new();
            for e in &list {
                *ids.entry(e["id"].as_str().unwrap_or("")).or_default() += 1;
            }
            let dup_ids = ids.values().filter(|n| **n > 1).count();

            #[derive(Default)]
            struct Row {
                runs: usize,
                kills: usize,
                confirmed: usize,
                kept_unconfirmed: usize,
                mid_write: usize,
                lost: usize,
                duplicated: usize,
                restored: usize,
            }
            let mut rows: std::collections::BTreeMap<Cmd, Row> = Default::default();
            let mut problems = Vec::new();
            for r in runs {
                let row = rows.entry(r.cmd).or_default();
                row.runs += 1;
                row.kills += r.killed as usize;
                row.confirmed += r.confirmed as usize;
                row.restored += r.restored as usize;
                row.mid_write += r.mid_write as usize;
                let mut present = true;
                for b in &r.bodies {
                    let n = match r.cmd {
                        Cmd::Workbook => bodies.iter().filter(|x| x.contains(b.as_str())).count(),
                        _ => bodies.iter().filter(|x| **x == b.as_str()).count(),
                    };
                    present &= n >= 1;
                    if n > 1 {
                        row.duplicated += 1;
                        problems.push(format!("{} is there {n} times", b));
                    }
                    if n == 0 && r.confirmed {
                        row.lost += 1;
                        problems.push(format!("{b} was confirmed and is gone"));
                    }
                }
                if let Some((day, trust)) = &r.checkin {
                    let same: Vec<_> = checkins
                        .iter()
                        .filter(|(p, d, _)| *p == alex && d == day)
                        .collect();
                    present &= !same.is_empty();
                    if same.len() > 1 {
                        row.duplicated += 1;
                        problems.push(format!(
                            "the check-in of {day} is there {} times",
                            same.len()
                        ));
                    }
                    if r.confirmed && !same.iter().any(|(_, _, t)| t == trust) {
                        row.lost += 1;
                        problems.push(format!("the check-in of {day} was confirmed and is gone"));
                    }
                }
                if present && !r.confirmed {
                    row.kept_unconfirmed += 1;
                }
            }
            // `mid-write`: kills that left a temporary file (between its creation and the rename);
            // `kept unconfirmed`: the record was written but the kill came before the confirmation.
            println!(
                "  {:<18} {:>5} {:>6} {:>10} {:>10} {:>17} {:>5} {:>11}",
                "command",
                "runs",
                "kills",
                "mid-write",
                "confirmed",
                "kept unconfirmed",
                "lost",
                "duplicated"
            );
            let mut total = Row::default();
            for (cmd, r) in &rows {
                println!(
                    "  {:<18} {:>5} {:>6} {:>10} {:>10} {:>17} {:>5} {:>11}",
                    cmd.name(),
                    r.runs,
                    r.kills,
                    r.mid_write,
                    r.confirmed,
                    r.kept_unconfirmed,
                    r.lost,
                    r.duplicated
                );
                total.runs += r.runs;
                total.kills += r.kills;
                total.mid_write += r.mid_write;
                total.confirmed += r.confirmed;
                total.kept_unconfirmed += r.kept_unconfirmed;
                total.lost += r.lost;
                total.duplicated += r.duplicated;
                total.restored += r.restored;
            }
            println!(
                "  {:<18} {:>5} {:>6} {:>10} {:>10} {:>17} {:>5} {:>11}",
                "all",
                total.runs,
                total.kills,
                total.mid_write,
                total.confirmed,
                total.kept_unconfirmed,
                total.lost,
                total.duplicated
            );
            println!(
                "  store files (and backups) read: {files}; damaged: {}; temporary files left after a normal write: {}; entries with the same id: {dup_ids}; drafts offered again: {}",
                damaged.len(),
                leftovers.len(),
                total.restored
            );
            for p in problems.iter().chain(&damaged).chain(&leftovers) {
                println!("  PROBLEM: {p}");
            }
            let clean = total.lost == 0
                && total.duplicated == 0
                && damaged.is_empty()
                && leftovers.is_empty()
                && dup_ids == 0;
            println!("  result: {}", if clean { "PASS" } else { "FAIL" });
            Ok(clean)
        }
    }

    fn kill9(pid: Option<u32>) -> Result<(), String> {
        let pid = pid.ok_or("the workbook has no pid")?;
        // SAFETY: kill(2) with a pid of our own child and a constant signal.
        if unsafe { libc::kill(pid as libc::pid_t, libc::SIGKILL) } != 0 {
            return Err(std::io::Error::last_os_error().to_string());
        }
        Ok(())
    }
}
