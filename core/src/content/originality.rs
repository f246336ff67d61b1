//! The originality gate of `content check --strict --seeds FILE`: the pack's prose may share no
//! run of [`RUN`] words with any seed text (an article, a worksheet, the writing notes) it was
//! built on. Words are compared lowercased, punctuation and quote styles ignored, so a sentence
//! copied with new commas is still found.

use super::Pack;
use super::load::LoadReport;
use super::problem::Problem;
use std::collections::HashMap;

/// The shortest run of words in common that counts as copied.
pub const RUN: usize = 8;

/// One seed text: its name (a file name, for the message) and its words.
#[derive(Debug, Clone)]
pub struct Seed {
    pub name: String,
    pub text: String,
}

impl Seed {
    /// A seed read from a file; HTML tags are dropped so a saved web page can be given as is.
    pub fn new(name: impl Into<String>, text: &str) -> Seed {
        let name = name.into();
        let text = if name.ends_with(".html") || name.ends_with(".htm") {
            strip_tags(text)
        } else {
            text.to_string()
        };
        Seed { name, text }
    }
}

/// The words of `text` as the gate compares them: lowercase letters and digits, with
/// apostrophes inside a word kept (typographic ones made plain) and every other mark a break.
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphanumeric() {
            cur.extend(c.to_lowercase());
        } else if (c == '\'' || c == '’')
            && !cur.is_empty()
            && chars.peek().is_some_and(|n| n.is_alphanumeric())
        {
            cur.push('\'');
        } else if !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

/// Every piece of prose in the pack that a reader sees, with the guide (or resource file) and
/// key path it sits at.
fn pack_prose(pack: &Pack) -> Vec<(Option<&str>, String, &str)> {
    let mut out: Vec<(Option<&str>, String, &str)> = Vec::new();
    for g in &pack.guides {
        for (path, text) in super::check::guide_prose(g) {
            out.push((Some(g.id.as_str()), path, text));
        }
    }
    let r = &pack.resources;
    for (key, text) in [
        ("not_therapy", &r.not_therapy),
        ("intro", &r.intro),
        ("more_help", &r.more_help),
        ("not_yet", &r.not_yet),
    ] {
        out.push((None, key.to_string(), text.as_str()));
    }
    for (i, s) in r.warning_signs.iter().enumerate() {
        out.push((None, format!("warning_signs.{i}.text"), s.text.as_str()));
    }
    for (i, s) in r.device_safety.iter().enumerate() {
        out.push((None, format!("device_safety.{i}.text"), s.text.as_str()));
    }
    for (i, res) in r.resources.iter().enumerate() {
        if let Some(note) = &res.note {
            out.push((None, format!("resources.{i}.note"), note.as_str()));
        }
    }
    out
}

/// A problem for each piece of the pack's prose that shares [`RUN`] or more words in a row with
/// a seed. Each piece is reported once, at its first copied run, quoting it.
pub fn copied_runs(report: &LoadReport, seeds: &[Seed]) -> Vec<Problem> {
    // Every run of RUN words in the seeds, with the seed it is from.
    let mut runs: HashMap<Vec<String>, &str> = HashMap::new();
    for s in seeds {
        let w = words(&s.text);
        for run in w.windows(RUN) {
            runs.entry(run.to_vec()).or_insert(&s.name);
        }
    }
    if runs.is_empty() {
        return Vec::new();
    }
    let mut out = Vec::new();
    for (guide, path, text) in pack_prose(&report.pack) {
        let w = words(text);
        let Some((run, seed)) = w
            .windows(RUN)
            .find_map(|run| runs.get(run).map(|seed| (run, *seed)))
        else {
            continue;
        };
        let msg = format!(
            "{RUN} words in a row are the same as in {seed}: \"{}\"; say it in your own words",
            run.join(" ")
        );
        out.push(match guide {
            Some(id) => match report.origins.get(id) {
                Some(o) => o.problem(&path, msg),
                None => Problem {
                    file: id.to_string(),
                    line: 1,
                    column: 1,
                    message: msg,
                },
            },
            None => Problem {
                file: "resources.toml".into(),
                line: 1,
                column: 1,
                message: format!("{path}: {msg}"),
            },
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Layer, load_layers};

    const GUIDE: &str = r#"format = 1
id = "copied"
title = "A guide"
stage = "any-time"
order = 99
audience = "both"
minutes = 5
summary = "One. Two."
signs_of_progress = ["You feel a little lighter."]
[[ideas]]
title = "Idea"
text = """Trust comes back slowly, through many small kept promises. Nobody can hurry it."""
[[prompts]]
id = "p"
text = "What would help you, today, feel a little safer at home?"
[[exercises]]
id = "e"
kind = "reflection"
title = "Think"
intro = "Take your time."
question = "What do you need?"
"#;

    fn report() -> LoadReport {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("guides")).unwrap();
        std::fs::write(dir.path().join("guides/copied.toml"), GUIDE).unwrap();
        let r = load_layers(&[
            crate::content::embedded_layer(),
            Layer::from_dir(dir.path()),
        ]);
        assert!(r.pack.guide("copied").is_some(), "{:?}", r.problems);
        r
    }

    fn only_copied(p: Vec<Problem>) -> Vec<Problem> {
        p.into_iter()
            .filter(|p| p.file.contains("copied"))
            .collect()
    }

    #[test]
    fn words_ignore_case_punctuation_and_quote_styles() {
        assert_eq!(
            words("Don’t stop—\"Trust,\" she said. It's 2 AM!"),
            ["don't", "stop", "trust", "she", "said", "it's", "2", "am"]
        );
        assert_eq!(words("  'quoted'  "), ["quoted"]);
    }

    #[test]
    fn a_run_of_eight_shared_words_is_found_with_its_place_and_seed() {
        let seed = Seed::new(
            "article.html",
            "<p>Experts agree: <b>trust comes back slowly, through many small kept</b> promises.</p>",
        );
        let p = only_copied(copied_runs(&report(), &[seed]));
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].file.ends_with("copied.toml"), "{}", p[0]);
        assert!(
            p[0].line > 1,
            "the idea's line, not the file's top: {}",
            p[0]
        );
        assert!(
            p[0].message.contains("article.html")
                && p[0]
                    .message
                    .contains("\"trust comes back slowly through many small kept\""),
            "{}",
            p[0].message
        );
    }

    #[test]
    fn seven_shared_words_are_not_a_copy() {
        let seed = Seed::new(
            "a.txt",
            "so trust comes back slowly, through many small ones",
        );
        assert!(only_copied(copied_runs(&report(), &[seed])).is_empty());
    }

    #[test]
    fn a_run_across_changed_punctuation_and_case_is_still_found() {
        let seed = Seed::new(
            "notes.md",
            "WHAT would help you today — feel a little safer at home",
        );
        let p = only_copied(copied_runs(&report(), &[seed]));
        assert_eq!(p.len(), 1, "{p:?}");
        assert!(p[0].message.contains("notes.md"));
    }

    #[test]
    fn the_default_pack_shares_no_run_with_the_writing_notes() {
        let notes =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/CONTENT-NOTES.md");
        let Ok(text) = std::fs::read_to_string(&notes) else {
            eprintln!(
                "skipped: {} is not beside the checkout, so the pack was not compared with it",
                notes.display()
            );
            return;
        };
        let r = load_layers(&[crate::content::embedded_layer()]);
        let p = copied_runs(&r, &[Seed::new("CONTENT-NOTES.md", &text)]);
        assert!(
            p.is_empty(),
            "{}",
            p.iter()
                .map(|p| p.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}
