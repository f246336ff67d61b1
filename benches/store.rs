//! Library-level benchmarks on the 10-year workload (`WORKLOAD.md`): 22,000 entries, ~6,600
//! check-ins, difficult moments. The workload is built once, on first use, into a temporary
//! folder (a few seconds); nothing outside the repository is needed.
//!
//! `cargo bench --bench store` (add `-- NAME` to run one benchmark).

#[path = "support/workload_gen.rs"]
mod workload_gen;

use divan::Bencher;
use std::path::PathBuf;
use std::sync::LazyLock;
use tempfile::TempDir;
use trustwork::clock::Clock;
use trustwork::model::{Entry, Timestamp, Visibility};
use trustwork::store::{Snapshot, Store};

struct Fixture {
    _tmp: TempDir,
    /// The workload's data folder, read by every benchmark and never changed.
    data: PathBuf,
    /// A copy of it that `add_one_entry` adds to, so the others keep reading the same store.
    data_for_adds: PathBuf,
    jrnl: PathBuf,
    now: Timestamp,
    alex: String,
}

impl Fixture {
    fn store(&self) -> Store {
        Store::at(&self.data, Clock::Fixed(self.now))
    }
}

static FIXTURE: LazyLock<Fixture> = LazyLock::new(|| {
    let w = workload_gen::build_for_bench("trustwork-bench-");
    let store = Store::at(&w.built.data, Clock::Fixed(w.built.now));
    let alex = store
        .partners()
        .expect("partners")
        .into_iter()
        .find(|p| p.name == "Alex")
        .expect("Alex")
        .id;
    Fixture {
        _tmp: w.tmp,
        data: w.built.data,
        data_for_adds: w.data_for_adds,
        jrnl: w.built.jrnl,
        now: w.built.now,
        alex,
    }
});

static SNAPSHOT: LazyLock<Snapshot> =
    LazyLock::new(|| FIXTURE.store().load_all().expect("the workload loads"));

fn main() {
    // Build the workload before divan prints its table (but not just to list the benchmarks).
    if !std::env::args().any(|a| a == "--list") {
        LazyLock::force(&FIXTURE);
    }
    divan::main();
}

/// What opening the app needs first: partners, the latest 20 entries, recent check-ins.
#[divan::bench(sample_count = 100, sample_size = 1, max_time = 10)]
fn open_for_home(bencher: Bencher) {
    let f = &*FIXTURE;
    bencher.bench_local(|| {
        Store::at(&f.data, Clock::Fixed(f.now))
            .load_home(20)
            .expect("load_home")
    });
}

/// Everything in the store (export, stats, search).
#[divan::bench(sample_count = 20, sample_size = 1, max_time = 30)]
fn load_everything(bencher: Bencher) {
    let store = FIXTURE.store();
    bencher.bench_local(|| store.load_all().expect("load_all"));
}

/// One new entry saved into the big store: lock, re-read its month, merge, write, fsync.
#[divan::bench(sample_count = 30, sample_size = 1, max_time = 30)]
fn add_one_entry(bencher: Bencher) {
    let f = &*FIXTURE;
    let store = Store::at(&f.data_for_adds, Clock::Fixed(f.now));
    bencher
        .with_inputs(|| Entry {
            id: trustwork::ids::new_id(),
            author: f.alex.clone(),
            created: f.now,
            updated: f.now,
            title: Some("A quiet evening at the lake".into()),
            body: "We talked for an hour after dinner and it felt different this time.".into(),
            tags: vec!["mood".into()],
            starred: false,
            for_counsellor: false,
            link: None,
            visibility: Visibility::Shared,
            source: None,
            sealed: None,
            responds_to: None,
        })
        .bench_local_refs(|e| {
            let author = trustwork::privacy::Actor::new(e.author.clone());
            store
                .save_entry(&author, e.clone(), false)
                .expect("save_entry")
        });
}

/// An export written to nowhere: the formatting alone, for each readable format.
fn export_as(bencher: Bencher, format: trustwork::export::Format) {
    let snap = &*SNAPSHOT;
    let now = FIXTURE.now;
    let filter = trustwork::export::Filter::default();
    bencher.bench_local(|| {
        trustwork::export::write(
            snap,
            &filter,
            format,
            now,
            &mut std::io::sink(),
            &mut |_| {},
        )
        .expect("export")
    });
}

#[divan::bench(sample_count = 20, sample_size = 1, max_time = 30)]
fn export_markdown(bencher: Bencher) {
    export_as(bencher, trustwork::export::Format::Markdown);
}

#[divan::bench(sample_count = 20, sample_size = 1, max_time = 30)]
fn export_text(bencher: Bencher) {
    export_as(bencher, trustwork::export::Format::Text);
}

#[divan::bench(sample_count = 20, sample_size = 1, max_time = 30)]
fn export_json(bencher: Bencher) {
    let snap = &*SNAPSHOT;
    let now = FIXTURE.now;
    bencher.bench_local(|| trustwork::export::to_json(snap, now));
}

/// The printable HTML report of the whole store (charts, calendars, every entry), streamed.
#[divan::bench(sample_count = 20, sample_size = 1, max_time = 30)]
fn export_html(bencher: Bencher) {
    let snap = &*SNAPSHOT;
    let now = FIXTURE.now;
    bencher.bench_local(|| {
        trustwork::export::html::write_html(snap, now, &mut std::io::sink()).expect("html")
    });
}

/// The counsellor summary of the last four weeks: built, then written as Markdown and HTML.
#[divan::bench(sample_count = 30, sample_size = 1, max_time = 30)]
fn counsellor_summary(bencher: Bencher) {
    use trustwork::export::summary;
    let snap = &*SNAPSHOT;
    let today = FIXTURE.now.date_naive();
    bencher.bench_local(|| {
        let s = summary::build(snap, None, None, today);
        summary::write_summary_md(&s, &mut std::io::sink()).expect("md");
        summary::write_summary_html(&s, &mut std::io::sink()).expect("html");
    });
}

/// The 22,000-entry jrnl JSON export imported into a fresh, empty store.
#[divan::bench(sample_count = 10, sample_size = 1, max_time = 60)]
fn import_jrnl(bencher: Bencher) {
    let f = &*FIXTURE;
    bencher
        .with_inputs(|| {
            tempfile::Builder::new()
                .prefix("trustwork-import-")
                .tempdir()
                .expect("a temporary folder")
        })
        .bench_local_refs(|dir| {
            let store = Store::at(dir.path(), Clock::Fixed(f.now));
            trustwork::import::import_path(&store, &f.jrnl, Some("Alex")).expect("import")
        });
}
