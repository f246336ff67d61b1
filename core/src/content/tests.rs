use super::*;

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

#[test]
fn the_embedded_pack_loads_cleanly() {
    let report = load_layers(&[embedded_layer()]);
    let problems: Vec<String> = report.problems.iter().map(|p| p.to_string()).collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    let pack = report.pack;
    assert!(pack.guide(SAFETY_CHECK).is_some_and(|g| g.ephemeral));
    assert!(pack.guide("acknowledge").is_some());
    assert!(pack.guide("own-it").is_some());
    assert!(!pack.resources.resources.is_empty());
    assert_eq!(pack.path(Role::Hurt)[0].id, SAFETY_CHECK);
}

#[test]
fn the_embedded_pack_passes_the_strict_gate() {
    let report = load_layers(&[embedded_layer()]);
    let problems: Vec<String> = strict_problems(&report)
        .iter()
        .map(|p| p.to_string())
        .collect();
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn every_problem_of_a_broken_guide_is_reported_with_its_position() {
    let guide = r#"format = 1
id = "extra"
title = "Extra"
stage = "nowhere"
order = 1
audience = "everyone"
minutes = 5
colour = "blue"
summary = "A guide."
signs_of_progress = ["One."]
see_also = ["missing-guide"]

[[ideas]]
title = "An idea"
text = "Some text."

[[prompts]]
id = "extra.one"
text = "A question?"

[[exercises]]
id = "extra.ex"
kind = "dance"
title = "Dance"
intro = "Move."
"#;
    let report = load_layers(&[embedded_layer(), layer(&[("guides/extra.toml", guide)])]);
    let text: Vec<String> = report.problems.iter().map(|p| p.to_string()).collect();
    let all = text.join("\n");
    assert!(
        all.contains("pack/guides/extra.toml:6:12: `audience` is \"everyone\""),
        "{all}"
    );
    assert!(
        all.contains("pack/guides/extra.toml:8:1: unknown key `colour`"),
        "{all}"
    );
    assert!(
        all.contains("pack/guides/extra.toml:23:8: `kind` is \"dance\""),
        "{all}"
    );
    // A guide with shape problems is not loaded, so its links are not checked yet.
    assert!(report.pack.guide("extra").is_none());
}

#[test]
fn links_to_missing_ids_are_reported() {
    let guide = r#"format = 1
id = "extra"
title = "Extra"
stage = "nowhere"
order = 1
audience = "both"
minutes = 5
summary = "A guide."
signs_of_progress = ["One."]
see_also = ["missing-guide"]

[[ideas]]
title = "An idea"
text = "Some text."

[[prompts]]
id = "acknowledge.clash"
text = "A question?"
"#;
    let stages = "format = 1\n[paths]\nhurt = [\"safety-check\", \"ghost\"]\n";
    let report = load_layers(&[
        embedded_layer(),
        layer(&[("stages.toml", stages), ("guides/extra.toml", guide)]),
    ]);
    let all: Vec<String> = report.problems.iter().map(|p| p.to_string()).collect();
    let all = all.join("\n");
    assert!(
        all.contains("pack/guides/extra.toml:4:9: stage `nowhere` does not exist"),
        "{all}"
    );
    assert!(
        all.contains("pack/guides/extra.toml:10:13: `see_also` names guide `missing-guide`"),
        "{all}"
    );
    assert!(
        all.contains("pack/stages.toml:3:25: the path for role `hurt` names guide `ghost`"),
        "{all}"
    );
}

#[test]
fn toml_syntax_errors_are_positioned() {
    let report = load_layers(&[
        embedded_layer(),
        layer(&[("guides/bad.toml", "format = 1\nid = \"x\ntitle = 3\n")]),
    ]);
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.file == "pack/guides/bad.toml"
                && p.line == 2
                && p.message.starts_with("not valid TOML")),
        "{:?}",
        report.problems
    );
}

#[test]
fn the_safety_check_can_be_extended_but_not_replaced() {
    let replace = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../content/guides/safety-check.toml"
    ))
    .unwrap();
    let extend = r#"format = 1
extends = "safety-check"

[[exercises]]
id = "safety-check.extra"
kind = "checklist"
title = "More signs"
intro = "Tick any that are true."
outcome = "safety"

[[exercises.items]]
id = "one"
text = "Something local to check."
"#;
    let report = load_layers(&[
        embedded_layer(),
        layer(&[("guides/a.toml", &replace), ("guides/b.toml", extend)]),
    ]);
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.message.contains("can be extended")),
        "{:?}",
        report.problems
    );
    let g = report.pack.guide(SAFETY_CHECK).unwrap();
    assert!(g.exercise("safety-check.extra").is_some());
}

#[test]
fn resources_can_only_be_added() {
    let res = r#"format = 1
intro = "Mine."

[[resources]]
id = "local"
kind = "therapist"
country = "Example"
name = "A practice"
how = "Ask at reception"
last_checked = 2026-11-25
"#;
    let base = Pack::embedded().resources.resources.len();
    let report = load_layers(&[embedded_layer(), layer(&[("resources.toml", res)])]);
    assert_eq!(report.pack.resources.resources.len(), base + 1);
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.message.contains("`intro` belongs to the default pack"))
    );
    assert_ne!(report.pack.resources.intro, "Mine.");
}

#[test]
fn a_solo_user_never_sees_together_wording() {
    let pack = Pack::embedded();
    for g in &pack.guides {
        for role in Role::ALL {
            assert!(g.prompts_for(role, false).all(|p| p.mode == Mode::Any));
        }
        let hurt: Vec<_> = g.prompts_for(Role::Hurt, true).collect();
        assert!(
            hurt.iter()
                .all(|p| p.audience.unwrap_or(g.audience) != Audience::Repairing)
        );
    }
}
