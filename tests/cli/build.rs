//! Integration tests: build (writes every drawing, or nothing; the committed map is fresh).

use crate::support::{claimgraph, copy_dir, fixture, root};

#[test]
fn build_writes_dot_svg_mermaid_and_html_next_to_the_map() {
    let dir = tempfile::tempdir().expect("tempdir");
    copy_dir(&root().join("tests/fixtures/render-basic"), dir.path());
    let output = claimgraph()
        .args(["build", "--engine", "builtin"])
        .arg(dir.path().join("claims.yaml"))
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for name in ["map.dot", "map.svg", "map.mmd", "map.html"] {
        let path = dir.path().join("out").join(name);
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(text.contains("keep-lanes"), "{name} lacks the claims");
    }
    // Only the four drawings: no temporary files left behind.
    assert_eq!(
        std::fs::read_dir(dir.path().join("out"))
            .map(|d| d.count())
            .unwrap_or(0),
        4
    );
}

#[test]
fn build_writes_nothing_when_check_finds_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("out");
    let output = claimgraph()
        .args([
            "build",
            &fixture("render-errors").display().to_string(),
            "--out",
        ])
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("uncited-claim"), "{stderr}");
    assert!(stderr.contains("nothing was written"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn build_output_matches_render_with_default_options() {
    let dir = tempfile::tempdir().expect("tempdir");
    let map = fixture("render-basic").display().to_string();
    let output = claimgraph()
        .args(["build", &map, "--engine", "builtin", "--out"])
        .arg(dir.path())
        .output()
        .expect("runs");
    assert!(output.status.success());
    let rendered = claimgraph()
        .args(["render", &map, "--format", "dot"])
        .output()
        .expect("runs");
    let built = std::fs::read(dir.path().join("map.dot")).unwrap_or_default();
    assert_eq!(built, rendered.stdout);
}

/// The repository's own map: `out/map.dot` must be rebuilt whenever `claims.yaml` changes.
#[test]
fn committed_out_map_dot_is_not_stale() {
    let map = root().join("claims.yaml");
    if !map.exists() {
        eprintln!(
            "SKIPPED committed_out_map_dot_is_not_stale: the repository has no claims.yaml yet"
        );
        return;
    }
    let committed = std::fs::read(root().join("out/map.dot"))
        .expect("out/map.dot exists: run `cargo run -- build` and commit out/");
    let output = claimgraph()
        .args(["render", "claims.yaml", "--format", "dot"])
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(
        committed == output.stdout,
        "out/map.dot is stale: run `cargo run -- build` and commit out/"
    );
}

#[test]
fn build_reports_the_engine_that_drew_after_falling_back_to_builtin() {
    // `build` warned that it drew with the builtin engine, then printed "(engine: graphviz)".
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("corpus")).expect("mkdir");
    std::fs::write(dir.path().join("corpus/s.txt"), "A passage.\n").expect("write");
    let n = claimgraph::render::svg::AUTO_GRAPHVIZ_LIMIT + 1;
    let mut map = String::from("claims:\n");
    for i in 0..n {
        let next = (i + 1) % n;
        map.push_str(&format!(
            "  - id: c{i}\n    text: Claim {i}.\n    evidence: [{{source: s, quote: A passage.}}]\n    contradicts: [c{next}]\n"
        ));
    }
    std::fs::write(dir.path().join("claims.yaml"), map).expect("write");
    let output = claimgraph()
        .arg("build")
        .arg(dir.path().join("claims.yaml"))
        .output()
        .expect("claimgraph runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("drawn with the builtin engine"), "{stderr}");
    assert!(stderr.contains("(engine: builtin)"), "{stderr}");
}
