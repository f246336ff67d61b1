//! Text helpers shared by the command line and the screens: escaping, tags, wrapping, counting.

use std::fmt::Write;

/// Makes text safe to print on a terminal: every control character except newline and tab is
/// shown as a visible escape (`\x1b`, `\r`, `\u{9b}`), so stored text can never move the cursor,
/// clear the screen or retitle the window of the person reading it.
pub fn escape_control(s: &str) -> String {
    escape_control_cow(s).into_owned()
}

/// [`escape_control`], borrowing the text when nothing in it needs escaping (nearly always).
pub fn escape_control_cow(s: &str) -> std::borrow::Cow<'_, str> {
    if !any_needs_escape(s.as_bytes()) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if needs_escape(c) {
            match c {
                '\r' => out.push_str("\\r"),
                c if (c as u32) < 0x100 => {
                    let _ = write!(out, "\\x{:02x}", c as u32);
                }
                c => {
                    let _ = write!(out, "\\u{{{:x}}}", c as u32);
                }
            }
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// Like [`escape_control`], but for one-line output: newlines and tabs are escaped too.
pub fn escape_line(s: &str) -> String {
    escape_control(s).replace('\n', "\\n").replace('\t', "\\t")
}

/// Whether any character of the UTF-8 text `b` [`needs_escape`], read from its bytes: the
/// quick test an export of millions of words makes once for every text.
fn any_needs_escape(b: &[u8]) -> bool {
    // Runs of printable ASCII, newlines and tabs (nearly all text) are passed over 32 bytes at a
    // time with no branch per byte; an all-ASCII run ends on a character boundary, so the byte
    // scan can start where the first other run begins.
    let plain = |x: u8| (0x20..0x7f).contains(&x) | (x == b'\n') | (x == b'\t');
    let mut i = 0;
    for chunk in b.chunks(32) {
        if !chunk.iter().fold(true, |all, &x| all & plain(x)) {
            break;
        }
        i += chunk.len();
    }
    while i < b.len() {
        match b[i] {
            b'\n' | b'\t' => {}
            0x00..=0x1f | 0x7f => return true,
            // U+0080–U+009F, the C1 controls: 0xc2 0x80..=0x9f.
            0xc2 if matches!(b.get(i + 1), Some(0x80..=0x9f)) => return true,
            // U+202A–U+202E (0xe2 0x80 0xaa..=0xae) and U+2066–U+2069 (0xe2 0x81 0xa6..=0xa9).
            0xe2 => match (b.get(i + 1), b.get(i + 2)) {
                (Some(0x80), Some(0xaa..=0xae)) | (Some(0x81), Some(0xa6..=0xa9)) => return true,
                _ => {}
            },
            _ => {}
        }
        i += 1;
    }
    false
}

fn needs_escape(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        // Bidirectional overrides can make text display in an order other than it is stored.
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// True when a name or other one-line label holds a character that has no place in it.
pub fn has_control(s: &str) -> bool {
    s.chars().any(|c| c.is_control() || needs_escape(c))
}

/// `#word` tags in a text, lowercased, without the `#`, in first-seen order, each once.
/// A tag starts with a letter and runs over letters, digits, `-` and `_`; `#1` or `a#b` are not tags.
pub fn hashtags(text: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let at_word_start = i == 0 || !(chars[i - 1].is_alphanumeric() || chars[i - 1] == '#');
        if chars[i] == '#' && at_word_start && chars.get(i + 1).is_some_and(|c| c.is_alphabetic()) {
            let start = i + 1;
            let mut end = start;
            while end < chars.len()
                && (chars[end].is_alphanumeric() || chars[end] == '-' || chars[end] == '_')
            {
                end += 1;
            }
            let tag: String = chars[start..end].iter().collect::<String>().to_lowercase();
            let tag = tag.trim_end_matches(['-', '_']).to_string();
            if !tag.is_empty() && !tags.contains(&tag) {
                tags.push(tag);
            }
            i = end;
        } else {
            i += 1;
        }
    }
    tags
}

/// A tag as stored: trimmed, without a leading `#` or `@`, lowercased.
pub fn normalize_tag(tag: &str) -> String {
    tag.trim()
        .trim_start_matches(['#', '@'])
        .trim()
        .to_lowercase()
}

/// The tags typed into a tags field: commas separate them ("hurt, party night" is two tags),
/// and the words of one tag are joined with `-` (`party-night`), each tag as [`normalize_tag`]
/// stores it, in first-seen order, each once. A field without a comma whose every word is a
/// `#tag` ("#hurt #party") holds one tag per word, as such a field always did.
pub fn tag_list(field: &str) -> Vec<String> {
    let words: Vec<&str> = field.split_whitespace().collect();
    let hashed = !field.contains(',') && words.iter().all(|w| w.starts_with('#'));
    let pieces: Vec<String> = if hashed {
        words.iter().map(|w| w.to_string()).collect()
    } else {
        field
            .split(',')
            .map(|p| {
                p.split_whitespace()
                    .map(|w| w.trim_start_matches(['#', '@']))
                    .filter(|w| !w.is_empty())
                    .collect::<Vec<_>>()
                    .join("-")
            })
            .collect()
    };
    let mut tags: Vec<String> = Vec::new();
    for p in pieces {
        let t = normalize_tag(&p);
        if !t.is_empty() && !tags.contains(&t) {
            tags.push(t);
        }
    }
    tags
}

/// Tags as the tags field shows them, so that [`tag_list`] reads them back the same.
pub fn tags_field(tags: &[String]) -> String {
    tags.join(", ")
}

/// A count with its noun: `plural(1, "entry", "entries")` is "1 entry", 2 gives "2 entries".
/// The one place the workbook and the command line choose between singular and plural.
pub fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Words, as a person would count them.
pub fn word_count(s: &str) -> usize {
    s.split_whitespace()
        .filter(|w| w.chars().any(|c| c.is_alphanumeric()))
        .count()
}

/// Sentence lengths in words. A sentence ends at `.`, `!` or `?` (and any closing quote or
/// bracket) followed by white space, or at a paragraph break (a blank line); a single line break
/// is only a wrapped line. Used by the plain-language check.
pub fn sentence_lengths(text: &str) -> Vec<usize> {
    let mut out = Vec::new();
    let normalized = text.replace("\r\n", "\n");
    for line in normalized.split("\n\n") {
        let mut current = 0usize;
        let words: Vec<&str> = line.split_whitespace().collect();
        for w in words {
            if w.chars().any(|c| c.is_alphanumeric()) {
                current += 1;
            }
            let core = w.trim_end_matches(['"', '\'', '\u{201d}', '\u{2019}', ')']);
            if core.ends_with(['.', '!', '?']) && current > 0 {
                out.push(current);
                current = 0;
            }
        }
        if current > 0 {
            out.push(current);
        }
    }
    out
}

/// Greedy word wrap to `width` columns (display width; wide characters count two). Paragraph
/// breaks and line breaks in the text are kept. A word longer than the width is broken.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let _ = wrap_each(text, width, |line| {
        lines.push(line.to_string());
        Ok::<(), std::convert::Infallible>(())
    });
    lines
}

/// [`wrap`], handing each line to `line` as it is made, from one reused buffer: what an export
/// of millions of words uses, so no string is allocated per line.
pub fn wrap_each<E>(
    text: &str,
    width: usize,
    mut line: impl FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    let width = width.max(1);
    let mut buf = String::with_capacity(width * 2);
    for para in text.split('\n') {
        if is_plain_prose(para.as_bytes()) {
            wrap_plain_prose(para, width, &mut line)?;
            continue;
        }
        buf.clear();
        let mut line_w = 0usize;
        for (mut word, mut w) in words_with_widths(para) {
            if line_w > 0 && line_w + 1 + w > width {
                line(&buf)?;
                buf.clear();
                line_w = 0;
            }
            if w > width {
                // An over-long word (a URL, a paste without spaces) is broken across lines.
                while w > width {
                    let (head, tail) = split_at_width(word, width);
                    line(head)?;
                    word = tail;
                    w = display_width(word);
                }
            }
            if line_w > 0 {
                buf.push(' ');
                line_w += 1;
            }
            buf.push_str(word);
            line_w += w;
        }
        line(&buf)?;
    }
    Ok(())
}

/// Printable ASCII with single spaces between words and none at either end: nearly every
/// paragraph anyone writes, and the one shape that wraps without looking at a word at a time.
fn is_plain_prose(b: &[u8]) -> bool {
    if b.first() == Some(&b' ') || b.last() == Some(&b' ') {
        return false;
    }
    let mut after_space = false;
    for &c in b {
        if !(0x20..0x7f).contains(&c) || (c == b' ' && after_space) {
            return false;
        }
        after_space = c == b' ';
    }
    true
}

/// The greedy wrap of [`wrap_each`] for [`is_plain_prose`] text, one column a byte: each line
/// ends at the last space that fits, or mid-word when no space does. No copy is made.
fn wrap_plain_prose<E>(
    para: &str,
    width: usize,
    line: &mut impl FnMut(&str) -> Result<(), E>,
) -> Result<(), E> {
    let mut rest = para;
    while rest.len() > width {
        // A space at index `width` still lets the `width` bytes before it be a line.
        match rest.as_bytes()[..=width].iter().rposition(|&c| c == b' ') {
            Some(i) => {
                line(&rest[..i])?;
                rest = &rest[i + 1..];
            }
            None => {
                line(&rest[..width])?;
                rest = &rest[width..];
            }
        }
    }
    line(rest)
}

/// The words of `s`, split at white space exactly as `str::split_whitespace` does, each with
/// its display width. An ASCII line (nearly every line of any export) is split the quick
/// ASCII way, which agrees with the Unicode one except at a vertical tab.
fn words_with_widths(s: &str) -> impl Iterator<Item = (&str, usize)> {
    enum Words<'a> {
        Ascii(std::str::SplitAsciiWhitespace<'a>),
        Any(std::str::SplitWhitespace<'a>),
    }
    impl<'a> Iterator for Words<'a> {
        type Item = &'a str;
        fn next(&mut self) -> Option<&'a str> {
            match self {
                Words::Ascii(w) => w.next(),
                Words::Any(w) => w.next(),
            }
        }
    }
    let words = if s.is_ascii() && !s.as_bytes().contains(&0x0b) {
        Words::Ascii(s.split_ascii_whitespace())
    } else {
        Words::Any(s.split_whitespace())
    };
    words.map(|w| (w, display_width(w)))
}

/// The start of `s` that fits in `width` columns, with "…" when something was cut.
pub fn truncate_width(s: &str, width: usize) -> String {
    if display_width(s) <= width {
        return s.to_string();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = char_width(c);
        if w + cw + 1 > width {
            break;
        }
        out.push(c);
        w += cw;
    }
    if width > 0 {
        out.push('…');
    }
    out
}

/// Columns a string takes on a terminal (wide CJK characters and emoji count two).
pub fn display_width(s: &str) -> usize {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        // Printable ASCII: one column a byte (the common case, and much quicker).
        return s.len();
    }
    unicode_width::UnicodeWidthStr::width(s)
}

fn char_width(c: char) -> usize {
    unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)
}

fn split_at_width(s: &str, width: usize) -> (&str, &str) {
    let mut w = 0;
    for (i, c) in s.char_indices() {
        let cw = char_width(c);
        if w + cw > width.max(1) && i > 0 {
            return s.split_at(i);
        }
        w += cw;
    }
    (s, "")
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// The quick byte test says exactly what the character test says, for any text.
        #[test]
        fn the_byte_test_for_escapes_agrees_with_the_characters(s in "\\PC*|[\\x00-\\x{a0}\\x{2028}-\\x{206f}a-z\n\t]*") {
            proptest::prop_assert_eq!(any_needs_escape(s.as_bytes()), s.chars().any(needs_escape));
        }
    }

    proptest::proptest! {
        /// Words and widths as `split_whitespace` and `display_width` give them, for any text.
        #[test]
        fn words_are_split_as_split_whitespace_splits_them(s in "\\PC*|[ a-z\\x{85}\\x{a0}\\x{1680}\\x{2000}-\\x{200b}\\x{2028}\\x{3000}\t\r\x0b\x0c你😀]*") {
            let want: Vec<(&str, usize)> = s.split_whitespace().map(|w| (w, display_width(w))).collect();
            let got: Vec<(&str, usize)> = words_with_widths(&s).collect();
            proptest::prop_assert_eq!(got, want);
        }
    }

    /// [`wrap_each`] without its quick path for plain prose: the word-at-a-time wrap.
    fn wrap_word_by_word(text: &str, width: usize) -> Vec<String> {
        let width = width.max(1);
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let mut buf = String::new();
            let mut line_w = 0usize;
            for (mut word, mut w) in words_with_widths(para) {
                if line_w > 0 && line_w + 1 + w > width {
                    lines.push(std::mem::take(&mut buf));
                    line_w = 0;
                }
                while w > width {
                    let (head, tail) = split_at_width(word, width);
                    lines.push(head.to_string());
                    word = tail;
                    w = display_width(word);
                }
                if line_w > 0 {
                    buf.push(' ');
                    line_w += 1;
                }
                buf.push_str(word);
                line_w += w;
            }
            lines.push(buf);
        }
        lines
    }

    proptest::proptest! {
        /// The quick path for plain prose wraps exactly as the word-at-a-time wrap does.
        #[test]
        fn plain_prose_wraps_as_word_by_word_wrapping_does(
            s in "([a-z]{1,12}( [a-z.,!]{1,30}){0,20}\n?){0,4}|[a-z \n]{0,200}|[ -~]{0,120}",
            width in 1usize..40,
        ) {
            proptest::prop_assert_eq!(wrap(&s, width), wrap_word_by_word(&s, width));
        }
    }

    #[test]
    fn plain_prose_is_only_single_spaced_printable_ascii() {
        assert!(is_plain_prose(b"I felt unseen last night."));
        assert!(is_plain_prose(b""));
        for s in [
            " lead",
            "trail ",
            "two  spaces",
            "tab\there",
            "caf\u{e9}",
            "bell\x07",
        ] {
            assert!(!is_plain_prose(s.as_bytes()), "{s:?}");
        }
        assert_eq!(wrap("abcdefgh ij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("ab cd ef", 5), ["ab cd", "ef"]);
    }

    #[test]
    fn commas_separate_tags_and_the_words_of_one_are_joined() {
        assert_eq!(tag_list("hurt, party night"), ["hurt", "party-night"]);
        assert_eq!(
            tag_list(" Hurt ,, #Party   Night ,hurt"),
            ["hurt", "party-night"]
        );
        assert_eq!(tag_list("#hurt #party"), ["hurt", "party"]);
        assert_eq!(tag_list("work"), ["work"]);
        assert_eq!(tag_list("  ,  "), Vec::<String>::new());
        assert_eq!(tag_list("one two"), ["one-two"]);
        let tags = tag_list("hurt, party night");
        assert_eq!(
            tag_list(&tags_field(&tags)),
            tags,
            "the field reads back the same"
        );
    }

    #[test]
    fn plural_chooses_the_noun_by_the_count() {
        assert_eq!(plural(0, "entry", "entries"), "0 entries");
        assert_eq!(plural(1, "entry", "entries"), "1 entry");
        assert_eq!(plural(2, "moment", "moments"), "2 moments");
    }

    #[test]
    fn escapes_after_long_plain_runs_are_found_at_any_offset() {
        for lead in 0..70 {
            let pad = "a".repeat(lead);
            for bad in ["\x1b", "\u{85}", "\u{202e}", "\u{2067}"] {
                assert!(
                    any_needs_escape(format!("{pad}{bad}").as_bytes()),
                    "{lead} {bad:?}"
                );
            }
            for fine in ["\u{e9}", "\u{2014}", "\u{1f600}", "\n\t"] {
                assert!(
                    !any_needs_escape(format!("{pad}{fine}{pad}").as_bytes()),
                    "{lead}"
                );
            }
        }
    }

    #[test]
    fn every_character_that_needs_escaping_is_found_by_its_bytes() {
        for c in (0..=0x10ffffu32).filter_map(char::from_u32) {
            let mut buf = [0u8; 4];
            let s = c.encode_utf8(&mut buf);
            assert_eq!(
                any_needs_escape(s.as_bytes()),
                needs_escape(c),
                "{:x}",
                c as u32
            );
        }
    }

    #[test]
    fn escapes_terminal_control_but_keeps_newlines_and_tabs() {
        assert_eq!(escape_control("a\x1b[2Jb"), "a\\x1b[2Jb");
        assert_eq!(escape_control("t\x1b]0;title\x07"), "t\\x1b]0;title\\x07");
        assert_eq!(escape_control("one\ntwo\tthree"), "one\ntwo\tthree");
        assert_eq!(escape_control("cr\r\n"), "cr\\r\n");
        assert_eq!(escape_control("\u{9b}31m"), "\\x9b31m");
        assert_eq!(escape_control("bidi\u{202e}x"), "bidi\\u{202e}x");
        assert_eq!(escape_control("日本 😀"), "日本 😀");
        assert_eq!(escape_line("a\nb"), "a\\nb");
    }

    #[test]
    fn finds_hashtags() {
        assert_eq!(
            hashtags("#Work went well, #sleep-better. Not a#tag or #1 or ##x"),
            vec!["work", "sleep-better"]
        );
        assert_eq!(hashtags("#café #日本"), vec!["café", "日本"]);
        assert_eq!(hashtags("#a #A"), vec!["a"]);
    }

    #[test]
    fn normalizes_tags() {
        assert_eq!(normalize_tag(" @Work "), "work");
        assert_eq!(normalize_tag("#Trust"), "trust");
    }

    #[test]
    fn counts_sentences() {
        assert_eq!(
            sentence_lengths("One two three. Four five! Six?\n\nSeven\neight"),
            vec![3, 2, 1, 2]
        );
        assert_eq!(sentence_lengths("\"Say it.\" Then wait."), vec![2, 2]);
    }

    #[test]
    fn truncates_by_display_width() {
        assert_eq!(truncate_width("abcdef", 10), "abcdef");
        assert_eq!(truncate_width("abcdef", 4), "abc…");
        assert_eq!(truncate_width("日本語です", 5), "日本…");
        assert!(display_width(&truncate_width("😀😀😀😀", 5)) <= 5);
    }

    #[test]
    fn wraps_by_display_width() {
        assert_eq!(wrap("aaa bbb ccc", 7), vec!["aaa bbb", "ccc"]);
        assert_eq!(wrap("one\n\ntwo", 10), vec!["one", "", "two"]);
        assert_eq!(wrap("日本語日本語", 6), vec!["日本語", "日本語"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        for line in wrap(
            "word 😀😀😀😀 日本語のテキスト verylongwordwithoutspaces",
            5,
        ) {
            assert!(display_width(&line) <= 5, "{line:?}");
        }
    }
}
