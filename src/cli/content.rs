//! `content check`, `content list` and `content show`, and the pack every command reads.

use super::{Cli, ContentCmd, Failure, Out, no_guide};
use crate::bounded::{self, Links};
use crate::content::{self, Layer, Pack, Seed};
use crate::text::escape_line;
use std::io::{self, IsTerminal};
use std::path::PathBuf;

/// The content layers in order: embedded, the config folder's, then `--content-dir`.
pub fn content_layers(cli: &Cli) -> Vec<Layer> {
    let mut layers = vec![content::embedded_layer()];
    if let Some(d) = directories::ProjectDirs::from("", "", "trustwork") {
        let user = d.config_dir().join("content");
        if user.is_dir() {
            layers.push(Layer::from_dir(&user));
        }
    }
    if let Some(d) = &cli.content_dir {
        layers.push(Layer::from_dir(d));
    }
    layers
}

/// The pack to use; problems in the user's layers are reported on stderr and the sound parts
/// are used, so a broken custom guide never takes the default guides or the safety screen away.
pub(super) fn load_pack(cli: &Cli, err: Out) -> Pack {
    let report = content::load_layers(&content_layers(cli));
    if !report.problems.is_empty() {
        let _ = writeln!(
            err,
            "trustwork: the content pack has {}; the rest of it is used. Run `trustwork content check` for details.",
            crate::text::plural(report.problems.len(), "problem", "problems")
        );
    }
    report.pack
}

pub(super) fn run(cli: &Cli, c: &ContentCmd, out: Out, err: Out) -> Result<(), Failure> {
    match c {
        ContentCmd::Check {
            strict,
            alone,
            seeds,
            dir,
        } => {
            let mut layers = Vec::new();
            if !alone {
                layers.push(content::embedded_layer());
            }
            if let Some(d) = dir {
                layers.push(Layer::from_dir(d));
            }
            let report = content::load_layers(&layers);
            let mut problems = report.problems.clone();
            let strict = *strict || !seeds.is_empty();
            if strict {
                problems.extend(content::strict_problems(&report));
                problems.extend(content::copied_runs(&report, &read_seeds(seeds)?));
            }
            problems.sort();
            problems.dedup();
            for p in &problems {
                writeln!(out, "{}", escape_line(&p.to_string()))?;
            }
            let guides = report.pack.guides.len();
            if problems.is_empty() {
                writeln!(
                    err,
                    "ok: {guides} guides in {} stages, {} resources{}",
                    report.pack.stages.len(),
                    report.pack.resources.resources.len(),
                    if strict { " (strict)" } else { "" }
                )?;
                Ok(())
            } else {
                Err(Failure::data(format!(
                    "{} found",
                    crate::text::plural(problems.len(), "problem", "problems")
                )))
            }
        }
        ContentCmd::List => {
            let pack = load_pack(cli, err);
            for g in &pack.guides {
                writeln!(out, "{}\t{}\t{}", g.id, g.stage, escape_line(&g.title))?;
            }
            Ok(())
        }
        ContentCmd::Show { id } => {
            let pack = load_pack(cli, err);
            let g = pack.guide(id).ok_or_else(|| no_guide(id))?;
            let width = terminal_width().unwrap_or(80).clamp(20, 100);
            write!(out, "{}", crate::guide_text::render(&pack, g, width))?;
            Ok(())
        }
    }
}

/// The seed texts named on the command line: files, and the .txt, .md and .html files of folders.
fn read_seeds(paths: &[PathBuf]) -> Result<Vec<Seed>, Failure> {
    const SEED_LIMIT: u64 = 16 << 20;
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let listing = std::fs::read_dir(p)
                .map_err(|e| Failure::data(format!("cannot list {}: {e}", p.display())))?;
            let mut found: Vec<PathBuf> = listing
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|f| {
                    f.extension()
                        .and_then(|x| x.to_str())
                        .is_some_and(|x| matches!(x, "txt" | "md" | "html" | "htm"))
                })
                .collect();
            found.sort();
            files.extend(found);
        } else {
            files.push(p.clone());
        }
    }
    let mut seeds = Vec::new();
    for f in files {
        let bytes = bounded::read(&f, SEED_LIMIT, Links::Follow)
            .map_err(|e| Failure::data(format!("cannot read the seed {}: {e}", f.display())))?;
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| f.display().to_string());
        seeds.push(Seed::new(name, &String::from_utf8_lossy(&bytes)));
    }
    Ok(seeds)
}

/// The width of the terminal on standard output, when it is one.
fn terminal_width() -> Option<usize> {
    if !io::stdout().is_terminal() {
        return None;
    }
    crossterm::terminal::size().ok().map(|(w, _)| w as usize)
}
