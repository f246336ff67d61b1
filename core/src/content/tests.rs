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
        all.contains("pack/guides/extra.toml:23:8: `exercises[0].kind` is \"dance\""),
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

/// Loads a pack folder over the default pack in a thread, failing (not hanging) the test if it
/// does not come back: a hang check, not a timing assertion.
fn problems_of_folder(dir: &std::path::Path) -> Vec<String> {
    let dir = dir.to_path_buf();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let report = load_layers(&[embedded_layer(), Layer::from_dir(&dir)]);
        let _ = tx.send(report.problems.iter().map(|p| p.to_string()).collect());
    });
    rx.recv_timeout(std::time::Duration::from_secs(10))
        .expect("loading the pack came back")
}

#[cfg(unix)]
#[test]
fn a_fifo_in_a_pack_is_a_problem_not_a_hang() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("guides")).unwrap();
    let fifo = tmp.path().join("guides/x.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let stages = tmp.path().join("stages.toml");
    std::process::Command::new("mkfifo")
        .arg(&stages)
        .status()
        .unwrap();
    let problems = problems_of_folder(tmp.path());
    for p in [fifo, stages] {
        let want = format!(
            "{}:1:1: could not be read: it is not a regular file",
            p.display()
        );
        assert!(problems.contains(&want), "{want} in {problems:#?}");
    }
}

#[cfg(target_os = "linux")]
#[test]
fn a_guide_linked_to_a_device_that_never_ends_is_a_problem() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("guides")).unwrap();
    let zero = tmp.path().join("guides/zero.toml");
    std::os::unix::fs::symlink("/dev/zero", &zero).unwrap();
    let problems = problems_of_folder(tmp.path());
    let want = format!(
        "{}:1:1: could not be read: it is not a regular file",
        zero.display()
    );
    assert!(problems.contains(&want), "{problems:#?}");
}

#[test]
fn a_guide_over_1_mib_is_a_problem_and_a_linked_one_is_read() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("guides")).unwrap();
    let big = tmp.path().join("guides/big.toml");
    let mut text = String::from("# ");
    text.push_str(&"x".repeat((layers::MAX_FILE as usize) + 1 - 3));
    text.push('\n');
    assert_eq!(text.len() as u64, layers::MAX_FILE + 1);
    std::fs::write(&big, &text).unwrap();
    let problems = problems_of_folder(tmp.path());
    let want = format!(
        "{}:1:1: could not be read: it is larger than 1 MiB",
        big.display()
    );
    assert!(problems.contains(&want), "{problems:#?}");
    // Exactly 1 MiB is read (here: a comment, so an empty guide's problems, not its size).
    text.truncate(text.len() - 2);
    text.push('\n');
    std::fs::write(&big, &text).unwrap();
    let problems = problems_of_folder(tmp.path());
    assert!(
        !problems.iter().any(|p| p.contains("larger than")),
        "{problems:#?}"
    );
    // A link to a regular file is followed.
    #[cfg(unix)]
    {
        let t = tempfile::tempdir().unwrap();
        std::fs::create_dir(t.path().join("guides")).unwrap();
        let real = t.path().join("real.txt");
        std::fs::write(&real, "format = 1\nid = \"linked\"\n").unwrap();
        std::os::unix::fs::symlink(&real, t.path().join("guides/linked.toml")).unwrap();
        let layer = Layer::from_dir(t.path());
        assert!(
            layer.files.iter().all(|f| f.text.is_ok()),
            "{:?}",
            layer.files
        );
    }
}

#[test]
fn a_pack_over_16_mib_together_leaves_the_rest_out() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::create_dir(tmp.path().join("guides")).unwrap();
    // Seventeen guides of exactly 1 MiB each (sparse: no disk is used).
    for i in 0..17 {
        let f = std::fs::File::create(tmp.path().join(format!("guides/g{i:02}.toml"))).unwrap();
        f.set_len(layers::MAX_FILE).unwrap();
    }
    let layer = Layer::from_dir(tmp.path());
    let over: Vec<&str> = layer
        .files
        .iter()
        .filter(|f| f.text.is_err())
        .map(|f| f.rel.as_str())
        .collect();
    assert_eq!(over, ["guides/g16.toml"]);
    assert_eq!(
        layer.files[16].text.as_ref().unwrap_err(),
        "the pack's files come to more than 16 MiB together; this one was left out"
    );
}

/// The safety check grades its answers by the gravest sign: danger over "not yet" over none.
#[test]
fn the_safety_check_tells_danger_from_not_yet() {
    let pack = Pack::embedded();
    let g = pack.guide("safety-check").unwrap();
    let e = g
        .exercises
        .iter()
        .find(|e| e.id == "safety-check.signs")
        .unwrap();
    assert_eq!(e.kind.safety_answer([]), Some(SafetyAnswer::Clear));
    for id in [
        "affair-ongoing",
        "affair-ongoing-own",
        "addiction",
        "wants-out",
    ] {
        assert_eq!(
            e.kind.safety_answer([id]),
            Some(SafetyAnswer::NotYet),
            "{id}"
        );
    }
    // Each partner is asked about the affair in their own words.
    let ExerciseKind::Checklist { items, .. } = &e.kind else {
        panic!("the signs are a checklist")
    };
    let texts = |role| -> Vec<String> {
        items
            .iter()
            .filter(|i| i.audience.unwrap_or(Audience::Both).shown_to(role))
            .map(|i| i.id.clone())
            .collect()
    };
    assert!(texts(Role::Hurt).contains(&"affair-ongoing".to_string()));
    assert!(!texts(Role::Hurt).contains(&"affair-ongoing-own".to_string()));
    assert!(texts(Role::Repairing).contains(&"affair-ongoing-own".to_string()));
    assert!(!texts(Role::Repairing).contains(&"affair-ongoing".to_string()));
    for id in [
        "fear",
        "strangled",
        "weapons",
        "stalking",
        "worse",
        "watched",
        "money",
        "sex",
    ] {
        assert_eq!(
            e.kind.safety_answer([id]),
            Some(SafetyAnswer::Danger),
            "{id}"
        );
    }
    assert_eq!(
        e.kind.safety_answer(["affair-ongoing", "fear"]),
        Some(SafetyAnswer::Danger)
    );
    assert_eq!(
        e.kind.safety_answer(["no-such-sign"]),
        Some(SafetyAnswer::Danger),
        "an unknown tick over-warns"
    );
    // The safety screen's first line holds an emergency number.
    assert!(pack.resources.in_danger.contains("911") && pack.resources.in_danger.contains("112"));
    for id in &pack.resources.not_yet_guides {
        assert!(pack.guide(id).is_some(), "{id}");
    }
}

/// The safety check stores nothing, so it can never be done: the path starts after it.
#[test]
fn the_path_moves_on_past_the_safety_check() {
    let pack = Pack::embedded();
    for role in [crate::model::Role::Hurt, crate::model::Role::Repairing] {
        assert_eq!(pack.path(role)[0].id, "safety-check", "it stays first");
        let next = pack.next_on_path(role, |_| false).unwrap();
        assert_eq!(next.id, "first-days");
        let after = pack.next_on_path(role, |g| g == "first-days").unwrap();
        assert_ne!(after.id, "safety-check");
    }
}
