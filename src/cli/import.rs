//! `claimgraph import`: a new map from another tool's file (see docs/interchange.md).

use std::path::PathBuf;

use anyhow::Result;

use super::render::write_all_atomic;
use super::{EXIT_CLEAN, Fatal};
use claimgraph::diagnostic::display_path;

/// `--from`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FromArg {
    /// AIF JSON as OVA and AIFdb write it (the xAIF wrapper too).
    Aif,
}

/// Arguments of `import`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  claimgraph import debate.json --from aif --out debate\n  claimgraph check debate/claims.yaml"
)]
pub struct Args {
    /// The file to import.
    file: PathBuf,
    /// Its format.
    #[arg(long, value_enum)]
    from: FromArg,
    /// The folder to write claims.yaml and corpus/ into (default: the file's name without
    /// its extension).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    /// Overwrite a map already in DIR.
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args) -> Result<u8> {
    let stem = args.file.file_stem().map_or_else(
        || "imported".to_string(),
        |s| s.to_string_lossy().into_owned(),
    );
    let text = std::fs::read_to_string(&args.file).map_err(|e| {
        Fatal::new(
            format!("cannot read {}: {e}", display_path(&args.file)),
            "pass the path of an AIF JSON file",
        )
    })?;
    let source = {
        let id = claimgraph::interchange::source_id(&stem);
        if id.is_empty() {
            "imported".to_string()
        } else {
            id
        }
    };
    let imported = match args.from {
        FromArg::Aif => claimgraph::interchange::import_aif(&text, &source),
    }
    .map_err(|e| {
        Fatal::new(
            format!("{}: {e}", display_path(&args.file)),
            "export the map from OVA or AIFdb as AIF JSON (nodes, edges, locutions)",
        )
    })?;
    let dir = args.out.unwrap_or_else(|| PathBuf::from(&stem));
    let map = dir.join("claims.yaml");
    if map.exists() && !args.force {
        return Err(Fatal::new(
            format!("{} already exists", display_path(&map)),
            "import into another --out folder, or pass --force to overwrite it",
        )
        .into());
    }
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).map_err(|e| {
        Fatal::new(
            format!("cannot create {}: {e}", display_path(&corpus)),
            "check the folder's permissions",
        )
    })?;
    let source_file = corpus.join(&imported.corpus.0);
    write_all_atomic(&[
        (source_file.as_path(), imported.corpus.1.as_bytes()),
        (map.as_path(), imported.yaml.as_bytes()),
    ])?;
    let counts = imported.counts;
    let mut said = format!(
        "imported {} claims, {} supports, {} contradicts, {} quotes into {} (corpus: {})\n",
        counts.claims,
        counts.supports,
        counts.contradicts,
        counts.evidence,
        display_path(&map),
        display_path(&source_file)
    );
    if !imported.dropped.is_empty() {
        let parts: Vec<String> = imported
            .dropped
            .iter()
            .map(|(what, n)| format!("{n} {what}"))
            .collect();
        said += &format!(
            "not imported (the map format has no place for them): {}\n",
            parts.join(", ")
        );
    }
    said += &format!("next: claimgraph check {}\n", display_path(&map));
    super::out(&said)?;
    Ok(EXIT_CLEAN)
}
