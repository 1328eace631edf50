//! `claimgraph export`: the map in another tool's format (see docs/interchange.md).

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::render::{AllowErrors, check_for_output, write_all_atomic, write_atomic};
use super::{Color, EXIT_CLEAN, EXIT_FINDINGS, Fatal};
use claimgraph::diagnostic::display_path;
use claimgraph::interchange::{self, ExportFormat, ExportOptions};

/// `--format`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FormatArg {
    /// AIF JSON, for OVA, AIFdb and arguebuf.
    Aif,
    /// Argdown, for the Argdown CLI and its VS Code extension.
    Argdown,
    /// GraphML, for networkx, yEd, Gephi and igraph.
    Graphml,
    /// RDF as Turtle (AIF ontology and schema.org), for triple stores and SPARQL.
    Turtle,
    /// RDF as JSON-LD, the same triples as turtle.
    Jsonld,
    /// A Cypher script for Neo4j (cypher-shell -f FILE).
    Cypher,
    /// The CSV files of neo4j-admin database import, and import.sh to run it (-o DIR).
    Neo4jCsv,
}

/// Arguments of `export`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  claimgraph export --format graphml -o map.graphml\n  claimgraph export --format argdown -o map.argdown\n  claimgraph export --format turtle --base https://example.org/map/ -o map.ttl\n  python3 -c 'import networkx as nx; g = nx.read_graphml(\"map.graphml\"); print(g)'"
)]
pub struct Args {
    /// The map file.
    #[arg(default_value_os_t = super::default_map())]
    map: PathBuf,
    /// Output format.
    #[arg(long, short = 'f', value_enum)]
    format: FormatArg,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// The IRI the RDF resources' IRIs start with, e.g. https://example.org/taliban-map/
    /// (default urn:claimgraph:).
    #[arg(long, value_name = "IRI")]
    base: Option<String>,
    /// Export a map that fails check (edges to unknown claims and citations of unknown
    /// sources are left out).
    #[arg(long)]
    allow_errors: bool,
}

pub fn run(args: Args, color: Color) -> Result<u8> {
    let allow = AllowErrors {
        allowed: args.allow_errors,
        verb: "export",
        doing: "exporting",
        aside: "",
    };
    let Some(checked) = check_for_output(&args.map, &allow, color)? else {
        return Ok(EXIT_FINDINGS);
    };
    let Some(map) = checked.map.as_ref() else {
        return Ok(EXIT_FINDINGS);
    };
    let format = match args.format {
        FormatArg::Aif => ExportFormat::Aif,
        FormatArg::Argdown => ExportFormat::Argdown,
        FormatArg::Graphml => ExportFormat::Graphml,
        FormatArg::Turtle => ExportFormat::Turtle,
        FormatArg::Jsonld => ExportFormat::JsonLd,
        FormatArg::Cypher => ExportFormat::Cypher,
        FormatArg::Neo4jCsv => return write_csv(map, args.output.as_deref()),
    };
    let mut options = ExportOptions::default();
    if let Some(base) = args.base {
        options.base = base;
    }
    let output = interchange::export(map, format, &options);
    match &args.output {
        Some(path) => write_atomic(path, output.as_bytes())?,
        None => super::out(&output)?,
    }
    Ok(EXIT_CLEAN)
}

/// `neo4j-csv`: several files, so into a folder (made if missing), each written atomically.
fn write_csv(map: &claimgraph::model::Map, dir: Option<&Path>) -> Result<u8> {
    let Some(dir) = dir else {
        return Err(Fatal::new(
            "--format neo4j-csv writes several files and needs a folder",
            "pass -o DIR, e.g. claimgraph export --format neo4j-csv -o neo4j",
        )
        .into());
    };
    if dir.is_file() {
        return Err(Fatal::new(
            format!("{} is a file, not a folder", display_path(dir)),
            "pass -o with a folder for the CSV files (it is made if missing)",
        )
        .into());
    }
    std::fs::create_dir_all(dir).map_err(|e| {
        Fatal::new(
            format!("cannot create {}: {e}", display_path(dir)),
            "check the folder's permissions",
        )
    })?;
    let files = interchange::neo4j_csv(map);
    let paths: Vec<PathBuf> = files.iter().map(|f| dir.join(f.name)).collect();
    let staged: Vec<(&Path, &[u8])> = paths
        .iter()
        .zip(&files)
        .map(|(path, f)| (path.as_path(), f.contents.as_bytes()))
        .collect();
    write_all_atomic(&staged)?;
    let script = dir.join("import.sh");
    super::out(&format!(
        "wrote {} CSV files to {}\nnext: sh {} [DATABASE]  (runs neo4j-admin database import full; see docs/interchange.md)\n",
        files.len() - 1,
        display_path(dir),
        display_path(&script)
    ))?;
    Ok(EXIT_CLEAN)
}
