//! Integration tests: render (DOT snapshots, refusing invalid maps, selection, and the geometry
//! of the SVG from both engines).

use crate::support::{claimgraph, fixture, have_dot};

fn render(args: &[&str]) -> String {
    let output = claimgraph()
        .arg("render")
        .args(args)
        .output()
        .expect("runs");
    assert!(
        output.status.success(),
        "render {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8 output")
}

fn path(case: &str) -> String {
    fixture(case).display().to_string()
}

#[test]
fn dot_of_the_basic_fixture() {
    insta::assert_snapshot!(render(&[&path("render-basic"), "--format", "dot"]));
}

#[test]
fn dot_of_hostile_texts_with_evidence_notes() {
    insta::assert_snapshot!(render(&[
        &path("render-hostile"),
        "--format",
        "dot",
        "--evidence",
        "show",
        "--group-by",
        "tag"
    ]));
}

#[test]
fn dot_of_a_map_with_errors_marks_the_claim() {
    let dot = render(&[&path("render-errors"), "--format", "dot", "--allow-errors"]);
    assert!(dot.contains("class=\"claim error\""), "{dot}");
    assert!(dot.contains("uncited-claim"), "{dot}");
    insta::assert_snapshot!(dot);
}

#[test]
fn mermaid_of_the_basic_fixture() {
    insta::assert_snapshot!(render(&[&path("render-basic"), "--format", "mermaid"]));
}

#[test]
fn dot_is_the_same_bytes_every_time() {
    let args = [path("render-hostile"), "--format".into(), "dot".into()];
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    assert_eq!(render(&args), render(&args));
}

#[test]
fn render_refuses_a_map_that_fails_check_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("map.dot");
    let output = claimgraph()
        .args(["render", &path("render-errors"), "--format", "dot", "-o"])
        .arg(&out)
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("error[uncited-claim]") || stderr.contains("uncited-claim"),
        "{stderr}"
    );
    assert!(stderr.contains("--allow-errors"), "{stderr}");
    assert!(!out.exists());
}

#[test]
fn focus_draws_the_neighbourhood_only() {
    let dot = render(&[
        &path("render-basic"),
        "--format",
        "dot",
        "--focus",
        "footfall-up",
    ]);
    assert!(dot.contains("\"claim-footfall-up\""));
    assert!(dot.contains("\"claim-loyal-customers\""));
    assert!(dot.contains("\"claim-keep-lanes\""));
    assert!(!dot.contains("\"claim-buses-slower\""), "{dot}");
}

#[test]
fn unknown_focus_suggests_the_closest_id() {
    let output = claimgraph()
        .args(["render", &path("render-basic"), "--focus", "footfal-up"])
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("did you mean `footfall-up`"), "{stderr}");
}

#[test]
fn tag_filter_keeps_matching_claims_and_their_edges() {
    let dot = render(&[
        &path("render-basic"),
        "--format",
        "dot",
        "--tag",
        "economy",
        "--no-legend",
    ]);
    assert!(dot.contains("edge-footfall-up-contradicts-shops-suffer"));
    assert!(!dot.contains("claim-keep-lanes"), "{dot}");
    assert!(!dot.contains("legend"), "{dot}");
}

#[test]
fn json_has_claims_sources_edges_and_anchors() {
    let json = render(&[&path("render-basic"), "--format", "json"]);
    let value: serde_json::Value = serde_json::from_str(&json).expect("valid json");
    assert_eq!(value["version"], 1);
    assert_eq!(value["claims"].as_array().map(Vec::len), Some(9));
    assert_eq!(value["edges"].as_array().map(Vec::len), Some(9));
    assert_eq!(value["claims"][0]["id"], "keep-lanes");
    assert!(
        value["claims"][0]["evidence"][0]["anchor"]["line"]
            .as_u64()
            .is_some()
    );
    assert_eq!(
        value["edges"][0]["id"],
        "edge-more-cycling-supports-keep-lanes"
    );
}

// ---- SVG geometry: a small reader for the SVG both engines write. ----

#[derive(Debug, Default, Clone, Copy)]
struct BBox {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl BBox {
    fn empty() -> Self {
        BBox {
            x0: f64::INFINITY,
            y0: f64::INFINITY,
            x1: f64::NEG_INFINITY,
            y1: f64::NEG_INFINITY,
        }
    }
    fn add(&mut self, (x, y): (f64, f64)) {
        self.x0 = self.x0.min(x);
        self.y0 = self.y0.min(y);
        self.x1 = self.x1.max(x);
        self.y1 = self.y1.max(y);
    }
    fn strictly_inside(&self, (x, y): (f64, f64), margin: f64) -> bool {
        x > self.x0 + margin && x < self.x1 - margin && y > self.y0 + margin && y < self.y1 - margin
    }
    fn overlaps(&self, other: &BBox) -> bool {
        self.x0 < other.x1 - 0.5
            && other.x0 < self.x1 - 0.5
            && self.y0 < other.y1 - 0.5
            && other.y0 < self.y1 - 0.5
    }
}

#[derive(Debug)]
struct Group {
    id: String,
    class: String,
    body: String,
}

fn decode(text: &str) -> String {
    text.replace("&#45;", "-")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let end = tag[start..].find('"')? + start;
    Some(decode(&tag[start..end]))
}

/// Top-level `<g id=… class=…>` groups of nodes and edges (Graphviz and builtin alike).
fn groups(svg: &str) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    let mut rest = svg;
    while let Some(i) = rest.find("<g id=\"") {
        let tag_end = rest[i..].find('>').map_or(rest.len(), |e| i + e);
        let tag = &rest[i..tag_end];
        let body_end = rest[tag_end..]
            .find("\n<g id=\"")
            .map_or(rest.len(), |e| tag_end + e);
        let body = &rest[tag_end..body_end];
        match (attribute(tag, "id"), attribute(tag, "class")) {
            // Graphviz wraps tooltips in an inner `<g id="a_…">`: part of the outer group.
            (Some(id), _) if id.starts_with("a_") => {
                if let Some(last) = out.last_mut() {
                    last.body.push_str(body);
                }
            }
            (Some(id), Some(class)) => out.push(Group {
                id,
                class,
                body: body.to_string(),
            }),
            _ => {}
        }
        rest = &rest[tag_end..];
    }
    out
}

/// Numbers in a path's `d` / `points`, as absolute points (M, L, C, H, V, Z).
fn path_points(d: &str) -> Vec<Vec<(f64, f64)>> {
    let mut tokens: Vec<String> = Vec::new();
    let mut current = String::new();
    for c in d.chars() {
        if c.is_ascii_alphabetic() {
            if !current.is_empty() {
                tokens.push(std::mem::take(&mut current));
            }
            tokens.push(c.to_string());
        } else if c == ',' || c.is_whitespace() {
            if !current.is_empty() {
                tokens.push(std::mem::take(&mut current));
            }
        } else if c == '-' && !current.is_empty() && !current.ends_with('e') {
            tokens.push(std::mem::take(&mut current));
            current.push(c);
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        tokens.push(current);
    }
    // Segments: each is a list of points (start, then controls and end of one curve or line).
    let mut segments = Vec::new();
    let mut command = 'M';
    let mut at = (0.0, 0.0);
    let mut numbers: Vec<f64> = Vec::new();
    let flush = |command: char,
                 numbers: &mut Vec<f64>,
                 at: &mut (f64, f64),
                 segments: &mut Vec<Vec<(f64, f64)>>| {
        let n = std::mem::take(numbers);
        match command {
            'M' | 'L' => {
                for p in n.chunks(2).filter(|p| p.len() == 2) {
                    if command == 'L' {
                        segments.push(vec![*at, (p[0], p[1])]);
                    }
                    *at = (p[0], p[1]);
                }
            }
            'C' => {
                for p in n.chunks(6).filter(|p| p.len() == 6) {
                    segments.push(vec![*at, (p[0], p[1]), (p[2], p[3]), (p[4], p[5])]);
                    *at = (p[4], p[5]);
                }
            }
            'H' => {
                for &x in &n {
                    segments.push(vec![*at, (x, at.1)]);
                    at.0 = x;
                }
            }
            'V' => {
                for &y in &n {
                    segments.push(vec![*at, (at.0, y)]);
                    at.1 = y;
                }
            }
            _ => {}
        }
    };
    for token in tokens {
        if let Ok(n) = token.parse::<f64>() {
            numbers.push(n);
        } else if let Some(c) = token.chars().next() {
            flush(command, &mut numbers, &mut at, &mut segments);
            command = c;
        }
    }
    flush(command, &mut numbers, &mut at, &mut segments);
    segments
}

fn sample(segment: &[(f64, f64)], t: f64) -> (f64, f64) {
    match segment {
        [a, b] => (a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t),
        [a, b, c, d] => {
            let u = 1.0 - t;
            let f = |a: f64, b: f64, c: f64, d: f64| {
                u * u * u * a + 3.0 * u * u * t * b + 3.0 * u * t * t * c + t * t * t * d
            };
            (f(a.0, b.0, c.0, d.0), f(a.1, b.1, c.1, d.1))
        }
        _ => (0.0, 0.0),
    }
}

fn shapes(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    for element in ["<path ", "<polygon ", "<rect "] {
        let mut rest = body;
        while let Some(i) = rest.find(element) {
            let end = rest[i..].find('>').map_or(rest.len(), |e| i + e);
            out.push(rest[i..end].to_string());
            rest = &rest[end..];
        }
    }
    out
}

fn shape_box(body: &str) -> BBox {
    let mut bbox = BBox::empty();
    for shape in shapes(body) {
        if let Some(d) = attribute(&shape, "d") {
            path_points(&d).iter().flatten().for_each(|&p| bbox.add(p));
        } else if let Some(points) = attribute(&shape, "points") {
            path_points(&format!("M{points}"))
                .iter()
                .flatten()
                .for_each(|&p| bbox.add(p));
            for pair in points.split_whitespace() {
                let mut it = pair.split(',').filter_map(|n| n.parse::<f64>().ok());
                if let (Some(x), Some(y)) = (it.next(), it.next()) {
                    bbox.add((x, y));
                }
            }
        } else if let (Some(x), Some(y), Some(w), Some(h)) = (
            attribute(&shape, "x").and_then(|v| v.parse::<f64>().ok()),
            attribute(&shape, "y").and_then(|v| v.parse::<f64>().ok()),
            attribute(&shape, "width").and_then(|v| v.parse::<f64>().ok()),
            attribute(&shape, "height").and_then(|v| v.parse::<f64>().ok()),
        ) {
            bbox.add((x, y));
            bbox.add((x + w, y + h));
        }
    }
    bbox
}

fn texts(body: &str) -> Vec<((f64, f64), f64, String)> {
    let mut out = Vec::new();
    let mut rest = body;
    while let Some(i) = rest.find("<text ") {
        let tag_end = rest[i..].find('>').map_or(rest.len(), |e| i + e);
        let close = rest[tag_end..]
            .find("</text>")
            .map_or(rest.len(), |e| tag_end + e);
        let tag = &rest[i..tag_end];
        let x = attribute(tag, "x")
            .and_then(|v| v.parse().ok())
            .unwrap_or(f64::NAN);
        let y = attribute(tag, "y")
            .and_then(|v| v.parse().ok())
            .unwrap_or(f64::NAN);
        let size = attribute(tag, "font-size")
            .and_then(|v| v.parse().ok())
            .unwrap_or(14.0);
        out.push(((x, y), size, decode(&rest[tag_end + 1..close])));
        rest = &rest[close..];
    }
    out
}

/// Checks that claim and evidence boxes do not overlap, that no edge runs through a box, and
/// that every text line sits inside its box (and, for `estimate`, is no wider than it).
fn check_geometry(svg: &str, estimate: bool) {
    let groups = groups(svg);
    let nodes: Vec<(&Group, BBox)> = groups
        .iter()
        .filter(|g| g.id.starts_with("claim-") || g.id.starts_with("evidence-"))
        .map(|g| (g, shape_box(&g.body)))
        .collect();
    assert!(!nodes.is_empty(), "no nodes found in\n{svg}");
    for (node, _) in &nodes {
        let kind = if node.id.starts_with("claim-") {
            "claim"
        } else {
            "evidence"
        };
        assert!(
            node.class.split(' ').any(|c| c == kind),
            "{} has class {}",
            node.id,
            node.class
        );
    }
    for (i, (a, box_a)) in nodes.iter().enumerate() {
        for (b, box_b) in &nodes[i + 1..] {
            assert!(!box_a.overlaps(box_b), "{} overlaps {}", a.id, b.id);
        }
        for ((x, y), size, line) in texts(&a.body) {
            assert!(
                box_a.strictly_inside((x, y), 0.0),
                "text {line:?} at ({x}, {y}) outside {} {box_a:?}",
                a.id
            );
            if estimate {
                // Centred text: half an average glyph width (0.55 em) per character each side.
                let width = line.chars().count() as f64 * size * 0.55 / 2.0;
                assert!(
                    x - width >= box_a.x0 && x + width <= box_a.x1,
                    "{line:?} wider than {}",
                    a.id
                );
            }
        }
    }
    let edges = groups.iter().filter(|g| g.id.starts_with("edge-"));
    let mut checked = 0;
    for edge in edges {
        for shape in shapes(&edge.body)
            .iter()
            .filter(|s| s.starts_with("<path "))
        {
            let Some(d) = attribute(shape, "d") else {
                continue;
            };
            for segment in path_points(&d) {
                for step in 0..=24 {
                    let p = sample(&segment, step as f64 / 24.0);
                    for (node, bbox) in &nodes {
                        assert!(
                            !bbox.strictly_inside(p, 2.0),
                            "edge {} runs through {} at {p:?}",
                            edge.id,
                            node.id
                        );
                    }
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 0, "no edges found");
}

fn svg(case: &str, engine: &str, extra: &[&str]) -> String {
    let mut args = vec![
        path(case),
        "--format".into(),
        "svg".into(),
        "--engine".into(),
        engine.into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    render(&args)
}

#[test]
fn builtin_svg_boxes_do_not_overlap_edges_avoid_boxes_text_fits() {
    for rankdir in ["BT", "TB", "LR", "RL"] {
        check_geometry(
            &svg("render-basic", "builtin", &["--rankdir", rankdir]),
            true,
        );
    }
    check_geometry(
        &svg("render-hostile", "builtin", &["--evidence", "show"]),
        true,
    );
    check_geometry(
        &svg("render-basic", "builtin", &["--evidence", "show"]),
        true,
    );
}

#[test]
fn graphviz_svg_boxes_do_not_overlap_edges_avoid_boxes_text_fits() {
    if !have_dot("graphviz_svg_boxes_do_not_overlap_edges_avoid_boxes_text_fits") {
        return;
    }
    for rankdir in ["BT", "LR"] {
        check_geometry(
            &svg("render-basic", "graphviz", &["--rankdir", rankdir]),
            false,
        );
    }
    check_geometry(
        &svg("render-hostile", "graphviz", &["--evidence", "show"]),
        false,
    );
}

#[test]
fn both_engines_give_the_same_element_ids() {
    let builtin = svg("render-basic", "builtin", &[]);
    let ids = |svg: &str| {
        let mut ids: Vec<String> = groups(svg)
            .into_iter()
            .map(|g| g.id)
            .filter(|id| id.starts_with("claim-") || id.starts_with("edge-"))
            .collect();
        ids.sort();
        ids
    };
    assert!(ids(&builtin).contains(&"edge-footfall-up-contradicts-shops-suffer".to_string()));
    if have_dot("both_engines_give_the_same_element_ids") {
        assert_eq!(ids(&builtin), ids(&svg("render-basic", "graphviz", &[])));
    }
}

#[test]
fn html_embeds_the_diagram() {
    let html = render(&[
        &path("render-basic"),
        "--format",
        "html",
        "--engine",
        "builtin",
    ]);
    assert!(html.starts_with("<!doctype html>"));
    assert!(html.contains("claim-keep-lanes"));
}

/// The text of an SVG attribute or element as a reader sees it (the entities Graphviz writes).
fn svg_text(s: &str) -> String {
    s.replace("&#45;", "-")
        .replace("&#10;", "\n")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[test]
fn graphviz_shows_backslash_escapes_and_entities_in_labels_and_tooltips_as_written() {
    // `\N`, `\G` and `\L` in a claim became Graphviz's node name, graph name and label markup,
    // and tooltips decoded `&#x3C;` into `<`; a 21 KB claim text made `dot` refuse the file.
    if !have_dot("graphviz_shows_backslash_escapes_and_entities_in_labels_and_tooltips_as_written")
    {
        return;
    }
    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::create_dir(dir.path().join("corpus")).expect("mkdir");
    std::fs::write(dir.path().join("corpus/s.txt"), "One passage here.\n").expect("write");
    let hostile = r#"Node \N graph \G left \L and &#x3C;script&#x3E; "q" end"#;
    let long = "word ".repeat(4_300);
    let map = format!(
        "claims:\n  - id: a\n    text: '{hostile}'\n    evidence:\n      - source: s\n        quote: One passage\n    supports: [b]\n  - id: b\n    text: {long}\n    evidence:\n      - source: s\n        quote: here\n"
    );
    std::fs::write(dir.path().join("claims.yaml"), map).expect("write");
    let output = claimgraph()
        .args([
            "render",
            "-f",
            "svg",
            "--engine",
            "graphviz",
            "--allow-errors",
        ])
        .arg(dir.path().join("claims.yaml"))
        .output()
        .expect("claimgraph runs");
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let svg = String::from_utf8_lossy(&output.stdout);
    let at = svg.find("id=\"a_claim&#45;a\"").expect("claim a is drawn");
    let title = &svg[at..];
    let title = &title[title.find("xlink:title=\"").expect("a tooltip") + 13..];
    let title = svg_text(&title[..title.find('"').expect("its end")]);
    assert_eq!(title, hostile);
    let label: Vec<String> = svg[at..]
        .split("</g>")
        .next()
        .unwrap_or_default()
        .split("<text")
        .skip(1)
        .filter_map(|t| Some(svg_text(t.split_once('>')?.1.split_once("</text>")?.0)))
        .collect();
    assert_eq!(label[..2].join(" "), hostile, "{label:?}");
}

#[test]
fn render_help_examples_name_claims_and_tags_of_the_repositorys_map() {
    // `render --help` used `--focus aid-fails`, which the repository's map lacks, and the
    // unknown-focus hint said "`claimgraph check` lists the claims" (it does not).
    let output = claimgraph()
        .args(["render", "--help"])
        .output()
        .expect("runs");
    let help = String::from_utf8_lossy(&output.stdout).into_owned();
    for line in help
        .lines()
        .filter(|l| l.trim_start().starts_with("claimgraph render"))
    {
        let words: Vec<&str> = line.split_whitespace().collect();
        for (flag, value) in words.iter().zip(words.iter().skip(1)) {
            if *flag == "--focus" || *flag == "--tag" {
                let ok = claimgraph()
                    .args(["render", "--format", "json", *flag, value, "claims.yaml"])
                    .output()
                    .expect("runs");
                assert_eq!(
                    ok.status.code(),
                    Some(0),
                    "{line}: {}",
                    String::from_utf8_lossy(&ok.stderr)
                );
            }
        }
    }
    let output = claimgraph()
        .args(["render", "--focus", "zzzz-nothing-like-it", "claims.yaml"])
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        !stderr.contains("`claimgraph check` lists the claims"),
        "{stderr}"
    );
}

#[test]
fn both_engines_legends_use_the_same_words() {
    // Graphviz's legend said "reason for" / "objection to" where the builtin one said
    // "supports" / "contradicts": one visual language, one set of words.
    let builtin = svg("render-basic", "builtin", &[]);
    let dot = render(&[&path("render-basic"), "--format", "dot"]);
    for word in ["supports", "contradicts"] {
        assert!(
            builtin.contains(&format!(">{word}</text>")),
            "builtin: {word}"
        );
        assert!(dot.contains(&format!("label=\"{word}\"")), "dot: {word}");
    }
    assert!(builtin.contains(">contested: reasons for and against</text>"));
    assert!(dot.contains("label=\"contested: reasons\\nfor and against\""));
    for old in ["reason for", "objection to", "has reasons"] {
        assert!(!dot.contains(old), "dot still says {old:?}");
    }
}
