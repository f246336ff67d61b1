//! Packs written in JSON: the same pack as TOML loads to the same guides, layers the same way,
//! and every problem is reported in the same words with its position.

use super::*;
use std::path::Path;

fn layer(files: &[(&str, &str)]) -> Layer {
    Layer {
        name: "test".into(),
        files: files
            .iter()
            .map(|(rel, text)| layers::SourceFile {
                shown: format!("pack/{rel}"),
                rel: rel.to_string(),
                text: Ok(text.to_string()),
            })
            .collect(),
        problems: vec![],
    }
}

fn problems(report: &LoadReport) -> Vec<String> {
    report.problems.iter().map(|p| p.to_string()).collect()
}

/// A TOML value as JSON: a date becomes its text (`"2026-11-25"`), as the JSON form writes it.
fn to_json(v: &toml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    match v {
        toml::Value::String(s) => J::String(s.clone()),
        toml::Value::Integer(i) => J::from(*i),
        toml::Value::Float(f) => J::from(*f),
        toml::Value::Boolean(b) => J::Bool(*b),
        toml::Value::Datetime(d) => J::String(d.to_string()),
        toml::Value::Array(a) => J::Array(a.iter().map(to_json).collect()),
        toml::Value::Table(t) => {
            J::Object(t.iter().map(|(k, v)| (k.clone(), to_json(v))).collect())
        }
    }
}

/// One TOML file's text written as JSON.
fn json_of(toml_text: &str) -> String {
    let table: toml::Table = toml_text.parse().expect("the TOML parses");
    serde_json::to_string_pretty(&to_json(&toml::Value::Table(table))).unwrap()
}

/// Writes every file of `from` (TOML) into the folder `to` as JSON, and returns how many.
fn write_as_json(from: &Layer, to: &Path) -> usize {
    std::fs::create_dir_all(to.join("guides")).unwrap();
    for f in &from.files {
        let rel = f.rel.strip_suffix(".toml").expect("a TOML file");
        let text = f.text.as_ref().expect("readable");
        std::fs::write(to.join(format!("{rel}.json")), json_of(text)).unwrap();
    }
    from.files.len()
}

/// Loaded packs are equal in everything a front end reads.
fn assert_same_pack(toml: &Pack, json: &Pack) {
    assert_eq!(toml.guides.len(), json.guides.len());
    for (t, j) in toml.guides.iter().zip(&json.guides) {
        assert_eq!(t, j, "guide `{}`", t.id);
    }
    assert_eq!(toml.stages, json.stages);
    assert_eq!(toml.paths, json.paths);
    assert_eq!(toml.resources, json.resources);
}

#[test]
fn the_embedded_pack_as_json_loads_to_the_same_guides() {
    let embedded = embedded_layer();
    let tmp = tempfile::tempdir().unwrap();
    let n = write_as_json(&embedded, tmp.path());
    let json_layer = Layer::from_dir(tmp.path());
    assert_eq!(json_layer.files.len(), n);
    assert!(json_layer.files.iter().all(|f| f.rel.ends_with(".json")));

    let toml = load_layers(&[embedded]);
    let json = load_layers(&[json_layer]);
    assert!(problems(&json).is_empty(), "{:#?}", problems(&json));
    assert_eq!(json.pack.guides.len(), n - 2, "every guide file is a guide");
    assert_same_pack(&toml.pack, &json.pack);
    // The quality gate reads the JSON files' positions as it reads TOML's.
    let strict: Vec<String> = strict_problems(&json)
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert!(strict.is_empty(), "{strict:#?}");
    // A resource's date is a string in JSON and the same date once loaded.
    assert!(json.pack.resources.resources[0].last_checked.is_some());
}

#[test]
fn the_example_pack_as_json_layers_like_the_toml_one() {
    let dir = Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../examples/content"));
    let example = Layer::from_dir(dir);
    assert!(example.problems.is_empty(), "{:?}", example.problems);
    let tmp = tempfile::tempdir().unwrap();
    write_as_json(&example, tmp.path());
    let toml = load_layers(&[embedded_layer(), example]);
    let json = load_layers(&[embedded_layer(), Layer::from_dir(tmp.path())]);
    assert!(problems(&toml).is_empty(), "{:#?}", problems(&toml));
    assert!(problems(&json).is_empty(), "{:#?}", problems(&json));
    assert_same_pack(&toml.pack, &json.pack);
}

#[test]
fn a_json_guide_in_a_user_layer_replaces_a_toml_one() {
    let own_it = embedded_layer()
        .files
        .into_iter()
        .find(|f| f.rel == "guides/own-it.toml")
        .unwrap();
    let text = own_it
        .text
        .unwrap()
        .replace("title = \"", "title = \"Mine: ");
    let json = json_of(&text);
    let extension = r#"{
  "format": 1,
  "extends": "safety-check",
  "signs_of_progress": ["A sign added from JSON."]
}"#;
    let stages = r#"{ "format": 1, "paths": { "hurt": ["safety-check", "own-it"] } }"#;
    let base = Pack::embedded();
    let report = load_layers(&[
        embedded_layer(),
        layer(&[
            ("stages.json", stages),
            ("guides/own-it.json", &json),
            ("guides/more.json", extension),
        ]),
    ]);
    assert!(problems(&report).is_empty(), "{:#?}", problems(&report));
    let pack = report.pack;
    assert_eq!(pack.guides.len(), base.guides.len());
    let g = pack.guide("own-it").unwrap();
    assert!(g.title.starts_with("Mine: "), "{}", g.title);
    assert_eq!(g.prompts, base.guide("own-it").unwrap().prompts);
    let safety = pack.guide(SAFETY_CHECK).unwrap();
    assert_eq!(
        safety.signs_of_progress.last().map(String::as_str),
        Some("A sign added from JSON.")
    );
    let hurt: Vec<&str> = pack
        .path(Role::Hurt)
        .iter()
        .map(|g| g.id.as_str())
        .collect();
    assert_eq!(hurt, ["safety-check", "own-it"]);
    let ids =
        |p: &Pack, role| -> Vec<String> { p.path(role).iter().map(|g| g.id.clone()).collect() };
    assert_eq!(ids(&pack, Role::Repairing), ids(&base, Role::Repairing));
}

#[test]
fn a_json_syntax_error_is_at_its_line_and_column() {
    let bad = "{\n  \"format\": 1,\n  \"id\": \"x\",\n  \"title\": oops\n}\n";
    let report = load_layers(&[embedded_layer(), layer(&[("guides/bad.json", bad)])]);
    assert_eq!(
        problems(&report),
        ["pack/guides/bad.json:4:12: not valid JSON: expected value"]
    );
    // A missing comma, an unclosed string, a trailing comma.
    for (text, want) in [
        (
            "{\"format\": 1\n \"id\": \"x\"}",
            "pack/guides/bad.json:2:2: not valid JSON: expected `,` or `}`",
        ),
        (
            "{\"format\": 1, \"id\": \"x}",
            "pack/guides/bad.json:1:23: not valid JSON: EOF while parsing a string",
        ),
        (
            "{\"format\": 1,\n}",
            "pack/guides/bad.json:2:1: not valid JSON: trailing comma",
        ),
    ] {
        let report = load_layers(&[layer(&[("guides/bad.json", text)])]);
        let all = problems(&report);
        assert!(all.iter().any(|p| p == want), "{want:?} in {all:#?}");
    }
}

/// A guide with problems of shape at several depths, first as TOML.
const BROKEN: &str = r#"format = 1
id = "extra"
title = "Extra"
stage = "steady"
order = 1
audience = "everyone"
minutes = 5
colour = "blue"
summary = "A guide."
signs_of_progress = ["One."]

[[ideas]]
title = "An idea"
text = "Some text."

[[ideas]]
title = "Another"

[[ideas]]
title = 3
text = "Text."

[[prompts]]
id = "extra.one"
text = "A question?"

[[exercises]]
id = "extra.ex"
kind = "checklist"
title = "Ticks"
intro = "Tick."

[[exercises.items]]
id = "a"
text = "A."
shade = "red"
"#;

/// `BROKEN` as JSON, written by hand in the same order.
const BROKEN_JSON: &str = r#"{
  "format": 1,
  "id": "extra",
  "title": "Extra",
  "stage": "steady",
  "order": 1,
  "audience": "everyone",
  "minutes": 5,
  "colour": "blue",
  "summary": "A guide.",
  "signs_of_progress": ["One."],
  "ideas": [
    { "title": "An idea", "text": "Some text." },
    { "title": "Another" },
    { "title": 3, "text": "Text." }
  ],
  "prompts": [{ "id": "extra.one", "text": "A question?" }],
  "exercises": [
    {
      "id": "extra.ex",
      "kind": "checklist",
      "title": "Ticks",
      "intro": "Tick.",
      "items": [{ "id": "a", "text": "A.", "shade": "red" }]
    }
  ]
}
"#;

#[test]
fn schema_errors_name_the_key_path_in_both_forms_alike() {
    let toml = load_layers(&[embedded_layer(), layer(&[("guides/extra.toml", BROKEN)])]);
    let json = load_layers(&[
        embedded_layer(),
        layer(&[("guides/extra.json", BROKEN_JSON)]),
    ]);
    let known = "(known keys: format, id, title, stage, order, audience, minutes, summary, see_also, ephemeral, ideas, prompts, exercises, signs_of_progress)";
    assert_eq!(
        problems(&json),
        [
            "pack/guides/extra.json:7:15: `audience` is \"everyone\"; it should be one of: both, hurt, repairing".to_string(),
            format!("pack/guides/extra.json:9:3: unknown key `colour` {known}"),
            "pack/guides/extra.json:14:5: missing `text` in `ideas[1]`".into(),
            "pack/guides/extra.json:15:16: `ideas[2].title` should be a string, not integer".into(),
            "pack/guides/extra.json:24:44: unknown key `shade` in `exercises[0].items[0]` (known keys: id, text, audience, outcome)".into(),
        ]
    );
    assert_eq!(
        problems(&toml),
        [
            "pack/guides/extra.toml:6:12: `audience` is \"everyone\"; it should be one of: both, hurt, repairing".to_string(),
            format!("pack/guides/extra.toml:8:1: unknown key `colour` {known}"),
            "pack/guides/extra.toml:16:1: missing `text` in `ideas[1]`".into(),
            "pack/guides/extra.toml:20:9: `ideas[2].title` should be a string, not integer".into(),
            "pack/guides/extra.toml:36:1: unknown key `shade` in `exercises[0].items[0]` (known keys: id, text, audience, outcome)".into(),
        ]
    );
    // The same messages from the converted file too, each at its own place.
    let converted = load_layers(&[
        embedded_layer(),
        layer(&[("guides/extra.json", &json_of(BROKEN))]),
    ]);
    let messages = |r: &LoadReport| {
        let mut m: Vec<String> = r.problems.iter().map(|p| p.message.clone()).collect();
        m.sort();
        m
    };
    assert_eq!(messages(&toml), messages(&json));
    assert_eq!(messages(&toml), messages(&converted));
}

#[test]
fn both_forms_of_one_file_in_a_folder_is_a_problem_and_neither_is_read() {
    let guide = |title: &str| BROKEN_FREE.replace("TITLE", title).replace("ID", "twin");
    let toml = guide("From TOML");
    let json = json_of(&guide("From JSON"));
    let stages = "format = 1\n[paths]\nhurt = [\"safety-check\"]\n";
    let report = load_layers(&[
        embedded_layer(),
        layer(&[
            ("stages.json", &json_of(stages)),
            ("stages.toml", stages),
            ("guides/twin.json", &json),
            ("guides/twin.toml", &toml),
        ]),
    ]);
    assert_eq!(
        problems(&report),
        [
            "pack/guides/twin.json:1:1: `guides/twin.toml` and `guides/twin.json` are both here: keep one form of a file (neither is read)",
            "pack/stages.json:1:1: `stages.toml` and `stages.json` are both here: keep one form of a file (neither is read)",
        ]
    );
    assert!(report.pack.guide("twin").is_none());
    assert_eq!(report.pack.paths, Pack::embedded().paths);

    // From a folder too; a guide of another name with the same id is the usual clash.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("guides")).unwrap();
    std::fs::write(tmp.path().join("guides/twin.toml"), &toml).unwrap();
    std::fs::write(tmp.path().join("guides/twin.json"), &json).unwrap();
    std::fs::write(tmp.path().join("guides/other.json"), &json).unwrap();
    let report = load_layers(&[embedded_layer(), Layer::from_dir(tmp.path())]);
    let all = problems(&report);
    let shown = |name: &str| tmp.path().join("guides").join(name).display().to_string();
    assert_eq!(
        all,
        [format!(
            "{}:1:1: `guides/twin.toml` and `guides/twin.json` are both here: keep one form of a file (neither is read)",
            shown("twin.json")
        )]
    );
    assert_eq!(report.pack.guide("twin").unwrap().title, "From JSON");
    // Two names, one id: the usual clash, the second in name order naming the first.
    std::fs::remove_file(tmp.path().join("guides/twin.json")).unwrap();
    let report = load_layers(&[embedded_layer(), Layer::from_dir(tmp.path())]);
    assert_eq!(
        problems(&report),
        [format!(
            "{}:2:6: guide id `twin` is also used by {}",
            shown("twin.toml"),
            shown("other.json")
        )]
    );
    assert_eq!(report.pack.guide("twin").unwrap().title, "From JSON");
}

/// A small complete guide; `ID` and `TITLE` are filled in.
const BROKEN_FREE: &str = r#"format = 1
id = "ID"
title = "TITLE"
stage = "steady"
order = 99
audience = "both"
minutes = 5
summary = "A guide."
signs_of_progress = ["One."]

[[ideas]]
title = "An idea"
text = "Some text."

[[prompts]]
id = "ID.one"
text = "A question?"
"#;

#[test]
fn bad_json_input_is_a_problem_with_a_position() {
    let big_int = json_of(&BROKEN_FREE.replace("ID", "big").replace("TITLE", "Big"))
        .replace("\"order\": 99", "\"order\": 123456789012345678901234567890");
    let big_float = big_int.replace("123456789012345678901234567890", "1e400");
    let big_format = json_of(&BROKEN_FREE.replace("ID", "fmt").replace("TITLE", "F"))
        .replace("\"format\": 1", "\"format\": 99999999999999999999");
    let cases: Vec<(&str, String, &str)> = vec![
        (
            "empty",
            String::new(),
            "1:1: not valid JSON: the file is empty (a pack file is one object: { \"format\": 1, … })",
        ),
        (
            "blank",
            "\n  \n".into(),
            "1:1: not valid JSON: the file is empty",
        ),
        (
            "array",
            "[{\"format\": 1}]".into(),
            "1:1: a pack file is one JSON object ({ \"format\": 1, … }), not array",
        ),
        (
            "string",
            "\"format\"".into(),
            "1:1: a pack file is one JSON object ({ \"format\": 1, … }), not string",
        ),
        (
            "big-int",
            big_int,
            ": `order` should be a whole number from -1000000 to 1000000",
        ),
        (
            "big-float",
            big_float,
            ": not valid JSON: number out of range",
        ),
        (
            "big-format",
            big_format,
            ": `format` is 99999999999999999999; this version of trustwork reads \"format\": 1",
        ),
        (
            "null",
            "{\"format\": 1, \"id\": null}".into(),
            "1:15: `id` is null; leave the key out instead (a pack file has no null)",
        ),
        (
            "twice",
            "{\"format\": 1, \"format\": 1}".into(),
            "1:15: `format` is given twice in this object",
        ),
        (
            "deep",
            format!("{{\"a\": {}{}}}", "[".repeat(300), "]".repeat(300)),
            "1:133: not valid JSON: recursion limit exceeded",
        ),
    ];
    for (name, text, want) in &cases {
        let rel = format!("guides/{name}.json");
        let report = load_layers(&[embedded_layer(), layer(&[(&rel, text)])]);
        let all = problems(&report);
        assert!(
            all.iter()
                .any(|p| p.starts_with(&format!("pack/{rel}:")) && p.contains(want)),
            "{want:?} in {all:#?}"
        );
        assert_eq!(report.pack.guides.len(), Pack::embedded().guides.len());
    }
}

#[test]
fn a_bom_is_allowed_in_both_forms() {
    let toml = BROKEN_FREE.replace("ID", "bom").replace("TITLE", "Bom");
    let json = json_of(&toml);
    for (rel, text) in [("guides/bom.toml", toml), ("guides/bom.json", json)] {
        let text = format!("\u{feff}{text}");
        let report = load_layers(&[embedded_layer(), layer(&[(rel, &text)])]);
        assert!(
            problems(&report).is_empty(),
            "{rel}: {:#?}",
            problems(&report)
        );
        assert_eq!(report.pack.guide("bom").unwrap().title, "Bom");
    }
    // A problem after a BOM is still at its line and column.
    let report = load_layers(&[layer(&[("guides/b.json", "\u{feff}{\n\"format\": }")])]);
    assert!(
        problems(&report)
            .contains(&"pack/guides/b.json:2:11: not valid JSON: expected value".into()),
        "{:#?}",
        problems(&report)
    );
}

#[test]
fn json_dates_and_their_problems() {
    let resources = |date: &str| {
        format!(
            r#"{{"format": 1, "resources": [{{"id": "local", "kind": "therapist", "country": "Example",
  "name": "A practice", "how": "Ask at reception", "last_checked": {date}}}]}}"#
        )
    };
    let report = load_layers(&[
        embedded_layer(),
        layer(&[("resources.json", &resources("\"2026-11-25\""))]),
    ]);
    assert!(problems(&report).is_empty(), "{:#?}", problems(&report));
    let r = report.pack.resources.resources.last().unwrap();
    assert_eq!(r.last_checked.unwrap().to_string(), "2026-11-25");
    for bad in ["\"25/11/2026\"", "\"2026-11-25T10:00:00Z\"", "20261125"] {
        let report = load_layers(&[
            embedded_layer(),
            layer(&[("resources.json", &resources(bad))]),
        ]);
        let all = problems(&report).join("\n");
        assert!(
            all.contains(
                "pack/resources.json:2:68: `resources[0].last_checked` should be a date such as \"2026-11-25\""
            ),
            "{all}"
        );
    }
}

#[test]
fn a_json_file_over_1_mib_is_a_problem_like_a_toml_one() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("guides")).unwrap();
    let big = tmp.path().join("guides/big.json");
    let f = std::fs::File::create(&big).unwrap();
    f.set_len(layers::MAX_FILE + 1).unwrap();
    let stray = tmp.path().join("notes.json");
    std::fs::write(&stray, "{}").unwrap();
    let report = load_layers(&[embedded_layer(), Layer::from_dir(tmp.path())]);
    let all = problems(&report);
    for want in [
        format!(
            "{}:1:1: could not be read: it is larger than 1 MiB",
            big.display()
        ),
        format!(
            "{}:1:1: unexpected file: a pack holds stages, resources and guides/*, each .toml or .json",
            stray.display()
        ),
    ] {
        assert!(all.contains(&want), "{want} in {all:#?}");
    }
}

/// The first fenced block of `lang` after `heading` in docs/CONTENT.md.
fn doc_block(doc: &str, heading: &str, lang: &str) -> String {
    let section = &doc[doc.find(heading).expect("the heading")..];
    let fence = format!("```{lang}\n");
    let start = section.find(&fence).expect("the block") + fence.len();
    let len = section[start..].find("```").expect("its end");
    section[start..start + len].to_string()
}

#[test]
fn the_guide_in_both_forms_in_the_docs_is_one_guide() {
    let doc = include_str!("../../../docs/CONTENT.md");
    let heading = "## One guide in both forms";
    let toml = doc_block(doc, heading, "toml");
    let json = doc_block(doc, heading, "json");
    let load = |rel: &str, text: &str| {
        let report = load_layers(&[embedded_layer(), layer(&[(rel, text)])]);
        assert!(
            problems(&report).is_empty(),
            "{rel}: {:#?}",
            problems(&report)
        );
        report.pack.guide("a-walk").cloned().expect("the guide")
    };
    let from_toml = load("guides/a-walk.toml", &toml);
    let from_json = load("guides/a-walk.json", &json);
    assert_eq!(from_toml, from_json);
    assert_eq!(from_json.exercises.len(), 1);
    assert_eq!(from_json.prompts[1].mode, Mode::Together);
    // And the JSON is what the TOML converts to.
    let a: serde_json::Value = serde_json::from_str(&json).unwrap();
    let b: serde_json::Value = serde_json::from_str(&json_of(&toml)).unwrap();
    assert_eq!(a, b);
}

#[test]
fn a_json_column_counts_characters_as_toml_does() {
    let report = load_layers(&[layer(&[("guides/u.json", "{\"é—\": x}")])]);
    assert_eq!(
        problems(&report)[0],
        "pack/guides/u.json:1:8: not valid JSON: expected value"
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(300))]

    /// A JSON guide cut short or with a few characters put in anywhere is a problem (or a
    /// guide), never a panic, and every problem is at a place inside the file.
    #[test]
    fn a_damaged_json_guide_is_problems_not_a_panic(
        cut in 0usize..4000,
        at in 0usize..4000,
        insert in "[\\PC\"{}\\[\\]:,\\\\ 0-9en.-]{0,4}",
    ) {
        let mut text = json_of(&BROKEN_FREE.replace("ID", "fuzz").replace("TITLE", "Fuzz"));
        let mut at = at.min(text.len());
        while !text.is_char_boundary(at) {
            at -= 1;
        }
        text.insert_str(at, &insert);
        let mut cut = cut.min(text.len());
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        let report = load_layers(&[layer(&[("guides/fuzz.json", &text)])]);
        let lines = text.lines().count().max(1);
        for p in &report.problems {
            if p.file == "pack/guides/fuzz.json" {
                proptest::prop_assert!(p.line <= lines + 1, "{p} in {text:?}");
            }
        }
        let _ = strict_problems(&report);
    }
}
