"""Reads a GraphML file with networkx and prints its nodes and edges as JSON.

The consumer check of `claimgraph export --format graphml` (tests/cli/export.rs): what
networkx reads, attributes and their types included, is compared with the map.
"""
import json
import sys

import networkx as nx

graph = nx.read_graphml(sys.argv[1], force_multigraph=True)
json.dump(
    {
        "directed": graph.is_directed(),
        "nodes": {node: data for node, data in graph.nodes(data=True)},
        "edges": [[u, v, data] for u, v, data in graph.edges(data=True)],
    },
    sys.stdout,
    ensure_ascii=False,
)
