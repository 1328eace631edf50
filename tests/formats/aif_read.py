"""Loads an AIF JSON file with arguebuf and prints what it read as JSON.

The consumer check of `claimgraph export --format aif` (tests/cli/export.rs). arguebuf keeps
the argument graph (I-nodes as atoms, RA/CA as support/attack schemes, their edges) and
drops the dialogue layer (L, YA, TA nodes), as it does for AIFdb's own maps.
"""
import json
import sys

import arguebuf

graph = arguebuf.load.file(sys.argv[1])
json.dump(
    {
        "atoms": {key: node.plain_text for key, node in graph.atom_nodes.items()},
        "schemes": {
            key: type(node.scheme).__name__ for key, node in graph.scheme_nodes.items()
        },
        "edges": [[edge.source.id, edge.target.id] for edge in graph.edges.values()],
    },
    sys.stdout,
    ensure_ascii=False,
)
