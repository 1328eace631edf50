//! The claims as a petgraph graph, and the algorithms the checks and renderers need.
//!
//! Dangling references are left out of the graph (they are reported by `validate`), and a
//! duplicated id resolves to its first claim, so every algorithm here works on any map.

use std::collections::VecDeque;

use foldhash::{HashMap, HashSet};

use petgraph::Direction;
use petgraph::algo::tarjan_scc;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;

use crate::model::{EdgeKind, Map};

/// Claims as nodes (weight: index into `map.claims`), edges as supports/contradicts.
#[derive(Debug)]
pub struct ClaimGraph {
    /// The graph; node `i` is claim `i`.
    pub graph: DiGraph<usize, EdgeKind>,
}

impl ClaimGraph {
    /// Builds the graph of `map`, skipping edges to unknown ids.
    pub fn new(map: &Map) -> Self {
        let index = map.claim_index();
        let mut graph = DiGraph::with_capacity(map.claims.len(), map.claims.len() * 2);
        for i in 0..map.claims.len() {
            graph.add_node(i);
        }
        for (from, claim) in map.claims.iter().enumerate() {
            let lists = [
                (EdgeKind::Supports, &claim.supports),
                (EdgeKind::Contradicts, &claim.contradicts),
            ];
            for (kind, targets) in lists {
                for target in targets {
                    if let Some(&to) = index.get(target.value.as_str()) {
                        graph.add_edge(NodeIndex::new(from), NodeIndex::new(to), kind);
                    }
                }
            }
        }
        ClaimGraph { graph }
    }

    /// Every circle of `supports` edges, one per strongly connected component, as claim indices
    /// in order (the first is not repeated at the end). Self-loops are not included.
    pub fn support_cycles(&self) -> Vec<Vec<usize>> {
        let supports = self.graph.filter_map(
            |_, &n| Some(n),
            |_, &k| (k == EdgeKind::Supports).then_some(k),
        );
        let mut cycles = Vec::new();
        for component in tarjan_scc(&supports) {
            if component.len() < 2 {
                continue;
            }
            let members: HashSet<NodeIndex> = component.iter().copied().collect();
            let Some(&start) = component.iter().min() else {
                continue;
            };
            // Shortest path back to `start` inside the component (BFS): names one real cycle.
            let mut previous: HashMap<NodeIndex, NodeIndex> = HashMap::default();
            let mut queue = VecDeque::from([start]);
            let mut closing = None;
            'search: while let Some(node) = queue.pop_front() {
                for next in supports.neighbors_directed(node, Direction::Outgoing) {
                    if !members.contains(&next) {
                        continue;
                    }
                    if next == start {
                        closing = Some(node);
                        break 'search;
                    }
                    if next != start && !previous.contains_key(&next) {
                        previous.insert(next, node);
                        queue.push_back(next);
                    }
                }
            }
            let Some(mut node) = closing else { continue };
            let mut path = vec![supports[node]];
            while let Some(&p) = previous.get(&node) {
                path.push(supports[p]);
                node = p;
            }
            if node != start {
                path.push(supports[start]);
            }
            path.reverse();
            cycles.push(path);
        }
        cycles.sort();
        cycles
    }

    /// Whether claim `i` has any edge to or from another claim.
    pub fn is_linked(&self, i: usize) -> bool {
        let node = NodeIndex::new(i);
        self.graph
            .edges_directed(node, Direction::Outgoing)
            .chain(self.graph.edges_directed(node, Direction::Incoming))
            .any(|e| e.source() != e.target())
    }

    /// Claims within `depth` edges of claim `i`, following edges both ways (includes `i`).
    pub fn neighbourhood(&self, i: usize, depth: usize) -> HashSet<usize> {
        let mut seen = HashSet::from_iter([i]);
        let mut frontier = vec![NodeIndex::new(i)];
        for _ in 0..depth {
            let mut next = Vec::new();
            for node in frontier {
                for n in self.graph.neighbors_undirected(node) {
                    if seen.insert(n.index()) {
                        next.push(n);
                    }
                }
            }
            frontier = next;
        }
        seen
    }

    /// Claims with an edge into claim `i`, with the edge kind.
    pub fn incoming(&self, i: usize) -> Vec<(usize, EdgeKind)> {
        let mut edges: Vec<(usize, EdgeKind)> = self
            .graph
            .edges_directed(NodeIndex::new(i), Direction::Incoming)
            .map(|e| (e.source().index(), *e.weight()))
            .collect();
        edges.sort();
        edges
    }
}
