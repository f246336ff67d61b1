//! Which prompts each partner has answered, and when each last did the four-week review: one
//! pass over every entry (the workbook runs it on a thread after its first frame).

use super::review::REVIEW_GUIDE;
use crate::model::Entry;
use chrono::NaiveDate;
use std::collections::{HashMap, HashSet};

/// What [`answered`] finds in the journal.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Answered {
    /// (author, prompt id) for every entry that answers a prompt.
    pub prompts: HashSet<(String, String)>,
    /// Each author's latest review entry (linked to [`REVIEW_GUIDE`]), by its local date.
    pub last_review: HashMap<String, NaiveDate>,
}

/// The prompts answered and the latest reviews, from all entries.
pub fn answered(entries: &[Entry]) -> Answered {
    let mut out = Answered::default();
    for e in entries {
        let Some(link) = &e.link else { continue };
        if link.guide == REVIEW_GUIDE {
            let d = e.created.date_naive();
            let slot = out.last_review.entry(e.author.clone()).or_insert(d);
            *slot = (*slot).max(d);
        }
        if let Some(p) = &link.prompt {
            out.prompts.insert((e.author.clone(), p.clone()));
        }
    }
    out
}
