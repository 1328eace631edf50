//! Text helpers shared by the formats: word wrapping, width estimates and escaping.
//!
//! Labels come from a hostile file, so every format escapes through one of these functions and
//! control characters never reach an output (XML and Graphviz's HTML labels reject them).

/// Characters per line of a claim's wrapped text.
pub(crate) const CLAIM_WRAP: usize = 28;
/// Lines of a claim shown before an ellipsis (the full text is in the tooltip).
pub(crate) const CLAIM_MAX_LINES: usize = 9;

/// Whether `c` takes two columns in a monospace terminal and about one em in a proportional
/// font (CJK, Hangul, fullwidth forms, emoji).
pub(crate) fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x1F000..=0x1FAFF
        | 0x20000..=0x3FFFD)
}

/// Columns `text` takes (wide characters count two).
pub(crate) fn columns(text: &str) -> usize {
    text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum()
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
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    let mut line_cols = 0;
    for word in clean(text).split(' ').filter(|w| !w.is_empty()) {
        let word_cols = columns(word);
        if line_cols > 0 && line_cols + 1 + word_cols <= width {
            line.push(' ');
            line.push_str(word);
            line_cols += 1 + word_cols;
            continue;
        }
        if line_cols > 0 {
            lines.push(std::mem::take(&mut line));
            line_cols = 0;
        }
        // A word longer than a line is split; the pieces fill whole lines.
        for c in word.chars() {
            let w = if is_wide(c) { 2 } else { 1 };
            if line_cols + w > width {
                lines.push(std::mem::take(&mut line));
                line_cols = 0;
            }
            line.push(c);
            line_cols += w;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
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
