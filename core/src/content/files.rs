//! A pack's files: the shapes of `stages`, `resources` and guide extensions, and parsing one
//! file, TOML or JSON, with every problem placed at its line and column.

use super::layers::SourceFile;
use super::problem::Problem;
use super::schema::{self, Form, Walk};
use super::{Resource, Stage, WarningSign};
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::ops::Range;
use std::sync::Arc;
use toml::Spanned;
use toml::de::DeTable;

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

/// A file's text read into the spanned tree, whichever its form; `None` (with its problems) when
/// it could not be read or parsed. Syntax problems are `not valid TOML: …` or `not valid JSON:
/// …`, at the line and column the parser gives.
pub(super) fn parse_tree<'t>(
    f: &'t SourceFile,
    problems: &mut Vec<Problem>,
) -> Option<Spanned<DeTable<'t>>> {
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
    match Form::of(&f.rel) {
        Form::Toml => {
            let (table, errors) = DeTable::parse_recoverable(text);
            if errors.is_empty() {
                return Some(table);
            }
            for e in errors {
                let msg = e.message().trim().to_string();
                problems.push(Problem::at(
                    &f.shown,
                    text,
                    e.span().map(|s| s.start),
                    format!("not valid TOML: {msg}"),
                ));
            }
            None
        }
        Form::Json => match super::json::parse(text) {
            Ok(table) => Some(table),
            Err(found) => {
                for (offset, msg) in found {
                    problems.push(Problem::at(&f.shown, text, offset, msg));
                }
                None
            }
        },
    }
}

/// Shape-checks a parsed file against `shape` and deserialises it; `Some` only when it is clean.
pub(super) fn typed<T: for<'de> Deserialize<'de>>(
    f: &SourceFile,
    mut table: Spanned<DeTable<'_>>,
    shape: &'static [schema::Field],
    problems: &mut Vec<Problem>,
) -> Option<(T, Origin)> {
    let text = f.text.as_deref().unwrap_or_default();
    let form = Form::of(&f.rel);
    if form == Form::Json {
        schema::json_dates(table.get_mut(), shape);
    }
    let mut walk = Walk::new(f.shown.clone(), text, form);
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
        src: text.into(),
        spans: Arc::new(walk.spans),
    };
    Some((value, origin))
}

/// Parses and shape-checks one file of a fixed shape; `Some` only when it is clean.
pub(super) fn parse_file<T: for<'de> Deserialize<'de>>(
    f: &SourceFile,
    shape: &'static [schema::Field],
    problems: &mut Vec<Problem>,
) -> Option<(T, Origin)> {
    let table = parse_tree(f, problems)?;
    typed(f, table, shape, problems)
}
