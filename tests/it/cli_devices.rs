//! `trustwork devices`: two installations (two device files) writing one data folder, as the
//! real binary lists them.

use assert_cmd::Command;
use serde_json::Value;
use std::fs;
use std::path::{Path, PathBuf};
use trustwork::clock::Clock;
use trustwork::store::Store;
use trustwork_core::sync::LocalDevice;

const NOW: &str = "2026-11-25T20:00:00+01:00";

struct Env {
    _tmp: tempfile::TempDir,
    data: PathBuf,
    home: PathBuf,
    state: PathBuf,
}

fn env() -> Env {
    let t = tempfile::tempdir().unwrap();
    let data = t.path().join("data");
    let home = t.path().join("home");
    let state = t.path().join("state");
    fs::create_dir_all(&home).unwrap();
    fs::create_dir_all(&state).unwrap();
    Env {
        data,
        home,
        state,
        _tmp: t,
    }
}

impl Env {
    fn device_file(&self, who: &str) -> PathBuf {
        self.state.join(format!("{who}.json"))
    }

    /// `trustwork` run as installation `who` (its own device file) on the machine `host`.
    fn tw(&self, who: &str) -> Command {
        let mut c = Command::cargo_bin("trustwork").unwrap();
        c.env_clear()
            .env("HOME", &self.home)
            .env("XDG_CONFIG_HOME", self.home.join(".config"))
            .env("XDG_DATA_HOME", self.home.join(".local/share"))
            .env("XDG_STATE_HOME", self.home.join(".local/state"))
            .env("TRUSTWORK_NOW", NOW)
            .env("TRUSTWORK_DEVICE_FILE", self.device_file(who))
            .env("HOSTNAME", format!("{who}-laptop"))
            .arg("--data-dir")
            .arg(&self.data);
        c
    }

    fn ok(&self, who: &str, args: &[&str]) -> String {
        crate::cli::run_ok(self.tw(who), args)
    }

    /// Installation `who` writes: its device file made, its store opened for it.
    fn store(&self, who: &str, at: &str) -> (Store, LocalDevice) {
        let now = at.parse().unwrap();
        let local = LocalDevice::load_or_create(&self.device_file(who), now).unwrap();
        let store =
            Store::with_device(&self.data, Clock::Fixed(now), &local, self.device_file(who));
        (store, local)
    }

    /// Gives `who`'s marker the name `name` (the writing process's host name is this one's).
    fn name_marker(&self, local: &LocalDevice, name: &str) {
        let path = self.folder(local).join("device.json");
        let mut marker: Value = serde_json::from_slice(&fs::read(&path).unwrap()).unwrap();
        marker["name"] = Value::from(name);
        fs::write(&path, serde_json::to_vec_pretty(&marker).unwrap()).unwrap();
    }

    fn folder(&self, local: &LocalDevice) -> PathBuf {
        self.data.join("devices").join(local.device.as_str())
    }
}

fn entry(id: &str, when: &str, body: &str) -> trustwork::model::Entry {
    let json = serde_json::json!({
        "id": id, "author": "p", "created": when, "updated": when, "body": body,
    });
    serde_json::from_value(json).unwrap()
}

/// a and b both write: a the partner and an entry of November, b an entry of December.
fn two_devices(e: &Env) -> (LocalDevice, LocalDevice) {
    let (a, la) = e.store("a", "2026-11-24T10:00:00+01:00");
    a.add_partner("Sam", trustwork::model::Role::Hurt).unwrap();
    a.add_entries(&[entry("a1", "2026-11-24T10:00:00+01:00", "from a")])
        .unwrap();
    let (b, lb) = e.store("b", "2026-11-25T09:30:00+01:00");
    b.add_entries(&[entry("b1", "2026-12-01T09:00:00+01:00", "from b")])
        .unwrap();
    e.name_marker(&la, "a-laptop");
    e.name_marker(&lb, "b-laptop");
    (la, lb)
}

#[test]
fn devices_lists_this_device_first_then_the_other() {
    let e = env();
    let (la, lb) = two_devices(&e);
    let out = e.ok("b", &["devices"]);
    let want = format!(
        "this device: {b} (b-laptop), device file {file}\n  last wrote 2026-11-25 09:30:00\n\
         device {a} (a-laptop)\n  last wrote 2026-11-24 10:00:00\n",
        a = la.device,
        b = lb.device,
        file = e.device_file("b").display(),
    );
    assert!(out.starts_with(&want), "{out}");
    assert!(!out.contains("no other device"), "{out}");
    // Seen from a: the other way round.
    let out = e.ok("a", &["devices"]);
    assert!(
        out.starts_with(&format!("this device: {} (a-laptop)", la.device)),
        "{out}"
    );
    assert!(
        out.contains(&format!("\ndevice {} (b-laptop)\n", lb.device)),
        "{out}"
    );
}

#[test]
fn a_damaged_file_of_the_other_device_is_named_under_it() {
    let e = env();
    let (la, lb) = two_devices(&e);
    fs::write(e.folder(&la).join("entries/2026-11.json"), "{ cut short").unwrap();
    fs::write(
        e.folder(&la).join("partners.json"),
        r#"{"format_version": 99, "kind": "partners", "records": []}"#,
    )
    .unwrap();
    let out = e.ok("b", &["devices"]);
    let (_, theirs) = out
        .split_once(&format!("device {} (a-laptop)\n", la.device))
        .unwrap_or_else(|| panic!("{out}"));
    let damaged = format!(
        "  Journal entries of November 2026 (devices/{a}/entries/2026-11.json) could not be \
         read: it is not a readable trustwork file",
        a = la.device
    );
    assert!(theirs.contains(&damaged), "{out}");
    assert!(
        theirs.contains(
            "partners.json) could not be read: it was written by a newer trustwork (format 99)"
        ),
        "{out}"
    );
    let json: Value = serde_json::from_str(&e.ok("b", &["devices", "--json"])).unwrap();
    let other = &json["devices"][1];
    assert_eq!(other["id"], la.device.as_str());
    let files: Vec<&str> = other["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        files,
        [
            format!("devices/{}/partners.json", la.device),
            format!("devices/{}/entries/2026-11.json", la.device)
        ]
    );
    assert!(
        json["devices"][0]["problems"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(json["this_device"]["id"], lb.device.as_str());
}

#[test]
fn devices_json_is_stable() {
    let e = env();
    let (la, lb) = two_devices(&e);
    let json: Value = serde_json::from_str(&e.ok("b", &["devices", "--json"])).unwrap();
    assert_eq!(json["data_dir"], e.data.to_string_lossy().as_ref());
    assert_eq!(
        json["this_device"],
        serde_json::json!({
            "id": lb.device.as_str(),
            "name": "b-laptop",
            "device_file": e.device_file("b").to_string_lossy(),
        })
    );
    assert_eq!(
        json["devices"][1],
        serde_json::json!({
            "id": la.device.as_str(),
            "folder": format!("devices/{}", la.device),
            "name": "a-laptop",
            "this_device": false,
            "last_write": "2026-11-24T10:00:00+01:00",
            "store_format": trustwork::store::FORMAT_VERSION,
            "files": 2,
            "problems": [],
        })
    );
    assert_eq!(json["devices"][0]["this_device"], true);
    assert_eq!(json["ignore_files"], serde_json::json!([]));
}

#[test]
fn alone_it_says_so_and_names_what_an_ignore_file_lacks() {
    let e = env();
    let (a, _) = e.store("a", "2026-11-24T10:00:00+01:00");
    fs::create_dir_all(&e.data).unwrap();
    fs::write(e.data.join(".stignore"), "// my own\n*.bak\n").unwrap();
    a.add_partner("Sam", trustwork::model::Role::Hurt).unwrap();
    let out = e.ok("a", &["devices"]);
    assert!(
        out.contains("no other device has written here yet; see docs/SYNC.md to sync this folder"),
        "{out}"
    );
    assert!(
        out.contains("hint: .stignore has no line for /trustwork.lock, .*.tmp-*"),
        "{out}"
    );
    assert!(!out.contains(".gitignore"), "{out}");
    fs::remove_file(e.data.join(".gitignore")).unwrap();
    let out = e.ok("a", &["devices"]);
    assert!(out.contains("hint: there is no .gitignore in "), "{out}");
    assert_eq!(
        fs::read_to_string(e.data.join(".stignore")).unwrap(),
        "// my own\n*.bak\n"
    );
}

#[test]
fn a_fresh_folder_has_only_this_device() {
    let e = env();
    let out = e.ok("a", &["devices"]);
    let local = LocalDevice::load(&e.device_file("a")).unwrap().unwrap();
    assert_eq!(
        out,
        format!(
            "this device: {} (a-laptop), device file {}\n  has not written here yet\n\
             no other device has written here yet; see docs/SYNC.md to sync this folder\n",
            local.device,
            e.device_file("a").display()
        )
    );
    assert!(!Path::new(&e.data.join("devices")).exists());
}

#[test]
fn two_installations_writing_through_the_command_line_are_both_listed() {
    let e = env();
    e.ok("a", &["partners", "add", "Sam", "--role", "hurt"]);
    e.ok("b", &["journal", "add", "--partner", "Sam", "written on b"]);
    let la = LocalDevice::load(&e.device_file("a")).unwrap().unwrap();
    let lb = LocalDevice::load(&e.device_file("b")).unwrap().unwrap();
    assert_ne!(la.device, lb.device);
    let out = e.ok("a", &["devices"]);
    assert!(
        out.starts_with(&format!(
            "this device: {} (a-laptop), device file {}\n  last wrote 2026-11-25 20:00:00\n\
             device {} (b-laptop)\n  last wrote 2026-11-25 20:00:00\n",
            la.device,
            e.device_file("a").display(),
            lb.device
        )),
        "{out}"
    );
    assert!(!out.contains("hint"), "{out}");
    assert!(e.data.join(".stignore").is_file() && e.data.join(".gitignore").is_file());
    // A damaged file in b's folder, seen from a.
    fs::write(e.folder(&lb).join("entries/2026-11.json"), "garbage").unwrap();
    let out = e.ok("a", &["devices"]);
    assert!(
        out.contains(&format!(
            "  Journal entries of November 2026 (devices/{}/entries/2026-11.json) could not be read",
            lb.device
        )),
        "{out}"
    );
}

#[test]
fn partners_added_on_both_laptops_before_the_first_sync_are_named_as_twice() {
    let e = env();
    // Two laptops, each on its own copy of the folder before it is synced.
    let other = env();
    for (env, who) in [(&e, "a"), (&other, "b")] {
        env.ok(who, &["partners", "add", "Alex", "--role", "hurt"]);
        env.ok(who, &["partners", "add", "Sam", "--role", "repairing"]);
    }
    // The first sync brings b's device folder over.
    let b_dev = fs::read_dir(other.data.join("devices"))
        .unwrap()
        .next()
        .unwrap()
        .unwrap();
    let to = e.data.join("devices").join(b_dev.file_name());
    for f in walk(&b_dev.path()) {
        let rel = f.strip_prefix(b_dev.path()).unwrap();
        fs::create_dir_all(to.join(rel).parent().unwrap()).unwrap();
        fs::copy(&f, to.join(rel)).unwrap();
    }
    let out = e.tw("a").args(["partners", "list"]).output().unwrap();
    assert!(out.status.success());
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 4);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains("Alex and Sam each appear twice")
            && err.contains("added on two laptops before they first synced")
            && err.contains("Nothing is lost"),
        "{err}"
    );
    let json: Value = serde_json::from_str(&e.ok("a", &["devices", "--json"])).unwrap();
    assert_eq!(json["twin_partners"], serde_json::json!(["Alex", "Sam"]));
    assert!(
        e.ok("a", &["devices"])
            .contains("note: Alex and Sam each appear twice")
    );
}

/// Every file below `dir`.
fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for item in fs::read_dir(dir).unwrap().flatten() {
        if item.path().is_dir() {
            out.extend(walk(&item.path()));
        } else {
            out.push(item.path());
        }
    }
    out
}
