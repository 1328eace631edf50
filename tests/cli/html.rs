//! The HTML view without a browser: hostile text never becomes markup, the page allows only its
//! own script and stylesheet, needs nothing from the network, and carries the map's data.
//! (The browser tests in `tests/e2e/` check that it actually works.)
//!
//! Until `render` draws diagrams these tests draw their own: a small SVG written here with the
//! id conventions both engines follow, or Graphviz on a DOT written here for the browser pages.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use claimgraph::model::Map;
use claimgraph::render::html::{PageOptions, page};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::support::{fixture, have_dot, root};

/// The fixture's map and findings.
fn checked(case: &str) -> (Map, Vec<claimgraph::diagnostic::Diagnostic>) {
    let checked = claimgraph::check(&fixture(case)).expect("the fixture loads");
    (
        checked.map.expect("the fixture is a map"),
        checked.diagnostics,
    )
}

fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// An SVG laid out by hand, shaped like the builtin engine's (classes without Graphviz's
/// `node` prefix), so the page is tested without Graphviz.
fn hand_svg(map: &Map) -> String {
    let mut svg = String::from(r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400">"#);
    for (i, claim) in map.claims.iter().enumerate() {
        let y = 10 + i * 60;
        let id = xml(&claim.id.value);
        let _ = write!(
            svg,
            r#"<g id="claim-{id}" class="claim"><title>{id}</title><rect x="10" y="{y}" width="200" height="40" fill="white" stroke="black"/><text x="20" y="{}">{}</text></g>"#,
            y + 25,
            xml(&claim.text.value)
        );
        for (n, evidence) in claim.evidence.iter().enumerate() {
            let _ = write!(
                svg,
                r#"<g id="evidence-{id}-{n}" class="evidence {}"><rect x="{}" y="{y}" width="30" height="20"/></g>"#,
                evidence.stance.as_str(),
                240 + n * 40
            );
        }
    }
    for edge in map.edges() {
        let _ = write!(
            svg,
            r#"<g id="edge-{}-{}-{}" class="edge {}"><path d="M0,0L1,1" stroke="black"/></g>"#,
            xml(edge.from),
            edge.kind.as_str(),
            xml(&edge.to.value),
            edge.kind.as_str()
        );
    }
    svg.push_str("</svg>");
    svg
}

/// DOT quoting: backslashes and double quotes escaped.
fn dot_quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// Words folded into lines of about `width` characters, joined by DOT's `\n`.
fn wrap(text: &str, width: usize) -> String {
    let mut lines: Vec<String> = vec![String::new()];
    for word in text.split_whitespace() {
        let line = lines.last_mut().expect("one line at least");
        if !line.is_empty() && line.chars().count() + word.chars().count() > width {
            lines.push(word.to_string());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines.join("\n")
}

/// A DOT with the id conventions of the `render` engines, for Graphviz.
fn dot(map: &Map) -> String {
    let mut dot = String::from(
        "digraph map {\n  rankdir=BT; nodesep=0.35; ranksep=0.6;\n  node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", color=\"#51606e\", fontname=\"Helvetica\", fontsize=11, margin=\"0.15,0.08\"];\n  edge [color=\"#51606e\", arrowsize=0.7];\n",
    );
    for claim in &map.claims {
        let id = &claim.id.value;
        let _ = writeln!(
            dot,
            "  {} [id={}, class=\"claim\", label={}];",
            dot_quote(&format!("c:{id}")),
            dot_quote(&format!("claim-{id}")),
            dot_quote(&wrap(&claim.text.value, 30)).replace('\n', "\\n")
        );
        for (n, evidence) in claim.evidence.iter().enumerate() {
            let (fill, colour) = match evidence.stance.as_str() {
                "supports" => ("#e7f4ea", "#2a7a3b"),
                _ => ("#fbe9e7", "#b3261e"),
            };
            let node = dot_quote(&format!("e:{id}:{n}"));
            let label = match evidence.anchor.found() {
                Some(anchor) => format!("{} l.{}", evidence.source.value, anchor.line),
                None => evidence.source.value.clone(),
            };
            let _ = writeln!(
                dot,
                "  {node} [id={}, class={}, shape=note, style=filled, fillcolor=\"{fill}\", color=\"{colour}\", fontsize=9, label={}];\n  {node} -> {} [color=\"{colour}\", style=dotted, arrowhead=none];",
                dot_quote(&format!("evidence-{id}-{n}")),
                dot_quote(&format!("evidence {}", evidence.stance.as_str())),
                dot_quote(&label),
                dot_quote(&format!("c:{id}")),
            );
        }
    }
    for edge in map.edges() {
        let colour = if edge.kind.as_str() == "supports" {
            "#2a7a3b"
        } else {
            "#b3261e"
        };
        let style = if edge.kind.as_str() == "supports" {
            "solid"
        } else {
            "dashed"
        };
        let _ = writeln!(
            dot,
            "  {} -> {} [id={}, class={}, color=\"{colour}\", style={style}, penwidth=1.6];",
            dot_quote(&format!("c:{}", edge.from)),
            dot_quote(&format!("c:{}", edge.to.value)),
            dot_quote(&format!(
                "edge-{}-{}-{}",
                edge.from,
                edge.kind.as_str(),
                edge.to.value
            )),
            dot_quote(edge.kind.as_str()),
        );
    }
    dot.push_str("}\n");
    dot
}

fn graphviz_svg(map: &Map) -> String {
    use std::io::Write as _;
    let mut child = std::process::Command::new("dot")
        .arg("-Tsvg")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("dot runs");
    child
        .stdin
        .take()
        .expect("dot's stdin")
        .write_all(dot(map).as_bytes())
        .expect("dot reads the graph");
    let output = child.wait_with_output().expect("dot finishes");
    assert!(output.status.success(), "dot failed");
    String::from_utf8(output.stdout).expect("dot writes UTF-8")
}

fn hand_page(case: &str) -> String {
    let (map, diagnostics) = checked(case);
    page(&map, &diagnostics, &hand_svg(&map), &PageOptions::default())
}

/// The text between `open` and the next `close` after it.
fn between<'a>(text: &'a str, open: &str, close: &str) -> &'a str {
    let start = text
        .find(open)
        .map(|i| i + open.len())
        .expect("the opening marker");
    let end = text[start..].find(close).expect("the closing marker");
    &text[start..start + end]
}

fn data(page: &str) -> Value {
    let json = between(
        page,
        r#"<script type="application/json" id="cg-data">"#,
        "</script>",
    );
    serde_json::from_str(json).expect("the page data is JSON")
}

/// The markup of the page with the contents of its two script elements cut out.
fn markup(page: &str) -> String {
    let mut out = String::new();
    let mut rest = page;
    while let Some(start) = rest.find("<script") {
        let open_end = start + rest[start..].find('>').expect("the script tag ends");
        out.push_str(&rest[..=open_end]);
        let close = open_end
            + rest[open_end..]
                .find("</script>")
                .expect("the script element ends");
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

/// Every start tag of the markup as (name, attribute text).
fn tags(markup: &str) -> Vec<(String, String)> {
    markup
        .split('<')
        .skip(1)
        .filter(|t| t.starts_with(|c: char| c.is_ascii_alphabetic()))
        .map(|t| {
            let t = &t[..t.find('>').unwrap_or(t.len())];
            let name_end = t
                .find(|c: char| c.is_whitespace() || c == '/')
                .unwrap_or(t.len());
            (
                t[..name_end].to_ascii_lowercase(),
                t[name_end..].to_string(),
            )
        })
        .collect()
}

/// The (lowercase name, value) pairs of a start tag's attribute text, read the way an HTML
/// parser reads them (quoted or bare values).
fn attribute_list(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut chars = text.chars().peekable();
    loop {
        while chars.next_if(|c| c.is_whitespace() || *c == '/').is_some() {}
        let mut name = String::new();
        while let Some(c) = chars.next_if(|c| !c.is_whitespace() && *c != '=' && *c != '/') {
            name.push(c.to_ascii_lowercase());
        }
        if name.is_empty() {
            return out;
        }
        while chars.next_if(|c| c.is_whitespace()).is_some() {}
        let mut value = String::new();
        if chars.next_if_eq(&'=').is_some() {
            while chars.next_if(|c| c.is_whitespace()).is_some() {}
            match chars.next_if(|c| *c == '"' || *c == '\'') {
                Some(quote) => value.extend(chars.by_ref().take_while(|c| *c != quote)),
                None => {
                    while let Some(c) = chars.next_if(|c| !c.is_whitespace()) {
                        value.push(c);
                    }
                }
            }
        }
        out.push((name, value));
    }
}

#[test]
fn hostile_text_never_becomes_markup() {
    let page = hand_page("html-hostile");
    let markup = markup(&page);
    let names: Vec<String> = tags(&markup).into_iter().map(|(name, _)| name).collect();
    assert_eq!(
        names.iter().filter(|n| *n == "script").count(),
        2,
        "{names:?}"
    );
    for bad in [
        "img",
        "b",
        "iframe",
        "object",
        "embed",
        "foreignobject",
        "link",
    ] {
        assert!(
            !names.iter().any(|n| n == bad),
            "a <{bad}> element made it into the page"
        );
    }
    assert_eq!(names.iter().filter(|n| *n == "svg").count(), 1, "{names:?}");
    for (name, attributes) in tags(&markup) {
        for (key, value) in attribute_list(&attributes) {
            assert!(
                !key.starts_with("on"),
                "<{name}{attributes}> has an event handler"
            );
            assert!(
                !value.to_ascii_lowercase().contains("javascript:"),
                "<{name}{attributes}>"
            );
        }
    }
    assert!(page.contains("<title>Hostile &lt;/title&gt;&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; map</title>"));
    // The only `</script>` are the ends of the two script elements.
    assert_eq!(page.matches("</script>").count(), 2);
    assert!(!page.contains('\u{2028}') && !page.contains('\u{2029}'));
}

#[test]
fn hostile_text_survives_as_text_in_the_data() {
    let page = hand_page("html-hostile");
    let data = data(&page);
    let claim = &data["claims"][0];
    assert_eq!(
        claim["text"],
        "Tom's \"best\" & worst </script><script>alert('claim')</script>"
    );
    assert_eq!(
        claim["evidence"][0]["quote"],
        "</script><script>alert(1)</script>"
    );
    // Anchored is the usual status, left out; so is a passage that is the quote itself (the
    // script shows the quote then).
    assert_eq!(claim["evidence"][0]["status"], serde_json::Value::Null);
    assert_eq!(claim["evidence"][0]["line"], 1);
    assert_eq!(
        claim["evidence"][0]["context"]["passage"],
        serde_json::Value::Null
    );
    assert_eq!(data["sources"][0]["url"], "javascript:alert('url')");
}

#[test]
fn content_security_policy_allows_only_the_page_script_and_style_by_hash() {
    let page = hand_page("html-basic");
    let csp = between(
        &page,
        r#"<meta http-equiv="Content-Security-Policy" content=""#,
        "\"",
    );
    let hash = |text: &str| {
        let digest = Sha256::digest(text.as_bytes());
        let (mut hex, mut b64) = (String::new(), String::new());
        for byte in digest {
            let _ = write!(hex, "{byte:02x}");
        }
        // base64 by hand: the test must not trust the page's own encoder.
        let alphabet = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for chunk in digest.chunks(3) {
            let n = chunk
                .iter()
                .enumerate()
                .fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
            for i in 0..4 {
                b64.push(if i <= chunk.len() {
                    alphabet[(n >> (18 - 6 * i) & 63) as usize] as char
                } else {
                    '='
                });
            }
        }
        b64
    };
    let script = between(&page, "<script>", "</script>");
    let style = between(&page, "<style>", "</style>");
    assert!(csp.starts_with("default-src 'none'; "), "{csp}");
    assert!(
        csp.contains(&format!("script-src 'sha256-{}'", hash(script))),
        "{csp}"
    );
    assert!(
        csp.contains(&format!("style-src 'sha256-{}'", hash(style))),
        "{csp}"
    );
    assert!(!csp.contains("unsafe"), "{csp}");
    // The policy must come before the first thing it governs.
    assert!(page.find("Content-Security-Policy") < page.find("<style>"));
}

#[test]
fn page_needs_nothing_from_the_network() {
    for case in ["html-basic", "html-hostile"] {
        let page = hand_page(case);
        for (name, attributes) in tags(&markup(&page)) {
            for (key, value) in attribute_list(&attributes) {
                if [
                    "src",
                    "href",
                    "xlink:href",
                    "action",
                    "data",
                    "poster",
                    "srcset",
                ]
                .contains(&key.as_str())
                {
                    assert!(
                        value.starts_with('#'),
                        "{case}: <{name}{attributes}> points outside the page"
                    );
                }
            }
            assert_ne!(name, "link", "{case}: a <link> element");
        }
        let style = between(&page, "<style>", "</style>");
        assert!(
            !style.contains("@import") && !style.contains("url("),
            "{case}: the stylesheet loads something"
        );
        let script = between(&page, "<script>", "</script>");
        // The one request the script can make is a live page's (`claimgraph serve`): its
        // update stream and the page again, only when the data says it is live, which the
        // offline page's does not, and its policy would refuse them (no connect-src).
        let live = between(script, "function live() {", "function swap(doc) {");
        assert!(
            live.contains("if (!header ||"),
            "live() starts with its guard"
        );
        assert!(
            script.contains("if (data.live) live();"),
            "live() runs only on a live page"
        );
        assert!(
            !page.contains("\"live\":"),
            "{case}: the offline page is not live"
        );
        assert!(!page.contains("connect-src"), "{case}: nor may it connect");
        let offline = script.replace(live, "");
        for api in [
            "fetch(",
            "EventSource",
            "XMLHttpRequest",
            "import(",
            "WebSocket",
            "sendBeacon",
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
        ] {
            assert!(!offline.contains(api), "the page script uses {api}");
            if api != "fetch(" && api != "EventSource" {
                assert!(
                    !live.contains(api),
                    "the live part of the script uses {api}"
                );
            }
        }
    }
}

#[test]
fn page_data_has_evidence_in_context_and_relations_both_ways() {
    let data = data(&hand_page("html-basic"));
    assert_eq!(data["title"], "Harbour Road cycle lanes");
    assert_eq!(data["summary"]["claims"], 9);
    assert_eq!(data["summary"]["errors"], 0);
    let claim = |id: &str| {
        data["claims"]
            .as_array()
            .expect("claims")
            .iter()
            .find(|c| c["id"] == id)
            .cloned()
            .expect("the claim is in the data")
    };
    let keep = claim("keep-lanes");
    assert_eq!(keep["note"], "The question the council votes on in June.");
    // Who supports and contradicts a claim is in the other claims' lists, which the script
    // reads both ways; the data does not repeat it.
    assert_eq!(keep["supported_by"], serde_json::Value::Null);
    let pointing = |kind: &str| -> Vec<String> {
        data["claims"]
            .as_array()
            .expect("claims")
            .iter()
            .filter(|c| {
                c[kind]
                    .as_array()
                    .is_some_and(|l| l.iter().any(|t| t == "keep-lanes"))
            })
            .filter_map(|c| c["id"].as_str().map(str::to_string))
            .collect()
    };
    assert_eq!(
        pointing("supports"),
        ["more-cycling", "safer", "footfall-up", "loading-bays"]
    );
    assert_eq!(pointing("contradicts"), ["shops-suffer", "buses-slower"]);
    let footfall = claim("footfall-up");
    assert_eq!(footfall["contradicts"], serde_json::json!(["shops-suffer"]));
    // An elided quote: both fragments marked, the text between them not.
    let runs = &footfall["evidence"][0]["context"]["passage"];
    assert_eq!(
        runs[0],
        serde_json::json!(["Footfall on weekdays was 4 percent higher", true])
    );
    assert_eq!(runs[1][1], false);
    assert_eq!(
        runs[2],
        serde_json::json!(["than in the year before.", true])
    );
    let safer = claim("safer");
    let second = &safer["evidence"][1];
    assert_eq!(second["stance"], "contradicts");
    assert_eq!(second["line"], 8);
    // Hard-wrapped source: the context starts at the line break (see `anchor::context`).
    assert_eq!(second["context"]["before"], "committee notes that ");
    let source = data["sources"]
        .as_array()
        .expect("sources")
        .iter()
        .find(|s| s["id"] == "footfall-study")
        .cloned();
    let source = source.expect("the source is in the data");
    assert_eq!(
        source["authors"],
        serde_json::json!(["R. Okafor", "L. Brandt"])
    );
    assert_eq!(source["publisher"], "University Transport Lab");
}

#[test]
fn header_shows_the_check_summary_and_links_findings_to_their_claim() {
    let clean = hand_page("html-basic");
    assert!(clean.contains(r#"<p id="cg-status" class="clean">check: clean</p>"#));
    let hostile = hand_page("html-hostile");
    assert!(hostile.contains(
        r#"<details id="cg-status" class="errors"><summary>check: 2 errors, 0 warnings</summary>"#
    ));
    assert!(
        hostile
            .contains("unknown claim `x&quot;&gt;&lt;img src=x onerror=alert(&#39;edge&#39;)&gt;`")
    );
    assert!(
        hostile.contains(r##"<a href="#image-quote">image-quote</a>"##),
        "the finding links to its claim"
    );
    let data = data(&hostile);
    let claims: Vec<&str> = data["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["subject"]["kind"] == "claim")
        .filter_map(|d| d["subject"]["id"].as_str())
        .collect();
    assert_eq!(
        claims,
        ["image-quote", "q\"><img src=x onerror=alert('id')>"]
    );
}

#[test]
fn graphviz_diagram_keeps_the_ids_the_page_script_looks_up() {
    if !have_dot("graphviz_diagram_keeps_the_ids_the_page_script_looks_up") {
        return;
    }
    let (map, diagnostics) = checked("html-basic");
    let page = page(
        &map,
        &diagnostics,
        &graphviz_svg(&map),
        &PageOptions::default(),
    );
    for id in [
        "claim-keep-lanes",
        "evidence-safer-1",
        "edge-footfall-up-contradicts-shops-suffer",
    ] {
        assert!(page.contains(&format!("id=\"{id}\"")), "{id} is missing");
    }
    assert!(!page.contains("<!DOCTYPE svg") && !page.contains("<?xml"));
}

/// Writes a page for every fixture through the library entry point (`CLAIMGRAPH_E2E_PAGES` names
/// the folder; otherwise a temporary one), so this checks every fixture renders without a browser.
#[test]
fn pages_for_the_browser_tests() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let out = std::env::var_os("CLAIMGRAPH_E2E_PAGES")
        .map_or_else(|| temp.path().to_path_buf(), PathBuf::from);
    std::fs::create_dir_all(&out).expect("the output folder");
    let graphviz = have_dot("pages_for_the_browser_tests (using hand-drawn SVG)");
    let mut cases = vec![
        ("html-basic", fixture("html-basic")),
        ("html-hostile", fixture("html-hostile")),
    ];
    // The repository's own map, or a stand-in named by CLAIMGRAPH_E2E_OWN_MAP (for measuring).
    match std::env::var_os("CLAIMGRAPH_E2E_OWN_MAP") {
        Some(map) => cases.push(("own-map", PathBuf::from(map))),
        None if root().join("claims.yaml").is_file() => {
            cases.push(("own-map", PathBuf::from("claims.yaml")))
        }
        None => {}
    }
    for (name, path) in cases {
        let checked = claimgraph::check(&path).expect("the map loads");
        let map = checked.map.expect("a map");
        let svg = if graphviz {
            graphviz_svg(&map)
        } else {
            hand_svg(&map)
        };
        let options = PageOptions::default();
        let page = page(&map, &checked.diagnostics, &svg, &options);
        assert!(
            page.contains("id=\"claim-"),
            "{name}: the diagram has no claim"
        );
        std::fs::write(Path::new(&out).join(format!("{name}.html")), page)
            .expect("the page is written");
    }
}

/// `claimgraph render tests/fixtures/CASE/claims.yaml --format html` with extra arguments.
fn rendered_page(case: &str, extra: &[&str]) -> String {
    let output = crate::support::claimgraph()
        .arg("render")
        .arg(fixture(case))
        .args(["--format", "html"])
        .args(extra)
        .output()
        .expect("claimgraph runs");
    assert!(output.status.success(), "{output:?}");
    String::from_utf8(output.stdout).expect("UTF-8")
}

#[test]
fn html_first_view_shows_legend_and_hint() {
    // The legend was part of the drawing, off-screen once a large map opened at a legible
    // zoom; now the page pins it, with a one-line hint, over the diagram (tests/e2e measures
    // that both are in the viewport).
    let page = rendered_page("html-basic", &["--engine", "builtin", "--evidence", "show"]);
    let legend = between(
        &page,
        "<ul id=\"cg-legend\" aria-label=\"Legend\">",
        "</ul>",
    );
    for word in [
        "supports",
        "contradicts",
        "contested: reasons for and against",
        "quoted passage",
    ] {
        assert!(
            legend.contains(&format!("</svg>{word}</li>")),
            "{word}: {legend}"
        );
    }
    assert!(page.contains("<p id=\"cg-hint\" hidden>Click a claim to read its quotes"));
    assert!(
        !page.contains("id=\"legend\""),
        "the drawing keeps a legend of its own"
    );
    let bare = rendered_page("html-basic", &["--engine", "builtin", "--no-legend"]);
    assert!(!bare.contains("<ul id=\"cg-legend\"") && bare.contains("id=\"cg-hint\""));
}

#[test]
fn html_diff_legend_names_the_change_marks() {
    let output = crate::support::claimgraph()
        .args([
            "diff",
            "tests/fixtures/html-diff/old.yaml",
            "tests/fixtures/html-diff/new.yaml",
            "--format",
            "html",
            "--engine",
            "builtin",
        ])
        .output()
        .expect("claimgraph runs");
    let page = String::from_utf8(output.stdout).expect("UTF-8");
    let legend = between(
        &page,
        "<ul id=\"cg-legend\" aria-label=\"Legend\">",
        "</ul>",
    );
    for word in [
        "supports",
        "contradicts",
        "added",
        "removed",
        "changed",
        "unchanged",
    ] {
        assert!(
            legend.contains(&format!("</svg>{word}</li>")),
            "{word}: {legend}"
        );
    }
}

/// The page of a fixture drawn on a canvas (`--drawing canvas`), as `render` makes it.
fn canvas_page(case: &str) -> String {
    let (map, diagnostics) = checked(case);
    let mut options = claimgraph::render::RenderOptions::default();
    options.page.drawing = claimgraph::render::html::Drawing::Canvas;
    claimgraph::render::render(
        &map,
        &diagnostics,
        claimgraph::render::Format::Html,
        &options,
    )
    .expect("the canvas page renders")
    .output
}

/// The JSON of a deflated, base64 script element of a canvas page.
fn inflated(page: &str, id: &str) -> Value {
    use std::io::Read as _;
    let open = format!(
        r#"<script type="application/octet-stream" id="{id}" data-encoding="deflate-base64">"#
    );
    let text = between(page, &open, "</script>");
    let mut bits = 0u32;
    let mut count = 0;
    let mut bytes = Vec::new();
    for c in text.bytes().filter(|b| *b != b'=') {
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            other => panic!("{other} is not base64"),
        };
        bits = (bits << 6) | u32::from(value);
        count += 6;
        if count >= 8 {
            count -= 8;
            bytes.push((bits >> count) as u8);
        }
    }
    let mut json = String::new();
    flate2::read::ZlibDecoder::new(bytes.as_slice())
        .read_to_string(&mut json)
        .expect("zlib data");
    serde_json::from_str(&json).expect("JSON")
}

#[test]
fn canvas_page_keeps_hostile_text_as_data_in_its_deflated_blocks() {
    let page = canvas_page("html-hostile");
    let markup = markup(&page);
    let names: Vec<String> = tags(&markup).into_iter().map(|(name, _)| name).collect();
    // The data, the drawing and the page's own script; no SVG, one canvas.
    assert_eq!(
        names.iter().filter(|n| *n == "script").count(),
        3,
        "{names:?}"
    );
    assert_eq!(page.matches("</script>").count(), 3);
    assert!(!names.iter().any(|n| n == "img"), "{names:?}");
    assert_eq!(names.iter().filter(|n| *n == "canvas").count(), 1);
    // The diagram holds the canvas and the layer of focusable claims, no drawing markup (the
    // legend's little symbols are the only SVG).
    assert_eq!(
        between(&page, "argument diagram", "</div>\n</div>")
            .split_once('>')
            .map(|(_, rest)| rest.trim()),
        Some("<canvas id=\"cg-canvas\" aria-hidden=\"true\"></canvas><div id=\"cg-hot\">")
    );
    assert!(
        !markup.contains("<script>alert"),
        "hostile text became markup"
    );
    let data = inflated(&page, "cg-data");
    let text = "Tom's \"best\" & worst </script><script>alert('claim')</script>";
    assert_eq!(data["claims"][0]["text"], text);
    let scene = inflated(&page, "cg-scene");
    let boxes = scene["boxes"].as_array().expect("boxes");
    assert_eq!(
        boxes.len(),
        data["claims"].as_array().expect("claims").len()
    );
    // The first box is the first claim; its lines are its text, wrapped (long words cut),
    // character for character.
    assert_eq!(boxes[0][0], 0);
    assert_eq!(boxes[0][1], -1);
    let lines: Vec<&str> = boxes[0][7]
        .as_array()
        .expect("lines")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let squeezed = |t: &str| t.split_whitespace().collect::<String>();
    assert_eq!(squeezed(&lines.concat()), squeezed(text));
    // Every edge names two boxes and has a start and whole cubic segments.
    for edge in scene["edges"].as_array().expect("edges") {
        let points = edge[3].as_array().expect("points").len();
        assert!(points >= 8 && (points - 2) % 6 == 0, "{edge}");
        for end in [&edge[0], &edge[1]] {
            assert!(end.as_u64().is_some_and(|b| (b as usize) < boxes.len()));
        }
    }
}

#[test]
fn canvas_page_of_a_small_map_only_when_asked() {
    let (map, diagnostics) = checked("html-basic");
    let options = claimgraph::render::RenderOptions {
        engine: claimgraph::render::Engine::Builtin,
        ..claimgraph::render::RenderOptions::default()
    };
    let page = claimgraph::render::render(
        &map,
        &diagnostics,
        claimgraph::render::Format::Html,
        &options,
    )
    .expect("renders")
    .output;
    assert!(page.contains("<svg") && !page.contains("<canvas id=\"cg-canvas\""));
}
