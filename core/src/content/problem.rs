//! A problem found in a pack, at a line and column of one of its files.

use std::fmt;

/// One problem in a pack, at a position in a file.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
}

impl Problem {
    /// A problem at byte `offset` of `src` (line and column count from 1; columns in characters).
    pub fn at(file: &str, src: &str, offset: Option<usize>, message: String) -> Problem {
        let (line, column) = match offset {
            Some(off) => {
                let off = floor_char_boundary(src, off.min(src.len()));
                let before = &src[..off];
                let line = before.matches('\n').count() + 1;
                let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
                (line, src[line_start..off].chars().count() + 1)
            }
            None => (1, 1),
        };
        Problem {
            file: file.to_string(),
            line,
            column,
            message,
        }
    }
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:{}: {}",
            self.file, self.line, self.column, self.message
        )
    }
}
