//! The command line, end to end: every subcommand and every bad input, run as a real process.

use crate::own_file;
use assert_cmd::Command;
use std::fs;
use std::path::{Path, PathBuf};

const NOW: &str = "2026-11-25T20:00:00+01:00";
const JRNL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../shared/bench/jrnl-export-100.json"
);

struct Env {
    _tmp: tempfile::TempDir,
    data: PathBuf,
    home: PathBuf,
}

fn env() -> Env {
    let tmp = tempfile::tempdir().unwrap();
    let data = tmp.path().join("data");
    let home = tmp.path().join("home");
    fs::create_dir_all(&home).unwrap();
    Env {
        data,
        home,
        _tmp: tmp,
    }
}

/// Runs `cmd` with `args`, which must succeed, and returns its stdout.
pub(crate) fn run_ok(mut cmd: Command, args: &[&str]) -> String {
    let out = cmd.args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs `cmd` with `args`, which must fail with `code` and a message, and returns its stderr.
pub(crate) fn run_fails(mut cmd: Command, args: &[&str], code: i32) -> String {
    let out = cmd.args(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(code),
        "{args:?}: stdout {} stderr {}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(!err.is_empty(), "{args:?} gave no message");
    assert!(!err.contains("panicked"), "{err}");
    err
}

impl Env {
    fn tw(&self) -> Command {
        let mut c = Command::cargo_bin("trustwork").unwrap();
        c.env_clear()
            .env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", self.home.join(".config"))
            .env("XDG_DATA_HOME", self.home.join(".local/share"))
            .env("TRUSTWORK_NOW", NOW)
            .arg("--data-dir")
            .arg(&self.data);
        c
    }

    fn ok(&self, args: &[&str]) -> String {
        run_ok(self.tw(), args)
    }

    /// Runs a command that must fail with `code`, and returns its stderr.
    fn fails(&self, args: &[&str], code: i32) -> String {
        run_fails(self.tw(), args, code)
    }

    fn couple(&self) {
        self.ok(&["partners", "add", "Alex", "--role", "hurt"]);
        self.ok(&["partners", "add", "Sam", "--role", "repairing"]);
    }
}

/// Every file below `dir`, with its bytes: to prove that nothing was written.
pub(crate) fn tree(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    if let Ok(rd) = fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            // The lock file is created empty by any writer and holds nothing.
            if p.file_name().is_some_and(|n| n == "trustwork.lock") {
                continue;
            }
            if p.is_dir() {
                out.extend(tree(&p));
            } else {
                out.push((p.clone(), fs::read(&p).unwrap()));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn partners_add_and_list() {
    let e = env();
    e.couple();
    assert_eq!(e.ok(&["partners", "list"]), "Alex\thurt\nSam\trepairing\n");
    let before = tree(&e.data);
    assert!(
        e.fails(&["partners", "add", "alex"], 1)
            .contains("already a partner")
    );
    assert!(
        e.fails(&["partners", "add", "Kim"], 1)
            .contains("one or two partners")
    );
    e.fails(&["partners", "add", "Bad\x1b[2Jname"], 2);
    e.fails(&["partners", "add", "  "], 2);
    e.fails(&["partners", "add", "Kim", "--role", "boss"], 2);
    assert_eq!(tree(&e.data), before);
}

#[test]
fn default_role_is_unsaid() {
    let e = env();
    e.ok(&["partners", "add", "Robin"]);
    assert_eq!(e.ok(&["partners", "list"]), "Robin\tunsaid\n");
}

#[test]
fn journal_add_list_show() {
    let e = env();
    e.couple();
    let id = e
        .ok(&[
            "journal",
            "add",
            "--partner",
            "alex",
            "--title",
            "First",
            "--tag",
            "Start",
            "A hard day. #Sleep",
        ])
        .trim()
        .to_string();
    assert_eq!(id.len(), 12);
    let id2 = {
        let out = e
            .tw()
            .env("TRUSTWORK_NOW", "2026-11-25T21:00:00+01:00")
            .args(["journal", "add", "--partner", "Sam", "-"])
            .write_stdin("Written on stdin.\r\nSecond line.\n")
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap().trim().to_string()
    };
    let list = e.ok(&["journal", "list"]);
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 2);
    assert!(
        lines[1].starts_with(&format!(
            "{id}  2026-11-25 20:00  Alex  First  #start #sleep"
        )),
        "{list}"
    );
    assert!(
        lines[0].contains("21:00  Sam  Written on stdin. Second line."),
        "{list}"
    );
    assert_eq!(
        e.ok(&["journal", "list", "--partner", "SAM"])
            .lines()
            .count(),
        1
    );
    let json: serde_json::Value =
        serde_json::from_str(&e.ok(&["journal", "list", "--json"])).unwrap();
    assert_eq!(json.as_array().unwrap().len(), 2);
    assert_eq!(json[1]["author_name"], "Alex");
    let show = e.ok(&["journal", "show", &id[..6]]);
    assert!(
        show.starts_with("First\nAlex · Wednesday 25 November 2026, 20:00 · "),
        "{show}"
    );
    assert!(show.ends_with("A hard day. #Sleep\n"));
    assert!(
        e.ok(&["journal", "show", &id2])
            .contains("Written on stdin.\nSecond line.\n")
    );
    e.fails(&["journal", "show", "nothere"], 1);
}

#[test]
fn journal_share_is_for_the_author_only() {
    let e = env();
    e.couple();
    let id = e
        .ok(&["journal", "add", "--partner", "Alex", "For the session."])
        .trim()
        .to_string();
    let flag = || {
        let json: serde_json::Value =
            serde_json::from_str(&e.ok(&["journal", "list", "--json"])).unwrap();
        json[0]["for_counsellor"].as_bool().unwrap_or(false)
    };
    let err = e.fails(&["journal", "share", &id, "--partner", "Sam"], 1);
    assert!(
        err.contains("only the partner who wrote this entry"),
        "{err}"
    );
    assert!(!flag());
    let said = e.ok(&["journal", "share", &id[..6], "--partner", "alex"]);
    assert!(said.contains("shared with your counsellor"), "{said}");
    assert!(flag());
    e.fails(&["journal", "share", &id, "--partner", "Sam", "--off"], 1);
    assert!(flag());
    e.ok(&["journal", "share", &id, "--partner", "Alex", "--off"]);
    assert!(!flag());
    e.fails(&["journal", "share", "nothere", "--partner", "Alex"], 1);
}

#[test]
fn the_counsellor_summary_holds_only_what_each_author_shared() {
    let e = env();
    e.couple();
    let shared = e
        .ok(&["journal", "add", "--partner", "Alex", "For the session."])
        .trim()
        .to_string();
    e.ok(&["journal", "add", "--partner", "Sam", "Not for the session."]);
    e.ok(&["checkin", "--partner", "Alex", "--trust", "4"]);
    e.ok(&["journal", "share", &shared, "--partner", "Alex"]);
    let md = e.ok(&["export", "--summary"]);
    assert!(md.contains("For the session."), "{md}");
    assert!(!md.contains("Not for the session."), "{md}");
    let file = e.home.join("summary.html");
    e.ok(&[
        "export",
        "--summary",
        "--format",
        "html",
        "-o",
        file.to_str().unwrap(),
    ]);
    let html = fs::read_to_string(&file).unwrap();
    assert!(html.contains("For the session.") && !html.contains("Not for the session."));
    let err = e.fails(&["export", "--summary", "--format", "json"], 2);
    assert!(err.contains("md or html"), "{err}");
    let err = e.fails(&["export", "--summary", "--partner", "Sam"], 2);
    assert!(err.contains("covers both partners"), "{err}");
    e.fails(&["export", "--summary", "--tag", "x"], 2);
    // Without --summary the format is asked for.
    e.fails(&["export"], 2);
}

#[test]
fn journal_add_links_a_prompt_with_a_copy_of_its_text() {
    let e = env();
    e.couple();
    let list = e.ok(&["content", "show", "own-it"]);
    assert!(list.contains("OWNING"));
    let id = e.ok(&[
        "journal",
        "add",
        "--partner",
        "Sam",
        "--guide",
        "own-it",
        "An answer.",
    ]);
    let json = e.ok(&["journal", "list", "--json"]);
    assert!(json.contains("\"guide\": \"own-it\""), "{json} {id}");
    e.fails(
        &["journal", "add", "--partner", "Sam", "--guide", "nope", "x"],
        1,
    );
    e.fails(
        &[
            "journal",
            "add",
            "--partner",
            "Sam",
            "--guide",
            "safety-check",
            "x",
        ],
        1,
    );
    e.fails(
        &[
            "journal",
            "add",
            "--partner",
            "Sam",
            "--prompt",
            "no.such.prompt",
            "x",
        ],
        1,
    );
}

#[test]
fn journal_refuses_bad_input_and_writes_nothing() {
    let e = env();
    e.couple();
    let before = tree(&e.data);
    e.fails(&["journal", "add", "--partner", "Alex", ""], 2);
    e.fails(&["journal", "add", "--partner", "Alex", "   \n "], 2);
    e.fails(&["journal", "add", "--partner", "Alex"], 2);
    let out = e
        .tw()
        .args(["journal", "add", "--partner", "Alex", "-"])
        .write_stdin("")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        e.fails(&["journal", "add", "--partner", "Kim", "text"], 1)
            .contains("no partner called Kim")
    );
    e.fails(
        &[
            "journal",
            "add",
            "--partner",
            "Alex",
            "--tag",
            "two words",
            "text",
        ],
        2,
    );
    assert_eq!(tree(&e.data), before);
}

#[test]
fn terminal_control_sequences_never_reach_the_terminal() {
    let e = env();
    e.couple();
    let id = e.ok(&[
        "journal",
        "add",
        "--partner",
        "Alex",
        "--title",
        "t\x1b]0;title\x07",
        "clear\x1b[2J me \u{9b}31m",
    ]);
    for out in [
        e.ok(&["journal", "show", id.trim()]),
        e.ok(&["journal", "list"]),
        e.ok(&["export", "--format", "md"]),
        e.ok(&["export", "--format", "json"]),
    ] {
        assert!(
            !out.contains('\x1b') && !out.contains('\x07') && !out.contains('\u{9b}'),
            "{out:?}"
        );
    }
    assert!(
        e.ok(&["journal", "show", id.trim()])
            .contains("clear\\x1b[2J me")
    );
}

/// Bidi overrides and isolates can make a line read in another order than it is stored, and
/// U+2028/2029 break lines in JavaScript and some editors: every JSON output escapes them.
#[test]
fn json_outputs_escape_bidi_and_line_separators() {
    let e = env();
    e.couple();
    let tricky =
        "pay \u{202e}0001\u{202c} now \u{2066}x\u{2069} line\u{2028}para\u{2029}end \u{85}";
    e.ok(&[
        "journal",
        "add",
        "--partner",
        "Alex",
        "--title",
        tricky,
        tricky,
    ]);
    for args in [
        &["journal", "list", "--json"][..],
        &["export", "--format", "json"][..],
        &["stats", "--json"][..],
    ] {
        let out = e.ok(args);
        let raw: Vec<char> = out
            .chars()
            .filter(|c| trustwork_core::json::needs_escape(*c))
            .collect();
        assert!(raw.is_empty(), "{args:?} writes {raw:?} raw");
        serde_json::from_str::<serde_json::Value>(&out).expect("still JSON");
        if args[0] != "stats" {
            assert!(out.contains("\\u202e") && out.contains("\\u2028"), "{out}");
        }
    }
    // What the JSON says is what was written.
    let list: serde_json::Value =
        serde_json::from_str(&e.ok(&["journal", "list", "--json"])).unwrap();
    assert_eq!(list[0]["title"], tricky.trim());
}

#[test]
fn checkin_rules() {
    let e = env();
    e.couple();
    assert_eq!(
        e.ok(&[
            "checkin",
            "--partner",
            "Alex",
            "--trust",
            "4",
            "--mood",
            "tired",
            "--note",
            "a long day"
        ]),
        "checked in for 2026-11-25: trust 4/10, tired\n"
    );
    // The same day again changes only what is given.
    e.ok(&["checkin", "--partner", "Alex", "--trust", "6"]);
    e.ok(&[
        "checkin",
        "--partner",
        "Alex",
        "--trust",
        "5",
        "--date",
        "2026-11-24",
    ]);
    let json = e.ok(&["export", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
    let cs = doc["checkins"].as_array().unwrap();
    assert_eq!(cs.len(), 2);
    assert_eq!(
        (
            cs[1]["trust"].as_u64(),
            cs[1]["mood"].as_str(),
            cs[1]["note"].as_str()
        ),
        (Some(6), Some("tired"), Some("a long day"))
    );
    let before = tree(&e.data);
    for bad in [
        ["--trust", "11"],
        ["--trust", "-1"],
        ["--trust", "x"],
        ["--date", "2026-11-26"],
        ["--date", "26/11/2026"],
    ] {
        let mut args = vec!["checkin", "--partner", "Alex"];
        args.extend(bad);
        e.fails(&args, 2);
    }
    e.fails(&["checkin", "--partner", "Kim", "--trust", "3"], 1);
    e.fails(&["checkin", "--partner", "Sam"], 1);
    e.fails(
        &["checkin", "--partner", "Sam", "--trust", "3", "--mood", ""],
        2,
    );
    assert_eq!(tree(&e.data), before);
}

#[test]
fn exports_and_their_filters() {
    let e = env();
    e.couple();
    e.ok(&[
        "journal",
        "add",
        "--partner",
        "Alex",
        "--title",
        "Mine",
        "one",
    ]);
    e.ok(&[
        "journal",
        "add",
        "--partner",
        "Sam",
        "--guide",
        "own-it",
        "two",
    ]);
    let md = e.ok(&["export", "--format", "md"]);
    assert!(
        md.starts_with("# trustwork journal\n\nAlex and Sam · exported "),
        "{md}"
    );
    assert!(
        md.contains("\n2 entries\n") && md.contains("#### Mine"),
        "{md}"
    );
    let md = e.ok(&["export", "--format", "md", "--partner", "alex"]);
    assert!(md.contains("1 entry") && !md.contains("\ntwo\n"), "{md}");
    let md = e.ok(&["export", "--format", "md", "--guide", "own-it"]);
    assert!(md.contains("\ntwo\n") && !md.contains("\none\n"));
    let md = e.ok(&["export", "--format", "md", "--since", "2026-11-26"]);
    assert!(md.contains("Nothing to export."), "{md}");
    e.fails(
        &[
            "export",
            "--format",
            "md",
            "--since",
            "2026-11-26",
            "--until",
            "2026-11-01",
        ],
        2,
    );
    e.fails(&["export", "--format", "pdf"], 2);
    e.fails(&["export", "--format", "md", "--partner", "Kim"], 1);

    let file = e.home.join("out.md");
    e.ok(&["export", "--format", "md", "-o", file.to_str().unwrap()]);
    assert!(fs::read_to_string(&file).unwrap().contains("#### Mine"));
    assert!(
        e.fails(
            &["export", "--format", "json", "-o", file.to_str().unwrap()],
            1
        )
        .contains("--force")
    );
    e.ok(&[
        "export",
        "--format",
        "json",
        "-o",
        file.to_str().unwrap(),
        "--force",
    ]);
    assert!(
        fs::read_to_string(&file)
            .unwrap()
            .contains("trustwork-export")
    );
}

#[test]
fn export_by_tag_as_text_and_its_refusals() {
    let e = env();
    e.couple();
    for (tag, body) in [("work", "at the office"), ("Home", "in the kitchen")] {
        e.ok(&["journal", "add", "--partner", "Alex", "--tag", tag, body]);
    }
    e.ok(&["journal", "add", "--partner", "Sam", "untagged words"]);
    // Any of the tags, compared without `#` and ignoring case, as the workbook does.
    let md = e.ok(&["export", "--format", "md", "--tag", "#WORK"]);
    assert!(
        md.contains("at the office") && !md.contains("kitchen"),
        "{md}"
    );
    assert!(md.contains("Only: tagged #work"), "{md}");
    let md = e.ok(&["export", "--format", "md", "--tag", "work", "--tag", "home"]);
    assert!(md.contains("office") && md.contains("kitchen") && !md.contains("untagged"));
    let json = e.ok(&["export", "--format", "json", "--tag", "home"]);
    assert!(
        json.contains("kitchen") && !json.contains("office"),
        "{json}"
    );

    let txt = e.ok(&["export", "--format", "txt"]);
    assert!(txt.starts_with("TRUSTWORK JOURNAL\n"), "{txt}");
    assert!(
        txt.contains("in the kitchen") && !txt.contains("####"),
        "{txt}"
    );
    assert!(txt.lines().all(|l| l.chars().count() <= 80), "{txt}");

    // --private: for the one partner who unlocks.
    let err = e.fails(&["export", "--format", "md", "--private"], 2);
    assert!(err.contains("--partner NAME"), "{err}");
    let err = e.fails(
        &[
            "export",
            "--format",
            "md",
            "--private",
            "--partner",
            "Alex",
            "--partner",
            "Sam",
        ],
        2,
    );
    assert!(err.contains("give --partner once"), "{err}");
    let err = e.fails(
        &["export", "--format", "md", "--private", "--partner", "Sam"],
        1,
    );
    assert!(err.contains("Sam has no passphrase yet"), "{err}");

    // The HTML report: one self-contained file, from the same filter.
    let file = e.home.join("out.html");
    let path = file.to_str().unwrap();
    e.ok(&["export", "--format", "html", "--tag", "work", "-o", path]);
    let html = fs::read_to_string(&file).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.trim_end().ends_with("</html>"), "{html}");
    assert!(html.contains("at the office") && !html.contains("kitchen"));
    assert!(!html.contains("<script"), "{html}");

    // A link at the -o path is refused, with --force too, and what it points at is untouched.
    #[cfg(unix)]
    {
        let target = e.home.join("elsewhere.md");
        fs::write(&target, "mine").unwrap();
        let link = e.home.join("link.md");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        for force in [false, true] {
            let mut args = vec!["export", "--format", "md", "-o", link.to_str().unwrap()];
            if force {
                args.push("--force");
            }
            let err = e.fails(&args, 1);
            assert!(err.contains("symbolic link"), "{err}");
        }
        assert_eq!(fs::read_to_string(&target).unwrap(), "mine");
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
    }
}

#[test]
fn json_export_round_trips_through_import() {
    let e = env();
    e.couple();
    e.ok(&[
        "journal",
        "add",
        "--partner",
        "Alex",
        "--title",
        "Mine",
        "one 日本 😀",
    ]);
    e.ok(&[
        "checkin",
        "--partner",
        "Sam",
        "--trust",
        "7",
        "--mood",
        "hopeful",
    ]);
    e.ok(&["import", JRNL, "--partner", "Sam"]);
    let first = e.ok(&["export", "--format", "json"]);
    let file = e.home.join("export.json");
    fs::write(&file, &first).unwrap();

    let f = env();
    assert_eq!(
        f.ok(&["import", file.to_str().unwrap()]),
        "added 104, skipped 0 already here\n"
    );
    let second = f.ok(&["export", "--format", "json"]);
    assert_eq!(first, second);
    // A second import adds nothing.
    assert_eq!(
        f.ok(&["import", file.to_str().unwrap()]),
        "added 0, skipped 104 already here\n"
    );
    f.fails(&["import", file.to_str().unwrap(), "--partner", "Alex"], 1);
}

#[test]
fn tui_journal_import_adds_once_and_says_what_it_skipped() {
    let e = env();
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/core/src/import/testdata/tui-journal.json"
    );
    assert_eq!(
        e.ok(&["import", file, "--partner", "Sam"]),
        "added 3, skipped 0 already here\n"
    );
    assert_eq!(e.ok(&["import", file]), "added 0, skipped 3 already here\n");
    let list = e.ok(&["journal", "list"]);
    assert!(list.contains("After the talk"), "{list}");
}

#[test]
fn jrnl_import_and_its_bad_inputs() {
    let e = env();
    assert!(e.fails(&["import", JRNL], 1).contains("--partner"));
    assert_eq!(
        e.ok(&["import", JRNL, "--partner", "Alex"]),
        "added 100, skipped 0 already here\n"
    );
    assert_eq!(
        e.ok(&["import", JRNL]),
        "added 0, skipped 100 already here\n"
    );
    assert_eq!(
        e.ok(&["stats", "--json"])
            .matches("\"entries\": 100")
            .count(),
        2
    );

    let before = tree(&e.data);
    let full = fs::read(JRNL).unwrap();
    let truncated = e.home.join("truncated.json");
    fs::write(&truncated, &full[..full.len() / 2]).unwrap();
    let other = e.home.join("other.json");
    fs::write(&other, br#"{"name": "not a journal"}"#).unwrap();
    let binary = e.home.join("binary.json");
    fs::write(&binary, [0u8, 159, 146, 150]).unwrap();
    for f in [&truncated, &other, &binary] {
        e.fails(&["import", f.to_str().unwrap()], 1);
    }
    e.fails(&["import", "/no/such/file.json"], 1);
    assert_eq!(tree(&e.data), before);
    let empty = e.home.join("empty.json");
    fs::write(&empty, b"").unwrap();
    assert_eq!(
        e.ok(&["import", empty.to_str().unwrap()]),
        "added 0, skipped 0 already here\n"
    );
}

/// Fuzzing found it (import_jrnl): an entry dated in year -8 was written where reading never
/// looked, so it was missing from the journal and a second import added it again.
#[test]
fn a_jrnl_entry_of_a_far_year_is_refused_not_lost() {
    // Found by fuzzing: such an entry used to be written where reading never looked, so it
    // vanished and a second import added it again. Now the import's rules refuse it.
    let e = env();
    e.couple();
    let before = tree(&e.data);
    let file = e.home.join("far.json");
    fs::write(
        &file,
        br#"{"tags":{},"entries":[{"body":"long ago","date":"-8-03-1","time":"3:1"}]}"#,
    )
    .unwrap();
    let err = e.fails(&["import", file.to_str().unwrap(), "--partner", "Alex"], 1);
    assert!(err.contains("entry 1"), "{err}");
    assert_eq!(tree(&e.data), before, "nothing was written");
}

#[test]
fn an_import_with_one_bad_record_is_refused_whole_naming_it() {
    let e = env();
    e.couple();
    let before = tree(&e.data);
    // The real export with its 17th date changed, as it is otherwise (tags first, as jrnl
    // writes them).
    let full = fs::read_to_string(JRNL).unwrap();
    let mut parts: Vec<&str> = full.split("\"date\": \"").collect();
    let rest = format!("1800-01-01{}", &parts[17][10..]);
    parts[17] = &rest;
    let bad = e.home.join("bad.json");
    fs::write(&bad, parts.join("\"date\": \"")).unwrap();
    let err = e.fails(&["import", bad.to_str().unwrap(), "--partner", "Alex"], 1);
    assert!(
        err.contains("entry 17: the date 1800-01-01 is before 1900"),
        "{err}"
    );
    assert_eq!(tree(&e.data), before);
}

#[test]
fn stats_json_has_the_documented_keys() {
    let e = env();
    e.couple();
    for day in ["2026-11-23", "2026-11-24", "2026-11-25"] {
        e.ok(&[
            "checkin",
            "--partner",
            "Alex",
            "--trust",
            "5",
            "--date",
            day,
        ]);
    }
    e.ok(&["journal", "add", "--partner", "Alex", "text"]);
    let v: serde_json::Value = serde_json::from_str(&e.ok(&["stats", "--json"])).unwrap();
    assert_eq!(v["entries"], 1);
    assert_eq!(v["checkins"], 3);
    let alex = &v["partners"][0];
    assert_eq!(alex["name"], "Alex");
    assert_eq!(alex["role"], "hurt");
    assert_eq!(alex["entries"], 1);
    assert_eq!(alex["checkins"], 3);
    assert_eq!(alex["first"], "2026-11-23");
    assert_eq!(alex["last"], "2026-11-25");
    assert_eq!(alex["streak"]["current"], 3);
    assert_eq!(alex["streak"]["longest"], 3);
    assert!(
        e.ok(&["stats"])
            .contains("Alex (the partner who was hurt): 1 entry, 3 check-ins")
    );
}

#[test]
fn a_corrupt_or_newer_store_is_reported_and_left_untouched() {
    for (name, bytes) in [
        (
            "corrupt",
            &b"{\"format_version\": 2, \"kind\": \"partners\", \"reco"[..],
        ),
        (
            "newer",
            &b"{\"format_version\": 7, \"kind\": \"partners\", \"records\": []}"[..],
        ),
    ] {
        let e = env();
        fs::create_dir_all(&e.data).unwrap();
        let file = e.data.join("partners.json");
        fs::write(&file, bytes).unwrap();
        let before = tree(&e.data);
        for args in [
            vec!["partners", "add", "Alex"],
            vec!["partners", "list"],
            vec!["journal", "add", "--partner", "Alex", "text"],
            vec!["checkin", "--partner", "Alex", "--trust", "3"],
            vec!["stats"],
            vec!["import", JRNL, "--partner", "Alex"],
        ] {
            let err = e.fails(&args, 1);
            assert!(err.contains("partners.json"), "{name}: {err}");
            if name == "newer" {
                assert!(err.contains("newer version"), "{err}");
            }
        }
        assert_eq!(tree(&e.data), before, "{name}");
    }
}

/// A damaged year of check-ins costs only its own records, per command: reading commands go
/// on and name it on stderr, a write to it is refused, writes elsewhere go on, and the file is
/// never touched.
#[test]
fn a_damaged_file_costs_each_command_only_its_own_records() {
    let e = env();
    e.couple();
    e.ok(&["journal", "add", "--partner", "Alex", "before the damage"]);
    e.ok(&["checkin", "--partner", "Alex", "--trust", "5"]);
    let year = own_file(&e.data, &format!("checkins/{}.json", &NOW[..4]));
    let broken = b"{\"format_version\": 2, \"kind\": \"checkins\", \"reco".to_vec();
    fs::write(&year, &broken).unwrap();

    let with_warning = |args: &[&str]| {
        let out = e.tw().args(args).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr).to_string();
        assert!(out.status.success(), "{args:?}: {err}");
        assert!(
            err.contains(&format!("Check-ins of {}", &NOW[..4]))
                && err.contains("trustwork restore checkins/"),
            "{args:?}: {err}"
        );
        String::from_utf8(out.stdout).unwrap()
    };
    assert!(with_warning(&["stats"]).contains("1 entry"));
    assert!(with_warning(&["today"]).contains("Alex: check-in not done"));
    assert!(with_warning(&["export", "--format", "md"]).contains("before the damage"));
    e.ok(&["journal", "add", "--partner", "Sam", "after the damage"]);
    assert_eq!(e.ok(&["journal", "list"]).lines().count(), 2);
    let err = e.fails(&["checkin", "--partner", "Sam", "--trust", "4"], 1);
    assert!(
        err.contains("could not be read") && err.contains(".json"),
        "{err}"
    );
    assert_eq!(fs::read(&year).unwrap(), broken, "never written over");
}

#[test]
fn new_files_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let e = env();
    e.couple();
    e.ok(&["journal", "add", "--partner", "Alex", "text"]);
    e.ok(&["checkin", "--partner", "Alex", "--trust", "3"]);
    let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&e.data), 0o700);
    assert_eq!(mode(&own_file(&e.data, "entries")), 0o700);
    for (p, _) in tree(&e.data) {
        assert_eq!(mode(&p), 0o600, "{}", p.display());
    }
}

#[test]
fn two_processes_adding_at_once_lose_nothing() {
    let e = env();
    e.couple();
    let data = e.data.clone();
    let home = e.home.clone();
    let writer = |who: &'static str| {
        let data = data.clone();
        let home = home.clone();
        std::thread::spawn(move || {
            let mut ids = Vec::new();
            for i in 0..50 {
                let out = Command::cargo_bin("trustwork")
                    .unwrap()
                    .env_clear()
                    .env("HOME", &home)
                    .args(["--data-dir", data.to_str().unwrap()])
                    .args(["journal", "add", "--partner", who, &format!("{who} {i}")])
                    .output()
                    .unwrap();
                assert!(
                    out.status.success(),
                    "{}",
                    String::from_utf8_lossy(&out.stderr)
                );
                ids.push(String::from_utf8(out.stdout).unwrap().trim().to_string());
            }
            ids
        })
    };
    let a = writer("Alex");
    let b = writer("Sam");
    let mut acknowledged = a.join().unwrap();
    acknowledged.extend(b.join().unwrap());
    let v: serde_json::Value = serde_json::from_str(&e.ok(&["journal", "list", "--json"])).unwrap();
    let mut stored: Vec<String> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap().to_string())
        .collect();
    stored.sort();
    acknowledged.sort();
    assert_eq!(
        stored, acknowledged,
        "every acknowledged entry exactly once"
    );
}

/// How many guides the default pack has: one a file in `content/guides/`, all of them embedded.
fn default_guides() -> usize {
    std::fs::read_dir(concat!(env!("CARGO_MANIFEST_DIR"), "/content/guides"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .path()
                .extension()
                .is_some_and(|x| x == "toml")
        })
        .count()
}

#[test]
fn content_commands() {
    let e = env();
    let list = e.ok(&["content", "list"]);
    assert_eq!(list.lines().count(), default_guides());
    assert!(list.starts_with("safety-check\tsteady\t"));
    e.ok(&["content", "check"]);
    e.ok(&["content", "check", "--strict"]);
    e.ok(&[
        "content",
        "check",
        concat!(env!("CARGO_MANIFEST_DIR"), "/examples/content"),
    ]);
    e.ok(&[
        "content",
        "check",
        "--alone",
        concat!(env!("CARGO_MANIFEST_DIR"), "/content"),
        "--strict",
    ]);
    // The example pack replaces first-days and adds a guide.
    let layered = e
        .tw()
        .args([
            "--content-dir",
            concat!(env!("CARGO_MANIFEST_DIR"), "/examples/content"),
            "content",
            "list",
        ])
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(layered.stdout).unwrap().lines().count(),
        default_guides() + 1
    );
    let show = e.ok(&["content", "show", "own-it"]);
    assert!(show.lines().all(|l| unicode_width(l) <= 80), "{show}");
    e.fails(&["content", "show", "nope"], 1);
}

#[test]
fn content_check_strict_finds_a_sentence_copied_from_a_seed_text() {
    let e = env();
    // A wrapped line of the guide's own prose, as someone might have copied it from an article.
    let shown = e.ok(&["content", "show", "first-days"]);
    let line = shown
        .lines()
        .find(|l| l.split_whitespace().count() >= 10 && !l.contains(['#', '·']))
        .expect("a line of prose");
    let seeds = e.home.join("seeds");
    fs::create_dir_all(&seeds).unwrap();
    fs::write(
        seeds.join("notes.txt"),
        "Nothing here is shared with the guides.",
    )
    .unwrap();
    e.ok(&[
        "content",
        "check",
        "--strict",
        "--seeds",
        seeds.to_str().unwrap(),
    ]);
    fs::write(
        seeds.join("article.html"),
        format!("<html><body><p><em>{line}</em></p></body></html>"),
    )
    .unwrap();
    let out = e
        .tw()
        .args(["content", "check", "--strict", "--seeds"])
        .arg(&seeds)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("content/guides/first-days.toml:")
            && text.contains("8 words in a row are the same as in article.html"),
        "{text}"
    );
    // Seeds imply the quality gate.
    e.fails(&["content", "check", "--seeds", seeds.to_str().unwrap()], 1);
}

fn unicode_width(s: &str) -> usize {
    s.chars().count()
}

#[test]
fn content_check_reports_every_problem_with_positions_and_changes_nothing() {
    let e = env();
    let pack = e.home.join("pack");
    fs::create_dir_all(pack.join("guides")).unwrap();
    let broken = "format = 1\nid = \"mine\"\ntitle = \"Mine\"\nstage = \"nowhere\"\norder = 1\naudience = \"all\"\nminutes = 5\nsummary = \"S.\"\nsigns_of_progress = [\"x\"]\nextra = 1\n\n[[ideas]]\ntitle = \"i\"\ntext = \"t\"\n\n[[prompts]]\nid = \"mine.a\"\ntext = \"q\"\n";
    fs::write(pack.join("guides/mine.toml"), broken).unwrap();
    fs::write(pack.join("guides/syntax.toml"), "format = 1\nid = \"oops\n").unwrap();
    fs::write(
        pack.join("stages.toml"),
        "format = 1\n[paths]\nhurt = [\"ghost\"]\n",
    )
    .unwrap();
    let before = tree(&pack);
    let out = e
        .tw()
        .args(["content", "check", pack.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    let shown = pack.display().to_string();
    for want in [
        format!("{shown}/guides/mine.toml:6:12: `audience` is \"all\""),
        format!("{shown}/guides/mine.toml:10:1: unknown key `extra`"),
        format!("{shown}/guides/syntax.toml:2:"),
        format!("{shown}/stages.toml:3:9: the path for role `hurt` names guide `ghost`"),
    ] {
        assert!(text.contains(&want), "missing {want:?} in\n{text}");
    }
    assert_eq!(tree(&pack), before);
    // A broken user pack never takes the default guides away.
    let out = e
        .tw()
        .args(["--content-dir", pack.to_str().unwrap(), "content", "list"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().lines().count(),
        default_guides()
    );
}

/// A pack written in JSON: checked, listed, shown and layered as a TOML one is.
#[test]
fn a_json_pack_is_checked_and_used_like_a_toml_one() {
    let e = env();
    let pack = e.home.join("json-pack");
    fs::create_dir_all(pack.join("guides")).unwrap();
    let guide = r#"{
  "format": 1,
  "id": "a-walk",
  "title": "A walk without an agenda",
  "stage": "reconnecting",
  "order": 90,
  "audience": "both",
  "minutes": 30,
  "summary": "A short walk side by side. Nothing to solve.",
  "signs_of_progress": ["You walked together this week."],
  "ideas": [{ "title": "Side by side", "text": "Walk, and leave the breach for the check-in." }],
  "prompts": [{ "id": "a-walk.noticed", "text": "What did you notice on the walk?" }]
}
"#;
    fs::write(pack.join("guides/a-walk.json"), guide).unwrap();
    fs::write(
        pack.join("stages.json"),
        r#"{ "format": 1, "paths": { "hurt": ["safety-check", "a-walk"] } }"#,
    )
    .unwrap();
    let dir = pack.to_str().unwrap();
    let out = e.tw().args(["content", "check", dir]).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let ok = String::from_utf8(out.stderr).unwrap();
    assert!(
        ok.starts_with(&format!("ok: {} guides", default_guides() + 1)),
        "{ok}"
    );
    let list = e.ok(&["--content-dir", dir, "content", "list"]);
    assert_eq!(list.lines().count(), default_guides() + 1);
    assert!(list.contains("a-walk\treconnecting\tA walk without an agenda"));
    let show = e.ok(&["--content-dir", dir, "content", "show", "a-walk"]);
    assert!(show.contains("What did you notice on the walk?"), "{show}");

    // Broken JSON files: each problem at its position, as for TOML; --strict the same.
    fs::write(
        pack.join("guides/bad.json"),
        "{\n  \"format\": 1,\n  \"id\": oops\n}\n",
    )
    .unwrap();
    fs::write(
        pack.join("guides/a-walk.json"),
        guide.replace("\"minutes\": 30", "\"minutes\": \"30\""),
    )
    .unwrap();
    fs::write(pack.join("guides/a-walk.toml"), "format = 1\n").unwrap();
    fs::write(
        pack.join("guides/other.json"),
        guide.replace("\"minutes\": 30", "\"minutes\": \"30\""),
    )
    .unwrap();
    let before = tree(&pack);
    for strict in [false, true] {
        let mut args = vec!["content", "check", dir];
        if strict {
            args.insert(2, "--strict");
        }
        let out = e.tw().args(&args).output().unwrap();
        assert_eq!(out.status.code(), Some(1));
        let text = String::from_utf8(out.stdout).unwrap();
        for want in [
            format!("{dir}/guides/bad.json:3:9: not valid JSON: expected value"),
            format!(
                "{dir}/guides/a-walk.json:1:1: `guides/a-walk.toml` and `guides/a-walk.json` are both here: keep one form of a file (neither is read)"
            ),
            format!("{dir}/guides/other.json:8:14: `minutes` should be a whole number, not string"),
        ] {
            assert!(text.contains(&want), "missing {want:?} in\n{text}");
        }
    }
    assert_eq!(tree(&pack), before);
}

#[test]
fn a_bad_trustwork_now_is_a_usage_error() {
    let e = env();
    let out = e
        .tw()
        .env("TRUSTWORK_NOW", "yesterday")
        .args(["partners", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn moments_today_and_the_new_stats_keys() {
    let e = env();
    // With no store, `today` prints nothing, creates nothing and succeeds.
    assert_eq!(e.ok(&["today"]), "");
    assert!(!e.data.exists());
    e.couple();
    assert_eq!(
        e.ok(&["today"]),
        "Alex: check-in not done | Sam: check-in not done\n"
    );
    for day in ["2026-11-24", "2026-11-25"] {
        e.ok(&[
            "checkin",
            "--partner",
            "Alex",
            "--trust",
            "6",
            "--date",
            day,
        ]);
    }
    assert_eq!(
        e.ok(&["today", "--partner", "alex"]),
        "Alex: done · streak 2\n"
    );
    e.fails(&["today", "--partner", "Kim"], 1);

    assert!(
        e.ok(&[
            "moment",
            "--partner",
            "Alex",
            "--strength",
            "7",
            "--trigger",
            "a song",
            "--reassure"
        ])
        .contains("reassurance")
    );
    let before = tree(&e.data);
    e.fails(&["moment", "--partner", "Alex", "--strength", "11"], 2);
    e.fails(&["moment", "--partner", "Alex"], 2);
    e.fails(
        &[
            "moment",
            "--partner",
            "Alex",
            "--strength",
            "3",
            "--trigger",
            "",
        ],
        2,
    );
    e.fails(&["moment", "--partner", "Kim", "--strength", "3"], 1);
    assert_eq!(tree(&e.data), before);

    let v: serde_json::Value = serde_json::from_str(&e.ok(&["stats", "--json"])).unwrap();
    assert_eq!(v["moments"], 1);
    let alex = &v["partners"][0];
    assert_eq!(alex["trust"]["last"], 6);
    assert_eq!(alex["trust"]["average_7d"], 6.0);
    assert_eq!(alex["moments"]["total"], 1);
    assert_eq!(alex["moments"]["last_28d"], 1);
    assert_eq!(alex["moments"]["average_strength_28d"], 7.0);
    assert_eq!(alex["guides"]["completed"], 0);
    assert_eq!(alex["milestones"][0]["kind"], "first-checkin");
    assert!(
        v["gap_28d"].is_null(),
        "Sam has no check-ins: no gap to measure"
    );
    let text = e.ok(&["stats"]);
    assert!(text.contains("difficult moments: 1 in all"), "{text}");
    // Moments travel through the JSON export and back.
    let json = e.ok(&["export", "--format", "json"]);
    assert!(json.contains("\"trigger\": \"a song\""));
}

/// Every byte of every file below `dir`, for grepping.
pub(crate) fn all_bytes(dir: &Path) -> Vec<u8> {
    let mut out = Vec::new();
    if let Ok(rd) = fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(all_bytes(&p));
            } else {
                out.extend(fs::read(&p).unwrap());
            }
        }
    }
    out
}

pub(crate) fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[test]
fn private_entries_leave_no_plaintext_anywhere() {
    let e = env();
    e.couple();
    let with_pass = |pass: &str, args: &[&str], stdin: &str| with_passphrase(&e, pass, args, stdin);
    let out = with_pass("correct-horse", &["partners", "passphrase", "Alex"], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = with_pass(
        "correct-horse",
        &[
            "journal",
            "add",
            "--partner",
            "Alex",
            "--private",
            "--title",
            "TITLE-77",
            "--tag",
            "tag77",
            "-",
        ],
        "MARKER-42\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let id = String::from_utf8(out.stdout).unwrap().trim().to_string();
    assert_eq!(id.len(), 12);
    let bytes = all_bytes(&e.data);
    for secret in ["MARKER-42", "TITLE-77", "tag77"] {
        assert!(
            !contains(&bytes, secret),
            "{secret} is readable in the data folder"
        );
    }
    assert!(e.ok(&["journal", "list"]).contains("(private entry)"));
    assert!(
        e.ok(&["journal", "show", &id])
            .starts_with("Private entry by Alex")
    );
    for format in ["json", "md"] {
        assert!(!e.ok(&["export", "--format", format]).contains("MARKER-42"));
    }
    // Its author can read it back.
    let out = with_pass(
        "correct-horse",
        &[
            "export",
            "--format",
            "md",
            "--partner",
            "Alex",
            "--include-private",
        ],
        "",
    );
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(md.contains("MARKER-42") && md.contains("TITLE-77"), "{md}");
    // A wrong passphrase is told plainly.
    let out = with_pass(
        "not-it",
        &[
            "export",
            "--format",
            "md",
            "--partner",
            "Alex",
            "--include-private",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("passphrase is not right"));
    // --include-private needs --partner; --private never takes TEXT.
    e.fails(&["export", "--format", "md", "--include-private"], 2);
    e.fails(
        &[
            "journal",
            "add",
            "--partner",
            "Alex",
            "--private",
            "in my history",
        ],
        2,
    );
    // Changing the passphrase keeps every private entry readable with the new one only.
    let out = e
        .tw()
        .env("TRUSTWORK_PASSPHRASE", "correct-horse")
        .env("TRUSTWORK_NEW_PASSPHRASE", "battery-staple")
        .args(["partners", "passphrase", "Alex"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let out = with_pass(
        "battery-staple",
        &[
            "export",
            "--format",
            "json",
            "--partner",
            "Alex",
            "--include-private",
        ],
        "",
    );
    assert!(String::from_utf8(out.stdout).unwrap().contains("MARKER-42"));
    let out = with_pass(
        "correct-horse",
        &[
            "export",
            "--format",
            "json",
            "--partner",
            "Alex",
            "--include-private",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    // The export round-trips the sealed entry, still sealed.
    let file = e.home.join("all.json");
    fs::write(&file, e.ok(&["export", "--format", "json"])).unwrap();
    let f = env();
    f.ok(&["import", file.to_str().unwrap()]);
    assert!(!contains(&all_bytes(&f.data), "MARKER-42"));
    assert!(f.ok(&["journal", "list"]).contains("(private entry)"));
}

#[test]
fn forget_all_needs_the_word_and_then_erases_everything() {
    let e = env();
    e.couple();
    e.ok(&["journal", "add", "--partner", "Alex", "text"]);
    e.ok(&["journal", "add", "--partner", "Alex", "more"]);
    let out = e
        .tw()
        .args(["forget", "--all"])
        .write_stdin("yes\n")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(own_file(&e.data, "partners.json").exists());
    let out = e
        .tw()
        .args(["forget", "--all"])
        .write_stdin("FORGET\n")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!e.data.exists(), "the data folder is gone, backups and all");
    e.fails(&["forget"], 2);
}

#[test]
fn no_terminal_and_no_passphrase_variable_says_what_to_set() {
    // Only where there is no controlling terminal (CI); with one, rpassword would wait for it.
    if fs::File::open("/dev/tty").is_ok() {
        return;
    }
    let e = env();
    e.couple();
    let err = e.fails(&["partners", "passphrase", "Alex"], 2);
    assert!(err.contains("New passphrase for Alex: "), "{err}");
    assert!(
        err.contains(
            "there is no terminal to ask for the passphrase; set TRUSTWORK_PASSPHRASE (less safe)"
        ),
        "{err}"
    );
}

#[test]
fn forget_all_leaves_files_that_are_not_trustworks() {
    let e = env();
    e.couple();
    e.ok(&["journal", "add", "--partner", "Alex", "text"]);
    fs::write(e.data.join("my-notes.txt"), "mine").unwrap();
    fs::create_dir(e.data.join("sub")).unwrap();
    fs::write(e.data.join("sub/x.txt"), "mine too").unwrap();
    let out = e
        .tw()
        .args(["forget", "--all"])
        .write_stdin("FORGET\n")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("erased "), "{text}");
    assert!(
        text.contains("left 2 files that are not trustwork's: my-notes.txt, sub/x.txt"),
        "{text}"
    );
    let left: Vec<PathBuf> = tree(&e.data).into_iter().map(|(p, _)| p).collect();
    assert_eq!(
        left,
        [e.data.join("my-notes.txt"), e.data.join("sub/x.txt")]
    );
}

#[test]
fn forget_all_needs_each_partners_passphrase() {
    let e = env();
    e.couple();
    let out = e
        .tw()
        .env("TRUSTWORK_PASSPHRASE", "alex-secret")
        .args(["partners", "passphrase", "Alex"])
        .output()
        .unwrap();
    assert!(out.status.success());
    e.ok(&["journal", "add", "--partner", "Sam", "text"]);
    let before = tree(&e.data);
    let forget = |pass: Option<&str>| {
        let mut c = e.tw();
        if let Some(p) = pass {
            c.env("TRUSTWORK_PASSPHRASE", p);
        }
        c.args(["forget", "--all"])
            .write_stdin("FORGET\n")
            .output()
            .unwrap()
    };
    // Without a terminal or the variable it cannot ask; a wrong one is refused.
    assert_eq!(forget(None).status.code(), Some(2));
    let out = forget(Some("not-it"));
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("that is not Alex's passphrase"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(tree(&e.data), before, "nothing was erased");
    assert!(forget(Some("alex-secret")).status.success());
    assert!(!e.data.exists());
}

#[test]
fn forget_me_erases_one_partners_records_only() {
    let e = env();
    e.couple();
    let with_pass = |pass: &str, args: &[&str], stdin: &str| with_passphrase(&e, pass, args, stdin);
    assert!(
        with_pass("sam-secret", &["partners", "passphrase", "Sam"], "")
            .status
            .success()
    );
    e.ok(&["journal", "add", "--partner", "Alex", "ALEX-WORDS"]);
    e.ok(&[
        "journal",
        "add",
        "--partner",
        "Sam",
        "--shared",
        "SAM-MARKER shared",
    ]);
    let out = with_pass(
        "sam-secret",
        &["journal", "add", "--partner", "Sam", "--private", "-"],
        "SAM-MARKER private",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let sealed_writes: [&[&str]; 2] = [
        &[
            "checkin",
            "--partner",
            "Sam",
            "--trust",
            "4",
            "--note",
            "SAM-MARKER note",
        ],
        &[
            "moment",
            "--partner",
            "Sam",
            "--strength",
            "5",
            "--note",
            "SAM-MARKER moment",
        ],
    ];
    for args in sealed_writes {
        assert!(with_pass("sam-secret", args, "").status.success());
    }
    e.ok(&[
        "checkin",
        "--partner",
        "Alex",
        "--trust",
        "6",
        "--note",
        "ALEX-NOTE",
    ]);
    // Exactly one of --all or --me; --me names the partner.
    e.fails(&["forget"], 2);
    e.fails(&["forget", "--all", "--me", "--partner", "Sam"], 2);
    e.fails(&["forget", "--me"], 2);
    e.fails(&["forget", "--partner", "Sam"], 2);
    e.fails(&["forget", "--all", "--partner", "Sam"], 2);
    assert!(
        e.fails(&["forget", "--me", "--partner", "Kim"], 1)
            .contains("no partner")
    );
    // Sam's passphrase is needed: Alex cannot erase Sam's words.
    let before = tree(&e.data);
    let out = with_pass("guess", &["forget", "--me", "--partner", "Sam"], "FORGET\n");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(tree(&e.data), before);
    let out = with_pass(
        "sam-secret",
        &["forget", "--me", "--partner", "Sam"],
        "FORGET\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("forgot Sam: "));
    for (path, bytes) in tree(&e.data) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains("SAM-MARKER"),
            "{} holds Sam's words",
            path.display()
        );
        assert!(!text.contains("\"Sam\""), "{} names Sam", path.display());
    }
    assert_eq!(e.ok(&["partners", "list"]), "Alex\thurt\n");
    let list = e.ok(&["journal", "list", "--partner", "Alex"]);
    assert!(list.contains("ALEX-WORDS"), "{list}");
    assert!(contains(&all_bytes(&e.data), "ALEX-NOTE"));
}

/// Runs a command with a passphrase in the environment and text on standard input.
fn with_passphrase(e: &Env, pass: &str, args: &[&str], stdin: &str) -> std::process::Output {
    e.tw()
        .env("TRUSTWORK_PASSPHRASE", pass)
        .args(args)
        .write_stdin(stdin.to_string())
        .output()
        .unwrap()
}

#[test]
fn after_a_passphrase_journal_add_is_private_unless_shared() {
    let e = env();
    e.couple();
    assert!(
        with_passphrase(&e, "alex-secret", &["partners", "passphrase", "Alex"], "")
            .status
            .success()
    );
    let out = with_passphrase(
        &e,
        "alex-secret",
        &["journal", "add", "--partner", "Alex", "-"],
        "PIPED-MARKER text\n",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("saved as private"));
    assert!(!contains(&all_bytes(&e.data), "PIPED-MARKER"));
    assert!(e.ok(&["journal", "list"]).contains("(private entry)"));
    // Private text never comes from the command line; --shared opts out.
    let err = e.fails(&["journal", "add", "--partner", "Alex", "ARG-MARKER"], 2);
    assert!(err.contains("--shared"), "{err}");
    assert!(!contains(&all_bytes(&e.data), "ARG-MARKER"));
    e.ok(&[
        "journal",
        "add",
        "--partner",
        "Alex",
        "--shared",
        "SHARED-MARKER for us both",
    ]);
    assert!(e.ok(&["journal", "list"]).contains("SHARED-MARKER"));
    // Without the passphrase nothing private is written.
    let out = e
        .tw()
        .args(["journal", "add", "--partner", "Alex", "-"])
        .write_stdin("LOCKED-MARKER")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(!contains(&all_bytes(&e.data), "LOCKED-MARKER"));
    // Sam has no passphrase: Sam's entries stay shared, as before.
    e.ok(&["journal", "add", "--partner", "Sam", "SAM-MARKER"]);
    assert!(e.ok(&["journal", "list"]).contains("SAM-MARKER"));
}

#[test]
fn after_a_passphrase_checkin_and_moment_text_is_never_on_disk_readable() {
    let e = env();
    e.couple();
    assert!(
        with_passphrase(&e, "alex-secret", &["partners", "passphrase", "Alex"], "")
            .status
            .success()
    );
    for args in [
        &[
            "checkin",
            "--partner",
            "Alex",
            "--trust",
            "4",
            "--note",
            "NOTE-MARKER",
        ][..],
        // A second write of the same day, so the backup holds a sealed version too.
        &[
            "checkin",
            "--partner",
            "Alex",
            "--trust",
            "5",
            "--note",
            "NOTE-MARKER again",
        ][..],
        &[
            "moment",
            "--partner",
            "Alex",
            "--strength",
            "6",
            "--trigger",
            "TRIGGER-MARKER",
            "--helped",
            "HELPED-MARKER",
            "--note",
            "MNOTE-MARKER",
        ][..],
    ] {
        let out = with_passphrase(&e, "alex-secret", args, "");
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let bytes = all_bytes(&e.data);
    for secret in [
        "NOTE-MARKER",
        "TRIGGER-MARKER",
        "HELPED-MARKER",
        "MNOTE-MARKER",
    ] {
        assert!(
            !contains(&bytes, secret),
            "{secret} is readable in the data folder"
        );
    }
    // The trust number stays readable for the chart; a wrong passphrase writes nothing.
    let stats = e.ok(&["stats", "--json"]);
    assert!(stats.contains("\"last\": 5"), "{stats}");
    let before = tree(&e.data);
    let out = with_passphrase(
        &e,
        "wrong-guess",
        &[
            "checkin",
            "--partner",
            "Alex",
            "--trust",
            "7",
            "--note",
            "x",
        ],
        "",
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(tree(&e.data), before);
}

#[test]
fn a_jrnl_import_into_a_journal_with_a_passphrase_is_private_unless_shared() {
    let e = env();
    e.couple();
    assert!(
        with_passphrase(&e, "alex-secret", &["partners", "passphrase", "Alex"], "")
            .status
            .success()
    );
    let first_body = {
        let doc: serde_json::Value = serde_json::from_slice(&fs::read(JRNL).unwrap()).unwrap();
        doc["entries"][0]["body"].as_str().unwrap().to_string()
    };
    // No passphrase at hand: refused, nothing written.
    let before = tree(&e.data);
    let out = e
        .tw()
        .args(["import", JRNL, "--partner", "Alex"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(tree(&e.data), before);
    let out = with_passphrase(
        &e,
        "alex-secret",
        &["import", JRNL, "--partner", "Alex"],
        "",
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!contains(&all_bytes(&e.data), &first_body));
    assert!(e.ok(&["journal", "list"]).contains("(private entry)"));
    // A second import adds nothing twice, even sealed.
    let out = with_passphrase(
        &e,
        "alex-secret",
        &["import", JRNL, "--partner", "Alex"],
        "",
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "added 0, skipped 100 already here\n"
    );
}

// The store never writes, renames over or removes through a link, and never creates anything
// outside its folder.

#[cfg(unix)]
#[test]
fn a_month_file_that_is_a_link_is_refused_and_the_file_it_points_to_kept() {
    let e = env();
    e.couple();
    e.ok(&["journal", "add", "--partner", "Alex", "first"]);
    let month = own_file(&e.data, "entries/2026-11.json");
    let outside = e.home.join("outside.json");
    fs::rename(&month, &outside).unwrap();
    std::os::unix::fs::symlink(&outside, &month).unwrap();
    let before = fs::read(&outside).unwrap();
    let err = e.fails(&["journal", "add", "--partner", "Alex", "second"], 1);
    assert!(
        err.contains(&format!("{} is a symbolic link", month.display())),
        "{err}"
    );
    assert_eq!(err.matches("symbolic link").count(), 1, "{err}");
    assert_eq!(fs::read(&outside).unwrap(), before);
    assert!(
        fs::symlink_metadata(&month)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[cfg(unix)]
#[test]
fn a_lock_that_is_a_dangling_link_is_refused_and_nothing_is_created_outside() {
    let e = env();
    e.couple();
    let before = tree(&e.data);
    let lock = e.data.join("trustwork.lock");
    fs::remove_file(&lock).unwrap();
    let target = e.home.join("planted");
    std::os::unix::fs::symlink(&target, &lock).unwrap();
    let err = e.fails(&["journal", "add", "--partner", "Alex", "words"], 1);
    assert!(
        err.contains(&format!("{} is a symbolic link", lock.display())),
        "{err}"
    );
    assert!(!target.exists(), "nothing created outside the data folder");
    assert_eq!(tree(&e.data), before);
}

#[test]
fn a_write_removes_temporary_files_of_writers_that_died() {
    let e = env();
    e.couple();
    let stale = e.data.join(".partners.json.tmp-999999999-0a1b2c3d4e5f");
    let old_style = e.data.join(".drafts.json.tmp-999999999");
    fs::write(&stale, "half").unwrap();
    fs::write(&old_style, "half").unwrap();
    e.ok(&["journal", "list"]);
    assert!(stale.exists(), "reading removes nothing");
    e.ok(&["journal", "add", "--partner", "Alex", "words"]);
    assert!(!stale.exists());
    assert!(!old_style.exists());
    let left: Vec<String> = fs::read_dir(&e.data)
        .unwrap()
        .chain(fs::read_dir(own_file(&e.data, "entries")).unwrap())
        .map(|i| i.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.contains(".tmp-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[cfg(unix)]
#[test]
fn forget_all_never_enters_a_linked_folder() {
    let e = env();
    e.couple();
    e.ok(&["journal", "add", "--partner", "Alex", "text"]);
    let elsewhere = e.home.join("elsewhere");
    fs::create_dir_all(elsewhere.join("entries")).unwrap();
    fs::write(elsewhere.join("partners.json"), "mine").unwrap();
    fs::write(elsewhere.join("entries/2026-11.json"), "mine too").unwrap();
    std::os::unix::fs::symlink(&elsewhere, e.data.join("linked")).unwrap();
    let out = e
        .tw()
        .args(["forget", "--all"])
        .write_stdin("FORGET\n")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("left 1 file that is not trustwork's: linked"),
        "{text}"
    );
    assert_eq!(fs::read(elsewhere.join("partners.json")).unwrap(), b"mine");
    assert_eq!(
        fs::read(elsewhere.join("entries/2026-11.json")).unwrap(),
        b"mine too"
    );
    assert!(!e.data.join("partners.json").exists());
    assert!(fs::symlink_metadata(e.data.join("linked")).is_ok());
}

#[test]
fn an_oversized_store_file_is_refused_with_its_path_unread() {
    let e = env();
    e.couple();
    let moments = own_file(&e.data, "moments.json");
    // Sparse: it takes no disk, and reading it into memory would take 257 MiB.
    fs::File::create(&moments)
        .unwrap()
        .set_len(257 << 20)
        .unwrap();
    // Reading commands go on without it and say so; a write to it is refused, naming it.
    let out = e.tw().args(["stats", "--json"]).output().unwrap();
    assert!(out.status.success());
    let warning = String::from_utf8_lossy(&out.stderr);
    assert!(
        warning.contains(
            "Difficult moments could not be read (moments.json): it is larger than 256 MiB"
        ),
        "{warning}"
    );
    let err = e.fails(&["moment", "--partner", "Alex", "--strength", "3"], 1);
    assert!(
        err.contains(&format!("{} is larger than 256 MiB", moments.display())),
        "{err}"
    );
    assert_eq!(fs::metadata(&moments).unwrap().len(), 257 << 20);
}

#[cfg(unix)]
#[test]
fn a_fifo_in_a_content_pack_is_a_problem_not_a_hang() {
    let e = env();
    let pack = e.home.join("pack");
    fs::create_dir_all(pack.join("guides")).unwrap();
    let fifo = pack.join("guides/x.toml");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    // A hang check, not a timing assertion: before, this waited on the FIFO for ever.
    let limit = std::time::Duration::from_secs(30);
    let out = e
        .tw()
        .timeout(limit)
        .args(["content", "check", pack.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains(&format!(
            "{}:1:1: could not be read: it is not a regular file",
            fifo.display()
        )),
        "{text}"
    );
    // Every start reads the pack: the guides are still listed, the problem told.
    let out = e
        .tw()
        .timeout(limit)
        .args(["--content-dir", pack.to_str().unwrap(), "content", "list"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8(out.stdout).unwrap().lines().count(),
        default_guides()
    );
}

#[test]
fn backups_list_and_restore_puts_a_version_back_keeping_the_current_one() {
    let e = env();
    assert!(e.ok(&["backups"]).starts_with("no backups yet"));
    e.couple();
    e.ok(&["checkin", "--partner", "Alex", "--trust", "4"]);
    e.ok(&["checkin", "--partner", "Alex", "--trust", "7"]);
    let listed = e.ok(&["backups"]);
    // Times in the local zone (the pinned clock's offset), newest first.
    assert!(
        listed.contains("checkins/2026.json\n    1  2026-11-25 20:00:00"),
        "{listed}"
    );
    assert!(listed.contains("1 record"), "{listed}");
    assert!(listed.contains("partners.json\n"), "{listed}");
    let json: serde_json::Value = serde_json::from_str(&e.ok(&["backups", "--json"])).unwrap();
    assert_eq!(json[0]["file"], "checkins/2026.json");
    assert_eq!(json[0]["backups"][0]["records"], 1);

    let trust = || -> serde_json::Value {
        let json: serde_json::Value =
            serde_json::from_str(&e.ok(&["export", "--format", "json"])).unwrap();
        json["checkins"][0]["trust"].clone()
    };
    assert_eq!(trust(), 7);
    let said = e.ok(&["restore", "checkins/2026.json", "--at", "2026-11-25 20:00"]);
    assert!(
        said.starts_with(
            "restored checkins/2026.json from the backup of 2026-11-25 20:00:00 (1 record)"
        ),
        "{said}"
    );
    assert!(
        said.contains("the version it replaced is kept as a backup"),
        "{said}"
    );
    assert_eq!(trust(), 4);
    // The version replaced is now the newest backup: putting it back undoes the restore.
    e.ok(&["restore", "checkins/2026.json", "--at", "1"]);
    assert_eq!(trust(), 7);

    let before = tree(&e.data);
    assert!(
        e.fails(&["restore", "notes.json"], 2)
            .contains("not a store file")
    );
    assert!(
        e.fails(&["restore", "../partners.json"], 2)
            .contains("not a store file")
    );
    assert!(
        e.fails(&["restore", "partners.json", "--at", "soon"], 2)
            .contains("--at")
    );
    assert!(
        e.fails(&["restore", "partners.json", "--at", "0"], 2)
            .contains("from 1")
    );
    assert!(
        e.fails(&["restore", "partners.json", "--at", "99"], 1)
            .contains("has no backup number 99")
    );
    assert!(
        e.fails(&["restore", "entries/2026-11.json"], 1)
            .contains("no backup that reads")
    );
    assert_eq!(tree(&e.data), before);
}

#[test]
fn check_says_all_is_well_or_lists_each_problem_and_exits_1() {
    let e = env();
    assert!(e.ok(&["check"]).contains("nothing to check"));
    e.couple();
    e.ok(&["journal", "add", "--partner", "Alex", "words"]);
    e.ok(&["journal", "add", "--partner", "Alex", "more words"]);
    e.ok(&["checkin", "--partner", "Sam", "--trust", "5"]);
    let said = e.ok(&["check"]);
    assert!(
        said.starts_with("all ") && said.ends_with(" files read, nothing wrong\n"),
        "{said}"
    );

    fs::write(own_file(&e.data, "entries/2026-11.json"), "{ not json").unwrap();
    fs::write(e.data.join("notes.txt"), "mine").unwrap();
    fs::write(e.data.join(".moments.json.tmp-999999999-abc"), "half").unwrap();
    let before = tree(&e.data);
    let out = e.tw().arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let listed = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = listed.lines().collect();
    assert_eq!(lines.len(), 3, "{listed}");
    assert!(
        lines[0].starts_with(".moments.json.tmp-999999999-abc: a temporary file"),
        "{listed}"
    );
    assert!(
        lines[1].starts_with("entries/2026-11.json: damaged"),
        "{listed}"
    );
    assert!(
        lines[1].contains("trustwork restore entries/2026-11.json"),
        "{listed}"
    );
    assert!(
        lines[2].starts_with("notes.txt: not trustwork's"),
        "{listed}"
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("3 problems found"));
    assert_eq!(tree(&e.data), before, "check changes nothing");

    assert!(
        e.ok(&["restore", "entries/2026-11.json"])
            .contains("(1 record)")
    );
    fs::remove_file(e.data.join("notes.txt")).unwrap();
    // The restore is a write: it removed the stale temporary file.
    assert!(!e.data.join(".moments.json.tmp-999999999-abc").exists());
    e.ok(&["check"]);
}

#[cfg(unix)]
#[test]
fn a_backup_that_cannot_be_kept_is_a_warning_and_the_save_goes_on() {
    let e = env();
    e.couple();
    let elsewhere = e.home.join("elsewhere");
    fs::create_dir(&elsewhere).unwrap();
    fs::remove_dir_all(e.data.join("backups")).unwrap();
    std::os::unix::fs::symlink(&elsewhere, e.data.join("backups")).unwrap();
    let out = e.tw().args(["partners", "add", "Kim"]).output().unwrap();
    // Refused for a third partner: partners.json was not written, so nothing to warn of.
    assert_eq!(out.status.code(), Some(1));
    let out = e
        .tw()
        .args(["journal", "add", "--partner", "Alex", "words"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let out = e
        .tw()
        .args(["journal", "add", "--partner", "Alex", "more"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("trustwork: warning: the backup of entries/2026-11.json could not be kept"),
        "{err}"
    );
    assert_eq!(e.ok(&["journal", "list"]).lines().count(), 2);
    assert!(fs::read_dir(&elsewhere).unwrap().next().is_none());
}

#[test]
fn migrate_cleanup_removes_only_the_legacy_backup() {
    let e = env();
    e.couple();
    let kept = e.data.join("legacy-backup/entries");
    fs::create_dir_all(&kept).unwrap();
    fs::write(e.data.join("legacy-backup/partners.json"), "{}").unwrap();
    fs::write(kept.join("2026-11.json"), "{}").unwrap();
    let said = e.ok(&["migrate", "--cleanup"]);
    assert!(said.contains("removed 2 files"), "{said}");
    assert!(!e.data.join("legacy-backup").exists());
    assert!(own_file(&e.data, "partners.json").is_file());
    let again = e.ok(&["migrate", "--cleanup"]);
    assert!(again.contains("nothing to remove"), "{again}");
    e.fails(&["migrate"], 2);
}

/// A single-folder store moves into this device's folder on the first command, which says
/// so; its records are all there, and an older layout's files are kept until cleaned up.
#[test]
fn the_first_command_moves_a_single_folder_store_into_its_device_folder() {
    let e = env();
    e.couple();
    e.ok(&[
        "journal",
        "add",
        "--partner",
        "Alex",
        "written before syncing",
    ]);
    // Make it a store of the old layout: the device's files at the top, no devices folder.
    let own = own_file(&e.data, "");
    for rel in ["partners.json", "entries"] {
        fs::rename(own.join(rel), e.data.join(rel)).unwrap();
    }
    fs::remove_dir_all(e.data.join("devices")).unwrap();
    fs::remove_dir_all(e.data.join("backups")).unwrap();
    for bak in ["partners.json.bak", "entries/2026-11.json.bak"] {
        let _ = fs::remove_file(e.data.join(bak));
    }
    let out = e.tw().args(["journal", "list"]).output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("this store now lives in its device folder, devices/")
            && err.contains("(2 files)")
            && err.contains("trustwork migrate --cleanup"),
        "{err}"
    );
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .contains("written before syncing")
    );
    assert!(own_file(&e.data, "entries/2026-11.json").is_file());
    assert!(e.data.join("legacy-backup/entries/2026-11.json").is_file());
    // Once: the next command says nothing of it.
    let out = e.tw().args(["journal", "list"]).output().unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Two installations with one device id (a copied device file, a cloned disk): the one whose
/// copy is behind is refused before it writes anything, and told what to do.
#[test]
fn a_copied_device_file_is_refused_with_what_to_do() {
    let e = env();
    e.couple();
    let device = e.home.join(".local/state/trustwork/device.json");
    assert!(device.is_file(), "made in the platform's state folder");
    let copy = e.home.join("cloned-device.json");
    fs::copy(&device, &copy).unwrap();
    // The original writes on, later.
    e.tw()
        .env("TRUSTWORK_NOW", "2026-11-26T20:00:00+01:00")
        .args([
            "journal",
            "add",
            "--partner",
            "Alex",
            "the original's words",
        ])
        .assert()
        .success();
    let before = tree(&e.data);
    let out = e
        .tw()
        .env("TRUSTWORK_NOW", "2026-11-27T20:00:00+01:00")
        .env("TRUSTWORK_DEVICE_FILE", &copy)
        .args(["journal", "add", "--partner", "Sam", "the clone's words"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("another installation is writing as this device")
            && err.contains(&format!("Remove {}", copy.display())),
        "{err}"
    );
    assert_eq!(tree(&e.data), before, "nothing written");
}

/// Another device's file of a newer trustwork is passed over by every command, with a
/// warning naming it; this device's records are all there.
#[test]
fn another_devices_newer_file_is_named_and_everything_else_works() {
    let e = env();
    e.couple();
    e.ok(&["journal", "add", "--partner", "Alex", "on this laptop"]);
    let other = e.home.join("other-device.json");
    e.tw()
        .env("TRUSTWORK_DEVICE_FILE", &other)
        .args(["journal", "add", "--partner", "Sam", "on the other laptop"])
        .assert()
        .success();
    assert_eq!(e.ok(&["journal", "list"]).lines().count(), 2);
    let id = serde_json::from_str::<serde_json::Value>(&fs::read_to_string(&other).unwrap())
        .unwrap()["device"]
        .as_str()
        .unwrap()
        .to_string();
    let theirs = e.data.join(format!("devices/{id}/entries/2026-11.json"));
    fs::write(
        &theirs,
        b"{\"format_version\": 9, \"kind\": \"entries\", \"records\": []}",
    )
    .unwrap();
    let out = e.tw().args(["journal", "list"]).output().unwrap();
    assert!(out.status.success());
    let listed = String::from_utf8(out.stdout).unwrap();
    assert!(
        listed.contains("on this laptop") && !listed.contains("other laptop"),
        "{listed}"
    );
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(&format!("devices/{id}/entries/2026-11.json"))
            && err.contains("newer trustwork")
            && err.contains("the file is left as it is"),
        "{err}"
    );
    e.ok(&["journal", "add", "--partner", "Alex", "and more, later"]);
    assert_eq!(e.ok(&["journal", "list"]).lines().count(), 2);
}
