//! A program that embeds claimgraph: checks a map, prints each finding with what it is about
//! and whether a fix exists, then prints the map as Graphviz DOT.
//!
//! `cargo run --example embed -- claims.yaml`
//!
//! It names only the library: no clap, anyhow or terminal crates, which belong to the
//! `claimgraph` binary.

use std::path::Path;
use std::process::ExitCode;

use claimgraph::diagnostic::Subject;
use claimgraph::render::{self, Format, RenderOptions};

fn main() -> ExitCode {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "claims.yaml".to_string());
    let checked = match claimgraph::check(Path::new(&path)) {
        Ok(checked) => checked,
        Err(error) => {
            eprintln!("error: {error}\n  help: {}", error.hint());
            return ExitCode::from(2);
        }
    };
    for finding in &checked.diagnostics {
        let about = match &finding.subject {
            Subject::Claim(id) => format!("claim {id}"),
            Subject::Source(id) => format!("source {id}"),
            _ => "the map".to_string(),
        };
        let line = finding.span.map_or(0, |s| s.line);
        let fix = match finding.fixes.first() {
            Some(fix) => format!(
                " (fix, {}: {})",
                fix.applicability.as_str(),
                fix.description
            ),
            None => String::new(),
        };
        println!(
            "{}:{line}: {}[{}] about {about}: {}{fix}",
            path,
            finding.severity.as_str(),
            finding.code,
            finding.message
        );
    }
    let Some(map) = &checked.map else {
        return ExitCode::from(1);
    };
    match render::render(
        map,
        &checked.diagnostics,
        Format::Dot,
        &RenderOptions::default(),
    ) {
        Ok(dot) => print!("{}", dot.output),
        Err(error) => {
            eprintln!("error: {error}\n  help: {}", error.hint());
            return ExitCode::from(2);
        }
    }
    ExitCode::from(if checked.counts().errors > 0 { 1 } else { 0 })
}
