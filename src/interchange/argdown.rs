//! Argdown (<https://argdown.org>): each claim a statement `[id]: text #tag`, its relations as
//! outgoing `+> [target]` (supports) and `-> [target]` (contradicts) under it, and what
//! Argdown has no syntax for — the quotes, their sources, the note — in the statement's data
//! block, so nothing is dropped; the sources' metadata goes in the front matter.
//!
//! Statement text is escaped character by character: Argdown reads
//! ``[ ] < > # @ * _ ~ ` { } / + - = ( ) \`` as syntax (links, tags, mentions, emphasis,
//! comments, relations), and a backslash before any of them gives the character back. Data
//! and front matter are YAML: strings are written double-quoted, with `{` and `}` as
//! `\x7B`/`\x7D`, because Argdown closes a data block at the first `}` even inside a string.

use std::fmt::Write as _;

use crate::model::{AnchorResult, Map, Source};

pub(super) fn write(map: &Map) -> String {
    let mut out = front_matter(map);
    let ids = super::claim_ids(map);
    for claim in &map.claims {
        let _ = write!(
            out,
            "\n[{}]: {}",
            title(&claim.id.value),
            text(&claim.text.value)
        );
        for tag in &claim.tags {
            if is_plain_tag(&tag.value) {
                let _ = write!(out, " #{}", tag.value);
            }
        }
        out.push_str(&data(claim));
        out.push('\n');
        let relations = [("+>", &claim.supports), ("->", &claim.contradicts)];
        for (arrow, targets) in relations {
            for target in targets.iter().filter(|t| ids.contains(t.value.as_str())) {
                let _ = writeln!(out, "  {arrow} [{}]", title(&target.value));
            }
        }
    }
    out
}

fn front_matter(map: &Map) -> String {
    let mut out = String::from("===\n");
    if let Some(title) = &map.title {
        let _ = writeln!(out, "title: {}", yaml_string(title));
    }
    if !map.sources.is_empty() {
        out.push_str("sources:\n");
        for source in &map.sources {
            let _ = writeln!(out, "  - {}", source_entry(source));
        }
    }
    out.push_str("===\n");
    out
}

fn source_entry(source: &Source) -> String {
    let meta = &source.meta;
    let mut fields = vec![
        format!("id: {}", yaml_string(&source.id)),
        format!("file: {}", yaml_string(&source.file)),
    ];
    let optional = [
        ("title", meta.title.as_ref()),
        ("published", meta.published.as_ref()),
        ("publisher", meta.publisher.as_ref()),
        ("url", meta.url.as_ref()),
    ];
    for (key, value) in optional {
        if let Some(value) = value {
            fields.push(format!("{key}: {}", yaml_string(value)));
        }
    }
    if !meta.authors.is_empty() {
        let authors: Vec<String> = meta.authors.iter().map(|a| yaml_string(a)).collect();
        fields.push(format!("authors: [{}]", authors.join(", ")));
    }
    format!("{{{}}}", fields.join(", "))
}

/// The statement's data block: evidence, note, and the tags Argdown's `#tag` cannot spell.
fn data(claim: &crate::model::Claim) -> String {
    let mut fields = Vec::new();
    if !claim.evidence.is_empty() {
        let entries: Vec<String> = claim
            .evidence
            .iter()
            .map(|e| {
                let line = match &e.anchor {
                    AnchorResult::Found(anchor) => format!(", line: {}", anchor.line),
                    _ => String::new(),
                };
                let holder = match &e.holder {
                    Some(holder) => format!(", holder: {}", yaml_string(holder)),
                    None => String::new(),
                };
                format!(
                    "{{source: {}, quote: {}, stance: {}{holder}{line}}}",
                    yaml_string(&e.source.value),
                    yaml_string(&e.quote.value),
                    e.stance.as_str()
                )
            })
            .collect();
        fields.push(format!("evidence: [{}]", entries.join(", ")));
    }
    if let Some(note) = &claim.note {
        fields.push(format!("note: {}", yaml_string(note)));
    }
    let odd: Vec<String> = claim
        .tags
        .iter()
        .filter(|t| !is_plain_tag(&t.value))
        .map(|t| yaml_string(&t.value))
        .collect();
    if !odd.is_empty() {
        fields.push(format!("tags: [{}]", odd.join(", ")));
    }
    if fields.is_empty() {
        String::new()
    } else {
        format!(" {{{}}}", fields.join(", "))
    }
}

/// A tag Argdown's `#tag` syntax spells as it is.
fn is_plain_tag(tag: &str) -> bool {
    !tag.is_empty()
        && tag
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// Statement text: one line (Argdown joins hard-wrapped lines with a space, so a line break is
/// a space either way), every character Argdown reads as syntax escaped.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 8);
    for word in value.split_whitespace() {
        let word: String = word.chars().filter(|c| !c.is_control()).collect();
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        for c in word.chars() {
            if is_syntax(c) {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// A statement title (`[title]`). Argdown takes a title as written (a backslash stays), so a
/// valid id goes as it is; in an invalid one (a map exported with errors) the characters that
/// would end or break the title become `_`.
fn title(value: &str) -> String {
    value
        .chars()
        .map(|c| {
            if matches!(c, '[' | ']') || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect()
}

fn is_syntax(c: char) -> bool {
    matches!(
        c,
        '\\' | '['
            | ']'
            | '<'
            | '>'
            | '#'
            | '@'
            | '*'
            | '_'
            | '~'
            | '`'
            | '{'
            | '}'
            | '/'
            | '+'
            | '-'
            | '='
            | '('
            | ')'
    )
}

/// A YAML double-quoted string (the one the fixes write), braces as `\x7B` and `\x7D`: its
/// escapes never hold a raw brace, so replacing them cannot break one.
fn yaml_string(value: &str) -> String {
    crate::validate::quoted(value)
        .replace('{', "\\x7B")
        .replace('}', "\\x7D")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statement_text_escapes_argdown_syntax_and_folds_line_breaks() {
        assert_eq!(
            text("a [b] <c> #d // e\n  f-g \u{1b}"),
            "a \\[b\\] \\<c\\> \\#d \\/\\/ e f\\-g"
        );
    }

    #[test]
    fn data_strings_hide_braces_from_argdown() {
        assert_eq!(yaml_string("x } \"y\" {"), "\"x \\x7D \\\"y\\\" \\x7B\"");
    }
}
