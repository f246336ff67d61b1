//! What has helped most: the "what helped" notes of a partner's difficult moments, ranked by how
//! strong the next moment was — the notes that came before the mildest moments first. A plain
//! list, no score: the figure only orders it.

use crate::model::Moment;
use std::collections::HashMap;

/// The partner's "what helped" notes, those followed by the mildest next moment first (the
/// average strength of the moment that came after each time the note was written; ties: the
/// note written more often, then the more recent). A note with no later moment yet is not
/// ranked: nothing can be said of it. The same note in other capitals or spacing counts once,
/// in its latest wording. At most `limit` notes. Sealed moments (not opened) say nothing.
pub fn helped_most(moments: &[Moment], partner: &str, limit: usize) -> Vec<String> {
    let mut mine: Vec<&Moment> = moments.iter().filter(|m| m.partner == partner).collect();
    mine.sort_by(|a, b| a.date.cmp(&b.date).then_with(|| a.id.cmp(&b.id)));
    // key → (latest wording, sum of next strengths, times, latest position)
    let mut notes: HashMap<String, (String, u32, u32, usize)> = HashMap::new();
    for (i, pair) in mine.windows(2).enumerate() {
        let (m, next) = (pair[0], pair[1]);
        let Some(text) = m.helped.as_deref().map(str::trim).filter(|t| !t.is_empty()) else {
            continue;
        };
        let key = text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
        let n = notes.entry(key).or_insert((String::new(), 0, 0, 0));
        n.0 = text.to_string();
        n.1 += u32::from(next.strength);
        n.2 += 1;
        n.3 = i;
    }
    let mut ranked: Vec<(String, u32, u32, usize)> = notes.into_values().collect();
    // Compare averages without division: a/b < c/d ⇔ a·d < c·b.
    ranked.sort_by(|x, y| {
        (u64::from(x.1) * u64::from(y.2))
            .cmp(&(u64::from(y.1) * u64::from(x.2)))
            .then_with(|| y.2.cmp(&x.2))
            .then_with(|| y.3.cmp(&x.3))
    });
    ranked.into_iter().take(limit).map(|n| n.0).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(id: &str, who: &str, day: u32, strength: u8, helped: Option<&str>) -> Moment {
        Moment {
            id: id.into(),
            partner: who.into(),
            date: format!("2026-03-{day:02}T10:00:00+00:00").parse().unwrap(),
            strength,
            trigger: None,
            helped: helped.map(str::to_string),
            note: None,
            reassure: false,
            shared: false,
            acknowledged: None,
            sealed: None,
        }
    }

    #[test]
    fn the_notes_before_the_mildest_next_moments_come_first() {
        let all = vec![
            m("1", "pa", 1, 8, Some("a walk")),
            m("2", "pa", 2, 2, Some("talking it through")),
            m("3", "pa", 3, 7, Some("Talking  it through")),
            m("4", "pa", 4, 3, Some("music")),
            m("5", "pa", 5, 9, None),
            // Sam's notes are Sam's.
            m("6", "pb", 6, 1, Some("sams note")),
            m("7", "pb", 7, 1, None),
            // The last note has no moment after it yet: not ranked.
            m("8", "pa", 8, 5, Some("not yet known")),
        ];
        // a walk → next 2; talking it through → next 7, then 3: 5; music → next 9.
        assert_eq!(
            helped_most(&all, "pa", 10),
            ["a walk", "Talking  it through", "music"]
        );
        assert_eq!(helped_most(&all, "pa", 1), ["a walk"]);
        assert_eq!(helped_most(&all, "pb", 10), ["sams note"]);
        assert!(helped_most(&all, "nobody", 10).is_empty());
    }

    #[test]
    fn ties_go_to_the_note_written_more_often_then_the_latest() {
        let all = vec![
            m("1", "pa", 1, 5, Some("old")),
            m("2", "pa", 2, 4, Some("twice")),
            m("3", "pa", 3, 4, Some("twice")),
            m("4", "pa", 4, 4, Some("new")),
            m("5", "pa", 5, 4, None),
        ];
        // Every note is followed by strength 4 on average.
        assert_eq!(helped_most(&all, "pa", 10), ["twice", "new", "old"]);
    }

    #[test]
    fn order_in_the_input_does_not_matter_and_sealed_moments_say_nothing() {
        let mut all = vec![m("2", "pa", 2, 1, None), m("1", "pa", 1, 6, Some("tea"))];
        assert_eq!(helped_most(&all, "pa", 5), ["tea"]);
        all[1].helped = None;
        all[1].sealed = Some(crate::model::Sealed {
            nonce: "n".into(),
            ciphertext: "c".into(),
        });
        assert!(helped_most(&all, "pa", 5).is_empty());
    }
}
