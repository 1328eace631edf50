//! The map in the formats of its field, for the tools others already use.
//!
//! claimgraph's own files are the curator's; an analyst loads graphs into networkx, yEd or
//! Gephi, a researcher exchanges AIF, a team outgrowing one machine loads Neo4j. Each format
//! is one file here that writes the resolved [`Map`] through the model only (no format logic
//! in the command line), escapes map text for its own language, and says in
//! `docs/interchange.md` what each field becomes and what is lost.

mod aif;
mod aif_import;
mod argdown;
mod argdown_import;
mod graphml;
mod imported;
mod neo4j;
mod ova_text;
mod rdf;

pub use aif_import::import_aif;
pub use argdown_import::import_argdown;
pub use imported::{ImportCounts, ImportError, ImportWarning, Imported};
pub use neo4j::ExportFile;

use foldhash::HashSet;

use crate::model::{Edge, Map};

/// A format `claimgraph export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ExportFormat {
    /// AIF JSON (OVA, AIFdb, arguebuf): I-nodes for claims, RA/CA for relations, L- and
    /// YA-nodes for the quotes.
    Aif,
    /// Argdown: statements, their support and attack relations, and the evidence, note and
    /// sources in data blocks and the front matter.
    Argdown,
    /// GraphML: claims and sources as nodes, relations and citations as edges, every field a
    /// declared `<key>` attribute (networkx, yEd, Gephi, igraph).
    Graphml,
    /// RDF as Turtle: AIF ontology terms for the structure, schema.org's `Claim`, `Quotation`
    /// and `CreativeWork`, IRIs under [`ExportOptions::base`].
    Turtle,
    /// RDF as JSON-LD 1.1: the same triples as [`ExportFormat::Turtle`].
    JsonLd,
    /// A Cypher script for Neo4j (`cypher-shell -f`): `Claim` and `Source` nodes,
    /// `SUPPORTS`, `CONTRADICTS` and `CITES` relationships, every string an escaped literal.
    /// The same graph as [`neo4j_csv`].
    Cypher,
}

/// Choices of an export beyond its format.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct ExportOptions {
    /// The IRI every RDF resource's IRI starts with (`claim/ID` and so on follow it).
    pub base: String,
}

impl Default for ExportOptions {
    fn default() -> Self {
        ExportOptions {
            base: "urn:claimgraph:".to_string(),
        }
    }
}

/// A source id for a corpus file named after `name` (an imported file's stem).
pub fn source_id(name: &str) -> String {
    crate::validate::slug(name)
}

/// Writes `map` in `format`.
///
/// ```
/// use claimgraph::interchange::{ExportFormat, ExportOptions, export};
/// let dir = std::env::temp_dir().join(format!("claimgraph-doc-export-{}", std::process::id()));
/// std::fs::create_dir_all(dir.join("corpus")).unwrap();
/// std::fs::write(dir.join("corpus/brief.txt"), "Sanctions have not worked.\n").unwrap();
/// std::fs::write(
///     dir.join("claims.yaml"),
///     "claims:\n  - id: sanctions-fail\n    text: Sanctions fail.\n    evidence:\n      - source: brief\n        quote: Sanctions have not worked.\n",
/// )
/// .unwrap();
/// let checked = claimgraph::check(&dir.join("claims.yaml")).unwrap();
/// let options = ExportOptions::default();
/// let graphml = export(checked.map.as_ref().unwrap(), ExportFormat::Graphml, &options);
/// assert!(graphml.contains("<node id=\"claim:sanctions-fail\">"));
/// # std::fs::remove_dir_all(&dir).unwrap();
/// ```
pub fn export(map: &Map, format: ExportFormat, options: &ExportOptions) -> String {
    match format {
        ExportFormat::Aif => aif::write(map),
        ExportFormat::Argdown => argdown::write(map),
        ExportFormat::Graphml => graphml::write(map),
        ExportFormat::Turtle => rdf::turtle(map, &options.base),
        ExportFormat::JsonLd => rdf::json_ld(map, &options.base),
        ExportFormat::Cypher => neo4j::cypher(map),
    }
}

/// The map as the CSV files of Neo4j's bulk importer (`neo4j-admin database import full`):
/// `claims.csv`, `sources.csv`, `relations.csv`, `cites.csv`, and `import.sh`, the command
/// that imports them with the options they need. The same graph as [`ExportFormat::Cypher`].
pub fn neo4j_csv(map: &Map) -> Vec<ExportFile> {
    neo4j::csv(map)
}

/// The ids of the map's claims.
fn claim_ids(map: &Map) -> HashSet<&str> {
    map.claims.iter().map(|c| c.id.value.as_str()).collect()
}

/// The ids of the map's sources.
fn source_ids(map: &Map) -> HashSet<&str> {
    map.sources.iter().map(|s| s.id.as_str()).collect()
}

/// The claim-to-claim edges every format writes: those whose target is a claim of the map. An
/// edge to an unknown id is in a map exported with `--allow-errors` only, and a reader would
/// invent a bare node for it.
fn linked_edges(map: &Map) -> impl Iterator<Item = Edge<'_>> {
    let ids = claim_ids(map);
    map.edges()
        .filter(move |e| ids.contains(e.to.value.as_str()))
}
