// Parses a Cypher script with Neo4j's own Cypher parser and semantic analysis
// (@neo4j-cypher/language-support, the engine of Neo4j's VS Code extension and Query tool),
// and prints its diagnostics as JSON: `[]` when Neo4j 5 would accept every statement.
//
//     node cypher_lint.mjs FILE
//
// The syntax check of `claimgraph export --format cypher` (tests/cli/export.rs); the script is
// also run by a Cypher engine there (neo4j_load.py).
import { lintCypherQuery } from '@neo4j-cypher/language-support';
import { readFileSync } from 'node:fs';

// One statement at a time: the linter is far slower on one long document (28 s for the own
// map's 347 statements at once). The export writes one statement per line, its strings'
// newlines escaped; a line that is not a whole statement shows up as a syntax error.
const lines = readFileSync(process.argv[2], 'utf8').split('\n');
const found = [];
lines.forEach((text, i) => {
  if (text === '' || text.startsWith('//')) return;
  for (const d of lintCypherQuery(text, {}).diagnostics) {
    found.push({
      severity: d.severity === 1 ? 'error' : 'warning',
      message: d.message,
      line: i + 1,
      column: d.range.start.character + 1,
      text: text.slice(0, 200),
    });
  }
});
console.log(JSON.stringify(found, null, 1));
