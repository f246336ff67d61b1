//! A small schema checker over toml's spanned tables. serde stops at the first problem; a
//! counsellor fixing a pack wants every problem of every file in one run, each with a position,
//! so the shape is checked here first and only a clean file is deserialised. A JSON file is read
//! into the same spanned tables (`content::json`), so both forms are checked by this one walk;
//! only a few words differ (`Form`).

use super::problem::Problem;
use std::collections::HashMap;
use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

#[derive(Debug, Clone, Copy)]
pub(crate) enum Ty {
    /// A non-empty string.
    Str,
    /// An id: lowercase letters, digits, `-` and `.`, starting with a letter or digit.
    Id,
    Int(i64, i64),
    Bool,
    Date,
    /// An array of non-empty strings.
    StrList,
    /// A list of ids (links to other guides).
    IdList,
    OneOf(&'static [&'static str]),
    /// An array of tables, each of this shape.
    Tables(&'static [Field]),
    /// An array of exercise tables, whose shape depends on `kind`.
    Exercises,
    /// `[paths]`: role → list of guide ids.
    Paths,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Field {
    pub name: &'static str,
    pub ty: Ty,
    pub required: bool,
}

const fn req(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: true,
    }
}
const fn opt(name: &'static str, ty: Ty) -> Field {
    Field {
        name,
        ty,
        required: false,
    }
}

pub(crate) const AUDIENCES: &[&str] = &["both", "hurt", "repairing"];
const MODES: &[&str] = &["any", "together"];
const FORMAT: Field = req("format", Ty::Int(1, 1));

const IDEA: &[Field] = &[req("title", Ty::Str), req("text", Ty::Str)];
const PROMPT: &[Field] = &[
    req("id", Ty::Id),
    req("text", Ty::Str),
    opt("audience", Ty::OneOf(AUDIENCES)),
    opt("mode", Ty::OneOf(MODES)),
];
const ITEM: &[Field] = &[
    req("id", Ty::Id),
    req("text", Ty::Str),
    opt("audience", Ty::OneOf(AUDIENCES)),
    opt("outcome", Ty::OneOf(&["danger", "not-yet"])),
];
const FORM_FIELD: &[Field] = &[
    req("id", Ty::Id),
    req("label", Ty::Str),
    opt("hint", Ty::Str),
    opt("lines", Ty::Int(1, 20)),
];
const EXERCISE_COMMON: &[Field] = &[
    req("id", Ty::Id),
    req("kind", Ty::OneOf(&super::ExerciseKind::NAMES)),
    req("title", Ty::Str),
    req("intro", Ty::Str),
    opt("audience", Ty::OneOf(AUDIENCES)),
    opt("mode", Ty::OneOf(MODES)),
];

const REFLECTION: &[Field] = &[req("question", Ty::Str)];
const CHECKLIST: &[Field] = &[
    req("items", Ty::Tables(ITEM)),
    opt("outcome", Ty::OneOf(&["safety"])),
];
const SCALE: &[Field] = &[
    req("question", Ty::Str),
    req("min_label", Ty::Str),
    req("max_label", Ty::Str),
];
const FORM: &[Field] = &[req("fields", Ty::Tables(FORM_FIELD))];
const TIMED_TALK: &[Field] = &[
    req("turn_minutes", Ty::Int(1, 30)),
    req("rounds", Ty::Int(1, 10)),
    req("speaker", Ty::Str),
    req("listener", Ty::Str),
];
const AGREEMENT: &[Field] = &[
    req("category", Ty::OneOf(&["boundary", "expectation"])),
    req("suggestions", Ty::StrList),
    req("review_days", Ty::Int(1, 365)),
];
const PROMISE: &[Field] = &[
    req("examples", Ty::StrList),
    req("repeat", Ty::OneOf(&["once", "daily", "weekly"])),
];

/// The fields of each exercise kind, beyond the common ones.
fn kind_fields(kind: &str) -> &'static [Field] {
    match kind {
        "reflection" => REFLECTION,
        "checklist" => CHECKLIST,
        "scale" => SCALE,
        "form" => FORM,
        "timed_talk" => TIMED_TALK,
        "agreement" => AGREEMENT,
        "promise" => PROMISE,
        _ => &[],
    }
}

pub(crate) const GUIDE: &[Field] = &[
    FORMAT,
    req("id", Ty::Id),
    req("title", Ty::Str),
    req("stage", Ty::Id),
    req("order", Ty::Int(-1_000_000, 1_000_000)),
    req("audience", Ty::OneOf(AUDIENCES)),
    req("minutes", Ty::Int(1, 600)),
    req("summary", Ty::Str),
    opt("see_also", Ty::IdList),
    opt("ephemeral", Ty::Bool),
    req("ideas", Ty::Tables(IDEA)),
    req("prompts", Ty::Tables(PROMPT)),
    opt("exercises", Ty::Exercises),
    req("signs_of_progress", Ty::StrList),
];

/// A file that adds to an existing guide instead of replacing it.
pub(crate) const GUIDE_EXTENSION: &[Field] = &[
    FORMAT,
    req("extends", Ty::Id),
    opt("ideas", Ty::Tables(IDEA)),
    opt("prompts", Ty::Tables(PROMPT)),
    opt("exercises", Ty::Exercises),
    opt("signs_of_progress", Ty::StrList),
];

const STAGE: &[Field] = &[
    req("id", Ty::Id),
    req("name", Ty::Str),
    req("line", Ty::Str),
    req("order", Ty::Int(-1_000_000, 1_000_000)),
];
pub(crate) const STAGES: &[Field] = &[
    FORMAT,
    opt("stages", Ty::Tables(STAGE)),
    opt("paths", Ty::Paths),
];

const PATH_FIELDS: &[Field] = &[
    opt("hurt", Ty::IdList),
    opt("repairing", Ty::IdList),
    opt("unsaid", Ty::IdList),
];

const SIGN: &[Field] = &[req("id", Ty::Id), req("text", Ty::Str)];
const RESOURCE: &[Field] = &[
    req("id", Ty::Id),
    req(
        "kind",
        Ty::OneOf(&[
            "emergency",
            "abuse",
            "crisis",
            "own-behaviour",
            "directory",
            "therapist",
        ]),
    ),
    req("country", Ty::Str),
    req("name", Ty::Str),
    req("how", Ty::Str),
    opt("hours", Ty::Str),
    opt("note", Ty::Str),
    opt("last_checked", Ty::Date),
];
pub(crate) const RESOURCES: &[Field] = &[
    FORMAT,
    opt("not_therapy", Ty::Str),
    opt("intro", Ty::Str),
    opt("in_danger", Ty::Str),
    opt("more_help", Ty::Str),
    opt("not_yet", Ty::Str),
    opt("not_yet_guides", Ty::IdList),
    opt("warning_signs", Ty::Tables(SIGN)),
    opt("device_safety", Ty::Tables(SIGN)),
    opt("resources", Ty::Tables(RESOURCE)),
];

/// The form a pack file is written in, told by its name (`.json`, else TOML). The checks are
/// the same for both; the hints about syntax speak the file's own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Form {
    Toml,
    Json,
}

impl Form {
    pub fn of(rel: &str) -> Form {
        if rel.ends_with(".json") {
            Form::Json
        } else {
            Form::Toml
        }
    }

    fn type_name(self, v: &DeValue<'_>) -> &'static str {
        match self {
            Form::Toml => v.type_str(),
            Form::Json => super::json::type_name(v),
        }
    }
}

/// One file being checked: its problems, and the span of every value by path (`ideas.2.text`),
/// so later checks can point at the exact place too.
pub(crate) struct Walk<'s> {
    pub file: String,
    pub src: &'s str,
    pub form: Form,
    pub problems: Vec<Problem>,
    pub spans: HashMap<String, Range<usize>>,
}

impl<'s> Walk<'s> {
    pub fn new(file: String, src: &'s str, form: Form) -> Walk<'s> {
        Walk {
            file,
            src,
            form,
            problems: Vec::new(),
            spans: HashMap::new(),
        }
    }

    pub fn problem(&mut self, span: Option<Range<usize>>, message: impl Into<String>) {
        let p = Problem::at(&self.file, self.src, span.map(|s| s.start), message.into());
        self.problems.push(p);
    }

    pub fn table(&mut self, table: &DeTable<'_>, span: Range<usize>, fields: &[Field], path: &str) {
        self.spans.insert(path.to_string(), span.clone());
        for (key, value) in table.iter() {
            let name = key.get_ref().as_ref();
            match fields.iter().find(|f| f.name == name) {
                Some(f) => self.value(value, f.ty, &join(path, name)),
                None => {
                    let known: Vec<&str> = fields.iter().map(|f| f.name).collect();
                    self.problem(
                        Some(key.span()),
                        format!(
                            "unknown key `{name}`{} (known keys: {})",
                            where_(path),
                            known.join(", ")
                        ),
                    );
                }
            }
        }
        for f in fields.iter().filter(|f| f.required) {
            if !table.contains_key(f.name) {
                self.problem(
                    Some(span.clone()),
                    format!("missing `{}`{}", f.name, where_(path)),
                );
            }
        }
    }

    fn value(&mut self, v: &Spanned<DeValue<'_>>, ty: Ty, path: &str) {
        let span = v.span();
        self.spans.insert(path.to_string(), span.clone());
        let got = v.get_ref();
        let form = self.form;
        // The key by its whole path: `title` at the top, `ideas[2].title` inside a list.
        let shown = display_path(path);
        let name = shown.as_str();
        let wrong = |w: &mut Self, want: &str| {
            w.problem(
                Some(span.clone()),
                format!("`{name}` should be {want}, not {}", form.type_name(got)),
            )
        };
        match ty {
            Ty::Str => match got.as_str() {
                Some(s) if s.trim().is_empty() => {
                    self.problem(Some(span), format!("`{name}` is empty"))
                }
                Some(_) => {}
                None => wrong(self, "a string"),
            },
            Ty::Id => match got.as_str() {
                Some(s) if !valid_id(s) => self.problem(
                    Some(span),
                    format!(
                        "`{name}` {s:?} is not a valid id (lowercase letters, digits, `-` and `.`)"
                    ),
                ),
                Some(_) => {}
                None => wrong(self, "a string"),
            },
            Ty::Int(min, max) => match got.as_integer() {
                Some(i) => match i64::from_str_radix(&i.as_str().replace('_', ""), i.radix()) {
                    Ok(n) if (min..=max).contains(&n) => {}
                    _ if min == max => self.problem(
                        Some(span),
                        match form {
                            Form::Toml => format!(
                                "`{name}` is {i}; this version of trustwork reads {name} = {min}"
                            ),
                            Form::Json => format!(
                                "`{name}` is {i}; this version of trustwork reads \"{name}\": {min}"
                            ),
                        },
                    ),
                    _ => self.problem(
                        Some(span),
                        format!("`{name}` should be a whole number from {min} to {max}"),
                    ),
                },
                None => wrong(self, "a whole number"),
            },
            Ty::Bool => {
                if got.as_bool().is_none() {
                    wrong(self, "true or false")
                }
            }
            Ty::Date => match got.as_datetime() {
                Some(d) if d.date.is_some() && d.time.is_none() => {}
                _ => match form {
                    Form::Toml => wrong(self, "a date such as 2026-11-25 (no quotes)"),
                    Form::Json => wrong(self, "a date such as \"2026-11-25\""),
                },
            },
            Ty::StrList | Ty::IdList => match got.as_array() {
                Some(items) => {
                    for (i, item) in items.iter().enumerate() {
                        let ipath = format!("{path}.{i}");
                        self.spans.insert(ipath, item.span());
                        match item.get_ref().as_str() {
                            Some(s) if s.trim().is_empty() => self.problem(
                                Some(item.span()),
                                format!("an item of `{name}` is empty"),
                            ),
                            Some(s) if matches!(ty, Ty::IdList) && !valid_id(s) => self.problem(
                                Some(item.span()),
                                format!("{s:?} in `{name}` is not a valid id"),
                            ),
                            Some(_) => {}
                            None => self.problem(
                                Some(item.span()),
                                format!("the items of `{name}` should be strings"),
                            ),
                        }
                    }
                }
                None => wrong(self, "a list of strings"),
            },
            Ty::OneOf(choices) => match got.as_str() {
                Some(s) if choices.contains(&s) => {}
                Some(s) => self.problem(
                    Some(span),
                    format!(
                        "`{name}` is {s:?}; it should be one of: {}",
                        choices.join(", ")
                    ),
                ),
                None => wrong(self, &format!("one of: {}", choices.join(", "))),
            },
            Ty::Tables(fields) => self.tables(v, path, |w, t, sp, p| w.table(t, sp, fields, p)),
            Ty::Exercises => self.tables(v, path, |w, t, sp, p| w.exercise(t, sp, p)),
            Ty::Paths => match got.as_table() {
                Some(t) => self.table(t, span, PATH_FIELDS, path),
                None => match form {
                    Form::Toml => wrong(self, "a table of role = [guide ids]"),
                    Form::Json => wrong(self, "an object of role: [guide ids]"),
                },
            },
        }
    }

    fn tables(
        &mut self,
        v: &Spanned<DeValue<'_>>,
        path: &str,
        mut each: impl FnMut(&mut Self, &DeTable<'_>, Range<usize>, &str),
    ) {
        let shown = display_path(path);
        // The TOML header of such a table: `[[ideas]]`, `[[exercises.items]]`.
        let header: Vec<&str> = path
            .split('.')
            .filter(|p| p.parse::<usize>().is_err())
            .collect();
        let header = header.join(".");
        match v.get_ref().as_array() {
            Some(items) => {
                for (i, item) in items.iter().enumerate() {
                    let ipath = format!("{path}.{i}");
                    match item.get_ref().as_table() {
                        Some(t) => each(self, t, item.span(), &ipath),
                        None => {
                            let message = match self.form {
                                Form::Toml => {
                                    format!("each `{shown}` should be a table ([[{header}]])")
                                }
                                Form::Json => format!(
                                    "`{}` should be an object ({{…}}), not {}",
                                    display_path(&ipath),
                                    super::json::type_name(item.get_ref())
                                ),
                            };
                            self.problem(Some(item.span()), message)
                        }
                    }
                }
            }
            None => {
                let message = match self.form {
                    Form::Toml => format!("`{shown}` should be a list of tables ([[{header}]])"),
                    Form::Json => format!(
                        "`{shown}` should be a list of objects ([{{…}}, …]), not {}",
                        super::json::type_name(v.get_ref())
                    ),
                };
                self.problem(Some(v.span()), message)
            }
        }
    }

    fn exercise(&mut self, t: &DeTable<'_>, span: Range<usize>, path: &str) {
        self.table(t, span, &exercise_fields(t), path);
    }
}

/// An exercise's fields: the common ones and those of its `kind`.
fn exercise_fields(t: &DeTable<'_>) -> Vec<Field> {
    let kind = t
        .get("kind")
        .and_then(|k| k.get_ref().as_str())
        .unwrap_or("");
    let mut fields: Vec<Field> = EXERCISE_COMMON.to_vec();
    fields.extend_from_slice(kind_fields(kind));
    fields
}

/// JSON has no dates, so a JSON file writes one as a string (`"2026-11-25"`). Where the shape
/// wants a date, such a string becomes the date a TOML file would have given, so both forms
/// deserialise into the same value; any other string is left for the walk to report.
pub(crate) fn json_dates(table: &mut DeTable<'_>, fields: &[Field]) {
    for (key, value) in table.iter_mut() {
        let Some(f) = fields.iter().find(|f| f.name == key.get_ref().as_ref()) else {
            continue;
        };
        match f.ty {
            Ty::Date => {
                let date = value
                    .get_ref()
                    .as_str()
                    .and_then(|s| s.parse::<toml::value::Datetime>().ok())
                    .filter(|d| d.date.is_some() && d.time.is_none() && d.offset.is_none());
                if let Some(d) = date {
                    *value.get_mut() = DeValue::Datetime(d);
                }
            }
            Ty::Tables(inner) => each_table(value, |t| json_dates(t, inner)),
            Ty::Exercises => each_table(value, |t| {
                let fields = exercise_fields(t);
                json_dates(t, &fields)
            }),
            _ => {}
        }
    }
}

fn each_table(v: &mut Spanned<DeValue<'_>>, mut f: impl FnMut(&mut DeTable<'_>)) {
    if let DeValue::Array(items) = v.get_mut() {
        for item in items.iter_mut() {
            if let DeValue::Table(t) = item.get_mut() {
                f(t);
            }
        }
    }
}

fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_string()
    } else {
        format!("{path}.{name}")
    }
}

/// Where a key sits: "" at the top, " in `exercises[1].items[0]`" inside (the path as JSON
/// tools write it, counting from 0: the first item of the second exercise).
fn where_(path: &str) -> String {
    if path.is_empty() {
        String::new()
    } else {
        format!(" in `{}`", display_path(path))
    }
}

/// A value's path as shown in problems: `exercises.1.items.0` is `exercises[1].items[0]`.
pub(crate) fn display_path(path: &str) -> String {
    let mut out = String::new();
    for part in path.split('.') {
        if part.parse::<usize>().is_ok() {
            out.push('[');
            out.push_str(part);
            out.push(']');
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(part);
        }
    }
    out
}

pub(crate) fn valid_id(s: &str) -> bool {
    let mut chars = s.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_lowercase() || c.is_ascii_digit())
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '.')
        && !s.ends_with(['-', '.'])
}
