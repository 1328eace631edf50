//! Integration tests: the Mermaid output. Mermaid rewrites its whole source with regular
//! expressions before parsing it, so each test pins one class of text that must reach a reader
//! intact (`tests/e2e/mermaid.mjs` proves the same with the real mermaid), and the warning for
//! maps over mermaid's limits.

use std::path::{Path, PathBuf};

use crate::support::{claimgraph, fixture};

/// `render --format mermaid` of the hostile fixture (it has invalid ids, hence
/// `--allow-errors`), plus `extra` options.
fn hostile(extra: &[&str]) -> String {
    let output = claimgraph()
        .arg("render")
        .arg(fixture("mermaid-hostile"))
        .args(["--format", "mermaid", "--allow-errors"])
        .args(extra)
        .output()
        .expect("runs");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).expect("utf-8")
}

/// The node line of claim `mermaid_id`.
fn node<'a>(mermaid: &'a str, mermaid_id: &str) -> &'a str {
    let start = format!("  {mermaid_id}(\"");
    mermaid
        .lines()
        .find(|l| l.starts_with(&start))
        .unwrap_or_else(|| panic!("no node {mermaid_id} in\n{mermaid}"))
}

#[test]
fn mermaid_of_hostile_texts() {
    insta::assert_snapshot!(hostile(&["--evidence", "show", "--group-by", "tag"]));
}

#[test]
fn mermaid_label_keeps_init_directive_text() {
    let out = hostile(&["--evidence", "show"]);
    // Mermaid cuts `%%{…}%%` from anywhere (and applies it as configuration), and an unclosed one
    // up to the next `}%%`: no `%` may reach it.
    assert!(!out.contains('%'), "{out}");
    assert!(
        node(&out, "claim__end").starts_with(
            "  claim__end(\"#37;#37;{init: {'theme'#58;'dark'}}#37;#37;<br/>a claim that"
        ),
        "{out}"
    );
    assert!(node(&out, "claim__style").contains("unclosed<br/>#37;#37;{init: "));
}

#[test]
fn mermaid_entity_text_stays_literal_when_wrapping_removes_spaces() {
    let out = hostile(&[]);
    // `style:` ends a wrapped line, so `<br/>` (no space) joins it to `#gt;`: mermaid's
    // `style.*:\S*#.*;` then dropped the line's last `;`. No label line may hold `:` then a
    // non-space; only the classDef and linkStyle lines, which have no `;`, have `:` at all.
    assert!(node(&out, "claim__graph").contains("house style#58;<br/>#35;gt; means #gt; here"));
    for line in out.lines() {
        let statement = line.trim_start();
        if statement.starts_with("classDef ") || statement.starts_with("linkStyle ") {
            assert!(!line.contains(';'), "{line}");
            continue;
        }
        let bad = line
            .char_indices()
            .any(|(i, c)| c == ':' && !line[i + 1..].starts_with(' '));
        assert!(!bad, "a `:` before a non-space in {line}");
    }
}

#[test]
fn mermaid_hash_entity_text_in_a_claim_is_escaped() {
    let out = hostile(&[]);
    // Literal `#35;` and `#gt;` are text, not entity codes.
    assert!(node(&out, "claim__graph").contains("#35;35; is a"), "{out}");
    assert!(node(&out, "claim__subgraph").starts_with("  claim__subgraph(\"A classDef#58;#35;lt;"));
}

#[test]
fn mermaid_backslash_n_in_a_claim_is_not_a_line_break() {
    let out = hostile(&[]);
    assert!(
        node(&out, "claim__o")
            .contains("C#58;\\<span></span>new\\path and #quot;a\\<span></span>nb"),
        "{out}"
    );
}

#[test]
fn mermaid_placeholder_text_in_a_claim_is_not_decoded() {
    let out = hostile(&[]);
    // Mermaid keeps entity codes as `ﬂ°…¶ß` while it renders and decodes every such sequence.
    assert!(
        node(&out, "claim__end__x").contains(
            "ﬂ<span></span>°°60¶<span></span>ß and<br/>ﬂ<span></span>°amp¶<span></span>ß"
        ),
        "{out}"
    );
}

#[test]
fn mermaid_ids_that_are_keywords_or_have_dashes_or_dots_are_prefixed_and_escaped() {
    let out = hostile(&[]);
    for id in [
        "claim__end",
        "claim__graph",
        "claim__subgraph",
        "claim__style",
        "claim__classdef",
        "claim__click",
        "claim__end__x",
        "claim__direction",
        "claim__o",
        "claim__x",
        "claim__class_2ev2",
        "claim__link_53tyle",
    ] {
        node(&out, id);
    }
    assert!(out.contains("  claim__o -.-x claim__x\n"), "{out}");
}

/// A map in `dir` of `n` claims in a chain, each supporting the next two: 2n-3 edges.
fn chain(dir: &Path, n: usize) -> PathBuf {
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).expect("mkdir");
    let mut text = String::new();
    let mut map = String::from("claims:\n");
    for i in 1..=n {
        text.push_str(&format!("Passage number {i} of the made-up corpus.\n"));
        let next: Vec<String> = (i + 1..=(i + 2).min(n)).map(|j| format!("c{j}")).collect();
        map.push_str(&format!(
            "  - id: c{i}\n    text: Claim {i} of a big map.\n    evidence:\n      - source: p\n        quote: Passage number {i} of\n    supports: [{}]\n",
            next.join(", ")
        ));
    }
    std::fs::write(corpus.join("p.txt"), text).expect("write corpus");
    let path = dir.join("claims.yaml");
    std::fs::write(&path, map).expect("write map");
    path
}

#[test]
fn mermaid_over_the_edge_limit_warns_and_points_at_focus_and_tag() {
    let dir = tempfile::tempdir().expect("tempdir");
    let map = chain(dir.path(), 260);
    let out = dir.path().join("map.mmd");
    let output = claimgraph()
        .arg("render")
        .arg(&map)
        .args(["--format", "mermaid", "-o"])
        .arg(&out)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("warning: mermaid will not draw this flowchart: 517 edges, over its limit of 500 (it refuses the whole diagram"),
        "{stderr}"
    );
    assert!(stderr.contains("over its limit of 50000"), "{stderr}");
    assert!(
        stderr.contains("\n  help: draw part of the map (`claimgraph render --format mermaid --focus ID --depth N`, or `--tag TAG`)"),
        "{stderr}"
    );
    assert_eq!(stderr.matches("warning:").count(), 1, "{stderr}");
    let written = std::fs::read_to_string(&out).expect("the file is still written");
    assert_eq!(written.matches(" --> ").count(), 517);
}

#[test]
fn mermaid_under_the_edge_limit_warns_only_about_the_text_size() {
    let dir = tempfile::tempdir().expect("tempdir");
    // 251 claims: 499 edges, but about 61,000 characters (mermaid's text limit comes first).
    let map = chain(dir.path(), 251);
    let output = claimgraph()
        .arg("render")
        .arg(&map)
        .args(["--format", "mermaid"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert_eq!(stdout.matches(" --> ").count(), 499);
    let size = stdout.encode_utf16().count();
    assert!(
        stderr.contains(&format!(
            "warning: mermaid will not draw this flowchart: {size} characters, over its limit of 50000"
        )),
        "{stderr}"
    );
    assert!(!stderr.contains("edges, over"), "{stderr}");
}

#[test]
fn mermaid_of_a_small_map_has_no_warning() {
    let output = claimgraph()
        .arg("render")
        .arg(fixture("render-basic"))
        .args(["--format", "mermaid"])
        .output()
        .expect("runs");
    assert!(output.status.success());
    assert_eq!(String::from_utf8_lossy(&output.stderr), "");
}

#[test]
fn build_warns_when_map_mmd_is_over_mermaid_limits() {
    let dir = tempfile::tempdir().expect("tempdir");
    let map = chain(dir.path(), 260);
    let output = claimgraph()
        .args(["build", "--engine", "builtin"])
        .arg(&map)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("mermaid will not draw this flowchart: 517 edges"),
        "{stderr}"
    );
    assert!(dir.path().join("out/map.mmd").exists());
}
