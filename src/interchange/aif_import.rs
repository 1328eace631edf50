//! AIF JSON → a new map: what `claimgraph import --from aif` writes.
//!
//! An AIF map is an argument graph plus, in AIFdb and OVA files, the dialogue it was analysed
//! from: I-nodes (propositions) become claims; every premise of an RA-node supports each of its
//! conclusions; what points into a CA-node contradicts what it points to; an MA-node (rephrase)
//! becomes a note. The corpus is made from the map's own text — the xAIF `text` when there is
//! one, else every locution (L-node) on a line of its own — so each claim asserted by a
//! locution (L → YA → I) cites that locution verbatim and anchors. Whatever the model cannot
//! hold (transitions, preferences, illocutions on S-nodes) is counted in [`Imported::dropped`],
//! never dropped silently.

use std::collections::BTreeMap;

use serde_json::Value;

use super::imported::{ImportError, Imported, NewClaim, NewEvidence, NewMap, write_yaml};
use crate::validate::slug;

struct Node<'a> {
    kind: &'a str,
    text: &'a str,
    scheme: &'a str,
}

/// Builds a map from the AIF JSON `json`; `source` names the corpus file's source id.
pub fn import_aif(json: &str, source: &str) -> Result<Imported, ImportError> {
    let document: Value =
        serde_json::from_str(json).map_err(|e| ImportError::Json(e.to_string()))?;
    let aif = document.get("AIF").unwrap_or(&document);
    let nodes_json = aif
        .get("nodes")
        .and_then(Value::as_array)
        .ok_or(ImportError::NotAif)?;
    let id_of = |v: &Value| match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    let mut order: Vec<String> = Vec::new();
    let mut nodes: BTreeMap<String, Node<'_>> = BTreeMap::new();
    for node in nodes_json {
        let id = id_of(node.get("nodeID").unwrap_or(&Value::Null));
        let text = node.get("text").and_then(Value::as_str).unwrap_or_default();
        let kind = node.get("type").and_then(Value::as_str).unwrap_or_default();
        let scheme = node.get("scheme").and_then(Value::as_str).unwrap_or(text);
        order.push(id.clone());
        nodes.insert(id, Node { kind, text, scheme });
    }
    let mut into: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut out_of: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for edge in aif
        .get("edges")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let from = id_of(edge.get("fromID").unwrap_or(&Value::Null));
        let to = id_of(edge.get("toID").unwrap_or(&Value::Null));
        out_of.entry(from.clone()).or_default().push(to.clone());
        into.entry(to).or_default().push(from);
    }
    let kind_of = |id: &str| nodes.get(id).map_or("", |n| n.kind);
    let linked = |map: &BTreeMap<String, Vec<String>>, id: &str, kind: &str| -> Vec<String> {
        map.get(id)
            .into_iter()
            .flatten()
            .filter(|n| kind_of(n) == kind)
            .cloned()
            .collect()
    };

    // Claims, with readable unique ids made from their text.
    let mut claims: Vec<Claim> = Vec::new();
    let mut claim_of: BTreeMap<String, usize> = BTreeMap::new();
    let mut taken = std::collections::BTreeSet::new();
    for id in order.iter().filter(|id| kind_of(id) == "I") {
        let text = nodes[id]
            .text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ");
        let words: Vec<&str> = text.split_whitespace().take(6).collect();
        let mut base = slug(&words.join(" "));
        if base.is_empty() {
            base = "claim".to_string();
        }
        let mut unique = base.clone();
        let mut n = 2;
        while !taken.insert(unique.clone()) {
            unique = format!("{base}-{n}");
            n += 1;
        }
        claim_of.insert(id.clone(), claims.len());
        claims.push(Claim {
            id: unique,
            text,
            ..Claim::default()
        });
    }

    let mut dropped: BTreeMap<String, usize> = BTreeMap::new();
    let mut drop = |what: &str| *dropped.entry(what.to_string()).or_default() += 1;
    for id in &order {
        let node = &nodes[id];
        match node.kind {
            "I" | "L" => {}
            "RA" | "CA" | "MA" => {
                let premises = linked(&into, id, "I");
                let conclusions = linked(&out_of, id, "I");
                if premises.is_empty() || conclusions.is_empty() {
                    drop(&format!(
                        "{}-node without an I-node on both sides",
                        node.kind
                    ));
                }
                for p in &premises {
                    for c in &conclusions {
                        let (Some(&pi), Some(&ci)) = (claim_of.get(p), claim_of.get(c)) else {
                            continue;
                        };
                        let target = claims[ci].id.clone();
                        match node.kind {
                            "RA" => claims[pi].supports.push(target),
                            "CA" => claims[pi].contradicts.push(target),
                            _ => claims[pi]
                                .notes
                                .push(format!("rephrases `{target}` (AIF MA-node)")),
                        }
                    }
                }
            }
            "YA" => {
                let locutions = linked(&into, id, "L");
                let contents = linked(&out_of, id, "I");
                if locutions.is_empty() || contents.is_empty() {
                    drop("YA-node on a transition or an S-node");
                }
                let stance = if node.scheme.to_lowercase().contains("disagree") {
                    "contradicts"
                } else {
                    "supports"
                };
                for l in &locutions {
                    for c in &contents {
                        if let Some(&ci) = claim_of.get(c) {
                            let quote = single_line(nodes[l].text);
                            claims[ci].evidence.push((quote, stance));
                        }
                    }
                }
            }
            "" => drop("node without a type"),
            other => drop(&format!("{other}-node")),
        }
    }

    let text = corpus_text(&document, &order, &nodes);
    settle(&mut claims, &text);
    let claims = new_claims(&claims, source);
    Ok(Imported {
        yaml: write_yaml(
            &NewMap {
                comment: HEADER,
                ..NewMap::default()
            },
            &claims,
        ),
        corpus: Some((format!("{source}.txt"), text)),
        dropped,
        warnings: Vec::new(),
        counts: super::imported::counts(&claims),
    })
}

/// The corpus: the xAIF `text` when there is one, else every locution on a line of its own.
fn corpus_text(document: &Value, order: &[String], nodes: &BTreeMap<String, Node<'_>>) -> String {
    if let Some(text) = document.get("text").and_then(Value::as_str)
        && !text.trim().is_empty()
    {
        return text.to_string();
    }
    // A locution written twice (AIFdb repeats them) is one line: two would make every quote
    // of it ambiguous.
    let mut seen = std::collections::BTreeSet::new();
    let lines: Vec<String> = order
        .iter()
        .filter(|id| nodes.get(*id).is_some_and(|n| n.kind == "L"))
        .map(|id| single_line(nodes[id].text))
        .filter(|line| seen.insert(line.clone()))
        .collect();
    lines.join("\n") + "\n"
}

/// Keeps only quotes the corpus holds (once each), lets a claim no locution asserts cite its
/// own text when the corpus has it, and puts each claim's lists in order.
fn settle(claims: &mut [Claim], corpus: &str) {
    let folded = single_line(corpus);
    for claim in claims {
        claim
            .evidence
            .retain(|(quote, _)| folded.contains(quote.as_str()));
        let mut seen = std::collections::BTreeSet::new();
        claim.evidence.retain(|e| seen.insert(e.clone()));
        if claim.evidence.is_empty() && !claim.text.is_empty() && folded.contains(&claim.text) {
            claim.evidence.push((claim.text.clone(), "supports"));
        }
        claim.supports.sort();
        claim.supports.dedup();
        claim.contradicts.sort();
        claim.contradicts.dedup();
    }
}

#[derive(Default)]
struct Claim {
    id: String,
    text: String,
    supports: Vec<String>,
    contradicts: Vec<String>,
    notes: Vec<String>,
    evidence: Vec<(String, &'static str)>,
}

fn single_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

const HEADER: &[&str] = &[
    "Imported from AIF by `claimgraph import`: one claim per I-node, supports from RA-nodes,",
    "contradicts from CA-nodes, evidence from the locutions that assert each claim.",
];

/// The claims as the shared writer takes them, every quote from the one corpus file `source`.
fn new_claims(claims: &[Claim], source: &str) -> Vec<NewClaim> {
    claims
        .iter()
        .map(|c| NewClaim {
            id: c.id.clone(),
            text: c.text.clone(),
            notes: c.notes.clone(),
            supports: c.supports.clone(),
            contradicts: c.contradicts.clone(),
            evidence: c
                .evidence
                .iter()
                .map(|(quote, stance)| NewEvidence {
                    source: source.to_string(),
                    quote: quote.clone(),
                    contradicts: *stance == "contradicts",
                })
                .collect(),
            ..NewClaim::default()
        })
        .collect()
}
