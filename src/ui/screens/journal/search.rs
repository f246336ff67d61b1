//! The journal's search: every entry indexed once, a query parsed from what is typed, and the
//! matching entries found again on each keystroke.

use super::Journal;
use crate::model::Entry;
use crate::model::Partner;
use chrono::NaiveDate;

/// Every entry, newest first, with a lowercased copy of its searchable text made once, so a
/// keystroke in the search costs one pass of `contains`, not a lowercase of ten years of text.
#[derive(Debug, Clone, Default)]
pub struct Index {
    pub entries: Vec<Entry>,
    haystacks: Vec<String>,
}

impl Index {
    pub fn new(mut entries: Vec<Entry>) -> Index {
        entries.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| b.id.cmp(&a.id)));
        let haystacks = entries
            .iter()
            .map(|e| {
                let mut h = String::with_capacity(e.body.len() + 64);
                if let Some(t) = &e.title {
                    h.push_str(&t.to_lowercase());
                    h.push('\n');
                }
                h.push_str(&e.body.to_lowercase());
                h
            })
            .collect();
        Index { entries, haystacks }
    }
}

/// A parsed search.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Query {
    pub words: Vec<String>,
    pub tags: Vec<String>,
    pub guide: Option<String>,
    pub partner: Option<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl Query {
    pub fn parse(text: &str) -> Query {
        let mut q = Query::default();
        for token in text.split_whitespace() {
            let lower = token.to_lowercase();
            if let Some(t) = lower.strip_prefix('#').filter(|t| !t.is_empty()) {
                q.tags.push(t.to_string());
            } else if let Some(g) = lower.strip_prefix("guide:").filter(|g| !g.is_empty()) {
                q.guide = Some(g.to_string());
            } else if let Some(p) = lower.strip_prefix('@').filter(|p| !p.is_empty()) {
                q.partner = Some(p.to_string());
            } else if let Some(d) = lower.strip_prefix("since:").and_then(|d| d.parse().ok()) {
                q.since = Some(d);
            } else if let Some(d) = lower.strip_prefix("until:").and_then(|d| d.parse().ok()) {
                q.until = Some(d);
            } else {
                q.words.push(lower);
            }
        }
        q
    }
}

/// Recomputes the matching entries for the current query.
pub fn refilter(j: &mut Journal, partners: &[Partner]) {
    let q = Query::parse(&j.query);
    let partner_id = q.partner.as_ref().and_then(|name| {
        partners
            .iter()
            .find(|p| p.name.to_lowercase().starts_with(name.as_str()))
            .map(|p| p.id.clone())
    });
    let index = j.index.clone();
    j.hits = (0..index.entries.len())
        .filter(|&i| {
            let e = &index.entries[i];
            let day = e.created.date_naive();
            q.since.is_none_or(|s| day >= s)
                && q.until.is_none_or(|u| day <= u)
                && (q.partner.is_none() || partner_id.as_deref() == Some(e.author.as_str()))
                && q.guide
                    .as_ref()
                    .is_none_or(|g| e.link.as_ref().is_some_and(|l| &l.guide == g))
                && q.tags.iter().all(|t| e.tags.iter().any(|x| x == t))
                && q.words
                    .iter()
                    .all(|w| index.haystacks[i].contains(w.as_str()))
        })
        .collect();
    j.cursor = j.cursor.min(j.hits.len().saturating_sub(1));
}
