// Interactive-page benchmark: drives headless Chromium over claimgraph's HTML pages and prints a
// Markdown table (page size, load, click → panel, search per keystroke, wheel zoom). A script,
// not a test: nothing here asserts a time. benches/page.sh makes the pages and runs it.
//
//   node benches/page.mjs NAME=PAGE.html [NAME=PAGE.html...]
//   CLICKS=10 ZOOMS=5 TIMEOUT_MS=20000 node benches/page.mjs own=out/map.html
//
// playwright-core comes from tests/e2e's lockfile (tests/e2e/node_modules; `npm ci` there), and
// the browser is Debian's /usr/bin/chromium (or CHROMIUM); nothing downloads a browser.
//
// What each column measures, all inside the page with performance.now() (origin: navigation
// start), "painted" meaning the first requestAnimationFrame after the change plus a macrotask
// (the frame has then been produced):
// - load: navigation start → `data-cg-ready` set on <html> (the script has wired the page),
//   then painted.
// - click: the click event's timeStamp → the panel shows the clicked claim, painted. Median
//   (and max) of CLICKS clicks on different claims visible in the drawing, with Escape between.
// - search: each keystroke's keydown timeStamp → its `input` handled (the filter ran; the
//   page's own listener runs first), painted. Median (and max) over the letters of a word typed
//   into the search box.
// - zoom: ZOOMS wheel events over the drawing, sent back to back: first wheel → the frame after
//   the last one is handled; frame times are requestAnimationFrame deltas over that span.

import { createRequire } from 'node:module';
import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'tests/e2e/package.json'));
let chromium;
try {
  ({ chromium } = require('playwright-core'));
} catch (e) {
  console.error('playwright-core is not installed: (cd tests/e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci)');
  process.exit(2);
}

const CLICKS = Number(process.env.CLICKS || 10);
const ZOOMS = Number(process.env.ZOOMS || 5);
const TIMEOUT_MS = Number(process.env.TIMEOUT_MS || 20000);
const WORD = process.env.WORD || 'sanctions';
const PAN_STEPS = Number(process.env.PAN_STEPS || 30);

const pages = process.argv.slice(2).map((arg) => {
  const at = arg.indexOf('=');
  return at > 0 ? { name: arg.slice(0, at), file: resolve(arg.slice(at + 1)) } : { name: arg, file: resolve(arg) };
});
if (!pages.length) {
  console.error('usage: node benches/page.mjs NAME=PAGE.html [NAME=PAGE.html...]');
  process.exit(2);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});

function median(xs) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
const ms = (x) => (Number.isFinite(x) ? `${Math.round(x)}` : '–');
const kb = (b) => (b >= 1e6 ? `${(b / 1e6).toFixed(1)} MB` : `${Math.round(b / 1e3)} KB`);
/** Races a promise against the timeout; a timeout is reported, not thrown. */
async function within(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: over ${TIMEOUT_MS} ms`)), TIMEOUT_MS); });
  try { return await Promise.race([promise, timeout]); } finally { clearTimeout(timer); }
}

// Installed before the page's own script: records when `data-cg-ready` appears, painted.
const INIT = () => {
  const painted = (f) => requestAnimationFrame(() => setTimeout(f, 0));
  window.__cg = { ready: null, readyPainted: null };
  new MutationObserver((_, obs) => {
    if (document.documentElement.hasAttribute('data-cg-ready') && window.__cg.ready === null) {
      window.__cg.ready = performance.now();
      obs.disconnect();
      painted(() => { window.__cg.readyPainted = performance.now(); });
    }
    // <html> does not exist yet when this runs: watch the document.
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-cg-ready'] });
};

/** Frame times of a drag across the drawing: PAN_STEPS pointer moves of 12 px, one per frame
 * as a hand makes them; requestAnimationFrame deltas from the first move to the frame after
 * the last. */
async function panFrames(page, d) {
  await page.evaluate(() => {
    window.__cg.pan = { frames: [], done: false };
    const tick = (t) => {
      const p = window.__cg.pan;
      p.frames.push(t);
      if (!p.done) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  const startX = d.x + 150, startY = d.y;
  await page.mouse.move(startX, startY);
  await page.mouse.down();
  for (let i = 1; i <= PAN_STEPS; i++) {
    await page.mouse.move(startX - 12 * i, startY - 3 * i);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
  }
  await page.mouse.up();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(() => { window.__cg.pan.done = true; r(); }, 0))));
  const frames = await page.evaluate(() => window.__cg.pan.frames);
  const deltas = frames.slice(1).map((t, i) => t - frames[i]);
  return { frames: deltas.length, medianFrame: median(deltas), p95: deltas.length ? [...deltas].sort((a, b) => a - b)[Math.floor(deltas.length * 0.95)] : NaN };
}

async function measurePage({ name, file }) {
  const row = { name, size: statSync(file).size, notes: [] };
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  await context.addInitScript(INIT);
  const page = await context.newPage();
  page.on('pageerror', (e) => row.notes.push(`page error: ${e.message}`));
  try {
    const started = Date.now();
    await within(page.goto(pathToFileURL(file).href, { waitUntil: 'commit' }), 'navigation');
    await within(page.waitForFunction(() => window.__cg && window.__cg.readyPainted !== null, null, { timeout: 0, polling: 50 }), 'load');
    row.loadWall = Date.now() - started;
    row.load = await page.evaluate(() => window.__cg.readyPainted);
    // The SVG page has one element per claim; the canvas page names the claims in view only,
    // so its count comes from the header.
    row.drawing = await page.evaluate(() => (document.querySelector('#cg-diagram > svg') ? 'svg' : 'canvas'));
    row.claims = await page.evaluate(() => {
      const n = document.querySelectorAll('svg g.cg-claim').length;
      if (n) return n;
      const m = /([\d,]+) claims/.exec(document.getElementById('cg-header').textContent);
      return m ? Number(m[1].replace(/,/g, '')) : 0;
    });
    // A canvas page that opens far out has no claim to click: zoom in as a reader would (+).
    if (row.drawing === 'canvas') {
      await page.focus('#cg-diagram');
      for (let i = 0; i < 20 && !(await page.evaluate(() => document.querySelectorAll('.cg-hot').length)); i++) {
        await page.keyboard.press('+');
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
      }
    }

    // Clicks on claims visible in the drawing, different ones, spread over what is visible.
    row.clicks = [];
    const clicked = new Set();
    for (let i = 0, tries = 0; i < CLICKS && tries < 3 * CLICKS; tries++) {
      const target = await page.evaluate(({ i, done }) => {
        const d = document.getElementById('cg-diagram').getBoundingClientRect();
        const seen = [];
        document.querySelectorAll('svg g.cg-claim, .cg-hot').forEach((g) => {
          const id = g.getAttribute('data-claim') || g.id.replace(/^claim-/, '');
          if (done.includes(id)) return;
          const r = g.getBoundingClientRect();
          const x = r.left + r.width / 2, y = r.top + r.height / 2;
          if (!(x > d.left + 5 && x < d.right - 5 && y > d.top + 5 && y < d.bottom - 5 && r.width > 8)) return;
          // Not under the pinned legend, the overview or the zoom buttons.
          const hit = document.elementFromPoint(x, y);
          if (hit && hit.closest && hit.closest('g.cg-claim, .cg-hot') === g) seen.push({ id, x, y });
        });
        if (!seen.length) return null;
        return seen[Math.floor(((i * 7919) % 997) / 997 * seen.length)];
      }, { i, done: [...clicked] });
      if (!target) { row.notes.push(`no visible claim for click ${i + 1}`); break; }
      clicked.add(target.id);
      await page.evaluate((id) => {
        window.__cg.click = null;
        const panel = document.getElementById('cg-panel');
        document.addEventListener('click', (e) => {
          const start = e.timeStamp;
          // The view moved under the pointer (a resize settling): a miss, tried again.
          const hit = e.target.closest && e.target.closest('g.cg-claim, .cg-hot');
          if (!hit || (hit.getAttribute('data-claim') || hit.id.replace(/^claim-/, '')) !== id) { window.__cg.click = -1; return; }
          const wait = () => {
            const code = panel.querySelector('.cg-id code');
            if (!panel.hidden && code && code.textContent === id) {
              requestAnimationFrame(() => setTimeout(() => { window.__cg.click = performance.now() - start; }, 0));
            } else requestAnimationFrame(wait);
          };
          wait();
        }, { capture: true, once: true });
      }, target.id);
      await page.mouse.click(target.x, target.y);
      try {
        await within(page.waitForFunction(() => window.__cg.click !== null, null, { timeout: 0, polling: 20 }), 'click → panel');
      } catch (e) {
        row.notes.push(e.message);
        break;
      }
      const took = await page.evaluate(() => window.__cg.click);
      if (took >= 0) {
        row.clicks.push(took);
        i++;
      }
      await page.keyboard.press('Escape');
      // Let the drawing settle into the box the closed panel leaves.
      await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 300))));
    }

    // Search: one keystroke at a time, each timed from its keydown to its filtered result.
    row.keys = [];
    await page.evaluate(() => {
      const input = document.getElementById('cg-search');
      window.__cg.keys = [];
      let start = null;
      input.addEventListener('keydown', (e) => { start = e.timeStamp; }, true);
      input.addEventListener('input', () => {
        const s = start;
        requestAnimationFrame(() => setTimeout(() => { window.__cg.keys.push(performance.now() - s); }, 0));
      });
    });
    await page.focus('#cg-search');
    for (let i = 0; i < WORD.length; i++) {
      await page.keyboard.type(WORD[i]);
      try {
        await within(page.waitForFunction((n) => window.__cg.keys.length >= n, i + 1, { timeout: 0, polling: 20 }), 'search keystroke');
      } catch (e) {
        row.notes.push(e.message);
        break;
      }
    }
    row.keys = await page.evaluate(() => window.__cg.keys);
    row.matches = await page.evaluate(() => document.getElementById('cg-count').textContent);
    await page.fill('#cg-search', '');
    await page.keyboard.press('Escape');

    // Wheel zooms over the middle of the drawing, with a frame recorder running.
    const d = await page.evaluate(() => {
      const r = document.getElementById('cg-diagram').getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    await page.mouse.move(d.x, d.y);
    await page.evaluate((zooms) => {
      const svg = document.getElementById('cg-diagram');
      window.__cg.zoom = { frames: [], wheels: 0, first: null, done: null };
      svg.addEventListener('wheel', (e) => {
        const z = window.__cg.zoom;
        if (z.first === null) z.first = e.timeStamp;
        z.wheels += 1;
        if (z.wheels === zooms) requestAnimationFrame(() => setTimeout(() => { z.done = performance.now(); }, 0));
      });
      const tick = (t) => {
        const z = window.__cg.zoom;
        if (z.first !== null) z.frames.push(t);
        if (z.done === null) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    }, ZOOMS);
    const zoomWall = Date.now();
    for (let i = 0; i < ZOOMS; i++) await page.mouse.wheel(0, i % 2 ? 120 : -240);
    try {
      await within(page.waitForFunction(() => window.__cg.zoom.done !== null, null, { timeout: 0, polling: 20 }), 'zoom');
      const z = await page.evaluate(() => window.__cg.zoom);
      const deltas = z.frames.slice(1).map((t, i) => t - z.frames[i]);
      row.zoom = { total: z.done - z.first, frames: deltas.length, medianFrame: median(deltas), maxFrame: Math.max(0, ...deltas) };
      row.zoomWall = Date.now() - zoomWall;
    } catch (e) {
      row.notes.push(e.message);
    }
    row.pan = await panFrames(page, d);
    // The same drag over the whole map (Fit, 0): on a canvas page its clusters, on an SVG page
    // as much as stays legible.
    await page.focus('#cg-diagram');
    await page.keyboard.press('0');
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 300))));
    row.panWhole = await panFrames(page, d);
    // And zoomed in 1.25^6 = 3.8× from there (a canvas page's middle level: boxes without text).
    await page.keyboard.press('0');
    for (let i = 0; i < 6; i++) await page.keyboard.press('+');
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 300))));
    row.panMid = await panFrames(page, d);
  } catch (e) {
    row.notes.push(e.message);
  }
  await context.close().catch(() => {});
  return row;
}

const rows = [];
for (const p of pages) {
  const row = await measurePage(p);
  rows.push(row);
  console.error(`${p.name}: done`);
}
await browser.close();

console.log(`chromium ${browser.version()}; viewport 1280×800; ${CLICKS} clicks, search "${WORD}", ${ZOOMS} wheel zooms`);
console.log();
console.log('| page | drawing | claims | size | load ms | click → panel ms, median (max) | search ms/keystroke, median (max) | zoom: total ms, frames, median (max) frame ms, fps | pan: frame ms median (p95), fps | pan after Fit (0) | pan 3.8× in from Fit | notes |');
console.log('|---|---|---:|---:|---:|---:|---:|---|---|---|---|---|');
for (const r of rows) {
  const click = r.clicks && r.clicks.length ? `${ms(median(r.clicks))} (${ms(Math.max(...r.clicks))}) ×${r.clicks.length}` : '–';
  const keys = r.keys && r.keys.length ? `${ms(median(r.keys))} (${ms(Math.max(...r.keys))}) ×${r.keys.length}` : '–';
  const zoom = r.zoom
    ? `${ms(r.zoom.total)}, ${r.zoom.frames}, ${ms(r.zoom.medianFrame)} (${ms(r.zoom.maxFrame)}), ${r.zoom.frames && r.zoom.total ? (r.zoom.frames * 1000 / r.zoom.total).toFixed(0) : '–'}`
    : '–';
  const notes = [...(r.matches ? [`search: ${r.matches}`] : []), ...r.notes].join('; ').replace(/\|/g, '\\|');
  const panOf = (p) => (p ? `${ms(p.medianFrame)} (${ms(p.p95)}), ${(1000 / p.medianFrame).toFixed(0)}` : '–');
  console.log(`| ${r.name} | ${r.drawing ?? '–'} | ${r.claims ?? '–'} | ${kb(r.size)} | ${ms(r.load)} | ${click} | ${keys} | ${zoom} | ${panOf(r.pan)} | ${panOf(r.panWhole)} | ${panOf(r.panMid)} | ${notes} |`);
}
