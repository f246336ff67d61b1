//! The data folder as a git repository (docs/SYNC.md, "With git"): two clones of one bare
//! remote, each the data folder of its own installation (its own device file), committing,
//! pulling (a merge, never a rebase) and pushing as two laptops would. trustwork itself never
//! runs git; these tests do, around it.

use super::cli::{all_bytes, contains, run_ok};
use assert_cmd::Command;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Output;

/// A bare remote and two clones of it, `a` and `b`, in one temporary folder.
struct Git {
    _tmp: tempfile::TempDir,
    root: PathBuf,
}

/// The bare remote and its two clones, when git can run here; otherwise the test says why it
/// is skipped.
fn git_or_skip(test: &str) -> Option<Git> {
    match std::process::Command::new("git").arg("--version").output() {
        Ok(out) if out.status.success() => {}
        Ok(out) => {
            eprintln!(
                "SKIPPED {test}: `git --version` failed ({}): {}",
                out.status,
                String::from_utf8_lossy(&out.stderr)
            );
            return None;
        }
        Err(e) => {
            eprintln!("SKIPPED {test}: git cannot run here ({e})");
            return None;
        }
    }
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().to_path_buf();
    for dir in ["git-home", "home-a", "home-b", "tmp-a", "tmp-b", "state"] {
        fs::create_dir_all(root.join(dir)).unwrap();
    }
    let g = Git { _tmp: tmp, root };
    // Every branch is named `main` explicitly (a git older than init.defaultBranch included),
    // and a clone of an empty remote has no branch of its own yet.
    g.git(&g.root, &["init", "--bare", "-q", "origin.git"]);
    g.git(
        &g.root.join("origin.git"),
        &["symbolic-ref", "HEAD", "refs/heads/main"],
    );
    for side in ["a", "b"] {
        g.git(&g.root, &["clone", "-q", "origin.git", side]);
        g.git(&g.dir(side), &["symbolic-ref", "HEAD", "refs/heads/main"]);
    }
    Some(g)
}

impl Git {
    /// The clone of `side`: the data folder of that laptop's installation.
    fn dir(&self, side: &str) -> PathBuf {
        self.root.join(side)
    }

    /// git in `dir`, with nothing of this machine's configuration: a home of its own, no system
    /// file, the identity, branch and merge behaviour given here, English messages (so that
    /// "CONFLICT" can be looked for). It must succeed; returns its stdout and stderr together.
    fn git(&self, dir: &Path, args: &[&str]) -> String {
        let home = self.root.join("git-home");
        let out = std::process::Command::new("git")
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &home)
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_TERMINAL_PROMPT", "0")
            .env("LC_ALL", "C")
            .args([
                "-c",
                "user.name=Test Laptop",
                "-c",
                "user.email=laptop@example.invalid",
            ])
            .args(["-c", "init.defaultBranch=main", "-c", "pull.rebase=false"])
            .args(["-c", "commit.gpgSign=false", "-c", "core.autocrlf=false"])
            .args(args)
            .current_dir(dir)
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(
            out.status.success(),
            "git {args:?} in {}: {text}",
            dir.display()
        );
        text
    }

    /// What a person does at the end of the day: everything in the folder committed.
    fn commit(&self, side: &str, msg: &str) {
        self.git(&self.dir(side), &["add", "-A"]);
        self.git(&self.dir(side), &["commit", "-q", "-m", msg]);
    }

    fn push(&self, side: &str) {
        self.git(&self.dir(side), &["push", "-q", "origin", "main"]);
    }

    /// `git pull` as a merge; a pull that conflicts fails the test, as docs/SYNC.md promises
    /// none does.
    fn pull(&self, side: &str) {
        let said = self.git(
            &self.dir(side),
            &["pull", "--no-rebase", "--no-edit", "origin", "main"],
        );
        assert!(!said.contains("CONFLICT"), "pull on {side}: {said}");
        self.no_unmerged(side);
    }

    /// No path git holds as unmerged.
    fn no_unmerged(&self, side: &str) {
        let unmerged = self.git(&self.dir(side), &["ls-files", "--unmerged"]);
        assert!(unmerged.is_empty(), "unmerged on {side}: {unmerged}");
        let status = self.git(&self.dir(side), &["status", "--porcelain"]);
        for line in status.lines() {
            let xy = line.get(..2).unwrap_or("");
            assert!(
                !matches!(xy, "DD" | "AU" | "UD" | "UA" | "DU" | "AA" | "UU"),
                "unmerged on {side}: {status}"
            );
        }
    }

    /// trustwork as the installation of laptop `side` (its own home, temporary folder, device
    /// file and host name) on its clone, with the clock at `now`.
    fn tw(&self, side: &str, now: &str) -> Command {
        let home = self.root.join(format!("home-{side}"));
        let mut c = Command::cargo_bin("trustwork").unwrap();
        c.env_clear()
            // `journal edit` starts the editor through `sh`.
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", &home)
            .env("TMPDIR", self.root.join(format!("tmp-{side}")))
            .env("XDG_CONFIG_HOME", home.join(".config"))
            .env("XDG_DATA_HOME", home.join(".local/share"))
            .env("XDG_STATE_HOME", home.join(".local/state"))
            .env("TRUSTWORK_NOW", now)
            .env(
                "TRUSTWORK_DEVICE_FILE",
                self.root.join("state").join(format!("{side}.json")),
            )
            .env("HOSTNAME", format!("{side}-laptop"))
            .arg("--data-dir")
            .arg(self.dir(side));
        c
    }

    /// A trustwork command that must succeed; its stdout.
    fn ok(&self, side: &str, now: &str, args: &[&str]) -> String {
        run_ok(self.tw(side, now), args)
    }

    /// A trustwork command with a passphrase in the environment and `stdin` on standard input.
    fn with_pass(&self, side: &str, now: &str, pass: &str, args: &[&str], stdin: &str) -> Output {
        self.tw(side, now)
            .env("TRUSTWORK_PASSPHRASE", pass)
            .args(args)
            .write_stdin(stdin.to_string())
            .output()
            .unwrap()
    }

    /// `journal edit ID --partner WHO` on `side`, with an editor that writes `text` in place.
    fn edit(&self, side: &str, now: &str, id: &str, who: &str, text: &str) {
        let editor = self.root.join("editor.sh");
        fs::write(
            &editor,
            "#!/bin/sh\nprintf '%s\\n' \"$EDIT_TEXT\" >\"$1\"\n",
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&editor, fs::Permissions::from_mode(0o755)).unwrap();
        }
        let mut c = self.tw(side, now);
        c.env("EDITOR", &editor).env("EDIT_TEXT", text);
        run_ok(c, &["journal", "edit", id, "--partner", who]);
    }

    /// `journal list --json` on `side`: each entry's id and body.
    fn entries(&self, side: &str) -> Vec<(String, String)> {
        let json = self.ok(side, LATER, &["journal", "list", "--json"]);
        let list: Vec<Value> = serde_json::from_str(&json).unwrap();
        list.iter()
            .map(|e| {
                let field = |k: &str| e[k].as_str().unwrap_or_default().to_string();
                (field("id"), field("body"))
            })
            .collect()
    }

    /// The folders below `devices/` in `side`'s clone.
    fn device_folders(&self, side: &str) -> BTreeSet<String> {
        fs::read_dir(self.dir(side).join("devices"))
            .unwrap()
            .flatten()
            .filter(|e| e.path().is_dir())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect()
    }

    /// `trustwork devices --json` on `side`.
    fn devices(&self, side: &str) -> Value {
        serde_json::from_str(&self.ok(side, LATER, &["devices", "--json"])).unwrap()
    }

    /// Every file git tracks in `side`'s clone.
    fn tracked(&self, side: &str) -> Vec<String> {
        let files = self.git(&self.dir(side), &["ls-files"]);
        files.lines().map(str::to_string).collect()
    }

    /// The contents of every object in `side`'s repository, uncompressed (on disk git keeps
    /// them zlib-compressed, where a plain byte search cannot see a word).
    fn all_objects(&self, side: &str) -> String {
        let mut text = self.git(
            &self.dir(side),
            &["cat-file", "--batch-all-objects", "--batch"],
        );
        text.push_str(&self.git(&self.dir(side), &["log", "-p", "--all"]));
        text
    }
}

/// The clock for reading once everything is written.
const LATER: &str = "2026-12-07T23:00:00Z";

/// `journal add --partner WHO TEXT` on `side`; the new entry's id.
fn add(g: &Git, side: &str, now: &str, who: &str, text: &str) -> String {
    let id = g.ok(side, now, &["journal", "add", "--partner", who, text]);
    id.trim().to_string()
}

#[test]
fn two_git_clones_pull_and_push_without_a_conflict_and_every_entry_once() {
    let Some(g) =
        git_or_skip("two_git_clones_pull_and_push_without_a_conflict_and_every_entry_once")
    else {
        return;
    };

    // A sets up the two of them, writes, and pushes.
    g.ok(
        "a",
        "2026-12-07T10:00:00Z",
        &["partners", "add", "Alex", "--role", "hurt"],
    );
    g.ok(
        "a",
        "2026-12-07T10:00:01Z",
        &["partners", "add", "Sam", "--role", "repairing"],
    );
    let e = add(
        &g,
        "a",
        "2026-12-07T10:01:00Z",
        "Alex",
        "A1: the walk by the river",
    );
    add(&g, "a", "2026-12-07T10:02:00Z", "Sam", "A2: what I owe you");
    let checkin = [
        "checkin",
        "--partner",
        "Alex",
        "--trust",
        "4",
        "--mood",
        "wary",
    ];
    g.ok("a", "2026-12-07T10:03:00Z", &checkin);
    g.commit("a", "A: partners, two entries, a check-in");
    g.push("a");

    // B, opened only after its first pull (as docs/SYNC.md asks), finds A's entries.
    g.pull("b");
    let on_b: Vec<String> = g.entries("b").into_iter().map(|(_, b)| b).collect();
    assert!(
        on_b.contains(&"A1: the walk by the river".to_string()),
        "{on_b:?}"
    );
    assert!(on_b.contains(&"A2: what I owe you".to_string()), "{on_b:?}");
    add(&g, "b", "2026-12-07T10:10:00Z", "Sam", "B1: the letter");
    add(&g, "b", "2026-12-07T10:11:00Z", "Alex", "B2: a quieter day");
    let checkin = [
        "checkin",
        "--partner",
        "Sam",
        "--trust",
        "6",
        "--mood",
        "hopeful",
    ];
    g.ok("b", "2026-12-07T10:12:00Z", &checkin);
    g.commit("b", "B: two entries, a check-in");
    g.push("b");

    // Apart: each edits entry E (B later) and adds one, and commits; neither has the other's.
    g.edit("a", "2026-12-07T11:00:00Z", &e, "Alex", "E as A changed it");
    add(&g, "a", "2026-12-07T11:05:00Z", "Alex", "A3: on the train");
    g.commit("a", "A: E edited, one more entry");
    g.edit(
        "b",
        "2026-12-07T12:00:00Z",
        &e,
        "Alex",
        "E as B changed it later",
    );
    add(&g, "b", "2026-12-07T12:05:00Z", "Sam", "B3: at the cabin");
    g.commit("b", "B: E edited, one more entry");

    // Both histories merged, each way: A merges B's push, B merges A's merge.
    g.pull("a");
    g.push("a");
    g.pull("b");
    g.push("b");
    g.pull("a");
    // Both merges were real ones, of histories that had diverged, and both ends now agree.
    let head = |side: &str| g.git(&g.dir(side), &["rev-parse", "HEAD"]);
    assert_eq!(head("a"), head("b"));
    let merges = g.git(&g.dir("a"), &["rev-list", "--merges", "--count", "HEAD"]);
    assert_eq!(merges.trim(), "2", "merge commits");

    let want: BTreeSet<&str> = [
        "E as B changed it later",
        "A2: what I owe you",
        "B1: the letter",
        "B2: a quieter day",
        "A3: on the train",
        "B3: at the cabin",
    ]
    .into();
    let mut seen = Vec::new();
    for side in ["a", "b"] {
        let entries = g.entries(side);
        let ids: BTreeSet<&str> = entries.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(
            ids.len(),
            entries.len(),
            "an id twice on {side}: {entries:?}"
        );
        let mut bodies: BTreeMap<&str, usize> = BTreeMap::new();
        for (_, body) in &entries {
            *bodies.entry(body.as_str()).or_default() += 1;
        }
        assert!(
            bodies.values().all(|n| *n == 1),
            "a text twice on {side}: {entries:?}"
        );
        assert_eq!(
            bodies.keys().copied().collect::<BTreeSet<_>>(),
            want,
            "on {side}"
        );
        // The newest edit of E won.
        let body_of_e = entries
            .iter()
            .find(|(id, _)| *id == e)
            .map(|(_, b)| b.as_str());
        assert_eq!(body_of_e, Some("E as B changed it later"), "on {side}");
        seen.push(entries.into_iter().collect::<BTreeSet<_>>());
    }
    assert_eq!(seen[0], seen[1], "A and B list different entries");
    // Both check-ins, A's and B's, on both.
    let checkins = |side: &str| {
        let doc: Value =
            serde_json::from_str(&g.ok(side, LATER, &["export", "--format", "json"])).unwrap();
        let mut moods: Vec<String> = doc["checkins"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["mood"].as_str().unwrap_or_default().to_string())
            .collect();
        moods.sort();
        moods
    };
    assert_eq!(checkins("a"), ["hopeful", "wary"]);
    assert_eq!(checkins("b"), ["hopeful", "wary"]);

    let this = |side: &str| {
        g.devices(side)["this_device"]["id"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let (id_a, id_b) = (this("a"), this("b"));
    assert_ne!(id_a, id_b, "each laptop is its own device");
    for side in ["a", "b"] {
        let check = g.ok(side, LATER, &["check"]);
        assert!(check.contains("nothing wrong"), "check on {side}: {check}");
        // Each process wrote as its own device, and only there.
        assert_eq!(
            g.device_folders(side),
            BTreeSet::from([id_a.clone(), id_b.clone()]),
            "on {side}"
        );
        // Neither device shows a problem (a conflict copy, a file that does not read).
        let devices = g.devices(side);
        for d in devices["devices"].as_array().unwrap() {
            assert_eq!(d["problems"], Value::Array(vec![]), "on {side}: {d}");
        }
        // Reading wrote nothing git would commit: the tree is as the merges left it.
        g.no_unmerged(side);
        let status = g.git(&g.dir(side), &["status", "--porcelain"]);
        assert!(status.is_empty(), "left over on {side}: {status}");
        // What belongs to one machine is there but was never committed.
        let tracked = g.tracked(side);
        for local in ["trustwork.lock", "backups"] {
            assert!(g.dir(side).join(local).exists(), "no {local} on {side}");
        }
        for f in &tracked {
            assert!(
                f != "trustwork.lock"
                    && !f.starts_with("backups/")
                    && !f.starts_with("legacy-backup/")
                    && !f.contains(".tmp-")
                    && !f.ends_with(".bak"),
                "{f} is committed on {side}: {tracked:?}"
            );
        }
        assert!(tracked.contains(&".gitignore".to_string()), "{tracked:?}");
    }
    // The one .gitignore is the same on both.
    assert_eq!(
        fs::read(g.dir("a").join(".gitignore")).unwrap(),
        fs::read(g.dir("b").join(".gitignore")).unwrap()
    );
}

#[test]
fn a_private_entry_travels_sealed_and_opens_on_the_other_laptop_with_its_passphrase() {
    let Some(g) = git_or_skip(
        "a_private_entry_travels_sealed_and_opens_on_the_other_laptop_with_its_passphrase",
    ) else {
        return;
    };
    const PASS: &str = "alex-secret";
    const MARKER: &str = "GIT-PRIVATE-MARKER-5150";
    let now = "2026-12-07T10:00:00Z";

    g.ok("a", now, &["partners", "add", "Alex", "--role", "hurt"]);
    g.ok("a", now, &["partners", "add", "Sam", "--role", "repairing"]);
    let out = g.with_pass("a", now, PASS, &["partners", "passphrase", "Alex"], "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let add_private = ["journal", "add", "--partner", "Alex", "-"];
    let out = g.with_pass(
        "a",
        "2026-12-07T10:01:00Z",
        PASS,
        &add_private,
        &format!("{MARKER}\n"),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("saved as private"));
    let id = String::from_utf8(out.stdout).unwrap().trim().to_string();
    g.commit("a", "A: a private entry");
    g.push("a");
    // Sealed on A's disk, in its working tree and in every git object, compressed or not.
    assert!(
        !contains(&all_bytes(&g.dir("a")), MARKER),
        "readable in A's folder"
    );
    assert!(
        !g.all_objects("a").contains(MARKER),
        "readable in A's git objects"
    );

    g.pull("b");
    // B without the passphrase: it sees that the entry exists, not what it says.
    let list = g.ok("b", LATER, &["journal", "list"]);
    assert!(
        list.contains("(private entry)") && !list.contains(MARKER),
        "{list}"
    );
    let shown = g.ok("b", LATER, &["journal", "show", &id]);
    assert!(
        shown.starts_with("Private entry by Alex") && !shown.contains(MARKER),
        "{shown}"
    );
    // With Alex's passphrase it opens on B (`journal show` never prints a private body; the
    // export with --private is what opens it for its author).
    let open = ["export", "--format", "md", "--private", "--partner", "Alex"];
    let out = g.with_pass("b", LATER, PASS, &open, "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains(MARKER),
        "not opened on B"
    );
    // A wrong one is refused, and shows nothing.
    let out = g.with_pass("b", LATER, "not-it", &open, "");
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("passphrase is not right"));
    assert!(!contains(&out.stdout, MARKER) && !contains(&out.stderr, MARKER));

    // Sam, with no passphrase, writes on B as before; Alex's key works on B for a new private
    // entry too, which A opens after its pull.
    let sam = add(
        &g,
        "b",
        "2026-12-07T11:00:00Z",
        "Sam",
        "SAM-ON-B: shared as ever",
    );
    const MARKER_B: &str = "GIT-PRIVATE-FROM-B-6262";
    let out = g.with_pass(
        "b",
        "2026-12-07T11:01:00Z",
        PASS,
        &add_private,
        &format!("{MARKER_B}\n"),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("saved as private"));
    g.commit("b", "B: Sam's entry, Alex's private one");
    g.push("b");
    for secret in [MARKER, MARKER_B] {
        assert!(
            !contains(&all_bytes(&g.dir("b")), secret),
            "readable in B's folder"
        );
        assert!(
            !g.all_objects("b").contains(secret),
            "readable in B's git objects"
        );
    }

    g.pull("a");
    let list = g.ok("a", LATER, &["journal", "list"]);
    assert!(list.contains("SAM-ON-B") && list.contains(&sam), "{list}");
    assert!(!list.contains(MARKER_B), "{list}");
    let out = g.with_pass("a", LATER, PASS, &open, "");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(md.contains(MARKER) && md.contains(MARKER_B), "{md}");
    for side in ["a", "b"] {
        let check = g.ok(side, LATER, &["check"]);
        assert!(check.contains("nothing wrong"), "check on {side}: {check}");
    }
}
