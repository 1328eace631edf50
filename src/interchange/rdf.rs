//! RDF, as Turtle or JSON-LD: the argument structure in the AIF ontology's terms as AIFdb
//! publishes them (`aif:I-node` with `aif:claimText`; `aif:RA-node`/`aif:CA-node` with
//! `aif:Premise` and `aif:Conclusion`; `aif:L-node` and `aif:YA-node` with `aif:Locution` and
//! `aif:IllocutionaryContent`), and schema.org's `Claim`, `Quotation` and `CreativeWork` for
//! what a search engine or a library catalogue reads.
//!
//! The map becomes one list of resources ([`resources`]) that both printers write, so the two
//! syntaxes always hold the same triples. Every IRI is the base the user gives plus a path of
//! ids (`claim/ID`, `source/ID`, `ra/FROM/TO`, `quote/ID/N`), so a map always gets the same
//! IRIs; characters outside RFC 3986's unreserved set are percent-encoded.

use std::fmt::Write as _;

use serde_json::{Map as JsonMap, Value, json};

use crate::model::{AnchorResult, EdgeKind, Map, Stance};

const AIF: &str = "http://www.arg.tech/aif#";
const SCHEMA: &str = "https://schema.org/";
const XSD: &str = "http://www.w3.org/2001/XMLSchema#";

/// The object of a triple.
enum Object {
    Literal(String),
    Integer(u32),
    Iri(String),
}

/// One subject: its IRI, its types and its properties (prefixed names: `aif:…`, `schema:…`).
struct Resource {
    iri: String,
    types: Vec<&'static str>,
    properties: Vec<(&'static str, Object)>,
}

fn resources(map: &Map, base: &str) -> Vec<Resource> {
    let iri = |path: &[&str]| {
        let parts: Vec<String> = path.iter().map(|p| encode(p)).collect();
        format!("{}{}", iri_text(base), parts.join("/"))
    };
    let text = |s: &str| Object::Literal(s.to_string());
    let mut out = Vec::new();
    for claim in &map.claims {
        let mut properties = vec![
            ("schema:identifier", text(&claim.id.value)),
            ("aif:claimText", text(&claim.text.value)),
            ("schema:text", text(&claim.text.value)),
        ];
        properties.extend(
            claim
                .tags
                .iter()
                .map(|t| ("schema:keywords", text(&t.value))),
        );
        if let Some(note) = &claim.note {
            properties.push(("schema:comment", text(note)));
        }
        out.push(Resource {
            iri: iri(&["claim", &claim.id.value]),
            types: vec!["aif:I-node", "schema:Claim"],
            properties,
        });
    }
    for edge in super::linked_edges(map) {
        let (kind, class) = match edge.kind {
            EdgeKind::Supports => ("ra", "aif:RA-node"),
            EdgeKind::Contradicts => ("ca", "aif:CA-node"),
        };
        out.push(Resource {
            iri: iri(&[kind, edge.from, &edge.to.value]),
            types: vec![class],
            properties: vec![
                ("aif:Premise", Object::Iri(iri(&["claim", edge.from]))),
                (
                    "aif:Conclusion",
                    Object::Iri(iri(&["claim", &edge.to.value])),
                ),
            ],
        });
    }
    let sources = super::source_ids(map);
    for claim in &map.claims {
        for (n, evidence) in claim.evidence.iter().enumerate() {
            let n = (n + 1).to_string();
            let quote = iri(&["quote", &claim.id.value, &n]);
            let mut properties = vec![
                ("aif:claimText", text(&evidence.quote.value)),
                ("schema:text", text(&evidence.quote.value)),
            ];
            if sources.contains(evidence.source.value.as_str()) {
                let source = iri(&["source", &evidence.source.value]);
                properties.push(("schema:isPartOf", Object::Iri(source)));
            }
            if let AnchorResult::Found(anchor) = &evidence.anchor {
                properties.push(("schema:position", Object::Integer(anchor.line)));
            }
            let scheme = match evidence.stance {
                Stance::Supports => "Asserting",
                Stance::Contradicts => "Disagreeing",
                // IAT's reported speech: the source says that someone else asserts it.
                Stance::Reports => "Reporting",
            };
            out.push(Resource {
                iri: quote.clone(),
                types: vec!["aif:L-node", "schema:Quotation"],
                properties,
            });
            out.push(Resource {
                iri: iri(&["ya", &claim.id.value, &n]),
                types: vec!["aif:YA-node"],
                properties: vec![
                    ("schema:name", text(scheme)),
                    ("aif:Locution", Object::Iri(quote)),
                    (
                        "aif:IllocutionaryContent",
                        Object::Iri(iri(&["claim", &claim.id.value])),
                    ),
                ],
            });
        }
    }
    for source in &map.sources {
        let meta = &source.meta;
        let mut properties = vec![("schema:identifier", text(&source.id))];
        let fields = [
            ("schema:name", meta.title.as_ref()),
            ("schema:datePublished", meta.published.as_ref()),
            ("schema:publisher", meta.publisher.as_ref()),
            ("schema:url", meta.url.as_ref()),
        ];
        properties.extend(fields.into_iter().filter_map(|(k, v)| Some((k, text(v?)))));
        properties.extend(meta.authors.iter().map(|a| ("schema:author", text(a))));
        out.push(Resource {
            iri: iri(&["source", &source.id]),
            types: vec!["schema:CreativeWork"],
            properties,
        });
    }
    out
}

pub(super) fn turtle(map: &Map, base: &str) -> String {
    let mut out =
        format!("@prefix aif: <{AIF}> .\n@prefix schema: <{SCHEMA}> .\n@prefix xsd: <{XSD}> .\n");
    for resource in resources(map, base) {
        let _ = write!(out, "\n<{}> a {}", resource.iri, resource.types.join(", "));
        for (property, object) in &resource.properties {
            let object = match object {
                Object::Literal(s) => literal(s),
                Object::Integer(n) => format!("\"{n}\"^^xsd:integer"),
                Object::Iri(iri) => format!("<{iri}>"),
            };
            let _ = write!(out, " ;\n  {property} {object}");
        }
        out.push_str(" .\n");
    }
    out
}

/// JSON-LD 1.1: one `@graph` of node objects with compact (prefixed) property names; strings
/// are JSON strings, so no escaping of our own.
pub(super) fn json_ld(map: &Map, base: &str) -> String {
    let graph: Vec<Value> = resources(map, base)
        .into_iter()
        .map(|resource| {
            let mut node = JsonMap::new();
            node.insert("@id".into(), resource.iri.into());
            node.insert("@type".into(), json!(resource.types));
            for (property, object) in resource.properties {
                let value = match object {
                    Object::Literal(s) => json!(s),
                    Object::Integer(n) => {
                        json!({ "@value": n.to_string(), "@type": "xsd:integer" })
                    }
                    Object::Iri(iri) => json!({ "@id": iri }),
                };
                match node.get_mut(property) {
                    Some(Value::Array(values)) => values.push(value),
                    Some(single) => *single = json!([single.take(), value]),
                    None => {
                        node.insert(property.into(), value);
                    }
                }
            }
            Value::Object(node)
        })
        .collect();
    let document = json!({
        "@context": { "aif": AIF, "schema": SCHEMA, "xsd": XSD },
        "@graph": graph,
    });
    let mut out = serde_json::to_string_pretty(&document).unwrap_or_default();
    out.push('\n');
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
