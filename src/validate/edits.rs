//! Edits of `claims.yaml` that fixes are made of. Each one touches only the bytes of one value
//! or one list entry, so comments, key order, quoting and blank lines elsewhere in the file
//! stay exactly as the curator wrote them; and each declines (returns `None`) when the YAML
//! around the value is not of a shape it can edit safely.

use std::ops::Range;

use crate::diagnostic::Edit;
use crate::model::{Map, Span, floor_char_boundary};

/// `value` as a YAML double-quoted scalar, valid in block and flow context alike.
pub(crate) fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || c == '\u{feff}' || c == '\u{2028}' || c == '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", c as u32))
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// An id as YAML: plain when YAML reads it back as the same string, else quoted.
pub(crate) fn id_scalar(id: &str) -> String {
    let plain = id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !matches!(
            id,
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
        );
    if plain { id.to_string() } else { quoted(id) }
}

/// Where the line holding `offset` starts. An offset inside a character is on that
/// character's line (`remove_block_item` asks about the last byte of a value, which is inside
/// the value's last character when that is `é`).
fn line_start(text: &str, offset: usize) -> usize {
    let before = text.get(..floor_char_boundary(text, offset));
    before
        .and_then(|before| before.rfind(['\n', '\r']))
        .map_or(0, |i| i + 1)
}

/// Where the line holding `offset` ends, past its line break.
fn line_end(text: &str, offset: usize) -> usize {
    let bytes = text.as_bytes();
    let offset = floor_char_boundary(text, offset);
    match text.get(offset..).and_then(|rest| rest.find(['\n', '\r'])) {
        None => text.len(),
        Some(i) => {
            let at = offset + i;
            if bytes[at] == b'\r' && bytes.get(at + 1) == Some(&b'\n') {
                at + 2
            } else {
                at + 1
            }
        }
    }
}

/// Whether the scalar at `span` starts on its key's line (plain or quoted), rather than being
/// the body of a `|` or `>` block: only such scalars can be replaced by a quoted one.
pub(crate) fn is_inline(text: &str, span: Span) -> bool {
    let Some(before) = text.get(line_start(text, span.start)..span.start) else {
        return false;
    };
    let before = before.trim();
    !before.is_empty() && before != "-"
}

/// Replaces the scalar at `span` by `replacement` (already written as YAML).
/// An alias (`*name`) stands for a value written elsewhere: writing over it would replace a
/// whole node (an evidence list, say) by the scalar meant for the anchored value, so a fix
/// declines it and the finding at the anchor carries the fix.
pub(crate) fn replace_scalar(map: &Map, span: Span, replacement: String) -> Option<Edit> {
    if span == Span::default() || !is_inline(&map.yaml, span) {
        return None;
    }
    if map.yaml.get(span.range())?.starts_with('*') {
        return None;
    }
    Some(Edit::new(&map.path, span.range(), replacement))
}

/// Removes the entry at `span` from its list: `, x` in a flow list (`[a, x]`), `x, ` when it
/// comes first, the whole `- x` line in a block list, and the whole `key: [x]` line when it
/// is the only entry of a one-line flow list.
pub(crate) fn remove_list_entry(map: &Map, span: Span) -> Option<Edit> {
    let text = map.yaml.as_str();
    let start = line_start(text, span.start);
    let before = text.get(start..span.start)?;
    let end = span.start + span.len;
    if let Some(head) = before.trim_end().strip_suffix('[') {
        let rest = text.get(end..line_end(text, end))?;
        let after = rest.trim_start();
        if let Some(tail) = after.strip_prefix(']') {
            // The only entry: the whole `key: [x]` line goes, if it holds nothing else.
            let key_only = head
                .trim()
                .strip_suffix(':')
                .is_some_and(|k| !k.is_empty() && !k.contains([':', '{', '[', ',']));
            let tail = tail.trim();
            if key_only && (tail.is_empty() || tail.starts_with('#')) {
                return Some(Edit::new(&map.path, start..line_end(text, end), ""));
            }
            return None;
        }
        let comma = after.strip_prefix(',')?;
        let skip = rest.len() - comma.trim_start().len();
        return Some(Edit::new(&map.path, span.start..end + skip, ""));
    }
    if before.trim() == "-" {
        let end = line_end(text, span.start + span.len);
        let rest = text.get(span.start + span.len..end)?.trim();
        if !(rest.is_empty() || rest.starts_with('#')) {
            return None;
        }
        return Some(Edit::new(&map.path, start..end, ""));
    }
    let head = before.trim_end();
    if head.ends_with(',') {
        let comma = start + head.len() - 1;
        return Some(Edit::new(&map.path, comma..span.start + span.len, ""));
    }
    None
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Removes a whole block-list item (`- source: …` and every line of it) whose values lie at
/// `spans`. Declines for flow-style items.
pub(crate) fn remove_block_item(map: &Map, spans: &[Span]) -> Option<Edit> {
    let text = map.yaml.as_str();
    let first = spans.iter().map(|s| s.start).min()?;
    let last = spans.iter().map(|s| s.start + s.len).max()?;
    let start = line_start(text, first);
    let prefix = text.get(start..first)?;
    let dash = indent(prefix);
    // `- key: ` before the first value: the item starts on this line.
    let after_dash = prefix.get(dash..)?.strip_prefix('-')?;
    if !after_dash.starts_with(' ') || after_dash.contains(['{', '[']) {
        return None;
    }
    let mut end = line_end(text, last.saturating_sub(1).max(first));
    let mut kept = end;
    while end < text.len() {
        let next = line_end(text, end);
        // Both are line ends, so char boundaries.
        let line = text
            .get(end..next)
            .unwrap_or_default()
            .trim_end_matches(['\n', '\r']);
        if line.trim().is_empty() {
            end = next;
            continue;
        }
        if indent(line) <= dash {
            break;
        }
        end = next;
        kept = next;
    }
    Some(Edit::new(&map.path, range(start, kept), ""))
}

fn range(start: usize, end: usize) -> Range<usize> {
    start..end.max(start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_values_read_back_as_themselves() {
        for value in [
            "plain",
            "a \"b\" \\ c",
            "line\nbreak",
            "#1: x",
            "tab\tbell\u{7}",
        ] {
            let yaml = format!("v: {}\n", quoted(value));
            let back: std::collections::BTreeMap<String, String> =
                serde_saphyr::from_str(&yaml).unwrap_or_default();
            assert_eq!(back.get("v").map(String::as_str), Some(value), "{yaml}");
        }
        assert_eq!(id_scalar("aid-fails"), "aid-fails");
        assert_eq!(id_scalar("123"), "\"123\"");
        assert_eq!(id_scalar("null"), "\"null\"");
    }
}
