//! Source text and positions: `SourceFile` owns one article's text, `Span` is a byte range into it,
//! `Spanned<T>` pairs an extracted value with where it came from.
//! Positions for people (1-based line, 1-based character column) are computed here and only here:
//! a UTF-8 byte order mark is not a character, and `\r\n` is one line end.

use std::ops::Range;

/// A byte range into a [`SourceFile`]'s text. `start <= end`, both on character boundaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Self {
            start,
            end: end.max(start),
        }
    }

    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The span moved `by` bytes to the right (for text extracted from a slice).
    pub fn shift(self, by: usize) -> Self {
        Self::new(self.start + by, self.end + by)
    }

    /// The smallest span covering both.
    pub fn cover(self, other: Span) -> Self {
        Self::new(self.start.min(other.start), self.end.max(other.end))
    }

    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
}

/// A value extracted from an article, with the bytes it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Spanned<T> {
    pub fn new(value: T, span: Span) -> Self {
        Self { value, span }
    }
}

/// A 1-based line and 1-based character column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// One input's name and text, with a line index for turning byte offsets into positions.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// The path as the user named it (or `--stdin-filename`), used in every report.
    pub path: String,
    pub text: String,
    line_starts: Vec<usize>,
}

const BOM: char = '\u{feff}';

impl SourceFile {
    pub fn new(path: impl Into<String>, text: String) -> Self {
        let line_starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        Self {
            path: path.into(),
            text,
            line_starts,
        }
    }

    /// Byte length of a leading byte order mark (0 or 3).
    pub fn bom_len(&self) -> usize {
        if self.text.starts_with(BOM) {
            BOM.len_utf8()
        } else {
            0
        }
    }

    /// The position of a byte offset. Offsets past the end clamp to the end; an offset inside
    /// a `\r\n` pair or inside a character belongs to the character it falls in.
    pub fn position(&self, offset: usize) -> Position {
        let offset = offset.min(self.text.len());
        let line_index = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let mut line_start = self.line_starts[line_index];
        if line_index == 0 {
            line_start = line_start.max(self.bom_len().min(offset));
        }
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let column = self.text[line_start..end].chars().count() + 1;
        Position {
            line: line_index + 1,
            column,
        }
    }

    /// Start and end positions of a span; the end is exclusive, as in the JSON contract.
    pub fn span_positions(&self, span: Span) -> (Position, Position) {
        (self.position(span.start), self.position(span.end))
    }

    /// The span of the first non-empty line (without its line end), for findings about the whole file.
    pub fn first_line(&self) -> Span {
        let start = self.bom_len();
        let rest = &self.text[start..];
        let skip = rest.len() - rest.trim_start().len();
        let begin = start + skip;
        let len = self.text[begin..]
            .find(['\r', '\n'])
            .unwrap_or(self.text.len() - begin);
        Span::new(begin, begin + len)
    }

    pub fn slice(&self, span: Span) -> &str {
        self.text.get(span.range()).unwrap_or("")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let file = SourceFile::new("a.md", "héllo wörld\nnext".to_string());
        let offset = file.text.find("wörld").unwrap_or_default();
        assert_eq!(file.position(offset), Position { line: 1, column: 7 });
        let next = file.text.find("next").unwrap_or_default();
        assert_eq!(file.position(next), Position { line: 2, column: 1 });
    }

    #[test]
    fn bom_is_not_a_character() {
        let file = SourceFile::new("a.md", "\u{feff}title".to_string());
        assert_eq!(file.position(3), Position { line: 1, column: 1 });
        assert_eq!(file.position(0), Position { line: 1, column: 1 });
        assert_eq!(file.position(4), Position { line: 1, column: 2 });
        assert_eq!(file.first_line(), Span::new(3, 8));
    }

    #[test]
    fn crlf_is_one_line_end() {
        let file = SourceFile::new("a.txt", "one\r\ntwo\r\nthree".to_string());
        let three = file.text.find("three").unwrap_or_default();
        assert_eq!(file.position(three), Position { line: 3, column: 1 });
        assert_eq!(file.first_line(), Span::new(0, 3));
    }

    #[test]
    fn offsets_past_the_end_clamp() {
        let file = SourceFile::new("a.txt", "ab".to_string());
        assert_eq!(file.position(99), Position { line: 1, column: 3 });
    }
}
