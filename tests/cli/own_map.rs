//! The repository's own map (the five articles on leverage over the Taliban): its corpus is
//! byte-identical to the texts received, it passes check with no warning, and its size is pinned
//! so that an accidental deletion fails CI.

use sha2::{Digest, Sha256};

use crate::support::{claimgraph, root};

/// Corpus file → (seed file it was copied from, SHA-256 of the seed as received).
const CORPUS: &[(&str, &str, &str)] = &[
    (
        "netherlands-brief-2024-pragmatic-engagement.txt",
        "000_f5673f8674ea4e93.txt",
        "73d17551603a716488e8b9bc96f79dbd26cf54a5a06e1bd992f06f894dbaeb73",
    ),
    (
        "lawfare-2023-leverage-failed.txt",
        "001_f52a0a3cddc8dae6.txt",
        "67a2f647e3050a130cb145306f0c5095b7d1c0e657958751d00a574993322de7",
    ),
    (
        "barro-2021-little-leverage.txt",
        "002_4c27b1954af0a230.txt",
        "27b78b5c66e23318de2c4f9c5dc817d811491ae63764afbec51641f08b08a24a",
    ),
    (
        "transatlanticist-2021-nato-engage.txt",
        "003_c03356057ba28c42.txt",
        "c62b24cfda41c0ed47b9edee2b2a27ef6b0d04e986b44ef8b3432e84d15341ab",
    ),
    (
        "us-taliban-alliance-2021.txt",
        "004_ecefc15d0e217896.txt",
        "4fba6661258dc5eb80ed3157532958b6a301e18043270cd482db4ef243c549ae",
    ),
];

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn corpus_is_byte_identical_to_the_seeds() {
    let corpus = root().join("corpus");
    let seeds = root().join("../shared/seeds");
    for (file, seed, hash) in CORPUS {
        let bytes =
            std::fs::read(corpus.join(file)).unwrap_or_else(|e| panic!("corpus/{file}: {e}"));
        assert_eq!(
            &sha256(&bytes),
            hash,
            "corpus/{file} differs from the text received"
        );
        // Where the seeds themselves are at hand (CI has ../shared), compare byte for byte too.
        if let Ok(original) = std::fs::read(seeds.join(seed)) {
            assert!(
                original == bytes,
                "corpus/{file} differs from ../shared/seeds/{seed}"
            );
        }
    }
    let mut names: Vec<String> = std::fs::read_dir(&corpus)
        .expect("corpus/ exists")
        .map(|e| {
            e.expect("a directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    let mut expected: Vec<String> = CORPUS.iter().map(|(f, _, _)| f.to_string()).collect();
    expected.sort();
    assert_eq!(names, expected, "corpus/ holds exactly the five texts");
}

#[test]
fn own_map_passes_check_with_no_warning_and_keeps_its_size() {
    let output = claimgraph()
        .args([
            "check",
            "--deny-warnings",
            "--format",
            "json",
            "claims.yaml",
        ])
        .output()
        .expect("claimgraph runs");
    let document: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(
        document["diagnostics"],
        serde_json::json!([]),
        "the map has findings"
    );
    assert_eq!(output.status.code(), Some(0));
    let summary = &document["summary"];
    let count = |key: &str| summary[key].as_u64().unwrap_or_default();
    // Pinned: change these numbers deliberately when the map grows or shrinks.
    assert_eq!(count("sources"), 5);
    assert_eq!(count("claims"), PINNED_CLAIMS, "number of claims changed");
    assert_eq!(
        count("edges"),
        PINNED_EDGES,
        "number of claim-to-claim edges changed"
    );
    assert_eq!(count("quotes"), PINNED_QUOTES, "number of quotes changed");
    assert_eq!(count("anchored"), count("quotes"));
}

const PINNED_CLAIMS: u64 = 74;
const PINNED_EDGES: u64 = 127;
const PINNED_QUOTES: u64 = 194;

#[test]
fn own_map_meets_the_curation_brief() {
    let checked = claimgraph::check(&root().join("claims.yaml")).expect("the map loads");
    let map = checked.map.expect("the map parses");
    let contradicts = map
        .edges()
        .filter(|e| e.kind == claimgraph::model::EdgeKind::Contradicts)
        .count();
    assert!(map.claims.len() >= 45, "at least 45 claims");
    assert!(map.edges().count() >= 60, "at least 60 edges");
    assert!(contradicts >= 15, "at least 15 contradicts edges");
    let multi_source = map
        .claims
        .iter()
        .filter(|c| {
            let mut sources: Vec<&str> =
                c.evidence.iter().map(|e| e.source.value.as_str()).collect();
            sources.sort_unstable();
            sources.dedup();
            sources.len() > 1
        })
        .count();
    assert!(
        multi_source >= 3,
        "several claims carry evidence from more than one source"
    );
    let disputed = map
        .claims
        .iter()
        .filter(|c| {
            c.evidence
                .iter()
                .any(|e| e.stance == claimgraph::model::Stance::Contradicts)
        })
        .count();
    assert!(
        disputed >= 3,
        "several claims carry evidence with `stance: contradicts`"
    );
    // Metadata is what the text shows, never invented: a title given is in the text, and a
    // source without one (the brief, whose text shows no title) says why in a comment.
    let mut titled = 0;
    for source in &map.sources {
        if let Some(title) = &source.meta.title {
            let text =
                std::fs::read_to_string(root().join("corpus").join(format!("{}.txt", source.id)))
                    .expect("the source's text");
            assert!(
                text.contains(title.as_str()),
                "the title of `{}` is not in its text",
                source.id
            );
            titled += 1;
        }
    }
    assert!(titled >= 4, "the sources whose text shows a title have it");
}
