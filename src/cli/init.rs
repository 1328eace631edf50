//! `claimgraph init [DIR]`: a starter map that checks clean, so a new curator begins from a
//! working example rather than a blank file: `claims.yaml` (with the schema modeline and a
//! comment on every field), `corpus/sample.txt`, `claims.schema.json` for editors, and a
//! `.gitignore` for `out/`.
//!
//! Nothing that exists is overwritten: a folder that already holds a map is left alone.

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::render::write_all_atomic;
use super::{EXIT_CLEAN, Fatal};
use claimgraph::diagnostic::display_path;

const MAP: &str = include_str!("init/claims.yaml");
const SAMPLE: &str = include_str!("init/sample.txt");

/// Arguments of `init`.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folder to start the map in (created if missing).
    #[arg(default_value = ".")]
    dir: PathBuf,
}

pub fn run(args: Args) -> Result<u8> {
    let dir = &args.dir;
    let map = dir.join("claims.yaml");
    if map.exists() {
        return Err(Fatal::new(
            format!("{} already exists", display_path(&map)),
            "init starts a new map; check the existing one with `claimgraph check`",
        )
        .into());
    }
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).map_err(|e| {
        Fatal::new(
            format!("cannot create {}: {e}", display_path(&corpus)),
            "check that the folder is writable",
        )
    })?;
    let schema = claimgraph::load::json_schema();
    let mut files: Vec<(PathBuf, &[u8])> = vec![
        (map.clone(), MAP.as_bytes()),
        (dir.join("claims.schema.json"), schema.as_bytes()),
    ];
    let sample = corpus.join("sample.txt");
    if !sample.exists() {
        files.push((sample, SAMPLE.as_bytes()));
    }
    let ignore = dir.join(".gitignore");
    if !ignore.exists() {
        files.push((ignore, b"/out/\n"));
    }
    let staged: Vec<(&Path, &[u8])> = files.iter().map(|(p, b)| (p.as_path(), *b)).collect();
    write_all_atomic(&staged)?;
    let mut said = String::new();
    for (path, _) in &files {
        said += &format!("created {}\n", display_path(path));
    }
    said += &format!(
        "next: claimgraph check {}  (then edit the claims and add your sources to {})\n",
        display_path(&map),
        display_path(&corpus)
    );
    super::out(&said)?;
    Ok(EXIT_CLEAN)
}
