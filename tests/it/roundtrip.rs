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
