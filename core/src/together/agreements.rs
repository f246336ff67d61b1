//! Agreements: boundaries and expectations the couple keeps, each consented to by both.

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
