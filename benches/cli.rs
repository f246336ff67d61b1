//! The same operations as `benches/store.rs`, as whole `trustwork` processes on the 10-year
//! workload: what a user at a shell feels (start-up, argument parsing, reading, printing).
//! Output goes to /dev/null. `TRUSTWORK_NOW` is pinned to the workload's "now" (the morning after
//! its last day), so "today" is the end of the ten years.
//!
//! `cargo bench --bench cli` (add `-- NAME` to run one benchmark).

#[path = "support/workload_gen.rs"]
mod workload_gen;

use divan::Bencher;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::LazyLock;
use tempfile::TempDir;
use trustwork::model::Timestamp;

const BIN: &str = env!("CARGO_BIN_EXE_trustwork");

struct Fixture {
    _tmp: TempDir,
    data: PathBuf,
    data_for_adds: PathBuf,
    jrnl: PathBuf,
    now: Timestamp,
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
    let w = workload_gen::build_for_bench("trustwork-bench-cli-");
    Fixture {
        _tmp: w.tmp,
        data: w.built.data,
        data_for_adds: w.data_for_adds,
        jrnl: w.built.jrnl,
        now: w.built.now,
    }
});

fn main() {
    // Build the workload before divan prints its table (but not just to list the benchmarks).
    if !std::env::args().any(|a| a == "--list") {
        LazyLock::force(&FIXTURE);
    }
    divan::main();
}

/// `trustwork --data-dir DIR ARGS...`, stdout to /dev/null, with the workload's clock.
fn trustwork(data: &Path, args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.arg("--data-dir")
        .arg(data)
        .args(args)
        .env("TRUSTWORK_NOW", FIXTURE.now.to_rfc3339())
        .env_remove("TRUSTWORK_DATA_DIR")
        .env_remove("TRUSTWORK_CONTENT_DIR")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    c
}

fn run(mut c: Command) {
    let out = c.output().expect("trustwork starts");
    assert!(
        out.status.success(),
        "{c:?} failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Opening for home: `trustwork` with no command reads what the home view needs (partners, the
/// latest months, this year's check-ins, progress) and prints where each partner stands.
#[divan::bench(sample_count = 20, sample_size = 1, max_time = 30)]
fn open_for_home(bencher: Bencher) {
    let f = &*FIXTURE;
    bencher.bench_local(|| run(trustwork(&f.data, &[])));
}

/// `trustwork today`, the line for a shell prompt (target: 20 ms as a whole process).
#[divan::bench(sample_count = 30, sample_size = 1, max_time = 30)]
fn today_line(bencher: Bencher) {
    let f = &*FIXTURE;
    bencher.bench_local(|| run(trustwork(&f.data, &["today"])));
}

/// Listing all 22,000 entries: `journal list`, which reads every month.
#[divan::bench(sample_count = 20, sample_size = 1, max_time = 30)]
fn open_journal_list(bencher: Bencher) {
    let f = &*FIXTURE;
    bencher.bench_local(|| run(trustwork(&f.data, &["journal", "list"])));
}

/// `journal search` over all 22,000 entries: every month read, each entry's title and text
/// lowercased and searched for two words (target: 150 ms as a whole process).
#[divan::bench(sample_count = 20, sample_size = 1, max_time = 30)]
fn journal_search(bencher: Bencher) {
    let f = &*FIXTURE;
    bencher.bench_local(|| run(trustwork(&f.data, &["journal", "search", "river", "quiet"])));
}

#[divan::bench(sample_count = 10, sample_size = 1, max_time = 30)]
fn export_markdown(bencher: Bencher) {
    let f = &*FIXTURE;
    bencher.bench_local(|| run(trustwork(&f.data, &["export", "--format", "md"])));
}

#[divan::bench(sample_count = 10, sample_size = 1, max_time = 30)]
fn export_json(bencher: Bencher) {
    let f = &*FIXTURE;
    bencher.bench_local(|| run(trustwork(&f.data, &["export", "--format", "json"])));
}

#[divan::bench(sample_count = 10, sample_size = 1, max_time = 30)]
fn export_text(bencher: Bencher) {
    let f = &*FIXTURE;
    bencher.bench_local(|| run(trustwork(&f.data, &["export", "--format", "txt"])));
}

/// The printable report: charts over ten years, calendars, every entry (target: 400 ms).
#[divan::bench(sample_count = 10, sample_size = 1, max_time = 30)]
fn export_html(bencher: Bencher) {
    let f = &*FIXTURE;
    bencher.bench_local(|| run(trustwork(&f.data, &["export", "--format", "html"])));
}

/// The counsellor summary of the last four weeks, as HTML with its charts (target: 150 ms).
#[divan::bench(sample_count = 10, sample_size = 1, max_time = 30)]
fn export_summary(bencher: Bencher) {
    let f = &*FIXTURE;
    bencher.bench_local(|| {
        run(trustwork(
            &f.data,
            &["export", "--summary", "--format", "html"],
        ))
    });
}

/// `trustwork check`: every file read and decoded, orphans looked for (target: 300 ms).
#[divan::bench(sample_count = 20, sample_size = 1, max_time = 30)]
fn check(bencher: Bencher) {
    let f = &*FIXTURE;
    bencher.bench_local(|| run(trustwork(&f.data, &["check"])));
}

/// `journal add` into (a copy of) the big store.
#[divan::bench(sample_count = 20, sample_size = 1, max_time = 30)]
fn add_one_entry(bencher: Bencher) {
    let f = &*FIXTURE;
    bencher.bench_local(|| {
        run(trustwork(
            &f.data_for_adds,
            &[
                "journal",
                "add",
                "--partner",
                "Alex",
                "We talked for an hour after dinner and it felt different this time.",
            ],
        ))
    });
}

/// `import jrnl.json --partner Alex` into a fresh folder.
#[divan::bench(sample_count = 5, sample_size = 1, max_time = 60)]
fn import_jrnl(bencher: Bencher) {
    let f = &*FIXTURE;
    let jrnl = f.jrnl.to_str().expect("a UTF-8 temporary path");
    bencher
        .with_inputs(|| {
            tempfile::Builder::new()
                .prefix("trustwork-import-")
                .tempdir()
                .expect("a temporary folder")
        })
        .bench_local_refs(|dir| {
            run(trustwork(
                dir.path(),
                &["import", jrnl, "--partner", "Alex"],
            ))
        });
}
