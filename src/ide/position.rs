//! Byte offsets ⇄ an editor's positions (0-based line, and a column counted in UTF-16 code
//! units or in bytes, whichever the client and server agreed on).
//!
//! Lines end where [`LineIndex`] says they do (`\n`, `\r\n`, a lone `\r`), which is also the
//! Language Server Protocol's rule, so a finding's line is the same in the terminal and in
//! the editor.

use crate::model::{LineIndex, floor_char_boundary};

/// How columns are counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-16 code units: the protocol's default (a character outside the BMP counts 2).
    #[default]
    Utf16,
    /// Bytes of UTF-8.
    Utf8,
}

impl Encoding {
    fn width(self, c: char) -> usize {
        match self {
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf8 => c.len_utf8(),
        }
    }
}

/// A 0-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Position {
    /// 0-based line.
    pub line: u32,
    /// 0-based column, in the [`Encoding`]'s units.
    pub character: u32,
}

impl Position {
    /// A position.
    pub fn new(line: u32, character: u32) -> Self {
        Position { line, character }
    }
}

/// A text with its line starts, for converting in both directions.
#[derive(Clone, Debug)]
pub struct Lines<'a> {
    text: &'a str,
    index: LineIndex,
    encoding: Encoding,
}

impl<'a> Lines<'a> {
    /// Indexes `text` for columns counted in `encoding`.
    pub fn new(text: &'a str, encoding: Encoding) -> Self {
        Lines {
            text,
            index: LineIndex::new(text),
            encoding,
        }
    }

    /// The position of a byte offset (clamped to the text; inside a character, its start).
    pub fn position(&self, offset: usize) -> Position {
        let offset = floor_char_boundary(self.text, offset);
        let line = self.index.line(offset);
        let start = self.index.line_start(line);
        let character: usize = self
            .text
            .get(start..offset)
            .unwrap_or_default()
            .chars()
            .map(|c| self.encoding.width(c))
            .sum();
        Position::new(line - 1, character as u32)
    }

    /// The byte offset of a position. A line past the end is the end of the text; a column
    /// past the end of its line is the line's end (before its line break); a column inside a
    /// character (half of a surrogate pair) is that character's start.
    pub fn offset(&self, position: Position) -> usize {
        let starts = self.index.starts();
        let Some(&start) = starts.get(position.line as usize) else {
            return self.text.len();
        };
        let end = starts
            .get(position.line as usize + 1)
            .copied()
            .unwrap_or(self.text.len());
        let line = self.text.get(start..end).unwrap_or_default();
        let content = line.trim_end_matches(['\n', '\r']);
        let mut units = 0usize;
        for (i, c) in content.char_indices() {
            let width = self.encoding.width(c);
            if units + width > position.character as usize {
                return start + i;
            }
            units += width;
        }
        start + content.len()
    }

    /// The positions of a byte range.
    pub fn range(&self, range: std::ops::Range<usize>) -> (Position, Position) {
        (self.position(range.start), self.position(range.end))
    }

    /// The text indexed.
    pub fn text(&self) -> &'a str {
        self.text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_counts_an_emoji_twice_and_utf8_counts_bytes() {
        let text = "é😀x\nb";
        let x = text.find('x').unwrap_or_default();
        let utf16 = Lines::new(text, Encoding::Utf16);
        assert_eq!(utf16.position(x), Position::new(0, 3));
        assert_eq!(utf16.offset(Position::new(0, 3)), x);
        let utf8 = Lines::new(text, Encoding::Utf8);
        assert_eq!(utf8.position(x), Position::new(0, 6));
        assert_eq!(utf8.offset(Position::new(0, 6)), x);
        // Half of the emoji's surrogate pair is its start.
        assert_eq!(utf16.offset(Position::new(0, 2)), "é".len());
        assert_eq!(utf16.position(text.len()), Position::new(1, 1));
    }

    #[test]
    fn line_starts_with_crlf_and_a_lone_cr() {
        let text = "ab\r\ncd\ref\n";
        let lines = Lines::new(text, Encoding::Utf16);
        assert_eq!(lines.position(4), Position::new(1, 0));
        assert_eq!(lines.position(7), Position::new(2, 0));
        // The `\n` of `\r\n` belongs to the line it ends.
        assert_eq!(lines.position(3), Position::new(0, 3));
        assert_eq!(lines.offset(Position::new(1, 1)), 5);
        // A column past the line's end stops before its line break, not on the next line.
        assert_eq!(lines.offset(Position::new(0, 99)), 2);
        assert_eq!(lines.offset(Position::new(2, 99)), 9);
        // A line past the end is the end of the text.
        assert_eq!(lines.offset(Position::new(9, 0)), text.len());
        assert_eq!(lines.position(text.len()), Position::new(3, 0));
    }

    #[test]
    fn round_trip_on_every_char_boundary() {
        let text = "a: \"é😀\"\r\n- ü\rz\n";
        for encoding in [Encoding::Utf16, Encoding::Utf8] {
            let lines = Lines::new(text, encoding);
            for (i, _) in text.char_indices() {
                if text.as_bytes()[i] == b'\n' && i > 0 && text.as_bytes()[i - 1] == b'\r' {
                    continue; // the `\n` of `\r\n` has no position of its own
                }
                assert_eq!(lines.offset(lines.position(i)), i, "{encoding:?} at {i}");
            }
        }
    }
}
