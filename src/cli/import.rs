//! `claimgraph import`: a new map from another tool's file (see docs/interchange.md).

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::render::write_all_atomic;
use super::{EXIT_CLEAN, Fatal};
use claimgraph::diagnostic::{display_path, printable};
use claimgraph::interchange::{ImportError, ImportWarning, Imported};

/// `--from`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FromArg {
    /// AIF JSON as OVA and AIFdb write it (the xAIF wrapper too).
    Aif,
    /// Argdown (statements, arguments, relations, premise-conclusion structures); the
    /// claims come uncited, since Argdown has no source quotes.
    Argdown,
}

impl FromArg {
    /// What to pass instead, when the file is not in this format.
    fn help(self) -> &'static str {
        match self {
            FromArg::Aif => {
                "export the map from OVA or AIFdb as AIF JSON (nodes, edges, locutions)"
            }
            FromArg::Argdown => {
                "pass an Argdown file (statements `[Title]: text`, arguments `<Title>: text`, relations indented under them)"
            }
        }
    }
}

/// Arguments of `import`.
#[derive(Debug, clap::Args)]
#[command(
    after_help = "Examples:\n  claimgraph import debate.json --from aif --out debate\n  claimgraph import debate.argdown --from argdown --out debate\n  claimgraph check debate/claims.yaml"
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
            args.from.help(),
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
        FromArg::Argdown => claimgraph::interchange::import_argdown(&text),
    }
    .map_err(|e| not_imported(&args, &e))?;
    let dir = args.out.clone().unwrap_or_else(|| PathBuf::from(&stem));
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
    let source_file = imported.corpus.as_ref().map(|(name, _)| corpus.join(name));
    let mut files = vec![(map.as_path(), imported.yaml.as_bytes())];
    if let (Some(path), Some((_, text))) = (&source_file, &imported.corpus) {
        files.insert(0, (path.as_path(), text.as_bytes()));
    }
    write_all_atomic(&files)?;
    warn(&args, &imported.warnings);
    super::out(&summary(&imported, &map, &corpus, source_file.as_deref()))?;
    Ok(EXIT_CLEAN)
}

/// The fatal error for a file that is not in the format at all, at its line and column when
/// the format has them.
fn not_imported(args: &Args, e: &ImportError) -> Fatal {
    let file = display_path(&args.file);
    let help = match e {
        ImportError::Argdown { help, .. } => help.as_str(),
        _ => args.from.help(),
    };
    match e.position() {
        Some((line, column)) => Fatal::new(format!("{file}:{line}:{column}: {e}"), help),
        None => Fatal::new(format!("{file}: {e}"), help),
    }
}

/// Each thing not imported, one line on stderr: `file:line:col: warning: message`.
fn warn(args: &Args, warnings: &[ImportWarning]) {
    let file = display_path(&args.file);
    let mut said = String::new();
    for w in warnings {
        let message = printable(&w.message.replace(['\n', '\r'], " ")).into_owned();
        said += &format!("{file}:{}:{}: warning: {message}\n", w.line, w.column);
    }
    eprint!("{said}");
}

/// What was made, what was not imported, and what to do next.
fn summary(imported: &Imported, map: &Path, corpus: &Path, source_file: Option<&Path>) -> String {
    let counts = imported.counts;
    let into = match source_file {
        Some(file) => format!("(corpus: {})", display_path(file)),
        None => format!("(corpus: {}, empty)", display_path(corpus)),
    };
    let mut said = format!(
        "imported {} claims, {} supports, {} contradicts, {} quotes into {} {into}\n",
        counts.claims,
        counts.supports,
        counts.contradicts,
        counts.evidence,
        display_path(map),
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
    if source_file.is_none() {
        said += &if counts.evidence == 0 {
            format!(
                "the claims are uncited (the file has no source quotes): put the source texts in {} and add evidence to each claim\n",
                display_path(corpus)
            )
        } else {
            format!(
                "the quotes cite sources whose texts the file does not carry: put them in {}\n",
                display_path(corpus)
            )
        };
    }
    said += &format!("next: claimgraph check {}\n", display_path(map));
    said
}
