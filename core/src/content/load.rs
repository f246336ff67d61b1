//! Reading pack layers and laying them over each other, with every problem reported.

use super::files::{
    GuideExtension, Origin, ResourcesFile, StagesFile, parse_file, parse_tree, typed,
};
use super::layers::{Layer, SourceFile};
use super::problem::Problem;
use super::schema;
use super::{Guide, Pack, Resources, SAFETY_CHECK, Stage, WarningSign};
use crate::model::Role;
use std::collections::{BTreeMap, HashMap, HashSet};

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

/// Lays the layers over each other, first to last, and checks the links of the result.
pub fn load_layers(layers: &[Layer]) -> LoadReport {
    let mut m = Merge::default();
    for (li, layer) in layers.iter().enumerate() {
        m.add_layer(layer, li == 0);
    }
    m.check_links();
    if let Some(first) = layers.first() {
        m.check_base(first);
    }
    m.finish()
}

/// The pack being laid together, layer by layer, with the problems found so far.
#[derive(Default)]
struct Merge {
    r: LoadReport,
    guides: BTreeMap<String, Guide>,
    stages: BTreeMap<String, Stage>,
    paths: BTreeMap<Role, (Vec<String>, Origin, String)>,
    resources: Resources,
}

/// What the layer being read has defined so far: its guides, the ids of their items, and the
/// extensions it makes to guides (applied once the whole layer is read).
#[derive(Default)]
struct LayerSeen {
    guides: HashMap<String, Origin>,
    items: HashMap<String, String>,
    extensions: Vec<(GuideExtension, Origin)>,
}

impl Merge {
    /// Reads one layer's files over what the layers before it made.
    fn add_layer(&mut self, layer: &Layer, base: bool) {
        self.r.problems.extend(layer.problems.iter().cloned());
        let mut ls = LayerSeen::default();
        let (twins, problems) = super::layers::twins(&layer.files);
        self.r.problems.extend(problems);
        for (i, f) in layer.files.iter().enumerate() {
            if twins.contains(&i) {
                continue;
            }
            match f.rel.as_str() {
                "stages.toml" | "stages.json" => self.read_stages(f),
                "resources.toml" | "resources.json" => self.read_resources(f, base),
                rel if rel.starts_with("guides/") => self.read_guide(f, base, &mut ls),
                _ => {}
            }
        }
        for (ext, origin) in ls.extensions {
            self.extend_guide(ext, origin, &ls.items);
        }
    }

    /// `stages.toml`: the stages (each id once per file) and the path of guides for each role.
    fn read_stages(&mut self, f: &SourceFile) {
        let Some((sf, origin)) = parse_file::<StagesFile>(f, schema::STAGES, &mut self.r.problems)
        else {
            return;
        };
        let mut seen = HashSet::new();
        for (i, s) in sf.stages.into_iter().enumerate() {
            if !seen.insert(s.id.clone()) {
                self.r.problems.push(origin.problem(
                    &format!("stages.{i}.id"),
                    format!("stage id `{}` is used twice in this file", s.id),
                ));
                continue;
            }
            self.r.places.insert(
                format!("stage:{}", s.id),
                (origin.clone(), format!("stages.{i}.id")),
            );
            self.stages.insert(s.id.clone(), s);
        }
        for (key, ids) in sf.paths {
            if let Some(role) = Role::from_path_key(&key) {
                self.paths
                    .insert(role, (ids, origin.clone(), format!("paths.{key}")));
            }
        }
    }

    /// `resources.toml`: merged into the resources of the layers before.
    fn read_resources(&mut self, f: &SourceFile, base: bool) {
        let Some((rf, origin)) =
            parse_file::<ResourcesFile>(f, schema::RESOURCES, &mut self.r.problems)
        else {
            return;
        };
        merge_resources(
            &mut self.resources,
            rf,
            &origin,
            base,
            &mut self.r.problems,
            &mut self.r.places,
        );
    }

    /// A file under `guides/`: a new guide (or one replacing a guide of an earlier layer), or an
    /// extension of one, kept for when the layer is read.
    fn read_guide(&mut self, f: &SourceFile, base: bool, ls: &mut LayerSeen) {
        let Some(tree) = parse_tree(f, &mut self.r.problems) else {
            return;
        };
        if tree.get_ref().contains_key("extends") {
            if let Some(ext) =
                typed::<GuideExtension>(f, tree, schema::GUIDE_EXTENSION, &mut self.r.problems)
            {
                ls.extensions.push(ext);
            }
            return;
        }
        let Some((g, origin)) = typed::<Guide>(f, tree, schema::GUIDE, &mut self.r.problems) else {
            return;
        };
        if let Some(first) = ls.guides.get(&g.id) {
            self.r.problems.push(origin.problem(
                "id",
                format!("guide id `{}` is also used by {}", g.id, first.file),
            ));
            return;
        }
        let mut clean = true;
        check_guide_ids(
            &g,
            &origin,
            "",
            &mut ls.items,
            &mut self.r.problems,
            &mut clean,
        );
        if !clean {
            return;
        }
        if !base && g.id == SAFETY_CHECK && self.guides.contains_key(SAFETY_CHECK) {
            self.r.problems.push(origin.problem(
                "id",
                "the safety check can be extended (extends = \"safety-check\") but not replaced",
            ));
            return;
        }
        ls.guides.insert(g.id.clone(), origin.clone());
        self.r.origins.insert(g.id.clone(), origin);
        self.guides.insert(g.id.clone(), g);
    }

    /// Adds an extension's ideas, prompts, exercises and signs to the guide it names, if its ids
    /// are all new.
    fn extend_guide(
        &mut self,
        ext: GuideExtension,
        origin: Origin,
        layer_items: &HashMap<String, String>,
    ) {
        let Some(target) = self.guides.get_mut(&ext.extends) else {
            self.r.problems.push(origin.problem(
                "extends",
                format!(
                    "`extends` names guide `{}`, which does not exist",
                    ext.extends
                ),
            ));
            return;
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
            &mut self.r.problems,
            &mut clean,
        );
        if clean {
            target.ideas.extend(as_guide.ideas);
            target.prompts.extend(as_guide.prompts);
            target.exercises.extend(as_guide.exercises);
            target.signs_of_progress.extend(as_guide.signs_of_progress);
        }
    }

    /// Links of the whole, layered pack: stages, `see_also`, prompt ids, paths.
    fn check_links(&mut self) {
        let mut prompt_owner: HashMap<&str, &str> = HashMap::new();
        for g in self.guides.values() {
            let origin = self.r.origins.get(&g.id).cloned();
            let problem = |path: &str, msg: String| match &origin {
                Some(o) => o.problem(path, msg),
                None => Problem {
                    file: g.id.clone(),
                    line: 1,
                    column: 1,
                    message: msg,
                },
            };
            if !self.stages.contains_key(&g.stage) {
                self.r.problems.push(problem(
                    "stage",
                    format!("stage `{}` does not exist (see stages.toml)", g.stage),
                ));
            }
            for (i, id) in g.see_also.iter().enumerate() {
                if !self.guides.contains_key(id) {
                    self.r.problems.push(problem(
                        &format!("see_also.{i}"),
                        format!("`see_also` names guide `{id}`, which does not exist"),
                    ));
                }
            }
            for (i, p) in g.prompts.iter().enumerate() {
                if let Some(other) = prompt_owner.insert(&p.id, &g.id)
                    && other != g.id
                {
                    self.r.problems.push(problem(
                        &format!("prompts.{i}.id"),
                        format!("prompt id `{}` is also used in guide `{other}`", p.id),
                    ));
                }
            }
        }
        for (i, id) in self.resources.not_yet_guides.iter().enumerate() {
            if !self.guides.contains_key(id) {
                self.r.problems.push(Problem {
                    file: "resources.toml".into(),
                    line: 1,
                    column: 1,
                    message: format!(
                        "`not_yet_guides.{i}` names guide `{id}`, which does not exist"
                    ),
                });
            }
        }
        for (role, (ids, origin, path)) in &self.paths {
            for (i, id) in ids.iter().enumerate() {
                if !self.guides.contains_key(id) {
                    self.r.problems.push(origin.problem(
                        &format!("{path}.{i}"),
                        format!(
                            "the path for role `{}` names guide `{id}`, which does not exist",
                            role.as_str()
                        ),
                    ));
                }
            }
        }
    }

    /// What the base layer must give the pack: the resources' texts and the safety check.
    fn check_base(&mut self, first: &Layer) {
        let file = first
            .files
            .iter()
            .find(|f| matches!(f.rel.as_str(), "resources.toml" | "resources.json"))
            .map(|f| f.shown.clone())
            .unwrap_or_else(|| format!("{}/resources.toml", first.name));
        for (what, value) in [
            ("not_therapy", &self.resources.not_therapy),
            ("intro", &self.resources.intro),
            ("in_danger", &self.resources.in_danger),
            ("more_help", &self.resources.more_help),
            ("not_yet", &self.resources.not_yet),
        ] {
            if value.is_empty() {
                self.r.problems.push(Problem {
                    file: file.clone(),
                    line: 1,
                    column: 1,
                    message: format!("the pack needs `{what}` in resources.toml"),
                });
            }
        }
        match self.guides.get(SAFETY_CHECK) {
            None => self.r.problems.push(Problem {
                file: first.name.clone(),
                line: 1,
                column: 1,
                message: "the pack needs the `safety-check` guide".into(),
            }),
            Some(g) if !g.ephemeral => {
                if let Some(o) = self.r.origins.get(SAFETY_CHECK) {
                    self.r
                        .problems
                        .push(o.problem("id", "`safety-check` must be `ephemeral = true`"));
                }
            }
            Some(_) => {}
        }
    }

    /// The pack, stages and guides in order, and the problems sorted.
    fn finish(mut self) -> LoadReport {
        let mut stage_list: Vec<Stage> = self.stages.into_values().collect();
        stage_list.sort_by(|a, b| a.order.cmp(&b.order).then_with(|| a.id.cmp(&b.id)));
        let stage_rank: HashMap<&str, usize> = stage_list
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.as_str(), i))
            .collect();
        let mut guide_list: Vec<Guide> = self.guides.into_values().collect();
        guide_list.sort_by(|a, b| {
            let ra = stage_rank.get(a.stage.as_str()).unwrap_or(&usize::MAX);
            let rb = stage_rank.get(b.stage.as_str()).unwrap_or(&usize::MAX);
            ra.cmp(rb)
                .then(a.order.cmp(&b.order))
                .then_with(|| a.id.cmp(&b.id))
        });
        self.r.pack = Pack {
            stages: stage_list,
            guides: guide_list,
            paths: self
                .paths
                .into_iter()
                .map(|(k, (v, _, _))| (k, v))
                .collect(),
            resources: self.resources,
        };
        self.r.problems.sort();
        self.r.problems.dedup();
        self.r
    }
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
        // Every sign of a safety checklist says what it means when ticked.
        if let super::ExerciseKind::Checklist {
            items,
            outcome: Some(super::Outcome::Safety),
        } = &e.kind
        {
            for (j, item) in items.iter().enumerate() {
                if item.outcome.is_none() {
                    problems.push(origin.problem(
                        &format!("exercises.{i}.items.{j}.outcome"),
                        format!(
                            "sign `{}` of safety checklist `{}` needs `outcome = \"danger\"` or `\"not-yet\"`",
                            item.id, e.id
                        ),
                    ));
                }
            }
        }
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
    if let Some(ids) = rf.not_yet_guides {
        if base {
            into.not_yet_guides = ids;
        } else {
            problems.push(origin.problem(
                "not_yet_guides",
                "`not_yet_guides` belongs to the default pack; a pack can add resources but not replace them".to_string(),
            ));
        }
    }
    for (what, value, slot) in [
        ("not_therapy", rf.not_therapy, &mut into.not_therapy),
        ("intro", rf.intro, &mut into.intro),
        ("in_danger", rf.in_danger, &mut into.in_danger),
        ("more_help", rf.more_help, &mut into.more_help),
        ("not_yet", rf.not_yet, &mut into.not_yet),
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
