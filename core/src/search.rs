//! The journal's query language, one for the workbook and the command line: words (every one
//! must appear in the title or the text, ignoring case), `#tag`, `guide:ID`, `@name` (a
//! partner, by the start of their name), `since:DATE` and `until:DATE` (YYYY-MM-DD, inclusive),
//! and `#starred` or `starred:yes`/`starred:no` (the entry's star).
//!
//! [`Query::parse`] never fails: a token that is not a well-formed filter is a word. An
//! [`Index`] holds the entries with a lowercased copy of their text made once, so that each
//! search is one pass of `contains`.
//!
//! A private entry that is still sealed shows only its author and its time: its title, text,
//! tags, guide and star are sealed with it, so only the date and `@name` filters can match it.

use crate::model::{Entry, Partner};
use chrono::NaiveDate;

/// A parsed search.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    /// Lowercased words, each of which must appear.
    pub words: Vec<String>,
    /// Lowercased tags (without `#`), each of which the entry must have.
    pub tags: Vec<String>,
    pub guide: Option<String>,
    /// The lowercased start of a partner's name.
    pub partner: Option<String>,
    pub since: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
    /// `Some(true)`: starred entries only (`#starred`, `starred:yes`); `Some(false)`: unstarred.
    pub starred: Option<bool>,
}

/// The tag that means the star: `#starred` finds starred entries (and any tagged `starred`).
pub const STARRED_TAG: &str = "starred";

impl Query {
    pub fn parse(text: &str) -> Query {
        let mut q = Query::default();
        for token in text.split_whitespace() {
            let lower = token.to_lowercase();
            if lower == "#starred" {
                q.starred = Some(true);
            } else if let Some(t) = lower.strip_prefix('#').filter(|t| !t.is_empty()) {
                q.tags.push(t.to_string());
            } else if let Some(g) = lower.strip_prefix("guide:").filter(|g| !g.is_empty()) {
                q.guide = Some(g.to_string());
            } else if let Some(p) = lower.strip_prefix('@').filter(|p| !p.is_empty()) {
                q.partner = Some(p.to_string());
            } else if let Some(d) = lower.strip_prefix("since:").and_then(|d| d.parse().ok()) {
                q.since = Some(d);
            } else if let Some(d) = lower.strip_prefix("until:").and_then(|d| d.parse().ok()) {
                q.until = Some(d);
            } else if let Some(s) = lower.strip_prefix("starred:").and_then(yes_no) {
                q.starred = Some(s);
            } else {
                q.words.push(lower);
            }
        }
        q
    }

    /// Whether the query asks nothing: every entry matches.
    pub fn is_empty(&self) -> bool {
        *self == Query::default()
    }

    /// The query with the author resolved against the partners: `None` when `@name` names no
    /// one (then nothing matches).
    pub fn resolve<'a>(&'a self, partners: &[Partner]) -> Resolved<'a> {
        let author = self.partner.as_ref().map(|name| {
            partners
                .iter()
                .find(|p| p.name.to_lowercase().starts_with(name.as_str()))
                .map(|p| p.id.clone())
        });
        Resolved {
            query: self,
            author,
        }
    }
}

/// `yes`/`no` and their usual spellings.
fn yes_no(s: &str) -> Option<bool> {
    match s {
        "yes" | "y" | "true" | "1" | "on" => Some(true),
        "no" | "n" | "false" | "0" | "off" => Some(false),
        _ => None,
    }
}

/// A query whose `@name` has been looked up among the partners.
#[derive(Debug, Clone)]
pub struct Resolved<'a> {
    pub query: &'a Query,
    /// `None`: no `@name`; `Some(None)`: a name that matches no partner.
    author: Option<Option<String>>,
}

impl Resolved<'_> {
    /// Whether an entry matches everything but the words.
    pub fn matches_fields(&self, e: &Entry) -> bool {
        let q = self.query;
        let day = e.created.date_naive();
        q.since.is_none_or(|s| day >= s)
            && q.until.is_none_or(|u| day <= u)
            && self
                .author
                .as_ref()
                .is_none_or(|a| a.as_deref() == Some(e.author.as_str()))
            && q.guide
                .as_ref()
                .is_none_or(|g| e.link.as_ref().is_some_and(|l| &l.guide == g))
            && q.starred.is_none_or(|s| {
                if s {
                    e.starred || e.tags.iter().any(|t| t == STARRED_TAG)
                } else {
                    !e.starred
                }
            })
            && q.tags.iter().all(|t| e.tags.iter().any(|x| x == t))
    }

    /// Whether an entry matches, given its lowercased searchable text (see [`haystack`]).
    pub fn matches_with(&self, e: &Entry, haystack: &str) -> bool {
        self.matches_fields(e)
            && self
                .query
                .words
                .iter()
                .all(|w| haystack.contains(w.as_str()))
    }

    /// Whether an entry matches (lowercasing its text now: for one-off searches, an [`Index`]
    /// for repeated ones).
    pub fn matches(&self, e: &Entry) -> bool {
        self.matches_fields(e)
            && (self.query.words.is_empty() || self.matches_with(e, &haystack(e)))
    }
}

/// An entry's searchable text, lowercased: its title, a line break, its text.
pub fn haystack(e: &Entry) -> String {
    let mut h = String::with_capacity(e.body.len() + 64);
    if let Some(t) = &e.title {
        h.push_str(&t.to_lowercase());
        h.push('\n');
    }
    h.push_str(&e.body.to_lowercase());
    h
}

/// Newest first: by creation time, then by id.
pub fn newest_first(entries: &mut [Entry]) {
    entries.sort_by(|a, b| b.created.cmp(&a.created).then_with(|| b.id.cmp(&a.id)));
}

/// Every entry, newest first, with a lowercased copy of its searchable text made once, so a
/// keystroke in the search costs one pass of `contains`, not a lowercase of ten years of text.
#[derive(Debug, Clone, Default)]
pub struct Index {
    pub entries: Vec<Entry>,
    haystacks: Vec<String>,
}

impl Index {
    pub fn new(mut entries: Vec<Entry>) -> Index {
        newest_first(&mut entries);
        let haystacks = entries.iter().map(haystack).collect();
        Index { entries, haystacks }
    }

    /// The positions in `entries` of those that match, newest first.
    pub fn search(&self, q: &Query, partners: &[Partner]) -> Vec<usize> {
        let r = q.resolve(partners);
        (0..self.entries.len())
            .filter(|&i| r.matches_with(&self.entries[i], &self.haystacks[i]))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{PromptLink, Role, Visibility};
    use chrono::{TimeZone, Utc};
    use proptest::prelude::*;

    fn partner(id: &str, name: &str) -> Partner {
        Partner {
            id: id.into(),
            name: name.into(),
            role: Role::Unsaid,
            created: Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap().into(),
        }
    }

    fn entry(id: &str, author: &str, day: u32, body: &str) -> Entry {
        let at = Utc.with_ymd_and_hms(2026, 3, day, 12, 0, 0).unwrap().into();
        Entry {
            id: id.into(),
            author: author.into(),
            created: at,
            updated: at,
            title: None,
            body: body.into(),
            tags: Vec::new(),
            starred: false,
            for_counsellor: false,
            link: None,
            visibility: Visibility::Shared,
            source: None,
            responds_to: None,
            sealed: None,
        }
    }

    #[test]
    fn parses_a_search() {
        let q = Query::parse(
            "Sleep #Work guide:own-it @al since:2026-01-01 until:2026-02-01 starred:no",
        );
        assert_eq!(q.words, vec!["sleep"]);
        assert_eq!(q.tags, vec!["work"]);
        assert_eq!(q.guide.as_deref(), Some("own-it"));
        assert_eq!(q.partner.as_deref(), Some("al"));
        assert_eq!(q.since, "2026-01-01".parse().ok());
        assert_eq!(q.until, "2026-02-01".parse().ok());
        assert_eq!(q.starred, Some(false));
        assert_eq!(Query::parse("#Starred").starred, Some(true));
        assert_eq!(Query::parse("starred:YES").starred, Some(true));
    }

    #[test]
    fn malformed_filters_are_words() {
        let q = Query::parse("since:yesterday starred:maybe # @ guide:");
        assert_eq!(
            q.words,
            vec!["since:yesterday", "starred:maybe", "#", "@", "guide:"]
        );
        assert_eq!(q.since, None);
        assert_eq!(q.starred, None);
        assert!(Query::parse("  \t ").is_empty());
    }

    #[test]
    fn matches_each_filter() {
        let partners = [partner("p1", "Alex"), partner("p2", "Sam")];
        let mut a = entry("a", "p1", 1, "We walked by the river");
        a.title = Some("Sunday".into());
        a.tags = vec!["walk".into()];
        let mut b = entry("b", "p2", 10, "River again, 川 and 🌊");
        b.starred = true;
        b.link = Some(PromptLink {
            guide: "own-it".into(),
            prompt: None,
            prompt_text: None,
        });
        let mut c = entry("c", "p1", 20, "Nothing much");
        c.tags = vec!["starred".into()];
        let ix = Index::new(vec![a, b, c]);
        let ids = |q: &str| -> Vec<String> {
            ix.search(&Query::parse(q), &partners)
                .into_iter()
                .map(|i| ix.entries[i].id.clone())
                .collect()
        };
        assert_eq!(ids(""), ["c", "b", "a"]);
        assert_eq!(ids("river"), ["b", "a"]);
        assert_eq!(ids("SUNDAY river"), ["a"]);
        assert_eq!(ids("#walk"), ["a"]);
        assert_eq!(ids("@sa"), ["b"]);
        assert_eq!(ids("@kim"), Vec::<String>::new());
        assert_eq!(ids("guide:own-it"), ["b"]);
        assert_eq!(ids("since:2026-03-10"), ["c", "b"]);
        assert_eq!(ids("until:2026-03-10"), ["b", "a"]);
        assert_eq!(ids("since:2026-03-02 until:2026-03-19"), ["b"]);
        assert_eq!(ids("#starred"), ["c", "b"]);
        assert_eq!(ids("starred:yes"), ["c", "b"]);
        assert_eq!(ids("starred:no"), ["c", "a"]);
        assert_eq!(ids("川"), ["b"]);
        assert_eq!(ids("🌊 river"), ["b"]);
        assert_eq!(ids("🌊 walked"), Vec::<String>::new());
    }

    #[test]
    fn a_sealed_entry_matches_no_word() {
        let mut e = entry("s", "p1", 5, "");
        e.sealed = Some(crate::model::Sealed {
            nonce: String::new(),
            ciphertext: String::new(),
        });
        let q = Query::parse("anything");
        assert!(!q.resolve(&[]).matches(&e));
        assert!(Query::parse("since:2026-03-01").resolve(&[]).matches(&e));
    }

    proptest! {
        /// Parsing never panics, and a word-only query (no filter syntax) finds exactly the
        /// entries whose lowercased text contains every word.
        #[test]
        fn words_match_like_contains(
            body in "[a-zA-Z川🌊 ]{0,40}",
            words in proptest::collection::vec("[a-zA-Z川🌊]{1,3}", 0..3),
        ) {
            let q = Query::parse(&words.join(" "));
            let e = entry("x", "p1", 1, &body);
            let lower = body.to_lowercase();
            let want = words.iter().all(|w| lower.contains(&w.to_lowercase()));
            prop_assert_eq!(q.resolve(&[]).matches(&e), want);
            prop_assert_eq!(Index::new(vec![e]).search(&q, &[]).len(), usize::from(want));
        }

        #[test]
        fn parse_never_panics(text in "\\PC{0,60}") {
            let q = Query::parse(&text);
            prop_assert!(q.words.iter().all(|w| !w.is_empty()));
        }
    }
}
