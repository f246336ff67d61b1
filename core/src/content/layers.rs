//! Pack layers: a folder (or the embedded default pack) read into memory, file by file. Each
//! file is TOML or JSON (`.toml`, `.json`); one file in both forms is a problem.

use super::problem::Problem;
use include_dir::{Dir, include_dir};
use std::collections::HashSet;
use std::path::{Path, PathBuf};

static EMBEDDED: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../content");

/// The files at the top of a pack, each in either form.
const TOP_FILES: [&str; 4] = [
    "stages.toml",
    "stages.json",
    "resources.toml",
    "resources.json",
];

/// Whether a file name is a pack file's: `.toml` or `.json`.
fn pack_file_name(p: &Path) -> bool {
    p.extension().is_some_and(|e| e == "toml" || e == "json")
}

/// The largest file of a pack folder trustwork reads (the longest default guide is about 10 KB).
pub const MAX_FILE: u64 = 1 << 20;
/// The most a pack folder's files may hold together.
pub const MAX_PACK: u64 = 16 << 20;

/// A file of a layer: its name as shown in problems, its path inside the pack, and its text (or
/// why it could not be read).
#[derive(Debug, Clone)]
pub struct SourceFile {
    pub shown: String,
    pub rel: String,
    pub text: Result<String, String>,
}

/// One pack folder, read into memory.
#[derive(Debug, Clone)]
pub struct Layer {
    pub name: String,
    pub files: Vec<SourceFile>,
    /// Problems found while reading the folder itself.
    pub problems: Vec<Problem>,
}

/// The default pack, embedded in the binary.
pub fn embedded_layer() -> Layer {
    let mut files = Vec::new();
    for name in TOP_FILES {
        if let Some(f) = EMBEDDED.get_file(name) {
            files.push(embedded_file(f));
        }
    }
    if let Some(dir) = EMBEDDED.get_dir("guides") {
        let mut guides: Vec<_> = dir.files().filter(|f| pack_file_name(f.path())).collect();
        guides.sort_by_key(|f| f.path());
        files.extend(guides.into_iter().map(embedded_file));
    }
    Layer {
        name: "the default pack".into(),
        files,
        problems: Vec::new(),
    }
}

fn embedded_file(f: &include_dir::File<'_>) -> SourceFile {
    let rel = f.path().to_string_lossy().replace('\\', "/");
    SourceFile {
        shown: format!("content/{rel}"),
        rel,
        text: f
            .contents_utf8()
            .map(str::to_string)
            .ok_or_else(|| "it is not UTF-8 text".to_string()),
    }
}

impl Layer {
    /// Reads a pack folder. A folder that does not exist is an empty layer with one problem.
    /// Each file must be a regular file (or a link to one) of at most [`MAX_FILE`] bytes, and
    /// all of them together at most [`MAX_PACK`]; anything else is a problem of that file, found
    /// without waiting on it (a FIFO, a device) or reading more than the limit.
    pub fn from_dir(dir: &Path) -> Layer {
        let shown_root = dir.display().to_string();
        let mut layer = Layer {
            name: shown_root.clone(),
            files: Vec::new(),
            problems: Vec::new(),
        };
        if !dir.is_dir() {
            layer.problems.push(Problem {
                file: shown_root,
                line: 1,
                column: 1,
                message: "this folder does not exist".into(),
            });
            return layer;
        }
        let mut paths: Vec<(PathBuf, String)> = Vec::new();
        for name in TOP_FILES {
            let p = dir.join(name);
            if p.exists() {
                paths.push((p, name.into()));
            }
        }
        if let Ok(rd) = std::fs::read_dir(dir) {
            let mut stray: Vec<_> = rd
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file() && pack_file_name(p))
                .filter(|p| {
                    !p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| TOP_FILES.contains(&n))
                })
                .collect();
            stray.sort();
            for p in stray {
                layer.problems.push(Problem {
                    file: p.display().to_string(),
                    line: 1,
                    column: 1,
                    message: "unexpected file: a pack holds stages, resources and guides/*, each .toml or .json".into(),
                });
            }
        }
        if let Ok(rd) = std::fs::read_dir(dir.join("guides")) {
            let mut guides: Vec<_> = rd
                .flatten()
                .map(|e| e.path())
                .filter(|p| pack_file_name(p))
                .collect();
            guides.sort();
            for p in guides {
                let rel = format!(
                    "guides/{}",
                    p.file_name().unwrap_or_default().to_string_lossy()
                );
                paths.push((p, rel));
            }
        }
        let mut used = 0;
        for (p, rel) in paths {
            let text = read_pack_file(&p, &mut used);
            layer.files.push(SourceFile {
                shown: p.display().to_string(),
                rel,
                text,
            });
        }
        layer
    }
}

/// One file of a pack folder, its size counted into `used` (the pack's so far).
fn read_pack_file(path: &Path, used: &mut u64) -> Result<String, String> {
    let bytes = crate::bounded::read(path, MAX_FILE, crate::bounded::Links::Follow)
        .map_err(|e| e.to_string())?;
    let len = bytes.len() as u64;
    if *used + len > MAX_PACK {
        return Err(format!(
            "the pack's files come to more than {} together; this one was left out",
            crate::bounded::size(MAX_PACK)
        ));
    }
    *used += len;
    String::from_utf8(bytes).map_err(|_| "it is not UTF-8 text".into())
}

/// The files of a layer given in both forms (`stages.toml` and `stages.json`, `guides/x.toml`
/// and `guides/x.json`): which one is meant cannot be known, so neither is read, and each such
/// pair is one problem naming both. Returns the indices of the files to leave out.
pub(crate) fn twins(files: &[SourceFile]) -> (HashSet<usize>, Vec<Problem>) {
    let mut skip = HashSet::new();
    let mut problems = Vec::new();
    for (j, json) in files.iter().enumerate() {
        let Some(stem) = json.rel.strip_suffix(".json") else {
            continue;
        };
        let toml = format!("{stem}.toml");
        if let Some(t) = files.iter().position(|f| f.rel == toml) {
            skip.insert(j);
            skip.insert(t);
            problems.push(Problem {
                file: json.shown.clone(),
                line: 1,
                column: 1,
                message: format!(
                    "`{toml}` and `{}` are both here: keep one form of a file (neither is read)",
                    json.rel
                ),
            });
        }
    }
    (skip, problems)
}
