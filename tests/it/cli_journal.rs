//! The journal's command line as a jrnl user expects it, run as a real process: list's filters,
//! search with the workbook's syntax, ids by their start, edit in `$EDITOR`, delete to the trash
//! or for good, back-dated entries, completions and the man page.

use crate::own_file;
use assert_cmd::Command;
use serde_json::Value;
use std::fs;
#[cfg(unix)]
use std::io::Write as _;
use std::path::{Path, PathBuf};

const NOW: &str = "2026-11-25T20:00:00+01:00";

struct Env {
    _tmp: tempfile::TempDir,
    data: PathBuf,
    home: PathBuf,
    /// `TMPDIR` of every run: `journal edit` makes its private folder here.
    tmp: PathBuf,
}

fn env() -> Env {
    let t = tempfile::tempdir().unwrap();
    let data = t.path().join("data");
    let home = t.path().join("home");
    let tmp = t.path().join("tmp");
    fs::create_dir_all(&home).unwrap();
    fs::create_dir_all(&tmp).unwrap();
    Env {
        data,
        home,
        tmp,
        _tmp: t,
    }
}

impl Env {
    fn tw(&self) -> Command {
        let mut c = Command::cargo_bin("trustwork").unwrap();
        c.env_clear()
            .env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", self.home.join(".config"))
            .env("XDG_DATA_HOME", self.home.join(".local/share"))
            .env("TMPDIR", &self.tmp)
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("TRUSTWORK_NOW", NOW)
            .arg("--data-dir")
            .arg(&self.data);
        c
    }

    fn ok(&self, args: &[&str]) -> String {
        super::cli::run_ok(self.tw(), args)
    }

    /// Runs a command that must fail with `code`, and returns its stderr.
    fn fails(&self, args: &[&str], code: i32) -> String {
        super::cli::run_fails(self.tw(), args, code)
    }

    fn couple(&self) {
        self.ok(&["partners", "add", "Alex", "--role", "hurt"]);
        self.ok(&["partners", "add", "Sam", "--role", "repairing"]);
    }

    /// Adds an entry and returns its id.
    fn add(&self, args: &[&str]) -> String {
        let mut all = vec!["journal", "add"];
        all.extend_from_slice(args);
        self.ok(&all).trim().to_string()
    }

    /// Changes one entry's record in its month file, as if the workbook (or an import) had
    /// written it so: to star it, or to give it an id chosen by the test.
    fn patch(&self, id: &str, change: impl Fn(&mut Value)) {
        for f in fs::read_dir(own_file(&self.data, "entries"))
            .unwrap()
            .flatten()
        {
            let p = f.path();
            if p.extension().is_none_or(|x| x != "json") {
                continue;
            }
            let mut doc: Value = serde_json::from_str(&fs::read_to_string(&p).unwrap()).unwrap();
            let mut hit = false;
            for r in doc["records"].as_array_mut().unwrap() {
                if r["id"] == id {
                    change(r);
                    hit = true;
                }
            }
            if hit {
                fs::write(&p, serde_json::to_string_pretty(&doc).unwrap()).unwrap();
                return;
            }
        }
        panic!("no entry {id} to patch");
    }

    /// Whatever the edits left in the temporary folder: nothing, always.
    fn temp_left(&self) -> Vec<PathBuf> {
        fs::read_dir(&self.tmp)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .collect()
    }

    /// An executable shell script in the test's folder, for `EDITOR`.
    fn script(&self, name: &str, body: &str) -> PathBuf {
        let p = self.home.join(name);
        fs::write(&p, format!("#!/bin/sh\n{body}\n")).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&p, fs::Permissions::from_mode(0o755)).unwrap();
        }
        p
    }

    fn edit(&self, editor: &Path, id: &str, partner: &str) -> std::process::Output {
        self.tw()
            .env("EDITOR", editor)
            .args(["journal", "edit", id, "--partner", partner])
            .output()
            .unwrap()
    }
}

use super::cli::tree;

/// The ids of `journal list` or `search` output, in order.
fn ids(list: &str) -> Vec<String> {
    list.lines()
        .map(|l| l.split_whitespace().next().unwrap_or("").to_string())
        .collect()
}

/// Four entries over November: Alex's walk (tagged, starred), Sam's (tagged), Alex's CJK and
/// emoji one, and Sam's latest.
struct Four {
    walk: String,
    sam_tea: String,
    cjk: String,
    latest: String,
}

fn four(e: &Env) -> Four {
    e.couple();
    let walk = e.add(&[
        "--partner",
        "Alex",
        "--date",
        "2026-11-02",
        "--tag",
        "walk",
        "We walked by the river #evening",
    ]);
    let sam_tea = e.add(&[
        "--partner",
        "Sam",
        "--date",
        "2026-11-10",
        "Tea together, a quiet evening #evening",
    ]);
    let cjk = e.add(&[
        "--partner",
        "Alex",
        "--date",
        "2026-11-15",
        "今日は川を歩いた 🌊 and it helped",
    ]);
    let latest = e.add(&["--partner", "Sam", "Today was hard"]);
    e.patch(&walk, |r| r["starred"] = true.into());
    Four {
        walk,
        sam_tea,
        cjk,
        latest,
    }
}

#[test]
fn list_filters_each_narrow_and_combine() {
    let e = env();
    let f = four(&e);
    let all = e.ok(&["journal", "list"]);
    assert_eq!(
        ids(&all),
        [
            f.latest.as_str(),
            f.cjk.as_str(),
            f.sam_tea.as_str(),
            f.walk.as_str()
        ]
    );
    // Back-dated entries keep their day.
    assert!(all.contains("2026-11-02 20:00  Alex  We walked"), "{all}");
    assert_eq!(
        ids(&e.ok(&["journal", "list", "-n", "2"])),
        [f.latest.as_str(), f.cjk.as_str()]
    );
    assert_eq!(
        ids(&e.ok(&["journal", "list", "--number", "0"])),
        Vec::<String>::new()
    );
    assert_eq!(
        ids(&e.ok(&["journal", "list", "--tag", "evening"])),
        [f.sam_tea.as_str(), f.walk.as_str()]
    );
    // Several tags: any of them; `#` and case do not matter.
    assert_eq!(
        ids(&e.ok(&["journal", "list", "--tag", "#WALK", "--tag", "nothing"])),
        [f.walk.as_str()]
    );
    assert_eq!(
        ids(&e.ok(&["journal", "list", "--since", "2026-11-10"])),
        [f.latest.as_str(), f.cjk.as_str(), f.sam_tea.as_str()]
    );
    // Both ends inclusive.
    assert_eq!(
        ids(&e.ok(&[
            "journal",
            "list",
            "--since",
            "2026-11-02",
            "--until",
            "2026-11-10"
        ])),
        [f.sam_tea.as_str(), f.walk.as_str()]
    );
    assert_eq!(
        ids(&e.ok(&["journal", "list", "--starred"])),
        [f.walk.as_str()]
    );
    assert_eq!(
        ids(&e.ok(&["journal", "list", "--partner", "sam", "-n", "1"])),
        [f.latest.as_str()]
    );
    assert_eq!(
        ids(&e.ok(&[
            "journal",
            "list",
            "--partner",
            "Alex",
            "--tag",
            "evening",
            "--starred"
        ])),
        [f.walk.as_str()]
    );
    let json: Value =
        serde_json::from_str(&e.ok(&["journal", "list", "--json", "--tag", "evening"])).unwrap();
    let got: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v["id"].as_str().unwrap())
        .collect();
    assert_eq!(got, [f.sam_tea.as_str(), f.walk.as_str()]);
    assert_eq!(json[1]["author_name"], "Alex");
    assert_eq!(json[1]["starred"], true);
    // Bad input is refused by the parser.
    e.fails(&["journal", "list", "--since", "yesterday"], 2);
    e.fails(&["journal", "list", "--until", "2026-13-01"], 2);
    e.fails(&["journal", "list", "-n", "-1"], 2);
    e.fails(&["journal", "list", "-n", "many"], 2);
}

#[test]
fn list_and_search_keep_private_entries_sealed() {
    let e = env();
    e.couple();
    e.tw()
        .env("TRUSTWORK_PASSPHRASE", "alex-secret")
        .args(["partners", "passphrase", "Alex"])
        .assert()
        .success();
    let private = e
        .tw()
        .env("TRUSTWORK_PASSPHRASE", "alex-secret")
        .args(["journal", "add", "--partner", "Alex", "-"])
        .write_stdin("SECRET-WORDS about the river #hidden")
        .output()
        .unwrap();
    assert!(private.status.success());
    let private = String::from_utf8(private.stdout)
        .unwrap()
        .trim()
        .to_string();
    e.add(&["--partner", "Sam", "river, shared"]);
    let list = e.ok(&["journal", "list", "--since", "2026-11-25"]);
    assert!(list.contains(&format!(
        "{private}  2026-11-25 20:00  Alex  (private entry)"
    )));
    assert!(!list.contains("SECRET"));
    // Its words, tags and star are sealed: only the date and the author find it.
    assert!(
        !e.ok(&["journal", "search", "secret-words"])
            .contains(&private)
    );
    assert!(
        !e.ok(&["journal", "list", "--tag", "hidden"])
            .contains(&private)
    );
    assert!(!e.ok(&["journal", "search", "river"]).contains(&private));
    let by_alex = e.ok(&["journal", "search", "@alex"]);
    assert_eq!(ids(&by_alex), [private.as_str()]);
    assert!(!by_alex.contains("SECRET"));
    let json = e.ok(&["journal", "search", "--json", "@alex"]);
    assert!(!json.contains("SECRET"), "{json}");
}

#[test]
fn search_speaks_the_workbooks_syntax() {
    let e = env();
    let f = four(&e);
    let s = |q: &[&str]| {
        let mut a = vec!["journal", "search"];
        a.extend_from_slice(q);
        ids(&e.ok(&a))
    };
    assert_eq!(s(&["RIVER"]), [f.walk.as_str()]);
    // Every word, in any order, in one argument or several.
    assert_eq!(s(&["evening quiet"]), [f.sam_tea.as_str()]);
    assert_eq!(s(&["quiet", "tea"]), [f.sam_tea.as_str()]);
    assert_eq!(s(&["#evening"]), [f.sam_tea.as_str(), f.walk.as_str()]);
    assert_eq!(s(&["#evening", "@sam"]), [f.sam_tea.as_str()]);
    assert_eq!(s(&["#starred"]), [f.walk.as_str()]);
    assert_eq!(s(&["starred:yes"]), [f.walk.as_str()]);
    assert_eq!(s(&["starred:no", "@alex"]), [f.cjk.as_str()]);
    assert_eq!(
        s(&["since:2026-11-10", "until:2026-11-15"]),
        [f.cjk.as_str(), f.sam_tea.as_str()]
    );
    assert_eq!(s(&["since:2026-11-25"]), [f.latest.as_str()]);
    // Emoji and CJK words match as they are written.
    assert_eq!(s(&["川"]), [f.cjk.as_str()]);
    assert_eq!(s(&["🌊", "helped"]), [f.cjk.as_str()]);
    assert_eq!(s(&["今日は"]), [f.cjk.as_str()]);
    assert_eq!(s(&["🌊", "river"]), Vec::<String>::new());
    assert_eq!(s(&["@nobody"]), Vec::<String>::new());
    // A filter that does not parse is a word (and matches nothing here).
    assert_eq!(s(&["since:someday"]), Vec::<String>::new());
    // -n and --json as in list.
    assert_eq!(s(&["-n", "1", "#evening"]), [f.sam_tea.as_str()]);
    let json: Value = serde_json::from_str(&e.ok(&["journal", "search", "--json", "川"])).unwrap();
    assert_eq!(json[0]["id"], f.cjk.as_str());
    assert_eq!(json[0]["author_name"], "Alex");
    // A query is needed; control characters in one are harmless.
    e.fails(&["journal", "search"], 2);
    assert_eq!(s(&["\x1b[2J"]), Vec::<String>::new());
}

/// Gives two entries ids that share their first four characters, and a third that does not.
fn look_alikes(e: &Env) -> (String, String, String) {
    e.couple();
    let a = e.add(&["--partner", "Alex", "first"]);
    let b = e.add(&["--partner", "Alex", "second"]);
    let c = e.add(&["--partner", "Sam", "third"]);
    e.patch(&a, |r| r["id"] = "c1a4aaaaaaaa".into());
    e.patch(&b, |r| r["id"] = "c1a4bbbbbbbb".into());
    e.patch(&c, |r| r["id"] = "d2b5cccccccc".into());
    (
        "c1a4aaaaaaaa".into(),
        "c1a4bbbbbbbb".into(),
        "d2b5cccccccc".into(),
    )
}

#[test]
fn every_id_taking_command_resolves_prefixes_alike() {
    let e = env();
    let (a, b, _) = look_alikes(&e);
    let editor = e.script("never.sh", "echo edited > \"$1\"");
    let before = tree(&e.data);
    let commands: [&[&str]; 5] = [
        &["journal", "show"],
        &["journal", "edit", "--partner", "Alex"],
        &["journal", "delete", "--partner", "Alex"],
        &["journal", "delete", "--partner", "Alex", "--purge", "--yes"],
        &["journal", "share", "--partner", "Alex"],
    ];
    for cmd in commands {
        let with = |id: &str| {
            let mut v: Vec<&str> = cmd.to_vec();
            v.insert(2, id);
            v.into_iter().map(String::from).collect::<Vec<String>>()
        };
        let run = |id: &str, code: i32| {
            let args = with(id);
            let out = e.tw().env("EDITOR", &editor).args(&args).output().unwrap();
            assert_eq!(out.status.code(), Some(code), "{args:?}");
            String::from_utf8(out.stderr).unwrap()
        };
        let short = run("my", 2);
        assert!(
            short.contains("give at least 4 characters of the id"),
            "{cmd:?}: {short}"
        );
        assert!(run("c1a", 2).contains("give at least 4 characters of the id"));
        let many = run("c1a4", 1);
        assert!(
            many.contains("ambiguous: 2 entries start with c1a4"),
            "{cmd:?}: {many}"
        );
        assert!(many.contains(&a) && many.contains(&b), "{many}");
        assert!(many.contains("first") && many.contains("second"), "{many}");
        let none = run("e3c6", 1);
        assert!(none.contains("there is no entry e3c6"), "{cmd:?}: {none}");
        assert_eq!(tree(&e.data), before, "{cmd:?} wrote something");
    }
    // A longer start, any case, names one.
    assert!(e.ok(&["journal", "show", "C1A4B"]).contains("second"));
    assert!(e.ok(&["journal", "show", &a]).contains("first"));
    assert!(e.temp_left().is_empty());
}

#[test]
fn edit_saves_changed_text_through_the_author() {
    let e = env();
    e.couple();
    let id = e.add(&["--partner", "Alex", "--tag", "start", "The first words"]);
    // The script notes the modes of the file and its folder, then rewrites the text.
    let modes = e.home.join("modes");
    let editor = e.script(
        "rewrite.sh",
        &format!(
            "stat -c %a \"$1\" \"$(dirname \"$1\")\" > {m}\ncat \"$1\" >> {m}\nprintf 'New words #later\\n' > \"$1\"",
            m = modes.display()
        ),
    );
    let out = e.edit(&editor, &id[..6], "alex");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8(out.stdout).unwrap().trim(), id);
    assert!(String::from_utf8(out.stderr).unwrap().contains("Saved."));
    let seen = fs::read_to_string(&modes).unwrap();
    assert!(seen.starts_with("600\n700\nThe first words\n"), "{seen}");
    let shown = e.ok(&["journal", "show", &id]);
    assert!(shown.contains("New words #later"), "{shown}");
    assert!(shown.contains("#start #later"), "{shown}");
    assert!(!shown.contains("The first words"));
    assert!(e.temp_left().is_empty(), "{:?}", e.temp_left());

    // Unchanged text: "No change." and nothing written.
    let before = tree(&e.data);
    let out = e.edit(&e.script("same.sh", "true"), &id, "Alex");
    assert!(out.status.success());
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("No change.")
    );
    assert_eq!(tree(&e.data), before);
    // An editor that adds only the final newline changes nothing either.
    let out = e.edit(&e.script("nl.sh", "printf '\\n' >> \"$1\""), &id, "Alex");
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("No change.")
    );
    assert_eq!(tree(&e.data), before);

    // Another partner's entry: refused with the domain's words, the editor never opened.
    let out = e.edit(&editor, &id, "Sam");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("only the partner who wrote this entry can change it"),
        "{err}"
    );
    assert_eq!(tree(&e.data), before);
    // Emptied: refused, nothing written.
    let out = e.edit(&e.script("empty.sh", ": > \"$1\""), &id, "Alex");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(tree(&e.data), before);
    assert!(e.temp_left().is_empty());
}

#[test]
fn edit_that_fails_saves_nothing_and_keeps_a_draft() {
    let e = env();
    e.couple();
    let id = e.add(&["--partner", "Sam", "What I meant to say"]);
    let before_entries = tree(&own_file(&e.data, "entries"));
    let editor = e.script(
        "fail.sh",
        "printf 'Half of a better sentence' > \"$1\"\nexit 1",
    );
    let out = e.edit(&editor, &id, "Sam");
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("nothing was saved"), "{err}");
    assert!(err.contains("kept as a draft"), "{err}");
    assert!(err.contains("drafts.json"), "{err}");
    assert_eq!(tree(&own_file(&e.data, "entries")), before_entries);
    assert!(
        e.ok(&["journal", "show", &id])
            .contains("What I meant to say")
    );
    let drafts = fs::read_to_string(own_file(&e.data, "drafts.json")).unwrap();
    assert!(drafts.contains("Half of a better sentence"), "{drafts}");
    assert!(drafts.contains(&format!("edit:{id}")), "{drafts}");
    assert!(e.temp_left().is_empty());
    // An editor that cannot be started: the same, and no draft of unchanged words.
    let out = e
        .tw()
        .env("EDITOR", e.home.join("no-such-editor"))
        .args(["journal", "edit", &id, "--partner", "Sam"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(tree(&own_file(&e.data, "entries")), before_entries);
    assert!(e.temp_left().is_empty());
}

#[test]
fn edit_of_a_private_entry_needs_its_passphrase() {
    let e = env();
    e.couple();
    e.tw()
        .env("TRUSTWORK_PASSPHRASE", "alex-secret")
        .args(["partners", "passphrase", "Alex"])
        .assert()
        .success();
    let out = e
        .tw()
        .env("TRUSTWORK_PASSPHRASE", "alex-secret")
        .args(["journal", "add", "--partner", "Alex", "-"])
        .write_stdin("PRIVATE-ONE")
        .output()
        .unwrap();
    let id = String::from_utf8(out.stdout).unwrap().trim().to_string();
    let editor = e.script("append.sh", "printf 'PRIVATE-TWO\\n' >> \"$1\"");
    let before = tree(&e.data);
    // No terminal and no variable: it cannot ask, and nothing is opened or written.
    let out = e.edit(&editor, &id, "Alex");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(tree(&e.data), before);
    let out = e
        .tw()
        .env("EDITOR", &editor)
        .env("TRUSTWORK_PASSPHRASE", "not-it")
        .args(["journal", "edit", &id, "--partner", "Alex"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(tree(&e.data), before);
    let out = e
        .tw()
        .env("EDITOR", &editor)
        .env("TRUSTWORK_PASSPHRASE", "alex-secret")
        .args(["journal", "edit", &id, "--partner", "Alex"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8(out.stderr)
            .unwrap()
            .contains("Saved, private.")
    );
    // Still sealed on disk, and opened with the key it reads both lines.
    for (_, bytes) in tree(&e.data) {
        let text = String::from_utf8_lossy(&bytes);
        assert!(!text.contains("PRIVATE-"), "plain text on disk");
    }
    assert!(e.ok(&["journal", "list"]).contains("(private entry)"));
    let out = e
        .tw()
        .env("TRUSTWORK_PASSPHRASE", "alex-secret")
        .args([
            "export",
            "--format",
            "txt",
            "--partner",
            "Alex",
            "--private",
        ])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("PRIVATE-ONE") && text.contains("PRIVATE-TWO"),
        "{text}"
    );
    assert!(e.temp_left().is_empty());
}

#[test]
fn delete_moves_to_the_trash_and_purge_deletes_for_good() {
    let e = env();
    e.couple();
    let keep = e.add(&["--partner", "Alex", "stays"]);
    let id = e.add(&["--partner", "Alex", "GOES-AWAY"]);
    let before = tree(&e.data);
    // Not the author: refused, nothing moved.
    let err = e.fails(&["journal", "delete", &id, "--partner", "Sam"], 1);
    assert!(
        err.contains("only the partner who wrote this entry can change it"),
        "{err}"
    );
    e.fails(
        &[
            "journal",
            "delete",
            &id,
            "--partner",
            "Sam",
            "--purge",
            "--yes",
        ],
        1,
    );
    // --yes means nothing without --purge; --purge without a terminal needs --yes.
    e.fails(&["journal", "delete", &id, "--partner", "Alex", "--yes"], 2);
    let err = e.fails(
        &["journal", "delete", &id, "--partner", "Alex", "--purge"],
        2,
    );
    assert!(err.contains("--yes"), "{err}");
    assert_eq!(tree(&e.data), before);

    let said = e.ok(&["journal", "delete", &id[..5], "--partner", "Alex"]);
    assert!(said.contains("trash"), "{said}");
    assert_eq!(ids(&e.ok(&["journal", "list"])), [keep.as_str()]);
    let trash = fs::read_to_string(own_file(&e.data, "trash.json")).unwrap();
    assert!(trash.contains("GOES-AWAY"));
    // From the trash, for good.
    e.ok(&[
        "journal",
        "delete",
        &id,
        "--partner",
        "Alex",
        "--purge",
        "--yes",
    ]);
    for (p, bytes) in tree(&e.data) {
        assert!(
            !String::from_utf8_lossy(&bytes).contains("GOES-AWAY"),
            "{} still holds it",
            p.display()
        );
    }
    e.fails(&["journal", "show", &id], 1);
    // Straight from the journal, for good.
    e.ok(&[
        "journal",
        "delete",
        &keep,
        "--partner",
        "Alex",
        "--purge",
        "--yes",
    ]);
    assert_eq!(e.ok(&["journal", "list"]), "");
}

#[test]
fn add_date_backdates_and_never_to_the_future() {
    let e = env();
    e.couple();
    let id = e.add(&[
        "--partner",
        "Alex",
        "--date",
        "2026-10-31",
        "about that day",
    ]);
    assert!(
        e.ok(&["journal", "show", &id])
            .contains("Saturday 31 October 2026, 20:00")
    );
    assert!(own_file(&e.data, "entries/2026-10.json").exists());
    // Today is today's own time.
    let id = e.add(&["--partner", "Alex", "--date", "2026-11-25", "today"]);
    assert!(
        e.ok(&["journal", "show", &id])
            .contains("25 November 2026, 20:00")
    );
    let before = tree(&e.data);
    let err = e.fails(
        &[
            "journal",
            "add",
            "--partner",
            "Alex",
            "--date",
            "2026-11-26",
            "x",
        ],
        2,
    );
    assert!(err.contains("in the future"), "{err}");
    e.fails(
        &[
            "journal",
            "add",
            "--partner",
            "Alex",
            "--date",
            "31/10/2026",
            "x",
        ],
        2,
    );
    e.fails(
        &[
            "journal",
            "add",
            "--partner",
            "Alex",
            "--date",
            "1850-01-01",
            "x",
        ],
        2,
    );
    assert_eq!(tree(&e.data), before);
}

#[test]
fn add_from_a_pipe_prints_no_prompt() {
    let e = env();
    e.couple();
    let out = e
        .tw()
        .args(["journal", "add", "--partner", "Alex", "-"])
        .write_stdin("piped words")
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!String::from_utf8(out.stderr).unwrap().contains("Ctrl-D"));
}

#[test]
fn completions_for_every_shell_and_a_man_page() {
    let e = env();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let out = e.ok(&["completions", shell]);
        assert!(out.len() > 1000, "{shell}: {} bytes", out.len());
        assert!(out.contains("trustwork"), "{shell}");
        assert!(out.contains("journal"), "{shell}");
    }
    e.fails(&["completions", "tcsh"], 2);
    e.fails(&["completions"], 2);
    let man = e.ok(&["man"]);
    assert!(man.starts_with('.'), "{}", &man[..40.min(man.len())]);
    assert!(man.contains(".TH trustwork 1"), "{man}");
    assert!(man.contains(".SH NAME"));
    assert!(man.contains("journal"));
    // Neither touches a data folder.
    assert!(!e.data.exists());
}

/// A command in a pseudo-terminal: what it writes is gathered, what is typed goes in.
#[cfg(unix)]
struct Pty {
    seen: std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
    writer: Box<dyn std::io::Write + Send>,
    child: Box<dyn portable_pty::Child + Send + Sync>,
    _master: Box<dyn portable_pty::MasterPty + Send>,
}

#[cfg(unix)]
impl Pty {
    fn start(e: &Env, args: &[&str]) -> Pty {
        use portable_pty::{CommandBuilder, PtySize, native_pty_system};
        let pair = native_pty_system()
            .openpty(PtySize {
                rows: 24,
                cols: 80,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_trustwork"));
        cmd.env_clear();
        cmd.env("HOME", &e.home);
        cmd.env("TRUSTWORK_NOW", NOW);
        cmd.arg("--data-dir");
        cmd.arg(&e.data);
        cmd.args(args);
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);
        let mut reader = pair.master.try_clone_reader().unwrap();
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let s = seen.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n) = std::io::Read::read(&mut reader, &mut buf) {
                if n == 0 {
                    break;
                }
                s.lock().unwrap().extend_from_slice(&buf[..n]);
            }
        });
        let writer = pair.master.take_writer().unwrap();
        Pty {
            seen,
            writer,
            child,
            _master: pair.master,
        }
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.seen.lock().unwrap()).into_owned()
    }

    /// Waits (10 s at most) until `what` has been written.
    fn wait_for(&self, what: &str) {
        let until = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while !self.text().contains(what) {
            assert!(
                std::time::Instant::now() < until,
                "waited for {what:?}; saw {:?}",
                self.text()
            );
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
    }

    fn type_in(&mut self, s: &str) {
        self.writer.write_all(s.as_bytes()).unwrap();
        self.writer.flush().unwrap();
    }

    fn exit_code(&mut self) -> u32 {
        self.child.wait().unwrap().exit_code()
    }
}

#[cfg(unix)]
#[test]
fn at_a_terminal_add_says_how_to_finish_and_purge_asks_first() {
    let e = env();
    e.couple();
    let mut add = Pty::start(&e, &["journal", "add", "--partner", "Alex", "-"]);
    add.wait_for("Type your entry; Ctrl-D saves, Ctrl-C cancels.");
    add.type_in("typed at a terminal\n\x04");
    assert_eq!(add.exit_code(), 0, "{}", add.text());
    let list = e.ok(&["journal", "list"]);
    assert!(list.contains("typed at a terminal"), "{list}");
    let id = ids(&list)[0].clone();

    let mut no = Pty::start(
        &e,
        &["journal", "delete", &id, "--partner", "Alex", "--purge"],
    );
    no.wait_for("Delete for good? [y/N]");
    no.type_in("\n");
    // The reader may still be draining what was written as the process ends.
    no.wait_for("nothing was deleted");
    assert_eq!(no.exit_code(), 1, "{}", no.text());
    assert_eq!(ids(&e.ok(&["journal", "list"])), [id.as_str()]);

    let mut yes = Pty::start(
        &e,
        &["journal", "delete", &id, "--partner", "Alex", "--purge"],
    );
    yes.wait_for("Delete for good? [y/N]");
    yes.type_in("y\n");
    assert_eq!(yes.exit_code(), 0, "{}", yes.text());
    assert_eq!(e.ok(&["journal", "list"]), "");
}
