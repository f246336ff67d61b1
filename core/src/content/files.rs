//! A pack's files: the shapes of `stages.toml`, `resources.toml` and guide extensions, and
//! parsing one file with every problem placed at its line and column.

use super::layers::SourceFile;
use super::problem::Problem;
use super::schema::{self, Walk};
use super::{Resource, Stage, WarningSign};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;

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
pub(super) struct StagesFile {
    #[serde(default)]
    pub(super) stages: Vec<Stage>,
    #[serde(default)]
    pub(super) paths: BTreeMap<String, Vec<String>>,
}

#[derive(Deserialize)]
pub(super) struct ResourcesFile {
    #[serde(default)]
    pub(super) not_therapy: Option<String>,
    #[serde(default)]
    pub(super) intro: Option<String>,
    #[serde(default)]
    pub(super) in_danger: Option<String>,
    #[serde(default)]
    pub(super) more_help: Option<String>,
    #[serde(default)]
    pub(super) not_yet: Option<String>,
    #[serde(default)]
    pub(super) not_yet_guides: Option<Vec<String>>,
    #[serde(default)]
    pub(super) warning_signs: Vec<WarningSign>,
    #[serde(default)]
    pub(super) device_safety: Vec<WarningSign>,
    #[serde(default)]
    pub(super) resources: Vec<Resource>,
}

#[derive(Deserialize)]
pub(super) struct GuideExtension {
    pub(super) extends: String,
    #[serde(default)]
    pub(super) ideas: Vec<super::Idea>,
    #[serde(default)]
    pub(super) prompts: Vec<super::Prompt>,
    #[serde(default)]
    pub(super) exercises: Vec<super::Exercise>,
    #[serde(default)]
    pub(super) signs_of_progress: Vec<String>,
}

/// Parses and shape-checks one file; `Some` only when it is clean.
pub(super) fn parse_file<T: for<'de> Deserialize<'de>>(
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
