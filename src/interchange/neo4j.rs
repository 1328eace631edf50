//! Neo4j: a Cypher script (`cypher-shell -f`) and the CSV files of `neo4j-admin database
//! import`, for a team whose map outgrows one machine.
//!
//! Both write one property graph, built once here ([`Graph`]), so the two routes into Neo4j
//! give the same database: `(:Claim)` and `(:Source)` nodes, `SUPPORTS`/`CONTRADICTS` between
//! claims, and a `CITES` relationship from a claim to each source it quotes, carrying the quote,
//! its stance and its line. A property a claim does not have is absent, never an empty string,
//! as Neo4j itself never stores a null.
//!
//! The script is fully escaped rather than parameterised: parameters are a feature of each
//! client (`:param` in cypher-shell, driver calls elsewhere), while escaped literals run in
//! any of them. Every string is a single-quoted literal in which `\`, `'` and the control
//! characters are escapes, so a hostile claim text cannot end its string or its statement.

use std::fmt::Write as _;

use crate::model::{AnchorResult, Map};

/// A property value: Neo4j's string, integer and string list.
#[derive(Clone)]
enum Value {
    Str(String),
    Int(usize),
    List(Vec<String>),
}

/// A node: its label, its `id` and its other properties (absent ones left out).
struct Node {
    label: &'static str,
    id: String,
    properties: Vec<(&'static str, Value)>,
}

/// A relationship between two nodes given by label and id.
struct Relationship {
    kind: &'static str,
    from: (&'static str, String),
    to: (&'static str, String),
    properties: Vec<(&'static str, Value)>,
}

/// The property graph both writers print.
struct Graph {
    nodes: Vec<Node>,
    relationships: Vec<Relationship>,
}

/// The columns of each CSV file after its id or start/end columns, with their import type.
const CLAIM_COLUMNS: &[(&str, &str)] = &[
    ("text", "string"),
    ("tags", "string[]"),
    ("note", "string"),
    ("evidence", "int"),
];
const SOURCE_COLUMNS: &[(&str, &str)] = &[
    ("file", "string"),
    ("title", "string"),
    ("authors", "string[]"),
    ("published", "string"),
    ("publisher", "string"),
    ("url", "string"),
];
const CITES_COLUMNS: &[(&str, &str)] =
    &[("quote", "string"), ("stance", "string"), ("line", "int")];

fn graph(map: &Map) -> Graph {
    let mut nodes: Vec<Node> = map.claims.iter().map(claim_node).collect();
    nodes.extend(map.sources.iter().map(source_node));
    let mut relationships: Vec<Relationship> = super::linked_edges(map)
        .map(|edge| Relationship {
            kind: match edge.kind {
                crate::model::EdgeKind::Supports => "SUPPORTS",
                crate::model::EdgeKind::Contradicts => "CONTRADICTS",
            },
            from: ("Claim", edge.from.to_string()),
            to: ("Claim", edge.to.value.clone()),
            properties: Vec::new(),
        })
        .collect();
    relationships.extend(citations(map));
    Graph {
        nodes,
        relationships,
    }
}

fn claim_node(claim: &crate::model::Claim) -> Node {
    let tags: Vec<String> = claim.tags.iter().map(|t| t.value.clone()).collect();
    let mut properties = vec![("text", Value::Str(claim.text.value.clone()))];
    if !tags.is_empty() {
        properties.push(("tags", Value::List(tags)));
    }
    if let Some(note) = &claim.note {
        properties.push(("note", Value::Str(note.clone())));
    }
    properties.push(("evidence", Value::Int(claim.evidence.len())));
    Node {
        label: "Claim",
        id: claim.id.value.clone(),
        properties,
    }
}

fn source_node(source: &crate::model::Source) -> Node {
    let meta = &source.meta;
    let mut properties = vec![("file", Value::Str(source.file.clone()))];
    let optional = [
        ("title", &meta.title),
        ("published", &meta.published),
        ("publisher", &meta.publisher),
        ("url", &meta.url),
    ];
    for (key, value) in optional {
        if let Some(value) = value {
            properties.push((key, Value::Str(value.clone())));
        }
    }
    if !meta.authors.is_empty() {
        properties.push(("authors", Value::List(meta.authors.clone())));
    }
    Node {
        label: "Source",
        id: source.id.clone(),
        properties,
    }
}

/// A `CITES` relationship per piece of evidence whose source is in the map.
fn citations(map: &Map) -> Vec<Relationship> {
    let sources = super::source_ids(map);
    let mut out = Vec::new();
    for claim in &map.claims {
        for evidence in &claim.evidence {
            if !sources.contains(evidence.source.value.as_str()) {
                continue;
            }
            let mut properties = vec![
                ("quote", Value::Str(evidence.quote.value.clone())),
                ("stance", Value::Str(evidence.stance.as_str().to_string())),
            ];
            if let AnchorResult::Found(anchor) = &evidence.anchor {
                properties.push(("line", Value::Int(anchor.line as usize)));
            }
            out.push(Relationship {
                kind: "CITES",
                from: ("Claim", claim.id.value.clone()),
                to: ("Source", evidence.source.value.clone()),
                properties,
            });
        }
    }
    out
}

/// The Cypher script: constraints, then nodes, then relationships, one statement each.
pub(super) fn cypher(map: &Map) -> String {
    let graph = graph(map);
    let mut out = format!(
        "// claimgraph export: {} nodes, {} relationships. Into an empty Neo4j 5 database:\n// cypher-shell -f FILE\n",
        graph.nodes.len(),
        graph.relationships.len()
    );
    out.push_str(
        "CREATE CONSTRAINT claim_id IF NOT EXISTS FOR (c:Claim) REQUIRE c.id IS UNIQUE;\n\
         CREATE CONSTRAINT source_id IF NOT EXISTS FOR (s:Source) REQUIRE s.id IS UNIQUE;\n",
    );
    for node in &graph.nodes {
        let mut properties = vec![("id", Value::Str(node.id.clone()))];
        properties.extend(node.properties.iter().map(|(k, v)| (*k, v.clone())));
        let _ = writeln!(
            out,
            "CREATE (:{} {});",
            node.label,
            map_literal(&properties)
        );
    }
    for rel in &graph.relationships {
        let _ = write!(
            out,
            "MATCH (a:{} {{id: {}}}) MATCH (b:{} {{id: {}}}) CREATE (a)-[:{}",
            rel.from.0,
            string(&rel.from.1),
            rel.to.0,
            string(&rel.to.1),
            rel.kind
        );
        if !rel.properties.is_empty() {
            out.push(' ');
            out.push_str(&map_literal(&rel.properties));
        }
        out.push_str("]->(b);\n");
    }
    out
}

fn map_literal(properties: &[(&str, Value)]) -> String {
    let fields: Vec<String> = properties
        .iter()
        .map(|(key, value)| format!("{key}: {}", value_literal(value)))
        .collect();
    format!("{{{}}}", fields.join(", "))
}

fn value_literal(value: &Value) -> String {
    match value {
        Value::Str(s) => string(s),
        Value::Int(n) => n.to_string(),
        Value::List(items) => {
            let items: Vec<String> = items.iter().map(|s| string(s)).collect();
            format!("[{}]", items.join(", "))
        }
    }
}

/// A Cypher string literal. The escapes are the ones the openCypher grammar and Neo4j share;
/// every other character, non-ASCII included, is written as itself.
fn string(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\'' => out.push_str("\\'"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

/// One file of a multi-file export.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ExportFile {
    /// Its name inside the output folder.
    pub name: &'static str,
    /// Its contents.
    pub contents: String,
}

/// The CSV files of `neo4j-admin database import full`, and `import.sh`, the command that
/// imports them with the options they need.
pub(super) fn csv(map: &Map) -> Vec<ExportFile> {
    let graph = graph(map);
    let delimiter = array_delimiter(&graph);
    let nodes = |label: &str, columns: &[(&str, &str)]| {
        let mut header = vec![format!("id:ID({label})"), ":LABEL".to_string()];
        header.extend(columns.iter().map(|(name, kind)| typed(name, kind)));
        let rows = graph.nodes.iter().filter(|n| n.label == label).map(|n| {
            let mut row = vec![field(&n.id), field(n.label)];
            row.extend(
                columns
                    .iter()
                    .map(|(name, _)| cell(&n.properties, name, delimiter)),
            );
            row
        });
        table(&header, rows)
    };
    let relationships = |kinds: &[&str], to: &str, columns: &[(&str, &str)]| {
        let mut header = vec![
            ":START_ID(Claim)".to_string(),
            format!(":END_ID({to})"),
            ":TYPE".to_string(),
        ];
        header.extend(columns.iter().map(|(name, kind)| typed(name, kind)));
        let rows = graph
            .relationships
            .iter()
            .filter(|r| kinds.contains(&r.kind))
            .map(|r| {
                let mut row = vec![field(&r.from.1), field(&r.to.1), field(r.kind)];
                row.extend(
                    columns
                        .iter()
                        .map(|(name, _)| cell(&r.properties, name, delimiter)),
                );
                row
            });
        table(&header, rows)
    };
    vec![
        file("claims.csv", nodes("Claim", CLAIM_COLUMNS)),
        file("sources.csv", nodes("Source", SOURCE_COLUMNS)),
        file(
            "relations.csv",
            relationships(&["SUPPORTS", "CONTRADICTS"], "Claim", &[]),
        ),
        file(
            "cites.csv",
            relationships(&["CITES"], "Source", CITES_COLUMNS),
        ),
        file("import.sh", import_script(delimiter)),
    ]
}

fn file(name: &'static str, contents: String) -> ExportFile {
    ExportFile { name, contents }
}

fn typed(name: &str, kind: &str) -> String {
    if kind == "string" {
        name.to_string()
    } else {
        format!("{name}:{kind}")
    }
}

fn table(header: &[String], rows: impl Iterator<Item = Vec<String>>) -> String {
    let mut out = header.join(",");
    out.push('\n');
    for row in rows {
        out.push_str(&row.join(","));
        out.push('\n');
    }
    out
}

/// A property as a CSV field; an absent one is an empty unquoted field, which the importer
/// leaves unset (a quoted `""` would be an empty string).
fn cell(properties: &[(&str, Value)], name: &str, delimiter: char) -> String {
    match properties.iter().find(|(key, _)| *key == name) {
        None => String::new(),
        Some((_, Value::Str(s))) => field(s),
        Some((_, Value::Int(n))) => n.to_string(),
        Some((_, Value::List(items))) => field(&items.join(&delimiter.to_string())),
    }
}

/// A CSV field as RFC 4180 and the importer's default (non-legacy) quoting read it: always
/// quoted, `"` doubled, everything else, newlines and backslashes included, as itself.
fn field(value: &str) -> String {
    format!("\"{}\"", value.replace('"', "\"\""))
}

/// The importer splits list fields (and `:LABEL`) on one character: the default `;` unless a
/// tag or author contains it, then the first of a few rare characters none contains.
/// (The last private-use character is a fallback no real map reaches: it would take a list
/// holding all 6,400.)
fn array_delimiter(graph: &Graph) -> char {
    let items: Vec<&str> = graph
        .nodes
        .iter()
        .flat_map(|n| &n.properties)
        .filter_map(|(_, v)| match v {
            Value::List(items) => Some(items),
            _ => None,
        })
        .flatten()
        .map(String::as_str)
        .collect();
    [';', '|', '§', '¦', '¤']
        .into_iter()
        .chain('\u{e000}'..='\u{f8ff}')
        .find(|c| items.iter().all(|item| !item.contains(*c)))
        .unwrap_or('\u{f8ff}')
}

fn import_script(delimiter: char) -> String {
    // The candidates are never `'`, so single quotes keep the shell off them.
    let delimiter = match delimiter {
        ';' => String::new(),
        c => format!(" --array-delimiter='{c}'"),
    };
    format!(
        "#!/bin/sh\n# claimgraph export for Neo4j 5: imports these files into an empty database\n# (stop the database first; DATABASE defaults to neo4j).\nset -e\ncd \"$(dirname \"$0\")\"\nneo4j-admin database import full \"${{1:-neo4j}}\" \\\n  --nodes=claims.csv --nodes=sources.csv \\\n  --relationships=relations.csv --relationships=cites.csv \\\n  --multiline-fields=true --legacy-style-quoting=false{delimiter}\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_cannot_end_a_cypher_string_or_statement() {
        assert_eq!(
            string("it's \\' }); MATCH (n) DETACH DELETE n; //\n\u{1b}é"),
            "'it\\'s \\\\\\' }); MATCH (n) DETACH DELETE n; //\\n\\u001bé'"
        );
    }

    #[test]
    fn csv_fields_double_their_quotes_and_keep_newlines_inside_the_quotes() {
        assert_eq!(field("a \"b\",\nc\\"), "\"a \"\"b\"\",\nc\\\"");
    }
}
