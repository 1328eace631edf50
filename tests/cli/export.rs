//! `claimgraph export` and `import`: each format read back by the real program that consumes it,
//! and imports that `check` accepts.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

use crate::support::{claimgraph, fixture, import_aif_cli, python_importing, root};

/// A Python that can import `module` (see [`python_importing`]).
fn python_with(module: &str, test: &str) -> Option<PathBuf> {
    python_importing(module, module, test)
}

/// `export -f graphml` of a fixture, read by networkx: its JSON view of the graph.
fn graphml_as_networkx_reads_it(python: &Path, map: &Path) -> Value {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("map.graphml");
    claimgraph()
        .args(["export", "-f", "graphml", "-o"])
        .arg(&file)
        .arg(map)
        .assert()
        .success();
    let output = Command::new(python)
        .arg(root().join("tests/formats/graphml_read.py"))
        .arg(&file)
        .output()
        .expect("python runs");
    assert!(
        output.status.success(),
        "networkx refused the GraphML:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON from graphml_read.py")
}

#[test]
fn graphml_export_reads_in_networkx_with_hostile_text_unchanged() {
    let Some(python) = python_with("networkx", "graphml_export_reads_in_networkx") else {
        return;
    };
    let map = fixture("export-hostile");
    let graph = graphml_as_networkx_reads_it(&python, &map);
    assert_eq!(graph["directed"], true);
    let hostile = &graph["nodes"]["claim:hostile"];
    // XML 1.0 cannot carry C0 controls, not even as references: the documented loss.
    assert_eq!(
        hostile["text"],
        "</data><script>alert(1)</script> & \"q\" 'a' \\ ]]> <!-- x --> \u{fffd}[2J\u{fffd} café 😀\r\nend\n\u{2028}'}) MATCH (n) DETACH DELETE n; // $x `b` \"\"\" ?s <urn:x> @en ^^xsd:string ;"
    );
    assert_eq!(hostile["note"], "a note with <tags> & \t tabs");
    assert_eq!(hostile["tags"], "x-y z");
    assert_eq!(hostile["evidence"], 1);
    let source = &graph["nodes"]["source:brief"];
    assert_eq!(source["title"], "A </title> & \"quoted\" brief");
    assert_eq!(
        source["authors"],
        "O'Brien <ob@example.org>; Zoë Ünal; Smith; Jones & Co"
    );
    assert_eq!(source["url"], "https://example.org/?a=1&b=<2>");
    let edges = graph["edges"].as_array().expect("edges");
    let cites = edges
        .iter()
        .find(|e| e[0] == "claim:hostile" && e[2]["relation"] == "cites")
        .expect("a cites edge");
    assert_eq!(cites[1], "source:brief");
    assert_eq!(
        cites[2]["quote"],
        "The <b>regime</b> & its \"allies\" said: ]]> </data> \\ done."
    );
    assert_eq!(cites[2]["line"], 1);
    let relations: Vec<(String, String, String)> = edges
        .iter()
        .filter(|e| e[2]["relation"] != "cites")
        .map(|e| {
            let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
            (s(&e[0]), s(&e[1]), s(&e[2]["relation"]))
        })
        .collect();
    assert_eq!(
        relations,
        [
            (
                "claim:hostile".into(),
                "claim:plain".into(),
                "supports".into()
            ),
            (
                "claim:plain".into(),
                "claim:hostile".into(),
                "contradicts".into()
            ),
        ]
    );
}

#[test]
fn graphml_export_of_the_own_map_has_every_claim_relation_and_citation() {
    let Some(python) = python_with("networkx", "graphml_export_of_the_own_map") else {
        return;
    };
    let graph = graphml_as_networkx_reads_it(&python, &root().join("claims.yaml"));
    let checked = claimgraph::check(&root().join("claims.yaml")).expect("the own map loads");
    let map = checked.map.expect("a map");
    let nodes = graph["nodes"].as_object().expect("nodes");
    assert_eq!(nodes.len(), map.claims.len() + map.sources.len());
    for claim in &map.claims {
        let node = &nodes[&format!("claim:{}", claim.id.value)];
        assert_eq!(node["text"], claim.text.value.as_str());
    }
    let edges = graph["edges"].as_array().expect("edges");
    let count = |relation: &str| {
        edges
            .iter()
            .filter(|e| e[2]["relation"] == relation)
            .count()
    };
    let quotes: usize = map.claims.iter().map(|c| c.evidence.len()).sum();
    assert_eq!(
        count("supports") + count("contradicts"),
        map.edges().count()
    );
    assert_eq!(count("cites"), quotes);
}

#[test]
fn export_refuses_a_map_with_errors_unless_allowed() {
    claimgraph()
        .args(["export", "-f", "graphml"])
        .arg(fixture("check-unknown-claim"))
        .assert()
        .code(1)
        .stderr(predicates::str::contains(
            "export anyway with --allow-errors",
        ));
    let output = claimgraph()
        .args(["export", "-f", "graphml", "--allow-errors"])
        .arg(fixture("check-unknown-claim"))
        .output()
        .expect("runs");
    assert_eq!(output.status.code(), Some(0));
    // The edge to the unknown claim is left out: a reader would invent a bare node for it.
    let graphml = String::from_utf8_lossy(&output.stdout);
    assert_eq!(
        graphml.matches("<node id=\"claim:").count(),
        graphml.matches("<data key=\"kind\">claim<").count()
    );
}

/// The Argdown CLI (`@argdown/cli`, pinned in benches/argdown's lockfile); `None` (and a
/// SKIPPED line) when it is not installed.
pub(crate) fn argdown(test: &str) -> Option<PathBuf> {
    let bin = std::env::var_os("CLAIMGRAPH_ARGDOWN")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("benches/argdown/node_modules/.bin/argdown"));
    if bin.is_file() {
        return Some(bin);
    }
    eprintln!("SKIPPED {test}: no Argdown CLI (npm ci --prefix benches/argdown)");
    None
}

/// `export -f argdown` of a map, parsed by the Argdown CLI: its `json` export.
fn argdown_as_the_cli_reads_it(bin: &Path, map: &Path) -> Value {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("map.argdown");
    claimgraph()
        .args(["export", "-f", "argdown", "-o"])
        .arg(&file)
        .arg(map)
        .assert()
        .success();
    let output = Command::new(bin)
        .arg("json")
        .arg(&file)
        .arg(dir.path())
        .output()
        .expect("the Argdown CLI runs");
    let said = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && !said.contains("error"),
        "Argdown refused the export:\n{said}"
    );
    let json = std::fs::read(dir.path().join("map.json")).expect("argdown json wrote map.json");
    serde_json::from_slice(&json).expect("JSON from the Argdown CLI")
}

/// A statement's text as Argdown read it, without the `#tags` it counts as part of the text,
/// and its data block.
fn statement(document: &Value, id: &str) -> (String, Value) {
    let members = document["statements"][id]["members"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let member = members
        .iter()
        .find(|m| m["text"].is_string())
        .unwrap_or_else(|| panic!("statement {id} has a text"));
    let mut text = member["text"]
        .as_str()
        .unwrap_or_default()
        .trim_end()
        .to_string();
    for tag in document["statements"][id]["tags"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .rev()
    {
        let suffix = format!(" #{}", tag.as_str().unwrap_or_default());
        if let Some(head) = text.strip_suffix(&suffix) {
            text = head.to_string();
        }
    }
    (text, member["data"].clone())
}

#[test]
fn argdown_export_parses_in_the_argdown_cli_with_hostile_text_unchanged() {
    let Some(bin) = argdown("argdown_export_parses_in_the_argdown_cli") else {
        return;
    };
    let document = argdown_as_the_cli_reads_it(&bin, &fixture("export-hostile"));
    let (text, data) = statement(&document, "hostile");
    // One line (a line break is a space in Argdown either way), control characters dropped.
    assert_eq!(
        text,
        "</data><script>alert(1)</script> & \"q\" 'a' \\ ]]> <!-- x --> [2J café 😀 end '}) MATCH (n) DETACH DELETE n; // $x `b` \"\"\" ?s <urn:x> @en ^^xsd:string ;"
    );
    assert_eq!(data["note"], "a note with <tags> & \t tabs");
    assert_eq!(
        data["evidence"][0]["quote"],
        "The <b>regime</b> & its \"allies\" said: ]]> </data> \\ done."
    );
    assert_eq!(data["evidence"][0]["source"], "brief");
    assert_eq!(data["evidence"][0]["line"], 1);
    let relations: Vec<(String, String, String)> = document["relations"]
        .as_array()
        .expect("relations")
        .iter()
        .map(|r| {
            let s = |v: &Value| v.as_str().unwrap_or_default().to_string();
            (s(&r["from"]), s(&r["to"]), s(&r["relationType"]))
        })
        .collect();
    assert_eq!(
        relations,
        [
            ("hostile".into(), "plain".into(), "support".into()),
            ("plain".into(), "hostile".into(), "attack".into()),
        ]
    );
}

#[test]
fn argdown_export_of_the_own_map_keeps_every_statement_relation_and_quote() {
    let Some(bin) = argdown("argdown_export_of_the_own_map") else {
        return;
    };
    let document = argdown_as_the_cli_reads_it(&bin, &root().join("claims.yaml"));
    let checked = claimgraph::check(&root().join("claims.yaml")).expect("the own map loads");
    let map = checked.map.expect("a map");
    assert_eq!(
        document["statements"].as_object().map(|s| s.len()),
        Some(map.claims.len())
    );
    for claim in &map.claims {
        let (text, data) = statement(&document, &claim.id.value);
        let folded: Vec<&str> = claim.text.value.split_whitespace().collect();
        assert_eq!(text, folded.join(" "), "{}", claim.id.value);
        let quotes = data["evidence"].as_array().map_or(0, Vec::len);
        assert_eq!(quotes, claim.evidence.len(), "{}", claim.id.value);
        for (written, evidence) in data["evidence"]
            .as_array()
            .into_iter()
            .flatten()
            .zip(&claim.evidence)
        {
            assert_eq!(written["quote"], evidence.quote.value.as_str());
        }
    }
    let relations = document["relations"].as_array().expect("relations");
    let count = |kind: &str| {
        relations
            .iter()
            .filter(|r| r["relationType"] == kind)
            .count()
    };
    let supports = map
        .edges()
        .filter(|e| e.kind == claimgraph::model::EdgeKind::Supports)
        .count();
    assert_eq!(count("support"), supports);
    assert_eq!(count("attack"), map.edges().count() - supports);
}

#[test]
fn aif_export_loads_in_arguebuf_with_every_claim_and_relation() {
    let Some(python) = python_with("arguebuf", "aif_export_loads_in_arguebuf") else {
        return;
    };
    for map in [fixture("export-hostile"), root().join("claims.yaml")] {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("map.json");
        export_to("aif", &map, &file);
        let output = Command::new(&python)
            .arg(root().join("tests/formats/aif_read.py"))
            .arg(&file)
            .output()
            .expect("python runs");
        assert!(
            output.status.success(),
            "arguebuf refused the AIF:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let read: Value = serde_json::from_slice(&output.stdout).expect("JSON from aif_read.py");
        let checked = claimgraph::check(&map).expect("the map loads");
        let model = checked.map.expect("a map");
        // The argument graph, as arguebuf read it: claims, their texts, relations by kind.
        let atoms = read["atoms"].as_object().expect("atoms");
        assert_eq!(atoms.len(), model.claims.len());
        for claim in &model.claims {
            assert_eq!(
                atoms[&format!("i:{}", claim.id.value)],
                claim.text.value.as_str()
            );
        }
        let schemes = read["schemes"].as_object().expect("schemes");
        let kind = |k: &str| schemes.values().filter(|v| *v == k).count();
        let supports = model
            .edges()
            .filter(|e| e.kind == claimgraph::model::EdgeKind::Supports)
            .count();
        assert_eq!(kind("Support"), supports);
        assert_eq!(kind("Attack"), model.edges().count() - supports);
        assert_eq!(
            read["edges"].as_array().map(Vec::len),
            Some(2 * model.edges().count())
        );
        // The dialogue layer arguebuf drops: one L-node per quote, its source in its locution.
        let written: Value =
            serde_json::from_slice(&std::fs::read(&file).expect("read")).expect("AIF is JSON");
        let quotes: Vec<&Value> = written["nodes"]
            .as_array()
            .expect("nodes")
            .iter()
            .filter(|n| n["type"] == "L")
            .collect();
        let evidence: Vec<_> = model.claims.iter().flat_map(|c| &c.evidence).collect();
        assert_eq!(quotes.len(), evidence.len());
        for (node, evidence) in quotes.iter().zip(&evidence) {
            assert_eq!(node["text"], evidence.quote.value.as_str());
        }
        let sources = written["locutions"].as_array().expect("locutions");
        assert!(
            sources
                .iter()
                .zip(&evidence)
                .all(|(l, e)| l["source"] == e.source.value.as_str())
        );
    }
}

#[test]
fn rdf_exports_answer_sparql_in_pyoxigraph_with_hostile_text_unchanged() {
    let Some(python) = python_with("pyoxigraph", "rdf_exports_answer_sparql") else {
        return;
    };
    let cases = [fixture("export-hostile"), root().join("claims.yaml")]
        .into_iter()
        .flat_map(|map| [(map.clone(), "turtle"), (map, "jsonld")]);
    for (map, format) in cases {
        let dir = tempfile::tempdir().expect("tempdir");
        let file = dir.path().join("map.rdf");
        claimgraph()
            .args([
                "export",
                "-f",
                format,
                "--base",
                "https://example.org/a map/",
                "-o",
            ])
            .arg(&file)
            .arg(&map)
            .assert()
            .success();
        let output = Command::new(&python)
            .arg(root().join("tests/formats/rdf_query.py"))
            .arg(&file)
            .arg(format)
            .output()
            .expect("python runs");
        assert!(
            output.status.success(),
            "pyoxigraph refused the {format}:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let answers: Value =
            serde_json::from_slice(&output.stdout).expect("JSON from rdf_query.py");
        let model = claimgraph::check(&map).expect("loads").map.expect("a map");
        let pairs = |key: &str| {
            let mut rows: Vec<(String, String)> = answers[key]
                .as_array()
                .expect("rows")
                .iter()
                .map(|r| {
                    (
                        r[0].as_str().unwrap_or_default().into(),
                        r[1].as_str().unwrap_or_default().into(),
                    )
                })
                .collect();
            rows.sort();
            rows
        };
        let mut texts: Vec<(String, String)> = model
            .claims
            .iter()
            .map(|c| (c.id.value.clone(), c.text.value.clone()))
            .collect();
        texts.sort();
        // Every text exactly, control characters and the carriage return included.
        assert_eq!(pairs("claims"), texts);
        let edges = |kind: claimgraph::model::EdgeKind| {
            let mut rows: Vec<(String, String)> = model
                .edges()
                .filter(|e| e.kind == kind)
                .map(|e| (e.to.value.clone(), e.from.to_string()))
                .collect();
            rows.sort();
            rows
        };
        assert_eq!(
            pairs("supporters"),
            edges(claimgraph::model::EdgeKind::Supports)
        );
        assert_eq!(
            pairs("attackers"),
            edges(claimgraph::model::EdgeKind::Contradicts)
        );
        let quotes: usize = model.claims.iter().map(|c| c.evidence.len()).sum();
        assert_eq!(answers["quotes"].as_array().map(Vec::len), Some(quotes));
    }
}

/// `export -f FORMAT -o FILE MAP`, which must succeed.
fn export_to(format: &str, map: &Path, file: &Path) {
    claimgraph()
        .args(["export", "-f", format, "-o"])
        .arg(file)
        .arg(map)
        .assert()
        .success();
}

/// `import FILE --from aif --out DIR` into a scratch folder: (the folder, the map, stdout).
fn import_aif(file: &Path) -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().expect("tempdir");
    let (map, stdout) = import_aif_cli(file, &dir.path().join("imported"));
    (dir, map, stdout)
}

/// `check -f json` of a map: its summary.
fn summary(map: &Path) -> Value {
    let output = claimgraph()
        .args(["check", "-f", "json"])
        .arg(map)
        .output()
        .expect("runs");
    let document: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    document["summary"].clone()
}

#[test]
fn aifdb_sample_imports_into_a_map_that_checks_without_errors() {
    let sample = root().join("../shared/interop/aif/aifdb-6064.json");
    if !sample.is_file() {
        eprintln!("SKIPPED aifdb_sample_imports: no ../shared/interop beside the repository");
        return;
    }
    let (_dir, map, said) = import_aif(&sample);
    assert!(
        said.contains("imported 9 claims, 5 supports, 0 contradicts, 9 quotes"),
        "{said}"
    );
    // What the model cannot hold is counted, never dropped silently.
    assert!(
        said.contains("not imported") && said.contains("8 TA-node"),
        "{said}"
    );
    let summary = summary(&map);
    assert_eq!(summary["errors"], 0, "{summary}");
    assert_eq!(
        (summary["claims"].as_u64(), summary["anchored"].as_u64()),
        (Some(9), Some(9))
    );
}

#[test]
fn aif_export_then_import_keeps_the_claims_relations_and_quotes() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("own.json");
    export_to("aif", &root().join("claims.yaml"), &file);
    let (_imported, map, _) = import_aif(&file);
    let summary = summary(&map);
    assert_eq!(summary["errors"], 0, "{summary}");
    let own = claimgraph::check(&root().join("claims.yaml"))
        .expect("loads")
        .map
        .expect("map");
    let quotes: usize = own.claims.iter().map(|c| c.evidence.len()).sum();
    assert_eq!(summary["claims"].as_u64(), Some(own.claims.len() as u64));
    assert_eq!(summary["edges"].as_u64(), Some(own.edges().count() as u64));
    assert_eq!(summary["anchored"].as_u64(), Some(quotes as u64));
    // The hostile fixture's texts survive the trip too.
    export_to("aif", &fixture("export-hostile"), &file);
    let (_hostile, map, _) = import_aif(&file);
    let back = claimgraph::check(&map).expect("loads").map.expect("map");
    let texts: Vec<&str> = back.claims.iter().map(|c| c.text.value.as_str()).collect();
    assert!(texts.contains(&"</data><script>alert(1)</script> & \"q\" 'a' \\ ]]> <!-- x --> \u{1b}[2J\u{7} café 😀 end '}) MATCH (n) DETACH DELETE n; // $x `b` \"\"\" ?s <urn:x> @en ^^xsd:string ;"), "{texts:?}");
}

#[test]
fn import_never_overwrites_a_map_without_force() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("own.json");
    export_to("aif", &fixture("export-hostile"), &file);
    let out = dir.path().join("map");
    let import = |force: bool| {
        let mut cmd = claimgraph();
        cmd.args(["import", "--from", "aif", "--out"])
            .arg(&out)
            .arg(&file);
        if force {
            cmd.arg("--force");
        }
        cmd.output().expect("runs")
    };
    assert_eq!(import(false).status.code(), Some(0));
    std::fs::write(out.join("claims.yaml"), "claims: []\n").expect("write");
    let refused = import(false);
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("--force"));
    assert_eq!(
        std::fs::read_to_string(out.join("claims.yaml")).expect("read"),
        "claims: []\n"
    );
    assert_eq!(import(true).status.code(), Some(0));
}

/// Neo4j's own Cypher parser (`@neo4j-cypher/language-support` from tests/formats' lockfile,
/// run by Node); `None` (and a SKIPPED line) when it is not installed.
fn neo4j_parser(test: &str) -> Option<PathBuf> {
    let module = root().join("tests/formats/node_modules/@neo4j-cypher/language-support");
    let node = Command::new("node").arg("--version").output();
    if module.is_dir() && node.is_ok_and(|o| o.status.success()) {
        return Some(root().join("tests/formats/cypher_lint.mjs"));
    }
    eprintln!("SKIPPED {test}: no Neo4j Cypher parser (node, and npm ci --prefix tests/formats)");
    None
}

/// An export for Neo4j (`cypher`: the script; `neo4j-csv`: the folder) loaded into
/// LadybugDB by tests/formats/neo4j_load.py: what Cypher queries read back.
fn neo4j_as_ladybug_reads_it(python: &Path, format: &str, map: &Path) -> Value {
    neo4j_answers(python, format, map, None)
}

/// [`neo4j_as_ladybug_reads_it`], with the rows of the queries in `queries` (the README's
/// ```cypher blocks) under `"queries"`.
fn neo4j_answers(python: &Path, format: &str, map: &Path, queries: Option<&Path>) -> Value {
    let dir = tempfile::tempdir().expect("tempdir");
    let (output, mode) = match format {
        "cypher" => (dir.path().join("map.cypher"), "cypher"),
        _ => (dir.path().join("neo4j"), "csv"),
    };
    export_to(format, map, &output);
    let run = Command::new(python)
        .arg(root().join("tests/formats/neo4j_load.py"))
        .arg(mode)
        .arg(&output)
        .args(queries)
        .output()
        .expect("python runs");
    assert!(
        run.status.success(),
        "LadybugDB refused the {format} export of {}:\n{}",
        map.display(),
        String::from_utf8_lossy(&run.stderr)
    );
    serde_json::from_slice(&run.stdout).expect("JSON from neo4j_load.py")
}

/// What the map says, in neo4j_load.py's shape: claims, sources, supporters, contradicts and
/// citations.
fn expected_neo4j_graph(map: &Path) -> Value {
    use claimgraph::model::{AnchorResult, EdgeKind};
    let model = claimgraph::check(map).expect("loads").map.expect("a map");
    let mut claims = serde_json::Map::new();
    for c in &model.claims {
        let tags: Vec<&str> = c.tags.iter().map(|t| t.value.as_str()).collect();
        claims.insert(
            c.id.value.clone(),
            serde_json::json!({
                "text": c.text.value,
                "tags": if tags.is_empty() { Value::Null } else { serde_json::json!(tags) },
                "note": c.note,
                "evidence": c.evidence.len(),
            }),
        );
    }
    let mut sources = serde_json::Map::new();
    for s in &model.sources {
        let m = &s.meta;
        let authors = (!m.authors.is_empty()).then_some(&m.authors);
        sources.insert(
            s.id.clone(),
            serde_json::json!([s.file, m.title, authors, m.published, m.publisher, m.url]),
        );
    }
    let mut supporters: std::collections::BTreeMap<String, Vec<String>> = Default::default();
    let mut contradicts = Vec::new();
    for e in model.edges() {
        match e.kind {
            EdgeKind::Supports => supporters
                .entry(e.to.value.clone())
                .or_default()
                .push(e.from.to_string()),
            EdgeKind::Contradicts => contradicts.push((e.from.to_string(), e.to.value.clone())),
        }
    }
    supporters.values_mut().for_each(|v| v.sort());
    contradicts.sort();
    let mut cites = Vec::new();
    for c in &model.claims {
        for ev in &c.evidence {
            let line = match &ev.anchor {
                AnchorResult::Found(a) => Some(a.line),
                _ => None,
            };
            cites.push(serde_json::json!([
                c.id.value,
                ev.source.value,
                ev.quote.value,
                ev.stance.as_str(),
                line
            ]));
        }
    }
    cites.sort_by_key(citation_order);
    serde_json::json!({
        "claims": claims,
        "sources": sources,
        "supporters": supporters,
        "contradicts": contradicts,
        "cites": cites,
    })
}

/// One order for citations on both sides (the engine's string collation is its own).
fn citation_order(v: &Value) -> String {
    format!("{}\u{0}{}\u{0}{}", v[0], v[1], v[2])
}

#[test]
fn cypher_export_parses_in_neo4js_parser_with_hostile_text() {
    let Some(lint) = neo4j_parser("cypher_export_parses_in_neo4js_parser") else {
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("map.cypher");
    export_to("cypher", &fixture("export-hostile"), &file);
    let script = std::fs::read_to_string(&file).expect("the script");
    assert!(
        script.contains("DETACH DELETE n; // $x"),
        "the hostile text is in the script"
    );
    let output = Command::new("node")
        .arg(&lint)
        .arg(&file)
        .output()
        .expect("node runs");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let diagnostics: Value = serde_json::from_slice(&output.stdout).expect("JSON from the linter");
    assert_eq!(diagnostics, serde_json::json!([]), "Neo4j's parser objects");
    let readme = std::fs::read_to_string(root().join("README.md")).expect("README");
    let queries: Vec<&str> = readme
        .split("```cypher\n")
        .skip(1)
        .filter_map(|block| block.split("```").next())
        .map(str::trim)
        .collect();
    assert_eq!(queries.len(), 4, "the README's ```cypher blocks");
    std::fs::write(&file, queries.join(";\n") + ";\n").expect("write");
    let output = Command::new("node")
        .arg(&lint)
        .arg(&file)
        .output()
        .expect("node runs");
    let diagnostics: Value = serde_json::from_slice(&output.stdout).expect("JSON from the linter");
    assert_eq!(
        diagnostics,
        serde_json::json!([]),
        "Neo4j's parser on the README's queries"
    );
    // The test can fail: a quote the export had not escaped is a syntax error to the parser.
    std::fs::write(&file, "CREATE (:Claim {id: 'a', text: 'it's'});\n").expect("write");
    let output = Command::new("node")
        .arg(&lint)
        .arg(&file)
        .output()
        .expect("node runs");
    let diagnostics: Value = serde_json::from_slice(&output.stdout).expect("JSON from the linter");
    assert_eq!(diagnostics[0]["severity"], "error", "{diagnostics}");
}

#[test]
fn cypher_and_neo4j_csv_exports_load_into_a_cypher_engine_as_the_same_graph() {
    let Some(python) = python_with("real_ladybug", "cypher_and_neo4j_csv_exports_load") else {
        return;
    };
    for map in [fixture("export-hostile"), root().join("claims.yaml")] {
        let expected = expected_neo4j_graph(&map);
        let mut script = neo4j_as_ladybug_reads_it(&python, "cypher", &map);
        let mut csv = neo4j_as_ladybug_reads_it(&python, "neo4j-csv", &map);
        for graph in [&mut script, &mut csv] {
            if let Some(cites) = graph["cites"].as_array_mut() {
                cites.sort_by_key(citation_order);
            }
        }
        // Every text exactly, the escapes and control characters, `;` in an author included.
        for part in ["claims", "sources", "supporters", "contradicts", "cites"] {
            assert_eq!(
                script[part],
                expected[part],
                "{part} of the Cypher script of {}",
                map.display()
            );
            assert_eq!(
                csv[part],
                expected[part],
                "{part} of the CSV files of {}",
                map.display()
            );
        }
    }
}

#[test]
fn neo4j_csv_export_needs_a_folder_and_says_how_to_import_it() {
    let map = fixture("export-hostile");
    claimgraph()
        .args(["export", "-f", "neo4j-csv"])
        .arg(&map)
        .assert()
        .code(2)
        .stderr(predicates::str::contains("needs a folder"))
        .stderr(predicates::str::contains("help: pass -o DIR"));
    let dir = tempfile::tempdir().expect("tempdir");
    let out = dir.path().join("neo4j");
    claimgraph()
        .args(["export", "-f", "neo4j-csv", "-o"])
        .arg(&out)
        .arg(&map)
        .assert()
        .success()
        .stdout(predicates::str::contains("next: sh "));
    let script = std::fs::read_to_string(out.join("import.sh")).expect("import.sh");
    // An author holds `;`, Neo4j's default list separator: the files use another one and the
    // command says which.
    assert!(script.contains("--array-delimiter='|'"), "{script}");
    assert!(script.contains("--multiline-fields=true"), "{script}");
    let sources = std::fs::read_to_string(out.join("sources.csv")).expect("sources.csv");
    assert!(
        sources.contains("\"O'Brien <ob@example.org>|Zoë Ünal|Smith; Jones & Co\""),
        "{sources}"
    );
}

#[test]
fn readme_neo4j_queries_run_on_both_exports_of_the_own_map_with_the_same_rows() {
    let Some(python) = python_with("real_ladybug", "readme_neo4j_queries_run") else {
        return;
    };
    let map = root().join("claims.yaml");
    let readme = root().join("README.md");
    let script = neo4j_answers(&python, "cypher", &map, Some(&readme));
    let csv = neo4j_answers(&python, "neo4j-csv", &map, Some(&readme));
    let asked = script["queries"].as_array().expect("queries");
    assert_eq!(asked.len(), 4, "the README's four ```cypher blocks");
    for answer in asked {
        let rows = answer["rows"].as_array().expect("rows");
        assert!(!rows.is_empty(), "no rows for {}", answer["query"]);
    }
    assert_eq!(script["queries"], csv["queries"]);
    // The central claim's supporters within three steps include its direct ones.
    let direct: Vec<&Value> = asked[0]["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .filter(|r| r[1] == 1)
        .collect();
    assert_eq!(direct.len(), 14, "{}", asked[0]);
}
