//! The 10-year workload (`/work/shared/bench/WORKLOAD.md`), built in Rust so that `cargo bench`
//! needs nothing outside the repository.
//!
//! Same shape and distributions as `gen.py` (its word list, zipf(0.6) word weights, title
//! patterns, 150–250 word bodies in 1–4 paragraphs of 5–18 word sentences, 1–3 tags from the same
//! pool of 40, entry times 06:00–23:59:59 over N days from 2015-01-01, two writers alternating),
//! with a fixed seed, but not byte-identical to it. Beyond the entries: a check-in a day per
//! partner (10% of days missing), difficult moments, and prompt links on about 30% of entries.
//!
//! Shared by `examples/workload.rs`, `benches/store.rs` and `benches/cli.rs` through
//! `#[path = ...] mod workload_gen;` so there is one copy of the code. It lives in a sub-folder so
//! that Cargo does not take it for a benchmark target of its own.

#![allow(dead_code)]

use anyhow::{Context, Result, bail};
use chrono::{Duration, FixedOffset, NaiveDate, NaiveDateTime, TimeZone};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use serde::Serialize;
use std::collections::HashSet;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};
use trustwork::clock::Clock;
use trustwork::content::Pack;
use trustwork::model::Moment;
use trustwork::model::{CheckIn, Entry, PromptLink, Role, Timestamp, Visibility};
use trustwork::store::{Store, paths};

#[path = "workload_words.rs"]
mod words;
pub use words::TAGS;
use words::*;

/// Crockford's base-32, as `trustwork::ids` uses.
const ID_ALPHABET: &[u8; 32] = b"0123456789abcdefghjkmnpqrstvwxyz";

pub const PARTNER_NAMES: [(&str, Role); 2] = [("Alex", Role::Hurt), ("Sam", Role::Repairing)];

#[derive(Debug, Clone)]
pub struct Options {
    pub entries: usize,
    pub days: u32,
    pub seed: u64,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            entries: 22_000,
            days: 3_650,
            seed: 42,
        }
    }
}

/// One generated journal entry, before it is given to a store or a peer format.
#[derive(Debug, Clone)]
pub struct GenEntry {
    /// Naive wall-clock time, read as UTC.
    pub when: NaiveDateTime,
    /// 0 = Alex (hurt), 1 = Sam (repairing).
    pub writer: usize,
    pub title: String,
    pub body: String,
    pub tags: Vec<&'static str>,
}

/// What was built, and where.
#[derive(Debug, Clone)]
pub struct Built {
    /// The trustwork data folder.
    pub data: PathBuf,
    /// The entries as a jrnl 4.6 JSON export.
    pub jrnl: PathBuf,
    /// The workload's "now": the morning after its last day. Use it as the clock
    /// (`TRUSTWORK_NOW` for the command line) so "today" is the end of the ten years.
    pub now: Timestamp,
    pub entries: usize,
    pub checkins: usize,
    pub moments: usize,
    /// Bytes of entry text (titles and bodies).
    pub text_bytes: usize,
}

pub fn start() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2015, 1, 1)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap()
}

/// A naive time read as UTC, with the fixed `+00:00` offset.
pub fn utc(t: NaiveDateTime) -> Timestamp {
    FixedOffset::east_opt(0).unwrap().from_utc_datetime(&t)
}

/// The workload's "now": 08:00 the day after its last day.
pub fn now_for(opts: &Options) -> Timestamp {
    utc(start() + Duration::days(opts.days as i64) + Duration::hours(8))
}

/// Builds the whole workload into `out`: `out/data/` (a trustwork data folder, written through the
/// library) and `out/jrnl.json` (the same entries as `jrnl --export json` prints them).
pub fn build(out: &Path, opts: &Options) -> Result<Built> {
    if opts.entries == 0 || opts.days == 0 {
        bail!("the workload needs at least one entry and one day");
    }
    if opts.entries as u64 > opts.days as u64 * 18 * 3600 {
        bail!("{} entries do not fit in {} days", opts.entries, opts.days);
    }
    fs::create_dir_all(out).with_context(|| format!("could not create {}", out.display()))?;
    let entries = generate_entries(opts);
    let data = out.join("data");
    let (checkins, moments) = write_store(&data, &entries, opts)?;
    let jrnl = out.join("jrnl.json");
    write_jrnl_json(&entries, &jrnl)?;
    Ok(Built {
        data,
        jrnl,
        now: now_for(opts),
        entries: entries.len(),
        checkins,
        moments,
        text_bytes: entries.iter().map(|e| e.title.len() + e.body.len()).sum(),
    })
}

// ----- entries -----------------------------------------------------------------------------------

/// A separate random stream per part of the workload, so that changing one part (say the number
/// of entries) leaves the others as they were.
fn stream(seed: u64, part: u64) -> StdRng {
    StdRng::seed_from_u64(seed ^ part.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

fn pick<'a, T>(rng: &mut StdRng, xs: &'a [T]) -> &'a T {
    &xs[rng.random_range(0..xs.len())]
}

fn word(rng: &mut StdRng, xs: &[&'static str]) -> &'static str {
    xs[rng.random_range(0..xs.len())]
}

fn chance(rng: &mut StdRng, p: f64) -> bool {
    rng.random::<f64>() < p
}

/// `k` distinct indices of `0..n`, in the order drawn (a partial Fisher–Yates shuffle).
fn sample_indices(rng: &mut StdRng, n: usize, k: usize) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..n).collect();
    for i in 0..k.min(n) {
        let j = rng.random_range(i..n);
        idx.swap(i, j);
    }
    idx.truncate(k.min(n));
    idx
}

fn capitalize(s: &str) -> String {
    let mut cs = s.chars();
    match cs.next() {
        Some(c) => c.to_uppercase().chain(cs).collect(),
        None => String::new(),
    }
}

/// Draws word indices with zipf(s) weights, through cumulative weights (as `random.choices`).
struct Zipf {
    cum: Vec<f64>,
}

impl Zipf {
    fn new(n: usize, s: f64) -> Zipf {
        let mut acc = 0.0;
        let cum = (0..n)
            .map(|i| {
                acc += 1.0 / ((i + 1) as f64).powf(s);
                acc
            })
            .collect();
        Zipf { cum }
    }

    fn draw(&self, rng: &mut StdRng) -> usize {
        let x = rng.random::<f64>() * self.cum[self.cum.len() - 1];
        self.cum
            .partition_point(|&c| c <= x)
            .min(self.cum.len() - 1)
    }
}

struct TextGen {
    words: Vec<&'static str>,
    zipf: Zipf,
}

impl TextGen {
    fn new() -> TextGen {
        let words: Vec<&'static str> = WORDS.split_whitespace().collect();
        let zipf = Zipf::new(words.len(), 0.6);
        TextGen { words, zipf }
    }

    fn title(&self, rng: &mut StdRng) -> String {
        let mut rest = *pick(rng, TITLE_PAT);
        let mut title = String::new();
        while let Some(i) = rest.find('{') {
            title.push_str(&rest[..i]);
            let j = i + rest[i..].find('}').expect("closed placeholder");
            match &rest[i + 1..j] {
                "A" => title.push_str(&capitalize(word(rng, ADJ))),
                "a" => title.push_str(word(rng, ADJ)),
                _ => title.push_str(word(rng, NOUN)),
            }
            rest = &rest[j + 1..];
        }
        title.push_str(rest);
        title
    }

    fn sentence(&self, rng: &mut StdRng, k: usize) -> String {
        let comma = (k > 7 && chance(rng, 0.35)).then(|| rng.random_range(2..=k - 3));
        let mut s = String::with_capacity(k * 7);
        for i in 0..k {
            let w = self.words[self.zipf.draw(rng)];
            if i == 0 {
                s.push_str(&capitalize(w));
            } else {
                s.push(' ');
                s.push_str(w);
            }
            if comma == Some(i) {
                s.push(',');
            }
        }
        s.push(match rng.random_range(0..100) {
            0..90 => '.',
            90..96 => '?',
            _ => '!',
        });
        s
    }

    fn body(&self, rng: &mut StdRng) -> String {
        let target: usize = rng.random_range(150..=250);
        let n_par: usize = rng.random_range(1..=4);
        let mut left = target;
        let mut sentences = Vec::new();
        while left > 0 {
            let mut k = left.min(rng.random_range(5..=18));
            if left - k < 3 {
                k = left;
            }
            sentences.push(self.sentence(rng, k));
            left -= k;
        }
        let n_par = n_par.min(sentences.len());
        let mut cuts: Vec<usize> = sample_indices(rng, sentences.len() - 1, n_par - 1)
            .into_iter()
            .map(|i| i + 1)
            .collect();
        cuts.sort_unstable();
        cuts.push(sentences.len());
        let mut paras = Vec::with_capacity(cuts.len());
        let mut prev = 0;
        for c in cuts {
            paras.push(sentences[prev..c].join(" "));
            prev = c;
        }
        paras.join("\n\n")
    }

    fn tags(&self, rng: &mut StdRng) -> Vec<&'static str> {
        let k = rng.random_range(1..=3);
        sample_indices(rng, TAGS.len(), k)
            .into_iter()
            .map(|i| TAGS[i])
            .collect()
    }
}

/// The entries, oldest first: distinct (day, second) stamps between 06:00:00 and 23:59:59, the two
/// writers alternating so each has half, then text for each in time order.
pub fn generate_entries(opts: &Options) -> Vec<GenEntry> {
    let mut rng = stream(opts.seed, 0);
    let mut used = HashSet::with_capacity(opts.entries);
    let mut stamps = Vec::with_capacity(opts.entries);
    for i in 0..opts.entries {
        loop {
            let day = rng.random_range(0..opts.days);
            let sec = rng.random_range(6 * 3600..24 * 3600u32);
            if used.insert((day, sec)) {
                stamps.push((day, sec, i % 2));
                break;
            }
        }
    }
    stamps.sort_unstable();
    let text = TextGen::new();
    let start = start();
    stamps
        .into_iter()
        .map(|(day, sec, writer)| GenEntry {
            when: start + Duration::days(day as i64) + Duration::seconds(sec as i64),
            writer,
            title: text.title(&mut rng),
            body: text.body(&mut rng),
            tags: text.tags(&mut rng),
        })
        .collect()
}

fn new_id(rng: &mut StdRng, used: &mut HashSet<String>) -> String {
    loop {
        let id: String = (0..12)
            .map(|_| ID_ALPHABET[rng.random_range(0..32)] as char)
            .collect();
        if used.insert(id.clone()) {
            return id;
        }
    }
}

// ----- the trustwork store -----------------------------------------------------------------------

/// Writes the store through the library: the two partners, every entry in one `put_entries`,
/// every check-in in one `put_checkins`, the difficult moments in one write. Returns the numbers
/// of check-ins and moments.
pub fn write_store(data: &Path, entries: &[GenEntry], opts: &Options) -> Result<(usize, usize)> {
    let now = now_for(opts);
    // The partners join on the first day; everything else is written "now".
    let first_day = Store::at(data, Clock::Fixed(utc(start())));
    let partners: Vec<String> = PARTNER_NAMES
        .iter()
        .map(|(name, role)| first_day.add_partner(name, *role).map(|p| p.id))
        .collect::<Result<_, _>>()
        .with_context(|| format!("could not add the partners in {}", data.display()))?;
    let store = Store::at(data, Clock::Fixed(now));

    let pack = Pack::embedded();
    let prompts: Vec<(&str, &str, &str)> = pack
        .guides
        .iter()
        .flat_map(|g| {
            g.prompts
                .iter()
                .map(move |p| (g.id.as_str(), p.id.as_str(), p.text.as_str()))
        })
        .collect();
    let mut ids = HashSet::with_capacity(entries.len() + 2000);
    let mut id_rng = stream(opts.seed, 1);
    let mut link_rng = stream(opts.seed, 2);
    let records: Vec<Entry> = entries
        .iter()
        .map(|e| {
            let t = utc(e.when);
            let link = (!prompts.is_empty() && chance(&mut link_rng, 0.30)).then(|| {
                let (guide, prompt, text) = *pick(&mut link_rng, &prompts);
                PromptLink {
                    guide: guide.to_string(),
                    prompt: Some(prompt.to_string()),
                    prompt_text: Some(text.to_string()),
                }
            });
            Entry {
                id: new_id(&mut id_rng, &mut ids),
                author: partners[e.writer].clone(),
                created: t,
                updated: t,
                title: Some(e.title.clone()),
                body: e.body.clone(),
                tags: e.tags.iter().map(|t| t.to_string()).collect(),
                starred: false,
                for_counsellor: false,
                link,
                visibility: Visibility::Shared,
                source: None,
                sealed: None,
                responds_to: None,
            }
        })
        .collect();
    store
        .add_entries(&records)
        .context("could not save the entries")?;
    drop(records);

    let checkins = make_checkins(&partners, opts);
    store
        .add_checkins(&checkins)
        .context("could not save the check-ins")?;

    let moments = make_moments(&partners, opts, &mut ids);
    let n_moments = moments.len();
    store
        .write(|tx| {
            tx.modify::<Moment, _>(paths::MOMENTS, |all| {
                all.extend(moments);
                Ok(())
            })
        })
        .context("could not save the difficult moments")?;
    Ok((checkins.len(), n_moments))
}

/// One check-in a day per partner, 10% of days missing. Trust is a slow random walk pulled toward
/// a target that rises over the years: the hurt partner from about 2.5 to 7.5, the repairing
/// partner a point above; clamped to 2..=9.
pub fn make_checkins(partners: &[String], opts: &Options) -> Vec<CheckIn> {
    let mut rng = stream(opts.seed, 3);
    let start = start();
    let mut level = [rng.random_range(2.0..3.0), rng.random_range(3.0..4.0)];
    let mut out = Vec::with_capacity(opts.days as usize * 2);
    for day in 0..opts.days {
        let progress = day as f64 / opts.days as f64;
        let date = (start + Duration::days(day as i64)).date();
        for (p, partner) in partners.iter().enumerate() {
            let target = 2.5 + 5.0 * progress + p as f64;
            let l = &mut level[p];
            *l += (rng.random::<f64>() - 0.5) * 0.6 + (target - *l) * 0.03;
            *l = l.clamp(2.0, 9.0);
            if chance(&mut rng, 0.10) {
                continue;
            }
            let at = date.and_hms_opt(19, 0, 0).unwrap()
                + Duration::seconds(rng.random_range(0..4 * 3600));
            out.push(CheckIn {
                partner: partner.clone(),
                date,
                trust: (l.round() as u8).clamp(2, 9),
                mood: chance(&mut rng, 0.9).then(|| pick(&mut rng, MOODS).to_string()),
                note: chance(&mut rng, 0.25).then(|| pick(&mut rng, CHECKIN_NOTES).to_string()),
                updated: utc(at),
                sealed: None,
            });
        }
    }
    out
}

/// About two difficult moments a week in the first two years, then 40% fewer each year (at least
/// one every seven weeks or so); mostly the hurt partner's, strength easing with time.
pub fn make_moments(partners: &[String], opts: &Options, ids: &mut HashSet<String>) -> Vec<Moment> {
    let mut rng = stream(opts.seed, 4);
    let start = start();
    let mut out = Vec::new();
    for day in 0..opts.days {
        let year = (day / 365) as i32;
        let per_week = if year < 2 {
            2.0
        } else {
            (2.0 * 0.6f64.powi(year - 1)).max(0.15)
        };
        if !chance(&mut rng, per_week / 7.0) {
            continue;
        }
        let at = start
            + Duration::days(day as i64)
            + Duration::seconds(rng.random_range(6 * 3600..24 * 3600));
        let partner = if chance(&mut rng, 0.8) {
            &partners[0]
        } else {
            &partners[1]
        };
        let strength = (8.0 - 0.6 * year as f64 + rng.random_range(-2.0..2.0))
            .round()
            .clamp(0.0, 10.0) as u64;
        let id = new_id(&mut rng, ids);
        out.push(Moment {
            id,
            partner: partner.clone(),
            date: utc(at),
            strength: strength as u8,
            trigger: Some(pick(&mut rng, TRIGGERS).to_string()),
            helped: Some(pick(&mut rng, HELPED).to_string()),
            note: None,
            reassure: false,
            shared: false,
            acknowledged: None,
            sealed: None,
        });
    }
    out
}

// ----- jrnl --------------------------------------------------------------------------------------

/// A map serialised in the order given (Python dicts keep insertion order).
struct Ordered<'a>(&'a [(String, usize)]);

impl Serialize for Ordered<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

#[derive(Serialize)]
struct JrnlEntry<'a> {
    title: &'a str,
    body: String,
    date: String,
    time: String,
    tags: Vec<String>,
    starred: bool,
}

#[derive(Serialize)]
struct JrnlExport<'a> {
    tags: Ordered<'a>,
    entries: Vec<JrnlEntry<'a>>,
}

/// The entries as `jrnl --export json` prints them (gen.py's `write_jrnl_json`): tags appended to
/// the body after a blank line as `@tag`, `date` `YYYY-MM-DD`, `time` `HH:MM`, top-level tag
/// counts in order of first use, 4-space indent like `json.dump(indent=4)`.
pub fn write_jrnl_json(entries: &[GenEntry], path: &Path) -> Result<()> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        let tags: Vec<String> = e.tags.iter().map(|t| format!("@{t}")).collect();
        for t in &tags {
            match counts.iter_mut().find(|(k, _)| k == t) {
                Some((_, n)) => *n += 1,
                None => counts.push((t.clone(), 1)),
            }
        }
        out.push(JrnlEntry {
            title: &e.title,
            body: format!("{}\n\n{}", e.body, tags.join(" ")),
            date: e.when.format("%Y-%m-%d").to_string(),
            time: e.when.format("%H:%M").to_string(),
            tags,
            starred: false,
        });
    }
    let doc = JrnlExport {
        tags: Ordered(&counts),
        entries: out,
    };
    let file =
        fs::File::create(path).with_context(|| format!("could not create {}", path.display()))?;
    let mut w = BufWriter::new(file);
    let mut ser = serde_json::Serializer::with_formatter(
        &mut w,
        serde_json::ser::PrettyFormatter::with_indent(b"    "),
    );
    doc.serialize(&mut ser)?;
    w.flush()
        .with_context(|| format!("could not write {}", path.display()))?;
    Ok(())
}

/// Copies a folder tree (a data folder, for benchmarks that change it).
pub fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    fs::create_dir_all(to)?;
    for item in fs::read_dir(from)? {
        let item = item?;
        let target = to.join(item.file_name());
        if item.file_type()?.is_dir() {
            copy_dir(&item.path(), &target)?;
        } else {
            fs::copy(item.path(), &target)?;
        }
    }
    Ok(())
}

/// The workload built once into a temporary folder for a benchmark run, with a copy of its data
/// folder for the benchmarks that add to it (so the others keep reading an unchanged store).
pub struct BenchWorkload {
    pub tmp: tempfile::TempDir,
    pub built: Built,
    pub data_for_adds: PathBuf,
}

pub fn build_for_bench(prefix: &str) -> BenchWorkload {
    let started = std::time::Instant::now();
    let tmp = tempfile::Builder::new()
        .prefix(prefix)
        .tempdir()
        .expect("a temporary folder");
    let built = build(tmp.path(), &Options::default()).expect("the workload builds");
    let data_for_adds = tmp.path().join("data-for-adds");
    copy_dir(&built.data, &data_for_adds).expect("a copy of the data folder");
    eprintln!(
        "workload: {} entries, {} check-ins, {} moments, {} bytes of entry text, built in {:.1} s",
        built.entries,
        built.checkins,
        built.moments,
        built.text_bytes,
        started.elapsed().as_secs_f64()
    );
    BenchWorkload {
        tmp,
        built,
        data_for_adds,
    }
}
