//! A guide as plain, wrapped text: `trustwork content show`, for reading, printing or review
//! without the workbook.

use crate::content::{ExerciseKind, Guide, Mode, Pack};
use crate::text::{escape_control, wrap};

/// Renders a guide to `width` columns.
pub fn render(pack: &Pack, g: &Guide, width: usize) -> String {
    let width = width.max(20);
    let mut out = String::new();
    let para = |out: &mut String, text: &str, indent: usize| {
        for line in wrap(&escape_control(text), width.saturating_sub(indent)) {
            if !line.is_empty() {
                out.push_str(&" ".repeat(indent));
            }
            out.push_str(&line);
            out.push('\n');
        }
    };
    let stage = pack
        .stage(&g.stage)
        .map(|s| s.name.as_str())
        .unwrap_or(g.stage.as_str());
    out.push_str(&escape_control(&g.title).to_uppercase());
    out.push('\n');
    let who = g.audience.label().unwrap_or("for both partners");
    para(
        &mut out,
        &format!("{stage} · {who} · about {} minutes", g.minutes),
        0,
    );
    out.push('\n');
    para(&mut out, &g.summary, 0);
    out.push('\n');
    if !pack.resources.not_therapy.is_empty() {
        para(&mut out, &pack.resources.not_therapy, 0);
        out.push('\n');
    }

    heading(&mut out, "Ideas");
    for (i, idea) in g.ideas.iter().enumerate() {
        para(&mut out, &format!("{}. {}", i + 1, idea.title), 0);
        para(&mut out, &idea.text, 3);
        out.push('\n');
    }

    heading(&mut out, "Questions to write about");
    for p in &g.prompts {
        let mut notes = Vec::new();
        if let Some(l) = p.audience.and_then(|a| a.label()) {
            notes.push(l);
        }
        if p.mode == Mode::Together {
            notes.push("together");
        }
        let note = if notes.is_empty() {
            String::new()
        } else {
            format!(" ({})", notes.join(", "))
        };
        bullet(&mut out, &format!("{}{note}", p.text), width);
    }
    out.push('\n');

    if !g.exercises.is_empty() {
        heading(&mut out, "Exercises");
        for e in &g.exercises {
            para(
                &mut out,
                &format!("{} ({})", e.title, kind_words(&e.kind)),
                0,
            );
            para(&mut out, &e.intro, 3);
            match &e.kind {
                ExerciseKind::Reflection { question } => para(&mut out, question, 3),
                ExerciseKind::Scale {
                    question,
                    min_label,
                    max_label,
                } => para(
                    &mut out,
                    &format!("{question} (0 = {min_label}, 10 = {max_label})"),
                    3,
                ),
                ExerciseKind::Checklist { items, .. } => {
                    for it in items {
                        para(&mut out, &format!("[ ] {}", it.text), 3);
                    }
                }
                ExerciseKind::Form { fields } => {
                    for f in fields {
                        let hint = f
                            .hint
                            .as_deref()
                            .map(|h| format!(": {h}"))
                            .unwrap_or_default();
                        para(&mut out, &format!("{}{hint}", f.label), 3);
                    }
                }
                ExerciseKind::TimedTalk {
                    turn_minutes,
                    rounds,
                    speaker,
                    listener,
                } => {
                    para(
                        &mut out,
                        &format!("{rounds} rounds of {turn_minutes} minutes each way."),
                        3,
                    );
                    para(&mut out, &format!("Speaker: {speaker}"), 3);
                    para(&mut out, &format!("Listener: {listener}"), 3);
                }
                ExerciseKind::Agreement { suggestions, .. } => {
                    for s in suggestions {
                        para(&mut out, &format!("For example: {s}"), 3);
                    }
                }
                ExerciseKind::Promise { examples, .. } => {
                    for s in examples {
                        para(&mut out, &format!("For example: {s}"), 3);
                    }
                }
            }
            out.push('\n');
        }
    }

    heading(&mut out, "Signs of progress");
    for s in &g.signs_of_progress {
        bullet(&mut out, s, width);
    }
    out.push('\n');
    if !g.see_also.is_empty() {
        let titles: Vec<String> = g
            .see_also
            .iter()
            .map(|id| {
                pack.guide(id)
                    .map(|x| format!("{} ({id})", x.title))
                    .unwrap_or_else(|| id.clone())
            })
            .collect();
        para(&mut out, &format!("See also: {}", titles.join(", ")), 0);
        out.push('\n');
    }
    para(
        &mut out,
        "If you are afraid of your partner, this is not a trust problem to work through together. \
         The workbook's safety screen (Ctrl-O) lists warning signs and people who can help.",
        0,
    );
    out
}

fn heading(out: &mut String, title: &str) {
    out.push_str(title);
    out.push('\n');
    out.push_str(&"-".repeat(title.chars().count()));
    out.push('\n');
}

fn bullet(out: &mut String, text: &str, width: usize) {
    let lines = wrap(&escape_control(text), width.saturating_sub(2));
    for (i, line) in lines.iter().enumerate() {
        out.push_str(if i == 0 { "- " } else { "  " });
        out.push_str(line);
        out.push('\n');
    }
}

fn kind_words(k: &ExerciseKind) -> &'static str {
    match k {
        ExerciseKind::Reflection { .. } => "writing",
        ExerciseKind::Checklist { .. } => "checklist",
        ExerciseKind::Scale { .. } => "a 0 to 10 scale",
        ExerciseKind::Form { .. } => "a short form",
        ExerciseKind::TimedTalk { .. } => "a timed talk, together",
        ExerciseKind::Agreement { .. } => "an agreement",
        ExerciseKind::Promise { .. } => "a promise",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::display_width;

    #[test]
    fn every_guide_renders_within_the_width() {
        let pack = Pack::embedded();
        for g in &pack.guides {
            for width in [40, 80] {
                let text = render(&pack, g, width);
                for line in text.lines() {
                    assert!(display_width(line) <= width, "{}: {line:?}", g.id);
                }
                assert!(text.contains(&g.summary[..20]));
            }
        }
    }
}
