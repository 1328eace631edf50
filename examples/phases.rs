//! Times the stages of `check` on one map: load (YAML + corpus), anchor, validate.
//!
//! `cargo run --release --example phases -- DIR/claims.yaml` (used when profiling, see
//! benches/README.md).

use std::time::Instant;

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: phases MAP");
        std::process::exit(2);
    };
    let path = std::path::Path::new(&path);
    // Lower bounds of load: the YAML parser alone, and reading the corpus files.
    let t = Instant::now();
    let text = std::fs::read_to_string(path).unwrap_or_default();
    let mut options = serde_saphyr::Options::default();
    options.budget = None;
    let parsed =
        serde_saphyr::from_str_with_options::<serde::de::IgnoredAny>(&text, options).is_ok();
    let parse = t.elapsed();
    let t = Instant::now();
    let mut corpus_bytes = 0;
    if let Ok(entries) = std::fs::read_dir(path.with_file_name("corpus")) {
        for entry in entries.flatten() {
            corpus_bytes += std::fs::read(entry.path()).map_or(0, |b| b.len());
        }
    }
    let read = t.elapsed();
    println!(
        "yaml parser alone {:.3} s (ok: {parsed}), reading {corpus_bytes} corpus bytes {:.3} s",
        parse.as_secs_f64(),
        read.as_secs_f64()
    );
    let t = Instant::now();
    let loaded = match claimgraph::internals::load(path) {
        Ok(loaded) => loaded,
        Err(e) => {
            eprintln!("phases: {e}");
            std::process::exit(2);
        }
    };
    let load = t.elapsed();
    let Some(mut map) = loaded.map else {
        eprintln!("phases: the map did not parse");
        std::process::exit(1);
    };
    let t = Instant::now();
    claimgraph::internals::anchor_map(&mut map);
    let anchor = t.elapsed();
    let t = Instant::now();
    let diagnostics = claimgraph::internals::validate(&map);
    let validate = t.elapsed();
    println!(
        "load {:.3} s, anchor {:.3} s, validate {:.3} s ({} findings)",
        load.as_secs_f64(),
        anchor.as_secs_f64(),
        validate.as_secs_f64(),
        diagnostics.len()
    );
}
