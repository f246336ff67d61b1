//! Every write by a non-author is refused, whatever calls the store; what a partner with a
//! passphrase writes for themselves never reaches the disk readable.

use super::*;
use crate::clock::Clock;
use crate::model::{Entry, Role, Timestamp, Visibility};
use crate::store::{Store, StoreError};
use crate::together::{Kept, Repeat, Response};

fn t() -> Timestamp {
    "2026-11-25T10:00:00+01:00".parse().unwrap()
}

/// A store with Alex (who has a passphrase) and Sam (who has none).
fn store() -> (tempfile::TempDir, Store, Actor, Actor) {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::at(dir.path(), Clock::Fixed(t()));
    let alex = s.add_partner("Alex", Role::Hurt).unwrap();
    let sam = s.add_partner("Sam", Role::Repairing).unwrap();
    let key = s.set_passphrase(&alex.id, None, "correct horse").unwrap();
    (dir, s, Actor::unlocked(alex.id, key), Actor::new(sam.id))
}

fn entry(id: &str, author: &Actor, body: &str) -> Entry {
    Entry {
        id: id.into(),
        author: author.partner.clone(),
        created: t(),
        updated: t(),
        title: Some(format!("{body} title")),
        body: body.into(),
        tags: vec![format!("{body}-tag")],
        starred: false,
        for_counsellor: false,
        link: None,
        visibility: Visibility::Shared,
        source: None,
        responds_to: None,
        sealed: None,
    }
}

fn denied<T: std::fmt::Debug>(r: Result<T, StoreError>) {
    match r {
        Err(StoreError::Denied(Denied::NotAuthor(_))) => {}
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// Every byte of every file in the data folder, backups and drafts included.
fn disk(dir: &std::path::Path) -> String {
    let mut all = String::new();
    for e in walk(dir) {
        all.push_str(&String::from_utf8_lossy(&std::fs::read(e).unwrap()));
    }
    all
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn only_the_author_may_change_or_remove_an_entry() {
    let (_d, s, alex, sam) = store();
    s.save_entry(&alex, entry("a1", &alex, "mine"), false)
        .unwrap();
    s.save_entry(&alex, entry("a2", &alex, "sealed"), true)
        .unwrap();
    // Sam may not save over Alex's entries, shared or private, nor write one in Alex's name.
    let mut forged = entry("a1", &sam, "Sam typed this");
    denied(s.save_entry(&sam, forged.clone(), false));
    forged.author = alex.partner.clone();
    denied(s.save_entry(&sam, forged, false));
    denied(s.save_entry(&sam, entry("a2", &sam, "over"), false));
    // Nor trash, restore or purge them.
    denied(s.trash_entry(&sam, "a1"));
    s.trash_entry(&alex, "a1").unwrap();
    denied(s.restore_entry(&sam, "a1"));
    assert_eq!(s.empty_trash(&sam).unwrap(), 0);
    assert_eq!(s.trash().unwrap().len(), 1, "Alex's trash is untouched");
    s.restore_entry(&alex, "a1").unwrap();
    let all = s.all_entries().unwrap();
    assert_eq!(all.len(), 2);
    assert!(all.iter().all(|e| e.author == alex.partner));
}

#[test]
fn each_partner_empties_only_their_own_trash() {
    let (_d, s, alex, sam) = store();
    s.save_entry(&alex, entry("a1", &alex, "alex"), false)
        .unwrap();
    s.save_entry(&sam, entry("s1", &sam, "sam"), false).unwrap();
    s.trash_entry(&alex, "a1").unwrap();
    s.trash_entry(&sam, "s1").unwrap();
    assert_eq!(s.empty_trash(&sam).unwrap(), 1);
    let left = s.trash().unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].entry.id, "a1");
}

#[test]
fn a_response_is_the_readers_own_entry_linked_to_the_one_it_answers() {
    let (_d, s, alex, sam) = store();
    s.save_entry(&alex, entry("a1", &alex, "hard day"), false)
        .unwrap();
    let mut r = entry("s1", &sam, "I hear you");
    r.responds_to = Some("a1".into());
    s.save_entry(&sam, r, false).unwrap();
    let all = s.all_entries().unwrap();
    let resp = all.iter().find(|e| e.id == "s1").unwrap();
    assert_eq!(resp.author, sam.partner);
    assert_eq!(resp.responds_to.as_deref(), Some("a1"));
    // And Sam can no more change Alex's entry by responding.
    assert_eq!(all.iter().find(|e| e.id == "a1").unwrap().body, "hard day");
}

#[test]
fn a_passphrase_cannot_be_replaced_without_the_current_one() {
    let (_d, s, alex, _sam) = store();
    // Nobody can silently lock Alex out of their own writing.
    assert!(matches!(
        s.set_passphrase(&alex.partner, None, "sam's choice"),
        Err(StoreError::Denied(Denied::Locked))
    ));
    assert!(
        s.set_passphrase(&alex.partner, Some("wrong"), "x-x-x-x")
            .is_err()
    );
    s.set_passphrase(&alex.partner, Some("correct horse"), "battery staple")
        .unwrap();
    let pk = s.partner_key(&alex.partner).unwrap().unwrap();
    assert!(crate::crypto::unlock(&pk, "battery staple").is_ok());
}

#[test]
fn a_keyed_partner_must_unlock_before_writing_for_themselves() {
    let (_d, s, alex, _sam) = store();
    let locked = Actor::new(alex.partner.clone());
    let day = t().date_naive();
    assert!(matches!(
        s.put_checkin(&locked, day, Some(5), None, Some("note".into())),
        Err(StoreError::Denied(Denied::Locked))
    ));
    // The number alone needs no key: it stays readable for the chart.
    s.put_checkin(&locked, day, Some(5), Some("tired".into()), None)
        .unwrap();
}

#[test]
fn everything_a_keyed_partner_writes_for_themselves_is_sealed_on_disk() {
    let (dir, s, alex, _sam) = store();
    let day = t().date_naive();
    s.put_checkin(
        &alex,
        day,
        Some(4),
        Some("tired".into()),
        Some("NOTE-MARK".into()),
    )
    .unwrap();
    s.put_moment(
        &alex,
        crate::model::Moment {
            id: "m1".into(),
            partner: alex.partner.clone(),
            date: t(),
            strength: 7,
            trigger: Some("TRIGGER-MARK".into()),
            helped: Some("HELPED-MARK".into()),
            note: Some("MNOTE-MARK".into()),
            reassure: true,
            shared: false,
            acknowledged: None,
            sealed: None,
        },
    )
    .unwrap();
    s.put_exercise(
        &alex,
        crate::model::ExerciseResult {
            id: "x1".into(),
            partner: alex.partner.clone(),
            guide: "own-it".into(),
            exercise: "letter".into(),
            created: t(),
            updated: t(),
            value: crate::model::ExerciseValue::Reflection {
                text: "EXERCISE-MARK".into(),
            },
            shared: false,
            sealed: None,
        },
    )
    .unwrap();
    s.put_draft(
        &alex,
        crate::model::Draft {
            partner: alex.partner.clone(),
            key: "free".into(),
            title: "DTITLE-MARK".into(),
            tags: String::new(),
            body: "DRAFT-MARK".into(),
            link: None,
            entry: None,
            saved: t(),
            sealed: None,
        },
    )
    .unwrap();
    s.save_entry(&alex, entry("a1", &alex, "ENTRY-MARK"), true)
        .unwrap();
    // Written twice, so the backups hold sealed versions too.
    s.put_checkin(&alex, day, Some(5), None, Some("NOTE-MARK".into()))
        .unwrap();
    let on_disk = disk(dir.path());
    for mark in [
        "NOTE-MARK",
        "TRIGGER-MARK",
        "HELPED-MARK",
        "MNOTE-MARK",
        "EXERCISE-MARK",
        "DRAFT-MARK",
        "DTITLE-MARK",
        "ENTRY-MARK",
    ] {
        assert!(!on_disk.contains(mark), "{mark} is readable on disk");
    }
    // What stays readable: the trust number and mood, the moment's strength and the request.
    let c = &s.all_checkins().unwrap()[0];
    assert_eq!(
        (c.trust, c.mood.as_deref(), c.note.as_deref()),
        (5, Some("tired"), None)
    );
    let m = &s.moments().unwrap()[0];
    assert!(m.reassure && m.strength == 7 && m.trigger.is_none());
    // And the author opens them all.
    let key = alex.key().unwrap();
    let mut c = c.clone();
    open_checkin(&mut c, key).unwrap();
    assert_eq!(c.note.as_deref(), Some("NOTE-MARK"));
    let mut m = m.clone();
    open_moment(&mut m, key).unwrap();
    assert_eq!(m.helped.as_deref(), Some("HELPED-MARK"));
    let mut x = s.exercises().unwrap()[0].clone();
    open_exercise(&mut x, key).unwrap();
    assert!(
        matches!(x.value, crate::model::ExerciseValue::Reflection { ref text } if text == "EXERCISE-MARK")
    );
    let mut d = s.drafts().unwrap()[0].clone();
    open_draft(&mut d, key).unwrap();
    assert_eq!(
        (d.title.as_str(), d.body.as_str()),
        ("DTITLE-MARK", "DRAFT-MARK")
    );
}

#[test]
fn a_shared_moment_stays_readable_and_only_the_other_acknowledges_it() {
    let (_d, s, alex, sam) = store();
    let m = crate::model::Moment {
        id: "m1".into(),
        partner: alex.partner.clone(),
        date: t(),
        strength: 3,
        trigger: Some("our song".into()),
        helped: None,
        note: None,
        reassure: true,
        shared: true,
        acknowledged: None,
        sealed: None,
    };
    s.put_moment(&alex, m.clone()).unwrap();
    denied(s.put_moment(&sam, m));
    denied(s.acknowledge_moments(&alex, &["m1".into()], t()));
    s.acknowledge_moments(&sam, &["m1".into()], t()).unwrap();
    let m = &s.moments().unwrap()[0];
    assert_eq!(m.trigger.as_deref(), Some("our song"));
    assert!(m.acknowledged.is_some());
}

#[test]
fn a_promise_is_marked_by_its_maker_and_confirmed_by_the_other() {
    let (_d, s, alex, sam) = store();
    let mut p = crate::together::Promise {
        id: "p1".into(),
        by: sam.partner.clone(),
        text: "I will call at lunch".into(),
        created: t(),
        repeat: Repeat::Daily,
        due: None,
        occurrences: Vec::new(),
        retired: None,
        guide: None,
    };
    denied(s.put_promise(&alex, p.clone()));
    s.put_promise(&sam, p.clone()).unwrap();
    let mut by_alex = p.clone();
    by_alex.text = "I will call whenever".into();
    denied(s.put_promise(&alex, by_alex));
    let mut marked_by_alex = p.clone();
    marked_by_alex.mark(Kept::Kept, t().date_naive(), t());
    assert!(s.put_promise(&alex, marked_by_alex).is_err());
    p.mark(Kept::Kept, t().date_naive(), t());
    s.put_promise(&sam, p.clone()).unwrap();
    let mut own_confirm = p.clone();
    own_confirm.respond(Response::Confirmed);
    assert!(s.put_promise(&sam, own_confirm.clone()).is_err());
    s.put_promise(&alex, own_confirm).unwrap();
}

#[test]
fn an_agreements_wording_is_its_proposers_and_each_consent_its_givers() {
    let (_d, s, alex, sam) = store();
    let a = Agreement::new(
        "g1".into(),
        crate::together::Category::Boundary,
        "No contact with them".into(),
        &alex.partner,
        t(),
        30,
    );
    denied(s.put_agreement(&sam, a.clone()));
    s.put_agreement(&alex, a.clone()).unwrap();
    let mut edited = a.clone();
    edited.edit("Some contact".into(), &sam.partner, t());
    denied(s.put_agreement(&sam, edited));
    let mut forged = a.clone();
    forged.agree(&sam.partner, t());
    denied(s.put_agreement(&alex, forged.clone()));
    s.put_agreement(&sam, forged).unwrap();
}

#[test]
fn together_answers_are_sealed_until_the_reveal_and_nobody_changes_anothers() {
    let (dir, s, alex, sam) = store();
    let mut session = Session {
        id: "t1".into(),
        guide: "acknowledge".into(),
        started: t(),
        questions: vec![crate::together::Question {
            prompt: "acknowledge.what".into(),
            text: "What happened?".into(),
            answerers: vec![alex.partner.clone(), sam.partner.clone()],
            answers: Vec::new(),
            heard: None,
            agreed_to_try: None,
        }],
        index: 0,
        step: crate::together::Step::Answer(0),
        finished: None,
    };
    session.answer(Some("ALEX-ANSWER".into()), t());
    s.put_session(&alex, session.clone()).unwrap();
    assert!(!disk(dir.path()).contains("ALEX-ANSWER"));
    // Sam's copy holds Alex's answer opened in memory: saving it keeps Alex's sealed form.
    let later: Timestamp = "2026-11-25T10:05:00+01:00".parse().unwrap();
    session.answer(Some("sam's answer".into()), later);
    s.put_session(&sam, session.clone()).unwrap();
    assert!(!disk(dir.path()).contains("ALEX-ANSWER"));
    let stored = &s.sessions().unwrap()[0];
    let mut a = stored.questions[0].answers[0].clone();
    assert!(a.sealed.is_some() && a.text.is_none());
    open_answer(&mut a, alex.key().unwrap()).unwrap();
    assert_eq!(a.text.as_deref(), Some("ALEX-ANSWER"));
    // Sam may not remove or forge Alex's answer.
    let mut removed = session.clone();
    removed.questions[0]
        .answers
        .retain(|x| x.partner != alex.partner);
    denied(s.put_session(&sam, removed));
    let mut forged = session.clone();
    forged.questions[0].answers[0].at = later;
    denied(s.put_session(&sam, forged));
}

#[test]
fn debug_output_never_shows_a_key() {
    let (_d, _s, alex, _sam) = store();
    let shown = format!("{alex:?}");
    assert!(shown.contains("unlocked: true"));
    assert!(!shown.contains('['), "{shown}");
}

#[test]
fn setting_a_first_passphrase_seals_what_was_written_before() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::at(dir.path(), Clock::Fixed(t()));
    let alex = s.add_partner("Alex", Role::Hurt).unwrap();
    let before = Actor::new(alex.id.clone());
    let day = t().date_naive();
    s.put_checkin(&before, day, Some(3), None, Some("OLD-NOTE".into()))
        .unwrap();
    s.put_checkin(&before, day, Some(4), None, Some("OLD-NOTE".into()))
        .unwrap();
    s.save_entry(&before, entry("e1", &before, "SHARED-ENTRY"), false)
        .unwrap();
    assert!(disk(dir.path()).contains("OLD-NOTE"));
    let key = s.set_passphrase(&alex.id, None, "pass-phrase").unwrap();
    let on_disk = disk(dir.path());
    assert!(
        !on_disk.contains("OLD-NOTE"),
        "the note or its backup is still readable"
    );
    // An entry keeps the visibility it was written with.
    assert!(on_disk.contains("SHARED-ENTRY"));
    let mut c = s.all_checkins().unwrap()[0].clone();
    open_checkin(&mut c, &key).unwrap();
    assert_eq!(c.note.as_deref(), Some("OLD-NOTE"));
}

#[test]
fn only_the_author_may_share_an_entry_with_a_counsellor() {
    let (_dir, s, alex, sam) = store();
    s.save_entry(&alex, entry("a1", &alex, "shared"), false)
        .unwrap();
    s.save_entry(&alex, entry("a2", &alex, "private"), true)
        .unwrap();
    s.save_entry(&sam, entry("s1", &sam, "sams"), false)
        .unwrap();
    // Neither partner may tick, or untick, the other's entry, shared or private.
    denied(s.share_with_counsellor(&sam, "a1", true));
    denied(s.share_with_counsellor(&sam, "a2", true));
    denied(s.share_with_counsellor(&alex, "s1", true));
    let flag = |id: &str| s.find_entry(id).unwrap().unwrap().for_counsellor;
    assert!(!flag("a1") && !flag("s1"));
    // The author may, and may take it back.
    let e = s.share_with_counsellor(&alex, "a1", true).unwrap();
    assert!(e.for_counsellor && flag("a1"));
    denied(s.share_with_counsellor(&sam, "a1", false));
    assert!(flag("a1"));
    s.share_with_counsellor(&alex, "a1", false).unwrap();
    assert!(!flag("a1"));
    s.share_with_counsellor(&sam, "s1", true).unwrap();
    assert!(flag("s1"));
    // A private entry keeps the flag sealed: it needs its author's key, and the disk does not
    // say it is shared with anyone.
    assert!(matches!(
        s.share_with_counsellor(&Actor::new(alex.partner.clone()), "a2", true),
        Err(StoreError::Denied(Denied::Locked))
    ));
    let stored = s.share_with_counsellor(&alex, "a2", true).unwrap();
    assert!(stored.sealed.is_some() && !stored.for_counsellor);
    let opened = read_entry(&s.find_entry("a2").unwrap().unwrap(), alex.key().unwrap()).unwrap();
    assert!(opened.for_counsellor);
    assert_eq!(opened.body, "private");
    let readable: Vec<Entry> = s
        .all_entries()
        .unwrap()
        .into_iter()
        .filter(|e| e.for_counsellor)
        .collect();
    assert_eq!(
        readable.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        ["s1"],
        "a sealed entry's flag is not readable"
    );
}

#[test]
fn the_counsellor_flag_survives_export_and_import() {
    let (_d, s, alex, sam) = store();
    s.save_entry(&sam, entry("sssssssss001", &sam, "for them"), false)
        .unwrap();
    s.save_entry(&sam, entry("sssssssss002", &sam, "not for them"), false)
        .unwrap();
    s.save_entry(&alex, entry("aaaaaaaaa001", &alex, "sealed"), true)
        .unwrap();
    s.share_with_counsellor(&sam, "sssssssss001", true).unwrap();
    s.share_with_counsellor(&alex, "aaaaaaaaa001", true)
        .unwrap();
    let json = crate::export::to_json(&s.load_all().unwrap(), t());
    assert!(json.contains("\"for_counsellor\": true"), "{json}");
    assert_eq!(
        json.matches("for_counsellor").count(),
        1,
        "only s1 shows it"
    );
    let dir2 = tempfile::tempdir().unwrap();
    let s2 = Store::at(dir2.path(), Clock::Fixed(t()));
    crate::import::import_bytes(&s2, json.as_bytes(), "t", None, &mut |_| Ok(None)).unwrap();
    let back = s2.load_all().unwrap();
    let flagged: Vec<&str> = back
        .entries
        .iter()
        .filter(|e| e.for_counsellor)
        .map(|e| e.id.as_str())
        .collect();
    assert_eq!(flagged, ["sssssssss001"]);
    let a1 = back
        .entries
        .iter()
        .find(|e| e.id == "aaaaaaaaa001")
        .unwrap();
    assert!(read_entry(a1, alex.key().unwrap()).unwrap().for_counsellor);
}

#[test]
fn only_the_author_may_star_an_entry() {
    let (_dir, s, alex, sam) = store();
    s.save_entry(&alex, entry("a1", &alex, "shared"), false)
        .unwrap();
    s.save_entry(&alex, entry("a2", &alex, "private"), true)
        .unwrap();
    let starred = |id: &str| s.find_entry(id).unwrap().unwrap().starred;
    // The other partner may neither star nor unstar it.
    denied(s.star_entry(&sam, "a1", true));
    assert!(!starred("a1"));
    let e = s.star_entry(&alex, "a1", true).unwrap();
    assert!(e.starred && starred("a1"));
    assert_eq!(e.updated, s.find_entry("a1").unwrap().unwrap().updated);
    denied(s.star_entry(&sam, "a1", false));
    assert!(starred("a1"));
    s.star_entry(&alex, "a1", false).unwrap();
    assert!(!starred("a1"));
    // A private entry's star is sealed with it: it needs the key, and the disk does not show it.
    assert!(matches!(
        s.star_entry(&Actor::new(alex.partner.clone()), "a2", true),
        Err(StoreError::Denied(Denied::Locked))
    ));
    let stored = s.star_entry(&alex, "a2", true).unwrap();
    assert!(stored.sealed.is_some() && !stored.starred);
    let opened = read_entry(&s.find_entry("a2").unwrap().unwrap(), alex.key().unwrap()).unwrap();
    assert!(opened.starred);
    assert_eq!(opened.body, "private");
    denied(s.star_entry(&sam, "a2", false));
}
