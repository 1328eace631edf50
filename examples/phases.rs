//! Times the stages of `check` on one map: load (YAML + corpus), anchor, validate.
//!
//! `cargo run --release --example phases -- DIR/claims.yaml` (used when profiling, see
//! benches/README.md).
//!
//! `phases --session N DIR/claims.yaml` instead times N re-checks of the map by a
//! `claimgraph::Session`, as the language server makes them: each inserts or deletes one
//! character at the start of the first claim's text (what `benches/lsp.py` types), through an
//! in-memory overlay of the map. Run under `valgrind --tool=callgrind` to profile a re-check.

use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [flag, n, path] = args.as_slice()
        && flag == "--session"
    {
        session(std::path::Path::new(path), n.parse().unwrap_or(10));
        return;
    }
    let Some(path) = args.first() else {
        eprintln!("usage: phases [--session N] MAP");
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

/// Times `n` re-checks by a session, each after a one-character edit of the first claim's text.
fn session(path: &std::path::Path, n: usize) {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    // The start of the first claim's text: after `text: `, or the next line's first
    // non-blank for a block scalar.
    let at = text
        .find("\n    text: ")
        .map(|i| i + "\n    text: ".len())
        .map(|at| {
            let rest = text.get(at..).unwrap_or_default();
            if rest.starts_with(['>', '|']) {
                let next = at + rest.find('\n').unwrap_or(0) + 1;
                let line = text.get(next..).unwrap_or_default();
                next + line.len() - line.trim_start_matches(' ').len()
            } else {
                at
            }
        })
        .unwrap_or(0);
    let mut session = claimgraph::Session::new();
    let t = Instant::now();
    let first = session.check(&claimgraph::load::Disk, path);
    println!(
        "first check {:.1} ms ({} findings)",
        t.elapsed().as_secs_f64() * 1000.0,
        first.map_or(0, |c| c.diagnostics.len())
    );
    let mut times = Vec::new();
    for i in 0..n {
        let mut edited = text.clone();
        if i % 2 == 0 {
            edited.insert(at, 'x');
        }
        let overlay =
            claimgraph::load::Overlay::new(&claimgraph::load::Disk, path, edited.into_bytes());
        let t = Instant::now();
        let checked = session.check(&overlay, path);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        drop(checked);
    }
    times.sort_by(f64::total_cmp);
    if let (Some(min), Some(max)) = (times.first(), times.last()) {
        println!(
            "{n} re-checks: median {:.1} ms, min {min:.1}, max {max:.1}",
            times[times.len() / 2]
        );
    }
}
