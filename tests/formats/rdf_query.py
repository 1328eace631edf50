"""Loads a Turtle file into pyoxigraph and answers SPARQL queries about it, as JSON.

The consumer check of `claimgraph export --format turtle` (tests/cli/export.rs): each claim's
text, each claim's supporters and attackers, and each quote with its source, all through
SPARQL over what the store parsed.
"""
import json
import sys

import pyoxigraph

PREFIXES = """
PREFIX aif: <http://www.arg.tech/aif#>
PREFIX schema: <https://schema.org/>
"""

store = pyoxigraph.Store()
with open(sys.argv[1], "rb") as turtle:
    store.load(turtle, format=pyoxigraph.RdfFormat.TURTLE)


def rows(query):
    return [[term.value for term in solution] for solution in store.query(PREFIXES + query)]


json.dump(
    {
        "claims": rows(
            "SELECT ?id ?text WHERE { ?c a schema:Claim ; schema:identifier ?id ; aif:claimText ?text }"
        ),
        "supporters": rows(
            """SELECT ?claim ?supporter WHERE {
                 ?ra a aif:RA-node ; aif:Premise ?p ; aif:Conclusion ?c .
                 ?p schema:identifier ?supporter . ?c schema:identifier ?claim }"""
        ),
        "attackers": rows(
            """SELECT ?claim ?attacker WHERE {
                 ?ca a aif:CA-node ; aif:Premise ?p ; aif:Conclusion ?c .
                 ?p schema:identifier ?attacker . ?c schema:identifier ?claim }"""
        ),
        "quotes": rows(
            """SELECT ?claim ?quote ?source WHERE {
                 ?ya a aif:YA-node ; aif:Locution ?l ; aif:IllocutionaryContent ?c .
                 ?l aif:claimText ?quote ; schema:isPartOf ?s .
                 ?s schema:identifier ?source . ?c schema:identifier ?claim }"""
        ),
    },
    sys.stdout,
    ensure_ascii=False,
)
