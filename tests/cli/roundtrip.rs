//! AIF both ways: import → export → import keeps the claims (ids and texts), the relations and
//! the quotes; the written `claims.yaml` is stable; OVA's xAIF (its text pane's HTML) imports
//! into quotes that anchor; what the model cannot hold is counted in the summary line.
//!
//! What a round trip loses by design (docs/interchange.md): tags, notes, the title, the
//! sources' metadata and which source a quote cites (every quote cites the one corpus file
//! made from the locutions), runs of white space in texts (one space), and a second copy of a
//! quote or relation.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use claimgraph::interchange::{ExportFormat, ExportOptions, export, import_aif};
use claimgraph::model::{EdgeKind, Map};
use proptest::prelude::*;
use serde_json::Value;

use crate::support::{claimgraph, import_aif_cli, root};

/// What a round trip through AIF must keep of a map.
#[derive(Debug, PartialEq, Eq)]
struct Kept {
    /// Claim ids and texts (white space folded), in file order.
    claims: Vec<(String, String)>,
    supports: BTreeSet<(String, String)>,
    contradicts: BTreeSet<(String, String)>,
    /// Each claim's quotes (white space folded) with their stance, sorted.
    quotes: BTreeMap<String, Vec<(String, &'static str)>>,
}

fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn kept(map: &Map) -> Kept {
    let edges = |kind: EdgeKind| -> BTreeSet<(String, String)> {
        map.edges()
            .filter(|e| e.kind == kind)
            .map(|e| (e.from.to_string(), e.to.value.clone()))
            .collect()
    };
    let quotes = map
        .claims
        .iter()
        .map(|c| {
            let mut quotes: Vec<(String, &'static str)> = c
                .evidence
                .iter()
                .map(|e| (fold(&e.quote.value), e.stance.as_str()))
                .collect();
            quotes.sort();
            (c.id.value.clone(), quotes)
        })
        .collect();
    Kept {
        claims: map
            .claims
            .iter()
            .map(|c| (c.id.value.clone(), fold(&c.text.value)))
            .collect(),
        supports: edges(EdgeKind::Supports),
        contradicts: edges(EdgeKind::Contradicts),
        quotes,
    }
}

/// `(claims, supports, contradicts, quotes)` of a map.
fn counts(map: &Map) -> (usize, usize, usize, usize) {
    let k = kept(map);
    let quotes = k.quotes.values().map(Vec::len).sum();
    (
        k.claims.len(),
        k.supports.len(),
        k.contradicts.len(),
        quotes,
    )
}

/// A checked map with no errors (the findings listed when there are).
fn checked(path: &Path) -> Map {
    let checked = claimgraph::check(path).expect("loads");
    let errors: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| d.severity == claimgraph::diagnostic::Severity::Error)
        .map(|d| format!("{}: {}", d.code, d.message))
        .collect();
    assert!(errors.is_empty(), "{}: {errors:#?}", path.display());
    checked.map.expect("a map")
}

/// The AIF JSON imported through the library as `NAME` into `dir`: the written `claims.yaml`'s
/// path and text.
fn import_into(json: &str, name: &str, dir: &Path) -> (PathBuf, String) {
    let imported = import_aif(json, name).expect("imports");
    std::fs::create_dir_all(dir.join("corpus")).expect("mkdir");
    let (file, text) = imported
        .corpus
        .as_ref()
        .expect("an AIF import has a corpus");
    std::fs::write(dir.join("corpus").join(file), text).expect("write corpus");
    let map = dir.join("claims.yaml");
    std::fs::write(&map, &imported.yaml).expect("write map");
    (map, imported.yaml)
}

/// Export as AIF → import → check (no errors); then the same again from the imported map,
/// which must write the same `claims.yaml` byte for byte. Returns the imported map.
fn round_trip(map: &Map, scratch: &Path) -> Map {
    let aif = export(map, ExportFormat::Aif, &ExportOptions::default());
    let (first, yaml) = import_into(&aif, "trip", &scratch.join("first"));
    let back = checked(&first);
    let again = export(&back, ExportFormat::Aif, &ExportOptions::default());
    let (_, yaml_again) = import_into(&again, "trip", &scratch.join("second"));
    assert_eq!(yaml, yaml_again, "a second round trip wrote another map");
    back
}

fn assert_kept(original: &Map, back: &Map) {
    assert_eq!(kept(back), kept(original));
    // Every quote cites the one corpus file the import made.
    for claim in &back.claims {
        for evidence in &claim.evidence {
            assert_eq!(evidence.source.value, "trip");
            assert!(
                matches!(evidence.anchor, claimgraph::model::AnchorResult::Found(_)),
                "{:?} does not anchor",
                evidence.quote.value
            );
        }
    }
}

#[test]
fn own_map_exported_as_aif_and_imported_keeps_ids_texts_relations_and_quotes() {
    let original = checked(&root().join("claims.yaml"));
    let scratch = tempfile::tempdir().expect("tempdir");
    let back = round_trip(&original, scratch.path());
    assert_eq!(counts(&original), (74, 90, 37, 194));
    assert_eq!(counts(&back), counts(&original));
    assert_kept(&original, &back);
    // Lost by design: tags, notes, the title, the sources' metadata.
    assert!(original.claims.iter().any(|c| !c.tags.is_empty()));
    assert!(back.claims.iter().all(|c| c.tags.is_empty()));
    assert!(back.claims.iter().all(|c| c.note.is_none()));
}

#[test]
fn aifdb_sample_imported_exported_and_imported_again_writes_the_same_map() {
    let sample = root().join("../shared/interop/aif/aifdb-6064.json");
    if !sample.is_file() {
        eprintln!("SKIPPED aifdb_sample_round_trip: no ../shared/interop beside the repository");
        return;
    }
    let json = std::fs::read_to_string(&sample).expect("read");
    let scratch = tempfile::tempdir().expect("tempdir");
    let (map, yaml) = import_into(&json, "trip", &scratch.path().join("aifdb"));
    // Importing is deterministic: the same file gives the same bytes.
    let (_, yaml_twice) = import_into(&json, "trip", &scratch.path().join("twice"));
    assert_eq!(yaml, yaml_twice);
    let imported = checked(&map);
    assert_eq!(counts(&imported), (9, 5, 0, 9));
    let back = round_trip(&imported, scratch.path());
    assert_eq!(counts(&back), (9, 5, 0, 9));
    assert_kept(&imported, &back);
    let exported = export(&imported, ExportFormat::Aif, &ExportOptions::default());
    let (_, yaml_back) = import_into(&exported, "trip", &scratch.path().join("back"));
    assert_eq!(
        yaml_back, yaml,
        "the imported map, exported and imported, changed"
    );
}

/// Words of generated texts: YAML, JSON and HTML syntax, quotes, non-ASCII.
const WORDS: &[&str] = &[
    "aid",
    "sanctions",
    "fail",
    "it's",
    "\"quoted\"",
    "a:",
    "#tag",
    "-",
    "café",
    "😀",
    "—",
    "&amp;",
    "<b>",
    "\\",
    "[x]",
    "{y}",
    "null",
    "yes",
    "42",
    "%",
    "'single'",
];
/// Claim ids, some of which YAML reads as something else when written plain.
const IDS: &[&str] = &["no", "c1", "null", "x-2", "2024", "true", "claim", "a-b-c"];

/// A generated claim: its text's words, its quotes as (sentence, contradicts), its edges as
/// (target claim, contradicts).
type GeneratedClaim = (Vec<usize>, Vec<(usize, bool)>, Vec<(usize, bool)>);

/// A generated map: claims over a corpus of numbered sentences in two sources.
#[derive(Debug, Clone)]
struct Generated {
    sentences: Vec<Vec<usize>>,
    claims: Vec<GeneratedClaim>,
}

fn generated() -> impl Strategy<Value = Generated> {
    let sentence = prop::collection::vec(0..WORDS.len(), 1..6);
    (prop::collection::vec(sentence, 2..10), 1..=IDS.len()).prop_flat_map(|(sentences, n)| {
        let s = sentences.len();
        let claim = (
            prop::collection::vec(0..WORDS.len(), 1..8),
            prop::collection::vec((0..s, any::<bool>()), 1..4),
            prop::collection::vec((0..n, any::<bool>()), 0..4),
        );
        prop::collection::vec(claim, n..=n).prop_map(move |claims| Generated {
            sentences: sentences.clone(),
            claims,
        })
    })
}

fn yaml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

impl Generated {
    /// Sentence `i`: numbered, so no two are equal and none is inside another.
    fn sentence(&self, i: usize) -> String {
        let words: Vec<&str> = self.sentences[i].iter().map(|&w| WORDS[w]).collect();
        format!("[s{i}] {}", words.join(" "))
    }

    /// Writes `claims.yaml` and the corpus (even sentences in `a.txt`, odd ones in `b.txt`).
    fn write(&self, dir: &Path) -> PathBuf {
        std::fs::create_dir_all(dir.join("corpus")).expect("mkdir");
        for (file, parity) in [("a.txt", 0), ("b.txt", 1)] {
            let lines: Vec<String> = (0..self.sentences.len())
                .filter(|i| i % 2 == parity)
                .map(|i| self.sentence(i))
                .collect();
            std::fs::write(dir.join("corpus").join(file), lines.join("\n") + "\n").expect("write");
        }
        let mut yaml = String::from("title: generated\nclaims:\n");
        for (i, (words, quotes, edges)) in self.claims.iter().enumerate() {
            let words: Vec<&str> = words.iter().map(|&w| WORDS[w]).collect();
            let text = format!("claim {i}: {}", words.join(" "));
            yaml += &format!(
                "  - id: {}\n    text: {}\n    tags: [t{i}]\n    note: lost on the way\n",
                yaml_string(IDS[i]),
                yaml_string(&text)
            );
            let mut targets = BTreeSet::new();
            for kind in [false, true] {
                let list: Vec<String> = edges
                    .iter()
                    .filter(|(to, contradicts)| {
                        *contradicts == kind && *to != i && targets.insert((*to, kind))
                    })
                    .map(|(to, _)| yaml_string(IDS[*to]))
                    .collect();
                if !list.is_empty() {
                    let key = if kind { "contradicts" } else { "supports" };
                    yaml += &format!("    {key}: [{}]\n", list.join(", "));
                }
            }
            yaml += "    evidence:\n";
            let mut cited = BTreeSet::new();
            for &(s, contradicts) in quotes.iter().filter(|(s, _)| cited.insert(*s)) {
                let source = if s % 2 == 0 { "a" } else { "b" };
                yaml += &format!(
                    "      - source: {source}\n        quote: {}\n",
                    yaml_string(&self.sentence(s))
                );
                if contradicts {
                    yaml += "        stance: contradicts\n";
                }
            }
        }
        let map = dir.join("claims.yaml");
        std::fs::write(&map, yaml).expect("write map");
        map
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn generated_maps_survive_aif_export_and_import(map in generated()) {
        let scratch = tempfile::tempdir().expect("tempdir");
        let original = checked(&map.write(&scratch.path().join("original")));
        let back = round_trip(&original, scratch.path());
        assert_kept(&original, &back);
    }
}

/// The realistic OVA export in `tests/fixtures/import-xaif-ova/analysis.json`, as OVA3 writes it
/// (`genjson` in its `ova-save.js`): the AIF under `AIF` with numeric node ids, the text pane's
/// HTML under `text` (highlights `<span class="highlighted" id="nodeN">`, `<br>`, `<div>`,
/// entities), the layout under `OVA`; a dialogue whose locutions carry the speaker's name.
fn ova_analysis() -> Value {
    let path = root().join("tests/fixtures/import-xaif-ova/analysis.json");
    serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("JSON")
}

/// `check -f json`: the whole report.
fn check_json(map: &Path) -> Value {
    let output = claimgraph()
        .args(["check", "-f", "json"])
        .arg(map)
        .output()
        .expect("runs");
    serde_json::from_slice(&output.stdout).expect("JSON")
}

#[test]
fn ova_xaif_html_text_becomes_a_plain_corpus_its_highlighted_passages_quoted_verbatim() {
    // The text pane's HTML was written as the corpus: no quote anchored, every claim uncited.
    let dir = tempfile::tempdir().expect("tempdir");
    let mut wrapped = ova_analysis();
    // OVA3 also reads (and older saves write) the text as `{"txt": ..., "url": ...}`.
    let html = wrapped["text"].clone();
    wrapped["text"] = serde_json::json!({ "txt": html, "url": "" });
    let plain_file = dir.path().join("string/analysis.json");
    let wrapped_file = dir.path().join("object/analysis.json");
    for (file, document) in [(&plain_file, ova_analysis()), (&wrapped_file, wrapped)] {
        std::fs::create_dir_all(file.parent().expect("parent")).expect("mkdir");
        std::fs::write(file, document.to_string()).expect("write");
    }
    let (map, said) = import_aif_cli(&plain_file, &dir.path().join("string/map"));
    assert!(
        said.contains("imported 3 claims, 1 supports, 1 contradicts, 3 quotes"),
        "{said}"
    );
    assert!(
        said.contains("1 TA-node, 1 YA-node on a transition or an S-node"),
        "{said}"
    );
    let corpus =
        std::fs::read_to_string(map.with_file_name("corpus/analysis.txt")).expect("corpus");
    assert_eq!(
        corpus,
        "Radio debate, 12 March\nAlice: Tax cuts pay for themselves, because growth raises\nrevenue.\n\
         Bob: R&D spending fell after the last cut  \u{2014} and \u{201c}growth\u{201d} is not <guaranteed>.\n\
         Alice: That is not what the figures say.\n"
    );
    // Each locution's quote is the passage OVA highlighted for it (not "Alice : …"), and a
    // passage across a `<br>` is one line of the quote.
    let yaml = std::fs::read_to_string(&map).expect("map");
    for quote in [
        "quote: \"Tax cuts pay for themselves\"",
        "quote: \"growth raises revenue\"",
        "quote: \"R&D spending fell after the last cut\"",
    ] {
        assert!(yaml.contains(quote), "{quote} in\n{yaml}");
    }
    let report = check_json(&map);
    assert_eq!(report["summary"]["errors"], 0, "{report:#}");
    assert_eq!(report["summary"]["quotes"], 3);
    assert_eq!(report["summary"]["anchored"], 3);
    // The `{"txt": ...}` form gives the same map.
    let (wrapped_map, _) = import_aif_cli(&wrapped_file, &dir.path().join("object/map"));
    assert_eq!(std::fs::read_to_string(wrapped_map).expect("map"), yaml);
}

#[test]
fn a_broken_quote_in_an_imported_map_is_reported_at_its_line_and_column() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("analysis.json");
    std::fs::write(&file, ova_analysis().to_string()).expect("write");
    let (map, _) = import_aif_cli(&file, &dir.path().join("map"));
    let yaml = std::fs::read_to_string(&map).expect("map");
    let broken = yaml.replacen(
        "\"growth raises revenue\"",
        "\"growth raises the revenue\"",
        1,
    );
    assert_ne!(broken, yaml);
    std::fs::write(&map, &broken).expect("write");
    let (line, text) = broken
        .lines()
        .enumerate()
        .find(|(_, l)| l.contains("growth raises the revenue"))
        .expect("the broken quote");
    let column = text.find('"').expect("quoted") + 1;
    let report = check_json(&map);
    let found: Vec<&Value> = report["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .filter(|d| d["code"] == "quote-not-found")
        .collect();
    assert_eq!(found.len(), 1, "{report:#}");
    assert_eq!(found[0]["line"], line + 1, "{report:#}");
    assert_eq!(found[0]["column"], column, "{report:#}");
    assert_eq!(found[0]["subject"]["id"], "growth-raises-revenue");
}

#[test]
fn rephrases_are_notes_and_what_the_map_cannot_hold_is_counted_in_the_summary_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("nodes.json");
    let node = |id: &str, text: &str, kind: &str| serde_json::json!({"nodeID": id, "text": text, "type": kind});
    let nodes = vec![
        node("1", "Sanctions have not worked", "I"),
        node("2", "Sanctions failed", "I"),
        node("3", "Default Rephrase", "MA"),
        node("4", "Sanctions have not worked", "L"),
        node("5", "Asserting", "YA"),
        node("6", "Default Transition", "TA"),
        node("7", "Arguing", "YA"),
        node("8", "Default Preference", "PA"),
        node("9", "Default Inference", "RA"),
        node("10", "untyped", ""),
        node("11", "Hypothesis", "XX"),
        node("12", "Default Transition", "TA"),
        node("13", "Sanctions failed", "L"),
        node("14", "Asserting", "YA"),
    ];
    let edges: Vec<Value> = [
        ("2", "3"),
        ("3", "1"),
        ("4", "5"),
        ("5", "1"),
        ("4", "6"),
        ("6", "7"),
        ("7", "9"),
        ("1", "8"),
        ("8", "2"),
        ("1", "9"),
        ("13", "14"),
        ("14", "2"),
    ]
    .iter()
    .map(|(f, t)| serde_json::json!({"fromID": f, "toID": t}))
    .collect();
    let document = serde_json::json!({"nodes": nodes, "edges": edges, "locutions": []});
    std::fs::write(&file, document.to_string()).expect("write");
    let (map, said) = import_aif_cli(&file, &dir.path().join("map"));
    let lines: Vec<&str> = said.lines().collect();
    assert_eq!(
        lines[0].split(" into ").next(),
        Some("imported 2 claims, 0 supports, 0 contradicts, 2 quotes")
    );
    assert_eq!(
        lines[1],
        "not imported (the map format has no place for them): 1 PA-node, \
         1 RA-node without an I-node on both sides, 2 TA-node, 1 XX-node, \
         1 YA-node on a transition or an S-node, 1 node without a type"
    );
    let yaml = std::fs::read_to_string(&map).expect("map");
    assert!(
        yaml.contains("    note: \"rephrases `sanctions-have-not-worked` (AIF MA-node)\"\n"),
        "{yaml}"
    );
    let report = check_json(&map);
    assert_eq!(report["summary"]["errors"], 0, "{report:#}");
}
