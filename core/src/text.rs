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
    let clean = if s.is_ascii() {
        // The quick test for the common case: only C0 controls and DEL can need it.
        !s.bytes().any(|b| (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7f)
    } else {
        !s.chars().any(needs_escape)
    };
    if clean {
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
        buf.clear();
        let mut line_w = 0usize;
        for mut word in para.split_whitespace() {
            let mut w = display_width(word);
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
