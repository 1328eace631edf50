"""Loads claimgraph's Neo4j export into LadybugDB, an embedded Cypher engine, and reads the
graph back through Cypher queries, as JSON.

    neo4j_load.py cypher FILE    the script of `export --format cypher`
    neo4j_load.py csv DIR        the files of `export --format neo4j-csv`
    neo4j_load.py MODE PATH QUERIES   also runs each query of QUERIES (one per line, or the
                                      ```cypher blocks of a Markdown file) and prints their rows

The consumer check of both Neo4j exports (tests/cli/export.rs). Neo4j itself cannot run here
(no JVM package registry); LadybugDB (the maintained fork of Kuzu) runs the script's
statements as written, except the two `CREATE CONSTRAINT` lines, Neo4j's schema statements,
for which the tables below stand (Ladybug wants its schema declared first). The CSV files are
read by the header rules of `neo4j-admin database import` (`name:type`, `:ID(space)`,
`:LABEL`, `:START_ID`, `:END_ID`, `:TYPE`, list fields split on the array delimiter that
import.sh passes) and loaded with parameterised CREATEs. Both modes print the same queries'
answers, so the test can ask that the two routes build one graph.
"""
import csv
import json
import pathlib
import re
import sys

import real_ladybug

SCHEMA = [
    "CREATE NODE TABLE Claim(id STRING PRIMARY KEY, text STRING, tags STRING[], note STRING, evidence INT64)",
    "CREATE NODE TABLE Source(id STRING PRIMARY KEY, file STRING, title STRING, authors STRING[], published STRING, publisher STRING, url STRING)",
    "CREATE REL TABLE SUPPORTS(FROM Claim TO Claim)",
    "CREATE REL TABLE CONTRADICTS(FROM Claim TO Claim)",
    "CREATE REL TABLE CITES(FROM Claim TO Source, quote STRING, stance STRING, line INT64)",
]


def load_cypher(conn, path):
    script = pathlib.Path(path).read_text(encoding="utf-8")
    kept = [line for line in script.split("\n") if not line.startswith("CREATE CONSTRAINT ")]
    assert len(kept) == len(script.split("\n")) - 2, "expected Neo4j's two constraint statements"
    conn.execute("\n".join(kept))


def header_field(name):
    """`(property, kind, space)` of a header field: kind is ID, LABEL, START_ID, END_ID, TYPE or a value type."""
    match = re.fullmatch(r"([^:]*)(?::([A-Za-z_\[\]]+)(?:\((\w+)\))?)?", name)
    prop, kind, space = match.groups()
    return prop, kind or "string", space


def rows(path, delimiter):
    with open(path, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        fields = [header_field(h) for h in next(reader)]
        for row in reader:
            record = {}
            for (prop, kind, space), value in zip(fields, row):
                if value == "":
                    continue  # an empty field is no property
                if kind.endswith("[]"):
                    value = value.split(delimiter)
                elif kind in ("int", "long"):
                    value = int(value)
                record[kind if kind in ("ID", "LABEL", "START_ID", "END_ID", "TYPE") else prop] = value
                if kind == "ID":
                    record["id"] = value
            yield record


def load_csv(conn, folder):
    folder = pathlib.Path(folder)
    script = (folder / "import.sh").read_text(encoding="utf-8")
    found = re.search(r"--array-delimiter='(.)'", script)
    delimiter = found.group(1) if found else ";"
    nodes = re.findall(r"--nodes=(\S+)", script)
    relationships = re.findall(r"--relationships=(\S+)", script)
    labels = {}
    for name in nodes:
        for record in rows(folder / name, delimiter):
            label = record.pop("LABEL")
            labels[record.pop("ID")] = label
            props = ", ".join(f"{k}: ${k}" for k in record)
            conn.execute(f"CREATE (:{label} {{{props}}})", record)
    for name in relationships:
        for record in rows(folder / name, delimiter):
            start, end, kind = record.pop("START_ID"), record.pop("END_ID"), record.pop("TYPE")
            props = ", ".join(f"{k}: ${k}" for k in record)
            props = f" {{{props}}}" if props else ""
            conn.execute(
                f"MATCH (a:Claim {{id: $from_id}}) MATCH (b:{'Source' if kind == 'CITES' else 'Claim'} {{id: $to_id}}) "
                f"CREATE (a)-[:{kind}{props}]->(b)",
                {**record, "from_id": start, "to_id": end},
            )


def answer(conn, query):
    result = conn.execute(query)
    out = []
    while result.has_next():
        out.append(result.get_next())
    return out


def supporters(conn):
    """Each claim's supporters, the question a Neo4j user asks first (README)."""
    out = {}
    for claim, supporter in answer(
        conn, "MATCH (s:Claim)-[:SUPPORTS]->(c:Claim) RETURN c.id, s.id ORDER BY c.id, s.id"
    ):
        out.setdefault(claim, []).append(supporter)
    return out


def queries(path):
    """The queries of a file: its ```cypher blocks when it has any (the README), else its lines."""
    text = pathlib.Path(path).read_text(encoding="utf-8")
    blocks = re.findall(r"```cypher\n(.*?)```", text, flags=re.S)
    return [q.strip().rstrip(";") for q in (blocks or text.splitlines()) if q.strip()]


def main():
    mode, path = sys.argv[1], sys.argv[2]
    db = real_ladybug.Database(":memory:")
    conn = real_ladybug.Connection(db)
    for statement in SCHEMA:
        conn.execute(statement)
    (load_cypher if mode == "cypher" else load_csv)(conn, path)
    claims = answer(conn, "MATCH (c:Claim) RETURN c.id, c.text, c.tags, c.note, c.evidence ORDER BY c.id")
    sources = answer(
        conn,
        "MATCH (s:Source) RETURN s.id, s.file, s.title, s.authors, s.published, s.publisher, s.url ORDER BY s.id",
    )
    asked = queries(sys.argv[3]) if len(sys.argv) > 3 else []
    json.dump(
        {
            "queries": [{"query": q, "rows": answer(conn, q)} for q in asked],
            "claims": {r[0]: {"text": r[1], "tags": r[2], "note": r[3], "evidence": r[4]} for r in claims},
            "sources": {r[0]: r[1:] for r in sources},
            "supporters": supporters(conn),
            "contradicts": answer(
                conn, "MATCH (a:Claim)-[:CONTRADICTS]->(b:Claim) RETURN a.id, b.id ORDER BY a.id, b.id"
            ),
            "cites": answer(
                conn,
                "MATCH (c:Claim)-[q:CITES]->(s:Source) RETURN c.id, s.id, q.quote, q.stance, q.line "
                "ORDER BY c.id, s.id, q.quote",
            ),
        },
        sys.stdout,
        ensure_ascii=False,
        indent=1,
    )


main()
