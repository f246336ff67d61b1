//! The quality gate of the default pack (`content check --strict`): minimums every guide meets,
//! plain language, no repeated prompts, and full use of the format.

use super::load::LoadReport;
use super::problem::Problem;
use super::{Audience, ExerciseKind, Guide};
use crate::text::{sentence_lengths, word_count};
use std::collections::{HashMap, HashSet};

pub const MIN_IDEAS: usize = 3;
pub const MIN_IDEA_WORDS: usize = 40;
pub const MIN_PROMPTS: usize = 5;
pub const MIN_SIGNS: usize = 3;
pub const MAX_AVERAGE_SENTENCE: f64 = 20.0;
pub const MAX_SENTENCE: usize = 40;
/// The emergency numbers of the writing notes; the safety screen's first line holds one.
pub const EMERGENCY_NUMBERS: [&str; 4] = ["911", "999", "000", "112"];

/// Every quality problem of a loaded pack, with positions where the text has one.
pub fn strict_problems(report: &LoadReport) -> Vec<Problem> {
    let pack = &report.pack;
    let mut out = Vec::new();
    let pack_file = "content/guides".to_string();
    let at = |g: &Guide, path: &str, msg: String| -> Problem {
        match report.origins.get(&g.id) {
            Some(o) => o.problem(path, msg),
            None => Problem {
                file: g.id.clone(),
                line: 1,
                column: 1,
                message: msg,
            },
        }
    };

    let mut prompt_texts: HashMap<String, String> = HashMap::new();
    let mut kinds: HashSet<&str> = HashSet::new();
    let mut audiences: HashSet<Audience> = HashSet::new();

    for g in &pack.guides {
        let n = sentence_lengths(&g.summary).len();
        if !(2..=3).contains(&n) {
            out.push(at(
                g,
                "summary",
                format!("the summary has {n} sentences; it should have two or three"),
            ));
        }
        if g.ideas.len() < MIN_IDEAS {
            out.push(at(
                g,
                "id",
                format!(
                    "`{}` has {} ideas; it needs at least {MIN_IDEAS}",
                    g.id,
                    g.ideas.len()
                ),
            ));
        }
        for (i, idea) in g.ideas.iter().enumerate() {
            let w = word_count(&idea.text);
            if w < MIN_IDEA_WORDS {
                out.push(at(
                    g,
                    &format!("ideas.{i}.text"),
                    format!(
                        "idea \"{}\" has {w} words; it needs at least {MIN_IDEA_WORDS}",
                        idea.title
                    ),
                ));
            }
        }
        if g.prompts.len() < MIN_PROMPTS {
            out.push(at(
                g,
                "id",
                format!(
                    "`{}` has {} prompts; it needs at least {MIN_PROMPTS}",
                    g.id,
                    g.prompts.len()
                ),
            ));
        }
        if g.exercises.is_empty() {
            out.push(at(
                g,
                "id",
                format!("`{}` has no exercise; it needs at least one", g.id),
            ));
        }
        if g.signs_of_progress.len() < MIN_SIGNS {
            out.push(at(
                g,
                "signs_of_progress",
                format!(
                    "`{}` has {} signs of progress; it needs at least {MIN_SIGNS}",
                    g.id,
                    g.signs_of_progress.len()
                ),
            ));
        }

        // Plain language: every piece of prose in the guide, with where it sits.
        let prose = guide_prose(g);
        let mut total = 0usize;
        let mut count = 0usize;
        for (path, text) in &prose {
            for len in sentence_lengths(text) {
                total += len;
                count += 1;
                if len > MAX_SENTENCE {
                    out.push(at(
                        g,
                        path,
                        format!("a sentence of {len} words; keep each under {MAX_SENTENCE}"),
                    ));
                }
            }
        }
        if count > 0 {
            let avg = total as f64 / count as f64;
            if avg > MAX_AVERAGE_SENTENCE {
                out.push(at(g, "summary", format!("sentences in `{}` average {avg:.1} words; keep the average at {MAX_AVERAGE_SENTENCE} or below", g.id)));
            }
        }

        audiences.insert(g.audience);
        for (i, p) in g.prompts.iter().enumerate() {
            audiences.insert(p.audience.unwrap_or(g.audience));
            let key = p
                .text
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .to_lowercase();
            if let Some(first) = prompt_texts.get(&key) {
                out.push(at(
                    g,
                    &format!("prompts.{i}.text"),
                    format!("this prompt repeats `{first}` word for word"),
                ));
            } else {
                prompt_texts.insert(key, p.id.clone());
            }
        }
        for e in &g.exercises {
            kinds.insert(e.kind.name());
            if let Some(a) = e.audience {
                audiences.insert(a);
            }
        }
    }

    for kind in ExerciseKind::NAMES {
        if !kinds.contains(kind) {
            out.push(Problem {
                file: pack_file.clone(),
                line: 1,
                column: 1,
                message: format!("no guide uses the exercise kind `{kind}`"),
            });
        }
    }
    for a in Audience::ALL {
        if !audiences.contains(&a) {
            out.push(Problem {
                file: pack_file.clone(),
                line: 1,
                column: 1,
                message: format!("nothing in the pack is for the audience `{}`", a.as_str()),
            });
        }
    }
    for s in &pack.stages {
        if pack.guides_in(&s.id).next().is_none() {
            let msg = format!("stage `{}` has no guides", s.id);
            out.push(match report.places.get(&format!("stage:{}", s.id)) {
                Some((o, path)) => o.problem(path, msg),
                None => Problem {
                    file: "stages.toml".into(),
                    line: 1,
                    column: 1,
                    message: msg,
                },
            });
        }
    }
    for res in &pack.resources.resources {
        if res.last_checked.is_none() {
            let msg = format!("resource `{}` has no `last_checked` date", res.id);
            out.push(match report.places.get(&format!("resource:{}", res.id)) {
                Some((o, path)) => o.problem(path, msg),
                None => Problem {
                    file: "resources.toml".into(),
                    line: 1,
                    column: 1,
                    message: msg,
                },
            });
        }
    }
    let first_line = pack.resources.in_danger.lines().next().unwrap_or("");
    if !crate::content::originality::words(first_line)
        .iter()
        .any(|w| EMERGENCY_NUMBERS.contains(&w.as_str()))
    {
        let msg = format!(
            "the safety screen's first line (`in_danger`) must hold an emergency number ({})",
            EMERGENCY_NUMBERS.join(", ")
        );
        out.push(Problem {
            file: "resources.toml".into(),
            line: 1,
            column: 1,
            message: msg,
        });
    }
    out.sort();
    out
}

/// Every piece of prose in a guide that a reader sees, with the key path it sits at.
pub(super) fn guide_prose(g: &Guide) -> Vec<(String, &str)> {
    let mut prose: Vec<(String, &str)> = vec![("summary".into(), &g.summary)];
    for (i, idea) in g.ideas.iter().enumerate() {
        prose.push((format!("ideas.{i}.text"), &idea.text));
    }
    for (i, p) in g.prompts.iter().enumerate() {
        prose.push((format!("prompts.{i}.text"), &p.text));
    }
    for (i, e) in g.exercises.iter().enumerate() {
        prose.push((format!("exercises.{i}.intro"), &e.intro));
        match &e.kind {
            ExerciseKind::Reflection { question } | ExerciseKind::Scale { question, .. } => {
                prose.push((format!("exercises.{i}.question"), question));
            }
            ExerciseKind::Checklist { items, .. } => {
                for (j, it) in items.iter().enumerate() {
                    prose.push((format!("exercises.{i}.items.{j}.text"), &it.text));
                }
            }
            ExerciseKind::TimedTalk {
                speaker, listener, ..
            } => {
                prose.push((format!("exercises.{i}.speaker"), speaker));
                prose.push((format!("exercises.{i}.listener"), listener));
            }
            _ => {}
        }
    }
    for (i, s) in g.signs_of_progress.iter().enumerate() {
        prose.push((format!("signs_of_progress.{i}"), s));
    }
    prose
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{embedded_layer, load_layers};

    /// Where a guide sits on a role's path.
    fn place(pack: &crate::content::Pack, role: crate::model::Role, id: &str) -> usize {
        pack.path(role)
            .iter()
            .position(|g| g.id == id)
            .unwrap_or_else(|| panic!("`{id}` is not on the {role:?} path"))
    }

    #[test]
    fn each_role_walks_the_guides_in_an_order_that_keeps_them_safe() {
        use crate::model::Role;
        let pack = load_layers(&[embedded_layer()]).pack;
        for role in Role::ALL {
            let path: Vec<&str> = pack.path(role).iter().map(|g| g.id.as_str()).collect();
            // Every guide once, the safety check first (it is a card of its own), then the
            // first days, with professional help straight after, not left to the end. A path
            // leaves out only the guide written for the other partner alone.
            let missing: Vec<&str> = pack
                .guides
                .iter()
                .map(|g| g.id.as_str())
                .filter(|id| !path.contains(id))
                .collect();
            let others_own: &[&str] = match role {
                Role::Hurt => &["own-it"],
                Role::Repairing => &["acknowledge"],
                Role::Unsaid => &[],
            };
            assert_eq!(missing, others_own, "{role:?}: {path:?}");
            let mut seen = HashSet::new();
            assert!(path.iter().all(|id| seen.insert(*id)), "{role:?}: {path:?}");
            assert_eq!(
                path[..3],
                ["safety-check", "first-days", "professional-help"]
            );
            // The path moves on: it never waits on the safety check, which stores nothing.
            let next = pack.next_on_path(role, |_| false).unwrap();
            assert_eq!(next.id, "first-days", "{role:?}");
            // Health, money and devices come before the talking; one full disclosure before
            // the questions; the hard choices after patience has had its say.
            for (before, after) in [
                ("practical-first-steps", "disclosure"),
                ("disclosure", "honest-answers"),
                ("honest-answers", "communicate"),
                ("children-and-others", "communicate"),
                ("boundaries", "friendships-and-contact"),
                ("root-causes", "forgiveness"),
                ("patience-and-progress", "evaluate"),
                ("going-on-alone", "evaluate"),
                ("evaluate", "new-story"),
            ] {
                assert!(
                    place(&pack, role, before) < place(&pack, role, after),
                    "{role:?}: `{before}` should come before `{after}`"
                );
            }
        }
        // Each partner's own first step: naming the hurt, or owning it and then its why.
        assert!(place(&pack, Role::Hurt, "acknowledge") < place(&pack, Role::Hurt, "disclosure"));
        assert!(
            place(&pack, Role::Repairing, "own-it") < place(&pack, Role::Repairing, "disclosure")
        );
        assert!(
            place(&pack, Role::Repairing, "the-why") < place(&pack, Role::Repairing, "root-causes")
        );
        assert!(place(&pack, Role::Unsaid, "acknowledge") < place(&pack, Role::Unsaid, "own-it"));
    }

    #[test]
    fn the_safety_screen_must_open_with_an_emergency_number() {
        let mut report = load_layers(&[embedded_layer()]);
        let about = |r: &LoadReport| {
            strict_problems(r)
                .into_iter()
                .filter(|p| p.message.contains("in_danger"))
                .count()
        };
        assert_eq!(about(&report), 0);
        report.pack.resources.in_danger =
            "If you are in danger, call the emergency services.\n999 in the UK".into();
        assert_eq!(about(&report), 1, "the number must be on the first line");
        report.pack.resources.in_danger = "In danger now: call 112".into();
        assert_eq!(about(&report), 0);
    }
}
