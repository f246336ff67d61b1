//! Reading pack layers and laying them over each other, with every problem reported.

use super::problem::Problem;
use super::schema::{self, Walk};
use super::{Guide, Pack, Resource, Resources, SAFETY_CHECK, Stage, WarningSign};
use crate::model::Role;
use include_dir::{Dir, include_dir};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

static EMBEDDED: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/../content");

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
    for name in ["stages.toml", "resources.toml"] {
        if let Some(f) = EMBEDDED.get_file(name) {
            files.push(embedded_file(f));
        }
    }
    if let Some(dir) = EMBEDDED.get_dir("guides") {
        let mut guides: Vec<_> = dir
            .files()
            .filter(|f| f.path().extension().is_some_and(|e| e == "toml"))
            .collect();
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
        for name in ["stages.toml", "resources.toml"] {
            let p = dir.join(name);
            if p.exists() {
                paths.push((p, name.into()));
            }
        }
        if let Ok(rd) = std::fs::read_dir(dir) {
            let mut stray: Vec<_> = rd
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.is_file() && p.extension().is_some_and(|e| e == "toml"))
                .filter(|p| {
                    !matches!(
                        p.file_name().and_then(|n| n.to_str()),
                        Some("stages.toml" | "resources.toml")
                    )
                })
                .collect();
            stray.sort();
            for p in stray {
                layer.problems.push(Problem {
                    file: p.display().to_string(),
                    line: 1,
                    column: 1,
                    message: "unexpected file: a pack holds stages.toml, resources.toml and guides/*.toml".into(),
                });
            }
        }
        if let Ok(rd) = std::fs::read_dir(dir.join("guides")) {
            let mut guides: Vec<_> = rd
                .flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|e| e == "toml"))
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
        for (p, rel) in paths {
            let text = std::fs::read(&p)
                .map_err(|e| e.to_string())
                .and_then(|b| String::from_utf8(b).map_err(|_| "it is not UTF-8 text".into()));
            layer.files.push(SourceFile {
                shown: p.display().to_string(),
                rel,
                text,
            });
        }
        layer
    }
}

/// The result of loading: the pack built from everything that was sound, and every problem.
#[derive(Debug, Clone, Default)]
pub struct LoadReport {
    pub pack: Pack,
    pub problems: Vec<Problem>,
    /// Where each guide's text came from, for the quality checks.
    pub(crate) origins: HashMap<String, Origin>,
    /// Where stages (`stage:<id>`) and resources (`resource:<id>`) were defined, and at which path.
    pub(crate) places: HashMap<String, (Origin, String)>,
}

/// A file's name, text and value spans, kept so that later checks can give positions.
#[derive(Debug, Clone)]
pub(crate) struct Origin {
    pub file: Arc<str>,
    pub src: Arc<str>,
    pub spans: Arc<HashMap<String, Range<usize>>>,
}

impl Origin {
    pub fn problem(&self, path: &str, message: impl Into<String>) -> Problem {
        Problem::at(
            &self.file,
            &self.src,
            self.spans.get(path).map(|r| r.start),
            message.into(),
        )
    }
}

#[derive(Deserialize)]
struct StagesFile {
    #[serde(default)]
    stages: Vec<Stage>,
    #[serde(default)]
    paths: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
struct ResourcesFile {
    #[serde(default)]
    not_therapy: Option<String>,
    #[serde(default)]
    intro: Option<String>,
    #[serde(default)]
    warning_signs: Vec<WarningSign>,
    #[serde(default)]
    device_safety: Vec<WarningSign>,
    #[serde(default)]
    resources: Vec<Resource>,
}

#[derive(Deserialize)]
struct GuideExtension {
    extends: String,
    #[serde(default)]
    ideas: Vec<super::Idea>,
    #[serde(default)]
    prompts: Vec<super::Prompt>,
    #[serde(default)]
    exercises: Vec<super::Exercise>,
    #[serde(default)]
    signs_of_progress: Vec<String>,
}

/// Parses and shape-checks one file; `Some` only when it is clean.
fn parse_file<T: for<'de> Deserialize<'de>>(
    f: &SourceFile,
    fields: impl FnOnce(&toml::de::DeTable<'_>) -> &'static [schema::Field],
    problems: &mut Vec<Problem>,
) -> Option<(T, Origin)> {
    let text = match &f.text {
        Ok(t) => t,
        Err(e) => {
            problems.push(Problem {
                file: f.shown.clone(),
                line: 1,
                column: 1,
                message: format!("could not be read: {e}"),
            });
            return None;
        }
    };
    let (table, errors) = toml::de::DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        for e in errors {
            let msg = e.message().trim().to_string();
            problems.push(Problem::at(
                &f.shown,
                text,
                e.span().map(|s| s.start),
                format!("not valid TOML: {msg}"),
            ));
        }
        return None;
    }
    let mut walk = Walk::new(f.shown.clone(), text);
    let shape = fields(table.get_ref());
    let span = table.span();
    walk.table(table.get_ref(), span, shape, "");
    if !walk.problems.is_empty() {
        problems.append(&mut walk.problems);
        return None;
    }
    let value = match T::deserialize(toml::de::Deserializer::from(table)) {
        Ok(v) => v,
        Err(e) => {
            problems.push(Problem::at(
                &f.shown,
                text,
                e.span().map(|s| s.start),
                e.message().trim().to_string(),
            ));
            return None;
        }
    };
    let origin = Origin {
        file: f.shown.as_str().into(),
        src: text.as_str().into(),
        spans: Arc::new(walk.spans),
    };
    Some((value, origin))
}

/// Lays the layers over each other, first to last, and checks the links of the result.
pub fn load_layers(layers: &[Layer]) -> LoadReport {
    let mut r = LoadReport::default();
    let mut guides: BTreeMap<String, Guide> = BTreeMap::new();
    let mut stages: BTreeMap<String, Stage> = BTreeMap::new();
    let mut paths: BTreeMap<Role, (Vec<String>, Origin, String)> = BTreeMap::new();
    let mut resources = Resources::default();

    for (li, layer) in layers.iter().enumerate() {
        let base = li == 0;
        r.problems.extend(layer.problems.iter().cloned());
        let mut layer_guides: HashMap<String, Origin> = HashMap::new();
        let mut layer_items: HashMap<String, String> = HashMap::new();
        let mut extensions: Vec<(GuideExtension, Origin)> = Vec::new();

        for f in &layer.files {
            match f.rel.as_str() {
                "stages.toml" => {
                    let Some((sf, origin)) =
                        parse_file::<StagesFile>(f, |_| schema::STAGES, &mut r.problems)
                    else {
                        continue;
                    };
                    let mut seen = HashSet::new();
                    for (i, s) in sf.stages.into_iter().enumerate() {
                        if !seen.insert(s.id.clone()) {
                            r.problems.push(origin.problem(
                                &format!("stages.{i}.id"),
                                format!("stage id `{}` is used twice in this file", s.id),
                            ));
                            continue;
                        }
                        r.places.insert(
                            format!("stage:{}", s.id),
                            (origin.clone(), format!("stages.{i}.id")),
                        );
                        stages.insert(s.id.clone(), s);
                    }
                    for (key, ids) in sf.paths {
                        if let Some(role) = Role::from_path_key(&key) {
                            paths.insert(role, (ids, origin.clone(), format!("paths.{key}")));
                        }
                    }
                }
                "resources.toml" => {
                    let Some((rf, origin)) =
                        parse_file::<ResourcesFile>(f, |_| schema::RESOURCES, &mut r.problems)
                    else {
                        continue;
                    };
                    merge_resources(
                        &mut resources,
                        rf,
                        &origin,
                        base,
                        &mut r.problems,
                        &mut r.places,
                    );
                }
                rel if rel.starts_with("guides/") => {
                    let is_extension = f
                        .text
                        .as_ref()
                        .map(|t| {
                            toml::de::DeTable::parse(t)
                                .map(|t| t.get_ref().contains_key("extends"))
                                .unwrap_or(false)
                        })
                        .unwrap_or(false);
                    if is_extension {
                        if let Some(ext) = parse_file::<GuideExtension>(
                            f,
                            |_| schema::GUIDE_EXTENSION,
                            &mut r.problems,
                        ) {
                            extensions.push(ext);
                        }
                        continue;
                    }
                    let Some((g, origin)) =
                        parse_file::<Guide>(f, |_| schema::GUIDE, &mut r.problems)
                    else {
                        continue;
                    };
                    if let Some(first) = layer_guides.get(&g.id) {
                        r.problems.push(origin.problem(
                            "id",
                            format!("guide id `{}` is also used by {}", g.id, first.file),
                        ));
                        continue;
                    }
                    let mut clean = true;
                    check_guide_ids(
                        &g,
                        &origin,
                        "",
                        &mut layer_items,
                        &mut r.problems,
                        &mut clean,
                    );
                    if !clean {
                        continue;
                    }
                    if !base && g.id == SAFETY_CHECK && guides.contains_key(SAFETY_CHECK) {
                        r.problems.push(origin.problem(
                            "id",
                            "the safety check can be extended (extends = \"safety-check\") but not replaced",
                        ));
                        continue;
                    }
                    layer_guides.insert(g.id.clone(), origin.clone());
                    r.origins.insert(g.id.clone(), origin);
                    guides.insert(g.id.clone(), g);
                }
                _ => {}
            }
        }

        for (ext, origin) in extensions {
            let Some(target) = guides.get_mut(&ext.extends) else {
                r.problems.push(origin.problem(
                    "extends",
                    format!(
                        "`extends` names guide `{}`, which does not exist",
                        ext.extends
                    ),
                ));
                continue;
            };
            let as_guide = Guide {
                ideas: ext.ideas,
                prompts: ext.prompts,
                exercises: ext.exercises,
                signs_of_progress: ext.signs_of_progress,
                ..target.clone()
            };
            let mut clean = true;
            // Ids the extended guide already has count as taken.
            let mut taken: HashMap<String, String> = layer_items.clone();
            for p in &target.prompts {
                taken
                    .entry(format!("prompt {}", p.id))
                    .or_insert_with(|| target.id.clone());
            }
            for e in &target.exercises {
                taken
                    .entry(format!("exercise {}", e.id))
                    .or_insert_with(|| target.id.clone());
            }
            check_guide_ids(
                &as_guide,
                &origin,
                "",
                &mut taken,
                &mut r.problems,
                &mut clean,
            );
            if clean {
                target.ideas.extend(as_guide.ideas);
                target.prompts.extend(as_guide.prompts);
                target.exercises.extend(as_guide.exercises);
                target.signs_of_progress.extend(as_guide.signs_of_progress);
            }
        }
    }

    // Links of the whole, layered pack.
    let mut prompt_owner: HashMap<&str, &str> = HashMap::new();
    for g in guides.values() {
        let origin = r.origins.get(&g.id).cloned();
        let problem = |path: &str, msg: String| match &origin {
            Some(o) => o.problem(path, msg),
            None => Problem {
                file: g.id.clone(),
                line: 1,
                column: 1,
                message: msg,
            },
        };
        if !stages.contains_key(&g.stage) {
            r.problems.push(problem(
                "stage",
                format!("stage `{}` does not exist (see stages.toml)", g.stage),
            ));
        }
        for (i, id) in g.see_also.iter().enumerate() {
            if !guides.contains_key(id) {
                r.problems.push(problem(
                    &format!("see_also.{i}"),
                    format!("`see_also` names guide `{id}`, which does not exist"),
                ));
            }
        }
        for (i, p) in g.prompts.iter().enumerate() {
            if let Some(other) = prompt_owner.insert(&p.id, &g.id)
                && other != g.id
            {
                r.problems.push(problem(
                    &format!("prompts.{i}.id"),
                    format!("prompt id `{}` is also used in guide `{other}`", p.id),
                ));
            }
        }
    }
    for (role, (ids, origin, path)) in &paths {
        for (i, id) in ids.iter().enumerate() {
            if !guides.contains_key(id) {
                r.problems.push(origin.problem(
                    &format!("{path}.{i}"),
                    format!(
                        "the path for role `{}` names guide `{id}`, which does not exist",
                        role.as_str()
                    ),
                ));
            }
        }
    }
    if let Some(first) = layers.first() {
        let file = first
            .files
            .iter()
            .find(|f| f.rel == "resources.toml")
            .map(|f| f.shown.clone())
            .unwrap_or_else(|| format!("{}/resources.toml", first.name));
        for (what, value) in [
            ("not_therapy", &resources.not_therapy),
            ("intro", &resources.intro),
        ] {
            if value.is_empty() {
                r.problems.push(Problem {
                    file: file.clone(),
                    line: 1,
                    column: 1,
                    message: format!("the pack needs `{what}` in resources.toml"),
                });
            }
        }
        match guides.get(SAFETY_CHECK) {
            None => r.problems.push(Problem {
                file: first.name.clone(),
                line: 1,
                column: 1,
                message: "the pack needs the `safety-check` guide".into(),
            }),
            Some(g) if !g.ephemeral => {
                if let Some(o) = r.origins.get(SAFETY_CHECK) {
                    r.problems
                        .push(o.problem("id", "`safety-check` must be `ephemeral = true`"));
                }
            }
            Some(_) => {}
        }
    }

    let mut stage_list: Vec<Stage> = stages.into_values().collect();
    stage_list.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.id.cmp(&b.id)));
    let stage_rank: HashMap<&str, usize> = stage_list
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), i))
        .collect();
    let mut guide_list: Vec<Guide> = guides.into_values().collect();
    guide_list.sort_by(|a, b| {
        let ra = stage_rank.get(a.stage.as_str()).unwrap_or(&usize::MAX);
        let rb = stage_rank.get(b.stage.as_str()).unwrap_or(&usize::MAX);
        ra.cmp(rb)
            .then(a.order.cmp(&b.order))
            .then_with(|| a.id.cmp(&b.id))
    });
    r.pack = Pack {
        stages: stage_list,
        guides: guide_list,
        paths: paths.into_iter().map(|(k, (v, _, _))| (k, v)).collect(),
        resources,
    };
    r.problems.sort();
    r.problems.dedup();
    r
}

/// Checks that a guide's prompt and exercise ids are not taken in this layer, and that item and
/// field ids are unique within their exercise. Records the ids it takes.
fn check_guide_ids(
    g: &Guide,
    origin: &Origin,
    _path: &str,
    taken: &mut HashMap<String, String>,
    problems: &mut Vec<Problem>,
    clean: &mut bool,
) {
    let mut take =
        |key: String, path: String, what: &str, id: &str, problems: &mut Vec<Problem>| {
            if let Some(owner) = taken.get(&key) {
                problems.push(origin.problem(
                    &path,
                    format!("{what} id `{id}` is already used in guide `{owner}`"),
                ));
                *clean = false;
            } else {
                taken.insert(key, g.id.clone());
            }
        };
    for (i, p) in g.prompts.iter().enumerate() {
        take(
            format!("prompt {}", p.id),
            format!("prompts.{i}.id"),
            "prompt",
            &p.id,
            problems,
        );
    }
    for (i, e) in g.exercises.iter().enumerate() {
        take(
            format!("exercise {}", e.id),
            format!("exercises.{i}.id"),
            "exercise",
            &e.id,
            problems,
        );
        let (list, ids): (&str, Vec<&str>) = match &e.kind {
            super::ExerciseKind::Checklist { items, .. } => {
                ("items", items.iter().map(|x| x.id.as_str()).collect())
            }
            super::ExerciseKind::Form { fields } => {
                ("fields", fields.iter().map(|x| x.id.as_str()).collect())
            }
            _ => continue,
        };
        let mut seen = HashSet::new();
        for (j, id) in ids.iter().enumerate() {
            if !seen.insert(*id) {
                problems.push(origin.problem(
                    &format!("exercises.{i}.{list}.{j}.id"),
                    format!("`{id}` is used twice in exercise `{}`", e.id),
                ));
            }
        }
    }
}

fn merge_resources(
    into: &mut Resources,
    rf: ResourcesFile,
    origin: &Origin,
    base: bool,
    problems: &mut Vec<Problem>,
    places: &mut HashMap<String, (Origin, String)>,
) {
    for (what, value, slot) in [
        ("not_therapy", rf.not_therapy, &mut into.not_therapy),
        ("intro", rf.intro, &mut into.intro),
    ] {
        if let Some(v) = value {
            if base {
                *slot = v;
            } else {
                problems.push(origin.problem(
                    what,
                    format!("`{what}` belongs to the default pack; a pack can add resources but not replace them"),
                ));
            }
        }
    }
    let mut add_signs = |list: Vec<WarningSign>, into: &mut Vec<WarningSign>, key: &str| {
        for (i, s) in list.into_iter().enumerate() {
            if into.iter().any(|x| x.id == s.id) {
                problems.push(origin.problem(
                    &format!("{key}.{i}.id"),
                    format!("`{}` already exists; a pack can add to the safety screen but not replace what is there", s.id),
                ));
            } else {
                into.push(s);
            }
        }
    };
    add_signs(rf.warning_signs, &mut into.warning_signs, "warning_signs");
    add_signs(rf.device_safety, &mut into.device_safety, "device_safety");
    for (i, res) in rf.resources.into_iter().enumerate() {
        if into.resources.iter().any(|x| x.id == res.id) {
            problems.push(origin.problem(
                &format!("resources.{i}.id"),
                format!(
                    "resource `{}` already exists; a pack can add resources but not replace them",
                    res.id
                ),
            ));
        } else {
            places.insert(
                format!("resource:{}", res.id),
                (origin.clone(), format!("resources.{i}.id")),
            );
            into.resources.push(res);
        }
    }
}
