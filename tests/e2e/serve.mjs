// Browser end-to-end test of `claimgraph serve`, in Debian's headless Chromium via playwright-core.
//
// Usage: node serve.mjs CLAIMGRAPH_BIN FIXTURE_DIR SHOTS_DIR
//   Copies FIXTURE_DIR (a claims.yaml and its corpus/) to a scratch folder, starts
//   `claimgraph serve --port 0` on it, opens the page, and edits the map on disk: the page must
//   follow without a reload, with the open claim, the zoom and the search kept; a broken map
//   must show its error over the last good drawing; a stopped server must be reported.

import { chromium } from 'playwright-core';
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const [bin, fixture, shotsDir] = process.argv.slice(2).map((p) => p && resolve(p));
if (!bin || !fixture || !shotsDir) {
  console.error('usage: node serve.mjs CLAIMGRAPH_BIN FIXTURE_DIR SHOTS_DIR');
  process.exit(2);
}
mkdirSync(shotsDir, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'claimgraph-serve-'));
cpSync(fixture, work, { recursive: true });
const mapFile = join(work, 'claims.yaml');
const original = readFileSync(mapFile, 'utf8');

let failures = 0;
let passed = 0;
function check(condition, message) {
  if (!condition) throw new Error(message);
}
function equal(actual, expected, message) {
  if (JSON.stringify(actual) !== JSON.stringify(expected)) {
    throw new Error(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}

/** Starts `claimgraph serve` and resolves with its URL (the first line on stdout). */
function startServer(map = mapFile, extra = []) {
  const child = spawn(bin, ['serve', map, '--port', '0', ...extra], { cwd: dirname(map), stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stderr.on('data', (chunk) => { log += chunk; });
  const url = new Promise((resolveUrl, reject) => {
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      const line = out.split('\n')[0];
      if (out.includes('\n')) resolveUrl(line.trim());
    });
    child.on('exit', (code) => reject(new Error(`serve exited (${code}) before printing its URL: ${log}`)));
    setTimeout(() => reject(new Error(`serve printed no URL within 60 s: ${log}`)), 60000);
  });
  return { child, url, log: () => log };
}

const server = startServer();
const url = await server.url;
const origin = new URL(url).origin;
check(/^http:\/\/127\.0\.0\.1:\d+\/$/.test(url), `the URL is on 127.0.0.1: ${url}`);

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});
// bypassCSP only so that axe-core's script can be added; the page's own policy is checked by
// the Rust tests (tests/cli/serve.rs) and by the offline e2e test.
const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce', bypassCSP: true });
const page = await context.newPage();
const trouble = [];
const requests = [];
page.on('request', (request) => {
  requests.push(request.url());
  if (!request.url().startsWith(origin + '/')) trouble.push(`request to another origin: ${request.url()}`);
});
page.on('pageerror', (error) => trouble.push(`page error: ${error.message}`));
page.on('dialog', (dialog) => { trouble.push(`dialog: ${dialog.message()}`); dialog.dismiss().catch(() => {}); });
page.on('console', (message) => {
  // The lost connection at the end is reported by Chromium itself as a console error.
  if (message.type() === 'error' && !server.child.killed) trouble.push(`console error: ${message.text()}`);
});

async function test(name, body) {
  const started = Date.now();
  try {
    await body();
    passed += 1;
    console.log(`ok    ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failures += 1;
    console.log(`FAIL  ${name}\n      ${String(error && error.stack || error).split('\n').slice(0, 4).join('\n      ')}`);
    console.log(`      serve said:\n      ${server.log().trim().split('\n').join('\n      ')}`);
  }
}
const viewBox = () => page.evaluate(() => document.querySelector('#cg-diagram svg').getAttribute('viewBox').split(' ').map(Number));
const version = () => page.evaluate(() => document.documentElement.getAttribute('data-cg-version'));
const axeScript = join(dirname(fileURLToPath(import.meta.url)), 'node_modules/axe-core/axe.min.js');
async function axeViolations() {
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.addScriptTag({ path: axeScript });
  return page.evaluate(async () => {
    const result = await window.axe.run(document);
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, count: v.nodes.length, targets: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
}

const OLD = 'The Harbour Road cycle lanes should stay.';
const NEW = 'The Harbour Road cycle lanes should stay, edited live.';

await test('serve: a save of the map shows in place, without a reload, with the panel, the zoom and the search kept', async () => {
  await page.goto(url);
  await page.waitForSelector('html[data-cg-ready]', { timeout: 10000 });
  await page.waitForFunction(() => /^live:/.test(document.getElementById('cg-live').textContent), null, { timeout: 5000 });
  await page.evaluate(() => { window.cgMarker = 'same document'; });
  const before = await version();
  // A claim open, the search typed, the view zoomed in.
  await page.locator('[id="claim-keep-lanes"]').click();
  await page.waitForFunction(() => !document.getElementById('cg-panel').hidden, null, { timeout: 5000 });
  equal(await page.locator('#cg-panel h2').textContent(), OLD, 'the panel shows the claim');
  await page.locator('#cg-search').fill('lanes');
  await page.locator('.cg-zoom button[aria-label="Zoom in"]').click();
  await page.waitForTimeout(200);
  const zoomed = await viewBox();
  const count = await page.locator('#cg-count').textContent();

  writeFileSync(mapFile, original.replace(OLD, NEW));
  await page.waitForFunction((text) => {
    const h2 = document.querySelector('#cg-panel h2');
    return h2 && h2.textContent === text;
  }, NEW, { timeout: 5000 }).catch(() => {});
  equal(await page.evaluate(() => [document.querySelector('#cg-panel h2').textContent, document.getElementById('cg-live').textContent]),
    [NEW, 'live: the drawing follows the map as it is saved'], 'the panel shows the new text');
  check((await version()) !== before, 'the page took a new version');
  equal(await page.evaluate(() => window.cgMarker), 'same document', 'no reload: the window is the same');
  equal(await page.evaluate(() => performance.getEntriesByType('navigation').length), 1, 'one navigation');
  equal(await page.evaluate(() => document.getElementById('cg-panel').hidden), false, 'the panel is still open');
  equal(await page.evaluate(() => decodeURIComponent(location.hash.slice(1))), 'keep-lanes', 'the deep link still names the claim');
  const drawn = await page.locator('[id="claim-keep-lanes"]').evaluate((g) => Array.from(g.querySelectorAll('text')).map((t) => t.textContent).join(' '));
  check(drawn.includes('edited') && drawn.includes('live.'), `the drawing shows the new text: ${drawn}`);
  check(await page.locator('[id="claim-keep-lanes"]').evaluate((g) => g.classList.contains('cg-selected')), 'the open claim is still marked in the new drawing');
  const after = await viewBox();
  check(after.every((v, i) => Math.abs(v - zoomed[i]) < 1e-6 * Math.max(1, Math.abs(v))), `the view is kept: ${zoomed} -> ${after}`);
  equal(await page.locator('#cg-search').inputValue(), 'lanes', 'the search words are kept');
  equal(await page.locator('#cg-count').textContent(), count, 'the search still filters');
  // The new drawing answers clicks: another claim opens (dispatched: it may be out of the
  // zoomed view).
  await page.locator('[id="claim-more-cycling"]').dispatchEvent('click');
  await page.waitForFunction(() => decodeURIComponent(location.hash.slice(1)) === 'more-cycling', null, { timeout: 5000 });
  await page.locator('[id="claim-keep-lanes"]').dispatchEvent('click');
  await page.waitForFunction((text) => document.querySelector('#cg-panel h2').textContent === text, NEW, { timeout: 5000 });
  await page.screenshot({ path: join(shotsDir, 'serve-updated.png') });
  const served = requests.filter((r) => r.startsWith(origin)).map((r) => new URL(r).pathname);
  check(served.every((p) => p === '/' || p === '/events'), `only / and /events are requested: ${served}`);
});

await test('serve: a check error is drawn and listed in the header, its finding opens its claim', async () => {
  writeFileSync(mapFile, original.replace(OLD, NEW).replace('source: council-report', 'source: council-reprot'));
  await page.waitForSelector('#cg-findings', { state: 'attached', timeout: 5000 });
  await page.locator('#cg-status > summary').click();
  const finding = page.locator('#cg-findings a[href="#keep-lanes"]');
  check((await finding.count()) > 0, 'the finding links to its claim');
  await page.locator('[id="claim-more-cycling"]').dispatchEvent('click');
  await page.waitForFunction(() => decodeURIComponent(location.hash.slice(1)) === 'more-cycling', null, { timeout: 5000 });
  await finding.first().click();
  await page.waitForFunction(() => decodeURIComponent(location.hash.slice(1)) === 'keep-lanes' && document.querySelector('#cg-panel .cg-id code').textContent === 'keep-lanes', null, { timeout: 5000 });
  check((await page.locator('#cg-panel .cg-claim-findings').textContent()).includes('unknown-source'), 'the panel lists the finding');
});

await test('serve: a map that does not parse keeps the last drawing with the error on top; axe-core finds nothing', async () => {
  const before = await version();
  writeFileSync(mapFile, original.replace(OLD, NEW).replace('claims:', 'claims: ['));
  await page.waitForSelector('#cg-problem:not([hidden])', { timeout: 5000 });
  const problem = await page.locator('#cg-problem').textContent();
  check(problem.includes('does not load') && problem.includes('yaml-syntax'), `the error is shown: ${problem}`);
  equal(await version(), before, 'the drawing is the last good one');
  check((await page.locator('[id="claim-keep-lanes"]').count()) === 1, 'the drawing is still there');
  equal(await page.evaluate(() => document.getElementById('cg-panel').hidden), false, 'the panel is still open');
  await page.screenshot({ path: join(shotsDir, 'serve-problem.png') });
  const found = await axeViolations();
  equal(found, [], 'axe-core violations on the served page (panel open, error shown)');
  writeFileSync(mapFile, original);
  await page.waitForSelector('#cg-problem[hidden]', { state: 'attached', timeout: 5000 });
  await page.waitForFunction((text) => document.querySelector('#cg-panel h2').textContent === text, OLD, { timeout: 5000 });
  equal(await page.evaluate(() => window.cgMarker), 'same document', 'still no reload');
});

await test('serve: a map drawn on a canvas (big maps) loads again on a save, with its claim still open', async () => {
  const canvasWork = mkdtempSync(join(tmpdir(), 'claimgraph-serve-canvas-'));
  cpSync(fixture, canvasWork, { recursive: true });
  const canvasMap = join(canvasWork, 'claims.yaml');
  const other = startServer(canvasMap, ['--drawing', 'canvas']);
  try {
    const address = await other.url;
    const p = await context.newPage();
    p.on('pageerror', (error) => trouble.push(`canvas page error: ${error.message}`));
    await p.goto(address + '#keep-lanes');
    await p.waitForSelector('html[data-cg-ready]', { timeout: 10000 });
    check(await p.locator('#cg-canvas').count() === 1, 'the page draws on a canvas');
    await p.waitForFunction(() => /^live:/.test(document.getElementById('cg-live').textContent), null, { timeout: 5000 });
    equal(await p.locator('#cg-panel h2').textContent(), OLD, 'the claim named in the URL is open');
    await p.evaluate(() => { window.cgMarker = 'before the save'; });
    writeFileSync(canvasMap, original.replace(OLD, NEW));
    await p.waitForFunction((text) => {
      const h2 = document.querySelector('#cg-panel h2');
      return h2 && h2.textContent === text;
    }, NEW, { timeout: 15000 });
    equal(await p.evaluate(() => window.cgMarker), undefined, 'the page was loaded again');
    equal(decodeURIComponent(await p.evaluate(() => location.hash)), '#keep-lanes', 'the URL keeps the open claim');
    await p.close();
  } finally {
    other.child.kill('SIGTERM');
    rmSync(canvasWork, { recursive: true, force: true });
  }
});

await test('serve: a stopped server is reported as a lost connection', async () => {
  server.child.kill('SIGTERM');
  await page.waitForFunction(() => /connection lost/.test(document.getElementById('cg-live').textContent), null, { timeout: 10000 });
  equal(await page.locator('#cg-live').getAttribute('role'), 'status', 'the connection state is a status');
  check(await page.locator('#cg-live').isVisible(), 'and it is visible');
  equal(await page.evaluate(() => window.cgMarker), 'same document', 'the page stays, with its drawing');
  check((await page.locator('[id="claim-keep-lanes"]').count()) === 1, 'the drawing is still there');
  await page.screenshot({ path: join(shotsDir, 'serve-lost.png') });
});

await test('serve: nothing went wrong in the page', async () => {
  equal(trouble, [], 'page errors, dialogs, console errors, requests elsewhere');
  check(!/panicked/.test(server.log()), `serve did not panic: ${server.log()}`);
  const code = server.child.exitCode;
  check(code !== 101, 'serve never exits 101 (a panic)');
});

await browser.close();
if (!server.child.killed) server.child.kill('SIGTERM');
rmSync(work, { recursive: true, force: true });
console.log(`\nserve: ${passed} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
