//! Together sessions: two partners at one screen, answering a guide's questions in turn.

use crate::model::Timestamp;
use serde::{Deserialize, Serialize};

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
