//! `claimgraph check`: every finding about a map, for people (rustc style), CI (JSON) and
//! GitHub Actions (annotations).

use std::path::PathBuf;

use anyhow::Result;

use super::{Color, EXIT_CLEAN, EXIT_FINDINGS, Fatal};
use claimgraph::diagnostic::{self, HumanStyle, display_path};

/// Output format of `check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Diagnostics with the offending line underlined (on stderr).
    Human,
    /// One JSON document on stdout.
    Json,
    /// GitHub Actions workflow annotations on stdout.
    Github,
}

/// Arguments of `check`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The map file.
    #[arg(default_value_os_t = super::default_map())]
    map: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,
    /// Exit with status 1 on warnings too.
    #[arg(long)]
    deny_warnings: bool,
}

pub fn run(args: Args, color: Color) -> Result<u8> {
    let checked = claimgraph::check(&args.map).map_err(Fatal::from)?;
    let summary = checked.summary();
    let lookup = |path: &std::path::Path| checked.text_of(path);
    match args.format {
        Format::Human => {
            let style = HumanStyle {
                color: color.enabled(false),
                width: 100,
            };
            eprint!(
                "{}",
                diagnostic::to_human(&checked.diagnostics, &lookup, style)
            );
            eprintln!("{}", summary_line(&display_path(&args.map), &summary));
        }
        Format::Json => print!(
            "{}",
            diagnostic::to_json(&checked.diagnostics, &summary, &lookup)
        ),
        Format::Github => print!("{}", diagnostic::to_github(&checked.diagnostics)),
    }
    let failed = summary.counts.errors > 0 || (args.deny_warnings && summary.counts.warnings > 0);
    Ok(if failed { EXIT_FINDINGS } else { EXIT_CLEAN })
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("{n} {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// `claims.yaml: 2 errors, 1 warning (45 claims, 78 edges, 5 sources, 96 of 98 quotes anchored)`.
pub(crate) fn summary_line(file: &str, summary: &diagnostic::Summary) -> String {
    let verdict = if summary.counts.errors + summary.counts.warnings == 0 {
        "ok".to_string()
    } else {
        format!(
            "{}, {}",
            plural(summary.counts.errors, "error"),
            plural(summary.counts.warnings, "warning")
        )
    };
    format!(
        "{file}: {verdict} ({}, {}, {}, {} of {} quotes anchored)",
        plural(summary.claims, "claim"),
        plural(summary.edges, "edge"),
        plural(summary.sources, "source"),
        summary.anchored,
        summary.quotes
    )
}
