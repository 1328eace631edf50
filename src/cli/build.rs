//! `claimgraph build`: check the map, then write every drawing of it into `out/`, the
//! repository's "run the main job" command.
//!
//! Nothing is written when check finds errors, and the four files are written as a set (all
//! staged beside their targets, then renamed), so `out/` always holds the drawings of one map
//! that passed check. The drawings use the same defaults as
//! `claimgraph render`, so `render --format dot` reproduces `out/map.dot` byte for byte (the
//! staleness test relies on it).

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::render::{DrawArgs, fatal, print_findings, write_all_atomic};
use super::{Color, EXIT_CLEAN, EXIT_FINDINGS, Fatal};
use claimgraph::diagnostic::display_path;
use claimgraph::render::{self, RenderOptions};

/// Arguments of `build`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The map file.
    #[arg(default_value_os_t = super::default_map())]
    map: PathBuf,
    /// Folder to write to (default: `out/` next to the map).
    #[arg(long, value_name = "DIR")]
    out: Option<PathBuf>,
    #[command(flatten)]
    draw: DrawArgs,
}

pub fn run(args: Args, color: Color) -> Result<u8> {
    let checked = claimgraph::check(&args.map).map_err(Fatal::from)?;
    let counts = checked.counts();
    let Some(map) = checked.map.as_ref().filter(|_| counts.errors == 0) else {
        print_findings(&checked, &args.map, color);
        eprintln!("  help: nothing was written; fix the errors and build again");
        return Ok(EXIT_FINDINGS);
    };
    if counts.warnings > 0 {
        print_findings(&checked, &args.map, color);
    }
    let out = args.out.clone().unwrap_or_else(|| {
        args.map
            .parent()
            .map_or_else(|| PathBuf::from("out"), |dir| dir.join("out"))
    });
    let mut options = RenderOptions::default();
    args.draw.apply(&mut options);
    let diagnostics = &checked.diagnostics;
    // Everything is drawn before anything is written: a failing engine leaves out/ as it was.
    let dot = render::render(map, diagnostics, render::Format::Dot, &options).map_err(fatal)?;
    let mermaid =
        render::render(map, diagnostics, render::Format::Mermaid, &options).map_err(fatal)?;
    // The page's diagram leaves the legend to the page, which pins it over the drawing (see
    // `render::html`); the builtin engine lays the map out once for both, Graphviz twice.
    let (svg, page) = render::render_svg_and_html(map, diagnostics, &options).map_err(fatal)?;
    for warning in svg.warnings.iter().chain(&mermaid.warnings) {
        eprintln!("warning: {warning}");
    }
    let page = page.output;
    std::fs::create_dir_all(&out).map_err(|e| {
        Fatal::new(
            format!("cannot create {}: {e}", display_path(&out)),
            "check the --out folder",
        )
    })?;
    let files = [
        ("map.dot", dot.output),
        ("map.svg", svg.output),
        ("map.mmd", mermaid.output),
        ("map.html", page),
    ];
    let paths: Vec<PathBuf> = files.iter().map(|(name, _)| out.join(name)).collect();
    // All four or none: a write failing halfway (a full disk) must not leave out/ holding
    // drawings of two different maps.
    let staged: Vec<(&Path, &[u8])> = paths
        .iter()
        .zip(&files)
        .map(|(path, (_, content))| (path.as_path(), content.as_bytes()))
        .collect();
    write_all_atomic(&staged)?;
    let written: Vec<String> = paths.iter().map(|p| display_path(p)).collect();
    eprintln!(
        "{}: ok; wrote {} (engine: {})",
        display_path(&args.map),
        written.join(", "),
        // The engine that drew it: `auto` may have fallen back to the builtin one.
        match svg.engine {
            Some(render::Engine::Builtin) => "builtin",
            _ => "graphviz",
        }
    );
    Ok(EXIT_CLEAN)
}
