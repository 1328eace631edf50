//! Text helpers shared by the formats: word wrapping, width estimates and escaping.
//!
//! Labels come from a hostile file, so every format escapes through one of these functions and
//! control characters never reach an output (XML and Graphviz's HTML labels reject them).
//! Widths come from `unicode-width` and wrapping from `textwrap` (which miette already builds),
//! rather than a hand-kept table of wide ranges.

use unicode_width::UnicodeWidthChar;

/// Characters per line of a claim's wrapped text.
pub(crate) const CLAIM_WRAP: usize = 28;
/// Lines of a claim shown before an ellipsis (the full text is in the tooltip).
pub(crate) const CLAIM_MAX_LINES: usize = 9;

/// Whether `c` takes two columns in a monospace terminal and about one em in a proportional
/// font (CJK, Hangul, fullwidth forms, emoji), by Unicode's East Asian Width and emoji tables.
pub(crate) fn is_wide(c: char) -> bool {
    c.width() == Some(2)
}

/// Columns `text` takes (wide characters count two, combining marks none), measured as
/// textwrap measures the lines it wraps, so that the ellipsis below fits what it cut.
pub(crate) fn columns(text: &str) -> usize {
    textwrap::core::display_width(text)
}

/// Replaces control characters and XML-forbidden code points by a space, and folds runs of
/// whitespace, so that a label is one clean line of text.
pub(crate) fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        let c = if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') || c.is_whitespace() {
            ' '
        } else {
            c
        };
        if c == ' ' {
            if !space && !out.is_empty() {
                out.push(' ');
            }
            space = true;
        } else {
            out.push(c);
            space = false;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// Like [`clean`] but keeps line breaks (as `\n`), for tooltips.
pub(crate) fn clean_multiline(text: &str) -> String {
    text.lines()
        .map(clean)
        .collect::<Vec<_>>()
        .join("\n")
        .trim()
        .to_string()
}

/// Word-wraps `text` to lines of at most `width` columns (longer words are split), keeping at
/// most `max_lines` lines (the last ends with `…` when text was cut).
pub(crate) fn wrap(text: &str, width: usize, max_lines: usize) -> Vec<String> {
    let width = width.max(4);
    let text = clean(text);
    if text.is_empty() {
        return Vec::new();
    }
    // Greedy and literal: `clean` left single spaces only, a hyphen is no break (an id or a
    // date must not be cut there), and a word longer than a line is split to fill whole lines.
    let options = textwrap::Options::new(width)
        .wrap_algorithm(textwrap::WrapAlgorithm::FirstFit)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(true);
    let mut lines: Vec<String> = textwrap::wrap(&text, options)
        .into_iter()
        .map(String::from)
        .collect();
    if lines.len() > max_lines {
        lines.truncate(max_lines.max(1));
        if let Some(last) = lines.last_mut() {
            while columns(last) + 1 > width && last.pop().is_some() {}
            last.push('…');
        }
    }
    lines
}

/// Shortens `text` (cleaned) to at most `max` characters, with `…` when cut.
pub(crate) fn excerpt(text: &str, max: usize) -> String {
    let text = clean(text);
    if text.chars().count() <= max {
        return text;
    }
    let mut out: String = text.chars().take(max.saturating_sub(1)).collect();
    if let Some(space) = out.rfind(' ').filter(|&i| i > max / 2) {
        out.truncate(space);
    }
    out.push('…');
    out
}

/// Escapes text for XML content and attribute values (SVG, Graphviz HTML-like labels).
pub(crate) fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' => out.push(' '),
            '\u{FFFE}' | '\u{FFFF}' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Estimated width in pixels of `text` at `size` px in a sans-serif font: generous, so that
/// text fits the boxes the builtin engine draws around it.
pub(crate) fn text_width(text: &str, size: f64) -> f64 {
    text.chars()
        .map(|c| {
            if is_wide(c) {
                1.05
            } else if c.is_ascii_uppercase() || matches!(c, 'm' | 'w' | 'M' | 'W' | '@' | '%') {
                0.78
            } else if matches!(
                c,
                'i' | 'l' | 'j' | '.' | ',' | ':' | ';' | '\'' | '!' | '|'
            ) {
                0.32
            } else {
                0.58
            }
        })
        .sum::<f64>()
        * size
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_at_spaces_and_splits_long_words() {
        assert_eq!(
            wrap(
                "Making aid conditional will not moderate the Taliban.",
                28,
                9
            ),
            ["Making aid conditional will", "not moderate the Taliban."]
        );
        assert_eq!(wrap("abcdefghij", 4, 9), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 28, 9), Vec::<String>::new());
    }

    #[test]
    fn wrap_counts_wide_characters_twice_and_cuts_with_an_ellipsis() {
        let lines = wrap("汉字汉字汉字", 4, 9);
        assert_eq!(lines, ["汉字", "汉字", "汉字"]);
        let lines = wrap("one two three four five six", 5, 2);
        assert_eq!(lines.len(), 2);
        assert!(lines[1].ends_with('…'), "{lines:?}");
    }

    #[test]
    fn wide_characters_and_emoji_take_two_columns_and_combining_marks_none() {
        // Hangul and fullwidth forms were in the old table; U+2705 (emoji) was not.
        assert_eq!(columns("한국어 ＡＢ"), 11);
        assert_eq!(columns("ok ✅"), 5);
        assert_eq!(columns("e\u{301}"), 1, "a combining accent adds no column");
        assert_eq!(wrap("日本語の文 a", 6, 9), ["日本語", "の文 a"]);
        assert_eq!(wrap("✅✅✅ done", 4, 9), ["✅✅", "✅", "done"]);
    }

    #[test]
    fn wrap_does_not_break_at_hyphens() {
        assert_eq!(
            wrap("a well-known claim", 8, 9),
            ["a", "well-kno", "wn claim"]
        );
    }

    #[test]
    fn clean_removes_control_characters() {
        assert_eq!(clean("a\u{0}b\n\tc\u{FFFE}"), "a b c");
    }

    #[test]
    fn xml_escapes_markup() {
        assert_eq!(
            xml("<a href=\"x\">&'"),
            "&lt;a href=&quot;x&quot;&gt;&amp;&#39;"
        );
    }
}
