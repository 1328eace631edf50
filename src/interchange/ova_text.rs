//! The xAIF `text` as OVA writes it: the HTML of its text pane, turned back into the plain text
//! the analyst read, so that a quote of it anchors verbatim.
//!
//! OVA saves `$('#analysis_text').html()`: the text with a `<br>` per line break (a browser's
//! editable pane may wrap lines in `<div>` or `<p>` instead), entities for `&`, `<`, `>` and
//! runs of spaces (`&nbsp;`), and each passage an analyst took a node from wrapped in
//! `<span class="highlighted" id="nodeID">…</span>`, `ID` being the node's `nodeID` (arguebuf
//! reads OVA's files the same way). A plain text (AIFdb's, or a pipeline's) is kept as it is.

use std::collections::BTreeMap;

/// The plain text of the xAIF `text`, and the passage of each highlighted node (by `nodeID`).
pub(super) fn plain(text: &str) -> (String, BTreeMap<String, String>) {
    if !is_html(text) {
        return (text.to_string(), BTreeMap::new());
    }
    let mut out = String::with_capacity(text.len());
    let mut highlights = BTreeMap::new();
    // The highlighted spans open and not yet closed: (node id or none, where its text starts).
    let mut open: Vec<(Option<String>, usize)> = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let after = rest.get(c.len_utf8()..).unwrap_or_default();
        if c == '<'
            && after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!')
            && let Some((inner, tail)) = within(after, b'>', MAX_TAG_BYTES)
        {
            tag(inner, &mut out, &mut open, &mut highlights);
            rest = tail;
        } else if c == '&'
            && let Some((decoded, tail)) = entity(after)
        {
            out.push(decoded);
            rest = tail;
        } else {
            out.push(c);
            rest = after;
        }
    }
    (out, highlights)
}

/// The longest tag read as one: a `<` with no `>` this close is text (and the scan for its end
/// stays linear on hostile input).
const MAX_TAG_BYTES: usize = 1_024;

/// `text` split at the first `end` (an ASCII byte) among its first `limit` bytes.
fn within(text: &str, end: u8, limit: usize) -> Option<(&str, &str)> {
    let at = text.bytes().take(limit).position(|b| b == end)?;
    Some((text.get(..at)?, text.get(at + 1..)?))
}

/// Whether `text` is OVA's HTML rather than plain text: it has a tag OVA writes.
fn is_html(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    ["<br", "<span", "<div", "<p>", "<p ", "</"]
        .iter()
        .any(|t| lower.contains(t))
}

/// One tag (`inner` is what is between `<` and `>`): a line break for `<br>` and at the edges
/// of blocks, the start or end of a highlight for `<span>`, nothing for the rest.
fn tag(
    inner: &str,
    out: &mut String,
    open: &mut Vec<(Option<String>, usize)>,
    highlights: &mut BTreeMap<String, String>,
) {
    let closing = inner.starts_with('/');
    let name: String = inner
        .trim_start_matches('/')
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    match name.as_str() {
        "br" => out.push('\n'),
        "div" | "p" | "li" | "tr" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6"
            if !out.is_empty() && !out.ends_with('\n') =>
        {
            out.push('\n');
        }
        "span" if closing => {
            if let Some((Some(id), start)) = open.pop()
                && let Some(passage) = out.get(start..)
            {
                highlights.insert(id, passage.to_string());
            }
        }
        "span" => open.push((node_id(inner), out.len())),
        _ => {}
    }
}

/// The node id of a highlight, `ID` in `id="nodeID"`.
fn node_id(inner: &str) -> Option<String> {
    let (_, value) = inner.split_once(" id=")?;
    let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let (id, _) = value.get(1..)?.split_once(quote)?;
    id.strip_prefix("node")
        .filter(|id| !id.is_empty())
        .map(str::to_string)
}

/// The character an entity stands for (`after` is what follows its `&`), and the text after it.
/// `&nbsp;` is a space: OVA's pane writes it for runs of spaces, not as content.
fn entity(after: &str) -> Option<(char, &str)> {
    let (name, tail) = within(after, b';', 12)?;
    let c = match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => {
            let code = match name.strip_prefix("#x").or_else(|| name.strip_prefix("#X")) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => name.strip_prefix('#')?.parse().ok()?,
            };
            char::from_u32(code).filter(|c| *c != '\0')?
        }
    };
    Some((c, tail))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ova_html_becomes_the_text_the_analyst_read_with_its_highlights() {
        let html = "Tax cuts &amp; growth:<br><span class=\"highlighted\" id=\"node12\">cuts \
                    pay for themselves</span>, said&nbsp;A.<br>B: <span class=\"highlighted\" \
                    id=\"node13\">they do not &lt;ever&gt;</span>.<div>New line &#8212; &#x263A;</div>";
        let (text, highlights) = plain(html);
        assert_eq!(
            text,
            "Tax cuts & growth:\ncuts pay for themselves, said A.\nB: they do not <ever>.\nNew line \u{2014} \u{263a}\n"
        );
        assert_eq!(highlights["12"], "cuts pay for themselves");
        assert_eq!(highlights["13"], "they do not <ever>");
        assert_eq!(highlights.len(), 2);
    }

    #[test]
    fn plain_text_with_angle_brackets_and_ampersands_is_kept_as_written() {
        let text = "a < b & c > d; AT&T;\nsecond line";
        let (plain_text, highlights) = plain(text);
        assert_eq!(plain_text, text);
        assert!(highlights.is_empty());
    }

    #[test]
    fn unknown_entities_and_unclosed_tags_stay_text() {
        let (text, _) = plain("x<br>&bogus; &#0; &#xZZ; a <b and no end");
        assert_eq!(text, "x\n&bogus; &#0; &#xZZ; a <b and no end");
    }
}
