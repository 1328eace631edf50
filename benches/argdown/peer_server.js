// The peer of benches/lsp.py: what Argdown's language server does on every change
// (packages/argdown-language-server/src/server-node.ts: `argdown.run({input, process:
// ["parse-input", "build-model"]})` on the document's whole text, then its parser errors are
// published), timed per simulated change in one warm node process.
//
//     node benches/argdown/peer_server.js MAP.argdown CHANGES
//
// Prints one JSON line: {"median_ms", "min_ms", "max_ms", "changes", "statements"}. Each change
// inserts or deletes one character in the first statement's text, as typing does.
'use strict';
const fs = require('fs');
const { argdown } = require('@argdown/node');

const [file, count = '20'] = process.argv.slice(2);
const text = fs.readFileSync(file, 'utf8');
const at = text.indexOf(']: ') + 3;
const run = (input) => argdown.run({ input, process: ['parse-input', 'build-model'], logLevel: 'error' });
const first = run(text);
for (let i = 0; i < 3; i++) run(text); // warm: the server has handled edits before
const times = [];
for (let i = 0; i < Number(count); i++) {
  const input = i % 2 === 0 ? text.slice(0, at) + 'x' + text.slice(at) : text;
  const start = process.hrtime.bigint();
  run(input);
  times.push(Number(process.hrtime.bigint() - start) / 1e6);
}
times.sort((a, b) => a - b);
console.log(JSON.stringify({
  median_ms: times[Math.floor(times.length / 2)],
  min_ms: times[0],
  max_ms: times[times.length - 1],
  changes: times.length,
  statements: Object.keys(first.statements || {}).length,
}));
