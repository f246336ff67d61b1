//! Agreements (boundaries and expectations the couple keeps) and promises (what one partner
//! says they will do, kept or missed over time). Plain data and the rules of their states; the
//! screens and the store use them.

use crate::model::Timestamp;
use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    Boundary,
    Expectation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Consent {
    pub partner: String,
    pub at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Change {
    pub at: Timestamp,
    pub by: String,
    /// The wording before this change.
    pub before: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retired {
    pub at: Timestamp,
    pub by: String,
    pub reason: String,
}

/// A boundary or expectation: proposed by one partner, agreed when each partner has confirmed
/// it on their own turn, reviewed by a date, retired with a reason. Its history is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Agreement {
    pub id: String,
    pub category: Category,
    pub text: String,
    pub proposed_by: String,
    pub created: Timestamp,
    /// Who has agreed to the current wording, and when.
    #[serde(default)]
    pub agreed: Vec<Consent>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub review: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retired: Option<Retired>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<Change>,
    /// The guide it came from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guide: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AgreementState {
    /// Waiting for the other partner to agree.
    Proposed,
    Agreed,
    Retired,
}

impl Agreement {
    pub fn new(
        id: String,
        category: Category,
        text: String,
        by: &str,
        now: Timestamp,
        review_days: u64,
    ) -> Agreement {
        Agreement {
            id,
            category,
            text,
            proposed_by: by.to_string(),
            created: now,
            // Proposing is agreeing, for the one who proposes.
            agreed: vec![Consent {
                partner: by.to_string(),
                at: now,
            }],
            review: Some(now.date_naive() + Days::new(review_days)),
            retired: None,
            history: Vec::new(),
            guide: None,
        }
    }

    /// `partners` is how many partners there are: with one, their own word is the agreement.
    pub fn state(&self, partners: usize) -> AgreementState {
        if self.retired.is_some() {
            AgreementState::Retired
        } else if self.agreed.len() >= partners.max(1) {
            AgreementState::Agreed
        } else {
            AgreementState::Proposed
        }
    }

    pub fn has_agreed(&self, partner: &str) -> bool {
        self.agreed.iter().any(|c| c.partner == partner)
    }

    /// A partner confirms the current wording on their own turn.
    pub fn agree(&mut self, partner: &str, now: Timestamp) {
        if !self.has_agreed(partner) && self.retired.is_none() {
            self.agreed.push(Consent {
                partner: partner.to_string(),
                at: now,
            });
        }
    }

    /// New wording: the old one goes to the history, and everyone must agree again (the one who
    /// changed it agrees by changing it).
    pub fn edit(&mut self, text: String, by: &str, now: Timestamp) {
        if text == self.text {
            return;
        }
        self.history.push(Change {
            at: now,
            by: by.to_string(),
            before: std::mem::replace(&mut self.text, text),
        });
        self.agreed = vec![Consent {
            partner: by.to_string(),
            at: now,
        }];
    }

    pub fn retire(&mut self, by: &str, reason: String, now: Timestamp) {
        if self.retired.is_none() {
            self.retired = Some(Retired {
                at: now,
                by: by.to_string(),
                reason,
            });
        }
    }

    pub fn review_due(&self, today: NaiveDate) -> bool {
        self.retired.is_none() && self.review.is_some_and(|r| r <= today)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Repeat {
    Once,
    Daily,
    Weekly,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kept {
    Kept,
    Missed,
    NotDue,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Response {
    Confirmed,
    Questioned,
}

/// One occurrence of a promise, marked by its author and answered by the other partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Occurrence {
    /// The day (daily), the Monday of the week (weekly) or the due date (once).
    pub date: NaiveDate,
    pub status: Kept,
    pub marked: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<Response>,
}

/// "I will …": made by one partner, once (perhaps by a date) or repeating.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Promise {
    pub id: String,
    pub by: String,
    pub text: String,
    pub created: Timestamp,
    pub repeat: Repeat,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    #[serde(default)]
    pub occurrences: Vec<Occurrence>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retired: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub guide: Option<String>,
}

impl Promise {
    /// The occurrence `today` belongs to.
    pub fn occurrence_date(&self, today: NaiveDate) -> NaiveDate {
        match self.repeat {
            Repeat::Daily => today,
            Repeat::Weekly => crate::clock::week_start(today),
            Repeat::Once => self.due.unwrap_or_else(|| self.created.date_naive()),
        }
    }

    /// The author marks the current occurrence; marking again changes it (and clears the
    /// other partner's answer, which was about the old mark).
    pub fn mark(&mut self, status: Kept, today: NaiveDate, now: Timestamp) {
        let date = self.occurrence_date(today);
        match self.occurrences.iter_mut().find(|o| o.date == date) {
            Some(o) => {
                o.status = status;
                o.marked = now;
                o.response = None;
            }
            None => self.occurrences.push(Occurrence {
                date,
                status,
                marked: now,
                response: None,
            }),
        }
        self.occurrences.sort_by_key(|o| o.date);
    }

    /// The other partner confirms or questions the latest mark.
    pub fn respond(&mut self, response: Response) -> bool {
        match self
            .occurrences
            .iter_mut()
            .rev()
            .find(|o| o.status != Kept::NotDue)
        {
            Some(o) => {
                o.response = Some(response);
                true
            }
            None => false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct WeekPromises {
    pub week: NaiveDate,
    pub kept: usize,
    pub missed: usize,
}

/// Kept and missed promises per week (Monday first), for the weeks from `from` to `to`.
pub fn promises_per_week(
    promises: &[Promise],
    partner: Option<&str>,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<WeekPromises> {
    let mut out = Vec::new();
    let mut w = crate::clock::week_start(from);
    while w <= to {
        let end = w + Days::new(6);
        let mut wp = WeekPromises {
            week: w,
            ..Default::default()
        };
        for p in promises
            .iter()
            .filter(|p| partner.is_none_or(|x| x == p.by))
        {
            for o in p
                .occurrences
                .iter()
                .filter(|o| o.date >= w && o.date <= end)
            {
                match o.status {
                    Kept::Kept => wp.kept += 1,
                    Kept::Missed => wp.missed += 1,
                    Kept::NotDue => {}
                }
            }
        }
        out.push(wp);
        w = w + Days::new(7);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

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
}

/// A together session: two partners at one screen working through a guide's questions. Each
/// answers in turn while the other looks away; both answers are revealed side by side; then a
/// shared note. It can be paused and resumed on the same question.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub id: String,
    pub guide: String,
    pub started: Timestamp,
    /// The questions, in order, with who answers each (partner ids).
    pub questions: Vec<Question>,
    /// Index of the current question.
    pub index: usize,
    pub step: Step,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub finished: Option<Timestamp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    pub prompt: String,
    pub text: String,
    pub answerers: Vec<String>,
    /// Answers so far (kept here, hidden, until the reveal writes them to the journal).
    #[serde(default)]
    pub answers: Vec<SessionAnswer>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub heard: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub agreed_to_try: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionAnswer {
    pub partner: String,
    /// `None`: they passed on this question.
    pub text: Option<String>,
    pub at: Timestamp,
    /// Until the reveal, the text sealed with its author's key, where they have a passphrase.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sealed: Option<crate::model::Sealed>,
}

/// Where a session stands on its current question.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "step", content = "turn", rename_all = "snake_case")]
pub enum Step {
    /// The answerer at this index of `answerers` is writing; the others look away.
    Answer(usize),
    Reveal,
    Note,
}

impl Session {
    pub fn current(&self) -> Option<&Question> {
        self.questions.get(self.index)
    }

    /// Records the current answerer's answer (or pass) and moves on: to the next answerer, or
    /// to the reveal.
    pub fn answer(&mut self, text: Option<String>, now: Timestamp) {
        let Step::Answer(turn) = self.step else {
            return;
        };
        let Some(q) = self.questions.get_mut(self.index) else {
            return;
        };
        let Some(partner) = q.answerers.get(turn).cloned() else {
            return;
        };
        q.answers.retain(|a| a.partner != partner);
        q.answers.push(SessionAnswer {
            partner,
            text,
            at: now,
            sealed: None,
        });
        self.step = if turn + 1 < q.answerers.len() {
            Step::Answer(turn + 1)
        } else {
            Step::Reveal
        };
    }

    /// The answer a partner may see now: their own, or anyone's after the reveal.
    pub fn visible_answer(&self, q: usize, partner: &str, viewer: &str) -> Option<&SessionAnswer> {
        let question = self.questions.get(q)?;
        let revealed =
            q < self.index || (q == self.index && matches!(self.step, Step::Reveal | Step::Note));
        question
            .answers
            .iter()
            .find(|a| a.partner == partner)
            .filter(|_| revealed || partner == viewer)
    }

    /// After the reveal, the shared note; after the note, the next question (or the end).
    pub fn advance(&mut self, now: Timestamp) {
        match self.step {
            Step::Reveal => self.step = Step::Note,
            Step::Note | Step::Answer(_) => {
                self.index += 1;
                self.step = Step::Answer(0);
                if self.index >= self.questions.len() {
                    self.finished = Some(now);
                }
            }
        }
    }
}

#[cfg(test)]
mod session_tests {
    use super::*;

    fn t() -> Timestamp {
        "2026-11-25T10:00:00+00:00".parse().unwrap()
    }

    fn session() -> Session {
        let q = |p: &str, who: &[&str]| Question {
            prompt: p.into(),
            text: format!("{p}?"),
            answerers: who.iter().map(|s| s.to_string()).collect(),
            answers: vec![],
            heard: None,
            agreed_to_try: None,
        };
        Session {
            id: "s".into(),
            guide: "communicate".into(),
            started: t(),
            questions: vec![q("both", &["a", "b"]), q("hurt-only", &["a"])],
            index: 0,
            step: Step::Answer(0),
            finished: None,
        }
    }

    #[test]
    fn turns_then_reveal_then_note_then_next() {
        let mut s = session();
        s.answer(Some("A's words".into()), t());
        assert_eq!(s.step, Step::Answer(1));
        // B cannot see A's answer before the reveal; A can see their own.
        assert!(s.visible_answer(0, "a", "b").is_none());
        assert!(s.visible_answer(0, "a", "a").is_some());
        s.answer(None, t()); // B passes
        assert_eq!(s.step, Step::Reveal);
        assert_eq!(
            s.visible_answer(0, "a", "b").unwrap().text.as_deref(),
            Some("A's words")
        );
        assert!(s.visible_answer(0, "b", "a").unwrap().text.is_none());
        s.advance(t());
        assert_eq!(s.step, Step::Note);
        s.advance(t());
        assert_eq!((s.index, s.step), (1, Step::Answer(0)));
        // A role's question is answered by that partner only.
        s.answer(Some("only mine".into()), t());
        assert_eq!(s.step, Step::Reveal);
        s.advance(t());
        s.advance(t());
        assert!(s.finished.is_some());
    }

    #[test]
    fn pausing_is_just_saving_and_resuming_is_loading() {
        let mut s = session();
        s.answer(Some("kept".into()), t());
        let json = serde_json::to_string(&s).unwrap();
        let back: Session = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
        assert_eq!(
            back.step,
            Step::Answer(1),
            "resumes on the same question and turn"
        );
    }
}
