//! RDF as Turtle: the argument structure in the AIF ontology's terms as AIFdb publishes them
//! (`aif:I-node` with `aif:claimText`; `aif:RA-node`/`aif:CA-node` with `aif:Premise` and
//! `aif:Conclusion`; `aif:L-node` and `aif:YA-node` with `aif:Locution` and
//! `aif:IllocutionaryContent`), and schema.org's `Claim`, `Quotation` and `CreativeWork` for
//! what a search engine or a library catalogue reads.
//!
//! Every IRI is the base the user gives plus a path made of ids (`claim/ID`, `source/ID`,
//! `ra/FROM/TO`, `quote/ID/N`), so the same map always gets the same IRIs; characters outside
//! RFC 3986's unreserved set are percent-encoded. Literals use Turtle's escapes only.

use std::fmt::Write as _;

use crate::model::{AnchorResult, EdgeKind, Map};

const PREFIXES: &str = "@prefix aif: <http://www.arg.tech/aif#> .\n@prefix schema: <https://schema.org/> .\n@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n";

pub(super) fn write(map: &Map, base: &str) -> String {
    let iri = |path: &[&str]| {
        let parts: Vec<String> = path.iter().map(|p| encode(p)).collect();
        format!("<{}{}>", iri_text(base), parts.join("/"))
    };
    let mut out = String::from(PREFIXES);
    for claim in &map.claims {
        let id = claim.id.value.as_str();
        let _ = write!(
            out,
            "\n{} a aif:I-node, schema:Claim ;\n  schema:identifier {} ;\n  aif:claimText {} ;\n  schema:text {}",
            iri(&["claim", id]),
            literal(id),
            literal(&claim.text.value),
            literal(&claim.text.value)
        );
        for tag in &claim.tags {
            let _ = write!(out, " ;\n  schema:keywords {}", literal(&tag.value));
        }
        if let Some(note) = &claim.note {
            let _ = write!(out, " ;\n  schema:comment {}", literal(note));
        }
        out.push_str(" .\n");
    }
    let ids: foldhash::HashSet<&str> = map.claims.iter().map(|c| c.id.value.as_str()).collect();
    for edge in map.edges().filter(|e| ids.contains(e.to.value.as_str())) {
        let (kind, class) = match edge.kind {
            EdgeKind::Supports => ("ra", "aif:RA-node"),
            EdgeKind::Contradicts => ("ca", "aif:CA-node"),
        };
        let _ = writeln!(
            out,
            "\n{} a {class} ;\n  aif:Premise {} ;\n  aif:Conclusion {} .",
            iri(&[kind, edge.from, &edge.to.value]),
            iri(&["claim", edge.from]),
            iri(&["claim", &edge.to.value])
        );
    }
    let sources: foldhash::HashSet<&str> = map.sources.iter().map(|s| s.id.as_str()).collect();
    for claim in &map.claims {
        for (n, evidence) in claim.evidence.iter().enumerate() {
            let n = (n + 1).to_string();
            let quote = iri(&["quote", &claim.id.value, &n]);
            let _ = write!(
                out,
                "\n{quote} a aif:L-node, schema:Quotation ;\n  aif:claimText {} ;\n  schema:text {}",
                literal(&evidence.quote.value),
                literal(&evidence.quote.value)
            );
            if sources.contains(evidence.source.value.as_str()) {
                let _ = write!(
                    out,
                    " ;\n  schema:isPartOf {}",
                    iri(&["source", &evidence.source.value])
                );
            }
            if let AnchorResult::Found(anchor) = &evidence.anchor {
                let _ = write!(
                    out,
                    " ;\n  schema:position \"{}\"^^xsd:integer",
                    anchor.line
                );
            }
            let scheme = match evidence.stance {
                EdgeKind::Supports => "Asserting",
                EdgeKind::Contradicts => "Disagreeing",
            };
            let _ = writeln!(
                out,
                " .\n{} a aif:YA-node ;\n  schema:name {} ;\n  aif:Locution {quote} ;\n  aif:IllocutionaryContent {} .",
                iri(&["ya", &claim.id.value, &n]),
                literal(scheme),
                iri(&["claim", &claim.id.value])
            );
        }
    }
    for source in &map.sources {
        let meta = &source.meta;
        let _ = write!(
            out,
            "\n{} a schema:CreativeWork ;\n  schema:identifier {}",
            iri(&["source", &source.id]),
            literal(&source.id)
        );
        let fields = [
            ("name", meta.title.as_ref()),
            ("datePublished", meta.published.as_ref()),
            ("publisher", meta.publisher.as_ref()),
            ("url", meta.url.as_ref()),
        ];
        for (key, value) in fields {
            if let Some(value) = value {
                let _ = write!(out, " ;\n  schema:{key} {}", literal(value));
            }
        }
        for author in &meta.authors {
            let _ = write!(out, " ;\n  schema:author {}", literal(author));
        }
        out.push_str(" .\n");
    }
    out
}

/// A Turtle string literal: `"…"` with `\"`, `\\`, `\n`, `\r`, `\t` and `\uXXXX` for other
/// control characters (Turtle's STRING_LITERAL_QUOTE forbids them raw).
fn literal(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One path segment of an IRI: RFC 3986's unreserved characters as they are, every other
/// byte percent-encoded.
fn encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            let _ = write!(out, "%{byte:02X}");
        }
    }
    out
}

/// The base IRI as the user gave it, with what Turtle's IRIREF cannot hold percent-encoded.
fn iri_text(base: &str) -> String {
    let mut out = String::with_capacity(base.len());
    for c in base.chars() {
        if c.is_control()
            || matches!(
                c,
                ' ' | '<' | '>' | '"' | '{' | '}' | '|' | '^' | '`' | '\\'
            )
        {
            let mut buffer = [0; 4];
            for byte in c.encode_utf8(&mut buffer).bytes() {
                let _ = write!(out, "%{byte:02X}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literals_and_iris_escape_what_turtle_reads_as_syntax() {
        assert_eq!(
            literal("a \"b\" \\ \n\r\t\u{1b} é"),
            "\"a \\\"b\\\" \\\\ \\n\\r\\t\\u001B é\""
        );
        assert_eq!(encode("a b/é>"), "a%20b%2F%C3%A9%3E");
        assert_eq!(iri_text("urn:x> <y"), "urn:x%3E%20%3Cy");
    }
}
