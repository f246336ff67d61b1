//! Builds the 10-year workload of `WORKLOAD.md`:
//!
//! ```text
//! cargo run --release --example workload -- --out DIR [--entries 22000] [--days 3650] [--seed 42]
//! ```
//!
//! writes `DIR/data/` (a trustwork data folder), `DIR/export.json` (trustwork's own JSON export of
//! it), `DIR/jrnl.json` (the same entries as a jrnl 4.6 JSON export) and `DIR/workload.txt` (the
//! options and the workload's "now", for `TRUSTWORK_NOW`). A previous workload in `DIR` is
//! replaced; any other non-empty `DIR/data` is left alone and refused.

#[path = "../benches/support/workload_gen.rs"]
mod workload_gen;

use anyhow::{Context, Result, bail};
use std::path::PathBuf;
use std::time::Instant;
use trustwork::clock::Clock;
use trustwork::store::Store;
use workload_gen::Options;

const MARKER: &str = "workload.txt";

const USAGE: &str = "usage: workload --out DIR [--entries 22000] [--days 3650] [--seed 42]";

fn parse_args() -> Result<(PathBuf, Options)> {
    let mut out = None;
    let mut opts = Options::default();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        if flag == "-h" || flag == "--help" {
            println!("{USAGE}");
            std::process::exit(0);
        }
        let mut value = || -> Result<String> {
            inline
                .clone()
                .or_else(|| args.next())
                .with_context(|| format!("{flag} needs a value\n{USAGE}"))
        };
        match flag.as_str() {
            "--out" => out = Some(PathBuf::from(value()?)),
            "--entries" => opts.entries = value()?.parse().context("--entries: a number")?,
            "--days" => opts.days = value()?.parse().context("--days: a number")?,
            "--seed" => opts.seed = value()?.parse().context("--seed: a number")?,
            _ => bail!("unknown argument {arg:?}\n{USAGE}"),
        }
    }
    let out = out.with_context(|| format!("--out DIR is required\n{USAGE}"))?;
    Ok((out, opts))
}

fn main() -> Result<()> {
    let (out, opts) = parse_args()?;
    let started = Instant::now();

    let data = out.join("data");
    if data.exists() {
        if out.join(MARKER).is_file() {
            std::fs::remove_dir_all(&data)
                .with_context(|| format!("could not remove the previous {}", data.display()))?;
        } else if std::fs::read_dir(&data)?.next().is_some() {
            bail!(
                "{} is not empty and was not written by this example; choose another --out",
                data.display()
            );
        }
    }
    std::fs::create_dir_all(&out).with_context(|| format!("could not create {}", out.display()))?;
    let now = workload_gen::now_for(&opts);
    std::fs::write(
        out.join(MARKER),
        format!(
            "entries={}\ndays={}\nseed={}\nnow={}\n",
            opts.entries,
            opts.days,
            opts.seed,
            now.to_rfc3339()
        ),
    )?;

    let built = workload_gen::build(&out, &opts)?;

    let store = Store::at(&built.data, Clock::Fixed(built.now));
    let snap = store.load_all()?;
    let export = out.join("export.json");
    std::fs::write(&export, trustwork::export::to_json(&snap, built.now))
        .with_context(|| format!("could not write {}", export.display()))?;

    let size = |p: &std::path::Path| std::fs::metadata(p).map(|m| m.len()).unwrap_or(0);
    println!(
        "workload: {} entries, {} check-ins, {} moments, {} bytes of entry text \
         (export.json {} bytes, jrnl.json {} bytes) in {:.1} s -> {}",
        built.entries,
        built.checkins,
        built.moments,
        built.text_bytes,
        size(&export),
        size(&built.jrnl),
        started.elapsed().as_secs_f64(),
        out.display()
    );
    Ok(())
}
