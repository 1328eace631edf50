// The Mermaid output through the real mermaid (the pinned npm package's browser bundle) in
// Debian's headless Chromium via playwright-core.
//
// Usage: node mermaid.mjs MMD_DIR
//   MMD_DIR holds NAME.mmd (`claimgraph render --format mermaid`), NAME.json (`--format json` of
//   the same map and selection: the claim texts the labels must show) and NAME.stderr (what
//   render printed). tests/e2e/run.sh makes them with the real binary.
//
// Mermaid does not parse the source it is given: it first runs regular expressions over the whole
// text (directives `%%{…}%%`, comments, its own `#…;` entity codes, a `style…:…#…;` rule), so a
// label that is fine for its grammar can still lose text. Only the real mermaid shows what a
// reader on GitHub sees, so each file must parse, render, and show every claim's text exactly
// (only the whitespace where claimgraph wraps with `<br/>` may differ).

import { chromium } from 'playwright-core';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const bundle = join(here, 'node_modules/mermaid/dist/mermaid.min.js');
const [dir] = process.argv.slice(2).map((p) => resolve(p));
if (!dir) {
  console.error('usage: node mermaid.mjs MMD_DIR');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
});
const page = await browser.newPage();
const trouble = [];
page.on('pageerror', (error) => trouble.push(`page error: ${error.message}`));
await page.route('**/*', (route) => {
  trouble.push(`network request: ${route.request().url()}`);
  return route.abort();
});
await page.setContent('<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>');
await page.addScriptTag({ path: bundle });
const version = await page.evaluate(() => {
  mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });
  return mermaid.mermaidAPI.getConfig().maxEdges + ' edges, ' + mermaid.mermaidAPI.getConfig().maxTextSize + ' characters';
});
console.log(`mermaid limits: ${version}`);

let failures = 0;
async function test(name, body) {
  const started = Date.now();
  try {
    await body();
    console.log(`ok    ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failures += 1;
    console.log(`FAIL  ${name}\n      ${String((error && error.stack) || error).split('\n').slice(0, 6).join('\n      ')}`);
  }
}
function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** Mermaid's parse: `null` when it accepts `text`, else its error message. */
const parseError = (text) =>
  page.evaluate(async (text) => {
    try {
      await mermaid.parse(text);
      return null;
    } catch (error) {
      return String(error.message || error);
    }
  }, text);

/**
 * Renders `text` and reads back every node: its element id, the lines of its label (split at
 * `<br>`, the `<small>` line apart) and the whole SVG's size. Rendering happens in the page, so
 * what is read is what the browser made of mermaid's SVG.
 */
const draw = (text) =>
  page.evaluate(async (text) => {
    const { svg } = await mermaid.render('m', text);
    const holder = document.createElement('div');
    holder.innerHTML = svg;
    document.body.replaceChildren(holder);
    const lines = (label) => {
      const out = [''];
      const walk = (node) => {
        for (const child of node.childNodes) {
          if (child.nodeName.toLowerCase() === 'br') out.push('');
          else if (child.nodeName.toLowerCase() === 'small') continue;
          else if (child.nodeType === Node.TEXT_NODE) out[out.length - 1] += child.textContent;
          else walk(child);
        }
      };
      walk(label);
      return out.filter((line) => line !== '');
    };
    const nodes = [...holder.querySelectorAll('g.node')].map((node) => {
      const label = node.querySelector('.nodeLabel') || node.querySelector('.label');
      return {
        id: node.id,
        lines: label ? lines(label) : [],
        small: label?.querySelector('small')?.textContent ?? null,
        tags: label ? [...label.querySelectorAll('*')].map((e) => e.nodeName.toLowerCase()) : [],
      };
    });
    const clusters = [...holder.querySelectorAll('g.cluster')].map((c) => ({
      id: c.id,
      text: c.querySelector('.nodeLabel, .cluster-label')?.textContent ?? '',
    }));
    return {
      nodes,
      clusters,
      edges: holder.querySelectorAll('.flowchart-link').length,
      text: holder.textContent,
      svg,
    };
  }, text);

/**
 * Whether `lines` are `text` wrapped: read in order, each line continues `text` exactly, and
 * between two lines there is at most the one space the wrap replaced by `<br/>` (a word split by
 * wrapping has none). An ellipsis ends a cut text.
 */
function wrapped(lines, text) {
  const want = text.replace(/\s+/g, ' ').trim();
  let at = 0;
  for (const [i, raw] of lines.entries()) {
    const line = raw.replace(/\s+/g, ' ');
    const last = i === lines.length - 1;
    const cut = last && line.endsWith('…') && !want.endsWith('…');
    const body = cut ? line.slice(0, -1) : line;
    if (want.startsWith(body, at)) at += body.length;
    else if (want[at] === ' ' && want.startsWith(body, at + 1)) at += body.length + 1;
    else return false;
    if (cut) return true;
  }
  return at === want.length;
}

/** `claim-<dom id>` as mermaid writes it inside its own element ids. */
const mermaidId = (elementId) => elementId.replaceAll('-', '__');

const names = readdirSync(dir).filter((f) => f.endsWith('.mmd')).map((f) => f.slice(0, -4)).sort();
check(names.length > 0, `no .mmd file in ${dir}`);
for (const name of names) {
  const text = readFileSync(join(dir, `${name}.mmd`), 'utf8');
  const stderr = existsSync(join(dir, `${name}.stderr`)) ? readFileSync(join(dir, `${name}.stderr`), 'utf8') : '';
  const json = existsSync(join(dir, `${name}.json`)) ? JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) : null;
  const warned = /^warning: mermaid will not draw/m.test(stderr);
  const edges = json ? json.edges.length + (text.match(/^ {2}evidence__\S+ (-->|-\.-x) /gm) || []).length : null;

  if (warned) {
    await test(`${name}: mermaid refuses what claimgraph warned about`, async () => {
      const error = await parseError(text);
      const long = text.length > 50000;
      check(error !== null || long, `claimgraph warned but mermaid accepts it: ${stderr}`);
      if (error) check(/Edge limit exceeded/.test(error), `the refusal is the edge limit: ${error}`);
      if (error) check(stderr.includes(`${edges} edges`), `the warning names the edge count ${edges}: ${stderr}`);
      if (long) check((await draw(text)).text.includes('Maximum text size in diagram exceeded'), 'mermaid draws its size notice');
      check(/help: .*--focus ID.*--tag TAG/.test(stderr), `the warning points at --focus and --tag: ${stderr}`);
    });
    continue;
  }

  await test(`${name}: mermaid parses it`, async () => {
    const error = await parseError(text);
    check(error === null, `mermaid.parse failed:\n${error}`);
  });
  if (!json) continue;
  await test(`${name}: every claim's label shows exactly the claim's text and id`, async () => {
    const drawn = await draw(text);
    check(!drawn.text.includes('Maximum text size'), 'mermaid drew its size notice instead of the map');
    const byId = new Map(drawn.nodes.map((n) => [n.id.replace(/^m-flowchart-/, '').replace(/-\d+$/, ''), n]));
    const problems = [];
    for (const claim of json.claims) {
      const node = byId.get(mermaidId(claim.element_id));
      if (!node) {
        problems.push(`${claim.id}: no node ${mermaidId(claim.element_id)}`);
        continue;
      }
      if (!wrapped(node.lines, claim.text)) problems.push(`${claim.id}: label ${JSON.stringify(node.lines)} is not ${JSON.stringify(claim.text)}`);
      if (!(node.small === claim.id || node.small?.startsWith(`${claim.id} · `))) problems.push(`${claim.id}: small line ${JSON.stringify(node.small)}`);
      const markup = node.tags.filter((t) => !['p', 'br', 'small', 'span', 'div'].includes(t));
      if (markup.length) problems.push(`${claim.id}: label has markup ${markup.join(', ')}`);
    }
    check(problems.length === 0, problems.join('\n'));
    check(drawn.edges === edges, `mermaid drew ${drawn.edges} edges, the map has ${edges}`);
  });
  await test(`${name}: no directive in a label changed mermaid's theme`, async () => {
    const drawn = await draw(text);
    // The default theme's node fill is #ECECFF (in the SVG's style sheet); dark and forest
    // have others, so a label's `%%{init: {"theme":…}}%%` taking effect shows here.
    check(/#ECECFF/i.test(drawn.svg), 'a theme from a label was applied');
  });
}

await test('mermaid refuses a flowchart over 500 edges and accepts 500 (the limit claimgraph warns at)', async () => {
  const chart = (n) => `flowchart TB\n${Array.from({ length: n }, (_, i) => `  a${i} --> a${i + 1}`).join('\n')}\n`;
  check((await parseError(chart(500))) === null, '500 edges parse');
  const error = await parseError(chart(501));
  check(/Edge limit exceeded\. 500 edges found, but the limit is 500/.test(error || ''), `501 edges: ${error}`);
});

await browser.close();
if (trouble.length) {
  failures += 1;
  console.log(`FAIL  the page stayed quiet\n      ${trouble.join('\n      ')}`);
}
console.log(`\nmermaid: ${failures ? failures + ' failed' : 'all passed'}`);
process.exit(failures ? 1 : 0);
