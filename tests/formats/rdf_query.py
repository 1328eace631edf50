"""Loads a Turtle or JSON-LD file into pyoxigraph and answers SPARQL queries about it, as JSON.

    rdf_query.py FILE [turtle|jsonld]

The consumer check of `claimgraph export --format turtle|jsonld` (tests/cli/export.rs): each claim's
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

FORMATS = {"turtle": pyoxigraph.RdfFormat.TURTLE, "jsonld": pyoxigraph.RdfFormat.JSON_LD}
store = pyoxigraph.Store()
with open(sys.argv[1], "rb") as document:
    store.load(document, format=FORMATS[sys.argv[2] if len(sys.argv) > 2 else "turtle"])


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
