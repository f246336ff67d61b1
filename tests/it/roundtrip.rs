//! Property tests: any store survives save and load, and any store survives JSON export and
//! import, exactly.

use chrono::{FixedOffset, NaiveDate, TimeZone};
use proptest::prelude::*;
use trustwork::clock::Clock;
use trustwork::export::to_json;
use trustwork::import::import_bytes;
use trustwork::model::*;
use trustwork::store::{Snapshot, Store};

/// Any text, control characters, CJK and emoji included.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "\\PC{0,40}",
        "[a-z \n\r\t\u{1b}\u{7}\u{9b}\u{200b}日本語😀é]{0,40}",
    ]
}

fn timestamp() -> impl Strategy<Value = Timestamp> {
    (0i64..400_000_000, -12i32..14, 0u32..1_000_000_000).prop_map(|(secs, hours, nanos)| {
        let off = FixedOffset::east_opt(hours * 3600).unwrap();
        off.timestamp_opt(1_500_000_000 + secs, nanos).unwrap()
    })
}

fn snapshot() -> impl Strategy<Value = Snapshot> {
    let partners = (text(), text()).prop_map(|_| {
        let t: Timestamp = "2020-01-01T00:00:00+00:00".parse().unwrap();
        vec![
            Partner {
                id: "partnera0001".into(),
                name: "Alex".into(),
                role: Role::Hurt,
                created: t,
            },
            Partner {
                id: "partnerb0002".into(),
                name: "Sam 日本".into(),
                role: Role::Unsaid,
                created: t,
            },
        ]
    });
    let entry = (
        timestamp(),
        timestamp(),
        proptest::option::of(text()),
        text(),
        proptest::collection::vec("[a-z]{1,8}", 0..3),
        any::<bool>(),
        proptest::option::of((text(), proptest::option::of(text()))),
        any::<bool>(),
    );
    let entries = proptest::collection::vec(entry, 0..12).prop_map(|es| {
        es.into_iter()
            .enumerate()
            .map(
                |(i, (created, updated, title, body, tags, starred, link, who))| Entry {
                    id: format!("entry{i:07}"),
                    author: if who { "partnera0001" } else { "partnerb0002" }.into(),
                    created,
                    updated,
                    title,
                    body,
                    tags,
                    starred,
                    for_counsellor: i % 3 == 1,
                    link: link.map(|(t, p)| PromptLink {
                        guide: "own-it".into(),
                        prompt: Some("own-it.x".into()),
                        prompt_text: p.or(Some(t)),
                    }),
                    visibility: Visibility::Shared,
                    source: None,
                    sealed: None,
                    responds_to: None,
                },
            )
            .collect::<Vec<_>>()
    });
    let checkin = (
        0u32..3000,
        0u8..=10,
        proptest::option::of(text()),
        proptest::option::of(text()),
        any::<bool>(),
        timestamp(),
    );
    let checkins = proptest::collection::vec(checkin, 0..10).prop_map(|cs| {
        let mut out: Vec<CheckIn> = Vec::new();
        for (day, trust, mood, note, who, updated) in cs {
            let date = NaiveDate::from_ymd_opt(2018, 1, 1).unwrap() + chrono::Days::new(day as u64);
            let partner = if who { "partnera0001" } else { "partnerb0002" }.to_string();
            if out.iter().any(|c| c.partner == partner && c.date == date) {
                continue;
            }
            out.push(CheckIn {
                partner,
                date,
                trust,
                mood,
                note,
                updated,
                sealed: None,
            });
        }
        out
    });
    (partners, entries, checkins).prop_map(|(partners, entries, checkins)| Snapshot {
        partners,
        entries,
        checkins,
        ..Default::default()
    })
}

fn save(store: &Store, s: &Snapshot) {
    store
        .write(|tx| {
            tx.modify::<Partner, _>(trustwork::store::paths::PARTNERS, |ps| {
                ps.extend(s.partners.iter().cloned());
                Ok(())
            })
        })
        .unwrap();
    store.add_entries(&s.entries).unwrap();
    store.add_checkins(&s.checkins).unwrap();
}

fn sorted(mut s: Snapshot) -> Snapshot {
    s.entries
        .sort_by(|a, b| a.created.cmp(&b.created).then_with(|| a.id.cmp(&b.id)));
    s.checkins
        .sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.partner.cmp(&b.partner)));
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn any_store_round_trips_through_save_and_load(s in snapshot()) {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::at(dir.path(), Clock::System);
        save(&store, &s);
        let loaded = store.load_all().unwrap();
        prop_assert_eq!(sorted(loaded), sorted(s));
    }

    #[test]
    fn any_store_round_trips_through_json_export_and_import(s in snapshot()) {
        let at: Timestamp = "2026-11-25T12:00:00+00:00".parse().unwrap();
        let a = tempfile::tempdir().unwrap();
        let store_a = Store::at(a.path(), Clock::Fixed(at));
        save(&store_a, &s);
        let first = to_json(&store_a.load_all().unwrap(), at);
        // The same store exported twice is the same bytes (the stability core's
        // `json_export_is_stable` names but does not compare).
        prop_assert_eq!(&first, &to_json(&store_a.load_all().unwrap(), at));

        let b = tempfile::tempdir().unwrap();
        let store_b = Store::at(b.path(), Clock::Fixed(at));
        import_bytes(&store_b, first.as_bytes(), "export", None, &mut |_| Ok(None)).unwrap();
        let second = to_json(&store_b.load_all().unwrap(), at);
        prop_assert_eq!(first, second);
    }
}

// ----- every record kind, and a filter ------------------------------------------------------

use trustwork::export::{Filter, Format};
use trustwork::together::{
    Agreement, Category, Change, Consent, Kept, Occurrence, Promise, Question, Repeat, Response,
    Retired, Session, SessionAnswer, Step,
};

const A: &str = "partnera0001";
const B: &str = "partnerb0002";

fn who(a: bool) -> String {
    if a { A } else { B }.to_string()
}

/// Base64-looking ciphertext (the export never opens it, so any will do).
fn sealed() -> impl Strategy<Value = Sealed> {
    ("[A-Za-z0-9+/]{8,32}", "[A-Za-z0-9+/]{4,64}")
        .prop_map(|(nonce, ciphertext)| Sealed { nonce, ciphertext })
}

fn day() -> impl Strategy<Value = NaiveDate> {
    (0u64..3000).prop_map(|d| NaiveDate::from_ymd_opt(2018, 1, 1).unwrap() + chrono::Days::new(d))
}

fn guide() -> impl Strategy<Value = String> {
    prop_oneof![Just("own-it".to_string()), Just("acknowledge".to_string())]
}

/// Sealed entries and responses beside the shared entries of `snapshot()`.
fn more_entries() -> impl Strategy<Value = Vec<Entry>> {
    let one = (
        timestamp(),
        any::<bool>(),
        sealed(),
        text(),
        0usize..14,
        any::<bool>(),
    );
    proptest::collection::vec(one, 0..8).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (t, a, seal, body, to, is_sealed))| Entry {
                id: format!("rep1y0{i:06}"),
                author: who(a),
                created: t,
                updated: t,
                title: None,
                body: if is_sealed { String::new() } else { body },
                tags: vec![],
                starred: false,
                link: None,
                visibility: if is_sealed {
                    Visibility::Private
                } else {
                    Visibility::Shared
                },
                source: None,
                responds_to: Some(format!("entry{to:07}")),
                sealed: is_sealed.then_some(seal),
                // The counsellor's tick travels in the export too.
                for_counsellor: !is_sealed && i % 2 == 0,
            })
            .collect()
    })
}

fn exercises() -> impl Strategy<Value = Vec<ExerciseResult>> {
    let one = (
        timestamp(),
        any::<bool>(),
        guide(),
        0u8..5,
        text(),
        0u8..=10,
        day(),
        sealed(),
    );
    proptest::collection::vec(one, 0..5).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(
                |(i, (t, a, guide, kind, text, n, d, seal))| ExerciseResult {
                    id: format!("exerc{i:07}"),
                    partner: who(a),
                    guide,
                    exercise: "ex".into(),
                    created: t,
                    updated: t,
                    value: match kind {
                        0 => ExerciseValue::Reflection { text },
                        1 => ExerciseValue::Checklist {
                            ticked: vec![Tick {
                                item: "item".into(),
                                date: d,
                            }],
                        },
                        2 => ExerciseValue::Scale { value: n },
                        3 => ExerciseValue::Form {
                            fields: vec![FormAnswer {
                                field: "f".into(),
                                label: "Label".into(),
                                text,
                            }],
                        },
                        _ => ExerciseValue::Private,
                    },
                    shared: kind == 0 && n > 5,
                    sealed: (kind == 4).then_some(seal),
                },
            )
            .collect()
    })
}

fn progress() -> impl Strategy<Value = Vec<GuideProgress>> {
    let one = (
        any::<bool>(),
        guide(),
        timestamp(),
        proptest::option::of(timestamp()),
    );
    proptest::collection::vec(one, 0..4).prop_map(|v| {
        let mut out: Vec<GuideProgress> = Vec::new();
        for (a, guide, opened, completed) in v {
            if !out.iter().any(|g| g.partner == who(a) && g.guide == guide) {
                out.push(GuideProgress {
                    partner: who(a),
                    guide,
                    opened,
                    completed,
                });
            }
        }
        out
    })
}

fn agreements() -> impl Strategy<Value = Vec<Agreement>> {
    let one = (
        timestamp(),
        text(),
        any::<bool>(),
        any::<bool>(),
        proptest::option::of((timestamp(), text())),
        proptest::option::of(text()),
        proptest::option::of(guide()),
        proptest::option::of(day()),
    );
    proptest::collection::vec(one, 0..4).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(
                |(i, (t, text, a, both, retired, before, guide, review))| Agreement {
                    id: format!("agree0{i:06}"),
                    category: if a {
                        Category::Boundary
                    } else {
                        Category::Expectation
                    },
                    text,
                    proposed_by: who(a),
                    created: t,
                    agreed: std::iter::once(who(a))
                        .chain(both.then(|| who(!a)))
                        .map(|partner| Consent { partner, at: t })
                        .collect(),
                    review,
                    retired: retired.map(|(at, reason)| Retired {
                        at,
                        by: who(!a),
                        reason,
                    }),
                    history: before
                        .map(|before| Change {
                            at: t,
                            by: who(a),
                            before,
                        })
                        .into_iter()
                        .collect(),
                    guide,
                },
            )
            .collect()
    })
}

fn promises() -> impl Strategy<Value = Vec<Promise>> {
    let mark = (day(), 0u8..3, 0u8..3, timestamp());
    let one = (
        timestamp(),
        text(),
        any::<bool>(),
        0u8..3,
        proptest::option::of(day()),
        proptest::collection::vec(mark, 0..4),
        proptest::option::of(timestamp()),
        proptest::option::of(guide()),
    );
    proptest::collection::vec(one, 0..4).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(
                |(i, (t, text, a, repeat, due, marks, retired, guide))| Promise {
                    id: format!("pr0m{i:08}"),
                    by: who(a),
                    text,
                    created: t,
                    repeat: [Repeat::Once, Repeat::Daily, Repeat::Weekly][repeat as usize],
                    due,
                    occurrences: marks
                        .into_iter()
                        .map(|(date, status, response, marked)| Occurrence {
                            date,
                            status: [Kept::Kept, Kept::Missed, Kept::NotDue][status as usize],
                            marked,
                            response: [None, Some(Response::Confirmed), Some(Response::Questioned)]
                                [response as usize],
                        })
                        .collect(),
                    retired,
                    guide,
                },
            )
            .collect()
    })
}

fn moments() -> impl Strategy<Value = Vec<Moment>> {
    let one = (
        timestamp(),
        any::<bool>(),
        0u8..=10,
        proptest::option::of(text()),
        proptest::option::of(text()),
        (any::<bool>(), any::<bool>(), any::<bool>()),
        sealed(),
        proptest::option::of(timestamp()),
    );
    proptest::collection::vec(one, 0..5).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(
                |(
                    i,
                    (date, a, strength, trigger, note, (reassure, shared, is_sealed), seal, ack),
                )| {
                    let sealed = is_sealed && !shared;
                    Moment {
                        id: format!("m0ment{i:06}"),
                        partner: who(a),
                        date,
                        strength,
                        trigger: if sealed { None } else { trigger },
                        helped: None,
                        note: if sealed { None } else { note },
                        reassure,
                        shared,
                        acknowledged: ack,
                        sealed: sealed.then_some(seal),
                    }
                },
            )
            .collect()
    })
}

fn sessions() -> impl Strategy<Value = Vec<Session>> {
    let answer = (
        any::<bool>(),
        proptest::option::of(text()),
        timestamp(),
        proptest::option::of(sealed()),
    );
    let question = (
        text(),
        text(),
        proptest::collection::vec(answer, 0..3),
        proptest::option::of(text()),
    );
    let one = (
        timestamp(),
        guide(),
        proptest::collection::vec(question, 0..3),
        0u8..3,
        proptest::option::of(timestamp()),
    );
    proptest::collection::vec(one, 0..3).prop_map(|v| {
        v.into_iter()
            .enumerate()
            .map(|(i, (started, guide, questions, step, finished))| Session {
                id: format!("sess00{i:06}"),
                guide,
                started,
                questions: questions
                    .into_iter()
                    .map(|(prompt, text, answers, heard)| Question {
                        prompt,
                        text,
                        answerers: vec![A.into(), B.into()],
                        answers: answers
                            .into_iter()
                            .map(|(a, text, at, sealed)| SessionAnswer {
                                partner: who(a),
                                text: if sealed.is_some() { None } else { text },
                                at,
                                sealed,
                            })
                            .collect(),
                        heard,
                        agreed_to_try: None,
                    })
                    .collect(),
                index: 0,
                step: [Step::Answer(1), Step::Reveal, Step::Note][step as usize],
                finished,
            })
            .collect()
    })
}

/// Any filter an export can be given (private entries stay out: none is open here).
fn filter() -> impl Strategy<Value = Filter> {
    (
        proptest::option::of(any::<bool>()),
        proptest::option::of(guide()),
        proptest::collection::vec("[a-z]{1,2}", 0..2),
        proptest::option::of(day()),
        proptest::option::of(day()),
    )
        .prop_map(|(partner, guide, tags, since, until)| Filter {
            partner: partner.map(who),
            guide,
            tags,
            since,
            until,
            include_private: false,
        })
}

fn every_kind() -> impl Strategy<Value = Snapshot> {
    (
        snapshot(),
        more_entries(),
        exercises(),
        progress(),
        agreements(),
        promises(),
        moments(),
        sessions(),
    )
        .prop_map(
            |(mut s, more, exercises, progress, agreements, promises, moments, together)| {
                s.entries.extend(more);
                s.exercises = exercises;
                s.progress = progress;
                s.agreements = agreements;
                s.promises = promises;
                s.moments = moments;
                s.together = together;
                s
            },
        )
}

fn json(s: &Snapshot, f: &Filter, at: Timestamp) -> String {
    trustwork::export::to_string(s, f, Format::Json, at).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Export JSON (whole, or filtered) → import into an empty store → export: the same
    /// document, over every kind of record.
    #[test]
    fn every_record_kind_round_trips_through_json_export_and_import(
        s in every_kind(),
        f in prop_oneof![Just(Filter::default()), filter()],
    ) {
        let at: Timestamp = "2026-11-25T12:00:00+00:00".parse().unwrap();
        let first = json(&s, &f, at);
        let b = tempfile::tempdir().unwrap();
        let store_b = Store::at(b.path(), Clock::Fixed(at));
        import_bytes(&store_b, first.as_bytes(), "export", None, &mut |_| Ok(None)).unwrap();
        let back = store_b.load_all().unwrap();
        prop_assert_eq!(&first, &json(&back, &Filter::default(), at));
        // The filter kept what it keeps: applied again, it keeps all of it.
        prop_assert_eq!(&first, &json(&back, &f, at));
    }
}
