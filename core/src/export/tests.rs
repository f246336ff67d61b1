//! The export: Markdown that reads well and is safe to print, a JSON document that is the same
//! bytes whatever order the store holds its records in, and the filters.

use super::*;
use crate::model::{
    CheckIn, Entry, ExerciseResult, GuideProgress, Moment, Partner, PromptLink, Role, Visibility,
};
use crate::store::Snapshot;
use crate::together::{Agreement, Promise, Session};

fn snap() -> Snapshot {
    let t: Timestamp = "2026-11-20T09:30:00+01:00".parse().unwrap();
    let p = Partner {
        id: "p1".into(),
        name: "Alex".into(),
        role: Role::Hurt,
        created: t,
    };
    let e = Entry {
        id: "e1".into(),
        author: "p1".into(),
        created: t,
        updated: t,
        title: Some("First \x1b[2J day".into()),
        body: "Hard day.\r\nBut I wrote.".into(),
        tags: vec!["start".into()],
        starred: true,
        for_counsellor: false,
        link: Some(PromptLink {
            guide: "acknowledge".into(),
            prompt: Some("acknowledge.x".into()),
            prompt_text: Some("What happened?".into()),
        }),
        visibility: Visibility::Shared,
        source: None,
        sealed: None,
        responds_to: None,
    };
    Snapshot {
        partners: vec![p],
        entries: vec![e],
        ..Default::default()
    }
}

#[test]
fn markdown_reads_well_and_escapes_control_characters() {
    let t: Timestamp = "2026-11-25T10:00:00+01:00".parse().unwrap();
    let md = to_string(&snap(), &Filter::default(), Format::Markdown, t).unwrap();
    insta::assert_snapshot!(md, @r"
    # trustwork journal

    Alex · exported 25 November 2026, 10:00

    1 entry

    ## November 2026

    ### Friday 20 November

    #### First \\x1b\[2J day

    *Alex · 09:30 · guide acknowledge · #start · starred*

    > What happened?

    Hard day.
    But I wrote.
    ");
    assert!(!md.contains('\x1b'));
}

fn at(s: &str) -> Timestamp {
    s.parse().unwrap()
}

/// Every kind of record, three of each (two sharing a time or a day, so the tie-break
/// counts), inserted in no particular order.
fn full_snap() -> Snapshot {
    use crate::model::ExerciseValue;
    use crate::together::{Category, Repeat, Step};
    let mut s = snap();
    let p = s.partners[0].clone();
    s.partners = vec![
        Partner {
            id: "p2".into(),
            name: "Sam".into(),
            ..p.clone()
        },
        p,
        Partner {
            id: "p0".into(),
            name: "Kim".into(),
            role: Role::Repairing,
            created: at("2026-11-21T08:00:00+01:00"),
        },
    ];
    let e = s.entries[0].clone();
    s.entries = ["e3", "e1", "e2"]
        .into_iter()
        .zip([
            "2026-11-20T09:30:00+01:00",
            "2026-11-22T07:00:00+01:00",
            "2026-11-20T09:30:00+01:00",
        ])
        .map(|(id, t)| Entry {
            id: id.into(),
            created: at(t),
            updated: at(t),
            body: format!("Entry {id}."),
            ..e.clone()
        })
        .collect();
    s.checkins = [
        ("p2", "2026-11-21"),
        ("p1", "2026-11-22"),
        ("p1", "2026-11-21"),
    ]
    .into_iter()
    .map(|(partner, date)| CheckIn {
        partner: partner.into(),
        date: date.parse().unwrap(),
        trust: 5,
        mood: None,
        note: None,
        updated: at("2026-11-22T10:00:00+01:00"),
        sealed: None,
    })
    .collect();
    s.exercises = ["x2", "x3", "x1"]
        .into_iter()
        .map(|id| ExerciseResult {
            id: id.into(),
            partner: "p1".into(),
            guide: "acknowledge".into(),
            exercise: "reflect".into(),
            created: at("2026-11-20T10:00:00+01:00"),
            updated: at("2026-11-20T10:00:00+01:00"),
            value: ExerciseValue::Reflection { text: id.into() },
            shared: false,
            sealed: None,
        })
        .collect();
    s.progress = [
        ("p2", "acknowledge"),
        ("p1", "listen"),
        ("p1", "acknowledge"),
    ]
    .into_iter()
    .map(|(partner, guide)| GuideProgress {
        partner: partner.into(),
        guide: guide.into(),
        opened: at("2026-11-20T10:00:00+01:00"),
        completed: None,
    })
    .collect();
    s.agreements = ["a3", "a1", "a2"]
        .into_iter()
        .map(|id| {
            let t = at("2026-11-20T11:00:00+01:00");
            Agreement::new(id.into(), Category::Boundary, id.into(), "p1", t, 30)
        })
        .collect();
    s.promises = ["r2", "r1", "r3"]
        .into_iter()
        .map(|id| Promise {
            id: id.into(),
            by: "p1".into(),
            text: format!("I will {id}"),
            created: at("2026-11-20T12:00:00+01:00"),
            repeat: Repeat::Weekly,
            due: None,
            occurrences: vec![],
            retired: None,
            guide: None,
        })
        .collect();
    s.moments = ["m1", "m3", "m2"]
        .into_iter()
        .map(|id| Moment {
            id: id.into(),
            partner: "p2".into(),
            date: at("2026-11-21T13:00:00+01:00"),
            strength: 6,
            trigger: Some(id.into()),
            helped: None,
            note: None,
            reassure: false,
            shared: false,
            acknowledged: None,
            sealed: None,
        })
        .collect();
    s.together = ["s3", "s2", "s1"]
        .into_iter()
        .map(|id| Session {
            id: id.into(),
            guide: "acknowledge".into(),
            started: at("2026-11-21T14:00:00+01:00"),
            questions: vec![],
            index: 0,
            step: Step::Reveal,
            finished: None,
        })
        .collect();
    s
}

/// The same records, each list in another order (and checked to be another order).
fn reordered(s: &Snapshot, how: fn(&mut [u8])) -> Snapshot {
    fn apply<T: Clone + PartialEq>(v: &[T], how: fn(&mut [u8])) -> Vec<T> {
        let mut order: Vec<u8> = (0..v.len() as u8).collect();
        how(&mut order);
        let out: Vec<T> = order.iter().map(|&i| v[i as usize].clone()).collect();
        assert!(
            out != v,
            "the order must change for the test to mean anything"
        );
        out
    }
    Snapshot {
        partners: apply(&s.partners, how),
        entries: apply(&s.entries, how),
        checkins: apply(&s.checkins, how),
        exercises: apply(&s.exercises, how),
        progress: apply(&s.progress, how),
        agreements: apply(&s.agreements, how),
        promises: apply(&s.promises, how),
        moments: apply(&s.moments, how),
        together: apply(&s.together, how),
        damaged: Vec::new(),
    }
}

#[test]
fn json_export_is_stable() {
    let t: Timestamp = "2026-11-25T00:00:00+00:00".parse().unwrap();
    let s = full_snap();
    let a = to_json(&s, t);
    assert_eq!(a, to_json(&s, t), "the same snapshot, the same bytes");
    let mut streamed = Vec::new();
    write_json(&s, t, &mut streamed).unwrap();
    assert_eq!(
        a.as_bytes(),
        streamed,
        "streamed or in memory, the same bytes"
    );
    // The order records were inserted in does not show.
    for how in [
        (|v: &mut [u8]| v.reverse()) as fn(&mut [u8]),
        |v| v.rotate_left(1),
        |v| v.swap(0, 1),
    ] {
        assert_eq!(to_json(&reordered(&s, how), t), a);
    }

    let doc: ExportDoc = serde_json::from_str(&a).unwrap();
    assert_eq!(doc.format, EXPORT_FORMAT);
    assert_eq!(doc.format_version, EXPORT_VERSION);
    let ids = |v: Vec<String>| v.join(" ");
    // The documented order (docs/EXPORT.md): partners, entries and exercise results by time,
    // then id; check-ins by date, then partner; guide progress by partner, then guide; the rest
    // by id.
    assert_eq!(
        ids(doc.partners.iter().map(|p| p.id.clone()).collect()),
        "p1 p2 p0"
    );
    assert_eq!(
        ids(doc.entries.iter().map(|e| e.id.clone()).collect()),
        "e2 e3 e1"
    );
    assert_eq!(
        ids(doc
            .checkins
            .iter()
            .map(|c| format!("{}/{}", c.partner, c.date))
            .collect()),
        "p1/2026-11-21 p2/2026-11-21 p1/2026-11-22"
    );
    assert_eq!(
        ids(doc.exercise_results.iter().map(|x| x.id.clone()).collect()),
        "x1 x2 x3"
    );
    assert_eq!(
        ids(doc
            .guide_progress
            .iter()
            .map(|g| format!("{}/{}", g.partner, g.guide))
            .collect()),
        "p1/acknowledge p1/listen p2/acknowledge"
    );
    assert_eq!(
        ids(doc.agreements.iter().map(|x| x.id.clone()).collect()),
        "a1 a2 a3"
    );
    assert_eq!(
        ids(doc.promises.iter().map(|x| x.id.clone()).collect()),
        "r1 r2 r3"
    );
    assert_eq!(
        ids(doc.moments.iter().map(|x| x.id.clone()).collect()),
        "m1 m2 m3"
    );
    assert_eq!(
        ids(doc.together.iter().map(|x| x.id.clone()).collect()),
        "s1 s2 s3"
    );
    assert!(!a.contains('\x1b'), "JSON escapes control characters");
}

#[test]
fn filters_by_partner_guide_dates_and_tags() {
    let s = snap();
    let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let keep = |f: Filter| counts(&s, &f).entries;
    assert_eq!(keep(Filter::default()), 1);
    assert_eq!(
        keep(Filter {
            partner: Some("p2".into()),
            ..Default::default()
        }),
        0
    );
    assert_eq!(
        keep(Filter {
            guide: Some("acknowledge".into()),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        keep(Filter {
            since: Some(day),
            until: Some(day),
            ..Default::default()
        }),
        1
    );
    assert_eq!(
        keep(Filter {
            since: day.succ_opt(),
            ..Default::default()
        }),
        0
    );
    // Tags as the workbook compares them: without `#`, ignoring case; any of several.
    for (tags, n) in [
        (vec!["START"], 1),
        (vec!["#Start"], 1),
        (vec!["other", "start"], 1),
        (vec!["other"], 0),
    ] {
        assert_eq!(
            keep(Filter {
                tags: tags.iter().map(|t| t.to_string()).collect(),
                ..Default::default()
            }),
            n,
            "{tags:?}"
        );
    }
}
pub(crate) mod golden;

/// Two partners, each with a sealed private entry (tagged, in a guide) and a shared one.
fn private_snap() -> (Snapshot, crate::privacy::DataKey, crate::privacy::DataKey) {
    let t: Timestamp = "2026-11-20T09:30:00+01:00".parse().unwrap();
    let (_, k1) = crate::crypto::new_key("p1", "one", t);
    let (_, k2) = crate::crypto::new_key("p2", "two", t);
    let mut s = snap();
    s.partners.push(Partner {
        id: "p2".into(),
        name: "Sam".into(),
        role: Role::Hurt,
        created: t,
    });
    let base = s.entries[0].clone();
    let private = |id: &str, author: &str, tag: &str, key: &crate::privacy::DataKey| {
        let e = Entry {
            id: id.into(),
            author: author.into(),
            tags: vec![tag.into()],
            body: format!("SECRET-{id}"),
            visibility: Visibility::Private,
            ..base.clone()
        };
        crate::crypto::seal_entry(&e, key)
    };
    s.entries.push(private("m1", "p1", "work", &k1));
    s.entries.push(private("m2", "p1", "home", &k1));
    s.entries.push(private("o1", "p2", "work", &k2));
    (s, k1, k2)
}

#[test]
fn open_private_for_opens_only_the_unlocked_actors_own_matching_entries() {
    use crate::privacy::Actor;
    let (s, k1, k2) = private_snap();
    let asked = Filter {
        include_private: true,
        ..Filter::default()
    };
    // Not asked for: nothing is opened, even with the key.
    let mut snap = s.clone();
    let me = Actor::unlocked("p1", k1.clone());
    assert_eq!(
        open_private_for(&mut snap, &me, &Filter::default()).unwrap(),
        0
    );
    assert_eq!(snap, s);
    // Locked: refused, nothing opened.
    let mut snap = s.clone();
    let err = open_private_for(&mut snap, &Actor::new("p1"), &asked).unwrap_err();
    assert!(matches!(
        err,
        crate::store::StoreError::Denied(crate::privacy::Denied::Locked)
    ));
    assert_eq!(snap, s);
    // Unlocked: both of their own, never the other's (even holding a key that would open it).
    let mut snap = s.clone();
    assert_eq!(open_private_for(&mut snap, &me, &asked).unwrap(), 2);
    let sealed: Vec<&str> = snap
        .entries
        .iter()
        .filter(|e| e.sealed.is_some())
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(sealed, ["o1"]);
    let c = counts(&snap, &asked);
    assert_eq!((c.entries, c.sealed), (3, 1));
    let md = to_string(&snap, &asked, Format::Markdown, snap.entries[0].created).unwrap();
    assert!(md.contains("SECRET-m1") && md.contains("SECRET-m2"));
    assert!(!md.contains("SECRET-o1"));
    // The other partner's key in my name opens nothing of theirs, and fails on mine.
    let mut snap = s.clone();
    assert!(open_private_for(&mut snap, &Actor::unlocked("p1", k2), &asked).is_err());
    assert_eq!(snap, s, "a wrong key leaves the snapshot as it was");
    // Only what the filter matches once open: the tag is inside the seal.
    let mut snap = s.clone();
    let work = Filter {
        tags: vec!["work".into()],
        ..asked.clone()
    };
    assert_eq!(open_private_for(&mut snap, &me, &work).unwrap(), 1);
    assert!(
        snap.entries
            .iter()
            .any(|e| e.id == "m1" && e.sealed.is_none())
    );
    assert!(
        snap.entries
            .iter()
            .any(|e| e.id == "m2" && e.sealed.is_some())
    );
    // A filter on the other partner opens nothing of mine.
    let mut snap = s.clone();
    let theirs = Filter {
        partner: Some("p2".into()),
        ..asked
    };
    assert_eq!(open_private_for(&mut snap, &me, &theirs).unwrap(), 0);
    assert_eq!(snap, s);
}
