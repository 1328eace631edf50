//! AIF JSON → a new map: what `claimgraph import --from aif` writes.
//!
//! An AIF map is an argument graph plus, in AIFdb and OVA files, the dialogue it was analysed
//! from: I-nodes (propositions) become claims; every premise of an RA-node supports each of its
//! conclusions; what points into a CA-node contradicts what it points to; an MA-node (rephrase)
//! becomes a note. The corpus is made from the map's own text — the xAIF `text` when there is
//! one (OVA's HTML made plain, see `ova_text`), else every locution (L-node) on a line of its
//! own — so each claim asserted by a locution (L → YA → I) cites that locution verbatim and
//! anchors. I-nodes that `claimgraph export` wrote (`i:ID`) keep their ids, so a map survives
//! a round trip through AIF. Whatever the model cannot hold (transitions, preferences,
//! illocutions on S-nodes) is counted in [`Imported::dropped`], never dropped silently.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::imported::{ImportError, Imported, NewClaim, NewEvidence, NewMap, write_yaml};
use crate::model::Stance;
use crate::validate::{is_valid_id, slug};

struct Node<'a> {
    kind: &'a str,
    text: &'a str,
    scheme: &'a str,
}

/// Builds a map from the AIF JSON `json`; `source` names the corpus file's source id.
pub fn import_aif(json: &str, source: &str) -> Result<Imported, ImportError> {
    let document: Value =
        serde_json::from_str(json).map_err(|e| ImportError::Json(e.to_string()))?;
    // The xAIF wrapper (`{"AIF": {...}, "text": ...}`) holds the AIF map under `AIF`.
    let mut graph = Graph::read(document.get("AIF").unwrap_or(&document))?;
    let (text, highlights) = corpus_text(&document, &graph);
    graph.highlights = highlights;
    let (mut claims, claim_of) = claims(&graph);
    let dropped = relate(&graph, &mut claims, &claim_of);
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

/// The AIF graph: its nodes in file order and by id, the links into and out of each, and the
/// passages of the xAIF text that OVA highlighted for nodes.
struct Graph<'a> {
    order: Vec<String>,
    nodes: BTreeMap<String, Node<'a>>,
    into: BTreeMap<String, Vec<String>>,
    out_of: BTreeMap<String, Vec<String>>,
    highlights: BTreeMap<String, String>,
}

impl<'a> Graph<'a> {
    /// Reads `nodes` and `edges`; ids may be strings or numbers (AIFdb writes both).
    fn read(aif: &'a Value) -> Result<Self, ImportError> {
        let nodes_json = aif
            .get("nodes")
            .and_then(Value::as_array)
            .ok_or(ImportError::NotAif)?;
        let mut graph = Graph {
            order: Vec::new(),
            nodes: BTreeMap::new(),
            into: BTreeMap::new(),
            out_of: BTreeMap::new(),
            highlights: BTreeMap::new(),
        };
        for node in nodes_json {
            let id = id_of(node.get("nodeID"));
            let text = node.get("text").and_then(Value::as_str).unwrap_or_default();
            let kind = node.get("type").and_then(Value::as_str).unwrap_or_default();
            let scheme = node.get("scheme").and_then(Value::as_str).unwrap_or(text);
            graph.order.push(id.clone());
            graph.nodes.insert(id, Node { kind, text, scheme });
        }
        let edges = aif.get("edges").and_then(Value::as_array);
        for edge in edges.into_iter().flatten() {
            let from = id_of(edge.get("fromID"));
            let to = id_of(edge.get("toID"));
            graph
                .out_of
                .entry(from.clone())
                .or_default()
                .push(to.clone());
            graph.into.entry(to).or_default().push(from);
        }
        Ok(graph)
    }

    /// The text a node was taken from: its highlighted passage, else its own text.
    fn passage(&self, id: &str) -> &str {
        match self.highlights.get(id) {
            Some(passage) => passage,
            None => self.nodes.get(id).map_or("", |n| n.text),
        }
    }

    fn kind_of(&self, id: &str) -> &str {
        self.nodes.get(id).map_or("", |n| n.kind)
    }

    /// The nodes of `kind` with a link into `id`.
    fn before(&self, id: &str, kind: &str) -> Vec<String> {
        self.linked(&self.into, id, kind)
    }

    /// The nodes of `kind` that `id` links to.
    fn after(&self, id: &str, kind: &str) -> Vec<String> {
        self.linked(&self.out_of, id, kind)
    }

    fn linked(&self, links: &BTreeMap<String, Vec<String>>, id: &str, kind: &str) -> Vec<String> {
        links
            .get(id)
            .into_iter()
            .flatten()
            .filter(|n| self.kind_of(n) == kind)
            .cloned()
            .collect()
    }
}

/// A node id as a string, whether the file wrote a string or a number.
fn id_of(value: Option<&Value>) -> String {
    match value.unwrap_or(&Value::Null) {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// One claim per I-node, in file order, and which claim each I-node became. An I-node that
/// `claimgraph export` wrote (`i:ID`) keeps its id; the others get readable unique ids made
/// from their text.
fn claims(graph: &Graph<'_>) -> (Vec<Claim>, BTreeMap<String, usize>) {
    let inodes: Vec<&String> = graph
        .order
        .iter()
        .filter(|id| graph.kind_of(id) == "I")
        .collect();
    let mut taken = BTreeSet::new();
    let kept: Vec<Option<String>> = inodes
        .iter()
        .map(|id| {
            id.strip_prefix("i:")
                .filter(|kept| is_valid_id(kept) && taken.insert(kept.to_string()))
                .map(str::to_string)
        })
        .collect();
    let mut claims: Vec<Claim> = Vec::new();
    let mut claim_of: BTreeMap<String, usize> = BTreeMap::new();
    for (id, kept) in inodes.into_iter().zip(kept) {
        let text = single_line(graph.nodes[id].text);
        let unique = kept.unwrap_or_else(|| id_from_text(&text, &mut taken));
        claim_of.insert(id.clone(), claims.len());
        claims.push(Claim {
            id: unique,
            text,
            highlight: graph.highlights.get(id).map(|p| single_line(p)),
            ..Claim::default()
        });
    }
    (claims, claim_of)
}

/// An id made from the first six words of `text` (`claim` when they have no letters or
/// digits), with `-2`, `-3` added until it is not `taken`; it is taken then.
fn id_from_text(text: &str, taken: &mut BTreeSet<String>) -> String {
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
    unique
}

/// Adds the relations (RA, CA, MA) and the assertions (YA) to the claims; returns what the
/// model has no place for, by kind.
fn relate(
    graph: &Graph<'_>,
    claims: &mut [Claim],
    claim_of: &BTreeMap<String, usize>,
) -> BTreeMap<String, usize> {
    let mut dropped: BTreeMap<String, usize> = BTreeMap::new();
    for id in &graph.order {
        let kind = graph.nodes[id].kind;
        let unplaced = match kind {
            "I" | "L" => None,
            "RA" | "CA" | "MA" => relation(graph, id, claims, claim_of),
            "YA" => assertion(graph, id, claims, claim_of),
            "" => Some("node without a type".to_string()),
            other => Some(format!("{other}-node")),
        };
        if let Some(what) = unplaced {
            *dropped.entry(what).or_default() += 1;
        }
    }
    dropped
}

/// An RA-, CA- or MA-node `id`: every premise (I → node) supports, contradicts or rephrases
/// every conclusion (node → I). Returns what to count as not imported, if anything.
fn relation(
    graph: &Graph<'_>,
    id: &str,
    claims: &mut [Claim],
    claim_of: &BTreeMap<String, usize>,
) -> Option<String> {
    let kind = graph.nodes[id].kind;
    let premises = graph.before(id, "I");
    let conclusions = graph.after(id, "I");
    for p in &premises {
        for c in &conclusions {
            let (Some(&pi), Some(&ci)) = (claim_of.get(p), claim_of.get(c)) else {
                continue;
            };
            let target = claims[ci].id.clone();
            match kind {
                "RA" => claims[pi].supports.push(target),
                "CA" => claims[pi].contradicts.push(target),
                _ => claims[pi]
                    .notes
                    .push(format!("rephrases `{target}` (AIF MA-node)")),
            }
        }
    }
    (premises.is_empty() || conclusions.is_empty())
        .then(|| format!("{kind}-node without an I-node on both sides"))
}

/// A YA-node `id`: each locution (L → YA) it joins to a claim (YA → I) is that claim's
/// evidence (the passage OVA highlighted for the locution, else its text), contradicting when
/// the illocution is a disagreeing one, reporting when it is a reporting one.
fn assertion(
    graph: &Graph<'_>,
    id: &str,
    claims: &mut [Claim],
    claim_of: &BTreeMap<String, usize>,
) -> Option<String> {
    let locutions = graph.before(id, "L");
    let contents = graph.after(id, "I");
    // `Reporting` is what `claimgraph export` writes for `stance: reports` (IAT's reported
    // speech); a disagreeing illocution is a contradicting quote.
    let scheme = graph.nodes[id].scheme.to_lowercase();
    let stance = if scheme.contains("disagree") {
        "contradicts"
    } else if scheme.contains("report") {
        "reports"
    } else {
        "supports"
    };
    for l in &locutions {
        for c in &contents {
            if let Some(&ci) = claim_of.get(c) {
                let quote = single_line(graph.passage(l));
                claims[ci].evidence.push((quote, stance));
            }
        }
    }
    (locutions.is_empty() || contents.is_empty())
        .then(|| "YA-node on a transition or an S-node".to_string())
}

/// The corpus: the xAIF `text` when there is one (OVA writes a string, or `{"txt": ...}`; its
/// HTML made plain, with the passage each highlighted node was taken from), else every
/// locution on a line of its own.
fn corpus_text(document: &Value, graph: &Graph<'_>) -> (String, BTreeMap<String, String>) {
    let text = document.get("text");
    let text = text
        .and_then(|t| t.get("txt"))
        .or(text)
        .and_then(Value::as_str);
    if let Some(text) = text
        && !text.trim().is_empty()
    {
        return super::ova_text::plain(text);
    }
    // A locution written twice (AIFdb repeats them) is one line: two would make every quote
    // of it ambiguous.
    let mut seen = BTreeSet::new();
    let lines: Vec<String> = graph
        .order
        .iter()
        .filter(|id| graph.kind_of(id) == "L")
        .map(|id| single_line(graph.nodes[id].text))
        .filter(|line| seen.insert(line.clone()))
        .collect();
    (lines.join("\n") + "\n", BTreeMap::new())
}

/// Keeps only quotes the corpus holds (once each), lets a claim no locution asserts cite the
/// passage OVA highlighted for it, else its own text, when the corpus has it, and puts each
/// claim's lists in order.
fn settle(claims: &mut [Claim], corpus: &str) {
    let folded = single_line(corpus);
    for claim in claims {
        claim
            .evidence
            .retain(|(quote, _)| folded.contains(quote.as_str()));
        let mut seen = BTreeSet::new();
        claim.evidence.retain(|e| seen.insert(e.clone()));
        if claim.evidence.is_empty() {
            let passage = [claim.highlight.as_ref(), Some(&claim.text)]
                .into_iter()
                .flatten()
                .find(|p| !p.is_empty() && folded.contains(p.as_str()));
            if let Some(passage) = passage {
                claim.evidence.push((passage.clone(), "supports"));
            }
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
    /// The passage of the xAIF text OVA highlighted for this claim's I-node.
    highlight: Option<String>,
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
                    stance: match *stance {
                        "contradicts" => Stance::Contradicts,
                        "reports" => Stance::Reports,
                        _ => Stance::Supports,
                    },
                    holder: None,
                })
                .collect(),
            ..NewClaim::default()
        })
        .collect()
}
