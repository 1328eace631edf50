//! GraphML (<http://graphml.graphdrawing.org/>): one directed graph with claim and source
//! nodes, `supports`/`contradicts` edges between claims and a `cites` edge from a claim to
//! each source it quotes, with the quote, its stance and its place as edge data.
//!
//! Every attribute is declared with a `<key>` so readers type it (networkx's `read_graphml`
//! returns them as Python values). Node ids are prefixed (`claim:`, `source:`) because a claim
//! and a source may share an id.

use std::fmt::Write as _;

use crate::model::{AnchorResult, Map};

/// `(id, for, name, type)` of every attribute, in the order written.
const KEYS: &[(&str, &str, &str, &str)] = &[
    ("kind", "node", "kind", "string"),
    ("label", "node", "label", "string"),
    ("text", "node", "text", "string"),
    ("tags", "node", "tags", "string"),
    ("note", "node", "note", "string"),
    ("evidence", "node", "evidence", "int"),
    ("file", "node", "file", "string"),
    ("title", "node", "title", "string"),
    ("authors", "node", "authors", "string"),
    ("published", "node", "published", "string"),
    ("publisher", "node", "publisher", "string"),
    ("url", "node", "url", "string"),
    ("relation", "edge", "relation", "string"),
    ("quote", "edge", "quote", "string"),
    ("stance", "edge", "stance", "string"),
    ("line", "edge", "line", "int"),
];

pub(super) fn write(map: &Map) -> String {
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n",
    );
    for (id, domain, name, kind) in KEYS {
        let _ = writeln!(
            out,
            "  <key id=\"{id}\" for=\"{domain}\" attr.name=\"{name}\" attr.type=\"{kind}\"/>"
        );
    }
    out.push_str("  <graph id=\"map\" edgedefault=\"directed\">\n");
    claims(&mut out, map);
    sources(&mut out, map);
    relations(&mut out, map);
    citations(&mut out, map);
    out.push_str("  </graph>\n</graphml>\n");
    out
}

fn claims(out: &mut String, map: &Map) {
    for claim in &map.claims {
        node(out, &format!("claim:{}", claim.id.value));
        data(out, "kind", "claim");
        data(out, "label", &claim.id.value);
        data(out, "text", &claim.text.value);
        let tags: Vec<&str> = claim.tags.iter().map(|t| t.value.as_str()).collect();
        if !tags.is_empty() {
            data(out, "tags", &tags.join(" "));
        }
        if let Some(note) = &claim.note {
            data(out, "note", note);
        }
        data(out, "evidence", &claim.evidence.len().to_string());
        out.push_str("    </node>\n");
    }
}

fn sources(out: &mut String, map: &Map) {
    for source in &map.sources {
        node(out, &format!("source:{}", source.id));
        data(out, "kind", "source");
        data(out, "label", &source.id);
        data(out, "file", &source.file);
        let meta = &source.meta;
        let fields = [
            ("title", meta.title.clone()),
            (
                "authors",
                (!meta.authors.is_empty()).then(|| meta.authors.join("; ")),
            ),
            ("published", meta.published.clone()),
            ("publisher", meta.publisher.clone()),
            ("url", meta.url.clone()),
        ];
        for (key, value) in fields {
            if let Some(value) = value {
                data(out, key, &value);
            }
        }
        out.push_str("    </node>\n");
    }
}

/// Claim-to-claim edges (those to claims of the map: [`super::linked_edges`]).
fn relations(out: &mut String, map: &Map) {
    for edge in super::linked_edges(map) {
        let _ = writeln!(
            out,
            "    <edge source=\"{}\" target=\"{}\">",
            attribute(&format!("claim:{}", edge.from)),
            attribute(&format!("claim:{}", edge.to.value))
        );
        data(out, "relation", edge.kind.as_str());
        out.push_str("    </edge>\n");
    }
}

fn citations(out: &mut String, map: &Map) {
    let sources = super::source_ids(map);
    for claim in &map.claims {
        for evidence in &claim.evidence {
            if !sources.contains(evidence.source.value.as_str()) {
                continue;
            }
            let _ = writeln!(
                out,
                "    <edge source=\"{}\" target=\"{}\">",
                attribute(&format!("claim:{}", claim.id.value)),
                attribute(&format!("source:{}", evidence.source.value))
            );
            data(out, "relation", "cites");
            data(out, "quote", &evidence.quote.value);
            data(out, "stance", evidence.stance.as_str());
            if let AnchorResult::Found(anchor) = &evidence.anchor {
                data(out, "line", &anchor.line.to_string());
            }
            out.push_str("    </edge>\n");
        }
    }
}

fn node(out: &mut String, id: &str) {
    let _ = writeln!(out, "    <node id=\"{}\">", attribute(id));
}

fn data(out: &mut String, key: &str, value: &str) {
    let _ = writeln!(out, "      <data key=\"{key}\">{}</data>", text(value));
}

/// Map text as XML character data. XML 1.0 cannot carry most C0 control characters, not even
/// as references: they become U+FFFD (documented as the one loss). A carriage return is
/// written as a reference, which a parser keeps, where a raw one would be read as a newline.
fn text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\r' => out.push_str("&#13;"),
            '\t' | '\n' => out.push(c),
            c if is_xml_char(c) => out.push(c),
            _ => out.push('\u{fffd}'),
        }
    }
    out
}

/// [`text`] for an attribute value in double quotes; white space other than the space is
/// written as references, which attribute-value normalisation would otherwise turn to spaces.
fn attribute(value: &str) -> String {
    text(value)
        .replace('"', "&quot;")
        .replace('\t', "&#9;")
        .replace('\n', "&#10;")
}

/// XML 1.0's `Char` production.
fn is_xml_char(c: char) -> bool {
    matches!(c, '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..='\u{10ffff}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_is_escaped_for_xml_and_control_characters_are_replaced() {
        assert_eq!(
            text("a < b & \"c\" </data>\u{1b}[2J\r\n"),
            "a &lt; b &amp; \"c\" &lt;/data&gt;\u{fffd}[2J&#13;\n"
        );
        assert_eq!(attribute("x\"y\tz\n"), "x&quot;y&#9;z&#10;");
        assert!(!text("\u{fffe}\u{7}").contains(['\u{fffe}', '\u{7}']));
    }
}
