//! Completion while typing, from the text as it is (it may not parse) and the last map that
//! did: claim ids in `supports`/`contradicts`, source ids after `source:`, stances after
//! `stance:`, and whole sentences of the cited source after `quote:` and a few typed words.

use std::ops::Range;

use crate::model::{Map, floor_char_boundary};
use crate::validate::{id_scalar, quoted};

/// What a completion inserts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    /// A claim id.
    Claim,
    /// A source id.
    Source,
    /// `supports` or `contradicts`.
    Stance,
    /// A passage of a source, quoted for YAML.
    Quote,
}

/// One completion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Completion {
    /// What the list shows.
    pub label: String,
    /// The claim's text, the source's title, the passage's line.
    pub detail: Option<String>,
    /// What replaces `range`.
    pub insert: String,
    /// The bytes replaced: what was typed of the value so far.
    pub range: Range<usize>,
    /// What the editor matches the typed text against (the typed text itself for quotes,
    /// which are found by their words rather than by their start).
    pub filter: String,
    /// Which kind of value.
    pub kind: CompletionKind,
}

/// Most completions offered at once.
const MAX_ITEMS: usize = 50;
/// A quote is looked for once this many letters of it are typed.
const MIN_QUOTE_CHARS: usize = 3;

fn line_start(text: &str, offset: usize) -> usize {
    text.get(..offset)
        .and_then(|b| b.rfind(['\n', '\r']))
        .map_or(0, |i| i + 1)
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// The id-like word ending at the end of `prefix`: its start offset in `prefix`.
fn word_start(prefix: &str) -> usize {
    prefix
        .char_indices()
        .rev()
        .find(|&(_, c)| !(c.is_alphanumeric() || c == '-' || c == '_'))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// The completions at `offset` of `text`, using `map` (the last version that parsed) for the
/// ids and the sources' texts.
pub fn complete(text: &str, map: &Map, offset: usize) -> Vec<Completion> {
    let offset = floor_char_boundary(text, offset);
    let start = line_start(text, offset);
    let Some(prefix) = text.get(start..offset) else {
        return Vec::new();
    };
    let trimmed = prefix.trim_start();
    let key_value = |key: &str| {
        let rest = trimmed.strip_prefix("- ").unwrap_or(trimmed).trim_start();
        rest.strip_prefix(key)
            .and_then(|r| r.strip_prefix(':'))
            .map(str::trim_start)
    };
    if let Some(value) = key_value("stance") {
        let at = offset - value.len();
        return ["supports", "contradicts"]
            .iter()
            .filter(|s| s.starts_with(value))
            .map(|s| Completion {
                label: s.to_string(),
                detail: None,
                insert: s.to_string(),
                range: at..offset,
                filter: s.to_string(),
                kind: CompletionKind::Stance,
            })
            .collect();
    }
    if let Some(value) = key_value("source") {
        if value.contains([' ', '"', '\'']) {
            return Vec::new();
        }
        let at = offset - value.len();
        return rank(
            value,
            map.sources
                .iter()
                .map(|s| (s.id.as_str(), s.meta.title.as_deref())),
        )
        .into_iter()
        .map(|(id, title)| Completion {
            label: id.to_string(),
            detail: title.map(str::to_string),
            insert: id_scalar(id),
            range: at..offset,
            filter: id.to_string(),
            kind: CompletionKind::Source,
        })
        .collect();
    }
    if let Some(value) = key_value("quote") {
        return quotes(text, map, start, offset, value);
    }
    if in_edge_list(text, start, prefix) {
        let at = start + word_start(prefix);
        let typed = prefix.get(word_start(prefix)..).unwrap_or_default();
        let claims = map
            .claims
            .iter()
            .map(|c| (c.id.value.as_str(), Some(c.text.value.as_str())));
        return rank(typed, claims)
            .into_iter()
            .map(|(id, text)| Completion {
                label: id.to_string(),
                detail: text.map(str::to_string),
                insert: id_scalar(id),
                range: at..offset,
                filter: id.to_string(),
                kind: CompletionKind::Claim,
            })
            .collect();
    }
    Vec::new()
}

/// Whether the cursor is in a `supports`/`contradicts` list: `supports: [a, |` on one line,
/// or a `- |` item of a block list under such a key.
fn in_edge_list(text: &str, start: usize, prefix: &str) -> bool {
    let trimmed = prefix.trim_start();
    for key in ["supports:", "contradicts:"] {
        if let Some(rest) = trimmed.strip_prefix(key)
            && let Some(open) = rest.trim_start().strip_prefix('[')
        {
            return !open.contains(']');
        }
    }
    let Some(item) = trimmed.strip_prefix('-') else {
        return false;
    };
    if item.contains(':') || !(item.is_empty() || item.starts_with(' ')) {
        return false;
    }
    let own = indent(prefix);
    // Up the lines: other items of the same list, then its key.
    let mut end = start;
    while end > 0 {
        let above = line_start(text, end - 1);
        let line = text
            .get(above..end)
            .unwrap_or_default()
            .trim_end_matches(['\n', '\r']);
        end = above;
        let content = line.trim();
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        if content.starts_with('-') && indent(line) == own && !content.contains(':') {
            continue;
        }
        let key = content.strip_prefix("- ").unwrap_or(content);
        return indent(line) <= own && (key == "supports:" || key == "contradicts:");
    }
    false
}

/// Candidates ordered for what was typed: those containing it first (by where), then by
/// Jaro-Winkler similarity; the rest dropped once something was typed.
fn rank<'a>(
    typed: &str,
    items: impl Iterator<Item = (&'a str, Option<&'a str>)>,
) -> Vec<(&'a str, Option<&'a str>)> {
    let typed = typed.to_lowercase();
    let mut scored: Vec<(u8, f64, &str, Option<&str>)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (id, detail) in items {
        if id.is_empty() || !seen.insert(id) {
            continue;
        }
        let lower = id.to_lowercase();
        let (class, score) = if typed.is_empty() {
            (0, 0.0)
        } else if lower.starts_with(&typed) {
            (0, 1.0)
        } else if lower.contains(&typed) {
            (1, 1.0)
        } else if detail.is_some_and(|d| d.to_lowercase().contains(&typed)) {
            (2, 1.0)
        } else {
            let score = strsim::jaro_winkler(&typed, &lower);
            if score < 0.7 {
                continue;
            }
            (3, score)
        };
        scored.push((class, score, id, detail));
    }
    scored.sort_by(|a, b| {
        (a.0, b.1.total_cmp(&a.1), a.2).cmp(&(b.0, std::cmp::Ordering::Equal, b.2))
    });
    scored.truncate(MAX_ITEMS);
    scored.into_iter().map(|(_, _, id, d)| (id, d)).collect()
}

/// The `source:` of the evidence item whose `quote:` is on the line starting at `start`.
fn evidence_source(text: &str, start: usize) -> Option<String> {
    let line = text.get(start..)?.lines().next()?;
    let own = indent(line);
    let item_indent = if line.trim_start().starts_with("- ") {
        own
    } else {
        own.saturating_sub(2)
    };
    let source_of = |line: &str| {
        let content = line.trim();
        let content = content.strip_prefix("- ").unwrap_or(content);
        content
            .strip_prefix("source:")
            .map(|v| v.trim().trim_matches(['"', '\'']).to_string())
            .filter(|v| !v.is_empty())
    };
    // Up to the item's `- ` line, then down to the next item.
    let mut at = start;
    loop {
        let here = text.get(at..)?.lines().next().unwrap_or_default();
        if let Some(id) = source_of(here) {
            return Some(id);
        }
        let item_line = here.trim_start().starts_with("- ") && indent(here) <= item_indent;
        let outside = indent(here) < item_indent && !here.trim().is_empty();
        if item_line || outside || at == 0 {
            break;
        }
        at = line_start(text, at - 1);
    }
    let mut rest = text.get(start..)?.lines();
    rest.next();
    for line in rest.take(20) {
        if line.trim().is_empty() {
            continue;
        }
        if indent(line) <= item_indent {
            break;
        }
        if let Some(id) = source_of(line) {
            return Some(id);
        }
    }
    None
}

/// Sentences of `text`, whitespace folded, with the line each starts on.
fn sentences(text: &str) -> Vec<(String, u32)> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut line = 1u32;
    let mut first_line = 1u32;
    let mut chars = text.chars().peekable();
    let mut blank_run = 0;
    while let Some(c) = chars.next() {
        if c == '\n' {
            line += 1;
            blank_run += 1;
        } else if !c.is_whitespace() {
            blank_run = 0;
        }
        if c.is_whitespace() {
            if blank_run >= 2 && !current.trim().is_empty() {
                out.push((current.trim().to_string(), first_line));
                current.clear();
            }
            if !current.is_empty() && !current.ends_with(' ') {
                current.push(' ');
            }
            continue;
        }
        if current.is_empty() {
            first_line = line;
        }
        current.push(c);
        let ends = matches!(c, '.' | '!' | '?')
            && chars
                .peek()
                .is_none_or(|n| n.is_whitespace() || *n == '"' || *n == '”');
        if ends {
            while let Some(&n) = chars.peek() {
                if n == '"' || n == '”' || n == '’' || n == ')' {
                    current.push(n);
                    chars.next();
                } else {
                    break;
                }
            }
            out.push((current.trim().to_string(), first_line));
            current.clear();
        }
    }
    if !current.trim().is_empty() {
        out.push((current.trim().to_string(), first_line));
    }
    out
}

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect()
}

fn quotes(text: &str, map: &Map, start: usize, offset: usize, value: &str) -> Vec<Completion> {
    let typed: String = value.trim_start_matches(['"', '\'']).to_string();
    if typed.chars().filter(|c| c.is_alphanumeric()).count() < MIN_QUOTE_CHARS {
        return Vec::new();
    }
    let Some(id) = evidence_source(text, start) else {
        return Vec::new();
    };
    let Some(source_text) = map.source(&id).and_then(|s| s.text()) else {
        return Vec::new();
    };
    let wanted = words(&typed);
    let at = offset - value.len();
    // The whole value is replaced, up to the end of the line.
    let end = text
        .get(offset..)
        .and_then(|r| r.find(['\n', '\r']))
        .map_or(text.len(), |i| offset + i);
    let mut out = Vec::new();
    for (sentence, line) in sentences(source_text) {
        let lower = sentence.to_lowercase();
        let has = |w: &String| lower.contains(w.as_str());
        if !wanted.iter().all(has) {
            continue;
        }
        let label: String = if sentence.chars().count() > 80 {
            let cut: String = sentence.chars().take(79).collect();
            format!("{cut}…")
        } else {
            sentence.clone()
        };
        out.push(Completion {
            label,
            detail: Some(format!("{id}, line {line}")),
            insert: quoted(&sentence),
            range: at..end,
            filter: value.to_string(),
            kind: CompletionKind::Quote,
        });
        if out.len() == MAX_ITEMS {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_fold_lines_and_end_at_stops() {
        let s = sentences("One two\nthree. Four \"five.\" Six\n\nSeven");
        let texts: Vec<&str> = s.iter().map(|(t, _)| t.as_str()).collect();
        assert_eq!(texts, ["One two three.", "Four \"five.\"", "Six", "Seven"]);
        assert_eq!(s[3].1, 4);
    }

    #[test]
    fn the_source_of_a_quote_is_found_above_or_below() {
        let text = "    evidence:\n      - source: a\n        quote: x\n      - quote: y\n        source: b\n";
        let line = |needle: &str| text.find(needle).map(|i| line_start(text, i)).unwrap_or(0);
        assert_eq!(evidence_source(text, line("quote: x")), Some("a".into()));
        assert_eq!(evidence_source(text, line("quote: y")), Some("b".into()));
    }

    #[test]
    fn block_edge_lists_are_recognised() {
        let text = "    supports:\n      - a\n      - b";
        let start = line_start(text, text.len());
        assert!(in_edge_list(
            text,
            start,
            text.get(start..).unwrap_or_default()
        ));
        let text = "    tags:\n      - a";
        let start = line_start(text, text.len());
        assert!(!in_edge_list(
            text,
            start,
            text.get(start..).unwrap_or_default()
        ));
    }
}
