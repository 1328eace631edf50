//! AIF JSON, the Argument Interchange Format as OVA and AIFdb write it (`{nodes, edges,
//! locutions}`): each claim an I-node; `a supports b` an RA-node with the edges `a → RA → b`;
//! `a contradicts b` a CA-node `a → CA → b`; each quote an L-node (its text the quote) joined
//! to its claim by a YA-node, `Asserting` for a supporting passage and `Disagreeing` for a
//! contradicting one, with the cited source in the L-node's locution.
//!
//! Node ids are readable and stable (`i:ID`, `ra:FROM:TO`, `l:ID:N`), not AIFdb's numbers, so
//! two exports of one map are equal and a reader can tell what a node came from.

use serde_json::{Value, json};

use crate::model::{EdgeKind, Map, Stance};

pub(super) fn write(map: &Map) -> String {
    let mut graph = Graph::default();
    for claim in &map.claims {
        graph.node(
            &format!("i:{}", claim.id.value),
            &claim.text.value,
            "I",
            None,
        );
    }
    for edge in super::linked_edges(map) {
        let (kind, scheme) = match edge.kind {
            EdgeKind::Supports => ("RA", "Default Inference"),
            EdgeKind::Contradicts => ("CA", "Default Conflict"),
        };
        let node = format!("{}:{}:{}", kind.to_lowercase(), edge.from, edge.to.value);
        graph.node(&node, scheme, kind, Some(scheme));
        graph.edge(&format!("i:{}", edge.from), &node);
        graph.edge(&node, &format!("i:{}", edge.to.value));
    }
    for claim in &map.claims {
        for (n, evidence) in claim.evidence.iter().enumerate() {
            let locution = format!("l:{}:{}", claim.id.value, n + 1);
            let illocution = format!("ya:{}:{}", claim.id.value, n + 1);
            let scheme = match evidence.stance {
                Stance::Supports => "Asserting",
                Stance::Contradicts => "Disagreeing",
                // IAT's reported speech: the source says that someone else asserts it.
                Stance::Reports => "Reporting",
            };
            graph.node(&locution, &evidence.quote.value, "L", None);
            graph.node(&illocution, scheme, "YA", Some(scheme));
            graph.edge(&locution, &illocution);
            graph.edge(&illocution, &format!("i:{}", claim.id.value));
            graph.locutions.push(json!({
                "nodeID": locution,
                "personID": null,
                "start": null,
                "end": null,
                "source": evidence.source.value,
            }));
        }
    }
    let document = json!({
        "nodes": graph.nodes,
        "edges": graph.edges,
        "locutions": graph.locutions,
    });
    let mut out = serde_json::to_string_pretty(&document).unwrap_or_default();
    out.push('\n');
    out
}

#[derive(Default)]
struct Graph {
    nodes: Vec<Value>,
    edges: Vec<Value>,
    locutions: Vec<Value>,
}

impl Graph {
    fn node(&mut self, id: &str, text: &str, kind: &str, scheme: Option<&str>) {
        let mut node = json!({ "nodeID": id, "text": text, "type": kind });
        if let (Some(scheme), Some(fields)) = (scheme, node.as_object_mut()) {
            fields.insert("scheme".into(), scheme.into());
        }
        self.nodes.push(node);
    }

    fn edge(&mut self, from: &str, to: &str) {
        let id = format!("e{}", self.edges.len() + 1);
        self.edges
            .push(json!({ "edgeID": id, "fromID": from, "toID": to, "formEdgeID": null }));
    }
}
