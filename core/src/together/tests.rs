use super::*;
use crate::model::Timestamp;
use chrono::NaiveDate;

fn t(s: &str) -> Timestamp {
    format!("{s}T10:00:00+00:00").parse().unwrap()
}
fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

#[test]
fn an_agreement_is_agreed_when_both_confirm_and_edits_ask_again() {
    let mut a = Agreement::new(
        "a1".into(),
        Category::Boundary,
        "No contact with X.".into(),
        "alex",
        t("2026-11-01"),
        30,
    );
    assert_eq!(a.state(2), AgreementState::Proposed);
    assert_eq!(
        a.state(1),
        AgreementState::Agreed,
        "alone, your word is the agreement"
    );
    a.agree("alex", t("2026-11-02"));
    assert_eq!(a.agreed.len(), 1, "agreeing twice counts once");
    a.agree("sam", t("2026-11-02"));
    assert_eq!(a.state(2), AgreementState::Agreed);
    a.edit(
        "No contact with X, in any form.".into(),
        "sam",
        t("2026-11-05"),
    );
    assert_eq!(a.state(2), AgreementState::Proposed);
    assert_eq!(a.history[0].before, "No contact with X.");
    assert!(a.has_agreed("sam") && !a.has_agreed("alex"));
    assert!(a.review_due(d("2026-12-01")));
    a.retire("alex", "We no longer need it.".into(), t("2026-12-02"));
    assert_eq!(a.state(2), AgreementState::Retired);
    assert!(!a.review_due(d("2026-12-03")));
    a.agree("alex", t("2026-12-03"));
    assert_eq!(
        a.agreed.len(),
        1,
        "a retired agreement takes no new consent"
    );
}

#[test]
fn promises_are_marked_per_occurrence_and_answered() {
    let mut p = Promise {
        id: "p1".into(),
        by: "sam".into(),
        text: "I will call at lunch.".into(),
        created: t("2026-11-02"),
        repeat: Repeat::Daily,
        due: None,
        occurrences: vec![],
        retired: None,
        guide: None,
    };
    p.mark(Kept::Kept, d("2026-11-02"), t("2026-11-02"));
    p.mark(Kept::Missed, d("2026-11-03"), t("2026-11-03"));
    assert!(p.respond(Response::Questioned));
    assert_eq!(p.occurrences[1].response, Some(Response::Questioned));
    // Marking again changes the mark and clears the old answer.
    p.mark(Kept::Kept, d("2026-11-03"), t("2026-11-03"));
    assert_eq!(
        (
            p.occurrences.len(),
            p.occurrences[1].status,
            p.occurrences[1].response
        ),
        (2, Kept::Kept, None)
    );
    let weeks = promises_per_week(&[p.clone()], Some("sam"), d("2026-11-02"), d("2026-11-15"));
    assert_eq!(weeks.len(), 2);
    assert_eq!((weeks[0].kept, weeks[0].missed), (2, 0));
    let mut w = Promise {
        repeat: Repeat::Weekly,
        ..p
    };
    w.occurrences.clear();
    w.mark(Kept::Missed, d("2026-11-05"), t("2026-11-05"));
    assert_eq!(
        w.occurrences[0].date,
        d("2026-11-02"),
        "a weekly promise is marked for its week"
    );
}

#[test]
fn a_one_off_promise_may_end_with_its_due_date() {
    assert_eq!(
        split_due("call the counsellor by 2026-12-01"),
        ("call the counsellor".into(), Some(d("2026-12-01")))
    );
    // Spaces around the date, and before " by ", do not matter.
    assert_eq!(
        split_due("call the counsellor   by 2026-12-01   "),
        ("call the counsellor".into(), Some(d("2026-12-01")))
    );
    // Only the last " by " counts.
    assert_eq!(
        split_due("stand by you by 2026-12-01"),
        ("stand by you".into(), Some(d("2026-12-01")))
    );
    assert_eq!(
        split_due("给妈妈打电话 🌸 by 2027-01-31"),
        ("给妈妈打电话 🌸".into(), Some(d("2027-01-31")))
    );
    // Anything else is left as it was, with no date.
    for text in [
        "stand by you",
        "stand by you ",
        "call the counsellor",
        "call by 2026-13-01",
        "call by 2026-02-30",
        "call by tomorrow",
        "call by2026-12-01",
        "by 2026-12-01",
        "给妈妈打电话 by 明天 🌸",
    ] {
        assert_eq!(split_due(text), (text.to_string(), None), "{text:?}");
    }
}
